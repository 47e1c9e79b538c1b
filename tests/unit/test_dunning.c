/* Unit tests of the dunning decision (core/dunning.c): rl_dunning_decide as a
 * table of cases (policy, case state, input, today -> decision, step, day),
 * rl_policy_validate's refusals, and the channel and decision names. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "relance/core/dunning.h"
#include "relance/formats/policy_file.h"

static rl_date D(const char *iso)
{
	rl_date d = 0;

	assert_int_equal(rl_date_parse(iso, strlen(iso), "YYYY-MM-DD", &d, NULL), 0);
	return d;
}

static void add_step(struct rl_policy *p, const char *name, int32_t offset, enum rl_channel ch,
		     int64_t min_balance, int32_t min_gap)
{
	struct rl_policy_step *s = &p->steps[p->nsteps++];

	memset(s, 0, sizeof(*s));
	snprintf(s->name, sizeof(s->name), "%s", name);
	snprintf(s->template_name, sizeof(s->template_name), "%s", name);
	s->offset_days = offset;
	s->channel = ch;
	s->min_balance = min_balance;
	s->min_gap_days = min_gap;
}

/* fr-standard as shipped (data/policies/fr-standard.ini); the test
 * shipped_fr_standard_is_the_table_policy checks that they agree. */
static struct rl_policy standard;
/* Two courtesy steps, then one reminder; no gaps: courtesy skipping alone. */
static struct rl_policy courtesy2;
/* Only a courtesy step: nothing left once the due date has passed. */
static struct rl_policy courtesy_only;
/* A later step with a lower minimum than the one before it. */
static struct rl_policy dip;

static int setup(void **state)
{
	(void)state;
	memset(&standard, 0, sizeof(standard));
	snprintf(standard.name, sizeof(standard.name), "fr-standard");
	add_step(&standard, "courtesy reminder", -5, RL_CHANNEL_EMAIL, 0, 0);
	add_step(&standard, "first reminder", 1, RL_CHANNEL_EMAIL, 0, 7);
	add_step(&standard, "second reminder", 10, RL_CHANNEL_EMAIL, 0, 7);
	add_step(&standard, "registered letter", 20, RL_CHANNEL_REGISTERED_LETTER, 1500, 7);
	add_step(&standard, "phone call", 30, RL_CHANNEL_PHONE, 1500, 7);
	add_step(&standard, "formal notice", 40, RL_CHANNEL_FORMAL_NOTICE, 4000, 7);
	add_step(&standard, "hand-off", 55, RL_CHANNEL_HANDOFF, 15000, 7);

	memset(&courtesy2, 0, sizeof(courtesy2));
	snprintf(courtesy2.name, sizeof(courtesy2.name), "courtesy2");
	add_step(&courtesy2, "early", -10, RL_CHANNEL_EMAIL, 0, 0);
	add_step(&courtesy2, "late courtesy", -5, RL_CHANNEL_SMS, 0, 0);
	add_step(&courtesy2, "reminder", 1, RL_CHANNEL_EMAIL, 0, 0);

	memset(&courtesy_only, 0, sizeof(courtesy_only));
	snprintf(courtesy_only.name, sizeof(courtesy_only.name), "courtesy-only");
	add_step(&courtesy_only, "courtesy", -5, RL_CHANNEL_EMAIL, 0, 0);

	memset(&dip, 0, sizeof(dip));
	snprintf(dip.name, sizeof(dip.name), "dip");
	add_step(&dip, "letter", 1, RL_CHANNEL_LETTER, 1500, 0);
	add_step(&dip, "email", 2, RL_CHANNEL_EMAIL, 0, 0);
	return 0;
}

/* A case: which policy, what was done last, pauses, then the input and today. */
struct decide_case {
	const char *what;
	const struct rl_policy *policy;
	int last_step;       /* -1: nothing done yet */
	const char *last_on; /* ISO day of the last step, NULL if none */
	enum rl_pause_reason pause;
	const char *paused_until; /* NULL: open-ended (RL_DATE_NONE) */
	bool handed_off;
	const char *due;
	int64_t balance;
	bool blocked, customer_paused;
	const char *today;
	enum rl_decision want;
	int want_step;       /* -1 where no step concerns the decision */
	const char *want_on; /* NOT_DUE and GAP: the day it can be sent; else NULL */
};

