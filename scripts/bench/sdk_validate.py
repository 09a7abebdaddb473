"""Times the ChatKit SDK validating inputs in-process, exactly as `chatkit-ref validate` does
per file, without process start-up:

  json   mode: json.loads, every node against its typed model, and the dynamic root;
  widget mode: json.loads of the .widget file, WidgetTemplate(definition).build(default state),
               then the same checks (a build that fails counts, as the tool reports it).

usage: python sdk_validate.py MODE SECONDS FILE...   (prints JSON: bytes, runs, seconds, mb_per_s)
"""
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, os.environ["CHATKIT_REF_DIR"])
import chatkit_ref  # noqa: E402


def validate_json(text):
    return chatkit_ref.check_tree(json.loads(text))


def validate_widget(text):
    doc = json.loads(text)
    state = chatkit_ref.decode_encoded_widget(doc) or {}
    try:
        tree = chatkit_ref.build(doc, state.get("defaultState") or {})
    except Exception as exc:  # the tool reports this file as failing
        return {"error": str(exc)}
    return chatkit_ref.check_tree(tree)


mode, seconds = sys.argv[1], float(sys.argv[2])
fn = validate_json if mode == "json" else validate_widget
texts = [Path(p).read_text(encoding="utf-8") for p in sys.argv[3:]]
total = sum(len(t.encode()) for t in texts)
for t in texts:
    fn(t)
runs = 0
start = time.perf_counter()
while time.perf_counter() - start < seconds:
    for t in texts:
        fn(t)
    runs += 1
elapsed = time.perf_counter() - start
print(json.dumps({"bytes": total, "runs": runs, "seconds": elapsed, "mb_per_s": total * runs / elapsed / 1e6}))
