/* The PostgreSQL backend of the store (DESIGN.md §6), through libpq: the
 * same schema as SQLite (schema.h renders it for this dialect), statements
 * prepared once per connection, batch inserts sent in pipeline mode, and
 * listings read through a cursor so that memory stays flat and callbacks may
 * use the store. Several processes may share one database: uniqueness is
 * enforced by the server, migrations are serialised by an advisory lock. */
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "relance/core/buf.h"
#include "relance/core/limits.h"
#include "relance/store/schema.h"
#include "store_int.h"

enum stmt_id {
	ST_CREDITOR_GET,
	ST_CREDITOR_ADD,
	ST_CUSTOMER_INSERT,
	ST_CUSTOMER_UPDATE,
	ST_CUSTOMER_GET,
	ST_INVOICE_INSERT,
	ST_INVOICE_INSERT_ID,
	ST_INVOICE_UPDATE,
	ST_INVOICE_GET,
	ST_PAYMENT_INSERT,
	ST_PAYMENT_INSERT_ID,
	ST_PAYMENT_UPDATE,
	ST_PAYMENT_GET,
	ST_ALLOC_ADD,
	ST_ALLOC_CLEAR,
	ST_COUNT
};

#define CUSTOMER_COLS "id, code, name, kind, country, language, email, phone, address, blocked"

/* Every statement that can meet an existing key says ON CONFLICT DO NOTHING
 * and returns the new id: an error would abort the whole transaction in
 * PostgreSQL, where SQLite only fails the statement. A missing customer is
 * likewise "no row" (INSERT ... SELECT FROM customer), never an error. */
static const char *const stmt_sql[ST_COUNT] = {
	[ST_CREDITOR_GET] = "SELECT id, code, name, jurisdiction, language, currency "
			    "FROM creditor WHERE code = $1",
	[ST_CREDITOR_ADD] = "INSERT INTO creditor (code, name, jurisdiction, language, currency) "
			    "VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING id",
	[ST_CUSTOMER_INSERT] =
		"INSERT INTO customer (creditor_id, code, name, kind, country, language, email, "
		"phone, address, blocked) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) "
		"ON CONFLICT (creditor_id, code) DO NOTHING RETURNING id",
	[ST_CUSTOMER_UPDATE] =
		"UPDATE customer SET code = $3, name = $4, kind = $5, country = $6, "
		"language = $7, email = $8, phone = $9, address = $10, blocked = $11 "
		"WHERE creditor_id = $1 AND id = $2",
	[ST_CUSTOMER_GET] = "SELECT " CUSTOMER_COLS " FROM customer "
			    "WHERE creditor_id = $1 AND code = $2",
	[ST_INVOICE_INSERT] =
		"INSERT INTO invoice (creditor_id, number, customer_id, type, issue_date, due_date, "
		"currency, amount) SELECT $1, $2, c.id, $4, $5, $6, $7, $8 FROM customer c "
		"WHERE c.creditor_id = $1 AND c.code = $3 AND $9::bigint = 0 "
		"ON CONFLICT (creditor_id, number) DO NOTHING RETURNING id",
	/* the same when the caller read the customer's id in this transaction */
	[ST_INVOICE_INSERT_ID] =
		"INSERT INTO invoice (creditor_id, number, customer_id, type, issue_date, due_date, "
		"currency, amount) SELECT $1, $2, $9, $4, $5, $6, $7, $8 WHERE $3::text IS NOT NULL "
		"ON CONFLICT (creditor_id, number) DO NOTHING RETURNING id",
	[ST_INVOICE_UPDATE] =
		"UPDATE invoice SET number = $3, customer_id = c.id, type = $5, issue_date = $6, "
		"due_date = $7, currency = $8, amount = $9 FROM (SELECT id FROM customer "
		"WHERE creditor_id = $1 AND code = $4 AND $10::bigint = 0 UNION ALL "
		"SELECT $10::bigint WHERE $10::bigint <> 0) c "
		"WHERE invoice.creditor_id = $1 AND invoice.id = $2 RETURNING invoice.id",
	[ST_INVOICE_GET] =
		"SELECT i.id, i.number, c.code, i.type, i.issue_date, i.due_date, i.currency, "
		"i.amount, coalesce((SELECT sum(a.amount) FROM allocation a "
		"WHERE a.invoice_id = i.id), 0) "
		"FROM invoice i JOIN customer c ON c.id = i.customer_id "
		"WHERE i.creditor_id = $1 AND i.number = $2",
	[ST_PAYMENT_INSERT] =
		"INSERT INTO payment (creditor_id, code, customer_id, paid_date, currency, amount, "
		"invoice_number, reference) SELECT $1, $2, c.id, $4, $5, $6, $7, $8 FROM customer c "
		"WHERE c.creditor_id = $1 AND c.code = $3 AND $9::bigint = 0 "
		"ON CONFLICT (creditor_id, code) DO NOTHING RETURNING id",
	[ST_PAYMENT_INSERT_ID] =
		"INSERT INTO payment (creditor_id, code, customer_id, paid_date, currency, amount, "
		"invoice_number, reference) SELECT $1, $2, $9, $4, $5, $6, $7, $8 "
		"WHERE $3::text IS NOT NULL ON CONFLICT (creditor_id, code) DO NOTHING RETURNING id",
	[ST_PAYMENT_UPDATE] =
		"UPDATE payment SET code = $3, customer_id = c.id, paid_date = $5, currency = $6, "
		"amount = $7, invoice_number = $8, reference = $9 FROM (SELECT id FROM customer "
		"WHERE creditor_id = $1 AND code = $4 AND $10::bigint = 0 UNION ALL "
		"SELECT $10::bigint WHERE $10::bigint <> 0) c "
		"WHERE payment.creditor_id = $1 AND payment.id = $2 RETURNING payment.id",
	[ST_PAYMENT_GET] = "SELECT p.id, p.code, c.code, p.paid_date, p.currency, p.amount, "
			   "p.invoice_number, p.reference FROM payment p "
			   "JOIN customer c ON c.id = p.customer_id "
			   "WHERE p.creditor_id = $1 AND p.code = $2",
	[ST_ALLOC_ADD] =
		"INSERT INTO allocation (creditor_id, invoice_id, payment_id, date, amount) "
		"VALUES ($1, $2, $3, $4, $5)",
	[ST_ALLOC_CLEAR] = "DELETE FROM allocation WHERE creditor_id = $1 AND payment_id = $2",
};

