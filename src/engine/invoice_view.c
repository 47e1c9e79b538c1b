/* Invoices as people look at them: see relance/engine/invoice_view.h. */
#include <stdio.h>
#include <string.h>

#include "relance/core/limitation.h"
#include "relance/engine/invoice_view.h"

struct list_ctx {
	const struct rl_invoice_list_query *q;
	rl_invoice_fn fn;
	void *ctx;
};

static int keep_matching(void *ctx, const struct rl_invoice *inv)
{
	struct list_ctx *lc = ctx;

	if (lc->q->status >= 0 && (int)rl_invoice_status_on(inv, lc->q->asof) != lc->q->status)
		return 0;
	return lc->fn(lc->ctx, inv);
}

int rl_invoice_list(rl_store *s, int64_t creditor, const struct rl_invoice_list_query *q,
		    rl_invoice_fn fn, void *ctx, struct rl_err *err)
{
	struct rl_invoice_query sq = { 0 };
	struct list_ctx lc = { q, fn, ctx };

	sq.customer_code = q->customer;
	sq.asof = q->asof;
	sq.issued_by_asof = true;
	/* open and overdue invoices are exactly those with a balance left */
	sq.unsettled_only = q->status == RL_STATUS_OPEN || q->status == RL_STATUS_OVERDUE;
	return rl_store_invoice_each(s, creditor, &sq, keep_matching, &lc, err);
}

static int collect(void *ctx, const struct rl_allocation *a)
{
	struct rl_invoice_detail *d = ctx;

	if (d->npayments == RL_INVOICE_DETAIL_PAYMENTS) {
		d->more_payments++;
		return 0;
	}
	snprintf(d->payments[d->npayments].payment_code, sizeof(d->payments[0].payment_code), "%s",
		 a->payment_code);
	d->payments[d->npayments].date = a->date;
	d->payments[d->npayments].amount = a->amount;
	d->npayments++;
	return 0;
}

int rl_invoice_detail_get(rl_store *s, int64_t creditor, const char *number, rl_date asof,
			  struct rl_invoice_detail *out, struct rl_err *err)
{
	struct rl_customer cu;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = rl_store_invoice_get(s, creditor, number, &out->inv, err)))
		return rc;
	snprintf(out->number, sizeof(out->number), "%s", out->inv.number);
	snprintf(out->customer_code, sizeof(out->customer_code), "%s", out->inv.customer_code);
	out->inv.number = out->number;
	out->inv.customer_code = out->customer_code;
	if (rl_store_customer_get(s, creditor, out->customer_code, &cu, NULL) == 0) {
		snprintf(out->customer_name, sizeof(out->customer_name), "%s", cu.name);
		/* a credit note is no claim: it has no limitation period */
		out->has_prescription =
			out->inv.type == RL_DOC_INVOICE &&
			rl_limitation_date(out->inv.due_date, cu.kind, &out->prescription) == 0;
	}
	if ((rc = rl_store_allocation_each(s, creditor, out->inv.id, collect, out, err)))
		return rc;
	/* "paid" is what was allocated up to the as-of date */
	out->inv.paid = 0;
	for (size_t i = 0; i < out->npayments; i++)
		if (out->payments[i].date <= asof)
			out->inv.paid += out->payments[i].amount;
	return 0;
}
