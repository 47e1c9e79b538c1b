# The minimum gap: an invoice found 30 days late gets its first reminder;
# though the later steps' days have come, a run 3 days after a step does
# nothing for it, and the run 7 days after gives the next step. Runs every
# day; beside it, an invoice whose steps wait for their offsets instead.
. "$(dirname "$0")/lib.sh"
ok init --name "Test SARL"
cat >customers.csv <<'CSV'
customer_id,name,kind,country,language,email,phone,address
C1,Boulangerie Martin,business,FR,fr,compta@martin.fr,,1 rue Haute
C2,Camille Durand,business,FR,fr,camille@example.fr,,2 rue Basse
CSV
cat >invoices.csv <<'CSV'
invoice_number,customer_id,issue_date,due_date,currency,amount
F1,C1,2026-09-01,2026-10-01,EUR,500.00
F2,C2,2026-09-28,2026-10-28,EUR,500.00
CSV
ok import customers customers.csv
ok import invoices invoices.csv

log=""
d=2026-10-31
while [ "$d" != 2026-11-25 ]; do
	ok run --date "$d" --format csv
	log="$log$(awk -F, -v d="$d" 'NR > 1 { printf " %s:%s:%s", d, $7, $4 }' out)"
	d=$(date -u -d "$d +1 day" +%F)
done
# F1 (J+30 on 10-31): first reminder, then every 7 days the next step, its
# offsets (J+10, J+20, J+30) being long past. F2 (J+3 on 10-31): first
# reminder, second on J+10 = 11-07 (also 7 days on), the registered letter
# on its J+20 = 11-17, 10 days on.
equals "$log" " 2026-10-31:F1:2 2026-10-31:F2:2 2026-11-07:F1:3 2026-11-07:F2:3 2026-11-14:F1:4 2026-11-17:F2:4 2026-11-21:F1:5"

# Three days after F1's phone call: only the summary.
ok run --date 2026-11-24
equals "$(cat out)" "run 2026-11-24: nothing to do (2 open invoices, 0 steps done earlier that day)"
# Seven days after: the formal notice.
ok run --date 2026-11-28 --format csv
equals "$(csv_value out invoice_number F1 step_name)" "formal notice"
pass
