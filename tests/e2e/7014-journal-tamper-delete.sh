# Tampering with the journal, 2: deleting entries (the database's triggers
# dropped). Deleting the last entry, a middle one or the first makes
# verify exit 1 and name where the chain breaks.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/journal-lib.sh"
make_ledger
ok run --date 2026-11-24
ok run --date 2026-11-26
ok run --date 2026-12-03
ok journal verify
contains out "journal verified: 9 entries, chain intact"
unprotect

# The last entry: the chain still holds, but ends short of its recorded end.
sql "DELETE FROM journal WHERE seq = 9"
expect_status 1 journal verify
equals "$(cat out)" ""
equals "$(cat err)" "relance: journal verify: the chain ends at entry 8 but its recorded end is entry 9: the last entries were removed or added"

# A middle entry: the first one missing is named.
sql "DELETE FROM journal WHERE seq = 4"
expect_status 1 journal verify
equals "$(cat err)" "relance: journal verify: entry 5 follows entry 3: entries are missing"
sql "DELETE FROM journal WHERE seq = 6"
expect_status 1 journal verify
equals "$(cat err)" "relance: journal verify: entry 5 follows entry 3: entries are missing"

# The first entry.
sql "DELETE FROM journal WHERE seq = 1"
expect_status 1 journal verify
equals "$(cat err)" "relance: journal verify: entry 2 follows entry 0: entries are missing"

# Everything: an empty journal whose recorded end says otherwise.
sql "DELETE FROM journal"
expect_status 1 journal verify
equals "$(cat err)" "relance: journal verify: the chain ends at entry 0 but its recorded end is entry 9: the last entries were removed or added"
pass
