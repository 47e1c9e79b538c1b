/* Late-payment interest over the ledger: see relance/engine/interest.h.
 * The arithmetic is core's (core/interest.c); this file finds the inputs.
 * For the whole ledger it reads everything in a few scans (invoices with
 * their allocations, then the sparse facts: contractual rates, notices,
 * judgments, waivers, customer rules), never one query per invoice. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "relance/core/dunning.h"
#include "relance/core/limits.h"
#include "relance/engine/interest.h"
#include "relance/formats/rates.h"
#include "relance/store/history.h"
#include "relance/store/interest.h"
#include "relance/store/journal.h"
#include "relance/store/rates.h"

#define MAX_SEGMENTS 256
#define MAX_CHANGES 1024
#define MAX_RULES 8

/* --- rate tables ----------------------------------------------------------------- */

static int shipped_table(enum rl_rate_source src, struct rl_rate_table *out, struct rl_err *err)
{
	const char *path = rl_rate_source_file(src);
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;

	for (const struct rl_embedded_file *f = rl_shipped_rates; f->file; f++)
		if (strcmp(f->file, base) == 0)
			return rl_rates_load_mem(f->text, strlen(f->text), f->file, src, out, err);
	return rl_err_set(err, RL_ENOTFOUND, "no rate table %s", base);
}

/* The imported rows of one source, in date order. */
struct imported {
	struct rl_rate_point *pts;
	char (*origin)[RL_RATE_ORIGIN_SHOWN];
	size_t n, cap;
	struct rl_err *err;
};

static int collect_row(void *ctx, const struct rl_rate_row *r)
{
	struct imported *im = ctx;

	if (im->n == im->cap) {
		size_t ncap = im->cap ? 2 * im->cap : 64;
		struct rl_rate_point *p = realloc(im->pts, ncap * sizeof(*p));
		char(*o)[RL_RATE_ORIGIN_SHOWN];

		if (p)
			im->pts = p;
		o = p ? realloc(im->origin, ncap * sizeof(*o)) : NULL;
		if (!o)
			return rl_err_set(im->err, RL_ENOMEM, "out of memory");
		im->origin = o;
		im->cap = ncap;
	}
	im->pts[im->n].from = r->from;
	im->pts[im->n].rate = r->rate;
	snprintf(im->origin[im->n], RL_RATE_ORIGIN_SHOWN, "%s", r->origin);
	im->n++;
	return 0;
}

/* Lays im over the shipped table in *t (points and origins replaced). */
static int merge(struct rl_rate_table *t, char (**origin)[RL_RATE_ORIGIN_SHOWN],
		 const struct imported *im, rl_date known, struct rl_err *err)
{
	size_t cap = t->n + im->n, n = 0, i = 0, j = 0;
	struct rl_rate_point *pts = malloc(cap * sizeof(*pts));
	char(*org)[RL_RATE_ORIGIN_SHOWN] = malloc(cap * sizeof(*org));

	if (!pts || !org) {
		free(pts);
		free(org);
		return rl_err_set(err, RL_ENOMEM, "out of memory");
	}
	while (i < t->n || j < im->n) {
		bool take_imported =
			j < im->n && (i == t->n || im->pts[j].from <= t->points[i].from);

		if (take_imported) {
			if (i < t->n && t->points[i].from == im->pts[j].from)
				i++; /* the imported row replaces the shipped one */
			pts[n] = im->pts[j];
			memcpy(org[n], im->origin[j], sizeof(org[n]));
			j++;
		} else {
			pts[n] = t->points[i++];
			snprintf(org[n], sizeof(org[n]), "shipped");
		}
		n++;
	}
	free(t->points);
	t->points = pts;
	t->n = n;
	if (known != RL_DATE_NONE && known > t->known_through)
		t->known_through = known;
	if (t->known_through < pts[n - 1].from)
		t->known_through = pts[n - 1].from;
	*origin = org;
	return rl_rate_table_check(t, err);
}

static int load_source(rl_store *s, enum rl_rate_source src, struct rl_rate_tables *rt,
		       struct rl_err *err)
{
	struct imported im = { .err = err };
	rl_date known = RL_DATE_NONE;
	bool found = false;
	int rc;

