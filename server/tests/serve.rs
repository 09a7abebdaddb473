//! The real server binary against a real SQLite database.

mod common;
use common::{Server, TempDir, bin};

#[test]
fn healthz_pages_and_graceful_shutdown() {
    let dir = TempDir::new("serve");
    // A nested directory that does not exist yet: the server creates it and the database.
    let db = dir.path().join("nested/data/studio.db");
    let server = Server::start(&format!("sqlite://{}", db.display()));
    assert!(db.exists(), "database file created");

    let (status, _, body) = server.get("/healthz");
    assert_eq!(status, 200);
    let health: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(health["status"], "ok");
    assert_eq!(health["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(health["database"]["status"], "ok");

    let (status, _, body) = server.get("/");
    assert_eq!(status, 200);
    assert!(body.contains("<title>Widget Studio</title>"), "{body}");
    // An open studio has nobody to sign out.
    assert!(!body.contains("data-testid=\"signed-in\""), "{body}");
    assert!(!body.contains("class=\"dark\""));

    // The theme cookie is honoured by the server's first HTML (no flash).
    let (status, _, body) =
        common::request(server.addr, "GET", "/", &[("Cookie", "ws_theme=dark")], "");
    assert_eq!(status, 200);
    let html_tag = &body[..body.find('>').unwrap_or(0)
        + body[body.find('>').unwrap_or(0) + 1..]
            .find('>')
            .unwrap_or(0)
        + 2];
    assert!(html_tag.contains("class=\"dark\""), "{html_tag}");
    // The hydration script names the real bundle, whichever way the binary was built.
    assert!(
        body.contains("/pkg/widget-studio.js"),
        "{}",
        &body[..600.min(body.len())]
    );

    // The no-JS theme form flips the cookie and redirects back to a same-origin page only.
    let (status, head, _) = common::request(
        server.addr,
        "POST",
        "/theme",
        &[("Referer", "https://evil.example/phish")],
        "",
    );
    assert_eq!(status, 303);
    assert!(
        head.to_ascii_lowercase().contains("location: /\r\n"),
        "{head}"
    );
    assert!(head.contains("ws_theme=dark"), "{head}");

    let (status, head, body) = server.get("/schema/widget.json");
    assert_eq!(status, 200);
    assert!(
        head.to_ascii_lowercase()
            .contains("content-type: application/schema+json"),
        "{head}"
    );
    let schema: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(schema["$id"], widget::schema::SCHEMA_ID);
    assert!(schema["$defs"]["Card"].is_object());

    let (status, _, body) = server.get("/definitely/not/here");
    assert_eq!(status, 404);
    assert!(body.contains("Page not found"));

    // A page's address with a slash at its end goes to the address without it (the page was
    // drawn without the store: 503, "no design store is configured"), its query kept; never
    // to another site.
    for (from, to) in [
        ("/designs/", "/designs"),
        (
            "/designs/abc/edit/?theme=dark",
            "/designs/abc/edit?theme=dark",
        ),
        ("/s/some-token/", "/s/some-token"),
        ("//evil.example/", "/evil.example"),
    ] {
        let (status, head, _) = server.get(from);
        assert_eq!(status, 308, "{from}: {head}");
        assert!(
            head.to_ascii_lowercase()
                .contains(&format!("location: {to}\r\n")),
            "{from}: {head}"
        );
    }
    let (status, _, body) = server.get("/designs");
    assert_eq!(status, 200);
    assert!(!body.contains("no design store"), "{body}");

    let log = server.stderr.clone();
    let status = server.terminate();
    assert!(status.success(), "exit status {status:?}");
    assert!(log.lock().unwrap().contains("shut down cleanly"));
}

/// `/preview` without JavaScript: its form posts, so a source far longer than an address may
/// be (hyper refuses 64 KB with 414) is drawn; the page's fields (theme, width, state) ride
/// along; a form that is not a form is a located 400, not a crash.
/// `bytes` as text without its per-answer nonce (leptos writes it in `nonce="…"` and in the
/// scripts' `crossorigin="…"`).
fn without_nonces(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes).into_owned();
    let Some(at) = text.find("nonce=\"") else {
        return text;
    };
    let value = &text[at + 7..];
    let value = &value[..value.find('"').unwrap_or(value.len())];
    if value.is_empty() {
        return text;
    }
    text.replace(value, "")
}

/// Pages and JSON go out gzipped to a client that accepts it, and decode to what an identity
/// client gets; small answers and zip files are sent as they are.
#[test]
fn pages_and_json_are_gzipped_for_clients_that_accept_it() {
    use std::io::Read;

    let dir = TempDir::new("gzip");
    let server = Server::start(&format!(
        "sqlite://{}",
        dir.path().join("db.sqlite").display()
    ));
    let gunzip = |bytes: &[u8]| {
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(bytes)
            .read_to_end(&mut out)
            .unwrap();
        out
    };
    for path in ["/components", "/schema/widget.json", "/api/openapi.json"] {
        let (status, head, plain) = common::request_bytes(server.addr, "GET", path, &[], b"");
        assert_eq!(status, 200, "{path}");
        let head = head.to_ascii_lowercase();
        assert!(!head.contains("content-encoding"), "{path}: {head}");
        let (status, head, gz) = common::request_bytes(
            server.addr,
            "GET",
            path,
            &[("Accept-Encoding", "gzip")],
            b"",
        );
        assert_eq!(status, 200, "{path}");
        let head = head.to_ascii_lowercase();
        assert!(head.contains("content-encoding: gzip"), "{path}: {head}");
        assert!(head.contains("vary: accept-encoding"), "{path}: {head}");
        assert!(
            gz.len() * 3 < plain.len(),
            "{path}: {} of {}",
            gz.len(),
            plain.len()
        );
        // The same page, bar its per-answer script nonce.
        assert!(
            without_nonces(&gunzip(&gz)) == without_nonces(&plain),
            "{path}: decoded, not what an identity client gets"
        );
    }
    // Under 1 KiB: not worth it.
    let (_, head, _) = common::request_bytes(
        server.addr,
        "GET",
        "/healthz",
        &[("Accept-Encoding", "gzip")],
        b"",
    );
    assert!(
        !head.to_ascii_lowercase().contains("content-encoding"),
        "{head}"
    );
    // A zip is compressed already. (A few designs, so that the backup is over 1 KiB and only
    // its type keeps it from being compressed.)
    for i in 0..4 {
        let doc = serde_json::json!({"document": {"name": format!("Design {i}"), "kind": "jsx",
            "source": format!("<Card>\n  <Text value=\"Design number {i}, with a line of text\" />\n</Card>")}});
        let (status, _) = common::call(&server, "POST", "/api/designs", Some(&doc));
        assert_eq!(status, 201);
    }
    let (status, head, zip) = common::request_bytes(
        server.addr,
        "GET",
        "/api/backup",
        &[("Accept-Encoding", "gzip")],
        b"",
    );
    assert_eq!(status, 200);
    let head = head.to_ascii_lowercase();
    assert!(head.contains("content-type: application/zip"), "{head}");
    assert!(!head.contains("content-encoding"), "{head}");
    assert!(zip.starts_with(b"PK"));
    assert!(zip.len() >= 1024, "{} bytes", zip.len());
}

#[test]
fn the_preview_form_posts_a_large_source() {
    let dir = TempDir::new("serve-preview");
    let server = Server::start(&format!("sqlite://{}", dir.path().join("s.db").display()));
    let file = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../public/gallery/metrics_table.widget"),
    )
    .unwrap();
    let mut body = String::from("theme=dark&width=612&source=");
    for b in file.bytes() {
        if b.is_ascii_alphanumeric() {
            body.push(b as char);
        } else {
            body.push_str(&format!("%{b:02X}"));
        }
    }
    assert!(body.len() > 65_536, "longer than an address may be");
    let (status, _, _) = server.get(&format!("/preview?{body}"));
    assert_eq!(status, 414, "the reason the form posts");
    let form = [("Content-Type", "application/x-www-form-urlencoded")];
    let (status, _, html) = common::request(server.addr, "POST", "/preview", &form, &body);
    assert_eq!(status, 200, "{}", &html[..html.len().min(400)]);
    assert!(html.contains("Growth KPIs"), "the design is drawn");
    assert!(html.contains("data-theme=\"dark\""), "the theme came along");
    assert!(html.contains("width:612px"), "the width came along");
    assert!(!html.contains("The source could not be read"));
    // The page's links do not carry a source this long; its forms do.
    assert!(html.contains("name=\"source\""));
    // Not a form: a clear 400.
    let (status, _, out) = common::request(server.addr, "POST", "/preview", &form, "source=%ZZ%");
    assert!(status == 400 || status == 200, "{status} {out}");
    // Other pages do not take posts.
    let (status, _, _) = common::request(server.addr, "POST", "/gallery", &form, "a=b");
    assert_eq!(status, 405);
}

