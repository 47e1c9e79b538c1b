/* relance interest: statutory late-payment interest and the fixed recovery
 * indemnity of one invoice, of a customer's or of every invoice. The rule
 * choice and the computation are engine/interest.h's; this file parses the
 * command line and prints. */
#include <getopt.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "relance/engine/interest.h"
#include "commands.h"

const char usage_interest[] =
	"usage: relance interest INVOICE [--date D] [--rule NAME] [--format table|csv|json]\n"
	"       relance interest --customer ID | --all [--date D] [--rule NAME] [--format F]\n"
	"\n"
	"Computes the late-payment interest of an invoice up to D (default: today),\n"
	"segment by segment (every change of balance and of reference rate), summed\n"
	"exactly and rounded once, and the fixed recovery indemnity when it is due.\n"
	"The rule is the customer's own when it has one (column interest_rule of\n"
	"the customer import), else it follows the creditor's jurisdiction and the\n"
	"customer's kind:\n"
	"  FR: fr-b2b (ECB + 10 points, 40 EUR) or fr-b2c (legal rate, from the formal notice)\n"
	"  DE: de-b2b (base rate + 9, 40 EUR) or de-b2c (base rate + 5)\n"
	"  EU: eu-b2b (ECB + 8, 40 EUR)    GB: uk-b2b (Bank Rate + 8, 40/70/100 GBP)\n"
	"An invoice's contractual rate (column contractual_rate of the invoice import)\n"
	"applies as the rule says (fr-b2b: never below 3 x the legal rate). Under\n"
	"fr-b2c interest runs from the formal notice (relance notice, or the first\n"
	"formal_notice step of the dunning), + 5 points two months after a judgment\n"
	"(relance judgment). Waived parts (relance waive) are computed but not due.\n"
	"\n"
	"With --customer or --all, one row per invoice late on D or paid late:\n"
	"invoice_number, customer_id, currency, rule, days_late, interest, indemnity,\n"
	"waived (interest, indemnity or both), total (what is due). An invoice that\n"
	"needs a rate not known is left out and named on stderr, and the command\n"
	"fails (exit 1) after listing the others.\n"
	"\n"
	"options:\n"
	"  --customer ID   every invoice of this customer\n"
	"  --all           every invoice of the ledger\n"
	"  --date D        compute up to this day\n"
	"  --rule NAME     another rule: fr-b2b fr-b2c eu-b2b de-b2b de-b2c uk-b2b\n"
	"  --format F      table (default); csv (one row per segment); json (keys\n"
	"                  invoice_number, currency, rule, segments, interest, indemnity,\n"
	"                  waived, total)\n";

static void money_text(char *buf, size_t cap, int64_t v, const struct rl_currency *cur)
{
	rl_money_format(buf, cap, v, cur, RL_LOCALE_C);
}

static const struct rl_currency *indemnity_currency(const struct rl_invoice_interest *ii)
{
	return ii->r.indemnity_currency ? ii->r.indemnity_currency : ii->inv->currency;
}

static int print_json(const struct rl_invoice_interest *ii)
{
	const struct rl_currency *cur = ii->inv->currency;
	json_t *o = json_object(), *arr = json_array();
	char a[64], b[64], rate[RL_RATE_FMT_MAX], d1[16], d2[16];
	char *text;

	for (size_t i = 0; i < ii->r.nsegments; i++) {
		const struct rl_interest_segment *sg = &ii->segs[i];

		rl_date_format_iso(sg->from, d1);
		rl_date_format_iso(sg->to, d2);
		money_text(a, sizeof(a), sg->balance, cur);
		money_text(b, sizeof(b), sg->amount, cur);
		rl_rate_format(rate, sizeof(rate), sg->rate);
		json_array_append_new(arr, json_pack("{s:s, s:s, s:i, s:s, s:s, s:s}", "from", d1,
						     "to", d2, "days", (int)sg->days, "balance", a,
						     "rate", rate, "amount", b));
	}
	json_object_set_new(o, "invoice_number", json_string(ii->inv->number));
	json_object_set_new(o, "currency", json_string(cur->code));
	json_object_set_new(o, "rule", json_string(ii->rule->name));
	json_object_set_new(o, "segments", arr);
	money_text(a, sizeof(a), ii->r.interest, cur);
	json_object_set_new(o, "interest", json_string(a));
	money_text(a, sizeof(a), ii->r.indemnity, indemnity_currency(ii));
	json_object_set_new(o, "indemnity", json_string(a));
	if (ii->r.indemnity_currency && ii->r.indemnity_currency != cur)
		json_object_set_new(o, "indemnity_currency",
				    json_string(ii->r.indemnity_currency->code));
	json_object_set_new(o, "waived", json_string(rl_interest_waived_str(ii)));
	money_text(a, sizeof(a), ii->total_due, cur);
	json_object_set_new(o, "total", json_string(a));
	text = json_dumps(o, JSON_PRESERVE_ORDER | JSON_INDENT(2));
	json_decref(o);
	if (!text)
		return EXIT_FAIL;
	puts(text);
	free(text);
	return EXIT_OK;
}

