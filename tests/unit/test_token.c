/* Unit tests of API tokens (server/auth.c, store/token.c): the hash is
 * BLAKE2b-256, the Authorization header is parsed strictly, a token made
 * is found by its text and by nothing else, revoked tokens and viewers'
 * writes are refused. The store parts run on a SQLite file in /tmp. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "relance/server/auth.h"
#include "relance/store/token.h"

static void hash_is_blake2b_256_hex(void **state)
{
	char hex[RL_TOKEN_HASH_HEX + 1];

	(void)state;
	assert_int_equal(rl_auth_init(NULL), 0);
	rl_auth_token_hash("abc", 3, hex);
	assert_string_equal(hex,
			    "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
}

static void bearer_header_parsed_strictly(void **state)
{
	static const struct {
		const char *header;
		int rc;
		const char *token;
	} cases[] = {
		{ "Bearer rl_abc", 0, "rl_abc" },
		{ "bearer rl_abc", 0, "rl_abc" },
		{ "BEARER   rl_abc  ", 0, "rl_abc" },
		{ "Bearer\trl_abc", RL_EINVAL, NULL },
		{ "Bearer ", RL_EINVAL, NULL },
		{ "Bearer    ", RL_EINVAL, NULL },
		{ "Bearer a b", RL_EINVAL, NULL },
		{ "Basic rl_abc", RL_EINVAL, NULL },
		{ "Bearerrl_abc", RL_EINVAL, NULL },
		{ "", RL_EINVAL, NULL },
		{ NULL, RL_EINVAL, NULL },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *tok = NULL;
		size_t len = 0;
		int rc = rl_auth_parse_bearer(cases[i].header, &tok, &len);

		assert_int_equal(rc, cases[i].rc);
		if (rc == 0) {
			assert_int_equal(len, strlen(cases[i].token));
			assert_memory_equal(tok, cases[i].token, len);
		}
	}
}

static void names_and_roles(void **state)
{
	enum rl_token_role r;

	(void)state;
	assert_true(rl_auth_name_valid("alice"));
	assert_true(rl_auth_name_valid("ci-bot_2@example.org"));
	assert_false(rl_auth_name_valid(""));
	assert_false(rl_auth_name_valid("a b"));
	assert_false(rl_auth_name_valid("a:b"));
	assert_false(rl_auth_name_valid("é"));
	assert_false(rl_auth_name_valid(
		"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"));
	assert_int_equal(rl_token_role_parse("viewer", &r), 0);
	assert_int_equal(r, RL_ROLE_VIEWER);
	assert_int_equal(rl_token_role_parse("admin", &r), 0);
	assert_string_equal(rl_token_role_str(r), "admin");
	assert_int_equal(rl_token_role_parse("root", &r), RL_EINVAL);
}

static void viewer_only_reads(void **state)
{
	(void)state;
	assert_true(rl_auth_allows(RL_ROLE_VIEWER, "GET"));
	assert_true(rl_auth_allows(RL_ROLE_VIEWER, "HEAD"));
	assert_false(rl_auth_allows(RL_ROLE_VIEWER, "POST"));
	assert_false(rl_auth_allows(RL_ROLE_VIEWER, "DELETE"));
	assert_true(rl_auth_allows(RL_ROLE_COLLECTOR, "POST"));
	assert_true(rl_auth_allows(RL_ROLE_ADMIN, "POST"));
}

struct ledger {
	char path[64];
	rl_store *s;
	int64_t creditor;
};

static int ledger_open(void **state)
{
	struct ledger *l = calloc(1, sizeof(*l));
	struct rl_creditor cr = { 0, "default", "Test SARL", "FR", "fr", "EUR" };
	int fd;

	snprintf(l->path, sizeof(l->path), "/tmp/relance-test-token.XXXXXX");
	fd = mkstemp(l->path);
	assert_true(fd >= 0);
	close(fd);
	unlink(l->path);
	assert_int_equal(rl_store_open(&l->s, l->path, RL_STORE_CREATE, NULL), 0);
	assert_int_equal(rl_store_begin(l->s, NULL), 0);
	assert_int_equal(rl_store_creditor_add(l->s, &cr, &l->creditor, NULL), 0);
	assert_int_equal(rl_store_commit(l->s, NULL), 0);
	*state = l;
	return 0;
}

static int ledger_close(void **state)
{
	struct ledger *l = *state;

	rl_store_close(l->s);
	rl_store_drop_ledger(l->path, NULL);
	free(l);
	return 0;
}

static int check(struct ledger *l, const char *header, struct rl_auth_identity *who)
{
	return rl_auth_check(l->s, l->creditor, header, who, NULL);
}

static void token_found_by_its_text_only(void **state)
{
	struct ledger *l = *state;
	char text[RL_TOKEN_TEXT_MAX], other[RL_TOKEN_TEXT_MAX], header[128];
	struct rl_auth_identity who;
	const char *at = "2026-11-24T08:00:00.000Z";

	assert_int_equal(rl_auth_token_create(l->s, l->creditor, "default", "alice", RL_ROLE_VIEWER,
					      "cli:test", at, text, NULL),
			 0);
	/* "rl_" and 32 bytes in unpadded base64url: 43 characters */
	assert_int_equal(strlen(text), 3 + 43);
	assert_memory_equal(text, "rl_", 3);
	assert_int_equal(strspn(text + 3, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
					  "0123456789-_"),
			 43);
	snprintf(header, sizeof(header), "Bearer %s", text);
	assert_int_equal(check(l, header, &who), 0);
	assert_string_equal(who.name, "alice");
	assert_string_equal(who.actor, "api:alice");
	assert_int_equal(who.role, RL_ROLE_VIEWER);

	/* one character changed, cut, or no header: no one */
	header[strlen(header) - 1] ^= 1;
	assert_int_equal(check(l, header, &who), RL_ENOTFOUND);
	header[strlen(header) - 2] = '\0';
	assert_int_equal(check(l, header, &who), RL_ENOTFOUND);
	assert_int_equal(check(l, NULL, &who), RL_ENOTFOUND);

	/* a name in force is unique; two tokens never share their text */
	assert_int_equal(rl_auth_token_create(l->s, l->creditor, "default", "alice", RL_ROLE_ADMIN,
					      "cli:test", at, other, NULL),
			 RL_ECONFLICT);
	assert_int_equal(rl_auth_token_create(l->s, l->creditor, "default", "bob", RL_ROLE_ADMIN,
					      "cli:test", at, other, NULL),
			 0);
	assert_string_not_equal(text, other);
	assert_int_equal(rl_auth_token_create(l->s, l->creditor, "default", "no way", RL_ROLE_ADMIN,
					      "cli:test", at, other, NULL),
			 RL_EUSAGE);
}

