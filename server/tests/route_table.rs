//! The route table (`server::route_table::ROUTES`) against the router: every route the router
//! has is listed with a class, every listed route exists, and every route is called as each
//! kind of caller with the status the class promises. Runs on SQLite and PostgreSQL.

#[macro_use]
mod common;

use std::collections::BTreeMap;

use axum::body::Body;
use axum::http::{Method, Request, header};
use serde_json::Value;
use tower::ServiceExt;

use server::guard::{Guard, Subject};
use server::route_table::{Answer, Class, ROUTES, Route, Verb};
use server::users::{Role, Users};

const PASSWORD: &str = "a long enough password";
/// The studio's token in the walk (`WIDGET_STUDIO_TOKEN`).
const STUDIO_TOKEN: &str = "the studio token of the walk";

/// Who calls.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Caller {
    Anonymous,
    Viewer,
    Editor,
    Admin,
    /// `Authorization: Bearer` with the studio's token (`WIDGET_STUDIO_TOKEN`): an admin.
    StudioToken,
    RevokedToken,
    ExpiredSession,
    /// An admin's session cookie without the X-CSRF-Token header.
    NoCsrf,
}

const CALLERS: [Caller; 8] = [
    Caller::Anonymous,
    Caller::Viewer,
    Caller::Editor,
    Caller::Admin,
    Caller::StudioToken,
    Caller::RevokedToken,
    Caller::ExpiredSession,
    Caller::NoCsrf,
];

/// What the guard does with a call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Outcome {
    /// Let through: the handler answers (whatever it answers, it is not a refusal).
    Through,
    /// 303 to `/login?next=…`.
    ToLogin,
    /// 401 `unauthorized`.
    Unauthorized,
    /// 403 `forbidden`: the role is too low.
    Forbidden,
    /// 403 `csrf`.
    Csrf,
}

fn expected(route: &Route, caller: Caller) -> Outcome {
    let verb = if route.verb == Verb::Any {
        Verb::Get
    } else {
        route.verb
    };
    if !route.class.needs_sign_in() {
        return Outcome::Through;
    }
    // A page answers as a page when asked with GET, or with its form's POST (which `page_form`
    // turns into a GET before routing).
    let page_get = route.answer == Answer::Page
        && (verb == Verb::Get || server::page_form::PAGES.contains(&route.path));
    let role = match caller {
        Caller::Anonymous | Caller::ExpiredSession if page_get => return Outcome::ToLogin,
        Caller::Anonymous | Caller::ExpiredSession | Caller::RevokedToken => {
            return Outcome::Unauthorized;
        }
        Caller::NoCsrf => {
            return if !verb.is_safe() && route.class >= Class::Editor {
                // A page's server function answers with its own error, which has one
                // "forbidden" (its message says that the CSRF token is missing).
                if route.answer == Answer::ServerFn {
                    Outcome::Forbidden
                } else {
                    Outcome::Csrf
                }
            } else {
                Outcome::Through
            };
        }
        Caller::Viewer => Role::Viewer,
        Caller::Editor => Role::Editor,
        Caller::Admin | Caller::StudioToken => Role::Admin,
    };
    if route.class.admits(role) {
        Outcome::Through
    } else {
        Outcome::Forbidden
    }
}

/// What a response says the guard did.
fn outcome(status: u16, location: Option<&str>, body: &Value) -> Outcome {
    // The REST API's error (`{"error": {"code": …}}`), or a server function's (`AppError`:
    // `{"forbidden": {…}}`).
    let code = body["error"]["code"]
        .as_str()
        .or_else(|| body.get("forbidden").map(|_| "forbidden"))
        .unwrap_or_default();
    match (status, code) {
        (303, _) if location.is_some_and(|l| l.starts_with("/login?next=")) => Outcome::ToLogin,
        (401, _) => Outcome::Unauthorized,
        (403, "forbidden") => Outcome::Forbidden,
        // A page a role does not open: a page that says so (not JSON).
        (403, "") if body.is_null() => Outcome::Forbidden,
        (403, "csrf") => Outcome::Csrf,
        _ => Outcome::Through,
    }
}

struct Sessions {
    cookies: BTreeMap<Caller, (String, String)>,
    /// A personal access token of the admin, revoked.
    revoked: String,
}

