# show INVOICE prints one invoice with its allocated payments as a table,
# CSV or JSON (keys in order, a payments array), and the last day of its
# limitation period (5 years from the due date for a business customer).
. "$(dirname "$0")/lib.sh"
make_ledger
ok show F4
equals "$(cat out)" "invoice_number:    F4
customer_id:       C3
customer_name:     Müller GmbH
type:              invoice
issue_date:        2026-08-01
due_date:          2026-08-31
currency:          EUR
amount:            5000.00
paid:              2000.00
balance:           3000.00
days_late:         85
status:            overdue
prescription_date: 2031-08-31

payments allocated:
payment_id  date         amount
P2          2026-11-10  2000.00"
ok show F3
contains out "status:            open"
contains out "payments allocated: none"
ok show F4 --format csv
equals "$(cat out)" "invoice_number,customer_id,customer_name,type,issue_date,due_date,currency,amount,paid,balance,days_late,status,prescription_date
F4,C3,Müller GmbH,invoice,2026-08-01,2026-08-31,EUR,5000.00,2000.00,3000.00,85,overdue,2031-08-31"
ok show F4 --format json
equals "$(cat out)" '{
  "invoice_number": "F4",
  "customer_id": "C3",
  "customer_name": "Müller GmbH",
  "type": "invoice",
  "issue_date": "2026-08-01",
  "due_date": "2026-08-31",
  "currency": "EUR",
  "amount": "5000.00",
  "paid": "2000.00",
  "balance": "3000.00",
  "days_late": 85,
  "status": "overdue",
  "prescription_date": "2031-08-31",
  "payments": [
    {
      "payment_id": "P2",
      "date": "2026-11-10",
      "amount": "2000.00"
    }
  ]
}'
pass
