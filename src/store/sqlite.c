/* The embedded SQLite backend of the store (DESIGN.md §6): one file, WAL
 * journal, foreign keys on, STRICT tables, migrations from schema.h applied
 * in one transaction on open. Statements used per row are prepared once and
 * kept for the life of the store. */
#include <limits.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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
	ST_INVOICE_INSERT_ID, /* the same when the caller knows the customer's id */
	ST_INVOICE_UPDATE,
	ST_INVOICE_GET,
	ST_PAYMENT_INSERT,
	ST_PAYMENT_UPDATE,
	ST_PAYMENT_GET,
	ST_ALLOC_ADD,
	ST_ALLOC_CLEAR,
	ST_COUNT
};

#define CUSTOMER_COLS "id, code, name, kind, country, language, email, phone, address, blocked"

static const char *const stmt_sql[ST_COUNT] = {
	[ST_CREDITOR_GET] = "SELECT id, code, name, jurisdiction, language, currency "
			    "FROM creditor WHERE code = ?1",
	[ST_CREDITOR_ADD] = "INSERT INTO creditor (code, name, jurisdiction, language, currency) "
			    "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING",
	[ST_CUSTOMER_INSERT] =
		"INSERT INTO customer (creditor_id, code, name, kind, country, language, email, "
		"phone, address, blocked) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) "
		"ON CONFLICT (creditor_id, code) DO NOTHING",
	[ST_CUSTOMER_UPDATE] =
		"UPDATE customer SET code = ?3, name = ?4, kind = ?5, country = ?6, "
		"language = ?7, email = ?8, phone = ?9, address = ?10, blocked = ?11 "
		"WHERE creditor_id = ?1 AND id = ?2",
	[ST_CUSTOMER_GET] = "SELECT " CUSTOMER_COLS " FROM customer "
			    "WHERE creditor_id = ?1 AND code = ?2",
	[ST_INVOICE_INSERT] =
		"INSERT INTO invoice (creditor_id, number, customer_id, type, issue_date, "
		"due_date, currency, amount) SELECT ?1, ?2, CASE WHEN ?9 > 0 THEN ?9 ELSE "
		"(SELECT id FROM customer WHERE creditor_id = ?1 AND code = ?3) END, ?4, ?5, ?6, "
		"?7, ?8 WHERE true ON CONFLICT (creditor_id, number) DO NOTHING",
	[ST_INVOICE_INSERT_ID] =
		"INSERT INTO invoice (creditor_id, number, customer_id, type, issue_date, "
		"due_date, currency, amount) VALUES (?1, ?2, ?9, ?4, ?5, ?6, ?7, ?8) "
		"ON CONFLICT (creditor_id, number) DO NOTHING",
	[ST_INVOICE_UPDATE] =
		"UPDATE invoice SET number = ?3, customer_id = CASE WHEN ?10 > 0 THEN ?10 ELSE "
		"(SELECT id FROM customer WHERE creditor_id = ?1 AND code = ?4) END, "
		"type = ?5, issue_date = ?6, due_date = ?7, currency = ?8, amount = ?9 "
		"WHERE creditor_id = ?1 AND id = ?2",
	[ST_INVOICE_GET] =
		"SELECT i.id, i.number, c.code, i.type, i.issue_date, i.due_date, i.currency, "
		"i.amount, COALESCE((SELECT sum(a.amount) FROM allocation a "
		"WHERE a.invoice_id = i.id), 0) "
		"FROM invoice i JOIN customer c ON c.id = i.customer_id "
		"WHERE i.creditor_id = ?1 AND i.number = ?2",
	[ST_PAYMENT_INSERT] =
		"INSERT INTO payment (creditor_id, code, customer_id, paid_date, currency, amount, "
		"invoice_number, reference) SELECT ?1, ?2, CASE WHEN ?9 > 0 THEN ?9 ELSE "
		"(SELECT id FROM customer WHERE creditor_id = ?1 AND code = ?3) END, ?4, ?5, ?6, "
		"?7, ?8 WHERE true ON CONFLICT (creditor_id, code) DO NOTHING",
	[ST_PAYMENT_UPDATE] =
		"UPDATE payment SET code = ?3, customer_id = CASE WHEN ?10 > 0 THEN ?10 ELSE "
		"(SELECT id FROM customer WHERE creditor_id = ?1 AND code = ?4) END, "
		"paid_date = ?5, currency = ?6, amount = ?7, invoice_number = ?8, reference = ?9 "
		"WHERE creditor_id = ?1 AND id = ?2",
	[ST_PAYMENT_GET] = "SELECT p.id, p.code, c.code, p.paid_date, p.currency, p.amount, "
			   "p.invoice_number, p.reference FROM payment p "
			   "JOIN customer c ON c.id = p.customer_id "
			   "WHERE p.creditor_id = ?1 AND p.code = ?2",
	[ST_ALLOC_ADD] =
		"INSERT INTO allocation (creditor_id, invoice_id, payment_id, date, amount) "
		"VALUES (?1, ?2, ?3, ?4, ?5)",
	[ST_ALLOC_CLEAR] = "DELETE FROM allocation WHERE creditor_id = ?1 AND payment_id = ?2",
};

struct sqlite_store {
	struct rl_store base; /* first: the public handle points here */
	sqlite3 *db;
	char *path;
	sqlite3_stmt *stmt[ST_COUNT];
	struct rl_buf scratch; /* holds the strings of the last row looked up */
	bool bulk;             /* foreign-key checks are off until commit/rollback */
#define SQL_CACHE 64
	struct sql_cached {
		const char *key; /* the caller's statement text (a literal) */
		sqlite3_stmt *st;
		bool busy; /* stepping: a nested use of the same text prepares anew */
	} sql_cache[SQL_CACHE];
#define DATE_SLOTS 16
	char datebuf[DATE_SLOTS][RL_DATE_ISO_LEN + 1]; /* see bind_date_slot */
	struct rl_buf rebuild; /* CREATE INDEX statements to run before commit */
	sqlite3_stmt *put;     /* relance db copy: the INSERT of the table being copied */
	const char *put_table; /* ... that table */
	bool check_fk;         /* relance db copy: foreign keys checked before commit */
};

static struct sqlite_store *S(rl_store *s)
{
	return (struct sqlite_store *)s;
}

static int db_error(struct sqlite_store *ss, struct rl_err *err, const char *what)
{
	int code = sqlite3_errcode(ss->db);
	int status = RL_EIO;

	if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
		status = RL_EBUSY;
	else if (code == SQLITE_CONSTRAINT)
		status = RL_ECONFLICT;
	return rl_err_set(err, status, "%s: %s: %s", ss->path, what, sqlite3_errmsg(ss->db));
}

