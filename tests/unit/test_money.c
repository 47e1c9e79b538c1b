/* Unit tests of relance/core/money.h: currency table, checked arithmetic,
 * rounding, parsing and formatting. Each rule is a table of cases, one row
 * per case, in the manner of SQLite's `foreach {tn expr res}`; a failing row
 * is printed with its index and input so that it can be found in the table. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "relance/core/money.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

#define NBSP "\xc2\xa0"
#define NNBSP "\xe2\x80\xaf"
#define EURO "\xe2\x82\xac"

struct parse_case {
	const char *in;
	char dec;        /* decimal separator */
	int exp;         /* currency exponent */
	int rc;          /* expected status */
	int64_t val;     /* expected value when rc == 0 */
	const char *msg; /* substring of the message when rc != 0, or NULL */
};

/* Runs one table of parse cases; also checks that a failure leaves *out and
 * err->field alone and that a success leaves err alone. */
static void run_parse_cases(const struct parse_case *c, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct rl_err err;
		struct rl_money_syntax syn = { c[i].dec };
		int64_t out = 0x5eed;
		int rc;

		rl_err_clear(&err);
		snprintf(err.field, sizeof(err.field), "amount");
		snprintf(err.msg, sizeof(err.msg), "untouched");
		rc = rl_money_parse(c[i].in, strlen(c[i].in), syn, c[i].exp, &out, &err);
		if (rc != c[i].rc)
			fail_msg("row %zu '%s' (dec '%c', exp %d): rc %d, expected %d (%s)", i,
				 c[i].in, c[i].dec, c[i].exp, rc, c[i].rc, err.msg);
		if (strcmp(err.field, "amount") != 0)
			fail_msg("row %zu '%s': err->field was changed", i, c[i].in);
		if (rc == 0) {
			if (out != c[i].val)
				fail_msg("row %zu '%s' (dec '%c', exp %d): got %lld, expected %lld",
					 i, c[i].in, c[i].dec, c[i].exp, (long long)out,
					 (long long)c[i].val);
			if (strcmp(err.msg, "untouched") != 0 || err.code != 0)
				fail_msg("row %zu '%s': err was changed on success", i, c[i].in);
			continue;
		}
		if (out != 0x5eed)
			fail_msg("row %zu '%s': *out was changed on failure", i, c[i].in);
		if (err.code != rc)
			fail_msg("row %zu '%s': err->code %d, rc %d", i, c[i].in, err.code, rc);
		if (strchr(err.msg, '\n') || err.msg[0] == '\0')
			fail_msg("row %zu '%s': bad message '%s'", i, c[i].in, err.msg);
		if (c[i].msg && !strstr(err.msg, c[i].msg))
			fail_msg("row %zu '%s': message '%s' lacks '%s'", i, c[i].in, err.msg,
				 c[i].msg);
	}
}

static void parse_accepts_every_grouping_variant(void **state)
{
	static const struct parse_case cases[] = {
		{ "1234.56", '.', 2, 0, 123456, NULL },
		{ "1234,56", ',', 2, 0, 123456, NULL },
		{ "1 234,56", ',', 2, 0, 123456, NULL },
		{ "1.234,56", ',', 2, 0, 123456, NULL },
		{ "1,234.56", '.', 2, 0, 123456, NULL },
		{ "1 234.56", '.', 2, 0, 123456, NULL },
		{ "1" NBSP "234,56", ',', 2, 0, 123456, NULL },
		{ "1" NNBSP "234,56", ',', 2, 0, 123456, NULL },
		{ "1" NNBSP "234" NNBSP "567,89", ',', 2, 0, 123456789, NULL },
		{ "1'234.56", '.', 2, 0, 123456, NULL },
		{ "1'234'567.89", '.', 2, 0, 123456789, NULL },
		{ "1'234,56", ',', 2, 0, 123456, NULL },
		{ "1 234 567,89", ',', 2, 0, 123456789, NULL },
		{ "1.234.567,89", ',', 2, 0, 123456789, NULL },
		{ "1,234,567.89", '.', 2, 0, 123456789, NULL },
		{ "12,345,678", '.', 2, 0, 1234567800, NULL },
		{ "123.456", ',', 2, 0, 12345600, NULL },
		/* The non-decimal separator followed by three digits is grouping:
		 * the caller said which one is the decimal point. */
		{ "1,234", '.', 2, 0, 123400, NULL },
		{ "1.234", ',', 2, 0, 123400, NULL },
		{ "1234567", '.', 2, 0, 123456700, NULL },
		{ "0,123", '.', 2, 0, 12300, NULL },
	};

	(void)state;
	run_parse_cases(cases, N(cases));
}

static void parse_trims_blanks_and_reads_sign(void **state)
{
	static const struct parse_case cases[] = {
		{ "-12.00", '.', 2, 0, -1200, NULL },
		{ "-12,00", ',', 2, 0, -1200, NULL },
		{ "+5", '.', 2, 0, 500, NULL },
		{ "+5,5", ',', 2, 0, 550, NULL },
		{ "-1 234,56", ',', 2, 0, -123456, NULL },
		{ "  12.5  ", '.', 2, 0, 1250, NULL },
		{ "\t7\t", '.', 2, 0, 700, NULL },
		{ NBSP "3,10" NNBSP, ',', 2, 0, 310, NULL },
		{ " -0.01 ", '.', 2, 0, -1, NULL },
		{ "0", '.', 2, 0, 0, NULL },
		{ "-0", '.', 2, 0, 0, NULL },
		{ "+0.00", '.', 2, 0, 0, NULL },
		{ "007.50", '.', 2, 0, 750, NULL },
		{ "1.5", '.', 2, 0, 150, NULL },
	};

	(void)state;
	run_parse_cases(cases, N(cases));
}

