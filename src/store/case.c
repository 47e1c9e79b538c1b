/* Case state, blocks, promises and steps done: see relance/store/case.h.
 * Portable SQL (relance/store/sql.h) for both backends. */
#include <stdio.h>
#include <string.h>

#include "relance/store/case.h"
#include "relance/store/sql.h"

static const char *const pause_names[] = {
	[RL_PAUSE_NONE] = "none", [RL_PAUSE_DISPUTE] = "dispute", [RL_PAUSE_PROMISE] = "promise",
	[RL_PAUSE_PLAN] = "plan", [RL_PAUSE_MANUAL] = "manual",
};

const char *rl_case_pause_str(enum rl_pause_reason r)
{
	return (unsigned)r < sizeof(pause_names) / sizeof(pause_names[0]) ? pause_names[r] : "?";
}

int rl_case_pause_parse(const char *s, enum rl_pause_reason *out)
{
	for (size_t i = 0; i < sizeof(pause_names) / sizeof(pause_names[0]); i++) {
		if (strcmp(s, pause_names[i]) == 0) {
			*out = (enum rl_pause_reason)i;
			return 0;
		}
	}
	return RL_EINVAL;
}

const char *rl_promise_status_str(enum rl_promise_status st)
{
	static const char *const names[] = { "open", "kept", "broken" };

	return (unsigned)st < 3 ? names[st] : "?";
}

static int promise_status_parse(const char *s)
{
	return strcmp(s, "kept") == 0     ? RL_PROMISE_KEPT
	       : strcmp(s, "broken") == 0 ? RL_PROMISE_BROKEN
					  : RL_PROMISE_OPEN;
}

/* "" (SQL NULL or empty) is RL_DATE_NONE. */
static rl_date text_date(const char *s)
{
	rl_date d = 0;

	if (!*s || rl_date_parse(s, strlen(s), "YYYY-MM-DD", &d, NULL))
		return RL_DATE_NONE;
	return d;
}

/* Reads the case columns last_step, last_step_date, pause, paused_until,
 * handed_off_to from column `first` on. */
static void read_state(const struct rl_sql_row *row, int first, struct rl_case *c)
{
	c->last_step = (int)rl_sql_col_int(row, first);
	c->last_step_date = text_date(rl_sql_col_text(row, first + 1));
	if (rl_case_pause_parse(rl_sql_col_text(row, first + 2), &c->pause))
		c->pause = RL_PAUSE_NONE;
	c->paused_until = text_date(rl_sql_col_text(row, first + 3));
	c->handed_off = rl_sql_col_text(row, first + 4)[0] != '\0';
}

static int case_row(void *ctx, const struct rl_sql_row *row)
{
	struct rl_case_info *ci = ctx;

	read_state(row, 0, &ci->state);
	snprintf(ci->handed_off_to, sizeof(ci->handed_off_to), "%s", rl_sql_col_text(row, 4));
	snprintf(ci->pause_note, sizeof(ci->pause_note), "%s", rl_sql_col_text(row, 5));
	ci->policy_id = rl_sql_col_int(row, 6);
	return 1;
}

int rl_case_get(rl_store *s, int64_t invoice_id, struct rl_case_info *out, struct rl_err *err)
{
	static const char sql[] =
		"SELECT last_step, coalesce(last_step_date, ''), pause, "
		"coalesce(paused_until, ''), handed_off_to, pause_note, coalesce(policy_id, 0) "
		"FROM dunning_case WHERE invoice_id = $1";
	struct rl_sql_value p[1] = { rl_sql_int(invoice_id) };
	int rc;

	memset(out, 0, sizeof(*out));
	out->state.last_step = -1;
	out->state.last_step_date = RL_DATE_NONE;
	out->state.pause = RL_PAUSE_NONE;
	out->state.paused_until = RL_DATE_NONE;
	rc = rl_sql_query(s, sql, p, 1, case_row, out, err);
	return rc < 0 ? rc : 0;
}

