/* Unit tests of the workload generator (relance/formats/gen.h). Each test
 * generates into a fresh mkdtemp directory and reads the files back with the
 * project's own CSV reader, so they also prove that what gen writes is what
 * import reads: quoting, UTF-8 and headers included. The ledger checks
 * (customers exist, payments never exceed invoices, dates in range, the
 * paid / partly paid / unpaid mix) hold for any seed; the seeds here are
 * fixed only so that a failure can be replayed. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "relance/core/date.h"
#include "relance/core/money.h"
#include "relance/core/status.h"
#include "relance/formats/csv.h"
#include "relance/formats/gen.h"

#define CUSTOMERS_HEAD "customer_id,name,kind,country,language,email,phone,address"
#define INVOICES_HEAD "invoice_number,customer_id,issue_date,due_date,currency,amount,type"
#define PAYMENTS_HEAD "payment_id,paid_date,amount,currency,customer_id,invoice_number,reference"

/* A scratch directory; gen writes into its "out" subdirectory, which it must
 * create itself. */
struct scratch {
	char root[64];
	char out[96];
};

static void scratch_make(struct scratch *s)
{
	snprintf(s->root, sizeof(s->root), "/tmp/relance-test-gen-XXXXXX");
	assert_non_null(mkdtemp(s->root));
	snprintf(s->out, sizeof(s->out), "%s/out", s->root);
}

static void scratch_remove(struct scratch *s)
{
	static const char *const names[] = { "customers.csv", "invoices.csv", "payments.csv" };
	char path[160];

	for (size_t i = 0; i < 3; i++) {
		snprintf(path, sizeof(path), "%s/%s", s->out, names[i]);
		unlink(path);
	}
	rmdir(s->out);
	rmdir(s->root);
}

static rl_date ymd(int y, int m, int d)
{
	rl_date out;

	assert_int_equal(rl_date_from_ymd(y, m, d, &out), 0);
	return out;
}

static struct rl_gen_options options(const char *outdir, long customers, long invoices,
				     uint64_t seed)
{
	struct rl_gen_options o;

	memset(&o, 0, sizeof(o));
	o.customers = customers;
	o.invoices = invoices;
	o.seed = seed;
	o.asof = ymd(2026, 3, 15);
	o.outdir = outdir;
	return o;
}

static void generate(const struct rl_gen_options *o)
{
	struct rl_err err;

	memset(&err, 0, sizeof(err));
	if (rl_gen_write(o, &err) != 0)
		fail_msg("rl_gen_write: %s", err.msg);
}

static char *slurp(const char *dir, const char *name, size_t *len)
{
	char path[160];
	struct stat st;
	char *data;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "rb");
	assert_non_null(f);
	assert_int_equal(fstat(fileno(f), &st), 0);
	data = malloc((size_t)st.st_size + 1);
	assert_non_null(data);
	assert_int_equal(fread(data, 1, (size_t)st.st_size, f), (size_t)st.st_size);
	data[st.st_size] = '\0';
	fclose(f);
	*len = (size_t)st.st_size;
	return data;
}

static int same_file(const char *dir1, const char *dir2, const char *name)
{
	size_t len1, len2;
	char *a = slurp(dir1, name, &len1);
	char *b = slurp(dir2, name, &len2);
	int same = len1 == len2 && memcmp(a, b, len1) == 0;

	free(a);
	free(b);
	return same;
}

static int field_is(const struct rl_csv_field *f, const char *s)
{
	return f->len == strlen(s) && memcmp(f->ptr, s, f->len) == 0;
}

static rl_date field_date(const struct rl_csv_field *f)
{
	struct rl_err err;
	rl_date d;

	assert_int_equal(f->len, RL_DATE_ISO_LEN);
	if (rl_date_parse(f->ptr, f->len, "YYYY-MM-DD", &d, &err) != 0)
		fail_msg("bad date '%s': %s", f->ptr, err.msg);
	return d;
}

static int64_t field_cents(const struct rl_csv_field *f)
{
	struct rl_money_syntax syn = { '.' };
	struct rl_err err;
	int64_t v;

	/* Always two decimals, '.' separator, no grouping. */
	assert_true(f->len >= 4 && f->ptr[f->len - 3] == '.');
	if (rl_money_parse(f->ptr, f->len, syn, 2, &v, &err) != 0)
		fail_msg("bad amount '%s': %s", f->ptr, err.msg);
	return v;
}

