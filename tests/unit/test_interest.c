/* Unit tests of late-payment interest and the fixed indemnity (core/interest.c),
 * run against the shipped data: the rule files of data/rules/ and the rate
 * tables of data/rates/ (loaded once; the tests run from the top of the tree,
 * or from $RELANCE_DATA_DIR).
 *
 * The worked cases are a table. Every expected figure was computed BY HAND
 * from the rules and the tables (the comment above each row shows the rate
 * lookup with the table row it comes from, the days, balance x rate x days /
 * 365, and the rounding); none comes from the code under test. Amounts are in
 * cents / pence; rates in the comments are in percent. Day counts: days late
 * = payment date - due date; a day D carries the balance owed at the end of
 * D - 1, so a payment dated D stops interest after day D. */
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

static struct rl_rate_table tables[RL_RATE_SOURCE_COUNT];
static struct rl_rate_set rates;

static const char *const rule_names[] = {
	"fr-b2b", "fr-b2c", "eu-b2b", "de-b2b", "de-b2c", "uk-b2b"
};
#define NRULES (sizeof(rule_names) / sizeof(rule_names[0]))
static struct rl_interest_rule rules[NRULES];

static const char *data_dir(void)
{
	const char *d = getenv("RELANCE_DATA_DIR");

	return d && *d ? d : "data";
}

static int load_all(void **state)
{
	static const char *const files[RL_RATE_SOURCE_COUNT] = {
		[RL_RATE_ECB] = "ecb_mro.csv",
		[RL_RATE_FR_LEGAL_OTHER] = "fr_taux_legal.csv",
		[RL_RATE_FR_LEGAL_PRIVATE] = "fr_taux_legal.csv",
		[RL_RATE_DE_BASE] = "de_basiszinssatz.csv",
		[RL_RATE_UK_BOE] = "uk_boe_base_rate.csv",
	};
	struct rl_err err;
	char path[512];

	(void)state;
	for (int s = 0; s < RL_RATE_SOURCE_COUNT; s++) {
		snprintf(path, sizeof(path), "%s/rates/%s", data_dir(), files[s]);
		if (rl_rates_load_file(path, (enum rl_rate_source)s, &tables[s], &err)) {
			fprintf(stderr, "%s:%ld: %s\n", err.file, err.line, err.msg);
			return -1;
		}
		/* Messages name the shipped file, wherever the tests read it from. */
		snprintf(tables[s].origin, sizeof(tables[s].origin), "data/rates/%s", files[s]);
		rates.table[s] = &tables[s];
	}
	for (size_t i = 0; i < NRULES; i++) {
		snprintf(path, sizeof(path), "%s/rules/%s.ini", data_dir(), rule_names[i]);
		if (rl_rule_load_file(path, &rules[i], &err)) {
			fprintf(stderr, "%s:%ld: %s\n", err.file, err.line, err.msg);
			return -1;
		}
	}
	return 0;
}

static int release_all(void **state)
{
	(void)state;
	for (int s = 0; s < RL_RATE_SOURCE_COUNT; s++)
		rl_rates_release(&tables[s]);
	return 0;
}

static const struct rl_interest_rule *rule(const char *name)
{
	for (size_t i = 0; i < NRULES; i++)
		if (strcmp(rules[i].name, name) == 0)
			return &rules[i];
	fail_msg("no rule %s", name);
	return NULL;
}

static rl_date D(const char *iso)
{
	rl_date d = 0;

	if (rl_date_parse(iso, strlen(iso), "YYYY-MM-DD", &d, NULL))
		fail_msg("bad date in test: %s", iso);
	return d;
}

static int64_t R(const char *pct)
{
	int64_t r = 0;

	if (rl_rate_parse(pct, strlen(pct), &r, NULL))
		fail_msg("bad rate in test: %s", pct);
	return r;
}

/* "2025-03-10:200000 2025-04-09:0" into changes[]; returns the count. */
static size_t parse_changes(const char *s, struct rl_balance_change *out, size_t cap)
{
	size_t n = 0;

	while (s && *s) {
		char iso[RL_DATE_ISO_LEN + 1];
		char *end;

		while (*s == ' ')
			s++;
		if (!*s)
			break;
		assert_true(n < cap);
		memcpy(iso, s, RL_DATE_ISO_LEN);
		iso[RL_DATE_ISO_LEN] = '\0';
		assert_int_equal(s[RL_DATE_ISO_LEN], ':');
		out[n].date = D(iso);
		out[n].balance = strtoll(s + RL_DATE_ISO_LEN + 1, &end, 10);
		s = end;
		n++;
	}
	return n;
}

/* "FROM..TO RATE BALANCE" for each segment, joined by "; ". */
static void render_segments(const struct rl_interest_segment *sg, size_t n, char *buf, size_t cap)
{
	size_t o = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < n && o < cap; i++) {
		char a[RL_DATE_ISO_LEN + 1], b[RL_DATE_ISO_LEN + 1], r[RL_RATE_FMT_MAX];

		rl_date_format_iso(sg[i].from, a);
		rl_date_format_iso(sg[i].to, b);
		rl_rate_format(r, sizeof(r), sg[i].rate);
		o += (size_t)snprintf(buf + o, cap - o, "%s%s..%s %s %lld", i ? "; " : "", a, b, r,
				      (long long)sg[i].balance);
	}
}

struct worked_case {
	const char *what;
	const char *rule;
	const char *currency;
	int64_t amount;      /* minor units */
	const char *due;     /* YYYY-MM-DD */
	const char *changes; /* "DATE:BALANCE ..." after that day */
	const char *asof;
	const char *contract; /* percent, or NULL */
	const char *notice;   /* or NULL */
	const char *judgment; /* or NULL */
	const char *daycount; /* override of the rule's, or NULL */
	int64_t interest, indemnity, total;
	int32_t days_late;
	unsigned flags;
	const char *segments; /* as render_segments() writes them, or NULL: not checked */
};

