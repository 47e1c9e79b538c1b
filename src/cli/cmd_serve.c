/* relance serve: the HTTP JSON API (server/http.h, server/api.h). */
#include <getopt.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "relance/server/api.h"
#include "relance/server/http.h"
#include "commands.h"

const char usage_serve[] =
	"usage: relance serve [--listen ADDR:PORT] [--threads N]\n"
	"\n"
	"Serves the ledger's JSON API over HTTP (described in docs/openapi.yaml):\n"
	"health, invoices, one invoice, balance, the dunning run and the journal's\n"
	"check, under /api/v1. Every route but /api/v1/health needs a token made\n"
	"with 'relance token create', sent as 'Authorization: Bearer TOKEN'.\n"
	"Prints 'listening on http://ADDR:PORT' once ready, and one line per\n"
	"request on stderr. SIGTERM or SIGINT stop it once the requests under\n"
	"way are answered. Several servers may share one database.\n"
	"\n"
	"options:\n"
	"  --listen ADDR:PORT  the IPv4 address and port (default 127.0.0.1:8080;\n"
	"                      port 0: any free port, printed)\n"
	"  --threads N         worker threads, each with its own database\n"
	"                      connection (default 2)\n";

/* Splits "ADDR:PORT" into addr (cap bytes) and port. */
static int parse_listen(const char *s, char *addr, size_t cap, uint16_t *port)
{
	const char *colon = strrchr(s, ':');
	long p;

	if (!colon || colon == s || (size_t)(colon - s) >= cap)
		return cli_usage_error("serve", "--listen: '%s' is not ADDR:PORT", s);
	memcpy(addr, s, (size_t)(colon - s));
	addr[colon - s] = '\0';
	if (cli_parse_long("serve", "--listen port", colon + 1, 0, 65535, &p))
		return EXIT_USAGE;
	*port = (uint16_t)p;
	return 0;
}

int cmd_serve(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "listen", required_argument, NULL, 'l' },
		{ "threads", required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 },
	};
	struct rl_http_config cfg = { 0 };
	const char *fixed_today = getenv("RELANCE_TODAY");
	char addr[64] = "127.0.0.1";
	rl_http_server *srv;
	struct rl_err err;
	long threads = 2;
	int c, rc, sig;

	cfg.port = 8080;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'l':
			if ((rc = parse_listen(optarg, addr, sizeof(addr), &cfg.port)))
				return rc;
			break;
		case 't':
			if ((rc = cli_parse_long("serve", "--threads", optarg, 1, 256, &threads)))
				return rc;
			break;
		default:
			return cli_bad_option("serve", argv);
		}
	}
	if (optind < argc)
		return cli_usage_error("serve", "unexpected argument '%s'", argv[optind]);
	cfg.db_uri = cli->db_uri;
	cfg.creditor_code = cli->creditor_code;
	cfg.address = addr;
	cfg.threads = (unsigned)threads;
	/* a server runs for days: "today" follows the clock, unless a test fixes it */
	cfg.today_fixed = fixed_today && *fixed_today;
	cfg.today = cli->today;
	cfg.access_log = stderr;
	rl_err_clear(&err);
	if ((rc = rl_http_start(&cfg, rl_api_routes, &srv, &err)))
		return cli_exit(rc, &err);
	printf("listening on http://%s:%u\n", addr, (unsigned)rl_http_port(srv));
	fflush(stdout);
	sig = rl_http_wait_signal(srv);
	fprintf(stderr, "relance serve: %s: stopping once the requests under way are answered\n",
		sig == SIGINT ? "SIGINT" : "SIGTERM");
	rl_http_stop(srv);
	return EXIT_OK;
}
