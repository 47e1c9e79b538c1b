/* relance db: the database under the ledger — its schema version and
 * contents (status), pending migrations (migrate), and moving a whole ledger
 * from one backend to the other (copy), checked afterwards (store.h,
 * "moving a ledger between databases"). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "relance/core/journal.h"
#include "relance/store/journal.h"
#include "relance/store/schema.h"
#include "commands.h"

const char usage_db[] =
	"usage: relance [--db PATH|URI] db status\n"
	"       relance [--db PATH|URI] db migrate\n"
	"       relance db copy --from PATH|URI --to PATH|URI [--force]\n"
	"\n"
	"status   the backend, the schema version against the newest this relance\n"
	"         knows, and each creditor's customers, invoices and payments\n"
	"migrate  applies the pending migrations, in one transaction (commands that\n"
	"         write do it when they open the ledger; commands that only read\n"
	"         refuse a ledger whose migrations are pending)\n"
	"copy     copies every table of the ledger at --from into --to, ids kept, in\n"
	"         one transaction: from the embedded SQLite file to a PostgreSQL\n"
	"         database or back. The copy is then checked against the source:\n"
	"         row counts and contents of every table, each creditor's balance\n"
	"         and journal chain; if anything differs nothing is written.\n"
	"\n"
	"options (copy):\n"
	"  --from PATH|URI   the ledger to copy (it must be at the latest schema version)\n"
	"  --to PATH|URI     where to copy it: a new SQLite file, or a PostgreSQL database\n"
	"  --force           replace the ledger --to already holds\n";

/* --- status, migrate -------------------------------------------------------------- */

static int show_creditor(void *ctx, const struct rl_creditor *c)
{
	static const enum rl_entity what[] = { RL_ENTITY_CUSTOMER, RL_ENTITY_INVOICE,
					       RL_ENTITY_PAYMENT };
	rl_store *s = ctx;
	int64_t n[3];
	struct rl_err err;
	int rc;

	rl_err_clear(&err);
	for (int i = 0; i < 3; i++)
		if ((rc = rl_store_count(s, c->id, what[i], &n[i], &err)))
			return cli_exit(rc, &err);
	printf("%-16s %12lld %12lld %12lld   %s\n", c->code, (long long)n[0], (long long)n[1],
	       (long long)n[2], c->name);
	return 0;
}

static int db_status(struct cli *cli)
{
	struct rl_err err;
	rl_store *s;
	int v, latest, rc;

	rl_err_clear(&err);
	if ((rc = rl_store_open(&s, cli->db_uri, RL_STORE_READONLY | RL_STORE_NO_MIGRATE, &err)))
		return cli_exit(rc, &err);
	if ((rc = rl_store_schema_version(s, &v, &latest, &err)))
		goto out;
	printf("database  %s (%s)\n", cli->db_uri, rl_store_backend(s));
	if (v == 0) {
		printf("schema    none: no relance ledger (create it with 'relance init')\n");
		rl_store_close(s);
		return EXIT_FAIL;
	}
	if (v < latest)
		printf("schema    version %d, latest %d: %d migration%s pending (run 'relance db "
		       "migrate')\n",
		       v, latest, latest - v, latest - v == 1 ? "" : "s");
	else if (v > latest)
		printf("schema    version %d, newer than this relance knows (%d)\n", v, latest);
	else
		printf("schema    version %d, the latest\n", v);
	printf("\n%-16s %12s %12s %12s   %s\n", "creditor", "customers", "invoices", "payments",
	       "name");
	rc = rl_store_creditor_each(s, show_creditor, s, &err);
	if (rc > 0) { /* show_creditor printed it */
		rl_store_close(s);
		return rc;
	}
out:
	rl_store_close(s);
	return rc ? cli_exit(rc, &err) : EXIT_OK;
}

static int db_migrate(struct cli *cli)
{
	struct rl_err err;
	rl_store *s;
	int from, to, latest, rc;

	rl_err_clear(&err);
	if ((rc = rl_store_open(&s, cli->db_uri, RL_STORE_NO_MIGRATE, &err)))
		return cli_exit(rc, &err);
	if ((rc = rl_store_migrate(s, &from, &err)) ||
	    (rc = rl_store_schema_version(s, &to, &latest, &err))) {
		rl_store_close(s);
		return cli_exit(rc, &err);
	}
	rl_store_close(s);
	if (from == to)
		printf("%s is up to date: schema version %d\n", cli->db_uri, to);
	else
		printf("migrated %s from schema version %d to %d\n", cli->db_uri, from, to);
	return EXIT_OK;
}

