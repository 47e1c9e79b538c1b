/* relance history: the timeline of an invoice, or of every invoice of a
 * customer, by day. It gathers what the ledger knows (issue and due dates,
 * payments allocated), the steps the runs did (communications) and the
 * journal's entries about the invoice or the customer (disputes, promises
 * and their outcome, payment plans, pauses, hand-offs, blocks, contacts
 * logged by hand), and closes each invoice with the last day of its limitation period
 * (core/limitation.h). Read-only. */
#include <getopt.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "relance/core/limitation.h"
#include "relance/core/limits.h"
#include "relance/store/case.h"
#include "relance/store/journal.h"
#include "commands.h"

const char usage_history[] =
	"usage: relance history INVOICE|--customer ID [--format table|csv|json]\n"
	"\n"
	"The timeline of an invoice (with --customer, of each of the customer's\n"
	"invoices), by day: issued, due, payments allocated, dunning steps,\n"
	"disputes, promises to pay and their outcome, payment plans (made,\n"
	"completed, breached, cancelled), pauses, hand-offs, blocks and contacts\n"
	"logged by hand, then the prescription date: the last day\n"
	"of the limitation period (5 years between businesses, 2 years for a\n"
	"consumer, from the due date).\n"
	"\n"
	"options:\n"
	"  --customer ID   the whole timeline of this customer\n"
	"  --format F      table (default), csv or json\n";

/* Order of the events of one day: the ledger's first, then what was done
 * in the order it was journaled (a step by its own journal entry). */
enum rank {
	RANK_ISSUED,
	RANK_DUE,
	RANK_PAYMENT,
	RANK_JOURNAL, /* seq: the journal entry's */
	RANK_PRESCRIPTION,
};

struct event {
	rl_date date;
	enum rank rank;
	int64_t seq; /* journal seq, or a step's communication until it is known */
	size_t n;    /* insertion order, last tie-break */
	const struct rl_currency *cur;
	int64_t amount;
	bool has_amount;
	size_t invoice, kind, detail, actor; /* offsets in timeline.text */
};

/* An invoice of the timeline. */
struct inv {
	int64_t id;
	size_t number; /* offset in timeline.text */
	enum rl_doc_type type;
	rl_date issue_date, due_date;
	const struct rl_currency *cur;
	int64_t amount;
};

/* A step's journal entry: which communication, which seq. */
struct step_seq {
	int64_t communication, seq;
	size_t invoice; /* offset in timeline.text */
};

struct timeline {
	struct event *ev;
	size_t nev, capev;
	struct step_seq *steps;
	size_t nsteps, capsteps;
	struct inv *inv;
	size_t ninv, capinv;
	struct rl_buf text;
	struct rl_err *err;
	enum rl_customer_kind kind;
	rl_date today;
	size_t current; /* the invoice whose allocations are being read */
	bool customer_entries_only;
};

static int keep(struct timeline *tl, const char *s, size_t *off)
{
	*off = tl->text.len;
	if (rl_buf_add(&tl->text, s, strlen(s) + 1))
		return rl_err_set(tl->err, RL_ENOMEM, "the history is too long");
	return 0;
}

static const char *str(const struct timeline *tl, size_t off)
{
	return tl->text.ptr + off;
}

/* Adds an event; texts are copied. */
static int add(struct timeline *tl, rl_date date, enum rank rank, int64_t seq, const char *invoice,
	       const char *kind, const char *detail, const char *actor,
	       const struct rl_currency *cur, const int64_t *amount)
{
	struct event *e;
	int rc;

	if (tl->nev == tl->capev) {
		size_t ncap = tl->capev ? 2 * tl->capev : 64;
		struct event *grown = realloc(tl->ev, ncap * sizeof(*grown));

		if (!grown)
			return rl_err_set(tl->err, RL_ENOMEM, "out of memory");
		tl->ev = grown;
		tl->capev = ncap;
	}
	e = &tl->ev[tl->nev];
	memset(e, 0, sizeof(*e));
	e->date = date;
	e->rank = rank;
	e->seq = seq;
	e->n = tl->nev;
	e->cur = cur;
	if (amount) {
		e->amount = *amount;
		e->has_amount = true;
	}
	if ((rc = keep(tl, invoice, &e->invoice)) || (rc = keep(tl, kind, &e->kind)) ||
	    (rc = keep(tl, detail, &e->detail)) || (rc = keep(tl, actor, &e->actor)))
		return rc;
	tl->nev++;
	return 0;
}

