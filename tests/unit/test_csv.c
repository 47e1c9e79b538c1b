/* Unit tests of the streaming CSV reader and field writer (relance/formats/csv.h).
 * Most tests are tables: an input, and the transcript of what the reader
 * returns for it, one line per call, rendered by transcript() below:
 *   "L-E [f1][f2]"     a record from line L to line E with its fields
 *                      (CR and LF inside fields shown as \r and \n)
 *   "!L column N: msg" a recoverable error
 *   "!!L column N: msg" a fatal error, after which the transcript stops
 * Reading from a file descriptor (a pipe with tiny writes, a temporary file
 * with records across the 256 KiB read buffer) must give the same transcript as
 * reading from memory. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "relance/core/buf.h"
#include "relance/core/limits.h"
#include "relance/formats/csv.h"

/* One row of a table: input (len 0 means strlen), separator, transcript. */
struct csv_case {
	const char *in;
	size_t len;
	char sep;
	const char *want;
};

static void add_escaped(struct rl_buf *b, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (s[i] == '\n')
			assert_int_equal(rl_buf_addstr(b, "\\n"), 0);
		else if (s[i] == '\r')
			assert_int_equal(rl_buf_addstr(b, "\\r"), 0);
		else
			assert_int_equal(rl_buf_addch(b, s[i]), 0);
	}
}

/* Reads r to the end and returns the transcript (free() it); also checks the
 * invariants every record must keep. */
static char *transcript(rl_csv_reader *r)
{
	struct rl_buf b;
	struct rl_csv_record rec;
	struct rl_err err;
	long last = 0;
	size_t i;
	int rc;

	rl_buf_init(&b, RL_MAX_OUTPUT);
	for (;;) {
		rl_err_clear(&err);
		rc = rl_csv_next(r, &rec, &err);
		if (rc == 0)
			break;
		if (rc < 0) {
			assert_int_equal(rc, err.code);
			assert_int_equal(rl_buf_addf(&b, "%s%ld %s: %s\n",
						     rl_csv_fatal(r) ? "!!" : "!", err.line,
						     err.field, err.msg),
					 0);
			if (rl_csv_fatal(r))
				break;
			continue;
		}
		assert_true(rec.nfields >= 1);
		assert_true(rec.line > last);
		assert_true(rec.end_line >= rec.line);
		last = rec.end_line;
		assert_int_equal(rl_buf_addf(&b, "%ld-%ld ", rec.line, rec.end_line), 0);
		for (i = 0; i < rec.nfields; i++) {
			assert_int_equal(rec.fields[i].ptr[rec.fields[i].len], '\0');
			assert_int_equal(rl_buf_addch(&b, '['), 0);
			add_escaped(&b, rec.fields[i].ptr, rec.fields[i].len);
			assert_int_equal(rl_buf_addch(&b, ']'), 0);
		}
		assert_int_equal(rl_buf_addch(&b, '\n'), 0);
	}
	return rl_buf_detach(&b, NULL);
}

static char *transcript_mem(const char *in, size_t len, char sep)
{
	rl_csv_reader *r;
	struct rl_err err;
	char *t;

	assert_int_equal(rl_csv_open_mem(&r, in, len, "t.csv", sep, &err), 0);
	t = transcript(r);
	assert_int_equal(rl_csv_offset(r), rl_csv_fatal(r) ? rl_csv_offset(r) : len);
	rl_csv_free(r);
	return t;
}

static void run_cases(const struct csv_case *cases, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		size_t len = cases[i].len ? cases[i].len : strlen(cases[i].in);
		char *got = transcript_mem(cases[i].in, len, cases[i].sep);

		if (strcmp(got, cases[i].want) != 0)
			fail_msg("case %zu: input '%s'\nwant:\n%sgot:\n%s", i, cases[i].in,
				 cases[i].want, got);
		free(got);
	}
}

#define BOM "\xEF\xBB\xBF"

#define RUN(cases) run_cases(cases, sizeof(cases) / sizeof(cases[0]))

static void quoted_separator_and_newline_stay_in_field(void **state)
{
	static const struct csv_case cases[] = {
		{ "\"a,b\",c\n", 0, ',', "1-1 [a,b][c]\n" },
		{ "\"a;b\";c\n", 0, ';', "1-1 [a;b][c]\n" },
		{ "\"x\ny\",z\nw\n", 0, ',', "1-2 [x\\ny][z]\n3-3 [w]\n" },
		{ "\"x\r\ny\";z\r\n", 0, ';', "1-2 [x\\r\\ny][z]\n" },
		{ "\"x\ry\",z\n", 0, ',', "1-2 [x\\ry][z]\n" },
		{ "a,\"\n\",b\n", 0, ',', "1-2 [a][\\n][b]\n" },
		{ "\"a,b\";c\n", 0, ';', "1-1 [a,b][c]\n" },
	};
	RUN(cases);
}

