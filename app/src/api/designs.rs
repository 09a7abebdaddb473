//! Server functions over saved designs: each takes the [`DesignService`] from context and
//! calls one method. Reads are GET.
//!
//! [`DesignService`]: super::service::DesignService

// `save_source` takes a plain form's fields as its arguments, one each, under their own names.
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use widget::Design;

use super::error::AppError;
use super::types::{
    DesignPage, DesignRecord, DesignView, ListQuery, Restored, RevisionDiff, RevisionInfo,
    RevisionView, SaveRequest,
};

/// A page of the designs list.
#[server(endpoint = "ui/designs", input = GetUrl, output = crate::api::codec::Json)]
pub async fn list_designs(query: ListQuery) -> Result<DesignPage, AppError> {
    super::error::answer(async move { super::service::service()?.list(query).await }.await)
}

/// A design with its history and share links, and its head built for the preview.
#[server(endpoint = "ui/design", input = GetUrl, output = crate::api::codec::Json)]
pub async fn view_design(id: String) -> Result<DesignView, AppError> {
    super::error::answer(
        async move {
            let service = super::service::service()?;
            let detail = service.detail(id).await?;
            let preview = super::preview::preview_design(&detail.record.document);
            let python = python_snippet(service.as_ref(), &detail.record.document).await?;
            Ok(DesignView {
                detail,
                preview,
                python,
            })
        }
        .await,
    )
}

/// The Python snippet of `design` ([`widget::widgetfile::python_snippet`]), its state's
/// images named as the export names them.
#[cfg(feature = "ssr")]
async fn python_snippet(
    service: &dyn super::service::DesignService,
    design: &widget::Design,
) -> Result<widget::widgetfile::PythonSnippet, AppError> {
    let state = serde_json::to_string(&design.default_state).unwrap_or_default();
    let ids: Vec<String> = widget::asset::ids_in(&state).into_iter().collect();
    // Looked up with a base or without: an image the studio does not hold is said as such
    // either way (not as one only the studio serves).
    let names = if ids.is_empty() {
        Default::default()
    } else {
        service.export_names(ids).await?
    };
    Ok(widget::widgetfile::python_snippet(design, &names))
}

/// A design's revisions, newest first, and its head revision: what the editor's History
/// panel lists again after a save (without building the design, as `view_design` does).
#[server(endpoint = "ui/history", input = GetUrl, output = crate::api::codec::Json)]
pub async fn design_history(id: String) -> Result<(i64, Vec<RevisionInfo>), AppError> {
    super::error::answer(
        async move {
            let detail = super::service::service()?.detail(id).await?;
            Ok((detail.record.revision, detail.revisions))
        }
        .await,
    )
}

/// One revision of a design, built for the preview.
#[server(endpoint = "ui/revision", input = GetUrl, output = crate::api::codec::Json)]
pub async fn view_revision(id: String, number: i64) -> Result<RevisionView, AppError> {
    super::error::answer(
        async move {
            let (info, document) = super::service::service()?.revision(id, number).await?;
            let preview = super::preview::preview_design(&document);
            Ok(RevisionView {
                info,
                document,
                preview,
            })
        }
        .await,
    )
}

/// Restores revision `number`: its document becomes a new revision (nothing is lost: the
/// revisions after it stay in the history). A form post; the browser goes back to `back` (a
/// path in the studio), told which revision was made, or that none was: the head already
/// holds that document.
#[server(endpoint = "ui/restore", output = crate::api::codec::Json)]
pub async fn restore_revision(id: String, number: i64, back: String) -> Result<i64, AppError> {
    super::error::answer(
        async move {
            let (rec, made) = super::service::writer()?.restore(id, number).await?;
            let back = if super::shares::local_path(&back) {
                back.as_str()
            } else {
                "/designs"
            };
            let sep = if back.contains('?') { '&' } else { '?' };
            leptos_axum::redirect(&if made {
                format!("{back}{sep}restored={number}&saved={}", rec.revision)
            } else {
                format!("{back}{sep}same={number}")
            });
            Ok(rec.revision)
        }
        .await,
    )
}

/// Restores revision `number` for the editor, which shows the answer in place (no page load):
/// the head after it, and whether the restore made it (the head held that document already).
#[server(endpoint = "ui/restore-here", output = crate::api::codec::Json)]
pub async fn restore_here(id: String, number: i64) -> Result<Restored, AppError> {
    super::error::answer(
        async move {
            let (record, made) = super::service::writer()?.restore(id, number).await?;
            Ok(Restored { record, made })
        }
        .await,
    )
}

/// The difference between two revisions of a design.
#[server(endpoint = "ui/diff", input = GetUrl, output = crate::api::codec::Json)]
pub async fn diff_revisions(id: String, from: i64, to: i64) -> Result<RevisionDiff, AppError> {
    super::error::answer(async move { super::service::service()?.diff(id, from, to).await }.await)
}

/// Creates a design.
#[server(endpoint = "ui/create", input = crate::api::codec::JsonForm, output = crate::api::codec::Json)]
pub async fn create_design(design: Design) -> Result<DesignRecord, AppError> {
    super::error::answer(async move { super::service::writer()?.create(design, None).await }.await)
}

/// Saves a revision of a design; a stale base revision answers [`AppError::Conflict`].
#[server(endpoint = "ui/save", input = crate::api::codec::JsonForm, output = crate::api::codec::Json)]
pub async fn save_design(id: String, request: SaveRequest) -> Result<DesignRecord, AppError> {
    super::error::answer(async move { super::service::writer()?.save(id, request).await }.await)
}

