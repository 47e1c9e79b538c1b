/* relance demo: a French creditor's ledger, generated and imported, then its
 * balance, its overdue list, what today's dunning run would send (a dry
 * run: the demo writes nothing but the ledger) and the late-payment
 * interest owed: the README's tour starts here. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "relance/engine/interest.h"
#include "relance/engine/run.h"
#include "relance/formats/gen.h"
#include "relance/formats/import.h"
#include "commands.h"

#define DEMO_SHOWN 15 /* overdue invoices listed: the rest is one command away */

const char usage_demo[] =
	"usage: relance [--db PATH] demo [--force] [--customers N] [--invoices M]\n"
	"\n"
	"Creates a demo ledger in the database (default ./demo.db, not the usual\n"
	"./relance.db: a demo never touches a real ledger unless told to) for a French\n"
	"creditor, Atelier Dupont SAS: about 50 customers and 500 invoices in every\n"
	"state (paid, partly paid, open, overdue, credit notes), then prints the\n"
	"balance and the overdue invoices as of today, what today's dunning run\n"
	"would send (a dry run: nothing is sent or recorded) and the late-payment\n"
	"interest and recovery indemnities owed.\n"
	"\n"
	"options:\n"
	"  --force           replace the database if it exists\n"
	"  --customers N     number of customers (default: 50)\n"
	"  --invoices M      number of invoices (default: 500)\n";

static int import_one(struct cli *cli, const char *dir, enum rl_import_kind kind, const char *file)
{
	char path[4096];
	const char *paths[1] = { path };
	struct rl_import_options opt = { 0 };
	struct rl_import_result res;
	struct rl_err err;
	int rc;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	opt.kind = kind;
	opt.creditor = cli->creditor;
	opt.default_currency = "EUR";
	rl_err_clear(&err);
	rc = rl_import_files(cli->store, paths, 1, &opt, &res, &err);
	if (rc)
		return cli_exit(rc, &err);
	printf("imported %ld %s\n", res.inserted, file);
	return EXIT_OK;
}

static void remove_dir(const char *dir)
{
	static const char *const files[] = { "customers.csv", "invoices.csv", "payments.csv" };
	char path[4096];

	for (size_t i = 0; i < 3; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
		unlink(path);
	}
	rmdir(dir);
}

static int count_channel(void *ctx, const struct rl_run_item *it)
{
	int64_t *per_channel = ctx;

	per_channel[it->channel]++;
	return 0;
}

/* What today's run would do, channel by channel. */
static int print_dunning_preview(struct cli *cli)
{
	struct rl_run_options opt = { 0 };
	struct rl_run_result res;
	int64_t per_channel[RL_CHANNEL_COUNT] = { 0 };
	char now[64];
	struct rl_err err;
	int rc;

	cli_now_utc(now);
	opt.creditor = cli->creditor;
	opt.creditor_code = cli->creditor_code;
	opt.date = cli->today;
	opt.dry_run = true;
	opt.actor = "demo";
	opt.now = now;
	opt.item = count_channel;
	opt.ctx = per_channel;
	rl_err_clear(&err);
	if ((rc = rl_run(cli->store, &opt, &res, &err)))
		return cli_exit(rc, &err);
	printf("%lld invoices would get their next step, in %lld communications:\n",
	       (long long)res.steps, (long long)res.communications);
	for (int ch = 0; ch < RL_CHANNEL_COUNT; ch++)
		if (per_channel[ch])
			printf("  %-18s %6lld\n", rl_channel_str((enum rl_channel)ch),
			       (long long)per_channel[ch]);
	return EXIT_OK;
}

struct interest_sum {
	const struct rl_currency *eur;
	int64_t total;
	long invoices;
};

static int add_interest(void *ctx, const struct rl_invoice_interest *ii)
{
	struct interest_sum *s = ctx;

	/* the demo ledger is in euros; the indemnity too under fr-b2b */
	if (ii->inv->currency != s->eur || !ii->total_due)
		return 0;
	if (rl_money_add(s->total, ii->total_due, &s->total))
		return RL_ERANGE;
	s->invoices++;
	return 0;
}

static void ignore_unknown(void *ctx, const struct rl_err *err)
{
	(void)ctx;
	(void)err;
}

