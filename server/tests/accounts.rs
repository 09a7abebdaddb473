//! People, roles, sessions, personal access tokens and authorship, through the real binary:
//! `widget-studio users …` and `tokens …` on the database, then the server on it. Runs on
//! SQLite and PostgreSQL.

#[macro_use]
mod common;

use std::io::Write;
use std::process::{Command, Stdio};

use common::{Server, TestDb, bin, call_h, request};
use serde_json::{Value, json};

/// Runs `widget-studio ARGS… --database-url URL` with `stdin`: (exit code, stdout, stderr).
fn cli(db: &TestDb, args: &[&str], stdin: &str) -> (i32, String, String) {
    let mut child = Command::new(bin())
        .args(args)
        .args(["--database-url", &db.url])
        .env_remove("DATABASE_URL")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn widget-studio");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const FORM: (&str, &str) = ("Content-Type", "application/x-www-form-urlencoded");

/// Signs in through `POST /login`: the `Cookie` header value and the CSRF token, or the
/// redirect's location when it fails.
fn sign_in(s: &Server, name: &str, password: &str) -> Result<(String, String), String> {
    let body = format!(
        "name={name}&password={}&next=%2Fdesigns",
        password.replace(' ', "+")
    );
    let (st, head, _) = request(s.addr, "POST", "/login", &[FORM], &body);
    assert_eq!(st, 303, "{head}");
    let location = head
        .lines()
        .find_map(|l| l.strip_prefix("location: "))
        .unwrap_or_default()
        .to_string();
    if location != "/designs" {
        return Err(location);
    }
    let cookie = |name: &str| {
        head.lines()
            .filter_map(|l| l.strip_prefix("set-cookie: "))
            .find(|c| c.starts_with(&format!("{name}=")))
            .and_then(|c| c.split(';').next())
            .unwrap()
            .to_string()
    };
    let (session, csrf) = (cookie("ws_session"), cookie("ws_csrf"));
    let token = csrf.strip_prefix("ws_csrf=").unwrap().to_string();
    Ok((format!("{session}; {csrf}"), token))
}

fn as_user(session: &(String, String)) -> [(&'static str, &str); 2] {
    [("Cookie", &session.0), ("X-CSRF-Token", &session.1)]
}

fn doc(name: &str) -> Value {
    json!({"document": {"name": name, "kind": "json", "source": "{\"type\": \"Card\", \"children\": []}"}})
}

fn people_roles_sessions_and_authors(db: &TestDb) {
    // Users are made on the command line: a generated password is printed once, or one is read
    // from standard input.
    let (code, out, err) = cli(db, &["users", "add", "ada", "--role", "admin"], "");
    assert_eq!(code, 0, "{err}");
    let ada_password = out
        .lines()
        .find_map(|l| l.strip_prefix("password: "))
        .unwrap_or_else(|| panic!("a password is printed: {out}"))
        .to_string();
    let ed_password = "editor password 1";
    let (code, out, err) = cli(
        db,
        &["users", "add", "ed", "--role", "editor", "--password-stdin"],
        &format!("{ed_password}\n"),
    );
    assert_eq!(code, 0, "{err}");
    assert!(!out.contains("password:"), "{out}");
    let vera_password = "viewer password 1";
    assert_eq!(
        cli(
            db,
            &[
                "users",
                "add",
                "vera",
                "--role",
                "viewer",
                "--password-stdin"
            ],
            vera_password
        )
        .0,
        0
    );
    // Bad input: clear errors and exit 1, never a panic.
    let (code, _, err) = cli(db, &["users", "add", "ed", "--role", "viewer"], "");
    assert_eq!(code, 1);
    assert!(err.contains("already a user \"ed\""), "{err}");
    let (code, _, err) = cli(db, &["users", "add", "Ed", "--role", "viewer"], "");
    assert_eq!(code, 1);
    assert!(err.contains("already a user \"ed\""), "{err}");
    let (code, _, err) = cli(db, &["users", "add", "token", "--role", "viewer"], "");
    assert_eq!(code, 1);
    assert!(err.contains("reserved"), "{err}");
    let (code, _, err) = cli(
        db,
        &[
            "users",
            "add",
            "sam",
            "--role",
            "viewer",
            "--password-stdin",
        ],
        "short\n",
    );
    assert_eq!(code, 1);
    assert!(err.contains("12 to 1,024"), "{err}");
    let (code, _, err) = cli(db, &["users", "add", "sam", "--role", "root"], "");
    assert_eq!(code, 2, "clap refuses an unknown role: {err}");
    let (code, _, err) = cli(db, &["users", "remove", "nobody"], "");
    assert_eq!(code, 1);
    assert!(err.contains("no user \"nobody\""), "{err}");
    // Listed by name whatever its case, on either database (SQLite sorted `Bea` first).
    assert_eq!(
        cli(db, &["users", "add", "Bea", "--role", "viewer"], "").0,
        0
    );
    let (_, out, _) = cli(db, &["users", "list"], "");
    let names: Vec<&str> = out.lines().map(|l| l.split('\t').next().unwrap()).collect();
    assert_eq!(names, ["ada", "Bea", "ed", "vera"], "{out}");
    assert!(out.contains("ed\teditor\t"), "{out}");
    assert_eq!(cli(db, &["users", "remove", "Bea"], "").0, 0);

    // With users, the studio needs sign-in even on loopback without a token, and may serve
    // the network without --open.
    let a = Server::start_at(
        std::path::Path::new(bin()),
        "0.0.0.0:0",
        &db.url,
        &["--rate-limit", "0"],
        &[],
    );
    let b = Server::start(&db.url);
    assert!(!a.stderr.lock().unwrap().contains("without authentication"));
    let ((st, err), _) = call_h(&a, "GET", "/api/designs", None, &[]);
    assert_eq!(
        (st, err["error"]["code"].as_str()),
        (401, Some("unauthorized"))
    );
    let (st, _, html) = a.get("/login");
    assert_eq!(st, 200);
    assert!(html.contains("name=\"name\"") && html.contains("name=\"password\""));
    assert!(!html.contains("name=\"token\""), "no token is configured");

    // Wrong passwords: refused and logged; past five, even the right one must wait.
    // The name tried goes back into its box (the password never does).
    assert_eq!(
        sign_in(&a, "ed", "wrong password!!").unwrap_err(),
        "/login?error=user&name=ed&next=%2Fdesigns"
    );
    assert_eq!(
        sign_in(&a, "nobody", "wrong password!!").unwrap_err(),
        "/login?error=user&name=nobody&next=%2Fdesigns"
    );
    let (_, _, html) = a.get("/login?error=user&name=ed");
    assert!(html.contains("value=\"ed\""), "{html}");
    let log = a.stderr.lock().unwrap().clone();
    assert!(
        log.lines().any(|l| l.contains("sign-in failed")
            && l.contains("\"ed\"")
            && l.contains("127.0.0.1")),
        "{log}"
    );
    for _ in 0..5 {
        let _ = sign_in(&a, "vera", "wrong password!!");
    }
    // How long is said: the back-off's seconds, in the address and on the page.
    let waited = sign_in(&a, "vera", vera_password).unwrap_err();
    let secs: u64 = waited
        .strip_prefix("/login?error=wait&wait=")
        .and_then(|r| r.strip_suffix("&next=%2Fdesigns"))
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{waited}"));
    assert!((1..=900).contains(&secs), "{waited}");
    let (_, _, html) = a.get(&waited);
    assert!(
        html.contains("Too many failed sign-ins: try again in "),
        "{html}"
    );
    // Another instance keeps its own count.
    let vera = sign_in(&b, "vera", vera_password).unwrap();

    let ed = sign_in(&a, "ed", ed_password).unwrap();
    let ada = sign_in(&a, "ada", &ada_password).unwrap();
    // Pages say who is signed in, with a sign-out form.
    let (st, _, html) = request(a.addr, "GET", "/designs", &[("Cookie", &ed.0)], "");
    assert_eq!(st, 200);
    assert!(
        html.contains("data-testid=\"signed-in\"")
            && html.contains("<span>ed<span data-testid=\"signed-in-role\"")
            && html.contains(" (editor)</span>")
            && html.contains("action=\"/logout\""),
        "{html}"
    );
    // An editor saves; the revision names them.
    let ((st, rec), _) = call_h(
        &a,
        "POST",
        "/api/designs",
        Some(&doc("Team card")),
        &as_user(&ed),
    );
    assert_eq!(st, 201, "{rec}");
    assert_eq!(rec["updated_by"], "ed");
    let id = rec["id"].as_str().unwrap().to_string();
    // The other instance accepts the session. (A change: restoring revision 1 below then
    // makes a revision; one that holds what the head holds makes none.)
    let mut changed = rec["document"].clone();
    changed["name"] = json!("Team card, second");
    let ((st, saved), _) = call_h(
        &b,
        "PUT",
        &format!("/api/designs/{id}"),
        Some(&json!({"document": changed, "base_revision": 1})),
        &as_user(&ed),
    );
    assert_eq!(st, 200, "{saved}");
    // A viewer reads, but a save forced through the API gets 403; so do backups.
    let ((st, _), _) = call_h(
        &b,
        "GET",
        &format!("/api/designs/{id}"),
        None,
        &as_user(&vera),
    );
    assert_eq!(st, 200);
    let ((st, err), _) = call_h(
        &b,
        "PUT",
        &format!("/api/designs/{id}"),
        Some(&json!({"document": rec["document"], "base_revision": 2})),
        &as_user(&vera),
    );
    assert_eq!(
        (st, err["error"]["code"].as_str()),
        (403, Some("forbidden")),
        "{err}"
    );
    assert!(
        err["error"]["message"]
            .as_str()
            .unwrap()
            .contains("vera has the viewer role")
    );
    // It names the address asked for, not the route's pattern (it said `{id}`).
    assert!(
        err["error"]["message"]
            .as_str()
            .unwrap()
            .starts_with(&format!("PUT /api/designs/{id} needs the editor role")),
        "{err}"
    );
    let ((st, _), _) = call_h(&a, "GET", "/api/backup", None, &as_user(&ed));
    assert_eq!(st, 403);
    // An admin restores revision 1: the restore names the admin.
    let ((st, restored), _) = call_h(
        &a,
        "POST",
        &format!("/api/designs/{id}/revisions/1/restore"),
        None,
        &as_user(&ada),
    );
    assert_eq!(st, 200, "{restored}");
    assert_eq!(restored["updated_by"], "ada");
    let ((_, revs), _) = call_h(
        &a,
        "GET",
        &format!("/api/designs/{id}/revisions"),
        None,
        &as_user(&vera),
    );
    let authors: Vec<&str> = revs["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["author"].as_str().unwrap())
        .collect();
    assert_eq!(authors, ["ada", "ed", "ed"], "{revs}");
    let ((_, list), _) = call_h(&a, "GET", "/api/designs", None, &as_user(&vera));
    assert_eq!(list["items"][0]["updated_by"], "ada");
    let ((_, session), _) = call_h(&a, "GET", "/api/session", None, &as_user(&ed));
    assert_eq!(
        session,
        json!({"auth_required": true, "authenticated": true, "user": "ed", "role": "editor"})
    );

    // Ed saves once more: the head is ed's.
    let ((st, _), _) = call_h(
        &a,
        "PUT",
        &format!("/api/designs/{id}"),
        Some(&json!({"document": rec["document"], "base_revision": 3})),
        &as_user(&ed),
    );
    assert_eq!(st, 200);

    // Backups carry the authors, and importing one keeps them.
    let (st, _, zip) = common::request_bytes(a.addr, "GET", "/api/backup", &as_user(&ada), b"");
    assert_eq!(st, 200);
    let (st, _, out) = common::request_bytes(
        a.addr,
        "POST",
        "/api/backup",
        &[
            ("Cookie", &ada.0),
            ("X-CSRF-Token", &ada.1),
            ("Content-Type", "application/zip"),
        ],
        &zip,
    );
    assert_eq!(st, 200, "{}", String::from_utf8_lossy(&out));
    let imported: Value = serde_json::from_slice(&out).unwrap();
    let new_id = imported["imported"][0]["id"].as_str().unwrap();
    let ((_, revs), _) = call_h(
        &a,
        "GET",
        &format!("/api/designs/{new_id}/revisions"),
        None,
        &as_user(&ada),
    );
    assert_eq!(revs["items"][0]["author"], "ed", "{revs}");
    assert!(
        revs["items"][0]["message"]
            .as_str()
            .unwrap()
            .ends_with("by ada"),
        "{revs}"
    );
    // Importing backups is an admin's.
    let (st, _, out) = common::request_bytes(
        a.addr,
        "POST",
        "/api/backup",
        &[("Cookie", &ed.0), ("X-CSRF-Token", &ed.1)],
        &zip,
    );
    assert_eq!(
        st,
        403,
        "importing a backup is an admin's: {}",
        String::from_utf8_lossy(&out)
    );

    // Personal access tokens: made on the command line (or by an admin through the API), shown
    // once, capped at the owner's role, revocable.
    let (code, _, err) = cli(
        db,
        &["tokens", "add", "ed", "--name", "ci", "--role", "admin"],
        "",
    );
    assert_eq!(code, 1);
    assert!(err.contains("ed has the editor role"), "{err}");
    let (code, out, err) = cli(
        db,
        &[
            "tokens",
            "add",
            "ed",
            "--name",
            "ci",
            "--role",
            "editor",
            "--expires-in-days",
            "7",
        ],
        "",
    );
    assert_eq!(code, 0, "{err}");
    let pat = out
        .lines()
        .find(|l| l.starts_with("wsp_"))
        .unwrap()
        .to_string();
    let bearer = format!("Bearer {pat}");
    let ((st, rec), _) = call_h(
        &b,
        "POST",
        "/api/designs",
        Some(&doc("From CI")),
        &[("Authorization", &bearer)],
    );
    assert_eq!(st, 201, "{rec}");
    assert_eq!(rec["updated_by"], "ed");
    let ((st, made), _) = call_h(
        &a,
        "POST",
        "/api/tokens",
        Some(&json!({"name": "reader", "role": "viewer", "expires_in_days": 1})),
        &as_user(&ada),
    );
    assert_eq!(st, 201, "{made}");
    assert_eq!(
        (made["user"].as_str(), made["role"].as_str()),
        (Some("ada"), Some("viewer"))
    );
    let reader = format!("Bearer {}", made["token"].as_str().unwrap());
    let ((st, _), _) = call_h(
        &a,
        "GET",
        "/api/designs",
        None,
        &[("Authorization", &reader)],
    );
    assert_eq!(st, 200);
    // The scheme is read in any case (RFC 7235).
    let lower = reader.replacen("Bearer", "bearer", 1);
    let ((st, _), _) = call_h(
        &a,
        "GET",
        "/api/designs",
        None,
        &[("Authorization", &lower)],
    );
    assert_eq!(st, 200);
    // A token's name is one line: a line break would forge a line in `tokens list`.
    let ((st, e), _) = call_h(
        &a,
        "POST",
        "/api/tokens",
        Some(&json!({"name": "ci\nforged line", "role": "viewer", "expires_in_days": 1})),
        &as_user(&ada),
    );
    assert_eq!(st, 422, "{e}");
    assert!(e.to_string().contains("name: holds U+000A"), "{e}");
    let ((st, _), _) = call_h(
        &a,
        "POST",
        "/api/designs",
        Some(&doc("No")),
        &[("Authorization", &reader)],
    );
    assert_eq!(st, 403);
    let ((_, listed), _) = call_h(&a, "GET", "/api/tokens", None, &as_user(&ada));
    assert_eq!(listed["items"].as_array().unwrap().len(), 2, "{listed}");
    assert!(
        !listed.to_string().contains("wsp_"),
        "tokens are never listed: {listed}"
    );
    let (code, out, _) = cli(db, &["tokens", "list", "--user", "ed"], "");
    assert_eq!(code, 0);
    let pat_id = out.split('\t').next().unwrap().to_string();
    assert_eq!(cli(db, &["tokens", "revoke", &pat_id], "").0, 0);
    let ((st, _), _) = call_h(
        &a,
        "GET",
        "/api/designs",
        None,
        &[("Authorization", &bearer)],
    );
    assert_eq!(st, 401, "a revoked token is refused");

    // Signing out ends the user's sessions on every instance; so does a new password, and
    // removing the user.
    let ed2 = sign_in(&b, "ed", ed_password).unwrap();
    let (st, _, _) = request(a.addr, "POST", "/logout", &[("Cookie", &ed.0)], "");
    assert_eq!(st, 303);
    for (s, session) in [(&a, &ed), (&b, &ed2)] {
        let ((st, _), _) = call_h(s, "GET", "/api/designs", None, &as_user(session));
        assert_eq!(st, 401, "signed out everywhere");
    }
    let (st, head, _) = request(b.addr, "GET", "/designs", &[("Cookie", &ed2.0)], "");
    assert_eq!(st, 303);
    assert!(head.contains("location: /login?next=%2Fdesigns"), "{head}");
    // A page's server function (the editor's save) gets its own error, which the page reads
    // and says (the API's form was "unknown variant `error`" to it): signed out, what to do.
    let (st, _, body) = request(
        b.addr,
        "POST",
        "/api/ui/save",
        &[
            ("Cookie", &ed2.0),
            ("X-CSRF-Token", &ed2.1),
            ("Content-Type", "application/json"),
        ],
        "{}",
    );
    assert_eq!(st, 401, "{body}");
    let e: app::api::AppError = serde_json::from_str(&body).expect("the page's error");
    assert!(
        matches!(&e, app::api::AppError::Unauthorized { message } if message.contains("sign in again")),
        "{e:?}"
    );
    // An ended session's cookie, sent to /logout again, does not end the new session.
    let ed3 = sign_in(&a, "ed", ed_password).unwrap();
    let (st, _, _) = request(b.addr, "POST", "/logout", &[("Cookie", &ed.0)], "");
    assert_eq!(st, 303);
    let ((st, _), _) = call_h(&b, "GET", "/api/designs", None, &as_user(&ed3));
    assert_eq!(st, 200, "a replayed sign-out ends nothing");
    let vera2 = sign_in(&b, "vera", vera_password).unwrap();
    let (code, out, _) = cli(db, &["users", "passwd", "vera"], "");
    assert_eq!(code, 0);
    assert!(out.contains("password: "));
    assert_eq!(
        call_h(&a, "GET", "/api/designs", None, &as_user(&vera2))
            .0
            .0,
        401
    );
    assert!(
        sign_in(&a, "vera", vera_password).is_err(),
        "the old password is gone"
    );
    let ada2 = sign_in(&b, "ada", &ada_password).unwrap();
    let ed3 = sign_in(&b, "ed", ed_password).unwrap();
    assert_eq!(
        call_h(&b, "GET", "/api/designs", None, &as_user(&ed3)).0.0,
        200
    );
    let (st, _, _) = request(
        a.addr,
        "DELETE",
        "/api/users/ed",
        &[("Cookie", &ada.0), ("X-CSRF-Token", &ada.1)],
        "",
    );
    assert_eq!(st, 204);
    assert!(sign_in(&b, "ed", ed_password).is_err());
    assert_eq!(
        call_h(&b, "GET", "/api/designs", None, &as_user(&ed3)).0.0,
        401,
        "removing a user on one instance ends their sessions on the other"
    );
    assert_eq!(
        call_h(&b, "GET", "/api/designs", None, &as_user(&ada2)).0.0,
        200
    );
    // Revisions keep the removed user's name.
    let ((_, revs), _) = call_h(
        &b,
        "GET",
        &format!("/api/designs/{id}/revisions"),
        None,
        &as_user(&ada2),
    );
    assert_eq!(revs["items"][2]["author"], "ed");

    // Wrong bearer tokens back off their address: past 20, even a right one waits (429 with
    // Retry-After), while a signed-in session from elsewhere is unaffected.
    // (This address has failed before in this test, so fewer than 20 may be left.)
    let wrong = [("Authorization", "Bearer wst_not-a-token")];
    let mut refused = 0;
    let (st, head, body) = loop {
        let (st, head, body) = request(b.addr, "GET", "/api/designs", &wrong, "");
        if st != 401 {
            break (st, head, body);
        }
        refused += 1;
        assert!(refused <= 20, "20 wrong tokens and no back-off");
    };
    assert!(refused >= 1);
    assert_eq!(st, 429, "{body}");
    assert!(head.contains("retry-after: "), "{head}");
    assert!(body.contains("too many wrong tokens"), "{body}");
}

both!(
    people_roles_sessions_and_authors_on_both,
    people_roles_sessions_and_authors
);

/// The `/settings/users` page's forms, as a browser without JavaScript posts them: each change
/// answers with the page, a made password or token shown there once; the last admin stays;
/// a user makes tokens only for themselves; a cross-site post and a non-admin are refused.
fn settings_page(db: &TestDb) {
    // An open studio (nobody signs in yet): its first user must be an admin, on the page and
    // through the API, or nobody could manage users once sign-in turns on.
    {
        let open = Server::start(&db.url);
        let origin = format!("http://{}", open.addr);
        let ((st, body), _) = call_h(
            &open,
            "POST",
            "/api/users",
            Some(&json!({"name": "first", "role": "editor"})),
            &[],
        );
        assert_eq!(st, 422, "{body}");
        assert!(
            body["error"]["message"]
                .as_str()
                .unwrap()
                .contains("no admin yet"),
            "{body}"
        );
        let (st, head, html) = request(
            open.addr,
            "POST",
            "/settings/users",
            &[FORM, ("Origin", &origin)],
            "op=add-user&name=first&role=viewer&password=",
        );
        assert_eq!(st, 400, "{head}");
        assert!(html.contains("no admin yet"), "{html}");
        assert!(
            html.contains("data-testid=\"no-users\""),
            "nothing was added: {html}"
        );
        // The form starts at the admin role while there is none.
        assert!(html.contains("<option value=\"admin\" selected>"), "{html}");
    }
    let root_password = "root password 12";
    let (code, _, err) = cli(
        db,
        &[
            "users",
            "add",
            "root",
            "--role",
            "admin",
            "--password-stdin",
        ],
        root_password,
    );
    assert_eq!(code, 0, "{err}");
    let s = Server::start(&db.url);
    let root = sign_in(&s, "root", root_password).unwrap();
    let origin = format!("http://{}", s.addr);
    let post = |session: &(String, String), fields: &str| {
        request(
            s.addr,
            "POST",
            "/settings/users",
            &[FORM, ("Cookie", &session.0), ("Origin", &origin)],
            fields,
        )
    };
    // What `GET /api/designs` answers a caller: whether their session or token still works.
    let designs_status =
        |headers: &[(&str, &str)]| call_h(&s, "GET", "/api/designs", None, headers).0.0;
    let secret = |html: &str| {
        let at = html
            .find("data-testid=\"secret\"")
            .unwrap_or_else(|| panic!("no secret shown: {html}"));
        let rest = &html[at..];
        let rest = &rest[rest.find('>').unwrap() + 1..];
        rest[..rest.find('<').unwrap()].to_string()
    };

    // The page lists the users; the admin adds one, and the made password is shown once.
    let (st, _, html) = request(s.addr, "GET", "/settings/users", &[("Cookie", &root.0)], "");
    assert_eq!(st, 200);
    assert!(
        html.contains("data-name=\"root\"") && html.contains("(you)"),
        "{html}"
    );
    let (st, head, html) = post(&root, "op=add-user&name=vic&role=viewer&password=");
    assert_eq!(st, 200, "{html}");
    // The answer holds a secret: no cache keeps it.
    assert!(
        head.to_ascii_lowercase()
            .contains("cache-control: no-store"),
        "{head}"
    );
    assert!(html.contains("Added vic as viewer."), "{html}");
    let vic_password = secret(&html);
    assert!(vic_password.len() >= 12, "{vic_password}");
    let (st, _, html) = request(s.addr, "GET", "/settings/users", &[("Cookie", &root.0)], "");
    assert_eq!(st, 200);
    assert!(
        html.contains("data-name=\"vic\"") && !html.contains(&vic_password),
        "shown once"
    );
    let vic = sign_in(&s, "vic", &vic_password).unwrap();

    // A viewer reaches neither the page nor its forms.
    let (st, _, body) = request(s.addr, "GET", "/settings/users", &[("Cookie", &vic.0)], "");
    assert_eq!(st, 403, "{body}");
    // A page that says so, for a browser, with a way on (it was the API's JSON).
    assert!(body.starts_with("<!DOCTYPE html>"), "{body}");
    assert!(
        body.contains("needs the admin role or higher; vic has the viewer role"),
        "{body}"
    );
    assert!(body.contains("href=\"/designs\""), "{body}");
    let (st, _, body) = post(&vic, "op=add-user&name=eve&role=admin&password=");
    assert_eq!(st, 403, "{body}");
    // A post from another site is refused even with the admin's cookie.
    let (st, _, body) = request(
        s.addr,
        "POST",
        "/settings/users",
        &[FORM, ("Cookie", &root.0), ("Origin", "http://evil.example")],
        "op=add-user&name=eve&role=admin&password=",
    );
    assert_eq!(st, 403, "{body}");
    assert!(body.contains("csrf"), "{body}");

    // Bad forms change nothing and say which field and what is allowed.
    let (st, _, html) = post(&root, "op=add-user&name=eve&role=root");
    assert_eq!(st, 400, "a refused change answers with its error's status");
    assert!(
        !html.contains("data-name=\"eve\""),
        "nothing was added: {html}"
    );
    assert!(html.contains("Nothing was changed: role: &quot;root&quot; is not a role; choose viewer, editor or admin") || html.contains("Nothing was changed: role: \"root\" is not a role"), "{html}");
    let (_, _, html) = post(&root, "op=add-user&name=bad+name&role=viewer");
    assert!(html.contains("Nothing was changed: name"), "{html}");
    let (st, _, html) = post(&root, "op=add-user&name=vic&role=viewer");
    assert_eq!(st, 409, "a name taken is a conflict, not a bad form");
    assert!(
        html.contains("Nothing was changed: there is already a user"),
        "{html}"
    );
    // Whatever its case.
    let (st, _, html) = post(&root, "op=add-user&name=VIC&role=viewer");
    assert_eq!(st, 409);
    assert!(
        html.contains("there is already a user &quot;vic&quot;")
            || html.contains("there is already a user \"vic\""),
        "{html}"
    );
    assert!(!html.contains("data-name=\"VIC\""), "{html}");
    // A chosen password is taken as given, and never shown.
    let (_, _, html) = post(
        &root,
        "op=add-user&name=cal&role=viewer&password=cal+chose+this+one",
    );
    assert!(
        html.contains("Added cal as viewer.") && !html.contains("data-testid=\"secret\""),
        "{html}"
    );
    assert!(sign_in(&s, "cal", "cal chose this one").is_ok());
    // The name signs in whatever its case, as it is taken whatever its case.
    assert!(sign_in(&s, "CAL", "cal chose this one").is_ok());
    assert!(sign_in(&s, "CAL", "not cal's password").is_err());

    // The last admin can be neither demoted nor removed.
    let (st, _, html) = post(&root, "op=set-role&name=root&role=editor");
    assert_eq!(st, 409);
    assert!(html.contains("last admin"), "{html}");
    let (st, _, html) = post(&root, "op=remove-user&name=root");
    assert_eq!(st, 409);
    assert!(html.contains("last admin"), "{html}");
    // A role change ends the user's sessions.
    let (_, _, html) = post(&root, "op=set-role&name=vic&role=editor");
    assert!(html.contains("vic is now editor"), "{html}");
    assert_eq!(
        designs_status(&as_user(&vic)),
        401,
        "the old session carried the old role"
    );
    let vic = sign_in(&s, "vic", &vic_password).unwrap();
    // A new password, made by the studio: shown once, and the old one stops working.
    let (_, _, html) = post(&root, "op=set-password&name=vic");
    let new_password = secret(&html);
    assert_ne!(new_password, vic_password);
    assert_eq!(designs_status(&as_user(&vic)), 401);
    assert!(sign_in(&s, "vic", &vic_password).is_err());
    let vic = sign_in(&s, "vic", &new_password).unwrap();

    // Tokens: the admin makes one for themselves (shown once), and it works as a bearer.
    let (_, _, html) = post(&root, "op=make-token&name=CI&role=viewer&days=30");
    assert!(
        html.contains("Made the token &quot;CI&quot; for root")
            || html.contains("Made the token \"CI\" for root"),
        "{html}"
    );
    let token = secret(&html);
    assert!(token.starts_with("wsp_"), "{token}");
    let bearer = format!("Bearer {token}");
    assert_eq!(designs_status(&[("Authorization", &bearer)]), 200);
    // Nobody makes a token that acts as somebody else, on the page or through the API.
    let (_, _, html) = post(&root, "op=make-token&user=vic&name=x&role=viewer&days=1");
    assert!(
        html.contains("may make tokens only for themselves"),
        "{html}"
    );
    let ((st, body), _) = call_h(
        &s,
        "POST",
        "/api/tokens",
        Some(&json!({"name": "x", "role": "viewer", "expires_in_days": 1, "user": "vic"})),
        &as_user(&root),
    );
    assert_eq!(st, 422, "{body}");
    // Revoking from the page: the token stops working and is listed as revoked.
    let id = {
        let ((_, list), _) = call_h(&s, "GET", "/api/tokens", None, &as_user(&root));
        list["items"][0]["id"].as_i64().unwrap()
    };
    let (_, _, html) = post(&root, &format!("op=revoke-token&id={id}"));
    assert!(html.contains("Revoked the token"), "{html}");
    assert!(html.contains("data-testid=\"token-revoked\""), "{html}");
    assert_eq!(designs_status(&[("Authorization", &bearer)]), 401);

    // Removing a user ends their session at once.
    let (_, _, html) = post(&root, "op=remove-user&name=vic");
    assert!(html.contains("Removed vic"), "{html}");
    assert_eq!(designs_status(&as_user(&vic)), 401);
    // A new password revokes the user's tokens too (it is how an admin takes an account back).
    let (_, _, html) = post(&root, "op=make-token&name=laptop&role=admin&days=5");
    let laptop = format!("Bearer {}", secret(&html));
    assert_eq!(designs_status(&[("Authorization", &laptop)]), 200);
    let (code, out, err) = cli(
        db,
        &["users", "passwd", "root", "--password-stdin"],
        "another root password",
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("sessions and tokens have ended"), "{out}");
    assert_eq!(designs_status(&[("Authorization", &laptop)]), 401);
    // Moving a design to the trash and back records who did it (root signs in again: the new
    // password ended the session).
    let root = sign_in(&s, "root", "another root password").unwrap();
    let ((st, rec), _) = call_h(
        &s,
        "POST",
        "/api/designs",
        Some(&doc("Trashed")),
        &as_user(&root),
    );
    assert_eq!(st, 201, "{rec}");
    let id = rec["id"].as_str().unwrap().to_string();
    assert_eq!(
        call_h(
            &s,
            "DELETE",
            &format!("/api/designs/{id}"),
            None,
            &as_user(&root)
        )
        .0
        .0,
        204
    );
    let ((_, trash), _) = call_h(
        &s,
        "GET",
        "/api/designs?deleted=true",
        None,
        &as_user(&root),
    );
    assert_eq!(trash["items"][0]["id"], id.as_str(), "{trash}");
    assert_eq!(trash["items"][0]["deleted_by"], "root", "{trash}");
    let ((st, back), _) = call_h(
        &s,
        "POST",
        &format!("/api/designs/{id}/restore"),
        None,
        &as_user(&root),
    );
    assert_eq!(st, 200, "{back}");
    assert_eq!(back["restored_by"], "root", "{back}");
    assert!(
        back["restored_at"].is_string() && back.get("deleted_by").is_none(),
        "{back}"
    );
    // No secret the page showed was written to the server's log.
    let log = s.stderr.lock().unwrap().clone();
    for secret in [&vic_password, &new_password, &token] {
        assert!(!log.contains(secret.as_str()), "a secret in the log: {log}");
    }
    // The command line keeps the last admin too, and changes roles.
    let (code, _, err) = cli(db, &["users", "remove", "root"], "");
    assert_eq!(code, 1);
    assert!(err.contains("last admin"), "{err}");
    let (code, _, err) = cli(db, &["users", "role", "root", "viewer"], "");
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("last admin"), "{err}");
    let (code, out, err) = cli(db, &["users", "add", "ann", "--role", "viewer"], "");
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("password: "));
    let (code, out, err) = cli(db, &["users", "role", "ann", "admin"], "");
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("ann is now admin"), "{out}");
    let (code, _, err) = cli(db, &["users", "role", "root", "editor"], "");
    assert_eq!(code, 0, "another admin exists now: {err}");
}

