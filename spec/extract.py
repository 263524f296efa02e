#!/usr/bin/env python3
"""Extract a facts-only operation table from SignalWire's Compatibility (LaML)
OpenAPI document.

Usage (from the repository root):

    python3 spec/extract.py ../shared/spec/compatibility-api.openapi.yaml
    python3 spec/extract.py --check [SPEC]   # exit 1 if either output is stale

Writes emulator/spec/operations.json and, from the spec's `webhooks:` section,
emulator/spec/webhooks.json (see spec/README.md for both layouts). Needs Python 3.11
and PyYAML. The output is deterministic: sorted object keys, operations ordered by
(path, method), parameters in declaration order, 2-space indent, trailing newline.

Anything the extractor does not understand (an unknown `$ref` target, a combinator
shape it cannot reduce, a type outside the table's vocabulary, a non-string enum
value, more than one 2xx response) aborts the run instead of being guessed at.
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import json
import re
import sys
from pathlib import Path

import yaml

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SPEC = REPO_ROOT / ".." / "shared" / "spec" / "compatibility-api.openapi.yaml"
DEFAULT_OUT = REPO_ROOT / "emulator" / "spec" / "operations.json"
DEFAULT_WEBHOOKS_OUT = REPO_ROOT / "emulator" / "spec" / "webhooks.json"

HTTP_METHODS = ("get", "post", "put", "patch", "delete", "head", "options", "trace")
METHOD_RANK = {m: i for i, m in enumerate(HTTP_METHODS)}
TYPES = {"string", "integer", "boolean", "number", "array", "object"}
FORM = "application/x-www-form-urlencoded"


def described_values(description: str) -> list[str]:
    """The values a description lists in prose ("Valid values: a, b, c."), for
    a parameter the spec types as a free string."""
    found = re.search(r"Valid values: (.+?)\.(?:\s|$)", description)
    if not found:
        return []
    return [v.strip().strip("'\"`") for v in found.group(1).split(",") if v.strip()]


class SpecError(Exception):
    pass


class Extractor:
    def __init__(self, doc: dict):
        self.doc = doc

    # ------------------------------------------------------------------ refs
    def lookup(self, ref: str) -> tuple[str, dict]:
        if not ref.startswith("#/"):
            raise SpecError(f"external $ref not supported: {ref}")
        node = self.doc
        for part in ref[2:].split("/"):
            part = part.replace("~1", "/").replace("~0", "~")
            if not isinstance(node, dict) or part not in node:
                raise SpecError(f"unresolvable $ref: {ref}")
            node = node[part]
        return ref.rsplit("/", 1)[-1], node

    def deref_parameter(self, prm: dict) -> dict:
        seen = set()
        while "$ref" in prm:
            ref = prm["$ref"]
            if ref in seen:
                raise SpecError(f"$ref cycle at {ref}")
            seen.add(ref)
            siblings = {k: v for k, v in prm.items() if k != "$ref"}
            _, target = self.lookup(ref)
            prm = {**target, **siblings}
        return prm

    # ---------------------------------------------------------------- schemas
    def norm(self, s: dict, where: str, seen: tuple = ()) -> dict:
        """Reduce a schema to {type, format?, enum?, default?, nullable?, ref?,
        items?, any_of_types?, properties?, required?}.

        - `$ref` is followed (siblings of the `$ref` override the target); the
          outermost ref name is kept as `ref`.
        - `allOf`: members are merged (properties united, required united); a
          one-member allOf (the spec's `allOf: [$ref]` wrapper) keeps the ref name.
        - `anyOf`/`oneOf`: `{type: 'null'}` members become `nullable: true`;
          a single remaining member is merged like allOf; several remaining
          members are accepted only in the `X | array<X>` shape, recorded as
          type array with `any_of_types` listing the alternatives.
        - `type: [X, 'null']` (3.1 style) becomes type X, nullable.
        Properties are kept raw; callers normalise the ones they need.
        """
        if not isinstance(s, dict):
            raise SpecError(f"{where}: schema is not a mapping")
        out: dict = {}
        if "$ref" in s:
            ref = s["$ref"]
            name, target = self.lookup(ref)
            if ref in seen:
                return {"type": "object", "ref": name}
            out = self.norm(target, f"{where}->{name}", seen + (ref,))
            out["ref"] = name
            siblings = {k: v for k, v in s.items() if k != "$ref"}
            if siblings:
                self._merge(out, self.norm(siblings, where, seen), where, override=True)
            return out

        members = s.get("allOf", [])
        for i, member in enumerate(members):
            n = self.norm(member, f"{where}/allOf/{i}", seen)
            if len(members) > 1:
                n.pop("ref", None)  # a composition is not the named schema itself
            self._merge(out, n, where)

        for key in ("anyOf", "oneOf"):
            if key not in s:
                continue
            alts = []
            for i, member in enumerate(s[key]):
                n = self.norm(member, f"{where}/{key}/{i}", seen)
                if n.get("type") == "null":
                    out["nullable"] = True
                else:
                    alts.append(n)
            if len(alts) == 1:
                self._merge(out, alts[0], where)
            elif len(alts) > 1:
                self._merge(out, self._reduce_alternatives(alts, where), where)

        own = {k: copy.deepcopy(v) for k, v in s.items()
               if k in ("type", "format", "enum", "default", "items", "properties", "required", "nullable",
                        "title")}
        if "items" in own:
            own["items"] = self.norm(own["items"], f"{where}/items", seen)
        if isinstance(own.get("type"), list):
            types = [t for t in own["type"] if t != "null"]
            if len(types) != len(own["type"]):
                own["nullable"] = True
            if len(types) != 1:
                raise SpecError(f"{where}: multi-type {own['type']} not supported")
            own["type"] = types[0]
        self._merge(out, own, where, override=True)

        if "type" not in out:
            if "properties" in out:
                out["type"] = "object"
            elif "enum" in out and all(isinstance(e, str) for e in out["enum"]):
                out["type"] = "string"
        return out

    def _reduce_alternatives(self, alts: list[dict], where: str) -> dict:
        arrays = [a for a in alts if a.get("type") == "array"]
        scalars = [a for a in alts if a.get("type") != "array"]
        if len(arrays) == 1 and len(scalars) == 1:
            item = arrays[0].get("items", {})
            if item.get("type") == scalars[0].get("type"):
                red = copy.deepcopy(arrays[0])
                red["any_of_types"] = [a["type"] for a in alts]
                return red
        raise SpecError(f"{where}: cannot reduce anyOf/oneOf alternatives {[a.get('type') for a in alts]}")

    def _merge(self, into: dict, new: dict, where: str, override: bool = False) -> None:
        for k, v in new.items():
            if k == "properties":
                into.setdefault("properties", {}).update(v)
            elif k == "required":
                req = into.setdefault("required", [])
                req.extend(r for r in v if r not in req)
            elif k == "nullable":
                into["nullable"] = bool(into.get("nullable")) or bool(v)
            elif k in ("ref", "title"):
                into.setdefault(k, v)
            elif k in into and into[k] != v and not override:
                raise SpecError(f"{where}: conflicting '{k}' in combined schemas: {into[k]!r} vs {v!r}")
            else:
                into[k] = v

    # ----------------------------------------------------------- descriptions
    def _check_enum(self, values, where):
        if not all(isinstance(e, str) for e in values):
            raise SpecError(f"{where}: non-string enum {values!r}")
        return list(values)

    def _check_type(self, t, where, allowed=TYPES):
        if t not in allowed:
            raise SpecError(f"{where}: type {t!r} outside {sorted(allowed)}")
        return t

    def param_facts(self, name: str, loc: str, required: bool, schema: dict, where: str,
                    description: str | None = None) -> dict:
        n = self.norm(schema, where)
        p = {"name": name, "in": loc, "required": bool(required),
             "type": self._check_type(n.get("type"), where)}
        fmt, enum = n.get("format"), n.get("enum")
        if p["type"] == "array":
            item = n.get("items") or {}
            p["item_type"] = self._check_type(item.get("type"), where + "/items")
            fmt = fmt or item.get("format")
            enum = enum or item.get("enum")
        if fmt:
            p["format"] = fmt
        if enum is not None:
            p["enum"] = self._check_enum(enum, where)
        if "default" in n:
            p["default"] = n["default"]
        if n.get("nullable"):
            p["nullable"] = True
        if "any_of_types" in n:
            p["any_of_types"] = n["any_of_types"]
        described = described_values(description or schema.get("description") or "")
        if described and "enum" not in p:
            p["described_values"] = described
        return p

    def field_facts(self, schema: dict, where: str) -> dict:
        n = self.norm(schema, where)
        # Response fields may be `type: 'null'` (always null, "not supported").
        f = {"type": self._check_type(n.get("type"), where, TYPES | {"null"})}
        fmt, enum, ref = n.get("format"), n.get("enum"), n.get("ref")
        if f["type"] == "array":
            item = n.get("items") or {}
            f["item_type"] = self._check_type(item.get("type"), where + "/items")
            fmt = fmt or item.get("format")
            enum = enum or item.get("enum")
            ref = item.get("ref")
        if fmt:
            f["format"] = fmt
        if enum is not None:
            f["enum"] = self._check_enum(enum, where)
        if ref:
            f["ref"] = ref
        if n.get("nullable"):
            f["nullable"] = True
        if "any_of_types" in n:
            f["any_of_types"] = n["any_of_types"]
        return f

    def object_facts(self, schema: dict, where: str) -> tuple[dict, dict]:
        n = self.norm(schema, where)
        return self.object_facts_from_norm(n, where), n

    def object_facts_from_norm(self, n: dict, where: str) -> dict:
        if n.get("type") != "object":
            raise SpecError(f"{where}: expected an object schema, got {n.get('type')!r}")
        props = n.get("properties", {})
        required = list(n.get("required", []))
        missing = [r for r in required if r not in props]
        if missing:
            raise SpecError(f"{where}: required names without properties: {missing}")
        return {"schema_name": n.get("title") or n.get("ref"), "required": required,
                "fields": {k: self.field_facts(v, f"{where}/properties/{k}") for k, v in props.items()}}

    # -------------------------------------------------------------- operations
    def operation(self, path: str, method: str, op: dict, path_item: dict) -> dict:
        oid = op.get("operationId")
        if not oid:
            raise SpecError(f"{method.upper()} {path}: no operationId")
        where = f"{oid}"
        # path-level parameters, overridden by operation-level ones (name, in)
        merged: dict = {}
        for raw in list(path_item.get("parameters", [])) + list(op.get("parameters", [])):
            prm = self.deref_parameter(raw)
            merged[(prm["name"], prm["in"])] = prm
        params = []
        for prm in merged.values():
            loc = prm["in"]
            if loc == "header" and prm["name"].lower() == "authorization":
                continue
            if loc not in ("path", "query", "header"):
                raise SpecError(f"{where}: parameter {prm['name']} in unsupported location {loc!r}")
            if "schema" not in prm:
                raise SpecError(f"{where}: parameter {prm['name']} has no schema")
            params.append(self.param_facts(prm["name"], loc, prm.get("required", False),
                                           prm["schema"], f"{where}/param/{prm['name']}",
                                           prm.get("description")))

        templ = re.findall(r"\{([^}]+)\}", path)
        declared = [p["name"] for p in params if p["in"] == "path"]
        if sorted(templ) != sorted(declared):
            raise SpecError(f"{where}: path placeholders {templ} != path parameters {declared}")

        body_types: list[str] = []
        body_required = None
        rb = op.get("requestBody")
        if rb is not None:
            if "$ref" in rb:
                _, rb = self.lookup(rb["$ref"])
            content = rb.get("content", {})
            body_types = sorted(content)
            body_required = bool(rb.get("required", False))
            schemas = [c.get("schema") for c in content.values()]
            if not schemas or any(s is None for s in schemas):
                raise SpecError(f"{where}: request body without schema")
            if any(s != schemas[0] for s in schemas[1:]):
                raise SpecError(f"{where}: request body content types declare different schemas")
            _, bschema = self.object_facts(schemas[0], f"{where}/requestBody")
            req = set(bschema.get("required", []))
            for pname, pschema in bschema.get("properties", {}).items():
                # The Compatibility API takes form-encoded bodies even where the
                # spec declares application/json, so body properties are `form`.
                params.append(self.param_facts(pname, "form", pname in req, pschema,
                                               f"{where}/body/{pname}"))

        return {
            "operation_id": oid,
            "method": method.upper(),
            "path": path,
            "parameters": params,
            "body_content_types": body_types,
            "body_required": body_required,
            "response": self.response(op, where),
        }

    def response(self, op: dict, where: str):
        responses = op.get("responses") or {}
        ok = sorted(str(k) for k in responses if str(k).startswith("2"))
        if not ok:
            return None
        if len(ok) > 1:
            raise SpecError(f"{where}: several 2xx responses {ok}")
        status = ok[0]
        resp = responses[status] if status in responses else responses[int(status)]
        if "$ref" in resp:
            _, resp = self.lookup(resp["$ref"])
        out: dict = {"status": int(status)}
        content = resp.get("content") or {}
        json_types = [ct for ct in content if ct == "application/json" or ct.endswith("+json")]
        if not json_types:
            if content:
                out["content_types"] = sorted(content)
            return out
        schema = content[json_types[0]].get("schema")
        if schema is None:
            return out
        facts, n = self.object_facts(schema, f"{where}/response")
        out.update(facts)
        lists = []
        for key, pschema in n.get("properties", {}).items():
            pn = self.norm(pschema, f"{where}/response/{key}")
            if pn.get("type") == "array" and (pn.get("items") or {}).get("type") == "object":
                item_facts = self.object_facts_from_norm(pn["items"], f"{where}/response/{key}/items")
                lists.append({"key": key, **item_facts})
        if lists:
            out["list_items"] = lists
        return out

    def referenced_objects(self, ops: list[dict]) -> dict:
        """Object schemas named by a response field's `ref` (transitively), so a
        test can follow e.g. subresource_uris -> ConferenceSubresourceUris."""
        out: dict = {}
        todo = []

        def collect(fields):
            for f in fields.values():
                if f.get("ref") and "object" in (f["type"], f.get("item_type")):
                    todo.append(f["ref"])

        for o in ops:
            r = o["response"] or {}
            collect(r.get("fields", {}))
            for li in r.get("list_items", []):
                collect(li["fields"])
        while todo:
            name = todo.pop()
            if name in out:
                continue
            facts = self.object_facts_from_norm(
                self.norm({"$ref": f"#/components/schemas/{name}"}, name), name)
            out[name] = {"required": facts["required"], "fields": facts["fields"]}
            collect(facts["fields"])
        return out

    def extract(self) -> list[dict]:
        ops = []
        for path, item in (self.doc.get("paths") or {}).items():
            for method, op in item.items():
                if method in HTTP_METHODS:
                    ops.append(self.operation(path, method, op, item))
        ops.sort(key=lambda o: (o["path"], METHOD_RANK[o["method"].lower()]))
        ids = [o["operation_id"] for o in ops]
        dups = sorted({i for i in ids if ids.count(i) > 1})
        if dups:
            raise SpecError(f"duplicate operationIds: {dups}")
        return ops

    def webhooks(self) -> list[dict]:
        """The callback payloads of the `webhooks:` section, by webhook name:
        the operation id, the method, the content type and the payload's
        object facts (required names, fields)."""
        out = []
        for name, item in (self.doc.get("webhooks") or {}).items():
            for method, op in item.items():
                if method not in HTTP_METHODS:
                    continue
                where = f"webhooks/{name}/{method}"
                content = ((op.get("requestBody") or {}).get("content") or {})
                if len(content) != 1:
                    raise SpecError(f"{where}: expected one request content type, got {list(content)}")
                (content_type, media), = content.items()
                facts = self.object_facts_from_norm(self.norm(media.get("schema") or {}, where), where)
                out.append({"name": name, "operation_id": op.get("operationId"),
                            "method": method.upper(), "content_type": content_type, **facts})
        out.sort(key=lambda w: w["name"])
        return out


def render_webhooks(spec_path: Path) -> str:
    raw = spec_path.read_bytes()
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    doc = yaml.load(raw, Loader=loader)
    hooks = Extractor(doc).webhooks()
    table = {
        "source": {"file": spec_path.name, "sha256": hashlib.sha256(raw).hexdigest()},
        "webhook_count": len(hooks),
        "webhooks": hooks,
    }
    return json.dumps(table, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def render(spec_path: Path) -> tuple[str, list[dict]]:
    raw = spec_path.read_bytes()
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    doc = yaml.load(raw, Loader=loader)
    ex = Extractor(doc)
    ops = ex.extract()
    table = {
        "source": {
            "file": spec_path.name,
            "sha256": hashlib.sha256(raw).hexdigest(),
            "openapi": str(doc.get("openapi")),
            "info_version": str((doc.get("info") or {}).get("version")),
            "servers": [s.get("url") for s in doc.get("servers", [])],
        },
        "operation_count": len(ops),
        "operations": ops,
        "schemas": ex.referenced_objects(ops),
    }
    text = json.dumps(table, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    return text, ops


def describe(p: dict) -> str:
    bits = [p["in"], p["type"] + (f"<{p['item_type']}>" if "item_type" in p else "")]
    if p.get("format"):
        bits.append(p["format"])
    bits.append("required" if p["required"] else "optional")
    s = f"{p['name']}({', '.join(bits)})"
    if "enum" in p:
        s += "{" + "|".join(p["enum"]) + "}"
    if "default" in p:
        s += f"={json.dumps(p['default'])}"
    return s


def summary(ops: list[dict]) -> None:
    print(f"operations: {len(ops)}")
    conf = [o for o in ops if "/Conferences" in o["path"]]
    print(f"conference-family operations (path contains /Conferences): {len(conf)}")
    for o in conf:
        r = o["response"] or {}
        resp = f"{r.get('status')} {r.get('schema_name', '')}".rstrip()
        body = f" body={o['body_content_types']}" if o["body_content_types"] else ""
        print(f"  {o['method']:6} {o['path']}  [{o['operation_id']}] -> {resp}{body}")
        for p in o["parameters"]:
            print(f"      {describe(p)}")


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("spec", nargs="?", default=str(DEFAULT_SPEC),
                    help="OpenAPI YAML (default: ../shared/spec/compatibility-api.openapi.yaml from the repo root)")
    ap.add_argument("-o", "--output", default=str(DEFAULT_OUT), help="output JSON (default: emulator/spec/operations.json)")
    ap.add_argument("--webhooks-output", default=str(DEFAULT_WEBHOOKS_OUT),
                    help="output JSON for the webhooks (default: emulator/spec/webhooks.json)")
    ap.add_argument("--check", action="store_true", help="do not write; exit 1 if the output file differs")
    args = ap.parse_args(argv)

    spec_path = Path(args.spec)
    try:
        text, ops = render(spec_path)
        webhooks = render_webhooks(spec_path)
    except SpecError as e:
        print(f"extract.py: {e}", file=sys.stderr)
        return 2
    for out_path, text in ((Path(args.output), text), (Path(args.webhooks_output), webhooks)):
        if args.check:
            current = out_path.read_text(encoding="utf-8") if out_path.exists() else None
            if current != text:
                print(f"{out_path} is out of date with {spec_path}", file=sys.stderr)
                return 1
            print(f"{out_path} is up to date")
        else:
            out_path.write_text(text, encoding="utf-8", newline="\n")
            print(f"wrote {out_path}")
    summary(ops)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
