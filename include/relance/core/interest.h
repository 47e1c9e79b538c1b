/* Late-payment interest and fixed recovery indemnity (DESIGN.md §5, issue #4).
 *
 * Pure: no I/O, no clock, no allocation. Rate tables and rules are data: they
 * are loaded from data/rates/NAME.csv and data/rules/NAME.ini by
 * relance/formats/rates.h and handed to rl_interest_compute() by the caller.
 * The legal facts behind every rule are in ../shared/reference/
 * late-payment-rules.md and cited, fact by fact, in the rule files.
 *
 * Units
 *   Rates are int64 counts of millionths of a percentage point ("micro-percent"):
 *   RL_RATE_ONE_PERCENT = 1 000 000, so 13.15 % is 13 150 000 and 3 x 0.77 % =
 *   2.31 % is exact. Amounts are int64 minor units (core/money.h). No floating
 *   point anywhere.
 *
 * Days (chosen and fixed here; justification in src/core/interest.c)
 *   Interest runs over the days d with anchor < d <= end, where the anchor is
 *   the due date (or the formal notice, for rules that start there) and end is
 *   the as-of date. So an invoice paid on day P carries P - anchor days: "days
 *   late = payment date - due date" (DESIGN.md §5). Paid on its due date: 0.
 *   A balance change dated D (payment, allocated credit note) takes effect at
 *   the END of day D: day D still carries the old balance, day D + 1 the new
 *   one. Then a payment of everything on D gives exactly D - due days, and
 *   instalments give sum(balance_i x (D_i - D_(i-1))).
 *
 * Exactness
 *   interest = round( sum over segments balance x rate x days x w / DEN )
 *   with DEN = 365 x 10^8 for actual/365 (w = 1), or 365 x 366 x 10^8 for
 *   actual/actual (w = 366 in a 365-day year, 365 in a leap year). The sum is
 *   kept exactly in 128 bits and rounded once per invoice, half away from zero,
 *   to the minor unit of the invoice's currency. Segment amounts shown are the
 *   differences of the rounded running totals: they add up to the invoice's
 *   interest exactly, each within one minor unit of its own exact value. */
#ifndef RELANCE_CORE_INTEREST_H
#define RELANCE_CORE_INTEREST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "relance/core/date.h"
#include "relance/core/money.h"
#include "relance/core/status.h"

#define RL_RATE_ONE_PERCENT INT64_C(1000000) /* 1 % in rate units */
#define RL_RATE_DECIMALS 6                   /* digits after the point of a percentage */
/* Largest magnitude of any rate: a table's, a margin, a contractual rate, and
 * the annual rate finally applied (1000 % a year). Bounds the exact sum: see
 * interest.c. */
#define RL_RATE_MAX (1000 * RL_RATE_ONE_PERCENT)
#define RL_RATE_FMT_MAX 24 /* bytes rl_rate_format always has room in */

/* Where a reference rate comes from. Each is one table (one file; the French
 * legal rate file holds two tables, one per column). */
enum rl_rate_source {
	RL_RATE_ECB,              /* ECB main refinancing operations rate (ecb_mro.csv) */
	RL_RATE_FR_LEGAL_OTHER,   /* French legal interest rate, "tous les autres cas":
	                             the creditor is not a private person (a business);
	                             column rate_other_cases_percent of fr_taux_legal.csv */
	RL_RATE_FR_LEGAL_PRIVATE, /* French legal interest rate for a creditor who is a
	                             natural person not acting for professional purposes;
	                             column rate_creditor_consumer_percent */
	RL_RATE_DE_BASE,          /* German Basiszinssatz, BGB § 247 (de_basiszinssatz.csv) */
	RL_RATE_UK_BOE,           /* Bank of England Bank Rate (uk_boe_base_rate.csv) */
	RL_RATE_SOURCE_COUNT      /* not a source: the number of them */
};

