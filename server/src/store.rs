//! Designs and revisions in the database.
//!
//! Every save creates an immutable revision holding a full snapshot. Saves are optimistic: a
//! save names the revision it was based on, and the update only applies while the design's
//! head is still that revision (`UPDATE … WHERE head = $base` inside a transaction), so no
//! acknowledged save is ever overwritten silently; a stale save gets [`StoreError::Conflict`]
//! with the current head. Deleting moves a design to the trash (`deleted_at`); it can be
//! restored and its revisions stay.

use serde_json::Value;
use sqlx::{AnyPool, Row};

use crate::db::{Backend, Db};
pub use app::api::types::{
    DesignRecord, DesignSummary, ListQuery, RevisionInfo, ShareInfo as Share, SortKey, SortOrder,
};
use widget::design::{Design, DesignKind};

/// Where a one-line text holds a control character (a line break, NUL, an escape), in words:
/// `holds U+000A (a control character) at character 2`, or `None`; and
/// [`one_line_problem`], that or a bidirectional control: what a name or a tag a write gives
/// may not hold. (Searches refuse only control characters: a design stored before names were
/// checked for bidirectional controls can still be found.)
pub use widget::design::{control_character, one_line_problem};

/// Tags as stored: each in Unicode's composed form (NFC), so that tags that look the same are
/// the same (an "é" typed as one character or as "e" and a combining accent), then repeats
/// dropped, in the order given. (A few characters compose to more than one: a tag is cut
/// back to [`widget::design::TAG_MAX_CHARS`] then.)
pub fn normal_tags(tags: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(tags.len());
    for t in tags {
        let t = normal_tag(t);
        if !out.contains(&t) {
            out.push(t);
        }
    }
    out
}

/// One tag as [`normal_tags`] stores it.
fn normal_tag(tag: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    tag.nfc().take(widget::design::TAG_MAX_CHARS).collect()
}

/// The fields of a design document (`widget::Design` as JSON), which a patch may change.
pub const DOCUMENT_FIELDS: [&str; 12] = [
    "name",
    "description",
    "tags",
    "kind",
    "source",
    "default_state",
    "states",
    "schema",
    "handlers",
    "target",
    "original",
    "export",
];

/// Tidies a document stored before the checks a write makes now ([`check_document`]), for the
/// writes that carry stored data forward (a restored revision, a fork, a patch, a backup): alike
/// or missing state names renamed, control characters in the name and tags made spaces, and
/// tags and names over the limits cut ([`Design::tidy_one_line_texts`]). A
/// patch's own fields are left as given (they are checked, not tidied).
pub fn tidy_stored(doc: &mut Design, patch: Option<&Value>) {
    let given = |k: &str| patch.is_some_and(|p| p.get(k).is_some());
    if !given("states") {
        doc.tidy_state_names();
        tidy_lookalike_states(doc);
    }
    doc.tidy_one_line_texts(!given("name"), !given("tags"));
    // An asset base stored before writes checked it (exports refused it) is dropped, so the
    // design restores, copies and takes a patch of other fields; a base the write itself
    // gives is checked (`check_document`).
    if !given("export") {
        tidy_asset_base(doc);
    }
}

/// Why the document's asset base does not check, if it has one that does not.
fn asset_base_problem(doc: &Design) -> Option<String> {
    doc.export
        .base()
        .and_then(|b| widget::asset::check_base(b).err())
}

/// Drops an asset base that does not check (logged): see [`tidy_stored`].
pub fn tidy_asset_base(doc: &mut Design) {
    if let Some(why) = asset_base_problem(doc) {
        let base = doc.export.asset_base.take().unwrap_or_default();
        tracing::warn!(design = %doc.name, base, "a stored asset base that does not check is dropped: {why}");
    }
}

/// Checks what the database relies on; the widget itself may be work in progress.
pub fn check_document(doc: &Design) -> Result<(), StoreError> {
    let bad = |m: String| Err(StoreError::Invalid(m));
    if doc.name.trim().is_empty() {
        return bad("name: must not be empty".into());
    }
    if let Some(why) = one_line_problem(&doc.name) {
        return bad(format!("name: {why}; a name is one line of text"));
    }
    if doc.name.chars().count() > widget::design::NAME_MAX_CHARS {
        return bad(format!(
            "name: at most {} characters",
            widget::design::NAME_MAX_CHARS
        ));
    }
    if doc.description.chars().count() > 10_000 {
        return bad("description: at most 10,000 characters".into());
    }
    if doc.tags.len() > widget::design::TAGS_MAX {
        return bad(format!("tags: at most {} tags", widget::design::TAGS_MAX));
    }
    for (i, t) in doc.tags.iter().enumerate() {
        if t.trim().is_empty() || t.chars().count() > widget::design::TAG_MAX_CHARS {
            return bad(format!(
                "tags[{i}]: a tag is 1 to {} characters",
                widget::design::TAG_MAX_CHARS
            ));
        }
        if let Some(why) = one_line_problem(t) {
            return bad(format!("tags[{i}]: {why}; a tag is one line of text"));
        }
    }
    // Every export rewrites images to the asset base: one that does not check would make
    // each of them fail (and the share page's downloads with them).
    if let Some(why) = asset_base_problem(doc) {
        return bad(format!("export.asset_base: {why}"));
    }
    let states = doc.state_problems();
    if !states.is_empty() {
        return bad(states
            .iter()
            .map(|(path, why)| format!("{path}: {why}"))
            .collect::<Vec<_>>()
            .join("; "));
    }
    if let Some((i, j)) = lookalike_state_names(doc) {
        return bad(format!(
            "states[{i}].name: \"{}\" looks the same as the name of states[{j}], \"{}\" (its accents are typed another way); each state has its own name",
            doc.states[i].name, doc.states[j].name
        ));
    }
    Ok(())
}

/// Names that look the same as an earlier state's (in their composed form, NFC) are told
/// apart as alike ones are (`café (2)`), for what a write carries from elsewhere: a stored
/// revision, an import, a backup. Each is renamed once, to a name no state has in any form.
pub fn tidy_lookalike_states(doc: &mut Design) {
    use unicode_normalization::UnicodeNormalization;
    while let Some((i, _)) = lookalike_state_names(doc) {
        let new = widget::design::free_state_name(&doc.states[i].name, |n| {
            doc.states.iter().any(|s| s.name.nfc().eq(n.nfc()))
        });
        doc.states[i].name = new;
    }
}