static int exec(struct sqlite_store *ss, const char *sql, struct rl_err *err)
{
	if (sqlite3_exec(ss->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return db_error(ss, err, "cannot run statement");
	return 0;
}

/* Returns the prepared statement id, reset. Callers bind every parameter. */
static sqlite3_stmt *stmt(struct sqlite_store *ss, enum stmt_id id, struct rl_err *err)
{
	sqlite3_stmt *st = ss->stmt[id];

	if (!st) {
		if (sqlite3_prepare_v3(ss->db, stmt_sql[id], -1, SQLITE_PREPARE_PERSISTENT, &st,
				       NULL) != SQLITE_OK) {
			db_error(ss, err, "cannot prepare statement");
			return NULL;
		}
		ss->stmt[id] = st;
	}
	sqlite3_reset(st);
	return st;
}

static void bind_text(sqlite3_stmt *st, int i, const char *s)
{
	sqlite3_bind_text(st, i, s ? s : "", -1, SQLITE_STATIC);
}

static void bind_date(sqlite3_stmt *st, int i, rl_date d)
{
	char buf[RL_DATE_ISO_LEN + 1];

	rl_date_format_iso(d, buf);
	sqlite3_bind_text(st, i, buf, RL_DATE_ISO_LEN, SQLITE_TRANSIENT);
}

/* For statements run to completion at once (writes, single-row reads): the
 * text lives in the store until the statement's next use, saving a copy. */
static void bind_date_slot(struct sqlite_store *ss, sqlite3_stmt *st, int i, rl_date d)
{
	char *buf = ss->datebuf[i % DATE_SLOTS];

	rl_date_format_iso(d, buf);
	sqlite3_bind_text(st, i, buf, RL_DATE_ISO_LEN, SQLITE_STATIC);
}

static const char *col_text(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);

	return t ? (const char *)t : "";
}

static rl_date col_date(sqlite3_stmt *st, int i)
{
	rl_date d = 0;

	rl_date_parse(col_text(st, i), (size_t)sqlite3_column_bytes(st, i), "YYYY-MM-DD", &d, NULL);
	return d;
}

/* Copies a column's text into the scratch buffer; offsets are turned into
 * pointers once every column is copied (the buffer may move while growing). */
static size_t scratch_keep(struct sqlite_store *ss, sqlite3_stmt *st, int i)
{
	size_t off = ss->scratch.len;

	rl_buf_add(&ss->scratch, col_text(st, i), (size_t)sqlite3_column_bytes(st, i));
	rl_buf_addch(&ss->scratch, '\0');
	return off;
}

#define KEPT(ss, off) ((ss)->scratch.ptr ? (ss)->scratch.ptr + (off) : "")

/* Runs a write statement to completion: 0, or RL_ECONFLICT / RL_ENOTFOUND
 * for the constraint failures callers act on, RL_EIO otherwise. */
static int step_write(struct sqlite_store *ss, sqlite3_stmt *st, struct rl_err *err,
		      const char *what)
{
	int rc = sqlite3_step(st);
	int ext = sqlite3_extended_errcode(ss->db);

	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return 0;
	if (ext == SQLITE_CONSTRAINT_NOTNULL || ext == SQLITE_CONSTRAINT_FOREIGNKEY)
		return rl_err_set(err, RL_ENOTFOUND, "%s: a referenced row does not exist", what);
	if (ext == SQLITE_CONSTRAINT_UNIQUE || ext == SQLITE_CONSTRAINT_PRIMARYKEY)
		return rl_err_set(err, RL_ECONFLICT, "%s: already exists", what);
	return db_error(ss, err, what);
}

/* --- open, migrations, transactions ----------------------------------------- */

static int current_version(struct sqlite_store *ss, int *v, struct rl_err *err)
{
	sqlite3_stmt *st;
	int rc;

	*v = 0;
	if (sqlite3_prepare_v2(ss->db,
			       "SELECT count(*) FROM sqlite_schema WHERE name = 'schema_migration'",
			       -1, &st, NULL) != SQLITE_OK)
		return db_error(ss, err, "cannot read the schema");
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_int(st, 0) == 1) {
		sqlite3_finalize(st);
		if (sqlite3_prepare_v2(ss->db,
				       "SELECT coalesce(max(version), 0) FROM schema_migration", -1,
				       &st, NULL) != SQLITE_OK)
			return db_error(ss, err, "cannot read the schema version");
		if (sqlite3_step(st) == SQLITE_ROW)
			*v = sqlite3_column_int(st, 0);
	}
	sqlite3_finalize(st);
	return 0;
}

static int migrate(struct sqlite_store *ss, unsigned flags, struct rl_err *err)
{
	struct rl_buf sql;
	int v, rc = 0;

	if ((rc = current_version(ss, &v, err)))
		return rc;
	if (v > rl_migration_count)
		return rl_err_set(err, RL_EINVAL,
				  "%s: schema version %d is newer than this relance knows (%d)",
				  ss->path, v, rl_migration_count);
	if (v == rl_migration_count)
		return 0;
	if (v == 0 && !(flags & RL_STORE_CREATE))
		return rl_err_set(err, RL_ENOTFOUND,
				  "'%s' holds no relance ledger (create it with 'relance init')",
				  ss->path);
	if (flags & RL_STORE_READONLY)
		return rl_err_set(err, RL_EINVAL,
				  "%s: schema version %d needs migrating to %d (run 'relance db "
				  "migrate')",
				  ss->path, v, rl_migration_count);
	rl_buf_init(&sql, RL_MAX_SQL);
	if ((rc = exec(ss, "BEGIN IMMEDIATE", err)))
		goto out;
	/* Re-read under the write lock: another process may have migrated. */
	if ((rc = current_version(ss, &v, err)))
		goto rollback;
	if ((rc = exec(ss,
		       "CREATE TABLE IF NOT EXISTS schema_migration (version INTEGER PRIMARY KEY, "
		       "name TEXT NOT NULL) STRICT",
		       err)))
		goto rollback;
	for (int i = v; i < rl_migration_count; i++) {
		const struct rl_migration *m = &rl_migrations[i];

		rl_buf_reset(&sql);
		if (rl_schema_render(m, RL_DIALECT_SQLITE, &sql) ||
		    rl_buf_addf(&sql, "; INSERT INTO schema_migration VALUES (%d, '%s');",
				m->version, m->name)) {
			rc = rl_err_set(err, RL_EINVAL, "migration %d cannot be rendered",
					m->version);
			goto rollback;
		}
		if ((rc = exec(ss, sql.ptr, err)))
			goto rollback;
	}
	rc = exec(ss, "COMMIT", err);
	if (rc == 0)
		goto out;
rollback:
	sqlite3_exec(ss->db, "ROLLBACK", NULL, NULL, NULL);
out:
	rl_buf_release(&sql);
	return rc;
}

