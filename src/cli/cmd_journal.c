/* relance journal: check the evidence journal's chain, or export it. */
#include <getopt.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "relance/core/journal.h"
#include "relance/core/limits.h"
#include "relance/engine/journal_check.h"
#include "relance/store/journal.h"
#include "commands.h"

const char usage_journal[] =
	"usage: relance journal verify\n"
	"       relance journal export [--from D] [--to D] [--customer ID] [--invoice N]\n"
	"\n"
	"Every action relance takes is written to an append-only journal whose\n"
	"entries are chained by SHA-256: each entry's hash covers the previous\n"
	"hash and the entry itself, so any entry changed, removed, inserted or moved\n"
	"breaks the chain. 'verify' walks the chain and names the first bad entry\n"
	"(exit 1). 'export' writes JSON lines with the hashes, so that a third party\n"
	"can verify them (the canonical form is described in relance(1)).\n"
	"\n"
	"options:\n"
	"  --from D        entries on or after day D\n"
	"  --to D          entries before day D\n"
	"  --customer ID   only this customer's entries\n"
	"  --invoice N     only this invoice's entries\n";

static int verify(struct cli *cli)
{
	struct rl_journal_check c;
	struct rl_err err;
	int rc;

	rl_err_clear(&err);
	if ((rc = rl_journal_check(cli->store, cli->creditor, cli->creditor_code, &c, &err)))
		return cli_exit(rc, &err);
	if (!c.intact) {
		cli_errorf("journal verify: %s", c.problem);
		return EXIT_FAIL;
	}
	printf("journal verified: %lld entries, chain intact (last hash %s)\n",
	       (long long)c.checked, c.last_hash);
	return EXIT_OK;
}

static int export_entry(void *ctx, const struct rl_journal_row *r)
{
	json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:s}", "seq",
			      (json_int_t)r->e.seq, "at", r->e.at, "actor", r->e.actor, "creditor",
			      r->e.creditor, "customer", r->e.customer, "invoice", r->e.invoice,
			      "kind", r->e.kind, "payload",
			      json_loads(r->e.payload, JSON_DECODE_ANY, NULL), "hash", r->hash);
	char *line;

	(void)ctx;
	if (!o)
		return RL_EINVAL;
	line = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(o);
	if (!line)
		return RL_ENOMEM;
	puts(line);
	free(line);
	return 0;
}

int cmd_journal(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 't' },
		{ "customer", required_argument, NULL, 'c' },
		{ "invoice", required_argument, NULL, 'i' },
		{ NULL, 0, NULL, 0 },
	};
	struct rl_journal_filter f = { 0 };
	char from[RL_DATE_ISO_LEN + 1], to[RL_DATE_ISO_LEN + 1];
	struct rl_err err;
	rl_date d;
	int c, rc;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
		case 't':
			if ((rc = cli_parse_date("journal", c == 'f' ? "--from" : "--to", optarg,
						 &d)))
				return rc;
			rl_date_format_iso(d, c == 'f' ? from : to);
			if (c == 'f')
				f.from = from;
			else
				f.to = to;
			break;
		case 'c':
			f.customer = optarg;
			break;
		case 'i':
			f.invoice = optarg;
			break;
		default:
			return cli_bad_option("journal", argv);
		}
	}
	if (optind + 1 != argc ||
	    (strcmp(argv[optind], "verify") != 0 && strcmp(argv[optind], "export") != 0))
		return cli_usage_error("journal", "what? verify or export");
	if ((rc = cli_open_ledger(cli)) != EXIT_OK)
		return rc;
	if (strcmp(argv[optind], "verify") == 0)
		return verify(cli);
	rl_err_clear(&err);
	rc = rl_journal_each(cli->store, cli->creditor, cli->creditor_code, &f, export_entry, NULL,
			     &err);
	return cli_exit(rc < 0 ? rc : 0, &err);
}
