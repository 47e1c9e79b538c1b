# "1.234,56" is never guessed: without --decimal-comma it is an error naming
# file, line and amount (exit 1, database unchanged); with it, 1234.56.
. "$(dirname "$0")/lib.sh"
make_ledger
printf '%s\n' \
	'invoice_number,customer_id,issue_date,due_date,currency,amount' \
	'G1,C1,2026-09-01,2026-10-01,EUR,10.00' \
	'G2,C1,2026-09-01,2026-10-01,EUR,"1.234,56"' >bad.csv
before=$(fingerprint)
expect_status 1 import invoices bad.csv
equals "$(cat err)" "relance: bad.csv:3: amount: '1.234,56' uses ',' as decimal separator but '.' was expected (use --decimal-comma)
relance: 1 bad row: nothing was imported"
equals "$(cat out)" ""
equals "$(fingerprint)" "$before"
expect_status 1 show G2
# The same file with the separator stated: the amount is exact.
printf '%s\n' \
	'invoice_number,customer_id,issue_date,due_date,currency,amount' \
	'G1,C1,2026-09-01,2026-10-01,EUR,"10,00"' \
	'G2,C1,2026-09-01,2026-10-01,EUR,"1.234,56"' >comma.csv
ok import invoices comma.csv --decimal-comma
equals "$(cat out)" "invoices: 2 rows: 2 new, 0 updated, 0 unchanged"
ok show G2 --format csv
equals "$(csv_value out invoice_number G2 amount)" 1234.56
ok show G1 --format csv
equals "$(csv_value out invoice_number G1 amount)" 10.00
pass
