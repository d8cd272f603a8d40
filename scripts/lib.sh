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
RUN_DIR="$DATA/run"
LOG_DIR="$DATA/log"

log() { printf '[%s] %s\n' "$(basename "$0")" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# Runs a command as the cluster's OS user.
as_pg_user() {
    if [ "$(id -u)" = 0 ]; then runuser -u "$PG_OS_USER" -- "$@"; else "$@"; fi
}

# libpq connection string for database $1.
conninfo() { echo "host=$PG_SOCKET_DIR port=$PG_PORT user=sorashare dbname=$1 connect_timeout=3"; }

# The Python tools for tests and local stand-ins, in $DATA/venv (re-installed when
# Tests/Integration/requirements.txt changes).
VENV="$DATA/venv"
ensure_venv() {
    local requirements="$ROOT/Tests/Integration/requirements.txt"
    if [ ! -x "$VENV/bin/pytest" ] || [ ! -f "$VENV/.requirements-ok" ] || [ "$requirements" -nt "$VENV/.requirements-ok" ]; then
        log "installing Python tools into $VENV"
        python3 -m venv "$VENV"
        "$VENV/bin/pip" install -q -r "$requirements"
        touch "$VENV/.requirements-ok"
    fi
}
