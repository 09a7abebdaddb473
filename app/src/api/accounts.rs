//! The people who may sign in and their personal access tokens, as the `/settings/users` page
//! manages them (admins only). The page's forms post to the page itself; each names one
//! [`AccountOp`], which [`account_settings`] carries out before listing users and tokens, so
//! that a one-time password or a new token's text is shown in the answer to the form and
//! nowhere else (not in an address, not in a cookie). It works without JavaScript.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::error::AppError;
use super::types::{NewToken, PostedForm, Role, TokenInfo, User};

/// The longest a personal access token may live, in days.
pub const TOKEN_MAX_DAYS: u32 = 366;

/// One change an admin asks for on the settings page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "kebab-case")]
pub enum AccountOp {
    /// Adds a user; without a password the studio makes one and shows it once.
    AddUser {
        name: String,
        role: Role,
        password: Option<String>,
    },
    /// Gives a user another role (their sessions end).
    SetRole { name: String, role: Role },
    /// Sets a new password (their sessions end and their tokens are revoked); without one the
    /// studio makes one.
    SetPassword {
        name: String,
        password: Option<String>,
    },
    /// Removes a user: their sessions end and their tokens go; revisions keep their name.
    RemoveUser { name: String },
    /// Makes a personal access token for the signed-in user (or, signed in with the studio's
    /// token, for the named `user`), shown once.
    MakeToken {
        user: Option<String>,
        name: String,
        role: Role,
        days: u32,
    },
    /// Revokes a token.
    RevokeToken { id: i64 },
}

/// The form fields each operation reads, by the value of the `op` field.
pub const OPS: [&str; 6] = [
    "add-user",
    "set-role",
    "set-password",
    "remove-user",
    "make-token",
    "revoke-token",
];

impl AccountOp {
    /// Reads a posted form: `op` names the operation, the other fields its arguments. The
    /// error names the field, what it held and what is allowed.
    pub fn from_form(form: &PostedForm) -> Result<AccountOp, String> {
        let field = |k: &str| form.get(k).map(|v| v.trim().to_string());
        let need = |k: &str| {
            field(k)
                .filter(|v| !v.is_empty())
                .ok_or_else(|| format!("{k}: this field is empty; fill it in"))
        };
        let role = || {
            let r = need("role")?;
            Role::parse(&r)
                .ok_or_else(|| format!("role: {r:?} is not a role; choose viewer, editor or admin"))
        };
        // A password field left empty asks the studio to make one.
        let password = || form.get("password").filter(|p| !p.is_empty());
        let op = field("op").unwrap_or_default();
        Ok(match op.as_str() {
            "add-user" => AccountOp::AddUser {
                name: need("name")?,
                role: role()?,
                password: password(),
            },
            "set-role" => AccountOp::SetRole {
                name: need("name")?,
                role: role()?,
            },
            "set-password" => AccountOp::SetPassword {
                name: need("name")?,
                password: password(),
            },
            "remove-user" => AccountOp::RemoveUser {
                name: need("name")?,
            },
            "make-token" => {
                let days = need("days")?;
                AccountOp::MakeToken {
                    user: field("user").filter(|u| !u.is_empty()),
                    name: need("name")?,
                    role: role()?,
                    days: days
                        .parse::<u32>()
                        .ok()
                        .filter(|d| (1..=TOKEN_MAX_DAYS).contains(d))
                        .ok_or_else(|| {
                            format!(
                                "days: {days:?} is not a number of days from 1 to {TOKEN_MAX_DAYS}"
                            )
                        })?,
                }
            }
            "revoke-token" => {
                let id = need("id")?;
                AccountOp::RevokeToken {
                    id: id
                        .parse()
                        .map_err(|_| format!("id: {id:?} is not a token's number"))?,
                }
            }
            other => {
                return Err(format!(
                    "op: {other:?} is not something this page does; it does {}",
                    OPS.join(", ")
                ));
            }
        })
    }
}

