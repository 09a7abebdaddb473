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
            UserError::Exists(_) => ApiError::new(ErrorCode::Conflict, e.to_string()),
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
