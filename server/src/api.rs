//! The REST API over designs (`/api/designs…`), with JSON errors `{error: {code, message, details}}`.

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use serde::Deserialize;
use serde_json::{Value, json};

use app::api::types::SaveRequest;
use widget::Design;
use widget::diag::Origin;

use crate::args::ExportFormat;
use crate::error::{ApiError, ErrorCode};
use crate::export::{ExportFile, Exported};
use crate::extract::{MAX_BODY_DEPTH, P, Q, Shape, Shaped, Strict, check_depth};
use crate::guard::Caller;
use crate::store::{ListQuery, Store, StoreError};
use crate::wire::slug;

/// A design document's fields ([`crate::store::DOCUMENT_FIELDS`]), and those of its parts that
/// have fixed fields: what a write refuses to drop ([`Strict`]). Free-form parts (the states'
/// data, the schema's JSON Schema, the handler rules, `original`) are not looked into.
pub const DOCUMENT_SHAPE: Shape = Shape::Object {
    what: "a design document",
    fields: &[
        ("name", Shape::Any),
        ("description", Shape::Any),
        ("tags", Shape::Any),
        ("kind", Shape::Any),
        ("source", Shape::Any),
        ("default_state", Shape::Any),
        (
            "states",
            Shape::List(&Shape::Object {
                what: "a state",
                fields: &[("name", Shape::Any), ("data", Shape::Any)],
            }),
        ),
        (
            "schema",
            Shape::Object {
                what: "a schema",
                fields: &[
                    ("mode", Shape::Any),
                    ("source", Shape::Any),
                    ("json_schema", Shape::Any),
                ],
            },
        ),
        ("handlers", Shape::Any),
        ("target", Shape::Any),
        ("original", Shape::Any),
        (
            "export",
            Shape::Object {
                what: "the export settings",
                fields: &[("asset_base", Shape::Any)],
            },
        ),
    ],
};

impl Shaped for CreateBody {
    const SHAPE: Shape = Shape::Object {
        what: "a new design's request",
        fields: &[
            ("document", DOCUMENT_SHAPE),
            ("from", Shape::Any),
            ("import", Shape::Any),
            ("name", Shape::Any),
            ("message", Shape::Any),
        ],
    };
}

impl Shaped for SaveRequest {
    const SHAPE: Shape = Shape::Object {
        what: "a save",
        fields: &[
            ("document", DOCUMENT_SHAPE),
            ("base_revision", Shape::Any),
            ("overwrite", Shape::Any),
            ("message", Shape::Any),
        ],
    };
}

impl Shaped for ShareBody {
    const SHAPE: Shape = Shape::Object {
        what: "a share request",
        fields: &[("revision", Shape::Any)],
    };
}

impl Shaped for RenderBody {
    const SHAPE: Shape = Shape::Object {
        what: "a render request",
        fields: &[
            ("view", Shape::Any),
            ("template", Shape::Any),
            ("widget", Shape::Any),
            ("data", Shape::Any),
        ],
    };
}

impl Shaped for PatchBody {
    const SHAPE: Shape = Shape::Object {
        what: "a patch request",
        fields: &[
            ("patch", DOCUMENT_SHAPE),
            ("base_revision", Shape::Any),
            ("message", Shape::Any),
        ],
    };
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateBody {
    /// A new design's content.
    #[serde(default)]
    document: Option<Design>,
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

#[utoipa::path(get, path = "/api/designs", tag = "designs",
    params(crate::store::ListQuery),
    responses((status = 200, description = "A page of designs and the total", body = crate::wire::DesignList), (status = 422, description = "A limit or offset out of range, or a search for a control character", body = crate::wire::ErrorBody)))]
pub async fn list(State(store): State<Store>, Q(q): Q<ListQuery>) -> Result<Response, ApiError> {
    let (items, total) = store.list(&q).await?;
    Ok(Json(json!({"items": items, "total": total, "limit": q.limit.unwrap_or(50), "offset": q.offset.unwrap_or(0)})).into_response())
}

#[utoipa::path(post, path = "/api/designs", tag = "designs", request_body = CreateBody,
    responses((status = 201, description = "Created at revision 1", body = crate::store::DesignRecord), (status = 400, description = "Malformed body (with line and column) or too deep", body = crate::wire::ErrorBody), (status = 401, description = "A token is required for writes", body = crate::wire::ErrorBody), (status = 404, description = "No such design", body = crate::wire::ErrorBody), (status = 422, description = "Invalid document, or a field the body does not have: the message and details.path name it (document.descripton), details.allowed lists the fields there", body = crate::wire::ErrorBody)))]
