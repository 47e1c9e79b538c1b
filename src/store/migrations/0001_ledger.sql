-- The ledger: creditors (tenants), customers, invoices and credit notes,
-- payments, allocations (DESIGN.md §3). One file for both dialects: the
-- placeholders are replaced by src/store/schema.c ({{pk}} an auto-assigned
-- 64-bit key, {{int}} a 64-bit integer, {{strict}} SQLite's STRICT, {{key}}
-- text compared byte by byte, for natural keys).
-- Every row carries creditor_id. Ids are unique across creditors, so
-- references are plain ids, and secondary indexes on them need no
-- creditor_id (smaller keys: bulk imports maintain them at half the cost).
-- Dates are ISO 'YYYY-MM-DD' text, amounts integer minor units.

CREATE TABLE creditor (
	id {{pk}},
	code {{key}} NOT NULL UNIQUE,
	name TEXT NOT NULL,
	legal_id TEXT NOT NULL DEFAULT '',
	address TEXT NOT NULL DEFAULT '',
	iban TEXT NOT NULL DEFAULT '',
	bic TEXT NOT NULL DEFAULT '',
	jurisdiction TEXT NOT NULL DEFAULT 'FR',
	language TEXT NOT NULL DEFAULT 'fr',
	currency TEXT NOT NULL DEFAULT 'EUR',
	signature TEXT NOT NULL DEFAULT ''
) {{strict}};

CREATE TABLE customer (
	id {{pk}},
	creditor_id {{int}} NOT NULL REFERENCES creditor (id),
	code {{key}} NOT NULL,
	name TEXT NOT NULL,
	kind TEXT NOT NULL CHECK (kind IN ('business', 'consumer')),
	country TEXT NOT NULL DEFAULT '',
	language TEXT NOT NULL DEFAULT '',
	email TEXT NOT NULL DEFAULT '',
	phone TEXT NOT NULL DEFAULT '',
	address TEXT NOT NULL DEFAULT '',
	credit_limit {{int}},
	blocked {{int}} NOT NULL DEFAULT 0,
	UNIQUE (creditor_id, code)
) {{strict}};

CREATE TABLE invoice (
	id {{pk}},
	creditor_id {{int}} NOT NULL REFERENCES creditor (id),
	number {{key}} NOT NULL,
	customer_id {{int}} NOT NULL REFERENCES customer (id),
	type TEXT NOT NULL CHECK (type IN ('invoice', 'credit_note')),
	issue_date TEXT NOT NULL,
	due_date TEXT NOT NULL,
	currency TEXT NOT NULL,
	amount {{int}} NOT NULL,
	UNIQUE (creditor_id, number)
) {{strict}};
CREATE INDEX invoice_customer ON invoice (customer_id);

CREATE TABLE payment (
	id {{pk}},
	creditor_id {{int}} NOT NULL REFERENCES creditor (id),
	code {{key}} NOT NULL,
	customer_id {{int}} NOT NULL REFERENCES customer (id),
	paid_date TEXT NOT NULL,
	currency TEXT NOT NULL,
	amount {{int}} NOT NULL CHECK (amount > 0),
	invoice_number TEXT NOT NULL DEFAULT '',
	reference TEXT NOT NULL DEFAULT '',
	UNIQUE (creditor_id, code)
) {{strict}};
CREATE INDEX payment_customer ON payment (customer_id);

-- A part of a payment settling an invoice. The sum over a payment never
-- exceeds its amount; what is left is customer credit.
CREATE TABLE allocation (
	id {{pk}},
	creditor_id {{int}} NOT NULL REFERENCES creditor (id),
	invoice_id {{int}} NOT NULL REFERENCES invoice (id),
	payment_id {{int}} NOT NULL REFERENCES payment (id),
	date TEXT NOT NULL,
	amount {{int}} NOT NULL CHECK (amount > 0)
) {{strict}};
CREATE INDEX allocation_invoice ON allocation (invoice_id);
CREATE INDEX allocation_payment ON allocation (payment_id);