static void doubled_quote_unescapes(void **state)
{
	static const struct csv_case cases[] = {
		{ "\"a\"\"b\"\n", 0, ',', "1-1 [a\"b]\n" },
		{ "\"\"\"\"\n", 0, ',', "1-1 [\"]\n" },
		{ "\"\"\n", 0, ',', "1-1 []\n" },
		{ "\"\",\"\"\n", 0, ',', "1-1 [][]\n" },
		{ "\"say \"\"hi\"\"\",x", 0, ',', "1-1 [say \"hi\"][x]\n" },
		{ "\"\"\"a,b\"\"\"", 0, ',', "1-1 [\"a,b\"]\n" },
	};
	RUN(cases);
}

static void crlf_and_lf_both_end_records(void **state)
{
	static const struct csv_case cases[] = {
		{ "a\r\nb\nc\rd\n", 0, ',', "1-1 [a]\n2-2 [b]\n3-3 [c]\n4-4 [d]\n" },
		{ "a,b\r\nc,d\r\n", 0, ',', "1-1 [a][b]\n2-2 [c][d]\n" },
		{ "\"a\"\r\n\"b\"\r", 0, ',', "1-1 [a]\n2-2 [b]\n" },
		/* LF CR is two line ends, the second one an empty line. */
		{ "a\n\rb\n", 0, ',', "1-1 [a]\n3-3 [b]\n" },
	};
	RUN(cases);
}

static void bom_is_skipped(void **state)
{
	static const struct csv_case cases[] = {
		{ BOM "a,b\n", 0, ',', "1-1 [a][b]\n" },
		{ BOM "\"a\",b\n", 0, 0, "1-1 [a][b]\n" },
		{ BOM "a;b\n", 0, 0, "1-1 [a][b]\n" },
		/* Only at the very start: later it is an ordinary character. */
		{ "a\n" BOM "b\n", 0, ',', "1-1 [a]\n2-2 [" BOM "b]\n" },
		{ BOM BOM "a\n", 0, ',', "1-1 [" BOM "a]\n" },
	};
	RUN(cases);
}

static void semicolon_detected_from_header(void **state)
{
	static const struct {
		const char *in;
		char sep;
	} cases[] = {
		{ "number;customer;amount\n1;2;3,50\n", ';' },
		{ "number,customer,amount\n1,2,\"3,50\"\n", ',' },
		{ "a,b;c\n", ',' }, /* tie */
		{ "a;b,c;d\n", ';' },
		{ "\"a;b;c\",d\n", ',' }, /* quoted text does not count */
		{ "\n\r\na;b\n", ';' },   /* empty lines before the header */
		{ BOM "a;b\n", ';' },
		{ "single\n", ',' },
		{ "", ',' },
		{ "\"a\nb;c;d\",e\n", ',' }, /* newline in quotes does not end it */
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		rl_csv_reader *r;
		struct rl_csv_record rec;
		struct rl_err err;

		assert_int_equal(
			rl_csv_open_mem(&r, cases[i].in, strlen(cases[i].in), "t.csv", 0, &err), 0);
		assert_int_equal(rl_csv_separator(r), 0);
		assert_true(rl_csv_next(r, &rec, &err) >= 0);
		if (rl_csv_separator(r) != cases[i].sep)
			fail_msg("case %zu: want '%c', got '%c'", i, cases[i].sep,
				 rl_csv_separator(r));
		rl_csv_free(r);
	}

	/* The rest of the file keeps the detected separator. */
	static const struct csv_case rest[] = {
		{ "a;b\n1,5;2\n", 0, 0, "1-1 [a][b]\n2-2 [1,5][2]\n" },
		{ "a,b\n1;5,2\n", 0, 0, "1-1 [a][b]\n2-2 [1;5][2]\n" },
		/* A given separator wins over what the header suggests. */
		{ "a,b,c;d\n", 0, ';', "1-1 [a,b,c][d]\n" },
	};
	RUN(rest);
}

static void empty_lines_skipped(void **state)
{
	static const struct csv_case cases[] = {
		{ "a\n\n\nb\n", 0, ',', "1-1 [a]\n4-4 [b]\n" },
		{ "\r\n\r\na\r\n\r\n", 0, ',', "3-3 [a]\n" },
		{ "\n\n\n", 0, ',', "" },
		{ "\r\r\ra", 0, ',', "4-4 [a]\n" },
		/* Not empty: a blank, a lone separator, an empty quoted field. */
		{ " \n", 0, ',', "1-1 [ ]\n" },
		{ ",\n", 0, ',', "1-1 [][]\n" },
		{ "\"\"\n", 0, ',', "1-1 []\n" },
	};
	RUN(cases);
}

