/* Promises to pay, settled by the daily run (DESIGN.md §1, §4; relance
 * promise records them, store/case.h keeps them).
 *
 * At the start of a run, inside its transaction and before it looks at
 * any invoice, every open promise whose day is before the run's date is
 * settled: kept when the invoice's balance at the end of the
 * promised day is at most its balance when the promise was made minus the
 * amount promised (with the default amount, the whole balance: paid off),
 * broken otherwise. Each gets a journal entry, "promise_kept" or
 * "promise_broken", and the case resumes: its promise pause is lifted (a
 * pause set since for another reason, a dispute say, stays).
 *
 * "Escalate one step" (relance promise --escalate): when such a promise is
 * broken, the invoice's next step is not held back by its minimum gap since
 * the previous step: it is done by this very run if its day (due date plus
 * offset) has come, else on that day. Steps are never skipped and never
 * more than one per invoice per day; see rl_case_waive_gap.
 *
 * A dry run judges the same promises the same way and writes nothing: it
 * counts them and lists what settling them would change in their cases
 * (pause lifted, gap waived) for the run to apply as it reads the cases. */
#ifndef RELANCE_ENGINE_PROMISES_H
#define RELANCE_ENGINE_PROMISES_H

#include <stdint.h>

#include "relance/engine/run.h"
#include "relance/store/journal.h"
#include "relance/store/store.h"

/* Settles the open promises of opt->creditor dated before opt->date,
 * journaling through jw (open, in the caller's transaction) with opt's
 * actor and time. *kept and *broken count them. With opt->dry_run, jw is
 * unused (may be NULL), nothing is written, and the changes settling them
 * would make to their cases are added to foreseen. */
int rl_promises_settle(rl_store *s, const struct rl_run_options *opt, struct rl_journal_writer *jw,
		       int64_t *kept, int64_t *broken, struct rl_case_changes *foreseen,
		       struct rl_err *err);

#endif
