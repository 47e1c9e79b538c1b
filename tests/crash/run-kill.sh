#!/bin/sh
# Crash safety of the dunning run: `relance run` is killed with SIGKILL at
# random moments on a generated ledger, and after each kill:
#   - `journal verify` passes (the chain is whole: the run's entries are all
#     there or none is);
#   - no (invoice, policy, step) is recorded twice;
#   - running again completes exactly the missing work: the ledger then holds
#     the same steps and case states as a ledger where the run was never
#     interrupted.
# Usage: sh tests/crash/run-kill.sh [TRIALS] [INVOICES]   (default 50, 100000)
set -u
: "${RELANCE_BIN:?RELANCE_BIN must name the relance binary}"
TRIALS=${1:-50}
N=${2:-100000}
W=$(mktemp -d /tmp/relance-crash.XXXXXX)
trap 'rm -rf "$W"' EXIT
export RELANCE_TODAY=2026-11-24
R=$RELANCE_BIN

fail() {
	echo "crash: FAIL: $*"
	exit 1
}

"$R" gen --customers $((N / 10)) --invoices "$N" --seed 7 --asof 2026-11-24 --out "$W/gen" >/dev/null ||
	fail "gen"
"$R" --db "$W/base.db" init >/dev/null || fail "init"
for k in customers invoices payments; do
	"$R" --db "$W/base.db" import "$k" "$W/gen/$k.csv" >/dev/null || fail "import $k"
done

# The state a run leaves, as text that two ledgers can be compared by.
state() {
	sqlite3 "$1" "SELECT i.number, ci.step_idx, ci.step_name, ci.balance, ci.days_late
		FROM communication_item ci JOIN invoice i ON i.id = ci.invoice_id
		ORDER BY i.number, ci.step_idx;
		SELECT '--';
		SELECT i.number, dc.last_step, dc.last_step_date FROM dunning_case dc
		JOIN invoice i ON i.id = dc.invoice_id ORDER BY i.number;"
}

cp "$W/base.db" "$W/ref.db"
start=$(date +%s%N)
"$R" --db "$W/ref.db" run --format csv >/dev/null 2>&1 || fail "reference run"
took=$((($(date +%s%N) - start) / 1000000))
state "$W/ref.db" >"$W/ref.txt"
steps=$(sqlite3 "$W/ref.db" "SELECT count(*) FROM communication_item")
echo "crash: reference run: $steps steps in ${took} ms; $TRIALS trials killing it at random"

killed_before=0 killed_during=0 completed=0
i=1
while [ "$i" -le "$TRIALS" ]; do
	db="$W/t.db"
	rm -f "$db" "$db-wal" "$db-shm"
	cp "$W/base.db" "$db"
	# a moment anywhere in the run, from its start to a little past its end
	delay=$(awk -v seed="$i" -v t="$took" 'BEGIN { srand(seed * 7919); printf "%.3f", rand() * t * 1.1 / 1000 }')
	"$R" --db "$db" run --format csv >/dev/null 2>&1 &
	pid=$!
	sleep "$delay"
	if kill -9 "$pid" 2>/dev/null; then
		wait "$pid" 2>/dev/null
		n=$(sqlite3 "$db" "SELECT count(*) FROM communication_item")
		if [ "$n" -eq 0 ]; then killed_before=$((killed_before + 1)); else killed_during=$((killed_during + 1)); fi
		[ "$n" -eq 0 ] || [ "$n" -eq "$steps" ] ||
			fail "trial $i: a killed run left $n of $steps steps (all or nothing expected)"
	else
		wait "$pid"
		completed=$((completed + 1))
	fi
	"$R" --db "$db" journal verify >/dev/null 2>"$W/verify.err" ||
		fail "trial $i (killed after ${delay}s): journal verify: $(cat "$W/verify.err")"
	dup=$(sqlite3 "$db" "SELECT count(*) FROM (SELECT 1 FROM communication_item
		GROUP BY invoice_id, policy_id, step_idx HAVING count(*) > 1)")
	[ "$dup" -eq 0 ] || fail "trial $i: $dup steps recorded twice"
	"$R" --db "$db" run --format csv >/dev/null 2>&1 || fail "trial $i: the run after the kill failed"
	state "$db" >"$W/t.txt"
	cmp -s "$W/ref.txt" "$W/t.txt" ||
		fail "trial $i (killed after ${delay}s): the ledger differs from an uninterrupted run"
	"$R" --db "$db" journal verify >/dev/null || fail "trial $i: journal verify after the re-run"
	i=$((i + 1))
done
echo "crash: killed before commit $killed_before, killed after commit $killed_during, finished first $completed"
echo "crash: $TRIALS passed, 0 failed"
