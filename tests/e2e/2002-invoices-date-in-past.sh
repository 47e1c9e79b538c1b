# invoices/balance/show --date D show the ledger as it stood on D: payments
# dated after D are not counted (higher balance, overdue or open instead of
# paid), and invoices issued after D are not listed.
. "$(dirname "$0")/lib.sh"
make_ledger
ok invoices --date 2026-10-15 --format csv
equals "$(cat out)" "invoice_number,customer_id,type,issue_date,due_date,currency,amount,paid,balance,days_late,status
F4,C3,invoice,2026-08-01,2026-08-31,EUR,5000.00,0.00,5000.00,45,overdue
F1,C1,invoice,2026-09-01,2026-10-01,EUR,1200.00,0.00,1200.00,14,overdue
F5,C3,credit_note,2026-09-10,2026-10-10,EUR,-150.00,0.00,-150.00,0,credit
F2,C1,invoice,2026-10-15,2026-11-14,EUR,300.50,0.00,300.50,0,open"
# The day P1 was received F1 is paid; the day before, still overdue.
ok invoices --date 2026-10-20 --status paid --format csv
equals "$(csv_value out invoice_number F1 balance)" 0.00
ok invoices --date 19/10/2026 --status overdue --format csv
equals "$(csv_value out invoice_number F1 balance)" 1200.00
equals "$(csv_value out invoice_number F1 days_late)" 18
# Due 2026-08-31: open that day, overdue from the next.
ok invoices --date 2026-08-31 --customer C3 --format csv
equals "$(csv_value out invoice_number F4 status)" open
ok invoices --date 2026-09-01 --customer C3 --format csv
equals "$(csv_value out invoice_number F4 status)" overdue
equals "$(csv_value out invoice_number F4 days_late)" 1
ok balance --date 2026-10-15 --format csv
equals "$(cat out)" "currency,invoiced,paid,outstanding,overdue
EUR,6350.50,0.00,6350.50,6200.00"
ok show F4 --date 2026-11-09 --format csv
equals "$(csv_value out invoice_number F4 paid)" 0.00
equals "$(csv_value out invoice_number F4 balance)" 5000.00
ok show F4 --date 2026-11-10 --format csv
equals "$(csv_value out invoice_number F4 balance)" 3000.00
pass
