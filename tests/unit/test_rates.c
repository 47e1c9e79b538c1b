/* Unit tests of the loaders of rate tables and interest rules
 * (formats/rates.c): the shipped files of data/ load and say what the
 * reference tables say; bad files are refused with file:line, the field and a
 * precise message. Tables of cases, one bad file per row. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "relance/core/interest.h"
#include "relance/formats/rates.h"

static const char *data_dir(void)
{
	const char *d = getenv("RELANCE_DATA_DIR");

	return d && *d ? d : "data";
}

static rl_date D(const char *iso)
{
	rl_date d = 0;

	if (rl_date_parse(iso, strlen(iso), "YYYY-MM-DD", &d, NULL))
		fail_msg("bad date in test: %s", iso);
	return d;
}

static int64_t rate_on(const struct rl_rate_table *t, const char *iso)
{
	struct rl_err err = { 0 };
	int64_t r = 0;

	if (rl_rate_lookup(t, D(iso), &r, &err))
		fail_msg("%s: %s", iso, err.msg);
	return r;
}

static void shipped_tables_load_with_their_rows(void **state)
{
	static const struct {
		const char *file;
		enum rl_rate_source which;
		size_t n;
		const char *first, *known_through;
		const char *day;
		int64_t rate; /* on day */
	} cases[] = {
		/* 63 data rows; known_through from the comment line. */
		{ "ecb_mro.csv", RL_RATE_ECB, 63, "1999-01-01", "2026-10-28", "2024-01-01",
		  4500000 },
		{ "ecb_mro.csv", RL_RATE_ECB, 63, "1999-01-01", "2026-10-28", "2024-09-18",
		  3650000 },
		{ "fr_taux_legal.csv", RL_RATE_FR_LEGAL_OTHER, 30, "2008-01-01", "2026-06-30",
		  "2024-03-15", 5070000 },
		{ "fr_taux_legal.csv", RL_RATE_FR_LEGAL_PRIVATE, 30, "2008-01-01", "2026-06-30",
		  "2024-03-15", 8010000 },
		{ "fr_taux_legal.csv", RL_RATE_FR_LEGAL_OTHER, 30, "2008-01-01", "2026-06-30",
		  "2013-06-30", 40000 },
		{ "de_basiszinssatz.csv", RL_RATE_DE_BASE, 50, "2002-01-01", "2026-12-31",
		  "2016-07-01", -880000 },
		{ "uk_boe_base_rate.csv", RL_RATE_UK_BOE, 57, "1999-11-04", "2026-03-19",
		  "2025-12-31", 3750000 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct rl_rate_table t;
		struct rl_err err = { 0 };
		char path[512];

		snprintf(path, sizeof(path), "%s/rates/%s", data_dir(), cases[i].file);
		if (rl_rates_load_file(path, cases[i].which, &t, &err))
			fail_msg("%s:%ld: %s: %s", err.file, err.line, err.field, err.msg);
		assert_int_equal(rl_rate_table_check(&t, &err), 0);
		assert_int_equal(t.source, cases[i].which);
		assert_int_equal(t.n, cases[i].n);
		assert_int_equal(t.points[0].from, D(cases[i].first));
		assert_int_equal(t.known_through, D(cases[i].known_through));
		assert_string_equal(t.origin, path);
		assert_int_equal(rate_on(&t, cases[i].day), cases[i].rate);
		rl_rates_release(&t);
		assert_null(t.points);
	}
}

