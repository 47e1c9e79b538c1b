/* Reference rates imported by users (relance rates import), in the
 * database: rate_period and rate_known (migration 0005). The tables shipped
 * with relance stay in the binary (formats/rates.h); engine/interest.h
 * merges the two, an imported row winning over a shipped one that starts
 * on the same day. Rates are public facts: these rows belong to no
 * creditor and every creditor of the database sees them.
 *
 * A table is named by (source, category) as stored: rl_rate_store_key()
 * maps core's sources onto them. Portable SQL for both backends; writes
 * happen in the caller's transaction and never fail on an existing key. */
#ifndef RELANCE_STORE_RATES_H
#define RELANCE_STORE_RATES_H

#include <stdbool.h>
#include <stdint.h>

#include "relance/core/date.h"
#include "relance/core/interest.h"
#include "relance/store/store.h"

/* The stored names of core's source s: *source "ecb", "fr-legal",
 * "de-base", "uk-boe"; *category "" or, for fr-legal, "other" / "private". */
void rl_rate_store_key(enum rl_rate_source s, const char **source, const char **category);

/* One imported rate change; strings borrowed for the callback. */
struct rl_rate_row {
	enum rl_rate_source source;
	rl_date from;
	int64_t rate;            /* rate units */
	const char *origin;      /* the file it was imported from (base name) */
	const char *imported_at; /* UTC time */
};
typedef int (*rl_rate_row_fn)(void *ctx, const struct rl_rate_row *r);
/* Calls fn for each imported row of source s, by date. */
int rl_rate_rows_each(rl_store *st, enum rl_rate_source s, rl_rate_row_fn fn, void *ctx,
		      struct rl_err *err);
/* *found: whether imports made s known through some day, and *known that day. */
int rl_rate_known_get(rl_store *st, enum rl_rate_source s, rl_date *known, bool *found,
		      struct rl_err *err);

enum rl_rate_put {
	RL_RATE_SAME,     /* the row was there with that rate: nothing written */
	RL_RATE_ADDED,    /* a new row */
	RL_RATE_REPLACED, /* the row was there with another rate (*old): replaced */
};
/* Stores one imported rate change (a row of s starting on `from`). */
int rl_rate_put(rl_store *st, enum rl_rate_source s, rl_date from, int64_t rate, const char *origin,
		const char *at, enum rl_rate_put *what, int64_t *old, struct rl_err *err);
/* Moves s's known_through to `known` when later than the one stored (or
 * none); *moved says whether it did. */
int rl_rate_known_put(rl_store *st, enum rl_rate_source s, rl_date known, const char *origin,
		      const char *at, bool *moved, struct rl_err *err);

#endif
