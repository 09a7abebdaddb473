//! The database: connection, creation and migrations, for SQLite (the embedded default) and
//! PostgreSQL (for several studio instances behind a load balancer).
//!
//! Both go through sqlx's `Any` driver so the store has one code path; the few places where
//! the SQL dialects differ ask [`Backend`]. Each backend has its own migration directory
//! with the same numbered steps.

use std::time::Duration;

use sqlx::any::AnyPoolOptions;
use sqlx::{AnyPool, Executor};

/// Which database a pool talks to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

/// An open, migrated database.
#[derive(Clone, Debug)]
pub struct Db {
    pub pool: AnyPool,
    pub backend: Backend,
}

/// Why the database could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error(
        "unsupported database URL {0:?}: expected sqlite://PATH or postgres://USER@HOST:PORT/DATABASE"
    )]
    UnsupportedUrl(String),
    #[error("cannot create the database directory {path}: {source}")]
    CreateDir {
        path: String,
        source: std::io::Error,
    },
    #[error("cannot open the database {url}: {source}")]
    Open { url: String, source: sqlx::Error },
    #[error("cannot migrate the database: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("cannot index which designs use which assets (migration 0009): {0}")]
    IndexAssetUses(sqlx::Error),
    #[error("cannot fill in the designs' search names (migration 0010): {0}")]
    FillNameKeys(sqlx::Error),
}

/// What runs after the migrations: the work SQL alone cannot do.
async fn after_migrations(pool: &AnyPool) -> Result<(), DbError> {
    crate::asset_uses::index_pending(pool)
        .await
        .map_err(DbError::IndexAssetUses)?;
    crate::store::fill_name_keys(pool)
        .await
        .map_err(DbError::FillNameKeys)?;
    Ok(())
}

/// Hides a password in a URL for messages and logs.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let cred = &url[s + 3..at];
            match cred.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..s + 3], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

/// Opens (creating if missing) the database at `url` and runs the migrations.
pub async fn connect(url: &str) -> Result<Db, DbError> {
    sqlx::any::install_default_drivers();
    let open_err = |source| DbError::Open {
        url: redact(url),
        source,
    };
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        let pool = AnyPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(Duration::from_secs(10))
            .connect(url)
            .await
            .map_err(open_err)?;
        sqlx::migrate!("./migrations/postgres").run(&pool).await?;
        after_migrations(&pool).await?;
        return Ok(Db {
            pool,
            backend: Backend::Postgres,
        });
    }
    let Some(path) = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
    else {
        return Err(DbError::UnsupportedUrl(url.to_string()));
    };
    let file = path.split('?').next().unwrap_or(path);
    let memory = file == ":memory:";
    if !memory
        && let Some(dir) = std::path::Path::new(file).parent()
        && !dir.as_os_str().is_empty()
    {
        std::fs::create_dir_all(dir).map_err(|source| DbError::CreateDir {
            path: dir.display().to_string(),
            source,
        })?;
    }
    let full = if path.contains("mode=") || memory {
        format!("sqlite://{path}")
    } else if path.contains('?') {
        format!("sqlite://{path}&mode=rwc")
    } else {
        format!("sqlite://{path}?mode=rwc")
    };
    let pool = AnyPoolOptions::new()
        .max_connections(if memory { 1 } else { 8 })
        .acquire_timeout(Duration::from_secs(10))
        .after_connect(|conn, _meta| {
            Box::pin(async move {
                // WAL: readers never block the writer; NORMAL sync is durable across process
                // crashes (a SIGKILL), which is what the studio promises.
                conn.execute(
                    "PRAGMA busy_timeout = 5000; PRAGMA journal_mode = WAL; \
                     PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;",
                )
                .await?;
                Ok(())
            })
        })
        .connect(&full)
        .await
        .map_err(open_err)?;
    sqlx::migrate!("./migrations/sqlite").run(&pool).await?;
    after_migrations(&pool).await?;
    Ok(Db {
        pool,
        backend: Backend::Sqlite,
    })
}

/// A cheap liveness query.
pub async fn ping(db: &Db) -> Result<(), sqlx::Error> {
    sqlx::query_scalar::<_, i64>("SELECT CAST(1 AS BIGINT)")
        .fetch_one(&db.pool)
        .await
        .map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn passwords_are_redacted() {
        assert_eq!(
            redact("postgres://ws:secret@db:5432/ws"),
            "postgres://ws:***@db:5432/ws"
        );
        assert_eq!(redact("postgres://ws@db/ws"), "postgres://ws@db/ws");
        assert_eq!(redact("sqlite://data/x.db"), "sqlite://data/x.db");
    }
}
