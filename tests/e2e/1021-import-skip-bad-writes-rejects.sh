# --skip-bad REJECTS.csv imports the good rows, exits 0, and writes each bad
# row as read plus rejected_file,rejected_line,rejected_field,rejected_reason.
. "$(dirname "$0")/lib.sh"
make_ledger
printf '%s\n' \
	'invoice_number,customer_id,issue_date,due_date,currency,amount' \
	'G1,C1,2026-09-01,2026-10-01,EUR,10.00' \
	'G2,C1,2026-09-01,2026-10-01,EUR,abc' \
	'G3,C99,2026-09-01,2026-10-01,EUR,3.00' \
	'G4,C2,2026-09-01,2026-10-01,EUR,"1 234.00"' \
	'G5,C2,2026-02-30,2026-10-01,EUR,5.00' >mixed.csv
ok import invoices mixed.csv --skip-bad rejects.csv
equals "$(cat out)" "invoices: 5 rows: 2 new, 0 updated, 0 unchanged, 3 rejected"
equals "$(cat err)" "relance: mixed.csv:3: amount: 'abc' is not an amount: unexpected 'a'
relance: mixed.csv:4: customer_id: unknown customer 'C99'
relance: mixed.csv:6: issue_date: '2026-02-30' is not a date: February 2026 has 28 days"
equals "$(cat rejects.csv)" "invoice_number,customer_id,issue_date,due_date,currency,amount,rejected_file,rejected_line,rejected_field,rejected_reason
G2,C1,2026-09-01,2026-10-01,EUR,abc,mixed.csv,3,amount,'abc' is not an amount: unexpected 'a'
G3,C99,2026-09-01,2026-10-01,EUR,3.00,mixed.csv,4,customer_id,unknown customer 'C99'
G5,C2,2026-02-30,2026-10-01,EUR,5.00,mixed.csv,6,issue_date,'2026-02-30' is not a date: February 2026 has 28 days"
ok show G1 --format csv
equals "$(csv_value out invoice_number G1 amount)" 10.00
ok show G4 --format csv
equals "$(csv_value out invoice_number G4 amount)" 1234.00
expect_status 1 show G2
expect_status 1 show G3
expect_status 1 show G5
# No temporary file is left beside the rejects file.
equals "$(echo rejects.csv*)" "rejects.csv"
pass
