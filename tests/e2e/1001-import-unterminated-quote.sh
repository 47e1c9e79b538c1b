# A quote left open is reported at the line it opened, naming the column;
# exit 1 and the database is unchanged (the good row before it is not kept).
. "$(dirname "$0")/lib.sh"
make_ledger
printf '%s\n' \
	'invoice_number,customer_id,issue_date,due_date,currency,amount' \
	'G1,C1,2026-09-01,2026-10-01,EUR,10.00' \
	'G2,C1,2026-09-01,2026-10-01,EUR,"12.00' \
	'G3,C1,2026-09-01,2026-10-01,EUR,13.00' >bad.csv
before=$(fingerprint)
expect_status 1 import invoices bad.csv
equals "$(cat err)" "relance: bad.csv:3: column 6: unterminated quoted field (opened on line 3, still open at end of input)"
equals "$(cat out)" ""
equals "$(fingerprint)" "$before"
expect_status 1 show G1
equals "$(cat err)" "relance: no invoice 'G1'"
pass