static void line_numbers_count_embedded_newlines(void **state)
{
	static const struct csv_case cases[] = {
		{ "a,\"x\ny\nz\"\nb\n", 0, ',', "1-3 [a][x\\ny\\nz]\n4-4 [b]\n" },
		{ "\"x\r\n\r\ny\"\r\nb\r\n", 0, ',', "1-3 [x\\r\\n\\r\\ny]\n4-4 [b]\n" },
		{ "\"x\r\ry\"\nb\n", 0, ',', "1-3 [x\\r\\ry]\n4-4 [b]\n" },
		{ "\n\"a\n\"\n\n\"b\n\n\"", 0, ',', "2-3 [a\\n]\n5-7 [b\\n\\n]\n" },
	};
	RUN(cases);
}

static void unterminated_quote_is_fatal_at_opening_line(void **state)
{
#define OPEN(n) "unterminated quoted field (opened on line " #n ", still open at end of input)\n"
	static const struct csv_case cases[] = {
		{ "a\nb,\"c\nd\ne\n", 0, ',', "1-1 [a]\n!!2 column 2: " OPEN(2) },
		{ "\"", 0, ',', "!!1 column 1: " OPEN(1) },
		{ "x\n\n\"ab\"\"", 0, ',', "1-1 [x]\n!!3 column 1: " OPEN(3) },
		/* Already in error (junk after a quote): the open quote still wins. */
		{ "\"a\"b,\"c\n", 0, ',', "!!1 column 2: " OPEN(1) },
	};
#undef OPEN
	rl_csv_reader *r;
	struct rl_csv_record rec;
	struct rl_err err;
	const char *in = "a\n\"b\n";

	RUN(cases);

	/* Fatal means every later call fails the same way. */
	assert_int_equal(rl_csv_open_mem(&r, in, strlen(in), "f.csv", ',', &err), 0);
	assert_int_equal(rl_csv_next(r, &rec, &err), 1);
	assert_false(rl_csv_fatal(r));
	assert_int_equal(rl_csv_next(r, &rec, &err), RL_EINVAL);
	assert_true(rl_csv_fatal(r));
	rl_err_clear(&err);
	assert_int_equal(rl_csv_next(r, &rec, &err), RL_EINVAL);
	assert_string_equal(err.file, "f.csv");
	assert_int_equal(err.line, 2);
	assert_string_equal(err.field, "column 1");
	rl_csv_free(r);
}

static void junk_after_closing_quote_recovers_at_next_record(void **state)
{
	static const struct csv_case cases[] = {
		{ "\"ab\"c,d\ne\n", 0, ',',
		  "!1 column 1: unexpected 'c' after closing quote\n2-2 [e]\n" },
		/* Resynchronising respects the quotes that follow. */
		{ "\"ab\"x,\"p\nq,r\",s\nt\n", 0, ',',
		  "!1 column 1: unexpected 'x' after closing quote\n3-3 [t]\n" },
		{ "a,\"b\" ,c\nd\n", 0, ',',
		  "!1 column 2: unexpected ' ' after closing quote\n2-2 [d]\n" },
		{ "a;\"b\"\xC3\xA9\nd\n", 0, ';',
		  "!1 column 2: unexpected byte 0xc3 after closing quote\n2-2 [d]\n" },
		{ "\"a\n\"'\nd", 0, ',',
		  "!2 column 1: unexpected byte 0x27 after closing quote\n3-3 [d]\n" },
		/* The junk record is the last one. */
		{ "ok\n\"a\"b", 0, ',',
		  "1-1 [ok]\n!2 column 1: unexpected 'b' after closing quote\n" },
	};
	RUN(cases);
}

