/* The store's front door: picks a backend from the URI and forwards each call
 * to it (store_int.h). Checks that belong to every backend alike — a write
 * outside a transaction, a second begin — are made here, once. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "relance/store/schema.h"
#include "relance/store/sql.h"
#include "store_int.h"

static const char *sqlite_path(const char *uri)
{
	return strncmp(uri, "sqlite:", 7) == 0 ? uri + 7 : uri;
}

int rl_store_open(rl_store **out, const char *uri, unsigned flags, struct rl_err *err)
{
	*out = NULL;
	if (!uri || !*uri)
		return rl_err_set(err, RL_EUSAGE, "no database given");
	if (rl_store_uri_is_postgres(uri))
		return rl_postgres_open(out, uri, flags, err);
	return rl_sqlite_open(out, sqlite_path(uri), flags, err);
}

void rl_store_close(rl_store *s)
{
	if (!s)
		return;
	if (s->in_tx)
		s->ops->rollback(s);
	s->ops->close(s);
}

int rl_store_ledger_exists(const char *uri, bool *exists, struct rl_err *err)
{
	struct stat sb;

	if (rl_store_uri_is_postgres(uri))
		return rl_postgres_ledger_exists(uri, exists, err);
	*exists = stat(sqlite_path(uri), &sb) == 0;
	return 0;
}

int rl_store_drop_ledger(const char *uri, struct rl_err *err)
{
	static const char *const suffixes[] = { "", "-wal", "-shm", "-journal" };
	const char *path;

	if (rl_store_uri_is_postgres(uri))
		return rl_postgres_drop_ledger(uri, err);
	path = sqlite_path(uri);
	for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		char name[4096];

		snprintf(name, sizeof(name), "%s%s", path, suffixes[i]);
		if (unlink(name) != 0 && errno != ENOENT)
			return rl_err_set(err, RL_EIO, "cannot delete '%s': %s", name,
					  strerror(errno));
	}
	return 0;
}

bool rl_store_uri_is_postgres(const char *uri)
{
	return strncmp(uri, "postgresql:", 11) == 0 || strncmp(uri, "postgres://", 11) == 0;
}

const char *rl_store_backend(const rl_store *s)
{
	return s->ops->name;
}

int rl_store_schema_version(rl_store *s, int *current, int *latest, struct rl_err *err)
{
	*latest = rl_migration_count;
	return s->ops->schema_version(s, current, err);
}

int rl_store_migrate(rl_store *s, int *from, struct rl_err *err)
{
	int rc;

	if (s->in_tx)
		return rl_err_set(err, RL_EUSAGE, "a transaction is open");
	if ((rc = s->ops->schema_version(s, from, err)))
		return rc;
	return s->ops->migrate(s, err);
}

int rl_store_begin(rl_store *s, struct rl_err *err)
{
	int rc;

	if (s->in_tx)
		return rl_err_set(err, RL_EUSAGE, "a transaction is already open");
	rc = s->ops->begin(s, err);
	if (rc == 0)
		s->in_tx = true;
	return rc;
}

int rl_store_begin_bulk(rl_store *s, enum rl_entity e, int64_t expected_rows, struct rl_err *err)
{
	int rc;

	if (s->in_tx)
		return rl_err_set(err, RL_EUSAGE, "a transaction is already open");
	rc = s->ops->begin_bulk(s, e, expected_rows, err);
	if (rc == 0)
		s->in_tx = true;
	return rc;
}

int rl_store_commit(rl_store *s, struct rl_err *err)
{
	int rc;

	if (!s->in_tx)
		return rl_err_set(err, RL_EUSAGE, "no transaction to commit");
	rc = s->ops->commit(s, err);
	if (rc == 0)
		s->in_tx = false;
	return rc;
}

void rl_store_rollback(rl_store *s)
{
	if (!s->in_tx)
		return;
	s->ops->rollback(s);
	s->in_tx = false;
}

#define NEED_TX(s, err)                                                                            \
	do {                                                                                       \
		if (!(s)->in_tx)                                                                   \
			return rl_err_set(err, RL_EUSAGE, "write outside a transaction");          \
	} while (0)

int rl_store_creditor_get(rl_store *s, const char *code, struct rl_creditor *out,
			  struct rl_err *err)
{
	return s->ops->creditor_get(s, code, out, err);
}

int rl_store_creditor_add(rl_store *s, const struct rl_creditor *c, int64_t *id, struct rl_err *err)
{
	NEED_TX(s, err);
	return s->ops->creditor_add(s, c, id, err);
}

int rl_store_customer_insert(rl_store *s, int64_t creditor, const struct rl_customer *c,
			     int64_t *id, struct rl_err *err)
{
	NEED_TX(s, err);
	return s->ops->customer_insert(s, creditor, c, id, err);
}

/* For the row-by-row fallback of the *_insert_many calls: a row not
 * written because its key exists (or its customer does not) gets id 0 and
 * is no error; any other failure is returned. */