/* clang-format off */
static const struct worked_case worked[] = {
	/* 1. Within one half-year. H1 2025 rate = ECB in force on 2025-01-01
	 * (ecb_mro.csv row 2024-12-18, 3.15) + 10 = 13.15 %. Days 2025-02-01..
	 * 2025-03-02 = 28 + 2 = 30. 100000 x 13.15 x 30 / 36500 = 39,450,000 /
	 * 36,500 = 1080.82 -> 1081. Indemnity 40.00. Total 1081 + 4000 = 5081. */
	{ "fr-b2b within one half-year", "fr-b2b", "EUR", 100000, "2025-01-31", "2025-03-02:0",
	  "2025-03-02", NULL, NULL, NULL, NULL, 1081, 4000, 5081, 30, 0,
	  "2025-02-01..2025-03-02 13.15 100000" },
	/* 2. Paid on its due date: no late day, no interest, no indemnity. */
	{ "fr-b2b paid on its due date", "fr-b2b", "EUR", 100000, "2025-03-31", "2025-03-31:0",
	  "2025-04-30", NULL, NULL, NULL, NULL, 0, 0, 0, 0, 0, "" },
	/* 3. One day late: 2025-04-01 only, 13.15 % (H1 2025, as in 1).
	 * 100000 x 13.15 x 1 / 36500 = 1,315,000 / 36,500 = 36.03 -> 36. + 4000. */
	{ "fr-b2b paid one day late", "fr-b2b", "EUR", 100000, "2025-03-31", "2025-04-01:0",
	  "2025-04-01", NULL, NULL, NULL, NULL, 36, 4000, 4036, 1, 0,
	  "2025-04-01..2025-04-01 13.15 100000" },
	/* 4. Across 1 July. 06-16..06-30 = 15 days at 13.15 (H1 2025);
	 * 07-01..07-15 = 15 days at ECB on 2025-07-01 (row 2025-06-11, 2.15) + 10
	 * = 12.15. 1000000 x (13.15 x 15 + 12.15 x 15) / 36500 = 1000000 x 379.5
	 * / 36500 = 379,500,000 / 36,500 = 10397.26 -> 10397. + 4000 = 14397. */
	{ "fr-b2b across 1 July", "fr-b2b", "EUR", 1000000, "2025-06-15", "2025-07-15:0",
	  "2025-07-15", NULL, NULL, NULL, NULL, 10397, 4000, 14397, 30, 0,
	  "2025-06-16..2025-06-30 13.15 1000000; 2025-07-01..2025-07-15 12.15 1000000" },
	/* 5. Across 1 January. 2024-12-16..12-31 = 16 days at ECB on 2024-07-01
	 * (row 2024-06-12, 4.25) + 10 = 14.25; 2025-01-01..01-14 = 14 days at
	 * 13.15. 500000 x (14.25 x 16 + 13.15 x 14) / 36500 = 500000 x (228 +
	 * 184.1) / 36500 = 206,050,000 / 36,500 = 5645.21 -> 5645. + 4000. */
	{ "fr-b2b across 1 January", "fr-b2b", "EUR", 500000, "2024-12-15", "2025-01-14:0",
	  "2025-01-14", NULL, NULL, NULL, NULL, 5645, 4000, 9645, 30, 0,
	  "2024-12-16..2024-12-31 14.25 500000; 2025-01-01..2025-01-14 13.15 500000" },
	/* 6. Across an ECB change inside a half-year: the MRO fell to 4.25 on
	 * 2024-06-12 but H1 2024 keeps the rate in force on 2024-01-01 (row
	 * 2023-09-20, 4.50) + 10 = 14.50 for all 30 days (06-01..06-30).
	 * 200000 x 14.50 x 30 / 36500 = 87,000,000 / 36,500 = 2383.56 -> 2384. */
	{ "fr-b2b ECB change inside the half-year does not split", "fr-b2b", "EUR", 200000,
	  "2024-05-31", "2024-06-30:0", "2024-06-30", NULL, NULL, NULL, NULL, 2384, 4000, 6384,
	  30, 0, "2024-06-01..2024-06-30 14.50 200000" },
	/* 7. Leap day: 2024-02-29 and 03-01 = 2 days, still / 365, at 14.50.
	 * 10000000 x 14.50 x 2 / 36500 = 290,000,000 / 36,500 = 7945.21 -> 7945. */
	{ "fr-b2b over a leap day", "fr-b2b", "EUR", 10000000, "2024-02-28", "2024-03-01:0",
	  "2024-03-01", NULL, NULL, NULL, NULL, 7945, 4000, 11945, 2, 0,
	  "2024-02-29..2024-03-01 14.50 10000000" },
	/* 8. The whole leap year 2024: 366 days / 365. H1 = 182 days (31 + 29 +
	 * 31 + 30 + 31 + 30) at 14.50; H2 = 184 days at 14.25 (ECB on 2024-07-01,
	 * row 2024-06-12, 4.25 + 10). 100000 x (14.5 x 182 + 14.25 x 184) / 36500
	 * = 100000 x (2639 + 2622) / 36500 = 526,100,000 / 36,500 = 14413.70 ->
	 * 14414. */
	{ "fr-b2b whole leap year, 366 days over 365", "fr-b2b", "EUR", 100000, "2023-12-31",
	  "2024-12-31:0", "2024-12-31", NULL, NULL, NULL, NULL, 14414, 4000, 18414, 366, 0,
	  "2024-01-01..2024-06-30 14.50 100000; 2024-07-01..2024-12-31 14.25 100000" },
	/* 9. Three partial payments of 1000.00: 300000 x 10 days (03-01..03-10)
	 * + 200000 x 30 (03-11..04-09) + 100000 x 30 (04-10..05-09) = 12,000,000
	 * cent-days, all at 13.15: 12,000,000 x 13.15 / 36500 = 157,800,000 /
	 * 36,500 = 4323.29 -> 4323. One indemnity. Days late 05-09 - 02-28 = 70. */
	{ "fr-b2b several partial payments", "fr-b2b", "EUR", 300000, "2025-02-28",
	  "2025-03-10:200000 2025-04-09:100000 2025-05-09:0", "2025-06-30", NULL, NULL, NULL,
	  NULL, 4323, 4000, 8323, 70, 0,
	  "2025-03-01..2025-03-10 13.15 300000; 2025-03-11..2025-04-09 13.15 200000; "
	  "2025-04-10..2025-05-09 13.15 100000" },
	/* 10. Credit note of 200.00 allocated 10-15, then paid 10-31. H2 2025
	 * rate 12.15 (ECB on 2025-07-01 = 2.15, row 2025-06-11). 120000 x 15
	 * (10-01..10-15) + 100000 x 16 (10-16..10-31) = 3,400,000; x 12.15 /
	 * 36500 = 41,310,000 / 36,500 = 1131.78 -> 1132. */
	{ "fr-b2b credit note then payment", "fr-b2b", "EUR", 120000, "2025-09-30",
	  "2025-10-15:100000 2025-10-31:0", "2025-10-31", NULL, NULL, NULL, NULL, 1132, 4000, 5132,
	  31, 0, "2025-10-01..2025-10-15 12.15 120000; 2025-10-16..2025-10-31 12.15 100000" },
	/* 11. 400.00 paid before the due date: 600.00 late for 30 days at
	 * 13.15: 60000 x 13.15 x 30 / 36500 = 23,670,000 / 36,500 = 648.49 ->
	 * 648. Not fully paid at the due date: the full 40.00 indemnity. */
	{ "fr-b2b partial payment before the due date", "fr-b2b", "EUR", 100000, "2025-03-31",
	  "2025-03-20:60000 2025-04-30:0", "2025-04-30", NULL, NULL, NULL, NULL, 648, 4000, 4648,
	  30, 0, "2025-04-01..2025-04-30 13.15 60000" },
	/* 12. Contractual 15 % >= floor 3 x 2.76 (fr_taux_legal.csv 2025-07-01
	 * row, other cases) = 8.28: 15 % applies. 60 days (10-01..11-29).
	 * 100000 x 15 x 60 / 36500 = 90,000,000 / 36,500 = 2465.75 -> 2466. */
	{ "fr-b2b contractual rate above the floor", "fr-b2b", "EUR", 100000, "2025-09-30",
	  "2025-11-29:0", "2025-11-29", "15", NULL, NULL, NULL, 2466, 4000, 6466, 60, 0,
	  "2025-10-01..2025-11-29 15.00 100000" },
	/* 13. Contractual 5 % < floor 8.28: raised to 8.28. 100000 x 8.28 x 60
	 * / 36500 = 49,680,000 / 36,500 = 1361.10 -> 1361. */
	{ "fr-b2b contractual rate below the floor is raised", "fr-b2b", "EUR", 100000,
	  "2025-09-30", "2025-11-29:0", "2025-11-29", "5", NULL, NULL, NULL, 1361, 4000, 5361, 60,
	  RL_INTEREST_FLOORED, "2025-10-01..2025-11-29 8.28 100000" },
	/* 14. Contractual 9 %: above the floor 8.28, below the default 12.15:
	 * the contract wins. 100000 x 9 x 60 / 36500 = 54,000,000 / 36,500 =
	 * 1479.45 -> 1479. */
	{ "fr-b2b contractual rate below the default but above the floor", "fr-b2b", "EUR",
	  100000, "2025-09-30", "2025-11-29:0", "2025-11-29", "9", NULL, NULL, NULL, 1479, 4000,
	  5479, 60, 0, "2025-10-01..2025-11-29 9.00 100000" },
	/* 15. Contractual 8 % under a floor that moves on 1 July 2024:
	 * 06-21..06-30 = 10 days at 3 x 5.07 (row 2024-01-01) = 15.21;
	 * 07-01..07-10 = 10 days at 3 x 4.92 (row 2024-07-01) = 14.76.
	 * 100000 x (15.21 x 10 + 14.76 x 10) / 36500 = 100000 x 299.7 / 36500 =
	 * 29,970,000 / 36,500 = 821.10 -> 821. */
	{ "fr-b2b floor changes with the legal rate", "fr-b2b", "EUR", 100000, "2024-06-20",
	  "2024-07-10:0", "2024-07-10", "8", NULL, NULL, NULL, 821, 4000, 4821, 20,
	  RL_INTEREST_FLOORED,
	  "2024-06-21..2024-06-30 15.21 100000; 2024-07-01..2024-07-10 14.76 100000" },
	/* 16. H1 2024, no contractual rate: the default 4.50 + 10 = 14.50 stands
	 * although 3 x 5.07 = 15.21 is higher (the floor binds contracts only).
	 * 02-01..03-01 = 29 + 1 = 30 days. 1000000 x 14.50 x 30 / 36500 =
	 * 435,000,000 / 36,500 = 11917.81 -> 11918. */
	{ "fr-b2b H1 2024 default below the floor stands", "fr-b2b", "EUR", 1000000,
	  "2024-01-31", "2024-03-01:0", "2024-03-01", NULL, NULL, NULL, NULL, 11918, 4000, 15918,
	  30, 0, "2024-02-01..2024-03-01 14.50 1000000" },
	/* 17. H1 2024, contractual 15 % (above the default 14.50) is below the
	 * floor 15.21: raised. 1000000 x 15.21 x 30 / 36500 = 456,300,000 /
	 * 36,500 = 12501.37 -> 12501. */
	{ "fr-b2b H1 2024 contractual rate raised to 15.21", "fr-b2b", "EUR", 1000000,
	  "2024-01-31", "2024-03-01:0", "2024-03-01", "15", NULL, NULL, NULL, 12501, 4000, 16501,
	  30, RL_INTEREST_FLOORED, "2024-02-01..2024-03-01 15.21 1000000" },
	/* 18. Consumer, notice 05-15: interest from 05-16 to 06-14 = 30 days at
	 * the legal rate, other cases, H1 2025 (row 2025-01-01, 3.71). 200000 x
	 * 3.71 x 30 / 36500 = 22,260,000 / 36,500 = 609.86 -> 610. No indemnity.
	 * Days late still counted from the due date: 06-14 - 03-31 = 75. */
	{ "fr-b2c from the formal notice", "fr-b2c", "EUR", 200000, "2025-03-31", "2025-06-14:0",
	  "2025-06-14", NULL, "2025-05-15", NULL, NULL, 610, 0, 610, 75, 0,
	  "2025-05-16..2025-06-14 3.71 200000" },
	/* 19. Consumer, no notice recorded: nothing runs yet. */
	{ "fr-b2c without notice", "fr-b2c", "EUR", 200000, "2025-03-31", "2025-06-14:0",
	  "2025-06-14", NULL, NULL, NULL, NULL, 0, 0, 0, 75, RL_INTEREST_NO_NOTICE, "" },
	/* 20. Consumer across 1 July: 06-21..06-30 = 10 days at 3.71; 07-01..
	 * 07-20 = 20 days at 2.76 (row 2025-07-01). 500000 x (3.71 x 10 + 2.76 x
	 * 20) / 36500 = 500000 x 92.3 / 36500 = 46,150,000 / 36,500 = 1264.38 ->
	 * 1264. */
	{ "fr-b2c across a legal-rate change", "fr-b2c", "EUR", 500000, "2025-05-31",
	  "2025-07-20:0", "2025-07-20", NULL, "2025-06-20", NULL, NULL, 1264, 0, 1264, 50, 0,
	  "2025-06-21..2025-06-30 3.71 500000; 2025-07-01..2025-07-20 2.76 500000" },
	/* 21. Consumer with a judgment enforceable 2025-01-15: two months expire
	 * at the end of 2025-03-15, +5 points from 03-16. 12-02..12-31 = 30 days
	 * at 4.92 (row 2024-07-01); 01-01..03-15 = 31 + 28 + 15 = 74 days at 3.71;
	 * 03-16..03-31 = 16 days at 3.71 + 5 = 8.71. 100000 x (4.92 x 30 + 3.71 x
	 * 74 + 8.71 x 16) / 36500 = 100000 x (147.6 + 274.54 + 139.36) / 36500 =
	 * 56,150,000 / 36,500 = 1538.36 -> 1538. Days late 03-31 - 11-15 = 136. */
	{ "fr-b2c +5 points two months after a judgment", "fr-b2c", "EUR", 100000, "2024-11-15",
	  "2025-03-31:0", "2025-03-31", NULL, "2024-12-01", "2025-01-15", NULL, 1538, 0, 1538, 136,
	  0,
	  "2024-12-02..2024-12-31 4.92 100000; 2025-01-01..2025-03-15 3.71 100000; "
	  "2025-03-16..2025-03-31 8.71 100000" },
	/* 22. Notice sent before the due date: interest from the due date only.
	 * 05-01..05-30 = 30 days at 3.71. 100000 x 3.71 x 30 / 36500 =
	 * 11,130,000 / 36,500 = 304.93 -> 305. */
	{ "fr-b2c notice before the due date", "fr-b2c", "EUR", 100000, "2025-04-30",
	  "2025-05-30:0", "2025-05-30", NULL, "2025-04-15", NULL, NULL, 305, 0, 305, 30, 0,
	  "2025-05-01..2025-05-30 3.71 100000" },
	/* 23. EU directive: ECB on 2025-07-01 (2.15) + 8 = 10.15; 07-01..08-29
	 * = 31 + 29 = 60 days. 100000 x 10.15 x 60 / 36500 = 60,900,000 / 36,500
	 * = 1668.49 -> 1668. + 40.00. */
	{ "eu-b2b default", "eu-b2b", "EUR", 100000, "2025-06-30", "2025-08-29:0", "2025-08-29",
	  NULL, NULL, NULL, NULL, 1668, 4000, 5668, 60, 0, "2025-07-01..2025-08-29 10.15 100000" },
	/* 24. Germany B2B across a base-rate change: 06-11..06-30 = 20 days at
	 * 2.27 (de_basiszinssatz.csv row 2025-01-01) + 9 = 11.27; 07-01..07-10 =
	 * 10 days at 1.27 (row 2025-07-01) + 9 = 10.27. 1000000 x (11.27 x 20 +
	 * 10.27 x 10) / 36500 = 1000000 x 328.1 / 36500 = 328,100,000 / 36,500 =
	 * 8989.04 -> 8989. + 40.00. */
	{ "de-b2b across a rate change", "de-b2b", "EUR", 1000000, "2025-06-10", "2025-07-10:0",
	  "2025-07-10", NULL, NULL, NULL, NULL, 8989, 4000, 12989, 30, 0,
	  "2025-06-11..2025-06-30 11.27 1000000; 2025-07-01..2025-07-10 10.27 1000000" },
	/* 25. Germany B2B in a negative base-rate period: -0.88 (row 2021-01-01)
	 * + 9 = 8.12; 04-01..04-30 = 30 days. 100000 x 8.12 x 30 / 36500 =
	 * 24,360,000 / 36,500 = 667.40 -> 667. */
	{ "de-b2b negative base rate", "de-b2b", "EUR", 100000, "2021-03-31", "2021-04-30:0",
	  "2021-04-30", NULL, NULL, NULL, NULL, 667, 4000, 4667, 30, 0,
	  "2021-04-01..2021-04-30 8.12 100000" },
	/* 26. Germany with a consumer, reminder on 01-15: 01-16..04-14 = 16 + 29
	 * + 31 + 14 = 90 days at 3.62 (row 2024-01-01) + 5 = 8.62. 100000 x 8.62
	 * x 90 / 36500 = 77,580,000 / 36,500 = 2125.48 -> 2125. No flat sum.
	 * Days late 04-14 - 01-05 = 100. */
	{ "de-b2c from the reminder", "de-b2c", "EUR", 100000, "2024-01-05", "2024-04-14:0",
	  "2024-04-14", NULL, "2024-01-15", NULL, NULL, 2125, 0, 2125, 100, 0,
	  "2024-01-16..2024-04-14 8.62 100000" },
	/* 27. UK band 40: GBP 500.00. H1 2025 = Bank Rate on 2024-12-31 (row
	 * 2024-11-07, 4.75) + 8 = 12.75; 30 days. 50000 x 12.75 x 30 / 36500 =
	 * 19,125,000 / 36,500 = 523.97 -> 524. + 40.00. */
	{ "uk-b2b band under 1000", "uk-b2b", "GBP", 50000, "2025-01-31", "2025-03-02:0",
	  "2025-03-02", NULL, NULL, NULL, NULL, 524, 4000, 4524, 30, 0,
	  "2025-02-01..2025-03-02 12.75 50000" },
	/* 28. UK GBP 999.99, still band 40. H2 2025 = Bank Rate on 2025-06-30
	 * (row 2025-05-08, 4.25) + 8 = 12.25; 08-01..08-30 = 30 days. 99999 x
	 * 12.25 x 30 / 36500 = 36,749,632.5 / 36,500 = 1006.84 -> 1007. */
	{ "uk-b2b 999.99 is band 40", "uk-b2b", "GBP", 99999, "2025-07-31", "2025-08-30:0",
	  "2025-08-30", NULL, NULL, NULL, NULL, 1007, 4000, 5007, 30, 0, NULL },
	/* 29. UK GBP 1000.00: band 70. 100000 x 12.25 x 30 / 36500 =
	 * 36,750,000 / 36,500 = 1006.85 -> 1007. */
	{ "uk-b2b 1000.00 is band 70", "uk-b2b", "GBP", 100000, "2025-07-31", "2025-08-30:0",
	  "2025-08-30", NULL, NULL, NULL, NULL, 1007, 7000, 8007, 30, 0, NULL },
	/* 30. UK GBP 9999.99: band 70. 999999 x 12.25 x 30 / 36500 =
	 * 367,499,632.5 / 36,500 = 10068.48 -> 10068. */
	{ "uk-b2b 9999.99 is band 70", "uk-b2b", "GBP", 999999, "2025-07-31", "2025-08-30:0",
	  "2025-08-30", NULL, NULL, NULL, NULL, 10068, 7000, 17068, 30, 0, NULL },
	/* 31. UK GBP 10000.00: band 100. 1000000 x 12.25 x 30 / 36500 =
	 * 367,500,000 / 36,500 = 10068.49 -> 10068. */
	{ "uk-b2b 10000.00 is band 100", "uk-b2b", "GBP", 1000000, "2025-07-31", "2025-08-30:0",
	  "2025-08-30", NULL, NULL, NULL, NULL, 10068, 10000, 20068, 30, 0,
	  "2025-08-01..2025-08-30 12.25 1000000" },
	/* 32. UK across 1 January: 12-16..12-31 = 16 days at 12.25 (Bank Rate on
	 * 2025-06-30; the cut to 3.75 on 2025-12-18 waits); 01-01..01-14 = 14
	 * days at Bank Rate on 2025-12-31 (row 2025-12-18, 3.75) + 8 = 11.75.
	 * 200000 x (12.25 x 16 + 11.75 x 14) / 36500 = 200000 x 360.5 / 36500 =
	 * 72,100,000 / 36,500 = 1975.34 -> 1975. Band 70. */
	{ "uk-b2b across 1 January, 31 Dec and 30 Jun reference dates", "uk-b2b", "GBP", 200000,
	  "2025-12-15", "2026-01-14:0", "2026-01-14", NULL, NULL, NULL, NULL, 1975, 7000, 8975, 30,
	  0, "2025-12-16..2025-12-31 12.25 200000; 2026-01-01..2026-01-14 11.75 200000" },
	/* 33. UK band on the debt when it fell late: GBP 12000.00, 3000.00 paid
	 * before the due date, 9000.00 late -> band 70. 900000 x 12.25 x 30 /
	 * 36500 = 330,750,000 / 36,500 = 9061.64 -> 9062. */
	{ "uk-b2b band follows the balance at the due date", "uk-b2b", "GBP", 1200000,
	  "2025-07-31", "2025-07-20:900000 2025-08-30:0", "2025-08-30", NULL, NULL, NULL, NULL,
	  9062, 7000, 16062, 30, 0, "2025-08-01..2025-08-30 12.25 900000" },
	/* 34. Zero amount: nothing is late. */
	{ "zero amount", "fr-b2b", "EUR", 0, "2025-01-31", NULL, "2025-12-31", NULL, NULL, NULL,
	  NULL, 0, 0, 0, 0, 0, "" },
	/* 35. Huge amount, INT64_MAX cents, 30 days at 13.15 (as in 1):
	 * 9223372036854775807 x 13.15 x 30 / 36500 = 9223372036854775807 x 789 /
	 * 73000; 9223372036854775807 x 789 = 9223372036854775807 x 800 -
	 * 9223372036854775807 x 11 = 7378697629483820645600 -
	 * 101457092405402533877 = 7277240537078418111723; / 73000 =
	 * 99688226535320796 remainder 3723 (< 36500: rounds down).
	 * Total + 4000 = 99688226535324796. */
	{ "huge amount does not overflow", "fr-b2b", "EUR", INT64_MAX, "2025-01-31",
	  "2025-03-02:0", "2025-03-02", NULL, NULL, NULL, NULL, INT64_C(99688226535320796), 4000,
	  INT64_C(99688226535324796), 30, 0, NULL },
	/* 36. Still open: interest through the as-of date only (as in 1: 30 days
	 * at 13.15 = 1081); the later payment does not count yet. */
	{ "open invoice up to the as-of date", "fr-b2b", "EUR", 100000, "2025-01-31",
	  "2025-06-30:0", "2025-03-02", NULL, NULL, NULL, NULL, 1081, 4000, 5081, 30, 0,
	  "2025-02-01..2025-03-02 13.15 100000" },
	/* 37. Two changes on one day, the last wins: 100000 x 10 (02-01..02-10)
	 * + 50000 x 20 (02-11..03-02) = 2,000,000 x 13.15 / 36500 = 26,300,000 /
	 * 36,500 = 720.55 -> 721. */
	{ "two balance changes on one day", "fr-b2b", "EUR", 100000, "2025-01-31",
	  "2025-02-10:30000 2025-02-10:50000 2025-03-02:0", "2025-03-02", NULL, NULL, NULL, NULL,
	  721, 4000, 4721, 30, 0,
	  "2025-02-01..2025-02-10 13.15 100000; 2025-02-11..2025-03-02 13.15 50000" },
	/* 38. Paid, reversed, paid again: 02-01..02-10 and 02-21..03-02 = 10 +
	 * 10 days of 100000 at 13.15: 2,000,000 x 13.15 / 36500 = 720.55 -> 721.
	 * Days late to the last day owed: 03-02 - 01-31 = 30. */
	{ "payment reversed: interest resumes", "fr-b2b", "EUR", 100000, "2025-01-31",
	  "2025-02-10:0 2025-02-20:100000 2025-03-02:0", "2025-03-31", NULL, NULL, NULL, NULL, 721,
	  4000, 4721, 30, 0,
	  "2025-02-01..2025-02-10 13.15 100000; 2025-02-21..2025-03-02 13.15 100000" },
	/* 39. An exact half cent rounds away from zero: 365000 x 13.15 x 1 /
	 * 36500 = 4,799,750 / 36,500 = 131.5 -> 132. */
	{ "half a cent rounds away from zero", "fr-b2b", "EUR", 365000, "2025-03-31",
	  "2025-04-01:0", "2025-04-01", NULL, NULL, NULL, NULL, 132, 4000, 4132, 1, 0, NULL },
	/* 40. Day count as a rule parameter, actual/actual: case 7 over 366:
	 * 10000000 x 14.50 x 2 / 36600 = 290,000,000 / 36,600 = 7923.50 -> 7923
	 * (7923.497...). */
	{ "act/act divides leap-year days by 366", "fr-b2b", "EUR", 10000000, "2024-02-28",
	  "2024-03-01:0", "2024-03-01", NULL, NULL, NULL, "act/act", 7923, 4000, 11923, 2, 0,
	  "2024-02-29..2024-03-01 14.50 10000000" },
};
/* clang-format on */

