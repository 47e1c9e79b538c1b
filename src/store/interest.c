/* Facts for the interest computation, notices, judgments and waivers: see
 * relance/store/interest.h. Portable SQL (relance/store/sql.h). In every
 * optional filter the column comes first, so that PostgreSQL types the
 * parameter as the column's bigint. */
#include <stdio.h>
#include <string.h>

#include "relance/core/dunning.h"
#include "relance/store/interest.h"
#include "relance/store/sql.h"

struct fact_walk {
	enum rl_fact_kind kind;
	rl_invoice_fact_fn fn;
	void *ctx;
};

static rl_date text_date(const char *s)
{
	rl_date d = RL_DATE_NONE;

	if (rl_date_parse(s, strlen(s), "YYYY-MM-DD", &d, NULL))
		return RL_DATE_NONE;
	return d;
}

/* Rows are (id, value, date, text). */
static int fact_row(void *ctx, const struct rl_sql_row *row)
{
	struct fact_walk *w = ctx;
	struct rl_invoice_fact f;

	f.kind = w->kind;
	f.invoice_id = rl_sql_col_int(row, 0);
	f.value = rl_sql_col_int(row, 1);
	f.date = text_date(rl_sql_col_text(row, 2));
	f.text = rl_sql_col_text(row, 3);
	return w->fn(w->ctx, &f);
}

int rl_invoice_fact_each(rl_store *s, int64_t creditor, int64_t invoice_id, int64_t customer_id,
			 rl_invoice_fact_fn fn, void *ctx, struct rl_err *err)
{
	static const char contract[] =
		"SELECT id, contractual_rate, '', '' FROM invoice WHERE creditor_id = $1 "
		"AND (id = $2 OR $2 = 0) AND contractual_rate IS NOT NULL";
	/* Steps sent on the formal_notice channel (the caller keeps the first
	 * day): the communication's channel, as sent, not the policy's step of
	 * that index, which a policy imported again may have changed. In two
	 * forms: for one invoice, through its index; for the ledger, from the
	 * communications on that channel (CROSS JOIN keeps SQLite from scanning
	 * every item for a GROUP BY). NEEDSWORK: a queued letter counts from its
	 * day, as long as relance does not send letters itself. */
	static const char notice_one[] =
		"SELECT ci.invoice_id, 0, co.created_on, '' FROM communication_item ci "
		"JOIN communication co ON co.id = ci.communication_id "
		"WHERE ci.invoice_id = $2 AND co.creditor_id = $1 "
		"AND co.channel = 'formal_notice' AND co.status IN ('queued', 'sent')";
	static const char notice_all[] =
		"SELECT ci.invoice_id, 0, co.created_on, '' FROM communication co "
		"CROSS JOIN communication_item ci "
		"WHERE ci.communication_id = co.id AND co.creditor_id = $1 AND $2 = 0 "
		"AND co.channel = 'formal_notice' AND co.status IN ('queued', 'sent')";
	static const char events[] =
		"SELECT invoice_id, 0, event_date, court FROM invoice_event WHERE creditor_id = $1 "
		"AND (invoice_id = $2 OR $2 = 0) AND kind = $3";
	static const char waivers[] =
		"SELECT invoice_id, 0, '', reason FROM waiver WHERE creditor_id = $1 "
		"AND (invoice_id = $2 OR $2 = 0) AND what = $3";
	static const char rules[] =
		"SELECT id, 0, '', interest_rule FROM customer WHERE creditor_id = $1 "
		"AND (id = $2 OR $2 = 0) AND interest_rule IS NOT NULL";
	static const struct {
		enum rl_fact_kind kind;
		const char *sql;
		const char *arg;
	} queries[] = {
		{ RL_FACT_CONTRACT_RATE, contract, NULL },
		{ RL_FACT_NOTICE_STEP, notice_one, NULL },
		{ RL_FACT_NOTICE_STEP, notice_all, NULL },
		{ RL_FACT_NOTICE_RECORDED, events, "formal_notice" },
		{ RL_FACT_JUDGMENT, events, "judgment" },
		{ RL_FACT_WAIVED_INTEREST, waivers, "interest" },
		{ RL_FACT_WAIVED_INDEMNITY, waivers, "indemnity" },
		{ RL_FACT_CUSTOMER_RULE, rules, NULL },
	};

	for (size_t i = 0; i < sizeof(queries) / sizeof(queries[0]); i++) {
		struct fact_walk w = { queries[i].kind, fn, ctx };
		bool by_customer = queries[i].kind == RL_FACT_CUSTOMER_RULE;
		bool for_one = queries[i].sql == notice_one;
		struct rl_sql_value p[3] = { rl_sql_int(creditor),
					     rl_sql_int(by_customer ? customer_id : invoice_id),
					     rl_sql_text(queries[i].arg) };
		int rc;

		if (queries[i].kind == RL_FACT_NOTICE_STEP && for_one != (invoice_id != 0))
			continue;
		rc = rl_sql_scan(s, queries[i].sql, p, queries[i].arg ? 3 : 2, fact_row, &w, err);
		if (rc)
			return rc;
	}
	return 0;
}

