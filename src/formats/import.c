/* CSV import into the ledger: see relance/formats/import.h.
 *
 * One pass per file, one transaction for the whole import. Each row is first
 * inserted as new (the common case, one statement); only when its natural key
 * already exists is the stored row read and compared. A row whose key was
 * already written by this same import is a duplicate within the import: rows
 * created by it have ids above the maximum taken at the start, and older rows
 * it touched are marked in a bitmap of those ids, so memory stays at one bit
 * per pre-existing row, whatever the file size. */
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "relance/core/buf.h"
#include "relance/core/limits.h"
#include "relance/core/money.h"
#include "relance/formats/csv.h"
#include "relance/formats/import.h"

enum col {
	C_CUSTOMER_ID,
	C_NAME,
	C_KIND,
	C_COUNTRY,
	C_LANGUAGE,
	C_EMAIL,
	C_PHONE,
	C_ADDRESS,
	C_INVOICE_NUMBER,
	C_ISSUE_DATE,
	C_DUE_DATE,
	C_CURRENCY,
	C_AMOUNT,
	C_TYPE,
	C_PAYMENT_ID,
	C_PAID_DATE,
	C_REFERENCE,
	C_COUNT
};

static const char *const col_names[C_COUNT] = {
	"customer_id", "name",    "kind",           "country",    "language",  "email",
	"phone",       "address", "invoice_number", "issue_date", "due_date",  "currency",
	"amount",      "type",    "payment_id",     "paid_date",  "reference",
};

struct column_spec {
	enum col col;
	bool required;
};

static const struct column_spec customer_cols[] = {
	{ C_CUSTOMER_ID, true }, { C_NAME, true },   { C_KIND, false },  { C_COUNTRY, false },
	{ C_LANGUAGE, false },   { C_EMAIL, false }, { C_PHONE, false }, { C_ADDRESS, false },
};
static const struct column_spec invoice_cols[] = {
	{ C_INVOICE_NUMBER, true }, { C_CUSTOMER_ID, true }, { C_ISSUE_DATE, true },
	{ C_DUE_DATE, true },       { C_CURRENCY, false },   { C_AMOUNT, true },
	{ C_TYPE, false },
};
static const struct column_spec payment_cols[] = {
	{ C_PAYMENT_ID, true }, { C_PAID_DATE, true },    { C_AMOUNT, true },
	{ C_CURRENCY, false },  { C_CUSTOMER_ID, false }, { C_INVOICE_NUMBER, false },
	{ C_REFERENCE, false },
};

struct kind_spec {
	const char *name;
	const struct column_spec *cols;
	size_t ncols;
	const char *header;
	enum rl_entity entity;
};

static const struct kind_spec kinds[] = {
	[RL_IMPORT_CUSTOMERS] = { "customers", customer_cols,
				  sizeof(customer_cols) / sizeof(customer_cols[0]),
				  "customer_id,name,kind,country,language,email,phone,address",
				  RL_ENTITY_CUSTOMER },
	[RL_IMPORT_INVOICES] = { "invoices", invoice_cols,
				 sizeof(invoice_cols) / sizeof(invoice_cols[0]),
				 "invoice_number,customer_id,issue_date,due_date,currency,amount",
				 RL_ENTITY_INVOICE },
	[RL_IMPORT_PAYMENTS] = { "payments", payment_cols,
				 sizeof(payment_cols) / sizeof(payment_cols[0]),
				 "payment_id,paid_date,amount,currency,customer_id,invoice_number,"
				 "reference",
				 RL_ENTITY_PAYMENT },
};

const char *rl_import_canonical_header(enum rl_import_kind kind)
{
	return kinds[kind].header;
}

int rl_import_kind_parse(const char *s, enum rl_import_kind *out)
{
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		if (strcmp(s, kinds[i].name) == 0) {
			*out = (enum rl_import_kind)i;
			return 0;
		}
	}
	return RL_EINVAL;
}

/* Customer code -> store id, so that each row does not look its customer up
 * in the database: open addressing over a power-of-two table, codes copied
 * into one arena. Codes not found are cached too (id -1). Capped: past
 * CUSTOMER_CACHE_MAX codes, lookups go to the store every time. */
#define CUSTOMER_CACHE_MAX (1 << 21)

#define INLINE_KEY 16 /* codes shorter than this are compared in the slot itself */

struct customer_cache {
	struct slot {
		uint64_t hash;
		int64_t id;
		size_t off;           /* into arena, NUL-terminated */
		char key[INLINE_KEY]; /* the code when it fits, else "" */
	} * slots;
	size_t cap, n;
	struct rl_buf arena;
};

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ull; /* FNV-1a */

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h ? h : 1; /* 0 marks an empty slot */
}

static bool slot_is(const struct customer_cache *cc, const struct slot *sl, const char *code)
{
	return sl->key[0] ? strcmp(sl->key, code) == 0 : strcmp(cc->arena.ptr + sl->off, code) == 0;
}

