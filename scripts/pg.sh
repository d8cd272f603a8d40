#!/usr/bin/env bash
# Local PostgreSQL cluster under .data/pg, run by a dedicated non-root user, reachable only
# through a unix socket in .data/pg/run.
#   scripts/pg.sh start            create the cluster if needed and start it
#   scripts/pg.sh stop             stop it (fast shutdown; immediate after 20 s)
#   scripts/pg.sh createdb NAME    create database NAME if it does not exist
#   scripts/pg.sh status           exit status 0 when it is running
source "$(dirname "$0")/lib.sh"

ensure_os_user() {
    [ "$(id -u)" = 0 ] || return 0
    id -u "$PG_OS_USER" >/dev/null 2>&1 && return 0
    log "creating system user $PG_OS_USER to own the database cluster"
    useradd --system --no-create-home --shell /usr/sbin/nologin "$PG_OS_USER"
}

# The cluster's user must be able to reach $PG_DIR through every parent folder.
check_reachable() {
    mkdir -p "$PG_DIR"
    if [ "$(id -u)" = 0 ]; then
        chown "$PG_OS_USER" "$PG_DIR"
        as_pg_user test -w "$PG_DIR" || die "user $PG_OS_USER cannot reach $PG_DIR (a parent folder is not searchable by others); clone the repo somewhere world-searchable or set SORASHARE_DATA"
    fi
}

start() {
    [ -x "$PG_BIN/initdb" ] || die "PostgreSQL server binaries not found (install postgresql; run scripts/setup.sh)"
    ensure_os_user
    check_reachable
    if [ ! -f "$PG_DIR/data/PG_VERSION" ]; then
        log "initialising PostgreSQL cluster in $PG_DIR/data"
        as_pg_user "$PG_BIN/initdb" -D "$PG_DIR/data" -U sorashare -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
    fi
    as_pg_user mkdir -p "$PG_SOCKET_DIR"
    if as_pg_user "$PG_BIN/pg_ctl" -D "$PG_DIR/data" status >/dev/null 2>&1; then
        log "PostgreSQL already running on $PG_SOCKET_DIR:$PG_PORT"
        return 0
    fi
    as_pg_user "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
        -o "-p $PG_PORT -k $PG_SOCKET_DIR -c listen_addresses='' -c max_connections=200" start >/dev/null \
        || { tail -20 "$PG_DIR/server.log" >&2; die "PostgreSQL did not start"; }
    log "PostgreSQL running on $PG_SOCKET_DIR:$PG_PORT"
}

# Fast shutdown (clients are disconnected); immediate if that has not finished in 20 s.
stop() {
    [ -f "$PG_DIR/data/PG_VERSION" ] || return 0
    as_pg_user "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w -t 20 stop >/dev/null 2>&1 \
        || as_pg_user "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w -t 10 stop >/dev/null 2>&1 || true
}

createdb() {
    local name="$1"
    local exists
    exists=$(psql "$(conninfo postgres)" -tAc "SELECT 1 FROM pg_database WHERE datname = '$name'")
    [ "$exists" = 1 ] || psql "$(conninfo postgres)" -qc "CREATE DATABASE \"$name\"" >/dev/null
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    createdb) createdb "${2:?database name}" ;;
    status) as_pg_user "$PG_BIN/pg_ctl" -D "$PG_DIR/data" status ;;
    *) echo "usage: $0 start|stop|createdb NAME|status" >&2; exit 2 ;;
esac
