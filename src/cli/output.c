/* Table, CSV and JSON output: see output.h. JSON is produced with jansson,
 * one object per row, so a million-row listing streams in flat memory. */
#include <inttypes.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "relance/core/limits.h"
#include "relance/formats/csv.h"
#include "output.h"

int out_format_parse(const char *s, enum out_format *out)
{
	if (strcmp(s, "table") == 0)
		*out = OUT_TABLE;
	else if (strcmp(s, "csv") == 0)
		*out = OUT_CSV;
	else if (strcmp(s, "json") == 0)
		*out = OUT_JSON;
	else
		return RL_EINVAL;
	return 0;
}

void out_date_human(rl_date d, enum rl_locale loc, char buf[16])
{
	if (loc == RL_LOCALE_FR)
		rl_date_format_fr(d, buf);
	else
		rl_date_format_iso(d, buf);
}

void out_begin(struct out *o, enum out_format fmt, enum rl_locale loc, const struct out_col *cols,
	       size_t ncols, bool single, FILE *f)
{
	memset(o, 0, sizeof(*o));
	o->fmt = fmt;
	o->loc = loc;
	o->cols = cols;
	o->ncols = ncols;
	o->single = single;
	o->f = f;
	rl_buf_init(&o->cells, RL_MAX_OUTPUT);
	if (fmt == OUT_TABLE) {
		o->width = calloc(ncols, sizeof(*o->width));
		for (size_t i = 0; o->width && i < ncols; i++)
			o->width[i] = strlen(cols[i].name);
	}
	if (fmt == OUT_CSV) {
		struct rl_buf line;

		rl_buf_init(&line, RL_MAX_RECORD);
		for (size_t i = 0; i < ncols; i++) {
			if (i)
				rl_buf_addch(&line, ',');
			rl_buf_addstr(&line, cols[i].name);
		}
		rl_buf_addch(&line, '\n');
		fputs(line.ptr, f);
		rl_buf_release(&line);
	}
	if (fmt == OUT_JSON && !single)
		fputs("[", f);
}

/* Writes value v of column c as text for the format (machine or human). */
static void cell_text(const struct out *o, const struct out_col *c, const struct out_val *v,
		      char *buf, size_t cap)
{
	bool human = o->fmt == OUT_TABLE;

	buf[0] = '\0';
	if (v->null)
		return;
	switch (c->type) {
	case OUT_STR:
		snprintf(buf, cap, "%s", v->s ? v->s : "");
		break;
	case OUT_INT:
		snprintf(buf, cap, "%" PRId64, v->i);
		break;
	case OUT_MONEY:
		if (v->cur)
			rl_money_format(buf, cap, v->i, v->cur, human ? o->loc : RL_LOCALE_C);
		break;
	case OUT_DATE:
		if (human)
			out_date_human(v->d, o->loc, buf);
		else
			rl_date_format_iso(v->d, buf);
		break;
	}
}

/* Display width of UTF-8 text: code points, not counting continuation bytes. */
static size_t display_width(const char *s)
{
	size_t w = 0;

	for (; *s; s++)
		w += ((unsigned char)*s & 0xC0) != 0x80;
	return w;
}

static int json_row(struct out *o, const struct out_val *vals)
{
	json_t *obj = json_object();
	char buf[RL_MAX_TEXT + 1];
	char *text;

	for (size_t i = 0; i < o->ncols; i++) {
		const struct out_col *c = &o->cols[i];
		const struct out_val *v = &vals[i];
		json_t *j;

		if (v->null) {
			j = json_null();
		} else if (c->type == OUT_INT) {
			j = json_integer(v->i);
		} else {
			cell_text(o, c, v, buf, sizeof(buf));
			j = json_string(buf);
			if (!j) /* not UTF-8: never expected from the store, kept visible */
				j = json_string("\xEF\xBF\xBD");
		}
		json_object_set_new(obj, c->name, j);
	}
	text = json_dumps(obj, JSON_PRESERVE_ORDER | JSON_COMPACT);
	json_decref(obj);
	if (!text)
		return RL_ENOMEM;
	if (!o->single)
		fputs(o->rows ? ",\n" : "\n", o->f);
	fputs(text, o->f);
	free(text);
	return 0;
}

