//! Backups: every design as a zip of `.widget` files plus a manifest, and the import of such a
//! zip (or of any zip of `.widget` files).
//!
//! A `.widget` file holds what ChatKit needs, but not everything a design is (its description,
//! tags and handler rules), and a work-in-progress design with errors cannot be exported as one.
//! So each design is also written in full as `designs/ID.design.json`; the import prefers that
//! file, so a backup round-trips without loss, and falls back to the `.widget` file.

use std::collections::BTreeMap;
use std::io::{Cursor, Read, Write};

use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use zip::write::SimpleFileOptions;

use crate::api::{ApiError, slug};
use widget::Design;

use crate::store::{Store, now_ms, rfc3339};

/// Largest backup zip accepted by the import.
pub const MAX_ZIP_BYTES: usize = 64 << 20;
/// Largest single file inside the zip (after decompression).
pub const MAX_ENTRY_BYTES: u64 = 4 << 20;
/// Most files in one zip.
pub const MAX_ENTRIES: usize = 10_000;

/// The manifest's `format` value.
pub const FORMAT: &str = "widget-studio-backup";

/// Builds the zip of every design not in the trash.
pub async fn build_zip(store: &Store) -> Result<(Vec<u8>, usize), ApiError> {
    let designs = store.all().await?;
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let mut entries = Vec::new();
    let zip_err = |e: &dyn std::fmt::Display| {
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            format!("cannot write the zip: {e}"),
        )
    };
    for rec in &designs {
        let base = format!("designs/{}-{}", slug(&rec.document.name), rec.id);
        let full = format!("{base}.design.json");
        let text = serde_json::to_string_pretty(&rec.document).unwrap_or_default();
        zip.start_file(&full, opts).map_err(|e| zip_err(&e))?;
        zip.write_all(text.as_bytes()).map_err(|e| zip_err(&e))?;
        let (widget_file, widget_error) = match rec.document.to_widget_file() {
            Ok(file) => {
                let name = format!("{base}.widget");
                zip.start_file(&name, opts).map_err(|e| zip_err(&e))?;
                let text = serde_json::to_string_pretty(&file).unwrap_or_default();
                zip.write_all(text.as_bytes()).map_err(|e| zip_err(&e))?;
                (Some(name), None)
            }
            Err(report) => (
                None,
                report.errors.first().map(|d| {
                    format!(
                        "not exported as .widget: {}:{}: {}",
                        d.line, d.column, d.message
                    )
                }),
            ),
        };
        entries.push(json!({
            "id": rec.id,
            "name": rec.document.name,
            "kind": rec.document.kind,
            "tags": rec.document.tags,
            "revision": rec.revision,
            "created_at": rec.created_at,
            "updated_at": rec.updated_at,
            "design_file": full,
            "widget_file": widget_file,
            "widget_error": widget_error,
        }));
    }
    let manifest = json!({
        "format": FORMAT,
        "version": 1,
        "exported_at": rfc3339(now_ms()),
        "generator": concat!("widget-studio ", env!("CARGO_PKG_VERSION")),
        "count": designs.len(),
        "designs": entries,
    });
    zip.start_file("manifest.json", opts)
        .map_err(|e| zip_err(&e))?;
    zip.write_all(
        serde_json::to_string_pretty(&manifest)
            .unwrap_or_default()
            .as_bytes(),
    )
    .map_err(|e| zip_err(&e))?;
    let out = zip.finish().map_err(|e| zip_err(&e))?.into_inner();
    Ok((out, designs.len()))
}

/// `GET /api/backup`: a zip of every design.
#[utoipa::path(get, path = "/api/backup", tag = "backup",
    responses((status = 200, description = "A zip: manifest.json, designs/*.widget and designs/*.design.json", content_type = "application/zip")))]
pub async fn export(State(store): State<Store>) -> Result<Response, ApiError> {
    let (bytes, _) = build_zip(&store).await?;
    let stamp: String = rfc3339(now_ms()).chars().take(10).collect();
    Ok((
        [
            (header::CONTENT_TYPE, "application/zip".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"widget-studio-backup-{stamp}.zip\""),
            ),
        ],
        bytes,
    )
        .into_response())
}

/// Reads one file of the zip, refusing anything that inflates past the entry limit.
fn read_entry(file: &mut zip::read::ZipFile<'_, Cursor<&[u8]>>) -> Result<Vec<u8>, String> {
    if file.size() > MAX_ENTRY_BYTES {
        return Err(format!(
            "{} bytes uncompressed; at most {MAX_ENTRY_BYTES} per file",
            file.size()
        ));
    }
    let mut out = Vec::new();
    file.take(MAX_ENTRY_BYTES + 1)
        .read_to_end(&mut out)
        .map_err(|e| format!("cannot read: {e}"))?;
    if out.len() as u64 > MAX_ENTRY_BYTES {
        return Err(format!("more than {MAX_ENTRY_BYTES} bytes uncompressed"));
    }
    Ok(out)
}

