//! `POST /preview`: the preview page's forms without JavaScript. A pasted source can be longer
//! than an address may be (hyper refuses one over 64 KB with 414), so the page's forms post,
//! and this answers a post as `GET /preview` with the form's fields handed to the page in the
//! request's extensions ([`PostedForm`]). It runs before routing, so the page's own route
//! answers.

use app::api::types::PostedForm;
use axum::body::Body;
use axum::extract::{FromRequest, Request};
use axum::http::{Method, Uri, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::{ApiError, ErrorCode};
use crate::limits::MAX_JSON_BODY;

/// The pages whose forms post: the preview (a source too long for an address) and the
/// settings page (whose answer shows a one-time password or token, which must not travel in
/// an address). The access guard still sees such a request as the POST it is.
pub const PAGES: [&str; 2] = ["/preview", "/settings/users"];

/// The largest form the settings page takes (names, a password, a token's name).
const SETTINGS_FORM_MAX: usize = 16 << 10;

pub async fn middleware(req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    if req.method() != Method::POST || !PAGES.contains(&path.as_str()) {
        return next.run(req).await;
    }
    let (mut parts, body) = req.into_parts();
    // The preview's form carries a source; the settings page's forms a few short fields.
    let (limit, what) = if path == "/preview" {
        (
            MAX_JSON_BODY,
            format!(
                "{} MiB; the preview takes a source of at most 1 MiB",
                MAX_JSON_BODY >> 20
            ),
        )
    } else {
        (
            SETTINGS_FORM_MAX,
            format!("{} KiB", SETTINGS_FORM_MAX >> 10),
        )
    };
    let Ok(bytes) = axum::body::to_bytes(body, limit).await else {
        return ApiError::new(
            ErrorCode::TooLarge,
            format!("the form is larger than {what}"),
        )
        .into_response();
    };
    let form = Request::builder()
        .method(Method::POST)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(bytes))
        .unwrap_or_default();
    let fields = match axum::Form::<Vec<(String, String)>>::from_request(form, &()).await {
        Ok(f) => f.0,
        Err(e) => {
            return ApiError::new(
                ErrorCode::BadRequest,
                format!("the form could not be read: {}", e.body_text()),
            )
            .into_response();
        }
    };
    parts.method = Method::GET;
    parts.uri = Uri::try_from(path.as_str()).unwrap_or_else(|_| Uri::from_static("/"));
    // The content type stays: the access guard reads it (with the Origin) to tell the
    // studio's own form from a cross-site post.
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.extensions.insert(PostedForm(fields));
    next.run(Request::from_parts(parts, Body::empty())).await
}