pub async fn create(
    State(store): State<Store>,
    Extension(caller): Extension<Caller>,
    Strict(body): Strict<CreateBody>,
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
            ErrorCode::Invalid,
            "give exactly one of document (a new design), from (a design id to fork) or import (a .widget file, widget JSON or a JSX view)",
        ));
    }
    let mut doc = if let Some(d) = body.document {
        d
    } else if let Some(from) = body.from {
        let src = store.get(&from, false).await?;
        let mut d = src.document;
        // The base cut so that " (copy)" always fits the longest name the studio keeps.
        const COPY: &str = " (copy)";
        let base: String = d
            .name
            .chars()
            .take(widget::design::NAME_MAX_CHARS - COPY.chars().count())
            .collect();
        d.name = format!("{}{COPY}", base.trim_end());
        // A design saved before the checks a write makes now: tidied, not refused.
        crate::store::tidy_stored(&mut d, None);
        d
    } else {
        let text = body.import.unwrap_or_default();
        let mut d = Design::from_input(&text).map_err(|report| ApiError {
            code: ErrorCode::InvalidImport,
            message: "the import could not be read".into(),
            details: json!({"diagnostics": report.all().collect::<Vec<_>>()}),
        })?;
        // A file written elsewhere is tidied, not refused, as a backup's is: states named
        // alike (or only looking alike) renamed, control characters in the name and tags made
        // spaces, names and tags over the limits cut, an asset base that does not check
        // dropped.
        crate::store::tidy_stored(&mut d, None);
        d
    };
    if let Some(n) = body.name {
        doc.name = n;
    }
    let rec = store
        .create(doc, body.message, &caller.who.author())
        .await?;
    let location = format!("/api/designs/{}", rec.id);
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        Json(rec),
    )
        .into_response())
}

#[utoipa::path(get, path = "/api/designs/{id}", tag = "designs", params(("id" = String, Path, description = "Design id")),
    responses((status = 200, description = "The design at its head revision", body = crate::store::DesignRecord), (status = 404, description = "No such design", body = crate::wire::ErrorBody)))]
pub async fn read(State(store): State<Store>, P(id): P<String>) -> Result<Response, ApiError> {
    Ok(Json(store.get(&id, false).await?).into_response())
}

#[utoipa::path(put, path = "/api/designs/{id}", tag = "designs", params(("id" = String, Path, description = "Design id")), request_body = SaveRequest,
    responses((status = 200, description = "Saved as a new revision", body = crate::store::DesignRecord), (status = 400, description = "Malformed body (with line and column) or too deep", body = crate::wire::ErrorBody), (status = 401, description = "A token is required for writes", body = crate::wire::ErrorBody), (status = 404, description = "No such design", body = crate::wire::ErrorBody),
        (status = 409, description = "The design has moved on: details hold current_revision, current and diff", body = crate::wire::ErrorBody), (status = 422, description = "Invalid document, or a field the body does not have: the message and details.path name it (document.descripton), details.allowed lists the fields there", body = crate::wire::ErrorBody)))]
pub async fn save(
    State(store): State<Store>,
    Extension(caller): Extension<Caller>,
    P(id): P<String>,
    Strict(body): Strict<SaveRequest>,
) -> Result<Response, ApiError> {
    let base = body
        .base()
        .map_err(|m| ApiError::new(ErrorCode::Invalid, m))?;
    match store
        .save(
            &id,
            base,
            body.document.clone(),
            body.message,
            &caller.who.author(),
        )
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

#[utoipa::path(delete, path = "/api/designs/{id}", tag = "designs", params(("id" = String, Path, description = "Design id")),
    responses((status = 204, description = "Moved to the trash"), (status = 401, description = "A token is required for writes", body = crate::wire::ErrorBody), (status = 404, description = "No such design", body = crate::wire::ErrorBody)))]
pub async fn delete(
    State(store): State<Store>,
    Extension(caller): Extension<Caller>,
    P(id): P<String>,
) -> Result<Response, ApiError> {
    store.delete(&id, &caller.who.author()).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

#[utoipa::path(post, path = "/api/designs/{id}/restore", tag = "designs", params(("id" = String, Path, description = "Design id")),
    responses((status = 200, description = "Taken out of the trash", body = crate::store::DesignRecord), (status = 401, description = "A token is required for writes", body = crate::wire::ErrorBody), (status = 404, description = "No such design", body = crate::wire::ErrorBody)))]
pub async fn restore(
    State(store): State<Store>,
    Extension(caller): Extension<Caller>,
    P(id): P<String>,
) -> Result<Response, ApiError> {
    Ok(Json(store.restore(&id, &caller.who.author()).await?).into_response())
}

#[utoipa::path(get, path = "/api/designs/{id}/revisions", tag = "revisions", params(("id" = String, Path, description = "Design id")),
    responses((status = 200, description = "Every revision, newest first", body = crate::wire::RevisionList), (status = 404, description = "No such design", body = crate::wire::ErrorBody)))]
