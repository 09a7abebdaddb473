//! Access control and request-rate limiting, as one middleware in front of everything.
//!
//! * **Rate limit.** Each client address has a token bucket (`rate` requests per second,
//!   bursts of `3 × rate`); an empty bucket answers 429 with `Retry-After`. Static files under
//!   `/pkg/` are not counted. `rate = 0` turns the limit off.
//! * **Who may call what.** Every request is looked up in [`crate::route_table`] by its method
//!   and the route the router matched, and passes only when its caller reaches the route's
//!   class. Without any authentication configured (no `WIDGET_STUDIO_TOKEN`, no user) the
//!   studio is single-user and open: every caller is the local admin. Otherwise every route
//!   but the public and share ones needs a caller: `Authorization: Bearer TOKEN` (the studio's
//!   token, an admin), or the session cookie set by `/login`; writes with the cookie also need
//!   the `X-CSRF-Token` header (the value of the `ws_csrf` cookie) or a form posted by the
//!   studio's own page. Anonymous page requests go to the login page; API requests get 401.
//!   A share token is never a credential: it only names what `/s/{token}` shows. The request
//!   carries its [`Caller`] and its write [`Access`] in its extensions, and the writes check
//!   it again where they are defined: the REST routes that write sit behind
//!   [`require_write`], and server functions that write take the service through
//!   `app::api::service::writer`.
//!
//! Sessions are stateless: an HMAC over the subject (the token, or a user id, role and
//! session generation), a nonce and an expiry, keyed by a secret kept in the database and the
//! token. Several studio instances on one database accept each other's cookies; changing the
//! token ends every session, and bumping a user's generation (sign-out, a new password) or
//! removing the user ends that user's sessions on every instance.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{ConnectInfo, MatchedPath, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form, Json};
use hmac::{Hmac, Mac};
use serde::Deserialize;
use serde_json::json;
use sha2::{Digest, Sha256};

use app::api::service::Access;
use app::api::types::AccessConfig;
use app::components::url::{safe_next, urlencode};

use crate::error::{ApiError, ErrorCode};
use crate::route_table::{Answer, Class, Route, Verb, classify};
use crate::signin::SignInLimiter;
use crate::users::{Role, Users};

/// The session cookie (HttpOnly).
pub const SESSION_COOKIE: &str = "ws_session";
/// The CSRF cookie (readable by the page, echoed in `X-CSRF-Token`).
pub const CSRF_COOKIE: &str = "ws_csrf";
/// How long a login lasts.
pub const SESSION_SECONDS: u64 = 7 * 24 * 3600;

#[derive(Clone)]
pub struct Guard {
    token: Option<Arc<str>>,
    key: Arc<[u8]>,
    users: Option<Users>,
    tokens: Option<crate::tokens::Tokens>,
    rate: f64,
    buckets: Arc<Mutex<HashMap<IpAddr, Bucket>>>,
    signin: SignInLimiter,
    /// Password checks running at once (each takes 19 MiB and tens of milliseconds).
    hashing: Arc<tokio::sync::Semaphore>,
    /// Whether any user exists, and when that was last asked.
    users_seen: Arc<Mutex<Option<(Instant, bool)>>>,
    /// Sign-in stays required even when the last user is removed (a studio serving the
    /// network without `--open`).
    never_open: bool,
    /// While open (no sign-in), answer only requests that name this machine in `Host`: a
    /// loopback studio, against DNS rebinding (a site whose name resolves to 127.0.0.1).
    loopback_hosts: bool,
    /// The cookies carry `Secure` (the studio is served over HTTPS).
    secure_cookies: bool,
}

#[derive(Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

type HmacSha256 = Hmac<Sha256>;

/// How many password checks may run at once (more wait their turn).
const PASSWORD_CHECKS: usize = 4;

/// Who made a request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Who {
    /// Nobody signs in: the studio has no authentication configured.
    Local,
    /// The studio's token, `WIDGET_STUDIO_TOKEN` (a bearer header, or a session signed in
    /// with it).
    StudioToken,
    /// A user.
    User { id: i64, name: String },
}

impl Who {
    /// The name that revisions record as their author.
    pub fn author(&self) -> String {
        match self {
            Who::Local => "local".into(),
            Who::StudioToken => "token".into(),
            Who::User { name, .. } => name.clone(),
        }
    }
}

/// How a caller proved who they are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Via {
    /// Nothing to prove: an open studio.
    Open,
    /// `Authorization: Bearer`.
    Bearer,
    /// The session cookie (writes also need the CSRF token).
    Session,
}

/// The caller of a request, put in its extensions by the middleware.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Caller {
    pub who: Who,
    pub role: Role,
    pub via: Via,
    /// The CSRF token of the session (with [`Via::Session`]).
    csrf: Option<String>,
}

impl Caller {
    /// The caller of an open studio.
    pub fn local() -> Caller {
        Caller {
            who: Who::Local,
            role: Role::Admin,
            via: Via::Open,
            csrf: None,
        }
    }
}

/// The client's address, put in the request's extensions by the middleware.
#[derive(Clone, Copy, Debug)]
pub struct ClientAddr(pub IpAddr);

/// Who a request says it is.
#[derive(Debug)]
enum Identity {
    Caller(Caller),
    Anonymous,
    /// A session cookie that does not verify: why.
    Invalid(String),
    /// A bearer token that does not verify: why.
    BadBearer(String),
}