static void parse_honours_the_currency_exponent(void **state)
{
	static const struct parse_case cases[] = {
		/* JPY, KRW, ISK...: no minor unit */
		{ "1234", '.', 0, 0, 1234, NULL },
		{ "1,234", '.', 0, 0, 1234, NULL },
		{ "1 234", ',', 0, 0, 1234, NULL },
		{ "1234.00", '.', 0, 0, 1234, NULL },
		{ "-5", ',', 0, 0, -5, NULL },
		{ "1.5", '.', 0, RL_EINVAL, 0, "'1.5' has 1 decimal, the currency allows 0" },
		/* KWD, BHD, TND...: three decimals */
		{ "1.234", '.', 3, 0, 1234, NULL },
		{ "1,5", ',', 3, 0, 1500, NULL },
		{ "1 234,567", ',', 3, 0, 1234567, NULL },
		{ "-0.001", '.', 3, 0, -1, NULL },
		{ "1.2345", '.', 3, RL_EINVAL, 0, "has 4 decimals, the currency allows 3" },
		/* CLF, UYW: four decimals */
		{ "0.0001", '.', 4, 0, 1, NULL },
		{ "12.34567", '.', 4, RL_EINVAL, 0, "has 5 decimals, the currency allows 4" },
		/* Extra decimals are accepted only when they are zeros. */
		{ "12.3400", '.', 2, 0, 1234, NULL },
		{ "12,000", ',', 0, 0, 12, NULL },
		{ "12.340000000000000000000000", '.', 2, 0, 1234, NULL },
		{ "12,345", ',', 2, RL_EINVAL, 0,
		  "'12,345' has 3 decimals, the currency allows 2" },
		{ "12.3401", '.', 2, RL_EINVAL, 0, "has 4 decimals, the currency allows 2" },
		/* The largest exponent an int64 can carry. */
		{ "1", '.', 18, 0, 1000000000000000000LL, NULL },
		{ "9.223372036854775807", '.', 18, 0, INT64_MAX, NULL },
		{ "10", '.', 18, RL_ERANGE, 0, "out of range" },
		{ "1", '.', 19, RL_EINVAL, 0, "exponent of 19 is not supported" },
		{ "1", '.', -1, RL_EINVAL, 0, "exponent of -1 is not supported" },
	};

	(void)state;
	run_parse_cases(cases, N(cases));
}

static void parse_rejects_malformed_amounts(void **state)
{
	static const struct parse_case cases[] = {
		{ "", '.', 2, RL_EINVAL, 0, "amount is empty" },
		{ "   ", '.', 2, RL_EINVAL, 0, "amount is empty" },
		{ NBSP NNBSP, ',', 2, RL_EINVAL, 0, "amount is empty" },
		{ "abc", '.', 2, RL_EINVAL, 0, "'abc' is not an amount" },
		{ "-", '.', 2, RL_EINVAL, 0, "'-' is not an amount" },
		{ "+", '.', 2, RL_EINVAL, 0, "'+' is not an amount" },
		{ "--5", '.', 2, RL_EINVAL, 0, "'--5' is not an amount" },
		{ "+-5", '.', 2, RL_EINVAL, 0, "'+-5' is not an amount" },
		{ "5-", '.', 2, RL_EINVAL, 0, "'5-' is not an amount" },
		{ "- 5", '.', 2, RL_EINVAL, 0, "'- 5'" },
		{ "(5.00)", '.', 2, RL_EINVAL, 0, "'(5.00)' is not an amount" },
		{ "12" EURO, '.', 2, RL_EINVAL, 0, "is not an amount" },
		{ EURO "12", '.', 2, RL_EINVAL, 0, "is not an amount" },
		{ "1e5", '.', 2, RL_EINVAL, 0, "'1e5' is not an amount: unexpected 'e'" },
		{ "0x10", '.', 2, RL_EINVAL, 0, "unexpected 'x'" },
		{ "1_000", '.', 2, RL_EINVAL, 0, "unexpected '_'" },
		{ "12.3\n", '.', 2, RL_EINVAL, 0, "'12.3?' is not an amount" },
		{ "1.2.3", '.', 2, RL_EINVAL, 0,
		  "'1.2.3' has more than one decimal separator '.'" },
		{ "1,2,3", ',', 2, RL_EINVAL, 0, "more than one decimal separator ','" },
		{ "1.2.3", ',', 2, RL_EINVAL, 0,
		  "'1.2.3' has a misplaced thousands separator '.'" },
		{ "12,34.5", '.', 2, RL_EINVAL, 0,
		  "'12,34.5' has a misplaced thousands separator ','" },
		{ "1234 567", '.', 2, RL_EINVAL, 0, "misplaced thousands separator ' '" },
		{ "1 23", '.', 2, RL_EINVAL, 0, "misplaced thousands separator ' '" },
		{ "1 2345", ',', 2, RL_EINVAL, 0, "misplaced thousands separator ' '" },
		{ "1,,234", '.', 2, RL_EINVAL, 0, "misplaced thousands separator ','" },
		{ "1,234,", '.', 2, RL_EINVAL, 0, "misplaced thousands separator ','" },
		{ ",234", '.', 2, RL_EINVAL, 0, "misplaced thousands separator ','" },
		{ "1'23'456", '.', 2, RL_EINVAL, 0, "misplaced thousands separator '''" },
		{ "1" NBSP "23", ',', 2, RL_EINVAL, 0, "misplaced thousands separator" },
		{ "1 234'567", '.', 2, RL_EINVAL, 0, "mixes two different thousands separators" },
		{ "1 234" NBSP "567", '.', 2, RL_EINVAL, 0, "mixes two different" },
		{ "1 234.5 6", '.', 2, RL_EINVAL, 0, "is not an amount" },
		{ "1.234,", '.', 2, RL_EINVAL, 0, "unexpected ','" },
		{ ",5", ',', 2, RL_EINVAL, 0, "',5' has no digit before the decimal separator" },
		{ "-.5", '.', 2, RL_EINVAL, 0, "no digit before the decimal separator" },
		{ "5.", '.', 2, RL_EINVAL, 0, "'5.' has no digit after the decimal separator" },
		{ "1.2345", '.', 2, RL_EINVAL, 0,
		  "'1.2345' has 4 decimals, the currency allows 2" },
		/* Precedence: a bad shape is reported before an overflow. */
		{ "99999999999999999999.123", '.', 2, RL_EINVAL, 0, "has 3 decimals" },
	};

	(void)state;
	run_parse_cases(cases, N(cases));
}

