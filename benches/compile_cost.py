#!/usr/bin/env python3
"""Compile cost of `#[endpoint]` against the same endpoints written by hand.

    python3 benches/compile_cost.py [--runs 7] [--endpoints 100]

Generates, in a temporary directory, a workspace of three crates that depend
on laml by path, each declaring the same endpoints (a mix of fetch, list,
update and delete, 4 to 9 fields each, modelled on the conference
catalogue):

- `endpoints_macro`: each one declared with `#[endpoint]`;
- `endpoints_hand`:  the same structs with the `laml::Endpoint` impl, `new`
  and the setters written out by hand, as `macros/src/expand.rs` writes
  them; this is what the macro expands to, so it also times the expanded
  code without the proc macro;
- `endpoints_plain`: the same structs with no endpoint code at all, the
  floor any crate declaring them pays.

Dependencies are built once (in target/compile-cost, kept between runs).
Then, for `cargo check` and for `cargo build` (dev profile, incremental
compilation off, so every compile is a clean one), each crate's
`src/lib.rs` is touched and the crate alone is recompiled, `--runs` times,
the three crates in turn. The time of a compile is rustc's own time for
that crate, read from cargo's `--timings` report, so cargo's start-up and
fingerprinting are left out. Prints the medians, the spreads and the ratios
as a Markdown table.
"""

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRIVATE = "::laml::__private"
OPTION = "::core::option::Option"
CRATES = ("endpoints_plain", "endpoints_hand", "endpoints_macro")


def pascal_case(field):
    return "".join(part[:1].upper() + part[1:] for part in field.split("_"))


class Field:
    def __init__(self, name, ty, doc, shape="optional", inner=None, rename=None):
        self.name, self.ty, self.doc = name, ty, doc
        self.shape, self.inner, self.rename = shape, inner, rename

    @property
    def wire(self):
        return self.rename or pascal_case(self.name)


def optional(name, inner, doc, rename=None):
    return Field(name, f"Option<{inner}>", doc, "optional", inner, rename)


class Endpoint:
    def __init__(self, name, doc, method, path, encoding, response, fields):
        self.name, self.doc, self.method, self.path = name, doc, method, path
        self.encoding, self.response, self.fields = encoding, response, fields

    def placeholders(self):
        return re.findall(r"<([A-Za-z]+)>", self.path)


def snake_case(name):
    return re.sub(r"(?<!^)([A-Z])", r"_\1", name).lower()


def endpoints(count):
    """`count` endpoints, cycling through four shapes."""
    result = []
    for i in range(count):
        resource = f"Widget{i:03}"
        base = f"/Accounts/<AccountSid>/Conferences/<ConferenceSid>/{resource}s"
        conference_sid = Field("conference_sid", "String", "The conference's sid.", "required")
        sid = Field("sid", "String", "The widget's sid.", "required")
        kind = i % 4
        if kind == 0:
            result.append(Endpoint(
                f"Fetch{resource}", f"Fetches one widget {i}.", "GET", base + "/<Sid>", None,
                "Conference", [conference_sid, sid]))
        elif kind == 1:
            result.append(Endpoint(
                f"List{resource}s", f"Lists widgets {i}, a page at a time.", "GET", base,
                "query", "Page<Conference>", [
                    conference_sid,
                    optional("date_created", "time::Date", "Only those created on this day."),
                    optional("date_created_before", "time::Date", "Only those created before this day.", "DateCreated<"),
                    optional("date_created_after", "time::Date", "Only those created after this day.", "DateCreated>"),
                    optional("friendly_name", "String", "Only those with this name."),
                    optional("muted", "bool", "Only muted (`true`) or unmuted (`false`) ones."),
                    optional("page", "u32", "The page to fetch, from 0."),
                    optional("page_size", "u32", "How many a page holds."),
                    optional("page_token", "String", "The token of the page to fetch."),
                ]))
        elif kind == 2:
            result.append(Endpoint(
                f"Update{resource}", f"Changes widget {i}.", "POST", base + "/<Sid>", "form",
                "Conference", [
                    conference_sid,
                    sid,
                    optional("announce_url", "String", "The URL of an announcement to play."),
                    optional("announce_method", "CallbackMethod", "Whether `announce_url` is fetched with `GET` or `POST`."),
                    optional("hold", "bool", "Puts it on hold (`true`) or takes it off (`false`)."),
                    optional("hold_url", "String", "The URL of the music played on hold."),
                    optional("muted", "bool", "Mutes (`true`) or unmutes (`false`) it."),
                    Field("status_callback_event", "Vec<String>", "The events that call the status callback.", "list", "String"),
                ]))
        else:
            result.append(Endpoint(
                f"Delete{resource}", f"Removes widget {i}.", "DELETE", base + "/<Sid>", None,
                None, [conference_sid, sid]))
    return result


