/* The HTTP layer of `relance serve` (DESIGN.md §7): libmicrohttpd with an
 * epoll thread pool, a table of routes, and everything a handler must not
 * do itself (STYLE.md, "Dispatch is data"): the request body read under a
 * size cap (413 beyond), the JSON body parsed (400 if it is not a JSON
 * object), the bearer token checked (401, with WWW-Authenticate: Bearer)
 * against the route's needs and the token's role (403: a viewer only
 * reads), unknown routes (404) and methods (405), the response's status,
 * Content-Type and error body {"error":{"code":"...","message":"..."}},
 * one access-log line per request, and the store connection.
 *
 * Each worker thread has its own store connection, opened from the same
 * database URI on its first request and kept (a SQLite handle is used by
 * one thread only; a PostgreSQL connection likewise). A request that ends
 * in a 5xx drops its thread's connection, which is opened anew by the next
 * request, so a restarted database server is picked up again. Several
 * servers, each with their pool, can share one database: the store and the
 * engine keep concurrent writes safe (row locks, unique constraints,
 * SQLite's write lock).
 *
 * SIGINT and SIGTERM stop the server gracefully: it stops accepting, lets
 * the requests under way finish (up to RL_HTTP_DRAIN_SECONDS), then closes
 * every connection. */
#ifndef RELANCE_SERVER_HTTP_H
#define RELANCE_SERVER_HTTP_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "relance/core/date.h"
#include "relance/core/status.h"
#include "relance/server/auth.h"
#include "relance/store/store.h"

#define RL_HTTP_MAX_BODY (1024 * 1024) /* bytes of a request body; 413 beyond */
#define RL_HTTP_MAX_PARAMS 4           /* {captures} in a route's pattern */
#define RL_HTTP_MAX_PATH 1024          /* bytes of a path that can match a route */
#define RL_HTTP_DRAIN_SECONDS 30       /* time given to requests under way at stop */

enum rl_route_flags {
	RL_ROUTE_PUBLIC = 1 << 0,    /* no token needed */
	RL_ROUTE_JSON_BODY = 1 << 1, /* the body is a JSON object (empty: {}), in req->body */
};

/* One request, as a handler sees it. Everything is borrowed for the call. */
struct rl_http_request {
	const char *method;
	const char *path;                       /* as sent (not decoded), no query string */
	const char *params[RL_HTTP_MAX_PARAMS]; /* the {captures}, in order, percent-decoded */
	size_t nparams;
	json_t *body;     /* RL_ROUTE_JSON_BODY: a JSON object; else NULL */
	rl_store *store;  /* this thread's connection, no transaction open */
	int64_t creditor; /* the ledger served */
	const char *creditor_code;
	rl_date today;                      /* the server's today (UTC, or fixed for tests) */
	const char *now;                    /* UTC time of the request, for the journal */
	const struct rl_auth_identity *who; /* the token's holder; NULL on public routes */
	void *conn;                         /* private: the connection, for rl_http_query */
};

/* What a handler answers: a status and a JSON body it hands over (owned
 * by the response once set). */
struct rl_http_response {
	int status;
	json_t *body;
};

typedef void (*rl_http_handler)(const struct rl_http_request *req, struct rl_http_response *res);

struct rl_http_route {
	const char *method;  /* "GET", "POST" ... */
	const char *pattern; /* "/api/v1/invoices/{number}": {x} matches one non-empty segment */
	rl_http_handler handler;
	unsigned flags; /* enum rl_route_flags */
};

/* The value of query argument name (decoded), or NULL when absent. */
const char *rl_http_query(const struct rl_http_request *req, const char *name);

/* Sets the response: status and body (taken over). */
void rl_http_json(struct rl_http_response *res, int status, json_t *body);
/* Sets an error response {"error":{"code":code,"message":...}}. */
void rl_http_error(struct rl_http_response *res, int status, const char *code, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Sets the error response that goes with a failed status and its err:
 * 400 invalid input, 404 not found, 409 conflict, 503 busy, 500 otherwise
 * (whose details go to the log, not to the client). */
void rl_http_fail(struct rl_http_response *res, int status, const struct rl_err *err);

/* Finds the route for method and path in routes (ended by a NULL method).
 * path is as sent, percent-encoded: literal segments must be spelt as in
 * the pattern, so "%2e%2e" is no "..", and a capture may hold an encoded
 * "/" ("2026%2F001"). Captures are percent-decoded into scratch (cap
 * bytes) and pointed to by params (*nparams of them); a malformed escape
 * or an encoded NUL matches nothing. HEAD finds the GET routes. NULL when
 * none matches; *path_known then tells whether some route has that path
 * with another method (405, not 404). */
const struct rl_http_route *rl_http_route_find(const struct rl_http_route *routes,
					       const char *method, const char *path, char *scratch,
					       size_t cap, const char **params, size_t *nparams,
					       bool *path_known);

struct rl_http_config {
	const char *db_uri;        /* the ledger database, as for --db */
	const char *creditor_code; /* the creditor served */
	const char *address;       /* IPv4 address to listen on, "127.0.0.1" */
	uint16_t port;             /* 0: any free port (rl_http_port says which) */
	unsigned threads;          /* worker threads, 1 or more */
	bool today_fixed;          /* use `today` instead of the UTC clock (tests) */
	rl_date today;
	FILE *access_log; /* one line per request: method, path as sent, status, microseconds */
};

typedef struct rl_http_server rl_http_server;

/* Checks the database and the creditor, blocks SIGINT and SIGTERM in the
 * calling thread (the workers inherit that), ignores SIGPIPE (for the
 * process) and starts serving routes
 * (borrowed for the server's life). RL_ENOTFOUND: no ledger or creditor;
 * RL_EIO: cannot listen (err says why). */
int rl_http_start(const struct rl_http_config *cfg, const struct rl_http_route *routes,
		  rl_http_server **out, struct rl_err *err);
/* The port listened on. */
uint16_t rl_http_port(const rl_http_server *srv);
/* Waits for SIGINT or SIGTERM; returns which. */
int rl_http_wait_signal(rl_http_server *srv);
/* Stops gracefully (see above) and frees srv. NULL is a no-op. */
void rl_http_stop(rl_http_server *srv);

#endif