static int fact_date_row(void *ctx, const struct rl_sql_row *row)
{
	*(rl_date *)ctx = text_date(rl_sql_col_text(row, 0));
	return 1;
}

static const char *const event_names[] = {
	[RL_EVENT_NOTICE] = "formal_notice", [RL_EVENT_JUDGMENT] = "judgment"
};

int rl_invoice_event_put(rl_store *s, int64_t creditor, int64_t invoice_id, enum rl_event_kind k,
			 rl_date on, const char *court, const char *at, const char *actor,
			 rl_date *previous, struct rl_err *err)
{
	static const char current[] = "SELECT event_date FROM invoice_event "
				      "WHERE invoice_id = $1 AND kind = $2";
	static const char upsert[] =
		"INSERT INTO invoice_event (invoice_id, kind, creditor_id, event_date, court, "
		"created_at, actor) VALUES ($1, $2, $3, $4, $5, $6, $7) "
		"ON CONFLICT (invoice_id, kind) DO UPDATE SET event_date = excluded.event_date, "
		"court = excluded.court, created_at = excluded.created_at, actor = excluded.actor";
	char day[RL_DATE_ISO_LEN + 1];
	struct rl_sql_value p[7];
	int rc;

	rl_date_format_iso(on, day);
	p[0] = rl_sql_int(invoice_id);
	p[1] = rl_sql_text(event_names[k]);
	p[2] = rl_sql_int(creditor);
	p[3] = rl_sql_text(day);
	p[4] = rl_sql_text(court ? court : "");
	p[5] = rl_sql_text(at);
	p[6] = rl_sql_text(actor);
	*previous = RL_DATE_NONE;
	rc = rl_sql_query(s, current, p, 2, fact_date_row, previous, err);
	if (rc < 0)
		return rc;
	return rl_sql_exec(s, upsert, p, 7, NULL, err);
}

int rl_waiver_add(rl_store *s, int64_t creditor, int64_t invoice_id, const char *what,
		  const char *reason, const char *at, const char *actor, bool *added,
		  struct rl_err *err)
{
	static const char sql[] =
		"INSERT INTO waiver (creditor_id, invoice_id, what, reason, created_at, actor) "
		"VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (invoice_id, what) DO NOTHING";
	struct rl_sql_value p[6] = { rl_sql_int(creditor), rl_sql_int(invoice_id),
				     rl_sql_text(what),    rl_sql_text(reason),
				     rl_sql_text(at),      rl_sql_text(actor) };
	int64_t changes = 0;
	int rc = rl_sql_exec(s, sql, p, 6, &changes, err);