PRELUDE = """\
//! Generated by benches/compile_cost.py: {what}.
#![allow(clippy::all)]

use laml::conferences::{{CallbackMethod, Conference}};
use laml::Page;
"""


def struct_source(endpoint, attributes):
    lines = [f"/// {endpoint.doc}", *attributes, "#[derive(Debug, Clone, PartialEq)]",
             f"pub struct {endpoint.name} {{"]
    for field in endpoint.fields:
        lines.append(f"    /// {field.doc}")
        if attributes and field.rename:
            lines.append(f'    #[param(rename = "{field.rename}")]')
        lines.append(f"    pub {field.name}: {field.ty},")
    lines.append("}")
    return "\n".join(lines)


def macro_source(all_endpoints):
    parts = [PRELUDE.format(what="endpoints declared with #[endpoint]"), "use laml::endpoint;\n"]
    for e in all_endpoints:
        args = [e.method, f'"{e.path}"']
        if e.encoding:
            args.append(e.encoding)
        if e.response:
            args.append(f"response = {e.response}")
        parts.append(struct_source(e, [f"#[endpoint({', '.join(args)})]"]) + "\n")
    return "\n".join(parts)


def plain_source(all_endpoints):
    parts = [PRELUDE.format(what="the endpoints' structs alone, with no endpoint code")]
    parts.append("const _: Option<(CallbackMethod, Conference, Page<Conference>)> = None;\n")
    for e in all_endpoints:
        parts.append(struct_source(e, []) + "\n")
    return "\n".join(parts)


def argument_type(ty):
    return "impl ::core::convert::Into<String>" if ty == "String" else ty