static void worked_cases_are_exact_to_the_cent(void **state)
{
	int failed = 0;

	(void)state;
	assert_true(sizeof(worked) / sizeof(worked[0]) >= 30);
	for (size_t i = 0; i < sizeof(worked) / sizeof(worked[0]); i++) {
		const struct worked_case *c = &worked[i];
		struct rl_balance_change ch[8];
		struct rl_interest_segment sg[16];
		struct rl_interest_input in = { 0 };
		struct rl_interest_result res;
		struct rl_interest_rule r = *rule(c->rule);
		struct rl_err err = { 0 };
		char got[1024];
		int64_t sum = 0;
		int rc;

		if (c->daycount)
			assert_int_equal(rl_day_count_parse(c->daycount, &r.day_count), 0);
		in.currency = rl_currency_find(c->currency, 3);
		in.amount = c->amount;
		in.due_date = D(c->due);
		in.asof = D(c->asof);
		in.nchanges = parse_changes(c->changes, ch, 8);
		in.changes = ch;
		if (c->contract) {
			in.has_contract_rate = true;
			in.contract_rate = R(c->contract);
		}
		if (c->notice) {
			in.has_notice = true;
			in.notice_date = D(c->notice);
		}
		if (c->judgment) {
			in.has_judgment = true;
			in.judgment_date = D(c->judgment);
		}
		rc = rl_interest_compute(&r, &rates, &in, sg, 16, &res, &err);
		if (rc) {
			print_error("case %zu (%s): %s\n", i + 1, c->what, err.msg);
			failed++;
			continue;
		}
		render_segments(sg, res.nsegments, got, sizeof(got));
		for (size_t k = 0; k < res.nsegments; k++)
			sum += sg[k].amount;
		if (res.interest != c->interest || res.indemnity != c->indemnity ||
		    res.total != c->total || res.days_late != c->days_late ||
		    res.flags != c->flags || sum != res.interest ||
		    (c->segments && strcmp(got, c->segments) != 0)) {
			print_error(
				"case %zu (%s): interest %lld indemnity %lld total %lld days %d "
				"flags %u segment sum %lld\n  segments: %s\n",
				i + 1, c->what, (long long)res.interest, (long long)res.indemnity,
				(long long)res.total, res.days_late, res.flags, (long long)sum,
				got);
			failed++;
		}
	}
	assert_int_equal(failed, 0);
}

