# Shared settings for the scripts in this folder. Source it; do not run it.
# Everything the product needs on a machine lives under $DATA (.data/ in the repo).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATA="${SORASHARE_DATA:-$ROOT/.data}"
PG_BIN="${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}"
PG_DIR="$DATA/pg"
PG_PORT="${PG_PORT:-55432}"
PG_SOCKET_DIR="$PG_DIR/run"
# The OS user that owns and runs the PostgreSQL cluster (PostgreSQL refuses to run as root).
if [ "$(id -u)" = 0 ]; then PG_OS_USER="${PG_OS_USER:-sorashare}"; else PG_OS_USER="$(id -un)"; fi
# The responder's socket: mode 0660 in this directory, which the responder creates with mode 0750
# (no other local user may speak FastCGI to it, forging REMOTE_ADDR or HTTPS).
RUN_DIR="$DATA/run"
# nginx's worker processes must reach that socket. Started by root, nginx runs them as
# nobody:NGINX_WORKER_GROUP (nginx/dev.conf.in's `user` line), so the socket and its directory
# get that group; started by anyone else, they run as that user, who owns the socket.
NGINX_WORKER_USER=""
NGINX_WORKER_GROUP=""
if [ "$(id -u)" = 0 ]; then
    NGINX_WORKER_USER=nobody
    if getent group nogroup >/dev/null; then NGINX_WORKER_GROUP=nogroup; else NGINX_WORKER_GROUP=nobody; fi
    export SORASHARE_SOCKET_GROUP="${SORASHARE_SOCKET_GROUP:-$NGINX_WORKER_GROUP}"
fi
# The sorashare binary the scripts run: the release build, or SORASHARE_BINARY (make test runs
# the debug build it has just tested).
BINARY="${SORASHARE_BINARY:-$ROOT/.build/release/sorashare}"
LOG_DIR="$DATA/log"

