//! Export to A2UI through the REST API (against a real server) and the CLI.

mod common;

use std::process::Command;

use common::{Server, TempDir, bin, call, request};
use serde_json::{Value, json};

fn gallery(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../public/gallery")
        .join(name)
}

fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(bin()).args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn flight_doc() -> Value {
    json!({
        "name": "Flight status", "kind": "jsx",
        "source": "<Card>\n  <Title value={title} size=\"2xl\" />\n  <Text value={status} color=\"danger\" />\n  <Badge label={status === \"Delayed 40 min\" ? \"Late\" : \"On time\"} />\n  <Button label=\"Book\" onClickAction={{type: \"book\", payload: {flight: title}}} />\n</Card>",
        "default_state": {"title": "SFO → JFK", "status": "On time"},
        "states": [{"name": "delayed", "data": {"title": "SFO → JFK", "status": "Delayed 40 min"}}]
    })
}

#[test]
fn rest_export_a2ui() {
    let dir = TempDir::new("a2ui");
    let s = Server::start(&format!("sqlite://{}/db.sqlite", dir.path().display()));
    let (st, rec) = call(
        &s,
        "POST",
        "/api/designs",
        Some(&json!({"document": flight_doc()})),
    );
    assert_eq!(st, 201, "{rec}");
    let id = rec["id"].as_str().unwrap();

    // The messages for a state: a JSON array download.
    let (st, head, body) = request(
        s.addr,
        "GET",
        &format!("/api/designs/{id}/export?format=a2ui&state=delayed"),
        &[],
        "",
    );
    assert_eq!(st, 200, "{body}");
    // Named after the state too, so that several states' files can sit side by side.
    assert!(
        head.contains("filename=\"flight-status-delayed.a2ui.json\""),
        "{head}"
    );
    let msgs: Vec<Value> = serde_json::from_str(&body).unwrap();
    assert_eq!(msgs.len(), 3);
    assert_eq!(msgs[0]["version"], "v0.9");
    assert!(msgs[0]["createSurface"].is_object());
    let comps = msgs[1]["updateComponents"]["components"]
        .as_array()
        .unwrap();
    let find = |id: &str| comps.iter().find(|c| c["id"] == id).unwrap().clone();
    assert_eq!(find("root")["component"], "Card");
    assert_eq!(find("root.title0")["text"], json!({"path": "/title"}));
    assert_eq!(find("root.title0")["variant"], "h2");
    assert_eq!(find("root.badge0")["text"], "Late");
    assert_eq!(
        find("root.button0")["action"],
        json!({"event": {"name": "book", "context": {"flight": {"path": "/title"}}}})
    );
    assert_eq!(
        msgs[2]["updateDataModel"]["value"]["status"],
        "Delayed 40 min"
    );

    // With the report (and the studio catalog's document).
    let (st, v) = call(
        &s,
        "GET",
        &format!("/api/designs/{id}/export?format=a2ui&report=true&catalog=studio"),
        None,
    );
    assert_eq!(st, 200, "{v}");
    assert_eq!(
        v["messages"][0]["createSurface"]["catalogId"],
        v["catalog"]["catalogId"]
    );
    let losses = v["report"]["losses"].as_array().unwrap();
    let binding = losses.iter().find(|l| l["kind"] == "binding").unwrap();
    assert_eq!(binding["path"], "children[2]");
    assert_eq!(
        (binding["line"].as_u64(), binding["in"].as_str()),
        (Some(4), Some("view"))
    );
    assert!(
        losses
            .iter()
            .any(|l| l["kind"] == "styling" && l["props"] == json!(["color"]))
    );

    // A zip of an export for the studio catalog carries the catalog beside the messages.
    let (st, head, bytes) = common::request_bytes(
        s.addr,
        "GET",
        &format!("/api/designs/{id}/export?format=a2ui&catalog=studio&zip=true"),
        &[],
        b"",
    );
    assert_eq!(st, 200, "{head}");
    assert!(head.contains("filename=\"flight-status.zip\""), "{head}");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut names: Vec<String> = zip.file_names().map(|n| n.unwrap().to_string()).collect();
    names.sort();
    assert_eq!(names, ["flight-status.a2ui.json", "studio_catalog.json"]);
    let catalog: Value =
        serde_json::from_reader(zip.by_name("studio_catalog.json").unwrap()).unwrap();
    assert_eq!(catalog["catalogId"], v["catalog"]["catalogId"]);

    let (st, _, body) = request(
        s.addr,
        "GET",
        &format!("/api/designs/{id}/export?format=a2ui&version=v0.8&catalog=studio"),
        &[],
        "",
    );
    assert_eq!(st, 400, "{body}");
    assert!(
        body.contains("the studio catalog is an A2UI v0.9 catalog"),
        "{body}"
    );

    // JSON Lines, v0.8.
    let (st, _, body) = request(
        s.addr,
        "GET",
        &format!("/api/designs/{id}/export?format=a2ui&jsonl=true&version=v0.8"),
        &[],
        "",
    );
    assert_eq!(st, 200);
    let lines: Vec<Value> = body
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(lines[0]["surfaceUpdate"].is_object());
    assert!(lines.last().unwrap()["beginRendering"].is_object());

    // Bad requests say what is allowed.
    let (st, err) = call(
        &s,
        "GET",
        &format!("/api/designs/{id}/export?format=a2ui&version=v2"),
        None,
    );
    assert_eq!(st, 400);
    assert!(
        err["error"]["message"].as_str().unwrap().contains("v0.9"),
        "{err}"
    );
    let (st, err) = call(
        &s,
        "GET",
        &format!("/api/designs/{id}/export?format=a2ui&catalog=x"),
        None,
    );
    assert_eq!(st, 400, "{err}");
    let (st, err) = call(
        &s,
        "GET",
        &format!("/api/designs/{id}/export?format=json&catalog=studio"),
        None,
    );
    assert_eq!(st, 400, "{err}");
    let (st, err) = call(
        &s,
        "GET",
        &format!("/api/designs/{id}/export?format=a2ui&state=nope"),
        None,
    );
    assert_eq!(st, 404);
    assert!(
        err["error"]["message"]
            .as_str()
            .unwrap()
            .contains("default, delayed")
    );
    // A design with errors: located, as build reports them.
    let (_, bad) = call(
        &s,
        "POST",
        "/api/designs",
        Some(
            &json!({"document": {"name": "Bad", "kind": "jsx", "source": "<Card>\n  <Text value={nope} />\n</Card>", "default_state": {}}}),
        ),
    );
    let (st, err) = call(
        &s,
        "GET",
        &format!(
            "/api/designs/{}/export?format=a2ui",
            bad["id"].as_str().unwrap()
        ),
        None,
    );
    assert_eq!(st, 422, "{err}");
    assert!(
        err["error"]["message"].as_str().unwrap().contains("2:"),
        "{err}"
    );

    // The OpenAPI document lists the parameters.
    let (_, doc) = call(&s, "GET", "/api/openapi.json", None);
    let params = doc["paths"]["/api/designs/{id}/export"]["get"]["parameters"].to_string();
    for p in ["format", "state", "version", "catalog", "report", "jsonl"] {
        assert!(
            params.contains(&format!("\"name\":\"{p}\"")),
            "{p} missing: {params}"
        );
    }
    assert!(params.contains("a2ui"), "{params}");
}

