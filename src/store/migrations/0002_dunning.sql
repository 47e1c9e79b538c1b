-- Dunning (DESIGN.md §3, §4): policies and their steps, each invoice's case
-- state, the runs, the communications they queue (one per customer and
-- channel, listing the invoices and steps concerned), and the journal: an
-- append-only chain of entries, each carrying the SHA-256 of the previous
-- one. Lines between "-- @sqlite" / "-- @postgres" and "-- @end" belong to
-- one dialect only (schema.c).

CREATE TABLE policy (
	id {{pk}},
	creditor_id {{int}} NOT NULL REFERENCES creditor (id),
	name TEXT NOT NULL,
	description TEXT NOT NULL DEFAULT '',
	UNIQUE (creditor_id, name)
) {{strict}};

CREATE TABLE policy_step (
	id {{pk}},
	policy_id {{int}} NOT NULL REFERENCES policy (id),
	idx {{int}} NOT NULL,
	name TEXT NOT NULL,
	offset_days {{int}} NOT NULL,
	channel TEXT NOT NULL CHECK (channel IN ('email', 'letter', 'registered_letter', 'sms',
		'phone', 'formal_notice', 'handoff')),
	template TEXT NOT NULL DEFAULT '',
	fee {{int}} NOT NULL DEFAULT 0,
	min_balance {{int}} NOT NULL DEFAULT 0,
	min_gap_days {{int}} NOT NULL DEFAULT 0,
	UNIQUE (policy_id, idx)
) {{strict}};

ALTER TABLE creditor ADD COLUMN default_policy_id {{int}} REFERENCES policy (id);
ALTER TABLE customer ADD COLUMN policy_id {{int}} REFERENCES policy (id);

-- One row per invoice that dunning has touched; no row = nothing done yet.
CREATE TABLE dunning_case (
	invoice_id {{int}} PRIMARY KEY REFERENCES invoice (id),
	creditor_id {{int}} NOT NULL REFERENCES creditor (id),
	policy_id {{int}} REFERENCES policy (id),
	last_step {{int}} NOT NULL DEFAULT -1,
	last_step_date TEXT,
	pause TEXT NOT NULL DEFAULT 'none'
		CHECK (pause IN ('none', 'dispute', 'promise', 'plan', 'manual')),
	paused_until TEXT,
	pause_note TEXT NOT NULL DEFAULT '',
	handed_off_to TEXT NOT NULL DEFAULT ''
) {{strict}};

CREATE TABLE dunning_run (
	id {{pk}},
	creditor_id {{int}} NOT NULL REFERENCES creditor (id),
	run_date TEXT NOT NULL,
	started_at TEXT NOT NULL,
	invoices_evaluated {{int}} NOT NULL DEFAULT 0,
	steps {{int}} NOT NULL DEFAULT 0,
	communications {{int}} NOT NULL DEFAULT 0
) {{strict}};

-- What a run decided to send: one per customer and channel.
CREATE TABLE communication (
	id {{pk}},
	creditor_id {{int}} NOT NULL REFERENCES creditor (id),
	run_id {{int}} NOT NULL REFERENCES dunning_run (id),
	customer_id {{int}} NOT NULL REFERENCES customer (id),
	channel TEXT NOT NULL,
	status TEXT NOT NULL DEFAULT 'queued'
		CHECK (status IN ('queued', 'sent', 'cancelled', 'failed')),
	created_on TEXT NOT NULL
) {{strict}};
CREATE INDEX communication_customer ON communication (customer_id);

-- Each invoice's step in a communication: done at most once (the database
-- refuses a second row for the same invoice, policy and step).
CREATE TABLE communication_item (
	id {{pk}},
	communication_id {{int}} NOT NULL REFERENCES communication (id),
	invoice_id {{int}} NOT NULL REFERENCES invoice (id),
	policy_id {{int}} NOT NULL REFERENCES policy (id),
	step_idx {{int}} NOT NULL,
	step_name TEXT NOT NULL,
	balance {{int}} NOT NULL,
	days_late {{int}} NOT NULL,
	UNIQUE (invoice_id, policy_id, step_idx)
) {{strict}};
CREATE INDEX communication_item_communication ON communication_item (communication_id);

-- The evidence journal. seq numbers a creditor's entries from 1; hash is
-- the hex SHA-256 of the previous entry's hash (32 zero bytes for the
-- first) followed by this entry's canonical JSON form.
CREATE TABLE journal (
	id {{pk}},
	creditor_id {{int}} NOT NULL REFERENCES creditor (id),
	seq {{int}} NOT NULL,
	at TEXT NOT NULL,
	actor TEXT NOT NULL,
	customer_code TEXT NOT NULL DEFAULT '',
	invoice_number TEXT NOT NULL DEFAULT '',
	kind TEXT NOT NULL,
	payload TEXT NOT NULL,
	hash TEXT NOT NULL,
	UNIQUE (creditor_id, seq)
) {{strict}};
CREATE INDEX journal_invoice ON journal (creditor_id, invoice_number);
CREATE INDEX journal_customer ON journal (creditor_id, customer_code);

-- The end of each creditor's chain; appends lock this row, so concurrent
-- writers extend one chain, one entry after the other.
CREATE TABLE journal_head (
	creditor_id {{int}} PRIMARY KEY REFERENCES creditor (id),
	seq {{int}} NOT NULL,
	hash TEXT NOT NULL
) {{strict}};

-- @sqlite
CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal
BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;
CREATE TRIGGER journal_no_delete BEFORE DELETE ON journal
BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;
-- @end
-- @postgres
CREATE FUNCTION journal_append_only() RETURNS trigger LANGUAGE plpgsql AS
$$ BEGIN RAISE EXCEPTION 'the journal is append-only'; END $$;
CREATE TRIGGER journal_no_update BEFORE UPDATE OR DELETE ON journal
FOR EACH ROW EXECUTE FUNCTION journal_append_only();
-- @end
