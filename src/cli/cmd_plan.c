/* relance plan: payment plans agreed with a debtor (DESIGN.md §1, §4). A
 * plan splits the balance of some of a customer's invoices into
 * instalments (core/plan.h); its invoices are paused (reason "plan") while
 * it is open; the daily run judges it and resumes them when it is
 * breached. create and cancel are engine/plans.h's work (checks, writes
 * and journal entries, in one transaction); this file parses the command
 * line, calls it and prints the result, and shows and lists plans. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "relance/core/limits.h"
#include "relance/core/plan.h"
#include "relance/engine/plans.h"
#include "relance/store/plan.h"
#include "commands.h"

const char usage_plan[] =
	"usage: relance plan create --customer ID --instalments N --every DAYS [--first D]\n"
	"                           [--grace DAYS] [--invoices F1,F2,...] [--note TEXT]\n"
	"       relance plan show PLAN|--customer ID [--format table|csv|json]\n"
	"       relance plan cancel PLAN --reason TEXT\n"
	"       relance plan list [--customer ID] [--status S] [--format table|csv|json]\n"
	"\n"
	"A payment plan splits what a customer owes on some invoices into N\n"
	"instalments, DAYS days apart. The amounts are equal; the cents left over\n"
	"go on the first one. While the plan is open its invoices are paused: the\n"
	"run sends them no step. Payments on them count toward the instalments in\n"
	"order (paying early or more counts for the next ones). The daily run\n"
	"judges every open plan: completed when everything is paid; breached when\n"
	"an instalment is not paid by its day plus the grace days, and then the\n"
	"dunning of its invoices resumes where it stood, in that same run.\n"
	"An invoice is in at most one open plan.\n"
	"\n"
	"create: by default the plan covers each open invoice of the customer that\n"
	"is not disputed, handed off, paused by hand or in another plan. 'show' lists the\n"
	"schedule: each instalment's day, amount, what is paid of it, and its state\n"
	"(paid, due, late: within its grace, breached). 'cancel' ends an open plan\n"
	"by hand: its invoices resume at the next run.\n"
	"\n"
	"options:\n"
	"  --customer ID       the customer (create; show and list: its plans)\n"
	"  --instalments N     how many instalments, 1 to 120 (create)\n"
	"  --every DAYS        days between two instalments, 1 to 366 (create)\n"
	"  --first D           the first instalment's day, today or later\n"
	"                      (default: today + DAYS)\n"
	"  --grace DAYS        an instalment may be paid up to DAYS days after its\n"
	"                      day; the first run after that finds the plan breached\n"
	"                      (default 7, 0 to 366)\n"
	"  --invoices LIST     the invoices covered, comma-separated (default: see above)\n"
	"  --note TEXT         details, for the record (create)\n"
	"  --reason TEXT       why it is cancelled (cancel, required)\n"
	"  --status S          open, completed, breached or cancelled (list)\n"
	"  --format F          table (default), csv or json (show, list)\n";

/* The command line, once parsed. */
struct args {
	const char *verb;
	const char *plan; /* PLAN */
	const char *customer, *invoices, *note, *reason;
	long instalments, every, grace;
	rl_date first;
	int status; /* an enum rl_plan_status, -1: all */
	enum out_format fmt;
	bool has_format;
};

/* --invoices, split at its commas. */
struct invoice_list {
	char *buf;      /* the option's value, its commas made NULs */
	const char **v; /* n items, into buf */
	size_t n;
};

/* --- arguments --------------------------------------------------------------------- */