static struct slot *cache_find(struct customer_cache *cc, const char *code, uint64_t h)
{
	if (!cc->cap)
		return NULL;
	for (size_t i = h & (cc->cap - 1);; i = (i + 1) & (cc->cap - 1)) {
		struct slot *sl = &cc->slots[i];

		if (sl->hash == 0 || (sl->hash == h && slot_is(cc, sl, code)))
			return sl;
	}
}

static void cache_put(struct customer_cache *cc, const char *code, uint64_t h, int64_t id)
{
	struct slot *sl;
	size_t off = cc->arena.len, len = strlen(code);

	if (cc->n >= CUSTOMER_CACHE_MAX)
		return;
	if (2 * (cc->n + 1) > cc->cap) {
		size_t ncap = cc->cap ? 2 * cc->cap : 1024;
		struct slot *old = cc->slots, *fresh = calloc(ncap, sizeof(*fresh));

		if (!fresh)
			return;
		cc->slots = fresh;
		for (size_t i = 0; i < cc->cap; i++) {
			if (old[i].hash) {
				size_t j = old[i].hash & (ncap - 1);

				while (fresh[j].hash)
					j = (j + 1) & (ncap - 1);
				fresh[j] = old[i];
			}
		}
		cc->cap = ncap;
		free(old);
	}
	if (len >= INLINE_KEY && rl_buf_add(&cc->arena, code, len + 1))
		return;
	sl = cache_find(cc, code, h);
	sl->hash = h;
	sl->off = off;
	sl->id = id;
	if (len < INLINE_KEY)
		memcpy(sl->key, code, len + 1);
	cc->n++;
}

/* State of one import run. */
struct importer {
	rl_store *store;
	const struct rl_import_options *opt;
	const struct kind_spec *spec;
	struct rl_import_result *res;
	int64_t first_new_id; /* ids above this were created by this import */
	uint8_t *seen;        /* one bit per pre-existing id touched by this import */
	FILE *rejects;
	char *rejects_tmp;
	bool rejects_header_written;
	uint64_t bytes_before; /* bytes of the files already read */
	uint64_t bytes_total;
	/* current file and record */
	const char *file;
	int colidx[C_COUNT]; /* field index of each canonical column, -1 if absent */
	size_t header_fields;
	const struct rl_csv_record *rec;
	struct rl_err rowerr;
	struct rl_buf changes; /* description of what an update changed */
	struct customer_cache customers;
};

/* The store id of the customer with this code, 0 if there is none. */
static int customer_id(struct importer *im, const char *code, int64_t *id, struct rl_err *err)
{
	uint64_t h = hash_str(code);
	struct slot *sl = cache_find(&im->customers, code, h);
	struct rl_customer c;
	struct rl_err e;
	int rc;

	if (sl && sl->hash) {
		*id = sl->id > 0 ? sl->id : 0;
		return 0;
	}
	rl_err_clear(&e);
	rc = rl_store_customer_get(im->store, im->opt->creditor, code, &c, &e);
	if (rc && rc != RL_ENOTFOUND) {
		*err = e;
		return rc;
	}
	*id = rc ? 0 : c.id;
	cache_put(&im->customers, code, h, rc ? -1 : c.id);
	return 0;
}

static void report(struct importer *im, enum rl_import_event ev, const struct rl_err *e)
{
	if (im->opt->report)
		im->opt->report(im->opt->ctx, ev, e);
}

/* Returns the field of column c in the current record, trimmed of blanks,
 * or "" when the file has no such column. The pointer is into the reader's
 * record buffer; trimming moves the start and writes a NUL at the end. */
static const char *field(struct importer *im, enum col c, size_t *len)
{
	int i = im->colidx[c];
	struct rl_csv_field *f;
	char *p;
	size_t n;

	if (i < 0 || (size_t)i >= im->rec->nfields) {
		*len = 0;
		return "";
	}
	f = &im->rec->fields[i];
	p = (char *)f->ptr;
	n = f->len;
	while (n && (*p == ' ' || *p == '\t')) {
		p++;
		n--;
	}
	while (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
		n--;
	p[n] = '\0';
	*len = n;
	return p;
}

/* Records a problem with column c of the current row; returns RL_EINVAL. */
static int bad(struct importer *im, enum col c, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int bad(struct importer *im, enum col c, const char *fmt, ...)
{
	va_list ap;

	im->rowerr.code = RL_EINVAL;
	va_start(ap, fmt);
	vsnprintf(im->rowerr.msg, sizeof(im->rowerr.msg), fmt, ap);
	va_end(ap);
	rl_err_at(&im->rowerr, im->file, im->rec->line, (int)c >= 0 ? col_names[c] : "");
	return RL_EINVAL;
}

/* The display name of column c in this file (the mapped header if any). */
static const char *header_name(const struct importer *im, enum col c)
{
	for (size_t i = 0; i < im->opt->nmap; i++)
		if (strcmp(im->opt->map[i].canonical, col_names[c]) == 0)
			return im->opt->map[i].header;
	return col_names[c];
}

static int get_id(struct importer *im, enum col c, bool required, const char **out)
{
	size_t n;
	const char *v = field(im, c, &n);

	if (n == 0 && required)
		return bad(im, c, "is empty");
	if (n > RL_MAX_ID)
		return bad(im, c, "'%.40s...' is longer than %d bytes", v, RL_MAX_ID);
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)v[i] < 0x20)
			return bad(im, c, "contains a control character");
	*out = v;
	return 0;
}