/// Creates a design from a blank (`kind`: `card` or `list`) and sends the browser to its
/// editor. Posted by the home page's "New card" and "New list view" forms, so it works
/// without JavaScript.
#[server(endpoint = "ui/new", output = crate::api::codec::Json)]
pub async fn new_design(kind: String) -> Result<String, AppError> {
    super::error::answer(
        async move {
            let starter = widget::starter::Starter::parse(&kind).ok_or_else(|| {
                AppError::invalid(format!("kind: {kind:?} is not a blank; use card or list"))
            })?;
            let name = match starter {
                widget::starter::Starter::Card => "Untitled card",
                widget::starter::Starter::List => "Untitled list view",
            };
            let message = format!(
                "Started from the blank {}",
                match starter {
                    widget::starter::Starter::Card => "card",
                    widget::starter::Starter::List => "list view",
                }
            );
            let record = super::service::writer()?
                .create(starter.design(name), Some(message))
                .await?;
            leptos_axum::redirect(&format!("/designs/{}/edit", record.id));
            Ok(record.id)
        }
        .await,
    )
}

/// The editor's save without JavaScript: the view's text (and the target, name, description
/// and tags) from a plain form, saved on top of revision `base`. If someone saved meanwhile, nothing is lost: the text is saved as a copy
/// and the browser is sent to it, with a note.
#[server(endpoint = "ui/save-source", output = crate::api::codec::Json)]
pub async fn save_source(
    id: String,
    base: i64,
    source: String,
    message: Option<String>,
    target: Option<String>,
    name: Option<String>,
    description: Option<String>,
    /// Comma-separated.
    tags: Option<String>,
    /// Where exports host the design's assets; empty clears it.
    asset_base: Option<String>,
) -> Result<i64, AppError> {
    super::error::answer(
        async move {
            let target = match target.as_deref() {
                None | Some("") => None,
                Some(t) => Some(widget::Target::parse(t).ok_or_else(|| {
                    AppError::invalid(format!(
                        "target: {t:?} is not a target; use chatkit-python or chatkit-js"
                    ))
                })?),
            };
            let service = super::service::writer()?;
            let current = service.detail(id.clone()).await?.record;
            let mut document = current.document.clone();
            // Browsers send a textarea's lines with \r\n; the editor keeps \n.
            document.source = source.replace("\r\n", "\n");
            if let Some(t) = target {
                document.target = t;
            }
            if let Some(n) = name.as_deref().map(str::trim) {
                if n.is_empty() {
                    return Err(AppError::invalid("name: a design needs a name"));
                }
                document.name = n.to_string();
            }
            if let Some(d) = description {
                document.description = d.trim().replace("\r\n", "\n");
            }
            if let Some(t) = tags {
                document.tags = widget::Design::parse_tags(&t);
            }
            if let Some(b) = asset_base {
                document.export.asset_base = if b.trim().is_empty() {
                    None
                } else {
                    Some(
                        widget::asset::check_base(&b)
                            .map_err(|e| AppError::invalid(format!("asset_base: {e}")))?,
                    )
                };
            }
            let message = message.filter(|m| !m.trim().is_empty());
            let request = SaveRequest {
                document: document.clone(),
                base_revision: Some(base),
                overwrite: false,
                message,
            };
            match service.save(id.clone(), request).await {
                Ok(rec) => {
                    leptos_axum::redirect(&format!("/designs/{id}/edit?saved={}", rec.revision));
                    Ok(rec.revision)
                }
                Err(AppError::Conflict { head, .. }) => {
                    let message = format!(
                        "Your version of {:?}, kept as a copy: its revision {} was saved meanwhile",
                        document.name, head.revision
                    );
                    document.name = format!("{} (your version)", document.name);
                    let copy = service.create(document, Some(message)).await?;
                    leptos_axum::redirect(&format!(
                        "/designs/{}/edit?conflict={}&from={id}",
                        copy.id, head.revision
                    ));
                    Ok(copy.revision)
                }
                Err(e) => Err(e),
            }
        }
        .await,
    )
}

/// Moves a design to the trash: a form post from its page, which the browser goes back to
/// (`?trashed=1`), where the design says it is in the trash and offers to take it out. Its
/// revisions stay; its share links stop opening until then.
#[server(endpoint = "ui/trash", output = crate::api::codec::Json)]
pub async fn trash_design(id: String) -> Result<(), AppError> {
    super::error::answer(
        async move {
            super::service::writer()?.trash(id.clone()).await?;
            leptos_axum::redirect(&format!("/designs/{id}?trashed=1"));
            Ok(())
        }
        .await,
    )
}

/// Takes a design out of the trash: a form post; the browser goes back to `back` (a path in
/// the studio: the design's page or its editor), told so (`untrashed=1`).
#[server(endpoint = "ui/untrash", output = crate::api::codec::Json)]
pub async fn untrash_design(id: String, back: Option<String>) -> Result<i64, AppError> {
    super::error::answer(
        async move {
            let rec = super::service::writer()?.untrash(id.clone()).await?;
            let back = back
                .filter(|b| super::shares::local_path(b))
                .unwrap_or_else(|| format!("/designs/{id}"));
            leptos_axum::redirect(&super::shares::back_to(&back, ("untrashed", "1")));
            Ok(rec.revision)
        }
        .await,
    )
}
