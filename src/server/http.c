/* The HTTP layer of relance serve: see relance/server/http.h. libmicrohttpd
 * calls on_uri once per request with its target as sent, then on_request
 * several times (headers, body chunks, end); the state between calls is a
 * struct exchange made by on_uri and freed when MHD reports the request
 * completed, which is also when the access-log line is written. */
#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "relance/core/buf.h"
#include "relance/engine/clock.h"
#include "relance/server/http.h"

/* A worker thread's store connection; all of them are listed in the
 * server so that stop can close them once the threads are gone. */
struct worker {
	rl_store *store;
	struct worker *next;
};

struct rl_http_server {
	struct rl_http_config cfg;
	const struct rl_http_route *routes;
	struct MHD_Daemon *daemon;
	int64_t creditor;
	uint16_t port;
	sigset_t stop_signals;
	pthread_key_t worker_key;
	pthread_mutex_t workers_lock;
	struct worker *workers;
	atomic_long in_flight; /* requests between their first call and completion */
};

/* One request's state across on_request's calls. */
struct exchange {
	struct timespec start;
	char *target; /* the path as sent: not percent-decoded, no query string */
	struct rl_buf body;
	bool started;   /* on_request has seen the headers */
	bool too_large; /* the body passed RL_HTTP_MAX_BODY: it is not kept */
	int status;     /* the response queued (0: none yet), for the log */
	char allow[32]; /* a 405's Allow header: the methods the path has */
	char method[16];
	char path[256];
};

const char *rl_http_query(const struct rl_http_request *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, name);
}

void rl_http_json(struct rl_http_response *res, int status, json_t *body)
{
	json_decref(res->body);
	res->status = status;
	res->body = body;
}

void rl_http_error(struct rl_http_response *res, int status, const char *code, const char *fmt, ...)
{
	char msg[RL_ERR_MSG_MAX];
	json_t *text;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	/* json_string refuses invalid UTF-8, which quoted input may hold */
	if (!(text = json_string(msg)))
		text = json_string("the request holds text that is not UTF-8");
	rl_http_json(res, status,
		     json_pack("{s:{s:s, s:o}}", "error", "code", code, "message", text));
}

void rl_http_fail(struct rl_http_response *res, int status, const struct rl_err *err)
{
	const char *msg = err && err->msg[0] ? err->msg : rl_status_str(status);

	switch (status) {
	case RL_EINVAL:
	case RL_EUSAGE:
	case RL_ERANGE:
		rl_http_error(res, 400, "bad_request", "%s", msg);
		break;
	case RL_ENOTFOUND:
		rl_http_error(res, 404, "not_found", "%s", msg);
		break;
	case RL_ECONFLICT:
		rl_http_error(res, 409, "conflict", "%s", msg);
		break;
	case RL_EBUSY:
		rl_http_error(res, 503, "busy", "the database is busy, try again");
		break;
	default:
		/* database paths and server messages are for the operator */
		fprintf(stderr, "relance serve: %s\n", msg);
		rl_http_error(res, 500, "internal", "internal error");
		break;
	}
}

/* --- routing --------------------------------------------------------------- */

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Percent-decodes the segment s[0..n) into out (with its NUL; it holds at
 * most n + 1 bytes). False for a malformed escape or an encoded NUL, which
 * no invoice number holds and which would cut the capture short. */
static bool decode_segment(const char *s, size_t n, char *out)
{
	size_t o = 0;

	for (size_t i = 0; i < n; i++) {
		int hi, lo;

		if (s[i] != '%') {
			out[o++] = s[i];
			continue;
		}
		if (i + 2 >= n)
			return false;
		hi = hex_digit(s[i + 1]);
		lo = hex_digit(s[i + 2]);
		if (hi < 0 || lo < 0 || (hi == 0 && lo == 0))
			return false;
		out[o++] = (char)(hi * 16 + lo);
		i += 2;
	}
	out[o] = '\0';
	return true;
}

/* Matches path, as sent, against pattern segment by segment, copying the
 * percent-decoded captures into scratch; false when they differ. Literal
 * segments are compared as sent: "%2e%2e" or "%2F" is never "..", "/". */
