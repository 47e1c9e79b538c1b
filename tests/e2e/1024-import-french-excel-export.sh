# A French Excel export (UTF-8 BOM, ';' separator, CRLF, DD/MM/YYYY dates,
# decimal comma with a space or no-break space as thousands separator)
# imports with exact amounts and dates.
. "$(dirname "$0")/lib.sh"
make_ledger
{
	printf '\357\273\277invoice_number;customer_id;issue_date;due_date;currency;amount\r\n'
	printf 'X1;C1;01/09/2026;01/10/2026;EUR;1 234,56\r\n'
	printf 'X2;C2;15/10/2026;14/11/2026;EUR;"12\302\240345,00"\r\n'
	printf 'X3;C3;02/11/2026;02/12/2026;EUR;-10,50\r\n'
	printf 'X4;C3;03/11/2026;03/12/2026;EUR;7,5\r\n'
} >export.csv
ok import invoices export.csv --decimal-comma
equals "$(cat out)" "invoices: 4 rows: 4 new, 0 updated, 0 unchanged"
equals "$(cat err)" ""
ok invoices --format csv
contains out "X1,C1,invoice,2026-09-01,2026-10-01,EUR,1234.56,0.00,1234.56,54,overdue"
contains out "X2,C2,invoice,2026-10-15,2026-11-14,EUR,12345.00,0.00,12345.00,10,overdue"
contains out "X3,C3,credit_note,2026-11-02,2026-12-02,EUR,-10.50,0.00,-10.50,0,credit"
contains out "X4,C3,invoice,2026-11-03,2026-12-03,EUR,7.50,0.00,7.50,0,open"
# The first header field is 'invoice_number', not BOM + 'invoice_number':
# importing the file again finds every row unchanged.
ok import invoices export.csv --decimal-comma
equals "$(cat out)" "invoices: 4 rows: 0 new, 0 updated, 4 unchanged"
pass
