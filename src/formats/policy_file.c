/* Policy files: see relance/formats/policy_file.h. libinih does the INI
 * syntax; this file gives the keys their meaning and checks them. */
#include <errno.h>
#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "relance/formats/csv.h"
#include "relance/formats/policy_file.h"

struct reader {
	struct rl_policy *p;
	const struct rl_currency *cur;
	char section[128];
	int32_t default_gap;
	bool gap_set[RL_POLICY_MAX_STEPS];
	bool channel_set[RL_POLICY_MAX_STEPS];
	bool offset_set[RL_POLICY_MAX_STEPS];
	char key[64];
	char msg[RL_ERR_MSG_MAX];
};

static int fail(struct reader *r, const char *key, const char *fmt, const char *value)
{
	if (r->msg[0]) /* inih reads on and reports the first bad line: keep its error */
		return 0;
	snprintf(r->key, sizeof(r->key), "%s", key);
	snprintf(r->msg, sizeof(r->msg), fmt, value);
	return 0;
}

static bool parse_days(const char *v, int32_t *out)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(v, &end, 10);
	if (!*v || *end || errno || n < -3650 || n > 3650)
		return false;
	*out = (int32_t)n;
	return true;
}

static int on_key(void *user, const char *section, const char *name, const char *value)
{
	struct reader *r = user;
	struct rl_policy *p = r->p;
	struct rl_policy_step *st;
	struct rl_money_syntax dot = { '.' };
	int32_t days;

	if (strcmp(section, "policy") == 0) {
		if (strcmp(name, "name") == 0) {
			if (!*value || strlen(value) >= sizeof(p->name))
				return fail(r, name, "'%s' is not a policy name (1 to 63 bytes)",
					    value);
			snprintf(p->name, sizeof(p->name), "%s", value);
		} else if (strcmp(name, "description") == 0) {
			snprintf(p->description, sizeof(p->description), "%s", value);
		} else if (strcmp(name, "min_gap") == 0) {
			if (!parse_days(value, &r->default_gap) || r->default_gap < 0)
				return fail(r, name, "'%s' is not a number of days", value);
		} else {
			return fail(r, name, "'%s' is not a key of [policy]", name);
		}
		return 1;
	}
	if (strncmp(section, "step:", 5) != 0)
		return fail(r, name, "[%s] is not a section (use [policy] or [step: NAME])",
			    section);
	if (strcmp(section, r->section) != 0) {
		const char *sname = section + 5;

		while (*sname == ' ')
			sname++;
		if (p->nsteps == RL_POLICY_MAX_STEPS)
			return fail(r, name, "more than %s steps", "32");
		for (size_t i = 0; i < p->nsteps; i++)
			if (strcmp(p->steps[i].name, sname) == 0)
				return fail(r, name, "step '%s' appears twice", sname);
		st = &p->steps[p->nsteps++];
		memset(st, 0, sizeof(*st));
		snprintf(st->name, sizeof(st->name), "%s", sname);
		snprintf(r->section, sizeof(r->section), "%s", section);
	}
	st = &p->steps[p->nsteps - 1];
	if (strcmp(name, "offset") == 0) {
		if (!parse_days(value, &st->offset_days))
			return fail(r, name, "'%s' is not a number of days", value);
		if (r->offset_set[p->nsteps - 1])
			return fail(r, name, "step '%s' sets offset twice (two steps of one name?)",
				    st->name);
		r->offset_set[p->nsteps - 1] = true;
	} else if (strcmp(name, "channel") == 0) {
		if (rl_channel_parse(value, &st->channel))
			return fail(r, name,
				    "'%s' is not a channel (email, letter, registered_letter, sms, "
				    "phone, formal_notice, handoff)",
				    value);
		if (r->channel_set[p->nsteps - 1])
			return fail(r, name,
				    "step '%s' sets channel twice (two steps of one name?)",
				    st->name);
		r->channel_set[p->nsteps - 1] = true;
	} else if (strcmp(name, "template") == 0) {
		snprintf(st->template_name, sizeof(st->template_name), "%s", value);
	} else if (strcmp(name, "min_gap") == 0) {
		if (!parse_days(value, &days) || days < 0)
			return fail(r, name, "'%s' is not a number of days", value);
		st->min_gap_days = days;
		r->gap_set[p->nsteps - 1] = true;
	} else if (strcmp(name, "min_balance") == 0 || strcmp(name, "fee") == 0) {
		int64_t *amount = name[0] == 'f' ? &st->fee : &st->min_balance;

		if (rl_money_parse(value, strlen(value), dot, r->cur->exponent, amount, NULL) ||
		    *amount < 0)
			return fail(r, name, "'%s' is not an amount (e.g. 15.00)", value);
	} else {
		return fail(r, name, "'%s' is not a key of a step", name);
	}
	return 1;
}