def hand_impl(e):
    """What `macros/src/expand.rs` generates for `e`, written out."""
    path_fields = {f.name: f for f in e.fields if f.name in map(snake_case, e.placeholders())}
    params = [f for f in e.fields if f.name not in path_fields]
    location = {"query": "Query", "json": "Json"}.get(e.encoding, "Form")
    encoding = (f"{OPTION}::Some({PRIVATE}::Encoding::{location})" if e.encoding
                else f"{OPTION}::None")

    write_path = []
    for piece in re.split(r"(<[A-Za-z]+>)", e.path):
        if not piece:
            continue
        if piece.startswith("<"):
            name = piece[1:-1]
            field = snake_case(name)
            if field in path_fields:
                write_path.append(f'        __path.segment("{name}", &self.{field})?;')
            else:
                write_path.append(f'        __path.project_id("{name}")?;')
        else:
            write_path.append(f'        __path.literal("{piece}");')

    infos = []
    for name in e.placeholders():
        field = snake_case(name)
        bound = f'{OPTION}::Some("{field}")' if field in path_fields else f"{OPTION}::None"
        infos.append(f'        {PRIVATE}::ParamInfo::new("{name}", {bound}, '
                     f"{PRIVATE}::Location::Path, true, false, &[]),")
    for f in params:
        infos.append(
            f'        {PRIVATE}::ParamInfo::new("{f.wire}", {OPTION}::Some("{f.name}"), '
            f"{PRIVATE}::Location::{location}, {str(f.shape == 'required').lower()}, "
            f"{str(f.shape == 'list').lower()}, <{f.ty} as {PRIVATE}::Param>::VALUES),")

    write_params = [f'        <{f.ty} as {PRIVATE}::Param>::write(&self.{f.name}, "{f.wire}", __sink);'
                    for f in params]
    if e.response:
        response = e.response
        decode = f"        {PRIVATE}::decode_json::<{e.response}>(__status, __body)"
    else:
        response = "()"
        decode = "        let _ = (__status, __body);\n        ::core::result::Result::Ok(())"

    required = [f for f in e.fields if f.shape == "required"]
    names = ", ".join(f"`{f.name}`" for f in required)
    new_doc = (f"Creates the request from its required fields ({names}); set the others with "
               "the chainable setters." if required else
               "Creates the request; set its optional fields with the chainable setters.")
    new_args = ", ".join(f"{f.name}: {argument_type(f.ty)}" for f in required)
    inits = "\n".join(
        f"            {f.name}: ::core::convert::Into::into({f.name}),"
        if f.shape == "required" else f"            {f.name}: ::core::default::Default::default(),"
        for f in e.fields)
    setters = []
    for f in e.fields:
        if f.shape == "optional":
            setters.append(f"""
    /// {f.doc}
    #[must_use]
    pub fn {f.name}(mut self, {f.name}: {argument_type(f.inner)}) -> Self {{
        self.{f.name} = {OPTION}::Some(::core::convert::Into::into({f.name}));
        self
    }}""")
        elif f.shape == "list":
            setters.append(f"""
    /// {f.doc}
    #[must_use]
    pub fn {f.name}<__I>(mut self, {f.name}: __I) -> Self
    where
        __I: ::core::iter::IntoIterator,
        __I::Item: ::core::convert::Into<{f.inner}>,
    {{
        self.{f.name} = ::core::iter::Iterator::collect(::core::iter::Iterator::map(
            ::core::iter::IntoIterator::into_iter({f.name}),
            ::core::convert::Into::into,
        ));
        self
    }}""")

    return f"""
#[automatically_derived]
impl {PRIVATE}::Endpoint for {e.name} {{
    type Response = {response};
    const METHOD: {PRIVATE}::Method = {PRIVATE}::Method::{e.method.capitalize()};
    const PATH: &'static str = "{e.path}";
    const ENCODING: {OPTION}<{PRIVATE}::Encoding> = {encoding};
    const PARAMS: &'static [{PRIVATE}::ParamInfo] = &[
{chr(10).join(infos)}
    ];

    fn write_path(
        &self,
        __path: &mut {PRIVATE}::PathBuilder<'_>,
    ) -> ::core::result::Result<(), {PRIVATE}::Error> {{
{chr(10).join(write_path)}
        ::core::result::Result::Ok(())
    }}

    fn write_params<__S: {PRIVATE}::ParamSink>(&self, __sink: &mut __S) {{
{chr(10).join(write_params)}
    }}

    fn decode_response(
        __status: {PRIVATE}::StatusCode,
        __body: {PRIVATE}::Bytes,
    ) -> ::core::result::Result<Self::Response, {PRIVATE}::Error> {{
{decode}
    }}
}}

impl {e.name} {{
    #[doc = "{new_doc}"]
    #[must_use]
    pub fn new({new_args}) -> Self {{
        Self {{
{inits}
        }}
    }}
{"".join(setters)}
}}
"""


def hand_source(all_endpoints):
    parts = [PRELUDE.format(what="the same endpoints with their code written by hand")]
    for e in all_endpoints:
        parts.append(struct_source(e, []))
        parts.append(hand_impl(e))
    return "\n".join(parts)


