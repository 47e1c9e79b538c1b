/* Import of the canonical CSV files (customers, invoices, payments) into a
 * ledger: column mapping, validation of every field, upsert by natural key,
 * allocation of payments. One import — all its files — is one transaction:
 * any bad row and nothing is written, unless the caller asked for bad rows to
 * be skipped into a rejects file. Re-importing the same file changes nothing;
 * a changed row is updated and reported. Memory stays flat in the file size. */
#ifndef RELANCE_FORMATS_IMPORT_H
#define RELANCE_FORMATS_IMPORT_H

#include <stddef.h>
#include <stdint.h>

#include "relance/core/status.h"
#include "relance/store/store.h"

enum rl_import_kind {
	RL_IMPORT_CUSTOMERS,
	RL_IMPORT_INVOICES,
	RL_IMPORT_PAYMENTS,
};

/* What the import tells its caller as it goes (where->file/line/field set). */
enum rl_import_event {
	RL_IMPORT_BAD_ROW, /* a row that cannot be imported, and why */
	RL_IMPORT_UPDATED, /* an existing row changed; msg lists the changes */
	RL_IMPORT_CREDIT,  /* a payment larger than its invoice's balance: the rest is credit */
	RL_IMPORT_NOTE,    /* anything else worth saying (an ignored column) */
};

struct rl_column_map {
	const char *canonical; /* "due_date" */
	const char *header;    /* the file's name for it: "Échéance" */
};

struct rl_import_options {
	enum rl_import_kind kind;
	int64_t creditor;
	const char *default_currency; /* used when a file has no currency column */
	char separator;               /* ',' or ';', or 0 to detect */
	char decimal_sep;             /* '.' (default when 0) or ',' */
	const char *date_pattern;     /* NULL: ISO or DD/MM/YYYY */
	const struct rl_column_map *map;
	size_t nmap;
	const char *rejects_path; /* skip bad rows and write them here, or NULL */
	void (*report)(void *ctx, enum rl_import_event ev, const struct rl_err *where);
	void (*progress)(void *ctx, uint64_t bytes_done, uint64_t bytes_total, long rows);
	void *ctx;
};

struct rl_import_result {
	long rows; /* data rows read */
	long inserted;
	long updated;
	long unchanged;
	long rejected; /* bad rows (skipped into the rejects file, or the cause of failure) */
	long credited; /* payments that left part of themselves as customer credit */
};

/* The canonical header line of a kind ("invoice_number,customer_id,..."). */
const char *rl_import_canonical_header(enum rl_import_kind kind);
/* Parses "customers", "invoices", "payments". */
int rl_import_kind_parse(const char *s, enum rl_import_kind *out);

/* Imports the files, in order, in one transaction. Returns 0 when committed.
 * With bad rows and no rejects_path: RL_EINVAL, nothing written, each bad row
 * having been reported. A file that cannot be read, a structural error
 * (unterminated quote, missing column, empty file) or a database error:
 * negative status, nothing written, err says what and where. */
int rl_import_files(rl_store *s, const char *const *paths, size_t npaths,
		    const struct rl_import_options *opt, struct rl_import_result *res,
		    struct rl_err *err);

#endif
