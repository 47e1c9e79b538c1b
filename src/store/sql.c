/* Portable SQL: see relance/store/sql.h. Dispatches to the backend. */
#include "relance/store/sql.h"
#include "store_int.h"

int64_t rl_sql_col_int(const struct rl_sql_row *r, int col)
{
	return r->ops->col_int(r, col);
}

const char *rl_sql_col_text(const struct rl_sql_row *r, int col)
{
	return r->ops->col_text(r, col);
}

bool rl_sql_col_null(const struct rl_sql_row *r, int col)
{
	return r->ops->col_null(r, col);
}

int rl_sql_exec(rl_store *s, const char *sql, const struct rl_sql_value *params, int nparams,
		int64_t *changes, struct rl_err *err)
{
	return s->sql->exec(s, sql, params, nparams, changes, err);
}

int rl_sql_query(rl_store *s, const char *sql, const struct rl_sql_value *params, int nparams,
		 rl_sql_row_fn fn, void *ctx, struct rl_err *err)
{
	return s->sql->query(s, sql, params, nparams, fn, ctx, err);
}

int rl_sql_scan(rl_store *s, const char *sql, const struct rl_sql_value *params, int nparams,
		rl_sql_row_fn fn, void *ctx, struct rl_err *err)
{
	return s->sql->scan(s, sql, params, nparams, fn, ctx, err);
}

struct counted {
	rl_sql_row_fn fn;
	void *ctx;
	int64_t rows;
};

static int count_row(void *ctx, const struct rl_sql_row *row)
{
	struct counted *c = ctx;

	c->rows++;
	return c->fn(c->ctx, row);
}

int rl_sql_batch(rl_store *s, const struct rl_sql_batch *b, const struct rl_sql_value *values,
		 size_t nrows, rl_sql_row_fn fn, void *ctx, int64_t *changes, struct rl_err *err)
{
	struct counted c = { fn, ctx, 0 };
	int64_t total = 0;
	int rc = 0;

	if (s->sql->batch)
		return s->sql->batch(s, b, values, nrows, fn, ctx, changes, err);
	for (size_t r = 0; r < nrows && !rc; r++) {
		const struct rl_sql_value *row = values + r * (size_t)b->ncols;
		int64_t n = 0;

		if (fn)
			rc = rl_sql_query(s, b->row_sql, row, b->ncols, count_row, &c, err);
		else if (!(rc = rl_sql_exec(s, b->row_sql, row, b->ncols, &n, err)))
			total += n;
	}
	if (changes)
		*changes = fn ? c.rows : total;
	return rc;
}

struct first_int {
	int64_t value;
	bool found;
};

static int take_first(void *ctx, const struct rl_sql_row *row)
{
	struct first_int *f = ctx;

	f->value = rl_sql_col_int(row, 0);
	f->found = true;
	return 1;
}

int rl_sql_query_int(rl_store *s, const char *sql, const struct rl_sql_value *params, int nparams,
		     int64_t *out, bool *found, struct rl_err *err)
{
	struct first_int f = { 0, false };
	int rc = rl_sql_query(s, sql, params, nparams, take_first, &f, err);

	if (rc < 0)
		return rc;
	*out = f.value;
	if (found)
		*found = f.found;
	return 0;
}
