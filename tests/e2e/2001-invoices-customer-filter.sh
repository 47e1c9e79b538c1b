# invoices --customer ID lists only that customer's invoices and credit
# notes; an unknown customer lists nothing.
. "$(dirname "$0")/lib.sh"
make_ledger
ok invoices --customer C3 --format csv
equals "$(cat out)" "invoice_number,customer_id,type,issue_date,due_date,currency,amount,paid,balance,days_late,status
F4,C3,invoice,2026-08-01,2026-08-31,EUR,5000.00,2000.00,3000.00,85,overdue
F5,C3,credit_note,2026-09-10,2026-10-10,EUR,-150.00,0.00,-150.00,0,credit"
ok invoices --customer C1 --status overdue --format csv
equals "$(cat out)" "invoice_number,customer_id,type,issue_date,due_date,currency,amount,paid,balance,days_late,status
F2,C1,invoice,2026-10-15,2026-11-14,EUR,300.50,0.00,300.50,10,overdue"
ok invoices --customer C99 --format csv
equals "$(cat out)" "invoice_number,customer_id,type,issue_date,due_date,currency,amount,paid,balance,days_late,status"
ok invoices --customer C2 --format json
equals "$(cat out)" '[
{"invoice_number":"F3","customer_id":"C2","type":"invoice","issue_date":"2026-11-01","due_date":"2026-12-01","currency":"EUR","amount":"89.90","paid":"0.00","balance":"89.90","days_late":0,"status":"open"}
]'
pass
