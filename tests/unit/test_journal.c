/* Unit tests of the evidence journal's chain (core/journal.c): the exact
 * canonical form of an entry, the SHA-256 link against values computed
 * independently, and the hash's hex form. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "relance/core/journal.h"

static const char *canonical(const struct rl_journal_entry *e, struct rl_buf *b)
{
	rl_buf_reset(b);
	assert_int_equal(rl_journal_canonical(e, b), 0);
	assert_int_equal(rl_buf_addch(b, '\0'), 0);
	b->len--;
	return b->ptr;
}

static void canonical_form_is_exact(void **state)
{
	static const struct {
		const char *what;
		struct rl_journal_entry e;
		const char *want;
	} cases[] = {
		{ "plain entry",
		  { 1, "2026-11-24T08:00:00.000Z", "run", "ACME", "C1", "F1", "step",
		    "{\"step\":1}" },
		  "{\"actor\":\"run\",\"at\":\"2026-11-24T08:00:00.000Z\",\"creditor\":\"ACME\","
		  "\"customer\":\"C1\",\"invoice\":\"F1\",\"kind\":\"step\",\"payload\":{\"step\":1},"
		  "\"seq\":1}" },
		{ "empty payload is {}",
		  { 2, "t", "run", "ACME", "", "", "run", "" },
		  "{\"actor\":\"run\",\"at\":\"t\",\"creditor\":\"ACME\",\"customer\":\"\","
		  "\"invoice\":\"\",\"kind\":\"run\",\"payload\":{},\"seq\":2}" },
		{ "NULL payload and strings",
		  { 3, NULL, NULL, NULL, NULL, NULL, NULL, NULL },
		  "{\"actor\":\"\",\"at\":\"\",\"creditor\":\"\",\"customer\":\"\","
		  "\"invoice\":\"\",\"kind\":\"\",\"payload\":{},\"seq\":3}" },
		{ "quote and backslash escaped",
		  { 4, "t", "cli:o\"neil", "A\\B", "\"", "\\", "k", "{}" },
		  "{\"actor\":\"cli:o\\\"neil\",\"at\":\"t\",\"creditor\":\"A\\\\B\","
		  "\"customer\":\"\\\"\",\"invoice\":\"\\\\\",\"kind\":\"k\",\"payload\":{},"
		  "\"seq\":4}" },
		{ "control characters as \\u00XX, lower-case hex",
		  { 5, "t", "a\tb", "\x01", "line\nbreak\r", "\x1f\x1b", "k", "{}" },
		  "{\"actor\":\"a\\u0009b\",\"at\":\"t\",\"creditor\":\"\\u0001\","
		  "\"customer\":\"line\\u000abreak\\u000d\",\"invoice\":\"\\u001f\\u001b\","
		  "\"kind\":\"k\",\"payload\":{},\"seq\":5}" },
		{ "DEL, slash and non-ASCII pass through",
		  { 6, "t", "a/b\x7f", "ACME", "M\xc3\xbcller \xe2\x82\xac", "F\xf0\x9f\x98\x80",
		    "k", "{}" },
		  "{\"actor\":\"a/b\x7f\",\"at\":\"t\",\"creditor\":\"ACME\","
		  "\"customer\":\"M\xc3\xbcller \xe2\x82\xac\",\"invoice\":\"F\xf0\x9f\x98\x80\","
		  "\"kind\":\"k\",\"payload\":{},\"seq\":6}" },
		{ "payload copied as given, not re-escaped",
		  { 7, "t", "run", "ACME", "", "", "k", "{\"a\":\"x\\\"y\\n\",\"b\":[1,2]}" },
		  "{\"actor\":\"run\",\"at\":\"t\",\"creditor\":\"ACME\",\"customer\":\"\","
		  "\"invoice\":\"\",\"kind\":\"k\",\"payload\":{\"a\":\"x\\\"y\\n\",\"b\":[1,2]},"
		  "\"seq\":7}" },
		{ "largest seq",
		  { INT64_MAX, "t", "run", "ACME", "", "", "k", "{}" },
		  "{\"actor\":\"run\",\"at\":\"t\",\"creditor\":\"ACME\",\"customer\":\"\","
		  "\"invoice\":\"\",\"kind\":\"k\",\"payload\":{},\"seq\":9223372036854775807}" },
	};
	struct rl_buf b;

	(void)state;
	rl_buf_init(&b, 1 << 16);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *got = canonical(&cases[i].e, &b);

		if (strcmp(got, cases[i].want) != 0)
			fail_msg("case %zu (%s):\n got  %s\n want %s", i, cases[i].what, got,
				 cases[i].want);
	}
	rl_buf_release(&b);
}

static void canonical_appends_and_respects_the_cap(void **state)
{
	struct rl_journal_entry e = { 1, "t", "run", "ACME", "C1", "F1", "step", "{}" };
	struct rl_buf b;

	(void)state;
	rl_buf_init(&b, 1 << 10);
	assert_int_equal(rl_buf_addstr(&b, ">"), 0);
	assert_int_equal(rl_journal_canonical(&e, &b), 0);
	assert_int_equal(b.ptr[0], '>');
	assert_int_equal(b.ptr[1], '{');
	assert_int_equal(b.ptr[b.len - 1], '}');
	rl_buf_release(&b);

	rl_buf_init(&b, 20);
	assert_int_equal(rl_journal_canonical(&e, &b), RL_ENOMEM);
	rl_buf_release(&b);
}

/* Known answers, computed outside relance with coreutils (any SHA-256 will
 * do; python3's hashlib gives the same):
 *   zero32() { head -c 32 /dev/zero; }
 *   zero32 | sha256sum                                   -> H0
 *   { zero32; printf '%s' "$C1"; } | sha256sum           -> H1
 *   { printf '%s' "$H1" | xxd -r -p; printf '%s' "$C2"; } | sha256sum -> H2
 *   { printf '%s' "$H2" | xxd -r -p; printf '%s' "$C3"; } | sha256sum -> H3
 * with C1, C2, C3 the canonical texts below, typed by hand in single quotes
 * (so C3's \\ and \u0009 are the characters as written). */