/* The interest and indemnities owed today over the whole ledger. */
static int print_interest_owed(struct cli *cli)
{
	struct interest_sum sum = { rl_currency_find("EUR", 3), 0, 0 };
	rl_interest_ctx *ic = NULL;
	int64_t unknown = 0;
	char amount[64];
	struct rl_err err;
	int rc;

	rl_err_clear(&err);
	rc = rl_interest_ctx_new(cli->store, cli->creditor, NULL, &ic, &err);
	if (!rc)
		rc = rl_interest_each(ic, NULL, cli->today, add_interest, ignore_unknown, &sum,
				      &unknown, &err);
	rl_interest_ctx_free(ic);
	if (rc)
		return cli_exit(rc, &err);
	rl_money_format(amount, sizeof(amount), sum.total, sum.eur, cli->locale);
	printf("%s on %ld invoices late or paid late\n", amount, sum.invoices);
	if (unknown)
		printf("(%lld invoices left out: a rate is not known; see relance interest --all)\n",
		       (long long)unknown);
	return EXIT_OK;
}

int cmd_demo(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "force", no_argument, NULL, 'F' },
		{ "customers", required_argument, NULL, 'c' },
		{ "invoices", required_argument, NULL, 'i' },
		{ NULL, 0, NULL, 0 },
	};
	struct creditor_settings cs = { "Atelier Dupont SAS", "EUR", "fr", "FR" };
	struct rl_gen_options gen = { 50, 500, 2026, cli->today, NULL, "EUR", NULL, NULL };
	struct invoice_filter f = {
		NULL, RL_STATUS_OVERDUE, cli->today, OUT_TABLE, DEMO_SHOWN, 0, false, 0
	};
	char dir[] = "/tmp/relance-demo-XXXXXX";
	bool force = false, created, exists;
	struct rl_err err;
	int c, rc;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'F':
			force = true;
			break;
		case 'c':
			if ((rc = cli_parse_long("demo", "--customers", optarg, 1, 1000000,
						 &gen.customers)))
				return rc;
			break;
		case 'i':
			if ((rc = cli_parse_long("demo", "--invoices", optarg, 0, 10000000,
						 &gen.invoices)))
				return rc;
			break;
		default:
			return cli_bad_option("demo", argv);
		}
	}
	if (optind < argc)
		return cli_usage_error("demo", "unexpected argument '%s'", argv[optind]);
	if (!cli->db_explicit)
		cli->db_uri = "demo.db";
	rl_err_clear(&err);
	if ((rc = rl_store_ledger_exists(cli->db_uri, &exists, &err)))
		return cli_exit(rc, &err);
	if (exists && !force) {
		cli_errorf("'%s' exists: the demo needs a new database (use --force to replace it, "
			   "or --db PATH)",
			   cli->db_uri);
		return EXIT_FAIL;
	}
	if (exists && (rc = rl_store_drop_ledger(cli->db_uri, &err)))
		return cli_exit(rc, &err);
	if ((rc = ledger_init(cli, &cs, &created, &err)))
		return cli_exit(rc, &err);
	if (!mkdtemp(dir)) {
		cli_errorf("cannot create a temporary directory");
		return EXIT_FAIL;
	}
	gen.outdir = dir;
	rc = rl_gen_write(&gen, &err);
	if (rc) {
		remove_dir(dir);
		return cli_exit(rc, &err);
	}
	printf("demo ledger of %s in %s\n", cs.name, cli->db_uri);
	if ((rc = import_one(cli, dir, RL_IMPORT_CUSTOMERS, "customers.csv")) ||
	    (rc = import_one(cli, dir, RL_IMPORT_INVOICES, "invoices.csv")) ||
	    (rc = import_one(cli, dir, RL_IMPORT_PAYMENTS, "payments.csv"))) {
		remove_dir(dir);
		return rc;
	}
	remove_dir(dir);
	printf("\nbalance:\n");
	if ((rc = print_balance(cli, cli->today, OUT_TABLE)))
		return rc;
	printf("\nmost overdue invoices:\n");
	if ((rc = print_invoices(cli, &f)))
		return rc;
	if (f.matched > DEMO_SHOWN)
		printf("... and %ld more overdue invoices\n", f.matched - DEMO_SHOWN);
	printf("\ntoday's dunning run (a dry run: nothing sent, nothing recorded):\n");
	if ((rc = print_dunning_preview(cli)))
		return rc;
	printf("\nlate-payment interest and recovery indemnities owed today:\n");
	if ((rc = print_interest_owed(cli)))
		return rc;
	printf("\ntry:\n"
	       "  %s --db %s invoices --status overdue\n"
	       "  %s --db %s show INVOICE_NUMBER\n"
	       "  %s --db %s balance --format json\n"
	       "  %s --db %s run --dry-run\n"
	       "  %s --db %s run\n"
	       "  %s --db %s interest --all\n"
	       "  %s --db %s history INVOICE_NUMBER\n"
	       "  %s help\n",
	       cli->prog, cli->db_uri, cli->prog, cli->db_uri, cli->prog, cli->db_uri, cli->prog,
	       cli->db_uri, cli->prog, cli->db_uri, cli->prog, cli->db_uri, cli->prog, cli->db_uri,
	       cli->prog);
	return EXIT_OK;
}
