# A --date that does not parse or does not exist is a usage error, exit 2,
# naming the value; both YYYY-MM-DD and DD/MM/YYYY are accepted.
. "$(dirname "$0")/lib.sh"
make_ledger
expect_status 2 invoices --date yesterday
equals "$(cat err)" "relance invoices: --date: 'yesterday' does not match YYYY-MM-DD or DD/MM/YYYY
run 'relance invoices --help' for usage"
expect_status 2 balance --date 2026-02-30
equals "$(cat err)" "relance balance: --date: '2026-02-30' is not a date: February 2026 has 28 days
run 'relance balance --help' for usage"
expect_status 2 show F1 --date 2026-13-01
equals "$(cat err)" "relance show: --date: '2026-13-01' is not a date: month 13 does not exist
run 'relance show --help' for usage"
expect_status 2 invoices --date 31/04/2026
equals "$(head -n 1 err)" "relance invoices: --date: '31/04/2026' is not a date: April 2026 has 30 days"
expect_status 2 gen --out g --asof 2026-02-29
equals "$(head -n 1 err)" "relance gen: --asof: '2026-02-29' is not a date: February 2026 has 28 days"
# Leap day of a leap year and the French form are fine.
ok balance --date 2028-02-29 --format csv
ok balance --date 24/11/2026 --format csv
equals "$(sed -n 2p out)" "EUR,6440.40,3200.00,3240.40,3300.50"
pass
