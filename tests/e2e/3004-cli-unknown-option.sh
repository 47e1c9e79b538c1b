# An unknown option, global or of a command, is a usage error: exit 2 and
# "run 'relance COMMAND --help' for usage"; unexpected arguments too.
. "$(dirname "$0")/lib.sh"
make_ledger
before=$(fingerprint)
for cmd in init customers invoices balance; do
	expect_status 2 "$cmd" --bogus
	equals "$(cat err)" "relance $cmd: unknown option '--bogus'
run 'relance $cmd --help' for usage"
	equals "$(cat out)" ""
done
expect_status 2 show F1 --bogus
equals "$(cat err)" "relance show: unknown option '--bogus'
run 'relance show --help' for usage"
expect_status 2 import invoices invoices.csv --bogus
equals "$(cat err)" "relance import: unknown option '--bogus'
run 'relance import --help' for usage"
expect_status 2 gen --out g --bogus
equals "$(cat err)" "relance gen: unknown option '--bogus'
run 'relance gen --help' for usage"
expect_status 2 --bogus invoices
equals "$(cat err)" "relance: unknown option '--bogus'
run 'relance --help' for usage"
expect_status 2 invoices extra
equals "$(cat err)" "relance invoices: unexpected argument 'extra'
run 'relance invoices --help' for usage"
expect_status 2 import widgets invoices.csv
equals "$(cat err)" "relance import: 'widgets' is not customers, invoices or payments
run 'relance import --help' for usage"
expect_status 2 import invoices invoices.csv --separator '|'
equals "$(cat err)" "relance import: --separator: '|' is not ',' or ';'
run 'relance import --help' for usage"
equals "$(fingerprint)" "$before"
[ ! -e g ] || fail "gen wrote its directory despite the usage error"
pass
