/* relance block, unblock, pause, resume, dispute, promise, handoff and log:
 * the work people do on cases beside the daily run (DESIGN.md §1, §3).
 *
 * Every command checks its arguments before it opens the ledger, then works
 * in one transaction: it locks the journal's chain (so that two people
 * acting at once are serialised), reads the invoices and cases concerned,
 * changes them (store/case.h) and appends one journal entry each, of kind
 * "block", "unblock", "pause", "resume", "dispute", "dispute_resolved",
 * "promise", "handoff" or "log", with a canonical JSON payload (sorted keys)
 * that always holds "date", the day the action takes effect. The actor is
 * "cli:$USER", or "cli" when $USER is unset or unusual.
 *
 * INVOICE names one invoice; --customer ID means each of the customer's
 * invoices with a balance today. For one invoice, a state that forbids the
 * action fails the command (exit 1, nothing written); with --customer the
 * invoices concerned are skipped with a note, and the command fails only
 * when none is left. */
#include <getopt.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "relance/core/limits.h"
#include "relance/store/case.h"
#include "relance/store/journal.h"
#include "commands.h"

const char usage_block[] =
	"usage: relance block CUSTOMER [--note TEXT]\n"
	"\n"
	"Stops all automatic dunning of a customer: the daily run sends no step for\n"
	"any of its invoices until 'relance unblock'. Recorded in the journal.\n"
	"\n"
	"options:\n"
	"  --note TEXT     why, for the record\n";

const char usage_unblock[] =
	"usage: relance unblock CUSTOMER [--note TEXT]\n"
	"\n"
	"Lets the daily run chase a blocked customer again, each invoice from the\n"
	"step where it stood. Recorded in the journal.\n"
	"\n"
	"options:\n"
	"  --note TEXT     why, for the record\n";

const char usage_pause[] =
	"usage: relance pause INVOICE|--customer ID --reason TEXT [--until D]\n"
	"\n"
	"Pauses the dunning of an invoice (with --customer, of each of the\n"
	"customer's open invoices): the run sends it no step while it is paused.\n"
	"The pause ends after day D, or with 'relance resume' when --until is not\n"
	"given. A disputed invoice stays paused by its dispute.\n"
	"\n"
	"options:\n"
	"  --customer ID   every open invoice of this customer\n"
	"  --reason TEXT   why (required), for the record\n"
	"  --until D       the last day of the pause, today or later\n";

const char usage_resume[] = "usage: relance resume INVOICE|--customer ID [--note TEXT]\n"
			    "\n"
			    "Lifts a pause set with 'relance pause' or by a promise to pay (the\n"
			    "promise itself is still settled by the first run after its day): the\n"
			    "next run may send the invoice's next step. A dispute ends with\n"
			    "'relance dispute resolve'.\n"
			    "\n"
			    "options:\n"
			    "  --customer ID   every paused open invoice of this customer\n"
			    "  --note TEXT     why, for the record\n";

const char usage_dispute[] =
	"usage: relance dispute INVOICE|--customer ID --reason CODE [--note TEXT]\n"
	"       relance dispute resolve INVOICE|--customer ID [--note TEXT]\n"
	"\n"
	"Records that the debtor disputes an invoice, and pauses its dunning until\n"
	"the dispute is resolved. 'resolve' records the end of the dispute; the\n"
	"dunning resumes where it stood.\n"
	"\n"
	"reason codes: pricing, quantity, quality, not_received, already_paid, other\n"
	"\n"
	"options:\n"
	"  --customer ID   every open invoice of this customer\n"
	"  --reason CODE   what is disputed (required to open a dispute)\n"
	"  --note TEXT     details, for the record\n";

const char usage_promise[] =
	"usage: relance promise INVOICE|--customer ID --date D [--amount A] [--escalate]\n"
	"                       [--note TEXT]\n"
	"\n"
	"Records the debtor's promise to pay by day D, and pauses the invoice's\n"
	"dunning until then. The first run after D settles it: kept when the\n"
	"amount was paid by D, broken otherwise, and the dunning resumes where it\n"
	"stood. An invoice has at most one open promise.\n"
	"\n"
	"options:\n"
	"  --customer ID   every open invoice of this customer, each for its balance\n"
	"  --date D        the day the debtor will pay by, today or later (required)\n"
	"  --amount A      the amount promised, '.' for decimals (default: the balance)\n"
	"  --escalate      if the promise is broken, the next step does not wait for\n"
	"                  its minimum gap since the previous one\n"
	"  --note TEXT     details, for the record\n";

const char usage_handoff[] =
	"usage: relance handoff INVOICE|--customer ID --to agency|court [--note TEXT]\n"
	"\n"
	"Hands an invoice to a collection agency or to a court: automatic dunning\n"
	"ends for it, the run sends it no more steps. Recorded in the journal.\n"
	"\n"
	"options:\n"
	"  --customer ID   every open invoice of this customer\n"
	"  --to WHO        agency or court (required)\n"
	"  --note TEXT     details (agency, case number), for the record\n";

