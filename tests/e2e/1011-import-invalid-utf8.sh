# Bytes that are not UTF-8 (a Latin-1 'é', a 0xFF byte) are reported with
# file, line, column and byte offset; exit 1, database unchanged.
. "$(dirname "$0")/lib.sh"
make_ledger
{
	printf 'customer_id,name,kind,country,language,email,phone,address\n'
	printf 'C4,Caf\351 de la Gare,business,FR,fr,,,\n'
	printf 'C5,Good Name,business,FR,fr,,,\n'
	printf 'C6,Bad\377,business,FR,fr,,,\n'
} >bad.csv
before=$(fingerprint)
expect_status 1 import customers bad.csv
equals "$(cat err)" "relance: bad.csv:2: name: invalid UTF-8: truncated sequence (byte 4 of the field)
relance: bad.csv:4: name: invalid UTF-8: byte that never appears in UTF-8 (byte 4 of the field)
relance: 2 bad rows: nothing was imported"
equals "$(cat out)" ""
equals "$(fingerprint)" "$before"
ok customers --format csv
not_contains out C5
pass
