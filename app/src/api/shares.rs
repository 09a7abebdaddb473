//! Server functions over share links.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use super::error::AppError;
use super::types::{ShareInfo, SharedView};

/// What a share link shows: the design it names, built for the preview.
#[server(endpoint = "ui/shared", input = GetUrl)]
pub async fn load_shared(token: String) -> Result<SharedView, AppError> {
    let shared = super::service::service()?.shared(token).await?;
    let preview = super::preview::preview_design(&shared.document);
    Ok(SharedView { shared, preview })
}

/// Creates a share link for a design, pinned to `revision` or following the latest.
#[server(endpoint = "ui/share")]
pub async fn create_share(id: String, revision: Option<i64>) -> Result<ShareInfo, AppError> {
    super::service::service()?.share(id, revision).await
}

/// Revokes a share link.
#[server(endpoint = "ui/revoke")]
pub async fn revoke_share(id: String, token: String) -> Result<(), AppError> {
    super::service::service()?.revoke(id, token).await
}