	if ((rc = shipped_table(src, &rt->table[src], err)))
		return rc;
	/* origin "" makes core name the shipped file in its messages */
	rt->table[src].origin[0] = '\0';
	if ((rc = rl_rate_rows_each(s, src, collect_row, &im, err)) < 0 ||
	    (rc = rl_rate_known_get(s, src, &known, &found, err)))
		goto out;
	rc = merge(&rt->table[src], &rt->origin[src], &im, found ? known : RL_DATE_NONE, err);
out:
	free(im.pts);
	free(im.origin);
	return rc < 0 ? rc : 0;
}

int rl_rate_tables_load(rl_store *s, struct rl_rate_tables *out, struct rl_err *err)
{
	int rc;

	memset(out, 0, sizeof(*out));
	for (int src = 0; src < RL_RATE_SOURCE_COUNT; src++) {
		if ((rc = load_source(s, (enum rl_rate_source)src, out, err)))
			return rc;
		out->set.table[src] = &out->table[src];
	}
	return 0;
}

void rl_rate_tables_release(struct rl_rate_tables *rt)
{
	if (!rt)
		return;
	for (int src = 0; src < RL_RATE_SOURCE_COUNT; src++) {
		rl_rates_release(&rt->table[src]);
		free(rt->origin[src]);
		rt->origin[src] = NULL;
		rt->set.table[src] = NULL;
	}
}

/* --- importing a rate file ---------------------------------------------------------- */

static bool is_periods(enum rl_rate_source s)
{
	return s == RL_RATE_FR_LEGAL_OTHER || s == RL_RATE_FR_LEGAL_PRIVATE || s == RL_RATE_DE_BASE;
}

/* The rate known for source s from exactly `from` before the import. */
static bool known_point(const struct rl_rate_table *t, rl_date from, int64_t *rate)
{
	for (size_t k = 0; k < t->n; k++) {
		if (t->points[k].from == from) {
			*rate = t->points[k].rate;
			return true;
		}
	}
	return false;
}

static int import_table(rl_store *s, const struct rl_rate_table *in,
			const struct rl_rate_table *before, const char *origin, const char *at,
			rl_rate_replaced_fn fn, void *ctx, struct rl_rates_import_result *out,
			struct rl_err *err)
{
	bool moved;
	int rc;

	if (is_periods(in->source) && in->points[0].from > before->known_through + 1) {
		char a[RL_DATE_ISO_LEN + 1], b[RL_DATE_ISO_LEN + 1];

		rl_date_format_iso(in->points[0].from, a);
		rl_date_format_iso(before->known_through, b);
		return rl_err_set(err, RL_EINVAL,
				  "%s: the first period starts on %s, but the %s rate is known "
				  "through %s only: import the periods in between too",
				  origin, a, rl_rate_source_label(in->source), b);
	}
	for (size_t k = 0; k < in->n; k++) {
		enum rl_rate_put what;
		int64_t old = 0, prev;
		bool had = known_point(before, in->points[k].from, &prev);

		if ((rc = rl_rate_put(s, in->source, in->points[k].from, in->points[k].rate, origin,
				      at, &what, &old, err)))
			return rc;
		if (what == RL_RATE_SAME)
			continue;
		out->changed = true;
		if (what == RL_RATE_REPLACED || (had && prev != in->points[k].rate)) {
			out->replaced++;
			if (fn)
				fn(ctx, in->source, in->points[k].from,
				   what == RL_RATE_REPLACED ? old : prev, in->points[k].rate);
		}
		if (what == RL_RATE_ADDED)
			out->added++;
	}
	if ((rc = rl_rate_known_put(s, in->source, in->known_through, origin, at, &moved, err)))
		return rc;
	out->changed |= moved;
	return 0;
}

