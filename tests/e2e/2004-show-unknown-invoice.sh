# show of an invoice that does not exist fails with exit 1 and names it;
# no invoice or two invoices are usage errors.
. "$(dirname "$0")/lib.sh"
make_ledger
expect_status 1 show X
equals "$(cat err)" "relance: no invoice 'X'"
equals "$(cat out)" ""
expect_status 1 show f1
equals "$(cat err)" "relance: no invoice 'f1'"
expect_status 2 show
equals "$(cat err)" "relance show: which invoice?
run 'relance show --help' for usage"
expect_status 2 show F1 F2
equals "$(cat err)" "relance show: only one invoice at a time
run 'relance show --help' for usage"
pass
