//! Issue 18 on the server: assets uploaded once (`POST /api/assets`), judged by their bytes,
//! stored by SHA-256 in the designs' database, served immutable with an ETag, `nosniff` and a
//! CSP under which nothing runs; deleting one in use is a 409; exports rewrite `asset:`
//! references to the design's asset base (or inline them) and zip the files; backups carry
//! them. On SQLite and PostgreSQL.

#[macro_use]
mod common;

use std::io::{Cursor, Read};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use common::{Server, TestDb, call, request_bytes};
use serde_json::{Value, json};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/assets")
            .join(name),
    )
    .unwrap()
}

const BOUNDARY: &str = "----wsTestBoundary7MA4YWxkTrZu0gW";

/// A multipart body with each (field, file name, bytes).
fn multipart(parts: &[(&str, &str, &[u8])]) -> Vec<u8> {
    let mut b = Vec::new();
    for (field, name, bytes) in parts {
        b.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        b.extend_from_slice(bytes);
        b.extend_from_slice(b"\r\n");
    }
    b.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    b
}

/// Uploads files: (status, answer).
fn upload(s: &Server, files: &[(&str, &[u8])]) -> (u16, Value) {
    let parts: Vec<(&str, &str, &[u8])> = files.iter().map(|(n, b)| ("file", *n, *b)).collect();
    let ct = format!("multipart/form-data; boundary={BOUNDARY}");
    let (st, _, body) = request_bytes(
        s.addr,
        "POST",
        "/api/assets",
        &[("Content-Type", &ct)],
        &multipart(&parts),
    );
    (st, serde_json::from_slice(&body).unwrap_or(Value::Null))
}

fn sha256(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn header<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.lines().find_map(|l| {
        let (k, v) = l.split_once(':')?;
        k.trim().eq_ignore_ascii_case(name).then(|| v.trim())
    })
}

/// Saves `base` as the design's export asset base, over REST.
fn save_asset_base(s: &Server, id: &str, base: &str) {
    let (st, rec) = call(s, "GET", &format!("/api/designs/{id}"), None);
    assert_eq!(st, 200, "{rec}");
    let patch =
        json!({"base_revision": rec["revision"], "patch": {"export": {"asset_base": base}}});
    let (st, v) = call(s, "PATCH", &format!("/api/designs/{id}"), Some(&patch));
    assert_eq!(st, 200, "{v}");
}

fn design_with(s: &Server, name: &str, src: &str) -> String {
    let doc = json!({
        "name": name, "kind": "jsx",
        "source": format!("<Card>\n  <Image src=\"{src}\" alt=\"Logo\" size={{48}} />\n  <Text value=\"Hi\" />\n</Card>"),
        "default_state": {}
    });
    let (st, rec) = call(s, "POST", "/api/designs", Some(&json!({"document": doc})));
    assert_eq!(st, 201, "{rec}");
    rec["id"].as_str().unwrap().to_string()
}

both!(accepted_types_dedupe_and_serving, accepted_types_on);
fn accepted_types_on(db: &TestDb) {
    let s = Server::start(&db.url);
    let files = [
        ("logo.png", fixture("logo.png"), "image/png", 96, 64),
        ("photo.jpg", fixture("photo.jpg"), "image/jpeg", 48, 32),
        ("dot.gif", fixture("dot.gif"), "image/gif", 1, 1),
        ("pic.webp", fixture("pic.webp"), "image/webp", 64, 48),
    ];
    for (name, bytes, mime, w, h) in &files {
        let (st, out) = upload(&s, &[(name, bytes)]);
        assert_eq!(st, 201, "{}: {out}", db.label);
        let a = &out["assets"][0];
        let id = sha256(bytes);
        assert_eq!(a["id"], id);
        assert_eq!(a["sha256"], id);
        assert_eq!(a["url"], format!("/assets/{id}"));
        assert_eq!(a["reference"], format!("asset:{id}"));
        assert_eq!(a["name"], *name);
        assert_eq!(a["type"], *mime);
        assert_eq!(a["size"], bytes.len());
        assert_eq!(
            (a["width"].as_u64(), a["height"].as_u64()),
            (Some(*w), Some(*h))
        );
        // Served byte for byte, with its type, immutable, an ETag, nosniff and a CSP.
        let (st, head, got) = request_bytes(s.addr, "GET", &format!("/assets/{id}"), &[], b"");
        assert_eq!(st, 200);
        assert_eq!(&got, bytes);
        assert_eq!(header(&head, "content-type"), Some(*mime));
        assert_eq!(
            header(&head, "cache-control"),
            Some("public, max-age=31536000, immutable")
        );
        assert_eq!(header(&head, "x-content-type-options"), Some("nosniff"));
        let csp = header(&head, "content-security-policy").unwrap();
        assert!(
            csp.contains("default-src 'none'") && csp.contains("sandbox"),
            "{csp}"
        );
        let etag = header(&head, "etag").unwrap().to_string();
        assert_eq!(etag, format!("\"{id}\""));
        let (st, head, got) = request_bytes(
            s.addr,
            "GET",
            &format!("/assets/{id}"),
            &[("If-None-Match", &etag)],
            b"",
        );
        assert_eq!(st, 304, "{head}");
        assert!(got.is_empty());
        // Another ETag is not a match.
        let (st, _, _) = request_bytes(
            s.addr,
            "GET",
            &format!("/assets/{id}"),
            &[("If-None-Match", "\"nope\"")],
            b"",
        );
        assert_eq!(st, 200);
    }
    // The same bytes under another name are stored once: the same asset answers.
    let logo = fixture("logo.png");
    let (st, out) = upload(&s, &[("copy-of-logo.png", &logo), ("again.png", &logo)]);
    assert_eq!(st, 201, "{out}");
    assert_eq!(out["assets"][0]["name"], "logo.png");
    assert_eq!(out["assets"][1]["id"], sha256(&logo));
    let (st, list) = call(&s, "GET", "/api/assets", None);
    assert_eq!(st, 200);
    assert_eq!(list["assets"].as_array().unwrap().len(), 4, "{list}");
    let total: u64 = files.iter().map(|f| f.1.len() as u64).sum();
    assert_eq!(list["total_bytes"], total);
    assert_eq!(list["max_bytes"], 5 << 20);
    // A missing asset: a 404 in the JSON error form (also for an id that is not a SHA-256).
    for path in [
        format!("/assets/{}", "0".repeat(64)),
        "/assets/not-a-sha256".into(),
    ] {
        let (st, _, body) = request_bytes(s.addr, "GET", &path, &[], b"");
        let v: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
        assert_eq!(st, 404, "{path}");
        assert_eq!(v["error"]["code"], "not-found", "{path}: {v}");
    }
    let (st, v) = call(
        &s,
        "DELETE",
        &format!("/api/assets/{}", "0".repeat(64)),
        None,
    );
    assert_eq!((st, v["error"]["code"].as_str()), (404, Some("not-found")));
    // Rename: references name the bytes, so nothing else changes.
    let id = sha256(&logo);
    let (st, v) = call(
        &s,
        "PATCH",
        &format!("/api/assets/{id}"),
        Some(&json!({"name": "Brand logo.png"})),
    );
    assert_eq!(
        (st, v["name"].as_str()),
        (200, Some("Brand logo.png")),
        "{v}"
    );
    // A field a rename does not have is refused, not dropped; the name stays.
    let (st, v) = call(
        &s,
        "PATCH",
        &format!("/api/assets/{id}"),
        Some(&json!({"name": "Renamed", "descripton": "x"})),
    );
    assert_eq!(
        (st, v["error"]["details"]["path"].as_str()),
        (422, Some("descripton")),
        "{v}"
    );
    let (st, v) = call(
        &s,
        "PATCH",
        &format!("/api/assets/{id}"),
        Some(&json!({"name": "  "})),
    );
    assert_eq!(
        (st, v["error"]["code"].as_str()),
        (422, Some("invalid")),
        "{v}"
    );
}

