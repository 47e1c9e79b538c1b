/* What the dunning run reads and writes in the database: the open invoices
 * with their case state, runs, communications and their items, cases. */
#ifndef RELANCE_STORE_DUNNING_H
#define RELANCE_STORE_DUNNING_H

#include <stddef.h>
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
/* A communication a run creates: one per customer and channel. */
struct rl_communication_write {
	int64_t customer_id;
	enum rl_channel channel;
	int64_t id; /* OUT: its id */
};

/* Creates run_id's n communications, dated date. v must be sorted by
 * customer then channel, each pair once; their ids increase in that order. */
int rl_dunning_communications_add(rl_store *s, int64_t creditor, int64_t run_id, rl_date date,
				  struct rl_communication_write *v, size_t n, struct rl_err *err);

/* One step a run does: its item in a communication, and its case's new
 * state (step `step` of policy_id done on the run's date). */
struct rl_step_write {
	int64_t communication;
	int64_t invoice_id;
	int64_t policy_id;
	int step;
	const char *step_name; /* borrowed */
	int64_t balance;
	int32_t days_late;
};

/* Records n steps done on date, at most one per invoice: each one's item
 * and its case. The unique key of communication_item (invoice, policy,
 * step) stays the database's guarantee: rows meeting it are not written,
 * and if any was not, the call fails with RL_ECONFLICT and the caller must
 * roll back (its transaction then holds only part of the batch). On
 * PostgreSQL the rows travel by COPY (store/sql.h rl_sql_batch). */
int rl_dunning_steps_add(rl_store *s, int64_t creditor, rl_date date, const struct rl_step_write *v,
			 size_t n, struct rl_err *err);

#endif
