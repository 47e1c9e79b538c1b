# A large import (over 100,000 rows, more than half the table: the bulk path
# that rebuilds the secondary indexes, and on PostgreSQL copies rows straight
# into the table) keeps the import's rules: rows already stored are
# unchanged or updated, a row twice in the file is reported, a bad row
# leaves nothing imported, and the ledger holds every row once.
. "$(dirname "$0")/lib.sh"
ok init --name "Test SARL"
ok gen --out g --customers 1000 --invoices 110000 --seed 21 --asof 2026-11-24
ok import customers g/customers.csv
head -n 20001 g/invoices.csv >first.csv
ok import invoices first.csv
# The whole file, one stored row changed, two rows repeated near the end.
awk -F, -v OFS=, 'NR == 101 { $6 = "1.23" } { print }' g/invoices.csv >all.csv
sed -n '2p;50000p' g/invoices.csv >>all.csv
changed=$(awk -F, 'NR == 101 { print $1 }' g/invoices.csv)
before=$(fingerprint)
expect_status 1 import invoices all.csv
contains err "all.csv:110002: invoice_number: invoice '$(awk -F, 'NR == 2 { print $1 }' g/invoices.csv)' appears twice in this import"
contains err "2 bad rows: nothing was imported"
equals "$(fingerprint)" "$before"
ok import invoices all.csv --skip-bad rejects.csv
equals "$(cat out)" "invoices: 110002 rows: 90000 new, 1 updated, 19999 unchanged, 2 rejected"
contains err "invoice '$changed' updated: amount"
equals "$(($(wc -l <rejects.csv) - 1))" 2
ok invoices --format csv --date 2027-12-31
awk -F, 'NR > 1 { print $1 "," $7 }' out | sort >stored.txt
awk -F, 'NR > 1 { printf "%s,%.2f\n", $1, $6 }' all.csv | sort -u >expected.txt
cmp -s stored.txt expected.txt || fail "stored invoices differ: $(diff stored.txt expected.txt | head -5)"
case "$DB" in
postgres*)
	equals "$(psql -At "$DB" -c "SELECT count(*) FROM pg_indexes WHERE indexname = 'invoice_customer'")" 1
	;;
*) equals "$(sqlite3 "$DB" "SELECT count(*) FROM sqlite_schema WHERE name = 'invoice_customer'")" 1 ;;
esac
pass
