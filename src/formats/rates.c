/* Loaders of rate tables (CSV) and interest rules (key = value lines): see
 * relance/formats/rates.h for both formats, relance/core/interest.h for what
 * they become. A file is read whole (they are a few kilobytes, capped) and
 * parsed from memory, so the file and memory entry points share one parser.
 * Strictness is the point: a table with a gap, a row without its source or a
 * rule fact without its citation is refused with file:line, because a wrong
 * rate would be claimed from debtors in letters and in court. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "relance/core/buf.h"
#include "relance/core/date.h"
#include "relance/core/money.h"
#include "relance/formats/csv.h"
#include "relance/formats/rates.h"

#define READ_CHUNK (64 * 1024)
#define DIRECTIVE "known_through:"

/* Reads the file at path into b (capped at RL_RATES_FILE_MAX). */
static int read_file(const char *path, struct rl_buf *b, struct rl_err *err)
{
	char chunk[READ_CHUNK];
	struct stat sb;
	int fd, rc = 0;

	rl_buf_init(b, RL_RATES_FILE_MAX);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return rl_err_set(err, RL_EIO, "%s: cannot open: %s", path, strerror(errno));
	if (fstat(fd, &sb) == 0 && S_ISDIR(sb.st_mode)) {
		rc = rl_err_set(err, RL_EIO, "%s: is a directory", path);
		goto out;
	}
	for (;;) {
		ssize_t n = read(fd, chunk, sizeof(chunk));

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = rl_err_set(err, RL_EIO, "%s: cannot read: %s", path, strerror(errno));
			goto out;
		}
		if (n == 0)
			break;
		if (rl_buf_add(b, chunk, (size_t)n)) {
			rc = rl_err_set(err, RL_ENOMEM, "%s: larger than %d bytes", path,
					RL_RATES_FILE_MAX);
			goto out;
		}
	}
out:
	close(fd);
	if (rc)
		rl_buf_release(b);
	return rc;
}

/* The last path component without its extension, for rule names. */
static void base_name(const char *path, char *out, size_t cap)
{
	const char *s = strrchr(path, '/');
	const char *dot;
	size_t n;

	s = s ? s + 1 : path;
	dot = strrchr(s, '.');
	n = dot ? (size_t)(dot - s) : strlen(s);
	if (n >= cap)
		n = cap - 1;
	memcpy(out, s, n);
	out[n] = '\0';
}

