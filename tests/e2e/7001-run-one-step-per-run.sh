# An invoice found 90 days late starts at the first overdue step, not at
# the formal notice; later runs advance it one step at a time, each at
# least 7 days (fr-standard's gap) after the one before, to the hand-off.
. "$(dirname "$0")/lib.sh"
ok init --name "Test SARL"
one_customer_file
cat >invoices.csv <<'CSV'
invoice_number,customer_id,issue_date,due_date,currency,amount
F1,C1,2026-07-27,2026-08-26,EUR,1000.00
CSV
ok import customers customers.csv
ok import invoices invoices.csv

ok run --date 2026-11-24 --format csv
equals "$(picked)" "F1:2"
equals "$(csv_value out invoice_number F1 step_name)" "first reminder"
equals "$(csv_value out invoice_number F1 days_late)" 90
equals "$(csv_value out invoice_number F1 channel)" email

# date: step (or nothing) expected that day
for want in 2026-11-27: 2026-11-30: 2026-12-01:F1:3 2026-12-02: 2026-12-08:F1:4 \
	2026-12-14: 2026-12-15:F1:5 2026-12-22:F1:6 2026-12-29:F1:7 2027-01-05: 2027-06-01:; do
	d=${want%%:*}
	ok run --date "$d" --format csv
	[ "$(picked)" = "${want#*:}" ] || fail "run $d: got '$(picked)', expected '${want#*:}'"
done
ok run --date 2026-12-08 --format csv
# (a date already run: nothing)
equals "$(picked)" ""

# Each step once, in order, with its channel.
ok journal export --invoice F1
equals "$(sed -n 's/.*"channel":"\([a-z_]*\)".*"run_date":"\([0-9-]*\)","step":\([0-9]\).*/\2 \3 \1/p' out | tr '\n' ';')" \
	"2026-11-24 2 email;2026-12-01 3 email;2026-12-08 4 registered_letter;2026-12-15 5 phone;2026-12-22 6 formal_notice;2026-12-29 7 handoff;"
pass
