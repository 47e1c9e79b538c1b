/* Streaming CSV reader and field writer: see relance/formats/csv.h for the
 * contract. The reader keeps one fixed read buffer (or borrows a memory block)
 * and assembles the current record, unquoted and NUL-separated, into one capped
 * buffer reused from record to record, so memory stays flat for any input.
 * Scanning is driven by two 256-entry byte-class tables (one outside quotes, one
 * inside) so that ordinary bytes are skipped by a tight loop and copied in
 * runs; UTF-8 is validated only for fields in which that loop saw a byte that is
 * not plain ASCII. Choices the RFC leaves open: a lone CR ends a record like LF
 * and CRLF; a quote inside an unquoted field (ab"c, 5" disk) is kept
 * literally, because hand-made exports are full of them and refusing them
 * would help nobody; a NUL byte is rejected like invalid UTF-8, since fields
 * are handed on as C strings. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "relance/core/buf.h"
#include "relance/core/limits.h"
#include "relance/formats/csv.h"

#define READ_SIZE (256 * 1024)

/* Byte classes of the scanning tables. */
enum {
	C_PLAIN = 0, /* part of the field: keep scanning */
	C_STOP = 1,  /* separator, quote or line end: the scanner must decide */
	C_WIDE = 2,  /* NUL or a byte >= 0x80: the field needs UTF-8 validation */
};

struct rl_csv_reader {
	const unsigned char *p;   /* next unread byte of the window */
	const unsigned char *end; /* end of the window */
	const unsigned char *win; /* start of the window */
	uint64_t win_off;         /* input offset of win[0] */
	unsigned char *rbuf;      /* owned read buffer of READ_SIZE; NULL over memory */
	int fd;                   /* -1 over memory */
	int eof;                  /* nothing more will come from fd */
	int started;              /* byte-order mark and separator handled */
	int fatal;                /* 0, or the status every later call returns */
	char sep;                 /* 0 until detected */
	long line;                /* physical line of *p, 1-based */
	char *name;               /* owned copy, for messages */
	struct rl_err fatal_err;  /* what the fatal error said, repeated on later calls */
	struct rl_buf rec;        /* the current record: fields separated by NULs */
	unsigned char ucls[256];  /* byte classes outside quotes */
	unsigned char qcls[256];  /* byte classes inside quotes */
	struct rl_csv_field fields[RL_MAX_COLUMNS];
};

static int new_reader(rl_csv_reader **out, const char *name, char sep, struct rl_err *err)
{
	rl_csv_reader *r;

	*out = NULL;
	if (sep != 0 && sep != ',' && sep != ';')
		return rl_err_set(err, RL_EINVAL, "separator must be ',' or ';'");
	r = calloc(1, sizeof(*r));
	if (!r)
		return rl_err_set(err, RL_ENOMEM, "out of memory");
	r->name = strdup(name ? name : "-");
	if (!r->name) {
		free(r);
		return rl_err_set(err, RL_ENOMEM, "out of memory");
	}
	r->fd = -1;
	r->sep = sep;
	r->line = 1;
	/* One byte over RL_MAX_RECORD for the NUL closing the last field: the NULs
	 * between fields stand for the separators, which count in the record. */
	rl_buf_init(&r->rec, RL_MAX_RECORD + 1);
	*out = r;
	return 0;
}

int rl_csv_open_fd(rl_csv_reader **out, int fd, const char *name, char sep, struct rl_err *err)
{
	rl_csv_reader *r;
	int rc;

	*out = NULL;
	rc = new_reader(&r, name, sep, err);
	if (rc)
		return rc;
	r->rbuf = malloc(READ_SIZE);
	if (!r->rbuf) {
		rl_csv_free(r);
		return rl_err_set(err, RL_ENOMEM, "out of memory");
	}
	r->fd = fd;
	r->p = r->end = r->win = r->rbuf;
	*out = r;
	return 0;
}

int rl_csv_open_mem(rl_csv_reader **out, const void *data, size_t len, const char *name, char sep,
		    struct rl_err *err)
{
	rl_csv_reader *r;
	int rc;

	*out = NULL;
	rc = new_reader(&r, name, sep, err);
	if (rc)
		return rc;
	/* A zero-length block may come with a NULL pointer; never do arithmetic on it. */
	r->win = data ? data : (const void *)"";
	r->p = r->win;
	r->end = r->win + (data ? len : 0);
	r->eof = 1;
	*out = r;
	return 0;
}

