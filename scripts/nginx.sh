#!/usr/bin/env bash
# Renders the nginx configs in nginx/ and runs a private nginx on 127.0.0.1.
#   scripts/nginx.sh start PREFIX PORT SOCKET [MAX_BODY]   render into PREFIX and start
#   scripts/nginx.sh stop PREFIX
#   scripts/nginx.sh render-production OUTDIR SERVER_NAME SOCKET STATIC_DIR MEDIA_DIR
# NGINX_SIGNIN_RATE sets the per-client rate of /auth/ requests (default 30r/m; tests raise it).
source "$(dirname "$0")/lib.sh"

# render TEMPLATE OUT: replaces @NAME@ with the value of the shell variable NAME.
render() {
    sed -e "s|@PREFIX@|${PREFIX:-}|g" -e "s|@PORT@|${PORT:-}|g" -e "s|@SOCKET@|${SOCKET:-}|g" \
        -e "s|@MAX_BODY@|${MAX_BODY:-17m}|g" -e "s|@STATIC_DIR@|${STATIC_DIR:-}|g" -e "s|@MEDIA_DIR@|${MEDIA_DIR:-}|g" \
        -e "s|@NGINX_DIR@|${NGINX_DIR:-}|g" -e "s|@SERVER_NAME@|${SERVER_NAME:-}|g" \
        -e "s|@SIGNIN_RATE@|${NGINX_SIGNIN_RATE:-30r/m}|g" "$1" > "$2"
}

render_shared() {
    mkdir -p "$NGINX_DIR"
    render "$ROOT/nginx/sorashare-app.conf.in" "$NGINX_DIR/sorashare-app.conf"
    render "$ROOT/nginx/sorashare-fastcgi.conf.in" "$NGINX_DIR/sorashare-fastcgi.conf"
    render "$ROOT/nginx/zones.conf.in" "$NGINX_DIR/zones.conf"
}

start() {
    PREFIX="$1" PORT="$2" SOCKET="$3" MAX_BODY="${4:-17m}"
    STATIC_DIR="$ROOT/static" MEDIA_DIR="$DATA/media" NGINX_DIR="$PREFIX/conf"
    command -v nginx >/dev/null || die "nginx is not installed (run scripts/setup.sh)"
    mkdir -p "$PREFIX/tmp" "$MEDIA_DIR"
    stop "$PREFIX"
    render_shared
    render "$ROOT/nginx/dev.conf.in" "$PREFIX/nginx.conf"
    nginx -t -q -p "$PREFIX" -c "$PREFIX/nginx.conf" 2>&1 | grep -v "could not open error log" >&2 || true
    nginx -p "$PREFIX" -c "$PREFIX/nginx.conf" 2>&1 | grep -v "could not open error log" >&2 || true
    for _ in $(seq 50); do [ -s "$PREFIX/nginx.pid" ] && return 0; sleep 0.1; done
    die "nginx did not start (see $PREFIX/error.log)"
}

stop() {
    local prefix="$1"
    [ -s "$prefix/nginx.pid" ] || return 0
    local pid; pid=$(cat "$prefix/nginx.pid")
    kill -QUIT "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    rm -f "$prefix/nginx.pid"
}

render_production() {
    local out="$1"
    SERVER_NAME="$2" SOCKET="$3" STATIC_DIR="$4" MEDIA_DIR="$5" NGINX_DIR="$out"
    render_shared
    render "$ROOT/nginx/sorashare.conf.in" "$out/sorashare.conf"
    log "wrote $out/sorashare.conf (include it from /etc/nginx/sites-enabled/)"
}

case "${1:-}" in
    start) shift; start "$@" ;;
    stop) shift; stop "$@" ;;
    render-production) shift; render_production "$@" ;;
    *) echo "usage: $0 start PREFIX PORT SOCKET [MAX_BODY] | stop PREFIX | render-production OUTDIR SERVER_NAME SOCKET STATIC_DIR MEDIA_DIR" >&2; exit 2 ;;
esac
