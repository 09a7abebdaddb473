//! People who use a studio, their roles and passwords, stored in the database.
//!
//! Passwords are hashed with argon2id (the `argon2` crate's defaults: 19 MiB, 2 passes). Each
//! user has a session generation that every session cookie carries; bumping it (sign-out, a
//! new password) ends all of the user's sessions on every instance that shares the database,
//! and removing the user ends them too.

use sqlx::{AnyPool, Row};

use crate::db::Db;

/// What a user may do: the wire type the pages also read.
pub use app::api::types::Role;

/// Names that authors of revisions carry when no user made them; no user may take them.
pub const RESERVED_NAMES: [&str; 2] = ["token", "local"];

#[derive(Debug, thiserror::Error)]
pub enum UserError {
    #[error("{0}")]
    Invalid(String),
    #[error("there is no user {0:?}")]
    NotFound(String),
    /// A user by this name, told apart from the new one only by case, or not at all.
    #[error("there is already a user {0:?} (names are the same whatever their case)")]
    Exists(String),
    /// The change would leave a studio that has users without an admin.
    #[error(
        "{0:?} is the studio's last admin: make another user an admin first (a studio with users always keeps one)"
    )]
    LastAdmin(String),
    #[error("cannot hash the password: {0}")]
    Hash(String),
    #[error("a stored user does not read: {0}")]
    Damaged(String),
    #[error("database error: {0}")]
    Db(#[from] sqlx::Error),
}

/// A user as listed: the wire type the settings page also reads.
pub use app::api::types::User;

/// What a session cookie is checked against on every request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionUser {
    pub id: i64,
    pub name: String,
    pub role: Role,
    pub generation: i64,
}

/// Checks a user name: 1 to 64 letters, digits, `.`, `_` or `-`, and not a reserved name.
pub fn check_name(name: &str) -> Result<(), UserError> {
    let ok = !name.is_empty()
        && name.chars().count() <= 64
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
    if !ok {
        return Err(UserError::Invalid(format!(
            "name: {name:?} must be 1 to 64 letters, digits, '.', '_' or '-'"
        )));
    }
    if RESERVED_NAMES.contains(&name.to_ascii_lowercase().as_str()) {
        return Err(UserError::Invalid(format!(
            "name: {name:?} is reserved (it marks revisions made without a user)"
        )));
    }
    Ok(())
}

/// Checks a new password: 12 to 1,024 characters.
pub fn check_password(password: &str) -> Result<(), UserError> {
    let n = password.chars().count();
    if !(12..=1024).contains(&n) {
        return Err(UserError::Invalid(format!(
            "password: must be 12 to 1,024 characters (this one has {n})"
        )));
    }
    Ok(())
}

/// A new random password (22 characters of base64url over 128 bits).
pub fn random_password() -> String {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).expect("the OS random source");
    widget::widgetfile::base64url_encode(&bytes)
}

/// The argon2id PHC string of a password.
pub fn hash_password(password: &str) -> Result<String, UserError> {
    use argon2::PasswordHasher;
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).expect("the OS random source");
    let salt = argon2::password_hash::SaltString::encode_b64(&salt)
        .map_err(|e| UserError::Hash(e.to_string()))?;
    argon2::Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| UserError::Hash(e.to_string()))
}

/// Whether `password` matches a stored PHC string (a damaged one never matches).
pub fn verify_password(password: &str, phc: &str) -> bool {
    use argon2::PasswordVerifier;
    argon2::password_hash::PasswordHash::new(phc).is_ok_and(|hash| {
        argon2::Argon2::default()
            .verify_password(password.as_bytes(), &hash)
            .is_ok()
    })
}

/// A hash no password matches, verified when the name is unknown so that a wrong name takes
/// as long as a wrong password.
static DECOY: std::sync::LazyLock<String> =
    std::sync::LazyLock::new(|| hash_password(&random_password()).unwrap_or_default());

/// The users of a studio.
#[derive(Clone)]
pub struct Users {
    pool: AnyPool,
}

fn role_of(row: &sqlx::any::AnyRow) -> Result<Role, UserError> {
    let s: String = row.try_get("role")?;
    Role::parse(&s).ok_or_else(|| UserError::Damaged(format!("unknown role {s:?}")))
}

impl Users {
    pub fn new(db: &Db) -> Users {
        Users {
            pool: db.pool.clone(),
        }
    }

    /// How many users there are.
    pub async fn count(&self) -> Result<i64, UserError> {
        Ok(sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM users")
            .fetch_one(&self.pool)
            .await?)
    }