both!(refusals_say_what_is_allowed, refusals_on);
fn refusals_on(db: &TestDb) {
    let s = Server::start_with(
        &db.url,
        &["--rate-limit", "0", "--asset-quota", "64KiB"],
        &[],
    );
    let check = |st: u16, v: &Value, code: &str, status: u16, says: &str| {
        assert_eq!(st, status, "{}: {v}", db.label);
        assert_eq!(v["error"]["code"], code, "{v}");
        let m = v["error"]["message"].as_str().unwrap();
        assert!(m.contains(says), "{m}");
    };
    // HTML named .png: judged by the bytes.
    let (st, v) = upload(
        &s,
        &[("evil.png", b"<!doctype html><script>alert(1)</script>")],
    );
    check(st, &v, "unsupported-type", 415, "PNG, JPEG, GIF");
    assert_eq!(v["error"]["details"]["accepted"][0], "image/png");
    // A PNG signature followed by HTML.
    let mut fake = b"\x89PNG\r\n\x1a\n".to_vec();
    fake.extend_from_slice(b"<html><script>alert(document.domain)</script></html>");
    let (st, v) = upload(&s, &[("fake.png", &fake)]);
    check(st, &v, "unsupported-type", 415, "PNG");
    // SVG is refused (docs/assets.md says why).
    let (st, v) = upload(
        &s,
        &[(
            "x.svg",
            b"<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>",
        )],
    );
    check(st, &v, "unsupported-type", 415, "SVG");
    // A file name over 200 characters does not refuse the image: the name is cut, its
    // extension kept. A rename to one is refused, saying which name.
    let long = format!("holiday-{}.png", "x".repeat(300));
    let (st, v) = upload(&s, &[(long.as_str(), &fixture("dot.gif"))]);
    assert_eq!(st, 201, "{v}");
    let kept = v["assets"][0]["name"].as_str().unwrap();
    assert_eq!(kept.chars().count(), 200, "{kept}");
    assert!(
        kept.starts_with("holiday-xxx") && kept.ends_with("x….png"),
        "{kept}"
    );
    let id = v["assets"][0]["id"].as_str().unwrap().to_string();
    let (st, v) = call(
        &s,
        "PATCH",
        &format!("/api/assets/{id}"),
        Some(&json!({"name": long})),
    );
    check(st, &v, "invalid", 422, "\"holiday-xxxx");
    check(st, &v, "invalid", 422, "is 312 characters; at most 200");
    let (st, _) = call(&s, "DELETE", &format!("/api/assets/{id}"), None);
    assert_eq!(st, 200);
    // A 100,000 × 100,000 PNG header: refused from the header, at once.
    let mut bomb = b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR".to_vec();
    bomb.extend_from_slice(&100_000u32.to_be_bytes());
    bomb.extend_from_slice(&100_000u32.to_be_bytes());
    bomb.extend_from_slice(&[8, 6, 0, 0, 0, 0, 0, 0, 0]);
    bomb.extend_from_slice(&[0u8; 4096]);
    let t = Instant::now();
    let (st, v) = upload(&s, &[("bomb.png", &bomb)]);
    let took = t.elapsed();
    check(st, &v, "too-large", 413, "8192");
    assert!(took < Duration::from_millis(500), "{took:?}");
    // 6 MB: over the 5 MB limit.
    let mut big = fixture("logo.png");
    big.resize(6 << 20, 0);
    let (st, v) = upload(&s, &[("big.png", &big)]);
    check(
        st,
        &v,
        "too-large",
        413,
        "at most 5,242,880 bytes (5.0 MiB)",
    );
    // One refused file stores none of the upload.
    let (st, _) = upload(
        &s,
        &[("logo.png", &fixture("logo.png")), ("evil.png", b"<html>")],
    );
    assert_eq!(st, 415);
    let (_, list) = call(&s, "GET", "/api/assets", None);
    assert_eq!(list["assets"].as_array().unwrap().len(), 0, "{list}");
    // A batch over the quota (30 + 40 KiB) stores none of its files.
    let mut c = fixture("logo.png");
    c.resize(30 << 10, 3);
    let mut d = fixture("logo.png");
    d.resize(40 << 10, 4);
    let (st, v) = upload(&s, &[("c.png", &c), ("d.png", &d)]);
    check(st, &v, "too-large", 413, "quota");
    let (_, list) = call(&s, "GET", "/api/assets", None);
    assert_eq!(list["assets"].as_array().unwrap().len(), 0, "{list}");
    // The quota (64 KiB here): 60 KiB fits, 10 KiB more does not.
    let mut a = fixture("logo.png");
    a.resize(60 << 10, 1);
    let (st, v) = upload(&s, &[("a.png", &a)]);
    assert_eq!(st, 201, "{v}");
    let mut b = fixture("logo.png");
    b.resize(10 << 10, 2);
    let (st, v) = upload(&s, &[("b.png", &b)]);
    check(st, &v, "too-large", 413, "quota");
    assert_eq!(v["error"]["details"]["quota_bytes"], 64 << 10);
    // Not multipart, a wrong field, no file.
    let (st, _, body) = request_bytes(
        s.addr,
        "POST",
        "/api/assets",
        &[("Content-Type", "image/png")],
        &fixture("logo.png"),
    );
    let v: Value = serde_json::from_slice(&body).unwrap();
    check(st, &v, "unsupported-type", 415, "multipart/form-data");
    let ct = format!("multipart/form-data; boundary={BOUNDARY}");
    let (st, _, body) = request_bytes(
        s.addr,
        "POST",
        "/api/assets",
        &[("Content-Type", &ct)],
        &multipart(&[("image", "a.png", &fixture("logo.png"))]),
    );
    let v: Value = serde_json::from_slice(&body).unwrap();
    check(st, &v, "bad-request", 400, "field `file`");
    let (st, _, body) = request_bytes(
        s.addr,
        "POST",
        "/api/assets",
        &[("Content-Type", &ct)],
        format!("--{BOUNDARY}--\r\n").as_bytes(),
    );
    let v: Value = serde_json::from_slice(&body).unwrap();
    check(st, &v, "bad-request", 400, "no file");
}

