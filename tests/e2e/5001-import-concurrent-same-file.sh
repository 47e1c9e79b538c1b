# The same files imported twice at the same time, as two processes: the
# result is one import. The imports of one ledger are serialised (PostgreSQL:
# a lock per creditor; SQLite: the write lock), so one writes every row and
# the other, having waited, finds them all unchanged: no row doubled, no
# payment allocated twice.
. "$(dirname "$0")/lib.sh"
ok init --name "Test SARL"
ok gen --out g --customers 300 --invoices 8000 --seed 12 --asof 2026-11-24
for kind in customers invoices payments; do
	n=$(($(wc -l <"g/$kind.csv") - 1))
	for i in 1 2; do
		("$RELANCE_BIN" import "$kind" "g/$kind.csv" >"out.$i" 2>"err.$i"
		echo $? >"rc.$i") &
	done
	wait
	equals "$(cat rc.1) $(cat rc.2)" "0 0"
	equals "$(cat err.1)$(cat err.2)" ""
	equals "$(cat out.1 out.2 | sort)" "$kind: $n rows: 0 new, 0 updated, $n unchanged
$kind: $n rows: $n new, 0 updated, 0 unchanged"
done
# The ledger is what one import gives (same checks as 4001).
asof=2026-11-24
cents='function c(s) { neg = s ~ /^-/; gsub(/[-.]/, "", s); return neg ? -s : +s }
	function eur(x) { return sprintf("%s%d.%02d", x < 0 ? "-" : "", (x < 0 ? -x : x) / 100, (x < 0 ? -x : x) % 100) }'
invoiced=$(awk -F, -v d="$asof" "$cents"'NR > 1 && $3 <= d { t += c($6) } END { print eur(t) }' g/invoices.csv)
paid=$(awk -F, -v d="$asof" "$cents"'NR > 1 && $2 <= d { t += c($3) } END { print eur(t) }' g/payments.csv)
ok balance --format csv
equals "$(sed -n 2p out | cut -d, -f1-3)" "EUR,$invoiced,$paid"
ok invoices --format csv
cents_check="$cents"'NR > 1 && c($8) + c($9) != c($7) { print "paid + balance != amount: " $0; bad = 1 }
	NR > 1 && c($8) > c($7) && c($7) > 0 { print "paid more than its amount: " $0; bad = 1 }
	END { exit bad }'
awk -F, "$cents_check" out >check.txt || fail "$(cat check.txt)"
pass