/* The separator that can only be the other convention's decimal point. */
static void parse_names_the_other_decimal_convention(void **state)
{
	static const struct parse_case cases[] = {
		{ "1.234,56", '.', 2, RL_EINVAL, 0,
		  "'1.234,56' uses ',' as decimal separator but '.' was expected" },
		{ "1,234.56", ',', 2, RL_EINVAL, 0,
		  "'1,234.56' uses '.' as decimal separator but ',' was expected" },
		{ "1,23", '.', 2, RL_EINVAL, 0,
		  "'1,23' uses ',' as decimal separator but '.' was expected" },
		{ "1234,5", '.', 2, RL_EINVAL, 0, "uses ',' as decimal separator" },
		{ "1234.5", ',', 2, RL_EINVAL, 0, "uses '.' as decimal separator" },
		{ "-12,00", '.', 2, RL_EINVAL, 0, "uses ',' as decimal separator" },
		{ "1 234,56", '.', 2, RL_EINVAL, 0, "uses ',' as decimal separator" },
		{ "1'234,567", '.', 3, RL_EINVAL, 0, "uses ',' as decimal separator" },
		{ "1" NNBSP "234.56", ',', 2, RL_EINVAL, 0, "uses '.' as decimal separator" },
		{ "1.2,3", '.', 2, RL_EINVAL, 0, "uses ',' as decimal separator" },
		{ "1,2345", '.', 2, RL_EINVAL, 0, "uses ',' as decimal separator" },
		{ "1.234.567,89", '.', 2, RL_EINVAL, 0, "uses ',' as decimal separator" },
		{ "1,234.56,7", '.', 2, RL_EINVAL, 0,
		  "'1,234.56,7' is not an amount: unexpected ','" },
		/* Junk is not mistaken for the other convention. */
		{ "ab,12", '.', 2, RL_EINVAL, 0, "'ab,12' is not an amount" },
	};

	(void)state;
	run_parse_cases(cases, N(cases));
}

static void parse_reports_overflow_at_int64_limits(void **state)
{
	static const struct parse_case cases[] = {
		{ "92233720368547758.07", '.', 2, 0, INT64_MAX, NULL },
		{ "-92233720368547758.08", '.', 2, 0, INT64_MIN, NULL },
		{ "92 233 720 368 547 758,07", ',', 2, 0, INT64_MAX, NULL },
		{ "92233720368547758.0700", '.', 2, 0, INT64_MAX, NULL },
		{ "92233720368547758.08", '.', 2, RL_ERANGE, 0,
		  "'92233720368547758.08' is out of range: the limit is 92233720368547758.07" },
		{ "-92233720368547758.09", '.', 2, RL_ERANGE, 0,
		  "is out of range: the limit is -92233720368547758.08" },
		{ "92233720368547759", '.', 2, RL_ERANGE, 0, "out of range" },
		{ "9223372036854775807", '.', 0, 0, INT64_MAX, NULL },
		{ "-9223372036854775808", '.', 0, 0, INT64_MIN, NULL },
		{ "9,223,372,036,854,775,807", '.', 0, 0, INT64_MAX, NULL },
		{ "9223372036854775808", '.', 0, RL_ERANGE, 0, "out of range" },
		{ "-9223372036854775809", '.', 0, RL_ERANGE, 0, "out of range" },
		{ "18446744073709551616", '.', 0, RL_ERANGE, 0, "out of range" },
		{ "99999999999999999999999999999999", '.', 2, RL_ERANGE, 0, "out of range" },
		{ "922337203685477580.8", '.', 1, RL_ERANGE, 0, "out of range" },
		{ "9223372036854775.807", '.', 3, 0, INT64_MAX, NULL },
		{ "9223372036854775.808", '.', 3, RL_ERANGE, 0, "out of range" },
		{ "000000000000000000000000001", '.', 2, 0, 100, NULL },
	};

	(void)state;
	run_parse_cases(cases, N(cases));
}