static bool match(const char *pattern, const char *path, char *scratch, size_t cap,
		  const char **params, size_t *nparams)
{
	const char *p = pattern, *q = path;
	size_t used = 0;

	*nparams = 0;
	while (*p && *q) {
		if (*p == '{') {
			const char *close = strchr(p, '}');
			size_t n = strcspn(q, "/");

			if (!close || n == 0 || *nparams == RL_HTTP_MAX_PARAMS ||
			    used + n + 1 > cap || !decode_segment(q, n, scratch + used))
				return false;
			params[(*nparams)++] = scratch + used;
			used += strlen(scratch + used) + 1;
			p = close + 1;
			q += n;
			continue;
		}
		if (*p != *q)
			return false;
		p++;
		q++;
	}
	return *p == '\0' && *q == '\0';
}

const struct rl_http_route *rl_http_route_find(const struct rl_http_route *routes,
					       const char *method, const char *path, char *scratch,
					       size_t cap, const char **params, size_t *nparams,
					       bool *path_known)
{
	/* HEAD is GET without the body, which MHD leaves out (RFC 9110 §9.3.2) */
	const char *as = strcmp(method, "HEAD") == 0 ? "GET" : method;

	*path_known = false;
	*nparams = 0;
	for (const struct rl_http_route *r = routes; r->method; r++) {
		if (!match(r->pattern, path, scratch, cap, params, nparams))
			continue;
		if (strcmp(r->method, as) == 0)
			return r;
		*path_known = true;
	}
	*nparams = 0;
	return NULL;
}

/* Writes the methods routes have for path, "GET, HEAD, POST", into out
 * (cap bytes): a 405's Allow header (RFC 9110 §15.5.6). */
static void allowed_methods(const struct rl_http_route *routes, const char *path, char *out,
			    size_t cap)
{
	char scratch[RL_HTTP_MAX_PATH];
	const char *params[RL_HTTP_MAX_PARAMS];
	size_t nparams, used = 0;

	out[0] = '\0';
	for (const struct rl_http_route *r = routes; r->method; r++) {
		if (!match(r->pattern, path, scratch, sizeof(scratch), params, &nparams))
			continue;
		used += (size_t)snprintf(out + used, cap - used, "%s%s%s", used ? ", " : "",
					 r->method, strcmp(r->method, "GET") == 0 ? ", HEAD" : "");
		if (used >= cap) {
			out[0] = '\0'; /* a partial list would be wrong: none */
			return;
		}
	}
}

/* --- per-thread store connections ------------------------------------------ */

/* This thread's store, opened on first use. */
static int worker_store(rl_http_server *srv, rl_store **out, struct rl_err *err)
{
	struct worker *w = pthread_getspecific(srv->worker_key);
	int rc;

	if (!w) {
		if (!(w = calloc(1, sizeof(*w))))
			return rl_err_set(err, RL_ENOMEM, "out of memory");
		pthread_mutex_lock(&srv->workers_lock);
		w->next = srv->workers;
		srv->workers = w;
		pthread_mutex_unlock(&srv->workers_lock);
		pthread_setspecific(srv->worker_key, w);
	}
	if (!w->store && (rc = rl_store_open(&w->store, srv->cfg.db_uri, 0, err)))
		return rc;
	*out = w->store;
	return 0;
}

/* Closes this thread's store: the next request opens a new connection. */
static void worker_drop_store(rl_http_server *srv)
{
	struct worker *w = pthread_getspecific(srv->worker_key);

	if (w) {
		rl_store_close(w->store);
		w->store = NULL;
	}
}

/* --- requests -------------------------------------------------------------- */

/* Parses the body of a RL_ROUTE_JSON_BODY route into *out: an empty body
 * is {}; anything but a JSON object is a 400. */
static bool parse_body(const struct exchange *x, json_t **out, struct rl_http_response *res)
{
	json_error_t jerr;

	if (x->body.len == 0) {
		*out = json_object();
		return true;
	}
	*out = json_loadb(x->body.ptr, x->body.len, JSON_REJECT_DUPLICATES, &jerr);
	if (!*out) {
		rl_http_error(res, 400, "invalid_json", "the body is not JSON: %s (at byte %d)",
			      jerr.text, jerr.position);
		return false;
	}
	if (!json_is_object(*out)) {
		json_decref(*out);
		*out = NULL;
		rl_http_error(res, 400, "invalid_json", "the body must be a JSON object");
		return false;
	}
	return true;
}

/* Who is asking, for routes that need a token: false (and the 401 / 403 /
 * 5xx response set) when they may not. */
static bool authorise(rl_http_server *srv, struct MHD_Connection *c, rl_store *store,
		      const char *method, struct rl_auth_identity *who,
		      struct rl_http_response *res)
{
	const char *header = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Authorization");
	struct rl_err err;
	int rc;

