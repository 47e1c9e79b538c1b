/* The JSON API's handlers: see relance/server/api.h. Each parses its
 * query or body (400 on anything unexpected), calls one service and turns
 * its result into JSON; errors go through rl_http_fail. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "relance/core/dunning.h"
#include "relance/engine/balance.h"
#include "relance/engine/invoice_view.h"
#include "relance/engine/journal_check.h"
#include "relance/engine/run.h"
#include "relance/server/api.h"

#ifndef RELANCE_VERSION
#define RELANCE_VERSION "unknown"
#endif

/* --- values in and out ----------------------------------------------------- */

static json_t *money(int64_t amount, const struct rl_currency *cur)
{
	char buf[64];

	if (!cur || rl_money_format(buf, sizeof(buf), amount, cur, RL_LOCALE_C) < 0)
		return json_null();
	return json_string(buf);
}

static json_t *date_json(rl_date d)
{
	char buf[RL_DATE_ISO_LEN + 1];

	rl_date_format_iso(d, buf);
	return json_string(buf);
}

/* A text from the store as JSON (the store holds UTF-8; kept visible if not). */
static json_t *text(const char *s)
{
	json_t *j = json_string(s ? s : "");

	return j ? j : json_string("\xEF\xBF\xBD");
}

/* Parses a YYYY-MM-DD value named name; sets a 400 and returns false if it
 * is not one. */
static bool parse_day(const char *name, const char *s, rl_date *out, struct rl_http_response *res)
{
	if (rl_date_parse(s, strlen(s), "YYYY-MM-DD", out, NULL) == 0)
		return true;
	rl_http_error(res, 400, "bad_request", "%s: '%.40s' is not a date (YYYY-MM-DD)", name, s);
	return false;
}

/* The optional query argument ?date=, else the server's today. */
static bool query_day(const struct rl_http_request *req, rl_date *out, struct rl_http_response *res)
{
	const char *s = rl_http_query(req, "date");

	*out = req->today;
	return !s || parse_day("date", s, out, res);
}

static bool query_long(const struct rl_http_request *req, const char *name, long min, long max,
		       long *out, struct rl_http_response *res)
{
	const char *s = rl_http_query(req, name);
	char *end;
	long v;

	if (!s)
		return true;
	errno = 0;
	v = strtol(s, &end, 10);
	if (!*s || *end || errno || v < min || v > max) {
		rl_http_error(res, 400, "bad_request",
			      "%s: '%.40s' is not a whole number from %ld to %ld", name, s, min,
			      max);
		return false;
	}
	*out = v;
	return true;
}

/* --- GET /api/v1/health ---------------------------------------------------- */

static void health(const struct rl_http_request *req, struct rl_http_response *res)
{
	struct rl_err err;
	int current, latest, rc;

	rl_err_clear(&err);
	/* a query, so that "ok" means the database answers */
	if ((rc = rl_store_schema_version(req->store, &current, &latest, &err))) {
		rl_http_fail(res, rc, &err);
		return;
	}
	rl_http_json(res, 200,
		     json_pack("{s:s, s:s, s:s, s:i}", "status", "ok", "backend",
			       rl_store_backend(req->store), "version", RELANCE_VERSION,
			       "schema_version", current));
}

/* --- GET /api/v1/invoices -------------------------------------------------- */

/* One invoice as `relance invoices --format json` prints it. */
static json_t *invoice_json(const struct rl_invoice *inv, rl_date asof)
{
	json_t *o = json_object();

	json_object_set_new(o, "invoice_number", text(inv->number));
	json_object_set_new(o, "customer_id", text(inv->customer_code));
	json_object_set_new(o, "type", json_string(rl_doc_type_str(inv->type)));
	json_object_set_new(o, "issue_date", date_json(inv->issue_date));
	json_object_set_new(o, "due_date", date_json(inv->due_date));
	json_object_set_new(o, "currency", json_string(inv->currency ? inv->currency->code : ""));
	json_object_set_new(o, "amount", money(inv->amount, inv->currency));
	json_object_set_new(o, "paid", money(inv->paid, inv->currency));
	json_object_set_new(o, "balance", money(rl_invoice_balance(inv), inv->currency));
	json_object_set_new(o, "days_late", json_integer(rl_invoice_days_late(inv, asof)));
	json_object_set_new(o, "status",
			    json_string(rl_invoice_status_str(rl_invoice_status_on(inv, asof))));
	return o;
}

struct page {
	json_t *items;
	rl_date asof;
	long offset, limit;
	long total; /* every match, in the page or not */
};

static int page_row(void *ctx, const struct rl_invoice *inv)
{
	struct page *p = ctx;

	if (p->total >= p->offset && p->total < p->offset + p->limit)
		json_array_append_new(p->items, invoice_json(inv, p->asof));
	p->total++;
	return 0;
}