struct pg_store {
	struct rl_store base; /* first: the public handle points here */
	PGconn *conn;
	char *uri;
	bool prepared[ST_COUNT];
#define SQL_CACHE 64
	const char *sql_keys[SQL_CACHE]; /* rl_sql_* statements prepared as "s<i>" */
	struct rl_buf scratch;           /* holds the strings of the last row looked up */
};

static struct pg_store *P(rl_store *s)
{
	return (struct pg_store *)s;
}

/* Text parameters of one statement. */
#define MAX_PARAMS 12

struct params {
	const char *v[MAX_PARAMS];
	char num[MAX_PARAMS][24];
	int n;
};

static void p_text(struct params *p, const char *s)
{
	p->v[p->n++] = s ? s : "";
}

static void p_int(struct params *p, int64_t i)
{
	snprintf(p->num[p->n], sizeof(p->num[0]), "%lld", (long long)i);
	p->v[p->n] = p->num[p->n];
	p->n++;
}

static void p_date(struct params *p, rl_date d)
{
	rl_date_format_iso(d, p->num[p->n]);
	p->v[p->n] = p->num[p->n];
	p->n++;
}

static int status_of(const PGresult *res)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;

	if (!state)
		return RL_EIO;
	if (strcmp(state, "23505") == 0)
		return RL_ECONFLICT;
	if (strcmp(state, "23503") == 0 || strcmp(state, "23502") == 0)
		return RL_ENOTFOUND;
	if (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0 ||
	    strcmp(state, "55P03") == 0)
		return RL_EBUSY;
	return RL_EIO;
}

/* libpq's messages end with newlines and may span lines: make them one. */
static void one_line(const char *msg, char *out, size_t cap)
{
	size_t n;

	snprintf(out, cap, "%s", msg && *msg ? msg : "unknown error");
	n = strlen(out);
	while (n && (out[n - 1] == '\n' || out[n - 1] == ' '))
		out[--n] = '\0';
	for (char *c = out; *c; c++)
		if (*c == '\n')
			*c = ' ';
}

/* Records a failed result (or connection) in err; returns the status. */
static int pg_error(struct pg_store *ps, const PGresult *res, struct rl_err *err, const char *what)
{
	char clean[RL_ERR_MSG_MAX];

	one_line(res ? PQresultErrorMessage(res) : PQerrorMessage(ps->conn), clean, sizeof(clean));
	return rl_err_set(err, status_of(res), "postgresql: %s: %s", what, clean);
}

/* Runs a plain command (no parameters, no rows expected). */
static int command(struct pg_store *ps, const char *sql, struct rl_err *err)
{
	PGresult *res = PQexec(ps->conn, sql);
	int rc = 0;

	if (PQresultStatus(res) != PGRES_COMMAND_OK && PQresultStatus(res) != PGRES_TUPLES_OK)
		rc = pg_error(ps, res, err, "cannot run statement");
	PQclear(res);
	return rc;
}

static int prepare(struct pg_store *ps, enum stmt_id id, struct rl_err *err)
{
	char name[16];
	PGresult *res;
	int rc = 0;

	if (ps->prepared[id])
		return 0;
	snprintf(name, sizeof(name), "rl%d", (int)id);
	res = PQprepare(ps->conn, name, stmt_sql[id], 0, NULL);
	if (PQresultStatus(res) != PGRES_COMMAND_OK)
		rc = pg_error(ps, res, err, "cannot prepare statement");
	else
		ps->prepared[id] = true;
	PQclear(res);
	return rc;
}

/* Runs prepared statement id; *out holds the result (PQclear it) on success. */
static int run(struct pg_store *ps, enum stmt_id id, const struct params *p, PGresult **out,
	       struct rl_err *err)
{
	char name[16];
	PGresult *res;
	int rc;

	*out = NULL;
	if ((rc = prepare(ps, id, err)))
		return rc;
	snprintf(name, sizeof(name), "rl%d", (int)id);
	res = PQexecPrepared(ps->conn, name, p->n, p->v, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_COMMAND_OK && PQresultStatus(res) != PGRES_TUPLES_OK) {
		rc = pg_error(ps, res, err, "statement failed");
		PQclear(res);
		return rc;
	}
	*out = res;
	return 0;
}

static int64_t get_int(const PGresult *res, int row, int col)
{
	return strtoll(PQgetvalue(res, row, col), NULL, 10);
}

static rl_date get_date(const PGresult *res, int row, int col)
{
	rl_date d = 0;

	rl_date_parse(PQgetvalue(res, row, col), (size_t)PQgetlength(res, row, col), "YYYY-MM-DD",
		      &d, NULL);
	return d;
}

/* Copies a value into the scratch buffer; returns its offset. */
static size_t keep(struct pg_store *ps, const PGresult *res, int row, int col)
{
	size_t off = ps->scratch.len;

	rl_buf_add(&ps->scratch, PQgetvalue(res, row, col), (size_t)PQgetlength(res, row, col));
	rl_buf_addch(&ps->scratch, '\0');
	return off;
}

#define KEPT(ps, off) ((ps)->scratch.ptr ? (ps)->scratch.ptr + (off) : "")

/* Runs a write that returns the new id in one row, or no row when the key
 * exists (or the referenced customer does not). */
static int insert_returning(struct pg_store *ps, enum stmt_id id, const struct params *p,
			    int64_t *new_id, struct rl_err *err)
{
	PGresult *res;
	int rc;

	if ((rc = run(ps, id, p, &res, err)))
		return rc;
	*new_id = PQntuples(res) == 1 ? get_int(res, 0, 0) : 0;
	PQclear(res);
	return 0;
}

/* --- open, migrations, transactions ---------------------------------------------- */

static int current_version(struct pg_store *ps, int *v, struct rl_err *err)
{
	PGresult *res = PQexec(ps->conn, "SELECT to_regclass('schema_migration') IS NOT NULL");
	int rc = 0;

	*v = 0;
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		rc = pg_error(ps, res, err, "cannot read the schema");
		PQclear(res);
		return rc;
	}
	if (strcmp(PQgetvalue(res, 0, 0), "t") == 0) {
		PQclear(res);
		res = PQexec(ps->conn, "SELECT coalesce(max(version), 0) FROM schema_migration");
		if (PQresultStatus(res) != PGRES_TUPLES_OK)
			rc = pg_error(ps, res, err, "cannot read the schema version");
		else
			*v = (int)get_int(res, 0, 0);
	}
	PQclear(res);
	return rc;
}

