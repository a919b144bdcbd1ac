#!/usr/bin/env python3
"""Prints the one table of `make bench`: every DESIGN §7 figure, its budget, what was measured.

Reads, from the folder given as the only argument:
  *.histogram.percentiles.tsv   package-benchmark's `--format histogramPercentiles` export
                                (nanoseconds: the suites set `timeUnits: .nanoseconds`)
  start.json, verify.json       hyperfine's `--export-json` of whole processes
  rss-drill.txt, rss-verify.txt peak resident set size in KiB (`/usr/bin/time -f %M`)
Exits 1 when a figure is over budget or missing, 0 when all are within.
"""

import glob
import json
import os
import re
import sys

MS = 1_000_000  # nanoseconds per millisecond

# The base shapes with three control-plane machines: the budget names those.
THREE_CONTROL_PLANES = {"stacked-3", "external-etcd-3", "bare-3"}


def read_percentiles(folder):
    """{benchmark name: {percentile: nanoseconds}} for the wall-clock metric."""
    pattern = re.compile(r"KubedojoBenchmarks\.(?P<name>.+)\.wallClock\.histogram\.percentiles\.tsv$")
    found = {}
    for path in glob.glob(os.path.join(folder, "*.histogram.percentiles.tsv")):
        match = pattern.search(os.path.basename(path))
        if not match:
            continue
        values = {}
        with open(path) as handle:
            next(handle)  # header: "Percentile<TAB>Time (wall clock) (ns)"
            for line in handle:
                percentile, value = line.split("\t")
                values[int(percentile)] = float(value)
        found[match.group("name")] = values
    return found


def hyperfine(folder, name):
    path = os.path.join(folder, name)
    if not os.path.exists(path):
        return None
    with open(path) as handle:
        result = json.load(handle)["results"][0]
    return result


def kib(folder, name):
    path = os.path.join(folder, name)
    if not os.path.exists(path):
        return None
    with open(path) as handle:
        text = handle.read().split()
    return int(text[-1]) if text else None


def ms(nanoseconds):
    value = nanoseconds / MS
    if value >= 100:
        return f"{value:.0f} ms"
    if value >= 10:
        return f"{value:.1f} ms"
    if value >= 1:
        return f"{value:.2f} ms"
    return f"{value * 1000:.0f} µs"


def spread(values):
    """The median, with the fastest run (least disturbed by other work on the machine) and p99."""
    return f"{ms(values[50])} (min {ms(values[0])}, p99 {ms(values[99])})"


def main():
    folder = sys.argv[1]
    suites = read_percentiles(folder)
    rows = []  # (figure, budget text, measured text, verdict)

    def row(figure, budget_text, measured_text, within):
        verdict = "n/a" if within is None else ("yes" if within else "NO")
        rows.append((figure, budget_text, measured_text, verdict))

    def suite(name):
        values = suites.get(name)
        if values is None:
            row(name, "", "missing", False)
        return values

    start = hyperfine(folder, "start.json")
    if start:
        median = start["median"] * 1000
        row(
            "start to first prompt (drill find-etcd-leader --seed 1 < /dev/null), median",
            "≤ 30 ms",
            f"{median:.1f} ms (mean {start['mean'] * 1000:.1f} ± {start['stddev'] * 1000:.1f}, {len(start['times'])} runs)",
            median <= 30,
        )
    else:
        row("start to first prompt", "≤ 30 ms", "missing", False)

    for name in sorted(n for n in suites if n.startswith("cluster.assemble.")):
        shape = name.removeprefix("cluster.assemble.")
        values = suites[name]
        three = shape in THREE_CONTROL_PLANES
        row(
            f"fresh seeded cluster ready: {shape}, median",
            "≤ 1 ms" if three else "(≤ 1 ms is for 3 control planes)",
            spread(values),
            values[50] <= 1 * MS if three else None,
        )

    for command in ["etcdctl-endpoint-status-table", "kubectl-get-pods-A", "grep-pipeline", "heredoc-write"]:
        values = suite(f"command.{command}")
        if values:
            row(f"one typed command: {command}, p99", "≤ 1 ms", f"{ms(values[99])} (p50 {ms(values[50])}, min {ms(values[0])})", values[99] <= 1 * MS)

    grading = {n.removeprefix("grade."): v for n, v in suites.items() if n.startswith("grade.")}
    if grading:
        worst = max(grading, key=lambda n: grading[n][50])
        over = sorted(n for n, v in grading.items() if v[50] > 5 * MS)
        row(
            f"grading a scenario incl. fault forks: worst of {len(grading)} ({worst}), median",
            "≤ 5 ms",
            f"{spread(grading[worst])}; {len(over)} over",
            not over,
        )
    else:
        row("grading a scenario", "≤ 5 ms", "missing", False)

    verify = hyperfine(folder, "verify.json")
    if verify:
        median = verify["median"]
        row(
            "kubedojo verify, whole catalogue (5 seeds), whole process, median",
            "≤ 2 s",
            f"{median:.2f} s ({len(verify['times'])} runs, min {verify['min']:.2f} s)",
            median <= 2,
        )
    else:
        row("kubedojo verify", "≤ 2 s", "missing", False)
    values = suites.get("verify.catalogue")
    if values:
        row(
            "  verify in process (catalogue loaded): first run / warm",
            "(info)",
            f"{values[100] / 1e9:.2f} s / {values[0] / 1e9:.2f} s",
            None,
        )

    values = suite("resume.replay-500")
    if values:
        row("resume: replay 500 logged commands, median", "≤ 50 ms", spread(values), values[50] <= 50 * MS)

    values = suite("fsrs.schedule-100000")
    if values:
        row("FSRS: schedule 100 000 cards, median", "≤ 100 ms", spread(values), values[50] <= 100 * MS)

    values = suite("store.open-migrate")
    if values:
        row("open + migrate a new progress database, median", "(info)", spread(values), None)

    for label, name in [("a drill session (drill-session.txt)", "rss-drill.txt"), ("kubedojo verify", "rss-verify.txt")]:
        value = kib(folder, name)
        if value is None:
            row(f"peak memory (RSS): {label}", "≤ 50 MB", "missing", False)
        else:
            megabytes = value * 1024 / 1e6
            row(f"peak memory (RSS): {label}", "≤ 50 MB", f"{megabytes:.1f} MB", megabytes <= 50)

    headers = ("figure", "budget", "measured", "within budget")
    widths = [max(len(headers[i]), *(len(r[i]) for r in rows)) for i in range(4)]

    def line(cells):
        return "| " + " | ".join(cell.ljust(width) for cell, width in zip(cells, widths)) + " |"

    print(line(headers))
    print("|" + "|".join("-" * (width + 2) for width in widths) + "|")
    for r in rows:
        print(line(r))
    over_budget = [r[0] for r in rows if r[3] == "NO"]
    if grading:
        slow = sorted(((v[50], n) for n, v in grading.items() if v[50] > 5 * MS), reverse=True)
        if slow:
            print("\nscenarios graded in over 5 ms (median): " + ", ".join(f"{n} {ms(t)}" for t, n in slow))
    print(f"\n{len(rows) - len(over_budget)} of {len(rows)} figures within budget or informational; {len(over_budget)} over.")
    return 1 if over_budget else 0


if __name__ == "__main__":
    sys.exit(main())
