#!/usr/bin/env bash
# Invite-queue benchmark (`make bench-queue`, also run by `make bench`): 100,000 members waiting
# and 100,000 codes in the schema queue_bench of the database sorashare_queue_bench; times a
# member's position, lets several allocators hand out every code at once, checks the result and
# writes the bench:queue section of docs/PERFORMANCE.md (the rest of the file is kept).
#   QUEUE_BENCH_ALLOCATORS (4)  QUEUE_BENCH_BATCH (100)  QUEUE_BENCH_MEMBERS (100000)
#   QUEUE_BENCH_SAMPLES (200 entries whose position is timed)  QUEUE_BENCH_ROUNDS (3 timed passes)
# Exits non-zero if the run failed or a correctness check failed; missed performance targets
# print FAIL. Starts PostgreSQL if it is not running, and then stops it at the end.
set -euo pipefail
BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$BENCH/../scripts/lib.sh"
OUT="$BENCH/out/queue"
DATABASE=sorashare_queue_bench

ALLOCATORS="${QUEUE_BENCH_ALLOCATORS:-4}"
BATCH="${QUEUE_BENCH_BATCH:-100}"
MEMBERS="${QUEUE_BENCH_MEMBERS:-100000}"
SAMPLES="${QUEUE_BENCH_SAMPLES:-200}"
ROUNDS="${QUEUE_BENCH_ROUNDS:-3}"
for value in "$ALLOCATORS" "$BATCH" "$MEMBERS" "$SAMPLES" "$ROUNDS"; do
    [[ "$value" =~ ^[1-9][0-9]*$ ]] || die "QUEUE_BENCH_* settings must be positive integers (got '$value')"
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

bench_build queue-bench

rm -rf "$OUT"
mkdir -p "$OUT"
ARGS=(--allocators "$ALLOCATORS" --batch "$BATCH" --members "$MEMBERS" --samples "$SAMPLES" --rounds "$ROUNDS")
status=0
SORASHARE_DATABASE_URL="$(conninfo "$DATABASE")" "$BIN" "${ARGS[@]}" --json "$OUT/results.json" || status=$?
[ -s "$OUT/results.json" ] || die "queue-bench failed before it had results (exit status $status)"

python3 "$BENCH/queue_report.py" --results "$OUT/results.json" --doc "$ROOT/docs/PERFORMANCE.md" \
    --loadavg "$LOADAVG" --arguments "${ARGS[*]}"
[ "$status" = 0 ] || log "error: a correctness check failed (see above)"
exit "$status"