#define H0 "66687aadf862bd776c8fc18b8e9f8e20089714856ee233b3902a591d0d5f2925"
#define H1 "29f8abd35897e332f4c64f4c71b3def3558c0745b5610259a9249f72e5b3d098"
#define H2 "420a58c4f1a175709ef62f7521cda516e924691b75b8593f85a933c7c9804a33"
#define H3 "b6063aecd11a2b74cda5f1bf8c7365cdc6a1f5c47f76b3a7ebf1f6bb0d976a2e"

static const char C1[] = "{\"actor\":\"run\",\"at\":\"2026-11-24T08:00:00.000Z\","
			 "\"creditor\":\"ACME\",\"customer\":\"C1\",\"invoice\":\"F1\","
			 "\"kind\":\"step\",\"payload\":{\"step\":1},\"seq\":1}";
static const char C2[] = "{\"actor\":\"cli:alice\",\"at\":\"2026-11-24T08:00:01.000Z\","
			 "\"creditor\":\"ACME\",\"customer\":\"\",\"invoice\":\"\","
			 "\"kind\":\"run\",\"payload\":{},\"seq\":2}";
static const char C3[] = "{\"actor\":\"import\",\"at\":\"2026-11-24T08:00:02.000Z\","
			 "\"creditor\":\"ACME\",\"customer\":\"M\xc3\xbcller \\\"GmbH\\\"\","
			 "\"invoice\":\"F\\\\1\\u0009x\",\"kind\":\"dispute\","
			 "\"payload\":{\"note\":\"\xc3\xa9\"},\"seq\":3}";

static void chain_matches_known_answers(void **state)
{
	static const struct rl_journal_entry entries[] = {
		{ 1, "2026-11-24T08:00:00.000Z", "run", "ACME", "C1", "F1", "step",
		  "{\"step\":1}" },
		{ 2, "2026-11-24T08:00:01.000Z", "cli:alice", "ACME", "", "", "run", NULL },
		{ 3, "2026-11-24T08:00:02.000Z", "import", "ACME", "M\xc3\xbcller \"GmbH\"",
		  "F\\1\tx", "dispute", "{\"note\":\"\xc3\xa9\"}" },
	};
	static const char *const texts[] = { C1, C2, C3 };
	static const char *const hashes[] = { H1, H2, H3 };
	uint8_t prev[RL_HASH_LEN] = { 0 }, h[RL_HASH_LEN];
	char hex[RL_HASH_HEX_LEN + 1];
	struct rl_buf b;

	(void)state;
	rl_journal_link(prev, "", 0, h);
	rl_hash_to_hex(h, hex);
	assert_string_equal(hex, H0);

	rl_buf_init(&b, 1 << 12);
	for (size_t i = 0; i < 3; i++) {
		assert_string_equal(canonical(&entries[i], &b), texts[i]);
		rl_journal_link(prev, b.ptr, b.len, h);
		rl_hash_to_hex(h, hex);
		if (strcmp(hex, hashes[i]) != 0)
			fail_msg("entry %zu: hash %s, want %s", i + 1, hex, hashes[i]);
		memcpy(prev, h, RL_HASH_LEN);
	}
	rl_buf_release(&b);
}

