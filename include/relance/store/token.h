/* The API tokens of `relance serve` in the database (migration 0006): one
 * row per token, holding its name, role and the hex BLAKE2b hash of the
 * secret, never the secret itself (server/auth.h makes and checks tokens).
 * Portable SQL (relance/store/sql.h) for both backends; writes happen in
 * the caller's transaction and never fail on an existing key, so that a
 * PostgreSQL transaction is never aborted by them. */
#ifndef RELANCE_STORE_TOKEN_H
#define RELANCE_STORE_TOKEN_H

#include <stdbool.h>
#include <stdint.h>

#include "relance/core/status.h"
#include "relance/store/store.h"

#define RL_TOKEN_NAME_MAX 64 /* bytes in a token's name */
#define RL_TOKEN_HASH_HEX 64 /* hex digits of a token's hash (32 bytes) */

enum rl_token_role {
	RL_ROLE_VIEWER,    /* reads only: GET */
	RL_ROLE_COLLECTOR, /* reads and acts: runs the dunning */
	RL_ROLE_ADMIN,     /* everything a collector does, and administration to come */
};

/* "viewer", "collector", "admin"; rl_token_role_parse: RL_EINVAL otherwise. */
const char *rl_token_role_str(enum rl_token_role r);
int rl_token_role_parse(const char *s, enum rl_token_role *out);

/* A token as stored (strings borrowed for the callback). */
struct rl_token_row {
	const char *name;
	enum rl_token_role role;
	const char *created_at;
	const char *revoked_at; /* "" while in force */
};

/* Inserts a token in force (inside a transaction). RL_ECONFLICT, nothing
 * written, when the creditor has a token in force of that name (or, by a
 * chance of 2^-256, of that hash). */
int rl_token_insert(rl_store *s, int64_t creditor, const char *name, enum rl_token_role role,
		    const char *hash_hex, const char *created_at, struct rl_err *err);

/* Marks the creditor's token in force named name revoked at `at` (inside a
 * transaction). RL_ENOTFOUND if there is none. */
int rl_token_revoke(rl_store *s, int64_t creditor, const char *name, const char *at,
		    struct rl_err *err);

/* A token in force found by its hash, copied out. */
struct rl_token_found {
	char name[RL_TOKEN_NAME_MAX + 1];
	enum rl_token_role role;
	char hash_hex[RL_TOKEN_HASH_HEX + 1]; /* as stored, for a constant-time compare */
};

/* Finds the creditor's token in force whose hash is hash_hex.
 * RL_ENOTFOUND if none. */
int rl_token_find(rl_store *s, int64_t creditor, const char *hash_hex, struct rl_token_found *out,
		  struct rl_err *err);

typedef int (*rl_token_fn)(void *ctx, const struct rl_token_row *t);
/* Calls fn for each of the creditor's tokens, revoked ones included, by
 * creation time; fn returning non-zero stops and that is returned. */
int rl_token_each(rl_store *s, int64_t creditor, rl_token_fn fn, void *ctx, struct rl_err *err);

#endif
