# A promise to pay pauses the invoice until its day; the first run after it
# settles the promise from the payments imported meanwhile: kept (F1, paid
# in full), broken (F2, paid less than promised), and either way the case
# resumes where it stood. A broken promise made with --escalate lets the
# next step go without waiting for its minimum gap (F3); without it the
# step waits (F4).
. "$(dirname "$0")/lib.sh"
ok init --name "Test SARL"
cat >customers.csv <<'CSV'
customer_id,name,kind,country,language,email,phone,address
C1,Boulangerie Martin,business,FR,fr,compta@martin.fr,,1 rue Haute
C2,Camille Durand,consumer,FR,fr,camille@example.fr,,2 rue Basse
CSV
cat >invoices.csv <<'CSV'
invoice_number,customer_id,issue_date,due_date,currency,amount
F1,C1,2026-09-01,2026-10-01,EUR,500.00
F2,C1,2026-09-01,2026-10-01,EUR,800.00
F3,C2,2026-08-01,2026-09-01,EUR,120.00
F4,C2,2026-08-01,2026-09-01,EUR,130.00
CSV
ok import customers customers.csv
ok import invoices invoices.csv
ok run --date 2026-10-02 --format csv
equals "$(picked)" "F1:2 F2:2 F3:2 F4:2"

export RELANCE_TODAY=2026-10-02
ok promise F1 --date 2026-10-15
equals "$(cat out)" "invoice 'F1': promise to pay 500.00 EUR by 2026-10-15 recorded; dunning paused until then"
ok promise F2 --date 2026-10-15 --amount 300 --note "by transfer"
equals "$(cat out)" "invoice 'F2': promise to pay 300.00 EUR by 2026-10-15 recorded; dunning paused until then"
ok promise F3 --date 2026-10-04 --escalate
ok promise F4 --date 2026-10-04
# One open promise at a time.
before=$(fingerprint)
expect_status 1 promise F4 --date 2026-10-20
equals "$(cat err)" "relance: invoice 'F4' already has an open promise to pay by 2026-10-04"
expect_status 1 promise --customer C2 --date 2026-10-20
equals "$(cat err)" "relance: invoice 'F3' skipped: it already has an open promise to pay by 2026-10-04
relance: invoice 'F4' skipped: it already has an open promise to pay by 2026-10-04
relance: customer 'C2' has no open invoice that can take a promise"
equals "$(fingerprint)" "$before"

# 10-05: F3's and F4's promises are broken; F3 escalates at once (its
# minimum gap would hold it until 10-09), F4 waits.
ok run --date 2026-10-05 --format csv
equals "$(picked)" "F3:3"
equals "$(sed -n 2p err)" "promises to pay whose day has passed: 0 kept, 2 broken"
ok run --date 2026-10-09 --format csv
equals "$(picked)" "F4:3"

# F1 and F2 are paused until 10-15 included.
ok run --date 2026-10-12 --format csv
equals "$(picked)" "F3:4"
cat >payments.csv <<'CSV'
payment_id,paid_date,amount,currency,customer_id,invoice_number,reference
P1,2026-10-14,500.00,EUR,C1,F1,VIR F1
P2,2026-10-15,100.00,EUR,C1,F2,VIR F2 partiel
CSV
ok import payments payments.csv
ok run --date 2026-10-15 --format csv
equals "$(picked)" ""
contains err "nothing to do"
not_contains err "promises"
# 10-16: F1 kept (nothing left to chase), F2 broken: it resumes.
ok run --date 2026-10-16 --format csv
equals "$(picked)" "F2:3 F4:4"
equals "$(sed -n 2p err)" "promises to pay whose day has passed: 1 kept, 1 broken"
# Settled once: the next run finds nothing more to settle.
ok run --date 2026-10-17
not_contains out "promises"

ok journal export --invoice F1
equals "$(sed 's/.*"kind":"\([a-z_]*\)".*/\1/' out | tr '\n' ' ')" "step promise promise_kept "
contains out '"kind":"promise","payload":{"amount":"500.00","balance":"500.00","currency":"EUR","date":"2026-10-02","escalate":false,"promise":1,"promised_date":"2026-10-15"}'
contains out '"actor":"run","creditor":"default","customer":"C1","invoice":"F1","kind":"promise_kept","payload":{"amount":"500.00","currency":"EUR","escalate":false,"paid":"500.00","promise":1,"promised_date":"2026-10-15","resumed":true,"run_date":"2026-10-16"}'
ok journal export --invoice F2
contains out '"kind":"promise_broken","payload":{"amount":"300.00","currency":"EUR","escalate":false,"paid":"100.00","promise":2,"promised_date":"2026-10-15","resumed":true,"run_date":"2026-10-16"}'
ok journal export --invoice F3
contains out '"kind":"promise_broken","payload":{"amount":"120.00","currency":"EUR","escalate":true,"paid":"0.00","promise":3,"promised_date":"2026-10-04","resumed":true,"run_date":"2026-10-05"}'

# The history reads in order: the promise, the payment, the outcome, the step.
ok history F2 --format csv
equals "$(awk -F, 'NR > 1 { printf "%s%s:%s", s, $1, $3; s = " " }' out)" "2026-09-01:issued 2026-10-01:due 2026-10-02:step 2026-10-02:promise 2026-10-15:payment 2026-10-16:promise_broken 2026-10-16:step 2031-10-01:prescription"
ok journal verify
pass