int rl_case_set_pause(rl_store *s, int64_t creditor, int64_t invoice_id,
		      enum rl_pause_reason reason, rl_date until, const char *note,
		      struct rl_err *err)
{
	static const char sql[] =
		"INSERT INTO dunning_case (invoice_id, creditor_id, pause, paused_until, "
		"pause_note) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (invoice_id) DO UPDATE "
		"SET pause = excluded.pause, paused_until = excluded.paused_until, "
		"pause_note = excluded.pause_note";
	char day[RL_DATE_ISO_LEN + 1];
	struct rl_sql_value p[5];

	p[0] = rl_sql_int(invoice_id);
	p[1] = rl_sql_int(creditor);
	p[2] = rl_sql_text(rl_case_pause_str(reason));
	p[3] = rl_sql_null();
	p[4] = rl_sql_text("");
	if (reason != RL_PAUSE_NONE) {
		if (until != RL_DATE_NONE) {
			rl_date_format_iso(until, day);
			p[3] = rl_sql_text(day);
		}
		p[4] = rl_sql_text(note ? note : "");
	}
	return rl_sql_exec(s, sql, p, 5, NULL, err);
}

int rl_case_set_handoff(rl_store *s, int64_t creditor, int64_t invoice_id, const char *to,
			struct rl_err *err)
{
	static const char sql[] =
		"INSERT INTO dunning_case (invoice_id, creditor_id, handed_off_to) "
		"VALUES ($1, $2, $3) ON CONFLICT (invoice_id) DO UPDATE "
		"SET handed_off_to = excluded.handed_off_to";
	struct rl_sql_value p[3] = { rl_sql_int(invoice_id), rl_sql_int(creditor),
				     rl_sql_text(to) };

	return rl_sql_exec(s, sql, p, 3, NULL, err);
}

int rl_case_waive_gap(rl_store *s, int64_t invoice_id, rl_date on, int32_t gap_days,
		      struct rl_err *err)
{
	/* ISO dates compare as text. */
	static const char sql[] =
		"UPDATE dunning_case SET last_step_date = $2 WHERE invoice_id = $1 "
		"AND last_step >= 0 AND last_step_date IS NOT NULL AND last_step_date < $3 "
		"AND last_step_date > $2";
	char back[RL_DATE_ISO_LEN + 1], day[RL_DATE_ISO_LEN + 1];
	struct rl_sql_value p[3];

	if (gap_days <= 0)
		return 0;
	rl_date_format_iso(rl_date_add_days(on, -gap_days), back);
	rl_date_format_iso(on, day);
	p[0] = rl_sql_int(invoice_id);
	p[1] = rl_sql_text(back);
	p[2] = rl_sql_text(day);
	return rl_sql_exec(s, sql, p, 3, NULL, err);
}

int rl_case_set_blocked(rl_store *s, int64_t creditor, int64_t customer_id, bool blocked,
			struct rl_err *err)
{
	static const char sql[] = "UPDATE customer SET blocked = $3 WHERE creditor_id = $1 "
				  "AND id = $2";
	struct rl_sql_value p[3] = { rl_sql_int(creditor), rl_sql_int(customer_id),
				     rl_sql_int(blocked ? 1 : 0) };
	int64_t changed = 0;
	int rc = rl_sql_exec(s, sql, p, 3, &changed, err);

	if (rc)
		return rc;
	if (!changed)
		return rl_err_set(err, RL_ENOTFOUND, "no customer with id %lld",
				  (long long)customer_id);
	return 0;
}

/* --- promises to pay ------------------------------------------------------- */

