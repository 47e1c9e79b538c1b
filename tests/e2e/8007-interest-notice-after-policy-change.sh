# The formal notice is the step sent on the formal_notice channel, as sent:
# importing the policy again with other steps (its step 1 an email, or an
# email step becoming a formal notice) changes nothing to the notices
# already sent, for one invoice and for --all alike.
# F3 (notice sent by the run on 2026-02-20), G3 (an email on 2026-02-20):
# 1,000.00 due 2026-01-31, consumers (fr-b2c, legal rate 2.62 %).
# F3 2026-02-21..2026-06-30 = 130 days: 1000 x 130 x 2.62 % / 365 -> 9.33
. "$(dirname "$0")/lib.sh"
ok init --name "Test SARL"
printf '%s\n' 'customer_id,name,kind' 'C2,Camille Durand,consumer' \
	'C3,Paul Martin,consumer' >c.csv
printf '%s\n' 'invoice_number,customer_id,issue_date,due_date,currency,amount' \
	'F3,C2,2026-01-01,2026-01-31,EUR,1000.00' >i.csv
ok import customers c.csv
ok import invoices i.csv
policy() {
	printf '[policy]\nname = %s\ndescription = one step at J+20\nmin_gap = 0\n\n' "$1"
	printf '[step: first]\noffset = 20\nchannel = %s\ntemplate = t\n' "$2"
}
policy notice formal_notice >notice.ini
policy mail email >mail.ini
ok policy import notice.ini --default
ok policy import mail.ini
ok policy assign C3 mail
printf '%s\n' 'invoice_number,customer_id,issue_date,due_date,currency,amount' \
	'G3,C3,2026-01-01,2026-01-31,EUR,1000.00' >g.csv
ok import invoices g.csv
ok run --date 2026-02-20 --format csv
equals "$(picked)" "F3:1 G3:1"
# The two policies swap their channels.
policy notice email >notice.ini
policy mail formal_notice >mail.ini
ok policy import notice.ini
ok policy import mail.ini
ok interest F3 --date 2026-06-30 --format csv
equals "$(cat out)" "from,to,days,balance,rate,amount
2026-02-21,2026-06-30,130,1000.00,2.62,9.33"
ok interest G3 --date 2026-06-30 --format json
contains out '"interest": "0.00"'
ok interest --all --date 2026-06-30 --format csv
equals "$(csv_value out invoice_number F3 interest)" "9.33"
equals "$(csv_value out invoice_number G3 interest)" "0.00"
pass