static void invoices(const struct rl_http_request *req, struct rl_http_response *res)
{
	struct rl_invoice_list_query q = { NULL, -1, 0 };
	struct page p = { NULL, 0, 0, RL_API_DEFAULT_LIMIT, 0 };
	const char *status = rl_http_query(req, "status");
	enum rl_invoice_status st;
	struct rl_err err;
	int rc;

	if (status && strcmp(status, "all") != 0) {
		if (rl_invoice_status_parse(status, &st)) {
			rl_http_error(res, 400, "bad_request",
				      "status: '%.40s' is not open, overdue, paid, credit or all",
				      status);
			return;
		}
		q.status = (int)st;
	}
	q.customer = rl_http_query(req, "customer");
	if (!query_day(req, &q.asof, res) ||
	    !query_long(req, "limit", 1, RL_API_MAX_LIMIT, &p.limit, res) ||
	    !query_long(req, "offset", 0, 1000L * 1000 * 1000, &p.offset, res))
		return;
	p.asof = q.asof;
	p.items = json_array();
	rl_err_clear(&err);
	if ((rc = rl_invoice_list(req->store, req->creditor, &q, page_row, &p, &err))) {
		json_decref(p.items);
		rl_http_fail(res, rc, &err);
		return;
	}
	rl_http_json(res, 200,
		     json_pack("{s:o, s:I, s:I, s:I, s:o}", "invoices", p.items, "total",
			       (json_int_t)p.total, "limit", (json_int_t)p.limit, "offset",
			       (json_int_t)p.offset, "date", date_json(q.asof)));
}

/* --- GET /api/v1/invoices/{number} ----------------------------------------- */

/* One invoice as `relance show --format json` prints it. */
static json_t *detail_json(const struct rl_invoice_detail *d, rl_date asof)
{
	json_t *o = invoice_json(&d->inv, asof), *pays = json_array();

	json_object_set_new(o, "customer_name", text(d->customer_name));
	json_object_set_new(o, "prescription_date",
			    d->has_prescription ? date_json(d->prescription) : json_null());
	for (size_t i = 0; i < d->npayments; i++)
		json_array_append_new(pays,
				      json_pack("{s:o, s:o, s:o}", "payment_id",
						text(d->payments[i].payment_code), "date",
						date_json(d->payments[i].date), "amount",
						money(d->payments[i].amount, d->inv.currency)));
	json_object_set_new(o, "payments", pays);
	json_object_set_new(o, "more_payments", json_integer((json_int_t)d->more_payments));
	return o;
}

static void invoice(const struct rl_http_request *req, struct rl_http_response *res)
{
	struct rl_invoice_detail *d;
	struct rl_err err;
	rl_date asof;
	int rc;

	if (!query_day(req, &asof, res))
		return;
	if (!(d = malloc(sizeof(*d)))) {
		rl_http_error(res, 500, "internal", "out of memory");
		return;
	}
	rl_err_clear(&err);
	rc = rl_invoice_detail_get(req->store, req->creditor, req->params[0], asof, d, &err);
	if (rc == RL_ENOTFOUND)
		rl_http_error(res, 404, "not_found", "invoice '%.128s' not found", req->params[0]);
	else if (rc)
		rl_http_fail(res, rc, &err);
	else
		rl_http_json(res, 200, detail_json(d, asof));
	free(d);
}

/* --- GET /api/v1/balance --------------------------------------------------- */

static void balance(const struct rl_http_request *req, struct rl_http_response *res)
{
	struct rl_balance_set *set;
	struct rl_err err;
	json_t *rows;
	rl_date asof;
	int rc;

	if (!query_day(req, &asof, res))
		return;
	if (!(set = malloc(sizeof(*set)))) {
		rl_http_error(res, 500, "internal", "out of memory");
		return;
	}
	rl_err_clear(&err);
	if ((rc = rl_balance_compute(req->store, req->creditor, asof, set, &err))) {
		free(set);
		rl_http_fail(res, rc, &err);
		return;
	}
	rows = json_array();
	for (size_t i = 0; i < set->n; i++) {
		const struct rl_balance *b = &set->b[i];

		json_array_append_new(rows, json_pack("{s:s, s:o, s:o, s:o, s:o}", "currency",
						      b->currency->code, "invoiced",
						      money(b->invoiced, b->currency), "paid",
						      money(b->paid, b->currency), "outstanding",
						      money(b->outstanding, b->currency), "overdue",
						      money(b->overdue, b->currency)));
	}
	free(set);
	rl_http_json(res, 200, json_pack("{s:o, s:o}", "date", date_json(asof), "balances", rows));
}

/* --- POST /api/v1/runs ----------------------------------------------------- */

