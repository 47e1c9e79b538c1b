/* The store's front door: picks a backend from the URI and forwards each call
 * to it (store_int.h). Checks that belong to every backend alike — a write
 * outside a transaction, a second begin — are made here, once. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "relance/store/schema.h"
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

int rl_store_customer_insert_many(rl_store *s, int64_t creditor, const struct rl_customer *cs,
				  size_t n, int64_t *ids, struct rl_err *err)
{
	NEED_TX(s, err);
	if (s->ops->customer_insert_many)
		return s->ops->customer_insert_many(s, creditor, cs, n, ids, err);
	for (size_t i = 0; i < n; i++) {
		int rc = s->ops->customer_insert(s, creditor, &cs[i], &ids[i], err);

		if (rc == RL_ECONFLICT || rc == RL_ENOTFOUND) {
			ids[i] = 0;
			rl_err_clear(err);
		} else if (rc) {
			return rc;
		}
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

		if (rc == RL_ECONFLICT || rc == RL_ENOTFOUND) {
			ids[i] = 0;
			rl_err_clear(err);
		} else if (rc) {
			return rc;
		}
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