static void parse_rejects_a_bad_syntax_and_survives_null(void **state)
{
	struct rl_err err;
	struct rl_money_syntax semi = { ';' }, dot = { '.' };
	int64_t out = 42;

	(void)state;
	rl_err_clear(&err);
	assert_int_equal(rl_money_parse("1", 1, semi, 2, &out, &err), RL_EINVAL);
	assert_string_equal(err.msg, "decimal separator must be '.' or ','");
	assert_int_equal(rl_money_parse(NULL, 0, dot, 2, &out, &err), RL_EINVAL);
	assert_string_equal(err.msg, "amount is empty");
	/* A NULL err drops the details but keeps the status. */
	assert_int_equal(rl_money_parse("x", 1, dot, 2, &out, NULL), RL_EINVAL);
	assert_int_equal(rl_money_parse("99999999999999999999", 20, dot, 2, &out, NULL), RL_ERANGE);
	/* len, not a NUL, ends the input. */
	assert_int_equal(rl_money_parse("12.345", 4, dot, 2, &out, &err), 0);
	assert_int_equal(out, 1230);
	assert_int_equal(rl_money_parse("1\0"
					"2",
					3, dot, 2, &out, &err),
			 RL_EINVAL);
	assert_int_equal(out, 1230);
}

static void parse_quotes_long_input_briefly(void **state)
{
	char in[400];
	struct rl_err err;
	struct rl_money_syntax dot = { '.' };
	int64_t out;

	(void)state;
	memset(in, '7', sizeof(in));
	in[0] = 'x';
	rl_err_clear(&err);
	assert_int_equal(rl_money_parse(in, sizeof(in), dot, 2, &out, &err), RL_EINVAL);
	assert_true(strlen(err.msg) < 200);
	assert_non_null(strstr(err.msg, "...' is not an amount"));
}

struct arith_case {
	int64_t a, b;
	int rc;
	int64_t val;
};

static void add_sub_mul_detect_overflow(void **state)
{
	static const struct arith_case add[] = {
		{ 1, 2, 0, 3 },
		{ -5, 3, 0, -2 },
		{ INT64_MAX, 0, 0, INT64_MAX },
		{ INT64_MAX, 1, RL_ERANGE, 0 },
		{ INT64_MIN, -1, RL_ERANGE, 0 },
		{ INT64_MIN, INT64_MAX, 0, -1 },
		{ INT64_MAX, INT64_MAX, RL_ERANGE, 0 },
		{ INT64_MIN, INT64_MIN, RL_ERANGE, 0 },
	};
	static const struct arith_case sub[] = {
		{ 5, 7, 0, -2 },
		{ INT64_MIN, 1, RL_ERANGE, 0 },
		{ INT64_MAX, -1, RL_ERANGE, 0 },
		{ 0, INT64_MIN, RL_ERANGE, 0 },
		{ -1, INT64_MIN, 0, INT64_MAX },
		{ INT64_MIN, INT64_MIN, 0, 0 },
	};
	static const struct arith_case mul[] = {
		{ 1234, 100, 0, 123400 },
		{ -3, 7, 0, -21 },
		{ INT64_MAX, 1, 0, INT64_MAX },
		{ INT64_MAX, 2, RL_ERANGE, 0 },
		{ INT64_MIN, -1, RL_ERANGE, 0 },
		{ INT64_MIN, 1, 0, INT64_MIN },
		{ 3037000500LL, 3037000500LL, RL_ERANGE, 0 },
		{ 3037000499LL, 3037000499LL, 0, 9223372030926249001LL },
		{ 0, INT64_MIN, 0, 0 },
	};
	static const struct {
		const char *name;
		int (*fn)(int64_t, int64_t, int64_t *);
		const struct arith_case *cases;
		size_t n;
	} ops[] = {
		{ "add", rl_money_add, add, N(add) },
		{ "sub", rl_money_sub, sub, N(sub) },
		{ "mul", rl_money_mul, mul, N(mul) },
	};

	(void)state;
	for (size_t o = 0; o < N(ops); o++) {
		for (size_t i = 0; i < ops[o].n; i++) {
			const struct arith_case *c = &ops[o].cases[i];
			int64_t out = 0x5eed;
			int rc = ops[o].fn(c->a, c->b, &out);

			if (rc != c->rc || (rc == 0 && out != c->val) || (rc != 0 && out != 0x5eed))
				fail_msg("%s row %zu (%lld, %lld): rc %d out %lld", ops[o].name, i,
					 (long long)c->a, (long long)c->b, rc, (long long)out);
		}
	}
}