both!(in_use_exports_and_backups, in_use_on);
fn in_use_on(db: &TestDb) {
    let s = Server::start(&db.url);
    let logo = fixture("logo.png");
    let dot = fixture("dot.gif");
    let (st, out) = upload(&s, &[("Logo (final).png", &logo), ("dot.gif", &dot)]);
    assert_eq!(st, 201, "{out}");
    let logo_id = sha256(&logo);
    let dot_id = sha256(&dot);
    let id = design_with(&s, "Brand card", &format!("asset:{logo_id}"));
    // In use: 409 naming the design; the list says who uses it.
    let (st, v) = call(&s, "DELETE", &format!("/api/assets/{logo_id}"), None);
    assert_eq!(
        (st, v["error"]["code"].as_str()),
        (409, Some("asset-in-use")),
        "{v}"
    );
    assert_eq!(v["error"]["details"]["used_by"][0]["id"], id);
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .contains("Brand card")
    );
    // It names the asset as the user knows it, not by its hash alone.
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .starts_with("the asset \"Logo (final).png\" ("),
        "{v}"
    );
    let (_, list) = call(&s, "GET", "/api/assets", None);
    let entry = list["assets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == logo_id)
        .unwrap();
    assert_eq!(entry["used_by"][0]["name"], "Brand card");
    // A design in the trash still uses it (a restore brings its images back).
    // Export: without a base, a 422 that says what to set.
    let (st, v) = call(
        &s,
        "GET",
        &format!("/api/designs/{id}/export?format=json"),
        None,
    );
    assert_eq!(st, 422, "{v}");
    let m = v["error"]["message"].as_str().unwrap();
    assert!(
        m.contains("asset_base") && m.contains("Logo (final).png"),
        "{m}"
    );
    // The editor's export form (`back=editor`, a plain form without JavaScript) goes back to
    // the editor with the error instead of showing this JSON; so does a bad base it sends.
    // The form's choices go back with it, for the form to show them again.
    for (query, says, back) in [
        (
            "format=widget&asset_base=&back=editor",
            "only this studio can serve: \"Logo (final).png\"",
            "format=widget",
        ),
        (
            "format=a2ui&asset_base=ftp%3A%2F%2Fx&inline_max=16384&zip=true&back=editor",
            "the Asset base URL \"ftp://x\" is not http(s)",
            "format=a2ui&inline=1&zip=1&base=ftp%3A%2F%2Fx",
        ),
    ] {
        let (st, headers, body) = request_bytes(
            s.addr,
            "GET",
            &format!("/api/designs/{id}/export?{query}"),
            &[],
            b"",
        );
        assert_eq!(st, 303, "{query}: {}", String::from_utf8_lossy(&body));
        let to = header_in(&headers, "location");
        assert_eq!(to, format!("/designs/{id}/edit?export_failed=1&{back}"));
        // The error goes in a short-lived cookie, not the address (where a link could put any
        // words in the studio's alert).
        let cookie = header_in(&headers, "set-cookie");
        assert!(cookie.starts_with("ws_export_error="), "{cookie}");
        assert!(
            cookie.contains("Max-Age=30") && cookie.contains("HttpOnly"),
            "{cookie}"
        );
        // Only that design's editor gets it.
        assert!(
            cookie.contains(&format!("Path=/designs/{id}/edit;")),
            "{cookie}"
        );
        let message = app::components::export_links::export_error_in(&cookie).unwrap();
        assert!(message.contains(says), "{message}");
        // In the form's words: its fields, not the API's parameters.
        assert!(!message.contains("asset_base"), "{message}");
        assert!(!message.contains("inline_max"), "{message}");
    }
    // Anything else is no place to go back to.
    let (st, v) = call(
        &s,
        "GET",
        &format!("/api/designs/{id}/export?format=json&back=https://evil.example"),
        None,
    );
    assert_eq!(st, 400, "{v}");
    // The studio's plain download links ask for images with no host inline instead.
    let (st, _, body) = request_bytes(
        s.addr,
        "GET",
        &format!("/api/designs/{id}/export?format=json&inline_unhosted=true"),
        &[],
        b"",
    );
    assert_eq!(st, 200);
    let w: Value = serde_json::from_slice(&body).unwrap();
    let src = w["children"][0]["src"].as_str().unwrap();
    assert!(src.starts_with("data:image/png;base64,"), "{src}");
    // A base given (or saved) wins over it.
    let (st, _, body) = request_bytes(
        s.addr,
        "GET",
        &format!(
            "/api/designs/{id}/export?format=json&inline_unhosted=true&asset_base=https://cdn.example.com/w"
        ),
        &[],
        b"",
    );
    assert_eq!(st, 200);
    let w: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(
        w["children"][0]["src"],
        format!("https://cdn.example.com/w/logo-final-{}.png", &logo_id[..8])
    );
    // With a base: rewritten to BASE/NAME.
    let (st, _, body) = request_bytes(
        s.addr,
        "GET",
        &format!("/api/designs/{id}/export?format=json&asset_base=https://cdn.example.com/w"),
        &[],
        b"",
    );
    assert_eq!(st, 200);
    let w: Value = serde_json::from_slice(&body).unwrap();
    let want = format!("https://cdn.example.com/w/logo-final-{}.png", &logo_id[..8]);
    assert_eq!(w["children"][0]["src"], want);
    // The base remembered in the design's export settings, for .widget and A2UI too.
    save_asset_base(&s, &id, "/static/widgets/");
    for format in ["widget", "a2ui", "json"] {
        let (st, _, body) = request_bytes(
            s.addr,
            "GET",
            &format!("/api/designs/{id}/export?format={format}"),
            &[],
            b"",
        );
        let text = String::from_utf8_lossy(&body);
        assert_eq!(st, 200, "{format}: {text}");
        assert!(!text.contains("asset:"), "{format}: {text}");
        assert!(
            text.contains(&format!("/static/widgets/logo-final-{}.png", &logo_id[..8])),
            "{format}: {text}"
        );
    }
    // A base that does not check is refused where it is saved, at its path, not at every
    // export (and every share page's download) after it.
    let (st, rec) = call(&s, "GET", &format!("/api/designs/{id}"), None);
    assert_eq!(st, 200, "{rec}");
    let patch =
        json!({"base_revision": rec["revision"], "patch": {"export": {"asset_base": "not a url"}}});
    let (st, v) = call(&s, "PATCH", &format!("/api/designs/{id}"), Some(&patch));
    assert_eq!(st, 422, "{v}");
    assert_eq!(v["error"]["code"], "invalid", "{v}");
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .starts_with("export.asset_base: "),
        "{v}"
    );
    // A base of only spaces (patched in over REST, or imported) is no base: the plain links
    // work as they do without one, instead of failing on a base no export accepts.
    save_asset_base(&s, &id, "   ");
    let (st, _, body) = request_bytes(
        s.addr,
        "GET",
        &format!("/api/designs/{id}/export?format=json&inline_unhosted=true"),
        &[],
        b"",
    );
    let text = String::from_utf8_lossy(&body);
    assert_eq!(st, 200, "{text}");
    assert!(text.contains("data:image/png;base64,"), "{text}");
    let (st, _, body) = request_bytes(
        s.addr,
        "GET",
        &format!("/api/designs/{id}/export?format=json"),
        &[],
        b"",
    );
    let text = String::from_utf8_lossy(&body);
    assert_eq!(st, 422, "{text}");
    assert!(text.contains("only the studio can serve"), "{text}");
    // The base saved again, for the exports below.
    save_asset_base(&s, &id, "/static/widgets/");
    // Inline small ones as data: URLs.
    let (st, _, body) = request_bytes(
        s.addr,
        "GET",
        &format!("/api/designs/{id}/export?format=json&inline_max=100000"),
        &[],
        b"",
    );
    assert_eq!(st, 200);
    let w: Value = serde_json::from_slice(&body).unwrap();
    assert!(
        w["children"][0]["src"]
            .as_str()
            .unwrap()
            .starts_with("data:image/png;base64,iVBOR")
    );
    // Keep on purpose.
    let (_, _, body) = request_bytes(
        s.addr,
        "GET",
        &format!("/api/designs/{id}/export?format=json&keep_assets=true"),
        &[],
        b"",
    );
    assert!(String::from_utf8_lossy(&body).contains(&format!("asset:{logo_id}")));
    // A bad base is a 400 that says why.
    let (st, v) = call(
        &s,
        "GET",
        &format!("/api/designs/{id}/export?asset_base=javascript:alert(1)"),
        None,
    );
    assert_eq!(
        (st, v["error"]["code"].as_str()),
        (400, Some("bad-request")),
        "{v}"
    );
    // Export with assets: the file and assets/NAME, byte for byte.
    let (st, head, zip_bytes) = request_bytes(
        s.addr,
        "GET",
        &format!("/api/designs/{id}/export?format=widget&zip=true"),
        &[],
        b"",
    );
    assert_eq!(st, 200, "{head}");
    assert_eq!(header(&head, "content-type"), Some("application/zip"));
    let mut zip = zip::ZipArchive::new(Cursor::new(zip_bytes)).unwrap();
    let names: Vec<String> = zip.file_names().map(|n| n.unwrap().to_string()).collect();
    let asset_name = format!("assets/logo-final-{}.png", &logo_id[..8]);
    assert!(
        names.contains(&"brand-card.widget".to_string()),
        "{names:?}"
    );
    assert!(names.contains(&asset_name), "{names:?}");
    assert_eq!(names.len(), 2, "only the assets the design uses: {names:?}");
    let mut got = Vec::new();
    zip.by_name(&asset_name)
        .unwrap()
        .read_to_end(&mut got)
        .unwrap();
    assert_eq!(got, logo);
    // A reference to an asset the studio does not hold: the export says so.
    let ghost = design_with(&s, "Ghost", &format!("asset:{}", "ab".repeat(32)));
    let (st, v) = call(
        &s,
        "GET",
        &format!("/api/designs/{ghost}/export?asset_base=/x/"),
        None,
    );
    assert_eq!(st, 422, "{v}");
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .contains("does not hold")
    );
    // Trash the design: the asset is still in use; the unused one deletes.
    let (st, _) = call(&s, "DELETE", &format!("/api/designs/{id}"), None);
    assert_eq!(st, 204);
    let (st, _) = call(&s, "DELETE", &format!("/api/assets/{logo_id}"), None);
    assert_eq!(st, 409);
    let (st, v) = call(&s, "DELETE", &format!("/api/assets/{dot_id}"), None);
    assert_eq!(st, 200, "{v}");
    let (st, _) = call(&s, "POST", &format!("/api/designs/{id}/restore"), None);
    assert_eq!(st, 200);
    // Backup: the asset goes with the design and comes back byte-identical elsewhere.
    let (st, _, backup) = request_bytes(s.addr, "GET", "/api/backup", &[], b"");
    assert_eq!(st, 200);
    let other = match db.label {
        "sqlite" => TestDb::sqlite("assets_restore"),
        _ => TestDb::postgres("assets_restore").unwrap(),
    };
    let s2 = Server::start(&other.url);
    let (st, _, out) = request_bytes(s2.addr, "POST", "/api/backup", &[], &backup);
    let out: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(st, 200, "{out}");
    assert_eq!(out["assets"][0]["id"], logo_id, "{out}");
    let (st, _, got) = request_bytes(s2.addr, "GET", &format!("/assets/{logo_id}"), &[], b"");
    assert_eq!((st, got == logo), (200, true));
    let (_, list) = call(&s2, "GET", "/api/assets", None);
    assert_eq!(list["assets"][0]["name"], "Logo (final).png", "{list}");
    // An export zip imports too: the design's BASE/NAME URLs become references again.
    let (_, _, export_zip) = request_bytes(
        s.addr,
        "GET",
        &format!(
            "/api/designs/{id}/export?format=widget&zip=true&asset_base=https://cdn.example.com/w/"
        ),
        &[],
        b"",
    );
    let third = TestDb::sqlite("assets_import");
    let s3 = Server::start(&third.url);
    let (st, _, out) = request_bytes(s3.addr, "POST", "/api/backup", &[], &export_zip);
    let out: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(st, 200, "{out}");
    let new_id = out["imported"][0]["id"].as_str().unwrap();
    let (_, rec) = call(&s3, "GET", &format!("/api/designs/{new_id}"), None);
    let source = rec["document"]["source"].as_str().unwrap();
    assert!(source.contains(&format!("asset:{logo_id}")), "{source}");
    // The share page draws the image from the studio's URL, without JavaScript.
    let (st, share) = call(&s, "POST", &format!("/api/designs/{id}/shares"), None);
    assert_eq!(st, 201, "{share}");
    let (st, _, page) = s.get(share["url"].as_str().unwrap());
    assert_eq!(st, 200);
    assert!(
        page.contains(&format!("src=\"/assets/{logo_id}\"")),
        "{page}"
    );
}

