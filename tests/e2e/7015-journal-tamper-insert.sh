# Tampering with the journal, 3: inserting forged entries (the database's
# triggers dropped), their hashes computed by the documented rule so that
# they look right. One appended after the end: verify names the chain's
# recorded end. One slipped in the middle, the later entries renumbered:
# verify names the first entry that no longer matches.
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
hash_at() { sed -n "$1p" journal.jsonl | sed 's/.*"hash":"\([0-9a-f]*\)".*/\1/'; }
unprotect

# forge SEQ PREV_HASH: inserts a formal notice to F2 that was never sent.
forge() {
	at=$(sed -n 1p journal.jsonl | sed 's/.*"at":"\([^"]*\)".*/\1/')
	payload='{"balance":"300.50","channel":"formal_notice","communication":99,"currency":"EUR","days_late":19,"policy":"fr-standard","run_date":"2026-12-03","step":6,"step_name":"formal notice"}'
	h=$(printf '{"seq":%s,"at":"%s","actor":"run","creditor":"default","customer":"C1","invoice":"F2","kind":"step","payload":%s}' \
		"$1" "$at" "$payload" | hash_of "$2")
	[ "${#h}" -eq 64 ] || fail "no hash computed: $h"
	sql "INSERT INTO journal (creditor_id, seq, at, actor, customer_code, invoice_number, kind, payload, hash) SELECT id, $1, '$at', 'run', 'C1', 'F2', 'step', '$payload', '$h' FROM creditor WHERE code = 'default'"
}

# After the end: every hash matches, the recorded end does not.
forge 10 "$(hash_at 9)"
ok journal export
equals "$(grep -c . out)" 10
expect_status 1 journal verify
equals "$(cat out)" ""
equals "$(cat err)" "relance: journal verify: the chain ends at entry 10 but its recorded end is entry 9: the last entries were removed or added"
sql "DELETE FROM journal WHERE seq = 10"
ok journal verify

# In the middle, as entry 4: the forged entry's hash holds, the old entry
# 4, now 5, no longer does.
sql "UPDATE journal SET seq = -seq - 1 WHERE seq >= 4"
sql "UPDATE journal SET seq = -seq WHERE seq < 0"
forge 4 "$(hash_at 3)"
ok journal export
equals "$(grep -c . out)" 10
expect_status 1 journal verify
contains err "relance: journal verify: entry 5 ("
contains err "does not match its hash"

# A forged entry with a made-up hash is named itself.
sql "DELETE FROM journal WHERE seq = 4"
sql "UPDATE journal SET seq = -seq + 1 WHERE seq >= 5"
sql "UPDATE journal SET seq = -seq WHERE seq < 0"
ok journal verify
sql "UPDATE journal SET seq = -seq - 1 WHERE seq >= 7"
sql "UPDATE journal SET seq = -seq WHERE seq < 0"
forge 7 "$(hash_at 3)"
expect_status 1 journal verify
contains err "relance: journal verify: entry 7 ("
contains err "does not match its hash"
pass
