#!/usr/bin/env bash
# Installs what SoraShare needs on a Debian/Ubuntu machine (only what is missing) and builds
# the release binary. `scripts/setup.sh test` installs what the tests need instead, and builds
# nothing (test.sh builds the tests).
source "$(dirname "$0")/lib.sh"

PACKAGES=(libfcgi-dev libpq-dev libssl-dev openssl libcurl4 nginx postgresql postgresql-contrib postgresql-client python3 python3-venv ffmpeg git)
[ "${1:-}" = test ] && PACKAGES+=(spawn-fcgi libfcgi-bin chromium chromium-driver)
[ "${1:-}" = bench ] && PACKAGES+=(wrk php-fpm gcc)

missing=()
for package in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
    log "installing: ${missing[*]}"
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    # Debian starts a system-wide nginx and PostgreSQL on install; SoraShare runs its own.
    for service in nginx postgresql; do $SUDO service "$service" stop >/dev/null 2>&1 || true; done
fi
command -v swift >/dev/null || die "Swift 6 is required (https://www.swift.org/install/linux/)"

# `make test` builds (debug, with the tests) in test.sh and runs that binary; everything else
# runs the release build.
[ "${1:-}" = test ] && exit 0
log "building (release)"
cd "$ROOT" && swift build -c release 2>&1 | { grep -Ev '^\[[0-9]+/[0-9]+\]' || true; } >&2