static void div_round_is_half_away_from_zero(void **state)
{
	static const struct arith_case cases[] = {
		{ 5, 2, 0, 3 },
		{ -5, 2, 0, -3 },
		{ 5, -2, 0, -3 },
		{ -5, -2, 0, 3 },
		{ 1, 2, 0, 1 },
		{ -1, 2, 0, -1 },
		{ 7, 2, 0, 4 },
		{ 149, 100, 0, 1 },
		{ 150, 100, 0, 2 },
		{ 151, 100, 0, 2 },
		{ -149, 100, 0, -1 },
		{ -150, 100, 0, -2 },
		{ 1, 3, 0, 0 },
		{ 2, 3, 0, 1 },
		{ -2, 3, 0, -1 },
		{ 0, 7, 0, 0 },
		{ 12, 4, 0, 3 },
		{ 123456, 1, 0, 123456 },
		{ 123456, -1, 0, -123456 },
		/* VAT at 20% on 0.125 EUR: 2.5 cents rounds to 3 */
		{ 125 * 20, 1000, 0, 3 },
		{ 7, 0, RL_EINVAL, 0 },
	};

	(void)state;
	for (size_t i = 0; i < N(cases); i++) {
		int64_t out = 0x5eed;
		int rc = rl_money_div_round(cases[i].a, cases[i].b, &out);

		if (rc != cases[i].rc || (rc == 0 && out != cases[i].val))
			fail_msg("row %zu: %lld / %lld gave rc %d, %lld; expected %lld", i,
				 (long long)cases[i].a, (long long)cases[i].b, rc, (long long)out,
				 (long long)cases[i].val);
	}
}

static void div_round_is_exact_at_int64_limits(void **state)
{
	static const struct arith_case cases[] = {
		{ INT64_MIN, -1, RL_ERANGE, 0 },
		{ INT64_MAX, -1, 0, -INT64_MAX },
		{ INT64_MIN, 1, 0, INT64_MIN },
		{ INT64_MAX, 2, 0, 4611686018427387904LL },
		{ -INT64_MAX, 2, 0, -4611686018427387904LL },
		{ INT64_MIN, 2, 0, -4611686018427387904LL },
		{ INT64_MIN, 3, 0, -3074457345618258603LL },
		{ INT64_MAX, 3, 0, 3074457345618258602LL },
		{ INT64_MIN, INT64_MIN, 0, 1 },
		{ INT64_MAX, INT64_MAX, 0, 1 },
		{ INT64_MAX, INT64_MIN, 0, -1 },
		{ INT64_MIN, INT64_MAX, 0, -1 },
		{ 1, INT64_MIN, 0, 0 },
		{ -(INT64_C(1) << 62), INT64_MIN, 0, 1 },    /* exactly +0.5 */
		{ INT64_C(1) << 62, INT64_MIN, 0, -1 },      /* exactly -0.5 */
		{ (INT64_C(1) << 62) - 1, INT64_MIN, 0, 0 }, /* just under a half */
		{ INT64_MAX / 2, INT64_MAX, 0, 0 },          /* just under a half */
		{ INT64_MAX / 2 + 1, INT64_MAX, 0, 1 },      /* just over a half */
		{ INT64_MAX, INT64_MAX - 1, 0, 1 },
	};

	(void)state;
	for (size_t i = 0; i < N(cases); i++) {
		int64_t out = 0x5eed;
		int rc = rl_money_div_round(cases[i].a, cases[i].b, &out);

		if (rc != cases[i].rc || (rc == 0 && out != cases[i].val) ||
		    (rc != 0 && out != 0x5eed))
			fail_msg("row %zu: %lld / %lld gave rc %d, %lld; expected %lld", i,
				 (long long)cases[i].a, (long long)cases[i].b, rc, (long long)out,
				 (long long)cases[i].val);
	}
}

/* Against the schoolbook definition on a small grid: q is the nearest
 * integer, and on a tie the one further from zero. */
static void div_round_matches_its_definition_on_small_numbers(void **state)
{
	(void)state;
	for (int64_t num = -60; num <= 60; num++) {
		for (int64_t den = -13; den <= 13; den++) {
			int64_t q, best = 0;
			int found = 0;

			if (den == 0)
				continue;
			assert_int_equal(rl_money_div_round(num, den, &q), 0);
			/* |num/den - k| compared as |num - k*den| (den's sign aside) */
			for (int64_t k = -61; k <= 61; k++) {
				int64_t dist = num - k * den, bd = num - best * den;

				dist = dist < 0 ? -dist : dist;
				bd = bd < 0 ? -bd : bd;
				if (!found || dist < bd ||
				    (dist == bd && (k < 0 ? -k : k) > (best < 0 ? -best : best))) {
					best = k;
					found = 1;
				}
			}
			if (q != best)
				fail_msg("%lld / %lld: got %lld, expected %lld", (long long)num,
					 (long long)den, (long long)q, (long long)best);
		}
	}
}

