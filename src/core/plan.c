/* Payment plans: schedules and their judgement. See relance/core/plan.h
 * for the rules (remainder on the first instalment, cumulative payments,
 * grace days included). */
#include "relance/core/plan.h"

int rl_plan_split(int64_t total, int n, int every, rl_date first, struct rl_plan_instalment *out,
		  size_t cap, struct rl_err *err)
{
	rl_date last_day;
	int64_t share;

	if (n < 1 || n > RL_PLAN_MAX_INSTALMENTS || (size_t)n > cap)
		return rl_err_set(err, RL_EINVAL, "the number of instalments must be 1 to %d",
				  RL_PLAN_MAX_INSTALMENTS);
	if (every < 1 || every > RL_PLAN_MAX_EVERY_DAYS)
		return rl_err_set(err, RL_EINVAL, "instalments must be 1 to %d days apart",
				  RL_PLAN_MAX_EVERY_DAYS);
	if (total <= 0)
		return rl_err_set(err, RL_EINVAL,
				  "there is nothing to pay: the total is not positive");
	if (total < n)
		return rl_err_set(err, RL_EINVAL,
				  "the total is too small for %d instalments: one would be zero",
				  n);
	rl_date_from_ymd(9999, 12, 31, &last_day);
	/* (n - 1) * every <= 119 * 366: no overflow of the day count. */
	if (first > last_day || (int64_t)first + (int64_t)(n - 1) * every > last_day)
		return rl_err_set(err, RL_ERANGE,
				  "the last instalment would fall after 9999-12-31");
	share = total / n;
	for (int i = 0; i < n; i++) {
		out[i].due = rl_date_add_days(first, i * every);
		out[i].amount = share;
	}
	out[0].amount += total % n;
	return 0;
}

int64_t rl_plan_paid_by(const struct rl_plan_paid *paid, rl_date on)
{
	int64_t sum = 0;

	for (size_t i = 0; i < paid->n; i++) {
		if (paid->v[i].date > on)
			continue;
		if (paid->v[i].amount > INT64_MAX - sum)
			return INT64_MAX;
		sum += paid->v[i].amount;
	}
	/* sum >= 0 and before >= 0 here in practice; compare rather than
	 * subtract a negative before into an overflow. */
	if (paid->before <= 0)
		return sum;
	return sum > paid->before ? sum - paid->before : 0;
}

/* The amounts of instalments 0..i together (never overflows: at most the
 * total the schedule was split from). */
static int64_t due_through(const struct rl_plan_instalment *v, size_t i)
{
	int64_t sum = 0;

	for (size_t k = 0; k <= i; k++)
		sum += v[k].amount;
	return sum;
}

static rl_date last_day_of(const struct rl_plan_instalment *in, int32_t grace_days)
{
	return rl_date_add_days(in->due, grace_days);
}

void rl_plan_judge(const struct rl_plan_instalment *v, size_t n, int32_t grace_days,
		   const struct rl_plan_paid *paid, rl_date today, struct rl_plan_judgement *out)
{
	int64_t total = n ? due_through(v, n - 1) : 0;
	int64_t now = rl_plan_paid_by(paid, today);
	size_t first_unpaid = n;

	out->verdict = RL_PLAN_HONOURED;
	out->due = total;
	out->paid = now;
	if (now >= total) {
		out->verdict = RL_PLAN_COMPLETED;
		out->instalment = n;
		return;
	}
	for (size_t i = 0; i < n; i++) {
		int64_t due = due_through(v, i);
		rl_date last = last_day_of(&v[i], grace_days);
		int64_t by_then;

		if (first_unpaid == n && now < due)
			first_unpaid = i;
		if (today <= last)
			continue; /* may still be paid, and so may the later ones */
		by_then = rl_plan_paid_by(paid, last);
		if (by_then < due) {
			out->verdict = RL_PLAN_BREACHED;
			out->instalment = i;
			out->due = due;
			out->paid = by_then;
			return;
		}
	}
	out->instalment = first_unpaid;
}

const char *rl_instalment_state_str(enum rl_instalment_state s)
{
	static const char *const names[] = { "paid", "due", "late", "breached" };

	return (unsigned)s < sizeof(names) / sizeof(names[0]) ? names[s] : "?";
}

void rl_plan_instalment_state(const struct rl_plan_instalment *v, size_t n, size_t i,
			      int32_t grace_days, const struct rl_plan_paid *paid, rl_date today,
			      int64_t *part, enum rl_instalment_state *state)
{
	int64_t before = i ? due_through(v, i - 1) : 0, now = rl_plan_paid_by(paid, today);
	rl_date last;

	*part = 0;
	*state = RL_INSTALMENT_DUE;
	if (i >= n)
		return;
	last = last_day_of(&v[i], grace_days);
	if (now > before)
		*part = now - before < v[i].amount ? now - before : v[i].amount;
	if (*part == v[i].amount)
		*state = RL_INSTALMENT_PAID;
	else if (today > last)
		*state = RL_INSTALMENT_BREACHED;
	else if (today > v[i].due)
		*state = RL_INSTALMENT_LATE;
}
