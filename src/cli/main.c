/* relance's entry point: global options, then one subcommand from the
 * dispatch table below (git's commands[] in git.c). The dispatcher handles
 * --help, opens the store for the commands that need it and maps statuses to
 * exit codes, so that each cmd_*.c does only its own job. */
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "relance/engine/clock.h"
#include "cli.h"
#include "commands.h"

const struct command commands[] = {
	{ "init", cmd_init, 0, "create a ledger database", USAGE_INIT },
	{ "import", cmd_import, CMD_OPENS_DB | CMD_WRITES,
	  "import customers, invoices or payments from CSV files", USAGE_IMPORT },
	{ "customers", cmd_customers, CMD_OPENS_DB, "list customers", USAGE_CUSTOMERS },
	{ "invoices", cmd_invoices, CMD_OPENS_DB, "list invoices and credit notes",
	  USAGE_INVOICES },
	{ "show", cmd_show, CMD_OPENS_DB, "show one invoice in full", USAGE_SHOW },
	{ "balance", cmd_balance, CMD_OPENS_DB, "totals per currency: invoiced, paid, overdue",
	  USAGE_BALANCE },
	{ "policy", cmd_policy, CMD_OPENS_DB, "list, show, import and assign dunning policies",
	  USAGE_POLICY },
	{ "run", cmd_run, CMD_OPENS_DB | CMD_WRITES, "the daily dunning run: due reminders, queued",
	  USAGE_RUN },
	{ "interest", cmd_interest, CMD_OPENS_DB,
	  "late-payment interest and indemnity of an invoice", USAGE_INTEREST },
	{ "rates", cmd_rates, CMD_OPENS_DB, "show or import the reference-rate tables",
	  USAGE_RATES },
	{ "notice", cmd_notice, CMD_OPENS_DB | CMD_WRITES,
	  "record a formal notice sent outside relance", USAGE_NOTICE },
	{ "judgment", cmd_judgment, CMD_OPENS_DB | CMD_WRITES,
	  "record a money judgment: interest + 5 points two months later (fr-b2c)",
	  USAGE_JUDGMENT },
	{ "waive", cmd_waive, CMD_OPENS_DB | CMD_WRITES,
	  "waive an invoice's interest or indemnity, or cancel a waiver", USAGE_WAIVE },
	{ "journal", cmd_journal, CMD_OPENS_DB, "verify or export the evidence journal",
	  USAGE_JOURNAL },
	{ "dispute", cmd_dispute, CMD_OPENS_DB | CMD_WRITES,
	  "record or resolve a dispute: dunning paused meanwhile", USAGE_DISPUTE },
	{ "promise", cmd_promise, CMD_OPENS_DB | CMD_WRITES,
	  "record a promise to pay by a day: dunning paused until then", USAGE_PROMISE },
	{ "pause", cmd_pause, CMD_OPENS_DB | CMD_WRITES, "pause an invoice's dunning",
	  USAGE_PAUSE },
	{ "resume", cmd_resume, CMD_OPENS_DB | CMD_WRITES, "lift an invoice's pause",
	  USAGE_RESUME },
	{ "block", cmd_block, CMD_OPENS_DB | CMD_WRITES, "stop all dunning of a customer",
	  USAGE_BLOCK },
	{ "unblock", cmd_unblock, CMD_OPENS_DB | CMD_WRITES,
	  "let a blocked customer be chased again", USAGE_UNBLOCK },
	{ "handoff", cmd_handoff, CMD_OPENS_DB | CMD_WRITES,
	  "hand an invoice to an agency or a court: no more automatic steps", USAGE_HANDOFF },
	{ "log", cmd_log, CMD_OPENS_DB | CMD_WRITES,
	  "record a contact made by hand: call, letter, email, visit", USAGE_LOG },
	{ "plan", cmd_plan, CMD_OPENS_DB,
	  "agree a payment plan: instalments, dunning paused while honoured", USAGE_PLAN },
	{ "history", cmd_history, CMD_OPENS_DB,
	  "an invoice's or a customer's timeline, prescription date included", USAGE_HISTORY },
	{ "token", cmd_token, CMD_OPENS_DB | CMD_WRITES, "create, list or revoke API tokens",
	  USAGE_TOKEN },
	{ "serve", cmd_serve, 0, "serve the JSON API over HTTP", USAGE_SERVE },
	{ "db", cmd_db, 0, "the database: status, migrations, copy to another backend", USAGE_DB },
	{ "gen", cmd_gen, 0, "generate a realistic ledger as CSV files", USAGE_GEN },
	{ "demo", cmd_demo, 0, "create a demo ledger and show it", USAGE_DEMO },
	{ "help", cmd_help, 0, "show help for relance or a command", USAGE_HELP },
	{ NULL, NULL, 0, NULL, NULL },
};

