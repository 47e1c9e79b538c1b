/* Unit tests of payment plans (core/plan.c): the split of a total into
 * instalments (remainder on the first, sum exact, bounds), and the
 * judgement of a plan on a day from cumulative payments (honoured, paid
 * early, late within the grace, breached on the first day after it,
 * overpaid, completed); tables of cases, one row each. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "relance/core/plan.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static rl_date D(const char *iso)
{
	rl_date d = 0;

	if (rl_date_parse(iso, strlen(iso), "YYYY-MM-DD", &d, NULL) != 0)
		fail_msg("fixture '%s' is not a date", iso);
	return d;
}

static void split_puts_the_remainder_on_the_first_instalment(void **state)
{
	static const struct {
		int64_t total;
		int n;
		int64_t first, others;
	} cases[] = {
		{ 100000, 4, 25000, 25000 },
		{ 100001, 4, 25001, 25000 },
		{ 100003, 4, 25003, 25000 },
		{ 1000, 3, 334, 333 },
		{ 7, 7, 1, 1 },
		{ 7, 1, 7, 7 },
		{ INT64_MAX, 120, INT64_MAX / 120 + INT64_MAX % 120, INT64_MAX / 120 },
		{ 999999, 120, 8333 + 39, 8333 },
	};
	struct rl_plan_instalment v[RL_PLAN_MAX_INSTALMENTS];

	(void)state;
	for (size_t i = 0; i < N(cases); i++) {
		int64_t sum = 0;

		if (rl_plan_split(cases[i].total, cases[i].n, 30, D("2026-12-01"), v, N(v), NULL))
			fail_msg("row %zu refused", i);
		for (int k = 0; k < cases[i].n; k++) {
			if (v[k].amount != (k == 0 ? cases[i].first : cases[i].others))
				fail_msg("row %zu, instalment %d: %lld", i, k,
					 (long long)v[k].amount);
			if (v[k].due != D("2026-12-01") + 30 * k)
				fail_msg("row %zu, instalment %d: wrong date", i, k);
			sum += v[k].amount;
		}
		if (sum != cases[i].total)
			fail_msg("row %zu: the instalments add up to %lld", i, (long long)sum);
	}
}

static void split_refuses_bad_input(void **state)
{
	static const struct {
		int64_t total;
		int n, every;
		const char *first;
		int want;
	} cases[] = {
		{ 1000, 0, 30, "2026-12-01", RL_EINVAL },
		{ 1000, -1, 30, "2026-12-01", RL_EINVAL },
		{ 1000, 121, 30, "2026-12-01", RL_EINVAL },
		{ 1000, 3, 0, "2026-12-01", RL_EINVAL },
		{ 1000, 3, -7, "2026-12-01", RL_EINVAL },
		{ 1000, 3, 367, "2026-12-01", RL_EINVAL },
		{ 0, 3, 30, "2026-12-01", RL_EINVAL },
		{ -500, 3, 30, "2026-12-01", RL_EINVAL },
		{ 2, 3, 30, "2026-12-01", RL_EINVAL },
		{ 1000, 3, 30, "9999-12-01", RL_ERANGE },
		{ 1000, 120, 366, "9900-01-01", RL_ERANGE },
		{ 1000, 1, 30, "9999-12-31", 0 },
		{ 1000, 120, 1, "2026-12-01", 0 },
	};
	struct rl_plan_instalment v[RL_PLAN_MAX_INSTALMENTS];

	(void)state;
	for (size_t i = 0; i < N(cases); i++) {
		struct rl_err err;
		int rc;

		rl_err_clear(&err);
		rc = rl_plan_split(cases[i].total, cases[i].n, cases[i].every, D(cases[i].first), v,
				   N(v), &err);
		if (rc != cases[i].want)
			fail_msg("row %zu: got %d, want %d (%s)", i, rc, cases[i].want, err.msg);
		if (rc && !err.msg[0])
			fail_msg("row %zu: no message", i);
	}
	/* More instalments than the caller has room for. */
	assert_int_equal(rl_plan_split(1000, 4, 30, D("2026-12-01"), v, 3, NULL), RL_EINVAL);
}

