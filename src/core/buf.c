/* Growable capped buffer: see relance/core/buf.h. Allocation happens only
 * when the caller appends, never behind its back. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#include "relance/core/buf.h"

void rl_buf_init(struct rl_buf *b, size_t max)
{
	b->ptr = NULL;
	b->len = 0;
	b->cap = 0;
	b->max = max;
}

void rl_buf_release(struct rl_buf *b)
{
	free(b->ptr);
	rl_buf_init(b, b->max);
}

void rl_buf_reset(struct rl_buf *b)
{
	b->len = 0;
	if (b->ptr)
		b->ptr[0] = '\0';
}

/* Makes room for extra more bytes plus the NUL. */
static int grow(struct rl_buf *b, size_t extra)
{
	size_t need, ncap;
	char *p;

	if (extra > b->max || b->len > b->max - extra)
		return RL_ENOMEM;
	need = b->len + extra + 1;
	if (need <= b->cap)
		return 0;
	ncap = b->cap ? b->cap : 64;
	while (ncap < need)
		ncap = ncap > SIZE_MAX / 2 ? need : ncap * 2;
	if (ncap > b->max + 1)
		ncap = b->max + 1;
	p = realloc(b->ptr, ncap);
	if (!p)
		return RL_ENOMEM;
	b->ptr = p;
	b->cap = ncap;
	return 0;
}

int rl_buf_add(struct rl_buf *b, const void *data, size_t len)
{
	if (grow(b, len))
		return RL_ENOMEM;
	if (len)
		memcpy(b->ptr + b->len, data, len);
	b->len += len;
	b->ptr[b->len] = '\0';
	return 0;
}

int rl_buf_addstr(struct rl_buf *b, const char *s)
{
	return rl_buf_add(b, s, strlen(s));
}

int rl_buf_addch(struct rl_buf *b, char c)
{
	return rl_buf_add(b, &c, 1);
}

int rl_buf_vaddf(struct rl_buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0 || grow(b, (size_t)n))
		return RL_ENOMEM;
	vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return 0;
}

int rl_buf_addf(struct rl_buf *b, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = rl_buf_vaddf(b, fmt, ap);
	va_end(ap);
	return rc;
}

char *rl_buf_detach(struct rl_buf *b, size_t *len)
{
	char *p = b->ptr;

	if (!p) {
		p = calloc(1, 1);
	}
	if (len)
		*len = b->len;
	rl_buf_init(b, b->max);
	return p;
}
