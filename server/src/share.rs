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
    let (_, _, doc) = store.resolve_share(&token).await?;
    let doc = for_visitors(doc);
    crate::export::finish(&store, &doc, &q.assets(), |d| export_document(d, &q)).await
}

/// What a share link shows of a design: all of it but the Actions panel's handler rules,
/// which are the owner's simulation of their backend (its `forward` URL names one of their
/// servers). The widget, its states and its settings travel; the rules do not, in the page
/// or in a `.widget` downloaded through the link.
pub fn for_visitors(mut doc: widget::Design) -> widget::Design {
    doc.handlers = Default::default();
    doc
}
