//! The generated Python handler stubs work: the module imports in the SDK reference's venv,
//! its `action` answers every action type the widget binds (and an unknown one), and every
//! event it yields is a `ThreadStreamEvent` to `../shared/reference/chatkit-ref events`.

mod common;

use std::process::Command;

use serde_json::json;
use widget::actions::inventory::actions;
use widget::actions::stubs::python;

const RUN: &str = r#"
import asyncio, importlib.util, json, sys
from datetime import datetime
from chatkit.actions import Action
from chatkit.types import ThreadMetadata, WidgetItem
spec = importlib.util.spec_from_file_location("stubs", sys.argv[1])
mod = importlib.util.module_from_spec(spec)
spec.loader.exec_module(mod)
widget = json.loads(sys.argv[2])
calls = json.loads(sys.argv[3])
thread = ThreadMetadata(id="thr_1", created_at=datetime(2026, 12, 1))
sender = WidgetItem(id="msg_1", thread_id="thr_1", created_at=datetime(2026, 12, 1), widget=widget)
async def main():
    for t, payload, sync in calls:
        if sync:
            r = await mod.WidgetActions().sync_action(thread, Action(type=t, payload=payload), sender, None)
            print("data: " + r.model_dump_json(exclude_none=True))
            continue
        async for e in mod.WidgetActions().action(thread, Action(type=t, payload=payload), sender, None):
            print("data: " + e.model_dump_json(exclude_none=True))
asyncio.run(main())
"#;

