/* relance run: the daily dunning run (engine/run.h). */
#include <getopt.h>
#include <jansson.h>
#include <string.h>

#include "relance/core/buf.h"
#include "relance/engine/run.h"
#include "relance/store/case.h"
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
	"Before that, promises to pay whose day has passed are settled and open\n"
	"payment plans judged (relance plan), each kind counted on a line. A line\n"
	"on stderr counts the invoices skipped and why (paused, by reason; blocked;\n"
	"handed off; below the minimum balance; waiting for the minimum gap; not\n"
	"yet due ...); with --format json it is an object {\"skipped\": {...}}.\n"
	"\n"
	"A dry run records nothing and is an exact preview of the real run of D:\n"
	"it judges the same promises and plans (\"0 would be kept, 2 would be\n"
	"broken\") and lists the same steps, those of the invoices they resume\n"
	"included.\n"
	"\n"
	"options:\n"
	"  --date D          the run's date (YYYY-MM-DD or DD/MM/YYYY)\n"
	"  --dry-run         show what the run of D would do, change nothing\n"
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

/* Why the invoices without a step were skipped, in the order a credit
 * controller reads them; key is the JSON one. */
static const struct skip_part {
	enum rl_decision d;
	const char *key;
	const char *text; /* after the count; NULL: the summary line says it */
} skip_parts[] = {
	{ RL_DECIDE_PAUSED, "paused", "paused" },
	{ RL_DECIDE_BLOCKED, "blocked", "blocked" },
	{ RL_DECIDE_HANDED_OFF, "handed_off", "handed off" },
	{ RL_DECIDE_MIN_BALANCE, "min_balance", "below minimum balance" },
	{ RL_DECIDE_GAP, "min_gap", "waiting for the minimum gap" },
	{ RL_DECIDE_NOT_DUE, "not_due", "not yet due" },
	{ RL_DECIDE_DONE_TODAY, "done_today", NULL },
	{ RL_DECIDE_FINISHED, "finished", "at the end of their policy" },
	{ RL_DECIDE_SETTLED, "settled", "settled" },
};

static const enum rl_pause_reason pause_order[] = {
	RL_PAUSE_DISPUTE,
	RL_PAUSE_PROMISE,
	RL_PAUSE_PLAN,
	RL_PAUSE_MANUAL,
};

#define NPARTS (sizeof(skip_parts) / sizeof(skip_parts[0]))
#define NPAUSES (sizeof(pause_order) / sizeof(pause_order[0]))

/* {"skipped": {"paused": {"total": 12, "dispute": 3, ...}, "blocked": 2,
 * ...}} with every count, on one line. */
static int print_skipped_json(const struct rl_run_result *res)
{
	json_t *o = json_object(), *paused = json_object();
	int rc;

	json_object_set_new(paused, "total", json_integer(res->skipped[RL_DECIDE_PAUSED]));
	for (size_t k = 0; k < NPAUSES; k++)
		json_object_set_new(paused, rl_case_pause_str(pause_order[k]),
				    json_integer(res->paused[pause_order[k]]));
	json_object_set_new(o, "paused", paused);
	for (size_t i = 0; i < NPARTS; i++)
		if (skip_parts[i].d != RL_DECIDE_PAUSED)
			json_object_set_new(o, skip_parts[i].key,
					    json_integer(res->skipped[skip_parts[i].d]));
	o = json_pack("{s:o}", "skipped", o);
	rc = o ? json_dumpf(o, stderr, JSON_PRESERVE_ORDER | JSON_COMPACT) : -1;
	json_decref(o);
	return rc || fputc('\n', stderr) == EOF ? RL_EIO : 0;
}

/* " (dispute 3, promise 4, plan 5)": the pauses by reason. */
static void add_pause_reasons(struct rl_buf *b, const struct rl_run_result *res)
{
	const char *sep = " (";

	for (size_t k = 0; k < NPAUSES; k++) {
		if (!res->paused[pause_order[k]])
			continue;
		rl_buf_addf(b, "%s%s %lld", sep, rl_case_pause_str(pause_order[k]),
			    (long long)res->paused[pause_order[k]]);
		sep = ", ";
	}
	if (sep[0] == ',')
		rl_buf_addch(b, ')');
}

/* "skipped: 12 paused (dispute 3, promise 4, plan 5), 2 blocked, ..." on
 * stderr, the counts that are not zero only (none: no line); with
 * --format json, print_skipped_json. */
static int print_skipped(const struct rl_run_result *res, enum out_format fmt)
{
	struct rl_buf line;
	int rc = 0;

	if (fmt == OUT_JSON)
		return print_skipped_json(res);
	rl_buf_init(&line, 4096);
	for (size_t i = 0; i < NPARTS; i++) {
		int64_t n = res->skipped[skip_parts[i].d];

		if (!n || !skip_parts[i].text)
			continue;
		rl_buf_addf(&line, "%s%lld %s", line.len ? ", " : "skipped: ", (long long)n,
			    skip_parts[i].text);
		if (skip_parts[i].d == RL_DECIDE_PAUSED)
			add_pause_reasons(&line, res);
	}
	if (line.len && fprintf(stderr, "%s\n", line.ptr) < 0)
		rc = RL_EIO;
	rl_buf_release(&line);
	return rc;
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
	const char *verdict;
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
	/* A dry run foresees them: "would be" before each verdict. */
	verdict = opt.dry_run ? "would be " : "";
	if (res.promises_kept || res.promises_broken)
		fprintf(say, "promises to pay whose day has passed: %lld %skept, %lld %sbroken\n",
			(long long)res.promises_kept, verdict, (long long)res.promises_broken,
			verdict);
	if (res.plans_completed || res.plans_breached)
		fprintf(say, "payment plans: %lld %scompleted, %lld %sbreached\n",
			(long long)res.plans_completed, verdict, (long long)res.plans_breached,
			verdict);
	return print_skipped(&res, fmt) ? cli_exit(RL_EIO, NULL) : EXIT_OK;
}
