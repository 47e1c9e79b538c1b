/* relance interest: statutory late-payment interest and the fixed recovery
 * indemnity of one invoice (core/interest.h), under the rule that applies:
 * the creditor's jurisdiction and the customer's kind, or --rule. */
#include <getopt.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "relance/core/interest.h"
#include "relance/core/limits.h"
#include "relance/formats/rates.h"
#include "relance/store/history.h"
#include "commands.h"

const char usage_interest[] =
	"usage: relance interest INVOICE [--date D] [--rule NAME] [--format table|csv|json]\n"
	"       relance interest --customer ID | --all [--date D] [--rule NAME] [--format F]\n"
	"\n"
	"Computes the late-payment interest of an invoice up to D (default: today),\n"
	"segment by segment (every change of balance and of reference rate), summed\n"
	"exactly and rounded once, and the fixed recovery indemnity when it is due.\n"
	"The rule follows the creditor's jurisdiction and the customer's kind:\n"
	"  FR: fr-b2b (ECB + 10 points, 40 EUR) or fr-b2c (legal rate, from the formal notice)\n"
	"  DE: de-b2b (base rate + 9, 40 EUR) or de-b2c (base rate + 5)\n"
	"  EU: eu-b2b (ECB + 8, 40 EUR)    GB: uk-b2b (Bank Rate + 8, 40/70/100 GBP)\n"
	"\n"
	"With --customer or --all, one row per invoice late on D or paid late:\n"
	"invoice_number, customer_id, currency, rule, days_late, interest, indemnity, total.\n"
	"\n"
	"options:\n"
	"  --customer ID   every invoice of this customer\n"
	"  --all           every invoice of the ledger\n"
	"  --date D        compute up to this day\n"
	"  --rule NAME     another rule: fr-b2b fr-b2c eu-b2b de-b2b de-b2c uk-b2b\n"
	"  --format F      table (default); csv (one row per segment); json (keys\n"
	"                  invoice_number, currency, rule, segments, interest, indemnity, total)\n";

#define MAX_SEGMENTS 256
#define MAX_CHANGES 1024

struct changes {
	struct rl_balance_change c[MAX_CHANGES];
	size_t n;
	int64_t balance;
};

static int add_change(void *ctx, const struct rl_allocation *a)
{
	struct changes *ch = ctx;

	if (ch->n == MAX_CHANGES)
		return RL_ENOMEM;
	ch->balance -= a->amount;
	ch->c[ch->n].date = a->date;
	ch->c[ch->n].balance = ch->balance;
	ch->n++;
	return 0;
}

static const char *default_rule(const char *jurisdiction, enum rl_customer_kind kind)
{
	bool consumer = kind == RL_CUSTOMER_CONSUMER;

	if (strcmp(jurisdiction, "FR") == 0)
		return consumer ? "fr-b2c" : "fr-b2b";
	if (strcmp(jurisdiction, "DE") == 0)
		return consumer ? "de-b2c" : "de-b2b";
	if (strcmp(jurisdiction, "EU") == 0 && !consumer)
		return "eu-b2b";
	if (strcmp(jurisdiction, "GB") == 0 && !consumer)
		return "uk-b2b";
	return NULL;
}

static int load_rule(const char *name, struct rl_interest_rule *rule, struct rl_err *err)
{
	char file[64];

	snprintf(file, sizeof(file), "%s.ini", name);
	for (const struct rl_embedded_file *f = rl_shipped_rules; f->file; f++)
		if (strcmp(f->file, file) == 0)
			return rl_rule_load_mem(f->text, strlen(f->text), f->file, name, rule, err);
	return rl_err_set(err, RL_EUSAGE,
			  "'%s' is not a rule (fr-b2b, fr-b2c, eu-b2b, de-b2b, "
			  "de-b2c, uk-b2b)",
			  name);
}

