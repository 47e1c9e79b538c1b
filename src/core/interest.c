/* Late-payment interest and fixed indemnity (contract in relance/core/interest.h,
 * design in DESIGN.md §5, facts in ../shared/reference/late-payment-rules.md).
 *
 * The computation walks the days after the anchor (due date or formal notice)
 * up to the as-of date in segments: a new segment starts at every balance
 * change, every change of a rate the rule uses (the reference table's rate
 * period, the floor table's, the start of the judgment majoration) and, for
 * actual/actual, every 1 January. Each segment adds balance x rate x days x w
 * to one exact 128-bit sum over the common denominator DEN; the invoice's
 * interest is that sum divided by DEN, rounded once, half away from zero.
 *
 * Choices, and why (checked 2026-11 against the reference file):
 *   - Days: interest runs on the days d with anchor < d <= asof. The reference
 *     says penalties are due "from the day after the payment date shown on the
 *     invoice" (C. com. L441-10 II) and that days late = payment date - due date
 *     (DESIGN.md §5; the published formula counts "from the day after the due
 *     date to the payment date"): both hold only if the payment day itself is
 *     a day of interest. So a balance change dated D ends at the end of day D.
 *   - Formal notice (C. civ. 1231-6 "à compter de la mise en demeure"; BGB §
 *     286(1) Mahnung): the notice day plays the due date's part, as the day of
 *     the act that starts a period is not counted (CPC 641, BGB § 187(1)).
 *     Interest never starts before the due date: anchor = max(due, notice).
 *   - Judgment majoration (CMF L313-3): "à l'expiration d'un délai de deux
 *     mois" after the decision became enforceable; a period in months expires
 *     on the same-numbered day (or the month's last day) at midnight (CPC 641,
 *     642), so the extra points apply from add_months(judgment, 2) + 1 day.
 *   - France B2B floor: L441-10 II puts the 3 x legal-rate floor on a
 *     contractual rate ("disposition contraire") only. So the default ECB + 10
 *     stands even when lower than the floor (H1 2024: 14.50 % < 15.21 %), and a
 *     contractual rate is max(contract, 3 x legal rate in force that day).
 *   - Indemnity: due once per invoice when a balance is still owed on the day
 *     after the due date ("not fully paid at its due date", AFDCC / DGCCRF Q&A);
 *     not split on partial payments. UK bands apply to that same balance.
 *   - A negative annual rate (a German base rate below -margin) is applied as
 *     zero: a late debtor is never paid for being late.
 *
 * Exact sum without overflow checks: every balance is < 2^63, every applied
 * rate <= RL_RATE_MAX = 10^9 < 2^30, the weight w <= 366 < 2^9, and the days
 * of all segments together are at most the span of valid dates (years 1..9999,
 * < 3.66 x 10^6 < 2^22 days, checked on entry). So the sum stays below
 * 2^(63+30+9+22) = 2^124, inside an unsigned 128-bit integer. */
#include <stdint.h>
#include <string.h>

#include "relance/core/interest.h"

__extension__ typedef unsigned __int128 u128;

#define DATE_MIN (-719162) /* 0001-01-01, as in date.c */
#define DATE_MAX 2932896   /* 9999-12-31 */

/* Rate units per whole fraction: 100 % = 10^8. */
#define RATE_PER_UNIT (100 * RL_RATE_ONE_PERCENT)