const char usage_log[] =
	"usage: relance log INVOICE|--customer ID --channel phone|letter|email|visit\n"
	"                   --outcome TEXT [--note TEXT] [--date D]\n"
	"\n"
	"Records a contact made by hand: a call, a letter or an email sent outside\n"
	"relance, a visit. With --customer the entry is the customer's rather than\n"
	"one invoice's. It changes nothing else: the journal is the record.\n"
	"\n"
	"options:\n"
	"  --customer ID   a contact about the customer's whole account\n"
	"  --channel C     phone, letter, email or visit (required)\n"
	"  --outcome TEXT  what came of it (required)\n"
	"  --note TEXT     details\n"
	"  --date D        the day it happened (default: today), not after today\n";

static const char *const dispute_reasons[] = {
	"pricing", "quantity", "quality", "not_received", "already_paid", "other",
};
static const char *const log_channels[] = { "phone", "letter", "email", "visit" };

/* The command line, once parsed. */
struct args {
	const char *cmd;
	const char *target;   /* INVOICE or CUSTOMER */
	const char *customer; /* --customer */
	const char *note, *reason, *to, *channel, *outcome, *amount;
	rl_date until, date; /* RL_DATE_NONE when not given */
	bool escalate;
	bool resolve; /* dispute resolve */
};

/* One invoice acted on. */
struct target {
	int64_t invoice_id;
	char number[RL_MAX_ID + 1];
	char customer[RL_MAX_ID + 1];
	const struct rl_currency *currency;
	enum rl_doc_type type;
	int64_t balance; /* on today */
};

struct act;

/* What one command does to one invoice. */
struct verb {
	const char *kind;   /* journal entry kind */
	const char *none;   /* with --customer and nothing done: "has no open invoice ..." */
	bool needs_balance; /* only invoices with something to chase */
	/* NULL when the action applies, else why not ("is already disputed"). */
	const char *(*check)(struct act *x, const struct target *t, const struct rl_case_info *ci);
	/* Changes the case and fills the payload and the line said. */
	int (*apply)(struct act *x, const struct target *t, const struct rl_case_info *ci,
		     json_t *payload, struct rl_buf *said, struct rl_err *err);
};

struct act {
	struct cli *cli;
	const struct args *a;
	const struct verb *v;
	char actor[80];
	char today[RL_DATE_ISO_LEN + 1];
	char why[RL_MAX_TEXT + 256];
	int64_t amount; /* promise --amount, in the invoice's minor units (0: the balance) */
};

/* --- arguments ----------------------------------------------------------------- */

#define NREASONS (sizeof(dispute_reasons) / sizeof(dispute_reasons[0]))

static bool known(const char *s, const char *const *names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(s, names[i]) == 0)
			return true;
	return false;
}

static int one_of(const char *cmd, const char *opt, const char *s, const char *const *names,
		  size_t n)
{
	char list[256] = "";

	if (known(s, names, n))
		return 0;
	for (size_t i = 0; i < n; i++)
		snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s",
			 i == 0       ? ""
			 : i + 1 == n ? " or "
				      : ", ",
			 names[i]);
	return cli_usage_error(cmd, "%s: '%s' is not %s", opt, s, list);
}

/* Parses argv with the command's option table into a; positional
 * arguments: the target (and "resolve" first for dispute). */
static int parse(const char *cmd, const struct option *opts, int argc, char **argv, struct args *a)
{
	int c, rc;

	memset(a, 0, sizeof(*a));
	a->cmd = cmd;
	a->until = a->date = RL_DATE_NONE;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'c':
			a->customer = optarg;
			break;
		case 'n':
			a->note = optarg;
			break;
		case 'r':
			a->reason = optarg;
			break;
		case 't':
			a->to = optarg;
			break;
		case 'C':
			a->channel = optarg;
			break;
		case 'o':
			a->outcome = optarg;
			break;
		case 'a':
			a->amount = optarg;
			break;
		case 'e':
			a->escalate = true;
			break;
		case 'u':
			if ((rc = cli_parse_date(cmd, "--until", optarg, &a->until)))
				return rc;
			break;
		case 'd':
			if ((rc = cli_parse_date(cmd, "--date", optarg, &a->date)))
				return rc;
			break;
		default:
			return cli_bad_option(cmd, argv);
		}
	}
	if (strcmp(cmd, "dispute") == 0 && optind < argc && strcmp(argv[optind], "resolve") == 0) {
		a->resolve = true;
		optind++;
	}
	if (optind < argc)
		a->target = argv[optind++];
	if (optind < argc)
		return cli_usage_error(cmd, "unexpected argument '%s'", argv[optind]);
	return cli_check_text(cmd, "--note", a->note, false);
}

