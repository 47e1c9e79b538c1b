/* Money: ISO 4217 currencies, checked arithmetic on minor units, and the
 * parser and formatter of amounts (contract in relance/core/money.h, design in
 * DESIGN.md §3). Amounts are int64 minor units end to end: no floating point
 * anywhere, so 0.1 + 0.2 is exactly 0.3 and every rounding is written down.
 * The parser never guesses which of '.' and ',' is the decimal point; it only
 * uses the guess to word its message when the caller's choice is contradicted
 * by the input. */
#include <stdint.h>
#include <string.h>

#include "relance/core/money.h"

/* UTF-8 spellings of the symbols, as bytes so the source charset never matters. */
#define SYM_EURO "\xe2\x82\xac"
#define SYM_POUND "\xc2\xa3"
#define SYM_YEN "\xc2\xa5"
#define SYM_RUPEE "\xe2\x82\xb9"
#define SYM_WON "\xe2\x82\xa9"
#define SYM_SHEQEL "\xe2\x82\xaa"
#define SYM_NAIRA "\xe2\x82\xa6"
#define SYM_HRYVNIA "\xe2\x82\xb4"
#define SYM_DONG "\xe2\x82\xab"
#define SYM_RUBLE "\xe2\x82\xbd"
#define SYM_LIRA "\xe2\x82\xba"
#define SYM_PESO_PH "\xe2\x82\xb1"

#define NBSP "\xc2\xa0"      /* U+00A0 NO-BREAK SPACE */
#define NNBSP "\xe2\x80\xaf" /* U+202F NARROW NO-BREAK SPACE */

/* ISO 4217 list one, active codes with a minor unit, as of 2026-01. Sorted by
 * code: rl_currency_find is a binary search. Left out on purpose: codes whose
 * minor unit is "N.A." (XAU, XAG, XPD, XPT, XBA..XBD, XDR, XSU, XUA, XTS, XXX),
 * which no invoice is written in, and withdrawn codes (HRK since 2023, ZWL
 * since 2024). A symbol is given only when it names one currency: "$" is
 * USD's alone, and CAD, AUD... are written with their codes; CNY is not given
 * JPY's "¥". Exponents follow ISO, not glibc's int_frac_digits, which
 * disagrees for a few (ISO gives IDR 2, HUF 2, UGX 0, VUV 0). */
