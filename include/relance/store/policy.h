/* Dunning policies in the database: saved from files (formats/policy_file.h),
 * listed, loaded for the run, assigned to customers. A customer without a
 * policy of its own follows the creditor's default policy. */
#ifndef RELANCE_STORE_POLICY_H
#define RELANCE_STORE_POLICY_H

#include <stdint.h>

#include "relance/core/dunning.h"
#include "relance/store/store.h"

/* Inserts p, or replaces the steps and description of the creditor's
 * policy of the same name. Inside a transaction. */
int rl_policy_save(rl_store *s, int64_t creditor, const struct rl_policy *p, int64_t *id,
		   struct rl_err *err);
/* RL_ENOTFOUND when the creditor has no policy of that name. */
int rl_policy_load(rl_store *s, int64_t creditor, const char *name, struct rl_policy *out,
		   int64_t *id, struct rl_err *err);
int rl_policy_load_id(rl_store *s, int64_t id, struct rl_policy *out, struct rl_err *err);

struct rl_policy_summary {
	int64_t id;
	const char *name;
	const char *description;
	int64_t steps;
	int64_t customers; /* customers assigned to it explicitly */
	bool is_default;
};
typedef int (*rl_policy_fn)(void *ctx, const struct rl_policy_summary *p);
int rl_policy_each(rl_store *s, int64_t creditor, rl_policy_fn fn, void *ctx, struct rl_err *err);

/* Makes the policy the creditor's default (inside a transaction). */
int rl_policy_set_default(rl_store *s, int64_t creditor, int64_t policy_id, struct rl_err *err);
/* The creditor's default policy id, 0 when none. */
int rl_policy_default(rl_store *s, int64_t creditor, int64_t *policy_id, struct rl_err *err);
/* Assigns a policy to a customer (policy_id 0: back to the default). */
int rl_policy_assign(rl_store *s, int64_t creditor, const char *customer_code, int64_t policy_id,
		     struct rl_err *err);

#endif
