/* relance gen: write a realistic generated ledger as canonical CSV files. */
#include <getopt.h>
#include <string.h>

#include "relance/formats/gen.h"
#include "commands.h"

const char usage_gen[] =
	"usage: relance gen --out DIR [--customers N] [--invoices M] [--seed S]\n"
	"                   [--asof D] [--currency CODE]\n"
	"\n"
	"Writes DIR/customers.csv, DIR/invoices.csv and DIR/payments.csv: a ledger\n"
	"with about 55 % of invoices paid, 10 % partly paid and 35 % unpaid, due\n"
	"dates over the 200 days before D and the 60 after, amounts from 50.00 to\n"
	"20,000.00, some consumers, a few customers who always pay late and a few\n"
	"who pay early. The same options always give the same files.\n"
	"\n"
	"options:\n"
	"  --out DIR         where to write (created if missing)\n"
	"  --customers N     number of customers (default: 100)\n"
	"  --invoices M      number of invoices (default: 1000)\n"
	"  --seed S          random seed (default: 1)\n"
	"  --asof D          the generated ledger's today (default: today)\n"
	"  --currency CODE   currency of every amount (default: EUR)\n";

static void progress(void *ctx, long done, long total)
{
	(void)ctx;
	fprintf(stderr, "\r\033[K%ld / %ld invoices", done, total);
}

int cmd_gen(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "out", required_argument, NULL, 'o' },
		{ "customers", required_argument, NULL, 'c' },
		{ "invoices", required_argument, NULL, 'i' },
		{ "seed", required_argument, NULL, 's' },
		{ "asof", required_argument, NULL, 'a' },
		{ "currency", required_argument, NULL, 'C' },
		{ NULL, 0, NULL, 0 },
	};
	struct rl_gen_options opt = { 100, 1000, 1, cli->today, NULL, "EUR", NULL, NULL };
	struct rl_err err;
	long seed = 1;
	int c, rc;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'o':
			opt.outdir = optarg;
			break;
		case 'c':
			if ((rc = cli_parse_long("gen", "--customers", optarg, 1, 100000000,
						 &opt.customers)))
				return rc;
			break;
		case 'i':
			if ((rc = cli_parse_long("gen", "--invoices", optarg, 0, 1000000000,
						 &opt.invoices)))
				return rc;
			break;
		case 's':
			if ((rc = cli_parse_long("gen", "--seed", optarg, 0, 2147483647, &seed)))
				return rc;
			opt.seed = (uint64_t)seed;
			break;
		case 'a':
			if ((rc = cli_parse_date("gen", "--asof", optarg, &opt.asof)))
				return rc;
			break;
		case 'C':
			if (!rl_currency_find(optarg, strlen(optarg)))
				return cli_usage_error("gen",
						       "--currency: '%s' is not an ISO 4217 "
						       "code",
						       optarg);
			opt.currency = rl_currency_find(optarg, strlen(optarg))->code;
			break;
		default:
			return cli_bad_option("gen", argv);
		}
	}
	if (optind < argc)
		return cli_usage_error("gen", "unexpected argument '%s'", argv[optind]);
	if (!opt.outdir)
		return cli_usage_error("gen", "--out DIR is required");
	if (cli_stderr_is_tty())
		opt.progress = progress;
	rl_err_clear(&err);
	rc = rl_gen_write(&opt, &err);
	if (opt.progress)
		fputs("\r\033[K", stderr);
	if (rc)
		return cli_exit(rc, &err);
	printf("wrote %s/customers.csv, invoices.csv, payments.csv (%ld customers, %ld invoices)\n",
	       opt.outdir, opt.customers, opt.invoices);
	return EXIT_OK;
}
