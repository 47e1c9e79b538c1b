/* The dunning run: see relance/engine/run.h and DESIGN.md §4.
 *
 * Two phases in one transaction. The scan reads every open invoice with its
 * case state and asks core for a decision; due steps are kept in memory and
 * sorted by customer, due date and invoice. Then each customer's steps
 * are grouped by channel into communications and written with the cases'
 * new state and one journal entry per step, some thousands of steps per
 * store call (on PostgreSQL each call is a COPY and one statement, not a
 * round trip per row). Promises to pay whose day has
 * passed are settled first (engine/promises.h), and open payment plans
 * judged (engine/plans.h). When nothing is due and no promise or plan was
 * settled, nothing at all is written: a second run of the same
 * date leaves the database as it was. The journal writer locks the
 * creditor's chain first, so two runs started together on a server database
 * run one after the other, and the second finds every step already done.
 *
 * A dry run opens no transaction and writes nothing: promises and plans
 * only list the changes their settling would make to cases (run_state
 * .foreseen, sorted by invoice), and the scan applies them to the cases it
 * reads, so it decides exactly as the real run will. With no such change
 * (most runs) the scan pays one test per invoice; otherwise a binary
 * search. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "relance/core/buf.h"
#include "relance/core/limits.h"
#include "relance/engine/plans.h"
#include "relance/engine/promises.h"
#include "relance/engine/run.h"
#include "relance/store/dunning.h"
#include "relance/store/journal.h"
#include "relance/store/policy.h"

struct planned {
	int64_t invoice_id;
	int64_t customer_id;
	int64_t policy_id;
	size_t policy; /* index in run_state.policies */
	int step;
	int64_t balance;
	int32_t days_late;
	rl_date due_date;
	const struct rl_currency *currency;
	size_t number_off;   /* invoice number, in run_state.text */
	size_t customer_off; /* customer code, in run_state.text */
	int64_t communication;
};

struct loaded_policy {
	int64_t id;
	struct rl_policy p;
};

struct run_state {
	rl_store *store;
	const struct rl_run_options *opt;
	struct rl_run_result *res;
	struct rl_err *err;
	int64_t default_policy;
	struct loaded_policy *policies;
	size_t npolicies;
	struct planned *plan;
	size_t nplan, capplan;
	struct rl_buf text;
	struct rl_case_changes foreseen; /* a dry run's, sorted by invoice then seq */
};

int rl_case_changes_add(struct rl_case_changes *ch, int64_t invoice_id, bool lift_pause,
			rl_date gap_back, struct rl_err *err)
{
	if (ch->n == ch->cap) {
		size_t ncap = ch->cap ? 2 * ch->cap : 16;
		struct rl_case_change *grown = realloc(ch->v, ncap * sizeof(*grown));

		if (!grown)
			return rl_err_set(err, RL_ENOMEM, "out of memory");
		ch->v = grown;
		ch->cap = ncap;
	}
	ch->v[ch->n] = (struct rl_case_change){ invoice_id, lift_pause, gap_back, ch->n };
	ch->n++;
	return 0;
}

static int by_invoice_then_seq(const void *a, const void *b)
{
	const struct rl_case_change *x = a, *y = b;

	if (x->invoice_id != y->invoice_id)
		return x->invoice_id < y->invoice_id ? -1 : 1;
	return (x->seq > y->seq) - (x->seq < y->seq);
}

/* The case of row as the foreseen changes leave it, in *out; false when
 * none concerns it. Each change does what its write does in a real run
 * (rl_case_set_pause to none; rl_case_waive_gap's conditions), in the
 * order they were found. */
