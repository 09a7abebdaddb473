//! Issue 6 beyond the basic CRUD (`api.rs`): PATCH, exports, validate/render, share links and
//! their server-rendered page, backups, access control, limits, OpenAPI and crash safety.
//! Everything that touches the database runs on SQLite and on PostgreSQL.

#[macro_use]
mod common;

use std::io::{Cursor, Read, Write};

use common::{Server, TestDb, call, call_h, request, request_bytes, try_request_bytes};
use serde_json::{Value, json};

fn jsx_doc(name: &str) -> Value {
    json!({
        "name": name, "kind": "jsx", "description": "A flight card", "tags": ["travel", "demo"],
        "source": "<Card><Title value={title} /><Text value={status} /></Card>",
        "default_state": {"title": "SFO → JFK", "status": "On time"},
        "states": [{"name": "delayed", "data": {"title": "SFO → JFK", "status": "Delayed 40 min"}}],
        "handlers": {"rules": [{"action": "book", "reply": "ok"}]}
    })
}

fn create(s: &Server, doc: Value) -> String {
    let (st, rec) = call(s, "POST", "/api/designs", Some(&json!({"document": doc})));
    assert_eq!(st, 201, "{rec}");
    rec["id"].as_str().unwrap().to_string()
}

fn backend_of(s: &Server) -> String {
    let (_, _, body) = s.get("/healthz");
    let v: Value = serde_json::from_str(&body).unwrap();
    v["database"]["backend"].as_str().unwrap().to_string()
}

both!(patch_and_export, patch_and_export_on);
fn patch_and_export_on(db: &TestDb) {
    let s = Server::start(&db.url);
    assert_eq!(backend_of(&s), db.label);
    let id = create(&s, jsx_doc("Flight"));

    // Rename by PATCH: a new revision with a message saying what changed; the rest is kept.
    let (st, rec) = call(
        &s,
        "PATCH",
        &format!("/api/designs/{id}"),
        Some(&json!({"patch": {"name": "Flight status", "tags": ["travel"]}})),
    );
    assert_eq!(st, 200, "{rec}");
    assert_eq!(rec["revision"], 2);
    assert_eq!(rec["document"]["name"], "Flight status");
    assert_eq!(rec["document"]["tags"], json!(["travel"]));
    assert_eq!(rec["document"]["handlers"]["rules"][0]["action"], "book");
    let (_, revs) = call(&s, "GET", &format!("/api/designs/{id}/revisions"), None);
    assert_eq!(revs["items"][0]["message"], "Changed name, tags");
    // A stale base is a conflict, as for PUT.
    let (st, err) = call(
        &s,
        "PATCH",
        &format!("/api/designs/{id}"),
        Some(&json!({"patch": {"name": "x"}, "base_revision": 1})),
    );
    assert_eq!((st, err["error"]["code"].as_str()), (409, Some("conflict")));
    // A patch that breaks the document is refused and saves nothing.
    let (st, err) = call(
        &s,
        "PATCH",
        &format!("/api/designs/{id}"),
        Some(&json!({"patch": {"name": ""}})),
    );
    assert_eq!(st, 422, "{err}");
    assert!(err["error"]["message"].as_str().unwrap().contains("name"));
    let (st, err) = call(
        &s,
        "PATCH",
        &format!("/api/designs/{id}"),
        Some(&json!({"patch": {"kind": "pdf"}})),
    );
    assert_eq!(st, 422, "{err}");
    let (st, _) = call(
        &s,
        "PATCH",
        &format!("/api/designs/{id}"),
        Some(&json!({"patch": ["name"]})),
    );
    assert_eq!(st, 422);
    assert_eq!(
        call(&s, "GET", &format!("/api/designs/{id}"), None).1["revision"],
        2
    );

    // Export: widget JSON with a state, and a .widget file the SDK loads.
    let (st, head, body) = request(
        s.addr,
        "GET",
        &format!("/api/designs/{id}/export?format=json&state=delayed"),
        &[],
        "",
    );
    assert_eq!(st, 200);
    assert!(
        head.contains("filename=\"flight-status-delayed.json\""),
        "{head}"
    );
    let w: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(w["type"], "Card");
    assert_eq!(w["children"][1]["value"], "Delayed 40 min");
    let (st, head, body) = request(
        s.addr,
        "GET",
        &format!("/api/designs/{id}/export?format=widget"),
        &[],
        "",
    );
    assert_eq!(st, 200);
    assert!(head.contains("flight-status.widget"));
    let file: Value = serde_json::from_str(&body).unwrap();
    assert!(file["template"].as_str().unwrap().contains("Card"));
    assert!(file["encodedWidget"].is_string());
    // The default state's JSON is the design's name alone.
    let (_, head, _) = request(
        s.addr,
        "GET",
        &format!("/api/designs/{id}/export?format=json"),
        &[],
        "",
    );
    assert!(head.contains("filename=\"flight-status.json\""), "{head}");
    // A name in another script keeps its letters (RFC 6266's filename*), with an ASCII
    // fallback for clients that read only filename.
    let other = create(&s, jsx_doc("Flüge — Status"));
    let (st, head, _) = request(
        s.addr,
        "GET",
        &format!("/api/designs/{other}/export?format=json&state=delayed"),
        &[],
        "",
    );
    assert_eq!(st, 200, "{head}");
    assert!(
        head.contains(
            "filename=\"fl_ge-status-delayed.json\"; filename*=UTF-8''fl%C3%BCge-status-delayed.json"
        ),
        "{head}"
    );
    // Bad export requests say what is allowed.
    let (st, err) = call(
        &s,
        "GET",
        &format!("/api/designs/{id}/export?format=pdf"),
        None,
    );
    assert_eq!(st, 400);
    assert!(
        err["error"]["message"]
            .as_str()
            .unwrap()
            .contains("`json`, `a2ui`")
    );
    let (st, err) = call(
        &s,
        "GET",
        &format!("/api/designs/{id}/export?state=nope"),
        None,
    );
    assert_eq!(st, 404);
    assert!(
        err["error"]["message"]
            .as_str()
            .unwrap()
            .contains("default, delayed")
    );
    // A design with errors cannot be exported; the error is located.
    let bad = create(
        &s,
        json!({"name": "Broken", "kind": "json", "source": "{\"type\": \"Card\", \"children\": [{\"type\": \"Text\"}]}"}),
    );
    let (st, err) = call(&s, "GET", &format!("/api/designs/{bad}/export"), None);
    assert_eq!(st, 422, "{err}");
    assert!(err["error"]["message"].as_str().unwrap().contains("1:"));
}

/// `POST /api/validate` answers the accessibility lint beside the report: warnings with path,
/// position and, where obvious, a fix (edits of the posted text). They never make it invalid.
#[test]
fn validate_returns_accessibility_warnings() {
    let dir = common::TempDir::new("a11y");
    let s = Server::start(&format!("sqlite://{}/db.sqlite", dir.path().display()));
    let text = "{\"type\": \"Card\", \"children\": [\n  {\"type\": \"Image\", \"src\": \"https://x.example/a.png\"},\n  {\"type\": \"Caption\", \"value\": \"fine print\", \"size\": \"sm\"}\n]}";
    let (st, _, body) = request(s.addr, "POST", "/api/validate", &[], text);
    let r: Value = serde_json::from_str(&body).unwrap();
    assert_eq!((st, r["valid"].as_bool()), (200, Some(true)), "{r}");
    let a11y = r["a11y"].as_array().unwrap();
    let codes: Vec<&str> = a11y.iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["a11y-image-alt", "a11y-small-text"], "{r}");
    assert_eq!(a11y[0]["path"], "children[0]");
    assert_eq!(
        (a11y[0]["line"].as_u64(), a11y[0]["column"].as_u64()),
        (Some(2), Some(12))
    );
    // The fix: insert `, "alt": ""` after the type.
    let edit = &a11y[0]["fix"]["edits"][0];
    let at = edit["span"]["start"].as_u64().unwrap() as usize;
    let fixed = format!(
        "{}{}{}",
        &text[..at],
        edit["text"].as_str().unwrap(),
        &text[at..]
    );
    assert!(
        fixed.contains(r#"{"type": "Image", "alt": "", "src""#),
        "{fixed}"
    );
    let (_, _, body) = request(s.addr, "POST", "/api/validate", &[], &fixed);
    let r: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(r["a11y"].as_array().unwrap().len(), 1, "{r}");
    // A clean widget and a body that does not parse both answer an empty list.
    let (_, r) = call(
        &s,
        "POST",
        "/api/validate",
        Some(&json!({"type": "Card", "children": [{"type": "Text", "value": "hi"}]})),
    );
    assert_eq!(r["a11y"], json!([]), "{r}");
    let (_, _, body) = request(s.addr, "POST", "/api/validate", &[], "{\"type\": ");
    let r: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(r["a11y"], json!([]), "{r}");
    // The OpenAPI document describes them.
    let (_, doc) = call(&s, "GET", "/api/openapi.json", None);
    let schemas = &doc["components"]["schemas"];
    assert!(
        schemas["ValidationReport"]["properties"]["a11y"].is_object(),
        "{}",
        schemas["ValidationReport"]
    );
    assert!(
        schemas["A11yWarning"]["properties"]["fix"].is_object(),
        "{}",
        schemas["A11yWarning"]
    );
}

