/* Workload generator: writes a realistic ledger as the three canonical CSVs
 * (customers.csv, invoices.csv, payments.csv) for tests, benchmarks and the
 * demo. Deterministic: the same options give byte-identical files. */
#ifndef RELANCE_FORMATS_GEN_H
#define RELANCE_FORMATS_GEN_H

#include <stdint.h>

#include "relance/core/date.h"
#include "relance/core/status.h"

struct rl_gen_options {
	long customers; /* >= 1 */
	long invoices;  /* >= 0 */
	uint64_t seed;
	rl_date asof;         /* "today" of the generated ledger */
	const char *outdir;   /* existing or creatable directory */
	const char *currency; /* ISO code of every amount, default "EUR" */
	/* Called every few thousand rows with rows written so far (may be NULL). */
	void (*progress)(void *ctx, long done, long total);
	void *progress_ctx;
};

/* Writes OUTDIR/customers.csv, invoices.csv and payments.csv, each to a
 * temporary name renamed into place. Returns 0, RL_EINVAL (bad options) or
 * RL_EIO with err set. */
int rl_gen_write(const struct rl_gen_options *opt, struct rl_err *err);

#endif
