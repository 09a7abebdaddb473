//! The last step of every export (`/api/designs/{id}/export`, `/s/{token}/export`): the
//! design's `asset:` references become where the user's backend will host the files (a base
//! URL and each file's name), or `data:` URLs for small ones, and "with assets" puts the
//! export and an `assets/` folder in one zip. An export never leaves an `asset:` reference,
//! which only the studio can serve, unless asked to (`keep_assets=true`): without a base it
//! answers 422 and says what to set, or, asked to (`inline_unhosted=true`, the studio's plain
//! download links), puts those images inline.

use std::collections::BTreeMap;
use std::io::Write;

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;
use zip::write::SimpleFileOptions;

use crate::asset_store;
use crate::error::{ApiError, ErrorCode};
use crate::store::Store;
use widget::Design;

/// An export as a file: its text, its file name and its media type.
pub struct ExportFile {
    pub body: String,
    pub name: String,
    pub mime: &'static str,
    /// Files that go beside it in a zip, `(name, text)`: the studio catalog of an A2UI export.
    pub beside: Vec<(String, String)>,
}

/// What an export produced: a file to download, or (A2UI's report) a JSON answer.
pub enum Exported {
    File(ExportFile),
    Answer(Response),
}

/// What to do with the design's assets (the export query's asset fields).
#[derive(Clone, Debug, Default)]
pub struct AssetOptions {
    /// Where the user's backend will host the files (default: the design's saved base).
    pub asset_base: Option<String>,
    /// Inline assets of at most this many bytes as `data:` URLs.
    pub inline_max: Option<u64>,
    /// Leave `asset:` references as they are.
    pub keep_assets: bool,
    /// With no base: inline every image as a `data:` URL instead of refusing.
    pub inline_unhosted: bool,
    /// A zip with the export and `assets/`.
    pub zip: bool,
}

/// The header that says how many files an export expects at its asset base.
pub const ASSETS_HEADER: &str = "x-widget-studio-assets";

