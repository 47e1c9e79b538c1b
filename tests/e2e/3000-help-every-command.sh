# COMMAND --help (and -h) on every command prints its usage on stdout,
# starting with "usage:", and exits 0, without needing a database.
. "$(dirname "$0")/lib.sh"
for cmd in init import customers invoices show balance gen demo help; do
	ok "$cmd" --help
	equals "$(head -n 1 out | cut -c 1-15)" "usage: relance "
	contains out "$cmd"
	equals "$(cat err)" ""
	cp out "help-$cmd"
	ok "$cmd" -h
	cmp -s out "help-$cmd" || fail "$cmd -h differs from $cmd --help"
done
# --help wins over anything else on the line, even bad options.
ok invoices --status nope --help
cmp -s out help-invoices || fail "invoices --status nope --help is not the usage"
# No database was created by any of this.
expect_status 1 customers
contains err "relance init"
ok --help
equals "$(head -n 1 out)" "usage: relance [--db PATH|URI] [--creditor CODE] COMMAND [ARGS]"
for cmd in init import customers invoices show balance gen demo help; do
	grep -q "^  $cmd " out || fail "relance --help does not list $cmd"
done
pass
