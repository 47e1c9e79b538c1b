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
	ci = find_customer(c, r.customer_id);
	if (!ci)
		return rl_err_set(c->err, RL_EIO, "invoice '%s' has no customer", r.invoice_number);
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

int rl_dunning_communication_add(rl_store *s, int64_t creditor, int64_t run_id, int64_t customer_id,
				 enum rl_channel channel, rl_date date, int64_t *id,
				 struct rl_err *err)
{
	static const char sql[] = "INSERT INTO communication (creditor_id, run_id, customer_id, "
				  "channel, created_on) VALUES ($1, $2, $3, $4, $5) RETURNING id";
	char day[RL_DATE_ISO_LEN + 1];
	struct rl_sql_value p[5];

	rl_date_format_iso(date, day);
	p[0] = rl_sql_int(creditor);
	p[1] = rl_sql_int(run_id);
	p[2] = rl_sql_int(customer_id);
	p[3] = rl_sql_text(rl_channel_str(channel));
	p[4] = rl_sql_text(day);
	return rl_sql_query_int(s, sql, p, 5, id, NULL, err);
}

int rl_dunning_item_add(rl_store *s, int64_t communication, int64_t invoice_id, int64_t policy_id,
			int step, const char *step_name, int64_t balance, int32_t days_late,
			struct rl_err *err)
{
	/* DO NOTHING, then count: an existing row is reported, not an error that
	 * would abort a PostgreSQL transaction. */
	static const char sql[] =
		"INSERT INTO communication_item (communication_id, invoice_id, policy_id, step_idx, "
		"step_name, balance, days_late) VALUES ($1, $2, $3, $4, $5, $6, $7) "
		"ON CONFLICT (invoice_id, policy_id, step_idx) DO NOTHING";
	struct rl_sql_value p[7] = { rl_sql_int(communication), rl_sql_int(invoice_id),
				     rl_sql_int(policy_id),     rl_sql_int(step),
				     rl_sql_text(step_name),    rl_sql_int(balance),
				     rl_sql_int(days_late) };
	int64_t changed = 0;
	int rc = rl_sql_exec(s, sql, p, 7, &changed, err);

	if (rc)
		return rc;
	if (!changed)
		return rl_err_set(err, RL_ECONFLICT, "step %d of invoice %lld is already recorded",
				  step + 1, (long long)invoice_id);
	return 0;
}

int rl_dunning_case_step(rl_store *s, int64_t creditor, int64_t invoice_id, int64_t policy_id,
			 int step, rl_date date, struct rl_err *err)
{
	static const char sql[] =
		"INSERT INTO dunning_case (invoice_id, creditor_id, policy_id, last_step, "
		"last_step_date) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (invoice_id) DO UPDATE "
		"SET policy_id = excluded.policy_id, last_step = excluded.last_step, "
		"last_step_date = excluded.last_step_date";
	char day[RL_DATE_ISO_LEN + 1];
	struct rl_sql_value p[5];

	rl_date_format_iso(date, day);
	p[0] = rl_sql_int(invoice_id);
	p[1] = rl_sql_int(creditor);
	p[2] = rl_sql_int(policy_id);
	p[3] = rl_sql_int(step);
	p[4] = rl_sql_text(day);
	return rl_sql_exec(s, sql, p, 5, NULL, err);
}
