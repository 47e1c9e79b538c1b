# Tampering with the journal, 4: reordering entries by swapping their
# numbers (the database's triggers dropped): verify exits 1 naming the
# first entry out of place; swapped back, the chain is whole again.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/journal-lib.sh"
# swap A B: entries A and B exchange their numbers.
swap() {
	sql "UPDATE journal SET seq = -1 WHERE seq = $1"
	sql "UPDATE journal SET seq = $1 WHERE seq = $2"
	sql "UPDATE journal SET seq = $2 WHERE seq = -1"
}
make_ledger
ok run --date 2026-11-24
ok run --date 2026-11-26
ok run --date 2026-12-03
ok journal verify
contains out "journal verified: 9 entries, chain intact"
unprotect

# Two steps of one run.
swap 1 2
expect_status 1 journal verify
equals "$(cat out)" ""
contains err "relance: journal verify: entry 1 ("
contains err "does not match its hash"
swap 1 2
ok journal verify

# A step and its run's entry, in the middle.
swap 4 5
expect_status 1 journal verify
contains err "relance: journal verify: entry 4 ("
swap 4 5
ok journal verify

# Two steps far apart, the last entries.
swap 6 8
expect_status 1 journal verify
contains err "relance: journal verify: entry 6 ("
swap 8 6
swap 8 9
expect_status 1 journal verify
contains err "relance: journal verify: entry 8 ("
swap 8 9
ok journal verify
contains out "journal verified: 9 entries, chain intact"
pass