#[test]
fn cli_adds_and_lists_assets() {
    let db = TestDb::sqlite("assets_cli");
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/assets");
    let out = std::process::Command::new(common::bin())
        .args(["assets", "add"])
        .arg(dir.join("logo.png"))
        .arg(dir.join("pic.webp"))
        .args(["--database-url", &db.url])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(&format!("asset:{}", sha256(&fixture("logo.png")))),
        "{text}"
    );
    assert!(text.contains("image/webp\t64×48"), "{text}");
    // A file that is not an image: exit 1, the reason, and the others still added.
    let bad = common::TempDir::new("assets_cli_bad");
    let html = bad.path().join("page.png");
    std::fs::write(&html, "<html><body>hi</body></html>").unwrap();
    let out = std::process::Command::new(common::bin())
        .args(["assets", "add"])
        .arg(&html)
        .arg(dir.join("photo.jpg"))
        .args(["--database-url", &db.url])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("page.png") && err.contains("HTML"), "{err}");
    let out = std::process::Command::new(common::bin())
        .args(["assets", "list", "--database-url", &db.url])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success());
    assert!(text.contains("3 assets"), "{text}");
    assert!(text.contains("photo.jpg"), "{text}");
}

#[test]
fn gallery_images_are_served_and_become_assets_of_designs_made_from_the_gallery() {
    let db = TestDb::sqlite("assets_gallery");
    let s = Server::start(&db.url);
    let png = std::fs::read(
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../public/gallery/img/order_summary-tote.png"),
    )
    .unwrap();
    let id = sha256(&png);
    // Served on a fresh studio, before any database holds it.
    let (_, list) = call(&s, "GET", "/api/assets", None);
    assert_eq!(list["assets"].as_array().unwrap().len(), 0);
    let (st, head, got) = request_bytes(s.addr, "GET", &format!("/assets/{id}"), &[], b"");
    assert_eq!((st, got == png), (200, true), "{head}");
    assert_eq!(header(&head, "content-type"), Some("image/png"));
    // "Use this" on the gallery design: its images become the new design's assets.
    let (st, head, _) = common::request(
        s.addr,
        "POST",
        "/api/ui/gallery/use",
        &[("Content-Type", "application/x-www-form-urlencoded")],
        "slug=order_summary",
    );
    assert!(st == 302 || st == 303 || st == 200, "{st} {head}");
    let (_, list) = call(&s, "GET", "/api/assets", None);
    let assets = list["assets"].as_array().unwrap();
    assert_eq!(assets.len(), 4, "{list}");
    let tote = assets.iter().find(|a| a["id"] == id).unwrap();
    assert_eq!(tote["name"], "order_summary-tote.png");
    assert_eq!(tote["created_by"], "gallery");
    assert_eq!(tote["used_by"][0]["name"], "Order summary");
    // Its export ships them like any upload.
    let design = tote["used_by"][0]["id"].as_str().unwrap();
    let (st, _, zip_bytes) = request_bytes(
        s.addr,
        "GET",
        &format!("/api/designs/{design}/export?format=widget&zip=true&asset_base=/w/"),
        &[],
        b"",
    );
    assert_eq!(st, 200);
    let zip = zip::ZipArchive::new(Cursor::new(zip_bytes)).unwrap();
    let names: Vec<String> = zip.file_names().map(|n| n.unwrap().to_string()).collect();
    assert!(
        names.contains(&format!("assets/order-summary-tote-{}.png", &id[..8])),
        "{names:?}"
    );
    assert_eq!(names.len(), 5, "{names:?}");
}

