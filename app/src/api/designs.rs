//! Server functions over saved designs: each takes the [`DesignService`] from context and
//! calls one method. Reads are GET.
//!
//! [`DesignService`]: super::service::DesignService

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use widget::Design;

use super::error::AppError;
use super::types::{DesignPage, DesignRecord, DesignView, ListQuery, RevisionDiff, SaveRequest};

/// A page of the designs list.
#[server(endpoint = "ui/designs", input = GetUrl)]
pub async fn list_designs(query: ListQuery) -> Result<DesignPage, AppError> {
    super::error::answer(async move { super::service::service()?.list(query).await }.await)
}

/// A design with its history and share links, and its head built for the preview.
#[server(endpoint = "ui/design", input = GetUrl)]
pub async fn view_design(id: String) -> Result<DesignView, AppError> {
    super::error::answer(
        async move {
            let detail = super::service::service()?.detail(id).await?;
            let preview = super::preview::preview_design(&detail.record.document);
            Ok(DesignView { detail, preview })
        }
        .await,
    )
}

/// The difference between two revisions of a design.
#[server(endpoint = "ui/diff", input = GetUrl)]
pub async fn diff_revisions(id: String, from: i64, to: i64) -> Result<RevisionDiff, AppError> {
    super::error::answer(async move { super::service::service()?.diff(id, from, to).await }.await)
}

/// Creates a design.
#[server(endpoint = "ui/create")]
pub async fn create_design(design: Design) -> Result<DesignRecord, AppError> {
    super::error::answer(async move { super::service::writer()?.create(design).await }.await)
}

/// Saves a revision of a design; a stale base revision answers [`AppError::Conflict`].
#[server(endpoint = "ui/save")]
pub async fn save_design(id: String, request: SaveRequest) -> Result<DesignRecord, AppError> {
    super::error::answer(async move { super::service::writer()?.save(id, request).await }.await)
}
