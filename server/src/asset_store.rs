//! Assets in the database, beside the designs: one row per distinct file, keyed by the
//! SHA-256 of its bytes (`widget::asset`). Uploading a file the studio already holds stores
//! nothing and answers the asset that holds it.
//!
//! Which designs use an asset (every `asset:<id>` in a design's latest document, the trash
//! included) is kept in `asset_uses`, written with each document ([`crate::asset_uses`]).

use std::collections::BTreeMap;

use sqlx::Row;
use widget::asset::{AssetInfo, AssetUse, ImageInfo, ImageKind};

use crate::store::{Store, StoreError, now_ms, rfc3339};

/// The limits on assets: one file, and all of them together.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AssetLimits {
    pub max_bytes: u64,
    pub quota_bytes: u64,
}

impl Default for AssetLimits {
    fn default() -> Self {
        AssetLimits {
            max_bytes: 5 << 20,
            quota_bytes: 1 << 30,
        }
    }
}

/// Why an asset operation failed (besides the database).
#[derive(Debug, thiserror::Error)]
pub enum AssetError {
    #[error("no asset {0}")]
    NotFound(String),
    #[error(
        "the assets would take {} together, over the studio's quota of {}; delete assets no design uses, or ask the administrator to raise --asset-quota",
        crate::archive::bytes(*total), crate::archive::bytes(*quota)
    )]
    Quota { total: u64, quota: u64 },
    #[error(
        "the asset {name:?} ({id}) is used by {}; remove it from them first",
        names(used_by)
    )]
    InUse {
        id: String,
        /// Its name, which the user knows it by.
        name: String,
        used_by: Vec<AssetUse>,
    },
    #[error("{0}")]
    Invalid(String),
    /// A file over the size limit, or an image over the dimension limits.
    #[error("{0}")]
    TooLarge(String),
    /// Not an image the studio takes (judged by the bytes).
    #[error("{0}")]
    Unsupported(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for AssetError {
    fn from(e: sqlx::Error) -> Self {
        AssetError::Store(StoreError::Db(e))
    }
}

fn names(used: &[AssetUse]) -> String {
    let mut s: Vec<String> = used
        .iter()
        .take(5)
        .map(|u| {
            format!(
                "{:?} ({}{}{})",
                u.name,
                u.id,
                if u.deleted { ", in the trash" } else { "" },
                if u.history {
                    ", in an earlier revision"
                } else {
                    ""
                }
            )
        })
        .collect();
    if used.len() > 5 {
        s.push(format!("{} more", used.len() - 5));
    }
    s.join(", ")
}

/// An asset's id: the SHA-256 of its bytes in lowercase hex.
pub use crate::store::sha256_hex;

/// The accepted types, as error details list them.
pub const ACCEPTED: [&str; 4] = ["image/png", "image/jpeg", "image/gif", "image/webp"];

/// Judges an uploaded file by its size and bytes: what it is and its dimensions, or the
/// refusal that says what is allowed.
pub fn check_file(name: &str, bytes: &[u8], limits: AssetLimits) -> Result<ImageInfo, AssetError> {
    let size = bytes.len() as u64;
    if size > limits.max_bytes {
        return Err(AssetError::TooLarge(format!(
            "{name:?} is {}: an asset may be at most {} (the studio's --asset-max)",
            crate::archive::bytes(size),
            crate::archive::bytes(limits.max_bytes)
        )));
    }
    widget::asset::sniff(bytes, widget::asset::SniffLimits::default())
        .map_err(|e| AssetError::from_sniff(name, e))
}

impl AssetError {
    /// The refusal of a file that sniffing turned down: too large (dimensions) or not a type
    /// the studio takes.
    pub fn from_sniff(name: &str, e: widget::asset::SniffError) -> AssetError {
        match e {
            widget::asset::SniffError::TooBig { .. } => {
                AssetError::TooLarge(format!("{name:?}: {e}"))
            }
            _ => AssetError::Unsupported(format!("{name:?}: {e}")),
        }
    }
}

/// An uploaded file's name, cut to the 200 characters a name may have (an image is not
/// refused for its file's name): the end of its stem goes, with `…`, and its extension stays.
pub fn fit_file_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name).trim();
    let n = base.chars().count();
    if n <= 200 {
        return base.to_string();
    }
    let (stem, ext) = match base.rsplit_once('.') {
        Some((s, e)) if !s.is_empty() && e.chars().count() <= 10 => (s, format!(".{e}")),
        _ => (base, String::new()),
    };
    let keep = 200 - 1 - ext.chars().count();
    let head: String = stem.chars().take(keep).collect();
    format!("{}…{ext}", head.trim_end())
}

