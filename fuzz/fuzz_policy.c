/* libFuzzer target for dunning policy files (relance/formats/policy_file.h):
 * any text must give a clean success or a clean error; a policy that is read
 * must pass rl_policy_validate and name every step. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "relance/formats/policy_file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct rl_currency *eur = rl_currency_find("EUR", 3);
	struct rl_policy p;
	struct rl_err err;
	char *text = malloc(size + 1);

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	if (rl_policy_text_read("fuzz.ini", text, eur, &p, &err) == 0) {
		if (rl_policy_validate(&p, &err) != 0)
			abort();
		for (size_t i = 0; i < p.nsteps; i++)
			if (!p.steps[i].name[0])
				abort();
	}
	free(text);
	return 0;
}
