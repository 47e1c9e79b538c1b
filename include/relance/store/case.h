/* What the workflow commands (relance dispute, promise, pause, resume,
 * handoff, block, unblock, history) and the run's promise check read and
 * write: an invoice's case state (dunning_case, created with last_step -1
 * when the invoice has none yet), the customer's blocked flag, promises to
 * pay (migration 0003) and the steps done, for the history. Portable SQL
 * (relance/store/sql.h) for both backends; writes happen inside the
 * caller's transaction and never fail on an existing key (PostgreSQL). The
 * journal entry that goes with each change is the caller's. */
#ifndef RELANCE_STORE_CASE_H
#define RELANCE_STORE_CASE_H

#include <stdbool.h>
#include <stdint.h>

#include "relance/core/date.h"
#include "relance/core/dunning.h"
#include "relance/core/limits.h"
#include "relance/store/store.h"

/* "none", "dispute", "promise", "plan", "manual" (the dunning_case.pause
 * column); rl_case_pause_parse returns RL_EINVAL for anything else. */
const char *rl_case_pause_str(enum rl_pause_reason r);
int rl_case_pause_parse(const char *s, enum rl_pause_reason *out);

/* An invoice's case, copied out of the database. */
struct rl_case_info {
	struct rl_case state;             /* last_step -1 and no pause when no row */
	int64_t policy_id;                /* policy of the steps done, 0 if none */
	char pause_note[RL_MAX_TEXT + 1]; /* why: dispute reason code, pause reason */
	char handed_off_to[16];           /* "agency", "court", or "" */
};

/* Reads invoice_id's case (a default one when it has no row). */
int rl_case_get(rl_store *s, int64_t invoice_id, struct rl_case_info *out, struct rl_err *err);

/* Sets the invoice's pause: reason, last day (RL_DATE_NONE: until lifted)
 * and note; RL_PAUSE_NONE lifts it (until and note are then ignored). */
int rl_case_set_pause(rl_store *s, int64_t creditor, int64_t invoice_id,
		      enum rl_pause_reason reason, rl_date until, const char *note,
		      struct rl_err *err);

/* Records that the invoice went to an agency or a court ("agency",
 * "court"): the run sends it no more step. */
int rl_case_set_handoff(rl_store *s, int64_t creditor, int64_t invoice_id, const char *to,
			struct rl_err *err);

/* Lets the next step of the invoice be done on `on` whatever its minimum
 * gap: when a step was done before `on`, its recorded day moves back to
 * `on - gap_days` if that is earlier (the steps' real days stay in their
 * communications and the journal). Nothing changes when a step was done on
 * `on` itself, so no invoice gets two steps in a day. */
int rl_case_waive_gap(rl_store *s, int64_t invoice_id, rl_date on, int32_t gap_days,
		      struct rl_err *err);

/* Sets or clears customer_id's blocked flag. */
int rl_case_set_blocked(rl_store *s, int64_t creditor, int64_t customer_id, bool blocked,
			struct rl_err *err);

/* --- promises to pay ------------------------------------------------------- */

enum rl_promise_status {
	RL_PROMISE_OPEN,   /* the day has not passed, or no run has looked since */
	RL_PROMISE_KEPT,   /* paid by the promised day */
	RL_PROMISE_BROKEN, /* not paid by then */
};

const char *rl_promise_status_str(enum rl_promise_status st);

struct rl_promise {
	int64_t id;
	int64_t invoice_id;
	rl_date promised_date;
	int64_t amount;  /* minor units, > 0 */
	int64_t balance; /* the invoice's balance when promised */
	bool escalate;   /* if broken, the next step waits for no minimum gap */
	enum rl_promise_status status;
	rl_date created_on;
	const char *created_at; /* UTC time; borrowed, see each function */
};

/* Inserts an open promise; *id gets its id. RL_ECONFLICT (nothing written)
 * when the invoice already has an open one. */
int rl_promise_add(rl_store *s, int64_t creditor, const struct rl_promise *p, int64_t *id,
		   struct rl_err *err);

/* The invoice's open promise: *found false when it has none. out's
 * created_at is left NULL. */
int rl_promise_open_get(rl_store *s, int64_t invoice_id, struct rl_promise *out, bool *found,
			struct rl_err *err);

/* An open promise whose day is before the run's date, with what the run
 * needs to settle it. Strings borrowed for the callback. */
struct rl_promise_due {
	struct rl_promise p;
	const char *invoice_number;
	const char *customer_code;
	const char *currency;
	int64_t balance_then; /* the invoice's balance at the end of the promised day */
	struct rl_case state; /* the invoice's case */
	int64_t case_policy;  /* its policy (0: none yet) */
};
typedef int (*rl_promise_due_fn)(void *ctx, const struct rl_promise_due *d);
/* Calls fn for each of the creditor's open promises dated before `before`,
 * by promised date then id. fn may not use the store: collect, then act. */
int rl_promise_due_each(rl_store *s, int64_t creditor, rl_date before, rl_promise_due_fn fn,
			void *ctx, struct rl_err *err);

/* Marks an open promise kept or broken on day `on`. */
int rl_promise_settle(rl_store *s, int64_t id, enum rl_promise_status st, rl_date on,
		      struct rl_err *err);

/* --- the steps done, for the history ---------------------------------------- */

struct rl_step_done {
	const char *invoice_number;
	rl_date on; /* the communication's day */
	int step;   /* index in the policy, from 0 */
	const char *step_name;
	const char *policy;
	const char *channel;
	const char *status; /* queued, sent, cancelled, failed */
	int64_t communication;
	int64_t balance; /* the invoice's balance then, minor units */
};
typedef int (*rl_step_done_fn)(void *ctx, const struct rl_step_done *d);
/* Calls fn for each step done for invoice_id (when not 0), or for every
 * invoice of customer_id, by day then communication. Strings borrowed for
 * the callback; fn may not use the store. */
int rl_step_done_each(rl_store *s, int64_t creditor, int64_t invoice_id, int64_t customer_id,
		      rl_step_done_fn fn, void *ctx, struct rl_err *err);

#endif