/// An asset's name as kept: trimmed, without folders, 1 to 200 characters, no control
/// characters.
pub fn clean_name(name: &str) -> Result<String, AssetError> {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name).trim();
    if base.is_empty() {
        return Err(AssetError::Invalid(
            "name: must not be empty (1 to 200 characters)".into(),
        ));
    }
    // Said with the name's start, so a refused upload among several says which file it was.
    let start = || {
        let head: String = base.chars().take(40).collect();
        format!(
            "{head:?}{}",
            if base.chars().count() > 40 { "…" } else { "" }
        )
    };
    let n = base.chars().count();
    if n > 200 {
        return Err(AssetError::Invalid(format!(
            "name: {} is {n} characters; at most 200 are allowed",
            start()
        )));
    }
    if base.chars().any(char::is_control) {
        return Err(AssetError::Invalid(format!(
            "name: {} holds a control character (a line break, a tab…); they are not allowed",
            start()
        )));
    }
    Ok(base.to_string())
}

fn kind_of(s: &str) -> Result<ImageKind, StoreError> {
    ImageKind::ALL
        .into_iter()
        .find(|k| k.ext() == s || format!("{k:?}").eq_ignore_ascii_case(s))
        .ok_or_else(|| StoreError::Damaged(format!("a stored asset has an unknown type {s:?}")))
}

fn kind_str(k: ImageKind) -> &'static str {
    match k {
        ImageKind::Png => "png",
        ImageKind::Jpeg => "jpeg",
        ImageKind::Gif => "gif",
        ImageKind::Webp => "webp",
    }
}

const COLUMNS: &str = "id, name, kind, size, width, height, created_at, created_by";

fn info_of(row: &sqlx::any::AnyRow) -> Result<AssetInfo, StoreError> {
    let id: String = row.try_get("id")?;
    let kind: String = row.try_get("kind")?;
    Ok(AssetInfo {
        url: widget::asset::studio_url(&id),
        sha256: id.clone(),
        reference: widget::asset::reference(&id),
        name: row.try_get("name")?,
        kind: kind_of(&kind)?,
        size: row.try_get::<i64, _>("size")?.max(0) as u64,
        width: row.try_get::<i64, _>("width")?.max(0) as u32,
        height: row.try_get::<i64, _>("height")?.max(0) as u32,
        created_at: rfc3339(row.try_get("created_at")?),
        created_by: row.try_get("created_by")?,
        used_by: Vec::new(),
        id,
    })
}

/// A new asset to store: its bytes, what sniffing found, and its name.
pub struct NewAsset<'a> {
    pub bytes: &'a [u8],
    pub info: ImageInfo,
    pub name: &'a str,
    pub author: &'a str,
    /// When it was added (kept by a restore), or now.
    pub created_at: Option<i64>,
}

/// Stores an asset unless its bytes are already held: (the asset, whether it is new).
/// A new one must fit in the quota with every asset already held.
pub async fn put(
    store: &Store,
    new: NewAsset<'_>,
    limits: AssetLimits,
) -> Result<(AssetInfo, bool), AssetError> {
    let id = sha256_hex(new.bytes);
    let name = clean_name(&fit_file_name(new.name))?;
    if let Some(info) = get_info(store, &id).await? {
        return Ok((info, false));
    }
    let size = new.bytes.len() as u64;
    // One statement: the quota check and the insert happen together, so two uploads at once
    // cannot both pass the check (SQLite writes one statement at a time; on PostgreSQL the
    // window is the statement's own).
    let inserted = sqlx::query(
        "INSERT INTO assets (id, name, kind, size, width, height, created_at, created_by, bytes) \
         SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9 \
         WHERE (SELECT COALESCE(SUM(size), 0) FROM assets) + $4 <= $10 \
         ON CONFLICT (id) DO NOTHING",
    )
    .bind(&id)
    .bind(&name)
    .bind(kind_str(new.info.kind))
    .bind(size as i64)
    .bind(i64::from(new.info.width))
    .bind(i64::from(new.info.height))
    .bind(new.created_at.unwrap_or_else(now_ms))
    .bind(new.author)
    .bind(new.bytes.to_vec())
    .bind(i64::try_from(limits.quota_bytes).unwrap_or(i64::MAX))
    .execute(store.pool())
    .await?
    .rows_affected();
    if let Some(info) = get_info(store, &id).await? {
        return Ok((info, inserted == 1));
    }
    Err(AssetError::Quota {
        total: total_bytes(store).await? + size,
        quota: limits.quota_bytes,
    })
}

/// The bytes all assets take.
pub async fn total_bytes(store: &Store) -> Result<u64, AssetError> {
    let total: i64 =
        sqlx::query("SELECT CAST(COALESCE(SUM(size), 0) AS BIGINT) AS total FROM assets")
            .fetch_one(store.pool())
            .await?
            .try_get("total")?;
    Ok(total.max(0) as u64)
}

/// One asset's description (without its users).
pub async fn get_info(store: &Store, id: &str) -> Result<Option<AssetInfo>, AssetError> {
    if !widget::asset::is_id(id) {
        return Ok(None);
    }
    let row = sqlx::query(&format!("SELECT {COLUMNS} FROM assets WHERE id = $1"))
        .bind(id)
        .fetch_optional(store.pool())
        .await?;
    Ok(row.as_ref().map(info_of).transpose()?)
}

