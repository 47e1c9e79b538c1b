/* The PostgreSQL backend of the store (DESIGN.md §6), through libpq: the
 * same schema as SQLite (schema.h renders it for this dialect), statements
 * prepared once per connection, batch inserts sent with COPY (see "bulk
 * loads" below), and listings read through a cursor so that memory stays
 * flat and callbacks may use the store. Several processes may share one
 * database: uniqueness is enforced by the server, migrations are serialised
 * by an advisory lock, bulk loads by one advisory lock per creditor. */
#include <libpq-fe.h>
#include <stdint.h>
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

#define NENTITY 3      /* values of enum rl_entity */
#define T_ALLOCATION 3 /* tables with ids drawn in bulk: the entities', and this */
#define NTABLE 4

struct bloom;
struct behind;

struct pg_store {
	struct rl_store base; /* first: the public handle points here */
	PGconn *conn;
	char *uri;
	bool prepared[ST_COUNT];
#define SQL_CACHE 64
	const char *sql_keys[SQL_CACHE]; /* rl_sql_* statements prepared as "s<i>" */
	struct rl_buf scratch;           /* holds the strings of the last row looked up */
	/* the bulk transaction in progress (see "bulk loads"); reset at its end */
	bool bulk;                  /* begun by begin_bulk */
	enum rl_entity bulk_entity; /* what it loads */
	int64_t bulk_rows;          /* about how many rows */
	bool planned;               /* the strategy is chosen (at the first creditor named) */
	int64_t locked;             /* the creditor locked last, 0 if none yet */
	bool direct;                /* large load: rows copied straight into the table */
	int64_t keys_creditor;      /* the creditor of keys and of the rows written behind */
	struct bloom *keys;         /* keys that may exist for it (direct only) */
	bool staged[NENTITY];       /* staging table created in this transaction */
	int64_t unchecked[NTABLE];  /* lowest id written without triggers, 0 if none */
	bool behind;                /* bulk payments: payments, allocations written behind */
	struct behind *wait;        /* ... the rows waiting to be written */
	struct rl_buf rebuild;      /* indexes, constraints to create again before commit */
	/* per connection */
	int can_replica;       /* -1 unknown, else may set session_replication_role */
	char seq[NTABLE][128]; /* the sequence of each table's ids, once read */
	struct rl_buf copy;    /* COPY data on its way */
	char copying[64];      /* relance db copy: the table being copied into */
	int cursors;           /* each_row calls in progress */