/// Why the middleware refuses a request.
#[derive(Debug, PartialEq, Eq)]
enum Refusal {
    /// No credentials where a signed-in caller is needed.
    SignIn,
    /// A session that does not verify (a page sends the browser to sign in again).
    Unauthorized(String),
    /// A bearer token that does not verify (always 401: the client is a program).
    BadBearer(String),
    /// A role below the route's class.
    Role {
        class: Class,
        caller: String,
        role: Role,
    },
    /// A write with the session cookie but no CSRF token.
    Csrf,
    /// A write sent by another site's page.
    CrossSite,
}

const CROSS_SITE: &str = "this request comes from another site (its Origin is not this studio); writes are only taken from the studio's own pages";
const NEEDS_CSRF: &str = "a write with the session cookie needs the X-CSRF-Token header set to the ws_csrf cookie's value";
const SIGNED_OUT: &str = "you are not signed in (signed out, or the session ended): sign in again at /login in another tab, then try again here; this page keeps your changes";
const SIGN_IN: &str = "this studio requires a signed-in user: send Authorization: Bearer TOKEN (WIDGET_STUDIO_TOKEN or a personal access token), or sign in at /login";

impl Refusal {
    fn answer(self, route: &Route, method: &Method, path_and_query: &str) -> Response {
        let page = route.answer == Answer::Page && matches!(*method, Method::GET | Method::HEAD);
        let (code, message) = match self {
            Refusal::SignIn | Refusal::Unauthorized(_) if page => {
                return Redirect::to(&format!("/login?next={}", urlencode(path_and_query)))
                    .into_response();
            }
            Refusal::SignIn => (ErrorCode::Unauthorized, SIGN_IN.to_string()),
            Refusal::Unauthorized(m) | Refusal::BadBearer(m) => (ErrorCode::Unauthorized, m),
            Refusal::Role {
                class,
                caller,
                role,
            } => (
                ErrorCode::Forbidden,
                format!(
                    "{} {} needs the {} role or higher; {caller} has the {role} role",
                    route.verb.as_str(),
                    // The address asked for (the route's pattern would read `{id}`).
                    path_and_query.split('?').next().unwrap_or(route.path),
                    if class == Class::Admin {
                        "admin"
                    } else {
                        "editor"
                    }
                ),
            ),
            Refusal::Csrf => (ErrorCode::Csrf, NEEDS_CSRF.to_string()),
            Refusal::CrossSite => (ErrorCode::Csrf, CROSS_SITE.to_string()),
        };
        // A page a signed-in person's role does not open: a page that says so, with a way on
        // (it was the API's JSON, shown raw by the browser).
        if page && matches!(code, ErrorCode::Forbidden) {
            return (
                StatusCode::FORBIDDEN,
                [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
                refused_page(&message),
            )
                .into_response();
        }
        // A page's server function reads its own error (the API's form was "unknown variant
        // `error`" to it), and a signed-out page is told what to do.
        if route.answer == Answer::ServerFn {
            let e = match code {
                ErrorCode::Unauthorized => app::api::AppError::Unauthorized {
                    message: SIGNED_OUT.to_string(),
                },
                _ => app::api::AppError::Forbidden { message },
            };
            let body = serde_json::to_string(&e).unwrap_or_default();
            return (
                e.status(),
                [(header::CONTENT_TYPE, "application/json")],
                body,
            )
                .into_response();
        }
        let mut resp = ApiError::new(code, message).into_response();
        if code == ErrorCode::Unauthorized {
            resp.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"widget-studio\""),
            );
        }
        resp
    }
}

/// The page a role too low for a page gets: the message, and links on.
fn refused_page(message: &str) -> String {
    let message = render::html::escape(message);
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"/><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\
<title>Not for your role · Widget Studio</title><link rel=\"icon\" href=\"/favicon.svg\" type=\"image/svg+xml\"/><link rel=\"stylesheet\" href=\"/pkg/widget-studio.css\"/></head>\
<body class=\"bg-white text-slate-900\"><main class=\"mx-auto max-w-3xl space-y-4 p-6\">\
<h1 class=\"text-3xl font-bold tracking-tight\">Not for your role</h1>\
<p role=\"alert\" data-testid=\"role-refused\">{message}.</p>\
<p><a class=\"text-indigo-700 underline\" href=\"/designs\">Designs</a> · <a class=\"text-indigo-700 underline\" href=\"/\">Widget Studio</a></p>\
</main></body></html>"
    )
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Compares in time independent of where the strings differ.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn now_secs() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// The value of cookie `name` in the request.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// The bearer token of a request, if it sends `Authorization: Bearer …` (the scheme in any
/// case, as RFC 7235 has it).
fn bearer(headers: &HeaderMap) -> Option<&str> {
    let v = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = v.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

/// The signing key from the database's secret and the token.
fn derive_key(secret: &[u8], token: Option<&str>) -> Arc<[u8]> {
    let mut h = Sha256::new();
    h.update(b"widget-studio sessions\0");
    h.update(secret);
    h.update(b"\0");
    h.update(token.unwrap_or_default().as_bytes());
    h.finalize().to_vec().into()
}

/// Whom a session cookie names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Subject {
    /// Signed in with the studio's token.
    StudioToken,
    /// A user, with the session generation the cookie was issued at.
    User { id: i64, generation: i64 },
}

impl Guard {
    /// A guard with no user store and a random session key (sessions do not outlive it).
    pub fn new(token: Option<String>, rate: f64) -> Guard {
        let mut secret = [0u8; 32];
        getrandom::fill(&mut secret).expect("the OS random source");
        Guard::keyed(token, rate, &secret)
    }

