//! The target (chatkit-python or chatkit-js) through the CLI (`--target` on validate, build
//! and export) and the REST validate endpoint (`?target=`).

mod common;
use common::{Server, TempDir, bin, call, request};
use serde_json::{Value, json};
use std::process::Command;

fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(bin()).args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const TABLE: &str = r#"{"type": "Card", "children": [{"type": "Table", "children": [{"type": "Table.Row", "header": true, "children": [{"type": "Table.Cell", "children": [{"type": "Text", "value": "Item"}]}]}]}]}"#;
const GAP: &str = r#"{"type": "Card", "children": [{"type": "Row", "gap": 1.5}]}"#;

#[test]
fn validate_build_and_export_take_a_target() {
    let dir = TempDir::new("cli-target");
    let table = dir.path().join("table.json");
    std::fs::write(&table, TABLE).unwrap();
    let gap = dir.path().join("gap.json");
    std::fs::write(&gap, GAP).unwrap();
    let (table, gap) = (table.to_str().unwrap(), gap.to_str().unwrap());

    // Default: chatkit-python, which has no Table and takes whole numbers.
    let (code, out, _) = run(&["validate", table]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("error[unknown-component]") && out.contains("choose the chatkit-js target"),
        "{out}"
    );
    let (code, out, _) = run(&["validate", "--target", "chatkit-js", table, gap]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("warning[target-difference]"), "{out}");
    assert!(
        out.contains("ChatKit.js draws 1.5, but the Python SDK's Row accepts only whole numbers"),
        "{out}"
    );
    let (code, out, _) = run(&["validate", "--target", "chatkit-python", gap]);
    assert_eq!(code, 1, "{out}");

    // A bad target is a usage error that lists the allowed ones.
    let (code, _, err) = run(&["validate", "--target", "js", gap]);
    assert_eq!(code, 2);
    assert!(
        err.contains("chatkit-python") && err.contains("chatkit-js"),
        "{err}"
    );

    // build
    let (code, _, err) = run(&["build", table]);
    assert_eq!(code, 1, "{err}");
    let (code, out, err) = run(&["build", "--target", "chatkit-js", table]);
    assert_eq!(code, 0, "{err}");
    let built: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(built["children"][0]["children"][0]["type"], "Table.Row");

    // export: the .widget file carries the target, and validates by it.
    let view = dir.path().join("order.jsx");
    std::fs::write(
        &view,
        r#"<Card><Table><Table.Row header><Table.Cell><Text value="Item" /></Table.Cell></Table.Row></Table></Card>"#,
    )
    .unwrap();
    let view = view.to_str().unwrap();
    let (code, _, err) = run(&["export", view, "--format", "widget"]);
    assert_eq!(code, 1, "{err}");
    let (code, out, err) = run(&[
        "export",
        view,
        "--format",
        "widget",
        "--target",
        "chatkit-js",
    ]);
    assert_eq!(code, 0, "{err}");
    let file = dir.path().join("order.widget");
    std::fs::write(&file, &out).unwrap();
    let file = file.to_str().unwrap();
    let (code, out, _) = run(&["validate", file]);
    assert_eq!(code, 0, "the file's own target applies: {out}");
    let (code, out, _) = run(&["validate", "--target", "chatkit-python", file]);
    assert_eq!(code, 1, "--target overrides the file's: {out}");
    let (code, out, err) = run(&["export", view, "--format", "json", "--target", "chatkit-js"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("\"Table.Cell\""), "{out}");
}

#[test]
fn rest_validate_takes_a_target() {
    let dir = TempDir::new("rest-target");
    let s = Server::start(&format!("sqlite://{}/db.sqlite", dir.path().display()));
    let table: Value = serde_json::from_str(TABLE).unwrap();
    let (st, r) = call(&s, "POST", "/api/validate", Some(&table));
    assert_eq!((st, r["valid"].as_bool()), (200, Some(false)), "{r}");
    assert_eq!(r["errors"][0]["code"], "unknown-component");
    let (st, r) = call(&s, "POST", "/api/validate?target=chatkit-js", Some(&table));
    assert_eq!((st, r["valid"].as_bool()), (200, Some(true)), "{r}");
    let (st, r) = call(
        &s,
        "POST",
        "/api/validate?target=chatkit-python",
        Some(&json!({"type": "Card", "border": 2, "children": []})),
    );
    assert_eq!((st, r["valid"].as_bool()), (200, Some(true)), "{r}");
    assert_eq!(r["warnings"][0]["code"], "target-difference", "{r}");
    assert!(
        r["warnings"][0]["message"]
            .as_str()
            .unwrap()
            .contains("drops it when it serialises"),
        "{r}"
    );
    // An unknown target: 400 with the project's error body, naming the allowed values.
    let (st, _, body) = request(
        s.addr,
        "POST",
        "/api/validate?target=chatkit-swift",
        &[("Content-Type", "application/json")],
        TABLE,
    );
    assert_eq!(st, 400, "{body}");
    let err: Value = serde_json::from_str(&body).unwrap();
    let msg = err["error"]["message"].as_str().unwrap();
    assert!(
        msg.contains("chatkit-python") && msg.contains("chatkit-js"),
        "{msg}"
    );
    // Documented in the OpenAPI document.
    let (_, doc) = call(&s, "GET", "/api/openapi.json", None);
    let params = &doc["paths"]["/api/validate"]["post"]["parameters"];
    assert!(
        params
            .as_array()
            .is_some_and(|ps| ps.iter().any(|p| p["name"] == "target")),
        "{params}"
    );
}