/* Which day's table rate applies to a day d. */
enum rl_rate_pick {
	RL_PICK_ON_DAY,          /* the rate in force on d itself */
	RL_PICK_HALF_YEAR_START, /* in force on 1 January for January-June, on 1 July for
	                            July-December (C. com. L441-10 II; Dir. 2011/7 art. 4(2)) */
	RL_PICK_HALF_YEAR_EVE,   /* in force on 31 December before January-June, on 30 June
	                            for July-December (UK Late Payment Act reference dates) */
};

enum rl_day_count {
	RL_DAYCOUNT_ACT_365, /* actual days / 365, leap years included (DESIGN.md §5) */
	RL_DAYCOUNT_ACT_ACT, /* actual days / days of the calendar year (365 or 366) */
};

/* The anchor day after which interest runs. */
enum rl_interest_start {
	RL_START_DUE,    /* the due date: interest from the day after it, no reminder needed */
	RL_START_NOTICE, /* the formal notice (mise en demeure, Mahnung), never before the
	                    due date; no notice recorded means no interest yet */
};

/* What a contractual rate recorded on the invoice does. */
enum rl_contract_policy {
	RL_CONTRACT_IGNORED,   /* the rule's statutory rate applies; a contractual rate is
	                          not used (RL_INTEREST_CONTRACT_IGNORED is reported) */
	RL_CONTRACT_REPLACES,  /* the contractual rate applies instead of the statutory one */
	RL_CONTRACT_IF_HIGHER, /* the contractual rate applies when above the statutory one */
	RL_CONTRACT_FLOORED,   /* the contractual rate replaces the statutory one, raised on
	                          each day to floor_factor x the floor table's rate if below */
};

/* Fixed recovery indemnity: the highest band whose `from` is <= the debt. */
struct rl_indemnity_band {
	int64_t from;   /* debt at or above which the band applies (minor units) */
	int64_t amount; /* the fixed sum (minor units of indemnity_currency) */
};

#define RL_INDEMNITY_BANDS_MAX 8
#define RL_RULE_NAME_MAX 32
#define RL_RULE_TITLE_MAX 160

/* One jurisdiction's rule, as read from data/rules/<name>.ini. A plain value:
 * copy it freely. rl_interest_rule_check() says whether it is consistent. */
struct rl_interest_rule {
	char name[RL_RULE_NAME_MAX];   /* "fr-b2b" */
	char title[RL_RULE_TITLE_MAX]; /* "France, business to business" */
	char checked[8];               /* "2026-11": when its facts were last checked */
	enum rl_rate_source source;    /* the reference rate */
	enum rl_rate_pick pick;        /* which day's reference rate */
	int64_t margin;                /* points added to the reference rate (rate units) */
	enum rl_day_count day_count;
	enum rl_interest_start start;
	enum rl_contract_policy contract;
	enum rl_rate_source floor_source; /* RL_CONTRACT_FLOORED: the floor's table (on-day) */
	int64_t floor_factor;             /* RL_CONTRACT_FLOORED: 1..100, "3 x the legal rate" */
	int64_t judgment_margin;          /* points added to the statutory rate (reference +
	                                     margin) once judgment_months have expired after a
	                                     recorded judgment (CMF L313-3: 5); 0 = none */
	int judgment_months;              /* the delay of judgment_margin, in months (0..24) */
	const struct rl_currency *indemnity_currency;           /* NULL when nbands == 0 */
	size_t nbands;                                          /* 0: no fixed indemnity */
	struct rl_indemnity_band bands[RL_INDEMNITY_BANDS_MAX]; /* from ascending, first 0 */
};

/* One change of a reference rate: `rate` is in force from `from` (inclusive)
 * until the next point's `from`, or through known_through for the last one. */
struct rl_rate_point {
	rl_date from;
	int64_t rate; /* rate units; |rate| <= RL_RATE_MAX */
};

#define RL_RATE_ORIGIN_MAX 256

/* A reference-rate table. Invariants (rl_rate_table_check): n >= 1, `from`
 * strictly increasing, known_through >= points[n-1].from. A day before
 * points[0].from or after known_through has no known rate: looking it up is
 * RL_ENOTFOUND, never zero. */
