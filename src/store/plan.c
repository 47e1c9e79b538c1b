/* Payment plans: see relance/store/plan.h. Portable SQL
 * (relance/store/sql.h) for both backends. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "relance/store/plan.h"
#include "relance/store/sql.h"

static const char *const status_names[] = {
	[RL_PLAN_STATUS_OPEN] = "open",
	[RL_PLAN_STATUS_COMPLETED] = "completed",
	[RL_PLAN_STATUS_BREACHED] = "breached",
	[RL_PLAN_STATUS_CANCELLED] = "cancelled",
};

#define NSTATUS (sizeof(status_names) / sizeof(status_names[0]))

const char *rl_plan_status_str(enum rl_plan_status st)
{
	return (unsigned)st < NSTATUS ? status_names[st] : "?";
}

int rl_plan_status_parse(const char *s, enum rl_plan_status *out)
{
	for (size_t i = 0; i < NSTATUS; i++) {
		if (strcmp(s, status_names[i]) == 0) {
			*out = (enum rl_plan_status)i;
			return 0;
		}
	}
	return RL_EINVAL;
}

/* "" (SQL NULL) is RL_DATE_NONE. */
static rl_date text_date(const char *s)
{
	rl_date d = 0;

	if (!*s || rl_date_parse(s, strlen(s), "YYYY-MM-DD", &d, NULL))
		return RL_DATE_NONE;
	return d;
}

/* --- writing ------------------------------------------------------------------ */

static int insert_plan(rl_store *s, int64_t creditor, struct rl_plan *p, struct rl_err *err)
{
	static const char sql[] =
		"INSERT INTO payment_plan (creditor_id, customer_id, created_at, created_on, "
		"first_date, every_days, instalments, grace_days, total, currency, balance_then, "
		"note) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id";
	char made[RL_DATE_ISO_LEN + 1], first[RL_DATE_ISO_LEN + 1];
	struct rl_sql_value v[12];

	rl_date_format_iso(p->created_on, made);
	rl_date_format_iso(p->first_date, first);
	v[0] = rl_sql_int(creditor);
	v[1] = rl_sql_int(p->customer_id);
	v[2] = rl_sql_text(p->created_at);
	v[3] = rl_sql_text(made);
	v[4] = rl_sql_text(first);
	v[5] = rl_sql_int(p->every_days);
	v[6] = rl_sql_int(p->instalments);
	v[7] = rl_sql_int(p->grace_days);
	v[8] = rl_sql_int(p->total);
	v[9] = rl_sql_text(p->currency);
	v[10] = rl_sql_int(p->balance_then);
	v[11] = rl_sql_text(p->note);
	return rl_sql_query_int(s, sql, v, 12, &p->id, NULL, err);
}

static int insert_instalment(rl_store *s, int64_t plan, size_t idx,
			     const struct rl_plan_instalment *in, struct rl_err *err)
{
	static const char sql[] = "INSERT INTO plan_instalment (plan_id, idx, due_date, amount) "
				  "VALUES ($1, $2, $3, $4)";
	char day[RL_DATE_ISO_LEN + 1];
	struct rl_sql_value v[4];

	rl_date_format_iso(in->due, day);
	v[0] = rl_sql_int(plan);
	v[1] = rl_sql_int((int64_t)idx);
	v[2] = rl_sql_text(day);
	v[3] = rl_sql_int(in->amount);
	return rl_sql_exec(s, sql, v, 4, NULL, err);
}

/* DO NOTHING on the partial index of open plans: an invoice already in one
 * is reported, not an error that would abort a PostgreSQL transaction. */
static int insert_invoice(rl_store *s, int64_t plan, const struct rl_plan_invoice *inv,
			  struct rl_err *err)
{
	static const char sql[] =
		"INSERT INTO plan_invoice (plan_id, invoice_id, balance, paid) "
		"VALUES ($1, $2, $3, $4) ON CONFLICT (invoice_id) WHERE open = 1 DO NOTHING";
	struct rl_sql_value v[4] = { rl_sql_int(plan), rl_sql_int(inv->id),
				     rl_sql_int(inv->balance_then), rl_sql_int(inv->paid_then) };
	int64_t written = 0;
	int rc = rl_sql_exec(s, sql, v, 4, &written, err);

	if (rc)
		return rc;
	if (!written)
		return rl_err_set(err, RL_ECONFLICT, "invoice '%s' is already in an open plan",
				  inv->number);
	return 0;
}

int rl_plan_add(rl_store *s, int64_t creditor, struct rl_plan *p,
		const struct rl_plan_instalment *v, size_t n, const struct rl_plan_invoice *inv,
		size_t ninv, struct rl_err *err)
{
	int rc;

	if ((rc = insert_plan(s, creditor, p, err)))
		return rc;
	for (size_t i = 0; i < n; i++)
		if ((rc = insert_instalment(s, p->id, i, &v[i], err)))
			return rc;
	for (size_t i = 0; i < ninv; i++)
		if ((rc = insert_invoice(s, p->id, &inv[i], err)))
			return rc;
	return 0;
}

