#!/bin/sh
# Runs each cmocka unit-test binary given; fails if any fails. cmocka prints
# its own closing lines per binary; the last line adds them all up.
set -u
pass=0
fail=0
for t in "$@"; do
	out=$("$t" 2>&1)
	rc=$?
	printf '%s\n' "$out" | grep -vE '^\[ (RUN|      OK) '
	p=$(printf '%s\n' "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p')
	f=$(printf '%s\n' "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p')
	pass=$((pass + ${p:-0}))
	fail=$((fail + ${f:-0}))
	if [ "$rc" -ne 0 ] && [ -z "$f" ]; then
		fail=$((fail + 1))
		echo "FAILED: $t exited $rc"
	fi
done
echo "unit: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