	rl_err_clear(&err);
	rc = rl_auth_check(store, srv->creditor, header, who, &err);
	if (rc == RL_ENOTFOUND) {
		rl_http_error(res, 401, "unauthorized", "%s", err.msg);
		return false;
	}
	if (rc) {
		rl_http_fail(res, rc, &err);
		return false;
	}
	if (!rl_auth_allows(who->role, method)) {
		rl_http_error(res, 403, "forbidden", "a %s token may only read",
			      rl_token_role_str(who->role));
		return false;
	}
	return true;
}

/* One attempt at a routed request: the thread's store, the token, the
 * body, then the handler. Fills res. */
static void attempt(rl_http_server *srv, struct exchange *x, struct MHD_Connection *c,
		    const struct rl_http_route *route, struct rl_http_request *req,
		    struct rl_http_response *res)
{
	struct rl_auth_identity who;
	struct rl_err err;

	rl_err_clear(&err);
	if (worker_store(srv, &req->store, &err)) {
		fprintf(stderr, "relance serve: %s\n", err.msg);
		rl_http_error(res, 503, "unavailable", "the database cannot be reached");
		return;
	}
	if (!(route->flags & RL_ROUTE_PUBLIC)) {
		if (!authorise(srv, c, req->store, req->method, &who, res))
			return;
		req->who = &who;
	}
	if (!(route->flags & RL_ROUTE_JSON_BODY) || parse_body(x, &req->body, res))
		route->handler(req, res);
	json_decref(req->body);
	req->body = NULL;
	req->who = NULL;
	/* Handlers call services that commit what they write; whatever a
	 * failure left open is rolled back here, once for every route. */
	rl_store_rollback(req->store);
	if (!res->body)
		rl_http_error(res, 500, "internal", "the handler gave no answer");
}

/* Routes the request and runs its handler: fills res. A failure on the
 * server's side (5xx) drops the thread's connection, which may be one the
 * database closed (restart, idle timeout): a GET, which changes nothing,
 * is then tried once more on a new one; other methods are the client's
 * to retry (the run is idempotent). */
static void dispatch(rl_http_server *srv, struct exchange *x, struct MHD_Connection *c,
		     const char *method, struct rl_http_response *res)
{
	const char *url = x->target;
	char scratch[RL_HTTP_MAX_PATH], now[64];
	struct rl_http_request req = { 0 };
	const struct rl_http_route *route;
	bool path_known;

	route = rl_http_route_find(srv->routes, method, url, scratch, sizeof(scratch), req.params,
				   &req.nparams, &path_known);
	if (!route) {
		if (path_known) {
			allowed_methods(srv->routes, url, x->allow, sizeof(x->allow));
			rl_http_error(res, 405, "method_not_allowed", "%s is not allowed here",
				      method);
		} else
			rl_http_error(res, 404, "not_found", "no such route");
		return;
	}
	if (x->too_large) {
		rl_http_error(res, 413, "payload_too_large", "the body is larger than %d bytes",
			      RL_HTTP_MAX_BODY);
		return;
	}
	req.method = method;
	req.path = url;
	req.creditor = srv->creditor;
	req.creditor_code = srv->cfg.creditor_code;
	rl_clock_utc(now);
	req.today = rl_clock_today();
	if (srv->cfg.today_fixed)
		req.today = srv->cfg.today;
	req.now = now;
	req.conn = c;
	for (int tries = 1;; tries++) {
		attempt(srv, x, c, route, &req, res);
		if (res->status < 500)
			return;
		worker_drop_store(srv);
		if (tries == 2 || (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0))
			return;
		rl_http_json(res, 0, NULL);
	}
}

static enum MHD_Result queue(struct exchange *x, struct MHD_Connection *c,
			     struct rl_http_response *res)
{
	char *text = json_dumps(res->body, JSON_COMPACT | JSON_PRESERVE_ORDER);
	struct MHD_Response *r;
	enum MHD_Result ok;

	json_decref(res->body);
	res->body = NULL;
	if (!text)
		return MHD_NO;
	r = MHD_create_response_from_buffer(strlen(text), text, MHD_RESPMEM_MUST_FREE);
	if (!r) {
		free(text);
		return MHD_NO;
	}
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, "application/json");
	if (res->status == 401)
		MHD_add_response_header(r, MHD_HTTP_HEADER_WWW_AUTHENTICATE, "Bearer");
	if (res->status == 405 && x->allow[0])
		MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, x->allow);
	x->status = res->status;
	ok = MHD_queue_response(c, (unsigned)res->status, r);
	MHD_destroy_response(r);
	return ok;
}

