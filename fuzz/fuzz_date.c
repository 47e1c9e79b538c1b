/* libFuzzer target for relance/core/date.h. Every input is parsed with the
 * default (NULL) pattern and a few fixed ones; since the parser is strict, a
 * success must print back, in the same pattern, to exactly the input bytes,
 * and the ISO and French forms must read back to the same day. The input is
 * also tried as a pattern, and its first bytes as a day count for the month
 * arithmetic. Build: clang -fsanitize=fuzzer,address,undefined. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "relance/core/date.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                                                                \
	do {                                                                                       \
		if (!(cond))                                                                       \
			abort();                                                                   \
	} while (0)

#define DATE_MIN (-719162) /* 0001-01-01 */
#define DATE_MAX 2932896   /* 9999-12-31 */

static const char *const patterns[] = {
	"YYYY-MM-DD", "DD/MM/YYYY", "MM/DD/YYYY", "DD.MM.YYYY", "YYYYMMDD", "DD-MM-YYYY",
};

static void put(char *p, int v, int n)
{
	for (int i = n - 1; i >= 0; i--) {
		p[i] = (char)('0' + v % 10);
		v /= 10;
	}
}

/* Writes d in pattern (a valid one) to out; returns the length. */
static size_t render(rl_date d, const char *pattern, char *out)
{
	int y, m, day;
	size_t o = 0;

	rl_date_to_ymd(d, &y, &m, &day);
	for (const char *p = pattern; *p;) {
		if (*p == 'Y') {
			put(out + o, y, 4), o += 4, p += 4;
		} else if (*p == 'M') {
			put(out + o, m, 2), o += 2, p += 2;
		} else if (*p == 'D') {
			put(out + o, day, 2), o += 2, p += 2;
		} else {
			out[o++] = *p++;
		}
	}
	return o;
}

static void check_date(rl_date d)
{
	char iso[RL_DATE_ISO_LEN + 1], fr[11];
	rl_date back;
	int y, m, day;

	CHECK(d >= DATE_MIN && d <= DATE_MAX);
	rl_date_to_ymd(d, &y, &m, &day);
	CHECK(rl_date_from_ymd(y, m, day, &back) == 0 && back == d);
	rl_date_format_iso(d, iso);
	CHECK(rl_date_parse(iso, strlen(iso), NULL, &back, NULL) == 0 && back == d);
	rl_date_format_fr(d, fr);
	CHECK(rl_date_parse(fr, strlen(fr), NULL, &back, NULL) == 0 && back == d);
	CHECK(rl_date_weekday(d) >= 1 && rl_date_weekday(d) <= 7);
}

static void check_parse(const char *s, size_t len, const char *pattern)
{
	struct rl_err err;
	rl_date d = 0x5eed;
	char out[64];
	int rc;

	rl_err_clear(&err);
	rc = rl_date_parse(s, len, pattern, &d, &err);
	if (rc != 0) {
		CHECK(rc == RL_EINVAL && err.code == rc && err.msg[0] != '\0');
		CHECK(!strchr(err.msg, '\n') && d == 0x5eed);
		return;
	}
	check_date(d);
	if (pattern && strlen(pattern) < sizeof(out)) {
		CHECK(render(d, pattern, out) == len);
		CHECK(memcmp(out, s, len) == 0);
	}
	if (!pattern)
		CHECK(len == RL_DATE_ISO_LEN);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;

	check_parse(s, size, NULL);
	for (size_t i = 0; i < sizeof(patterns) / sizeof(patterns[0]); i++)
		check_parse(s, size, patterns[i]);

	/* The input up to its first NUL, as a pattern, applied to what follows. */
	{
		const uint8_t *nul = memchr(data, '\0', size);

		if (nul && (size_t)(nul - data) < 64) {
			CHECK(!rl_date_pattern_valid(s) || strlen(s) >= 8);
			if (rl_date_pattern_valid(s))
				check_parse((const char *)nul + 1, size - (size_t)(nul - data) - 1,
					    s);
		}
	}

	/* Month arithmetic on an arbitrary day and month count. */
	if (size >= 8) {
		int32_t z = (int32_t)((uint32_t)data[0] << 24 | (uint32_t)data[1] << 16 |
				      (uint32_t)data[2] << 8 | data[3]);
		int32_t n = (int32_t)((uint32_t)data[4] << 24 | (uint32_t)data[5] << 16 |
				      (uint32_t)data[6] << 8 | data[7]);
		rl_date d =
			(rl_date)(DATE_MIN + (int32_t)((uint32_t)z % (DATE_MAX - DATE_MIN + 1)));
		rl_date r = rl_date_add_months(d, n), e = rl_date_end_of_month(d);
		int y, m, day, ry, rm, rd;

		check_date(r);
		check_date(e);
		rl_date_to_ymd(d, &y, &m, &day);
		rl_date_to_ymd(r, &ry, &rm, &rd);
		/* Unless pinned to an end of the range, the day is kept or clamped. */
		if (r != DATE_MIN && r != DATE_MAX)
			CHECK(rd == day || (rd < day && rd == rl_date_days_in_month(ry, rm)));
		CHECK(e >= d && e - d < 31);
		(void)rl_date_add_months(z, n); /* out-of-range input: defined, no crash */
		(void)rl_date_end_of_month(z);
		(void)rl_date_weekday(z);
	}
	return 0;
}
