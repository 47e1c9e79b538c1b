# A payment plan breached: the second instalment is only partly paid. Up to
# the last day of its grace (its day + 7) the runs leave the plan's
# invoices alone; the first run after that day journals the breach (the
# instalment, the amount due by it, the amount paid by its last day), lifts
# the plan's pause and resumes the dunning where it stood, in that same
# run: the step after the last one done, never a jump. A dry run of that
# day foresees it all and writes nothing. The plan is then shown breached,
# and no later run judges it again.
. "$(dirname "$0")/lib.sh"
ok init --name "Test SARL"
one_customer_file
cat >invoices.csv <<'CSV'
invoice_number,customer_id,issue_date,due_date,currency,amount
F1,C1,2026-09-01,2026-10-01,EUR,600.00
F2,C1,2026-09-01,2026-10-01,EUR,300.00
CSV
ok import customers customers.csv
ok import invoices invoices.csv
ok run --date 2026-10-02 --format csv
equals "$(picked)" "F1:2 F2:2"

export RELANCE_TODAY=2026-10-02
ok plan create --customer C1 --instalments 3 --every 30 --first 2026-10-15
contains out "invoices F1, F2: dunning paused while the plan is honoured"
cat >pay.csv <<'CSV'
payment_id,paid_date,amount,currency,customer_id,invoice_number,reference
P1,2026-10-15,300.00,EUR,C1,F1,VIR 1
P2,2026-11-18,100.00,EUR,C1,F2,VIR 2 partiel
CSV
ok import payments pay.csv

# 11-21 is the last day of the second instalment (11-14 + 7): nothing yet.
ok run --date 2026-11-21 --format csv
equals "$(picked)" ""
not_contains err "payment plans"
equals "$(sed -n 2p err)" "skipped: 2 paused (plan 2)"
export RELANCE_TODAY=2026-11-21
ok plan show 1 --format csv
equals "$(cat out)" "plan,customer_id,plan_status,instalment,due_date,currency,amount,paid,status
1,C1,open,1,2026-10-15,EUR,300.00,300.00,paid
1,C1,open,2,2026-11-14,EUR,300.00,100.00,late
1,C1,open,3,2026-12-14,EUR,300.00,0.00,due"

# A dry run foresees the breach and the steps it resumes, and writes
# nothing: the plan stays open, F1 and F2 paused.
before=$(fingerprint)
ok run --date 2026-11-22 --dry-run --format csv
equals "$(picked)" "F1:3 F2:3"
equals "$(sed -n 2p err)" "payment plans: 0 would be completed, 1 would be breached"
equals "$(fingerprint)" "$before"

# 11-22: breached; F1 and F2 resume at their next step (3, the second
# reminder: their last was step 2 on 10-02).
ok run --date 2026-11-22 --format csv
equals "$(picked)" "F1:3 F2:3"
equals "$(sed -n 2p err)" "payment plans: 0 completed, 1 breached"
equals "$(csv_value out invoice_number F1 balance)" 300.00
equals "$(csv_value out invoice_number F2 balance)" 200.00
ok journal export
contains out '"actor":"run","creditor":"default","customer":"C1","invoice":"","kind":"plan_breached","payload":{"currency":"EUR","due":"600.00","instalment":2,"instalment_date":"2026-11-14","invoices":["F1","F2"],"last_day":"2026-11-21","paid":"400.00","plan":1,"resumed":["F1","F2"],"run_date":"2026-11-22","total":"900.00"}'

export RELANCE_TODAY=2026-11-23
ok plan show 1
equals "$(head -n 1 out)" "payment plan 1, customer 'C1', made on 2026-10-02: 900.00 EUR in 3 instalments every 30 days, grace 7 days; breached on 2026-11-22; paid 400.00"
ok plan show 1 --format csv
equals "$(cat out)" "plan,customer_id,plan_status,instalment,due_date,currency,amount,paid,status
1,C1,breached,1,2026-10-15,EUR,300.00,300.00,paid
1,C1,breached,2,2026-11-14,EUR,300.00,100.00,breached
1,C1,breached,3,2026-12-14,EUR,300.00,0.00,due"
ok plan list --status breached --format csv
equals "$(csv_value out plan 1 status)" breached
ok plan list --status open --format csv
equals "$(wc -l <out | tr -d ' ')" 1

# Judged once: a late payment does not revive it, the dunning goes on.
cat >pay2.csv <<'CSV'
payment_id,paid_date,amount,currency,customer_id,invoice_number,reference
P3,2026-11-23,200.00,EUR,C1,F2,VIR 3
CSV
ok import payments pay2.csv
ok run --date 2026-12-02 --format csv
equals "$(picked)" "F1:4"
not_contains err "payment plans"

# A breached plan frees its invoices: a new plan may cover F1.
ok plan create --customer C1 --instalments 2 --every 15
contains out "payment plan 2 for customer 'C1': 300.00 EUR in 2 instalments every 15 days, grace 7 days"
contains out "invoices F1: dunning paused"

ok history F2 --format csv
equals "$(awk -F, 'NR > 1 { printf "%s%s:%s", s, $1, $3; s = " " }' out)" "2026-09-01:issued 2026-10-01:due 2026-10-02:step 2026-10-02:plan 2026-11-18:payment 2026-11-22:plan_breached 2026-11-22:step 2026-11-23:payment 2031-10-01:prescription"
contains out "payment plan 1 breached: instalment 2 of 2026-11-14 not paid by 2026-11-21 (600.00 due by then, 400.00 paid); dunning resumes for F1, F2"
ok journal verify
pass