static int migrate(struct pg_store *ps, unsigned flags, struct rl_err *err)
{
	struct rl_buf sql;
	int v, rc;

	if ((rc = current_version(ps, &v, err)))
		return rc;
	if (v > rl_migration_count)
		return rl_err_set(err, RL_EINVAL,
				  "schema version %d is newer than this relance knows (%d)", v,
				  rl_migration_count);
	if (v == rl_migration_count)
		return 0;
	if (v == 0 && !(flags & RL_STORE_CREATE))
		return rl_err_set(err, RL_ENOTFOUND,
				  "'%s' holds no relance ledger (create it with 'relance init')",
				  ps->uri);
	if (flags & RL_STORE_READONLY)
		return rl_err_set(err, RL_EINVAL, "schema version %d needs migrating to %d", v,
				  rl_migration_count);
	rl_buf_init(&sql, RL_MAX_SQL);
	/* One migrator at a time: the others wait here, then find nothing to do. */
	if ((rc = command(ps, "BEGIN", err)) ||
	    (rc = command(ps, "SELECT pg_advisory_xact_lock(7365826734)", err)) ||
	    (rc = command(ps,
			  "CREATE TABLE IF NOT EXISTS schema_migration (version INTEGER PRIMARY "
			  "KEY, name TEXT NOT NULL)",
			  err)) ||
	    (rc = current_version(ps, &v, err)))
		goto rollback;
	for (int i = v; i < rl_migration_count; i++) {
		const struct rl_migration *m = &rl_migrations[i];

		rl_buf_reset(&sql);
		if (rl_schema_render(m, RL_DIALECT_POSTGRES, &sql) ||
		    rl_buf_addf(&sql, "; INSERT INTO schema_migration VALUES (%d, '%s');",
				m->version, m->name)) {
			rc = rl_err_set(err, RL_EINVAL, "migration %d cannot be rendered",
					m->version);
			goto rollback;
		}
		if ((rc = command(ps, sql.ptr, err)))
			goto rollback;
	}
	if ((rc = command(ps, "COMMIT", err)) == 0)
		goto out;
rollback:
	command(ps, "ROLLBACK", NULL);
out:
	rl_buf_release(&sql);
	return rc;
}

static const struct rl_store_ops pg_ops;
static const struct rl_sql_ops pg_sql_ops;

static const char *conninfo_of(const char *uri)
{
	/* libpq takes "postgresql://..." as is; "postgresql:" alone means its
	 * defaults (PGHOST, PGDATABASE, ...). */
	if (strncmp(uri, "postgresql:", 11) == 0 && strncmp(uri, "postgresql://", 13) != 0)
		return uri + 11;
	return uri;
}

/* Connects without a store: for the checks made before opening one. */
static PGconn *connect_plain(const char *uri, struct rl_err *err)
{
	PGconn *conn = PQconnectdb(conninfo_of(uri));

	if (PQstatus(conn) != CONNECTION_OK) {
		char clean[RL_ERR_MSG_MAX];

		one_line(PQerrorMessage(conn), clean, sizeof(clean));
		rl_err_set(err, RL_EIO, "postgresql: cannot connect: %s", clean);
		PQfinish(conn);
		return NULL;
	}
	return conn;
}

int rl_postgres_ledger_exists(const char *uri, bool *exists, struct rl_err *err)
{
	PGconn *conn = connect_plain(uri, err);
	PGresult *res;

	if (!conn)
		return RL_EIO;
	res = PQexec(conn, "SELECT to_regclass('schema_migration') IS NOT NULL");
	*exists = PQresultStatus(res) == PGRES_TUPLES_OK && strcmp(PQgetvalue(res, 0, 0), "t") == 0;
	PQclear(res);
	PQfinish(conn);
	return 0;
}

int rl_postgres_drop_ledger(const char *uri, struct rl_err *err)
{
	PGconn *conn = connect_plain(uri, err);
	struct rl_buf sql;
	PGresult *res;
	int rc = 0;

	if (!conn)
		return RL_EIO;
	rl_buf_init(&sql, RL_MAX_SQL);
	rl_buf_addstr(&sql, "BEGIN; SET client_min_messages = warning;");
	for (const char *const *t = rl_schema_tables; *t; t++)
		rl_buf_addf(&sql, " DROP TABLE IF EXISTS %s CASCADE;", *t);
	rl_buf_addstr(&sql, " DROP FUNCTION IF EXISTS journal_append_only();");
	rl_buf_addstr(&sql, " COMMIT");
	res = PQexec(conn, sql.ptr);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		char clean[RL_ERR_MSG_MAX];

		one_line(PQresultErrorMessage(res), clean, sizeof(clean));
		rc = rl_err_set(err, RL_EIO, "postgresql: cannot drop the ledger: %s", clean);
	}
	PQclear(res);
	PQfinish(conn);
	rl_buf_release(&sql);
	return rc;
}

int rl_postgres_open(rl_store **out, const char *uri, unsigned flags, struct rl_err *err)
{
	struct pg_store *ps;
	const char *conninfo = conninfo_of(uri);
	int rc;

	*out = NULL;
	ps = calloc(1, sizeof(*ps));
	if (!ps || !(ps->uri = strdup(uri))) {
		free(ps);
		return rl_err_set(err, RL_ENOMEM, "out of memory");
	}
	ps->base.ops = &pg_ops;
	ps->base.sql = &pg_sql_ops;
	rl_buf_init(&ps->scratch, RL_MAX_RECORD);
	ps->conn = PQconnectdb(conninfo);
	if (PQstatus(ps->conn) != CONNECTION_OK) {
		rc = pg_error(ps, NULL, err, "cannot connect");
		goto fail;
	}
	if ((rc = command(ps, "SET client_min_messages = warning", err)) ||
	    (flags & RL_STORE_READONLY &&
	     (rc = command(ps, "SET default_transaction_read_only = on", err))))
		goto fail;
	if ((rc = migrate(ps, flags, err)))
		goto fail;
	*out = &ps->base;
	return 0;
fail:
	ps->base.ops->close(&ps->base);
	return rc;
}

static void pg_close(rl_store *s)
{
	struct pg_store *ps = P(s);

	PQfinish(ps->conn);
	rl_buf_release(&ps->scratch);
	free(ps->uri);
	free(ps);
}

static int pg_schema_version(rl_store *s, int *current, struct rl_err *err)
{
	return current_version(P(s), current, err);
}

