/* What the interest computation needs beside the ledger (migration 0005):
 * an invoice's contractual rate, a customer's explicit rule, the formal
 * notice (the first dunning step on the formal_notice channel, or one
 * recorded by hand with relance notice), a judgment (relance judgment), and
 * waivers (relance waive). Portable SQL for both backends; writes happen in
 * the caller's transaction and never fail on an existing key. The journal
 * entry that goes with each change is the caller's. */
#ifndef RELANCE_STORE_INTEREST_H
#define RELANCE_STORE_INTEREST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "relance/core/date.h"
#include "relance/store/store.h"

/* One fact about one invoice. */
enum rl_fact_kind {
	RL_FACT_CONTRACT_RATE,    /* value: invoice.contractual_rate (rate units) */
	RL_FACT_NOTICE_STEP,      /* date: a formal_notice step of its dunning
				      (communication neither cancelled nor failed); one
				      row per step: the earliest is the notice */
	RL_FACT_NOTICE_RECORDED,  /* date: a formal notice recorded by hand */
	RL_FACT_JUDGMENT,         /* date: a judgment recorded by hand */
	RL_FACT_WAIVED_INTEREST,  /* the interest is waived */
	RL_FACT_WAIVED_INDEMNITY, /* the fixed indemnity is waived */
	RL_FACT_CUSTOMER_RULE,    /* text: the customer's explicit rule (invoice_id is
				      then the CUSTOMER's id) */
};

struct rl_invoice_fact {
	enum rl_fact_kind kind;
	int64_t invoice_id; /* or customer id for RL_FACT_CUSTOMER_RULE */
	int64_t value;
	rl_date date;
	const char *text; /* borrowed for the callback: court, waiver reason, rule name */
};
typedef int (*rl_invoice_fact_fn)(void *ctx, const struct rl_invoice_fact *f);
/* Calls fn for every fact of the creditor's invoices (invoice_id 0) or of one
 * invoice, kind after kind; customer rules: of every customer (customer_id
 * 0) or of one. fn returning non-zero stops; fn may not use the store. */
int rl_invoice_fact_each(rl_store *s, int64_t creditor, int64_t invoice_id, int64_t customer_id,
			 rl_invoice_fact_fn fn, void *ctx, struct rl_err *err);

/* The creditor's jurisdiction ("FR", "DE", "EU", "GB") into buf. */
int rl_creditor_jurisdiction(rl_store *s, int64_t creditor, char *buf, size_t cap,
			     struct rl_err *err);

/* The import's columns (docs/import.md). Each reads the value stored and
 * writes only when it differs; *changed says whether it did. */
/* Sets customer_id's explicit rule (rule "" clears it); was gets the former
 * one ("" if none). */
int rl_customer_interest_rule_set(rl_store *s, int64_t creditor, int64_t customer_id,
				  const char *rule, char *was, size_t cap, bool *changed,
				  struct rl_err *err);
/* Sets invoice_id's contractual rate (has false clears it); *had / *was get
 * the former one. */
int rl_invoice_contract_rate_set(rl_store *s, int64_t creditor, int64_t invoice_id, bool has,
				 int64_t rate, bool *had, int64_t *was, bool *changed,
				 struct rl_err *err);

enum rl_event_kind {
	RL_EVENT_NOTICE,   /* a formal notice sent outside relance */
	RL_EVENT_JUDGMENT, /* a money judgment (the day the law counts from) */
};
/* Records (or replaces) the invoice's event of that kind. *previous gets
 * the date it replaces, RL_DATE_NONE (core/dunning.h) if none. */
int rl_invoice_event_put(rl_store *s, int64_t creditor, int64_t invoice_id, enum rl_event_kind k,
			 rl_date on, const char *court, const char *at, const char *actor,
			 rl_date *previous, struct rl_err *err);

/* Records a waiver of "interest" or "indemnity"; *added false (nothing
 * written) when the invoice already has one of that kind. */
int rl_waiver_add(rl_store *s, int64_t creditor, int64_t invoice_id, const char *what,
		  const char *reason, const char *at, const char *actor, bool *added,
		  struct rl_err *err);
/* Removes it; *removed false when there was none. */
int rl_waiver_remove(rl_store *s, int64_t creditor, int64_t invoice_id, const char *what,
		     bool *removed, struct rl_err *err);

#endif
