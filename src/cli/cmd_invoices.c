/* relance invoices: list invoices with their balance and state on a date. */
#include <getopt.h>
#include <string.h>

#include "commands.h"

const char usage_invoices[] =
	"usage: relance invoices [--status open|overdue|paid|credit] [--customer ID]\n"
	"                        [--date D] [--format table|csv|json]\n"
	"\n"
	"Lists invoices and credit notes by due date, with what was paid and what is\n"
	"left on the date D (default: today): payments dated after D are not counted.\n"
	"An invoice is overdue from the day after its due date.\n"
	"\n"
	"options:\n"
	"  --status S       only invoices in state S on D\n"
	"  --customer ID    only this customer's\n"
	"  --date D         as of D (YYYY-MM-DD or DD/MM/YYYY)\n"
	"  --format F       table (default), csv or json\n";

static const struct out_col cols[] = {
	{ "invoice_number", OUT_STR }, { "customer_id", OUT_STR }, { "type", OUT_STR },
	{ "issue_date", OUT_DATE },    { "due_date", OUT_DATE },   { "currency", OUT_STR },
	{ "amount", OUT_MONEY },       { "paid", OUT_MONEY },      { "balance", OUT_MONEY },
	{ "days_late", OUT_INT },      { "status", OUT_STR },
};

struct list_ctx {
	struct out out;
	struct invoice_filter *f;
};

static int row(void *ctx, const struct rl_invoice *inv)
{
	struct list_ctx *lc = ctx;
	enum rl_invoice_status st = rl_invoice_status_on(inv, lc->f->asof);
	struct out_val v[11] = {
		{ .s = inv->number },
		{ .s = inv->customer_code },
		{ .s = rl_doc_type_str(inv->type) },
		{ .d = inv->issue_date },
		{ .d = inv->due_date },
		{ .s = inv->currency ? inv->currency->code : "" },
		{ .i = inv->amount, .cur = inv->currency },
		{ .i = inv->paid, .cur = inv->currency },
		{ .i = rl_invoice_balance(inv), .cur = inv->currency },
		{ .i = rl_invoice_days_late(inv, lc->f->asof) },
		{ .s = rl_invoice_status_str(st) },
	};

	if (lc->f->status >= 0 && (int)st != lc->f->status)
		return 0;
	if (lc->f->limit && lc->f->matched++ >= lc->f->limit)
		return 0;
	if (!lc->f->limit)
		lc->f->matched++;
	return out_row(&lc->out, v);
}

int print_invoices(struct cli *cli, struct invoice_filter *f)
{
	struct rl_invoice_query q = { 0 };
	struct list_ctx lc = { .f = f };
	struct rl_err err;
	int rc;

	q.customer_code = f->customer;
	q.asof = f->asof;
	q.issued_by_asof = true;
	/* open and overdue invoices are exactly those with a balance left */
	q.unsettled_only = f->status == RL_STATUS_OPEN || f->status == RL_STATUS_OVERDUE;
	rl_err_clear(&err);
	out_begin(&lc.out, f->format, cli->locale, cols, sizeof(cols) / sizeof(cols[0]), false,
		  stdout);
	rc = rl_store_invoice_each(cli->store, cli->creditor, &q, row, &lc, &err);
	if (out_end(&lc.out) && !rc)
		rc = rl_err_set(&err, RL_EIO, "cannot write the output");
	return cli_exit(rc, &err);
}

int cmd_invoices(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "status", required_argument, NULL, 's' },
		{ "customer", required_argument, NULL, 'c' },
		{ "date", required_argument, NULL, 'd' },
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	struct invoice_filter f = { NULL, -1, cli->today, OUT_TABLE, 0, 0 };
	enum rl_invoice_status st;
	int c, rc;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			if (rl_invoice_status_parse(optarg, &st))
				return cli_usage_error("invoices",
						       "--status: '%s' is not open, "
						       "overdue, paid or credit",
						       optarg);
			f.status = (int)st;
			break;
		case 'c':
			f.customer = optarg;
			break;
		case 'd':
			if ((rc = cli_parse_date("invoices", "--date", optarg, &f.asof)))
				return rc;
			break;
		case 'f':
			if ((rc = cli_parse_format("invoices", optarg, &f.format)))
				return rc;
			break;
		default:
			return cli_bad_option("invoices", argv);
		}
	}
	if (optind < argc)
		return cli_usage_error("invoices", "unexpected argument '%s'", argv[optind]);
	if ((rc = cli_open_ledger(cli)) != EXIT_OK)
		return rc;
	return print_invoices(cli, &f);
}
