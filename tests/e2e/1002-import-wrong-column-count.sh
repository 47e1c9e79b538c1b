# A row with fewer or more fields than the header is reported with its line
# and the first column missing or in excess; exit 1, database unchanged.
. "$(dirname "$0")/lib.sh"
make_ledger
printf '%s\n' \
	'invoice_number,customer_id,issue_date,due_date,currency,amount' \
	'G1,C1,2026-09-01,2026-10-01,EUR,10.00' \
	'G2,C1,2026-09-01,2026-10-01,EUR' \
	'G3,C1,2026-09-01,2026-10-01,EUR,13.00,extra' >bad.csv
before=$(fingerprint)
expect_status 1 import invoices bad.csv
equals "$(cat err)" "relance: bad.csv:3: column 6: expected 6 fields as in the header, found 5
relance: bad.csv:4: column 7: expected 6 fields as in the header, found 7
relance: 2 bad rows: nothing was imported"
equals "$(cat out)" ""
equals "$(fingerprint)" "$before"
expect_status 1 show G1
pass
