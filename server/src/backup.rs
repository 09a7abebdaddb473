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

use crate::archive::{ArchiveError, ArchiveLimits, BoundedZip, EntryError};
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
                report
                    .errors
                    .first()
                    .map(|d| format!("not exported as .widget: {}", d.placed_message())),
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
#[derive(Debug)]
pub struct ZipItem {
    pub file: String,
    pub doc: Result<Design, Value>,
    /// For a `.widget` read because the `.design.json` beside it (same stem) could not be:
    /// that file's name and why it could not be read, which the answer still reports.
    pub instead_of: Option<(String, Value)>,
}

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
    // Group by stem: `x.design.json` wins over `x.widget`, which is read only when the
    // `.design.json` cannot be (not JSON, not a design document, too large).
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
        let (map, stem) = if let Some(stem) = stem_of(name, DESIGN_EXT) {
            (&mut full, stem)
        } else if let Some(stem) = stem_of(name, WIDGET_EXT) {
            (&mut widgets, stem)
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
    // The `.widget`s beside a `.design.json`, kept for the ones that cannot be read.
    let beside: BTreeMap<String, usize> = widgets
        .iter()
        .filter(|(stem, _)| full.contains_key(*stem))
        .map(|(stem, i)| (stem.clone(), *i))
        .collect();
    widgets.retain(|stem, _| !full.contains_key(stem));
    // A repeated .widget beside its .design.json is never read, unless the first one is read
    // instead of the .design.json (then it is reported below).
    let (repeated_beside, mut repeated): (Vec<String>, Vec<String>) = repeated
        .into_iter()
        .partition(|name| stem_of(name, WIDGET_EXT).is_some_and(|stem| full.contains_key(stem)));
    let mut wanted: Vec<usize> = full.values().chain(widgets.values()).copied().collect();
    wanted.sort_unstable();
    // What the first pass inflates counts against the budget of the second.
    let mut inflated = 0u64;
    let read = zip
        .inflate(&wanted, |name, bytes| {
            inflated = inflated.saturating_add(match &bytes {
                Ok(b) => b.len() as u64,
                // Refused by its declared size: nothing inflated. Else up to the limit and a step.
                Err(EntryError::TooLarge { size, max }) if *size <= max + (64 << 10) => *size,
                Err(_) => 0,
            });
            read_file(name, bytes)
        })
        .map_err(bad)?;
    // A `.design.json` that cannot be read: the `.widget` beside it is read instead.
    let mut failed: BTreeMap<usize, (String, Value)> = BTreeMap::new();
    let mut out = Vec::new();
    for (file, doc) in read {
        match (doc, stem_of(&file, DESIGN_EXT).and_then(|s| beside.get(s))) {
            (Err(err), Some(&i)) => {
                failed.insert(i, (file, err));
            }
            (doc, _) => out.push(ZipItem {
                file,
                doc,
                instead_of: None,
            }),
        }
    }
    if !failed.is_empty() {
        let second: Vec<usize> = failed.keys().copied().collect();
        let left = ArchiveLimits {
            budget: limits.budget.saturating_sub(inflated),
            ..limits
        };
        let mut zip = BoundedZip::open(bytes, left).map_err(bad)?;
        let read = zip.inflate(&second, read_file).map_err(|e| match e {
            // Said as the one budget of the whole import it is.
            ArchiveError::OverBudget {
                name, index, total, ..
            } => bad(ArchiveError::OverBudget {
                name,
                index,
                total: total.saturating_add(inflated),
                budget: limits.budget,
            }),
            e => bad(e),
        })?;
        for ((file, doc), i) in read.into_iter().zip(second) {
            let Some((design_file, err)) = failed.remove(&i) else {
                continue;
            };
            if let Some(stem) = stem_of(&file, WIDGET_EXT) {
                repeated.extend(
                    repeated_beside
                        .iter()
                        .filter(|n| stem_of(n, WIDGET_EXT) == Some(stem))
                        .cloned(),
                );
            }
            out.push(ZipItem {
                file,
                doc,
                instead_of: Some((design_file, err)),
            });
        }
    }
    for name in repeated {
        out.push(ZipItem {
            file: name.clone(),
            doc: Err(json!({"message": format!("the zip holds more than one file named {name:?}; the first was read, this one was not")})),
            instead_of: None,
        });
    }
    out.sort_by(|a, b| a.file.cmp(&b.file));
    Ok(out)
}

const DESIGN_EXT: &str = ".design.json";
const WIDGET_EXT: &str = ".widget";

/// `designs/x` of `designs/x.design.json` for `ext` `.design.json`, the extension in any case.
fn stem_of<'a>(name: &'a str, ext: &str) -> Option<&'a str> {
    let cut = name.len().checked_sub(ext.len())?;
    (name.is_char_boundary(cut) && name[cut..].eq_ignore_ascii_case(ext)).then(|| &name[..cut])
}

/// A file of a zip as a design, or why not (`{message, …}`).
fn read_file(name: &str, bytes: Result<Vec<u8>, EntryError>) -> Result<Design, Value> {
    let bytes = bytes.map_err(|e| json!({"message": e.to_string()}))?;
    let mut d = if stem_of(name, DESIGN_EXT).is_some() {
        read_design_json(&bytes)
    } else {
        Design::from_widget_file(&bytes).map_err(|report| {
            json!({"message": "not a .widget file ChatKit can load", "diagnostics": report})
        })
    }?;
    // States whose names only look alike are renamed apart, as alike ones are.
    crate::store::tidy_lookalike_states(&mut d);
    Ok(d)
}

