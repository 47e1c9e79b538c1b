/* Checking the journal's chain: see relance/engine/journal_check.h. */
#include <stdio.h>
#include <string.h>

#include "relance/core/limits.h"
#include "relance/engine/journal_check.h"
#include "relance/store/journal.h"

struct walk {
	struct rl_journal_check *out;
	int64_t expected_seq;
	uint8_t prev[RL_HASH_LEN];
	struct rl_buf canonical;
};

static int fail_at(struct walk *w, int64_t seq)
{
	w->out->bad_seq = seq;
	return 1;
}

static int check_entry(void *ctx, const struct rl_journal_row *r)
{
	struct walk *w = ctx;
	char *problem = w->out->problem;
	size_t cap = sizeof(w->out->problem);
	uint8_t h[RL_HASH_LEN];
	char hex[RL_HASH_HEX_LEN + 1];

	if (r->e.seq != w->expected_seq) {
		snprintf(problem, cap, "entry %lld follows entry %lld: %s", (long long)r->e.seq,
			 (long long)w->expected_seq - 1,
			 r->e.seq > w->expected_seq ? "entries are missing"
						    : "entries are out of order");
		return fail_at(w, w->expected_seq);
	}
	rl_buf_reset(&w->canonical);
	if (rl_journal_canonical(&r->e, &w->canonical)) {
		snprintf(problem, cap, "entry %lld is too large", (long long)r->e.seq);
		return fail_at(w, r->e.seq);
	}
	rl_journal_link(w->prev, w->canonical.ptr, w->canonical.len, h);
	rl_hash_to_hex(h, hex);
	if (strcmp(hex, r->hash) != 0) {
		snprintf(problem, cap,
			 "entry %lld (%s, %s%s%s%s%s) does not match its hash: it, or an entry "
			 "before it, was changed",
			 (long long)r->e.seq, r->e.at, r->e.kind, r->e.customer[0] ? " " : "",
			 r->e.customer, r->e.invoice[0] ? " " : "", r->e.invoice);
		return fail_at(w, r->e.seq);
	}
	memcpy(w->prev, h, RL_HASH_LEN);
	w->expected_seq++;
	w->out->checked++;
	return 0;
}

int rl_journal_check(rl_store *s, int64_t creditor, const char *creditor_code,
		     struct rl_journal_check *out, struct rl_err *err)
{
	struct walk w = { .out = out, .expected_seq = 1 };
	char head_hash[RL_HASH_HEX_LEN + 1];
	int64_t head_seq;
	int rc;

	memset(out, 0, sizeof(*out));
	rl_buf_init(&w.canonical, RL_MAX_RECORD);
	rc = rl_journal_each(s, creditor, creditor_code, NULL, check_entry, &w, err);
	rl_buf_release(&w.canonical);
	if (rc < 0)
		return rc;
	rl_hash_to_hex(w.prev, out->last_hash);
	if (!out->problem[0] && (rc = rl_journal_head(s, creditor, &head_seq, head_hash, err)))
		return rc;
	if (!out->problem[0] &&
	    (head_seq != w.expected_seq - 1 || strcmp(head_hash, out->last_hash) != 0)) {
		snprintf(out->problem, sizeof(out->problem),
			 "the chain ends at entry %lld but its recorded end is entry %lld: the "
			 "last entries were removed or added",
			 (long long)w.expected_seq - 1, (long long)head_seq);
		out->bad_seq = w.expected_seq;
	}
	out->intact = !out->problem[0];
	return 0;
}
