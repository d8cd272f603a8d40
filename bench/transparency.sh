#!/usr/bin/env bash
# Transparency benchmark (`make bench-transparency`, also run by `make bench`): a queue log of
# 1,000,000 entries and the queue history behind it in the schema transparency_bench of the
# database sorashare_transparency_bench; times the worker's computation of the public figures
# and GET /transparency (and its JSON, its 304 and the landing page) through the responder, and
# writes the bench:transparency section of docs/PERFORMANCE.md (the rest of the file is kept).
#   TRANSPARENCY_BENCH_EVENTS (1000000)  TRANSPARENCY_BENCH_REQUESTS (500 timed page requests)
# Exits non-zero if the run failed or a check failed; a missed target prints FAIL. Starts
# PostgreSQL if it is not running, and then stops it at the end.
set -euo pipefail
BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$BENCH/../scripts/lib.sh"
OUT="$BENCH/out/transparency"
DATABASE=sorashare_transparency_bench

EVENTS="${TRANSPARENCY_BENCH_EVENTS:-1000000}"
REQUESTS="${TRANSPARENCY_BENCH_REQUESTS:-500}"
for value in "$EVENTS" "$REQUESTS"; do
    [[ "$value" =~ ^[1-9][0-9]*$ ]] || die "TRANSPARENCY_BENCH_* settings must be positive integers (got '$value')"
done
command -v python3 >/dev/null || die "python3 is not installed"
command -v swift >/dev/null || die "Swift 6 is required (https://www.swift.org/install/linux/)"
cd "$ROOT"

bench_check_load
PG_STARTED=0
cleanup() {
    if [ "$PG_STARTED" = 1 ]; then bash "$ROOT/scripts/pg.sh" stop; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

bench_database "$DATABASE"

bench_build transparency-bench

rm -rf "$OUT"
mkdir -p "$OUT"
ARGS=(--events "$EVENTS" --requests "$REQUESTS")
status=0
SORASHARE_DATABASE_URL="$(conninfo "$DATABASE")" "$BIN" "${ARGS[@]}" --json "$OUT/results.json" || status=$?
[ -s "$OUT/results.json" ] || die "transparency-bench failed before it had results (exit status $status)"

python3 "$BENCH/transparency_report.py" --results "$OUT/results.json" --doc "$ROOT/docs/PERFORMANCE.md" \
    --loadavg "$LOADAVG" --arguments "${ARGS[*]}"
[ "$status" = 0 ] || log "error: a check failed (see above)"
exit "$status"