static void copy_str(char *dst, size_t cap, const char *src, size_t n)
{
	if (n >= cap)
		n = cap - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* Sets err's location and returns its code. */
static int at(struct rl_err *err, const char *file, long line, const char *field)
{
	if (!err)
		return RL_EINVAL;
	return rl_err_at(err, file, line, field);
}

/* ------------------------------------------------------------------ */
/* Rate tables                                                          */

struct table_spec {
	const char *date_col; /* effective_date or period_start */
	const char *end_col;  /* period_end, or NULL for a table of changes */
	const char *rate_col;
};

static const struct table_spec specs[RL_RATE_SOURCE_COUNT] = {
	[RL_RATE_ECB] = { "effective_date", NULL, "rate_percent" },
	[RL_RATE_FR_LEGAL_OTHER] = { "period_start", "period_end", "rate_other_cases_percent" },
	[RL_RATE_FR_LEGAL_PRIVATE] = { "period_start", "period_end",
				       "rate_creditor_consumer_percent" },
	[RL_RATE_DE_BASE] = { "period_start", "period_end", "rate_percent" },
	[RL_RATE_UK_BOE] = { "effective_date", NULL, "bank_rate_percent" },
};

struct table_load {
	const char *name;
	const struct table_spec *spec;
	long header_line;
	size_t ncols;
	int col_date, col_end, col_rate, col_source;
	struct rl_rate_point *pts;
	size_t n, cap;
	rl_date last_end;   /* periods: the previous period_end */
	long last_line;     /* line of the previous row */
	bool has_directive; /* a known_through line was seen */
	rl_date directive;
	long directive_line;
};

static int find_col(const struct rl_csv_record *rec, const char *name)
{
	for (size_t i = 0; i < rec->nfields; i++)
		if (rec->fields[i].len == strlen(name) &&
		    memcmp(rec->fields[i].ptr, name, rec->fields[i].len) == 0)
			return (int)i;
	return -1;
}

static int read_table_header(struct table_load *tl, const struct rl_csv_record *rec,
			     struct rl_err *err)
{
	const char *want[4] = { tl->spec->date_col, tl->spec->end_col, tl->spec->rate_col,
				"source" };
	int *cols[4] = { &tl->col_date, &tl->col_end, &tl->col_rate, &tl->col_source };

	for (int k = 0; k < 4; k++) {
		if (!want[k]) {
			*cols[k] = -1;
			continue;
		}
		*cols[k] = find_col(rec, want[k]);
		if (*cols[k] < 0) {
			rl_err_set(
				err, RL_EINVAL,
				"the header has no column '%s' (this table needs %s%s%s, %s, source)",
				want[k], tl->spec->date_col, tl->spec->end_col ? ", " : "",
				tl->spec->end_col ? tl->spec->end_col : "", tl->spec->rate_col);
			return at(err, tl->name, rec->line, NULL);
		}
	}
	tl->ncols = rec->nfields;
	tl->header_line = rec->line;
	return 0;
}

/* A comment record: a known_through line, or nothing to do. The directive is
 * read from the first field (it holds no comma). */
static int read_comment(struct table_load *tl, const struct rl_csv_record *rec, struct rl_err *err)
{
	const char *s = rec->fields[0].ptr + 1;
	size_t len = rec->fields[0].len - 1, k = strlen(DIRECTIVE);

	while (len > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		len--;
	}
	if (len < k || memcmp(s, DIRECTIVE, k) != 0)
		return 0;
	if (!tl->spec->end_col) {
		s += k;
		len -= k;
		while (len > 0 && (*s == ' ' || *s == '\t')) {
			s++;
			len--;
		}
		if (tl->has_directive) {
			rl_err_set(err, RL_EINVAL,
				   "known_through is given twice (first on line %ld)",
				   tl->directive_line);
			return at(err, tl->name, rec->line, "known_through");
		}
		if (len < RL_DATE_ISO_LEN || (len > RL_DATE_ISO_LEN && s[RL_DATE_ISO_LEN] != ' ' &&
					      s[RL_DATE_ISO_LEN] != '\t'))
			len = len < 40 ? len : 40;
		else
			len = RL_DATE_ISO_LEN;
		if (rl_date_parse(s, len, "YYYY-MM-DD", &tl->directive, err))
			return at(err, tl->name, rec->line, "known_through");
		tl->has_directive = true;
		tl->directive_line = rec->line;
		return 0;
	}
	rl_err_set(err, RL_EINVAL,
		   "known_through is only for tables of changes: a table of periods is known "
		   "through its last period_end");
	return at(err, tl->name, rec->line, "known_through");
}

static int read_table_row(struct table_load *tl, const struct rl_csv_record *rec,
			  struct rl_err *err)
{
	const struct rl_csv_field *f = rec->fields;
	struct rl_rate_point p;
	rl_date end = 0;

	if (rec->nfields != tl->ncols) {
		rl_err_set(err, RL_EINVAL, "%zu fields, the header has %zu", rec->nfields,
			   tl->ncols);
		return at(err, tl->name, rec->line, NULL);
	}
	if (rl_date_parse(f[tl->col_date].ptr, f[tl->col_date].len, "YYYY-MM-DD", &p.from, err))
		return at(err, tl->name, rec->line, tl->spec->date_col);
	if (tl->col_end >= 0 &&
	    rl_date_parse(f[tl->col_end].ptr, f[tl->col_end].len, "YYYY-MM-DD", &end, err))
		return at(err, tl->name, rec->line, tl->spec->end_col);
	if (rl_rate_parse(f[tl->col_rate].ptr, f[tl->col_rate].len, &p.rate, err))
		return at(err, tl->name, rec->line, tl->spec->rate_col);
	if (f[tl->col_source].len == 0) {
		rl_err_set(err, RL_EINVAL, "every rate needs its source");
		return at(err, tl->name, rec->line, "source");
	}
	if (tl->n > 0) {
		char a[RL_DATE_ISO_LEN + 1], b[RL_DATE_ISO_LEN + 1];

		rl_date_format_iso(p.from, a);
		if (tl->col_end < 0 && p.from <= tl->pts[tl->n - 1].from) {
			rl_date_format_iso(tl->pts[tl->n - 1].from, b);
			rl_err_set(err, RL_EINVAL, "%s is not after %s (line %ld)", a, b,
				   tl->last_line);
			return at(err, tl->name, rec->line, tl->spec->date_col);
		}
		if (tl->col_end >= 0 && p.from != tl->last_end + 1) {
			rl_date_format_iso(tl->last_end, b);
			rl_err_set(err, RL_EINVAL,
				   "%s does not follow the previous period, which ends on %s "
				   "(line %ld): %s",
				   a, b, tl->last_line,
				   p.from > tl->last_end ? "a gap" : "an overlap");
			return at(err, tl->name, rec->line, tl->spec->date_col);
		}
	}
	if (tl->col_end >= 0 && end < p.from) {
		rl_err_set(err, RL_EINVAL, "the period ends before it starts");
		return at(err, tl->name, rec->line, tl->spec->end_col);
	}
	if (tl->n == tl->cap) {
		size_t ncap = tl->cap ? 2 * tl->cap : 64;
		struct rl_rate_point *np;

		if (tl->n >= RL_RATES_ROWS_MAX) {
			rl_err_set(err, RL_ENOMEM, "more than %d rates", RL_RATES_ROWS_MAX);
			return at(err, tl->name, rec->line, NULL);
		}
		np = realloc(tl->pts, ncap * sizeof(*np));
		if (!np)
			return rl_err_set(err, RL_ENOMEM, "out of memory");
		tl->pts = np;
		tl->cap = ncap;
	}
	tl->pts[tl->n++] = p;
	tl->last_end = end;
	tl->last_line = rec->line;
	return 0;
}

int rl_rates_load_mem(const void *data, size_t len, const char *name, enum rl_rate_source which,
		      struct rl_rate_table *out, struct rl_err *err)
{
	struct table_load tl = { 0 };
	struct rl_csv_record rec;
	rl_csv_reader *r = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((unsigned)which >= RL_RATE_SOURCE_COUNT)
		return rl_err_set(err, RL_EINVAL, "unknown rate table");
	tl.name = name ? name : "-";
	tl.spec = &specs[which];
	if ((rc = rl_csv_open_mem(&r, data, len, tl.name, ',', err)))
		return rc;
	while ((rc = rl_csv_next(r, &rec, err)) > 0) {
		if (rec.nfields > 0 && rec.fields[0].len > 0 && rec.fields[0].ptr[0] == '#')
			rc = read_comment(&tl, &rec, err);
		else if (tl.header_line == 0)
			rc = read_table_header(&tl, &rec, err);
		else
			rc = read_table_row(&tl, &rec, err);
		if (rc)
			goto fail;
	}
	if (rc < 0)
		goto fail;
	if (tl.header_line == 0) {
		rc = rl_err_set(err, RL_EINVAL, "no header line");
		at(err, tl.name, 1, NULL);
		goto fail;
	}
	if (tl.n == 0) {
		rc = rl_err_set(err, RL_EINVAL, "no rates after the header");
		at(err, tl.name, tl.header_line, NULL);
		goto fail;
	}
	out->source = which;
	out->points = tl.pts;
	out->n = tl.n;
	if (tl.col_end >= 0)
		out->known_through = tl.last_end;
	else if (tl.has_directive)
		out->known_through = tl.directive;
	else
		out->known_through = tl.pts[tl.n - 1].from;
	if (out->known_through < tl.pts[tl.n - 1].from) {
		rc = rl_err_set(err, RL_EINVAL, "known_through is before the last rate (line %ld)",
				tl.last_line);
		at(err, tl.name, tl.directive_line, "known_through");
		goto fail;
	}
	copy_str(out->origin, sizeof(out->origin), tl.name, strlen(tl.name));
	rl_csv_free(r);
	return 0;
fail:
	rl_csv_free(r);
	free(tl.pts);
	memset(out, 0, sizeof(*out));
	return rc;
}

int rl_rates_detect(const void *data, size_t len, const char *name, enum rl_rate_source which[2],
		    size_t *n, struct rl_err *err)
{
	struct rl_csv_record rec;
	rl_csv_reader *r = NULL;
	int rc;

	name = name ? name : "-";
	*n = 0;
	if ((rc = rl_csv_open_mem(&r, data, len, name, ',', err)))
		return rc;
	while ((rc = rl_csv_next(r, &rec, err)) > 0) {
		if (rec.nfields > 0 && rec.fields[0].len > 0 && rec.fields[0].ptr[0] == '#')
			continue;
		if (find_col(&rec, "rate_other_cases_percent") >= 0) {
			which[0] = RL_RATE_FR_LEGAL_OTHER;
			which[1] = RL_RATE_FR_LEGAL_PRIVATE;
			*n = 2;
		} else if (find_col(&rec, "bank_rate_percent") >= 0) {
			which[(*n)++] = RL_RATE_UK_BOE;
		} else if (find_col(&rec, "effective_date") >= 0) {
			which[(*n)++] = RL_RATE_ECB;
		} else if (find_col(&rec, "period_start") >= 0) {
			which[(*n)++] = RL_RATE_DE_BASE;
		} else {
			rc = rl_err_set(err, RL_EINVAL,
					"the header names no rate table (a column effective_date "
					"or period_start, as in data/rates/*.csv)");
			at(err, name, rec.line, NULL);
		}
		break;
	}
	if (rc == 0 && *n == 0) {
		rc = rl_err_set(err, RL_EINVAL, "no header line");
		at(err, name, 1, NULL);
	}
	rl_csv_free(r);
	return rc < 0 ? rc : 0;
}

int rl_rates_load_file(const char *path, enum rl_rate_source which, struct rl_rate_table *out,
		       struct rl_err *err)
{
	struct rl_buf b;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = read_file(path, &b, err)))
		return rc;
	rc = rl_rates_load_mem(b.ptr ? b.ptr : "", b.len, path, which, out, err);
	rl_buf_release(&b);
	return rc;
}