/* Loads every shipped rate table into tables[] and points set at them. */
static int load_rates(struct rl_rate_table *tables, struct rl_rate_set *set, struct rl_err *err)
{
	for (int src = 0; src < RL_RATE_SOURCE_COUNT; src++) {
		const char *path = rl_rate_source_file((enum rl_rate_source)src);
		const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
		int rc = RL_ENOTFOUND;

		for (const struct rl_embedded_file *f = rl_shipped_rates; f->file; f++) {
			if (strcmp(f->file, base) == 0) {
				rc = rl_rates_load_mem(f->text, strlen(f->text), f->file,
						       (enum rl_rate_source)src, &tables[src], err);
				break;
			}
		}
		if (rc)
			return rc == RL_ENOTFOUND ? rl_err_set(err, rc, "no rate table %s", base)
						  : rc;
		set->table[src] = &tables[src];
	}
	return 0;
}

static void money_text(char *buf, size_t cap, int64_t v, const struct rl_currency *cur)
{
	rl_money_format(buf, cap, v, cur, RL_LOCALE_C);
}

static int print_json(const struct rl_invoice *inv, const struct rl_interest_rule *rule,
		      const struct rl_interest_segment *segs, size_t nsegs,
		      const struct rl_interest_result *r)
{
	json_t *o = json_object(), *arr = json_array();
	char a[64], b[64], rate[RL_RATE_FMT_MAX], d1[16], d2[16];
	char *text;

	for (size_t i = 0; i < nsegs; i++) {
		rl_date_format_iso(segs[i].from, d1);
		rl_date_format_iso(segs[i].to, d2);
		money_text(a, sizeof(a), segs[i].balance, inv->currency);
		money_text(b, sizeof(b), segs[i].amount, inv->currency);
		rl_rate_format(rate, sizeof(rate), segs[i].rate);
		json_array_append_new(arr, json_pack("{s:s, s:s, s:i, s:s, s:s, s:s}", "from", d1,
						     "to", d2, "days", (int)segs[i].days, "balance",
						     a, "rate", rate, "amount", b));
	}
	json_object_set_new(o, "invoice_number", json_string(inv->number));
	json_object_set_new(o, "currency", json_string(inv->currency->code));
	json_object_set_new(o, "rule", json_string(rule->name));
	json_object_set_new(o, "segments", arr);
	money_text(a, sizeof(a), r->interest, inv->currency);
	json_object_set_new(o, "interest", json_string(a));
	money_text(a, sizeof(a), r->indemnity,
		   r->indemnity_currency ? r->indemnity_currency : inv->currency);
	json_object_set_new(o, "indemnity", json_string(a));
	if (r->indemnity_currency && r->indemnity_currency != inv->currency)
		json_object_set_new(o, "indemnity_currency",
				    json_string(r->indemnity_currency->code));
	money_text(a, sizeof(a), r->total, inv->currency);
	json_object_set_new(o, "total", json_string(a));
	text = json_dumps(o, JSON_PRESERVE_ORDER | JSON_INDENT(2));
	json_decref(o);
	if (!text)
		return EXIT_FAIL;
	puts(text);
	free(text);
	return EXIT_OK;
}

static int print_segments(struct cli *cli, enum out_format fmt, const struct rl_invoice *inv,
			  const struct rl_interest_segment *segs, size_t nsegs)
{
	static const struct out_col cols[] = {
		{ "from", OUT_DATE },     { "to", OUT_DATE },  { "days", OUT_INT },
		{ "balance", OUT_MONEY }, { "rate", OUT_STR }, { "amount", OUT_MONEY },
	};
	struct out o;

	out_begin(&o, fmt, cli->locale, cols, 6, false, stdout);
	for (size_t i = 0; i < nsegs; i++) {
		char rate[RL_RATE_FMT_MAX], shown[RL_RATE_FMT_MAX + 3];
		struct out_val v[6] = {
			{ .d = segs[i].from }, { .d = segs[i].to },
			{ .i = segs[i].days }, { .i = segs[i].balance, .cur = inv->currency },
			{ .s = shown },        { .i = segs[i].amount, .cur = inv->currency },
		};

		rl_rate_format(rate, sizeof(rate), segs[i].rate);
		snprintf(shown, sizeof(shown), fmt == OUT_TABLE ? "%s %%" : "%s", rate);
		out_row(&o, v);
	}
	return out_end(&o) ? EXIT_FAIL : EXIT_OK;
}