/* --- copy --------------------------------------------------------------------------- */

static void copied(void *ctx, const char *table, int64_t rows)
{
	int64_t *total = ctx;

	*total += rows;
	printf("  %-20s %12lld rows\n", table, (long long)rows);
}

#define MAX_CURRENCIES 64

struct totals {
	struct rl_balance b[MAX_CURRENCIES];
	size_t n;
	rl_date asof;
};

static int add_invoice(void *ctx, const struct rl_invoice *inv)
{
	struct totals *t = ctx;
	size_t i = 0;

	while (i < t->n && t->b[i].currency != inv->currency)
		i++;
	if (i == MAX_CURRENCIES)
		return RL_ERANGE;
	if (i == t->n) {
		memset(&t->b[i], 0, sizeof(t->b[i]));
		t->b[t->n++].currency = inv->currency;
	}
	return rl_balance_add_invoice(&t->b[i], inv, t->asof);
}

static int add_paid(void *ctx, const struct rl_payment_total *p)
{
	struct totals *t = ctx;
	const struct rl_currency *cur = rl_currency_find(p->currency, strlen(p->currency));
	size_t i = 0;

	while (i < t->n && t->b[i].currency != cur)
		i++;
	if (i == MAX_CURRENCIES)
		return RL_ERANGE;
	if (i == t->n) {
		memset(&t->b[i], 0, sizeof(t->b[i]));
		t->b[t->n++].currency = cur;
	}
	return rl_balance_add_paid(&t->b[i], p->received);
}

static int by_code(const void *a, const void *b)
{
	const struct rl_balance *x = a, *y = b;

	return strcmp(x->currency ? x->currency->code : "", y->currency ? y->currency->code : "");
}

/* What `relance balance` reports for the creditor, per currency (by code). */
static int balance_of(rl_store *s, int64_t creditor, rl_date asof, struct totals *t,
		      struct rl_err *err)
{
	struct rl_invoice_query q = { .asof = asof, .issued_by_asof = true };
	int rc;

	memset(t, 0, sizeof(*t));
	t->asof = asof;
	if (!(rc = rl_store_invoice_each(s, creditor, &q, add_invoice, t, err)))
		rc = rl_store_payment_totals(s, creditor, asof, add_paid, t, err);
	if (rc == RL_ERANGE && !err->code)
		return rl_err_set(err, rc, "balance: too many currencies, or totals overflow");
	if (rc)
		return rc;
	qsort(t->b, t->n, sizeof(t->b[0]), by_code);
	return 0;
}

struct check {
	rl_store *from, *to;
	rl_date asof;
	struct totals a, b; /* large: kept out of the stack */
	int creditors;
	struct rl_err *err;
};

/* Compares one creditor's balance and journal chain on both sides. */
static int check_creditor(void *ctx, const struct rl_creditor *c)
{
	struct check *k = ctx;
	char ha[RL_HASH_HEX_LEN + 1], hb[RL_HASH_HEX_LEN + 1];
	int64_t sa, sb;
	int rc;

	if ((rc = balance_of(k->from, c->id, k->asof, &k->a, k->err)) ||
	    (rc = balance_of(k->to, c->id, k->asof, &k->b, k->err)))
		return rc;
	if (k->a.n != k->b.n || memcmp(k->a.b, k->b.b, k->a.n * sizeof(k->a.b[0])) != 0)
		return rl_err_set(k->err, RL_EIO, "creditor '%s': the balances differ", c->code);
	if ((rc = rl_journal_head(k->from, c->id, &sa, ha, k->err)) ||
	    (rc = rl_journal_head(k->to, c->id, &sb, hb, k->err)))
		return rc;
	if (sa != sb || strcmp(ha, hb) != 0)
		return rl_err_set(k->err, RL_EIO, "creditor '%s': the journal chains differ",
				  c->code);
	k->creditors++;
	return 0;
}

/* The copy, still uncommitted, against its source. */
static int verify(struct cli *cli, rl_store *from, rl_store *to, struct rl_err *err)
{
	struct check *k = calloc(1, sizeof(*k));
	int tables = 0, rc = 0;

	if (!k)
		return rl_err_set(err, RL_ENOMEM, "out of memory");
	for (const char *const *t = rl_schema_tables; *t && !rc; t++) {
		int64_t ra, rb;
		uint64_t da[2], db[2];

		if ((rc = rl_store_table_digest(from, *t, &ra, da, err)) ||
		    (rc = rl_store_table_digest(to, *t, &rb, db, err)))
			break;
		if (ra != rb)
			rc = rl_err_set(err, RL_EIO, "table %s: %lld rows copied of %lld", *t,
					(long long)rb, (long long)ra);
		else if (da[0] != db[0] || da[1] != db[1])
			rc = rl_err_set(err, RL_EIO, "table %s: the rows copied differ", *t);
		tables++;
	}
	k->from = from;
	k->to = to;
	k->asof = cli->today;
	k->err = err;
	if (!rc)
		rc = rl_store_creditor_each(from, check_creditor, k, err);
	if (!rc)
		printf("checked: rows of %d tables, balances and journals of %d creditor%s: the "
		       "same\n",
		       tables, k->creditors, k->creditors == 1 ? "" : "s");
	free(k);
	return rc;
}