static void invalid_utf8_names_column(void **state)
{
	/* Each field goes into column 2 of a record, bare then quoted. */
	static const struct {
		const char *field;
		size_t len; /* 0: strlen */
		const char *msg;
	} cases[] = {
		{ "\xC0\x80", 0, "invalid UTF-8: overlong encoding (byte 1 of the field)" },
		{ "x\xC1\xBF", 0, "invalid UTF-8: overlong encoding (byte 2 of the field)" },
		{ "\xE0\x80\xAF", 0, "invalid UTF-8: overlong encoding (byte 1 of the field)" },
		{ "\xF0\x8F\xBF\xBF", 0, "invalid UTF-8: overlong encoding (byte 1 of the field)" },
		{ "\xED\xA0\x80", 0, "invalid UTF-8: surrogate code point (byte 1 of the field)" },
		{ "\xED\xBF\xBF", 0, "invalid UTF-8: surrogate code point (byte 1 of the field)" },
		{ "\xF4\x90\x80\x80", 0,
		  "invalid UTF-8: code point above U+10FFFF (byte 1 of the field)" },
		{ "\xF5\x80\x80\x80", 0,
		  "invalid UTF-8: code point above U+10FFFF (byte 1 of the field)" },
		{ "ab\xC3", 0, "invalid UTF-8: truncated sequence (byte 3 of the field)" },
		{ "\xE2\x82", 0, "invalid UTF-8: truncated sequence (byte 1 of the field)" },
		{ "\xF0\x9D\x84", 0, "invalid UTF-8: truncated sequence (byte 1 of the field)" },
		{ "\303a", 0, "invalid UTF-8: truncated sequence (byte 1 of the field)" },
		{ "\xE9t\xE9", 0, "invalid UTF-8: truncated sequence (byte 1 of the field)" },
		{ "\x80", 0, "invalid UTF-8: unexpected continuation byte (byte 1 of the field)" },
		{ "\xC3\xA9\xA9", 0,
		  "invalid UTF-8: unexpected continuation byte (byte 3 of the field)" },
		{ "\xFF", 0,
		  "invalid UTF-8: byte that never appears in UTF-8 (byte 1 of the field)" },
		{ "b\0c", 3, "field contains a NUL byte (byte 2 of the field)" },
	};
	static const struct csv_case more[] = {
		/* In a quoted field the line is the one holding the bad byte. */
		{ "x\n\"a\nb\nc\303(\",d\nok\n", 0, ',',
		  "1-1 [x]\n!4 column 1: invalid UTF-8: truncated sequence (byte 6 of the field)\n"
		  "5-5 [ok]\n" },
		{ "a;b;c;\xC0\x80\nok\n", 0, ';',
		  "!1 column 4: invalid UTF-8: overlong encoding (byte 1 of the field)\n"
		  "2-2 [ok]\n" },
		/* Valid: 2, 3 and 4 byte sequences, the extremes of the ranges. */
		{ "\xC3\xA9t\xC3\xA9,\xE2\x82\xAC,\xF0\x9D\x84\x9E,\xF4\x8F\xBF\xBF,\xEF\xBF\xBF,"
		  "\xC2\x80,\xE0\xA0\x80,\xED\x9F\xBF,\xEE\x80\x80,\xF0\x90\x80\x80\n",
		  0, ',',
		  "1-1 [\xC3\xA9t\xC3\xA9][\xE2\x82\xAC][\xF0\x9D\x84\x9E][\xF4\x8F\xBF\xBF]"
		  "[\xEF\xBF\xBF][\xC2\x80][\xE0\xA0\x80][\xED\x9F\xBF][\xEE\x80\x80]"
		  "[\xF0\x90\x80\x80]\n" },
	};
	struct rl_buf in;
	char want[512], *got;
	size_t i, len;
	int quoted;

	rl_buf_init(&in, 1024);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		len = cases[i].len ? cases[i].len : strlen(cases[i].field);
		for (quoted = 0; quoted < 2; quoted++) {
			rl_buf_reset(&in);
			assert_int_equal(rl_buf_addstr(&in, quoted ? "a,\"" : "a,"), 0);
			assert_int_equal(rl_buf_add(&in, cases[i].field, len), 0);
			assert_int_equal(rl_buf_addstr(&in, quoted ? "\",c\nok\n" : ",c\nok\n"), 0);
			snprintf(want, sizeof(want), "!1 column 2: %s\n2-2 [ok]\n", cases[i].msg);
			got = transcript_mem(in.ptr, in.len, ',');
			if (strcmp(got, want) != 0)
				fail_msg("case %zu%s: want %sgot %s", i, quoted ? " quoted" : "",
					 want, got);
			free(got);
		}
	}
	rl_buf_release(&in);
	RUN(more);
}

/* A record: ncols fields of width bytes each ('x'), separated by ',', then LF. */
static char *wide_record(size_t ncols, size_t width, size_t *len)
{
	size_t n = ncols * (width + 1), i;
	char *s = malloc(n + 1);

	assert_non_null(s);
	memset(s, 'x', n);
	for (i = 1; i <= ncols; i++)
		s[i * (width + 1) - 1] = i == ncols ? '\n' : ',';
	s[n] = '\0';
	*len = n;
	return s;
}

static void expect_one(const char *in, size_t len, const char *want)
{
	char *got = transcript_mem(in, len, ',');

	assert_string_equal(got, want);
	free(got);
}

