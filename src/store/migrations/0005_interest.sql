-- Late-payment interest (DESIGN.md §5, issue 4): reference-rate periods
-- imported by users, the rule and contractual rate a customer or an
-- invoice may carry, the formal notices and judgments recorded by hand,
-- and waivers. See docs/interest.md.

-- Reference-rate changes imported with `relance rates import` (the tables
-- shipped with relance are embedded in the binary and not copied here):
-- public facts, shared by every creditor of the database. source is the
-- table ('ecb', 'fr-legal', 'de-base', 'uk-boe'); category '' except for
-- fr-legal ('other': the creditor is a business, 'private': a private
-- person). rate in millionths of a percentage point (core/interest.h).
-- An imported row wins over a shipped one starting on the same day.
CREATE TABLE rate_period (
	id {{pk}},
	source {{key}} NOT NULL,
	category {{key}} NOT NULL DEFAULT '',
	start_date TEXT NOT NULL,
	rate {{int}} NOT NULL,
	origin TEXT NOT NULL,
	imported_at TEXT NOT NULL,
	UNIQUE (source, category, start_date)
) {{strict}};

-- Per imported table: the last day whose rate the imports make known (a
-- table of periods: the last period_end; of changes: its known_through).
CREATE TABLE rate_known (
	source {{key}} NOT NULL,
	category {{key}} NOT NULL DEFAULT '',
	known_through TEXT NOT NULL,
	origin TEXT NOT NULL,
	imported_at TEXT NOT NULL,
	PRIMARY KEY (source, category)
) {{strict}};

-- A rule named explicitly for a customer (data/rules/NAME.ini), instead of
-- the one its kind and the creditor's jurisdiction select.
ALTER TABLE customer ADD COLUMN interest_rule TEXT;
-- The invoice's contractual late-payment rate, millionths of a point a year.
ALTER TABLE invoice ADD COLUMN contractual_rate {{int}};
-- Few rows carry them: relance interest --all reads those through these
-- partial indexes instead of scanning every customer and invoice.
CREATE INDEX customer_interest_rule ON customer (creditor_id) WHERE interest_rule IS NOT NULL;
CREATE INDEX invoice_contractual_rate ON invoice (creditor_id)
	WHERE contractual_rate IS NOT NULL;

-- Legal events of an invoice recorded by hand: a formal notice sent
-- outside relance (relance notice), a money judgment (relance judgment).
-- At most one of each kind per invoice: recording again replaces it (the
-- journal keeps both).
CREATE TABLE invoice_event (
	id {{pk}},
	creditor_id {{int}} NOT NULL REFERENCES creditor (id),
	invoice_id {{int}} NOT NULL REFERENCES invoice (id),
	kind TEXT NOT NULL CHECK (kind IN ('formal_notice', 'judgment')),
	event_date TEXT NOT NULL,
	court TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL,
	actor TEXT NOT NULL,
	UNIQUE (invoice_id, kind)
) {{strict}};
CREATE INDEX invoice_event_creditor ON invoice_event (creditor_id);

-- The creditor gives up the interest or the fixed indemnity of an invoice:
-- still computed, never claimed. At most one per invoice and kind.
CREATE TABLE waiver (
	id {{pk}},
	creditor_id {{int}} NOT NULL REFERENCES creditor (id),
	invoice_id {{int}} NOT NULL REFERENCES invoice (id),
	what TEXT NOT NULL CHECK (what IN ('interest', 'indemnity')),
	reason TEXT NOT NULL,
	created_at TEXT NOT NULL,
	actor TEXT NOT NULL,
	UNIQUE (invoice_id, what)
) {{strict}};
CREATE INDEX waiver_creditor ON waiver (creditor_id);
