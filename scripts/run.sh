#!/usr/bin/env bash
# `make run`: installs what is missing, builds, starts PostgreSQL, the responder, the worker
# (e-mail outbox) and nginx, and serves SoraShare on http://127.0.0.1:${PORT:-8080} until Ctrl-C,
# which stops them all. Without SORASHARE_SMTP_HOST the worker writes each e-mail (sign-in links
# included) to the log instead of sending it.
source "$(dirname "$0")/lib.sh"
PORT="${PORT:-8080}"

bash "$ROOT/scripts/setup.sh"
bash "$ROOT/scripts/pg.sh" start
bash "$ROOT/scripts/pg.sh" createdb sorashare
mkdir -p "$RUN_DIR" "$LOG_DIR"

export SORASHARE_DATABASE_URL="${SORASHARE_DATABASE_URL:-$(conninfo sorashare)}"
export SORASHARE_DEV="${SORASHARE_DEV:-1}"
SOCKET="$RUN_DIR/sorashare.sock"
NGINX_PREFIX="$DATA/nginx"

responder=""
worker=""
stop_all() {
    trap - INT TERM EXIT
    log "stopping"
    [ -n "$worker" ] && kill -TERM "$worker" 2>/dev/null && wait "$worker" 2>/dev/null
    [ -n "$responder" ] && kill -TERM "$responder" 2>/dev/null && wait "$responder" 2>/dev/null
    bash "$ROOT/scripts/nginx.sh" stop "$NGINX_PREFIX"
    bash "$ROOT/scripts/pg.sh" stop
    log "stopped"
}
trap stop_all INT TERM EXIT

cd "$ROOT"
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
  Press Ctrl-C to stop the responder, the worker, nginx and PostgreSQL.

MSG
wait "$responder"
