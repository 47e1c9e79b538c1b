/* Private layout of a store: the table of operations each backend provides.
 * store.c dispatches the public rl_store_* calls through it, so a backend is
 * one file that fills this table (SQLite's btree.h / btreeInt.h split). */
#ifndef RELANCE_STORE_INT_H
#define RELANCE_STORE_INT_H

#include "relance/store/sql.h"
#include "relance/store/store.h"

struct rl_store_ops {
	const char *name;
	void (*close)(rl_store *s);
	int (*schema_version)(rl_store *s, int *current, struct rl_err *err);
	int (*begin)(rl_store *s, struct rl_err *err);
	int (*begin_bulk)(rl_store *s, enum rl_entity e, int64_t expected_rows, struct rl_err *err);
	int (*commit)(rl_store *s, struct rl_err *err);
	void (*rollback)(rl_store *s);
	int (*creditor_get)(rl_store *s, const char *code, struct rl_creditor *out,
			    struct rl_err *err);
	int (*creditor_add)(rl_store *s, const struct rl_creditor *c, int64_t *id,
			    struct rl_err *err);
	int (*customer_insert)(rl_store *s, int64_t creditor, const struct rl_customer *c,
			       int64_t *id, struct rl_err *err);
	/* optional: store.c loops over customer_insert when NULL */
	int (*customer_insert_many)(rl_store *s, int64_t creditor, const struct rl_customer *cs,
				    size_t n, int64_t *ids, struct rl_err *err);
	int (*customer_update)(rl_store *s, int64_t creditor, int64_t id,
			       const struct rl_customer *c, struct rl_err *err);
	int (*customer_get)(rl_store *s, int64_t creditor, const char *code,
			    struct rl_customer *out, struct rl_err *err);
	int (*customer_each)(rl_store *s, int64_t creditor, rl_customer_fn fn, void *ctx,
			     struct rl_err *err);
	int (*invoice_insert)(rl_store *s, int64_t creditor, const struct rl_invoice *inv,
			      int64_t *id, struct rl_err *err);
	/* optional: store.c loops over invoice_insert when NULL */
	int (*invoice_insert_many)(rl_store *s, int64_t creditor, const struct rl_invoice *invs,
				   size_t n, int64_t *ids, struct rl_err *err);
	int (*invoice_update)(rl_store *s, int64_t creditor, int64_t id,
			      const struct rl_invoice *inv, struct rl_err *err);
	int (*invoice_get)(rl_store *s, int64_t creditor, const char *number,
			   struct rl_invoice *out, struct rl_err *err);
	/* optional: store.c loops over invoice_get when NULL */
	int (*invoice_get_many)(rl_store *s, int64_t creditor, const char *const *numbers, size_t n,
				rl_invoice_found_fn fn, void *ctx, struct rl_err *err);
	int (*invoice_each)(rl_store *s, int64_t creditor, const struct rl_invoice_query *q,
			    rl_invoice_fn fn, void *ctx, struct rl_err *err);
	int (*payment_insert)(rl_store *s, int64_t creditor, const struct rl_payment *p,
			      int64_t *id, struct rl_err *err);
	int (*payment_update)(rl_store *s, int64_t creditor, int64_t id, const struct rl_payment *p,
			      struct rl_err *err);
	int (*payment_get)(rl_store *s, int64_t creditor, const char *code, struct rl_payment *out,
			   struct rl_err *err);
	int (*allocation_add)(rl_store *s, int64_t creditor, int64_t invoice_id, int64_t payment_id,
			      rl_date date, int64_t amount, struct rl_err *err);
	int (*allocation_clear_payment)(rl_store *s, int64_t creditor, int64_t payment_id,
					struct rl_err *err);
	int (*allocation_each)(rl_store *s, int64_t creditor, int64_t invoice_id,
			       rl_allocation_fn fn, void *ctx, struct rl_err *err);
	int (*payment_totals)(rl_store *s, int64_t creditor, rl_date asof, rl_payment_total_fn fn,
			      void *ctx, struct rl_err *err);
	int (*max_id)(rl_store *s, int64_t creditor, enum rl_entity e, int64_t *out,
		      struct rl_err *err);
	/* relance db: migrations on demand, and copying raw rows (ids kept) */
	int (*migrate)(rl_store *s, struct rl_err *err);
	int (*table_each)(rl_store *s, const char *table,
			  int (*fn)(void *ctx, const struct rl_table_row *r), void *ctx,
			  struct rl_err *err);
	/* begins the copy's transaction; rows then go in unchecked (references
	 * are checked before commit) */
	int (*copy_begin)(rl_store *s, bool replace, struct rl_err *err);
	int (*table_put)(rl_store *s, const char *table, const struct rl_table_row *r,
			 struct rl_err *err);
	int (*table_end)(rl_store *s, const char *table, struct rl_err *err); /* after its rows */
};

/* The portable SQL interface (relance/store/sql.h), per backend. */
struct rl_sql_ops {
	int (*exec)(rl_store *s, const char *sql, const struct rl_sql_value *params, int n,
		    int64_t *changes, struct rl_err *err);
	int (*query)(rl_store *s, const char *sql, const struct rl_sql_value *params, int n,
		     rl_sql_row_fn fn, void *ctx, struct rl_err *err);
	int (*scan)(rl_store *s, const char *sql, const struct rl_sql_value *params, int n,
		    rl_sql_row_fn fn, void *ctx, struct rl_err *err);
	/* optional: sql.c runs row_sql once per row when NULL */
	int (*batch)(rl_store *s, const struct rl_sql_batch *b, const struct rl_sql_value *values,
		     size_t nrows, rl_sql_row_fn fn, void *ctx, int64_t *changes,
		     struct rl_err *err);
	int64_t (*col_int)(const struct rl_sql_row *r, int col);
	const char *(*col_text)(const struct rl_sql_row *r, int col);
	bool (*col_null)(const struct rl_sql_row *r, int col);
};

/* A result row: the backend's statement or result and the row in it. */
struct rl_sql_row {
	const struct rl_sql_ops *ops;
	void *impl;
	int row;
};

/* Every backend's handle starts with this header. */
struct rl_store {
	const struct rl_store_ops *ops;
	const struct rl_sql_ops *sql;
	bool in_tx;
};

/* Backend constructors: open the database at location (URI prefix removed)
 * and apply migrations. */
int rl_sqlite_open(rl_store **out, const char *path, unsigned flags, struct rl_err *err);
int rl_postgres_open(rl_store **out, const char *uri, unsigned flags, struct rl_err *err);
int rl_postgres_ledger_exists(const char *uri, bool *exists, struct rl_err *err);
int rl_postgres_drop_ledger(const char *uri, struct rl_err *err);

#endif
