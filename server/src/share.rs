//! Share links on the server side: the page's export downloads (`/s/{token}/export`). The
//! `/s/{token}` page itself reads through [`crate::service::StoreService`]. A share token
//! only ever reads.

use axum::extract::State;
use axum::response::Response;

use crate::api::{ExportQuery, export_document};
use crate::error::ApiError;
use crate::extract::{P, Q};
use crate::store::Store;

/// `GET /s/{token}/export?format=json|widget&state=NAME`: the shared design's exports.
pub async fn export(
    State(store): State<Store>,
    P(token): P<String>,
    Q(q): Q<ExportQuery>,
) -> Result<Response, ApiError> {
    // Without its handler rules ([`Store::resolve_share`]), in a `.widget` too.
    let (_, _, doc) = store.resolve_share(&token).await?;
    crate::export::finish(&store, &doc, &q.assets(), |d| export_document(d, &q)).await
}
