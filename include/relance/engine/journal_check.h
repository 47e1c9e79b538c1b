/* Checking the evidence journal's chain (core/journal.h), as `relance
 * journal verify` and the API's GET /api/v1/journal/verify do: every
 * entry's hash recomputed from the previous one, the numbering without gap,
 * and the recorded end of the chain equal to its last entry. Reads only. */
#ifndef RELANCE_ENGINE_JOURNAL_CHECK_H
#define RELANCE_ENGINE_JOURNAL_CHECK_H

#include <stdbool.h>
#include <stdint.h>

#include "relance/core/journal.h"
#include "relance/store/store.h"

struct rl_journal_check {
	bool intact;                         /* the chain holds */
	int64_t checked;                     /* entries found good */
	char last_hash[RL_HASH_HEX_LEN + 1]; /* hash of the last good entry */
	int64_t bad_seq;                     /* the first bad entry, when not intact */
	char problem[512];                   /* what is wrong, when not intact ("" else) */
};

/* Walks the creditor's chain and fills *out. Returns 0 when the check could
 * be made, whatever its result (out->intact says); an error status when the
 * journal could not be read. */
int rl_journal_check(rl_store *s, int64_t creditor, const char *creditor_code,
		     struct rl_journal_check *out, struct rl_err *err);

#endif
