/* Unit tests of relance/core/date.h: the Gregorian rules, day-count
 * conversions over the whole range 0001-01-01..9999-12-31, month arithmetic,
 * and the strict pattern parser. Rules are tables of cases, one row each; a
 * failing row is printed with its index and input. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "relance/core/date.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

#define DATE_MIN (-719162) /* 0001-01-01 */
#define DATE_MAX 2932896   /* 9999-12-31 */

/* A date known to be valid, for building tables. */
static rl_date ymd(int y, int m, int d)
{
	rl_date out = 0;

	if (rl_date_from_ymd(y, m, d, &out) != 0)
		fail_msg("fixture %04d-%02d-%02d is not a date", y, m, d);
	return out;
}

static void is_leap_year_follows_gregorian_rules(void **state)
{
	static const struct {
		int year;
		bool leap;
	} cases[] = {
		{ 1900, false }, { 2000, true },  { 2024, true }, { 2100, false },
		{ 2023, false }, { 2026, false }, { 1600, true }, { 1700, false },
		{ 4, true },     { 1, false },    { 400, true },  { 9996, true },
		{ 9999, false }, { 2400, true },  { 1996, true }, { 1800, false },
	};

	(void)state;
	for (size_t i = 0; i < N(cases); i++)
		if (rl_date_is_leap_year(cases[i].year) != cases[i].leap)
			fail_msg("row %zu: year %d", i, cases[i].year);
}

static void days_in_month_knows_every_month(void **state)
{
	static const struct {
		int year, month, days;
	} cases[] = {
		{ 2026, 1, 31 }, { 2026, 2, 28 },  { 2026, 3, 31 },  { 2026, 4, 30 },
		{ 2026, 5, 31 }, { 2026, 6, 30 },  { 2026, 7, 31 },  { 2026, 8, 31 },
		{ 2026, 9, 30 }, { 2026, 10, 31 }, { 2026, 11, 30 }, { 2026, 12, 31 },
		{ 2024, 2, 29 }, { 2000, 2, 29 },  { 1900, 2, 28 },  { 2100, 2, 28 },
		{ 2026, 0, 0 },  { 2026, 13, 0 },  { 2026, -1, 0 },
	};

	(void)state;
	for (size_t i = 0; i < N(cases); i++)
		if (rl_date_days_in_month(cases[i].year, cases[i].month) != cases[i].days)
			fail_msg("row %zu: %d-%02d has %d days, expected %d", i, cases[i].year,
				 cases[i].month,
				 rl_date_days_in_month(cases[i].year, cases[i].month),
				 cases[i].days);
}

static void from_ymd_counts_days_from_1970(void **state)
{
	static const struct {
		int y, m, d;
		rl_date days;
	} cases[] = {
		{ 1970, 1, 1, 0 },      { 1970, 1, 2, 1 },          { 1969, 12, 31, -1 },
		{ 1969, 12, 28, -4 },   { 2000, 1, 1, 10957 },      { 2026, 1, 1, 20454 },
		{ 2024, 2, 29, 19782 }, { 2038, 1, 19, 24855 },     { 1900, 3, 1, -25508 },
		{ 1, 1, 1, DATE_MIN },  { 9999, 12, 31, DATE_MAX },
	};

	(void)state;
	for (size_t i = 0; i < N(cases); i++) {
		rl_date out = 0x5eed;
		int y, m, d;

		if (rl_date_from_ymd(cases[i].y, cases[i].m, cases[i].d, &out) != 0 ||
		    out != cases[i].days)
			fail_msg("row %zu: %04d-%02d-%02d gave %d, expected %d", i, cases[i].y,
				 cases[i].m, cases[i].d, (int)out, (int)cases[i].days);
		rl_date_to_ymd(cases[i].days, &y, &m, &d);
		if (y != cases[i].y || m != cases[i].m || d != cases[i].d)
			fail_msg("row %zu: %d read back as %04d-%02d-%02d", i, (int)cases[i].days,
				 y, m, d);
	}
}

