/* CSV import into the ledger: see relance/formats/import.h.
 *
 * Two threads per file. The reading thread parses records into batches of
 * validated rows (import_row.c: no store access); the calling thread applies
 * each batch to the store, so parsing overlaps the database's work. One
 * transaction covers the whole import.
 *
 * Each row is first inserted as new (the common case, one statement); only
 * when its natural key already exists is the stored row read and compared.
 * A row whose key was already written by this same import is a duplicate
 * within the import: rows created by it have ids above the maximum taken at
 * the start, and older rows it touched are marked in a bitmap of those ids,
 * so memory stays at one bit per pre-existing row, whatever the file size. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "relance/core/buf.h"
#include "relance/core/interest.h"
#include "relance/core/limits.h"
#include "relance/core/money.h"
#include "relance/store/interest.h"
#include "import_int.h"

struct column_spec {
	enum col col;
	bool required;
};

static const struct column_spec customer_cols[] = {
	{ C_CUSTOMER_ID, true }, { C_NAME, true },      { C_KIND, false },
	{ C_COUNTRY, false },    { C_LANGUAGE, false }, { C_EMAIL, false },
	{ C_PHONE, false },      { C_ADDRESS, false },  { C_INTEREST_RULE, false },
};
static const struct column_spec invoice_cols[] = {
	{ C_INVOICE_NUMBER, true }, { C_CUSTOMER_ID, true },       { C_ISSUE_DATE, true },
	{ C_DUE_DATE, true },       { C_CURRENCY, false },         { C_AMOUNT, true },
	{ C_TYPE, false },          { C_CONTRACTUAL_RATE, false },
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

/* --- batches between the two threads ---------------------------------------------- */

#define BATCH_ROWS 4096
#define BATCH_ARENA (4u << 20)           /* bytes of parsed rows per batch */
#define BATCH_FLUSH_AT (BATCH_ARENA / 4) /* leave room for one maximal record */
#define NBATCHES 3

struct batch {
	struct parsed_row rows[BATCH_ROWS];
	size_t nrows;
	struct arena arena;
	uint64_t offset; /* bytes of the file read once this batch was full */
	bool eof;        /* the last batch of the file */
	bool fatal;      /* reading stopped on fatal_err */
	struct rl_err fatal_err;
};

struct pipeline {
	pthread_mutex_t lock;
	pthread_cond_t changed;
	struct batch *slot[NBATCHES]; /* ring of batches */
	bool full[NBATCHES];
	size_t next_fill, next_apply;
	bool stop; /* the applying side gave up: the reader must end */
	rl_csv_reader *reader;
	const struct row_parser *parser;
};

static void *read_batches(void *arg)
{
	struct pipeline *pl = arg;

	for (;;) {
		struct batch *b;
		struct rl_csv_record rec;
		bool done = false;

		pthread_mutex_lock(&pl->lock);
		while (pl->full[pl->next_fill] && !pl->stop)
			pthread_cond_wait(&pl->changed, &pl->lock);
		if (pl->stop) {
			pthread_mutex_unlock(&pl->lock);
			return NULL;
		}
		b = pl->slot[pl->next_fill];
		pthread_mutex_unlock(&pl->lock);

		b->nrows = 0;
		b->arena.used = 0;
		b->eof = b->fatal = false;
		while (!done && b->nrows < BATCH_ROWS && b->arena.used < BATCH_FLUSH_AT) {
			struct rl_err e;
			int rc;

			rl_err_clear(&e);
			rc = rl_csv_next(pl->reader, &rec, &e);
			if (rc == 0) {
				b->eof = done = true;
			} else if (rc < 0 && rl_csv_fatal(pl->reader)) {
				b->fatal = done = true;
				b->fatal_err = e;
			} else if (rc < 0) {
				if (parse_bad_record(pl->parser, &b->arena, &e, &b->rows[b->nrows]))
					b->nrows++;
			} else if (parse_row(pl->parser, &b->arena, &rec, &b->rows[b->nrows])) {
				b->nrows++;
			} else {
				/* cannot happen: a record fits in the room left at flush time */
				b->fatal = done = true;
				rl_err_set(&b->fatal_err, RL_ENOMEM, "record too large to import");
				rl_err_at(&b->fatal_err, NULL, rec.line, NULL);
			}
		}
		b->offset = rl_csv_offset(pl->reader);

		pthread_mutex_lock(&pl->lock);
		pl->full[pl->next_fill] = true;
		pl->next_fill = (pl->next_fill + 1) % NBATCHES;
		pthread_cond_broadcast(&pl->changed);
		pthread_mutex_unlock(&pl->lock);
		if (done)
			return NULL;
	}
}

