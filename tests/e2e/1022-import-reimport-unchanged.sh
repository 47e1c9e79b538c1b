# Importing the same files again changes nothing: every row is counted
# unchanged and the database is identical.
. "$(dirname "$0")/lib.sh"
make_ledger
before=$(fingerprint)
ok import customers customers.csv
equals "$(cat out)" "customers: 3 rows: 0 new, 0 updated, 3 unchanged"
equals "$(cat err)" ""
ok import invoices invoices.csv
equals "$(cat out)" "invoices: 5 rows: 0 new, 0 updated, 5 unchanged"
equals "$(cat err)" ""
ok import payments payments.csv --format csv
equals "$(cat out)" "kind,rows,inserted,updated,unchanged,rejected,credited
payments,2,0,0,2,0,0"
equals "$(cat err)" ""
equals "$(fingerprint)" "$before"
ok balance --format csv
contains out "EUR,6440.40,3200.00,3240.40,3300.50"
pass