static bool foreseen_case(const struct run_state *st, const struct rl_dunning_row *row,
			  struct rl_case *out)
{
	const struct rl_case_changes *ch = &st->foreseen;
	size_t lo = 0, hi = ch->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (ch->v[mid].invoice_id < row->invoice_id)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == ch->n || ch->v[lo].invoice_id != row->invoice_id)
		return false;
	*out = row->state;
	for (; lo < ch->n && ch->v[lo].invoice_id == row->invoice_id; lo++) {
		const struct rl_case_change *c = &ch->v[lo];

		if (c->lift_pause) {
			out->pause = RL_PAUSE_NONE;
			out->paused_until = RL_DATE_NONE;
		}
		if (c->gap_back != RL_DATE_NONE && out->last_step >= 0 &&
		    out->last_step_date != RL_DATE_NONE && out->last_step_date < st->opt->date &&
		    out->last_step_date > c->gap_back)
			out->last_step_date = c->gap_back;
	}
	return true;
}

/* The loaded policy with this id, loading it on first use. */
static int policy_index(struct run_state *st, int64_t id, size_t *out)
{
	struct loaded_policy *grown;
	int rc;

	for (size_t i = 0; i < st->npolicies; i++) {
		if (st->policies[i].id == id) {
			*out = i;
			return 0;
		}
	}
	grown = realloc(st->policies, (st->npolicies + 1) * sizeof(*grown));
	if (!grown)
		return rl_err_set(st->err, RL_ENOMEM, "out of memory");
	st->policies = grown;
	grown[st->npolicies].id = id;
	if ((rc = rl_policy_load_id(st->store, id, &grown[st->npolicies].p, st->err)))
		return rc;
	*out = st->npolicies++;
	return 0;
}

static int keep_text(struct run_state *st, const char *s, size_t *off)
{
	*off = st->text.len;
	if (rl_buf_add(&st->text, s, strlen(s) + 1))
		return rl_err_set(st->err, RL_ENOMEM, "too many steps for one run");
	return 0;
}

static int consider(void *ctx, const struct rl_dunning_row *row)
{
	struct run_state *st = ctx;
	struct rl_dunning_input in = { row->due_date, row->balance, row->customer_blocked, false };
	struct rl_dunning_result d;
	const struct rl_case *state = &row->state;
	struct rl_case changed;
	struct planned *pl;
	int64_t pid;
	size_t pi = 0;
	int rc;

	st->res->evaluated++;
	if (st->foreseen.n && foreseen_case(st, row, &changed))
		state = &changed;
	/* A case keeps the policy its first step came from; a new case follows
	 * the customer's policy, else the creditor's default. */
	pid = state->last_step >= 0 && row->case_policy ? row->case_policy
	      : row->customer_policy                    ? row->customer_policy
							: st->default_policy;
	if (!pid) {
		st->res->no_policy = true;
		return 0;
	}
	if ((rc = policy_index(st, pid, &pi)))
		return rc;
	rl_dunning_decide(&st->policies[pi].p, state, &in, st->opt->date, &d);
	if (d.decision != RL_DECIDE_STEP) {
		st->res->skipped[d.decision]++;
		if (d.decision == RL_DECIDE_PAUSED && (unsigned)state->pause <= RL_PAUSE_MANUAL)
			st->res->paused[state->pause]++;
		return 0;
	}
	if (st->nplan == st->capplan) {
		size_t ncap = st->capplan ? 2 * st->capplan : 1024;
		struct planned *grown = realloc(st->plan, ncap * sizeof(*grown));

		if (!grown)
			return rl_err_set(st->err, RL_ENOMEM, "out of memory");
		st->plan = grown;
		st->capplan = ncap;
	}
	pl = &st->plan[st->nplan];
	memset(pl, 0, sizeof(*pl));
	pl->invoice_id = row->invoice_id;
	pl->customer_id = row->customer_id;
	pl->policy_id = pid;
	pl->policy = pi;
	pl->step = d.step;
	pl->balance = row->balance;
	pl->days_late = rl_date_diff(row->due_date, st->opt->date);
	pl->due_date = row->due_date;
	pl->currency = row->currency;
	if ((rc = keep_text(st, row->invoice_number, &pl->number_off)) ||
	    (rc = keep_text(st, row->customer_code, &pl->customer_off)))
		return rc;
	st->nplan++;
	st->res->steps++;
	return 0;
}