	*added = rc == 0 && changes > 0;
	return rc;
}

int rl_waiver_remove(rl_store *s, int64_t creditor, int64_t invoice_id, const char *what,
		     bool *removed, struct rl_err *err)
{
	static const char sql[] =
		"DELETE FROM waiver WHERE creditor_id = $1 AND invoice_id = $2 AND what = $3";
	struct rl_sql_value p[3] = { rl_sql_int(creditor), rl_sql_int(invoice_id),
				     rl_sql_text(what) };
	int64_t changes = 0;
	int rc = rl_sql_exec(s, sql, p, 3, &changes, err);

	*removed = rc == 0 && changes > 0;
	return rc;
}

struct text_out {
	char *buf;
	size_t cap;
};

static int text_row(void *ctx, const struct rl_sql_row *row)
{
	struct text_out *t = ctx;

	snprintf(t->buf, t->cap, "%s", rl_sql_col_text(row, 0));
	return 1;
}

int rl_creditor_jurisdiction(rl_store *s, int64_t creditor, char *buf, size_t cap,
			     struct rl_err *err)
{
	static const char sql[] = "SELECT jurisdiction FROM creditor WHERE id = $1";
	struct rl_sql_value p[1] = { rl_sql_int(creditor) };
	struct text_out t = { buf, cap };
	int rc = rl_sql_query(s, sql, p, 1, text_row, &t, err);

	if (rc == 0)
		return rl_err_set(err, RL_ENOTFOUND, "no creditor %lld", (long long)creditor);
	return rc < 0 ? rc : 0;
}

int rl_customer_interest_rule_set(rl_store *s, int64_t creditor, int64_t customer_id,
				  const char *rule, char *was, size_t cap, bool *changed,
				  struct rl_err *err)
{
	static const char get[] =
		"SELECT coalesce(interest_rule, '') FROM customer WHERE id = $1 AND creditor_id = $2";
	static const char set[] =
		"UPDATE customer SET interest_rule = $3 WHERE id = $1 AND creditor_id = $2";
	struct rl_sql_value p[3] = { rl_sql_int(customer_id), rl_sql_int(creditor),
				     *rule ? rl_sql_text(rule) : rl_sql_null() };
	struct text_out t = { was, cap };
	int rc;

	*changed = false;
	was[0] = '\0';
	if ((rc = rl_sql_query(s, get, p, 2, text_row, &t, err)) < 0)
		return rc;
	if (strcmp(was, rule) == 0)
		return 0;
	*changed = true;
	return rl_sql_exec(s, set, p, 3, NULL, err);
}

struct rate_out {
	bool *had;
	int64_t *was;
};

static int rate_row(void *ctx, const struct rl_sql_row *row)
{
	struct rate_out *r = ctx;

	*r->had = !rl_sql_col_null(row, 0);
	*r->was = rl_sql_col_int(row, 0);
	return 1;
}

int rl_invoice_contract_rate_set(rl_store *s, int64_t creditor, int64_t invoice_id, bool has,
				 int64_t rate, bool *had, int64_t *was, bool *changed,
				 struct rl_err *err)
{
	static const char get[] =
		"SELECT contractual_rate FROM invoice WHERE id = $1 AND creditor_id = $2";
	static const char set[] =
		"UPDATE invoice SET contractual_rate = $3 WHERE id = $1 AND creditor_id = $2";
	struct rl_sql_value p[3] = { rl_sql_int(invoice_id), rl_sql_int(creditor),
				     has ? rl_sql_int(rate) : rl_sql_null() };
	struct rate_out r = { had, was };
	int rc;

	*changed = false;
	*had = false;
	*was = 0;
	if ((rc = rl_sql_query(s, get, p, 2, rate_row, &r, err)) < 0)
		return rc;
	if (*had == has && (!has || *was == rate))
		return 0;
	*changed = true;
	return rl_sql_exec(s, set, p, 3, NULL, err);
}
