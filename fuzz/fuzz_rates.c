/* libFuzzer target for the rate-table and rule-file loaders
 * (relance/formats/rates.h): any bytes, read as each kind of rate table and
 * as a rule file, must give a clean success or a clean error — never a
 * crash, a leak or undefined behaviour — and a table that loads must pass
 * rl_rate_table_check, a rule rl_interest_rule_check. */
#include <stdint.h>
#include <stdlib.h>

#include "relance/core/interest.h"
#include "relance/formats/rates.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rl_interest_rule rule;
	struct rl_err err;

	for (int src = 0; src < RL_RATE_SOURCE_COUNT; src++) {
		struct rl_rate_table t = { 0 };

		if (rl_rates_load_mem(data, size, "fuzz.csv", (enum rl_rate_source)src, &t, &err) ==
		    0) {
			if (rl_rate_table_check(&t, &err) != 0)
				abort();
			rl_rates_release(&t);
		}
	}
	if (rl_rule_load_mem(data, size, "fuzz.ini", NULL, &rule, &err) == 0 &&
	    rl_interest_rule_check(&rule, &err) != 0)
		abort();
	return 0;
}
