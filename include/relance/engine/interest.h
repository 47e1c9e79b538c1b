/* Late-payment interest over the ledger (DESIGN.md §5, issue 4): chooses
 * each invoice's rule, gathers what the computation needs from the store
 * (allocations, contractual rate, formal notice, judgment, waivers), reads
 * the rate tables (shipped ones merged with imported ones) and hands it all
 * to core's rl_interest_compute(). The cli (relance interest, show, rates)
 * and later the server call it; it prints nothing.
 *
 * The rule of an invoice, first that applies:
 *   1. the rule named by the caller (relance interest --rule);
 *   2. the customer's own rule (customer.interest_rule, from the import);
 *   3. the creditor's jurisdiction and the customer's kind:
 *      FR fr-b2b / fr-b2c, DE de-b2b / de-b2c, EU eu-b2b, GB uk-b2b.
 *      A new ledger's creditor is French (creditor.jurisdiction 'FR').
 * The formal notice of an invoice is the one recorded by hand (relance
 * notice), else the day of its first dunning step on the formal_notice
 * channel. Notices and judgments dated after the day computed to are not
 * known on that day and are ignored. Waived parts are computed but not due.
 *
 * Rates: a table is the shipped one (data/rates, embedded) with the rows
 * imported by relance rates import laid over it: an imported row replaces
 * a shipped one starting on the same day and adds one otherwise; the table
 * is known through the later of the two known_through days. */
#ifndef RELANCE_ENGINE_INTEREST_H
#define RELANCE_ENGINE_INTEREST_H

#include <stdbool.h>
#include <stdint.h>

#include "relance/core/interest.h"
#include "relance/core/ledger.h"
#include "relance/store/store.h"

#define RL_RATE_ORIGIN_SHOWN 64

/* The rate tables a computation uses. */
struct rl_rate_tables {
	struct rl_rate_table table[RL_RATE_SOURCE_COUNT];
	/* per point of table[s]: "shipped" or the name of the file imported */
	char (*origin[RL_RATE_SOURCE_COUNT])[RL_RATE_ORIGIN_SHOWN];
	struct rl_rate_set set; /* points at table[] */
};

/* Fills *out (caller's struct) with every source's merged table. Release
 * with rl_rate_tables_release() on success and failure alike. */
int rl_rate_tables_load(rl_store *s, struct rl_rate_tables *out, struct rl_err *err);
void rl_rate_tables_release(struct rl_rate_tables *rt);

/* What rl_rates_import() did. */
struct rl_rates_import_result {
	const char *source; /* "ecb", "fr-legal", "de-base", "uk-boe" (static) */
	int64_t rows;       /* rows in the file (per table) */
	int64_t added;      /* rows new to the database */
	int64_t replaced;   /* rows that changed a rate known before */
	rl_date first, last;
	rl_date known_through;
	bool changed; /* anything written (then journaled as "rates_import") */
};
/* Told each rate an import changes: `old` was known for the table from
 * `from` (shipped or imported before), `now` replaces it. */
typedef void (*rl_rate_replaced_fn)(void *ctx, enum rl_rate_source s, rl_date from, int64_t old,
				    int64_t now);
/* Imports the rate file at path (the format of the files in data/rates, told by
 * its header) in one transaction, journaled as "rates_import" in the
 * creditor's journal with actor and at (UTC time). Re-importing a file
 * changes nothing. A table of periods must leave no gap after the days
 * already known. Nothing is written on any error (file:line:field in err). */
int rl_rates_import(rl_store *s, int64_t creditor, const char *creditor_code, const char *path,
		    const char *actor, const char *at, rl_rate_replaced_fn fn, void *ctx,
		    struct rl_rates_import_result *out, struct rl_err *err);

/* The statutory rule for a customer of that kind under jurisdiction, or
 * NULL when there is none (an EU or GB consumer). */
const char *rl_interest_default_rule(const char *jurisdiction, enum rl_customer_kind kind);
/* Loads the shipped rule `name`; RL_EUSAGE if there is none by that name. */
int rl_interest_rule_load(const char *name, struct rl_interest_rule *out, struct rl_err *err);

/* One invoice's figures; everything borrowed for the callback (or until the
 * next call on the same context). */
struct rl_invoice_interest {
	const struct rl_invoice *inv;
	const char *customer_code;
	const struct rl_interest_rule *rule;
	const struct rl_interest_segment *segs; /* r.nsegments of them */
	struct rl_interest_result r;
	bool has_contract_rate;
	int64_t contract_rate;
	rl_date notice;        /* the formal notice, RL_DATE_NONE if none */
	bool notice_by_hand;   /* recorded with relance notice */
	rl_date judgment;      /* RL_DATE_NONE if none */
	bool waived_interest;  /* r.interest computed, not due */
	bool waived_indemnity; /* r.indemnity computed, not due */
	int64_t interest_due;  /* 0 when waived */
	int64_t indemnity_due; /* 0 when waived (indemnity currency) */
	int64_t total_due;     /* interest_due + indemnity_due when same currency */
};

/* What is waived: "", "interest", "indemnity" or "interest+indemnity". */
const char *rl_interest_waived_str(const struct rl_invoice_interest *ii);

typedef struct rl_interest_ctx rl_interest_ctx;

/* Reads the creditor's jurisdiction and the rate tables. rule_override
 * (may be NULL) is used for every invoice. */
int rl_interest_ctx_new(rl_store *s, int64_t creditor, const char *rule_override,
			rl_interest_ctx **out, struct rl_err *err);
void rl_interest_ctx_free(rl_interest_ctx *c); /* NULL is a no-op */

/* One invoice up to asof. RL_ENOTFOUND (no such invoice), RL_EINVAL (a
 * credit note; no statutory rule for its customer), RL_EUSAGE (no rule by
 * that name), or core's errors (a rate not known: the table to update). */
int rl_interest_one(rl_interest_ctx *c, const char *number, rl_date asof,
		    struct rl_invoice_interest *out, struct rl_err *err);

typedef int (*rl_invoice_interest_fn)(void *ctx, const struct rl_invoice_interest *ii);
/* Told an invoice whose figures need a rate not known (err says which table
 * to update: "invoice 'F1': no ECB rate known for ..."). */
typedef void (*rl_interest_unknown_fn)(void *ctx, const struct rl_err *err);
/* Every invoice of the ledger (customer_code NULL) or of one customer that
 * is late on asof or was paid late, in id order; invoices whose customer
 * has no statutory rule are skipped. One scan of the ledger. fn returning
 * non-zero stops and that value is returned. An invoice needing a rate not
 * known stops the walk with RL_ENOTFOUND, unless unknown is not NULL: it is
 * then told, the walk goes on, and *nunknown (may be NULL) counts them. */
int rl_interest_each(rl_interest_ctx *c, const char *customer_code, rl_date asof,
		     rl_invoice_interest_fn fn, rl_interest_unknown_fn unknown, void *ctx,
		     int64_t *nunknown, struct rl_err *err);

#endif
