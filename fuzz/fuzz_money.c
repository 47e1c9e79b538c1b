/* libFuzzer target for relance/core/money.h. The first byte chooses nothing:
 * every input is parsed with both decimal separators and every exponent in
 * the currency table (0..4), and each success must survive a round trip
 * through rl_money_format in the C and French locales. The first 16 bytes are
 * also read as two int64 to check the arithmetic against 128-bit reference
 * results, which is where an off-by-one in rounding or an overflow check
 * would hide. Build: clang -fsanitize=fuzzer,address,undefined. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "relance/core/money.h"

__extension__ typedef __int128 i128;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                                                                \
	do {                                                                                       \
		if (!(cond))                                                                       \
			abort();                                                                   \
	} while (0)

static const char *const codes[] = { "JPY", "EUR", "KWD", "CLF", "CHF" };

static int64_t read_i64(const uint8_t *p)
{
	uint64_t v = 0;

	for (int i = 0; i < 8; i++)
		v = v << 8 | p[i];
	return (int64_t)v;
}

/* add, sub, mul and div_round against exact 128-bit arithmetic. */
static void check_arithmetic(int64_t a, int64_t b)
{
	int64_t r = 0;
	i128 exact;

	exact = (i128)a + b;
	if (rl_money_add(a, b, &r) == 0)
		CHECK(r == exact);
	else
		CHECK(exact > INT64_MAX || exact < INT64_MIN);
	exact = (i128)a - b;
	if (rl_money_sub(a, b, &r) == 0)
		CHECK(r == exact);
	else
		CHECK(exact > INT64_MAX || exact < INT64_MIN);
	exact = (i128)a * b;
	if (rl_money_mul(a, b, &r) == 0)
		CHECK(r == exact);
	else
		CHECK(exact > INT64_MAX || exact < INT64_MIN);

	if (b == 0) {
		CHECK(rl_money_div_round(a, b, &r) == RL_EINVAL);
		return;
	}
	if (rl_money_div_round(a, b, &r) != 0) {
		CHECK(a == INT64_MIN && b == -1);
		return;
	}
	/* r is the nearest integer to a/b, ties away from zero:
	 * |a - r*b| <= |b|/2, and on a tie |r| is the larger candidate. */
	{
		i128 rem = (i128)a - (i128)r * b, ab = b < 0 ? -(i128)b : b;
		i128 twice = 2 * (rem < 0 ? -rem : rem);

		CHECK(twice <= ab);
		if (twice == ab)
			CHECK((r > 0) == (((i128)a < 0) == (b < 0)));
	}
}

static void check_amount(const char *s, size_t len, char dec, const struct rl_currency *cur)
{
	struct rl_money_syntax syn = { dec }, dot = { '.' }, comma = { ',' };
	struct rl_err err;
	int64_t v = 0x5eed, back;
	char buf[64];
	int n, rc;

	rl_err_clear(&err);
	rc = rl_money_parse(s, len, syn, cur->exponent, &v, &err);
	if (rc != 0) {
		CHECK(rc == RL_EINVAL || rc == RL_ERANGE);
		CHECK(err.code == rc && err.msg[0] != '\0');
		CHECK(strlen(err.msg) < RL_ERR_MSG_MAX - 1 && !strchr(err.msg, '\n'));
		CHECK(v == 0x5eed);
		return;
	}
	CHECK(err.code == 0 && err.msg[0] == '\0');

	n = rl_money_format(buf, sizeof(buf), v, cur, RL_LOCALE_C);
	CHECK(n > 0 && (size_t)n == strlen(buf));
	back = ~v;
	CHECK(rl_money_parse(buf, (size_t)n, dot, cur->exponent, &back, NULL) == 0);
	CHECK(back == v);

	n = rl_money_format(buf, sizeof(buf), v, cur, RL_LOCALE_FR);
	CHECK(n > 0 && (size_t)n == strlen(buf));
	{
		const char *sym = cur->symbol ? cur->symbol : cur->code;
		size_t cut = strlen(sym) + 2; /* U+00A0 and the symbol */

		CHECK((size_t)n > cut && strcmp(buf + n - strlen(sym), sym) == 0);
		back = ~v;
		CHECK(rl_money_parse(buf, (size_t)n - cut, comma, cur->exponent, &back, NULL) == 0);
		CHECK(back == v);
	}

	n = rl_money_format(buf, sizeof(buf), v, cur, RL_LOCALE_EN);
	CHECK(n > 0 && (size_t)n == strlen(buf));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;

	if (size >= 16)
		check_arithmetic(read_i64(data), read_i64(data + 8));
	if (size >= 3)
		(void)rl_currency_find(s, 3);
	for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		const struct rl_currency *cur = rl_currency_find(codes[i], 3);

		CHECK(cur != NULL);
		check_amount(s, size, '.', cur);
		check_amount(s, size, ',', cur);
	}
	return 0;
}
