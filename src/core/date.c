/* Civil dates as day counts since 1970-01-01 (contract in relance/core/date.h,
 * design in DESIGN.md §3). Conversions use the days-from-civil arithmetic
 * popularised by Howard Hinnant ("chrono-Compatible Low-Level Date
 * Algorithms"): a year is counted from March so that the leap day falls last,
 * and 400-year eras of 146097 days make the arithmetic exact without tables
 * or loops. The parser is strict on purpose: a date that a spreadsheet
 * reformatted ("1/2/2026") is rejected with the pattern it failed, never
 * repaired by guessing. */
#include <stdint.h>
#include <string.h>

#include "relance/core/date.h"

#define YEAR_MIN 1
#define YEAR_MAX 9999
#define DATE_MIN (-719162) /* 0001-01-01 */
#define DATE_MAX 2932896   /* 9999-12-31 */

/* Days from 0000-03-01 to 1970-01-01. */
#define EPOCH_SHIFT 719468
#define DAYS_PER_ERA 146097

/* Longest piece of the input quoted in a message (see money.c). */

static const char *const month_names[12] = {
	"January", "February", "March",     "April",   "May",      "June",
	"July",    "August",   "September", "October", "November", "December",
};

bool rl_date_is_leap_year(int year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int rl_date_days_in_month(int year, int month)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (month < 1 || month > 12)
		return 0;
	if (month == 2 && rl_date_is_leap_year(year))
		return 29;
	return days[month - 1];
}

/* Floor division: C's '/' truncates toward zero. */
static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	if ((a % b != 0) && ((a < 0) != (b < 0)))
		q--;
	return q;
}

/* Days since 1970-01-01 of a y/m/d already known to be valid. */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	if (m <= 2)
		y--;
	era = floor_div(y, 400);
	yoe = y - era * 400;                                   /* [0, 399] */
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1; /* [0, 365], from March 1 */
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;           /* [0, 146096] */
	return era * DAYS_PER_ERA + doe - EPOCH_SHIFT;
}

static void civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += EPOCH_SHIFT;
	era = floor_div(z, DAYS_PER_ERA);
	doe = z - era * DAYS_PER_ERA;                                /* [0, 146096] */
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365; /* [0, 399] */
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);               /* [0, 365] */
	mp = (5 * doy + 2) / 153;                                    /* [0, 11], March = 0 */
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

int rl_date_from_ymd(int year, int month, int day, rl_date *out)
{
	if (year < YEAR_MIN || year > YEAR_MAX)
		return RL_EINVAL;
	if (day < 1 || day > rl_date_days_in_month(year, month))
		return RL_EINVAL;
	*out = (rl_date)days_from_civil(year, month, day);
	return 0;
}

void rl_date_to_ymd(rl_date d, int *year, int *month, int *day)
{
	int64_t y;

	civil_from_days(d, &y, month, day);
	*year = (int)y;
}

/* Dates past either end of 1..9999 are pinned to that end, so that arithmetic
 * on them stays defined and formatting stays at four digits. */
static rl_date clamp(int64_t d)
{
	if (d < DATE_MIN)
		return DATE_MIN;
	if (d > DATE_MAX)
		return DATE_MAX;
	return (rl_date)d;
}

rl_date rl_date_add_months(rl_date d, int32_t n)
{
	int64_t y, total, ny;
	int m, day, nm, dim;

	civil_from_days(d, &y, &m, &day);
	total = y * 12 + (m - 1) + n;
	ny = floor_div(total, 12);
	nm = (int)(total - ny * 12) + 1;
	if (ny < YEAR_MIN)
		return DATE_MIN;
	if (ny > YEAR_MAX)
		return DATE_MAX;
	dim = rl_date_days_in_month((int)ny, nm);
	if (day > dim)
		day = dim;
	return clamp(days_from_civil(ny, nm, day));
}

rl_date rl_date_end_of_month(rl_date d)
{
	int64_t y;
	int m, day;

	civil_from_days(d, &y, &m, &day);
	/* Leap years repeat every 400 years, so y mod 400 answers for any y. */
	return clamp((int64_t)d - day + rl_date_days_in_month((int)(y % 400 + 400), m));
}

int rl_date_weekday(rl_date d)
{
	/* 1970-01-01 was a Thursday (4). */
	return (int)((((int64_t)d % 7 + 7) % 7 + 3) % 7) + 1;
}

/* Length of the run of c starting at p. */
static size_t run(const char *p, char c)
{
	size_t n = 0;

	while (p[n] == c)
		n++;
	return n;
}