/* Reads dir/name with rl_csv, checks its first line is exactly head followed
 * by LF, and calls fn on every data record. Returns the number of records. */
static long read_rows(const char *dir, const char *name, const char *head,
		      void (*fn)(void *ctx, const struct rl_csv_record *rec), void *ctx)
{
	char path[160];
	struct rl_csv_record rec;
	struct rl_err err;
	rl_csv_reader *r;
	size_t len;
	char *data = slurp(dir, name, &len);
	long rows = 0;
	int rc;

	assert_true(len > strlen(head));
	assert_memory_equal(data, head, strlen(head));
	assert_int_equal(data[strlen(head)], '\n');
	assert_null(strchr(data, '\r'));
	assert_int_equal(data[len - 1], '\n');

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	assert_int_equal(rl_csv_open_mem(&r, data, len, path, ',', &err), 0);
	assert_int_equal(rl_csv_next(r, &rec, &err), 1); /* the header */
	while ((rc = rl_csv_next(r, &rec, &err)) == 1) {
		fn(ctx, &rec);
		rows++;
	}
	if (rc != 0)
		fail_msg("%s:%ld: %s", path, err.line, err.msg);
	rl_csv_free(r);
	free(data);
	return rows;
}

/* ---- the ledger as read back ---------------------------------------------- */

struct invoice {
	char number[32];
	long customer; /* 1-based, from the id */
	rl_date issue, due;
	int64_t amount;
	int credit;
	int64_t paid;
};

/* How one customer's payments fell relative to due dates. */
struct habit {
	long payments;
	long before_due; /* paid before the due date */
	long late;       /* paid 30 days or more after it */
};

struct ledger {
	rl_date asof;
	struct habit *habits; /* indexed by customer number */
	long ncustomers;
	long comma_names;
	struct invoice *inv;
	long ninv, capinv;
	long npay;
};

static long customer_number(const struct rl_csv_field *f)
{
	char *end;
	long n;

	assert_true(f->len >= 7 && f->ptr[0] == 'C');
	n = strtol(f->ptr + 1, &end, 10);
	assert_ptr_equal(end, f->ptr + f->len);
	return n;
}

static void on_customer(void *ctx, const struct rl_csv_record *rec)
{
	static const char *const pairs[][2] = { { "FR", "fr" }, { "BE", "fr" }, { "DE", "de" },
						{ "ES", "en" }, { "IT", "en" }, { "GB", "en" } };
	struct ledger *l = ctx;
	const struct rl_csv_field *f = rec->fields;
	int country_ok = 0;

	assert_int_equal(rec->nfields, 8);
	/* ids are dense and in order: C000001, C000002, ... */
	assert_int_equal(customer_number(&f[0]), ++l->ncustomers);
	assert_true(f[1].len > 0);
	if (memchr(f[1].ptr, ',', f[1].len))
		l->comma_names++;
	assert_true(field_is(&f[2], "business") || field_is(&f[2], "consumer"));
	for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++)
		country_ok |= field_is(&f[3], pairs[i][0]) && field_is(&f[4], pairs[i][1]);
	assert_true(country_ok);
	for (size_t i = 0; i < f[5].len; i++)
		assert_true((unsigned char)f[5].ptr[i] > ' ' && (unsigned char)f[5].ptr[i] < 0x7f);
	assert_non_null(memchr(f[5].ptr, '@', f[5].len));
	assert_true(f[6].len > 4 && f[6].ptr[0] == '+');
	assert_non_null(memchr(f[7].ptr, ',', f[7].len));
}

