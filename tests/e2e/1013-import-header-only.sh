# A file with a header and no data rows is an error at line 2; exit 1,
# database unchanged.
. "$(dirname "$0")/lib.sh"
make_ledger
printf 'invoice_number,customer_id,issue_date,due_date,currency,amount\n' >header.csv
before=$(fingerprint)
expect_status 1 import invoices header.csv
equals "$(cat err)" "relance: header.csv:2: no data rows after the header"
equals "$(cat out)" ""
equals "$(fingerprint)" "$before"
pass
