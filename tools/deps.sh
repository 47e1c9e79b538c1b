#!/bin/sh
# Installs the Debian packages relance needs to build and test, if missing
# (`deps.sh build`: only those needed to build and run). Idempotent. As root it runs apt-get (update first: a fresh machine has no
# package lists); otherwise it prints the exact command and stops.
set -eu
BUILD="gcc make pkg-config libsqlite3-dev libjansson-dev libpq-dev libsodium-dev libinih-dev libmicrohttpd-dev"
TEST="libcmocka-dev sqlite3 time clang-format clang libclang-rt-14-dev postgresql-15 postgresql-client-15 git ca-certificates curl"
want="$BUILD $TEST"
[ "${1:-}" = build ] && want="$BUILD"
missing=""
for p in $want; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0
cmd="apt-get install -y --no-install-recommends$missing"
if [ "$(id -u)" -ne 0 ]; then
	echo "relance needs these Debian packages:$missing" >&2
	echo "run as root:  apt-get update && DEBIAN_FRONTEND=noninteractive $cmd" >&2
	exit 1
fi
echo "installing:$missing"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive $cmd