#[test]
fn validate_and_render_are_stateless() {
    let dir = common::TempDir::new("vr");
    let s = Server::start(&format!("sqlite://{}/db.sqlite", dir.path().display()));
    let (st, r) = call(
        &s,
        "POST",
        "/api/validate",
        Some(&json!({"type": "Card", "children": [{"type": "Text", "value": "hi"}]})),
    );
    assert_eq!((st, r["valid"].as_bool()), (200, Some(true)), "{r}");
    let (st, _, body) = request(
        s.addr,
        "POST",
        "/api/validate",
        &[],
        "{\n  \"type\": \"Card\",\n  \"children\": [{\"type\": \"Txet\"}]\n}",
    );
    let r: Value = serde_json::from_str(&body).unwrap();
    assert_eq!((st, r["valid"].as_bool()), (200, Some(false)));
    assert_eq!(r["errors"][0]["line"], 3);
    assert_eq!(r["errors"][0]["path"], "children[0].type");
    assert!(r["errors"][0]["message"].as_str().unwrap().contains("Text"));
    // Not JSON at all: still a report, located.
    let (_, _, body) = request(s.addr, "POST", "/api/validate", &[], "{\"type\": ");
    let r: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(r["valid"], false);
    assert_eq!(r["errors"][0]["line"], 1);

    let (st, r) = call(
        &s,
        "POST",
        "/api/render",
        Some(
            &json!({"view": "<Card><Text value={greeting} /></Card>", "data": {"greeting": "Hello"}}),
        ),
    );
    assert_eq!(st, 200, "{r}");
    assert_eq!(r["widget"]["children"][0]["value"], "Hello");
    let (st, r) = call(
        &s,
        "POST",
        "/api/render",
        Some(
            &json!({"template": "{\"type\": \"Card\", \"children\": [{\"type\": \"Text\", \"value\": {{ greeting | tojson }}}]}", "data": {"greeting": "Hi"}}),
        ),
    );
    assert_eq!(st, 200, "{r}");
    assert_eq!(r["widget"]["children"][0]["value"], "Hi");
    let (st, r) = call(
        &s,
        "POST",
        "/api/render",
        Some(&json!({"widget": {"type": "Card", "children": []}})),
    );
    assert_eq!((st, r["widget"]["type"].as_str()), (200, Some("Card")));
    // Errors in the view are located in the view.
    let (st, r) = call(
        &s,
        "POST",
        "/api/render",
        Some(&json!({"view": "<Card>\n  <Text value={1 +} />\n</Card>"})),
    );
    assert_eq!(st, 422, "{r}");
    assert_eq!(r["errors"][0]["line"], 2);
    assert_eq!(r["errors"][0]["in"], "view");
    // A chain of 2,000 `+` (which overflowed the server's stack and killed it): a located
    // error, and the server goes on answering.
    let chain = vec!["1"; 2000].join(" + ");
    let (st, r) = call(
        &s,
        "POST",
        "/api/render",
        Some(&json!({"view": format!("<Card>\n  <Text value={{\"\" + {chain}}} />\n</Card>")})),
    );
    assert_eq!(st, 422, "{r}");
    assert_eq!(r["errors"][0]["line"], 2);
    assert!(
        r["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("deeper than 64 levels"),
        "{r}"
    );
    assert_eq!(call(&s, "GET", "/healthz", None).0, 200);
    let (st, r) = call(&s, "POST", "/api/render", Some(&json!({"data": {}})));
    assert_eq!(st, 422);
    assert!(
        r["error"]["message"]
            .as_str()
            .unwrap()
            .contains("exactly one")
    );
    let (st, r) = call(
        &s,
        "POST",
        "/api/render",
        Some(&json!({"view": "<Card/>", "datta": {}})),
    );
    // A misspelt field is refused as every write refuses one: 422, with the fields there are.
    assert_eq!(st, 422, "{r}");
    let m = r["error"]["message"].as_str().unwrap();
    assert!(
        m.starts_with("datta: not a field of a render request (did you mean data?)"),
        "{m}"
    );
}

both!(share_links, share_links_on);
fn share_links_on(db: &TestDb) {
    let s = Server::start(&db.url);
    // A hostile name: it must come out as text everywhere on the page, the <title> included.
    // The handler rules forward to a private endpoint, which no one with the link may learn.
    let handlers = json!({
        "rules": [{"on": "go", "steps": [{"step": "notice", "level": "info", "message": "RULE-TEXT"}]}],
        "forward": {"url": "https://internal.example.com/hook?key=SECRET-KEY"}
    });
    let mut doc = jsx_doc("Flight <b>card</b></title><script>alert(1)</script>");
    doc["handlers"] = handlers.clone();
    let id = create(&s, doc);
    let (st, share) = call(&s, "POST", &format!("/api/designs/{id}/shares"), None);
    assert_eq!(st, 201, "{share}");
    let token = share["token"].as_str().unwrap().to_string();
    assert_eq!(token.len(), 32);
    assert_eq!(share["url"], format!("/s/{token}"));
    // Pinned to revision 1, then the design moves on.
    let (st, pinned) = call(
        &s,
        "POST",
        &format!("/api/designs/{id}/shares"),
        Some(&json!({"revision": 1})),
    );
    assert_eq!(st, 201);
    let pinned = pinned["token"].as_str().unwrap().to_string();
    let mut next = jsx_doc("Flight <b>card</b></title><script>alert(1)</script>");
    next["default_state"]["status"] = json!("Boarding");
    next["handlers"] = handlers;
    let (st, _) = call(
        &s,
        "PUT",
        &format!("/api/designs/{id}"),
        Some(&json!({"document": next, "base_revision": 1})),
    );
    assert_eq!(st, 200);

    // The page is complete server HTML: the preview is drawn without any JavaScript.
    let (st, _, html) = s.get(&format!("/s/{token}"));
    assert_eq!(st, 200);
    assert!(
        html.contains("Flight &lt;b&gt;card&lt;/b&gt;"),
        "name escaped"
    );
    assert!(!html.contains("<b>card</b>"));
    assert!(!html.contains("<script>alert(1)"));
    assert!(html.contains("Boarding"), "the latest revision");
    assert!(html.contains("Delayed 40 min"), "every state");
    assert!(html.contains("Revision 2 (latest)"));
    assert!(html.contains(&format!("/s/{token}/export?format=widget")));
    assert!(html.contains("noindex"));
    let (_, _, html) = s.get(&format!("/s/{pinned}"));
    assert!(html.contains("On time") && !html.contains("Boarding"));
    assert!(html.contains("Revision 1 (pinned)"));
    // Exports through the link.
    let (st, _, body) = s.get(&format!("/s/{token}/export?format=json&state=delayed"));
    assert_eq!(st, 200);
    assert!(body.contains("Delayed 40 min"));
    let (st, _, body) = s.get(&format!("/s/{pinned}/export?format=widget"));
    assert_eq!(st, 200);
    assert!(body.contains("encodedWidget"));
    // The page's own read (a GET server function) carries the document without its handlers.
    for t in [&token, &pinned] {
        let (st, _, body) = s.get(&format!("/api/ui/shared?token={t}"));
        assert_eq!(st, 200, "{body}");
        assert!(body.contains("\"document\""), "{body}");
        assert!(
            !body.contains("SECRET-KEY") && !body.contains("RULE-TEXT"),
            "{body}"
        );
        let (_, _, html) = s.get(&format!("/s/{t}"));
        assert!(!html.contains("SECRET-KEY") && !html.contains("RULE-TEXT"));
    }
    // The owner still has them.
    let (_, rec) = call(&s, "GET", &format!("/api/designs/{id}"), None);
    assert!(
        rec["document"]["handlers"]["forward"]["url"]
            .as_str()
            .unwrap()
            .contains("SECRET-KEY")
    );
    // Listing and revoking.
    let (_, list) = call(&s, "GET", &format!("/api/designs/{id}/shares"), None);
    assert_eq!(list["items"].as_array().unwrap().len(), 2);
    let (st, _) = call(
        &s,
        "DELETE",
        &format!("/api/designs/{id}/shares/{token}"),
        None,
    );
    assert_eq!(st, 204);
    let (st, _, html) = s.get(&format!("/s/{token}"));
    assert_eq!(st, 404);
    assert!(html.contains("does not exist or was revoked"));
    assert_eq!(s.get(&format!("/s/{token}/export")).0, 404);
    assert_eq!(
        call(
            &s,
            "DELETE",
            &format!("/api/designs/{id}/shares/{token}"),
            None
        )
        .0,
        404
    );
    let (_, list) = call(&s, "GET", &format!("/api/designs/{id}/shares"), None);
    assert!(
        list["items"][1]["revoked_at"].is_string() || list["items"][0]["revoked_at"].is_string()
    );
    // Unknown tokens, bad revisions, and designs in the trash.
    assert_eq!(s.get("/s/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA").0, 404);
    assert_eq!(
        call(
            &s,
            "POST",
            &format!("/api/designs/{id}/shares"),
            Some(&json!({"revision": 9}))
        )
        .0,
        404
    );
    assert_eq!(
        call(&s, "DELETE", &format!("/api/designs/{id}"), None).0,
        204
    );
    assert_eq!(s.get(&format!("/s/{pinned}")).0, 404);
}

fn zip_of(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut z = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in files {
        z.start_file(*name, zip::write::SimpleFileOptions::default())
            .unwrap();
        z.write_all(bytes).unwrap();
    }
    z.finish().unwrap().into_inner()
}

both!(backup_round_trip, backup_round_trip_on);
fn backup_round_trip_on(db: &TestDb) {
    let s = Server::start(&db.url);
    let a = create(&s, jsx_doc("Flight"));
    let b = create(
        &s,
        json!({"name": "Plain", "kind": "json", "tags": ["x"], "source": "{\"type\": \"Card\", \"children\": []}"}),
    );
    // Work in progress with errors: no .widget, but kept in full.
    let c = create(
        &s,
        json!({"name": "Draft", "kind": "json", "source": "{\"type\": \"Card\", \"children\": [{\"type\": \"Txet\"}]}"}),
    );
    let (st, head, zip_bytes) = request_bytes(s.addr, "GET", "/api/backup", &[], b"");
    assert_eq!(st, 200);
    assert!(head.contains("application/zip"));
    let mut archive = zip::ZipArchive::new(Cursor::new(zip_bytes.clone())).unwrap();
    let mut manifest = String::new();
    archive
        .by_name("manifest.json")
        .unwrap()
        .read_to_string(&mut manifest)
        .unwrap();
    let manifest: Value = serde_json::from_str(&manifest).unwrap();
    assert_eq!(manifest["format"], "widget-studio-backup");
    assert_eq!(manifest["count"], 3);
    let names: Vec<String> = archive
        .file_names()
        .map(|n| n.unwrap().into_owned())
        .collect();
    assert!(
        names.contains(&format!("designs/flight-{a}.widget")),
        "{names:?}"
    );
    assert!(names.contains(&format!("designs/plain-{b}.widget")));
    assert!(!names.contains(&format!("designs/draft-{c}.widget")));
    assert!(names.contains(&format!("designs/draft-{c}.design.json")));
    let draft = manifest["designs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == c)
        .unwrap();
    assert!(draft["widget_error"].as_str().unwrap().contains("Txet"));

    // Into an empty studio on a fresh database of the same backend.
    let (_fresh, s2, st, out) = restore_into_fresh(db, "backup2", &zip_bytes);
    assert_eq!(st, 200, "{out}");
    assert_eq!(out["imported"].as_array().unwrap().len(), 3, "{out}");
    assert_eq!(out["errors"], json!([]));
    for (orig, name) in [(&a, "Flight"), (&b, "Plain"), (&c, "Draft")] {
        let new_id = out["imported"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["name"] == name)
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_string();
        let before = call(&s, "GET", &format!("/api/designs/{orig}"), None).1;
        let after = call(&s2, "GET", &format!("/api/designs/{new_id}"), None).1;
        assert_eq!(before["document"], after["document"], "{name} round-trips");
    }

    // A zip of plain .widget files from ChatKit samples, with one broken file and one unsafe
    // path: the good one is imported, the broken one is reported with its name.
    let corpus = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/corpus/flight_options.widget"
    ))
    .unwrap();
    let z = zip_of(&[
        ("flight_options.widget", &corpus),
        ("broken.widget", b"{\"name\": 5"),
        ("notes.txt", b"ignored"),
        // A zip made on a Mac: its resource forks are skipped; capitals in an extension read.
        ("__MACOSX/._flight_options.widget", b"\x00\x05\x16\x07"),
        ("sub/._x.widget", b"\x00\x05\x16\x07"),
        ("SHOUTED.WIDGET", &corpus),
    ]);
    let (st, _, out) = request_bytes(s2.addr, "POST", "/api/backup", &[], &z);
    let out: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(st, 200, "{out}");
    assert_eq!(out["imported"][0]["file"], "SHOUTED.WIDGET");
    assert_eq!(out["imported"][1]["file"], "flight_options.widget");
    assert_eq!(out["errors"][0]["file"], "broken.widget");
    assert_eq!(out["errors"].as_array().unwrap().len(), 1, "{out}");
    let z = zip_of(&[("../evil.widget", &corpus)]);
    let (st, _, out) = request_bytes(s2.addr, "POST", "/api/backup", &[], &z);
    assert_eq!(st, 422);
    assert!(String::from_utf8_lossy(&out).contains("unsafe path"));
    // An older studio's backup whose states share a name: imported, the later one renamed,
    // every state's data kept.
    let old = serde_json::to_vec(&json!({"name": "Old", "kind": "jsx", "source": "<Card />",
        "states": [{"name": "a", "data": {"n": 1}}, {"name": "a", "data": {"n": 2}}, {"name": "", "data": {"n": 3}}]}))
    .unwrap();
    let z = zip_of(&[("designs/old.design.json", &old)]);
    let (st, _, out) = request_bytes(s2.addr, "POST", "/api/backup", &[], &z);
    let out: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(st, 200, "{out}");
    let id = out["imported"][0]["id"].as_str().unwrap().to_string();
    let got = call(&s2, "GET", &format!("/api/designs/{id}"), None).1;
    assert_eq!(
        got["document"]["states"],
        json!([{"name": "a", "data": {"n": 1}}, {"name": "a (2)", "data": {"n": 2}}, {"name": "state 3", "data": {"n": 3}}])
    );
    let (st, _, out) = request_bytes(s2.addr, "POST", "/api/backup", &[], b"not a zip");
    assert_eq!(st, 422);
    assert!(String::from_utf8_lossy(&out).contains("not a zip"));
    let (st, _, _) = request_bytes(s2.addr, "POST", "/api/backup", &[], &zip_of(&[]));
    assert_eq!(st, 422);
}

