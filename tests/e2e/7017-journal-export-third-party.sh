# A third party can verify an exported journal with nothing but the rules
# documented in relance(1) and include/relance/core/journal.h: this test's
# own checker (python3, hashlib) recomputes every hash as
# SHA-256(previous hash || canonical entry) from the exported fields and
# gets relance's hashes, names with quotes, backslashes and UTF-8 included.
# The checker also catches a changed line, so it is not vacuous.
. "$(dirname "$0")/lib.sh"
cat >checker.py <<'PY'
"""Verifies a relance journal export (JSON lines) on its own.

canonical entry: {"actor":S,"at":S,"creditor":S,"customer":S,"invoice":S,
"kind":S,"payload":P,"seq":N}, S escaping only '"', '\\' and control
characters (as \\u00xx), P the payload's compact JSON with sorted keys;
hash = SHA-256(previous hash || canonical), 32 zero bytes before the first.
Prints "ok ENTRIES LAST_HASH", or "bad SEQ" and exits 1."""
import hashlib, json, sys

def string(x):
    out = ['"']
    for ch in x:
        if ch in '"\\':
            out.append('\\' + ch)
        elif ord(ch) < 0x20:
            out.append('\\u%04x' % ord(ch))
        else:
            out.append(ch)
    return ''.join(out) + '"'

def canonical(e):
    payload = json.dumps(e["payload"], sort_keys=True, separators=(",", ":"),
                         ensure_ascii=False)
    text = "{" + ",".join('"%s":%s' % (k, string(e[k])) for k in
                          ("actor", "at", "creditor", "customer", "invoice", "kind"))
    text += ',"payload":%s,"seq":%d}' % (payload, e["seq"])
    return text.encode("utf-8")

prev = bytes(32)
n = 0
for line in open(sys.argv[1], encoding="utf-8"):
    e = json.loads(line)
    n += 1
    h = hashlib.sha256(prev + canonical(e)).digest()
    if e["seq"] != n or h.hex() != e["hash"]:
        print("bad", e["seq"])
        sys.exit(1)
    prev = h
print("ok", n, prev.hex())
PY

ok init --name "Test SARL"
# Names that need escaping: quotes, backslashes, UTF-8 (the CSV quotes
# doubled). A policy whose step names have them too.
cat >customers.csv <<'CSV'
customer_id,name,kind,country,language,email,phone,address
"C""1",Boulangerie Martin,business,FR,fr,compta@martin.fr,,1 rue Haute
C\2,Camille Durand,consumer,FR,fr,camille@example.fr,,2 rue Basse
Müller/3,Müller GmbH,business,DE,de,ap@mueller.de,,Hauptstraße 3
CSV
cat >invoices.csv <<'CSV'
invoice_number,customer_id,issue_date,due_date,currency,amount
"F""1\x",C\2,2026-10-01,2026-11-01,EUR,120.00
Fé2,"C""1",2026-10-01,2026-11-01,EUR,99.99
F/3,Müller/3,2026-10-01,2026-11-01,EUR,1500.00
CSV
cat >pol.ini <<'INI'
[policy]
name = «douce» "v2"
description = quotes, backslashes and UTF-8
min_gap = 2
[step: rappel «1»]
offset = 1
channel = email
[step: lettre "2" \ recommandée]
offset = 3
channel = registered_letter
INI
ok import customers customers.csv
ok import invoices invoices.csv
ok policy import pol.ini
ok policy assign 'Müller/3' '«douce» "v2"'
ok run --date 2026-11-02
ok run --date 2026-11-05
ok run --date 2026-11-11
ok run --date 2026-11-22
ok journal verify
last=$(sed -n 's/.*last hash \([0-9a-f]*\))$/\1/p' out)
entries=$(sed -n 's/^journal verified: \([0-9]*\) entries.*/\1/p' out)

ok journal export
cp out journal.jsonl
contains journal.jsonl '"customer":"C\"1","invoice":"Fé2"'
contains journal.jsonl '"customer":"C\\2","invoice":"F\"1\\x"'
contains journal.jsonl '"step_name":"lettre \"2\" \\ recommandée"'
contains journal.jsonl '"policy":"«douce» \"v2\""'
python3 checker.py journal.jsonl >check.out || fail "checker: $(cat check.out)"
equals "$(cat check.out)" "ok $entries $last"
[ "$entries" -ge 10 ] || fail "only $entries entries"

# Any change to an exported line is caught: a balance, a name, the order.
n=$(grep -n '"kind":"step"' journal.jsonl | tail -n 1 | cut -d: -f1)
sed "${n}s/\"balance\":\"\([0-9]\)/\"balance\":\"9\1/" journal.jsonl >changed.jsonl
! cmp -s changed.jsonl journal.jsonl || fail "sed changed nothing"
python3 checker.py changed.jsonl >check.out && fail "checker passed a changed balance"
equals "$(cat check.out)" "bad $n"
n=$(grep -n '"customer":"C\\"1"' journal.jsonl | head -n 1 | cut -d: -f1)
sed "${n}s/\"customer\":\"C\\\\\"1\"/\"customer\":\"C1\"/" journal.jsonl >changed.jsonl
! cmp -s changed.jsonl journal.jsonl || fail "sed changed nothing"
python3 checker.py changed.jsonl >check.out && fail "checker passed a changed customer"
equals "$(cat check.out)" "bad $n"
awk 'NR == 2 { two = $0; next } { print } NR == 3 { print two }' journal.jsonl >changed.jsonl
equals "$(sort changed.jsonl | cksum)" "$(sort journal.jsonl | cksum)"
python3 checker.py changed.jsonl >check.out && fail "checker passed a reordering"
equals "$(cat check.out)" "bad 3"

# A filtered export gives the same lines as the full one.
ok journal export --customer 'Müller/3'
[ -s out ] || fail "no entries for Müller/3"
while IFS= read -r line; do
	grep -qxF -- "$line" journal.jsonl || fail "filtered line not in the full export: $line"
done <out
pass
