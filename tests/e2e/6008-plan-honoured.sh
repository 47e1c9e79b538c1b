# A payment plan honoured to the end: 900.01 over three instalments (the
# odd cent on the first), F1 and F2 paused while the plan runs and F3,
# left out of it, chased as usual; instalments paid on their day, early and
# late within the grace; the run that finds everything paid completes the
# plan. Every step is journaled and shows in the invoices' history.
. "$(dirname "$0")/lib.sh"
ok init --name "Test SARL"
one_customer_file
cat >invoices.csv <<'CSV'
invoice_number,customer_id,issue_date,due_date,currency,amount
F1,C1,2026-09-01,2026-10-01,EUR,600.00
F2,C1,2026-09-01,2026-10-01,EUR,300.01
F3,C1,2026-09-15,2026-10-15,EUR,80.00
CSV
ok import customers customers.csv
ok import invoices invoices.csv
ok run --date 2026-10-02 --format csv
equals "$(picked)" "F1:2 F2:2"

export RELANCE_TODAY=2026-10-02
ok plan create --customer C1 --instalments 3 --every 30 --first 2026-10-15 --invoices F1,F2 \
	--note "agreed by phone"
equals "$(cat out)" "payment plan 1 for customer 'C1': 900.01 EUR in 3 instalments every 30 days, grace 7 days
invoices F1, F2: dunning paused while the plan is honoured
instalment  due_date    currency  amount
         1  2026-10-15  EUR       300.01
         2  2026-11-14  EUR       300.00
         3  2026-12-14  EUR       300.00"
ok journal export
contains out '"actor":"cli'
contains out '"customer":"C1","invoice":"","kind":"plan","payload":{"amount":"900.01","currency":"EUR","date":"2026-10-02","every_days":30,"grace_days":7,"instalments":3,"invoices":["F1","F2"],"note":"agreed by phone","plan":1,"schedule":[{"amount":"300.01","date":"2026-10-15"},{"amount":"300.00","date":"2026-11-14"},{"amount":"300.00","date":"2026-12-14"}]}'

# While the plan runs, only F3 is chased.
ok run --date 2026-10-20 --format csv
equals "$(picked)" "F3:2"
equals "$(sed -n 2p err)" "skipped: 2 paused (plan 2)"

# First instalment paid the day before it is due, the second on the last
# day of its grace (11-14 + 7 days).
cat >pay.csv <<'CSV'
payment_id,paid_date,amount,currency,customer_id,invoice_number,reference
P1,2026-10-14,300.01,EUR,C1,F1,VIR 1
P2,2026-11-21,300.00,EUR,C1,F2,VIR 2
CSV
ok import payments pay.csv
ok run --date 2026-11-22 --format csv
equals "$(picked)" "F3:3"
not_contains err "payment plans"
equals "$(sed -n 2p err)" "skipped: 2 paused (plan 2)"
export RELANCE_TODAY=2026-11-22
ok plan show 1 --format csv
equals "$(cat out)" "plan,customer_id,plan_status,instalment,due_date,currency,amount,paid,status
1,C1,open,1,2026-10-15,EUR,300.01,300.01,paid
1,C1,open,2,2026-11-14,EUR,300.00,300.00,paid
1,C1,open,3,2026-12-14,EUR,300.00,0.00,due"
ok plan show --customer C1
equals "$(head -n 2 out)" "payment plan 1, customer 'C1', made on 2026-10-02: 900.01 EUR in 3 instalments every 30 days, grace 7 days; open; paid 600.01
invoices F1, F2; note: agreed by phone"

# The rest, early: the plan is completed by the next run.
cat >pay2.csv <<'CSV'
payment_id,paid_date,amount,currency,customer_id,invoice_number,reference
P3,2026-12-10,299.99,EUR,C1,F1,VIR 3
P4,2026-12-10,0.01,EUR,C1,F2,VIR 4
CSV
ok import payments pay2.csv
ok run --date 2026-12-10 --format csv
equals "$(picked)" "F3:4"
equals "$(sed -n 2p err)" "payment plans: 1 completed, 0 breached"
# Judged once: the same date again writes nothing.
before=$(fingerprint)
ok run --date 2026-12-10 --format csv
not_contains err "payment plans"
equals "$(fingerprint)" "$before"

export RELANCE_TODAY=2026-12-11
ok plan list --format csv
equals "$(cat out)" "plan,customer_id,status,created_on,first_date,instalments,every_days,grace_days,currency,total,paid,next_due,settled_on
1,C1,completed,2026-10-02,2026-10-15,3,30,7,EUR,900.01,900.01,,2026-12-10"
ok plan show 1 --format json
contains out '"plan_status":"completed","instalment":3,"due_date":"2026-12-14","currency":"EUR","amount":"300.00","paid":"300.00","status":"paid"'
ok journal export
contains out '"actor":"run","creditor":"default","customer":"C1","invoice":"","kind":"plan_completed","payload":{"currency":"EUR","invoices":["F1","F2"],"paid":"900.01","plan":1,"resumed":[],"run_date":"2026-12-10","total":"900.01"}'

# The plan is in the history of F1 and F2, not in that of F3.
ok history F1 --format csv
equals "$(awk -F, 'NR > 1 { printf "%s%s:%s", s, $1, $3; s = " " }' out)" "2026-09-01:issued 2026-10-01:due 2026-10-02:step 2026-10-02:plan 2026-10-14:payment 2026-12-10:payment 2026-12-10:plan_completed 2031-10-01:prescription"
contains out "payment plan 1: 3 instalments every 30 days from 2026-10-15, grace 7 days, for F1, F2"
contains out "payment plan 1 completed: 900.01 paid"
ok history F3 --format csv
not_contains out "plan"
ok journal verify
pass
