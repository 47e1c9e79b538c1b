/* The store: one interface over the databases that hold ledgers (DESIGN.md §2, §6).
 *
 * A store is opened from a URI: a plain path or "sqlite:PATH" selects the
 * embedded SQLite backend; "postgresql://..." (or "postgres://") the server
 * backend. Callers never see which one they use. The store persists and
 * queries; it holds no business rules: invoice states, allocation amounts and
 * import decisions are made by core and the services, which call it.
 *
 * Every row belongs to a creditor (the tenant); every query takes the
 * creditor's id and never crosses it. Migrations are applied on open.
 *
 * Strings in rows handed out by the store (lookups and iteration callbacks)
 * are borrowed: valid until the next call on the same store, unless said
 * otherwise. Writes happen inside rl_store_begin() .. rl_store_commit(); a
 * store closed or a process killed before commit leaves nothing behind. */
#ifndef RELANCE_STORE_STORE_H
#define RELANCE_STORE_STORE_H

#include <stdint.h>

#include "relance/core/date.h"
#include "relance/core/ledger.h"
#include "relance/core/status.h"

typedef struct rl_store rl_store;

enum rl_store_flags {
	RL_STORE_CREATE = 1 << 0,     /* create the database if it does not exist */
	RL_STORE_READONLY = 1 << 1,   /* no writes; migrations are not applied (error if due) */
	RL_STORE_NO_MIGRATE = 1 << 2, /* open at the version found, even if behind (relance
				       * db): only rl_store_schema_version, rl_store_migrate,
				       * rl_store_creditor_each and rl_store_count then */
};

/* Opens (and with RL_STORE_CREATE creates) the database at uri, applying any
 * pending migration. RL_ENOTFOUND if it does not exist and CREATE is not set. */
int rl_store_open(rl_store **out, const char *uri, unsigned flags, struct rl_err *err);
void rl_store_close(rl_store *s); /* NULL is a no-op; rolls back an open transaction */

/* True if uri names a PostgreSQL database ("postgresql://...", "postgres://...",
 * or "postgresql:" alone for libpq's defaults); anything else is a SQLite file. */
bool rl_store_uri_is_postgres(const char *uri);

/* Sets *exists to whether uri holds a relance ledger (a SQLite file that
 * exists; a PostgreSQL database with relance's tables). */
int rl_store_ledger_exists(const char *uri, bool *exists, struct rl_err *err);
/* Deletes the ledger at uri: the SQLite file (and its -wal, -shm), or
 * relance's tables in a PostgreSQL database (nothing else in it). */
int rl_store_drop_ledger(const char *uri, struct rl_err *err);

/* "sqlite" or "postgresql". */
const char *rl_store_backend(const rl_store *s);
/* Schema version in force, and the newest this build knows. */
int rl_store_schema_version(rl_store *s, int *current, int *latest, struct rl_err *err);
/* Applies the migrations due (a store opened with RL_STORE_NO_MIGRATE), in
 * one transaction; *from gets the version found. RL_ENOTFOUND if the
 * database holds no ledger. */
int rl_store_migrate(rl_store *s, int *from, struct rl_err *err);

enum rl_entity {
	RL_ENTITY_CUSTOMER, /* customers */
	RL_ENTITY_INVOICE,  /* invoices and credit notes */
	RL_ENTITY_PAYMENT,  /* payments */
};

/* One write transaction at a time per store. begin takes the database's write
 * lock at once (SQLite BEGIN IMMEDIATE), waiting up to a few seconds for it. */
int rl_store_begin(rl_store *s, struct rl_err *err);
int rl_store_commit(rl_store *s, struct rl_err *err);
void rl_store_rollback(rl_store *s);

/* Like rl_store_begin, for loading many rows of one entity at once (about
 * expected_rows). The backend may then defer work it can do faster in one go
 * at commit — SQLite rebuilds the entity's secondary indexes instead of
 * updating them row by row when the load is large beside the table — and
 * skips foreign-key checks: the caller guarantees that every id it passes
 * was read from the store in this transaction.
 * Bulk transactions of one creditor run one after the other: SQLite's write
 * lock serialises every writer; on PostgreSQL the first call naming a
 * creditor waits until no other bulk transaction holds that creditor, so
 * that rows of the creditor with ids above rl_store_max_id() are this
 * transaction's own. */