pub async fn revisions(State(store): State<Store>, P(id): P<String>) -> Result<Response, ApiError> {
    Ok(Json(json!({"items": store.revisions(&id).await?})).into_response())
}

#[utoipa::path(get, path = "/api/designs/{id}/revisions/{n}", tag = "revisions", params(("id" = String, Path, description = "Design id"), ("n" = i64, Path, description = "Revision number")),
    responses((status = 200, description = "The revision and its full snapshot", body = crate::wire::RevisionBody), (status = 404, description = "No such design", body = crate::wire::ErrorBody)))]
pub async fn revision(
    State(store): State<Store>,
    P((id, n)): P<(String, i64)>,
) -> Result<Response, ApiError> {
    let (info, doc) = store.revision(&id, n).await?;
    Ok(Json(json!({"revision": info, "document": doc})).into_response())
}

#[utoipa::path(post, path = "/api/designs/{id}/revisions/{n}/restore", tag = "revisions", params(("id" = String, Path, description = "Design id"), ("n" = i64, Path, description = "Revision to restore")),
    responses((status = 200, description = "Restored as a new revision on top of the head; a revision that holds what the head holds makes none, and the head is answered as it is", body = crate::store::DesignRecord), (status = 401, description = "A token is required for writes", body = crate::wire::ErrorBody), (status = 404, description = "No such design", body = crate::wire::ErrorBody)))]
pub async fn restore_revision(
    State(store): State<Store>,
    Extension(caller): Extension<Caller>,
    P((id, n)): P<(String, i64)>,
) -> Result<Response, ApiError> {
    let (record, _) = store.restore_revision(&id, n, &caller.who.author()).await?;
    Ok(Json(record).into_response())
}

#[derive(Deserialize)]
pub struct DiffQuery {
    pub from: i64,
    pub to: i64,
}

/// `GET /api/designs/{id}/diff?from=A&to=B`: the structural diff between two revisions.
#[utoipa::path(get, path = "/api/designs/{id}/diff", tag = "revisions", params(("id" = String, Path, description = "Design id"), ("from" = i64, Query, description = "Revision"), ("to" = i64, Query, description = "Revision")),
    responses((status = 200, description = "The structural diff from one revision to the other", body = crate::wire::DiffBody), (status = 404, description = "No such design", body = crate::wire::ErrorBody)))]
pub async fn diff(
    State(store): State<Store>,
    P(id): P<String>,
    Q(q): Q<DiffQuery>,
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

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PatchBody {
    /// Document fields to change, as a JSON merge patch (RFC 7396): `{"name": "New name"}`.
    #[schema(value_type = Object)]
    patch: Value,
    /// Optional: the revision the change is based on (409 if the design has moved on).
    #[serde(default)]
    base_revision: Option<i64>,
    #[serde(default)]
    message: Option<String>,
}

/// `PATCH /api/designs/{id}`: rename, retag, or change any document field by merge patch.
#[utoipa::path(patch, path = "/api/designs/{id}", tag = "designs", params(("id" = String, Path, description = "Design id")), request_body = PatchBody,
    responses((status = 200, description = "Patched as a new revision", body = crate::store::DesignRecord), (status = 400, description = "Malformed body (with line and column) or too deep", body = crate::wire::ErrorBody), (status = 401, description = "A token is required for writes", body = crate::wire::ErrorBody), (status = 404, description = "No such design", body = crate::wire::ErrorBody),
        (status = 409, description = "base_revision is stale", body = crate::wire::ErrorBody), (status = 422, description = "Invalid document, or a field the body does not have: the message and details.path name it (document.descripton), details.allowed lists the fields there", body = crate::wire::ErrorBody)))]