static int print_segments(struct cli *cli, enum out_format fmt,
			  const struct rl_invoice_interest *ii)
{
	static const struct out_col cols[] = {
		{ "from", OUT_DATE },     { "to", OUT_DATE },  { "days", OUT_INT },
		{ "balance", OUT_MONEY }, { "rate", OUT_STR }, { "amount", OUT_MONEY },
	};
	const struct rl_currency *cur = ii->inv->currency;
	struct out o;

	out_begin(&o, fmt, cli->locale, cols, 6, false, stdout);
	for (size_t i = 0; i < ii->r.nsegments; i++) {
		const struct rl_interest_segment *sg = &ii->segs[i];
		char rate[RL_RATE_FMT_MAX], shown[RL_RATE_FMT_MAX + 3];
		struct out_val v[6] = {
			{ .d = sg->from }, { .d = sg->to },
			{ .i = sg->days }, { .i = sg->balance, .cur = cur },
			{ .s = shown },    { .i = sg->amount, .cur = cur },
		};

		rl_rate_format(rate, sizeof(rate), sg->rate);
		snprintf(shown, sizeof(shown), fmt == OUT_TABLE ? "%s %%" : "%s", rate);
		out_row(&o, v);
	}
	return out_end(&o) ? EXIT_FAIL : EXIT_OK;
}

static void print_totals(struct cli *cli, const struct rl_invoice_interest *ii)
{
	const struct rl_currency *cur = ii->inv->currency;
	char a[64], b[64], c[64];

	rl_money_format(a, sizeof(a), ii->r.interest, cur, cli->locale);
	rl_money_format(b, sizeof(b), ii->r.indemnity, indemnity_currency(ii), cli->locale);
	rl_money_format(c, sizeof(c), ii->total_due, cur, cli->locale);
	printf("\ninterest:  %s%s\nindemnity: %s%s\ntotal:     %s\n", a,
	       ii->waived_interest ? " (waived)" : "", b, ii->waived_indemnity ? " (waived)" : "",
	       c);
}

static int compute_one(struct cli *cli, const char *number, const char *rule_name, rl_date asof,
		       enum out_format fmt)
{
	struct rl_invoice_interest ii;
	rl_interest_ctx *ic = NULL;
	struct rl_err err;
	int rc;

	rl_err_clear(&err);
	if ((rc = rl_interest_ctx_new(cli->store, cli->creditor, rule_name, &ic, &err)) ||
	    (rc = rl_interest_one(ic, number, asof, &ii, &err)))
		goto out;
	if (fmt == OUT_JSON) {
		rc = print_json(&ii) ? rl_err_set(&err, RL_EIO, "cannot write the output") : 0;
		goto out;
	}
	if (fmt == OUT_TABLE)
		printf("invoice %s, %s, rule %s (%s)\n\n", ii.inv->number, ii.inv->currency->code,
		       ii.rule->name, ii.rule->title);
	if (print_segments(cli, fmt, &ii)) {
		rc = rl_err_set(&err, RL_EIO, "cannot write the output");
		goto out;
	}
	if (fmt == OUT_TABLE)
		print_totals(cli, &ii);
out:
	rl_interest_ctx_free(ic);
	return cli_exit(rc, &err);
}

#define UNKNOWN_SHOWN 10 /* invoices named on stderr; then only their count */

struct many {
	struct out o;
	int64_t unknown; /* invoices not computed: a rate not known */
};

