//! Server functions over share links.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use super::error::AppError;
use super::types::{ShareInfo, SharedView};

/// What a share link shows: the design it names, built for the preview.
#[server(endpoint = "ui/shared", input = GetUrl, output = crate::api::codec::Json)]
pub async fn load_shared(token: String) -> Result<SharedView, AppError> {
    super::error::answer(
        async move {
            let shared = super::service::service()?.shared(token).await?;
            let preview = super::preview::preview_design(&shared.document);
            Ok(SharedView { shared, preview })
        }
        .await,
    )
}

/// Creates a share link for a design: `pin` is `latest` (or empty) to follow the latest
/// revision, or a revision number. Posted by the share form of the design and editor pages,
/// which works without JavaScript: the browser then goes back to `back` (a path of this
/// studio), where the new link is listed.
#[server(endpoint = "ui/share", output = crate::api::codec::Json)]
pub async fn create_share(
    id: String,
    pin: Option<String>,
    back: Option<String>,
) -> Result<ShareInfo, AppError> {
    super::error::answer(
        async move {
            let revision = match pin.as_deref().map(str::trim) {
                None | Some("" | "latest") => None,
                Some(n) => Some(n.parse::<i64>().ok().filter(|n| *n >= 1).ok_or_else(|| {
                    AppError::invalid(format!(
                        "pin: {n:?} is not a revision; use \"latest\" or a revision number"
                    ))
                })?),
            };
            let share = super::service::writer()?.share(id, revision).await?;
            go_back(back.as_deref(), ("shared", &share.token));
            Ok(share)
        }
        .await,
    )
}

/// Revokes a share link (then back to `back`, as [`create_share`]).
#[server(endpoint = "ui/revoke", output = crate::api::codec::Json)]
pub async fn revoke_share(id: String, token: String, back: Option<String>) -> Result<(), AppError> {
    super::error::answer(
        async move {
            super::service::writer()?.revoke(id, token.clone()).await?;
            go_back(back.as_deref(), ("revoked", &token));
            Ok(())
        }
        .await,
    )
}

/// Sends a plain form's browser back to a page of this studio, with `said` as one more query
/// parameter (what was done: the page says it in a notice that takes the focus, and so comes
/// into view; no `#fragment`, which would keep the browser from focusing it). Anything but a
/// local path (`//host`, `https://…`) is ignored, so a form cannot redirect elsewhere.
#[cfg(feature = "ssr")]
fn go_back(back: Option<&str>, said: (&str, &str)) {
    if let Some(path) = back.filter(|b| local_path(b)) {
        leptos_axum::redirect(&back_to(path, said));
    }
}

/// `path` (which may have a query; a fragment is dropped) with `key=value` added to its
/// query. The value is a share token: only its URL-safe characters are kept.
pub fn back_to(path: &str, (key, value): (&str, &str)) -> String {
    let path = path.split('#').next().unwrap_or_default();
    let join = if path.contains('?') { '&' } else { '?' };
    let value: String = value
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
        .collect();
    format!("{path}{join}{key}={value}")
}

/// A path on this studio: starts with one `/`, no backslash, no control characters.
pub fn local_path(p: &str) -> bool {
    p.starts_with('/')
        && !p.starts_with("//")
        && !p.contains('\\')
        && !p.chars().any(char::is_control)
}

#[cfg(test)]
mod tests {
    use super::{back_to, local_path};

    #[test]
    fn back_says_what_was_done() {
        assert_eq!(
            back_to("/designs/a", ("shared", "t0k")),
            "/designs/a?shared=t0k"
        );
        assert_eq!(
            back_to("/designs/a/edit?share=open", ("revoked", "a b&c")),
            "/designs/a/edit?share=open&revoked=abc"
        );
        assert_eq!(
            back_to("/designs/a#old", ("shared", "t")),
            "/designs/a?shared=t"
        );
    }

    #[test]
    fn only_local_paths_are_followed() {
        assert!(local_path("/designs/abc"));
        assert!(local_path("/designs/abc/edit?theme=dark"));
        for bad in [
            "//evil.example",
            "https://evil.example",
            "/\\evil",
            "designs",
            "",
            "/a\nb",
        ] {
            assert!(!local_path(bad), "{bad:?}");
        }
    }
}
