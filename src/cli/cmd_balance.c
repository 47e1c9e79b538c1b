/* relance balance: what the ledger adds up to, per currency, on a date. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"

const char usage_balance[] =
	"usage: relance balance [--date D] [--format table|csv|json]\n"
	"\n"
	"Totals per currency on the date D (default: today):\n"
	"  invoiced     invoices minus credit notes issued up to D\n"
	"  paid         payments received up to D\n"
	"  outstanding  invoiced - paid: what customers owe, net of their credit\n"
	"  overdue      the unpaid balances of invoices past their due date on D\n";

#define MAX_CURRENCIES 64

struct totals {
	struct rl_balance b[MAX_CURRENCIES];
	size_t n;
	rl_date asof;
	struct rl_err *err;
};

static struct rl_balance *slot(struct totals *t, const struct rl_currency *cur)
{
	for (size_t i = 0; i < t->n; i++)
		if (t->b[i].currency == cur)
			return &t->b[i];
	if (t->n == MAX_CURRENCIES)
		return NULL;
	memset(&t->b[t->n], 0, sizeof(t->b[0]));
	t->b[t->n].currency = cur;
	return &t->b[t->n++];
}

static int add_invoice(void *ctx, const struct rl_invoice *inv)
{
	struct totals *t = ctx;
	struct rl_balance *b = inv->currency ? slot(t, inv->currency) : NULL;

	if (!b)
		return rl_err_set(t->err, RL_ERANGE, "too many currencies");
	if (rl_balance_add_invoice(b, inv, t->asof))
		return rl_err_set(t->err, RL_ERANGE, "totals overflow");
	return 0;
}

static int add_paid(void *ctx, const struct rl_payment_total *p)
{
	struct totals *t = ctx;
	const struct rl_currency *cur = rl_currency_find(p->currency, strlen(p->currency));
	struct rl_balance *b = cur ? slot(t, cur) : NULL;

	if (!b)
		return rl_err_set(t->err, RL_ERANGE, "too many currencies");
	if (rl_balance_add_paid(b, p->received))
		return rl_err_set(t->err, RL_ERANGE, "totals overflow");
	return 0;
}

static int by_code(const void *a, const void *b)
{
	return strcmp(((const struct rl_balance *)a)->currency->code,
		      ((const struct rl_balance *)b)->currency->code);
}

int print_balance(struct cli *cli, rl_date asof, enum out_format format)
{
	static const struct out_col cols[] = {
		{ "currency", OUT_STR },      { "invoiced", OUT_MONEY }, { "paid", OUT_MONEY },
		{ "outstanding", OUT_MONEY }, { "overdue", OUT_MONEY },
	};
	static struct totals t;
	struct rl_invoice_query q = { .asof = asof, .issued_by_asof = true };
	struct rl_err err;
	struct out o;
	int rc;

	memset(&t, 0, sizeof(t));
	t.asof = asof;
	t.err = &err;
	rl_err_clear(&err);
	if ((rc = rl_store_invoice_each(cli->store, cli->creditor, &q, add_invoice, &t, &err)) ||
	    (rc = rl_store_payment_totals(cli->store, cli->creditor, asof, add_paid, &t, &err)))
		return cli_exit(rc, &err);
	qsort(t.b, t.n, sizeof(t.b[0]), by_code);
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
