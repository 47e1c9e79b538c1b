# demo on a fresh --db creates the French demo ledger, then prints its
# balance and its overdue invoices, the same as `balance` and `invoices
# --status overdue` print afterwards.
. "$(dirname "$0")/lib.sh"
ok --db "$DB" demo
cp out demo.txt
cp err demo.err
equals "$(sed -n 1p demo.txt)" "demo ledger of Atelier Dupont SAS in $DB"
equals "$(sed -n 2p demo.txt)" "imported 50 customers.csv"
equals "$(sed -n 3p demo.txt)" "imported 500 invoices.csv"
case "$(sed -n 4p demo.txt)" in
"imported "[0-9]*" payments.csv") ;;
*) fail "unexpected line 4: $(sed -n 4p demo.txt)" ;;
esac
equals "$(sed -n 6p demo.txt)" "balance:"
ok balance
equals "$(sed -n '7,8p' demo.txt)" "$(cat out)"
equals "$(sed -n 10p demo.txt)" "most overdue invoices:"
ok invoices --status overdue
n=$(($(wc -l <out) - 1))
[ "$n" -gt 15 ] || fail "only $n overdue invoices"
# the header and the 15 most overdue, then how many more
equals "$(sed -n '11,26p' demo.txt)" "$(head -n 16 out)"
equals "$(sed -n 27p demo.txt)" "... and $((n - 15)) more overdue invoices"
# What today's run would send: the dry run's figures, channel by channel.
equals "$(sed -n 29p demo.txt)" "today's dunning run (a dry run: nothing sent, nothing recorded):"
ok run --dry-run --format csv
steps=$(($(wc -l <out) - 1))
comms=$(awk -F, 'NR > 1 { print $2 }' out | sort -u | wc -l)
emails=$(grep -c ',email,' out)
equals "$(sed -n 30p demo.txt)" "$steps invoices would get their next step, in $comms communications:"
contains demo.txt "$(printf '  %-18s %6d' email "$emails")"
# The interest owed: the sum of interest --all's totals.
ok interest --all --format csv
cents=$(awk -F, 'NR > 1 && $3 == "EUR" && $9 != "0.00" { gsub(/\./, "", $9); s += $9; n++ } END { printf "%d %d", s, n }' out)
n=${cents#* }
contains demo.txt "late-payment interest and recovery indemnities owed today:"
grep -q " on $n invoices late or paid late\$" demo.txt || fail "interest line: $(grep 'late or paid late' demo.txt)"
equals "$(grep -A1 '^try:$' demo.txt | tail -n 1)" "  $RELANCE_BIN --db $DB invoices --status overdue"
# The demo's own dry run recorded nothing: the real run does all of it.
ok run --format csv
equals "$(($(wc -l <out) - 1))" "$steps"
equals "$(cat demo.err)" ""
# Every state is in the demo ledger.
# No invoice is issued after today: all 500 are listed.
ok invoices --format csv
equals "$(($(wc -l <out) - 1))" 500
for st in paid open overdue credit; do
	grep -q ",$st\$" out || fail "no invoice is $st"
done
awk -F, 'NR > 1 && $8 != "0.00" && $9 != "0.00" { found = 1 } END { exit !found }' out ||
	fail "no partly paid invoice"
ok customers --format csv
equals "$(($(wc -l <out) - 1))" 50
# The creditor is French: without a locale set, tables are in French.
RELANCE_LOCALE='' LC_ALL='' LC_MONETARY='' LANG='' "$RELANCE_BIN" balance >fr.txt 2>&1 ||
	fail "balance failed"
grep -q "$(printf ',[0-9][0-9]\302\240\342\202\254')" fr.txt || fail "not French amounts: $(cat fr.txt)"
pass
