# --map COLUMN=HEADER reads canonical columns from a file with French
# headers (accents and spaces included); unused columns are noted.
. "$(dirname "$0")/lib.sh"
make_ledger
printf '%s\n' \
	'Numéro;Client;Date;Échéance;Devise;Montant TTC;Commentaire' \
	'Y1;C1;2026-09-01;2026-10-01;EUR;100,00;urgent' \
	'Y2;C2;2026-11-02;2026-12-02;EUR;250,40;' >factures.csv
ok import invoices factures.csv --decimal-comma --map invoice_number=Numéro \
	--map customer_id=Client --map issue_date=Date --map due_date=Échéance \
	--map currency=Devise --map "amount=Montant TTC"
equals "$(cat out)" "invoices: 2 rows: 2 new, 0 updated, 0 unchanged"
equals "$(cat err)" "relance: factures.csv:1: column 'Commentaire' is not used"
ok invoices --format csv
contains out "Y1,C1,invoice,2026-09-01,2026-10-01,EUR,100.00,0.00,100.00,54,overdue"
contains out "Y2,C2,invoice,2026-11-02,2026-12-02,EUR,250.40,0.00,250.40,0,open"
# Without the mapping the first required column is missing.
before=$(fingerprint)
expect_status 1 import invoices factures.csv --decimal-comma --map customer_id=Client
equals "$(cat err)" "relance: factures.csv:1: invoice_number: missing column 'invoice_number' (the header must name the columns invoice_number,customer_id,issue_date,due_date,currency,amount)"
equals "$(fingerprint)" "$before"
# A malformed --map is a usage error.
expect_status 2 import invoices factures.csv --map due_date
equals "$(cat err)" "relance import: --map: 'due_date' is not COLUMN=HEADER
run 'relance import --help' for usage"
pass
