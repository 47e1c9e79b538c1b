/* Limitation periods (prescription) of an invoice's claim: the last day on
 * which the creditor can still act in court for it. Facts and sources in
 * ../shared/reference/late-payment-rules.md §3. Pure: no I/O, no clock.
 *
 * French law, as of 2026-11:
 * - between businesses (and a business against a non-merchant acting for
 *   its trade): 5 years (C. com. L110-4; also the civil default, C. civ. 2224);
 * - a professional against a consumer, for goods or services supplied:
 *   2 years (C. conso. L218-2, ex L137-2). A legal person cannot invoke it,
 *   which is what the customer kind "consumer" (a natural person) means here.
 *
 * The period runs from the day the claim becomes payable, taken to be the
 * invoice's due date. That day is not counted (prescription counts whole
 * days, C. civ. 2228) and the period ends "de quantième à quantième": on the
 * day of the last year with the same day of the month as the due date, at
 * midnight (C. civ. 2229: acquired once the last day of the term is
 * complete; computation as described in Sénat report r06-338). So a claim
 * due on 2026-03-15 can be acted on until 2031-03-15 (business) and is
 * prescribed from 2031-03-16. A due date of 29 February ends on 28 February
 * of a common year, the month having no 29th.
 *
 * Not modelled (NEEDSWORK):
 * - the starting point is disputed: exigibility (the due date, used here) or
 *   the invoice date (cabinet-roussel.com, citing Cass. civ. 15 June 2017
 *   n° 16-16.906); the reference file marks it "to verify";
 * - interruption: an acknowledgement of the debt by the debtor (C. civ.
 *   2240; a written promise to pay may be one), a court action (2241) or an
 *   enforcement measure (2244) start a new period of the same length
 *   (2231). relance does not move the date for them: a promise recorded
 *   with `relance promise` leaves it unchanged. A formal notice (mise en
 *   demeure) does not interrupt it, so dunning steps rightly change nothing;
 * - suspension (mediation, C. civ. 2238; impossibility to act, 2234);
 * - other jurisdictions: the French rule is applied to every creditor. */
#ifndef RELANCE_CORE_LIMITATION_H
#define RELANCE_CORE_LIMITATION_H

#include <stdbool.h>

#include "relance/core/date.h"
#include "relance/core/ledger.h"
#include "relance/core/status.h"

#define RL_LIMITATION_BUSINESS_YEARS 5 /* C. com. L110-4 */
#define RL_LIMITATION_CONSUMER_YEARS 2 /* C. conso. L218-2 */

/* The length of the period in years for a customer of that kind. */
int rl_limitation_years(enum rl_customer_kind kind);

/* The article that sets it, for people ("C. com. L110-4"). Never NULL. */
const char *rl_limitation_source(enum rl_customer_kind kind);

/* *out = the last day of the limitation period of a claim payable on due:
 * due plus the period's years, same day of the month (28 February for a
 * 29 February landing in a common year). RL_ERANGE (and *out untouched)
 * when that day is after 9999-12-31. */
int rl_limitation_date(rl_date due, enum rl_customer_kind kind, rl_date *out);

/* True when a claim whose period ends on `last_day` is prescribed on asof,
 * that is asof is after that day. */
static inline bool rl_limitation_prescribed(rl_date last_day, rl_date asof)
{
	return asof > last_day;
}

#endif