static int by_date(const void *a, const void *b)
{
	const struct event *x = a, *y = b;

	if (x->date != y->date)
		return x->date < y->date ? -1 : 1;
	if (x->rank != y->rank)
		return x->rank < y->rank ? -1 : 1;
	if (x->seq != y->seq)
		return x->seq < y->seq ? -1 : 1;
	return (x->n > y->n) - (x->n < y->n);
}

/* --- the ledger: invoices and payments -------------------------------------------- */

static int add_invoice(void *ctx, const struct rl_invoice *in)
{
	struct timeline *tl = ctx;
	struct inv *v;

	if (tl->ninv == tl->capinv) {
		size_t ncap = tl->capinv ? 2 * tl->capinv : 16;
		struct inv *grown = realloc(tl->inv, ncap * sizeof(*grown));

		if (!grown)
			return rl_err_set(tl->err, RL_ENOMEM, "out of memory");
		tl->inv = grown;
		tl->capinv = ncap;
	}
	v = &tl->inv[tl->ninv];
	v->id = in->id;
	v->type = in->type;
	v->issue_date = in->issue_date;
	v->due_date = in->due_date;
	v->cur = in->currency;
	v->amount = in->amount;
	if (keep(tl, in->number, &v->number))
		return RL_ENOMEM;
	tl->ninv++;
	return 0;
}

static int add_payment(void *ctx, const struct rl_allocation *a)
{
	struct timeline *tl = ctx;
	const struct inv *v = &tl->inv[tl->current];
	char detail[RL_MAX_ID + 64];

	snprintf(detail, sizeof(detail), "payment %s allocated", a->payment_code);
	return add(tl, a->date, RANK_PAYMENT, 0, str(tl, v->number), "payment", detail, "", v->cur,
		   &a->amount);
}

/* Issued, due, payments and the prescription date of each invoice. */
static int add_ledger(struct cli *cli, struct timeline *tl)
{
	char detail[256], day[RL_DATE_ISO_LEN + 1], number[RL_MAX_ID + 1];
	int rc;

	for (size_t i = 0; i < tl->ninv; i++) {
		const struct inv *v = &tl->inv[i];
		bool credit = v->type == RL_DOC_CREDIT_NOTE;
		rl_date last;

		snprintf(number, sizeof(number), "%s", str(tl, v->number));
		rl_date_format_iso(v->due_date, day);
		snprintf(detail, sizeof(detail), "%s issued, due on %s",
			 credit ? "credit note" : "invoice", day);
		if ((rc = add(tl, v->issue_date, RANK_ISSUED, 0, number, "issued", detail, "",
			      v->cur, &v->amount)))
			return rc;
		if (credit)
			continue;
		if ((rc = add(tl, v->due_date, RANK_DUE, 0, number, "due", "payment due", "",
			      v->cur, &v->amount)))
			return rc;
		tl->current = i;
		rc = rl_store_allocation_each(cli->store, cli->creditor, v->id, add_payment, tl,
					      tl->err);
		if (rc)
			return rc < 0 ? rc : RL_EIO;
		if (rl_limitation_date(v->due_date, tl->kind, &last))
			continue;
		snprintf(detail, sizeof(detail),
			 "last day of the limitation period: %d years from the due date (%s "
			 "customer, %s)%s",
			 rl_limitation_years(tl->kind), rl_customer_kind_str(tl->kind),
			 rl_limitation_source(tl->kind),
			 rl_limitation_prescribed(last, tl->today) ? "; prescribed" : "");
		if ((rc = add(tl, last, RANK_PRESCRIPTION, 0, number, "prescription", detail, "",
			      NULL, NULL)))
			return rc;
	}
	return 0;
}