/* Due date of most cases: J = 2026-10-01. */
#define J "2026-10-01"

static const struct decide_case decide_cases[] = {
	/* Courtesy steps: sent before the due date, never after it. */
	{ "courtesy not yet due at J-6", &standard, -1, NULL, RL_PAUSE_NONE, NULL, false, J, 10000,
	  false, false, "2026-09-25", RL_DECIDE_NOT_DUE, 0, "2026-09-26" },
	{ "courtesy sent at J-5", &standard, -1, NULL, RL_PAUSE_NONE, NULL, false, J, 10000, false,
	  false, "2026-09-26", RL_DECIDE_STEP, 0, NULL },
	{ "courtesy still sent on the due date itself", &standard, -1, NULL, RL_PAUSE_NONE, NULL,
	  false, J, 10000, false, false, J, RL_DECIDE_STEP, 0, NULL },
	{ "courtesy skipped once the due date has passed", &standard, -1, NULL, RL_PAUSE_NONE, NULL,
	  false, J, 10000, false, false, "2026-10-02", RL_DECIDE_STEP, 1, NULL },
	{ "after courtesy, first reminder not due before J+1", &standard, 0, "2026-09-26",
	  RL_PAUSE_NONE, NULL, false, J, 10000, false, false, J, RL_DECIDE_NOT_DUE, 1,
	  "2026-10-02" },
	/* fr-standard's 7-day gap counts from the courtesy email (J-5): J+2. */
	{ "after courtesy at J-5, first reminder waits for the gap", &standard, 0, "2026-09-26",
	  RL_PAUSE_NONE, NULL, false, J, 10000, false, false, "2026-10-02", RL_DECIDE_GAP, 1,
	  "2026-10-03" },
	{ "after courtesy, first reminder once the gap is over", &standard, 0, "2026-09-26",
	  RL_PAUSE_NONE, NULL, false, J, 10000, false, false, "2026-10-03", RL_DECIDE_STEP, 1,
	  NULL },
	{ "second courtesy skipped after the due date, first one done", &courtesy2, 0, "2026-09-21",
	  RL_PAUSE_NONE, NULL, false, J, 10000, false, false, "2026-10-02", RL_DECIDE_STEP, 2,
	  NULL },
	{ "both courtesy steps skipped for an invoice found late", &courtesy2, -1, NULL,
	  RL_PAUSE_NONE, NULL, false, J, 10000, false, false, "2026-10-05", RL_DECIDE_STEP, 2,
	  NULL },
	{ "second courtesy sent before the due date", &courtesy2, 0, "2026-09-21", RL_PAUSE_NONE,
	  NULL, false, J, 10000, false, false, "2026-09-27", RL_DECIDE_STEP, 1, NULL },
	{ "a policy of courtesy only is finished once due", &courtesy_only, -1, NULL, RL_PAUSE_NONE,
	  NULL, false, J, 10000, false, false, "2026-10-02", RL_DECIDE_FINISHED, -1, NULL },

	/* One step per run: found 90 days late, it starts at the first reminder. */
	{ "90 days late: first overdue step, not the formal notice", &standard, -1, NULL,
	  RL_PAUSE_NONE, NULL, false, J, 1000000, false, false, "2026-12-30", RL_DECIDE_STEP, 1,
	  NULL },
	{ "90 days late, next day: the gap", &standard, 1, "2026-12-30", RL_PAUSE_NONE, NULL, false,
	  J, 1000000, false, false, "2026-12-31", RL_DECIDE_GAP, 2, "2027-01-06" },
	{ "90 days late, 3 days on: still the gap", &standard, 1, "2026-12-30", RL_PAUSE_NONE, NULL,
	  false, J, 1000000, false, false, "2027-01-02", RL_DECIDE_GAP, 2, "2027-01-06" },
	{ "90 days late, 6 days on: still the gap", &standard, 1, "2026-12-30", RL_PAUSE_NONE, NULL,
	  false, J, 1000000, false, false, "2027-01-05", RL_DECIDE_GAP, 2, "2027-01-06" },
	{ "90 days late, 7 days on: the next step", &standard, 1, "2026-12-30", RL_PAUSE_NONE, NULL,
	  false, J, 1000000, false, false, "2027-01-06", RL_DECIDE_STEP, 2, NULL },
	{ "the formal notice only after the phone call", &standard, 4, "2027-01-27", RL_PAUSE_NONE,
	  NULL, false, J, 1000000, false, false, "2027-02-03", RL_DECIDE_STEP, 5, NULL },
	{ "the hand-off last", &standard, 5, "2027-02-03", RL_PAUSE_NONE, NULL, false, J, 1000000,
	  false, false, "2027-02-10", RL_DECIDE_STEP, 6, NULL },

	/* Offset and gap together: the later of the two days. */
	{ "gap over but offset not reached: not due", &standard, 1, "2026-10-02", RL_PAUSE_NONE,
	  NULL, false, J, 10000, false, false, "2026-10-09", RL_DECIDE_NOT_DUE, 2, "2026-10-11" },
	{ "offset reached but gap not over: gap", &standard, 1, "2026-10-08", RL_PAUSE_NONE, NULL,
	  false, J, 10000, false, false, "2026-10-11", RL_DECIDE_GAP, 2, "2026-10-15" },
	{ "offset reached and gap over: step", &standard, 1, "2026-10-08", RL_PAUSE_NONE, NULL,
	  false, J, 10000, false, false, "2026-10-15", RL_DECIDE_STEP, 2, NULL },

	/* Done today: running every hour equals running once a day. */
	{ "a step done today: nothing more today", &standard, 1, "2026-10-02", RL_PAUSE_NONE, NULL,
	  false, J, 10000, false, false, "2026-10-02", RL_DECIDE_DONE_TODAY, -1, NULL },
	{ "a step recorded after today (run back in time)", &standard, 2, "2026-10-11",
	  RL_PAUSE_NONE, NULL, false, J, 10000, false, false, "2026-10-05", RL_DECIDE_DONE_TODAY,
	  -1, NULL },

	/* Minimum balance: registered letter and phone call need 15.00, the
	 * formal notice 40.00, the hand-off 150.00. */
	{ "10.00 is below the registered letter's 15.00", &standard, 2, "2026-10-11", RL_PAUSE_NONE,
	  NULL, false, J, 1000, false, false, "2026-10-21", RL_DECIDE_MIN_BALANCE, 3, NULL },
	{ "14.99 is below 15.00", &standard, 2, "2026-10-11", RL_PAUSE_NONE, NULL, false, J, 1499,
	  false, false, "2026-10-21", RL_DECIDE_MIN_BALANCE, 3, NULL },
	{ "15.00 exactly is enough", &standard, 2, "2026-10-11", RL_PAUSE_NONE, NULL, false, J,
	  1500, false, false, "2026-10-21", RL_DECIDE_STEP, 3, NULL },
	{ "10.00 stays skipped at J+200: later steps need more", &standard, 2, "2026-10-11",
	  RL_PAUSE_NONE, NULL, false, J, 1000, false, false, "2027-04-19", RL_DECIDE_MIN_BALANCE, 3,
	  NULL },
	{ "39.99 passes the phone call, not the formal notice", &standard, 4, "2026-10-31",
	  RL_PAUSE_NONE, NULL, false, J, 3999, false, false, "2026-11-10", RL_DECIDE_MIN_BALANCE, 5,
	  NULL },
	{ "40.00 gets the formal notice", &standard, 4, "2026-10-31", RL_PAUSE_NONE, NULL, false, J,
	  4000, false, false, "2026-11-10", RL_DECIDE_STEP, 5, NULL },
	{ "149.99 does not get the hand-off", &standard, 5, "2026-11-10", RL_PAUSE_NONE, NULL,
	  false, J, 14999, false, false, "2026-11-25", RL_DECIDE_MIN_BALANCE, 6, NULL },
	{ "150.00 gets the hand-off", &standard, 5, "2026-11-10", RL_PAUSE_NONE, NULL, false, J,
	  15000, false, false, "2026-11-25", RL_DECIDE_STEP, 6, NULL },
	/* A step the balance does not reach is passed over for a later one it
	 * does reach, on that step's own day and gap. */
	{ "below a step's minimum, a later cheaper step is done instead", &dip, -1, NULL,
	  RL_PAUSE_NONE, NULL, false, J, 1000, false, false, "2026-10-03", RL_DECIDE_STEP, 1,
	  NULL },
	{ "the later cheaper step waits for its own day", &dip, -1, NULL, RL_PAUSE_NONE, NULL,
	  false, J, 1000, false, false, "2026-10-02", RL_DECIDE_NOT_DUE, 1, "2026-10-03" },
	{ "at the minimum, the step is not passed over", &dip, -1, NULL, RL_PAUSE_NONE, NULL, false,
	  J, 1500, false, false, "2026-10-02", RL_DECIDE_STEP, 0, NULL },
	/* Not due and gap come before the minimum. */
	{ "below the minimum and not yet due: not due", &standard, 2, "2026-10-11", RL_PAUSE_NONE,
	  NULL, false, J, 1000, false, false, "2026-10-20", RL_DECIDE_NOT_DUE, 3, "2026-10-21" },
	{ "below the minimum and in the gap: gap", &standard, 2, "2026-10-20", RL_PAUSE_NONE, NULL,
	  false, J, 1000, false, false, "2026-10-22", RL_DECIDE_GAP, 3, "2026-10-27" },

	/* Pauses: until D inclusive, or open-ended. */
	{ "paused until D: still paused on D", &standard, 1, "2026-10-02", RL_PAUSE_PROMISE,
	  "2026-10-20", false, J, 10000, false, false, "2026-10-20", RL_DECIDE_PAUSED, -1, NULL },
	{ "paused until D: resumes the day after", &standard, 1, "2026-10-02", RL_PAUSE_PROMISE,
	  "2026-10-20", false, J, 10000, false, false, "2026-10-21", RL_DECIDE_STEP, 2, NULL },
	{ "dispute until D: paused before D", &standard, -1, NULL, RL_PAUSE_DISPUTE, "2026-10-20",
	  false, J, 10000, false, false, "2026-10-05", RL_DECIDE_PAUSED, -1, NULL },
	{ "plan pause, open-ended: paused a year on", &standard, 1, "2026-10-02", RL_PAUSE_PLAN,
	  NULL, false, J, 10000, false, false, "2027-10-01", RL_DECIDE_PAUSED, -1, NULL },
	{ "manual pause, open-ended", &standard, -1, NULL, RL_PAUSE_MANUAL, NULL, false, J, 10000,
	  false, false, "2026-10-05", RL_DECIDE_PAUSED, -1, NULL },
	{ "no pause reason: a stale until-day means nothing", &standard, -1, NULL, RL_PAUSE_NONE,
	  "2027-01-01", false, J, 10000, false, false, "2026-10-05", RL_DECIDE_STEP, 1, NULL },
	{ "a customer-wide pause", &standard, -1, NULL, RL_PAUSE_NONE, NULL, false, J, 10000, false,
	  true, "2026-10-05", RL_DECIDE_PAUSED, -1, NULL },

	/* Blocked, handed off, settled, finished. */
	{ "blocked customer", &standard, -1, NULL, RL_PAUSE_NONE, NULL, false, J, 10000, true,
	  false, "2026-10-05", RL_DECIDE_BLOCKED, -1, NULL },
	{ "handed off", &standard, 6, "2026-11-25", RL_PAUSE_NONE, NULL, true, J, 1000000, false,
	  false, "2027-01-01", RL_DECIDE_HANDED_OFF, -1, NULL },
	{ "handed off by hand before the policy's end", &standard, 2, "2026-10-11", RL_PAUSE_NONE,
	  NULL, true, J, 1000000, false, false, "2026-10-21", RL_DECIDE_HANDED_OFF, -1, NULL },
	{ "nothing owed", &standard, 2, "2026-10-11", RL_PAUSE_NONE, NULL, false, J, 0, false,
	  false, "2026-10-21", RL_DECIDE_SETTLED, -1, NULL },
	{ "credit (negative balance)", &standard, -1, NULL, RL_PAUSE_NONE, NULL, false, J, -500,
	  false, false, "2026-10-21", RL_DECIDE_SETTLED, -1, NULL },
	{ "every step done", &standard, 6, "2026-11-25", RL_PAUSE_NONE, NULL, false, J, 1000000,
	  false, false, "2027-06-01", RL_DECIDE_FINISHED, -1, NULL },

	/* Which reason wins when several apply. */
	{ "settled wins over everything", &standard, 6, "2026-11-25", RL_PAUSE_DISPUTE, NULL, true,
	  J, 0, true, true, "2027-01-01", RL_DECIDE_SETTLED, -1, NULL },
	{ "handed off wins over blocked and paused", &standard, 2, "2026-10-11", RL_PAUSE_DISPUTE,
	  NULL, true, J, 10000, true, true, "2026-10-21", RL_DECIDE_HANDED_OFF, -1, NULL },
	{ "blocked wins over paused", &standard, 2, "2026-10-11", RL_PAUSE_DISPUTE, NULL, false, J,
	  10000, true, true, "2026-10-21", RL_DECIDE_BLOCKED, -1, NULL },
	{ "paused wins over done today", &standard, 1, "2026-10-02", RL_PAUSE_MANUAL, NULL, false,
	  J, 10000, false, false, "2026-10-02", RL_DECIDE_PAUSED, -1, NULL },
	{ "done today wins over finished", &standard, 6, "2026-11-25", RL_PAUSE_NONE, NULL, false,
	  J, 1000000, false, false, "2026-11-25", RL_DECIDE_DONE_TODAY, -1, NULL },
};

