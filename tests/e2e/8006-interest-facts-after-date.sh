# Interest computed to a day before a fact recorded by hand ignores that
# fact: a formal notice recorded on 2026-03-01 does not, on 2026-02-28,
# replace the run's notice of 2026-02-20 (interest from 2026-02-21, not
# nothing), and a judgment of a later day is not shown.
# F3: 1,000.00 due 2026-01-31, consumer C2 (fr-b2c, legal rate 2.62 %).
# 2026-02-21..2026-02-28 = 8 days: 1000 x 8 x 2.62 % / 365 = 0.5742 -> 0.57
. "$(dirname "$0")/lib.sh"
ok init --name "Test SARL"
printf '%s\n' 'customer_id,name,kind' 'C2,Camille Durand,consumer' >c.csv
printf '%s\n' 'invoice_number,customer_id,issue_date,due_date,currency,amount' \
	'F3,C2,2026-01-01,2026-01-31,EUR,1000.00' >i.csv
ok import customers c.csv
ok import invoices i.csv
cat >notice.ini <<'INI'
[policy]
name = notice-only
description = the formal notice at J+20
min_gap = 0

[step: formal notice]
offset = 20
channel = formal_notice
template = formal-notice
INI
ok policy import notice.ini --default
ok run --date 2026-02-20
ok interest F3 --date 2026-02-28 --format csv
equals "$(cat out)" "from,to,days,balance,rate,amount
2026-02-21,2026-02-28,8,1000.00,2.62,0.57"
ok notice F3 --date 2026-03-01
ok judgment F3 --date 2026-03-15
ok interest F3 --date 2026-02-28 --format csv
equals "$(cat out)" "from,to,days,balance,rate,amount
2026-02-21,2026-02-28,8,1000.00,2.62,0.57"
ok interest F3 --date 2026-02-28 --format json
not_contains out '2026-03-01'
not_contains out '2026-03-15'
# From the notice's day on, the notice recorded by hand is the one.
ok interest F3 --date 2026-03-05 --format csv
equals "$(cat out)" "from,to,days,balance,rate,amount
2026-03-02,2026-03-05,4,1000.00,2.62,0.29"
pass
