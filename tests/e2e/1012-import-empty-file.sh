# An empty file is an error at its line 1 that says which header is
# expected; exit 1, database unchanged.
. "$(dirname "$0")/lib.sh"
make_ledger
: >empty.csv
before=$(fingerprint)
expect_status 1 import invoices empty.csv
equals "$(cat err)" "relance: empty.csv:1: the file is empty (expected a header line: invoice_number,customer_id,issue_date,due_date,currency,amount)"
equals "$(cat out)" ""
equals "$(fingerprint)" "$before"
pass
