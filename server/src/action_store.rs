//! The action simulator's tables: each design's simulated thread (the widget item as the
//! client now shows it) and its action log, in the same database as the designs.
//!
//! An action reads the thread, computes its answer (a pure function of the design, the item
//! and the action) and writes the new state only on the version it read
//! (`UPDATE … WHERE version = $read`), so two actions at once, on one instance or on two
//! behind a load balancer, never lose one another's update: the one that loses the race
//! computes again on what the winner left.

use serde_json::Value;
use sqlx::Row;

use crate::store::{Store, StoreError, now_ms, rfc3339};

/// The log entries kept per design (up to 25 more between two trims); older ones are dropped
/// as new ones come.
pub const LOG_KEEP: i64 = 500;

/// A design's simulated thread and its one widget item.
#[derive(Clone, Debug, PartialEq)]
pub struct Thread {
    pub thread_id: String,
    pub item_id: String,
    pub created_at: i64,
    /// The design revision the widget was built from.
    pub revision: i64,
    pub state: Value,
    pub widget: Value,
    pub version: i64,
}

fn damaged(what: &str, e: serde_json::Error) -> StoreError {
    StoreError::Damaged(format!("the stored action {what} does not read: {e}"))
}

fn thread_of(row: &sqlx::any::AnyRow) -> Result<Thread, StoreError> {
    let state: String = row.try_get("state")?;
    let widget: String = row.try_get("widget")?;
    Ok(Thread {
        thread_id: row.try_get("thread_id")?,
        item_id: row.try_get("item_id")?,
        created_at: row.try_get("created_at")?,
        revision: row.try_get("revision")?,
        state: serde_json::from_str(&state).map_err(|e| damaged("thread", e))?,
        widget: serde_json::from_str(&widget).map_err(|e| damaged("thread", e))?,
        version: row.try_get("version")?,
    })
}

/// A new id with a prefix: `thr_…`, `msg_…` (16 hex digits of randomness).
pub fn new_id(prefix: &str) -> String {
    let mut b = [0u8; 8];
    getrandom::fill(&mut b).expect("the OS random source");
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!("{prefix}_{hex}")
}

impl Thread {
    /// A fresh thread whose item shows `widget`, built from `state` at `revision`.
    pub fn fresh(revision: i64, state: Value, widget: Value) -> Thread {
        Thread {
            thread_id: new_id("thr"),
            item_id: new_id("msg"),
            created_at: now_ms(),
            revision,
            state,
            widget,
            version: 0,
        }
    }

    /// The widget item as `widget::actions::run` takes it.
    pub fn item(&self) -> widget::actions::run::WidgetItem {
        widget::actions::run::WidgetItem {
            thread_id: self.thread_id.clone(),
            item_id: self.item_id.clone(),
            created_at: rfc3339(self.created_at),
            state: self.state.clone(),
            widget: self.widget.clone(),
        }
    }
}

/// The thread of a design, if it has one.
pub async fn thread(store: &Store, design_id: &str) -> Result<Option<Thread>, StoreError> {
    let row = sqlx::query("SELECT * FROM action_threads WHERE design_id = $1")
        .bind(design_id)
        .fetch_optional(store.pool())
        .await?;
    row.as_ref().map(thread_of).transpose()
}

/// Creates the thread unless another request just did; either way, the thread there now.
pub async fn create(store: &Store, design_id: &str, t: &Thread) -> Result<Thread, StoreError> {
    sqlx::query("INSERT INTO action_threads (design_id, thread_id, item_id, created_at, revision, state, widget, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (design_id) DO NOTHING")
        .bind(design_id)
        .bind(&t.thread_id)
        .bind(&t.item_id)
        .bind(t.created_at)
        .bind(t.revision)
        .bind(t.state.to_string())
        .bind(t.widget.to_string())
        .bind(t.version)
        .execute(store.pool())
        .await?;
    thread(store, design_id)
        .await?
        .ok_or_else(|| StoreError::NotFound(design_id.to_string()))
}

/// Writes the item's new state and widget if the thread is still at `t.version`; the new
/// version, or `None` when another action came first.
pub async fn advance(
    store: &Store,
    design_id: &str,
    t: &Thread,
    state: &Value,
    widget: &Value,
) -> Result<Option<i64>, StoreError> {
    let done = sqlx::query("UPDATE action_threads SET state = $1, widget = $2, revision = $3, version = version + 1 WHERE design_id = $4 AND version = $5")
        .bind(state.to_string())
        .bind(widget.to_string())
        .bind(t.revision)
        .bind(design_id)
        .bind(t.version)
        .execute(store.pool())
        .await?;
    Ok((done.rows_affected() == 1).then_some(t.version + 1))
}

/// Starts the thread again: a new thread and item showing `fresh`, and a later version (so
/// log entries keep distinct numbers).
pub async fn reset(store: &Store, design_id: &str, fresh: &Thread) -> Result<Thread, StoreError> {
    let done = sqlx::query("UPDATE action_threads SET thread_id = $1, item_id = $2, created_at = $3, revision = $4, state = $5, widget = $6, version = version + 1 WHERE design_id = $7")
        .bind(&fresh.thread_id)
        .bind(&fresh.item_id)
        .bind(fresh.created_at)
        .bind(fresh.revision)
        .bind(fresh.state.to_string())
        .bind(fresh.widget.to_string())
        .bind(design_id)
        .execute(store.pool())
        .await?;
    if done.rows_affected() == 0 {
        return create(store, design_id, fresh).await;
    }
    thread(store, design_id)
        .await?
        .ok_or_else(|| StoreError::NotFound(design_id.to_string()))
}

/// Appends a log entry numbered `seq` (the thread version the action produced), in one
/// transaction with dropping the entries beyond the newest [`LOG_KEEP`] (every 25th entry, so
/// a design's log holds at most `LOG_KEEP + 25`).
pub async fn append(
    store: &Store,
    design_id: &str,
    seq: i64,
    entry: &Value,
) -> Result<(), StoreError> {
    let mut tx = store.pool().begin().await?;
    sqlx::query("INSERT INTO action_log (design_id, seq, at, entry) VALUES ($1, $2, $3, $4) ON CONFLICT (design_id, seq) DO UPDATE SET entry = excluded.entry, at = excluded.at")
        .bind(design_id)
        .bind(seq)
        .bind(now_ms())
        .bind(entry.to_string())
        .execute(&mut *tx)
        .await?;
    if seq % 25 == 0 {
        sqlx::query("DELETE FROM action_log WHERE design_id = $1 AND seq <= $2")
            .bind(design_id)
            .bind(seq - LOG_KEEP)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The log, oldest first: the last `limit` entries.
pub async fn log(store: &Store, design_id: &str, limit: i64) -> Result<Vec<Value>, StoreError> {
    let rows =
        sqlx::query("SELECT entry FROM action_log WHERE design_id = $1 ORDER BY seq DESC LIMIT $2")
            .bind(design_id)
            .bind(limit)
            .fetch_all(store.pool())
            .await?;
    let mut out = rows
        .iter()
        .map(|r| {
            let text: String = r.try_get("entry")?;
            serde_json::from_str(&text).map_err(|e| damaged("log entry", e))
        })
        .collect::<Result<Vec<Value>, StoreError>>()?;
    out.reverse();
    Ok(out)
}

/// Clears the log; how many entries went.
pub async fn clear(store: &Store, design_id: &str) -> Result<u64, StoreError> {
    Ok(sqlx::query("DELETE FROM action_log WHERE design_id = $1")
        .bind(design_id)
        .execute(store.pool())
        .await?
        .rows_affected())
}
