# demo on a fresh --db creates the French demo ledger, then prints its
# balance and its overdue invoices, the same as `balance` and `invoices
# --status overdue` print afterwards.
. "$(dirname "$0")/lib.sh"
ok --db "$DB" demo
cp out demo.txt
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
equals "$(sed -n 10p demo.txt)" "overdue invoices:"
ok invoices --status overdue
n=$(wc -l <out)
[ "$n" -gt 10 ] || fail "only $n lines of overdue invoices"
equals "$(sed -n "11,$((10 + n))p" demo.txt)" "$(cat out)"
equals "$(sed -n "$((12 + n))p" demo.txt)" "next: relance --db $DB invoices --status open | show NUMBER | help"
equals "$(cat err)" ""
# Every state is in the demo ledger.
# gen issues invoices up to 30 days after today (due up to 60 days after):
# all 500 are listed as of then.
ok invoices --date 2026-12-24 --format csv
equals "$(($(wc -l <out) - 1))" 500
ok invoices --format csv
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