static int pg_begin(rl_store *s, struct rl_err *err)
{
	return command(P(s), "BEGIN", err);
}

static int pg_begin_bulk(rl_store *s, enum rl_entity e, int64_t expected_rows, struct rl_err *err)
{
	(void)e;
	(void)expected_rows;
	return command(P(s), "BEGIN", err);
}

static int pg_commit(rl_store *s, struct rl_err *err)
{
	return command(P(s), "COMMIT", err);
}

static void pg_rollback(rl_store *s)
{
	command(P(s), "ROLLBACK", NULL);
}

/* --- creditors ------------------------------------------------------------------ */

static int pg_creditor_get(rl_store *s, const char *code, struct rl_creditor *out,
			   struct rl_err *err)
{
	struct pg_store *ps = P(s);
	struct params p = { 0 };
	PGresult *res;
	size_t off[5];
	int rc;

	p_text(&p, code);
	if ((rc = run(ps, ST_CREDITOR_GET, &p, &res, err)))
		return rc;
	if (PQntuples(res) == 0) {
		PQclear(res);
		return rl_err_set(err, RL_ENOTFOUND, "no creditor '%s'", code);
	}
	rl_buf_reset(&ps->scratch);
	out->id = get_int(res, 0, 0);
	for (int i = 0; i < 5; i++)
		off[i] = keep(ps, res, 0, i + 1);
	out->code = KEPT(ps, off[0]);
	out->name = KEPT(ps, off[1]);
	out->jurisdiction = KEPT(ps, off[2]);
	out->language = KEPT(ps, off[3]);
	out->currency = KEPT(ps, off[4]);
	PQclear(res);
	return 0;
}

static int pg_creditor_add(rl_store *s, const struct rl_creditor *c, int64_t *id,
			   struct rl_err *err)
{
	struct params p = { 0 };
	int64_t new_id;
	int rc;

	p_text(&p, c->code);
	p_text(&p, c->name);
	p_text(&p, c->jurisdiction);
	p_text(&p, c->language);
	p_text(&p, c->currency);
	if ((rc = insert_returning(P(s), ST_CREDITOR_ADD, &p, &new_id, err)))
		return rc;
	if (!new_id)
		return rl_err_set(err, RL_ECONFLICT, "creditor '%s' already exists", c->code);
	if (id)
		*id = new_id;
	return 0;
}

/* --- customers ------------------------------------------------------------------ */

static void customer_params(struct params *p, const struct rl_customer *c)
{
	p_text(p, c->code);
	p_text(p, c->name);
	p_text(p, rl_customer_kind_str(c->kind));
	p_text(p, c->country);
	p_text(p, c->language);
	p_text(p, c->email);
	p_text(p, c->phone);
	p_text(p, c->address);
	p_int(p, c->blocked);
}

static void read_customer(const PGresult *res, int row, struct rl_customer *c)
{
	c->id = get_int(res, row, 0);
	c->code = PQgetvalue(res, row, 1);
	c->name = PQgetvalue(res, row, 2);
	rl_customer_kind_parse(PQgetvalue(res, row, 3), &c->kind);
	c->country = PQgetvalue(res, row, 4);
	c->language = PQgetvalue(res, row, 5);
	c->email = PQgetvalue(res, row, 6);
	c->phone = PQgetvalue(res, row, 7);
	c->address = PQgetvalue(res, row, 8);
	c->blocked = get_int(res, row, 9) != 0;
}

static int pg_customer_insert(rl_store *s, int64_t creditor, const struct rl_customer *c,
			      int64_t *id, struct rl_err *err)
{
	struct params p = { 0 };
	int64_t new_id;
	int rc;

	p_int(&p, creditor);
	customer_params(&p, c);
	if ((rc = insert_returning(P(s), ST_CUSTOMER_INSERT, &p, &new_id, err)))
		return rc;
	if (!new_id)
		return rl_err_set(err, RL_ECONFLICT, "customer '%s' already exists", c->code);
	if (id)
		*id = new_id;
	return 0;
}

static int pg_customer_update(rl_store *s, int64_t creditor, int64_t id,
			      const struct rl_customer *c, struct rl_err *err)
{
	struct params p = { 0 };
	PGresult *res;
	int rc;

	p_int(&p, creditor);
	p_int(&p, id);
	customer_params(&p, c);
	if ((rc = run(P(s), ST_CUSTOMER_UPDATE, &p, &res, err)))
		return rc;
	PQclear(res);
	return 0;
}

static int pg_customer_get(rl_store *s, int64_t creditor, const char *code, struct rl_customer *out,
			   struct rl_err *err)
{
	struct pg_store *ps = P(s);
	struct params p = { 0 };
	PGresult *res;
	size_t off[8];
	int rc;

	p_int(&p, creditor);
	p_text(&p, code);
	if ((rc = run(ps, ST_CUSTOMER_GET, &p, &res, err)))
		return rc;
	if (PQntuples(res) == 0) {
		PQclear(res);
		return rl_err_set(err, RL_ENOTFOUND, "no customer '%s'", code);
	}
	read_customer(res, 0, out);
	rl_buf_reset(&ps->scratch);
	for (int i = 0; i < 8; i++)
		off[i] = keep(ps, res, 0, i + 1);
	out->code = KEPT(ps, off[0]);
	out->name = KEPT(ps, off[1]);
	out->country = KEPT(ps, off[3]);
	out->language = KEPT(ps, off[4]);
	out->email = KEPT(ps, off[5]);
	out->phone = KEPT(ps, off[6]);
	out->address = KEPT(ps, off[7]);
	PQclear(res);
	return 0;
}

/* Walks the rows of a query through a cursor, FETCH_ROWS at a time, calling
 * row_fn for each; opens its own transaction when none is open. */
#define FETCH_ROWS 10000

typedef int (*pg_row_fn)(void *ctx, const PGresult *res, int row);

