/* relance balance: what the ledger adds up to, per currency, on a date. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "relance/engine/balance.h"
#include "commands.h"

const char usage_balance[] =
	"usage: relance balance [--date D] [--format table|csv|json]\n"
	"\n"
	"Totals per currency on the date D (default: today):\n"
	"  invoiced     invoices minus credit notes issued up to D\n"
	"  paid         payments received up to D\n"
	"  outstanding  invoiced - paid: what customers owe, net of their credit\n"
	"  overdue      the unpaid balances of invoices past their due date on D\n";

int print_balance(struct cli *cli, rl_date asof, enum out_format format)
{
	static const struct out_col cols[] = {
		{ "currency", OUT_STR },      { "invoiced", OUT_MONEY }, { "paid", OUT_MONEY },
		{ "outstanding", OUT_MONEY }, { "overdue", OUT_MONEY },
	};
	static struct rl_balance_set t; /* large: off the stack */
	struct rl_err err;
	struct out o;
	int rc;

	rl_err_clear(&err);
	if ((rc = rl_balance_compute(cli->store, cli->creditor, asof, &t, &err)))
		return cli_exit(rc, &err);
	out_begin(&o, format, cli->locale, cols, 5, false, stdout);
	for (size_t i = 0; i < t.n; i++) {
		const struct rl_balance *b = &t.b[i];
		struct out_val v[5] = {
			{ .s = b->currency->code },
			{ .i = b->invoiced, .cur = b->currency },
			{ .i = b->paid, .cur = b->currency },
			{ .i = b->outstanding, .cur = b->currency },
			{ .i = b->overdue, .cur = b->currency },
		};
		out_row(&o, v);
	}
	return out_end(&o) ? EXIT_FAIL : EXIT_OK;
}

int cmd_balance(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "date", required_argument, NULL, 'd' },
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	enum out_format fmt = OUT_TABLE;
	rl_date asof = cli->today;
	int c, rc;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'd' && (rc = cli_parse_date("balance", "--date", optarg, &asof)))
			return rc;
		if (c == 'f' && (rc = cli_parse_format("balance", optarg, &fmt)))
			return rc;
		if (c != 'd' && c != 'f')
			return cli_bad_option("balance", argv);
	}
	if (optind < argc)
		return cli_usage_error("balance", "unexpected argument '%s'", argv[optind]);
	if ((rc = cli_open_ledger(cli)) != EXIT_OK)
		return rc;
	return print_balance(cli, asof, fmt);
}