static int not_written_is_zero(int rc, int64_t *id, struct rl_err *err)
{
	if (rc != RL_ECONFLICT && rc != RL_ENOTFOUND)
		return rc;
	*id = 0;
	rl_err_clear(err);
	return 0;
}

int rl_store_customer_insert_many(rl_store *s, int64_t creditor, const struct rl_customer *cs,
				  size_t n, int64_t *ids, struct rl_err *err)
{
	NEED_TX(s, err);
	if (s->ops->customer_insert_many)
		return s->ops->customer_insert_many(s, creditor, cs, n, ids, err);
	for (size_t i = 0; i < n; i++) {
		int rc = s->ops->customer_insert(s, creditor, &cs[i], &ids[i], err);

		if ((rc = not_written_is_zero(rc, &ids[i], err)))
			return rc;
	}
	return 0;
}

int rl_store_customer_update(rl_store *s, int64_t creditor, int64_t id, const struct rl_customer *c,
			     struct rl_err *err)
{
	NEED_TX(s, err);
	return s->ops->customer_update(s, creditor, id, c, err);
}

int rl_store_customer_get(rl_store *s, int64_t creditor, const char *code, struct rl_customer *out,
			  struct rl_err *err)
{
	return s->ops->customer_get(s, creditor, code, out, err);
}

int rl_store_customer_each(rl_store *s, int64_t creditor, rl_customer_fn fn, void *ctx,
			   struct rl_err *err)
{
	return s->ops->customer_each(s, creditor, fn, ctx, err);
}

int rl_store_invoice_insert(rl_store *s, int64_t creditor, const struct rl_invoice *inv,
			    int64_t *id, struct rl_err *err)
{
	NEED_TX(s, err);
	return s->ops->invoice_insert(s, creditor, inv, id, err);
}

int rl_store_invoice_insert_many(rl_store *s, int64_t creditor, const struct rl_invoice *invs,
				 size_t n, int64_t *ids, struct rl_err *err)
{
	NEED_TX(s, err);
	if (s->ops->invoice_insert_many)
		return s->ops->invoice_insert_many(s, creditor, invs, n, ids, err);
	for (size_t i = 0; i < n; i++) {
		int rc = s->ops->invoice_insert(s, creditor, &invs[i], &ids[i], err);

		if ((rc = not_written_is_zero(rc, &ids[i], err)))
			return rc;
	}
	return 0;
}

int rl_store_invoice_update(rl_store *s, int64_t creditor, int64_t id, const struct rl_invoice *inv,
			    struct rl_err *err)
{
	NEED_TX(s, err);
	return s->ops->invoice_update(s, creditor, id, inv, err);
}

int rl_store_invoice_get(rl_store *s, int64_t creditor, const char *number, struct rl_invoice *out,
			 struct rl_err *err)
{
	return s->ops->invoice_get(s, creditor, number, out, err);
}

int rl_store_invoice_get_many(rl_store *s, int64_t creditor, const char *const *numbers, size_t n,
			      rl_invoice_found_fn fn, void *ctx, struct rl_err *err)
{
	if (s->ops->invoice_get_many)
		return s->ops->invoice_get_many(s, creditor, numbers, n, fn, ctx, err);
	for (size_t i = 0; i < n; i++) {
		struct rl_invoice inv;
		int rc = s->ops->invoice_get(s, creditor, numbers[i], &inv, err);

		if (rc == RL_ENOTFOUND) {
			rl_err_clear(err);
			continue;
		}
		if (rc || (rc = fn(ctx, i, &inv)))
			return rc;
	}
	return 0;
}

