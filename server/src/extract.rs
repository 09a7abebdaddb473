//! Extractors that turn malformed requests into located [`ApiError`]s, and the checks they
//! share (body size, JSON depth, slow bodies).

use axum::extract::{Path, Query};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize as _;
use serde_json::json;

use crate::error::{ApiError, ErrorCode};

/// A query string, with parse errors as API errors (status 400, JSON).
pub struct Q<T>(pub T);

impl<S: Send + Sync, T: serde::de::DeserializeOwned> axum::extract::FromRequestParts<S> for Q<T> {
    type Rejection = ApiError;
    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &S,
    ) -> Result<Self, ApiError> {
        Query::<T>::from_request_parts(parts, state)
            .await
            .map(|Query(v)| Q(v))
            .map_err(|e| {
                ApiError::new(
                    ErrorCode::BadRequest,
                    format!("the query string is not valid: {}", e.body_text()),
                )
            })
    }
}

/// Path parameters, with parse errors as API errors (status 400, JSON).
pub struct P<T>(pub T);

impl<S: Send + Sync, T: serde::de::DeserializeOwned + Send> axum::extract::FromRequestParts<S>
    for P<T>
{
    type Rejection = ApiError;
    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &S,
    ) -> Result<Self, ApiError> {
        Path::<T>::from_request_parts(parts, state)
            .await
            .map(|Path(v)| P(v))
            .map_err(|e| {
                ApiError::new(
                    ErrorCode::BadRequest,
                    format!("the path is not valid: {}", e.body_text()),
                )
            })
    }
}

/// Any other path under `/api/`: a JSON 404.
pub async fn not_found(uri: axum::http::Uri) -> ApiError {
    ApiError::new(
        ErrorCode::NotFound,
        format!(
            "no API endpoint {}; see /api/openapi.json for the endpoints",
            uri.path()
        ),
    )
}

/// A body as bytes, with a body that could not be read (too large, too slow) as an API error
/// ([`body_error`]), not axum's plain-text rejection.
pub struct RawBody(pub axum::body::Bytes);

impl<S: Send + Sync> axum::extract::FromRequest<S> for RawBody {
    type Rejection = Response;
    async fn from_request(req: axum::extract::Request, state: &S) -> Result<Self, Response> {
        axum::body::Bytes::from_request(req, state)
            .await
            .map(RawBody)
            .map_err(|e| {
                body_error(
                    e,
                    "the request body is larger than 4 MiB, the most a JSON request may carry",
                )
            })
    }
}

/// A 405 of an API route (axum writes it with an empty body) as an API error that names the
/// methods the route has, in its message, `details.allow` and the `Allow` header; every other
/// answer passes unchanged.
///
/// The middleware runs inside the route (a layer wraps each route's method router, fallback
/// included), so the answer it sees has no `Allow` yet: axum adds that outside, and only when
/// the answer has none. The methods come from the route table ([`crate::route_table::ROUTES`],
/// which a test keeps equal to the router) by the route the router matched.
pub async fn json_405(req: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    let matched = req
        .extensions()
        .get::<axum::extract::MatchedPath>()
        .cloned();
    let res = next.run(req).await;
    if res.status() != axum::http::StatusCode::METHOD_NOT_ALLOWED {
        return res;
    }
    let mut allow = matched
        .map(|m| allowed_methods(m.as_str()).join(", "))
        .unwrap_or_default();
    if allow.is_empty() {
        // A route the table does not list: what the router says, if anything.
        allow = res
            .headers()
            .get(axum::http::header::ALLOW)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .split(',')
            .map(str::trim)
            .filter(|m| !m.is_empty())
            .collect::<Vec<_>>()
            .join(", ");
    }
    let takes = if allow.is_empty() {
        "no other method".to_string()
    } else {
        allow.clone()
    };
    let mut out = ApiError {
        code: ErrorCode::MethodNotAllowed,
        message: format!("{path} does not take {method}; it takes {takes} (see /api/openapi.json)"),
        details: json!({"allow": allow}),
    }
    .into_response();
    // Set even when empty: axum would otherwise add its own (an empty one, here) outside.
    if let Ok(v) = axum::http::HeaderValue::from_str(&allow) {
        out.headers_mut().insert(axum::http::header::ALLOW, v);
    }
    out
}

/// The methods the route `pattern` (as the router writes it) takes, in the route table's
/// order of methods: `["GET", "HEAD", "POST"]` for `/api/designs`.
pub fn allowed_methods(pattern: &str) -> Vec<&'static str> {
    use crate::route_table::{ROUTES, Verb};
    let mut methods: Vec<&'static str> = Verb::METHODS
        .iter()
        .filter(|v| ROUTES.iter().any(|r| r.path == pattern && r.verb == **v))
        .map(|v| v.as_str())
        .collect();
    // The router answers HEAD wherever it answers GET.
    if let Some(i) = methods.iter().position(|m| *m == "GET") {
        methods.insert(i + 1, "HEAD");
    }
    methods
}