static const struct rl_currency currencies[] = {
	{ "AED", 2, NULL },
	{ "AFN", 2, NULL },
	{ "ALL", 2, NULL },
	{ "AMD", 2, NULL },
	{ "ANG", 2, NULL }, /* NEEDSWORK: replaced by XCG in 2025; drop when ISO does */
	{ "AOA", 2, NULL },
	{ "ARS", 2, NULL },
	{ "AUD", 2, NULL },
	{ "AWG", 2, NULL },
	{ "AZN", 2, NULL },
	{ "BAM", 2, NULL },
	{ "BBD", 2, NULL },
	{ "BDT", 2, NULL },
	{ "BGN", 2, NULL }, /* NEEDSWORK: Bulgaria adopted EUR on 2026-01-01 */
	{ "BHD", 3, NULL },
	{ "BIF", 0, NULL },
	{ "BMD", 2, NULL },
	{ "BND", 2, NULL },
	{ "BOB", 2, NULL },
	{ "BOV", 2, NULL },
	{ "BRL", 2, NULL },
	{ "BSD", 2, NULL },
	{ "BTN", 2, NULL },
	{ "BWP", 2, NULL },
	{ "BYN", 2, NULL },
	{ "BZD", 2, NULL },
	{ "CAD", 2, NULL },
	{ "CDF", 2, NULL },
	{ "CHE", 2, NULL },
	{ "CHF", 2, NULL },
	{ "CHW", 2, NULL },
	{ "CLF", 4, NULL },
	{ "CLP", 0, NULL },
	{ "CNY", 2, NULL },
	{ "COP", 2, NULL },
	{ "COU", 2, NULL },
	{ "CRC", 2, NULL },
	{ "CUC", 2, NULL },
	{ "CUP", 2, NULL },
	{ "CVE", 2, NULL },
	{ "CZK", 2, NULL },
	{ "DJF", 0, NULL },
	{ "DKK", 2, NULL },
	{ "DOP", 2, NULL },
	{ "DZD", 2, NULL },
	{ "EGP", 2, NULL },
	{ "ERN", 2, NULL },
	{ "ETB", 2, NULL },
	{ "EUR", 2, SYM_EURO },
	{ "FJD", 2, NULL },
	{ "FKP", 2, NULL },
	{ "GBP", 2, SYM_POUND },
	{ "GEL", 2, NULL },
	{ "GHS", 2, NULL },
	{ "GIP", 2, NULL },
	{ "GMD", 2, NULL },
	{ "GNF", 0, NULL },
	{ "GTQ", 2, NULL },
	{ "GYD", 2, NULL },
	{ "HKD", 2, NULL },
	{ "HNL", 2, NULL },
	{ "HTG", 2, NULL },
	{ "HUF", 2, NULL },
	{ "IDR", 2, NULL },
	{ "ILS", 2, SYM_SHEQEL },
	{ "INR", 2, SYM_RUPEE },
	{ "IQD", 3, NULL },
	{ "IRR", 2, NULL },
	{ "ISK", 0, NULL },
	{ "JMD", 2, NULL },
	{ "JOD", 3, NULL },
	{ "JPY", 0, SYM_YEN },
	{ "KES", 2, NULL },
	{ "KGS", 2, NULL },
	{ "KHR", 2, NULL },
	{ "KMF", 0, NULL },
	{ "KPW", 2, NULL },
	{ "KRW", 0, SYM_WON },
	{ "KWD", 3, NULL },
	{ "KYD", 2, NULL },
	{ "KZT", 2, NULL },
	{ "LAK", 2, NULL },
	{ "LBP", 2, NULL },
	{ "LKR", 2, NULL },
	{ "LRD", 2, NULL },
	{ "LSL", 2, NULL },
	{ "LYD", 3, NULL },
	{ "MAD", 2, NULL },
	{ "MDL", 2, NULL },
	{ "MGA", 2, NULL },
	{ "MKD", 2, NULL },
	{ "MMK", 2, NULL },
	{ "MNT", 2, NULL },
	{ "MOP", 2, NULL },
	{ "MRU", 2, NULL },
	{ "MUR", 2, NULL },
	{ "MVR", 2, NULL },
	{ "MWK", 2, NULL },
	{ "MXN", 2, NULL },
	{ "MXV", 2, NULL },
	{ "MYR", 2, NULL },
	{ "MZN", 2, NULL },
	{ "NAD", 2, NULL },
	{ "NGN", 2, SYM_NAIRA },
	{ "NIO", 2, NULL },
	{ "NOK", 2, NULL },
	{ "NPR", 2, NULL },
	{ "NZD", 2, NULL },
	{ "OMR", 3, NULL },
	{ "PAB", 2, NULL },
	{ "PEN", 2, NULL },
	{ "PGK", 2, NULL },
	{ "PHP", 2, SYM_PESO_PH },
	{ "PKR", 2, NULL },
	{ "PLN", 2, NULL },
	{ "PYG", 0, NULL },
	{ "QAR", 2, NULL },
	{ "RON", 2, NULL },
	{ "RSD", 2, NULL },
	{ "RUB", 2, SYM_RUBLE },
	{ "RWF", 0, NULL },
	{ "SAR", 2, NULL },
	{ "SBD", 2, NULL },
	{ "SCR", 2, NULL },
	{ "SDG", 2, NULL },
	{ "SEK", 2, NULL },
	{ "SGD", 2, NULL },
	{ "SHP", 2, NULL },
	{ "SLE", 2, NULL },
	{ "SLL", 2, NULL }, /* NEEDSWORK: superseded by SLE; drop when ISO does */
	{ "SOS", 2, NULL },
	{ "SRD", 2, NULL },
	{ "SSP", 2, NULL },
	{ "STN", 2, NULL },
	{ "SVC", 2, NULL },
	{ "SYP", 2, NULL },
	{ "SZL", 2, NULL },
	{ "THB", 2, NULL },
	{ "TJS", 2, NULL },
	{ "TMT", 2, NULL },
	{ "TND", 3, NULL },
	{ "TOP", 2, NULL },
	{ "TRY", 2, SYM_LIRA },
	{ "TTD", 2, NULL },
	{ "TWD", 2, NULL },
	{ "TZS", 2, NULL },
	{ "UAH", 2, SYM_HRYVNIA },
	{ "UGX", 0, NULL },
	{ "USD", 2, "$" },
	{ "USN", 2, NULL },
	{ "UYI", 0, NULL },
	{ "UYU", 2, NULL },
	{ "UYW", 4, NULL },
	{ "UZS", 2, NULL },
	{ "VED", 2, NULL },
	{ "VES", 2, NULL },
	{ "VND", 0, SYM_DONG },
	{ "VUV", 0, NULL },
	{ "WST", 2, NULL },
	{ "XAF", 0, NULL },
	{ "XCD", 2, NULL },
	{ "XCG", 2, NULL },
	{ "XOF", 0, NULL },
	{ "XPF", 0, NULL },
	{ "YER", 2, NULL },
	{ "ZAR", 2, NULL },
	{ "ZMW", 2, NULL },
	{ "ZWG", 2, NULL },
};

