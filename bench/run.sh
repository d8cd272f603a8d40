#!/usr/bin/env bash
# HTTP benchmark behind one private nginx (`make bench`). Compares our FastCGI responder with
# static nginx, a minimal C libfcgi responder and php-fpm, then writes docs/PERFORMANCE.md.
#   BENCH_CONNECTIONS (256)  BENCH_DURATION (10, seconds)  BENCH_ROUNDS (3)  BENCH_THREADS (8)
#   BENCH_KEEPALIVE_THREADS (128: well above nginx workers x keepalive 16, below PostgreSQL's 200 connections)  BENCH_PORT (8090; keep-alive uses +1)
#   BENCH_TARGETS (all): any of static c-fcgi php-fpm app-health app-root c-fcgi-ka app-health-ka
#   BENCH_APP (.build/release/sorashare, built with `swift build -c release` if missing)
# Exits non-zero only if a target could not be started; missed performance targets print FAIL.
set -euo pipefail
BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$BENCH/../scripts/lib.sh"
OUT="$BENCH/out"

CONNECTIONS="${BENCH_CONNECTIONS:-256}"
DURATION="${BENCH_DURATION:-10}"
DURATION="${DURATION%s}"
ROUNDS="${BENCH_ROUNDS:-3}"
THREADS="${BENCH_THREADS:-8}"
WORKERS="$(nproc)"
KA_THREADS="${BENCH_KEEPALIVE_THREADS:-128}"
PORT="${BENCH_PORT:-8090}"
KA_PORT=$((PORT + 1))
TARGETS="${BENCH_TARGETS:-static c-fcgi php-fpm app-health app-root c-fcgi-ka app-health-ka}"
PHP_FPM="${PHP_FPM:-php-fpm8.2}"
APP="${BENCH_APP:-$ROOT/.build/release/sorashare}"
cd "$ROOT"

# id|label|url, in run order
ALL_TARGETS=(
    "static|static|http://127.0.0.1:$PORT/bench/static.txt"
    "c-fcgi|c-fcgi|http://127.0.0.1:$PORT/bench/c/health"
    "php-fpm|php-fpm|http://127.0.0.1:$PORT/bench/php/health"
    "app-health|sorashare /health|http://127.0.0.1:$PORT/health"
    "app-root|sorashare /|http://127.0.0.1:$PORT/"
    "c-fcgi-ka|c-fcgi keep-alive|http://127.0.0.1:$KA_PORT/bench/c/health"
    "app-health-ka|sorashare /health keep-alive|http://127.0.0.1:$KA_PORT/health"
)

selected() { [[ " $TARGETS " == *" $1 "* ]]; }
any_selected() { local id; for id in "$@"; do selected "$id" && return 0; done; return 1; }

[[ "$CONNECTIONS" =~ ^[0-9]+$ && "$DURATION" =~ ^[0-9]+$ && "$ROUNDS" =~ ^[1-9][0-9]*$ && "$THREADS" =~ ^[0-9]+$ && "$KA_THREADS" =~ ^[0-9]+$ ]] \
    || die "BENCH_CONNECTIONS, BENCH_DURATION, BENCH_THREADS and BENCH_KEEPALIVE_THREADS must be integers"
for id in $TARGETS; do
    printf '%s\n' "${ALL_TARGETS[@]}" | grep -q "^$id|" || die "unknown target '$id' in BENCH_TARGETS"
done
for tool in wrk nginx gcc curl envsubst python3; do
    command -v "$tool" >/dev/null || die "$tool is not installed"
done

LOADAVG="$(cut -d' ' -f1-3 /proc/loadavg)"
if awk -v cores="$WORKERS" '{ exit !($1 > cores / 4) }' /proc/loadavg; then
    log "warning: load average $LOADAVG before the run: other work is running, expect noisy figures"