/* Any change to an entry, or to the hash before it, changes its hash. */
static void chain_detects_any_change(void **state)
{
	struct rl_journal_entry base = {
		5, "2026-11-24T08:00:00.000Z", "run", "ACME", "C1", "F1", "step", "{\"step\":1}"
	};
	uint8_t prev[RL_HASH_LEN], h0[RL_HASH_LEN], h[RL_HASH_LEN];
	struct rl_buf b;

	(void)state;
	rl_buf_init(&b, 1 << 12);
	assert_int_equal(rl_hash_from_hex(H1, prev), 0);
	canonical(&base, &b);
	rl_journal_link(prev, b.ptr, b.len, h0);
	for (int field = 0; field < 9; field++) {
		struct rl_journal_entry e = base;
		uint8_t p[RL_HASH_LEN];

		memcpy(p, prev, sizeof(p));
		switch (field) {
		case 0:
			e.seq = 6;
			break;
		case 1:
			e.at = "2026-11-24T08:00:00.001Z";
			break;
		case 2:
			e.actor = "cli:mallory";
			break;
		case 3:
			e.creditor = "ACME2";
			break;
		case 4:
			e.customer = "C2";
			break;
		case 5:
			e.invoice = "F2";
			break;
		case 6:
			e.kind = "promise";
			break;
		case 7:
			e.payload = "{\"step\":2}";
			break;
		case 8:
			p[31] ^= 1;
			break;
		}
		canonical(&e, &b);
		rl_journal_link(p, b.ptr, b.len, h);
		if (memcmp(h, h0, RL_HASH_LEN) == 0)
			fail_msg("change %d left the hash as it was", field);
	}
	rl_buf_release(&b);
}

static void hash_hex_round_trips(void **state)
{
	uint8_t h[RL_HASH_LEN], back[RL_HASH_LEN];
	char hex[RL_HASH_HEX_LEN + 1], upper[RL_HASH_HEX_LEN + 1];

	(void)state;
	for (int i = 0; i < RL_HASH_LEN; i++)
		h[i] = (uint8_t)(i * 37 + 11); /* every nibble value appears */
	h[0] = 0x00;
	h[31] = 0xff;
	rl_hash_to_hex(h, hex);
	assert_int_equal(strlen(hex), RL_HASH_HEX_LEN);
	assert_int_equal(strspn(hex, "0123456789abcdef"), RL_HASH_HEX_LEN);
	assert_memory_equal(hex, "00", 2);
	assert_string_equal(hex + 62, "ff");
	assert_int_equal(rl_hash_from_hex(hex, back), 0);
	assert_memory_equal(back, h, RL_HASH_LEN);

	for (int i = 0; i <= RL_HASH_HEX_LEN; i++)
		upper[i] = (char)(hex[i] >= 'a' && hex[i] <= 'f' ? hex[i] - 'a' + 'A' : hex[i]);
	memset(back, 0, sizeof(back));
	assert_int_equal(rl_hash_from_hex(upper, back), 0);
	assert_memory_equal(back, h, RL_HASH_LEN);

	assert_int_equal(rl_hash_from_hex(H3, back), 0);
	rl_hash_to_hex(back, hex);
	assert_string_equal(hex, H3);
}

static void bad_hex_is_rejected(void **state)
{
	static const char *const bad[] = {
		"",
		"00",
		/* 63 and 65 digits */
		"66687aadf862bd776c8fc18b8e9f8e20089714856ee233b3902a591d0d5f292",
		"66687aadf862bd776c8fc18b8e9f8e20089714856ee233b3902a591d0d5f29250",
		/* a non-digit at the start, the middle, the end */
		"g6687aadf862bd776c8fc18b8e9f8e20089714856ee233b3902a591d0d5f2925",
		"66687aadf862bd776c8fc18b8e9f8e20 89714856ee233b3902a591d0d5f2925",
		"66687aadf862bd776c8fc18b8e9f8e20089714856ee233b3902a591d0d5f292z",
		/* 0x prefix, sign, trailing newline */
		"0x687aadf862bd776c8fc18b8e9f8e20089714856ee233b3902a591d0d5f2925",
		"-6687aadf862bd776c8fc18b8e9f8e20089714856ee233b3902a591d0d5f2925",
		"66687aadf862bd776c8fc18b8e9f8e20089714856ee233b3902a591d0d5f292\n",
		/* a UTF-8 character in place of two digits */
		"66687aadf862bd776c8fc18b8e9f8e20089714856ee233b3902a591d0d5f29\xc3\xa9",
	};
	uint8_t h[RL_HASH_LEN];

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (rl_hash_from_hex(bad[i], h) != RL_EINVAL)
			fail_msg("case %zu: '%s' accepted", i, bad[i]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(canonical_form_is_exact),
		cmocka_unit_test(canonical_appends_and_respects_the_cap),
		cmocka_unit_test(chain_matches_known_answers),
		cmocka_unit_test(chain_detects_any_change),
		cmocka_unit_test(hash_hex_round_trips),
		cmocka_unit_test(bad_hex_is_rejected),
	};

	return cmocka_run_group_tests_name("journal", tests, NULL, NULL);
}
