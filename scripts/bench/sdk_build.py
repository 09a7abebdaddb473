"""Times the SDK's WidgetTemplate.build per call, in-process: with the template compiled once
(as a server holds it), and with WidgetTemplate(definition) constructed for every build
(as a one-shot loader does). usage: python sdk_build.py SECONDS FILE.widget:DATA.json ...
Prints JSON {name: [us_per_build_compiled_once, us_per_build_with_compile]}."""
import json
import sys
import time
from pathlib import Path

from chatkit.widgets import WidgetTemplate

seconds = float(sys.argv[1])
out = {}
for pair in sys.argv[2:]:
    wf, df = pair.split(":")
    tmpl = WidgetTemplate(json.loads(Path(wf).read_text()))
    data = json.loads(Path(df).read_text())
    tmpl.build(data)
    n = 0
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        tmpl.build(data)
        n += 1
    once = (time.perf_counter() - start) / n * 1e6
    definition = json.loads(Path(wf).read_text())
    n = 0
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        WidgetTemplate(definition).build(data)
        n += 1
    out[Path(wf).stem] = [once, (time.perf_counter() - start) / n * 1e6]
print(json.dumps(out))