both!(settings_page_on_both, settings_page);

/// `POST /api/users` with a misspelt field is a 422 that names it and the fields there are,
/// and adds nobody (it answered 201 with a generated password, the given one ignored).
fn misspelt_user_fields(db: &TestDb) {
    let s = Server::start(&db.url);
    let ((st, body), _) = call_h(
        &s,
        "POST",
        "/api/users",
        Some(&json!({"name": "y", "role": "admin", "pasword": "a long enough password"})),
        &[],
    );
    assert_eq!(st, 422, "{body}");
    let e = &body["error"];
    assert_eq!(e["code"], "invalid", "{body}");
    assert_eq!(e["details"]["path"], "pasword", "{body}");
    assert_eq!(
        e["details"]["allowed"],
        json!(["name", "role", "password"]),
        "{body}"
    );
    let msg = e["message"].as_str().unwrap();
    assert!(
        msg.starts_with(
            "pasword: not a field of a new user (did you mean password?); the fields are name, role, password (at line 1, column "
        ),
        "{msg}"
    );
    let ((st, users), _) = call_h(&s, "GET", "/api/users", None, &[]);
    assert_eq!(st, 200, "{users}");
    assert_eq!(users["items"], json!([]), "nobody was added: {users}");
    // Spelt right: the given password, none made.
    let ((st, added), _) = call_h(
        &s,
        "POST",
        "/api/users",
        Some(&json!({"name": "y", "role": "admin", "password": "a long enough password"})),
        &[],
    );
    assert_eq!(st, 201, "{added}");
    assert!(added["password"].is_null(), "{added}");
    // It signs in with the password given.
    let (st, head, _) = request(
        s.addr,
        "POST",
        "/login",
        &[FORM],
        "name=y&password=a+long+enough+password&next=%2Fdesigns",
    );
    assert_eq!(st, 303, "{head}");
    assert!(head.contains("location: /designs"), "{head}");
    // A token's fields too: a misspelt expiry is refused, not replaced by an error about a
    // missing one (or, for `user`, dropped).
    let ((st, body), _) = call_h(
        &s,
        "POST",
        "/api/tokens",
        Some(&json!({"name": "ci", "role": "editor", "expires_in_day": 30, "user": "y"})),
        &[],
    );
    assert_eq!(st, 422, "{body}");
    assert_eq!(body["error"]["details"]["path"], "expires_in_day", "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("did you mean expires_in_days?"),
        "{body}"
    );
}

both!(misspelt_user_fields_on_both, misspelt_user_fields);
