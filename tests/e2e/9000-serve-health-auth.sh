# relance serve's router: the health check needs no token; every other
# route does (401 with WWW-Authenticate: Bearer without one, with a wrong
# one, with a revoked one); a viewer reads but may not run (403); bodies
# that are not JSON objects, garbage included, get 400 with the error
# shape and never crash the server; unknown routes 404, wrong methods 405,
# a body over 1 MiB 413; SIGTERM stops it with exit 0.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/serve-lib.sh"
make_ledger
ok token create --name alice --role collector
alice=$(cat out)
contains err "token 'alice' (collector) created"
case "$alice" in rl_*) ;; *) fail "token '$alice' lacks its prefix" ;; esac
equals "${#alice}" 46
ok token create --name val --role viewer
viewer=$(cat out)
ok token create --name gone --role admin
gone=$(cat out)
ok token revoke gone
contains out "token 'gone' revoked"
expect_status 1 token revoke gone
contains err "no token named 'gone'"
expect_status 1 token create --name alice
contains err "a token named 'alice' exists already"
expect_status 2 token create --name 'bad name'
expect_status 2 token create --name x --role boss
expect_status 2 token create
ok token list --format csv
contains out "alice,collector,"
contains out "val,viewer,"
grep -q '^gone,admin,.*,20' out || fail "gone is not listed revoked: $(cat out)"
not_contains out "$alice"
# the secret is not in the database, its hash is
case "$DB" in postgres*) ;; *) grep -q "$alice" "$DB" && fail "the token is stored in clear" ;; esac
ok journal export
equals "$(grep -c '"kind":"token"' out)" 4

# bad command lines are refused before anything starts
expect_status 2 serve --listen nowhere
expect_status 2 serve --listen 127.0.0.1:65536
expect_status 2 serve --threads 0
expect_status 2 serve --listen 1.2.3:80
contains err "'1.2.3' is not an IPv4 address"
expect_status 2 serve extra
expect_status 1 --creditor nobody serve --listen 127.0.0.1:0
contains err "has no creditor 'nobody'"

start_server s1 --threads 2
# the port is taken: a second server says so
port=${url##*:}
expect_status 1 serve --listen "127.0.0.1:$port"
contains err "cannot listen on 127.0.0.1:$port"
expect_http 200 GET "$url/api/v1/health"
equals "$(json 'j["status"]')" ok
equals "$(json 'j["backend"]')" "$(case "$DB" in postgres*) echo postgresql ;; *) echo sqlite ;; esac)"
ok --version
equals "relance $(json 'j["version"]')" "$(cat out)"
curl -s -i --max-time 20 "$url/api/v1/health" >headers || fail "curl"
grep -qi '^Content-Type: application/json' headers || fail "health: no JSON content type"

# no token, a wrong one, a malformed header, a revoked one
expect_http 401 GET "$url/api/v1/invoices"
error_shape 401 unauthorized
curl -s -i --max-time 20 "$url/api/v1/invoices" >headers || fail "curl"
grep -qi '^WWW-Authenticate: Bearer' headers || fail "401 without WWW-Authenticate: $(cat headers)"
expect_http 401 GET "$url/api/v1/invoices" "rl_wrongwrongwrongwrongwrongwrongwrongwrongwro"
error_shape 401 unauthorized
expect_http 401 GET "$url/api/v1/invoices" "$gone"
code=$(curl -s -o body -w '%{http_code}' --max-time 20 -H "Authorization: Basic $alice" "$url/api/v1/invoices")
equals "$code" 401

# a viewer reads, and may not act
expect_http 200 GET "$url/api/v1/invoices" "$viewer"
equals "$(json 'j["total"]')" 5
expect_http 200 GET "$url/api/v1/journal/verify" "$viewer"
expect_http 403 POST "$url/api/v1/runs" "$viewer" '{"date":"2026-11-24"}'
error_shape 403 forbidden
ok journal export
not_contains out '"kind":"step"'

# bodies that are not a JSON object: 400 with the error shape, server alive
expect_http 400 POST "$url/api/v1/runs" "$alice" '{"date":'
error_shape 400 invalid_json
expect_http 400 POST "$url/api/v1/runs" "$alice" '[1,2]'
error_shape 400 invalid_json
expect_http 400 POST "$url/api/v1/runs" "$alice" '{"date":"2026-11-24","date":"2026-11-25"}'
error_shape 400 invalid_json
expect_http 400 POST "$url/api/v1/runs" "$alice" '{"date":"24/11/2026x"}'
error_shape 400 bad_request
expect_http 400 POST "$url/api/v1/runs" "$alice" '{"date":20261124}'
error_shape 400 bad_request
expect_http 400 POST "$url/api/v1/runs" "$alice" '{"dry_run":"yes"}'
error_shape 400 bad_request
expect_http 400 POST "$url/api/v1/runs" "$alice" '{"dryrun":true}'
error_shape 400 bad_request
printf '{"date":"\377\376"}' >bad-utf8.json
expect_http 400 POST "$url/api/v1/runs" "$alice" "@bad-utf8.json"
error_shape 400 invalid_json
i=0
while [ "$i" -lt 30 ]; do
	head -c $((i * 37 + 1)) /dev/urandom >garbage.bin
	api POST "$url/api/v1/runs" "$alice" "@garbage.bin"
	[ "$http" = 400 ] || fail "garbage body $i: HTTP $http: $(head -c 300 "$T/body")"
	i=$((i + 1))
done
expect_http 400 GET "$url/api/v1/invoices?status=unpaid" "$alice"
error_shape 400 bad_request
expect_http 400 GET "$url/api/v1/invoices?limit=0" "$alice"
expect_http 400 GET "$url/api/v1/invoices?date=2026-13-01" "$alice"
ok journal export
not_contains out '"kind":"step"'

# unknown routes, wrong methods, an invoice that does not exist
expect_http 404 GET "$url/api/v1/nothing-here" "$alice"
error_shape 404 not_found
expect_http 404 GET "$url/" "$alice"
expect_http 405 DELETE "$url/api/v1/invoices" "$alice"
error_shape 405 method_not_allowed
# a 405 says which methods the path has (RFC 9110: Allow is a must)
curl -s -i --max-time 20 -X DELETE -H "Authorization: Bearer $alice" "$url/api/v1/invoices" >headers ||
	fail "curl"
grep -qi '^Allow: GET, HEAD' headers || fail "405 without Allow: $(cat headers)"
curl -s -i --max-time 20 -H "Authorization: Bearer $alice" "$url/api/v1/runs" >headers || fail "curl"
grep -qi '^Allow: POST' headers || fail "405 without Allow: $(cat headers)"
# HEAD is GET without the body, for a viewer too
code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 20 -I "$url/api/v1/health")
equals "$code" 200
code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 20 -I -H "Authorization: Bearer $viewer" \
	"$url/api/v1/invoices")
