# Quoted fields keep embedded commas, doubled quotes and newlines: they are
# stored and shown intact by `customers --format json`, and line numbers
# of later rows count the physical lines.
. "$(dirname "$0")/lib.sh"
make_ledger
printf '%s\n' \
	'customer_id,name,kind,country,language,email,phone,address' \
	'C4,"Dupont, Fils & Cie",business,FR,fr,compta@dupont.fr,,"12 rue de la Paix' \
	'Bâtiment B, 2e étage' \
	'75002 Paris"' \
	'C5,"Le ""Petit"" Café",consumer,FR,fr,,,"3 place du Marché, 13001 Marseille"' \
	'C6,Bad,alien,FR,fr,,,' >quoted.csv
before=$(fingerprint)
expect_status 1 import customers quoted.csv
equals "$(cat err)" "relance: quoted.csv:6: kind: 'alien' is neither 'business' nor 'consumer'
relance: 1 bad row: nothing was imported"
equals "$(fingerprint)" "$before"
sed '$d' quoted.csv >good.csv
ok import customers good.csv
equals "$(cat out)" "customers: 2 rows: 2 new, 0 updated, 0 unchanged"
ok customers --format json
contains out '{"customer_id":"C4","name":"Dupont, Fils & Cie","kind":"business","country":"FR","language":"fr","email":"compta@dupont.fr","phone":"","address":"12 rue de la Paix\nBâtiment B, 2e étage\n75002 Paris","blocked":"no"}'
contains out '{"customer_id":"C5","name":"Le \"Petit\" Café","kind":"consumer","country":"FR","language":"fr","email":"","phone":"","address":"3 place du Marché, 13001 Marseille","blocked":"no"}'
# Imported again: unchanged, so the text round-trips exactly.
ok import customers good.csv
equals "$(cat out)" "customers: 2 rows: 0 new, 0 updated, 2 unchanged"
pass
