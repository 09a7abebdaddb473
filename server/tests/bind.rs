//! The bind check: a studio without authentication serves loopback only, unless `--open`
//! accepts the risk.

mod common;
use std::path::Path;
use std::time::{Duration, Instant};

use common::{Server, TempDir, bin, serve_command};

/// Runs `serve` to its exit (it must exit within 30 s): (exit code, stderr).
fn run_to_exit(addr: &str, db: &str, args: &[&str], env: &[(&str, &str)]) -> (Option<i32>, String) {
    let mut child = serve_command(Path::new(bin()), addr, db, args, env)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn widget-studio");
    let deadline = Instant::now() + Duration::from_secs(30);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("widget-studio serve --addr {addr} did not exit: it should refuse to start");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let mut err = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut err).unwrap();
    (status.code(), err)
}

#[test]
fn an_open_public_bind_is_refused_and_explained() {
    let dir = TempDir::new("bind-refused");
    let db = format!("sqlite://{}/db.sqlite", dir.path().display());
    for addr in ["0.0.0.0:0", "[::]:0"] {
        let (code, err) = run_to_exit(addr, &db, &["--rate-limit", "0"], &[]);
        assert_eq!(code, Some(2), "{addr}: {err}");
        assert!(err.contains("refusing to serve"), "{addr}: {err}");
        assert!(err.contains("without authentication"), "{err}");
        // It says how to go on: a token, a loopback address, or --open.
        for how in [
            "--token",
            "WIDGET_STUDIO_TOKEN",
            "--addr 127.0.0.1",
            "--open",
        ] {
            assert!(err.contains(how), "the message names {how}: {err}");
        }
        assert!(!err.contains("listening on"), "{err}");
    }
}

#[test]
fn open_serves_the_network_and_warns_at_every_start() {
    let dir = TempDir::new("bind-open");
    let db = format!("sqlite://{}/db.sqlite", dir.path().display());
    for _ in 0..2 {
        let server = Server::start_at(Path::new(bin()), "0.0.0.0:0", &db, &["--open"], &[]);
        let (status, _, _) = common::request(
            format!("127.0.0.1:{}", server.addr.port()).parse().unwrap(),
            "GET",
            "/healthz",
            &[],
            "",
        );
        assert_eq!(status, 200);
        let log = server.stderr.lock().unwrap().clone();
        assert!(log.contains("WARN"), "{log}");
        assert!(
            log.contains("--open") && log.contains("without authentication"),
            "{log}"
        );
    }
    // The environment variable says the same.
    let server = Server::start_at(
        Path::new(bin()),
        "0.0.0.0:0",
        &db,
        &[],
        &[("WIDGET_STUDIO_OPEN", "true")],
    );
    assert!(
        server
            .stderr
            .lock()
            .unwrap()
            .contains("without authentication")
    );
}

#[test]
fn a_public_bind_with_a_token_or_a_loopback_bind_starts_without_warning() {
    let dir = TempDir::new("bind-ok");
    let db = format!("sqlite://{}/db.sqlite", dir.path().display());
    let with_token = Server::start_at(
        Path::new(bin()),
        "0.0.0.0:0",
        &db,
        &[],
        &[("WIDGET_STUDIO_TOKEN", "secret")],
    );
    let local = Server::start(&db);
    for server in [with_token, local] {
        let log = server.stderr.lock().unwrap().clone();
        assert!(!log.contains("without authentication"), "{log}");
    }
}

#[test]
fn a_studio_serving_the_network_never_turns_open() {
    let dir = TempDir::new("bind-users");
    let db = format!("sqlite://{}/db.sqlite", dir.path().display());
    let users = |args: &[&str]| {
        let out = std::process::Command::new(bin())
            .args(args)
            .args(["--database-url", &db])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    // An editor: the last admin could not be removed at all (`users::keep_an_admin`), and this
    // checks what happens when the last user goes.
    users(&["users", "add", "ada", "--role", "editor"]);
    // With a user, a public bind needs no --open.
    let server = Server::start_at(
        Path::new(bin()),
        "0.0.0.0:0",
        &db,
        &["--rate-limit", "0"],
        &[],
    );
    let local = format!("127.0.0.1:{}", server.addr.port()).parse().unwrap();
    assert_eq!(
        common::request(local, "GET", "/api/designs", &[], "").0,
        401
    );
    // Removing the last user does not open it (the user count is cached for a second).
    users(&["users", "remove", "ada"]);
    std::thread::sleep(Duration::from_millis(1200));
    assert_eq!(
        common::request(local, "GET", "/api/designs", &[], "").0,
        401
    );
    assert_eq!(common::request(local, "GET", "/healthz", &[], "").0, 200);
    // On loopback, a studio whose last user is gone is the open local studio again.
    let server = Server::start(&db);
    assert_eq!(server.get("/api/designs").0, 200);
}

/// Behind TLS, `--secure-cookies` marks the session and CSRF cookies `Secure` when signing in
/// and when signing out; without it they are plain (a browser on http:// must get them).
#[test]
fn secure_cookies_are_marked_secure() {
    let dir = TempDir::new("bind-secure");
    let db = format!("sqlite://{}/db.sqlite", dir.path().display());
    let form = ("Content-Type", "application/x-www-form-urlencoded");
    let cookies = |head: &str| -> Vec<String> {
        head.lines()
            .filter_map(|l| l.strip_prefix("set-cookie: "))
            .map(str::to_string)
            .collect()
    };
    for (flag, secure) in [
        (&["--rate-limit", "0", "--secure-cookies"][..], true),
        (&["--rate-limit", "0"][..], false),
    ] {
        let s = Server::start_with(&db, flag, &[("WIDGET_STUDIO_TOKEN", "t0ken")]);
        let (st, head, _) =
            common::request(s.addr, "POST", "/login", &[form], "token=t0ken&next=%2F");
        assert_eq!(st, 303, "{head}");
        let (_, out, _) = common::request(s.addr, "POST", "/logout", &[], "");
        for c in cookies(&head).iter().chain(cookies(&out).iter()) {
            assert!(
                c.starts_with("ws_session=") || c.starts_with("ws_csrf="),
                "{c}"
            );
            assert_eq!(c.ends_with("; Secure"), secure, "{c}");
        }
        assert_eq!(
            cookies(&head).len() + cookies(&out).len(),
            4,
            "{head}\n{out}"
        );
    }
}
