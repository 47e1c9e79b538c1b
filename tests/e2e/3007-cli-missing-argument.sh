# A missing argument (an option's value, the import kind or file, show's
# invoice, gen's --out) is a usage error, exit 2, that says what is missing.
. "$(dirname "$0")/lib.sh"
make_ledger
before=$(fingerprint)
expect_status 2 import
equals "$(cat err)" "relance import: what to import? customers, invoices or payments
run 'relance import --help' for usage"
expect_status 2 import invoices
equals "$(cat err)" "relance import: no file given
run 'relance import --help' for usage"
expect_status 2 show
equals "$(cat err)" "relance show: which invoice?
run 'relance show --help' for usage"
expect_status 2 gen
equals "$(cat err)" "relance gen: --out DIR is required
run 'relance gen --help' for usage"
# An option without its value: getopt's message names it.
expect_status 2 invoices --status
contains err "option '--status' requires an argument"
equals "$(tail -n 1 err)" "run 'relance invoices --help' for usage"
expect_status 2 balance --date
contains err "option '--date' requires an argument"
equals "$(tail -n 1 err)" "run 'relance balance --help' for usage"
expect_status 2 import invoices invoices.csv --skip-bad
contains err "option '--skip-bad' requires an argument"
equals "$(tail -n 1 err)" "run 'relance import --help' for usage"
expect_status 2 --db
contains err "option '--db' requires an argument"
equals "$(tail -n 1 err)" "run 'relance --help' for usage"
equals "$(fingerprint)" "$before"
pass
