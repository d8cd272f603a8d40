#!/usr/bin/env bash
# Studio benchmark (`make bench-studio`, also run by `make bench`), in two parts:
#   uploads  the release responder behind the development nginx config (scripts/nginx.sh), with a
#            video provider configured (a key and an address nothing listens on: no worker runs, so
#            no provider is ever called): STUDIO_BENCH_UPLOADS images of STUDIO_BENCH_IMAGE_BYTES sent
#            at once to POST /studio/new (bench/studio_uploads.py) while the responder's VmRSS is
#            sampled every 50 ms; a fresh responder for each of STUDIO_BENCH_ROUNDS rounds.
#   claims   studio-bench (bench/StudioBench): STUDIO_BENCH_WORKERS threads claiming and releasing
#            STUDIO_BENCH_JOBS due jobs through VideoJobQueue, for each claim batch size.
# Then writes the bench:studio-* sections of docs/PERFORMANCE.md (the rest of the file is kept).
#   STUDIO_BENCH_PARTS ("uploads claims")  STUDIO_BENCH_ROUNDS (3: rounds of uploads, runs of each batch size)
#   STUDIO_BENCH_UPLOADS (50)  STUDIO_BENCH_IMAGE_BYTES (10485760: ImageLimits.productImage, the largest accepted)
#   STUDIO_BENCH_THREADS (64: responder threads, more than the uploads at once)  STUDIO_BENCH_PORT (8092)
#   STUDIO_BENCH_WORKERS (4)  STUDIO_BENCH_JOBS (10000)  STUDIO_BENCH_FINISHED (100000)  STUDIO_BENCH_BATCHES (1,4)
# Exits non-zero if something could not be started or a correctness check failed; missed
# performance targets print FAIL. Starts PostgreSQL if it is not running, and then stops it at the end.
set -euo pipefail
BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$BENCH/../scripts/lib.sh"
OUT="$BENCH/out/studio"
DATABASE=sorashare_studio_bench

PARTS="${STUDIO_BENCH_PARTS:-uploads claims}"
ROUNDS="${STUDIO_BENCH_ROUNDS:-3}"
UPLOADS="${STUDIO_BENCH_UPLOADS:-50}"
IMAGE_BYTES="${STUDIO_BENCH_IMAGE_BYTES:-10485760}"
THREADS="${STUDIO_BENCH_THREADS:-64}"
PORT="${STUDIO_BENCH_PORT:-8092}"
WORKERS="${STUDIO_BENCH_WORKERS:-4}"
JOBS="${STUDIO_BENCH_JOBS:-10000}"
FINISHED="${STUDIO_BENCH_FINISHED:-100000}"
BATCHES="${STUDIO_BENCH_BATCHES:-1,4}"
for value in "$ROUNDS" "$UPLOADS" "$IMAGE_BYTES" "$THREADS" "$PORT" "$WORKERS" "$JOBS"; do
    [[ "$value" =~ ^[1-9][0-9]*$ ]] || die "STUDIO_BENCH_* settings must be positive integers (got '$value')"
done
[[ "$FINISHED" =~ ^[0-9]+$ && "$BATCHES" =~ ^[1-9][0-9]*(,[1-9][0-9]*)*$ ]] \
    || die "STUDIO_BENCH_FINISHED must be an integer and STUDIO_BENCH_BATCHES a list like 1,4"
for part in $PARTS; do
    [[ "$part" = uploads || "$part" = claims ]] || die "unknown part '$part' in STUDIO_BENCH_PARTS (uploads, claims)"
done
part() { [[ " $PARTS " == *" $1 "* ]]; }
for tool in python3 psql swift; do
    command -v "$tool" >/dev/null || die "$tool is not installed"
done
if part uploads; then command -v nginx >/dev/null || die "nginx is not installed (run scripts/setup.sh)"; fi
cd "$ROOT"

bench_check_load
PG_STARTED=0
RESPONDER=""
cleanup() {
    stop_responder || true
    if part uploads; then bash "$ROOT/scripts/nginx.sh" stop "$OUT/nginx"; fi
    if [ "$PG_STARTED" = 1 ]; then bash "$ROOT/scripts/pg.sh" stop; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# SIGTERM: in-flight requests finish, then the responder exits 0 (SIGKILL after 40 s).
stop_responder() {
    [ -n "$RESPONDER" ] || return 0
    local pid="$RESPONDER" status=0
    RESPONDER=""
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 400); do running "$pid" || break; sleep 0.1; done
    if running "$pid"; then kill -KILL "$pid" 2>/dev/null || true; fi
    wait "$pid" || status=$?
    return "$status"
}

bench_database "$DATABASE"
CONNINFO="$(conninfo "$DATABASE")"
rm -rf "$OUT"
mkdir -p "$OUT"