static void currency_find_knows_iso_exponents(void **state)
{
	static const struct {
		const char *code;
		int exp;
		const char *symbol; /* NULL: formatted with the code */
	} cases[] = {
		{ "EUR", 2, EURO },           { "USD", 2, "$" },
		{ "GBP", 2, "\xc2\xa3" },     { "CHF", 2, NULL },
		{ "JPY", 0, "\xc2\xa5" },     { "KRW", 0, "\xe2\x82\xa9" },
		{ "ISK", 0, NULL },           { "XOF", 0, NULL },
		{ "XAF", 0, NULL },           { "CLP", 0, NULL },
		{ "VND", 0, "\xe2\x82\xab" }, { "XPF", 0, NULL },
		{ "KWD", 3, NULL },           { "BHD", 3, NULL },
		{ "JOD", 3, NULL },           { "OMR", 3, NULL },
		{ "TND", 3, NULL },           { "LYD", 3, NULL },
		{ "IQD", 3, NULL },           { "CLF", 4, NULL },
		{ "UYW", 4, NULL },           { "AED", 2, NULL },
		{ "ZWG", 2, NULL },           { "CAD", 2, NULL },
		{ "SEK", 2, NULL },           { "PLN", 2, NULL },
		{ "MAD", 2, NULL },
	};

	(void)state;
	for (size_t i = 0; i < N(cases); i++) {
		const struct rl_currency *c = rl_currency_find(cases[i].code, 3);

		if (!c)
			fail_msg("row %zu: %s not found", i, cases[i].code);
		if (strcmp(c->code, cases[i].code) != 0 || c->exponent != cases[i].exp)
			fail_msg("row %zu: %s gave %s exponent %d", i, cases[i].code, c->code,
				 c->exponent);
		if ((cases[i].symbol == NULL) != (c->symbol == NULL) ||
		    (c->symbol && strcmp(c->symbol, cases[i].symbol) != 0))
			fail_msg("row %zu: %s has the wrong symbol", i, cases[i].code);
	}
}

static void currency_find_folds_case_and_rejects_unknown(void **state)
{
	static const struct {
		const char *in;
		size_t len;
		const char *want; /* NULL: not found */
	} cases[] = {
		{ "eur", 3, "EUR" },       { "Jpy", 3, "JPY" }, { "kWd", 3, "KWD" },
		{ "EURO", 3, "EUR" }, /* len, not NUL, bounds the code */
		{ "EURO", 4, NULL },       { "EU", 2, NULL },   { "", 0, NULL },
		{ "XYZ", 3, NULL },        { "AAA", 3, NULL },  { "ZZZ", 3, NULL },
		{ "HRK", 3, NULL }, /* withdrawn in 2023 */
		{ "XAU", 3, NULL }, /* gold: no minor unit */
		{ "E1R", 3, NULL },        { "EU ", 3, NULL },  { " EU", 3, NULL },
		{ "\xc3\x89UR", 3, NULL },
	};

	(void)state;
	assert_null(rl_currency_find(NULL, 3));
	for (size_t i = 0; i < N(cases); i++) {
		const struct rl_currency *c = rl_currency_find(cases[i].in, cases[i].len);

		if (cases[i].want == NULL && c != NULL)
			fail_msg("row %zu: '%s' found as %s", i, cases[i].in, c->code);
		if (cases[i].want && (!c || strcmp(c->code, cases[i].want) != 0))
			fail_msg("row %zu: '%s' not found as %s", i, cases[i].in, cases[i].want);
	}
}

/* A table that is not sorted makes the binary search miss codes: every one of
 * the 26^3 codes is looked up, and those found must be about 150, each itself,
 * with a sane exponent and the same pointer whatever the case. */
static void currency_table_is_sorted_and_sane(void **state)
{
	char code[4] = { 0 }, lower[4] = { 0 };
	int found = 0;

	(void)state;
	for (char a = 'A'; a <= 'Z'; a++)
		for (char b = 'A'; b <= 'Z'; b++)
			for (char c = 'A'; c <= 'Z'; c++) {
				const struct rl_currency *cur;

				code[0] = a, code[1] = b, code[2] = c;
				lower[0] = (char)(a + 32), lower[1] = (char)(b + 32),
				lower[2] = (char)(c + 32);
				cur = rl_currency_find(code, 3);
				assert_ptr_equal(cur, rl_currency_find(lower, 3));
				if (!cur)
					continue;
				found++;
				if (strcmp(cur->code, code) != 0)
					fail_msg("%s found as %s", code, cur->code);
				if (cur->exponent < 0 || cur->exponent > 4)
					fail_msg("%s has exponent %d", code, cur->exponent);
			}
	if (found < 150 || found > 170)
		fail_msg("%d currencies found; the table is unsorted or incomplete", found);
}

struct format_case {
	const char *code;
	int64_t amount;
	enum rl_locale loc;
	const char *want;
};

static void run_format_cases(const struct format_case *c, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char buf[64];
		const struct rl_currency *cur = rl_currency_find(c[i].code, 3);
		int len;

		assert_non_null(cur);
		len = rl_money_format(buf, sizeof(buf), c[i].amount, cur, c[i].loc);
		if (len < 0 || strcmp(buf, c[i].want) != 0 || (size_t)len != strlen(buf))
			fail_msg("row %zu (%s %lld, locale %d): got '%s' (%d), expected '%s'", i,
				 c[i].code, (long long)c[i].amount, (int)c[i].loc, buf, len,
				 c[i].want);
	}
}

