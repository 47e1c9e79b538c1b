# Contacts made by hand are logged; 'history' puts everything about an
# invoice in order: the ledger (issued, due, payments), the steps, the
# journal's entries (contacts, promise and its outcome, dispute, hand-off,
# the customer's own entries) and the prescription date last.
. "$(dirname "$0")/lib.sh"
ok init --name "Test SARL"
one_customer_file
cat >invoices.csv <<'CSV'
invoice_number,customer_id,issue_date,due_date,currency,amount
F1,C1,2026-09-01,2026-10-01,EUR,500.00
F2,C1,2026-09-15,2026-10-15,EUR,80.00
CSV
ok import customers customers.csv
ok import invoices invoices.csv
ok run --date 2026-10-02

export RELANCE_TODAY=2026-10-05
ok log F1 --channel phone --outcome "will pay 300 next week" --note "spoke to the accountant"
equals "$(cat out)" "logged phone contact of 2026-10-05 about invoice 'F1'"
ok promise F1 --date 2026-10-12 --amount 300.00
cat >payments.csv <<'CSV'
payment_id,paid_date,amount,currency,customer_id,invoice_number,reference
P1,2026-10-10,200.00,EUR,C1,F1,VIR partiel
CSV
ok import payments payments.csv
ok run --date 2026-10-13
export RELANCE_TODAY=2026-10-14
ok dispute F1 --reason quality --note "two cakes damaged"
export RELANCE_TODAY=2026-10-20
ok dispute resolve F1 --note "credit note agreed"
export RELANCE_TODAY=2026-10-22
ok log --customer C1 --channel visit --outcome "met the manager" --date 2026-10-21
equals "$(cat out)" "logged visit contact of 2026-10-21 with customer 'C1'"
export RELANCE_TODAY=2026-10-25
ok handoff F1 --to court
export RELANCE_TODAY=2026-10-26
ok block C1

ok history F1 --format csv
equals "$(sed -n 1p out)" "date,invoice_number,event,currency,amount,detail,actor"
got=$(awk -F, 'NR > 1 { printf "%s%s:%s:%s", s, $1, $2, $3; s = " " }' out)
equals "$got" "2026-09-01:F1:issued 2026-10-01:F1:due 2026-10-02:F1:step 2026-10-05:F1:log 2026-10-05:F1:promise 2026-10-10:F1:payment 2026-10-13:F1:promise_broken 2026-10-13:F1:step 2026-10-14:F1:dispute 2026-10-20:F1:dispute_resolved 2026-10-21::log 2026-10-25:F1:handoff 2026-10-26::block 2031-10-01:F1:prescription"
contains out "2026-09-01,F1,issued,EUR,500.00,\"invoice issued, due on 2026-10-01\","
contains out "2026-10-01,F1,due,EUR,500.00,payment due,"
contains out "2026-10-02,F1,step,EUR,500.00,\"step 2 'first reminder' of fr-standard by email (communication 1, queued)\",run"
contains out "phone: will pay 300 next week: spoke to the accountant,cli"
contains out "2026-10-05,F1,promise,EUR,300.00,promise to pay 300.00 by 2026-10-12,cli"
contains out "2026-10-10,F1,payment,EUR,200.00,payment P1 allocated,"
contains out "2026-10-13,F1,promise_broken,EUR,300.00,promise to pay 300.00 by 2026-10-12 broken: 200.00 paid by then,run"
contains out "2026-10-14,F1,dispute,EUR,300.00,disputed (quality): two cakes damaged,cli"
contains out "2026-10-21,,log,,,visit: met the manager,cli"
contains out "2026-10-25,F1,handoff,EUR,300.00,handed off to court,cli"
contains out "2031-10-01,F1,prescription,,,\"last day of the limitation period: 5 years from the due date (business customer, C. com. L110-4)\","

# The customer's timeline holds both invoices.
ok history --customer C1 --format csv
equals "$(grep -c ',F2,' out)" 4
equals "$(grep -c ',F1,' out)" 12
contains out "2031-10-15,F2,prescription,"
ok history F1 --format json
contains out '"event":"promise_broken","currency":"EUR","amount":"300.00"'
contains out '{"date":"2026-10-21","invoice_number":null,"event":"log","currency":null,"amount":null,"detail":"visit: met the manager","actor":"cli"}'
ok history F1
contains out "2026-10-13  F1              promise_broken"

expect_status 1 history NOPE
equals "$(cat err)" "relance: no invoice 'NOPE'"
expect_status 1 history --customer NOPE
equals "$(cat err)" "relance: no customer 'NOPE'"
ok journal verify
pass
