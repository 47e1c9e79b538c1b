-- Workflow (DESIGN.md §1, §3; relance dispute, promise, pause, handoff, block,
-- log): disputes, pauses and hand-offs are the invoice's case state
-- (dunning_case), blocks the customer's flag; each action, and each contact
-- made by hand, is an entry of the journal, which is the record. What the
-- daily run must find again is kept here: promises to pay.

-- A promise to pay an invoice by a day. balance is the invoice's balance
-- when the promise was made: the promise is kept when the balance on the
-- promised day is at most balance - amount, broken otherwise. The run that
-- first finds the day passed settles it (settled_on: that run's date).
CREATE TABLE promise (
	id {{pk}},
	creditor_id {{int}} NOT NULL REFERENCES creditor (id),
	invoice_id {{int}} NOT NULL REFERENCES invoice (id),
	promised_date TEXT NOT NULL,
	amount {{int}} NOT NULL CHECK (amount > 0),
	balance {{int}} NOT NULL,
	status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'kept', 'broken')),
	escalate {{int}} NOT NULL DEFAULT 0 CHECK (escalate IN (0, 1)),
	created_at TEXT NOT NULL,
	created_on TEXT NOT NULL,
	settled_on TEXT
) {{strict}};
-- At most one open promise per invoice.
CREATE UNIQUE INDEX promise_open ON promise (invoice_id) WHERE status = 'open';
CREATE INDEX promise_due ON promise (creditor_id, status, promised_date);
