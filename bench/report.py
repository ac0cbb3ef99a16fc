"""Writes bench/RESULTS.md from the raw timings of bench/run.sh.

usage: report.py --raw RAW.tsv --check CHECK.tsv --meta META.txt
                 --labels LABELS.tsv --out RESULTS.md

RAW.tsv: size, contender, run, wall seconds, CPU seconds (user + system),
peak RSS KiB, status (ok | timeout | failed), one line per run. Medians are over the runs that
finished. Everything in the report comes from these files; nothing is typed
in by hand.
"""
import argparse
import math
import statistics


def read_tsv(path):
    with open(path, encoding="utf-8") as f:
        return [line.rstrip("\n").split("\t") for line in f if line.strip()]


def read_meta(path):
    meta = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if "=" in line:
                k, v = line.rstrip("\n").split("=", 1)
                meta[k] = v
    return meta


def fmt_s(x):
    if x is None:
        return ""
    if x >= 100:
        return f"{x:.0f}"
    if x >= 10:
        return f"{x:.1f}"
    if x >= 1:
        return f"{x:.2f}"
    return f"{x:.3f}"


def fmt_mb(kib):
    mb = kib / 1024
    return f"{mb:.0f}" if mb >= 10 else f"{mb:.1f}"


def fmt_ratio(x):
    if x is None or math.isnan(x):
        return ""
    return f"{x:.0f}" if x >= 100 else (f"{x:.1f}" if x >= 10 else f"{x:.2f}")


def size_name(n):
    e = round(math.log10(n))
    return f"10^{e}" if 10 ** e == n else f"{n:,}"


class Cell:
    """The runs of one contender at one size."""

    def __init__(self):
        self.walls, self.cpus, self.rss, self.status = [], [], [], []

    @property
    def ok(self):
        return bool(self.walls) and all(s == "ok" for s in self.status)

    @property
    def stopped(self):
        return "timeout" in self.status

    @property
    def failed(self):
        return "failed" in self.status

    def wall(self):
        return statistics.median(self.walls) if self.ok else None

    def cpu(self):
        return statistics.median(self.cpus) if self.ok else None

    def mem(self):
        return statistics.median(self.rss) if self.ok else None