    /// A guard with no user store whose sessions are signed with `secret` and the token.
    pub fn keyed(token: Option<String>, rate: f64, secret: &[u8]) -> Guard {
        let token: Option<Arc<str>> = token.filter(|t| !t.is_empty()).map(Into::into);
        Guard {
            key: derive_key(secret, token.as_deref()),
            token,
            users: None,
            tokens: None,
            rate,
            buckets: Arc::default(),
            signin: SignInLimiter::default(),
            hashing: Arc::new(tokio::sync::Semaphore::new(PASSWORD_CHECKS)),
            users_seen: Arc::default(),
            never_open: false,
            loopback_hosts: false,
            secure_cookies: false,
        }
    }

    /// The guard of a studio with its users: sessions are signed with the database's secret,
    /// so every instance on the database accepts them.
    pub async fn with_users(
        token: Option<String>,
        rate: f64,
        db: &crate::db::Db,
    ) -> Result<Guard, crate::users::UserError> {
        let users = Users::new(db);
        let secret = users.session_key().await?;
        let mut guard = Guard::keyed(token, rate, secret.as_bytes());
        guard.users = Some(users);
        guard.tokens = Some(crate::tokens::Tokens::new(db));
        Ok(guard)
    }

    /// Keeps sign-in required for the life of the guard, even if the token is unset and the
    /// last user is removed: a studio that may not be open never becomes open.
    /// An open studio on a loopback address answers only requests whose `Host` names the
    /// loopback (`localhost`, `127.0.0.1`, `[::1]`, with any port).
    pub fn loopback_hosts(mut self) -> Guard {
        self.loopback_hosts = true;
        self
    }

    /// Marks the session and CSRF cookies `Secure` (`--secure-cookies`).
    pub fn secure_cookies(mut self, on: bool) -> Guard {
        self.secure_cookies = on;
        self
    }

    pub fn never_open(mut self) -> Guard {
        self.never_open = true;
        self
    }

    /// Whether the studio's token is set.
    pub fn token_set(&self) -> bool {
        self.token.is_some()
    }

    /// Whether any authentication is configured: the token, or at least one user. The user
    /// count is asked at most once a second; a database error counts as configured (closed).
    pub async fn auth_required(&self) -> bool {
        if self.token.is_some() || self.never_open {
            return true;
        }
        let Some(users) = &self.users else {
            return false;
        };
        let now = Instant::now();
        if let Some((at, any)) = *self.users_seen.lock().unwrap_or_else(|e| e.into_inner())
            && now.duration_since(at) < Duration::from_secs(1)
        {
            return any;
        }
        let any = users.count().await.map(|n| n > 0).unwrap_or(true);
        *self.users_seen.lock().unwrap_or_else(|e| e.into_inner()) = Some((now, any));
        any
    }

    fn mac(&self, parts: &[&str]) -> String {
        let mut mac = HmacSha256::new_from_slice(&self.key).expect("HMAC takes any key");
        for p in parts {
            mac.update(p.as_bytes());
            mac.update(b"\0");
        }
        hex(&mac.finalize().into_bytes())
    }

    /// A session cookie value and its CSRF token, expiring at `expiry` (Unix seconds).
    pub fn session_until(&self, subject: Subject, role: Role, expiry: u64) -> (String, String) {
        let mut nonce = [0u8; 16];
        getrandom::fill(&mut nonce).expect("the OS random source");
        let nonce = hex(&nonce);
        let (sub, generation) = match subject {
            Subject::StudioToken => ("t".to_string(), "0".to_string()),
            Subject::User { id, generation } => (id.to_string(), generation.to_string()),
        };
        let expiry = expiry.to_string();
        let mac = self.mac(&["session", &sub, role.as_str(), &generation, &nonce, &expiry]);
        let csrf = self.mac(&["csrf", &nonce]);
        (
            format!(
                "{sub}.{}.{generation}.{nonce}.{expiry}.{mac}",
                role.as_str()
            ),
            csrf,
        )
    }

    /// A new session: (session cookie value, CSRF token).
    pub fn new_session(&self, subject: Subject, role: Role) -> (String, String) {
        self.session_until(subject, role, now_secs() + SESSION_SECONDS)
    }

    /// The subject, role and CSRF token of a session cookie whose signature verifies and that
    /// has not expired (the database is not asked).
    pub fn session_claims(&self, session: &str) -> Option<(Subject, Role, String)> {
        let parts: Vec<&str> = session.split('.').collect();
        let [sub, role, generation, nonce, expiry, mac] = parts[..] else {
            return None;
        };
        if expiry.parse::<u64>().ok()? < now_secs() {
            return None;
        }
        let want = self.mac(&["session", sub, role, generation, nonce, expiry]);
        if !same(want.as_bytes(), mac.as_bytes()) {
            return None;
        }
        let role = Role::parse(role)?;
        let subject = if sub == "t" {
            Subject::StudioToken
        } else {
            Subject::User {
                id: sub.parse().ok()?,
                generation: generation.parse().ok()?,
            }
        };
        Some((subject, role, self.mac(&["csrf", nonce])))
    }