both!(
    big_states_back_up_and_restore,
    big_states_back_up_and_restore_on
);
/// A studio on a fresh database of `db`'s backend (named `name`) with the backup `zip` posted
/// to it: the database (kept for as long as the server), the server, the status and the answer.
fn restore_into_fresh(db: &TestDb, name: &str, zip: &[u8]) -> (TestDb, Server, u16, Value) {
    let fresh = match db.label {
        "sqlite" => TestDb::sqlite(name),
        _ => TestDb::postgres(name).unwrap(),
    };
    let s = Server::start(&fresh.url);
    let (st, _, out) = request_bytes(
        s.addr,
        "POST",
        "/api/backup",
        &[("Content-Type", "application/zip")],
        zip,
    );
    let out: Value = serde_json::from_slice(&out).unwrap();
    (fresh, s, st, out)
}

/// A state of 450,000 numbers (1.3 MB as the API takes it; 4.6 MB if the backup indented it,
/// past the restore's 4 MiB per file) backs up and restores into a studio with default limits.
fn big_states_back_up_and_restore_on(db: &TestDb) {
    let s = Server::start(&db.url);
    // Numbers that do not repeat in a pattern (a zip of one repeated value would be refused
    // as a likely zip bomb): 1.3 MB compact, 4.6 MB indented.
    let mut seed: u64 = 20_261_203;
    let xs: Vec<u64> = (0..450_000)
        .map(|_| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            (seed >> 33) % 100
        })
        .collect();
    let id = create(
        &s,
        json!({"name": "Big", "kind": "jsx", "source": "<Card><Text value=\"x\" /></Card>", "default_state": {"xs": xs}}),
    );
    let (st, _, zip_bytes) = request_bytes(s.addr, "GET", "/api/backup", &[], b"");
    assert_eq!(st, 200);
    let (_fresh, s2, st, out) = restore_into_fresh(db, "bigbackup", &zip_bytes);
    assert_eq!(st, 200, "{out}");
    let new_id = out["imported"][0]["id"].as_str().unwrap().to_string();
    let before = call(&s, "GET", &format!("/api/designs/{id}"), None).1;
    let after = call(&s2, "GET", &format!("/api/designs/{new_id}"), None).1;
    assert_eq!(before["document"], after["document"]);
}

