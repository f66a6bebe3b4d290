#!/usr/bin/env bash
# Browser tests (headless Chromium + Selenium) against the real server binary.
#
#   Tests/Browser/run.sh                                   # uses .build/debug/giamngheo
#   GIAMNGHEO_BIN=.build-x/debug/giamngheo Tests/Browser/run.sh
#   GIAMNGHEO_BROWSER_INSTALL=1 Tests/Browser/run.sh       # install Chromium/chromedriver/selenium when missing
#
# Screenshots (one per step) and the server logs go to test-artifacts/browser/ (review campaign: 20-*.png, server-review.log).
# Anything missing is an error: this runner never skips.
set -euo pipefail
cd "$(dirname "$0")/../.."

SELENIUM_VERSION=4.51.0
PYTHON=${PYTHON:-python3}
export GIAMNGHEO_BIN=${GIAMNGHEO_BIN:-.build/debug/giamngheo}
export SE_OFFLINE=true   # Selenium Manager must never try to download a browser or a driver

fail() { echo "Tests/Browser/run.sh: $*" >&2; exit 1; }

have_browser() { command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; }
have_selenium() { "$PYTHON" -c 'import selenium' >/dev/null 2>&1; }

if [[ ${GIAMNGHEO_BROWSER_INSTALL:-0} == 1 ]]; then
    SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO="sudo"
    if ! have_browser; then
        echo "Tests/Browser/run.sh: installing chromium and chromium-driver (Debian)" >&2
        $SUDO apt-get update -qq >/dev/null
        DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver >/dev/null \
            || fail "apt-get install chromium chromium-driver failed"
    fi
    if ! have_selenium; then
        echo "Tests/Browser/run.sh: installing selenium==$SELENIUM_VERSION (PyPI)" >&2
        # A Debian system Python refuses pip installs (PEP 668) unless told to.
        "$PYTHON" -m pip install -q --disable-pip-version-check "selenium==$SELENIUM_VERSION" \
            || "$PYTHON" -m pip install -q --disable-pip-version-check --break-system-packages "selenium==$SELENIUM_VERSION" \
            || fail "pip install selenium==$SELENIUM_VERSION failed"
    fi
fi

command -v "$PYTHON" >/dev/null 2>&1 || fail "$PYTHON not found"
command -v chromium >/dev/null 2>&1 || fail "chromium not found (apt-get install chromium, or GIAMNGHEO_BROWSER_INSTALL=1)"
command -v chromedriver >/dev/null 2>&1 || fail "chromedriver not found (apt-get install chromium-driver, or GIAMNGHEO_BROWSER_INSTALL=1)"
have_selenium || fail "python module selenium not found (pip install selenium==$SELENIUM_VERSION, or GIAMNGHEO_BROWSER_INSTALL=1)"
[[ -x $GIAMNGHEO_BIN ]] || fail "server binary $GIAMNGHEO_BIN not found (swift build, or set GIAMNGHEO_BIN)"

echo "browser tests: $(chromium --version 2>/dev/null | head -1), $(chromedriver --version | head -1 | cut -d' ' -f1-2)," \
     "selenium $("$PYTHON" -c 'import selenium; print(selenium.__version__)'), server $GIAMNGHEO_BIN"
mkdir -p test-artifacts/browser
status=0
"$PYTHON" Tests/Browser/test_web_ui.py || status=1
# The review workflows end to end (issue 6): three monthly batches and a whole campaign on a test clock.
"$PYTHON" Tests/Browser/test_review_campaign.py || status=1
exit $status