static const struct rl_store_ops sqlite_ops;
static const struct rl_sql_ops sqlite_sql_ops;

int rl_sqlite_open(rl_store **out, const char *path, unsigned flags, struct rl_err *err)
{
	struct sqlite_store *ss;
	struct stat sb;
	int oflags = SQLITE_OPEN_NOMUTEX;
	int rc;

	*out = NULL;
	if (stat(path, &sb) != 0 && !(flags & RL_STORE_CREATE))
		return rl_err_set(err, RL_ENOTFOUND,
				  "'%s' does not exist (create it with 'relance init')", path);
	oflags |= (flags & RL_STORE_READONLY) ? SQLITE_OPEN_READONLY
					      : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
	ss = calloc(1, sizeof(*ss));
	if (!ss)
		return rl_err_set(err, RL_ENOMEM, "out of memory");
	ss->base.ops = &sqlite_ops;
	ss->base.sql = &sqlite_sql_ops;
	ss->path = strdup(path);
	rl_buf_init(&ss->scratch, RL_MAX_RECORD);
	rl_buf_init(&ss->rebuild, RL_MAX_SQL);
	if (!ss->path) {
		free(ss);
		return rl_err_set(err, RL_ENOMEM, "out of memory");
	}
	if (sqlite3_open_v2(path, &ss->db, oflags, NULL) != SQLITE_OK) {
		rc = db_error(ss, err, "cannot open database");
		goto fail;
	}
	sqlite3_extended_result_codes(ss->db, 1);
	sqlite3_busy_timeout(ss->db, 10000);
	/* WAL lets readers work beside a writer; NORMAL sync is durable across
	 * process crashes, which is what the journal's guarantees need. The
	 * page cache is bounded so a large import keeps a flat memory profile. */
	if ((rc = exec(ss,
		       "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; "
		       "PRAGMA cache_size = -16384; PRAGMA temp_store = FILE",
		       err)))
		goto fail;
	if (!(flags & RL_STORE_READONLY) && (rc = exec(ss, "PRAGMA journal_mode = WAL", err)))
		goto fail;
	if (!(flags & RL_STORE_NO_MIGRATE) && (rc = migrate(ss, flags, err)))
		goto fail;
	*out = &ss->base;
	return 0;
fail:
	ss->base.ops->close(&ss->base);
	return rc;
}

static void sq_close(rl_store *s)
{
	struct sqlite_store *ss = S(s);

	for (int i = 0; i < ST_COUNT; i++)
		sqlite3_finalize(ss->stmt[i]);
	for (int i = 0; i < SQL_CACHE; i++)
		sqlite3_finalize(ss->sql_cache[i].st);
	sqlite3_finalize(ss->put);
	sqlite3_close(ss->db);
	rl_buf_release(&ss->scratch);
	rl_buf_release(&ss->rebuild);
	free(ss->path);
	free(ss);
}

static int sq_schema_version(rl_store *s, int *current, struct rl_err *err)
{
	return current_version(S(s), current, err);
}

static int sq_begin(rl_store *s, struct rl_err *err)
{
	return exec(S(s), "BEGIN IMMEDIATE", err);
}

/* Tables whose secondary (non-unique) indexes a bulk load may rebuild. The
 * unique ones stay: they are how duplicates are found row by row. */
static const char *const bulk_table[] = {
	[RL_ENTITY_CUSTOMER] = "customer",
	[RL_ENTITY_INVOICE] = "invoice",
	[RL_ENTITY_PAYMENT] = "payment",
};

/* Below this many rows, or when the table already holds more than twice the
 * load, updating the indexes row by row is cheaper than rebuilding them. */
#define BULK_REBUILD_MIN_ROWS 100000

static int drop_secondary_indexes(struct sqlite_store *ss, enum rl_entity e, struct rl_err *err)
{
	sqlite3_stmt *st;
	struct rl_buf drops;
	int rc = 0;

	if (sqlite3_prepare_v2(ss->db,
			       "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND "
			       "tbl_name = ?1 AND sql IS NOT NULL AND sql NOT LIKE '%UNIQUE%'",
			       -1, &st, NULL) != SQLITE_OK)
		return db_error(ss, err, "cannot read the schema");
	sqlite3_bind_text(st, 1, bulk_table[e], -1, SQLITE_STATIC);
	rl_buf_init(&drops, RL_MAX_SQL);
	while (sqlite3_step(st) == SQLITE_ROW) {
		rl_buf_addf(&drops, "DROP INDEX \"%s\";", col_text(st, 0));
		rl_buf_addf(&ss->rebuild, "%s;", col_text(st, 1));
	}
	sqlite3_finalize(st);
	if (drops.len)
		rc = exec(ss, drops.ptr, err);
	rl_buf_release(&drops);
	return rc;
}

