#!/usr/bin/env python3
"""Compile cost of the whole catalogue: the `laml` crate as written (79
endpoints and their responses through `#[endpoint]` and `#[resource]`)
against the same crate with every macro already expanded.

    python3 benches/catalogue_compile_cost.py [--runs 7]

The expanded crate is rustc's own expansion of `laml`
(`-Zunpretty=expanded`, reached on the stable toolchain through
`RUSTC_BOOTSTRAP=1`, as rustc's pretty-printer prints what its derives use),
so it is the code the macros write, compiled with no proc macro at all. It
also has serde's and the standard derives expanded, which code written by
hand would keep as derives: the ratio is an upper bound of what laml's own
macros cost. Both crates are checked with `RUSTC_BOOTSTRAP=1` so that they
share their dependencies' builds.

Timing is `compile_cost.py`'s: incremental compilation off, each crate's
`src/lib.rs` touched and the crate alone checked, `--runs` times, the two in
turn; rustc's time from cargo's `--timings`.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from compile_cost import ROOT, cargo, compile_seconds, spread  # noqa: E402

CRATES = ("catalogue_expanded", "catalogue_macro")
# What rustc's expansion uses of the standard library's internals.
FEATURES = ("prelude_import, coverage_attribute, structural_match, fmt_helpers_for_derive, "
            "rustc_attrs, derive_eq_internals, core_intrinsics, trivial_clone, "
            "derive_clone_copy_internals, hint_must_use, panic_internals, liballoc_internals")


def expanded_laml():
    """rustc's expansion of the laml crate, made to compile again."""
    env = dict(os.environ, RUSTC_BOOTSTRAP="1", CARGO_TERM_COLOR="never")
    result = subprocess.run(
        ["cargo", "rustc", "-q", "-p", "laml", "--lib", "--", "-Zunpretty=expanded"],
        cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"expanding laml failed:\n{result.stderr[-4000:]}")
    source = result.stdout
    # The derives are expanded; their helper attributes are left behind.
    pieces, at = [], 0
    while (start := source.find("#[serde(", at)) >= 0:
        pieces.append(source[at:start])
        depth, end = 0, start + 1
        while end < len(source):
            depth += {"[": 1, "]": -1}.get(source[end], 0)
            if depth == 0:
                break
            end += 1
        at = end + 1
    pieces.append(source[at:])
    source = "".join(pieces)
    header = "#![feature(prelude_import)]\n"
    if not source.startswith(header):
        sys.exit("rustc's expansion no longer starts with #![feature(prelude_import)]")
    return (f"#![feature({FEATURES})]\n#![allow(internal_features, unused, redundant_semicolons)]\n"
            + source[len(header):] + "\nextern crate alloc;\n")


def manifest(name):
    """The laml crate's manifest, renamed, its dependencies by path."""
    own = (ROOT / "Cargo.toml").read_text()
    versions = {}
    section = own.split("[workspace.dependencies]", 1)[1].split("\n[", 1)[0]
    for line in section.splitlines():
        if "=" in line and not line.startswith("#"):
            key, value = line.split("=", 1)
            versions[key.strip()] = value.strip()
    dependencies = own.split("\n[dependencies]\n", 1)[1].split("\n[", 1)[0]
    lines = []
    for line in dependencies.splitlines():
        name_ = line.split(".", 1)[0].split("=", 1)[0].strip()
        if not name_ or "optional = true" in line:
            continue
        value = versions[name_]
        if name_.startswith("laml-"):
            value = f'{{ path = "{ROOT / name_.removeprefix("laml-")}" }}'
        lines.append(f"{name_} = {value}")
    return (f'[package]\nname = "{name}"\nversion = "0.0.0"\nedition = "2021"\npublish = false\n\n'
            f'[lib]\nname = "laml"\n\n[dependencies]\n' + "\n".join(lines) + "\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--target-dir", type=Path, default=ROOT / "target" / "compile-cost",
                        help="where dependencies are built, kept between runs")
    args = parser.parse_args()
    os.environ["RUSTC_BOOTSTRAP"] = "1"

    work = Path(tempfile.mkdtemp(prefix="laml-catalogue-cost-"))
    try:
        (work / "Cargo.toml").write_text(
            f'[workspace]\nmembers = {list(CRATES)!r}\nresolver = "2"\n'.replace("'", '"'))
        shutil.copy(ROOT / "Cargo.lock", work / "Cargo.lock")
        for crate in CRATES:
            (work / crate).mkdir()
            (work / crate / "Cargo.toml").write_text(manifest(crate))
        shutil.copytree(ROOT / "src", work / "catalogue_macro" / "src")
        (work / "catalogue_expanded" / "src").mkdir()
        expanded = expanded_laml()
        (work / "catalogue_expanded" / "src" / "lib.rs").write_text(expanded)
        print("checking dependencies (once; slow the first time)...", file=sys.stderr)
        cargo(work, args.target_dir, "check", "--workspace")

        results = {}
        for _ in range(args.runs):
            for crate in CRATES:
                seconds, _wall = compile_seconds(work, args.target_dir, "check", crate)
                results.setdefault(crate, []).append(seconds)
                print(f"  cargo check -p {crate}: {seconds:.2f} s", file=sys.stderr)

        expanded_s, macro_s = (statistics.median(results[c]) for c in CRATES)
        paired = statistics.median(m / e for e, m in zip(*(results[c] for c in CRATES)))
        print(f"\nThe laml crate (the expansion is {expanded.count(chr(10))} lines). Median of "
              f"{args.runs} clean checks of the crate alone (rustc time from `--timings`; "
              "min–max in brackets).\n")
        print("| command | expanded | as written | as written / expanded | median of paired ratios |")
        print("| --- | ---: | ---: | ---: | ---: |")
        print(f"| `cargo check` | {expanded_s:.2f} s ({spread(results[CRATES[0]])}) "
              f"| {macro_s:.2f} s ({spread(results[CRATES[1]])}) | {macro_s / expanded_s:.3f}× "
              f"| {paired:.3f}× |")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
