/* Payment plans (DESIGN.md §1, §4): made and cancelled by hand
 * (rl_plan_create, rl_plan_cancel: relance plan, the API), judged by the
 * daily run; store/plan.h keeps them, core/plan.h splits and judges them.
 * Making or cancelling a plan is one transaction with the journal's chain
 * locked (two people acting at once are serialised): check, write, pause
 * or resume the invoices, journal ("plan", "plan_cancelled").
 *
 * At the start of a run, inside its transaction and before it looks at
 * any invoice, every open plan of the creditor is judged on the run's
 * date:
 * - completed when the payments on its invoices, dated up to that day,
 *   cover its total: journal entry "plan_completed";
 * - breached when an instalment was not covered by the payments dated up
 *   to its day plus the plan's grace days: journal entry "plan_breached"
 *   naming the instalment, the amount due by it and the amount paid by its
 *   last day;
 * - otherwise honoured: nothing is written.
 * Either way the plan's pause is lifted from its invoices (a pause set
 * since for another reason stays), so the same run resumes their dunning
 * where it stood; invoices fully paid are closed and get nothing. The
 * entries are the customer's (no invoice), with the plan's invoices listed
 * in the payload. A dry run judges the plans the same way and writes
 * nothing: it counts them and lists the pauses their end would lift, for
 * the run to apply as it reads the cases (so it previews the steps of the
 * invoices a breach resumes). */
#ifndef RELANCE_ENGINE_PLANS_H
#define RELANCE_ENGINE_PLANS_H

#include <stddef.h>
#include <stdint.h>

#include "relance/core/date.h"
#include "relance/core/limits.h"
#include "relance/core/plan.h"
#include "relance/engine/run.h"
#include "relance/store/journal.h"
#include "relance/store/plan.h"
#include "relance/store/store.h"

/* Who acts on a creditor's plans, and when (relance plan, the API).
 * Strings borrowed for the call. */
struct rl_plan_actor {
	int64_t creditor;
	const char *creditor_code; /* its journal's chain */
	rl_date today;             /* the day the action takes effect */
	const char *actor;         /* the journal's actor ("cli:alice") */
	const char *at;            /* UTC time, "YYYY-MM-DDTHH:MM:SS.mmmZ" */
};

/* A plan to agree with a customer (relance plan create). Strings borrowed
 * for the call. The caller has checked the numbers: instalments 1 to
 * RL_PLAN_MAX_INSTALMENTS, every_days 1 to RL_PLAN_MAX_EVERY_DAYS,
 * grace_days 0 to RL_PLAN_MAX_GRACE_DAYS, first today or later; a value
 * out of range fails with RL_EINVAL, nothing written. */
struct rl_plan_request {
	struct rl_plan_actor by;
	const char *customer; /* its code */
	/* The invoices the plan covers, each named once: each must be one of
	 * the customer's open invoices and free (not disputed, handed off or
	 * in another open plan), else the plan is refused. NULL (n 0): every
	 * free open invoice of the customer. */
	const char *const *invoices;
	size_t ninvoices;
	int32_t instalments;
	int32_t every_days;
	int32_t grace_days;
	rl_date first;    /* the first instalment's day; RL_DATE_NONE: today + every_days */
	const char *note; /* NULL: none */
	/* Told each open invoice left out of a plan covering every free one,
	 * and why ("is disputed (pricing)"), as it is found. May be NULL. */
	void (*left_out)(void *ctx, const char *number, const char *why);
	void *ctx;
};

/* What rl_plan_create made. inv is owned: rl_plan_created_release frees it. */
struct rl_plan_created {
	struct rl_plan plan;                                     /* id, customer_code filled */
	struct rl_plan_instalment inst[RL_PLAN_MAX_INSTALMENTS]; /* plan.instalments of them */
	struct rl_plan_invoice *inv; /* the invoices covered, as the ledger lists them */
	size_t ninv;
};
void rl_plan_created_release(struct rl_plan_created *c);

/* Makes the plan req asks for, in one transaction with the journal's chain
 * locked: chooses and checks the invoices, splits their balance today
 * into the schedule (core/plan.h), writes the plan, pauses its invoices
 * (reason "plan") and journals a "plan" entry of the customer's. On
 * failure (RL_ENOTFOUND: no such customer or invoice; RL_EINVAL: an
 * invoice refused, none left, several currencies; RL_ERANGE) nothing is
 * written and *out holds nothing to release. */
int rl_plan_create(rl_store *s, const struct rl_plan_request *req, struct rl_plan_created *out,
		   struct rl_err *err);

/* The invoices whose dunning a cancelled plan resumes: those it paused
 * that still have a balance. resumed is owned:
 * rl_plan_cancelled_release frees it. */
struct rl_plan_cancelled {
	char (*resumed)[RL_MAX_ID + 1]; /* invoice numbers */
	size_t nresumed;
};
void rl_plan_cancelled_release(struct rl_plan_cancelled *c);

/* Ends the open plan `plan` by hand on by->today for `reason`, in one
 * transaction with the journal's chain locked: lifts its pause from its
 * invoices (a pause set since for another reason stays) and journals a
 * "plan_cancelled" entry of the customer's. RL_ENOTFOUND when there is no
 * such plan, RL_EINVAL when it is not open. On any failure nothing is
 * written and *out holds nothing to release. */
int rl_plan_cancel(rl_store *s, const struct rl_plan_actor *by, int64_t plan, const char *reason,
		   struct rl_plan_cancelled *out, struct rl_err *err);

/* Judges the open plans of opt->creditor on opt->date, journaling through
 * jw (open, in the caller's transaction) with opt's actor and time.
 * *completed and *breached count them. With opt->dry_run, jw is unused
 * (may be NULL), nothing is written, and the pauses ending them would lift
 * are added to foreseen. */
int rl_plans_judge(rl_store *s, const struct rl_run_options *opt, struct rl_journal_writer *jw,
		   int64_t *completed, int64_t *breached, struct rl_case_changes *foreseen,
		   struct rl_err *err);

#endif
