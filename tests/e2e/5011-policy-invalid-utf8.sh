# A policy file that is not UTF-8 is refused at import on both backends
# (SQLite used to store it, and every later run then failed with "out of
# memory" when the step's journal payload could not be built).
. "$(dirname "$0")/lib.sh"
make_ledger
printf '[policy]\nname = bad\n\n[step: r\377\376]\noffset = 0\nchannel = email\n' >bad.ini
before=$(fingerprint)
expect_status 1 policy import bad.ini
contains err "bad.ini:4"
contains err "invalid UTF-8"
equals "$(fingerprint)" "$before"
ok policy list --format csv
not_contains out "bad,"
ok run --date 2026-11-24
pass
