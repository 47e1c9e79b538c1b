# invoices --prescribing-within DAYS lists the invoices with a balance
# whose limitation period (5 years between businesses, 2 years for a
# consumer, from the due date) ends within DAYS days, those already
# prescribed included, with the date and the days left; show and history
# give the same date. A leap day ends on 28 February.
. "$(dirname "$0")/lib.sh"
ok init --name "Test SARL"
cat >customers.csv <<'CSV'
customer_id,name,kind,country,language,email,phone,address
C1,Boulangerie Martin,business,FR,fr,compta@martin.fr,,1 rue Haute
C2,Camille Durand,consumer,FR,fr,camille@example.fr,,2 rue Basse
CSV
cat >invoices.csv <<'CSV'
invoice_number,customer_id,issue_date,due_date,currency,amount
B1,C1,2021-11-01,2021-12-01,EUR,100.00
B2,C1,2021-06-01,2021-06-30,EUR,200.00
B3,C1,2023-12-15,2024-01-15,EUR,300.00
B4,C1,2021-11-10,2021-12-10,EUR,400.00
K1,C2,2024-11-20,2024-12-20,EUR,50.00
K2,C2,2024-02-01,2024-02-29,EUR,60.00
K3,C2,2024-12-01,2025-01-10,EUR,-20.00
CSV
cat >payments.csv <<'CSV'
payment_id,paid_date,amount,currency,customer_id,invoice_number,reference
P1,2022-01-05,400.00,EUR,C1,B4,VIR B4
CSV
ok import customers customers.csv
ok import invoices invoices.csv
ok import payments payments.csv

# Today is 2026-11-24: B2 and K2 are prescribed, B1 and K1 soon will be;
# B3 (2029) is far, B4 is paid, K3 is a credit note.
ok invoices --prescribing-within 90 --format csv
equals "$(cat out)" "invoice_number,customer_id,type,issue_date,due_date,currency,amount,paid,balance,days_late,status,prescription_date,days_to_prescription
B2,C1,invoice,2021-06-01,2021-06-30,EUR,200.00,0.00,200.00,1973,overdue,2026-06-30,-147
B1,C1,invoice,2021-11-01,2021-12-01,EUR,100.00,0.00,100.00,1819,overdue,2026-12-01,7
K2,C2,invoice,2024-02-01,2024-02-29,EUR,60.00,0.00,60.00,999,overdue,2026-02-28,-269
K1,C2,invoice,2024-11-20,2024-12-20,EUR,50.00,0.00,50.00,704,overdue,2026-12-20,26"
ok invoices --prescribing-within 0 --format csv
equals "$(awk -F, 'NR > 1 { printf "%s%s", s, $1; s = " " }' out)" "B2 K2"
ok invoices --prescribing-within 7 --customer C1 --format csv
equals "$(awk -F, 'NR > 1 { printf "%s%s", s, $1; s = " " }' out)" "B2 B1"
ok invoices --prescribing-within 6 --customer C1 --status overdue --format csv
equals "$(awk -F, 'NR > 1 { printf "%s%s", s, $1; s = " " }' out)" "B2"
# As of another day: B1's last day still counts, the next does not.
ok invoices --prescribing-within 0 --date 2026-12-01 --customer C1 --format csv
equals "$(awk -F, 'NR > 1 { printf "%s%s:%s", s, $1, $13; s = " " }' out)" "B2:-154 B1:0"
ok invoices --prescribing-within 2000 --format json
contains out '"invoice_number":"B3"'
contains out '"prescription_date":"2029-01-15","days_to_prescription":783'
not_contains out '"B4"'
not_contains out '"K3"'
# Without the option the columns are the usual ones.
ok invoices --format csv
equals "$(sed -n 1p out)" "invoice_number,customer_id,type,issue_date,due_date,currency,amount,paid,balance,days_late,status"

ok show K2 --format csv
equals "$(csv_value out invoice_number K2 prescription_date)" 2026-02-28
ok show B4 --format csv
equals "$(csv_value out invoice_number B4 prescription_date)" 2026-12-10
ok show K3 --format json
contains out '"prescription_date": null'
ok history K2 --format csv
contains out "2026-02-28,K2,prescription,,,\"last day of the limitation period: 2 years from the due date (consumer customer, C. conso. L218-2); prescribed\","

expect_status 2 invoices --prescribing-within soon
equals "$(cat err)" "relance invoices: --prescribing-within: 'soon' is not a whole number from 0 to 36600
run 'relance invoices --help' for usage"
expect_status 2 invoices --prescribing-within -5
expect_status 2 invoices --prescribing-within 30 --status paid
equals "$(cat err)" "relance invoices: --prescribing-within lists invoices with a balance: --status paid does not go with it
run 'relance invoices --help' for usage"
pass
