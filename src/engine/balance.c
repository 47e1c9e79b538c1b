/* The ledger's totals per currency: see relance/engine/balance.h. */
#include <stdlib.h>
#include <string.h>

#include "relance/engine/balance.h"

struct totals {
	struct rl_balance_set *set;
	rl_date asof;
	struct rl_err *err;
};

static struct rl_balance *slot(struct rl_balance_set *t, const struct rl_currency *cur)
{
	for (size_t i = 0; i < t->n; i++)
		if (t->b[i].currency == cur)
			return &t->b[i];
	if (t->n == RL_BALANCE_MAX_CURRENCIES)
		return NULL;
	memset(&t->b[t->n], 0, sizeof(t->b[0]));
	t->b[t->n].currency = cur;
	return &t->b[t->n++];
}

static int add_invoice(void *ctx, const struct rl_invoice *inv)
{
	struct totals *t = ctx;
	struct rl_balance *b = inv->currency ? slot(t->set, inv->currency) : NULL;

	if (!b)
		return rl_err_set(t->err, RL_ERANGE, "too many currencies");
	if (rl_balance_add_invoice(b, inv, t->asof))
		return rl_err_set(t->err, RL_ERANGE, "totals overflow");
	return 0;
}

static int add_paid(void *ctx, const struct rl_payment_total *p)
{
	struct totals *t = ctx;
	const struct rl_currency *cur = rl_currency_find(p->currency, strlen(p->currency));
	struct rl_balance *b = cur ? slot(t->set, cur) : NULL;

	if (!b)
		return rl_err_set(t->err, RL_ERANGE, "too many currencies");
	if (rl_balance_add_paid(b, p->received))
		return rl_err_set(t->err, RL_ERANGE, "totals overflow");
	return 0;
}

static int by_code(const void *a, const void *b)
{
	return strcmp(((const struct rl_balance *)a)->currency->code,
		      ((const struct rl_balance *)b)->currency->code);
}

int rl_balance_compute(rl_store *s, int64_t creditor, rl_date asof, struct rl_balance_set *out,
		       struct rl_err *err)
{
	struct rl_invoice_query q = { .asof = asof, .issued_by_asof = true };
	struct totals t = { out, asof, err };
	int rc;

	out->n = 0;
	if ((rc = rl_store_invoice_each(s, creditor, &q, add_invoice, &t, err)) ||
	    (rc = rl_store_payment_totals(s, creditor, asof, add_paid, &t, err)))
		return rc;
	qsort(out->b, out->n, sizeof(out->b[0]), by_code);
	return 0;
}