static void say_unknown(void *ctx, const struct rl_err *err)
{
	struct many *m = ctx;

	if (m->unknown++ < UNKNOWN_SHOWN)
		cli_error(err);
}

static int print_row(void *ctx, const struct rl_invoice_interest *ii)
{
	struct many *m = ctx;
	const struct rl_currency *cur = ii->inv->currency;
	struct out_val v[9] = {
		{ .s = ii->inv->number },
		{ .s = ii->customer_code },
		{ .s = cur->code },
		{ .s = ii->rule->name },
		{ .i = ii->r.days_late },
		{ .i = ii->r.interest, .cur = cur },
		{ .i = ii->r.indemnity, .cur = indemnity_currency(ii) },
		{ .s = rl_interest_waived_str(ii) },
		{ .i = ii->total_due, .cur = cur },
	};

	return out_row(&m->o, v);
}

static int compute_many(struct cli *cli, const char *customer, const char *rule_name, rl_date asof,
			enum out_format fmt)
{
	static const struct out_col cols[] = {
		{ "invoice_number", OUT_STR }, { "customer_id", OUT_STR },
		{ "currency", OUT_STR },       { "rule", OUT_STR },
		{ "days_late", OUT_INT },      { "interest", OUT_MONEY },
		{ "indemnity", OUT_MONEY },    { "waived", OUT_STR },
		{ "total", OUT_MONEY },
	};
	rl_interest_ctx *ic = NULL;
	struct many m = { 0 };
	struct rl_err err;
	int rc;

	rl_err_clear(&err);
	if ((rc = rl_interest_ctx_new(cli->store, cli->creditor, rule_name, &ic, &err)))
		goto out;
	out_begin(&m.o, fmt, cli->locale, cols, 9, false, stdout);
	rc = rl_interest_each(ic, customer, asof, print_row, say_unknown, &m, NULL, &err);
	if (rc)
		out_discard(&m.o);
	else if (out_end(&m.o))
		rc = rl_err_set(&err, RL_EIO, "cannot write the output");
out:
	rl_interest_ctx_free(ic);
	if (rc == 0 && m.unknown) {
		if (m.unknown > UNKNOWN_SHOWN)
			cli_errorf("... and %lld more", (long long)(m.unknown - UNKNOWN_SHOWN));
		cli_errorf("%lld invoice%s left out: a rate is not known (relance rates import)",
			   (long long)m.unknown, m.unknown == 1 ? "" : "s");
		return EXIT_FAIL;
	}
	return cli_exit(rc < 0 ? rc : 0, &err);
}

int cmd_interest(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "date", required_argument, NULL, 'd' },
		{ "rule", required_argument, NULL, 'r' },
		{ "format", required_argument, NULL, 'f' },
		{ "customer", required_argument, NULL, 'c' },
		{ "all", no_argument, NULL, 'a' },
		{ NULL, 0, NULL, 0 },
	};
	struct rl_interest_rule probe;
	enum out_format fmt = OUT_TABLE;
	const char *rule = NULL, *customer = NULL;
	bool all = false;
	rl_date asof = cli->today;
	struct rl_err err;
	int c, rc;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			if ((rc = cli_parse_date("interest", "--date", optarg, &asof)))
				return rc;
			break;
		case 'r':
			rule = optarg;
			break;
		case 'f':
			if ((rc = cli_parse_format("interest", optarg, &fmt)))
				return rc;
			break;
		case 'c':
			customer = optarg;
			break;
		case 'a':
			all = true;
			break;
		default:
			return cli_bad_option("interest", argv);
		}
	}
	rl_err_clear(&err);
	if (rule && rl_interest_rule_load(rule, &probe, &err))
		return cli_usage_error("interest", "--rule: %s", err.msg);
	if (customer || all) {
		if (optind < argc || (customer && all))
			return cli_usage_error("interest",
					       "give an invoice, --customer ID or --all");
		if ((rc = cli_open_ledger(cli)) != EXIT_OK)
			return rc;
		return compute_many(cli, customer, rule, asof, fmt);
	}
	if (optind + 1 != argc)
		return cli_usage_error("interest", optind >= argc ? "which invoice?"
								  : "only one invoice at a time");
	if ((rc = cli_open_ledger(cli)) != EXIT_OK)
		return rc;
	return compute_one(cli, argv[optind], rule, asof, fmt);
}
