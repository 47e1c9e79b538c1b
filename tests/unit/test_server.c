/* Unit tests of the HTTP layer (server/http.c) and the API's table
 * (server/api.c): routes match whole segments and capture {parameters},
 * a path known under another method is told apart (405 versus 404),
 * errors have one shape and statuses map to HTTP codes, and every route
 * of the table is in docs/openapi.yaml (run from the source tree). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "relance/server/api.h"
#include "relance/server/http.h"

static void handler(const struct rl_http_request *req, struct rl_http_response *res)
{
	(void)req;
	(void)res;
}

static const struct rl_http_route routes[] = {
	{ "GET", "/api/v1/health", handler, RL_ROUTE_PUBLIC },
	{ "GET", "/api/v1/invoices", handler, 0 },
	{ "GET", "/api/v1/invoices/{number}", handler, 0 },
	{ "GET", "/api/v1/customers/{id}/invoices/{number}", handler, 0 },
	{ "POST", "/api/v1/runs", handler, RL_ROUTE_JSON_BODY },
	{ NULL, NULL, NULL, 0 },
};

static void routes_match_whole_segments(void **state)
{
	static const struct {
		const char *method, *path;
		int route; /* index in routes, -1 none */
		bool known;
		const char *p0, *p1;
	} cases[] = {
		{ "GET", "/api/v1/health", 0, false, NULL, NULL },
		{ "GET", "/api/v1/health/", -1, false, NULL, NULL },
		{ "GET", "/api/v1/healthz", -1, false, NULL, NULL },
		{ "GET", "/api/v1/invoices", 1, false, NULL, NULL },
		{ "GET", "/api/v1/invoices/F2026-1", 2, false, "F2026-1", NULL },
		{ "GET", "/api/v1/invoices/", -1, false, NULL, NULL },
		{ "GET", "/api/v1/invoices/F1/x", -1, false, NULL, NULL },
		{ "GET", "/api/v1/customers/C1/invoices/F9", 3, false, "C1", "F9" },
		{ "POST", "/api/v1/runs", 4, false, NULL, NULL },
		{ "GET", "/api/v1/runs", -1, true, NULL, NULL },
		{ "DELETE", "/api/v1/invoices/F1", -1, true, NULL, NULL },
		{ "GET", "/", -1, false, NULL, NULL },
		{ "GET", "", -1, false, NULL, NULL },
		{ "GET", "/api/v2/health", -1, false, NULL, NULL },
		/* paths as sent: captures decoded, literal segments not */
		{ "GET", "/api/v1/invoices/2026%2F001", 2, false, "2026/001", NULL },
		{ "GET", "/api/v1/invoices/F%20%c3%a9", 2, false, "F \xc3\xa9", NULL },
		{ "GET", "/api/v1/invoices/F%00x", -1, false, NULL, NULL },
		{ "GET", "/api/v1/invoices/F%2", -1, false, NULL, NULL },
		{ "GET", "/api/v1/invoices/F%zz", -1, false, NULL, NULL },
		{ "GET", "/api/v1/%69nvoices", -1, false, NULL, NULL },
		{ "GET", "/api/v1/health/%2e%2e/invoices", -1, false, NULL, NULL },
		{ "GET", "//api/v1/health", -1, false, NULL, NULL },
		/* HEAD is GET without a body */
		{ "HEAD", "/api/v1/invoices/F1", 2, false, "F1", NULL },
		{ "HEAD", "/api/v1/runs", -1, true, NULL, NULL },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *params[RL_HTTP_MAX_PARAMS];
		char scratch[256];
		size_t n = 99;
		bool known = true;
		const struct rl_http_route *r =
			rl_http_route_find(routes, cases[i].method, cases[i].path, scratch,
					   sizeof(scratch), params, &n, &known);

		if (cases[i].route < 0) {
			assert_null(r);
			assert_int_equal(known, cases[i].known);
			assert_int_equal(n, 0);
			continue;
		}
		assert_ptr_equal(r, &routes[cases[i].route]);
		assert_int_equal(n, (cases[i].p0 != NULL) + (cases[i].p1 != NULL));
		if (cases[i].p0)
			assert_string_equal(params[0], cases[i].p0);
		if (cases[i].p1)
			assert_string_equal(params[1], cases[i].p1);
	}
}

