# `relance help COMMAND` prints the same text as COMMAND --help; `relance
# help` lists the commands; help of an unknown command is a usage error.
. "$(dirname "$0")/lib.sh"
for cmd in init import customers invoices show balance gen demo help; do
	ok "$cmd" --help
	cp out want
	ok help "$cmd"
	cmp -s out want || fail "relance help $cmd differs from $cmd --help"
done
ok help import
equals "$(head -n 1 out)" "usage: relance import customers|invoices|payments FILE... [OPTIONS]"
contains out "  --skip-bad REJECTS.csv"
ok help
cp out main-help
ok --help
cmp -s out main-help || fail "relance help differs from relance --help"
expect_status 2 help frobnicate
equals "$(cat err)" "relance help: 'frobnicate' is not a relance command
run 'relance help --help' for usage"
equals "$(cat out)" ""
pass
