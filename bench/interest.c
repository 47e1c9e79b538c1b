/* Interest benchmark: rl_interest_compute() over synthetic invoices, timed
 * with clock_gettime around the core calls only (generation and loading are
 * outside the clock). Each invoice has 0 to 3 partial payments before the one
 * that clears it, a due date in 2023-2025, and one of the six shipped rules
 * in turn (consumer rules get a formal notice; one fr-b2b invoice in ten a
 * contractual rate). Prints invoices/s for the best of a few passes, with and
 * without a segment array, and a checksum so that the work is not optimised
 * away. Figures, not assertions.
 *
 * Usage: interest [INVOICES] [DATA_DIR]   (default 1000000, "data") */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "relance/core/interest.h"
#include "relance/formats/rates.h"

#define PASSES 3
#define MAX_CHANGES 4

struct invoice {
	struct rl_interest_input in;
	struct rl_balance_change ch[MAX_CHANGES];
	int rule;
};

static uint64_t rng = 0x9e3779b97f4a7c15u;

static uint64_t next_rand(void)
{
	/* xorshift64* */
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 0x2545f4914f6cdd1du;
}

static uint64_t below(uint64_t n)
{
	return next_rand() % n;
}

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static const char *const rule_names[] = {
	"fr-b2b", "fr-b2c", "eu-b2b", "de-b2b", "de-b2c", "uk-b2b"
};
#define NRULES 6

int main(int argc, char **argv)
{
	static const char *const files[RL_RATE_SOURCE_COUNT] = {
		"ecb_mro.csv",          "fr_taux_legal.csv",    "fr_taux_legal.csv",
		"de_basiszinssatz.csv", "uk_boe_base_rate.csv",
	};
	long n = argc > 1 ? strtol(argv[1], NULL, 10) : 1000000;
	const char *dir = argc > 2 ? argv[2] : "data";
	struct rl_rate_table tables[RL_RATE_SOURCE_COUNT];
	struct rl_rate_set set = { 0 };
	struct rl_interest_rule rules[NRULES];
	struct rl_err err;
	struct invoice *inv;
	rl_date first, asof;
	long payments = 0;
	char path[512];

	if (n <= 0) {
		fprintf(stderr, "usage: interest [INVOICES] [DATA_DIR]\n");
		return 2;
	}
	for (int s = 0; s < RL_RATE_SOURCE_COUNT; s++) {
		snprintf(path, sizeof(path), "%s/rates/%s", dir, files[s]);
		if (rl_rates_load_file(path, (enum rl_rate_source)s, &tables[s], &err)) {
			fprintf(stderr, "%s:%ld: %s\n", err.file, err.line, err.msg);
			return 1;
		}
		set.table[s] = &tables[s];
	}
	for (int r = 0; r < NRULES; r++) {
		snprintf(path, sizeof(path), "%s/rules/%s.ini", dir, rule_names[r]);
		if (rl_rule_load_file(path, &rules[r], &err)) {
			fprintf(stderr, "%s:%ld: %s\n", err.file, err.line, err.msg);
			return 1;
		}
	}

	inv = calloc((size_t)n, sizeof(*inv));
	if (!inv) {
		fprintf(stderr, "out of memory\n");
		return 1;
	}
	rl_date_from_ymd(2023, 1, 1, &first);
	rl_date_from_ymd(2026, 3, 15, &asof);
	for (long i = 0; i < n; i++) {
		struct invoice *v = &inv[i];
		int64_t bal = 1 + (int64_t)below(5000000); /* up to 50 000.00 */
		rl_date d;
		int k = (int)below(4), c = 0;

		v->rule = (int)(i % NRULES);
		v->in.currency = rl_currency_find(v->rule == 5 ? "GBP" : "EUR", 3);
		v->in.due_date = first + (rl_date)below(3 * 365);
		v->in.amount = bal;
		v->in.asof = asof;
		d = v->in.due_date;
		for (int p = 0; p < k; p++) {
			d += 1 + (rl_date)below(60);
			bal -= bal / (2 + (int64_t)below(3));
			v->ch[c].date = d;
			v->ch[c++].balance = bal;
		}
		v->ch[c].date = d + 1 + (rl_date)below(90);
		v->ch[c++].balance = 0;
		payments += c;
		v->in.changes = v->ch;
		v->in.nchanges = (size_t)c;
		if (v->rule == 1 || v->rule == 4) {
			v->in.has_notice = true;
			v->in.notice_date = v->in.due_date + 15;
		}
		if (v->rule == 0 && i % 10 == 0) {
			v->in.has_contract_rate = true;
			v->in.contract_rate = (int64_t)(2 + below(14)) * RL_RATE_ONE_PERCENT;
		}
	}

	printf("relance interest benchmark: %ld invoices, %ld balance changes, six rules\n", n,
	       payments);
	for (int with_segments = 1; with_segments >= 0; with_segments--) {
		int64_t best = INT64_MAX, checksum = 0;
		long errors = 0, segments = 0;

		for (int pass = 0; pass < PASSES; pass++) {
			struct rl_interest_segment segs[32];
			struct rl_interest_result res;
			int64_t t0, t1, sum = 0;
			long nerr = 0, nseg = 0;

			t0 = now_ns();
			for (long i = 0; i < n; i++) {
				if (rl_interest_compute(&rules[inv[i].rule], &set, &inv[i].in,
							with_segments ? segs : NULL,
							with_segments ? 32 : 0, &res, &err)) {
					nerr++;
					continue;
				}
				sum += res.total;
				nseg += (long)res.nsegments;
			}
			t1 = now_ns();
			if (t1 - t0 < best)
				best = t1 - t0;
			checksum = sum;
			errors = nerr;
			segments = nseg;
		}
		printf("%-16s %8.3f s  %12.0f invoices/s  %.2f segments/invoice  errors %ld  "
		       "checksum %lld\n",
		       with_segments ? "with segments" : "totals only", (double)best / 1e9,
		       (double)n * 1e9 / (double)best, (double)segments / (double)n, errors,
		       (long long)checksum);
	}
	for (int s = 0; s < RL_RATE_SOURCE_COUNT; s++)
		rl_rates_release(&tables[s]);
	free(inv);
	return 0;
}