static void format_c_locale_is_plain_and_machine_readable(void **state)
{
	static const struct format_case cases[] = {
		{ "EUR", 123456, RL_LOCALE_C, "1234.56" },
		{ "EUR", -123456, RL_LOCALE_C, "-1234.56" },
		{ "EUR", 0, RL_LOCALE_C, "0.00" },
		{ "EUR", 5, RL_LOCALE_C, "0.05" },
		{ "EUR", -5, RL_LOCALE_C, "-0.05" },
		{ "EUR", 100000000, RL_LOCALE_C, "1000000.00" },
		{ "JPY", 1234, RL_LOCALE_C, "1234" },
		{ "JPY", -1, RL_LOCALE_C, "-1" },
		{ "JPY", 0, RL_LOCALE_C, "0" },
		{ "KWD", 1234, RL_LOCALE_C, "1.234" },
		{ "KWD", 1, RL_LOCALE_C, "0.001" },
		{ "CLF", 12345, RL_LOCALE_C, "1.2345" },
		{ "EUR", INT64_MAX, RL_LOCALE_C, "92233720368547758.07" },
		{ "EUR", INT64_MIN, RL_LOCALE_C, "-92233720368547758.08" },
		{ "JPY", INT64_MIN, RL_LOCALE_C, "-9223372036854775808" },
		{ "KWD", INT64_MIN, RL_LOCALE_C, "-9223372036854775.808" },
	};

	(void)state;
	run_format_cases(cases, N(cases));
}

static void format_en_puts_the_symbol_first(void **state)
{
	static const struct format_case cases[] = {
		{ "EUR", 123456, RL_LOCALE_EN, EURO "1,234.56" },
		{ "EUR", -123456, RL_LOCALE_EN, "-" EURO "1,234.56" },
		{ "USD", 123456, RL_LOCALE_EN, "$1,234.56" },
		{ "GBP", 99, RL_LOCALE_EN,
		  "\xc2\xa3"
		  "0.99" },
		{ "CHF", 123456, RL_LOCALE_EN, "CHF 1,234.56" },
		{ "CHF", -123456, RL_LOCALE_EN, "-CHF 1,234.56" },
		{ "EUR", 0, RL_LOCALE_EN, EURO "0.00" },
		{ "EUR", 99999, RL_LOCALE_EN, EURO "999.99" },
		{ "EUR", 100000, RL_LOCALE_EN, EURO "1,000.00" },
		{ "EUR", 123456789, RL_LOCALE_EN, EURO "1,234,567.89" },
		{ "JPY", 1234567, RL_LOCALE_EN,
		  "\xc2\xa5"
		  "1,234,567" },
		{ "KWD", 1234567, RL_LOCALE_EN, "KWD 1,234.567" },
		{ "EUR", INT64_MAX, RL_LOCALE_EN, EURO "92,233,720,368,547,758.07" },
		{ "EUR", INT64_MIN, RL_LOCALE_EN, "-" EURO "92,233,720,368,547,758.08" },
		{ "JPY", INT64_MIN, RL_LOCALE_EN,
		  "-\xc2\xa5"
		  "9,223,372,036,854,775,808" },
	};

	(void)state;
	run_format_cases(cases, N(cases));
}

static void format_fr_uses_narrow_no_break_spaces(void **state)
{
	static const struct format_case cases[] = {
		{ "EUR", 123456, RL_LOCALE_FR, "1" NNBSP "234,56" NBSP EURO },
		{ "EUR", -123456, RL_LOCALE_FR, "-1" NNBSP "234,56" NBSP EURO },
		{ "CHF", 123456, RL_LOCALE_FR, "1" NNBSP "234,56" NBSP "CHF" },
		{ "EUR", 0, RL_LOCALE_FR, "0,00" NBSP EURO },
		{ "EUR", 100, RL_LOCALE_FR, "1,00" NBSP EURO },
		{ "EUR", 99999, RL_LOCALE_FR, "999,99" NBSP EURO },
		{ "EUR", 123456789, RL_LOCALE_FR, "1" NNBSP "234" NNBSP "567,89" NBSP EURO },
		{ "JPY", 1234, RL_LOCALE_FR, "1" NNBSP "234" NBSP "\xc2\xa5" },
		{ "KWD", -1234, RL_LOCALE_FR, "-1,234" NBSP "KWD" },
		{ "EUR", INT64_MIN, RL_LOCALE_FR,
		  "-92" NNBSP "233" NNBSP "720" NNBSP "368" NNBSP "547" NNBSP "758,08" NBSP EURO },
		{ "EUR", INT64_MAX, RL_LOCALE_FR,
		  "92" NNBSP "233" NNBSP "720" NNBSP "368" NNBSP "547" NNBSP "758,07" NBSP EURO },
	};

	(void)state;
	run_format_cases(cases, N(cases));
}

static void format_fails_cleanly_when_the_buffer_is_small(void **state)
{
	const struct rl_currency *eur = rl_currency_find("EUR", 3);
	char buf[64];

	(void)state;
	/* "-1234.56" is 8 bytes: 9 with its NUL. */
	memset(buf, 'x', sizeof(buf));
	assert_int_equal(rl_money_format(buf, 8, -123456, eur, RL_LOCALE_C), -1);
	assert_string_equal(buf, "");
	assert_int_equal(rl_money_format(buf, 9, -123456, eur, RL_LOCALE_C), 8);
	assert_string_equal(buf, "-1234.56");
	memset(buf, 'x', sizeof(buf));
	assert_int_equal(rl_money_format(buf, 1, 0, eur, RL_LOCALE_C), -1);
	assert_int_equal(buf[0], '\0');
	assert_int_equal(buf[1], 'x');
	assert_int_equal(rl_money_format(buf, 0, 0, eur, RL_LOCALE_C), -1);
	assert_int_equal(buf[1], 'x');
	assert_int_equal(rl_money_format(buf, sizeof(buf), 0, NULL, RL_LOCALE_C), -1);
	/* The longest output of all fits in 64 bytes. */
	assert_true(rl_money_format(buf, sizeof(buf), INT64_MIN, eur, RL_LOCALE_FR) > 0);
}

