/* The subcommands' entry points and help texts, one pair per cmd_<name>.c. */
#ifndef RELANCE_CLI_COMMANDS_H
#define RELANCE_CLI_COMMANDS_H

#include "relance/core/dunning.h"
#include "cli.h"

#define DECLARE_COMMAND(name)                                                                      \
	int cmd_##name(struct cli *cli, int argc, char **argv);                                    \
	extern const char usage_##name[]

DECLARE_COMMAND(init);
DECLARE_COMMAND(import);
DECLARE_COMMAND(customers);
DECLARE_COMMAND(invoices);
DECLARE_COMMAND(show);
DECLARE_COMMAND(balance);
DECLARE_COMMAND(policy);
DECLARE_COMMAND(run);
DECLARE_COMMAND(journal);
DECLARE_COMMAND(interest);
DECLARE_COMMAND(rates);
DECLARE_COMMAND(notice);
DECLARE_COMMAND(judgment);
DECLARE_COMMAND(waive);
DECLARE_COMMAND(block);
DECLARE_COMMAND(unblock);
DECLARE_COMMAND(pause);
DECLARE_COMMAND(resume);
DECLARE_COMMAND(dispute);
DECLARE_COMMAND(promise);
DECLARE_COMMAND(handoff);
DECLARE_COMMAND(log);
DECLARE_COMMAND(history);
DECLARE_COMMAND(plan);
DECLARE_COMMAND(token);
DECLARE_COMMAND(serve);
DECLARE_COMMAND(db);
DECLARE_COMMAND(gen);
DECLARE_COMMAND(demo);
DECLARE_COMMAND(help);

#define USAGE_INIT usage_init
#define USAGE_IMPORT usage_import
#define USAGE_CUSTOMERS usage_customers
#define USAGE_INVOICES usage_invoices
#define USAGE_SHOW usage_show
#define USAGE_BALANCE usage_balance
#define USAGE_POLICY usage_policy
#define USAGE_RUN usage_run
#define USAGE_JOURNAL usage_journal
#define USAGE_INTEREST usage_interest
#define USAGE_RATES usage_rates
#define USAGE_NOTICE usage_notice
#define USAGE_JUDGMENT usage_judgment
#define USAGE_WAIVE usage_waive
#define USAGE_BLOCK usage_block
#define USAGE_UNBLOCK usage_unblock
#define USAGE_PAUSE usage_pause
#define USAGE_RESUME usage_resume
#define USAGE_DISPUTE usage_dispute
#define USAGE_PROMISE usage_promise
#define USAGE_HANDOFF usage_handoff
#define USAGE_LOG usage_log
#define USAGE_HISTORY usage_history
#define USAGE_PLAN usage_plan
#define USAGE_TOKEN usage_token
#define USAGE_SERVE usage_serve
#define USAGE_DB usage_db
#define USAGE_GEN usage_gen
#define USAGE_DEMO usage_demo
#define USAGE_HELP usage_help

/* Creates the database at cli->db_uri if needed and the creditor
 * cli->creditor_code with these settings if missing (shared by init and
 * demo). *created tells whether the creditor is new. */
struct creditor_settings {
	const char *name;
	const char *currency;
	const char *language;
	const char *jurisdiction;
};
int ledger_init(struct cli *cli, const struct creditor_settings *cs, bool *created,
		struct rl_err *err);

/* Saves policy p for the ledger's creditor, as its default if asked
 * (inside a transaction). */
int install_policy(struct cli *cli, const struct rl_policy *p, bool make_default,
		   struct rl_err *err);

/* Prints the balance / the invoice list (shared by their commands and demo). */
struct invoice_filter {
	const char *customer;
	int status; /* an enum rl_invoice_status, or -1 for all */
	rl_date asof;
	enum out_format format;
	long limit;   /* print at most this many rows (0: all) */
	long matched; /* OUT: how many rows matched, printed or not */
	/* Only invoices with a balance whose limitation period ends within
	 * this many days of asof, already prescribed ones included; adds the
	 * columns prescription_date and days_to_prescription. */
	bool prescribing;
	long prescribing_days;
};
int print_invoices(struct cli *cli, struct invoice_filter *f);
int print_balance(struct cli *cli, rl_date asof, enum out_format format);

#endif
