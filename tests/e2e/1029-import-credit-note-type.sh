# type=credit_note with a positive amount is stored as a negative credit
# note; a negative amount without a type is one too; type=invoice with a
# negative amount is rejected.
. "$(dirname "$0")/lib.sh"
make_ledger
printf '%s\n' \
	'invoice_number,customer_id,issue_date,due_date,currency,amount,type' \
	'A1,C1,2026-11-02,2026-11-02,EUR,40.00,credit_note' \
	'A2,C1,2026-11-03,2026-11-03,EUR,-25.00,' >credits.csv
ok import invoices credits.csv
equals "$(cat out)" "invoices: 2 rows: 2 new, 0 updated, 0 unchanged"
ok show A1 --format json
equals "$(cat out)" '{
  "invoice_number": "A1",
  "customer_id": "C1",
  "customer_name": "Boulangerie Martin",
  "type": "credit_note",
  "issue_date": "2026-11-02",
  "due_date": "2026-11-02",
  "currency": "EUR",
  "amount": "-40.00",
  "paid": "0.00",
  "balance": "-40.00",
  "days_late": 0,
  "status": "credit",
  "prescription_date": null,
  "interest_rule": null,
  "interest": null,
  "indemnity": null,
  "waived": null,
  "interest_total": null,
  "notice_date": null,
  "judgment_date": null,
  "payments": []
}'
ok invoices --status credit --format csv
equals "$(csv_value out invoice_number A2 amount)" -25.00
equals "$(csv_value out invoice_number A2 type)" credit_note
ok balance --format csv
contains out "EUR,6375.40,3200.00,3175.40,3300.50"
printf '%s\n' \
	'invoice_number,customer_id,issue_date,due_date,currency,amount,type' \
	'A3,C1,2026-11-02,2026-11-02,EUR,-40.00,invoice' \
	'A4,C1,2026-11-02,2026-11-02,EUR,40.00,avoir' >bad.csv
before=$(fingerprint)
expect_status 1 import invoices bad.csv
equals "$(cat err)" "relance: bad.csv:2: amount: an invoice's amount must not be negative (use type credit_note)
relance: bad.csv:3: type: 'avoir' is neither 'invoice' nor 'credit_note'
relance: 2 bad rows: nothing was imported"
equals "$(fingerprint)" "$before"
pass