struct rl_rate_table {
	enum rl_rate_source source;
	struct rl_rate_point *points; /* owned by whoever filled the table; core only reads */
	size_t n;
	rl_date known_through;           /* last day whose rate is known */
	char origin[RL_RATE_ORIGIN_MAX]; /* the file to update, named in messages;
	                                     "" = rl_rate_source_file(source) */
};

/* The tables a computation may look in, indexed by source; NULL = not loaded
 * (an error only if the rule needs it). All borrowed. */
struct rl_rate_set {
	const struct rl_rate_table *table[RL_RATE_SOURCE_COUNT];
};

/* A balance change: after every movement dated `date` (payments, credit notes,
 * reversals allocated to the invoice), the invoice's balance is `balance`. */
struct rl_balance_change {
	rl_date date;
	int64_t balance; /* minor units; <= 0 means nothing owed */
};

/* One invoice's figures, all borrowed. */
struct rl_interest_input {
	const struct rl_currency *currency; /* the invoice's; may be NULL (then the
	                                       indemnity is never added into total) */
	rl_date due_date;
	int64_t amount;                          /* balance owed at the start (total) */
	const struct rl_balance_change *changes; /* date order (ties allowed: the last
	                                            one of a day wins); may be NULL if 0 */
	size_t nchanges;
	rl_date asof; /* interest is computed through this day inclusive; later changes
	                 are ignored */
	bool has_contract_rate;
	int64_t contract_rate; /* annual contractual rate (rate units) when has_contract_rate */
	bool has_notice;
	rl_date notice_date; /* formal notice served (RL_START_NOTICE rules) */
	bool has_judgment;
	rl_date judgment_date; /* the day the money judgment became enforceable (or was
	                          served: the caller records the day the law counts from) */
};

/* Per-segment flags. */
enum {
	RL_SEG_CONTRACT = 1 << 0, /* the contractual rate applied */
	RL_SEG_FLOORED = 1 << 1,  /* the contractual rate was below the floor: floor applied */
	RL_SEG_JUDGMENT = 1 << 2, /* judgment_margin included */
};

/* A run of days with one balance and one rate. */
struct rl_interest_segment {
	rl_date from;           /* first day (inclusive) */
	rl_date to;             /* last day (inclusive) */
	int32_t days;           /* to - from + 1 */
	int64_t balance;        /* owed on each of those days, minor units (> 0) */
	int64_t rate;           /* annual rate applied (rate units, >= 0) */
	int64_t reference_rate; /* the reference table's rate behind it (rate units) */
	rl_date reference_date; /* the day that reference rate was taken on */
	int64_t floor;          /* RL_CONTRACT_FLOORED with a contractual rate: floor_factor x
	                           the floor table's rate on these days; else 0 */
	unsigned flags;         /* RL_SEG_* */
	int64_t amount;         /* this segment's share of `interest` (see header comment) */
};

/* Result flags. */
enum {
	RL_INTEREST_NO_NOTICE = 1 << 0,        /* the rule starts at a formal notice and
	                                          none is recorded: no interest yet */
	RL_INTEREST_CONTRACT_IGNORED = 1 << 1, /* a contractual rate was given and the
	                                          rule does not use it */
	RL_INTEREST_FLOORED = 1 << 2,          /* some segment had its contractual rate
	                                          raised to the floor */
	RL_INTEREST_TRUNCATED = 1 << 3,        /* more segments than the caller's array */
	RL_INTEREST_INDEMNITY_APART = 1 << 4,  /* the indemnity's currency is not the
	                                          invoice's: it is not in total */
};

struct rl_interest_result {
	int32_t days_late; /* last day with a positive balance - due date, 0 if none
	                          (up to asof) */
	size_t nsegments;  /* segments of the computation (may exceed the array) */
	int64_t interest;  /* minor units of the invoice's currency, rounded once */
	int64_t indemnity; /* minor units of indemnity_currency; 0 if not due */
	const struct rl_currency *indemnity_currency; /* the rule's, or NULL */
	int64_t debt_at_due; /* balance on the first day late: the indemnity's base */
	int64_t total;       /* interest + indemnity (indemnity only when same currency) */
	unsigned flags;      /* RL_INTEREST_* */
};