/* A Content-Length over the cap is refused before the body is read. */
static bool announced_too_large(struct MHD_Connection *c)
{
	const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
	char *end;
	unsigned long long n;

	if (!cl)
		return false;
	errno = 0;
	n = strtoull(cl, &end, 10);
	return errno == ERANGE || (end != cl && n > RL_HTTP_MAX_BODY);
}

/* Copies s into an access-log field: one line per request, its fields
 * apart, whatever the client sent (control bytes and blanks become '?'). */
static void log_field(char *out, size_t cap, const char *s)
{
	rl_err_quote(out, cap, s, strlen(s));
	for (char *p = out; *p; p++)
		if (*p == ' ')
			*p = '?';
}

/* MHD_OPTION_URI_LOG_CALLBACK: called once per request with its target as
 * sent, before MHD percent-decodes it; what it returns is the request's
 * state for on_request and on_completed (which MHD calls for every request
 * this saw). Routing on the path as sent keeps "%2F" inside a segment
 * (invoice "2026/001") and makes "%00" or "%2e%2e" bytes of a segment. */
static void *on_uri(void *cls, const char *uri, struct MHD_Connection *c)
{
	rl_http_server *srv = cls;
	struct exchange *x = calloc(1, sizeof(*x));

	(void)c;
	if (!x)
		return NULL; /* on_request then refuses the request */
	if (!(x->target = strndup(uri, strcspn(uri, "?")))) {
		free(x);
		return NULL;
	}
	clock_gettime(CLOCK_MONOTONIC, &x->start);
	rl_buf_init(&x->body, RL_HTTP_MAX_BODY);
	log_field(x->method, sizeof(x->method), "-");
	log_field(x->path, sizeof(x->path), x->target);
	atomic_fetch_add(&srv->in_flight, 1);
	return x;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
				  const char *method, const char *version, const char *upload_data,
				  size_t *upload_size, void **state)
{
	rl_http_server *srv = cls;
	struct exchange *x = *state;
	struct rl_http_response res = { 0 };

	(void)url; /* percent-decoded: x->target is the path as sent */
	if (!x)
		return MHD_NO;
	if (!x->started) {
		x->started = true;
		log_field(x->method, sizeof(x->method), method);
		if (!announced_too_large(c))
			return MHD_YES;
		rl_http_error(&res, 413, "payload_too_large", "the body is larger than %d bytes",
			      RL_HTTP_MAX_BODY);
		return queue(x, c, &res);
	}
	if (x->status) { /* answered early (413): the rest of the body is dropped */
		*upload_size = 0;
		return MHD_YES;
	}
	if (*upload_size) {
		if (!x->too_large && rl_buf_add(&x->body, upload_data, *upload_size)) {
			x->too_large = true;
			rl_buf_release(&x->body);
		}
		*upload_size = 0;
		return MHD_YES;
	}
	dispatch(srv, x, c, method, &res);
	return queue(x, c, &res);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **state,
			 enum MHD_RequestTerminationCode why)
{
	rl_http_server *srv = cls;
	struct exchange *x = *state;
	struct timespec end;
	long long us;

	if (!x)
		return;
	clock_gettime(CLOCK_MONOTONIC, &end);
	us = (long long)(end.tv_sec - x->start.tv_sec) * 1000000 +
	     (end.tv_nsec - x->start.tv_nsec) / 1000;
	if (srv->cfg.access_log)
		fprintf(srv->cfg.access_log, "%s %s %d %lldus%s\n", x->method, x->path, x->status,
			us, why == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " (aborted)");
	rl_buf_release(&x->body);
	free(x->target);
	free(x);
	*state = NULL;
	atomic_fetch_sub(&srv->in_flight, 1);
}

/* --- the daemon ------------------------------------------------------------ */

/* Opens the ledger once to check it and find the creditor's id. */
static int find_creditor(rl_http_server *srv, struct rl_err *err)
{
	struct rl_creditor cr;
	rl_store *s;
	int rc;

	if ((rc = rl_store_open(&s, srv->cfg.db_uri, 0, err)))
		return rc;
	rc = rl_store_creditor_get(s, srv->cfg.creditor_code, &cr, err);
	if (rc == RL_ENOTFOUND)
		rl_err_set(err, RL_ENOTFOUND, "'%s' has no creditor '%s'", srv->cfg.db_uri,
			   srv->cfg.creditor_code);
	if (rc == 0)
		srv->creditor = cr.id;
	rl_store_close(s);
	return rc;
}

