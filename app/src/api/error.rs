//! [`AppError`]: the one error of every server function, with one status mapping.

use super::codec::JsonText;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use widget::Report;

use super::types::DesignRecord;

/// What can go wrong behind a page or a server function.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, thiserror::Error)]
#[serde(rename_all = "kebab-case")]
pub enum AppError {
    /// Nothing exists at this address (a design, a revision, a share link).
    #[error("{message}")]
    NotFound { message: String },
    /// A save was based on an older revision; `head` is the design as it is now.
    #[error("the design has moved on: you edited revision {base}, the latest is {}", head.revision)]
    Conflict { base: i64, head: Box<DesignRecord> },
    /// The request is not valid; `report` locates the problems when there is a source.
    #[error("{message}")]
    Invalid { message: String, report: Report },
    /// The request is well formed but the studio's state refuses it: a name already taken,
    /// the last admin removed or demoted.
    #[error("{message}")]
    Refused { message: String },
    /// A write without the studio's token (or with a wrong or expired one).
    #[error("{message}")]
    Unauthorized { message: String },
    /// A write with the session cookie but without its CSRF token.
    #[error("{message}")]
    Forbidden { message: String },
    /// The database or another service cannot answer now; trying again may work.
    #[error("{message}")]
    Unavailable { message: String },
    /// The server's own fault, such as a damaged stored document.
    #[error("{message}")]
    Internal { message: String },
    /// The request did not reach the function (network, decoding).
    #[error("{0}")]
    ServerFn(ServerFnErrorErr),
}

impl AppError {
    pub fn not_found(message: impl Into<String>) -> AppError {
        AppError::NotFound {
            message: message.into(),
        }
    }

    pub fn invalid(message: impl Into<String>) -> AppError {
        AppError::Invalid {
            message: message.into(),
            report: Report::default(),
        }
    }

    pub fn refused(message: impl Into<String>) -> AppError {
        AppError::Refused {
            message: message.into(),
        }
    }

    pub fn unavailable(message: impl Into<String>) -> AppError {
        AppError::Unavailable {
            message: message.into(),
        }
    }

    pub fn internal(message: impl Into<String>) -> AppError {
        AppError::Internal {
            message: message.into(),
        }
    }

    /// The HTTP status a page answers with when it shows this error.
    pub fn status(&self) -> http::StatusCode {
        use http::StatusCode as S;
        match self {
            AppError::NotFound { .. } => S::NOT_FOUND,
            AppError::Conflict { .. } | AppError::Refused { .. } => S::CONFLICT,
            AppError::Invalid { .. } => S::BAD_REQUEST,
            AppError::Unauthorized { .. } => S::UNAUTHORIZED,
            AppError::Forbidden { .. } => S::FORBIDDEN,
            AppError::Unavailable { .. } => S::SERVICE_UNAVAILABLE,
            AppError::Internal { .. } => S::INTERNAL_SERVER_ERROR,
            AppError::ServerFn(_) => S::BAD_GATEWAY,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonText;
    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        AppError::ServerFn(value)
    }
}

/// Sets the server response's status (no-op in the browser).
pub fn set_status(status: http::StatusCode) {
    #[cfg(feature = "ssr")]
    if let Some(resp) = use_context::<leptos_axum::ResponseOptions>() {
        resp.set_status(status);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = status;
}

/// What a server function answers: on an error, the response carries the error's status
/// ([`AppError::status`]), so a client sees 401, 404 or 409 rather than a generic 500.
pub fn answer<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    if let Err(e) = &result
        && !plain_form_post()
    {
        set_status(e.status());
    }
    result
}

/// A form posted by a browser without JavaScript: server_fn answers it with a redirect back
/// to the page, carrying the error, which a 4xx status would stop the browser following.
fn plain_form_post() -> bool {
    #[cfg(feature = "ssr")]
    {
        use_context::<http::request::Parts>().is_some_and(|p| {
            p.method == http::Method::POST
                && p.headers
                    .get(http::header::ACCEPT)
                    .and_then(|v| v.to_str().ok())
                    .is_some_and(|a| a.contains("text/html"))
        })
    }
    #[cfg(not(feature = "ssr"))]
    false
}

/// What the server's implementation of [`super::service::DesignService`] returns.
#[cfg(feature = "ssr")]
pub type Fut<'a, T> =
    std::pin::Pin<Box<dyn std::future::Future<Output = Result<T, AppError>> + Send + 'a>>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_has_its_status_and_round_trips() {
        let all = [
            (AppError::not_found("no design x"), 404),
            (AppError::invalid("bad"), 400),
            (AppError::unavailable("db down"), 503),
            (AppError::refused("the last admin"), 409),
            (
                AppError::Unauthorized {
                    message: "log in".into(),
                },
                401,
            ),
            (
                AppError::Forbidden {
                    message: "csrf".into(),
                },
                403,
            ),
            (AppError::internal("damaged"), 500),
        ];
        for (e, status) in all {
            assert_eq!(e.status().as_u16(), status);
            let text = serde_json::to_string(&e).unwrap();
            assert_eq!(serde_json::from_str::<AppError>(&text).unwrap(), e);
        }
    }
}