/* Waits for the next full batch. */
static struct batch *take_batch(struct pipeline *pl)
{
	struct batch *b;

	pthread_mutex_lock(&pl->lock);
	while (!pl->full[pl->next_apply])
		pthread_cond_wait(&pl->changed, &pl->lock);
	b = pl->slot[pl->next_apply];
	pthread_mutex_unlock(&pl->lock);
	return b;
}

static void give_back(struct pipeline *pl)
{
	pthread_mutex_lock(&pl->lock);
	pl->full[pl->next_apply] = false;
	pl->next_apply = (pl->next_apply + 1) % NBATCHES;
	pthread_cond_broadcast(&pl->changed);
	pthread_mutex_unlock(&pl->lock);
}

/* --- the importer ------------------------------------------------------------------ */

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
	struct customer_map customers;
	struct batch *batches[NBATCHES];
	/* current file and row */
	const char *file;
	struct row_parser parser;
	struct rl_csv_record header; /* fields in header_text */
	struct rl_buf header_text;
	struct rl_csv_field header_fields[RL_MAX_COLUMNS];
	const struct parsed_row *row;
	struct rl_err rowerr;
	struct rl_buf changes; /* description of what an update changed */
	/* batch inserts: the rows handed to the store, and what it returned */
	struct rl_customer *many_customers;
	struct rl_invoice *many_invoices;
	size_t *many_rows; /* batch index of each row handed over */
	int64_t *many_ids;
	int64_t *new_ids; /* per batch row */
	/* payments: the batch being applied, and its rows' invoices */
	const struct batch *batch;
	struct payment_lookup *lookup;
	const char **numbers; /* invoice numbers handed to the store */
};

static void report(struct importer *im, enum rl_import_event ev, const struct rl_err *e)
{
	if (im->opt->report)
		im->opt->report(im->opt->ctx, ev, e);
}

