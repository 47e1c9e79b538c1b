#!/bin/sh
# `make check`: the rules a compiler does not enforce (STYLE.md, DESIGN.md §2).
#   1. clang-format conformance of every C file
#   2. banned calls (strcpy, strcat, sprintf, vsprintf, strtok, atoi, atol, gets)
#   3. the layer rule: core includes only core; store only core and store;
#      formats only core, store and formats; server only those and engine
#      (cli -> server -> engine -> store/formats -> core); core does no I/O
#      and reads no clock
#   4. no floating point outside the CLI's progress display (money is integer)
#   5. docs versus tables: every command and option is in --help and the man page
set -u
cd "$(dirname "$0")/.." || exit 1
bad=0
complain() {
	echo "check: $*"
	bad=1
}
files=$( (git ls-files '*.c' '*.h' 2>/dev/null; find src include tests fuzz -name '*.[ch]' 2>/dev/null) | sort -u)

# 1. formatting
if command -v clang-format >/dev/null 2>&1; then
	for f in $files; do
		clang-format --dry-run -Werror "$f" >/dev/null 2>&1 ||
			complain "$f is not clang-formatted (run 'make format')"
	done
else
	complain "clang-format is missing (make deps installs it)"
fi

# 2. banned calls
for f in $files; do
	grep -nE '(^|[^_a-zA-Z0-9])(strcpy|strcat|sprintf|vsprintf|strtok|atoi|atol|gets)[[:space:]]*\(' "$f" |
		grep -vE '^[0-9]+:[[:space:]]*(/\*|\*)' |
		while IFS= read -r l; do echo "check: $f:$l: banned call"; done | grep . && bad=1
done

# 3. layers
layer_of() {
	case "$1" in
	relance/core/*) echo 0 ;; relance/store/*) echo 1 ;;
	relance/formats/* | relance/engine/*) echo 2 ;;
	relance/server/*) echo 3 ;;
	*) echo 9 ;;
	esac
}
for f in $(echo "$files" | grep -E '^(src|include/relance)/(core|store|formats|engine|server)/'); do
	case "$f" in
	*/core/*) mine=0 ;; */store/*) mine=1 ;; */formats/* | */engine/*) mine=2 ;;
	*/server/*) mine=3 ;;
	esac
	for inc in $(sed -n 's/^#include "\(relance\/[^"]*\)".*/\1/p' "$f"); do
		[ "$(layer_of "$inc")" -le "$mine" ] || complain "$f includes $inc: an upward include"
	done
	# the server never reaches into the CLI's private headers (cli.h, output.h)
	if [ "$mine" -eq 3 ]; then
		grep -nE '#include "(\.\./)*(cli/)?(cli|commands|output)\.h"' "$f" |
			while IFS= read -r l; do echo "check: $f:$l: the server includes the CLI"; done | grep . && bad=1
	fi
	if [ "$mine" -eq 0 ]; then
		grep -nE '#include <(sqlite3|libpq-fe|jansson|unistd|fcntl|time|sys/[a-z]+)\.h>' "$f" |
			while IFS= read -r l; do echo "check: $f:$l: core does no I/O"; done | grep . && bad=1
		grep -nE '(^|[^_a-z])(fopen|fread|fwrite|printf|fprintf|puts|getenv|time|clock_gettime|open|read|write)[[:space:]]*\(' "$f" |
			grep -vE '^[0-9]+:[[:space:]]*(/\*|\*)' |
			while IFS= read -r l; do echo "check: $f:$l: core does no I/O"; done | grep . && bad=1
	fi
done

# 4. floating point
for f in $(echo "$files" | grep -E '^(src|include)/' | grep -v '^src/cli/'); do
	grep -nE '(^|[^_a-z])(float|double)([^_a-z]|$)' "$f" |
		grep -vE '^[0-9]+:[[:space:]]*(/\*|\*)' |
		while IFS= read -r l; do echo "check: $f:$l: floating point"; done | grep . && bad=1
done

# 5. docs versus tables
man=man/relance.1
[ -f "$man" ] || complain "$man is missing"
for cmd in $(sed -n 's/^[[:space:]]*{ "\([a-z-]*\)", cmd_.*/\1/p' src/cli/main.c); do
	# cmd_NAME.c, or the file that defines cmd_NAME() for commands that
	# share one (cmd_case.c: block, pause, dispute ...)
	src=src/cli/cmd_$cmd.c
	[ -f "$src" ] || src=$(grep -l "^int cmd_$cmd(" src/cli/*.c | head -n 1)
	[ "$cmd" = help ] && src=src/cli/main.c
	[ -n "$src" ] || { complain "command '$cmd' has no cmd_$cmd() in src/cli"; continue; }
	[ -f "$man" ] && ! grep -q "^\.SS $cmd\$" "$man" && complain "command '$cmd' is not in $man"
	for opt in $(sed -n 's/^[[:space:]]*{ "\([a-z-]*\)", \(required\|no\)_argument.*/\1/p' "$src"); do
		case "$src" in */main.c) continue ;; esac
		grep -q -- "\"[^\"]*--$opt" "$src" ||
			complain "option --$opt of '$cmd' is not in its --help text"
		# roff writes hyphens as \- : compare with them unescaped
		[ -f "$man" ] && ! sed 's/\\-/-/g' "$man" | grep -qF -- "--$opt" &&
			complain "option --$opt of '$cmd' is not in $man"
	done
done
[ "$bad" -eq 0 ] && echo "check: all rules pass"
exit "$bad"
