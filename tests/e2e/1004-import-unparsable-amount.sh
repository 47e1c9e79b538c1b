# Amounts that are not numbers ("abc") or whose grouping is wrong ("12,34.5")
# are reported with file, line and the amount column; exit 1, unchanged.
. "$(dirname "$0")/lib.sh"
make_ledger
printf '%s\n' \
	'invoice_number,customer_id,issue_date,due_date,currency,amount' \
	'G1,C1,2026-09-01,2026-10-01,EUR,10.00' \
	'G2,C1,2026-09-01,2026-10-01,EUR,"12,34.5"' \
	'G3,C1,2026-09-01,2026-10-01,EUR,abc' >bad.csv
before=$(fingerprint)
expect_status 1 import invoices bad.csv
equals "$(cat err)" "relance: bad.csv:3: amount: '12,34.5' has a misplaced thousands separator ',' (groups have 3 digits)
relance: bad.csv:4: amount: 'abc' is not an amount: unexpected 'a'
relance: 2 bad rows: nothing was imported"
equals "$(cat out)" ""
equals "$(fingerprint)" "$before"
expect_status 1 show G1
pass
