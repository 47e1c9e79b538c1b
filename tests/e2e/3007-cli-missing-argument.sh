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
# An option without its value: one message that names it.
expect_status 2 invoices --status
equals "$(cat err)" "relance invoices: option '--status' needs a value
run 'relance invoices --help' for usage"
expect_status 2 balance --date
equals "$(cat err)" "relance balance: option '--date' needs a value
run 'relance balance --help' for usage"
expect_status 2 import invoices invoices.csv --skip-bad
equals "$(cat err)" "relance import: option '--skip-bad' needs a value
run 'relance import --help' for usage"
# usage errors come before the database is opened
expect_status 2 --db "$T/missing.db" invoices --format xml
expect_status 2 --db
equals "$(fingerprint)" "$before"
pass
