# invoices --status open|overdue|paid|credit lists exactly the invoices in
# that state today, in due-date order; a bad status is a usage error.
. "$(dirname "$0")/lib.sh"
make_ledger
numbers() { awk -F, 'NR > 1 { printf "%s%s", sep, $1; sep = " " }' out; }
ok invoices --status open --format csv
equals "$(numbers)" "F3"
ok invoices --status overdue --format csv
equals "$(numbers)" "F4 F2"
ok invoices --status paid --format csv
equals "$(numbers)" "F1"
ok invoices --status credit --format csv
equals "$(numbers)" "F5"
ok invoices --format csv
equals "$(numbers)" "F4 F1 F5 F2 F3"
ok invoices --status overdue
equals "$(cat out)" "invoice_number  customer_id  type     issue_date  due_date    currency   amount     paid  balance  days_late  status
F4              C3           invoice  2026-08-01  2026-08-31  EUR       5000.00  2000.00  3000.00         85  overdue
F2              C1           invoice  2026-10-15  2026-11-14  EUR        300.50     0.00   300.50         10  overdue"
expect_status 2 invoices --status late
equals "$(cat err)" "relance invoices: --status: 'late' is not open, overdue, paid or credit
run 'relance invoices --help' for usage"
pass