static int each_row(struct pg_store *ps, const char *sql, const struct params *p, pg_row_fn fn,
		    void *ctx, struct rl_err *err)
{
	bool own_tx = !ps->base.in_tx;
	struct rl_buf decl;
	PGresult *res;
	int rc = 0, ret = 0;

	rl_buf_init(&decl, RL_MAX_SQL);
	if (own_tx && (rc = command(ps, "BEGIN", err)))
		goto out;
	rl_buf_addf(&decl, "DECLARE rl_cursor NO SCROLL CURSOR FOR %s", sql);
	res = PQexecParams(ps->conn, decl.ptr, p->n, NULL, p->v, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		rc = pg_error(ps, res, err, "cannot read");
		PQclear(res);
		goto end;
	}
	PQclear(res);
	for (;;) {
		int n;

		res = PQexec(ps->conn, "FETCH "
				       "10000"
				       " FROM rl_cursor");
		if (PQresultStatus(res) != PGRES_TUPLES_OK) {
			rc = pg_error(ps, res, err, "cannot read");
			PQclear(res);
			goto end;
		}
		n = PQntuples(res);
		for (int i = 0; i < n && !ret; i++)
			ret = fn(ctx, res, i);
		PQclear(res);
		if (ret || n < FETCH_ROWS)
			break;
	}
	rc = command(ps, "CLOSE rl_cursor", err);
end:
	if (own_tx)
		command(ps, rc ? "ROLLBACK" : "COMMIT", rc ? NULL : err);
out:
	rl_buf_release(&decl);
	return rc ? rc : ret;
}

struct customer_walk {
	rl_customer_fn fn;
	void *ctx;
};

static int customer_row(void *ctx, const PGresult *res, int row)
{
	struct customer_walk *w = ctx;
	struct rl_customer c;

	read_customer(res, row, &c);
	return w->fn(w->ctx, &c);
}

static int pg_customer_each(rl_store *s, int64_t creditor, rl_customer_fn fn, void *ctx,
			    struct rl_err *err)
{
	struct customer_walk w = { fn, ctx };
	struct params p = { 0 };

	p_int(&p, creditor);
	return each_row(P(s),
			"SELECT " CUSTOMER_COLS " FROM customer WHERE creditor_id = $1 "
			"ORDER BY code COLLATE \"C\"",
			&p, customer_row, &w, err);
}

/* --- batch inserts in pipeline mode ------------------------------------------------- */

#define PIPELINE_CHUNK 256 /* statements per sync: results always fit the socket buffers */

/* Fills the parameters for one row and says which statement runs them. */
typedef enum stmt_id (*param_fn)(struct params *p, int64_t creditor, const void *row);

/* Sends n statements (make(rows[i]) gives each one's statement and
 * parameters; every statement it can name is in uses[0..nuses)) in pipeline
 * mode and reads back the id each returned (0 for no row). */
static int pipeline_inserts(struct pg_store *ps, const enum stmt_id *uses, size_t nuses,
			    int64_t creditor, const void *rows, size_t size, size_t n,
			    param_fn make, int64_t *ids, struct rl_err *err)
{
	char name[16];
	int rc = 0;

	for (size_t k = 0; k < nuses; k++)
		if ((rc = prepare(ps, uses[k], err)))
			return rc;
	for (size_t start = 0; start < n && rc == 0; start += PIPELINE_CHUNK) {
		size_t end = start + PIPELINE_CHUNK < n ? start + PIPELINE_CHUNK : n;

		if (!PQenterPipelineMode(ps->conn))
			return pg_error(ps, NULL, err, "cannot enter pipeline mode");
		for (size_t i = start; i < end; i++) {
			struct params p = { 0 };

			snprintf(name, sizeof(name), "rl%d",
				 (int)make(&p, creditor, (const char *)rows + i * size));
			if (!PQsendQueryPrepared(ps->conn, name, p.n, p.v, NULL, NULL, 0)) {
				rc = pg_error(ps, NULL, err, "cannot send");
				break;
			}
		}
		if (!PQpipelineSync(ps->conn) && !rc)
			rc = pg_error(ps, NULL, err, "cannot sync");
		/* Read every result up to the sync, even after a failure: one result
		 * per statement (rows, an error, or "aborted" after an error), each
		 * followed by a NULL; two NULLs in a row mean the connection broke. */
		for (size_t i = start, nulls = 0;;) {
			PGresult *res = PQgetResult(ps->conn);
			ExecStatusType st;

			if (!res) {
				if (++nulls == 2) {
					rc = rc ? rc : pg_error(ps, NULL, err, "connection lost");
					break;
				}
				continue;
			}
			nulls = 0;
			st = PQresultStatus(res);
			if (st == PGRES_PIPELINE_SYNC) {
				PQclear(res);
				break;
			}
			if (st == PGRES_TUPLES_OK && i < end)
				ids[i] = PQntuples(res) == 1 ? get_int(res, 0, 0) : 0;
			else if (st != PGRES_TUPLES_OK && !rc)
				rc = pg_error(ps, st == PGRES_PIPELINE_ABORTED ? NULL : res, err,
					      "batch insert failed");
			i++;
			PQclear(res);
		}
		if (!PQexitPipelineMode(ps->conn) && !rc)
			rc = pg_error(ps, NULL, err, "cannot leave pipeline mode");
	}
	return rc;
}

static enum stmt_id customer_insert_params(struct params *p, int64_t creditor, const void *row)
{
	p_int(p, creditor);
	customer_params(p, row);
	return ST_CUSTOMER_INSERT;
}

static int pg_customer_insert_many(rl_store *s, int64_t creditor, const struct rl_customer *cs,
				   size_t n, int64_t *ids, struct rl_err *err)
{
	static const enum stmt_id uses[] = { ST_CUSTOMER_INSERT };

	return pipeline_inserts(P(s), uses, 1, creditor, cs, sizeof(*cs), n, customer_insert_params,
				ids, err);
}

/* --- invoices ------------------------------------------------------------------- */

/* $1 creditor, $2 number, $3 customer code, $4.. fields, $9 customer id */
static void invoice_params(struct params *p, int64_t creditor, const struct rl_invoice *inv)
{
	p_int(p, creditor);
	p_text(p, inv->number);
	p_text(p, inv->customer_code);
	p_text(p, rl_doc_type_str(inv->type));
	p_date(p, inv->issue_date);
	p_date(p, inv->due_date);
	p_text(p, inv->currency ? inv->currency->code : "");
	p_int(p, inv->amount);
	p_int(p, inv->customer_id);
}

static enum stmt_id invoice_insert_params(struct params *p, int64_t creditor, const void *row)
{
	const struct rl_invoice *inv = row;

	invoice_params(p, creditor, inv);
	return inv->customer_id ? ST_INVOICE_INSERT_ID : ST_INVOICE_INSERT;
}

