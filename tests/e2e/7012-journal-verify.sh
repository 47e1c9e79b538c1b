# The evidence journal after runs: one entry per step and one per run,
# numbered from 1; verify walks the chain and passes, naming the last
# hash, which is the last exported entry's.
. "$(dirname "$0")/lib.sh"
make_ledger
ok journal verify
equals "$(cat out)" "journal verified: 0 entries, chain intact (last hash 0000000000000000000000000000000000000000000000000000000000000000)"
ok journal export
equals "$(cat out)" ""

ok run --date 2026-11-24
ok run --date 2026-11-26
ok run --date 2026-12-03
ok run --date 2026-12-03
ok journal verify
contains out "journal verified: 9 entries, chain intact (last hash "
last=$(sed -n 's/.*last hash \([0-9a-f]*\))$/\1/p' out)
equals "${#last}" 64

ok journal export
equals "$(wc -l <out)" 9
equals "$(grep -c '"kind":"step"' out)" 6
equals "$(grep -c '"kind":"run"' out)" 3
equals "$(tail -n 1 out | sed 's/.*"hash":"\([0-9a-f]*\)".*/\1/')" "$last"
equals "$(sed 's/^{"seq":\([0-9]*\),.*/\1/' out | tr '\n' ' ')" "1 2 3 4 5 6 7 8 9 "
# Each line has the entry's fields in the canonical order, then the hash.
python3 - "$T/out" <<'PY' || fail "export fields"
import json, sys
for line in open(sys.argv[1]):
    e = json.loads(line)
    assert list(e) == ["seq", "at", "actor", "creditor", "customer", "invoice", "kind",
                       "payload", "hash"], list(e)
    assert e["actor"] == "run" and e["creditor"] == "default", e
    if e["kind"] == "run":
        assert e["customer"] == "" and e["invoice"] == "", e
        assert sorted(e["payload"]) == ["communications", "date", "evaluated", "run", "steps"]
    else:
        assert sorted(e["payload"]) == ["balance", "channel", "communication", "currency",
                                        "days_late", "policy", "run_date", "step", "step_name"]
PY
# The run entry closes each run, after its steps.
contains out '"seq":3,"at":'
sed -n 3p out | grep -q '"kind":"run","payload":{"communications":2,"date":"2026-11-24","evaluated":3,"run":' ||
	fail "entry 3 is not the first run's: $(sed -n 3p out)"

# Filters: by customer, by invoice, by day (of the entries' UTC time).
ok journal export --customer C3
equals "$(grep -c . out)" 2
not_contains out '"customer":"C1"'
ok journal export --invoice F2
equals "$(grep -c . out)" 2
ok journal export --invoice F9
equals "$(cat out)" ""
ok journal export --to 2000-01-01
equals "$(cat out)" ""
ok journal export --from 2000-01-01
equals "$(grep -c . out)" 9
expect_status 2 journal
expect_status 2 journal check
expect_status 2 journal export --from tomorrow
pass
