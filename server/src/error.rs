//! The REST API's one error: a closed set of codes, each with its one HTTP status, and the
//! JSON it answers with, `{error: {code, message, details}}`.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use crate::store::StoreError;

/// What went wrong, as the API's clients match on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorCode {
    /// `bad-request`: HTTP bad request.
    BadRequest,
    /// `too-deep`: HTTP bad request.
    TooDeep,
    /// `unauthorized`: HTTP unauthorized.
    Unauthorized,
    /// `csrf`: HTTP forbidden.
    Csrf,
    /// `forbidden`: HTTP forbidden (the caller's role is too low).
    Forbidden,
    /// `not-found`: HTTP not found.
    NotFound,
    /// `method-not-allowed`: HTTP method not allowed (the `Allow` header lists the methods).
    MethodNotAllowed,
    /// `too-slow`: HTTP request timeout.
    TooSlow,
    /// `conflict`: HTTP conflict.
    Conflict,
    /// `too-large`: HTTP payload too large.
    TooLarge,
    /// `invalid`: HTTP unprocessable entity.
    Invalid,
    /// `invalid-import`: HTTP unprocessable entity.
    InvalidImport,
    /// `rate-limited`: HTTP too many requests.
    RateLimited,
    /// `damaged`: HTTP internal server error.
    Damaged,
    /// `internal`: HTTP internal server error.
    Internal,
    /// `database`: HTTP service unavailable.
    Database,
    /// `busy`: HTTP service unavailable.
    Busy,
    /// `forward-refused`: HTTP forbidden (the studio may not reach that forward target).
    ForwardRefused,
    /// `forward-failed`: HTTP bad gateway (the design's own ChatKit server did not answer).
    ForwardFailed,
    /// `unsupported-type`: HTTP unsupported media type (an upload that is not PNG, JPEG, GIF
    /// or WebP by its bytes).
    UnsupportedType,
    /// `asset-in-use`: HTTP conflict (deleting an asset that a design uses).
    AssetInUse,
}

impl ErrorCode {
    /// Every code, for the OpenAPI document and tests.
    pub const ALL: &[ErrorCode] = &[
        ErrorCode::BadRequest,
        ErrorCode::TooDeep,
        ErrorCode::Unauthorized,
        ErrorCode::Csrf,
        ErrorCode::Forbidden,
        ErrorCode::NotFound,
        ErrorCode::MethodNotAllowed,
        ErrorCode::TooSlow,
        ErrorCode::Conflict,
        ErrorCode::TooLarge,
        ErrorCode::Invalid,
        ErrorCode::InvalidImport,
        ErrorCode::RateLimited,
        ErrorCode::Damaged,
        ErrorCode::Internal,
        ErrorCode::Database,
        ErrorCode::Busy,
        ErrorCode::ForwardRefused,
        ErrorCode::ForwardFailed,
        ErrorCode::UnsupportedType,
        ErrorCode::AssetInUse,
    ];

    /// The stable string clients see.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::BadRequest => "bad-request",
            ErrorCode::TooDeep => "too-deep",
            ErrorCode::Unauthorized => "unauthorized",
            ErrorCode::Csrf => "csrf",
            ErrorCode::Forbidden => "forbidden",
            ErrorCode::NotFound => "not-found",
            ErrorCode::MethodNotAllowed => "method-not-allowed",
            ErrorCode::TooSlow => "too-slow",
            ErrorCode::Conflict => "conflict",
            ErrorCode::TooLarge => "too-large",
            ErrorCode::Invalid => "invalid",
            ErrorCode::InvalidImport => "invalid-import",
            ErrorCode::RateLimited => "rate-limited",
            ErrorCode::Damaged => "damaged",
            ErrorCode::Internal => "internal",
            ErrorCode::Database => "database",
            ErrorCode::Busy => "busy",
            ErrorCode::ForwardRefused => "forward-refused",
            ErrorCode::ForwardFailed => "forward-failed",
            ErrorCode::UnsupportedType => "unsupported-type",
            ErrorCode::AssetInUse => "asset-in-use",
        }
    }

    /// The one HTTP status of each code.
    pub fn status(self) -> StatusCode {
        match self {
            ErrorCode::BadRequest => StatusCode::BAD_REQUEST,
            ErrorCode::TooDeep => StatusCode::BAD_REQUEST,
            ErrorCode::Unauthorized => StatusCode::UNAUTHORIZED,
            ErrorCode::Csrf => StatusCode::FORBIDDEN,
            ErrorCode::Forbidden => StatusCode::FORBIDDEN,
            ErrorCode::NotFound => StatusCode::NOT_FOUND,
            ErrorCode::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ErrorCode::TooSlow => StatusCode::REQUEST_TIMEOUT,
            ErrorCode::Conflict => StatusCode::CONFLICT,
            ErrorCode::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ErrorCode::Invalid => StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::InvalidImport => StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::RateLimited => StatusCode::TOO_MANY_REQUESTS,
            ErrorCode::Damaged => StatusCode::INTERNAL_SERVER_ERROR,
            ErrorCode::Internal => StatusCode::INTERNAL_SERVER_ERROR,
            ErrorCode::Database => StatusCode::SERVICE_UNAVAILABLE,
            ErrorCode::Busy => StatusCode::SERVICE_UNAVAILABLE,
            ErrorCode::ForwardRefused => StatusCode::FORBIDDEN,
            ErrorCode::ForwardFailed => StatusCode::BAD_GATEWAY,
            ErrorCode::UnsupportedType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ErrorCode::AssetInUse => StatusCode::CONFLICT,
        }
    }
}

