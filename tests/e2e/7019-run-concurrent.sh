# Runs started together for the same date: one does the steps, the others
# find them done; the journal is one chain, with each step once.
. "$(dirname "$0")/lib.sh"
ok init --name "Test SARL"
ok gen --out gen --customers 100 --invoices 1500 --asof 2026-11-01
for k in customers invoices payments; do
	ok import "$k" "gen/$k.csv"
done
for i in 1 2 3 4; do
	("$RELANCE_BIN" run --date 2026-11-24 >"out$i" 2>"err$i"
	echo $? >"rc$i") &
done
wait
did=0
for i in 1 2 3 4; do
	equals "$(cat "rc$i")" 0
	equals "$(grep -v '^skipped: ' "err$i")" ""
	case "$(tail -n 1 "out$i")" in
	*"nothing to do"*) ;;
	*" steps in "*) did=$((did + 1)) steps=$(tail -n 1 "out$i" | sed 's/.*, \([0-9]*\) steps in.*/\1/') ;;
	*) fail "run $i: $(cat "out$i")" ;;
	esac
done
equals "$did" 1
ok journal verify
contains out "journal verified: $((steps + 1)) entries, chain intact"
ok journal export
equals "$(grep '"kind":"step"' out | sed 's/.*"invoice":"\([^"]*\)".*/\1/' | sort | uniq -d)" ""
pass