static void decide_follows_the_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(decide_cases) / sizeof(decide_cases[0]); i++) {
		const struct decide_case *k = &decide_cases[i];
		struct rl_case c = { 0 };
		struct rl_dunning_input in = { 0 };
		struct rl_dunning_result r;
		rl_date want_on = k->want_on ? D(k->want_on) : 0;

		c.last_step = k->last_step;
		c.last_step_date = k->last_on ? D(k->last_on) : 0;
		c.pause = k->pause;
		c.paused_until = k->paused_until ? D(k->paused_until) : RL_DATE_NONE;
		c.handed_off = k->handed_off;
		in.due_date = D(k->due);
		in.balance = k->balance;
		in.customer_blocked = k->blocked;
		in.customer_paused = k->customer_paused;
		memset(&r, 0x5a, sizeof(r)); /* the result is filled in whatever it held */
		rl_dunning_decide(k->policy, &c, &in, D(k->today), &r);
		if (r.decision != k->want || r.step != k->want_step ||
		    (k->want_on && r.on != want_on)) {
			char on[RL_DATE_ISO_LEN + 1] = "-";

			if (r.decision == RL_DECIDE_NOT_DUE || r.decision == RL_DECIDE_GAP)
				rl_date_format_iso(r.on, on);
			fail_msg("case %zu (%s): got '%s' step %d on %s, want '%s' step %d on %s",
				 i, k->what, rl_decision_str(r.decision), r.step, on,
				 rl_decision_str(k->want), k->want_step,
				 k->want_on ? k->want_on : "-");
		}
	}
}

