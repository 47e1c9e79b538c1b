/* The journal in the database: see relance/store/journal.h. Written once in
 * portable SQL (relance/store/sql.h) for both backends. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "relance/core/limits.h"
#include "relance/store/journal.h"
#include "relance/store/sql.h"

static const char sql_touch_head[] = "UPDATE journal_head SET seq = seq WHERE creditor_id = $1";
static const char sql_new_head[] =
	"INSERT INTO journal_head (creditor_id, seq, hash) VALUES ($1, 0, $2) "
	"ON CONFLICT (creditor_id) DO NOTHING";
static const char sql_read_head[] = "SELECT seq, hash FROM journal_head WHERE creditor_id = $1";
static const char sql_write_head[] =
	"UPDATE journal_head SET seq = $2, hash = $3 WHERE creditor_id = $1";
static const char sql_insert[] =
	"INSERT INTO journal (creditor_id, seq, at, actor, customer_code, invoice_number, kind, "
	"payload, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";

struct head {
	int64_t seq;
	char hash[RL_HASH_HEX_LEN + 1];
	bool found;
};

static int read_head_row(void *ctx, const struct rl_sql_row *row)
{
	struct head *h = ctx;

	h->seq = rl_sql_col_int(row, 0);
	strncpy(h->hash, rl_sql_col_text(row, 1), RL_HASH_HEX_LEN);
	h->hash[RL_HASH_HEX_LEN] = '\0';
	h->found = true;
	return 1;
}

static int read_head(rl_store *s, int64_t creditor, struct head *h, struct rl_err *err)
{
	struct rl_sql_value p[1] = { rl_sql_int(creditor) };
	int rc;

	memset(h, 0, sizeof(*h));
	rc = rl_sql_query(s, sql_read_head, p, 1, read_head_row, h, err);
	return rc < 0 ? rc : 0;
}

int rl_journal_open(struct rl_journal_writer *w, rl_store *s, int64_t creditor,
		    const char *creditor_code, struct rl_err *err)
{
	static const uint8_t zero[RL_HASH_LEN];
	char zero_hex[RL_HASH_HEX_LEN + 1];
	struct rl_sql_value p[2];
	struct head h;
	int64_t changed = 0;
	int rc;

	memset(w, 0, sizeof(*w));
	w->store = s;
	w->creditor = creditor;
	snprintf(w->creditor_code, sizeof(w->creditor_code), "%s", creditor_code);
	rl_buf_init(&w->canonical, RL_MAX_RECORD);
	rl_hash_to_hex(zero, zero_hex);
	p[0] = rl_sql_int(creditor);
	p[1] = rl_sql_text(zero_hex);
	/* The no-op update takes the head row's lock (PostgreSQL; SQLite's
	 * write transaction is already exclusive) before it is read. */
	if ((rc = rl_sql_exec(s, sql_touch_head, p, 1, &changed, err)))
		return rc;
	if (!changed && ((rc = rl_sql_exec(s, sql_new_head, p, 2, NULL, err)) ||
			 (rc = rl_sql_exec(s, sql_touch_head, p, 1, NULL, err))))
		return rc;
	if ((rc = read_head(s, creditor, &h, err)))
		return rc;
	if (!h.found || rl_hash_from_hex(h.hash, w->hash))
		return rl_err_set(err, RL_EIO, "the journal's head for creditor '%s' is damaged",
				  creditor_code);
	w->seq = h.seq;
	return 0;
}

/* The hash entry e takes after the chain's end (e->seq and e->creditor
 * filled in); the writer moves on only once the entry is stored. */
static int chain_next(struct rl_journal_writer *w, int64_t seq, struct rl_journal_entry *e,
		      uint8_t next[RL_HASH_LEN], const uint8_t prev[RL_HASH_LEN],
		      struct rl_err *err)
{
	e->seq = seq;
	e->creditor = w->creditor_code;
	rl_buf_reset(&w->canonical);
	if (rl_journal_canonical(e, &w->canonical))
		return rl_err_set(err, RL_ENOMEM, "journal entry too large");
	rl_journal_link(prev, w->canonical.ptr, w->canonical.len, next);
	return 0;
}