static const char *const source_names[RL_RATE_SOURCE_COUNT] = {
	"ecb", "fr-legal-other", "fr-legal-private", "de-base", "uk-boe",
};
static const char *const source_labels[RL_RATE_SOURCE_COUNT] = {
	"ECB",
	"French legal interest (other cases)",
	"French legal interest (private creditor)",
	"German base",
	"Bank of England base",
};
static const char *const source_files[RL_RATE_SOURCE_COUNT] = {
	"data/rates/ecb_mro.csv",          "data/rates/fr_taux_legal.csv",
	"data/rates/fr_taux_legal.csv",    "data/rates/de_basiszinssatz.csv",
	"data/rates/uk_boe_base_rate.csv",
};
static const char *const pick_names[] = { "on-day", "half-year-start", "half-year-eve" };
static const char *const day_count_names[] = { "act/365", "act/act" };
static const char *const start_names[] = { "due", "notice" };
static const char *const contract_names[] = { "ignored", "replaces", "if-higher", "floored" };

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static int parse_name(const char *s, const char *const *names, size_t n, int *out)
{
	if (!s)
		return RL_EINVAL;
	for (size_t i = 0; i < n; i++) {
		if (strcmp(s, names[i]) == 0) {
			*out = (int)i;
			return 0;
		}
	}
	return RL_EINVAL;
}

const char *rl_rate_source_str(enum rl_rate_source s)
{
	return (unsigned)s < RL_RATE_SOURCE_COUNT ? source_names[s] : "?";
}

const char *rl_rate_source_label(enum rl_rate_source s)
{
	return (unsigned)s < RL_RATE_SOURCE_COUNT ? source_labels[s] : "?";
}

const char *rl_rate_source_file(enum rl_rate_source s)
{
	return (unsigned)s < RL_RATE_SOURCE_COUNT ? source_files[s] : "?";
}

int rl_rate_source_parse(const char *s, enum rl_rate_source *out)
{
	int v;

	if (parse_name(s, source_names, COUNT(source_names), &v))
		return RL_EINVAL;
	*out = (enum rl_rate_source)v;
	return 0;
}

const char *rl_rate_pick_str(enum rl_rate_pick p)
{
	return (unsigned)p < COUNT(pick_names) ? pick_names[p] : "?";
}

int rl_rate_pick_parse(const char *s, enum rl_rate_pick *out)
{
	int v;

	if (parse_name(s, pick_names, COUNT(pick_names), &v))
		return RL_EINVAL;
	*out = (enum rl_rate_pick)v;
	return 0;
}

const char *rl_day_count_str(enum rl_day_count d)
{
	return (unsigned)d < COUNT(day_count_names) ? day_count_names[d] : "?";
}

int rl_day_count_parse(const char *s, enum rl_day_count *out)
{
	int v;

	if (parse_name(s, day_count_names, COUNT(day_count_names), &v))
		return RL_EINVAL;
	*out = (enum rl_day_count)v;
	return 0;
}

const char *rl_interest_start_str(enum rl_interest_start s)
{
	return (unsigned)s < COUNT(start_names) ? start_names[s] : "?";
}

int rl_interest_start_parse(const char *s, enum rl_interest_start *out)
{
	int v;

	if (parse_name(s, start_names, COUNT(start_names), &v))
		return RL_EINVAL;
	*out = (enum rl_interest_start)v;
	return 0;
}

const char *rl_contract_policy_str(enum rl_contract_policy p)
{
	return (unsigned)p < COUNT(contract_names) ? contract_names[p] : "?";
}

int rl_contract_policy_parse(const char *s, enum rl_contract_policy *out)
{
	int v;

	if (parse_name(s, contract_names, COUNT(contract_names), &v))
		return RL_EINVAL;
	*out = (enum rl_contract_policy)v;
	return 0;
}