static void field_over_cap_rejected(void **state)
{
	struct rl_buf b;
	char *rec, *got, want[256];
	size_t len;

	/* A field at the cap passes, one byte more does not; the next record is read. */
	rl_buf_init(&b, RL_MAX_OUTPUT);
	rec = wide_record(1, RL_MAX_FIELD, &len);
	assert_int_equal(rl_buf_add(&b, rec, len), 0);
	assert_int_equal(rl_buf_addstr(&b, "a,x"), 0);
	assert_int_equal(rl_buf_add(&b, rec, len), 0);
	assert_int_equal(rl_buf_addstr(&b, "\"q\"\n"), 0);
	free(rec);
	got = transcript_mem(b.ptr, b.len, ',');
	assert_int_equal(strncmp(got, "1-1 [xxx", 8), 0);
	snprintf(want, sizeof(want), "]\n!2 column 2: field longer than %d bytes\n3-3 [q]\n",
		 RL_MAX_FIELD);
	assert_string_equal(got + strlen(got) - strlen(want), want);
	free(got);
	rl_buf_release(&b);

	/* Quoted fields are capped the same way, with the line where they opened. */
	rl_buf_init(&b, RL_MAX_OUTPUT);
	assert_int_equal(rl_buf_addstr(&b, "\"\n"), 0);
	rec = wide_record(1, RL_MAX_FIELD, &len);
	assert_int_equal(rl_buf_add(&b, rec, len), 0);
	free(rec);
	assert_int_equal(rl_buf_addstr(&b, "\"\nok\n"), 0);
	got = transcript_mem(b.ptr, b.len, ',');
	snprintf(want, sizeof(want), "!1 column 1: field longer than %d bytes\n4-4 [ok]\n",
		 RL_MAX_FIELD);
	assert_string_equal(got, want);
	free(got);
	rl_buf_release(&b);

	/* The record cap: fields plus separators. */
	rec = wide_record(RL_MAX_RECORD / RL_MAX_FIELD + 1, RL_MAX_FIELD - 1, &len);
	snprintf(want, sizeof(want), "!1 column %d: record longer than %d bytes\n",
		 RL_MAX_RECORD / RL_MAX_FIELD + 1, RL_MAX_RECORD);
	expect_one(rec, len, want);
	free(rec);
	/* Exactly at the record cap: 16 fields of 65535 bytes, each followed by a
	 * separator, then an empty 17th field. */
	rl_buf_init(&b, RL_MAX_OUTPUT);
	rec = wide_record(RL_MAX_RECORD / RL_MAX_FIELD, RL_MAX_FIELD - 1, &len);
	rec[len - 1] = ',';
	assert_int_equal(rl_buf_add(&b, rec, len), 0);
	assert_int_equal(rl_buf_addstr(&b, "\n"), 0);
	assert_int_equal(b.len, RL_MAX_RECORD + 1);
	got = transcript_mem(b.ptr, b.len, ',');
	assert_int_equal(strncmp(got, "1-1 [", 5), 0);
	assert_string_equal(got + strlen(got) - 6, "xx][]\n");
	free(got);
	/* One more byte, or one more (empty) field, is over. */
	b.len--;
	assert_int_equal(rl_buf_addstr(&b, "g\n"), 0);
	snprintf(want, sizeof(want), "!1 column 17: record longer than %d bytes\n", RL_MAX_RECORD);
	expect_one(b.ptr, b.len, want);
	b.len -= 2;
	assert_int_equal(rl_buf_addstr(&b, ",\n"), 0);
	snprintf(want, sizeof(want), "!1 column 18: record longer than %d bytes\n", RL_MAX_RECORD);
	expect_one(b.ptr, b.len, want);
	rl_buf_release(&b);
	free(rec);

	/* The column cap. */
	rec = wide_record(RL_MAX_COLUMNS, 1, &len);
	got = transcript_mem(rec, len, ',');
	assert_int_equal(strncmp(got, "1-1 [x][x]", 10), 0);
	free(got);
	free(rec);
	rec = wide_record(RL_MAX_COLUMNS + 1, 1, &len);
	snprintf(want, sizeof(want), "!1 column %d: more than %d columns\n", RL_MAX_COLUMNS + 1,
		 RL_MAX_COLUMNS);
	expect_one(rec, len, want);
	free(rec);
}

static void last_record_without_newline(void **state)
{
	static const struct csv_case cases[] = {
		{ "a,b\nc,d", 0, ',', "1-1 [a][b]\n2-2 [c][d]\n" },
		{ "\"a\"", 0, ',', "1-1 [a]\n" },
		{ "x,\"a\nb\"", 0, ',', "1-2 [x][a\\nb]\n" },
		{ "a", 0, ',', "1-1 [a]\n" },
	};
	RUN(cases);
}

static void empty_input_has_no_records(void **state)
{
	static const struct csv_case cases[] = {
		{ "", 0, ',', "" }, { "", 0, 0, "" },           { "\n", 0, ',', "" },
		{ BOM, 0, 0, "" },  { BOM "\r\n", 0, ',', "" },
	};
	rl_csv_reader *r;
	struct rl_csv_record rec;
	struct rl_err err;

	RUN(cases);
	/* A NULL block of length 0 is an empty input. */
	assert_int_equal(rl_csv_open_mem(&r, NULL, 0, NULL, 0, &err), 0);
	assert_int_equal(rl_csv_next(r, &rec, &err), 0);
	assert_int_equal(rl_csv_next(r, &rec, &err), 0);
	assert_int_equal(rl_csv_offset(r), 0);
	rl_csv_free(r);
	rl_csv_free(NULL);
}

static void file_of_only_a_bom_has_no_records(void **state)
{
	char *got = transcript_mem(BOM, 3, 0);

	assert_string_equal(got, "");
	free(got);
}

