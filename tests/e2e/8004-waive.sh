# relance waive: a waived interest or indemnity is still computed and shown,
# marked waived, but not due: totals respect it (one invoice, --all). One
# waiver per invoice and kind; --cancel withdraws it; each journaled.
# F1: 1,000.00 due 2026-01-31, 400.00 paid 2026-03-02, to 2026-04-30, fr-b2b:
#   interest 21.77 (worked in 8000-interest-partial-payment), indemnity 40.00.
# F2: 500.00 due 2026-01-31, unpaid, to 2026-04-30: 89 days at 12.15 %:
#   500 x 89 x 12.15 % / 365 = 14.8130 -> 14.81; indemnity 40.00; total 54.81.
. "$(dirname "$0")/lib.sh"
ok init --name "Test SARL"
printf '%s\n' 'customer_id,name,kind' 'C1,Boulangerie Martin,business' >c.csv
printf '%s\n' 'invoice_number,customer_id,issue_date,due_date,currency,amount' \
	'F1,C1,2026-01-01,2026-01-31,EUR,1000.00' 'F2,C1,2026-01-01,2026-01-31,EUR,500.00' \
	'A1,C1,2026-01-05,2026-01-05,EUR,-10.00' >i.csv
printf '%s\n' 'payment_id,paid_date,amount,currency,customer_id,invoice_number,reference' \
	'P1,2026-03-02,400.00,EUR,C1,F1,' >p.csv
ok import customers c.csv
ok import invoices i.csv
ok import payments p.csv

ok waive F1 --interest --reason "goodwill: long-standing customer"
equals "$(cat out)" "interest of F1 waived"
ok interest F1 --date 2026-04-30 --format json
contains out '"interest": "21.77"'
contains out '"indemnity": "40.00"'
contains out '"waived": "interest"'
contains out '"total": "40.00"'
ok interest F1 --date 2026-04-30
contains out "interest:  21.77 (waived)"
contains out "total:     40.00"

# A second identical waiver is refused, nothing written.
before=$(fingerprint)
expect_status 1 waive F1 --interest --reason "again"
equals "$(cat err)" "relance: invoice 'F1': the interest is already waived"
equals "$(fingerprint)" "$before"

ok waive F1 --indemnity --reason "settled by phone"
ok interest --all --date 2026-04-30 --format csv
equals "$(cat out)" "invoice_number,customer_id,currency,rule,days_late,interest,indemnity,waived,total
F1,C1,EUR,fr-b2b,89,21.77,40.00,interest+indemnity,0.00
F2,C1,EUR,fr-b2b,89,14.81,40.00,,54.81"

# Cancelled: due again.
ok waive F1 --cancel --interest
equals "$(cat out)" "interest of F1 no longer waived"
ok interest F1 --date 2026-04-30 --format json
contains out '"waived": "indemnity"'
contains out '"total": "21.77"'
expect_status 1 waive F1 --cancel --interest
equals "$(cat err)" "relance: invoice 'F1': the interest is not waived"

ok journal export --invoice F1
contains out '"kind":"waive"'
contains out '"reason":"goodwill: long-standing customer"'
contains out '"what":"indemnity"'
contains out '"kind":"waive_cancel"'
ok journal verify

# Bad arguments, exit 2 before anything is opened; a credit note, exit 1.
expect_status 2 waive F1 --reason "x"
expect_status 2 waive F1 --interest
expect_status 2 waive F1 --interest --indemnity --reason "x"
expect_status 2 waive --interest --reason "x"
expect_status 2 waive F1 --interest --reason ""
expect_status 1 waive A1 --interest --reason "x"
equals "$(cat err)" "relance: 'A1' is a credit note: it bears no interest"
expect_status 1 waive F9 --interest --reason "x"
# The history tells the waivers in words.
ok history F1 --format csv
contains out "interest waived: goodwill: long-standing customer"
contains out "indemnity waived: settled by phone"
contains out "interest no longer waived"
pass