static int parse(int argc, char **argv, struct args *a)
{
	static const struct option opts[] = {
		{ "customer", required_argument, NULL, 'c' },
		{ "instalments", required_argument, NULL, 'N' },
		{ "every", required_argument, NULL, 'e' },
		{ "first", required_argument, NULL, '1' },
		{ "grace", required_argument, NULL, 'g' },
		{ "invoices", required_argument, NULL, 'i' },
		{ "note", required_argument, NULL, 'n' },
		{ "reason", required_argument, NULL, 'r' },
		{ "status", required_argument, NULL, 's' },
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	enum rl_plan_status st;
	int c, rc;

	memset(a, 0, sizeof(*a));
	a->first = RL_DATE_NONE;
	a->grace = -1;
	a->status = -1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		rc = 0;
		switch (c) {
		case 'c':
			a->customer = optarg;
			break;
		case 'N':
			rc = cli_parse_long("plan", "--instalments", optarg, 1,
					    RL_PLAN_MAX_INSTALMENTS, &a->instalments);
			break;
		case 'e':
			rc = cli_parse_long("plan", "--every", optarg, 1, RL_PLAN_MAX_EVERY_DAYS,
					    &a->every);
			break;
		case 'g':
			rc = cli_parse_long("plan", "--grace", optarg, 0, RL_PLAN_MAX_GRACE_DAYS,
					    &a->grace);
			break;
		case '1':
			rc = cli_parse_date("plan", "--first", optarg, &a->first);
			break;
		case 'i':
			a->invoices = optarg;
			break;
		case 'n':
			a->note = optarg;
			break;
		case 'r':
			a->reason = optarg;
			break;
		case 's':
			if (rl_plan_status_parse(optarg, &st))
				rc = cli_usage_error("plan",
						     "--status: '%s' is not open, completed, "
						     "breached or cancelled",
						     optarg);
			else
				a->status = (int)st;
			break;
		case 'f':
			rc = cli_parse_format("plan", optarg, &a->fmt);
			a->has_format = true;
			break;
		default:
			rc = cli_bad_option("plan", argv);
		}
		if (rc)
			return rc;
	}
	if (optind >= argc)
		return cli_usage_error("plan", "what? create, show, cancel or list");
	a->verb = argv[optind++];
	if (optind < argc && (strcmp(a->verb, "show") == 0 || strcmp(a->verb, "cancel") == 0))
		a->plan = argv[optind++];
	if (optind < argc)
		return cli_usage_error("plan", "unexpected argument '%s'", argv[optind]);
	if ((rc = cli_check_text("plan", "--note", a->note, false)))
		return rc;
	return cli_check_text("plan", "--reason", a->reason, false);
}

/* Options that belong to other verbs are refused rather than ignored. */
static int only(const struct args *a, bool customer, bool create, bool reason, bool status,
		bool format)
{
	const char *extra = !customer && a->customer              ? "--customer"
			    : !create && a->instalments           ? "--instalments"
			    : !create && a->every                 ? "--every"
			    : !create && a->first != RL_DATE_NONE ? "--first"
			    : !create && a->grace >= 0            ? "--grace"
			    : !create && a->invoices              ? "--invoices"
			    : !create && a->note                  ? "--note"
			    : !reason && a->reason                ? "--reason"
			    : !status && a->status >= 0           ? "--status"
			    : !format && a->has_format            ? "--format"
								  : NULL;

	if (extra)
		return cli_usage_error("plan", "%s does not go with 'plan %s'", extra, a->verb);
	return 0;
}

static int parse_plan_id(const char *s, int64_t *id)
{
	long v = 0;
	int rc;

	if ((rc = cli_parse_long("plan", "PLAN", s, 1, 2147483647L, &v)))
		return rc;
	*id = v;
	return 0;
}

/* Splits --invoices into l (released by the caller even on failure) and
 * checks it: no empty item, none too long, none named twice. */
static int split_invoices(const char *list, struct invoice_list *l)
{
	size_t len = strlen(list), cap = 1;

	memset(l, 0, sizeof(*l));
	for (const char *c = list; (c = strchr(c, ',')); c++)
		cap++;
	if (!(l->buf = malloc(len + 1)) || !(l->v = calloc(cap, sizeof(*l->v)))) {
		cli_errorf("out of memory");
		return EXIT_FAIL;
	}
	memcpy(l->buf, list, len + 1);
	for (char *p = l->buf; p;) {
		char *comma = strchr(p, ',');

		if (comma)
			*comma = '\0';
		l->v[l->n++] = p;
		p = comma ? comma + 1 : NULL;
	}
	for (size_t i = 0; i < l->n; i++) {
		if (!l->v[i][0])
			return cli_usage_error("plan", "--invoices: an empty invoice number");
		if (strlen(l->v[i]) > RL_MAX_ID)
			return cli_usage_error("plan", "--invoices: a number longer than %d bytes",
					       RL_MAX_ID);
		for (size_t j = i + 1; j < l->n; j++)
			if (strcmp(l->v[i], l->v[j]) == 0)
				return cli_usage_error("plan", "--invoices: '%s' is named twice",
						       l->v[i]);
	}
	return 0;
}

