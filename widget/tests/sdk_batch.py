#!/usr/bin/env python3
"""Builds many exported templates with the published SDK in one process.

Reads JSON lines {"id", "template", "data"} or {"id", "file", "data"} on stdin and writes one
JSON line per case: {"id", "rendered", "built"} or {"id", "error"}. "rendered" is the
template's output parsed as JSON (key order kept); "built" is
WidgetTemplate.build(data).model_dump(exclude_none=True), what an integration receives. A
"file" case loads a whole .widget file, exactly as `chatkit-ref build FILE DATA` does. Run it
with the venv that ../shared/reference/setup.sh makes.
"""
import json
import sys
from pathlib import Path

from chatkit.widgets import WidgetTemplate


def main():
    templates = {}
    for line in sys.stdin:
        if not line.strip():
            continue
        case = json.loads(line)
        out = {"id": case["id"]}
        try:
            if "file" in case:
                definition = json.loads(Path(case["file"]).read_text(encoding="utf-8"))
                text = definition["template"]
            else:
                text = case["template"]
                definition = {"version": "1.0", "name": "fuzz", "template": text, "jsonSchema": {}}
            wt = templates.get(text)
            if wt is None:
                wt = WidgetTemplate(definition)
                if len(templates) > 512:
                    templates.clear()
                templates[text] = wt
            data = case["data"]
            out["rendered"] = json.loads(wt.template.render(**data))
            out["built"] = wt.build(data).model_dump(exclude_none=True)
        except Exception as exc:  # a failing build is an answer, not a crash
            out.pop("rendered", None)
            out["error"] = f"{type(exc).__name__}: {exc}"
        sys.stdout.write(json.dumps(out, ensure_ascii=False, allow_nan=True) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