/* Communications are numbered in this order: by customer, then due date. */
static int by_customer(const void *a, const void *b)
{
	const struct planned *x = a, *y = b;

	if (x->customer_id != y->customer_id)
		return x->customer_id < y->customer_id ? -1 : 1;
	if (x->due_date != y->due_date)
		return x->due_date < y->due_date ? -1 : 1;
	return (x->invoice_id > y->invoice_id) - (x->invoice_id < y->invoice_id);
}

static const struct rl_policy_step *step_of(const struct run_state *st, const struct planned *pl)
{
	return &st->policies[pl->policy].p.steps[pl->step];
}

/* The journal payload of a step: canonical JSON (sorted keys, compact). */
static char *step_payload(const struct run_state *st, const struct planned *pl)
{
	char balance[64], day[RL_DATE_ISO_LEN + 1];
	const struct rl_policy_step *s = step_of(st, pl);
	json_t *o;
	char *text;

	rl_money_format(balance, sizeof(balance), pl->balance, pl->currency, RL_LOCALE_C);
	rl_date_format_iso(st->opt->date, day);
	o = json_pack("{s:s, s:s, s:I, s:s, s:I, s:s, s:s, s:I, s:s}", "balance", balance,
		      "channel", rl_channel_str(s->channel), "communication",
		      (json_int_t)pl->communication, "currency",
		      pl->currency ? pl->currency->code : "", "days_late",
		      (json_int_t)pl->days_late, "policy", st->policies[pl->policy].p.name,
		      "run_date", day, "step", (json_int_t)(pl->step + 1), "step_name", s->name);
	text = o ? json_dumps(o, JSON_SORT_KEYS | JSON_COMPACT) : NULL;
	json_decref(o);
	return text;
}

/* Numbers one customer's planned steps, plan[from..to), by communication:
 * one per channel, numbered from 1 across the run in customer then channel
 * order (the numbers a dry run shows). */
static void number_communications(struct run_state *st, size_t from, size_t to)
{
	for (int ch = 0; ch < RL_CHANNEL_COUNT; ch++) {
		int64_t comm = 0;

		for (size_t i = from; i < to; i++) {
			struct planned *pl = &st->plan[i];

			if ((int)step_of(st, pl)->channel != ch)
				continue;
			if (!comm)
				comm = ++st->res->communications;
			pl->communication = comm;
		}
	}
}

/* Creates the numbered communications in the store, in one batch, and
 * gives each planned step its communication's id instead of its number. */
static int assign_communications(struct run_state *st, int64_t run_id)
{
	size_t n = (size_t)st->res->communications;
	struct rl_communication_write *v = calloc(n ? n : 1, sizeof(*v));
	int rc;

	if (!v)
		return rl_err_set(st->err, RL_ENOMEM, "out of memory");
	for (size_t i = 0; i < st->nplan; i++) {
		const struct planned *pl = &st->plan[i];

		v[pl->communication - 1].customer_id = pl->customer_id;
		v[pl->communication - 1].channel = step_of(st, pl)->channel;
	}
	rc = rl_dunning_communications_add(st->store, st->opt->creditor, run_id, st->opt->date, v,
					   n, st->err);
	for (size_t i = 0; i < st->nplan && !rc; i++)
		st->plan[i].communication = v[st->plan[i].communication - 1].id;
	free(v);
	return rc;
}

/* Steps written per batch: bounds the journal payloads held at once. */
#define WRITE_BATCH 4096

/* What one batch of steps is written from. */
struct step_batch {
	struct rl_step_write w[WRITE_BATCH];
	struct rl_journal_entry e[WRITE_BATCH];
	char *payload[WRITE_BATCH];
};

/* Records plan[from..to) (at most WRITE_BATCH steps): their items in their
 * communications, the cases' new state, one journal entry each, in plan
 * order. */
