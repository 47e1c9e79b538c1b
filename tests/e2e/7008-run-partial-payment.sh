# A partial payment imported between two runs lowers the balance the next
# run sees: below a step's minimum, the step is skipped. A payment dated
# after the run's date does not count yet.
. "$(dirname "$0")/lib.sh"
ok init --name "Test SARL"
cat >customers.csv <<'CSV'
customer_id,name,kind,country,language,email,phone,address
C1,Boulangerie Martin,business,FR,fr,compta@martin.fr,,1 rue Haute
C2,Camille Durand,business,FR,fr,camille@example.fr,,2 rue Basse
C3,Müller GmbH,business,DE,de,ap@mueller.de,,Hauptstraße 3
CSV
cat >invoices.csv <<'CSV'
invoice_number,customer_id,issue_date,due_date,currency,amount
F1,C1,2026-08-01,2026-09-01,EUR,20.00
F2,C2,2026-08-01,2026-09-01,EUR,20.00
F3,C3,2026-08-01,2026-09-01,EUR,30.00
CSV
ok import customers customers.csv
ok import invoices invoices.csv
ok run --date 2026-09-02 --format csv
equals "$(picked)" "F1:2 F2:2 F3:2"
ok run --date 2026-09-11 --format csv
equals "$(picked)" "F1:3 F2:3 F3:3"
equals "$(csv_value out invoice_number F1 balance)" 20.00

# F1: 10.00 paid on 09-15, leaving 10.00, under the registered letter's
# 15.00. F3: 20.00 paid, but on 09-25, after the next run's date.
printf '%s\n' 'payment_id,paid_date,amount,currency,customer_id,invoice_number,reference' \
	'P1,2026-09-15,10.00,EUR,C1,F1,VIR partiel' \
	'P3,2026-09-25,20.00,EUR,C3,F3,VIR partiel' >pay.csv
ok import payments pay.csv
ok run --date 2026-09-21 --format csv
equals "$(picked)" "F2:4 F3:4"
equals "$(csv_value out invoice_number F2 balance)" 20.00
equals "$(csv_value out invoice_number F3 balance)" 30.00
equals "$(cat err)" "run 2026-09-21: 3 open invoices, 2 steps in 2 communications
skipped: 1 below minimum balance"

# The phone call (15.00): F3 now owes 10.00 and is skipped too.
ok run --date 2026-10-01 --format csv
equals "$(picked)" "F2:5"
ok run --date 2026-10-08 --format csv
equals "$(picked)" ""
ok run --date 2026-12-31
equals "$(cat out)" "run 2026-12-31: nothing to do (3 open invoices, 0 steps done earlier that day)"
ok journal export --invoice F1
equals "$(grep -c '"kind":"step"' out)" 2
ok journal export --invoice F3
equals "$(grep -c '"kind":"step"' out)" 3
contains out '"balance":"30.00","channel":"registered_letter"'
pass
