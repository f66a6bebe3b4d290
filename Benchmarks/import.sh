#!/usr/bin/env bash
# Benchmarks/import.sh — the registry benchmark of BENCHMARKS.md (issue 3) in one run:
#   1. swift build -c release (giamngheo + GiamNgheoBenchmarks)
#   2. giamngheo generate --households $N (unless Benchmarks/data/<N> exists)
#   3. $RUNS times, interleaved, each into a fresh file on the same disk:
#        sqlite3 fresh.db  '.mode csv' '.import households.csv households' '.import members.csv members'
#        giamngheo import --db fresh.db households.csv members.csv
#      wall time and peak RSS from /usr/bin/time -v
#   4. GiamNgheoBenchmarks search --db <the last giamngheo file> --queries $QUERIES
#   5. a summary (also in Benchmarks/results/<UTC time>/import-summary.txt with every log)
# Environment: N (1000000), SEED (42), YEAR (2026), RUNS (3), QUERIES (1000), SCRATCH (.build),
#   SKIP_BUILD=1. Needs: sqlite3 (apt-get install sqlite3), GNU time (apt-get install time).
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-1000000}; SEED=${SEED:-42}; YEAR=${YEAR:-2026}; RUNS=${RUNS:-3}; QUERIES=${QUERIES:-1000}
SCRATCH=${SCRATCH:-.build}
label() { if (( $1 % 1000000 == 0 )); then echo "$(( $1 / 1000000 ))m"; elif (( $1 % 1000 == 0 )); then echo "$(( $1 / 1000 ))k"; else echo "$1"; fi; }
DATA=Benchmarks/data/$(label "$N")
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
RESULTS=Benchmarks/results/$STAMP
WORK=Benchmarks/data/import-work
mkdir -p "$DATA" "$RESULTS" "$WORK"
SUMMARY=$RESULTS/import-summary.txt
: >"$SUMMARY"
say() { echo "$*" | tee -a "$SUMMARY"; }
command -v sqlite3 >/dev/null || { echo "sqlite3 is needed: apt-get install -y sqlite3" >&2; exit 1; }
[[ -x /usr/bin/time ]] || { echo "GNU time is needed: apt-get install -y time" >&2; exit 1; }

say "== GiamNgheo registry import benchmark, $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
say "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(awk '/MemTotal/ {printf "%.0f GiB RAM", $2/1048576}' /proc/meminfo)"
say "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
say "toolchain: $(swift --version 2>/dev/null | head -1); $(sqlite3 --version | cut -d' ' -f1-2 | sed 's/^/sqlite3 /')"
say "source: $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet 2>/dev/null || echo ' + uncommitted changes')"
say "parameters: N=$N SEED=$SEED RUNS=$RUNS QUERIES=$QUERIES data=$DATA"

BUILD=(swift build -c release)
[[ "$SCRATCH" != ".build" ]] && BUILD+=(--scratch-path "$SCRATCH")
if [[ -z "${SKIP_BUILD:-}" ]]; then "${BUILD[@]}" 2>&1 | grep -vE '^\[[0-9]+/[0-9]+\]' | tail -2; fi
BIN=$("${BUILD[@]}" --show-bin-path)
CLI=$BIN/giamngheo; BENCH=$BIN/GiamNgheoBenchmarks

if [[ ! -s "$DATA/households.csv" || ! -s "$DATA/members.csv" ]]; then
    "$CLI" generate --households "$N" --seed "$SEED" --year "$YEAR" --out "$DATA" >/dev/null
fi
say "files: households.csv $(du -m "$DATA/households.csv" | cut -f1) MB ($(($(wc -l <"$DATA/households.csv") - 1)) rows), members.csv $(du -m "$DATA/members.csv" | cut -f1) MB ($(($(wc -l <"$DATA/members.csv") - 1)) rows)"

measure() { # name logfile cmd... → "wall_s rss_mib"
    local name=$1 log=$2; shift 2
    sync
    /usr/bin/time -v "$@" >"$log" 2>&1 || { echo "$name failed, see $log" >&2; tail -5 "$log" >&2; exit 1; }
    local wall rss
    wall=$(grep 'Elapsed (wall clock)' "$log" | awk -F': ' '{print $2}' | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
    rss=$(grep 'Maximum resident set size' "$log" | awk -F': ' '{printf "%.0f", $2/1024}')
    echo "$wall $rss"
}

declare -a SQ GN
for run in $(seq 1 "$RUNS"); do
    rm -f "$WORK"/raw.db* "$WORK"/registry.db*
    printf '.mode csv\n.import %s households\n.import %s members\n' "$DATA/households.csv" "$DATA/members.csv" >"$WORK/import.sql"
    r=$(measure sqlite3 "$RESULTS/sqlite3-$run.log" sqlite3 "$WORK/raw.db" ".read $WORK/import.sql")
    SQ+=("$r"); say "run $run: sqlite3 .import      $r (s, MiB) → $(du -m "$WORK/raw.db" | cut -f1) MB"
    r=$(measure giamngheo "$RESULTS/giamngheo-$run.log" "$CLI" import --db "$WORK/registry.db" --year "$YEAR" "$DATA/households.csv" "$DATA/members.csv")
    GN+=("$r"); say "run $run: giamngheo import    $r (s, MiB) → $(du -m "$WORK/registry.db" | cut -f1) MB"
done
best() { printf '%s\n' "$@" | sort -n | head -1; }
sq=$(best "${SQ[@]}"); gn=$(best "${GN[@]}")
say ""
say "best of $RUNS: sqlite3 .import ${sq% *} s (${sq#* } MiB); giamngheo import ${gn% *} s (${gn#* } MiB); ratio $(echo "${gn% *} ${sq% *}" | awk '{printf "%.2f", $1/$2}')×"
say "giamngheo import output: $(grep -m1 'Đã nhập' "$RESULTS/giamngheo-$RUNS.log")"
say ""
"$BENCH" search --db "$WORK/registry.db" --queries "$QUERIES" | tee -a "$SUMMARY"
say "results: $RESULTS"