static void on_invoice(void *ctx, const struct rl_csv_record *rec)
{
	struct ledger *l = ctx;
	const struct rl_csv_field *f = rec->fields;
	struct invoice *in;
	int32_t term;

	assert_int_equal(rec->nfields, 7);
	if (l->ninv == l->capinv) {
		l->capinv = l->capinv ? 2 * l->capinv : 1024;
		l->inv = realloc(l->inv, (size_t)l->capinv * sizeof(*l->inv));
		assert_non_null(l->inv);
	}
	in = &l->inv[l->ninv++];
	memset(in, 0, sizeof(*in));
	assert_true(f[0].len == 13 && f[0].ptr[0] == 'F' && f[0].ptr[5] == '-');
	memcpy(in->number, f[0].ptr, f[0].len);
	in->customer = customer_number(&f[1]);
	assert_true(in->customer >= 1 && in->customer <= l->ncustomers);
	in->issue = field_date(&f[2]);
	in->due = field_date(&f[3]);
	assert_true(in->due >= l->asof - 200 && in->due <= l->asof + 60);
	term = rl_date_diff(in->issue, in->due);
	assert_true(in->issue <= l->asof); /* never issued after the as-of day */
	if (in->issue < l->asof) {
		assert_true(term == 30 || term == 45 || term == 60);
		assert_memory_equal(f[0].ptr + 1, f[2].ptr, 4); /* numbered in its issue year */
	} else {
		assert_true(term >= 30 && term <= 90); /* due far ahead: issued today */
	}
	assert_true(field_is(&f[4], "EUR"));
	in->amount = field_cents(&f[5]);
	in->credit = field_is(&f[6], "credit_note");
	assert_true(in->credit || field_is(&f[6], "invoice"));
	if (in->credit)
		in->amount = -in->amount;
	assert_in_range(in->amount, 5000, 2000000);
}

static int by_number(const void *a, const void *b)
{
	return strcmp(((const struct invoice *)a)->number, ((const struct invoice *)b)->number);
}

static void on_payment(void *ctx, const struct rl_csv_record *rec)
{
	struct ledger *l = ctx;
	const struct rl_csv_field *f = rec->fields;
	struct invoice key, *in;
	char ref[64];
	rl_date paid;

	assert_int_equal(rec->nfields, 7);
	l->npay++;
	snprintf(ref, sizeof(ref), "P%07ld", l->npay);
	assert_true(field_is(&f[0], ref));
	memset(&key, 0, sizeof(key));
	assert_true(f[5].len < sizeof(key.number));
	memcpy(key.number, f[5].ptr, f[5].len);
	assert_true(l->ninv > 0);
	in = bsearch(&key, l->inv, (size_t)l->ninv, sizeof(*l->inv), by_number);
	assert_non_null(in);
	assert_false(in->credit);
	assert_int_equal(customer_number(&f[4]), in->customer);
	paid = field_date(&f[1]);
	assert_true(paid <= l->asof);
	assert_true(paid >= in->issue);
	assert_true(field_is(&f[3], "EUR"));
	in->paid += field_cents(&f[2]);
	l->habits[in->customer].payments++;
	l->habits[in->customer].before_due += paid < in->due;
	l->habits[in->customer].late += rl_date_diff(in->due, paid) >= 30;
	snprintf(ref, sizeof(ref), "VIR SEPA %s", key.number);
	assert_true(field_is(&f[6], ref));
}

/* Reads a generated directory back, checking every row on the way. */
static void read_ledger(const char *dir, rl_date asof, struct ledger *l)
{
	memset(l, 0, sizeof(*l));
	l->asof = asof;
	read_rows(dir, "customers.csv", CUSTOMERS_HEAD, on_customer, l);
	read_rows(dir, "invoices.csv", INVOICES_HEAD, on_invoice, l);
	if (l->ninv)
		qsort(l->inv, (size_t)l->ninv, sizeof(*l->inv), by_number);
	for (long i = 1; i < l->ninv; i++)
		assert_true(strcmp(l->inv[i - 1].number, l->inv[i].number) < 0); /* unique */
	l->habits = calloc((size_t)l->ncustomers + 1, sizeof(*l->habits));
	assert_non_null(l->habits);
	read_rows(dir, "payments.csv", PAYMENTS_HEAD, on_payment, l);
	for (long i = 0; i < l->ninv; i++)
		assert_true(l->inv[i].paid <= l->inv[i].amount);
}

/* ---- tests ---------------------------------------------------------------- */

static void same_seed_gives_identical_files(void **state)
{
	struct scratch a, b;
	struct rl_gen_options o;

	scratch_make(&a);
	scratch_make(&b);
	o = options(a.out, 50, 2000, 42);
	generate(&o);
	o.outdir = b.out;
	generate(&o);
	assert_true(same_file(a.out, b.out, "customers.csv"));
	assert_true(same_file(a.out, b.out, "invoices.csv"));
	assert_true(same_file(a.out, b.out, "payments.csv"));
	/* Generating again over existing files replaces them with the same. */
	generate(&o);
	assert_true(same_file(a.out, b.out, "invoices.csv"));
	scratch_remove(&a);
	scratch_remove(&b);
}

