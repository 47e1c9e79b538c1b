# Tampering with the journal, 1: the database refuses to update or delete
# entries; with its triggers dropped, changing an entry's payload makes
# verify exit 1 naming that entry; recomputing that entry's hash too moves
# the break to the next entry; putting the payload back heals the chain.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/journal-lib.sh"
make_ledger
ok run --date 2026-11-24
ok run --date 2026-11-26
ok run --date 2026-12-03
ok journal verify
contains out "journal verified: 9 entries, chain intact"
ok journal export
cp out journal.jsonl
# Entry 4 is the second run's only step (F3's courtesy email), entry 5
# that run's own entry.
sed -n 4p journal.jsonl | grep -q '"invoice":"F3","kind":"step"' || fail "entry 4: $(sed -n 4p journal.jsonl)"
payload=$(sql "SELECT payload FROM journal WHERE seq = 4")
contains journal.jsonl "$payload"
hash_at() { sed -n "$1p" journal.jsonl | sed 's/.*"hash":"\([0-9a-f]*\)".*/\1/'; }

# Append-only: the database itself refuses.
sql "UPDATE journal SET payload = '{}' WHERE seq = 4" 2>sql.err && fail "the update was allowed"
contains sql.err "append-only"
sql "DELETE FROM journal WHERE seq = 4" 2>sql.err && fail "the delete was allowed"
contains sql.err "append-only"
ok journal verify

unprotect
sql "UPDATE journal SET payload = replace(payload, '\"balance\":\"', '\"balance\":\"1') WHERE seq = 4"
[ "$(sql "SELECT payload FROM journal WHERE seq = 4")" != "$payload" ] || fail "the payload did not change"
expect_status 1 journal verify
equals "$(cat out)" ""
contains err "relance: journal verify: entry 4 ("
contains err "does not match its hash: it, or an entry before it, was changed"

# With its hash recomputed as well, entry 4 passes but the next one breaks.
ok journal export
h4=$(sed -n 4p out | hash_of "$(hash_at 3)")
equals "${#h4}" 64
sql "UPDATE journal SET hash = '$h4' WHERE seq = 4"
expect_status 1 journal verify
contains err "relance: journal verify: entry 5 ("
contains err "does not match its hash"

# The original payload and hash back: the chain is whole again.
sql "UPDATE journal SET payload = '$payload', hash = '$(hash_at 4)' WHERE seq = 4"
ok journal verify
contains out "journal verified: 9 entries, chain intact"

# Any other field of an entry, one at a time, and back.
for col in at actor customer_code invoice_number kind; do
	was=$(sql "SELECT $col FROM journal WHERE seq = 7")
	sql "UPDATE journal SET $col = 'x$was' WHERE seq = 7"
	expect_status 1 journal verify
	contains err "relance: journal verify: entry 7 ("
	sql "UPDATE journal SET $col = '$was' WHERE seq = 7"
	ok journal verify
done
pass
