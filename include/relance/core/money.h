/* Money: an integer count of a currency's minor unit, plus its ISO 4217 currency.
 *
 * DESIGN.md §3: never a floating-point type; arithmetic checks overflow;
 * rounding is explicit (half away from zero) and happens where a rule says.
 * Parsing never guesses between thousands and decimal separators: the caller
 * says which character is the decimal separator. Pure: no I/O, no allocation. */
#ifndef RELANCE_CORE_MONEY_H
#define RELANCE_CORE_MONEY_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#include "relance/core/status.h"

/* One ISO 4217 currency. Instances live in a static table; pointers to them are
 * valid for the life of the program. */
struct rl_currency {
	char code[4];       /* "EUR", NUL-terminated */
	int exponent;       /* minor-unit digits: EUR 2, JPY 0, KWD 3 */
	const char *symbol; /* "€", "$", "£", ... or NULL: format with the code */
};

/* Looks up an active ISO 4217 code (exactly 3 upper-case letters; lower case
 * is accepted and folded). Returns NULL when unknown. */
const struct rl_currency *rl_currency_find(const char *code, size_t len);

/* Overflow-checked arithmetic on minor units. Return 0 and set *out, or
 * RL_ERANGE leaving *out untouched. */
int rl_money_add(int64_t a, int64_t b, int64_t *out);
int rl_money_sub(int64_t a, int64_t b, int64_t *out);
int rl_money_mul(int64_t a, int64_t b, int64_t *out);

/* Divides num by den (den != 0), rounding half away from zero. Exact for
 * every int64 input; RL_ERANGE only for INT64_MIN / -1. */
int rl_money_div_round(int64_t num, int64_t den, int64_t *out);

/* How an amount is written in a file. */
struct rl_money_syntax {
	char decimal_sep; /* '.' or ',': the only character accepted as decimal point */
};

/* Parses the amount in s[0..len) into minor units of a currency with the
 * given exponent.
 *
 * Accepted: optional surrounding blanks; an optional leading '-' or '+';
 * digits, optionally grouped by thousands with a space, U+00A0, U+202F, '\'' or
 * the non-decimal one of '.' and ',' (groups of exactly three digits); then
 * the decimal separator and at most `exponent` digits (more digits are
 * accepted only if the extra ones are zeros). Examples with decimal_sep ',':
 * "1234,56", "1 234,56", "1.234,56", "-12,00".
 *
 * Rejected with RL_EINVAL and a message in err->msg (err->field untouched):
 * empty input, stray characters, a separator that can only be read as a
 * decimal point of the other convention ("1.234,56" when decimal_sep is '.'),
 * misplaced grouping, too many decimals. RL_ERANGE when the value does not fit
 * in int64 minor units. */
int rl_money_parse(const char *s, size_t len, struct rl_money_syntax syn, int exponent,
		   int64_t *out, struct rl_err *err);

enum rl_locale {
	RL_LOCALE_C,  /* machine format: "-1234.56", '.' decimal, no grouping, no symbol */
	RL_LOCALE_EN, /* "€1,234.56", "-€1,234.56", "CHF 1,234.56" */
	RL_LOCALE_FR, /* "1 234,56 €" (U+202F grouping, U+00A0 before the symbol),
	                 "-1 234,56 €", "1 234,56 CHF" */
};

/* Formats amount (minor units of cur) into buf (cap bytes, NUL-terminated).
 * Returns the length written, or -1 if cap is too small (buf then holds "").
 * 64 bytes are always enough. */
int rl_money_format(char *buf, size_t cap, int64_t amount, const struct rl_currency *cur,
		    enum rl_locale loc);

/* Parses "fr", "fr_FR.UTF-8", "en_GB", "C", "POSIX" ... into a locale; unknown
 * languages give RL_LOCALE_EN. NULL or "" gives RL_LOCALE_C. */
enum rl_locale rl_locale_from_name(const char *name);

#endif
