# Several files are imported in one transaction: a bad row in the second
# file means the first file's good rows are not imported either.
. "$(dirname "$0")/lib.sh"
make_ledger
printf '%s\n' \
	'invoice_number,customer_id,issue_date,due_date,currency,amount' \
	'M1,C1,2026-09-01,2026-10-01,EUR,1.00' >one.csv
printf '%s\n' \
	'invoice_number,customer_id,issue_date,due_date,currency,amount' \
	'M2,C2,2026-09-01,2026-10-01,EUR,2.00' \
	'M3,C2,2026-09-01,2026-10-01,EUR,bad' >two.csv
before=$(fingerprint)
expect_status 1 import invoices one.csv two.csv
equals "$(cat err)" "relance: two.csv:3: amount: 'bad' is not an amount: unexpected 'b'
relance: 1 bad row: nothing was imported"
equals "$(fingerprint)" "$before"
expect_status 1 show M1
expect_status 1 show M2
# A missing second file: the same.
expect_status 1 import invoices one.csv missing.csv
equals "$(cat err)" "relance: missing.csv: cannot open: No such file or directory"
equals "$(fingerprint)" "$before"
# Both good: both imported, one summary.
sed '$d' two.csv >two-good.csv
ok import invoices one.csv two-good.csv
equals "$(cat out)" "invoices: 2 rows: 2 new, 0 updated, 0 unchanged"
ok show M1 --format csv
equals "$(csv_value out invoice_number M1 amount)" 1.00
ok show M2 --format csv
equals "$(csv_value out invoice_number M2 amount)" 2.00
pass
