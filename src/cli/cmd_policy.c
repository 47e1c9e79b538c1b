/* relance policy: the dunning policies of the ledger (store/policy.h). */
#include <getopt.h>
#include <string.h>

#include "relance/formats/policy_file.h"
#include "relance/store/policy.h"
#include "commands.h"

const char usage_policy[] =
	"usage: relance policy list [--format table|csv|json]\n"
	"       relance policy show NAME [--format table|csv|json]\n"
	"       relance policy import FILE... [--default]\n"
	"       relance policy default NAME\n"
	"       relance policy assign CUSTOMER NAME|default\n"
	"\n"
	"A policy is the ordered list of dunning steps the daily run follows. A new\n"
	"ledger has two: fr-standard (the default: J-5 courtesy email to J+55\n"
	"hand-off) and fr-gentle (good customers and consumers). Policies are\n"
	"written as INI files (see the shipped ones in data/policies/) and imported;\n"
	"importing a policy of an existing name replaces its steps. A customer\n"
	"follows the policy assigned to it, else the ledger's default.\n"
	"\n"
	"options:\n"
	"  --format F    table (default), csv or json\n"
	"  --default     make the (last) imported policy the default\n";

static int list_row(void *ctx, const struct rl_policy_summary *p)
{
	struct out_val v[5] = { { .s = p->name },
				{ .s = p->is_default ? "yes" : "no" },
				{ .i = p->steps },
				{ .i = p->customers },
				{ .s = p->description } };

	return out_row(ctx, v);
}

static int list(struct cli *cli, enum out_format fmt)
{
	static const struct out_col cols[] = {
		{ "name", OUT_STR },      { "default", OUT_STR },     { "steps", OUT_INT },
		{ "customers", OUT_INT }, { "description", OUT_STR },
	};
	struct rl_err err;
	struct out o;
	int rc;

	rl_err_clear(&err);
	out_begin(&o, fmt, cli->locale, cols, 5, false, stdout);
	rc = rl_policy_each(cli->store, cli->creditor, list_row, &o, &err);
	out_end(&o);
	return cli_exit(rc < 0 ? rc : 0, &err);
}

static int show(struct cli *cli, const char *name, enum out_format fmt)
{
	static const struct out_col cols[] = {
		{ "step", OUT_INT },    { "name", OUT_STR },         { "offset_days", OUT_INT },
		{ "channel", OUT_STR }, { "template", OUT_STR },     { "min_balance", OUT_MONEY },
		{ "fee", OUT_MONEY },   { "min_gap_days", OUT_INT },
	};
	const struct rl_currency *cur = rl_currency_find(cli->creditor_currency, 3);
	struct rl_policy p;
	struct rl_err err;
	struct out o;
	int rc;

	rl_err_clear(&err);
	if ((rc = rl_policy_load(cli->store, cli->creditor, name, &p, NULL, &err)))
		return cli_exit(rc, &err);
	if (fmt == OUT_TABLE)
		printf("%s: %s\n\n", p.name, p.description);
	out_begin(&o, fmt, cli->locale, cols, 8, false, stdout);
	for (size_t i = 0; i < p.nsteps; i++) {
		const struct rl_policy_step *s = &p.steps[i];
		struct out_val v[8] = {
			{ .i = (int64_t)i + 1 },     { .s = s->name },
			{ .i = s->offset_days },     { .s = rl_channel_str(s->channel) },
			{ .s = s->template_name },   { .i = s->min_balance, .cur = cur },
			{ .i = s->fee, .cur = cur }, { .i = s->min_gap_days },
		};
		out_row(&o, v);
	}
	return out_end(&o) ? EXIT_FAIL : EXIT_OK;
}

int install_policy(struct cli *cli, const struct rl_policy *p, bool make_default,
		   struct rl_err *err)
{
	int64_t id;
	int rc;

