//! Backups: every design as a zip of `.widget` files plus a manifest, and the import of such a
//! zip (or of any zip of `.widget` files).
//!
//! A `.widget` file holds what ChatKit needs, but not everything a design is (its description,
//! tags and handler rules), and a work-in-progress design with errors cannot be exported as one.
//! So each design is also written in full as `designs/ID.design.json`; the import prefers that
//! file, so a backup round-trips without loss, and falls back to the `.widget` file.

use std::collections::BTreeMap;
use std::io::Write;

use axum::extract::State;
use axum::extract::rejection::BytesRejection;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use serde_json::{Value, json};
use zip::write::SimpleFileOptions;

use crate::archive::{ArchiveError, ArchiveLimits, BoundedZip};
use crate::error::{ApiError, ErrorCode};
use crate::limits::Limits;
use crate::spool::{self, Spooled};
use crate::wire::slug;
use widget::Design;

use crate::store::{Store, now_ms, rfc3339};

/// The manifest's `format` value.
pub const FORMAT: &str = "widget-studio-backup";

/// Builds the zip of every design not in the trash, with the assets they use, in a temporary
/// file ([`crate::spool`]: the assets are read one at a time as it is written). Answers the
/// zip and how many designs it holds.
pub async fn build_zip(store: &Store) -> Result<(Spooled, usize), ApiError> {
    let designs = store.all().await?;
    // The assets the designs use go with them (`assets/NAME`, listed in the manifest).
    let ids: std::collections::BTreeSet<String> = designs
        .iter()
        .flat_map(|d| {
            widget::asset::ids_in(&serde_json::to_string(&d.document).unwrap_or_default())
        })
        .collect();
    let all: String = ids
        .iter()
        .map(|id| widget::asset::reference(id) + " ")
        .collect();
    crate::gallery_assets::adopt(store, &all).await?;
    spool::zip_with_assets(
        store,
        "backup",
        ids.into_iter().collect(),
        move |zip, assets| zip_designs(zip, &designs, assets),
    )
    .await
}

/// A design document as a backup writes it: indented for people to read, unless that makes it
/// larger than [`PRETTY_MAX`]: indenting a long list can multiply its size (a list of 500,000
/// numbers, 1 MB written compactly, is 4.5 MB indented), past the 4 MiB a restore reads per
/// file by default, and a backup must restore.
fn document_text(doc: &widget::Design) -> String {
    // A template-only design stored before its `original` was slimmed holds its template twice.
    let slim;
    let doc = if doc.original.is_some() {
        let mut copy = doc.clone();
        copy.slim_original();
        slim = copy;
        &slim
    } else {
        doc
    };
    let pretty = serde_json::to_string_pretty(doc).unwrap_or_default();
    if pretty.len() <= PRETTY_MAX {
        pretty
    } else {
        serde_json::to_string(doc).unwrap_or_default()
    }
}

/// The largest `.design.json` a backup indents (1 MiB).
const PRETTY_MAX: usize = 1 << 20;

/// Writes the backup of `designs`, and each asset `assets` sends, into `zip`.
fn zip_designs(
    zip: &mut spool::Zip,
    designs: &[crate::store::DesignRecord],
    assets: &mut spool::Assets,
) -> Result<usize, ApiError> {
    let opts = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let mut entries = Vec::new();
    for rec in designs {
        let base = format!("designs/{}-{}", slug(&rec.document.name), rec.id);
        let full = format!("{base}.design.json");
        let text = document_text(&rec.document);
        zip.start_file(&full, opts)
            .map_err(|e| spool::write_error(&e))?;
        zip.write_all(text.as_bytes())
            .map_err(|e| spool::write_error(&e))?;
        let (widget_file, widget_error) = match rec.document.to_widget_file() {
            Ok(file) => {
                let name = format!("{base}.widget");
                zip.start_file(&name, opts)
                    .map_err(|e| spool::write_error(&e))?;
                let text = serde_json::to_string_pretty(&file).unwrap_or_default();
                zip.write_all(text.as_bytes())
                    .map_err(|e| spool::write_error(&e))?;
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
            "author": rec.updated_by,
            "design_file": full,
            "widget_file": widget_file,
            "widget_error": widget_error,
        }));
    }
    let mut asset_entries = Vec::new();
    let stored = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    while let Some((info, bytes)) = assets.blocking_recv() {
        // Named by id (the manifest keeps the name): two assets can never share an entry.
        let file = format!("assets/{}.{}", info.id, info.kind.ext());
        zip.start_file(&file, stored)
            .map_err(|e| spool::write_error(&e))?;
        zip.write_all(&bytes).map_err(|e| spool::write_error(&e))?;
        asset_entries.push(json!({"id": info.id, "name": info.name, "type": info.kind.mime(), "file": file, "created_by": info.created_by}));
    }
    let manifest = json!({
        "format": FORMAT,
        "version": 1,
        "exported_at": rfc3339(now_ms()),
        "generator": concat!("widget-studio ", env!("CARGO_PKG_VERSION")),
        "count": designs.len(),
        "designs": entries,
        "assets": asset_entries,
    });
    zip.start_file("manifest.json", opts)
        .map_err(|e| spool::write_error(&e))?;
    zip.write_all(
        serde_json::to_string_pretty(&manifest)
            .unwrap_or_default()
            .as_bytes(),
    )
    .map_err(|e| spool::write_error(&e))?;
    Ok(designs.len())
}

