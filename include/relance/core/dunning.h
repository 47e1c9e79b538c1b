/* Dunning policies and the decision the daily run makes for each invoice
 * (DESIGN.md §3, §4). Pure: the caller passes "today", the invoice's figures
 * and its case state; nothing is read or written here.
 *
 * A policy is an ordered list of steps. A step is due for an invoice when
 * today >= due_date + offset and at least min_gap days have passed since the
 * invoice's previous step; at most one step per invoice per run, so an
 * invoice found 90 days late starts at its first overdue step. Steps before
 * the due date (negative offset) are courtesy reminders: once the due date
 * has passed they are skipped, never sent late. */
#ifndef RELANCE_CORE_DUNNING_H
#define RELANCE_CORE_DUNNING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "relance/core/date.h"
#include "relance/core/status.h"

enum rl_channel {
	RL_CHANNEL_EMAIL,             /* an email with the invoices attached */
	RL_CHANNEL_LETTER,            /* a printed letter */
	RL_CHANNEL_REGISTERED_LETTER, /* letter with acknowledgement of receipt */
	RL_CHANNEL_SMS,               /* a short text message */
	RL_CHANNEL_PHONE,             /* a task for a person to call */
	RL_CHANNEL_FORMAL_NOTICE,     /* mise en demeure, sent registered */
	RL_CHANNEL_HANDOFF,           /* the case file goes to an agency or court */
	RL_CHANNEL_COUNT
};

const char *rl_channel_str(enum rl_channel c);
int rl_channel_parse(const char *s, enum rl_channel *out); /* RL_EINVAL if unknown */

#define RL_POLICY_MAX_STEPS 32
#define RL_POLICY_NAME_MAX 64

struct rl_policy_step {
	char name[RL_POLICY_NAME_MAX]; /* "first reminder" */
	int32_t offset_days;           /* from the due date; negative = before it */
	enum rl_channel channel;
	char template_name[RL_POLICY_NAME_MAX];
	int64_t fee;          /* charged with this step, minor units (0: none) */
	int64_t min_balance;  /* below it, pass over the step (minor units) */
	int32_t min_gap_days; /* at least this many days after the previous step */
};

struct rl_policy {
	char name[RL_POLICY_NAME_MAX];
	char description[256];
	struct rl_policy_step steps[RL_POLICY_MAX_STEPS];
	size_t nsteps;
};

/* Checks a policy: at least one step, offsets non-decreasing, gaps and
 * amounts not negative, names non-empty. RL_EINVAL naming the step. */
int rl_policy_validate(const struct rl_policy *p, struct rl_err *err);

/* Why an invoice's case is paused (no step is sent while paused). */
enum rl_pause_reason {
	RL_PAUSE_NONE,
	RL_PAUSE_DISPUTE, /* the debtor contests the invoice */
	RL_PAUSE_PROMISE, /* the debtor promised to pay by paused_until */
	RL_PAUSE_PLAN,    /* covered by a payment plan being honoured */
	RL_PAUSE_MANUAL,  /* paused by hand (relance pause) */
};

/* An invoice's dunning state, as the store keeps it. */
struct rl_case {
	int last_step;          /* index of the last step done, -1 if none */
	rl_date last_step_date; /* when it was done (valid if last_step >= 0) */
	enum rl_pause_reason pause;
	rl_date paused_until; /* pause ends after this day (inclusive); RL_DATE_NONE: open-ended */
	bool handed_off;      /* with an agency or a court: no more automatic steps */
};

#define RL_DATE_NONE INT32_MAX

/* What the run knows of the invoice and its customer. */
struct rl_dunning_input {
	rl_date due_date;
	int64_t balance;       /* > 0 for an invoice the run looks at */
	bool customer_blocked; /* the creditor stopped all dunning of this customer */
	bool customer_paused;  /* a customer-wide pause (dispute on all, plan) */
};

enum rl_decision {
	RL_DECIDE_STEP,        /* send step `step` today */
	RL_DECIDE_NOT_DUE,     /* the next step's day has not come */
	RL_DECIDE_GAP,         /* too soon after the previous step */
	RL_DECIDE_MIN_BALANCE, /* balance below the next step's minimum */
	RL_DECIDE_PAUSED,      /* dispute, promise, plan or manual pause */
	RL_DECIDE_BLOCKED,     /* the customer is blocked */
	RL_DECIDE_HANDED_OFF,  /* with an agency or court */
	RL_DECIDE_DONE_TODAY,  /* a step was already done today */
	RL_DECIDE_FINISHED,    /* every step has been done */
	RL_DECIDE_SETTLED,     /* nothing is owed */
};

const char *rl_decision_str(enum rl_decision d);

struct rl_dunning_result {
	enum rl_decision decision;
	int step;   /* RL_DECIDE_STEP, NOT_DUE, GAP, MIN_BALANCE: the step concerned */
	rl_date on; /* NOT_DUE / GAP: the first day it can be sent */
};

/* Decides what today's run does for one invoice. Never fails. */
void rl_dunning_decide(const struct rl_policy *p, const struct rl_case *c,
		       const struct rl_dunning_input *in, rl_date today,
		       struct rl_dunning_result *out);

#endif
