# The API shows the ledger as the commands do (same keys, same values):
# the invoice listing with its filters and pages, one invoice, the
# balance. POST /api/v1/runs does the run, journaled with the token's name
# as actor; a second POST for the same date does nothing and says so.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/serve-lib.sh"
make_ledger
ok token create --name robot
tok=$(cat out)
start_server s1

# every invoice, in the commands' JSON shape, in their order
ok invoices --format json
cp out cli.json
expect_http 200 GET "$url/api/v1/invoices" "$tok"
cp "$T/body" api.json
equals "$(json 'j["total"]' api.json)" 5
equals "$(json 'j["invoices"]' api.json)" "$(json 'j' cli.json)"
for st in open overdue paid credit; do
	ok invoices --status "$st" --format json
	expect_http 200 GET "$url/api/v1/invoices?status=$st" "$tok"
	equals "$(json 'j["invoices"]')" "$(json 'j' out)"
done
ok invoices --customer C1 --date 2026-10-01 --format json
expect_http 200 GET "$url/api/v1/invoices?customer=C1&date=2026-10-01&status=all" "$tok"
equals "$(json 'j["invoices"]')" "$(json 'j' out)"
equals "$(json 'j["date"]')" 2026-10-01
# pages: limit and offset cut the same list; total counts every match
expect_http 200 GET "$url/api/v1/invoices?limit=2&offset=1" "$tok"
equals "$(json '[x["invoice_number"] for x in j["invoices"]]')" \
	"$(json '[x["invoice_number"] for x in j[1:3]]' cli.json)"
equals "$(json '[j["total"], j["limit"], j["offset"]]')" "[5, 2, 1]"
expect_http 200 GET "$url/api/v1/invoices?offset=10" "$tok"
equals "$(json 'j["invoices"]')" "[]"

# one invoice: what show prints, and its payments
for n in F1 F4 F5; do
	ok show "$n" --format json
	expect_http 200 GET "$url/api/v1/invoices/$n" "$tok"
	python3 - out "$T/body" <<'PY' || fail "show $n differs from the API"
import json, sys
cli = json.load(open(sys.argv[1]))
api = json.load(open(sys.argv[2]))
# show may print more (interest): the invoice's own fields must agree
keys = ["invoice_number", "customer_id", "customer_name", "type", "issue_date",
        "due_date", "currency", "amount", "paid", "balance", "days_late", "status",
        "prescription_date", "payments"]
for k in keys:
    assert api[k] == cli[k], (k, cli[k], api[k])
PY
done
expect_http 200 GET "$url/api/v1/invoices/F4" "$tok"
equals "$(json '[(p["payment_id"], p["amount"]) for p in j["payments"]]')" '[["P2", "2000.00"]]'

# the balance
ok balance --format json
expect_http 200 GET "$url/api/v1/balance" "$tok"
equals "$(json 'j["balances"]')" "$(json 'j' out)"

# a dry run through the API writes nothing
before=$(fingerprint)
expect_http 200 POST "$url/api/v1/runs" "$tok" '{"date":"2026-11-24","dry_run":true}'
equals "$(json '[j["dry_run"], j["steps"], j["run_id"]]')" '[true, 2, null]'
equals "$(fingerprint)" "$before"

# the run: the same steps as the command would do, journaled as api:robot
ok run --date 2026-11-24 --dry-run --format json
cp out dry.json
expect_http 200 POST "$url/api/v1/runs" "$tok" '{"date":"2026-11-24"}'
equals "$(json '[j["nothing_to_do"], j["steps"], j["communications"], j["evaluated"]]')" \
	'[false, 2, 2, 3]'
[ "$(json 'j["run_id"]')" != null ] || fail "no run id"
equals "$(json '[(i["invoice_number"], i["step"], i["channel"], i["balance"]) for i in j["items"]]')" \
	"$(json '[(i["invoice_number"], i["step"], i["channel"], i["balance"]) for i in j]' dry.json)"
ok journal export
equals "$(grep '"kind":"step"' out | grep -c '"actor":"api:robot"')" 2
equals "$(grep '"kind":"run"' out | grep -c '"actor":"api:robot"')" 1

# again, the same day: nothing done, said so, nothing written
before=$(fingerprint)
expect_http 200 POST "$url/api/v1/runs" "$tok" '{"date":"2026-11-24"}'
equals "$(json '[j["nothing_to_do"], j["steps"], j["run_id"], j["items"]]')" '[true, 0, null, []]'
equals "$(json 'j["steps_done_earlier_that_day"]')" 2
equals "$(fingerprint)" "$before"
ok run --date 2026-11-24
contains out "nothing to do"

# no date: the server's today (RELANCE_TODAY here)
expect_http 200 POST "$url/api/v1/runs" "$tok" ''
equals "$(json '[j["date"], j["nothing_to_do"]]')" '["2026-11-24", true]'
expect_http 200 GET "$url/api/v1/journal/verify" "$tok"
equals "$(json '[j["intact"], j["entries"]]')" '[true, 4]'
ok journal verify
contains out "journal verified: 4 entries"

# an invoice number with a slash, as French numbering often has, is
# reached percent-encoded; numbers are not paths
printf 'invoice_number,customer_id,issue_date,due_date,currency,amount\n2026/001,C1,2026-09-01,2026-10-01,EUR,10.00\n' >slash.csv
ok import invoices slash.csv
expect_http 200 GET "$url/api/v1/invoices/2026%2F001" "$tok"
equals "$(json '[j["invoice_number"], j["balance"]]')" '["2026/001", "10.00"]'
expect_http 404 GET "$url/api/v1/invoices/2026/001" "$tok"
stop_server s1
equals "$server_status" 0
pass