/* INVOICE or --customer ID, exactly one. */
static int need_target(const struct args *a)
{
	if (a->target && a->customer)
		return cli_usage_error(a->cmd, "give INVOICE or --customer ID, not both");
	if (!a->target && !a->customer)
		return cli_usage_error(a->cmd, "which invoice? give INVOICE or --customer ID");
	return 0;
}

static void act_init(struct act *x, struct cli *cli, const struct args *a, const struct verb *v)
{
	x->cli = cli;
	x->a = a;
	x->v = v;
	actor_name(x->actor);
	rl_date_format_iso(cli->today, x->today);
}

/* --- the invoices concerned ------------------------------------------------------ */

struct targets {
	struct target *v;
	size_t n, cap;
	rl_date today;
	struct rl_err *err;
};

static struct target *new_target(struct targets *ts)
{
	if (ts->n == ts->cap) {
		size_t ncap = ts->cap ? 2 * ts->cap : 16;
		struct target *grown = realloc(ts->v, ncap * sizeof(*grown));

		if (!grown)
			return NULL;
		ts->v = grown;
		ts->cap = ncap;
	}
	memset(&ts->v[ts->n], 0, sizeof(ts->v[0]));
	return &ts->v[ts->n++];
}

static void fill_target(struct target *t, const struct rl_invoice *inv, int64_t paid)
{
	t->invoice_id = inv->id;
	snprintf(t->number, sizeof(t->number), "%s", inv->number);
	snprintf(t->customer, sizeof(t->customer), "%s", inv->customer_code);
	t->currency = inv->currency;
	t->type = inv->type;
	t->balance = inv->amount - paid;
}

static int add_open(void *ctx, const struct rl_invoice *inv)
{
	struct targets *ts = ctx;
	struct target *t;

	if (inv->type != RL_DOC_INVOICE || rl_invoice_balance(inv) <= 0)
		return 0;
	if (!(t = new_target(ts)))
		return rl_err_set(ts->err, RL_ENOMEM, "out of memory");
	fill_target(t, inv, inv->paid);
	return 0;
}

static int sum_paid(void *ctx, const struct rl_allocation *al)
{
	struct targets *ts = ctx;

	if (al->date <= ts->today)
		ts->v[0].balance -= al->amount;
	return 0;
}

/* Fills ts with the invoice named, or the customer's open invoices. */
static int load_targets(struct cli *cli, const struct args *a, struct targets *ts,
			struct rl_err *err)
{
	struct rl_invoice inv;
	struct rl_customer cu;
	int rc;

	ts->today = cli->today;
	ts->err = err;
	if (a->customer) {
		struct rl_invoice_query q = { a->customer, cli->today, true, false };

		if ((rc = rl_store_customer_get(cli->store, cli->creditor, a->customer, &cu, err)))
			return rc;
		rc = rl_store_invoice_each(cli->store, cli->creditor, &q, add_open, ts, err);
		return rc < 0 ? rc : 0;
	}
	if ((rc = rl_store_invoice_get(cli->store, cli->creditor, a->target, &inv, err)))
		return rc;
	if (!new_target(ts))
		return rl_err_set(err, RL_ENOMEM, "out of memory");
	fill_target(&ts->v[0], &inv, 0);
	rc = rl_store_allocation_each(cli->store, cli->creditor, inv.id, sum_paid, ts, err);
	return rc < 0 ? rc : 0;
}

/* --- doing it ----------------------------------------------------------------------- */

static void money_json(json_t *o, const char *key, int64_t amount, const struct rl_currency *cur)
{
	char buf[64];

	rl_money_format(buf, sizeof(buf), amount, cur, RL_LOCALE_C);
	json_object_set_new(o, key, json_string(buf));
}

/* A payload with the fields every entry has: date, and note when given. */
static json_t *payload_new(struct act *x)
{
	json_t *o = json_object();

	json_object_set_new(o, "date", json_string(x->today));
	if (x->a->note)
		json_object_set_new(o, "note", json_string(x->a->note));
	return o;
}

static int journal_add(struct act *x, struct rl_journal_writer *jw, const char *customer,
		       const char *invoice, json_t *payload, struct rl_err *err)
{
	struct rl_journal_entry e = { 0 };
	char now[64], *text = json_dumps(payload, JSON_SORT_KEYS | JSON_COMPACT);
	int rc;

	if (!text)
		return rl_err_set(err, RL_ENOMEM, "out of memory");
	cli_now_utc(now);
	e.at = now;
	e.actor = x->actor;
	e.customer = customer;
	e.invoice = invoice;
	e.kind = x->v->kind;
	e.payload = text;
	rc = rl_journal_add(jw, &e, err);
	free(text);
	return rc;
}

