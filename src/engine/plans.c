/* Payment plans made, cancelled and judged: see relance/engine/plans.h.
 * The run reads the open plans' ids first, then loads, judges and acts on
 * each plan (the store is not used while a query is being read); making a
 * plan reads the customer's open invoices first, then checks each. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "relance/core/ledger.h"
#include "relance/core/money.h"
#include "relance/core/plan.h"
#include "relance/engine/plans.h"
#include "relance/store/case.h"
#include "relance/store/plan.h"

static json_t *money_json(int64_t amount, const char *currency)
{
	const struct rl_currency *cur = rl_currency_find(currency, strlen(currency));
	char buf[64];

	rl_money_format(buf, sizeof(buf), amount, cur, RL_LOCALE_C);
	return json_string(buf);
}

static json_t *day_json(rl_date d)
{
	char day[RL_DATE_ISO_LEN + 1];

	rl_date_format_iso(d, day);
	return json_string(day);
}

/* The plan's invoice numbers, as a JSON array. */
static json_t *invoice_numbers(const struct rl_plan_record *rec)
{
	json_t *invoices = json_array();

	for (size_t i = 0; i < rec->ninv; i++)
		json_array_append_new(invoices, json_string(rec->inv[i].number));
	return invoices;
}

/* Appends an entry of the customer's (no invoice) with payload, written
 * canonically; a NULL payload (it could not be built) is RL_ENOMEM. */
static int journal_customer(struct rl_journal_writer *jw, const char *at, const char *actor,
			    const char *customer, const char *kind, const json_t *payload,
			    struct rl_err *err)
{
	struct rl_journal_entry e = { 0 };
	char *text = payload ? json_dumps(payload, JSON_SORT_KEYS | JSON_COMPACT) : NULL;
	int rc;

	if (!text)
		return rl_err_set(err, RL_ENOMEM, "out of memory");
	e.at = at;
	e.actor = actor;
	e.customer = customer;
	e.invoice = "";
	e.kind = kind;
	e.payload = text;
	rc = rl_journal_add(jw, &e, err);
	free(text);
	return rc;
}

/* Work done by hand on plans: fn runs inside one transaction with the
 * journal's chain locked, and everything it wrote is committed, or
 * nothing when it fails. */
typedef int (*plan_work_fn)(rl_store *s, struct rl_journal_writer *jw, void *ctx,
			    struct rl_err *err);

static int journaled(rl_store *s, const struct rl_plan_actor *by, plan_work_fn fn, void *ctx,
		     struct rl_err *err)
{
	struct rl_journal_writer jw;
	int rc;

	if ((rc = rl_store_begin(s, err)))
		return rc;
	if ((rc = rl_journal_open(&jw, s, by->creditor, by->creditor_code, err))) {
		rl_store_rollback(s);
		return rc;
	}
	if ((rc = fn(s, &jw, ctx, err))) {
		rl_journal_abandon(&jw);
		rl_store_rollback(s);
		return rc;
	}
	if ((rc = rl_journal_close(&jw, err)) || (rc = rl_store_commit(s, err)))
		rl_store_rollback(s);
	return rc;
}

/* Ends the open plan rec as st (completed, breached, cancelled) on day
 * `on`, in the caller's transaction: marks it so (RL_ECONFLICT when it is
 * not open any more) and lifts its pause from its invoices (a pause set
 * since for another reason stays). Appends to resumed the numbers of those
 * whose pause was lifted and that still have a balance: their dunning
 * resumes. */
static int end_plan(rl_store *s, int64_t creditor, const struct rl_plan_record *rec,
		    enum rl_plan_status st, rl_date on, json_t *resumed, struct rl_err *err)
{
	struct rl_case_info *ci = malloc(sizeof(*ci));
	int rc;