/// What an operation did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "done", rename_all = "kebab-case")]
pub enum Outcome {
    UserAdded {
        user: User,
        /// The password the studio made, shown once.
        password: Option<String>,
    },
    RoleSet {
        user: User,
    },
    PasswordSet {
        name: String,
        /// The password the studio made, shown once.
        password: Option<String>,
    },
    UserRemoved {
        name: String,
    },
    TokenMade {
        token: NewToken,
    },
    TokenRevoked {
        token: TokenInfo,
    },
}

impl Outcome {
    /// One sentence for the page's notice.
    pub fn message(&self) -> String {
        match self {
            Outcome::UserAdded { user, password } => format!(
                "Added {} as {}.{}",
                user.name,
                user.role,
                if password.is_some() {
                    " Give them this password; it is shown only now:"
                } else {
                    ""
                }
            ),
            Outcome::RoleSet { user } => format!(
                "{} is now {}; they sign in again to use the new role.",
                user.name, user.role
            ),
            Outcome::PasswordSet { name, password } => format!(
                "Set a new password for {name}; their sessions and tokens have ended.{}",
                if password.is_some() {
                    " Give them this password; it is shown only now:"
                } else {
                    ""
                }
            ),
            Outcome::UserRemoved { name } => format!(
                "Removed {name}: their sessions and tokens have ended; their revisions keep their name."
            ),
            Outcome::TokenMade { token } => format!(
                "Made the token \"{}\" for {} ({}, until {}). Copy it now; it is shown only once:",
                token.info.name,
                token.info.user,
                token.info.role,
                token
                    .info
                    .expires_at
                    .get(..10)
                    .unwrap_or(&token.info.expires_at)
            ),
            Outcome::TokenRevoked { token } => {
                format!("Revoked the token \"{}\" of {}.", token.name, token.user)
            }
        }
    }

    /// The secret to show once (a made password or token), if any.
    pub fn secret(&self) -> Option<&str> {
        match self {
            Outcome::UserAdded { password, .. } | Outcome::PasswordSet { password, .. } => {
                password.as_deref()
            }
            Outcome::TokenMade { token } => Some(&token.token),
            _ => None,
        }
    }
}

/// What the settings page shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AccountsView {
    pub users: Vec<User>,
    /// Every token, newest first (revoked ones too, with the time).
    pub tokens: Vec<TokenInfo>,
    /// The signed-in user's name (`None` with the studio's token or in an open studio).
    pub me: Option<String>,
    /// What the posted form did, or why it did nothing.
    pub outcome: Option<Result<Outcome, AppError>>,
}

/// The studio's users and tokens, as the server provides them (admins only: the access guard
/// lets only admins reach the page and this function, and [`account_settings`] checks again).
#[cfg(feature = "ssr")]
pub trait AccountService: Send + Sync + 'static {
    fn users(&self) -> super::error::Fut<'_, Vec<User>>;
    fn tokens(&self) -> super::error::Fut<'_, Vec<TokenInfo>>;
    /// Carries out `op` for `me` (the signed-in user, if a user is signed in).
    fn apply(&self, op: AccountOp, me: Option<String>) -> super::error::Fut<'_, Outcome>;
}

/// The context the server provides.
#[cfg(feature = "ssr")]
#[derive(Clone)]
pub struct Accounts(pub std::sync::Arc<dyn AccountService>);