/* One bad (or tricky) table per row, loaded from memory as "t.csv". */
static void bad_tables_are_refused_with_line_and_field(void **state)
{
	static const struct {
		enum rl_rate_source which;
		const char *text;
		int rc;
		long line;
		const char *field;
		const char *msg;
	} cases[] = {
		{ RL_RATE_ECB, "effective_date,rate,source\n2024-01-01,4.50,x\n", RL_EINVAL, 1, "",
		  "the header has no column 'rate_percent' (this table needs effective_date, "
		  "rate_percent, source)" },
		{ RL_RATE_DE_BASE, "period_start,rate_percent,source\n", RL_EINVAL, 1, "",
		  "the header has no column 'period_end' (this table needs period_start, "
		  "period_end, rate_percent, source)" },
		{ RL_RATE_ECB, "effective_date,rate_percent,source\n2024-13-01,4.50,x\n", RL_EINVAL,
		  2, "effective_date", "'2024-13-01' is not a date: month 13 does not exist" },
		{ RL_RATE_ECB, "effective_date,rate_percent,source\n2024-01-01,4.5x,x\n", RL_EINVAL,
		  2, "rate_percent", "'4.5x' is not a rate: unexpected 'x'" },
		{ RL_RATE_ECB, "effective_date,rate_percent,source\n2024-01-01,\"4,50\",x\n",
		  RL_EINVAL, 2, "rate_percent", "'4,50' is not a rate: the decimal point is '.'" },
		{ RL_RATE_ECB, "effective_date,rate_percent,source\n2024-01-01,4.50\n", RL_EINVAL,
		  2, "", "2 fields, the header has 3" },
		{ RL_RATE_ECB, "effective_date,rate_percent,source\n2024-01-01,4.50,\n", RL_EINVAL,
		  2, "source", "every rate needs its source" },
		{ RL_RATE_ECB,
		  "effective_date,rate_percent,source\n2024-06-12,4.25,x\n2024-01-01,4.50,x\n",
		  RL_EINVAL, 3, "effective_date", "2024-01-01 is not after 2024-06-12 (line 2)" },
		{ RL_RATE_ECB,
		  "effective_date,rate_percent,source\n2024-06-12,4.25,x\n2024-06-12,4.50,x\n",
		  RL_EINVAL, 3, "effective_date", "2024-06-12 is not after 2024-06-12 (line 2)" },
		{ RL_RATE_DE_BASE,
		  "period_start,period_end,rate_percent,source\n"
		  "2002-07-01,2002-12-31,2.47,x\n2003-01-02,2003-06-30,1.97,x\n",
		  RL_EINVAL, 3, "period_start",
		  "2003-01-02 does not follow the previous period, which ends on 2002-12-31 (line "
		  "2): a gap" },
		{ RL_RATE_DE_BASE,
		  "period_start,period_end,rate_percent,source\n"
		  "2002-07-01,2002-12-31,2.47,x\n2002-12-01,2003-06-30,1.97,x\n",
		  RL_EINVAL, 3, "period_start",
		  "2002-12-01 does not follow the previous period, which ends on 2002-12-31 (line "
		  "2): an overlap" },
		{ RL_RATE_DE_BASE,
		  "period_start,period_end,rate_percent,source\n2002-07-01,2002-06-30,2.47,x\n",
		  RL_EINVAL, 2, "period_end", "the period ends before it starts" },
		{ RL_RATE_ECB, "# only a comment\n", RL_EINVAL, 1, "", "no header line" },
		{ RL_RATE_ECB, "# c\neffective_date,rate_percent,source\n", RL_EINVAL, 2, "",
		  "no rates after the header" },
		{ RL_RATE_ECB,
		  "# known_through: 2024-01-01 x\neffective_date,rate_percent,source\n"
		  "2024-06-12,4.25,x\n",
		  RL_EINVAL, 1, "known_through", "known_through is before the last rate (line 3)" },
		{ RL_RATE_ECB, "# known_through: 2024-02-30\neffective_date,rate_percent,source\n",
		  RL_EINVAL, 1, "known_through",
		  "'2024-02-30' is not a date: February 2024 has 29 days" },
		{ RL_RATE_ECB,
		  "# known_through: 2025-01-01\n# known_through: 2025-01-02\n"
		  "effective_date,rate_percent,source\n",
		  RL_EINVAL, 2, "known_through", "known_through is given twice (first on line 1)" },
		{ RL_RATE_FR_LEGAL_OTHER, "# known_through: 2027-01-01\n", RL_EINVAL, 1,
		  "known_through",
		  "known_through is only for tables of changes: a table of periods is known "
		  "through its last period_end" },
		{ RL_RATE_UK_BOE, "effective_date,bank_rate_percent,source\n2025-01-01,\"4.00,x\n",
		  RL_EINVAL, 2, "column 2",
		  "unterminated quoted field (opened on line 2, still open at end of input)" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct rl_rate_table t;
		struct rl_err err = { 0 };
		int rc = rl_rates_load_mem(cases[i].text, strlen(cases[i].text), "t.csv",
					   cases[i].which, &t, &err);

		if (rc != cases[i].rc || err.line != cases[i].line ||
		    strcmp(err.field, cases[i].field) != 0 || strcmp(err.msg, cases[i].msg) != 0 ||
		    strcmp(err.file, "t.csv") != 0)
			fail_msg("case %zu: rc %d %s:%ld: [%s] %s", i, rc, err.file, err.line,
				 err.field, err.msg);
		assert_null(t.points);
		assert_int_equal(t.n, 0);
	}
}

static void known_through_defaults_to_the_last_change(void **state)
{
	/* Without the comment line a table of changes is known only on the day of
	 * its last change: a later day is an error, never a stale rate. Comment
	 * lines are allowed anywhere. */
	static const char text[] = "effective_date,rate_percent,tender_type,source\n"
				   "2025-06-11,2.15,fixed,x\n"
				   "# a comment between rows, with, commas\n"
				   "2026-06-17,2.40,fixed,y\n";
	struct rl_rate_table t;
	struct rl_err err = { 0 };
	int64_t r;

	(void)state;
	assert_int_equal(rl_rates_load_mem(text, strlen(text), "e.csv", RL_RATE_ECB, &t, &err), 0);
	assert_int_equal(t.n, 2);
	assert_int_equal(t.known_through, D("2026-06-17"));
	assert_int_equal(rate_on(&t, "2026-06-16"), 2150000);
	assert_int_equal(rate_on(&t, "2026-06-17"), 2400000);
	assert_int_equal(rl_rate_lookup(&t, D("2026-06-18"), &r, &err), RL_ENOTFOUND);
	assert_string_equal(
		err.msg, "no ECB rate known for 2026-06-18: update e.csv (relance rates import)");
	rl_rates_release(&t);
	rl_rates_release(&t); /* twice is harmless */
	rl_rates_release(NULL);
}

static void unreadable_file_is_an_io_error(void **state)
{
	struct rl_rate_table t;
	struct rl_interest_rule r;
	struct rl_err err = { 0 };

	(void)state;
	assert_int_equal(rl_rates_load_file("/nonexistent/ecb.csv", RL_RATE_ECB, &t, &err), RL_EIO);
	assert_string_equal(err.msg,
			    "/nonexistent/ecb.csv: cannot open: No such file or directory");
	assert_int_equal(rl_rule_load_file("/", &r, &err), RL_EIO);
	assert_string_equal(err.msg, "/: is a directory");
}

static void shipped_rules_load(void **state)
{
	static const struct {
		const char *name;
		enum rl_rate_source source;
		enum rl_rate_pick pick;
		int64_t margin;
		enum rl_interest_start start;
		enum rl_contract_policy contract;
		const char *currency; /* NULL: no indemnity */
		size_t nbands;
		int64_t band_from[3], band_amount[3];
		int64_t judgment_margin;
	} cases[] = {
		{ "fr-b2b",
		  RL_RATE_ECB,
		  RL_PICK_HALF_YEAR_START,
		  10000000,
		  RL_START_DUE,
		  RL_CONTRACT_FLOORED,
		  "EUR",
		  1,
		  { 0 },
		  { 4000 },
		  0 },
		{ "fr-b2c",
		  RL_RATE_FR_LEGAL_OTHER,
		  RL_PICK_ON_DAY,
		  0,
		  RL_START_NOTICE,
		  RL_CONTRACT_IGNORED,
		  NULL,
		  0,
		  { 0 },
		  { 0 },
		  5000000 },
		{ "eu-b2b",
		  RL_RATE_ECB,
		  RL_PICK_HALF_YEAR_START,
		  8000000,
		  RL_START_DUE,
		  RL_CONTRACT_REPLACES,
		  "EUR",
		  1,
		  { 0 },
		  { 4000 },
		  0 },
		{ "de-b2b",
		  RL_RATE_DE_BASE,
		  RL_PICK_ON_DAY,
		  9000000,
		  RL_START_DUE,
		  RL_CONTRACT_IF_HIGHER,
		  "EUR",
		  1,
		  { 0 },
		  { 4000 },
		  0 },
		{ "de-b2c",
		  RL_RATE_DE_BASE,
		  RL_PICK_ON_DAY,
		  5000000,
		  RL_START_NOTICE,
		  RL_CONTRACT_IF_HIGHER,
		  NULL,
		  0,
		  { 0 },
		  { 0 },
		  0 },
		{ "uk-b2b",
		  RL_RATE_UK_BOE,
		  RL_PICK_HALF_YEAR_EVE,
		  8000000,
		  RL_START_DUE,
		  RL_CONTRACT_IF_HIGHER,
		  "GBP",
		  3,
		  { 0, 100000, 1000000 },
		  { 4000, 7000, 10000 },
		  0 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct rl_interest_rule r;
		struct rl_err err = { 0 };
		char path[512];

		snprintf(path, sizeof(path), "%s/rules/%s.ini", data_dir(), cases[i].name);
		if (rl_rule_load_file(path, &r, &err))
			fail_msg("%s:%ld: %s: %s", err.file, err.line, err.field, err.msg);
		assert_string_equal(r.name, cases[i].name);
		assert_string_equal(r.checked, "2026-11");
		assert_true(r.title[0] != '\0');
		assert_int_equal(r.source, cases[i].source);
		assert_int_equal(r.pick, cases[i].pick);
		assert_int_equal(r.margin, cases[i].margin);
		assert_int_equal(r.day_count, RL_DAYCOUNT_ACT_365);
		assert_int_equal(r.start, cases[i].start);
		assert_int_equal(r.contract, cases[i].contract);
		assert_int_equal(r.judgment_margin, cases[i].judgment_margin);
		assert_int_equal(r.nbands, cases[i].nbands);
		if (cases[i].currency)
			assert_string_equal(r.indemnity_currency->code, cases[i].currency);
		else
			assert_null(r.indemnity_currency);
		for (size_t k = 0; k < r.nbands; k++) {
			assert_int_equal(r.bands[k].from, cases[i].band_from[k]);
			assert_int_equal(r.bands[k].amount, cases[i].band_amount[k]);
		}
		if (r.contract == RL_CONTRACT_FLOORED) {
			assert_int_equal(r.floor_source, RL_RATE_FR_LEGAL_OTHER);
			assert_int_equal(r.floor_factor, 3);
		}
		if (r.judgment_margin)
			assert_int_equal(r.judgment_months, 2);
	}
}

/* A valid rule; the cases below replace one line of it (or add one). */
static const char good_rule[] = "# a rule\n"
				"name = t\n"
				"title = Test\n"
				"checked = 2026-11\n"
				"rate_source = ecb\n"
				"rate_source.source = s\n"
				"rate_pick = half-year-start\n"
				"rate_pick.source = s\n"
				"margin = 8\n"
				"margin.source = s\n"
				"day_count = act/365\n"
				"day_count.source = s\n"
				"start = due\n"
				"start.source = s\n"
				"contract = ignored\n"
				"contract.source = s\n"
				"indemnity = 40.00\n"
				"indemnity.source = s\n"
				"indemnity_currency = EUR\n"
				"indemnity_currency.source = s\n";

/* good_rule with the line starting with `prefix` replaced by `with` ("" drops
 * it; a prefix not found appends `with`). */
static void edit_rule(char *out, size_t cap, const char *prefix, const char *with)
{
	const char *p = good_rule;
	size_t o = 0;
	int done = 0;

	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = (size_t)(nl - p) + 1;

		if (!done && strncmp(p, prefix, strlen(prefix)) == 0) {
			o += (size_t)snprintf(out + o, cap - o, "%s%s", with, *with ? "\n" : "");
			done = 1;
		} else {
			o += (size_t)snprintf(out + o, cap - o, "%.*s", (int)n, p);
		}
		p += n;
	}
	if (!done)
		snprintf(out + o, cap - o, "%s\n", with);
}

static void bad_rules_are_refused_with_line_and_key(void **state)
{
	static const struct {
		const char *prefix, *with;
		long line;
		const char *field;
		const char *msg;
	} cases[] = {
		{ "margin.source", "", 9, "margin",
		  "this fact has no source: add 'margin.source = ...'" },
		{ "margin =", "", 9, "", "a source for 'margin', which is not set" },
		{ "margin =", "margn = 8", 9, "", "unknown key 'margn'" },
		{ "title =", "title.source = x", 3, "", "unknown key 'title.source'" },
		{ "zz", "margin = 9", 21, "", "'margin' is given twice (first on line 9)" },
		{ "zz", "margin.source = t", 21, "",
		  "'margin.source' is given twice (first on line 10)" },
		{ "checked", "", 19, "", "'checked' is missing" },
		{ "checked", "checked = 2026-13", 4, "checked",
		  "'2026-13' is not a month 'YYYY-MM'" },
		{ "rate_pick =", "rate_pick = yearly", 7, "rate_pick",
		  "'yearly' is not on-day, half-year-start or half-year-eve" },
		{ "rate_source =", "rate_source = fed", 5, "rate_source",
		  "'fed' is not a rate source (ecb, fr-legal-other, fr-legal-private, de-base, "
		  "uk-boe)" },
		{ "margin =", "margin = ten", 9, "margin",
		  "'ten' is not a rate: no digits before the point" },
		{ "margin =", "margin =", 9, "", "the value is empty" },
		{ "margin =", "margin 8", 9, "", "expected 'key = value'" },
		{ "contract =", "contract = floored", 20, "",
		  "'floor_source' is missing (with contract = floored)" },
		{ "zz", "floor_factor = 3\nfloor_factor.source = s", 21, "floor_factor",
		  "'floor_factor' is only used with contract = floored" },
		{ "indemnity =", "indemnity = none", 19, "indemnity_currency",
		  "'indemnity_currency' is only used with an indemnity" },
		{ "indemnity_currency =", "indemnity_currency = EUX", 19, "indemnity_currency",
		  "'EUX' is not an ISO 4217 currency code" },
		{ "indemnity =", "indemnity = 40.001", 17, "indemnity",
		  "'40.001' has 3 decimals, the currency allows 2" },
		{ "indemnity =", "indemnity = 0:40, 1000", 17, "indemnity",
		  "'0:40, 1000' is not an amount, 'none' or bands 'from:amount, from:amount'" },
		{ "indemnity =", "indemnity = 10:40, 1000:70", 2, "",
		  "rule 't': the first indemnity band must start at 0" },
		{ "name =", "name = u", 2, "name", "'u' does not match the file name 't'" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char text[2048];
		struct rl_interest_rule r;
		struct rl_err err = { 0 };
		int rc;

		edit_rule(text, sizeof(text), cases[i].prefix, cases[i].with);
		rc = rl_rule_load_mem(text, strlen(text), "t.ini", "t", &r, &err);
		if (rc != RL_EINVAL || err.line != cases[i].line ||
		    strcmp(err.field, cases[i].field) != 0 || strcmp(err.msg, cases[i].msg) != 0 ||
		    strcmp(err.file, "t.ini") != 0)
			fail_msg("case %zu: rc %d %s:%ld: [%s] %s", i, rc, err.file, err.line,
				 err.field, err.msg);
		assert_string_equal(r.name, "");
	}
}

static void good_rule_loads(void **state)
{
	struct rl_interest_rule r;
	struct rl_err err = { 0 };

	(void)state;
	assert_int_equal(rl_rule_load_mem(good_rule, strlen(good_rule), "t.ini", "t", &r, &err), 0);
	assert_string_equal(r.name, "t");
	assert_int_equal(r.margin, 8 * RL_RATE_ONE_PERCENT);
	assert_int_equal(r.bands[0].amount, 4000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(shipped_tables_load_with_their_rows),
		cmocka_unit_test(bad_tables_are_refused_with_line_and_field),
		cmocka_unit_test(known_through_defaults_to_the_last_change),
		cmocka_unit_test(unreadable_file_is_an_io_error),
		cmocka_unit_test(shipped_rules_load),
		cmocka_unit_test(bad_rules_are_refused_with_line_and_key),
		cmocka_unit_test(good_rule_loads),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