#[test]
fn the_generated_python_runs_and_its_events_pass_the_sdk() {
    let widget = json!({"type": "Card", "asForm": true,
    "confirm": {"label": "Book", "action": {"type": "book", "payload": {"flight": "LH 400", "seats": 2}}},
    "children": [
        {"type": "Input", "name": "traveller.name", "required": true},
        {"type": "Checkbox", "name": "window"},
        {"type": "ListView", "children": []},
        {"type": "Button", "label": "Select", "onClickAction": {"type": "select_flight", "payload": {"id": "LH 400", "price": 99.5, "tags": ["a"], "meta": null}}},
        {"type": "Button", "label": "Select", "onClickAction": {"type": "select_flight", "payload": {"id": "BA 117", "price": 120}}},
        {"type": "Button", "label": "Close", "onClickAction": {"type": "close", "handler": "client"}},
        {"type": "Button", "label": "Odd", "onClickAction": {"type": "todo.add-item", "payload": {"todo-id": 1}}},
        {"type": "Button", "label": "Hold", "onClickAction": {"type": "hold", "streaming": false, "payload": {"id": "LH 400"}}},
        {"type": "Button", "label": "Both", "onClickAction": {"type": "select_flight", "streaming": false, "payload": {"id": "AF 1"}}}
    ]});
    let code = python("Flights", &actions(&widget)).expect("server actions");
    // Typed from the payloads: both prices, the optional meta; every action inside the
    // asForm Card also gets the form's fields.
    assert!(code.contains(r#"SelectFlightPayload = TypedDict("SelectFlightPayload", {"id": str, "meta": None, "price": float | int, "tags": list[Any], "traveller": dict[str, Any], "window": Any}, total=False)"#), "{code}");
    assert!(code.contains(r#"BookPayload = TypedDict("BookPayload", {"flight": str, "seats": int, "traveller": dict[str, Any], "window": Any}, total=False)"#), "{code}");
    // Client-handled actions are not the server's.
    assert!(!code.contains("\"close\""));
    let dir = std::env::temp_dir().join(format!("widget-stubs-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let module = dir.join("stubs.py");
    std::fs::write(&module, &code).unwrap();
    // A streaming: false action is answered by sync_action (threads.sync_custom_action), with
    // its own method; a type sent both ways has one of each.
    assert!(code.contains("async def sync_action("), "{code}");
    assert!(code.contains("async def on_hold("), "{code}");
    assert!(code.contains("async def on_select_flight_sync("), "{code}");
    let calls = json!([
        ["select_flight", {"id": "LH 400", "price": 99.5}, false],
        ["book", {"flight": "LH 400", "seats": 2, "traveller": {"name": "Ada"}, "window": true}, false],
        ["todo.add-item", {"todo-id": 1}, false],
        ["unknown", null, false],
        ["hold", {"id": "LH 400"}, true],
        ["select_flight", {"id": "AF 1"}, true],
        ["unknown", null, true]
    ]);
    let out = Command::new(common::sdk_python())
        .arg("-c")
        .arg(RUN)
        .arg(&module)
        .arg(widget.to_string())
        .arg(calls.to_string())
        .output()
        .expect("run the generated module");
    assert!(
        out.status.success(),
        "{}\n{code}",
        String::from_utf8_lossy(&out.stderr)
    );
    let sse = String::from_utf8(out.stdout).unwrap();
    assert_eq!(sse.lines().count(), 7, "{sse}");
    let _ = std::fs::remove_dir_all(&dir);
    // An action no method answers gets `{}` (the widget stays), which the SDK's check of
    // events cannot type (it has no `updated_item`); the others are checked.
    let lines: Vec<&str> = sse.lines().collect();
    assert_eq!(lines[6], "data: {}", "{sse}");
    let (ok, results) = common::sdk_events(&lines[..6].join("\n"));
    assert!(ok, "{results:#?}");
    let types: Vec<_> = results
        .iter()
        .map(|r| r["type"].as_str().unwrap_or_default().to_string())
        .collect();
    assert_eq!(
        types,
        [
            "thread.item.updated",
            "thread.item.updated",
            "thread.item.updated",
            "notice",
            "sync-response",
            "sync-response"
        ]
    );
}

#[test]
fn no_server_actions_no_module() {
    let w = json!({"type": "Card", "children": [{"type": "Button", "label": "x", "onClickAction": {"type": "x", "handler": "client"}}]});
    assert_eq!(python("x", &actions(&w)), None);
}

/// The generated TypeScript type-checks against `@openai/chatkit`'s own types (`tsc --strict`),
/// a correct implementation of it passes, and a wrong one (a handler missing, a payload field
/// read as the wrong type) is refused, so the check can fail.
#[test]
#[ignore = "needs node_modules (tsc and @openai/chatkit); run by `make tsc-check`"]
fn the_generated_typescript_type_checks_against_chatkit() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let tsc = root.join("node_modules/.bin/tsc");
    let types = root.join("node_modules/@openai/chatkit/types/index.d.ts");
    assert!(
        tsc.exists() && types.exists(),
        "run scripts/bootstrap (typescript and @openai/chatkit)"
    );
    let widget = json!({"type": "Card", "children": [
        {"type": "Button", "label": "Close", "onClickAction": {"type": "close", "handler": "client", "payload": {"id": "x", "n": 1, "flag": true}}},
        {"type": "Button", "label": "Odd", "onClickAction": {"type": "todo.open-dialog", "handler": "client"}},
        {"type": "Button", "label": "Server", "onClickAction": {"type": "save"}}
    ]});
    let code =
        widget::actions::stubs::typescript("Dialogs", &actions(&widget)).expect("client actions");
    assert!(!code.contains("\"save\""), "{code}");
    let dir = std::env::temp_dir().join(format!("widget-stubs-ts-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let import = serde_json::to_string(
        &types
            .with_extension("")
            .with_extension("")
            .to_string_lossy(),
    )
    .unwrap();
    std::fs::write(
        dir.join("actions.ts"),
        code.replace("\"@openai/chatkit\"", &import),
    )
    .unwrap();
    let good = format!(
        "import type {{ WidgetsOption }} from {import};\nimport {{ onAction, type ClientActions }} from \"./actions\";\nconst handlers: ClientActions = {{\n  async close(payload, item) {{ const id: string | undefined = payload.id; const n: number | undefined = payload.n; console.log(id, n, payload.flag, item.id); }},\n  async \"todo.open-dialog\"(_payload, item) {{ console.log(item.widget.type); }},\n}};\nexport const widgets: WidgetsOption = {{ onAction: onAction(handlers) }};\n"
    );
    std::fs::write(dir.join("good.ts"), &good).unwrap();
    let bad = "import { type ClientActions } from \"./actions\";\nexport const handlers: ClientActions = {\n  async close(payload) { const id: number | undefined = payload.id; console.log(id); },\n};\n";
    std::fs::write(dir.join("bad.ts"), bad).unwrap();
    let run = |file: &str| common::run_tsc(&dir, file, &["--lib", "es2022,dom"]);
    let ok = run("good.ts");
    assert!(
        ok.status.success(),
        "{}\n{code}",
        String::from_utf8_lossy(&ok.stdout)
    );
    let refused = run("bad.ts");
    let said = String::from_utf8_lossy(&refused.stdout).to_string();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(!refused.status.success());
    assert!(
        said.contains("bad.ts(2,14): error TS2741") && said.contains("todo.open-dialog"),
        "{said}"
    );
    assert!(said.contains("bad.ts(3,32): error TS2322"), "{said}");
}