static void invoice_list_release(struct invoice_list *l)
{
	free(l->buf);
	free(l->v);
}

/* Fills by with the invocation's ledger, today, actor and time; at and
 * actor are the caller's buffers. */
static void plan_actor(const struct cli *cli, struct rl_plan_actor *by, char at[64], char actor[80])
{
	cli_now_utc(at);
	actor_name(actor);
	by->creditor = cli->creditor;
	by->creditor_code = cli->creditor_code;
	by->today = cli->today;
	by->actor = actor;
	by->at = at;
}

/* --- create ------------------------------------------------------------------------- */

static void say_left_out(void *ctx, const char *number, const char *why)
{
	(void)ctx;
	fprintf(stderr, "relance: invoice '%s' left out: it %s\n", number, why);
}

static const struct out_col schedule_cols[] = {
	{ "instalment", OUT_INT },
	{ "due_date", OUT_DATE },
	{ "currency", OUT_STR },
	{ "amount", OUT_MONEY },
};

static void print_created(struct cli *cli, const struct rl_plan_created *c)
{
	const struct rl_plan *p = &c->plan;
	const struct rl_plan_instalment *v = c->inst;
	const struct rl_currency *cur = rl_currency_find(p->currency, strlen(p->currency));
	char total[64];
	struct out out;

	rl_money_format(total, sizeof(total), p->total, cur, cli->locale);
	printf("payment plan %lld for customer '%s': %s %s in %d instalment%s every %d day%s, "
	       "grace %d day%s\ninvoices ",
	       (long long)p->id, p->customer_code, total, p->currency, p->instalments,
	       p->instalments == 1 ? "" : "s", p->every_days, p->every_days == 1 ? "" : "s",
	       p->grace_days, p->grace_days == 1 ? "" : "s");
	for (size_t i = 0; i < c->ninv; i++)
		printf("%s%s", i ? ", " : "", c->inv[i].number);
	printf(": dunning paused while the plan is honoured\n");
	out_begin(&out, OUT_TABLE, cli->locale, schedule_cols, 4, false, stdout);
	for (int i = 0; i < p->instalments; i++) {
		struct out_val row[4] = {
			{ .i = i + 1 },
			{ .d = v[i].due },
			{ .s = p->currency },
			{ .i = v[i].amount, .cur = cur },
		};

		out_row(&out, row);
	}
	out_end(&out);
}

static int plan_create(struct cli *cli, const struct args *a, const struct invoice_list *invoices)
{
	struct rl_plan_created *c = calloc(1, sizeof(*c));
	struct rl_plan_request req = { 0 };
	char at[64], actor[80];
	struct rl_err err;
	int rc;

	if (!c)
		return cli_exit(RL_ENOMEM, NULL);
	rl_err_clear(&err);
	plan_actor(cli, &req.by, at, actor);
	req.customer = a->customer;
	req.invoices = invoices->v; /* NULL without --invoices */
	req.ninvoices = invoices->n;
	req.instalments = (int32_t)a->instalments;
	req.every_days = (int32_t)a->every;
	req.grace_days = (int32_t)(a->grace >= 0 ? a->grace : RL_PLAN_DEFAULT_GRACE_DAYS);
	req.first = a->first;
	req.note = a->note;
	req.left_out = say_left_out;
	if (!(rc = rl_plan_create(cli->store, &req, c, &err)))
		print_created(cli, c);
	rl_plan_created_release(c);
	free(c);
	return cli_exit(rc, &err);
}

/* --- show, list ------------------------------------------------------------------------ */

/* The day a plan's payments and states are read on: today while it is
 * open, the day it ended after. */
static rl_date asof(const struct cli *cli, const struct rl_plan *p)
{
	return p->status == RL_PLAN_STATUS_OPEN || p->settled_on == RL_DATE_NONE ? cli->today
										 : p->settled_on;
}

