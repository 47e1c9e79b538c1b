# A blocked customer gets no step for any invoice; unblocking resumes each
# invoice at its next step (one per run). Re-importing the customer keeps
# the block; blocking twice is refused. Both actions are journaled as the
# customer's (no invoice).
. "$(dirname "$0")/lib.sh"
ok init --name "Test SARL"
cat >customers.csv <<'CSV'
customer_id,name,kind,country,language,email,phone,address
C1,Boulangerie Martin,business,FR,fr,compta@martin.fr,,1 rue Haute
C2,Camille Durand,business,FR,fr,camille@example.fr,,2 rue Basse
CSV
cat >invoices.csv <<'CSV'
invoice_number,customer_id,issue_date,due_date,currency,amount
F1,C1,2026-08-01,2026-09-01,EUR,500.00
F2,C1,2026-09-01,2026-10-01,EUR,200.00
F3,C2,2026-09-01,2026-10-01,EUR,300.00
CSV
ok import customers customers.csv
ok import invoices invoices.csv

ok block C1 --note "legal dispute pending"
equals "$(cat out)" "customer 'C1' blocked: no dunning step for any of its invoices until 'relance unblock C1'"
ok customers --format csv
equals "$(csv_value out customer_id C1 blocked)" yes
equals "$(csv_value out customer_id C2 blocked)" no
ok run --date 2026-10-02 --format csv
equals "$(picked)" "F3:2"
ok run --date 2026-10-02 --dry-run --format csv
equals "$(picked)" ""

before=$(fingerprint)
expect_status 1 block C1
equals "$(cat err)" "relance: customer 'C1' is already blocked"
expect_status 1 unblock C2
equals "$(cat err)" "relance: customer 'C2' is not blocked"
equals "$(fingerprint)" "$before"

# The block is relance's, not the file's: an import leaves it.
sed 's/Boulangerie Martin/Boulangerie Martin SARL/' customers.csv >customers2.csv
ok import customers customers2.csv
ok customers --format csv
equals "$(csv_value out customer_id C1 blocked)" yes
ok run --date 2026-10-12 --format csv
equals "$(picked)" "F3:3"

ok unblock C1
equals "$(cat out)" "customer 'C1' unblocked: dunning resumes at the next run"
# Each invoice starts at its first overdue step, not where the calendar is.
ok run --date 2026-10-13 --format csv
equals "$(picked)" "F1:2 F2:2"
ok run --date 2026-10-20 --format csv
equals "$(picked)" "F1:3 F2:3"

ok journal export --customer C1
equals "$(grep -c '"invoice":"","kind":"block","payload":{"date":"2026-11-24","note":"legal dispute pending"}' out)" 1
equals "$(grep -c '"invoice":"","kind":"unblock","payload":{"date":"2026-11-24"}' out)" 1
ok history --customer C1 --format csv
contains out "2026-11-24,,block,,,customer blocked: legal dispute pending,"
contains out "2026-11-24,,unblock,,,customer unblocked,"
ok journal verify
pass