	/* tables batches wrote to in this transaction, and how many rows */
#define BATCHED_TABLES 8
	struct {
		const char *table;
		int64_t rows;
	} batched[BATCHED_TABLES];
	int nbatched;
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

/* Bulk loads (defined with the batch inserts below). */
#define COPY_MAX (8u << 20) /* bytes of COPY data held before sending: one row at most */
static int bulk_enter(struct pg_store *ps, int64_t creditor, struct rl_err *err);
static int bulk_finish(struct pg_store *ps, struct rl_err *err);
static void bulk_end(struct pg_store *ps);
static void bulk_saw(struct pg_store *ps, int64_t creditor, enum rl_entity e, const char *key);
static int behind_flush(struct pg_store *ps, struct rl_err *err);
static void note_batched(struct pg_store *ps, const char *table, int64_t rows);

/* Every call naming a creditor starts with this: in a bulk transaction, the
 * first one takes the creditor's lock, and rows written behind are sent
 * before anything reads or changes the tables. */
#define BULK_ENTER(ps, creditor, err)                                                              \
	do {                                                                                       \
		int rc_ = bulk_enter(ps, creditor, err);                                           \
		if (!rc_)                                                                          \
			rc_ = behind_flush(ps, err);                                               \
		if (rc_)                                                                           \
			return rc_;                                                                \
	} while (0)

/* The same for the calls that know of the rows written behind. */
#define BULK_ENTER_BEHIND(ps, creditor, err)                                                       \
	do {                                                                                       \
		int rc_ = bulk_enter(ps, creditor, err);                                           \
		if (rc_)                                                                           \
			return rc_;                                                                \
	} while (0)

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
		return rl_err_set(
			err, RL_EINVAL,
			"schema version %d needs migrating to %d (run 'relance db migrate')", v,
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
	rl_buf_init(&ps->rebuild, RL_MAX_SQL);
	rl_buf_init(&ps->copy, COPY_MAX);
	ps->can_replica = -1;
	ps->conn = PQconnectdb(conninfo);
	if (PQstatus(ps->conn) != CONNECTION_OK) {
		rc = pg_error(ps, NULL, err, "cannot connect");
		goto fail;
	}
	if ((rc = command(ps, "SET client_min_messages = warning", err)) ||
	    (flags & RL_STORE_READONLY &&
	     (rc = command(ps, "SET default_transaction_read_only = on", err))))
		goto fail;
	if (!(flags & RL_STORE_NO_MIGRATE) && (rc = migrate(ps, flags, err)))
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

	bulk_end(ps);
	PQfinish(ps->conn);
	rl_buf_release(&ps->scratch);
	rl_buf_release(&ps->rebuild);
	rl_buf_release(&ps->copy);
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

/* Whether the role may set session_replication_role, asked once per
 * connection. Safe inside a transaction: servers older than 15, which lack
 * the function, are not asked (and get no for an answer). */
static bool replica_allowed(struct pg_store *ps)
{
	if (ps->can_replica < 0) {
		PGresult *res = PQserverVersion(ps->conn) < 150000
					? NULL
					: PQexec(ps->conn, "SELECT has_parameter_privilege("
							   "'session_replication_role', 'SET')");

		ps->can_replica = PQresultStatus(res) == PGRES_TUPLES_OK &&
				  strcmp(PQgetvalue(res, 0, 0), "t") == 0;
		PQclear(res);
	}
	return ps->can_replica == 1;
}

static int pg_begin_bulk(rl_store *s, enum rl_entity e, int64_t expected_rows, struct rl_err *err)
{
	struct pg_store *ps = P(s);
	int rc;

	replica_allowed(ps);
	if ((rc = command(ps, "BEGIN", err)))
		return rc;
	/* Batches are many mid-sized statements: compiling them costs more
	 * than it saves. */
	if ((rc = command(ps, "SET LOCAL jit = off", err))) {
		command(ps, "ROLLBACK", NULL);
		return rc;
	}
	ps->bulk = true;
	ps->bulk_entity = e;
	ps->bulk_rows = expected_rows;
	return 0;
}

static int analyze_batched(struct pg_store *ps, struct rl_err *err);

static int pg_commit(rl_store *s, struct rl_err *err)
{
	struct pg_store *ps = P(s);
	int rc;

	if ((ps->bulk || ps->rebuild.len) &&
	    ((rc = behind_flush(ps, err)) || (rc = bulk_finish(ps, err))))
		return rc;
	if ((rc = analyze_batched(ps, err)))
		return rc;
	if ((rc = command(ps, "COMMIT", err)) == 0)
		bulk_end(ps);
	return rc;
}

static void pg_rollback(rl_store *s)
{
	command(P(s), "ROLLBACK", NULL);
	bulk_end(P(s));
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

	BULK_ENTER(P(s), creditor, err);
	p_int(&p, creditor);
	customer_params(&p, c);
	if ((rc = insert_returning(P(s), ST_CUSTOMER_INSERT, &p, &new_id, err)))
		return rc;
	if (!new_id)
		return rl_err_set(err, RL_ECONFLICT, "customer '%s' already exists", c->code);
	bulk_saw(P(s), creditor, RL_ENTITY_CUSTOMER, c->code);
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

	BULK_ENTER(P(s), creditor, err);
	p_int(&p, creditor);
	p_int(&p, id);
	customer_params(&p, c);
	if ((rc = run(P(s), ST_CUSTOMER_UPDATE, &p, &res, err)))
		return rc;
	PQclear(res);
	bulk_saw(P(s), creditor, RL_ENTITY_CUSTOMER, c->code);
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

	BULK_ENTER_BEHIND(P(s), creditor, err);
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
 * row_fn for each; opens its own transaction when none is open. row_fn may
 * walk another query (each level has its own cursor). */
#define FETCH_ROWS 10000

typedef int (*pg_row_fn)(void *ctx, const PGresult *res, int row);

static int each_row(struct pg_store *ps, const char *sql, const struct params *p, pg_row_fn fn,
		    void *ctx, struct rl_err *err)
{
	bool own_tx = !ps->base.in_tx && !ps->cursors;
	char fetch[64], closing[32];
	struct rl_buf decl;
	PGresult *res;
	int rc = 0, ret = 0;

	rl_buf_init(&decl, RL_MAX_SQL);
	if (own_tx && (rc = command(ps, "BEGIN", err)))
		goto out;
	ps->cursors++;
	snprintf(fetch, sizeof(fetch), "FETCH %d FROM rl_cursor%d", FETCH_ROWS, ps->cursors);
	snprintf(closing, sizeof(closing), "CLOSE rl_cursor%d", ps->cursors);
	rl_buf_addf(&decl, "DECLARE rl_cursor%d NO SCROLL CURSOR FOR %s", ps->cursors, sql);
	res = PQexecParams(ps->conn, decl.ptr, p->n, NULL, p->v, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		rc = pg_error(ps, res, err, "cannot read");
		PQclear(res);
		goto end;
	}
	PQclear(res);
	for (;;) {
		int n;

		res = PQexec(ps->conn, fetch);
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
	rc = command(ps, closing, err);
end:
	ps->cursors--;
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

	BULK_ENTER(P(s), creditor, err);
	p_int(&p, creditor);
	return each_row(P(s),
			"SELECT " CUSTOMER_COLS " FROM customer WHERE creditor_id = $1 "
			"ORDER BY code COLLATE \"C\"",
			&p, customer_row, &w, err);
}

/* --- bulk loads ------------------------------------------------------------------- */

/* A bulk transaction (rl_store_begin_bulk) differs from a plain one in
 * these ways.
 *
 * It is serialised per creditor: its first call naming a creditor takes a
 * transaction-level advisory lock on it (LOCK_CLASS, creditor), held until
 * commit or rollback. Two imports into one ledger thus run one after the
 * other, the second seeing every row of the first: no key is raced for, and
 * the importer can tell the rows it wrote itself by their ids (max_id).
 *
 * Batches (insert_many) travel by COPY, not row by row: into a temporary
 * staging table, then moved by one INSERT ... SELECT ... ORDER BY seq ON
 * CONFLICT DO NOTHING, so that rows whose key exists are skipped (id 0) and,
 * of two rows with the same key, the first in file order is written. Ids are
 * drawn from the table's sequence before the copy, so the rows written are
 * known by the ids the INSERT returns.
 *
 * A large load (BULK_DIRECT_MIN_ROWS or more, and at least half the table's
 * size) goes further, like the SQLite backend: the table's non-unique
 * indexes are dropped and built again before commit (the table is locked
 * meanwhile), and rows are copied straight into the table. Only new keys may
 * be copied that way: the keys the creditor already has are read once into a
 * Bloom filter, every key written is added to it, and the few keys it may
 * hold are looked up exactly, one query per batch. (A writer outside
 * relance's lock adding one of the keys meanwhile makes the COPY fail with a
 * unique violation: the import then fails whole, nothing written.)
 *
 * A payment load writes its payments and allocations behind, by COPY, a few
 * thousand at a time (see "Bulk payments" below): the importer still reads
 * each payment's invoice, but no longer waits for the two writes after it.
 *
 * When the role may set session_replication_role (a superuser, or on
 * PostgreSQL 15 "GRANT SET ON PARAMETER session_replication_role"), the
 * foreign-key triggers are off during these statements only (each check
 * costs more than the insert itself), and the references of every row
 * written so are checked by one query before commit instead. */

#define LOCK_CLASS "29292"                 /* advisory lock key space of creditors ("rl") */
#define BULK_DIRECT_MIN_ROWS 100000        /* below, batches are staged */
#define COPY_FLUSH (1u << 20)              /* bytes of COPY data sent at once */
#define BLOOM_MAX_BITS ((uint64_t)1 << 28) /* 32 MiB */
#define BLOOM_HASHES 5

static const char *const entity_table[NTABLE] = {
	[RL_ENTITY_CUSTOMER] = "customer",
	[RL_ENTITY_INVOICE] = "invoice",
	[RL_ENTITY_PAYMENT] = "payment",
	[T_ALLOCATION] = "allocation",
};

static const char *const entity_key[NENTITY] = {
	[RL_ENTITY_CUSTOMER] = "code",
	[RL_ENTITY_INVOICE] = "number",
	[RL_ENTITY_PAYMENT] = "code",
};

/* A Bloom filter of keys: says "maybe" for every key added, and for about
 * one in a thousand others while it holds fewer than bits / 12 keys. */
struct bloom {
	uint64_t mask; /* bits - 1, bits a power of two */
	uint64_t bits[];
};

/* Payments and allocations of a bulk payment load kept back (see "Bulk
 * payments" below). */
#define BEHIND_ROWS 4096               /* rows kept back before they are sent */
#define BEHIND_SLOTS (2 * BEHIND_ROWS) /* of the allocations' hash: a power of two */

struct behind {
	struct rl_buf pays, allocs;   /* COPY rows of payments, of allocations */
	size_t rows;                  /* in both */
	size_t npays;                 /* in pays */
	int64_t pool[2][BEHIND_ROWS]; /* ids drawn for payments, for allocations */
	size_t pool_next[2], pool_have[2];
	int64_t inv[BEHIND_SLOTS];  /* invoices with allocations waiting (0: free slot) */
	int64_t paid[BEHIND_SLOTS]; /* ... and their sum */
};

static uint64_t key_hash(const char *s)
{
	uint64_t h = 0xcbf29ce484222325u; /* FNV-1a, then a 64-bit finaliser */

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3u;
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdu;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53u;
	return h ^ (h >> 33);
}

static struct bloom *bloom_new(int64_t keys)
{
	uint64_t bits = (uint64_t)1 << 16;
	struct bloom *b;

	while (bits < BLOOM_MAX_BITS && bits / 12 < (uint64_t)keys)
		bits <<= 1;
	b = calloc(1, sizeof(*b) + bits / 8);
	if (b)
		b->mask = bits - 1;
	return b;
}

static void bloom_add(struct bloom *b, uint64_t h)
{
	uint64_t step = (h >> 32) | 1;

	for (int i = 0; i < BLOOM_HASHES; i++, h += step)
		b->bits[(h & b->mask) >> 6] |= (uint64_t)1 << (h & 63);
}

static bool bloom_maybe(const struct bloom *b, uint64_t h)
{
	uint64_t step = (h >> 32) | 1;

	for (int i = 0; i < BLOOM_HASHES; i++, h += step)
		if (!(b->bits[(h & b->mask) >> 6] & ((uint64_t)1 << (h & 63))))
			return false;
	return true;
}

/* Forgets the bulk transaction (after commit or rollback). */
static void bulk_end(struct pg_store *ps)
{
	ps->nbatched = 0;
	free(ps->keys);
	ps->keys = NULL;
	if (ps->wait) {
		rl_buf_release(&ps->wait->pays);
		rl_buf_release(&ps->wait->allocs);
		free(ps->wait);
		ps->wait = NULL;
	}
	ps->bulk = ps->planned = ps->direct = ps->behind = false;
	ps->locked = ps->keys_creditor = 0;
	memset(ps->staged, 0, sizeof(ps->staged));
	memset(ps->unchecked, 0, sizeof(ps->unchecked));
	rl_buf_reset(&ps->rebuild);
}

/* Runs a query with text parameters; *out holds its result on success. */
static int query(struct pg_store *ps, const char *sql, const struct params *p, PGresult **out,
		 struct rl_err *err)
{
	PGresult *res =
		PQexecParams(ps->conn, sql, p ? p->n : 0, NULL, p ? p->v : NULL, NULL, NULL, 0);
	int rc;

	*out = NULL;
	if (PQresultStatus(res) != PGRES_TUPLES_OK && PQresultStatus(res) != PGRES_COMMAND_OK) {
		rc = pg_error(ps, res, err, "statement failed");
		PQclear(res);
		return rc;
	}
	*out = res;
	return 0;
}

static int key_row(void *ctx, const PGresult *res, int row)
{
	bloom_add(ctx, key_hash(PQgetvalue(res, row, 0)));
	return 0;
}

/* Drops the non-unique indexes of table that back no constraint, keeping
 * their definitions in ps->rebuild for bulk_finish. Only their owner may
 * drop them: for another role they stay, updated row by row. */
static int drop_secondary_indexes(struct pg_store *ps, const char *table, struct rl_err *err)
{
	struct params p = { 0 };
	PGresult *res;
	int rc;

	p_text(&p, table);
	if ((rc = query(ps,
			"SELECT format('DROP INDEX %I.%I', n.nspname, c.relname), "
			"pg_get_indexdef(i.indexrelid) FROM pg_index i "
			"JOIN pg_class c ON c.oid = i.indexrelid "
			"JOIN pg_namespace n ON n.oid = c.relnamespace "
			"WHERE i.indrelid = to_regclass($1) AND NOT i.indisunique AND "
			"pg_has_role(c.relowner, 'USAGE') AND NOT EXISTS "
			"(SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)",
			&p, &res, err)))
		return rc;
	for (int i = 0; i < PQntuples(res) && !rc; i++) {
		if (rl_buf_addf(&ps->rebuild, "%s; ", PQgetvalue(res, i, 1)))
			rc = rl_err_set(err, RL_ENOMEM, "too many indexes to rebuild");
		else
			rc = command(ps, PQgetvalue(res, i, 0), err);
	}
	PQclear(res);
	return rc;
}

/* Chooses how to load: called once, under the first creditor's lock. */
static int plan_bulk(struct pg_store *ps, int64_t creditor, struct rl_err *err)
{
	const char *table = entity_table[ps->bulk_entity];
	bool payments = ps->bulk_entity == RL_ENTITY_PAYMENT;
	struct params p = { 0 };
	struct rl_buf sql;
	PGresult *res;
	int64_t existing;
	int rc;

	if (ps->bulk_rows < BULK_DIRECT_MIN_ROWS && !payments)
		return 0;
	rl_buf_init(&sql, RL_MAX_SQL);
	rl_buf_addf(&sql, "SELECT count(*) FROM %s", table);
	rc = query(ps, sql.ptr, NULL, &res, err);
	if (rc)
		goto out;
	existing = get_int(res, 0, 0);
	PQclear(res);
	/* Beside a table much larger than the load, updating the indexes row
	 * by row is cheaper, and so are exact lookups of each key. */
	if (existing > 2 * ps->bulk_rows)
		goto out;
	if (ps->bulk_rows >= BULK_DIRECT_MIN_ROWS && (rc = drop_secondary_indexes(ps, table, err)))
		goto out;
	if (!(ps->keys = bloom_new(existing + ps->bulk_rows)) ||
	    (payments && !(ps->wait = calloc(1, sizeof(*ps->wait))))) {
		rc = rl_err_set(err, RL_ENOMEM, "out of memory");
		goto out;
	}
	rl_buf_reset(&sql);
	rl_buf_addf(&sql, "SELECT %s FROM %s WHERE creditor_id = $1", entity_key[ps->bulk_entity],
		    table);
	p_int(&p, creditor);
	if ((rc = each_row(ps, sql.ptr, &p, key_row, ps->keys, err)))
		goto out;
	ps->keys_creditor = creditor;
	if (payments) {
		rl_buf_init(&ps->wait->pays, COPY_MAX);
		rl_buf_init(&ps->wait->allocs, COPY_MAX);
		ps->behind = true;
	} else {
		ps->direct = true;
	}
out:
	rl_buf_release(&sql);
	return rc;
}

static int bulk_enter(struct pg_store *ps, int64_t creditor, struct rl_err *err)
{
	struct params p = { 0 };
	PGresult *res;
	int rc;

	if (!ps->bulk || ps->locked == creditor)
		return 0;
	/* The creditor's row is locked as a foreign-key check would, since the
	 * checks may be off. */
	p_int(&p, creditor & 0x7fffffff);
	p_int(&p, creditor);
	if ((rc = query(ps,
			"SELECT pg_advisory_xact_lock(" LOCK_CLASS ", $1::integer), "
			"(SELECT 1 FROM creditor WHERE id = $2 FOR KEY SHARE)",
			&p, &res, err)))
		return rc;
	PQclear(res);
	ps->locked = creditor;
	if (ps->planned)
		return 0;
	ps->planned = true;
	return plan_bulk(ps, creditor, err);
}

/* Turns the foreign-key triggers off (on = false) or on again around a bulk
 * statement, when the role may. */
static int triggers(struct pg_store *ps, bool on, struct rl_err *err)
{
	if (!ps->bulk || ps->can_replica != 1)
		return 0;
	return command(ps,
		       on ? "SET LOCAL session_replication_role = origin"
			  : "SET LOCAL session_replication_role = replica",
		       err);
}

/* Notes that rows of e from id first on were written without triggers. */
static void unchecked_from(struct pg_store *ps, int e, int64_t first)
{
	if (ps->bulk && ps->can_replica == 1 && (!ps->unchecked[e] || first < ps->unchecked[e]))
		ps->unchecked[e] = first;
}

/* Checks what the foreign keys would have, for the rows written without
 * triggers: each invoice's and payment's customer, each allocation's
 * invoice and payment exist, and are the same creditor's. Customers refer
 * to their creditor only, locked by bulk_enter. */
static int check_references(struct pg_store *ps, struct rl_err *err)
{
	static const char *const sql[NTABLE] = {
		[RL_ENTITY_INVOICE] =
			"SELECT count(*), min(x.number) FROM invoice x WHERE x.id >= $1 AND NOT "
			"EXISTS (SELECT 1 FROM customer c WHERE c.id = x.customer_id AND "
			"c.creditor_id = x.creditor_id)",
		[RL_ENTITY_PAYMENT] =
			"SELECT count(*), min(x.code) FROM payment x WHERE x.id >= $1 AND NOT "
			"EXISTS (SELECT 1 FROM customer c WHERE c.id = x.customer_id AND "
			"c.creditor_id = x.creditor_id)",
		[T_ALLOCATION] =
			"SELECT count(*), min(x.id)::text FROM allocation x WHERE x.id >= $1 AND "
			"(NOT EXISTS (SELECT 1 FROM invoice i WHERE i.id = x.invoice_id AND "
			"i.creditor_id = x.creditor_id) OR NOT EXISTS (SELECT 1 FROM payment p "
			"WHERE p.id = x.payment_id AND p.creditor_id = x.creditor_id))",
	};
	int rc = 0;

	for (int t = 0; t < NTABLE && !rc; t++) {
		struct params p = { 0 };
		PGresult *res;

		if (!ps->unchecked[t] || !sql[t])
			continue;
		p_int(&p, ps->unchecked[t]);
		if ((rc = query(ps, sql[t], &p, &res, err)))
			return rc;
		if (get_int(res, 0, 0) > 0)
			rc = rl_err_set(err, RL_ENOTFOUND,
					"postgresql: %s '%s' (and %lld more) refers to a row that "
					"does not exist, or is another creditor's",
					entity_table[t], PQgetvalue(res, 0, 1),
					(long long)get_int(res, 0, 0) - 1);
		PQclear(res);
	}
	return rc;
}

/* Before commit: references checked, indexes built again. */
static int bulk_finish(struct pg_store *ps, struct rl_err *err)
{
	int rc;

	if ((rc = check_references(ps, err)))
		return rc;
	if (!ps->rebuild.len)
		return 0;
	if ((rc = command(ps, "SET LOCAL maintenance_work_mem = '256MB'", err)))
		return rc;
	return command(ps, ps->rebuild.ptr, err);
}

/* Notes a key written outside insert_many while rows are copied straight
 * in: a later batch must not copy it again. */
static void bulk_saw(struct pg_store *ps, int64_t creditor, enum rl_entity e, const char *key)
{
	if (ps->keys && ps->keys_creditor == creditor && ps->bulk_entity == e)
		bloom_add(ps->keys, key_hash(key));
}

/* Draws n ids from the sequence of table e (entity_table), in increasing
 * order. */
static int take_ids(struct pg_store *ps, int e, size_t n, int64_t *out, struct rl_err *err)
{
	struct params p = { 0 };
	PGresult *res;
	int rc;

	if (!ps->seq[e][0]) {
		p_text(&p, entity_table[e]);
		if ((rc = query(ps, "SELECT pg_get_serial_sequence($1, 'id')", &p, &res, err)))
			return rc;
		snprintf(ps->seq[e], sizeof(ps->seq[e]), "%s", PQgetvalue(res, 0, 0));
		PQclear(res);
		p.n = 0;
	}
	p_text(&p, ps->seq[e]);
	p_int(&p, (int64_t)n);
	if ((rc = query(ps, "SELECT nextval($1::regclass) FROM generate_series(1, $2::integer)", &p,
			&res, err)))
		return rc;
	if ((size_t)PQntuples(res) != n) {
		PQclear(res);
		return rl_err_set(err, RL_EIO, "postgresql: cannot draw ids");
	}
	for (size_t i = 0; i < n; i++) {
		out[i] = get_int(res, (int)i, 0);
		if (i && out[i] <= out[i - 1]) {
			PQclear(res);
			return rl_err_set(err, RL_EIO, "postgresql: ids drawn out of order");
		}
	}
	PQclear(res);
	return 0;
}

/* COPY data: text format, a tab after each column but the last of a row,
 * a newline after it. Each returns non-zero if the buffer is full. */
static int copy_text(struct rl_buf *b, const char *s, char end)
{
	const char *start = s;
	int rc = 0;

	for (; *s; s++) {
		char e = *s == '\\'   ? '\\'
			 : *s == '\t' ? 't'
			 : *s == '\n' ? 'n'
			 : *s == '\r' ? 'r'
				      : 0;

		if (e) {
			rc |= rl_buf_add(b, start, (size_t)(s - start));
			rc |= rl_buf_addch(b, '\\');
			rc |= rl_buf_addch(b, e);
			start = s + 1;
		}
	}
	rc |= rl_buf_add(b, start, (size_t)(s - start));
	return rc | rl_buf_addch(b, end);
}

static int copy_int(struct rl_buf *b, int64_t v, char end)
{
	char tmp[24], *p = tmp + sizeof(tmp);
	uint64_t u = v < 0 ? -(uint64_t)v : (uint64_t)v;

	do
		*--p = (char)('0' + u % 10);
	while (u /= 10);
	if (v < 0)
		*--p = '-';
	return rl_buf_add(b, p, (size_t)(tmp + sizeof(tmp) - p)) || rl_buf_addch(b, end);
}

static int copy_date(struct rl_buf *b, rl_date d, char end)
{
	char tmp[RL_DATE_ISO_LEN + 1];

	rl_date_format_iso(d, tmp);
	return rl_buf_add(b, tmp, RL_DATE_ISO_LEN) || rl_buf_addch(b, end);
}

static int copy_start(struct pg_store *ps, const char *sql, struct rl_err *err)
{
	PGresult *res = PQexec(ps->conn, sql);
	int rc = 0;

	if (PQresultStatus(res) != PGRES_COPY_IN)
		rc = pg_error(ps, res, err, "cannot copy");
	PQclear(res);
	rl_buf_reset(&ps->copy);
	return rc;
}

/* Sends the rows held, once there are enough of them (or all when all). */
static int copy_send(struct pg_store *ps, bool all, struct rl_err *err)
{
	if (ps->copy.len == 0 || (!all && ps->copy.len < COPY_FLUSH))
		return 0;
	if (PQputCopyData(ps->conn, ps->copy.ptr, (int)ps->copy.len) != 1)
		return pg_error(ps, NULL, err, "cannot send rows");
	rl_buf_reset(&ps->copy);
	return 0;
}

/* Ends a COPY: completes it if rc is 0, else cancels it. Returns the status. */
static int copy_end(struct pg_store *ps, int rc, struct rl_err *err)
{
	PGresult *res;

	if (!rc)
		rc = copy_send(ps, true, err);
	if (PQputCopyEnd(ps->conn, rc ? "cancelled" : NULL) != 1 && !rc)
		rc = pg_error(ps, NULL, err, "cannot end the copy");
	while ((res = PQgetResult(ps->conn))) {
		if (PQresultStatus(res) != PGRES_COMMAND_OK && !rc)
			rc = pg_error(ps, res, err, "cannot copy");
		PQclear(res);
	}
	rl_buf_reset(&ps->copy);
	return rc;
}

/* How bulk_insert handles one entity. */
struct bulk_kind {
	enum rl_entity e;
	size_t size;                         /* of one row */
	const char *(*key)(const void *row); /* its natural key */
	bool (*direct_ok)(const void *row);  /* can be copied with no lookup */
	/* appends the row's columns after creditor_id; non-zero if full */
	int (*put)(struct rl_buf *b, const void *row, bool staged);
	const char *copy;  /* COPY straight into the table: id, creditor_id, columns */
	const char *stage; /* the staging table: seq, id, columns (staged) */
	const char *stage_copy;
	const char *move; /* INSERT ... SELECT from it, $1 the creditor, RETURNING id */
	const char *truncate;
};

static const char *customer_key(const void *row)
{
	return ((const struct rl_customer *)row)->code;
}

static bool always(const void *row)
{
	(void)row;
	return true;
}

static int customer_put(struct rl_buf *b, const void *row, bool staged)
{
	const struct rl_customer *c = row;
	const char *const text[] = {
		c->code,    c->name,     rl_customer_kind_str(c->kind),
		c->country, c->language, c->email,
		c->phone,   c->address,
	};
	(void)staged;
	for (size_t i = 0; i < sizeof(text) / sizeof(text[0]); i++)
		if (copy_text(b, text[i] ? text[i] : "", '\t'))
			return RL_ENOMEM;
	return copy_int(b, c->blocked, '\n');
}

#define CUSTOMER_COPY_COLS "code, name, kind, country, language, email, phone, address, blocked"

static const struct bulk_kind customer_kind = {
	RL_ENTITY_CUSTOMER,
	sizeof(struct rl_customer),
	customer_key,
	always,
	customer_put,
	"COPY customer (id, creditor_id, " CUSTOMER_COPY_COLS ") FROM STDIN",
	"CREATE TEMP TABLE rl_stage_customer (seq integer, id bigint, code text, name text, "
	"kind text, country text, language text, email text, phone text, address text, "
	"blocked bigint) ON COMMIT DROP",
	"COPY rl_stage_customer FROM STDIN",
	"INSERT INTO customer (id, creditor_id, " CUSTOMER_COPY_COLS
	") SELECT id, $1, " CUSTOMER_COPY_COLS
	" FROM rl_stage_customer ORDER BY seq ON CONFLICT (creditor_id, code) DO NOTHING "
	"RETURNING id",
	"TRUNCATE rl_stage_customer",
};

static const char *invoice_key(const void *row)
{
	return ((const struct rl_invoice *)row)->number;
}

static bool invoice_direct_ok(const void *row)
{
	return ((const struct rl_invoice *)row)->customer_id > 0;
}

static int invoice_put(struct rl_buf *b, const void *row, bool staged)
{
	const struct rl_invoice *inv = row;
	return copy_text(b, inv->number, '\t') ||
	       (staged && copy_text(b, inv->customer_code ? inv->customer_code : "", '\t')) ||
	       copy_int(b, inv->customer_id, '\t') ||
	       copy_text(b, rl_doc_type_str(inv->type), '\t') ||
	       copy_date(b, inv->issue_date, '\t') || copy_date(b, inv->due_date, '\t') ||
	       copy_text(b, inv->currency ? inv->currency->code : "", '\t') ||
	       copy_int(b, inv->amount, '\n');
}

#define INVOICE_COPY_COLS "number, customer_id, type, issue_date, due_date, currency, amount"

/* A row whose customer id is 0 names it by code: looked up, skipped if none. */
static const struct bulk_kind invoice_kind = {
	RL_ENTITY_INVOICE,
	sizeof(struct rl_invoice),
	invoice_key,
	invoice_direct_ok,
	invoice_put,
	"COPY invoice (id, creditor_id, " INVOICE_COPY_COLS ") FROM STDIN",
	"CREATE TEMP TABLE rl_stage_invoice (seq integer, id bigint, number text, "
	"customer_code text, customer_id bigint, type text, issue_date text, due_date text, "
	"currency text, amount bigint) ON COMMIT DROP",
	"COPY rl_stage_invoice FROM STDIN",
	"INSERT INTO invoice (id, creditor_id, " INVOICE_COPY_COLS ") SELECT id, $1, number, cid, "
	"type, issue_date, due_date, currency, amount FROM (SELECT s.*, "
	"coalesce(nullif(s.customer_id, 0), (SELECT c.id FROM customer c "
	"WHERE c.creditor_id = $1 AND c.code = s.customer_code)) AS cid "
	"FROM rl_stage_invoice s) t WHERE cid IS NOT NULL ORDER BY seq "
	"ON CONFLICT (creditor_id, number) DO NOTHING RETURNING id",
	"TRUNCATE rl_stage_invoice",
};

#define ROW(kind, rows, i) ((const char *)(rows) + (i) * (kind)->size)

static int cmp_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/* Staged: copy into the staging table, move with ON CONFLICT DO NOTHING. */
static int insert_staged(struct pg_store *ps, const struct bulk_kind *k, int64_t creditor,
			 const void *rows, size_t n, int64_t *ids, struct rl_err *err)
{
	int64_t *fresh = malloc(n * sizeof(*fresh));
	struct params p = { 0 };
	PGresult *res = NULL;
	int rc;

	if (!fresh)
		return rl_err_set(err, RL_ENOMEM, "out of memory");
	if ((rc = take_ids(ps, k->e, n, fresh, err)))
		goto out;
	if (!ps->staged[k->e]) {
		if ((rc = command(ps, k->stage, err)))
			goto out;
		ps->staged[k->e] = true;
	}
	if ((rc = copy_start(ps, k->stage_copy, err)))
		goto out;
	for (size_t i = 0; i < n && !rc; i++) {
		if (copy_int(&ps->copy, (int64_t)i, '\t') || copy_int(&ps->copy, fresh[i], '\t') ||
		    k->put(&ps->copy, ROW(k, rows, i), true))
			rc = rl_err_set(err, RL_ENOMEM, "row too large");
		else
			rc = copy_send(ps, false, err);
	}
	if ((rc = copy_end(ps, rc, err)) || (rc = triggers(ps, false, err)))
		goto out;
	p_int(&p, creditor);
	if ((rc = query(ps, k->move, &p, &res, err)) || (rc = triggers(ps, true, err)) ||
	    (rc = command(ps, k->truncate, err)))
		goto out;
	unchecked_from(ps, k->e, fresh[0]);
	note_batched(ps, entity_table[k->e], PQntuples(res));
	for (int r = 0; r < PQntuples(res); r++) {
		int64_t id = get_int(res, r, 0);
		int64_t *at = bsearch(&id, fresh, n, sizeof(*fresh), cmp_id);

		if (at)
			ids[at - fresh] = id;
	}
	for (size_t i = 0; i < n; i++)
		bulk_saw(ps, creditor, k->e, k->key(ROW(k, rows, i)));
out:
	PQclear(res);
	free(fresh);
	return rc;
}

/* The rows of a batch by key: open addressing over row indexes. */
struct batch_keys {
	size_t mask;
	size_t *slot; /* row index + 1, 0 when free */
};

/* Returns the row holding key, or n when none; with add, records row i
 * under it if it is new. */
static size_t batch_find(struct batch_keys *bk, const struct bulk_kind *k, const void *rows,
			 const char *key, uint64_t h, size_t i, bool add)
{
	for (size_t j = h & bk->mask;; j = (j + 1) & bk->mask) {
		if (!bk->slot[j]) {
			if (add)
				bk->slot[j] = i + 1;
			return SIZE_MAX;
		}
		if (strcmp(k->key(ROW(k, rows, bk->slot[j] - 1)), key) == 0)
			return bk->slot[j] - 1;
	}
}

/* Appends s as an element of a PostgreSQL array literal. */
static void array_elem(struct rl_buf *b, const char *s)
{
	rl_buf_addch(b, b->len > 1 ? ',' : '{');
	rl_buf_addch(b, '"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			rl_buf_addch(b, '\\');
		rl_buf_addch(b, *s);
	}
	rl_buf_addch(b, '"');
}

/* Direct: only keys surely new are copied, straight into the table. */
static int insert_direct(struct pg_store *ps, const struct bulk_kind *k, int64_t creditor,
			 const void *rows, size_t n, int64_t *ids, struct rl_err *err)
{
	struct batch_keys bk = { 0 };
	uint64_t *h = malloc(n * sizeof(*h));
	bool *skip = calloc(n, sizeof(*skip));
	int64_t *fresh = malloc(n * sizeof(*fresh));
	struct params p = { 0 };
	struct rl_buf probe, sql;
	PGresult *res = NULL;
	size_t cap = 16, m = 0, nprobe = 0;
	int rc = 0;

	rl_buf_init(&probe, RL_MAX_OUTPUT);
	rl_buf_init(&sql, RL_MAX_SQL);
	while (cap < 2 * n)
		cap <<= 1;
	bk.mask = cap - 1;
	bk.slot = calloc(cap, sizeof(*bk.slot));
	if (!h || !skip || !fresh || !bk.slot) {
		rc = rl_err_set(err, RL_ENOMEM, "out of memory");
		goto out;
	}
	/* Later rows with a key seen earlier in the batch are skipped; keys the
	 * filter may hold are looked up. */
	for (size_t i = 0; i < n; i++) {
		const char *key = k->key(ROW(k, rows, i));

		h[i] = key_hash(key);
		if (batch_find(&bk, k, rows, key, h[i], i, true) != SIZE_MAX) {
			skip[i] = true;
		} else if (bloom_maybe(ps->keys, h[i])) {
			array_elem(&probe, key);
			nprobe++;
		}
	}
	if (nprobe) {
		if (rl_buf_addch(&probe, '}')) {
			rc = rl_err_set(err, RL_ENOMEM, "batch too large");
			goto out;
		}
		rl_buf_addf(&sql,
			    "SELECT %s FROM %s WHERE creditor_id = $1 AND %s = ANY($2::text[])",
			    entity_key[k->e], entity_table[k->e], entity_key[k->e]);
		p_int(&p, creditor);
		p.v[p.n++] = probe.ptr;
		if ((rc = query(ps, sql.ptr, &p, &res, err)))
			goto out;
		for (int r = 0; r < PQntuples(res); r++) {
			const char *key = PQgetvalue(res, r, 0);
			size_t i = batch_find(&bk, k, rows, key, key_hash(key), 0, false);

			if (i != SIZE_MAX)
				skip[i] = true;
		}
	}
	for (size_t i = 0; i < n; i++)
		m += !skip[i];
	if (!m)
		goto out;
	if ((rc = take_ids(ps, k->e, m, fresh, err)) || (rc = triggers(ps, false, err)) ||
	    (rc = copy_start(ps, k->copy, err)))
		goto out;
	for (size_t i = 0, j = 0; i < n && !rc; i++) {
		if (skip[i])
			continue;
		ids[i] = fresh[j++];
		if (copy_int(&ps->copy, ids[i], '\t') || copy_int(&ps->copy, creditor, '\t') ||
		    k->put(&ps->copy, ROW(k, rows, i), false))
			rc = rl_err_set(err, RL_ENOMEM, "row too large");
		else
			rc = copy_send(ps, false, err);
	}
	if ((rc = copy_end(ps, rc, err))) {
		if (rc == RL_ECONFLICT)
			rl_err_set(err, rc,
				   "postgresql: %ss were written by another session during this "
				   "load (%s): run it again",
				   entity_table[k->e], err->msg);
		goto out;
	}
	if ((rc = triggers(ps, true, err)))
		goto out;
	unchecked_from(ps, k->e, fresh[0]);
	note_batched(ps, entity_table[k->e], (int64_t)m);
	for (size_t i = 0; i < n; i++)
		if (!skip[i])
			bloom_add(ps->keys, h[i]);
out:
	if (rc)
		memset(ids, 0, n * sizeof(*ids));
	PQclear(res);
	rl_buf_release(&probe);
	rl_buf_release(&sql);
	free(bk.slot);
	free(h);
	free(skip);
	free(fresh);
	return rc;
}

/* Inserts n rows of kind k for creditor: ids[i] the new id, or 0 when row
 * i's key exists (or its customer does not). */
static int bulk_insert(struct pg_store *ps, const struct bulk_kind *k, int64_t creditor,
		       const void *rows, size_t n, int64_t *ids, struct rl_err *err)
{
	bool direct;
	int rc;

	if (n == 0)
		return 0;
	if (n > INT32_MAX)
		return rl_err_set(err, RL_EINVAL, "batch too large");
	if ((rc = bulk_enter(ps, creditor, err)) || (rc = behind_flush(ps, err)))
		return rc;
	memset(ids, 0, n * sizeof(*ids));
	direct = ps->direct && ps->keys_creditor == creditor && ps->bulk_entity == k->e;
	for (size_t i = 0; i < n && direct; i++)
		direct = k->direct_ok(ROW(k, rows, i));
	if (direct)
		return insert_direct(ps, k, creditor, rows, n, ids, err);
	return insert_staged(ps, k, creditor, rows, n, ids, err);
}

static int pg_customer_insert_many(rl_store *s, int64_t creditor, const struct rl_customer *cs,
				   size_t n, int64_t *ids, struct rl_err *err)
{
	return bulk_insert(P(s), &customer_kind, creditor, cs, n, ids, err);
}

/* Bulk payments. The importer reads each payment's invoice, then writes the
 * payment and its allocation: three round trips a row. In a bulk payment
 * load the writes are kept back instead ("written behind") and sent by COPY
 * some thousands at a time, or as soon as anything else reads or changes the
 * tables; invoice_get adds the allocations still waiting to what it reads,
 * so that a row sees the rows before it. A payment whose code the Bloom
 * filter may hold is inserted at once, after the rows waiting, as usual. */

#define PAYMENT_COPY                                                                               \
	"COPY payment (id, creditor_id, code, customer_id, paid_date, currency, amount, "          \
	"invoice_number, reference) FROM STDIN"
#define ALLOCATION_COPY                                                                            \
	"COPY allocation (id, creditor_id, invoice_id, payment_id, date, amount) FROM STDIN"

static bool behind_for(const struct pg_store *ps, int64_t creditor)
{
	return ps->behind && ps->keys_creditor == creditor;
}

/* A new id for table t (RL_ENTITY_PAYMENT or T_ALLOCATION). */
static int behind_id(struct pg_store *ps, int t, int64_t *id, struct rl_err *err)
{
	struct behind *w = ps->wait;
	int k = t == T_ALLOCATION;
	int rc;

	if (w->pool_next[k] == w->pool_have[k]) {
		/* About as many as the load needs: unused ids are lost. */
		size_t n = ps->bulk_rows < 16            ? 16
			   : ps->bulk_rows < BEHIND_ROWS ? (size_t)ps->bulk_rows
							 : BEHIND_ROWS;

		if ((rc = take_ids(ps, t, n, w->pool[k], err)))
			return rc;
		w->pool_next[k] = 0;
		w->pool_have[k] = n;
		unchecked_from(ps, t, w->pool[k][0]);
	}
	*id = w->pool[k][w->pool_next[k]++];
	return 0;
}

static size_t slot_of(const struct behind *w, int64_t invoice)
{
	size_t j = (size_t)(((uint64_t)invoice * 0x9e3779b97f4a7c15u) >> 40) & (BEHIND_SLOTS - 1);

	while (w->inv[j] && w->inv[j] != invoice)
		j = (j + 1) & (BEHIND_SLOTS - 1);
	return j;
}

/* The allocations to invoice that are still waiting. */
static int64_t behind_paid(const struct pg_store *ps, int64_t invoice)
{
	const struct behind *w = ps->wait;

	return w && w->rows ? w->paid[slot_of(w, invoice)] : 0;
}

static int copy_all(struct pg_store *ps, const char *sql, const struct rl_buf *rows,
		    struct rl_err *err)
{
	int rc = copy_start(ps, sql, err);

	if (rc)
		return rc;
	if (PQputCopyData(ps->conn, rows->ptr, (int)rows->len) != 1)
		rc = pg_error(ps, NULL, err, "cannot send rows");
	return copy_end(ps, rc, err);
}

/* Sends the rows kept back: payments first, then allocations. */
static int behind_flush(struct pg_store *ps, struct rl_err *err)
{
	struct behind *w = ps->wait;
	int rc;

	if (!w || !w->rows)
		return 0;
	if ((rc = triggers(ps, false, err)) ||
	    (w->pays.len && (rc = copy_all(ps, PAYMENT_COPY, &w->pays, err))) ||
	    (w->allocs.len && (rc = copy_all(ps, ALLOCATION_COPY, &w->allocs, err))) ||
	    (rc = triggers(ps, true, err)))
		return rc;
	note_batched(ps, entity_table[RL_ENTITY_PAYMENT], (int64_t)w->npays);
	note_batched(ps, entity_table[T_ALLOCATION], (int64_t)(w->rows - w->npays));
	rl_buf_reset(&w->pays);
	rl_buf_reset(&w->allocs);
	memset(w->inv, 0, sizeof(w->inv));
	memset(w->paid, 0, sizeof(w->paid));
	w->rows = w->npays = 0;
	return 0;
}

/* Counts a row kept back; sends them all once there are enough. */
static int behind_kept(struct pg_store *ps, struct rl_err *err)
{
	struct behind *w = ps->wait;

	if (++w->rows < BEHIND_ROWS && w->pays.len + w->allocs.len < 4 * COPY_FLUSH)
		return 0;
	return behind_flush(ps, err);
}

/* Keeps back a new payment whose code is surely not stored. */
static int behind_payment(struct pg_store *ps, int64_t creditor, const struct rl_payment *pay,
			  int64_t *id, struct rl_err *err)
{
	struct rl_buf *b = &ps->wait->pays;
	int rc;

	if ((rc = behind_id(ps, RL_ENTITY_PAYMENT, id, err)))
		return rc;
	if (copy_int(b, *id, '\t') || copy_int(b, creditor, '\t') ||
	    copy_text(b, pay->code, '\t') || copy_int(b, pay->customer_id, '\t') ||
	    copy_date(b, pay->paid_date, '\t') ||
	    copy_text(b, pay->currency ? pay->currency->code : "", '\t') ||
	    copy_int(b, pay->amount, '\t') ||
	    copy_text(b, pay->invoice_number ? pay->invoice_number : "", '\t') ||
	    copy_text(b, pay->reference ? pay->reference : "", '\n'))
		return rl_err_set(err, RL_ENOMEM, "payment '%s' too large", pay->code);
	bloom_add(ps->keys, key_hash(pay->code));
	ps->wait->npays++;
	return behind_kept(ps, err);
}

static int behind_allocation(struct pg_store *ps, int64_t creditor, int64_t invoice_id,
			     int64_t payment_id, rl_date date, int64_t amount, struct rl_err *err)
{
	struct behind *w = ps->wait;
	struct rl_buf *b = &w->allocs;
	size_t slot;
	int64_t id;
	int rc;

	if ((rc = behind_id(ps, T_ALLOCATION, &id, err)))
		return rc;
	if (copy_int(b, id, '\t') || copy_int(b, creditor, '\t') || copy_int(b, invoice_id, '\t') ||
	    copy_int(b, payment_id, '\t') || copy_date(b, date, '\t') || copy_int(b, amount, '\n'))
		return rl_err_set(err, RL_ENOMEM, "out of memory");
	slot = slot_of(w, invoice_id);
	w->inv[slot] = invoice_id;
	w->paid[slot] += amount;
	return behind_kept(ps, err);
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

/* Why an insert that names its customer by code wrote no row, from the
 * lookup of its key that followed: the key exists (RL_ECONFLICT) or, when
 * the lookup found nothing, the customer does not (RL_ENOTFOUND). */
static int not_inserted(int lookup, const char *what, const char *key, const char *customer,
			struct rl_err *err)
{
	if (lookup == RL_ENOTFOUND)
		return rl_err_set(err, RL_ENOTFOUND, "unknown customer '%s'", customer);
	if (lookup)
		return lookup;
	return rl_err_set(err, RL_ECONFLICT, "%s '%s' already exists", what, key);
}

static int pg_invoice_insert(rl_store *s, int64_t creditor, const struct rl_invoice *inv,
			     int64_t *id, struct rl_err *err)
{
	struct pg_store *ps = P(s);
	struct params p = { 0 };
	struct rl_invoice existing;
	int64_t new_id;
	int rc;

	BULK_ENTER(P(s), creditor, err);
	invoice_params(&p, creditor, inv);
	if ((rc = insert_returning(ps, inv->customer_id ? ST_INVOICE_INSERT_ID : ST_INVOICE_INSERT,
				   &p, &new_id, err)))
		return rc;
	if (new_id) {
		bulk_saw(ps, creditor, RL_ENTITY_INVOICE, inv->number);
		if (id)
			*id = new_id;
		return 0;
	}
	/* No row: either the number exists or the customer does not. */
	return not_inserted(s->ops->invoice_get(s, creditor, inv->number, &existing, err),
			    "invoice", inv->number, inv->customer_code, err);
}

static int pg_invoice_insert_many(rl_store *s, int64_t creditor, const struct rl_invoice *invs,
				  size_t n, int64_t *ids, struct rl_err *err)
{
	return bulk_insert(P(s), &invoice_kind, creditor, invs, n, ids, err);
}

static int pg_invoice_update(rl_store *s, int64_t creditor, int64_t id,
			     const struct rl_invoice *inv, struct rl_err *err)
{
	struct params p = { 0 };
	PGresult *res;
	int rc, n;

	BULK_ENTER(P(s), creditor, err);
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
	bulk_saw(P(s), creditor, RL_ENTITY_INVOICE, inv->number);
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

	BULK_ENTER_BEHIND(P(s), creditor, err);
	p_int(&p, creditor);
	p_text(&p, number);
	if ((rc = run(ps, ST_INVOICE_GET, &p, &res, err)))
		return rc;
	if (PQntuples(res) == 0) {
		PQclear(res);
		return rl_err_set(err, RL_ENOTFOUND, "no invoice '%s'", number);
	}
	read_invoice(res, 0, out);
	out->paid += behind_paid(ps, out->id);
	rl_buf_reset(&ps->scratch);
	off_num = keep(ps, res, 0, 1);
	off_cust = keep(ps, res, 0, 2);
	out->number = KEPT(ps, off_num);
	out->customer_code = KEPT(ps, off_cust);
	PQclear(res);
	return 0;
}

/* One query for the batch: the numbers go as one array parameter. */
static int pg_invoice_get_many(rl_store *s, int64_t creditor, const char *const *numbers, size_t n,
			       rl_invoice_found_fn fn, void *ctx, struct rl_err *err)
{
	/* One index lookup per number: as a plain join, the planner prefers
	 * hashing the whole invoice table for a few thousand numbers (OFFSET 0
	 * keeps the lateral subquery from being flattened into one). */
	static const char sql[] =
		"SELECT v.*, k.ord - 1 FROM unnest($2::text[]) WITH ORDINALITY AS k(number, ord) "
		"CROSS JOIN LATERAL (SELECT i.id, i.number, c.code, i.type, i.issue_date, "
		"i.due_date, i.currency, i.amount, coalesce((SELECT sum(a.amount) "
		"FROM allocation a WHERE a.invoice_id = i.id), 0) "
		"FROM invoice i JOIN customer c ON c.id = i.customer_id "
		"WHERE i.creditor_id = $1 AND i.number = k.number OFFSET 0) v";
	struct pg_store *ps = P(s);
	struct params p = { 0 };
	struct rl_buf list;
	PGresult *res = NULL;
	int rc = 0, ret = 0;

	BULK_ENTER_BEHIND(ps, creditor, err);
	if (n == 0)
		return 0;
	rl_buf_init(&list, RL_MAX_OUTPUT);
	for (size_t i = 0; i < n; i++)
		array_elem(&list, numbers[i]);
	if (rl_buf_addch(&list, '}')) {
		rc = rl_err_set(err, RL_ENOMEM, "too many invoices to look up");
		goto out;
	}
	p_int(&p, creditor);
	p.v[p.n++] = list.ptr;
	if ((rc = query(ps, sql, &p, &res, err)))
		goto out;
	for (int r = 0; r < PQntuples(res) && !ret; r++) {
		struct rl_invoice inv;
		int64_t i = get_int(res, r, 9);

		read_invoice(res, r, &inv);
		inv.paid += behind_paid(ps, inv.id);
		if (i >= 0 && (size_t)i < n)
			ret = fn(ctx, (size_t)i, &inv);
	}
out:
	PQclear(res);
	rl_buf_release(&list);
	return rc ? rc : ret;
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

	BULK_ENTER(P(s), creditor, err);
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

	BULK_ENTER_BEHIND(P(s), creditor, err);
	if (behind_for(ps, creditor) && pay->customer_id > 0 &&
	    !bloom_maybe(ps->keys, key_hash(pay->code)))
		return behind_payment(ps, creditor, pay, id ? id : &new_id, err);
	if ((rc = behind_flush(ps, err)))
		return rc;
	p_int(&p, creditor);
	p_text(&p, pay->code);
	p_text(&p, pay->customer_code);
	payment_params(&p, pay);
	p_int(&p, pay->customer_id);
	if ((rc = insert_returning(ps, pay->customer_id ? ST_PAYMENT_INSERT_ID : ST_PAYMENT_INSERT,
				   &p, &new_id, err)))
		return rc;
	if (new_id) {
		bulk_saw(ps, creditor, RL_ENTITY_PAYMENT, pay->code);
		if (id)
			*id = new_id;
		return 0;
	}
	return not_inserted(s->ops->payment_get(s, creditor, pay->code, &existing, err), "payment",
			    pay->code, pay->customer_code, err);
}

static int pg_payment_update(rl_store *s, int64_t creditor, int64_t id,
			     const struct rl_payment *pay, struct rl_err *err)
{
	struct params p = { 0 };
	PGresult *res;
	int rc, n;

	BULK_ENTER(P(s), creditor, err);
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
	bulk_saw(P(s), creditor, RL_ENTITY_PAYMENT, pay->code);
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

	BULK_ENTER(P(s), creditor, err);
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

	BULK_ENTER_BEHIND(P(s), creditor, err);
	if (behind_for(P(s), creditor))
		return behind_allocation(P(s), creditor, invoice_id, payment_id, date, amount, err);
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

	BULK_ENTER(P(s), creditor, err);
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

	BULK_ENTER(P(s), creditor, err);
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

	BULK_ENTER(P(s), creditor, err);
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
	PGresult *res;
	int rc = 0;

	/* In a bulk transaction this takes the creditor's lock first: rows of
	 * the creditor stored later are then this transaction's own (ids of
	 * other creditors' rows do not matter: lookups never cross creditors). */
	BULK_ENTER(ps, creditor, err);
	res = PQexec(ps->conn, sql[e]);
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
	if ((slot = behind_flush(ps, err))) /* other modules read the tables */
		return slot;
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

static int copy_value(struct rl_buf *b, const struct rl_sql_value *v, char end)
{
	if (v->type == RL_SQL_INT)
		return copy_int(b, v->i, end);
	if (v->type == RL_SQL_TEXT)
		return copy_text(b, v->s, end);
	return rl_buf_addstr(b, "\\N") || rl_buf_addch(b, end);
}

/* Notes that a batch (rl_sql_batch, a bulk load's COPY) wrote rows to
 * table, for analyze_batched. */
static void note_batched(struct pg_store *ps, const char *table, int64_t rows)
{
	int i = 0;

	while (i < ps->nbatched && strcmp(ps->batched[i].table, table) != 0)
		i++;
	if (i == BATCHED_TABLES)
		return; /* more tables than any caller writes: left to autovacuum */
	if (i == ps->nbatched) {
		ps->batched[ps->nbatched].table = table;
		ps->batched[ps->nbatched++].rows = 0;
	}
	ps->batched[i].rows += rows;
}

/* Before commit: the tables that batches grew by a tenth or more (as
 * autovacuum counts, plus a thousand rows) and the role owns are analyzed
 * in the transaction (ANALYZE counts its own uncommitted rows), so that the
 * next command does not plan on statistics that still call them small: the
 * dunning run's scan, right after a payment import, otherwise read the whole
 * allocation table once per invoice (minutes, at a million invoices). */
static int analyze_batched(struct pg_store *ps, struct rl_err *err)
{
	for (int i = 0; i < ps->nbatched; i++) {
		struct params p = { 0 };
		struct rl_buf sql;
		PGresult *res;
		bool grown;
		int rc;

		p_text(&p, ps->batched[i].table);
		p_int(&p, ps->batched[i].rows);
		/* A role that does not own the table may write it but not
		 * analyze it: ANALYZE would only warn, on every large run. */
		if ((rc = query(ps,
				"SELECT 1 FROM pg_class WHERE oid = $1::regclass AND "
				"$2::bigint >= 1000 + 0.1 * greatest(reltuples, 0) AND "
				"pg_has_role(relowner, 'USAGE')",
				&p, &res, err)))
			return rc;
		grown = PQntuples(res) > 0;
		PQclear(res);
		if (!grown)
			continue;
		rl_buf_init(&sql, RL_MAX_SQL);
		rl_buf_addf(&sql, "ANALYZE %s", ps->batched[i].table);
		rc = command(ps, sql.ptr, err);
		rl_buf_release(&sql);
		if (rc)
			return rc;
	}
	ps->nbatched = 0;
	return 0;
}

/* Runs b's move, without the foreign-key triggers when b says how to check
 * its references instead and the role may (see rl_sql_batch). */
static int move_staged(struct pg_store *ps, const struct rl_sql_batch *b, PGresult **res,
		       struct rl_err *err)
{
	bool unchecked = b->refs_sql && replica_allowed(ps);
	PGresult *refs = NULL;
	int64_t missing;
	int rc;

	*res = NULL;
	if (!unchecked)
		return sql_run(ps, b->move_sql, NULL, 0, res, err);
	if ((rc = command(ps, "SET LOCAL session_replication_role = replica", err)) ||
	    (rc = sql_run(ps, b->move_sql, NULL, 0, res, err)) ||
	    (rc = command(ps, "SET LOCAL session_replication_role = origin", err)) ||
	    (rc = sql_run(ps, b->refs_sql, NULL, 0, &refs, err)))
		goto out;
	missing = PQntuples(refs) == 1 ? get_int(refs, 0, 0) : -1;
	if (missing != 0)
		rc = rl_err_set(err, RL_ENOTFOUND,
				"postgresql: %lld rows for %s refer to rows that do not exist",
				(long long)missing, b->table ? b->table : "a table");
out:
	PQclear(refs);
	if (rc) {
		PQclear(*res);
		*res = NULL;
	}
	return rc;
}

/* rl_sql_batch: the rows go by COPY into the stage, a temporary table kept
 * for the connection's life and emptied after each batch, and one statement
 * moves them. Neither fails on data, so the transaction stays usable. */
static int pg_sql_batch(rl_store *s, const struct rl_sql_batch *b,
			const struct rl_sql_value *values, size_t nrows, rl_sql_row_fn fn,
			void *ctx, int64_t *changes, struct rl_err *err)
{
	struct pg_store *ps = P(s);
	struct rl_sql_row row = { &pg_sql_ops, NULL, 0 };
	int name_len = (int)strcspn(b->stage, " (");
	PGresult *res = NULL;
	struct rl_buf sql;
	int rc, ret = 0;

	if (changes)
		*changes = 0;
	if (nrows == 0)
		return 0;
	if ((rc = behind_flush(ps, err)))
		return rc;
	rl_buf_init(&sql, RL_MAX_SQL);
	if ((rc = rl_buf_addf(&sql, "CREATE TEMP TABLE IF NOT EXISTS %s", b->stage)) ||
	    (rc = command(ps, sql.ptr, err)))
		goto out;
	rl_buf_reset(&sql);
	rl_buf_addf(&sql, "COPY %.*s FROM STDIN", name_len, b->stage);
	if ((rc = copy_start(ps, sql.ptr, err)))
		goto out;
	for (size_t r = 0; r < nrows && !rc; r++) {
		const struct rl_sql_value *v = values + r * (size_t)b->ncols;
		int full = copy_int(&ps->copy, (int64_t)r, b->ncols ? '\t' : '\n');

		for (int c = 0; c < b->ncols && !full; c++)
			full = copy_value(&ps->copy, &v[c], c + 1 < b->ncols ? '\t' : '\n');
		rc = full ? rl_err_set(err, RL_ENOMEM, "row too large") : copy_send(ps, false, err);
	}
	if ((rc = copy_end(ps, rc, err)) || (rc = move_staged(ps, b, &res, err)))
		goto out;
	if (changes)
		*changes = strtoll(PQcmdTuples(res), NULL, 10);
	if (b->table)
		note_batched(ps, b->table, strtoll(PQcmdTuples(res), NULL, 10));
	row.impl = res;
	for (row.row = 0; fn && row.row < PQntuples(res) && !ret; row.row++)
		ret = fn(ctx, &row);
	rl_buf_reset(&sql);
	rl_buf_addf(&sql, "TRUNCATE %.*s", name_len, b->stage);
	rc = command(ps, sql.ptr, err);
out:
	PQclear(res);
	rl_buf_release(&sql);
	return rc ? rc : ret;
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
	.batch = pg_sql_batch,
	.col_int = pg_col_int,
	.col_text = pg_col_text,
	.col_null = pg_col_null,
};

/* --- relance db: migrations on demand, raw rows ------------------------------------- */

static int pg_migrate(rl_store *s, struct rl_err *err)
{
	return migrate(P(s), 0, err);
}

struct table_walk {
	int (*fn)(void *ctx, const struct rl_table_row *r);
	void *ctx;
	const char *names[256];
	const char *values[256];
};

static int table_row(void *ctx, const PGresult *res, int row)
{
	struct table_walk *w = ctx;
	struct rl_table_row r = { PQnfields(res), w->names, w->values };

	if (r.ncols > 256)
		return RL_EINVAL;
	for (int i = 0; i < r.ncols; i++) {
		w->names[i] = PQfname(res, i);
		w->values[i] = PQgetisnull(res, row, i) ? NULL : PQgetvalue(res, row, i);
	}
	return w->fn(w->ctx, &r);
}

/* Every row of table (a name from rl_schema_tables, never user input), by
 * its first column, the key. */
static int pg_table_each(rl_store *s, const char *table,
			 int (*fn)(void *ctx, const struct rl_table_row *r), void *ctx,
			 struct rl_err *err)
{
	struct table_walk *w = calloc(1, sizeof(*w));
	struct params p = { 0 };
	char sql[128];
	int rc;

	if (!w)
		return rl_err_set(err, RL_ENOMEM, "out of memory");
	w->fn = fn;
	w->ctx = ctx;
	snprintf(sql, sizeof(sql), "SELECT * FROM \"%s\" ORDER BY 1", table);
	rc = each_row(P(s), sql, &p, table_row, w, err);
	free(w);
	return rc;
}

/* Foreign keys are dropped for the copy and added again before commit
 * (bulk_finish), which checks each in one pass. */
static int pg_copy_begin(rl_store *s, bool replace, struct rl_err *err)
{
	struct pg_store *ps = P(s);
	struct params p = { 0 };
	struct rl_buf names;
	PGresult *res = NULL;
	int rc;

	rl_buf_init(&names, RL_MAX_SQL);
	for (const char *const *t = rl_schema_tables; *t; t++)
		rl_buf_addf(&names, "%s%s", names.len ? "," : "{", *t);
	rl_buf_addch(&names, '}');
	p_text(&p, names.ptr);
	if ((rc = command(ps, "BEGIN", err)))
		goto out;
	if ((rc = command(ps, "SET LOCAL jit = off", err)) ||
	    (rc = query(ps,
			"SELECT format('ALTER TABLE %I.%I DROP CONSTRAINT %I', n.nspname, "
			"c.relname, k.conname), format('ALTER TABLE %I.%I ADD CONSTRAINT %I %s; ', "
			"n.nspname, c.relname, k.conname, pg_get_constraintdef(k.oid)) "
			"FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid "
			"JOIN pg_namespace n ON n.oid = c.relnamespace "
			"WHERE k.contype = 'f' AND c.oid = ANY($1::regclass[])",
			&p, &res, err)))
		goto rollback;
	for (int i = 0; i < PQntuples(res); i++) {
		if ((rc = command(ps, PQgetvalue(res, i, 0), err)))
			goto rollback;
		if (rl_buf_addstr(&ps->rebuild, PQgetvalue(res, i, 1))) {
			rc = rl_err_set(err, RL_ENOMEM, "too many constraints");
			goto rollback;
		}
	}
	if (replace) {
		rl_buf_reset(&names);
		for (const char *const *t = rl_schema_tables; *t; t++)
			if (strcmp(*t, "schema_migration") != 0)
				rl_buf_addf(&names, "%s%s", names.len ? ", " : "TRUNCATE ", *t);
		if ((rc = rl_buf_addstr(&names, " RESTART IDENTITY")) ||
		    (rc = command(ps, names.ptr, err)))
			goto rollback;
	}
	goto out;
rollback:
	command(ps, "ROLLBACK", NULL);
	bulk_end(ps);
out:
	PQclear(res);
	rl_buf_release(&names);
	return rc;
}

static int pg_table_put(rl_store *s, const char *table, const struct rl_table_row *r,
			struct rl_err *err)
{
	struct pg_store *ps = P(s);
	int rc = 0;

	if (strcmp(ps->copying, table) != 0) {
		struct rl_buf sql;

		if (ps->copying[0] && (rc = copy_end(ps, 0, err)))
			return rc;
		rl_buf_init(&sql, RL_MAX_SQL);
		rl_buf_addf(&sql, "COPY \"%s\" (", table);
		for (int i = 0; i < r->ncols; i++)
			rl_buf_addf(&sql, "%s\"%s\"", i ? ", " : "", r->names[i]);
		if (rl_buf_addstr(&sql, ") FROM STDIN"))
			rc = rl_err_set(err, RL_ENOMEM, "too many columns");
		else
			rc = copy_start(ps, sql.ptr, err);
		rl_buf_release(&sql);
		if (rc)
			return rc;
		snprintf(ps->copying, sizeof(ps->copying), "%s", table);
	}
	for (int i = 0; i < r->ncols && !rc; i++) {
		char end = i + 1 < r->ncols ? '\t' : '\n';

		if (r->values[i])
			rc = copy_text(&ps->copy, r->values[i], end);
		else
			rc = rl_buf_addstr(&ps->copy, "\\N") || rl_buf_addch(&ps->copy, end);
	}
	if (rc)
		return rl_err_set(err, RL_ENOMEM, "row too large");
	return copy_send(ps, false, err);
}

/* Ends the table's COPY, and moves its identity sequences past the ids
 * copied. */
static int pg_table_end(rl_store *s, const char *table, struct rl_err *err)
{
	struct pg_store *ps = P(s);
	struct params p = { 0 };
	PGresult *res;
	int rc = 0;

	if (ps->copying[0]) {
		ps->copying[0] = '\0';
		if ((rc = copy_end(ps, 0, err)))
			return rc;
	}
	p_text(&p, table);
	if ((rc = query(
		     ps,
		     "SELECT format('SELECT setval(pg_get_serial_sequence(%L, %L), "
		     "coalesce(max(%I), 0) + 1, false) FROM %I', $1::text, a.attname, a.attname, "
		     "$1::text) FROM pg_attribute a WHERE a.attrelid = to_regclass($1) AND "
		     "a.attidentity <> ''",
		     &p, &res, err)))
		return rc;
	for (int i = 0; i < PQntuples(res) && !rc; i++)
		rc = command(ps, PQgetvalue(res, i, 0), err);
	PQclear(res);
	return rc;
}

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
	.invoice_get_many = pg_invoice_get_many,
	.invoice_each = pg_invoice_each,
	.payment_insert = pg_payment_insert,
	.payment_update = pg_payment_update,
	.payment_get = pg_payment_get,
	.allocation_add = pg_allocation_add,
	.allocation_clear_payment = pg_allocation_clear_payment,
	.allocation_each = pg_allocation_each,
	.payment_totals = pg_payment_totals,
	.max_id = pg_max_id,
	.migrate = pg_migrate,
	.table_each = pg_table_each,
	.copy_begin = pg_copy_begin,
	.table_put = pg_table_put,
	.table_end = pg_table_end,
};