static const struct out_col show_cols[] = {
	{ "plan", OUT_INT },       { "customer_id", OUT_STR }, { "plan_status", OUT_STR },
	{ "instalment", OUT_INT }, { "due_date", OUT_DATE },   { "currency", OUT_STR },
	{ "amount", OUT_MONEY },   { "paid", OUT_MONEY },      { "status", OUT_STR },
};

static void print_heading(struct cli *cli, const struct rl_plan_record *rec)
{
	const struct rl_plan *p = &rec->plan;
	const struct rl_currency *cur = rl_currency_find(p->currency, strlen(p->currency));
	struct rl_plan_paid paid = rl_plan_record_paid(rec);
	char total[64], got[64], made[16], ended[16];

	rl_money_format(total, sizeof(total), p->total, cur, cli->locale);
	rl_money_format(got, sizeof(got), rl_plan_paid_by(&paid, asof(cli, p)), cur, cli->locale);
	out_date_human(p->created_on, cli->locale, made);
	printf("payment plan %lld, customer '%s', made on %s: %s %s in %d instalments every %d "
	       "days, grace %d days; %s",
	       (long long)p->id, p->customer_code, made, total, p->currency, p->instalments,
	       p->every_days, p->grace_days, rl_plan_status_str(p->status));
	if (p->status != RL_PLAN_STATUS_OPEN && p->settled_on != RL_DATE_NONE) {
		out_date_human(p->settled_on, cli->locale, ended);
		printf(" on %s", ended);
	}
	printf("; paid %s\ninvoices ", got);
	for (size_t i = 0; i < rec->ninv; i++)
		printf("%s%s", i ? ", " : "", rec->inv[i].number);
	printf("%s%s\n", p->note[0] ? "; note: " : "", p->note);
}

static int show_one(struct cli *cli, struct out *o, const struct rl_plan_record *rec)
{
	const struct rl_plan *p = &rec->plan;
	const struct rl_currency *cur = rl_currency_find(p->currency, strlen(p->currency));
	struct rl_plan_paid paid = rl_plan_record_paid(rec);
	int rc = 0;

	for (size_t i = 0; i < rec->ninst && !rc; i++) {
		enum rl_instalment_state st;
		int64_t part;
		struct out_val row[9];

		rl_plan_instalment_state(rec->inst, rec->ninst, i, p->grace_days, &paid,
					 asof(cli, p), &part, &st);
		memset(row, 0, sizeof(row));
		row[0].i = p->id;
		row[1].s = p->customer_code;
		row[2].s = rl_plan_status_str(p->status);
		row[3].i = (int64_t)i + 1;
		row[4].d = rec->inst[i].due;
		row[5].s = p->currency;
		row[6].i = rec->inst[i].amount;
		row[6].cur = cur;
		row[7].i = part;
		row[7].cur = cur;
		row[8].s = rl_instalment_state_str(st);
		rc = out_row(o, row);
	}
	return rc;
}

/* The plans show and list read: PLAN, or those of --customer (by id),
 * loaded one at a time into rec. */
struct named_plans {
	struct rl_plan_record *rec;
	int64_t *ids;
	size_t n;
	struct rl_err err;
};

/* Finds the plans named; named_end is called even when it fails. */
static int named_begin(struct cli *cli, const struct args *a, struct named_plans *np)
{
	struct rl_customer cu;
	int64_t id = 0;
	int rc;

	memset(np, 0, sizeof(*np));
	rl_err_clear(&np->err);
	if (!(np->rec = calloc(1, sizeof(*np->rec))))
		return rl_err_set(&np->err, RL_ENOMEM, "out of memory");
	if (a->plan) {
		parse_plan_id(a->plan, &id); /* checked before the ledger was opened */
		if (!(np->ids = malloc(sizeof(*np->ids))))
			return rl_err_set(&np->err, RL_ENOMEM, "out of memory");
		np->ids[0] = id;
		np->n = 1;
		return 0;
	}
	if (a->customer) {
		if ((rc = rl_store_customer_get(cli->store, cli->creditor, a->customer, &cu,
						&np->err)))
			return rc;
		id = cu.id;
	}
	return rl_plan_ids(cli->store, cli->creditor, id, a->status, &np->ids, &np->n, &np->err);
}

