# The database stays the guarantee that a step is done once: when an
# invoice's step is already recorded (here written behind relance's back),
# the run's batch insert meets the unique key of communication_item, and
# the run fails whole instead of dropping that row.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/journal-lib.sh"
make_ledger
sql "INSERT INTO dunning_run (creditor_id, run_date, started_at)
	SELECT id, '2026-01-01', '2026-01-01T00:00:00.000Z' FROM creditor"
sql "INSERT INTO communication (creditor_id, run_id, customer_id, channel, created_on)
	SELECT r.creditor_id, r.id, i.customer_id, 'email', '2026-01-01'
	FROM dunning_run r, invoice i WHERE i.number = 'F4'"
sql "INSERT INTO communication_item (communication_id, invoice_id, policy_id, step_idx,
	step_name, balance, days_late)
	SELECT c.id, i.id, cr.default_policy_id, s.n, 'by hand', 1, 1
	FROM communication c, invoice i, creditor cr,
	(SELECT 0 AS n UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3) s
	WHERE i.number = 'F4'"
before=$(fingerprint)
expect_status 1 run --date 2026-11-24
contains err "is already recorded"
equals "$(fingerprint)" "$before"
ok journal verify
contains out "journal verified: 0 entries"
pass