int rl_plan_settle(rl_store *s, int64_t id, enum rl_plan_status st, rl_date on, struct rl_err *err)
{
	static const char sql_plan[] = "UPDATE payment_plan SET status = $2, settled_on = $3 "
				       "WHERE id = $1 AND status = 'open'";
	static const char sql_invoices[] = "UPDATE plan_invoice SET open = 0 WHERE plan_id = $1";
	char day[RL_DATE_ISO_LEN + 1];
	struct rl_sql_value v[3];
	int64_t changed = 0;
	int rc;

	rl_date_format_iso(on, day);
	v[0] = rl_sql_int(id);
	v[1] = rl_sql_text(rl_plan_status_str(st));
	v[2] = rl_sql_text(day);
	if ((rc = rl_sql_exec(s, sql_plan, v, 3, &changed, err)))
		return rc;
	if (!changed)
		return rl_err_set(err, RL_ECONFLICT, "plan %lld is not open", (long long)id);
	return rl_sql_exec(s, sql_invoices, v, 1, NULL, err);
}

/* --- reading -------------------------------------------------------------------- */

static int plan_row(void *ctx, const struct rl_sql_row *row)
{
	struct rl_plan *p = ctx;
	enum rl_plan_status st = RL_PLAN_STATUS_OPEN;

	p->id = rl_sql_col_int(row, 0);
	p->customer_id = rl_sql_col_int(row, 1);
	snprintf(p->created_at, sizeof(p->created_at), "%s", rl_sql_col_text(row, 2));
	p->created_on = text_date(rl_sql_col_text(row, 3));
	p->first_date = text_date(rl_sql_col_text(row, 4));
	p->every_days = (int32_t)rl_sql_col_int(row, 5);
	p->instalments = (int32_t)rl_sql_col_int(row, 6);
	p->grace_days = (int32_t)rl_sql_col_int(row, 7);
	p->total = rl_sql_col_int(row, 8);
	snprintf(p->currency, sizeof(p->currency), "%s", rl_sql_col_text(row, 9));
	p->balance_then = rl_sql_col_int(row, 10);
	rl_plan_status_parse(rl_sql_col_text(row, 11), &st);
	p->status = st;
	p->settled_on = text_date(rl_sql_col_text(row, 12));
	snprintf(p->note, sizeof(p->note), "%s", rl_sql_col_text(row, 13));
	snprintf(p->customer_code, sizeof(p->customer_code), "%s", rl_sql_col_text(row, 14));
	return 1;
}

static int instalment_row(void *ctx, const struct rl_sql_row *row)
{
	struct rl_plan_record *rec = ctx;

	if (rec->ninst == RL_PLAN_MAX_INSTALMENTS)
		return 0;
	rec->inst[rec->ninst].due = text_date(rl_sql_col_text(row, 0));
	rec->inst[rec->ninst].amount = rl_sql_col_int(row, 1);
	rec->ninst++;
	return 0;
}

struct grow {
	struct rl_plan_record *rec;
	size_t cap;
	struct rl_err *err;
};

/* Makes room for one more element of *v (n used, g->cap allocated). */
static int reserve(struct grow *g, void **v, size_t n, size_t size)
{
	void *grown;
	size_t ncap;

	if (n < g->cap)
		return 0;
	ncap = g->cap ? 2 * g->cap : 16;
	grown = realloc(*v, ncap * size);
	if (!grown)
		return rl_err_set(g->err, RL_ENOMEM, "out of memory");
	*v = grown;
	g->cap = ncap;
	return 0;
}

static int invoice_row(void *ctx, const struct rl_sql_row *row)
{
	struct grow *g = ctx;
	struct rl_plan_record *rec = g->rec;
	struct rl_plan_invoice *in;
	int rc;

	if ((rc = reserve(g, (void **)&rec->inv, rec->ninv, sizeof(*rec->inv))))
		return rc;
	in = &rec->inv[rec->ninv++];
	in->id = rl_sql_col_int(row, 0);
	snprintf(in->number, sizeof(in->number), "%s", rl_sql_col_text(row, 1));
	in->amount = rl_sql_col_int(row, 2);
	in->balance_then = rl_sql_col_int(row, 3);
	in->paid = rl_sql_col_int(row, 4);
	in->paid_then = rl_sql_col_int(row, 5);
	return 0;
}

static int payment_row(void *ctx, const struct rl_sql_row *row)
{
	struct grow *g = ctx;
	struct rl_plan_record *rec = g->rec;
	int rc;

	if ((rc = reserve(g, (void **)&rec->pay, rec->npay, sizeof(*rec->pay))))
		return rc;
	rec->pay[rec->npay].date = text_date(rl_sql_col_text(row, 0));
	rec->pay[rec->npay].amount = rl_sql_col_int(row, 1);
	rec->npay++;
	return 0;
}

