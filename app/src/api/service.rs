//! The one trait through which server functions read and write designs. The server
//! implements it over its store and provides it as context ([`Service`]); this crate has no
//! storage code.

use std::sync::Arc;

use leptos::prelude::*;
use widget::Design;

use super::error::{AppError, Fut};
use super::types::{
    DesignDetail, DesignPage, DesignRecord, ListQuery, RevisionDiff, SaveRequest, ShareInfo,
    SharedDesign,
};

/// Reads and writes of designs, as the pages and the editor need them.
pub trait DesignService: Send + Sync + 'static {
    /// A page of designs (or of the trash).
    fn list(&self, query: ListQuery) -> Fut<'_, DesignPage>;
    /// A design with its head, revisions and share links (trashed designs included).
    fn detail(&self, id: String) -> Fut<'_, DesignDetail>;
    /// The difference between two revisions.
    fn diff(&self, id: String, from: i64, to: i64) -> Fut<'_, RevisionDiff>;
    /// What a share token shows.
    fn shared(&self, token: String) -> Fut<'_, SharedDesign>;
    /// Creates a design at revision 1.
    fn create(&self, design: Design) -> Fut<'_, DesignRecord>;
    /// Saves a revision; a stale base gives [`AppError::Conflict`].
    fn save(&self, id: String, request: SaveRequest) -> Fut<'_, DesignRecord>;
    /// Creates a share link, pinned to a revision or following the latest.
    fn share(&self, id: String, revision: Option<i64>) -> Fut<'_, ShareInfo>;
    /// Revokes a share link.
    fn revoke(&self, id: String, token: String) -> Fut<'_, ()>;
}

/// The context the server provides to pages and server functions.
#[derive(Clone)]
pub struct Service(pub Arc<dyn DesignService>);

/// The design service from context.
pub fn service() -> Result<Arc<dyn DesignService>, AppError> {
    use_context::<Service>()
        .map(|s| s.0)
        .ok_or_else(|| AppError::unavailable("no design store is configured"))
}
