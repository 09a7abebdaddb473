//! What the user and token handlers share: the users and tokens of the studio, and how their
//! errors answer.

use crate::error::{ApiError, ErrorCode};
use crate::tokens::Tokens;
use crate::users::{UserError, Users};

/// The state of `/api/users` and `/api/tokens`.
#[derive(Clone)]
pub struct Accounts {
    pub users: Users,
    pub tokens: Tokens,
}

impl Accounts {
    pub fn new(db: &crate::db::Db) -> Accounts {
        Accounts {
            users: Users::new(db),
            tokens: Tokens::new(db),
        }
    }
}

impl From<UserError> for ApiError {
    fn from(e: UserError) -> ApiError {
        match e {
            UserError::Invalid(m) => ApiError::new(ErrorCode::Invalid, m),
            UserError::NotFound(_) => ApiError::new(ErrorCode::NotFound, e.to_string()),
            UserError::Exists(_) | UserError::LastAdmin(_) => {
                ApiError::new(ErrorCode::Conflict, e.to_string())
            }
            UserError::Hash(_) | UserError::Damaged(_) => {
                tracing::error!(%e, "users");
                ApiError::new(ErrorCode::Internal, e.to_string())
            }
            UserError::Db(err) => {
                tracing::error!(%err, "database error");
                ApiError::new(
                    ErrorCode::Database,
                    "the database could not complete the request; nothing was changed",
                )
            }
        }
    }
}

impl From<UserError> for app::api::AppError {
    fn from(e: UserError) -> app::api::AppError {
        use app::api::AppError;
        match e {
            UserError::Invalid(m) => AppError::invalid(m),
            UserError::NotFound(_) => AppError::not_found(e.to_string()),
            UserError::Exists(_) | UserError::LastAdmin(_) => AppError::refused(e.to_string()),
            UserError::Hash(_) | UserError::Damaged(_) => {
                tracing::error!(%e, "users");
                AppError::internal(e.to_string())
            }
            UserError::Db(err) => {
                tracing::error!(%err, "database error");
                AppError::unavailable(
                    "the database could not complete the request; nothing was changed",
                )
            }
        }
    }
}

/// Who owns a token made by `me` (the signed-in user, `None` for the studio's token) for
/// `named`: a user makes tokens for themselves only, so that nobody can act, and sign
/// revisions, under another user's name; the studio's token names the owner.
pub fn token_owner(me: Option<&str>, named: Option<&str>) -> Result<String, UserError> {
    match (me, named) {
        (Some(me), None) => Ok(me.to_string()),
        (Some(me), Some(named)) if named == me => Ok(me.to_string()),
        (Some(me), Some(named)) => Err(UserError::Invalid(format!(
            "user: a token acts as its owner, so {me} may make tokens only for themselves; {named} signs in and makes their own"
        ))),
        (None, Some(named)) => Ok(named.to_string()),
        (None, None) => Err(UserError::Invalid(
            "user: a token belongs to a user; name one (you are not signed in as a user)".into(),
        )),
    }
}

impl app::api::accounts::AccountService for Accounts {
    fn users(&self) -> app::api::error::Fut<'_, Vec<crate::users::User>> {
        Box::pin(async move { Ok(self.users.list().await?) })
    }

    fn tokens(&self) -> app::api::error::Fut<'_, Vec<crate::tokens::TokenInfo>> {
        Box::pin(async move { Ok(self.tokens.list(None).await?) })
    }

    fn apply(
        &self,
        op: app::api::accounts::AccountOp,
        me: Option<String>,
    ) -> app::api::error::Fut<'_, app::api::accounts::Outcome> {
        use app::api::accounts::{AccountOp, Outcome};
        Box::pin(async move {
            let by = me.clone().unwrap_or_else(|| "token".into());
            let outcome = match op {
                AccountOp::AddUser {
                    name,
                    role,
                    password,
                } => {
                    self.users.check_first_admin(role).await?;
                    let made = password.is_none();
                    let password = password.unwrap_or_else(crate::users::random_password);
                    let user = self.users.add(&name, role, &password).await?;
                    tracing::info!(user = %user.name, role = %user.role, by, "user added");
                    Outcome::UserAdded {
                        user,
                        password: made.then_some(password),
                    }
                }
                AccountOp::SetRole { name, role } => {
                    let user = self.users.set_role(&name, role).await?;
                    tracing::info!(user = %user.name, role = %user.role, by, "role set");
                    Outcome::RoleSet { user }
                }
                AccountOp::SetPassword { name, password } => {
                    let made = password.is_none();
                    let password = password.unwrap_or_else(crate::users::random_password);
                    self.users.set_password(&name, &password).await?;
                    tracing::info!(user = %name, by, "password set");
                    Outcome::PasswordSet {
                        name,
                        password: made.then_some(password),
                    }
                }
                AccountOp::RemoveUser { name } => {
                    self.users.remove(&name).await?;
                    tracing::info!(user = %name, by, "user removed");
                    Outcome::UserRemoved { name }
                }
                AccountOp::MakeToken {
                    user,
                    name,
                    role,
                    days,
                } => {
                    let owner = token_owner(me.as_deref(), user.as_deref())?;
                    let token = self.tokens.create(&owner, &name, role, days).await?;
                    tracing::info!(user = %owner, token = token.info.id, role = %token.info.role, by, "token made");
                    Outcome::TokenMade { token }
                }
                AccountOp::RevokeToken { id } => {
                    let token = self.tokens.revoke(id).await?;
                    tracing::info!(token = id, user = %token.user, by, "token revoked");
                    Outcome::TokenRevoked { token }
                }
            };
            Ok(outcome)
        })
    }
}