/* The plan of the judgement tests: 3 x 100.00 on 01/12, 31/12, 30/01,
 * grace 7 days; 50.00 already paid on its invoices when it was made. */
static void three_instalments(struct rl_plan_instalment v[3])
{
	if (rl_plan_split(30000, 3, 30, D("2026-12-01"), v, 3, NULL))
		fail_msg("cannot split");
}

struct pay {
	const char *date;
	int64_t amount;
};

static void judge_case(size_t row, const struct pay *pays, size_t npays, const char *today,
		       enum rl_plan_verdict verdict, size_t instalment, int64_t due, int64_t paid)
{
	struct rl_plan_instalment v[3];
	struct rl_plan_payment p[8] = { { 0, 0 } };
	struct rl_plan_paid pp = { p, 0, 5000 };
	struct rl_plan_judgement j;

	three_instalments(v);
	p[pp.n++] = (struct rl_plan_payment){ D("2026-11-20"), 5000 }; /* before the plan */
	for (size_t k = 0; k < npays; k++)
		p[pp.n++] = (struct rl_plan_payment){ D(pays[k].date), pays[k].amount };
	rl_plan_judge(v, 3, 7, &pp, D(today), &j);
	if (j.verdict != verdict || j.instalment != instalment || j.due != due || j.paid != paid)
		fail_msg("row %zu on %s: verdict %d instalment %zu due %lld paid %lld", row, today,
			 (int)j.verdict, j.instalment, (long long)j.due, (long long)j.paid);
}

static void judgement_follows_cumulative_payments_and_grace(void **state)
{
	static const struct pay on_time[] = { { "2026-12-01", 10000 }, { "2026-12-31", 10000 } };
	static const struct pay early[] = { { "2026-11-25", 20000 } };
	static const struct pay within_grace[] = { { "2026-12-08", 10000 } };
	static const struct pay after_grace[] = { { "2026-12-09", 10000 } };
	static const struct pay short_by_a_cent[] = { { "2026-12-01", 9999 } };
	static const struct pay overpaid[] = { { "2026-12-01", 40000 } };
	static const struct pay second_missed[] = { { "2026-12-01", 10000 },
						    { "2027-01-05", 5000 } };
	static const struct pay all_late[] = { { "2027-01-20", 30000 } };
	static const struct {
		const struct pay *pays;
		size_t n;
		const char *today;
		enum rl_plan_verdict verdict;
		size_t instalment;
		int64_t due, paid;
	} cases[] = {
		/* nothing paid yet, nothing due yet */
		{ NULL, 0, "2026-11-24", RL_PLAN_HONOURED, 0, 30000, 0 },
		/* honoured: each on its day */
		{ on_time, 2, "2027-01-07", RL_PLAN_HONOURED, 2, 30000, 20000 },
		/* paid early: two instalments at once, the second counts */
		{ early, 1, "2027-01-08", RL_PLAN_HONOURED, 2, 30000, 20000 },
		/* late within the grace: the 8th is the last day of the 1st */
		{ within_grace, 1, "2026-12-09", RL_PLAN_HONOURED, 1, 30000, 10000 },
		/* unpaid: still within the grace on the last day ... */
		{ NULL, 0, "2026-12-08", RL_PLAN_HONOURED, 0, 30000, 0 },
		/* ... breached the day after */
		{ NULL, 0, "2026-12-09", RL_PLAN_BREACHED, 0, 10000, 0 },
		/* a payment on the first day after the grace is too late, even
		 * when the run is later still */
		{ after_grace, 1, "2026-12-20", RL_PLAN_BREACHED, 0, 10000, 0 },
		{ short_by_a_cent, 1, "2026-12-09", RL_PLAN_BREACHED, 0, 10000, 9999 },
		/* overpaid: everything covered, completed */
		{ overpaid, 1, "2026-12-02", RL_PLAN_COMPLETED, 3, 30000, 40000 },
		/* 2026-12-31 + 7 = 2027-01-07 is the last day of the 2nd */
		{ second_missed, 2, "2027-01-07", RL_PLAN_HONOURED, 1, 30000, 15000 },
		{ second_missed, 2, "2027-01-08", RL_PLAN_BREACHED, 1, 20000, 15000 },
		/* all paid at once after a missed instalment: nothing left to chase */
		{ all_late, 1, "2027-01-21", RL_PLAN_COMPLETED, 3, 30000, 30000 },
	};

	(void)state;
	for (size_t i = 0; i < N(cases); i++)
		judge_case(i, cases[i].pays, cases[i].n, cases[i].today, cases[i].verdict,
			   cases[i].instalment, cases[i].due, cases[i].paid);
}