/// One importable file of a zip: its name, and its document or why it cannot be read.
pub type ZipItem = (String, Result<Design, Value>);

/// The designs in a zip, in file-name order.
pub fn read_zip(bytes: &[u8]) -> Result<Vec<ZipItem>, ApiError> {
    let bad = |m: String| ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid-import", m);
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| bad(format!("the body is not a zip file: {e}")))?;
    if archive.len() > MAX_ENTRIES {
        return Err(bad(format!(
            "the zip holds {} files; at most {MAX_ENTRIES}",
            archive.len()
        )));
    }
    // Group by stem: `x.design.json` wins over `x.widget`.
    let mut full: BTreeMap<String, (String, Result<Vec<u8>, String>)> = BTreeMap::new();
    let mut widgets: BTreeMap<String, (String, Result<Vec<u8>, String>)> = BTreeMap::new();
    for i in 0..archive.len() {
        let mut file = archive
            .by_index(i)
            .map_err(|e| bad(format!("file {i} of the zip cannot be read: {e}")))?;
        if file.is_dir() {
            continue;
        }
        let name = match file.name() {
            Ok(n) => n.into_owned(),
            Err(e) => {
                return Err(bad(format!(
                    "file {i} of the zip has an unreadable name: {e}"
                )));
            }
        };
        // Zip entries name paths; anything that climbs out or is absolute is refused.
        if name.split(['/', '\\']).any(|seg| seg == "..") || name.starts_with('/') {
            return Err(bad(format!("{name}: unsafe path in the zip")));
        }
        if let Some(stem) = name.strip_suffix(".design.json") {
            full.insert(stem.to_string(), (name.clone(), read_entry(&mut file)));
        } else if let Some(stem) = name.strip_suffix(".widget") {
            widgets.insert(stem.to_string(), (name.clone(), read_entry(&mut file)));
        }
    }
    let mut out = Vec::new();
    for (stem, (name, bytes)) in &full {
        let doc = bytes
            .as_ref()
            .map_err(|m| json!({"message": m}))
            .and_then(|b| {
                serde_json::from_slice::<Design>(b).map_err(|e| {
                    json!({"message": format!("not a design document: {e}"), "line": e.line(), "column": e.column()})
                })
            });
        widgets.remove(stem);
        out.push((name.clone(), doc));
    }
    for (name, bytes) in widgets.into_values() {
        let doc = bytes
            .map_err(|m| json!({"message": m}))
            .and_then(|b| {
                Design::from_widget_file(&b)
                    .map_err(|report| {
                        json!({"message": "not a .widget file ChatKit can load", "diagnostics": report})
                    })
            });
        out.push((name, doc));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(out)
}

/// `POST /api/backup`: imports every design of a zip as a new design. Files that cannot be
/// read are reported with their name and the reason; the others are imported.
#[utoipa::path(post, path = "/api/backup", tag = "backup", request_body(content = Vec<u8>, description = "A backup zip, or any zip of .widget files", content_type = "application/zip"),
    responses((status = 200, description = "What was imported (new ids) and which files failed, with why", body = crate::openapi::ImportResult), (status = 401, description = "A token is required for writes", body = crate::openapi::ErrorBody), (status = 413, description = "Larger than 64 MiB", body = crate::openapi::ErrorBody), (status = 422, description = "Not a zip, or nothing in it could be imported", body = crate::openapi::ErrorBody)))]
pub async fn import(
    State(store): State<Store>,
    body: axum::body::Bytes,
) -> Result<Response, ApiError> {
    let files = read_zip(&body)?;
    if files.is_empty() {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid-import",
            "the zip holds no .widget or .design.json files",
        ));
    }
    let mut imported = Vec::new();
    let mut errors = Vec::new();
    for (file, doc) in files {
        match doc {
            Ok(doc) => match store
                .create(doc, Some(format!("Imported from {file}")))
                .await
            {
                Ok(rec) => {
                    imported.push(json!({"file": file, "id": rec.id, "name": rec.document.name}))
                }
                Err(e) => {
                    let e = ApiError::from(e);
                    if e.status == StatusCode::SERVICE_UNAVAILABLE {
                        return Err(e);
                    }
                    errors.push(json!({"file": file, "error": {"message": e.message}}));
                }
            },
            Err(err) => errors.push(json!({"file": file, "error": err})),
        }
    }
    let status = if imported.is_empty() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    Ok((
        status,
        Json(json!({"imported": imported, "errors": errors})),
    )
        .into_response())
}
