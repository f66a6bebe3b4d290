#!/usr/bin/env bash
# Benchmarks/web.sh — the web application benchmark of BENCHMARKS.md (issue 4) in one run:
#   1. swift build -c release
#   2. the demo registry scaled to $N households: `giamngheo serve --demo-households $N` on a new
#      file (kept in Benchmarks/data/web-<N>/ and reused by later runs: creating it takes minutes;
#      the demo passwords it prints once are kept beside it, mode 600)
#   3. the release server on 127.0.0.1, signed in as the demo province officer (PRV, the whole
#      province in scope: every household page shows the full CCCD and writes a read_personal
#      audit entry, every search lists names and writes one too)
#   4. wrk from Debian on loopback, for each of $CONNECTIONS (64 256), $DURATION each after a
#      5-second warm-up, 2 wrk threads:
#        household page   GET /households/<code>      (HTML, session cookie), 10,000 random codes
#        search API       GET /api/v1/households?q=…  (JSON, bearer token), 1,000 random member
#                         names typed without diacritics
#      p50/p90/p99/max latency and requests/s from wrk's own histogram; non-2xx answers are errors;
#      the server's CPU time (user + system, /proc/<pid>/stat) over the measured run per request
#   5. the server's RSS after each step (and its anonymous part, without the mapped registry file)
#      and its peak (VmHWM), and a summary
#      (Benchmarks/results/<UTC time>/web-summary.txt, with wrk's and the server's logs)
# Environment: N (1000000), DURATION (30s), CONNECTIONS ("64 256"), PORT (18080), SCRATCH (.build),
#   SKIP_BUILD=1, GIAMNGHEO_BIN (a giamngheo binary to run instead of the release build; SKIP_BUILD too);
#   GIAMNGHEO_EXECUTOR=eventloops reaches the server (handlers on NIO's event loops, see ServeCommand).
#   Needs: wrk, sqlite3, curl (apt-get install wrk sqlite3 curl).
set -euo pipefail
cd "$(dirname "$0")/.."
source Benchmarks/web-session.sh
N=${N:-1000000}; DURATION=${DURATION:-30s}; CONNECTIONS=${CONNECTIONS:-"64 256"}; PORT=${PORT:-18080}
SCRATCH=${SCRATCH:-.build}
label() { if (( $1 % 1000000 == 0 )); then echo "$(( $1 / 1000000 ))m"; elif (( $1 % 1000 == 0 )); then echo "$(( $1 / 1000 ))k"; else echo "$1"; fi; }
DATA=Benchmarks/data/web-$(label "$N")
DB=$DATA/web.db
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
RESULTS=Benchmarks/results/$STAMP
mkdir -p "$DATA" "$RESULTS"
SUMMARY=$RESULTS/web-summary.txt
: >"$SUMMARY"
say() { echo "$*" | tee -a "$SUMMARY"; }
for tool in wrk sqlite3 curl python3; do
    command -v "$tool" >/dev/null || { echo "$tool is needed (apt-get install -y wrk sqlite3 curl)" >&2; exit 1; }
done

BUILD=(swift build -c release --product giamngheo)
[[ "$SCRATCH" != ".build" ]] && BUILD+=(--scratch-path "$SCRATCH")
if [[ -z "${SKIP_BUILD:-}" ]]; then "${BUILD[@]}" 2>&1 | grep -vE '^\[[0-9]+/[0-9]+\]' | tail -2; fi
CLI=${GIAMNGHEO_BIN:-$("${BUILD[@]}" --show-bin-path)/giamngheo}

say "== GiamNgheo web benchmark, $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
say "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(awk '/MemTotal/ {printf "%.0f GiB RAM", $2/1048576}' /proc/meminfo)"
say "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
say "toolchain: $(swift --version 2>/dev/null | head -1); $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2)"
say "source: $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet 2>/dev/null || echo ' + uncommitted changes')"
say "parameters: N=$N DURATION=$DURATION CONNECTIONS=$CONNECTIONS db=$DB"

SERVER=""
stop_server() { if [[ -n "$SERVER" ]] && kill -0 "$SERVER" 2>/dev/null; then kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; fi; SERVER=""; }
trap stop_server EXIT

# Starts the server on $DB (SERVER = its pid, STARTED = seconds until it answered).
start_server() {
    local log=$1
    "$CLI" serve --db "$DB" --host 127.0.0.1 --port "$PORT" --demo-households "$N" >"$log" 2>&1 &
    SERVER=$!
    local started=$SECONDS
    until grep -q "GiamNgheo đang chạy" "$log"; do
        kill -0 "$SERVER" 2>/dev/null || { echo "server exited, see $log" >&2; tail -5 "$log" >&2; exit 1; }
        sleep 1
    done
    until curl -s -o /dev/null "http://127.0.0.1:$PORT/login"; do sleep 0.2; done
    STARTED=$(( SECONDS - started ))
}

if [[ ! -s "$DB" || ! -s "$DATA/passwords.txt" ]]; then
    rm -f "$DB" "$DB"-wal "$DB"-shm "$DATA/passwords.txt"
    start_server "$RESULTS/serve-create.log"
    (umask 077; grep -E '^  [a-z.]+ +[A-Za-z0-9]{12} ' "$RESULTS/serve-create.log" | awk '{print $1, $2}' >"$DATA/passwords.txt")
    sed -i -E -e 's/^(  [a-z.]+ +)[A-Za-z0-9]{12}/\1************/' -e 's/(khóa TOTP[^:]*: ).*/\1****/' "$RESULTS/serve-create.log"
    say "demo registry created by serve --demo-households $N in ${STARTED} s: $(du -m "$DB" | cut -f1) MB"
    stop_server