/* Runs the verb on each invoice concerned, in one transaction. */
static int act_on_invoices(struct act *x)
{
	struct cli *cli = x->cli;
	struct targets ts = { 0 };
	struct rl_journal_writer jw;
	struct rl_case_info *ci = NULL;
	struct rl_buf said;
	struct rl_err err;
	bool journal = false;
	size_t done = 0;
	int rc, exit_code = EXIT_FAIL;

	rl_err_clear(&err);
	rl_buf_init(&said, RL_MAX_OUTPUT);
	if ((rc = rl_store_begin(cli->store, &err)))
		return cli_exit(rc, &err);
	if ((rc = rl_journal_open(&jw, cli->store, cli->creditor, cli->creditor_code, &err)))
		goto fail;
	journal = true;
	if ((rc = load_targets(cli, x->a, &ts, &err)))
		goto fail;
	if (!(ci = malloc(sizeof(*ci)))) {
		rc = rl_err_set(&err, RL_ENOMEM, "out of memory");
		goto fail;
	}
	for (size_t i = 0; i < ts.n; i++) {
		const struct target *t = &ts.v[i];
		const char *why = NULL;
		json_t *payload;

		if (x->v->needs_balance && t->type != RL_DOC_INVOICE)
			why = "is a credit note: there is nothing to chase";
		else if (x->v->needs_balance && t->balance <= 0)
			why = "is paid: there is nothing to chase";
		if (!why) {
			if ((rc = rl_case_get(cli->store, t->invoice_id, ci, &err)))
				goto fail;
			why = x->v->check ? x->v->check(x, t, ci) : NULL;
		}
		if (why && !x->a->customer) {
			cli_errorf("invoice '%s' %s", t->number, why);
			goto fail_quiet;
		}
		if (why) {
			fprintf(stderr, "relance: invoice '%s' skipped: it %s\n", t->number, why);
			continue;
		}
		payload = payload_new(x);
		rc = x->v->apply(x, t, ci, payload, &said, &err);
		if (!rc)
			rc = journal_add(x, &jw, t->customer, t->number, payload, &err);
		json_decref(payload);
		if (rc)
			goto fail;
		done++;
	}
	if (!done) {
		cli_errorf("customer '%s' %s", x->a->customer, x->v->none);
		goto fail_quiet;
	}
	journal = false;
	if ((rc = rl_journal_close(&jw, &err)) || (rc = rl_store_commit(cli->store, &err)))
		goto fail;
	if (said.len)
		fputs(said.ptr, stdout);
	exit_code = EXIT_OK;
	goto out;
fail:
	exit_code = cli_exit(rc, &err);
fail_quiet:
	if (journal)
		rl_journal_abandon(&jw);
	rl_store_rollback(cli->store);
out:
	free(ts.v);
	free(ci);
	rl_buf_release(&said);
	return exit_code;
}

/* --- pause, resume --------------------------------------------------------------- */

/* Why an invoice paused for `reason` cannot take another pause or promise. */
static const char *held(struct act *x, const struct rl_case_info *ci)
{
	if (ci->state.pause == RL_PAUSE_DISPUTE) {
		snprintf(x->why, sizeof(x->why),
			 "is disputed (%s): its pause ends with 'relance dispute resolve'",
			 ci->pause_note);
		return x->why;
	}
	if (ci->state.pause == RL_PAUSE_PLAN)
		return "is covered by a payment plan";
	return NULL;
}

static const char *pause_check(struct act *x, const struct target *t, const struct rl_case_info *ci)
{
	(void)t;
	return held(x, ci);
}

static int pause_apply(struct act *x, const struct target *t, const struct rl_case_info *ci,
		       json_t *payload, struct rl_buf *said, struct rl_err *err)
{
	const struct args *a = x->a;
	char until[RL_DATE_ISO_LEN + 1];
	int rc;

	(void)ci;
	if ((rc = rl_case_set_pause(x->cli->store, x->cli->creditor, t->invoice_id, RL_PAUSE_MANUAL,
				    a->until, a->reason, err)))
		return rc;
	json_object_set_new(payload, "reason", json_string(a->reason));
	if (a->until != RL_DATE_NONE) {
		rl_date_format_iso(a->until, until);
		json_object_set_new(payload, "until", json_string(until));
		rl_buf_addf(said, "invoice '%s' paused until %s\n", t->number, until);
	} else {
		json_object_set_new(payload, "until", json_null());
		rl_buf_addf(said, "invoice '%s' paused until 'relance resume'\n", t->number);
	}
	return 0;
}

static const char *resume_check(struct act *x, const struct target *t,
				const struct rl_case_info *ci)
{
	(void)t;
	if (ci->state.pause == RL_PAUSE_NONE)
		return "is not paused";
	return held(x, ci);
}

