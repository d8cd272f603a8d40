#!/usr/bin/env bash
# `make run`: installs what is missing, builds, starts PostgreSQL, the responder, the worker
# (e-mail outbox) and nginx, and serves SoraShare on http://127.0.0.1:${PORT:-8080} until Ctrl-C.
# Without SORASHARE_SMTP_HOST the worker (in development, SORASHARE_DEV=1 by default here) writes
# each e-mail (sign-in links included) to the log instead of sending it. Without LinkedIn credentials a local LinkedIn stand-in (dev/standins)
# answers "Sign in with LinkedIn", and the button says so.
# Without SORASHARE_CODE_KEYS, development invite-code keys are generated once into
# .data/code-keys.env (see ensure_code_keys in lib.sh). Without SORASHARE_STRIPE_SECRET_KEY a local
# Stripe stand-in plays Stripe (checkout page, signed webhooks) and the billing page says payments
# are simulated. Without SORASHARE_RUNWAY_API_KEY and SORASHARE_REPLICATE_API_TOKEN, local Runway
# and Replicate stand-ins make short test-pattern videos (ffmpeg) and the studio says so.
# Without SORASHARE_TRANSPARENCY_GIT_REMOTE the worker pushes the hourly transparency snapshot to
# a local bare repository, .data/transparency.git (created here).
# Ctrl-C, SIGTERM, a failing step, or the responder, the worker or a stand-in ending on its own
# stops everything started here, the tee copying the log included (PostgreSQL only if it was not
# already running); a service ending on its own is an error (non-zero exit).
# SORASHARE_SKIP_SETUP=1 skips setup.sh (installing, the release build) for callers that have
# just built, like Tests/Integration/test_scripts.py; SORASHARE_BINARY runs another build.
source "$(dirname "$0")/lib.sh"
PORT="${PORT:-8080}"
SOCKET="$RUN_DIR/sorashare.sock"
NGINX_PREFIX="$DATA/nginx"

[ "${SORASHARE_SKIP_SETUP:-0}" = 1 ] || bash "$ROOT/scripts/setup.sh"

declare -A started=() # pid → name of each service started in the background here
log_tee=""            # the tee that copies the responder's and the worker's stderr into the log
log_fd=""             # our end of the tee's pipe, open until the worker has it
pg_started=0

# reap_children SECONDS PID...: waits that long for these children of this shell to end, then
# SIGKILLs those still running, and reaps them all.
reap_children() {
    local pid deadline=$((SECONDS + $1))
    shift
    for pid in "$@"; do
        while running "$pid" && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.1; done
        if running "$pid"; then kill -KILL "$pid" 2>/dev/null || true; fi
        wait "$pid" 2>/dev/null || true
    done
}

# The EXIT trap, however the script ends: every step runs whatever the others return, and a
# second Ctrl-C cannot cut it short (each step is bounded in time).
stop_all() {
    local code=$? pid
    trap '' INT TERM
    set +e
    log "stopping"
    bash "$ROOT/scripts/nginx.sh" stop "$NGINX_PREFIX"
    for pid in "${!started[@]}"; do kill -TERM "$pid" 2>/dev/null; done
    reap_children 10 "${!started[@]}"
    if [ -n "$log_tee" ]; then
        [ -z "$log_fd" ] || exec {log_fd}>&-
        reap_children 2 "$log_tee" # it ends at the end of its input, with the services' last lines
    fi
    [ "$pg_started" = 0 ] || bash "$ROOT/scripts/pg.sh" stop
    log "stopped"
    exit "$code"
}
trap stop_all EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

bash "$ROOT/scripts/pg.sh" status >/dev/null 2>&1 || pg_started=1
bash "$ROOT/scripts/pg.sh" start
bash "$ROOT/scripts/pg.sh" createdb sorashare
mkdir -p "$LOG_DIR"

export SORASHARE_DATABASE_URL="${SORASHARE_DATABASE_URL:-$(conninfo sorashare)}"
export SORASHARE_DEV="${SORASHARE_DEV:-1}"
export SORASHARE_PUBLIC_URL="${SORASHARE_PUBLIC_URL:-http://127.0.0.1:$PORT}"
ensure_code_keys
ensure_log_key
ensure_transparency_key
ensure_secret_key