int rl_rate_parse(const char *s, size_t len, int64_t *out, struct rl_err *err)
{
	char q[RL_ERR_QUOTE_MAX + 8];
	size_t b = 0, e = len, i;
	uint64_t whole = 0, frac = 0;
	int neg = 0, nint = 0, nfrac = 0;

	if (!s)
		len = e = 0;
	while (b < e && (s[b] == ' ' || s[b] == '\t'))
		b++;
	while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t'))
		e--;
	if (b == e)
		return rl_err_set(err, RL_EINVAL, "rate is empty");
	rl_err_quote(q, sizeof(q), s + b, e - b);
	i = b;
	if (s[i] == '-' || s[i] == '+')
		neg = s[i++] == '-';
	for (; i < e && s[i] >= '0' && s[i] <= '9'; i++, nint++)
		if (whole <= 1000000)
			whole = whole * 10 + (uint64_t)(s[i] - '0');
	if (nint == 0)
		return rl_err_set(err, RL_EINVAL, "'%s' is not a rate: no digits before the point",
				  q);
	if (i < e && s[i] == '.') {
		for (i++; i < e && s[i] >= '0' && s[i] <= '9'; i++, nfrac++)
			if (nfrac < RL_RATE_DECIMALS)
				frac = frac * 10 + (uint64_t)(s[i] - '0');
			else if (s[i] != '0')
				return rl_err_set(err, RL_EINVAL,
						  "'%s' is not a rate: more than %d decimals", q,
						  RL_RATE_DECIMALS);
		if (nfrac == 0)
			return rl_err_set(err, RL_EINVAL,
					  "'%s' is not a rate: no digits after the point", q);
	}
	if (i < e) {
		if (s[i] == ',')
			return rl_err_set(err, RL_EINVAL,
					  "'%s' is not a rate: the decimal point is '.'", q);
		if ((unsigned char)s[i] >= 0x21 && (unsigned char)s[i] < 0x7f)
			return rl_err_set(err, RL_EINVAL, "'%s' is not a rate: unexpected '%c'", q,
					  s[i]);
		return rl_err_set(err, RL_EINVAL, "'%s' is not a rate", q);
	}
	for (; nfrac < RL_RATE_DECIMALS; nfrac++)
		frac *= 10;
	if (whole > (uint64_t)(RL_RATE_MAX / RL_RATE_ONE_PERCENT) ||
	    whole * (uint64_t)RL_RATE_ONE_PERCENT + frac > (uint64_t)RL_RATE_MAX)
		return rl_err_set(err, RL_ERANGE, "rate '%s' is out of range (at most 1000 %%)", q);
	*out = (int64_t)(whole * (uint64_t)RL_RATE_ONE_PERCENT + frac);
	if (neg)
		*out = -*out;
	return 0;
}

int rl_rate_format(char *buf, size_t cap, int64_t rate)
{
	char tmp[RL_RATE_FMT_MAX + 8];
	uint64_t mag = rate < 0 ? (uint64_t)0 - (uint64_t)rate : (uint64_t)rate;
	uint64_t whole = mag / (uint64_t)RL_RATE_ONE_PERCENT;
	uint64_t frac = mag % (uint64_t)RL_RATE_ONE_PERCENT;
	char digits[24];
	size_t o = 0, nd = 0, keep = RL_RATE_DECIMALS;

	if (!buf || cap == 0)
		return -1;
	buf[0] = '\0';
	if (rate < 0)
		tmp[o++] = '-';
	do {
		digits[nd++] = (char)('0' + whole % 10);
		whole /= 10;
	} while (whole);
	while (nd)
		tmp[o++] = digits[--nd];
	tmp[o++] = '.';
	for (int k = RL_RATE_DECIMALS - 1; k >= 0; k--) {
		digits[k] = (char)('0' + frac % 10);
		frac /= 10;
	}
	while (keep > 2 && digits[keep - 1] == '0')
		keep--;
	memcpy(tmp + o, digits, keep);
	o += keep;
	if (o >= cap)
		return -1;
	memcpy(buf, tmp, o);
	buf[o] = '\0';
	return (int)o;
}

static bool date_ok(rl_date d)
{
	return d >= DATE_MIN && d <= DATE_MAX;
}

static int64_t abs64(int64_t v)
{
	return v < 0 ? -v : v;
}