    /// The caller a session cookie names, checked against the database.
    async fn session_caller(&self, session: &str) -> Result<Caller, String> {
        let ended = "the session has expired or ended (signed out, a new password, the user removed, or the studio's token changed); sign in again at /login";
        let Some((subject, role, csrf)) = self.session_claims(session) else {
            return Err(ended.into());
        };
        match subject {
            Subject::StudioToken if self.token.is_some() => Ok(Caller {
                who: Who::StudioToken,
                role: Role::Admin,
                via: Via::Session,
                csrf: Some(csrf),
            }),
            Subject::StudioToken => Err(ended.into()),
            Subject::User { id, generation } => {
                let users = self.users.as_ref().ok_or(ended)?;
                let user = users
                    .session_user(id)
                    .await
                    .map_err(|e| format!("cannot check the session: {e}"))?;
                match user {
                    Some(u) if u.generation == generation && u.role == role => Ok(Caller {
                        who: Who::User {
                            id: u.id,
                            name: u.name,
                        },
                        role: u.role,
                        via: Via::Session,
                        csrf: Some(csrf),
                    }),
                    _ => Err(ended.into()),
                }
            }
        }
    }

    /// Who a request says it is, and whether that verifies.
    async fn identify(&self, headers: &HeaderMap, auth_required: bool) -> Identity {
        if !auth_required {
            return Identity::Caller(Caller::local());
        }
        if headers.contains_key(header::AUTHORIZATION) {
            let sent = bearer(headers).unwrap_or_default();
            if let Some(token) = &self.token
                && same(sent.as_bytes(), token.as_bytes())
            {
                return Identity::Caller(Caller {
                    who: Who::StudioToken,
                    role: Role::Admin,
                    via: Via::Bearer,
                    csrf: None,
                });
            }
            if let Some(tokens) = &self.tokens {
                match tokens.verify(sent).await {
                    Ok(Some(t)) => {
                        return Identity::Caller(Caller {
                            who: Who::User {
                                id: t.user_id,
                                name: t.user,
                            },
                            role: t.role,
                            via: Via::Bearer,
                            csrf: None,
                        });
                    }
                    Ok(None) => {}
                    Err(err) => {
                        tracing::error!(%err, "cannot check a personal access token");
                        return Identity::BadBearer(format!("cannot check the token: {err}"));
                    }
                }
            }
            return Identity::BadBearer(
                "the bearer token is wrong, expired or revoked: send Authorization: Bearer with WIDGET_STUDIO_TOKEN or a personal access token"
                    .into(),
            );
        }
        if let Some(session) = cookie(headers, SESSION_COOKIE) {
            return match self.session_caller(session).await {
                Ok(caller) => Identity::Caller(caller),
                Err(why) => Identity::Invalid(why),
            };
        }
        Identity::Anonymous
    }

    /// Whether a caller may write with this request: an editor or admin, with the CSRF token
    /// or the studio's own form when it uses the session cookie, from this site.
    fn write_access(caller: &Caller, headers: &HeaderMap) -> Access {
        if cross_site(headers) {
            return Access::Forbidden(CROSS_SITE.into());
        }
        if caller.role < Role::Editor {
            return Access::Forbidden(format!(
                "writes need the editor role or higher; {} has the {} role",
                caller.who.author(),
                caller.role
            ));
        }
        if caller.via == Via::Session && !csrf_ok(caller, headers) {
            return Access::Forbidden(NEEDS_CSRF.into());
        }
        Access::Granted
    }

    /// What a request on `route` may do: its caller and write access, or why it is refused.
    async fn decide(
        &self,
        route: &Route,
        method: &Method,
        headers: &HeaderMap,
        auth_required: bool,
    ) -> Result<(Option<Caller>, Access), Refusal> {
        let unsafe_method = !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS);
        let writes = unsafe_method && route.class >= Class::Editor;
        if writes && cross_site(headers) {
            return Err(Refusal::CrossSite);
        }
        if !route.class.needs_sign_in() {
            return Ok((
                None,
                Access::Unauthorized("this route does not check who calls it".into()),
            ));
        }
        let caller = match self.identify(headers, auth_required).await {
            Identity::Caller(c) => c,
            Identity::Anonymous => return Err(Refusal::SignIn),
            Identity::Invalid(why) => return Err(Refusal::Unauthorized(why)),
            Identity::BadBearer(why) => return Err(Refusal::BadBearer(why)),
        };
        if !route.class.admits(caller.role) {
            return Err(Refusal::Role {
                class: route.class,
                caller: caller.who.author(),
                role: caller.role,
            });
        }
        if writes && caller.via == Via::Session && !csrf_ok(&caller, headers) {
            return Err(Refusal::Csrf);
        }
        let access = Guard::write_access(&caller, headers);
        Ok((Some(caller), access))
    }

    /// Takes one request from the client's bucket; `Err(seconds)` when it is empty.
    fn take(&self, ip: IpAddr) -> Result<(), u64> {
        if self.rate <= 0.0 {
            return Ok(());
        }
        let burst = self.rate * 3.0;
        let now = Instant::now();
        let mut map = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        if map.len() > 100_000 {
            // Forget clients whose buckets have refilled anyway.
            map.retain(|_, b| {
                b.tokens + now.duration_since(b.at).as_secs_f64() * self.rate < burst
            });
        }
        let b = map.entry(ip).or_insert(Bucket {
            tokens: burst,
            at: now,
        });
        b.tokens = (b.tokens + now.duration_since(b.at).as_secs_f64() * self.rate).min(burst);
        b.at = now;
        if b.tokens >= 1.0 {
            b.tokens -= 1.0;
            Ok(())
        } else {
            Err(((1.0 - b.tokens) / self.rate).ceil().max(1.0) as u64)
        }
    }
}