both!(
    big_template_imports_back_up_and_restore,
    big_template_imports_back_up_and_restore_on
);
/// A template-only `.widget` of 2.5 MB imports, backs up and restores with default limits, and
/// exports as the file it was. Its document held the template twice before (5 MB, past the
/// restore's 4 MiB per file).
fn big_template_imports_back_up_and_restore_on(db: &TestDb) {
    let s = Server::start(&db.url);
    let mut seed: u64 = 20_261_203;
    let noise: String = (0..2_500_000)
        .map(|_| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            char::from(b'a' + ((seed >> 33) % 26) as u8)
        })
        .collect();
    let template = format!(
        "{{\"type\": \"Card\", \"children\": [{{\"type\": \"Text\", \"value\": \"{noise}\"}}]}}"
    );
    let file = serde_json::to_vec(
        &json!({"version": "1.0", "name": "Big template", "template": template}),
    )
    .unwrap();
    let (st, _, out) = request_bytes(
        s.addr,
        "POST",
        "/api/backup",
        &[],
        &zip_of(&[("big.widget", &file)]),
    );
    let out: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(st, 200, "{out}");
    let id = out["imported"][0]["id"].as_str().unwrap().to_string();
    let (st, _, zip_bytes) = request_bytes(s.addr, "GET", "/api/backup", &[], b"");
    assert_eq!(st, 200);
    let (_fresh, s2, st, out) = restore_into_fresh(db, "bigtemplate", &zip_bytes);
    assert_eq!(st, 200, "{out}");
    assert_eq!(out["errors"], json!([]), "{out}");
    let new_id = out["imported"][0]["id"].as_str().unwrap().to_string();
    let before = call(&s, "GET", &format!("/api/designs/{id}"), None).1;
    let after = call(&s2, "GET", &format!("/api/designs/{new_id}"), None).1;
    assert_eq!(before["document"], after["document"]);
    assert_eq!(after["document"]["source"], json!(template));
    assert_eq!(after["document"]["original"]["template"], Value::Null);
    let (st, _, exported) = request_bytes(
        s2.addr,
        "GET",
        &format!("/api/designs/{new_id}/export?format=widget"),
        &[],
        b"",
    );
    assert_eq!(st, 200);
    let exported: Value = serde_json::from_slice(&exported).unwrap();
    let file: Value = serde_json::from_slice(&file).unwrap();
    assert_eq!(exported, file, "exported as it was imported");
}

both!(
    restore_reads_the_widget_when_the_design_json_does_not,
    restore_reads_the_widget_when_the_design_json_does_not_on
);
/// A backup's `.design.json` that cannot be read (not JSON, not a design document, too large)
/// is reported, located, and the `.widget` beside it is imported in its place; a byte order
/// mark is skipped, as for a `.widget`; the fallback stays within the import budget.
fn restore_reads_the_widget_when_the_design_json_does_not_on(db: &TestDb) {
    let widget = |name: &str, template: &str| {
        serde_json::to_vec(&json!({"version": "1.0", "name": name, "template": template})).unwrap()
    };
    let card = "{\"type\": \"Card\", \"children\": []}";
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend(
        serde_json::to_vec(
            &json!({"name": "Bom", "kind": "jsx", "source": "<Card />", "description": "with a BOM"}),
        )
        .unwrap(),
    );
    let typed: &[u8] =
        b"{\n \"name\": \"Typed\",\n \"kind\": \"jsx\",\n \"tags\": \"x\",\n \"source\": \"\"\n}";
    let states: &[u8] = b"{\n  \"name\": \"States\", \"kind\": \"jsx\", \"source\": \"<Card />\",\n  \"states\": [\n    {\"name\": \"a\", \"data\": 3}\n  ]\n}";
    let z = zip_of(&[
        ("designs/a.design.json", b"not json"),
        ("designs/a.widget", &widget("A from its widget", card)),
        ("designs/b.design.json", &bom),
        ("designs/c.design.json", typed),
        ("designs/c.widget", b"{\"name\": 5"),
        ("designs/d.design.json", states),
    ]);
    let (_fresh, s, st, out) = restore_into_fresh(db, "fallback", &z);
    assert_eq!(st, 200, "{out}");
    let files: Vec<&str> = out["imported"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["file"].as_str().unwrap())
        .collect();
    assert_eq!(
        files,
        ["designs/a.widget", "designs/b.design.json"],
        "{out}"
    );
    assert_eq!(out["imported"][0]["instead_of"], "designs/a.design.json");
    let a = call(
        &s,
        "GET",
        &format!(
            "/api/designs/{}",
            out["imported"][0]["id"].as_str().unwrap()
        ),
        None,
    )
    .1;
    assert_eq!(a["document"]["name"], "A from its widget");
    let b = call(
        &s,
        "GET",
        &format!(
            "/api/designs/{}",
            out["imported"][1]["id"].as_str().unwrap()
        ),
        None,
    )
    .1;
    assert_eq!(b["document"]["description"], "with a BOM");
    let error = |file: &str| {
        out["errors"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["file"] == file)
            .unwrap_or_else(|| panic!("no error for {file}: {out}"))["error"]
            .clone()
    };
    // Not JSON: still reported, and what was imported instead.
    let e = error("designs/a.design.json");
    let msg = e["message"].as_str().unwrap();
    assert!(msg.starts_with("not a design document: "), "{e}");
    assert!(
        msg.contains("designs/a.widget beside it was imported instead"),
        "{e}"
    );
    assert_eq!(e["imported_instead"], "designs/a.widget");
    assert_eq!(
        (e["line"].as_u64(), e["column"].as_u64()),
        (Some(1), Some(2)),
        "{e}"
    );
    // A value of the wrong type: its line, column and path; the broken .widget beside it is
    // reported too.
    let e = error("designs/c.design.json");
    assert_eq!(
        (e["line"].as_u64(), e["column"].as_u64()),
        (Some(4), Some(12)),
        "{e}"
    );
    assert_eq!(e["path"], "tags", "{e}");
    let msg = e["message"].as_str().unwrap();
    assert!(
        msg.contains("expected a sequence at tags (line 4, column 12)"),
        "{e}"
    );
    assert!(
        msg.contains("designs/c.widget beside it could not be imported either"),
        "{e}"
    );
    assert!(e["imported_instead"].is_null());
    assert!(error("designs/c.widget")["message"].as_str().is_some());
    // A state that is not an object: at its place in the file.
    let e = error("designs/d.design.json");
    let d = &e["diagnostics"]["errors"][0];
    assert_eq!(d["path"], "states[0].data", "{e}");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(4), Some(27)),
        "{e}"
    );
    assert!(
        e["message"]
            .as_str()
            .unwrap()
            .contains("states[0].data at line 4, column 27"),
        "{e}"
    );
    assert_eq!(out["errors"].as_array().unwrap().len(), 4, "{out}");
    drop(s);

    // Too large to read: the .widget beside it, within the same budget as the rest.
    let fresh = match db.label {
        "sqlite" => TestDb::sqlite("fallback_big"),
        _ => TestDb::postgres("fallback_big").unwrap(),
    };
    let s = Server::start_with(
        &fresh.url,
        &[
            "--rate-limit",
            "0",
            "--import-max-file",
            "2KiB",
            "--import-budget",
            "3KiB",
        ],
        &[],
    );
    let big = serde_json::to_vec(
        &json!({"name": "Big", "kind": "jsx", "source": "<Card />", "description": "x".repeat(2500)}),
    )
    .unwrap();
    let z = zip_of(&[
        ("designs/e.design.json", &big),
        ("designs/e.widget", &widget("E from its widget", card)),
    ]);
    let (st, _, out) = request_bytes(s.addr, "POST", "/api/backup", &[], &z);
    let out: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(st, 200, "{out}");
    assert_eq!(out["imported"][0]["file"], "designs/e.widget", "{out}");
    assert_eq!(out["errors"][0]["file"], "designs/e.design.json", "{out}");
    let msg = out["errors"][0]["error"]["message"].as_str().unwrap();
    assert!(
        msg.contains("at most 2,048 bytes (2.0 KiB) per file")
            && msg.contains("designs/e.widget beside it was imported instead"),
        "{msg}"
    );
    // 1,900 bytes of a .design.json that is not one, then a .widget of 1,300: past 3 KiB.
    let text = format!("[{}]", "1,".repeat(950));
    let z = zip_of(&[
        ("designs/f.design.json", text.as_bytes()),
        (
            "designs/f.widget",
            &widget("F", &format!("{card}{}", " ".repeat(1200))),
        ),
    ]);
    let (st, _, out) = request_bytes(s.addr, "POST", "/api/backup", &[], &z);
    let out: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(st, 422, "{out}");
    assert_eq!(out["error"]["details"]["file"], "designs/f.widget", "{out}");
    assert!(
        out["error"]["message"]
            .as_str()
            .unwrap()
            .contains("over the import budget of 3,072 bytes"),
        "{out}"
    );
}