static int get_text(struct importer *im, enum col c, bool required, const char **out)
{
	size_t n;
	const char *v = field(im, c, &n);

	if (n == 0 && required)
		return bad(im, c, "is empty");
	if (n > RL_MAX_TEXT)
		return bad(im, c, "is longer than %d bytes", RL_MAX_TEXT);
	*out = v;
	return 0;
}

static int get_date(struct importer *im, enum col c, rl_date *out)
{
	size_t n;
	const char *v = field(im, c, &n);
	struct rl_err e;

	if (n == 0)
		return bad(im, c, "is empty");
	rl_err_clear(&e);
	if (rl_date_parse(v, n, im->opt->date_pattern, out, &e))
		return bad(im, c, "%s", e.msg);
	return 0;
}

static int get_currency(struct importer *im, const struct rl_currency **out)
{
	size_t n;
	const char *v = field(im, C_CURRENCY, &n);

	if (n == 0) {
		v = im->opt->default_currency ? im->opt->default_currency : "EUR";
		n = strlen(v);
	}
	*out = rl_currency_find(v, n);
	if (!*out)
		return bad(im, C_CURRENCY, "'%s' is not an ISO 4217 currency code", v);
	return 0;
}

static int get_amount(struct importer *im, const struct rl_currency *cur, int64_t *out)
{
	size_t n;
	const char *v = field(im, C_AMOUNT, &n);
	struct rl_money_syntax syn = { im->opt->decimal_sep ? im->opt->decimal_sep : '.' };
	struct rl_err e;

	if (n == 0)
		return bad(im, C_AMOUNT, "is empty");
	rl_err_clear(&e);
	if (rl_money_parse(v, n, syn, cur->exponent, out, &e))
		return bad(im, C_AMOUNT, "%s", e.msg);
	return 0;
}

/* --- duplicates within one import --------------------------------------------- */

/* Returns true if the row with this id was already written by this import,
 * and marks it as written. */
static bool seen_before(struct importer *im, int64_t id)
{
	uint8_t bit;

	if (id > im->first_new_id)
		return true;
	if (id <= 0 || !im->seen)
		return false;
	bit = (uint8_t)(1u << (id & 7));
	if (im->seen[id >> 3] & bit)
		return true;
	im->seen[id >> 3] |= bit;
	return false;
}

/* Appends "field: 'old' -> 'new'" to the change list when the values differ. */
static void diff_str(struct importer *im, const char *name, const char *was, const char *now)
{
	if (strcmp(was, now) == 0)
		return;
	rl_buf_addf(&im->changes, "%s%s '%s' -> '%s'", im->changes.len ? ", " : "", name, was, now);
}

static void diff_date(struct importer *im, const char *name, rl_date was, rl_date now)
{
	char a[RL_DATE_ISO_LEN + 1], b[RL_DATE_ISO_LEN + 1];

	rl_date_format_iso(was, a);
	rl_date_format_iso(now, b);
	diff_str(im, name, a, b);
}

static void diff_amount(struct importer *im, const struct rl_currency *cur, int64_t was,
			int64_t now)
{
	char a[64], b[64];

	rl_money_format(a, sizeof(a), was, cur, RL_LOCALE_C);
	rl_money_format(b, sizeof(b), now, cur, RL_LOCALE_C);
	diff_str(im, "amount", a, b);
}

static void report_update(struct importer *im, const char *what, const char *key)
{
	struct rl_err e;

	rl_err_clear(&e);
	rl_err_set(&e, RL_OK, "%s '%s' updated: %s", what, key, im->changes.ptr);
	rl_err_at(&e, im->file, im->rec->line, NULL);
	report(im, RL_IMPORT_UPDATED, &e);
	im->res->updated++;
}

/* A store error on a row: constraint problems become row errors, anything
 * else stops the import. */
static int store_failed(struct importer *im, int rc, enum col c, struct rl_err *e,
			struct rl_err *err)
{
	if (rc == RL_ENOTFOUND || rc == RL_ECONFLICT)
		return bad(im, c, "%s", e->msg);
	*err = *e;
	return rc;
}

/* --- customers ----------------------------------------------------------------- */

