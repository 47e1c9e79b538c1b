# Running the same date twice: the second run does nothing, says so, and
# leaves the database exactly as it was (in every output format). A run
# for an earlier date after a later one does nothing either.
. "$(dirname "$0")/lib.sh"
make_ledger
# On 2026-11-24: F2 (C1, 10 days late) and F4 (C3, 85 days late) are due
# their first reminder; F3 (C2) is not due until 12-01.
ok run --date 2026-11-24
contains out "run 2026-11-24: 3 open invoices, 2 steps in 2 communications"
ok journal verify
contains out "journal verified: 3 entries"
before=$(fingerprint)

ok run --date 2026-11-24
equals "$(cat out)" "run 2026-11-24: nothing to do (3 open invoices, 2 steps done earlier that day)"
equals "$(cat err)" "skipped: 1 not yet due"
equals "$(fingerprint)" "$before"
ok run --date 2026-11-24 --format csv
equals "$(cat out)" "customer_id,communication,channel,step,step_name,policy,invoice_number,currency,balance,days_late"
equals "$(cat err)" "run 2026-11-24: nothing to do (3 open invoices, 2 steps done earlier that day)
skipped: 1 not yet due"
ok run --date 2026-11-24 --format json
equals "$(tr -d ' \n' <out)" "[]"
contains err "nothing to do"
ok run --date 2026-11-24 --dry-run
contains out "nothing to do"
equals "$(fingerprint)" "$before"
ok journal verify
contains out "journal verified: 3 entries"

# A later date (F3's courtesy email), then earlier ones again: nothing.
ok run --date 2026-11-26
contains out "run 2026-11-26: 3 open invoices, 1 step in 1 communication"
before=$(fingerprint)
ok run --date 2026-11-24
equals "$(cat out)" "run 2026-11-24: nothing to do (3 open invoices, 3 steps done earlier that day)"
ok run --date 2026-11-25
equals "$(cat out)" "run 2026-11-25: nothing to do (3 open invoices, 1 steps done earlier that day)"
equals "$(fingerprint)" "$before"
pass
