#!/usr/bin/env bash
# Benchmarks/web-profile.sh — one endpoint of Benchmarks/web.sh under wrk, optionally under perf:
# what the "100k figures" of BENCHMARKS.md's web section were measured with (and the profiles).
#   Benchmarks/web-profile.sh BIN DATA_DIR page|search|static|login [SECONDS]
# DATA_DIR is a directory web.sh created (web.db and passwords.txt), e.g. Benchmarks/data/web-100k after
# `N=100000 Benchmarks/web.sh`; the paths are that run's latest Benchmarks/results/*/(page|search)-paths.txt.
# static (/static/app.css) and login (the sign-in page) measure what the server costs around a route.
# Prints wrk's summary and the server's CPU time (user + system, /proc) per request: on this shared
# machine a steadier guide than requests/s, which move with the other engineers' builds.
# PERF=1 records `perf record -F 999 -g` of the server into $OUT/perf.data; C (64) connections; PORT (18090).
set -euo pipefail
BIN=$1; DATA=$2; WHICH=$3; SECS=${4:-10}; PORT=${PORT:-18090}; OUT=${OUT:-$(mktemp -d)}
cd "$(dirname "$0")/.."
source Benchmarks/web-session.sh
"$BIN" serve --db "$DATA/web.db" --host 127.0.0.1 --port "$PORT" >"$OUT/serve.log" 2>&1 &
S=$!
trap 'kill $S 2>/dev/null && wait $S 2>/dev/null || true' EXIT
until curl -s -o /dev/null "http://127.0.0.1:$PORT/login"; do kill -0 $S || { tail -3 "$OUT/serve.log"; exit 1; }; sleep 0.3; done
BASE=http://127.0.0.1:$PORT
web_sign_in "$BASE" "$DATA/passwords.txt" "$OUT" "$BIN" "$DATA/web.db"
RESULTS=$(ls -d Benchmarks/results/*/ | while read -r d; do [[ -s $d/page-paths.txt ]] && grep -q "db=$DATA/web.db" "$d/web-summary.txt" 2>/dev/null && echo "$d" || true; done | tail -1)
[[ -n "$RESULTS" ]] || { echo "no Benchmarks/results run of web.sh on $DATA" >&2; exit 1; }
case $WHICH in
    page) H="Cookie: gn_session=$COOKIE"; P=$RESULTS/page-paths.txt ;;
    search) H="Authorization: Bearer $TOKEN"; P=$RESULTS/search-paths.txt ;;
    static|login) H="Accept: */*"; P=$OUT/$WHICH-paths.txt
        if [[ $WHICH == static ]]; then echo /static/app.css >"$P"; else echo /login >"$P"; fi ;;
    *) echo "page, search, static or login" >&2; exit 2 ;;
esac
cpu() { awk '{print $14 + $15}' "/proc/$S/stat"; }   # clock ticks, user + system
wrk -t2 -c"${C:-64}" -d3s -H "$H" -s Benchmarks/wrk-paths.lua "$BASE" -- "$P" >/dev/null
if [[ -n "${PERF:-}" ]]; then perf record -F 999 -g -p $S -o "$OUT/perf.data" -- sleep "$SECS" >/dev/null 2>&1 & PP=$!; fi
before=$(cpu)
summary=$(wrk -t2 -c"${C:-64}" -d"${SECS}s" --latency -H "$H" -s Benchmarks/wrk-paths.lua "$BASE" -- "$P" | grep -E "wrk-summary")
after=$(cpu)
echo "$summary"
requests=$(echo "$summary" | sed -E 's/.*requests=([0-9]+).*/\1/')
echo "server CPU per request: $(( (after - before) * 1000000 / $(getconf CLK_TCK) / requests )) us ($WHICH, ${C:-64} connections, load $(cut -d' ' -f1-3 /proc/loadavg))"
if [[ -n "${PERF:-}" ]]; then wait $PP; echo "perf data: $OUT/perf.data"; fi