/// Exports `design` with `export`, its asset references rewritten first as `q` and the
/// design ask (in the design itself, so every part of the export has them: a `.widget`'s
/// template, its states in `encodedWidget`, the A2UI data model), and answers the file or
/// the zip.
pub async fn finish(
    store: &Store,
    design: &Design,
    q: &AssetOptions,
    export: impl FnOnce(&Design) -> Result<Exported, ApiError>,
) -> Result<Response, ApiError> {
    let text = serde_json::to_string(design).unwrap_or_default();
    let ids = widget::asset::ids_in(&text);
    // (file name, asset id) of each image hosted at the base.
    let mut hosted: Vec<(String, String)> = Vec::new();
    let mut base_used = None;
    let mut rewritten = None;
    if !ids.is_empty() && !q.keep_assets {
        // The gallery's images are the studio's own: stored now if they are not yet.
        crate::gallery_assets::adopt(store, &text).await?;
        // Descriptions only: the bytes are read when they are needed, one image at a time.
        let mut found = Vec::new();
        for id in &ids {
            found.extend(asset_store::get_info(store, id).await?);
        }
        let missing: Vec<String> = ids
            .iter()
            .filter(|id| !found.iter().any(|a| &a.id == *id))
            .map(|id| widget::asset::reference(id))
            .collect();
        if !missing.is_empty() {
            return Err(missing_error(&missing));
        }
        // An empty field of the export form is no base: the design's own applies.
        let given = q.asset_base.as_deref().filter(|b| !b.trim().is_empty());
        let base =
            match given.or(design.export.base()) {
                Some(b) => Some(widget::asset::check_base(b).map_err(|m| {
                    ApiError::new(ErrorCode::BadRequest, format!("asset_base: {m}"))
                })?),
                None => None,
            };
        let mut to: BTreeMap<String, String> = BTreeMap::new();
        let mut unresolved = Vec::new();
        for info in found {
            let small = q.inline_max.is_some_and(|max| info.size <= max);
            if !small && let Some(base) = &base {
                let name = info.export_name();
                to.insert(info.id.clone(), format!("{base}{name}"));
                hosted.push((name, info.id.clone()));
            } else if small || q.inline_unhosted {
                let bytes = match asset_store::get(store, &info.id).await {
                    Ok((_, bytes)) => bytes,
                    // Deleted since its description was read.
                    Err(asset_store::AssetError::NotFound(_)) => {
                        return Err(missing_error(&[widget::asset::reference(&info.id)]));
                    }
                    Err(e) => return Err(e.into()),
                };
                to.insert(info.id.clone(), widget::asset::data_url(info.kind, &bytes));
            } else {
                // `"big.png", 30,173 bytes (29.5 KiB)`: one pair of brackets.
                unresolved.push(format!(
                    "{:?}, {}",
                    info.name,
                    crate::archive::bytes(info.size)
                ));
            }
        }
        if !unresolved.is_empty() {
            return Err(ApiError {
                code: ErrorCode::Invalid,
                message: format!(
                    "export: the design uses {} that only the studio can serve: {}; set the asset base URL where your backend will host the files (the design's \"Asset base URL\", saved with it, or asset_base=https://… for one export), inline small ones as data: URLs (inline_max=BYTES) or all of them (inline_unhosted=true), or keep the asset: references on purpose (keep_assets=true)",
                    if unresolved.len() == 1 {
                        "an image"
                    } else {
                        "images"
                    },
                    unresolved.join(", ")
                ),
                details: json!({"unresolved": unresolved}),
            });
        }
        let linked = widget::asset::rewrite(&text, |id| to.get(id).cloned());
        rewritten = Some(serde_json::from_str::<Design>(&linked).map_err(|e| {
            ApiError::new(
                ErrorCode::Internal,
                format!("the design does not read after its asset references were rewritten: {e}"),
            )
        })?);
        base_used = base;
    }
    let file = match export(rewritten.as_ref().unwrap_or(design))? {
        Exported::Answer(r) => {
            if q.zip {
                return Err(ApiError::new(
                    ErrorCode::BadRequest,
                    "zip: not with report=true (the report is an answer, not a file)",
                ));
            }
            return Ok(r);
        }
        Exported::File(f) => f,
    };
    // The zip holds every image the design uses (its states included: a `.widget` carries
    // them all, inside `encodedWidget` too).
    let files = hosted;
    if q.zip {
        let zip_name = format!("{}.zip", file.name.split('.').next().unwrap_or("export"));
        let ids = files.iter().map(|(_, id)| id.clone()).collect();
        let (zip, ()) = crate::spool::zip_with_assets(store, "export", ids, move |zip, assets| {
            zip_export(zip, &file, &files, assets)
        })
        .await?;
        return Ok(zip.into_response(&zip_name));
    }
    let mut r = (
        [
            (header::CONTENT_TYPE, file.mime.to_string()),
            (
                header::CONTENT_DISPOSITION,
                crate::wire::content_disposition("attachment", &file.name),
            ),
        ],
        file.body,
    )
        .into_response();
    if let (Some(base), false) = (base_used, files.is_empty()) {
        // Kept short: proxies refuse long headers.
        let mut names: Vec<&str> = files.iter().take(10).map(|(n, _)| n.as_str()).collect();
        let more = format!("and {} more", files.len().saturating_sub(10));
        if files.len() > 10 {
            names.push(&more);
        }
        let note = format!(
            "{} file(s) to host at {base}: {}",
            files.len(),
            names.join(", ")
        );
        if let Ok(v) = HeaderValue::from_str(&note) {
            r.headers_mut().insert(ASSETS_HEADER, v);
        }
    }
    Ok(r)
}

/// The answer to an export of a design whose `asset:` references (`missing`) the studio does
/// not hold.
fn missing_error(missing: &[String]) -> ApiError {
    ApiError {
        code: ErrorCode::Invalid,
        message: format!(
            "export: the design refers to {} the studio does not hold ({}); upload the image again and pick it, or remove the reference",
            if missing.len() == 1 {
                "an asset"
            } else {
                "assets"
            },
            missing.join(", ")
        ),
        details: json!({"missing": missing}),
    }
}

/// Writes an export's zip: the file at the top, then each of `hosted` (file name, asset id)
/// in `assets/`, its bytes as `assets` sends them, in the same order. The names are the ones
/// the export's text links to; an image deleted meanwhile fails the export.
fn zip_export(
    zip: &mut crate::spool::Zip,
    file: &ExportFile,
    hosted: &[(String, String)],
    assets: &mut crate::spool::Assets,
) -> Result<(), ApiError> {
    let err = |e: &dyn std::fmt::Display| crate::spool::write_error(e);
    let deflate = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    // Images are compressed already: stored as they are.
    let stored = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file(&file.name, deflate).map_err(|e| err(&e))?;
    zip.write_all(file.body.as_bytes()).map_err(|e| err(&e))?;
    for (name, text) in &file.beside {
        zip.start_file(name, deflate).map_err(|e| err(&e))?;
        zip.write_all(text.as_bytes()).map_err(|e| err(&e))?;
    }
    for (name, id) in hosted {
        match assets.blocking_recv() {
            Some((info, bytes)) if info.id == *id => {
                zip.start_file(format!("assets/{name}"), stored)
                    .map_err(|e| err(&e))?;
                zip.write_all(&bytes).map_err(|e| err(&e))?;
            }
            _ => return Err(missing_error(&[widget::asset::reference(id)])),
        }
    }
    Ok(())
}