/// The first named state whose name looks the same as an earlier one's without being it (the
/// two are alike in Unicode's composed form, NFC: "café" with its "é" as one character and as
/// "e" and a combining accent): (its index, the earlier one's). The browser tells names apart
/// by their characters, and has no tables to compose them.
fn lookalike_state_names(doc: &Design) -> Option<(usize, usize)> {
    use unicode_normalization::UnicodeNormalization;
    let mut seen: std::collections::HashMap<String, usize> = Default::default();
    for (i, st) in doc.states.iter().enumerate() {
        let key: String = st.name.nfc().collect();
        if let Some(&j) = seen.get(&key) {
            if doc.states[j].name != st.name {
                return Some((i, j));
            }
        } else {
            seen.insert(key, i);
        }
    }
    None
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("no design {0}")]
    NotFound(String),
    /// The design is in the trash: read as not found by what changes or lists designs, said
    /// as what it is.
    #[error("design {0} is in the trash: take it out of the trash to open or change it")]
    Trashed(String),
    #[error("no revision {1} of design {0}")]
    NoRevision(String, i64),
    #[error("design {id} is at revision {}, not {base}", current.revision)]
    Conflict {
        id: String,
        base: i64,
        current: Box<DesignRecord>,
    },
    #[error("no such share link, or it was revoked")]
    NoShare,
    #[error("{0}")]
    Invalid(String),
    /// A stored document that no longer reads: the server's fault, never the client's.
    #[error("{0}")]
    Damaged(String),
    #[error("database error: {0}")]
    Db(#[from] sqlx::Error),
}

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// RFC 3339 UTC text of a millisecond timestamp.
pub fn rfc3339(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let millis = ms.rem_euclid(1000);
    let days = secs.div_euclid(86_400);
    let tod = secs.rem_euclid(86_400);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{millis:03}Z",
        tod / 3600,
        tod % 3600 / 60,
        tod % 60
    )
}

/// The SHA-256 of some bytes in lowercase hex (a token's stored form, an asset's id).
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A new design id: 16 characters of base64url over 96 random bits (unguessable, URL-safe).
/// A design's name as search and sort compare it (the column `name_key`): lower-cased for
/// every script, the same on both databases.
pub fn name_key(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    // Rust lower-cases a Σ that ends a word as ς: "ΟΔΟΣ" typed to find "ΟΔΟΣΤΡΩΜΑ" would not
    // match its σ. Both sigmas compare as σ. In the composed form (NFC), so that a name and a
    // search that look the same match however their accents were typed.
    name.nfc()
        .collect::<String>()
        .to_lowercase()
        .replace('ς', "σ")
}

/// A design's name as a list of names shows it (the Assets panel's "Used by"): trimmed and in
/// the composed form (NFC), so that two names that read the same are the same text, and the
/// list tells their designs apart by id.
pub fn shown_name(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    // Characters that draw nothing (zero-width space and joiners, word joiner, BOM, soft
    // hyphen): "Café" with one reads as "Café".
    let invisible = |c: &char| matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}' | '\u{00AD}' | '\u{034F}');
    name.chars()
        .filter(|c| !invisible(c))
        .collect::<String>()
        .trim()
        .nfc()
        .collect()
}

/// Sorts `items` by name as the designs list does, the same on every database: case ignored
/// in every script ([`name_key`]), then the name and the id in code-point order (a database's
/// `ORDER BY name` follows its collation: PostgreSQL's `en_US` puts `bob` before `Carol`,
/// SQLite's bytes after).
pub fn sort_by_name<T>(items: &mut [T], name_and_id: impl Fn(&T) -> (&str, &str)) {
    items.sort_by_cached_key(|item| {
        let (name, id) = name_and_id(item);
        (name_key(name), name.to_string(), id.to_string())
    });
}

/// Sets `name_key` where it is not the name's: the designs written before it existed, and
/// any an older server renamed since (it writes the name alone). Also puts the `tags` column
/// (what the tag filter reads) in the tags' normal form ([`normal_tags`]) where a design
/// was saved before tags were stored so. Run when a server opens the database; it reads every
/// design's name and tags once. (The document keeps its tags as they were until its next save.)
pub async fn fill_name_keys(pool: &sqlx::AnyPool) -> Result<(), sqlx::Error> {
    let rows = sqlx::query("SELECT id, name, name_key, tags FROM designs")
        .fetch_all(pool)
        .await?;
    let (mut stale, mut tags_stale) = (Vec::new(), Vec::new());
    for row in &rows {
        let (id, name): (String, String) = (row.try_get("id")?, row.try_get("name")?);
        let key: Option<String> = row.try_get("name_key")?;
        let want = name_key(&name);
        if key.as_deref() != Some(want.as_str()) {
            stale.push((id.clone(), name, want));
        }
        let tags: String = row.try_get("tags")?;
        // Non-ASCII tags only: normalising changes nothing else.
        if !tags.is_ascii()
            && let Ok(list) = serde_json::from_str::<Vec<String>>(&tags)
            && let normal = normal_tags(&list)
            && normal != list
            && let Ok(text) = serde_json::to_string(&normal)
        {
            tags_stale.push((id, tags, text));
        }
    }
    if stale.is_empty() && tags_stale.is_empty() {
        return Ok(());
    }
    let mut tx = pool.begin().await?;
    for (id, name, key) in &stale {
        sqlx::query("UPDATE designs SET name_key = $1 WHERE id = $2 AND name = $3")
            .bind(key)
            .bind(id)
            .bind(name)
            .execute(&mut *tx)
            .await?;
    }
    for (id, was, tags) in &tags_stale {
        sqlx::query("UPDATE designs SET tags = $1 WHERE id = $2 AND tags = $3")
            .bind(tags)
            .bind(id)
            .bind(was)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    tracing::info!(
        names = stale.len(),
        tags = tags_stale.len(),
        "filled in the designs' search names and normal tags"
    );
    Ok(())
}

pub fn new_id() -> String {
    let mut bytes = [0u8; 12];
    getrandom::fill(&mut bytes).expect("the OS random source");
    widget::widgetfile::base64url_encode(&bytes)
}

fn kind_str(k: DesignKind) -> &'static str {
    match k {
        DesignKind::Jsx => "jsx",
        DesignKind::Json => "json",
        DesignKind::TemplateOnly => "template-only",
    }
}