int rl_rates_load_any_file(const char *path, struct rl_rate_table out[2], size_t *n,
			   struct rl_err *err)
{
	enum rl_rate_source which[2];
	struct rl_buf b;
	size_t k = 0;
	int rc;

	*n = 0;
	memset(out, 0, 2 * sizeof(*out));
	if ((rc = read_file(path, &b, err)))
		return rc;
	rc = rl_rates_detect(b.ptr ? b.ptr : "", b.len, path, which, &k, err);
	for (size_t i = 0; rc == 0 && i < k; i++)
		rc = rl_rates_load_mem(b.ptr ? b.ptr : "", b.len, path, which[i], &out[i], err);
	rl_buf_release(&b);
	if (rc) {
		for (size_t i = 0; i < k; i++)
			rl_rates_release(&out[i]);
		return rc;
	}
	*n = k;
	return 0;
}

void rl_rates_release(struct rl_rate_table *t)
{
	if (!t)
		return;
	free(t->points);
	memset(t, 0, sizeof(*t));
}

/* ------------------------------------------------------------------ */
/* Rule files                                                           */

enum rule_key {
	K_NAME,
	K_TITLE,
	K_CHECKED,
	K_RATE_SOURCE, /* the first fact: every key from here on needs a source */
	K_RATE_PICK,
	K_MARGIN,
	K_DAY_COUNT,
	K_START,
	K_CONTRACT,
	K_FLOOR_SOURCE,
	K_FLOOR_FACTOR,
	K_JUDGMENT_MARGIN,
	K_JUDGMENT_MONTHS,
	K_INDEMNITY,
	K_INDEMNITY_CURRENCY,
	K_COUNT
};