void rl_csv_free(rl_csv_reader *r)
{
	if (!r)
		return;
	rl_buf_release(&r->rec);
	free(r->rbuf);
	free(r->name);
	free(r);
}

int rl_csv_fatal(const rl_csv_reader *r)
{
	return r->fatal != 0;
}

char rl_csv_separator(const rl_csv_reader *r)
{
	return r->sep;
}

uint64_t rl_csv_offset(const rl_csv_reader *r)
{
	return r->win_off + (uint64_t)(r->p - r->win);
}

/* Records a fatal error: this call and every later one return it. */
static int set_fatal(rl_csv_reader *r, struct rl_err *err, int code, long line, const char *field,
		     const char *msg)
{
	rl_err_clear(&r->fatal_err);
	rl_err_set(&r->fatal_err, code, "%s", msg);
	rl_err_at(&r->fatal_err, r->name, line, field);
	r->fatal = code;
	if (err)
		*err = r->fatal_err;
	return code;
}

/* Reads into the free space after r->end. Returns the byte count, 0 at end of
 * input, or RL_EIO (fatal). */
static int read_more(rl_csv_reader *r, struct rl_err *err)
{
	unsigned char *at = (unsigned char *)r->end;
	size_t room = (size_t)(r->rbuf + READ_SIZE - at);
	ssize_t n;
	char msg[RL_ERR_MSG_MAX];

	if (r->eof || !room)
		return 0;
	do
		n = read(r->fd, at, room);
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		snprintf(msg, sizeof(msg), "cannot read: %s", strerror(errno));
		r->eof = 1;
		return set_fatal(r, err, RL_EIO, r->line, NULL, msg);
	}
	if (n == 0) {
		r->eof = 1;
		return 0;
	}
	r->end = at + n;
	return (int)n;
}

/* Called when the window is used up: starts a new one. Returns 1 when bytes
 * are available, 0 at end of input, or RL_EIO. */
static int refill(rl_csv_reader *r, struct rl_err *err)
{
	int n;

	if (r->p < r->end)
		return 1;
	if (r->eof)
		return 0;
	r->win_off += (uint64_t)(r->end - r->win);
	r->p = r->end = r->win = r->rbuf;
	n = read_more(r, err);
	return n < 0 ? n : n > 0;
}

static void build_tables(rl_csv_reader *r)
{
	int c;

	r->ucls[0] = r->qcls[0] = C_WIDE;
	for (c = 0x80; c < 256; c++)
		r->ucls[c] = r->qcls[c] = C_WIDE;
	r->ucls['\n'] = r->ucls['\r'] = C_STOP;
	r->ucls[(unsigned char)r->sep] = C_STOP;
	r->qcls['\n'] = r->qcls['\r'] = r->qcls['"'] = C_STOP;
}

/* Skips a byte-order mark and, when no separator was given, counts ',' and ';'
 * outside quotes in the first record that is not an empty line. Detection
 * looks at the first READ_SIZE bytes of input at most, from a descriptor or
 * from memory alike, so that both always agree. Quotes simply toggle here (the
 * parser is stricter), which is enough to keep quoted text out of the count. */
static int start(rl_csv_reader *r, struct rl_err *err)
{
	const unsigned char *s, *limit;
	size_t scanned = 0;
	long ncomma = 0, nsemi = 0;
	int inq = 0, lead = 1, rc;

	while (r->end - r->p < 3 && r->rbuf && !r->eof)
		if ((rc = read_more(r, err)) < 0)
			return rc;
	if (r->end - r->p >= 3 && r->p[0] == 0xEF && r->p[1] == 0xBB && r->p[2] == 0xBF)
		r->p += 3;
	if (!r->sep) {
		for (;;) {
			limit = r->end - r->win > READ_SIZE ? r->win + READ_SIZE : r->end;
			for (s = r->p + scanned; s < limit; s++) {
				if (*s == '"') {
					inq = !inq;
					lead = 0;
				} else if (inq) {
					continue;
				} else if (*s == '\n' || *s == '\r') {
					if (!lead)
						goto counted;
				} else {
					lead = 0;
					ncomma += *s == ',';
					nsemi += *s == ';';
				}
			}
			scanned = (size_t)(limit - r->p);
			if (r->eof || limit == r->win + READ_SIZE)
				break;
			if ((rc = read_more(r, err)) < 0)
				return rc;
		}
	counted:
		r->sep = nsemi > ncomma ? ';' : ',';
	}
	build_tables(r);
	r->started = 1;
	return 0;
}