	if (!ci || !resumed) {
		free(ci);
		return rl_err_set(err, RL_ENOMEM, "out of memory");
	}
	rc = rl_plan_settle(s, rec->plan.id, st, on, err);
	for (size_t i = 0; !rc && i < rec->ninv; i++) {
		if ((rc = rl_case_get(s, rec->inv[i].id, ci, err)) ||
		    ci->state.pause != RL_PAUSE_PLAN)
			continue;
		if (!(rc = rl_case_set_pause(s, creditor, rec->inv[i].id, RL_PAUSE_NONE,
					     RL_DATE_NONE, NULL, err)) &&
		    rec->inv[i].amount > rec->inv[i].paid)
			json_array_append_new(resumed, json_string(rec->inv[i].number));
	}
	free(ci);
	return rc;
}

/* A dry run's end_plan: the pauses it would lift, added to foreseen. */
static int foresee_end(rl_store *s, const struct rl_plan_record *rec,
		       struct rl_case_changes *foreseen, struct rl_err *err)
{
	struct rl_case_info *ci = malloc(sizeof(*ci));
	int rc = 0;

	if (!ci)
		return rl_err_set(err, RL_ENOMEM, "out of memory");
	for (size_t i = 0; !rc && i < rec->ninv; i++) {
		if ((rc = rl_case_get(s, rec->inv[i].id, ci, err)) ||
		    ci->state.pause != RL_PAUSE_PLAN)
			continue;
		rc = rl_case_changes_add(foreseen, rec->inv[i].id, true, RL_DATE_NONE, err);
	}
	free(ci);
	return rc;
}

static json_t *outcome_payload(const struct rl_run_options *opt, const struct rl_plan_record *rec,
			       const struct rl_plan_judgement *j, json_t *resumed)
{
	const struct rl_plan *p = &rec->plan;
	json_t *o = json_object();

	json_object_set_new(o, "plan", json_integer(p->id));
	json_object_set_new(o, "currency", json_string(p->currency));
	json_object_set_new(o, "total", money_json(p->total, p->currency));
	json_object_set_new(o, "paid", money_json(j->paid, p->currency));
	json_object_set_new(o, "invoices", invoice_numbers(rec));
	json_object_set_new(o, "resumed", json_incref(resumed));
	json_object_set_new(o, "run_date", day_json(opt->date));
	if (j->verdict == RL_PLAN_BREACHED) {
		json_object_set_new(o, "instalment", json_integer((json_int_t)j->instalment + 1));
		json_object_set_new(o, "instalment_date", day_json(rec->inst[j->instalment].due));
		json_object_set_new(o, "due", money_json(j->due, p->currency));
		json_object_set_new(
			o, "last_day",
			day_json(rl_date_add_days(rec->inst[j->instalment].due, p->grace_days)));
	}
	return o;
}

static int settle(rl_store *s, const struct rl_run_options *opt, struct rl_journal_writer *jw,
		  const struct rl_plan_record *rec, const struct rl_plan_judgement *j,
		  struct rl_err *err)
{
	bool breached = j->verdict == RL_PLAN_BREACHED;
	enum rl_plan_status st = breached ? RL_PLAN_STATUS_BREACHED : RL_PLAN_STATUS_COMPLETED;
	json_t *resumed = json_array(), *payload = NULL;
	int rc;

	if (!(rc = end_plan(s, opt->creditor, rec, st, opt->date, resumed, err))) {
		payload = outcome_payload(opt, rec, j, resumed);
		rc = journal_customer(jw, opt->now, opt->actor, rec->plan.customer_code,
				      breached ? "plan_breached" : "plan_completed", payload, err);
	}
	json_decref(payload);
	json_decref(resumed);
	return rc;
}

int rl_plans_judge(rl_store *s, const struct rl_run_options *opt, struct rl_journal_writer *jw,
		   int64_t *completed, int64_t *breached, struct rl_case_changes *foreseen,
		   struct rl_err *err)
{
	struct rl_plan_record *rec = malloc(sizeof(*rec));
	int64_t *ids = NULL;
	size_t n = 0;
	int rc;