#[test]
fn an_asset_an_earlier_revision_uses_is_not_deleted() {
    let db = TestDb::sqlite("assets_history");
    let s = Server::start(&db.url);
    let logo = fixture("logo.png");
    let (st, _) = upload(&s, &[("logo.png", &logo)]);
    assert_eq!(st, 201);
    let id = design_with(&s, "Old logo", &format!("asset:{}", sha256(&logo)));
    // A new revision without it: a share link pinned to the first still shows it.
    let (_, rec) = call(&s, "GET", &format!("/api/designs/{id}"), None);
    let mut doc = rec["document"].clone();
    doc["source"] = json!("<Card>\n  <Text value=\"No logo\" />\n</Card>");
    let (st, v) = call(
        &s,
        "PUT",
        &format!("/api/designs/{id}"),
        Some(&json!({"document": doc, "base_revision": rec["revision"]})),
    );
    assert_eq!(st, 200, "{v}");
    let (st, v) = call(
        &s,
        "DELETE",
        &format!("/api/assets/{}", sha256(&logo)),
        None,
    );
    assert_eq!(st, 409, "{v}");
    assert_eq!(v["error"]["details"]["used_by"][0]["history"], true, "{v}");
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .contains("earlier revision"),
        "{v}"
    );
}

/// A PNG of `extra` random bytes: the fixture with a private ancillary chunk before IEND.
fn big_png(extra: usize, seed: u64) -> Vec<u8> {
    fn crc32(data: &[u8]) -> u32 {
        let mut crc = !0u32;
        for &b in data {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }
    let png = fixture("logo.png");
    let iend = png.len() - 12;
    assert_eq!(&png[iend + 4..iend + 8], b"IEND");
    let mut x = seed | 1;
    let mut chunk = b"prVt".to_vec();
    chunk.extend((0..extra).map(|_| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x as u8
    }));
    let mut out = png[..iend].to_vec();
    out.extend_from_slice(&u32::try_from(extra).unwrap().to_be_bytes());
    out.extend_from_slice(&chunk);
    out.extend_from_slice(&crc32(&chunk).to_be_bytes());
    out.extend_from_slice(&png[iend..]);
    out
}