/* The stored columns of entry e, in sql_insert's order. */
static void entry_values(const struct rl_journal_writer *w, const struct rl_journal_entry *e,
			 const char *hex, struct rl_sql_value p[9])
{
	p[0] = rl_sql_int(w->creditor);
	p[1] = rl_sql_int(e->seq);
	p[2] = rl_sql_text(e->at);
	p[3] = rl_sql_text(e->actor);
	p[4] = rl_sql_text(e->customer ? e->customer : "");
	p[5] = rl_sql_text(e->invoice ? e->invoice : "");
	p[6] = rl_sql_text(e->kind);
	p[7] = rl_sql_text(e->payload && *e->payload ? e->payload : "{}");
	p[8] = rl_sql_text(hex);
}

int rl_journal_add(struct rl_journal_writer *w, struct rl_journal_entry *e, struct rl_err *err)
{
	char hex[RL_HASH_HEX_LEN + 1];
	struct rl_sql_value p[9];
	uint8_t next[RL_HASH_LEN];
	int rc;

	if ((rc = chain_next(w, w->seq + 1, e, next, w->hash, err)))
		return rc;
	rl_hash_to_hex(next, hex);
	entry_values(w, e, hex, p);
	if ((rc = rl_sql_exec(w->store, sql_insert, p, 9, NULL, err)))
		return rc;
	memcpy(w->hash, next, RL_HASH_LEN);
	w->seq = e->seq;
	w->dirty = true;
	return 0;
}

/* Entries written by one rl_sql_batch: bounds the memory held. */
#define JOURNAL_BATCH 8192

/* Stores entries e[0..n) (n <= JOURNAL_BATCH) after the chain's end. The
 * head lock makes the writer the only one appending, so the insert meets
 * no existing (creditor, seq): if it ever does, it writes fewer rows than
 * given and the call fails (the caller rolls back). */
static int add_batch(struct rl_journal_writer *w, struct rl_journal_entry *e, size_t n,
		     struct rl_sql_value *p, char (*hex)[RL_HASH_HEX_LEN + 1], struct rl_err *err)
{
	static const struct rl_sql_batch batch = {
		"INSERT INTO journal (creditor_id, seq, at, actor, customer_code, invoice_number, "
		"kind, payload, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) "
		"ON CONFLICT (creditor_id, seq) DO NOTHING",
		"rl_stage_journal (seq bigint, creditor_id bigint, entry bigint, at text, "
		"actor text, customer_code text, invoice_number text, kind text, payload text, "
		"hash text)",
		"INSERT INTO journal (creditor_id, seq, at, actor, customer_code, invoice_number, "
		"kind, payload, hash) SELECT creditor_id, entry, at, actor, customer_code, "
		"invoice_number, kind, payload, hash FROM rl_stage_journal ORDER BY seq "
		"ON CONFLICT (creditor_id, seq) DO NOTHING",
		9,
		"journal",
		"SELECT count(*) FROM rl_stage_journal s "
		"WHERE NOT EXISTS (SELECT 1 FROM creditor x WHERE x.id = s.creditor_id)",
	};
	uint8_t hash[RL_HASH_LEN];
	int64_t written = 0;
	int rc;

	memcpy(hash, w->hash, RL_HASH_LEN);
	for (size_t i = 0; i < n; i++) {
		uint8_t next[RL_HASH_LEN];

		if ((rc = chain_next(w, w->seq + 1 + (int64_t)i, &e[i], next, hash, err)))
			return rc;
		rl_hash_to_hex(next, hex[i]);
		entry_values(w, &e[i], hex[i], p + 9 * i);
		memcpy(hash, next, RL_HASH_LEN);
	}
	if ((rc = rl_sql_batch(w->store, &batch, p, n, NULL, NULL, &written, err)))
		return rc;
	if ((size_t)written != n)
		return rl_err_set(err, RL_ECONFLICT,
				  "the journal of creditor '%s' was appended to by another writer",
				  w->creditor_code);
	memcpy(w->hash, hash, RL_HASH_LEN);
	w->seq += (int64_t)n;
	w->dirty = true;
	return 0;
}

