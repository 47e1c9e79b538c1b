/* relance run: the daily dunning run (engine/run.h). */
#include <getopt.h>
#include <string.h>

#include "relance/engine/run.h"
#include "commands.h"

const char usage_run[] =
	"usage: relance run [--date D] [--dry-run] [--format table|csv|json]\n"
	"\n"
	"Decides, for every open invoice, which step of its dunning policy is due on\n"
	"D (default: today): at most one step per invoice, respecting pauses,\n"
	"minimum balances and the minimum gap between steps. Due steps are grouped\n"
	"into one communication per customer and channel, recorded with a journal\n"
	"entry each, and queued for sending. Running the same date again does\n"
	"nothing; a run interrupted leaves nothing half done.\n"
	"\n"
	"options:\n"
	"  --date D          the run's date (YYYY-MM-DD or DD/MM/YYYY)\n"
	"  --dry-run         show what would be done, change nothing\n"
	"  --format F        table (default), csv or json: one row per invoice concerned\n";

static const struct out_col cols[] = {
	{ "customer_id", OUT_STR },    { "communication", OUT_INT }, { "channel", OUT_STR },
	{ "step", OUT_INT },           { "step_name", OUT_STR },     { "policy", OUT_STR },
	{ "invoice_number", OUT_STR }, { "currency", OUT_STR },      { "balance", OUT_MONEY },
	{ "days_late", OUT_INT },
};

static int row(void *ctx, const struct rl_run_item *it)
{
	struct out_val v[10] = {
		{ .s = it->customer_code },
		{ .i = it->communication },
		{ .s = rl_channel_str(it->channel) },
		{ .i = it->step + 1 },
		{ .s = it->step_name },
		{ .s = it->policy },
		{ .s = it->invoice_number },
		{ .s = it->currency ? it->currency->code : "" },
		{ .i = it->balance, .cur = it->currency },
		{ .i = it->days_late },
	};

	return out_row(ctx, v);
}

int cmd_run(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "date", required_argument, NULL, 'd' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	struct rl_run_options opt = { 0 };
	struct rl_run_result res;
	enum out_format fmt = OUT_TABLE;
	char now[64], day[RL_DATE_ISO_LEN + 1];
	struct rl_err err;
	struct out o;
	FILE *say;
	int c, rc;

	opt.date = cli->today;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			if ((rc = cli_parse_date("run", "--date", optarg, &opt.date)))
				return rc;
			break;
		case 'n':
			opt.dry_run = true;
			break;
		case 'f':
			if ((rc = cli_parse_format("run", optarg, &fmt)))
				return rc;
			break;
		default:
			return cli_bad_option("run", argv);
		}
	}
	if (optind < argc)
		return cli_usage_error("run", "unexpected argument '%s'", argv[optind]);
	if ((rc = cli_open_ledger(cli)) != EXIT_OK)
		return rc;
	cli_now_utc(now);
	opt.creditor = cli->creditor;
	opt.creditor_code = cli->creditor_code;
	opt.actor = "run";
	opt.now = now;
	opt.item = row;
	opt.ctx = &o;
	out_begin(&o, fmt, cli->locale, cols, sizeof(cols) / sizeof(cols[0]), false, stdout);
	rl_err_clear(&err);
	rc = rl_run(cli->store, &opt, &res, &err);
	if (fmt == OUT_TABLE && o.rows == 0)
		out_discard(&o); /* no empty table above "nothing to do" */
	else
		out_end(&o);
	if (rc)
		return cli_exit(rc, &err);
	/* The summary goes with a table; beside csv or json it goes to stderr. */
	say = fmt == OUT_TABLE ? stdout : stderr;
	rl_date_format_iso(opt.date, day);
	if (res.no_policy && res.steps == 0)
		fprintf(say, "no dunning policy applies: give the creditor a default with "
			     "'relance policy default NAME'\n");
	if (res.steps == 0)
		fprintf(say,
			"run %s: nothing to do (%lld open invoices, %lld steps done earlier "
			"that day)\n",
			day, (long long)res.evaluated,
			(long long)res.skipped[RL_DECIDE_DONE_TODAY]);
	else
		fprintf(say, "run %s%s: %lld open invoice%s, %lld step%s in %lld communication%s\n",
			day, opt.dry_run ? " (dry run, nothing recorded)" : "",
			(long long)res.evaluated, res.evaluated == 1 ? "" : "s",
			(long long)res.steps, res.steps == 1 ? "" : "s",
			(long long)res.communications, res.communications == 1 ? "" : "s");
	if (res.promises_kept || res.promises_broken)
		fprintf(say, "promises to pay whose day has passed: %lld kept, %lld broken\n",
			(long long)res.promises_kept, (long long)res.promises_broken);
	return EXIT_OK;
}