/// `GET /api/backup`: a zip of every design.
#[utoipa::path(get, path = "/api/backup", tag = "backup",
    responses((status = 200, description = "A zip: manifest.json, designs/*.widget and designs/*.design.json", content_type = "application/zip"), (status = 503, description = "Too many heavy requests at once (Retry-After), or the database failed", body = crate::wire::ErrorBody)))]
pub async fn export(State(store): State<Store>) -> Result<Response, ApiError> {
    let (zip, _) = build_zip(&store).await?;
    let stamp: String = rfc3339(now_ms()).chars().take(10).collect();
    Ok(zip.into_response(&format!("widget-studio-backup-{stamp}.zip")))
}

/// One importable file of a zip: its name, and its document or why it cannot be read.
pub type ZipItem = (String, Result<Design, Value>);

/// The authors a backup's manifest names, by file (`design_file` and `widget_file`); empty
/// for a zip without a readable manifest. CPU-bound: call it from `spawn_blocking`.
pub fn read_authors(bytes: &[u8], limits: ArchiveLimits) -> BTreeMap<String, String> {
    let Ok(mut zip) = BoundedZip::open(bytes, limits) else {
        return BTreeMap::new();
    };
    let Some(i) = zip
        .files()
        .find(|(_, name)| *name == "manifest.json")
        .map(|(i, _)| i)
    else {
        return BTreeMap::new();
    };
    let manifest = zip
        .inflate(&[i], |_, bytes| {
            bytes
                .ok()
                .and_then(|b| serde_json::from_slice::<Value>(&b).ok())
        })
        .ok()
        .and_then(|mut v| v.pop())
        .and_then(|(_, m)| m)
        .unwrap_or_default();
    let mut authors = BTreeMap::new();
    // An asset's entry names it: `file` → its name, under the key `asset:FILE`.
    for entry in manifest["assets"].as_array().into_iter().flatten() {
        if let (Some(file), Some(name)) = (entry["file"].as_str(), entry["name"].as_str()) {
            authors.insert(format!("asset:{file}"), name.to_string());
        }
    }
    for entry in manifest["designs"].as_array().into_iter().flatten() {
        let Some(author) = entry["author"].as_str().filter(|a| !a.is_empty()) else {
            continue;
        };
        for key in ["design_file", "widget_file"] {
            if let Some(file) = entry[key].as_str() {
                authors.insert(file.to_string(), author.to_string());
            }
        }
    }
    authors
}