equals "$code" 200
# paths are routed as sent: an encoded NUL, dot segments, doubled or
# trailing slashes name no route, whatever they decode to
for path in 'api/v1/health%00/x' 'api/v1/health/%2e%2e/invoices' '/api/v1/health' \
	'api/v1/health/' 'api/v1/%69nvoices' 'api/v1/invoices/F1%00'; do
	code=$(curl -s -o body --path-as-is -w '%{http_code}' --max-time 20 \
		-H "Authorization: Bearer $alice" "$url/$path")
	[ "$code" = 404 ] || fail "GET /$path: HTTP $code, expected 404: $(cat body)"
done
# what a path decodes to cannot forge access-log lines or fields
expect_http 404 GET "$url/api/v1/x%20200%201us%0AGET%20/api/v1/health%20200%201us" "$alice"
expect_http 404 GET "$url/api/v1/invoices/F999" "$alice"
error_shape 404 not_found
contains body "invoice 'F999' not found"

# a body over 1 MiB: 413, announced (Content-Length) or not (chunked)
head -c 1100000 /dev/zero | tr '\0' ' ' >big.json
expect_http 413 POST "$url/api/v1/runs" "$alice" "@big.json"
error_shape 413 payload_too_large
code=$(curl -s -o body -w '%{http_code}' --max-time 20 -X POST -H "Authorization: Bearer $alice" \
	-H 'Transfer-Encoding: chunked' --data-binary @big.json "$url/api/v1/runs")
equals "$code" 413
# just under the cap is read (blanks around a JSON object)
head -c 1000000 /dev/zero | tr '\0' ' ' >near.json
printf '{"dry_run":true}' >>near.json
expect_http 200 POST "$url/api/v1/runs" "$alice" "@near.json"
equals "$(json 'j["dry_run"]')" true

# still serving after all that; one access-log line per request
expect_http 200 GET "$url/api/v1/health"
contains "$T/s1.err" "GET /api/v1/health 200 "
contains "$T/s1.err" "POST /api/v1/runs 403 "
contains "$T/s1.err" "POST /api/v1/runs 413 "
grep -Eq '^GET /api/v1/invoices 401 [0-9]+us$' "$T/s1.err" || fail "access log: $(head "$T/s1.err")"
# no token reaches the log, valid, revoked or wrong
for t in "$alice" "$viewer" "$gone" rl_wrongwrong; do
	not_contains "$T/s1.err" "$t"
done
bad=$(grep -Ev '^[A-Z]+ /[^ ]* [0-9]{3} [0-9]+us$' "$T/s1.err" | head -3)
[ -z "$bad" ] || fail "access-log lines not 'METHOD PATH STATUS TIMEus': $bad"

# SIGTERM with a request under way: the server stops accepting, answers
# it, then exits 0. The request's body comes from a FIFO, written only
# after the signal, so the request is surely under way when it arrives.
mkfifo slow.fifo
curl -s -o slow.json -w '%{http_code}' --max-time 30 -X POST -H "Authorization: Bearer $alice" \
	-H 'Content-Type: application/json' -T slow.fifo "$url/api/v1/runs" >slow.code &
client=$!
exec 3>slow.fifo
sleep 0.5
kill -TERM "$(cat "$T/s1.pid")"
sleep 0.5
kill -0 "$(cat "$T/s1.pid")" || fail "the server did not wait for the request under way"
code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$url/api/v1/health")
[ "$code" = 000 ] || fail "a stopping server accepted a new request (HTTP $code)"
printf '{"dry_run":true}' >&3
exec 3>&-
wait "$client"
equals "$(cat slow.code)" 200
equals "$(json 'j["dry_run"]' slow.json)" true
stop_server s1
equals "$server_status" 0
contains "$T/s1.err" "SIGTERM: stopping once the requests under way are answered"
ok journal verify
pass
