/* Portable SQL over the store's connection, for the store's own modules
 * (store/dunning.c, store/journal.c ...) that need no backend-specific code.
 * Statements are written once, PostgreSQL-style ($1, $2 ...), in the common
 * subset of SQLite and PostgreSQL; each backend prepares them once (keyed by
 * the statement's address: pass string literals) and binds the values.
 * Not for callers above the store: they use store.h. */
#ifndef RELANCE_STORE_SQL_H
#define RELANCE_STORE_SQL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "relance/core/status.h"
#include "relance/store/store.h"

enum rl_sql_type {
	RL_SQL_NULL, /* SQL NULL */
	RL_SQL_INT,  /* 64-bit integer */
	RL_SQL_TEXT, /* NUL-terminated UTF-8, borrowed for the call */
};

struct rl_sql_value {
	enum rl_sql_type type;
	int64_t i;
	const char *s;
};

static inline struct rl_sql_value rl_sql_int(int64_t i)
{
	return (struct rl_sql_value){ RL_SQL_INT, i, NULL };
}
static inline struct rl_sql_value rl_sql_text(const char *s)
{
	return (struct rl_sql_value){ s ? RL_SQL_TEXT : RL_SQL_NULL, 0, s };
}
static inline struct rl_sql_value rl_sql_null(void)
{
	return (struct rl_sql_value){ RL_SQL_NULL, 0, NULL };
}

/* One result row, valid during the callback it is handed to. */
struct rl_sql_row;
int64_t rl_sql_col_int(const struct rl_sql_row *r, int col);      /* NULL reads as 0 */
const char *rl_sql_col_text(const struct rl_sql_row *r, int col); /* NULL reads as "" */
bool rl_sql_col_null(const struct rl_sql_row *r, int col);

typedef int (*rl_sql_row_fn)(void *ctx, const struct rl_sql_row *row);

/* Runs a statement that returns no rows; *changes (may be NULL) gets the
 * number of rows it changed. Constraint failures: RL_ECONFLICT (unique),
 * RL_ENOTFOUND (foreign key, not null); anything else RL_EIO. On
 * PostgreSQL a failed statement aborts the transaction: write statements
 * that can meet an existing key with ON CONFLICT DO NOTHING instead. */
int rl_sql_exec(rl_store *s, const char *sql, const struct rl_sql_value *params, int nparams,
		int64_t *changes, struct rl_err *err);

/* Runs a query (or INSERT ... RETURNING) and calls fn for each row; fn
 * returning non-zero stops and that value is returned. fn may use the store. */
int rl_sql_query(rl_store *s, const char *sql, const struct rl_sql_value *params, int nparams,
		 rl_sql_row_fn fn, void *ctx, struct rl_err *err);

/* Same, for results too large to hold in memory at once: PostgreSQL reads
 * them through a cursor, some thousands of rows at a time. */
int rl_sql_scan(rl_store *s, const char *sql, const struct rl_sql_value *params, int nparams,
		rl_sql_row_fn fn, void *ctx, struct rl_err *err);

/* A statement applied to many rows at once, written twice: row_sql for one
 * row ($1..$ncols), and move_sql, the same effect on every row of the
 * temporary table `stage` (its name and column definitions, e.g.
 * "rl_stage_x (seq bigint, a bigint, b text)"; seq numbers the rows from 0
 * in the order given, the other columns are $1..$ncols). SQLite runs row_sql
 * once per row (prepared once, no round trip); PostgreSQL copies the rows
 * into the stage with COPY and runs move_sql once (one round trip instead
 * of one per row). Both statements must not fail on data (ON CONFLICT ...):
 * the caller checks *changes. With fn, statements return rows (RETURNING)
 * and *changes counts them. table names the table the statements write:
 * PostgreSQL analyzes it (when the role owns it) before commit when the
 * transaction wrote many rows to it by batches, lest the next plans take it for as small as its
 * statistics say until autovacuum passes (a nested loop over a table of
 * "ten pages" that holds a million rows). refs_sql (may be NULL) counts the
 * staged rows whose references do not exist: when the PostgreSQL role may
 * set session_replication_role, the move runs without the foreign-key
 * triggers (half the time of a dunning run's writes) and this one query
 * checks what they would have, as the bulk loads do; the referenced rows
 * are then not locked against deletion by writers outside relance (relance
 * deletes none of them). */
struct rl_sql_batch {
	const char *row_sql;
	const char *stage;
	const char *move_sql;
	int ncols;
	const char *table;
	const char *refs_sql;
};

/* Applies b to nrows rows, values[r * b->ncols + c] the value of column c
 * of row r; fn (may be NULL) is called for each row the statements return
 * (RETURNING), *changes (may be NULL) gets the total rows changed. */
int rl_sql_batch(rl_store *s, const struct rl_sql_batch *b, const struct rl_sql_value *values,
		 size_t nrows, rl_sql_row_fn fn, void *ctx, int64_t *changes, struct rl_err *err);

/* Convenience: the first column of the first row as an integer (*found false
 * when there is no row). */
int rl_sql_query_int(rl_store *s, const char *sql, const struct rl_sql_value *params, int nparams,
		     int64_t *out, bool *found, struct rl_err *err);

#endif