/// Carries out `op` (when there is one) and lists the users and tokens. The settings page
/// calls it while it renders, with the operation its form posted.
#[server(endpoint = "ui/settings/users", output = crate::api::codec::Json)]
pub async fn account_settings(op: Option<AccountOp>) -> Result<AccountsView, AppError> {
    super::error::answer(
        async move {
            use super::types::AccessConfig;
            // A made password or token is in this answer: no cache may keep it, and the back
            // button must not show it again.
            if let Some(resp) = use_context::<leptos_axum::ResponseOptions>() {
                resp.insert_header(
                    http::header::CACHE_CONTROL,
                    http::HeaderValue::from_static("no-store"),
                );
            }
            let accounts = use_context::<Accounts>()
                .map(|a| a.0)
                .ok_or_else(|| AppError::unavailable("no account store is configured"))?;
            // What the access guard decided for this request; without it, nothing (fail closed).
            let access = AccessConfig::of_request()
                .ok_or_else(|| AppError::internal("the access guard did not see this request"))?;
            if !access.allows(Role::Admin) {
                return Err(AppError::Forbidden {
                    message: "managing users needs the admin role".into(),
                });
            }
            let me = access
                .signed_in
                .as_ref()
                .filter(|s| s.is_user)
                .map(|s| s.name.clone());
            let outcome = match op {
                None => None,
                Some(op) => {
                    // A change needs what every write needs (the CSRF token or the studio's
                    // own form).
                    let granted = use_context::<http::request::Parts>()
                        .and_then(|p| p.extensions.get::<super::service::Access>().cloned())
                        .ok_or_else(|| {
                            AppError::internal("the access guard did not see this request")
                        })?;
                    granted.check()?;
                    Some(accounts.apply(op, me.clone()).await)
                }
            };
            Ok(AccountsView {
                users: accounts.users().await?,
                tokens: accounts.tokens().await?,
                me,
                outcome,
            })
        }
        .await,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(fields: &[(&str, &str)]) -> PostedForm {
        PostedForm(
            fields
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        )
    }

    #[test]
    fn forms_read_as_operations() {
        assert_eq!(
            AccountOp::from_form(&form(&[
                ("op", "add-user"),
                ("name", " ada "),
                ("role", "editor"),
                ("password", "")
            ])),
            Ok(AccountOp::AddUser {
                name: "ada".into(),
                role: Role::Editor,
                password: None
            })
        );
        assert_eq!(
            AccountOp::from_form(&form(&[
                ("op", "make-token"),
                ("name", "CI"),
                ("role", "viewer"),
                ("days", "30")
            ])),
            Ok(AccountOp::MakeToken {
                user: None,
                name: "CI".into(),
                role: Role::Viewer,
                days: 30
            })
        );
        assert_eq!(
            AccountOp::from_form(&form(&[("op", "revoke-token"), ("id", "7")])),
            Ok(AccountOp::RevokeToken { id: 7 })
        );
    }

    #[test]
    fn bad_forms_say_which_field_and_what_is_allowed() {
        let err = |f: &[(&str, &str)]| AccountOp::from_form(&form(f)).unwrap_err();
        assert_eq!(
            err(&[("op", "add-user"), ("name", "ada"), ("role", "root")]),
            "role: \"root\" is not a role; choose viewer, editor or admin"
        );
        assert_eq!(
            err(&[("op", "add-user"), ("role", "viewer")]),
            "name: this field is empty; fill it in"
        );
        assert!(
            err(&[
                ("op", "make-token"),
                ("name", "x"),
                ("role", "viewer"),
                ("days", "400")
            ])
            .starts_with("days: \"400\" is not a number of days from 1 to 366")
        );
        assert!(err(&[("op", "revoke-token"), ("id", "x")]).starts_with("id: \"x\""));
        assert!(err(&[("op", "drop-table")]).contains("add-user, set-role"));
        assert!(err(&[]).starts_with("op: \"\""));
    }

    #[test]
    fn only_made_secrets_are_shown() {
        let user = User {
            id: 1,
            name: "ada".into(),
            role: Role::Viewer,
            created_at: "2026-11-30T00:00:00Z".into(),
        };
        let added = Outcome::UserAdded {
            user: user.clone(),
            password: Some("s3cret-password".into()),
        };
        assert_eq!(added.secret(), Some("s3cret-password"));
        assert!(added.message().contains("shown only now"));
        let chosen = Outcome::UserAdded {
            user,
            password: None,
        };
        assert_eq!(chosen.secret(), None);
        assert!(!chosen.message().contains("shown"));
    }
}
