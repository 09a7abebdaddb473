//! The REST API over designs (`/api/designs…`), with JSON errors `{error: {code, message, details}}`.

use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::store::{DesignDoc, ListQuery, Store, StoreError};

/// An API error: status, stable code, message and details.
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    pub details: Value,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            code,
            message: message.into(),
            details: Value::Null,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(json!({"error": {"code": self.code, "message": self.message, "details": self.details}}))).into_response()
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> ApiError {
        match e {
            StoreError::NotFound(_) | StoreError::NoRevision(..) => {
                ApiError::new(StatusCode::NOT_FOUND, "not-found", e.to_string())
            }
            StoreError::Invalid(m) => ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid", m),
            StoreError::Conflict { id, base, current } => ApiError {
                status: StatusCode::CONFLICT,
                code: "conflict",
                message: format!(
                    "design {id} has moved on: you saved on revision {base}, the current revision is {}; merge, or save again with \"overwrite\": true",
                    current.revision
                ),
                details: json!({"current_revision": current.revision, "current": current}),
            },
            StoreError::Db(err) => {
                tracing::error!(%err, "database error");
                ApiError::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "database",
                    "the database could not complete the request; nothing was saved",
                )
            }
        }
    }
}

/// A JSON body, with parse errors as API errors (status 400, located).
pub struct Body<T>(pub T);

impl<S: Send + Sync, T: serde::de::DeserializeOwned> axum::extract::FromRequest<S> for Body<T> {
    type Rejection = ApiError;
    async fn from_request(req: axum::extract::Request, state: &S) -> Result<Self, ApiError> {
        let bytes = axum::body::Bytes::from_request(req, state)
            .await
            .map_err(|e| {
                ApiError::new(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "too-large",
                    format!("the request body could not be read: {e}"),
                )
            })?;
        let mut de = serde_json::Deserializer::from_slice(&bytes);
        let v = serde_path_to_error_lite(&mut de).map_err(|(path, e)| ApiError {
            status: StatusCode::BAD_REQUEST,
            code: "bad-request",
            message: format!("the body is not valid: {e}"),
            details: json!({"path": path, "line": e.line(), "column": e.column()}),
        })?;
        Ok(Body(v))
    }
}

fn serde_path_to_error_lite<'de, T: serde::de::DeserializeOwned>(
    de: &mut serde_json::Deserializer<serde_json::de::SliceRead<'de>>,
) -> Result<T, (String, serde_json::Error)> {
    T::deserialize(&mut *de)
        .and_then(|v| de.end().map(|_| v))
        .map_err(|e| (String::new(), e))
}

#[derive(Deserialize)]
pub struct CreateBody {
    /// A new design's content.
    #[serde(default)]
    document: Option<DesignDoc>,
    /// Fork: copy the head of this design.
    #[serde(default)]
    from: Option<String>,
    /// Import: the text of a `.widget` file, widget JSON or a JSX view.
    #[serde(default)]
    import: Option<String>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    message: Option<String>,
}

#[derive(Deserialize)]
pub struct SaveBody {
    document: DesignDoc,
    /// The revision the client's copy is based on.
    base_revision: Option<i64>,
    /// Save even if the design has moved on (an explicit overwrite).
    #[serde(default)]
    overwrite: bool,
    #[serde(default)]
    message: Option<String>,
}

pub fn routes() -> Router<Store> {
    Router::new()
        .route("/api/designs", get(list).post(create))
        .route("/api/designs/{id}", get(read).put(save).delete(delete))
        .route("/api/designs/{id}/restore", post(restore))
        .route("/api/designs/{id}/revisions", get(revisions))
        .route("/api/designs/{id}/revisions/{n}", get(revision))
        .route(
            "/api/designs/{id}/revisions/{n}/restore",
            post(restore_revision),
        )
        .route("/api/designs/{id}/diff", get(diff))
}

async fn list(
    State(store): State<Store>,
    Query(q): Query<ListQuery>,
) -> Result<Response, ApiError> {
    let (items, total) = store.list(&q).await?;
    Ok(Json(json!({"items": items, "total": total, "limit": q.limit.unwrap_or(50), "offset": q.offset.unwrap_or(0)})).into_response())
}

