/* relance show: one invoice in full, with the payments allocated to it. */
#include <getopt.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "relance/core/dunning.h"
#include "relance/core/limitation.h"
#include "relance/core/limits.h"
#include "relance/engine/interest.h"
#include "commands.h"

const char usage_show[] = "usage: relance show INVOICE [--date D] [--format table|csv|json]\n"
			  "\n"
			  "Shows one invoice or credit note: customer, dates, amounts, state on D\n"
			  "(default: today), the last day of its limitation period (prescription:\n"
			  "5 years from the due date between businesses, 2 years for a consumer),\n"
			  "the late-payment interest and fixed indemnity as of D under the\n"
			  "invoice's rule (see relance interest: interest_total is what is due,\n"
			  "waived parts excluded; null when no rule applies), the formal notice\n"
			  "(notice_date) and judgment dates, and the payments allocated to it.\n"
			  "\n"
			  "options:\n"
			  "  --date D        the day to show the invoice as of\n"
			  "  --format F      table (default), csv or json\n";

struct alloc_list {
	struct rl_allocation items[64];
	size_t n;
	size_t more;
	char codes[64][RL_MAX_ID + 1];
};

static int collect(void *ctx, const struct rl_allocation *a)
{
	struct alloc_list *l = ctx;

	if (l->n == sizeof(l->items) / sizeof(l->items[0])) {
		l->more++;
		return 0;
	}
	snprintf(l->codes[l->n], sizeof(l->codes[0]), "%s", a->payment_code);
	l->items[l->n] = *a;
	l->items[l->n].payment_code = l->codes[l->n];
	l->n++;
	return 0;
}

static const struct out_col cols[] = {
	{ "invoice_number", OUT_STR },
	{ "customer_id", OUT_STR },
	{ "customer_name", OUT_STR },
	{ "type", OUT_STR },
	{ "issue_date", OUT_DATE },
	{ "due_date", OUT_DATE },
	{ "currency", OUT_STR },
	{ "amount", OUT_MONEY },
	{ "paid", OUT_MONEY },
	{ "balance", OUT_MONEY },
	{ "days_late", OUT_INT },
	{ "status", OUT_STR },
	{ "prescription_date", OUT_DATE },
	{ "interest_rule", OUT_STR },
	{ "interest", OUT_MONEY },
	{ "indemnity", OUT_MONEY },
	{ "waived", OUT_STR },
	{ "interest_total", OUT_MONEY },
	{ "notice_date", OUT_DATE },
	{ "judgment_date", OUT_DATE },
};

#define NCOLS (sizeof(cols) / sizeof(cols[0]))
#define FIRST_INTEREST_COL 13

/* Fills v[FIRST_INTEREST_COL..NCOLS) with the invoice's interest as of
 * asof, or nulls (with a note on stderr when it could not be computed: show
 * still shows the invoice). */
static void interest_values(struct cli *cli, const char *number, enum rl_doc_type type,
			    rl_date asof, rl_interest_ctx **ic, struct rl_invoice_interest *ii,
			    struct out_val *v)
{
	struct rl_err err;
	int rc;

	for (size_t i = FIRST_INTEREST_COL; i < NCOLS; i++)
		v[i] = (struct out_val){ .null = true };
	if (type != RL_DOC_INVOICE)
		return;
	rl_err_clear(&err);
	rc = rl_interest_ctx_new(cli->store, cli->creditor, NULL, ic, &err);
	if (!rc)
		rc = rl_interest_one(*ic, number, asof, ii, &err);
	if (rc) {
		fprintf(stderr, "relance: %s: interest not computed: %s\n", number, err.msg);
		return;
	}
	v[13] = (struct out_val){ .s = ii->rule->name };
	v[14] = (struct out_val){ .i = ii->r.interest, .cur = ii->inv->currency };
	v[15] = (struct out_val){ .i = ii->r.indemnity,
				  .cur = ii->r.indemnity_currency ? ii->r.indemnity_currency
								  : ii->inv->currency };
	v[16] = (struct out_val){ .s = rl_interest_waived_str(ii) };
	v[17] = (struct out_val){ .i = ii->total_due, .cur = ii->inv->currency };
	v[18] = (struct out_val){ .d = ii->notice, .null = ii->notice == RL_DATE_NONE };
	v[19] = (struct out_val){ .d = ii->judgment, .null = ii->judgment == RL_DATE_NONE };
}