const struct command *find_command(const char *name)
{
	for (const struct command *c = commands; c->name; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

static const char main_usage[] =
	"usage: relance [--db PATH|URI] [--creditor CODE] COMMAND [ARGS]\n"
	"       relance --version | --help | help COMMAND\n"
	"\n"
	"relance tracks invoices and payments, and says who owes what since when.\n"
	"\n"
	"global options:\n"
	"  --db PATH|URI     the ledger database (default: $RELANCE_DB, else ./relance.db)\n"
	"  --creditor CODE   whose ledger, in a database holding several (default: 'default')\n"
	"  --version         print the version and exit\n"
	"  -h, --help        print this help and exit\n";

static void print_main_help(FILE *f)
{
	fputs(main_usage, f);
	fputs("\ncommands:\n", f);
	for (const struct command *c = commands; c->name; c++)
		fprintf(f, "  %-11s %s\n", c->name, c->summary);
	fputs("\n'relance help COMMAND' or 'relance COMMAND --help' for a command's options;\n"
	      "'man relance' for the whole manual.\n",
	      f);
}

const char usage_help[] =
	"usage: relance help [COMMAND]\n"
	"\n"
	"Lists the commands, or shows the help of one (same as COMMAND --help).\n";

int cmd_help(struct cli *cli, int argc, char **argv)
{
	const struct command *c;

	if (argc < 2) {
		print_main_help(stdout);
		return EXIT_OK;
	}
	c = find_command(argv[1]);
	if (!c)
		return cli_usage_error("help", "'%s' is not a relance command", argv[1]);
	fputs(c->usage, stdout);
	return EXIT_OK;
}

static bool wants_help(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			return false;
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
			return true;
	}
	return false;
}

/* The locale of human-readable output: the first of RELANCE_LOCALE, LC_ALL,
 * LC_MONETARY, LANG that is set, if it names a language; otherwise (C, POSIX,
 * nothing set) the creditor's language is used once known, so a French ledger
 * reads "1 234,56 €" even on a bare server. */
static void locale_from_env(struct cli *cli)
{
	static const char *const vars[] = { "RELANCE_LOCALE", "LC_ALL", "LC_MONETARY", "LANG" };

	cli->locale = RL_LOCALE_EN;
	for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
		const char *v = getenv(vars[i]);

		if (v && *v) {
			cli->locale = rl_locale_from_name(v);
			cli->locale_from_env = cli->locale != RL_LOCALE_C || i == 0;
			return;
		}
	}
}

void cli_use_creditor(struct cli *cli, const struct rl_creditor *cr)
{
	cli->creditor = cr->id;
	snprintf(cli->creditor_currency, sizeof(cli->creditor_currency), "%s", cr->currency);
	if (!cli->locale_from_env)
		cli->locale = rl_locale_from_name(cr->language);
}

/* Opens the store and finds the creditor (read-write if the command has
 * CMD_WRITES). Called by the dispatcher for CMD_NEEDS_DB commands, and by
 * CMD_OPENS_DB commands themselves once their arguments are checked. */
int cli_open_ledger(struct cli *cli)
{
	unsigned flags = cli->cmd_flags;
	struct rl_creditor cr;
	struct rl_err err;
	int rc;

	if (cli->store)
		return EXIT_OK;
	rl_err_clear(&err);
	rc = rl_store_open(&cli->store, cli->db_uri, (flags & CMD_WRITES) ? 0 : RL_STORE_READONLY,
			   &err);
	if (rc)
		return cli_exit(rc, &err);
	rc = rl_store_creditor_get(cli->store, cli->creditor_code, &cr, &err);
	if (rc == RL_ENOTFOUND) {
		cli_errorf(
			"'%s' has no creditor '%s' (create it with 'relance --creditor %s init')",
			cli->db_uri, cli->creditor_code, cli->creditor_code);
		return EXIT_FAIL;
	}
	if (rc)
		return cli_exit(rc, &err);
	cli_use_creditor(cli, &cr);
	return EXIT_OK;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "creditor", required_argument, NULL, 'c' },
		{ "version", no_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct cli cli = { 0 };
	const struct command *cmd;
	bool db_explicit;
	int c, rc;

	cli.prog = argv[0];
	cli.db_uri = getenv("RELANCE_DB");
	db_explicit = cli.db_uri && *cli.db_uri;
	if (!cli.db_uri || !*cli.db_uri)
		cli.db_uri = "relance.db";
	cli.creditor_code = getenv("RELANCE_CREDITOR");
	if (!cli.creditor_code || !*cli.creditor_code)
		cli.creditor_code = "default";
	/* '+': stop at the first non-option, the subcommand. */
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			cli.db_uri = optarg;
			db_explicit = true;
			break;
		case 'c':
			cli.creditor_code = optarg;
			break;
		case 'V':
			printf("relance %s\n", RELANCE_VERSION);
			return EXIT_OK;
		case 'h':
			print_main_help(stdout);
			return EXIT_OK;
		default:
			cli_bad_option(NULL, argv);
			return EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		print_main_help(stderr);
		return EXIT_USAGE;
	}
	cmd = find_command(argv[optind]);
	if (!cmd) {
		cli_errorf("'%s' is not a relance command; run 'relance help' for the list",
			   argv[optind]);
		return EXIT_USAGE;
	}
	argc -= optind;
	argv += optind;
	if (wants_help(argc, argv)) {
		fputs(cmd->usage, stdout);
		return EXIT_OK;
	}
	cli.today = rl_clock_today();
	locale_from_env(&cli);
	cli.cmd_flags = cmd->flags;
	cli.db_explicit = db_explicit;
	if ((cmd->flags & CMD_NEEDS_DB) && (rc = cli_open_ledger(&cli)) != EXIT_OK) {
		rl_store_close(cli.store);
		return rc;
	}
	cli_reset_getopt();
	rc = cmd->run(&cli, argc, argv);
	rl_store_close(cli.store);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		cli_errorf("cannot write the output");
		return EXIT_FAIL;
	}
	return rc;
}