bool rl_date_pattern_valid(const char *pattern)
{
	int seen_y = 0, seen_m = 0, seen_d = 0;

	if (!pattern || !*pattern)
		return false;
	for (const char *p = pattern; *p;) {
		size_t n;

		switch (*p) {
		case 'Y':
			n = run(p, 'Y');
			if (n != 4 || seen_y++)
				return false;
			break;
		case 'M':
			n = run(p, 'M');
			if (n != 2 || seen_m++)
				return false;
			break;
		case 'D':
			n = run(p, 'D');
			if (n != 2 || seen_d++)
				return false;
			break;
		default:
			n = 1;
			break;
		}
		p += n;
	}
	return seen_y && seen_m && seen_d;
}

/* Reads n ASCII digits at s[*i..len) into *v. */
static int digits(const char *s, size_t len, size_t *i, size_t n, int *v)
{
	int x = 0;

	if (len - *i < n)
		return -1;
	for (size_t k = 0; k < n; k++) {
		char c = s[*i + k];

		if (c < '0' || c > '9')
			return -1;
		x = x * 10 + (c - '0');
	}
	*i += n;
	*v = x;
	return 0;
}

/* Matches s[0..len) against a valid pattern; fills y/m/d without checking
 * that they make a real day. */
static int match(const char *s, size_t len, const char *pattern, int *y, int *m, int *d)
{
	size_t i = 0;

	for (const char *p = pattern; *p;) {
		switch (*p) {
		case 'Y':
			if (digits(s, len, &i, 4, y))
				return -1;
			p += 4;
			break;
		case 'M':
			if (digits(s, len, &i, 2, m))
				return -1;
			p += 2;
			break;
		case 'D':
			if (digits(s, len, &i, 2, d))
				return -1;
			p += 2;
			break;
		default:
			if (i >= len || s[i] != *p)
				return -1;
			i++;
			p++;
			break;
		}
	}
	return i == len ? 0 : -1;
}

int rl_date_parse(const char *s, size_t len, const char *pattern, rl_date *out, struct rl_err *err)
{
	char q[RL_ERR_QUOTE_MAX + 8], qp[RL_ERR_QUOTE_MAX + 8];
	int y = 0, m = 0, d = 0, dim;

	/* The pattern comes from a configuration file: quoted like the input. */
	if (pattern)
		rl_err_quote(qp, sizeof(qp), pattern, strlen(pattern));
	if (pattern && !rl_date_pattern_valid(pattern))
		return rl_err_set(err, RL_EINVAL, "date pattern '%s' is not valid", qp);
	if (!s)
		len = 0;
	if (len == 0)
		return rl_err_set(err, RL_EINVAL, "date is empty");
	rl_err_quote(q, sizeof(q), s, len);

	if (pattern) {
		if (match(s, len, pattern, &y, &m, &d))
			return rl_err_set(err, RL_EINVAL, "'%s' does not match %s", q, qp);
	} else if (match(s, len, "YYYY-MM-DD", &y, &m, &d) &&
		   match(s, len, "DD/MM/YYYY", &y, &m, &d)) {
		return rl_err_set(err, RL_EINVAL, "'%s' does not match YYYY-MM-DD or DD/MM/YYYY",
				  q);
	}

	if (y < YEAR_MIN)
		return rl_err_set(err, RL_EINVAL, "'%s' is not a date: year %d does not exist", q,
				  y);
	if (m < 1 || m > 12)
		return rl_err_set(err, RL_EINVAL, "'%s' is not a date: month %d does not exist", q,
				  m);
	if (d < 1 || d > 31)
		return rl_err_set(err, RL_EINVAL, "'%s' is not a date: day %d does not exist", q,
				  d);
	dim = rl_date_days_in_month(y, m);
	if (d > dim)
		return rl_err_set(err, RL_EINVAL, "'%s' is not a date: %s %d has %d days", q,
				  month_names[m - 1], y, dim);
	*out = (rl_date)days_from_civil(y, m, d);
	return 0;
}

static void put_digits(char *p, int v, int n)
{
	for (int i = n - 1; i >= 0; i--) {
		p[i] = (char)('0' + v % 10);
		v /= 10;
	}
}

void rl_date_format_iso(rl_date d, char *buf)
{
	int y, m, day;

	rl_date_to_ymd(clamp(d), &y, &m, &day);
	put_digits(buf, y, 4);
	buf[4] = '-';
	put_digits(buf + 5, m, 2);
	buf[7] = '-';
	put_digits(buf + 8, day, 2);
	buf[10] = '\0';
}

void rl_date_format_fr(rl_date d, char *buf)
{
	int y, m, day;

	rl_date_to_ymd(clamp(d), &y, &m, &day);
	put_digits(buf, day, 2);
	buf[2] = '/';
	put_digits(buf + 3, m, 2);
	buf[5] = '/';
	put_digits(buf + 6, y, 4);
	buf[10] = '\0';
}
