/* A growable byte buffer with a mandatory size cap (curl's dynbuf).
 *
 * The buffer always keeps a NUL after its contents, so b->ptr can be used as
 * a C string when the contents hold no NUL. Appends fail with RL_ENOMEM once
 * the length would pass the cap, leaving the contents as they were. */
#ifndef RELANCE_CORE_BUF_H
#define RELANCE_CORE_BUF_H

#include <stddef.h>
#include <stdarg.h>

#include "relance/core/status.h"
#include "relance/core/limits.h"

struct rl_buf {
	char *ptr;  /* owned; NULL until the first append */
	size_t len; /* bytes used, excluding the trailing NUL */
	size_t cap; /* bytes allocated */
	size_t max; /* the cap: len never exceeds it */
};

/* Prepares an empty buffer that may grow to max bytes. Allocates nothing. */
void rl_buf_init(struct rl_buf *b, size_t max);
/* Frees what b holds and leaves it empty (reusable). */
void rl_buf_release(struct rl_buf *b);
/* Empties b, keeping its allocation. */
void rl_buf_reset(struct rl_buf *b);
int rl_buf_add(struct rl_buf *b, const void *data, size_t len);
int rl_buf_addstr(struct rl_buf *b, const char *s);
int rl_buf_addch(struct rl_buf *b, char c);
int rl_buf_addf(struct rl_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int rl_buf_vaddf(struct rl_buf *b, const char *fmt, va_list ap);
/* Hands the contents to the caller (free() them) and leaves b empty. */
char *rl_buf_detach(struct rl_buf *b, size_t *len);

#endif
