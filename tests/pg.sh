#!/bin/sh
# Starts or stops the throwaway PostgreSQL 15 cluster the tests use: a Unix
# socket in /tmp/relance-pg, no TCP listener, durability off (test data).
#   sh tests/pg.sh start   prints the environment to export (eval it)
#   sh tests/pg.sh stop
# As root the server runs as the 'postgres' user (created if missing).
set -eu
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
PGROOT=${RELANCE_PGROOT:-/tmp/relance-pg}
PGPORT=${RELANCE_PGPORT:-54329}
as_pg() {
	if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
case "${1:-}" in
start)
	[ -x "$PGBIN/initdb" ] || { echo "pg.sh: $PGBIN/initdb not found (make deps installs postgresql-15)" >&2; exit 1; }
	if [ "$(id -u)" -eq 0 ]; then
		id postgres >/dev/null 2>&1 ||
			useradd --system --home-dir /nonexistent --shell /usr/sbin/nologin postgres
	fi
	cd /tmp
	if [ -f "$PGROOT/data/postmaster.pid" ]; then
		as_pg "$PGBIN/pg_ctl" -D "$PGROOT/data" -m immediate -w stop >/dev/null 2>&1 || true
	fi
	rm -rf "$PGROOT"
	mkdir -p "$PGROOT"
	chmod 0700 "$PGROOT"
	[ "$(id -u)" -eq 0 ] && chown postgres:postgres "$PGROOT"
	as_pg "$PGBIN/initdb" -D "$PGROOT/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
	as_pg "$PGBIN/pg_ctl" -D "$PGROOT/data" -l "$PGROOT/server.log" -w -t 30 \
		-o "-p $PGPORT -k $PGROOT -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
		start >/dev/null
	chmod 0755 "$PGROOT"
	echo "export PGHOST=$PGROOT PGPORT=$PGPORT PGUSER=postgres PGDATABASE=postgres"
	;;
stop)
	cd /tmp
	if [ -f "$PGROOT/data/postmaster.pid" ]; then
		as_pg "$PGBIN/pg_ctl" -D "$PGROOT/data" -m fast -w stop >/dev/null
	fi
	rm -rf "$PGROOT"
	;;
*)
	echo "usage: sh tests/pg.sh start|stop" >&2
	exit 2
	;;
esac
