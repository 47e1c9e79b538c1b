# A dry run is an exact preview of the real run of its date, also on the
# day promises to pay are settled and a payment plan breached: it judges
# them the same way ("would be" kept, broken, breached), decides every
# invoice on its case as they would leave it, and writes nothing. On
# 10-05: F1's promise is broken with --escalate (its next step goes at
# once, its minimum gap waived), F2's is broken without (its step waits
# for its gap, 10-09), F3's is broken without, its gap long passed (it
# resumes at once), F4's is kept (paid off), and C3's plan is breached on
# F5 (it resumes at once).
. "$(dirname "$0")/lib.sh"
ok init --name "Test SARL"
cat >customers.csv <<'CSV'
customer_id,name,kind,country,language,email,phone,address
C1,Boulangerie Martin,business,FR,fr,compta@martin.fr,,1 rue Haute
C2,Camille Durand,consumer,FR,fr,camille@example.fr,,2 rue Basse
C3,Garage Leroy,business,FR,fr,compta@leroy.fr,,3 rue Neuve
CSV
cat >invoices.csv <<'CSV'
invoice_number,customer_id,issue_date,due_date,currency,amount
F1,C1,2026-09-01,2026-09-24,EUR,500.00
F2,C1,2026-09-01,2026-09-24,EUR,800.00
F3,C2,2026-08-01,2026-09-01,EUR,120.00
F4,C2,2026-08-01,2026-09-01,EUR,130.00
F5,C3,2026-08-01,2026-09-01,EUR,900.00
CSV
ok import customers customers.csv
ok import invoices invoices.csv
ok run --date 2026-09-20 --format csv
equals "$(picked)" "F1:1 F2:1 F3:2 F4:2 F5:2"

export RELANCE_TODAY=2026-09-20
ok promise F3 --date 2026-10-04
ok promise F4 --date 2026-10-04
ok plan create --customer C3 --instalments 2 --every 30 --first 2026-10-04 --grace 0
ok run --date 2026-10-02 --format csv
equals "$(picked)" "F1:2 F2:2"

export RELANCE_TODAY=2026-10-02
ok promise F1 --date 2026-10-04 --escalate
ok promise F2 --date 2026-10-04
cat >pay.csv <<'CSV'
payment_id,paid_date,amount,currency,customer_id,invoice_number,reference
P1,2026-10-03,130.00,EUR,C2,F4,VIR F4
P2,2026-10-04,100.00,EUR,C3,F5,VIR F5 partiel
CSV
ok import payments pay.csv

# The rows compared without their communication column: a dry run numbers
# its communications from 1, the real run shows the ids it recorded.
rows() {
	cut -d, -f1,3- "$T/out"
}

before=$(fingerprint)
ok run --date 2026-10-05 --dry-run --format csv
dry_picked=$(picked)
dry_rows=$(rows)
equals "$dry_picked" "F1:3 F3:3 F5:3"
equals "$(cat err)" "run 2026-10-05 (dry run, nothing recorded): 4 open invoices, 3 steps in 3 communications
promises to pay whose day has passed: 1 would be kept, 3 would be broken
payment plans: 0 would be completed, 1 would be breached
skipped: 1 waiting for the minimum gap"
equals "$(fingerprint)" "$before"
# Its table says the same, and writes nothing either.
ok run --date 2026-10-05 --dry-run
contains out "promises to pay whose day has passed: 1 would be kept, 3 would be broken"
contains out "payment plans: 0 would be completed, 1 would be breached"
equals "$(fingerprint)" "$before"
ok journal export
not_contains out promise_broken
not_contains out plan_breached

# The real run does exactly what the dry run showed.
ok run --date 2026-10-05 --format csv
equals "$(picked)" "$dry_picked"
equals "$(rows)" "$dry_rows"
equals "$(cat err)" "run 2026-10-05: 4 open invoices, 3 steps in 3 communications
promises to pay whose day has passed: 1 kept, 3 broken
payment plans: 0 completed, 1 breached
skipped: 1 waiting for the minimum gap"
ok journal export
contains out '"kind":"plan_breached"'
contains out '"invoice":"F1","kind":"promise_broken"'

# Settled once: a dry run of the same day finds nothing more, F2's step
# waits for its gap, and the previews go on matching.
before=$(fingerprint)
ok run --date 2026-10-05 --dry-run --format csv
equals "$(picked)" ""
not_contains err "promises"
not_contains err "payment plans"
equals "$(fingerprint)" "$before"
ok run --date 2026-10-09 --dry-run --format csv
dry_rows=$(rows)
equals "$(picked)" "F2:3"
equals "$(fingerprint)" "$before"
ok run --date 2026-10-09 --format csv
equals "$(rows)" "$dry_rows"
ok journal verify
pass