int rl_rate_table_check(const struct rl_rate_table *t, struct rl_err *err)
{
	if (!t || (unsigned)t->source >= RL_RATE_SOURCE_COUNT)
		return rl_err_set(err, RL_EINVAL, "rate table has no valid source");
	if (t->n == 0 || !t->points)
		return rl_err_set(err, RL_EINVAL, "%s rate table is empty",
				  rl_rate_source_label(t->source));
	for (size_t i = 0; i < t->n; i++) {
		char d[RL_DATE_ISO_LEN + 1];

		rl_date_format_iso(t->points[i].from, d);
		if (!date_ok(t->points[i].from))
			return rl_err_set(err, RL_EINVAL,
					  "%s rate table: point %zu has no valid date",
					  rl_rate_source_label(t->source), i + 1);
		if (i > 0 && t->points[i].from <= t->points[i - 1].from)
			return rl_err_set(err, RL_EINVAL,
					  "%s rate table: %s is not after the previous date",
					  rl_rate_source_label(t->source), d);
		if (abs64(t->points[i].rate) > RL_RATE_MAX)
			return rl_err_set(err, RL_EINVAL, "%s rate table: rate of %s out of range",
					  rl_rate_source_label(t->source), d);
	}
	if (!date_ok(t->known_through) || t->known_through < t->points[t->n - 1].from)
		return rl_err_set(err, RL_EINVAL,
				  "%s rate table: known_through is before its last rate",
				  rl_rate_source_label(t->source));
	return 0;
}

int rl_interest_rule_check(const struct rl_interest_rule *r, struct rl_err *err)
{
	if (!r)
		return rl_err_set(err, RL_EINVAL, "no rule");
	if ((unsigned)r->source >= RL_RATE_SOURCE_COUNT)
		return rl_err_set(err, RL_EINVAL, "rule '%s': rate_source is not valid", r->name);
	if ((unsigned)r->pick >= COUNT(pick_names))
		return rl_err_set(err, RL_EINVAL, "rule '%s': rate_pick is not valid", r->name);
	if ((unsigned)r->day_count >= COUNT(day_count_names))
		return rl_err_set(err, RL_EINVAL, "rule '%s': day_count is not valid", r->name);
	if ((unsigned)r->start >= COUNT(start_names))
		return rl_err_set(err, RL_EINVAL, "rule '%s': start is not valid", r->name);
	if ((unsigned)r->contract >= COUNT(contract_names))
		return rl_err_set(err, RL_EINVAL, "rule '%s': contract is not valid", r->name);
	if (abs64(r->margin) > RL_RATE_MAX)
		return rl_err_set(err, RL_EINVAL, "rule '%s': margin is out of range", r->name);
	if (r->contract == RL_CONTRACT_FLOORED &&
	    ((unsigned)r->floor_source >= RL_RATE_SOURCE_COUNT || r->floor_factor < 1 ||
	     r->floor_factor > 100))
		return rl_err_set(err, RL_EINVAL,
				  "rule '%s': contract 'floored' needs floor_source and a "
				  "floor_factor from 1 to 100",
				  r->name);
	if (abs64(r->judgment_margin) > RL_RATE_MAX || r->judgment_months < 0 ||
	    r->judgment_months > 24)
		return rl_err_set(err, RL_EINVAL,
				  "rule '%s': judgment_margin or judgment_months out of range",
				  r->name);
	if (r->nbands > RL_INDEMNITY_BANDS_MAX)
		return rl_err_set(err, RL_EINVAL, "rule '%s': more than %d indemnity bands",
				  r->name, RL_INDEMNITY_BANDS_MAX);
	if (r->nbands > 0 && !r->indemnity_currency)
		return rl_err_set(err, RL_EINVAL, "rule '%s': indemnity has no currency", r->name);
	for (size_t i = 0; i < r->nbands; i++) {
		if (r->bands[i].amount < 0 || r->bands[i].from < 0)
			return rl_err_set(err, RL_EINVAL, "rule '%s': negative indemnity band",
					  r->name);
		if (i == 0 && r->bands[i].from != 0)
			return rl_err_set(err, RL_EINVAL,
					  "rule '%s': the first indemnity band must start at 0",
					  r->name);
		if (i > 0 && r->bands[i].from <= r->bands[i - 1].from)
			return rl_err_set(err, RL_EINVAL,
					  "rule '%s': indemnity bands must be in ascending order",
					  r->name);
	}
	return 0;
}

