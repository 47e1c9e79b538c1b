/* Parsing of import rows: from a CSV record to a validated customer, invoice
 * or payment, or to the reason it is bad. No store access, no shared state:
 * this runs on the importer's reading thread (import_int.h). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "relance/core/limits.h"
#include "relance/core/interest.h"
#include "relance/core/money.h"
#include "relance/formats/rates.h"
#include "import_int.h"

const char *const rl_import_col_names[C_COUNT] = {
	"customer_id",
	"name",
	"kind",
	"country",
	"language",
	"email",
	"phone",
	"address",
	"invoice_number",
	"issue_date",
	"due_date",
	"currency",
	"amount",
	"type",
	"payment_id",
	"paid_date",
	"reference",
	"interest_rule",
	"contractual_rate",
};

/* --- customer map --------------------------------------------------------------- */

#define CUSTOMER_MAP_MAX (1u << 21)

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ull; /* FNV-1a */

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h ? h : 1;
}

void customer_map_init(struct customer_map *m)
{
	memset(m, 0, sizeof(*m));
	m->complete = true;
}

void customer_map_release(struct customer_map *m)
{
	free(m->slots);
	free(m->arena);
	customer_map_init(m);
}

static struct customer_slot *find_slot(const struct customer_map *m, const char *code, uint64_t h)
{
	for (size_t i = h & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
		struct customer_slot *sl = &m->slots[i];

		if (sl->hash == 0 || (sl->hash == h && strcmp(m->arena + sl->off, code) == 0))
			return sl;
	}
}

static bool grow_slots(struct customer_map *m)
{
	size_t ncap = m->cap ? 2 * m->cap : 1024;
	struct customer_slot *fresh = calloc(ncap, sizeof(*fresh));

	if (!fresh)
		return false;
	for (size_t i = 0; i < m->cap; i++) {
		if (m->slots[i].hash) {
			size_t j = m->slots[i].hash & (ncap - 1);

			while (fresh[j].hash)
				j = (j + 1) & (ncap - 1);
			fresh[j] = m->slots[i];
		}
	}
	free(m->slots);
	m->slots = fresh;
	m->cap = ncap;
	return true;
}

bool customer_map_put(struct customer_map *m, const char *code, int64_t id)
{
	size_t len = strlen(code) + 1;
	uint64_t h = hash_str(code);
	struct customer_slot *sl;

	if (m->n >= CUSTOMER_MAP_MAX || (2 * (m->n + 1) > m->cap && !grow_slots(m)))
		goto full;
	if (m->arena_len + len > m->arena_cap) {
		size_t ncap = m->arena_cap ? 2 * m->arena_cap : 64 * 1024;
		char *p;

		while (ncap < m->arena_len + len)
			ncap *= 2;
		p = realloc(m->arena, ncap);
		if (!p)
			goto full;
		m->arena = p;
		m->arena_cap = ncap;
	}
	sl = find_slot(m, code, h);
	if (sl->hash)
		return true; /* codes are unique per creditor: already there */
	memcpy(m->arena + m->arena_len, code, len);
	sl->hash = h;
	sl->id = id;
	sl->off = m->arena_len;
	m->arena_len += len;
	m->n++;
	return true;
full:
	m->complete = false;
	return false;
}

int64_t customer_map_get(const struct customer_map *m, const char *code)
{
	const struct customer_slot *sl;

	if (!m->cap)
		return 0;
	sl = find_slot(m, code, hash_str(code));
	return sl->hash ? sl->id : 0;
}

/* --- arena ------------------------------------------------------------------------ */

static void *arena_alloc(struct arena *a, size_t n)
{
	void *p;

	n = (n + 7) & ~(size_t)7;
	if (n > a->cap - a->used)
		return NULL;
	p = a->base + a->used;
	a->used += n;
	return p;
}

/* --- fields ----------------------------------------------------------------------- */

struct row_ctx {
	const struct row_parser *p;
	struct arena *a;
	struct parsed_row *row;
	bool full; /* the arena ran out while writing an error message */
};

/* The field of column c, trimmed of blanks, or "" when the file has none.
 * Trimming moves the start and writes a NUL at the end, in the arena copy. */
