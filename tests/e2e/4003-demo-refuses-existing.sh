# demo refuses (exit 1, database unchanged) to write into a database that
# exists, and replaces it with --force.
. "$(dirname "$0")/lib.sh"
make_ledger
before=$(fingerprint)
expect_status 1 --db "$DB" demo
equals "$(cat err)" "relance: '$DB' exists: the demo needs a new database (use --force to replace it, or --db PATH)"
equals "$(cat out)" ""
equals "$(fingerprint)" "$before"
ok show F1
ok --db "$DB" demo --force
equals "$(sed -n 1p out)" "demo ledger of Atelier Dupont SAS in $DB"
expect_status 1 show F1
equals "$(cat err)" "relance: no invoice 'F1'"
ok invoices --format csv
equals "$(($(wc -l <out) - 1))" 500
ok invoices --format csv
# A second demo run needs --force again.
before=$(fingerprint)
expect_status 1 demo
equals "$(fingerprint)" "$before"
pass
