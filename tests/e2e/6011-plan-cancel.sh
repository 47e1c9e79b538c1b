# relance plan cancel ends an open plan by hand: journaled with its reason,
# the plan's pause lifted, and the next run resumes the dunning where it
# stood. A plan that is not open cannot be cancelled (exit 1, nothing
# written); the invoices are free for a new plan.
. "$(dirname "$0")/lib.sh"
ok init --name "Test SARL"
one_customer_file
cat >invoices.csv <<'CSV'
invoice_number,customer_id,issue_date,due_date,currency,amount
F1,C1,2026-09-01,2026-10-01,EUR,500.00
F2,C1,2026-09-01,2026-10-01,EUR,250.00
CSV
ok import customers customers.csv
ok import invoices invoices.csv
ok run --date 2026-10-02 --format csv
equals "$(picked)" "F1:2 F2:2"

export RELANCE_TODAY=2026-10-02
ok plan create --customer C1 --instalments 5 --every 14 --grace 3
equals "$(sed -n 1p out)" "payment plan 1 for customer 'C1': 750.00 EUR in 5 instalments every 14 days, grace 3 days"
equals "$(sed -n 4p out)" "         1  2026-10-16  EUR       150.00"
ok run --date 2026-10-12 --format csv
equals "$(picked)" ""
equals "$(sed -n 2p err)" "skipped: 2 paused (plan 2)"

export RELANCE_TODAY=2026-10-12
ok plan cancel 1 --reason "the customer asked for a new schedule"
equals "$(cat out)" "payment plan 1 cancelled: the dunning of 'F1', 'F2' resumes at the next run"
ok journal export
contains out '"customer":"C1","invoice":"","kind":"plan_cancelled","payload":{"date":"2026-10-12","invoices":["F1","F2"],"plan":1,"reason":"the customer asked for a new schedule","resumed":["F1","F2"]}'
ok run --date 2026-10-12 --format csv
equals "$(picked)" "F1:3 F2:3"
not_contains err "payment plans"

# Cancelled once.
before=$(fingerprint)
expect_status 1 plan cancel 1 --reason again
equals "$(cat err)" "relance: payment plan 1 is cancelled, not open"
equals "$(fingerprint)" "$before"
ok plan list --status cancelled --format csv
equals "$(cat out)" "plan,customer_id,status,created_on,first_date,instalments,every_days,grace_days,currency,total,paid,next_due,settled_on
1,C1,cancelled,2026-10-02,2026-10-16,5,14,3,EUR,750.00,0.00,,2026-10-12"
ok plan show 1 --format csv
equals "$(sed -n 2p out)" "1,C1,cancelled,1,2026-10-16,EUR,150.00,0.00,due"
ok history F2 --format csv
contains out "2026-10-12,,plan_cancelled,,,payment plan 1 cancelled: the customer asked for a new schedule,cli"

# The invoices are free again.
ok plan create --customer C1 --instalments 2 --every 30 --invoices F2
contains out "payment plan 2 for customer 'C1': 250.00 EUR in 2 instalments every 30 days, grace 7 days"
ok plan list --customer C1 --status open --format csv
equals "$(csv_value out plan 2 status)" open
ok journal verify
pass