static int sq_begin_bulk(rl_store *s, enum rl_entity e, int64_t expected_rows, struct rl_err *err)
{
	struct sqlite_store *ss = S(s);
	sqlite3_stmt *st;
	char sql[128];
	int64_t existing = 0;
	int rc;

	/* The pragma is a no-op inside a transaction: set it before BEGIN. */
	if ((rc = exec(ss, "PRAGMA foreign_keys = OFF", err)))
		return rc;
	ss->bulk = true;
	if ((rc = exec(ss, "BEGIN IMMEDIATE", err)))
		goto fail;
	rl_buf_reset(&ss->rebuild);
	if (expected_rows < BULK_REBUILD_MIN_ROWS)
		return 0;
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s", bulk_table[e]);
	if (sqlite3_prepare_v2(ss->db, sql, -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			existing = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
	}
	if (existing > 2 * expected_rows)
		return 0;
	if ((rc = drop_secondary_indexes(ss, e, err)))
		goto fail;
	return 0;
fail:
	sqlite3_exec(ss->db, "ROLLBACK", NULL, NULL, NULL);
	exec(ss, "PRAGMA foreign_keys = ON", NULL);
	ss->bulk = false;
	return rc;
}

/* Ends a bulk load: foreign keys are checked again from now on. */
static void end_bulk(struct sqlite_store *ss)
{
	if (!ss->bulk)
		return;
	rl_buf_reset(&ss->rebuild);
	sqlite3_finalize(ss->put);
	ss->put = NULL;
	ss->check_fk = false;
	sqlite3_exec(ss->db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
	ss->bulk = false;
}

/* After rows went in unchecked: RL_ENOTFOUND naming the first row whose
 * reference leads nowhere. */
static int check_foreign_keys(struct sqlite_store *ss, struct rl_err *err)
{
	sqlite3_stmt *st;
	int rc = 0;

	if (sqlite3_prepare_v2(ss->db, "PRAGMA foreign_key_check", -1, &st, NULL) != SQLITE_OK)
		return db_error(ss, err, "cannot check references");
	if (sqlite3_step(st) == SQLITE_ROW)
		rc = rl_err_set(err, RL_ENOTFOUND, "%s: row %lld of %s refers to no row of %s",
				ss->path, (long long)sqlite3_column_int64(st, 1), col_text(st, 0),
				col_text(st, 2));
	sqlite3_finalize(st);
	return rc;
}

static int sq_commit(rl_store *s, struct rl_err *err)
{
	struct sqlite_store *ss = S(s);
	int rc = 0;

	if (ss->check_fk && (rc = check_foreign_keys(ss, err)))
		return rc;
	if (ss->rebuild.len && (rc = exec(ss, ss->rebuild.ptr, err)))
		return rc;
	if ((rc = exec(ss, "COMMIT", err)))
		return rc;
	end_bulk(ss);
	return 0;
}

static void sq_rollback(rl_store *s)
{
	sqlite3_exec(S(s)->db, "ROLLBACK", NULL, NULL, NULL);
	end_bulk(S(s));
}

/* --- creditors ---------------------------------------------------------------- */

static int sq_creditor_get(rl_store *s, const char *code, struct rl_creditor *out,
			   struct rl_err *err)
{
	struct sqlite_store *ss = S(s);
	sqlite3_stmt *st = stmt(ss, ST_CREDITOR_GET, err);
	size_t off[5];
	int rc;

	if (!st)
		return RL_EIO;
	bind_text(st, 1, code);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		sqlite3_reset(st);
		return rl_err_set(err, RL_ENOTFOUND, "no creditor '%s'", code);
	}
	if (rc != SQLITE_ROW)
		return db_error(ss, err, "cannot read creditor");
	rl_buf_reset(&ss->scratch);
	out->id = sqlite3_column_int64(st, 0);
	for (int i = 0; i < 5; i++)
		off[i] = scratch_keep(ss, st, i + 1);
	out->code = KEPT(ss, off[0]);
	out->name = KEPT(ss, off[1]);
	out->jurisdiction = KEPT(ss, off[2]);
	out->language = KEPT(ss, off[3]);
	out->currency = KEPT(ss, off[4]);
	sqlite3_reset(st);
	return 0;
}

static int sq_creditor_add(rl_store *s, const struct rl_creditor *c, int64_t *id,
			   struct rl_err *err)
{
	struct sqlite_store *ss = S(s);
	sqlite3_stmt *st = stmt(ss, ST_CREDITOR_ADD, err);
	int rc;

	if (!st)
		return RL_EIO;
	bind_text(st, 1, c->code);
	bind_text(st, 2, c->name);
	bind_text(st, 3, c->jurisdiction);
	bind_text(st, 4, c->language);
	bind_text(st, 5, c->currency);
	if ((rc = step_write(ss, st, err, "creditor")))
		return rc;
	if (sqlite3_changes(ss->db) == 0)
		return rl_err_set(err, RL_ECONFLICT, "creditor '%s' already exists", c->code);
	if (id)
		*id = sqlite3_last_insert_rowid(ss->db);
	return 0;
}

/* --- customers ---------------------------------------------------------------- */

static void bind_customer(sqlite3_stmt *st, int first, const struct rl_customer *c)
{
	bind_text(st, first, c->code);
	bind_text(st, first + 1, c->name);
	bind_text(st, first + 2, rl_customer_kind_str(c->kind));
	bind_text(st, first + 3, c->country);
	bind_text(st, first + 4, c->language);
	bind_text(st, first + 5, c->email);
	bind_text(st, first + 6, c->phone);
	bind_text(st, first + 7, c->address);
	sqlite3_bind_int(st, first + 8, c->blocked);
}

static void read_customer(sqlite3_stmt *st, struct rl_customer *c)
{
	c->id = sqlite3_column_int64(st, 0);
	c->code = col_text(st, 1);
	c->name = col_text(st, 2);
	rl_customer_kind_parse(col_text(st, 3), &c->kind);
	c->country = col_text(st, 4);
	c->language = col_text(st, 5);
	c->email = col_text(st, 6);
	c->phone = col_text(st, 7);
	c->address = col_text(st, 8);
	c->blocked = sqlite3_column_int(st, 9) != 0;
}

static int sq_customer_insert(rl_store *s, int64_t creditor, const struct rl_customer *c,
			      int64_t *id, struct rl_err *err)
{
	struct sqlite_store *ss = S(s);
	sqlite3_stmt *st = stmt(ss, ST_CUSTOMER_INSERT, err);
	int rc;

	if (!st)
		return RL_EIO;
	sqlite3_bind_int64(st, 1, creditor);
	bind_customer(st, 2, c);
	if ((rc = step_write(ss, st, err, "customer")))
		return rc;
	if (sqlite3_changes(ss->db) == 0)
		return rl_err_set(err, RL_ECONFLICT, "customer '%s' already exists", c->code);
	if (id)
		*id = sqlite3_last_insert_rowid(ss->db);
	return 0;
}

static int sq_customer_update(rl_store *s, int64_t creditor, int64_t id,
			      const struct rl_customer *c, struct rl_err *err)
{
	struct sqlite_store *ss = S(s);
	sqlite3_stmt *st = stmt(ss, ST_CUSTOMER_UPDATE, err);

	if (!st)
		return RL_EIO;
	sqlite3_bind_int64(st, 1, creditor);
	sqlite3_bind_int64(st, 2, id);
	bind_customer(st, 3, c);
	return step_write(ss, st, err, "customer");
}

static int sq_customer_get(rl_store *s, int64_t creditor, const char *code, struct rl_customer *out,
			   struct rl_err *err)
{
	struct sqlite_store *ss = S(s);
	sqlite3_stmt *st = stmt(ss, ST_CUSTOMER_GET, err);
	size_t off[8];
	int rc;

	if (!st)
		return RL_EIO;
	sqlite3_bind_int64(st, 1, creditor);
	bind_text(st, 2, code);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		sqlite3_reset(st);
		return rl_err_set(err, RL_ENOTFOUND, "no customer '%s'", code);
	}
	if (rc != SQLITE_ROW)
		return db_error(ss, err, "cannot read customer");
	read_customer(st, out);
	rl_buf_reset(&ss->scratch);
	for (int i = 0; i < 8; i++)
		off[i] = scratch_keep(ss, st, i + 1);
	out->code = KEPT(ss, off[0]);
	out->name = KEPT(ss, off[1]);
	out->country = KEPT(ss, off[3]);
	out->language = KEPT(ss, off[4]);
	out->email = KEPT(ss, off[5]);
	out->phone = KEPT(ss, off[6]);
	out->address = KEPT(ss, off[7]);
	sqlite3_reset(st);
	return 0;
}

