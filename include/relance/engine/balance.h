/* The ledger's totals per currency on a date, as `relance balance` and the
 * API's GET /api/v1/balance report them (core/ledger.h's struct rl_balance
 * per currency). Reads only. */
#ifndef RELANCE_ENGINE_BALANCE_H
#define RELANCE_ENGINE_BALANCE_H

#include <stddef.h>
#include <stdint.h>

#include "relance/core/date.h"
#include "relance/core/ledger.h"
#include "relance/store/store.h"

#define RL_BALANCE_MAX_CURRENCIES 64

struct rl_balance_set {
	struct rl_balance b[RL_BALANCE_MAX_CURRENCIES]; /* by currency code */
	size_t n;
};

/* Fills *out (caller-owned, large: keep it off small stacks) with the
 * creditor's totals on asof: invoices issued up to asof, payments received
 * up to asof. RL_ERANGE past RL_BALANCE_MAX_CURRENCIES currencies or on
 * overflow. */
int rl_balance_compute(rl_store *s, int64_t creditor, rl_date asof, struct rl_balance_set *out,
		       struct rl_err *err);

#endif
