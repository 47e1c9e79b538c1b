# A small ledger imports; balances, statuses and allocations are right.
. "$(dirname "$0")/lib.sh"
make_ledger
ok invoices --format csv
contains out "invoice_number,customer_id,type,issue_date,due_date,currency,amount,paid,balance,days_late,status"
equals "$(csv_value out invoice_number F1 status)" paid
equals "$(csv_value out invoice_number F2 status)" overdue
equals "$(csv_value out invoice_number F2 days_late)" 10
equals "$(csv_value out invoice_number F3 status)" open
equals "$(csv_value out invoice_number F4 balance)" 3000.00
equals "$(csv_value out invoice_number F4 paid)" 2000.00
equals "$(csv_value out invoice_number F5 type)" credit_note
equals "$(csv_value out invoice_number F5 status)" credit
ok balance --format csv
contains out "currency,invoiced,paid,outstanding,overdue"
# invoiced 1200+300.50+89.90+5000-150 = 6440.40; paid 3200; overdue F2 + F4 = 3300.50
contains out "EUR,6440.40,3200.00,3240.40,3300.50"
pass
