# A header without a required column is reported at line 1 naming the
# column and the expected header; exit 1, database unchanged.
. "$(dirname "$0")/lib.sh"
make_ledger
printf '%s\n' \
	'invoice_number,customer_id,issue_date,currency,amount' \
	'G1,C1,2026-09-01,EUR,10.00' >bad.csv
before=$(fingerprint)
expect_status 1 import invoices bad.csv
equals "$(cat err)" "relance: bad.csv:1: due_date: missing column 'due_date' (the header must name the columns invoice_number,customer_id,issue_date,due_date,currency,amount)"
equals "$(cat out)" ""
equals "$(fingerprint)" "$before"
expect_status 1 show G1
pass
