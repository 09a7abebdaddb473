//! Personal access tokens: bearer tokens for the API and CI, each owned by a user, with a
//! name, a role no higher than its owner's, and an expiry. The token's text is shown once,
//! when it is made; the database keeps only its SHA-256 (a token is 256 random bits, so a
//! plain hash is enough). A revoked or expired token, or one whose owner was removed, no
//! longer verifies; one whose owner's role went down acts with the lower role.

use sqlx::{AnyPool, Row};

use crate::db::Db;
use crate::users::{Role, UserError};

/// Every personal access token starts with this, so that it is recognisable in logs and
/// secret scanners.
pub const PREFIX: &str = "wsp_";
/// The longest a token may live.
pub const MAX_DAYS: u32 = app::api::accounts::TOKEN_MAX_DAYS;

/// A token as listed, and a new token: the wire types the settings page also reads.
pub use app::api::types::{NewToken, TokenInfo};

/// Who a verified token acts for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenUser {
    pub token_id: i64,
    pub user_id: i64,
    pub user: String,
    /// The lower of the token's role and its owner's role now.
    pub role: Role,
}

/// The stored form of a token's text.
pub fn hash(token: &str) -> String {
    crate::store::sha256_hex(token.as_bytes())
}

/// The tokens of a studio.
#[derive(Clone)]
pub struct Tokens {
    pool: AnyPool,
}

fn info(row: &sqlx::any::AnyRow) -> Result<TokenInfo, UserError> {
    let role: String = row.try_get("role")?;
    Ok(TokenInfo {
        id: row.try_get("id")?,
        user: row.try_get("user_name")?,
        name: row.try_get("name")?,
        role: role
            .parse()
            .map_err(|_| UserError::Damaged(format!("a token has an unknown role {role:?}")))?,
        created_at: crate::store::rfc3339(row.try_get("created_at")?),
        expires_at: crate::store::rfc3339(row.try_get("expires_at")?),
        revoked_at: row
            .try_get::<Option<i64>, _>("revoked_at")?
            .map(crate::store::rfc3339),
    })
}

const SELECT: &str = "SELECT t.id, u.name AS user_name, t.name, t.role, t.created_at, t.expires_at, t.revoked_at FROM access_tokens t JOIN users u ON u.id = t.user_id";

impl Tokens {
    pub fn new(db: &Db) -> Tokens {
        Tokens {
            pool: db.pool.clone(),
        }
    }

    /// Makes a token for user `owner`, with `role` (at most the owner's) for `days` days.
    pub async fn create(
        &self,
        owner: &str,
        name: &str,
        role: Role,
        days: u32,
    ) -> Result<NewToken, UserError> {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 100 {
            return Err(UserError::Invalid(
                "name: a token's name is 1 to 100 characters (say what uses it)".into(),
            ));
        }
        if let Some(why) = crate::store::control_character(name) {
            return Err(UserError::Invalid(format!(
                "name: {why}; a token's name is one line of text"
            )));
        }
        if !(1..=MAX_DAYS).contains(&days) {
            return Err(UserError::Invalid(format!(
                "expires_in_days: {days} is out of range; a token lives 1 to {MAX_DAYS} days"
            )));
        }
        let row = sqlx::query("SELECT id, role FROM users WHERE name = $1")
            .bind(owner)
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| UserError::NotFound(owner.to_string()))?;
        let owner_id: i64 = row.try_get("id")?;
        let owner_role: Role = row
            .try_get::<String, _>("role")?
            .parse()
            .map_err(|_| UserError::Damaged("a user has an unknown role".into()))?;
        if role > owner_role {
            return Err(UserError::Invalid(format!(
                "role: {owner} has the {owner_role} role; their token may have that role or a lower one, not {role}"
            )));
        }
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).expect("the OS random source");
        let token = format!("{PREFIX}{}", widget::widgetfile::base64url_encode(&bytes));
        let now = crate::store::now_ms();
        let expires = now + i64::from(days) * 86_400_000;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO access_tokens (user_id, name, role, hash, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(owner_id)
        .bind(name)
        .bind(role.as_str())
        .bind(hash(&token))
        .bind(now)
        .bind(expires)
        .fetch_one(&self.pool)
        .await?;
        Ok(NewToken {
            token,
            info: TokenInfo {
                id,
                user: owner.to_string(),
                name: name.to_string(),
                role,
                created_at: crate::store::rfc3339(now),
                expires_at: crate::store::rfc3339(expires),
                revoked_at: None,
            },
        })
    }

    /// The tokens of user `owner`, or of everyone; newest first.
    pub async fn list(&self, owner: Option<&str>) -> Result<Vec<TokenInfo>, UserError> {
        let rows = sqlx::query(&format!(
            "{SELECT} WHERE ($1 IS NULL OR u.name = $1) ORDER BY t.id DESC"
        ))
        .bind(owner)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(info).collect()
    }

    /// One token.
    pub async fn get(&self, id: i64) -> Result<TokenInfo, UserError> {
        let row = sqlx::query(&format!("{SELECT} WHERE t.id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| UserError::NotFound(format!("token {id}")))?;
        info(&row)
    }

    /// Revokes a token (it stays listed, with the time).
    pub async fn revoke(&self, id: i64) -> Result<TokenInfo, UserError> {
        sqlx::query(
            "UPDATE access_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL",
        )
        .bind(crate::store::now_ms())
        .bind(id)
        .execute(&self.pool)
        .await?;
        self.get(id).await
    }

    /// Who a bearer token acts for, when it is a live token.
    pub async fn verify(&self, token: &str) -> Result<Option<TokenUser>, UserError> {
        if !token.starts_with(PREFIX) {
            return Ok(None);
        }
        let row = sqlx::query(
            "SELECT t.id, t.role, t.expires_at, t.revoked_at, u.id AS user_id, u.name AS user_name, u.role AS user_role FROM access_tokens t JOIN users u ON u.id = t.user_id WHERE t.hash = $1",
        )
        .bind(hash(token))
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        let live = row.try_get::<Option<i64>, _>("revoked_at")?.is_none()
            && row.try_get::<i64, _>("expires_at")? > crate::store::now_ms();
        if !live {
            return Ok(None);
        }
        let parse = |s: String| {
            s.parse::<Role>()
                .map_err(|_| UserError::Damaged(format!("unknown role {s:?}")))
        };
        let role = parse(row.try_get("role")?)?.min(parse(row.try_get("user_role")?)?);
        Ok(Some(TokenUser {
            token_id: row.try_get("id")?,
            user_id: row.try_get("user_id")?,
            user: row.try_get("user_name")?,
            role,
        }))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn tokens_hash_to_hex_sha256() {
        assert_eq!(
            super::hash("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