static void from_ymd_rejects_days_that_do_not_exist(void **state)
{
	static const struct {
		int y, m, d;
	} cases[] = {
		{ 2026, 2, 29 }, { 1900, 2, 29 }, { 2100, 2, 29 },  { 2026, 4, 31 },
		{ 2026, 6, 31 }, { 2026, 9, 31 }, { 2026, 11, 31 }, { 2026, 1, 32 },
		{ 2026, 1, 0 },  { 2026, 0, 1 },  { 2026, 13, 1 },  { 0, 1, 1 },
		{ -1, 1, 1 },    { 10000, 1, 1 }, { 2026, -1, 1 },  { 2026, 1, -1 },
	};

	(void)state;
	for (size_t i = 0; i < N(cases); i++) {
		rl_date out = 0x5eed;

		if (rl_date_from_ymd(cases[i].y, cases[i].m, cases[i].d, &out) != RL_EINVAL ||
		    out != 0x5eed)
			fail_msg("row %zu: %d-%d-%d accepted", i, cases[i].y, cases[i].m,
				 cases[i].d);
	}
	/* Leap days that do exist. */
	assert_int_equal(ymd(2000, 2, 29) + 1, ymd(2000, 3, 1));
	assert_int_equal(ymd(2024, 2, 29) + 1, ymd(2024, 3, 1));
}

/* Every day of the range converts to y/m/d and back, and consecutive day
 * counts are consecutive calendar days. */
static void every_day_round_trips_from_0001_to_9999(void **state)
{
	int py = 1, pm = 1, pd = 0;

	(void)state;
	for (rl_date z = DATE_MIN; z <= DATE_MAX; z++) {
		int y, m, d;
		rl_date back;

		rl_date_to_ymd(z, &y, &m, &d);
		if (rl_date_from_ymd(y, m, d, &back) != 0 || back != z)
			fail_msg("%d -> %04d-%02d-%02d -> %d", (int)z, y, m, d, (int)back);
		if (d == pd + 1 && m == pm && y == py)
			; /* next day of the month */
		else if (d == 1 && pd == rl_date_days_in_month(py, pm) &&
			 ((m == pm + 1 && y == py) || (m == 1 && pm == 12 && y == py + 1)))
			; /* first of the next month */
		else
			fail_msg("%d: %04d-%02d-%02d does not follow %04d-%02d-%02d", (int)z, y, m,
				 d, py, pm, pd);
		py = y, pm = m, pd = d;
	}
	assert_int_equal(py, 9999);
	assert_int_equal(pm, 12);
	assert_int_equal(pd, 31);
}

static void diff_counts_days_across_years_and_the_epoch(void **state)
{
	static const struct {
		int ay, am, ad, by, bm, bd;
		int32_t diff;
	} cases[] = {
		{ 1969, 12, 31, 1970, 1, 1, 1 },    { 1970, 1, 1, 1969, 12, 31, -1 },
		{ 1999, 12, 31, 2026, 3, 4, 9560 }, { 2026, 3, 4, 1999, 12, 31, -9560 },
		{ 2025, 12, 31, 2026, 1, 1, 1 },    { 2024, 1, 1, 2025, 1, 1, 366 },
		{ 2026, 1, 1, 2027, 1, 1, 365 },    { 1900, 1, 1, 1901, 1, 1, 365 },
		{ 2000, 1, 1, 2001, 1, 1, 366 },    { 2026, 2, 28, 2026, 3, 1, 1 },
		{ 2024, 2, 28, 2024, 3, 1, 2 },     { 1, 1, 1, 9999, 12, 31, 3652058 },
		{ 1960, 6, 15, 1980, 6, 15, 7305 }, { 2026, 5, 5, 2026, 5, 5, 0 },
	};

	(void)state;
	for (size_t i = 0; i < N(cases); i++) {
		rl_date a = ymd(cases[i].ay, cases[i].am, cases[i].ad);
		rl_date b = ymd(cases[i].by, cases[i].bm, cases[i].bd);

		if (rl_date_diff(a, b) != cases[i].diff || rl_date_add_days(a, cases[i].diff) != b)
			fail_msg("row %zu: diff %d, expected %d", i, (int)rl_date_diff(a, b),
				 (int)cases[i].diff);
	}
}

