# An import and the daily run at the same time, as two processes: both
# complete, the import's rows are all there once, and the run did each
# invoice's step once (a second run that day only reaches the invoices the
# first did not see).
. "$(dirname "$0")/lib.sh"
ok init --name "Test SARL"
ok gen --out g --customers 200 --invoices 12000 --seed 13 --asof 2026-11-24
ok import customers g/customers.csv
head -n 1 g/invoices.csv >a.csv
cp a.csv b.csv
awk 'NR > 1 && NR <= 6001' g/invoices.csv >>a.csv
awk 'NR > 6001' g/invoices.csv >>b.csv
ok import invoices a.csv
("$RELANCE_BIN" import invoices b.csv >out.import 2>err.import
echo $? >rc.import) &
("$RELANCE_BIN" run --date 2026-11-24 >out.run 2>err.run
echo $? >rc.run) &
wait
equals "$(cat rc.import) $(cat rc.run)" "0 0"
equals "$(cat err.import)$(grep -v '^skipped: ' err.run)" ""
equals "$(cat out.import)" "invoices: 6000 rows: 6000 new, 0 updated, 0 unchanged"
ok invoices --format csv --date 2027-12-31
equals "$(awk -F, 'NR > 1 { print $1 }' out | sort | uniq -d)" ""
equals "$(($(wc -l <out) - 1))" 12000
ok run --date 2026-11-24
ok run --date 2026-11-24
contains out "nothing to do"
ok journal verify
ok journal export
equals "$(grep '"kind":"step"' out | sed 's/.*"invoice":"\([^"]*\)".*/\1/' | sort | uniq -d)" ""
pass