static const char *field(struct row_ctx *x, enum col c, size_t *len)
{
	int i = x->p->colidx[c];
	struct rl_csv_field *f;
	char *s;
	size_t n;

	if (i < 0 || (size_t)i >= x->row->raw.nfields) {
		*len = 0;
		return "";
	}
	f = &x->row->raw.fields[i];
	s = (char *)f->ptr;
	n = f->len;
	while (n && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	/* The raw copy must stay intact for the rejects file: trim a copy. */
	if (s != f->ptr || n != f->len) {
		char *t = arena_alloc(x->a, n + 1);

		if (!t) {
			x->full = true;
			*len = 0;
			return "";
		}
		memcpy(t, s, n);
		t[n] = '\0';
		s = t;
	}
	*len = n;
	return s;
}

static bool bad(struct row_ctx *x, enum col c, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static char *arena_strdup(struct row_ctx *x, const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = arena_alloc(x->a, n);

	if (!p) {
		x->full = true;
		return NULL;
	}
	memcpy(p, s, n);
	return p;
}

/* Records why the row is bad; always returns false (the row failed). */
static bool bad(struct row_ctx *x, enum col c, const char *fmt, ...)
{
	char msg[RL_ERR_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	x->row->err_field = c == C_NONE ? "" : rl_import_col_names[c];
	x->row->err_msg = arena_strdup(x, msg);
	return false;
}

static bool get_id(struct row_ctx *x, enum col c, bool required, const char **out)
{
	size_t n;
	const char *v = field(x, c, &n);

	if (n == 0 && required)
		return bad(x, c, "is empty");
	if (n > RL_MAX_ID)
		return bad(x, c, "'%.40s...' is longer than %d bytes", v, RL_MAX_ID);
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)v[i] < 0x20)
			return bad(x, c, "contains a control character");
	*out = v;
	return true;
}

static bool get_text(struct row_ctx *x, enum col c, bool required, const char **out)
{
	size_t n;
	const char *v = field(x, c, &n);

	if (n == 0 && required)
		return bad(x, c, "is empty");
	if (n > RL_MAX_TEXT)
		return bad(x, c, "is longer than %d bytes", RL_MAX_TEXT);
	*out = v;
	return true;
}

static bool get_date(struct row_ctx *x, enum col c, rl_date *out)
{
	size_t n;
	const char *v = field(x, c, &n);
	struct rl_err e;

	if (n == 0)
		return bad(x, c, "is empty");
	rl_err_clear(&e);
	if (rl_date_parse(v, n, x->p->opt->date_pattern, out, &e))
		return bad(x, c, "%s", e.msg);
	return true;
}

static bool get_currency(struct row_ctx *x, const struct rl_currency **out)
{
	size_t n;
	const char *v = field(x, C_CURRENCY, &n);

	if (n == 0) {
		v = x->p->opt->default_currency ? x->p->opt->default_currency : "EUR";
		n = strlen(v);
	}
	*out = rl_currency_find(v, n);
	if (!*out)
		return bad(x, C_CURRENCY, "'%s' is not an ISO 4217 currency code", v);
	return true;
}

static bool get_amount(struct row_ctx *x, const struct rl_currency *cur, int64_t *out)
{
	size_t n;
	const char *v = field(x, C_AMOUNT, &n);
	struct rl_money_syntax syn = { x->p->opt->decimal_sep ? x->p->opt->decimal_sep : '.' };
	struct rl_err e;

	if (n == 0)
		return bad(x, C_AMOUNT, "is empty");
	rl_err_clear(&e);
	if (rl_money_parse(v, n, syn, cur->exponent, out, &e) == 0)
		return true;
	/* Say so when the file simply uses the other decimal separator. */
	if (syn.decimal_sep == '.') {
		struct rl_money_syntax comma = { ',' };
		int64_t ignored;

		if (rl_money_parse(v, n, comma, cur->exponent, &ignored, NULL) == 0)
			return bad(x, C_AMOUNT, "%s (use --decimal-comma)", e.msg);
	}
	return bad(x, C_AMOUNT, "%s", e.msg);
}

/* Resolves a customer code through the map when it is complete. */
static bool get_customer_id(struct row_ctx *x, const char *code, int64_t *id)
{
	*id = customer_map_get(x->p->customers, code);
	if (!*id && x->p->customers->complete)
		return bad(x, C_CUSTOMER_ID, "unknown customer '%s'", code);
	return true;
}

/* --- kinds ------------------------------------------------------------------------ */

/* interest_rule: empty, or the name of a shipped rule (data/rules). */
static bool get_rule(struct row_ctx *x)
{
	const char *v = "";
	size_t n;

	if (!get_id(x, C_INTEREST_RULE, false, &v))
		return false;
	x->row->interest_rule = v;
	n = strlen(v);
	if (n == 0)
		return true;
	for (const struct rl_embedded_file *f = rl_shipped_rules; f->file; f++)
		if (strncmp(f->file, v, n) == 0 && strcmp(f->file + n, ".ini") == 0)
			return true;
	return bad(x, C_INTEREST_RULE,
		   "'%s' is not a rule (fr-b2b, fr-b2c, eu-b2b, de-b2b, de-b2c, uk-b2b)", v);
}

/* contractual_rate: empty, or a percentage a year ("12.5"; "12,5" with
 * --decimal-comma), at most RL_RATE_DECIMALS decimals, not negative. */
static bool get_contract_rate(struct row_ctx *x)
{
	char sep = x->p->opt->decimal_sep ? x->p->opt->decimal_sep : '.';
	char buf[RL_RATE_FMT_MAX + 8];
	size_t n;
	const char *v = field(x, C_CONTRACTUAL_RATE, &n);
	struct rl_err e;

	x->row->has_contract_rate = false;
	if (n == 0)
		return true;
	if (n >= sizeof(buf))
		return bad(x, C_CONTRACTUAL_RATE, "'%.24s...' is not a rate", v);
	for (size_t i = 0; i < n; i++) {
		if (v[i] == '.' && sep != '.')
			return bad(x, C_CONTRACTUAL_RATE, "'%.*s': the decimal separator is '%c'",
				   (int)n, v, sep);
		buf[i] = v[i] == sep ? '.' : v[i];
	}
	buf[n] = '\0';
	if (buf[0] == '-')
		return bad(x, C_CONTRACTUAL_RATE, "'%s' is negative", buf);
	rl_err_clear(&e);
	if (rl_rate_parse(buf, n, &x->row->contract_rate, &e))
		return bad(x, C_CONTRACTUAL_RATE, "%s", e.msg);
	x->row->has_contract_rate = true;
	return true;
}

static bool parse_customer(struct row_ctx *x)
{
	struct rl_customer *c = &x->row->v.customer;
	const char *kind = "";

	memset(c, 0, sizeof(*c));
	if (!get_id(x, C_CUSTOMER_ID, true, &c->code) || !get_text(x, C_NAME, true, &c->name) ||
	    !get_id(x, C_KIND, false, &kind) || !get_id(x, C_COUNTRY, false, &c->country) ||
	    !get_id(x, C_LANGUAGE, false, &c->language) || !get_id(x, C_EMAIL, false, &c->email) ||
	    !get_id(x, C_PHONE, false, &c->phone) || !get_text(x, C_ADDRESS, false, &c->address))
		return false;
	if (!*kind || strcasecmp(kind, "business") == 0 || strcasecmp(kind, "b2b") == 0)
		c->kind = RL_CUSTOMER_BUSINESS;
	else if (strcasecmp(kind, "consumer") == 0 || strcasecmp(kind, "b2c") == 0)
		c->kind = RL_CUSTOMER_CONSUMER;
	else
		return bad(x, C_KIND, "'%s' is neither 'business' nor 'consumer'", kind);
	if (strlen(c->country) == 2 && c->country[0] >= 'a' && c->country[0] <= 'z' &&
	    c->country[1] >= 'a' && c->country[1] <= 'z') {
		char *up = arena_alloc(x->a, 3);

		if (!up) {
			x->full = true;
			return false;
		}
		up[0] = (char)(c->country[0] - 'a' + 'A');
		up[1] = (char)(c->country[1] - 'a' + 'A');
		up[2] = '\0';
		c->country = up;
	}
	if (*c->country && (strlen(c->country) != 2 || c->country[0] < 'A' || c->country[0] > 'Z' ||
			    c->country[1] < 'A' || c->country[1] > 'Z'))
		return bad(x, C_COUNTRY, "'%s' is not an ISO 3166 two-letter country code",
			   c->country);
	if (*c->email && !strchr(c->email, '@'))
		return bad(x, C_EMAIL, "'%s' is not an email address", c->email);
	return get_rule(x);
}

static bool parse_invoice(struct row_ctx *x)
{
	struct rl_invoice *inv = &x->row->v.invoice;
	const char *type = "";

	memset(inv, 0, sizeof(*inv));
	if (!get_id(x, C_INVOICE_NUMBER, true, &inv->number) ||
	    !get_id(x, C_CUSTOMER_ID, true, &inv->customer_code) ||
	    !get_date(x, C_ISSUE_DATE, &inv->issue_date) ||
	    !get_date(x, C_DUE_DATE, &inv->due_date) || !get_currency(x, &inv->currency) ||
	    !get_amount(x, inv->currency, &inv->amount) || !get_id(x, C_TYPE, false, &type))
		return false;
	if (inv->due_date < inv->issue_date)
		return bad(x, C_DUE_DATE, "due date is before the issue date");
	if (!*type) {
		inv->type = inv->amount < 0 ? RL_DOC_CREDIT_NOTE : RL_DOC_INVOICE;
	} else if (strcasecmp(type, "invoice") == 0) {
		if (inv->amount < 0)
			return bad(x, C_AMOUNT,
				   "an invoice's amount must not be negative (use type "
				   "credit_note)");
		inv->type = RL_DOC_INVOICE;
	} else if (strcasecmp(type, "credit_note") == 0) {
		inv->type = RL_DOC_CREDIT_NOTE;
		if (inv->amount > 0)
			inv->amount = -inv->amount;
	} else {
		return bad(x, C_TYPE, "'%s' is neither 'invoice' nor 'credit_note'", type);
	}
	if (inv->amount == 0)
		return bad(x, C_AMOUNT, "is zero");
	if (!get_contract_rate(x))
		return false;
	return get_customer_id(x, inv->customer_code, &inv->customer_id);
}

static bool parse_payment(struct row_ctx *x)
{
	struct rl_payment *p = &x->row->v.payment;

	memset(p, 0, sizeof(*p));
	if (!get_id(x, C_PAYMENT_ID, true, &p->code) || !get_date(x, C_PAID_DATE, &p->paid_date) ||
	    !get_currency(x, &p->currency) || !get_amount(x, p->currency, &p->amount) ||
	    !get_id(x, C_CUSTOMER_ID, false, &p->customer_code) ||
	    !get_id(x, C_INVOICE_NUMBER, false, &p->invoice_number) ||
	    !get_text(x, C_REFERENCE, false, &p->reference))
		return false;
	if (p->amount <= 0)
		return bad(x, C_AMOUNT, "a payment's amount must be positive");
	if (!*p->customer_code && !*p->invoice_number)
		return bad(x, C_CUSTOMER_ID, "is empty (and no invoice_number names the payer)");
	/* With an invoice named, the payer is checked against the invoice later. */
	return !*p->customer_code || get_customer_id(x, p->customer_code, &p->customer_id);
}

/* --- rows ------------------------------------------------------------------------- */

static bool copy_record(struct arena *a, const struct rl_csv_record *rec, struct parsed_row *row)
{
	struct rl_csv_field *fields = arena_alloc(a, rec->nfields * sizeof(*fields) + 1);

	if (!fields)
		return false;
	for (size_t i = 0; i < rec->nfields; i++) {
		char *t = arena_alloc(a, rec->fields[i].len + 1);

		if (!t)
			return false;
		memcpy(t, rec->fields[i].ptr, rec->fields[i].len);
		t[rec->fields[i].len] = '\0';
		fields[i].ptr = t;
		fields[i].len = rec->fields[i].len;
	}
	row->raw = *rec;
	row->raw.fields = fields;
	return true;
}

bool parse_row(const struct row_parser *p, struct arena *a, const struct rl_csv_record *rec,
	       struct parsed_row *row)
{
	static bool (*const parse_kind[])(struct row_ctx *) = {
		[RL_IMPORT_CUSTOMERS] = parse_customer,
		[RL_IMPORT_INVOICES] = parse_invoice,
		[RL_IMPORT_PAYMENTS] = parse_payment,
	};
	struct row_ctx x = { p, a, row, false };

	row->err_msg = NULL;
	row->err_field = "";
	if (!copy_record(a, rec, row))
		return false;
	if (rec->nfields != p->header_fields) {
		char where[32];

		/* Name the first column missing or in excess, as the reader does. */
		snprintf(where, sizeof(where), "column %zu",
			 (rec->nfields < p->header_fields ? rec->nfields : p->header_fields) + 1);
		bad(&x, C_NONE, "expected %zu fields as in the header, found %zu", p->header_fields,
		    rec->nfields);
		row->err_field = arena_strdup(&x, where);
	} else {
		parse_kind[p->opt->kind](&x);
	}
	return !x.full;
}

bool parse_bad_record(const struct row_parser *p, struct arena *a, const struct rl_err *e,
		      struct parsed_row *row)
{
	struct row_ctx x = { p, a, row, false };
	unsigned long column;
	char *end;

	memset(&row->raw, 0, sizeof(row->raw));
	row->raw.line = e->line;
	row->raw.end_line = e->line;
	row->err_msg = arena_strdup(&x, e->msg);
	row->err_field = arena_strdup(&x, e->field);
	/* The reader names "column N": give the column's canonical name. */
	if (strncmp(e->field, "column ", 7) == 0) {
		column = strtoul(e->field + 7, &end, 10);
		for (int c = 0; c < C_COUNT && !*end; c++)
			if (p->colidx[c] >= 0 && (unsigned long)p->colidx[c] + 1 == column)
				row->err_field = rl_import_col_names[c];
	}
	return !x.full;
}