/* Every kind of decision appears in the table above at least once. */
static void table_covers_every_decision(void **state)
{
	bool seen[RL_DECIDE_SETTLED + 1] = { false };

	(void)state;
	for (size_t i = 0; i < sizeof(decide_cases) / sizeof(decide_cases[0]); i++)
		seen[decide_cases[i].want] = true;
	for (int d = RL_DECIDE_STEP; d <= RL_DECIDE_SETTLED; d++)
		if (!seen[d])
			fail_msg("no case decides '%s'", rl_decision_str((enum rl_decision)d));
}

/* Walks fr-standard day by day for an invoice first seen 90 days late and
 * applies each step decided: one step per run, 7 days apart, in order. */
static void daily_runs_advance_one_step_at_a_time(void **state)
{
	static const char *const want[] = {
		"2026-12-30", "2027-01-06", "2027-01-13", "2027-01-20", "2027-01-27", "2027-02-03",
	};
	struct rl_case c = { .last_step = -1,
			     .pause = RL_PAUSE_NONE,
			     .paused_until = RL_DATE_NONE };
	struct rl_dunning_input in = { .due_date = D(J), .balance = 1000000 };
	size_t done = 0;

	(void)state;
	for (rl_date day = D("2026-12-30"); day <= D("2027-06-01"); day++) {
		struct rl_dunning_result r;

		/* Three runs a day: the second and third do nothing. */
		for (int run = 0; run < 3; run++) {
			rl_dunning_decide(&standard, &c, &in, day, &r);
			if (r.decision != RL_DECIDE_STEP)
				continue;
			assert_int_equal(run, 0);
			assert_true(done < sizeof(want) / sizeof(want[0]));
			assert_int_equal(day, D(want[done]));
			assert_int_equal(r.step, c.last_step + 1 + (c.last_step < 0 ? 1 : 0));
			c.last_step = r.step;
			c.last_step_date = day;
			done++;
		}
	}
	assert_int_equal(done, sizeof(want) / sizeof(want[0]));
	assert_int_equal(c.last_step, 6);
}

