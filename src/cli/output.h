/* Command output in the three formats every listing command offers:
 * `table` for people (aligned columns, amounts and dates in the user's
 * locale), `csv` and `json` for scripts ('.' decimal separator, ISO dates,
 * amounts as decimal strings in JSON). CSV and JSON stream row by row; the
 * table is buffered to align its columns. */
#ifndef RELANCE_CLI_OUTPUT_H
#define RELANCE_CLI_OUTPUT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "relance/core/buf.h"
#include "relance/core/date.h"
#include "relance/core/money.h"

enum out_format {
	OUT_TABLE, /* aligned columns for a terminal */
	OUT_CSV,   /* RFC 4180, header line first */
	OUT_JSON,  /* an array of objects (one object for a single record) */
};

enum out_type {
	OUT_STR,   /* text */
	OUT_INT,   /* integer */
	OUT_MONEY, /* minor units + currency */
	OUT_DATE,  /* civil date */
};

struct out_col {
	const char *name; /* CSV header and JSON key */
	enum out_type type;
};

struct out_val {
	const char *s;                 /* OUT_STR; NULL prints empty / JSON null */
	int64_t i;                     /* OUT_INT, OUT_MONEY amount */
	const struct rl_currency *cur; /* OUT_MONEY */
	rl_date d;                     /* OUT_DATE */
	bool null;                     /* no value (JSON null, empty elsewhere) */
};

struct out {
	enum out_format fmt;
	enum rl_locale loc;
	const struct out_col *cols;
	size_t ncols;
	bool single; /* one record: table prints "name: value" lines, JSON an object */
	FILE *f;
	long rows;
	struct rl_buf cells; /* table: every cell, NUL-separated */
	size_t *width;       /* table: display width of each column */
};

/* Parses "table", "csv", "json". */
int out_format_parse(const char *s, enum out_format *out);

void out_begin(struct out *o, enum out_format fmt, enum rl_locale loc, const struct out_col *cols,
	       size_t ncols, bool single, FILE *f);
/* vals has ncols entries. Returns 0 or RL_ENOMEM (table over its cap). */
int out_row(struct out *o, const struct out_val *vals);
/* Flushes (table) and closes (JSON); returns 0 or RL_EIO if writing failed. */
int out_end(struct out *o);

/* Drops what a table buffered, printing nothing. */
void out_discard(struct out *o);

/* Formats a date for people in locale loc (fr: DD/MM/YYYY, else ISO). */
void out_date_human(rl_date d, enum rl_locale loc, char buf[16]);

#endif