/// The server's resident memory: (now, peak since the last reset), in bytes.
fn memory(pid: u32) -> (u64, u64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let kb = |key: &str| -> u64 {
        let line = status.lines().find(|l| l.starts_with(key)).unwrap();
        line[key.len()..]
            .trim()
            .trim_end_matches(" kB")
            .trim()
            .parse::<u64>()
            .unwrap()
            * 1024
    };
    (kb("VmRSS:"), kb("VmHWM:"))
}

/// A backup, and an export with its images, are written to a temporary file with the assets
/// read one at a time, and streamed: the server does not hold every asset and the whole zip in
/// memory (the assets alone may take 1 GiB). 16 assets of 4.5 MB (72 MB): holding them and
/// the zip raised the server's peak by 145 MB for a backup and 141 MB for an export; now by
/// 10-27 MB (the asset being written, the next one, the one the database is reading). The
/// bound is three quarters of the assets' total, far from both.
#[cfg(target_os = "linux")]
#[test]
fn a_backup_streams_and_reads_assets_one_at_a_time() {
    let db = common::TestDb::sqlite("backup-memory");
    // glibc's malloc: a fixed mmap threshold, so that freed buffers of a few MB go back to the
    // system and the peak counts what the server holds, not what the allocator kept.
    let s = Server::start_with(&db.url, &[], &[("MALLOC_MMAP_THRESHOLD_", "131072")]);
    let mut srcs = String::new();
    let mut total = 0;
    for i in 0..16 {
        let png = big_png(4_500_000, 0x9E37_79B9_7F4A_7C15_u64.wrapping_mul(i + 1));
        total += png.len();
        let (st, v) = upload(&s, &[(&format!("big-{i}.png"), &png)]);
        assert_eq!(st, 201, "{v}");
        let id = v["assets"][0]["id"].as_str().unwrap();
        srcs += &format!("  <Image src=\"asset:{id}\" alt=\"Big {i}\" size={{48}} />\n");
    }
    let doc = json!({"name": "Big", "kind": "jsx", "source": format!("<Card>\n{srcs}</Card>"), "default_state": {}});
    let (st, rec) = call(&s, "POST", "/api/designs", Some(&json!({"document": doc})));
    assert_eq!(st, 201, "{rec}");
    let id = rec["id"].as_str().unwrap();

    let export = format!(
        "/api/designs/{id}/export?format=widget&zip=true&asset_base=https://cdn.example.com/w/"
    );
    // The export first: it holds less, so memory the backup left with the allocator would
    // hide more of it.
    for path in [export.as_str(), "/api/backup"] {
        let pid = s.child.id();
        // Resets the peak (Linux 4.0 on); where /proc does not allow it, nothing to measure.
        if let Err(e) = std::fs::write(format!("/proc/{pid}/clear_refs"), "5") {
            eprintln!("skipped: cannot reset the server's peak memory here ({e})");
            return;
        }
        let (before, _) = memory(pid);
        let (head, body_len, tail) = stream(s.addr, path);
        let (_, peak) = memory(pid);
        assert!(head.starts_with("HTTP/1.1 200"), "{path}: {head}");
        assert_eq!(header(&head, "content-type"), Some("application/zip"));
        assert_eq!(
            header(&head, "content-length"),
            Some(body_len.to_string().as_str()),
            "{path}: {head}"
        );
        assert!(
            body_len > total,
            "{path}: the zip ({body_len} B) holds the assets ({total} B)"
        );
        assert!(
            tail.windows(4).any(|w| w == b"PK\x05\x06"),
            "{path}: the zip ends with its end-of-directory record"
        );
        let grew = peak.saturating_sub(before);
        eprintln!("{path}: {total} B of assets; the server's peak memory grew by {grew} B");
        assert!(
            grew < total as u64 * 3 / 4,
            "{path}: the server's memory grew by {} MB for {} MB of assets",
            grew >> 20,
            total >> 20
        );
    }
}

