/* relance import: load canonical CSV files into the ledger (formats/import.h). */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "relance/core/limits.h"
#include "relance/formats/import.h"
#include "commands.h"

const char usage_import[] =
	"usage: relance import customers|invoices|payments FILE... [OPTIONS]\n"
	"\n"
	"Imports CSV files (RFC 4180, ',' or ';' separated, UTF-8) into the ledger.\n"
	"All the files are imported in one transaction: if any row is bad, nothing\n"
	"is imported and every bad row is listed as FILE:LINE: FIELD: problem.\n"
	"Importing the same file again changes nothing; changed rows are updated\n"
	"and listed.\n"
	"\n"
	"canonical columns (header names; extra columns are ignored):\n"
	"  customers  customer_id,name,kind,country,language,email,phone,address\n"
	"  invoices   invoice_number,customer_id,issue_date,due_date,currency,amount[,type]\n"
	"  payments   payment_id,paid_date,amount,currency,customer_id,invoice_number,reference\n"
	"A payment naming an invoice is allocated to it; what exceeds the invoice's\n"
	"balance stays on the customer as credit. Credit notes have a negative amount\n"
	"or type=credit_note.\n"
	"\n"
	"options:\n"
	"  --separator , | ;        field separator (default: detected from the header)\n"
	"  --decimal-comma          amounts use ',' as decimal separator (1 234,56)\n"
	"  --date-format FMT        e.g. DD/MM/YYYY, MM/DD/YYYY, YYYYMMDD\n"
	"                           (default: YYYY-MM-DD or DD/MM/YYYY)\n"
	"  --map COLUMN=HEADER      read canonical COLUMN from the file's HEADER (repeatable)\n"
	"  --currency CODE          currency when the file has no currency column\n"
	"                           (default: the creditor's)\n"
	"  --skip-bad REJECTS.csv   import the good rows; write the bad ones, with the\n"
	"                           reason, to REJECTS.csv\n"
	"  --format table|csv|json  format of the summary (default: table)\n"
	"  -q, --quiet              do not list updated rows and notes\n";

struct import_ui {
	long shown; /* bad rows printed so far */
	long updates_shown;
	bool quiet;
	bool tty;
	struct timespec start;
	struct timespec last;
};

/* Milliseconds from t0 to t1: the progress bar needs no finer clock. */
static int64_t ms_since(const struct timespec *t0, const struct timespec *t1)
{
	return (int64_t)(t1->tv_sec - t0->tv_sec) * 1000 + (t1->tv_nsec - t0->tv_nsec) / 1000000;
}

static void on_report(void *ctx, enum rl_import_event ev, const struct rl_err *where)
{
	struct import_ui *ui = ctx;

	if (ui->tty)
		fputs("\r\033[K", stderr);
	if (ev == RL_IMPORT_BAD_ROW) {
		if (ui->shown++ < RL_MAX_ERRORS_SHOWN)
			cli_error(where);
		return;
	}
	if (ui->quiet)
		return;
	if (ui->updates_shown++ < RL_MAX_ERRORS_SHOWN)
		fprintf(stderr, "relance: %s:%ld: %s\n", where->file, where->line, where->msg);
}

/* A progress bar on a terminal: bytes read, rows, rate, time left. */
static void on_progress(void *ctx, uint64_t done, uint64_t size, long rows)
{
	struct import_ui *ui = ctx;
	struct timespec now;
	int64_t el, rate, left;
	int pct, bars;
	char bar[21];

	if (!ui->tty)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (ms_since(&ui->last, &now) < 200 && done < size)
		return;
	ui->last = now;
	el = ms_since(&ui->start, &now);
	rate = el > 0 ? (int64_t)rows * 1000 / el : 0;
	pct = size ? (int)(done * 100 / size) : 0;
	bars = pct / 5;
	for (int i = 0; i < 20; i++)
		bar[i] = i < bars ? '#' : '.';
	bar[20] = '\0';
	/* time left, from the bytes still to read at the rate read so far */
	left = done && done < size ? (int64_t)((uint64_t)el * (size - done) / done / 1000) : 0;
	fprintf(stderr, "\r\033[K[%s] %3d%%  %ld rows  %lld rows/s  %llds left", bar, pct, rows,
		(long long)rate, (long long)left);
}

static int parse_map(const char *arg, struct rl_column_map *m)
{
	const char *eq = strchr(arg, '=');

	if (!eq || eq == arg || !eq[1])
		return cli_usage_error("import", "--map: '%s' is not COLUMN=HEADER", arg);
	m->canonical = strndup(arg, (size_t)(eq - arg));
	m->header = eq + 1;
	return m->canonical ? 0 : EXIT_FAIL;
}

