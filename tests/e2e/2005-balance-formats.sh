# balance prints invoiced, paid, outstanding and overdue per currency as a
# table, CSV or JSON, with machine formats in '.' decimals; currencies are
# kept apart and sorted.
. "$(dirname "$0")/lib.sh"
make_ledger
ok balance
equals "$(cat out)" "currency  invoiced     paid  outstanding  overdue
EUR        6440.40  3200.00      3240.40  3300.50"
ok balance --format csv
equals "$(cat out)" "currency,invoiced,paid,outstanding,overdue
EUR,6440.40,3200.00,3240.40,3300.50"
ok balance --format json
equals "$(cat out)" '[
{"currency":"EUR","invoiced":"6440.40","paid":"3200.00","outstanding":"3240.40","overdue":"3300.50"}
]'
# A second currency, with another exponent, gets its own line.
printf '%s\n' \
	'invoice_number,customer_id,issue_date,due_date,currency,amount' \
	'J1,C3,2026-09-01,2026-10-01,JPY,120000' \
	'G1,C3,2026-11-01,2026-12-01,CHF,1250.50' >other.csv
ok import invoices other.csv
ok balance --format csv
equals "$(cat out)" "currency,invoiced,paid,outstanding,overdue
CHF,1250.50,0.00,1250.50,0.00
EUR,6440.40,3200.00,3240.40,3300.50
JPY,120000,0,120000,120000"
pass