/* --- the steps done ------------------------------------------------------------------ */

static int add_step(void *ctx, const struct rl_step_done *d)
{
	struct timeline *tl = ctx;
	const struct rl_currency *cur = NULL;
	char detail[512];

	for (size_t i = 0; i < tl->ninv && !cur; i++)
		if (strcmp(str(tl, tl->inv[i].number), d->invoice_number) == 0)
			cur = tl->inv[i].cur;
	snprintf(detail, sizeof(detail), "step %d '%s' of %s by %s (communication %lld, %s)",
		 d->step + 1, d->step_name, d->policy, d->channel, (long long)d->communication,
		 d->status);
	return add(tl, d->on, RANK_JOURNAL, d->communication, d->invoice_number, "step", detail,
		   "run", cur, &d->balance);
}

/* Remembers a step's journal entry, to order the step among the others. */
static int add_step_seq(struct timeline *tl, const struct rl_journal_row *r)
{
	json_t *o = json_loads(r->e.payload, 0, NULL);
	int64_t comm = json_integer_value(json_object_get(o, "communication"));
	struct step_seq *s;

	json_decref(o);
	if (tl->nsteps == tl->capsteps) {
		size_t ncap = tl->capsteps ? 2 * tl->capsteps : 64;
		struct step_seq *grown = realloc(tl->steps, ncap * sizeof(*grown));

		if (!grown)
			return rl_err_set(tl->err, RL_ENOMEM, "out of memory");
		tl->steps = grown;
		tl->capsteps = ncap;
	}
	s = &tl->steps[tl->nsteps];
	s->communication = comm;
	s->seq = r->e.seq;
	if (keep(tl, r->e.invoice, &s->invoice))
		return RL_ENOMEM;
	tl->nsteps++;
	return 0;
}

/* Gives each step the seq of its journal entry (steps are few per
 * invoice: a plain search will do). */
static void order_steps(struct timeline *tl)
{
	for (size_t i = 0; i < tl->nev; i++) {
		struct event *e = &tl->ev[i];

		if (strcmp(str(tl, e->kind), "step") != 0)
			continue;
		for (size_t k = 0; k < tl->nsteps; k++) {
			if (tl->steps[k].communication == e->seq &&
			    strcmp(str(tl, tl->steps[k].invoice), str(tl, e->invoice)) == 0) {
				e->seq = tl->steps[k].seq;
				break;
			}
		}
	}
}

/* --- the journal ------------------------------------------------------------------------ */

static const char *field(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

/* "; NOTE" when the payload has a note. */
static void note_suffix(json_t *o, char *buf, size_t cap)
{
	const char *note = field(o, "note");

	buf[0] = '\0';
	if (*note)
		snprintf(buf, cap, ": %s", note);
}

/* The invoices of a payment plan's entry, "F1, F2". */
static void plan_invoices(json_t *o, const char *key, char *buf, size_t cap)
{
	json_t *a = json_object_get(o, key);
	size_t len = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < json_array_size(a) && len < cap; i++)
		len += (size_t)snprintf(buf + len, cap - len, "%s%s", i ? ", " : "",
					json_string_value(json_array_get(a, i)));
}

/* The detail text of the entries of payment plans ("plan", "plan_completed",
 * "plan_breached", "plan_cancelled"). */