static int write_steps(struct run_state *st, struct rl_journal_writer *jw, struct step_batch *b,
		       size_t from, size_t to)
{
	size_t n = 0;
	int rc = 0;

	for (; n < to - from; n++) {
		const struct planned *pl = &st->plan[from + n];
		const struct rl_policy_step *s = step_of(st, pl);

		if (!(b->payload[n] = step_payload(st, pl))) {
			rc = rl_err_set(st->err, RL_ENOMEM, "out of memory");
			break;
		}
		b->w[n] = (struct rl_step_write){ pl->communication, pl->invoice_id, pl->policy_id,
						  pl->step,          s->name,        pl->balance,
						  pl->days_late };
		b->e[n] = (struct rl_journal_entry){ 0 };
		b->e[n].at = st->opt->now;
		b->e[n].actor = st->opt->actor;
		b->e[n].customer = st->text.ptr + pl->customer_off;
		b->e[n].invoice = st->text.ptr + pl->number_off;
		b->e[n].kind = "step";
		b->e[n].payload = b->payload[n];
	}
	if (!rc && !(rc = rl_dunning_steps_add(st->store, st->opt->creditor, st->opt->date, b->w, n,
					       st->err)))
		rc = rl_journal_add_many(jw, b->e, n, st->err);
	while (n > 0)
		free(b->payload[--n]);
	return rc;
}

/* Records every planned step, WRITE_BATCH at a time, in plan order. */
static int write_all_steps(struct run_state *st, struct rl_journal_writer *jw)
{
	struct step_batch *b = malloc(sizeof(*b));
	int rc = 0;

	if (!b)
		return rl_err_set(st->err, RL_ENOMEM, "out of memory");
	for (size_t i = 0; i < st->nplan && !rc; i += WRITE_BATCH)
		rc = write_steps(st, jw, b, i,
				 st->nplan - i < WRITE_BATCH ? st->nplan : i + WRITE_BATCH);
	free(b);
	return rc;
}

static int by_invoice(const void *a, const void *b)
{
	const struct planned *x = a, *y = b;

	return (x->invoice_id > y->invoice_id) - (x->invoice_id < y->invoice_id);
}

static int write_run(struct run_state *st, struct rl_journal_writer *jw, struct rl_err *err)
{
	struct rl_journal_entry e = { 0 };
	char day[RL_DATE_ISO_LEN + 1], *payload;
	json_t *o;
	int64_t run_id = 0;
	size_t from = 0;
	int rc;

	if (!st->opt->dry_run &&
	    (rc = rl_dunning_run_start(st->store, st->opt->creditor, st->opt->date, st->opt->now,
				       &run_id, err)))
		return rc;
	for (size_t i = 1; i <= st->nplan; i++) {
		if (i == st->nplan || st->plan[i].customer_id != st->plan[from].customer_id) {
			number_communications(st, from, i);
			from = i;
		}
	}
	st->res->run_id = run_id;
	if (st->opt->dry_run)
		return 0;
	if ((rc = assign_communications(st, run_id)))
		return rc;
	/* In invoice order, the writes to the cases and the items' unique index
	 * land close together instead of all over the tables. */
	qsort(st->plan, st->nplan, sizeof(*st->plan), by_invoice);
	if ((rc = write_all_steps(st, jw)))
		return rc;
	qsort(st->plan, st->nplan, sizeof(*st->plan), by_customer);
	if ((rc = rl_dunning_run_finish(st->store, run_id, st->res->evaluated, st->res->steps,
					st->res->communications, err)))
		return rc;
	rl_date_format_iso(st->opt->date, day);
	o = json_pack("{s:I, s:s, s:I, s:I, s:I}", "communications",
		      (json_int_t)st->res->communications, "date", day, "evaluated",
		      (json_int_t)st->res->evaluated, "run", (json_int_t)run_id, "steps",
		      (json_int_t)st->res->steps);
	payload = o ? json_dumps(o, JSON_SORT_KEYS | JSON_COMPACT) : NULL;
	json_decref(o);
	if (!payload)
		return rl_err_set(err, RL_ENOMEM, "out of memory");
	e.at = st->opt->now;
	e.actor = st->opt->actor;
	e.kind = "run";
	e.payload = payload;
	rc = rl_journal_add(jw, &e, err);
	free(payload);
	return rc;
}