/// Sends `GET path` naming `host` in the Host header; the status and the body.
fn get_as_host(addr: std::net::SocketAddr, host: &str, path: &str) -> (u16, String) {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = String::new();
    s.read_to_string(&mut raw).unwrap();
    let status = raw[9..12].parse().unwrap();
    (status, raw)
}

#[test]
fn an_open_studio_answers_only_to_loopback_names() {
    let dir = TempDir::new("serve-hosts");
    let server = Server::start(&format!("sqlite://{}", dir.path().join("s.db").display()));
    let port = server.addr.port();
    // A site whose name resolves to 127.0.0.1 (DNS rebinding) reads and writes nothing.
    for host in [
        "evil.example",
        &format!("evil.example:{port}"),
        "127.0.0.1.nip.io",
    ] {
        for path in ["/api/designs", "/designs", "/"] {
            let (status, raw) = get_as_host(server.addr, host, path);
            assert_eq!(status, 403, "{host} {path}: {raw}");
            assert!(raw.contains("answers only to this machine"), "{raw}");
        }
    }
    for host in [
        format!("localhost:{port}"),
        format!("127.0.0.1:{port}"),
        "localhost".into(),
    ] {
        let (status, raw) = get_as_host(server.addr, &host, "/api/designs");
        assert_eq!(status, 200, "{host}: {raw}");
    }
}

