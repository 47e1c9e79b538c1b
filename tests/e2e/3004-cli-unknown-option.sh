# An unknown option, global or of a command, is a usage error: exit 2 and
# "run 'relance COMMAND --help' for usage"; unexpected arguments too.
. "$(dirname "$0")/lib.sh"
make_ledger
before=$(fingerprint)
for cmd in init customers invoices balance; do
	expect_status 2 "$cmd" --bogus
	equals "$(tail -n 2 err)" "relance $cmd: unknown option
run 'relance $cmd --help' for usage"
	equals "$(cat out)" ""
done
expect_status 2 show F1 --bogus
equals "$(tail -n 2 err)" "relance show: unknown option
run 'relance show --help' for usage"
expect_status 2 import invoices invoices.csv --bogus
equals "$(tail -n 2 err)" "relance import: unknown option
run 'relance import --help' for usage"
expect_status 2 gen --out g --bogus
equals "$(tail -n 2 err)" "relance gen: unknown option
run 'relance gen --help' for usage"
expect_status 2 --bogus invoices
equals "$(tail -n 1 err)" "run 'relance --help' for usage"
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