static int resume_apply(struct act *x, const struct target *t, const struct rl_case_info *ci,
			json_t *payload, struct rl_buf *said, struct rl_err *err)
{
	int rc;

	if ((rc = rl_case_set_pause(x->cli->store, x->cli->creditor, t->invoice_id, RL_PAUSE_NONE,
				    RL_DATE_NONE, NULL, err)))
		return rc;
	json_object_set_new(payload, "pause", json_string(rl_case_pause_str(ci->state.pause)));
	rl_buf_addf(said, "invoice '%s' resumed: the next run may send its next step\n", t->number);
	return 0;
}

static const struct verb verb_pause = {
	"pause", "has no open invoice that can be paused", true, pause_check, pause_apply,
};
static const struct verb verb_resume = {
	"resume", "has no paused invoice that can be resumed", false, resume_check, resume_apply,
};

int cmd_pause(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "customer", required_argument, NULL, 'c' },
		{ "reason", required_argument, NULL, 'r' },
		{ "until", required_argument, NULL, 'u' },
		{ NULL, 0, NULL, 0 },
	};
	struct args a;
	struct act x = { 0 };
	int rc;

	if ((rc = parse("pause", opts, argc, argv, &a)) || (rc = need_target(&a)) ||
	    (rc = cli_check_text("pause", "--reason", a.reason, true)))
		return rc;
	if ((rc = cli_check_not_before_today(cli, "pause", "--until", a.until)))
		return rc;
	if ((rc = cli_open_ledger(cli)) != EXIT_OK)
		return rc;
	act_init(&x, cli, &a, &verb_pause);
	return act_on_invoices(&x);
}

int cmd_resume(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "customer", required_argument, NULL, 'c' },
		{ "note", required_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 },
	};
	struct args a;
	struct act x = { 0 };
	int rc;

	if ((rc = parse("resume", opts, argc, argv, &a)) || (rc = need_target(&a)))
		return rc;
	if ((rc = cli_open_ledger(cli)) != EXIT_OK)
		return rc;
	act_init(&x, cli, &a, &verb_resume);
	return act_on_invoices(&x);
}

/* --- dispute, dispute resolve ------------------------------------------------------ */

static const char *dispute_check(struct act *x, const struct target *t,
				 const struct rl_case_info *ci)
{
	(void)t;
	if (ci->state.pause == RL_PAUSE_DISPUTE) {
		snprintf(x->why, sizeof(x->why), "is already disputed (%s)", ci->pause_note);
		return x->why;
	}
	if (ci->state.pause == RL_PAUSE_PLAN)
		return "is covered by a payment plan";
	return NULL;
}

static int dispute_apply(struct act *x, const struct target *t, const struct rl_case_info *ci,
			 json_t *payload, struct rl_buf *said, struct rl_err *err)
{
	int rc;

	(void)ci;
	if ((rc = rl_case_set_pause(x->cli->store, x->cli->creditor, t->invoice_id,
				    RL_PAUSE_DISPUTE, RL_DATE_NONE, x->a->reason, err)))
		return rc;
	json_object_set_new(payload, "reason", json_string(x->a->reason));
	money_json(payload, "balance", t->balance, t->currency);
	json_object_set_new(payload, "currency", json_string(t->currency ? t->currency->code : ""));
	rl_buf_addf(said,
		    "invoice '%s' disputed (%s): dunning paused until 'relance dispute resolve "
		    "%s'\n",
		    t->number, x->a->reason, t->number);
	return 0;
}

static const char *resolve_check(struct act *x, const struct target *t,
				 const struct rl_case_info *ci)
{
	(void)x;
	(void)t;
	return ci->state.pause == RL_PAUSE_DISPUTE ? NULL : "has no open dispute";
}

static int resolve_apply(struct act *x, const struct target *t, const struct rl_case_info *ci,
			 json_t *payload, struct rl_buf *said, struct rl_err *err)
{
	int rc;

	if ((rc = rl_case_set_pause(x->cli->store, x->cli->creditor, t->invoice_id, RL_PAUSE_NONE,
				    RL_DATE_NONE, NULL, err)))
		return rc;
	json_object_set_new(payload, "reason", json_string(ci->pause_note));
	rl_buf_addf(said, "invoice '%s': dispute (%s) resolved, dunning resumes at the next run\n",
		    t->number, ci->pause_note);
	return 0;
}

static const struct verb verb_dispute = {
	"dispute", "has no open invoice that can be disputed", true, dispute_check, dispute_apply,
};
static const struct verb verb_resolve = {
	"dispute_resolved", "has no open dispute", false, resolve_check, resolve_apply,
};

/* "not received", "not-received" and "NOT_RECEIVED" are not_received. */
static void reason_code(const char *s, char *out, size_t cap)
{
	size_t i;

	for (i = 0; s[i] && i + 1 < cap; i++) {
		char ch = s[i];

		out[i] = ch == ' ' || ch == '-' ? '_' : (ch >= 'A' && ch <= 'Z') ? ch + 32 : ch;
	}
	out[i] = '\0';
}