/// GETs `path`, reading the answer as it comes: its head, its body's length and last bytes.
fn stream(addr: std::net::SocketAddr, path: &str) -> (String, usize, Vec<u8>) {
    use std::io::{Read, Write};
    let mut conn = std::net::TcpStream::connect(addr).unwrap();
    write!(
        conn,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut head = Vec::new();
    let mut body_len = 0usize;
    let mut tail = Vec::new();
    let mut buf = vec![0; 64 << 10];
    loop {
        let n = conn.read(&mut buf).unwrap();
        if n == 0 {
            break;
        }
        let mut chunk = &buf[..n];
        if !head.ends_with(b"\r\n\r\n") {
            let end = chunk.windows(4).position(|w| w == b"\r\n\r\n");
            let take = end.map_or(chunk.len(), |p| p + 4);
            head.extend_from_slice(&chunk[..take]);
            chunk = &chunk[take..];
        }
        body_len += chunk.len();
        tail.extend_from_slice(chunk);
        let keep = tail.len().saturating_sub(64);
        tail.drain(..keep);
    }
    (String::from_utf8_lossy(&head).into_owned(), body_len, tail)
}

/// Who uses each asset, from `GET /api/assets`: asset id → [(design name, in the trash)].
fn users_of(s: &Server) -> std::collections::BTreeMap<String, Vec<(String, bool)>> {
    let (st, list) = call(s, "GET", "/api/assets", None);
    assert_eq!(st, 200, "{list}");
    list["assets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            let users = a["used_by"]
                .as_array()
                .unwrap()
                .iter()
                .map(|u| {
                    (
                        u["name"].as_str().unwrap().to_string(),
                        u["deleted"].as_bool().unwrap(),
                    )
                })
                .collect();
            (a["id"].as_str().unwrap().to_string(), users)
        })
        .collect()
}