	*completed = *breached = 0;
	if (!rec)
		return rl_err_set(err, RL_ENOMEM, "out of memory");
	memset(rec, 0, sizeof(*rec));
	rc = rl_plan_ids(s, opt->creditor, 0, RL_PLAN_STATUS_OPEN, &ids, &n, err);
	for (size_t i = 0; !rc && i < n; i++) {
		struct rl_plan_paid paid;
		struct rl_plan_judgement j;

		if ((rc = rl_plan_load(s, opt->creditor, ids[i], rec, err)))
			break;
		paid = rl_plan_record_paid(rec);
		rl_plan_judge(rec->inst, rec->ninst, rec->plan.grace_days, &paid, opt->date, &j);
		if (j.verdict != RL_PLAN_HONOURED &&
		    !(rc = opt->dry_run ? foresee_end(s, rec, foreseen, err)
					: settle(s, opt, jw, rec, &j, err)))
			(*(j.verdict == RL_PLAN_BREACHED ? breached : completed))++;
		rl_plan_record_release(rec);
	}
	free(ids);
	free(rec);
	return rc;
}

/* --- made by hand ------------------------------------------------------------------ */

/* The customer's open invoices with their balance today; currency[i] is
 * v[i]'s. */
struct open_invoices {
	struct rl_plan_invoice *v;
	char (*currency)[4];
	size_t n, cap;
	struct rl_err *err;
};

static int add_open(void *ctx, const struct rl_invoice *inv)
{
	struct open_invoices *o = ctx;

	if (inv->type != RL_DOC_INVOICE || rl_invoice_balance(inv) <= 0)
		return 0;
	if (o->n == o->cap) {
		size_t ncap = o->cap ? 2 * o->cap : 16;
		struct rl_plan_invoice *grown = realloc(o->v, ncap * sizeof(*grown));
		char(*cur)[4];

		if (!grown)
			return rl_err_set(o->err, RL_ENOMEM, "out of memory");
		o->v = grown;
		if (!(cur = realloc(o->currency, ncap * sizeof(*cur))))
			return rl_err_set(o->err, RL_ENOMEM, "out of memory");
		o->currency = cur;
		o->cap = ncap;
	}
	memset(&o->v[o->n], 0, sizeof(o->v[0]));
	o->v[o->n].id = inv->id;
	snprintf(o->v[o->n].number, sizeof(o->v[0].number), "%s", inv->number);
	o->v[o->n].amount = inv->amount;
	o->v[o->n].balance_then = rl_invoice_balance(inv);
	o->v[o->n].paid_then = inv->paid;
	snprintf(o->currency[o->n], 4, "%s", inv->currency ? inv->currency->code : "");
	o->n++;
	return 0;
}

/* Why an open invoice cannot go into a plan: why[] is empty when it can. */
static int refusal(rl_store *s, const struct rl_plan_invoice *in, rl_date today, char *why,
		   size_t cap, struct rl_err *err)
{
	struct rl_case_info *ci = malloc(sizeof(*ci));
	int64_t other = 0;
	bool found = false;
	int rc;

	why[0] = '\0';
	if (!ci)
		return rl_err_set(err, RL_ENOMEM, "out of memory");
	if ((rc = rl_case_get(s, in->id, ci, err)) ||
	    (rc = rl_plan_of_invoice(s, in->id, &other, &found, err)))
		goto out;
	if (found)
		snprintf(why, cap, "is already in payment plan %lld", (long long)other);
	else if (ci->handed_off_to[0])
		snprintf(why, cap, "is handed off to %s", ci->handed_off_to);
	else if (ci->state.pause == RL_PAUSE_DISPUTE)
		snprintf(why, cap, "is disputed (%s)", ci->pause_note);
	else if (ci->state.pause == RL_PAUSE_MANUAL &&
		 (ci->state.paused_until == RL_DATE_NONE || ci->state.paused_until >= today)) {
		/* The plan's pause would replace it, and its end would be lost
		 * when the plan ends. */
		char until[RL_DATE_ISO_LEN + 1] = "";

		if (ci->state.paused_until != RL_DATE_NONE)
			rl_date_format_iso(ci->state.paused_until, until);
		snprintf(why, cap, "is paused until %s (%s): resume it first",
			 until[0] ? until : "further notice", ci->pause_note);
	}
out:
	free(ci);
	return rc;
}

/* Why a named invoice is not among the customer's open ones. */
static int not_open(rl_store *s, int64_t creditor, const char *number, const char *customer,
		    struct rl_err *err)
{
	struct rl_invoice inv;
	int rc;

