# --version prints "relance X.Y.Z" (the VERSION file's) and exits 0.
. "$(dirname "$0")/lib.sh"
ok --version
equals "$(wc -l <out | tr -d ' ')" 1
case "$(cat out)" in
"relance "[0-9]*.[0-9]*.[0-9]*) ;;
*) fail "unexpected version line: $(cat out)" ;;
esac
here=$(cd "$(dirname "$0")" && pwd)
if [ -f "$here/../../VERSION" ]; then
	equals "$(cat out)" "relance $(cat "$here/../../VERSION")"
fi
equals "$(cat err)" ""
pass
