#!/usr/bin/env bash
# Benchmarks/postgres.sh — the national-scale PostgreSQL benchmark of BENCHMARKS.md (issue 5), at one
# size per run (N households; run it at 1M, 5M, 10M, 27M as the disk allows: `df -h`):
#   1. swift build -c release --product giamngheo (unless SKIP_BUILD=1)
#   2. giamngheo generate --households $N (unless Benchmarks/data/<N> exists)
#   3. a PostgreSQL 15 server of its own in Benchmarks/data/pg-cluster (initdb once; a free port)
#   4. the reference: psql \copy of the same two CSVs into bare tables (every column text)
#   5. giamngheo import --db postgres://…/registry (a fresh database)
#   6. giamngheo classify --db … --year $YEAR (the whole registry under ND07-2022, results stored)
#   7. reports after the load: the national report by province (counts by class of the stored
#      classification) and one commune's, in SQL through psql (\timing, best of 5), and
#      `giamngheo units rollup --by province` (recognised classes on a date) as a whole command
#   8. DuckDB: the same national report by full scan of the same CSVs (Benchmarks/duckdb_national.py)
# Each step: wall time and peak RSS (/usr/bin/time -v), the database's size after it.
# Environment: N (1000000), SEED (42), YEAR (2026), SCRATCH (.build-pg-rel), SKIP_BUILD=1, PORT (55499),
#   KEEP=1 keeps the databases. Needs: postgresql 15 (apt-get install postgresql), GNU time, pip duckdb.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-1000000}; SEED=${SEED:-42}; YEAR=${YEAR:-2026}; SCRATCH=${SCRATCH:-.build-pg-rel}; PORT=${PORT:-55499}
label() { if (( $1 % 1000000 == 0 )); then echo "$(( $1 / 1000000 ))m"; elif (( $1 % 1000 == 0 )); then echo "$(( $1 / 1000 ))k"; else echo "$1"; fi; }
DATA=Benchmarks/data/$(label "$N")
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
RESULTS=Benchmarks/results/$STAMP
mkdir -p "$DATA" "$RESULTS"
SUMMARY=$RESULTS/postgres-summary.txt
: >"$SUMMARY"
say() { echo "$*" | tee -a "$SUMMARY"; }
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[[ -x "$PGBIN/initdb" ]] || { echo "PostgreSQL server programs are needed: apt-get install -y postgresql" >&2; exit 1; }
[[ -x /usr/bin/time ]] || { echo "GNU time is needed: apt-get install -y time" >&2; exit 1; }
AS=(); [[ $(id -u) -eq 0 ]] && AS=(runuser -u postgres --)

say "== GiamNgheo national-scale PostgreSQL benchmark, $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
say "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(awk '/MemTotal/ {printf "%.0f GiB RAM", $2/1048576}' /proc/meminfo)"
say "load before: $(cut -d' ' -f1-3 /proc/loadavg); disk: $(df -h . | tail -1 | awk '{print $4 " free of " $2}')"
say "toolchain: $(swift --version 2>/dev/null | head -1); $("$PGBIN/postgres" --version)"
say "source: $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet 2>/dev/null || echo ' + uncommitted changes')"
say "parameters: N=$N SEED=$SEED YEAR=$YEAR data=$DATA"

if [[ -z "${SKIP_BUILD:-}" ]]; then swift build -c release --product giamngheo --scratch-path "$SCRATCH" 2>&1 | grep -vE '^\[[0-9]+/[0-9]+\]' | tail -2; fi
CLI=$(swift build -c release --scratch-path "$SCRATCH" --show-bin-path)/giamngheo

