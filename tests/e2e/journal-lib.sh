# Helpers of the journal-tampering scenarios (7013-7016), sourced after
# lib.sh: raw SQL on the test database, dropping the append-only triggers,
# and an independent computation of an entry's hash.

# sql STATEMENT: runs it on the test database, whatever its backend.
sql() {
	case "${RELANCE_BACKEND:-$DB}" in
	postgres*) psql -X -q -At -v ON_ERROR_STOP=1 "$DB" -c "$1" ;;
	*) sqlite3 -bail "$DB" "$1" ;;
	esac
}
unprotect() {
	case "${RELANCE_BACKEND:-$DB}" in
	postgres*) sql "DROP TRIGGER journal_no_update ON journal" ;;
	*) sql "DROP TRIGGER journal_no_update; DROP TRIGGER journal_no_delete" ;;
	esac
}
# hash_of PREV_HEX: the hash of the entry (export line) on stdin, by the
# documented rule, computed here and not by relance.
hash_of() {
	python3 -c '
import hashlib, json, sys
def s(x):
    return "\"" + "".join("\\" + c if c in "\"\\" else "\\u%04x" % ord(c) if ord(c) < 32 else c
                          for c in x) + "\""
e = json.loads(sys.stdin.read())
text = "{" + ",".join("\"%s\":%s" % (k, s(e[k])) for k in
                      ("actor", "at", "creditor", "customer", "invoice", "kind"))
text += ",\"payload\":%s,\"seq\":%d}" % (
    json.dumps(e["payload"], sort_keys=True, separators=(",", ":"), ensure_ascii=False), e["seq"])
print(hashlib.sha256(bytes.fromhex(sys.argv[1]) + text.encode()).hexdigest())
' "$1"
}