static void read_invoice(const PGresult *res, int row, struct rl_invoice *inv)
{
	inv->id = get_int(res, row, 0);
	inv->number = PQgetvalue(res, row, 1);
	inv->customer_code = PQgetvalue(res, row, 2);
	inv->customer_id = 0;
	rl_doc_type_parse(PQgetvalue(res, row, 3), &inv->type);
	inv->issue_date = get_date(res, row, 4);
	inv->due_date = get_date(res, row, 5);
	inv->currency = rl_currency_find(PQgetvalue(res, row, 6), (size_t)PQgetlength(res, row, 6));
	inv->amount = get_int(res, row, 7);
	inv->paid = get_int(res, row, 8);
}

static int pg_invoice_insert(rl_store *s, int64_t creditor, const struct rl_invoice *inv,
			     int64_t *id, struct rl_err *err)
{
	struct pg_store *ps = P(s);
	struct params p = { 0 };
	struct rl_invoice existing;
	int64_t new_id;
	int rc;

	invoice_params(&p, creditor, inv);
	if ((rc = insert_returning(ps, inv->customer_id ? ST_INVOICE_INSERT_ID : ST_INVOICE_INSERT,
				   &p, &new_id, err)))
		return rc;
	if (new_id) {
		if (id)
			*id = new_id;
		return 0;
	}
	/* No row: either the number exists or the customer does not. */
	rc = s->ops->invoice_get(s, creditor, inv->number, &existing, err);
	if (rc == RL_ENOTFOUND)
		return rl_err_set(err, RL_ENOTFOUND, "unknown customer '%s'", inv->customer_code);
	if (rc)
		return rc;
	return rl_err_set(err, RL_ECONFLICT, "invoice '%s' already exists", inv->number);
}

static int pg_invoice_insert_many(rl_store *s, int64_t creditor, const struct rl_invoice *invs,
				  size_t n, int64_t *ids, struct rl_err *err)
{
	static const enum stmt_id uses[] = { ST_INVOICE_INSERT, ST_INVOICE_INSERT_ID };

	return pipeline_inserts(P(s), uses, 2, creditor, invs, sizeof(*invs), n,
				invoice_insert_params, ids, err);
}

static int pg_invoice_update(rl_store *s, int64_t creditor, int64_t id,
			     const struct rl_invoice *inv, struct rl_err *err)
{
	struct params p = { 0 };
	PGresult *res;
	int rc, n;

	p_int(&p, creditor);
	p_int(&p, id);
	p_text(&p, inv->number);
	p_text(&p, inv->customer_code);
	p_text(&p, rl_doc_type_str(inv->type));
	p_date(&p, inv->issue_date);
	p_date(&p, inv->due_date);
	p_text(&p, inv->currency ? inv->currency->code : "");
	p_int(&p, inv->amount);
	p_int(&p, inv->customer_id);
	if ((rc = run(P(s), ST_INVOICE_UPDATE, &p, &res, err)))
		return rc;
	n = PQntuples(res);
	PQclear(res);
	if (n == 0)
		return rl_err_set(err, RL_ENOTFOUND, "unknown customer '%s'", inv->customer_code);
	return 0;
}

static int pg_invoice_get(rl_store *s, int64_t creditor, const char *number, struct rl_invoice *out,
			  struct rl_err *err)
{
	struct pg_store *ps = P(s);
	struct params p = { 0 };
	size_t off_num, off_cust;
	PGresult *res;
	int rc;

	p_int(&p, creditor);
	p_text(&p, number);
	if ((rc = run(ps, ST_INVOICE_GET, &p, &res, err)))
		return rc;
	if (PQntuples(res) == 0) {
		PQclear(res);
		return rl_err_set(err, RL_ENOTFOUND, "no invoice '%s'", number);
	}
	read_invoice(res, 0, out);
	rl_buf_reset(&ps->scratch);
	off_num = keep(ps, res, 0, 1);
	off_cust = keep(ps, res, 0, 2);
	out->number = KEPT(ps, off_num);
	out->customer_code = KEPT(ps, off_cust);
	PQclear(res);
	return 0;
}

struct invoice_walk {
	rl_invoice_fn fn;
	void *ctx;
};

static int invoice_row(void *ctx, const PGresult *res, int row)
{
	struct invoice_walk *w = ctx;
	struct rl_invoice inv;

	read_invoice(res, row, &inv);
	return w->fn(w->ctx, &inv);
}

static int pg_invoice_each(rl_store *s, int64_t creditor, const struct rl_invoice_query *q,
			   rl_invoice_fn fn, void *ctx, struct rl_err *err)
{
	struct invoice_walk w = { fn, ctx };
	struct params p = { 0 };
	struct rl_buf sql;
	int rc;

	rl_buf_init(&sql, RL_MAX_SQL);
	p_int(&p, creditor);
	p_date(&p, q->asof);
	rl_buf_addstr(&sql, "SELECT * FROM (SELECT i.id, i.number, c.code, i.type, i.issue_date, "
			    "i.due_date, i.currency, i.amount, "
			    "coalesce((SELECT sum(a.amount) FROM allocation a WHERE "
			    "a.invoice_id = i.id AND a.date <= $2), 0) AS paid "
			    "FROM invoice i JOIN customer c ON c.id = i.customer_id "
			    "WHERE i.creditor_id = $1");
	if (q->customer_code) {
		p_text(&p, q->customer_code);
		rl_buf_addstr(&sql, " AND c.code = $3");
	}
	if (q->issued_by_asof)
		rl_buf_addstr(&sql, " AND i.issue_date <= $2");
	rl_buf_addstr(&sql, ") t");
	if (q->unsettled_only)
		rl_buf_addstr(&sql, " WHERE amount <> paid");
	rl_buf_addstr(&sql, " ORDER BY due_date, number COLLATE \"C\"");
	rc = each_row(P(s), sql.ptr, &p, invoice_row, &w, err);
	rl_buf_release(&sql);
	return rc;
}

/* --- payments and allocations ----------------------------------------------------- */

static void payment_params(struct params *p, const struct rl_payment *pay)
{
	p_date(p, pay->paid_date);
	p_text(p, pay->currency ? pay->currency->code : "");
	p_int(p, pay->amount);
	p_text(p, pay->invoice_number);
	p_text(p, pay->reference);
}

