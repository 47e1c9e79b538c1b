# run's output: one row per invoice concerned with the columns
# customer_id,communication,channel,step,step_name,policy,invoice_number,
# currency,balance,days_late; the summary under a table, on stderr beside
# csv and json; no table at all when there is nothing to do.
. "$(dirname "$0")/lib.sh"
make_ledger
ok run --date 2026-11-26 --dry-run --format csv
equals "$(cat out)" "customer_id,communication,channel,step,step_name,policy,invoice_number,currency,balance,days_late
C1,1,email,2,first reminder,fr-standard,F2,EUR,300.50,12
C2,2,email,1,courtesy reminder,fr-standard,F3,EUR,89.90,-5
C3,3,email,2,first reminder,fr-standard,F4,EUR,3000.00,87"
equals "$(cat err)" "run 2026-11-26 (dry run, nothing recorded): 3 open invoices, 3 steps in 3 communications"

ok run --date 2026-11-26 --dry-run --format json
python3 - "$T/out" <<'PY' || fail "json: $(cat out)"
import json, sys
rows = json.load(open(sys.argv[1]))
assert [list(r) for r in rows] == [["customer_id", "communication", "channel", "step",
    "step_name", "policy", "invoice_number", "currency", "balance", "days_late"]] * 3, rows
assert rows[1] == {"customer_id": "C2", "communication": 2, "channel": "email", "step": 1,
    "step_name": "courtesy reminder", "policy": "fr-standard", "invoice_number": "F3",
    "currency": "EUR", "balance": "89.90", "days_late": -5}, rows[1]
PY
contains err "3 steps in 3 communications"

ok run --date 2026-11-26
equals "$(head -n 1 out | tr -s ' ')" "customer_id communication channel step step_name policy invoice_number currency balance days_late"
equals "$(sed -n 4p out | tr -s ' ')" "C3 3 email 2 first reminder fr-standard F4 EUR 3000.00 87"
equals "$(tail -n 1 out)" "run 2026-11-26: 3 open invoices, 3 steps in 3 communications"
equals "$(cat err)" ""
ok run --date 2026-11-26
equals "$(cat out)" "run 2026-11-26: nothing to do (3 open invoices, 3 steps done earlier that day)"

# French table formatting (the CSV does not change with the locale).
RELANCE_LOCALE=fr_FR.UTF-8 relance run --date 2026-12-03 --dry-run
[ "$status" -eq 0 ] || fail "run exited $status"
contains out "300,50"
contains out "000,00"
contains out "€"
RELANCE_LOCALE=fr_FR.UTF-8 relance run --date 2026-12-03 --dry-run --format csv
contains out "C3,3,email,3,second reminder,fr-standard,F4,EUR,3000.00,94"

# Usage errors: exit 2, nothing run.
before=$(fingerprint)
expect_status 2 run --date 2026-13-01
expect_status 2 run --format xml
expect_status 2 run 2026-12-03
expect_status 2 run --wet
equals "$(fingerprint)" "$before"
pass
