# Policies: a custom INI policy is imported, listed and shown; assigned to
# a customer, made the default; the run follows the customer's policy,
# else the default, and an invoice keeps the policy its dunning began with.
# Importing a policy of an existing name replaces its steps.
. "$(dirname "$0")/lib.sh"
ok init --name "Test SARL"
ok policy list --format csv
equals "$(cat out)" "name,default,steps,customers,description
fr-gentle,no,6,0,\"Good customers and consumers: J-3 to J+65, no automatic hand-off\"
fr-standard,yes,7,0,French practice between businesses: J-5 to J+55"

cat >quick.ini <<'INI'
; a short policy for the tests
[policy]
name = quick
description = Two emails and a letter
min_gap = 3

[step: reminder]
offset = 0
channel = email
template = r1

[step: letter]
offset = 5
channel = letter
template = l1
min_balance = 50.00
fee = 40.00

[step: call]
offset = 10
channel = phone
min_gap = 1
INI
ok policy import quick.ini
equals "$(cat out)" "imported policy 'quick' (3 steps)"
ok policy show quick --format csv
equals "$(cat out)" "step,name,offset_days,channel,template,min_balance,fee,min_gap_days
1,reminder,0,email,r1,0.00,0.00,3
2,letter,5,letter,l1,50.00,40.00,3
3,call,10,phone,,0.00,0.00,1"
ok policy show quick
equals "$(head -n 1 out)" "quick: Two emails and a letter"
ok policy show fr-standard --format json
python3 -c 'import json,sys; s=json.load(open(sys.argv[1])); assert [x["name"] for x in s][3] == "registered letter" and s[3]["min_balance"] == "15.00", s' out ||
	fail "policy show json: $(cat out)"

cat >customers.csv <<'CSV'
customer_id,name,kind,country,language,email,phone,address
C1,Boulangerie Martin,business,FR,fr,compta@martin.fr,,1 rue Haute
C2,Camille Durand,business,FR,fr,camille@example.fr,,2 rue Basse
C3,Müller GmbH,business,DE,de,ap@mueller.de,,Hauptstraße 3
CSV
cat >invoices.csv <<'CSV'
invoice_number,customer_id,issue_date,due_date,currency,amount
F1,C1,2026-10-20,2026-11-20,EUR,100.00
F2,C2,2026-10-20,2026-11-20,EUR,100.00
F3,C3,2026-11-25,2026-12-10,EUR,100.00
CSV
ok import customers customers.csv
ok import invoices invoices.csv

ok policy assign C2 quick
equals "$(cat out)" "customer 'C2' now follows quick"
ok policy list --format csv
contains out "quick,no,3,1,Two emails and a letter"
ok run --date 2026-11-21 --format csv
equals "$(csv_value out invoice_number F1 policy)" fr-standard
equals "$(csv_value out invoice_number F1 step_name)" "first reminder"
equals "$(csv_value out invoice_number F2 policy)" quick
equals "$(csv_value out invoice_number F2 step_name)" reminder

# quick becomes the default; C2 goes back to the default. F1 and F2 keep
# the policies they began with; F3, new, follows the new default.
ok policy default quick
equals "$(cat out)" "'quick' is now the default policy"
ok policy assign C2 default
equals "$(cat out)" "customer 'C2' now follows the ledger's default policy"
ok policy assign C1 fr-gentle
ok policy list --format csv
contains out "quick,yes,3,0,Two emails and a letter"
contains out "fr-standard,no,7,0,"
contains out "fr-gentle,no,6,1,"
ok run --date 2026-12-10 --format csv
equals "$(csv_value out invoice_number F1 policy)" fr-standard
equals "$(csv_value out invoice_number F1 step_name)" "second reminder"
equals "$(csv_value out invoice_number F2 policy)" quick
equals "$(csv_value out invoice_number F2 step_name)" letter
equals "$(csv_value out invoice_number F2 channel)" letter
equals "$(csv_value out invoice_number F3 policy)" quick
equals "$(csv_value out invoice_number F3 step_name)" reminder

# Re-importing quick replaces its steps: the call is now the second step.
cat >quick2.ini <<'INI'
[policy]
name = quick
description = One email, one call
[step: reminder]
offset = 0
channel = email
[step: call]
offset = 2
channel = phone
INI
ok policy import quick2.ini --default
equals "$(cat out)" "imported policy 'quick' (2 steps), now the default"
ok policy show quick --format csv
equals "$(cat out)" "step,name,offset_days,channel,template,min_balance,fee,min_gap_days
1,reminder,0,email,,0.00,0.00,0
2,call,2,phone,,0.00,0.00,0"
ok policy list --format csv
equals "$(wc -l <out)" 4
ok run --date 2026-12-12 --format csv
equals "$(csv_value out invoice_number F3 step_name)" call
equals "$(csv_value out invoice_number F3 channel)" phone

# Names that do not exist.
expect_status 1 policy show nope
equals "$(cat err)" "relance: no policy 'nope' (see 'relance policy list')"
expect_status 1 policy default nope
expect_status 1 policy assign C9 quick
equals "$(cat err)" "relance: no customer 'C9'"
expect_status 1 policy assign C1 nope
expect_status 2 policy
expect_status 2 policy show
expect_status 2 policy frobnicate x
ok policy list --format csv
contains out "quick,yes,2,0,"
pass