static int import_customer(struct importer *im, struct rl_err *err)
{
	struct rl_customer c = { 0 }, old;
	const char *kind = "";
	struct rl_err e;
	int64_t id;
	int rc;

	if (get_id(im, C_CUSTOMER_ID, true, &c.code) || get_text(im, C_NAME, true, &c.name) ||
	    get_id(im, C_KIND, false, &kind) || get_id(im, C_COUNTRY, false, &c.country) ||
	    get_id(im, C_LANGUAGE, false, &c.language) || get_id(im, C_EMAIL, false, &c.email) ||
	    get_id(im, C_PHONE, false, &c.phone) || get_text(im, C_ADDRESS, false, &c.address))
		return RL_EINVAL;
	if (!*kind || strcasecmp(kind, "business") == 0 || strcasecmp(kind, "b2b") == 0)
		c.kind = RL_CUSTOMER_BUSINESS;
	else if (strcasecmp(kind, "consumer") == 0 || strcasecmp(kind, "b2c") == 0)
		c.kind = RL_CUSTOMER_CONSUMER;
	else
		return bad(im, C_KIND, "'%s' is neither 'business' nor 'consumer'", kind);
	if (*c.country && (strlen(c.country) != 2 || c.country[0] < 'A' || c.country[0] > 'Z' ||
			   c.country[1] < 'A' || c.country[1] > 'Z'))
		return bad(im, C_COUNTRY, "'%s' is not an ISO 3166 two-letter country code",
			   c.country);
	if (*c.email && !strchr(c.email, '@'))
		return bad(im, C_EMAIL, "'%s' is not an email address", c.email);

	rl_err_clear(&e);
	rc = rl_store_customer_insert(im->store, im->opt->creditor, &c, &id, &e);
	if (rc == 0) {
		im->res->inserted++;
		return 0;
	}
	if (rc != RL_ECONFLICT)
		return store_failed(im, rc, C_CUSTOMER_ID, &e, err);
	if ((rc = rl_store_customer_get(im->store, im->opt->creditor, c.code, &old, err)))
		return rc;
	if (seen_before(im, old.id))
		return bad(im, C_CUSTOMER_ID, "customer '%s' appears twice in this import", c.code);
	rl_buf_reset(&im->changes);
	diff_str(im, "name", old.name, c.name);
	diff_str(im, "kind", rl_customer_kind_str(old.kind), rl_customer_kind_str(c.kind));
	diff_str(im, "country", old.country, c.country);
	diff_str(im, "language", old.language, c.language);
	diff_str(im, "email", old.email, c.email);
	diff_str(im, "phone", old.phone, c.phone);
	diff_str(im, "address", old.address, c.address);
	if (!im->changes.len) {
		im->res->unchanged++;
		return 0;
	}
	c.blocked = old.blocked; /* not a file column: keep what was set in relance */
	if ((rc = rl_store_customer_update(im->store, im->opt->creditor, old.id, &c, &e)))
		return store_failed(im, rc, C_CUSTOMER_ID, &e, err);
	report_update(im, "customer", c.code);
	return 0;
}

/* --- invoices ------------------------------------------------------------------ */

static int import_invoice(struct importer *im, struct rl_err *err)
{
	struct rl_invoice inv = { 0 }, old;
	const char *type = "";
	struct rl_err e;
	int64_t id;
	int rc;

	if (get_id(im, C_INVOICE_NUMBER, true, &inv.number) ||
	    get_id(im, C_CUSTOMER_ID, true, &inv.customer_code) ||
	    get_date(im, C_ISSUE_DATE, &inv.issue_date) ||
	    get_date(im, C_DUE_DATE, &inv.due_date) || get_currency(im, &inv.currency) ||
	    get_amount(im, inv.currency, &inv.amount) || get_id(im, C_TYPE, false, &type))
		return RL_EINVAL;
	if (inv.due_date < inv.issue_date)
		return bad(im, C_DUE_DATE, "due date is before the issue date");
	if (!*type) {
		inv.type = inv.amount < 0 ? RL_DOC_CREDIT_NOTE : RL_DOC_INVOICE;
	} else if (strcasecmp(type, "invoice") == 0) {
		if (inv.amount < 0)
			return bad(im, C_AMOUNT,
				   "an invoice's amount must not be negative "
				   "(use type credit_note)");
		inv.type = RL_DOC_INVOICE;
	} else if (strcasecmp(type, "credit_note") == 0) {
		inv.type = RL_DOC_CREDIT_NOTE;
		if (inv.amount > 0)
			inv.amount = -inv.amount;
	} else {
		return bad(im, C_TYPE, "'%s' is neither 'invoice' nor 'credit_note'", type);
	}
	if (inv.amount == 0)
		return bad(im, C_AMOUNT, "is zero");
	if ((rc = customer_id(im, inv.customer_code, &inv.customer_id, err)))
		return rc;
	if (!inv.customer_id)
		return bad(im, C_CUSTOMER_ID, "unknown customer '%s'", inv.customer_code);

	rl_err_clear(&e);
	rc = rl_store_invoice_insert(im->store, im->opt->creditor, &inv, &id, &e);
	if (rc == 0) {
		im->res->inserted++;
		return 0;
	}
	if (rc == RL_ENOTFOUND)
		return bad(im, C_CUSTOMER_ID, "unknown customer '%s'", inv.customer_code);
	if (rc != RL_ECONFLICT)
		return store_failed(im, rc, C_INVOICE_NUMBER, &e, err);
	if ((rc = rl_store_invoice_get(im->store, im->opt->creditor, inv.number, &old, err)))
		return rc;
	if (seen_before(im, old.id))
		return bad(im, C_INVOICE_NUMBER, "invoice '%s' appears twice in this import",
			   inv.number);
	if (strcmp(old.customer_code, inv.customer_code) != 0)
		return bad(im, C_INVOICE_NUMBER,
			   "invoice '%s' already exists for customer '%s', not '%s'", inv.number,
			   old.customer_code, inv.customer_code);
	rl_buf_reset(&im->changes);
	diff_str(im, "type", rl_doc_type_str(old.type), rl_doc_type_str(inv.type));
	diff_date(im, "issue_date", old.issue_date, inv.issue_date);
	diff_date(im, "due_date", old.due_date, inv.due_date);
	diff_str(im, "currency", old.currency ? old.currency->code : "?", inv.currency->code);
	if (old.currency == inv.currency)
		diff_amount(im, inv.currency, old.amount, inv.amount);
	if (!im->changes.len) {
		im->res->unchanged++;
		return 0;
	}
	if (old.paid != 0 && old.currency != inv.currency)
		return bad(im, C_CURRENCY,
			   "invoice '%s' has payments in %s: its currency "
			   "cannot change",
			   inv.number, old.currency ? old.currency->code : "?");
	if (old.paid > 0 && inv.amount < old.paid)
		return bad(im, C_AMOUNT,
			   "invoice '%s' is already paid %lld (minor units), more "
			   "than the new amount",
			   inv.number, (long long)old.paid);
	/* old.number/customer_code live in the store's scratch space: the
	 * update below binds inv's own strings only. */
	if ((rc = rl_store_invoice_update(im->store, im->opt->creditor, old.id, &inv, &e)))
		return store_failed(im, rc, C_INVOICE_NUMBER, &e, err);
	report_update(im, "invoice", inv.number);
	return 0;
}

