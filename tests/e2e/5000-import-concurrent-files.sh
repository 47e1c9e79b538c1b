# Two imports of different invoice files into one ledger at the same time,
# as two processes: both complete (on PostgreSQL the second waits for the
# first's lock on the creditor, on SQLite for the write lock), and every row
# is there once.
. "$(dirname "$0")/lib.sh"
ok init --name "Test SARL"
ok gen --out g --customers 300 --invoices 30000 --seed 11 --asof 2026-11-24
ok import customers g/customers.csv
head -n 1 g/invoices.csv >a.csv
cp a.csv b.csv
awk 'NR > 1 && NR % 2 == 0' g/invoices.csv >>a.csv
awk 'NR > 1 && NR % 2 == 1' g/invoices.csv >>b.csv
for f in a b; do
	("$RELANCE_BIN" import invoices "$f.csv" >"out.$f" 2>"err.$f"
	echo $? >"rc.$f") &
done
wait
equals "$(cat rc.a) $(cat rc.b)" "0 0"
equals "$(cat err.a)$(cat err.b)" ""
equals "$(cat out.a)" "invoices: 15000 rows: 15000 new, 0 updated, 0 unchanged"
equals "$(cat out.b)" "invoices: 15000 rows: 15000 new, 0 updated, 0 unchanged"
# Every invoice once, with its own amount: the listing is the file's rows.
ok invoices --format csv --date 2027-12-31
awk -F, 'NR > 1 { print $1 "," $7 }' out | sort >stored.txt
awk -F, 'NR > 1 { printf "%s,%.2f\n", $1, $6 }' g/invoices.csv | sort >expected.txt
equals "$(wc -l <stored.txt)" 30000
cmp -s stored.txt expected.txt || fail "stored invoices differ from the files: $(diff stored.txt expected.txt | head -5)"
pass
