# pause --until D holds an invoice's steps up to D included; without
# --until the pause lasts until 'relance resume'. Resuming an invoice that
# is not paused, or pausing a disputed one, is refused.
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

export RELANCE_TODAY=2026-10-03
ok pause F1 --until 2026-10-20 --reason "customer on holiday"
equals "$(cat out)" "invoice 'F1' paused until 2026-10-20"
ok run --date 2026-10-12 --format csv
equals "$(picked)" "F2:3"
ok run --date 2026-10-20 --format csv
equals "$(picked)" ""
ok run --date 2026-10-21 --format csv
equals "$(picked)" "F1:3 F2:4"

# Open-ended, for the whole customer.
export RELANCE_TODAY=2026-10-22
ok pause --customer C1 --reason "new contact person, waiting for details"
equals "$(cat out)" "invoice 'F1' paused until 'relance resume'
invoice 'F2' paused until 'relance resume'"
ok run --date 2026-11-30 --format csv
equals "$(picked)" ""
ok resume F1 --note "details received"
equals "$(cat out)" "invoice 'F1' resumed: the next run may send its next step"
ok run --date 2026-11-30 --format csv
equals "$(picked)" "F1:4"
before=$(fingerprint)
expect_status 1 resume F1
equals "$(cat err)" "relance: invoice 'F1' is not paused"
equals "$(fingerprint)" "$before"

# A disputed invoice keeps its dispute's pause.
ok dispute F2 --reason quantity
expect_status 1 pause F2 --reason "other"
equals "$(cat err)" "relance: invoice 'F2' is disputed (quantity): its pause ends with 'relance dispute resolve'"
expect_status 1 resume F2
equals "$(cat err)" "relance: invoice 'F2' is disputed (quantity): its pause ends with 'relance dispute resolve'"

ok journal export --invoice F1
contains out '"kind":"pause","payload":{"date":"2026-10-03","reason":"customer on holiday","until":"2026-10-20"}'
contains out '"kind":"pause","payload":{"date":"2026-10-22","reason":"new contact person, waiting for details","until":null}'
contains out '"kind":"resume","payload":{"date":"2026-10-22","note":"details received","pause":"manual"}'
ok journal verify
pass
