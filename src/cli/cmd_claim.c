/* relance notice, judgment and waive: what the creditor records about an
 * invoice's late-payment claim (docs/interest.md). Each works in one
 * transaction: the change (store/interest.h) and its journal entry, of kind
 * "notice", "judgment", "waive" or "waive_cancel", whose canonical JSON
 * payload holds the day it takes effect ("date"). Arguments are checked
 * before the ledger is opened. */
#include <getopt.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "relance/core/dunning.h"
#include "relance/core/limits.h"
#include "relance/store/interest.h"
#include "relance/store/journal.h"
#include "commands.h"

const char usage_notice[] =
	"usage: relance notice INVOICE --date D [--note TEXT]\n"
	"\n"
	"Records a formal notice (mise en demeure) of the invoice sent outside\n"
	"relance on day D. Under rules that start at the formal notice (fr-b2c,\n"
	"de-b2c) interest runs from the day after it; it takes the place of the\n"
	"day of the first formal_notice step of the dunning. Recording another\n"
	"replaces it. Recorded in the journal.\n"
	"\n"
	"options:\n"
	"  --date D        the day the notice was served, not after today (required)\n"
	"  --note TEXT     details (how it was sent), for the record\n";

const char usage_judgment[] =
	"usage: relance judgment INVOICE --date D [--court TEXT] [--note TEXT]\n"
	"\n"
	"Records a money judgment about the invoice: D is the day the law counts\n"
	"from (the day it was served, per CMF L313-3 case law). Under fr-b2c the\n"
	"legal rate is increased by 5 points from two months after D. Recording\n"
	"another replaces it. Recorded in the journal.\n"
	"\n"
	"options:\n"
	"  --date D        the day the judgment counts from, not after today (required)\n"
	"  --court TEXT    the court and case number\n"
	"  --note TEXT     details, for the record\n";

const char usage_waive[] =
	"usage: relance waive INVOICE --interest|--indemnity --reason TEXT\n"
	"       relance waive INVOICE --cancel --interest|--indemnity [--reason TEXT]\n"
	"\n"
	"Gives up the late-payment interest or the fixed recovery indemnity of an\n"
	"invoice: they are still computed and shown, marked waived, but no longer\n"
	"due, in relance interest, show and the totals. An invoice has at most one\n"
	"waiver of each kind. --cancel withdraws one. Recorded in the journal.\n"
	"\n"
	"options:\n"
	"  --interest      waive the interest\n"
	"  --indemnity     waive the fixed recovery indemnity\n"
	"  --reason TEXT   why (required to waive), for the record\n"
	"  --cancel        withdraw the waiver instead\n";

struct args {
	const char *cmd;
	const char *invoice;
	const char *note, *court, *reason, *what;
	rl_date date;
	bool cancel;
};

static int parse(struct cli *cli, const char *cmd, const struct option *opts, int argc, char **argv,
		 struct args *a)
{
	int c, rc;

	memset(a, 0, sizeof(*a));
	a->cmd = cmd;
	a->date = RL_DATE_NONE;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			if ((rc = cli_parse_date(cmd, "--date", optarg, &a->date)))
				return rc;
			break;
		case 'n':
			a->note = optarg;
			break;
		case 'C':
			a->court = optarg;
			break;
		case 'r':
			a->reason = optarg;
			break;
		case 'i':
		case 'I':
			if (a->what)
				return cli_usage_error(cmd, "--interest or --indemnity, one at a "
							    "time");
			a->what = c == 'i' ? "interest" : "indemnity";
			break;
		case 'x':
			a->cancel = true;
			break;
		default:
			return cli_bad_option(cmd, argv);
		}
	}
	if (optind >= argc)
		return cli_usage_error(cmd, "which invoice?");
	a->invoice = argv[optind++];
	if (optind < argc)
		return cli_usage_error(cmd, "unexpected argument '%s'", argv[optind]);
	if ((rc = cli_check_text(cmd, "--note", a->note, false)) ||
	    (rc = cli_check_text(cmd, "--court", a->court, false)) ||
	    (rc = cli_check_text(cmd, "--reason", a->reason, false)))
		return rc;
	if (strcmp(cmd, "waive") == 0) {
		if (!a->what)
			return cli_usage_error(cmd, "--interest or --indemnity?");
		if (!a->cancel && !a->reason)
			return cli_usage_error(cmd, "--reason is required");
		return 0;
	}
	if (a->date == RL_DATE_NONE)
		return cli_usage_error(cmd, "--date is required");
	if (a->date > cli->today)
		return cli_usage_error(cmd, "--date: after today");
	return 0;
}

/* What one command changes; fills payload and the line said on success,
 * or returns RL_ECONFLICT with the message when the state forbids it. */
typedef int (*change_fn)(struct cli *cli, const struct args *a, const struct rl_invoice *inv,
			 const char *actor, const char *now, json_t *payload, char *said,
			 size_t cap, struct rl_err *err);

static void date_json(json_t *o, const char *key, rl_date d)
{
	char day[RL_DATE_ISO_LEN + 1];

	rl_date_format_iso(d, day);
	json_object_set_new(o, key, json_string(day));
}

static int record_event(struct cli *cli, const struct args *a, const struct rl_invoice *inv,
			const char *actor, const char *now, json_t *payload, char *said, size_t cap,
			struct rl_err *err)
{
	bool notice = strcmp(a->cmd, "notice") == 0;
	char day[RL_DATE_ISO_LEN + 1];
	rl_date previous;
	int rc;

