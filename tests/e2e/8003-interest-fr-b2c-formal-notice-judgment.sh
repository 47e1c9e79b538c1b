# France, business to consumer (fr-b2c): legal interest ("autres cas" rate,
# the creditor being a business) only from the formal notice, + 5 points
# from two months after a recorded judgment (CMF L313-3), no indemnity.
# F3: 1,000.00 due 2026-01-31, unpaid; consumer C2; computed to 2026-06-30.
# Legal rate H1 2026 (other cases): 2.62 %.
#  a. No notice yet: 0.00.
#  b. Formal notice by the dunning run on 2026-02-20 (a policy with one
#     formal_notice step at J+20): interest from 2026-02-21.
#     2026-02-21..2026-06-30 = 8 + 31 + 30 + 31 + 30 = 130 days:
#     1000 x 130 x 2.62 % / 365 = 9.3315 -> 9.33
#  c. A notice recorded by hand on 2026-03-01 takes its place: from 2026-03-02,
#     121 days: 1000 x 121 x 2.62 % / 365 = 8.6855 -> 8.69. Nothing up to the
#     notice day itself: to 2026-03-01, 0.00.
#  d. Judgment counted from 2026-03-15: + 5 points from 2026-05-16 (two
#     months expire at the end of 2026-05-15).
#     2026-03-02..2026-05-15: 30 + 30 + 15 = 75 days at 2.62 %: 5.3836 -> 5.38
#     2026-05-16..2026-06-30: 16 + 30 = 46 days at 7.62 %: 9.6033
#     total 14.9868... -> 14.99; second segment 14.99 - 5.38 = 9.61
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

# a. no notice
ok interest F3 --date 2026-06-30 --format json
contains out '"rule": "fr-b2c"'
contains out '"interest": "0.00"'
contains out '"indemnity": "0.00"'

# b. the run's formal notice
ok run --date 2026-02-20
ok interest F3 --date 2026-06-30 --format csv
equals "$(cat out)" "from,to,days,balance,rate,amount
2026-02-21,2026-06-30,130,1000.00,2.62,9.33"

# c. a notice recorded by hand
expect_status 2 notice F3
expect_status 2 notice F3 --date 2026-12-01
ok notice F3 --date 2026-03-01 --note "LRAR 1A 123 456"
equals "$(cat out)" "formal notice of F3 recorded: 2026-03-01"
ok interest F3 --date 2026-06-30 --format csv
equals "$(cat out)" "from,to,days,balance,rate,amount
2026-03-02,2026-06-30,121,1000.00,2.62,8.69"
ok interest F3 --date 2026-03-01 --format json
contains out '"interest": "0.00"'

# d. the judgment
ok judgment F3 --date 2026-03-15 --court "TJ Lyon RG 26/00123"
equals "$(cat out)" "judgment of F3 recorded: 2026-03-15"
ok interest F3 --date 2026-06-30 --format csv
equals "$(cat out)" "from,to,days,balance,rate,amount
2026-03-02,2026-05-15,75,1000.00,2.62,5.38
2026-05-16,2026-06-30,46,1000.00,7.62,9.61"
ok interest --all --date 2026-06-30 --format csv
equals "$(sed -n 2p out)" "F3,C2,EUR,fr-b2c,150,14.99,0.00,,14.99"

# Both journaled; recording again replaces (the journal keeps both).
ok notice F3 --date 2026-03-02
ok journal export --invoice F3
contains out '"kind":"notice"'
contains out '"note":"LRAR 1A 123 456"'
contains out '"replaces":"2026-03-01"'
contains out '"kind":"judgment"'
contains out '"court":"TJ Lyon RG 26/00123"'
ok journal verify
expect_status 1 notice F9 --date 2026-03-01
equals "$(cat err)" "relance: no invoice 'F9'"
# The history tells the notice and the judgment in words.
ok history F3 --format csv
contains out "judgment recorded, dated 2026-03-15, TJ Lyon RG 26/00123"
pass