async fn send(
    app: &axum::Router,
    method: Method,
    path: &str,
    headers: &[(&str, String)],
    body: &str,
) -> (u16, Option<String>, Vec<(String, String)>, Value) {
    let mut req = Request::builder().method(method).uri(path);
    for (k, v) in headers {
        req = req.header(*k, v);
    }
    // Each call comes from an address of its own, so one caller's refusals (a revoked token
    // backs off its address) do not change what the next call meets.
    static CALLS: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(1);
    let n = CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let from = std::net::SocketAddr::from(([10, (n >> 16) as u8, (n >> 8) as u8, n as u8], 40000));
    let mut req = req.body(Body::from(body.to_string())).unwrap();
    req.extensions_mut()
        .insert(axum::extract::ConnectInfo(from));
    let resp = app.clone().oneshot(req).await.unwrap();
    let status = resp.status().as_u16();
    let location = resp
        .headers()
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let cookies = resp
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok()?.split(';').next()?.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let bytes = axum::body::to_bytes(resp.into_body(), 64 << 20)
        .await
        .unwrap();
    let json = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    (status, location, cookies, json)
}

/// Signs `name` in through `POST /login`: (session cookie, CSRF token).
async fn sign_in(app: &axum::Router, name: &str) -> (String, String) {
    let (status, location, cookies, _) = send(
        app,
        Method::POST,
        "/login",
        &[(
            "content-type",
            "application/x-www-form-urlencoded".to_string(),
        )],
        &format!(
            "name={name}&password={}&next=%2Fdesigns",
            PASSWORD.replace(' ', "+")
        ),
    )
    .await;
    assert_eq!(
        (status, location.as_deref()),
        (303, Some("/designs")),
        "{name} signs in"
    );
    let get = |k: &str| {
        cookies
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_else(|| panic!("{k} cookie for {name}"))
    };
    (get("ws_session"), get("ws_csrf"))
}

async fn sign_in_all(app: &axum::Router, s: &mut Sessions) {
    for (caller, name) in [
        (Caller::Viewer, "vera"),
        (Caller::Editor, "ed"),
        (Caller::Admin, "ada"),
    ] {
        s.cookies.insert(caller, sign_in(app, name).await);
    }
}

fn headers_of(caller: Caller, s: &Sessions, expired: &str) -> Vec<(&'static str, String)> {
    let json = ("content-type", "application/json".to_string());
    match caller {
        Caller::Anonymous => vec![json],
        Caller::Viewer | Caller::Editor | Caller::Admin => {
            let (session, csrf) = &s.cookies[&caller];
            vec![
                json,
                ("cookie", format!("ws_session={session}; ws_csrf={csrf}")),
                ("x-csrf-token", csrf.clone()),
            ]
        }
        Caller::StudioToken => vec![json, ("authorization", format!("Bearer {STUDIO_TOKEN}"))],
        Caller::RevokedToken => vec![json, ("authorization", format!("Bearer {}", s.revoked))],
        Caller::ExpiredSession => vec![json, ("cookie", format!("ws_session={expired}"))],
        Caller::NoCsrf => {
            let (session, csrf) = &s.cookies[&Caller::Admin];
            vec![
                json,
                ("cookie", format!("ws_session={session}; ws_csrf={csrf}")),
            ]
        }
    }
}

fn method_of(verb: Verb) -> Method {
    match verb {
        Verb::Get | Verb::Any => Method::GET,
        Verb::Post => Method::POST,
        Verb::Put => Method::PUT,
        Verb::Patch => Method::PATCH,
        Verb::Delete => Method::DELETE,
    }
}

fn route_table(db: &common::TestDb) {
    // Server-side rendering in a debug build needs more stack than a test thread has: the walk
    // runs on the runtime's workers, as requests do in the server.
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_stack_size(32 << 20)
        .enable_all()
        .build()
        .unwrap();
    let url = db.url.clone();
    if let Err(e) = rt.block_on(rt.spawn(walk(url))) {
        std::panic::resume_unwind(e.into_panic());
    }
}