cd "$ROOT"
standin=""
stripe_standin=""
video_standins=""
if [ -z "${SORASHARE_OIDC_LINKEDIN_CLIENT_ID:-}" ]; then
    STANDIN_PORT="${LINKEDIN_STANDIN_PORT:-18090}"
    ensure_venv
    (cd "$ROOT/dev" && exec "$VENV/bin/python" -m standins.serve_linkedin --port "$STANDIN_PORT" \
        --redirect-uri "$SORASHARE_PUBLIC_URL/auth/linkedin/callback") &
    standin=$!
    started[$standin]="the LinkedIn stand-in"
    export SORASHARE_OIDC_LINKEDIN_CLIENT_ID=sorashare-dev SORASHARE_OIDC_LINKEDIN_CLIENT_SECRET=sorashare-dev-secret \
        SORASHARE_OIDC_LINKEDIN_DISPLAY_NAME="LinkedIn (simulated locally)" \
        SORASHARE_OIDC_LINKEDIN_AUTHORIZATION_URL="http://127.0.0.1:$STANDIN_PORT/oauth/v2/authorization" \
        SORASHARE_OIDC_LINKEDIN_TOKEN_URL="http://127.0.0.1:$STANDIN_PORT/oauth/v2/accessToken" \
        SORASHARE_OIDC_LINKEDIN_JWKS_URL="http://127.0.0.1:$STANDIN_PORT/oauth/v2/keys"
    log "no LinkedIn credentials: sign-in with LinkedIn is simulated by a local stand-in on port $STANDIN_PORT"
fi
if [ -z "${SORASHARE_STRIPE_SECRET_KEY:-}" ]; then
    ensure_venv
    start_stripe_standin "${STRIPE_STANDIN_PORT:-18091}" "$SORASHARE_PUBLIC_URL/webhooks/stripe"
    stripe_standin=$STRIPE_STANDIN_PID
    started[$stripe_standin]="the Stripe stand-in"
    log "no Stripe keys: payments are simulated by a local Stripe stand-in on port ${STRIPE_STANDIN_PORT:-18091}"
fi
if [ -z "${SORASHARE_RUNWAY_API_KEY:-}${SORASHARE_REPLICATE_API_TOKEN:-}" ]; then
    ensure_venv
    start_video_standins "${RUNWAY_STANDIN_PORT:-18092}" "${REPLICATE_STANDIN_PORT:-18093}"
    video_standins="Runway on port ${RUNWAY_STANDIN_PORT:-18092}, Replicate on port ${REPLICATE_STANDIN_PORT:-18093}"
    started[$RUNWAY_STANDIN_PID]="the Runway stand-in"
    started[$REPLICATE_STANDIN_PID]="the Replicate stand-in"
    log "no video provider keys: videos are simulated by local stand-ins ($video_standins)"
fi
export SORASHARE_MEDIA_DIR="${SORASHARE_MEDIA_DIR:-$DATA/media}" # the directory nginx serves (scripts/nginx.sh)
# The hourly transparency snapshot goes to a local bare repository unless a remote is configured.
if [ -z "${SORASHARE_TRANSPARENCY_GIT_REMOTE:-}" ]; then
    export SORASHARE_TRANSPARENCY_GIT_REMOTE="$DATA/transparency.git"
    [ -d "$SORASHARE_TRANSPARENCY_GIT_REMOTE" ] || git init -q --bare -b main "$SORASHARE_TRANSPARENCY_GIT_REMOTE"
    log "no transparency remote: the hourly snapshot is pushed to the local bare repository $SORASHARE_TRANSPARENCY_GIT_REMOTE"