static int journal_import(rl_store *s, int64_t creditor, const char *creditor_code,
			  const char *actor, const char *at, const char *file,
			  const struct rl_rates_import_result *r, struct rl_err *err)
{
	char first[RL_DATE_ISO_LEN + 1], last[RL_DATE_ISO_LEN + 1], kt[RL_DATE_ISO_LEN + 1];
	struct rl_journal_writer jw;
	struct rl_journal_entry e = { 0 };
	json_t *payload;
	char *text;
	int rc;

	rl_date_format_iso(r->first, first);
	rl_date_format_iso(r->last, last);
	rl_date_format_iso(r->known_through, kt);
	payload = json_pack("{s:I, s:s, s:s, s:s, s:s, s:I, s:I, s:s}", "added",
			    (json_int_t)r->added, "file", file, "first", first, "known_through", kt,
			    "last", last, "replaced", (json_int_t)r->replaced, "rows",
			    (json_int_t)r->rows, "source", r->source);
	text = payload ? json_dumps(payload, JSON_SORT_KEYS | JSON_COMPACT) : NULL;
	json_decref(payload);
	if (!text)
		return rl_err_set(err, RL_EINVAL, "%s: the file name is not valid UTF-8", file);
	if ((rc = rl_journal_open(&jw, s, creditor, creditor_code, err))) {
		free(text);
		return rc;
	}
	e.at = at;
	e.actor = actor;
	e.customer = "";
	e.invoice = "";
	e.kind = "rates_import";
	e.payload = text;
	rc = rl_journal_add(&jw, &e, err);
	if (!rc)
		rc = rl_journal_close(&jw, err);
	else
		rl_journal_abandon(&jw);
	free(text);
	return rc;
}

int rl_rates_import(rl_store *s, int64_t creditor, const char *creditor_code, const char *path,
		    const char *actor, const char *at, rl_rate_replaced_fn fn, void *ctx,
		    struct rl_rates_import_result *out, struct rl_err *err)
{
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	struct rl_rate_table in[2];
	struct rl_rate_tables before;
	const char *category;
	size_t n = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	memset(&before, 0, sizeof(before));
	if (strlen(base) >= RL_RATE_ORIGIN_SHOWN)
		return rl_err_set(err, RL_EINVAL, "%s: the file name is longer than %d bytes", path,
				  RL_RATE_ORIGIN_SHOWN - 1);
	if ((rc = rl_rates_load_any_file(path, in, &n, err)))
		return rc;
	rl_rate_store_key(in[0].source, &out->source, &category);
	out->rows = (int64_t)in[0].n;
	out->first = in[0].points[0].from;
	out->last = in[0].points[in[0].n - 1].from;
	out->known_through = in[0].known_through;
	if ((rc = rl_store_begin(s, err)))
		goto out;
	if ((rc = rl_rate_tables_load(s, &before, err)))
		goto fail;
	for (size_t i = 0; i < n; i++)
		if ((rc = import_table(s, &in[i], &before.table[in[i].source], base, at, fn, ctx,
				       out, err)))
			goto fail;
	if (!out->changed) {
		rl_store_rollback(s);
		goto out;
	}
	if ((rc = journal_import(s, creditor, creditor_code, actor, at, base, out, err)) ||
	    (rc = rl_store_commit(s, err)))
		goto fail;
	goto out;
fail:
	rl_store_rollback(s);
out:
	rl_rate_tables_release(&before);
	for (size_t i = 0; i < n; i++)
		rl_rates_release(&in[i]);
	return rc;
}

/* --- rules -------------------------------------------------------------------------- */

const char *rl_interest_default_rule(const char *jurisdiction, enum rl_customer_kind kind)
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

int rl_interest_rule_load(const char *name, struct rl_interest_rule *out, struct rl_err *err)
{
	char file[RL_RULE_NAME_MAX + 8];

	snprintf(file, sizeof(file), "%s.ini", name);
	for (const struct rl_embedded_file *f = rl_shipped_rules; f->file; f++)
		if (strcmp(f->file, file) == 0)
			return rl_rule_load_mem(f->text, strlen(f->text), f->file, name, out, err);
	return rl_err_set(err, RL_EUSAGE,
			  "'%s' is not a rule (fr-b2b, fr-b2c, eu-b2b, de-b2b, de-b2c, uk-b2b)",
			  name);
}

/* --- the context ---------------------------------------------------------------------- */

/* What the store knows about one invoice beyond the ledger. */
struct facts {
	int64_t invoice_id;
	bool has_contract;
	int64_t contract;
	rl_date notice_step, notice_hand, judgment;
	bool waived_interest, waived_indemnity;
};

struct customer_rule {
	int64_t customer_id;
	char rule[RL_RULE_NAME_MAX];
};

struct customer_kind {
	int64_t id;
	char *code;
	enum rl_customer_kind kind;
};