def write_workspace(work, count):
    members = ", ".join(f'"{name}"' for name in CRATES)
    (work / "Cargo.toml").write_text(
        f'[workspace]\nmembers = [{members}]\nresolver = "2"\n\n[profile.dev]\nincremental = false\n')
    shutil.copy(ROOT / "Cargo.lock", work / "Cargo.lock")
    all_endpoints = endpoints(count)
    sources = {
        "endpoints_plain": plain_source(all_endpoints),
        "endpoints_hand": hand_source(all_endpoints),
        "endpoints_macro": macro_source(all_endpoints),
    }
    for name, source in sources.items():
        crate = work / name
        (crate / "src").mkdir(parents=True, exist_ok=True)
        (crate / "Cargo.toml").write_text(
            f'[package]\nname = "{name}"\nversion = "0.0.0"\nedition = "2021"\npublish = false\n\n'
            f'[dependencies]\nlaml = {{ path = "{ROOT}" }}\ntime = "0.3"\n')
        (crate / "src" / "lib.rs").write_text(source)


def cargo(work, target, *args):
    env = dict(os.environ, CARGO_TARGET_DIR=str(target), CARGO_INCREMENTAL="0",
               CARGO_TERM_COLOR="never")
    result = subprocess.run(["cargo", *args], cwd=work, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"cargo {' '.join(args)} failed:\n{result.stderr[-4000:]}")
    return result


def compile_seconds(work, target, command, crate):
    """rustc's time for `crate` alone, after touching its source."""
    (work / crate / "src" / "lib.rs").touch()
    time.sleep(0.01)
    reports = target / "cargo-timings"
    shutil.rmtree(reports, ignore_errors=True)
    started = time.monotonic()
    cargo(work, target, command, "-p", crate, "--timings")
    wall = time.monotonic() - started
    report = next(reports.glob("cargo-timing-*.html")).read_text()
    units = json.loads(re.search(r"const UNIT_DATA = (\[.*?\]);\n", report, re.S).group(1))
    durations = [u["duration"] for u in units if u["name"] == crate]
    if len(durations) != 1:
        sys.exit(f"expected one unit of {crate} in cargo's timings, found {len(durations)}")
    return durations[0], wall


def spread(values):
    return f"{min(values):.2f}–{max(values):.2f}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="compiles per crate and command (median)")
    parser.add_argument("--endpoints", type=int, default=100)
    parser.add_argument("--target-dir", type=Path, default=ROOT / "target" / "compile-cost",
                        help="where dependencies are built, kept between runs")
    parser.add_argument("--keep", action="store_true", help="keep the generated workspace")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="laml-compile-cost-"))
    try:
        write_workspace(work, args.endpoints)
        print(f"generated {args.endpoints} endpoints x 3 crates in {work}", file=sys.stderr)
        print("building dependencies (once; slow the first time)...", file=sys.stderr)
        for command in ("check", "build"):
            cargo(work, args.target_dir, command, "--workspace")

        results = {}
        for command in ("check", "build"):
            for run in range(args.runs):
                for crate in CRATES:
                    seconds, wall = compile_seconds(work, args.target_dir, command, crate)
                    results.setdefault((command, crate), []).append((seconds, wall))
                    print(f"  cargo {command} -p {crate}: {seconds:.2f} s (wall {wall:.2f} s)",
                          file=sys.stderr)

        lines = (work / "endpoints_hand" / "src" / "lib.rs").read_text().count("\n")
        print(f"\n{args.endpoints} endpoints; the hand-written crate is {lines} lines. "
              f"Median of {args.runs} clean compiles of the crate alone (rustc time from "
              "`--timings`; min–max in brackets).\n")
        print("| command | structs only | hand-written | `#[endpoint]` | macro / hand-written "
              "| macro's share of the macro crate | endpoint code, macro / hand-written |")
        print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
        for command in ("check", "build"):
            medians = {}
            cells = []
            for crate in CRATES:
                values = [seconds for seconds, _ in results[(command, crate)]]
                medians[crate] = statistics.median(values)
                cells.append(f"{medians[crate]:.2f} s ({spread(values)})")
            plain, hand, macro = (medians[c] for c in CRATES)
            share = (macro - hand) / macro
            code_ratio = (macro - plain) / (hand - plain) if hand > plain else float("nan")
            print(f"| `cargo {command}` | {' | '.join(cells)} | {macro / hand:.3f}× "
                  f"| {share:.0%} | {code_ratio:.2f}× |")
    finally:
        if args.keep:
            print(f"kept {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