fi
export SORASHARE_TRANSPARENCY_GIT_DIR="${SORASHARE_TRANSPARENCY_GIT_DIR:-$DATA/transparency-repo}"
"$BINARY" migrate
# One tee copies the responder's and the worker's stderr to ours and into the log. It ignores
# Ctrl-C so that it logs their last lines, and ends when they (and we) have closed its pipe.
exec {log_fd}> >(trap '' INT; exec tee -a "$LOG_DIR/sorashare.log" >&2)
log_tee=$!
rm -f "$SOCKET" # one left by a killed run would pass for the new responder's
# The responder creates $RUN_DIR itself (mode 0750, group SORASHARE_SOCKET_GROUP when root): an
# empty one left by an older run goes, so that it does.
rmdir "$RUN_DIR" 2>/dev/null || true
"$BINARY" serve --socket "$SOCKET" 2>&"$log_fd" &
responder=$!
started[$responder]="the responder"
for _ in $(seq 100); do
    [ -S "$SOCKET" ] && break
    running "$responder" || break
    sleep 0.1
done
[ -S "$SOCKET" ] || die "the responder did not start (see $LOG_DIR/sorashare.log)"
"$BINARY" worker 2>&"$log_fd" &
started[$!]="the worker"
exec {log_fd}>&- # nothing started later (nginx) may keep the tee's pipe open
log_fd=""
bash "$ROOT/scripts/nginx.sh" start "$NGINX_PREFIX" "$PORT" "$SOCKET"
# The stand-ins (Python) may still be starting: the site is announced once each one answers.
[ -z "$standin" ] || wait_listening "$STANDIN_PORT" "$standin" "the LinkedIn stand-in"
[ -z "$stripe_standin" ] || wait_listening "${STRIPE_STANDIN_PORT:-18091}" "$stripe_standin" "the Stripe stand-in"
if [ -n "$video_standins" ]; then
    wait_listening "${RUNWAY_STANDIN_PORT:-18092}" "$RUNWAY_STANDIN_PID" "the Runway stand-in"
    wait_listening "${REPLICATE_STANDIN_PORT:-18093}" "$REPLICATE_STANDIN_PID" "the Replicate stand-in"
fi

cat <<MSG

  SoraShare is running at http://127.0.0.1:$PORT/
  Health: http://127.0.0.1:$PORT/health
  Logs: $LOG_DIR/sorashare.log and $NGINX_PREFIX/error.log
  E-mail: $( [ -n "${SORASHARE_SMTP_HOST:-}" ] && echo "sent through $SORASHARE_SMTP_HOST" || echo "written to the log (sign-in links included); set SORASHARE_SMTP_HOST to send it")
  LinkedIn: $( [ -n "$standin" ] && echo "simulated by a local stand-in (every sign-in is \"Dev Member\"); set SORASHARE_OIDC_LINKEDIN_CLIENT_ID/SECRET for the real one" || echo "real LinkedIn")
  Payments: $( [ -n "$stripe_standin" ] && echo "simulated by a local Stripe stand-in (no card, nothing charged); set SORASHARE_STRIPE_* for real Stripe" || echo "Stripe at ${SORASHARE_STRIPE_API_BASE:-https://api.stripe.com}")
  Videos: $( [ -n "$video_standins" ] && echo "simulated by local stand-ins (test-pattern MP4s; no credits reach a provider); set SORASHARE_RUNWAY_API_KEY or SORASHARE_REPLICATE_API_TOKEN for real ones" || echo "made by ${SORASHARE_VIDEO_PROVIDERS:-runway,replicate}")
  Transparency mirror: hourly snapshots pushed to ${SORASHARE_TRANSPARENCY_MIRROR_URL:-$SORASHARE_TRANSPARENCY_GIT_REMOTE}$( [ "$SORASHARE_TRANSPARENCY_GIT_REMOTE" = "$DATA/transparency.git" ] && echo " (local; git clone it, or set SORASHARE_TRANSPARENCY_GIT_REMOTE)")
  Press Ctrl-C to stop everything started here (responder, worker, nginx, PostgreSQL, stand-ins).

MSG
status=0
wait -n -p ended "${!started[@]}" || status=$?
log "${started[$ended]} stopped on its own (exit status $status)"
exit $((status == 0 ? 1 : status))
