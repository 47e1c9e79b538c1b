# An invoice number already in the database for another customer is
# reported with file, line and invoice_number; exit 1, database unchanged.
. "$(dirname "$0")/lib.sh"
make_ledger
printf '%s\n' \
	'invoice_number,customer_id,issue_date,due_date,currency,amount' \
	'G1,C1,2026-09-01,2026-10-01,EUR,10.00' \
	'F1,C2,2026-09-01,2026-10-01,EUR,1200.00' >bad.csv
before=$(fingerprint)
expect_status 1 import invoices bad.csv
equals "$(cat err)" "relance: bad.csv:3: invoice_number: invoice 'F1' already exists for customer 'C1', not 'C2'
relance: 1 bad row: nothing was imported"
equals "$(cat out)" ""
equals "$(fingerprint)" "$before"
ok show F1 --format csv
equals "$(csv_value out invoice_number F1 customer_id)" C1
expect_status 1 show G1
pass