static const char *const key_names[K_COUNT] = {
	"name",         "title",           "checked",         "rate_source", "rate_pick",
	"margin",       "day_count",       "start",           "contract",    "floor_source",
	"floor_factor", "judgment_margin", "judgment_months", "indemnity",   "indemnity_currency",
};

struct slot {
	const char *v; /* value, in the file's buffer */
	size_t len;
	long line; /* 0 = not set */
	long source_line;
};

struct rule_load {
	const char *name;
	struct slot key[K_COUNT];
	char value[RL_RULE_TITLE_MAX]; /* the current value, NUL-terminated */
};

static bool blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* Loads slot k's value into rl->value (NUL-terminated, for the *_parse calls). */
static const char *value_of(struct rule_load *rl, enum rule_key k)
{
	copy_str(rl->value, sizeof(rl->value), rl->key[k].v, rl->key[k].len);
	return rl->value;
}

static int bad_value(struct rule_load *rl, enum rule_key k, const char *expected,
		     struct rl_err *err)
{
	char q[64];

	copy_str(q, sizeof(q), rl->key[k].v, rl->key[k].len);
	rl_err_set(err, RL_EINVAL, "'%s' is not %s", q, expected);
	return at(err, rl->name, rl->key[k].line, key_names[k]);
}

/* Parses one `key = value` line into its slot. */
static int rule_line(struct rule_load *rl, const char *s, size_t len, long line, struct rl_err *err)
{
	const char *eq = memchr(s, '=', len);
	size_t klen, vb;
	bool is_source = false;
	char key[64];
	int k;

	if (!eq) {
		rl_err_set(err, RL_EINVAL, "expected 'key = value'");
		return at(err, rl->name, line, NULL);
	}
	klen = (size_t)(eq - s);
	while (klen > 0 && blank(s[klen - 1]))
		klen--;
	if (klen == 0 || klen >= sizeof(key)) {
		rl_err_set(err, RL_EINVAL, "expected 'key = value'");
		return at(err, rl->name, line, NULL);
	}
	copy_str(key, sizeof(key), s, klen);
	if (klen > 7 && strcmp(key + klen - 7, ".source") == 0) {
		is_source = true;
		key[klen - 7] = '\0';
	}
	for (k = 0; k < K_COUNT; k++)
		if (strcmp(key, key_names[k]) == 0)
			break;
	if (k == K_COUNT || (is_source && k < K_RATE_SOURCE)) {
		copy_str(key, sizeof(key), s, klen);
		rl_err_set(err, RL_EINVAL, "unknown key '%s'", key);
		return at(err, rl->name, line, NULL);
	}
	vb = (size_t)(eq - s) + 1;
	while (vb < len && blank(s[vb]))
		vb++;
	while (len > vb && blank(s[len - 1]))
		len--;
	if (vb == len) {
		rl_err_set(err, RL_EINVAL, "the value is empty");
		return at(err, rl->name, line, NULL);
	}
	copy_str(key, sizeof(key), s, klen);
	if (is_source) {
		if (rl->key[k].source_line) {
			rl_err_set(err, RL_EINVAL, "'%s' is given twice (first on line %ld)", key,
				   rl->key[k].source_line);
			return at(err, rl->name, line, NULL);
		}
		rl->key[k].source_line = line;
		return 0;
	}
	if (rl->key[k].line) {
		rl_err_set(err, RL_EINVAL, "'%s' is given twice (first on line %ld)", key,
			   rl->key[k].line);
		return at(err, rl->name, line, NULL);
	}
	rl->key[k].v = s + vb;
	rl->key[k].len = len - vb;
	rl->key[k].line = line;
	return 0;
}

