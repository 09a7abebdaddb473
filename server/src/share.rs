//! Share links on the server side: the store behind the `/s/{token}` page, and the page's
//! export downloads (`/s/{token}/export`). A share token only ever reads.

use std::future::Future;
use std::pin::Pin;

use app::share_page::{ShareError, ShareLookup, SharedDesign};
use axum::extract::State;
use axum::response::Response;

use crate::api::{ApiError, ExportQuery, P, Q, export_document};
use crate::store::{Store, StoreError};

/// The store as the share page's [`ShareLookup`].
pub struct StoreShares(pub Store);

impl ShareLookup for StoreShares {
    fn shared(
        &self,
        token: String,
    ) -> Pin<Box<dyn Future<Output = Result<SharedDesign, ShareError>> + Send + '_>> {
        Box::pin(async move {
            let (share, revision, doc) =
                self.0.resolve_share(&token).await.map_err(|e| match e {
                    StoreError::NoShare | StoreError::NotFound(_) | StoreError::NoRevision(..) => {
                        ShareError::NotFound
                    }
                    other => {
                        tracing::error!(%other, "share lookup failed");
                        ShareError::Unavailable("the database is unavailable".into())
                    }
                })?;
            let design = doc.to_design();
            Ok(SharedDesign {
                name: doc.name.clone(),
                description: doc.description.clone(),
                revision,
                pinned: share.revision.is_some(),
                document: serde_json::to_string(&design).unwrap_or_default(),
            })
        })
    }
}

/// `GET /s/{token}/export?format=json|widget&state=NAME`: the shared design's exports.
pub async fn export(
    State(store): State<Store>,
    P(token): P<String>,
    Q(q): Q<ExportQuery>,
) -> Result<Response, ApiError> {
    let (_, _, doc) = store.resolve_share(&token).await?;
    export_document(&doc, &q)
}
