/* Whole-ledger scans of invoices with their allocations: see
 * relance/store/history.h. One ordered query, grouped here by invoice. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "relance/store/history.h"
#include "relance/store/sql.h"

struct group {
	rl_invoice_history_fn fn;
	void *ctx;
	struct rl_err *err;
	int64_t id; /* the invoice being collected, 0 before the first */
	struct rl_invoice inv;
	char number[160];
	int64_t customer_id;
	struct rl_dated_amount *allocs;
	size_t n, cap;
};

static rl_date iso(const char *s)
{
	rl_date d = 0;

	rl_date_parse(s, strlen(s), "YYYY-MM-DD", &d, NULL);
	return d;
}

static int by_date(const void *a, const void *b)
{
	const struct rl_dated_amount *x = a, *y = b;

	return (x->date > y->date) - (x->date < y->date);
}

static int flush(struct group *g)
{
	struct rl_invoice_history h = { &g->inv, g->customer_id, g->allocs, g->n };

	if (!g->id)
		return 0;
	if (g->n > 1) /* allocs is NULL until the first allocation */
		qsort(g->allocs, g->n, sizeof(*g->allocs), by_date);
	return g->fn(g->ctx, &h);
}

static int row(void *ctx, const struct rl_sql_row *r)
{
	struct group *g = ctx;
	int64_t id = rl_sql_col_int(r, 0);
	int rc;

	if (id != g->id) {
		const char *cur = rl_sql_col_text(r, 6);

		if ((rc = flush(g)))
			return rc;
		g->id = id;
		g->n = 0;
		memset(&g->inv, 0, sizeof(g->inv));
		snprintf(g->number, sizeof(g->number), "%s", rl_sql_col_text(r, 1));
		g->inv.id = id;
		g->inv.number = g->number;
		g->customer_id = rl_sql_col_int(r, 2);
		rl_doc_type_parse(rl_sql_col_text(r, 3), &g->inv.type);
		g->inv.issue_date = iso(rl_sql_col_text(r, 4));
		g->inv.due_date = iso(rl_sql_col_text(r, 5));
		g->inv.currency = rl_currency_find(cur, strlen(cur));
		g->inv.amount = rl_sql_col_int(r, 7);
	}
	if (rl_sql_col_null(r, 8))
		return 0;
	if (g->n == g->cap) {
		size_t ncap = g->cap ? 2 * g->cap : 16;
		struct rl_dated_amount *grown = realloc(g->allocs, ncap * sizeof(*grown));

		if (!grown)
			return rl_err_set(g->err, RL_ENOMEM, "out of memory");
		g->allocs = grown;
		g->cap = ncap;
	}
	g->allocs[g->n].date = iso(rl_sql_col_text(r, 8));
	g->allocs[g->n].amount = rl_sql_col_int(r, 9);
	g->inv.paid += g->allocs[g->n].amount;
	g->n++;
	return 0;
}

int rl_store_invoice_history_each(rl_store *s, int64_t creditor, rl_date asof,
				  rl_invoice_history_fn fn, void *ctx, struct rl_err *err)
{
	/* "+i.creditor_id" keeps SQLite from walking the (creditor_id, number)
	 * index, so rows come in id order without a sort. */
	static const char sql[] =
		"SELECT i.id, i.number, i.customer_id, i.type, i.issue_date, i.due_date, i.currency, "
		"i.amount, a.date, a.amount FROM invoice i "
		"LEFT JOIN allocation a ON a.invoice_id = i.id "
		"WHERE +i.creditor_id = $1 AND i.issue_date <= $2 ORDER BY i.id";
	char day[RL_DATE_ISO_LEN + 1];
	struct group g = { fn, ctx, err, 0, { 0 }, { 0 }, 0, NULL, 0, 0 };
	struct rl_sql_value p[2];
	int rc;

	rl_date_format_iso(asof, day);
	p[0] = rl_sql_int(creditor);
	p[1] = rl_sql_text(day);
	rc = rl_sql_scan(s, sql, p, 2, row, &g, err);
	if (rc == 0)
		rc = flush(&g);
	free(g.allocs);
	return rc;
}
