# relance plan refuses what it cannot do and writes nothing: usage errors
# (exit 2) before the ledger is opened; with the ledger, an unknown
# customer or invoice, another customer's invoice, an invoice already in an
# open plan, paid, a credit note, disputed or handed off, a total too small
# for the instalments, two currencies (exit 1). With no --invoices the
# invoices that cannot be covered are left out, named on stderr.
. "$(dirname "$0")/lib.sh"
ok init --name "Test SARL"
cat >customers.csv <<'CSV'
customer_id,name,kind,country,language,email,phone,address
C1,Boulangerie Martin,business,FR,fr,compta@martin.fr,,1 rue Haute
C2,Camille Durand,consumer,FR,fr,camille@example.fr,,2 rue Basse
C3,Müller GmbH,business,DE,de,ap@mueller.de,,Berlin
CSV
cat >invoices.csv <<'CSV'
invoice_number,customer_id,issue_date,due_date,currency,amount
F1,C1,2026-09-01,2026-10-01,EUR,100.00
F2,C1,2026-09-01,2026-10-01,EUR,0.02
F3,C2,2026-09-01,2026-10-01,EUR,50.00
F4,C1,2026-09-01,2026-10-01,EUR,40.00
F5,C1,2026-09-01,2026-10-01,EUR,-10.00
F6,C1,2026-09-01,2026-10-01,GBP,20.00
F7,C1,2026-09-01,2026-10-01,EUR,70.00
F8,C1,2026-09-01,2026-10-01,EUR,80.00
F10,C1,2026-09-01,2026-10-01,EUR,90.00
CSV
cat >payments.csv <<'CSV'
payment_id,paid_date,amount,currency,customer_id,invoice_number,reference
P1,2026-10-20,40.00,EUR,C1,F4,VIR F4
CSV
ok import customers customers.csv
ok import invoices invoices.csv
ok import payments payments.csv
ok dispute F7 --reason pricing
ok handoff F8 --to agency
ok pause F10 --reason "customer on holiday"
ok plan create --customer C1 --instalments 2 --every 30 --invoices F1
before=$(fingerprint)

# usage: the first line of stderr says what is wrong
usage() {
	expected=$1
	shift
	expect_status 2 plan "$@"
	equals "$(head -n 1 err)" "relance plan: $expected"
}
usage "--instalments: '0' is not a whole number from 1 to 120" create --customer C1 --instalments 0 --every 30
usage "--instalments: '121' is not a whole number from 1 to 120" create --customer C1 --instalments 121 --every 30
usage "--instalments: 'three' is not a whole number from 1 to 120" create --customer C1 --instalments three --every 30
usage "--every: '0' is not a whole number from 1 to 366" create --customer C1 --instalments 2 --every 0
usage "--every: '367' is not a whole number from 1 to 366" create --customer C1 --instalments 2 --every 367
usage "--grace: '-1' is not a whole number from 0 to 366" create --customer C1 --instalments 2 --every 30 --grace -1
usage "--customer is required: whose plan?" create --instalments 2 --every 30
usage "--instalments is required: how many, 1 to 120" create --customer C1 --every 30
usage "--every is required: days between two instalments, 1 to 366" create --customer C1 --instalments 2
usage "--first: 2026-11-01 is before today (2026-11-24)" create --customer C1 --instalments 2 --every 30 --first 2026-11-01
usage "--first: '2026-02-30' is not a date: February 2026 has 28 days" create --customer C1 --instalments 2 --every 30 --first 2026-02-30
usage "--invoices: an empty invoice number" create --customer C1 --instalments 2 --every 30 --invoices F1,,F2
usage "--invoices: 'F2' is named twice" create --customer C1 --instalments 2 --every 30 --invoices F2,F6,F2
usage "--reason does not go with 'plan create'" create --customer C1 --instalments 2 --every 30 --reason x
usage "unknown option '--bogus'" create --customer C1 --instalments 2 --every 30 --bogus
usage "what? create, show, cancel or list"
usage "'frobnicate' is not create, show, cancel or list" frobnicate
usage "give PLAN or --customer ID" show
usage "give PLAN or --customer ID" show 1 --customer C1
usage "--instalments does not go with 'plan show'" show 1 --instalments 2
usage "PLAN: 'abc' is not a whole number from 1 to 2147483647" show abc
usage "--reason is required: why it is cancelled" cancel 1
usage "which plan? give its number" cancel --reason x
usage "--status: 'late' is not open, completed, breached or cancelled" list --status late
equals "$(fingerprint)" "$before"

# refused with the ledger: exit 1, nothing written
refused() {
	expected=$1
	shift
	expect_status 1 plan "$@"
	equals "$(cat err)" "relance: $expected"
	equals "$(fingerprint)" "$before"
}
refused "no customer 'NOPE'" create --customer NOPE --instalments 3 --every 30
refused "no invoice 'F9'" create --customer C1 --instalments 3 --every 30 --invoices F9
refused "invoice 'F3' belongs to customer 'C2', not 'C1'" create --customer C1 --instalments 3 --every 30 --invoices F3
refused "invoice 'F1' is already in payment plan 1" create --customer C1 --instalments 3 --every 30 --invoices F2,F1
refused "invoice 'F4' is paid: there is nothing to chase" create --customer C1 --instalments 3 --every 30 --invoices F4
refused "invoice 'F5' is a credit note: there is nothing to pay in instalments" create --customer C1 --instalments 3 --every 30 --invoices F5
refused "invoice 'F7' is disputed (pricing)" create --customer C1 --instalments 3 --every 30 --invoices F7
refused "invoice 'F8' is handed off to agency" create --customer C1 --instalments 3 --every 30 --invoices F8
refused "invoice 'F10' is paused until further notice (customer on holiday): resume it first" create --customer C1 --instalments 3 --every 30 --invoices F10
refused "the total is too small for 3 instalments: one would be zero" create --customer C1 --instalments 3 --every 30 --invoices F2
refused "invoices 'F2' (EUR) and 'F6' (GBP) are in different currencies: give --invoices of one currency" create --customer C1 --instalments 3 --every 30 --invoices F2,F6
refused "customer 'C3' has no open invoice a plan can cover" create --customer C3 --instalments 3 --every 30
refused "no payment plan 99" show 99
refused "customer 'C3' has no payment plan" show --customer C3
refused "no payment plan 99" cancel 99 --reason "wrong number"

# Without --invoices, what cannot be covered is left out, and said.
expect_status 1 plan create --customer C1 --instalments 3 --every 30
equals "$(cat err)" "relance: invoice 'F1' left out: it is already in payment plan 1
relance: invoice 'F10' left out: it is paused until further notice (customer on holiday): resume it first
relance: invoice 'F7' left out: it is disputed (pricing)
relance: invoice 'F8' left out: it is handed off to agency
relance: invoices 'F2' (EUR) and 'F6' (GBP) are in different currencies: give --invoices of one currency"
equals "$(fingerprint)" "$before"
ok plan create --customer C1 --instalments 1 --every 30 --invoices F6
contains out "payment plan 2 for customer 'C1': 20.00 GBP in 1 instalment every 30 days, grace 7 days"

# An invoice in an open plan takes no dispute, pause or promise.
expect_status 1 dispute F1 --reason quality
equals "$(cat err)" "relance: invoice 'F1' is covered by a payment plan"
expect_status 1 promise F1 --date 2026-12-01
equals "$(cat err)" "relance: invoice 'F1' is covered by a payment plan"
pass
