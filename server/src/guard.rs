//! Access control and request-rate limiting, as one middleware in front of everything.
//!
//! * **Rate limit.** Each client address has a token bucket (`rate` requests per second,
//!   bursts of `3 × rate`); an empty bucket answers 429 with `Retry-After`. Static files under
//!   `/pkg/` are not counted. `rate = 0` turns the limit off.
//! * **Writes.** Without `WIDGET_STUDIO_TOKEN` the studio is single-user on localhost and open.
//!   With it, every write needs the token: `Authorization: Bearer TOKEN`, or the session cookie
//!   set by `/login` together with the `X-CSRF-Token` header (the value of the `ws_csrf`
//!   cookie). Reads stay open, and a share token is never a credential: it only names what
//!   `/s/{token}` shows. The middleware decides [`Access`] for every request and lists no
//!   paths; the writes enforce it where they are defined: the REST routes that write sit
//!   behind [`require_write`], and server functions that write take the service through
//!   `app::api::service::writer`.
//!
//! Sessions are stateless (an HMAC over a nonce and an expiry, keyed by the token), so several
//! studio instances behind a load balancer accept each other's cookies, and changing the token
//! ends every session.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Form, Json};
use hmac::{Hmac, Mac};
use serde::Deserialize;
use serde_json::json;
use sha2::Sha256;

use app::api::service::Access;
use app::components::url::{safe_next, urlencode};

use crate::error::{ApiError, ErrorCode};

/// The session cookie (HttpOnly).
pub const SESSION_COOKIE: &str = "ws_session";
/// The CSRF cookie (readable by the page, echoed in `X-CSRF-Token`).
pub const CSRF_COOKIE: &str = "ws_csrf";
/// How long a login lasts.
pub const SESSION_SECONDS: u64 = 7 * 24 * 3600;

#[derive(Clone)]
pub struct Guard {
    token: Option<Arc<str>>,
    rate: f64,
    buckets: Arc<Mutex<HashMap<IpAddr, Bucket>>>,
}

#[derive(Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

type HmacSha256 = Hmac<Sha256>;

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

impl Guard {
    pub fn new(token: Option<String>, rate: f64) -> Guard {
        Guard {
            token: token.filter(|t| !t.is_empty()).map(Into::into),
            rate,
            buckets: Arc::default(),
        }
    }

    pub fn auth_required(&self) -> bool {
        self.token.is_some()
    }

    fn mac(&self, parts: &[&str]) -> String {
        let key = self.token.as_deref().unwrap_or_default();
        let mut mac = HmacSha256::new_from_slice(key.as_bytes()).expect("HMAC takes any key");
        for p in parts {
            mac.update(p.as_bytes());
            mac.update(b"\0");
        }
        hex(&mac.finalize().into_bytes())
    }

    /// A new session: (session cookie value, CSRF token).
    pub fn new_session(&self) -> (String, String) {
        let mut nonce = [0u8; 16];
        getrandom::fill(&mut nonce).expect("the OS random source");
        let nonce = hex(&nonce);
        let expiry = (now_secs() + SESSION_SECONDS).to_string();
        let mac = self.mac(&["session", &nonce, &expiry]);
        let csrf = self.mac(&["csrf", &nonce]);
        (format!("{nonce}.{expiry}.{mac}"), csrf)
    }

    /// The CSRF token of a valid, unexpired session cookie.
    pub fn session_csrf(&self, session: &str) -> Option<String> {
        let mut it = session.split('.');
        let (nonce, expiry, mac) = (it.next()?, it.next()?, it.next()?);
        if it.next().is_some() || expiry.parse::<u64>().ok()? < now_secs() {
            return None;
        }
        let want = self.mac(&["session", nonce, expiry]);
        same(want.as_bytes(), mac.as_bytes()).then(|| self.mac(&["csrf", nonce]))
    }

