/* What the dunning run reads and writes in the database: the open invoices
 * with their case state, runs, communications and their items, cases. */
#ifndef RELANCE_STORE_DUNNING_H
#define RELANCE_STORE_DUNNING_H

#include <stdint.h>

#include "relance/core/date.h"
#include "relance/core/dunning.h"
#include "relance/core/money.h"
#include "relance/store/store.h"

/* An invoice with a balance on the run's date, as the run sees it. */
struct rl_dunning_row {
	int64_t invoice_id;
	const char *invoice_number;
	rl_date due_date;
	const struct rl_currency *currency;
	int64_t balance;
	int64_t customer_id;
	const char *customer_code;
	bool customer_blocked;
	int64_t customer_policy; /* 0: the creditor's default */
	int64_t case_policy;     /* policy of the steps already done, 0 if none */
	struct rl_case state;
};

typedef int (*rl_dunning_row_fn)(void *ctx, const struct rl_dunning_row *row);
/* Every invoice (not credit note) of the creditor issued by date whose
 * balance on that date is positive, in no particular order. */
int rl_dunning_scan(rl_store *s, int64_t creditor, rl_date date, rl_dunning_row_fn fn, void *ctx,
		    struct rl_err *err);

int rl_dunning_run_start(rl_store *s, int64_t creditor, rl_date date, const char *started_at,
			 int64_t *run_id, struct rl_err *err);
int rl_dunning_run_finish(rl_store *s, int64_t run_id, int64_t evaluated, int64_t steps,
			  int64_t communications, struct rl_err *err);
int rl_dunning_communication_add(rl_store *s, int64_t creditor, int64_t run_id, int64_t customer_id,
				 enum rl_channel channel, rl_date date, int64_t *id,
				 struct rl_err *err);
/* RL_ECONFLICT when that step of that invoice was already recorded. */
int rl_dunning_item_add(rl_store *s, int64_t communication, int64_t invoice_id, int64_t policy_id,
			int step, const char *step_name, int64_t balance, int32_t days_late,
			struct rl_err *err);
/* Records that step `step` of policy_id was done on date for the invoice. */
int rl_dunning_case_step(rl_store *s, int64_t creditor, int64_t invoice_id, int64_t policy_id,
			 int step, rl_date date, struct rl_err *err);

#endif