/* Parses "0:40.00, 1000.00:70.00" or "40.00" into bands. */
static int parse_bands(struct rule_load *rl, struct rl_interest_rule *out, struct rl_err *err)
{
	const struct slot *sl = &rl->key[K_INDEMNITY];
	const char *s = sl->v, *e = sl->v + sl->len;
	struct rl_money_syntax syn = { '.' };
	int exp = out->indemnity_currency->exponent;

	if (!memchr(s, ':', sl->len)) {
		out->nbands = 1;
		out->bands[0].from = 0;
		if (rl_money_parse(s, sl->len, syn, exp, &out->bands[0].amount, err))
			return at(err, rl->name, sl->line, "indemnity");
		return 0;
	}
	while (s < e) {
		const char *comma = memchr(s, ',', (size_t)(e - s));
		const char *end = comma ? comma : e;
		const char *colon = memchr(s, ':', (size_t)(end - s));
		struct rl_indemnity_band *b;

		if (!colon || out->nbands == RL_INDEMNITY_BANDS_MAX)
			return bad_value(rl, K_INDEMNITY,
					 "an amount, 'none' or bands 'from:amount, from:amount'",
					 err);
		b = &out->bands[out->nbands++];
		if (rl_money_parse(s, (size_t)(colon - s), syn, exp, &b->from, err) ||
		    rl_money_parse(colon + 1, (size_t)(end - colon - 1), syn, exp, &b->amount, err))
			return at(err, rl->name, sl->line, "indemnity");
		s = comma ? comma + 1 : e;
	}
	return 0;
}