/// The designs in a zip, in file-name order, read through the bounded archive reader: one
/// entry inflated at a time, only the parsed document kept. CPU-bound: call it from
/// `spawn_blocking`.
pub fn read_zip(bytes: &[u8], limits: ArchiveLimits) -> Result<Vec<ZipItem>, ApiError> {
    let bad = |e: ArchiveError| {
        let mut err = ApiError::new(ErrorCode::InvalidImport, e.to_string());
        err.details = match e {
            ArchiveError::OverBudget { name, budget, .. } => {
                json!({"file": name, "limit": "import-budget", "budget_bytes": budget})
            }
            ArchiveError::Ratio {
                name,
                max_ratio,
                compressed,
                inflated,
                ..
            } => {
                json!({"file": name, "limit": "import-max-ratio", "max_ratio": max_ratio, "compressed_bytes": compressed, "inflated_bytes": inflated})
            }
            ArchiveError::TooManyEntries { count, max } => {
                json!({"limit": "import-max-entries", "files": count, "max_files": max})
            }
            ArchiveError::UnsafePath { name } => json!({"file": name}),
            ArchiveError::NotZip(_) | ArchiveError::Unreadable { .. } => Value::Null,
        };
        err
    };
    let mut zip = BoundedZip::open(bytes, limits).map_err(bad)?;
    // Group by stem: `x.design.json` wins over `x.widget`, which is then never inflated.
    // Extensions in any case (`.WIDGET` from some zip tools); macOS's resource forks
    // (`__MACOSX/…/._x.widget`) are not designs; a second entry of the same name is reported,
    // not dropped unsaid.
    let mut full = BTreeMap::new();
    let mut widgets = BTreeMap::new();
    let mut repeated = Vec::new();
    for (i, name) in zip.files() {
        if name.starts_with("__MACOSX/")
            || name
                .rsplit('/')
                .next()
                .unwrap_or_default()
                .starts_with("._")
        {
            continue;
        }
        let lower = name.to_ascii_lowercase();
        let (map, stem) = if lower.ends_with(".design.json") {
            (&mut full, &name[..name.len() - ".design.json".len()])
        } else if lower.ends_with(".widget") {
            (&mut widgets, &name[..name.len() - ".widget".len()])
        } else {
            continue;
        };
        match map.entry(stem.to_string()) {
            std::collections::btree_map::Entry::Vacant(e) => {
                e.insert(i);
            }
            std::collections::btree_map::Entry::Occupied(_) => repeated.push(name.to_string()),
        }
    }
    widgets.retain(|stem, _| !full.contains_key(stem));
    // A repeated .widget beside its .design.json was never going to be read.
    repeated.retain(|name: &String| {
        let lower = name.to_ascii_lowercase();
        !(lower.ends_with(".widget") && full.contains_key(&name[..name.len() - ".widget".len()]))
    });
    let mut wanted: Vec<usize> = full.values().chain(widgets.values()).copied().collect();
    wanted.sort_unstable();
    let mut out = zip
        .inflate(&wanted, |name, bytes| {
            let bytes = bytes.map_err(|e| json!({"message": e.to_string()}))?;
            if name.to_ascii_lowercase().ends_with(".design.json") {
                serde_json::from_slice::<Design>(&bytes)
                    .map_err(|e| {
                        json!({"message": format!("not a design document: {e}"), "line": e.line(), "column": e.column()})
                    })
                    // States named alike in an older studio's backup are renamed, not refused.
                    .and_then(|mut d| {
                        d.tidy_one_line_texts(true, true);
                        d.slim_original();
                        d.tidied().map_err(|report| {
                            json!({"message": "the design's states do not read", "diagnostics": report})
                        })
                    })
            } else {
                Design::from_widget_file(&bytes).map_err(|report| {
                    json!({"message": "not a .widget file ChatKit can load", "diagnostics": report})
                })
            }
        })
        .map_err(bad)?;
    for name in repeated {
        out.push((
            name.clone(),
            Err(json!({"message": format!("the zip holds more than one file named {name:?}; the first was read, this one was not")})),
        ));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(out)
}

/// A design whose URLs end in one of `names` (an imported `assets/` folder's files) refers
/// to those assets instead.
fn relink(design: Design, names: &BTreeMap<String, String>) -> Design {
    if names.is_empty() {
        return design;
    }
    let text = serde_json::to_string(&design).unwrap_or_default();
    let linked = widget::asset::relink(&text, names);
    if linked == text {
        return design;
    }
    serde_json::from_str(&linked).unwrap_or(design)
}

/// A file of a zip's `assets/` folder: its path in the zip, and its bytes or why not.
pub type AssetFile = (String, Result<Vec<u8>, String>);

/// The files in a zip's `assets/` folder (any depth of the zip: `x/assets/a.png` too), read
/// through the bounded archive reader: (path in the zip, bytes or why not). CPU-bound: call
/// it from `spawn_blocking`.
pub fn read_assets(bytes: &[u8], limits: ArchiveLimits) -> Result<Vec<AssetFile>, ApiError> {
    let Ok(mut zip) = BoundedZip::open(bytes, limits) else {
        return Ok(Vec::new());
    };
    let wanted: Vec<usize> = zip
        .files()
        .filter(|(_, name)| {
            (name.starts_with("assets/") || name.contains("/assets/"))
                && !name.ends_with('/')
                // The resource forks macOS puts in zips are not images.
                && !name.starts_with("__MACOSX/")
                && !name.rsplit('/').next().unwrap_or_default().starts_with("._")
        })
        .map(|(i, _)| i)
        .collect();
    if wanted.is_empty() {
        return Ok(Vec::new());
    }
    zip.inflate(&wanted, |_, bytes| bytes.map_err(|e| e.to_string()))
        .map_err(|e| ApiError::new(ErrorCode::InvalidImport, e.to_string()))
}

/// `POST /api/backup`: imports every design of a zip as a new design. Files that cannot be
/// read are reported with their name and the reason; the others are imported. The zip is
/// inflated off the async workers, within the import limits (docs/operations.md).
#[utoipa::path(post, path = "/api/backup", tag = "backup", request_body(content = Vec<u8>, description = "A backup zip, or any zip of .widget files", content_type = "application/zip"),
    responses((status = 200, description = "What was imported (new ids) and which files failed, with why", body = crate::wire::ImportResult), (status = 401, description = "A token is required for writes", body = crate::wire::ErrorBody), (status = 408, description = "The zip arrived slower than the minimum body rate", body = crate::wire::ErrorBody), (status = 413, description = "Larger than the import limit (64 MiB by default)", body = crate::wire::ErrorBody), (status = 422, description = "Not a zip, nothing in it could be imported, or it inflates past the import budget or ratio (a zip bomb); the message names the file and the limit", body = crate::wire::ErrorBody), (status = 503, description = "Too many heavy requests at once (Retry-After), or the database failed", body = crate::wire::ErrorBody)))]
