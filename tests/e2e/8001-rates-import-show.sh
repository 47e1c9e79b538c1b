# relance rates import / show: a new ECB period imported changes the interest;
# the same file again changes nothing; a changed past rate replaces the old
# one (said on stderr); a bad file is refused with FILE:LINE: FIELD and
# nothing written; a day with no known rate names the table to update.
#
# F1: 1,000.00 due 2026-10-31, unpaid, fr-b2b (ECB in force on 1 Jan / 1 Jul + 10).
# Shipped ECB table: 2.40 from 2026-06-17, 2.65 from 2026-09-16, known through
# 2026-10-28; so H2 2026 = 2.40 + 10 = 12.40 % and 2027-01-01 has no rate.
# After importing 2.90 from 2026-12-16 (known through 2027-03-31), H1 2027 =
# 12.90 %. Interest to 2027-02-28:
#   2026-11-01..2026-12-31: 61 days x 1000 x 12.40 % / 365 = 20.7233 -> 20.72
#   2027-01-01..2027-02-28: 59 days x 1000 x 12.90 % / 365 = 20.8521
#   total 41.5753... -> 41.58; second segment 41.58 - 20.72 = 20.86
# After the 2026-12-16 rate is corrected to 3.00 (H1 2027 = 13.00 %):
#   59 x 1000 x 13 % / 365 = 21.0137; 20.7233 + 21.0137 = 41.7370 -> 41.74
. "$(dirname "$0")/lib.sh"
ok init --name "Test SARL"
printf '%s\n' 'customer_id,name,kind' 'C1,Boulangerie Martin,business' \
	'C2,Camille Durand,consumer' >c.csv
printf '%s\n' 'invoice_number,customer_id,issue_date,due_date,currency,amount' \
	'F1,C1,2026-10-01,2026-10-31,EUR,1000.00' 'F2,C2,2026-10-01,2026-10-31,EUR,50.00' >i.csv
ok import customers c.csv
ok import invoices i.csv

# No ECB rate known for 2027: an error naming the table, never a zero rate.
expect_status 1 interest F1 --date 2027-02-28
equals "$(cat err)" "relance: no ECB rate known for 2027-01-01: update data/rates/ecb_mro.csv (relance rates import)"
# --all lists what it can (F2: fr-b2c, no formal notice, needs no rate),
# names the invoices left out, and fails.
expect_status 1 interest --all --date 2027-02-28 --format csv
equals "$(cat out)" "invoice_number,customer_id,currency,rule,days_late,interest,indemnity,waived,total
F2,C2,EUR,fr-b2c,120,0.00,0.00,,0.00"
equals "$(cat err)" "relance: invoice 'F1': no ECB rate known for 2027-01-01: update data/rates/ecb_mro.csv (relance rates import)
relance: 1 invoice left out: a rate is not known (relance rates import)"
ok rates show --source ecb --format csv
equals "$(sed -n 1p out)" "source,category,from,to,rate,origin"
equals "$(tail -n 1 out)" "ecb,,2026-09-16,2026-10-28,2.65,shipped"

# A new period: imported, journaled, used.
cat >ecb_2027.csv <<'CSV'
# ECB decisions checked after the shipped table
# known_through: 2027-03-31
effective_date,rate_percent,source
2026-12-16,2.90,test: a decision of December 2026
CSV
ok rates import ecb_2027.csv
equals "$(cat out)" "imported ecb_2027.csv: ecb, 1 rate from 2026-12-16 to 2026-12-16 (1 new, 0 replaced), known through 2027-03-31"
ok rates show --source ecb --format csv
equals "$(tail -n 2 out)" "ecb,,2026-09-16,2026-12-15,2.65,shipped
ecb,,2026-12-16,2027-03-31,2.90,ecb_2027.csv"
ok interest F1 --date 2027-02-28 --format csv
equals "$(cat out)" "from,to,days,balance,rate,amount
2026-11-01,2026-12-31,61,1000.00,12.40,20.72
2027-01-01,2027-02-28,59,1000.00,12.90,20.86"
ok journal export
contains out '"kind":"rates_import"'
contains out '"file":"ecb_2027.csv"'
ok journal verify

# The same file again: nothing changes, nothing journaled.
before=$(fingerprint)
ok rates import ecb_2027.csv
equals "$(cat out)" "nothing new in ecb_2027.csv: the ecb rates were known already"
equals "$(fingerprint)" "$before"

# A corrected past rate replaces the old one, and says so.
sed 's/2\.90/3.00/' ecb_2027.csv >ecb_fix.csv
ok rates import ecb_fix.csv
equals "$(cat err)" "relance: ecb rate from 2026-12-16 replaced: 2.90 % -> 3.00 %"
ok interest F1 --date 2027-02-28 --format json
contains out '"interest": "41.74"'
# Correcting a shipped rate works the same way.
printf '%s\n' 'effective_date,rate_percent,source' '2026-09-16,2.70,test' >ecb_ship.csv
ok rates import ecb_ship.csv
equals "$(cat err)" "relance: ecb rate from 2026-09-16 replaced: 2.65 % -> 2.70 %"

# A bad file: exit 1 with FILE:LINE: FIELD, nothing written.
before=$(fingerprint)
printf '%s\n' 'effective_date,rate_percent,source' '2027-04-01,3.10,ok' '2027-05-01,3.x,bad' >bad.csv
expect_status 1 rates import bad.csv
contains err "relance: bad.csv:3: rate_percent: "
equals "$(fingerprint)" "$before"
printf '%s\n' 'day,rate' '2027-04-01,3.10' >nohead.csv
expect_status 1 rates import nohead.csv
contains err "relance: nohead.csv:1: the header names no rate table"
expect_status 1 rates import missing.csv
contains err "missing.csv: cannot open"
# A table of periods must not leave a gap: the French legal rate is known
# through 2026-06-30, so a file starting in 2027 is refused.
printf '%s\n' 'period_start,period_end,kind,rate_creditor_consumer_percent,rate_other_cases_percent,legal_text,source' \
	'2027-01-01,2027-06-30,semester,6.00,2.50,arrêté,test' >fr_gap.csv
expect_status 1 rates import fr_gap.csv
contains err "the first period starts on 2027-01-01"
equals "$(fingerprint)" "$before"
# French legal rates: both categories from one file.
printf '%s\n' 'period_start,period_end,kind,rate_creditor_consumer_percent,rate_other_cases_percent,legal_text,source' \
	'2026-07-01,2026-12-31,semester,6.50,2.50,arrêté,test' >fr_h2.csv
ok rates import fr_h2.csv
ok rates show --source fr-legal --format csv
contains out "fr-legal,other,2026-07-01,2026-12-31,2.50,fr_h2.csv"
contains out "fr-legal,private,2026-07-01,2026-12-31,6.50,fr_h2.csv"

# Usage errors.
expect_status 2 rates
expect_status 2 rates show --source xx
expect_status 2 rates import
expect_status 2 rates import a.csv b.csv
expect_status 2 rates frobnicate
pass