static void describe_plan(const char *kind, json_t *o, char *buf, size_t cap)
{
	long long id = (long long)json_integer_value(json_object_get(o, "plan"));
	json_t *first = json_array_get(json_object_get(o, "schedule"), 0);
	char invoices[1024], resumed[1024];

	plan_invoices(o, "invoices", invoices, sizeof(invoices));
	plan_invoices(o, "resumed", resumed, sizeof(resumed));
	if (strcmp(kind, "plan") == 0)
		snprintf(buf, cap,
			 "payment plan %lld: %lld instalments every %lld days from %s, grace %lld "
			 "days, for %s",
			 id, (long long)json_integer_value(json_object_get(o, "instalments")),
			 (long long)json_integer_value(json_object_get(o, "every_days")),
			 field(first, "date"),
			 (long long)json_integer_value(json_object_get(o, "grace_days")), invoices);
	else if (strcmp(kind, "plan_completed") == 0)
		snprintf(buf, cap, "payment plan %lld completed: %s paid", id, field(o, "paid"));
	else if (strcmp(kind, "plan_breached") == 0)
		snprintf(buf, cap,
			 "payment plan %lld breached: instalment %lld of %s not paid by %s (%s due "
			 "by then, %s paid)%s%s",
			 id, (long long)json_integer_value(json_object_get(o, "instalment")),
			 field(o, "instalment_date"), field(o, "last_day"), field(o, "due"),
			 field(o, "paid"), *resumed ? "; dunning resumes for " : "", resumed);
	else
		snprintf(buf, cap, "payment plan %lld cancelled: %s", id, field(o, "reason"));
}

/* Is an entry of the customer's about this invoice? Those of payment plans
 * name their invoices; the others concern the whole account. */
static bool about_invoice(const char *kind, json_t *o, const char *number)
{
	json_t *a = json_object_get(o, "invoices");

	if (strncmp(kind, "plan", 4) != 0)
		return true;
	for (size_t i = 0; i < json_array_size(a); i++) {
		const char *s = json_string_value(json_array_get(a, i));

		if (s && strcmp(s, number) == 0)
			return true;
	}
	return false;
}

/* The detail text of a journal entry of the workflow, run or hand. */
static void describe(const char *kind, json_t *o, char *buf, size_t cap)
{
	char note[RL_MAX_TEXT + 8];
	const char *until = field(o, "until");

	note_suffix(o, note, sizeof(note));
	if (strcmp(kind, "dispute") == 0)
		snprintf(buf, cap, "disputed (%s)%s", field(o, "reason"), note);
	else if (strcmp(kind, "dispute_resolved") == 0)
		snprintf(buf, cap, "dispute (%s) resolved%s", field(o, "reason"), note);
	else if (strcmp(kind, "promise") == 0)
		snprintf(buf, cap, "promise to pay %s by %s%s%s", field(o, "amount"),
			 field(o, "promised_date"),
			 json_is_true(json_object_get(o, "escalate")) ? ", escalate if broken" : "",
			 note);
	else if (strcmp(kind, "promise_kept") == 0 || strcmp(kind, "promise_broken") == 0)
		snprintf(buf, cap, "promise to pay %s by %s %s: %s paid by then%s",
			 field(o, "amount"), field(o, "promised_date"), kind + strlen("promise_"),
			 field(o, "paid"),
			 strcmp(kind, "promise_broken") == 0 &&
					 json_is_true(json_object_get(o, "escalate"))
				 ? "; next step without waiting for its gap"
				 : "");
	else if (strcmp(kind, "pause") == 0)
		snprintf(buf, cap, "paused until %s: %s", *until ? until : "resumed",
			 field(o, "reason"));
	else if (strcmp(kind, "resume") == 0)
		snprintf(buf, cap, "%s pause lifted%s", field(o, "pause"), note);
	else if (strcmp(kind, "handoff") == 0)
		snprintf(buf, cap, "handed off to %s%s", field(o, "to"), note);
	else if (strcmp(kind, "block") == 0)
		snprintf(buf, cap, "customer blocked%s", note);
	else if (strcmp(kind, "unblock") == 0)
		snprintf(buf, cap, "customer unblocked%s", note);
	else if (strcmp(kind, "log") == 0)
		snprintf(buf, cap, "%s: %s%s", field(o, "channel"), field(o, "outcome"), note);
	else if (strncmp(kind, "plan", 4) == 0)
		describe_plan(kind, o, buf, cap);
	else if (strcmp(kind, "notice") == 0)
		snprintf(buf, cap, "formal notice recorded, dated %s", field(o, "date"));
	else if (strcmp(kind, "judgment") == 0)
		snprintf(buf, cap, "judgment recorded, dated %s%s%s", field(o, "date"),
			 *field(o, "court") ? ", " : "", field(o, "court"));
	else if (strcmp(kind, "waive") == 0)
		snprintf(buf, cap, "%s waived: %s", field(o, "what"), field(o, "reason"));
	else if (strcmp(kind, "waive_cancel") == 0)
		snprintf(buf, cap, "%s no longer waived", field(o, "what"));
	else
		buf[0] = '\0'; /* other kinds: the payload as it is */
}