#[test]
fn cli_export_a2ui() {
    let file = gallery("flight_options.widget");
    let file = file.to_str().unwrap();
    let (code, out, err) = run(&[
        "export",
        file,
        "--keep-assets",
        "--format",
        "a2ui",
        "--state",
        "selected",
        "--report",
    ]);
    assert_eq!(code, 0, "{err}");
    let msgs: Vec<Value> = serde_json::from_str(&out).unwrap();
    assert_eq!(msgs.len(), 3);
    assert_eq!(msgs[2]["updateDataModel"]["value"]["selected_id"], "SA1407");
    assert!(err.contains("binding ("), "{err}");
    assert!(err.contains("flight_options.widget[view]:"), "{err}");

    let (code, out, _) = run(&[
        "export",
        file,
        "--keep-assets",
        "--format",
        "a2ui",
        "--jsonl",
    ]);
    assert_eq!(code, 0);
    assert_eq!(out.lines().count(), 3);

    let dir = TempDir::new("a2ui-cli");
    let cat = dir.path().join("studio.json");
    let (code, out, err) = run(&[
        "export",
        file,
        "--keep-assets",
        "--format",
        "a2ui",
        "--catalog",
        "studio",
        "--a2ui-version",
        "v0.9",
        "--catalog-out",
        cat.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let doc: Value = serde_json::from_slice(&std::fs::read(&cat).unwrap()).unwrap();
    let msgs: Vec<Value> = serde_json::from_str(&out).unwrap();
    assert_eq!(msgs[0]["createSurface"]["catalogId"], doc["catalogId"]);

    let (code, out, _) = run(&[
        "export",
        file,
        "--keep-assets",
        "--format",
        "a2ui",
        "--a2ui-version",
        "v0.8",
    ]);
    assert_eq!(code, 0);
    assert!(out.contains("beginRendering"));
    // The studio catalog is a v0.9 one: a v0.8 client would refuse its Badge and Chart.
    let (code, out, err) = run(&[
        "export",
        file,
        "--keep-assets",
        "--format",
        "a2ui",
        "--a2ui-version",
        "v0.8",
        "--catalog",
        "studio",
    ]);
    assert_eq!(code, 2, "{out}");
    assert!(
        err.contains("the studio catalog is an A2UI v0.9 catalog"),
        "{err}"
    );

    // A .jsx with --data, and its located errors.
    let view = dir.path().join("v.jsx");
    std::fs::write(&view, "<Card>\n  <Text value={name} />\n</Card>").unwrap();
    let data = dir.path().join("d.json");
    std::fs::write(&data, r#"{"name": "Ada"}"#).unwrap();
    let (code, out, err) = run(&[
        "export",
        view.to_str().unwrap(),
        "--format",
        "a2ui",
        "--data",
        data.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("\"path\": \"/name\""), "{out}");
    let (code, _, err) = run(&["export", view.to_str().unwrap(), "--format", "a2ui"]);
    assert_eq!(code, 1);
    assert!(
        err.contains(":2:") && err.contains("error[template-undefined]"),
        "{err}"
    );
    // Unknown options say what is allowed.
    let (code, _, err) = run(&[
        "export",
        file,
        "--keep-assets",
        "--format",
        "a2ui",
        "--catalog",
        "nope",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("basic") && err.contains("studio"), "{err}");
    let (code, _, err) = run(&[
        "export",
        file,
        "--keep-assets",
        "--format",
        "a2ui",
        "--state",
        "nope",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("selected"), "{err}");
}