/* Checks the rules of RFC 3629 section 4: no overlongs, no surrogates,
 * nothing above U+10FFFF, no truncated sequence. */
const char *rl_utf8_problem(const unsigned char *s, size_t n, size_t *at)
{
	size_t i = 0, k, need;
	unsigned c, lo, hi;

	while (i < n) {
		c = s[i];
		if (c < 0x80) {
			if (!c) {
				*at = i;
				return "field contains a NUL byte";
			}
			i++;
			continue;
		}
		*at = i;
		lo = 0x80;
		hi = 0xBF;
		if (c < 0xC0)
			return "invalid UTF-8: unexpected continuation byte";
		if (c < 0xC2)
			return "invalid UTF-8: overlong encoding";
		if (c < 0xE0) {
			need = 1;
		} else if (c < 0xF0) {
			need = 2;
			lo = c == 0xE0 ? 0xA0 : 0x80;
			hi = c == 0xED ? 0x9F : 0xBF;
		} else if (c < 0xF5) {
			need = 3;
			lo = c == 0xF0 ? 0x90 : 0x80;
			hi = c == 0xF4 ? 0x8F : 0xBF;
		} else {
			return c < 0xF8 ? "invalid UTF-8: code point above U+10FFFF"
					: "invalid UTF-8: byte that never appears in UTF-8";
		}
		for (k = 1; k <= need; k++) {
			if (i + k >= n || (s[i + k] & 0xC0) != 0x80)
				return "invalid UTF-8: truncated sequence";
			if (k == 1 && (s[i + 1] < lo || s[i + 1] > hi))
				return c == 0xED   ? "invalid UTF-8: surrogate code point"
				       : c == 0xF4 ? "invalid UTF-8: code point above U+10FFFF"
						   : "invalid UTF-8: overlong encoding";
		}
		i += need + 1;
	}
	return NULL;
}

/* Physical lines crossed in s[0..n): CRLF, LF and a lone CR each count once. */
static long count_lines(const unsigned char *s, size_t n)
{
	long lines = 0;
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] == '\n' || (s[i] == '\r' && (i + 1 == n || s[i + 1] != '\n')))
			lines++;
	return lines;
}

/* Records the first problem of a record; later ones are dropped because they
 * are usually consequences of the first. The record is then read to its end
 * without being kept, so that the next call starts on the next record. */
static void record_error(rl_csv_reader *r, struct rl_err *err, int *bad, int code, long line,
			 size_t col, const char *fmt, ...) __attribute__((format(printf, 7, 8)));

static void record_error(rl_csv_reader *r, struct rl_err *err, int *bad, int code, long line,
			 size_t col, const char *fmt, ...)
{
	char msg[RL_ERR_MSG_MAX], field[32];
	va_list ap;

	if (*bad)
		return;
	*bad = code;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(field, sizeof(field), "column %zu", col);
	rl_err_set(err, code, "%s", msg);
	rl_err_at(err, r->name, line, field);
}

/* Appends n bytes to field number col, which began at fstart on line fline,
 * unless the record is already bad; enforces the field and record caps. */
static inline void add(rl_csv_reader *r, struct rl_err *err, int *bad, const void *s, size_t n,
		       size_t fstart, size_t col, long fline)
{
	struct rl_buf *b = &r->rec;

	if (*bad || !n)
		return;
	if (b->len - fstart + n > RL_MAX_FIELD) {
		record_error(r, err, bad, RL_EINVAL, fline, col, "field longer than %d bytes",
			     RL_MAX_FIELD);
		return;
	}
	if (b->len + n > RL_MAX_RECORD) {
		record_error(r, err, bad, RL_EINVAL, fline, col, "record longer than %d bytes",
			     RL_MAX_RECORD);
		return;
	}
	/* The buffer keeps its allocation between records: after the first few
	 * records this is a plain copy. */
	if (b->len + n < b->cap) {
		memcpy(b->ptr + b->len, s, n);
		b->len += n;
		return;
	}
	if (rl_buf_add(b, s, n))
		record_error(r, err, bad, RL_ENOMEM, fline, col, "out of memory");
}

/* Closes field number col (see add()); wide says whether it may hold bytes
 * that are not plain ASCII. */
