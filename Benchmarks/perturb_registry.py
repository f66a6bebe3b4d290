#!/usr/bin/env python3
"""Makes a harder variant of a generated registry, to check engine and DuckDB agree beyond what
`giamngheo generate` emits (it writes no survey answers, no blank reference dates, English codes only,
and incomes and scores that never disagree).

    python3 Benchmarks/perturb_registry.py IN_DIR OUT_DIR [--seed 7]

Every value written is valid under data-format.md, so `giamngheo classify` must accept OUT_DIR:
  * households: reference_date blank / earlier dates in other formats (never later: older members
    could newly need a national id); Vietnamese area, housing and boolean
    spellings; income with '.' or ',' thousands separators; scores that disagree with the income;
    blank facts; `deprived_<id>` survey answers (B2) for the 12 ND07 indicators, sparse;
  * members: Vietnamese spellings of education / employment / disability / booleans; ISO and d/M/yyyy
    birth dates; bare birth years; more blank facts.
"""

import argparse
import csv
import os
import random

ND07 = ["employment", "dependants", "nutrition", "health_insurance", "adult_education", "child_schooling",
        "housing_quality", "floor_area", "water_source", "latrine", "telecom", "information_assets"]

BOOL_TRUE = ["1", "yes", "true", "có", "x", "Có", "YES"]
BOOL_FALSE = ["0", "no", "false", "không", "Không", "FALSE"]
AREA = {"rural": ["rural", "nông thôn", "Nông thôn"], "urban": ["urban", "thành thị", "đô thị", "Thành thị"]}
HOUSING = {"durable": ["durable", "kiên cố"], "semi_durable": ["semi_durable", "bán kiên cố"],
           "non_durable": ["non_durable", "thiếu kiên cố"], "makeshift": ["makeshift", "đơn sơ"]}
EDUCATION = {"none": ["none", "chưa đi học"], "primary": ["primary", "tiểu học"],
             "lower_secondary": ["lower_secondary", "THCS", "trung học cơ sở"],
             "upper_secondary": ["upper_secondary", "THPT", "trung học phổ thông"],
             "vocational": ["vocational", "học nghề", "trung cấp"], "college_plus": ["college_plus", "đại học"]}
EMPLOYMENT = {"contract": ["contract", "có hợp đồng lao động"], "no_contract": ["no_contract", "không có hợp đồng"],
              "self_employed": ["self_employed", "tự làm"], "unemployed": ["unemployed", "thất nghiệp"],
              "not_in_labour_force": ["not_in_labour_force"]}
DISABILITY = {"none": ["none", "không khuyết tật"], "mild": ["mild", "nhẹ"], "severe": ["severe", "nặng"],
              "particularly_severe": ["particularly_severe", "đặc biệt nặng"]}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("inp")
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    rnd = random.Random(args.seed)
    os.makedirs(args.out, exist_ok=True)

    def spell_bool(v: str) -> str:
        if v == "":
            return ""
        return rnd.choice(BOOL_TRUE if v in ("1",) else BOOL_FALSE) if rnd.random() < 0.3 else v

    def maybe_blank(v: str, p: float) -> str:
        return "" if rnd.random() < p else v

    def spell(table, v: str) -> str:
        return rnd.choice(table[v]) if v in table and rnd.random() < 0.3 else v

    with open(os.path.join(args.inp, "households.csv"), newline="", encoding="utf-8") as f, \
            open(os.path.join(args.out, "households.csv"), "w", newline="", encoding="utf-8") as g:
        r = csv.DictReader(f)
        cols = r.fieldnames + ["deprived_" + i for i in ND07]
        w = csv.DictWriter(g, fieldnames=cols, lineterminator="\n")
        w.writeheader()
        for row in r:
            x = rnd.random()
            if x < 0.2:
                row["reference_date"] = ""
            elif x < 0.3:
                row["reference_date"] = rnd.choice(["2026-03-01", "15/06/2026", "1/7/2026", "31.12.2025", "2025-09-01"])
            row["area_type"] = spell(AREA, row["area_type"])
            row["housing_quality"] = maybe_blank(spell(HOUSING, row["housing_quality"]), 0.03)
            inc = row["monthly_income_per_capita"]
            if inc and rnd.random() < 0.3:
                sep = rnd.choice([".", ","])
                row["monthly_income_per_capita"] = f"{int(inc):,}".replace(",", sep)
            if inc and rnd.random() < 0.1:
                row["income_score"] = str(rnd.randint(90, 220))  # may disagree with the income
            elif rnd.random() < 0.02:
                row["income_score"] = ""
            if rnd.random() < 0.03:
                row["monthly_income_per_capita"] = ""
            if row["floor_area_m2"] and rnd.random() < 0.1:
                row["floor_area_m2"] = row["floor_area_m2"] + rnd.choice([",5", ".25"])
            row["floor_area_m2"] = maybe_blank(row["floor_area_m2"], 0.03)
            for c in ("clean_water", "hygienic_latrine", "internet", "information_device"):
                row[c] = maybe_blank(spell_bool(row[c]), 0.05)
            for i in ND07:
                row["deprived_" + i] = (rnd.choice(BOOL_TRUE + BOOL_FALSE) if rnd.random() < 0.04 else "")
            w.writerow(row)

    with open(os.path.join(args.inp, "members.csv"), newline="", encoding="utf-8") as f, \
            open(os.path.join(args.out, "members.csv"), "w", newline="", encoding="utf-8") as g:
        r = csv.DictReader(f)
        w = csv.DictWriter(g, fieldnames=r.fieldnames, lineterminator="\n")
        w.writeheader()
        for row in r:
            b = row["birth_date"]
            if len(b) == 10 and rnd.random() < 0.3:
                d, m, y = b.split("/")
                # A bare year counts as 1 July: only for births before July, so nobody gets older
                # (an older member could newly need a national id and make the file invalid).
                row["birth_date"] = rnd.choice([f"{y}-{m}-{d}", f"{int(d)}/{int(m)}/{y}"] + ([y] if int(m) <= 6 else []))
            row["education"] = maybe_blank(spell(EDUCATION, row["education"]), 0.03)
            row["employment"] = maybe_blank(spell(EMPLOYMENT, row["employment"]), 0.03)
            row["disability"] = maybe_blank(spell(DISABILITY, row["disability"]), 0.05)
            for c in ("health_insurance", "in_school", "malnourished"):
                row[c] = maybe_blank(spell_bool(row[c]), 0.03)
            w.writerow(row)


if __name__ == "__main__":
    main()
