/* Whole-ledger scans that hand each invoice over with its allocations, in
 * one pass over the database (no query per invoice): for computations over
 * every invoice, such as `relance interest --all`. */
#ifndef RELANCE_STORE_HISTORY_H
#define RELANCE_STORE_HISTORY_H

#include <stddef.h>
#include <stdint.h>

#include "relance/core/ledger.h"
#include "relance/store/store.h"

struct rl_dated_amount {
	rl_date date;
	int64_t amount;
};

/* One invoice (inv->customer_code is NULL: use customer_id) and its
 * allocations in date order; all borrowed for the callback. */
struct rl_invoice_history {
	const struct rl_invoice *inv;
	int64_t customer_id;
	const struct rl_dated_amount *allocations;
	size_t nallocations;
};

typedef int (*rl_invoice_history_fn)(void *ctx, const struct rl_invoice_history *h);
/* Calls fn for each invoice and credit note of the creditor issued by asof,
 * in id order; fn returning non-zero stops and that value is returned. */
int rl_store_invoice_history_each(rl_store *s, int64_t creditor, rl_date asof,
				  rl_invoice_history_fn fn, void *ctx, struct rl_err *err);

#endif
