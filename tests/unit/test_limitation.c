/* Unit tests of the limitation periods (core/limitation.c): 5 years between
 * businesses, 2 years against consumers, counted from the due date to the
 * same day of the month, 29 February landing on the 28th of a common year;
 * tables of cases, one row each. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "relance/core/limitation.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static rl_date D(const char *iso)
{
	rl_date d = 0;

	if (rl_date_parse(iso, strlen(iso), "YYYY-MM-DD", &d, NULL) != 0)
		fail_msg("fixture '%s' is not a date", iso);
	return d;
}

static void prescription_date_follows_kind_and_due_date(void **state)
{
	static const struct {
		const char *due;
		enum rl_customer_kind kind;
		const char *want;
	} cases[] = {
		{ "2026-03-15", RL_CUSTOMER_BUSINESS, "2031-03-15" },
		{ "2026-03-15", RL_CUSTOMER_CONSUMER, "2028-03-15" },
		{ "2026-01-01", RL_CUSTOMER_BUSINESS, "2031-01-01" },
		{ "2026-12-31", RL_CUSTOMER_BUSINESS, "2031-12-31" },
		{ "2026-12-31", RL_CUSTOMER_CONSUMER, "2028-12-31" },
		/* 29 February: 2 or 5 years on is always a common year, so the
		 * 28th (the month has no 29th) */
		{ "2024-02-29", RL_CUSTOMER_BUSINESS, "2029-02-28" },
		{ "2024-02-29", RL_CUSTOMER_CONSUMER, "2026-02-28" },
		{ "2028-02-29", RL_CUSTOMER_CONSUMER, "2030-02-28" },
		{ "2020-02-29", RL_CUSTOMER_BUSINESS, "2025-02-28" },
		{ "2096-02-29", RL_CUSTOMER_BUSINESS, "2101-02-28" },
		{ "2026-02-28", RL_CUSTOMER_CONSUMER, "2028-02-28" },
		{ "2027-02-28", RL_CUSTOMER_BUSINESS, "2032-02-28" },
		{ "2027-03-01", RL_CUSTOMER_BUSINESS, "2032-03-01" },
		{ "2000-02-29", RL_CUSTOMER_CONSUMER, "2002-02-28" },
		/* 28 February stays the 28th, even into a leap year */
		{ "2094-02-28", RL_CUSTOMER_CONSUMER, "2096-02-28" },
		/* the end of the calendar */
		{ "9994-06-30", RL_CUSTOMER_BUSINESS, "9999-06-30" },
		{ "9997-12-31", RL_CUSTOMER_CONSUMER, "9999-12-31" },
		{ "0001-01-01", RL_CUSTOMER_BUSINESS, "0006-01-01" },
	};

	(void)state;
	for (size_t i = 0; i < N(cases); i++) {
		rl_date got = 0;
		char iso[RL_DATE_ISO_LEN + 1];

		if (rl_limitation_date(D(cases[i].due), cases[i].kind, &got) != 0)
			fail_msg("row %zu: %s failed", i, cases[i].due);
		rl_date_format_iso(got, iso);
		if (strcmp(iso, cases[i].want) != 0)
			fail_msg("row %zu: %s %s: got %s, expected %s", i, cases[i].due,
				 rl_customer_kind_str(cases[i].kind), iso, cases[i].want);
	}
}

static void leap_day_lands_on_leap_day_when_four_years_apart(void **state)
{
	/* No period is 4 years today; the month arithmetic it rests on keeps
	 * the 29th when there is one. */
	rl_date got = rl_date_add_months(D("2024-02-29"), 48);
	char iso[RL_DATE_ISO_LEN + 1];

	(void)state;
	rl_date_format_iso(got, iso);
	assert_string_equal(iso, "2028-02-29");
}

static void prescription_past_year_9999_is_out_of_range(void **state)
{
	static const struct {
		const char *due;
		enum rl_customer_kind kind;
	} cases[] = {
		{ "9995-01-01", RL_CUSTOMER_BUSINESS },
		{ "9999-12-31", RL_CUSTOMER_BUSINESS },
		{ "9998-01-01", RL_CUSTOMER_CONSUMER },
	};

	(void)state;
	for (size_t i = 0; i < N(cases); i++) {
		rl_date got = 12345;

		if (rl_limitation_date(D(cases[i].due), cases[i].kind, &got) != RL_ERANGE)
			fail_msg("row %zu: %s accepted", i, cases[i].due);
		if (got != 12345)
			fail_msg("row %zu: output written on failure", i);
	}
}

static void prescribed_only_after_the_last_day(void **state)
{
	static const struct {
		const char *last, *asof;
		bool prescribed;
	} cases[] = {
		{ "2031-03-15", "2031-03-14", false }, { "2031-03-15", "2031-03-15", false },
		{ "2031-03-15", "2031-03-16", true },  { "2031-03-15", "2040-01-01", true },
		{ "2031-03-15", "2026-11-24", false },
	};

	(void)state;
	for (size_t i = 0; i < N(cases); i++)
		if (rl_limitation_prescribed(D(cases[i].last), D(cases[i].asof)) !=
		    cases[i].prescribed)
			fail_msg("row %zu: %s on %s", i, cases[i].last, cases[i].asof);
}

static void years_and_sources_per_kind(void **state)
{
	(void)state;
	assert_int_equal(rl_limitation_years(RL_CUSTOMER_BUSINESS), 5);
	assert_int_equal(rl_limitation_years(RL_CUSTOMER_CONSUMER), 2);
	assert_string_equal(rl_limitation_source(RL_CUSTOMER_BUSINESS), "C. com. L110-4");
	assert_string_equal(rl_limitation_source(RL_CUSTOMER_CONSUMER), "C. conso. L218-2");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(prescription_date_follows_kind_and_due_date),
		cmocka_unit_test(leap_day_lands_on_leap_day_when_four_years_apart),
		cmocka_unit_test(prescription_past_year_9999_is_out_of_range),
		cmocka_unit_test(prescribed_only_after_the_last_day),
		cmocka_unit_test(years_and_sources_per_kind),
	};

	return cmocka_run_group_tests_name("limitation", tests, NULL, NULL);
}
