/* relance invoices: list invoices with their balance and state on a date. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "relance/core/limitation.h"
#include "relance/core/limits.h"
#include "commands.h"

const char usage_invoices[] =
	"usage: relance invoices [--status open|overdue|paid|credit] [--customer ID]\n"
	"                        [--prescribing-within DAYS] [--date D]\n"
	"                        [--format table|csv|json]\n"
	"\n"
	"Lists invoices and credit notes by due date, with what was paid and what is\n"
	"left on the date D (default: today): payments dated after D are not counted.\n"
	"An invoice is overdue from the day after its due date.\n"
	"\n"
	"options:\n"
	"  --status S       only invoices in state S on D\n"
	"  --customer ID    only this customer's\n"
	"  --prescribing-within DAYS\n"
	"                   only invoices with a balance whose limitation period\n"
	"                   (5 years from the due date between businesses, 2 years\n"
	"                   for a consumer) ends within DAYS days of D, those already\n"
	"                   prescribed included; adds prescription_date and\n"
	"                   days_to_prescription (negative once prescribed)\n"
	"  --date D         as of D (YYYY-MM-DD or DD/MM/YYYY)\n"
	"  --format F       table (default), csv or json\n";

static const struct out_col cols[] = {
	{ "invoice_number", OUT_STR },
	{ "customer_id", OUT_STR },
	{ "type", OUT_STR },
	{ "issue_date", OUT_DATE },
	{ "due_date", OUT_DATE },
	{ "currency", OUT_STR },
	{ "amount", OUT_MONEY },
	{ "paid", OUT_MONEY },
	{ "balance", OUT_MONEY },
	{ "days_late", OUT_INT },
	{ "status", OUT_STR },
	/* with --prescribing-within only */
	{ "prescription_date", OUT_DATE },
	{ "days_to_prescription", OUT_INT },
};
#define NCOLS_PLAIN 11

/* A customer's kind, for the limitation period. */
struct kind_of {
	char *code; /* in kinds.codes */
	enum rl_customer_kind kind;
};

struct kinds {
	struct kind_of *v;
	size_t n, cap;
	struct rl_buf codes;
	size_t *offs; /* while loading: code offsets (the buffer moves) */
	struct rl_err *err;
};

struct list_ctx {
	struct out out;
	struct invoice_filter *f;
	struct kinds kinds;
};

static int add_kind(void *ctx, const struct rl_customer *c)
{
	struct kinds *k = ctx;

	if (k->n == k->cap) {
		size_t ncap = k->cap ? 2 * k->cap : 256;
		struct kind_of *grown = realloc(k->v, ncap * sizeof(*grown));
		size_t *offs;

		if (!grown)
			return rl_err_set(k->err, RL_ENOMEM, "out of memory");
		k->v = grown;
		offs = realloc(k->offs, ncap * sizeof(*offs));
		if (!offs)
			return rl_err_set(k->err, RL_ENOMEM, "out of memory");
		k->offs = offs;
		k->cap = ncap;
	}
	k->offs[k->n] = k->codes.len;
	k->v[k->n].kind = c->kind;
	if (rl_buf_add(&k->codes, c->code, strlen(c->code) + 1))
		return rl_err_set(k->err, RL_ENOMEM, "too many customers");
	k->n++;
	return 0;
}

static int by_code(const void *a, const void *b)
{
	return strcmp(((const struct kind_of *)a)->code, ((const struct kind_of *)b)->code);
}

/* Every customer's kind, sorted by code for bsearch (strcmp order: the
 * store's order follows the database's collation). */
static int load_kinds(struct cli *cli, struct kinds *k, struct rl_err *err)
{
	int rc;

	k->err = err;
	rl_buf_init(&k->codes, RL_MAX_OUTPUT);
	rc = rl_store_customer_each(cli->store, cli->creditor, add_kind, k, err);
	if (rc)
		return rc < 0 ? rc : RL_EIO;
	for (size_t i = 0; i < k->n; i++)
		k->v[i].code = k->codes.ptr + k->offs[i];
	if (k->n)
		qsort(k->v, k->n, sizeof(*k->v), by_code);
	return 0;
}

