# A payment larger than its invoice's balance settles the invoice and the
# excess stays on the customer as credit; the import says so.
. "$(dirname "$0")/lib.sh"
make_ledger
printf '%s\n' \
	'payment_id,paid_date,amount,currency,customer_id,invoice_number,reference' \
	'P3,2026-11-20,500.00,EUR,C1,F2,VIR F2' >over.csv
ok import payments over.csv
equals "$(cat out)" "payments: 1 row: 1 new, 0 updated, 0 unchanged; 1 payment left credit on the customer"
equals "$(cat err)" "relance: over.csv:2: payment 'P3' is 199.50 EUR more than invoice 'F2' still owed: left as customer credit"
ok show F2 --format json
contains out '"paid": "300.50"'
contains out '"balance": "0.00"'
contains out '"status": "paid"'
contains out '"payment_id": "P3"'
contains out '"amount": "300.50"'
ok balance --format csv
# paid 3200 + 500 = 3700; outstanding 6440.40 - 3700; overdue F4 only
contains out "EUR,6440.40,3700.00,2740.40,3000.00"
ok import payments over.csv --format json
equals "$(cat out)" '{"kind":"payments","rows":1,"inserted":0,"updated":0,"unchanged":1,"rejected":0,"credited":0}'
pass