/// Whether a session caller's request carries the session's CSRF token, or is a form posted
/// by the studio's own page.
fn csrf_ok(caller: &Caller, headers: &HeaderMap) -> bool {
    // The studio's own forms (and Leptos' server-function calls, which post forms) cannot set
    // a header; the browser's Origin names the page that sent them.
    if same_site_form(headers) {
        return true;
    }
    let sent = headers
        .get("x-csrf-token")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    caller
        .csrf
        .as_deref()
        .is_some_and(|csrf| same(sent.as_bytes(), csrf.as_bytes()))
}

/// The middleware in front of everything: the rate limit, then who the caller is and whether
/// the route's class lets them in ([`Caller`] and the write [`Access`] go in the request's
/// extensions).
pub async fn middleware(State(guard): State<Guard>, mut req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    let ip = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip())
        .unwrap_or(IpAddr::from([127, 0, 0, 1]));
    if !path.starts_with("/pkg/")
        && let Err(wait) = guard.take(ip)
    {
        let mut err = ApiError::new(
            ErrorCode::RateLimited,
            format!(
                "too many requests from {ip}: at most {} per second (bursts of {}); retry in {wait} s",
                guard.rate,
                guard.rate * 3.0
            ),
        );
        err.details = json!({"retry_after_seconds": wait, "limit_per_second": guard.rate});
        let mut resp = err.into_response();
        if let Ok(v) = HeaderValue::from_str(&wait.to_string()) {
            resp.headers_mut().insert(header::RETRY_AFTER, v);
        }
        return resp;
    }
    // A page's posted form (`page_form`) reaches the page as a GET; it is still the POST the
    // browser sent: a write, classified and checked as one.
    let method = if req
        .extensions()
        .get::<app::api::types::PostedForm>()
        .is_some()
    {
        Method::POST
    } else {
        req.method().clone()
    };
    let route = classify(
        Verb::of(&method),
        req.extensions()
            .get::<MatchedPath>()
            .map(MatchedPath::as_str),
        &path,
    );
    let auth_required = guard.auth_required().await;
    // Wrong bearer tokens back off their address, like failed sign-ins.
    let bearer_sent = auth_required && req.headers().contains_key(header::AUTHORIZATION);
    if bearer_sent && let Err(wait) = guard.signin.address_blocked(ip) {
        let wait = wait.as_secs().max(1);
        let mut resp = ApiError::new(
            ErrorCode::RateLimited,
            format!("too many wrong tokens or sign-ins from {ip}; retry in {wait} s"),
        )
        .into_response();
        if let Ok(v) = HeaderValue::from_str(&wait.to_string()) {
            resp.headers_mut().insert(header::RETRY_AFTER, v);
        }
        return resp;
    }
    if !auth_required
        && guard.loopback_hosts
        && let Some(host) = req.headers().get(header::HOST)
        && !host.to_str().is_ok_and(loopback_host)
    {
        return ApiError::new(
            ErrorCode::Forbidden,
            format!(
                "this studio is open (nobody signs in), so it answers only to this machine: \
                 the request names host {:?}; use http://localhost or http://127.0.0.1, or \
                 add a user or token to serve it by another name",
                String::from_utf8_lossy(host.as_bytes())
            ),
        )
        .into_response();
    }
    match guard
        .decide(&route, &method, req.headers(), auth_required)
        .await
    {
        Ok((caller, access)) => {
            let ext = req.extensions_mut();
            ext.insert(ClientAddr(ip));
            ext.insert(AccessConfig {
                auth_required,
                token_login: guard.token.is_some(),
                signed_in: caller.as_ref().filter(|_| auth_required).map(|c| {
                    app::api::types::SignedIn {
                        name: c.who.author(),
                        role: c.role,
                        is_user: matches!(c.who, Who::User { .. }),
                    }
                }),
            });
            ext.insert(access);
            if let Some(caller) = caller {
                ext.insert(caller);
            }
            next.run(req).await
        }
        Err(refusal) => {
            if let Refusal::BadBearer(why) = &refusal {
                let wait = guard.signin.address_failed(ip);
                tracing::warn!(%ip, path, wait_seconds = wait.as_secs(), why = why.as_str(), "bearer token refused");
            }
            let target = req
                .uri()
                .path_and_query()
                .map_or(path.as_str(), |pq| pq.as_str())
                .to_string();
            refusal.answer(&route, req.method(), &target)
        }
    }
}

/// A `Host` header naming this machine's loopback: `localhost` (or a `*.localhost` name),
/// `127.0.0.1` and the rest of 127/8, or `[::1]`, with or without a port.
pub fn loopback_host(host: &str) -> bool {
    let name = if let Some(rest) = host.strip_prefix('[') {
        rest.split(']').next().unwrap_or("")
    } else {
        match host.rsplit_once(':') {
            Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) => name,
            _ => host,
        }
    };
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    name == "localhost"
        || name.ends_with(".localhost")
        || name.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// `Origin` and `Host` of a request, when both are there.
fn origin_and_host(headers: &HeaderMap) -> Option<(&str, &str)> {
    let origin = headers.get(header::ORIGIN)?.to_str().ok()?;
    let host = headers.get(header::HOST)?.to_str().ok()?;
    Some((origin, host))
}

/// A browser request sent by a page of another site: its `Origin` is not this host.
fn cross_site(headers: &HeaderMap) -> bool {
    origin_and_host(headers)
        .is_some_and(|(origin, host)| origin == "null" || !origin.ends_with(&format!("//{host}")))
}

