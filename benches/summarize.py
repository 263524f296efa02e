#!/usr/bin/env python3
"""Prints the criterion results of laml's benches as one Markdown table:
each figure's median, its spread, and its ratio to the hand-written baseline
of the same group, measured in the same run.

    python3 benches/summarize.py [TARGET_DIR]

Reads TARGET_DIR/criterion/*/*/new/{benchmark,estimates}.json (TARGET_DIR is
$CARGO_TARGET_DIR or ./target). The ratio's range comes from the two medians'
95% confidence intervals: [low / high baseline, high / low baseline].
"""

import json
import os
import sys
from pathlib import Path


def time_text(ns):
    for unit, scale in (("s", 1e9), ("ms", 1e6), ("µs", 1e3)):
        if ns >= scale:
            return f"{ns / scale:.3g} {unit}"
    return f"{ns:.3g} ns"


def main():
    target = Path(sys.argv[1] if len(sys.argv) > 1 else os.environ.get("CARGO_TARGET_DIR", "target"))
    groups = {}
    for benchmark in sorted((target / "criterion").glob("*/*/new/benchmark.json")):
        info = json.loads(benchmark.read_text())
        estimates = json.loads((benchmark.parent / "estimates.json").read_text())
        median = estimates["median"]
        groups.setdefault(info["group_id"], {})[info["function_id"]] = {
            "median": median["point_estimate"],
            "low": median["confidence_interval"]["lower_bound"],
            "high": median["confidence_interval"]["upper_bound"],
            "mad": estimates["median_abs_dev"]["point_estimate"],
            "throughput": info.get("throughput"),
        }
    if not groups:
        sys.exit(f"no criterion results under {target / 'criterion'}: run `cargo bench` first")

    print("| group | code | median | MAD | throughput | ratio to the group's baseline (95% CI) |")
    print("| --- | --- | ---: | ---: | ---: | ---: |")
    for group, functions in groups.items():
        baselines = sorted(name for name in functions if name.startswith("hand_written"))
        # The strictest baseline first: plain `hand_written`, or the one
        # that leaves dates as strings.
        primary = "hand_written" if "hand_written" in functions else "hand_written_strings"
        others = sorted(name for name in functions if name not in baselines)
        for name in [primary] + [b for b in baselines if b != primary] + others:
            f = functions[name]
            throughput = ""
            elements = (f["throughput"] or {}).get("Elements")
            if elements:
                throughput = f"{elements / (f['median'] / 1e9):,.0f} calls/s"
            ratios = []
            for baseline in [primary] + [b for b in baselines if b != primary]:
                if baseline == name or baseline not in functions:
                    continue
                if name in baselines and baseline != primary:
                    continue
                b = functions[baseline]
                ratios.append(
                    f"{f['median'] / b['median']:.3f}× "
                    f"({f['low'] / b['high']:.3f}–{f['high'] / b['low']:.3f}) vs `{baseline}`"
                )
            print(
                f"| {group} | `{name}` | {time_text(f['median'])} | {time_text(f['mad'])} "
                f"| {throughput} | {'; '.join(ratios) or 'baseline'} |"
            )

if __name__ == "__main__":
    main()