int rl_journal_add_many(struct rl_journal_writer *w, struct rl_journal_entry *e, size_t n,
			struct rl_err *err)
{
	size_t m = n < JOURNAL_BATCH ? n : JOURNAL_BATCH;
	struct rl_sql_value *p;
	char(*hex)[RL_HASH_HEX_LEN + 1];
	int rc = 0;

	if (n == 0)
		return 0;
	p = malloc(m * 9 * sizeof(*p));
	hex = malloc(m * sizeof(*hex));
	if (!p || !hex)
		rc = rl_err_set(err, RL_ENOMEM, "out of memory");
	for (size_t from = 0; from < n && !rc; from += m)
		rc = add_batch(w, e + from, n - from < m ? n - from : m, p, hex, err);
	free(p);
	free(hex);
	return rc;
}

int rl_journal_close(struct rl_journal_writer *w, struct rl_err *err)
{
	char hex[RL_HASH_HEX_LEN + 1];
	struct rl_sql_value p[3];
	int rc = 0;

	if (w->dirty) {
		rl_hash_to_hex(w->hash, hex);
		p[0] = rl_sql_int(w->creditor);
		p[1] = rl_sql_int(w->seq);
		p[2] = rl_sql_text(hex);
		rc = rl_sql_exec(w->store, sql_write_head, p, 3, NULL, err);
	}
	rl_buf_release(&w->canonical);
	return rc;
}

void rl_journal_abandon(struct rl_journal_writer *w)
{
	rl_buf_release(&w->canonical);
}

struct each_ctx {
	rl_journal_fn fn;
	void *ctx;
	const char *creditor_code;
};

static int each_row(void *ctx, const struct rl_sql_row *row)
{
	struct each_ctx *c = ctx;
	struct rl_journal_row r = { 0 };

	r.e.seq = rl_sql_col_int(row, 0);
	r.e.at = rl_sql_col_text(row, 1);
	r.e.actor = rl_sql_col_text(row, 2);
	r.e.creditor = c->creditor_code;
	r.e.customer = rl_sql_col_text(row, 3);
	r.e.invoice = rl_sql_col_text(row, 4);
	r.e.kind = rl_sql_col_text(row, 5);
	r.e.payload = rl_sql_col_text(row, 6);
	r.hash = rl_sql_col_text(row, 7);
	return c->fn(c->ctx, &r);
}

int rl_journal_each(rl_store *s, int64_t creditor, const char *creditor_code,
		    const struct rl_journal_filter *f, rl_journal_fn fn, void *ctx,
		    struct rl_err *err)
{
	static const char sql[] =
		"SELECT seq, at, actor, customer_code, invoice_number, kind, payload, hash "
		"FROM journal WHERE creditor_id = $1 AND ($2 = '' OR at >= $2) "
		"AND ($3 = '' OR at < $3) AND ($4 = '' OR customer_code = $4) "
		"AND ($5 = '' OR invoice_number = $5) ORDER BY seq";
	struct each_ctx c = { fn, ctx, creditor_code };
	struct rl_sql_value p[5] = {
		rl_sql_int(creditor),
		rl_sql_text(f && f->from ? f->from : ""),
		rl_sql_text(f && f->to ? f->to : ""),
		rl_sql_text(f && f->customer ? f->customer : ""),
		rl_sql_text(f && f->invoice ? f->invoice : ""),
	};

	return rl_sql_scan(s, sql, p, 5, each_row, &c, err);
}

int rl_journal_head(rl_store *s, int64_t creditor, int64_t *seq, char hash[RL_HASH_HEX_LEN + 1],
		    struct rl_err *err)
{
	static const uint8_t zero[RL_HASH_LEN];
	struct head h;
	int rc;

	if ((rc = read_head(s, creditor, &h, err)))
		return rc;
	*seq = h.found ? h.seq : 0;
	if (h.found)
		memcpy(hash, h.hash, RL_HASH_HEX_LEN + 1);
	else
		rl_hash_to_hex(zero, hash);
	return 0;
}