static int pg_payment_insert(rl_store *s, int64_t creditor, const struct rl_payment *pay,
			     int64_t *id, struct rl_err *err)
{
	struct pg_store *ps = P(s);
	struct params p = { 0 };
	struct rl_payment existing;
	int64_t new_id;
	int rc;

	p_int(&p, creditor);
	p_text(&p, pay->code);
	p_text(&p, pay->customer_code);
	payment_params(&p, pay);
	p_int(&p, pay->customer_id);
	if ((rc = insert_returning(ps, pay->customer_id ? ST_PAYMENT_INSERT_ID : ST_PAYMENT_INSERT,
				   &p, &new_id, err)))
		return rc;
	if (new_id) {
		if (id)
			*id = new_id;
		return 0;
	}
	rc = s->ops->payment_get(s, creditor, pay->code, &existing, err);
	if (rc == RL_ENOTFOUND)
		return rl_err_set(err, RL_ENOTFOUND, "unknown customer '%s'", pay->customer_code);
	if (rc)
		return rc;
	return rl_err_set(err, RL_ECONFLICT, "payment '%s' already exists", pay->code);
}

static int pg_payment_update(rl_store *s, int64_t creditor, int64_t id,
			     const struct rl_payment *pay, struct rl_err *err)
{
	struct params p = { 0 };
	PGresult *res;
	int rc, n;

	p_int(&p, creditor);
	p_int(&p, id);
	p_text(&p, pay->code);
	p_text(&p, pay->customer_code);
	payment_params(&p, pay);
	p_int(&p, pay->customer_id);
	if ((rc = run(P(s), ST_PAYMENT_UPDATE, &p, &res, err)))
		return rc;
	n = PQntuples(res);
	PQclear(res);
	if (n == 0)
		return rl_err_set(err, RL_ENOTFOUND, "unknown customer '%s'", pay->customer_code);
	return 0;
}

static int pg_payment_get(rl_store *s, int64_t creditor, const char *code, struct rl_payment *out,
			  struct rl_err *err)
{
	struct pg_store *ps = P(s);
	struct params p = { 0 };
	size_t off_code, off_cust, off_inv, off_ref;
	PGresult *res;
	int rc;

	p_int(&p, creditor);
	p_text(&p, code);
	if ((rc = run(ps, ST_PAYMENT_GET, &p, &res, err)))
		return rc;
	if (PQntuples(res) == 0) {
		PQclear(res);
		return rl_err_set(err, RL_ENOTFOUND, "no payment '%s'", code);
	}
	out->id = get_int(res, 0, 0);
	out->customer_id = 0;
	out->paid_date = get_date(res, 0, 3);
	out->currency = rl_currency_find(PQgetvalue(res, 0, 4), (size_t)PQgetlength(res, 0, 4));
	out->amount = get_int(res, 0, 5);
	rl_buf_reset(&ps->scratch);
	off_code = keep(ps, res, 0, 1);
	off_cust = keep(ps, res, 0, 2);
	off_inv = keep(ps, res, 0, 6);
	off_ref = keep(ps, res, 0, 7);
	out->code = KEPT(ps, off_code);
	out->customer_code = KEPT(ps, off_cust);
	out->invoice_number = KEPT(ps, off_inv);
	out->reference = KEPT(ps, off_ref);
	PQclear(res);
	return 0;
}

static int pg_allocation_add(rl_store *s, int64_t creditor, int64_t invoice_id, int64_t payment_id,
			     rl_date date, int64_t amount, struct rl_err *err)
{
	struct params p = { 0 };
	PGresult *res;
	int rc;

	p_int(&p, creditor);
	p_int(&p, invoice_id);
	p_int(&p, payment_id);
	p_date(&p, date);
	p_int(&p, amount);
	if ((rc = run(P(s), ST_ALLOC_ADD, &p, &res, err)))
		return rc;
	PQclear(res);
	return 0;
}

static int pg_allocation_clear_payment(rl_store *s, int64_t creditor, int64_t payment_id,
				       struct rl_err *err)
{
	struct params p = { 0 };
	PGresult *res;
	int rc;

	p_int(&p, creditor);
	p_int(&p, payment_id);
	if ((rc = run(P(s), ST_ALLOC_CLEAR, &p, &res, err)))
		return rc;
	PQclear(res);
	return 0;
}

struct alloc_walk {
	rl_allocation_fn fn;
	void *ctx;
};

static int alloc_row(void *ctx, const PGresult *res, int row)
{
	struct alloc_walk *w = ctx;
	struct rl_allocation a = { PQgetvalue(res, row, 0), get_date(res, row, 1),
				   get_int(res, row, 2) };

	return w->fn(w->ctx, &a);
}

static int pg_allocation_each(rl_store *s, int64_t creditor, int64_t invoice_id,
			      rl_allocation_fn fn, void *ctx, struct rl_err *err)
{
	struct alloc_walk w = { fn, ctx };
	struct params p = { 0 };

	p_int(&p, creditor);
	p_int(&p, invoice_id);
	return each_row(P(s),
			"SELECT p.code, a.date, a.amount FROM allocation a "
			"JOIN payment p ON p.id = a.payment_id "
			"WHERE a.creditor_id = $1 AND a.invoice_id = $2 ORDER BY a.date, a.id",
			&p, alloc_row, &w, err);
}

struct total_walk {
	rl_payment_total_fn fn;
	void *ctx;
};

static int total_row(void *ctx, const PGresult *res, int row)
{
	struct total_walk *w = ctx;
	struct rl_payment_total t = { PQgetvalue(res, row, 0), get_int(res, row, 1),
				      get_int(res, row, 2) };

	return w->fn(w->ctx, &t);
}

static int pg_payment_totals(rl_store *s, int64_t creditor, rl_date asof, rl_payment_total_fn fn,
			     void *ctx, struct rl_err *err)
{
	struct total_walk w = { fn, ctx };
	struct params p = { 0 };

	p_int(&p, creditor);
	p_date(&p, asof);
	return each_row(P(s),
			"SELECT p.currency, sum(p.amount), coalesce(sum((SELECT sum(a.amount) "
			"FROM allocation a WHERE a.payment_id = p.id)), 0) FROM payment p "
			"WHERE p.creditor_id = $1 AND p.paid_date <= $2 "
			"GROUP BY p.currency ORDER BY p.currency",
			&p, total_row, &w, err);
}