	if ((rc = rl_store_invoice_get(s, creditor, number, &inv, err)))
		return rc;
	if (strcmp(inv.customer_code, customer) != 0)
		return rl_err_set(err, RL_EINVAL, "invoice '%s' belongs to customer '%s', not '%s'",
				  number, inv.customer_code, customer);
	if (inv.type != RL_DOC_INVOICE)
		return rl_err_set(err, RL_EINVAL,
				  "invoice '%s' is a credit note: there is nothing "
				  "to pay in instalments",
				  number);
	return rl_err_set(err, RL_EINVAL, "invoice '%s' is paid: there is nothing to chase",
			  number);
}

static bool named(const struct rl_plan_request *req, const char *number)
{
	for (size_t i = 0; i < req->ninvoices; i++)
		if (strcmp(req->invoices[i], number) == 0)
			return true;
	return false;
}

static bool among(const struct open_invoices *o, const char *number)
{
	for (size_t i = 0; i < o->n; i++)
		if (strcmp(o->v[i].number, number) == 0)
			return true;
	return false;
}

/* Keeps in o the invoices the plan covers: those named (each must be
 * open, the customer's and free), or every free one. */
static int choose_invoices(rl_store *s, const struct rl_plan_request *req, const char *customer,
			   struct open_invoices *o, struct rl_err *err)
{
	char why[RL_MAX_TEXT + 64];
	size_t kept = 0;
	int rc;

	for (size_t i = 0; i < req->ninvoices; i++)
		if (!among(o, req->invoices[i]))
			return not_open(s, req->by.creditor, req->invoices[i], customer, err);
	for (size_t i = 0; i < o->n; i++) {
		if (req->invoices && !named(req, o->v[i].number))
			continue;
		if ((rc = refusal(s, &o->v[i], req->by.today, why, sizeof(why), err)))
			return rc;
		if (why[0] && req->invoices)
			return rl_err_set(err, RL_EINVAL, "invoice '%s' %s", o->v[i].number, why);
		if (why[0]) {
			if (req->left_out)
				req->left_out(req->ctx, o->v[i].number, why);
			continue;
		}
		o->v[kept] = o->v[i];
		memcpy(o->currency[kept], o->currency[i], 4);
		kept++;
	}
	o->n = kept;
	if (!kept)
		return rl_err_set(err, RL_EINVAL,
				  "customer '%s' has no open invoice a plan can cover", customer);
	for (size_t i = 1; i < kept; i++)
		if (strcmp(o->currency[i], o->currency[0]) != 0)
			return rl_err_set(err, RL_EINVAL,
					  "invoices '%s' (%s) and '%s' (%s) are in different "
					  "currencies: give --invoices of one currency",
					  o->v[0].number, o->currency[0], o->v[i].number,
					  o->currency[i]);
	return 0;
}

static json_t *plan_payload(rl_date today, const struct rl_plan *p,
			    const struct rl_plan_instalment *v, const struct open_invoices *o)
{
	json_t *obj = json_object(), *schedule = json_array(), *invoices = json_array();

	for (int i = 0; i < p->instalments; i++)
		json_array_append_new(schedule,
				      json_pack("{s:o, s:o}", "date", day_json(v[i].due), "amount",
						money_json(v[i].amount, p->currency)));
	for (size_t i = 0; i < o->n; i++)
		json_array_append_new(invoices, json_string(o->v[i].number));
	json_object_set_new(obj, "date", day_json(today));
	json_object_set_new(obj, "plan", json_integer(p->id));
	json_object_set_new(obj, "amount", money_json(p->total, p->currency));
	json_object_set_new(obj, "currency", json_string(p->currency));
	json_object_set_new(obj, "instalments", json_integer(p->instalments));
	json_object_set_new(obj, "every_days", json_integer(p->every_days));
	json_object_set_new(obj, "grace_days", json_integer(p->grace_days));
	json_object_set_new(obj, "schedule", schedule);
	json_object_set_new(obj, "invoices", invoices);
	if (p->note[0])
		json_object_set_new(obj, "note", json_string(p->note));
	return obj;
}

