#!/bin/sh
# Builds and runs libFuzzer targets: sh fuzz/run.sh fuzz/fuzz_a.c fuzz/fuzz_b.c ...
# Each target is built with clang, ASan and UBSan into build/fuzz/NAME together
# with the library sources it may need (those not written yet are skipped), then
# run for FUZZ_SECONDS (default 60) on the corpus build/fuzz/corpus/NAME, which
# starts from fuzz/seeds/NAME/ when that exists. Crash inputs land in
# build/fuzz/artifacts/NAME/; FUZZ_ARGS passes more libFuzzer options. Missing
# targets are reported and skipped; the exit status is non-zero if any target
# failed to build or found a crash.
set -u

CC=${FUZZ_CC:-clang}
SECONDS_EACH=${FUZZ_SECONDS:-60}
CFLAGS="-std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Iinclude -g -O1 \
-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined"
LIBSRC="src/core/status.c src/core/buf.c src/core/money.c src/core/date.c src/core/interest.c \
src/core/dunning.c src/formats/csv.c src/formats/rates.c src/formats/policy_file.c"
OUT=build/fuzz

cd "$(dirname "$0")/.." || exit 1
if [ $# -eq 0 ]; then
	echo "usage: sh fuzz/run.sh fuzz/fuzz_NAME.c ..." >&2
	exit 2
fi

srcs=
for s in $LIBSRC; do
	if [ -f "$s" ]; then srcs="$srcs $s"; else echo "fuzz: $s not there yet, not linked"; fi
done

failed=0
for target in "$@"; do
	name=$(basename "$target" .c)
	if [ ! -f "$target" ]; then
		echo "fuzz: $target not there, skipped"
		continue
	fi
	mkdir -p "$OUT/corpus/$name" "$OUT/artifacts/$name"
	echo "fuzz: building $OUT/$name"
	# shellcheck disable=SC2086 # word splitting of the flag and source lists is wanted
	if ! $CC $CFLAGS -o "$OUT/$name" "$target" $srcs -linih -lm; then
		echo "fuzz: $name does not build"
		failed=1
		continue
	fi
	if [ -d "fuzz/seeds/$name" ]; then
		cp -R "fuzz/seeds/$name/." "$OUT/corpus/$name/"
	fi
	echo "fuzz: running $name for ${SECONDS_EACH}s"
	# shellcheck disable=SC2086
	if ! "$OUT/$name" -max_total_time="$SECONDS_EACH" -print_final_stats=1 \
		-artifact_prefix="$OUT/artifacts/$name/" ${FUZZ_ARGS:-} "$OUT/corpus/$name"; then
		echo "fuzz: $name FAILED; reproduce with $OUT/$name $OUT/artifacts/$name/<file>"
		failed=1
	fi
done
exit $failed
