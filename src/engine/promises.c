/* Settling promises to pay in the daily run: see relance/engine/promises.h.
 * The due promises are read first, then each is settled (the store is not
 * used while a query is being read). */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "relance/core/buf.h"
#include "relance/core/limits.h"
#include "relance/core/money.h"
#include "relance/engine/promises.h"
#include "relance/store/case.h"
#include "relance/store/policy.h"

struct due {
	struct rl_promise p;
	int64_t balance_then;
	struct rl_case state;
	int64_t case_policy;
	size_t number_off, customer_off; /* in collect.text */
	char currency[4];
};

struct collect {
	struct due *v;
	size_t n, cap;
	struct rl_buf text;
	struct rl_err *err;
};

static int keep(struct collect *c, const char *s, size_t *off)
{
	*off = c->text.len;
	if (rl_buf_add(&c->text, s, strlen(s) + 1))
		return rl_err_set(c->err, RL_ENOMEM, "too many promises for one run");
	return 0;
}

static int collect_one(void *ctx, const struct rl_promise_due *d)
{
	struct collect *c = ctx;
	struct due *e;
	int rc;

	if (c->n == c->cap) {
		size_t ncap = c->cap ? 2 * c->cap : 64;
		struct due *grown = realloc(c->v, ncap * sizeof(*grown));

		if (!grown)
			return rl_err_set(c->err, RL_ENOMEM, "out of memory");
		c->v = grown;
		c->cap = ncap;
	}
	e = &c->v[c->n];
	memset(e, 0, sizeof(*e));
	e->p = d->p;
	e->p.created_at = NULL;
	e->balance_then = d->balance_then;
	e->state = d->state;
	e->case_policy = d->case_policy;
	snprintf(e->currency, sizeof(e->currency), "%s", d->currency);
	if ((rc = keep(c, d->invoice_number, &e->number_off)) ||
	    (rc = keep(c, d->customer_code, &e->customer_off)))
		return rc;
	c->n++;
	return 0;
}

/* The largest minimum gap of the steps after the case's last one: waiving
 * it lets whichever comes next go. */
static int next_gap(rl_store *s, const struct due *d, int32_t *gap, struct rl_err *err)
{
	struct rl_policy *p;
	int rc;

	*gap = 0;
	if (d->state.last_step < 0 || !d->case_policy)
		return 0;
	p = malloc(sizeof(*p));
	if (!p)
		return rl_err_set(err, RL_ENOMEM, "out of memory");
	rc = rl_policy_load_id(s, d->case_policy, p, err);
	for (size_t i = (size_t)d->state.last_step + 1; !rc && i < p->nsteps; i++)
		if (p->steps[i].min_gap_days > *gap)
			*gap = p->steps[i].min_gap_days;
	free(p);
	return rc;
}

static char *outcome_payload(const struct rl_run_options *opt, const struct due *d, int64_t paid,
			     bool resumed)
{
	const struct rl_currency *cur = rl_currency_find(d->currency, strlen(d->currency));
	char amount[64], paid_s[64], day[RL_DATE_ISO_LEN + 1], run[RL_DATE_ISO_LEN + 1];
	json_t *o;
	char *text;

	rl_money_format(amount, sizeof(amount), d->p.amount, cur, RL_LOCALE_C);
	rl_money_format(paid_s, sizeof(paid_s), paid, cur, RL_LOCALE_C);
	rl_date_format_iso(d->p.promised_date, day);
	rl_date_format_iso(opt->date, run);
	o = json_pack("{s:s, s:s, s:b, s:s, s:I, s:s, s:b, s:s}", "amount", amount, "currency",
		      d->currency, "escalate", d->p.escalate, "paid", paid_s, "promise",
		      (json_int_t)d->p.id, "promised_date", day, "resumed", resumed, "run_date",
		      run);
	text = o ? json_dumps(o, JSON_SORT_KEYS | JSON_COMPACT) : NULL;
	json_decref(o);
	return text;
}

/* A dry run's settle: what the real one would change in the case (the
 * writes below, in the same order), added to foreseen. */
static int foresee(rl_store *s, const struct rl_run_options *opt, const struct due *d, bool kept,
		   bool resumed, struct rl_case_changes *foreseen, struct rl_err *err)
{
	int32_t gap = 0;
	int rc;

	if (!kept && d->p.escalate && (rc = next_gap(s, d, &gap, err)))
		return rc;
	if (!resumed && gap <= 0)
		return 0;
	return rl_case_changes_add(foreseen, d->p.invoice_id, resumed,
				   gap > 0 ? rl_date_add_days(opt->date, -gap) : RL_DATE_NONE, err);
}

static int settle(rl_store *s, const struct rl_run_options *opt, struct rl_journal_writer *jw,
		  const struct due *d, const char *number, const char *customer, bool *kept,
		  struct rl_case_changes *foreseen, struct rl_err *err)
{
	struct rl_journal_entry e = { 0 };
	int64_t paid = d->p.balance - d->balance_then;
	bool resumed;
	int32_t gap = 0;
	char *payload;
	int rc;

	*kept = d->balance_then <= d->p.balance - d->p.amount;
	/* Only the promise's own pause is lifted: another set since stays. */
	resumed = d->state.pause == RL_PAUSE_PROMISE && d->state.paused_until == d->p.promised_date;
	if (opt->dry_run)
		return foresee(s, opt, d, *kept, resumed, foreseen, err);
	if ((rc = rl_promise_settle(s, d->p.id, *kept ? RL_PROMISE_KEPT : RL_PROMISE_BROKEN,
				    opt->date, err)))
		return rc;
	if (resumed && (rc = rl_case_set_pause(s, opt->creditor, d->p.invoice_id, RL_PAUSE_NONE,
					       RL_DATE_NONE, NULL, err)))
		return rc;
	if (!*kept && d->p.escalate &&
	    ((rc = next_gap(s, d, &gap, err)) ||
	     (rc = rl_case_waive_gap(s, d->p.invoice_id, opt->date, gap, err))))
		return rc;
	payload = outcome_payload(opt, d, paid > 0 ? paid : 0, resumed);
	if (!payload)
		return rl_err_set(err, RL_ENOMEM, "out of memory");
	e.at = opt->now;
	e.actor = opt->actor;
	e.customer = customer;
	e.invoice = number;
	e.kind = *kept ? "promise_kept" : "promise_broken";
	e.payload = payload;
	rc = rl_journal_add(jw, &e, err);
	free(payload);
	return rc;
}

int rl_promises_settle(rl_store *s, const struct rl_run_options *opt, struct rl_journal_writer *jw,
		       int64_t *kept, int64_t *broken, struct rl_case_changes *foreseen,
		       struct rl_err *err)
{
	struct collect c = { 0 };
	int rc;

	*kept = *broken = 0;
	c.err = err;
	rl_buf_init(&c.text, RL_MAX_OUTPUT);
	rc = rl_promise_due_each(s, opt->creditor, opt->date, collect_one, &c, err);
	if (rc > 0)
		rc = 0;
	for (size_t i = 0; !rc && i < c.n; i++) {
		bool was_kept = false;

		rc = settle(s, opt, jw, &c.v[i], c.text.ptr + c.v[i].number_off,
			    c.text.ptr + c.v[i].customer_off, &was_kept, foreseen, err);
		if (!rc)
			(*(was_kept ? kept : broken))++;
	}
	free(c.v);
	rl_buf_release(&c.text);
	return rc;
}
