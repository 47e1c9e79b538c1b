# With RELANCE_LOCALE=fr, tables show amounts as "1 200,00 €" (U+202F
# thousands separator, U+00A0 before €) and dates as DD/MM/YYYY; machine
# formats stay '.' and ISO.
. "$(dirname "$0")/lib.sh"
make_ledger
RELANCE_LOCALE=fr
export RELANCE_LOCALE
nnbsp=$(printf '\342\200\257')
nbsp=$(printf '\302\240')
eur=$(printf '\342\202\254')
ok show F1
contains out "issue_date:        01/09/2026"
contains out "due_date:          01/10/2026"
contains out "prescription_date: 01/10/2031"
equals "$(sed -n 's/^amount: *//p' out)" "1${nnbsp}200,00${nbsp}${eur}"
equals "$(sed -n 's/^balance: *//p' out)" "0,00${nbsp}${eur}"
ok balance
equals "$(sed -n 2p out)" "EUR       6${nnbsp}440,40${nbsp}${eur}  3${nnbsp}200,00${nbsp}${eur}   3${nnbsp}240,40${nbsp}${eur}  3${nnbsp}300,50${nbsp}${eur}"
ok invoices --status credit
equals "$(sed -n 2p out)" "F5              C3           credit_note  10/09/2026  10/10/2026  EUR       -150,00${nbsp}${eur}  0,00${nbsp}${eur}  -150,00${nbsp}${eur}          0  credit"
ok balance --format csv
equals "$(sed -n 2p out)" "EUR,6440.40,3200.00,3240.40,3300.50"
ok invoices --status credit --format json
contains out '"issue_date":"2026-09-10"'
contains out '"amount":"-150.00"'
pass