/* Writes the plan, pauses its invoices and journals it. */
static int write_plan(rl_store *s, struct rl_journal_writer *jw, const struct rl_plan_actor *by,
		      struct rl_plan *p, const struct rl_plan_instalment *v,
		      const struct open_invoices *o, struct rl_err *err)
{
	char note[64];
	json_t *payload;
	int rc;

	if ((rc = rl_plan_add(s, by->creditor, p, v, (size_t)p->instalments, o->v, o->n, err)))
		return rc;
	snprintf(note, sizeof(note), "payment plan %lld", (long long)p->id);
	for (size_t i = 0; i < o->n; i++)
		if ((rc = rl_case_set_pause(s, by->creditor, o->v[i].id, RL_PAUSE_PLAN,
					    RL_DATE_NONE, note, err)))
			return rc;
	payload = plan_payload(by->today, p, v, o);
	rc = journal_customer(jw, by->at, by->actor, p->customer_code, "plan", payload, err);
	json_decref(payload);
	return rc;
}

struct create_work {
	const struct rl_plan_request *req;
	struct rl_plan_created *out;
	struct open_invoices o;
};

static int create_plan(rl_store *s, struct rl_journal_writer *jw, void *ctx, struct rl_err *err)
{
	struct create_work *w = ctx;
	const struct rl_plan_request *req = w->req;
	struct rl_plan *p = &w->out->plan;
	struct rl_invoice_query q = { 0 };
	struct rl_customer cu;
	int rc;

	w->o.err = err;
	if ((rc = rl_store_customer_get(s, req->by.creditor, req->customer, &cu, err)))
		return rc;
	p->customer_id = cu.id;
	snprintf(p->customer_code, sizeof(p->customer_code), "%s", cu.code);
	q.customer_code = p->customer_code;
	q.asof = req->by.today;
	q.unsettled_only = true;
	if ((rc = rl_store_invoice_each(s, req->by.creditor, &q, add_open, &w->o, err)) < 0 ||
	    (rc = choose_invoices(s, req, p->customer_code, &w->o, err)))
		return rc;
	for (size_t i = 0; i < w->o.n; i++) {
		if (w->o.v[i].balance_then > INT64_MAX - p->balance_then)
			return rl_err_set(err, RL_ERANGE,
					  "the invoices' balances add up to more "
					  "than a plan can hold");
		p->balance_then += w->o.v[i].balance_then;
	}
	p->total = p->balance_then;
	p->created_on = req->by.today;
	p->first_date = req->first != RL_DATE_NONE
				? req->first
				: rl_date_add_days(req->by.today, req->every_days);
	p->every_days = req->every_days;
	p->instalments = req->instalments;
	p->grace_days = req->grace_days;
	snprintf(p->currency, sizeof(p->currency), "%s", w->o.currency[0]);
	snprintf(p->note, sizeof(p->note), "%s", req->note ? req->note : "");
	snprintf(p->created_at, sizeof(p->created_at), "%s", req->by.at);
	if ((rc = rl_plan_split(p->total, p->instalments, p->every_days, p->first_date,
				w->out->inst, RL_PLAN_MAX_INSTALMENTS, err)))
		return rc;
	return write_plan(s, jw, &req->by, p, w->out->inst, &w->o, err);
}

/* The request's numbers in their ranges (relance plan checks them first,
 * as usage errors; this guards the other callers). */
static int check_numbers(const struct rl_plan_request *req, struct rl_err *err)
{
	if (req->instalments < 1 || req->instalments > RL_PLAN_MAX_INSTALMENTS)
		return rl_err_set(err, RL_EINVAL, "%d instalments: not 1 to %d",
				  (int)req->instalments, RL_PLAN_MAX_INSTALMENTS);
	if (req->every_days < 1 || req->every_days > RL_PLAN_MAX_EVERY_DAYS)
		return rl_err_set(err, RL_EINVAL, "%d days between instalments: not 1 to %d",
				  (int)req->every_days, RL_PLAN_MAX_EVERY_DAYS);
	if (req->grace_days < 0 || req->grace_days > RL_PLAN_MAX_GRACE_DAYS)
		return rl_err_set(err, RL_EINVAL, "%d days of grace: not 0 to %d",
				  (int)req->grace_days, RL_PLAN_MAX_GRACE_DAYS);
	if (req->first != RL_DATE_NONE && req->first < req->by.today)
		return rl_err_set(err, RL_EINVAL, "the first instalment's day is before today");
	return 0;
}

