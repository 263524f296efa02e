#!/usr/bin/env python3
"""Cold build of a minimal app that uses laml, for each TLS choice and
optional feature, as ratios to the default measured in the same run.

    python3 benches/app_build_cost.py [--runs 3] [--before REV]
    python3 benches/app_build_cost.py --own [--runs 5]

The app is a binary crate with `laml` (by path) and `tokio` as its only
dependencies, whose `main` builds a client from the environment and sends
one request, so everything a real app links is built. Each variant is
built from cold (`cargo build`, dev profile, its own target directory,
emptied before each run), the variants in turn, `--runs` rounds, so that
whatever else the machine does weighs on all of them alike.

Variants: `rustls-ring` (the default), `rustls-aws-lc`, `native-tls`, the
default plus `blocking`, the default plus `axum`, and with `--before REV`
the default features of laml at that revision (checked out with
`git worktree`, removed afterwards), for the cost of a default build
before this choice existed.

With `--own`, measures laml's own crate instead, in this checkout: after
one warm build, `src/conferences/mod.rs` (the file that declares Update
Conference) is touched and `cargo check -p laml --lib` and then `cargo
build -p laml --lib` run, `--runs` times, as a contributor adding an
endpoint rebuilds; the CPU time of a clean `cargo check -p laml --lib`
(the crate alone, its dependencies built) is the baseline.

Prints a Markdown table: crates compiled, the CPU time of the build (user
plus system, of cargo and every compiler it ran) and its wall time, as
medians and as ratios of medians to the default. Crates compiled is exact;
CPU time is what a machine of its own would spend, and depends far less
than wall time on what else the machine runs.
"""

import argparse
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

MAIN = """\
use laml::conferences::ListConferences;

#[tokio::main]
async fn main() -> Result<(), laml::Error> {
    let client = laml::Client::from_env()?;
    let page = client.send(&ListConferences::new()).await?;
    println!("{} conferences", page.items.len());
    Ok(())
}
"""


def manifest(laml_path, features, default_features=True):
    spec = f'path = "{laml_path}"'
    if not default_features:
        spec += ", default-features = false"
    if features:
        spec += ", features = [" + ", ".join(f'"{f}"' for f in features) + "]"
    return f"""\
[package]
name = "app"
version = "0.1.0"
edition = "2021"
publish = false

[dependencies]
laml = {{ {spec} }}
tokio = {{ version = "1", features = ["rt-multi-thread", "macros"] }}

[workspace]
"""


def make_app(directory, laml_path, features, default_features=True):
    (directory / "src").mkdir(parents=True)
    (directory / "Cargo.toml").write_text(manifest(laml_path, features, default_features))
    (directory / "src" / "main.rs").write_text(MAIN)
    subprocess.run(["cargo", "fetch", "-q"], cwd=directory, check=True)


def children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def cold_build(directory):
    shutil.rmtree(directory / "target", ignore_errors=True)
    start, cpu = time.monotonic(), children_cpu()
    done = subprocess.run(
        ["cargo", "build", "--color", "never"],
        cwd=directory,
        stderr=subprocess.PIPE,
        text=True,
    )
    elapsed, cpu = time.monotonic() - start, children_cpu() - cpu
    if done.returncode != 0:
        sys.exit(f"{directory.name} did not build:\n{done.stderr[-3000:]}")
    crates = len(re.findall(r"^\s+Compiling ", done.stderr, re.M))
    return elapsed, cpu, crates


def timed(command):
    start, cpu = time.monotonic(), children_cpu()
    subprocess.run(command, cwd=ROOT, check=True, stderr=subprocess.DEVNULL)
    return time.monotonic() - start, children_cpu() - cpu


def own(runs):
    check = ["cargo", "check", "-p", "laml", "--lib"]
    build = ["cargo", "build", "-p", "laml", "--lib"]
    endpoint = ROOT / "src" / "conferences" / "mod.rs"
    subprocess.run(build, cwd=ROOT, check=True, stderr=subprocess.DEVNULL)
    subprocess.run(check, cwd=ROOT, check=True, stderr=subprocess.DEVNULL)
    figures = {"clean check": [], "check after touching": [], "build after touching": []}
    for _ in range(runs):
        subprocess.run(["cargo", "clean", "-p", "laml"], cwd=ROOT, check=True,
                       stderr=subprocess.DEVNULL)
        figures["clean check"].append(timed(check))
        endpoint.touch()
        figures["check after touching"].append(timed(check))
        subprocess.run(build, cwd=ROOT, check=True, stderr=subprocess.DEVNULL)
        endpoint.touch()
        figures["build after touching"].append(timed(build))
    base = statistics.median(cpu for _, cpu in figures["clean check"])
    print("| laml's own crate | CPU, median (runs) | ratio to a clean check | wall, median |")
    print("| --- | ---: | ---: | ---: |")
    for name, samples in figures.items():
        cpus = [cpu for _, cpu in samples]
        median = statistics.median(cpus)
        runs_ = ", ".join(f"{t:.1f}" for t in cpus)
        wall = statistics.median(w for w, _ in samples)
        print(f"| {name} | {median:.1f} s ({runs_}) | {median / base:.2f}× | {wall:.1f} s |")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--before", help="a revision of laml to compare the default with")
    parser.add_argument("--own", action="store_true", help="laml's own rebuilds instead")
    args = parser.parse_args()
    if args.own:
        own(args.runs)
        return

    scratch = Path(tempfile.mkdtemp(prefix="laml-app-build-"))
    variants = [
        ("default (`rustls-ring`)", ROOT, [], True),
        ("`rustls-aws-lc`", ROOT, ["rustls-aws-lc"], False),
        ("`native-tls`", ROOT, ["native-tls"], False),
        ("default + `blocking`", ROOT, ["blocking"], True),
        ("default + `axum`", ROOT, ["axum"], True),
    ]
    before = None
    try:
        if args.before:
            before = scratch / "before"
            subprocess.run(
                ["git", "worktree", "add", "-q", "--detach", str(before), args.before],
                cwd=ROOT,
                check=True,
            )
            variants.append((f"default at `{args.before}`", before, [], True))
        apps = []
        for index, (name, path, features, default) in enumerate(variants):
            directory = scratch / f"app{index}"
            make_app(directory, path, features, default)
            apps.append((name, directory))

        wall = {name: [] for name, _ in apps}
        cpu = {name: [] for name, _ in apps}
        crates = {}
        for round_ in range(args.runs):
            for name, directory in apps:
                elapsed, used, count = cold_build(directory)
                wall[name].append(elapsed)
                cpu[name].append(used)
                crates[name] = count
                print(f"round {round_ + 1}: {name}: {elapsed:.1f} s wall, {used:.1f} s CPU, "
                      f"{count} crates", file=sys.stderr)

        base_cpu = statistics.median(cpu[apps[0][0]])
        base_wall = statistics.median(wall[apps[0][0]])
        print("| variant | crates compiled | CPU, median (runs) | ratio | wall, median | ratio |")
        print("| --- | ---: | ---: | ---: | ---: | ---: |")
        for name, _ in apps:
            cpu_median = statistics.median(cpu[name])
            wall_median = statistics.median(wall[name])
            runs = ", ".join(f"{t:.0f}" for t in cpu[name])
            print(f"| {name} | {crates[name]} | {cpu_median:.0f} s ({runs}) | "
                  f"{cpu_median / base_cpu:.2f}× | {wall_median:.0f} s | "
                  f"{wall_median / base_wall:.2f}× |")
    finally:
        if before is not None:
            subprocess.run(["git", "worktree", "remove", "--force", str(before)], cwd=ROOT)
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
