# Late-payment interest of one invoice under fr-b2b, worked by hand:
# 1,000.00 due 2026-01-31, 400.00 paid on 2026-03-02, computed to 2026-04-30.
# H1 2026 rate: ECB MRO in force on 1 January 2026 (2.15 %) + 10 = 12.15 %.
#   2026-02-01..2026-03-02: 30 days on 1,000.00; 2026-03-03..2026-04-30: 59 on 600.00
#   (1000 x 30 + 600 x 59) x 12.15 % / 365 = 65,400 x 0.1215 / 365 = 21.7701... = 21.77
#   first segment: 1000 x 30 x 0.1215 / 365 = 9.9863 = 9.99; second 21.77 - 9.99 = 11.78
# Fixed indemnity (C. com. D441-5): 40.00 EUR. Total 61.77.
. "$(dirname "$0")/lib.sh"
ok init --name "Test SARL"
printf '%s\n' 'customer_id,name,kind' 'C1,Boulangerie Martin,business' 'C2,Camille Durand,consumer' >c.csv
printf '%s\n' 'invoice_number,customer_id,issue_date,due_date,currency,amount' \
	'F1,C1,2026-01-01,2026-01-31,EUR,1000.00' 'F2,C1,2026-01-01,2026-01-31,EUR,500.00' \
	'F3,C2,2026-01-01,2026-01-31,EUR,80.00' 'A1,C1,2026-01-05,2026-01-05,EUR,-10.00' >i.csv
printf '%s\n' 'payment_id,paid_date,amount,currency,customer_id,invoice_number,reference' \
	'P1,2026-03-02,400.00,EUR,C1,F1,' 'P2,2026-01-31,500.00,EUR,C1,F2,' >p.csv
ok import customers c.csv
ok import invoices i.csv
ok import payments p.csv
ok interest F1 --date 2026-04-30 --format csv
equals "$(cat out)" "from,to,days,balance,rate,amount
2026-02-01,2026-03-02,30,1000.00,12.15,9.99
2026-03-03,2026-04-30,59,600.00,12.15,11.78"
ok interest F1 --date 2026-04-30 --format json
contains out '"rule": "fr-b2b"'
contains out '"interest": "21.77"'
contains out '"indemnity": "40.00"'
contains out '"total": "61.77"'
# Paid on its due date: no interest, no indemnity.
ok interest F2 --date 2026-04-30 --format json
contains out '"interest": "0.00"'
contains out '"indemnity": "0.00"'
# A consumer under French law: interest only from a formal notice (none here).
ok interest F3 --date 2026-04-30 --format json
contains out '"rule": "fr-b2c"'
contains out '"interest": "0.00"'
contains out '"indemnity": "0.00"'
# Every invoice late or paid late: F1 and F3, not F2 (paid on time), not the credit note.
ok interest --all --date 2026-04-30 --format csv
equals "$(cat out)" "invoice_number,customer_id,currency,rule,days_late,interest,indemnity,waived,total
F1,C1,EUR,fr-b2b,89,21.77,40.00,,61.77
F3,C2,EUR,fr-b2c,89,0.00,0.00,,0.00"
ok interest --customer C2 --date 2026-04-30 --format csv
equals "$(sed -n 2p out)" "F3,C2,EUR,fr-b2c,89,0.00,0.00,,0.00"
expect_status 2 interest F1 --all
# Errors: a credit note, an unknown invoice, an unknown rule, bad arguments.
expect_status 1 interest A1
equals "$(cat err)" "relance: 'A1' is a credit note: it bears no interest"
expect_status 1 interest F9
equals "$(cat err)" "relance: no invoice 'F9'"
expect_status 2 interest F1 --rule xx-b2b
expect_status 2 interest
expect_status 2 interest F1 --format xml
pass