    fn bearer_ok(&self, headers: &HeaderMap) -> bool {
        let Some(token) = &self.token else {
            return true;
        };
        headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .is_some_and(|t| same(t.trim().as_bytes(), token.as_bytes()))
    }

    /// Whether a request may write.
    pub fn access(&self, headers: &HeaderMap) -> Access {
        // A browser says where a request comes from; another site may not write here, token
        // or not (a studio on localhost is reachable from any page the user opens).
        if cross_site(headers) {
            return Access::Forbidden(
                "this request comes from another site (its Origin is not this studio); writes are only taken from the studio's own pages"
                    .into(),
            );
        }
        if self.token.is_none() || self.bearer_ok(headers) {
            return Access::Granted;
        }
        if headers.contains_key(header::AUTHORIZATION) {
            return Access::Unauthorized(
                "the bearer token is wrong; writes need Authorization: Bearer WIDGET_STUDIO_TOKEN"
                    .into(),
            );
        }
        if let Some(session) = cookie(headers, SESSION_COOKIE) {
            let Some(csrf) = self.session_csrf(session) else {
                return Access::Unauthorized(
                    "the session has expired or the studio's token changed; log in again at /login"
                        .into(),
                );
            };
            let sent = headers
                .get("x-csrf-token")
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default();
            // The studio's own forms (and Leptos' server-function calls, which post forms)
            // cannot set a header; the browser's Origin names the page that sent them.
            if same_site_form(headers) {
                return Access::Granted;
            }
            if !same(sent.as_bytes(), csrf.as_bytes()) {
                return Access::Forbidden(
                    "a write with the session cookie needs the X-CSRF-Token header set to the ws_csrf cookie's value"
                        .into(),
                );
            }
            return Access::Granted;
        }
        Access::Unauthorized(
            "this studio requires a token for writes: send Authorization: Bearer WIDGET_STUDIO_TOKEN, or log in at /login"
                .into(),
        )
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

/// The middleware in front of everything: the rate limit, then what the request may do
/// ([`Access`], put in its extensions for the writes to enforce).
pub async fn middleware(State(guard): State<Guard>, mut req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    if !path.starts_with("/pkg/") {
        let ip = req
            .extensions()
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip())
            .unwrap_or(IpAddr::from([127, 0, 0, 1]));
        if let Err(wait) = guard.take(ip) {
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
    }
    let access = guard.access(req.headers());
    req.extensions_mut().insert(access);
    next.run(req).await
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
        Access::Forbidden(m) => (ErrorCode::Csrf, m),
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

/// `GET /api/session`: whether writes need a token and whether this client has one.
#[utoipa::path(get, path = "/api/session", tag = "access",
    responses((status = 200, description = "`{auth_required, authenticated}`", body = Object)))]
pub async fn session(State(guard): State<Guard>, headers: HeaderMap) -> Response {
    let session = cookie(&headers, SESSION_COOKIE).and_then(|s| guard.session_csrf(s));
    let authenticated = !guard.auth_required()
        || guard.bearer_ok(&headers) && headers.contains_key(header::AUTHORIZATION)
        || session.is_some();
    Json(json!({"auth_required": guard.auth_required(), "authenticated": authenticated}))
        .into_response()
}

#[derive(Deserialize)]
pub struct LoginForm {
    token: String,
    #[serde(default)]
    next: Option<String>,
}

/// `POST /login`: checks the token and sets the session and CSRF cookies.
pub async fn login(
    State(guard): State<Guard>,
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
    let Some(token) = &guard.token else {
        return Redirect::to(&next).into_response();
    };
    if !same(form.token.trim().as_bytes(), token.as_bytes()) {
        return Redirect::to(&format!("/login?error=1&next={}", urlencode(&next))).into_response();
    }
    let (session, csrf) = guard.new_session();
    let mut resp = Redirect::to(&next).into_response();
    let h = resp.headers_mut();
    for c in [
        format!(
            "{SESSION_COOKIE}={session}; Path=/; HttpOnly; SameSite=Strict; Max-Age={SESSION_SECONDS}"
        ),
        format!("{CSRF_COOKIE}={csrf}; Path=/; SameSite=Strict; Max-Age={SESSION_SECONDS}"),
    ] {
        if let Ok(v) = HeaderValue::from_str(&c) {
            h.append(header::SET_COOKIE, v);
        }
    }
    resp
}

/// `POST /logout`: clears the cookies.
pub async fn logout() -> Response {
    let mut resp = Redirect::to("/").into_response();
    for c in [
        format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0"),
        format!("{CSRF_COOKIE}=; Path=/; SameSite=Strict; Max-Age=0"),
    ] {
        if let Ok(v) = HeaderValue::from_str(&c) {
            resp.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sessions_verify_and_expire() {
        let g = Guard::new(Some("secret".into()), 0.0);
        let (s, csrf) = g.new_session();
        assert_eq!(g.session_csrf(&s).as_deref(), Some(csrf.as_str()));
        // Another token (a changed WIDGET_STUDIO_TOKEN) rejects it.
        assert_eq!(Guard::new(Some("other".into()), 0.0).session_csrf(&s), None);
        // A tampered expiry is rejected.
        let mut parts: Vec<&str> = s.split('.').collect();
        let later = (now_secs() + 10 * SESSION_SECONDS).to_string();
        parts[1] = &later;
        assert_eq!(g.session_csrf(&parts.join(".")), None);
        assert_eq!(g.session_csrf("garbage"), None);
    }

    #[test]
    fn access_from_headers() {
        let h = |pairs: &[(&'static str, &str)]| {
            let mut m = HeaderMap::new();
            for (k, v) in pairs {
                m.insert(*k, HeaderValue::from_str(v).unwrap());
            }
            m
        };
        // An open studio grants everything.
        assert_eq!(Guard::new(None, 0.0).access(&h(&[])), Access::Granted);
        let g = Guard::new(Some("secret".into()), 0.0);
        assert!(matches!(g.access(&h(&[])), Access::Unauthorized(m) if m.contains("/login")));
        assert_eq!(
            g.access(&h(&[("authorization", "Bearer secret")])),
            Access::Granted
        );
        assert!(matches!(
            g.access(&h(&[("authorization", "Bearer nope")])),
            Access::Unauthorized(m) if m.contains("wrong")
        ));
        let (session, csrf) = g.new_session();
        let cookie = format!("{SESSION_COOKIE}={session}");
        assert!(matches!(
            g.access(&h(&[("cookie", &cookie)])),
            Access::Forbidden(m) if m.contains("X-CSRF-Token")
        ));
        assert_eq!(
            g.access(&h(&[("cookie", &cookie), ("x-csrf-token", &csrf)])),
            Access::Granted
        );
        assert!(matches!(
            g.access(&h(&[("cookie", "ws_session=a.1.b")])),
            Access::Unauthorized(m) if m.contains("expired")
        ));
        // The studio's own form posts carry their Origin instead of the header.
        let form = "application/x-www-form-urlencoded";
        assert_eq!(
            g.access(&h(&[
                ("cookie", &cookie),
                ("content-type", form),
                ("origin", "http://studio.test"),
                ("host", "studio.test")
            ])),
            Access::Granted
        );
        // JSON from a script needs the header even from the same origin.
        assert!(matches!(
            g.access(&h(&[
                ("cookie", &cookie),
                ("content-type", "application/json"),
                ("origin", "http://studio.test"),
                ("host", "studio.test")
            ])),
            Access::Forbidden(_)
        ));
        // Another site never writes, open studio or not.
        for guard in [Guard::new(None, 0.0), g] {
            assert!(matches!(
                guard.access(&h(&[
                    ("cookie", &cookie),
                    ("content-type", form),
                    ("origin", "https://evil.example"),
                    ("host", "studio.test")
                ])),
                Access::Forbidden(m) if m.contains("another site")
            ));
        }
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