async fn create(
    State(store): State<Store>,
    Body(body): Body<CreateBody>,
) -> Result<Response, ApiError> {
    let sources = [
        body.document.is_some(),
        body.from.is_some(),
        body.import.is_some(),
    ]
    .iter()
    .filter(|x| **x)
    .count();
    if sources != 1 {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid",
            "give exactly one of document (a new design), from (a design id to fork) or import (a .widget file, widget JSON or a JSX view)",
        ));
    }
    let mut doc = if let Some(d) = body.document {
        d
    } else if let Some(from) = body.from {
        let src = store.get(&from, false).await?;
        let mut d = src.document;
        d.name = format!("{} (copy)", d.name);
        d
    } else {
        let text = body.import.unwrap_or_default();
        let design = widget::design::Design::from_input(&text).map_err(|report| ApiError {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            code: "invalid-import",
            message: "the import could not be read".into(),
            details: json!({"diagnostics": report.all().collect::<Vec<_>>()}),
        })?;
        DesignDoc::from_design(design)
    };
    if let Some(n) = body.name {
        doc.name = n;
    }
    let rec = store.create(doc, body.message).await?;
    let location = format!("/api/designs/{}", rec.id);
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        Json(rec),
    )
        .into_response())
}

async fn read(State(store): State<Store>, Path(id): Path<String>) -> Result<Response, ApiError> {
    Ok(Json(store.get(&id, false).await?).into_response())
}

async fn save(
    State(store): State<Store>,
    Path(id): Path<String>,
    Body(body): Body<SaveBody>,
) -> Result<Response, ApiError> {
    let base = match (body.base_revision, body.overwrite) {
        (_, true) => None,
        (Some(b), false) => Some(b),
        (None, false) => {
            return Err(ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid",
                "base_revision: name the revision your copy is based on, or set \"overwrite\": true",
            ));
        }
    };
    match store
        .save(&id, base, body.document.clone(), body.message)
        .await
    {
        Err(StoreError::Conflict { id, base, current }) => {
            let theirs = serde_json::to_value(&current.document).unwrap_or_default();
            let mine = serde_json::to_value(&body.document).unwrap_or_default();
            let mut err = ApiError::from(StoreError::Conflict { id, base, current });
            err.details["diff"] =
                serde_json::to_value(widget::diff::diff(&theirs, &mine)).unwrap_or_default();
            Err(err)
        }
        other => Ok(Json(other?).into_response()),
    }
}

async fn delete(State(store): State<Store>, Path(id): Path<String>) -> Result<Response, ApiError> {
    store.delete(&id).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

async fn restore(State(store): State<Store>, Path(id): Path<String>) -> Result<Response, ApiError> {
    Ok(Json(store.restore(&id).await?).into_response())
}

async fn revisions(
    State(store): State<Store>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    Ok(Json(json!({"items": store.revisions(&id).await?})).into_response())
}

async fn revision(
    State(store): State<Store>,
    Path((id, n)): Path<(String, i64)>,
) -> Result<Response, ApiError> {
    let (info, doc) = store.revision(&id, n).await?;
    Ok(Json(json!({"revision": info, "document": doc})).into_response())
}

async fn restore_revision(
    State(store): State<Store>,
    Path((id, n)): Path<(String, i64)>,
) -> Result<Response, ApiError> {
    Ok(Json(store.restore_revision(&id, n).await?).into_response())
}

#[derive(Deserialize)]
struct DiffQuery {
    from: i64,
    to: i64,
}

/// `GET /api/designs/{id}/diff?from=A&to=B`: the structural diff between two revisions.
async fn diff(
    State(store): State<Store>,
    Path(id): Path<String>,
    Query(q): Query<DiffQuery>,
) -> Result<Response, ApiError> {
    let (_, a) = store.revision(&id, q.from).await?;
    let (_, b) = store.revision(&id, q.to).await?;
    let a = serde_json::to_value(a).unwrap_or_default();
    let b = serde_json::to_value(b).unwrap_or_default();
    Ok(
        Json(json!({"from": q.from, "to": q.to, "changes": widget::diff::diff(&a, &b)}))
            .into_response(),
    )
}
