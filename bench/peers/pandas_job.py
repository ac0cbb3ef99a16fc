"""The transition job in pandas, as an analyst would write it.

usage: python3 pandas_job.py FILE

Loads the long CSV, sorts by entity and year, pairs each entity's
consecutive years with a shift within the entity (a missing year breaks the
chain), counts the matrix with crosstab and normalises the rows. Prints
from,to,count,probability (the same tidy form as tiertrend's CSV output).
"""
import sys

import pandas as pd


def main(path):
    d = pd.read_csv(path, dtype={"tier": str})
    d = d.dropna(subset=["tier"])  # empty / NA tier: not in that report
    d = d.sort_values(["iso3", "year"], kind="stable")
    g = d.groupby("iso3", sort=False)
    d["prev_tier"] = g["tier"].shift()
    d["prev_year"] = g["year"].shift()
    p = d[d["year"] - d["prev_year"] == 1]
    counts = pd.crosstab(p["prev_tier"], p["tier"])
    prob = counts.div(counts.sum(axis=1), axis=0)
    out = sys.stdout
    out.write("from,to,count,probability\n")
    for f in counts.index:
        for t in counts.columns:
            out.write(f"{f},{t},{int(counts.at[f, t])},{prob.at[f, t]:.17g}\n")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: pandas_job.py FILE")
    main(sys.argv[1])
