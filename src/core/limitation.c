/* Limitation periods (prescription): see relance/core/limitation.h for the
 * rules and their sources (../shared/reference/late-payment-rules.md §3,
 * as of 2026-11). */
#include "relance/core/limitation.h"

int rl_limitation_years(enum rl_customer_kind kind)
{
	/* C. conso. L218-2 for consumers; C. com. L110-4 otherwise. */
	return kind == RL_CUSTOMER_CONSUMER ? RL_LIMITATION_CONSUMER_YEARS
					    : RL_LIMITATION_BUSINESS_YEARS;
}

const char *rl_limitation_source(enum rl_customer_kind kind)
{
	return kind == RL_CUSTOMER_CONSUMER ? "C. conso. L218-2" : "C. com. L110-4";
}

int rl_limitation_date(rl_date due, enum rl_customer_kind kind, rl_date *out)
{
	int years = rl_limitation_years(kind), y, m, d;

	rl_date_to_ymd(due, &y, &m, &d);
	if (y > 9999 - years)
		return RL_ERANGE;
	/* Same day of the month, clamped to the month's last day (29 February
	 * into a common year gives the 28th). */
	*out = rl_date_add_months(due, 12 * years);
	return 0;
}
