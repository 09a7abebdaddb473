//! `/api/assets` and `/assets/{id}`: uploading, listing, renaming and deleting assets, and
//! serving their bytes (`asset_store` keeps them; `widget::asset` judges and names them).
//!
//! Serving: anyone with an asset's URL may read it, like a share link (the id, a SHA-256, is
//! the capability), so shared designs show their images. The bytes never change under a URL,
//! so they are cached for a year (`immutable`), with an ETag; they are served with their type
//! judged at upload, `nosniff`, and a Content-Security-Policy under which nothing runs, so an
//! image opened on its own is only ever an image.

use axum::Extension;
use axum::Json;
use axum::extract::{Multipart, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;
use widget::asset::{AssetInfo, AssetList, Uploaded};

use crate::asset_store::{self, AssetLimits, NewAsset};
use crate::error::{ApiError, ErrorCode};
use crate::extract::{P, Shape, Shaped, Strict};
use crate::guard::Caller;
use crate::store::Store;

/// The most files one upload may carry.
pub const MAX_FILES: usize = 20;

/// The assets' handlers' state: the store and the limits.
#[derive(Clone)]
pub struct Assets {
    pub store: Store,
    pub limits: AssetLimits,
}

/// The request body limit of an upload: the most files, each at the most bytes, and room for
/// the multipart framing.
pub fn body_limit(limits: AssetLimits) -> usize {
    let most = limits
        .max_bytes
        .saturating_mul(MAX_FILES as u64)
        .min(limits.quota_bytes.max(limits.max_bytes))
        .saturating_add(1 << 20);
    usize::try_from(most).unwrap_or(usize::MAX)
}

/// How much of a file is read before it is judged the first time.
const PREFIX: usize = 1024;

/// The refusal a file's first bytes already decide: not an image by its signature, or
/// dimensions over the limits. (A header cut short at this point is not one: more may come.)
fn early_refusal(name: &str, prefix: &[u8]) -> Result<(), ApiError> {
    use widget::asset::SniffError;
    match widget::asset::sniff(prefix, widget::asset::SniffLimits::default()) {
        Err(e @ (SniffError::NotAnImage { .. } | SniffError::TooBig { .. })) => {
            Err(crate::asset_store::AssetError::from_sniff(name, e).into())
        }
        _ => Ok(()),
    }
}

/// The Content-Security-Policy of served assets: nothing loads, nothing runs.
pub const ASSET_CSP: &str =
    "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; sandbox";

fn multipart_error(e: axum::extract::multipart::MultipartError) -> ApiError {
    let status = e.status();
    if status == StatusCode::PAYLOAD_TOO_LARGE {
        ApiError::new(
            ErrorCode::TooLarge,
            format!(
                "the upload is larger than the studio takes in one request: {}",
                e.body_text()
            ),
        )
    } else {
        ApiError::new(
            ErrorCode::BadRequest,
            format!("the multipart body does not read: {}", e.body_text()),
        )
    }
}

/// `POST /api/assets`: multipart, one or more images in the field `file`. Every file is
/// judged before any is stored: one refused file stores none.
#[utoipa::path(post, path = "/api/assets", tag = "assets",
    request_body(content_type = "multipart/form-data", description = "One or more files in the field `file` (PNG, JPEG, GIF or WebP, judged by the bytes)"),
    responses(
        (status = 201, description = "The assets (a file already held answers the asset that holds its bytes)", body = Uploaded),
        (status = 400, description = "No file, a field other than `file`, or more than 20 files", body = crate::wire::ErrorBody),
        (status = 413, description = "A file over the size limit, an image over 8,192 px a side, or over the quota", body = crate::wire::ErrorBody),
        (status = 415, description = "A body that is not multipart/form-data, or a file that is not PNG, JPEG, GIF or WebP by its bytes (details.accepted lists them)", body = crate::wire::ErrorBody)))]