static int bad(struct importer *im, enum col c, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Records a problem with column c of the current row; returns RL_EINVAL. */
static int bad(struct importer *im, enum col c, const char *fmt, ...)
{
	va_list ap;

	im->rowerr.code = RL_EINVAL;
	va_start(ap, fmt);
	vsnprintf(im->rowerr.msg, sizeof(im->rowerr.msg), fmt, ap);
	va_end(ap);
	rl_err_at(&im->rowerr, im->file, im->row->raw.line,
		  c == C_NONE ? "" : rl_import_col_names[c]);
	return RL_EINVAL;
}

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

/* Appends "field 'old' -> 'new'" to the change list when the values differ. */
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
	rl_err_at(&e, im->file, im->row->raw.line, NULL);
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

/* The store id of the customer with this code, 0 if there is none: from the
 * map, or from the store when the map could not hold every customer. */
static int resolve_customer(struct importer *im, const char *code, int64_t *id, struct rl_err *err)
{
	struct rl_customer c;
	int rc;

	*id = customer_map_get(&im->customers, code);
	if (*id || im->customers.complete)
		return 0;
	rc = rl_store_customer_get(im->store, im->opt->creditor, code, &c, err);
	if (rc == RL_ENOTFOUND) {
		rl_err_clear(err);
		return 0;
	}
	if (rc == 0)
		*id = c.id;
	return rc;
}

/* --- applying rows ----------------------------------------------------------------- */

/* The interest columns of the row (when the file has them) onto customer or
 * invoice id, adding what changed to im->changes. */
static int interest_columns(struct importer *im, int64_t id, struct rl_err *e)
{
	const struct parsed_row *row = im->row;
	bool changed = false, had;
	int64_t was;

	if (im->opt->kind == RL_IMPORT_CUSTOMERS && im->parser.colidx[C_INTEREST_RULE] >= 0) {
		char old[RL_RULE_NAME_MAX];
		int rc = rl_customer_interest_rule_set(im->store, im->opt->creditor, id,
						       row->interest_rule, old, sizeof(old),
						       &changed, e);

		if (rc)
			return rc;
		if (changed)
			diff_str(im, "interest_rule", old, row->interest_rule);
	}
	if (im->opt->kind == RL_IMPORT_INVOICES && im->parser.colidx[C_CONTRACTUAL_RATE] >= 0) {
		char a[RL_RATE_FMT_MAX] = "", b[RL_RATE_FMT_MAX] = "";
		int rc = rl_invoice_contract_rate_set(im->store, im->opt->creditor, id,
						      row->has_contract_rate, row->contract_rate,
						      &had, &was, &changed, e);

		if (rc)
			return rc;
		if (had)
			rl_rate_format(a, sizeof(a), was);
		if (row->has_contract_rate)
			rl_rate_format(b, sizeof(b), row->contract_rate);
		if (changed)
			diff_str(im, "contractual_rate", a, b);
	}
	return 0;
}

/* A customer row that was not inserted: its code exists. Same row again in
 * this import, unchanged, or changed (then updated). */
static int apply_customer(struct importer *im, int64_t new_id, struct rl_err *err)
{
	struct rl_customer c = im->row->v.customer, old;
	struct rl_err e;
	int rc;

	rl_err_clear(&e);
	if (new_id) {
		im->res->inserted++;
		if (*im->row->interest_rule && (rc = interest_columns(im, new_id, &e)))
			return store_failed(im, rc, C_INTEREST_RULE, &e, err);
		return 0;
	}
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
	if ((rc = interest_columns(im, old.id, &e)))
		return store_failed(im, rc, C_INTEREST_RULE, &e, err);
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

/* An invoice row after the batch insert: new (new_id), or its number exists. */
static int apply_invoice(struct importer *im, int64_t new_id, struct rl_err *err)
{
	struct rl_invoice inv = im->row->v.invoice, old;
	struct rl_err e;
	int rc;

	rl_err_clear(&e);
	if (new_id) {
		im->res->inserted++;
		if (im->row->has_contract_rate && (rc = interest_columns(im, new_id, &e)))
			return store_failed(im, rc, C_CONTRACTUAL_RATE, &e, err);
		return 0;
	}
	if (!inv.customer_id) {
		if ((rc = resolve_customer(im, inv.customer_code, &inv.customer_id, err)))
			return rc;
		if (!inv.customer_id)
			return bad(im, C_CUSTOMER_ID, "unknown customer '%s'", inv.customer_code);
	}
	rl_err_clear(&e);
	rc = rl_store_invoice_get(im->store, im->opt->creditor, inv.number, &old, &e);
	if (rc == RL_ENOTFOUND) /* not inserted, yet not there: its customer went away */
		return bad(im, C_CUSTOMER_ID, "unknown customer '%s'", inv.customer_code);
	if (rc)
		return store_failed(im, rc, C_INVOICE_NUMBER, &e, err);
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
	/* Every refusal comes before the first write, so that a row refused
	 * under --skip-bad leaves its invoice as it was. */
	if (im->changes.len && old.paid != 0 && old.currency != inv.currency)
		return bad(im, C_CURRENCY,
			   "invoice '%s' has payments in %s: its currency cannot change",
			   inv.number, old.currency ? old.currency->code : "?");
	if (im->changes.len && old.paid > 0 && inv.amount < old.paid) {
		char paid[64];

		rl_money_format(paid, sizeof(paid), old.paid, old.currency, RL_LOCALE_C);
		return bad(im, C_AMOUNT,
			   "invoice '%s' is already paid %s, more than the new amount", inv.number,
			   paid);
	}
	if ((rc = interest_columns(im, old.id, &e)))
		return store_failed(im, rc, C_CONTRACTUAL_RATE, &e, err);
	if (!im->changes.len) {
		im->res->unchanged++;
		return 0;
	}
	/* old's strings live in the store's scratch space: the update binds
	 * inv's own strings only. */
	if ((rc = rl_store_invoice_update(im->store, im->opt->creditor, old.id, &inv, &e)))
		return store_failed(im, rc, C_INVOICE_NUMBER, &e, err);
	report_update(im, "invoice", inv.number);
	return 0;
}

/* --- payments' invoices, read a batch at a time -------------------------------------- */

/* The invoice a payment row names, as read with the rest of its batch. */
struct looked_invoice {
	bool found;
	struct rl_invoice inv;
	size_t number_off, customer_off; /* its strings, in payment_lookup.text */
};

#define ALLOC_SLOTS (2 * BATCH_ROWS) /* a power of two, above the rows of a batch */

/* The invoices of a batch of payments, read in one store call before its
 * rows are applied (one query on PostgreSQL instead of one per row), and
 * what the rows applied since allocated to them: a row sees the rows
 * before it. */
struct payment_lookup {
	struct looked_invoice row[BATCH_ROWS];
	struct rl_buf text;
	bool valid;                /* false once a changed payment was allocated afresh */
	int64_t inv[ALLOC_SLOTS];  /* invoices allocated to by this batch (0: free slot) */
	int64_t paid[ALLOC_SLOTS]; /* ... how much */
};

/* What this batch allocated to invoice so far (a slot it may add to). */
static int64_t *batch_paid(struct payment_lookup *lk, int64_t invoice)
{
	size_t j = (size_t)(((uint64_t)invoice * 0x9e3779b97f4a7c15u) >> 40) & (ALLOC_SLOTS - 1);

	while (lk->inv[j] && lk->inv[j] != invoice)
		j = (j + 1) & (ALLOC_SLOTS - 1);
	lk->inv[j] = invoice;
	return &lk->paid[j];
}

static int keep_invoice(void *ctx, size_t k, const struct rl_invoice *inv)
{
	struct importer *im = ctx;
	struct payment_lookup *lk = im->lookup;
	struct looked_invoice *l = &lk->row[im->many_rows[k]];

	l->found = true;
	l->inv = *inv;
	l->number_off = lk->text.len;
	if (rl_buf_addstr(&lk->text, inv->number) || rl_buf_addch(&lk->text, '\0'))
		return RL_ENOMEM;
	l->customer_off = lk->text.len;
	if (rl_buf_addstr(&lk->text, inv->customer_code) || rl_buf_addch(&lk->text, '\0'))
		return RL_ENOMEM;
	return 0;
}

/* Reads the invoices the good rows of batch b name. */
static int lookup_invoices(struct importer *im, const struct batch *b, struct rl_err *err)
{
	struct payment_lookup *lk = im->lookup;
	size_t n = 0;
	int rc;

	rl_buf_reset(&lk->text);
	memset(lk->inv, 0, sizeof(lk->inv));
	memset(lk->paid, 0, sizeof(lk->paid));
	lk->valid = true;
	for (size_t i = 0; i < b->nrows; i++) {
		const struct parsed_row *row = &b->rows[i];

		lk->row[i].found = false;
		if (row->err_msg || !*row->v.payment.invoice_number)
			continue;
		im->numbers[n] = row->v.payment.invoice_number;
		im->many_rows[n++] = i;
	}
	rc = rl_store_invoice_get_many(im->store, im->opt->creditor, im->numbers, n, keep_invoice,
				       im, err);
	if (rc == RL_ENOMEM && !err->code)
		rc = rl_err_set(err, RL_ENOMEM, "out of memory");
	return rc;
}

/* The invoice `number` the current row names: as read with its batch, plus
 * what the batch allocated to it since; from the store once the batch's
 * reads are stale. RL_ENOTFOUND if there is none. */
static int row_invoice(struct importer *im, const char *number, struct rl_invoice *inv,
		       struct rl_err *e)
{
	struct payment_lookup *lk = im->lookup;
	const struct looked_invoice *l = &lk->row[im->row - im->batch->rows];

	if (!lk->valid)
		return rl_store_invoice_get(im->store, im->opt->creditor, number, inv, e);
	if (!l->found)
		return rl_err_set(e, RL_ENOTFOUND, "no invoice '%s'", number);
	*inv = l->inv;
	inv->number = lk->text.ptr + l->number_off;
	inv->customer_code = lk->text.ptr + l->customer_off;
	inv->paid += *batch_paid(lk, inv->id);
	return 0;
}

/* Allocates payment p (stored as pay_id) to invoice inv. */
static int allocate(struct importer *im, const struct rl_payment *p, int64_t pay_id,
		    const struct rl_invoice *inv, struct rl_err *err)
{
	int64_t part = rl_allocation_amount(p->amount, rl_invoice_balance(inv));
	struct rl_err e;
	int rc;

	rl_err_clear(&e);
	if (part > 0 && (rc = rl_store_allocation_add(im->store, im->opt->creditor, inv->id, pay_id,
						      p->paid_date, part, &e)))
		return store_failed(im, rc, C_INVOICE_NUMBER, &e, err);
	*batch_paid(im->lookup, inv->id) += part;
	if (part < p->amount) {
		char rest[64];

		rl_money_format(rest, sizeof(rest), p->amount - part, p->currency, RL_LOCALE_C);
		rl_err_clear(&e);
		rl_err_set(&e, RL_OK,
			   "payment '%s' is %s %s more than invoice '%s' still owed: left as "
			   "customer credit",
			   p->code, rest, p->currency->code, inv->number);
		rl_err_at(&e, im->file, im->row->raw.line, "amount");
		report(im, RL_IMPORT_CREDIT, &e);
		im->res->credited++;
	}
	return 0;
}

/* Reads the invoice a payment names and checks that the payment fits it;
 * the strings of *inv are copied into number/customer (RL_MAX_ID + 1 bytes). */
static int payment_invoice(struct importer *im, struct rl_payment *p, struct rl_invoice *inv,
			   char *number, char *customer, struct rl_err *err)
{
	struct rl_err e;
	int rc;

	rl_err_clear(&e);
	rc = row_invoice(im, p->invoice_number, inv, &e);
	if (rc == RL_ENOTFOUND)
		return bad(im, C_INVOICE_NUMBER, "unknown invoice '%s'", p->invoice_number);
	if (rc)
		return store_failed(im, rc, C_INVOICE_NUMBER, &e, err);
	if (inv->type == RL_DOC_CREDIT_NOTE)
		return bad(im, C_INVOICE_NUMBER, "'%s' is a credit note, not an invoice",
			   p->invoice_number);
	if (*p->customer_code && strcmp(p->customer_code, inv->customer_code) != 0)
		return bad(im, C_CUSTOMER_ID, "invoice '%s' belongs to customer '%s', not '%s'",
			   p->invoice_number, inv->customer_code, p->customer_code);
	if (inv->currency != p->currency)
		return bad(im, C_CURRENCY, "invoice '%s' is in %s, the payment in %s",
			   p->invoice_number, inv->currency ? inv->currency->code : "?",
			   p->currency->code);
	snprintf(number, RL_MAX_ID + 1, "%s", inv->number);
	snprintf(customer, RL_MAX_ID + 1, "%s", inv->customer_code);
	inv->number = number;
	inv->customer_code = customer;
	p->customer_code = customer;
	return 0;
}

static int apply_payment(struct importer *im, int64_t new_id, struct rl_err *err)
{
	struct rl_payment p = im->row->v.payment, old;
	struct rl_invoice inv = { 0 };
	char inv_number[RL_MAX_ID + 1] = "", inv_customer[RL_MAX_ID + 1] = "";
	struct rl_err e;
	int64_t id;
	int rc;

	(void)new_id; /* payments are inserted one by one, after their invoice is read */
	if (*p.invoice_number &&
	    (rc = payment_invoice(im, &p, &inv, inv_number, inv_customer, err)))
		return rc;
	if (!p.customer_id) {
		if ((rc = resolve_customer(im, p.customer_code, &p.customer_id, err)))
			return rc;
		if (!p.customer_id)
			return bad(im, C_CUSTOMER_ID, "unknown customer '%s'", p.customer_code);
	}
	rl_err_clear(&e);
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
	 * the invoice's balance without them. The batch's reads of invoices are
	 * then stale: the rows after this one read theirs from the store. */
	im->lookup->valid = false;
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

/* --- rejects ----------------------------------------------------------------------- */

static int open_rejects(struct importer *im, struct rl_err *err)
{
	size_t n = strlen(im->opt->rejects_path) + 32;

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

/* Writes a record as read, then either the reject column names (the header)
 * or the row's file, line, field and reason. */
static void write_reject(struct importer *im, const struct rl_csv_record *rec, bool header)
{
	struct rl_buf line;

	rl_buf_init(&line, RL_MAX_RECORD * 2);
	for (size_t i = 0; i < rec->nfields; i++) {
		if (i)
			rl_buf_addch(&line, ',');
		rl_csv_write_field(&line, rec->fields[i].ptr, rec->fields[i].len, ',');
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

/* A bad row (in im->rowerr): reported, and written to the rejects file. */
static void reject_row(struct importer *im)
{
	im->res->rejected++;
	report(im, RL_IMPORT_BAD_ROW, &im->rowerr);
	if (im->rejects) {
		if (!im->rejects_header_written) {
			write_reject(im, &im->header, true);
			im->rejects_header_written = true;
		}
		write_reject(im, &im->row->raw, false);
	}
}

/* --- files ------------------------------------------------------------------------- */

static bool header_matches(const struct rl_csv_field *f, const char *name)
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

/* The file's name for canonical column c (the mapped header if any). */
static const char *header_name(const struct importer *im, enum col c)
{
	for (size_t i = 0; i < im->opt->nmap; i++)
		if (strcmp(im->opt->map[i].canonical, rl_import_col_names[c]) == 0)
			return im->opt->map[i].header;
	return rl_import_col_names[c];
}

/* Maps the header's fields to canonical columns and keeps a copy of it. */
static int read_header(struct importer *im, const struct rl_csv_record *rec, struct rl_err *err)
{
	struct row_parser *p = &im->parser;
	size_t offs[RL_MAX_COLUMNS];

	for (int c = 0; c < C_COUNT; c++)
		p->colidx[c] = -1;
	p->header_fields = rec->nfields;
	for (size_t k = 0; k < im->spec->ncols; k++) {
		enum col c = im->spec->cols[k].col;
		const char *name = header_name(im, c);

		for (size_t i = 0; i < rec->nfields; i++) {
			if (header_matches(&rec->fields[i], name)) {
				p->colidx[c] = (int)i;
				break;
			}
		}
		if (p->colidx[c] < 0 && im->spec->cols[k].required) {
			rl_err_set(err, RL_EINVAL,
				   "missing column '%s' (the header must name the columns %s)",
				   name, im->spec->header);
			return rl_err_at(err, im->file, rec->line, rl_import_col_names[c]);
		}
	}
	rl_buf_reset(&im->header_text);
	for (size_t i = 0; i < rec->nfields; i++) {
		bool used = false;

		for (int c = 0; c < C_COUNT; c++)
			used |= p->colidx[c] == (int)i;
		if (!used) {
			struct rl_err e;

			rl_err_clear(&e);
			rl_err_set(&e, RL_OK, "column '%s' is not used", rec->fields[i].ptr);
			rl_err_at(&e, im->file, rec->line, NULL);
			report(im, RL_IMPORT_NOTE, &e);
		}
		offs[i] = im->header_text.len;
		if (rl_buf_add(&im->header_text, rec->fields[i].ptr, rec->fields[i].len + 1))
			return rl_err_set(err, RL_ENOMEM, "header too long");
	}
	for (size_t i = 0; i < rec->nfields; i++) {
		im->header_fields[i].ptr = im->header_text.ptr + offs[i];
		im->header_fields[i].len = rec->fields[i].len;
	}
	im->header = *rec;
	im->header.fields = im->header_fields;
	return 0;
}

/* Inserts the batch's good customer or invoice rows in one store call;
 * new_ids[i] is then row i's new id, or 0 (bad row, or key already there). */
static int insert_batch(struct importer *im, const struct batch *b, int64_t *new_ids,
			struct rl_err *err)
{
	size_t n = 0;
	int rc;

	for (size_t i = 0; i < b->nrows; i++) {
		const struct parsed_row *row = &b->rows[i];

		new_ids[i] = 0;
		if (row->err_msg)
			continue;
		if (im->opt->kind == RL_IMPORT_CUSTOMERS) {
			im->many_customers[n] = row->v.customer;
		} else {
			im->many_invoices[n] = row->v.invoice;
			if (!im->many_invoices[n].customer_id &&
			    (rc = resolve_customer(im, row->v.invoice.customer_code,
						   &im->many_invoices[n].customer_id, err)))
				return rc;
			if (!im->many_invoices[n].customer_id)
				continue; /* reported as unknown when the row is applied */
		}
		im->many_rows[n++] = i;
	}
	if (im->opt->kind == RL_IMPORT_CUSTOMERS)
		rc = rl_store_customer_insert_many(im->store, im->opt->creditor, im->many_customers,
						   n, im->many_ids, err);
	else
		rc = rl_store_invoice_insert_many(im->store, im->opt->creditor, im->many_invoices,
						  n, im->many_ids, err);
	if (rc)
		return rc;
	for (size_t k = 0; k < n; k++)
		new_ids[im->many_rows[k]] = im->many_ids[k];
	return 0;
}

/* Applies the rows of one batch, in file order; a failure other than a bad
 * row stops. */
static int apply_batch(struct importer *im, const struct batch *b, struct rl_err *err)
{
	static int (*const apply[])(struct importer *, int64_t, struct rl_err *) = {
		[RL_IMPORT_CUSTOMERS] = apply_customer,
		[RL_IMPORT_INVOICES] = apply_invoice,
		[RL_IMPORT_PAYMENTS] = apply_payment,
	};
	int rc;

	im->batch = b;
	if (im->opt->kind != RL_IMPORT_PAYMENTS && (rc = insert_batch(im, b, im->new_ids, err)))
		return rc;
	if (im->opt->kind == RL_IMPORT_PAYMENTS && (rc = lookup_invoices(im, b, err)))
		return rc;
	for (size_t i = 0; i < b->nrows; i++) {
		const struct parsed_row *row = &b->rows[i];

		im->row = row;
		im->res->rows++;
		rl_err_clear(&im->rowerr);
		if (row->err_msg) {
			rl_err_set(&im->rowerr, RL_EINVAL, "%s", row->err_msg);
			rl_err_at(&im->rowerr, im->file, row->raw.line, row->err_field);
			reject_row(im);
			continue;
		}
		rc = apply[im->opt->kind](
			im, im->opt->kind == RL_IMPORT_PAYMENTS ? 0 : im->new_ids[i], err);
		if (rc == RL_EINVAL && im->rowerr.code) {
			reject_row(im);
		} else if (rc) {
			if (!err->file[0])
				rl_err_at(err, im->file, row->raw.line, NULL);
			return rc;
		}
	}
	return 0;
}

/* Reads the rest of the file on a second thread while applying its rows. */
static int run_pipeline(struct importer *im, rl_csv_reader *r, long *data_rows, struct rl_err *err)
{
	struct pipeline pl = { .reader = r, .parser = &im->parser };
	pthread_t reader;
	int rc = 0;

	pthread_mutex_init(&pl.lock, NULL);
	pthread_cond_init(&pl.changed, NULL);
	for (int i = 0; i < NBATCHES; i++)
		pl.slot[i] = im->batches[i];
	if (pthread_create(&reader, NULL, read_batches, &pl) != 0) {
		rc = rl_err_set(err, RL_ENOMEM, "cannot start a thread");
		goto out;
	}
	for (;;) {
		struct batch *b = take_batch(&pl);
		bool last = b->eof || b->fatal;

		*data_rows += (long)b->nrows;
		rc = apply_batch(im, b, err);
		if (rc == 0 && b->fatal) {
			*err = b->fatal_err;
			rc = err->code ? err->code : RL_EIO;
		}
		if (im->opt->progress)
			im->opt->progress(im->opt->ctx, im->bytes_before + b->offset,
					  im->bytes_total, im->res->rows);
		if (rc || last) {
			pthread_mutex_lock(&pl.lock);
			pl.stop = true;
			pthread_cond_broadcast(&pl.changed);
			pthread_mutex_unlock(&pl.lock);
			if (!rc)
				im->bytes_before += b->offset;
			give_back(&pl);
			break;
		}
		give_back(&pl);
	}
	pthread_join(reader, NULL);
out:
	pthread_cond_destroy(&pl.changed);
	pthread_mutex_destroy(&pl.lock);
	return rc;
}

static int import_file(struct importer *im, const char *path, struct rl_err *err)
{
	struct rl_csv_record rec;
	rl_csv_reader *r = NULL;
	struct stat sb;
	long data_rows = 0;
	int fd, rc;

	im->file = path;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return rl_err_set(err, RL_EIO, "%s: cannot open: %s", path, strerror(errno));
	if (fstat(fd, &sb) == 0 && S_ISDIR(sb.st_mode)) {
		rc = rl_err_set(err, RL_EIO, "%s: is a directory", path);
		goto out;
	}
	if ((rc = rl_csv_open_fd(&r, fd, path, im->opt->separator, err)))
		goto out;
	rc = rl_csv_next(r, &rec, err);
	if (rc == 0) {
		rl_err_set(err, RL_EINVAL, "the file is empty (expected a header line: %s)",
			   im->spec->header);
		rc = rl_err_at(err, path, 1, NULL);
		goto out;
	}
	if (rc < 0 || (rc = read_header(im, &rec, err)))
		goto out;
	if ((rc = run_pipeline(im, r, &data_rows, err)))
		goto out;
	if (data_rows == 0) {
		rl_err_set(err, RL_EINVAL, "no data rows after the header");
		rc = rl_err_at(err, path, 2, NULL);
	}
out:
	rl_csv_free(r);
	close(fd);
	return rc;
}

static int load_customer(void *ctx, const struct rl_customer *c)
{
	struct customer_map *m = ctx;

	return customer_map_put(m, c->code, c->id) ? 0 : 1;
}

/* Prepares what every file needs: the customer map, batches, rejects file. */
static int prepare(struct importer *im, struct rl_err *err)
{
	int rc;

	if ((rc = rl_store_max_id(im->store, im->opt->creditor, im->spec->entity, &im->first_new_id,
				  err)))
		return rc;
	if (im->first_new_id > 0 && !(im->seen = calloc((size_t)(im->first_new_id >> 3) + 1, 1)))
		return rl_err_set(err, RL_ENOMEM, "out of memory");
	if (im->opt->kind != RL_IMPORT_CUSTOMERS) {
		rc = rl_store_customer_each(im->store, im->opt->creditor, load_customer,
					    &im->customers, err);
		if (rc < 0)
			return rc;
	}
	im->parser.opt = im->opt;
	im->parser.customers = &im->customers;
	for (int i = 0; i < NBATCHES; i++) {
		struct batch *b = calloc(1, sizeof(*b));

		if (!b || !(b->arena.base = malloc(BATCH_ARENA))) {
			free(b);
			return rl_err_set(err, RL_ENOMEM, "out of memory");
		}
		b->arena.cap = BATCH_ARENA;
		im->batches[i] = b;
	}
	im->many_customers = calloc(BATCH_ROWS, sizeof(*im->many_customers));
	im->many_invoices = calloc(BATCH_ROWS, sizeof(*im->many_invoices));
	im->many_rows = calloc(BATCH_ROWS, sizeof(*im->many_rows));
	im->many_ids = calloc(BATCH_ROWS, sizeof(*im->many_ids));
	im->new_ids = calloc(BATCH_ROWS, sizeof(*im->new_ids));
	if (!im->many_customers || !im->many_invoices || !im->many_rows || !im->many_ids ||
	    !im->new_ids)
		return rl_err_set(err, RL_ENOMEM, "out of memory");
	if (im->opt->kind == RL_IMPORT_PAYMENTS) {
		im->lookup = calloc(1, sizeof(*im->lookup));
		im->numbers = calloc(BATCH_ROWS, sizeof(*im->numbers));
		if (!im->lookup || !im->numbers)
			return rl_err_set(err, RL_ENOMEM, "out of memory");
		rl_buf_init(&im->lookup->text, RL_MAX_OUTPUT);
	}
	if (im->opt->rejects_path && (rc = open_rejects(im, err)))
		return rc;
	return 0;
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
	rl_buf_init(&im.header_text, RL_MAX_RECORD + RL_MAX_COLUMNS);
	customer_map_init(&im.customers);
	if (opt->decimal_sep && opt->decimal_sep != '.' && opt->decimal_sep != ',')
		return rl_err_set(err, RL_EUSAGE, "the decimal separator must be '.' or ','");
	if (opt->date_pattern && !rl_date_pattern_valid(opt->date_pattern))
		return rl_err_set(err, RL_EUSAGE,
				  "'%s' is not a date format (use letters YYYY, MM, DD and "
				  "separators, e.g. DD/MM/YYYY)",
				  opt->date_pattern);
	for (size_t i = 0; i < npaths; i++) {
		struct stat sb;

		if (stat(paths[i], &sb) == 0)
			im.bytes_total += (uint64_t)sb.st_size;
	}
	/* About 60 bytes a row in the canonical files: enough to choose a strategy. */
	if ((rc = rl_store_begin_bulk(s, im.spec->entity, (int64_t)(im.bytes_total / 60), err)))
		goto out;
	if ((rc = prepare(&im, err)))
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
		FILE *f = im.rejects;

		im.rejects = NULL;
		if (fclose(f) != 0 || rename(im.rejects_tmp, opt->rejects_path) != 0) {
			rc = rl_err_set(err, RL_EIO, "cannot write '%s': %s", opt->rejects_path,
					strerror(errno));
			goto rollback;
		}
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
	for (int i = 0; i < NBATCHES; i++) {
		if (im.batches[i])
			free(im.batches[i]->arena.base);
		free(im.batches[i]);
	}
	free(im.seen);
	free(im.many_customers);
	free(im.many_invoices);
	free(im.many_rows);
	free(im.many_ids);
	free(im.new_ids);
	if (im.lookup)
		rl_buf_release(&im.lookup->text);
	free(im.lookup);
	free(im.numbers);
	rl_buf_release(&im.changes);
	rl_buf_release(&im.header_text);
	customer_map_release(&im.customers);
	return rc;
}
