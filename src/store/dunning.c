/* The dunning run's reads and writes: see relance/store/dunning.h. Portable
 * SQL (relance/store/sql.h) for both backends. */
#include <string.h>

#include "relance/store/dunning.h"
#include "relance/store/sql.h"

static rl_date text_date(const char *s)
{
	rl_date d = 0;

	if (!*s || rl_date_parse(s, strlen(s), "YYYY-MM-DD", &d, NULL))
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

struct scan_ctx {
	rl_dunning_row_fn fn;
	void *ctx;
};

static int scan_row(void *ctx, const struct rl_sql_row *row)
{
	struct scan_ctx *c = ctx;
	struct rl_dunning_row r;
	const char *cur = rl_sql_col_text(row, 3);

	r.invoice_id = rl_sql_col_int(row, 0);
	r.invoice_number = rl_sql_col_text(row, 1);
	r.due_date = text_date(rl_sql_col_text(row, 2));
	r.currency = rl_currency_find(cur, strlen(cur));
	r.balance = rl_sql_col_int(row, 4);
	r.customer_id = rl_sql_col_int(row, 5);
	r.customer_code = rl_sql_col_text(row, 6);
	r.customer_blocked = rl_sql_col_int(row, 7) != 0;
	r.customer_policy = rl_sql_col_int(row, 8);
	r.state.last_step = (int)rl_sql_col_int(row, 9);
	r.state.last_step_date = text_date(rl_sql_col_text(row, 10));
	r.state.pause = pause_of(rl_sql_col_text(row, 11));
	r.state.paused_until = text_date(rl_sql_col_text(row, 12));
	r.state.handed_off = rl_sql_col_text(row, 13)[0] != '\0';
	r.case_policy = rl_sql_col_int(row, 14);
	return c->fn(c->ctx, &r);
}

int rl_dunning_scan(rl_store *s, int64_t creditor, rl_date date, rl_dunning_row_fn fn, void *ctx,
		    struct rl_err *err)
{
	static const char sql[] =
		"SELECT i.id, i.number, i.due_date, i.currency, i.amount - coalesce((SELECT "
		"sum(a.amount) FROM allocation a WHERE a.invoice_id = i.id AND a.date <= $2), 0) "
		"AS balance, c.id, c.code, c.blocked, coalesce(c.policy_id, 0), "
		"coalesce(dc.last_step, -1), coalesce(dc.last_step_date, ''), "
		"coalesce(dc.pause, 'none'), coalesce(dc.paused_until, ''), "
		"coalesce(dc.handed_off_to, ''), coalesce(dc.policy_id, 0) "
		"FROM invoice i JOIN customer c ON c.id = i.customer_id "
		"LEFT JOIN dunning_case dc ON dc.invoice_id = i.id "
		"WHERE i.creditor_id = $1 AND i.type = 'invoice' AND i.issue_date <= $2 "
		"AND i.amount > coalesce((SELECT sum(a.amount) FROM allocation a "
		"WHERE a.invoice_id = i.id AND a.date <= $2), 0) "
		"ORDER BY c.id, i.due_date, i.id";
	char day[RL_DATE_ISO_LEN + 1];
	struct scan_ctx c = { fn, ctx };
	struct rl_sql_value p[2];

	rl_date_format_iso(date, day);
	p[0] = rl_sql_int(creditor);
	p[1] = rl_sql_text(day);
	return rl_sql_scan(s, sql, p, 2, scan_row, &c, err);
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