static void free_kinds(struct kinds *k)
{
	free(k->v);
	free(k->offs);
	rl_buf_release(&k->codes);
}

/* The last day of inv's limitation period: false when it has none
 * (credit note, unknown customer, beyond the calendar). */
static bool prescription(const struct kinds *k, const struct rl_invoice *inv, rl_date *out)
{
	struct kind_of key = { (char *)inv->customer_code, RL_CUSTOMER_BUSINESS };
	const struct kind_of *found;

	if (inv->type != RL_DOC_INVOICE)
		return false;
	found = k->n ? bsearch(&key, k->v, k->n, sizeof(*k->v), by_code) : NULL;
	return found && rl_limitation_date(inv->due_date, found->kind, out) == 0;
}

static int row(void *ctx, const struct rl_invoice *inv)
{
	struct list_ctx *lc = ctx;
	enum rl_invoice_status st = rl_invoice_status_on(inv, lc->f->asof);
	rl_date last = 0;
	struct out_val v[13] = {
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
		{ .null = true },
		{ .null = true },
	};

	if (lc->f->status >= 0 && (int)st != lc->f->status)
		return 0;
	if (lc->f->prescribing) {
		if (rl_invoice_balance(inv) <= 0 || !prescription(&lc->kinds, inv, &last) ||
		    rl_date_diff(lc->f->asof, last) > lc->f->prescribing_days)
			return 0;
		v[11] = (struct out_val){ .d = last };
		v[12] = (struct out_val){ .i = rl_date_diff(lc->f->asof, last) };
	}
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
	q.unsettled_only =
		f->status == RL_STATUS_OPEN || f->status == RL_STATUS_OVERDUE || f->prescribing;
	rl_err_clear(&err);
	if (f->prescribing && (rc = load_kinds(cli, &lc.kinds, &err))) {
		free_kinds(&lc.kinds);
		return cli_exit(rc, &err);
	}
	out_begin(&lc.out, f->format, cli->locale, cols,
		  f->prescribing ? sizeof(cols) / sizeof(cols[0]) : NCOLS_PLAIN, false, stdout);
	rc = rl_store_invoice_each(cli->store, cli->creditor, &q, row, &lc, &err);
	if (out_end(&lc.out) && !rc)
		rc = rl_err_set(&err, RL_EIO, "cannot write the output");
	free_kinds(&lc.kinds);
	return cli_exit(rc, &err);
}

int cmd_invoices(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "status", required_argument, NULL, 's' },
		{ "customer", required_argument, NULL, 'c' },
		{ "date", required_argument, NULL, 'd' },
		{ "format", required_argument, NULL, 'f' },
		{ "prescribing-within", required_argument, NULL, 'p' },
		{ NULL, 0, NULL, 0 },
	};
	struct invoice_filter f = { NULL, -1, cli->today, OUT_TABLE, 0, 0, false, 0 };
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
		case 'p':
			if ((rc = cli_parse_long("invoices", "--prescribing-within", optarg, 0,
						 36600, &f.prescribing_days)))
				return rc;
			f.prescribing = true;
			break;
		default:
			return cli_bad_option("invoices", argv);
		}
	}
	if (optind < argc)
		return cli_usage_error("invoices", "unexpected argument '%s'", argv[optind]);
	if (f.prescribing && (f.status == RL_STATUS_PAID || f.status == RL_STATUS_CREDIT))
		return cli_usage_error("invoices",
				       "--prescribing-within lists invoices with a "
				       "balance: --status %s does not go with it",
				       rl_invoice_status_str((enum rl_invoice_status)f.status));
	if ((rc = cli_open_ledger(cli)) != EXIT_OK)
		return rc;
	return print_invoices(cli, &f);
}
