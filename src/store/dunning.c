/* The dunning run's reads and writes: see relance/store/dunning.h. Portable
 * SQL (relance/store/sql.h) for both backends. */
#include <stdlib.h>
#include <string.h>

#include "relance/core/buf.h"
#include "relance/core/limits.h"

#include "relance/store/dunning.h"
#include "relance/store/sql.h"

/* Dates are stored as "YYYY-MM-DD": read them without the general parser,
 * once per invoice of the scan. "" (no date) gives RL_DATE_NONE. */
static rl_date text_date(const char *s)
{
	rl_date d;
	int v[8];

	for (int i = 0, k = 0; i < 10; i++) {
		if (i == 4 || i == 7) {
			if (s[i] != '-')
				return RL_DATE_NONE;
			continue;
		}
		if (s[i] < '0' || s[i] > '9')
			return RL_DATE_NONE;
		v[k++] = s[i] - '0';
	}
	if (s[10] || rl_date_from_ymd(v[0] * 1000 + v[1] * 100 + v[2] * 10 + v[3], v[4] * 10 + v[5],
				      v[6] * 10 + v[7], &d))
		return RL_DATE_NONE;
	return d;
}

static enum rl_pause_reason pause_of(const char *s)
{
	if (strcmp(s, "dispute") == 0)
		return RL_PAUSE_DISPUTE;
	if (strcmp(s, "promise") == 0)
		return RL_PAUSE_PROMISE;
	if (strcmp(s, "plan") == 0)
		return RL_PAUSE_PLAN;
	if (strcmp(s, "manual") == 0)
		return RL_PAUSE_MANUAL;
	return RL_PAUSE_NONE;
}

/* The customers' attributes the run needs, by id: loaded once, so that the
 * invoice scan joins nothing (a join per invoice costs as much as the scan). */
struct customer_info {
	int64_t id;
	size_t code_off; /* in text */
	bool blocked;
	int64_t policy;
};

struct scan_ctx {
	rl_dunning_row_fn fn;
	void *ctx;
	struct customer_info *customers;
	size_t ncustomers, cap;
	struct rl_buf text;
	struct rl_err *err;
};

static int load_customer(void *ctx, const struct rl_sql_row *row)
{
	struct scan_ctx *c = ctx;
	struct customer_info *ci;

	if (c->ncustomers == c->cap) {
		size_t ncap = c->cap ? 2 * c->cap : 1024;
		struct customer_info *grown = realloc(c->customers, ncap * sizeof(*grown));

		if (!grown)
			return rl_err_set(c->err, RL_ENOMEM, "out of memory");
		c->customers = grown;
		c->cap = ncap;
	}
	ci = &c->customers[c->ncustomers++];
	ci->id = rl_sql_col_int(row, 0);
	ci->code_off = c->text.len;
	ci->blocked = rl_sql_col_int(row, 2) != 0;
	ci->policy = rl_sql_col_int(row, 3);
	if (rl_buf_addstr(&c->text, rl_sql_col_text(row, 1)) || rl_buf_addch(&c->text, '\0'))
		return rl_err_set(c->err, RL_ENOMEM, "too many customers");
	return 0;
}

