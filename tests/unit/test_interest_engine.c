/* Unit tests of the interest engine's own logic (engine/interest.c) and the
 * store pieces under it (store/rates.c, store/interest.c), on a throwaway
 * SQLite ledger: the rule choice, rate tables laid over the shipped ones,
 * what re-importing and correcting a rate do, and the header detection of
 * rate files. The arithmetic itself is core's (test_interest.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "relance/core/dunning.h"
#include "relance/engine/interest.h"
#include "relance/formats/rates.h"
#include "relance/store/rates.h"
#include "relance/store/store.h"

static rl_date D(const char *iso)
{
	rl_date d = 0;

	if (rl_date_parse(iso, strlen(iso), "YYYY-MM-DD", &d, NULL))
		fail_msg("bad date in test: %s", iso);
	return d;
}

static void default_rule_follows_jurisdiction_and_kind(void **state)
{
	static const struct {
		const char *jurisdiction;
		enum rl_customer_kind kind;
		const char *rule; /* NULL: none */
	} cases[] = {
		{ "FR", RL_CUSTOMER_BUSINESS, "fr-b2b" }, { "FR", RL_CUSTOMER_CONSUMER, "fr-b2c" },
		{ "DE", RL_CUSTOMER_BUSINESS, "de-b2b" }, { "DE", RL_CUSTOMER_CONSUMER, "de-b2c" },
		{ "EU", RL_CUSTOMER_BUSINESS, "eu-b2b" }, { "EU", RL_CUSTOMER_CONSUMER, NULL },
		{ "GB", RL_CUSTOMER_BUSINESS, "uk-b2b" }, { "GB", RL_CUSTOMER_CONSUMER, NULL },
		{ "ES", RL_CUSTOMER_BUSINESS, NULL },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *got = rl_interest_default_rule(cases[i].jurisdiction, cases[i].kind);

		if (!cases[i].rule)
			assert_null(got);
		else
			assert_string_equal(got, cases[i].rule);
	}
}

static void every_shipped_rule_loads_and_unknown_is_usage(void **state)
{
	static const char *const names[] = { "fr-b2b", "fr-b2c", "eu-b2b",
					     "de-b2b", "de-b2c", "uk-b2b" };
	struct rl_interest_rule r;
	struct rl_err err;

	(void)state;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		rl_err_clear(&err);
		assert_int_equal(rl_interest_rule_load(names[i], &r, &err), 0);
		assert_string_equal(r.name, names[i]);
	}
	assert_int_equal(rl_interest_rule_load("xx-b2b", &r, &err), RL_EUSAGE);
}

static void detect_tells_each_shipped_header(void **state)
{
	static const struct {
		const char *text;
		size_t n;
		enum rl_rate_source first;
	} cases[] = {
		{ "# c\neffective_date,rate_percent,source\n", 1, RL_RATE_ECB },
		{ "effective_date,bank_rate_percent,source\n", 1, RL_RATE_UK_BOE },
		{ "period_start,period_end,rate_percent,source\n", 1, RL_RATE_DE_BASE },
		{ "period_start,period_end,kind,rate_creditor_consumer_percent,"
		  "rate_other_cases_percent,legal_text,source\n",
		  2, RL_RATE_FR_LEGAL_OTHER },
	};
	enum rl_rate_source which[2];
	struct rl_err err;
	size_t n;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		rl_err_clear(&err);
		assert_int_equal(rl_rates_detect(cases[i].text, strlen(cases[i].text), "t.csv",
						 which, &n, &err),
				 0);
		assert_int_equal(n, cases[i].n);
		assert_int_equal(which[0], cases[i].first);
	}
	assert_int_equal(rl_rates_detect("day,rate\n", 9, "t.csv", which, &n, &err), RL_EINVAL);
	assert_int_equal(err.line, 1);
	assert_int_equal(rl_rates_detect("# only\n", 7, "t.csv", which, &n, &err), RL_EINVAL);
}

static char *ledger_path;

/* A fresh SQLite ledger in a temporary file. */
static int setup(void **state)
{
	char *path = strdup("/tmp/relance-unit-XXXXXX");
	rl_store *s = NULL;
	struct rl_err err;
	int fd = mkstemp(path);

	if (fd < 0)
		return -1;
	close(fd);
	unlink(path);
	rl_err_clear(&err);
	if (rl_store_open(&s, path, RL_STORE_CREATE, &err)) {
		fprintf(stderr, "%s\n", err.msg);
		free(path);
		return -1;
	}
	ledger_path = path;
	state[0] = s;
	return 0;
}

static int teardown(void **state)
{
	char other[64];

	rl_store_close(state[0]);
	unlink(ledger_path);
	snprintf(other, sizeof(other), "%s-wal", ledger_path);
	unlink(other);
	snprintf(other, sizeof(other), "%s-shm", ledger_path);
	unlink(other);
	free(ledger_path);
	return 0;
}

