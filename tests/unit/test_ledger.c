/* Unit tests of the ledger rules (core/ledger.c): balance, status, lateness,
 * allocation and the per-currency totals, as tables of cases. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "relance/core/ledger.h"

static rl_date D(const char *iso)
{
	rl_date d = 0;

	assert_int_equal(rl_date_parse(iso, strlen(iso), "YYYY-MM-DD", &d, NULL), 0);
	return d;
}

static void status_follows_balance_and_due_date(void **state)
{
	static const struct {
		enum rl_doc_type type;
		int64_t amount, paid;
		const char *due, *asof;
		enum rl_invoice_status want;
		int32_t days_late;
	} cases[] = {
		{ RL_DOC_INVOICE, 10000, 0, "2026-10-01", "2026-09-30", RL_STATUS_OPEN, 0 },
		{ RL_DOC_INVOICE, 10000, 0, "2026-10-01", "2026-10-01", RL_STATUS_OPEN, 0 },
		{ RL_DOC_INVOICE, 10000, 0, "2026-10-01", "2026-10-02", RL_STATUS_OVERDUE, 1 },
		{ RL_DOC_INVOICE, 10000, 9999, "2026-10-01", "2026-12-31", RL_STATUS_OVERDUE, 91 },
		{ RL_DOC_INVOICE, 10000, 10000, "2026-10-01", "2026-12-31", RL_STATUS_PAID, 0 },
		{ RL_DOC_INVOICE, 10000, 12000, "2026-10-01", "2026-12-31", RL_STATUS_CREDIT, 0 },
		{ RL_DOC_CREDIT_NOTE, -5000, 0, "2026-10-01", "2026-12-31", RL_STATUS_CREDIT, 0 },
		{ RL_DOC_INVOICE, 1, 0, "2024-02-28", "2024-03-01", RL_STATUS_OVERDUE, 2 },
		{ RL_DOC_INVOICE, 1, 0, "2023-02-28", "2023-03-01", RL_STATUS_OVERDUE, 1 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct rl_invoice inv = { 0 };

		inv.type = cases[i].type;
		inv.amount = cases[i].amount;
		inv.paid = cases[i].paid;
		inv.due_date = D(cases[i].due);
		if (rl_invoice_status_on(&inv, D(cases[i].asof)) != cases[i].want ||
		    rl_invoice_days_late(&inv, D(cases[i].asof)) != cases[i].days_late)
			fail_msg(
				"case %zu: status %s, %d days late", i,
				rl_invoice_status_str(rl_invoice_status_on(&inv, D(cases[i].asof))),
				rl_invoice_days_late(&inv, D(cases[i].asof)));
	}
}

static void allocation_never_exceeds_payment_or_balance(void **state)
{
	static const struct {
		int64_t available, balance, want;
	} cases[] = {
		{ 100, 50, 50 },   { 50, 100, 50 },
		{ 100, 100, 100 }, { 0, 100, 0 },
		{ 100, 0, 0 },     { 100, -20, 0 },
		{ -5, 100, 0 },    { INT64_MAX, INT64_MAX, INT64_MAX },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (rl_allocation_amount(cases[i].available, cases[i].balance) != cases[i].want)
			fail_msg("case %zu", i);
}

static void balance_totals_invoiced_paid_and_overdue(void **state)
{
	const struct rl_currency *eur = rl_currency_find("EUR", 3);
	struct rl_balance b = { .currency = eur };
	struct rl_invoice a = { .type = RL_DOC_INVOICE, .amount = 120000, .paid = 120000 };
	struct rl_invoice c = { .type = RL_DOC_INVOICE, .amount = 30050, .paid = 0 };
	struct rl_invoice n = { .type = RL_DOC_CREDIT_NOTE, .amount = -15000 };
	rl_date asof = D("2026-11-24");

	(void)state;
	a.due_date = D("2026-10-01");
	c.due_date = D("2026-11-14");
	n.due_date = D("2026-10-10");
	assert_int_equal(rl_balance_add_invoice(&b, &a, asof), 0);
	assert_int_equal(rl_balance_add_invoice(&b, &c, asof), 0);
	assert_int_equal(rl_balance_add_invoice(&b, &n, asof), 0);
	assert_int_equal(rl_balance_add_paid(&b, 120000), 0);
	assert_int_equal(b.invoiced, 135050);
	assert_int_equal(b.paid, 120000);
	assert_int_equal(b.outstanding, 15050);
	assert_int_equal(b.overdue, 30050);
	assert_int_equal(b.overdue_count, 1);
	assert_int_equal(b.open_count, 1);
}

static void balance_overflow_leaves_totals_unchanged(void **state)
{
	struct rl_balance b = { .invoiced = INT64_MAX - 1 };
	struct rl_invoice big = { .type = RL_DOC_INVOICE, .amount = 10 };

	(void)state;
	assert_int_equal(rl_balance_add_invoice(&b, &big, 0), RL_ERANGE);
	assert_int_equal(b.invoiced, INT64_MAX - 1);
	assert_int_equal(b.open_count, 0);
}

static void names_round_trip(void **state)
{
	enum rl_invoice_status st;
	enum rl_customer_kind k;
	enum rl_doc_type t;

	(void)state;
	for (int i = RL_STATUS_OPEN; i <= RL_STATUS_CREDIT; i++) {
		assert_int_equal(rl_invoice_status_parse(rl_invoice_status_str(i), &st), 0);
		assert_int_equal(st, i);
	}
	assert_int_equal(rl_customer_kind_parse("consumer", &k), 0);
	assert_int_equal(k, RL_CUSTOMER_CONSUMER);
	assert_int_equal(rl_doc_type_parse("credit_note", &t), 0);
	assert_int_equal(t, RL_DOC_CREDIT_NOTE);
	assert_int_equal(rl_doc_type_parse("avoir", &t), RL_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(status_follows_balance_and_due_date),
		cmocka_unit_test(allocation_never_exceeds_payment_or_balance),
		cmocka_unit_test(balance_totals_invoiced_paid_and_overdue),
		cmocka_unit_test(balance_overflow_leaves_totals_unchanged),
		cmocka_unit_test(names_round_trip),
	};

	return cmocka_run_group_tests_name("ledger", tests, NULL, NULL);
}
