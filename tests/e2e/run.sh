#!/bin/sh
# Runs every tests/e2e/NNNN-*.sh against each backend in RELANCE_BACKENDS
# (default: sqlite, plus postgresql when PGHOST is set by tests/pg.sh), each
# test in its own scratch directory and database. Prints one line per test
# and a closing "N passed, N failed" line; exits 1 if any failed.
set -u
here=$(cd "$(dirname "$0")" && pwd)
: "${RELANCE_BIN:?RELANCE_BIN must name the relance binary}"
backends=${RELANCE_BACKENDS:-sqlite}
filter=${1:-}
pass=0
failed=0
failures=""
scratch=$(mktemp -d /tmp/relance-e2e.XXXXXX)
for backend in $backends; do
	for t in "$here"/[0-9][0-9][0-9][0-9]-*.sh; do
		name=$(basename "$t" .sh)
		case "$name" in *"$filter"*) ;; *) continue ;; esac
		T="$scratch/$backend-$name"
		mkdir -p "$T"
		case "$backend" in
		sqlite) DB="$T/test.db" ;;
		postgresql)
			dbname="t_$(echo "$name" | tr -c 'a-z0-9\n' '_')"
			psql -q -c "DROP DATABASE IF EXISTS $dbname" -c "CREATE DATABASE $dbname" \
				>/dev/null 2>&1
			DB="postgresql:///$dbname?host=$PGHOST&port=$PGPORT&user=$PGUSER"
			;;
		esac
		if T="$T" DB="$DB" RELANCE_BACKEND="$backend" sh "$t" >"$T/log" 2>&1; then
			pass=$((pass + 1))
			echo "ok   $backend $name"
		else
			failed=$((failed + 1))
			failures="$failures $backend/$name"
			echo "FAIL $backend $name"
			sed 's/^/     /' "$T/log" | tail -n 20
		fi
	done
done
echo "e2e: $pass passed, $failed failed"
if [ "$failed" -eq 0 ]; then
	rm -rf "$scratch"
	exit 0
fi
echo "failed:$failures (scratch kept in $scratch)"
exit 1
