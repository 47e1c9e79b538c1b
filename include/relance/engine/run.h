/* The daily dunning run (DESIGN.md §4): for each open invoice of a creditor,
 * core/dunning.h decides whether a step is due today; the due steps are
 * grouped per customer and channel into communications, recorded with the
 * cases' new state and a journal entry each, in one transaction. Running the
 * same date again finds nothing to do; a crash leaves all or nothing.
 *
 * A dry run is an exact preview of the real run of the same date, and
 * writes nothing: it foresees the promises the real run would settle and
 * the plans it would judge (engine/promises.h, engine/plans.h), counts
 * them, and decides every invoice on its case as those would leave it. */
#ifndef RELANCE_ENGINE_RUN_H
#define RELANCE_ENGINE_RUN_H

#include <stdbool.h>
#include <stddef.h>
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
	/* Promises whose day had passed, settled (engine/promises.h), and
	 * payment plans judged (engine/plans.h): in a dry run, those that
	 * would be. */
	int64_t promises_kept;   /* found paid by their day */
	int64_t promises_broken; /* ... and found not paid by their day */
	int64_t plans_completed; /* payment plans found paid */
	int64_t plans_breached;  /* ... and found with an instalment missed */
	/* Invoices skipped as RL_DECIDE_PAUSED, by the reason of their pause. */
	int64_t paused[RL_PAUSE_MANUAL + 1];
};

/* What settling promises and judging plans would change in one case, in a
 * dry run, which writes nothing: the run applies it to the case as it
 * reads it, so that it decides as the real run will (which writes these
 * changes first, then reads the cases). */
struct rl_case_change {
	int64_t invoice_id;
	bool lift_pause; /* its pause is lifted (rl_case_set_pause, none) */
	/* RL_DATE_NONE, or the day its previous step's date is moved back to,
	 * when it is later, so that the next step's gap is waived
	 * (rl_case_waive_gap on the run's date). */
	rl_date gap_back;
	size_t seq; /* the order it was found in: changes apply in that order */
};

/* The changes a dry run foresees; most runs have few or none. */
struct rl_case_changes {
	struct rl_case_change *v;
	size_t n, cap;
};

/* Adds a change to ch, after those already there. */
int rl_case_changes_add(struct rl_case_changes *ch, int64_t invoice_id, bool lift_pause,
			rl_date gap_back, struct rl_err *err);

int rl_run(rl_store *s, const struct rl_run_options *opt, struct rl_run_result *res,
	   struct rl_err *err);

#endif
