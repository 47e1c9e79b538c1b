/* libFuzzer target for the CSV reader (relance/formats/csv.h): reads the input
 * with the separator detected, ',' and ';', to the end or the first fatal
 * error, and aborts when an invariant of the contract breaks: every call
 * consumes input, records start after the previous one ended, fields are
 * NUL-terminated, within the caps and valid UTF-8 (checked here by a decoder of
 * its own), and writing a record back with rl_csv_write_field then reading it
 * again gives the same fields. Built and run by fuzz/run.sh. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "relance/core/buf.h"
#include "relance/core/limits.h"
#include "relance/formats/csv.h"

#define CHECK(cond)                                                                                \
	do {                                                                                       \
		if (!(cond))                                                                       \
			abort();                                                                   \
	} while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Decodes instead of range-checking, unlike the reader, so that the two
 * implementations check each other. */
static int valid_utf8(const unsigned char *s, size_t n)
{
	size_t i = 0, k, need;
	uint32_t cp, min;

	while (i < n) {
		if (s[i] == 0)
			return 0;
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		if ((s[i] & 0xE0) == 0xC0) {
			need = 1, cp = s[i] & 0x1F, min = 0x80;
		} else if ((s[i] & 0xF0) == 0xE0) {
			need = 2, cp = s[i] & 0x0F, min = 0x800;
		} else if ((s[i] & 0xF8) == 0xF0) {
			need = 3, cp = s[i] & 0x07, min = 0x10000;
		} else {
			return 0;
		}
		for (k = 1; k <= need; k++) {
			if (i + k >= n || (s[i + k] & 0xC0) != 0x80)
				return 0;
			cp = cp << 6 | (s[i + k] & 0x3F);
		}
		if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return 0;
		i += need + 1;
	}
	return 1;
}

/* Appends rec to canon in an unambiguous form: field lengths, then bytes. */
static void canonical(struct rl_buf *canon, const struct rl_csv_record *rec)
{
	size_t i;

	CHECK(rl_buf_addf(canon, "%zu:", rec->nfields) == 0);
	for (i = 0; i < rec->nfields; i++) {
		CHECK(rl_buf_addf(canon, "%zu:", rec->fields[i].len) == 0);
		CHECK(rl_buf_add(canon, rec->fields[i].ptr, rec->fields[i].len) == 0);
	}
}

/* Appends rec to out as one line written by rl_csv_write_field, and its
 * canonical form to canon; a lone empty field would be an empty line, which
 * the reader skips, so it is left out of both. */
static void write_back(struct rl_buf *out, struct rl_buf *canon, const struct rl_csv_record *rec,
		       char sep)
{
	size_t i;

	if (rec->nfields == 1 && rec->fields[0].len == 0)
		return;
	for (i = 0; i < rec->nfields; i++) {
		if (i)
			CHECK(rl_buf_addch(out, sep) == 0);
		CHECK(rl_csv_write_field(out, rec->fields[i].ptr, rec->fields[i].len, sep) == 0);
	}
	CHECK(rl_buf_addch(out, '\n') == 0);
	canonical(canon, rec);
}

/* Reading back what write_back() wrote gives the same records. */
static void read_back(const struct rl_buf *out, const struct rl_buf *canon, char sep)
{
	struct rl_buf again;
	struct rl_csv_record rec;
	struct rl_err err;
	rl_csv_reader *r;
	int rc;

	rl_buf_init(&again, RL_MAX_OUTPUT);
	CHECK(rl_csv_open_mem(&r, out->ptr, out->len, "again", sep, &err) == 0);
	while ((rc = rl_csv_next(r, &rec, &err)) == 1)
		canonical(&again, &rec);
	CHECK(rc == 0);
	CHECK(again.len == canon->len);
	CHECK(again.len == 0 || memcmp(again.ptr, canon->ptr, again.len) == 0);
	rl_csv_free(r);
	rl_buf_release(&again);
}

static void read_all(const uint8_t *data, size_t size, char sep)
{
	rl_csv_reader *r;
	struct rl_csv_record rec;
	struct rl_err err;
	struct rl_buf out, canon;
	uint64_t off = 0;
	long last_end = 0;
	size_t i, total;
	int rc;

	rl_buf_init(&out, RL_MAX_OUTPUT);
	rl_buf_init(&canon, RL_MAX_OUTPUT);
	CHECK(rl_csv_open_mem(&r, data, size, "fuzz.csv", sep, &err) == 0);
	for (;;) {
		rl_err_clear(&err);
		rc = rl_csv_next(r, &rec, &err);
		CHECK(rl_csv_offset(r) <= size);
		CHECK(sep == 0 || rl_csv_separator(r) == sep);
		CHECK(rl_csv_separator(r) == ',' || rl_csv_separator(r) == ';');
		if (rc == 0) {
			CHECK(rl_csv_offset(r) == size);
			CHECK(rl_csv_next(r, &rec, &err) == 0);
			break;
		}
		CHECK(rl_csv_offset(r) > off || rl_csv_fatal(r));
		off = rl_csv_offset(r);
		if (rc < 0) {
			CHECK(rc == RL_EINVAL);
			CHECK(err.code == rc && err.msg[0] && err.line > last_end);
			CHECK(strcmp(err.file, "fuzz.csv") == 0);
			CHECK(strncmp(err.field, "column ", 7) == 0);
			if (rl_csv_fatal(r)) {
				CHECK(rl_csv_next(r, &rec, &err) == rc);
				break;
			}
			continue;
		}
		CHECK(rc == 1);
		CHECK(rec.line > last_end && rec.end_line >= rec.line);
		last_end = rec.end_line;
		CHECK(rec.nfields >= 1 && rec.nfields <= RL_MAX_COLUMNS);
		total = rec.nfields - 1;
		for (i = 0; i < rec.nfields; i++) {
			const struct rl_csv_field *f = &rec.fields[i];

			CHECK(f->ptr != NULL && f->ptr[f->len] == '\0');
			CHECK(f->len <= RL_MAX_FIELD);
			CHECK(valid_utf8((const unsigned char *)f->ptr, f->len));
			total += f->len;
		}
		CHECK(total <= RL_MAX_RECORD);
		write_back(&out, &canon, &rec, rl_csv_separator(r));
	}
	read_back(&out, &canon, rl_csv_separator(r));
	rl_csv_free(r);
	rl_buf_release(&out);
	rl_buf_release(&canon);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	read_all(data, size, 0);
	read_all(data, size, ',');
	read_all(data, size, ';');
	return 0;
}
