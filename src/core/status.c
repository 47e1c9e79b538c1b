/* Error records: see relance/core/status.h. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "relance/core/status.h"

void rl_err_clear(struct rl_err *err)
{
	/* Called once per imported row: reset the fields, not the whole buffers. */
	if (!err)
		return;
	err->code = 0;
	err->msg[0] = '\0';
	err->file[0] = '\0';
	err->line = 0;
	err->field[0] = '\0';
}

int rl_err_set(struct rl_err *err, int code, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return code;
	err->code = code;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return code;
}

static void copy_bounded(char *dst, size_t cap, const char *src)
{
	size_t n = src ? strlen(src) : 0;

	if (n >= cap)
		n = cap - 1;
	if (n)
		memcpy(dst, src, n);
	dst[n] = '\0';
}

int rl_err_at(struct rl_err *err, const char *file, long line, const char *field)
{
	if (!err)
		return RL_EINVAL;
	if (file)
		copy_bounded(err->file, sizeof(err->file), file);
	err->line = line;
	if (field)
		copy_bounded(err->field, sizeof(err->field), field);
	return err->code;
}

const char *rl_status_str(int status)
{
	switch (status) {
	case RL_OK:
		return "ok";
	case RL_EINVAL:
		return "invalid input";
	case RL_ERANGE:
		return "out of range";
	case RL_ENOMEM:
		return "out of memory or over a size limit";
	case RL_EIO:
		return "input/output error";
	case RL_ENOTFOUND:
		return "not found";
	case RL_ECONFLICT:
		return "conflict";
	case RL_EUSAGE:
		return "usage error";
	case RL_EBUSY:
		return "busy";
	}
	return "unknown error";
}

void rl_err_quote(char *out, size_t cap, const char *s, size_t len)
{
	size_t n = len, o = 0;
	int cut = 0;

	if (cap == 0)
		return;
	if (n > RL_ERR_QUOTE_MAX) {
		n = RL_ERR_QUOTE_MAX;
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
		cut = 1;
	}
	for (size_t i = 0; i < n && o + 4 < cap; i++) {
		unsigned char c = (unsigned char)s[i];

		out[o++] = (c < 0x20 || c == 0x7f) ? '?' : (char)c;
	}
	if (cut && o + 4 < cap) {
		memcpy(out + o, "...", 3);
		o += 3;
	}
	out[o] = '\0';
}