fi
PIDS=()
PG_STARTED=0
cleanup() {
    local pid i
    for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do
        for i in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null || true
    done
    if [ "$PG_STARTED" = 1 ]; then bash "$ROOT/scripts/pg.sh" stop; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# wait_for PID NAME LOG COMMAND...: polls COMMAND for up to 30 s while process PID is alive.
wait_for() {
    local pid="$1" name="$2" log_file="$3" i
    shift 3
    for i in $(seq 300); do
        "$@" && return 0
        kill -0 "$pid" 2>/dev/null || die "$name exited during start-up (log: $log_file)"
        sleep 0.1
    done
    die "$name did not start within 30 s (log: $log_file)"
}

# nginx writes its pid file only once it has bound its ports, so this also catches a port in use.
nginx_running() { [ "$(cat "$OUT/nginx.pid" 2>/dev/null)" = "$1" ]; }

# Starts "$@" in the background with its output in log $1, recording its pid in STARTED_PID.
start() {
    local log_file="$1"
    shift
    "$@" >"$log_file" 2>&1 &
    STARTED_PID=$!
    PIDS+=("$STARTED_PID")
}

# wrk_run SECONDS URL
wrk_run() {
    timeout $(($1 + 30)) wrk -t2 -c"$CONNECTIONS" -d"$1s" --latency -s "$BENCH/count-status.lua" "$2" \
        || die "wrk failed against $2"
}

render() { envsubst '${OUT} ${BENCH} ${PORT} ${KA_PORT} ${WORKERS} ${THREADS} ${NGINX_USER_LINE}' <"$1" >"$2"; }

rm -rf "$OUT"
mkdir -p "$OUT/tmp" "$OUT/www/bench"
# As root, nginx's workers run as nobody and reach our responder's socket (mode 0660) through its
# group, SORASHARE_SOCKET_GROUP (scripts/lib.sh); the C responder's and php-fpm's are mode 0666.
NGINX_USER_LINE=""
[ -z "$NGINX_WORKER_USER" ] || NGINX_USER_LINE="user $NGINX_WORKER_USER $NGINX_WORKER_GROUP;"
export OUT BENCH PORT KA_PORT WORKERS THREADS NGINX_USER_LINE
printf '{"status":"healthy","service":"static"}' >"$OUT/www/bench/static.txt"

if any_selected c-fcgi c-fcgi-ka; then
    gcc -O2 -Wall -o "$OUT/c-responder" "$BENCH/c-responder/responder.c" -lfcgi -lpthread
fi
if selected c-fcgi; then
    start "$OUT/c.log" "$OUT/c-responder" "$OUT/c.sock" "$THREADS"
    wait_for "$STARTED_PID" "C responder" "$OUT/c.log" test -S "$OUT/c.sock"
fi
if selected c-fcgi-ka; then
    start "$OUT/c-ka.log" "$OUT/c-responder" "$OUT/c-ka.sock" "$KA_THREADS"
    wait_for "$STARTED_PID" "C responder (keep-alive)" "$OUT/c-ka.log" test -S "$OUT/c-ka.sock"
fi

if selected php-fpm; then
    command -v "$PHP_FPM" >/dev/null || die "$PHP_FPM is not installed"
    render "$BENCH/php/php-fpm.conf.template" "$OUT/php-fpm.conf"
    start "$OUT/php-fpm.out" "$PHP_FPM" -R -F -y "$OUT/php-fpm.conf"
    wait_for "$STARTED_PID" "php-fpm" "$OUT/php-fpm.log" test -S "$OUT/php.sock"
fi

APP_PIDS=()
if any_selected app-health app-root app-health-ka; then
    if [ ! -x "$APP" ]; then
        [ -z "${BENCH_APP:-}" ] || die "BENCH_APP=$APP is not an executable"
        log "building $APP"
        swift build -c release
    fi
    if ! bash scripts/pg.sh status >/dev/null 2>&1; then
        PG_STARTED=1
        bash scripts/pg.sh start
    fi
    bash scripts/pg.sh createdb sorashare_bench
    SORASHARE_DATABASE_URL="$(conninfo sorashare_bench)"
    export SORASHARE_DATABASE_URL SORASHARE_TEMPLATES_DIR="$ROOT/templates"
    ensure_secret_key # the responder does not start without one
    "$APP" migrate >"$OUT/migrate.log" 2>&1 || { cat "$OUT/migrate.log" >&2; die "sorashare migrate failed"; }
    if any_selected app-health app-root; then
        start "$OUT/app.log" "$APP" serve --socket "$OUT/app.sock" --threads "$THREADS"
        APP_PIDS+=("sorashare|$STARTED_PID")
        wait_for "$STARTED_PID" "sorashare" "$OUT/app.log" test -S "$OUT/app.sock"
    fi
    if selected app-health-ka; then
        start "$OUT/app-ka.log" "$APP" serve --socket "$OUT/app-ka.sock" --threads "$KA_THREADS"
        APP_PIDS+=("sorashare keep-alive|$STARTED_PID")
        wait_for "$STARTED_PID" "sorashare (keep-alive)" "$OUT/app-ka.log" test -S "$OUT/app-ka.sock"
    fi
fi

render "$BENCH/nginx.conf.template" "$OUT/nginx.conf"
nginx -t -q -p "$OUT" -e "$OUT/nginx-error.log" -c "$OUT/nginx.conf" || die "invalid nginx config $OUT/nginx.conf"
start "$OUT/nginx.out" nginx -p "$OUT" -e "$OUT/nginx-error.log" -c "$OUT/nginx.conf" -g 'daemon off;'
wait_for "$STARTED_PID" nginx "$OUT/nginx-error.log" nginx_running "$STARTED_PID"

for target in "${ALL_TARGETS[@]}"; do
    IFS='|' read -r id label url <<<"$target"
    selected "$id" || continue
    status=$(curl -s -o "$OUT/check-$id.body" -w '%{http_code}' --max-time 10 "$url" || true)
    [ "$status" = 200 ] || die "$label ($url) answered HTTP $status instead of 200 (body: $OUT/check-$id.body)"
done

: >"$OUT/results.tsv"
for target in "${ALL_TARGETS[@]}"; do
    IFS='|' read -r id label url <<<"$target"
    selected "$id" || continue
    log "warming up $label: $url"
    wrk_run 2 "$url" >/dev/null
done
for round in $(seq "$ROUNDS"); do
    for target in "${ALL_TARGETS[@]}"; do
        IFS='|' read -r id label url <<<"$target"
        selected "$id" || continue
        log "round $round/$ROUNDS: measuring $label"
        wrk_run "$DURATION" "$url" >"$OUT/wrk-$id-$round.txt"
        printf '%s\t%s\t%s\n' "$id" "$label" "$OUT/wrk-$id-$round.txt" >>"$OUT/results.tsv"
    done
done

: >"$OUT/rss.tsv"
for entry in "${APP_PIDS[@]}"; do
    IFS='|' read -r label pid <<<"$entry"
    kill -0 "$pid" 2>/dev/null || die "$label (pid $pid) died during the benchmark (log: $OUT)"
    rss_kb=$(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status")
    printf '%s\t%s\n' "$label" "$rss_kb" >>"$OUT/rss.tsv"
done

python3 "$BENCH/report.py" --results "$OUT/results.tsv" --rss "$OUT/rss.tsv" \
    --doc "$ROOT/docs/PERFORMANCE.md" --connections "$CONNECTIONS" --duration "$DURATION" --rounds "$ROUNDS" \
    --threads "$THREADS" --keepalive-threads "$KA_THREADS" --nginx-workers "$WORKERS" --php-fpm "$PHP_FPM" --loadavg "$LOADAVG"