/// A JSON body, with parse errors as API errors (status 400, located).
pub struct Body<T>(pub T);

impl<S: Send + Sync, T: serde::de::DeserializeOwned> axum::extract::FromRequest<S> for Body<T> {
    type Rejection = Response;
    async fn from_request(req: axum::extract::Request, state: &S) -> Result<Self, Response> {
        let bytes = json_bytes(req, state).await?;
        parse_body(&bytes)
            .map(Body)
            .map_err(IntoResponse::into_response)
    }
}

/// A JSON body of a write that keeps what it is given ([`Shaped`]): a field the body's type
/// does not have, at any depth its [`Shape`] describes, is a 422 naming its path and the
/// fields there are, instead of being dropped unsaid; other problems are [`Body`]'s.
pub struct Strict<T>(pub T);

impl<S: Send + Sync, T: serde::de::DeserializeOwned + Shaped> axum::extract::FromRequest<S>
    for Strict<T>
{
    type Rejection = Response;
    async fn from_request(req: axum::extract::Request, state: &S) -> Result<Self, Response> {
        let bytes = json_bytes(req, state).await?;
        check_fields(&bytes, &T::SHAPE).map_err(IntoResponse::into_response)?;
        parse_body(&bytes)
            .map(Strict)
            .map_err(IntoResponse::into_response)
    }
}

/// A write's body whose fields are all optional, read from its raw bytes: an empty (or blank)
/// body is the default, anything else as [`Strict`] reads it (unknown fields a 422, malformed
/// JSON a located 400).
pub fn optional_body<T: serde::de::DeserializeOwned + Default + Shaped>(
    raw: &[u8],
) -> Result<T, ApiError> {
    if raw.iter().all(u8::is_ascii_whitespace) {
        return Ok(T::default());
    }
    check_depth(raw, MAX_BODY_DEPTH)?;
    check_fields(raw, &T::SHAPE)?;
    parse_body(raw)
}

/// A request body that is read whole and not nested too deeply.
async fn json_bytes<S: Send + Sync>(
    req: axum::extract::Request,
    state: &S,
) -> Result<axum::body::Bytes, Response> {
    use axum::extract::FromRequest as _;
    let bytes = axum::body::Bytes::from_request(req, state)
        .await
        .map_err(|e| {
            body_error(
                e,
                "the request body is larger than 4 MiB, the most a JSON request may carry",
            )
        })?;
    check_depth(&bytes, MAX_BODY_DEPTH).map_err(IntoResponse::into_response)?;
    Ok(bytes)
}

/// A body as `T`, or a located 400.
fn parse_body<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    serde_json::from_slice::<T>(bytes).map_err(|e| ApiError {
        code: ErrorCode::BadRequest,
        message: format!("the body is not valid: {e}"),
        details: json!({"line": e.line(), "column": e.column()}),
    })
}

/// The fields a JSON value may have, for the writes that refuse the others ([`Strict`]).
#[derive(Clone, Copy, Debug)]
pub enum Shape {
    /// Any value, not looked into (free-form data, or checked elsewhere).
    Any,
    /// An object with these fields (each with its own shape), called `what` in messages.
    Object {
        what: &'static str,
        fields: &'static [(&'static str, Shape)],
    },
    /// A list whose items have this shape.
    List(&'static Shape),
}

impl Shape {
    /// The names of an object's fields (none for other shapes).
    pub fn field_names(&self) -> Vec<&'static str> {
        match self {
            Shape::Object { fields, .. } => fields.iter().map(|(n, _)| *n).collect(),
            _ => Vec::new(),
        }
    }
}

/// A request body type whose [`Shape`] says which fields it keeps.
pub trait Shaped {
    const SHAPE: Shape;
}

/// Refuses a field that `shape` does not have (the first one, in the order of the text) with
/// a 422 that names its path (`document.descripton`), its line and column, and the fields
/// allowed there. Values of the wrong type and JSON that does not parse are left to the
/// body's own parse, which says what is wrong with them.
pub fn check_fields(bytes: &[u8], shape: &Shape) -> Result<(), ApiError> {
    use serde::de::DeserializeSeed;
    let found = std::cell::RefCell::new(None);
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let walk = Walk {
        shape,
        path: String::new(),
        found: &found,
    };
    let Err(e) = walk.deserialize(&mut de) else {
        return Ok(());
    };
    let Some(Unknown {
        path,
        key,
        what,
        allowed,
    }) = found.into_inner()
    else {
        return Ok(());
    };
    let hint = if key.chars().count() <= 64 {
        widget::diag::did_you_mean(&key, allowed.iter().copied())
            .map(|f| format!(" (did you mean {f}?)"))
            .unwrap_or_default()
    } else {
        String::new()
    };
    Err(ApiError {
        code: ErrorCode::Invalid,
        message: format!(
            "{path}: not a field of {what}{hint}; the fields are {} (at line {}, column {})",
            allowed.join(", "),
            e.line(),
            e.column()
        ),
        details: json!({"path": path, "line": e.line(), "column": e.column(), "allowed": allowed}),
    })
}

