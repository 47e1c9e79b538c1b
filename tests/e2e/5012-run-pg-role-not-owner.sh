# On PostgreSQL, relance run as a role that may write the tables but does
# not own them (nor may set session_replication_role): the run's batches
# check their references through the foreign keys, and the commit does not
# analyze tables it may not analyze (PostgreSQL would print a warning for
# each on every large run). SQLite has no roles: nothing to test.
. "$(dirname "$0")/lib.sh"
case "$RELANCE_BACKEND" in postgresql) ;; *) pass ;; esac
ok init --name "Test SARL"
ok gen --out gen --customers 300 --invoices 3000 --asof 2026-11-01
for k in customers invoices payments; do
	ok import "$k" "gen/$k.csv"
done
role=rl_writer_$$
psql -q -v ON_ERROR_STOP=1 "$DB" >/dev/null 2>&1 <<SQL || fail "cannot create role $role"
CREATE ROLE $role LOGIN;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO $role;
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO $role;
GRANT TEMPORARY ON DATABASE $(psql -At "$DB" -c 'SELECT current_database()') TO $role;
SQL
export RELANCE_DB=$(echo "$DB" | sed "s/user=[^&]*/user=$role/")
ok run --date 2026-11-24
contains out " steps in "
equals "$(grep -v '^skipped: ' err)" ""
steps=$(tail -n 1 out | sed 's/.*, \([0-9]*\) steps in.*/\1/')
[ "$steps" -ge 1000 ] || fail "only $steps steps: too few to analyze"
ok journal verify
contains out "journal verified: $((steps + 1)) entries, chain intact"
pass
