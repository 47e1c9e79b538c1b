# A changed row is updated in place and reported on stderr with what
# changed; unchanged rows stay as they were.
. "$(dirname "$0")/lib.sh"
make_ledger
sed -e 's/^F2,C1,2026-10-15,2026-11-14,EUR,300.50$/F2,C1,2026-10-15,2026-11-14,EUR,350.00/' \
	-e 's/^F3,C2,2026-11-01,2026-12-01,/F3,C2,2026-11-01,2026-12-15,/' invoices.csv >changed.csv
ok import invoices changed.csv
equals "$(cat out)" "invoices: 5 rows: 0 new, 2 updated, 3 unchanged"
equals "$(cat err)" "relance: changed.csv:3: invoice 'F2' updated: amount '300.50' -> '350.00'
relance: changed.csv:4: invoice 'F3' updated: due_date '2026-12-01' -> '2026-12-15'"
ok invoices --format csv
equals "$(csv_value out invoice_number F2 amount)" 350.00
equals "$(csv_value out invoice_number F2 balance)" 350.00
equals "$(csv_value out invoice_number F3 due_date)" 2026-12-15
equals "$(csv_value out invoice_number F1 amount)" 1200.00
# -q keeps the summary but not the list of updates.
ok import invoices invoices.csv -q
equals "$(cat out)" "invoices: 5 rows: 0 new, 2 updated, 3 unchanged"
equals "$(cat err)" ""
pass
