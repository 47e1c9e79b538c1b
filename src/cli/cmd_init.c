/* relance init: create a ledger database and its creditor. */
#include <getopt.h>
#include <string.h>

#include "relance/formats/policy_file.h"
#include "commands.h"

const char usage_init[] =
	"usage: relance [--db PATH] [--creditor CODE] init [OPTIONS]\n"
	"\n"
	"Creates the ledger database (if it does not exist) and the creditor whose\n"
	"ledger it holds. Running it again changes nothing.\n"
	"\n"
	"options:\n"
	"  --name NAME            the creditor's legal name (default: 'My company')\n"
	"  --currency CODE        default ISO 4217 currency of amounts (default: EUR)\n"
	"  --language fr|en       language of documents (default: fr)\n"
	"  --jurisdiction CODE    default law for interest and fees: FR, DE, GB, EU (default: "
	"FR)\n";

int ledger_init(struct cli *cli, const struct creditor_settings *cs, bool *created,
		struct rl_err *err)
{
	struct rl_creditor cr = { 0 };
	int rc;

	*created = false;
	if ((rc = rl_store_open(&cli->store, cli->db_uri, RL_STORE_CREATE, err)))
		return rc;
	rc = rl_store_creditor_get(cli->store, cli->creditor_code, &cr, err);
	if (rc == 0) {
		cli_use_creditor(cli, &cr);
		return 0;
	}
	if (rc != RL_ENOTFOUND)
		return rc;
	rl_err_clear(err);
	cr.code = cli->creditor_code;
	cr.name = cs->name;
	cr.currency = cs->currency;
	cr.language = cs->language;
	cr.jurisdiction = cs->jurisdiction;
	if ((rc = rl_store_begin(cli->store, err)))
		return rc;
	if ((rc = rl_store_creditor_add(cli->store, &cr, &cr.id, err)))
		goto fail;
	cli_use_creditor(cli, &cr);
	/* A new ledger follows the shipped policies, the first as its default. */
	for (const struct rl_shipped_policy *sp = rl_shipped_policies; sp->file; sp++) {
		struct rl_policy p;

		if ((rc = rl_policy_text_read(sp->file, sp->text, rl_currency_find(cs->currency, 3),
					      &p, err)) ||
		    (rc = install_policy(cli, &p, sp == rl_shipped_policies, err)))
			goto fail;
	}
	if ((rc = rl_store_commit(cli->store, err)))
		goto fail;
	*created = true;
	return 0;
fail:
	rl_store_rollback(cli->store);
	return rc;
}

int cmd_init(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "name", required_argument, NULL, 'n' },
		{ "currency", required_argument, NULL, 'c' },
		{ "language", required_argument, NULL, 'l' },
		{ "jurisdiction", required_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 },
	};
	struct creditor_settings cs = { "My company", "EUR", "fr", "FR" };
	struct rl_err err;
	bool created;
	int c, rc;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'n':
			cs.name = optarg;
			break;
		case 'c':
			if (!rl_currency_find(optarg, strlen(optarg)))
				return cli_usage_error("init",
						       "--currency: '%s' is not an ISO 4217 "
						       "code",
						       optarg);
			cs.currency = rl_currency_find(optarg, strlen(optarg))->code;
			break;
		case 'l':
			if (strcmp(optarg, "fr") != 0 && strcmp(optarg, "en") != 0)
				return cli_usage_error("init", "--language: '%s' is not fr or en",
						       optarg);
			cs.language = optarg;
			break;
		case 'j':
			if (strcmp(optarg, "FR") != 0 && strcmp(optarg, "DE") != 0 &&
			    strcmp(optarg, "GB") != 0 && strcmp(optarg, "EU") != 0)
				return cli_usage_error("init",
						       "--jurisdiction: '%s' is not FR, DE, "
						       "GB or EU",
						       optarg);
			cs.jurisdiction = optarg;
			break;
		default:
			return cli_bad_option("init", argv);
		}
	}
	if (optind < argc)
		return cli_usage_error("init", "unexpected argument '%s'", argv[optind]);
	rl_err_clear(&err);
	if ((rc = ledger_init(cli, &cs, &created, &err)))
		return cli_exit(rc, &err);
	if (created)
		printf("created creditor '%s' in %s\n", cli->creditor_code, cli->db_uri);
	else
		printf("%s already has creditor '%s': nothing to do\n", cli->db_uri,
		       cli->creditor_code);
	return EXIT_OK;
}
