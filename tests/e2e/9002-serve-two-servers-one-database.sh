# Two `relance serve` processes on one database (SQLite file or PostgreSQL,
# as the harness runs it). Ten rounds, each on a later date: six POST
# /api/v1/runs for that date sent at once, three to each server. In every
# round exactly one request does the steps the CLI's dry run foresaw and
# the others find nothing to do; at the end each (invoice, step) is in the
# journal exactly once, the chain verifies, and what one server wrote the
# other sees.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/serve-lib.sh"
ok init --name "Test SARL"
ok gen --out gen --customers 40 --invoices 400 --asof 2026-11-01
for k in customers invoices payments; do
	ok import "$k" "gen/$k.csv"
done
ok token create --name one
t1=$(cat out)
ok token create --name two
t2=$(cat out)
start_server s1 --threads 3
u1=$url
start_server s2 --threads 3
u2=$url

total=0
round=0
while [ "$round" -lt 10 ]; do
	day=$(python3 -c "import datetime,sys; print(datetime.date(2026,11,24)+datetime.timedelta(days=8*int(sys.argv[1])))" "$round")
	ok run --date "$day" --dry-run --format csv
	want=$(($(wc -l <"$T/out") - 1))
	clients=""
	for k in 1 2 3 4 5 6; do
		if [ $((k % 2)) -eq 1 ]; then u=$u1 tok=$t1; else u=$u2 tok=$t2; fi
		curl -s -o "r$k.json" -w '%{http_code}' --max-time 60 -X POST \
			-H "Authorization: Bearer $tok" --data-binary "{\"date\":\"$day\"}" \
			"$u/api/v1/runs" >"r$k.code" &
		clients="$clients $!"
	done
	# the clients only: a bare `wait` would wait for the servers too
	for pid in $clients; do
		wait "$pid"
	done
	steps=""
	for k in 1 2 3 4 5 6; do
		equals "$(cat "r$k.code")" 200
		steps="$steps $(json 'j["steps"]' "r$k.json")"
	done
	# one request did all the steps, the five others nothing
	doers=$(echo $steps | tr ' ' '\n' | grep -vc '^0$')
	sum=$(echo $steps | tr ' ' '\n' | awk '{ s += $1 } END { print s + 0 }')
	if [ "$want" -gt 0 ]; then
		equals "round $round ($day): $doers doer(s), $sum steps" "round $round ($day): 1 doer(s), $want steps"
	else
		equals "round $round ($day): $sum steps" "round $round ($day): 0 steps"
	fi
	total=$((total + want))
	round=$((round + 1))
done
[ "$total" -gt 100 ] || fail "only $total steps in ten rounds: the test proves little"

# each (invoice, step) exactly once, and as many as the rounds did
ok journal export
equals "$(grep -c '"kind":"step"' out)" "$total"
dups=$(grep '"kind":"step"' out | sed 's/.*"invoice":"\([^"]*\)".*"step":\([0-9]*\).*/\1 \2/' |
	sort | uniq -d | wc -l)
equals "$dups" 0
ok journal verify
# both servers see the same chain
expect_http 200 GET "$u1/api/v1/journal/verify" "$t2"
v1=$(json '[j["intact"], j["entries"], j["last_hash"]]')
entries=$(json 'j["entries"]')
expect_http 200 GET "$u2/api/v1/journal/verify" "$t1"
equals "$(json '[j["intact"], j["entries"], j["last_hash"]]')" "$v1"

# a run through one server is seen, done, through the other
day=2027-03-01
expect_http 200 POST "$u1/api/v1/runs" "$t1" "{\"date\":\"$day\"}"
did=$(json 'j["steps"]')
[ "$did" -gt 0 ] || fail "nothing due on $day: the check proves little"
expect_http 200 POST "$u2/api/v1/runs" "$t2" "{\"date\":\"$day\"}"
equals "$(json '[j["nothing_to_do"], j["steps_done_earlier_that_day"]]')" "[true, $did]"
# the steps and the run's own entry, seen by the other server
expect_http 200 GET "$u2/api/v1/journal/verify" "$t2"
equals "$(json '[j["intact"], j["entries"]]')" "[true, $((entries + did + 1))]"
ok journal export
grep '"kind":"step"' out | grep -q '"actor":"api:one"' || fail "no step by api:one"

stop_server s1
equals "$server_status" 0
stop_server s2
equals "$server_status" 0
grep -c 'POST /api/v1/runs 200' "$T/s1.err" >/dev/null || fail "s1 logged no run"
pass