/// A form post (URL-encoded or multipart) from a page of this studio.
fn same_site_form(headers: &HeaderMap) -> bool {
    let form = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| {
            ct.starts_with("application/x-www-form-urlencoded")
                || ct.starts_with("multipart/form-data")
        });
    form && origin_and_host(headers).is_some_and(|(o, h)| o.ends_with(&format!("//{h}")))
}

/// The answer to a write the request's [`Access`] does not allow.
pub fn refusal(access: &Access) -> Option<Response> {
    let (code, message) = match access {
        Access::Granted => return None,
        Access::Unauthorized(m) => (ErrorCode::Unauthorized, m),
        Access::Forbidden(m) if m.as_str() == NEEDS_CSRF || m.as_str() == CROSS_SITE => {
            (ErrorCode::Csrf, m)
        }
        Access::Forbidden(m) => (ErrorCode::Forbidden, m),
    };
    let mut resp = ApiError::new(code, message.clone()).into_response();
    if code == ErrorCode::Unauthorized {
        resp.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static("Bearer realm=\"widget-studio\""),
        );
    }
    Some(resp)
}

/// The route layer of the REST routes that write: a request with any method but
/// GET/HEAD/OPTIONS needs write access. (Pure computations such as `/api/validate` are
/// routed outside it.)
pub async fn require_write(req: Request, next: Next) -> Response {
    if !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        let Some(access) = req.extensions().get::<Access>() else {
            return ApiError::new(
                ErrorCode::Internal,
                "the access guard did not see this request",
            )
            .into_response();
        };
        if let Some(resp) = refusal(access) {
            return resp;
        }
    }
    next.run(req).await
}

/// `GET /api/session`: whether the studio needs a signed-in user, and who this client is.
#[utoipa::path(get, path = "/api/session", tag = "access",
    responses((status = 200, description = "`{auth_required, authenticated, user, role}`: `user` is the caller's name (`token` for the studio's token, `local` in an open studio), or null", body = Object)))]
pub async fn session(State(guard): State<Guard>, headers: HeaderMap) -> Response {
    let auth_required = guard.auth_required().await;
    let caller = match guard.identify(&headers, auth_required).await {
        Identity::Caller(c) => Some(c),
        Identity::Anonymous | Identity::Invalid(_) | Identity::BadBearer(_) => None,
    };
    Json(json!({
        "auth_required": auth_required,
        "authenticated": caller.is_some(),
        "user": caller.as_ref().map(|c| c.who.author()),
        "role": caller.as_ref().map(|c| c.role),
    }))
    .into_response()
}

#[derive(Deserialize)]
pub struct LoginForm {
    /// The studio's token (`WIDGET_STUDIO_TOKEN`).
    #[serde(default)]
    token: Option<String>,
    /// A user's name and password.
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    password: Option<String>,
    #[serde(default)]
    next: Option<String>,
}

/// Sets the session and CSRF cookies (`max_age` 0 clears them).
fn session_cookies(resp: &mut Response, session: &str, csrf: &str, max_age: u64, secure: bool) {
    let secure = if secure { "; Secure" } else { "" };
    for c in [
        format!(
            "{SESSION_COOKIE}={session}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age}{secure}"
        ),
        format!("{CSRF_COOKIE}={csrf}; Path=/; SameSite=Strict; Max-Age={max_age}{secure}"),
    ] {
        if let Ok(v) = HeaderValue::from_str(&c) {
            resp.headers_mut().append(header::SET_COOKIE, v);
        }
    }
}

/// `POST /login`: checks a user's name and password, or the studio's token, and sets the
/// session and CSRF cookies. Failures are logged and, past a few, answered only after a wait
/// that doubles with every further failure, per account and per address.
pub async fn login(
    State(guard): State<Guard>,
    Extension(ClientAddr(ip)): Extension<ClientAddr>,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Response {
    let next = safe_next(form.next.as_deref());
    // A cross-site form must not log a visitor into this studio.
    if let (Some(origin), Some(host)) = (
        headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()),
        headers.get(header::HOST).and_then(|v| v.to_str().ok()),
    ) && origin != "null"
        && !origin.ends_with(&format!("//{host}"))
    {
        return ApiError::new(
            ErrorCode::Csrf,
            "the login form was posted from another site",
        )
        .into_response();
    }
    if !guard.auth_required().await {
        return Redirect::to(&next).into_response();
    }
    let name = form.name.as_deref().map(str::trim).unwrap_or_default();
    let account = if name.is_empty() {
        "(studio token)"
    } else {
        name
    };
    let failed = if name.is_empty() { "1" } else { "user" };
    // Back to the form, which says what went wrong: how long to wait, or which name was not
    // right (kept in its box; the password never is).
    let back = |error: &str, extra: String| {
        Redirect::to(&format!(
            "/login?error={error}{extra}&next={}",
            urlencode(&next)
        ))
        .into_response()
    };
    if let Err(wait) = guard.signin.begin(account, ip) {
        tracing::warn!(account, %ip, wait_seconds = wait.as_secs(), "sign-in refused: too many failures, must wait");
        let secs = wait.as_secs_f64().ceil().max(1.0) as u64;
        return back("wait", format!("&wait={secs}"));
    }
    let signed_in = if name.is_empty() {
        let sent = form.token.as_deref().map(str::trim).unwrap_or_default();
        guard
            .token
            .as_ref()
            .filter(|t| !sent.is_empty() && same(sent.as_bytes(), t.as_bytes()))
            .map(|_| (Subject::StudioToken, Role::Admin))
    } else if let Some(users) = &guard.users {
        let password = form.password.as_deref().unwrap_or_default();
        // Each check hashes with 19 MiB for a while: only a few run at once.
        let _permit = guard.hashing.acquire().await;
        match users.verify(name, password).await {
            Ok(user) => user.map(|u| {
                (
                    Subject::User {
                        id: u.id,
                        generation: u.generation,
                    },
                    u.role,
                )
            }),
            Err(err) => {
                tracing::error!(%err, "cannot check a sign-in");
                return ApiError::new(
                    ErrorCode::Database,
                    "the database could not check the sign-in; try again",
                )
                .into_response();
            }
        }
    } else {
        None
    };
    let Some((subject, role)) = signed_in else {
        // The attempt was counted when it began.
        let wait = guard.signin.wait(account, ip);
        tracing::warn!(account, %ip, wait_seconds = wait.as_secs(), "sign-in failed");
        let name = if name.is_empty() {
            String::new()
        } else {
            format!("&name={}", urlencode(name))
        };
        return back(failed, name);
    };
    guard.signin.succeed(account, ip);
    tracing::info!(account, %ip, role = %role, "signed in");
    let (session, csrf) = guard.new_session(subject, role);
    let mut resp = Redirect::to(&next).into_response();
    session_cookies(
        &mut resp,
        &session,
        &csrf,
        SESSION_SECONDS,
        guard.secure_cookies,
    );
    resp
}