#define NCURRENCIES (sizeof(currencies) / sizeof(currencies[0]))

/* 10^18 is the largest power of ten in an int64; a larger exponent could not
 * hold even one major unit. */
#define MAX_EXPONENT 18

/* Longest piece of the input quoted in a message: keeps the message inside
 * RL_ERR_MSG_MAX whatever the caller feeds in. */

const struct rl_currency *rl_currency_find(const char *code, size_t len)
{
	char key[4];
	size_t lo = 0, hi = NCURRENCIES;

	if (!code || len != 3)
		return NULL;
	for (size_t i = 0; i < 3; i++) {
		char c = code[i];

		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		if (c < 'A' || c > 'Z')
			return NULL;
		key[i] = c;
	}
	key[3] = '\0';
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int cmp = memcmp(key, currencies[mid].code, 3);

		if (cmp == 0)
			return &currencies[mid];
		if (cmp < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

int rl_money_add(int64_t a, int64_t b, int64_t *out)
{
	int64_t r;

	if (__builtin_add_overflow(a, b, &r))
		return RL_ERANGE;
	*out = r;
	return 0;
}

int rl_money_sub(int64_t a, int64_t b, int64_t *out)
{
	int64_t r;

	if (__builtin_sub_overflow(a, b, &r))
		return RL_ERANGE;
	*out = r;
	return 0;
}

int rl_money_mul(int64_t a, int64_t b, int64_t *out)
{
	int64_t r;

	if (__builtin_mul_overflow(a, b, &r))
		return RL_ERANGE;
	*out = r;
	return 0;
}

/* |v| without overflow, INT64_MIN included. */
static uint64_t magnitude(int64_t v)
{
	return v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
}

int rl_money_div_round(int64_t num, int64_t den, int64_t *out)
{
	int64_t q, r;
	uint64_t ar, ad;

	if (den == 0)
		return RL_EINVAL;
	/* INT64_MIN % -1 traps on x86 although its value is 0: keep -1 apart. */
	if (den == -1) {
		if (num == INT64_MIN)
			return RL_ERANGE;
		*out = -num;
		return 0;
	}
	q = num / den;
	r = num % den;
	ar = magnitude(r);
	ad = magnitude(den);
	/* The remainder is a half or more when 2|r| >= |den|. Doubling r in
	 * int64 overflows for large divisors; |r| >= |den| - |r| in uint64 needs
	 * no doubling (|den| <= 2^63). With |den| >= 2 the quotient is at most
	 * 2^62 in size, so stepping it away from zero cannot overflow. */
	if (r != 0 && ar >= ad - ar)
		q += ((num < 0) == (den < 0)) ? 1 : -1;
	*out = q;
	return 0;
}

/* Length of the grouping or blank character at s[i..len) that is not ASCII:
 * U+00A0 or U+202F. 0 if there is none. */
static size_t wide_space_len(const char *s, size_t i, size_t len)
{
	if (len - i >= 2 && memcmp(s + i, NBSP, 2) == 0)
		return 2;
	if (len - i >= 3 && memcmp(s + i, NNBSP, 3) == 0)
		return 3;
	return 0;
}

/* Length of a surrounding blank at s[i..len), 0 if none. */
static size_t blank_len(const char *s, size_t i, size_t len)
{
	if (s[i] == ' ' || s[i] == '\t')
		return 1;
	return wide_space_len(s, i, len);
}

/* Length of the blank ending at s[len - 1], 0 if none. */
static size_t blank_len_before(const char *s, size_t start, size_t len)
{
	if (len > start && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		return 1;
	if (len - start >= 2 && memcmp(s + len - 2, NBSP, 2) == 0)
		return 2;
	if (len - start >= 3 && memcmp(s + len - 3, NNBSP, 3) == 0)
		return 3;
	return 0;
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Tells whether s[b..e) reads as a number that uses `other` as its decimal
 * point, the one mistake that is worth naming: `other` comes first after the
 * caller's decimal point ("1.234,56" with '.'), or it is the last separator,
 * appears once, and either is not followed by exactly three digits ("1,23",
 * "1234,5") or follows a different grouping ("1 234,567"). */
static int uses_other_decimal(const char *s, size_t b, size_t e, char dec, char other)
{
	size_t n_other = 0, last_other = 0, first_dec = e, tail;
	int grouped_before = 0;

	for (size_t i = b; i < e; i++) {
		if (s[i] == other) {
			if (first_dec < i)
				return n_other == 0 && i + 1 < e && is_digit(s[i + 1]);
			n_other++;
			last_other = i;
		} else if (s[i] == dec && first_dec == e) {
			first_dec = i;
		}
	}
	if (n_other != 1 || first_dec != e)
		return 0;
	for (size_t i = last_other + 1; i < e; i++)
		if (!is_digit(s[i]))
			return 0;
	tail = e - last_other - 1;
	if (tail == 0)
		return 0;
	for (size_t i = b; i < last_other; i++) {
		size_t w = wide_space_len(s, i, e);

		if (is_digit(s[i]) || (i == b && (s[i] == '-' || s[i] == '+')))
			continue;
		if (s[i] != ' ' && s[i] != '\'' && w == 0)
			return 0; /* junk: let the grammar name it */
		grouped_before = 1;
		if (w)
			i += w - 1;
	}
	return tail != 3 || grouped_before;
}

/* Appends digit d to the magnitude *mag, which may not pass limit. */
static int push_digit(uint64_t *mag, int d, uint64_t limit)
{
	if (*mag > (limit - (uint64_t)d) / 10)
		return -1;
	*mag = *mag * 10 + (uint64_t)d;
	return 0;
}

int rl_money_parse(const char *s, size_t len, struct rl_money_syntax syn, int exponent,
		   int64_t *out, struct rl_err *err)
{
	char q[RL_ERR_QUOTE_MAX + 8];
	char dec = syn.decimal_sep, other;
	size_t b = 0, e = len, i, k, group = 0, ndec = 0;
	size_t gsep_len = 0;     /* the grouping character chosen, 0 = none yet */
	const char *gsep = NULL; /* where its first occurrence is */
	uint64_t mag = 0, limit;
	int neg = 0, overflow = 0, digits = 0, sigdec = 0;

	if (dec != '.' && dec != ',')
		return rl_err_set(err, RL_EINVAL, "decimal separator must be '.' or ','");
	if (exponent < 0 || exponent > MAX_EXPONENT)
		return rl_err_set(err, RL_EINVAL, "a currency exponent of %d is not supported",
				  exponent);
	if (!s)
		len = e = 0;
	other = dec == '.' ? ',' : '.';

	while (b < e && (k = blank_len(s, b, e)) > 0)
		b += k;
	while (e > b && (k = blank_len_before(s, b, e)) > 0)
		e -= k;
	if (b == e)
		return rl_err_set(err, RL_EINVAL, "amount is empty");
	rl_err_quote(q, sizeof(q), s + b, e - b);

	if (uses_other_decimal(s, b, e, dec, other))
		return rl_err_set(err, RL_EINVAL,
				  "'%s' uses '%c' as decimal separator but '%c' was expected", q,
				  other, dec);

	i = b;
	if (s[i] == '-' || s[i] == '+') {
		neg = s[i] == '-';
		i++;
	}
	limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;

	/* Integer part, with its optional grouping. */
	for (; i < e; i++) {
		size_t sl = 0;

		if (is_digit(s[i])) {
			digits++;
			group++;
			if (!overflow && push_digit(&mag, s[i] - '0', limit))
				overflow = 1;
			continue;
		}
		if (s[i] == dec)
			break;
		if (s[i] == ' ' || s[i] == '\'' || s[i] == other)
			sl = 1;
		else
			sl = wide_space_len(s, i, e);
		if (sl == 0) {
			if ((unsigned char)s[i] >= 0x21 && (unsigned char)s[i] < 0x7f)
				return rl_err_set(err, RL_EINVAL,
						  "'%s' is not an amount: unexpected '%c'", q,
						  s[i]);
			return rl_err_set(err, RL_EINVAL, "'%s' is not an amount", q);
		}
		if (gsep_len == 0) {
			gsep = s + i;
			gsep_len = sl;
			if (group < 1 || group > 3)
				goto misplaced;
		} else if (sl != gsep_len || memcmp(s + i, gsep, sl) != 0) {
			return rl_err_set(err, RL_EINVAL,
					  "'%s' mixes two different thousands separators", q);
		} else if (group != 3) {
			goto misplaced;
		}
		if (i + sl >= e || !is_digit(s[i + sl]))
			goto misplaced;
		group = 0;
		i += sl - 1;
	}
	if (gsep_len && group != 3)
		goto misplaced;
	if (digits == 0) {
		if (i < e && s[i] == dec)
			return rl_err_set(err, RL_EINVAL,
					  "'%s' has no digit before the decimal separator", q);
		return rl_err_set(err, RL_EINVAL, "'%s' is not an amount: no digits", q);
	}

	/* Decimal part: plain digits, those past the exponent only zeros. */
	if (i < e) {
		size_t start = ++i;

		for (; i < e; i++) {
			if (is_digit(s[i])) {
				ndec++;
				if (s[i] != '0')
					sigdec = (int)ndec;
				continue;
			}
			if (s[i] == dec)
				return rl_err_set(err, RL_EINVAL,
						  "'%s' has more than one decimal separator '%c'",
						  q, dec);
			if ((unsigned char)s[i] >= 0x21 && (unsigned char)s[i] < 0x7f)
				return rl_err_set(err, RL_EINVAL,
						  "'%s' is not an amount: unexpected '%c'", q,
						  s[i]);
			return rl_err_set(err, RL_EINVAL, "'%s' is not an amount", q);
		}
		if (ndec == 0)
			return rl_err_set(err, RL_EINVAL,
					  "'%s' has no digit after the decimal separator", q);
		if (sigdec > exponent)
			return rl_err_set(err, RL_EINVAL,
					  "'%s' has %zu decimal%s, the currency allows %d", q, ndec,
					  ndec == 1 ? "" : "s", exponent);
		for (k = 0; k < (size_t)exponent; k++) {
			int d = k < ndec ? s[start + k] - '0' : 0;

			if (!overflow && push_digit(&mag, d, limit))
				overflow = 1;
		}
	} else {
		for (k = 0; k < (size_t)exponent; k++)
			if (!overflow && push_digit(&mag, 0, limit))
				overflow = 1;
	}

	if (overflow) {
		struct rl_currency c = { "XXX", exponent, NULL };
		char lim[64];

		rl_money_format(lim, sizeof(lim), neg ? INT64_MIN : INT64_MAX, &c, RL_LOCALE_C);
		return rl_err_set(err, RL_ERANGE, "'%s' is out of range: the limit is %s", q, lim);
	}
	if (!neg)
		*out = (int64_t)mag;
	else if (mag == (uint64_t)INT64_MAX + 1)
		*out = INT64_MIN;
	else
		*out = -(int64_t)mag;
	return 0;

misplaced:
	if (gsep_len == 1)
		return rl_err_set(
			err, RL_EINVAL,
			"'%s' has a misplaced thousands separator '%c' (groups have 3 digits)", q,
			*gsep);
	return rl_err_set(err, RL_EINVAL,
			  "'%s' has a misplaced thousands separator (groups have 3 digits)", q);
}

/* Appends n bytes of p to buf at *o, which stays below cap. */
static void put(char *buf, size_t cap, size_t *o, const char *p, size_t n)
{
	if (*o + n < cap)
		memcpy(buf + *o, p, n);
	*o += n;
}

int rl_money_format(char *buf, size_t cap, int64_t amount, const struct rl_currency *cur,
		    enum rl_locale loc)
{
	char digits[24], tmp[128];
	uint64_t mag = magnitude(amount);
	size_t nd = 0, o = 0, nint, exp;
	const char *sym, *group, *point;
	size_t group_len;

	if (!buf || cap == 0)
		return -1;
	buf[0] = '\0';
	if (!cur || cur->exponent < 0 || cur->exponent > MAX_EXPONENT)
		return -1;
	exp = (size_t)cur->exponent;

	/* Least significant first, padded so that one digit stands before the point. */
	do {
		digits[nd++] = (char)('0' + mag % 10);
		mag /= 10;
	} while (mag);
	while (nd < exp + 1)
		digits[nd++] = '0';
	nint = nd - exp;

	sym = cur->symbol ? cur->symbol : cur->code;
	switch (loc) {
	case RL_LOCALE_EN:
		group = ",";
		group_len = 1;
		point = ".";
		break;
	case RL_LOCALE_FR:
		group = NNBSP;
		group_len = 3;
		point = ",";
		break;
	case RL_LOCALE_C:
	default:
		group = NULL;
		group_len = 0;
		point = ".";
		break;
	}

	if (amount < 0)
		put(tmp, sizeof(tmp), &o, "-", 1);
	if (loc == RL_LOCALE_EN) {
		put(tmp, sizeof(tmp), &o, sym, strlen(sym));
		if (!cur->symbol)
			put(tmp, sizeof(tmp), &o, " ", 1);
	}
	for (size_t i = 0; i < nint; i++) {
		size_t left = nint - i;

		if (group && i > 0 && left % 3 == 0)
			put(tmp, sizeof(tmp), &o, group, group_len);
		put(tmp, sizeof(tmp), &o, &digits[nd - 1 - i], 1);
	}
	if (exp > 0) {
		put(tmp, sizeof(tmp), &o, point, 1);
		for (size_t i = exp; i > 0; i--)
			put(tmp, sizeof(tmp), &o, &digits[i - 1], 1);
	}
	if (loc == RL_LOCALE_FR) {
		put(tmp, sizeof(tmp), &o, NBSP, 2);
		put(tmp, sizeof(tmp), &o, sym, strlen(sym));
	}
	if (o >= sizeof(tmp) || o >= cap)
		return -1;
	memcpy(buf, tmp, o);
	buf[o] = '\0';
	return (int)o;
}

/* The language part of a locale name, compared without regard to case. */
static int lang_is(const char *name, size_t n, const char *lang)
{
	size_t l = strlen(lang);

	if (n != l)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = name[i];

		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c != lang[i])
			return 0;
	}
	return 1;
}

enum rl_locale rl_locale_from_name(const char *name)
{
	size_t n = 0;

	if (!name || !*name)
		return RL_LOCALE_C;
	while (name[n] && name[n] != '_' && name[n] != '.' && name[n] != '@' && name[n] != '-')
		n++;
	if ((n == 1 && name[0] == 'C') || lang_is(name, n, "posix"))
		return RL_LOCALE_C;
	if (lang_is(name, n, "fr"))
		return RL_LOCALE_FR;
	return RL_LOCALE_EN;
}