static const char *table_file(const struct rl_rate_table *t, enum rl_rate_source s)
{
	return t && t->origin[0] ? t->origin : rl_rate_source_file(s);
}

/* Index of the point in force on d (points[0].from <= d). */
static size_t point_at(const struct rl_rate_table *t, rl_date d)
{
	size_t lo = 0, hi = t->n;

	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (t->points[mid].from <= d)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

/* The rate of t on day d, and the last day *last that the same point stays
 * in force and known. */
static int rate_at(const struct rl_rate_table *t, enum rl_rate_source s, rl_date d, int64_t *rate,
		   rl_date *last, struct rl_err *err)
{
	char day[RL_DATE_ISO_LEN + 1], first[RL_DATE_ISO_LEN + 1];
	size_t k;

	if (!t || t->n == 0 || !t->points)
		return rl_err_set(err, RL_ENOTFOUND, "no %s rate table loaded: load %s",
				  rl_rate_source_label(s), rl_rate_source_file(s));
	if (d < t->points[0].from) {
		rl_date_format_iso(d, day);
		rl_date_format_iso(t->points[0].from, first);
		return rl_err_set(err, RL_ENOTFOUND, "no %s rate known for %s: %s starts on %s",
				  rl_rate_source_label(s), day, table_file(t, s), first);
	}
	if (d > t->known_through) {
		rl_date_format_iso(d, day);
		return rl_err_set(err, RL_ENOTFOUND,
				  "no %s rate known for %s: update %s (relance rates import)",
				  rl_rate_source_label(s), day, table_file(t, s));
	}
	k = point_at(t, d);
	*rate = t->points[k].rate;
	*last = k + 1 < t->n ? t->points[k + 1].from - 1 : t->known_through;
	if (*last > t->known_through)
		*last = t->known_through;
	return 0;
}

int rl_rate_lookup(const struct rl_rate_table *t, rl_date d, int64_t *out, struct rl_err *err)
{
	rl_date last;

	return rate_at(t, t ? t->source : RL_RATE_ECB, d, out, &last, err);
}

/* First day of d's half-year and first day of the next one. */
static void half_year(rl_date d, rl_date *start, rl_date *next)
{
	int y, m, day;

	rl_date_to_ymd(d, &y, &m, &day);
	if (m <= 6) {
		rl_date_from_ymd(y, 1, 1, start);
		rl_date_from_ymd(y, 7, 1, next);
	} else {
		rl_date_from_ymd(y, 7, 1, start);
		*next = *start + 184; /* July to December */
	}
}

static rl_date min_date(rl_date a, rl_date b)
{
	return a < b ? a : b;
}

/* Half away from zero for num >= 0: the sum is never negative. */
static u128 round_div(u128 num, u128 den)
{
	return (num + den / 2) / den;
}

static int check_input(const struct rl_interest_input *in, struct rl_err *err)
{
	if (!in)
		return rl_err_set(err, RL_EINVAL, "no invoice to compute");
	if (!date_ok(in->due_date) || !date_ok(in->asof) ||
	    (in->has_notice && !date_ok(in->notice_date)) ||
	    (in->has_judgment && !date_ok(in->judgment_date)))
		return rl_err_set(err, RL_EINVAL, "a date is outside years 1 to 9999");
	if (in->nchanges > 0 && !in->changes)
		return rl_err_set(err, RL_EINVAL, "balance changes missing");
	for (size_t i = 0; i < in->nchanges; i++) {
		if (!date_ok(in->changes[i].date))
			return rl_err_set(err, RL_EINVAL, "a date is outside years 1 to 9999");
		if (i > 0 && in->changes[i].date < in->changes[i - 1].date) {
			char a[RL_DATE_ISO_LEN + 1], b[RL_DATE_ISO_LEN + 1];

			rl_date_format_iso(in->changes[i].date, a);
			rl_date_format_iso(in->changes[i - 1].date, b);
			return rl_err_set(err, RL_EINVAL,
					  "balance changes are not in date order (%s after %s)", a,
					  b);
		}
	}
	if (in->has_contract_rate && abs64(in->contract_rate) > RL_RATE_MAX)
		return rl_err_set(err, RL_EINVAL, "contractual rate is out of range");
	return 0;
}

/* Days late, the balance on the first day late, and the indemnity. */
static void lateness(const struct rl_interest_rule *rule, const struct rl_interest_input *in,
		     struct rl_interest_result *out)
{
	const struct rl_balance_change *c = in->changes;
	int64_t b = in->amount;
	rl_date cur = in->due_date, last_pos = in->due_date;
	size_t i = 0;

	while (i < in->nchanges && c[i].date <= in->due_date)
		b = c[i++].balance;
	out->debt_at_due = b > 0 && in->asof > in->due_date ? b : 0;
	for (; i < in->nchanges && c[i].date < in->asof; i++) {
		if (b > 0 && c[i].date > cur)
			last_pos = c[i].date;
		b = c[i].balance;
		cur = c[i].date;
	}
	if (b > 0 && in->asof > cur)
		last_pos = in->asof;
	out->days_late = last_pos - in->due_date;

	out->indemnity_currency = rule->nbands ? rule->indemnity_currency : NULL;
	if (out->debt_at_due > 0 && rule->nbands > 0) {
		size_t k = rule->nbands;

		while (k > 1 && rule->bands[k - 1].from > out->debt_at_due)
			k--;
		out->indemnity = rule->bands[k - 1].amount;
	}
}

int rl_interest_compute(const struct rl_interest_rule *rule, const struct rl_rate_set *rates,
			const struct rl_interest_input *in, struct rl_interest_segment *segs,
			size_t cap, struct rl_interest_result *out, struct rl_err *err)
{
	const struct rl_rate_table *main_t, *floor_t = NULL;
	const struct rl_balance_change *ch;
	bool use_floor, use_judgment;
	rl_date anchor, c, judgment_from = 0;
	u128 den, sum = 0, shown = 0;
	int64_t b;
	size_t i = 0, nseg = 0;
	int rc;

	if ((rc = rl_interest_rule_check(rule, err)) || (rc = check_input(in, err)))
		return rc;
	if (!out || (cap > 0 && !segs))
		return rl_err_set(err, RL_EINVAL, "no result to fill");
	memset(out, 0, sizeof(*out));
	main_t = rates ? rates->table[rule->source] : NULL;
	use_floor = rule->contract == RL_CONTRACT_FLOORED && in->has_contract_rate;
	if (use_floor)
		floor_t = rates ? rates->table[rule->floor_source] : NULL;
	use_judgment = rule->judgment_margin != 0 && in->has_judgment;
	if (use_judgment)
		judgment_from = rl_date_add_months(in->judgment_date, rule->judgment_months) + 1;
	if (in->has_contract_rate && rule->contract == RL_CONTRACT_IGNORED)
		out->flags |= RL_INTEREST_CONTRACT_IGNORED;
	den = (u128)365 * RATE_PER_UNIT;
	if (rule->day_count == RL_DAYCOUNT_ACT_ACT)
		den *= 366;

	lateness(rule, in, out);

	anchor = in->due_date;
	if (rule->start == RL_START_NOTICE) {
		if (!in->has_notice) {
			out->flags |= RL_INTEREST_NO_NOTICE;
			anchor = in->asof; /* nothing runs */
		} else if (in->notice_date > anchor) {
			anchor = in->notice_date;
		}
	}

	ch = in->changes;
	b = in->amount;
	for (c = anchor; c < in->asof;) {
		struct rl_interest_segment s = { 0 };
		rl_date d = c + 1, next = in->asof, last, ref_day = d;
		int64_t ref, statutory, rate;

		while (i < in->nchanges && ch[i].date <= c)
			b = ch[i++].balance;
		if (i < in->nchanges && ch[i].date < next)
			next = ch[i].date;
		if (b <= 0) {
			c = next;
			continue;
		}

		/* The reference rate, and how long it holds. */
		if (rule->pick != RL_PICK_ON_DAY) {
			rl_date hs, hn;

			half_year(d, &hs, &hn);
			ref_day = rule->pick == RL_PICK_HALF_YEAR_START ? hs : hs - 1;
			next = min_date(next, hn - 1);
		}
		if ((rc = rate_at(main_t, rule->source, ref_day, &ref, &last, err)))
			return rc;
		if (rule->pick == RL_PICK_ON_DAY)
			next = min_date(next, last);
		if (rule->day_count == RL_DAYCOUNT_ACT_ACT) {
			int y, m, dd;
			rl_date ny;

			rl_date_to_ymd(d, &y, &m, &dd);
			if (y < 9999 && rl_date_from_ymd(y + 1, 1, 1, &ny) == 0)
				next = min_date(next, ny - 1);
		}
		statutory = ref + rule->margin;
		if (use_judgment) {
			if (d >= judgment_from) {
				statutory += rule->judgment_margin;
				s.flags |= RL_SEG_JUDGMENT;
			} else {
				next = min_date(next, judgment_from - 1);
			}
		}
		rate = statutory;
		if (in->has_contract_rate && rule->contract == RL_CONTRACT_REPLACES) {
			rate = in->contract_rate;
			s.flags |= RL_SEG_CONTRACT;
		} else if (in->has_contract_rate && rule->contract == RL_CONTRACT_IF_HIGHER &&
			   in->contract_rate > statutory) {
			rate = in->contract_rate;
			s.flags |= RL_SEG_CONTRACT;
		} else if (use_floor) {
			int64_t legal;

			if ((rc = rate_at(floor_t, rule->floor_source, d, &legal, &last, err)))
				return rc;
			next = min_date(next, last);
			s.floor = legal * rule->floor_factor;
			s.flags |= RL_SEG_CONTRACT;
			rate = in->contract_rate;
			if (rate < s.floor) {
				rate = s.floor;
				s.flags |= RL_SEG_FLOORED;
				out->flags |= RL_INTEREST_FLOORED;
			}
		}
		if (rate < 0)
			rate = 0;
		if (rate > RL_RATE_MAX) {
			char day[RL_DATE_ISO_LEN + 1];

			rl_date_format_iso(d, day);
			return rl_err_set(err, RL_ERANGE, "the rate on %s is above 1000 %%", day);
		}

		s.from = d;
		s.to = next;
		s.days = next - c;
		s.balance = b;
		s.rate = rate;
		s.reference_rate = ref;
		s.reference_date = ref_day;
		if (rate > 0) {
			u128 w = 1;

			if (rule->day_count == RL_DAYCOUNT_ACT_ACT) {
				int y, m, dd;

				rl_date_to_ymd(d, &y, &m, &dd);
				w = rl_date_is_leap_year(y) ? 365 : 366;
			}
			sum += (u128)(uint64_t)b * (uint64_t)rate * (uint64_t)s.days * w;
		}
		if (nseg < cap) {
			u128 r = round_div(sum, den);

			if (r > (u128)INT64_MAX)
				goto overflow;
			s.amount = (int64_t)(r - shown);
			shown = r;
			segs[nseg] = s;
		}
		nseg++;
		c = next;
	}

	out->nsegments = nseg;
	if (nseg > cap)
		out->flags |= RL_INTEREST_TRUNCATED;
	sum = round_div(sum, den);
	if (sum > (u128)INT64_MAX)
		goto overflow;
	out->interest = (int64_t)sum;
	out->total = out->interest;
	if (out->indemnity > 0) {
		if (in->currency && in->currency == out->indemnity_currency) {
			if (rl_money_add(out->interest, out->indemnity, &out->total))
				goto overflow;
		} else {
			out->flags |= RL_INTEREST_INDEMNITY_APART;
		}
	}
	return 0;

overflow:
	return rl_err_set(err, RL_ERANGE, "interest does not fit in 64-bit minor units");
}
