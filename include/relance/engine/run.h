/* The daily dunning run (DESIGN.md §4): for each open invoice of a creditor,
 * core/dunning.h decides whether a step is due today; the due steps are
 * grouped per customer and channel into communications, recorded with the
 * cases' new state and a journal entry each, in one transaction. Running the
 * same date again finds nothing to do; a crash leaves all or nothing. */
#ifndef RELANCE_ENGINE_RUN_H
#define RELANCE_ENGINE_RUN_H

#include <stdbool.h>
#include <stdint.h>

#include "relance/core/date.h"
#include "relance/core/dunning.h"
#include "relance/core/money.h"
#include "relance/store/store.h"

/* One invoice's step in one communication. Strings borrowed for the call. */
struct rl_run_item {
	int64_t communication; /* its id; in a dry run, a number counting from 1 */
	const char *customer_code;
	enum rl_channel channel;
	int step; /* index in the policy, from 0 */
	const char *step_name;
	const char *policy;
	const char *invoice_number;
	const struct rl_currency *currency;
	int64_t balance;
	int32_t days_late;
};

struct rl_run_options {
	int64_t creditor;
	const char *creditor_code;
	rl_date date;      /* the run's "today" */
	bool dry_run;      /* decide and report, write nothing */
	const char *actor; /* who runs it, for the journal ("run", "cli:alice") */
	const char *now;   /* UTC time of the run, "YYYY-MM-DDTHH:MM:SS.mmmZ" */
	/* Called for each step done (or that would be done), grouped by
	 * customer then channel, after the run is committed. May be NULL. */
	int (*item)(void *ctx, const struct rl_run_item *it);
	void *ctx;
};

struct rl_run_result {
	int64_t run_id;    /* 0 in a dry run, or when nothing was due */
	int64_t evaluated; /* open invoices looked at */
	int64_t steps;     /* steps done (would be done) */
	int64_t communications;
	int64_t skipped[RL_DECIDE_SETTLED + 1]; /* invoices by enum rl_decision */
	bool no_policy;                         /* the creditor has no default policy */
	int64_t promises_kept;   /* promises whose day had passed, settled (engine/promises.h) */
	int64_t promises_broken; /* ... and found not paid by their day */
	int64_t plans_completed; /* payment plans found paid (engine/plans.h) */
	int64_t plans_breached;  /* ... and found with an instalment missed */
	/* Invoices skipped as RL_DECIDE_PAUSED, by the reason of their pause. */
	int64_t paused[RL_PAUSE_MANUAL + 1];
};

int rl_run(rl_store *s, const struct rl_run_options *opt, struct rl_run_result *res,
	   struct rl_err *err);

#endif
