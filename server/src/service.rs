//! The store as the pages and server functions see it: [`app::api::service::DesignService`].

use app::api::AppError;
use app::api::error::Fut;
use app::api::service::DesignService;
use app::api::types::{
    DesignDetail, DesignPage, DesignRecord, ListQuery, RevisionDiff, RevisionInfo, SaveRequest,
    ShareInfo, SharedDesign,
};
use widget::Design;
use widget::diff::LineOp;

use crate::store::{Store, StoreError};

/// Stores the gallery's images a design refers to ([`crate::gallery_assets::adopt`]). A
/// failure is logged, not fatal: the studio still serves them, and the export says if one is
/// missing.
async fn adopt_shipped(store: &Store, design: &Design) {
    let text = serde_json::to_string(design).unwrap_or_default();
    if let Err(e) = crate::gallery_assets::adopt(store, &text).await {
        tracing::warn!("the gallery's images were not stored: {e}");
    }
}

/// The store behind the pages.
pub struct StoreService(pub Store);

/// The author of a write made by the current server-function call: its caller, as the access
/// guard put it in the request.
fn author() -> Result<String, AppError> {
    leptos::prelude::use_context::<http::request::Parts>()
        .and_then(|parts| {
            parts
                .extensions
                .get::<crate::guard::Caller>()
                .map(|c| c.who.author())
        })
        .ok_or_else(|| AppError::internal("the access guard did not see this request"))
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> AppError {
        match e {
            StoreError::NotFound(_) | StoreError::Trashed(_) | StoreError::NoShare => {
                AppError::not_found(e.to_string())
            }
            // A revision that is not there is not found, as the REST API says (it was 400).
            StoreError::NoRevision(id, n) => {
                AppError::not_found(format!("design {id} has no revision {n}"))
            }
            StoreError::Invalid(m) => AppError::invalid(m),
            StoreError::Conflict { base, current, .. } => AppError::Conflict {
                base,
                head: current,
            },
            StoreError::Damaged(m) => {
                tracing::error!(%m, "a stored document does not read");
                AppError::internal(format!("the server cannot read this design: {m}"))
            }
            StoreError::Db(err) => {
                tracing::error!(%err, "designs page: database error");
                AppError::unavailable("the database is unavailable")
            }
        }
    }
}

impl DesignService for StoreService {
    fn list(&self, query: ListQuery) -> Fut<'_, DesignPage> {
        Box::pin(async move {
            let (items, total) = self.0.list(&query).await?;
            Ok(DesignPage {
                items,
                total,
                offset: query.offset.unwrap_or(0),
                limit: query.limit.unwrap_or(50),
            })
        })
    }

    fn detail(&self, id: String) -> Fut<'_, DesignDetail> {
        Box::pin(async move {
            let record = self.0.get(&id, true).await?;
            let revisions = self.0.revisions(&id).await?;
            let shares = self.0.shares(&id).await?;
            Ok(DesignDetail {
                record,
                revisions,
                shares,
            })
        })
    }

    fn diff(&self, id: String, from: i64, to: i64) -> Fut<'_, RevisionDiff> {
        Box::pin(async move {
            let (_, a) = self.0.revision(&id, from).await?;
            let (_, b) = self.0.revision(&id, to).await?;
            let mut source = widget::diff::line_diff(&a.source, &b.source);
            if source.iter().all(|l| l.op == LineOp::Same) {
                source.clear();
            }
            let fields = widget::diff::diff(&without_source(&a), &without_source(&b));
            Ok(RevisionDiff {
                from,
                to,
                source,
                fields,
            })
        })
    }

    fn revision(&self, id: String, number: i64) -> Fut<'_, (RevisionInfo, Design)> {
        Box::pin(async move { Ok(self.0.revision(&id, number).await?) })
    }

    fn restore(&self, id: String, number: i64) -> Fut<'_, (DesignRecord, bool)> {
        let author = author();
        Box::pin(async move { Ok(self.0.restore_revision(&id, number, &author?).await?) })
    }

    fn shared(&self, token: String) -> Fut<'_, SharedDesign> {
        Box::pin(async move {
            let (share, revision, document) =
                self.0.resolve_share(&token).await.map_err(|e| match e {
                    StoreError::NoShare
                    | StoreError::NotFound(_)
                    | StoreError::Trashed(_)
                    | StoreError::NoRevision(..) => {
                        AppError::not_found("this share link does not exist or was revoked")
                    }
                    other => other.into(),
                })?;
            Ok(SharedDesign {
                token,
                revision,
                pinned: share.revision.is_some(),
                document,
            })
        })
    }

    fn create(&self, design: Design, message: Option<String>) -> Fut<'_, DesignRecord> {
        let author = author();
        Box::pin(async move {
            // A design from the gallery brings the gallery's images as assets.
            adopt_shipped(&self.0, &design).await;
            Ok(self.0.create(design, message, &author?).await?)
        })
    }

    fn save(&self, id: String, request: SaveRequest) -> Fut<'_, DesignRecord> {
        let author = author();
        Box::pin(async move {
            let base = request.base().map_err(AppError::invalid)?;
            adopt_shipped(&self.0, &request.document).await;
            Ok(self
                .0
                .save(&id, base, request.document, request.message, &author?)
                .await?)
        })
    }

    fn share(&self, id: String, revision: Option<i64>) -> Fut<'_, ShareInfo> {
        Box::pin(async move { Ok(self.0.create_share(&id, revision).await?) })
    }

    fn revoke(&self, id: String, token: String) -> Fut<'_, ()> {
        Box::pin(async move { Ok(self.0.revoke_share(&id, &token).await?) })
    }

    fn trash(&self, id: String) -> Fut<'_, ()> {
        let author = author();
        Box::pin(async move { Ok(self.0.delete(&id, &author?).await?) })
    }

    fn untrash(&self, id: String) -> Fut<'_, DesignRecord> {
        let author = author();
        Box::pin(async move { Ok(self.0.restore(&id, &author?).await?) })
    }

    fn export_names(
        &self,
        ids: Vec<String>,
    ) -> Fut<'_, std::collections::BTreeMap<String, String>> {
        Box::pin(async move {
            let mut names = std::collections::BTreeMap::new();
            for id in ids {
                let held = crate::asset_store::get_info(&self.0, &id)
                    .await
                    .map_err(|e| {
                        tracing::error!(%e, "export names: the asset store failed");
                        AppError::unavailable("the database is unavailable")
                    })?;
                let name = match held {
                    Some(info) => Some(info.export_name()),
                    // A gallery image not stored yet: the export stores it, under its name.
                    None => crate::gallery_assets::shipped()
                        .get(&id)
                        .map(|s| widget::asset::export_name(s.name, &id, s.info.kind)),
                };
                if let Some(name) = name {
                    names.insert(id, name);
                }
            }
            Ok(names)
        })
    }
}

/// A document as JSON without its source (the source is diffed by lines).
fn without_source(d: &Design) -> serde_json::Value {
    let mut v = serde_json::to_value(d).unwrap_or_default();
    if let Some(m) = v.as_object_mut() {
        m.remove("source");
    }
    v
}