int rl_plan_load(rl_store *s, int64_t creditor, int64_t id, struct rl_plan_record *out,
		 struct rl_err *err)
{
	static const char sql_plan[] =
		"SELECT p.id, p.customer_id, p.created_at, p.created_on, p.first_date, "
		"p.every_days, p.instalments, p.grace_days, p.total, p.currency, p.balance_then, "
		"p.status, coalesce(p.settled_on, ''), p.note, c.code FROM payment_plan p "
		"JOIN customer c ON c.id = p.customer_id WHERE p.creditor_id = $1 AND p.id = $2";
	static const char sql_inst[] = "SELECT due_date, amount FROM plan_instalment "
				       "WHERE plan_id = $1 ORDER BY idx";
	static const char sql_inv[] =
		"SELECT i.id, i.number, i.amount, pi.balance, coalesce((SELECT sum(a.amount) "
		"FROM allocation a WHERE a.invoice_id = i.id), 0), pi.paid FROM plan_invoice pi "
		"JOIN invoice i ON i.id = pi.invoice_id WHERE pi.plan_id = $1 ORDER BY i.number";
	static const char sql_pay[] =
		"SELECT a.date, a.amount FROM plan_invoice pi "
		"JOIN allocation a ON a.invoice_id = pi.invoice_id WHERE pi.plan_id = $1 "
		"ORDER BY a.date, a.id";
	struct rl_sql_value v[2] = { rl_sql_int(creditor), rl_sql_int(id) };
	struct grow g = { out, 0, err };
	int64_t paid_before = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = rl_sql_query(s, sql_plan, v, 2, plan_row, &out->plan, err);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return rl_err_set(err, RL_ENOTFOUND, "no payment plan %lld", (long long)id);
	if ((rc = rl_sql_query(s, sql_inst, &v[1], 1, instalment_row, out, err)) < 0 ||
	    (rc = rl_sql_query(s, sql_inv, &v[1], 1, invoice_row, &g, err)) < 0)
		goto fail;
	g.cap = 0;
	if ((rc = rl_sql_query(s, sql_pay, &v[1], 1, payment_row, &g, err)) < 0)
		goto fail;
	for (size_t i = 0; i < out->ninv; i++) {
		if (out->inv[i].paid_then > INT64_MAX - paid_before) {
			rc = rl_err_set(err, RL_ERANGE, "payment plan %lld: amounts too large",
					(long long)id);
			goto fail;
		}
		paid_before += out->inv[i].paid_then;
	}
	out->paid_before = paid_before;
	return 0;
fail:
	rl_plan_record_release(out);
	return rc;
}

void rl_plan_record_release(struct rl_plan_record *rec)
{
	free(rec->inv);
	free(rec->pay);
	rec->inv = NULL;
	rec->pay = NULL;
	rec->ninv = rec->npay = 0;
}

struct ids {
	int64_t *v;
	size_t n, cap;
	struct rl_err *err;
};

static int id_row(void *ctx, const struct rl_sql_row *row)
{
	struct ids *c = ctx;

	if (c->n == c->cap) {
		size_t ncap = c->cap ? 2 * c->cap : 16;
		int64_t *grown = realloc(c->v, ncap * sizeof(*grown));

		if (!grown)
			return rl_err_set(c->err, RL_ENOMEM, "out of memory");
		c->v = grown;
		c->cap = ncap;
	}
	c->v[c->n++] = rl_sql_col_int(row, 0);
	return 0;
}

int rl_plan_ids(rl_store *s, int64_t creditor, int64_t customer_id, int status, int64_t **ids,
		size_t *n, struct rl_err *err)
{
	/* The column comes first in each test so that PostgreSQL types the
	 * parameter as the column's. */
	static const char sql[] = "SELECT id FROM payment_plan WHERE creditor_id = $1 "
				  "AND (customer_id = $2 OR $2 = 0) AND (status = $3 OR $3 = '') "
				  "ORDER BY id";
	struct ids c = { NULL, 0, 0, err };
	struct rl_sql_value v[3];
	int rc;

	v[0] = rl_sql_int(creditor);
	v[1] = rl_sql_int(customer_id);
	v[2] = rl_sql_text(status < 0 ? "" : rl_plan_status_str((enum rl_plan_status)status));
	rc = rl_sql_query(s, sql, v, 3, id_row, &c, err);
	if (rc < 0) {
		free(c.v);
		return rc;
	}
	*ids = c.v;
	*n = c.n;
	return 0;
}

int rl_plan_of_invoice(rl_store *s, int64_t invoice_id, int64_t *plan_id, bool *found,
		       struct rl_err *err)
{
	static const char sql[] = "SELECT plan_id FROM plan_invoice "
				  "WHERE invoice_id = $1 AND open = 1";
	struct rl_sql_value v[1] = { rl_sql_int(invoice_id) };

	return rl_sql_query_int(s, sql, v, 1, plan_id, found, err);
}
