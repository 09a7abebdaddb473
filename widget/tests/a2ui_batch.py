#!/usr/bin/env python3
"""Runs the A2UI reference (../shared/reference/a2ui_ref.py) on many cases in one process.

Reads JSON lines {"id", "messages", "version"?, "catalog"?: <catalog document>} on stdin and
writes one JSON line per case: {"id", "validate": <a2ui_ref validate output>, "resolve":
<a2ui_ref resolve output>}. Each case goes through the reference's own commands, so the
verdicts are exactly what `a2ui-ref validate FILE` and `a2ui-ref resolve FILE` print.
"""
import contextlib
import io
import json
import os
import sys
import tempfile
import warnings

sys.path.insert(0, os.path.join(os.environ["WIDGET_STUDIO_SHARED"], "reference"))
import a2ui_ref  # noqa: E402


def cached_catalogs():
    """Makes the reference reuse the catalogs it loaded for an earlier case.

    The SDK computes a catalog's validation schema and resolved schemas once per Catalog
    object and caches them; `a2ui_ref` builds new catalogs for every command, so each case
    paid for building them again (most of this script's time). A catalog is immutable once
    built (`a2ui.core.catalog.Catalog`), so the same objects serve every case with the same
    version and catalog documents, and the verdicts do not change.
    """
    load = a2ui_ref.load_catalogs
    cache = {}

    def load_cached(version, extra_paths, include_basic=True):
        docs = []
        for p in extra_paths:
            with open(p, encoding="utf-8") as f:
                docs.append(f.read())
        key = (version, include_basic, tuple(docs))
        if key not in cache:
            cache[key] = load(version, extra_paths, include_basic)
        return list(cache[key])

    a2ui_ref.load_catalogs = load_cached


def run(fn, *args):
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        code = fn(*args)
    return code, json.loads(buf.getvalue())


def main():
    warnings.simplefilter("ignore")
    cached_catalogs()
    with tempfile.TemporaryDirectory() as tmp:
        for line in sys.stdin:
            if not line.strip():
                continue
            case = json.loads(line)
            path = os.path.join(tmp, "messages.json")
            with open(path, "w", encoding="utf-8") as f:
                json.dump(case["messages"], f)
            extra = []
            if case.get("catalog") is not None:
                cat = os.path.join(tmp, "catalog.json")
                with open(cat, "w", encoding="utf-8") as f:
                    json.dump(case["catalog"], f)
                extra = [cat]
            version = case.get("version") or "v0.9"
            try:
                _, validate = run(a2ui_ref.cmd_validate, path, version, extra)
                _, resolve = run(a2ui_ref.cmd_resolve, path, version, extra)
                out = {"id": case["id"], "validate": validate, "resolve": resolve}
            except Exception as exc:  # a crash is a failing case, reported as such
                out = {"id": case["id"], "error": f"{type(exc).__name__}: {exc}"}
            sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
            sys.stdout.flush()


if __name__ == "__main__":
    main()