#[test]
fn a_token_guards_every_write() {
    let dir = common::TempDir::new("auth");
    let s = Server::start_with(
        &format!("sqlite://{}/db.sqlite", dir.path().display()),
        &["--rate-limit", "0"],
        &[("WIDGET_STUDIO_TOKEN", "s3cret-token")],
    );
    let body = json!({"document": jsx_doc("Guarded")});
    let ((st, err), head) = call_h(&s, "POST", "/api/designs", Some(&body), &[]);
    assert_eq!(st, 401, "{err}");
    assert!(
        head.to_ascii_lowercase()
            .contains("www-authenticate: bearer")
    );
    assert!(err["error"]["message"].as_str().unwrap().contains("/login"));
    let ((st, _), _) = call_h(
        &s,
        "POST",
        "/api/designs",
        Some(&body),
        &[("Authorization", "Bearer wrong")],
    );
    assert_eq!(st, 401);
    let ((st, rec), _) = call_h(
        &s,
        "POST",
        "/api/designs",
        Some(&body),
        &[("Authorization", "Bearer s3cret-token")],
    );
    assert_eq!(st, 201);
    let id = rec["id"].as_str().unwrap().to_string();
    // Reads, pure computations and backups need the token too (issue 22); with it they answer.
    let bearer = [("Authorization", "Bearer s3cret-token")];
    let card = json!({"type": "Card", "children": []});
    for (m, p, b) in [
        ("GET", format!("/api/designs/{id}"), None),
        ("GET", "/api/designs".to_string(), None),
        ("POST", "/api/validate".to_string(), Some(&card)),
        ("GET", "/api/backup".to_string(), None),
        ("GET", "/api/openapi.json".to_string(), None),
    ] {
        let ((st, err), _) = call_h(&s, m, &p, b, &[]);
        assert_eq!(st, 401, "{m} {p}: {err}");
        assert_eq!(err["error"]["code"], "unauthorized", "{m} {p}");
        assert_eq!(call_h(&s, m, &p, b, &bearer).0.0, 200, "{m} {p}");
    }
    // Anonymous pages go to the login page, with the way back.
    let (st, head, _) = s.get("/designs?q=x");
    assert_eq!(st, 303);
    assert!(
        head.contains("location: /login?next=%2Fdesigns%3Fq%3Dx"),
        "{head}"
    );
    assert_eq!(s.get("/healthz").0, 200);
    // A share token is never a credential.
    let ((st, share), _) = call_h(
        &s,
        "POST",
        &format!("/api/designs/{id}/shares"),
        None,
        &[("Authorization", "Bearer s3cret-token")],
    );
    assert_eq!(st, 201);
    let share_token = share["token"].as_str().unwrap().to_string();
    assert_eq!(s.get(&format!("/s/{share_token}")).0, 200);
    let ((st, _), _) = call_h(
        &s,
        "DELETE",
        &format!("/api/designs/{id}"),
        None,
        &[("Authorization", &format!("Bearer {share_token}"))],
    );
    assert_eq!(st, 401);
    // Every write method is guarded.
    for (m, p) in [
        ("PUT", format!("/api/designs/{id}")),
        ("PATCH", format!("/api/designs/{id}")),
        ("DELETE", format!("/api/designs/{id}")),
        ("POST", "/api/backup".to_string()),
        ("DELETE", format!("/api/designs/{id}/shares/{share_token}")),
    ] {
        assert_eq!(call(&s, m, &p, Some(&json!({}))).0, 401, "{m} {p}");
    }

    // Server functions are guarded the same way, the preview's too.
    let sf = [("Content-Type", "application/x-www-form-urlencoded")];
    let share_body = format!("id={id}");
    let (st, _, out) = request(s.addr, "POST", "/api/ui/share", &sf, &share_body);
    assert!(
        out.contains("unauthorized") && out.contains("/login"),
        "{st} {out}"
    );
    assert_eq!(st, 401, "{out}");
    let (st, _, out) = request(
        s.addr,
        "POST",
        "/api/ui/revoke",
        &sf,
        &format!("id={id}&token={share_token}"),
    );
    assert_eq!(st, 401, "{out}");
    let (st, _, out) = request(
        s.addr,
        "POST",
        "/api/ui/share",
        &[sf[0], ("Authorization", "Bearer s3cret-token")],
        &share_body,
    );
    assert_eq!(st, 200, "{out}");
    let preview = "source=%7B%22type%22%3A%22Card%22%2C%22children%22%3A%5B%5D%7D";
    let (st, _, out) = request(s.addr, "POST", "/api/preview", &sf, preview);
    assert_eq!(st, 401, "{out}");
    let (st, _, out) = request(s.addr, "POST", "/api/preview", &[sf[0], bearer[0]], preview);
    assert_eq!(st, 200, "{out}");

    // The login page: a wrong token goes back with an error, the right one sets the cookies.
    let (st, _, html) = s.get("/login?next=/s/x");
    assert_eq!(st, 200);
    assert!(html.contains("type=\"password\""));
    let form = [("Content-Type", "application/x-www-form-urlencoded")];
    let (st, head, _) = request(s.addr, "POST", "/login", &form, "token=nope&next=%2F");
    assert_eq!(st, 303);
    assert!(head.contains("location: /login?error=1"), "{head}");
    let (st, head, _) = request(
        s.addr,
        "POST",
        "/login",
        &form,
        "token=s3cret-token&next=%2Fpreview",
    );
    assert_eq!(st, 303);
    assert!(head.contains("location: /preview"));
    let cookies: Vec<&str> = head
        .lines()
        .filter_map(|l| l.strip_prefix("set-cookie: "))
        .collect();
    let session = cookies
        .iter()
        .find(|c| c.starts_with("ws_session="))
        .unwrap();
    assert!(session.contains("HttpOnly") && session.contains("SameSite=Strict"));
    let session = session.split(';').next().unwrap();
    let csrf = cookies
        .iter()
        .find(|c| c.starts_with("ws_csrf="))
        .unwrap()
        .split(';')
        .next()
        .unwrap();
    let cookie = format!("{session}; {csrf}");
    let csrf_value = csrf.strip_prefix("ws_csrf=").unwrap();
    // Cookie alone (what a cross-site form would carry): refused.
    let ((st, err), _) = call_h(
        &s,
        "POST",
        "/api/designs",
        Some(&body),
        &[("Cookie", &cookie)],
    );
    assert_eq!((st, err["error"]["code"].as_str()), (403, Some("csrf")));
    let ((st, _), _) = call_h(
        &s,
        "POST",
        "/api/designs",
        Some(&body),
        &[("Cookie", &cookie), ("X-CSRF-Token", "forged")],
    );
    assert_eq!(st, 403);
    let ((st, _), _) = call_h(
        &s,
        "POST",
        "/api/designs",
        Some(&body),
        &[("Cookie", &cookie), ("X-CSRF-Token", csrf_value)],
    );
    assert_eq!(st, 201);
    let (st, _, out) = request(
        s.addr,
        "POST",
        "/api/ui/share",
        &[sf[0], ("Cookie", &cookie)],
        &share_body,
    );
    assert_eq!(st, 403, "{out}");
    assert!(out.contains("X-CSRF-Token"), "{out}");
    // The studio's own form posts (and server-function calls) carry their Origin instead.
    let own = format!("http://{}", s.addr);
    let (st, _, out) = request(
        s.addr,
        "POST",
        "/api/ui/share",
        &[sf[0], ("Cookie", &cookie), ("Origin", &own)],
        &share_body,
    );
    assert_eq!(st, 200, "{out}");
    // Another site's page never writes, even with the cookie (which SameSite keeps from it).
    let (st, _, out) = request(
        s.addr,
        "POST",
        "/api/ui/share",
        &[
            sf[0],
            ("Cookie", &cookie),
            ("Origin", "https://evil.example"),
        ],
        &share_body,
    );
    assert_eq!(st, 403, "{out}");
    assert!(out.contains("another site"), "{out}");
    let (st, _, out) = request(
        s.addr,
        "POST",
        "/api/ui/share",
        &[sf[0], ("Cookie", &cookie), ("X-CSRF-Token", csrf_value)],
        &share_body,
    );
    assert_eq!(st, 200, "{out}");
    let ((_, sess), _) = call_h(&s, "GET", "/api/session", None, &[("Cookie", &cookie)]);
    assert_eq!(
        sess,
        json!({"auth_required": true, "authenticated": true, "user": "token", "role": "admin"})
    );
    assert_eq!(
        call(&s, "GET", "/api/session", None).1["authenticated"],
        false
    );
    // A login form posted from another site is refused.
    let (st, _, _) = request(
        s.addr,
        "POST",
        "/login",
        &[form[0], ("Origin", "https://evil.example")],
        "token=s3cret-token",
    );
    assert_eq!(st, 403);
    // Only same-site paths are followed after login.
    let (_, head, _) = request(
        s.addr,
        "POST",
        "/login",
        &form,
        "token=s3cret-token&next=%2F%2Fevil.example",
    );
    assert!(
        head.contains("location: /\r") || head.ends_with("location: /"),
        "{head}"
    );
}

