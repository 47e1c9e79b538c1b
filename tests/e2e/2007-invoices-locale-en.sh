# With RELANCE_LOCALE=en, tables show amounts as "€1,200.00" (sign before
# the symbol) and ISO dates.
. "$(dirname "$0")/lib.sh"
make_ledger
RELANCE_LOCALE=en
export RELANCE_LOCALE
eur=$(printf '\342\202\254')
ok show F1
contains out "issue_date:        2026-09-01"
contains out "prescription_date: 2031-10-01"
equals "$(sed -n 's/^amount: *//p' out)" "${eur}1,200.00"
ok balance
equals "$(sed -n 2p out)" "EUR       ${eur}6,440.40  ${eur}3,200.00    ${eur}3,240.40  ${eur}3,300.50"
ok invoices --status credit
equals "$(sed -n 2p out)" "F5              C3           credit_note  2026-09-10  2026-10-10  EUR       -${eur}150.00  ${eur}0.00  -${eur}150.00          0  credit"
ok balance --format csv
equals "$(sed -n 2p out)" "EUR,6440.40,3200.00,3240.40,3300.50"
pass