/* The day an entry is about: its payload's date (or run_date), else the
 * day it was written. */
static rl_date entry_day(json_t *o, const char *at)
{
	const char *keys[] = { "date", "run_date" };
	rl_date d = 0;

	for (size_t i = 0; i < 2; i++) {
		const char *s = field(o, keys[i]);

		if (*s && rl_date_parse(s, strlen(s), "YYYY-MM-DD", &d, NULL) == 0)
			return d;
	}
	if (strlen(at) >= RL_DATE_ISO_LEN &&
	    rl_date_parse(at, RL_DATE_ISO_LEN, "YYYY-MM-DD", &d, NULL) == 0)
		return d;
	return 0;
}

static int add_entry(void *ctx, const struct rl_journal_row *r)
{
	struct timeline *tl = ctx;
	const struct rl_currency *cur = NULL;
	json_t *o;
	const char *amount;
	char *detail;
	int64_t v = 0;
	bool has = false;
	int rc;

	/* Steps come from their communications; runs are about no invoice. */
	if (strcmp(r->e.kind, "step") == 0)
		return add_step_seq(tl, r);
	if (strcmp(r->e.kind, "run") == 0)
		return 0;
	if (tl->customer_entries_only && r->e.invoice[0])
		return 0;
	o = json_loads(r->e.payload, 0, NULL);
	if (!o)
		o = json_object();
	/* One invoice's history: of the customer's entries, a payment plan's
	 * only when it covers the invoice. */
	if (tl->customer_entries_only && tl->ninv == 1 &&
	    !about_invoice(r->e.kind, o, str(tl, tl->inv[0].number))) {
		json_decref(o);
		return 0;
	}
	detail = malloc(RL_MAX_TEXT * 2 + 512);
	if (!detail) {
		json_decref(o);
		return rl_err_set(tl->err, RL_ENOMEM, "out of memory");
	}
	describe(r->e.kind, o, detail, RL_MAX_TEXT * 2 + 512);
	if (!detail[0]) {
		char *text = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);

		snprintf(detail, RL_MAX_TEXT * 2 + 512, "%s", text ? text : "");
		free(text);
	}
	amount = field(o, "amount");
	if (!*amount)
		amount = field(o, "balance");
	cur = rl_currency_find(field(o, "currency"), strlen(field(o, "currency")));
	if (*amount && cur &&
	    rl_money_parse(amount, strlen(amount), (struct rl_money_syntax){ '.' }, cur->exponent,
			   &v, NULL) == 0)
		has = true;
	rc = add(tl, entry_day(o, r->e.at), RANK_JOURNAL, r->e.seq, r->e.invoice, r->e.kind, detail,
		 r->e.actor, cur, has ? &v : NULL);
	free(detail);
	json_decref(o);
	return rc;
}

/* --- output ---------------------------------------------------------------------------- */

static const struct out_col cols[] = {
	{ "date", OUT_DATE },    { "invoice_number", OUT_STR }, { "event", OUT_STR },
	{ "currency", OUT_STR }, { "amount", OUT_MONEY },       { "detail", OUT_STR },
	{ "actor", OUT_STR },
};