static int parse_int(struct rule_load *rl, enum rule_key k, int64_t lo, int64_t hi, int64_t *out,
		     struct rl_err *err)
{
	const struct slot *sl = &rl->key[k];
	int64_t v = 0;

	for (size_t i = 0; i < sl->len; i++) {
		if (sl->v[i] < '0' || sl->v[i] > '9' || v > hi)
			goto bad;
		v = v * 10 + (sl->v[i] - '0');
	}
	if (v < lo || v > hi)
		goto bad;
	*out = v;
	return 0;
bad:
	rl_err_set(err, RL_EINVAL, "an integer from %lld to %lld is expected", (long long)lo,
		   (long long)hi);
	return at(err, rl->name, sl->line, key_names[k]);
}

static int parse_rate_key(struct rule_load *rl, enum rule_key k, int64_t *out, struct rl_err *err)
{
	if (rl_rate_parse(rl->key[k].v, rl->key[k].len, out, err))
		return at(err, rl->name, rl->key[k].line, key_names[k]);
	return 0;
}

/* Every key present has the sources, requirements and combinations it needs. */
static int rule_keys_complete(struct rule_load *rl, long last_line, struct rl_err *err)
{
	static const enum rule_key required[] = { K_NAME,        K_TITLE,     K_CHECKED,
						  K_RATE_SOURCE, K_RATE_PICK, K_MARGIN,
						  K_DAY_COUNT,   K_START,     K_CONTRACT,
						  K_INDEMNITY };

	for (int k = K_RATE_SOURCE; k < K_COUNT; k++) {
		if (rl->key[k].line && !rl->key[k].source_line) {
			rl_err_set(err, RL_EINVAL, "this fact has no source: add '%s.source = ...'",
				   key_names[k]);
			return at(err, rl->name, rl->key[k].line, key_names[k]);
		}
		if (!rl->key[k].line && rl->key[k].source_line) {
			rl_err_set(err, RL_EINVAL, "a source for '%s', which is not set",
				   key_names[k]);
			return at(err, rl->name, rl->key[k].source_line, NULL);
		}
	}
	for (size_t i = 0; i < sizeof(required) / sizeof(required[0]); i++) {
		if (!rl->key[required[i]].line) {
			rl_err_set(err, RL_EINVAL, "'%s' is missing", key_names[required[i]]);
			return at(err, rl->name, last_line, NULL);
		}
	}
	return 0;
}

