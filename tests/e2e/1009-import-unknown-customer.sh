# An invoice or payment for a customer the ledger does not know is reported
# with file, line and customer_id; exit 1, database unchanged.
. "$(dirname "$0")/lib.sh"
make_ledger
printf '%s\n' \
	'invoice_number,customer_id,issue_date,due_date,currency,amount' \
	'G1,C1,2026-09-01,2026-10-01,EUR,10.00' \
	'G2,C99,2026-09-01,2026-10-01,EUR,11.00' >bad.csv
before=$(fingerprint)
expect_status 1 import invoices bad.csv
equals "$(cat err)" "relance: bad.csv:3: customer_id: unknown customer 'C99'
relance: 1 bad row: nothing was imported"
equals "$(cat out)" ""
equals "$(fingerprint)" "$before"
expect_status 1 show G1
printf '%s\n' \
	'payment_id,paid_date,amount,currency,customer_id,invoice_number,reference' \
	'P9,2026-11-01,10.00,EUR,C1,,ok' \
	'P10,2026-11-01,10.00,EUR,C99,,who' >badpay.csv
expect_status 1 import payments badpay.csv
equals "$(cat err)" "relance: badpay.csv:3: customer_id: unknown customer 'C99'
relance: 1 bad row: nothing was imported"
equals "$(fingerprint)" "$before"
pass