#[test]
fn another_site_never_writes_to_an_open_studio() {
    let dir = common::TempDir::new("open-csrf");
    let s = Server::start_with(
        &format!("sqlite://{}/db.sqlite", dir.path().display()),
        &["--rate-limit", "0"],
        &[],
    );
    let body = serde_json::to_string(&json!({"document": jsx_doc("Open")})).unwrap();
    let json_ct = ("Content-Type", "application/json");
    let (st, _, out) = request(
        s.addr,
        "POST",
        "/api/designs",
        &[json_ct, ("Origin", "https://evil.example")],
        &body,
    );
    assert_eq!(st, 403, "{out}");
    assert!(out.contains("another site"), "{out}");
    let (st, _, out) = request(
        s.addr,
        "POST",
        "/api/ui/new",
        &[
            ("Content-Type", "application/x-www-form-urlencoded"),
            ("Origin", "null"),
        ],
        "kind=card",
    );
    assert_eq!(st, 403, "{out}");
    // The studio's own pages, and clients that send no Origin, write as before.
    let own = format!("http://{}", s.addr);
    let (st, _, out) = request(
        s.addr,
        "POST",
        "/api/designs",
        &[json_ct, ("Origin", &own)],
        &body,
    );
    assert_eq!(st, 201, "{out}");
    let (st, _, out) = request(s.addr, "POST", "/api/designs", &[json_ct], &body);
    assert_eq!(st, 201, "{out}");
    // An unknown API path is a 404 for any method.
    let (st, _, out) = request(s.addr, "POST", "/api/nothing-here", &[json_ct], "{}");
    assert_eq!(st, 404, "{out}");
}

#[test]
fn limits_answer_with_clear_4xx() {
    let dir = common::TempDir::new("limits");
    let s = Server::start_with(
        &format!("sqlite://{}/db.sqlite", dir.path().display()),
        &["--rate-limit", "5"],
        &[],
    );
    // JSON nesting.
    let deep = format!("{}{}", "[".repeat(100), "]".repeat(100));
    let (st, _, body) = request(
        s.addr,
        "POST",
        "/api/designs",
        &[],
        &format!("{{\"document\": {deep}}}"),
    );
    let err: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(st, 400, "{err}");
    assert_eq!(err["error"]["code"], "too-deep");
    assert_eq!(err["error"]["details"]["column"], 77);
    assert!(
        err["error"]["message"]
            .as_str()
            .unwrap()
            .contains("at most 64")
    );
    // Body size.
    let big = format!("{{\"import\": \"{}\"}}", "a".repeat(5 << 20));
    let (st, _, body) = request(s.addr, "POST", "/api/designs", &[], &big);
    assert_eq!(st, 413, "{body}");
    assert!(body.contains("too-large"));
    // Request rate: bursts of 15 at 5/s, then 429 with Retry-After.
    let mut limited = None;
    for i in 0..40 {
        let (st, head, body) = s.get("/api/designs");
        if st == 429 {
            limited = Some((i, head, body));
            break;
        }
    }
    let (i, head, body) = limited.expect("the rate limit never answered 429");
    assert!(i >= 10, "limited after only {i} requests");
    assert!(
        head.to_ascii_lowercase().contains("retry-after: 1"),
        "{head}"
    );
    let err: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(err["error"]["code"], "rate-limited");
    assert!(
        err["error"]["message"]
            .as_str()
            .unwrap()
            .contains("per second")
    );
    std::thread::sleep(std::time::Duration::from_millis(1100));
    assert_eq!(s.get("/api/designs").0, 200, "the bucket refills");
}