pub async fn patch(
    State(store): State<Store>,
    Extension(caller): Extension<Caller>,
    P(id): P<String>,
    Strict(body): Strict<PatchBody>,
) -> Result<Response, ApiError> {
    let message = body.message.or_else(|| {
        let keys: Vec<&str> = body
            .patch
            .as_object()
            .map(|m| m.keys().map(String::as_str).collect())
            .unwrap_or_default();
        (!keys.is_empty()).then(|| format!("Changed {}", keys.join(", ")))
    });
    match store
        .patch(
            &id,
            body.base_revision,
            &body.patch,
            message,
            &caller.who.author(),
        )
        .await
    {
        Ok(rec) => Ok(Json(rec).into_response()),
        // A patch has no `overwrite`: say what does work.
        Err(crate::store::StoreError::Conflict { id, base, current }) => {
            let head = current.revision;
            let message = format!(
                "design {id} has moved on: you patched revision {base}, the current revision is {head}; \
                 patch again with \"base_revision\": {head}, or without base_revision to apply the \
                 patch to whatever the head is"
            );
            let mut e = ApiError::from(crate::store::StoreError::Conflict { id, base, current });
            e.message = message;
            Err(e)
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize, Default, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExportQuery {
    /// `json` (default): widget JSON built with a state; `widget`: a `.widget` file; `a2ui`:
    /// A2UI messages for the state (docs/a2ui.md).
    pub format: Option<ExportFormat>,
    /// For `format=json` and `format=a2ui`: the named state (default: the default state).
    pub state: Option<String>,
    /// For `format=a2ui`: the A2UI version, `v0.9` (default) or `v0.8`.
    pub version: Option<widget::a2ui::Version>,
    /// For `format=a2ui`: `basic` (A2UI's catalog, the default) or `studio` (ours, with Badge and
    /// Chart).
    pub catalog: Option<widget::a2ui::Catalog>,
    /// For `format=a2ui`: answer `{messages, report, catalog}` (the report of what A2UI draws
    /// differently; the studio catalog's document) instead of the messages alone.
    #[serde(default)]
    pub report: bool,
    /// For `format=a2ui`: the messages as JSON Lines instead of a JSON array.
    #[serde(default)]
    pub jsonl: bool,
    /// Where the user's backend will host the design's assets: `asset:` references become
    /// this base and each file's name (default: the base saved with the design).
    pub asset_base: Option<String>,
    /// Inline assets of at most this many bytes as `data:` URLs instead.
    pub inline_max: Option<u64>,
    /// Leave `asset:` references as they are (only the studio can serve them).
    #[serde(default)]
    pub keep_assets: bool,
    /// Images with no host (no `asset_base` given and none saved with the design) go inline as
    /// `data:` URLs instead of a 422: what the studio's plain download links ask for.
    #[serde(default)]
    pub inline_unhosted: bool,
    /// A zip holding the export and an `assets/` folder with the files it refers to, under the
    /// names the rewritten URLs expect.
    #[serde(default)]
    pub zip: bool,
    /// `editor` (`/api/designs/{id}/export` only): sent by the editor's export form (a plain
    /// form, without JavaScript too). An export that fails goes back to the editor (303,
    /// `?export_failed=1`) with its error in the short-lived cookie `ws_export_error`,
    /// instead of a browser showing the JSON error.
    pub back: Option<ExportBack>,
}

/// Where an export form that failed goes back to ([`ExportQuery::back`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ExportBack {
    /// The design's editor, with the Export section open.
    Editor,
}

/// The answer to the editor's export form when its export failed: back to the editor's Export
/// section (open, its error focused), with the error in a short-lived cookie (not the address, where a link could put
/// any words in the studio's alert).
pub fn export_failed(id: &str, e: &ApiError, q: &ExportQuery) -> Response {
    use app::components::export_links::{ExportChoice, ExportRetry};
    // The form's own choices go back with it (closed values only).
    let retry = ExportRetry {
        format: Some(match q.format.unwrap_or_default() {
            ExportFormat::Widget => ExportChoice::Widget,
            ExportFormat::Json => ExportChoice::Json,
            ExportFormat::A2ui => ExportChoice::A2ui,
        }),
        inline: q.inline_max.is_some(),
        zip: q.zip,
        base: q.asset_base.clone(),
    };
    let href = app::components::url::Href::new(format!(
        "/designs/{}/edit",
        app::components::url::urlencode(id)
    ))
    .set("export_failed", Some("1"));
    // No `#export`: a page opened at a fragment skips `autofocus`, and the error's alert
    // takes the focus (scrolled to, in the open Export section); it was left on the body.
    let to = retry.onto(href).to_string();
    let mut r = axum::response::Redirect::to(&to).into_response();
    // Said in the form's words (its fields by their labels, not the API's parameters).
    let unresolved: Vec<String> = e.details["unresolved"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect();
    let said = app::components::export_links::in_form_words(
        &e.message,
        &unresolved,
        q.inline_max.is_some(),
    );
    if let Ok(v) = header::HeaderValue::from_str(
        &app::components::export_links::export_error_cookie(id, &said),
    ) {
        r.headers_mut().append(header::SET_COOKIE, v);
    }
    r
}

impl ExportQuery {
    /// The query's asset fields, for [`crate::export::finish`].
    pub fn assets(&self) -> crate::export::AssetOptions {
        crate::export::AssetOptions {
            asset_base: self.asset_base.clone(),
            inline_max: self.inline_max,
            keep_assets: self.keep_assets,
            inline_unhosted: self.inline_unhosted,
            zip: self.zip,
        }
    }
}

/// The export of a document: widget JSON built with a state, or a `.widget` file.
pub fn export_document(design: &Design, q: &ExportQuery) -> Result<Exported, ApiError> {
    let invalid = |report: widget::Report, what: &str| {
        let first = report.errors.first();
        let message = match first {
            // The view builds; only the Jinja export cannot write it (`not-exportable` while
            // editing).
            Some(d) if d.code == widget::Code::TemplateExport => format!(
                "{what}: the .widget export cannot write this view; export widget JSON instead, or rewrite it ({})",
                d.placed_message()
            ),
            _ => format!(
                "{what}: the design has errors; fix them first (the first is: {})",
                first.map(|d| d.placed_message()).unwrap_or_default()
            ),
        };
        ApiError {
            code: ErrorCode::Invalid,
            message,
            details: json!({"diagnostics": report}),
        }
    };
    let state = || {
        let state_name = q.state.as_deref();
        design.state(state_name).ok_or_else(|| {
            let names: Vec<&str> = std::iter::once("default")
                .chain(design.states.iter().map(|s| s.name.as_str()))
                .collect();
            ApiError::new(
                ErrorCode::NotFound,
                format!(
                    "state: no state {:?}; the design has {}",
                    state_name.unwrap_or_default(),
                    names.join(", ")
                ),
            )
        })
    };
    let format = q.format.unwrap_or_default();
    if format != ExportFormat::A2ui
        && (q.version.is_some() || q.catalog.is_some() || q.report || q.jsonl)
    {
        return Err(ApiError::new(
            ErrorCode::BadRequest,
            "version, catalog, report and jsonl apply to format=a2ui",
        ));
    }
    let mut beside = Vec::new();
    let (body, ext, mime) = match format {
        ExportFormat::Json => {
            let data = state()?;
            let built = design.build(data);
            if !built.report.is_valid() {
                return Err(invalid(built.report, "export"));
            }
            let w = built.widget.map(|w| w.to_serde()).unwrap_or(Value::Null);
            (
                serde_json::to_string_pretty(&w).unwrap_or_default(),
                "json",
                "application/json",
            )
        }
        ExportFormat::A2ui => {
            let data = state()?;
            let opts = widget::a2ui::Options {
                version: q.version.unwrap_or_default(),
                catalog: q.catalog.unwrap_or_default(),
                surface_id: None,
            };
            if let Some(why) = opts.refusal() {
                return Err(ApiError::new(
                    ErrorCode::BadRequest,
                    format!("version=v0.8 with catalog=studio: {why}"),
                ));
            }
            let export =
                widget::a2ui::export(design, data, &opts).map_err(|r| invalid(r, "export"))?;
            if q.report {
                let body = json!({"messages": export.messages, "report": export.report, "catalog": export.catalog});
                return Ok(Exported::Answer(Json(body).into_response()));
            }
            if let Some(catalog) = &export.catalog {
                beside.push((
                    widget::a2ui::STUDIO_CATALOG_FILE.to_string(),
                    serde_json::to_string_pretty(catalog).unwrap_or_default(),
                ));
            }
            if q.jsonl {
                (export.to_jsonl(), "a2ui.jsonl", "application/jsonl")
            } else {
                (export.to_json(), "a2ui.json", "application/json")
            }
        }
        ExportFormat::Widget => {
            if q.state.is_some() {
                return Err(ApiError::new(
                    ErrorCode::BadRequest,
                    "state: applies to format=json; a .widget file carries every state",
                ));
            }
            let file = design.to_widget_file().map_err(|r| invalid(r, "export"))?;
            (
                serde_json::to_string_pretty(&file).unwrap_or_default(),
                "widget",
                "application/json",
            )
        }
    };
    // A state's export is named after it too, so that several states' files can sit side by side.
    let stem = match q.state.as_deref() {
        Some(state) if format != ExportFormat::Widget && state != "default" => {
            format!("{}-{}", slug(&design.name), slug(state))
        }
        _ => slug(&design.name),
    };
    Ok(Exported::File(ExportFile {
        body,
        name: format!("{stem}.{ext}"),
        mime,
        beside,
    }))
}

/// `GET /api/designs/{id}/export?format=json|widget|a2ui&state=NAME[&version=v0.9|v0.8&catalog=basic|studio&report=true&jsonl=true]`
#[utoipa::path(get, path = "/api/designs/{id}/export", tag = "designs", params(("id" = String, Path, description = "Design id"), ExportQuery),
    responses((status = 200, description = "A download: widget JSON built with the state, a .widget file, or A2UI messages for the state (a JSON array, JSON Lines with jsonl=true, or {messages, report, catalog} with report=true)"), (status = 303, description = "back=editor (the editor's export form) and the export failed: to the editor, with the error in the cookie ws_export_error"), (status = 400, description = "Unknown format, version or catalog, or version v0.8 with the studio catalog (a v0.9 catalog)", body = crate::wire::ErrorBody), (status = 404, description = "No such design", body = crate::wire::ErrorBody), (status = 422, description = "The design has errors", body = crate::wire::ErrorBody)))]
pub async fn export(
    State(store): State<Store>,
    P(id): P<String>,
    Q(q): Q<ExportQuery>,
) -> Result<Response, ApiError> {
    let rec = store.get(&id, false).await?;
    let exported = crate::export::finish(&store, &rec.document, &q.assets(), |d| {
        export_document(d, &q)
    })
    .await;
    match exported {
        Err(e) if q.back == Some(ExportBack::Editor) => Ok(export_failed(&id, &e, &q)),
        other => other,
    }
}

/// `GET /api/gallery/{slug}/export`: a gallery design's download, exported as a saved design's
/// is (the gallery page's `.widget` link asks for its images inline, so that the file works
/// in any ChatKit backend; the shipped file under `/gallery/` refers to them as `asset:`).
#[utoipa::path(get, path = "/api/gallery/{slug}/export", tag = "gallery", params(("slug" = String, Path, description = "The gallery design's slug (as /api/ui/gallery and the gallery page list them)"), ExportQuery),
    responses((status = 200, description = "A download, as GET /api/designs/{id}/export gives"), (status = 400, description = "Unknown format, version or catalog, or a bad asset base", body = crate::wire::ErrorBody), (status = 404, description = "No such gallery design, or no such state", body = crate::wire::ErrorBody), (status = 422, description = "Its images have no asset base, and neither inline_unhosted nor keep_assets was asked", body = crate::wire::ErrorBody)))]