#[test]
fn restart_keeps_the_database() {
    let dir = TempDir::new("restart");
    let url = format!("sqlite://{}", dir.path().join("studio.db").display());
    let first = Server::start(&url);
    assert!(first.terminate().success());
    let second = Server::start(&url);
    assert_eq!(second.get("/healthz").0, 200);
}

#[test]
fn bad_configuration_is_a_clear_error() {
    let out = std::process::Command::new(bin())
        .args([
            "serve",
            "--addr",
            "127.0.0.1:0",
            "--database-url",
            "mysql://nope",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("unsupported database URL \"mysql://nope\": expected sqlite://PATH"),
        "{err}"
    );

    let out = std::process::Command::new(bin())
        .args(["serve", "--addr", "not-an-address"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("invalid value 'not-an-address'"));

    // A database path that cannot be created.
    let out = std::process::Command::new(bin())
        .args([
            "serve",
            "--addr",
            "127.0.0.1:0",
            "--database-url",
            "sqlite:///proc/forbidden/x.db",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot create the database directory"));
}

#[test]
fn address_in_use_is_a_clear_error() {
    let dir = TempDir::new("inuse");
    let url = format!("sqlite://{}", dir.path().join("a.db").display());
    let server = Server::start(&url);
    let out = std::process::Command::new(bin())
        .args([
            "serve",
            "--addr",
            &server.addr.to_string(),
            "--database-url",
            &url,
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("cannot listen on {}", server.addr)),
        "{err}"
    );
}