static void print_summary(const struct rl_import_result *r, enum out_format fmt, const char *kind)
{
	static const struct out_col cols[] = {
		{ "kind", OUT_STR },     { "rows", OUT_INT },      { "inserted", OUT_INT },
		{ "updated", OUT_INT },  { "unchanged", OUT_INT }, { "rejected", OUT_INT },
		{ "credited", OUT_INT },
	};
	struct out_val v[7] = { { .s = kind },       { .i = r->rows },      { .i = r->inserted },
				{ .i = r->updated }, { .i = r->unchanged }, { .i = r->rejected },
				{ .i = r->credited } };
	struct out o;

	if (fmt == OUT_TABLE) {
		printf("%s: %ld row%s: %ld new, %ld updated, %ld unchanged", kind, r->rows,
		       r->rows == 1 ? "" : "s", r->inserted, r->updated, r->unchanged);
		if (r->rejected)
			printf(", %ld rejected", r->rejected);
		if (r->credited)
			printf("; %ld payment%s left credit on the customer", r->credited,
			       r->credited == 1 ? "" : "s");
		printf("\n");
		return;
	}
	out_begin(&o, fmt, RL_LOCALE_C, cols, 7, true, stdout);
	out_row(&o, v);
	out_end(&o);
}

int cmd_import(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "separator", required_argument, NULL, 's' },
		{ "decimal-comma", no_argument, NULL, ',' },
		{ "date-format", required_argument, NULL, 'D' },
		{ "map", required_argument, NULL, 'm' },
		{ "currency", required_argument, NULL, 'c' },
		{ "skip-bad", required_argument, NULL, 'k' },
		{ "format", required_argument, NULL, 'f' },
		{ "quiet", no_argument, NULL, 'q' },
		{ NULL, 0, NULL, 0 },
	};
	struct rl_column_map maps[RL_MAX_COLUMNS];
	struct rl_import_options opt = { 0 };
	struct rl_import_result res;
	struct import_ui ui = { 0 };
	enum out_format fmt = OUT_TABLE;
	struct rl_err err;
	size_t nmap = 0;
	int c, rc;

	while ((c = getopt_long(argc, argv, "q", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			if (strcmp(optarg, ",") != 0 && strcmp(optarg, ";") != 0)
				return cli_usage_error(
					"import", "--separator: '%s' is not ',' or ';'", optarg);
			opt.separator = optarg[0];
			break;
		case ',':
			opt.decimal_sep = ',';
			break;
		case 'D':
			opt.date_pattern = optarg;
			break;
		case 'm':
			if (nmap == RL_MAX_COLUMNS)
				return cli_usage_error("import", "too many --map options");
			if ((rc = parse_map(optarg, &maps[nmap])))
				return rc;
			nmap++;
			break;
		case 'c':
			if (!rl_currency_find(optarg, strlen(optarg)))
				return cli_usage_error("import",
						       "--currency: '%s' is not an ISO 4217 code",
						       optarg);
			opt.default_currency = optarg;
			break;
		case 'k':
			opt.rejects_path = optarg;
			break;
		case 'f':
			if ((rc = cli_parse_format("import", optarg, &fmt)))
				return rc;
			break;
		case 'q':
			ui.quiet = true;
			break;
		default:
			return cli_bad_option("import", argv);
		}
	}
	if (optind >= argc)
		return cli_usage_error("import", "what to import? customers, invoices or payments");
	if (rl_import_kind_parse(argv[optind], &opt.kind))
		return cli_usage_error("import", "'%s' is not customers, invoices or payments",
				       argv[optind]);
	if (optind + 1 >= argc)
		return cli_usage_error("import", "no file given");
	if ((rc = cli_open_ledger(cli)) != EXIT_OK)
		return rc;
	opt.creditor = cli->creditor;
	if (!opt.default_currency)
		opt.default_currency = cli->creditor_currency;
	opt.map = maps;
	opt.nmap = nmap;
	opt.report = on_report;
	opt.progress = on_progress;
	opt.ctx = &ui;
	ui.tty = cli_stderr_is_tty();
	clock_gettime(CLOCK_MONOTONIC, &ui.start);
	rl_err_clear(&err);
	rc = rl_import_files(cli->store, (const char *const *)argv + optind + 1,
			     (size_t)(argc - optind - 1), &opt, &res, &err);
	if (ui.tty)
		fputs("\r\033[K", stderr);
	for (size_t i = 0; i < nmap; i++)
		free((char *)maps[i].canonical);
	if (ui.shown > RL_MAX_ERRORS_SHOWN)
		fprintf(stderr, "relance: ... and %ld more bad rows\n",
			ui.shown - RL_MAX_ERRORS_SHOWN);
	if (!ui.quiet && ui.updates_shown > RL_MAX_ERRORS_SHOWN)
		fprintf(stderr, "relance: ... and %ld more updated rows or notes\n",
			ui.updates_shown - RL_MAX_ERRORS_SHOWN);
	if (rc)
		return cli_exit(rc, &err);
	print_summary(&res, fmt, argv[optind]);
	return EXIT_OK;
}