int out_row(struct out *o, const struct out_val *vals)
{
	char buf[RL_MAX_TEXT + 1];
	int rc = 0;

	if (o->fmt == OUT_JSON) {
		rc = json_row(o, vals);
	} else if (o->fmt == OUT_CSV) {
		struct rl_buf line;

		rl_buf_init(&line, RL_MAX_RECORD);
		for (size_t i = 0; i < o->ncols; i++) {
			cell_text(o, &o->cols[i], &vals[i], buf, sizeof(buf));
			if (i)
				rl_buf_addch(&line, ',');
			rl_csv_write_field(&line, buf, strlen(buf), ',');
		}
		rl_buf_addch(&line, '\n');
		if (line.ptr)
			fwrite(line.ptr, 1, line.len, o->f);
		rl_buf_release(&line);
	} else {
		for (size_t i = 0; i < o->ncols && rc == 0; i++) {
			size_t w;

			cell_text(o, &o->cols[i], &vals[i], buf, sizeof(buf));
			for (char *p = buf; *p; p++)
				if (*p == '\n' || *p == '\r' || *p == '\t')
					*p = ' ';
			w = display_width(buf);
			if (o->width && w > o->width[i])
				o->width[i] = w;
			rc = rl_buf_add(&o->cells, buf, strlen(buf) + 1);
		}
	}
	o->rows++;
	return rc;
}

static void pad(FILE *f, size_t n)
{
	while (n--)
		fputc(' ', f);
}

static void table_flush(struct out *o)
{
	const char *p = o->cells.ptr;

	if (o->single) {
		size_t kw = 0;

		for (size_t i = 0; i < o->ncols; i++)
			if (strlen(o->cols[i].name) > kw)
				kw = strlen(o->cols[i].name);
		for (size_t i = 0; p && i < o->ncols; i++) {
			fprintf(o->f, "%s:", o->cols[i].name);
			pad(o->f, kw - strlen(o->cols[i].name) + 1);
			fprintf(o->f, "%s\n", p);
			p += strlen(p) + 1;
		}
		return;
	}
	for (size_t i = 0; i < o->ncols; i++) {
		bool right = o->cols[i].type == OUT_MONEY || o->cols[i].type == OUT_INT;
		size_t w = o->width ? o->width[i] : 0, n = strlen(o->cols[i].name);

		if (right)
			pad(o->f, w - n);
		fputs(o->cols[i].name, o->f);
		if (!right && i + 1 < o->ncols)
			pad(o->f, w - n);
		fputs(i + 1 < o->ncols ? "  " : "\n", o->f);
	}
	for (long r = 0; p && r < o->rows; r++) {
		for (size_t i = 0; i < o->ncols; i++) {
			bool right = o->cols[i].type == OUT_MONEY || o->cols[i].type == OUT_INT;
			size_t w = o->width ? o->width[i] : 0, n = display_width(p);

			if (right)
				pad(o->f, w - n);
			fputs(p, o->f);
			if (!right && i + 1 < o->ncols)
				pad(o->f, w - n);
			fputs(i + 1 < o->ncols ? "  " : "\n", o->f);
			p += strlen(p) + 1;
		}
	}
}

void out_discard(struct out *o)
{
	rl_buf_release(&o->cells);
	free(o->width);
	o->width = NULL;
}

int out_end(struct out *o)
{
	if (o->fmt == OUT_TABLE)
		table_flush(o);
	else if (o->fmt == OUT_JSON)
		fputs(o->single ? "\n" : (o->rows ? "\n]\n" : "]\n"), o->f);
	rl_buf_release(&o->cells);
	free(o->width);
	o->width = NULL;
	return fflush(o->f) == 0 && !ferror(o->f) ? 0 : RL_EIO;
}
