#!/usr/bin/env bash
# Renders the nginx configs in nginx/ and runs a private nginx on 127.0.0.1.
#   scripts/nginx.sh start PREFIX PORT SOCKET [MAX_BODY]   render into PREFIX and start
#   scripts/nginx.sh stop PREFIX
#   scripts/nginx.sh render-production OUTDIR SERVER_NAME SOCKET STATIC_DIR MEDIA_DIR
# NGINX_SIGNIN_RATE sets the per-client rate of /auth/ requests (default 30r/m; tests raise it).
# SORASHARE_NGINX_TEMPLATES replaces the template folder nginx/ (tests use a broken copy).
# An invalid config stops `start` at once with nginx's own error line.
source "$(dirname "$0")/lib.sh"
TEMPLATES="${SORASHARE_NGINX_TEMPLATES:-$ROOT/nginx}"

# render TEMPLATE OUT: replaces @NAME@ with the value of the shell variable NAME.
render() {
    sed -e "s|@PREFIX@|${PREFIX:-}|g" -e "s|@PORT@|${PORT:-}|g" -e "s|@SOCKET@|${SOCKET:-}|g" \
        -e "s|@MAX_BODY@|${MAX_BODY:-17m}|g" -e "s|@STATIC_DIR@|${STATIC_DIR:-}|g" -e "s|@MEDIA_DIR@|${MEDIA_DIR:-}|g" \
        -e "s|@NGINX_DIR@|${NGINX_DIR:-}|g" -e "s|@SERVER_NAME@|${SERVER_NAME:-}|g" \
        -e "s|@SIGNIN_RATE@|${NGINX_SIGNIN_RATE:-30r/m}|g" -e "s|@USER_LINE@|${USER_LINE:-}|g" "$1" > "$2"
}

render_shared() {
    mkdir -p "$NGINX_DIR"
    render "$TEMPLATES/sorashare-app.conf.in" "$NGINX_DIR/sorashare-app.conf"
    render "$TEMPLATES/sorashare-fastcgi.conf.in" "$NGINX_DIR/sorashare-fastcgi.conf"
    render "$TEMPLATES/zones.conf.in" "$NGINX_DIR/zones.conf"
    render "$TEMPLATES/logging.conf.in" "$NGINX_DIR/logging.conf"
}

start() {
    PREFIX="$1" PORT="$2" SOCKET="$3" MAX_BODY="${4:-17m}"
    STATIC_DIR="$ROOT/static" MEDIA_DIR="$DATA/media" NGINX_DIR="$PREFIX/conf"
    # As root, the workers run as nobody and reach the responder's socket through its group
    # (lib.sh); otherwise nginx ignores `user` (and warns), so there is no line.
    USER_LINE=""
    [ -z "$NGINX_WORKER_USER" ] || USER_LINE="user $NGINX_WORKER_USER $NGINX_WORKER_GROUP;"
    command -v nginx >/dev/null || die "nginx is not installed (run scripts/setup.sh)"
    mkdir -p "$PREFIX/tmp" "$MEDIA_DIR"
    share_media_with_nginx
    stop "$PREFIX"
    render_shared
    render "$TEMPLATES/dev.conf.in" "$PREFIX/nginx.conf"
    nginx_says -t -q -p "$PREFIX" -c "$PREFIX/nginx.conf" || die "the nginx config $PREFIX/nginx.conf is invalid"
    nginx_says -p "$PREFIX" -c "$PREFIX/nginx.conf" || die "nginx did not start"
    for _ in $(seq 50); do [ -s "$PREFIX/nginx.pid" ] && return 0; sleep 0.1; done
    die "nginx did not start (see $PREFIX/error.log)"
}

# The app writes media 0640 in directories 0750 (LocalMediaStorage) and nginx's workers read it
# through the group. Started as root, this nginx's workers run as nobody:NGINX_WORKER_GROUP
# (dev.conf's `user` line, the same group the responder's socket gets: lib.sh), so the media
# directory goes to that group with the setgid bit, which every file and directory created below
# it inherits (what is already there is handed over too). Started as another user, the workers
# are that user, who owns the files: nothing to do.
share_media_with_nginx() {
    [ "$(id -u)" = 0 ] && [ -n "$NGINX_WORKER_GROUP" ] || return 0
    chgrp -R "$NGINX_WORKER_GROUP" "$MEDIA_DIR"
    find "$MEDIA_DIR" -type d -exec chmod g+s {} +
    chmod 2750 "$MEDIA_DIR"
}

# Runs nginx with the given arguments and passes on its exit status. Its messages go to stderr,
# without the alert that it cannot open the default error log before reading our config.
nginx_says() {
    local output status=0
    output=$(nginx "$@" 2>&1) || status=$?
    [ -z "$output" ] || grep -v "could not open error log" <<<"$output" >&2 || true
    return "$status"
}

# Graceful first (in-flight requests finish), then fast, then SIGKILL: stopping never hangs. A
# pid file left by an nginx that is gone (its pid may be another process now) is only removed.
stop() {
    local prefix="$1" pid signal
    [ -s "$prefix/nginx.pid" ] || return 0
    pid=$(cat "$prefix/nginx.pid")
    if grep -qF -- "$prefix" "/proc/$pid/cmdline" 2>/dev/null; then
        for signal in QUIT TERM KILL; do
            if [ "$signal" = KILL ]; then pkill -KILL -P "$pid" || true; fi
            kill -"$signal" "$pid" 2>/dev/null || break
            for _ in $(seq 50); do running "$pid" || break 2; sleep 0.1; done
        done
    fi
    rm -f "$prefix/nginx.pid"
}

render_production() {
    local out="$1"
    SERVER_NAME="$2" SOCKET="$3" STATIC_DIR="$4" MEDIA_DIR="$5" NGINX_DIR="$out"
    render_shared
    render "$TEMPLATES/sorashare.conf.in" "$out/sorashare.conf"
    log "wrote $out/sorashare.conf (include it from /etc/nginx/sites-enabled/)"
}

case "${1:-}" in
    start) shift; start "$@" ;;
    stop) shift; stop "$@" ;;
    render-production) shift; render_production "$@" ;;
    *) echo "usage: $0 start PREFIX PORT SOCKET [MAX_BODY] | stop PREFIX | render-production OUTDIR SERVER_NAME SOCKET STATIC_DIR MEDIA_DIR" >&2; exit 2 ;;
esac