static void revoked_token_refused_and_name_reusable(void **state)
{
	struct ledger *l = *state;
	char text[RL_TOKEN_TEXT_MAX], again[RL_TOKEN_TEXT_MAX], header[128];
	struct rl_auth_identity who;
	const char *at = "2026-11-24T09:00:00.000Z";

	assert_int_equal(rl_auth_token_create(l->s, l->creditor, "default", "carol",
					      RL_ROLE_COLLECTOR, "cli:test", at, text, NULL),
			 0);
	snprintf(header, sizeof(header), "Bearer %s", text);
	assert_int_equal(check(l, header, &who), 0);
	assert_int_equal(
		rl_auth_token_revoke(l->s, l->creditor, "default", "carol", "cli:test", at, NULL),
		0);
	assert_int_equal(check(l, header, &who), RL_ENOTFOUND);
	assert_int_equal(
		rl_auth_token_revoke(l->s, l->creditor, "default", "carol", "cli:test", at, NULL),
		RL_ENOTFOUND);
	assert_int_equal(rl_auth_token_create(l->s, l->creditor, "default", "carol",
					      RL_ROLE_COLLECTOR, "cli:test", at, again, NULL),
			 0);
	assert_int_equal(check(l, header, &who), RL_ENOTFOUND);
	snprintf(header, sizeof(header), "Bearer %s", again);
	assert_int_equal(check(l, header, &who), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(hash_is_blake2b_256_hex),
		cmocka_unit_test(bearer_header_parsed_strictly),
		cmocka_unit_test(names_and_roles),
		cmocka_unit_test(viewer_only_reads),
		cmocka_unit_test_setup_teardown(token_found_by_its_text_only, ledger_open,
						ledger_close),
		cmocka_unit_test_setup_teardown(revoked_token_refused_and_name_reusable,
						ledger_open, ledger_close),
	};

	return cmocka_run_group_tests_name("token", tests, NULL, NULL);
}