static void trailing_separator_gives_empty_last_field(void **state)
{
	static const struct csv_case cases[] = {
		{ "a,b,\n", 0, ',', "1-1 [a][b][]\n" },
		{ "a;b;", 0, ';', "1-1 [a][b][]\n" },
		{ "\"a\",\r\n", 0, ',', "1-1 [a][]\n" },
		{ ",,", 0, ',', "1-1 [][][]\n" },
	};
	RUN(cases);
}

static void quote_inside_unquoted_field_is_literal(void **state)
{
	static const struct csv_case cases[] = {
		{ "ab\"c,d\n", 0, ',', "1-1 [ab\"c][d]\n" },
		{ "a \"b\",c\n", 0, ',', "1-1 [a \"b\"][c]\n" },
		{ " \"a,b\"\n", 0, ',', "1-1 [ \"a][b\"]\n" },
		{ "5\" disk;x\n", 0, ';', "1-1 [5\" disk][x]\n" },
	};
	RUN(cases);
}

static void bad_separator_refused(void **state)
{
	rl_csv_reader *r = (rl_csv_reader *)1;
	struct rl_err err;

	rl_err_clear(&err);
	assert_int_equal(rl_csv_open_mem(&r, "a", 1, "t.csv", '\t', &err), RL_EINVAL);
	assert_null(r);
	assert_string_equal(err.msg, "separator must be ',' or ';'");
}

/* Runs a child that writes in[0..len) into a pipe in irregular chunks: 1 to 7
 * bytes with pauses for small inputs, so that reads see tiny pieces, up to 4
 * KiB for big ones; returns the read end. */
static int trickle(const char *in, size_t len, pid_t *child)
{
	int fds[2];
	size_t off = 0, n;
	pid_t pid;

	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(fds[0]);
		while (off < len) {
			n = len < 4096 ? 1 + off % 7 : 1 + (off * 2654435761u) % 4096;
			if (n > len - off)
				n = len - off;
			if (write(fds[1], in + off, n) != (ssize_t)n)
				_exit(1);
			off += n;
			if (len < 4096 && off % 5 == 0)
				usleep(50);
		}
		_exit(0);
	}
	close(fds[1]);
	*child = pid;
	return fds[0];
}

static char *transcript_fd(int fd, char sep)
{
	rl_csv_reader *r;
	struct rl_err err;
	char *t;

	assert_int_equal(rl_csv_open_fd(&r, fd, "t.csv", sep, &err), 0);
	t = transcript(r);
	rl_csv_free(r);
	return t;
}

static void same_through_fd(const char *in, size_t len, char sep)
{
	char *want = transcript_mem(in, len, sep), *got;
	char path[] = "/tmp/test_csv_XXXXXX";
	pid_t child;
	int fd, status;

	fd = trickle(in, len, &child);
	got = transcript_fd(fd, sep);
	close(fd);
	assert_int_equal(waitpid(child, &status, 0), child);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	assert_string_equal(got, want);
	free(got);

	fd = mkstemp(path);
	assert_true(fd >= 0);
	unlink(path);
	assert_int_equal(write(fd, in, len), (ssize_t)len);
	assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
	got = transcript_fd(fd, sep);
	close(fd);
	assert_string_equal(got, want);
	free(got);
	free(want);
}

/* Filler records of the importer's shape up to exactly offset at, then tail. */
static void build_crossing(struct rl_buf *b, size_t at, const char *tail)
{
	static const char row[] = "INV-0000123,C00042,2026-01-03,2026-02-02,EUR,1234.56\n";
	size_t rowlen = sizeof(row) - 1;

	rl_buf_reset(b);
	assert_int_equal(rl_buf_addstr(b, "number,customer,issued,due,currency,amount\n"), 0);
	while (b->len + rowlen + 8 <= at)
		assert_int_equal(rl_buf_addstr(b, row), 0);
	while (b->len + 2 <= at)
		assert_int_equal(rl_buf_addstr(b, "y\n"), 0);
	if (b->len < at)
		assert_int_equal(rl_buf_addstr(b, "\n"), 0);
	assert_int_equal(b->len, at);
	assert_int_equal(rl_buf_addstr(b, tail), 0);
	assert_int_equal(rl_buf_addstr(b, row), 0);
}