static int sq_customer_each(rl_store *s, int64_t creditor, rl_customer_fn fn, void *ctx,
			    struct rl_err *err)
{
	struct sqlite_store *ss = S(s);
	sqlite3_stmt *st;
	int rc, ret = 0;

	if (sqlite3_prepare_v2(ss->db,
			       "SELECT " CUSTOMER_COLS " FROM customer WHERE creditor_id = ?1 "
			       "ORDER BY code",
			       -1, &st, NULL) != SQLITE_OK)
		return db_error(ss, err, "cannot list customers");
	sqlite3_bind_int64(st, 1, creditor);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct rl_customer c;

		read_customer(st, &c);
		if ((ret = fn(ctx, &c)))
			break;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		ret = db_error(ss, err, "cannot list customers");
	sqlite3_finalize(st);
	return ret;
}

/* --- invoices ----------------------------------------------------------------- */

static void bind_invoice(struct sqlite_store *ss, sqlite3_stmt *st, int first,
			 const struct rl_invoice *inv)
{
	bind_text(st, first, inv->customer_code);
	bind_text(st, first + 1, rl_doc_type_str(inv->type));
	bind_date_slot(ss, st, first + 2, inv->issue_date);
	bind_date_slot(ss, st, first + 3, inv->due_date);
	bind_text(st, first + 4, inv->currency ? inv->currency->code : "");
	sqlite3_bind_int64(st, first + 5, inv->amount);
	sqlite3_bind_int64(st, first + 6, inv->customer_id);
}

/* Columns: id, number, customer code, type, issue, due, currency, amount, paid. */
static void read_invoice(sqlite3_stmt *st, struct rl_invoice *inv)
{
	inv->id = sqlite3_column_int64(st, 0);
	inv->number = col_text(st, 1);
	inv->customer_code = col_text(st, 2);
	rl_doc_type_parse(col_text(st, 3), &inv->type);
	inv->issue_date = col_date(st, 4);
	inv->due_date = col_date(st, 5);
	inv->currency = rl_currency_find(col_text(st, 6), (size_t)sqlite3_column_bytes(st, 6));
	inv->amount = sqlite3_column_int64(st, 7);
	inv->paid = sqlite3_column_int64(st, 8);
}

static int sq_invoice_insert(rl_store *s, int64_t creditor, const struct rl_invoice *inv,
			     int64_t *id, struct rl_err *err)
{
	struct sqlite_store *ss = S(s);
	sqlite3_stmt *st =
		stmt(ss, inv->customer_id > 0 ? ST_INVOICE_INSERT_ID : ST_INVOICE_INSERT, err);
	int rc;

	if (!st)
		return RL_EIO;
	sqlite3_bind_int64(st, 1, creditor);
	bind_text(st, 2, inv->number);
	bind_invoice(ss, st, 3, inv);
	if ((rc = step_write(ss, st, err, "invoice")))
		return rc == RL_ENOTFOUND
			       ? rl_err_set(err, rc, "unknown customer '%s'", inv->customer_code)
			       : rc;
	if (sqlite3_changes(ss->db) == 0)
		return rl_err_set(err, RL_ECONFLICT, "invoice '%s' already exists", inv->number);
	if (id)
		*id = sqlite3_last_insert_rowid(ss->db);
	return 0;
}

static int sq_invoice_update(rl_store *s, int64_t creditor, int64_t id,
			     const struct rl_invoice *inv, struct rl_err *err)
{
	struct sqlite_store *ss = S(s);
	sqlite3_stmt *st = stmt(ss, ST_INVOICE_UPDATE, err);
	int rc;

	if (!st)
		return RL_EIO;
	sqlite3_bind_int64(st, 1, creditor);
	sqlite3_bind_int64(st, 2, id);
	bind_text(st, 3, inv->number);
	bind_invoice(ss, st, 4, inv);
	rc = step_write(ss, st, err, "invoice");
	if (rc == RL_ENOTFOUND)
		return rl_err_set(err, rc, "unknown customer '%s'", inv->customer_code);
	return rc;
}

static int sq_invoice_get(rl_store *s, int64_t creditor, const char *number, struct rl_invoice *out,
			  struct rl_err *err)
{
	struct sqlite_store *ss = S(s);
	sqlite3_stmt *st = stmt(ss, ST_INVOICE_GET, err);
	size_t off_num, off_cust;
	int rc;

	if (!st)
		return RL_EIO;
	sqlite3_bind_int64(st, 1, creditor);
	bind_text(st, 2, number);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		sqlite3_reset(st);
		return rl_err_set(err, RL_ENOTFOUND, "no invoice '%s'", number);
	}
	if (rc != SQLITE_ROW)
		return db_error(ss, err, "cannot read invoice");
	read_invoice(st, out);
	rl_buf_reset(&ss->scratch);
	off_num = scratch_keep(ss, st, 1);
	off_cust = scratch_keep(ss, st, 2);
	out->number = KEPT(ss, off_num);
	out->customer_code = KEPT(ss, off_cust);
	sqlite3_reset(st);
	return 0;
}

static int sq_invoice_each(rl_store *s, int64_t creditor, const struct rl_invoice_query *q,
			   rl_invoice_fn fn, void *ctx, struct rl_err *err)
{
	struct sqlite_store *ss = S(s);
	struct rl_buf sql;
	sqlite3_stmt *st = NULL;
	int rc, ret = 0;

	rl_buf_init(&sql, RL_MAX_SQL);
	rl_buf_addstr(&sql,
		      "SELECT * FROM (SELECT i.id, i.number, c.code, i.type, i.issue_date, "
		      "i.due_date, i.currency, i.amount, "
		      "coalesce((SELECT sum(a.amount) FROM allocation a WHERE a.invoice_id = i.id "
		      "AND a.date <= ?2), 0) AS paid "
		      "FROM invoice i JOIN customer c ON c.id = i.customer_id "
		      "WHERE i.creditor_id = ?1");
	if (q->customer_code)
		rl_buf_addstr(&sql, " AND c.code = ?3");
	if (q->issued_by_asof)
		rl_buf_addstr(&sql, " AND i.issue_date <= ?2");
	rl_buf_addstr(&sql, ")");
	if (q->unsettled_only)
		rl_buf_addstr(&sql, " WHERE amount <> paid");
	if (rl_buf_addstr(&sql, " ORDER BY due_date, number")) {
		ret = rl_err_set(err, RL_ENOMEM, "query too long");
		goto out;
	}
	if (sqlite3_prepare_v2(ss->db, sql.ptr, -1, &st, NULL) != SQLITE_OK) {
		ret = db_error(ss, err, "cannot list invoices");
		goto out;
	}
	sqlite3_bind_int64(st, 1, creditor);
	bind_date(st, 2, q->asof);
	if (q->customer_code)
		bind_text(st, 3, q->customer_code);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct rl_invoice inv;

		read_invoice(st, &inv);
		if ((ret = fn(ctx, &inv)))
			break;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		ret = db_error(ss, err, "cannot list invoices");
out:
	sqlite3_finalize(st);
	rl_buf_release(&sql);
	return ret;
}