/* One step as `relance run --format json` prints it. */
static int run_item(void *ctx, const struct rl_run_item *it)
{
	json_t *o = json_object();

	json_object_set_new(o, "customer_id", text(it->customer_code));
	json_object_set_new(o, "communication", json_integer(it->communication));
	json_object_set_new(o, "channel", json_string(rl_channel_str(it->channel)));
	json_object_set_new(o, "step", json_integer(it->step + 1));
	json_object_set_new(o, "step_name", text(it->step_name));
	json_object_set_new(o, "policy", text(it->policy));
	json_object_set_new(o, "invoice_number", text(it->invoice_number));
	json_object_set_new(o, "currency", json_string(it->currency ? it->currency->code : ""));
	json_object_set_new(o, "balance", money(it->balance, it->currency));
	json_object_set_new(o, "days_late", json_integer(it->days_late));
	return json_array_append_new(ctx, o) ? RL_ENOMEM : 0;
}

/* Reads {"date": "YYYY-MM-DD", "dry_run": bool}, both optional; any other
 * key is refused, so that a misspelt option is not silently ignored. */
static bool run_options(const struct rl_http_request *req, struct rl_run_options *opt,
			struct rl_http_response *res)
{
	const char *key;
	json_t *v;

	opt->date = req->today;
	json_object_foreach(req->body, key, v)
	{
		if (strcmp(key, "date") == 0) {
			if (!json_is_string(v)) {
				rl_http_error(res, 400, "bad_request", "date: a string YYYY-MM-DD");
				return false;
			}
			if (!parse_day("date", json_string_value(v), &opt->date, res))
				return false;
		} else if (strcmp(key, "dry_run") == 0) {
			if (!json_is_boolean(v)) {
				rl_http_error(res, 400, "bad_request", "dry_run: true or false");
				return false;
			}
			opt->dry_run = json_is_true(v);
		} else {
			rl_http_error(res, 400, "bad_request",
				      "unknown field '%.64s': date and dry_run only", key);
			return false;
		}
	}
	return true;
}

static void run(const struct rl_http_request *req, struct rl_http_response *res)
{
	struct rl_run_options opt = { 0 };
	struct rl_run_result r;
	struct rl_err err;
	json_t *items, *o;
	int rc;

	if (!run_options(req, &opt, res))
		return;
	items = json_array();
	opt.creditor = req->creditor;
	opt.creditor_code = req->creditor_code;
	opt.actor = req->who->actor;
	opt.now = req->now;
	opt.item = run_item;
	opt.ctx = items;
	rl_err_clear(&err);
	if ((rc = rl_run(req->store, &opt, &r, &err))) {
		json_decref(items);
		rl_http_fail(res, rc, &err);
		return;
	}
	o = json_object();
	json_object_set_new(o, "date", date_json(opt.date));
	json_object_set_new(o, "dry_run", json_boolean(opt.dry_run));
	json_object_set_new(o, "run_id", r.run_id ? json_integer(r.run_id) : json_null());
	json_object_set_new(o, "nothing_to_do", json_boolean(r.steps == 0));
	json_object_set_new(o, "evaluated", json_integer(r.evaluated));
	json_object_set_new(o, "steps", json_integer(r.steps));
	json_object_set_new(o, "communications", json_integer(r.communications));
	json_object_set_new(o, "steps_done_earlier_that_day",
			    json_integer(r.skipped[RL_DECIDE_DONE_TODAY]));
	json_object_set_new(o, "promises_kept", json_integer(r.promises_kept));
	json_object_set_new(o, "promises_broken", json_integer(r.promises_broken));
	json_object_set_new(o, "no_policy", json_boolean(r.no_policy));
	json_object_set_new(o, "items", items);
	rl_http_json(res, 200, o);
}

/* --- GET /api/v1/journal/verify -------------------------------------------- */

static void journal_verify(const struct rl_http_request *req, struct rl_http_response *res)
{
	struct rl_journal_check c;
	struct rl_err err;
	json_t *o;
	int rc;

	rl_err_clear(&err);
	if ((rc = rl_journal_check(req->store, req->creditor, req->creditor_code, &c, &err))) {
		rl_http_fail(res, rc, &err);
		return;
	}
	o = json_pack("{s:b, s:I, s:s}", "intact", c.intact, "entries", (json_int_t)c.checked,
		      "last_hash", c.last_hash);
	if (!c.intact) {
		json_object_set_new(o, "bad_entry", json_integer(c.bad_seq));
		json_object_set_new(o, "problem", text(c.problem));
	}
	rl_http_json(res, 200, o);
}

const struct rl_http_route rl_api_routes[] = {
	{ "GET", "/api/v1/health", health, RL_ROUTE_PUBLIC },
	{ "GET", "/api/v1/invoices", invoices, 0 },
	{ "GET", "/api/v1/invoices/{number}", invoice, 0 },
	{ "GET", "/api/v1/balance", balance, 0 },
	{ "POST", "/api/v1/runs", run, RL_ROUTE_JSON_BODY },
	{ "GET", "/api/v1/journal/verify", journal_verify, 0 },
	{ NULL, NULL, NULL, 0 },
};
