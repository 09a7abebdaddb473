#!/usr/bin/env python3
"""Builds many exported templates with the published SDK in one process.

Reads JSON lines {"id", "template", "data"} on stdin and writes one JSON line per case:
{"id", "rendered", "built"} or {"id", "error"}. "rendered" is the template's output parsed
as JSON (key order kept); "built" is WidgetTemplate.build(data).model_dump(exclude_none=True),
what an integration receives. Run it with the venv that ../shared/reference/setup.sh makes.
"""
import json
import sys

from chatkit.widgets import WidgetTemplate


def main():
    templates = {}
    for line in sys.stdin:
        if not line.strip():
            continue
        case = json.loads(line)
        out = {"id": case["id"]}
        try:
            text = case["template"]
            wt = templates.get(text)
            if wt is None:
                wt = WidgetTemplate({"version": "1.0", "name": "fuzz", "template": text, "jsonSchema": {}})
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
