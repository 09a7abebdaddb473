//! Which designs use which assets, kept in the table `asset_uses` (migration 0009): one row per
//! asset a design's latest document refers to (`widget::asset::ids_in` over the stored JSON,
//! the trash included). The store rewrites a design's rows in the transaction that writes its
//! document ([`set`]), so the rows cannot drift from the documents; the asset list, rename and
//! delete read them ([`read`]) instead of scanning every document.
//!
//! The designs written before the table existed are indexed once, when the server first opens
//! the database after the migration ([`index_pending`]).

use std::collections::BTreeMap;

use sqlx::{AnyPool, Row};
use widget::asset::AssetUse;

/// Records the assets `document` (a design's stored JSON) refers to as the uses of design
/// `design_id`, replacing what was recorded before, inside the caller's transaction.
pub async fn set(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    design_id: &str,
    document: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM asset_uses WHERE design_id = $1")
        .bind(design_id)
        .execute(&mut **tx)
        .await?;
    for asset in widget::asset::ids_in(document) {
        sqlx::query("INSERT INTO asset_uses (asset_id, design_id) VALUES ($1, $2)")
            .bind(&asset)
            .bind(design_id)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// The designs that use each asset (only `asset`'s with `Some`), ordered by the design's name
/// and id. A design in the trash is marked `deleted`.
pub async fn read(
    pool: &AnyPool,
    asset: Option<&str>,
) -> Result<BTreeMap<String, Vec<AssetUse>>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT u.asset_id AS asset_id, d.id AS id, d.name AS name, d.deleted_at AS deleted_at
         FROM asset_uses u JOIN designs d ON d.id = u.design_id
         WHERE ($1 IS NULL OR u.asset_id = $1)",
    )
    .bind(asset)
    .fetch_all(pool)
    .await?;
    let mut out: BTreeMap<String, Vec<AssetUse>> = BTreeMap::new();
    for row in rows {
        out.entry(row.try_get("asset_id")?)
            .or_default()
            .push(AssetUse {
                id: row.try_get("id")?,
                name: crate::store::shown_name(row.try_get("name")?),
                deleted: row.try_get::<Option<i64>, _>("deleted_at")?.is_some(),
                history: false,
            });
    }
    for uses in out.values_mut() {
        crate::store::sort_by_name(uses, |u| (&u.name, &u.id));
    }
    Ok(out)
}

/// How many designs [`index_pending`] reads at a time.
const PAGE: i64 = 200;

/// Indexes the designs written before the table existed, once: while the migration's row in
/// `asset_uses_pending` is there, reads every design that may refer to an asset, records its
/// uses and removes the row, in one transaction. Several servers opening the database at once
/// index it once: the first to remove the row holds it until its commit, and the others then
/// find nothing to remove. Returns the number of designs read.
pub async fn index_pending(pool: &AnyPool) -> Result<usize, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let claimed = sqlx::query("DELETE FROM asset_uses_pending")
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if claimed == 0 {
        tx.rollback().await?;
        return Ok(0);
    }
    let mut after = String::new();
    let mut read = 0;
    loop {
        let rows = sqlx::query(
            "SELECT id, document FROM designs WHERE id > $1 AND document LIKE '%asset:%' ORDER BY id LIMIT $2",
        )
        .bind(&after)
        .bind(PAGE)
        .fetch_all(&mut *tx)
        .await?;
        let Some(last) = rows.last() else { break };
        after = last.try_get("id")?;
        for row in &rows {
            let id: String = row.try_get("id")?;
            let document: String = row.try_get("document")?;
            set(&mut tx, &id, &document).await?;
        }
        read += rows.len();
    }
    tx.commit().await?;
    Ok(read)
}