static void weekday_is_iso_with_monday_one(void **state)
{
	static const struct {
		int y, m, d, wd;
	} cases[] = {
		{ 1970, 1, 1, 4 }, { 1969, 12, 28, 7 }, { 1969, 12, 29, 1 }, { 2026, 1, 1, 4 },
		{ 2000, 1, 1, 6 }, { 1, 1, 1, 1 },      { 2024, 2, 29, 4 },  { 9999, 12, 31, 5 },
		{ 1900, 3, 1, 4 }, { 2026, 7, 14, 2 },  { 2026, 7, 12, 7 },  { 2026, 7, 13, 1 },
	};

	(void)state;
	for (size_t i = 0; i < N(cases); i++) {
		int wd = rl_date_weekday(ymd(cases[i].y, cases[i].m, cases[i].d));

		if (wd != cases[i].wd)
			fail_msg("row %zu: %04d-%02d-%02d is day %d, expected %d", i, cases[i].y,
				 cases[i].m, cases[i].d, wd, cases[i].wd);
	}
	/* Seven consecutive days, seven different weekdays, in order. */
	for (rl_date z = DATE_MIN; z < DATE_MIN + 7000; z++)
		assert_int_equal(rl_date_weekday(z + 1), rl_date_weekday(z) % 7 + 1);
}

static void add_months_clamps_to_end_of_month(void **state)
{
	static const struct {
		int y, m, d;
		int32_t n;
		int wy, wm, wd;
	} cases[] = {
		{ 2026, 1, 31, 1, 2026, 2, 28 },
		{ 2024, 1, 31, 1, 2024, 2, 29 },
		{ 2026, 3, 31, -1, 2026, 2, 28 },
		{ 2024, 3, 31, -1, 2024, 2, 29 },
		{ 2026, 5, 31, 1, 2026, 6, 30 },
		{ 2026, 1, 30, 1, 2026, 2, 28 },
		{ 2026, 1, 15, 1, 2026, 2, 15 },
		{ 2026, 1, 15, -1, 2025, 12, 15 },
		{ 2026, 12, 31, 2, 2027, 2, 28 },
		{ 2026, 8, 31, -6, 2026, 2, 28 },
		{ 2026, 1, 31, -13, 2024, 12, 31 },
		{ 2026, 1, 31, -25, 2023, 12, 31 },
		{ 2026, 1, 1, -24, 2024, 1, 1 },
		{ 2024, 2, 29, 12, 2025, 2, 28 },
		{ 2024, 2, 29, 48, 2028, 2, 29 },
		{ 2024, 2, 29, -48, 2020, 2, 29 },
		{ 2026, 1, 31, 0, 2026, 1, 31 },
		{ 1969, 12, 31, 2, 1970, 2, 28 },
		{ 1970, 3, 31, -1, 1970, 2, 28 },
		{ 2026, 10, 31, 120, 2036, 10, 31 },
		{ 2026, 6, 30, -1200, 1926, 6, 30 },
		/* Past the range, the result is pinned to its ends. */
		{ 1, 1, 31, -1, 1, 1, 1 },
		{ 9999, 12, 31, 1, 9999, 12, 31 },
		{ 2026, 1, 1, INT32_MAX, 9999, 12, 31 },
		{ 2026, 1, 1, INT32_MIN, 1, 1, 1 },
	};

	(void)state;
	for (size_t i = 0; i < N(cases); i++) {
		rl_date got =
			rl_date_add_months(ymd(cases[i].y, cases[i].m, cases[i].d), cases[i].n);
		int y, m, d;

		rl_date_to_ymd(got, &y, &m, &d);
		if (y != cases[i].wy || m != cases[i].wm || d != cases[i].wd)
			fail_msg("row %zu: %04d-%02d-%02d %+d months gave %04d-%02d-%02d, "
				 "expected %04d-%02d-%02d",
				 i, cases[i].y, cases[i].m, cases[i].d, (int)cases[i].n, y, m, d,
				 cases[i].wy, cases[i].wm, cases[i].wd);
	}
}

static void end_of_month_is_the_last_day_of_each_month(void **state)
{
	static const struct {
		int year;
		int last[12];
	} cases[] = {
		{ 2026, { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 } },
		{ 2024, { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 } },
		{ 2000, { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 } },
		{ 1900, { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 } },
		{ 1, { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 } },
		{ 9999, { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 } },
	};

	(void)state;
	for (size_t i = 0; i < N(cases); i++)
		for (int m = 1; m <= 12; m++) {
			rl_date want = ymd(cases[i].year, m, cases[i].last[m - 1]);
			int days[] = { 1, 15, cases[i].last[m - 1] };

			for (size_t k = 0; k < N(days); k++)
				if (rl_date_end_of_month(ymd(cases[i].year, m, days[k])) != want)
					fail_msg("row %zu: end of %04d-%02d-%02d is not day %d", i,
						 cases[i].year, m, days[k], cases[i].last[m - 1]);
		}
}