def main():
    ap = argparse.ArgumentParser()
    for a in ("--raw", "--check", "--meta", "--labels", "--out"):
        ap.add_argument(a, required=True)
    args = ap.parse_args()

    meta = read_meta(args.meta)
    labels = dict((r[0], r[1]) for r in read_tsv(args.labels))
    order = [r[0] for r in read_tsv(args.labels)]
    sizes = [int(s) for s in meta["sizes"].split()]
    cap = float(meta["cap"])
    cells = {}
    for size, who, _run, wall, cpu, rss, status in read_tsv(args.raw):
        c = cells.setdefault((who, int(size)), Cell())
        c.status.append(status)
        if status == "ok":
            c.walls.append(float(wall))
            c.cpus.append(float(cpu))
            c.rss.append(int(rss))
    checks = read_tsv(args.check)

    def state(who):
        return meta.get(f"state_{who}", "")

    def wall(who, n):
        c = cells.get((who, n))
        return c.wall() if c else None

    def mem(who, n):
        c = cells.get((who, n))
        return c.mem() if c else None

    def cpu(who, n):
        c = cells.get((who, n))
        return c.cpu() if c else None

    def why_not(who, n):
        c = cells.get((who, n))
        st = state(who)
        if st == "missing":
            return "missing"
        if c and c.stopped:
            return f"stopped (> {cap:.0f} s)"
        if c and c.failed:
            return "failed"
        if st.startswith("stopped@") or st.startswith("failed@"):
            return "not run"
        return "no data"

    L = []
    w = L.append
    big = sizes[-1]
    w("# Benchmark results")
    w("")
    w("Written by `bench/run.sh` from one run; do not edit by hand. Raw "
      "timings: `bench/results_raw.tsv`.")
    w("")
    w("The job, the same for every contender: load a long CSV panel "
      "(country,iso3,region,year,tier), pair each entity's consecutive "
      "years (a missing year breaks the chain), count the transition "
      "matrix, normalise the rows. Files from `bench/gen_panel --entities N "
      f"--years {meta['years']} --seed {meta['seed']} --rows N` (tiers drawn "
      "from a chain close to the TIP one-year matrix, with late entries, "
      "early exits, one-year gaps and Special Cases), on a "
      f"{meta['tmpfs']} so that no run waits for a disk. Wall time is the "
      f"median of {meta['reps']} runs per contender and size, the "
      "contenders alternating within each round; peak memory is GNU time's "
      "maximum resident set size (median). Interpreter start-up (Python, R, "
      f"Node) is part of the time, as it is for an analyst. A run over "
      f"{cap:.0f} s is stopped, and the contender is not run at larger "
      "sizes.")
    w("")
    w(f"**The machine is shared**: a {meta['nproc']}-core machine on which "
      "other engineers were building and testing code during the run "
      f"(load average {meta['load_start']} at the start, {meta['load_end']} "
      "at the end). Expect 10-25 % noise from run to run; the spread "
      "[min-max] is shown beside each median.")
    w("")
    w("## Machine")
    w("")
    w(f"- CPU: {meta['cpu']}; {meta['nproc']} cores (nproc)")
    w(f"- Memory: {meta['mem']}")
    w(f"- Kernel: {meta['kernel']}")
    w(f"- Date: {meta['date']}")
    w("")
    w("## Versions")
    w("")
    if meta.get("note"):
        w(f"Note: {meta['note']}")
        w("")
    w(f"- tiertrend: {meta['v_tiertrend']}; {meta['v_cc']}; libcsv "
      f"{meta['v_libcsv']}; GSL {meta['v_gsl']}")
    w(f"- {meta['v_pandas']}")
    w(f"- {meta['v_r']}; {meta['v_datatable']}; {meta['v_markovchain']}")
    w(f"- {meta['v_duckdb']}")
    w("")
    w("## Files")
    w("")
    w("| rows | file |")
    w("|---:|---|")
    for n in sorted(set(sizes) | {10000}):
        if f"file_{n}" in meta:
            w(f"| {size_name(n)} | {meta[f'file_{n}']} |")
    w("")

    w("## Same matrix from every contender")
    w("")
    w(f"On the 10^4 file, each contender's matrix against "
      f"{meta['check_ref']}'s (counts exactly, probabilities to 1e-9; "
      "markovchain gives probabilities only). The floor parsed "
      f"`{meta.get('check_floor', '')}` (the header included).")
    w("")
    w("| contender | result |")
    w("|---|---|")
    for who, res, msg in checks:
        w(f"| {labels.get(who, who)} | {res}: {msg} |")
    if state("tiertrend") == "missing":
        w("| tiertrend transitions | missing: the command is not in this "
          "build |")
    w("")

    head = "| contender | " + " | ".join(size_name(n) for n in sizes) + " |"
    rule = "|---|" + "---:|" * len(sizes)
    w("## Wall time (s): median [min-max]")
    w("")
    w(head)
    w(rule)
    for who in order:
        row = []
        for n in sizes:
            c = cells.get((who, n))
            if c and c.ok:
                row.append(f"{fmt_s(c.wall())} [{fmt_s(min(c.walls))}-"
                           f"{fmt_s(max(c.walls))}]")
            else:
                row.append(why_not(who, n))
        w(f"| {labels[who]} | " + " | ".join(row) + " |")
    w("")
    w("## CPU time (s, user + system): median")
    w("")
    w("Less sensitive than wall time to the other work on the machine for "
      "the single-threaded contenders; DuckDB and data.table use two "
      "threads, so their CPU time can exceed their wall time.")
    w("")
    w(head)
    w(rule)
    for who in order:
        row = []
        for n in sizes:
            x = cpu(who, n)
            row.append(fmt_s(x) if x is not None else why_not(who, n))
        w(f"| {labels[who]} | " + " | ".join(row) + " |")
    w("")
    w("## Peak memory (MB, max RSS)")
    w("")
    w(head)
    w(rule)
    for who in order:
        row = []
        for n in sizes:
            m = mem(who, n)
            row.append(fmt_mb(m) if m is not None else why_not(who, n))
        w(f"| {labels[who]} | " + " | ".join(row) + " |")
    w("")

    tt_ok = state("tiertrend") != "missing"
    if tt_ok:
        w("## Ratios against tiertrend")
        w("")
        w("Time of each contender / time of `tiertrend transitions` (above "
          "1: tiertrend is faster), then the same for peak memory.")
        w("")
        w(head)
        w(rule)
        for who in order:
            if who == "tiertrend":
                continue
            row = []
            for n in sizes:
                a, b = wall(who, n), wall("tiertrend", n)
                if a is not None and b:
                    row.append(fmt_ratio(a / b))
                elif cells.get((who, n)) and cells[(who, n)].stopped and b:
                    row.append(f"> {fmt_ratio(cap / b)}")
                else:
                    row.append(why_not(who, n) if a is None else "")
            w(f"| {labels[who]} | " + " | ".join(row) + " |")
        w("")
        w("Peak memory / tiertrend's:")
        w("")
        w(head)
        w(rule)
        for who in order:
            if who == "tiertrend":
                continue
            row = []
            for n in sizes:
                a, b = mem(who, n), mem("tiertrend", n)
                row.append(fmt_ratio(a / b) if a is not None and b else
                           why_not(who, n) if a is None else "")
            w(f"| {labels[who]} | " + " | ".join(row) + " |")
        w("")

    w("## Growth with size")
    w("")
    w("Time at each size / time at the size ten times smaller (10 = linear; "
      "below 10 where fixed start-up costs still weigh), and the time per "
      "million rows at the largest size.")
    w("")
    gsizes = [n for n in sizes[1:]]
    w("| contender | " + " | ".join(
        f"{size_name(n // 10)} to {size_name(n)}" for n in gsizes) +
      f" | s per 10^6 rows at {size_name(big)} |")
    w("|---|" + "---:|" * (len(gsizes) + 1))
    for who in order:
        row = []
        for n in gsizes:
            a, b = wall(who, n), wall(who, n // 10)
            row.append(fmt_ratio(a / b) if a is not None and b else
                       "" if b is None else why_not(who, n))
        per = wall(who, big)
        row.append(fmt_s(per / big * 1e6) if per is not None else "")
        w(f"| {labels[who]} | " + " | ".join(row) + " |")
    w("")

    # ---- targets at the largest size ----------------------------------
    w(f"## Targets of the issue, at {size_name(big)} rows")
    w("")
    w("| target | measured | met |")
    w("|---|---|---|")
    tt = wall("tiertrend", big)

    def target(text, measured, met):
        w(f"| {text} | {measured} | {met} |")

    def yes(b):
        return "yes" if b else "**no**"

    if tt is None:
        reason = ("tiertrend transitions is missing from this build"
                  if state("tiertrend") == "missing" else
                  f"tiertrend did not finish at {size_name(big)}")
        target("all", reason, "not measured")
    else:
        for who, need, text in (("pandas", 10, "10 times faster than pandas"),
                                ("datatable", 5, "5 times faster than data.table"),
                                ("markovchain", 50, "50 times faster than markovchain"),
                                ("duckdb", 1.5, "1.5 times faster than DuckDB")):
            p = wall(who, big)
            c = cells.get((who, big))
            st = state(who)
            if p is not None:
                target(text, f"{fmt_ratio(p / tt)} times ({fmt_s(p)} s vs "
                       f"{fmt_s(tt)} s)", yes(p / tt >= need))
            elif (c and c.stopped) or st.startswith("stopped@"):
                lb = cap / tt
                target(text, f"more than {fmt_ratio(lb)} times ({who} "
                       f"stopped at {cap:.0f} s{'' if c else ' at ' + size_name(int(st.split('@')[1]))}"
                       f", tiertrend {fmt_s(tt)} s)",
                       yes(True) if lb >= need else "unknown")
            else:
                target(text, f"{who}: {why_not(who, big)}", "not measured")
        fl = wall("floor", big)
        if fl is not None:
            tc, fc = cpu("tiertrend", big), cpu("floor", big)
            extra = (f"; CPU time {fmt_ratio(tc / fc)} times ({fmt_s(tc)} s "
                     f"vs {fmt_s(fc)} s)" if tc and fc else "")
            target("at most 1.5 times the libcsv parse-only floor",
                   f"{fmt_ratio(tt / fl)} times ({fmt_s(tt)} s vs "
                   f"{fmt_s(fl)} s){extra}", yes(tt / fl <= 1.5))
        pm, tm = mem("pandas", big), mem("tiertrend", big)
        if pm is not None and tm is not None:
            target("peak memory at most 1/20 of pandas'",
                   f"1/{fmt_ratio(pm / tm)} ({fmt_mb(tm)} MB vs "
                   f"{fmt_mb(pm)} MB)", yes(pm / tm >= 20))
        else:
            target("peak memory at most 1/20 of pandas'",
                   "pandas did not finish", "not measured")
        bt = wall("tiertrend-boot", big)
        if bt is not None:
            target(f"{meta['boot']} bootstrap resamples at most 5 times the "
                   "plain run", f"{fmt_ratio(bt / tt)} times ({fmt_s(bt)} s "
                   f"vs {fmt_s(tt)} s)", yes(bt / tt <= 5))
        else:
            target("bootstrap at most 5 times the plain run",
                   why_not("tiertrend-boot", big), "not measured")
        if len(sizes) >= 2:
            prev = wall("tiertrend", big // 10)
            if prev:
                g = tt / prev
                target("cost grows linearly with rows",
                       f"x{fmt_ratio(g)} from {size_name(big // 10)} to "
                       f"{size_name(big)} rows (10 = linear)",
                       yes(g <= 12.5))
    w("")
    w("Linear growth is taken as met when ten times the rows cost at most "
      "12.5 times the time (25 % slack for the machine's noise). For the "
      "targets not met, `bench/PROFILE.md` shows where the time goes and "
      "what would close the gap. The C sketch (`proto_count.c`) is not "
      "tiertrend: it does the same job with the changes proposed there, to "
      "measure them.")
    w("")
    with open(args.out, "w", encoding="utf-8") as f:
        f.write("\n".join(L))


if __name__ == "__main__":
    main()
