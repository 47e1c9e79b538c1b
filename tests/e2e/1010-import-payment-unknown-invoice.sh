# A payment naming an invoice that does not exist is reported with file,
# line and invoice_number; exit 1, database unchanged.
. "$(dirname "$0")/lib.sh"
make_ledger
printf '%s\n' \
	'payment_id,paid_date,amount,currency,customer_id,invoice_number,reference' \
	'P9,2026-11-01,89.90,EUR,C2,F3,VIR F3' \
	'P10,2026-11-01,10.00,EUR,C1,F99,VIR F99' >bad.csv
before=$(fingerprint)
expect_status 1 import payments bad.csv
equals "$(cat err)" "relance: bad.csv:3: invoice_number: unknown invoice 'F99'
relance: 1 bad row: nothing was imported"
equals "$(cat out)" ""
equals "$(fingerprint)" "$before"
ok show F3 --format csv
equals "$(csv_value out invoice_number F3 paid)" 0.00
pass