/* A key that must be present exactly when `needed`. */
static int key_iff(struct rule_load *rl, enum rule_key k, bool needed, const char *why,
		   long last_line, struct rl_err *err)
{
	if (needed && !rl->key[k].line) {
		rl_err_set(err, RL_EINVAL, "'%s' is missing (%s)", key_names[k], why);
		return at(err, rl->name, last_line, NULL);
	}
	if (!needed && rl->key[k].line) {
		rl_err_set(err, RL_EINVAL, "'%s' is only used %s", key_names[k], why);
		return at(err, rl->name, rl->key[k].line, key_names[k]);
	}
	return 0;
}

static int rule_values(struct rule_load *rl, const char *expect_name, long last_line,
		       struct rl_interest_rule *out, struct rl_err *err)
{
	const struct slot *cur;
	bool floored, has_indemnity;
	int64_t v;
	int rc;

	cur = &rl->key[K_NAME];
	if (cur->len >= sizeof(out->name))
		return bad_value(rl, K_NAME, "a name of at most 31 bytes", err);
	copy_str(out->name, sizeof(out->name), cur->v, cur->len);
	if (expect_name && strcmp(out->name, expect_name) != 0) {
		rl_err_set(err, RL_EINVAL, "'%s' does not match the file name '%s'", out->name,
			   expect_name);
		return at(err, rl->name, cur->line, "name");
	}
	if (rl->key[K_TITLE].len >= sizeof(out->title))
		return bad_value(rl, K_TITLE, "a title of at most 159 bytes", err);
	copy_str(out->title, sizeof(out->title), rl->key[K_TITLE].v, rl->key[K_TITLE].len);
	cur = &rl->key[K_CHECKED];
	if (cur->len != 7)
		return bad_value(rl, K_CHECKED, "a month 'YYYY-MM'", err);
	{
		char ymd[RL_DATE_ISO_LEN + 1];
		rl_date d;

		memcpy(ymd, cur->v, 7);
		memcpy(ymd + 7, "-01", 4);
		if (rl_date_parse(ymd, RL_DATE_ISO_LEN, "YYYY-MM-DD", &d, NULL))
			return bad_value(rl, K_CHECKED, "a month 'YYYY-MM'", err);
	}
	copy_str(out->checked, sizeof(out->checked), cur->v, cur->len);

	if (rl_rate_source_parse(value_of(rl, K_RATE_SOURCE), &out->source))
		return bad_value(rl, K_RATE_SOURCE,
				 "a rate source (ecb, fr-legal-other, fr-legal-private, de-base, "
				 "uk-boe)",
				 err);
	if (rl_rate_pick_parse(value_of(rl, K_RATE_PICK), &out->pick))
		return bad_value(rl, K_RATE_PICK, "on-day, half-year-start or half-year-eve", err);
	if ((rc = parse_rate_key(rl, K_MARGIN, &out->margin, err)))
		return rc;
	if (rl_day_count_parse(value_of(rl, K_DAY_COUNT), &out->day_count))
		return bad_value(rl, K_DAY_COUNT, "act/365 or act/act", err);
	if (rl_interest_start_parse(value_of(rl, K_START), &out->start))
		return bad_value(rl, K_START, "due or notice", err);
	if (rl_contract_policy_parse(value_of(rl, K_CONTRACT), &out->contract))
		return bad_value(rl, K_CONTRACT, "ignored, replaces, if-higher or floored", err);

