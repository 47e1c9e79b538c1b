/* What every subcommand shares: the invocation's context (database, creditor,
 * today, locale, output format), the dispatch table's entry type, and small
 * helpers for option values. A cmd_<name>.c file parses its arguments,
 * calls one service and formats the result (STYLE.md, "Dispatch is data"). */
#ifndef RELANCE_CLI_CLI_H
#define RELANCE_CLI_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "relance/core/date.h"
#include "relance/core/ledger.h"
#include "relance/core/money.h"
#include "relance/core/status.h"
#include "relance/store/store.h"
#include "output.h"

/* Exit statuses (relance(1), "EXIT STATUS"). */
enum {
	EXIT_OK = 0,
	EXIT_FAIL = 1,  /* the command failed: bad input, missing data, I/O */
	EXIT_USAGE = 2, /* the command line itself is wrong */
};

enum cmd_flags {
	CMD_NEEDS_DB = 1 << 0, /* the dispatcher opens the store and the creditor */
	CMD_WRITES = 1 << 1,   /* ... read-write (otherwise read-only) */
	CMD_OPENS_DB = 1 << 2, /* the command calls cli_open_ledger() after parsing its
				  arguments, so that usage errors come first */
};

struct cli {
	const char *prog;
	const char *db_uri;        /* --db, RELANCE_DB, or ./relance.db */
	const char *creditor_code; /* --creditor, RELANCE_CREDITOR, or "default" */
	rl_store *store;           /* open when the command has CMD_NEEDS_DB */
	int64_t creditor;          /* its id */
	char creditor_currency[4];
	rl_date today;         /* RELANCE_TODAY (tests) or the system clock, UTC */
	enum rl_locale locale; /* for tables: RELANCE_LOCALE, LC_ALL, LC_MONETARY, LANG */
	bool locale_from_env;  /* else the creditor's language decides */
	bool db_explicit;      /* --db or RELANCE_DB was given */
	unsigned cmd_flags;    /* the running command's enum cmd_flags */
};

/* Opens the ledger for the running command (no-op if open); an exit code. */
int cli_open_ledger(struct cli *cli);
/* Prints "CMD: unknown option '--x'" or "CMD: option '--x' needs a value"
 * for the option getopt_long just rejected (opterr must be 0), and the hint. */
int cli_bad_option(const char *cmd, char **argv);

/* Makes cr the invocation's creditor (id, default currency, locale). */
void cli_use_creditor(struct cli *cli, const struct rl_creditor *cr);

struct command {
	const char *name;
	int (*run)(struct cli *cli, int argc, char **argv);
	unsigned flags;
	const char *summary; /* one line, for `relance help` */
	const char *usage;   /* full help text, printed by --help and `relance help NAME` */
};

extern const struct command commands[];
const struct command *find_command(const char *name);

/* Prints "relance: " + message (+ location) on stderr. */
void cli_error(const struct rl_err *err);
void cli_errorf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints a usage error of command cmd (NULL: of the global options) and
 * returns EXIT_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Maps a status to an exit code, printing err when it failed. */
int cli_exit(int status, const struct rl_err *err);

/* Option values. Each returns 0, or prints a usage error and returns EXIT_USAGE. */
int cli_parse_date(const char *cmd, const char *opt, const char *s, rl_date *out);
int cli_parse_format(const char *cmd, const char *s, enum out_format *out);
int cli_parse_long(const char *cmd, const char *opt, const char *s, long min, long max, long *out);
/* A text for the journal (--note, --reason...): refused when empty, longer
 * than RL_MAX_TEXT bytes or not UTF-8, and when missing if required. */
int cli_check_text(const char *cmd, const char *opt, const char *s, bool required);
/* Day d given with opt ("--until: 2026-01-02 is before today (2026-01-03)");
 * RL_DATE_NONE (not given) passes. */
int cli_check_not_before_today(const struct cli *cli, const char *cmd, const char *opt, rl_date d);
int cli_check_not_after_today(const struct cli *cli, const char *cmd, const char *opt, rl_date d);

/* The current UTC time, "2026-11-24T08:00:00.123Z" (for the journal). */
void cli_now_utc(char buf[64]);
/* The journal's actor for a person at the command line: "cli:$USER" when
 * $USER is a plain login name, else "cli". */
void actor_name(char out[80]);

/* getopt_long wrapper state reset between commands. */
void cli_reset_getopt(void);

/* True when stderr is a terminal (progress bars go there, never into pipes). */
bool cli_stderr_is_tty(void);

#endif
