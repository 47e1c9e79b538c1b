/* API tokens (DESIGN.md §7, relance token): how they are made, shown,
 * hashed and checked. A token is 32 random bytes (libsodium's
 * randombytes_buf) written base64url without padding after the prefix
 * "rl_"; it is shown once, when made. The database keeps only its BLAKE2b
 * hash (crypto_generichash, 32 bytes, hex), compared with sodium_memcmp.
 * A request proves who it is with "Authorization: Bearer TOKEN"; what it
 * may then do depends on the token's role (store/token.h).
 *
 * Creating and revoking a token is journaled (kind "token", payload
 * {"action":"create"|"revoke","name":...,"role":...}). */
#ifndef RELANCE_SERVER_AUTH_H
#define RELANCE_SERVER_AUTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "relance/core/status.h"
#include "relance/store/store.h"
#include "relance/store/token.h"

#define RL_TOKEN_PREFIX "rl_"
#define RL_TOKEN_RANDOM_BYTES 32
#define RL_TOKEN_TEXT_MAX 64 /* "rl_" + 43 base64url characters + NUL fit */

/* Who a request is: its token's name and role, and its journal actor. */
struct rl_auth_identity {
	char name[RL_TOKEN_NAME_MAX + 1];
	enum rl_token_role role;
	char actor[RL_TOKEN_NAME_MAX + 8]; /* "api:NAME" */
};

/* Initialises libsodium (idempotent, thread-safe). RL_EIO if it cannot. */
int rl_auth_init(struct rl_err *err);

/* True when name may name a token: 1 to RL_TOKEN_NAME_MAX bytes of
 * letters, digits, '.', '_', '-' and '@' (it goes into "api:NAME"). */
bool rl_auth_name_valid(const char *name);

/* The hex BLAKE2b hash of the token text[0..len). */
void rl_auth_token_hash(const char *text, size_t len, char hash_hex[RL_TOKEN_HASH_HEX + 1]);

/* Finds the token in an Authorization header's value "Bearer TOKEN" (the
 * scheme's case ignored, blanks around the token allowed): *token points
 * into header, *len its length. RL_EINVAL for anything else. */
int rl_auth_parse_bearer(const char *header, const char **token, size_t *len);

/* Checks an Authorization header (NULL if absent) against the creditor's
 * tokens in force and fills *who. RL_ENOTFOUND when the header is missing,
 * malformed or names no token in force (err says which); other statuses
 * when the store failed. */
int rl_auth_check(rl_store *s, int64_t creditor, const char *header, struct rl_auth_identity *who,
		  struct rl_err *err);

/* True when a token of that role may use an HTTP method: a viewer may
 * only read (GET, HEAD). */
bool rl_auth_allows(enum rl_token_role role, const char *method);

/* Makes a new token named name with that role for the creditor, in a
 * transaction of its own with its journal entry (actor, at: UTC time), and
 * writes its text into text (shown once, never stored). RL_ECONFLICT if a
 * token in force has that name, RL_EUSAGE if the name is not valid. */
int rl_auth_token_create(rl_store *s, int64_t creditor, const char *creditor_code, const char *name,
			 enum rl_token_role role, const char *actor, const char *at,
			 char text[RL_TOKEN_TEXT_MAX], struct rl_err *err);

/* Revokes the creditor's token in force named name, journaled likewise.
 * RL_ENOTFOUND if there is none. */
int rl_auth_token_revoke(rl_store *s, int64_t creditor, const char *creditor_code, const char *name,
			 const char *actor, const char *at, struct rl_err *err);

#endif
