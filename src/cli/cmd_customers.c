/* relance customers: list the creditor's customers. */
#include <getopt.h>

#include "commands.h"

const char usage_customers[] = "usage: relance customers [--format table|csv|json]\n"
			       "\n"
			       "Lists the customers (debtors) of the ledger, by customer id.\n";

static const struct out_col cols[] = {
	{ "customer_id", OUT_STR }, { "name", OUT_STR },     { "kind", OUT_STR },
	{ "country", OUT_STR },     { "language", OUT_STR }, { "email", OUT_STR },
	{ "phone", OUT_STR },       { "address", OUT_STR },  { "blocked", OUT_STR },
};

static int row(void *ctx, const struct rl_customer *c)
{
	struct out_val v[9] = {
		{ .s = c->code },    { .s = c->name },     { .s = rl_customer_kind_str(c->kind) },
		{ .s = c->country }, { .s = c->language }, { .s = c->email },
		{ .s = c->phone },   { .s = c->address },  { .s = c->blocked ? "yes" : "no" },
	};

	return out_row(ctx, v);
}

int cmd_customers(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	enum out_format fmt = OUT_TABLE;
	struct rl_err err;
	struct out o;
	int c, rc;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != 'f')
			return cli_bad_option("customers", argv);
		if ((rc = cli_parse_format("customers", optarg, &fmt)))
			return rc;
	}
	if (optind < argc)
		return cli_usage_error("customers", "unexpected argument '%s'", argv[optind]);
	if ((rc = cli_open_ledger(cli)) != EXIT_OK)
		return rc;
	rl_err_clear(&err);
	out_begin(&o, fmt, cli->locale, cols, sizeof(cols) / sizeof(cols[0]), false, stdout);
	rc = rl_store_customer_each(cli->store, cli->creditor, row, &o, &err);
	if (out_end(&o) && !rc)
		rc = rl_err_set(&err, RL_EIO, "cannot write the output");
	return cli_exit(rc, &err);
}