static int pg_max_id(rl_store *s, int64_t creditor, enum rl_entity e, int64_t *out,
		     struct rl_err *err)
{
	static const char *const sql[] = {
		[RL_ENTITY_CUSTOMER] = "SELECT coalesce(max(id), 0) FROM customer",
		[RL_ENTITY_INVOICE] = "SELECT coalesce(max(id), 0) FROM invoice",
		[RL_ENTITY_PAYMENT] = "SELECT coalesce(max(id), 0) FROM payment",
	};
	struct pg_store *ps = P(s);
	PGresult *res = PQexec(ps->conn, sql[e]);
	int rc = 0;

	(void)creditor;
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		rc = pg_error(ps, res, err, "cannot read ids");
	else
		*out = get_int(res, 0, 0);
	PQclear(res);
	return rc;
}

/* --- portable SQL (relance/store/sql.h) ------------------------------------------ */

static void sql_params(const struct rl_sql_value *params, int n, const char **v, char (*num)[24])
{
	for (int i = 0; i < n; i++) {
		if (params[i].type == RL_SQL_INT) {
			snprintf(num[i], sizeof(num[i]), "%lld", (long long)params[i].i);
			v[i] = num[i];
		} else {
			v[i] = params[i].type == RL_SQL_TEXT ? params[i].s : NULL;
		}
	}
}

/* Runs sql (prepared once per connection, keyed by its address). */
static int sql_run(struct pg_store *ps, const char *sql, const struct rl_sql_value *params, int n,
		   PGresult **out, struct rl_err *err)
{
	const char *v[32];
	char num[32][24], name[16];
	int slot = -1;
	PGresult *res;

	*out = NULL;
	if (n > 32)
		return rl_err_set(err, RL_EINVAL, "too many parameters");
	sql_params(params, n, v, num);
	for (int i = 0; i < SQL_CACHE; i++) {
		if (ps->sql_keys[i] == sql || !ps->sql_keys[i]) {
			slot = i;
			break;
		}
	}
	if (slot < 0) { /* cache full: run unprepared */
		res = PQexecParams(ps->conn, sql, n, NULL, v, NULL, NULL, 0);
	} else {
		snprintf(name, sizeof(name), "s%d", slot);
		if (!ps->sql_keys[slot]) {
			res = PQprepare(ps->conn, name, sql, 0, NULL);
			if (PQresultStatus(res) != PGRES_COMMAND_OK) {
				int rc = pg_error(ps, res, err, "cannot prepare statement");

				PQclear(res);
				return rc;
			}
			PQclear(res);
			ps->sql_keys[slot] = sql;
		}
		res = PQexecPrepared(ps->conn, name, n, v, NULL, NULL, 0);
	}
	if (PQresultStatus(res) != PGRES_COMMAND_OK && PQresultStatus(res) != PGRES_TUPLES_OK) {
		int rc = pg_error(ps, res, err, "statement failed");

		PQclear(res);
		return rc;
	}
	*out = res;
	return 0;
}

static int pg_sql_exec(rl_store *s, const char *sql, const struct rl_sql_value *params, int n,
		       int64_t *changes, struct rl_err *err)
{
	PGresult *res;
	int rc = sql_run(P(s), sql, params, n, &res, err);

	if (rc)
		return rc;
	if (changes)
		*changes = strtoll(PQcmdTuples(res), NULL, 10);
	PQclear(res);
	return 0;
}

static int pg_sql_query(rl_store *s, const char *sql, const struct rl_sql_value *params, int n,
			rl_sql_row_fn fn, void *ctx, struct rl_err *err)
{
	struct rl_sql_row row = { &pg_sql_ops, NULL, 0 };
	PGresult *res;
	int rc = sql_run(P(s), sql, params, n, &res, err), ret = 0;

	if (rc)
		return rc;
	row.impl = res;
	for (row.row = 0; row.row < PQntuples(res) && !ret; row.row++)
		ret = fn(ctx, &row);
	PQclear(res);
	return ret;
}

struct sql_walk {
	rl_sql_row_fn fn;
	void *ctx;
};

static int sql_row(void *ctx, const PGresult *res, int row)
{
	struct sql_walk *w = ctx;
	struct rl_sql_row r = { &pg_sql_ops, (void *)res, row };

	return w->fn(w->ctx, &r);
}

static int pg_sql_scan(rl_store *s, const char *sql, const struct rl_sql_value *params, int n,
		       rl_sql_row_fn fn, void *ctx, struct rl_err *err)
{
	struct sql_walk w = { fn, ctx };
	struct params p = { 0 };
	char num[MAX_PARAMS][24];

	if (n > MAX_PARAMS)
		return rl_err_set(err, RL_EINVAL, "too many parameters");
	sql_params(params, n, p.v, num);
	p.n = n;
	return each_row(P(s), sql, &p, sql_row, &w, err);
}

static int64_t pg_col_int(const struct rl_sql_row *r, int col)
{
	return strtoll(PQgetvalue(r->impl, r->row, col), NULL, 10);
}

static const char *pg_col_text(const struct rl_sql_row *r, int col)
{
	return PQgetvalue(r->impl, r->row, col);
}

static bool pg_col_null(const struct rl_sql_row *r, int col)
{
	return PQgetisnull(r->impl, r->row, col);
}

static const struct rl_sql_ops pg_sql_ops = {
	.exec = pg_sql_exec,
	.query = pg_sql_query,
	.scan = pg_sql_scan,
	.col_int = pg_col_int,
	.col_text = pg_col_text,
	.col_null = pg_col_null,
};

static const struct rl_store_ops pg_ops = {
	.name = "postgresql",
	.close = pg_close,
	.schema_version = pg_schema_version,
	.begin = pg_begin,
	.begin_bulk = pg_begin_bulk,
	.commit = pg_commit,
	.rollback = pg_rollback,
	.creditor_get = pg_creditor_get,
	.creditor_add = pg_creditor_add,
	.customer_insert = pg_customer_insert,
	.customer_insert_many = pg_customer_insert_many,
	.customer_update = pg_customer_update,
	.customer_get = pg_customer_get,
	.customer_each = pg_customer_each,
	.invoice_insert = pg_invoice_insert,
	.invoice_insert_many = pg_invoice_insert_many,
	.invoice_update = pg_invoice_update,
	.invoice_get = pg_invoice_get,
	.invoice_each = pg_invoice_each,
	.payment_insert = pg_payment_insert,
	.payment_update = pg_payment_update,
	.payment_get = pg_payment_get,
	.allocation_add = pg_allocation_add,
	.allocation_clear_payment = pg_allocation_clear_payment,
	.allocation_each = pg_allocation_each,
	.payment_totals = pg_payment_totals,
	.max_id = pg_max_id,
};