/* A computation that needs a rate no table knows fails, naming the table. */
static void unknown_rate_is_an_error_naming_the_table(void **state)
{
	static const struct {
		const char *rule, *due, *asof, *contract;
		const char *msg;
	} cases[] = {
		/* H1 2027 needs the ECB rate on 2027-01-01: past known_through. */
		{ "fr-b2b", "2026-12-15", "2027-01-10", NULL,
		  "no ECB rate known for 2027-01-01: update data/rates/ecb_mro.csv (relance "
		  "rates import)" },
		/* A contractual rate needs the floor: no legal rate for H2 2026. */
		{ "fr-b2b", "2026-06-20", "2026-07-10", "5",
		  "no French legal interest (other cases) rate known for 2026-07-01: update "
		  "data/rates/fr_taux_legal.csv (relance rates import)" },
		/* UK H2 2026 needs the Bank Rate on 2026-06-30, not checked. */
		{ "uk-b2b", "2026-06-20", "2026-07-10", NULL,
		  "no Bank of England base rate known for 2026-06-30: update "
		  "data/rates/uk_boe_base_rate.csv (relance rates import)" },
		{ "de-b2b", "2026-12-20", "2027-01-10", NULL,
		  "no German base rate known for 2027-01-01: update "
		  "data/rates/de_basiszinssatz.csv (relance rates import)" },
		/* Before the first row. */
		{ "eu-b2b", "1998-11-30", "1999-02-01", NULL,
		  "no ECB rate known for 1998-07-01: data/rates/ecb_mro.csv starts on "
		  "1999-01-01" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct rl_interest_input in = { 0 };
		struct rl_interest_result res;
		struct rl_err err = { 0 };

		in.amount = 100000;
		in.due_date = D(cases[i].due);
		in.asof = D(cases[i].asof);
		if (cases[i].contract) {
			in.has_contract_rate = true;
			in.contract_rate = R(cases[i].contract);
		}
		assert_int_equal(
			rl_interest_compute(rule(cases[i].rule), &rates, &in, NULL, 0, &res, &err),
			RL_ENOTFOUND);
		assert_string_equal(err.msg, cases[i].msg);
	}
}

static void a_missing_table_is_an_error(void **state)
{
	struct rl_rate_set none = { 0 };
	struct rl_interest_input in = { 0 };
	struct rl_interest_result res;
	struct rl_err err = { 0 };

	(void)state;
	in.amount = 100;
	in.due_date = D("2025-01-31");
	in.asof = D("2025-02-10");
	assert_int_equal(rl_interest_compute(rule("uk-b2b"), &none, &in, NULL, 0, &res, &err),
			 RL_ENOTFOUND);
	assert_string_equal(err.msg, "no Bank of England base rate table loaded: load "
				     "data/rates/uk_boe_base_rate.csv");
	/* A zero balance needs no rate at all. */
	in.amount = 0;
	assert_int_equal(rl_interest_compute(rule("uk-b2b"), &none, &in, NULL, 0, &res, &err), 0);
	assert_int_equal(res.interest, 0);
}

static void interest_too_large_is_out_of_range(void **state)
{
	struct rl_interest_input in = { 0 };
	struct rl_interest_result res;
	struct rl_err err = { 0 };

	(void)state;
	/* INT64_MAX cents over ten years at 12-15 % is about 1.3 x INT64_MAX. */
	in.amount = INT64_MAX;
	in.due_date = D("2015-01-31");
	in.asof = D("2025-01-31");
	assert_int_equal(rl_interest_compute(rule("fr-b2b"), &rates, &in, NULL, 0, &res, &err),
			 RL_ERANGE);
	assert_string_equal(err.msg, "interest does not fit in 64-bit minor units");
}

static void bad_input_is_rejected(void **state)
{
	struct rl_balance_change ch[2] = { { 0, 50 }, { 0, 0 } };
	struct rl_interest_input in = { 0 };
	struct rl_interest_result res;
	struct rl_err err = { 0 };

	(void)state;
	ch[0].date = D("2025-03-01");
	ch[1].date = D("2025-02-01");
	in.amount = 100;
	in.due_date = D("2025-01-31");
	in.asof = D("2025-03-31");
	in.changes = ch;
	in.nchanges = 2;
	assert_int_equal(rl_interest_compute(rule("fr-b2b"), &rates, &in, NULL, 0, &res, &err),
			 RL_EINVAL);
	assert_string_equal(err.msg,
			    "balance changes are not in date order (2025-02-01 after 2025-03-01)");
	in.nchanges = 0;
	in.has_contract_rate = true;
	in.contract_rate = RL_RATE_MAX + 1;
	assert_int_equal(rl_interest_compute(rule("fr-b2b"), &rates, &in, NULL, 0, &res, &err),
			 RL_EINVAL);
}

static void segments_beyond_the_array_are_counted(void **state)
{
	struct rl_interest_segment sg[1];
	struct rl_interest_input in = { 0 };
	struct rl_interest_result res;
	struct rl_err err = { 0 };

	(void)state;
	/* Case 8: two half-years, room for one. */
	in.currency = rl_currency_find("EUR", 3);
	in.amount = 100000;
	in.due_date = D("2023-12-31");
	in.asof = D("2024-12-31");
	assert_int_equal(rl_interest_compute(rule("fr-b2b"), &rates, &in, sg, 1, &res, &err), 0);
	assert_int_equal(res.nsegments, 2);
	assert_int_equal(res.flags, RL_INTEREST_TRUNCATED);
	assert_int_equal(res.interest, 14414);
	assert_int_equal(sg[0].days, 182);
}

static void indemnity_in_another_currency_stays_apart(void **state)
{
	struct rl_interest_input in = { 0 };
	struct rl_interest_result res;
	struct rl_err err = { 0 };

	(void)state;
	/* Case 1 invoiced in USD: interest in cents of USD, 40.00 EUR beside. */
	in.currency = rl_currency_find("USD", 3);
	in.amount = 100000;
	in.due_date = D("2025-01-31");
	in.asof = D("2025-03-02");
	assert_int_equal(rl_interest_compute(rule("fr-b2b"), &rates, &in, NULL, 0, &res, &err), 0);
	assert_int_equal(res.interest, 1081);
	assert_int_equal(res.indemnity, 4000);
	assert_string_equal(res.indemnity_currency->code, "EUR");
	assert_int_equal(res.total, 1081);
	assert_int_equal(res.flags, RL_INTEREST_INDEMNITY_APART | RL_INTEREST_TRUNCATED);
}

static void contractual_rate_ignored_is_reported(void **state)
{
	struct rl_interest_input in = { 0 };
	struct rl_interest_result res;
	struct rl_err err = { 0 };

	(void)state;
	/* Case 18 with a contractual 20 %: the consumer rule keeps 3.71 %. No
	 * segment array: RL_INTEREST_TRUNCATED says there were some. */
	in.currency = rl_currency_find("EUR", 3);
	in.amount = 200000;
	in.due_date = D("2025-03-31");
	in.asof = D("2025-06-14");
	in.has_notice = true;
	in.notice_date = D("2025-05-15");
	in.has_contract_rate = true;
	in.contract_rate = R("20");
	assert_int_equal(rl_interest_compute(rule("fr-b2c"), &rates, &in, NULL, 0, &res, &err), 0);
	assert_int_equal(res.interest, 610);
	assert_int_equal(res.flags, RL_INTEREST_CONTRACT_IGNORED | RL_INTEREST_TRUNCATED);
}

static void rates_parse_and_format(void **state)
{
	static const struct {
		const char *in;
		int rc;
		int64_t want;
		const char *shown;
	} cases[] = {
		{ "13.15", 0, 13150000, "13.15" },
		{ " -0.88 ", 0, -880000, "-0.88" },
		{ "+5", 0, 5000000, "5.00" },
		{ "0", 0, 0, "0.00" },
		{ "2.315", 0, 2315000, "2.315" },
		{ "3.000001", 0, 3000001, "3.000001" },
		{ "1.5000000", 0, 1500000, "1.50" },
		{ "1000", 0, 1000000000, "1000.00" },
		{ "1000.000001", RL_ERANGE, 0, NULL },
		{ "1.0000001", RL_EINVAL, 0, NULL },
		{ "4,50", RL_EINVAL, 0, NULL },
		{ "4.50%", RL_EINVAL, 0, NULL },
		{ ".5", RL_EINVAL, 0, NULL },
		{ "5.", RL_EINVAL, 0, NULL },
		{ "", RL_EINVAL, 0, NULL },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int64_t r = -1;
		char buf[RL_RATE_FMT_MAX];
		int rc = rl_rate_parse(cases[i].in, strlen(cases[i].in), &r, NULL);

		if (rc != cases[i].rc || (rc == 0 && r != cases[i].want))
			fail_msg("case %zu '%s': rc %d rate %lld", i, cases[i].in, rc,
				 (long long)r);
		if (rc == 0) {
			assert_true(rl_rate_format(buf, sizeof(buf), r) > 0);
			assert_string_equal(buf, cases[i].shown);
		}
	}
}

static void rule_check_rejects_inconsistent_rules(void **state)
{
	struct rl_interest_rule r;
	struct rl_err err = { 0 };

	(void)state;
	r = *rule("uk-b2b");
	assert_int_equal(rl_interest_rule_check(&r, &err), 0);
	r.bands[1].from = r.bands[2].from;
	assert_int_equal(rl_interest_rule_check(&r, &err), RL_EINVAL);
	r = *rule("fr-b2b");
	r.floor_factor = 0;
	assert_int_equal(rl_interest_rule_check(&r, &err), RL_EINVAL);
	r = *rule("eu-b2b");
	r.indemnity_currency = NULL;
	assert_int_equal(rl_interest_rule_check(&r, &err), RL_EINVAL);
}

/* The three ways of picking the reference day, on a synthetic table whose
 * rate changes on 1 July 2024 (5.00 -> 4.00) and on 1 September (-> 3.00).
 * GBP 1000.00 due 2024-06-15, paid 2024-09-14: 06-16..06-30 = 15 days,
 * 07-01..09-14 = 31 + 31 + 14 = 76 days (07-01..08-31 = 62, 09-01..09-14 = 14).
 *   half-year-eve (UK): H1 on 2023-12-31 = 5.00, H2 on 2024-06-30 = 5.00:
 *     +8 = 13 on all 91 days: 100000 x 13 x 91 / 36500 = 118,300,000 / 36,500
 *     = 3241.10 -> 3241 (two segments, split at 1 July).
 *   half-year-start: H1 on 2024-01-01 = 5.00, H2 on 2024-07-01 = 4.00:
 *     100000 x (13 x 15 + 12 x 76) / 36500 = 110,700,000 / 36,500 = 3032.88
 *     -> 3033.
 *   on-day: 13 x 15 + 12 x 62 + 11 x 14 = 195 + 744 + 154 = 1093:
 *     100000 x 1093 / 36500 = 109,300,000 / 36,500 = 2994.52 -> 2995. */
static void reference_day_follows_the_pick(void **state)
{
	static const char text[] = "effective_date,bank_rate_percent,source\n"
				   "# known_through: 2024-12-31\n"
				   "2023-06-01,5.00,test\n"
				   "2024-07-01,4.00,test\n"
				   "2024-09-01,3.00,test\n";
	static const struct {
		enum rl_rate_pick pick;
		int64_t interest;
		size_t nsegments;
	} cases[] = {
		{ RL_PICK_HALF_YEAR_EVE, 3241, 2 },
		{ RL_PICK_HALF_YEAR_START, 3033, 2 },
		{ RL_PICK_ON_DAY, 2995, 3 },
	};
	struct rl_rate_table t;
	struct rl_rate_set set = { 0 };
	struct rl_balance_change paid = { 0, 0 };
	struct rl_err err = { 0 };

	(void)state;
	assert_int_equal(rl_rates_load_mem(text, strlen(text), "t.csv", RL_RATE_UK_BOE, &t, &err),
			 0);
	set.table[RL_RATE_UK_BOE] = &t;
	paid.date = D("2024-09-14");
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct rl_interest_rule r = *rule("uk-b2b");
		struct rl_interest_input in = { 0 };
		struct rl_interest_segment sg[4];
		struct rl_interest_result res;

		r.pick = cases[i].pick;
		in.currency = rl_currency_find("GBP", 3);
		in.amount = 100000;
		in.due_date = D("2024-06-15");
		in.asof = D("2024-09-30");
		in.changes = &paid;
		in.nchanges = 1;
		assert_int_equal(rl_interest_compute(&r, &set, &in, sg, 4, &res, &err), 0);
		if (res.interest != cases[i].interest || res.nsegments != cases[i].nsegments)
			fail_msg("case %zu: interest %lld, %zu segments", i,
				 (long long)res.interest, res.nsegments);
	}
	rl_rates_release(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(worked_cases_are_exact_to_the_cent),
		cmocka_unit_test(reference_day_follows_the_pick),
		cmocka_unit_test(unknown_rate_is_an_error_naming_the_table),
		cmocka_unit_test(a_missing_table_is_an_error),
		cmocka_unit_test(interest_too_large_is_out_of_range),
		cmocka_unit_test(bad_input_is_rejected),
		cmocka_unit_test(segments_beyond_the_array_are_counted),
		cmocka_unit_test(indemnity_in_another_currency_stays_apart),
		cmocka_unit_test(contractual_rate_ignored_is_reported),
		cmocka_unit_test(rates_parse_and_format),
		cmocka_unit_test(rule_check_rejects_inconsistent_rules),
	};

	return cmocka_run_group_tests(tests, load_all, release_all);
}