/* Loads the i-th plan into np->rec (released first). */
static int named_load(struct cli *cli, struct named_plans *np, size_t i)
{
	rl_plan_record_release(np->rec);
	return rl_plan_load(cli->store, cli->creditor, np->ids[i], np->rec, &np->err);
}

/* Frees np; the exit code for status rc. */
static int named_end(struct named_plans *np, int rc)
{
	if (np->rec)
		rl_plan_record_release(np->rec);
	free(np->rec);
	free(np->ids);
	return cli_exit(rc, &np->err);
}

static int plan_show(struct cli *cli, const struct args *a)
{
	struct named_plans np;
	struct out o;
	int rc = named_begin(cli, a, &np);

	if (!rc && np.n == 0)
		rc = rl_err_set(&np.err, RL_ENOTFOUND, "customer '%s' has no payment plan",
				a->customer);
	for (size_t i = 0; i < np.n && !rc; i++) {
		if ((rc = named_load(cli, &np, i)))
			break;
		if (a->fmt == OUT_TABLE) {
			if (i)
				printf("\n");
			print_heading(cli, np.rec);
		}
		if (a->fmt == OUT_TABLE || i == 0)
			out_begin(&o, a->fmt, cli->locale, show_cols, 9, false, stdout);
		rc = show_one(cli, &o, np.rec);
		if ((a->fmt == OUT_TABLE || i + 1 == np.n) && out_end(&o) && !rc)
			rc = rl_err_set(&np.err, RL_EIO, "cannot write the output");
	}
	return named_end(&np, rc);
}

static const struct out_col list_cols[] = {
	{ "plan", OUT_INT },        { "customer_id", OUT_STR }, { "status", OUT_STR },
	{ "created_on", OUT_DATE }, { "first_date", OUT_DATE }, { "instalments", OUT_INT },
	{ "every_days", OUT_INT },  { "grace_days", OUT_INT },  { "currency", OUT_STR },
	{ "total", OUT_MONEY },     { "paid", OUT_MONEY },      { "next_due", OUT_DATE },
	{ "settled_on", OUT_DATE },
};

static int list_one(struct cli *cli, struct out *o, const struct rl_plan_record *rec)
{
	const struct rl_plan *p = &rec->plan;
	const struct rl_currency *cur = rl_currency_find(p->currency, strlen(p->currency));
	struct rl_plan_paid paid = rl_plan_record_paid(rec);
	struct rl_plan_judgement j;
	struct out_val row[13];

	rl_plan_judge(rec->inst, rec->ninst, p->grace_days, &paid, asof(cli, p), &j);
	memset(row, 0, sizeof(row));
	row[0].i = p->id;
	row[1].s = p->customer_code;
	row[2].s = rl_plan_status_str(p->status);
	row[3].d = p->created_on;
	row[4].d = p->first_date;
	row[5].i = p->instalments;
	row[6].i = p->every_days;
	row[7].i = p->grace_days;
	row[8].s = p->currency;
	row[9].i = p->total;
	row[9].cur = cur;
	row[10].i = rl_plan_paid_by(&paid, asof(cli, p));
	row[10].cur = cur;
	/* The next instalment to pay, while the plan is open. */
	row[11].null = p->status != RL_PLAN_STATUS_OPEN || j.verdict != RL_PLAN_HONOURED ||
		       j.instalment >= rec->ninst;
	if (!row[11].null)
		row[11].d = rec->inst[j.instalment].due;
	row[12].null = p->settled_on == RL_DATE_NONE;
	row[12].d = p->settled_on;
	return out_row(o, row);
}

static int plan_list(struct cli *cli, const struct args *a)
{
	struct named_plans np;
	struct out o;
	int rc = named_begin(cli, a, &np);

	if (rc)
		return named_end(&np, rc);
	out_begin(&o, a->fmt, cli->locale, list_cols, 13, false, stdout);
	for (size_t i = 0; i < np.n && !rc; i++)
		if (!(rc = named_load(cli, &np, i)))
			rc = list_one(cli, &o, np.rec);
	if (out_end(&o) && !rc)
		rc = rl_err_set(&np.err, RL_EIO, "cannot write the output");
	return named_end(&np, rc);
}

