# What is paid toward a plan is what was allocated to its invoices after the
# plan was made, whatever happens to their amounts: F1 (600.00, 100.00 paid
# before) goes into a plan of 500.00 in two instalments; F1's amount is then
# corrected to 650.00 by a re-import; the 250.00 paid for the first
# instalment still pays it, and the plan is not breached.
. "$(dirname "$0")/lib.sh"
ok init --name "Test SARL"
one_customer_file
printf '%s\n' 'invoice_number,customer_id,issue_date,due_date,currency,amount' \
	'F1,C1,2026-09-01,2026-10-01,EUR,600.00' >invoices.csv
printf '%s\n' 'payment_id,paid_date,amount,currency,customer_id,invoice_number,reference' \
	'P1,2026-09-20,100.00,EUR,C1,F1,VIR 1' >pay1.csv
ok import customers customers.csv
ok import invoices invoices.csv
ok import payments pay1.csv

export RELANCE_TODAY=2026-10-02
ok plan create --customer C1 --instalments 2 --every 30 --first 2026-10-15
contains out "500.00 EUR in 2 instalments"
sed 's/600\.00/650.00/' invoices.csv >invoices2.csv
ok import invoices invoices2.csv
printf '%s\n' 'payment_id,paid_date,amount,currency,customer_id,invoice_number,reference' \
	'P2,2026-10-15,250.00,EUR,C1,F1,VIR 2' >pay2.csv
ok import payments pay2.csv
# After the first instalment's grace (10-15 + 7 days): honoured.
ok run --date 2026-10-23 --format csv
not_contains err "breached"
export RELANCE_TODAY=2026-10-23
ok plan show 1 --format csv
equals "$(sed -n 2p out)" "1,C1,open,1,2026-10-15,EUR,250.00,250.00,paid"
pass