int rl_promise_add(rl_store *s, int64_t creditor, const struct rl_promise *pr, int64_t *id,
		   struct rl_err *err)
{
	/* DO NOTHING on the partial index of open promises: an open one is
	 * reported, not an error that would abort a PostgreSQL transaction. */
	static const char sql[] =
		"INSERT INTO promise (creditor_id, invoice_id, promised_date, amount, balance, "
		"escalate, created_at, created_on) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) "
		"ON CONFLICT (invoice_id) WHERE status = 'open' DO NOTHING RETURNING id";
	char day[RL_DATE_ISO_LEN + 1], made[RL_DATE_ISO_LEN + 1];
	struct rl_sql_value p[8];
	bool found = false;
	int rc;

	rl_date_format_iso(pr->promised_date, day);
	rl_date_format_iso(pr->created_on, made);
	p[0] = rl_sql_int(creditor);
	p[1] = rl_sql_int(pr->invoice_id);
	p[2] = rl_sql_text(day);
	p[3] = rl_sql_int(pr->amount);
	p[4] = rl_sql_int(pr->balance);
	p[5] = rl_sql_int(pr->escalate ? 1 : 0);
	p[6] = rl_sql_text(pr->created_at);
	p[7] = rl_sql_text(made);
	if ((rc = rl_sql_query_int(s, sql, p, 8, id, &found, err)))
		return rc;
	if (!found)
		return rl_err_set(err, RL_ECONFLICT, "the invoice already has an open promise");
	return 0;
}

static void read_promise(const struct rl_sql_row *row, int first, struct rl_promise *pr)
{
	pr->id = rl_sql_col_int(row, first);
	pr->invoice_id = rl_sql_col_int(row, first + 1);
	pr->promised_date = text_date(rl_sql_col_text(row, first + 2));
	pr->amount = rl_sql_col_int(row, first + 3);
	pr->balance = rl_sql_col_int(row, first + 4);
	pr->escalate = rl_sql_col_int(row, first + 5) != 0;
	pr->status = promise_status_parse(rl_sql_col_text(row, first + 6));
	pr->created_on = text_date(rl_sql_col_text(row, first + 7));
	pr->created_at = rl_sql_col_text(row, first + 8);
}

#define PROMISE_COLS                                                                               \
	"p.id, p.invoice_id, p.promised_date, p.amount, p.balance, p.escalate, p.status, "         \
	"p.created_on, p.created_at"

static int open_row(void *ctx, const struct rl_sql_row *row)
{
	read_promise(row, 0, ctx);
	((struct rl_promise *)ctx)->created_at = NULL;
	return 1;
}

int rl_promise_open_get(rl_store *s, int64_t invoice_id, struct rl_promise *out, bool *found,
			struct rl_err *err)
{
	static const char sql[] = "SELECT " PROMISE_COLS " FROM promise p "
				  "WHERE p.invoice_id = $1 AND p.status = 'open'";
	struct rl_sql_value p[1] = { rl_sql_int(invoice_id) };
	int rc;

	memset(out, 0, sizeof(*out));
	rc = rl_sql_query(s, sql, p, 1, open_row, out, err);
	if (rc < 0)
		return rc;
	*found = rc > 0;
	return 0;
}

struct due_ctx {
	rl_promise_due_fn fn;
	void *ctx;
};

static int due_row(void *ctx, const struct rl_sql_row *row)
{
	struct due_ctx *c = ctx;
	struct rl_promise_due d;

	memset(&d, 0, sizeof(d));
	read_promise(row, 0, &d.p);
	d.invoice_number = rl_sql_col_text(row, 9);
	d.customer_code = rl_sql_col_text(row, 10);
	d.currency = rl_sql_col_text(row, 11);
	d.balance_then = rl_sql_col_int(row, 12);
	read_state(row, 13, &d.state);
	d.case_policy = rl_sql_col_int(row, 18);
	return c->fn(c->ctx, &d);
}