int rl_store_invoice_each(rl_store *s, int64_t creditor, const struct rl_invoice_query *q,
			  rl_invoice_fn fn, void *ctx, struct rl_err *err)
{
	return s->ops->invoice_each(s, creditor, q, fn, ctx, err);
}

int rl_store_payment_insert(rl_store *s, int64_t creditor, const struct rl_payment *p, int64_t *id,
			    struct rl_err *err)
{
	NEED_TX(s, err);
	return s->ops->payment_insert(s, creditor, p, id, err);
}

int rl_store_payment_update(rl_store *s, int64_t creditor, int64_t id, const struct rl_payment *p,
			    struct rl_err *err)
{
	NEED_TX(s, err);
	return s->ops->payment_update(s, creditor, id, p, err);
}

int rl_store_payment_get(rl_store *s, int64_t creditor, const char *code, struct rl_payment *out,
			 struct rl_err *err)
{
	return s->ops->payment_get(s, creditor, code, out, err);
}

int rl_store_allocation_add(rl_store *s, int64_t creditor, int64_t invoice_id, int64_t payment_id,
			    rl_date date, int64_t amount, struct rl_err *err)
{
	NEED_TX(s, err);
	if (amount <= 0)
		return rl_err_set(err, RL_EINVAL, "allocation of a non-positive amount");
	return s->ops->allocation_add(s, creditor, invoice_id, payment_id, date, amount, err);
}

int rl_store_allocation_clear_payment(rl_store *s, int64_t creditor, int64_t payment_id,
				      struct rl_err *err)
{
	NEED_TX(s, err);
	return s->ops->allocation_clear_payment(s, creditor, payment_id, err);
}

int rl_store_allocation_each(rl_store *s, int64_t creditor, int64_t invoice_id, rl_allocation_fn fn,
			     void *ctx, struct rl_err *err)
{
	return s->ops->allocation_each(s, creditor, invoice_id, fn, ctx, err);
}

int rl_store_payment_totals(rl_store *s, int64_t creditor, rl_date asof, rl_payment_total_fn fn,
			    void *ctx, struct rl_err *err)
{
	return s->ops->payment_totals(s, creditor, asof, fn, ctx, err);
}

int rl_store_max_id(rl_store *s, int64_t creditor, enum rl_entity e, int64_t *out,
		    struct rl_err *err)
{
	return s->ops->max_id(s, creditor, e, out, err);
}

struct creditor_walk {
	rl_creditor_fn fn;
	void *ctx;
};

static int creditor_row(void *ctx, const struct rl_sql_row *row)
{
	struct creditor_walk *w = ctx;
	struct rl_creditor c = {
		rl_sql_col_int(row, 0),  rl_sql_col_text(row, 1), rl_sql_col_text(row, 2),
		rl_sql_col_text(row, 3), rl_sql_col_text(row, 4), rl_sql_col_text(row, 5),
	};

	return w->fn(w->ctx, &c);
}

int rl_store_creditor_each(rl_store *s, rl_creditor_fn fn, void *ctx, struct rl_err *err)
{
	static const char sql[] = "SELECT id, code, name, jurisdiction, language, currency "
				  "FROM creditor ORDER BY code";
	struct creditor_walk w = { fn, ctx };

	return rl_sql_query(s, sql, NULL, 0, creditor_row, &w, err);
}

int rl_store_count(rl_store *s, int64_t creditor, enum rl_entity e, int64_t *out,
		   struct rl_err *err)
{
	static const char *const sql[] = {
		[RL_ENTITY_CUSTOMER] = "SELECT count(*) FROM customer WHERE creditor_id = $1",
		[RL_ENTITY_INVOICE] = "SELECT count(*) FROM invoice WHERE creditor_id = $1",
		[RL_ENTITY_PAYMENT] = "SELECT count(*) FROM payment WHERE creditor_id = $1",
	};
	struct rl_sql_value p[1] = { rl_sql_int(creditor) };

