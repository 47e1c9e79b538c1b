/* Shared helpers of the subcommands: messages, exit codes, option values. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

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

void cli_now_utc(char buf[64])
{
	struct timespec ts;
	struct tm tm;

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	snprintf(buf, 64, "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ", tm.tm_year + 1900, tm.tm_mon + 1,
		 tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ts.tv_nsec / 1000000);
}
