//! `/api/users`: the people who may sign in (admins only; see `route_table`).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::accounts::Accounts;
use crate::error::ApiError;
use crate::extract::{P, Shape, Shaped, Strict};
use crate::users::{Role, random_password};
use crate::wire::{AddedUser, UserList};

#[derive(Deserialize, utoipa::ToSchema)]
pub struct AddUserBody {
    /// 1 to 64 letters, digits, '.', '_' or '-'.
    pub name: String,
    pub role: Role,
    /// At least 12 characters; without it a random password is made and answered once.
    #[serde(default)]
    pub password: Option<String>,
}

impl Shaped for AddUserBody {
    const SHAPE: Shape = Shape::Object {
        what: "a new user",
        fields: &[
            ("name", Shape::Any),
            ("role", Shape::Any),
            ("password", Shape::Any),
        ],
    };
}

/// `GET /api/users`: every user, by name.
#[utoipa::path(get, path = "/api/users", tag = "access",
    responses((status = 200, description = "Every user (never a password)", body = UserList)))]
pub async fn list(State(a): State<Accounts>) -> Result<Response, ApiError> {
    Ok(Json(UserList {
        items: a.users.list().await?,
    })
    .into_response())
}

/// `POST /api/users`: adds a user.
#[utoipa::path(post, path = "/api/users", tag = "access", request_body = AddUserBody,
    responses((status = 201, description = "Added; `password` is answered only when the studio made it", body = AddedUser), (status = 409, description = "The name is taken", body = crate::wire::ErrorBody), (status = 422, description = "A bad name or password, or a field the body does not have (details.path names it, details.allowed lists name, role and password)", body = crate::wire::ErrorBody)))]
pub async fn add(
    State(a): State<Accounts>,
    Strict(body): Strict<AddUserBody>,
) -> Result<Response, ApiError> {
    a.users.check_first_admin(body.role).await?;
    let made = body.password.is_none();
    let password = body.password.unwrap_or_else(random_password);
    let user = a.users.add(&body.name, body.role, &password).await?;
    tracing::info!(user = %user.name, role = %user.role, "user added");
    Ok((
        StatusCode::CREATED,
        Json(AddedUser {
            user,
            password: made.then_some(password),
        }),
    )
        .into_response())
}

/// `DELETE /api/users/{name}`: removes a user; their sessions end and their tokens go.
#[utoipa::path(delete, path = "/api/users/{name}", tag = "access", params(("name" = String, Path, description = "User name")),
    responses((status = 204, description = "Removed"), (status = 404, description = "No such user", body = crate::wire::ErrorBody),
        (status = 409, description = "The last admin: the studio always keeps one", body = crate::wire::ErrorBody)))]
pub async fn remove(State(a): State<Accounts>, P(name): P<String>) -> Result<Response, ApiError> {
    a.users.remove(&name).await?;
    tracing::info!(user = %name, "user removed");
    Ok(StatusCode::NO_CONTENT.into_response())
}
