# Minimum balances of fr-standard: registered letter and phone call 15.00,
# formal notice 40.00, hand-off 150.00. A step the balance does not reach
# is passed over for the first later step it does reach; when none is
# within reach (fr-standard's minimums only rise), the invoice waits where
# it stands: it is listed by no run, and a run where nothing else is due
# says "nothing to do". A policy whose phone call has no minimum after a
# registered letter with one reaches the phone call (F12 at the end).
. "$(dirname "$0")/lib.sh"
ok init --name "Test SARL"
cat >customers.csv <<'CSV'
customer_id,name,kind,country,language,email,phone,address
C1,Ten,business,FR,fr,a@example.fr,,1 rue A
C2,Fifteen,business,FR,fr,b@example.fr,,2 rue B
C3,Twenty,business,FR,fr,c@example.fr,,3 rue C
C4,Fifty,business,FR,fr,d@example.fr,,4 rue D
C5,Two hundred,business,FR,fr,e@example.fr,,5 rue E
CSV
cat >invoices.csv <<'CSV'
invoice_number,customer_id,issue_date,due_date,currency,amount
F10,C1,2026-08-01,2026-09-01,EUR,10.00
F15,C2,2026-08-01,2026-09-01,EUR,15.00
F20,C3,2026-08-01,2026-09-01,EUR,20.00
F50,C4,2026-08-01,2026-09-01,EUR,50.00
F200,C5,2026-08-01,2026-09-01,EUR,200.00
CSV
ok import customers customers.csv
ok import invoices invoices.csv

# The email reminders have no minimum.
ok run --date 2026-09-02 --format csv
equals "$(picked)" "F10:2 F15:2 F20:2 F50:2 F200:2"
ok run --date 2026-09-11 --format csv
equals "$(picked)" "F10:3 F15:3 F20:3 F50:3 F200:3"
# J+20, registered letter (15.00): not for 10.00; 15.00 exactly is enough.
ok run --date 2026-09-21 --format csv
equals "$(picked)" "F15:4 F20:4 F50:4 F200:4"
equals "$(csv_value out invoice_number F15 channel)" registered_letter
# The phone call (15.00): F10 is still skipped.
ok run --date 2026-10-01 --format csv
equals "$(picked)" "F15:5 F20:5 F50:5 F200:5"
# The formal notice (40.00): skipped for 15.00 and 20.00 too.
ok run --date 2026-10-11 --format csv
equals "$(picked)" "F50:6 F200:6"
# The hand-off (150.00): only 200.00.
ok run --date 2026-10-26 --format csv
equals "$(picked)" "F200:7"
equals "$(csv_value out invoice_number F200 channel)" handoff

# Months later, the skipped steps are still skipped: F10 never gets
# anything past its second reminder, F15 and F20 past the phone call, F50
# past the formal notice. Nothing is due, so nothing is written.
before=$(fingerprint)
for d in 2026-11-30 2027-03-01; do
	ok run --date "$d"
	equals "$(cat out)" "run $d: nothing to do (5 open invoices, 0 steps done earlier that day)"
	ok run --date "$d" --dry-run --format csv
	equals "$(picked)" ""
done
equals "$(fingerprint)" "$before"
ok journal export --invoice F10
equals "$(grep -c '"kind":"step"' out)" 2
not_contains out registered_letter
ok journal export --invoice F20
equals "$(grep -c '"kind":"step"' out)" 4
ok journal export --invoice F50
equals "$(grep -c '"kind":"step"' out)" 5
# A phone call with no minimum after a registered letter with one: 12.00
# passes over the letter to the call, on the call's day.
cat >dip.ini <<'INI'
[policy]
name = dip
min_gap = 7
[step: reminder]
offset = 1
channel = email
[step: registered letter]
offset = 20
channel = registered_letter
min_balance = 15.00
[step: phone call]
offset = 30
channel = phone
INI
ok policy import dip.ini
printf 'customer_id,name,kind,country,language,email,phone,address\nC6,Twelve,business,FR,fr,f@example.fr,,6 rue F\n' >c6.csv
printf 'invoice_number,customer_id,issue_date,due_date,currency,amount\nF12,C6,2027-02-01,2027-03-01,EUR,12.00\n' >f12.csv
ok import customers c6.csv
ok import invoices f12.csv
ok policy assign C6 dip
ok run --date 2027-03-02 --format csv
equals "$(picked)" "F12:1"
ok run --date 2027-03-21 --format csv
equals "$(picked)" ""
ok run --date 2027-03-31 --format csv
equals "$(picked)" "F12:3"
equals "$(csv_value out invoice_number F12 channel)" phone
pass