    /// Creates a user.
    pub async fn add(&self, name: &str, role: Role, password: &str) -> Result<User, UserError> {
        check_name(name)?;
        check_password(password)?;
        let password = password.to_string();
        let hash = tokio::task::spawn_blocking(move || hash_password(&password))
            .await
            .map_err(|e| UserError::Hash(e.to_string()))??;
        let now = crate::store::now_ms();
        // `alice` and `Alice` would be two accounts that people (and revisions' authors) cannot
        // tell apart: a name is taken whatever its case. Names are ASCII, so SQL's `lower`
        // folds them alike on both databases; adds are serialised so two cannot both pass.
        let mut tx = self.pool.begin().await?;
        Users::lock_accounts(&mut tx).await?;
        let taken: Option<String> =
            sqlx::query_scalar("SELECT name FROM users WHERE lower(name) = lower($1) LIMIT 1")
                .bind(name)
                .fetch_optional(&mut *tx)
                .await?;
        if let Some(taken) = taken {
            return Err(UserError::Exists(taken));
        }
        let row = sqlx::query(
            "INSERT INTO users (name, role, password_hash, session_gen, created_at) VALUES ($1, $2, $3, 0, $4) ON CONFLICT (name) DO NOTHING RETURNING id",
        )
        .bind(name)
        .bind(role.as_str())
        .bind(&hash)
        .bind(now)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(row) = row else {
            return Err(UserError::Exists(name.to_string()));
        };
        tx.commit().await?;
        Ok(User {
            id: row.try_get("id")?,
            name: name.to_string(),
            role,
            created_at: crate::store::rfc3339(now),
        })
    }

    /// Refuses to add a user who is not an admin while the studio has none: with the first
    /// user, sign-in turns on, and a studio whose users are all viewers and editors has
    /// nobody who may manage users (the page and the API; the command line, run by whoever
    /// runs the server, may).
    pub async fn check_first_admin(&self, role: Role) -> Result<(), UserError> {
        let admins: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE role = 'admin'")
            .fetch_one(&self.pool)
            .await?;
        if role != Role::Admin && admins == 0 {
            return Err(UserError::Invalid(format!(
                "role: the studio has no admin yet, so this user must be one ({role} was asked): once a user exists everyone signs in, and somebody must be able to manage users"
            )));
        }
        Ok(())
    }

    /// Every user, by name.
    pub async fn list(&self) -> Result<Vec<User>, UserError> {
        let rows = sqlx::query("SELECT id, name, role, created_at FROM users")
            .fetch_all(&self.pool)
            .await?;
        let mut users = rows
            .iter()
            .map(|row| {
                Ok(User {
                    id: row.try_get("id")?,
                    name: row.try_get("name")?,
                    role: role_of(row)?,
                    created_at: crate::store::rfc3339(row.try_get("created_at")?),
                })
            })
            .collect::<Result<Vec<_>, UserError>>()?;
        // Names are unique whatever their case, so the name is its own tie-break.
        crate::store::sort_by_name(&mut users, |u| (&u.name, &u.name));
        Ok(users)
    }

    /// The user named `name`.
    pub async fn get(&self, name: &str) -> Result<User, UserError> {
        self.list()
            .await?
            .into_iter()
            .find(|u| u.name == name)
            .ok_or_else(|| UserError::NotFound(name.to_string()))
    }

