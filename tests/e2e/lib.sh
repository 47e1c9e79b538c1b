# Helpers for the end-to-end scenarios: each test is a sh script that sources
# this file, drives the real relance binary ($RELANCE_BIN) against a fresh
# database ($DB, a path or URI chosen by run.sh for the backend under test)
# in its own scratch directory ($T), and calls `pass` at the end.
set -u

: "${RELANCE_BIN:?RELANCE_BIN must name the relance binary}"
: "${T:?T must name the test's scratch directory}"
: "${DB:?DB must name the test database}"
export RELANCE_DB="$DB"
export RELANCE_TODAY="${RELANCE_TODAY:-2026-11-24}"
export RELANCE_LOCALE="${RELANCE_LOCALE:-C}"
cd "$T" || exit 1

TEST_NAME=$(basename "$0" .sh)

fail() {
	printf 'FAIL %s: %s\n' "$TEST_NAME" "$*" >&2
	exit 1
}

pass() {
	exit 0
}

# relance ARGS...: runs the binary; stdout in $T/out, stderr in $T/err,
# exit status in $status. Never fails by itself.
relance() {
	"$RELANCE_BIN" "$@" >"$T/out" 2>"$T/err"
	status=$?
	return 0
}

# ok ARGS...: runs relance and fails the test unless it exits 0.
ok() {
	relance "$@"
	[ "$status" -eq 0 ] || fail "relance $* exited $status: $(cat "$T/err")"
}

# expect_status N ARGS...: runs relance and fails unless it exits N.
expect_status() {
	want=$1
	shift
	relance "$@"
	[ "$status" -eq "$want" ] ||
		fail "relance $* exited $status, expected $want; stderr: $(cat "$T/err")"
}

# contains FILE TEXT: fails unless FILE contains TEXT (fixed string).
contains() {
	grep -qF -- "$2" "$1" || fail "$1 does not contain '$2'; it has: $(head -c 2000 "$1")"
}

not_contains() {
	if grep -qF -- "$2" "$1"; then fail "$1 contains '$2'"; fi
}

# equals A B: fails unless the two strings are equal.
equals() {
	[ "$1" = "$2" ] || fail "expected '$2', got '$1'"
}

# csv_value FILE KEYCOL KEY COL: the value of column COL in the row of FILE
# whose column KEYCOL equals KEY (simple CSV: no quoted commas in those rows).
csv_value() {
	awk -F, -v kc="$2" -v k="$3" -v c="$4" '
		NR == 1 { for (i = 1; i <= NF; i++) h[$i] = i; next }
		$h[kc] == k { print $h[c]; exit }' "$1"
}

# fingerprint: a digest of everything the database holds, to prove that a
# failed command changed nothing.
fingerprint() {
	case "$DB" in
	# Sequences are left out: PostgreSQL consumes their values even in
	# transactions that roll back, which changes no data.
	postgres*) pg_dump --data-only --no-owner --exclude-table-data='*_seq' "$DB" |
		grep -v -e '^--' -e 'setval' -e '^.restrict' -e '^.unrestrict' | sha256sum ;;
	*) sha256sum <"$DB" ;;
	esac
}

# picked: the "INVOICE:STEP" pairs of the last `run --format csv`, in order.
picked() {
	awk -F, 'NR > 1 { printf "%s%s:%s", s, $7, $4; s = " " }' "$T/out"
}

# one_customer_file: customers.csv with the one business customer C1.
one_customer_file() {
	cat >customers.csv <<'CSV'
customer_id,name,kind,country,language,email,phone,address
C1,Boulangerie Martin,business,FR,fr,compta@martin.fr,,1 rue Haute
CSV
}

# A small ledger used by many tests: three customers, invoices in each state.
make_ledger() {
	ok init --name "Test SARL"
	cat >"$T/customers.csv" <<'CSV'
customer_id,name,kind,country,language,email,phone,address
C1,Boulangerie Martin,business,FR,fr,compta@martin.fr,+33 1 00 00 00 01,"1 rue Haute, 75001 Paris"
C2,Camille Durand,consumer,FR,fr,camille@example.fr,,"2 rue Basse, 69001 Lyon"
C3,Müller GmbH,business,DE,de,ap@mueller.de,,"Hauptstraße 3, 10115 Berlin"
CSV
	cat >"$T/invoices.csv" <<'CSV'
invoice_number,customer_id,issue_date,due_date,currency,amount
F1,C1,2026-09-01,2026-10-01,EUR,1200.00
F2,C1,2026-10-15,2026-11-14,EUR,300.50
F3,C2,2026-11-01,2026-12-01,EUR,89.90
F4,C3,2026-08-01,2026-08-31,EUR,5000.00
F5,C3,2026-09-10,2026-10-10,EUR,-150.00
CSV
	cat >"$T/payments.csv" <<'CSV'
payment_id,paid_date,amount,currency,customer_id,invoice_number,reference
P1,2026-10-20,1200.00,EUR,C1,F1,VIR F1
P2,2026-11-10,2000.00,EUR,C3,F4,VIR F4 partiel
CSV
	ok import customers "$T/customers.csv"
	ok import invoices "$T/invoices.csv"
	ok import payments "$T/payments.csv"
}
