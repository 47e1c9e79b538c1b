# A server outlives its database connections: when PostgreSQL closes them
# (here pg_terminate_backend; a restart or an idle timeout alike), a GET is
# tried again on a new connection and answers 200; a POST that met a dead
# connection gets 500 with the error shape and the next one works. On
# SQLite there is no connection to lose: the scenario only checks that a
# one-thread server (no pool) serves.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/serve-lib.sh"
make_ledger
ok token create --name ops
tok=$(cat out)
start_server s1 --threads 1
expect_http 200 GET "$url/api/v1/invoices" "$tok"
not_contains "$T/s1.err" "Warning"

# nor does it depend on whoever reads its access log: when that reader
# goes away (a logger that exited), writing the log fails and the server
# goes on answering, then stops with 0
mkfifo log.fifo
head -c 1 <log.fifo >/dev/null &
"$RELANCE_BIN" serve --listen 127.0.0.1:0 >"$T/p.out" 2>log.fifo &
pid=$!
SERVERS="$SERVERS $pid"
i=0
while ! grep -q '^listening on http://' "$T/p.out" 2>/dev/null; do
	i=$((i + 1))
	[ "$i" -le 100 ] || fail "the server did not say it listens within 10 s"
	sleep 0.1
done
purl=$(sed -n 's/^listening on //p' "$T/p.out")
for k in 1 2 3; do
	expect_http 200 GET "$purl/api/v1/health"
	sleep 0.2
done
kill -0 "$pid" 2>/dev/null || fail "the server died when its log reader went away"
kill -TERM "$pid"
wait "$pid"
equals "$?" 0

case "$DB" in
postgres*) ;;
*) pass ;;
esac
kill_connections() {
	psql -d "$DB" -q -At -c "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
		WHERE datname = current_database() AND pid <> pg_backend_pid()" >killed ||
		fail "cannot terminate the server's connections"
	[ "$(cat killed)" -ge 1 ] || fail "the server held no connection"
}
kill_connections
expect_http 200 GET "$url/api/v1/invoices" "$tok"
equals "$(json 'j["total"]')" 5
contains "$T/s1.err" "relance serve: "
kill_connections
expect_http 500 POST "$url/api/v1/runs" "$tok" '{"date":"2026-11-24"}'
error_shape 500 internal
expect_http 200 POST "$url/api/v1/runs" "$tok" '{"date":"2026-11-24"}'
equals "$(json 'j["steps"]')" 2
ok journal verify
stop_server s1
equals "$server_status" 0
pass
