#!/bin/sh
# Import benchmark: generates ledgers with `relance gen`, imports them, and
# prints rows/s and peak RSS beside a baseline measured in the same run: the
# same invoices CSV loaded by the sqlite3 shell's .import into a bare table.
# Figures, not assertions. Usage: bench/import.sh [INVOICES] (default 1000000)
set -eu
cd "$(dirname "$0")/.."
N=${1:-1000000}
RELANCE=${RELANCE_BIN:-./relance}
[ -x "$RELANCE" ] || make -s relance
W=$(mktemp -d /tmp/relance-bench.XXXXXX)
trap 'rm -rf "$W"' EXIT
export RELANCE_TODAY=2026-11-24

# seconds and peak RSS (KiB) of a command: "SECONDS KIB"
measure() {
	/usr/bin/time -f '%e %M' -o "$W/time" "$@" >/dev/null 2>"$W/stderr" ||
		{ cat "$W/stderr" >&2; exit 1; }
	tail -n 1 "$W/time"
}

rate() { awk -v n="$1" -v s="$2" 'BEGIN { printf "%.0f", (s > 0 ? n / s : 0) }'; }

run_size() {
	n=$1
	customers=100000 # the same for every size: memory must not grow with rows
	dir="$W/gen-$n"
	"$RELANCE" gen --customers "$customers" --invoices "$n" --seed 42 --asof 2026-11-24 \
		--out "$dir" >/dev/null
	db="$W/bench-$n.db"
	"$RELANCE" --db "$db" init >/dev/null
	"$RELANCE" --db "$db" import customers "$dir/customers.csv" >/dev/null
	set -- $(measure "$RELANCE" --db "$db" import invoices "$dir/invoices.csv")
	inv_s=$1 inv_kb=$2
	set -- $(measure "$RELANCE" --db "$db" import payments "$dir/payments.csv")
	pay_s=$1 pay_kb=$2
	payments=$(($(wc -l <"$dir/payments.csv") - 1))
	rm -f "$W/base.db"
	set -- $(measure sqlite3 "$W/base.db" ".mode csv" ".import $dir/invoices.csv inv")
	base_s=$1 base_kb=$2
	printf '%-9s %-9s %8s %10s %9s   %8s %10s   %8s %10s %9s   %6s\n' \
		"$n" invoices "$inv_s" "$(rate "$n" "$inv_s")" "$((inv_kb / 1024))" \
		"$base_s" "$(rate "$n" "$base_s")" \
		"$pay_s" "$(rate "$payments" "$pay_s")" "$((pay_kb / 1024))" \
		"$(awk -v a="$inv_s" -v b="$base_s" 'BEGIN { printf "%.2f", a / b }')"
}

echo "relance import benchmark ($(nproc) cores, $(sqlite3 --version | cut -d' ' -f1) sqlite3 shell as baseline)"
printf '%-9s %-9s %8s %10s %9s   %8s %10s   %8s %10s %9s   %6s\n' \
	rows what "s" "rows/s" "RSS MiB" "base s" "base r/s" "pay s" "pay r/s" "RSS MiB" "x base"
run_size 100000
[ "$N" -gt 100000 ] && run_size "$N"
[ -n "${BENCH_LARGE:-}" ] && run_size $((3 * N))
exit 0