pub async fn gallery_export(
    State(store): State<Store>,
    P(slug): P<String>,
    Q(q): Q<ExportQuery>,
) -> Result<Response, ApiError> {
    let entry = app::api::gallery::catalog::find(&slug).ok_or_else(|| {
        ApiError::new(
            ErrorCode::NotFound,
            format!("no gallery design {slug:?}; the gallery page lists them"),
        )
    })?;
    crate::export::finish(&store, &entry.design, &q.assets(), |d| {
        export_document(d, &q)
    })
    .await
}

#[derive(Deserialize, Default, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ShareBody {
    /// Pin the link to this revision; without it the link shows the latest.
    #[serde(default)]
    revision: Option<i64>,
}

/// `POST /api/designs/{id}/shares`: a new read-only link.
#[utoipa::path(post, path = "/api/designs/{id}/shares", tag = "shares", params(("id" = String, Path, description = "Design id")), request_body(content = ShareBody, description = "Optional; an empty body shares the latest revision"),
    responses((status = 201, description = "A new read-only link (url is /s/TOKEN)", body = crate::store::Share), (status = 400, description = "Malformed body (with line and column)", body = crate::wire::ErrorBody), (status = 401, description = "A token is required for writes", body = crate::wire::ErrorBody), (status = 404, description = "No such design", body = crate::wire::ErrorBody), (status = 413, description = "A body over 4 MiB", body = crate::wire::ErrorBody), (status = 422, description = "A field other than revision (its path, line and column, and the fields allowed)", body = crate::wire::ErrorBody)))]
