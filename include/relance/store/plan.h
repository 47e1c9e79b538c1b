/* Payment plans as the store keeps them (migration 0004): the plan, its
 * instalments and the invoices it covers; core/plan.h splits and judges,
 * relance plan and the run (engine/plans.h) act. Portable SQL
 * (relance/store/sql.h) for both backends; writes happen inside the
 * caller's transaction and never fail on an existing key (PostgreSQL).
 * The cases' pauses (store/case.h) and the journal entries that go with
 * each change are the caller's. */
#ifndef RELANCE_STORE_PLAN_H
#define RELANCE_STORE_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "relance/core/dunning.h"
#include "relance/core/limits.h"
#include "relance/core/plan.h"
#include "relance/store/store.h"

enum rl_plan_status {
	RL_PLAN_STATUS_OPEN,      /* being honoured: its invoices are paused */
	RL_PLAN_STATUS_COMPLETED, /* everything paid */
	RL_PLAN_STATUS_BREACHED,  /* an instalment missed: dunning resumed */
	RL_PLAN_STATUS_CANCELLED, /* ended by hand (relance plan cancel) */
};

/* "open", "completed", "breached", "cancelled"; parse: RL_EINVAL otherwise. */
const char *rl_plan_status_str(enum rl_plan_status st);
int rl_plan_status_parse(const char *s, enum rl_plan_status *out);

struct rl_plan {
	int64_t id;
	int64_t customer_id;
	rl_date created_on; /* the day it was agreed */
	rl_date first_date; /* the first instalment's */
	int32_t every_days;
	int32_t instalments;
	int32_t grace_days;
	int64_t total;        /* the instalments' sum, minor units */
	int64_t balance_then; /* the invoices' balances when it was made */
	char currency[4];
	enum rl_plan_status status;
	rl_date settled_on; /* RL_DATE_NONE while open */
	char customer_code[RL_MAX_ID + 1];
	char created_at[64]; /* UTC time */
	char note[RL_MAX_TEXT + 1];
};

/* An invoice of a plan. */
struct rl_plan_invoice {
	int64_t id;
	char number[RL_MAX_ID + 1];
	int64_t amount;       /* the invoice's total */
	int64_t balance_then; /* its balance when the plan was made */
	int64_t paid_then;    /* its allocations when the plan was made */
	int64_t paid;         /* all its allocations, as the plan is read */
};

/* A plan with what it takes to judge or show it. The arrays are owned:
 * rl_plan_record_release frees them. */
struct rl_plan_record {
	struct rl_plan plan;
	struct rl_plan_instalment inst[RL_PLAN_MAX_INSTALMENTS];
	size_t ninst;
	struct rl_plan_invoice *inv; /* by invoice number */
	size_t ninv;
	struct rl_plan_payment *pay; /* every allocation to its invoices, by date */
	size_t npay;
	int64_t paid_before; /* what the allocations held when it was made */
};

/* The payments toward the plan, for core/plan.h (borrows rec's arrays). */
static inline struct rl_plan_paid rl_plan_record_paid(const struct rl_plan_record *rec)
{
	return (struct rl_plan_paid){ rec->pay, rec->npay, rec->paid_before };
}

/* Inserts an open plan (p->id gets its id; p->status, settled_on and
 * customer_code are ignored), its instalments v[0..n) and its invoices
 * inv[0..ninv) (id and balance_then used). RL_ECONFLICT when an invoice
 * is already in an open plan: rows are then written, the caller rolls its
 * transaction back. */
int rl_plan_add(rl_store *s, int64_t creditor, struct rl_plan *p,
		const struct rl_plan_instalment *v, size_t n, const struct rl_plan_invoice *inv,
		size_t ninv, struct rl_err *err);

/* Reads plan id of the creditor into out (released first by the caller if
 * it was used). RL_ENOTFOUND when it has no such plan. */
int rl_plan_load(rl_store *s, int64_t creditor, int64_t id, struct rl_plan_record *out,
		 struct rl_err *err);
void rl_plan_record_release(struct rl_plan_record *rec);

/* The ids of the creditor's plans, of customer_id only when not 0, of one
 * status only when `status` is one (-1: all), by id. *ids is malloc'd
 * (NULL when none), the caller frees it. */
int rl_plan_ids(rl_store *s, int64_t creditor, int64_t customer_id, int status, int64_t **ids,
		size_t *n, struct rl_err *err);

/* The open plan covering invoice_id: *found false when none. */
int rl_plan_of_invoice(rl_store *s, int64_t invoice_id, int64_t *plan_id, bool *found,
		       struct rl_err *err);

/* Ends an open plan: completed, breached or cancelled on day `on`; its
 * invoices are free for another plan. RL_ECONFLICT (nothing written) when
 * it is not open any more. */
int rl_plan_settle(rl_store *s, int64_t id, enum rl_plan_status st, rl_date on, struct rl_err *err);

#endif
