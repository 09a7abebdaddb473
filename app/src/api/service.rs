//! The one trait through which server functions read and write designs. The server
//! implements it over its store and provides it as context ([`Service`]); this crate has no
//! storage code.

use std::sync::Arc;

use leptos::prelude::*;
use widget::Design;

use super::error::{AppError, Fut};
use super::types::{
    DesignDetail, DesignPage, DesignRecord, ListQuery, RevisionDiff, RevisionInfo, SaveRequest,
    ShareInfo, SharedDesign,
};

/// Reads and writes of designs, as the pages and the editor need them.
pub trait DesignService: Send + Sync + 'static {
    /// A page of designs (or of the trash).
    fn list(&self, query: ListQuery) -> Fut<'_, DesignPage>;
    /// A design with its head, revisions and share links (trashed designs included).
    fn detail(&self, id: String) -> Fut<'_, DesignDetail>;
    /// The difference between two revisions.
    fn diff(&self, id: String, from: i64, to: i64) -> Fut<'_, RevisionDiff>;
    /// One revision's document.
    fn revision(&self, id: String, number: i64) -> Fut<'_, (RevisionInfo, Design)>;
    /// Saves an older revision's document as the new head ("Restored revision N"), and says
    /// whether it made a revision (not when the head already holds the same document).
    fn restore(&self, id: String, number: i64) -> Fut<'_, (DesignRecord, bool)>;
    /// What a share token shows.
    fn shared(&self, token: String) -> Fut<'_, SharedDesign>;
    /// Creates a design at revision 1, with `message` as that revision's (where it came from).
    fn create(&self, design: Design, message: Option<String>) -> Fut<'_, DesignRecord>;
    /// Saves a revision; a stale base gives [`AppError::Conflict`].
    fn save(&self, id: String, request: SaveRequest) -> Fut<'_, DesignRecord>;
    /// Creates a share link, pinned to a revision or following the latest.
    fn share(&self, id: String, revision: Option<i64>) -> Fut<'_, ShareInfo>;
    /// Revokes a share link.
    fn revoke(&self, id: String, token: String) -> Fut<'_, ()>;
    /// Moves a design to the trash (its revisions stay; its share links stop opening).
    fn trash(&self, id: String) -> Fut<'_, ()>;
    /// Takes a design out of the trash.
    fn untrash(&self, id: String) -> Fut<'_, DesignRecord>;
    /// The file name an export gives each of these assets (by id), for those the studio
    /// holds or ships (the gallery's images): where the images of an export go.
    fn export_names(&self, ids: Vec<String>)
    -> Fut<'_, std::collections::BTreeMap<String, String>>;
}

/// The context the server provides to pages and server functions.
#[derive(Clone)]
pub struct Service(pub Arc<dyn DesignService>);

/// The design service from context, for reads.
pub fn service() -> Result<Arc<dyn DesignService>, AppError> {
    use_context::<Service>()
        .map(|s| s.0)
        .ok_or_else(|| AppError::unavailable("no design store is configured"))
}

/// Whether the current request may write. The server's access guard decides it for every
/// request and puts it in the request's extensions; each write (a REST handler's router, or a
/// server function through [`writer`]) enforces it. Nothing lists paths.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Access {
    /// Writes are allowed: the studio is open, or the request carries the token or a session
    /// with its CSRF token.
    Granted,
    /// No token, a wrong or expired one.
    Unauthorized(String),
    /// The session cookie without its CSRF token.
    Forbidden(String),
}

impl Access {
    /// `Ok` when granted, else the error a server function answers with.
    pub fn check(&self) -> Result<(), AppError> {
        match self {
            Access::Granted => Ok(()),
            Access::Unauthorized(m) => Err(AppError::Unauthorized { message: m.clone() }),
            Access::Forbidden(m) => Err(AppError::Forbidden { message: m.clone() }),
        }
    }
}

/// The design service from context, for a server function that writes: it refuses unless the
/// request may write. A request the guard did not see is refused too.
pub fn writer() -> Result<Arc<dyn DesignService>, AppError> {
    let access = use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<Access>().cloned())
        .ok_or_else(|| AppError::internal("the access guard did not see this request"))?;
    access.check()?;
    service()
}