/// A `.design.json` (a UTF-8 byte order mark skipped, as for a `.widget`) as a design, tidied
/// as stored data is; or why not, located: `line` and `column` (in characters) and, when the
/// problem is in a value, its `path` (`states[0].data`).
pub fn read_design_json(bytes: &[u8]) -> Result<Design, Value> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let design = serde_json::from_slice::<Design>(bytes).map_err(|e| {
        let text = std::str::from_utf8(bytes).ok();
        let (line, column) = text
            .filter(|_| e.line() > 0)
            .map(|t| char_position(t, e.line(), e.column()))
            .unwrap_or((e.line(), e.column()));
        let full = e.to_string();
        let what = full
            .strip_suffix(&format!(" at line {} column {}", e.line(), e.column()))
            .unwrap_or(&full);
        let path = text.and_then(|t| value_path_at(t, e.line(), e.column()));
        let at = match &path {
            Some(p) => format!("{p} (line {line}, column {column})"),
            None => format!("line {line}, column {column}"),
        };
        let mut err = json!({"message": format!("not a design document: {what} at {at}"), "line": line, "column": column});
        if let Some(p) = path {
            err["path"] = json!(p);
        }
        err
    })?;
    let mut d = design;
    // States named alike in an older studio's backup are renamed, not refused.
    d.tidy_one_line_texts(true, true);
    // And an asset base no export took is dropped.
    crate::store::tidy_asset_base(&mut d);
    d.slim_original();
    d.tidied().map_err(|mut report| {
        // Each problem at its value's place in the file.
        if let Ok(text) = std::str::from_utf8(bytes) {
            let parsed = widget::json::parse(text, json_limits(text));
            if let Some(root) = &parsed.root {
                let index = widget::json::LineIndex::new(text);
                for d in report.errors.iter_mut().chain(report.warnings.iter_mut()) {
                    if let Some(node) = root.at_path(&d.path) {
                        (d.line, d.column) = index.line_col(text, node.span.start as usize);
                    }
                }
            }
        }
        let first = report
            .errors
            .first()
            .map(|d| {
                format!(
                    ": {} at line {}, column {}: {}",
                    d.path, d.line, d.column, d.message
                )
            })
            .unwrap_or_default();
        json!({"message": format!("the design's states do not read{first}"), "diagnostics": report})
    })
}

/// Limits for reading a file again with the located parser: any size the zip let through.
fn json_limits(text: &str) -> widget::json::Limits {
    widget::json::Limits {
        max_bytes: text.len().max(widget::json::Limits::default().max_bytes),
        ..Default::default()
    }
}

/// The byte offset of serde_json's `line` and `column` (bytes, the last one read) in `text`.
fn serde_offset(text: &str, line: usize, column: usize) -> usize {
    let start = if line <= 1 {
        0
    } else {
        text.bytes()
            .enumerate()
            .filter(|(_, b)| *b == b'\n')
            .nth(line - 2)
            .map_or(text.len(), |(i, _)| i + 1)
    };
    (start + column.saturating_sub(1)).min(text.len())
}

/// serde_json's `line` and `column` (in bytes) as line and column in characters.
fn char_position(text: &str, line: usize, column: usize) -> (usize, usize) {
    let offset = serde_offset(text, line, column);
    widget::json::LineIndex::new(text).line_col(text, offset)
}

/// The path of the innermost value at serde_json's `line` and `column` (`states[1].name`), or
/// `None` for the document itself or text that does not parse.
fn value_path_at(text: &str, line: usize, column: usize) -> Option<String> {
    let offset = serde_offset(text, line, column) as u32;
    let parsed = widget::json::parse(text, json_limits(text));
    let mut node = parsed.root.as_ref()?;
    let mut path = String::new();
    'down: loop {
        for m in node.members() {
            if m.value.span.start <= offset && offset < m.value.span.end {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(&m.key);
                node = &m.value;
                continue 'down;
            }
        }
        for (i, item) in node.items().iter().enumerate() {
            if item.span.start <= offset && offset < item.span.end {
                path.push_str(&format!("[{i}]"));
                node = item;
                continue 'down;
            }
        }
        break;
    }
    (!path.is_empty()).then_some(path)
}

/// A design whose URLs end in one of `names` (an imported `assets/` folder's files) refers
/// to those assets instead.
fn relink(mut design: Design, names: &BTreeMap<String, String>) -> Design {
    widget::asset::relink_design(&mut design, names);
    design
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
    for ZipItem {
        file,
        doc,
        instead_of,
    } in files
    {
        let doc = doc.map(|d| relink(d, &names));
        // Whether the file was imported, and why not.
        let why_not = match doc {
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
                    let mut entry = json!({"file": file, "id": rec.id, "name": rec.document.name});
                    if let Some((design_file, _)) = &instead_of {
                        entry["instead_of"] = json!(design_file);
                    }
                    imported.push(entry);
                    None
                }
                Err(e) => {
                    let e = ApiError::from(e);
                    if e.code.status() == StatusCode::SERVICE_UNAVAILABLE {
                        return Err(e.into_response());
                    }
                    Some(json!({"message": e.message}))
                }
            },
            Err(err) => Some(err),
        };
        // A `.design.json` that could not be read is reported, with what became of the
        // `.widget` read in its place.
        if let Some((design_file, mut err)) = instead_of {
            let note = if why_not.is_none() {
                err["imported_instead"] = json!(file);
                format!(
                    "; {file} beside it was imported instead (a .widget file holds the widget and its states, not the description, tags or handler rules)"
                )
            } else {
                format!("; {file} beside it could not be imported either (its error is listed)")
            };
            if let Some(m) = err.get_mut("message")
                && let Some(text) = m.as_str()
            {
                *m = Value::String(format!("{text}{note}"));
            }
            errors.push(json!({"file": design_file, "error": err}));
        }
        if let Some(err) = why_not {
            errors.push(json!({"file": file, "error": err}));
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