/* Hands every planned step to the caller, grouped by customer then channel. */
static int report(struct run_state *st)
{
	size_t from = 0;

	if (!st->opt->item)
		return 0;
	for (size_t i = 1; i <= st->nplan; i++) {
		if (i < st->nplan && st->plan[i].customer_id == st->plan[from].customer_id)
			continue;
		for (int ch = 0; ch < RL_CHANNEL_COUNT; ch++) {
			for (size_t k = from; k < i; k++) {
				const struct planned *pl = &st->plan[k];
				const struct rl_policy_step *s = step_of(st, pl);
				struct rl_run_item it = {
					pl->communication,
					st->text.ptr + pl->customer_off,
					s->channel,
					pl->step,
					s->name,
					st->policies[pl->policy].p.name,
					st->text.ptr + pl->number_off,
					pl->currency,
					pl->balance,
					pl->days_late,
				};
				int rc;

				if ((int)s->channel != ch)
					continue;
				if ((rc = st->opt->item(st->opt->ctx, &it)))
					return rc;
			}
		}
		from = i;
	}
	return 0;
}

int rl_run(rl_store *s, const struct rl_run_options *opt, struct rl_run_result *res,
	   struct rl_err *err)
{
	struct run_state st = { 0 };
	struct rl_journal_writer jw;
	bool in_tx = false, journal = false;
	int rc;

	memset(res, 0, sizeof(*res));
	st.store = s;
	st.opt = opt;
	st.res = res;
	st.err = err;
	rl_buf_init(&st.text, RL_MAX_OUTPUT);
	if (!opt->dry_run) {
		if ((rc = rl_store_begin(s, err)))
			goto out;
		in_tx = true;
		if ((rc = rl_journal_open(&jw, s, opt->creditor, opt->creditor_code, err)))
			goto out;
		journal = true;
	}
	/* Promises whose day has passed, before any case is looked at; in a
	 * dry run, foreseen. */
	if ((rc = rl_promises_settle(s, opt, journal ? &jw : NULL, &res->promises_kept,
				     &res->promises_broken, &st.foreseen, err)))
		goto out;
	/* So are payment plans: a breached one resumes its invoices now. */
	if ((rc = rl_plans_judge(s, opt, journal ? &jw : NULL, &res->plans_completed,
				 &res->plans_breached, &st.foreseen, err)))
		goto out;
	if (st.foreseen.n > 1)
		qsort(st.foreseen.v, st.foreseen.n, sizeof(*st.foreseen.v), by_invoice_then_seq);
	if ((rc = rl_policy_default(s, opt->creditor, &st.default_policy, err)) ||
	    (rc = rl_dunning_scan(s, opt->creditor, opt->date, consider, &st, err)) < 0)
		goto out;
	if (st.nplan == 0 && !(journal && jw.dirty)) {
		rc = 0;
		goto out; /* nothing due, no promise or plan settled: nothing written */
	}
	qsort(st.plan, st.nplan, sizeof(*st.plan), by_customer);
	if (st.nplan > 0 && (rc = write_run(&st, &jw, err)))
		goto out;
	if (journal) {
		journal = false;
		if ((rc = rl_journal_close(&jw, err)) || (rc = rl_store_commit(s, err)))
			goto out;
		in_tx = false;
	}
	rc = report(&st);
out:
	if (journal)
		rl_journal_abandon(&jw);
	if (in_tx)
		rl_store_rollback(s);
	if (rc && !opt->dry_run)
		res->run_id = 0;
	free(st.plan);
	free(st.policies);
	free(st.foreseen.v);
	rl_buf_release(&st.text);
	return rc;
}