/// The first field [`check_fields`] found that its shape does not have.
struct Unknown {
    path: String,
    key: String,
    what: &'static str,
    allowed: Vec<&'static str>,
}

/// Walks a JSON value against a [`Shape`] without building it; stops at the first unknown
/// field (recorded in `found`) with an error at its place in the text.
struct Walk<'a> {
    shape: &'a Shape,
    path: String,
    found: &'a std::cell::RefCell<Option<Unknown>>,
}

impl Walk<'_> {
    fn child(&self, shape: &'static Shape, path: String) -> Walk<'_> {
        Walk {
            shape,
            path,
            found: self.found,
        }
    }
}

/// A key as a path shows it: long ones cut (a key can be megabytes long).
fn shown_key(key: &str) -> String {
    if key.chars().count() > 64 {
        format!("{}…", key.chars().take(64).collect::<String>())
    } else {
        key.to_string()
    }
}

impl<'de> serde::de::DeserializeSeed<'de> for Walk<'_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        match self.shape {
            Shape::Any => serde::de::IgnoredAny::deserialize(d).map(|_| ()),
            _ => d.deserialize_any(self),
        }
    }
}

impl<'de> serde::de::Visitor<'de> for Walk<'_> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let Shape::List(item) = self.shape else {
            while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
            return Ok(());
        };
        let mut i = 0usize;
        while seq
            .next_element_seed(self.child(item, format!("{}[{i}]", self.path)))?
            .is_some()
        {
            i += 1;
        }
        Ok(())
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let Shape::Object { what, fields } = *self.shape else {
            while map
                .next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?
                .is_some()
            {}
            return Ok(());
        };
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            let path = if self.path.is_empty() {
                shown_key(&key)
            } else {
                format!("{}.{}", self.path, shown_key(&key))
            };
            match fields.iter().find(|(name, _)| *name == key) {
                Some((_, shape)) => map.next_value_seed(self.child(shape, path))?,
                None => {
                    *self.found.borrow_mut() = Some(Unknown {
                        path,
                        key: key.into_owned(),
                        what,
                        allowed: fields.iter().map(|(n, _)| *n).collect(),
                    });
                    return Err(serde::de::Error::custom("unknown field"));
                }
            }
        }
        Ok(())
    }
}

/// The answer to a request body that could not be read: 408 when it arrived too slowly (see
/// [`crate::conn::TimedBody`]), 413 over the size limit (`too_large` says which), else 400.
/// The connection is closed after it, since the rest of the body is not read.
pub fn body_error(e: axum::extract::rejection::BytesRejection, too_large: &str) -> Response {
    let err = if let Some(slow) = crate::conn::too_slow(&e) {
        ApiError {
            code: ErrorCode::TooSlow,
            message: slow.to_string(),
            details: json!({"received_bytes": slow.received, "body_timeout_seconds": slow.grace, "min_body_rate": slow.rate}),
        }
    } else if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        ApiError::new(ErrorCode::TooLarge, too_large)
    } else {
        ApiError::new(
            ErrorCode::BadRequest,
            format!("the request body could not be read: {e}"),
        )
    };
    let mut resp = err.into_response();
    resp.headers_mut().insert(
        header::CONNECTION,
        header::HeaderValue::from_static("close"),
    );
    resp
}

/// How deeply a request body's JSON may nest. Design documents are shallow (the widget itself is
/// text in `source`), so this only stops hostile bodies before any parser recurses.
pub const MAX_BODY_DEPTH: usize = 64;

/// Rejects JSON nested deeper than `max` with a located 400, without building anything.
pub fn check_depth(bytes: &[u8], max: usize) -> Result<(), ApiError> {
    let (mut depth, mut in_str, mut esc) = (0usize, false, false);
    let (mut line, mut col) = (1usize, 0usize);
    for &b in bytes {
        if b == b'\n' {
            line += 1;
            col = 0;
        } else if b & 0xC0 != 0x80 {
            col += 1;
        }
        if in_str {
            match b {
                _ if esc => esc = false,
                b'\\' => esc = true,
                b'"' => in_str = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_str = true,
            b'[' | b'{' => {
                depth += 1;
                if depth > max {
                    return Err(ApiError {
                        code: ErrorCode::TooDeep,
                        message: format!(
                            "the body nests deeper than {max} levels at line {line}, column {col}; at most {max} levels of arrays and objects are allowed"
                        ),
                        details: json!({"line": line, "column": col, "max_depth": max}),
                    });
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}