static void different_seed_gives_different_files(void **state)
{
	struct scratch a, b;
	struct rl_gen_options o;

	scratch_make(&a);
	scratch_make(&b);
	o = options(a.out, 50, 2000, 42);
	generate(&o);
	o = options(b.out, 50, 2000, 43);
	generate(&o);
	assert_false(same_file(a.out, b.out, "customers.csv"));
	assert_false(same_file(a.out, b.out, "invoices.csv"));
	assert_false(same_file(a.out, b.out, "payments.csv"));
	scratch_remove(&a);
	scratch_remove(&b);
}

static void ledger_is_consistent(void **state)
{
	struct scratch s;
	struct rl_gen_options o;
	struct ledger l;
	DIR *d;
	struct dirent *e;
	int entries = 0;

	scratch_make(&s);
	o = options(s.out, 50, 2000, 7);
	generate(&o);
	read_ledger(s.out, o.asof, &l);
	assert_int_equal(l.ncustomers, 50);
	assert_int_equal(l.ninv, 2000);
	assert_true(l.npay > 0);
	/* Nothing but the three files: no temporary left behind. */
	d = opendir(s.out);
	assert_non_null(d);
	while ((e = readdir(d)) != NULL)
		entries += e->d_name[0] != '.';
	closedir(d);
	assert_int_equal(entries, 3);
	free(l.inv);
	free(l.habits);
	scratch_remove(&s);
}

static void mix_matches_targets(void **state)
{
	struct scratch s;
	struct rl_gen_options o;
	struct ledger l;
	long mature = 0, full = 0, part = 0, unpaid = 0, credit = 0, late = 0;

	scratch_make(&s);
	o = options(s.out, 2000, 20000, 2026);
	generate(&o);
	read_ledger(s.out, o.asof, &l);
	assert_int_equal(l.ninv, 20000);
	for (long i = 0; i < l.ninv; i++) {
		const struct invoice *in = &l.inv[i];

		if (in->credit) {
			credit++;
			continue;
		}
		if (in->due > o.asof)
			late += in->paid == 0;
		/* Only invoices due 90 days or more ago have had every chance to
		 * be paid, even by the slowest payers. */
		if (in->due > o.asof - 90)
			continue;
		mature++;
		if (in->paid == in->amount)
			full++;
		else if (in->paid > 0)
			part++;
		else
			unpaid++;
	}
	/* Per mille, within 30 (3 points) of 550 / 100 / 350; 2 % credit notes. */
	assert_true(mature > 5000);
	assert_in_range(1000 * full / mature, 520, 580);
	assert_in_range(1000 * part / mature, 70, 130);
	assert_in_range(1000 * unpaid / mature, 320, 380);
	assert_in_range(1000 * credit / l.ninv, 10, 30);
	assert_true(late > 0);
	/* Some customer names hold a comma, so quoting is exercised. */
	assert_true(l.comma_names > 0);
	free(l.inv);
	free(l.habits);
	scratch_remove(&s);
}

static void few_customers_always_pay_late_or_early(void **state)
{
	struct scratch s;
	struct rl_gen_options o;
	struct ledger l;
	long judged = 0, late = 0, early = 0;

	scratch_make(&s);
	o = options(s.out, 2000, 20000, 99);
	generate(&o);
	read_ledger(s.out, o.asof, &l);
	for (long c = 1; c <= l.ncustomers; c++) {
		const struct habit *h = &l.habits[c];

		if (h->payments < 5)
			continue;
		judged++;
		/* Late payers pay every invoice 30 days or more after due; early
		 * payers pay first payments before due (a second instalment may
		 * come after); on-time payers pay from 5 days before to 25 after. */
		late += h->late == h->payments;
		early += 10 * h->before_due >= 8 * h->payments;
	}
	assert_true(judged > 500);
	assert_in_range(1000 * late / judged, 20, 80);
	assert_in_range(1000 * early / judged, 20, 80);
	free(l.inv);
	free(l.habits);
	scratch_remove(&s);
}

static void zero_invoices_give_headers_only(void **state)
{
	struct scratch s;
	struct rl_gen_options o;
	struct ledger l;

	scratch_make(&s);
	o = options(s.out, 1, 0, 1);
	generate(&o);
	read_ledger(s.out, o.asof, &l);
	assert_int_equal(l.ncustomers, 1);
	assert_int_equal(l.ninv, 0);
	assert_int_equal(l.npay, 0);
	free(l.inv);
	free(l.habits);
	scratch_remove(&s);
}

struct progress_log {
	long calls, last, total;
};