	floored = out->contract == RL_CONTRACT_FLOORED;
	if ((rc = key_iff(rl, K_FLOOR_SOURCE, floored, "with contract = floored", last_line,
			  err)) ||
	    (rc = key_iff(rl, K_FLOOR_FACTOR, floored, "with contract = floored", last_line, err)))
		return rc;
	if (floored) {
		if (rl_rate_source_parse(value_of(rl, K_FLOOR_SOURCE), &out->floor_source))
			return bad_value(rl, K_FLOOR_SOURCE, "a rate source", err);
		if ((rc = parse_int(rl, K_FLOOR_FACTOR, 1, 100, &out->floor_factor, err)))
			return rc;
	}
	if ((rc = key_iff(rl, K_JUDGMENT_MONTHS, rl->key[K_JUDGMENT_MARGIN].line != 0,
			  "with judgment_margin", last_line, err)))
		return rc;
	if (rl->key[K_JUDGMENT_MARGIN].line) {
		if ((rc = parse_rate_key(rl, K_JUDGMENT_MARGIN, &out->judgment_margin, err)) ||
		    (rc = parse_int(rl, K_JUDGMENT_MONTHS, 0, 24, &v, err)))
			return rc;
		out->judgment_months = (int)v;
	}

	cur = &rl->key[K_INDEMNITY];
	has_indemnity = !(cur->len == 4 && memcmp(cur->v, "none", 4) == 0);
	if ((rc = key_iff(rl, K_INDEMNITY_CURRENCY, has_indemnity, "with an indemnity", last_line,
			  err)))
		return rc;
	if (has_indemnity) {
		cur = &rl->key[K_INDEMNITY_CURRENCY];
		out->indemnity_currency = rl_currency_find(cur->v, cur->len);
		if (!out->indemnity_currency)
			return bad_value(rl, K_INDEMNITY_CURRENCY, "an ISO 4217 currency code",
					 err);
		if ((rc = parse_bands(rl, out, err)))
			return rc;
	}
	if ((rc = rl_interest_rule_check(out, err)))
		return at(err, rl->name, rl->key[K_NAME].line, NULL);
	return 0;
}

int rl_rule_load_mem(const void *data, size_t len, const char *name, const char *expect_name,
		     struct rl_interest_rule *out, struct rl_err *err)
{
	struct rule_load rl;
	const char *p = data, *end = p + len;
	long line = 0;
	int rc;

	memset(&rl, 0, sizeof(rl));
	memset(out, 0, sizeof(*out));
	rl.name = name ? name : "-";
	if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl : end;
		size_t n;

		line++;
		while (p < e && blank(*p))
			p++;
		n = (size_t)(e - p);
		if (memchr(p, '\0', n)) {
			rl_err_set(err, RL_EINVAL, "a NUL byte");
			rc = at(err, rl.name, line, NULL);
			goto fail;
		}
		while (n > 0 && blank(p[n - 1]))
			n--;
		if (n > 0 && p[0] != '#' && p[0] != ';' && (rc = rule_line(&rl, p, n, line, err)))
			goto fail;
		p = nl ? nl + 1 : end;
	}
	if ((rc = rule_keys_complete(&rl, line > 0 ? line : 1, err)) ||
	    (rc = rule_values(&rl, expect_name, line > 0 ? line : 1, out, err)))
		goto fail;
	return 0;
fail:
	memset(out, 0, sizeof(*out));
	return rc;
}

int rl_rule_load_file(const char *path, struct rl_interest_rule *out, struct rl_err *err)
{
	char expect[RL_RULE_NAME_MAX + 8];
	struct rl_buf b;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = read_file(path, &b, err)))
		return rc;
	base_name(path, expect, sizeof(expect));
	rc = rl_rule_load_mem(b.ptr ? b.ptr : "", b.len, path, expect, out, err);
	rl_buf_release(&b);
	return rc;
}
