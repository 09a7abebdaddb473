//! `/api/tokens`: personal access tokens (admins only; see `route_table`).

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use serde::Deserialize;

use crate::accounts::Accounts;
use crate::error::ApiError;
use crate::extract::{P, Q, Shape, Shaped, Strict};
use crate::guard::{Caller, Who};
use crate::users::Role;
use crate::wire::TokenList;

#[derive(Deserialize, utoipa::ToSchema)]
pub struct CreateTokenBody {
    /// What uses it ("CI", "export script").
    pub name: String,
    /// At most the owner's role.
    pub role: Role,
    /// 1 to 366.
    #[schema(minimum = 1, maximum = 366)]
    pub expires_in_days: u32,
    /// The owner: the signed-in user (a user makes tokens only for themselves), or, with the
    /// studio's token, the user named here.
    #[serde(default)]
    pub user: Option<String>,
}

impl Shaped for CreateTokenBody {
    const SHAPE: Shape = Shape::Object {
        what: "a new token",
        fields: &[
            ("name", Shape::Any),
            ("role", Shape::Any),
            ("expires_in_days", Shape::Any),
            ("user", Shape::Any),
        ],
    };
}

#[derive(Deserialize, Default, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TokenQuery {
    /// Only this user's tokens.
    pub user: Option<String>,
}

/// `GET /api/tokens`: the tokens (never their text), newest first.
#[utoipa::path(get, path = "/api/tokens", tag = "access", params(TokenQuery),
    responses((status = 200, description = "The tokens, revoked ones with the time", body = TokenList)))]
pub async fn list(State(a): State<Accounts>, Q(q): Q<TokenQuery>) -> Result<Response, ApiError> {
    Ok(Json(TokenList {
        items: a.tokens.list(q.user.as_deref()).await?,
    })
    .into_response())
}

/// `POST /api/tokens`: makes a token; its text is in the answer, once.
#[utoipa::path(post, path = "/api/tokens", tag = "access", request_body = CreateTokenBody,
    responses((status = 201, description = "The token, shown once", body = crate::tokens::NewToken), (status = 404, description = "No such user", body = crate::wire::ErrorBody), (status = 422, description = "A role above the owner's, a bad expiry or name, no owner, or a field a new token does not have (its path and the fields there are)", body = crate::wire::ErrorBody)))]
pub async fn create(
    State(a): State<Accounts>,
    Extension(caller): Extension<Caller>,
    Strict(body): Strict<CreateTokenBody>,
) -> Result<Response, ApiError> {
    let me = match &caller.who {
        Who::User { name, .. } => Some(name.as_str()),
        _ => None,
    };
    let owner = crate::accounts::token_owner(me, body.user.as_deref())?;
    let token = a
        .tokens
        .create(&owner, &body.name, body.role, body.expires_in_days)
        .await?;
    tracing::info!(user = %owner, token = token.info.id, role = %token.info.role, by = %caller.who.author(), "token made");
    Ok((StatusCode::CREATED, Json(token)).into_response())
}

/// `DELETE /api/tokens/{id}`: revokes a token.
#[utoipa::path(delete, path = "/api/tokens/{id}", tag = "access", params(("id" = i64, Path, description = "Token id")),
    responses((status = 200, description = "Revoked", body = crate::tokens::TokenInfo), (status = 404, description = "No such token", body = crate::wire::ErrorBody)))]
pub async fn revoke(State(a): State<Accounts>, P(id): P<i64>) -> Result<Response, ApiError> {
    let info = a.tokens.revoke(id).await?;
    tracing::info!(token = id, user = %info.user, "token revoked");
    Ok(Json(info).into_response())
}