static void on_progress(void *ctx, long done, long total)
{
	struct progress_log *p = ctx;

	assert_true(done > p->last);
	assert_true(done % 10000 == 0 || done == total);
	p->calls++;
	p->last = done;
	p->total = total;
}

static void progress_reported_every_ten_thousand(void **state)
{
	struct scratch s;
	struct rl_gen_options o;
	struct progress_log p = { 0, 0, 0 };

	scratch_make(&s);
	o = options(s.out, 10, 25000, 3);
	o.progress = on_progress;
	o.progress_ctx = &p;
	generate(&o);
	assert_int_equal(p.calls, 3); /* 10000, 20000, 25000 */
	assert_int_equal(p.last, 25000);
	assert_int_equal(p.total, 25000);
	scratch_remove(&s);
}

static void bad_options_rejected(void **state)
{
	static const struct {
		long customers, invoices;
		const char *outdir, *currency;
		int asof_far;
	} rows[] = {
		{ 0, 10, "x", NULL, 0 },  /* no customer */
		{ -5, 10, "x", NULL, 0 }, /* negative customers */
		{ 1, -1, "x", NULL, 0 },  /* negative invoices */
		{ 1, 10, NULL, NULL, 0 }, /* no directory */
		{ 1, 10, "", NULL, 0 },   /* empty directory */
		{ 1, 10, "x", "XYZ", 0 }, /* unknown currency */
		{ 1, 10, "x", NULL, 1 },  /* asof at the edge of the calendar */
	};

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct rl_gen_options o =
			options(rows[i].outdir, rows[i].customers, rows[i].invoices, 1);
		struct rl_err err;
		size_t n;

		memset(&err, 0, sizeof(err));
		o.currency = rows[i].currency;
		if (rows[i].asof_far)
			o.asof = ymd(1, 1, 5);
		assert_int_equal(rl_gen_write(&o, &err), RL_EINVAL);
		assert_int_equal(err.code, RL_EINVAL);
		n = strlen(err.msg);
		assert_true(n > 0);
		assert_false(err.msg[0] >= 'A' && err.msg[0] <= 'Z');
		assert_true(err.msg[n - 1] != '.' && err.msg[n - 1] != '\n');
	}
	assert_int_equal(rl_gen_write(NULL, NULL), RL_EINVAL);
}

static void unwritable_directory_is_an_io_error(void **state)
{
	struct scratch s;
	struct rl_gen_options o;
	struct rl_err err;
	char file[128], sub[160];
	FILE *f;

	scratch_make(&s);
	/* A directory below a regular file can be neither created nor written. */
	snprintf(file, sizeof(file), "%s/plain", s.root);
	f = fopen(file, "w");
	assert_non_null(f);
	fclose(f);
	snprintf(sub, sizeof(sub), "%s/out", file);
	o = options(sub, 5, 10, 1);
	memset(&err, 0, sizeof(err));
	assert_int_equal(rl_gen_write(&o, &err), RL_EIO);
	assert_non_null(strstr(err.msg, sub));
	unlink(file);
	scratch_remove(&s);
}

static void other_currency_scales_amounts(void **state)
{
	struct scratch s;
	struct rl_gen_options o;
	size_t len;
	char *data;

	scratch_make(&s);
	o = options(s.out, 3, 50, 5);
	o.currency = "JPY";
	generate(&o);
	data = slurp(s.out, "invoices.csv", &len);
	/* No minor unit: whole yen, no decimal point after the currency. */
	assert_non_null(strstr(data, ",JPY,"));
	assert_null(strstr(data, "EUR"));
	for (char *p = strstr(data, ",JPY,"); p; p = strstr(p + 1, ",JPY,")) {
		char *end = strchr(p + 5, ',');

		assert_non_null(end);
		assert_null(memchr(p + 5, '.', (size_t)(end - p - 5)));
	}
	free(data);
	scratch_remove(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(same_seed_gives_identical_files),
		cmocka_unit_test(different_seed_gives_different_files),
		cmocka_unit_test(ledger_is_consistent),
		cmocka_unit_test(mix_matches_targets),
		cmocka_unit_test(few_customers_always_pay_late_or_early),
		cmocka_unit_test(zero_invoices_give_headers_only),
		cmocka_unit_test(progress_reported_every_ten_thousand),
		cmocka_unit_test(bad_options_rejected),
		cmocka_unit_test(unwritable_directory_is_an_io_error),
		cmocka_unit_test(other_currency_scales_amounts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