int rl_store_begin_bulk(rl_store *s, enum rl_entity e, int64_t expected_rows, struct rl_err *err);

/* --- creditors ----------------------------------------------------------- */

/* Finds the creditor by code; RL_ENOTFOUND if none. Strings borrowed. */
int rl_store_creditor_get(rl_store *s, const char *code, struct rl_creditor *out,
			  struct rl_err *err);
/* Inserts a creditor (inside a transaction); RL_ECONFLICT if the code exists. */
int rl_store_creditor_add(rl_store *s, const struct rl_creditor *c, int64_t *id,
			  struct rl_err *err);

typedef int (*rl_creditor_fn)(void *ctx, const struct rl_creditor *c);
/* Calls fn for each creditor of the database, in code order (strings
 * borrowed for the call); fn returning non-zero stops and that is returned. */
int rl_store_creditor_each(rl_store *s, rl_creditor_fn fn, void *ctx, struct rl_err *err);

/* Sets *out to how many rows of e the creditor has. */
int rl_store_count(rl_store *s, int64_t creditor, enum rl_entity e, int64_t *out,
		   struct rl_err *err);

/* --- customers ----------------------------------------------------------- */

/* Inserts c; RL_ECONFLICT (nothing written) if its code exists. */
int rl_store_customer_insert(rl_store *s, int64_t creditor, const struct rl_customer *c,
			     int64_t *id, struct rl_err *err);
/* Inserts n customers as rl_store_customer_insert would, in one go (one round
 * trip on a server). ids[i] is the new id, or 0 when cs[i]'s code exists
 * (nothing written for it). Rows are inserted in order: of two with the same
 * code, the first is written. */
int rl_store_customer_insert_many(rl_store *s, int64_t creditor, const struct rl_customer *cs,
				  size_t n, int64_t *ids, struct rl_err *err);
/* Replaces every field of customer id with those of c (code included). */
int rl_store_customer_update(rl_store *s, int64_t creditor, int64_t id, const struct rl_customer *c,
			     struct rl_err *err);
/* RL_ENOTFOUND if no customer has that code. Strings borrowed. */
int rl_store_customer_get(rl_store *s, int64_t creditor, const char *code, struct rl_customer *out,
			  struct rl_err *err);

typedef int (*rl_customer_fn)(void *ctx, const struct rl_customer *c);
/* Calls fn for each customer in code order; fn returning non-zero stops the
 * walk and that value is returned. */
int rl_store_customer_each(rl_store *s, int64_t creditor, rl_customer_fn fn, void *ctx,
			   struct rl_err *err);

/* --- invoices and credit notes -------------------------------------------- */

/* Inserts inv for the customer inv->customer_id, or when that is 0 the one
 * whose code is inv->customer_code.
 * RL_ECONFLICT (nothing written) if the number exists; RL_ENOTFOUND if the
 * customer does not. inv->paid is ignored. */
int rl_store_invoice_insert(rl_store *s, int64_t creditor, const struct rl_invoice *inv,
			    int64_t *id, struct rl_err *err);
/* Inserts n invoices as rl_store_invoice_insert would, in one go. ids[i] is
 * the new id, or 0 when invs[i] was not written (its number exists, or its
 * customer does not). Rows are inserted in order. */
int rl_store_invoice_insert_many(rl_store *s, int64_t creditor, const struct rl_invoice *invs,
				 size_t n, int64_t *ids, struct rl_err *err);
/* Replaces the fields of invoice id (customer, type, dates, currency, amount). */
int rl_store_invoice_update(rl_store *s, int64_t creditor, int64_t id, const struct rl_invoice *inv,
			    struct rl_err *err);
/* Looks an invoice up by number; out->paid is the sum of all its allocations.
 * RL_ENOTFOUND if none. Strings borrowed. */
int rl_store_invoice_get(rl_store *s, int64_t creditor, const char *number, struct rl_invoice *out,
			 struct rl_err *err);

typedef int (*rl_invoice_found_fn)(void *ctx, size_t i, const struct rl_invoice *inv);
/* Looks n invoices up at once, as n calls of rl_store_invoice_get would:
 * fn(ctx, i, inv) for each numbers[i] found (strings borrowed for the
 * call), in no particular order; nothing for a number not stored. One
 * query on PostgreSQL instead of n round trips. */
int rl_store_invoice_get_many(rl_store *s, int64_t creditor, const char *const *numbers, size_t n,
			      rl_invoice_found_fn fn, void *ctx, struct rl_err *err);