/* Checks and completes what the parser read; line is ini_parse's result. */
/* True if line number `line` of text is a "key = value" line for key:
 * inih reports the first bad line, which may be a syntax error before the
 * key the handler refused. */
static bool line_sets(const char *text, int line, const char *key)
{
	size_t n = strlen(key);

	for (int l = 1; text && l < line; l++) {
		text = strchr(text, '\n');
		if (text)
			text++;
	}
	if (!text)
		return false;
	while (*text == ' ' || *text == '\t')
		text++;
	return strncmp(text, key, n) == 0 && strchr(" \t=:", text[n]);
}

static int finish(struct reader *r, const char *name, const char *text, int line,
		  struct rl_policy *out, struct rl_err *err)
{
	if (line > 0) {
		if (!r->msg[0] || !line_sets(text, line, r->key)) {
			rl_err_set(err, RL_EINVAL,
				   "not a line of a policy file (expected [policy], "
				   "[step: NAME] or key = value)");
			return rl_err_at(err, name, line, NULL);
		}
		rl_err_set(err, RL_EINVAL, "%s", r->msg);
		return rl_err_at(err, name, line, r->key);
	}
	if (line < 0)
		return rl_err_set(err, RL_ENOMEM, "%s: cannot read", name);
	if (!out->name[0]) {
		rl_err_set(err, RL_EINVAL, "no policy name (add 'name = ...' under [policy])");
		return rl_err_at(err, name, 1, "name");
	}
	for (size_t i = 0; i < out->nsteps; i++) {
		if (!r->channel_set[i] || !r->offset_set[i])
			return rl_err_set(err, RL_EINVAL,
					  "%s: step '%s' needs an offset and a channel", name,
					  out->steps[i].name);
		if (!r->gap_set[i])
			out->steps[i].min_gap_days = r->default_gap;
	}
	if (rl_policy_validate(out, err)) {
		char msg[RL_ERR_MSG_MAX];

		snprintf(msg, sizeof(msg), "%s", err->msg);
		return rl_err_set(err, RL_EINVAL, "%s: %s", name, msg);
	}
	return 0;
}

/* Step names, templates and descriptions end up in journal payloads (JSON)
 * and PostgreSQL text: a file that is not UTF-8 is refused whole. */
static int check_utf8(const char *name, const char *text, struct rl_err *err)
{
	size_t at = 0;
	const char *why = rl_utf8_problem((const unsigned char *)text, strlen(text), &at);
	long line = 1;

	if (!why)
		return 0;
	for (size_t i = 0; i < at; i++)
		line += text[i] == '\n';
	rl_err_set(err, RL_EINVAL, "%s", why);
	return rl_err_at(err, name, line, NULL);
}

static void start(struct reader *r, const struct rl_currency *cur, struct rl_policy *out)
{
	memset(r, 0, sizeof(*r));
	memset(out, 0, sizeof(*out));
	r->p = out;
	r->cur = cur;
}

int rl_policy_file_read(const char *path, const struct rl_currency *cur, struct rl_policy *out,
			struct rl_err *err)
{
	struct reader r;
	FILE *f;
	int line;

	char *text = NULL;
	size_t cap = 0, len;
	int rc;

	start(&r, cur, out);
	f = fopen(path, "r");
	if (!f)
		return rl_err_set(err, RL_EIO, "%s: cannot open: %s", path, strerror(errno));
	/* Held in memory: an error's line is looked at again (line_sets). */
	len = (size_t)getdelim(&text, &cap, '\0', f);
	fclose(f);
	if (!text || len == (size_t)-1) {
		free(text);
		return rl_err_set(err, RL_EIO, "%s: cannot read", path);
	}
	if (!(rc = check_utf8(path, text, err))) {
		line = ini_parse_string(text, on_key, &r);
		rc = finish(&r, path, text, line, out, err);
	}
	free(text);
	return rc;
}

int rl_policy_text_read(const char *name, const char *text, const struct rl_currency *cur,
			struct rl_policy *out, struct rl_err *err)
{
	struct reader r;

	start(&r, cur, out);
	if (check_utf8(name, text, err))
		return RL_EINVAL;
	return finish(&r, name, text, ini_parse_string(text, on_key, &r), out, err);
}
