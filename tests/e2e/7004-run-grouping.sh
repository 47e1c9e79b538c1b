# Due steps are grouped per customer and channel: several invoices of one
# customer due the same day on the same channel make one communication;
# another channel, or another customer, makes another.
. "$(dirname "$0")/lib.sh"
comm() { csv_value out invoice_number "$1" communication; }
differ() { [ "$1" != "$2" ] || fail "expected two different values, got '$1' twice"; }
ok init --name "Test SARL"
cat >customers.csv <<'CSV'
customer_id,name,kind,country,language,email,phone,address
C1,Boulangerie Martin,business,FR,fr,compta@martin.fr,,1 rue Haute
C2,Camille Durand,business,FR,fr,camille@example.fr,,2 rue Basse
CSV
cat >invoices.csv <<'CSV'
invoice_number,customer_id,issue_date,due_date,currency,amount
A,C1,2026-08-01,2026-09-01,EUR,500.00
C,C1,2026-09-01,2026-10-01,EUR,200.00
B,C1,2026-09-01,2026-10-01,EUR,100.00
D,C2,2026-09-01,2026-10-01,EUR,300.00
CSV
ok import customers customers.csv
ok import invoices invoices.csv

ok run --date 2026-09-02 --format csv
equals "$(picked)" "A:2"
ok run --date 2026-09-11 --format csv
equals "$(picked)" "A:3"
ok run --date 2026-09-21 --format csv
equals "$(picked)" "A:4"

# J-5 of B, C, D: the courtesy email. C1's two invoices in one email (rows
# by due date, then invoice), C2's in another.
ok run --date 2026-09-26 --format csv
equals "$(picked)" "C:1 B:1 D:1"
equals "$(comm C)" "$(comm B)"
differ "$(comm D)" "$(comm B)"
equals "$(csv_value out invoice_number B customer_id)" C1
equals "$(csv_value out invoice_number D customer_id)" C2

# A's phone call and B's and C's first reminder by email the same day: two
# communications for C1, one per channel (email first), and C2's email.
ok run --date 2026-10-03 --format csv
equals "$(picked)" "C:2 B:2 A:5 D:2"
equals "$(comm C)" "$(comm B)"
differ "$(comm A)" "$(comm B)"
differ "$(comm D)" "$(comm B)"
differ "$(comm D)" "$(comm A)"
cb=$(comm B) ca=$(comm A) cd=$(comm D)
equals "$(csv_value out invoice_number A channel)" phone
equals "$(csv_value out invoice_number B channel)" email
equals "$(cat err)" "run 2026-10-03: 4 open invoices, 4 steps in 3 communications"

# The journal's step entries name the same communications.
ok journal export
for inv in A B C D; do
	equals "$(grep "\"invoice\":\"$inv\"" out | grep -c '"run_date":"2026-10-03"')" 1
done
for pair in B:$cb C:$cb A:$ca D:$cd; do
	grep '"run_date":"2026-10-03"' out | grep -q "\"invoice\":\"${pair%:*}\".*\"communication\":${pair#*:}," ||
		fail "the journal does not put ${pair%:*} in communication ${pair#*:}"
done
contains out '"kind":"run","payload":{"communications":3,"date":"2026-10-03","evaluated":4,'
pass
