#!/usr/bin/env bash
# `make test`: the same set-up as `make run`, then every unit test (swift test, against a real
# PostgreSQL) and every integration test (pytest: real nginx + responder + PostgreSQL, and a
# headless Chromium). Without SORASHARE_CODE_KEYS, the development invite-code keys of
# .data/code-keys.env are used (generated on the first run).
# Every step runs even when one before it failed, and the exit status is non-zero when any did.
# However it ends (a failed step, Ctrl-C, SIGTERM), PostgreSQL is stopped if it was started here,
# and so is the S3 stand-in (moto) that the unit tests of S3MediaStorage talk to; what the
# integration tests start, their fixtures stop.
source "$(dirname "$0")/lib.sh"

bash "$ROOT/scripts/setup.sh" test

pg_started=0
finish() {
    local code=$?
    trap '' INT TERM
    stop_s3_standin
    [ "$pg_started" = 0 ] || bash "$ROOT/scripts/pg.sh" stop || true
    exit "$code"
}
trap finish EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
bash "$ROOT/scripts/pg.sh" status >/dev/null 2>&1 || pg_started=1
bash "$ROOT/scripts/pg.sh" start
bash "$ROOT/scripts/pg.sh" createdb sorashare_test
bash "$ROOT/scripts/pg.sh" createdb sorashare_test_integration

ensure_venv
ensure_code_keys
ensure_log_key
ensure_transparency_key
ensure_secret_key

cd "$ROOT"
status=0
log "lint (swift format, rules in .swift-format)"
swift format lint --strict --recursive Sources Tests Package.swift bench || status=1

# Build output without the progress lines.
quiet_build() { grep -Ev '^\[[0-9]+/[0-9]+\] (Compiling|Emitting|Write|Linking|Build)' || true; }

log "S3 stand-in (moto) for S3MediaStorageLiveTests"
if ! start_s3_standin; then
    log "error: the S3 stand-in did not start: S3MediaStorageLiveTests are skipped"
    status=1
fi

log "unit tests (swift test; a compiler warning fails the build)"
if swift build --build-tests -Xswiftc -warnings-as-errors 2>&1 | quiet_build; then
    SORASHARE_TEST_DATABASE_URL="$(conninfo sorashare_test)" swift test --skip-build 2>&1 | quiet_build || status=1
else
    status=1
fi

# The binary the unit tests were just built with (debug): no second, release build for the tests.
log "integration tests and the stand-ins' self-tests (pytest; paths in pytest.ini)"
SORASHARE_BINARY="$ROOT/.build/debug/sorashare" SORASHARE_TEST_DATABASE_URL="$(conninfo sorashare_test_integration)" \
    "$VENV/bin/pytest" -q || status=1

exit $status