static void paid_by_saturates_and_never_goes_negative(void **state)
{
	struct rl_plan_payment p[3] = {
		{ 100, INT64_MAX - 10 },
		{ 101, 50 },
		{ 102, 5 },
	};
	struct rl_plan_paid pp = { p, 3, 0 };

	(void)state;
	assert_true(rl_plan_paid_by(&pp, 100) == INT64_MAX - 10);
	assert_true(rl_plan_paid_by(&pp, 101) == INT64_MAX);
	assert_true(rl_plan_paid_by(&pp, 200) == INT64_MAX);
	/* A payment taken back since the plan was made: nothing paid toward it. */
	pp.n = 1;
	p[0].amount = 100;
	pp.before = 300;
	assert_int_equal(rl_plan_paid_by(&pp, 200), 0);
}

static void instalment_states_on_a_day(void **state)
{
	static const struct pay some[] = { { "2026-12-01", 15000 } };
	static const struct {
		const char *today;
		size_t i;
		int64_t part;
		enum rl_instalment_state st;
	} cases[] = {
		{ "2026-11-30", 0, 0, RL_INSTALMENT_DUE },
		{ "2026-12-01", 0, 10000, RL_INSTALMENT_PAID },
		{ "2026-12-01", 1, 5000, RL_INSTALMENT_DUE },
		{ "2026-12-01", 2, 0, RL_INSTALMENT_DUE },
		{ "2027-01-01", 1, 5000, RL_INSTALMENT_LATE },
		{ "2027-01-07", 1, 5000, RL_INSTALMENT_LATE },
		{ "2027-01-08", 1, 5000, RL_INSTALMENT_BREACHED },
		{ "2027-01-08", 2, 0, RL_INSTALMENT_DUE },
	};
	struct rl_plan_instalment v[3];
	struct rl_plan_payment p[1];
	struct rl_plan_paid pp = { p, 1, 0 };

	(void)state;
	three_instalments(v);
	p[0] = (struct rl_plan_payment){ D(some[0].date), some[0].amount };
	for (size_t i = 0; i < N(cases); i++) {
		int64_t part = -1;
		enum rl_instalment_state st;

		rl_plan_instalment_state(v, 3, cases[i].i, 7, &pp, D(cases[i].today), &part, &st);
		if (part != cases[i].part || st != cases[i].st)
			fail_msg("row %zu: part %lld state %s", i, (long long)part,
				 rl_instalment_state_str(st));
	}
	assert_string_equal(rl_instalment_state_str(RL_INSTALMENT_BREACHED), "breached");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(split_puts_the_remainder_on_the_first_instalment),
		cmocka_unit_test(split_refuses_bad_input),
		cmocka_unit_test(judgement_follows_cumulative_payments_and_grace),
		cmocka_unit_test(paid_by_saturates_and_never_goes_negative),
		cmocka_unit_test(instalment_states_on_a_day),
	};

	return cmocka_run_group_tests_name("plan", tests, NULL, NULL);
}
