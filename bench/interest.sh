#!/bin/sh
# Interest benchmark: times the core computation (rl_interest_compute) over
# synthetic invoices with 0-3 partial payments each, against the shipped rules
# and rate tables in data/. Figures, not assertions; the issue asks for at
# least 1M invoices/s. Usage: bench/interest.sh [INVOICES] (default 1000000)
# Built by `make bench-interest` with the Makefile's flags, that is:
#   $(CC) $(CFLAGS_ALL) -o build/bench/interest bench/interest.c build/librelance.a $(LDLIBS_ALL)
set -eu
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
N=${1:-1000000}
make -s "$BUILD/bench/interest"
echo "($(nproc) cores; one thread; $(uname -m))"
"$BUILD/bench/interest" "$N" data