struct rl_invoice_query {
	const char *customer_code; /* only this customer's, or NULL */
	rl_date asof;              /* paid = allocations dated up to this day */
	bool unsettled_only;       /* only rows whose balance is not 0 on asof */
	bool issued_by_asof;       /* only rows issued on or before asof */
};

typedef int (*rl_invoice_fn)(void *ctx, const struct rl_invoice *inv);
/* Calls fn for each matching invoice, by due date then number. */
int rl_store_invoice_each(rl_store *s, int64_t creditor, const struct rl_invoice_query *q,
			  rl_invoice_fn fn, void *ctx, struct rl_err *err);

/* --- payments and allocations --------------------------------------------- */

/* Inserts p for the customer p->customer_id, or when 0 the one with code
 * p->customer_code. RL_ECONFLICT if the
 * payment code exists, RL_ENOTFOUND if the customer does not. */
int rl_store_payment_insert(rl_store *s, int64_t creditor, const struct rl_payment *p, int64_t *id,
			    struct rl_err *err);
int rl_store_payment_update(rl_store *s, int64_t creditor, int64_t id, const struct rl_payment *p,
			    struct rl_err *err);
/* RL_ENOTFOUND if none. Strings borrowed. */
int rl_store_payment_get(rl_store *s, int64_t creditor, const char *code, struct rl_payment *out,
			 struct rl_err *err);

/* Records that amount (> 0) of payment payment_id settles invoice_id on date. */
int rl_store_allocation_add(rl_store *s, int64_t creditor, int64_t invoice_id, int64_t payment_id,
			    rl_date date, int64_t amount, struct rl_err *err);
/* Removes every allocation of a payment (before re-allocating it). */
int rl_store_allocation_clear_payment(rl_store *s, int64_t creditor, int64_t payment_id,
				      struct rl_err *err);

struct rl_allocation {
	const char *payment_code; /* borrowed */
	rl_date date;
	int64_t amount;
};
typedef int (*rl_allocation_fn)(void *ctx, const struct rl_allocation *a);
/* Calls fn for each allocation to invoice_id, by date. */
int rl_store_allocation_each(rl_store *s, int64_t creditor, int64_t invoice_id, rl_allocation_fn fn,
			     void *ctx, struct rl_err *err);

struct rl_payment_total {
	const char *currency; /* borrowed */
	int64_t received;     /* payments dated up to asof */
	int64_t allocated;    /* the part of them allocated to invoices */
};
typedef int (*rl_payment_total_fn)(void *ctx, const struct rl_payment_total *t);
/* Calls fn once per currency with the totals of payments dated up to asof. */
int rl_store_payment_totals(rl_store *s, int64_t creditor, rl_date asof, rl_payment_total_fn fn,
			    void *ctx, struct rl_err *err);

/* Highest id ever assigned to that entity for the creditor (0 if none): ids
 * grow, so rows inserted after this call have greater ids. */
int rl_store_max_id(rl_store *s, int64_t creditor, enum rl_entity e, int64_t *out,
		    struct rl_err *err);

/* --- moving a ledger between databases (relance db copy) --------------------- */

/* One row of a table, every column as text (NULL for SQL NULL), named. */
struct rl_table_row {
	int ncols;
	const char *const *names;  /* borrowed for the call */
	const char *const *values; /* borrowed for the call */
};

/* Sets *rows to the number of rows of table (one of rl_schema_tables) and
 * digest to a checksum of their contents that does not depend on the
 * backend or on row order: equal on both sides of a faithful copy. */
int rl_store_table_digest(rl_store *s, const char *table, int64_t *rows, uint64_t digest[2],
			  struct rl_err *err);

typedef void (*rl_copy_fn)(void *ctx, const char *table, int64_t rows);
/* Copies every row of every relance table of from into to, ids kept, with
 * foreign keys checked once at the end instead of row by row; fn (may be
 * NULL) is told each table copied. Both stores must be at the latest schema
 * version. With replace, to's rows are deleted first (PostgreSQL only: a
 * SQLite target must be a new file). The copy is left in a transaction on
 * to: rl_store_commit() it, or roll it back; to is then as it was. */
int rl_store_copy(rl_store *from, rl_store *to, bool replace, rl_copy_fn fn, void *ctx,
		  struct rl_err *err);

#endif