static void capture_longer_than_scratch_matches_nothing(void **state)
{
	const char *params[RL_HTTP_MAX_PARAMS];
	char scratch[8];
	size_t n;
	bool known;

	(void)state;
	assert_null(rl_http_route_find(routes, "GET", "/api/v1/invoices/F2026-000000001", scratch,
				       sizeof(scratch), params, &n, &known));
	assert_non_null(rl_http_route_find(routes, "GET", "/api/v1/invoices/F1", scratch,
					   sizeof(scratch), params, &n, &known));
	assert_string_equal(params[0], "F1");
}

static void errors_have_one_shape(void **state)
{
	static const struct {
		int status;
		int http;
		const char *code;
	} cases[] = {
		{ RL_EINVAL, 400, "bad_request" },  { RL_EUSAGE, 400, "bad_request" },
		{ RL_ENOTFOUND, 404, "not_found" }, { RL_ECONFLICT, 409, "conflict" },
		{ RL_EBUSY, 503, "busy" },          { RL_EIO, 500, "internal" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct rl_http_response res = { 0 };
		struct rl_err err;
		json_t *e;

		rl_err_clear(&err);
		rl_err_set(&err, cases[i].status, "what went wrong");
		rl_http_fail(&res, cases[i].status, &err);
		assert_int_equal(res.status, cases[i].http);
		assert_int_equal(json_object_size(res.body), 1);
		e = json_object_get(res.body, "error");
		assert_non_null(e);
		assert_string_equal(json_string_value(json_object_get(e, "code")), cases[i].code);
		assert_non_null(json_string_value(json_object_get(e, "message")));
		/* a server's own failure does not tell the client its details */
		if (cases[i].http == 500)
			assert_null(strstr(json_string_value(json_object_get(e, "message")),
					   "what went wrong"));
		json_decref(res.body);
	}
}

static void error_message_with_invalid_utf8_stays_json(void **state)
{
	struct rl_http_response res = { 0 };

	(void)state;
	rl_http_error(&res, 400, "bad_request", "'%s' is not a date", "\xff\xfe");
	assert_int_equal(res.status, 400);
	assert_non_null(
		json_string_value(json_object_get(json_object_get(res.body, "error"), "message")));
	json_decref(res.body);
}

/* The table is the source of truth: each route is in the OpenAPI file,
 * under its path with its method. */
static void every_api_route_is_documented(void **state)
{
	FILE *f = fopen("docs/openapi.yaml", "r");
	static char doc[256 * 1024];
	size_t n;

	(void)state;
	assert_non_null(f);
	n = fread(doc, 1, sizeof(doc) - 1, f);
	fclose(f);
	doc[n] = '\0';
	for (const struct rl_http_route *r = rl_api_routes; r->method; r++) {
		char path[256], method[16];
		const char *at, *next;

		snprintf(path, sizeof(path), "\n  %s:\n", r->pattern + strlen("/api/v1"));
		at = strstr(doc, path);
		if (!at)
			fail_msg("route %s is not in docs/openapi.yaml", r->pattern);
		/* the method, lower case, before the next path */
		snprintf(method, sizeof(method), "\n    %s:", r->method);
		for (char *p = method; *p; p++)
			*p = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
		next = strstr(at + strlen(path), "\n  /");
		at = strstr(at, method);
		if (!at || (next && at > next))
			fail_msg("%s %s is not in docs/openapi.yaml", r->method, r->pattern);
		/* only /health is public */
		if (r->flags & RL_ROUTE_PUBLIC)
			assert_string_equal(r->pattern, "/api/v1/health");
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(routes_match_whole_segments),
		cmocka_unit_test(capture_longer_than_scratch_matches_nothing),
		cmocka_unit_test(errors_have_one_shape),
		cmocka_unit_test(error_message_with_invalid_utf8_stays_json),
		cmocka_unit_test(every_api_route_is_documented),
	};

	return cmocka_run_group_tests_name("server", tests, NULL, NULL);
}
