/* Unit tests of the journal's store side (store/journal.c) on SQLite files:
 * appending entries in batches (rl_journal_add_many, as the dunning run
 * does) builds the very chain that appending them one by one does. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "relance/store/journal.h"
#include "relance/store/store.h"

/* More than one batch of rl_journal_add_many (8192 entries). */
#define ENTRIES 9000

struct ledger {
	char path[64];
	rl_store *s;
	int64_t creditor;
};

static void ledger_open(struct ledger *l)
{
	struct rl_creditor c = { 0 };
	struct rl_err err;
	int fd;

	rl_err_clear(&err);
	snprintf(l->path, sizeof(l->path), "/tmp/relance-unit-journal.XXXXXX");
	fd = mkstemp(l->path);
	assert_true(fd >= 0);
	close(fd);
	unlink(l->path);
	c.code = "default";
	c.name = "Test SARL";
	c.jurisdiction = "FR";
	c.language = "fr";
	c.currency = "EUR";
	assert_int_equal(rl_store_open(&l->s, l->path, RL_STORE_CREATE, &err), 0);
	assert_int_equal(rl_store_begin(l->s, &err), 0);
	assert_int_equal(rl_store_creditor_add(l->s, &c, &l->creditor, &err), 0);
	assert_int_equal(rl_store_commit(l->s, &err), 0);
}

static void ledger_close(struct ledger *l)
{
	char side[80];

	rl_store_close(l->s);
	unlink(l->path);
	snprintf(side, sizeof(side), "%s-wal", l->path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", l->path);
	unlink(side);
}

/* Entry i of the test: every field varies with i. */
static void entry(struct rl_journal_entry *e, size_t i, char *payload, size_t cap, char *inv,
		  size_t invcap)
{
	snprintf(payload, cap, "{\"i\":%zu}", i);
	snprintf(inv, invcap, "F%zu", i);
	memset(e, 0, sizeof(*e));
	e->at = "2026-11-24T08:00:00.000Z";
	e->actor = i % 2 ? "run" : "cli:alice";
	e->customer = i % 3 ? "C1" : "";
	e->invoice = inv;
	e->kind = "step";
	e->payload = payload;
}

/* Writes ENTRIES entries to l: one by one, or in batches of `batch`. */
static void write_entries(struct ledger *l, size_t batch)
{
	struct rl_journal_entry *e = calloc(ENTRIES, sizeof(*e));
	char(*payload)[32] = calloc(ENTRIES, sizeof(*payload));
	char(*inv)[32] = calloc(ENTRIES, sizeof(*inv));
	struct rl_journal_writer w;
	struct rl_err err;

	rl_err_clear(&err);
	assert_non_null(e);
	assert_non_null(payload);
	assert_non_null(inv);
	for (size_t i = 0; i < ENTRIES; i++)
		entry(&e[i], i, payload[i], sizeof(payload[i]), inv[i], sizeof(inv[i]));
	assert_int_equal(rl_store_begin(l->s, &err), 0);
	assert_int_equal(rl_journal_open(&w, l->s, l->creditor, "default", &err), 0);
	for (size_t i = 0; i < ENTRIES; i += batch) {
		size_t n = ENTRIES - i < batch ? ENTRIES - i : batch;

		if (batch == 1)
			assert_int_equal(rl_journal_add(&w, &e[i], &err), 0);
		else
			assert_int_equal(rl_journal_add_many(&w, &e[i], n, &err), 0);
	}
	assert_int_equal(rl_journal_close(&w, &err), 0);
	assert_int_equal(rl_store_commit(l->s, &err), 0);
	free(e);
	free(payload);
	free(inv);
}

struct collect {
	char (*hash)[RL_HASH_HEX_LEN + 1];
	size_t n;
};

static int collect_hash(void *ctx, const struct rl_journal_row *row)
{
	struct collect *c = ctx;

	assert_true(c->n < ENTRIES);
	assert_int_equal(row->e.seq, (int64_t)c->n + 1);
	snprintf(c->hash[c->n++], RL_HASH_HEX_LEN + 1, "%s", row->hash);
	return 0;
}

static void batches_build_the_same_chain_as_single_adds(void **state)
{
	static const size_t batches[] = { 7, 9000 };
	struct ledger one, many;
	struct collect a = { calloc(ENTRIES, sizeof(*a.hash)), 0 };
	struct rl_err err;

	(void)state;
	rl_err_clear(&err);
	ledger_open(&one);
	write_entries(&one, 1);
	assert_int_equal(
		rl_journal_each(one.s, one.creditor, "default", NULL, collect_hash, &a, &err), 0);
	assert_int_equal(a.n, ENTRIES);
	for (size_t k = 0; k < sizeof(batches) / sizeof(batches[0]); k++) {
		struct collect b = { calloc(ENTRIES, sizeof(*b.hash)), 0 };
		char head_a[RL_HASH_HEX_LEN + 1], head_b[RL_HASH_HEX_LEN + 1];
		int64_t seq_a, seq_b;

		ledger_open(&many);
		write_entries(&many, batches[k]);
		assert_int_equal(rl_journal_each(many.s, many.creditor, "default", NULL,
						 collect_hash, &b, &err),
				 0);
		assert_int_equal(b.n, ENTRIES);
		for (size_t i = 0; i < ENTRIES; i++)
			assert_string_equal(b.hash[i], a.hash[i]);
		assert_int_equal(rl_journal_head(one.s, one.creditor, &seq_a, head_a, &err), 0);
		assert_int_equal(rl_journal_head(many.s, many.creditor, &seq_b, head_b, &err), 0);
		assert_int_equal(seq_a, ENTRIES);
		assert_int_equal(seq_b, ENTRIES);
		assert_string_equal(head_a, head_b);
		ledger_close(&many);
		free(b.hash);
	}
	ledger_close(&one);
	free(a.hash);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(batches_build_the_same_chain_as_single_adds),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
