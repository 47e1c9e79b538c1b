/* API tokens: see relance/server/auth.h. */
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "relance/server/auth.h"
#include "relance/store/journal.h"

int rl_auth_init(struct rl_err *err)
{
	if (sodium_init() < 0)
		return rl_err_set(err, RL_EIO, "cannot initialise libsodium");
	return 0;
}

bool rl_auth_name_valid(const char *name)
{
	size_t n = strlen(name);

	if (n == 0 || n > RL_TOKEN_NAME_MAX)
		return false;
	for (const char *p = name; *p; p++) {
		char c = *p;

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '.' || c == '_' || c == '-' || c == '@'))
			return false;
	}
	return true;
}

void rl_auth_token_hash(const char *text, size_t len, char hash_hex[RL_TOKEN_HASH_HEX + 1])
{
	unsigned char h[RL_TOKEN_HASH_HEX / 2];

	crypto_generichash(h, sizeof(h), (const unsigned char *)text, len, NULL, 0);
	sodium_bin2hex(hash_hex, RL_TOKEN_HASH_HEX + 1, h, sizeof(h));
}

int rl_auth_parse_bearer(const char *header, const char **token, size_t *len)
{
	const char *p, *end;

	if (!header || strncasecmp(header, "Bearer ", 7) != 0)
		return RL_EINVAL;
	p = header + 7;
	while (*p == ' ' || *p == '\t')
		p++;
	end = p + strlen(p);
	while (end > p && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	if (end == p)
		return RL_EINVAL;
	for (const char *q = p; q < end; q++)
		if (*q == ' ' || *q == '\t')
			return RL_EINVAL; /* one token, no parameters */
	*token = p;
	*len = (size_t)(end - p);
	return 0;
}

int rl_auth_check(rl_store *s, int64_t creditor, const char *header, struct rl_auth_identity *who,
		  struct rl_err *err)
{
	char hash[RL_TOKEN_HASH_HEX + 1];
	struct rl_token_found found;
	const char *token;
	size_t len;
	int rc;

	if (!header)
		return rl_err_set(err, RL_ENOTFOUND,
				  "this needs a token: Authorization: Bearer TOKEN");
	if (rl_auth_parse_bearer(header, &token, &len) || len >= RL_TOKEN_TEXT_MAX)
		return rl_err_set(err, RL_ENOTFOUND,
				  "the Authorization header is not 'Bearer TOKEN'");
	rl_auth_token_hash(token, len, hash);
	rc = rl_token_find(s, creditor, hash, &found, err);
	if (rc == RL_ENOTFOUND)
		return rl_err_set(err, RL_ENOTFOUND, "the token is not valid or was revoked");
	if (rc)
		return rc;
	/* The lookup matched by hash; the constant-time comparison is what
	 * decides, so that no code path compares secrets byte by byte. */
	if (strlen(found.hash_hex) != RL_TOKEN_HASH_HEX ||
	    sodium_memcmp(found.hash_hex, hash, RL_TOKEN_HASH_HEX) != 0)
		return rl_err_set(err, RL_ENOTFOUND, "the token is not valid or was revoked");
	snprintf(who->name, sizeof(who->name), "%s", found.name);
	who->role = found.role;
	snprintf(who->actor, sizeof(who->actor), "api:%s", found.name);
	return 0;
}

bool rl_auth_allows(enum rl_token_role role, const char *method)
{
	if (strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0)
		return true;
	return role == RL_ROLE_COLLECTOR || role == RL_ROLE_ADMIN;
}

/* Writes a new token's text: the prefix, then 32 random bytes base64url. */
static void make_token(char text[RL_TOKEN_TEXT_MAX])
{
	unsigned char raw[RL_TOKEN_RANDOM_BYTES];
	size_t prefix = strlen(RL_TOKEN_PREFIX);

	randombytes_buf(raw, sizeof(raw));
	memcpy(text, RL_TOKEN_PREFIX, prefix);
	sodium_bin2base64(text + prefix, RL_TOKEN_TEXT_MAX - prefix, raw, sizeof(raw),
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
}

/* Journals a token's creation or revocation in the open transaction. */
static int journal_token(rl_store *s, int64_t creditor, const char *creditor_code,
			 const char *action, const char *name, const char *role, const char *actor,
			 const char *at, struct rl_err *err)
{
	struct rl_journal_writer jw;
	struct rl_journal_entry e = { 0 };
	json_t *o;
	char *payload;
	int rc;

	o = role ? json_pack("{s:s, s:s, s:s}", "action", action, "name", name, "role", role)
		 : json_pack("{s:s, s:s}", "action", action, "name", name);
	payload = o ? json_dumps(o, JSON_SORT_KEYS | JSON_COMPACT) : NULL;
	json_decref(o);
	if (!payload)
		return rl_err_set(err, RL_ENOMEM, "out of memory");
	if ((rc = rl_journal_open(&jw, s, creditor, creditor_code, err))) {
		free(payload);
		return rc;
	}
	e.at = at;
	e.actor = actor;
	e.kind = "token";
	e.payload = payload;
	rc = rl_journal_add(&jw, &e, err);
	free(payload);
	if (rc) {
		rl_journal_abandon(&jw);
		return rc;
	}
	return rl_journal_close(&jw, err);
}

int rl_auth_token_create(rl_store *s, int64_t creditor, const char *creditor_code, const char *name,
			 enum rl_token_role role, const char *actor, const char *at,
			 char text[RL_TOKEN_TEXT_MAX], struct rl_err *err)
{
	char hash[RL_TOKEN_HASH_HEX + 1];
	int rc;

	if (!rl_auth_name_valid(name))
		return rl_err_set(err, RL_EUSAGE,
				  "'%s' is not a token name: 1 to %d letters, digits, '.', '_', "
				  "'-' or '@'",
				  name, RL_TOKEN_NAME_MAX);
	if ((rc = rl_auth_init(err)))
		return rc;
	make_token(text);
	rl_auth_token_hash(text, strlen(text), hash);
	if ((rc = rl_store_begin(s, err)))
		goto fail;
	if ((rc = rl_token_insert(s, creditor, name, role, hash, at, err)) ||
	    (rc = journal_token(s, creditor, creditor_code, "create", name, rl_token_role_str(role),
				actor, at, err)) ||
	    (rc = rl_store_commit(s, err))) {
		rl_store_rollback(s);
		goto fail;
	}
	return 0;
fail:
	sodium_memzero(text, RL_TOKEN_TEXT_MAX);
	return rc;
}

int rl_auth_token_revoke(rl_store *s, int64_t creditor, const char *creditor_code, const char *name,
			 const char *actor, const char *at, struct rl_err *err)
{
	int rc;

	if ((rc = rl_store_begin(s, err)))
		return rc;
	if ((rc = rl_token_revoke(s, creditor, name, at, err)) ||
	    (rc = journal_token(s, creditor, creditor_code, "revoke", name, NULL, actor, at,
				err)) ||
	    (rc = rl_store_commit(s, err)))
		rl_store_rollback(s);
	return rc;
}
