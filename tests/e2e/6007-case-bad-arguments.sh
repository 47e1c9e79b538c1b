# The workflow commands: every bad argument is a usage error (exit 2) that
# says what is wrong, checked before the ledger is opened; an unknown
# invoice or customer, or an invoice whose state forbids the action, fails
# (exit 1). None of it writes anything.
. "$(dirname "$0")/lib.sh"
make_ledger
printf '%s\n' 'customer_id,name,kind' 'C4,Sans Factures,business' >c4.csv
ok import customers c4.csv
before=$(fingerprint)

# usage: exit 2, "relance CMD: message" and the hint
usage() {
	cmd=$1
	msg=$2
	shift 2
	expect_status 2 "$@"
	equals "$(cat "$T/err")" "relance $cmd: $msg
run 'relance $cmd --help' for usage"
}
usage dispute "which invoice? give INVOICE or --customer ID" dispute --reason pricing
usage dispute "give INVOICE or --customer ID, not both" dispute F2 --customer C1 --reason pricing
usage dispute "--reason is required: one of pricing, quantity, quality, not_received, already_paid, other" dispute F2
usage dispute "--reason: 'bogus' is not pricing, quantity, quality, not_received, already_paid or other" dispute F2 --reason bogus
usage dispute "--reason opens a dispute; 'dispute resolve' takes --note" dispute resolve F2 --reason pricing
usage dispute "unexpected argument 'F3'" dispute F2 F3 --reason pricing
usage dispute "unknown option '--bogus'" dispute F2 --reason pricing --bogus
usage dispute "option '--reason' needs a value" dispute F2 --reason
usage dispute "--note: empty" dispute F2 --reason pricing --note ""
usage promise "--date is required: the day the debtor will pay by" promise F2
usage promise "--date: '2026-13-01' is not a date: month 13 does not exist" promise F2 --date 2026-13-01
usage promise "--date: 2026-11-01 is before today (2026-11-24)" promise F2 --date 2026-11-01
usage promise "--amount is for one invoice; with --customer each invoice's balance is promised" promise --customer C1 --date 2026-12-01 --amount 10
usage promise "--amount: must be more than zero" promise F2 --date 2026-12-01 --amount 0
usage promise "--amount: must be more than zero" promise F2 --date 2026-12-01 --amount -5
usage promise "--amount: '1.23456' has 5 decimals, the currency allows 4" promise F2 --date 2026-12-01 --amount 1.23456
usage promise "--amount: '1.234' has 3 decimals, the currency allows 2 (invoice 'F2' is in EUR)" promise F2 --date 2026-12-01 --amount 1.234
usage pause "--reason is required" pause F2
usage pause "--until: 2026-11-01 is before today (2026-11-24)" pause F2 --reason x --until 2026-11-01
usage pause "which invoice? give INVOICE or --customer ID" pause --reason x
usage resume "which invoice? give INVOICE or --customer ID" resume
usage resume "unknown option '--reason'" resume F2 --reason x
usage handoff "--to is required: agency or court" handoff F2
usage handoff "--to: 'police' is not agency or court" handoff F2 --to police
usage log "--channel is required: phone, letter, email or visit" log F2 --outcome x
usage log "--channel: 'fax' is not phone, letter, email or visit" log F2 --channel fax --outcome x
usage log "--outcome is required" log F2 --channel phone
usage log "--date: 2026-12-01 is after today (2026-11-24)" log F2 --channel phone --outcome x --date 2026-12-01
usage block "which customer?" block
usage block "unexpected argument 'C2'" block C1 C2
usage unblock "unknown option '--customer'" unblock --customer C1
usage history "which invoice? give INVOICE or --customer ID" history
usage history "give INVOICE or --customer ID, not both" history F2 --customer C1
usage history "--format: 'xml' is not one of table, csv, json" history F2 --format xml
# before the ledger is opened: no database is needed, none is created
expect_status 2 --db "$T/missing.db" dispute F2 --reason nope
[ ! -e "$T/missing.db" ] || fail "a usage error created the database"

# unknown invoice or customer: exit 1
expect_status 1 dispute NOPE --reason pricing
equals "$(cat err)" "relance: no invoice 'NOPE'"
expect_status 1 dispute --customer NOPE --reason pricing
equals "$(cat err)" "relance: no customer 'NOPE'"
expect_status 1 promise NOPE --date 2026-12-01 --amount 5
equals "$(cat err)" "relance: no invoice 'NOPE'"
expect_status 1 pause NOPE --reason x
expect_status 1 resume --customer NOPE
expect_status 1 handoff NOPE --to court
expect_status 1 log NOPE --channel phone --outcome x
expect_status 1 log --customer NOPE --channel phone --outcome x
equals "$(cat err)" "relance: no customer 'NOPE'"
expect_status 1 block NOPE
equals "$(cat err)" "relance: no customer 'NOPE'"
expect_status 1 unblock NOPE

# states that forbid the action: exit 1
expect_status 1 dispute F1 --reason pricing
equals "$(cat err)" "relance: invoice 'F1' is paid: there is nothing to chase"
expect_status 1 promise F5 --date 2026-12-01
equals "$(cat err)" "relance: invoice 'F5' is a credit note: there is nothing to chase"
expect_status 1 promise F4 --date 2026-12-01 --amount 5000
equals "$(cat err)" "relance: invoice 'F4' has a balance of 3000.00, less than the 5000.00 promised"
expect_status 1 resume F4
equals "$(cat err)" "relance: invoice 'F4' is not paused"
expect_status 1 dispute resolve F4
equals "$(cat err)" "relance: invoice 'F4' has no open dispute"
expect_status 1 dispute --customer C4 --reason pricing
equals "$(cat err)" "relance: customer 'C4' has no open invoice that can be disputed"
expect_status 1 unblock C1
equals "$(cat err)" "relance: customer 'C1' is not blocked"

# Each command has its help, listed by 'relance help'.
ok help
cp out help-all
for cmd in block unblock pause resume dispute promise handoff log history; do
	ok "$cmd" --help
	equals "$(head -n 1 out | cut -c 1-$((16 + ${#cmd})))" "usage: relance $cmd "
	grep -q "^  $cmd " help-all || fail "relance help does not list $cmd"
done

equals "$(fingerprint)" "$before"
ok journal verify
equals "$(cat out | cut -c 1-28)" "journal verified: 0 entries,"
pass
