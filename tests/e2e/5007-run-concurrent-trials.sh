# Two runs for the same date started at the same moment, 20 times on fresh
# ledgers: each step is recorded exactly once, exactly one of the two runs
# does the work, and the journal stays one chain.
. "$(dirname "$0")/lib.sh"
ok init --name "Test SARL"
ok gen --out gen --customers 40 --invoices 400 --asof 2026-11-01
for k in customers invoices payments; do
	ok import "$k" "gen/$k.csv"
done
ok run --date 2026-11-24 --dry-run --format csv
want=$(($(wc -l <out) - 1))
[ "$want" -gt 50 ] || fail "only $want steps due: the trials would prove little"
base="$DB"
i=1
while [ "$i" -le 20 ]; do
	# a fresh copy of the ledger for each trial
	case "$base" in
	postgres*)
		name="trial_$$_$i"
		psql -q -d "$base" -c "DROP DATABASE IF EXISTS $name" -c "CREATE DATABASE $name" >/dev/null ||
			fail "cannot create database $name"
		DB=$(echo "$base" | sed "s|///[^?]*|///$name|")
		;;
	*) DB="$T/trial$i.db" ;;
	esac
	rm -f "$T/trial$i.db"
	ok db copy --from "$base" --to "$DB"
	export RELANCE_DB="$DB"
	for r in 1 2; do
		("$RELANCE_BIN" run --date 2026-11-24 --format csv >"out$r" 2>"err$r"
		echo $? >"rc$r") &
	done
	wait
	equals "$(cat rc1) $(cat rc2)" "0 0"
	n1=$(($(wc -l <out1) - 1))
	n2=$(($(wc -l <out2) - 1))
	# one run did every step, the other found nothing to do
	equals "$(($n1 + $n2)) $(($n1 * $n2))" "$want 0"
	ok journal verify
	ok journal export
	steps=$(grep -c '"kind":"step"' out)
	equals "$steps" "$want"
	dups=$(grep '"kind":"step"' out | sed 's/.*"invoice":"\([^"]*\)".*"step":\([0-9]*\).*/\1 \2/' |
		sort | uniq -d | wc -l)
	equals "$dups" 0
	export RELANCE_DB="$base"
	i=$((i + 1))
done
pass
