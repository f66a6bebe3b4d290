#!/usr/bin/env bash
# The API against its OpenAPI document, with schemathesis (PyPI) on the live server.
#
#   Tests/API/run.sh                                   # uses .build/debug/giamngheo
#   GIAMNGHEO_BIN=.build-x/debug/giamngheo Tests/API/run.sh
#   GIAMNGHEO_API_INSTALL=1 Tests/API/run.sh           # pip-install schemathesis when missing
#
# Starts `giamngheo serve` on a new temporary demo database on a free loopback port, signs in as
# two demo accounts — the province officer (PRV: every read, users, audit; its second factor's
# code from `giamngheo users otp`) and the commune officer (COM: edits and imports) — makes an API
# token for each, and runs schemathesis over /api/v1/openapi.json once per token with the checks
# not_a_server_error, status_code_conformance, content_type_conformance and
# response_schema_conformance. Bounded: a fixed seed and SCHEMATHESIS_MAX_EXAMPLES (default 25)
# cases per operation, one worker (with several, Hypothesis's source introspection of lambdas —
# not thread-safe — now and then fails inside schemathesis: a tool error, not a finding). Revoking a token (DELETE /api/v1/tokens/{id}) is left out: the run would
# revoke its own. Reports (JUnit) and the server log go to test-artifacts/api/. Anything missing
# is an error: this runner never skips.
set -euo pipefail
cd "$(dirname "$0")/../.."

SCHEMATHESIS_VERSION=4.32.5
PYTHON=${PYTHON:-python3}
BIN=${GIAMNGHEO_BIN:-.build/debug/giamngheo}
MAX_EXAMPLES=${SCHEMATHESIS_MAX_EXAMPLES:-25}
ARTIFACTS=${GIAMNGHEO_API_ARTIFACTS:-test-artifacts/api}

fail() { echo "Tests/API/run.sh: $*" >&2; exit 1; }
have_schemathesis() { "$PYTHON" -c 'import schemathesis' >/dev/null 2>&1; }

if [[ ${GIAMNGHEO_API_INSTALL:-0} == 1 ]] && ! have_schemathesis; then
    echo "Tests/API/run.sh: installing schemathesis==$SCHEMATHESIS_VERSION (PyPI)" >&2
    # A Debian system Python refuses pip installs (PEP 668) unless told to.
    "$PYTHON" -m pip install -q --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION" \
        || "$PYTHON" -m pip install -q --disable-pip-version-check --break-system-packages "schemathesis==$SCHEMATHESIS_VERSION" \
        || fail "pip install schemathesis==$SCHEMATHESIS_VERSION failed"
fi
command -v "$PYTHON" >/dev/null 2>&1 || fail "$PYTHON not found"
have_schemathesis || fail "python module schemathesis not found (pip install schemathesis==$SCHEMATHESIS_VERSION, or GIAMNGHEO_API_INSTALL=1)"
command -v curl >/dev/null 2>&1 || fail "curl not found"
[[ -x $BIN ]] || fail "server binary $BIN not found (swift build, or set GIAMNGHEO_BIN)"
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")

mkdir -p "$ARTIFACTS"
ARTIFACTS=$(cd "$ARTIFACTS" && pwd)
WORK=$(mktemp -d -t giamngheo-api-XXXXXX)
DB=$WORK/api.db
PORT=$("$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
BASE=http://127.0.0.1:$PORT
SERVER=""
cleanup() {
    if [[ -n "$SERVER" ]] && kill -0 "$SERVER" 2>/dev/null; then kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT

"$BIN" serve --db "$DB" --host 127.0.0.1 --port "$PORT" --demo-households 400 --argon2-memory-kib 1024 --argon2-iterations 1 \
    >"$WORK/serve.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 600); do
    grep -q "GiamNgheo đang chạy" "$WORK/serve.log" && curl -s -o /dev/null "$BASE/login" && break
    kill -0 "$SERVER" 2>/dev/null || { cat "$WORK/serve.log" >&2; fail "server exited before it was ready"; }
    sleep 0.5
done
curl -s -o /dev/null "$BASE/login" || fail "server not ready after 300 s"
# The log is an artifact: no passwords or TOTP secrets in it.
sed -E -e 's/^(  [a-z.]+ +)[A-Za-z0-9]{12}/\1************/' -e 's/(khóa TOTP[^:]*: ).*/\1****/' "$WORK/serve.log" >"$ARTIFACTS/server.log"

# sign_in USER → an API token of USER, made from a session signed in through the JSON API.
sign_in() {
    local user=$1 password otp="" body csrf
    password=$(awk -v u="$user" '$1 == u {print $2; exit}' "$WORK/serve.log")
    [[ -n "$password" ]] || fail "no password printed for $user"
    if grep -A1 -E "^  $user " "$WORK/serve.log" | grep -q "khóa TOTP"; then
        otp=$("$BIN" users otp "$user" --db "$DB" 2>/dev/null) || fail "giamngheo users otp $user failed"
    fi
    body=$(USER_NAME=$user PASSWORD=$password OTP=$otp "$PYTHON" -c 'import json, os
d = {"username": os.environ["USER_NAME"], "password": os.environ["PASSWORD"]}
if os.environ["OTP"]: d["otp"] = os.environ["OTP"]
print(json.dumps(d))')
    curl -s -c "$WORK/$user.cookies" -H 'Content-Type: application/json' -d "$body" "$BASE/api/v1/session" >"$WORK/$user.session"
    csrf=$("$PYTHON" -c 'import json, sys; print(json.load(open(sys.argv[1]))["csrf_token"])' "$WORK/$user.session" 2>/dev/null) \
        || fail "sign-in as $user refused: $(cat "$WORK/$user.session")"
    curl -s -b "$WORK/$user.cookies" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' -d '{"name":"schemathesis","days":1}' \
        "$BASE/api/v1/tokens" | "$PYTHON" -c 'import json, sys; print(json.load(sys.stdin)["token"])' \
        || fail "no API token for $user"
}

# Both tokens first: fuzzing POST /api/v1/session with wrong passwords soon trips the address's
# login throttle (20 failures in 15 minutes), after which no sign-in from 127.0.0.1 would pass.
declare -A TOKENS
for user in tinh.hatinh xa.canbo; do TOKENS[$user]=$(sign_in "$user"); done

status=0
for user in tinh.hatinh xa.canbo; do
    token=${TOKENS[$user]}
    echo "schemathesis as $user (max $MAX_EXAMPLES examples per operation) against $BASE/api/v1/openapi.json"
    # From the temporary folder: schemathesis keeps a cache (.schemathesis/) in its working directory.
    (cd "$WORK" && "$PYTHON" -m schemathesis.cli run "$BASE/api/v1/openapi.json" \
        --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
        --header "Authorization: Bearer $token" \
        --exclude-path '/api/v1/tokens/{id}' \
        --max-examples "$MAX_EXAMPLES" --seed 20261207 --workers 1 --request-timeout 60 \
        --report junit --report-junit-path "$ARTIFACTS/schemathesis-$user.xml") \
        || status=1
done
kill -0 "$SERVER" 2>/dev/null || fail "the server died during the run; see $ARTIFACTS/server.log"
exit $status