/// One asset's description and bytes.
pub async fn get(store: &Store, id: &str) -> Result<(AssetInfo, Vec<u8>), AssetError> {
    if !widget::asset::is_id(id) {
        return Err(AssetError::NotFound(id.to_string()));
    }
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS}, bytes FROM assets WHERE id = $1"
    ))
    .bind(id)
    .fetch_optional(store.pool())
    .await?
    .ok_or_else(|| AssetError::NotFound(id.to_string()))?;
    let bytes: Vec<u8> = row.try_get("bytes")?;
    Ok((info_of(&row)?, bytes))
}

/// Which designs use which assets ([`crate::asset_uses`]): every `asset:<id>` in each design's
/// latest document, the trash included; only `asset`'s with `Some`.
pub async fn usage(
    store: &Store,
    asset: Option<&str>,
) -> Result<BTreeMap<String, Vec<AssetUse>>, AssetError> {
    Ok(crate::asset_uses::read(store.pool(), asset).await?)
}

/// Every asset, newest first, each with the designs that use it, and the bytes of all.
pub async fn list(store: &Store) -> Result<(Vec<AssetInfo>, u64), AssetError> {
    let rows = sqlx::query(&format!("SELECT {COLUMNS} FROM assets"))
        .fetch_all(store.pool())
        .await?;
    let mut used = usage(store, None).await?;
    let mut total = 0;
    let mut out = Vec::with_capacity(rows.len());
    for row in &rows {
        let mut info = info_of(row)?;
        total += info.size;
        info.used_by = used.remove(&info.id).unwrap_or_default();
        out.push(info);
    }
    // Newest first, ties by id in code-point order on every database (ids mix cases).
    out.sort_by(|a: &AssetInfo, b| {
        b.created_at
            .cmp(&a.created_at)
            .then_with(|| a.id.cmp(&b.id))
    });
    Ok((out, total))
}

/// Renames an asset (its references do not change: they name the bytes).
pub async fn rename(store: &Store, id: &str, name: &str) -> Result<AssetInfo, AssetError> {
    let name = clean_name(name)?;
    let n = sqlx::query("UPDATE assets SET name = $1 WHERE id = $2")
        .bind(&name)
        .bind(id)
        .execute(store.pool())
        .await?
        .rows_affected();
    if n == 0 {
        return Err(AssetError::NotFound(id.to_string()));
    }
    let mut info = get_info(store, id)
        .await?
        .ok_or_else(|| AssetError::NotFound(id.to_string()))?;
    info.used_by = usage(store, Some(id)).await?.remove(id).unwrap_or_default();
    Ok(info)
}

/// Deletes an asset that no design uses (the trash counts: a restored design keeps its
/// images).
pub async fn delete(store: &Store, id: &str) -> Result<AssetInfo, AssetError> {
    let info = get_info(store, id)
        .await?
        .ok_or_else(|| AssetError::NotFound(id.to_string()))?;
    let mut used_by = usage(store, Some(id)).await?.remove(id).unwrap_or_default();
    if used_by.is_empty() {
        // An earlier revision counts too: a share link pinned to it, or a restore of it,
        // would show a broken image.
        used_by = in_history(store, id).await?;
    }
    if !used_by.is_empty() {
        return Err(AssetError::InUse {
            id: id.to_string(),
            name: info.name.clone(),
            used_by,
        });
    }
    // Only while no latest document uses it: a design saved since the check above may.
    let deleted = sqlx::query(
        "DELETE FROM assets WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM asset_uses WHERE asset_id = $1)",
    )
    .bind(id)
    .execute(store.pool())
    .await?
    .rows_affected();
    if deleted == 0 {
        let used_by = usage(store, Some(id)).await?.remove(id).unwrap_or_default();
        if used_by.is_empty() {
            // Deleted by someone else in the meantime.
            return Err(AssetError::NotFound(id.to_string()));
        }
        return Err(AssetError::InUse {
            id: id.to_string(),
            name: info.name.clone(),
            used_by,
        });
    }
    Ok(info)
}

/// The designs whose earlier revisions refer to an asset (`history` set).
async fn in_history(store: &Store, id: &str) -> Result<Vec<AssetUse>, AssetError> {
    if !widget::asset::is_id(id) {
        return Ok(Vec::new());
    }
    let rows = sqlx::query(
        "SELECT DISTINCT d.id AS id, d.name AS name, d.deleted_at AS deleted_at FROM revisions r JOIN designs d ON d.id = r.design_id WHERE r.snapshot LIKE $1",
    )
    .bind(format!("%{}%", widget::asset::reference(id)))
    .fetch_all(store.pool())
    .await?;
    let mut uses = rows
        .iter()
        .map(|row| {
            Ok(AssetUse {
                id: row.try_get("id")?,
                name: crate::store::shown_name(row.try_get("name")?),
                deleted: row.try_get::<Option<i64>, _>("deleted_at")?.is_some(),
                history: true,
            })
        })
        .collect::<Result<Vec<_>, AssetError>>()?;
    crate::store::sort_by_name(&mut uses, |u| (&u.name, &u.id));
    Ok(uses)
}