/// An API error: status, stable code, message and details.
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
    pub details: Value,
}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> ApiError {
        ApiError {
            code,
            message: message.into(),
            details: Value::Null,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.code.status(), Json(json!({"error": {"code": self.code.as_str(), "message": self.message, "details": self.details}}))).into_response()
    }
}

impl From<crate::asset_store::AssetError> for ApiError {
    fn from(e: crate::asset_store::AssetError) -> ApiError {
        use crate::asset_store::{ACCEPTED, AssetError};
        match e {
            AssetError::NotFound(_) => ApiError::new(ErrorCode::NotFound, e.to_string()),
            AssetError::Quota { total, quota } => ApiError {
                code: ErrorCode::TooLarge,
                message: e.to_string(),
                details: json!({"total_bytes": total, "quota_bytes": quota}),
            },
            AssetError::InUse { ref used_by, .. } => ApiError {
                code: ErrorCode::AssetInUse,
                details: json!({"used_by": used_by}),
                message: e.to_string(),
            },
            AssetError::Invalid(m) => ApiError::new(ErrorCode::Invalid, m),
            AssetError::TooLarge(m) => ApiError::new(ErrorCode::TooLarge, m),
            AssetError::Unsupported(m) => ApiError {
                code: ErrorCode::UnsupportedType,
                message: m,
                details: json!({"accepted": ACCEPTED}),
            },
            AssetError::Store(s) => s.into(),
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> ApiError {
        match e {
            StoreError::NotFound(_)
            | StoreError::Trashed(_)
            | StoreError::NoRevision(..)
            | StoreError::NoShare => ApiError::new(ErrorCode::NotFound, e.to_string()),
            StoreError::Invalid(m) => ApiError::new(ErrorCode::Invalid, m),
            StoreError::Damaged(m) => {
                tracing::error!(%m, "a stored document does not read");
                ApiError::new(
                    ErrorCode::Damaged,
                    format!("the server cannot read this design: {m}"),
                )
            }
            StoreError::Conflict { id, base, current } => ApiError {
                code: ErrorCode::Conflict,
                message: format!(
                    "design {id} has moved on: you saved on revision {base}, the current revision is {}; merge, or save again with \"overwrite\": true",
                    current.revision
                ),
                details: json!({"current_revision": current.revision, "current": current}),
            },
            StoreError::Db(err) => {
                tracing::error!(%err, "database error");
                ApiError::new(
                    ErrorCode::Database,
                    "the database could not complete the request; nothing was saved",
                )
            }
        }
    }
}

/// Leptos answers a server-function call whose arguments do not decode (a missing field, a
/// body that is not the form or JSON it expects) with 500, before the function runs. That is
/// the caller's mistake, not the server's: this middleware, in front of the server functions,
/// answers it with 400 and the same body (`{"server-fn": {"Args": "missing field `id`"}}`),
/// which the pages' own calls still decode as their error.
pub async fn server_fn_bad_arguments(
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let path = req.uri().path();
    let server_fn = path.starts_with("/api/ui/") || path == "/api/preview" || path == "/api/a2ui";
    let resp = next.run(req).await;
    if !server_fn || resp.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return resp;
    }
    let (mut parts, body) = resp.into_parts();
    let bytes = axum::body::to_bytes(body, 64 << 10)
        .await
        .unwrap_or_default();
    let decode_error = serde_json::from_slice::<Value>(&bytes)
        .ok()
        .and_then(|v| {
            v.get("server-fn")?
                .as_object()
                .map(|o| o.contains_key("Args") || o.contains_key("Deserialization"))
        })
        .unwrap_or(false);
    if decode_error {
        parts.status = StatusCode::BAD_REQUEST;
    }
    Response::from_parts(parts, axum::body::Body::from(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_has_one_status_and_a_kebab_name() {
        let mut seen = std::collections::HashSet::new();
        for c in ErrorCode::ALL {
            assert!(seen.insert(c.as_str()), "{c:?}");
            assert!(
                c.as_str()
                    .chars()
                    .all(|ch| ch.is_ascii_lowercase() || ch == '-')
            );
            assert!(c.status().is_client_error() || c.status().is_server_error());
        }
        assert_eq!(ErrorCode::Csrf.status(), StatusCode::FORBIDDEN);
        assert_eq!(ErrorCode::Busy.as_str(), "busy");
    }
}
