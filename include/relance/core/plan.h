/* Payment plans (DESIGN.md §1, §4): a debt split into instalments, dunning
 * paused while the plan is honoured and resumed if it is breached. Pure:
 * the caller passes the schedule, the payments and "today"; nothing is read
 * or written here, nothing is allocated.
 *
 * Schedule. rl_plan_split divides a total (minor units) into n equal
 * instalments, `every` days apart from the first date; the remainder of the
 * division (fewer than n minor units) goes on the FIRST instalment, so that
 * every later one is the same round amount and the debtor pays the odd
 * cents first. The amounts always add up to the total exactly.
 *
 * Judgement. Payments are counted cumulatively and fill the instalments in
 * order: instalment i is paid when the payments cover the amounts of
 * instalments 0..i together (paying early or paying more counts toward the
 * next ones). Instalment i may be paid up to its date plus the plan's grace
 * days, both included: it is breached when the payments dated up to that
 * last day do not cover instalments 0..i, and a run dated after that day
 * (due + grace + 1 or later) finds it so. Judging with the payments dated
 * up to each instalment's own last day, never "as of the run", makes the
 * verdict the same whether the runs are daily, hourly or a week late. A
 * plan whose total is covered by the payments dated up to today is
 * completed, even if an instalment was late: there is nothing left to
 * chase. */
#ifndef RELANCE_CORE_PLAN_H
#define RELANCE_CORE_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "relance/core/date.h"
#include "relance/core/status.h"

#define RL_PLAN_MAX_INSTALMENTS 120 /* ten years of monthly instalments */
#define RL_PLAN_MAX_EVERY_DAYS 366  /* at most a year between two instalments */
#define RL_PLAN_MAX_GRACE_DAYS 366  /* at most a year of grace */
#define RL_PLAN_DEFAULT_GRACE_DAYS 7

struct rl_plan_instalment {
	rl_date due;    /* the day it is due */
	int64_t amount; /* minor units, > 0 */
};

/* A payment toward the plan: an allocation to one of its invoices. */
struct rl_plan_payment {
	rl_date date;
	int64_t amount; /* minor units, > 0 */
};

/* Fills out[0..n) with the schedule of total over n instalments every
 * `every` days from `first`. RL_EINVAL (naming the problem) when n is not
 * 1..RL_PLAN_MAX_INSTALMENTS or more than cap, every not
 * 1..RL_PLAN_MAX_EVERY_DAYS, total not positive or less than n minor units
 * (an instalment would be zero); RL_ERANGE when the last instalment would
 * fall after 9999-12-31. out is left untouched on failure. */
int rl_plan_split(int64_t total, int n, int every, rl_date first, struct rl_plan_instalment *out,
		  size_t cap, struct rl_err *err);

/* What the payments on a plan add up to. The payments are those of the
 * plan's invoices, in any order (all of them, including those counted
 * when the plan was made); `before` is what was already paid on them when
 * the plan was made, subtracted so that only what was paid toward the
 * plan counts. Never negative (a payment taken back can make it so). */
struct rl_plan_paid {
	const struct rl_plan_payment *v;
	size_t n;
	int64_t before;
};

/* Paid toward the plan by the end of day `on`. Saturates at INT64_MAX. */
int64_t rl_plan_paid_by(const struct rl_plan_paid *paid, rl_date on);

enum rl_plan_verdict {
	RL_PLAN_HONOURED,  /* no instalment missed, something still to pay */
	RL_PLAN_COMPLETED, /* the whole total is paid */
	RL_PLAN_BREACHED,  /* an instalment was not paid by its last day */
};

struct rl_plan_judgement {
	enum rl_plan_verdict verdict;
	/* BREACHED: the first instalment missed; otherwise the first one not
	 * fully paid (n when all are) */
	size_t instalment;
	int64_t due;  /* BREACHED: instalments 0..instalment together; else the total */
	int64_t paid; /* BREACHED: paid by that instalment's last day; else by today */
};

/* Judges the plan on `today` (see the file comment). Never fails. */
void rl_plan_judge(const struct rl_plan_instalment *v, size_t n, int32_t grace_days,
		   const struct rl_plan_paid *paid, rl_date today, struct rl_plan_judgement *out);

enum rl_instalment_state {
	RL_INSTALMENT_PAID,     /* covered by the payments so far */
	RL_INSTALMENT_DUE,      /* not covered, its date has not passed */
	RL_INSTALMENT_LATE,     /* not covered, its date passed, within its grace */
	RL_INSTALMENT_BREACHED, /* not covered by its last day */
};

const char *rl_instalment_state_str(enum rl_instalment_state s);

/* Instalment i's part of the payments made by the end of `today` (0 to
 * its amount: the payments fill the instalments in order) and its state. */
void rl_plan_instalment_state(const struct rl_plan_instalment *v, size_t n, size_t i,
			      int32_t grace_days, const struct rl_plan_paid *paid, rl_date today,
			      int64_t *part, enum rl_instalment_state *state);

#endif
