/* The evidence journal's chain (DESIGN.md §3): each entry carries
 * hash = SHA-256(previous hash || canonical entry), so that changing,
 * removing, inserting or reordering any entry breaks every later hash.
 *
 * The canonical entry is a compact JSON object with the keys in this order:
 *   {"actor":S,"at":S,"creditor":S,"customer":S,"invoice":S,"kind":S,
 *    "payload":P,"seq":N}
 * where S are JSON strings (only '"', '\\' and control characters escaped,
 * the latter as \u00XX), P is the payload's own canonical JSON text (keys
 * sorted, no blanks) and N the entry's number. The first entry's previous
 * hash is 32 zero bytes. A third party can re-verify an export with these
 * rules alone. Pure: no I/O; the caller owns every buffer. */
#ifndef RELANCE_CORE_JOURNAL_H
#define RELANCE_CORE_JOURNAL_H

#include <stddef.h>
#include <stdint.h>

#include "relance/core/buf.h"
#include "relance/core/status.h"

#define RL_HASH_LEN 32
#define RL_HASH_HEX_LEN 64

struct rl_journal_entry {
	int64_t seq;          /* 1, 2, ... per creditor */
	const char *at;       /* UTC time, "2026-11-24T08:00:00.000Z" */
	const char *actor;    /* "run", "cli:alice", "import" */
	const char *creditor; /* the creditor's code */
	const char *customer; /* customer code or "" */
	const char *invoice;  /* invoice number or "" */
	const char *kind;     /* "step", "dispute", "promise", ... */
	const char *payload;  /* canonical JSON object text, "{}" if none */
};

/* Appends the entry's canonical form to out. RL_ENOMEM past the buffer's cap. */
int rl_journal_canonical(const struct rl_journal_entry *e, struct rl_buf *out);

/* out = SHA-256(prev || canonical[0..len)). */
void rl_journal_link(const uint8_t prev[RL_HASH_LEN], const void *canonical, size_t len,
		     uint8_t out[RL_HASH_LEN]);

void rl_hash_to_hex(const uint8_t h[RL_HASH_LEN], char hex[RL_HASH_HEX_LEN + 1]);
/* RL_EINVAL unless hex is exactly 64 hexadecimal digits. */
int rl_hash_from_hex(const char *hex, uint8_t h[RL_HASH_LEN]);

#endif