struct parse_case {
	const char *in;
	const char *pattern;
	int rc;
	int y, m, d;     /* when rc == 0 */
	const char *msg; /* whole message when rc != 0 */
};

static void run_parse_cases(const struct parse_case *c, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct rl_err err;
		rl_date out = 0x5eed;
		int rc, y, m, d;

		rl_err_clear(&err);
		snprintf(err.field, sizeof(err.field), "due_date");
		snprintf(err.msg, sizeof(err.msg), "untouched");
		rc = rl_date_parse(c[i].in, strlen(c[i].in), c[i].pattern, &out, &err);
		if (rc != c[i].rc)
			fail_msg("row %zu '%s' (%s): rc %d, expected %d (%s)", i, c[i].in,
				 c[i].pattern ? c[i].pattern : "NULL", rc, c[i].rc, err.msg);
		if (strcmp(err.field, "due_date") != 0)
			fail_msg("row %zu '%s': err->field was changed", i, c[i].in);
		if (rc == 0) {
			rl_date_to_ymd(out, &y, &m, &d);
			if (y != c[i].y || m != c[i].m || d != c[i].d)
				fail_msg("row %zu '%s': read as %04d-%02d-%02d", i, c[i].in, y, m,
					 d);
			if (strcmp(err.msg, "untouched") != 0)
				fail_msg("row %zu '%s': err was changed on success", i, c[i].in);
			continue;
		}
		if (out != 0x5eed)
			fail_msg("row %zu '%s': *out was changed on failure", i, c[i].in);
		if (err.code != rc || strcmp(err.msg, c[i].msg) != 0)
			fail_msg("row %zu '%s': message '%s', expected '%s'", i, c[i].in, err.msg,
				 c[i].msg);
	}
}

static void parse_accepts_every_pattern(void **state)
{
	static const struct parse_case cases[] = {
		{ "2026-03-04", "YYYY-MM-DD", 0, 2026, 3, 4, NULL },
		{ "04/03/2026", "DD/MM/YYYY", 0, 2026, 3, 4, NULL },
		{ "03/04/2026", "MM/DD/YYYY", 0, 2026, 3, 4, NULL },
		{ "04.03.2026", "DD.MM.YYYY", 0, 2026, 3, 4, NULL },
		{ "20260304", "YYYYMMDD", 0, 2026, 3, 4, NULL },
		{ "04032026", "DDMMYYYY", 0, 2026, 3, 4, NULL },
		{ "2026/03/04", "YYYY/MM/DD", 0, 2026, 3, 4, NULL },
		{ "04-03-2026", "DD-MM-YYYY", 0, 2026, 3, 4, NULL },
		{ "2026.03.04", "YYYY.MM.DD", 0, 2026, 3, 4, NULL },
		{ "2026-03-04T", "YYYY-MM-DDT", 0, 2026, 3, 4, NULL },
		{ "2026-03-04", NULL, 0, 2026, 3, 4, NULL },
		{ "04/03/2026", NULL, 0, 2026, 3, 4, NULL },
		{ "2024-02-29", NULL, 0, 2024, 2, 29, NULL },
		{ "29/02/2000", NULL, 0, 2000, 2, 29, NULL },
		{ "0001-01-01", NULL, 0, 1, 1, 1, NULL },
		{ "31/12/9999", NULL, 0, 9999, 12, 31, NULL },
		{ "1970-01-01", "YYYY-MM-DD", 0, 1970, 1, 1, NULL },
	};

	(void)state;
	run_parse_cases(cases, N(cases));
}

