# A payment without invoice_number is kept on its customer unallocated (it
# counts as paid in the balance, no invoice changes); one naming neither
# customer nor invoice is a bad row.
. "$(dirname "$0")/lib.sh"
make_ledger
printf '%s\n' \
	'payment_id,paid_date,amount,currency,customer_id,invoice_number,reference' \
	'P3,2026-11-20,50.00,EUR,C2,,acompte' >acompte.csv
ok import payments acompte.csv
equals "$(cat out)" "payments: 1 row: 1 new, 0 updated, 0 unchanged"
equals "$(cat err)" ""
ok invoices --customer C2 --format csv
equals "$(csv_value out invoice_number F3 paid)" 0.00
equals "$(csv_value out invoice_number F3 status)" open
ok balance --format csv
contains out "EUR,6440.40,3250.00,3190.40,3300.50"
printf '%s\n' \
	'payment_id,paid_date,amount,currency,customer_id,invoice_number,reference' \
	'P4,2026-11-20,50.00,EUR,,,anonymous' >nobody.csv
before=$(fingerprint)
expect_status 1 import payments nobody.csv
equals "$(cat err)" "relance: nobody.csv:2: customer_id: is empty (and no invoice_number names the payer)
relance: 1 bad row: nothing was imported"
equals "$(fingerprint)" "$before"
# Naming the invoice alone is enough: the customer is the invoice's.
printf '%s\n' \
	'payment_id,paid_date,amount,currency,customer_id,invoice_number,reference' \
	'P5,2026-11-21,89.90,EUR,,F3,VIR F3' >byinvoice.csv
ok import payments byinvoice.csv
ok show F3 --format csv
equals "$(csv_value out invoice_number F3 status)" paid
pass
