# Importing into a database that was never initialised fails (exit 1) with
# a message that says to run 'relance init', and creates nothing.
. "$(dirname "$0")/lib.sh"
printf '%s\n' \
	'customer_id,name,kind,country,language,email,phone,address' \
	'C1,Boulangerie Martin,business,FR,fr,,,' >customers.csv
expect_status 1 import customers customers.csv
equals "$(cat out)" ""
case "$DB" in
postgres*) contains err "relance init" ;;
*) equals "$(cat err)" "relance: '$DB' does not exist (create it with 'relance init')" ;;
esac
# Nothing was created: listing fails the same way, init then import works.
expect_status 1 customers
contains err "relance init"
ok init
ok import customers customers.csv
equals "$(cat out)" "customers: 1 row: 1 new, 0 updated, 0 unchanged"
pass