int cmd_dispute(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "customer", required_argument, NULL, 'c' },
		{ "reason", required_argument, NULL, 'r' },
		{ "note", required_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 },
	};
	char code[32];
	struct args a;
	struct act x = { 0 };
	int rc;

	if ((rc = parse("dispute", opts, argc, argv, &a)) || (rc = need_target(&a)))
		return rc;
	if (a.resolve && a.reason)
		return cli_usage_error("dispute",
				       "--reason opens a dispute; 'dispute resolve' takes --note");
	if (!a.resolve) {
		if (!a.reason)
			return cli_usage_error("dispute", "--reason is required: one of pricing, "
							  "quantity, quality, not_received, "
							  "already_paid, other");
		reason_code(a.reason, code, sizeof(code));
		if (strlen(a.reason) >= sizeof(code) || !known(code, dispute_reasons, NREASONS))
			return one_of("dispute", "--reason", a.reason, dispute_reasons, NREASONS);
		a.reason = code;
	}
	if ((rc = cli_open_ledger(cli)) != EXIT_OK)
		return rc;
	act_init(&x, cli, &a, a.resolve ? &verb_resolve : &verb_dispute);
	return act_on_invoices(&x);
}

/* --- promise ---------------------------------------------------------------------------- */

static const char *promise_check(struct act *x, const struct target *t,
				 const struct rl_case_info *ci)
{
	struct rl_promise open;
	struct rl_err err = { 0 };
	bool found = false;
	const char *why = held(x, ci);
	char day[RL_DATE_ISO_LEN + 1], amount[64], balance[64];

	if (why)
		return why;
	if (rl_promise_open_get(x->cli->store, t->invoice_id, &open, &found, &err) == 0 && found) {
		rl_date_format_iso(open.promised_date, day);
		snprintf(x->why, sizeof(x->why), "already has an open promise to pay by %s", day);
		return x->why;
	}
	if (x->amount > t->balance) {
		rl_money_format(amount, sizeof(amount), x->amount, t->currency, RL_LOCALE_C);
		rl_money_format(balance, sizeof(balance), t->balance, t->currency, RL_LOCALE_C);
		snprintf(x->why, sizeof(x->why), "has a balance of %s, less than the %s promised",
			 balance, amount);
		return x->why;
	}
	return NULL;
}

static int promise_apply(struct act *x, const struct target *t, const struct rl_case_info *ci,
			 json_t *payload, struct rl_buf *said, struct rl_err *err)
{
	struct rl_promise p = { 0 };
	char now[64], day[RL_DATE_ISO_LEN + 1], amount[64];
	int64_t id = 0;
	int rc;

	(void)ci;
	cli_now_utc(now);
	p.invoice_id = t->invoice_id;
	p.promised_date = x->a->date;
	p.amount = x->amount ? x->amount : t->balance;
	p.balance = t->balance;
	p.escalate = x->a->escalate;
	p.created_on = x->cli->today;
	p.created_at = now;
	if ((rc = rl_promise_add(x->cli->store, x->cli->creditor, &p, &id, err)) ||
	    (rc = rl_case_set_pause(x->cli->store, x->cli->creditor, t->invoice_id,
				    RL_PAUSE_PROMISE, x->a->date, "", err)))
		return rc;
	rl_date_format_iso(x->a->date, day);
	rl_money_format(amount, sizeof(amount), p.amount, t->currency, RL_LOCALE_C);
	money_json(payload, "amount", p.amount, t->currency);
	money_json(payload, "balance", t->balance, t->currency);
	json_object_set_new(payload, "currency", json_string(t->currency ? t->currency->code : ""));
	json_object_set_new(payload, "escalate", json_boolean(p.escalate));
	json_object_set_new(payload, "promise", json_integer(id));
	json_object_set_new(payload, "promised_date", json_string(day));
	rl_buf_addf(said,
		    "invoice '%s': promise to pay %s %s by %s recorded; dunning paused until "
		    "then\n",
		    t->number, amount, t->currency ? t->currency->code : "", day);
	return 0;
}

static const struct verb verb_promise = {
	"promise",     "has no open invoice that can take a promise", true, promise_check,
	promise_apply,
};