static void parse_rejects_what_is_not_a_date(void **state)
{
	static const struct parse_case cases[] = {
		{ "2026-13-01", NULL, RL_EINVAL, 0, 0, 0,
		  "'2026-13-01' is not a date: month 13 does not exist" },
		{ "2026-00-10", NULL, RL_EINVAL, 0, 0, 0,
		  "'2026-00-10' is not a date: month 0 does not exist" },
		{ "2026-02-29", NULL, RL_EINVAL, 0, 0, 0,
		  "'2026-02-29' is not a date: February 2026 has 28 days" },
		{ "1900-02-29", "YYYY-MM-DD", RL_EINVAL, 0, 0, 0,
		  "'1900-02-29' is not a date: February 1900 has 28 days" },
		{ "31/04/2026", NULL, RL_EINVAL, 0, 0, 0,
		  "'31/04/2026' is not a date: April 2026 has 30 days" },
		{ "2026-01-32", NULL, RL_EINVAL, 0, 0, 0,
		  "'2026-01-32' is not a date: day 32 does not exist" },
		{ "2026-01-00", NULL, RL_EINVAL, 0, 0, 0,
		  "'2026-01-00' is not a date: day 0 does not exist" },
		{ "0000-01-01", NULL, RL_EINVAL, 0, 0, 0,
		  "'0000-01-01' is not a date: year 0 does not exist" },
		{ "26/1/2026", "DD/MM/YYYY", RL_EINVAL, 0, 0, 0,
		  "'26/1/2026' does not match DD/MM/YYYY" },
		{ "2026-2-01", "YYYY-MM-DD", RL_EINVAL, 0, 0, 0,
		  "'2026-2-01' does not match YYYY-MM-DD" },
		{ "2026-02-01x", "YYYY-MM-DD", RL_EINVAL, 0, 0, 0,
		  "'2026-02-01x' does not match YYYY-MM-DD" },
		{ "2026-02-011", "YYYY-MM-DD", RL_EINVAL, 0, 0, 0,
		  "'2026-02-011' does not match YYYY-MM-DD" },
		{ " 2026-02-01", "YYYY-MM-DD", RL_EINVAL, 0, 0, 0,
		  "' 2026-02-01' does not match YYYY-MM-DD" },
		{ "2026-02-01 ", "YYYY-MM-DD", RL_EINVAL, 0, 0, 0,
		  "'2026-02-01 ' does not match YYYY-MM-DD" },
		{ "12026-01-01", "YYYY-MM-DD", RL_EINVAL, 0, 0, 0,
		  "'12026-01-01' does not match YYYY-MM-DD" },
		{ "2026-0a-01", "YYYY-MM-DD", RL_EINVAL, 0, 0, 0,
		  "'2026-0a-01' does not match YYYY-MM-DD" },
		{ "+026-01-01", "YYYY-MM-DD", RL_EINVAL, 0, 0, 0,
		  "'+026-01-01' does not match YYYY-MM-DD" },
		{ "2026/02/01", "YYYY-MM-DD", RL_EINVAL, 0, 0, 0,
		  "'2026/02/01' does not match YYYY-MM-DD" },
		{ "2026-02-01", "DD/MM/YYYY", RL_EINVAL, 0, 0, 0,
		  "'2026-02-01' does not match DD/MM/YYYY" },
		{ "2026.02.01", NULL, RL_EINVAL, 0, 0, 0,
		  "'2026.02.01' does not match YYYY-MM-DD or DD/MM/YYYY" },
		{ "20260201", NULL, RL_EINVAL, 0, 0, 0,
		  "'20260201' does not match YYYY-MM-DD or DD/MM/YYYY" },
		{ "01-02-2026", NULL, RL_EINVAL, 0, 0, 0,
		  "'01-02-2026' does not match YYYY-MM-DD or DD/MM/YYYY" },
		{ "2026-02-01\n", NULL, RL_EINVAL, 0, 0, 0,
		  "'2026-02-01?' does not match YYYY-MM-DD or DD/MM/YYYY" },
		{ "", NULL, RL_EINVAL, 0, 0, 0, "date is empty" },
		{ "2026-02-01", "YY-MM-DD", RL_EINVAL, 0, 0, 0,
		  "date pattern 'YY-MM-DD' is not valid" },
	};

	(void)state;
	run_parse_cases(cases, N(cases));
}

static void parse_stops_at_len_and_survives_null(void **state)
{
	struct rl_err err;
	rl_date out = 0;

	(void)state;
	rl_err_clear(&err);
	assert_int_equal(rl_date_parse("2026-02-01junk", 10, NULL, &out, &err), 0);
	assert_int_equal(out, ymd(2026, 2, 1));
	assert_int_equal(rl_date_parse("2026-02-0\0"
				       "1",
				       11, NULL, &out, &err),
			 RL_EINVAL);
	assert_int_equal(rl_date_parse(NULL, 0, NULL, &out, &err), RL_EINVAL);
	assert_int_equal(rl_date_parse("x", 1, NULL, &out, NULL), RL_EINVAL);
	assert_int_equal(out, ymd(2026, 2, 1));
}

