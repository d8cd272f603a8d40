#!/usr/bin/env bash
# `make run`: installs what is missing, builds, starts PostgreSQL, the responder, the worker
# (e-mail outbox) and nginx, and serves SoraShare on http://127.0.0.1:${PORT:-8080} until Ctrl-C,
# which stops them all. Without SORASHARE_SMTP_HOST the worker writes each e-mail (sign-in links
# included) to the log instead of sending it. Without LinkedIn credentials a local LinkedIn
# stand-in (dev/standins) answers "Sign in with LinkedIn", and the button says so.
# Without SORASHARE_CODE_KEYS, development invite-code keys are generated once into
# .data/code-keys.env (see ensure_code_keys in lib.sh). Without SORASHARE_STRIPE_SECRET_KEY a local
# Stripe stand-in plays Stripe (checkout page, signed webhooks) and the billing page says payments
# are simulated.
source "$(dirname "$0")/lib.sh"
PORT="${PORT:-8080}"

bash "$ROOT/scripts/setup.sh"
bash "$ROOT/scripts/pg.sh" start
bash "$ROOT/scripts/pg.sh" createdb sorashare
mkdir -p "$RUN_DIR" "$LOG_DIR"

export SORASHARE_DATABASE_URL="${SORASHARE_DATABASE_URL:-$(conninfo sorashare)}"
export SORASHARE_DEV="${SORASHARE_DEV:-1}"
export SORASHARE_PUBLIC_URL="${SORASHARE_PUBLIC_URL:-http://127.0.0.1:$PORT}"
ensure_code_keys
ensure_log_key
SOCKET="$RUN_DIR/sorashare.sock"
NGINX_PREFIX="$DATA/nginx"

responder=""
worker=""
standin=""
stripe_standin=""
stop_all() {
    trap - INT TERM EXIT
    log "stopping"
    [ -n "$standin" ] && kill -TERM "$standin" 2>/dev/null && wait "$standin" 2>/dev/null
    [ -n "$stripe_standin" ] && kill -TERM "$stripe_standin" 2>/dev/null && wait "$stripe_standin" 2>/dev/null
    [ -n "$worker" ] && kill -TERM "$worker" 2>/dev/null && wait "$worker" 2>/dev/null
    [ -n "$responder" ] && kill -TERM "$responder" 2>/dev/null && wait "$responder" 2>/dev/null
    bash "$ROOT/scripts/nginx.sh" stop "$NGINX_PREFIX"
    bash "$ROOT/scripts/pg.sh" stop
    log "stopped"
}
trap stop_all INT TERM EXIT

cd "$ROOT"
if [ -z "${SORASHARE_OIDC_LINKEDIN_CLIENT_ID:-}" ]; then
    STANDIN_PORT="${LINKEDIN_STANDIN_PORT:-18090}"
    ensure_venv
    (cd "$ROOT/dev" && exec "$VENV/bin/python" -m standins.serve_linkedin --port "$STANDIN_PORT" \
        --redirect-uri "$SORASHARE_PUBLIC_URL/auth/linkedin/callback") &
    standin=$!
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
    log "no Stripe keys: payments are simulated by a local Stripe stand-in on port ${STRIPE_STANDIN_PORT:-18091}"
fi
.build/release/sorashare migrate
.build/release/sorashare serve --socket "$SOCKET" 2> >(tee -a "$LOG_DIR/sorashare.log" >&2) &
responder=$!
for _ in $(seq 100); do [ -S "$SOCKET" ] && break; sleep 0.1; done
[ -S "$SOCKET" ] || die "the responder did not start (see $LOG_DIR/sorashare.log)"
.build/release/sorashare worker 2> >(tee -a "$LOG_DIR/sorashare.log" >&2) &
worker=$!
bash "$ROOT/scripts/nginx.sh" start "$NGINX_PREFIX" "$PORT" "$SOCKET"

cat <<MSG

  SoraShare is running at http://127.0.0.1:$PORT/
  Health: http://127.0.0.1:$PORT/health
  Logs: $LOG_DIR/sorashare.log and $NGINX_PREFIX/error.log
  E-mail: $( [ -n "${SORASHARE_SMTP_HOST:-}" ] && echo "sent through $SORASHARE_SMTP_HOST" || echo "written to the log (sign-in links included); set SORASHARE_SMTP_HOST to send it")
  LinkedIn: $( [ -n "$standin" ] && echo "simulated by a local stand-in (every sign-in is \"Dev Member\"); set SORASHARE_OIDC_LINKEDIN_CLIENT_ID/SECRET for the real one" || echo "real LinkedIn")
  Payments: $( [ -n "$stripe_standin" ] && echo "simulated by a local Stripe stand-in (no card, nothing charged); set SORASHARE_STRIPE_* for real Stripe" || echo "Stripe at ${SORASHARE_STRIPE_API_BASE:-https://api.stripe.com}")
  Press Ctrl-C to stop everything started here (responder, worker, nginx, PostgreSQL, stand-ins).

MSG
wait "$responder"