/* --- payments ------------------------------------------------------------------ */

/* Allocates payment p (stored as pay_id) to the invoice it names, if any. */
static int allocate(struct importer *im, const struct rl_payment *p, int64_t pay_id,
		    const struct rl_invoice *inv, struct rl_err *err)
{
	int64_t bal = rl_invoice_balance(inv);
	int64_t part = rl_allocation_amount(p->amount, bal);
	struct rl_err e;
	int rc;

	rl_err_clear(&e);
	if (part > 0 && (rc = rl_store_allocation_add(im->store, im->opt->creditor, inv->id, pay_id,
						      p->paid_date, part, &e)))
		return store_failed(im, rc, C_INVOICE_NUMBER, &e, err);
	if (part < p->amount) {
		char rest[64];

		rl_money_format(rest, sizeof(rest), p->amount - part, p->currency, RL_LOCALE_C);
		rl_err_clear(&e);
		rl_err_set(&e, RL_OK,
			   "payment '%s' is %s %s more than invoice '%s' still owed: left as "
			   "customer credit",
			   p->code, rest, p->currency->code, inv->number);
		rl_err_at(&e, im->file, im->rec->line, "amount");
		report(im, RL_IMPORT_CREDIT, &e);
		im->res->credited++;
	}
	return 0;
}