int rl_promise_due_each(rl_store *s, int64_t creditor, rl_date before, rl_promise_due_fn fn,
			void *ctx, struct rl_err *err)
{
	static const char sql[] =
		"SELECT " PROMISE_COLS ", i.number, c.code, i.currency, "
		"i.amount - coalesce((SELECT sum(a.amount) FROM allocation a "
		"WHERE a.invoice_id = i.id AND a.date <= p.promised_date), 0), "
		"coalesce(dc.last_step, -1), coalesce(dc.last_step_date, ''), "
		"coalesce(dc.pause, 'none'), coalesce(dc.paused_until, ''), "
		"coalesce(dc.handed_off_to, ''), coalesce(dc.policy_id, 0) "
		"FROM promise p JOIN invoice i ON i.id = p.invoice_id "
		"JOIN customer c ON c.id = i.customer_id "
		"LEFT JOIN dunning_case dc ON dc.invoice_id = i.id "
		"WHERE p.creditor_id = $1 AND p.status = 'open' AND p.promised_date < $2 "
		"ORDER BY p.promised_date, p.id";
	char day[RL_DATE_ISO_LEN + 1];
	struct due_ctx c = { fn, ctx };
	struct rl_sql_value p[2];
	int rc;

	rl_date_format_iso(before, day);
	p[0] = rl_sql_int(creditor);
	p[1] = rl_sql_text(day);
	rc = rl_sql_query(s, sql, p, 2, due_row, &c, err);
	return rc;
}

int rl_promise_settle(rl_store *s, int64_t id, enum rl_promise_status st, rl_date on,
		      struct rl_err *err)
{
	static const char sql[] = "UPDATE promise SET status = $2, settled_on = $3 "
				  "WHERE id = $1 AND status = 'open'";
	char day[RL_DATE_ISO_LEN + 1];
	struct rl_sql_value p[3];

	rl_date_format_iso(on, day);
	p[0] = rl_sql_int(id);
	p[1] = rl_sql_text(rl_promise_status_str(st));
	p[2] = rl_sql_text(day);
	return rl_sql_exec(s, sql, p, 3, NULL, err);
}

/* --- the steps done ------------------------------------------------------------ */

struct step_ctx {
	rl_step_done_fn fn;
	void *ctx;
};

static int step_row(void *ctx, const struct rl_sql_row *row)
{
	struct step_ctx *c = ctx;
	struct rl_step_done d = {
		.invoice_number = rl_sql_col_text(row, 0),
		.on = text_date(rl_sql_col_text(row, 1)),
		.step = (int)rl_sql_col_int(row, 2),
		.step_name = rl_sql_col_text(row, 3),
		.policy = rl_sql_col_text(row, 4),
		.channel = rl_sql_col_text(row, 5),
		.status = rl_sql_col_text(row, 6),
		.communication = rl_sql_col_int(row, 7),
		.balance = rl_sql_col_int(row, 8),
	};

	return c->fn(c->ctx, &d);
}

int rl_step_done_each(rl_store *s, int64_t creditor, int64_t invoice_id, int64_t customer_id,
		      rl_step_done_fn fn, void *ctx, struct rl_err *err)
{
	/* The column comes first in each test so that PostgreSQL types the
	 * parameter as the column's bigint. */
	static const char sql[] =
		"SELECT i.number, co.created_on, ci.step_idx, ci.step_name, po.name, co.channel, "
		"co.status, co.id, ci.balance FROM communication_item ci "
		"JOIN communication co ON co.id = ci.communication_id "
		"JOIN invoice i ON i.id = ci.invoice_id JOIN policy po ON po.id = ci.policy_id "
		"WHERE co.creditor_id = $1 AND (ci.invoice_id = $2 OR $2 = 0) "
		"AND (co.customer_id = $3 OR $3 = 0) ORDER BY co.created_on, co.id, ci.id";
	struct step_ctx c = { fn, ctx };
	struct rl_sql_value p[3] = { rl_sql_int(creditor), rl_sql_int(invoice_id),
				     rl_sql_int(customer_id) };

	return rl_sql_scan(s, sql, p, 3, step_row, &c, err);
}