pub async fn upload(
    State(a): State<Assets>,
    Extension(caller): Extension<Caller>,
    mp: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Result<Response, ApiError> {
    let mut mp = mp.map_err(|e| {
        ApiError::new(
            ErrorCode::UnsupportedType,
            format!(
                "send multipart/form-data with the images in the field `file` ({})",
                e.body_text()
            ),
        )
    })?;
    let mut files: Vec<(String, Vec<u8>, widget::asset::ImageInfo)> = Vec::new();
    while let Some(mut field) = mp.next_field().await.map_err(multipart_error)? {
        let field_name = field.name().unwrap_or_default().to_string();
        if field_name != "file" {
            return Err(ApiError::new(
                ErrorCode::BadRequest,
                format!("unknown field {field_name:?}: send the images in the field `file`"),
            ));
        }
        if files.len() == MAX_FILES {
            return Err(ApiError::new(
                ErrorCode::BadRequest,
                format!("at most {MAX_FILES} files in one upload"),
            ));
        }
        let name = field
            .file_name()
            .map(str::to_string)
            .filter(|n| !n.trim().is_empty())
            .unwrap_or_else(|| format!("image-{}", files.len() + 1));
        let mut bytes = Vec::new();
        let mut judged = false;
        while let Some(chunk) = field.chunk().await.map_err(multipart_error)? {
            bytes.extend_from_slice(&chunk);
            // The first kilobyte says whether it is an image and how large: a file that is
            // not one, or a decompression bomb, is refused before the rest is read.
            if !judged && bytes.len() >= PREFIX {
                judged = true;
                early_refusal(&name, &bytes)?;
            }
            if bytes.len() as u64 > a.limits.max_bytes {
                // Stop reading: the refusal says the limit without taking the rest in.
                return Err(ApiError::new(
                    ErrorCode::TooLarge,
                    format!(
                        "{name:?} is too large: an asset may be at most {} (the studio's --asset-max)",
                        crate::archive::bytes(a.limits.max_bytes)
                    ),
                ));
            }
        }
        let info = asset_store::check_file(&name, &bytes, a.limits)?;
        asset_store::clean_name(&asset_store::fit_file_name(&name))?;
        files.push((name, bytes, info));
    }
    if files.is_empty() {
        return Err(ApiError::new(
            ErrorCode::BadRequest,
            "no file: send the images in the field `file` (multipart/form-data)",
        ));
    }
    // The new bytes of the whole upload against the quota first: one upload is stored whole
    // or not at all.
    let mut new_ids = std::collections::BTreeSet::new();
    let mut new_bytes = 0u64;
    for (_, bytes, _) in &files {
        let id = asset_store::sha256_hex(bytes);
        if asset_store::get_info(&a.store, &id).await?.is_none() && new_ids.insert(id) {
            new_bytes += bytes.len() as u64;
        }
    }
    let total = asset_store::total_bytes(&a.store).await? + new_bytes;
    if total > a.limits.quota_bytes {
        return Err(asset_store::AssetError::Quota {
            total,
            quota: a.limits.quota_bytes,
        }
        .into());
    }
    let author = caller.who.author();
    let mut out = Vec::with_capacity(files.len());
    for (name, bytes, info) in &files {
        let (asset, new) = asset_store::put(
            &a.store,
            NewAsset {
                bytes,
                info: *info,
                name,
                author: &author,
                created_at: None,
            },
            a.limits,
        )
        .await?;
        if new {
            tracing::info!(asset = %asset.id, name = %asset.name, size = asset.size, by = %author, "asset added");
        }
        out.push(asset);
    }
    Ok((StatusCode::CREATED, Json(Uploaded { assets: out })).into_response())
}

/// `GET /api/assets`: every asset, newest first, with the designs that use each.
#[utoipa::path(get, path = "/api/assets", tag = "assets",
    responses((status = 200, description = "The assets, the bytes they take and the limits", body = AssetList)))]
pub async fn list(State(a): State<Assets>) -> Result<Response, ApiError> {
    let (assets, total_bytes) = asset_store::list(&a.store).await?;
    Ok(Json(AssetList {
        assets,
        total_bytes,
        quota_bytes: a.limits.quota_bytes,
        max_bytes: a.limits.max_bytes,
    })
    .into_response())
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct RenameBody {
    /// 1 to 200 characters.
    pub name: String,
}

impl Shaped for RenameBody {
    const SHAPE: Shape = Shape::Object {
        what: "an asset's rename",
        fields: &[("name", Shape::Any)],
    };
}

/// `PATCH /api/assets/{id}`: renames an asset. Designs keep working: their references name
/// the bytes.
#[utoipa::path(patch, path = "/api/assets/{id}", tag = "assets", params(("id" = String, Path, description = "Asset id (SHA-256)")), request_body = RenameBody,
    responses((status = 200, description = "Renamed", body = AssetInfo), (status = 404, description = "No such asset", body = crate::wire::ErrorBody), (status = 422, description = "An empty or over-long name, or a field a rename does not have (its path and the fields there are)", body = crate::wire::ErrorBody)))]