int cmd_promise(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "customer", required_argument, NULL, 'c' },
		{ "date", required_argument, NULL, 'd' },
		{ "amount", required_argument, NULL, 'a' },
		{ "escalate", no_argument, NULL, 'e' },
		{ "note", required_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 },
	};
	struct rl_money_syntax dot = { '.' };
	struct rl_invoice inv;
	struct rl_err err;
	struct args a;
	struct act x = { 0 };
	int64_t v = 0;
	int rc;

	if ((rc = parse("promise", opts, argc, argv, &a)) || (rc = need_target(&a)))
		return rc;
	if (a.date == RL_DATE_NONE)
		return cli_usage_error("promise", "--date is required: the day the debtor will "
						  "pay by");
	if ((rc = cli_check_not_before_today(cli, "promise", "--date", a.date)))
		return rc;
	if (a.amount && a.customer)
		return cli_usage_error("promise", "--amount is for one invoice; with --customer "
						  "each invoice's balance is promised");
	rl_err_clear(&err);
	/* The form first, four decimals at most; the currency's own decimals
	 * once the invoice is known. */
	if (a.amount && (rl_money_parse(a.amount, strlen(a.amount), dot, 4, &v, &err) || v <= 0))
		return cli_usage_error("promise", "--amount: %s",
				       v <= 0 && !err.msg[0] ? "must be more than zero" : err.msg);
	if ((rc = cli_open_ledger(cli)) != EXIT_OK)
		return rc;
	if (a.amount) {
		if ((rc = rl_store_invoice_get(cli->store, cli->creditor, a.target, &inv, &err)))
			return cli_exit(rc, &err);
		if (rl_money_parse(a.amount, strlen(a.amount), dot,
				   inv.currency ? inv.currency->exponent : 2, &x.amount, &err))
			return cli_usage_error("promise", "--amount: %s (invoice '%s' is in %s)",
					       err.msg, a.target,
					       inv.currency ? inv.currency->code : "?");
	}
	act_init(&x, cli, &a, &verb_promise);
	return act_on_invoices(&x);
}

/* --- handoff ------------------------------------------------------------------------- */

static const char *handoff_check(struct act *x, const struct target *t,
				 const struct rl_case_info *ci)
{
	(void)t;
	if (!ci->handed_off_to[0])
		return NULL;
	snprintf(x->why, sizeof(x->why), "is already handed off to %s", ci->handed_off_to);
	return x->why;
}

static int handoff_apply(struct act *x, const struct target *t, const struct rl_case_info *ci,
			 json_t *payload, struct rl_buf *said, struct rl_err *err)
{
	int rc;

	(void)ci;
	if ((rc = rl_case_set_handoff(x->cli->store, x->cli->creditor, t->invoice_id, x->a->to,
				      err)))
		return rc;
	json_object_set_new(payload, "to", json_string(x->a->to));
	money_json(payload, "balance", t->balance, t->currency);
	json_object_set_new(payload, "currency", json_string(t->currency ? t->currency->code : ""));
	rl_buf_addf(said, "invoice '%s' handed off to %s: automatic dunning ends for it\n",
		    t->number, x->a->to);
	return 0;
}

static const struct verb verb_handoff = {
	"handoff", "has no open invoice left to hand off", true, handoff_check, handoff_apply,
};

int cmd_handoff(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "customer", required_argument, NULL, 'c' },
		{ "to", required_argument, NULL, 't' },
		{ "note", required_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 },
	};
	static const char *const whom[] = { "agency", "court" };
	struct args a;
	struct act x = { 0 };
	int rc;

	if ((rc = parse("handoff", opts, argc, argv, &a)) || (rc = need_target(&a)))
		return rc;
	if (!a.to)
		return cli_usage_error("handoff", "--to is required: agency or court");
	if ((rc = one_of("handoff", "--to", a.to, whom, 2)))
		return rc;
	if ((rc = cli_open_ledger(cli)) != EXIT_OK)
		return rc;
	act_init(&x, cli, &a, &verb_handoff);
	return act_on_invoices(&x);
}

/* --- log ------------------------------------------------------------------------------ */

static int log_apply(struct act *x, const struct target *t, const struct rl_case_info *ci,
		     json_t *payload, struct rl_buf *said, struct rl_err *err)
{
	(void)ci;
	(void)err;
	json_object_set_new(payload, "channel", json_string(x->a->channel));
	json_object_set_new(payload, "outcome", json_string(x->a->outcome));
	rl_buf_addf(said, "logged %s contact of %s about invoice '%s'\n", x->a->channel, x->today,
		    t->number);
	return 0;
}

static const struct verb verb_log = { "log", "", false, NULL, log_apply };

/* log --customer: one entry of the customer's. */
static int log_customer(struct act *x)
{
	struct cli *cli = x->cli;
	struct rl_journal_writer jw;
	struct rl_customer cu;
	struct rl_err err;
	char code[RL_MAX_ID + 1];
	json_t *payload;
	int rc;

	rl_err_clear(&err);
	if ((rc = rl_store_begin(cli->store, &err)))
		return cli_exit(rc, &err);
	if ((rc = rl_journal_open(&jw, cli->store, cli->creditor, cli->creditor_code, &err))) {
		rl_store_rollback(cli->store);
		return cli_exit(rc, &err);
	}
	rc = rl_store_customer_get(cli->store, cli->creditor, x->a->customer, &cu, &err);
	if (!rc) {
		snprintf(code, sizeof(code), "%s", cu.code);
		payload = payload_new(x);
		json_object_set_new(payload, "channel", json_string(x->a->channel));
		json_object_set_new(payload, "outcome", json_string(x->a->outcome));
		rc = journal_add(x, &jw, code, "", payload, &err);
		json_decref(payload);
	}
	if (rc) {
		rl_journal_abandon(&jw);
		rl_store_rollback(cli->store);
		return cli_exit(rc, &err);
	}
	if ((rc = rl_journal_close(&jw, &err)) || (rc = rl_store_commit(cli->store, &err))) {
		rl_store_rollback(cli->store);
		return cli_exit(rc, &err);
	}
	printf("logged %s contact of %s with customer '%s'\n", x->a->channel, x->today, code);
	return EXIT_OK;
}

