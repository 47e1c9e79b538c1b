/* Status codes and the caller-owned error record shared by every layer.
 *
 * Library code never prints and never exits (STYLE.md, "Errors"): a function
 * returns 0 or a negative enum rl_status and, on failure, fills the
 * struct rl_err its caller passed.  A NULL err is allowed everywhere: the
 * details are then dropped but the status is still returned. */
#ifndef RELANCE_CORE_STATUS_H
#define RELANCE_CORE_STATUS_H

#include <stddef.h>

enum rl_status {
	RL_OK = 0,
	RL_EINVAL = -1,    /* input does not have the expected form */
	RL_ERANGE = -2,    /* value outside what the type can hold (overflow) */
	RL_ENOMEM = -3,    /* an allocation or a size cap failed */
	RL_EIO = -4,       /* a file, socket or database call failed */
	RL_ENOTFOUND = -5, /* the named thing does not exist */
	RL_ECONFLICT = -6, /* would violate a uniqueness or ledger invariant */
	RL_EUSAGE = -7,    /* the caller (a user) asked for something meaningless */
	RL_EBUSY = -8,     /* another process holds what we need; try again */
};

#define RL_ERR_MSG_MAX 512

/* Where a problem was found, for messages of the form FILE:LINE: FIELD: problem.
 * Fields not known are empty strings / zero. */
struct rl_err {
	int code;                 /* an enum rl_status */
	char msg[RL_ERR_MSG_MAX]; /* lower case, no final full stop, no newline */
	char file[256];
	long line; /* 1-based physical line; 0 = not applicable */
	char field[64];
};

/* Clears *err (if err is not NULL). */
void rl_err_clear(struct rl_err *err);

/* Records code and a printf-style message in *err (if not NULL) and returns code,
 * so that callers can write `return rl_err_set(err, RL_EINVAL, "...")`. */
int rl_err_set(struct rl_err *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Sets the location fields; file and field may be NULL. Returns err->code. */
int rl_err_at(struct rl_err *err, const char *file, long line, const char *field);

/* Copies s[0..len) into out (cap bytes, NUL-terminated) for quoting in a
 * message: control bytes become '?' (a message holds no newline), and input
 * longer than RL_ERR_QUOTE_MAX bytes is cut on a UTF-8 character boundary
 * and marked with "...". */
#define RL_ERR_QUOTE_MAX 80
void rl_err_quote(char *out, size_t cap, const char *s, size_t len);

/* Short English name of a status ("invalid input", ...). Never NULL. */
const char *rl_status_str(int status);

#endif
