# gen writes the three canonical CSV files; the same options give byte-for-
# byte the same files, another seed gives different ones.
. "$(dirname "$0")/lib.sh"
ok gen --out a --customers 30 --invoices 300 --seed 42 --asof 2026-11-24
equals "$(cat out)" "wrote a/customers.csv, invoices.csv, payments.csv (30 customers, 300 invoices)"
ok gen --out b --customers 30 --invoices 300 --seed 42 --asof 2026-11-24
ok gen --out c --customers 30 --invoices 300 --seed 43 --asof 2026-11-24
for f in customers invoices payments; do
	cmp -s "a/$f.csv" "b/$f.csv" || fail "seed 42 twice: $f.csv differs"
	if cmp -s "a/$f.csv" "c/$f.csv"; then fail "seeds 42 and 43: same $f.csv"; fi
done
equals "$(head -n 1 a/customers.csv)" "customer_id,name,kind,country,language,email,phone,address"
equals "$(head -n 1 a/invoices.csv)" "invoice_number,customer_id,issue_date,due_date,currency,amount,type"
equals "$(head -n 1 a/payments.csv)" "payment_id,paid_date,amount,currency,customer_id,invoice_number,reference"
equals "$(($(wc -l <a/customers.csv) - 1))" 30
equals "$(($(wc -l <a/invoices.csv) - 1))" 300
# The as-of date is part of the input: another date, other files.
ok gen --out d --customers 30 --invoices 300 --seed 42 --asof 2026-06-30
if cmp -s a/invoices.csv d/invoices.csv; then fail "--asof does not change invoices.csv"; fi
# The same run under another locale and today is still the same.
RELANCE_LOCALE=fr RELANCE_TODAY=2030-01-01 "$RELANCE_BIN" gen --out e --customers 30 \
	--invoices 300 --seed 42 --asof 2026-11-24 >/dev/null 2>&1 || fail "gen into e failed"
for f in customers invoices payments; do
	cmp -s "a/$f.csv" "e/$f.csv" || fail "locale or today changed $f.csv"
done
pass