pub async fn rename(
    State(a): State<Assets>,
    P(id): P<String>,
    Strict(body): Strict<RenameBody>,
) -> Result<Response, ApiError> {
    Ok(Json(asset_store::rename(&a.store, &id, &body.name).await?).into_response())
}

/// `DELETE /api/assets/{id}`: deletes an asset that no design uses (the trash counts).
#[utoipa::path(delete, path = "/api/assets/{id}", tag = "assets", params(("id" = String, Path, description = "Asset id (SHA-256)")),
    responses((status = 200, description = "Deleted", body = AssetInfo), (status = 404, description = "No such asset", body = crate::wire::ErrorBody), (status = 409, description = "A design uses it (details.used_by names them)", body = crate::wire::ErrorBody)))]
pub async fn delete(State(a): State<Assets>, P(id): P<String>) -> Result<Response, ApiError> {
    let info = asset_store::delete(&a.store, &id).await?;
    tracing::info!(asset = %id, name = %info.name, "asset deleted");
    Ok(Json(info).into_response())
}

/// Whether an `If-None-Match` header matches an ETag.
fn etag_matches(headers: &HeaderMap, etag: &str) -> bool {
    headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|t| t.trim().trim_start_matches("W/"))
        .any(|t| t == "*" || t == etag)
}

/// `GET /assets/{id}`: an asset's bytes.
#[utoipa::path(get, path = "/assets/{id}", tag = "assets", params(("id" = String, Path, description = "Asset id (SHA-256)")),
    responses((status = 200, description = "The bytes, with their type, immutable caching, an ETag, nosniff and a CSP under which nothing runs"), (status = 304, description = "If-None-Match matched the ETag"), (status = 404, description = "No such asset", body = crate::wire::ErrorBody)))]
pub async fn serve(
    State(a): State<Assets>,
    P(id): P<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    // An id names its bytes: a match needs no database read at all.
    let etag = format!("\"{id}\"");
    let fixed = [
        (
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=31536000, immutable"),
        ),
        (
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ),
        (
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(ASSET_CSP),
        ),
    ];
    if widget::asset::is_id(&id) && etag_matches(&headers, &etag) {
        let mut r = StatusCode::NOT_MODIFIED.into_response();
        r.headers_mut().extend(fixed);
        if let Ok(v) = HeaderValue::from_str(&etag) {
            r.headers_mut().insert(header::ETAG, v);
        }
        return Ok(r);
    }
    let (kind, file_name, bytes): (_, _, axum::body::Bytes) =
        match asset_store::get(&a.store, &id).await {
            Ok((info, bytes)) => (info.kind, info.export_name(), bytes.into()),
            // The gallery's own images are served before any database holds them.
            Err(asset_store::AssetError::NotFound(_)) => {
                match crate::gallery_assets::shipped().get(&id) {
                    Some(s) => (
                        s.info.kind,
                        widget::asset::export_name(s.name, &id, s.info.kind),
                        axum::body::Bytes::from_static(s.bytes),
                    ),
                    None => {
                        return Err(ApiError {
                            code: ErrorCode::NotFound,
                            message: format!("no asset {id}"),
                            details: json!({"id": id}),
                        });
                    }
                }
            }
            Err(e) => return Err(e.into()),
        };
    let mut r = bytes.into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind.mime()));
    h.extend(fixed);
    if let Ok(v) = HeaderValue::from_str(&etag) {
        h.insert(header::ETAG, v);
    }
    // The name a browser saves it under (the stored name may be anything: in UTF-8 beside
    // an ASCII one).
    if let Ok(v) = HeaderValue::from_str(&crate::wire::content_disposition("inline", &file_name)) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(
        header::HeaderName::from_static("cross-origin-resource-policy"),
        HeaderValue::from_static("cross-origin"),
    );
    Ok(r)
}