static void shipped_fr_standard_is_the_table_policy(void **state)
{
	const struct rl_currency *eur = rl_currency_find("EUR", 3);
	struct rl_policy p;
	struct rl_err err;
	bool found = false;

	(void)state;
	for (const struct rl_shipped_policy *s = rl_shipped_policies; s->file; s++) {
		if (strcmp(s->file, "fr-standard.ini") != 0)
			continue;
		found = true;
		rl_err_clear(&err);
		if (rl_policy_text_read(s->file, s->text, eur, &p, &err))
			fail_msg("%s: %s", s->file, err.msg);
		assert_string_equal(p.name, standard.name);
		assert_int_equal(p.nsteps, standard.nsteps);
		for (size_t i = 0; i < p.nsteps; i++) {
			assert_string_equal(p.steps[i].name, standard.steps[i].name);
			assert_int_equal(p.steps[i].offset_days, standard.steps[i].offset_days);
			assert_int_equal(p.steps[i].channel, standard.steps[i].channel);
			assert_int_equal(p.steps[i].min_balance, standard.steps[i].min_balance);
			assert_int_equal(p.steps[i].min_gap_days, standard.steps[i].min_gap_days);
			assert_int_equal(p.steps[i].fee, 0);
		}
	}
	assert_true(found);
	assert_string_equal(rl_shipped_policies[0].file, "fr-standard.ini");
}