static int import_payment(struct importer *im, struct rl_err *err)
{
	struct rl_payment p = { 0 }, old;
	struct rl_invoice inv = { 0 };
	char inv_number[RL_MAX_ID + 1] = "", inv_customer[RL_MAX_ID + 1] = "";
	struct rl_err e;
	int64_t id;
	int rc;

	if (get_id(im, C_PAYMENT_ID, true, &p.code) || get_date(im, C_PAID_DATE, &p.paid_date) ||
	    get_currency(im, &p.currency) || get_amount(im, p.currency, &p.amount) ||
	    get_id(im, C_CUSTOMER_ID, false, &p.customer_code) ||
	    get_id(im, C_INVOICE_NUMBER, false, &p.invoice_number) ||
	    get_text(im, C_REFERENCE, false, &p.reference))
		return RL_EINVAL;
	if (p.amount <= 0)
		return bad(im, C_AMOUNT, "a payment's amount must be positive");
	if (!*p.customer_code && !*p.invoice_number)
		return bad(im, C_CUSTOMER_ID, "is empty (and no invoice_number names the payer)");
	rl_err_clear(&e);
	if (*p.invoice_number) {
		rc = rl_store_invoice_get(im->store, im->opt->creditor, p.invoice_number, &inv, &e);
		if (rc == RL_ENOTFOUND)
			return bad(im, C_INVOICE_NUMBER, "unknown invoice '%s'", p.invoice_number);
		if (rc)
			return store_failed(im, rc, C_INVOICE_NUMBER, &e, err);
		if (inv.type == RL_DOC_CREDIT_NOTE)
			return bad(im, C_INVOICE_NUMBER, "'%s' is a credit note, not an invoice",
				   p.invoice_number);
		if (*p.customer_code && strcmp(p.customer_code, inv.customer_code) != 0)
			return bad(im, C_CUSTOMER_ID,
				   "invoice '%s' belongs to customer '%s', not '%s'",
				   p.invoice_number, inv.customer_code, p.customer_code);
		if (inv.currency != p.currency)
			return bad(im, C_CURRENCY, "invoice '%s' is in %s, the payment in %s",
				   p.invoice_number, inv.currency ? inv.currency->code : "?",
				   p.currency->code);
		/* Keep copies: the store's scratch strings die with the next call. */
		snprintf(inv_number, sizeof(inv_number), "%s", inv.number);
		snprintf(inv_customer, sizeof(inv_customer), "%s", inv.customer_code);
		inv.number = inv_number;
		inv.customer_code = inv_customer;
		p.customer_code = inv_customer;
	}
	if ((rc = customer_id(im, p.customer_code, &p.customer_id, err)))
		return rc;
	if (!p.customer_id)
		return bad(im, C_CUSTOMER_ID, "unknown customer '%s'", p.customer_code);

	rc = rl_store_payment_insert(im->store, im->opt->creditor, &p, &id, &e);
	if (rc == RL_ENOTFOUND)
		return bad(im, C_CUSTOMER_ID, "unknown customer '%s'", p.customer_code);
	if (rc == 0) {
		im->res->inserted++;
		return *p.invoice_number ? allocate(im, &p, id, &inv, err) : 0;
	}
	if (rc != RL_ECONFLICT)
		return store_failed(im, rc, C_PAYMENT_ID, &e, err);
	if ((rc = rl_store_payment_get(im->store, im->opt->creditor, p.code, &old, err)))
		return rc;
	if (seen_before(im, old.id))
		return bad(im, C_PAYMENT_ID, "payment '%s' appears twice in this import", p.code);
	id = old.id;
	rl_buf_reset(&im->changes);
	diff_date(im, "paid_date", old.paid_date, p.paid_date);
	diff_str(im, "currency", old.currency ? old.currency->code : "?", p.currency->code);
	if (old.currency == p.currency)
		diff_amount(im, p.currency, old.amount, p.amount);
	diff_str(im, "customer_id", old.customer_code, p.customer_code);
	diff_str(im, "invoice_number", old.invoice_number, p.invoice_number);
	diff_str(im, "reference", old.reference, p.reference);
	if (!im->changes.len) {
		im->res->unchanged++;
		return 0;
	}
	/* A changed payment is allocated afresh: drop its allocations, then read
	 * the invoice's balance without them. */
	if ((rc = rl_store_payment_update(im->store, im->opt->creditor, id, &p, &e)) ||
	    (rc = rl_store_allocation_clear_payment(im->store, im->opt->creditor, id, &e)))
		return store_failed(im, rc, C_PAYMENT_ID, &e, err);
	if (*p.invoice_number) {
		if ((rc = rl_store_invoice_get(im->store, im->opt->creditor, inv_number, &inv,
					       err)))
			return rc;
		inv.number = inv_number;
		inv.customer_code = inv_customer;
		if ((rc = allocate(im, &p, id, &inv, err)))
			return rc;
	}
	report_update(im, "payment", p.code);
	return 0;
}

/* --- files --------------------------------------------------------------------- */

