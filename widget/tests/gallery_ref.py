#!/usr/bin/env python3
"""`chatkit-ref build FILE.widget STATE.json` for many (file, state) cases in one process.

Imports ../shared/reference/chatkit_ref.py (its directory is argv[1]) and calls the same
`build(definition, data)` that its `build` command prints. Reads JSON lines {"id", "file",
"data"} on stdin; writes {"id", "built"} or {"id", "error"} per line. Run it with the venv
that ../shared/reference/setup.sh makes.
"""
import json
import sys
from pathlib import Path


def main():
    sys.path.insert(0, sys.argv[1])
    import chatkit_ref

    for line in sys.stdin:
        if not line.strip():
            continue
        case = json.loads(line)
        out = {"id": case["id"]}
        try:
            definition = json.loads(Path(case["file"]).read_text(encoding="utf-8"))
            out["built"] = chatkit_ref.build(definition, case["data"])
        except Exception as exc:  # a failing build is an answer, not a crash
            out["error"] = f"{type(exc).__name__}: {exc}"
        sys.stdout.write(json.dumps(out, ensure_ascii=False, allow_nan=True) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
