# A customer's own rule (import column interest_rule) and an invoice's
# contractual rate (import column contractual_rate, percent a year) in the
# interest. Creditor French (a new ledger's default). Every invoice: 1,000.00
# due 2026-01-31, unpaid, computed to 2026-04-30: 89 days, one segment.
# ECB on 1 January 2026: 2.15 %; French legal rate H1 2026 (other cases):
# 2.62 %, so the fr-b2b floor of a contractual rate is 3 x 2.62 = 7.86 %.
#   F1 C1 fr-b2b, contract 12.5 (>= 7.86: applies): 1000 x 89 x 12.50 % / 365 = 30.4795 -> 30.48
#   F2 C1 fr-b2b, contract 5 (< 7.86: raised):     1000 x 89 x  7.86 % / 365 = 19.1655 -> 19.17
#   F3 C1 fr-b2b, no contract: ECB + 10:           1000 x 89 x 12.15 % / 365 = 29.6260 -> 29.63
#   F4 C4 eu-b2b (its own rule), ECB + 8:          1000 x 89 x 10.15 % / 365 = 24.7493 -> 24.75
#   F5 C4 eu-b2b, contract 9,5 (replaces):         1000 x 89 x  9.50 % / 365 = 23.1644 -> 23.16
# Every one with the 40.00 indemnity.
. "$(dirname "$0")/lib.sh"
ok init --name "Test SARL"
printf '%s\n' 'customer_id,name,kind,interest_rule' 'C1,Boulangerie Martin,business,' \
	'C4,Acme BV,business,eu-b2b' >c.csv
printf '%s\n' 'invoice_number,customer_id,issue_date,due_date,currency,amount,contractual_rate' \
	'F1,C1,2026-01-01,2026-01-31,EUR,1000.00,12.5' 'F2,C1,2026-01-01,2026-01-31,EUR,1000.00,5' \
	'F3,C1,2026-01-01,2026-01-31,EUR,1000.00,' 'F4,C4,2026-01-01,2026-01-31,EUR,1000.00,' >i.csv
printf '%s\n' 'invoice_number;customer_id;issue_date;due_date;currency;amount;contractual_rate' \
	'F5;C4;2026-01-01;2026-01-31;EUR;1000,00;9,5' >i_fr.csv
ok import customers c.csv
ok import invoices i.csv
ok import invoices i_fr.csv --decimal-comma

ok interest --all --date 2026-04-30 --format csv
equals "$(cat out)" "invoice_number,customer_id,currency,rule,days_late,interest,indemnity,waived,total
F1,C1,EUR,fr-b2b,89,30.48,40.00,,70.48
F2,C1,EUR,fr-b2b,89,19.17,40.00,,59.17
F3,C1,EUR,fr-b2b,89,29.63,40.00,,69.63
F4,C4,EUR,eu-b2b,89,24.75,40.00,,64.75
F5,C4,EUR,eu-b2b,89,23.16,40.00,,63.16"
ok interest F2 --date 2026-04-30 --format csv
equals "$(sed -n 2p out)" "2026-02-01,2026-04-30,89,1000.00,7.86,19.17"
# --rule still wins over the customer's own rule.
ok interest F4 --date 2026-04-30 --rule fr-b2b --format json
contains out '"interest": "29.63"'

# Re-importing changes nothing; a changed rate or rule is an update.
ok import invoices i.csv
contains out "unchanged"
sed 's/12\.5$/13/' i.csv >i2.csv
ok import invoices i2.csv
contains err "invoice 'F1' updated: contractual_rate '12.50' -> '13.00'"
printf '%s\n' 'customer_id,name,kind,interest_rule' 'C4,Acme BV,business,' >c2.csv
ok import customers c2.csv
contains err "customer 'C4' updated: interest_rule 'eu-b2b' -> ''"
ok interest F4 --date 2026-04-30 --format json
contains out '"rule": "fr-b2b"'

# Bad values: FILE:LINE: FIELD, nothing written.
before=$(fingerprint)
printf '%s\n' 'invoice_number,customer_id,issue_date,due_date,currency,amount,contractual_rate' \
	'F6,C1,2026-01-01,2026-01-31,EUR,1000.00,abc' >bad1.csv
expect_status 1 import invoices bad1.csv
contains err "bad1.csv:2: contractual_rate: "
printf '%s\n' 'invoice_number,customer_id,issue_date,due_date,currency,amount,contractual_rate' \
	'F6,C1,2026-01-01,2026-01-31,EUR,1000.00,-2' >bad2.csv
expect_status 1 import invoices bad2.csv
contains err "bad2.csv:2: contractual_rate: '-2' is negative"
printf '%s\n' 'invoice_number,customer_id,issue_date,due_date,currency,amount,contractual_rate' \
	'F6,C1,2026-01-01,2026-01-31,EUR,1000.00,12,5' >bad3.csv
expect_status 1 import invoices bad3.csv
printf '%s\n' 'customer_id,name,kind,interest_rule' 'C9,X,business,xx-b2b' >bad4.csv
expect_status 1 import customers bad4.csv
contains err "bad4.csv:2: interest_rule: 'xx-b2b' is not a rule"
equals "$(fingerprint)" "$before"
# A row refused under --skip-bad changes nothing of its invoice, not even
# its contractual rate: F3 is paid 600.00, a new amount of 500.00 is refused.
printf '%s\n' 'payment_id,paid_date,amount,currency,customer_id,invoice_number,reference' \
	'P1,2026-05-04,600.00,EUR,C1,F3,VIR' >p.csv
ok import payments p.csv
printf '%s\n' 'invoice_number,customer_id,issue_date,due_date,currency,amount,contractual_rate' \
	'F3,C1,2026-01-01,2026-01-31,EUR,500.00,20' >bad5.csv
ok import invoices bad5.csv --skip-bad rejects.csv
contains rejects.csv "F3,C1,2026-01-01,2026-01-31,EUR,500.00,20"
ok interest F3 --date 2026-04-30 --format csv
equals "$(sed -n 2p out)" "2026-02-01,2026-04-30,89,1000.00,12.15,29.63"
pass
