//! The generated Python handler stubs work: the module imports in the SDK reference's venv,
//! its `action` answers every action type the widget binds (and an unknown one), and every
//! event it yields is a `ThreadStreamEvent` to `../shared/reference/chatkit-ref events`.

mod common;

use std::process::Command;

use serde_json::{Value, json};
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
    for t, payload in calls:
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
        {"type": "Button", "label": "Odd", "onClickAction": {"type": "todo.add-item", "payload": {"todo-id": 1}}}
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
    let calls = json!([
        ["select_flight", {"id": "LH 400", "price": 99.5}],
        ["book", {"flight": "LH 400", "seats": 2, "traveller": {"name": "Ada"}, "window": true}],
        ["todo.add-item", {"todo-id": 1}],
        ["unknown", null]
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
    assert_eq!(sse.lines().count(), 4, "{sse}");
    let file = dir.join("events.sse");
    std::fs::write(&file, &sse).unwrap();
    let check = Command::new(common::shared().join("reference/chatkit-ref"))
        .arg("events")
        .arg(&file)
        .output()
        .expect("run chatkit-ref events");
    let _ = std::fs::remove_dir_all(&dir);
    let results: Vec<Value> = serde_json::from_slice(&check.stdout).unwrap();
    assert!(check.status.success(), "{results:#?}");
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
            "notice"
        ]
    );
}

#[test]
fn no_server_actions_no_module() {
    let w = json!({"type": "Card", "children": [{"type": "Button", "label": "x", "onClickAction": {"type": "x", "handler": "client"}}]});
    assert_eq!(python("x", &actions(&w)), None);
}
