/* Private to the importer: the canonical columns, the parsed form of a row,
 * and the customer map. import_row.c turns CSV records into parsed rows
 * (validation only, no store access: it runs on the reading thread);
 * import.c applies parsed rows to the store on the calling thread. */
#ifndef RELANCE_FORMATS_IMPORT_INT_H
#define RELANCE_FORMATS_IMPORT_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "relance/core/ledger.h"
#include "relance/formats/csv.h"
#include "relance/formats/import.h"

enum col {
	C_NONE = -1, /* a problem with the row as a whole */
	C_CUSTOMER_ID,
	C_NAME,
	C_KIND,
	C_COUNTRY,
	C_LANGUAGE,
	C_EMAIL,
	C_PHONE,
	C_ADDRESS,
	C_INVOICE_NUMBER,
	C_ISSUE_DATE,
	C_DUE_DATE,
	C_CURRENCY,
	C_AMOUNT,
	C_TYPE,
	C_PAYMENT_ID,
	C_PAID_DATE,
	C_REFERENCE,
	C_INTEREST_RULE,    /* customers: an explicit interest rule (migration 0005) */
	C_CONTRACTUAL_RATE, /* invoices: the contractual late-payment rate, percent */
	C_COUNT
};

extern const char *const rl_import_col_names[C_COUNT];

/* Customer code -> store id, filled before reading starts and then only
 * read (by the reading thread). Open addressing; codes copied into one
 * arena. `complete` is false when the creditor has more customers than the
 * map holds: rows then leave customer_id at 0 for the store to resolve. */
struct customer_map {
	struct customer_slot {
		uint64_t hash; /* 0: empty */
		int64_t id;
		size_t off; /* the code, in arena */
	} * slots;
	size_t cap, n;
	char *arena;
	size_t arena_len, arena_cap;
	bool complete;
};

void customer_map_init(struct customer_map *m);
void customer_map_release(struct customer_map *m);
/* Adds a code; returns false when the map is full (it is then incomplete). */
bool customer_map_put(struct customer_map *m, const char *code, int64_t id);
/* The id of code, 0 if absent. */
int64_t customer_map_get(const struct customer_map *m, const char *code);

/* One data row after parsing. Strings point into the batch that holds it. */
struct parsed_row {
	struct rl_csv_record raw; /* the fields as read (for the rejects file) */
	const char *err_field;    /* what is at fault: a column name, "column N" or "" */
	const char *err_msg;      /* NULL: the row parsed */
	union {
		struct rl_customer customer;
		struct rl_invoice invoice;
		struct rl_payment payment;
	} v;
	/* interest columns, beside the ledger's (used only when the file has them) */
	const char *interest_rule; /* customers: the rule's name, "" for none */
	bool has_contract_rate;    /* invoices: a contractual rate is given */
	int64_t contract_rate;     /* its rate units (core/interest.h) */
};

/* What parsing a file needs to know, read-only once reading starts. */
struct row_parser {
	const struct rl_import_options *opt;
	int colidx[C_COUNT]; /* field index of each canonical column, -1 if absent */
	size_t header_fields;
	const struct customer_map *customers;
};

/* A bump allocator over a fixed block: what parsed rows point into. */
struct arena {
	char *base;
	size_t used, cap;
};

/* Copies rec into the arena as row->raw and parses it for the import's kind,
 * setting row->err_* on a bad row. Returns false only if the arena is full
 * (the caller flushes its batch and tries again). */
bool parse_row(const struct row_parser *p, struct arena *a, const struct rl_csv_record *rec,
	       struct parsed_row *row);

/* Records a malformed record (one the CSV reader rejected) as a bad row. */
bool parse_bad_record(const struct row_parser *p, struct arena *a, const struct rl_err *e,
		      struct parsed_row *row);

#endif