static void fd_reading_matches_memory(void **state)
{
	static const char *const small[] = {
		BOM "a;b;c\r\n1;\"x\r\ny\";\"q\"\"q\"\r\n\r\n\xC3\xA9;\xE2\x82\xAC;\r",
		"a,b\n\"unterminated\n",
		"\"ab\"c,d\ne\n",
		"x,\xF0\x9D\x84\x9E\xF0\x9D\x84\n,y\n",
		BOM,
		"\xEF\xBB",
		"",
		"\r\r\n\n\"\"\"\",\"\r\r\"\r",
	};
	/* Constructs that must survive being cut by the end of a read. */
	static const char *const tails[] = {
		"\r\n",
		"a,\"b\"\"c\"\n",
		"\"x\"\r\n",
		"\"\xC3\xA9\xE2\x82\xAC\"\n",
		"\xF0\x9D\x84\x9E,\xC3\xA9\n",
		"\"ab\"c,d\n",
		"\"line\r\nbreak\r\n\"\r\n",
		"a,\n",
		"\r\r\r\n",
		"\"\"\n",
	};
	static const size_t bufsize = 256 * 1024;
	struct rl_buf b;
	size_t i, k;
	char seps[] = { 0, ',', ';' };

	for (i = 0; i < sizeof(small) / sizeof(small[0]); i++)
		for (k = 0; k < sizeof(seps); k++)
			same_through_fd(small[i], strlen(small[i]), seps[k]);

	rl_buf_init(&b, RL_MAX_OUTPUT);
	for (i = 0; i < sizeof(tails) / sizeof(tails[0]); i++) {
		for (k = 0; k < 6; k++) {
			/* The boundary falls 0 to 5 bytes into the construct. */
			build_crossing(&b, bufsize - k, tails[i]);
			same_through_fd(b.ptr, b.len, 0);
		}
	}

	/* Several buffers' worth with a record straddling each boundary. */
	rl_buf_reset(&b);
	for (i = 0; b.len < 3 * bufsize + 1000; i++)
		assert_int_equal(rl_buf_addf(&b,
					     "INV-%07zu;C%05zu;\"multi\nline; \"\"text\"\" %zu\";"
					     "\xC3\xA9l\xC3\xA8ve;%zu,%02zu\r\n",
					     i, i % 97, i, i * 7, i % 100),
				 0);
	same_through_fd(b.ptr, b.len, 0);
	rl_buf_release(&b);
}

/* Separator detection stops after the read buffer's 256 KiB, over memory too:
 * here it sees one ';' and not the two ',' further on. */
static void detection_sees_first_256_kib_only(void **state)
{
	struct rl_buf b;
	char *got, want[128];
	size_t i;

	rl_buf_init(&b, RL_MAX_OUTPUT);
	assert_int_equal(rl_buf_addstr(&b, "x;"), 0);
	for (i = 0; i < 300000; i++)
		assert_int_equal(rl_buf_addch(&b, 'y'), 0);
	assert_int_equal(rl_buf_addstr(&b, ",a,b\nc;d\n"), 0);
	snprintf(want, sizeof(want), "!1 column 2: field longer than %d bytes\n2-2 [c][d]\n",
		 RL_MAX_FIELD);
	got = transcript_mem(b.ptr, b.len, 0);
	assert_string_equal(got, want);
	free(got);
	same_through_fd(b.ptr, b.len, 0);
	rl_buf_release(&b);
}

/* The writer's output, read back, gives the original fields. */
static void write_field_quoting_round_trips(void **state)
{
	static const struct {
		const char *field;
		const char *written; /* with sep ',' */
	} cases[] = {
		{ "plain", "plain" },
		{ "", "" },
		{ "a,b", "\"a,b\"" },
		{ "a;b", "a;b" },
		{ "say \"hi\"", "\"say \"\"hi\"\"\"" },
		{ "\"", "\"\"\"\"" },
		{ "two\nlines", "\"two\nlines\"" },
		{ "cr\rhere", "\"cr\rhere\"" },
		{ "crlf\r\n", "\"crlf\r\n\"" },
		{ " lead", "\" lead\"" },
		{ "trail\t", "\"trail\t\"" },
		{ "in side", "in side" },
		{ "\xC3\xA9t\xC3\xA9", "\xC3\xA9t\xC3\xA9" },
		/* Would pass for a byte-order mark at the start of a file. */
		{ BOM "x", "\"" BOM "x\"" },
	};
	size_t n = sizeof(cases) / sizeof(cases[0]), i, k;
	char seps[] = { ',', ';' };
	struct rl_buf b, one;

	rl_buf_init(&one, 1024);
	for (i = 0; i < n; i++) {
		rl_buf_reset(&one);
		assert_int_equal(
			rl_csv_write_field(&one, cases[i].field, strlen(cases[i].field), ','), 0);
		assert_string_equal(one.ptr ? one.ptr : "", cases[i].written);
	}
	rl_buf_release(&one);

	for (k = 0; k < sizeof(seps); k++) {
		rl_csv_reader *r;
		struct rl_csv_record rec;
		struct rl_err err;

		/* One record of all the fields, then one record per field. */
		rl_buf_init(&b, 1 << 20);
		for (i = 0; i < n; i++) {
			if (i)
				assert_int_equal(rl_buf_addch(&b, seps[k]), 0);
			assert_int_equal(rl_csv_write_field(&b, cases[i].field,
							    strlen(cases[i].field), seps[k]),
					 0);
		}
		assert_int_equal(rl_buf_addstr(&b, "\r\n"), 0);
		for (i = 0; i < n; i++) {
			assert_int_equal(rl_csv_write_field(&b, cases[i].field,
							    strlen(cases[i].field), seps[k]),
					 0);
			assert_int_equal(rl_buf_addch(&b, '\n'), 0);
		}
		assert_int_equal(rl_csv_open_mem(&r, b.ptr, b.len, "w.csv", seps[k], &err), 0);
		assert_int_equal(rl_csv_next(r, &rec, &err), 1);
		assert_int_equal(rec.nfields, n);
		for (i = 0; i < n; i++) {
			assert_int_equal(rec.fields[i].len, strlen(cases[i].field));
			assert_memory_equal(rec.fields[i].ptr, cases[i].field, rec.fields[i].len);
		}
		for (i = 0; i < n; i++) {
			/* An empty field alone on its line is an empty line: skipped. */
			if (!cases[i].field[0])
				continue;
			assert_int_equal(rl_csv_next(r, &rec, &err), 1);
			assert_int_equal(rec.nfields, 1);
			assert_string_equal(rec.fields[0].ptr, cases[i].field);
		}
		assert_int_equal(rl_csv_next(r, &rec, &err), 0);
		rl_csv_free(r);
		rl_buf_release(&b);
	}

	/* Over the buffer's cap: RL_ENOMEM and nothing written. */
	rl_buf_init(&b, 8);
	assert_int_equal(rl_buf_addstr(&b, "ab"), 0);
	assert_int_equal(rl_csv_write_field(&b, "x,\"y\"", 5, ','), RL_ENOMEM);
	assert_int_equal(b.len, 2);
	assert_int_equal(rl_csv_write_field(&b, "x,y", 3, ','), 0);
	assert_string_equal(b.ptr, "ab\"x,y\"");
	rl_buf_release(&b);
}

