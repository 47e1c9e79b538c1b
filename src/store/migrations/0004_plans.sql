-- Payment plans (DESIGN.md §1, §4; relance plan, core/plan.h): a customer's
-- debt on some invoices split into instalments. While the plan is open its
-- invoices are paused (dunning_case.pause = 'plan'); the daily run judges
-- it: completed when the total is paid, breached when an instalment is not
-- paid by its day plus grace_days, and the invoices then resume.

-- balance_then is the sum of the invoices' balances when the plan was made;
-- what is paid toward the plan is what was allocated to its invoices since
-- (plan_invoice.paid keeps what each held then, so that an invoice whose
-- amount is changed later does not turn payments into debt). total is the sum of
-- the instalments. settled_on: the run's date (completed, breached) or the
-- day of the cancellation.
CREATE TABLE payment_plan (
	id {{pk}},
	creditor_id {{int}} NOT NULL REFERENCES creditor (id),
	customer_id {{int}} NOT NULL REFERENCES customer (id),
	created_at TEXT NOT NULL,
	created_on TEXT NOT NULL,
	first_date TEXT NOT NULL,
	every_days {{int}} NOT NULL CHECK (every_days >= 1),
	instalments {{int}} NOT NULL CHECK (instalments BETWEEN 1 AND 120),
	grace_days {{int}} NOT NULL CHECK (grace_days >= 0),
	total {{int}} NOT NULL CHECK (total > 0),
	currency TEXT NOT NULL,
	balance_then {{int}} NOT NULL,
	status TEXT NOT NULL DEFAULT 'open'
		CHECK (status IN ('open', 'completed', 'breached', 'cancelled')),
	settled_on TEXT,
	note TEXT NOT NULL DEFAULT ''
) {{strict}};
CREATE INDEX payment_plan_customer ON payment_plan (customer_id);
CREATE INDEX payment_plan_status ON payment_plan (creditor_id, status);

CREATE TABLE plan_instalment (
	plan_id {{int}} NOT NULL REFERENCES payment_plan (id),
	idx {{int}} NOT NULL,
	due_date TEXT NOT NULL,
	amount {{int}} NOT NULL CHECK (amount > 0),
	PRIMARY KEY (plan_id, idx)
) {{strict}};

-- The invoices a plan covers, with each one's balance and allocations
-- (paid) when it was made.
-- open is 1 while the plan is open (kept in step with payment_plan.status
-- by the store): the partial unique index lets an invoice be in at most one
-- open plan, whatever the code does.
CREATE TABLE plan_invoice (
	plan_id {{int}} NOT NULL REFERENCES payment_plan (id),
	invoice_id {{int}} NOT NULL REFERENCES invoice (id),
	balance {{int}} NOT NULL,
	paid {{int}} NOT NULL DEFAULT 0,
	open {{int}} NOT NULL DEFAULT 1 CHECK (open IN (0, 1)),
	PRIMARY KEY (plan_id, invoice_id)
) {{strict}};
CREATE UNIQUE INDEX plan_invoice_open ON plan_invoice (invoice_id) WHERE open = 1;