int cmd_log(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "customer", required_argument, NULL, 'c' },
		{ "channel", required_argument, NULL, 'C' },
		{ "outcome", required_argument, NULL, 'o' },
		{ "note", required_argument, NULL, 'n' },
		{ "date", required_argument, NULL, 'd' },
		{ NULL, 0, NULL, 0 },
	};
	struct args a;
	struct act x = { 0 };
	int rc;

	if ((rc = parse("log", opts, argc, argv, &a)) || (rc = need_target(&a)))
		return rc;
	if (!a.channel)
		return cli_usage_error("log", "--channel is required: phone, letter, email or "
					      "visit");
	if ((rc = one_of("log", "--channel", a.channel, log_channels, 4)) ||
	    (rc = cli_check_text("log", "--outcome", a.outcome, true)))
		return rc;
	if ((rc = cli_check_not_after_today(cli, "log", "--date", a.date)))
		return rc;
	if ((rc = cli_open_ledger(cli)) != EXIT_OK)
		return rc;
	act_init(&x, cli, &a, &verb_log);
	/* The entry's date is the day of the contact. */
	rl_date_format_iso(a.date != RL_DATE_NONE ? a.date : cli->today, x.today);
	if (a.customer)
		return log_customer(&x);
	return act_on_invoices(&x);
}

/* --- block, unblock ---------------------------------------------------------------- */

static int set_blocked(struct cli *cli, const char *cmd, int argc, char **argv, bool blocked)
{
	static const struct option opts[] = {
		{ "note", required_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 },
	};
	struct rl_journal_writer jw;
	struct rl_customer cu;
	struct rl_err err;
	struct args a;
	struct act x = { 0 };
	struct verb v = { cmd, "", false, NULL, NULL };
	char code[RL_MAX_ID + 1];
	json_t *payload;
	int rc;

	if ((rc = parse(cmd, opts, argc, argv, &a)))
		return rc;
	if (!a.target)
		return cli_usage_error(cmd, "which customer?");
	if ((rc = cli_open_ledger(cli)) != EXIT_OK)
		return rc;
	act_init(&x, cli, &a, &v);
	rl_err_clear(&err);
	if ((rc = rl_store_begin(cli->store, &err)))
		return cli_exit(rc, &err);
	if ((rc = rl_journal_open(&jw, cli->store, cli->creditor, cli->creditor_code, &err))) {
		rl_store_rollback(cli->store);
		return cli_exit(rc, &err);
	}
	rc = rl_store_customer_get(cli->store, cli->creditor, a.target, &cu, &err);
	if (!rc && cu.blocked == blocked) {
		cli_errorf("customer '%s' is %s", a.target,
			   blocked ? "already blocked" : "not blocked");
		rl_journal_abandon(&jw);
		rl_store_rollback(cli->store);
		return EXIT_FAIL;
	}
	if (!rc) {
		snprintf(code, sizeof(code), "%s", cu.code);
		rc = rl_case_set_blocked(cli->store, cli->creditor, cu.id, blocked, &err);
	}
	if (!rc) {
		payload = payload_new(&x);
		rc = journal_add(&x, &jw, code, "", payload, &err);
		json_decref(payload);
	}
	if (rc) {
		rl_journal_abandon(&jw);
		rl_store_rollback(cli->store);
		return cli_exit(rc, &err);
	}
	if ((rc = rl_journal_close(&jw, &err)) || (rc = rl_store_commit(cli->store, &err))) {
		rl_store_rollback(cli->store);
		return cli_exit(rc, &err);
	}
	if (blocked)
		printf("customer '%s' blocked: no dunning step for any of its invoices until "
		       "'relance unblock %s'\n",
		       code, code);
	else
		printf("customer '%s' unblocked: dunning resumes at the next run\n", code);
	return EXIT_OK;
}

int cmd_block(struct cli *cli, int argc, char **argv)
{
	return set_blocked(cli, "block", argc, argv, true);
}

int cmd_unblock(struct cli *cli, int argc, char **argv)
{
	return set_blocked(cli, "unblock", argc, argv, false);
}
