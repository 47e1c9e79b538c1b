# An invoice number given twice in one file is reported at its second
# occurrence, naming invoice_number; exit 1, database unchanged.
. "$(dirname "$0")/lib.sh"
make_ledger
printf '%s\n' \
	'invoice_number,customer_id,issue_date,due_date,currency,amount' \
	'G1,C1,2026-09-01,2026-10-01,EUR,10.00' \
	'G2,C2,2026-09-01,2026-10-01,EUR,11.00' \
	'G1,C1,2026-09-01,2026-10-01,EUR,10.00' >bad.csv
before=$(fingerprint)
expect_status 1 import invoices bad.csv
equals "$(cat err)" "relance: bad.csv:4: invoice_number: invoice 'G1' appears twice in this import
relance: 1 bad row: nothing was imported"
equals "$(cat out)" ""
equals "$(fingerprint)" "$before"
expect_status 1 show G1
expect_status 1 show G2
pass
