#!/bin/sh
# Runs a command with a throwaway PostgreSQL cluster started for it
# (tests/pg.sh) and stopped afterwards, whatever the command's outcome.
#   sh tests/with-pg.sh COMMAND [ARGS...]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
# A cluster of its own, so that two test runs on one machine never meet.
RELANCE_PGROOT=${RELANCE_PGROOT:-/tmp/relance-pg.$$}
export RELANCE_PGROOT
env_lines=$(sh "$here/pg.sh" start)
eval "$env_lines"
trap 'sh "$here/pg.sh" stop' EXIT INT TERM
set +e
"$@"
rc=$?
exit "$rc"
