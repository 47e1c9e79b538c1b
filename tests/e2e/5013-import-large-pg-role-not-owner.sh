# On PostgreSQL, a large import (the bulk path that would drop and rebuild
# the secondary indexes) by a role that may write the tables but does not
# own them: the indexes stay (only their owner may drop them) and the
# import succeeds. SQLite has no roles: nothing to test.
. "$(dirname "$0")/lib.sh"
case "$RELANCE_BACKEND" in postgresql) ;; *) pass ;; esac
ok init --name "Test SARL"
ok gen --out g --customers 500 --invoices 100500 --seed 5 --asof 2026-11-24
ok import customers g/customers.csv
role=rl_loader_$$
psql -q -v ON_ERROR_STOP=1 "$DB" >/dev/null 2>&1 <<SQL || fail "cannot create role $role"
CREATE ROLE $role LOGIN;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO $role;
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO $role;
SQL
indexes=$(psql -At "$DB" -c "SELECT count(*) FROM pg_indexes WHERE tablename = 'invoice'")
RELANCE_DB=$(echo "$DB" | sed "s/user=[^&]*/user=$role/")
export RELANCE_DB
ok import invoices g/invoices.csv
contains out "100500 new"
equals "$(grep -v -e '^import' -e 'rows/s' err)" ""
equals "$(psql -At "$DB" -c "SELECT count(*) FROM pg_indexes WHERE tablename = 'invoice'")" \
	"$indexes"
ok balance --format csv
pass
