//! Server functions over share links.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use super::error::AppError;
use super::types::{ShareInfo, SharedView};

/// What a share link shows: the design it names, built for the preview.
#[server(endpoint = "ui/shared", input = GetUrl)]
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

/// Creates a share link for a design, pinned to `revision` or following the latest.
#[server(endpoint = "ui/share")]
pub async fn create_share(id: String, revision: Option<i64>) -> Result<ShareInfo, AppError> {
    super::error::answer(async move { super::service::writer()?.share(id, revision).await }.await)
}

/// Revokes a share link.
#[server(endpoint = "ui/revoke")]
pub async fn revoke_share(id: String, token: String) -> Result<(), AppError> {
    super::error::answer(async move { super::service::writer()?.revoke(id, token).await }.await)
}