/* Formatting then parsing gives back the amount: in the C locale directly, and
 * in French once the currency suffix is cut off (U+202F grouping, ',' point). */
static void format_then_parse_round_trips(void **state)
{
	static const char *const codes[] = { "JPY", "EUR", "KWD", "CLF" };
	int64_t values[64] = { 0,      1,         -1,        999,           1000,         -1000,
			       123456, INT64_MAX, INT64_MIN, INT64_MAX - 1, INT64_MIN + 1 };
	uint64_t x = 0x9e3779b97f4a7c15u;
	size_t nv = 11;

	(void)state;
	while (nv < N(values)) {
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		values[nv++] = (int64_t)(x >> (x % 60 + 1)) * (x & 1 ? -1 : 1);
	}
	for (size_t c = 0; c < N(codes); c++) {
		const struct rl_currency *cur = rl_currency_find(codes[c], 3);

		for (size_t i = 0; i < N(values); i++) {
			struct rl_money_syntax dot = { '.' }, comma = { ',' };
			char buf[64];
			int64_t back = 0;
			int len = rl_money_format(buf, sizeof(buf), values[i], cur, RL_LOCALE_C);
			size_t sl = strlen(NBSP) + strlen(cur->symbol ? cur->symbol : cur->code);

			assert_true(len > 0);
			if (rl_money_parse(buf, (size_t)len, dot, cur->exponent, &back, NULL) ||
			    back != values[i])
				fail_msg("%s %lld: C '%s' read back as %lld", codes[c],
					 (long long)values[i], buf, (long long)back);
			len = rl_money_format(buf, sizeof(buf), values[i], cur, RL_LOCALE_FR);
			assert_true(len > (int)sl);
			back = 0;
			if (rl_money_parse(buf, (size_t)len - sl, comma, cur->exponent, &back,
					   NULL) ||
			    back != values[i])
				fail_msg("%s %lld: fr '%s' read back as %lld", codes[c],
					 (long long)values[i], buf, (long long)back);
		}
	}
}

static void locale_from_name_reads_the_language(void **state)
{
	static const struct {
		const char *name;
		enum rl_locale want;
	} cases[] = {
		{ NULL, RL_LOCALE_C },
		{ "", RL_LOCALE_C },
		{ "C", RL_LOCALE_C },
		{ "POSIX", RL_LOCALE_C },
		{ "C.UTF-8", RL_LOCALE_C },
		{ "fr", RL_LOCALE_FR },
		{ "fr_FR.UTF-8", RL_LOCALE_FR },
		{ "fr_CA", RL_LOCALE_FR },
		{ "fr_BE@euro", RL_LOCALE_FR },
		{ "FR", RL_LOCALE_FR },
		{ "en_GB", RL_LOCALE_EN },
		{ "en_US.UTF-8", RL_LOCALE_EN },
		{ "de_DE", RL_LOCALE_EN },
		{ "french", RL_LOCALE_EN },
		{ "Cx", RL_LOCALE_EN },
	};

	(void)state;
	for (size_t i = 0; i < N(cases); i++)
		if (rl_locale_from_name(cases[i].name) != cases[i].want)
			fail_msg("row %zu: '%s' gave %d, expected %d", i,
				 cases[i].name ? cases[i].name : "(null)",
				 (int)rl_locale_from_name(cases[i].name), (int)cases[i].want);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse_accepts_every_grouping_variant),
		cmocka_unit_test(parse_trims_blanks_and_reads_sign),
		cmocka_unit_test(parse_honours_the_currency_exponent),
		cmocka_unit_test(parse_rejects_malformed_amounts),
		cmocka_unit_test(parse_names_the_other_decimal_convention),
		cmocka_unit_test(parse_reports_overflow_at_int64_limits),
		cmocka_unit_test(parse_rejects_a_bad_syntax_and_survives_null),
		cmocka_unit_test(parse_quotes_long_input_briefly),
		cmocka_unit_test(add_sub_mul_detect_overflow),
		cmocka_unit_test(div_round_is_half_away_from_zero),
		cmocka_unit_test(div_round_is_exact_at_int64_limits),
		cmocka_unit_test(div_round_matches_its_definition_on_small_numbers),
		cmocka_unit_test(currency_find_knows_iso_exponents),
		cmocka_unit_test(currency_find_folds_case_and_rejects_unknown),
		cmocka_unit_test(currency_table_is_sorted_and_sane),
		cmocka_unit_test(format_c_locale_is_plain_and_machine_readable),
		cmocka_unit_test(format_en_puts_the_symbol_first),
		cmocka_unit_test(format_fr_uses_narrow_no_break_spaces),
		cmocka_unit_test(format_fails_cleanly_when_the_buffer_is_small),
		cmocka_unit_test(format_then_parse_round_trips),
		cmocka_unit_test(locale_from_name_reads_the_language),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