pub async fn create_share(
    State(store): State<Store>,
    P(id): P<String>,
    crate::extract::RawBody(body): crate::extract::RawBody,
) -> Result<Response, ApiError> {
    let body: ShareBody = crate::extract::optional_body(&body)?;
    let share = store.create_share(&id, body.revision).await?;
    let url = format!("/s/{}", share.token);
    let mut v = serde_json::to_value(&share).unwrap_or_default();
    v["url"] = json!(url);
    Ok((StatusCode::CREATED, [(header::LOCATION, url)], Json(v)).into_response())
}

/// `GET /api/designs/{id}/shares`
#[utoipa::path(get, path = "/api/designs/{id}/shares", tag = "shares", params(("id" = String, Path, description = "Design id")),
    responses((status = 200, description = "The design's links, revoked ones included", body = crate::wire::ShareList), (status = 404, description = "No such design", body = crate::wire::ErrorBody)))]
pub async fn shares(State(store): State<Store>, P(id): P<String>) -> Result<Response, ApiError> {
    let items: Vec<Value> = store
        .shares(&id)
        .await?
        .into_iter()
        .map(|s| {
            let mut v = serde_json::to_value(&s).unwrap_or_default();
            v["url"] = json!(format!("/s/{}", s.token));
            v
        })
        .collect();
    Ok(Json(json!({"items": items})).into_response())
}

