/* Civil dates: a day count, no time zone (DESIGN.md §3).
 *
 * rl_date is the number of days since 1970-01-01 in the proleptic Gregorian
 * calendar (negative before it). Valid range: years 1..9999. Pure. */
#ifndef RELANCE_CORE_DATE_H
#define RELANCE_CORE_DATE_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#include "relance/core/status.h"

typedef int32_t rl_date;

#define RL_DATE_ISO_LEN 10 /* "YYYY-MM-DD" */

bool rl_date_is_leap_year(int year);
int rl_date_days_in_month(int year, int month); /* month 1..12; 0 if invalid */

/* Builds a date; RL_EINVAL when y/m/d is not a real day (2026-02-29). */
int rl_date_from_ymd(int year, int month, int day, rl_date *out);
void rl_date_to_ymd(rl_date d, int *year, int *month, int *day);

/* Parses s[0..len) with a pattern made of YYYY, MM, DD and literal separator
 * characters, e.g. "YYYY-MM-DD", "DD/MM/YYYY", "MM/DD/YYYY", "DD.MM.YYYY",
 * "YYYYMMDD". Digits must be exactly as many as the pattern's letters.
 * A NULL pattern accepts "YYYY-MM-DD" and "DD/MM/YYYY" (the two forms can't be
 * confused). RL_EINVAL with a message naming the problem ("'2026-13-01' is not
 * a date: month 13") otherwise. */
int rl_date_parse(const char *s, size_t len, const char *pattern, rl_date *out, struct rl_err *err);

/* True if pattern is one rl_date_parse understands. */
bool rl_date_pattern_valid(const char *pattern);

/* Writes "YYYY-MM-DD" and a NUL: buf must hold RL_DATE_ISO_LEN + 1 bytes. */
void rl_date_format_iso(rl_date d, char *buf);
/* Writes "DD/MM/YYYY" and a NUL (11 bytes), the French form. */
void rl_date_format_fr(rl_date d, char *buf);

/* b - a in days (negative if b is before a). */
static inline int32_t rl_date_diff(rl_date a, rl_date b)
{
	return b - a;
}
static inline rl_date rl_date_add_days(rl_date d, int32_t n)
{
	return d + n;
}

/* Adds n months (n may be negative); a day past the end of the target month is
 * clamped to its last day (2026-01-31 + 1 month = 2026-02-28). */
rl_date rl_date_add_months(rl_date d, int32_t n);
rl_date rl_date_end_of_month(rl_date d);
/* 1 = Monday ... 7 = Sunday (ISO 8601). */
int rl_date_weekday(rl_date d);

#endif
