/* Ledger rules: an invoice's balance, status and lateness, allocation of a
 * payment, and the per-currency totals of `relance balance` (DESIGN.md §3). */
#include <string.h>

#include "relance/core/ledger.h"

static const char *const kind_names[] = { "business", "consumer" };
static const char *const type_names[] = { "invoice", "credit_note" };
static const char *const status_names[] = { "open", "overdue", "paid", "credit" };

static int parse_name(const char *s, const char *const *names, int n, int *out)
{
	for (int i = 0; i < n; i++) {
		if (strcmp(s, names[i]) == 0) {
			*out = i;
			return 0;
		}
	}
	return RL_EINVAL;
}

const char *rl_customer_kind_str(enum rl_customer_kind k)
{
	return kind_names[k == RL_CUSTOMER_CONSUMER];
}

int rl_customer_kind_parse(const char *s, enum rl_customer_kind *out)
{
	int v;

	if (parse_name(s, kind_names, 2, &v))
		return RL_EINVAL;
	*out = (enum rl_customer_kind)v;
	return 0;
}

const char *rl_doc_type_str(enum rl_doc_type t)
{
	return type_names[t == RL_DOC_CREDIT_NOTE];
}

int rl_doc_type_parse(const char *s, enum rl_doc_type *out)
{
	int v;

	if (parse_name(s, type_names, 2, &v))
		return RL_EINVAL;
	*out = (enum rl_doc_type)v;
	return 0;
}

const char *rl_invoice_status_str(enum rl_invoice_status s)
{
	return (unsigned)s < 4 ? status_names[s] : "?";
}

int rl_invoice_status_parse(const char *s, enum rl_invoice_status *out)
{
	int v;

	if (parse_name(s, status_names, 4, &v))
		return RL_EINVAL;
	*out = (enum rl_invoice_status)v;
	return 0;
}

int64_t rl_invoice_balance(const struct rl_invoice *inv)
{
	int64_t b;

	if (__builtin_sub_overflow(inv->amount, inv->paid, &b))
		return inv->paid > 0 ? INT64_MIN : INT64_MAX;
	return b;
}

enum rl_invoice_status rl_invoice_status_on(const struct rl_invoice *inv, rl_date asof)
{
	int64_t bal = rl_invoice_balance(inv);

	if (inv->type == RL_DOC_CREDIT_NOTE || bal < 0)
		return RL_STATUS_CREDIT;
	if (bal == 0)
		return RL_STATUS_PAID;
	return asof > inv->due_date ? RL_STATUS_OVERDUE : RL_STATUS_OPEN;
}

int32_t rl_invoice_days_late(const struct rl_invoice *inv, rl_date asof)
{
	if (rl_invoice_status_on(inv, asof) != RL_STATUS_OVERDUE)
		return 0;
	return rl_date_diff(inv->due_date, asof);
}

int64_t rl_allocation_amount(int64_t available, int64_t balance)
{
	if (available <= 0 || balance <= 0)
		return 0;
	return available < balance ? available : balance;
}

int rl_balance_add_invoice(struct rl_balance *b, const struct rl_invoice *inv, rl_date asof)
{
	struct rl_balance n = *b;
	enum rl_invoice_status st = rl_invoice_status_on(inv, asof);
	int64_t bal = rl_invoice_balance(inv);

	if (rl_money_add(n.invoiced, inv->amount, &n.invoiced))
		return RL_ERANGE;
	if (st == RL_STATUS_OPEN || st == RL_STATUS_OVERDUE)
		n.open_count++;
	if (st == RL_STATUS_OVERDUE) {
		if (rl_money_add(n.overdue, bal, &n.overdue))
			return RL_ERANGE;
		n.overdue_count++;
	}
	if (rl_money_sub(n.invoiced, n.paid, &n.outstanding))
		return RL_ERANGE;
	*b = n;
	return 0;
}

int rl_balance_add_paid(struct rl_balance *b, int64_t paid)
{
	struct rl_balance n = *b;

	if (rl_money_add(n.paid, paid, &n.paid) || rl_money_sub(n.invoiced, n.paid, &n.outstanding))
		return RL_ERANGE;
	*b = n;
	return 0;
}