static int compute(struct cli *cli, const char *number, const char *rule_name, rl_date asof,
		   enum out_format fmt)
{
	static struct changes ch;
	static struct rl_interest_segment segs[MAX_SEGMENTS];
	struct rl_rate_table tables[RL_RATE_SOURCE_COUNT];
	char num[RL_MAX_ID + 1], cust[RL_MAX_ID + 1], jur[8];
	struct rl_interest_input in = { 0 };
	struct rl_interest_result r;
	struct rl_interest_rule rule;
	struct rl_rate_set set = { { 0 } };
	struct rl_creditor cr;
	struct rl_customer cu;
	struct rl_invoice inv;
	struct rl_err err;
	int rc;

	memset(tables, 0, sizeof(tables));
	rl_err_clear(&err);
	if ((rc = rl_store_creditor_get(cli->store, cli->creditor_code, &cr, &err)))
		return cli_exit(rc, &err);
	snprintf(jur, sizeof(jur), "%s", cr.jurisdiction);
	if ((rc = rl_store_invoice_get(cli->store, cli->creditor, number, &inv, &err)))
		return cli_exit(rc, &err);
	snprintf(num, sizeof(num), "%s", inv.number);
	snprintf(cust, sizeof(cust), "%s", inv.customer_code);
	inv.number = num;
	inv.customer_code = cust;
	if (inv.type == RL_DOC_CREDIT_NOTE) {
		cli_errorf("'%s' is a credit note: it bears no interest", num);
		return EXIT_FAIL;
	}
	if ((rc = rl_store_customer_get(cli->store, cli->creditor, cust, &cu, &err)))
		return cli_exit(rc, &err);
	if (!rule_name && !(rule_name = default_rule(jur, cu.kind))) {
		cli_errorf("no statutory rule for a %s under %s law: name one with --rule",
			   rl_customer_kind_str(cu.kind), jur);
		return EXIT_FAIL;
	}
	ch.n = 0;
	ch.balance = inv.amount;
	if ((rc = rl_store_allocation_each(cli->store, cli->creditor, inv.id, add_change, &ch,
					   &err)) ||
	    (rc = load_rule(rule_name, &rule, &err)) || (rc = load_rates(tables, &set, &err)))
		goto out;
	in.currency = inv.currency;
	in.due_date = inv.due_date;
	in.amount = inv.amount;
	in.changes = ch.c;
	in.nchanges = ch.n;
	in.asof = asof;
	rc = rl_interest_compute(&rule, &set, &in, segs, MAX_SEGMENTS, &r, &err);
	if (rc)
		goto out;
	if (r.nsegments > MAX_SEGMENTS) {
		rc = rl_err_set(&err, RL_ENOMEM, "more than %d segments", MAX_SEGMENTS);
		goto out;
	}
	if (fmt == OUT_JSON) {
		rc = print_json(&inv, &rule, segs, r.nsegments, &r) ? RL_EIO : 0;
		goto out;
	}
	if (fmt == OUT_TABLE)
		printf("invoice %s, %s, rule %s (%s)\n\n", num, inv.currency->code, rule.name,
		       rule.title);
	if (print_segments(cli, fmt, &inv, segs, r.nsegments)) {
		rc = rl_err_set(&err, RL_EIO, "cannot write the output");
		goto out;
	}
	if (fmt == OUT_TABLE) {
		char a[64], b[64], c[64];

		rl_money_format(a, sizeof(a), r.interest, inv.currency, cli->locale);
		rl_money_format(b, sizeof(b), r.indemnity,
				r.indemnity_currency ? r.indemnity_currency : inv.currency,
				cli->locale);
		rl_money_format(c, sizeof(c), r.total, inv.currency, cli->locale);
		printf("\ninterest:  %s\nindemnity: %s\ntotal:     %s\n", a, b, c);
	}
out:
	for (int i = 0; i < RL_RATE_SOURCE_COUNT; i++)
		rl_rates_release(&tables[i]);
	return cli_exit(rc, &err);
}