static int header_matches(const struct rl_csv_field *f, const char *name)
{
	const char *p = f->ptr;
	size_t n = f->len;

	while (n && (*p == ' ' || *p == '\t')) {
		p++;
		n--;
	}
	while (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
		n--;
	return strlen(name) == n && strncasecmp(p, name, n) == 0;
}

/* Maps the header's fields to canonical columns. */
static int read_header(struct importer *im, const struct rl_csv_record *rec, struct rl_err *err)
{
	for (int c = 0; c < C_COUNT; c++)
		im->colidx[c] = -1;
	im->header_fields = rec->nfields;
	for (size_t k = 0; k < im->spec->ncols; k++) {
		enum col c = im->spec->cols[k].col;
		const char *name = header_name(im, c);

		for (size_t i = 0; i < rec->nfields; i++) {
			if (header_matches(&rec->fields[i], name)) {
				im->colidx[c] = (int)i;
				break;
			}
		}
		if (im->colidx[c] < 0 && im->spec->cols[k].required) {
			rl_err_set(err, RL_EINVAL,
				   "missing column '%s' (the header must name the columns %s)",
				   name, im->spec->header);
			return rl_err_at(err, im->file, rec->line, col_names[c]);
		}
	}
	for (size_t i = 0; i < rec->nfields; i++) {
		bool used = false;

		for (int c = 0; c < C_COUNT; c++)
			used |= im->colidx[c] == (int)i;
		if (!used) {
			struct rl_err e;

			rl_err_clear(&e);
			rl_err_set(&e, RL_OK, "column '%s' is not used", rec->fields[i].ptr);
			rl_err_at(&e, im->file, rec->line, NULL);
			report(im, RL_IMPORT_NOTE, &e);
		}
	}
	return 0;
}

static int open_rejects(struct importer *im, struct rl_err *err)
{
	size_t n = strlen(im->opt->rejects_path) + 16;

	im->rejects_tmp = malloc(n);
	if (!im->rejects_tmp)
		return rl_err_set(err, RL_ENOMEM, "out of memory");
	snprintf(im->rejects_tmp, n, "%s.tmp%ld", im->opt->rejects_path, (long)getpid());
	im->rejects = fopen(im->rejects_tmp, "w");
	if (!im->rejects)
		return rl_err_set(err, RL_EIO, "cannot write '%s': %s", im->rejects_tmp,
				  strerror(errno));
	return 0;
}

/* Writes the bad row, as read, plus its file, line and reason. */
static void write_reject(struct importer *im, const struct rl_csv_record *hdr_or_row, bool header)
{
	struct rl_buf line;

	rl_buf_init(&line, RL_MAX_RECORD * 2);
	for (size_t i = 0; i < hdr_or_row->nfields; i++) {
		if (i)
			rl_buf_addch(&line, ',');
		rl_csv_write_field(&line, hdr_or_row->fields[i].ptr, hdr_or_row->fields[i].len,
				   ',');
	}
	if (header) {
		rl_buf_addstr(&line, ",rejected_file,rejected_line,rejected_field,rejected_reason");
	} else {
		char num[32];

		rl_buf_addch(&line, ',');
		rl_csv_write_field(&line, im->rowerr.file, strlen(im->rowerr.file), ',');
		snprintf(num, sizeof(num), ",%ld,", im->rowerr.line);
		rl_buf_addstr(&line, num);
		rl_csv_write_field(&line, im->rowerr.field, strlen(im->rowerr.field), ',');
		rl_buf_addch(&line, ',');
		rl_csv_write_field(&line, im->rowerr.msg, strlen(im->rowerr.msg), ',');
	}
	rl_buf_addch(&line, '\n');
	if (line.ptr)
		fwrite(line.ptr, 1, line.len, im->rejects);
	rl_buf_release(&line);
}

/* Header fields are kept for the rejects file: the reader reuses its buffers. */
struct saved_header {
	struct rl_buf text;
	struct rl_csv_field fields[RL_MAX_COLUMNS];
	struct rl_csv_record rec;
};

static void save_header(struct saved_header *h, const struct rl_csv_record *rec)
{
	size_t offs[RL_MAX_COLUMNS];

	rl_buf_init(&h->text, RL_MAX_RECORD + RL_MAX_COLUMNS);
	for (size_t i = 0; i < rec->nfields && i < RL_MAX_COLUMNS; i++) {
		offs[i] = h->text.len;
		rl_buf_add(&h->text, rec->fields[i].ptr, rec->fields[i].len);
		rl_buf_addch(&h->text, '\0');
	}
	for (size_t i = 0; i < rec->nfields && i < RL_MAX_COLUMNS; i++) {
		h->fields[i].ptr = h->text.ptr + offs[i];
		h->fields[i].len = rec->fields[i].len;
	}
	h->rec = *rec;
	h->rec.fields = h->fields;
}

static void progress(struct importer *im, rl_csv_reader *r)
{
	if (im->opt->progress)
		im->opt->progress(im->opt->ctx, im->bytes_before + rl_csv_offset(r),
				  im->bytes_total, im->res->rows);
}

/* A bad row: reported, and written to the rejects file when skipping. */
static void reject_row(struct importer *im, const struct saved_header *hdr)
{
	im->res->rejected++;
	report(im, RL_IMPORT_BAD_ROW, &im->rowerr);
	if (im->rejects) {
		if (!im->rejects_header_written) {
			write_reject(im, &hdr->rec, true);
			im->rejects_header_written = true;
		}
		write_reject(im, im->rec, false);
	}
}

static int import_file(struct importer *im, const char *path, struct rl_err *err)
{
	static int (*const import_row[])(struct importer *, struct rl_err *) = {
		[RL_IMPORT_CUSTOMERS] = import_customer,
		[RL_IMPORT_INVOICES] = import_invoice,
		[RL_IMPORT_PAYMENTS] = import_payment,
	};
	struct saved_header hdr;
	struct rl_csv_record rec;
	rl_csv_reader *r = NULL;
	struct stat sb;
	long data_rows = 0;
	int fd, rc;

	im->file = path;
	rl_buf_init(&hdr.text, 1);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return rl_err_set(err, RL_EIO, "%s: cannot open: %s", path, strerror(errno));
	if (fstat(fd, &sb) == 0 && S_ISDIR(sb.st_mode)) {
		rc = rl_err_set(err, RL_EIO, "%s: is a directory", path);
		goto out;
	}
	if ((rc = rl_csv_open_fd(&r, fd, path, im->opt->separator, err)))
		goto out;
	rl_err_clear(&im->rowerr);
	rc = rl_csv_next(r, &rec, err);
	if (rc == 0) {
		rl_err_set(err, RL_EINVAL, "the file is empty (expected a header line: %s)",
			   im->spec->header);
		rc = rl_err_at(err, path, 1, NULL);
		goto out;
	}
	if (rc < 0)
		goto out;
	if ((rc = read_header(im, &rec, err)))
		goto out;
	save_header(&hdr, &rec);
	for (;;) {
		struct rl_err rerr;

		rl_err_clear(&rerr);
		rc = rl_csv_next(r, &rec, &rerr);
		if (rc == 0)
			break;
		if (rc < 0) {
			if (rl_csv_fatal(r)) {
				*err = rerr;
				goto out;
			}
			/* A malformed record (bad UTF-8, junk after a quote): a bad row. */
			struct rl_csv_record empty = { NULL, 0, rerr.line, rerr.line };

			im->rec = &empty;
			im->rowerr = rerr;
			data_rows++;
			im->res->rows++;
			reject_row(im, &hdr);
			continue;
		}
		data_rows++;
		im->res->rows++;
		im->rec = &rec;
		rl_err_clear(&im->rowerr);
		if (rec.nfields != im->header_fields) {
			bad(im, (enum col) - 1, "expected %zu fields as in the header, found %zu",
			    im->header_fields, rec.nfields);
			rl_err_at(&im->rowerr, path, rec.line, "");
			reject_row(im, &hdr);
			continue;
		}
		rc = import_row[im->opt->kind](im, err);
		if (rc == RL_EINVAL && im->rowerr.code) {
			reject_row(im, &hdr);
		} else if (rc) {
			if (!err->file[0])
				rl_err_at(err, path, rec.line, NULL);
			goto out;
		}
		if ((im->res->rows & 0x3fff) == 0)
			progress(im, r);
	}
	rc = 0;
	if (data_rows == 0) {
		rl_err_set(err, RL_EINVAL, "no data rows after the header");
		rc = rl_err_at(err, path, 2, NULL);
	}
	progress(im, r);
	im->bytes_before += rl_csv_offset(r);
out:
	rl_csv_free(r);
	rl_buf_release(&hdr.text);
	close(fd);
	return rc;
}

int rl_import_files(rl_store *s, const char *const *paths, size_t npaths,
		    const struct rl_import_options *opt, struct rl_import_result *res,
		    struct rl_err *err)
{
	struct importer im = { 0 };
	int rc;

	memset(res, 0, sizeof(*res));
	im.store = s;
	im.opt = opt;
	im.spec = &kinds[opt->kind];
	im.res = res;
	rl_buf_init(&im.changes, RL_MAX_TEXT);
	rl_buf_init(&im.customers.arena, (size_t)CUSTOMER_CACHE_MAX * (RL_MAX_ID + 1));
	for (size_t i = 0; i < npaths; i++) {
		struct stat sb;

		if (stat(paths[i], &sb) == 0)
			im.bytes_total += (uint64_t)sb.st_size;
	}
	if (opt->decimal_sep && opt->decimal_sep != '.' && opt->decimal_sep != ',')
		return rl_err_set(err, RL_EUSAGE, "the decimal separator must be '.' or ','");
	if (opt->date_pattern && !rl_date_pattern_valid(opt->date_pattern))
		return rl_err_set(err, RL_EUSAGE,
				  "'%s' is not a date format (use letters YYYY, MM, DD and "
				  "separators, e.g. DD/MM/YYYY)",
				  opt->date_pattern);
	/* About 60 bytes a row in the canonical files: enough to choose a strategy. */
	if ((rc = rl_store_begin_bulk(s, im.spec->entity, (int64_t)(im.bytes_total / 60), err)))
		goto out;
	if ((rc = rl_store_max_id(s, opt->creditor, im.spec->entity, &im.first_new_id, err)))
		goto rollback;
	if (im.first_new_id > 0) {
		im.seen = calloc((size_t)(im.first_new_id >> 3) + 1, 1);
		if (!im.seen) {
			rc = rl_err_set(err, RL_ENOMEM, "out of memory");
			goto rollback;
		}
	}
	if (opt->rejects_path && (rc = open_rejects(&im, err)))
		goto rollback;
	for (size_t i = 0; i < npaths; i++)
		if ((rc = import_file(&im, paths[i], err)))
			goto rollback;
	if (res->rejected && !opt->rejects_path) {
		rc = rl_err_set(err, RL_EINVAL, "%ld bad row%s: nothing was imported",
				res->rejected, res->rejected == 1 ? "" : "s");
		goto rollback;
	}
	if (im.rejects) {
		if (fclose(im.rejects) != 0 || rename(im.rejects_tmp, opt->rejects_path) != 0) {
			im.rejects = NULL;
			rc = rl_err_set(err, RL_EIO, "cannot write '%s': %s", opt->rejects_path,
					strerror(errno));
			goto rollback;
		}
		im.rejects = NULL;
	}
	rc = rl_store_commit(s, err);
	if (rc == 0)
		goto out;
rollback:
	rl_store_rollback(s);
out:
	if (im.rejects)
		fclose(im.rejects);
	if (im.rejects_tmp) {
		unlink(im.rejects_tmp);
		free(im.rejects_tmp);
	}
	free(im.seen);
	rl_buf_release(&im.changes);
	free(im.customers.slots);
	rl_buf_release(&im.customers.arena);
	return rc;
}