static void free_server(rl_http_server *srv)
{
	struct worker *w = srv->workers;

	while (w) {
		struct worker *next = w->next;

		rl_store_close(w->store);
		free(w);
		w = next;
	}
	pthread_key_delete(srv->worker_key);
	pthread_mutex_destroy(&srv->workers_lock);
	free(srv);
}

int rl_http_start(const struct rl_http_config *cfg, const struct rl_http_route *routes,
		  rl_http_server **out, struct rl_err *err)
{
	struct sockaddr_in addr = { 0 };
	unsigned flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG;
	const union MHD_DaemonInfo *info;
	rl_http_server *srv;
	int rc;

	*out = NULL;
	addr.sin_family = AF_INET;
	addr.sin_port = htons(cfg->port);
	if (inet_pton(AF_INET, cfg->address, &addr.sin_addr) != 1)
		return rl_err_set(err, RL_EUSAGE, "'%s' is not an IPv4 address", cfg->address);
	if ((rc = rl_auth_init(err)))
		return rc;
	/* jansson seeds its hash function on first use: once, before threads */
	json_object_seed(0);
	if (!(srv = calloc(1, sizeof(*srv))))
		return rl_err_set(err, RL_ENOMEM, "out of memory");
	srv->cfg = *cfg;
	srv->routes = routes;
	atomic_init(&srv->in_flight, 0);
	pthread_mutex_init(&srv->workers_lock, NULL);
	if (pthread_key_create(&srv->worker_key, NULL) != 0) {
		pthread_mutex_destroy(&srv->workers_lock);
		free(srv);
		return rl_err_set(err, RL_ENOMEM, "cannot create a thread key");
	}
	if ((rc = find_creditor(srv, err))) {
		free_server(srv);
		return rc;
	}
	/* Blocked before the workers start, so that they inherit the mask and
	 * the signals reach rl_http_wait_signal's sigwait only. */
	sigemptyset(&srv->stop_signals);
	sigaddset(&srv->stop_signals, SIGINT);
	sigaddset(&srv->stop_signals, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &srv->stop_signals, NULL);
	/* A server outlives the reader of its access log (a pipe to a logger
	 * that exits): a write to it then fails instead of killing the process.
	 * MHD and libpq suppress SIGPIPE on their sockets already. */
	signal(SIGPIPE, SIG_IGN);
	srv->daemon = MHD_start_daemon(
		flags, cfg->port, NULL, NULL, on_request, srv, MHD_OPTION_SOCK_ADDR,
		(struct sockaddr *)&addr, MHD_OPTION_URI_LOG_CALLBACK, on_uri, srv,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv, MHD_OPTION_CONNECTION_TIMEOUT,
		(unsigned)30,
		/* one thread: no pool (MHD warns about a pool of 1) */
		cfg->threads > 1 ? MHD_OPTION_THREAD_POOL_SIZE : MHD_OPTION_END,
		(unsigned)cfg->threads, MHD_OPTION_END);
	if (!srv->daemon) {
		free_server(srv);
		return rl_err_set(err, RL_EIO, "cannot listen on %s:%u", cfg->address,
				  (unsigned)cfg->port);
	}
	info = MHD_get_daemon_info(srv->daemon, MHD_DAEMON_INFO_BIND_PORT);
	srv->port = info ? info->port : cfg->port;
	*out = srv;
	return 0;
}

uint16_t rl_http_port(const rl_http_server *srv)
{
	return srv->port;
}

int rl_http_wait_signal(rl_http_server *srv)
{
	int sig = 0;

	while (sigwait(&srv->stop_signals, &sig) != 0)
		;
	return sig;
}

void rl_http_stop(rl_http_server *srv)
{
	struct timespec tick = { 0, 10 * 1000 * 1000 };
	MHD_socket listener;

	if (!srv)
		return;
	listener = MHD_quiesce_daemon(srv->daemon);
	for (long i = 0; i < RL_HTTP_DRAIN_SECONDS * 100L && atomic_load(&srv->in_flight) > 0; i++)
		nanosleep(&tick, NULL);
	MHD_stop_daemon(srv->daemon);
	if (listener != MHD_INVALID_SOCKET)
		close(listener);
	free_server(srv);
}
