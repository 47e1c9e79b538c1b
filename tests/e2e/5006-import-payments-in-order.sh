# A payments file where later rows depend on earlier ones: a second payment
# to an invoice sees the first one's allocation (right after it, and
# thousands of rows later), a payment id twice is reported, a changed
# payment is allocated afresh. PostgreSQL keeps the writes of a bulk payment
# import back and sends them in batches: rows must still see the rows before
# them. Checked: no invoice is paid more than its amount, and the totals add
# up.
. "$(dirname "$0")/lib.sh"
ok init --name "Test SARL"
ok gen --out g --customers 100 --invoices 9000 --seed 31 --asof 2026-11-24
ok import customers g/customers.csv
ok import invoices g/invoices.csv
# Every payment, each of the first 40 followed by a second one paying the
# invoice's whole amount again (all of it credit once the first is there);
# then 40 more such payments at the end, and P0000001 again.
awk -F, -v OFS=, 'FNR == NR { amount[$1] = $6; next }
	FNR == 1 { print; next }
	{ print }
	FNR <= 41 && $6 != "" { $1 = "X" $1; $3 = amount[$6]; print }
	FNR > 41 && FNR <= 81 && $6 != "" { $1 = "Y" $1; $3 = amount[$6]; late[++n] = $0 }
	END { for (i = 1; i <= n; i++) print late[i] }' g/invoices.csv g/payments.csv >pay.csv
sed -n 2p g/payments.csv >>pay.csv
rows=$(($(wc -l <pay.csv) - 1))
extra=$(grep -c '^[XY]' pay.csv)
[ "$extra" -ge 60 ] || fail "only $extra extra payments"
ok import payments pay.csv --skip-bad rejects.csv
equals "$(head -n 1 out | sed 's/;.*//')" "payments: $rows rows: $((rows - 1)) new, 0 updated, 0 unchanged, 1 rejected"
contains out "payments left credit on the customer"
contains rejects.csv "payment 'P0000001' appears twice in this import"
equals "$(grep -c "is [0-9.]* EUR more than invoice" err)" "$(grep -c "more than invoice" err)"
ok invoices --format csv --date 2027-12-31
cents='function c(s) { neg = s ~ /^-/; gsub(/[-.]/, "", s); return neg ? -s : +s }'
awk -F, "$cents"'NR > 1 && c($8) + c($9) != c($7) { print "paid + balance != amount: " $0; bad = 1 }
	NR > 1 && c($7) > 0 && c($8) > c($7) { print "paid more than its amount: " $0; bad = 1 }
	END { exit bad }' out >check.txt || fail "$(head -3 check.txt)"
# A changed payment (the first X one, now smaller) is allocated afresh.
first=$(grep -m 1 '^X' pay.csv)
echo "$(head -n 1 pay.csv)" >change.csv
echo "$first" | awk -F, -v OFS=, '{ $3 = "1.00"; print }' >>change.csv
ok import payments change.csv
contains out "1 updated"
ok invoices --format csv --date 2027-12-31
awk -F, "$cents"'NR > 1 && c($8) + c($9) != c($7) { bad = 1 } NR > 1 && c($7) > 0 && c($8) > c($7) { bad = 1 }
	END { exit bad }' out || fail "an invoice is overpaid after the change"
pass