static void pattern_valid_accepts_only_yyyy_mm_dd_once(void **state)
{
	static const struct {
		const char *pattern;
		bool valid;
	} cases[] = {
		{ "YYYY-MM-DD", true },
		{ "DD/MM/YYYY", true },
		{ "MM/DD/YYYY", true },
		{ "DD.MM.YYYY", true },
		{ "YYYYMMDD", true },
		{ "DDMMYYYY", true },
		{ "YYYY-MM-DDT", true },
		{ "YY-MM-DD", false },
		{ "YYYYY-MM-DD", false },
		{ "YYYY-MMM-DD", false },
		{ "YYYY-M-DD", false },
		{ "YYYY-MM-D", false },
		{ "YYYY-MM-DDD", false },
		{ "YYYY-MM", false },
		{ "MM-DD", false },
		{ "YYYY-MM-DD-DD", false },
		{ "YYYYYYYY-MM-DD", false },
		{ "", false },
		{ NULL, false },
		{ "yyyy-mm-dd", false },
	};

	(void)state;
	for (size_t i = 0; i < N(cases); i++)
		if (rl_date_pattern_valid(cases[i].pattern) != cases[i].valid)
			fail_msg("row %zu: '%s'", i, cases[i].pattern ? cases[i].pattern : "NULL");
}

static void format_writes_iso_and_french_forms(void **state)
{
	static const struct {
		int y, m, d;
		const char *iso, *fr;
	} cases[] = {
		{ 2026, 3, 4, "2026-03-04", "04/03/2026" },
		{ 1, 1, 1, "0001-01-01", "01/01/0001" },
		{ 9999, 12, 31, "9999-12-31", "31/12/9999" },
		{ 1970, 1, 1, "1970-01-01", "01/01/1970" },
		{ 1969, 12, 31, "1969-12-31", "31/12/1969" },
		{ 2024, 2, 29, "2024-02-29", "29/02/2024" },
		{ 999, 10, 10, "0999-10-10", "10/10/0999" },
	};

	(void)state;
	for (size_t i = 0; i < N(cases); i++) {
		char iso[RL_DATE_ISO_LEN + 2], fr[12];
		rl_date d = ymd(cases[i].y, cases[i].m, cases[i].d), back = 0;

		memset(iso, 'x', sizeof(iso));
		rl_date_format_iso(d, iso);
		rl_date_format_fr(d, fr);
		if (strcmp(iso, cases[i].iso) != 0 || strcmp(fr, cases[i].fr) != 0 ||
		    iso[RL_DATE_ISO_LEN + 1] != 'x')
			fail_msg("row %zu: '%s' '%s'", i, iso, fr);
		if (rl_date_parse(iso, strlen(iso), NULL, &back, NULL) || back != d ||
		    rl_date_parse(fr, strlen(fr), NULL, &back, NULL) || back != d)
			fail_msg("row %zu: '%s' and '%s' do not read back", i, iso, fr);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(is_leap_year_follows_gregorian_rules),
		cmocka_unit_test(days_in_month_knows_every_month),
		cmocka_unit_test(from_ymd_counts_days_from_1970),
		cmocka_unit_test(from_ymd_rejects_days_that_do_not_exist),
		cmocka_unit_test(every_day_round_trips_from_0001_to_9999),
		cmocka_unit_test(diff_counts_days_across_years_and_the_epoch),
		cmocka_unit_test(weekday_is_iso_with_monday_one),
		cmocka_unit_test(add_months_clamps_to_end_of_month),
		cmocka_unit_test(end_of_month_is_the_last_day_of_each_month),
		cmocka_unit_test(parse_accepts_every_pattern),
		cmocka_unit_test(parse_rejects_what_is_not_a_date),
		cmocka_unit_test(parse_stops_at_len_and_survives_null),
		cmocka_unit_test(pattern_valid_accepts_only_yyyy_mm_dd_once),
		cmocka_unit_test(format_writes_iso_and_french_forms),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
