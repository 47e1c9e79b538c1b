/* Dunning policy files: the human-editable form of a policy (INI, parsed
 * by libinih). Example, one section per step in order:
 *
 *   [policy]
 *   name = fr-standard
 *   description = French practice between businesses
 *   min_gap = 7              ; default days between two steps of an invoice
 *
 *   [step: first reminder]
 *   offset = 1               ; days from the due date (negative: before it)
 *   channel = email          ; email letter registered_letter sms phone
 *                            ; formal_notice handoff
 *   template = reminder-1
 *   min_balance = 10.00      ; in the creditor's currency
 *   fee = 0.00
 *   min_gap = 7              ; overrides the policy's
 */
#ifndef RELANCE_FORMATS_POLICY_FILE_H
#define RELANCE_FORMATS_POLICY_FILE_H

#include "relance/core/dunning.h"
#include "relance/core/money.h"
#include "relance/core/status.h"

/* Reads the policy in path; amounts are in currency cur. Errors name the
 * file, line and key: "fr.ini:12: channel: 'fax' is not a channel". */
int rl_policy_file_read(const char *path, const struct rl_currency *cur, struct rl_policy *out,
			struct rl_err *err);

/* The same from text held in memory; name is used in messages. */
int rl_policy_text_read(const char *name, const char *text, const struct rl_currency *cur,
			struct rl_policy *out, struct rl_err *err);

/* The policies shipped with relance (the .ini files of data/policies, embedded at build
 * time), the first being the default of a new ledger. NULL-terminated. */
struct rl_shipped_policy {
	const char *file; /* "fr-standard.ini" */
	const char *text;
};
extern const struct rl_shipped_policy rl_shipped_policies[];

#endif
