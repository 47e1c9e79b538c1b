/* Dunning policies in the database: see relance/store/policy.h. Portable
 * SQL (relance/store/sql.h) for both backends. */
#include <stdio.h>
#include <string.h>

#include "relance/store/policy.h"
#include "relance/store/sql.h"

static const char sql_find[] = "SELECT id FROM policy WHERE creditor_id = $1 AND name = $2";
static const char sql_insert[] =
	"INSERT INTO policy (creditor_id, name, description) VALUES ($1, $2, $3) RETURNING id";
static const char sql_describe[] = "UPDATE policy SET description = $2 WHERE id = $1";
static const char sql_clear_steps[] = "DELETE FROM policy_step WHERE policy_id = $1";
static const char sql_add_step[] =
	"INSERT INTO policy_step (policy_id, idx, name, offset_days, channel, template, fee, "
	"min_balance, min_gap_days) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";

int rl_policy_save(rl_store *s, int64_t creditor, const struct rl_policy *p, int64_t *id,
		   struct rl_err *err)
{
	struct rl_sql_value k[3] = { rl_sql_int(creditor), rl_sql_text(p->name),
				     rl_sql_text(p->description) };
	bool found;
	int64_t pid;
	int rc;

	if ((rc = rl_policy_validate(p, err)))
		return rc;
	if ((rc = rl_sql_query_int(s, sql_find, k, 2, &pid, &found, err)))
		return rc;
	if (!found && (rc = rl_sql_query_int(s, sql_insert, k, 3, &pid, &found, err)))
		return rc;
	if (!found)
		return rl_err_set(err, RL_EIO, "policy '%s' could not be saved", p->name);
	{
		struct rl_sql_value d[2] = { rl_sql_int(pid), rl_sql_text(p->description) };

		if ((rc = rl_sql_exec(s, sql_describe, d, 2, NULL, err)) ||
		    (rc = rl_sql_exec(s, sql_clear_steps, d, 1, NULL, err)))
			return rc;
	}
	for (size_t i = 0; i < p->nsteps; i++) {
		const struct rl_policy_step *st = &p->steps[i];
		struct rl_sql_value v[9] = {
			rl_sql_int(pid),
			rl_sql_int((int64_t)i),
			rl_sql_text(st->name),
			rl_sql_int(st->offset_days),
			rl_sql_text(rl_channel_str(st->channel)),
			rl_sql_text(st->template_name),
			rl_sql_int(st->fee),
			rl_sql_int(st->min_balance),
			rl_sql_int(st->min_gap_days),
		};

		if ((rc = rl_sql_exec(s, sql_add_step, v, 9, NULL, err)))
			return rc;
	}
	if (id)
		*id = pid;
	return 0;
}

struct load_ctx {
	struct rl_policy *p;
	struct rl_err *err;
	bool found;
};

static int head_row(void *ctx, const struct rl_sql_row *row)
{
	struct load_ctx *l = ctx;

	snprintf(l->p->name, sizeof(l->p->name), "%s", rl_sql_col_text(row, 0));
	snprintf(l->p->description, sizeof(l->p->description), "%s", rl_sql_col_text(row, 1));
	l->found = true;
	return 1;
}

static int step_row(void *ctx, const struct rl_sql_row *row)
{
	struct load_ctx *l = ctx;
	struct rl_policy_step *st;

	if (l->p->nsteps == RL_POLICY_MAX_STEPS)
		return rl_err_set(l->err, RL_EINVAL, "policy '%s' has too many steps", l->p->name);
	st = &l->p->steps[l->p->nsteps++];
	snprintf(st->name, sizeof(st->name), "%s", rl_sql_col_text(row, 0));
	st->offset_days = (int32_t)rl_sql_col_int(row, 1);
	rl_channel_parse(rl_sql_col_text(row, 2), &st->channel);
	snprintf(st->template_name, sizeof(st->template_name), "%s", rl_sql_col_text(row, 3));
	st->fee = rl_sql_col_int(row, 4);
	st->min_balance = rl_sql_col_int(row, 5);
	st->min_gap_days = (int32_t)rl_sql_col_int(row, 6);
	return 0;
}

