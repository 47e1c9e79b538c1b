# Running every hour is the same as running once a day: two creditors of
# one database hold the same ledger; A runs three times on each day, B
# once. They list the same steps and end with the same journal (but for
# times, hashes, and run and communication ids).
. "$(dirname "$0")/lib.sh"
ok --creditor A init --name "Hourly SARL"
ok --creditor B init --name "Daily SARL"
cat >customers.csv <<'CSV'
customer_id,name,kind,country,language,email,phone,address
C1,Boulangerie Martin,business,FR,fr,compta@martin.fr,,1 rue Haute
C2,Camille Durand,consumer,FR,fr,camille@example.fr,,2 rue Basse
C3,Müller GmbH,business,DE,de,ap@mueller.de,,Hauptstraße 3
CSV
cat >invoices.csv <<'CSV'
invoice_number,customer_id,issue_date,due_date,currency,amount
F1,C1,2026-08-01,2026-09-01,EUR,1200.00
F2,C1,2026-10-15,2026-11-14,EUR,300.50
F3,C2,2026-11-01,2026-12-01,EUR,89.90
F4,C3,2026-08-01,2026-08-31,EUR,5000.00
F5,C3,2026-11-01,2026-11-27,EUR,12.00
CSV
for c in A B; do
	ok --creditor "$c" import customers customers.csv
	ok --creditor "$c" import invoices invoices.csv
done

# The run's rows without the communication ids (numbered per database).
rows() { cut -d, -f1,3- "$T/out"; }
for d in 2026-11-22 2026-11-24 2026-11-25 2026-12-01 2026-12-02 2026-12-08; do
	ok --creditor B run --date "$d" --format csv
	daily=$(rows)
	ok --creditor A run --date "$d" --format csv
	equals "$(rows)" "$daily"
	for hour in 2 3; do
		ok --creditor A run --date "$d" --format csv
		equals "$(cat out)" "customer_id,communication,channel,step,step_name,policy,invoice_number,currency,balance,days_late"
		contains err "run $d: nothing to do"
	done
done

# The journals, without what differs between the two creditors anyway.
strip() {
	python3 -c '
import json, sys
for line in sys.stdin:
    e = json.loads(line)
    for k in ("at", "hash", "creditor"):
        del e[k]
    for k in ("communication", "run"):
        e["payload"].pop(k, None)
    print(json.dumps(e, sort_keys=True))
' <"$T/out"
}
ok --creditor B journal export
daily=$(strip)
ok --creditor A journal export
equals "$(strip)" "$daily"
[ "$(printf '%s\n' "$daily" | grep -c '"kind": "step"')" -ge 10 ] || fail "too few steps: $daily"
ok --creditor A journal verify
ok --creditor B journal verify
pass
