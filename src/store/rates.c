/* Imported reference rates: see relance/store/rates.h. Portable SQL
 * (relance/store/sql.h) for both backends. */
#include <string.h>

#include "relance/core/dunning.h"
#include "relance/store/rates.h"
#include "relance/store/sql.h"

void rl_rate_store_key(enum rl_rate_source s, const char **source, const char **category)
{
	*category = "";
	switch (s) {
	case RL_RATE_FR_LEGAL_OTHER:
		*source = "fr-legal";
		*category = "other";
		break;
	case RL_RATE_FR_LEGAL_PRIVATE:
		*source = "fr-legal";
		*category = "private";
		break;
	case RL_RATE_DE_BASE:
		*source = "de-base";
		break;
	case RL_RATE_UK_BOE:
		*source = "uk-boe";
		break;
	default:
		*source = "ecb";
		break;
	}
}

static rl_date text_date(const char *s)
{
	rl_date d = RL_DATE_NONE;

	if (rl_date_parse(s, strlen(s), "YYYY-MM-DD", &d, NULL))
		return RL_DATE_NONE;
	return d;
}

struct rows_walk {
	enum rl_rate_source source;
	rl_rate_row_fn fn;
	void *ctx;
};

static int rate_row(void *ctx, const struct rl_sql_row *row)
{
	struct rows_walk *w = ctx;
	struct rl_rate_row r;

	r.source = w->source;
	r.from = text_date(rl_sql_col_text(row, 0));
	r.rate = rl_sql_col_int(row, 1);
	r.origin = rl_sql_col_text(row, 2);
	r.imported_at = rl_sql_col_text(row, 3);
	return w->fn(w->ctx, &r);
}

int rl_rate_rows_each(rl_store *st, enum rl_rate_source s, rl_rate_row_fn fn, void *ctx,
		      struct rl_err *err)
{
	static const char sql[] = "SELECT start_date, rate, origin, imported_at FROM rate_period "
				  "WHERE source = $1 AND category = $2 ORDER BY start_date";
	struct rows_walk w = { s, fn, ctx };
	const char *source, *category;
	struct rl_sql_value p[2];

	rl_rate_store_key(s, &source, &category);
	p[0] = rl_sql_text(source);
	p[1] = rl_sql_text(category);
	return rl_sql_query(st, sql, p, 2, rate_row, &w, err);
}

static int known_row(void *ctx, const struct rl_sql_row *row)
{
	*(rl_date *)ctx = text_date(rl_sql_col_text(row, 0));
	return 1;
}

int rl_rate_known_get(rl_store *st, enum rl_rate_source s, rl_date *known, bool *found,
		      struct rl_err *err)
{
	static const char sql[] =
		"SELECT known_through FROM rate_known WHERE source = $1 AND category = $2";
	const char *source, *category;
	struct rl_sql_value p[2];
	int rc;

	rl_rate_store_key(s, &source, &category);
	p[0] = rl_sql_text(source);
	p[1] = rl_sql_text(category);
	*known = RL_DATE_NONE;
	rc = rl_sql_query(st, sql, p, 2, known_row, known, err);
	if (rc < 0)
		return rc;
	*found = *known != RL_DATE_NONE;
	return 0;
}

int rl_rate_put(rl_store *st, enum rl_rate_source s, rl_date from, int64_t rate, const char *origin,
		const char *at, enum rl_rate_put *what, int64_t *old, struct rl_err *err)
{
	static const char insert[] =
		"INSERT INTO rate_period (source, category, start_date, rate, origin, imported_at) "
		"VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (source, category, start_date) "
		"DO NOTHING";
	static const char current[] = "SELECT rate FROM rate_period WHERE source = $1 AND "
				      "category = $2 AND start_date = $3";
	static const char replace[] = "UPDATE rate_period SET rate = $4, origin = $5, "
				      "imported_at = $6 WHERE source = $1 AND category = $2 AND "
				      "start_date = $3";
	char day[RL_DATE_ISO_LEN + 1];
	const char *source, *category;
	struct rl_sql_value p[6];
	int64_t changes = 0;
	bool found;
	int rc;

	rl_rate_store_key(s, &source, &category);
	rl_date_format_iso(from, day);
	p[0] = rl_sql_text(source);
	p[1] = rl_sql_text(category);
	p[2] = rl_sql_text(day);
	p[3] = rl_sql_int(rate);
	p[4] = rl_sql_text(origin);
	p[5] = rl_sql_text(at);
	if ((rc = rl_sql_exec(st, insert, p, 6, &changes, err)))
		return rc;
	if (changes) {
		*what = RL_RATE_ADDED;
		return 0;
	}
	if ((rc = rl_sql_query_int(st, current, p, 3, old, &found, err)))
		return rc;
	if (found && *old == rate) {
		*what = RL_RATE_SAME;
		return 0;
	}
	*what = RL_RATE_REPLACED;
	return rl_sql_exec(st, replace, p, 6, NULL, err);
}

int rl_rate_known_put(rl_store *st, enum rl_rate_source s, rl_date known, const char *origin,
		      const char *at, bool *moved, struct rl_err *err)
{
	/* ISO dates compare as text. */
	static const char sql[] =
		"INSERT INTO rate_known (source, category, known_through, origin, imported_at) "
		"VALUES ($1, $2, $3, $4, $5) ON CONFLICT (source, category) DO UPDATE SET "
		"known_through = excluded.known_through, origin = excluded.origin, "
		"imported_at = excluded.imported_at "
		"WHERE excluded.known_through > rate_known.known_through";
	char day[RL_DATE_ISO_LEN + 1];
	const char *source, *category;
	struct rl_sql_value p[5];
	int64_t changes = 0;
	int rc;

	rl_rate_store_key(s, &source, &category);
	rl_date_format_iso(known, day);
	p[0] = rl_sql_text(source);
	p[1] = rl_sql_text(category);
	p[2] = rl_sql_text(day);
	p[3] = rl_sql_text(origin);
	p[4] = rl_sql_text(at);
	rc = rl_sql_exec(st, sql, p, 5, &changes, err);
	*moved = rc == 0 && changes > 0;
	return rc;
}
