/* Appending to and reading the evidence journal (core/journal.h defines the
 * chain). Entries are only ever inserted: the database itself refuses to
 * update or delete them (triggers in migration 0002).
 *
 * A writer holds the end of one creditor's chain for the length of the
 * caller's transaction: opening it locks the creditor's head row, so two
 * processes appending at once extend one chain one after the other. */
#ifndef RELANCE_STORE_JOURNAL_H
#define RELANCE_STORE_JOURNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "relance/core/buf.h"
#include "relance/core/journal.h"
#include "relance/store/store.h"

struct rl_journal_writer {
	rl_store *store;
	int64_t creditor;
	char creditor_code[128];
	int64_t seq;               /* last entry written */
	uint8_t hash[RL_HASH_LEN]; /* its hash */
	struct rl_buf canonical;
	bool dirty; /* entries added since open */
};

/* Inside a transaction: locks the creditor's chain and reads its end. */
int rl_journal_open(struct rl_journal_writer *w, rl_store *s, int64_t creditor,
		    const char *creditor_code, struct rl_err *err);
/* Appends one entry (e->seq and e->creditor are filled in). */
int rl_journal_add(struct rl_journal_writer *w, struct rl_journal_entry *e, struct rl_err *err);
/* Appends n entries in order, as n calls of rl_journal_add would (same
 * seqs, same hashes), in a few statements: on PostgreSQL by COPY. On
 * failure the caller must roll back: some of the entries may be stored. */
int rl_journal_add_many(struct rl_journal_writer *w, struct rl_journal_entry *e, size_t n,
			struct rl_err *err);
/* Writes the chain's new end; call before committing. Releases buffers. */
int rl_journal_close(struct rl_journal_writer *w, struct rl_err *err);
/* Releases buffers without writing (the transaction will roll back). */
void rl_journal_abandon(struct rl_journal_writer *w);

/* One stored entry, as read back (strings borrowed for the callback). */
struct rl_journal_row {
	struct rl_journal_entry e;
	const char *hash; /* hex */
};

struct rl_journal_filter {
	const char *from;     /* entries at or after this UTC time (prefix compare), or NULL */
	const char *to;       /* entries before this UTC time, or NULL */
	const char *customer; /* only this customer's, or NULL */
	const char *invoice;  /* only this invoice's, or NULL */
};

typedef int (*rl_journal_fn)(void *ctx, const struct rl_journal_row *row);
/* Calls fn for the creditor's entries in seq order. */
int rl_journal_each(rl_store *s, int64_t creditor, const char *creditor_code,
		    const struct rl_journal_filter *f, rl_journal_fn fn, void *ctx,
		    struct rl_err *err);
/* The chain's recorded end (seq 0 and a zero hash when empty). */
int rl_journal_head(rl_store *s, int64_t creditor, int64_t *seq, char hash[RL_HASH_HEX_LEN + 1],
		    struct rl_err *err);

#endif