static void end_field(rl_csv_reader *r, struct rl_err *err, int *bad, size_t fstart, size_t col,
		      long fline, int wide)
{
	const unsigned char *f;
	const char *why;
	size_t len, at;

	if (*bad)
		return;
	len = r->rec.len - fstart;
	if (wide) {
		f = (const unsigned char *)r->rec.ptr + fstart;
		why = rl_utf8_problem(f, len, &at);
		if (why) {
			record_error(r, err, bad, RL_EINVAL, fline + count_lines(f, at), col,
				     "%s (byte %zu of the field)", why, at + 1);
			return;
		}
	}
	/* The NUL closing the previous field stood for a separator: if that one
	 * took the record over its cap, this field is the proof. */
	if (r->rec.len > RL_MAX_RECORD) {
		record_error(r, err, bad, RL_EINVAL, fline, col, "record longer than %d bytes",
			     RL_MAX_RECORD);
		return;
	}
	if (r->rec.len + 1 < r->rec.cap)
		r->rec.ptr[r->rec.len++] = '\0';
	else if (rl_buf_addch(&r->rec, '\0')) {
		record_error(r, err, bad, RL_ENOMEM, fline, col, "out of memory");
		return;
	}
	r->fields[col - 1].len = len;
}

/* Describes byte c for a message: 'c' when printable, byte 0xNN otherwise. */
static void describe_byte(char *out, size_t cap, unsigned char c)
{
	if (c >= 0x20 && c < 0x7F && c != '\'')
		snprintf(out, cap, "'%c'", c);
	else
		snprintf(out, cap, "byte 0x%02x", c);
}