#[test]
fn openapi_document_is_served() {
    let dir = common::TempDir::new("openapi");
    let s = Server::start(&format!("sqlite://{}/db.sqlite", dir.path().display()));
    let (st, _, body) = s.get("/api/openapi.json");
    assert_eq!(st, 200);
    let doc: Value = serde_json::from_str(&body).unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    assert!(doc["paths"]["/api/designs/{id}"]["patch"].is_object());
    assert_eq!(s.get("/schema/widget.json").0, 200);
    // Every `$ref` names a schema the document carries (a dangling one makes clients and
    // schemathesis skip that part of the API).
    fn refs(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::Object(m) => {
                if let Some(r) = m.get("$ref").and_then(Value::as_str) {
                    out.push(r.to_string());
                }
                m.values().for_each(|x| refs(x, out));
            }
            Value::Array(a) => a.iter().for_each(|x| refs(x, out)),
            _ => {}
        }
    }
    let mut all = Vec::new();
    refs(&doc, &mut all);
    assert!(!all.is_empty());
    let dangling: Vec<_> = all
        .iter()
        .filter(|r| {
            r.strip_prefix("#/components/schemas/")
                .is_none_or(|name| doc["components"]["schemas"][name].is_null())
        })
        .collect();
    assert!(dangling.is_empty(), "unresolvable references: {dangling:?}");
}

both!(sigkill_during_a_write_burst_loses_nothing, sigkill_on);
fn sigkill_on(db: &TestDb) {
    let s = Server::start(&db.url);
    let ids: Vec<String> = (0..4)
        .map(|i| create(&s, jsx_doc(&format!("D{i}"))))
        .collect();
    let addr = s.addr;
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writers: Vec<_> = (0..8)
        .map(|t| {
            let id = ids[t % ids.len()].clone();
            let stop = stop.clone();
            std::thread::spawn(move || {
                let mut acked = Vec::new();
                let mut n = 0;
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    n += 1;
                    let marker = format!("w{t}n{n}");
                    let mut d = jsx_doc("D");
                    d["default_state"]["status"] = json!(marker);
                    let body = json!({"document": d, "overwrite": true}).to_string();
                    match try_request_bytes(
                        addr,
                        "PUT",
                        &format!("/api/designs/{id}"),
                        &[("Content-Type", "application/json")],
                        body.as_bytes(),
                    ) {
                        Ok((200, _, out)) => {
                            let v: Value = serde_json::from_slice(&out).unwrap();
                            acked.push((id.clone(), v["revision"].as_i64().unwrap(), marker));
                        }
                        // Cut off mid-request by the kill: not acknowledged.
                        Ok((0, _, _)) | Err(_) => break,
                        Ok((st, _, out)) => {
                            panic!("unexpected {st}: {}", String::from_utf8_lossy(&out))
                        }
                    }
                }
                acked
            })
        })
        .collect();
    std::thread::sleep(std::time::Duration::from_millis(1500));
    let pid = s.child.id();
    let status = std::process::Command::new("kill")
        .args(["-KILL", &pid.to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let acked: Vec<_> = writers
        .into_iter()
        .flat_map(|w| w.join().unwrap())
        .collect();
    drop(s);
    assert!(
        acked.len() > 20,
        "only {} saves before the kill",
        acked.len()
    );

    if db.label == "sqlite" {
        let path = db.url.strip_prefix("sqlite://").unwrap();
        let out = std::process::Command::new("python3")
            .args([
                "-c",
                "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('PRAGMA integrity_check').fetchone()[0])",
                path,
            ])
            .output()
            .unwrap();
        assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "ok");
    }
    let s = Server::start(&db.url);
    for (id, n, marker) in &acked {
        let (st, r) = call(&s, "GET", &format!("/api/designs/{id}/revisions/{n}"), None);
        assert_eq!(st, 200, "{id}@{n} is gone after the kill");
        assert_eq!(
            r["document"]["default_state"]["status"], *marker,
            "{id}@{n} lost {marker}"
        );
    }
    // The history is whole: revisions 1..=head, each readable.
    for id in &ids {
        let head = call(&s, "GET", &format!("/api/designs/{id}"), None).1["revision"]
            .as_i64()
            .unwrap();
        let (_, revs) = call(&s, "GET", &format!("/api/designs/{id}/revisions"), None);
        let numbers: Vec<i64> = revs["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["number"].as_i64().unwrap())
            .collect();
        assert_eq!(numbers, (1..=head).rev().collect::<Vec<_>>());
    }
    // And it still takes writes.
    let (st, _) = call(
        &s,
        "PATCH",
        &format!("/api/designs/{}", ids[0]),
        Some(&json!({"patch": {"name": "After the crash"}})),
    );
    assert_eq!(st, 200);
}

both!(designs_pages_show_history_and_diffs, designs_pages_on);
fn designs_pages_on(db: &TestDb) {
    let s = Server::start(&db.url);
    let id = create(&s, jsx_doc("Flight <status>"));
    create(
        &s,
        json!({"name": "Receipt", "kind": "json", "tags": ["shop"], "source": "{\"type\": \"Card\", \"children\": []}"}),
    );
    let mut next = jsx_doc("Flight <status>");
    next["source"] =
        json!("<Card><Title value={title} /><Text value={status} /><Divider /></Card>");
    next["tags"] = json!(["travel"]);
    let (st, _) = call(
        &s,
        "PUT",
        &format!("/api/designs/{id}"),
        Some(&json!({"document": next, "base_revision": 1, "message": "Add a divider"})),
    );
    assert_eq!(st, 200);

    let (st, _, html) = s.get("/designs");
    assert_eq!(st, 200);
    assert!(html.contains("Flight &lt;status&gt;") && html.contains("Receipt"));
    assert!(html.contains("1–2 of 2"));
    let (_, _, html) = s.get("/designs?q=rece");
    assert!(html.contains("Receipt") && !html.contains("Flight"));
    let (_, _, html) = s.get("/designs?tag=travel");
    assert!(html.contains("Flight") && !html.contains("Receipt"));
    let (_, _, html) = s.get("/designs?q=nothing-like-this");
    assert!(html.contains("No designs match."));

    let (st, _, html) = s.get(&format!("/designs/{id}?from=1&to=2"));
    assert_eq!(st, 200);
    assert!(html.contains("Changes from revision 1 to 2"));
    assert!(html.contains("Add a divider"));
    assert!(html.contains("History (2 revisions)"));
    // The source as a line diff, the tags as a field change.
    assert!(html.contains("ws-diff-add"), "{html}");
    assert!(html.contains("&lt;Divider /&gt;"));
    assert!(html.contains("tags[1]"));
    // The head is drawn by the preview renderer, in both themes.
    assert!(html.contains("class=\"wgt-divider\""));
    assert!(html.contains("data-theme=\"dark\""));
    // Trash and errors.
    assert_eq!(
        call(&s, "DELETE", &format!("/api/designs/{id}"), None).0,
        204
    );
    let (_, _, html) = s.get("/designs?trash=1");
    assert!(html.contains("Flight") && !html.contains("Receipt"));
    let (st, _, html) = s.get(&format!("/designs/{id}"));
    assert_eq!(st, 200);
    assert!(html.contains("in the trash"));
    assert!(
        html.contains("data-testid=\"trash-notice\"") && html.contains("Take it out of the trash")
    );
    assert!(
        !html.contains("data-testid=\"trash\""),
        "no Move to the trash for a trashed design"
    );
    // A save says where the design is, not that there is none; the editor still opens it.
    let (st, body) = call(
        &s,
        "PUT",
        &format!("/api/designs/{id}"),
        Some(&json!({"document": next, "base_revision": 2})),
    );
    assert_eq!(st, 404);
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("is in the trash: take it out of the trash to open or change it"),
        "{body}"
    );
    let (st, _, html) = s.get(&format!("/designs/{id}/edit"));
    assert_eq!(st, 200);
    assert!(html.contains("data-testid=\"trash-notice\""));
    // The page's forms: out of the trash, back to where the form was, told so; then in again.
    let sf = [("Content-Type", "application/x-www-form-urlencoded")];
    let (st, head, _) = request(
        s.addr,
        "POST",
        "/api/ui/untrash",
        &sf,
        &format!("id={id}&back=%2Fdesigns%2F{id}%2Fedit"),
    );
    // A redirect for a browser's form post; a plain client gets 200 and the Location.
    assert!(st < 400, "{st} {head}");
    assert!(
        head.contains(&format!("location: /designs/{id}/edit?untrashed=1")),
        "{head}"
    );
    let (_, _, html) = s.get(&format!("/designs/{id}/edit?untrashed=1"));
    assert!(html.contains("Taken out of the trash") && !html.contains("trash-notice"));
    let (_, _, html) = s.get(&format!("/designs/{id}"));
    assert!(html.contains("data-testid=\"trash\""));
    let (st, head, _) = request(s.addr, "POST", "/api/ui/trash", &sf, &format!("id={id}"));
    // A redirect for a browser's form post; a plain client gets 200 and the Location.
    assert!(st < 400, "{st} {head}");
    assert!(
        head.contains(&format!("location: /designs/{id}?trashed=1")),
        "{head}"
    );
    let (_, _, html) = s.get(&format!("/designs/{id}?trashed=1"));
    // The notice has the focus: `autofocus` in its own tag.
    let at = html
        .find("data-testid=\"trash-notice\"")
        .expect("the notice");
    let tag = &html[html[..at].rfind('<').unwrap()..at + html[at..].find('>').unwrap()];
    assert!(tag.contains("autofocus"), "{tag}");
    let (_, _, html) = s.get(&format!("/designs/{id}"));
    let at = html
        .find("data-testid=\"trash-notice\"")
        .expect("the notice");
    let tag = &html[html[..at].rfind('<').unwrap()..at + html[at..].find('>').unwrap()];
    assert!(!tag.contains("autofocus"), "only back from the form: {tag}");
    // Twice: refused, said.
    let (st, _, out) = request(s.addr, "POST", "/api/ui/trash", &sf, &format!("id={id}"));
    assert_eq!(st, 404, "{out}");
    assert!(out.contains("is in the trash"), "{out}");
    assert_eq!(s.get("/designs/nope").0, 404);
    let (st, _, html) = s.get(&format!("/designs/{id}?from=1&to=9"));
    assert_eq!(st, 404);
    assert!(html.contains("has no revision 9"));
    assert_eq!(s.get(&format!("/designs/{id}?rev=99")).0, 404);
    // Not a number: an error that says so, not the latest revision.
    let (st, _, html) = s.get(&format!("/designs/{id}?rev=abc"));
    assert_eq!(st, 400);
    assert!(html.contains("is not a revision number"), "{html}");
    let (st, _, html) = s.get("/designs?sort=size");
    assert_eq!(st, 400);
    assert!(html.contains("use name, created or updated"));
}

