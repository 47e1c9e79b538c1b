/* Unit tests of relance/core/buf.h, the capped growable buffer: the cap is
 * never passed, a refused append changes nothing, the contents always end in
 * a NUL, and detach hands the bytes over. Rules are tables of cases, one row
 * each; a failing row is printed with its index. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "relance/core/buf.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* Checks the invariants every buffer keeps whatever was done to it. */
static void check_invariants(const struct rl_buf *b, size_t row)
{
	if (b->len > b->max)
		fail_msg("row %zu: len %zu passed the cap %zu", row, b->len, b->max);
	if (b->ptr == NULL) {
		if (b->len != 0)
			fail_msg("row %zu: no storage but len %zu", row, b->len);
		return;
	}
	if (b->cap < b->len + 1 || b->cap > b->max + 1)
		fail_msg("row %zu: cap %zu for len %zu, max %zu", row, b->cap, b->len, b->max);
	if (b->ptr[b->len] != '\0')
		fail_msg("row %zu: no NUL after the contents", row);
}

static void add_respects_the_cap(void **state)
{
	static const struct {
		size_t max;
		const char *first, *second;
		int rc1, rc2;
		const char *want;
	} cases[] = {
		{ 10, "hello", "world", 0, 0, "helloworld" },
		{ 10, "hello", "world!", 0, RL_ENOMEM, "hello" },
		{ 10, "hello world", "", RL_ENOMEM, 0, "" },
		{ 5, "", "hello", 0, 0, "hello" },
		{ 0, "", "", 0, 0, "" },
		{ 0, "x", "", RL_ENOMEM, 0, "" },
		{ 1, "a", "b", 0, RL_ENOMEM, "a" },
		{ 200, "0123456789012345678901234567890123456789012345678901234567890123",
		  "0123456789012345678901234567890123456789012345678901234567890123", 0, 0,
		  "01234567890123456789012345678901234567890123456789012345678901230123456789012345"
		  "678901234567890123456789012345678901234567890123" },
		{ 100, "0123456789012345678901234567890123456789012345678901234567890123",
		  "0123456789012345678901234567890123456789", 0, RL_ENOMEM,
		  "0123456789012345678901234567890123456789012345678901234567890123" },
	};

	(void)state;
	for (size_t i = 0; i < N(cases); i++) {
		struct rl_buf b;
		int rc1, rc2;

		rl_buf_init(&b, cases[i].max);
		rc1 = rl_buf_add(&b, cases[i].first, strlen(cases[i].first));
		check_invariants(&b, i);
		rc2 = rl_buf_addstr(&b, cases[i].second);
		check_invariants(&b, i);
		if (rc1 != cases[i].rc1 || rc2 != cases[i].rc2)
			fail_msg("row %zu: rc %d, %d; expected %d, %d", i, rc1, rc2, cases[i].rc1,
				 cases[i].rc2);
		if (b.len != strlen(cases[i].want) ||
		    (b.len && memcmp(b.ptr, cases[i].want, b.len) != 0))
			fail_msg("row %zu: contents '%.*s'", i, (int)b.len, b.ptr ? b.ptr : "");
		rl_buf_release(&b);
	}
}

static void addch_stops_exactly_at_the_cap(void **state)
{
	static const size_t maxes[] = { 0, 1, 63, 64, 65, 127, 128, 1000 };

	(void)state;
	for (size_t i = 0; i < N(maxes); i++) {
		struct rl_buf b;
		size_t n = 0;

		rl_buf_init(&b, maxes[i]);
		while (rl_buf_addch(&b, (char)('a' + n % 26)) == 0)
			n++;
		check_invariants(&b, i);
		if (n != maxes[i] || b.len != maxes[i])
			fail_msg("row %zu: %zu bytes went in, cap %zu", i, n, maxes[i]);
		for (size_t k = 0; k < b.len; k++)
			if (b.ptr[k] != (char)('a' + k % 26))
				fail_msg("row %zu: byte %zu is wrong", i, k);
		rl_buf_release(&b);
	}
}