fn parse_kind(s: &str) -> Result<DesignKind, StoreError> {
    serde_json::from_value(Value::String(s.to_string()))
        .map_err(|_| StoreError::Damaged(format!("a stored design has an unknown kind {s:?}")))
}

/// Checks a document and serialises it: (the snapshot JSON, the tags JSON). Its tags are
/// stored in their normal form ([`normal_tags`]).
fn encode(doc: &mut Design) -> Result<(String, String), StoreError> {
    // Checked as given (a problem's `tags[i]` is the request's), then stored normal.
    check_document(doc)?;
    doc.tags = normal_tags(&doc.tags);
    let text = serde_json::to_string(doc).map_err(|e| StoreError::Invalid(e.to_string()))?;
    let tags = serde_json::to_string(&doc.tags).map_err(|e| StoreError::Invalid(e.to_string()))?;
    Ok((text, tags))
}

/// Writes revision `number` of design `id` by `author` inside the caller's transaction, names
/// the author on the design, and records the assets it uses (`snapshot` is also the design's
/// new document).
async fn insert_revision(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    id: &str,
    number: i64,
    now: i64,
    message: &Option<String>,
    snapshot: &str,
    author: &str,
) -> Result<(), StoreError> {
    sqlx::query("INSERT INTO revisions (design_id, number, created_at, message, snapshot, author) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(id)
        .bind(number)
        .bind(now)
        .bind(message)
        .bind(snapshot)
        .bind(author)
        .execute(&mut **tx)
        .await?;
    sqlx::query("UPDATE designs SET updated_by = $1 WHERE id = $2")
        .bind(author)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    crate::asset_uses::set(tx, id, snapshot).await?;
    Ok(())
}

#[derive(Clone)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
}

impl Store {
    pub fn new(db: Db) -> Store {
        Store {
            pool: db.pool,
            backend: db.backend,
        }
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The pool, for the stores of other tables kept beside the designs ([`crate::action_store`]).
    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    fn record(row: &sqlx::any::AnyRow) -> Result<DesignRecord, StoreError> {
        let doc: String = row.try_get("document")?;
        let document: Design = serde_json::from_str(&doc)
            .map_err(|e| StoreError::Damaged(format!("stored document is damaged: {e}")))?;
        Ok(DesignRecord {
            id: row.try_get("id")?,
            revision: row.try_get("head")?,
            created_at: rfc3339(row.try_get("created_at")?),
            updated_at: rfc3339(row.try_get("updated_at")?),
            updated_by: row.try_get("updated_by")?,
            deleted_at: row.try_get::<Option<i64>, _>("deleted_at")?.map(rfc3339),
            deleted_by: row.try_get("deleted_by")?,
            restored_by: row.try_get("restored_by")?,
            restored_at: row.try_get::<Option<i64>, _>("restored_at")?.map(rfc3339),
            document,
        })
    }

    /// The design row as the transaction sees it (its own writes included).
    async fn head_in(
        tx: &mut sqlx::Transaction<'_, sqlx::Any>,
        id: &str,
    ) -> Result<DesignRecord, StoreError> {
        let row = sqlx::query("SELECT * FROM designs WHERE id = $1")
            .bind(id)
            .fetch_one(&mut **tx)
            .await?;
        Self::record(&row)
    }

    /// Creates a design at revision 1, made by `author`.
    pub async fn create(
        &self,
        mut doc: Design,
        message: Option<String>,
        author: &str,
    ) -> Result<DesignRecord, StoreError> {
        let (text, tags) = encode(&mut doc)?;
        let id = new_id();
        let now = now_ms();
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO designs (id, name, description, tags, kind, head, document, created_at, updated_at, name_key) VALUES ($1, $2, $3, $4, $5, 1, $6, $7, $7, $8)",
        )
        .bind(&id)
        .bind(&doc.name)
        .bind(&doc.description)
        .bind(&tags)
        .bind(kind_str(doc.kind))
        .bind(&text)
        .bind(now)
        .bind(name_key(&doc.name))
        .execute(&mut *tx)
        .await?;
        insert_revision(&mut tx, &id, 1, now, &message, &text, author).await?;
        let rec = Self::head_in(&mut tx, &id).await?;
        tx.commit().await?;
        Ok(rec)
    }