static size_t find_point(const struct rl_rate_table *t, rl_date from)
{
	for (size_t k = 0; k < t->n; k++)
		if (t->points[k].from == from)
			return k;
	fail_msg("no point");
	return 0;
}

static void imported_rows_lie_over_the_shipped_table(void **state)
{
	rl_store *s = state[0];
	struct rl_rate_tables rt, shipped;
	enum rl_rate_put what;
	struct rl_err err;
	int64_t old = 0;
	bool moved;
	size_t k;

	rl_err_clear(&err);
	assert_int_equal(rl_rate_tables_load(s, &shipped, &err), 0);
	assert_int_equal(rl_store_begin(s, &err), 0);
	/* a new change, and a correction of a shipped one */
	assert_int_equal(rl_rate_put(s, RL_RATE_ECB, D("2026-12-16"), 2900000, "a.csv", "t", &what,
				     &old, &err),
			 0);
	assert_int_equal(what, RL_RATE_ADDED);
	assert_int_equal(rl_rate_put(s, RL_RATE_ECB, D("2026-09-16"), 2700000, "a.csv", "t", &what,
				     &old, &err),
			 0);
	assert_int_equal(what, RL_RATE_ADDED);
	assert_int_equal(
		rl_rate_known_put(s, RL_RATE_ECB, D("2027-03-31"), "a.csv", "t", &moved, &err), 0);
	assert_true(moved);
	/* the same again: nothing; an earlier known_through: not moved back */
	assert_int_equal(rl_rate_put(s, RL_RATE_ECB, D("2026-12-16"), 2900000, "b.csv", "t", &what,
				     &old, &err),
			 0);
	assert_int_equal(what, RL_RATE_SAME);
	assert_int_equal(
		rl_rate_known_put(s, RL_RATE_ECB, D("2027-01-31"), "b.csv", "t", &moved, &err), 0);
	assert_false(moved);
	/* another rate for the same day replaces it */
	assert_int_equal(rl_rate_put(s, RL_RATE_ECB, D("2026-12-16"), 3000000, "c.csv", "t", &what,
				     &old, &err),
			 0);
	assert_int_equal(what, RL_RATE_REPLACED);
	assert_int_equal(old, 2900000);
	assert_int_equal(rl_store_commit(s, &err), 0);

	assert_int_equal(rl_rate_tables_load(s, &rt, &err), 0);
	assert_int_equal(rt.table[RL_RATE_ECB].n, shipped.table[RL_RATE_ECB].n + 1);
	assert_int_equal(rt.table[RL_RATE_ECB].known_through, D("2027-03-31"));
	k = find_point(&rt.table[RL_RATE_ECB], D("2026-09-16"));
	assert_int_equal(rt.table[RL_RATE_ECB].points[k].rate, 2700000);
	assert_string_equal(rt.origin[RL_RATE_ECB][k], "a.csv");
	k = find_point(&rt.table[RL_RATE_ECB], D("2026-12-16"));
	assert_int_equal(rt.table[RL_RATE_ECB].points[k].rate, 3000000);
	assert_string_equal(rt.origin[RL_RATE_ECB][k], "c.csv");
	assert_string_equal(rt.origin[RL_RATE_ECB][0], "shipped");
	/* other sources untouched */
	assert_int_equal(rt.table[RL_RATE_UK_BOE].n, shipped.table[RL_RATE_UK_BOE].n);
	assert_int_equal(rt.table[RL_RATE_UK_BOE].known_through,
			 shipped.table[RL_RATE_UK_BOE].known_through);
	rl_rate_tables_release(&rt);
	rl_rate_tables_release(&shipped);
}

static void store_keys_name_the_french_categories(void **state)
{
	const char *source, *category;

	(void)state;
	rl_rate_store_key(RL_RATE_FR_LEGAL_OTHER, &source, &category);
	assert_string_equal(source, "fr-legal");
	assert_string_equal(category, "other");
	rl_rate_store_key(RL_RATE_FR_LEGAL_PRIVATE, &source, &category);
	assert_string_equal(category, "private");
	rl_rate_store_key(RL_RATE_UK_BOE, &source, &category);
	assert_string_equal(source, "uk-boe");
	assert_string_equal(category, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(default_rule_follows_jurisdiction_and_kind),
		cmocka_unit_test(every_shipped_rule_loads_and_unknown_is_usage),
		cmocka_unit_test(detect_tells_each_shipped_header),
		cmocka_unit_test(store_keys_name_the_french_categories),
		cmocka_unit_test_setup_teardown(imported_rows_lie_over_the_shipped_table, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