static const struct customer_info *find_customer(const struct scan_ctx *c, int64_t id)
{
	size_t lo = 0, hi = c->ncustomers;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (c->customers[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < c->ncustomers && c->customers[lo].id == id ? &c->customers[lo] : NULL;
}

static int scan_row(void *ctx, const struct rl_sql_row *row)
{
	struct scan_ctx *c = ctx;
	struct rl_dunning_row r;
	const char *cur = rl_sql_col_text(row, 3);
	const struct customer_info *ci;

	r.invoice_id = rl_sql_col_int(row, 0);
	r.invoice_number = rl_sql_col_text(row, 1);
	r.due_date = text_date(rl_sql_col_text(row, 2));
	r.currency = rl_currency_find(cur, strlen(cur));
	r.balance = rl_sql_col_int(row, 4);
	r.customer_id = rl_sql_col_int(row, 5);
	/* Every invoice has its customer (a foreign key), so one missing from
	 * the list was committed after the list was read (PostgreSQL reads each
	 * statement afresh, a dry run on SQLite has no transaction): it is left
	 * to the next run, as if imported a moment later. */
	ci = find_customer(c, r.customer_id);
	if (!ci)
		return 0;
	r.customer_code = c->text.ptr + ci->code_off;
	r.customer_blocked = ci->blocked;
	r.customer_policy = ci->policy;
	r.state.last_step = (int)rl_sql_col_int(row, 6);
	r.state.last_step_date = text_date(rl_sql_col_text(row, 7));
	r.state.pause = pause_of(rl_sql_col_text(row, 8));
	r.state.paused_until = text_date(rl_sql_col_text(row, 9));
	r.state.handed_off = rl_sql_col_text(row, 10)[0] != '\0';
	r.case_policy = rl_sql_col_int(row, 11);
	return c->fn(c->ctx, &r);
}

int rl_dunning_scan(rl_store *s, int64_t creditor, rl_date date, rl_dunning_row_fn fn, void *ctx,
		    struct rl_err *err)
{
	static const char sql_customers[] =
		"SELECT id, code, blocked, coalesce(policy_id, 0) FROM customer "
		"WHERE creditor_id = $1 ORDER BY id";
	/* The balance is computed once, in the inner query, and filtered outside. */
	static const char sql[] =
		"SELECT * FROM (SELECT i.id, i.number, i.due_date, i.currency, i.amount - "
		"coalesce((SELECT sum(a.amount) FROM allocation a WHERE a.invoice_id = i.id "
		"AND a.date <= $2), 0) AS balance, i.customer_id, "
		"coalesce(dc.last_step, -1), coalesce(dc.last_step_date, ''), "
		"coalesce(dc.pause, 'none'), coalesce(dc.paused_until, ''), "
		"coalesce(dc.handed_off_to, ''), coalesce(dc.policy_id, 0) "
		"FROM invoice i LEFT JOIN dunning_case dc ON dc.invoice_id = i.id "
		"WHERE i.creditor_id = $1 AND i.type = 'invoice' AND i.issue_date <= $2) t "
		"WHERE balance > 0";
	char day[RL_DATE_ISO_LEN + 1];
	struct scan_ctx c = { fn, ctx, NULL, 0, 0, { 0 }, err };
	struct rl_sql_value p[2];
	int rc;

	rl_buf_init(&c.text, RL_MAX_OUTPUT);
	rl_date_format_iso(date, day);
	p[0] = rl_sql_int(creditor);
	p[1] = rl_sql_text(day);
	rc = rl_sql_scan(s, sql_customers, p, 1, load_customer, &c, err);
	if (rc >= 0)
		rc = rl_sql_scan(s, sql, p, 2, scan_row, &c, err);
	free(c.customers);
	rl_buf_release(&c.text);
	return rc;
}

int rl_dunning_run_start(rl_store *s, int64_t creditor, rl_date date, const char *started_at,
			 int64_t *run_id, struct rl_err *err)
{
	static const char sql[] = "INSERT INTO dunning_run (creditor_id, run_date, started_at) "
				  "VALUES ($1, $2, $3) RETURNING id";
	char day[RL_DATE_ISO_LEN + 1];
	struct rl_sql_value p[3];

	rl_date_format_iso(date, day);
	p[0] = rl_sql_int(creditor);
	p[1] = rl_sql_text(day);
	p[2] = rl_sql_text(started_at);
	return rl_sql_query_int(s, sql, p, 3, run_id, NULL, err);
}

int rl_dunning_run_finish(rl_store *s, int64_t run_id, int64_t evaluated, int64_t steps,
			  int64_t communications, struct rl_err *err)
{
	static const char sql[] = "UPDATE dunning_run SET invoices_evaluated = $2, steps = $3, "
				  "communications = $4 WHERE id = $1";
	struct rl_sql_value p[4] = { rl_sql_int(run_id), rl_sql_int(evaluated), rl_sql_int(steps),
				     rl_sql_int(communications) };

	return rl_sql_exec(s, sql, p, 4, NULL, err);
}

/* Rows handed to rl_sql_batch at once: bounds the values held. */
#define BATCH_ROWS 8192

static struct rl_sql_value *values_new(size_t rows, int cols, struct rl_err *err)
{
	struct rl_sql_value *v = malloc(rows * (size_t)cols * sizeof(*v));

	if (!v)
		rl_err_set(err, RL_ENOMEM, "out of memory");
	return v;
}

static int by_customer_channel(const void *a, const void *b)
{
	const struct rl_communication_write *x = a, *y = b;

	if (x->customer_id != y->customer_id)
		return x->customer_id < y->customer_id ? -1 : 1;
	return (x->channel > y->channel) - (x->channel < y->channel);
}

struct comm_ids {
	struct rl_communication_write *v;
	size_t n;
	bool unknown; /* a row returned that matches no entry */
};

/* A communication written: its id goes to the entry of its customer and
 * channel. */
static int comm_written(void *ctx, const struct rl_sql_row *row)
{
	struct comm_ids *c = ctx;
	struct rl_communication_write key = { rl_sql_col_int(row, 1), 0, 0 }, *at;

	at = rl_channel_parse(rl_sql_col_text(row, 2), &key.channel)
		     ? NULL
		     : bsearch(&key, c->v, c->n, sizeof(*c->v), by_customer_channel);
	if (!at) {
		c->unknown = true;
		return 1;
	}
	at->id = rl_sql_col_int(row, 0);
	return 0;
}

int rl_dunning_communications_add(rl_store *s, int64_t creditor, int64_t run_id, rl_date date,
				  struct rl_communication_write *v, size_t n, struct rl_err *err)
{
	static const struct rl_sql_batch batch = {
		"INSERT INTO communication (creditor_id, run_id, customer_id, channel, created_on) "
		"VALUES ($1, $2, $3, $4, $5) RETURNING id, customer_id, channel",
		"rl_stage_communication (seq bigint, creditor_id bigint, run_id bigint, "
		"customer_id bigint, channel text, created_on text)",
		"INSERT INTO communication (creditor_id, run_id, customer_id, channel, created_on) "
		"SELECT creditor_id, run_id, customer_id, channel, created_on "
		"FROM rl_stage_communication ORDER BY seq RETURNING id, customer_id, channel",
		5,
		"communication",
		"SELECT count(*) FROM rl_stage_communication s "
		"WHERE NOT EXISTS (SELECT 1 FROM creditor x WHERE x.id = s.creditor_id) "
		"OR NOT EXISTS (SELECT 1 FROM dunning_run x WHERE x.id = s.run_id) "
		"OR NOT EXISTS (SELECT 1 FROM customer x WHERE x.id = s.customer_id)",
	};
	char day[RL_DATE_ISO_LEN + 1];
	struct rl_sql_value *p;
	int rc = 0;

	if (n == 0)
		return 0;
	if (!(p = values_new(n < BATCH_ROWS ? n : BATCH_ROWS, batch.ncols, err)))
		return RL_ENOMEM;
	rl_date_format_iso(date, day);
	for (size_t from = 0; from < n && !rc; from += BATCH_ROWS) {
		size_t m = n - from < BATCH_ROWS ? n - from : BATCH_ROWS;
		struct comm_ids c = { v + from, m, false };
		int64_t written = 0;

		for (size_t i = 0; i < m; i++) {
			struct rl_sql_value *r = p + i * (size_t)batch.ncols;

			c.v[i].id = 0;
			r[0] = rl_sql_int(creditor);
			r[1] = rl_sql_int(run_id);
			r[2] = rl_sql_int(c.v[i].customer_id);
			r[3] = rl_sql_text(rl_channel_str(c.v[i].channel));
			r[4] = rl_sql_text(day);
		}
		rc = rl_sql_batch(s, &batch, p, m, comm_written, &c, &written, err);
		if (rc >= 0 && (c.unknown || (size_t)written != m))
			rc = rl_err_set(err, RL_EIO, "communications of run %lld not all written",
					(long long)run_id);
	}
	free(p);
	return rc;
}

/* After a batch of items wrote fewer rows than it held: names a step that
 * was already recorded (by another communication than the one given). */
static int already_recorded(rl_store *s, const struct rl_step_write *v, size_t n,
			    struct rl_err *err)
{
	static const char sql[] = "SELECT communication_id FROM communication_item "
				  "WHERE invoice_id = $1 AND policy_id = $2 AND step_idx = $3";

	for (size_t i = 0; i < n; i++) {
		struct rl_sql_value p[3] = { rl_sql_int(v[i].invoice_id),
					     rl_sql_int(v[i].policy_id), rl_sql_int(v[i].step) };
		int64_t comm = 0;
		int rc = rl_sql_query_int(s, sql, p, 3, &comm, NULL, err);

		if (rc)
			return rc;
		if (comm != v[i].communication)
			return rl_err_set(err, RL_ECONFLICT,
					  "step %d of invoice %lld is already recorded",
					  v[i].step + 1, (long long)v[i].invoice_id);
	}
	return rl_err_set(err, RL_ECONFLICT, "a step of this run is already recorded");
}

static int items_add(rl_store *s, const struct rl_step_write *v, size_t n, struct rl_sql_value *p,
		     struct rl_err *err)
{
	/* DO NOTHING, then count: an existing row is reported, not an error that
	 * would abort a PostgreSQL transaction. */
	static const struct rl_sql_batch batch = {
		"INSERT INTO communication_item (communication_id, invoice_id, policy_id, step_idx, "
		"step_name, balance, days_late) VALUES ($1, $2, $3, $4, $5, $6, $7) "
		"ON CONFLICT (invoice_id, policy_id, step_idx) DO NOTHING",
		"rl_stage_item (seq bigint, communication_id bigint, invoice_id bigint, "
		"policy_id bigint, step_idx bigint, step_name text, balance bigint, days_late bigint)",
		"INSERT INTO communication_item (communication_id, invoice_id, policy_id, step_idx, "
		"step_name, balance, days_late) SELECT communication_id, invoice_id, policy_id, "
		"step_idx, step_name, balance, days_late FROM rl_stage_item ORDER BY seq "
		"ON CONFLICT (invoice_id, policy_id, step_idx) DO NOTHING",
		7,
		"communication_item",
		"SELECT count(*) FROM rl_stage_item s "
		"WHERE NOT EXISTS (SELECT 1 FROM communication x WHERE x.id = s.communication_id) "
		"OR NOT EXISTS (SELECT 1 FROM invoice x WHERE x.id = s.invoice_id) "
		"OR NOT EXISTS (SELECT 1 FROM policy x WHERE x.id = s.policy_id)",
	};
	int64_t written = 0;
	int rc;

	for (size_t i = 0; i < n; i++) {
		struct rl_sql_value *r = p + i * (size_t)batch.ncols;

		r[0] = rl_sql_int(v[i].communication);
		r[1] = rl_sql_int(v[i].invoice_id);
		r[2] = rl_sql_int(v[i].policy_id);
		r[3] = rl_sql_int(v[i].step);
		r[4] = rl_sql_text(v[i].step_name);
		r[5] = rl_sql_int(v[i].balance);
		r[6] = rl_sql_int(v[i].days_late);
	}
	if ((rc = rl_sql_batch(s, &batch, p, n, NULL, NULL, &written, err)))
		return rc;
	return (size_t)written == n ? 0 : already_recorded(s, v, n, err);
}

static int cases_add(rl_store *s, int64_t creditor, const char *day, const struct rl_step_write *v,
		     size_t n, struct rl_sql_value *p, struct rl_err *err)
{
	static const struct rl_sql_batch batch = {
		"INSERT INTO dunning_case (invoice_id, creditor_id, policy_id, last_step, "
		"last_step_date) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (invoice_id) DO UPDATE "
		"SET policy_id = excluded.policy_id, last_step = excluded.last_step, "
		"last_step_date = excluded.last_step_date",
		"rl_stage_case (seq bigint, invoice_id bigint, creditor_id bigint, policy_id bigint, "
		"last_step bigint, last_step_date text)",
		"INSERT INTO dunning_case (invoice_id, creditor_id, policy_id, last_step, "
		"last_step_date) SELECT invoice_id, creditor_id, policy_id, last_step, "
		"last_step_date FROM rl_stage_case ORDER BY seq ON CONFLICT (invoice_id) DO UPDATE "
		"SET policy_id = excluded.policy_id, last_step = excluded.last_step, "
		"last_step_date = excluded.last_step_date",
		5,
		"dunning_case",
		"SELECT count(*) FROM rl_stage_case s "
		"WHERE NOT EXISTS (SELECT 1 FROM invoice x WHERE x.id = s.invoice_id) "
		"OR NOT EXISTS (SELECT 1 FROM creditor x WHERE x.id = s.creditor_id) "
		"OR (s.policy_id IS NOT NULL AND "
		"NOT EXISTS (SELECT 1 FROM policy x WHERE x.id = s.policy_id))",
	};
	int64_t written = 0;
	int rc;

	for (size_t i = 0; i < n; i++) {
		struct rl_sql_value *r = p + i * (size_t)batch.ncols;

		r[0] = rl_sql_int(v[i].invoice_id);
		r[1] = rl_sql_int(creditor);
		r[2] = rl_sql_int(v[i].policy_id);
		r[3] = rl_sql_int(v[i].step);
		r[4] = rl_sql_text(day);
	}
	if ((rc = rl_sql_batch(s, &batch, p, n, NULL, NULL, &written, err)))
		return rc;
	if ((size_t)written != n)
		return rl_err_set(err, RL_EIO, "%zu of %zu cases written", (size_t)written, n);
	return 0;
}

int rl_dunning_steps_add(rl_store *s, int64_t creditor, rl_date date, const struct rl_step_write *v,
			 size_t n, struct rl_err *err)
{
	char day[RL_DATE_ISO_LEN + 1];
	struct rl_sql_value *p;
	int rc = 0;

	if (n == 0)
		return 0;
	/* 7 values a row: enough for items and cases */
	if (!(p = values_new(n < BATCH_ROWS ? n : BATCH_ROWS, 7, err)))
		return RL_ENOMEM;
	rl_date_format_iso(date, day);
	for (size_t from = 0; from < n && !rc; from += BATCH_ROWS) {
		size_t m = n - from < BATCH_ROWS ? n - from : BATCH_ROWS;

		if (!(rc = items_add(s, v + from, m, p, err)))
			rc = cases_add(s, creditor, day, v + from, m, p, err);
	}
	free(p);
	return rc;
}