/* Computes interest and the fixed indemnity for one invoice under rule.
 *
 * segs[0..cap) receives the segments (caller's array; segs may be NULL when
 * cap is 0): out->nsegments says how many there are, RL_INTEREST_TRUNCATED if
 * more than cap. The indemnity is due when the balance is still > 0 on the
 * day after the due date and asof is past the due date (per invoice, once;
 * UK: by band of that balance).
 *
 * Returns 0 and fills *out; on failure *out is unspecified and err says why:
 *   RL_ENOTFOUND  a rate is not known for a day the computation needs:
 *                 "no ECB rate known for 2027-01-01: update
 *                  data/rates/ecb_mro.csv (relance rates import)", or a table
 *                  the rule needs is not loaded;
 *   RL_EINVAL     inconsistent rule or input (changes out of date order, a
 *                 contractual rate beyond RL_RATE_MAX);
 *   RL_ERANGE     the interest does not fit in int64 minor units, or the rate
 *                 applied on some day is beyond RL_RATE_MAX. */
int rl_interest_compute(const struct rl_interest_rule *rule, const struct rl_rate_set *rates,
			const struct rl_interest_input *in, struct rl_interest_segment *segs,
			size_t cap, struct rl_interest_result *out, struct rl_err *err);

/* The rate of table t in force on day d: 0 and *out, or RL_ENOTFOUND with the
 * message naming the table and the file to update. */
int rl_rate_lookup(const struct rl_rate_table *t, rl_date d, int64_t *out, struct rl_err *err);

/* 0 if t keeps the invariants above, else RL_EINVAL with a message. */
int rl_rate_table_check(const struct rl_rate_table *t, struct rl_err *err);
/* 0 if rule is consistent (enums in range, rates within RL_RATE_MAX, floor
 * settings present when RL_CONTRACT_FLOORED, bands ascending from 0 with a
 * currency), else RL_EINVAL naming the field. */
int rl_interest_rule_check(const struct rl_interest_rule *rule, struct rl_err *err);

/* Parses a percentage "13.15", "-0.88", "+5", "3.000001" (at most
 * RL_RATE_DECIMALS decimals, '.' as decimal point, no '%', blanks around
 * allowed) into rate units. RL_EINVAL with a message otherwise; RL_ERANGE
 * beyond RL_RATE_MAX. */
int rl_rate_parse(const char *s, size_t len, int64_t *out, struct rl_err *err);
/* Writes a rate as a percentage with at least two decimals ("13.15",
 * "-0.88", "2.315"), NUL-terminated. Returns the length, or -1 if cap is too
 * small (RL_RATE_FMT_MAX always suffices). */
int rl_rate_format(char *buf, size_t cap, int64_t rate);

/* Names used in rule files and messages. *_str never return NULL ("?" for a
 * value out of range); *_parse return 0 or RL_EINVAL (out untouched). */
const char *rl_rate_source_str(enum rl_rate_source s);   /* "ecb", "fr-legal-other", ... */
const char *rl_rate_source_label(enum rl_rate_source s); /* "ECB", "Bank of England base" */
const char *rl_rate_source_file(enum rl_rate_source s);  /* "data/rates/ecb_mro.csv" */
int rl_rate_source_parse(const char *s, enum rl_rate_source *out);
const char *rl_rate_pick_str(enum rl_rate_pick p); /* "on-day", "half-year-start", ... */
int rl_rate_pick_parse(const char *s, enum rl_rate_pick *out);
const char *rl_day_count_str(enum rl_day_count d); /* "act/365", "act/act" */
int rl_day_count_parse(const char *s, enum rl_day_count *out);
const char *rl_interest_start_str(enum rl_interest_start s); /* "due", "notice" */
int rl_interest_start_parse(const char *s, enum rl_interest_start *out);
/* "ignored", "replaces", "if-higher", "floored" */
const char *rl_contract_policy_str(enum rl_contract_policy p);
int rl_contract_policy_parse(const char *s, enum rl_contract_policy *out);

#endif
