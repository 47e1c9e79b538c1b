/* relance rates: the reference-rate tables interest is computed with
 * (engine/interest.h): the tables shipped with relance, with the rows
 * imported by users laid over them. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "relance/core/buf.h"
#include "relance/core/limits.h"
#include "relance/engine/interest.h"
#include "relance/store/rates.h"
#include "commands.h"

const char usage_rates[] =
	"usage: relance rates show [--source ecb|fr-legal|de-base|uk-boe] [--format table|csv|json]\n"
	"       relance rates import FILE\n"
	"\n"
	"The reference rates behind late-payment interest: the ECB main refinancing\n"
	"rate, the French legal rate (categories 'other': the creditor is a business,\n"
	"'private': a private person), the German base rate and the Bank of England\n"
	"rate. relance ships these tables (data/rates) and uses them until you import\n"
	"newer ones; a day after the last one known is an error that names the table\n"
	"to update, never a rate of zero.\n"
	"\n"
	"show lists every period: source, category, from, to, rate (percent a year)\n"
	"and origin ('shipped', or the file it was imported from).\n"
	"\n"
	"import reads a file in the format of the shipped ones (the header tells\n"
	"which table it is: see docs/interest.md), all or nothing: a bad row is an\n"
	"error FILE:LINE: FIELD and nothing is written. An imported row replaces the\n"
	"rate known from the same day (each replacement is said on stderr) and adds\n"
	"one otherwise; the table is then known through the file's last day.\n"
	"Importing the same file again changes nothing. Every import that changes\n"
	"something is recorded in the journal (rates_import). The rates are shared\n"
	"by every creditor of the database.\n"
	"\n"
	"options:\n"
	"  --source S      show one table: ecb, fr-legal, de-base or uk-boe\n"
	"  --format F      table (default), csv or json\n";

/* Collects what an import replaces, said once it is committed. */
static void note_replaced(void *ctx, enum rl_rate_source s, rl_date from, int64_t old, int64_t now)
{
	char day[RL_DATE_ISO_LEN + 1], a[RL_RATE_FMT_MAX], b[RL_RATE_FMT_MAX];

	rl_date_format_iso(from, day);
	rl_rate_format(a, sizeof(a), old);
	rl_rate_format(b, sizeof(b), now);
	rl_buf_addf(ctx, "relance: %s rate from %s replaced: %s %% -> %s %%\n",
		    rl_rate_source_str(s), day, a, b);
}

static int rates_import(struct cli *cli, const char *path)
{
	struct rl_rates_import_result r;
	char actor[80], now[64], first[16], last[16], kt[16];
	struct rl_buf replaced;
	struct rl_err err;
	int rc;

	rl_err_clear(&err);
	rl_buf_init(&replaced, RL_MAX_OUTPUT);
	actor_name(actor);
	cli_now_utc(now);
	rc = rl_rates_import(cli->store, cli->creditor, cli->creditor_code, path, actor, now,
			     note_replaced, &replaced, &r, &err);
	if (!rc && replaced.len)
		fputs(replaced.ptr, stderr);
	rl_buf_release(&replaced);
	if (rc)
		return cli_exit(rc, &err);
	if (!r.changed) {
		printf("nothing new in %s: the %s rates were known already\n", path, r.source);
		return EXIT_OK;
	}
	rl_date_format_iso(r.first, first);
	rl_date_format_iso(r.last, last);
	rl_date_format_iso(r.known_through, kt);
	printf("imported %s: %s, %lld rate%s from %s to %s (%lld new, %lld replaced), "
	       "known through %s\n",
	       path, r.source, (long long)r.rows, r.rows == 1 ? "" : "s", first, last,
	       (long long)r.added, (long long)r.replaced, kt);
	return EXIT_OK;
}

static int rates_show(struct cli *cli, const char *only, enum out_format fmt)
{
	static const struct out_col cols[] = {
		{ "source", OUT_STR }, { "category", OUT_STR }, { "from", OUT_DATE },
		{ "to", OUT_DATE },    { "rate", OUT_STR },     { "origin", OUT_STR },
	};
	struct rl_rate_tables rt;
	struct rl_err err;
	struct out o;
	int rc;

	rl_err_clear(&err);
	if ((rc = rl_rate_tables_load(cli->store, &rt, &err))) {
		rl_rate_tables_release(&rt);
		return cli_exit(rc, &err);
	}
	out_begin(&o, fmt, cli->locale, cols, 6, false, stdout);
	for (int s = 0; s < RL_RATE_SOURCE_COUNT && !rc; s++) {
		const struct rl_rate_table *t = &rt.table[s];
		const char *source, *category;

		rl_rate_store_key((enum rl_rate_source)s, &source, &category);
		if (only && strcmp(only, source) != 0)
			continue;
		for (size_t k = 0; k < t->n && !rc; k++) {
			char rate[RL_RATE_FMT_MAX], shown[RL_RATE_FMT_MAX + 3];
			struct out_val v[6] = {
				{ .s = source },
				{ .s = category },
				{ .d = t->points[k].from },
				{ .d = k + 1 < t->n ? t->points[k + 1].from - 1
						    : t->known_through },
				{ .s = shown },
				{ .s = rt.origin[s][k] },
			};

			rl_rate_format(rate, sizeof(rate), t->points[k].rate);
			snprintf(shown, sizeof(shown), fmt == OUT_TABLE ? "%s %%" : "%s", rate);
			rc = out_row(&o, v);
		}
	}
	if (out_end(&o) && !rc)
		rc = rl_err_set(&err, RL_EIO, "cannot write the output");
	rl_rate_tables_release(&rt);
	return cli_exit(rc, &err);
}

int cmd_rates(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "source", required_argument, NULL, 's' },
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	static const char *const sources[] = { "ecb", "fr-legal", "de-base", "uk-boe" };
	enum out_format fmt = OUT_TABLE;
	const char *verb, *only = NULL;
	bool known = false;
	int c, rc;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			only = optarg;
			break;
		case 'f':
			if ((rc = cli_parse_format("rates", optarg, &fmt)))
				return rc;
			break;
		default:
			return cli_bad_option("rates", argv);
		}
	}
	if (optind >= argc)
		return cli_usage_error("rates", "show or import?");
	verb = argv[optind++];
	for (size_t i = 0; only && i < sizeof(sources) / sizeof(sources[0]); i++)
		known |= strcmp(only, sources[i]) == 0;
	if (only && !known)
		return cli_usage_error("rates",
				       "--source: '%s' is not ecb, fr-legal, de-base "
				       "or uk-boe",
				       only);
	if (strcmp(verb, "show") == 0) {
		if (optind < argc)
			return cli_usage_error("rates", "unexpected argument '%s'", argv[optind]);
		if ((rc = cli_open_ledger(cli)) != EXIT_OK)
			return rc;
		return rates_show(cli, only, fmt);
	}
	if (strcmp(verb, "import") != 0)
		return cli_usage_error("rates", "'%s' is not show or import", verb);
	if (optind + 1 != argc)
		return cli_usage_error("rates",
				       optind >= argc ? "which file?" : "one file at a time");
	if (only || fmt != OUT_TABLE)
		return cli_usage_error("rates", "import takes no --source or --format: the "
						"file's header tells its table");
	cli->cmd_flags |= CMD_WRITES;
	if ((rc = cli_open_ledger(cli)) != EXIT_OK)
		return rc;
	return rates_import(cli, argv[optind]);
}
