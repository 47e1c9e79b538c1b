#!/bin/sh
# Dunning-run benchmark: a ledger of 1M invoices and 100k customers from
# `relance gen`, imported into SQLite; then a dry run and a real run, timed,
# beside a baseline from the same run: the sqlite3 shell computing count(*)
# and the sum of the open balances over the same database (a bare scan).
# Two real runs are timed: the first run ever on the ledger (every overdue
# invoice gets a step: about 380k on 1M invoices), and a daily run three days
# after another (untimed; WARMUP=DATE to change it), which finds only the
# steps that fell due since. A third real run is the issue's "about 100k
# due steps": the first run on the same ledger dated MID (2026-06-10), when
# fewer invoices had been issued and about 98k of them were overdue.
# Figures, not assertions. Usage: bench/run.sh [INVOICES] [CUSTOMERS]
set -eu
cd "$(dirname "$0")/.."
N=${1:-1000000}
C=${2:-100000}
RELANCE=${RELANCE_BIN:-./relance}
[ -x "$RELANCE" ] || make -s relance
W=$(mktemp -d /tmp/relance-bench-run.XXXXXX)
trap 'rm -rf "$W"' EXIT
ASOF=2026-11-24
WARMUP=${WARMUP:-2026-11-21}
MID=${MID:-2026-06-10}
export RELANCE_TODAY=$ASOF
db="$W/run.db"

measure() { # seconds, user, sys, peak KiB
	/usr/bin/time -f '%e %U %S %M' -o "$W/time" "$@" >"$W/out" 2>"$W/err" ||
		{ cat "$W/err" >&2; exit 1; }
	tail -n 1 "$W/time"
}
rate() { awk -v n="$1" -v s="$2" 'BEGIN { printf "%.0f", (s > 0 ? n / s : 0) }'; }

echo "relance dunning-run benchmark: $N invoices, $C customers ($(nproc) cores)"
"$RELANCE" gen --customers "$C" --invoices "$N" --seed 42 --asof "$ASOF" --out "$W/gen" >/dev/null
"$RELANCE" --db "$db" init >/dev/null
for kind in customers invoices payments; do
	"$RELANCE" --db "$db" import "$kind" "$W/gen/$kind.csv" >/dev/null
done
cp "$db" "$W/first.db"
cp "$db" "$W/mid.db"

set -- $(measure sqlite3 "$db" "SELECT count(*), sum(b) FROM (SELECT i.amount - coalesce((SELECT sum(a.amount) FROM allocation a WHERE a.invoice_id = i.id AND a.date <= '$ASOF'), 0) AS b FROM invoice i WHERE i.type = 'invoice' AND i.issue_date <= '$ASOF') WHERE b > 0")
base_s=$1
open=$(cut -d'|' -f1 "$W/out")
set -- $(measure "$RELANCE" --db "$W/first.db" run --dry-run --date "$ASOF" --format csv)
dry_s=$1 dry_kb=$4
set -- $(measure "$RELANCE" --db "$W/first.db" run --date "$ASOF" --format csv)
first_s=$1 first_kb=$4
first_steps=$(($(wc -l <"$W/out") - 1))
"$RELANCE" --db "$W/first.db" journal verify >/dev/null
set -- $(measure "$RELANCE" --db "$W/mid.db" run --date "$MID" --format csv)
mid_s=$1 mid_kb=$4
mid_steps=$(($(wc -l <"$W/out") - 1))
rm -f "$W/mid.db"

"$RELANCE" --db "$db" run --date "$WARMUP" --format csv >/dev/null 2>"$W/warm"
set -- $(measure "$RELANCE" --db "$db" run --date "$ASOF" --format csv)
daily_s=$1 daily_kb=$4
daily_steps=$(($(wc -l <"$W/out") - 1))
echo
printf '%-34s %8s %8s %14s %9s
' "" seconds steps "open inv./s" "peak MiB"
printf '%-34s %8s %8s %14s %9s
' "baseline: sqlite3 bare scan" "$base_s" - "$(rate "$open" "$base_s")" -
printf '%-34s %8s %8s %14s %9s
' "run --dry-run (first run)" "$dry_s" "$first_steps" "$(rate "$open" "$dry_s")" "$((dry_kb / 1024))"
printf '%-34s %8s %8s %14s %9s
' "run, first run on the ledger" "$first_s" "$first_steps" "$(rate "$open" "$first_s")" "$((first_kb / 1024))"
printf '%-34s %8s %8s %14s %9s
' "run, first run dated $MID" "$mid_s" "$mid_steps" "-" "$((mid_kb / 1024))"
printf '%-34s %8s %8s %14s %9s
' "run, 3 days after the previous" "$daily_s" "$daily_steps" "$(rate "$open" "$daily_s")" "$((daily_kb / 1024))"
echo
echo "$open open invoices on $ASOF"
awk -v d="$dry_s" -v b="$base_s" 'BEGIN { printf "dry run = %.2f x the bare scan\n", d / b }'
awk -v s="$first_s" -v n="$first_steps" 'BEGIN { printf "first run: %.0f steps/s written (steps, cases, journal)\n", n / s }'
"$RELANCE" --db "$db" journal verify
