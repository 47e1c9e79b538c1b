# A dispute pauses an invoice's dunning, open-ended: runs pass it over while
# the customer's other invoice goes on; 'dispute resolve' resumes it where
# it stood, one step at a time. Both actions are journaled.
. "$(dirname "$0")/lib.sh"
ok init --name "Test SARL"
one_customer_file
cat >invoices.csv <<'CSV'
invoice_number,customer_id,issue_date,due_date,currency,amount
F1,C1,2026-09-01,2026-10-01,EUR,500.00
F2,C1,2026-09-01,2026-10-01,EUR,300.00
CSV
ok import customers customers.csv
ok import invoices invoices.csv
ok run --date 2026-10-02 --format csv
equals "$(picked)" "F1:2 F2:2"

export RELANCE_TODAY=2026-10-05
ok dispute F1 --reason "not received" --note "goods never arrived"
equals "$(cat out)" "invoice 'F1' disputed (not_received): dunning paused until 'relance dispute resolve F1'"
ok run --date 2026-10-11 --format csv
equals "$(picked)" "F2:3"
ok run --date 2026-10-21 --format csv
equals "$(picked)" "F2:4"
# A second dispute on the same invoice is refused, nothing written.
before=$(fingerprint)
expect_status 1 dispute F1 --reason pricing
equals "$(cat err)" "relance: invoice 'F1' is already disputed (not_received)"
equals "$(fingerprint)" "$before"

export RELANCE_TODAY=2026-10-22
ok dispute resolve F1 --note "delivery note signed"
equals "$(cat out)" "invoice 'F1': dispute (not_received) resolved, dunning resumes at the next run"
# Resumed where it stood: the second reminder, not the step F2 is at.
ok run --date 2026-10-22 --format csv
equals "$(picked)" "F1:3"
ok run --date 2026-10-31 --format csv
equals "$(picked)" "F1:4 F2:5"
expect_status 1 dispute resolve F1
equals "$(cat err)" "relance: invoice 'F1' has no open dispute"

ok journal export --invoice F1
equals "$(sed 's/.*"kind":"\([a-z_]*\)".*/\1/' out | tr '\n' ' ')" "step dispute dispute_resolved step step "
contains out '"kind":"dispute","payload":{"balance":"500.00","currency":"EUR","date":"2026-10-05","note":"goods never arrived","reason":"not_received"}'
contains out '"kind":"dispute_resolved","payload":{"date":"2026-10-22","note":"delivery note signed","reason":"not_received"}'
grep '"kind":"dispute"' out | grep -qE '"actor":"cli(:[^"]+)?"' || fail "the dispute's actor is not cli"
ok journal verify
pass
