/* Streaming RFC 4180 reader: quotes, doubled quotes, separators and newlines
 * inside quoted fields, CRLF or LF line ends, an optional UTF-8 byte-order mark,
 * ',' or ';' as separator (detected from the first record when not given).
 *
 * Memory stays flat whatever the file size: one read buffer plus the current
 * record (capped by RL_MAX_RECORD / RL_MAX_FIELD / RL_MAX_COLUMNS from
 * limits.h). Every field is checked to be valid UTF-8. */
#ifndef RELANCE_FORMATS_CSV_H
#define RELANCE_FORMATS_CSV_H

#include <stddef.h>
#include <stdint.h>

#include "relance/core/status.h"

typedef struct rl_csv_reader rl_csv_reader;

struct rl_csv_field {
	const char *ptr; /* borrowed: valid until the next rl_csv_next() or free;
	                    NUL-terminated, quotes removed, "" unescaped */
	size_t len;
};

struct rl_csv_record {
	struct rl_csv_field *fields; /* borrowed, same lifetime as ptr above */
	size_t nfields;
	long line;     /* physical line (1-based) where the record starts */
	long end_line; /* physical line where it ends (differs with embedded newlines) */
};

/* Why s[0..n) is not acceptable text, or NULL if it is valid UTF-8 without
 * NUL; *at gets the offset of the offending sequence. */
const char *rl_utf8_problem(const unsigned char *s, size_t n, size_t *at);

/* Reads from fd (not closed by the reader). name is used in messages (copied).
 * sep is ',' or ';', or 0 to detect it from the first record: whichever of the
 * two appears more often outside quotes, ',' on a tie. Returns 0 or RL_ENOMEM. */
int rl_csv_open_fd(rl_csv_reader **out, int fd, const char *name, char sep, struct rl_err *err);
/* Same over a memory block (borrowed: must outlive the reader). */
int rl_csv_open_mem(rl_csv_reader **out, const void *data, size_t len, const char *name, char sep,
		    struct rl_err *err);
void rl_csv_free(rl_csv_reader *r); /* NULL is a no-op */

/* Reads the next record.
 * Returns 1 and fills *rec; 0 at end of input; or a negative status with err
 * naming file, line and (for encoding problems) the 1-based column number in
 * err->field as "column N":
 *   RL_EINVAL for a malformed record: a character after a closing quote,
 *     invalid UTF-8, a record or field over its cap. The reader has skipped
 *     to the end of that record; calling again continues with the next one.
 *   RL_EINVAL with rl_csv_fatal() true for an unterminated quoted field
 *     (reported at the line where the field opened); nothing more can be read.
 *   RL_EIO for a read error (fatal too).
 * Lines that are entirely empty (no characters at all) are skipped. */
int rl_csv_next(rl_csv_reader *r, struct rl_csv_record *rec, struct rl_err *err);

/* True once the reader cannot continue (after a fatal error). */
int rl_csv_fatal(const rl_csv_reader *r);
/* The separator in use (after detection: known once the first record is read). */
char rl_csv_separator(const rl_csv_reader *r);
/* Bytes consumed so far, for progress reports. */
uint64_t rl_csv_offset(const rl_csv_reader *r);

/* Writes one field to out, quoted if it holds sep, a quote, CR or LF, or
 * starts/ends with a blank (RFC 4180). Returns 0 or RL_ENOMEM (buffer cap). */
struct rl_buf;
int rl_csv_write_field(struct rl_buf *out, const char *s, size_t len, char sep);

#endif
