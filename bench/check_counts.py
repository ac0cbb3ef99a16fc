"""Compares two transition matrices written as tidy CSV.

usage: check_counts.py REFERENCE CANDIDATE

Each file has a header naming a from column, a to column and a count
and/or a probability column (names matched loosely: from/from_state,
to/to_state, count/n, probability/p/prob). States may be codes (2WL) or
labels (Tier 2 Watch List). Cells a file leaves out count as 0. Counts must
agree exactly; probabilities to 1e-9 (they are ratios of the same counts,
printed to different precisions). Rows with no pairs (probability NaN or
empty) are skipped for probabilities.

Prints one line (ok or what differs) and exits 0 when the matrices agree,
1 when they differ, 2 when a file cannot be read.
"""
import csv
import math
import sys

ALIASES = {
    "1": "1", "tier1": "1", "t1": "1",
    "2": "2", "tier2": "2", "t2": "2",
    "2wl": "2WL", "tier2watchlist": "2WL", "tier2wl": "2WL", "t2wl": "2WL",
    "watchlist": "2WL", "wl": "2WL",
    "3": "3", "tier3": "3", "t3": "3",
    "sc": "SC", "specialcase": "SC",
}

FROM = ("from", "from_state", "from_tier", "prev_tier")
TO = ("to", "to_state", "to_tier", "tier")
COUNT = ("count", "n", "n_ij", "pairs")
PROB = ("probability", "p", "prob", "p_ij")


def state(s):
    k = "".join(s.split()).lower()
    return ALIASES.get(k, s.strip())


def pick(header, names):
    low = [h.strip().lower() for h in header]
    for n in names:
        if n in low:
            return low.index(n)
    return None


def number(s):
    s = s.strip()
    if s == "" or s.lower() in ("nan", "na", "null", "none"):
        return math.nan
    return float(s)


def read(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    if not rows:
        raise ValueError(f"{path}: empty")
    header, body = rows[0], rows[1:]
    cf, ct = pick(header, FROM), pick(header, TO)
    cn, cp = pick(header, COUNT), pick(header, PROB)
    if cf is None or ct is None or (cn is None and cp is None):
        raise ValueError(f"{path}: no from/to/count|probability columns in "
                         f"header {header}")
    counts, probs = {}, {}
    for r in body:
        if not r:
            continue
        key = (state(r[cf]), state(r[ct]))
        if cn is not None:
            counts[key] = number(r[cn])
        if cp is not None:
            probs[key] = number(r[cp])
    return (counts if cn is not None else None,
            probs if cp is not None else None)


def compare(ref, cand):
    problems = []
    rc, rp = ref
    cc, cp = cand
    compared = []
    if rc is not None and cc is not None:
        compared.append("counts")
        for k in sorted(set(rc) | set(cc)):
            a, b = rc.get(k, 0.0), cc.get(k, 0.0)
            a = 0.0 if math.isnan(a) else a
            b = 0.0 if math.isnan(b) else b
            if a != b:
                problems.append(f"count {k[0]}->{k[1]}: {a:g} vs {b:g}")
    if rp is not None and cp is not None:
        compared.append("probabilities")
        for k in sorted(set(rp) | set(cp)):
            a, b = rp.get(k, 0.0), cp.get(k, 0.0)
            if math.isnan(a) or math.isnan(b):
                continue
            if abs(a - b) > 1e-9:
                problems.append(f"probability {k[0]}->{k[1]}: {a:.12g} vs "
                                f"{b:.12g}")
    if not compared:
        problems.append("nothing in common to compare")
    return compared, problems


def main():
    if len(sys.argv) != 3:
        print("usage: check_counts.py REFERENCE CANDIDATE", file=sys.stderr)
        return 2
    try:
        ref, cand = read(sys.argv[1]), read(sys.argv[2])
    except (OSError, ValueError, IndexError) as e:
        print(f"unreadable: {e}")
        return 2
    compared, problems = compare(ref, cand)
    if problems:
        more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
        print("DIFFERS: " + "; ".join(problems[:3]) + more)
        return 1
    cells = len(set(ref[0] or {}) | set(ref[1] or {}))
    print(f"same {' and '.join(compared)} ({cells} cells)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
