# With many bad rows, the first 20 are listed, then "... and N more bad
# rows", then the count; exit 1 and nothing is imported.
. "$(dirname "$0")/lib.sh"
make_ledger
{
	echo 'invoice_number,customer_id,issue_date,due_date,currency,amount'
	echo 'G0,C1,2026-09-01,2026-10-01,EUR,10.00'
	i=1
	while [ "$i" -le 25 ]; do
		echo "G$i,C1,2026-09-01,2026-10-01,EUR,x$i"
		i=$((i + 1))
	done
	echo 'G26,C1,2026-09-01,2026-10-01,EUR,26.00'
} >bad.csv
expected=$(
	i=1
	while [ "$i" -le 20 ]; do
		echo "relance: bad.csv:$((i + 2)): amount: 'x$i' is not an amount: unexpected 'x'"
		i=$((i + 1))
	done
	echo "relance: ... and 5 more bad rows"
	echo "relance: 25 bad rows: nothing was imported"
)
before=$(fingerprint)
expect_status 1 import invoices bad.csv
equals "$(cat err)" "$expected"
equals "$(cat out)" ""
equals "$(fingerprint)" "$before"
expect_status 1 show G0
expect_status 1 show G26
pass
