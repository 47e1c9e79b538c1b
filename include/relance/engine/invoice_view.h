/* Invoices as people and programs look at them: the listing by state on a
 * date (`relance invoices`, GET /api/v1/invoices) and one invoice in full
 * (`relance show`, GET /api/v1/invoices/{number}). Reads only; the state
 * rules are core/ledger.h's. */
#ifndef RELANCE_ENGINE_INVOICE_VIEW_H
#define RELANCE_ENGINE_INVOICE_VIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "relance/core/date.h"
#include "relance/core/ledger.h"
#include "relance/core/limits.h"
#include "relance/store/store.h"

struct rl_invoice_list_query {
	const char *customer; /* only this customer's, or NULL */
	int status;           /* an enum rl_invoice_status on asof, or -1 for all */
	rl_date asof;         /* state, paid and balance as of this day */
};

/* Calls fn for each invoice and credit note issued by asof that matches q,
 * by due date then number, with inv->paid counting allocations up to asof
 * (strings borrowed for the call); fn returning non-zero stops and that is
 * returned. */
int rl_invoice_list(rl_store *s, int64_t creditor, const struct rl_invoice_list_query *q,
		    rl_invoice_fn fn, void *ctx, struct rl_err *err);

#define RL_INVOICE_DETAIL_PAYMENTS 64 /* allocations listed; the rest counted */

/* One invoice in full, copied out of the store (no borrowed strings). */
struct rl_invoice_detail {
	struct rl_invoice inv; /* inv.paid: allocations up to asof; strings point below */
	char number[RL_MAX_ID + 1];
	char customer_code[RL_MAX_ID + 1];
	char customer_name[RL_MAX_TEXT + 1]; /* "" if the customer is unknown */
	bool has_prescription;               /* an invoice of a known customer */
	rl_date prescription;                /* last day of its limitation period */
	size_t npayments;
	size_t more_payments; /* allocations beyond RL_INVOICE_DETAIL_PAYMENTS */
	struct {
		char payment_code[RL_MAX_ID + 1];
		rl_date date;
		int64_t amount;
	} payments[RL_INVOICE_DETAIL_PAYMENTS]; /* every allocation, by date */
};

/* Fills *out (caller-owned, about 30 KB: allocate it) with the invoice
 * numbered `number` as of asof. RL_ENOTFOUND if there is none. */
int rl_invoice_detail_get(rl_store *s, int64_t creditor, const char *number, rl_date asof,
			  struct rl_invoice_detail *out, struct rl_err *err);

#endif
