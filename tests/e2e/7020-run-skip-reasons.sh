# relance run says why the invoices it sends nothing for were skipped: one
# line on stderr after the summary, the counts that are not zero only,
# pauses by reason; with --format json an object {"skipped": {...}} with
# every count. One invoice in each state: disputed, promised, two in a
# payment plan, paused by hand, of a blocked customer, handed off, below
# the next step's minimum balance, within the minimum gap, not yet due.
. "$(dirname "$0")/lib.sh"
ok init --name "Test SARL"
cat >customers.csv <<'CSV'
customer_id,name,kind,country,language,email,phone,address
C1,Boulangerie Martin,business,FR,fr,compta@martin.fr,,1 rue Haute
C2,Camille Durand,business,FR,fr,camille@example.fr,,2 rue Basse
C3,Müller GmbH,business,DE,de,ap@mueller.de,,Berlin
C4,Dupont SA,business,FR,fr,dupont@example.fr,,4 rue Neuve
CSV
cat >invoices.csv <<'CSV'
invoice_number,customer_id,issue_date,due_date,currency,amount
F1,C1,2026-08-01,2026-09-01,EUR,100.00
F2,C1,2026-08-01,2026-09-01,EUR,100.00
F3,C1,2026-08-01,2026-09-01,EUR,100.00
F4,C1,2026-08-01,2026-09-01,EUR,100.00
F5,C1,2026-08-01,2026-09-01,EUR,100.00
F6,C2,2026-08-01,2026-09-01,EUR,100.00
F7,C3,2026-08-01,2026-09-01,EUR,100.00
F8,C4,2026-08-01,2026-09-01,EUR,10.00
F9,C4,2026-08-01,2026-10-20,EUR,100.00
F10,C4,2026-08-01,2026-11-30,EUR,100.00
CSV
ok import customers customers.csv
ok import invoices invoices.csv
ok run --date 2026-10-10
ok run --date 2026-10-20 --format csv
equals "$(picked)" "F1:3 F2:3 F3:3 F4:3 F5:3 F6:3 F7:3 F8:3 F9:1"
equals "$(sed -n 2p err)" "skipped: 1 not yet due"
ok run --date 2026-10-25 --format csv
equals "$(sed -n 2p err)" "skipped: 9 waiting for the minimum gap, 1 not yet due"

export RELANCE_TODAY=2026-10-26
ok dispute F1 --reason quality
ok promise F2 --date 2026-11-15
ok plan create --customer C1 --instalments 2 --every 30 --invoices F3,F4
ok pause F5 --reason "owner in hospital"
ok block C2
ok handoff F7 --to agency
# F8's next step, the registered letter, needs 15.00.
ok run --date 2026-10-27 --format csv
equals "$(picked)" "F9:2"
equals "$(sed -n 2p err)" "skipped: 5 paused (dispute 1, promise 1, plan 2, manual 1), 1 blocked, 1 handed off, 1 below minimum balance, 1 not yet due"

ok run --date 2026-10-30 --format csv
equals "$(cat err)" "run 2026-10-30: nothing to do (10 open invoices, 0 steps done earlier that day)
skipped: 5 paused (dispute 1, promise 1, plan 2, manual 1), 1 blocked, 1 handed off, 1 below minimum balance, 1 waiting for the minimum gap, 1 not yet due"
# A table: the summary on stdout, the reasons on stderr all the same.
ok run --date 2026-10-30 --dry-run
equals "$(cat out)" "run 2026-10-30: nothing to do (10 open invoices, 0 steps done earlier that day)"
equals "$(cat err)" "skipped: 5 paused (dispute 1, promise 1, plan 2, manual 1), 1 blocked, 1 handed off, 1 below minimum balance, 1 waiting for the minimum gap, 1 not yet due"

ok run --date 2026-10-30 --format json
equals "$(tr -d ' \n' <out)" "[]"
equals "$(sed -n 1p err)" "run 2026-10-30: nothing to do (10 open invoices, 0 steps done earlier that day)"
sed -n 2p err >skipped.json
python3 - skipped.json <<'PY' || fail "json: $(cat skipped.json)"
import json, sys
got = json.load(open(sys.argv[1]))
assert got == {"skipped": {
    "paused": {"total": 5, "dispute": 1, "promise": 1, "plan": 2, "manual": 1},
    "blocked": 1, "handed_off": 1, "min_balance": 1, "min_gap": 1, "not_due": 1,
    "done_today": 0, "finished": 0, "settled": 0}}, got
PY

# Steps done earlier that day are in the summary, not repeated.
ok run --date 2026-11-03 --format csv
equals "$(picked)" "F9:3"
ok run --date 2026-11-03 --format csv
equals "$(cat err)" "run 2026-11-03: nothing to do (10 open invoices, 1 steps done earlier that day)
skipped: 5 paused (dispute 1, promise 1, plan 2, manual 1), 1 blocked, 1 handed off, 1 below minimum balance, 1 not yet due"
pass