log() { printf '[%s] %s\n' "$(basename "$0")" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# True while process $1 runs: one that has exited is a zombie until its parent reaps it, and
# kill -0 still finds that.
running() {
    local stat
    { read -r stat <"/proc/$1/stat"; } 2>/dev/null && [[ $stat != *") Z "* ]]
}

# wait_listening PORT PID NAME: waits (up to 60 s) until something accepts connections on
# 127.0.0.1:PORT, so that a stand-in answers before the site is announced; fails when process PID
# ended or the time ran out.
wait_listening() {
    local port="$1" pid="$2" name="$3"
    for _ in $(seq 600); do
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
        running "$pid" || die "$name ended before it listened on port $port"
        sleep 0.1
    done
    die "$name did not listen on port $port within 60 s"
}

# For the benchmarks: the load average now (LOADAVG), with a warning when other work is running.
bench_check_load() {
    LOADAVG="$(cut -d' ' -f1-3 /proc/loadavg)"
    if awk -v cores="$(nproc)" '{ exit !($1 > cores / 4) }' /proc/loadavg; then
        log "warning: load average $LOADAVG before the run: other work is running, expect noisy figures"
    fi
}

# For the benchmarks: PostgreSQL running (PG_STARTED=1 when started here, for the caller's EXIT
# trap to stop it) and the database $1 created.
bench_database() {
    if ! bash "$ROOT/scripts/pg.sh" status >/dev/null 2>&1; then
        PG_STARTED=1
        bash "$ROOT/scripts/pg.sh" start
    fi
    bash "$ROOT/scripts/pg.sh" createdb "$1"
}

# For the benchmarks: builds the release product $1 (progress lines dropped) and sets BIN to it.
bench_build() {
    log "building $1 (release)"
    swift build -c release --product "$1" 2>&1 | { grep -Ev '^\[[0-9]+/[0-9]+\]' || true; } >&2
    BIN="$(swift build -c release --show-bin-path)/$1"
}

# Runs a command as the cluster's OS user.
as_pg_user() {
    if [ "$(id -u)" = 0 ]; then runuser -u "$PG_OS_USER" -- "$@"; else "$@"; fi
}

# libpq connection string for database $1.
conninfo() { echo "host=$PG_SOCKET_DIR port=$PG_PORT user=sorashare dbname=$1 connect_timeout=3"; }

# The Python tools for tests and local stand-ins, in $DATA/venv or SORASHARE_VENV (re-installed
# when dev/requirements.txt changes).
VENV="${SORASHARE_VENV:-$DATA/venv}"
ensure_venv() {
    local requirements="$ROOT/dev/requirements.txt"
    if [ ! -x "$VENV/bin/pytest" ] || [ ! -f "$VENV/.requirements-ok" ] || [ "$requirements" -nt "$VENV/.requirements-ok" ]; then
        log "installing Python tools into $VENV"
        python3 -m venv "$VENV"
        "$VENV/bin/pip" install -q -r "$requirements"
        touch "$VENV/.requirements-ok"
    fi
}

# Invite-code keys for development: when none of SORASHARE_CODE_KEYS, SORASHARE_CODE_KEY_ID and
# SORASHARE_CODE_FINGERPRINT_KEY is set, generates keys once into $DATA/code-keys.env (mode 0600,
# kept for later runs so stored codes stay readable) and exports them. The keys are never printed.
CODE_KEYS_FILE="$DATA/code-keys.env"
ensure_code_keys() {
    if [ -n "${SORASHARE_CODE_KEYS:-}${SORASHARE_CODE_KEY_ID:-}${SORASHARE_CODE_FINGERPRINT_KEY:-}" ]; then
        return 0
    fi
    if [ ! -s "$CODE_KEYS_FILE" ]; then
        command -v openssl >/dev/null || die "openssl is needed to generate development invite-code keys"
        mkdir -p "$DATA"
        local encryption fingerprint
        encryption="$(openssl rand -base64 32)"
        fingerprint="$(openssl rand -base64 32)"
        (
            umask 077
            printf '# Development invite-code keys, generated by scripts/lib.sh on %s. Never use them in production.\n' "$(date -u +%F)"
            printf 'SORASHARE_CODE_KEYS=dev1:%s\n' "$encryption"
            printf 'SORASHARE_CODE_KEY_ID=dev1\n'
            printf 'SORASHARE_CODE_FINGERPRINT_KEY=%s\n' "$fingerprint"
        ) >"$CODE_KEYS_FILE.tmp"
        mv "$CODE_KEYS_FILE.tmp" "$CODE_KEYS_FILE"
        log "generated development invite-code keys into $CODE_KEYS_FILE (mode 0600; set SORASHARE_CODE_KEYS to use your own)"
    else
        log "using the development invite-code keys in $CODE_KEYS_FILE"
    fi
    chmod 600 "$CODE_KEYS_FILE"
    set -a
    # shellcheck source=/dev/null
    source "$CODE_KEYS_FILE"
    set +a
}

# ensure_development_key VARIABLE FILE WHAT: unless VARIABLE is set, a random 32-byte key (base64)
# generated once into FILE (mode 0600, kept for later runs) and exported as VARIABLE; never printed.
ensure_development_key() {
    local variable="$1" file="$2" what="$3"
    [ -z "${!variable:-}" ] || return 0
    if [ ! -s "$file" ]; then
        mkdir -p "$DATA"
        (umask 077; printf '%s=%s\n' "$variable" "$(openssl rand -base64 32)" >"$file")
        log "generated a development $what into $file (set $variable to use your own)"
    fi
    set -a
    # shellcheck source=/dev/null
    source "$file"
    set +a
}

# The queue log's pseudonym key.
LOG_KEY_FILE="$DATA/log-key.env"
ensure_log_key() { ensure_development_key SORASHARE_LOG_KEY "$LOG_KEY_FILE" "queue-log key"; }

# The server's secret: it signs visitors' CSRF tokens and seals sign-in links in the outbox (the
# responder and the worker need the same one).
SECRET_KEY_FILE="$DATA/secret-key.env"
ensure_secret_key() { ensure_development_key SORASHARE_SECRET_KEY "$SECRET_KEY_FILE" "secret key"; }

# The transparency checkpoints' Ed25519 signing key (a 32-byte seed); its public half is published
# at /transparency/key once the worker has signed a checkpoint with it.
TRANSPARENCY_KEY_FILE="$DATA/transparency-key.env"
ensure_transparency_key() {
    ensure_development_key SORASHARE_TRANSPARENCY_SIGNING_KEY "$TRANSPARENCY_KEY_FILE" "checkpoint signing key"
}

# Without Stripe keys (`make run`): starts the Stripe stand-in (dev/standins) on
# port $1, delivering its signed webhooks to $2 (the site's /webhooks/stripe), and points the
# app at it; the billing page then says that payments are simulated. Sets STRIPE_STANDIN_PID.
STRIPE_STANDIN_SECRET_KEY=sk_test_sorashare_standin
STRIPE_STANDIN_WEBHOOK_SECRET=whsec_sorashare_development_only
start_stripe_standin() {
    local port="$1" webhook_url="$2"
    (cd "$ROOT/dev" && exec "$VENV/bin/python" -m standins.serve_stripe --port "$port" \
        --webhook-url "$webhook_url" --webhook-secret "$STRIPE_STANDIN_WEBHOOK_SECRET" --secret-key "$STRIPE_STANDIN_SECRET_KEY" \
        --prices "price_premium:1900:month,price_credits_10:500,price_credits_50:2000,price_credits_200:7000") &
    STRIPE_STANDIN_PID=$!
    export SORASHARE_STRIPE_SECRET_KEY="$STRIPE_STANDIN_SECRET_KEY" \
        SORASHARE_STRIPE_WEBHOOK_SECRETS="$STRIPE_STANDIN_WEBHOOK_SECRET" \
        SORASHARE_STRIPE_API_BASE="http://127.0.0.1:$port" \
        SORASHARE_STRIPE_PREMIUM_PRICE=price_premium SORASHARE_STRIPE_PREMIUM_LABEL='$19/month' \
        SORASHARE_STRIPE_CREDIT_PACKS='10:price_credits_10:$5,50:price_credits_50:$20,200:price_credits_200:$70' \
        SORASHARE_STRIPE_SIMULATED=1
}

# Without video provider keys (`make run`): starts the Runway stand-in on port $1 and the
# Replicate stand-in on port $2 (its signed webhooks go to the site, SORASHARE_PUBLIC_URL), both
# making short real MP4s with ffmpeg (cached in $DATA/standin-videos), and points the studio at
# them; the studio then says that videos are simulated. Sets RUNWAY_STANDIN_PID and
# REPLICATE_STANDIN_PID.
RUNWAY_STANDIN_API_KEY=key_sorashare_standin
REPLICATE_STANDIN_TOKEN=r8_sorashare_standin
REPLICATE_STANDIN_WEBHOOK_SECRET=whsec_c29yYXNoYXJlIGRldmVsb3BtZW50IHJlcGxpY2F0ZSBrZXk= # development only
start_video_standins() {
    local runway_port="$1" replicate_port="$2" videos="$DATA/standin-videos"
    mkdir -p "$videos"
    (cd "$ROOT/dev" && exec "$VENV/bin/python" -m standins.serve_runway --port "$runway_port" \
        --api-key "$RUNWAY_STANDIN_API_KEY" --video-directory "$videos") &
    RUNWAY_STANDIN_PID=$!
    (cd "$ROOT/dev" && exec "$VENV/bin/python" -m standins.serve_replicate --port "$replicate_port" \
        --token "$REPLICATE_STANDIN_TOKEN" --webhook-secret "$REPLICATE_STANDIN_WEBHOOK_SECRET" --video-directory "$videos") &
    REPLICATE_STANDIN_PID=$!
    export SORASHARE_RUNWAY_API_KEY="$RUNWAY_STANDIN_API_KEY" SORASHARE_RUNWAY_API_BASE="http://127.0.0.1:$runway_port" \
        SORASHARE_REPLICATE_API_TOKEN="$REPLICATE_STANDIN_TOKEN" \
        SORASHARE_REPLICATE_API_BASE="http://127.0.0.1:$replicate_port/v1" \
        SORASHARE_REPLICATE_WEBHOOK_SECRETS="$REPLICATE_STANDIN_WEBHOOK_SECRET" \
        SORASHARE_VIDEOS_SIMULATED=1
}

# The S3 stand-in for the unit tests (dev/standins/serve_s3.py: moto, checking every request's
# signature) on a free port. Once it answers, exports SORASHARE_TEST_S3_* (endpoint, region,
# bucket, its user's key, MOTO=1) for S3MediaStorageLiveTests. Sets S3_STANDIN_PID; fails when
# the stand-in has not come up within 60 s.
S3_STANDIN_ENV="$RUN_DIR/s3-standin.env"
start_s3_standin() {
    mkdir -p "$RUN_DIR"
    rm -f "$S3_STANDIN_ENV"
    (cd "$ROOT/dev" && exec "$VENV/bin/python" -m standins.serve_s3 --env-file "$S3_STANDIN_ENV") &
    S3_STANDIN_PID=$!
    for _ in $(seq 600); do
        if [ -s "$S3_STANDIN_ENV" ]; then
            set -a
            # shellcheck source=/dev/null
            source "$S3_STANDIN_ENV"
            set +a
            return 0
        fi
        running "$S3_STANDIN_PID" || return 1
        sleep 0.1
    done
    return 1
}

# Stops the S3 stand-in started above (SIGTERM, then SIGKILL after 5 s) and reaps it.
stop_s3_standin() {
    [ -n "${S3_STANDIN_PID:-}" ] || return 0
    kill -TERM "$S3_STANDIN_PID" 2>/dev/null || true
    for _ in $(seq 50); do running "$S3_STANDIN_PID" || break; sleep 0.1; done
    if running "$S3_STANDIN_PID"; then kill -KILL "$S3_STANDIN_PID" 2>/dev/null || true; fi
    wait "$S3_STANDIN_PID" 2>/dev/null || true
    rm -f "$S3_STANDIN_ENV"
    S3_STANDIN_PID=""
}
