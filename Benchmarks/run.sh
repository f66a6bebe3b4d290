#!/usr/bin/env bash
# Benchmarks/run.sh — the whole benchmark of BENCHMARKS.md in one run:
#   1. swift build -c release
#   2. giamngheo generate --households $N --seed $SEED --year $YEAR --out Benchmarks/data/<N>
#   3. giamngheo classify (CSV in → CSV out) vs Benchmarks/duckdb_classify.py on the same CSVs,
#      $RUNS runs each, interleaved, wall / CPU time and peak RSS from /usr/bin/time -v
#   4. the two outputs compared (class agreement, byte identity); the same on a 100k set and on a
#      perturbed 100k set (perturb_registry.py: aliases, survey answers, blank facts, other dates)
#   5. GiamNgheoBenchmarks engine and generate
#   6. a summary (also written to Benchmarks/results/<UTC time>/summary.txt with every log)
#
# Re-runnable: data and results live in git-ignored Benchmarks/data and Benchmarks/results.
# Environment: N (1000000), SEED (42), YEAR (2026), RUNS (3), ENGINE_REPS (15), GEN_REPS (3),
#   SCRATCH (SwiftPM scratch path, default .build), SKIP_BUILD=1, SKIP_AGREEMENT=1, SKIP_DUCKDB_1T=1.
# Needs: Swift 6.1+, python3 with duckdb (pip install duckdb), GNU time (/usr/bin/time).
set -euo pipefail
cd "$(dirname "$0")/.."

N=${N:-1000000}
SEED=${SEED:-42}
YEAR=${YEAR:-2026}
RUNS=${RUNS:-3}
ENGINE_REPS=${ENGINE_REPS:-15}
GEN_REPS=${GEN_REPS:-3}
SCRATCH=${SCRATCH:-.build}

label() { # 1000000 → 1m, 100000 → 100k
    if (( $1 % 1000000 == 0 )); then echo "$(( $1 / 1000000 ))m"
    elif (( $1 % 1000 == 0 )); then echo "$(( $1 / 1000 ))k"
    else echo "$1"; fi
}
DATA=Benchmarks/data/$(label "$N")
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
RESULTS=Benchmarks/results/$STAMP
mkdir -p "$DATA" "$RESULTS"
SUMMARY=$RESULTS/summary.txt
: >"$SUMMARY"
say() { echo "$*" | tee -a "$SUMMARY"; }
[[ -x /usr/bin/time ]] || { echo "GNU time (/usr/bin/time) is needed: apt-get install -y time" >&2; exit 1; }
python3 -c 'import duckdb' 2>/dev/null || { echo "python3 -m pip install duckdb" >&2; exit 1; }

say "== GiamNgheo benchmarks, $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
say "machine: $(nproc) cores (nproc), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(awk '/MemTotal/ {printf "%.0f GiB RAM", $2/1048576}' /proc/meminfo), $(uname -sr)"
say "load before: $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min; other jobs on the machine inflate wall times)"
say "toolchain: $(swift --version 2>/dev/null | head -1); duckdb $(python3 -c 'import duckdb; print(duckdb.__version__)'); $(python3 --version)"
say "source: $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet 2>/dev/null || echo ' + uncommitted changes')"
say "parameters: N=$N SEED=$SEED YEAR=$YEAR RUNS=$RUNS data=$DATA results=$RESULTS"
say ""

# 1. Build -----------------------------------------------------------------------------------
BUILD=(swift build -c release)
[[ "$SCRATCH" != ".build" ]] && BUILD+=(--scratch-path "$SCRATCH")
if [[ -z "${SKIP_BUILD:-}" ]]; then
    say "\$ ${BUILD[*]}"
    "${BUILD[@]}" 2>&1 | grep -vE '^\[[0-9]+/[0-9]+\]' | tail -3
fi
BIN=$("${BUILD[@]}" --show-bin-path)
CLI=$BIN/giamngheo
BENCH=$BIN/GiamNgheoBenchmarks
[[ -x "$CLI" && -x "$BENCH" ]] || { echo "missing $CLI or $BENCH" >&2; exit 1; }

# /usr/bin/time -v wrapper: measure NAME CMD… → $RESULTS/NAME.<k>.time (and .log)
declare -A RUNCOUNT=()
measure() {
    local name=$1; shift
    local k=$(( ${RUNCOUNT[$name]:-0} + 1 ))
    RUNCOUNT[$name]=$k
    /usr/bin/time -v -o "$RESULTS/$name.$k.time" "$@" >"$RESULTS/$name.$k.log" 2>&1 || {
        echo "FAILED: $*" >&2; cat "$RESULTS/$name.$k.log" >&2; exit 1; }
}

# 2. Generate --------------------------------------------------------------------------------
GEN=("$CLI" generate --households "$N" --seed "$SEED" --year "$YEAR" --out "$DATA")
say "\$ ${GEN[*]}"
measure generate "${GEN[@]}"
cat "$RESULTS/generate.1.log" | tee -a "$SUMMARY"
H=$DATA/households.csv
M=$DATA/members.csv
say "$(du -b "$H" "$M" | awk '{printf "%s %.1f MB  ", $2, $1/1e6}')"
say ""