    /// The design with its head; trashed designs only with `include_deleted`.
    pub async fn get(&self, id: &str, include_deleted: bool) -> Result<DesignRecord, StoreError> {
        let row = sqlx::query("SELECT * FROM designs WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| StoreError::NotFound(id.to_string()))?;
        let rec = Self::record(&row)?;
        if rec.deleted_at.is_some() && !include_deleted {
            return Err(StoreError::Trashed(id.to_string()));
        }
        Ok(rec)
    }

    /// Saves a new revision by `author`. With `base = Some(n)` the save applies only while the
    /// head is `n`; `None` overwrites whatever the head is (an explicit overwrite).
    pub async fn save(
        &self,
        id: &str,
        base: Option<i64>,
        mut doc: Design,
        message: Option<String>,
        author: &str,
    ) -> Result<DesignRecord, StoreError> {
        let (text, tags) = encode(&mut doc)?;
        let now = now_ms();
        let mut tx = self.pool.begin().await?;
        let updated = sqlx::query(
            "UPDATE designs SET head = head + 1, name = $1, description = $2, tags = $3, kind = $4, document = $5, updated_at = $6, name_key = $9
             WHERE id = $7 AND deleted_at IS NULL AND ($8 IS NULL OR head = $8) RETURNING head",
        )
        .bind(&doc.name)
        .bind(&doc.description)
        .bind(&tags)
        .bind(kind_str(doc.kind))
        .bind(&text)
        .bind(now)
        .bind(id)
        .bind(base)
        .bind(name_key(&doc.name))
        .fetch_optional(&mut *tx)
        .await?;
        let Some(row) = updated else {
            tx.rollback().await?;
            let current = self.get(id, false).await?;
            return Err(StoreError::Conflict {
                id: id.to_string(),
                base: base.unwrap_or(0),
                current: Box::new(current),
            });
        };
        let head: i64 = row.try_get("head")?;
        insert_revision(&mut tx, id, head, now, &message, &text, author).await?;
        // Read back inside the transaction: after the commit another save may already have
        // moved the head, and the answer must describe this save's revision.
        let rec = Self::head_in(&mut tx, id).await?;
        tx.commit().await?;
        Ok(rec)
    }

    /// Lists designs (or the trash) with search, sort and pagination; returns the page and the
    /// total number of matches.
    pub async fn list(&self, q: &ListQuery) -> Result<(Vec<DesignSummary>, i64), StoreError> {
        let sort = q.sort.unwrap_or_default();
        let col = match sort {
            SortKey::Updated => "updated_at",
            SortKey::Created => "created_at",
            // In code-point order on both: PostgreSQL would otherwise use the database's
            // locale, and the same studio would sort differently on the two.
            SortKey::Name => match self.backend {
                Backend::Sqlite => "COALESCE(name_key, lower(name))",
                Backend::Postgres => "COALESCE(name_key, lower(name)) COLLATE \"C\"",
            },
        };
        // Ties in code-point order too (ids mix cases).
        let id_col = match self.backend {
            Backend::Sqlite => "id",
            Backend::Postgres => "id COLLATE \"C\"",
        };
        let order = match q.order.unwrap_or(sort.default_order()) {
            SortOrder::Asc => "ASC",
            SortOrder::Desc => "DESC",
        };
        let limit = q.limit.unwrap_or(50);
        if !(1..=200).contains(&limit) {
            return Err(StoreError::Invalid(format!(
                "limit: {limit} is out of range; use 1 to 200"
            )));
        }
        let offset = q.offset.unwrap_or(0);
        if offset < 0 {
            return Err(StoreError::Invalid("offset: must not be negative".into()));
        }
        // A NUL ends SQLite's LIKE pattern (it matched every design) and PostgreSQL refuses it
        // in text: names hold no control characters, so a search for one is refused.
        for (what, text) in [("q", &q.q), ("tag", &q.tag)] {
            if let Some(why) = text.as_deref().and_then(control_character) {
                return Err(StoreError::Invalid(format!(
                    "{what}: {why}; names and tags hold none, so nothing could match"
                )));
            }
        }
        // Compared with `name_key`, so the pattern is lower-cased the same way (in Rust).
        let pattern = q.q.as_deref().map(|s| {
            let escaped = name_key(s)
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_");
            format!("%{escaped}%")
        });
        // Tags are stored in their normal form (`normal_tags`): so is the one asked for. A
        // blank one is no filter, as an empty `q` is (a form's empty tag field sends `tag=`;
        // tags are stored trimmed and never blank, so it matched nothing).
        let tag = q
            .tag
            .as_deref()
            .map(normal_tag)
            .filter(|t| !t.trim().is_empty());
        // The one dialect difference: how to look inside the tags' JSON array.
        let has_tag = match self.backend {
            Backend::Sqlite => {
                "EXISTS (SELECT 1 FROM json_each(designs.tags) WHERE json_each.value = $3)"
            }
            Backend::Postgres => {
                "EXISTS (SELECT 1 FROM json_array_elements_text(designs.tags::json) AS t(v) WHERE t.v = $3)"
            }
        };
        let filter = format!(
            "WHERE (deleted_at IS NOT NULL) = $1
             AND ($2 IS NULL OR COALESCE(name_key, lower(name)) LIKE $2 ESCAPE '\\')
             AND ($3 IS NULL OR {has_tag})"
        );
        let total: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM designs {filter}"))
            .bind(q.deleted)
            .bind(&pattern)
            .bind(&tag)
            .fetch_one(&self.pool)
            .await?;
        let rows = sqlx::query(&format!(
            "SELECT id, name, description, tags, kind, head, created_at, updated_at, updated_by, deleted_at, deleted_by FROM designs {filter}
             ORDER BY {col} {order}, {id_col} ASC LIMIT $4 OFFSET $5"
        ))
        .bind(q.deleted)
        .bind(&pattern)
        .bind(&tag)
        .bind(limit)
        .bind(offset)
        .fetch_all(&self.pool)
        .await?;
        let items = rows
            .iter()
            .map(|r| {
                Ok(DesignSummary {
                    id: r.try_get("id")?,
                    name: r.try_get("name")?,
                    description: r.try_get("description")?,
                    tags: serde_json::from_str(&r.try_get::<String, _>("tags")?)
                        .unwrap_or_default(),
                    kind: parse_kind(&r.try_get::<String, _>("kind")?)?,
                    revision: r.try_get("head")?,
                    created_at: rfc3339(r.try_get("created_at")?),
                    updated_at: rfc3339(r.try_get("updated_at")?),
                    updated_by: r.try_get("updated_by")?,
                    deleted_at: r.try_get::<Option<i64>, _>("deleted_at")?.map(rfc3339),
                    deleted_by: r.try_get("deleted_by")?,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        Ok((items, total))
    }

    /// Moves a design to the trash, by `author`.
    pub async fn delete(&self, id: &str, author: &str) -> Result<(), StoreError> {
        let r = sqlx::query(
            "UPDATE designs SET deleted_at = $1, deleted_by = $2 WHERE id = $3 AND deleted_at IS NULL",
        )
        .bind(now_ms())
        .bind(author)
        .bind(id)
        .execute(&self.pool)
        .await?;
        if r.rows_affected() == 0 {
            // Said as it is: no such design, or one already in the trash.
            self.get(id, false).await?;
            return Err(StoreError::NotFound(id.to_string()));
        }
        Ok(())
    }

    /// Takes a design out of the trash, by `author`.
    pub async fn restore(&self, id: &str, author: &str) -> Result<DesignRecord, StoreError> {
        let r = sqlx::query(
            "UPDATE designs SET deleted_at = NULL, deleted_by = NULL, restored_by = $1, restored_at = $2 WHERE id = $3 AND deleted_at IS NOT NULL",
        )
        .bind(author)
        .bind(now_ms())
        .bind(id)
        .execute(&self.pool)
        .await?;
        if r.rows_affected() == 0 {
            // Not in the trash: nothing to do, and the design is what it is (a second
            // restore, or one from a stale page, is not an error); no such design: not found.
            return self.get(id, false).await;
        }
        self.get(id, false).await
    }

    /// Every revision of a design, newest first.
    pub async fn revisions(&self, id: &str) -> Result<Vec<RevisionInfo>, StoreError> {
        self.get(id, true).await?;
        let rows = sqlx::query("SELECT number, created_at, message, author FROM revisions WHERE design_id = $1 ORDER BY number DESC")
            .bind(id)
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| {
                Ok(RevisionInfo {
                    number: r.try_get("number")?,
                    created_at: rfc3339(r.try_get("created_at")?),
                    message: r.try_get("message")?,
                    author: r.try_get("author")?,
                })
            })
            .collect()
    }

    /// One revision with its snapshot.
    pub async fn revision(
        &self,
        id: &str,
        number: i64,
    ) -> Result<(RevisionInfo, Design), StoreError> {
        self.get(id, true).await?;
        let row = sqlx::query("SELECT number, created_at, message, author, snapshot FROM revisions WHERE design_id = $1 AND number = $2")
            .bind(id)
            .bind(number)
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| StoreError::NoRevision(id.to_string(), number))?;
        let doc: Design = serde_json::from_str(&row.try_get::<String, _>("snapshot")?)
            .map_err(|e| StoreError::Damaged(format!("stored revision is damaged: {e}")))?;
        Ok((
            RevisionInfo {
                number: row.try_get("number")?,
                created_at: rfc3339(row.try_get("created_at")?),
                message: row.try_get("message")?,
                author: row.try_get("author")?,
            },
            doc,
        ))
    }

    /// Restores revision `number` as a new revision on top of the head, made by `author`, and
    /// says whether it made one: a revision that holds what the head holds is not saved again
    /// (the head is given back).
    pub async fn restore_revision(
        &self,
        id: &str,
        number: i64,
        author: &str,
    ) -> Result<(DesignRecord, bool), StoreError> {
        let (_, mut doc) = self.revision(id, number).await?;
        // A revision saved before today's checks: tidied, not refused.
        tidy_stored(&mut doc, None);
        let head = self.get(id, false).await?;
        if head.document == doc {
            return Ok((head, false));
        }
        let made = self
            .save(
                id,
                None,
                doc,
                Some(app::api::types::restored_message(number)),
                author,
            )
            .await?;
        Ok((made, true))
    }
    /// Applies a JSON merge patch (RFC 7396) to the document and saves it as a new revision.
    /// With `base`, the patch applies only to that revision (a stale base is a conflict, as for
    /// [`Store::save`]); without, it applies to whatever the head is, retrying if another save
    /// lands in between, so a rename never undoes someone else's edit.
    pub async fn patch(
        &self,
        id: &str,
        base: Option<i64>,
        patch: &Value,
        message: Option<String>,
        author: &str,
    ) -> Result<DesignRecord, StoreError> {
        let Some(fields) = patch.as_object() else {
            return Err(StoreError::Invalid(
                "patch: must be an object of document fields".into(),
            ));
        };
        if fields.is_empty() {
            return Err(StoreError::Invalid(format!(
                "patch: empty, so nothing would change; give the fields to change ({})",
                DOCUMENT_FIELDS.join(", ")
            )));
        }
        if let Some(unknown) = fields
            .keys()
            .find(|k| !DOCUMENT_FIELDS.contains(&k.as_str()))
        {
            return Err(StoreError::Invalid(format!(
                "patch.{unknown}: not a field of a design document; the fields are {}",
                DOCUMENT_FIELDS.join(", ")
            )));
        }
        for _ in 0..16 {
            let current = self.get(id, false).await?;
            if let Some(b) = base
                && b != current.revision
            {
                return Err(StoreError::Conflict {
                    id: id.to_string(),
                    base: b,
                    current: Box::new(current),
                });
            }
            let before = serde_json::to_value(&current.document)
                .map_err(|e| StoreError::Invalid(e.to_string()))?;
            let mut value = before.clone();
            merge_patch(&mut value, patch);
            let mut doc: Design = serde_json::from_value(value).map_err(|e| {
                // The field whose new value does not read, patched alone.
                let field = fields.iter().find(|(k, v)| {
                    let mut one = before.clone();
                    merge_patch(&mut one, &serde_json::json!({ k.as_str(): v }));
                    serde_json::from_value::<Design>(one).is_err()
                });
                StoreError::Invalid(match field {
                    Some((k, _)) => format!("patch.{k}: {e}"),
                    None => format!("the patched document is not valid: {e}"),
                })
            })?;
            // A patch that leaves the states alone (a rename, new tags) is not refused for
            // data stored before today's checks: that is tidied.
            tidy_stored(&mut doc, Some(patch));
            match self
                .save(id, Some(current.revision), doc, message.clone(), author)
                .await
            {
                Err(StoreError::Conflict { .. }) if base.is_none() => continue,
                other => return other,
            }
        }
        Err(StoreError::Invalid(
            "the design is changing too fast to patch; try again".into(),
        ))
    }

    /// Every design that is not in the trash, oldest first (for backups).
    pub async fn all(&self) -> Result<Vec<DesignRecord>, StoreError> {
        let rows = sqlx::query(
            "SELECT * FROM designs WHERE deleted_at IS NULL ORDER BY created_at ASC, id ASC",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(Self::record).collect()
    }

    /// Creates a read-only share link to a design (to its latest revision, or pinned to one).
    pub async fn create_share(&self, id: &str, revision: Option<i64>) -> Result<Share, StoreError> {
        let rec = self.get(id, false).await?;
        if let Some(n) = revision
            && n < 1
        {
            return Err(StoreError::Invalid(format!(
                "revision: {n} is not a revision number; they count from 1 (this design has 1 to {})",
                rec.revision
            )));
        }
        if let Some(n) = revision
            && n > rec.revision
        {
            return Err(StoreError::NoRevision(id.to_string(), n));
        }
        let token = new_token();
        let now = now_ms();
        sqlx::query(
            "INSERT INTO shares (token, design_id, revision, created_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(&token)
        .bind(id)
        .bind(revision)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(Share {
            token,
            design_id: id.to_string(),
            revision,
            created_at: rfc3339(now),
            revoked_at: None,
        })
    }

    fn share(row: &sqlx::any::AnyRow) -> Result<Share, StoreError> {
        Ok(Share {
            token: row.try_get("token")?,
            design_id: row.try_get("design_id")?,
            revision: row.try_get("revision")?,
            created_at: rfc3339(row.try_get("created_at")?),
            revoked_at: row.try_get::<Option<i64>, _>("revoked_at")?.map(rfc3339),
        })
    }

    /// A design's share links, newest first, revoked ones included.
    pub async fn shares(&self, id: &str) -> Result<Vec<Share>, StoreError> {
        self.get(id, true).await?;
        let rows = sqlx::query(
            "SELECT * FROM shares WHERE design_id = $1 ORDER BY created_at DESC, token ASC",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(Self::share).collect()
    }

    /// Revokes a share link; the link stops working at once.
    pub async fn revoke_share(&self, id: &str, token: &str) -> Result<(), StoreError> {
        let r = sqlx::query(
            "UPDATE shares SET revoked_at = $1 WHERE design_id = $2 AND token = $3 AND revoked_at IS NULL",
        )
        .bind(now_ms())
        .bind(id)
        .bind(token)
        .execute(&self.pool)
        .await?;
        if r.rows_affected() == 0 {
            return Err(StoreError::NoShare);
        }
        Ok(())
    }

    /// What a live share link shows: the share, the revision number and its document. A
    /// revoked link, or one to a design in the trash, is not found.
    ///
    /// The document comes without its handler rules: a link shows the widget and its exports,
    /// not how the studio simulates its actions, and the rules can name a private endpoint
    /// (the `forward` URL, with whatever its query carries). No export a link offers uses them;
    /// this is the one place that takes them out, for the page and for a `.widget` (which
    /// holds a design's rules) downloaded through the link.
    pub async fn resolve_share(&self, token: &str) -> Result<(Share, i64, Design), StoreError> {
        let (share, revision, mut doc) = self.resolve_share_whole(token).await?;
        doc.handlers = Default::default();
        Ok((share, revision, doc))
    }

    async fn resolve_share_whole(&self, token: &str) -> Result<(Share, i64, Design), StoreError> {
        let row = sqlx::query("SELECT * FROM shares WHERE token = $1 AND revoked_at IS NULL")
            .bind(token)
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::NoShare)?;
        let share = Self::share(&row)?;
        let rec = self
            .get(&share.design_id, false)
            .await
            .map_err(|e| match e {
                StoreError::NotFound(_) | StoreError::Trashed(_) => StoreError::NoShare,
                e => e,
            })?;
        match share.revision {
            Some(n) => {
                let (_, doc) = self.revision(&share.design_id, n).await?;
                Ok((share, n, doc))
            }
            None => Ok((share, rec.revision, rec.document)),
        }
    }
}

/// A share token: 32 characters of base64url over 192 random bits.
pub fn new_token() -> String {
    let mut bytes = [0u8; 24];
    getrandom::fill(&mut bytes).expect("the OS random source");
    widget::widgetfile::base64url_encode(&bytes)
}

/// JSON merge patch (RFC 7396): objects merge recursively, `null` removes, anything else replaces.
pub fn merge_patch(target: &mut Value, patch: &Value) {
    let Value::Object(p) = patch else {
        *target = patch.clone();
        return;
    };
    if !target.is_object() {
        *target = Value::Object(Default::default());
    }
    let t = target.as_object_mut().expect("made an object above");
    for (k, v) in p {
        if v.is_null() {
            t.remove(k);
        } else {
            merge_patch(t.entry(k.clone()).or_insert(Value::Null), v);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_that_read_the_same_are_shown_as_one_text() {
        // "Café" typed with a combining accent, and with a space after: the Used by list would
        // show two "Café"s without telling them apart.
        assert_eq!(shown_name("Cafe\u{301} "), shown_name("Caf\u{e9}"));
        assert_eq!(shown_name("  Caf\u{e9}\t"), "Caf\u{e9}");
        assert_ne!(shown_name("cafe"), shown_name("Cafe"));
        // A zero-width space draws nothing: "Café\u{200b}" reads as "Café".
        assert_eq!(shown_name("Caf\u{e9}\u{200b}"), "Caf\u{e9}");
        assert_eq!(shown_name("\u{feff}Ca\u{200d}f\u{e9}"), "Caf\u{e9}");
    }

    #[tokio::test]
    async fn designs_from_before_get_their_search_names() {
        let dir =
            std::env::temp_dir().join(format!("ws-name-key-{}-{}", std::process::id(), now_ms()));
        std::fs::create_dir_all(&dir).unwrap();
        let url = format!("sqlite://{}/db.sqlite", dir.display());
        let db = crate::db::connect(&url).await.unwrap();
        let store = Store::new(db.clone());
        let doc = Design::jsx("FLÜGE", "<Card />", serde_json::json!({}));
        let rec = store.create(doc, None, "local").await.unwrap();
        let key = |pool: sqlx::AnyPool| async move {
            sqlx::query_scalar::<_, Option<String>>("SELECT name_key FROM designs")
                .fetch_one(&pool)
                .await
                .unwrap()
        };
        assert_eq!(key(db.pool.clone()).await.as_deref(), Some("flüge"));
        // As a design written before the column (or by an older server) has it.
        sqlx::query("UPDATE designs SET name_key = NULL")
            .execute(&db.pool)
            .await
            .unwrap();
        db.pool.close().await;
        let db = crate::db::connect(&url).await.unwrap();
        assert_eq!(key(db.pool.clone()).await.as_deref(), Some("flüge"));
        let store = Store::new(db);
        let q = ListQuery {
            q: Some("Flü".into()),
            ..Default::default()
        };
        let (found, total) = store.list(&q).await.unwrap();
        assert_eq!((found[0].id.as_str(), total), (rec.id.as_str(), 1));
        // A key an older server left stale (it renamed the design, not the key) is set again.
        sqlx::query("UPDATE designs SET name = 'ΟΔΟΣΤΡΩΜΑ'")
            .execute(&store.pool)
            .await
            .unwrap();
        fill_name_keys(&store.pool).await.unwrap();
        // Σ typed at the end of a search is the σ inside the name.
        let q = ListQuery {
            q: Some("ΟΔΟΣ".into()),
            ..Default::default()
        };
        assert_eq!(store.list(&q).await.unwrap().1, 1);
        std::fs::remove_dir_all(&dir).ok();
    }

    #[tokio::test]
    async fn tags_and_names_that_look_the_same_are_the_same() {
        let dir = std::env::temp_dir().join(format!("ws-nfc-{}-{}", std::process::id(), now_ms()));
        std::fs::create_dir_all(&dir).unwrap();
        let url = format!("sqlite://{}/db.sqlite", dir.display());
        let store = Store::new(crate::db::connect(&url).await.unwrap());
        // "café" with its é as one character (NFC) and as "e" and a combining accent (NFD).
        let (nfc, nfd) = ("caf\u{e9}", "cafe\u{301}");
        let mut doc = Design::jsx(&format!("R{nfd}s"), "<Card />", serde_json::json!({}));
        doc.tags = vec![nfd.into(), nfc.into(), "x".into()];
        let rec = store.create(doc, None, "local").await.unwrap();
        // One tag, stored composed; the name as typed.
        assert_eq!(rec.document.tags, [nfc, "x"]);
        assert_eq!(rec.document.name, format!("R{nfd}s"));
        // A filter or a search typed either way finds it.
        for tag in [nfc, nfd] {
            let q = ListQuery {
                tag: Some(tag.into()),
                ..Default::default()
            };
            assert_eq!(store.list(&q).await.unwrap().1, 1, "tag {tag:?}");
        }
        // A blank tag, as a form's empty field sends it, filters nothing (it matched nothing).
        let all = store.list(&ListQuery::default()).await.unwrap().1;
        for blank in ["", " ", "   "] {
            let q = ListQuery {
                tag: Some(blank.into()),
                ..Default::default()
            };
            assert_eq!(store.list(&q).await.unwrap().1, all, "{blank:?}");
        }
        for q in [format!("r{nfc}"), format!("R{nfd}")] {
            let q = ListQuery {
                q: Some(q),
                ..Default::default()
            };
            assert_eq!(store.list(&q).await.unwrap().1, 1);
        }
        // A save normalises too.
        let mut doc = rec.document.clone();
        doc.tags = vec!["e\u{301}t\u{e9}".into(), "\u{e9}t\u{e9}".into()];
        let saved = store
            .save(&rec.id, Some(1), doc, None, "local")
            .await
            .unwrap();
        assert_eq!(saved.document.tags, ["\u{e9}t\u{e9}"]);
        // A problem names the tag as given (before repeats were dropped).
        let mut doc = saved.document.clone();
        doc.tags = vec![nfd.into(), nfc.into(), "a\nb".into()];
        let err = store
            .save(&rec.id, Some(2), doc, None, "local")
            .await
            .unwrap_err();
        assert!(
            err.to_string().starts_with("tags[2]: holds U+000A"),
            "{err}"
        );
        // A character that composes to three (U+FB2C) cannot take a tag past 50 characters.
        let mut doc = saved.document.clone();
        doc.tags = vec!["\u{FB2C}".repeat(50)];
        let long = store
            .save(&rec.id, Some(2), doc, None, "local")
            .await
            .unwrap();
        assert_eq!(
            long.document.tags[0].chars().count(),
            widget::design::TAG_MAX_CHARS
        );
        // Tags an older server stored as typed: the filter finds them once a server opens the
        // database again.
        sqlx::query("UPDATE designs SET tags = $1")
            .bind(serde_json::to_string(&[nfd]).unwrap())
            .execute(&store.pool)
            .await
            .unwrap();
        let q = ListQuery {
            tag: Some(nfc.into()),
            ..Default::default()
        };
        assert_eq!(store.list(&q).await.unwrap().1, 0);
        fill_name_keys(&store.pool).await.unwrap();
        let (found, total) = store.list(&q).await.unwrap();
        assert_eq!((total, found[0].tags.clone()), (1, vec![nfc.to_string()]));
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn state_names_that_look_the_same_are_refused_and_tidied_apart() {
        let st = |name: &str| widget::design::NamedState {
            name: name.into(),
            data: serde_json::json!({}),
        };
        let mut d = Design::jsx("n", "<Card />", serde_json::json!({}));
        d.states = vec![st("caf\u{e9}"), st("x"), st("cafe\u{301}")];
        assert_eq!(
            check_document(&d).unwrap_err().to_string(),
            "states[2].name: \"cafe\u{301}\" looks the same as the name of states[0], \"caf\u{e9}\" (its accents are typed another way); each state has its own name"
        );
        tidy_stored(&mut d, None);
        assert_eq!(d.states[2].name, "cafe\u{301} (2)");
        assert!(check_document(&d).is_ok());
        // Near the length limit, a suffix that is itself a look-alike is not taken (the tidy
        // went back and forth between two such names, for ever).
        let p = format!("\u{e9}{}", "a".repeat(58));
        let q = format!("e\u{301}{}", "a".repeat(58));
        d.states = vec![
            st(&format!("{p} (2)")),
            st(&format!("{p} (3)")),
            st(&p),
            st(&q),
        ];
        tidy_stored(&mut d, None);
        assert!(check_document(&d).is_ok(), "{:?}", check_document(&d));
        assert_eq!(d.states[3].name, format!("e\u{301}{} (4)", "a".repeat(58)));
    }

    #[test]
    fn bidirectional_overrides_are_refused_in_names_and_tags_and_tidied_from_stored_ones() {
        // Shown, "invoice\u{202E}fdp.exe" reads as "invoiceexe.pdf".
        let mut d = Design::jsx("invoice\u{202E}fdp.exe", "<Card />", serde_json::json!({}));
        assert_eq!(
            check_document(&d).unwrap_err().to_string(),
            "name: holds U+202E (a bidirectional control, which shows the text around it in another order) at character 8; a name is one line of text"
        );
        d.name = "ok".into();
        d.tags = vec!["a".into(), "\u{2067}b".into()];
        assert!(
            check_document(&d)
                .unwrap_err()
                .to_string()
                .starts_with("tags[1]: holds U+2067 (a bidirectional control")
        );
        // The marks that only set a direction are kept (Arabic or Hebrew names need them).
        d.tags = vec!["\u{200F}שלום".into()];
        d.name = "abc \u{200E}".into();
        assert!(check_document(&d).is_ok());
        // Stored before the check: the control goes, the text stays.
        let mut d = Design::jsx("invoice\u{202E}fdp.exe", "<Card />", serde_json::json!({}));
        d.tags = vec!["\u{2066}b\u{2069}".into()];
        tidy_stored(&mut d, None);
        assert_eq!(
            (d.name.as_str(), d.tags[0].as_str()),
            ("invoicefdp.exe", "b")
        );
        assert!(check_document(&d).is_ok());
        // A name that was only controls is still a name.
        let mut d = Design::jsx("\u{202E}\u{202C}", "<Card />", serde_json::json!({}));
        tidy_stored(&mut d, None);
        assert_eq!(d.name, "Untitled");
        // Searches refuse control characters only: a name stored before this check is found.
        assert!(control_character("a\u{202E}").is_none());
        assert!(one_line_problem("a\u{202E}").is_some());
    }

    #[test]
    fn stored_data_from_before_the_checks_is_tidied_not_refused() {
        let mut d = Design::jsx("a\tname", "<Card />", serde_json::json!({}));
        d.tags = vec!["x\ny".into()];
        d.states = vec![
            widget::design::NamedState {
                name: "s".into(),
                data: serde_json::json!({}),
            },
            widget::design::NamedState {
                name: "s".into(),
                data: serde_json::json!({"kept": 1}),
            },
        ];
        assert!(check_document(&d).is_err());
        // A patch's own fields are checked, not tidied.
        let mut patched = d.clone();
        tidy_stored(&mut patched, Some(&serde_json::json!({"name": "b\tc"})));
        assert_eq!(patched.name, "a\tname");
        assert_eq!(patched.tags, ["x y"]);
        assert_eq!(patched.states[1].name, "s (2)");
        // An asset base stored before writes checked it: refused when a write gives it, dropped
        // when the write only carries it (a restore, a fork, a patch of other fields).
        let mut based = Design::jsx("b", "<Card />", serde_json::json!({}));
        based.export.asset_base = Some("not a url".into());
        assert!(
            check_document(&based)
                .unwrap_err()
                .to_string()
                .starts_with("export.asset_base: ")
        );
        let mut given = based.clone();
        tidy_stored(
            &mut given,
            Some(&serde_json::json!({"export": {"asset_base": "not a url"}})),
        );
        assert!(check_document(&given).is_err());
        tidy_stored(&mut based, Some(&serde_json::json!({"name": "c"})));
        assert_eq!(based.export.asset_base, None);
        assert!(check_document(&based).is_ok());
        // A restore or a fork: everything tidied, nothing lost.
        tidy_stored(&mut d, None);
        assert!(check_document(&d).is_ok(), "{:?}", check_document(&d).err());
        assert_eq!(d.name, "a name");
        assert_eq!(d.states[1].data, serde_json::json!({"kept": 1}));
        // Tags and names a hand-edited backup may hold: one bad tag no longer refuses the
        // whole design.
        let mut d = Design::jsx(&"n".repeat(300), "<Card />", serde_json::json!({}));
        d.tags = vec![" ".into(), "ok".into(), " ok ".into(), "t".repeat(80)];
        d.tags.extend((0..60).map(|i| format!("tag {i}")));
        assert!(check_document(&d).is_err());
        tidy_stored(&mut d, None);
        assert!(check_document(&d).is_ok(), "{:?}", check_document(&d).err());
        assert_eq!(d.name.chars().count(), 200);
        assert_eq!(d.tags.len(), 50);
        // What a write accepts is kept as it was (" ok " beside "ok" included).
        assert_eq!(
            d.tags[..3],
            ["ok".to_string(), " ok ".into(), "t".repeat(50)]
        );
        assert_eq!(d.tags[3], "tag 0");
        let mut fine = Design::jsx("n", "<Card />", serde_json::json!({}));
        fine.tags = vec![" a ".into(), "a".into(), "b".into()];
        assert!(!fine.clone().tidy_one_line_texts(true, true));
        tidy_stored(&mut fine, None);
        assert_eq!(fine.tags, [" a ", "a", "b"]);
    }

    #[test]
    fn the_patchable_fields_are_the_documents() {
        let mut d = Design::jsx("n", "<Card />", serde_json::json!({}));
        d.target = widget::Target::ChatkitJs;
        d.original = Some(serde_json::json!({}));
        d.export.asset_base = Some("https://cdn.example.com/".into());
        let v = serde_json::to_value(&d).unwrap();
        let mut keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
        keys.sort_unstable();
        let mut fields = DOCUMENT_FIELDS.to_vec();
        fields.sort_unstable();
        assert_eq!(keys, fields);
    }

    #[test]
    fn timestamps_and_ids() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(rfc3339(1_795_000_000_123), "2026-11-18T11:06:40.123Z");
        assert_eq!(rfc3339(951_782_400_000), "2000-02-29T00:00:00.000Z");
        let a = new_id();
        assert_eq!(a.len(), 16);
        assert!(
            a.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        );
        assert_ne!(a, new_id());
        assert_eq!(new_token().len(), 32);
    }

    #[test]
    fn merge_patch_follows_rfc_7396() {
        let mut t = serde_json::json!({"a": "b", "c": {"d": "e", "f": "g"}});
        merge_patch(&mut t, &serde_json::json!({"a": "z", "c": {"f": null}}));
        assert_eq!(t, serde_json::json!({"a": "z", "c": {"d": "e"}}));
        let mut t = serde_json::json!({"tags": ["x"]});
        merge_patch(&mut t, &serde_json::json!({"tags": ["y", "z"]}));
        assert_eq!(t, serde_json::json!({"tags": ["y", "z"]}));
    }
}
