#!/usr/bin/env python3
"""Runs Benchmarks/duckdb_classify.sql: ND07-2022 over households.csv + members.csv in DuckDB.

    python3 Benchmarks/duckdb_classify.py HOUSEHOLDS.csv MEMBERS.csv OUT.csv [--year 2026] [--threads N]

Writes OUT.csv with the columns of `giamngheo classify --out` (see the SQL file for what it does
and does not do). Needs `pip install duckdb`.
"""

import argparse
import csv
import os
import sys
import time

import duckdb

HERE = os.path.dirname(os.path.abspath(__file__))

# ND07-2022 indicators, in the standard's order (ND07-2022.json). `floor_area` is `floor_area_d` in the SQL.
INDICATORS = [
    "employment", "dependants", "nutrition", "health_insurance", "adult_education", "child_schooling",
    "housing_quality", "floor_area", "water_source", "latrine", "telecom", "information_assets",
]


def sql_string(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("households")
    ap.add_argument("members")
    ap.add_argument("out")
    ap.add_argument("--year", type=int, default=2026, help="review year: blank reference_date = 01/09 of it")
    ap.add_argument("--threads", type=int, default=0, help="DuckDB threads (default: all cores)")
    ap.add_argument("--memory-limit", default=None, help="DuckDB memory_limit, e.g. 4GB")
    args = ap.parse_args()

    # The survey's B2 answers (deprived_<id>) override derived indicators when the column exists.
    with open(args.households, newline="", encoding="utf-8-sig") as f:
        header = [c.strip() for c in next(csv.reader(f))]
    survey_cols, disagreement = [], []
    for ind in INDICATORS:
        col = "deprived_" + ind
        if col in header:
            survey_cols.append(f'tri("{col}") AS s_{ind}')
            disagreement.append(f"(s_{ind} IS NOT NULL AND f_{ind} IS NOT NULL AND s_{ind} <> f_{ind})")
        else:
            survey_cols.append(f"NULL::BOOLEAN AS s_{ind}")

    with open(os.path.join(HERE, "duckdb_classify.sql"), encoding="utf-8") as f:
        sql = f.read()
    for key, value in {
        "households": sql_string(os.path.abspath(args.households)),
        "members": sql_string(os.path.abspath(args.members)),
        "out": sql_string(os.path.abspath(args.out)),
        "review_year": str(int(args.year)),
        "survey_columns": ",\n        ".join(survey_cols),
        "survey_disagreement": " OR ".join(disagreement) if disagreement else "false",
    }.items():
        sql = sql.replace("${" + key + "}", value)

    start = time.perf_counter()
    con = duckdb.connect(":memory:")
    if args.threads:
        con.execute(f"SET threads = {int(args.threads)}")
    if args.memory_limit:
        con.execute(f"SET memory_limit = {sql_string(args.memory_limit)}")
    con.execute("SET preserve_insertion_order = true")
    con.execute(sql)
    elapsed = time.perf_counter() - start
    threads = con.execute("SELECT current_setting('threads')").fetchone()[0]
    print(f"duckdb {duckdb.__version__} ({threads} threads): ND07-2022 → {args.out} in {elapsed:.2f} s",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