static void offset_counts_bytes_consumed(void **state)
{
	const char *in = BOM "a,b\r\nc\n\n";
	rl_csv_reader *r;
	struct rl_csv_record rec;
	struct rl_err err;

	assert_int_equal(rl_csv_open_mem(&r, in, strlen(in), "t.csv", ',', &err), 0);
	assert_int_equal(rl_csv_offset(r), 0);
	assert_int_equal(rl_csv_next(r, &rec, &err), 1);
	assert_int_equal(rl_csv_offset(r), 8);
	assert_int_equal(rl_csv_next(r, &rec, &err), 1);
	assert_int_equal(rl_csv_offset(r), 10);
	assert_int_equal(rl_csv_next(r, &rec, &err), 0);
	assert_int_equal(rl_csv_offset(r), strlen(in));
	rl_csv_free(r);
}

static void read_error_is_fatal(void **state)
{
	rl_csv_reader *r;
	struct rl_csv_record rec;
	struct rl_err err;

	/* A write-only descriptor cannot be read. */
	int fds[2];

	assert_int_equal(pipe(fds), 0);
	assert_int_equal(rl_csv_open_fd(&r, fds[1], "w.csv", ',', &err), 0);
	rl_err_clear(&err);
	assert_int_equal(rl_csv_next(r, &rec, &err), RL_EIO);
	assert_true(rl_csv_fatal(r));
	assert_string_equal(err.file, "w.csv");
	assert_int_equal(strncmp(err.msg, "cannot read: ", 13), 0);
	assert_int_equal(rl_csv_next(r, &rec, &err), RL_EIO);
	rl_csv_free(r);
	close(fds[0]);
	close(fds[1]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(quoted_separator_and_newline_stay_in_field),
		cmocka_unit_test(doubled_quote_unescapes),
		cmocka_unit_test(crlf_and_lf_both_end_records),
		cmocka_unit_test(bom_is_skipped),
		cmocka_unit_test(semicolon_detected_from_header),
		cmocka_unit_test(empty_lines_skipped),
		cmocka_unit_test(line_numbers_count_embedded_newlines),
		cmocka_unit_test(unterminated_quote_is_fatal_at_opening_line),
		cmocka_unit_test(junk_after_closing_quote_recovers_at_next_record),
		cmocka_unit_test(invalid_utf8_names_column),
		cmocka_unit_test(field_over_cap_rejected),
		cmocka_unit_test(last_record_without_newline),
		cmocka_unit_test(empty_input_has_no_records),
		cmocka_unit_test(file_of_only_a_bom_has_no_records),
		cmocka_unit_test(trailing_separator_gives_empty_last_field),
		cmocka_unit_test(quote_inside_unquoted_field_is_literal),
		cmocka_unit_test(bad_separator_refused),
		cmocka_unit_test(fd_reading_matches_memory),
		cmocka_unit_test(detection_sees_first_256_kib_only),
		cmocka_unit_test(write_field_quoting_round_trips),
		cmocka_unit_test(offset_counts_bytes_consumed),
		cmocka_unit_test(read_error_is_fatal),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
