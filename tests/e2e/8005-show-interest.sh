# relance show INVOICE includes the late-payment figures as of --date: rule,
# interest, indemnity, waivers, what is due, the formal notice and judgment.
# F1 (fr-b2b): 1,000.00 due 2026-01-31, 400.00 paid 2026-03-02, to 2026-04-30:
#   interest 21.77, indemnity 40.00 (worked in 8000-interest-partial-payment);
#   interest waived: 40.00 due.
# F3 (fr-b2c): 1,000.00 due 2026-01-31, notice 2026-03-01, judgment
#   2026-03-15, to 2026-06-30: 14.99, no indemnity (worked in
#   8003-interest-fr-b2c-formal-notice-judgment).
. "$(dirname "$0")/lib.sh"
ok init --name "Test SARL"
printf '%s\n' 'customer_id,name,kind' 'C1,Boulangerie Martin,business' 'C2,Camille Durand,consumer' >c.csv
printf '%s\n' 'invoice_number,customer_id,issue_date,due_date,currency,amount' \
	'F1,C1,2026-01-01,2026-01-31,EUR,1000.00' 'F3,C2,2026-01-01,2026-01-31,EUR,1000.00' \
	'A1,C1,2026-01-05,2026-01-05,EUR,-10.00' >i.csv
printf '%s\n' 'payment_id,paid_date,amount,currency,customer_id,invoice_number,reference' \
	'P1,2026-03-02,400.00,EUR,C1,F1,' >p.csv
ok import customers c.csv
ok import invoices i.csv
ok import payments p.csv
ok waive F1 --interest --reason "goodwill"
ok notice F3 --date 2026-03-01
ok judgment F3 --date 2026-03-15

ok show F1 --date 2026-04-30 --format csv
equals "$(csv_value out invoice_number F1 interest_rule)" "fr-b2b"
equals "$(csv_value out invoice_number F1 interest)" "21.77"
equals "$(csv_value out invoice_number F1 indemnity)" "40.00"
equals "$(csv_value out invoice_number F1 waived)" "interest"
equals "$(csv_value out invoice_number F1 interest_total)" "40.00"
equals "$(csv_value out invoice_number F1 notice_date)" ""

ok show F3 --date 2026-06-30 --format json
contains out '"interest_rule": "fr-b2c"'
contains out '"interest": "14.99"'
contains out '"indemnity": "0.00"'
contains out '"waived": ""'
contains out '"interest_total": "14.99"'
contains out '"notice_date": "2026-03-01"'
contains out '"judgment_date": "2026-03-15"'

ok show F3 --date 2026-06-30
contains out "interest_rule:     fr-b2c"
contains out "interest_total:    14.99"
contains out "notice_date:       2026-03-01"

# A credit note bears no interest: nulls.
ok show A1 --format json
contains out '"interest_rule": null'
contains out '"interest_total": null'
# A day with no known rate: the invoice is still shown, the reason on stderr.
ok show F1 --date 2027-02-28 --format json
contains out '"interest": null'
equals "$(cat err)" "relance: F1: interest not computed: no ECB rate known for 2027-01-01: update data/rates/ecb_mro.csv (relance rates import)"
pass