static void shipped_policies_are_valid(void **state)
{
	const struct rl_currency *eur = rl_currency_find("EUR", 3);
	struct rl_policy p;
	struct rl_err err;
	size_t n = 0;

	(void)state;
	for (const struct rl_shipped_policy *s = rl_shipped_policies; s->file; s++, n++) {
		rl_err_clear(&err);
		if (rl_policy_text_read(s->file, s->text, eur, &p, &err) ||
		    rl_policy_validate(&p, &err))
			fail_msg("%s: %s", s->file, err.msg);
	}
	assert_int_equal(n, 2);
}

enum breakage {
	OK_AS_IS,
	NO_POLICY_NAME,
	NO_STEPS,
	TOO_MANY_STEPS,
	NO_STEP_NAME,
	OFFSETS_DECREASE,
	NEGATIVE_GAP,
	NEGATIVE_FEE,
	NEGATIVE_MINIMUM,
	NO_CHANNEL,
	EQUAL_OFFSETS,
	ZEROES,
};

static void policy_validate_refuses_broken_policies(void **state)
{
	static const struct {
		enum breakage b;
		int want;
		const char *msg_has; /* part of the message, NULL when valid */
	} cases[] = {
		{ OK_AS_IS, 0, NULL },
		{ EQUAL_OFFSETS, 0, NULL },
		{ ZEROES, 0, NULL },
		{ NO_POLICY_NAME, RL_EINVAL, "needs a name" },
		{ NO_STEPS, RL_EINVAL, "needs 1 to 32 steps" },
		{ TOO_MANY_STEPS, RL_EINVAL, "needs 1 to 32 steps" },
		{ NO_STEP_NAME, RL_EINVAL, "step 3 has no name" },
		{ OFFSETS_DECREASE, RL_EINVAL, "step 'phone call' comes before" },
		{ NEGATIVE_GAP, RL_EINVAL, "step 'second reminder' has a negative" },
		{ NEGATIVE_FEE, RL_EINVAL, "step 'hand-off' has a negative" },
		{ NEGATIVE_MINIMUM, RL_EINVAL, "step 'courtesy reminder' has a negative" },
		{ NO_CHANNEL, RL_EINVAL, "step 'first reminder' has no channel" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct rl_policy p = standard;
		struct rl_err err;
		int rc;

		switch (cases[i].b) {
		case OK_AS_IS:
			break;
		case NO_POLICY_NAME:
			p.name[0] = '\0';
			break;
		case NO_STEPS:
			p.nsteps = 0;
			break;
		case TOO_MANY_STEPS:
			p.nsteps = RL_POLICY_MAX_STEPS + 1;
			break;
		case NO_STEP_NAME:
			p.steps[2].name[0] = '\0';
			break;
		case OFFSETS_DECREASE:
			p.steps[4].offset_days = 19;
			break;
		case NEGATIVE_GAP:
			p.steps[2].min_gap_days = -1;
			break;
		case NEGATIVE_FEE:
			p.steps[6].fee = -1;
			break;
		case NEGATIVE_MINIMUM:
			p.steps[0].min_balance = -1;
			break;
		case NO_CHANNEL:
			p.steps[1].channel = RL_CHANNEL_COUNT;
			break;
		case EQUAL_OFFSETS:
			p.steps[2].offset_days = p.steps[1].offset_days;
			break;
		case ZEROES:
			for (size_t k = 0; k < p.nsteps; k++)
				p.steps[k].min_gap_days = 0;
			p.steps[0].offset_days = 0;
			break;
		}
		rl_err_clear(&err);
		rc = rl_policy_validate(&p, &err);
		if (rc != cases[i].want)
			fail_msg("case %zu: got %d (%s), want %d", i, rc, err.msg, cases[i].want);
		if (cases[i].msg_has && !strstr(err.msg, cases[i].msg_has))
			fail_msg("case %zu: message '%s' does not say '%s'", i, err.msg,
				 cases[i].msg_has);
		if (rc && err.code != rc)
			fail_msg("case %zu: err.code %d, returned %d", i, err.code, rc);
	}
}

static void policy_validate_accepts_the_largest_policy(void **state)
{
	struct rl_policy p = { 0 };

	(void)state;
	snprintf(p.name, sizeof(p.name), "long");
	for (int i = 0; i < RL_POLICY_MAX_STEPS; i++) {
		char name[32];

		snprintf(name, sizeof(name), "step %d", i + 1);
		add_step(&p, name, i, RL_CHANNEL_EMAIL, 0, 1);
	}
	assert_int_equal(rl_policy_validate(&p, NULL), 0);
}

static void channel_names_round_trip(void **state)
{
	static const char *const names[RL_CHANNEL_COUNT] = {
		"email", "letter", "registered_letter", "sms", "phone", "formal_notice", "handoff",
	};
	static const char *const not_channels[] = {
		"",
		"fax",
		"Email",
		"EMAIL",
		"email ",
		" email",
		"registered letter",
		"formal-notice",
		"?",
	};
	enum rl_channel c;

	(void)state;
	for (int i = 0; i < RL_CHANNEL_COUNT; i++) {
		assert_string_equal(rl_channel_str((enum rl_channel)i), names[i]);
		c = RL_CHANNEL_COUNT;
		assert_int_equal(rl_channel_parse(names[i], &c), 0);
		assert_int_equal(c, i);
	}
	for (size_t i = 0; i < sizeof(not_channels) / sizeof(not_channels[0]); i++) {
		c = RL_CHANNEL_PHONE;
		if (rl_channel_parse(not_channels[i], &c) != RL_EINVAL)
			fail_msg("'%s' taken for a channel", not_channels[i]);
		assert_int_equal(c, RL_CHANNEL_PHONE); /* left alone */
	}
	assert_string_equal(rl_channel_str(RL_CHANNEL_COUNT), "?");
	assert_string_equal(rl_channel_str((enum rl_channel) - 1), "?");
}

static void decision_names_are_distinct(void **state)
{
	(void)state;
	for (int a = RL_DECIDE_STEP; a <= RL_DECIDE_SETTLED; a++) {
		const char *s = rl_decision_str((enum rl_decision)a);

		assert_non_null(s);
		assert_true(s[0] != '\0' && strcmp(s, "?") != 0);
		for (int b = RL_DECIDE_STEP; b < a; b++)
			assert_string_not_equal(s, rl_decision_str((enum rl_decision)b));
	}
	assert_string_equal(rl_decision_str((enum rl_decision)(RL_DECIDE_SETTLED + 1)), "?");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(decide_follows_the_table),
		cmocka_unit_test(table_covers_every_decision),
		cmocka_unit_test(daily_runs_advance_one_step_at_a_time),
		cmocka_unit_test(shipped_fr_standard_is_the_table_policy),
		cmocka_unit_test(shipped_policies_are_valid),
		cmocka_unit_test(policy_validate_refuses_broken_policies),
		cmocka_unit_test(policy_validate_accepts_the_largest_policy),
		cmocka_unit_test(channel_names_round_trip),
		cmocka_unit_test(decision_names_are_distinct),
	};

	return cmocka_run_group_tests_name("dunning", tests, setup, NULL);
}