/* --- several invoices: --customer, --all ------------------------------------------ */

struct kind_of {
	int64_t id;
	char *code;
	enum rl_customer_kind kind;
};

struct many {
	struct cli *cli;
	const char *rule_override;
	char jurisdiction[8];
	struct rl_rate_set set;
	struct rl_interest_rule rules[8];
	size_t nrules;
	struct kind_of *kinds;
	size_t nkinds, capkinds;
	rl_date asof;
	int64_t only_customer; /* --customer: its id; 0 for all */
	struct out out;
	struct rl_err *err;
	int64_t rows;
};

static int collect_kind(void *ctx, const struct rl_customer *c)
{
	struct many *m = ctx;

	if (m->nkinds == m->capkinds) {
		size_t ncap = m->capkinds ? 2 * m->capkinds : 256;
		struct kind_of *grown = realloc(m->kinds, ncap * sizeof(*grown));

		if (!grown)
			return rl_err_set(m->err, RL_ENOMEM, "out of memory");
		m->kinds = grown;
		m->capkinds = ncap;
	}
	m->kinds[m->nkinds].id = c->id;
	m->kinds[m->nkinds].code = strdup(c->code);
	m->kinds[m->nkinds].kind = c->kind;
	if (!m->kinds[m->nkinds].code)
		return rl_err_set(m->err, RL_ENOMEM, "out of memory");
	m->nkinds++;
	return 0;
}

static int by_id(const void *a, const void *b)
{
	const struct kind_of *x = a, *y = b;

	return (x->id > y->id) - (x->id < y->id);
}