/// `DELETE /api/designs/{id}/shares/{token}`: revoke.
#[utoipa::path(delete, path = "/api/designs/{id}/shares/{token}", tag = "shares", params(("id" = String, Path, description = "Design id"), ("token" = String, Path, description = "Share token")),
    responses((status = 204, description = "Revoked: the link stops working"), (status = 401, description = "A token is required for writes", body = crate::wire::ErrorBody), (status = 404, description = "No such live link", body = crate::wire::ErrorBody)))]
pub async fn revoke_share(
    State(store): State<Store>,
    P((id, token)): P<(String, String)>,
) -> Result<Response, ApiError> {
    store.revoke_share(&id, &token).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ValidateQuery {
    /// Whose rules to check by: `chatkit-python` (the Python SDK's models) or `chatkit-js`
    /// (ChatKit.js's published types). Default: a `.widget` file's own target, else
    /// `chatkit-python`.
    pub target: Option<widget::Target>,
}

/// `POST /api/validate[?target=chatkit-python|chatkit-js]`: the body is widget JSON (or a
/// `.widget` file); the answer is the validation report (200 whether or not the widget is valid)
/// and the accessibility lint's warnings (`a11y`).
#[utoipa::path(post, path = "/api/validate", tag = "widgets", params(ValidateQuery), request_body(content = Object, description = "Widget JSON, or a .widget file", content_type = "application/json"),
    responses((status = 200, description = "The validation report, valid or not, and the accessibility warnings", body = crate::wire::ValidationReport),
        (status = 400, description = "The query string is not valid (an unknown target)", body = crate::wire::ErrorBody),
        (status = 413, description = "A body over 4 MiB", body = crate::wire::ErrorBody)))]
pub async fn validate(
    Q(q): Q<ValidateQuery>,
    crate::extract::RawBody(body): crate::extract::RawBody,
) -> Response {
    let kind = if looks_like_widget_file(&body) {
        widget::InputKind::WidgetFile
    } else {
        widget::InputKind::WidgetJson
    };
    let report = widget::validate_input_for(&body, kind, q.target);
    let a11y = widget::lint_input(&body, kind);
    Json(json!({"valid": report.is_valid(), "errors": report.errors, "warnings": report.warnings, "a11y": a11y}))
        .into_response()
}

/// A `.widget` file is an object with a `template` string; widget JSON has a `type`.
fn looks_like_widget_file(body: &[u8]) -> bool {
    if check_depth(body, MAX_BODY_DEPTH).is_err() {
        return false;
    }
    matches!(
        serde_json::from_slice::<Value>(body),
        Ok(Value::Object(m)) if m.get("template").is_some_and(Value::is_string) && m.get("type").is_none()
    )
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RenderBody {
    /// A JSX view (ChatKit Studio's builder language).
    #[serde(default)]
    view: Option<String>,
    /// A Jinja template (as in a `.widget` file's `template`).
    #[serde(default)]
    template: Option<String>,
    /// Widget JSON (an object, or its text).
    #[serde(default)]
    #[schema(value_type = Option<Object>)]
    widget: Option<Value>,
    /// The data to render with.
    #[serde(default)]
    #[schema(value_type = Object)]
    data: Value,
}

/// `POST /api/render`: `{view|template|widget, data}` → the widget JSON and its report.
#[utoipa::path(post, path = "/api/render", tag = "widgets", request_body = RenderBody,
    responses((status = 200, description = "The widget JSON and its (valid) report", body = crate::wire::RenderResult), (status = 400, description = "Malformed body (with line and column) or too deep", body = crate::wire::ErrorBody),
        (status = 422, description = "The template or the widget has errors (located in it), the request names no one source to build, or it has a field other than view, template, widget and data (its path, line and column)", body = crate::wire::RenderRefusal),
        (status = 503, description = "A body over 64 KiB while the server already runs its most heavy requests (Retry-After)", body = crate::wire::ErrorBody)))]
