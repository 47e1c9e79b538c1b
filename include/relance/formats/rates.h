/* Loading the data of late-payment interest: reference-rate tables
 * (data/rates/NAME.csv) and jurisdiction rules (data/rules/NAME.ini) into the core
 * types of relance/core/interest.h. I/O lives here; the computation is in core.
 *
 * Rate tables are CSV files (',' separator, UTF-8, a header line). Lines whose
 * first field starts with '#' are comments, anywhere in the file. Columns are
 * found by name in the header; other columns are ignored. Every row needs a
 * non-empty `source`. Per table:
 *
 *   ecb               ecb_mro.csv            effective_date, rate_percent
 *   uk-boe            uk_boe_base_rate.csv   effective_date, bank_rate_percent
 *   de-base           de_basiszinssatz.csv   period_start, period_end, rate_percent
 *   fr-legal-other    fr_taux_legal.csv      period_start, period_end,
 *                                            rate_other_cases_percent
 *   fr-legal-private  fr_taux_legal.csv      period_start, period_end,
 *                                            rate_creditor_consumer_percent
 *
 * A table of changes (effective_date) holds each rate from its date to the next
 * one. Its last rate is known only through the day named by a comment line
 *     # known_through: 2026-10-28 <free text>
 * and, without that line, only on its own effective date: past that, a
 * computation fails naming the file, never extends a stale rate silently. A
 * table of periods must have contiguous periods (no gap, no overlap); it is
 * known through its last period_end.
 *
 * Rule files are lines of `key = value` ('#' or ';' starts a comment line;
 * blank lines ignored; each key at most once). Keys:
 *
 *   name                 the rule's name; must match the file name (fr-b2b.ini)
 *   title                one line for humans
 *   checked              YYYY-MM: when the facts were last checked
 *   rate_source          ecb | fr-legal-other | fr-legal-private | de-base | uk-boe
 *   rate_pick            on-day | half-year-start | half-year-eve
 *   margin               percentage points added to the reference rate ("10")
 *   day_count            act/365 | act/act
 *   start                due | notice
 *   contract             ignored | replaces | if-higher | floored
 *   floor_source         (contract = floored only) a rate source, read on-day
 *   floor_factor         (contract = floored only) integer 1..100
 *   judgment_margin      optional: points added after an enforceable judgment
 *   judgment_months      with judgment_margin: months before they apply
 *   indemnity            none | an amount ("40.00") | bands "0:40.00, 1000.00:70.00"
 *                        (from-debt:amount, ascending, the first from 0)
 *   indemnity_currency   ISO 4217 code, required unless indemnity = none
 *
 * Every key except name, title and checked is a fact and needs its citation as
 * `<key>.source = <law article, page or file, as precise as known>`: a fact
 * without a source is an error, so is a source for a key that is not set. */
#ifndef RELANCE_FORMATS_RATES_H
#define RELANCE_FORMATS_RATES_H

#include <stddef.h>

#include "relance/core/interest.h"
#include "relance/core/status.h"

/* Largest rate or rule file read (bytes). NEEDSWORK: belongs in core/limits.h. */
#define RL_RATES_FILE_MAX (4 * 1024 * 1024)
/* Largest number of rows in one rate table. */
#define RL_RATES_ROWS_MAX 100000

/* Reads the table `which` from the file at path into *out (caller's struct).
 * On success out->points is heap memory owned by the caller, freed by
 * rl_rates_release(); out->origin is path (truncated to fit). On failure *out
 * is left empty (nothing to release) and err names file, line and field:
 *   RL_EIO       the file cannot be read;
 *   RL_EINVAL    a malformed row, a missing column, dates out of order, a gap
 *                between periods, a row without source, no rows;
 *   RL_ENOMEM    out of memory or over RL_RATES_FILE_MAX / RL_RATES_ROWS_MAX. */
int rl_rates_load_file(const char *path, enum rl_rate_source which, struct rl_rate_table *out,
		       struct rl_err *err);
/* Same over data[0..len) (borrowed); name is used in messages and as origin. */
int rl_rates_load_mem(const void *data, size_t len, const char *name, enum rl_rate_source which,
		      struct rl_rate_table *out, struct rl_err *err);
/* Which tables a rate file holds, told by its header's columns (the shipped
 * files' formats): rate_other_cases_percent: the two French legal rates
 * (which[0] RL_RATE_FR_LEGAL_OTHER, which[1] RL_RATE_FR_LEGAL_PRIVATE);
 * bank_rate_percent: RL_RATE_UK_BOE; effective_date: RL_RATE_ECB;
 * period_start: RL_RATE_DE_BASE. *n gets 1 or 2. RL_EINVAL with name:line
 * when there is no header or it matches no table. */
int rl_rates_detect(const void *data, size_t len, const char *name, enum rl_rate_source which[2],
		    size_t *n, struct rl_err *err);
/* Reads the file at path whole, tells its tables by rl_rates_detect() and
 * loads each into out[0..*n) (release each on success; nothing to release
 * on failure). Errors as rl_rates_load_file(). */
int rl_rates_load_any_file(const char *path, struct rl_rate_table out[2], size_t *n,
			   struct rl_err *err);
/* Frees what t holds and leaves it empty. NULL or an empty table is a no-op. */
void rl_rates_release(struct rl_rate_table *t);

/* Reads a rule file into *out (a plain value: nothing to release). The rule
 * passes rl_interest_rule_check(). RL_EIO if unreadable; RL_EINVAL with
 * file:line and the key in err->field for an unknown, repeated, missing or
 * malformed key, or a fact without its source. */
int rl_rule_load_file(const char *path, struct rl_interest_rule *out, struct rl_err *err);
/* Same over data[0..len); name is used in messages. When expect_name is not
 * NULL the rule's name must equal it (the file name without ".ini"). */
int rl_rule_load_mem(const void *data, size_t len, const char *name, const char *expect_name,
		     struct rl_interest_rule *out, struct rl_err *err);

/* The rule files and rate tables shipped with relance (data/rules, data/rates),
 * embedded at build time; each array ends with { NULL, NULL }. */
struct rl_embedded_file {
	const char *file; /* "fr-b2b.ini", "ecb_mro.csv" */
	const char *text;
};
extern const struct rl_embedded_file rl_shipped_rules[];
extern const struct rl_embedded_file rl_shipped_rates[];

#endif
