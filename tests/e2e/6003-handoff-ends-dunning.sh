# An invoice handed off to an agency or a court gets no more steps, while
# the customer's other invoices go on; --customer hands off the rest and
# skips, with a note, the one already handed off.
. "$(dirname "$0")/lib.sh"
ok init --name "Test SARL"
one_customer_file
cat >invoices.csv <<'CSV'
invoice_number,customer_id,issue_date,due_date,currency,amount
F1,C1,2026-09-01,2026-10-01,EUR,500.00
F2,C1,2026-09-01,2026-10-01,EUR,300.00
F3,C1,2026-09-01,2026-10-01,EUR,200.00
CSV
ok import customers customers.csv
ok import invoices invoices.csv
ok run --date 2026-10-02 --format csv
equals "$(picked)" "F1:2 F2:2 F3:2"

ok handoff F1 --to agency --note "Recouvrement Express, dossier 4411"
equals "$(cat out)" "invoice 'F1' handed off to agency: automatic dunning ends for it"
ok run --date 2026-10-11 --format csv
equals "$(picked)" "F2:3 F3:3"
ok run --date 2026-10-21 --format csv
equals "$(picked)" "F2:4 F3:4"
expect_status 1 handoff F1 --to court
equals "$(cat err)" "relance: invoice 'F1' is already handed off to agency"

ok handoff --customer C1 --to court
equals "$(cat out)" "invoice 'F2' handed off to court: automatic dunning ends for it
invoice 'F3' handed off to court: automatic dunning ends for it"
equals "$(cat err)" "relance: invoice 'F1' skipped: it is already handed off to agency"
for d in 2026-10-31 2026-11-30 2027-06-01; do
	ok run --date "$d" --format csv
	equals "$(picked)" ""
done
ok journal export --invoice F1
contains out '"kind":"handoff","payload":{"balance":"500.00","currency":"EUR","date":"2026-11-24","note":"Recouvrement Express, dossier 4411","to":"agency"}'
ok journal verify
pass
