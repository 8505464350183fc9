#!/usr/bin/env bash
# Install Debian's Chromium for the browser tests (tests/browser/), if it is missing.
#
#   .ci/browser.sh            # as root; prints the path of the browser
#
# Idempotent: nothing is installed when a Chromium is already there. Playwright's own browser
# downloads (`playwright install`) are never used: the tests launch this executable
# (QUOTEGRAPH_CHROMIUM overrides the path).
set -euo pipefail

find_chromium() {
    local c
    for c in "${QUOTEGRAPH_CHROMIUM:-}" /usr/bin/chromium "$(command -v chromium 2>/dev/null || true)"; do
        if [ -n "$c" ] && [ -x "$c" ]; then
            echo "$c"
            return 0
        fi
    done
    return 1
}

if exe="$(find_chromium)"; then
    echo "$exe"
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "browser.sh: Chromium is not installed; run as root or: apt-get install -y chromium" >&2
    exit 1
fi
echo "browser.sh: installing chromium (apt-get)" >&2
DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >&2
exe="$(find_chromium)" || { echo "browser.sh: chromium installed but not found on PATH" >&2; exit 1; }
"$exe" --version >&2 || true
echo "$exe"
