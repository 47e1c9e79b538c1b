/* The JSON API of `relance serve`, version 1 (docs/openapi.yaml describes
 * it): its routes and their handlers. Amounts are decimal strings with a
 * "currency" beside them and dates ISO 8601, as `relance ... --format
 * json` prints them; each listing's objects have the same keys as the
 * command's JSON output. The handlers parse their input and call the same
 * services as the commands (engine/, store/); the router (server/http.h)
 * does authentication, body limits and error shapes. */
#ifndef RELANCE_SERVER_API_H
#define RELANCE_SERVER_API_H

#include "relance/server/http.h"

#define RL_API_DEFAULT_LIMIT 100 /* invoices per page when ?limit= is not given */
#define RL_API_MAX_LIMIT 1000    /* ... and at most */

/* Ended by an entry whose method is NULL. */
extern const struct rl_http_route rl_api_routes[];

#endif