/* --- payments and allocations ------------------------------------------------- */

static void bind_payment(struct sqlite_store *ss, sqlite3_stmt *st, int first,
			 const struct rl_payment *p)
{
	bind_text(st, first, p->customer_code);
	bind_date_slot(ss, st, first + 1, p->paid_date);
	bind_text(st, first + 2, p->currency ? p->currency->code : "");
	sqlite3_bind_int64(st, first + 3, p->amount);
	bind_text(st, first + 4, p->invoice_number);
	bind_text(st, first + 5, p->reference);
	sqlite3_bind_int64(st, first + 6, p->customer_id);
}

static int sq_payment_insert(rl_store *s, int64_t creditor, const struct rl_payment *p, int64_t *id,
			     struct rl_err *err)
{
	struct sqlite_store *ss = S(s);
	sqlite3_stmt *st = stmt(ss, ST_PAYMENT_INSERT, err);
	int rc;

	if (!st)
		return RL_EIO;
	sqlite3_bind_int64(st, 1, creditor);
	bind_text(st, 2, p->code);
	bind_payment(ss, st, 3, p);
	if ((rc = step_write(ss, st, err, "payment")))
		return rc == RL_ENOTFOUND
			       ? rl_err_set(err, rc, "unknown customer '%s'", p->customer_code)
			       : rc;
	if (sqlite3_changes(ss->db) == 0)
		return rl_err_set(err, RL_ECONFLICT, "payment '%s' already exists", p->code);
	if (id)
		*id = sqlite3_last_insert_rowid(ss->db);
	return 0;
}

static int sq_payment_update(rl_store *s, int64_t creditor, int64_t id, const struct rl_payment *p,
			     struct rl_err *err)
{
	struct sqlite_store *ss = S(s);
	sqlite3_stmt *st = stmt(ss, ST_PAYMENT_UPDATE, err);
	int rc;

	if (!st)
		return RL_EIO;
	sqlite3_bind_int64(st, 1, creditor);
	sqlite3_bind_int64(st, 2, id);
	bind_text(st, 3, p->code);
	bind_payment(ss, st, 4, p);
	rc = step_write(ss, st, err, "payment");
	if (rc == RL_ENOTFOUND)
		return rl_err_set(err, rc, "unknown customer '%s'", p->customer_code);
	return rc;
}

static int sq_payment_get(rl_store *s, int64_t creditor, const char *code, struct rl_payment *out,
			  struct rl_err *err)
{
	struct sqlite_store *ss = S(s);
	sqlite3_stmt *st = stmt(ss, ST_PAYMENT_GET, err);
	size_t off_code, off_cust, off_inv, off_ref;
	int rc;

	if (!st)
		return RL_EIO;
	sqlite3_bind_int64(st, 1, creditor);
	bind_text(st, 2, code);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		sqlite3_reset(st);
		return rl_err_set(err, RL_ENOTFOUND, "no payment '%s'", code);
	}
	if (rc != SQLITE_ROW)
		return db_error(ss, err, "cannot read payment");
	out->id = sqlite3_column_int64(st, 0);
	out->paid_date = col_date(st, 3);
	out->currency = rl_currency_find(col_text(st, 4), (size_t)sqlite3_column_bytes(st, 4));
	out->amount = sqlite3_column_int64(st, 5);
	rl_buf_reset(&ss->scratch);
	off_code = scratch_keep(ss, st, 1);
	off_cust = scratch_keep(ss, st, 2);
	off_inv = scratch_keep(ss, st, 6);
	off_ref = scratch_keep(ss, st, 7);
	out->code = KEPT(ss, off_code);
	out->customer_code = KEPT(ss, off_cust);
	out->invoice_number = KEPT(ss, off_inv);
	out->reference = KEPT(ss, off_ref);
	sqlite3_reset(st);
	return 0;
}

static int sq_allocation_add(rl_store *s, int64_t creditor, int64_t invoice_id, int64_t payment_id,
			     rl_date date, int64_t amount, struct rl_err *err)
{
	struct sqlite_store *ss = S(s);
	sqlite3_stmt *st = stmt(ss, ST_ALLOC_ADD, err);

	if (!st)
		return RL_EIO;
	sqlite3_bind_int64(st, 1, creditor);
	sqlite3_bind_int64(st, 2, invoice_id);
	sqlite3_bind_int64(st, 3, payment_id);
	bind_date_slot(ss, st, 4, date);
	sqlite3_bind_int64(st, 5, amount);
	return step_write(ss, st, err, "allocation");
}

static int sq_allocation_clear_payment(rl_store *s, int64_t creditor, int64_t payment_id,
				       struct rl_err *err)
{
	struct sqlite_store *ss = S(s);
	sqlite3_stmt *st = stmt(ss, ST_ALLOC_CLEAR, err);

	if (!st)
		return RL_EIO;
	sqlite3_bind_int64(st, 1, creditor);
	sqlite3_bind_int64(st, 2, payment_id);
	return step_write(ss, st, err, "allocation");
}

