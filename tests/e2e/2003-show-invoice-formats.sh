# show INVOICE prints one invoice with its allocated payments as a table,
# CSV or JSON (keys in order, a payments array), the last day of its
# limitation period (5 years from the due date for a business customer) and
# its late-payment interest as of today (2026-11-24). F4 under fr-b2b (the
# creditor is French): 5,000.00 due 2026-08-31, 2,000.00 paid 2026-11-10;
# H2 2026 rate = ECB on 1 July 2026 (2.40) + 10 = 12.40 %:
#   2026-09-01..2026-11-10: 71 days x 5000 x 12.40 % / 365 = 120.6027
#   2026-11-11..2026-11-24: 14 days x 3000 x 12.40 % / 365 =  14.2685
#   interest 134.8712 -> 134.87; indemnity 40.00; total due 174.87.
# Empty values leave trailing blanks in the table: compared without them.
. "$(dirname "$0")/lib.sh"
make_ledger
ok show F4
equals "$(sed 's/ *$//' out)" "invoice_number:    F4
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
interest_rule:     fr-b2b
interest:          134.87
indemnity:         40.00
waived:
interest_total:    174.87
notice_date:
judgment_date:

payments allocated:
payment_id  date         amount
P2          2026-11-10  2000.00"
ok show F3
contains out "status:            open"
contains out "payments allocated: none"
ok show F4 --format csv
equals "$(cat out)" "invoice_number,customer_id,customer_name,type,issue_date,due_date,currency,amount,paid,balance,days_late,status,prescription_date,interest_rule,interest,indemnity,waived,interest_total,notice_date,judgment_date
F4,C3,Müller GmbH,invoice,2026-08-01,2026-08-31,EUR,5000.00,2000.00,3000.00,85,overdue,2031-08-31,fr-b2b,134.87,40.00,,174.87,,"
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
  "interest_rule": "fr-b2b",
  "interest": "134.87",
  "indemnity": "40.00",
  "waived": "",
  "interest_total": "174.87",
  "notice_date": null,
  "judgment_date": null,
  "payments": [
    {
      "payment_id": "P2",
      "date": "2026-11-10",
      "amount": "2000.00"
    }
  ]
}'
pass
