# Helpers for the scenarios of relance serve (tests/e2e/90*): start servers
# in the background on free ports, talk to them with curl, read JSON with
# python3. Source after lib.sh. Every server started is killed when the
# test exits, whatever happens; no wait lasts more than a few seconds.

SERVERS=""
stop_all_servers() {
	for pid in $SERVERS; do
		kill -KILL "$pid" 2>/dev/null
	done
}
trap stop_all_servers EXIT
trap 'exit 1' INT TERM

# start_server NAME [ARGS...]: runs `relance serve --listen 127.0.0.1:0
# ARGS` in the background, waits (10 s at most) for its "listening on"
# line and sets $url to its base URL; its pid is in $T/NAME.pid, its
# stdout and stderr (the access log) in $T/NAME.out and $T/NAME.err.
start_server() {
	name=$1
	shift
	"$RELANCE_BIN" serve --listen 127.0.0.1:0 "$@" >"$T/$name.out" 2>"$T/$name.err" &
	pid=$!
	echo "$pid" >"$T/$name.pid"
	SERVERS="$SERVERS $pid"
	i=0
	while ! grep -q '^listening on http://' "$T/$name.out" 2>/dev/null; do
		kill -0 "$pid" 2>/dev/null || fail "server $name died: $(cat "$T/$name.err")"
		i=$((i + 1))
		[ "$i" -le 100 ] || fail "server $name did not say it listens within 10 s"
		sleep 0.1
	done
	url=$(sed -n 's/^listening on //p' "$T/$name.out")
}

# stop_server NAME: SIGTERM, then waits (10 s at most) for it to exit;
# its exit status in $server_status.
stop_server() {
	pid=$(cat "$T/$1.pid")
	kill -TERM "$pid"
	i=0
	while kill -0 "$pid" 2>/dev/null; do
		i=$((i + 1))
		[ "$i" -le 100 ] || fail "server $1 did not stop within 10 s of SIGTERM"
		sleep 0.1
	done
	wait "$pid"
	server_status=$?
}

# api METHOD URL [TOKEN [BODY]]: one request; the response body in
# $T/body, the status in $http (000 if no answer within 20 s).
api() {
	method=$1
	target=$2
	token=${3:-}
	payload=${4:-}
	set -- -s -o "$T/body" -w '%{http_code}' --max-time 20 -X "$method"
	[ -n "$token" ] && set -- "$@" -H "Authorization: Bearer $token"
	if [ -n "$payload" ]; then
		set -- "$@" -H 'Content-Type: application/json' --data-binary "$payload"
	fi
	http=$(curl "$@" "$target")
}

# expect_http STATUS METHOD URL [TOKEN [BODY]]: api, failing unless the
# status is STATUS.
expect_http() {
	want=$1
	shift
	api "$@"
	[ "$http" = "$want" ] || fail "$1 $2: HTTP $http, expected $want: $(head -c 500 "$T/body")"
}

# json EXPR [FILE]: prints the Python expression EXPR evaluated with j =
# the JSON document in FILE (default $T/body); strings bare, others as JSON.
json() {
	python3 - "$1" "${2:-$T/body}" <<'PY'
import json, sys
j = json.load(open(sys.argv[2]))
v = eval(sys.argv[1])
print(v if isinstance(v, str) else json.dumps(v))
PY
}

# error_shape STATUS CODE: the last body is {"error":{"code":CODE,"message":...}}.
error_shape() {
	equals "$http" "$1"
	equals "$(json 'j["error"]["code"]')" "$2"
	[ -n "$(json 'j["error"]["message"]')" ] || fail "error without a message"
	equals "$(json 'sorted(j.keys())')" '["error"]'
}