int rl_plan_create(rl_store *s, const struct rl_plan_request *req, struct rl_plan_created *out,
		   struct rl_err *err)
{
	struct create_work w = { req, out, { 0 } };
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = check_numbers(req, err)))
		return rc;
	rc = journaled(s, &req->by, create_plan, &w, err);
	free(w.o.currency);
	if (rc) {
		free(w.o.v);
		memset(out, 0, sizeof(*out));
		return rc;
	}
	out->inv = w.o.v;
	out->ninv = w.o.n;
	return 0;
}

void rl_plan_created_release(struct rl_plan_created *c)
{
	free(c->inv);
	c->inv = NULL;
	c->ninv = 0;
}

/* --- cancelled by hand ------------------------------------------------------------- */

struct cancel_work {
	const struct rl_plan_actor *by;
	int64_t plan;
	const char *reason;
	struct rl_plan_record *rec;
	json_t *resumed;
	struct rl_plan_cancelled *out;
};

/* Copies the numbers in the JSON array `numbers` into out. */
static int take_resumed(const json_t *numbers, struct rl_plan_cancelled *out, struct rl_err *err)
{
	size_t n = json_array_size(numbers);

	if (n && !(out->resumed = calloc(n, sizeof(*out->resumed))))
		return rl_err_set(err, RL_ENOMEM, "out of memory");
	for (size_t i = 0; i < n; i++)
		snprintf(out->resumed[i], sizeof(out->resumed[i]), "%s",
			 json_string_value(json_array_get(numbers, i)));
	out->nresumed = n;
	return 0;
}

static int cancel_plan(rl_store *s, struct rl_journal_writer *jw, void *ctx, struct rl_err *err)
{
	struct cancel_work *w = ctx;
	const struct rl_plan *p = &w->rec->plan;
	json_t *payload;
	int rc;

	if ((rc = rl_plan_load(s, w->by->creditor, w->plan, w->rec, err)))
		return rc;
	if (p->status != RL_PLAN_STATUS_OPEN)
		return rl_err_set(err, RL_EINVAL, "payment plan %lld is %s, not open",
				  (long long)p->id, rl_plan_status_str(p->status));
	if ((rc = end_plan(s, w->by->creditor, w->rec, RL_PLAN_STATUS_CANCELLED, w->by->today,
			   w->resumed, err)))
		return rc;
	payload = json_object();
	json_object_set_new(payload, "date", day_json(w->by->today));
	json_object_set_new(payload, "plan", json_integer(p->id));
	json_object_set_new(payload, "reason", json_string(w->reason));
	json_object_set_new(payload, "invoices", invoice_numbers(w->rec));
	json_object_set_new(payload, "resumed", json_incref(w->resumed));
	rc = journal_customer(jw, w->by->at, w->by->actor, p->customer_code, "plan_cancelled",
			      payload, err);
	json_decref(payload);
	return rc ? rc : take_resumed(w->resumed, w->out, err);
}

int rl_plan_cancel(rl_store *s, const struct rl_plan_actor *by, int64_t plan, const char *reason,
		   struct rl_plan_cancelled *out, struct rl_err *err)
{
	struct cancel_work w = {
		by, plan, reason, calloc(1, sizeof(struct rl_plan_record)), json_array(), out,
	};
	int rc;

	memset(out, 0, sizeof(*out));
	if (!w.rec || !w.resumed)
		rc = rl_err_set(err, RL_ENOMEM, "out of memory");
	else
		rc = journaled(s, by, cancel_plan, &w, err);
	if (rc)
		rl_plan_cancelled_release(out);
	if (w.rec)
		rl_plan_record_release(w.rec);
	free(w.rec);
	json_decref(w.resumed);
	return rc;
}

void rl_plan_cancelled_release(struct rl_plan_cancelled *c)
{
	free(c->resumed);
	c->resumed = NULL;
	c->nresumed = 0;
}
