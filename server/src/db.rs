//! The database: connection, creation and migrations.

use std::str::FromStr;
use std::time::Duration;

use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

/// Why the database could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("unsupported database URL {0:?}: expected sqlite://PATH")]
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
}

/// Opens (creating if missing) the database at `url` and runs the migrations.
pub async fn connect(url: &str) -> Result<SqlitePool, DbError> {
    let Some(path) = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
    else {
        return Err(DbError::UnsupportedUrl(url.to_string()));
    };
    let file = path.split('?').next().unwrap_or(path);
    if file != ":memory:"
        && let Some(dir) = std::path::Path::new(file).parent()
        && !dir.as_os_str().is_empty()
    {
        std::fs::create_dir_all(dir).map_err(|source| DbError::CreateDir {
            path: dir.display().to_string(),
            source,
        })?;
    }
    let options = SqliteConnectOptions::from_str(url)
        .map_err(|source| DbError::Open {
            url: url.to_string(),
            source,
        })?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(5));
    let pool = SqlitePoolOptions::new()
        .max_connections(8)
        .connect_with(options)
        .await
        .map_err(|source| DbError::Open {
            url: url.to_string(),
            source,
        })?;
    sqlx::migrate!("./migrations").run(&pool).await?;
    Ok(pool)
}

/// A cheap liveness query.
pub async fn ping(pool: &SqlitePool) -> Result<(), sqlx::Error> {
    sqlx::query_scalar::<_, i64>("SELECT 1")
        .fetch_one(pool)
        .await
        .map(|_| ())
}