measure() { # name logfile cmd... → "wall_s rss_mib"
    local name=$1 log=$2; shift 2
    sync
    /usr/bin/time -v "$@" >"$log" 2>&1 || { echo "$name failed, see $log" >&2; tail -5 "$log" >&2; exit 1; }
    local wall rss
    wall=$(grep 'Elapsed (wall clock)' "$log" | awk -F': ' '{print $2}' | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
    rss=$(grep 'Maximum resident set size' "$log" | awk -F': ' '{printf "%.0f", $2/1024}')
    echo "$wall $rss"
}

if [[ ! -s "$DATA/households.csv" || ! -s "$DATA/members.csv" ]]; then
    read -r w r < <(measure generate "$RESULTS/generate.log" "$CLI" generate --households "$N" --seed "$SEED" --year "$YEAR" --out "$DATA")
    say "generate: ${w} s, ${r} MiB peak RSS"
fi
say "files: households.csv $(du -m "$DATA/households.csv" | cut -f1) MB ($(($(wc -l <"$DATA/households.csv") - 1)) rows), members.csv $(du -m "$DATA/members.csv" | cut -f1) MB ($(($(wc -l <"$DATA/members.csv") - 1)) rows)"

# The server: production-like durability (fsync on, synchronous commit), sized for this machine.
CLUSTER=$(pwd)/Benchmarks/data/pg-cluster
if [[ ! -d "$CLUSTER/data" ]]; then
    mkdir -p "$CLUSTER"; [[ ${#AS[@]} -gt 0 ]] && chown postgres "$CLUSTER"
    "${AS[@]}" "$PGBIN/initdb" -D "$CLUSTER/data" -U giamngheo --auth=trust -E UTF8 --locale=C >/dev/null
fi
OPTIONS="-p $PORT -k $CLUSTER -c listen_addresses=127.0.0.1 -c shared_buffers=4GB -c maintenance_work_mem=1GB -c work_mem=64MB \
 -c max_wal_size=16GB -c checkpoint_timeout=30min -c effective_cache_size=12GB -c max_parallel_maintenance_workers=2"
"${AS[@]}" "$PGBIN/pg_ctl" -D "$CLUSTER/data" -l "$CLUSTER/server.log" -w -o "$OPTIONS" start >/dev/null
trap '"${AS[@]}" "$PGBIN/pg_ctl" -D "$CLUSTER/data" -m fast -w stop >/dev/null' EXIT
PSQL=("$PGBIN/psql" -h 127.0.0.1 -p "$PORT" -U giamngheo -X -q -v ON_ERROR_STOP=1)
size() { "${PSQL[@]}" -At -d postgres -c "SELECT pg_size_pretty(pg_database_size('$1'))"; }
for db in raw registry; do "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"; done
URL="postgres://giamngheo@127.0.0.1:$PORT/registry?sslmode=disable"

# Reference: bare tables of text columns, the CSVs copied as they are.
for f in households members; do
    cols=$(head -1 "$DATA/$f.csv" | tr -d '\r' | sed 's/^\xEF\xBB\xBF//' | tr ',' '\n' | sed 's/.*/"&" text/' | paste -sd, -)
    "${PSQL[@]}" -d raw -c "CREATE TABLE $f ($cols)"
done
read -r RW RR < <(measure "psql copy" "$RESULTS/psql-copy.log" "${PSQL[@]}" -d raw \
    -c "\\copy households FROM '$DATA/households.csv' WITH (FORMAT csv, HEADER true)" \
    -c "\\copy members FROM '$DATA/members.csv' WITH (FORMAT csv, HEADER true)")
say "psql \\copy into bare tables: ${RW} s, ${RR} MiB peak RSS (psql); database $(size raw)"

read -r IW IR < <(measure import "$RESULTS/import.log" env GIAMNGHEO_TRACE=1 "$CLI" import --db "$URL" --year "$YEAR" "$DATA/households.csv" "$DATA/members.csv")
say "giamngheo import: ${IW} s, ${IR} MiB peak RSS; database $(size registry) ($(echo "scale=2; $IW / $RW" | bc)× the psql copy)"
grep -E '^\[' "$RESULTS/import.log" | tail -12 | sed 's/^/    /' | tee -a "$SUMMARY"

read -r CW CR < <(measure classify "$RESULTS/classify.log" "$CLI" classify --db "$URL" --year "$YEAR" --standard ND07-2022)
say "giamngheo classify (whole registry, ND07-2022, results stored): ${CW} s, ${CR} MiB peak RSS; database $(size registry)"
grep 'Đã phân loại' "$RESULTS/classify.log" | sed 's/^/    /' | tee -a "$SUMMARY"

# Reports after the load, as SQL on the stored results (best of 5, \timing).
COMMUNE=$("${PSQL[@]}" -At -d registry -c "SELECT commune_code FROM household GROUP BY 1 ORDER BY count(*) DESC LIMIT 1")
report() { # label sql
    local best
    best=$(for i in 1 2 3 4 5; do "${PSQL[@]}" -d registry -c '\timing on' -c "$2" | grep '^Time:' | awk '{print $2}'; done | sort -n | head -1)
    say "$1: best of 5 ${best} ms"
}
report "national report (households by province and class, stored ND07-2022 $YEAR results, SQL)" \
  "SELECT k.province_code, c.class, count(*) FROM classification c JOIN household_code k ON k.id = c.household_id WHERE c.year = $YEAR AND c.standard_id = 'ND07-2022' GROUP BY 1, 2"
report "commune report ($COMMUNE: households by village and class, SQL)" \
  "SELECT h.village_id, c.class, count(*) FROM household h JOIN classification c ON c.household_id = h.id AND c.year = $YEAR AND c.standard_id = 'ND07-2022' WHERE h.commune_code = '$COMMUNE' AND h.province_code = (SELECT province_code FROM household WHERE commune_code = '$COMMUNE' LIMIT 1) GROUP BY 1, 2"
read -r UW UR < <(measure rollup "$RESULTS/rollup.log" "$CLI" units rollup --db "$URL" --by province)
say "giamngheo units rollup --by province (recognised classes today, whole command): ${UW} s, ${UR} MiB peak RSS"

if python3 -c 'import duckdb' 2>/dev/null; then
    read -r DW DR < <(measure duckdb "$RESULTS/duckdb.log" python3 Benchmarks/duckdb_national.py "$DATA/households.csv" "$DATA/members.csv" --year "$YEAR")
    say "DuckDB national report by full scan of the CSVs ($(python3 -c 'import duckdb; print(duckdb.__version__)')): ${DW} s, ${DR} MiB peak RSS"
else
    say "DuckDB: not installed (pip install duckdb)"
fi
say "load after: $(cut -d' ' -f1-3 /proc/loadavg); results: $RESULTS"
[[ -n "${KEEP:-}" ]] || for db in raw registry; do "${PSQL[@]}" -d postgres -c "DROP DATABASE $db"; done