static int print(struct cli *cli, struct timeline *tl, enum out_format fmt)
{
	struct out o;
	int rc = 0;

	order_steps(tl);
	qsort(tl->ev, tl->nev, sizeof(*tl->ev), by_date);
	out_begin(&o, fmt, cli->locale, cols, sizeof(cols) / sizeof(cols[0]), false, stdout);
	for (size_t i = 0; i < tl->nev && !rc; i++) {
		const struct event *e = &tl->ev[i];
		struct out_val v[7] = {
			{ .d = e->date },
			{ .s = str(tl, e->invoice), .null = !*str(tl, e->invoice) },
			{ .s = str(tl, e->kind) },
			{ .s = e->cur ? e->cur->code : NULL, .null = !e->cur },
			{ .i = e->amount, .cur = e->cur, .null = !e->has_amount },
			{ .s = str(tl, e->detail) },
			{ .s = str(tl, e->actor), .null = !*str(tl, e->actor) },
		};

		rc = out_row(&o, v);
	}
	if (out_end(&o) && !rc)
		rc = RL_EIO;
	return rc;
}

int cmd_history(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "customer", required_argument, NULL, 'c' },
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	enum out_format fmt = OUT_TABLE;
	const char *customer = NULL, *invoice = NULL;
	char code[RL_MAX_ID + 1], number[RL_MAX_ID + 1];
	struct rl_journal_filter f = { 0 };
	struct timeline tl = { 0 };
	struct rl_invoice inv;
	struct rl_customer cu;
	struct rl_err err;
	int64_t customer_id, invoice_id = 0;
	int c, rc;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'c')
			customer = optarg;
		else if (c == 'f' && (rc = cli_parse_format("history", optarg, &fmt)))
			return rc;
		else if (c != 'f')
			return cli_bad_option("history", argv);
	}
	if (optind < argc)
		invoice = argv[optind++];
	if (optind < argc)
		return cli_usage_error("history", "unexpected argument '%s'", argv[optind]);
	if (invoice && customer)
		return cli_usage_error("history", "give INVOICE or --customer ID, not both");
	if (!invoice && !customer)
		return cli_usage_error("history", "which invoice? give INVOICE or --customer ID");
	if ((rc = cli_open_ledger(cli)) != EXIT_OK)
		return rc;
	rl_err_clear(&err);
	tl.err = &err;
	tl.today = cli->today;
	rl_buf_init(&tl.text, RL_MAX_OUTPUT);
	if (invoice) {
		if ((rc = rl_store_invoice_get(cli->store, cli->creditor, invoice, &inv, &err)))
			goto out;
		snprintf(number, sizeof(number), "%s", inv.number);
		snprintf(code, sizeof(code), "%s", inv.customer_code);
		inv.number = number;
		invoice_id = inv.id;
		if ((rc = add_invoice(&tl, &inv)))
			goto out;
		customer = code;
	}
	if ((rc = rl_store_customer_get(cli->store, cli->creditor, customer, &cu, &err)))
		goto out;
	snprintf(code, sizeof(code), "%s", cu.code);
	customer_id = cu.id;
	tl.kind = cu.kind;
	if (!invoice) {
		struct rl_invoice_query q = { code, cli->today, false, false };

		if ((rc = rl_store_invoice_each(cli->store, cli->creditor, &q, add_invoice, &tl,
						&err)) < 0)
			goto out;
	}
	if ((rc = add_ledger(cli, &tl)) ||
	    (rc = rl_step_done_each(cli->store, cli->creditor, invoice_id,
				    invoice ? 0 : customer_id, add_step, &tl, &err)) < 0)
		goto out;
	/* The invoice's entries and its customer's own (blocks, contacts about
	 * the account); or everything about the customer. */
	f.customer = code;
	f.invoice = invoice ? number : NULL;
	if ((rc = rl_journal_each(cli->store, cli->creditor, cli->creditor_code, &f, add_entry, &tl,
				  &err)) < 0)
		goto out;
	if (invoice) {
		f.invoice = NULL;
		tl.customer_entries_only = true;
		if ((rc = rl_journal_each(cli->store, cli->creditor, cli->creditor_code, &f,
					  add_entry, &tl, &err)) < 0)
			goto out;
	}
	if ((rc = print(cli, &tl, fmt)) == RL_EIO)
		rl_err_set(&err, RL_EIO, "cannot write the output");
out:
	free(tl.ev);
	free(tl.inv);
	free(tl.steps);
	rl_buf_release(&tl.text);
	return cli_exit(rc < 0 ? rc : 0, &err);
}
