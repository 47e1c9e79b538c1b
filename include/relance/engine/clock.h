/* The time and the day, as every front end (the command line, the server)
 * reads them: one place, so that the journal's timestamps have one format
 * and RELANCE_TODAY moves "today" for all of them. */
#ifndef RELANCE_ENGINE_CLOCK_H
#define RELANCE_ENGINE_CLOCK_H

#include "relance/core/date.h"

#define RL_CLOCK_UTC_MAX 64

/* The current UTC time as "YYYY-MM-DDTHH:MM:SS.mmmZ". */
void rl_clock_utc(char buf[RL_CLOCK_UTC_MAX]);

/* Today: RELANCE_TODAY (YYYY-MM-DD) when set and valid, else the UTC date. */
rl_date rl_clock_today(void);

#endif
