# Text that COPY's text format must escape (backslashes, a "\N", a
# "\." line, quotes, non-ASCII) in customer codes, invoice numbers and step
# names goes through the run's batch writes unchanged on both backends, and
# the journal's chain verifies.
. "$(dirname "$0")/lib.sh"
ok init --name "Test SARL"
cat >quick.ini <<'INI'
[policy]
name = odd
description = Odd step names

[step: rappel \N "un" \\ é]
offset = 0
channel = email
template = r1
INI
ok policy import quick.ini
ok policy default odd
printf 'customer_id,name,kind,country,language,email,phone,address\n' >customers.csv
printf '"C\\\\1",Back slash,business,FR,fr,a@b.fr,,\n' >>customers.csv
printf '"\\N",Null,business,FR,fr,a@b.fr,,\n' >>customers.csv
printf 'invoice_number,customer_id,issue_date,due_date,currency,amount\n' >invoices.csv
printf '"F\\\\.",C\\\\1,2026-09-01,2026-10-01,EUR,10.00\n' >>invoices.csv
printf '"\\N","\\N",2026-09-01,2026-10-01,EUR,30.00\n' >>invoices.csv
printf '"\\.",C\\\\1,2026-09-01,2026-10-01,EUR,40.00\n' >>invoices.csv
printf '"F""q,{x}",C\\\\1,2026-09-01,2026-10-01,EUR,50.00\n' >>invoices.csv
ok import customers customers.csv
ok import invoices invoices.csv
# The payments import looks its batch's invoices up at once (on
# PostgreSQL, one array parameter): quotes, braces, commas, backslashes.
printf 'payment_id,paid_date,amount,currency,customer_id,invoice_number,reference\n' >payments.csv
printf 'P1,2026-10-20,50.00,EUR,,"F""q,{x}",\n' >>payments.csv
printf 'P2,2026-10-20,1.00,EUR,,"F\\\\.",\n' >>payments.csv
printf 'P3,2026-10-20,1.00,EUR,,"\\N",\n' >>payments.csv
ok import payments payments.csv
contains out "3 new"
ok show 'F"q,{x}' --format csv
ok run --date 2026-11-24 --format csv
equals "$(grep -c . out)" 4
ok journal verify
contains out "journal verified: 4 entries, chain intact"
ok journal export
python3 - "$T/out" <<'PY' || fail "journal text"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
got = sorted((e["customer"], e["invoice"], e["payload"]["step_name"]) for e in rows if e["kind"] == "step")
name = 'rappel \\N "un" \\\\ é'
want = sorted([("C\\\\1", "F\\\\.", name), ("\\N", "\\N", name), ("C\\\\1", "\\.", name)])
assert got == want, (got, want)
PY
ok run --date 2026-11-24
contains out "nothing to do"
pass