async fn walk(url: String) {
    let db = server::db::connect(&url).await.unwrap();
    let users = Users::new(&db);
    for (name, role) in [
        ("vera", Role::Viewer),
        ("ed", Role::Editor),
        ("ada", Role::Admin),
    ] {
        users.add(name, role, PASSWORD).await.unwrap();
    }
    let guard = Guard::with_users(Some(STUDIO_TOKEN.to_string()), 0.0, &db)
        .await
        .unwrap();
    let limits = server::limits::Limits::from_args(&server::args::ServeArgs::default());
    let (app, routed) = server::http::router_and_routes(
        server::http::leptos_options("127.0.0.1:0".parse().unwrap()),
        db.clone(),
        guard.clone(),
        limits,
    );

    // Every route the router has is in the table, with each method it answers.
    let listed = |verb: Option<Verb>, path: &str| {
        ROUTES.iter().any(|r| {
            r.path == path && (verb.is_none() || r.verb == Verb::Any || Some(r.verb) == verb)
        })
    };
    for (method, path) in &routed {
        let verb = method.as_ref().map(|m| Verb::of(m).unwrap());
        assert!(
            listed(verb, path),
            "{} {path} is routed but has no access class in server::route_table::ROUTES",
            method.as_ref().map_or("(any method)", |m| m.as_str())
        );
    }
    // Every route of the table is routed (the preview page's form post is answered by
    // `page_form` before routing).
    for r in ROUTES {
        let routed_here = routed.iter().any(|(m, p)| {
            p == r.path
                && m.as_ref()
                    .is_none_or(|m| Verb::of(m) == Some(r.verb) || r.verb == Verb::Any)
        }) || (r.verb == Verb::Post
            && server::page_form::PAGES.contains(&r.path));
        assert!(
            routed_here,
            "{} {} is in the table but not routed",
            r.verb.as_str(),
            r.path
        );
    }

    // Something for the paths to name.
    let store = server::store::Store::new(db.clone());
    let doc: widget::Design = serde_json::from_value(serde_json::json!({
        "name": "Walked", "kind": "json", "source": "{\"type\": \"Card\", \"children\": []}"
    }))
    .unwrap();
    let design = store.create(doc, None, "local").await.unwrap();
    let share = store.create_share(&design.id, None).await.unwrap();
    let fill = |path: &str| {
        path.replace("{id}", &design.id)
            .replace("{token}", &share.token)
            .replace("{n}", "1")
            .replace("{name}", "nobody")
            .replace("{slug}", "task_list")
            .replace("{*rest}", "nothing-here")
    };

    let ada = users.get("ada").await.unwrap();
    let expired = guard
        .session_until(
            Subject::User {
                id: ada.id,
                generation: 0,
            },
            Role::Admin,
            1,
        )
        .0;
    let tokens = server::tokens::Tokens::new(&db);
    let revoked = tokens.create("ada", "ci", Role::Admin, 30).await.unwrap();
    tokens.revoke(revoked.info.id).await.unwrap();
    let mut sessions = Sessions {
        cookies: BTreeMap::new(),
        revoked: revoked.token,
    };
    sign_in_all(&app, &mut sessions).await;

    let mut failures = Vec::new();
    let mut calls = 0;
    // The table's routes, and static files: a public one (the login page's stylesheet) and
    // one that needs a viewer (the code editor's bundle); the router's fallback serves both,
    // so `classify` gives their class from the path.
    let statics = ["/pkg/widget-studio.css", "/js/editor.js", "/favicon.svg"].map(|p| {
        (
            server::route_table::classify(Some(Verb::Get), None, p),
            p.to_string(),
        )
    });
    let walked = ROUTES.iter().map(|r| (*r, fill(r.path))).chain(statics);
    for (route, path) in walked {
        let route = &route;
        for caller in CALLERS {
            let headers = headers_of(caller, &sessions, &expired);
            let (status, location, _, body) =
                send(&app, method_of(route.verb), &path, &headers, "{}").await;
            calls += 1;
            let want = expected(route, caller);
            let got = outcome(status, location.as_deref(), &body);
            // Let through, a call may get any answer but a server error.
            if got != want || status >= 500 {
                failures.push(format!(
                    "{} {} ({}) as {caller:?}: expected {want:?}, got {status} {got:?} {body}",
                    route.verb.as_str(),
                    route.path,
                    route.class
                ));
            }
            if route.path == "/logout" {
                // Signing out ends the caller's sessions: sign everyone in again.
                sign_in_all(&app, &mut sessions).await;
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {calls} calls:\n{}",
        failures.len(),
        failures.join("\n")
    );

    // A method the table does not list for a routed path is not answered (405), even for an
    // admin: nothing is routed behind the table's back.
    let admin = headers_of(Caller::Admin, &sessions, &expired);
    let paths: std::collections::BTreeSet<&str> = routed.iter().map(|(_, p)| p.as_str()).collect();
    for path in paths {
        for verb in Verb::METHODS {
            if listed(Some(verb), path) {
                continue;
            }
            let (status, _, _, body) = send(&app, method_of(verb), &fill(path), &admin, "{}").await;
            assert_eq!(
                status,
                405,
                "{} {path} is answered but not in the table: {body}",
                verb.as_str()
            );
        }
    }
    db.pool.close().await;
}

both!(
    every_route_answers_every_caller_as_its_class_says,
    route_table
);