struct rl_interest_ctx {
	rl_store *store;
	int64_t creditor;
	char jurisdiction[8];
	const char *rule_override;
	struct rl_rate_tables rates;
	struct rl_interest_rule rules[MAX_RULES];
	size_t nrules;
	struct facts *facts; /* sorted by invoice_id, one per invoice */
	size_t nfacts, capfacts;
	struct customer_rule *crules; /* sorted by customer_id */
	size_t ncrules, capcrules;
	struct customer_kind *kinds; /* --all: every customer, sorted by id */
	size_t nkinds, capkinds;
	struct rl_balance_change changes[MAX_CHANGES];
	struct rl_interest_segment segs[MAX_SEGMENTS];
	struct rl_err *err;
	rl_date asof; /* of the facts loaded */
	/* rl_interest_one's invoice, handed out until the next call */
	struct rl_invoice inv;
	char num[RL_MAX_ID + 1], cust[RL_MAX_ID + 1];
};

int rl_interest_ctx_new(rl_store *s, int64_t creditor, const char *rule_override,
			rl_interest_ctx **out, struct rl_err *err)
{
	rl_interest_ctx *c = calloc(1, sizeof(*c));
	int rc;

	*out = NULL;
	if (!c)
		return rl_err_set(err, RL_ENOMEM, "out of memory");
	c->store = s;
	c->creditor = creditor;
	c->rule_override = rule_override;
	snprintf(c->jurisdiction, sizeof(c->jurisdiction), "FR");
	if ((rc = rl_creditor_jurisdiction(s, creditor, c->jurisdiction, sizeof(c->jurisdiction),
					   err)) ||
	    (rc = rl_rate_tables_load(s, &c->rates, err))) {
		rl_interest_ctx_free(c);
		return rc;
	}
	*out = c;
	return 0;
}

void rl_interest_ctx_free(rl_interest_ctx *c)
{
	if (!c)
		return;
	rl_rate_tables_release(&c->rates);
	for (size_t i = 0; i < c->nkinds; i++)
		free(c->kinds[i].code);
	free(c->kinds);
	free(c->facts);
	free(c->crules);
	free(c);
}

static int rule_named(rl_interest_ctx *c, const char *name, const struct rl_interest_rule **out,
		      struct rl_err *err)
{
	int rc;

	for (size_t i = 0; i < c->nrules; i++) {
		if (strcmp(c->rules[i].name, name) == 0) {
			*out = &c->rules[i];
			return 0;
		}
	}
	if (c->nrules == MAX_RULES)
		return rl_err_set(err, RL_ENOMEM, "more than %d rules", MAX_RULES);
	if ((rc = rl_interest_rule_load(name, &c->rules[c->nrules], err)))
		return rc;
	*out = &c->rules[c->nrules++];
	return 0;
}

/* --- facts ------------------------------------------------------------------------------ */