	if ((rc = rl_policy_save(cli->store, cli->creditor, p, &id, err)))
		return rc;
	return make_default ? rl_policy_set_default(cli->store, cli->creditor, id, err) : 0;
}

static int import(struct cli *cli, char **files, int n, bool make_default)
{
	const struct rl_currency *cur = rl_currency_find(cli->creditor_currency, 3);
	struct rl_policy p;
	struct rl_err err;
	int rc;

	rl_err_clear(&err);
	if ((rc = rl_store_begin(cli->store, &err)))
		return cli_exit(rc, &err);
	for (int i = 0; i < n; i++) {
		if ((rc = rl_policy_file_read(files[i], cur, &p, &err)) ||
		    (rc = install_policy(cli, &p, make_default && i == n - 1, &err))) {
			rl_store_rollback(cli->store);
			return cli_exit(rc, &err);
		}
		printf("imported policy '%s' (%zu step%s)%s\n", p.name, p.nsteps,
		       p.nsteps == 1 ? "" : "s",
		       make_default && i == n - 1 ? ", now the default" : "");
	}
	return cli_exit(rl_store_commit(cli->store, &err), &err);
}

/* default NAME, or assign CUSTOMER NAME|default: one small transaction. */
static int set(struct cli *cli, const char *customer, const char *name)
{
	struct rl_policy p;
	struct rl_err err;
	int64_t id = 0;
	int rc;

	rl_err_clear(&err);
	if ((!customer || strcmp(name, "default") != 0) &&
	    (rc = rl_policy_load(cli->store, cli->creditor, name, &p, &id, &err)))
		return cli_exit(rc, &err);
	if ((rc = rl_store_begin(cli->store, &err)))
		return cli_exit(rc, &err);
	rc = customer ? rl_policy_assign(cli->store, cli->creditor, customer, id, &err)
		      : rl_policy_set_default(cli->store, cli->creditor, id, &err);
	if (rc || (rc = rl_store_commit(cli->store, &err))) {
		rl_store_rollback(cli->store);
		return cli_exit(rc, &err);
	}
	if (customer)
		printf("customer '%s' now follows %s\n", customer,
		       id ? name : "the ledger's default policy");
	else
		printf("'%s' is now the default policy\n", name);
	return EXIT_OK;
}

int cmd_policy(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "default", no_argument, NULL, 'D' },
		{ NULL, 0, NULL, 0 },
	};
	enum out_format fmt = OUT_TABLE;
	bool make_default = false;
	const char *verb;
	int c, rc, n;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'f' && (rc = cli_parse_format("policy", optarg, &fmt)))
			return rc;
		else if (c == 'D')
			make_default = true;
		else if (c != 'f')
			return cli_bad_option("policy", argv);
	}
	if (optind >= argc)
		return cli_usage_error("policy", "what? list, show, import, default or assign");
	verb = argv[optind++];
	n = argc - optind;
	if (!((strcmp(verb, "list") == 0 && n == 0) || (strcmp(verb, "show") == 0 && n == 1) ||
	      (strcmp(verb, "import") == 0 && n >= 1) || (strcmp(verb, "default") == 0 && n == 1) ||
	      (strcmp(verb, "assign") == 0 && n == 2)))
		return cli_usage_error("policy", "'%s' with %d argument%s is not a policy command",
				       verb, n, n == 1 ? "" : "s");
	cli->cmd_flags |= strcmp(verb, "list") && strcmp(verb, "show") ? CMD_WRITES : 0;
	if ((rc = cli_open_ledger(cli)) != EXIT_OK)
		return rc;
	if (strcmp(verb, "list") == 0)
		return list(cli, fmt);
	if (strcmp(verb, "show") == 0)
		return show(cli, argv[optind], fmt);
	if (strcmp(verb, "import") == 0)
		return import(cli, argv + optind, n, make_default);
	if (strcmp(verb, "default") == 0)
		return set(cli, NULL, argv[optind]);
	return set(cli, argv[optind], argv[optind + 1]);
}