/* --- cancel ------------------------------------------------------------------------------ */

static void print_cancelled(int64_t id, const struct rl_plan_cancelled *c)
{
	size_t n = c->nresumed;

	printf("payment plan %lld cancelled: ", (long long)id);
	if (n == 0)
		printf("none of its invoices is left to chase\n");
	for (size_t i = 0; i < n; i++)
		printf("%s'%s'", i ? ", " : "the dunning of ", c->resumed[i]);
	if (n)
		printf(" resumes at the next run\n");
}

static int plan_cancel(struct cli *cli, const struct args *a)
{
	struct rl_plan_cancelled c;
	struct rl_plan_actor by;
	char at[64], actor[80];
	struct rl_err err;
	int64_t id = 0;
	int rc;

	rl_err_clear(&err);
	parse_plan_id(a->plan, &id); /* checked before the ledger was opened */
	plan_actor(cli, &by, at, actor);
	if (!(rc = rl_plan_cancel(cli->store, &by, id, a->reason, &c, &err)))
		print_cancelled(id, &c);
	rl_plan_cancelled_release(&c);
	return cli_exit(rc, &err);
}

/* --- dispatch ---------------------------------------------------------------------------- */

static int check_create(struct cli *cli, const struct args *a, struct invoice_list *invoices)
{
	int rc;

	if ((rc = only(a, true, true, false, false, false)))
		return rc;
	if (!a->customer)
		return cli_usage_error("plan", "--customer is required: whose plan?");
	if (!a->instalments)
		return cli_usage_error("plan", "--instalments is required: how many, 1 to %d",
				       RL_PLAN_MAX_INSTALMENTS);
	if (!a->every)
		return cli_usage_error("plan",
				       "--every is required: days between two "
				       "instalments, 1 to %d",
				       RL_PLAN_MAX_EVERY_DAYS);
	if ((rc = cli_check_not_before_today(cli, "plan", "--first", a->first)))
		return rc;
	return a->invoices ? split_invoices(a->invoices, invoices) : 0;
}

/* The verb's checks, before the ledger is opened. */
static int check_verb(struct cli *cli, const struct args *a, struct invoice_list *invoices)
{
	int64_t id;
	int rc;

	if (strcmp(a->verb, "create") == 0) {
		rc = check_create(cli, a, invoices);
	} else if (strcmp(a->verb, "show") == 0) {
		if (!(rc = only(a, true, false, false, false, true)) && !a->plan == !a->customer)
			rc = cli_usage_error("plan", "give PLAN or --customer ID");
	} else if (strcmp(a->verb, "cancel") == 0) {
		if (!(rc = only(a, false, false, true, false, false)) && !a->plan)
			rc = cli_usage_error("plan", "which plan? give its number");
		if (!rc && !a->reason)
			rc = cli_usage_error("plan", "--reason is required: why it is cancelled");
	} else if (strcmp(a->verb, "list") == 0) {
		rc = only(a, true, false, false, true, true);
	} else {
		return cli_usage_error("plan", "'%s' is not create, show, cancel or list", a->verb);
	}
	if (!rc && a->plan)
		rc = parse_plan_id(a->plan, &id);
	return rc;
}

int cmd_plan(struct cli *cli, int argc, char **argv)
{
	struct invoice_list invoices = { 0 };
	struct args a;
	int rc;

	if ((rc = parse(argc, argv, &a)) || (rc = check_verb(cli, &a, &invoices)))
		goto out;
	cli->cmd_flags |=
		strcmp(a.verb, "create") == 0 || strcmp(a.verb, "cancel") == 0 ? CMD_WRITES : 0;
	if ((rc = cli_open_ledger(cli)) != EXIT_OK)
		goto out;
	if (strcmp(a.verb, "create") == 0)
		rc = plan_create(cli, &a, &invoices);
	else if (strcmp(a.verb, "cancel") == 0)
		rc = plan_cancel(cli, &a);
	else if (strcmp(a.verb, "show") == 0)
		rc = plan_show(cli, &a);
	else
		rc = plan_list(cli, &a);
out:
	invoice_list_release(&invoices);
	return rc;
}