    /// Removes a user (their tokens go with them; their sessions end, as they no longer
    /// verify). Revisions keep the author's name.
    pub async fn remove(&self, name: &str) -> Result<(), UserError> {
        let mut tx = self.pool.begin().await?;
        Users::lock_accounts(&mut tx).await?;
        let id = Users::id_in(&mut tx, name).await?;
        Users::keep_an_admin(&mut tx, id, name).await?;
        sqlx::query("DELETE FROM access_tokens WHERE user_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM users WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The id of user `name`, as the transaction sees it.
    async fn id_in(
        tx: &mut sqlx::Transaction<'_, sqlx::Any>,
        name: &str,
    ) -> Result<i64, UserError> {
        sqlx::query_scalar("SELECT id FROM users WHERE name = $1")
            .bind(name)
            .fetch_optional(&mut **tx)
            .await?
            .ok_or_else(|| UserError::NotFound(name.to_string()))
    }

    /// The first statement of a transaction that changes accounts: a write of one shared row.
    /// Account changes are serialised on it (SQLite's write lock, waited for up to the busy
    /// timeout; PostgreSQL's row lock, after which a transaction's reads see the commit before
    /// it). First, because a SQLite transaction that reads before it writes cannot wait for
    /// the lock once another write has committed meanwhile: it fails at once
    /// (`SQLITE_BUSY_SNAPSHOT`), which a few concurrent role changes turned into 503s.
    async fn lock_accounts(tx: &mut sqlx::Transaction<'_, sqlx::Any>) -> Result<(), UserError> {
        sqlx::query(
            "INSERT INTO studio_meta (key, value) VALUES ('admins', '') ON CONFLICT (key) DO UPDATE SET value = ''",
        )
        .execute(&mut **tx)
        .await?;
        Ok(())
    }

    /// Refuses when user `id` is the last admin. Runs inside the transaction that removes or
    /// demotes them, after [`Users::lock_accounts`]: two admins demoting each other at once are
    /// serialised, so they cannot both pass.
    async fn keep_an_admin(
        tx: &mut sqlx::Transaction<'_, sqlx::Any>,
        id: i64,
        name: &str,
    ) -> Result<(), UserError> {
        let others: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE role = 'admin' AND id <> $1")
                .bind(id)
                .fetch_one(&mut **tx)
                .await?;
        let is_admin: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE role = 'admin' AND id = $1")
                .bind(id)
                .fetch_one(&mut **tx)
                .await?;
        if is_admin > 0 && others == 0 {
            return Err(UserError::LastAdmin(name.to_string()));
        }
        Ok(())
    }

    /// Gives a user another role. Their sessions end (a session carries the role it was signed
    /// in with); their tokens act with at most the new role.
    pub async fn set_role(&self, name: &str, role: Role) -> Result<User, UserError> {
        let user = self.get(name).await?;
        if user.role == role {
            // Nothing changes: the sessions stay.
            return Ok(user);
        }
        let mut tx = self.pool.begin().await?;
        Users::lock_accounts(&mut tx).await?;
        let id = Users::id_in(&mut tx, name).await?;
        if role != Role::Admin {
            Users::keep_an_admin(&mut tx, id, name).await?;
        }
        sqlx::query("UPDATE users SET role = $1, session_gen = session_gen + 1 WHERE id = $2")
            .bind(role.as_str())
            .bind(id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        self.get(name).await
    }

    /// Sets a new password, ends the user's sessions and revokes their personal access tokens
    /// (a new password is how an admin takes back an account that leaked: everything the old
    /// one let in ends with it).
    pub async fn set_password(&self, name: &str, password: &str) -> Result<(), UserError> {
        check_password(password)?;
        let password = password.to_string();
        let hash = tokio::task::spawn_blocking(move || hash_password(&password))
            .await
            .map_err(|e| UserError::Hash(e.to_string()))??;
        let mut tx = self.pool.begin().await?;
        let id: Option<i64> = sqlx::query_scalar(
            "UPDATE users SET password_hash = $1, session_gen = session_gen + 1 WHERE name = $2 RETURNING id",
        )
        .bind(&hash)
        .bind(name)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(id) = id else {
            return Err(UserError::NotFound(name.to_string()));
        };
        sqlx::query(
            "UPDATE access_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL",
        )
        .bind(crate::store::now_ms())
        .bind(id)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Ends every session of user `id`.
    pub async fn end_sessions(&self, id: i64) -> Result<(), UserError> {
        sqlx::query("UPDATE users SET session_gen = session_gen + 1 WHERE id = $1")
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// The user a session cookie names, as the database has them now.
    pub async fn session_user(&self, id: i64) -> Result<Option<SessionUser>, UserError> {
        let row = sqlx::query("SELECT id, name, role, session_gen FROM users WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|row| {
            Ok(SessionUser {
                id: row.try_get("id")?,
                name: row.try_get("name")?,
                role: role_of(&row)?,
                generation: row.try_get("session_gen")?,
            })
        })
        .transpose()
    }

    /// Checks a name and password: the user when they match. Unknown names cost as much time
    /// as wrong passwords.
    pub async fn verify(
        &self,
        name: &str,
        password: &str,
    ) -> Result<Option<SessionUser>, UserError> {
        // Signing in ignores the name's case, as adding does; a studio from before that kept
        // `alice` and `Alice` both signs the exact one in.
        let rows = sqlx::query(
            "SELECT id, name, role, session_gen, password_hash FROM users WHERE lower(name) = lower($1)",
        )
        .bind(name)
        .fetch_all(&self.pool)
        .await?;
        let row = match rows
            .iter()
            .position(|r| r.try_get::<String, _>("name").is_ok_and(|n| n == name))
        {
            Some(i) => rows.into_iter().nth(i),
            None if rows.len() == 1 => rows.into_iter().next(),
            None => None,
        };
        let (user, phc) = match row {
            Some(row) => (
                Some(SessionUser {
                    id: row.try_get("id")?,
                    name: row.try_get("name")?,
                    role: role_of(&row)?,
                    generation: row.try_get("session_gen")?,
                }),
                row.try_get::<String, _>("password_hash")?,
            ),
            None => (None, DECOY.clone()),
        };
        let password = password.to_string();
        let ok = tokio::task::spawn_blocking(move || verify_password(&password, &phc))
            .await
            .unwrap_or(false);
        Ok(user.filter(|_| ok))
    }

    /// The key that signs session cookies: made at random once and kept in the database, so
    /// every instance on one database signs alike.
    pub async fn session_key(&self) -> Result<String, UserError> {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).expect("the OS random source");
        let fresh = widget::widgetfile::base64url_encode(&bytes);
        sqlx::query(
            "INSERT INTO studio_meta (key, value) VALUES ('session_key', $1) ON CONFLICT (key) DO NOTHING",
        )
        .bind(&fresh)
        .execute(&self.pool)
        .await?;
        Ok(
            sqlx::query_scalar("SELECT value FROM studio_meta WHERE key = 'session_key'")
                .fetch_one(&self.pool)
                .await?,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_hash_and_verify() {
        let h = hash_password("correct horse battery").unwrap();
        assert!(h.starts_with("$argon2id$"), "{h}");
        assert!(verify_password("correct horse battery", &h));
        assert!(!verify_password("correct horse batterY", &h));
        assert!(!verify_password("x", "not a hash"));
    }

    /// Role changes and removals at once on SQLite all land (they used to fail with 503s:
    /// a transaction that read before it wrote could not wait for the lock), and the last
    /// admin still stays.
    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn concurrent_account_changes_wait_for_each_other_on_sqlite() {
        let dir = std::env::temp_dir().join(format!(
            "ws-users-{}-{}",
            std::process::id(),
            crate::store::now_ms()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        let db = crate::db::connect(&format!("sqlite://{}/db.sqlite", dir.display()))
            .await
            .unwrap();
        let users = Users::new(&db);
        let names: Vec<String> = (0..12).map(|i| format!("u{i}")).collect();
        for (i, n) in names.iter().enumerate() {
            let role = if i < 2 { "admin" } else { "viewer" };
            sqlx::query("INSERT INTO users (name, role, password_hash, session_gen, created_at) VALUES ($1, $2, 'x', 0, 0)")
                .bind(n)
                .bind(role)
                .execute(&db.pool)
                .await
                .unwrap();
        }
        let mut tasks = Vec::new();
        // Ten promotions and removals at once, and the two admins demoting each other.
        for n in &names[2..7] {
            let (u, n) = (users.clone(), n.clone());
            tasks.push(tokio::spawn(async move {
                u.set_role(&n, Role::Editor).await.map(|_| ())
            }));
        }
        for n in &names[7..12] {
            let (u, n) = (users.clone(), n.clone());
            tasks.push(tokio::spawn(async move { u.remove(&n).await }));
        }
        let mut demotions = Vec::new();
        for n in &names[..2] {
            let (u, n) = (users.clone(), n.clone());
            demotions.push(tokio::spawn(
                async move { u.set_role(&n, Role::Viewer).await },
            ));
        }
        for t in tasks {
            t.await.unwrap().unwrap();
        }
        let results: Vec<_> = futures_util::future::join_all(demotions).await;
        let refused = results
            .into_iter()
            .map(Result::unwrap)
            .filter(|r| matches!(r, Err(UserError::LastAdmin(_))))
            .count();
        assert_eq!(refused, 1, "one admin stays");
        let left = users.list().await.unwrap();
        assert_eq!(left.len(), 7);
        assert_eq!(left.iter().filter(|u| u.role == Role::Admin).count(), 1);
        assert_eq!(left.iter().filter(|u| u.role == Role::Editor).count(), 5);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn names_roles_and_passwords_are_checked() {
        assert!(check_name("ada.lovelace_1-x").is_ok());
        for bad in ["", "a b", "token", "Local", "é", &"x".repeat(65)] {
            assert!(check_name(bad).is_err(), "{bad:?}");
        }
        assert!(check_password("short").is_err());
        assert!(check_password(&random_password()).is_ok());
        assert_eq!("editor".parse::<Role>().unwrap(), Role::Editor);
        assert!("root".parse::<Role>().is_err());
    }
}