REPORT_ARGS=()
status=0
if part uploads; then
    log "building sorashare (release)"
    swift build -c release --product sorashare 2>&1 | { grep -Ev '^\[[0-9]+/[0-9]+\]' || true; } >&2
    APP="$(swift build -c release --show-bin-path)/sorashare"
    export SORASHARE_DATABASE_URL="$CONNINFO" SORASHARE_TEMPLATES_DIR="$ROOT/templates" \
        SORASHARE_MIGRATIONS_DIR="$ROOT/db/migrations" SORASHARE_PUBLIC_URL="http://127.0.0.1:$PORT"
    ensure_secret_key # the responder does not start without one
    "$APP" migrate >"$OUT/migrate.log" 2>&1 || { cat "$OUT/migrate.log" >&2; die "sorashare migrate failed"; }
    # The studio accepts jobs once a provider has a key; nothing runs the jobs, so the address is never called.
    export SORASHARE_RUNWAY_API_KEY=studio-bench-not-a-key SORASHARE_RUNWAY_API_BASE=http://127.0.0.1:9 \
        SORASHARE_VIDEO_PROVIDERS=runway SORASHARE_STUDIO_CREDITS_PER_SECOND=1 \
        SORASHARE_MEDIA_DIR="$OUT/media" SORASHARE_TMPDIR="$OUT/upload-tmp" SORASHARE_THREADS="$THREADS"
    SOCKET="$OUT/run/sorashare.sock" # in a directory the responder creates (mode 0750), as in production
    bash scripts/nginx.sh start "$OUT/nginx" "$PORT" "$SOCKET"
    NGINX_WORKERS="$(pgrep -P "$(cat "$OUT/nginx/nginx.pid")" | paste -sd, -)"
    for round in $(seq "$ROUNDS"); do
        rm -rf "$OUT/media" "$OUT/upload-tmp" "$OUT/run"
        mkdir -p "$OUT/media" "$OUT/upload-tmp"
        "$APP" serve --socket "$SOCKET" --threads "$THREADS" >>"$OUT/responder.log" 2>&1 &
        RESPONDER=$!
        for _ in $(seq 300); do
            [ -S "$SOCKET" ] && break
            running "$RESPONDER" || die "the responder exited during start-up (log: $OUT/responder.log)"
            sleep 0.1
        done
        code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 "http://127.0.0.1:$PORT/health" || true)
        [ "$code" = 200 ] || die "/health through nginx answered $code (logs: $OUT/responder.log, $OUT/nginx/error.log)"
        log "uploads, round $round/$ROUNDS: $UPLOADS x $IMAGE_BYTES bytes at once (responder pid $RESPONDER, $THREADS threads)"
        python3 "$BENCH/studio_uploads.py" --port "$PORT" --pid "$RESPONDER" --nginx-pids "$NGINX_WORKERS" --conninfo "$CONNINFO" \
            --media-dir "$OUT/media" --upload-tmp "$OUT/upload-tmp" --uploads "$UPLOADS" --image-bytes "$IMAGE_BYTES" \
            --json "$OUT/uploads-$round.json" || status=1
        [ -s "$OUT/uploads-$round.json" ] || die "the upload client failed before it had results"
        stop_responder || { log "error: the responder did not exit 0 after SIGTERM"; status=1; }
        REPORT_ARGS+=(--uploads "$OUT/uploads-$round.json")
    done
    rm -rf "$OUT/media" # 50 stored images per round
    bash scripts/nginx.sh stop "$OUT/nginx"
fi

if part claims; then
    CLAIMS_LOADAVG="$(cut -d' ' -f1-3 /proc/loadavg)" # the uploads part may have taken minutes
    REPORT_ARGS+=(--claims-loadavg "$CLAIMS_LOADAVG")
    bench_build studio-bench
    ARGS=(--workers "$WORKERS" --jobs "$JOBS" --finished "$FINISHED" --batches "$BATCHES" --runs "$ROUNDS")
    SORASHARE_DATABASE_URL="$CONNINFO" "$BIN" "${ARGS[@]}" --json "$OUT/claims.json" || status=1
    [ -s "$OUT/claims.json" ] || die "studio-bench failed before it had results"
    REPORT_ARGS+=(--claims "$OUT/claims.json" --claims-arguments "${ARGS[*]}")
fi

python3 "$BENCH/studio_report.py" "${REPORT_ARGS[@]}" --doc "$ROOT/docs/PERFORMANCE.md" --loadavg "$LOADAVG" \
    --threads "$THREADS"
[ "$status" = 0 ] || log "error: a run failed or a correctness check failed (see above)"
exit "$status"
