/* relance token: the API tokens of relance serve (server/auth.h). */
#include <getopt.h>
#include <string.h>

#include "relance/server/auth.h"
#include "relance/store/token.h"
#include "commands.h"

const char usage_token[] =
	"usage: relance token create --name NAME [--role admin|collector|viewer]\n"
	"       relance token list [--format table|csv|json]\n"
	"       relance token revoke NAME\n"
	"\n"
	"Tokens let people and programs use the HTTP API of 'relance serve'.\n"
	"'create' prints a new token once: keep it, relance stores only its hash.\n"
	"A viewer may only read; a collector may also run the dunning; an admin\n"
	"may do everything. What a token does is journaled with the actor\n"
	"api:NAME. 'list' shows the tokens (never their secret), 'revoke' ends\n"
	"one at once. Creating and revoking are journaled.\n"
	"\n"
	"options:\n"
	"  --name NAME     the token's name: letters, digits, '.', '_', '-', '@'\n"
	"  --role R        admin, collector (default) or viewer\n"
	"  --format F      table (default), csv or json (list)\n";

static int row(void *ctx, const struct rl_token_row *t)
{
	struct out_val v[4] = {
		{ .s = t->name },
		{ .s = rl_token_role_str(t->role) },
		{ .s = t->created_at },
		{ .s = t->revoked_at, .null = !t->revoked_at[0] },
	};

	return out_row(ctx, v);
}

static int list(struct cli *cli, enum out_format fmt)
{
	static const struct out_col cols[] = {
		{ "name", OUT_STR },
		{ "role", OUT_STR },
		{ "created_at", OUT_STR },
		{ "revoked_at", OUT_STR },
	};
	struct rl_err err;
	struct out o;
	int rc;

	rl_err_clear(&err);
	out_begin(&o, fmt, cli->locale, cols, 4, false, stdout);
	rc = rl_token_each(cli->store, cli->creditor, row, &o, &err);
	if (out_end(&o) && !rc)
		rc = rl_err_set(&err, RL_EIO, "cannot write the output");
	return cli_exit(rc < 0 ? rc : 0, &err);
}

int cmd_token(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "name", required_argument, NULL, 'n' },
		{ "role", required_argument, NULL, 'r' },
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	enum rl_token_role role = RL_ROLE_COLLECTOR;
	enum out_format fmt = OUT_TABLE;
	char actor[80], now[64], text[RL_TOKEN_TEXT_MAX];
	const char *name = NULL, *verb;
	struct rl_err err;
	int c, rc;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'n':
			name = optarg;
			break;
		case 'r':
			if (rl_token_role_parse(optarg, &role))
				return cli_usage_error("token",
						       "--role: '%s' is not admin, collector or "
						       "viewer",
						       optarg);
			break;
		case 'f':
			if ((rc = cli_parse_format("token", optarg, &fmt)))
				return rc;
			break;
		default:
			return cli_bad_option("token", argv);
		}
	}
	if (optind >= argc)
		return cli_usage_error("token", "what? create, list or revoke");
	verb = argv[optind++];
	if (strcmp(verb, "create") == 0) {
		if (optind < argc)
			return cli_usage_error("token", "unexpected argument '%s'", argv[optind]);
		if (!name)
			return cli_usage_error("token", "create needs --name NAME");
		if (!rl_auth_name_valid(name))
			return cli_usage_error("token",
					       "--name: '%s' is not 1 to %d letters, digits, '.', "
					       "'_', '-' or '@'",
					       name, RL_TOKEN_NAME_MAX);
	} else if (strcmp(verb, "revoke") == 0) {
		if (optind + 1 != argc)
			return cli_usage_error("token", "revoke needs one token name");
		name = argv[optind];
	} else if (strcmp(verb, "list") == 0) {
		if (optind < argc)
			return cli_usage_error("token", "unexpected argument '%s'", argv[optind]);
	} else {
		return cli_usage_error("token", "'%s'? create, list or revoke", verb);
	}
	if ((rc = cli_open_ledger(cli)) != EXIT_OK)
		return rc;
	if (strcmp(verb, "list") == 0)
		return list(cli, fmt);
	actor_name(actor);
	cli_now_utc(now);
	rl_err_clear(&err);
	if (strcmp(verb, "revoke") == 0) {
		rc = rl_auth_token_revoke(cli->store, cli->creditor, cli->creditor_code, name,
					  actor, now, &err);
		if (rc == 0)
			printf("token '%s' revoked\n", name);
		return cli_exit(rc, &err);
	}
	rc = rl_auth_token_create(cli->store, cli->creditor, cli->creditor_code, name, role, actor,
				  now, text, &err);
	if (rc)
		return cli_exit(rc, &err);
	/* the secret alone on stdout, for scripts; the advice on stderr */
	printf("%s\n", text);
	fprintf(stderr, "token '%s' (%s) created: keep it now, it is not shown again\n", name,
		rl_token_role_str(role));
	return EXIT_OK;
}