pub async fn render(Strict(body): Strict<RenderBody>) -> Result<Response, ApiError> {
    use widget::design::{Design, DesignKind};
    let data = if body.data.is_null() {
        json!({})
    } else {
        body.data
    };
    if !data.is_object() {
        return Err(ApiError::new(
            ErrorCode::Invalid,
            "data: must be an object (the template's variables)",
        ));
    }
    let mut design = Design::jsx("render", "", json!({}));
    let (origin, n) = match (&body.view, &body.template, &body.widget) {
        (Some(v), None, None) => {
            design.source = v.clone();
            (Origin::View, 1)
        }
        (None, Some(t), None) => {
            design.kind = DesignKind::TemplateOnly;
            design.source = t.clone();
            (Origin::Template, 1)
        }
        (None, None, Some(w)) => {
            design.kind = DesignKind::Json;
            design.source = match w {
                Value::String(s) => s.clone(),
                other => serde_json::to_string_pretty(other).unwrap_or_default(),
            };
            (Origin::Widget, 1)
        }
        _ => (Origin::Widget, 0),
    };
    if n == 0 {
        return Err(ApiError::new(
            ErrorCode::Invalid,
            "give exactly one of view (JSX), template (Jinja) or widget (widget JSON), with data",
        ));
    }
    let large = design.source.len() as u64 > crate::limits::LARGE_RENDER_BYTES;
    let work = move || {
        let mut built = design.build(&data);
        built.report.set_origin(origin);
        // A root that is not an object is no widget (the errors say what it is).
        let widget = built
            .widget
            .map(|w| w.to_serde())
            .filter(serde_json::Value::is_object);
        let status = if built.report.is_valid() {
            StatusCode::OK
        } else {
            StatusCode::UNPROCESSABLE_ENTITY
        };
        (
            status,
            Json(json!({"widget": widget, "valid": built.report.is_valid(), "errors": built.report.errors, "warnings": built.report.warnings})),
        )
            .into_response()
    };
    // A large source is built off the async workers (and under the heavy-work permit the
    // middleware took), so saves and reads keep flowing.
    if large {
        tokio::task::spawn_blocking(work)
            .await
            .map_err(|e| ApiError::new(ErrorCode::Internal, format!("the render failed: {e}")))
    } else {
        Ok(work())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(mut v: Vec<&str>) -> Vec<&str> {
        v.sort_unstable();
        v
    }

    /// The shape a write checks has every field a document has, at every depth it looks into:
    /// a field added to the document and not here would be refused on save.
    #[test]
    fn the_document_shape_has_every_field_a_document_writes() {
        assert_eq!(DOCUMENT_SHAPE.field_names(), crate::store::DOCUMENT_FIELDS);
        let mut d = Design::jsx("n", "<Card />", json!({}));
        d.states = vec![widget::design::NamedState {
            name: "a".into(),
            data: json!({}),
        }];
        d.schema.source = Some("z.object({})".into());
        d.export.asset_base = Some("https://cdn.example.com/".into());
        d.target = widget::Target::ChatkitJs;
        d.original = Some(json!({}));
        let v = serde_json::to_value(&d).unwrap();
        let Shape::Object { fields, .. } = DOCUMENT_SHAPE else {
            panic!("a document is an object")
        };
        for (name, shape) in fields {
            let keys = |v: &Value| -> Vec<String> {
                let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
                k.sort_unstable();
                k
            };
            match shape {
                Shape::Object { .. } => {
                    assert_eq!(keys(&v[name]), sorted(shape.field_names()), "{name}")
                }
                Shape::List(item) => {
                    for entry in v[name].as_array().unwrap() {
                        assert_eq!(keys(entry), sorted(item.field_names()), "{name}");
                    }
                }
                Shape::Any => {}
            }
        }
        // What the server writes, a write takes back.
        let body = serde_json::to_vec(&json!({"document": v, "base_revision": 1})).unwrap();
        assert!(crate::extract::check_fields(&body, &SaveRequest::SHAPE).is_ok());
        let patch = serde_json::to_vec(&json!({"patch": v})).unwrap();
        assert!(crate::extract::check_fields(&patch, &PatchBody::SHAPE).is_ok());
    }

    #[test]
    fn unknown_fields_are_named_with_their_path_and_place() {
        let body =
            b"{\"document\": {\"name\": \"n\",\n \"states\": [{\"name\": \"a\", \"dta\": {}}]}}";
        let e = crate::extract::check_fields(body, &CreateBody::SHAPE).unwrap_err();
        assert_eq!(e.code, ErrorCode::Invalid);
        assert_eq!(e.details["path"], "document.states[0].dta");
        assert_eq!(e.details["allowed"], json!(["name", "data"]));
        assert_eq!(
            (e.details["line"].as_u64(), e.details["column"].as_u64()),
            (Some(2), Some(31))
        );
        assert_eq!(
            e.message,
            "document.states[0].dta: not a field of a state (did you mean data?); the fields are name, data (at line 2, column 31)"
        );
        // Not JSON, or the wrong type: left to the body's own parse (a located 400).
        assert!(crate::extract::check_fields(b"{\"document\": [", &CreateBody::SHAPE).is_ok());
        assert!(crate::extract::check_fields(b"{\"document\": 5}", &CreateBody::SHAPE).is_ok());
        // A long key is cut in the path.
        let long = format!("{{\"{}\": 1}}", "k".repeat(10_000));
        let e = crate::extract::check_fields(long.as_bytes(), &CreateBody::SHAPE).unwrap_err();
        assert!(e.message.len() < 400, "{}", e.message);
    }
}