int cmd_show(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "date", required_argument, NULL, 'd' },
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	enum out_format fmt = OUT_TABLE;
	rl_date asof = cli->today;
	char number[RL_MAX_ID + 1], cust[RL_MAX_ID + 1], name[RL_MAX_TEXT + 1] = "";
	struct alloc_list *allocs;
	struct rl_invoice_interest ii;
	rl_interest_ctx *ic = NULL;
	struct rl_invoice inv;
	struct rl_customer cu;
	struct rl_err err;
	struct out o;
	rl_date last = 0;
	bool has_last = false;
	int c, rc;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'd' && (rc = cli_parse_date("show", "--date", optarg, &asof)))
			return rc;
		if (c == 'f' && (rc = cli_parse_format("show", optarg, &fmt)))
			return rc;
		if (c != 'd' && c != 'f')
			return cli_bad_option("show", argv);
	}
	if (optind + 1 != argc)
		return cli_usage_error("show", optind >= argc ? "which invoice?"
							      : "only one invoice at a time");
	if ((rc = cli_open_ledger(cli)) != EXIT_OK)
		return rc;
	rl_err_clear(&err);
	if ((rc = rl_store_invoice_get(cli->store, cli->creditor, argv[optind], &inv, &err)))
		return cli_exit(rc, &err);
	snprintf(number, sizeof(number), "%s", inv.number);
	snprintf(cust, sizeof(cust), "%s", inv.customer_code);
	inv.number = number;
	inv.customer_code = cust;
	if (rl_store_customer_get(cli->store, cli->creditor, cust, &cu, &err) == 0) {
		snprintf(name, sizeof(name), "%s", cu.name);
		/* a credit note is no claim: it has none */
		has_last = inv.type == RL_DOC_INVOICE &&
			   rl_limitation_date(inv.due_date, cu.kind, &last) == 0;
	}
	allocs = calloc(1, sizeof(*allocs));
	if (!allocs)
		return cli_exit(rl_err_set(&err, RL_ENOMEM, "out of memory"), &err);
	rc = rl_store_allocation_each(cli->store, cli->creditor, inv.id, collect, allocs, &err);
	if (rc) {
		free(allocs);
		return cli_exit(rc, &err);
	}
	/* "paid" is what was allocated up to the as-of date */
	inv.paid = 0;
	for (size_t i = 0; i < allocs->n; i++)
		if (allocs->items[i].date <= asof)
			inv.paid += allocs->items[i].amount;

	struct out_val v[NCOLS] = {
		{ .s = number },
		{ .s = cust },
		{ .s = name },
		{ .s = rl_doc_type_str(inv.type) },
		{ .d = inv.issue_date },
		{ .d = inv.due_date },
		{ .s = inv.currency ? inv.currency->code : "" },
		{ .i = inv.amount, .cur = inv.currency },
		{ .i = inv.paid, .cur = inv.currency },
		{ .i = rl_invoice_balance(&inv), .cur = inv.currency },
		{ .i = rl_invoice_days_late(&inv, asof) },
		{ .s = rl_invoice_status_str(rl_invoice_status_on(&inv, asof)) },
		{ .d = last, .null = !has_last },
	};
	interest_values(cli, number, inv.type, asof, &ic, &ii, v);
	if (fmt == OUT_JSON) {
		json_t *obj = json_object(), *arr = json_array();
		char buf[64];
		char *text;

		for (size_t i = 0; i < NCOLS; i++) {
			if (v[i].null) {
				json_object_set_new(obj, cols[i].name, json_null());
				continue;
			}
			if (cols[i].type == OUT_INT) {
				json_object_set_new(obj, cols[i].name, json_integer(v[i].i));
				continue;
			}
			if (cols[i].type == OUT_MONEY)
				rl_money_format(buf, sizeof(buf), v[i].i,
						v[i].cur ? v[i].cur : inv.currency, RL_LOCALE_C);
			else if (cols[i].type == OUT_DATE)
				rl_date_format_iso(v[i].d, buf);
			json_object_set_new(obj, cols[i].name,
					    json_string(cols[i].type == OUT_STR ? v[i].s : buf));
		}
		for (size_t i = 0; i < allocs->n; i++) {
			char d[16];

			rl_money_format(buf, sizeof(buf), allocs->items[i].amount, inv.currency,
					RL_LOCALE_C);
			rl_date_format_iso(allocs->items[i].date, d);
			json_array_append_new(arr, json_pack("{s:s, s:s, s:s}", "payment_id",
							     allocs->items[i].payment_code, "date",
							     d, "amount", buf));
		}
		json_object_set_new(obj, "payments", arr);
		text = json_dumps(obj, JSON_PRESERVE_ORDER | JSON_INDENT(2));
		json_decref(obj);
		if (text)
			puts(text);
		free(text);
		free(allocs);
		rl_interest_ctx_free(ic);
		return EXIT_OK;
	}
	out_begin(&o, fmt, cli->locale, cols, NCOLS, fmt == OUT_TABLE, stdout);
	out_row(&o, v);
	out_end(&o);
	if (fmt == OUT_TABLE) {
		static const struct out_col pcols[] = { { "payment_id", OUT_STR },
							{ "date", OUT_DATE },
							{ "amount", OUT_MONEY } };

		printf("\npayments allocated:%s\n", allocs->n ? "" : " none");
		if (allocs->n) {
			out_begin(&o, fmt, cli->locale, pcols, 3, false, stdout);
			for (size_t i = 0; i < allocs->n; i++) {
				struct out_val pv[3] = { { .s = allocs->items[i].payment_code },
							 { .d = allocs->items[i].date },
							 { .i = allocs->items[i].amount,
							   .cur = inv.currency } };
				out_row(&o, pv);
			}
			out_end(&o);
		}
		if (allocs->more)
			printf("... and %zu more\n", allocs->more);
	}
	free(allocs);
	rl_interest_ctx_free(ic);
	return EXIT_OK;
}
