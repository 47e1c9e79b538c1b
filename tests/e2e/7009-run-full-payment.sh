# A payment that clears an invoice closes its case: no run looks at it
# again, whatever the date; a partial payment does not.
. "$(dirname "$0")/lib.sh"
ok init --name "Test SARL"
one_customer_file
cat >invoices.csv <<'CSV'
invoice_number,customer_id,issue_date,due_date,currency,amount
F1,C1,2026-08-01,2026-09-01,EUR,500.00
F2,C1,2026-08-01,2026-09-01,EUR,800.00
CSV
ok import customers customers.csv
ok import invoices invoices.csv
ok run --date 2026-09-02 --format csv
equals "$(picked)" "F1:2 F2:2"
ok run --date 2026-09-11 --format csv
equals "$(picked)" "F1:3 F2:3"

# F1 paid in full in two payments, F2 in part.
printf '%s\n' 'payment_id,paid_date,amount,currency,customer_id,invoice_number,reference' \
	'P1,2026-09-14,200.00,EUR,C1,F1,VIR 1' \
	'P2,2026-09-15,300.00,EUR,C1,F1,VIR 2' \
	'P3,2026-09-15,799.99,EUR,C1,F2,VIR' >pay.csv
ok import payments pay.csv
ok run --date 2026-09-21 --format csv
equals "$(picked)" ""
equals "$(cat err)" "run 2026-09-21: nothing to do (1 open invoices, 0 steps done earlier that day)
skipped: 1 below minimum balance"

# F2 pays its last cent: nothing is open, nothing ever happens again.
printf '%s\n' 'payment_id,paid_date,amount,currency,customer_id,invoice_number,reference' \
	'P4,2026-09-22,0.01,EUR,C1,F2,VIR solde' >pay2.csv
ok import payments pay2.csv
before=$(fingerprint)
for d in 2026-09-22 2026-10-01 2026-10-11 2026-10-26 2027-09-01; do
	ok run --date "$d"
	equals "$(cat out)" "run $d: nothing to do (0 open invoices, 0 steps done earlier that day)"
done
equals "$(fingerprint)" "$before"

# Before the payments' dates the invoices were open: a run for such a date
# finds them, but they had their steps already.
ok run --date 2026-09-13
equals "$(cat out)" "run 2026-09-13: nothing to do (2 open invoices, 0 steps done earlier that day)"
ok show F1 --format csv
equals "$(csv_value out invoice_number F1 status)" paid
ok journal export --invoice F1
equals "$(grep -c '"kind":"step"' out)" 2
pass