	rc = rl_invoice_event_put(cli->store, cli->creditor, inv->id,
				  notice ? RL_EVENT_NOTICE : RL_EVENT_JUDGMENT, a->date, a->court,
				  now, actor, &previous, err);
	if (rc)
		return rc;
	if (a->court)
		json_object_set_new(payload, "court", json_string(a->court));
	if (previous != RL_DATE_NONE)
		date_json(payload, "replaces", previous);
	rl_date_format_iso(a->date, day);
	snprintf(said, cap, "%s of %s recorded: %s\n", notice ? "formal notice" : "judgment",
		 inv->number, day);
	return 0;
}

static int record_waiver(struct cli *cli, const struct args *a, const struct rl_invoice *inv,
			 const char *actor, const char *now, json_t *payload, char *said,
			 size_t cap, struct rl_err *err)
{
	bool done = false;
	int rc;

	if (a->cancel)
		rc = rl_waiver_remove(cli->store, cli->creditor, inv->id, a->what, &done, err);
	else
		rc = rl_waiver_add(cli->store, cli->creditor, inv->id, a->what, a->reason, now,
				   actor, &done, err);
	if (rc)
		return rc;
	if (!done)
		return rl_err_set(err, RL_ECONFLICT, "invoice '%s': the %s %s", inv->number,
				  a->what, a->cancel ? "is not waived" : "is already waived");
	json_object_set_new(payload, "what", json_string(a->what));
	if (a->reason)
		json_object_set_new(payload, "reason", json_string(a->reason));
	snprintf(said, cap, "%s of %s %s\n", a->what, inv->number,
		 a->cancel ? "no longer waived" : "waived");
	return 0;
}

static int journal_add(struct rl_journal_writer *jw, const char *kind, const char *actor,
		       const char *now, const struct rl_invoice *inv, json_t *payload,
		       struct rl_err *err)
{
	struct rl_journal_entry e = { 0 };
	char *text = json_dumps(payload, JSON_SORT_KEYS | JSON_COMPACT);
	int rc;

	if (!text)
		return rl_err_set(err, RL_ENOMEM, "out of memory");
	e.at = now;
	e.actor = actor;
	e.customer = inv->customer_code;
	e.invoice = inv->number;
	e.kind = kind;
	e.payload = text;
	rc = rl_journal_add(jw, &e, err);
	free(text);
	return rc;
}

/* Runs change on the invoice in one transaction with its journal entry. */
static int act(struct cli *cli, const struct args *a, const char *kind, change_fn change)
{
	char actor[80], now[64], said[256] = "", num[RL_MAX_ID + 1], cust[RL_MAX_ID + 1];
	struct rl_journal_writer jw;
	struct rl_invoice inv;
	struct rl_err err;
	json_t *payload = NULL;
	bool journal = false;
	int rc;

	rl_err_clear(&err);
	actor_name(actor);
	cli_now_utc(now);
	if ((rc = rl_store_begin(cli->store, &err)))
		return cli_exit(rc, &err);
	if ((rc = rl_journal_open(&jw, cli->store, cli->creditor, cli->creditor_code, &err)))
		goto fail;
	journal = true;
	if ((rc = rl_store_invoice_get(cli->store, cli->creditor, a->invoice, &inv, &err)))
		goto fail;
	snprintf(num, sizeof(num), "%s", inv.number);
	snprintf(cust, sizeof(cust), "%s", inv.customer_code);
	inv.number = num;
	inv.customer_code = cust;
	if (inv.type == RL_DOC_CREDIT_NOTE) {
		rc = rl_err_set(&err, RL_EINVAL, "'%s' is a credit note: it bears no interest",
				num);
		goto fail;
	}
	payload = json_object();
	date_json(payload, "date", a->date != RL_DATE_NONE ? a->date : cli->today);
	if (a->note)
		json_object_set_new(payload, "note", json_string(a->note));
	if ((rc = change(cli, a, &inv, actor, now, payload, said, sizeof(said), &err)) ||
	    (rc = journal_add(&jw, kind, actor, now, &inv, payload, &err)))
		goto fail;
	journal = false;
	if ((rc = rl_journal_close(&jw, &err)) || (rc = rl_store_commit(cli->store, &err)))
		goto fail;
	json_decref(payload);
	fputs(said, stdout);
	return EXIT_OK;
fail:
	json_decref(payload);
	if (journal)
		rl_journal_abandon(&jw);
	rl_store_rollback(cli->store);
	return cli_exit(rc, &err);
}

int cmd_notice(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "date", required_argument, NULL, 'd' },
		{ "note", required_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 },
	};
	struct args a;
	int rc;

	if ((rc = parse(cli, "notice", opts, argc, argv, &a)) ||
	    (rc = cli_open_ledger(cli)) != EXIT_OK)
		return rc;
	return act(cli, &a, "notice", record_event);
}

int cmd_judgment(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "date", required_argument, NULL, 'd' },
		{ "court", required_argument, NULL, 'C' },
		{ "note", required_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 },
	};
	struct args a;
	int rc;

	if ((rc = parse(cli, "judgment", opts, argc, argv, &a)) ||
	    (rc = cli_open_ledger(cli)) != EXIT_OK)
		return rc;
	return act(cli, &a, "judgment", record_event);
}

int cmd_waive(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "interest", no_argument, NULL, 'i' },
		{ "indemnity", no_argument, NULL, 'I' },
		{ "reason", required_argument, NULL, 'r' },
		{ "cancel", no_argument, NULL, 'x' },
		{ NULL, 0, NULL, 0 },
	};
	struct args a;
	int rc;

	if ((rc = parse(cli, "waive", opts, argc, argv, &a)) ||
	    (rc = cli_open_ledger(cli)) != EXIT_OK)
		return rc;
	return act(cli, &a, a.cancel ? "waive_cancel" : "waive", record_waiver);
}