int rl_csv_next(rl_csv_reader *r, struct rl_csv_record *rec, struct rl_err *err)
{
	const unsigned char *p, *end, *q;
	const unsigned char *ucls, *qcls;
	unsigned char sep, c;
	size_t nf = 0, fstart = 0, i;
	long line, fline, qline, rec_line;
	int bad = 0, wide, rc;
	char what[16], msg[RL_ERR_MSG_MAX], field[32];
	char *base;

	if (r->fatal) {
		if (err)
			*err = r->fatal_err;
		return r->fatal;
	}
	if (!r->started && (rc = start(r, err)) < 0)
		return rc;
	ucls = r->ucls;
	qcls = r->qcls;
	sep = (unsigned char)r->sep;
	rl_buf_reset(&r->rec);

	/* Entirely empty lines are skipped; the record starts at the first other byte. */
	line = r->line;
	for (;;) {
		if (r->p == r->end) {
			rc = refill(r, err);
			if (rc <= 0) {
				r->line = line;
				return rc;
			}
		}
		c = *r->p;
		if (c != '\n' && c != '\r')
			break;
		r->p++;
		line++;
		if (c == '\r') {
			if (r->p == r->end && (rc = refill(r, err)) < 0)
				return rc;
			if (r->p < r->end && *r->p == '\n')
				r->p++;
		}
	}
	rec_line = line;
	p = r->p;
	end = r->end;

next_field:
	fstart = r->rec.len;
	fline = line;
	wide = 0;
	if (nf == RL_MAX_COLUMNS)
		record_error(r, err, &bad, RL_EINVAL, line, nf + 1, "more than %d columns",
			     RL_MAX_COLUMNS);
	nf++;
	if (p == end) {
		r->p = p;
		rc = refill(r, err);
		if (rc < 0)
			return rc;
		p = r->p;
		end = r->end;
		if (!rc)
			goto end_last_field; /* a separator ended the input */
	}
	if (*p != '"')
		goto unquoted;

	/* Quoted field: runs up to the next quote, which either doubles (a literal
	 * quote) or closes the field. */
	qline = line;
	p++;
	for (;;) {
		q = p;
		for (;;) {
			while (q < end && !qcls[*q])
				q++;
			if (q < end && qcls[*q] == C_WIDE) {
				wide = 1;
				q++;
				continue;
			}
			break;
		}
		add(r, err, &bad, p, (size_t)(q - p), fstart, nf, fline);
		p = q;
		if (p == end) {
			r->p = p;
			rc = refill(r, err);
			if (rc < 0)
				return rc;
			p = r->p;
			end = r->end;
			if (!rc) {
				snprintf(field, sizeof(field), "column %zu", nf);
				snprintf(
					msg, sizeof(msg),
					"unterminated quoted field (opened on line %ld, still open "
					"at end of input)",
					qline);
				return set_fatal(r, err, RL_EINVAL, qline, field, msg);
			}
			continue;
		}
		c = *p++;
		if (c == '\n' || c == '\r') {
			add(r, err, &bad, &c, 1, fstart, nf, fline);
			line++;
			if (c == '\r') {
				if (p == end) {
					r->p = p;
					if ((rc = refill(r, err)) < 0)
						return rc;
					p = r->p;
					end = r->end;
				}
				if (p < end && *p == '\n') {
					add(r, err, &bad, p, 1, fstart, nf, fline);
					p++;
				}
			}
			continue;
		}
		/* c is a quote: doubled, or the closing one. */
		if (p == end) {
			r->p = p;
			rc = refill(r, err);
			if (rc < 0)
				return rc;
			p = r->p;
			end = r->end;
			if (!rc)
				goto end_last_field;
		}
		if (*p != '"')
			break;
		add(r, err, &bad, p, 1, fstart, nf, fline);
		p++;
	}
	c = *p;
	if (c == sep || c == '\n' || c == '\r')
		goto field_done;
	describe_byte(what, sizeof(what), c);
	record_error(r, err, &bad, RL_EINVAL, line, nf, "unexpected %s after closing quote", what);
	/* Resynchronise by reading the rest of the record as usual: a later
	 * quoted field may still hold separators or line ends. */

unquoted:
	for (;;) {
		q = p;
		for (;;) {
			while (q < end && !ucls[*q])
				q++;
			if (q < end && ucls[*q] == C_WIDE) {
				wide = 1;
				q++;
				continue;
			}
			break;
		}
		add(r, err, &bad, p, (size_t)(q - p), fstart, nf, fline);
		p = q;
		if (p < end)
			break;
		r->p = p;
		rc = refill(r, err);
		if (rc < 0)
			return rc;
		p = r->p;
		end = r->end;
		if (!rc)
			goto end_last_field;
	}
	c = *p;

field_done:
	end_field(r, err, &bad, fstart, nf, fline, wide);
	p++;
	if (c == sep)
		goto next_field;
	/* A line end closes the record; CRLF is one line end even across windows. */
	if (c == '\r') {
		if (p == end) {
			r->p = p;
			if ((rc = refill(r, err)) < 0)
				return rc;
			p = r->p;
			end = r->end;
		}
		if (p < end && *p == '\n')
			p++;
	}
	r->p = p;
	r->line = line + 1;
	goto out;

end_last_field:
	end_field(r, err, &bad, fstart, nf, fline, wide);
	r->p = p;
	r->line = line;

out:
	if (bad)
		return bad;
	base = r->rec.ptr;
	for (i = 0; i < nf; i++) {
		r->fields[i].ptr = base;
		base += r->fields[i].len + 1;
	}
	rec->fields = r->fields;
	rec->nfields = nf;
	rec->line = rec_line;
	rec->end_line = line;
	return 1;
}

int rl_csv_write_field(struct rl_buf *out, const char *s, size_t len, char sep)
{
	size_t i, quotes = 0, need;
	int quote = 0;
	const char *q, *stop;

	for (i = 0; i < len; i++) {
		if (s[i] == '"')
			quotes++;
		else if (s[i] == sep || s[i] == '\r' || s[i] == '\n')
			quote = 1;
	}
	if (quotes ||
	    (len && (s[0] == ' ' || s[0] == '\t' || s[len - 1] == ' ' || s[len - 1] == '\t')))
		quote = 1;
	/* A leading U+FEFF would be taken for a byte-order mark when the field
	 * opens the file. */
	if (len >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3))
		quote = 1;
	if (!quote)
		return rl_buf_add(out, s, len);
	/* All or nothing: check the cap before writing a byte. */
	need = len + quotes + 2;
	if (need < len || need > out->max || out->len > out->max - need)
		return RL_ENOMEM;
	if (rl_buf_addch(out, '"'))
		return RL_ENOMEM;
	for (q = s, stop = s + len; q < stop;) {
		const char *dq = memchr(q, '"', (size_t)(stop - q));
		size_t run = dq ? (size_t)(dq - q) + 1 : (size_t)(stop - q);

		if (rl_buf_add(out, q, run) || (dq && rl_buf_addch(out, '"')))
			return RL_ENOMEM;
		q += run;
	}
	return rl_buf_addch(out, '"');
}
