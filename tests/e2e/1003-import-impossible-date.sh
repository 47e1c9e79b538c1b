# Dates that do not exist (30 February, month 13, 31 April in DD/MM/YYYY) are
# reported with file, line and date column; exit 1, database unchanged.
. "$(dirname "$0")/lib.sh"
make_ledger
printf '%s\n' \
	'invoice_number,customer_id,issue_date,due_date,currency,amount' \
	'G1,C1,2026-09-01,2026-10-01,EUR,10.00' \
	'G2,C1,2026-02-30,2026-03-30,EUR,11.00' \
	'G3,C1,2026-01-01,2026-13-01,EUR,12.00' \
	'G4,C1,01/04/2026,31/04/2026,EUR,13.00' >bad.csv
before=$(fingerprint)
expect_status 1 import invoices bad.csv
equals "$(cat err)" "relance: bad.csv:3: issue_date: '2026-02-30' is not a date: February 2026 has 28 days
relance: bad.csv:4: due_date: '2026-13-01' is not a date: month 13 does not exist
relance: bad.csv:5: due_date: '31/04/2026' is not a date: April 2026 has 30 days
relance: 3 bad rows: nothing was imported"
equals "$(cat out)" ""
equals "$(fingerprint)" "$before"
expect_status 1 show G1
pass
