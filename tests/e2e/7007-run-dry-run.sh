# A dry run changes nothing and lists the rows the real run then does: the
# same invoices, steps, channels and grouping (its communication numbers
# count from 1, the real run's are the ids recorded).
. "$(dirname "$0")/lib.sh"
make_ledger
# The communication column replaced by the order of first appearance, so
# that only the grouping is compared.
grouped() {
	awk -F, -v OFS=, 'NR > 1 { if (!($2 in n)) n[$2] = ++k; $2 = n[$2] } { print }' "$T/out"
}
before=$(fingerprint)
ok run --date 2026-11-26 --dry-run --format csv
dry=$(cat out)
equals "$(cat err)" "run 2026-11-26 (dry run, nothing recorded): 3 open invoices, 3 steps in 3 communications"
equals "$(fingerprint)" "$before"
ok run --date 2026-11-26 --dry-run
contains out "run 2026-11-26 (dry run, nothing recorded): 3 open invoices, 3 steps in 3 communications"
equals "$(fingerprint)" "$before"
ok journal verify
contains out "journal verified: 0 entries"

# The real run: on a fresh ledger, the very same rows, ids included.
ok run --date 2026-11-26 --format csv
equals "$(cat out)" "$dry"
equals "$(cat err)" "run 2026-11-26: 3 open invoices, 3 steps in 3 communications"
contains out "C1,1,email,2,first reminder,fr-standard,F2,EUR,300.50,12"
contains out "C2,2,email,1,courtesy reminder,fr-standard,F3,EUR,89.90,-5"
contains out "C3,3,email,2,first reminder,fr-standard,F4,EUR,3000.00,87"

# A week later, with F2 partly paid: the same rows again, and the same
# grouping under other numbers.
printf '%s\n' 'payment_id,paid_date,amount,currency,customer_id,invoice_number,reference' \
	'P3,2026-11-30,100.50,EUR,C1,F2,VIR' >pay.csv
ok import payments pay.csv
before=$(fingerprint)
ok run --date 2026-12-03 --dry-run --format csv
dry=$(grouped)
equals "$(fingerprint)" "$before"
ok run --date 2026-12-03 --format csv
equals "$(grouped)" "$dry"
contains out ",email,3,second reminder,fr-standard,F2,EUR,200.00,19"
[ "$(wc -l <out)" -eq 4 ] || fail "expected 3 rows: $(cat out)"
# Once done, a dry run of the same day finds nothing either.
before=$(fingerprint)
ok run --date 2026-12-03 --dry-run
equals "$(cat out)" "run 2026-12-03: nothing to do (3 open invoices, 3 steps done earlier that day)"
equals "$(fingerprint)" "$before"
pass
