# --date-format reads other date layouts (MM/DD/YYYY, YYYYMMDD) and
# --currency supplies the currency of a file without a currency column;
# amounts must fit the currency's exponent (JPY has none).
. "$(dirname "$0")/lib.sh"
make_ledger
printf '%s\n' \
	'invoice_number,customer_id,issue_date,due_date,amount' \
	'U1,C1,09/01/2026,10/01/2026,1500' >us.csv
ok import invoices us.csv --date-format MM/DD/YYYY --currency JPY
ok show U1 --format csv
equals "$(sed -n 2p out)" "U1,C1,Boulangerie Martin,invoice,2026-09-01,2026-10-01,JPY,1500,0,1500,54,overdue,2031-10-01,fr-b2b,28,40.00,,28,,"
printf '%s\n' \
	'invoice_number,customer_id,issue_date,due_date,amount' \
	'U2,C2,20261101,20261201,12.34' >compact.csv
ok import invoices compact.csv --date-format YYYYMMDD
ok show U2 --format csv
equals "$(sed -n 2p out)" "U2,C2,Camille Durand,invoice,2026-11-01,2026-12-01,EUR,12.34,0.00,12.34,0,open,2028-12-01,fr-b2c,0.00,0.00,,0.00,,"
# The stated format is the only one accepted.
before=$(fingerprint)
expect_status 1 import invoices compact.csv --date-format DD/MM/YYYY
equals "$(cat err)" "relance: compact.csv:2: issue_date: '20261101' does not match DD/MM/YYYY
relance: 1 bad row: nothing was imported"
printf '%s\n' \
	'invoice_number,customer_id,issue_date,due_date,amount' \
	'U3,C1,2026-09-01,2026-10-01,100.50' >yen.csv
expect_status 1 import invoices yen.csv --currency JPY
equals "$(cat err)" "relance: yen.csv:2: amount: '100.50' has 2 decimals, the currency allows 0
relance: 1 bad row: nothing was imported"
equals "$(fingerprint)" "$before"
expect_status 2 import invoices yen.csv --currency EUX
equals "$(cat err)" "relance import: --currency: 'EUX' is not an ISO 4217 code
run 'relance import --help' for usage"
pass