#[test]
fn malformed_queries_paths_and_unknown_endpoints_answer_json() {
    let dir = common::TempDir::new("json-errors");
    let s = Server::start(&format!("sqlite://{}/db.sqlite", dir.path().display()));
    for (path, code, needle) in [
        ("/api/designs?limit=abc", 400, "limit"),
        ("/api/designs?offset=9223372036854775808", 400, "offset"),
        ("/api/designs/x/revisions/abc", 400, "abc"),
        ("/api/designs/x/diff?from=1", 400, "to"),
        ("/api/nothing/here", 404, "/api/openapi.json"),
    ] {
        let (st, head, body) = s.get(path);
        assert_eq!(st, code, "{path}: {body}");
        assert!(head.contains("application/json"), "{path}: {head}");
        let v: Value = serde_json::from_str(&body).unwrap();
        assert!(
            v["error"]["message"].as_str().unwrap().contains(needle),
            "{path}: {body}"
        );
    }
}

/// A stored document that no longer reads is the server's fault: 500 with a clear message,
/// on the REST API and on the design's page, never a 4xx.
#[test]
fn a_damaged_stored_document_answers_500() {
    let db = common::TestDb::sqlite("damaged");
    let s = Server::start(&db.url);
    let (st, rec) = call(
        &s,
        "POST",
        "/api/designs",
        Some(
            &json!({"document": {"name": "Fine", "kind": "json", "source": "{\"type\":\"Card\",\"children\":[]}"}}),
        ),
    );
    assert_eq!(st, 201);
    let id = rec["id"].as_str().unwrap().to_string();
    drop(s);
    let path = db.url.strip_prefix("sqlite://").unwrap();
    let out = std::process::Command::new("python3")
        .args([
            "-c",
            "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute(\"UPDATE designs SET document='{not json' WHERE id=?\", (sys.argv[2],)); c.commit()",
            path,
            &id,
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let s = Server::start(&db.url);
    let (st, err) = call(&s, "GET", &format!("/api/designs/{id}"), None);
    assert_eq!(st, 500, "{err}");
    assert_eq!(err["error"]["code"], "damaged");
    assert!(
        err["error"]["message"]
            .as_str()
            .unwrap()
            .contains("stored document is damaged")
    );
    let (st, _, html) = s.get(&format!("/designs/{id}"));
    assert_eq!(st, 500);
    assert!(html.contains("cannot read this design"), "{html}");
}

both!(
    tags_that_look_the_same_are_one_and_names_hold_no_bidi_overrides,
    tags_and_names_on
);
fn tags_and_names_on(db: &TestDb) {
    let s = Server::start(&db.url);
    // "café" as "e" and a combining accent (NFD), and with its "é" as one character (NFC).
    let mut doc = jsx_doc("Caf\u{e9} menu");
    doc["tags"] = json!(["cafe\u{301}", "caf\u{e9}", "menu"]);
    let (st, rec) = call(&s, "POST", "/api/designs", Some(&json!({"document": doc})));
    assert_eq!(st, 201, "{rec}");
    assert_eq!(rec["document"]["tags"], json!(["caf\u{e9}", "menu"]));
    // The filter and the search, typed either way (percent-encoded UTF-8), find it.
    for tag in ["cafe%CC%81", "caf%C3%A9"] {
        let (st, list) = call(&s, "GET", &format!("/api/designs?tag={tag}"), None);
        assert_eq!((st, list["total"].as_i64()), (200, Some(1)), "tag={tag}");
    }
    for q in ["cafe%CC%81%20m", "CAF%C3%89"] {
        let (_, list) = call(&s, "GET", &format!("/api/designs?q={q}"), None);
        assert_eq!(list["total"].as_i64(), Some(1), "q={q}");
    }
    // States whose names only look alike: a write is refused, naming both; an import renames
    // them apart, as it does alike names.
    let mut doc = jsx_doc("States");
    doc["states"] = json!([{"name": "caf\u{e9}", "data": {}}, {"name": "cafe\u{301}", "data": {}}]);
    let (st, err) = call(&s, "POST", "/api/designs", Some(&json!({"document": doc})));
    assert_eq!(st, 422, "{err}");
    assert!(
        err["error"]["message"]
            .as_str()
            .unwrap()
            .starts_with("states[1].name: \"cafe\u{301}\" looks the same as the name of states[0]"),
        "{err}"
    );
    let (st, rec) = call(
        &s,
        "POST",
        "/api/designs",
        Some(&json!({"import": doc.to_string()})),
    );
    assert_eq!(st, 201, "{rec}");
    assert_eq!(rec["document"]["states"][1]["name"], "cafe\u{301} (2)");
    // A right-to-left override in a name is refused, located, with what it does.
    let mut bad = jsx_doc("invoice\u{202E}fdp.exe");
    bad["tags"] = json!([]);
    let (st, err) = call(&s, "POST", "/api/designs", Some(&json!({"document": bad})));
    assert_eq!(st, 422, "{err}");
    assert_eq!(
        err["error"]["message"],
        "name: holds U+202E (a bidirectional control, which shows the text around it in another order) at character 8; a name is one line of text"
    );
    let mut bad = jsx_doc("ok");
    bad["tags"] = json!(["x", "\u{2066}y"]);
    let (st, err) = call(&s, "POST", "/api/designs", Some(&json!({"document": bad})));
    assert_eq!(st, 422, "{err}");
    assert!(
        err["error"]["message"]
            .as_str()
            .unwrap()
            .starts_with("tags[1]: holds U+2066 (a bidirectional control"),
        "{err}"
    );
}