both!(designs_using_an_asset_are_listed_by_name, listed_by_name_on);
/// The designs that use an asset are listed by name whatever its case, the same on either
/// database (SQLite sorted capitals first, PostgreSQL by its collation).
fn listed_by_name_on(db: &TestDb) {
    let s = Server::start(&db.url);
    let logo = fixture("logo.png");
    let (st, out) = upload(&s, &[("logo.png", &logo)]);
    assert_eq!(st, 201, "{out}");
    let id = sha256(&logo);
    for name in ["zeta", "Beta", "alpha", "Ärger"] {
        design_with(&s, name, &format!("asset:{id}"));
    }
    // As the designs list sorts: case ignored, then code points (so `Ä` after `z`).
    let expected = json!(["alpha", "Beta", "zeta", "Ärger"]);
    let names = |uses: &Value| -> Value {
        uses.as_array()
            .unwrap()
            .iter()
            .map(|u| u["name"].clone())
            .collect()
    };
    let (_, list) = call(&s, "GET", "/api/assets", None);
    assert_eq!(names(&list["assets"][0]["used_by"]), expected, "{list}");
    let (st, v) = call(&s, "DELETE", &format!("/api/assets/{id}"), None);
    assert_eq!(st, 409, "{v}");
    assert_eq!(names(&v["error"]["details"]["used_by"]), expected, "{v}");
}

both!(asset_uses_follow_saves_and_are_indexed_once, asset_uses_on);
fn asset_uses_on(db: &TestDb) {
    let s = Server::start(&db.url);
    let (logo, dot) = (fixture("logo.png"), fixture("dot.gif"));
    let (st, out) = upload(&s, &[("logo.png", &logo), ("dot.gif", &dot)]);
    assert_eq!(st, 201, "{out}");
    let (logo, dot) = (sha256(&logo), sha256(&dot));
    design_with(&s, "A card", &format!("asset:{logo}"));
    let b = design_with(&s, "B card", &format!("asset:{dot}"));
    // Both, one of them only in a state (the whole document counts, as before the index).
    let doc = json!({
        "name": "C card", "kind": "jsx",
        "source": format!("<Card>\n  <Image src=\"asset:{logo}\" alt=\"Logo\" size={{48}} />\n  <Image src={{pic}} alt=\"Pic\" size={{48}} />\n</Card>"),
        "default_state": {"pic": format!("asset:{dot}")}
    });
    let (st, rec) = call(&s, "POST", "/api/designs", Some(&json!({"document": doc})));
    assert_eq!(st, 201, "{rec}");
    let c = rec["id"].as_str().unwrap().to_string();
    design_with(&s, "No asset", "https://example.com/x.png");
    // B now uses the logo instead of the dot; C goes to the trash.
    let (_, rec) = call(&s, "GET", &format!("/api/designs/{b}"), None);
    let mut doc = rec["document"].clone();
    doc["source"] = json!(format!(
        "<Card>\n  <Image src=\"asset:{logo}\" alt=\"Logo\" size={{48}} />\n</Card>"
    ));
    let (st, v) = call(
        &s,
        "PUT",
        &format!("/api/designs/{b}"),
        Some(&json!({"document": doc, "base_revision": rec["revision"]})),
    );
    assert_eq!(st, 200, "{v}");
    let (st, _) = call(&s, "DELETE", &format!("/api/designs/{c}"), None);
    assert_eq!(st, 204);
    let (a_, b_, c_) = (
        ("A card".to_string(), false),
        ("B card".to_string(), false),
        ("C card".to_string(), true),
    );
    let want = std::collections::BTreeMap::from([
        (logo.clone(), vec![a_.clone(), b_.clone(), c_.clone()]),
        (dot.clone(), vec![c_.clone()]),
    ]);
    assert_eq!(users_of(&s), want);
    // The dot is used by the trashed C only: still in use.
    let (st, v) = call(&s, "DELETE", &format!("/api/assets/{dot}"), None);
    assert_eq!(st, 409, "{v}");
    assert_eq!(v["error"]["details"]["used_by"][0]["name"], "C card");
    drop(s);

    // A database written before the index existed: no rows, the migration's mark, and more
    // designs than the indexing reads at a time (copies of A, written as an older server
    // would, without rows).
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let db = server::db::connect(&db.url).await.unwrap();
        sqlx::query("DELETE FROM asset_uses")
            .execute(&db.pool)
            .await
            .unwrap();
        sqlx::query("INSERT INTO asset_uses_pending (pending) VALUES (1)")
            .execute(&db.pool)
            .await
            .unwrap();
        let a: String = sqlx::query_scalar("SELECT id FROM designs WHERE name = 'A card'")
            .fetch_one(&db.pool)
            .await
            .unwrap();
        for n in 0..405 {
            sqlx::query(
                "INSERT INTO designs (id, name, description, tags, kind, head, document, created_at, updated_at)
                 SELECT $1, $2, description, tags, kind, head, document, created_at, updated_at FROM designs WHERE id = $3",
            )
            .bind(format!("copy{n:04}"))
            .bind(format!("Copy {n:04}"))
            .bind(&a)
            .execute(&db.pool)
            .await
            .unwrap();
        }
        db.pool.close().await;
    });
    let s = Server::start(&db.url);
    let mut want = want;
    let copies = (0..405).map(|n| (format!("Copy {n:04}"), false));
    want.get_mut(&logo).unwrap().extend(copies);
    want.get_mut(&logo).unwrap().sort();
    assert_eq!(users_of(&s), want);
    drop(s);
    // Indexed once: the mark is gone, so another start reads nothing again.
    rt.block_on(async {
        let db = server::db::connect(&db.url).await.unwrap();
        let pending: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM asset_uses_pending")
            .fetch_one(&db.pool)
            .await
            .unwrap();
        assert_eq!(pending, 0);
        assert_eq!(
            server::asset_uses::index_pending(&db.pool).await.unwrap(),
            0
        );
    });
}

/// The value of the first `name:` line of a response's head (empty when it has none).
fn header_in(head: &str, name: &str) -> String {
    head.lines()
        .find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case(name).then(|| v.trim().to_string())
        })
        .unwrap_or_default()
}