pub async fn import(
    State(store): State<Store>,
    Extension(limits): Extension<Limits>,
    Extension(caller): Extension<crate::guard::Caller>,
    body: Result<axum::body::Bytes, BytesRejection>,
) -> Result<Response, Response> {
    let body = body.map_err(|e| {
        crate::extract::body_error(
            e,
            &format!(
                "the zip is larger than {}, the most an import accepts (setting --import-max-zip, WIDGET_STUDIO_IMPORT_MAX_ZIP)",
                crate::archive::bytes(limits.import_max_zip)
            ),
        )
    })?;
    let archive = limits.archive;
    // An image may be as large as an upload may (`--asset-max`), past the limit on one file.
    let mut for_assets = archive;
    for_assets.max_entry_bytes = archive.max_entry_bytes.max(limits.assets.max_bytes);
    let read = tokio::task::spawn_blocking(move || {
        let files = read_zip(&body, archive)?;
        let assets = read_assets(&body, for_assets)?;
        Ok::<_, ApiError>((files, read_authors(&body, archive), assets))
    })
    .await
    .map_err(|e| {
        tracing::error!(error = %e, "the import task failed");
        ApiError::new(
            ErrorCode::Internal,
            "the import failed; nothing was imported",
        )
        .into_response()
    })?
    .map_err(IntoResponse::into_response)?;
    let (files, authors, asset_files) = read;
    let importer = caller.who.author();
    let mut imported_assets = Vec::new();
    let mut errors = Vec::new();
    // Assets first: each file is judged as an upload is; a design exported with its assets
    // (`BASE/NAME` URLs) is linked back to them by name.
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    for (file, bytes) in asset_files {
        let short = file.rsplit('/').next().unwrap_or(&file).to_string();
        let name = authors
            .get(&format!("asset:{file}"))
            .cloned()
            .unwrap_or_else(|| short.clone());
        let added = async {
            let bytes = bytes.map_err(crate::asset_store::AssetError::Invalid)?;
            let info = crate::asset_store::check_file(&name, &bytes, limits.assets)?;
            crate::asset_store::put(
                &store,
                crate::asset_store::NewAsset {
                    bytes: &bytes,
                    info,
                    name: &name,
                    author: &importer,
                    created_at: None,
                },
                limits.assets,
            )
            .await
        }
        .await;
        match added {
            Ok((asset, _)) => {
                names.insert(short, asset.id.clone());
                imported_assets.push(json!({"file": file, "id": asset.id, "name": asset.name}));
            }
            Err(e) => {
                let e = ApiError::from(e);
                if e.code.status() == StatusCode::SERVICE_UNAVAILABLE {
                    return Err(e.into_response());
                }
                errors.push(
                    json!({"file": file, "error": {"message": e.message, "code": e.code.as_str()}}),
                );
            }
        }
    }
    if files.is_empty() {
        return Err(ApiError::new(
            ErrorCode::InvalidImport,
            "the zip holds no .widget or .design.json files",
        )
        .into_response());
    }
    let mut imported = Vec::new();
    for (file, doc) in files {
        let doc = doc.map(|d| relink(d, &names));
        match doc {
            // A backup's revisions keep their authors; the message names who imported them.
            Ok(doc) => match store
                .create(
                    doc,
                    Some(match authors.get(&file) {
                        Some(a) if *a != importer => format!("Imported from {file} by {importer}"),
                        _ => format!("Imported from {file}"),
                    }),
                    authors.get(&file).unwrap_or(&importer),
                )
                .await
            {
                Ok(rec) => {
                    imported.push(json!({"file": file, "id": rec.id, "name": rec.document.name}))
                }
                Err(e) => {
                    let e = ApiError::from(e);
                    if e.code.status() == StatusCode::SERVICE_UNAVAILABLE {
                        return Err(e.into_response());
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
        Json(json!({"imported": imported, "assets": imported_assets, "errors": errors})),
    )
        .into_response())
}
