#!/usr/bin/env python3
"""Compares two classification.csv files row by row (giamngheo classify vs duckdb_classify.py).

    python3 Benchmarks/compare_classification.py CLI.csv DUCKDB.csv [--show 10]

Prints the agreement on `class` (the figure BENCHMARKS.md reports) and on every other column,
a class confusion table when they differ, and the first differing rows. Exit status 1 when the
class column or the row order disagrees anywhere.
"""

import argparse
import collections
import csv
import sys


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("a", help="reference (giamngheo classify --out)")
    ap.add_argument("b", help="other (duckdb_classify.py)")
    ap.add_argument("--show", type=int, default=10, help="differing rows to print per column")
    args = ap.parse_args()

    with open(args.a, newline="", encoding="utf-8-sig") as fa, open(args.b, newline="", encoding="utf-8-sig") as fb:
        ra, rb = csv.reader(fa), csv.reader(fb)
        ha, hb = next(ra), next(rb)
        if ha != hb:
            print(f"headers differ:\n  {ha}\n  {hb}")
        cols = [c for c in ha if c in hb]
        ia = {c: ha.index(c) for c in cols}
        ib = {c: hb.index(c) for c in cols}
        same = collections.Counter()
        examples = collections.defaultdict(list)
        confusion = collections.Counter()
        rows = order_mismatch = 0
        for x, y in zip(ra, rb):
            rows += 1
            if x[ia["household_code"]] != y[ib["household_code"]]:
                order_mismatch += 1
            for c in cols:
                if x[ia[c]] == y[ib[c]]:
                    same[c] += 1
                elif len(examples[c]) < args.show:
                    examples[c].append((x[ia["household_code"]], x[ia[c]], y[ib[c]]))
            confusion[(x[ia["class"]], y[ib["class"]])] += 1
        extra_a = sum(1 for _ in ra)
        extra_b = sum(1 for _ in rb)

    print(f"rows compared: {rows}" + (f" (+{extra_a} only in A, +{extra_b} only in B)" if extra_a or extra_b else ""))
    print(f"row order (household_code) mismatches: {order_mismatch}")
    for c in cols:
        pct = 100.0 * same[c] / rows if rows else 100.0
        print(f"  {c:28s} {same[c]:>10d} / {rows} agree ({pct:.4f}%)")
    if same["class"] != rows:
        print("class confusion (A → B): " + ", ".join(f"{a}→{b}: {n}" for (a, b), n in sorted(confusion.items()) if a != b))
    for c in cols:
        for code, va, vb in examples[c]:
            print(f"  [{c}] {code}\n      A: {va}\n      B: {vb}")
    ok = same["class"] == rows and order_mismatch == 0 and not extra_a and not extra_b
    print(("AGREE" if ok else "DISAGREE") + f" on class: {100.0 * same['class'] / max(rows, 1):.4f}%")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
