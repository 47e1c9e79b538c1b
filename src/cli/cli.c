/* Shared helpers of the subcommands: messages, exit codes, option values. */
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "relance/core/dunning.h"
#include "relance/core/limits.h"
#include "relance/engine/clock.h"
#include "cli.h"

void cli_error(const struct rl_err *err)
{
	if (err->file[0] && err->line > 0 && err->field[0])
		fprintf(stderr, "relance: %s:%ld: %s: %s\n", err->file, err->line, err->field,
			err->msg);
	else if (err->file[0] && err->line > 0)
		fprintf(stderr, "relance: %s:%ld: %s\n", err->file, err->line, err->msg);
	else
		fprintf(stderr, "relance: %s\n", err->msg[0] ? err->msg : rl_status_str(err->code));
}

void cli_errorf(const char *fmt, ...)
{
	va_list ap;

	fputs("relance: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, cmd ? "relance %s: " : "relance: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	if (cmd)
		fprintf(stderr, "\nrun 'relance %s --help' for usage\n", cmd);
	else
		fputs("\nrun 'relance --help' for usage\n", stderr);
	return EXIT_USAGE;
}

int cli_exit(int status, const struct rl_err *err)
{
	if (status == 0)
		return EXIT_OK;
	if (err)
		cli_error(err);
	return status == RL_EUSAGE ? EXIT_USAGE : EXIT_FAIL;
}

int cli_parse_date(const char *cmd, const char *opt, const char *s, rl_date *out)
{
	struct rl_err err;

	rl_err_clear(&err);
	if (rl_date_parse(s, strlen(s), NULL, out, &err))
		return cli_usage_error(cmd, "%s: %s", opt, err.msg);
	return 0;
}

int cli_parse_format(const char *cmd, const char *s, enum out_format *out)
{
	if (out_format_parse(s, out))
		return cli_usage_error(cmd, "--format: '%s' is not one of table, csv, json", s);
	return 0;
}

int cli_parse_long(const char *cmd, const char *opt, const char *s, long min, long max, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (!*s || *end || errno || v < min || v > max)
		return cli_usage_error(cmd, "%s: '%s' is not a whole number from %ld to %ld", opt,
				       s, min, max);
	*out = v;
	return 0;
}

int cli_check_text(const char *cmd, const char *opt, const char *s, bool required)
{
	json_t *j;

	if (!s)
		return required ? cli_usage_error(cmd, "%s is required", opt) : 0;
	if (!*s)
		return cli_usage_error(cmd, "%s: empty", opt);
	if (strlen(s) > RL_MAX_TEXT)
		return cli_usage_error(cmd, "%s: longer than %d bytes", opt, RL_MAX_TEXT);
	/* jansson refuses a string that is not UTF-8: the journal could not hold it. */
	if (!(j = json_string(s)))
		return cli_usage_error(cmd, "%s: not valid UTF-8", opt);
	json_decref(j);
	return 0;
}

/* A usage error "OPT: D is WHERE today (TODAY)". */
static int day_against_today(const struct cli *cli, const char *cmd, const char *opt, rl_date d,
			     const char *where)
{
	char day[RL_DATE_ISO_LEN + 1], today[RL_DATE_ISO_LEN + 1];

	rl_date_format_iso(d, day);
	rl_date_format_iso(cli->today, today);
	return cli_usage_error(cmd, "%s: %s is %s today (%s)", opt, day, where, today);
}

int cli_check_not_before_today(const struct cli *cli, const char *cmd, const char *opt, rl_date d)
{
	if (d != RL_DATE_NONE && d < cli->today)
		return day_against_today(cli, cmd, opt, d, "before");
	return 0;
}

int cli_check_not_after_today(const struct cli *cli, const char *cmd, const char *opt, rl_date d)
{
	if (d != RL_DATE_NONE && d > cli->today)
		return day_against_today(cli, cmd, opt, d, "after");
	return 0;
}

void cli_reset_getopt(void)
{
	optind = 0; /* glibc: 0 also re-initialises its internal state */
	opterr = 0; /* we say what was wrong ourselves, once: cli_bad_option */
}

int cli_bad_option(const char *cmd, char **argv)
{
	const char *arg = optind > 0 ? argv[optind - 1] : "";

	/* glibc leaves optopt at 0 for an unknown long option, and sets it to the
	 * option's value when a known one misses its argument. */
	if (optopt == 0)
		return cli_usage_error(cmd, "unknown option '%s'", arg);
	if (strncmp(arg, "--", 2) == 0)
		return cli_usage_error(cmd, "option '%s' needs a value", arg);
	return cli_usage_error(cmd, "option '-%c' is unknown or needs a value", optopt);
}

bool cli_stderr_is_tty(void)
{
	return isatty(STDERR_FILENO) == 1;
}

void actor_name(char out[80])
{
	const char *u = getenv("USER");
	size_t n = u ? strlen(u) : 0;

	snprintf(out, 80, "cli");
	if (n == 0 || n > 64 ||
	    strspn(u, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		      "0123456789._-") != n)
		return;
	snprintf(out, 80, "cli:%s", u);
}

void cli_now_utc(char buf[64])
{
	rl_clock_utc(buf);
}
