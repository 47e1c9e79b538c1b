/* The time and the day: see relance/engine/clock.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "relance/engine/clock.h"

void rl_clock_utc(char buf[RL_CLOCK_UTC_MAX])
{
	struct timespec ts;
	struct tm tm;

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	snprintf(buf, RL_CLOCK_UTC_MAX, "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ", tm.tm_year + 1900,
		 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ts.tv_nsec / 1000000);
}

rl_date rl_clock_today(void)
{
	const char *env = getenv("RELANCE_TODAY");
	struct tm tm;
	time_t now;
	rl_date d = 0;

	if (env && *env && rl_date_parse(env, strlen(env), "YYYY-MM-DD", &d, NULL) == 0)
		return d;
	now = time(NULL);
	gmtime_r(&now, &tm);
	rl_date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, &d);
	return d;
}