/// `POST /logout`: ends the user's sessions (on every instance) and clears the cookies.
pub async fn logout(State(guard): State<Guard>, headers: HeaderMap) -> Response {
    // Only a session that is still live ends the user's sessions: an old cookie, already
    // ended, cannot be replayed to sign the user out again and again.
    if let Some(session) = cookie(&headers, SESSION_COOKIE)
        && let Ok(Caller {
            who: Who::User { id, .. },
            ..
        }) = guard.session_caller(session).await
        && let Some(users) = &guard.users
        && let Err(err) = users.end_sessions(id).await
    {
        tracing::error!(%err, "cannot end the sessions of a user signing out");
    }
    let to = if guard.auth_required().await {
        "/login"
    } else {
        "/"
    };
    let mut resp = Redirect::to(to).into_response();
    session_cookies(&mut resp, "", "", 0, guard.secure_cookies);
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_loopback_names_are_loopback_hosts() {
        for ok in [
            "localhost",
            "localhost:3000",
            "LOCALHOST.",
            "studio.localhost:80",
            "127.0.0.1",
            "127.0.0.1:3000",
            "127.8.9.10:1",
            "[::1]",
            "[::1]:3000",
        ] {
            assert!(loopback_host(ok), "{ok}");
        }
        for bad in [
            "evil.example",
            "evil.example:3000",
            "localhost.evil.example",
            "127.0.0.1.nip.io",
            "10.0.0.1:3000",
            "[::2]:3000",
            "0.0.0.0",
            "",
        ] {
            assert!(!loopback_host(bad), "{bad}");
        }
    }

    fn h(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut m = HeaderMap::new();
        for (k, v) in pairs {
            m.insert(*k, HeaderValue::from_str(v).unwrap());
        }
        m
    }

    fn route(verb: Verb, path: &str) -> Route {
        let pattern = crate::route_table::ROUTES
            .iter()
            .find(|r| r.path == path)
            .map(|r| r.path);
        classify(Some(verb), pattern, path)
    }

    #[test]
    fn sessions_verify_and_expire() {
        let g = Guard::keyed(Some("secret".into()), 0.0, b"db secret");
        let (s, csrf) = g.new_session(Subject::StudioToken, Role::Admin);
        let (subject, role, got) = g.session_claims(&s).unwrap();
        assert_eq!(
            (subject, role, got.as_str()),
            (Subject::StudioToken, Role::Admin, csrf.as_str())
        );
        // The same database secret and token (another instance) accept it.
        let twin = Guard::keyed(Some("secret".into()), 0.0, b"db secret");
        assert!(twin.session_claims(&s).is_some());
        // Another token (a changed WIDGET_STUDIO_TOKEN) or another database rejects it.
        assert!(
            Guard::keyed(Some("other".into()), 0.0, b"db secret")
                .session_claims(&s)
                .is_none()
        );
        assert!(
            Guard::keyed(Some("secret".into()), 0.0, b"other db")
                .session_claims(&s)
                .is_none()
        );
        // A tampered expiry, role or user is rejected.
        let parts: Vec<&str> = s.split('.').collect();
        let later = (now_secs() + 10 * SESSION_SECONDS).to_string();
        for (i, v) in [(4, later.as_str()), (1, "viewer"), (0, "7")] {
            let mut p = parts.clone();
            p[i] = v;
            assert!(g.session_claims(&p.join(".")).is_none(), "part {i}");
        }
        assert!(g.session_claims("garbage").is_none());
        // An expired session is rejected.
        let (old, _) = g.session_until(
            Subject::User {
                id: 1,
                generation: 0,
            },
            Role::Editor,
            now_secs() - 1,
        );
        assert!(g.session_claims(&old).is_none());
        let (user, _) = g.new_session(
            Subject::User {
                id: 3,
                generation: 2,
            },
            Role::Viewer,
        );
        assert_eq!(
            g.session_claims(&user).map(|c| (c.0, c.1)),
            Some((
                Subject::User {
                    id: 3,
                    generation: 2
                },
                Role::Viewer
            ))
        );
    }

    #[tokio::test]
    async fn decisions_follow_the_route_class() {
        // An open studio lets every caller in as the local admin, from this site.
        let open = Guard::new(None, 0.0);
        let save = route(Verb::Post, "/api/designs");
        let (caller, access) = open
            .decide(&save, &Method::POST, &h(&[]), false)
            .await
            .unwrap();
        assert_eq!(caller, Some(Caller::local()));
        assert_eq!(access, Access::Granted);

        let g = Guard::new(Some("secret".into()), 0.0);
        let list = route(Verb::Get, "/api/designs");
        let backup = route(Verb::Get, "/api/backup");
        let health = route(Verb::Get, "/healthz");
        // Anonymous: public routes only.
        assert!(g.decide(&health, &Method::GET, &h(&[]), true).await.is_ok());
        assert_eq!(
            g.decide(&list, &Method::GET, &h(&[]), true)
                .await
                .unwrap_err(),
            Refusal::SignIn
        );
        assert!(matches!(
            g.decide(&save, &Method::POST, &h(&[("authorization", "Bearer nope")]), true).await,
            Err(Refusal::BadBearer(m)) if m.contains("wrong")
        ));
        let bearer = h(&[("authorization", "Bearer secret")]);
        for r in [&list, &save, &backup] {
            assert!(g.decide(r, &Method::GET, &bearer, true).await.is_ok());
        }
        // The scheme in any case (RFC 7235).
        for scheme in ["bearer", "BEARER"] {
            let bearer = h(&[("authorization", &format!("{scheme} secret"))]);
            assert!(g.decide(&list, &Method::GET, &bearer, true).await.is_ok());
        }
        // A session reads; its writes need the CSRF token.
        let (session, _) = g.new_session(Subject::StudioToken, Role::Admin);
        let cookie = format!("{SESSION_COOKIE}={session}");
        assert!(
            g.decide(&list, &Method::GET, &h(&[("cookie", &cookie)]), true)
                .await
                .is_ok()
        );
        assert_eq!(
            g.decide(&save, &Method::POST, &h(&[("cookie", &cookie)]), true)
                .await
                .unwrap_err(),
            Refusal::Csrf
        );
        let (_, csrf) = g.session_claims(&session).map(|c| ((), c.2)).unwrap();
        assert!(
            g.decide(
                &save,
                &Method::POST,
                &h(&[("cookie", &cookie), ("x-csrf-token", &csrf)]),
                true
            )
            .await
            .is_ok()
        );
        // The studio's own form posts carry their Origin instead of the header.
        let form = "application/x-www-form-urlencoded";
        let own = h(&[
            ("cookie", &cookie),
            ("content-type", form),
            ("origin", "http://studio.test"),
            ("host", "studio.test"),
        ]);
        assert!(g.decide(&save, &Method::POST, &own, true).await.is_ok());
        // JSON from a script needs the header even from the same origin.
        let script = h(&[
            ("cookie", &cookie),
            ("content-type", "application/json"),
            ("origin", "http://studio.test"),
            ("host", "studio.test"),
        ]);
        assert_eq!(
            g.decide(&save, &Method::POST, &script, true)
                .await
                .unwrap_err(),
            Refusal::Csrf
        );
        // Another site never writes, open studio or not.
        let evil = h(&[
            ("cookie", &cookie),
            ("content-type", form),
            ("origin", "https://evil.example"),
            ("host", "studio.test"),
        ]);
        assert_eq!(
            g.decide(&save, &Method::POST, &evil, true)
                .await
                .unwrap_err(),
            Refusal::CrossSite
        );
        assert_eq!(
            open.decide(&save, &Method::POST, &evil, false)
                .await
                .unwrap_err(),
            Refusal::CrossSite
        );
        // A broken session cookie is refused with a reason.
        assert!(matches!(
            g.decide(&list, &Method::GET, &h(&[("cookie", "ws_session=a.1.b")]), true).await,
            Err(Refusal::Unauthorized(m)) if m.contains("expired")
        ));
        // A role below the class: 403 with the role named.
        let role = Refusal::Role {
            class: Class::Admin,
            caller: "ada".into(),
            role: Role::Editor,
        };
        let resp = role.answer(&backup, &Method::GET, "/api/backup");
        assert_eq!(resp.status(), 403);
        // Anonymous page requests go to the login page with their path; API requests get 401.
        let page = route(Verb::Get, "/designs");
        let resp = Refusal::SignIn.answer(&page, &Method::GET, "/designs?q=a b");
        assert_eq!(resp.status(), 303);
        assert_eq!(
            resp.headers()["location"],
            "/login?next=%2Fdesigns%3Fq%3Da%20b"
        );
        let resp = Refusal::SignIn.answer(&list, &Method::GET, "/api/designs");
        assert_eq!(resp.status(), 401);
        assert!(resp.headers().contains_key(header::WWW_AUTHENTICATE));
        assert_eq!(safe_next(Some("//evil.example")), "/");
        assert_eq!(safe_next(Some("/s/abc")), "/s/abc");
    }

    #[test]
    fn buckets_refill() {
        let g = Guard::new(None, 2.0);
        let ip = IpAddr::from([10, 0, 0, 1]);
        for _ in 0..6 {
            assert!(g.take(ip).is_ok());
        }
        assert!(g.take(ip).is_err());
        assert!(g.take(IpAddr::from([10, 0, 0, 2])).is_ok());
    }
}