static int sq_allocation_each(rl_store *s, int64_t creditor, int64_t invoice_id,
			      rl_allocation_fn fn, void *ctx, struct rl_err *err)
{
	struct sqlite_store *ss = S(s);
	sqlite3_stmt *st;
	int rc, ret = 0;

	if (sqlite3_prepare_v2(
		    ss->db,
		    "SELECT p.code, a.date, a.amount FROM allocation a "
		    "JOIN payment p ON p.id = a.payment_id "
		    "WHERE a.creditor_id = ?1 AND a.invoice_id = ?2 ORDER BY a.date, a.id",
		    -1, &st, NULL) != SQLITE_OK)
		return db_error(ss, err, "cannot list allocations");
	sqlite3_bind_int64(st, 1, creditor);
	sqlite3_bind_int64(st, 2, invoice_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct rl_allocation a = { col_text(st, 0), col_date(st, 1),
					   sqlite3_column_int64(st, 2) };

		if ((ret = fn(ctx, &a)))
			break;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		ret = db_error(ss, err, "cannot list allocations");
	sqlite3_finalize(st);
	return ret;
}

static int sq_payment_totals(rl_store *s, int64_t creditor, rl_date asof, rl_payment_total_fn fn,
			     void *ctx, struct rl_err *err)
{
	struct sqlite_store *ss = S(s);
	sqlite3_stmt *st;
	int rc, ret = 0;

	if (sqlite3_prepare_v2(ss->db,
			       "SELECT p.currency, sum(p.amount), "
			       "coalesce(sum((SELECT sum(a.amount) FROM allocation a "
			       "WHERE a.payment_id = p.id)), 0) "
			       "FROM payment p WHERE p.creditor_id = ?1 AND p.paid_date <= ?2 "
			       "GROUP BY p.currency ORDER BY p.currency",
			       -1, &st, NULL) != SQLITE_OK)
		return db_error(ss, err, "cannot total payments");
	sqlite3_bind_int64(st, 1, creditor);
	bind_date(st, 2, asof);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct rl_payment_total t = { col_text(st, 0), sqlite3_column_int64(st, 1),
					      sqlite3_column_int64(st, 2) };

		if ((ret = fn(ctx, &t)))
			break;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		ret = db_error(ss, err, "cannot total payments");
	sqlite3_finalize(st);
	return ret;
}

static int sq_max_id(rl_store *s, int64_t creditor, enum rl_entity e, int64_t *out,
		     struct rl_err *err)
{
	static const char *const sql[] = {
		[RL_ENTITY_CUSTOMER] = "SELECT coalesce(max(id), 0) FROM customer",
		[RL_ENTITY_INVOICE] = "SELECT coalesce(max(id), 0) FROM invoice",
		[RL_ENTITY_PAYMENT] = "SELECT coalesce(max(id), 0) FROM payment",
	};
	struct sqlite_store *ss = S(s);
	sqlite3_stmt *st;

	/* Ids are shared by all creditors of the database, so the maximum is
	 * taken over the whole table: what matters is that later rows are above it. */
	(void)creditor;
	if (sqlite3_prepare_v2(ss->db, sql[e], -1, &st, NULL) != SQLITE_OK)
		return db_error(ss, err, "cannot read ids");
	*out = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_finalize(st);
	return 0;
}

/* --- portable SQL (relance/store/sql.h) ------------------------------------------ */

/* Prepares sql, written with $N placeholders, as SQLite's ?N. */
static int sql_prepare(struct sqlite_store *ss, const char *sql, sqlite3_stmt **out,
		       struct rl_err *err)
{
	struct rl_buf text;
	bool quoted = false;
	int rc = 0;

	rl_buf_init(&text, RL_MAX_SQL);
	for (const char *p = sql; *p; p++) {
		if (*p == '\'')
			quoted = !quoted;
		if (rl_buf_addch(&text,
				 (!quoted && *p == '$' && p[1] >= '0' && p[1] <= '9') ? '?' : *p)) {
			rc = rl_err_set(err, RL_ENOMEM, "statement too long");
			goto out;
		}
	}
	if (sqlite3_prepare_v3(ss->db, text.ptr, -1, SQLITE_PREPARE_PERSISTENT, out, NULL) !=
	    SQLITE_OK)
		rc = db_error(ss, err, "cannot prepare statement");
out:
	rl_buf_release(&text);
	return rc;
}

/* The cached statement for sql, bound to params; *fresh is set when the
 * cached one was busy and a private statement was prepared (finalize it). */
static int sql_bind(struct sqlite_store *ss, const char *sql, const struct rl_sql_value *params,
		    int n, sqlite3_stmt **out, struct sql_cached **slot, struct rl_err *err)
{
	struct sql_cached *free_slot = NULL;
	sqlite3_stmt *st = NULL;
	int rc;

	*slot = NULL;
	for (int i = 0; i < SQL_CACHE; i++) {
		if (ss->sql_cache[i].key == sql && !ss->sql_cache[i].busy) {
			*slot = &ss->sql_cache[i];
			break;
		}
		if (!ss->sql_cache[i].key && !free_slot)
			free_slot = &ss->sql_cache[i];
	}
	if (*slot) {
		st = (*slot)->st;
		sqlite3_reset(st);
	} else {
		if ((rc = sql_prepare(ss, sql, &st, err)))
			return rc;
		if (free_slot) {
			free_slot->key = sql;
			free_slot->st = st;
			*slot = free_slot;
		}
	}
	for (int i = 0; i < n; i++) {
		if (params[i].type == RL_SQL_INT)
			sqlite3_bind_int64(st, i + 1, params[i].i);
		else if (params[i].type == RL_SQL_TEXT)
			sqlite3_bind_text(st, i + 1, params[i].s, -1, SQLITE_STATIC);
		else
			sqlite3_bind_null(st, i + 1);
	}
	*out = st;
	return 0;
}

static void sql_done(sqlite3_stmt *st, struct sql_cached *slot)
{
	if (slot) {
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
		slot->busy = false;
	} else {
		sqlite3_finalize(st);
	}
}

static int sq_sql_exec(rl_store *s, const char *sql, const struct rl_sql_value *params, int n,
		       int64_t *changes, struct rl_err *err)
{
	struct sqlite_store *ss = S(s);
	struct sql_cached *slot;
	sqlite3_stmt *st;
	int rc;

	if ((rc = sql_bind(ss, sql, params, n, &st, &slot, err)))
		return rc;
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE || rc == SQLITE_ROW) {
		rc = 0;
		if (changes)
			*changes = sqlite3_changes(ss->db);
	} else {
		int ext = sqlite3_extended_errcode(ss->db);

		if (ext == SQLITE_CONSTRAINT_UNIQUE || ext == SQLITE_CONSTRAINT_PRIMARYKEY)
			rc = rl_err_set(err, RL_ECONFLICT, "%s: %s", ss->path,
					sqlite3_errmsg(ss->db));
		else if (ext == SQLITE_CONSTRAINT_NOTNULL || ext == SQLITE_CONSTRAINT_FOREIGNKEY)
			rc = rl_err_set(err, RL_ENOTFOUND, "%s: %s", ss->path,
					sqlite3_errmsg(ss->db));
		else
			rc = db_error(ss, err, "statement failed");
	}
	sql_done(st, slot);
	return rc;
}