static void addf_formats_and_respects_the_cap(void **state)
{
	static const struct {
		size_t max;
		const char *prefix;
		int n;
		const char *s;
		int rc;
		const char *want;
	} cases[] = {
		{ 100, "", 42, "x", 0, "42:x" },
		{ 100, "a=", -7, "", 0, "a=-7:" },
		{ 6, "ab", 12, "", 0, "ab12:" },
		{ 6, "ab", 123, "", 0, "ab123:" },
		{ 6, "ab", 1234, "", RL_ENOMEM, "ab" },
		{ 4, "", 1234, "", RL_ENOMEM, "" },
		{ 300, "", 0,
		  "a long string that makes the buffer grow past its first 64 bytes ....", 0,
		  "0:a long string that makes the buffer grow past its first 64 bytes ...." },
	};

	(void)state;
	for (size_t i = 0; i < N(cases); i++) {
		struct rl_buf b;
		int rc;

		rl_buf_init(&b, cases[i].max);
		if (rl_buf_addstr(&b, cases[i].prefix) != 0)
			fail_msg("row %zu: prefix refused", i);
		rc = rl_buf_addf(&b, "%d:%s", cases[i].n, cases[i].s);
		check_invariants(&b, i);
		if (rc != cases[i].rc)
			fail_msg("row %zu: rc %d, expected %d", i, rc, cases[i].rc);
		if (strcmp(b.ptr ? b.ptr : "", cases[i].want) != 0)
			fail_msg("row %zu: '%s', expected '%s'", i, b.ptr ? b.ptr : "",
				 cases[i].want);
		rl_buf_release(&b);
	}
}

static void contents_keep_a_nul_and_may_hold_nuls(void **state)
{
	struct rl_buf b;

	(void)state;
	rl_buf_init(&b, 16);
	assert_int_equal(rl_buf_add(&b, "a\0b", 3), 0);
	assert_int_equal(b.len, 3);
	assert_memory_equal(b.ptr, "a\0b\0", 4);
	assert_int_equal(rl_buf_add(&b, NULL, 0), 0);
	assert_int_equal(b.len, 3);
	assert_int_equal(b.ptr[3], '\0');
	rl_buf_release(&b);
}

static void reset_empties_but_keeps_the_allocation(void **state)
{
	struct rl_buf b;
	char *before;

	(void)state;
	rl_buf_init(&b, 100);
	rl_buf_reset(&b); /* allowed before any append */
	assert_null(b.ptr);
	assert_int_equal(rl_buf_addstr(&b, "hello"), 0);
	before = b.ptr;
	rl_buf_reset(&b);
	assert_ptr_equal(b.ptr, before);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.ptr, "");
	assert_int_equal(rl_buf_addstr(&b, "hi"), 0);
	assert_string_equal(b.ptr, "hi");
	rl_buf_release(&b);
	assert_null(b.ptr);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.max, 100);
	/* Released buffers are reusable with the same cap. */
	assert_int_equal(rl_buf_addstr(&b, "again"), 0);
	assert_string_equal(b.ptr, "again");
	rl_buf_release(&b);
	rl_buf_release(&b); /* twice is harmless */
}

static void detach_hands_over_the_contents(void **state)
{
	static const struct {
		const char *contents; /* NULL: nothing appended at all */
	} cases[] = { { NULL }, { "" }, { "x" }, { "hello, world" } };

	(void)state;
	for (size_t i = 0; i < N(cases); i++) {
		struct rl_buf b;
		size_t len = 999;
		char *p;

		rl_buf_init(&b, 64);
		if (cases[i].contents && rl_buf_addstr(&b, cases[i].contents) != 0)
			fail_msg("row %zu: append refused", i);
		p = rl_buf_detach(&b, &len);
		if (!p)
			fail_msg("row %zu: detach gave NULL", i);
		if (strcmp(p, cases[i].contents ? cases[i].contents : "") != 0 || len != strlen(p))
			fail_msg("row %zu: detached '%s' (%zu)", i, p, len);
		if (b.ptr != NULL || b.len != 0 || b.cap != 0 || b.max != 64)
			fail_msg("row %zu: buffer not left empty", i);
		free(p);
		/* The emptied buffer works again. */
		assert_int_equal(rl_buf_addstr(&b, "next"), 0);
		assert_string_equal(b.ptr, "next");
		rl_buf_release(&b);
	}
	/* len may be NULL. */
	{
		struct rl_buf b;
		char *p;

		rl_buf_init(&b, 8);
		assert_int_equal(rl_buf_addstr(&b, "abc"), 0);
		p = rl_buf_detach(&b, NULL);
		assert_string_equal(p, "abc");
		free(p);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(add_respects_the_cap),
		cmocka_unit_test(addch_stops_exactly_at_the_cap),
		cmocka_unit_test(addf_formats_and_respects_the_cap),
		cmocka_unit_test(contents_keep_a_nul_and_may_hold_nuls),
		cmocka_unit_test(reset_empties_but_keeps_the_allocation),
		cmocka_unit_test(detach_hands_over_the_contents),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