/* The customer with this id (kinds sorted by id), or NULL. */
static const struct kind_of *customer_of(const struct many *m, int64_t id)
{
	size_t lo = 0, hi = m->nkinds;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (m->kinds[mid].id == id)
			return &m->kinds[mid];
		if (m->kinds[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static int rule_for(struct many *m, const char *name, const struct rl_interest_rule **out)
{
	int rc;

	for (size_t i = 0; i < m->nrules; i++) {
		if (strcmp(m->rules[i].name, name) == 0) {
			*out = &m->rules[i];
			return 0;
		}
	}
	if (m->nrules == sizeof(m->rules) / sizeof(m->rules[0]))
		return rl_err_set(m->err, RL_ENOMEM, "too many rules");
	if ((rc = load_rule(name, &m->rules[m->nrules], m->err)))
		return rc;
	*out = &m->rules[m->nrules++];
	return 0;
}

static int one_invoice(void *ctx, const struct rl_invoice_history *h)
{
	static struct rl_balance_change changes[MAX_CHANGES];
	static struct rl_interest_segment segs[MAX_SEGMENTS];
	struct many *m = ctx;
	const struct rl_invoice *inv = h->inv;
	const struct kind_of *cu = customer_of(m, h->customer_id);
	const struct rl_interest_rule *rule;
	struct rl_interest_input in = { 0 };
	struct rl_interest_result r;
	const char *name = m->rule_override;
	int64_t balance = inv->amount;
	int rc;

	if (inv->type == RL_DOC_CREDIT_NOTE || !inv->currency || !cu ||
	    (m->only_customer && cu->id != m->only_customer))
		return 0;
	if (!name && !(name = default_rule(m->jurisdiction, cu->kind)))
		return 0; /* no statutory rule for this customer */
	if ((rc = rule_for(m, name, &rule)))
		return rc;
	if (h->nallocations > MAX_CHANGES)
		return rl_err_set(m->err, RL_ENOMEM, "invoice '%s': more than %d payments",
				  inv->number, MAX_CHANGES);
	for (size_t i = 0; i < h->nallocations; i++) {
		balance -= h->allocations[i].amount;
		changes[i].date = h->allocations[i].date;
		changes[i].balance = balance;
	}
	in.currency = inv->currency;
	in.due_date = inv->due_date;
	in.amount = inv->amount;
	in.changes = changes;
	in.nchanges = h->nallocations;
	in.asof = m->asof;
	if ((rc = rl_interest_compute(rule, &m->set, &in, segs, MAX_SEGMENTS, &r, m->err))) {
		char msg[RL_ERR_MSG_MAX];

		snprintf(msg, sizeof(msg), "%s", m->err->msg);
		return rl_err_set(m->err, rc, "invoice '%s': %s", inv->number, msg);
	}
	if (r.days_late <= 0)
		return 0;
	{
		struct out_val v[8] = {
			{ .s = inv->number },
			{ .s = cu->code },
			{ .s = inv->currency->code },
			{ .s = rule->name },
			{ .i = r.days_late },
			{ .i = r.interest, .cur = inv->currency },
			{ .i = r.indemnity,
			  .cur = r.indemnity_currency ? r.indemnity_currency : inv->currency },
			{ .i = r.total, .cur = inv->currency },
		};

		m->rows++;
		return out_row(&m->out, v);
	}
}

static int compute_many(struct cli *cli, const char *customer, const char *rule_name, rl_date asof,
			enum out_format fmt)
{
	static const struct out_col cols[] = {
		{ "invoice_number", OUT_STR }, { "customer_id", OUT_STR },
		{ "currency", OUT_STR },       { "rule", OUT_STR },
		{ "days_late", OUT_INT },      { "interest", OUT_MONEY },
		{ "indemnity", OUT_MONEY },    { "total", OUT_MONEY },
	};
	static struct many m;
	struct rl_rate_table tables[RL_RATE_SOURCE_COUNT];
	struct rl_creditor cr;
	struct rl_err err;
	int rc;

	memset(&m, 0, sizeof(m));
	memset(tables, 0, sizeof(tables));
	rl_err_clear(&err);
	m.cli = cli;
	m.rule_override = rule_name;
	m.asof = asof;
	m.err = &err;
	if ((rc = rl_store_creditor_get(cli->store, cli->creditor_code, &cr, &err)))
		return cli_exit(rc, &err);
	snprintf(m.jurisdiction, sizeof(m.jurisdiction), "%s", cr.jurisdiction);
	if (rule_name && (rc = rule_for(&m, rule_name, &(const struct rl_interest_rule *){ 0 })))
		goto out;
	if ((rc = load_rates(tables, &m.set, &err)) ||
	    (rc = rl_store_customer_each(cli->store, cli->creditor, collect_kind, &m, &err)) < 0)
		goto out;
	qsort(m.kinds, m.nkinds, sizeof(*m.kinds), by_id);
	for (size_t i = 0; customer && i < m.nkinds; i++)
		if (strcmp(m.kinds[i].code, customer) == 0)
			m.only_customer = m.kinds[i].id;
	if (customer && !m.only_customer) {
		rc = rl_err_set(&err, RL_ENOTFOUND, "no customer '%s'", customer);
		goto out;
	}
	out_begin(&m.out, fmt, cli->locale, cols, 8, false, stdout);
	rc = rl_store_invoice_history_each(cli->store, cli->creditor, asof, one_invoice, &m, &err);
	if (out_end(&m.out) && !rc)
		rc = rl_err_set(&err, RL_EIO, "cannot write the output");
out:
	for (int i = 0; i < RL_RATE_SOURCE_COUNT; i++)
		rl_rates_release(&tables[i]);
	for (size_t i = 0; i < m.nkinds; i++)
		free(m.kinds[i].code);
	free(m.kinds);
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
	enum out_format fmt = OUT_TABLE;
	const char *rule = NULL, *customer = NULL;
	bool all = false;
	rl_date asof = cli->today;
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
	return compute(cli, argv[optind], rule, asof, fmt);
}
