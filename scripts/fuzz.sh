#!/usr/bin/env bash
# `make fuzz`: each fuzz target of Tests/FuzzTargets under libFuzzer (coverage-guided), for
# FUZZ_SECONDS (60) seconds each. `make test` runs the same targets for a fixed number of seeded
# mutations (Tests/FuzzTests); this runs them for longer, with coverage feedback.
#   FUZZ_SECONDS (60)  FUZZ_TARGETS (all: stripe-signature multipart url-encoded cookies cgi-request template json)
# The driver (Tests/Fuzz/Driver) is built in release with -sanitize=fuzzer into .build/fuzz (the
# manifest adds it only with SORASHARE_FUZZ=1), and linked with lld (gold cannot link libFuzzer's
# runtime here). Each target starts from its seeds in Tests/Fuzz/corpus/<target>/, with the
# dictionary Tests/Fuzz/sorashare.dict (2^63-1, %00, CRLF, delimiters…), and keeps what
# it learns in .data/fuzz/corpus/<target>/. A crash or a broken invariant leaves the input in
# .data/fuzz/crashes/<target>-crash-…: replay it with
#   SORASHARE_FUZZ_TARGET=<target> .build/fuzz/release/sorashare-fuzz FILE
# Exits non-zero when any target found one.
source "$(dirname "$0")/lib.sh"
FUZZ_SECONDS="${FUZZ_SECONDS:-60}"
FUZZ_TARGETS="${FUZZ_TARGETS:-stripe-signature multipart url-encoded cookies cgi-request template json}"
BUILD="$ROOT/.build/fuzz"
OUT="$DATA/fuzz"
[[ "$FUZZ_SECONDS" =~ ^[1-9][0-9]*$ ]] || die "FUZZ_SECONDS must be a whole number of seconds"
command -v swift >/dev/null || die "Swift 6 is required"

cd "$ROOT"
log "building the libFuzzer driver (release, -sanitize=fuzzer) into $BUILD"
SORASHARE_FUZZ=1 swift build -c release --build-path "$BUILD" --product sorashare-fuzz \
    -Xswiftc -sanitize=fuzzer -Xswiftc -use-ld=lld 2>&1 | { grep -Ev '^\[[0-9]+/[0-9]+\]' || true; } >&2
DRIVER="$BUILD/release/sorashare-fuzz"
[ -x "$DRIVER" ] || die "the fuzz driver did not build"

status=0
for target in $FUZZ_TARGETS; do
    [ -d "$ROOT/Tests/Fuzz/corpus/$target" ] || die "no fuzz target '$target' (no Tests/Fuzz/corpus/$target/)"
    mkdir -p "$OUT/corpus/$target" "$OUT/crashes"
    log "$target: ${FUZZ_SECONDS} s"
    # The Swift runtime's backtracer would take the crash signal from libFuzzer, which then
    # would not write the input out.
    if SWIFT_BACKTRACE=enable=no SORASHARE_FUZZ_TARGET="$target" "$DRIVER" -max_total_time="$FUZZ_SECONDS" -max_len=8192 \
        -dict="$ROOT/Tests/Fuzz/sorashare.dict" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$OUT/crashes/$target-" \
        "$OUT/corpus/$target" "$ROOT/Tests/Fuzz/corpus/$target" >"$OUT/$target.log" 2>&1; then
        log "$target: $(grep -Eo 'stat::number_of_executed_units: *[0-9]+' "$OUT/$target.log" | grep -Eo '[0-9]+$') runs, no crash"
    else
        status=1
        log "$target: FAILED (see $OUT/$target.log; the input is in $OUT/crashes/)"
        grep -E "ERROR|broken invariant|Fatal error|runtime failure|Test unit written" "$OUT/$target.log" | head -5 >&2 || true
    fi
done
exit $status
