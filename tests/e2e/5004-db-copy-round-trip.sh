# relance db copy moves a ledger to the other backend and back: invoices,
# balance, journal and case history come out the same; a target that holds a
# ledger is refused unless --force; the copy goes on living (new rows get
# new ids). Needs a PostgreSQL server (PGHOST, as tests/with-pg.sh sets).
. "$(dirname "$0")/lib.sh"
[ -n "${PGHOST:-}" ] || { echo "skipped: no PostgreSQL server (PGHOST)"; pass; }
pgdb() { # a fresh PostgreSQL database named t_5004_$1, as a URI
	psql -q -d postgres -c "DROP DATABASE IF EXISTS t_5004_$1" -c "CREATE DATABASE t_5004_$1" \
		>/dev/null 2>&1 || fail "cannot create database t_5004_$1"
	echo "postgresql:///t_5004_$1?host=$PGHOST&port=$PGPORT&user=${PGUSER:-postgres}"
}
case "$DB" in
postgres*) other=copy.db back=$(pgdb back) ;;
*) other=$(pgdb "$(basename "$T" | tr -c 'a-z0-9\n' _)") back=back.db ;;
esac
ok init --name "Test SARL"
ok gen --out g --customers 60 --invoices 600 --seed 5 --asof 2026-11-24
for k in customers invoices payments; do
	ok import "$k" "g/$k.csv"
done
ok run --date 2026-11-20
ok invoices --status overdue --format csv
inv=$(awk -F, 'NR == 2 { print $1 }' out)
inv2=$(awk -F, 'NR == 3 { print $1 }' out)
cust=$(csv_value out invoice_number "$inv2" customer_id)
ok dispute "$inv" --reason not_received --note "pas reçu"
# Every kind of record travels: a payment plan, a waiver, a formal notice,
# an imported rate, an API token.
ok plan create --customer "$cust" --instalments 3 --every 30 --invoices "$inv2"
ok waive "$inv" --indemnity --reason "geste commercial"
ok notice "$inv2" --date 2026-11-21
cat >ecb.csv <<'CSV'
# known_through: 2027-03-31
effective_date,rate_percent,source
2026-12-16,2.90,test: a decision of December 2026
CSV
ok rates import ecb.csv
ok token create --name robot --role viewer
snapshot() { # $1: ledger; prints what must survive the trip
	for args in "invoices --format csv" "balance --format csv" "customers --format csv" \
		"journal export" "history $inv" "history $inv2" "plan list --format csv" \
		"rates show --format csv" "token list --format csv" \
		"interest --all --date 2026-11-24 --format csv"; do
		# shellcheck disable=SC2086
		"$RELANCE_BIN" --db "$1" $args || echo "failed: $args"
	done
}
snapshot "$DB" >before.txt
ok db copy --from "$DB" --to "$other"
contains out "checked: rows of"
contains out "balances and journals of 1 creditor: the same"
ok db copy --from "$other" --to "$back"
snapshot "$other" >other.txt
snapshot "$back" >back.txt
cmp -s before.txt other.txt || fail "the copy differs: $(diff before.txt other.txt | head -5)"
cmp -s before.txt back.txt || fail "the copy back differs: $(diff before.txt back.txt | head -5)"
grep -q "^failed" before.txt && fail "$(grep '^failed' before.txt)"
# Refused without --force, nothing changed; replaced with it.
expect_status 1 db copy --from "$DB" --to "$back"
contains err "already holds a ledger (--force replaces it)"
ok db copy --from "$DB" --to "$back" --force
# The copies go on: new rows after the copied ids.
printf 'customer_id,name\nCNEW,Nouveau client\n' >c.csv
printf 'invoice_number,customer_id,issue_date,due_date,currency,amount\nNEW-1,CNEW,2026-11-02,2026-12-02,EUR,10.00\n' >i.csv
for d in "$other" "$back"; do
	"$RELANCE_BIN" --db "$d" import customers c.csv >/dev/null || fail "$d: cannot add a customer"
	"$RELANCE_BIN" --db "$d" import invoices i.csv >/dev/null || fail "$d: cannot add an invoice"
	"$RELANCE_BIN" --db "$d" run --date 2026-11-24 >/dev/null || fail "$d: cannot run"
	"$RELANCE_BIN" --db "$d" journal verify >/dev/null || fail "$d: the journal is broken"
done
pass
