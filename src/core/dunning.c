/* The dunning decision: see relance/core/dunning.h and DESIGN.md §4. */
#include <stdio.h>
#include <string.h>

#include "relance/core/dunning.h"

static const char *const channel_names[RL_CHANNEL_COUNT] = {
	"email", "letter", "registered_letter", "sms", "phone", "formal_notice", "handoff",
};

const char *rl_channel_str(enum rl_channel c)
{
	return (unsigned)c < RL_CHANNEL_COUNT ? channel_names[c] : "?";
}

int rl_channel_parse(const char *s, enum rl_channel *out)
{
	for (int i = 0; i < RL_CHANNEL_COUNT; i++) {
		if (strcmp(s, channel_names[i]) == 0) {
			*out = (enum rl_channel)i;
			return 0;
		}
	}
	return RL_EINVAL;
}

const char *rl_decision_str(enum rl_decision d)
{
	static const char *const names[] = {
		[RL_DECIDE_STEP] = "step",
		[RL_DECIDE_NOT_DUE] = "not due",
		[RL_DECIDE_GAP] = "minimum gap",
		[RL_DECIDE_MIN_BALANCE] = "below minimum balance",
		[RL_DECIDE_PAUSED] = "paused",
		[RL_DECIDE_BLOCKED] = "customer blocked",
		[RL_DECIDE_HANDED_OFF] = "handed off",
		[RL_DECIDE_DONE_TODAY] = "step done today",
		[RL_DECIDE_FINISHED] = "all steps done",
		[RL_DECIDE_SETTLED] = "settled",
	};

	return (unsigned)d < sizeof(names) / sizeof(names[0]) ? names[d] : "?";
}

int rl_policy_validate(const struct rl_policy *p, struct rl_err *err)
{
	if (!p->name[0])
		return rl_err_set(err, RL_EINVAL, "a policy needs a name");
	if (p->nsteps == 0 || p->nsteps > RL_POLICY_MAX_STEPS)
		return rl_err_set(err, RL_EINVAL, "policy '%s' needs 1 to %d steps", p->name,
				  RL_POLICY_MAX_STEPS);
	for (size_t i = 0; i < p->nsteps; i++) {
		const struct rl_policy_step *s = &p->steps[i];

		if (!s->name[0])
			return rl_err_set(err, RL_EINVAL, "policy '%s': step %zu has no name",
					  p->name, i + 1);
		if (i > 0 && s->offset_days < p->steps[i - 1].offset_days)
			return rl_err_set(err, RL_EINVAL,
					  "policy '%s': step '%s' comes before the step it follows "
					  "(offset %d < %d)",
					  p->name, s->name, (int)s->offset_days,
					  (int)p->steps[i - 1].offset_days);
		if (s->min_gap_days < 0 || s->fee < 0 || s->min_balance < 0)
			return rl_err_set(
				err, RL_EINVAL,
				"policy '%s': step '%s' has a negative gap, fee or minimum",
				p->name, s->name);
		if ((unsigned)s->channel >= RL_CHANNEL_COUNT)
			return rl_err_set(err, RL_EINVAL, "policy '%s': step '%s' has no channel",
					  p->name, s->name);
	}
	return 0;
}

/* The next step to consider: the one after the last done, passing over
 * courtesy steps whose day (before the due date) has gone by. */
static int next_step(const struct rl_policy *p, const struct rl_case *c, rl_date due, rl_date today)
{
	int i = c->last_step + 1;

	while ((size_t)i < p->nsteps && p->steps[i].offset_days < 0 && today > due)
		i++;
	return i;
}

void rl_dunning_decide(const struct rl_policy *p, const struct rl_case *c,
		       const struct rl_dunning_input *in, rl_date today,
		       struct rl_dunning_result *out)
{
	const struct rl_policy_step *s;
	int i;

	memset(out, 0, sizeof(*out));
	out->step = -1;
	if (in->balance <= 0) {
		out->decision = RL_DECIDE_SETTLED;
		return;
	}
	if (c->handed_off) {
		out->decision = RL_DECIDE_HANDED_OFF;
		return;
	}
	if (in->customer_blocked) {
		out->decision = RL_DECIDE_BLOCKED;
		return;
	}
	if (in->customer_paused || (c->pause != RL_PAUSE_NONE && (c->paused_until == RL_DATE_NONE ||
								  today <= c->paused_until))) {
		out->decision = RL_DECIDE_PAUSED;
		return;
	}
	/* Running every hour must equal running once a day. */
	if (c->last_step >= 0 && c->last_step_date >= today) {
		out->decision = RL_DECIDE_DONE_TODAY;
		return;
	}
	i = next_step(p, c, in->due_date, today);
	if ((size_t)i >= p->nsteps) {
		out->decision = RL_DECIDE_FINISHED;
		return;
	}
	/* A step whose minimum the balance does not reach is passed over for
	 * the first later one it does reach (a phone call with no minimum after
	 * a registered letter with one). With none, the invoice waits at its
	 * next step: its balance may rise again (a payment cancelled). */
	for (int j = i; (size_t)j < p->nsteps; j++) {
		if (in->balance >= p->steps[j].min_balance) {
			i = j;
			break;
		}
	}
	s = &p->steps[i];
	out->step = i;
	if (today < in->due_date + s->offset_days) {
		out->decision = RL_DECIDE_NOT_DUE;
		out->on = in->due_date + s->offset_days;
		return;
	}
	if (c->last_step >= 0 && today < c->last_step_date + s->min_gap_days) {
		out->decision = RL_DECIDE_GAP;
		out->on = c->last_step_date + s->min_gap_days;
		return;
	}
	if (in->balance < s->min_balance) {
		out->decision = RL_DECIDE_MIN_BALANCE;
		return;
	}
	out->decision = RL_DECIDE_STEP;
}
