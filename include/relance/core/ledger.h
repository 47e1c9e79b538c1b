/* The ledger's domain types and the rules that derive an invoice's state from
 * its figures (DESIGN.md §3). Pure: no I/O, no allocation.
 *
 * Strings in these structs are borrowed NUL-terminated pointers; who owns
 * them is said by the function that fills the struct. Amounts are integer
 * minor units of the struct's currency. */
#ifndef RELANCE_CORE_LEDGER_H
#define RELANCE_CORE_LEDGER_H

#include <stdbool.h>
#include <stdint.h>

#include "relance/core/date.h"
#include "relance/core/money.h"

enum rl_customer_kind {
	RL_CUSTOMER_BUSINESS, /* B2B: commercial-law rules, fixed indemnity */
	RL_CUSTOMER_CONSUMER, /* a natural person: consumer-protection rules */
};

enum rl_doc_type {
	RL_DOC_INVOICE,     /* amount > 0: the customer owes it */
	RL_DOC_CREDIT_NOTE, /* amount < 0: the creditor owes it back (customer credit) */
};

enum rl_invoice_status {
	RL_STATUS_OPEN,    /* balance > 0, not yet late on the as-of date */
	RL_STATUS_OVERDUE, /* balance > 0 and the due date has passed */
	RL_STATUS_PAID,    /* an invoice whose balance is 0 */
	RL_STATUS_CREDIT,  /* a credit note, or an invoice over-allocated (balance < 0) */
};

struct rl_creditor {
	int64_t id;
	const char *code; /* short handle, unique in a database ("default") */
	const char *name;
	const char *jurisdiction; /* "FR", "DE", "GB", "EU" */
	const char *language;     /* "fr", "en" */
	const char *currency;     /* default ISO 4217 code */
};

struct rl_customer {
	int64_t id;       /* store id; 0 before it is stored */
	const char *code; /* the creditor's customer number ("customer_id" in files) */
	const char *name;
	enum rl_customer_kind kind;
	const char *country; /* ISO 3166 alpha-2 or "" */
	const char *language;
	const char *email;
	const char *phone;
	const char *address;
	bool blocked; /* no automatic dunning at all */
};

struct rl_invoice {
	int64_t id;
	const char *number; /* unique per creditor */
	const char *customer_code;
	int64_t customer_id; /* store id of the customer when known, else 0 */
	enum rl_doc_type type;
	rl_date issue_date;
	rl_date due_date;
	const struct rl_currency *currency;
	int64_t amount; /* total; negative for a credit note */
	int64_t paid;   /* sum of allocations to it (as of some date) */
};

struct rl_payment {
	int64_t id;
	const char *code; /* payment_id in files, unique per creditor */
	const char *customer_code;
	int64_t customer_id; /* store id of the customer when known, else 0 */
	rl_date paid_date;
	const struct rl_currency *currency;
	int64_t amount;             /* > 0 */
	const char *invoice_number; /* the invoice it names, or "" */
	const char *reference;      /* bank reference, free text */
};

const char *rl_customer_kind_str(enum rl_customer_kind k);
int rl_customer_kind_parse(const char *s, enum rl_customer_kind *out); /* RL_EINVAL */
const char *rl_doc_type_str(enum rl_doc_type t);
int rl_doc_type_parse(const char *s, enum rl_doc_type *out);
const char *rl_invoice_status_str(enum rl_invoice_status s);
int rl_invoice_status_parse(const char *s, enum rl_invoice_status *out);

/* amount - paid; cannot overflow for stored figures (both bounded by int64
 * and of the same sign convention), saturates otherwise. */
int64_t rl_invoice_balance(const struct rl_invoice *inv);

/* The invoice's state on the day asof. Overdue starts the day after the due
 * date: an invoice due on D and unpaid on D is still open. */
enum rl_invoice_status rl_invoice_status_on(const struct rl_invoice *inv, rl_date asof);

/* Days between the due date and asof for an overdue invoice, 0 otherwise. */
int32_t rl_invoice_days_late(const struct rl_invoice *inv, rl_date asof);

/* How much of a payment of `available` goes to an invoice whose balance is
 * `balance`: never more than either, never negative. */
int64_t rl_allocation_amount(int64_t available, int64_t balance);

/* Totals of one currency, as `relance balance` reports them. */
struct rl_balance {
	const struct rl_currency *currency;
	int64_t invoiced;    /* invoices minus credit notes issued up to the as-of date */
	int64_t paid;        /* payments received up to the as-of date */
	int64_t outstanding; /* invoiced - paid: what customers owe, net of their credit */
	int64_t overdue;     /* sum of the balances of overdue invoices */
	int64_t open_count;  /* invoices with a balance > 0 */
	int64_t overdue_count;
};

/* Adds one invoice (as of asof) to b. RL_ERANGE on overflow (b unchanged). */
int rl_balance_add_invoice(struct rl_balance *b, const struct rl_invoice *inv, rl_date asof);
/* Adds received payments; recomputes outstanding. RL_ERANGE on overflow. */
int rl_balance_add_paid(struct rl_balance *b, int64_t paid);

#endif