int rl_policy_load_id(rl_store *s, int64_t id, struct rl_policy *out, struct rl_err *err)
{
	static const char sql_head[] = "SELECT name, description FROM policy WHERE id = $1";
	static const char sql_steps[] =
		"SELECT name, offset_days, channel, template, fee, min_balance, min_gap_days "
		"FROM policy_step WHERE policy_id = $1 ORDER BY idx";
	struct load_ctx l = { out, err, false };
	struct rl_sql_value k[1] = { rl_sql_int(id) };
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = rl_sql_query(s, sql_head, k, 1, head_row, &l, err)) < 0)
		return rc;
	if (!l.found)
		return rl_err_set(err, RL_ENOTFOUND, "no policy with id %lld", (long long)id);
	rc = rl_sql_query(s, sql_steps, k, 1, step_row, &l, err);
	return rc < 0 ? rc : 0;
}

int rl_policy_load(rl_store *s, int64_t creditor, const char *name, struct rl_policy *out,
		   int64_t *id, struct rl_err *err)
{
	struct rl_sql_value k[2] = { rl_sql_int(creditor), rl_sql_text(name) };
	bool found;
	int64_t pid;
	int rc;

	if ((rc = rl_sql_query_int(s, sql_find, k, 2, &pid, &found, err)))
		return rc;
	if (!found)
		return rl_err_set(err, RL_ENOTFOUND, "no policy '%s' (see 'relance policy list')",
				  name);
	if (id)
		*id = pid;
	return rl_policy_load_id(s, pid, out, err);
}

struct each_ctx {
	rl_policy_fn fn;
	void *ctx;
};

static int summary_row(void *ctx, const struct rl_sql_row *row)
{
	struct each_ctx *c = ctx;
	struct rl_policy_summary p = {
		rl_sql_col_int(row, 0), rl_sql_col_text(row, 1), rl_sql_col_text(row, 2),
		rl_sql_col_int(row, 3), rl_sql_col_int(row, 4),  rl_sql_col_int(row, 5) != 0,
	};

	return c->fn(c->ctx, &p);
}

int rl_policy_each(rl_store *s, int64_t creditor, rl_policy_fn fn, void *ctx, struct rl_err *err)
{
	static const char sql[] =
		"SELECT p.id, p.name, p.description, "
		"(SELECT count(*) FROM policy_step st WHERE st.policy_id = p.id), "
		"(SELECT count(*) FROM customer c WHERE c.policy_id = p.id), "
		"CASE WHEN p.id = (SELECT default_policy_id FROM creditor WHERE id = $1) THEN 1 "
		"ELSE 0 END FROM policy p WHERE p.creditor_id = $1 ORDER BY p.name";
	struct each_ctx c = { fn, ctx };
	struct rl_sql_value k[1] = { rl_sql_int(creditor) };
	int rc = rl_sql_query(s, sql, k, 1, summary_row, &c, err);

	return rc;
}

int rl_policy_set_default(rl_store *s, int64_t creditor, int64_t policy_id, struct rl_err *err)
{
	static const char sql[] = "UPDATE creditor SET default_policy_id = $2 WHERE id = $1";
	struct rl_sql_value k[2] = { rl_sql_int(creditor), rl_sql_int(policy_id) };

	return rl_sql_exec(s, sql, k, 2, NULL, err);
}

int rl_policy_default(rl_store *s, int64_t creditor, int64_t *policy_id, struct rl_err *err)
{
	static const char sql[] =
		"SELECT coalesce(default_policy_id, 0) FROM creditor WHERE id = $1";
	struct rl_sql_value k[1] = { rl_sql_int(creditor) };

	return rl_sql_query_int(s, sql, k, 1, policy_id, NULL, err);
}

int rl_policy_assign(rl_store *s, int64_t creditor, const char *customer_code, int64_t policy_id,
		     struct rl_err *err)
{
	static const char sql[] =
		"UPDATE customer SET policy_id = $3 WHERE creditor_id = $1 AND code = $2";
	struct rl_sql_value k[3] = { rl_sql_int(creditor), rl_sql_text(customer_code),
				     policy_id ? rl_sql_int(policy_id) : rl_sql_null() };
	int64_t changed = 0;
	int rc = rl_sql_exec(s, sql, k, 3, &changed, err);

	if (rc)
		return rc;
	if (!changed)
		return rl_err_set(err, RL_ENOTFOUND, "no customer '%s'", customer_code);
	return 0;
}
