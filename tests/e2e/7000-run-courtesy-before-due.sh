# The J-5 courtesy email goes out 5 days before the due date, never after
# it: an invoice first seen after its due date starts at the first reminder.
. "$(dirname "$0")/lib.sh"
ok init --name "Test SARL"
cat >customers.csv <<'CSV'
customer_id,name,kind,country,language,email,phone,address
C1,Early,business,FR,fr,a@example.fr,,1 rue A
C2,Late,business,FR,fr,b@example.fr,,2 rue B
CSV
cat >invoices.csv <<'CSV'
invoice_number,customer_id,issue_date,due_date,currency,amount
F1,C1,2026-11-01,2026-12-01,EUR,100.00
F2,C2,2026-10-01,2026-11-20,EUR,100.00
CSV
ok import customers customers.csv
ok import invoices invoices.csv

# J-6 for F1: nothing yet. F2 is 5 days past due: its courtesy day has
# gone by, so it gets the first reminder, not a late courtesy email.
ok run --date 2026-11-25 --format csv
equals "$(picked)" "F2:2"
equals "$(csv_value out invoice_number F2 step_name)" "first reminder"

# J-5 for F1: the courtesy reminder, by email, 5 days before the due date.
ok run --date 2026-11-26 --format csv
equals "$(picked)" "F1:1"
equals "$(csv_value out invoice_number F1 step_name)" "courtesy reminder"
equals "$(csv_value out invoice_number F1 channel)" email
equals "$(csv_value out invoice_number F1 days_late)" -5
equals "$(csv_value out invoice_number F1 policy)" fr-standard

# The days up to the due date: nothing more for F1.
for d in 2026-11-27 2026-11-30 2026-12-01; do
	ok run --date "$d" --format csv
	equals "$(picked)" ""
done
# J+2 for F1 (7 days after the courtesy email): the first reminder. F2's
# second reminder was due on J+10 = 11-30 and came with it on 12-02.
ok run --date 2026-12-02 --format csv
equals "$(picked)" "F2:3"
ok run --date 2026-12-03 --format csv
equals "$(picked)" "F1:2"

# The journal agrees: F1 had the courtesy step then the first reminder,
# F2 never had the courtesy step.
ok journal export --invoice F1
equals "$(grep -c '"kind":"step"' out)" 2
contains out '"run_date":"2026-11-26","step":1,"step_name":"courtesy reminder"'
ok journal export --invoice F2
not_contains out '"step":1,'
not_contains out 'courtesy'
pass