fi
say "registry: $(sqlite3 "$DB" 'SELECT count(*) FROM household') households, $(sqlite3 "$DB" 'SELECT count(*) FROM member') members, $(du -m "$DB" | cut -f1) MB"

# The paths: random household codes, and random member names typed without diacritics.
sqlite3 "$DB" "SELECT code FROM household ORDER BY random() LIMIT 10000" | sed 's|^|/households/|' >"$RESULTS/page-paths.txt"
sqlite3 "$DB" "SELECT full_name FROM member WHERE id IN (SELECT abs(random()) % (SELECT max(id) FROM member) + 1 FROM generate_series(1, 1200)) LIMIT 1000" 2>/dev/null \
    >"$RESULTS/names.txt" || sqlite3 "$DB" "SELECT full_name FROM member ORDER BY random() LIMIT 1000" >"$RESULTS/names.txt"
python3 - "$RESULTS/names.txt" >"$RESULTS/search-paths.txt" <<'EOF'
import sys, unicodedata, urllib.parse
for name in open(sys.argv[1], encoding="utf-8"):
    t = name.strip().replace("đ", "d").replace("Đ", "D")
    t = "".join(c for c in unicodedata.normalize("NFD", t) if not unicodedata.combining(c)).lower()
    print("/api/v1/households?q=" + urllib.parse.quote(" ".join(t.split())))
EOF

start_server "$RESULTS/serve.log"
say "server started in ${STARTED} s (pid $SERVER)"
rss() { awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$SERVER/status"; }
# The server's own memory, without the registry file's pages it maps (SQLite's mmap_size: the OS's
# file cache, shared and reclaimable, counted in VmRSS as RssFile).
anon() { awk '/RssAnon/ {printf "%.0f", $2/1024}' "/proc/$SERVER/status"; }
cpu() { awk '{print $14 + $15}' "/proc/$SERVER/stat"; }   # clock ticks, user + system
hwm() { awk '/VmHWM/ {printf "%.0f", $2/1024}' "/proc/$SERVER/status"; }
say "server RSS after start: $(rss) MiB ($(anon) MiB anonymous)"

BASE=http://127.0.0.1:$PORT
web_sign_in "$BASE" "$DATA/passwords.txt" "$RESULTS" "$CLI" "$DB"
first_page=$(head -1 "$RESULTS/page-paths.txt")
code=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: gn_session=$COOKIE" "$BASE$first_page")
[[ $code == 200 ]] || { echo "GET $first_page answered $code" >&2; exit 1; }
first_search=$(head -1 "$RESULTS/search-paths.txt")
code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "$BASE$first_search")
[[ $code == 200 ]] || { echo "GET $first_search answered $code" >&2; exit 1; }
say "dashboard tallies warmed at start: $(grep -o 'dashboard tallies ready.*' "$RESULTS/serve.log" || echo 'not yet when the dashboard was asked for')"
say "dashboard of the province (1 request, not the benchmark): $(curl -s -o /dev/null -w '%{time_total}' -H "Cookie: gn_session=$COOKIE" "$BASE/") s"

say ""
say "| endpoint | connections | requests/s | p50 ms | p90 ms | p99 ms | max ms | non-2xx | server CPU µs/request | server RSS MiB (anonymous) |"
say "|---|---|---|---|---|---|---|---|---|---|"
run_wrk() { # name header paths connections
    local name=$1 header=$2 paths=$3 c=$4 log
    log="$RESULTS/wrk-$name-$c.log"
    wrk -t2 -c"$c" -d5s -H "$header" -s Benchmarks/wrk-paths.lua "$BASE" -- "$paths" >/dev/null
    local before; before=$(cpu)
    wrk -t2 -c"$c" -d"$DURATION" --timeout 10s --latency -H "$header" -s Benchmarks/wrk-paths.lua "$BASE" -- "$paths" >"$log"
    local used=$(( $(cpu) - before ))
    local line; line=$(grep '^wrk-summary' "$log")
    get() { echo "$line" | tr ' ' '\n' | awk -F= -v k="$1" '$1 == k {print $2}'; }
    local errors=$(( $(get errors_status) + $(get errors_connect) + $(get errors_timeout) ))
    say "| $name | $c | $(get rps) | $(get p50_ms) | $(get p90_ms) | $(get p99_ms) | $(get max_ms) | $errors | $(( used * 1000000 / $(getconf CLK_TCK) / $(get requests) )) | $(rss) ($(anon)) |"
}
for c in $CONNECTIONS; do
    run_wrk "household page" "Cookie: gn_session=$COOKIE" "$RESULTS/page-paths.txt" "$c"
    run_wrk "search API" "Authorization: Bearer $TOKEN" "$RESULTS/search-paths.txt" "$c"
done
say ""
say "server peak RSS (VmHWM): $(hwm) MiB"
say "audit entries written: $(sqlite3 "$DB" 'SELECT count(*) FROM audit_log')"
say "results: $RESULTS"
