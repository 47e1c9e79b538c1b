# gen's files import cleanly (no bad row, no note) and the ledger adds up:
# balance equals the sums over the files, overdue equals the balances of the
# overdue invoices, and each invoice's paid + balance is its amount.
. "$(dirname "$0")/lib.sh"
ok init --name "Gen SAS"
ok gen --out g --customers 40 --invoices 400 --seed 7 --asof 2026-11-24
for kind in customers invoices payments; do
	n=$(($(wc -l <"g/$kind.csv") - 1))
	ok import "$kind" "g/$kind.csv"
	equals "$(cat out)" "$kind: $n rows: $n new, 0 updated, 0 unchanged"
	equals "$(cat err)" ""
done
asof=2026-11-24
# Sums in cents over the generated files (amounts always have 2 decimals).
cents='function c(s) { if (s !~ /^-?[0-9]+\.[0-9][0-9]$/) { print "bad amount " s; exit 1 }
	neg = s ~ /^-/; gsub(/[-.]/, "", s); return neg ? -s : +s }
	function eur(x) { return sprintf("%s%d.%02d", x < 0 ? "-" : "", (x < 0 ? -x : x) / 100, (x < 0 ? -x : x) % 100) }'
invoiced=$(awk -F, -v d="$asof" "$cents"'
	NR > 1 && $3 <= d { t += c($6) } END { print eur(t) }' g/invoices.csv)
paid=$(awk -F, -v d="$asof" "$cents"'
	NR > 1 && $2 <= d { t += c($3) } END { print eur(t) }' g/payments.csv)
outstanding=$(awk -v i="$invoiced" -v p="$paid" "$cents"'
	BEGIN { print eur(c(i) - c(p)) }')
ok invoices --format csv
cp out listing.csv
issued=$(awk -F, -v d="$asof" 'NR > 1 && $3 <= d { n++ } END { print n + 0 }' g/invoices.csv)
equals "$(($(wc -l <listing.csv) - 1))" "$issued"
overdue=$(awk -F, "$cents"'
	NR > 1 && $11 == "overdue" { t += c($9) } END { print eur(t) }' listing.csv)
awk -F, "$cents"'NR > 1 && c($8) + c($9) != c($7) { print "paid + balance != amount: " $0; bad = 1 }
	NR > 1 && $11 == "paid" && c($9) != 0 { print "paid with a balance: " $0; bad = 1 }
	END { exit bad }' listing.csv >check.txt || fail "$(cat check.txt)"
for st in paid open overdue credit; do
	grep -q ",$st\$" listing.csv || fail "no invoice is $st"
done
ok balance --format csv
equals "$(cat out)" "currency,invoiced,paid,outstanding,overdue
EUR,$invoiced,$paid,$outstanding,$overdue"
pass