	return rl_sql_query_int(s, sql[e], p, 1, out, NULL, err);
}

/* --- moving a ledger --------------------------------------------------------------- */

struct digest {
	int64_t rows;
	uint64_t sum, mix;
};

/* FNV-1a over bytes, continuing from h. */
static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		h = (h ^ ((const unsigned char *)p)[i]) * 0x100000001b3u;
	return h;
}

static uint64_t finish(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdu;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53u;
	return h ^ (h >> 33);
}

/* Each row hashes its columns in name order, each as name, NUL, a null
 * marker or the value's length and bytes; the table's digest adds and xors
 * the row hashes, so that row order does not matter. */
static int digest_row(void *ctx, const struct rl_table_row *r)
{
	struct digest *d = ctx;
	uint64_t h = 0xcbf29ce484222325u;
	bool done[256] = { false };

	if (r->ncols > 256)
		return RL_EINVAL;
	for (int k = 0; k < r->ncols; k++) {
		int next = -1;

		for (int i = 0; i < r->ncols; i++)
			if (!done[i] && (next < 0 || strcmp(r->names[i], r->names[next]) < 0))
				next = i;
		done[next] = true;
		h = fnv(h, r->names[next], strlen(r->names[next]) + 1);
		if (r->values[next]) {
			size_t n = strlen(r->values[next]);

			h = fnv(h, &n, sizeof(n));
			h = fnv(h, r->values[next], n);
		} else {
			h = fnv(h, "\xff", 1);
		}
	}
	d->rows++;
	d->sum += finish(h);
	d->mix ^= finish(h ^ 0x9e3779b97f4a7c15u);
	return 0;
}

int rl_store_table_digest(rl_store *s, const char *table, int64_t *rows, uint64_t digest[2],
			  struct rl_err *err)
{
	struct digest d = { 0, 0, 0 };
	int rc = s->ops->table_each(s, table, digest_row, &d, err);

	if (rc == RL_EINVAL && !err->code)
		rc = rl_err_set(err, rc, "table '%s' has too many columns", table);
	if (rc)
		return rc;
	*rows = d.rows;
	digest[0] = d.sum;
	digest[1] = d.mix;
	return 0;
}

struct copy_walk {
	rl_store *to;
	const char *table;
	int64_t rows;
	struct rl_err *err;
};

static int copy_row(void *ctx, const struct rl_table_row *r)
{
	struct copy_walk *w = ctx;

	w->rows++;
	return w->to->ops->table_put(w->to, w->table, r, w->err);
}

int rl_store_copy(rl_store *from, rl_store *to, bool replace, rl_copy_fn fn, void *ctx,
		  struct rl_err *err)
{
	size_t n = 0;
	int v, latest, rc;

	if (to->in_tx)
		return rl_err_set(err, RL_EUSAGE, "a transaction is already open");
	if ((rc = rl_store_schema_version(from, &v, &latest, err)))
		return rc;
	if (v != latest)
		return rl_err_set(err, RL_EINVAL,
				  "the source is at schema version %d, not %d (run 'relance db "
				  "migrate' on it first)",
				  v, latest);
	if ((rc = rl_store_schema_version(to, &v, &latest, err)))
		return rc;
	if (v != latest)
		return rl_err_set(err, RL_EINVAL, "the target is at schema version %d, not %d", v,
				  latest);
	if ((rc = to->ops->copy_begin(to, replace, err)))
		return rc;
	to->in_tx = true;
	while (rl_schema_tables[n])
		n++;
	/* Referenced tables first: the list is in the order to drop them. */
	while (n-- > 0) {
		struct copy_walk w = { to, rl_schema_tables[n], 0, err };

		if (strcmp(w.table, "schema_migration") == 0)
			continue;
		if ((rc = from->ops->table_each(from, w.table, copy_row, &w, err)) ||
		    (rc = to->ops->table_end(to, w.table, err))) {
			rl_store_rollback(to);
			return rc;
		}
		if (fn)
			fn(ctx, w.table, w.rows);
	}
	return 0;
}