# 3. classify vs DuckDB, interleaved -----------------------------------------------------------
CLASSIFY=("$CLI" classify --households "$H" --members "$M" --standard ND07-2022 --year "$YEAR" --out "$DATA/classification.csv")
DUCK=(python3 Benchmarks/duckdb_classify.py "$H" "$M" "$DATA/classification.duckdb.csv" --year "$YEAR")
DUCK1=("${DUCK[@]}" --threads 1)
say "\$ ${CLASSIFY[*]}"
say "\$ ${DUCK[*]}"
[[ -z "${SKIP_DUCKDB_1T:-}" ]] && say "\$ ${DUCK1[*]}"
for ((r = 1; r <= RUNS; r++)); do
    measure classify "${CLASSIFY[@]}"
    measure duckdb "${DUCK[@]}"
    [[ -z "${SKIP_DUCKDB_1T:-}" ]] && measure duckdb_1thread "${DUCK1[@]}"
    echo "  run $r/$RUNS done (load $(cut -d' ' -f1 /proc/loadavg))"
done
python3 - "$RESULTS" "$N" <<'EOF' | tee -a "$SUMMARY"
import glob, os, re, statistics, sys
res, n = sys.argv[1], int(sys.argv[2])
def secs(t):
    p = [float(x) for x in t.split(":")]
    return p[0] * 60 + p[1] if len(p) == 2 else p[0] * 3600 + p[1] * 60 + p[2]
rows = []
for name in ("classify", "duckdb", "duckdb_1thread"):
    files = sorted(glob.glob(f"{res}/{name}.*.time"))
    if not files: continue
    w, c, rss = [], [], []
    for f in files:
        t = open(f).read()
        w.append(secs(re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", t).group(1)))
        c.append(float(re.search(r"User time \(seconds\): (\S+)", t).group(1)) + float(re.search(r"System time \(seconds\): (\S+)", t).group(1)))
        rss.append(int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", t).group(1)) / 1024)
    rows.append((name, len(files), min(w), statistics.median(w), min(c), statistics.median(c), max(rss)))
print(f"classify {n:,} households, CSV in → CSV out (ND07-2022):")
print(f"{'command':16s} {'runs':>4s} {'wall best':>10s} {'wall median':>12s} {'CPU best':>9s} {'CPU median':>11s} {'peak RSS':>10s} {'hh/s (best wall)':>17s}")
for name, k, wb, wm, cb, cm, r in rows:
    print(f"{name:16s} {k:4d} {wb:9.2f}s {wm:11.2f}s {cb:8.2f}s {cm:10.2f}s {r:7.0f} MiB {n / wb:17,.0f}")
d = {r[0]: r for r in rows}
if "classify" in d and "duckdb" in d:
    a, b = d["classify"][2], d["duckdb"][2]
    print(f"RESULT classify_vs_duckdb: giamngheo {a:.2f}s vs DuckDB {b:.2f}s (best wall) → "
          + ("giamngheo FASTER" if a < b else "giamngheo SLOWER") + f" ({b / a:.2f}x)")
EOF
say ""
say "\$ python3 Benchmarks/compare_classification.py $DATA/classification.csv $DATA/classification.duckdb.csv"
python3 Benchmarks/compare_classification.py "$DATA/classification.csv" "$DATA/classification.duckdb.csv" --show 3 \
    | tail -n 20 | tee -a "$SUMMARY" || true
cmp -s "$DATA/classification.csv" "$DATA/classification.duckdb.csv" \
    && say "byte-identical outputs: yes" || say "byte-identical outputs: NO"
say ""

# 4. Agreement on 100k and on a perturbed 100k ----------------------------------------------------
if [[ -z "${SKIP_AGREEMENT:-}" ]]; then
    A=Benchmarks/data/100k
    P=Benchmarks/data/100k-perturbed
    say "== agreement giamngheo classify vs DuckDB, 100k households (seed $SEED) and a perturbed copy"
    "$CLI" generate --households 100000 --seed "$SEED" --year "$YEAR" --out "$A" >/dev/null
    python3 Benchmarks/perturb_registry.py "$A" "$P"
    for D in "$A" "$P"; do
        "$CLI" classify --households "$D/households.csv" --members "$D/members.csv" --standard ND07-2022 \
            --year "$YEAR" --out "$D/classification.csv" 2>/dev/null
        python3 Benchmarks/duckdb_classify.py "$D/households.csv" "$D/members.csv" "$D/classification.duckdb.csv" \
            --year "$YEAR" 2>/dev/null
        say "$D: $(python3 Benchmarks/compare_classification.py "$D/classification.csv" "$D/classification.duckdb.csv" | tail -1)" \
            "; byte-identical: $(cmp -s "$D/classification.csv" "$D/classification.duckdb.csv" && echo yes || echo NO)"
    done
    say ""
fi

# 5. Engine and generator benchmarks ------------------------------------------------------------
ENGINE=("$BENCH" engine --households "$N" --seed "$SEED" --year "$YEAR" --reps "$ENGINE_REPS")
say "\$ ${ENGINE[*]}"
"${ENGINE[@]}" 2>&1 | tee "$RESULTS/engine.log" | grep -v '^RESULT' | tee -a "$SUMMARY"
say ""
GENB=("$BENCH" generate --households "$N" --seed "$SEED" --year "$YEAR" --reps "$GEN_REPS" --dir Benchmarks/data/generate-bench)
say "\$ ${GENB[*]}"
"${GENB[@]}" 2>&1 | tee "$RESULTS/generate-bench.log" | grep -v '^RESULT' | tee -a "$SUMMARY"
rm -rf Benchmarks/data/generate-bench
say ""
say "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
say "results: $RESULTS (summary.txt, *.time = /usr/bin/time -v, *.log)"
