#!/usr/bin/env python3
"""The national report by full scan of the CSVs in DuckDB (reference for Benchmarks/postgres.sh).

    python3 Benchmarks/duckdb_national.py HOUSEHOLDS.csv MEMBERS.csv [--year 2026] [--threads N]

Classifies every household under ND07-2022 with Benchmarks/duckdb_classify.sql (the same rule as
`giamngheo classify`), then counts households by province (the 2025 list's commune → province)
and class: what `Benchmarks/postgres.sh` reads from the registry's stored results. Prints the
counts and the time on standard error. Needs `pip install duckdb`.
"""

import argparse
import os
import sys
import time

import duckdb

HERE = os.path.dirname(os.path.abspath(__file__))
UNITS = os.path.join(HERE, "..", "Sources", "Registry", "Resources", "AdminUnits", "units-2025.csv")


def sql_string(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("households")
    ap.add_argument("members")
    ap.add_argument("--year", type=int, default=2026)
    ap.add_argument("--threads", type=int, default=0)
    args = ap.parse_args()
    with open(os.path.join(HERE, "duckdb_classify.sql"), encoding="utf-8") as f:
        sql = f.read()
    # The classification into a table instead of a file.
    head, _, tail = sql.rpartition("COPY (")
    body, _, _ = tail.rpartition(") TO ${out}")
    sql = head + "CREATE TEMP TABLE classified_out AS (" + body + ");"
    for key, value in {
        "households": sql_string(os.path.abspath(args.households)),
        "members": sql_string(os.path.abspath(args.members)),
        "review_year": str(int(args.year)),
        "survey_columns": ",\n        ".join(f"NULL::BOOLEAN AS s_{i}" for i in [
            "employment", "dependants", "nutrition", "health_insurance", "adult_education", "child_schooling",
            "housing_quality", "floor_area", "water_source", "latrine", "telecom", "information_assets"]),
        "survey_disagreement": "false",
    }.items():
        sql = sql.replace("${" + key + "}", value)
    start = time.perf_counter()
    con = duckdb.connect(":memory:")
    if args.threads:
        con.execute(f"SET threads = {int(args.threads)}")
    con.execute(sql)
    rows = con.execute(f"""
        SELECT coalesce(u.province_code, '00') AS province, c.class, count(*) AS households
        FROM classified_out c
        JOIN (SELECT household_code, commune_code FROM read_csv({sql_string(os.path.abspath(args.households))},
                  header = true, all_varchar = true)) h USING (household_code)
        LEFT JOIN read_csv({sql_string(os.path.abspath(UNITS))}, header = true, all_varchar = true) u
          ON u.commune_code = h.commune_code
        GROUP BY 1, 2 ORDER BY 1, 2
    """).fetchall()
    elapsed = time.perf_counter() - start
    for r in rows:
        print(*r, sep="\t")
    print(f"duckdb {duckdb.__version__}: national report ({len(rows)} rows) in {elapsed:.2f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
