//! Extractors that turn malformed requests into located [`ApiError`]s, and the checks they
//! share (body size, JSON depth, slow bodies).

use axum::extract::{Path, Query};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
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
/// methods the route has; every other answer passes unchanged.
pub async fn json_405(req: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    let res = next.run(req).await;
    if res.status() != axum::http::StatusCode::METHOD_NOT_ALLOWED {
        return res;
    }
    let allow = res
        .headers()
        .get(axum::http::header::ALLOW)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let mut out = ApiError {
        code: ErrorCode::MethodNotAllowed,
        message: format!("{path} does not take {method}; it takes {allow} (see /api/openapi.json)"),
        details: json!({"allow": allow}),
    }
    .into_response();
    if let Ok(v) = axum::http::HeaderValue::from_str(&allow) {
        out.headers_mut().insert(axum::http::header::ALLOW, v);
    }
    out
}

/// A JSON body, with parse errors as API errors (status 400, located).
pub struct Body<T>(pub T);

impl<S: Send + Sync, T: serde::de::DeserializeOwned> axum::extract::FromRequest<S> for Body<T> {
    type Rejection = Response;
    async fn from_request(req: axum::extract::Request, state: &S) -> Result<Self, Response> {
        let bytes = axum::body::Bytes::from_request(req, state)
            .await
            .map_err(|e| {
                body_error(
                    e,
                    "the request body is larger than 4 MiB, the most a JSON request may carry",
                )
            })?;
        check_depth(&bytes, MAX_BODY_DEPTH).map_err(IntoResponse::into_response)?;
        let v = serde_json::from_slice::<T>(&bytes).map_err(|e| {
            ApiError {
                code: ErrorCode::BadRequest,
                message: format!("the body is not valid: {e}"),
                details: json!({"line": e.line(), "column": e.column()}),
            }
            .into_response()
        })?;
        Ok(Body(v))
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