static int db_copy(struct cli *cli, const char *from_uri, const char *to_uri, bool force)
{
	bool pg = rl_store_uri_is_postgres(to_uri), exists;
	rl_store *from = NULL, *to = NULL;
	char *tmp = NULL;
	int64_t rows = 0;
	struct rl_err err;
	int rc;

	rl_err_clear(&err);
	if (strcmp(from_uri, to_uri) == 0)
		return cli_usage_error("db", "--from and --to name the same ledger");
	if ((rc = rl_store_open(&from, from_uri, RL_STORE_READONLY, &err)) ||
	    (rc = rl_store_ledger_exists(to_uri, &exists, &err)))
		goto out;
	if (exists && !force) {
		rc = rl_err_set(&err, RL_ECONFLICT,
				"'%s' already holds a ledger (--force replaces it)", to_uri);
		goto out;
	}
	if (!pg) {
		/* A new file, renamed into place once complete. */
		const char *path = strncmp(to_uri, "sqlite:", 7) == 0 ? to_uri + 7 : to_uri;
		size_t n = strlen(path) + 32;

		if (!(tmp = malloc(n))) {
			rc = rl_err_set(&err, RL_ENOMEM, "out of memory");
			goto out;
		}
		snprintf(tmp, n, "%s.copy%ld", path, (long)getpid());
		if ((rc = rl_store_drop_ledger(tmp, &err)))
			goto out;
	}
	if ((rc = rl_store_open(&to, pg ? to_uri : tmp, RL_STORE_CREATE, &err)))
		goto out;
	printf("copying %s (%s) to %s (%s)\n", from_uri, rl_store_backend(from), to_uri,
	       rl_store_backend(to));
	if ((rc = rl_store_copy(from, to, pg && exists, copied, &rows, &err)))
		goto out;
	if ((rc = verify(cli, from, to, &err)) || (rc = rl_store_commit(to, &err))) {
		rl_store_rollback(to);
		goto out;
	}
	rl_store_close(to);
	to = NULL;
	if (tmp && ((exists && (rc = rl_store_drop_ledger(to_uri, &err))) ||
		    (rename(tmp, strncmp(to_uri, "sqlite:", 7) == 0 ? to_uri + 7 : to_uri) != 0 &&
		     (rc = rl_err_set(&err, RL_EIO, "cannot rename '%s' to '%s'", tmp, to_uri)))))
		goto out;
	printf("copied %lld rows from %s to %s\n", (long long)rows, from_uri, to_uri);
out:
	rl_store_close(to);
	rl_store_close(from);
	if (tmp) {
		if (rc)
			rl_store_drop_ledger(tmp, NULL);
		free(tmp);
	}
	return rc ? cli_exit(rc, &err) : EXIT_OK;
}

int cmd_db(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 't' },
		{ "force", no_argument, NULL, 'F' },
		{ NULL, 0, NULL, 0 },
	};
	const char *from = NULL, *to = NULL;
	bool force = false;
	int c;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			from = optarg;
			break;
		case 't':
			to = optarg;
			break;
		case 'F':
			force = true;
			break;
		default:
			return cli_bad_option("db", argv);
		}
	}
	if (optind == argc)
		return cli_usage_error("db", "what? status, migrate or copy");
	if (optind + 1 != argc)
		return cli_usage_error("db", "unexpected argument '%s'", argv[optind + 1]);
	if (strcmp(argv[optind], "copy") == 0) {
		if (!from || !to)
			return cli_usage_error("db", "copy needs --from and --to");
		return db_copy(cli, from, to, force);
	}
	if (from || to || force)
		return cli_usage_error("db", "--from, --to and --force are options of 'db copy'");
	if (strcmp(argv[optind], "status") == 0)
		return db_status(cli);
	if (strcmp(argv[optind], "migrate") == 0)
		return db_migrate(cli);
	return cli_usage_error("db", "'%s' is not status, migrate or copy", argv[optind]);
}
