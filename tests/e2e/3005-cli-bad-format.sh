# --format accepts table, csv and json only: anything else (xml, JSON) is
# a usage error, exit 2, on every command that has --format.
. "$(dirname "$0")/lib.sh"
make_ledger
before=$(fingerprint)
for args in "customers" "invoices" "balance" "show F1" "import invoices invoices.csv"; do
	cmd=${args%% *}
	# shellcheck disable=SC2086
	expect_status 2 $args --format xml
	equals "$(cat err)" "relance $cmd: --format: 'xml' is not one of table, csv, json
run 'relance $cmd --help' for usage"
	equals "$(cat out)" ""
done
expect_status 2 invoices --format JSON
equals "$(head -n 1 err)" "relance invoices: --format: 'JSON' is not one of table, csv, json"
equals "$(fingerprint)" "$before"
pass
