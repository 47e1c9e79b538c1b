# Runs started together on the day after a plan's breach, and a plan made
# for another customer meanwhile: the breach is judged and journaled once,
# its invoices resume once, and the other plan is made whole (its invoices
# paused) before or after the runs, never half.
. "$(dirname "$0")/lib.sh"
ok init --name "Test SARL"
cat >customers.csv <<'CSV'
customer_id,name,kind,country,language,email,phone,address
C1,Boulangerie Martin,business,FR,fr,compta@martin.fr,,1 rue Haute
C2,Camille Durand,business,FR,fr,camille@example.fr,,2 rue Basse
CSV
cat >invoices.csv <<'CSV'
invoice_number,customer_id,issue_date,due_date,currency,amount
F1,C1,2026-09-01,2026-10-01,EUR,600.00
F2,C1,2026-09-01,2026-10-01,EUR,300.00
G1,C2,2026-09-01,2026-10-01,EUR,100.00
CSV
ok import customers customers.csv
ok import invoices invoices.csv
export RELANCE_TODAY=2026-10-02
ok plan create --customer C1 --instalments 3 --every 30 --first 2026-10-15
export RELANCE_TODAY=2026-10-23
for i in 1 2 3 4; do
	("$RELANCE_BIN" run --date 2026-10-23 >"out$i" 2>"err$i"
	echo $? >"rc$i") &
done
("$RELANCE_BIN" plan create --customer C2 --instalments 2 --every 30 >outp 2>errp
echo $? >rcp) &
wait
for i in 1 2 3 4; do
	equals "$(cat "rc$i")" 0
done
equals "$(cat rcp)" 0
ok journal verify
ok journal export
equals "$(grep -c '"kind":"plan_breached"' out)" 1
equals "$(grep -c '"kind":"plan"' out)" 2
equals "$(grep '"kind":"step"' out | sed 's/.*"invoice":"\([^"]*\)".*/\1/' | sort | uniq -d)" ""
ok plan list --format csv
contains out "1,C1,breached"
contains out "2,C2,open"
ok history G1
contains out "plan"
pass