static int sq_sql_query(rl_store *s, const char *sql, const struct rl_sql_value *params, int n,
			rl_sql_row_fn fn, void *ctx, struct rl_err *err)
{
	struct sqlite_store *ss = S(s);
	struct sql_cached *slot;
	struct rl_sql_row row = { &sqlite_sql_ops, NULL, 0 };
	sqlite3_stmt *st;
	int rc, ret = 0;

	if ((rc = sql_bind(ss, sql, params, n, &st, &slot, err)))
		return rc;
	if (slot)
		slot->busy = true;
	row.impl = st;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if ((ret = fn(ctx, &row)))
			break;
		row.row++;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		ret = db_error(ss, err, "query failed");
	sql_done(st, slot);
	return ret;
}

static int64_t sq_col_int(const struct rl_sql_row *r, int col)
{
	return sqlite3_column_int64(r->impl, col);
}

static const char *sq_col_text(const struct rl_sql_row *r, int col)
{
	const unsigned char *t = sqlite3_column_text(r->impl, col);

	return t ? (const char *)t : "";
}

static bool sq_col_null(const struct rl_sql_row *r, int col)
{
	return sqlite3_column_type(r->impl, col) == SQLITE_NULL;
}

static const struct rl_sql_ops sqlite_sql_ops = {
	.exec = sq_sql_exec,
	.query = sq_sql_query,
	.scan = sq_sql_query, /* SQLite steps through rows: no difference */
	.col_int = sq_col_int,
	.col_text = sq_col_text,
	.col_null = sq_col_null,
};

/* --- relance db: migrations on demand, raw rows --------------------------------- */

static int sq_migrate(rl_store *s, struct rl_err *err)
{
	return migrate(S(s), 0, err);
}

/* Every row of table (a name from rl_schema_tables, never user input), by
 * its first column, the key. */
static int sq_table_each(rl_store *s, const char *table,
			 int (*fn)(void *ctx, const struct rl_table_row *r), void *ctx,
			 struct rl_err *err)
{
	struct sqlite_store *ss = S(s);
	const char *names[256], *values[256];
	struct rl_table_row r = { 0, names, values };
	sqlite3_stmt *st;
	char sql[128];
	int rc, ret = 0;

	snprintf(sql, sizeof(sql), "SELECT * FROM \"%s\" ORDER BY 1", table);
	if (sqlite3_prepare_v2(ss->db, sql, -1, &st, NULL) != SQLITE_OK)
		return db_error(ss, err, "cannot read a table");
	r.ncols = sqlite3_column_count(st);
	if (r.ncols > 256) {
		sqlite3_finalize(st);
		return rl_err_set(err, RL_EINVAL, "table '%s' has too many columns", table);
	}
	for (int i = 0; i < r.ncols; i++)
		names[i] = sqlite3_column_name(st, i);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (int i = 0; i < r.ncols; i++)
			values[i] =
				sqlite3_column_type(st, i) == SQLITE_NULL ? NULL : col_text(st, i);
		if ((ret = fn(ctx, &r)))
			break;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		ret = db_error(ss, err, "cannot read a table");
	sqlite3_finalize(st);
	return ret;
}

/* References are checked once, before commit (sq_commit, PRAGMA
 * foreign_key_check). A SQLite target is always a new file. */
static int sq_copy_begin(rl_store *s, bool replace, struct rl_err *err)
{
	struct sqlite_store *ss = S(s);
	int rc;

	if (replace)
		return rl_err_set(err, RL_EUSAGE, "%s: a SQLite ledger is not replaced in place",
				  ss->path);
	if ((rc = exec(ss, "PRAGMA foreign_keys = OFF", err)))
		return rc;
	ss->bulk = true;
	ss->check_fk = true;
	if ((rc = exec(ss, "BEGIN IMMEDIATE", err))) {
		end_bulk(ss);
		return rc;
	}
	return 0;
}

static int sq_table_put(rl_store *s, const char *table, const struct rl_table_row *r,
			struct rl_err *err)
{
	struct sqlite_store *ss = S(s);
	int rc;

	if (ss->put && ss->put_table != table) {
		sqlite3_finalize(ss->put);
		ss->put = NULL;
	}
	if (!ss->put) {
		struct rl_buf sql;

		rl_buf_init(&sql, RL_MAX_SQL);
		rl_buf_addf(&sql, "INSERT INTO \"%s\" (", table);
		for (int i = 0; i < r->ncols; i++)
			rl_buf_addf(&sql, "%s\"%s\"", i ? ", " : "", r->names[i]);
		rl_buf_addstr(&sql, ") VALUES (");
		for (int i = 0; i < r->ncols; i++)
			rl_buf_addstr(&sql, i ? ", ?" : "?");
		rc = rl_buf_addstr(&sql, ")")
			     ? SQLITE_NOMEM
			     : sqlite3_prepare_v2(ss->db, sql.ptr, -1, &ss->put, NULL);
		rl_buf_release(&sql);
		if (rc != SQLITE_OK)
			return db_error(ss, err, "cannot copy into a table");
		ss->put_table = table;
	}
	sqlite3_reset(ss->put);
	for (int i = 0; i < r->ncols; i++) {
		if (r->values[i])
			sqlite3_bind_text(ss->put, i + 1, r->values[i], -1, SQLITE_STATIC);
		else
			sqlite3_bind_null(ss->put, i + 1);
	}
	if (sqlite3_step(ss->put) != SQLITE_DONE)
		return db_error(ss, err, "cannot copy a row");
	return 0;
}

static int sq_table_end(rl_store *s, const char *table, struct rl_err *err)
{
	struct sqlite_store *ss = S(s);

	(void)table;
	(void)err;
	sqlite3_finalize(ss->put);
	ss->put = NULL;
	return 0;
}

static const struct rl_store_ops sqlite_ops = {
	.name = "sqlite",
	.close = sq_close,
	.schema_version = sq_schema_version,
	.begin = sq_begin,
	.begin_bulk = sq_begin_bulk,
	.commit = sq_commit,
	.rollback = sq_rollback,
	.creditor_get = sq_creditor_get,
	.creditor_add = sq_creditor_add,
	.customer_insert = sq_customer_insert,
	.customer_update = sq_customer_update,
	.customer_get = sq_customer_get,
	.customer_each = sq_customer_each,
	.invoice_insert = sq_invoice_insert,
	.invoice_update = sq_invoice_update,
	.invoice_get = sq_invoice_get,
	.invoice_each = sq_invoice_each,
	.payment_insert = sq_payment_insert,
	.payment_update = sq_payment_update,
	.payment_get = sq_payment_get,
	.allocation_add = sq_allocation_add,
	.allocation_clear_payment = sq_allocation_clear_payment,
	.allocation_each = sq_allocation_each,
	.payment_totals = sq_payment_totals,
	.max_id = sq_max_id,
	.migrate = sq_migrate,
	.table_each = sq_table_each,
	.copy_begin = sq_copy_begin,
	.table_put = sq_table_put,
	.table_end = sq_table_end,
};
