# An unknown command, or no command at all, is a usage error: exit 2 with
# a hint on stderr and nothing on stdout.
. "$(dirname "$0")/lib.sh"
ok init
before=$(fingerprint)
expect_status 2 frobnicate
equals "$(cat err)" "relance: 'frobnicate' is not a relance command; run 'relance help' for the list"
equals "$(cat out)" ""
expect_status 2 Invoices
equals "$(cat err)" "relance: 'Invoices' is not a relance command; run 'relance help' for the list"
expect_status 2
equals "$(head -n 1 err)" "usage: relance [--db PATH|URI] [--creditor CODE] COMMAND [ARGS]"
equals "$(cat out)" ""
equals "$(fingerprint)" "$before"
pass
