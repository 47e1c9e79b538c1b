/* API tokens in the database: see relance/store/token.h. Portable SQL
 * (relance/store/sql.h) for both backends. */
#include <stdio.h>
#include <string.h>

#include "relance/store/sql.h"
#include "relance/store/token.h"

static const char *const role_names[] = {
	[RL_ROLE_VIEWER] = "viewer",
	[RL_ROLE_COLLECTOR] = "collector",
	[RL_ROLE_ADMIN] = "admin",
};

const char *rl_token_role_str(enum rl_token_role r)
{
	return (unsigned)r < sizeof(role_names) / sizeof(role_names[0]) ? role_names[r] : "?";
}

int rl_token_role_parse(const char *s, enum rl_token_role *out)
{
	for (size_t i = 0; i < sizeof(role_names) / sizeof(role_names[0]); i++) {
		if (strcmp(s, role_names[i]) == 0) {
			*out = (enum rl_token_role)i;
			return 0;
		}
	}
	return RL_EINVAL;
}

int rl_token_insert(rl_store *s, int64_t creditor, const char *name, enum rl_token_role role,
		    const char *hash_hex, const char *created_at, struct rl_err *err)
{
	/* ON CONFLICT DO NOTHING: a name in force (or a hash) already there
	 * must not abort a PostgreSQL transaction; *changes tells. */
	static const char sql[] =
		"INSERT INTO api_token (creditor_id, name, role, hash, created_at) "
		"VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING";
	struct rl_sql_value p[5] = {
		rl_sql_int(creditor),
		rl_sql_text(name),
		rl_sql_text(rl_token_role_str(role)),
		rl_sql_text(hash_hex),
		rl_sql_text(created_at),
	};
	int64_t changes = 0;
	int rc;

	if ((rc = rl_sql_exec(s, sql, p, 5, &changes, err)))
		return rc;
	if (changes != 1)
		return rl_err_set(err, RL_ECONFLICT, "a token named '%s' exists already", name);
	return 0;
}

int rl_token_revoke(rl_store *s, int64_t creditor, const char *name, const char *at,
		    struct rl_err *err)
{
	static const char sql[] = "UPDATE api_token SET revoked_at = $3 "
				  "WHERE creditor_id = $1 AND name = $2 AND revoked_at IS NULL";
	struct rl_sql_value p[3] = { rl_sql_int(creditor), rl_sql_text(name), rl_sql_text(at) };
	int64_t changes = 0;
	int rc;

	if ((rc = rl_sql_exec(s, sql, p, 3, &changes, err)))
		return rc;
	if (changes == 0)
		return rl_err_set(err, RL_ENOTFOUND, "no token named '%s'", name);
	return 0;
}

struct found {
	struct rl_token_found *out;
	bool found;
};

static int take_found(void *ctx, const struct rl_sql_row *row)
{
	struct found *f = ctx;

	snprintf(f->out->name, sizeof(f->out->name), "%s", rl_sql_col_text(row, 0));
	if (rl_token_role_parse(rl_sql_col_text(row, 1), &f->out->role))
		f->out->role = RL_ROLE_VIEWER; /* the CHECK constraint makes this unreachable */
	snprintf(f->out->hash_hex, sizeof(f->out->hash_hex), "%s", rl_sql_col_text(row, 2));
	f->found = true;
	return 1;
}

int rl_token_find(rl_store *s, int64_t creditor, const char *hash_hex, struct rl_token_found *out,
		  struct rl_err *err)
{
	static const char sql[] = "SELECT name, role, hash FROM api_token "
				  "WHERE creditor_id = $1 AND hash = $2 AND revoked_at IS NULL";
	struct rl_sql_value p[2] = { rl_sql_int(creditor), rl_sql_text(hash_hex) };
	struct found f = { out, false };
	int rc;

	memset(out, 0, sizeof(*out));
	rc = rl_sql_query(s, sql, p, 2, take_found, &f, err);
	if (rc < 0)
		return rc;
	if (!f.found)
		return rl_err_set(err, RL_ENOTFOUND, "no such token");
	return 0;
}

struct each_ctx {
	rl_token_fn fn;
	void *ctx;
};

static int each_row(void *ctx, const struct rl_sql_row *row)
{
	struct each_ctx *c = ctx;
	struct rl_token_row t;

	t.name = rl_sql_col_text(row, 0);
	if (rl_token_role_parse(rl_sql_col_text(row, 1), &t.role))
		t.role = RL_ROLE_VIEWER;
	t.created_at = rl_sql_col_text(row, 2);
	t.revoked_at = rl_sql_col_text(row, 3);
	return c->fn(c->ctx, &t);
}

int rl_token_each(rl_store *s, int64_t creditor, rl_token_fn fn, void *ctx, struct rl_err *err)
{
	static const char sql[] =
		"SELECT name, role, created_at, coalesce(revoked_at, '') FROM api_token "
		"WHERE creditor_id = $1 ORDER BY created_at, id";
	struct rl_sql_value p[1] = { rl_sql_int(creditor) };
	struct each_ctx c = { fn, ctx };

	return rl_sql_query(s, sql, p, 1, each_row, &c, err);
}