static struct facts *facts_of(const rl_interest_ctx *c, int64_t invoice_id)
{
	size_t lo = 0, hi = c->nfacts;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (c->facts[mid].invoice_id == invoice_id)
			return &c->facts[mid];
		if (c->facts[mid].invoice_id < invoice_id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static const char *customer_rule_of(const rl_interest_ctx *c, int64_t customer_id)
{
	size_t lo = 0, hi = c->ncrules;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (c->crules[mid].customer_id == customer_id)
			return c->crules[mid].rule;
		if (c->crules[mid].customer_id < customer_id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static int grow(void **v, size_t *cap, size_t n, size_t size)
{
	size_t ncap;
	void *p;

	if (n < *cap)
		return 0;
	ncap = *cap ? 2 * *cap : 64;
	if (!(p = realloc(*v, ncap * size)))
		return RL_ENOMEM;
	*v = p;
	*cap = ncap;
	return 0;
}

static int add_fact(void *ctx, const struct rl_invoice_fact *f)
{
	rl_interest_ctx *c = ctx;
	struct facts *x;

	if (f->kind == RL_FACT_CUSTOMER_RULE) {
		if (grow((void **)&c->crules, &c->capcrules, c->ncrules, sizeof(*c->crules)))
			return rl_err_set(c->err, RL_ENOMEM, "out of memory");
		c->crules[c->ncrules].customer_id = f->invoice_id;
		snprintf(c->crules[c->ncrules].rule, RL_RULE_NAME_MAX, "%s", f->text);
		c->ncrules++;
		return 0;
	}
	/* Not sent, recorded or judged yet on the day computed to: a notice
	 * recorded by hand replaces the run's only from its own day on. */
	if ((f->kind == RL_FACT_NOTICE_STEP || f->kind == RL_FACT_NOTICE_RECORDED ||
	     f->kind == RL_FACT_JUDGMENT) &&
	    f->date > c->asof)
		return 0;
	/* facts arrive kind after kind: several rows per invoice, merged later */
	if (grow((void **)&c->facts, &c->capfacts, c->nfacts, sizeof(*c->facts)))
		return rl_err_set(c->err, RL_ENOMEM, "out of memory");
	x = &c->facts[c->nfacts++];
	memset(x, 0, sizeof(*x));
	x->invoice_id = f->invoice_id;
	x->notice_step = x->notice_hand = x->judgment = RL_DATE_NONE;
	switch (f->kind) {
	case RL_FACT_CONTRACT_RATE:
		x->has_contract = true;
		x->contract = f->value;
		break;
	case RL_FACT_NOTICE_STEP:
		x->notice_step = f->date;
		break;
	case RL_FACT_NOTICE_RECORDED:
		x->notice_hand = f->date;
		break;
	case RL_FACT_JUDGMENT:
		x->judgment = f->date;
		break;
	case RL_FACT_WAIVED_INTEREST:
		x->waived_interest = true;
		break;
	default:
		x->waived_indemnity = true;
		break;
	}
	return 0;
}

static int by_invoice(const void *a, const void *b)
{
	const struct facts *x = a, *y = b;

	return (x->invoice_id > y->invoice_id) - (x->invoice_id < y->invoice_id);
}

static int by_customer(const void *a, const void *b)
{
	const struct customer_rule *x = a, *y = b;

	return (x->customer_id > y->customer_id) - (x->customer_id < y->customer_id);
}

/* Reads the facts (of one invoice and customer, or 0, 0: of all) and folds
 * them into one entry per invoice. */
static int load_facts(rl_interest_ctx *c, int64_t invoice_id, int64_t customer_id, rl_date asof,
		      struct rl_err *err)
{
	size_t n = 0;
	int rc;

	c->asof = asof;
	c->nfacts = c->ncrules = 0;
	c->err = err;
	rc = rl_invoice_fact_each(c->store, c->creditor, invoice_id, customer_id, add_fact, c, err);
	if (rc)
		return rc < 0 ? rc : 0;
	if (c->nfacts > 1)
		qsort(c->facts, c->nfacts, sizeof(*c->facts), by_invoice);
	if (c->ncrules > 1)
		qsort(c->crules, c->ncrules, sizeof(*c->crules), by_customer);
	for (size_t i = 0; i < c->nfacts; i++) {
		struct facts *to = &c->facts[n], *f = &c->facts[i];

		if (i > 0 && f->invoice_id == to->invoice_id) {
			to->has_contract |= f->has_contract;
			if (f->has_contract)
				to->contract = f->contract;
			if (f->notice_step < to->notice_step) /* RL_DATE_NONE is the largest */
				to->notice_step = f->notice_step;
			if (f->notice_hand != RL_DATE_NONE)
				to->notice_hand = f->notice_hand;
			if (f->judgment != RL_DATE_NONE)
				to->judgment = f->judgment;
			to->waived_interest |= f->waived_interest;
			to->waived_indemnity |= f->waived_indemnity;
			continue;
		}
		if (i > 0)
			to = &c->facts[++n];
		*to = *f;
	}
	c->nfacts = c->nfacts ? n + 1 : 0;
	return 0;
}

/* --- computing ------------------------------------------------------------------------- */

static int choose_rule(rl_interest_ctx *c, int64_t customer_id, enum rl_customer_kind kind,
		       const struct rl_interest_rule **out, struct rl_err *err)
{
	const char *name = c->rule_override;

	if (!name)
		name = customer_rule_of(c, customer_id);
	if (!name && !(name = rl_interest_default_rule(c->jurisdiction, kind))) {
		*out = NULL;
		return 0;
	}
	return rule_named(c, name, out, err);
}

/* Computes ii's figures from the invoice, its balance changes and its facts. */
static int compute(rl_interest_ctx *c, const struct rl_invoice *inv, size_t nchanges,
		   const struct rl_interest_rule *rule, rl_date asof,
		   struct rl_invoice_interest *ii, struct rl_err *err)
{
	const struct facts *f = facts_of(c, inv->id);
	struct rl_interest_input in = { 0 };
	struct rl_interest_result *r = &ii->r;
	int rc;

	ii->inv = inv;
	ii->rule = rule;
	ii->segs = c->segs;
	ii->notice = ii->judgment = RL_DATE_NONE;
	if (f) {
		ii->has_contract_rate = f->has_contract;
		ii->contract_rate = f->contract;
		ii->notice_by_hand = f->notice_hand != RL_DATE_NONE;
		ii->notice = ii->notice_by_hand ? f->notice_hand : f->notice_step;
		ii->judgment = f->judgment;
		ii->waived_interest = f->waived_interest;
		ii->waived_indemnity = f->waived_indemnity;
	}
	in.currency = inv->currency;
	in.due_date = inv->due_date;
	in.amount = inv->amount;
	in.changes = c->changes;
	in.nchanges = nchanges;
	in.asof = asof;
	in.has_contract_rate = ii->has_contract_rate;
	in.contract_rate = ii->contract_rate;
	in.has_notice = ii->notice != RL_DATE_NONE;
	in.notice_date = ii->notice;
	in.has_judgment = ii->judgment != RL_DATE_NONE;
	in.judgment_date = ii->judgment;
	if ((rc = rl_interest_compute(rule, &c->rates.set, &in, c->segs, MAX_SEGMENTS, r, err)))
		return rc;
	if (r->nsegments > MAX_SEGMENTS)
		return rl_err_set(err, RL_ENOMEM, "more than %d segments", MAX_SEGMENTS);
	ii->interest_due = ii->waived_interest ? 0 : r->interest;
	ii->indemnity_due = ii->waived_indemnity ? 0 : r->indemnity;
	ii->total_due = ii->interest_due;
	if (r->indemnity_currency && r->indemnity_currency == inv->currency)
		ii->total_due += ii->indemnity_due;
	return 0;
}

struct one_changes {
	rl_interest_ctx *c;
	size_t n;
	int64_t balance;
};

static int add_change(void *ctx, const struct rl_allocation *a)
{
	struct one_changes *oc = ctx;

	if (oc->n == MAX_CHANGES)
		return RL_ENOMEM;
	oc->balance -= a->amount;
	oc->c->changes[oc->n].date = a->date;
	oc->c->changes[oc->n].balance = oc->balance;
	oc->n++;
	return 0;
}

int rl_interest_one(rl_interest_ctx *c, const char *number, rl_date asof,
		    struct rl_invoice_interest *out, struct rl_err *err)
{
	struct rl_invoice *inv = &c->inv;
	char *num = c->num, *cust = c->cust;
	const struct rl_interest_rule *rule;
	struct one_changes oc = { c, 0, 0 };
	struct rl_customer cu;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = rl_store_invoice_get(c->store, c->creditor, number, inv, err)))
		return rc;
	snprintf(num, sizeof(c->num), "%s", inv->number);
	snprintf(cust, sizeof(c->cust), "%s", inv->customer_code);
	inv->number = num;
	inv->customer_code = cust;
	out->customer_code = cust;
	if (inv->type == RL_DOC_CREDIT_NOTE)
		return rl_err_set(err, RL_EINVAL, "'%s' is a credit note: it bears no interest",
				  num);
	if ((rc = rl_store_customer_get(c->store, c->creditor, cust, &cu, err)) ||
	    (rc = load_facts(c, inv->id, cu.id, asof, err)) ||
	    (rc = choose_rule(c, cu.id, cu.kind, &rule, err)))
		return rc;
	if (!rule)
		return rl_err_set(err, RL_EINVAL,
				  "no statutory rule for a %s under %s law: name one with --rule",
				  rl_customer_kind_str(cu.kind), c->jurisdiction);
	oc.balance = inv->amount;
	rc = rl_store_allocation_each(c->store, c->creditor, inv->id, add_change, &oc, err);
	if (rc == RL_ENOMEM)
		return rl_err_set(err, rc, "invoice '%s': more than %d payments", num, MAX_CHANGES);
	if (rc)
		return rc;
	return compute(c, inv, oc.n, rule, asof, out, err);
}

/* --- the whole ledger ------------------------------------------------------------------- */

struct each_walk {
	rl_interest_ctx *c;
	int64_t only_customer;
	rl_date asof;
	rl_invoice_interest_fn fn;
	rl_interest_unknown_fn unknown;
	void *ctx;
	int64_t nunknown;
	struct rl_err *err;
};

static int collect_kind(void *ctx, const struct rl_customer *cu)
{
	struct each_walk *w = ctx;
	rl_interest_ctx *c = w->c;

	if (grow((void **)&c->kinds, &c->capkinds, c->nkinds, sizeof(*c->kinds)))
		return rl_err_set(w->err, RL_ENOMEM, "out of memory");
	c->kinds[c->nkinds].id = cu->id;
	c->kinds[c->nkinds].kind = cu->kind;
	if (!(c->kinds[c->nkinds].code = strdup(cu->code)))
		return rl_err_set(w->err, RL_ENOMEM, "out of memory");
	c->nkinds++;
	return 0;
}

static int by_id(const void *a, const void *b)
{
	const struct customer_kind *x = a, *y = b;

	return (x->id > y->id) - (x->id < y->id);
}

static const struct customer_kind *customer_of(const rl_interest_ctx *c, int64_t id)
{
	size_t lo = 0, hi = c->nkinds;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (c->kinds[mid].id == id)
			return &c->kinds[mid];
		if (c->kinds[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static int each_invoice(void *ctx, const struct rl_invoice_history *h)
{
	struct each_walk *w = ctx;
	rl_interest_ctx *c = w->c;
	const struct rl_invoice *inv = h->inv;
	const struct customer_kind *cu = customer_of(c, h->customer_id);
	const struct rl_interest_rule *rule;
	struct rl_invoice_interest ii;
	int64_t balance = inv->amount;
	int rc;

	if (inv->type == RL_DOC_CREDIT_NOTE || !inv->currency || !cu ||
	    (w->only_customer && cu->id != w->only_customer))
		return 0;
	if ((rc = choose_rule(c, cu->id, cu->kind, &rule, w->err)))
		return rc;
	if (!rule)
		return 0; /* no statutory rule for this customer */
	if (h->nallocations > MAX_CHANGES)
		return rl_err_set(w->err, RL_ENOMEM, "invoice '%s': more than %d payments",
				  inv->number, MAX_CHANGES);
	for (size_t i = 0; i < h->nallocations; i++) {
		balance -= h->allocations[i].amount;
		c->changes[i].date = h->allocations[i].date;
		c->changes[i].balance = balance;
	}
	memset(&ii, 0, sizeof(ii));
	ii.customer_code = cu->code;
	if ((rc = compute(c, inv, h->nallocations, rule, w->asof, &ii, w->err))) {
		char msg[RL_ERR_MSG_MAX];

		snprintf(msg, sizeof(msg), "%s", w->err->msg);
		rl_err_set(w->err, rc, "invoice '%s': %s", inv->number, msg);
		if (rc != RL_ENOTFOUND || !w->unknown)
			return rc;
		w->unknown(w->ctx, w->err);
		w->nunknown++;
		rl_err_clear(w->err);
		return 0;
	}
	if (ii.r.days_late <= 0)
		return 0;
	return w->fn(w->ctx, &ii);
}

int rl_interest_each(rl_interest_ctx *c, const char *customer_code, rl_date asof,
		     rl_invoice_interest_fn fn, rl_interest_unknown_fn unknown, void *ctx,
		     int64_t *nunknown, struct rl_err *err)
{
	struct each_walk w = { c, 0, asof, fn, unknown, ctx, 0, err };
	int rc;

	for (size_t i = 0; i < c->nkinds; i++)
		free(c->kinds[i].code);
	c->nkinds = 0;
	if ((rc = rl_store_customer_each(c->store, c->creditor, collect_kind, &w, err)) < 0 ||
	    (rc = load_facts(c, 0, 0, asof, err)))
		return rc;
	if (c->nkinds > 1)
		qsort(c->kinds, c->nkinds, sizeof(*c->kinds), by_id);
	for (size_t i = 0; customer_code && i < c->nkinds; i++)
		if (strcmp(c->kinds[i].code, customer_code) == 0)
			w.only_customer = c->kinds[i].id;
	if (customer_code && !w.only_customer)
		return rl_err_set(err, RL_ENOTFOUND, "no customer '%s'", customer_code);
	rc = rl_store_invoice_history_each(c->store, c->creditor, asof, each_invoice, &w, err);
	if (nunknown)
		*nunknown = w.nunknown;
	return rc;
}

const char *rl_interest_waived_str(const struct rl_invoice_interest *ii)
{
	if (ii->waived_interest && ii->waived_indemnity)
		return "interest+indemnity";
	if (ii->waived_interest)
		return "interest";
	return ii->waived_indemnity ? "indemnity" : "";
}
