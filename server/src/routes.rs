//! The REST API's routing table: every handler module's routes in one place, so that no
//! handler module imports the routing table or `openapi`, and `openapi` only lists them.
//! Who may call each route is [`crate::route_table`]'s business; [`Listed`] keeps the paths
//! routed here so that its test can compare the two.

use axum::Router;
use axum::routing::{MethodRouter, get, post};

use crate::api::*;
use crate::extract::not_found;
use crate::store::Store;

/// A router that remembers the paths it routes.
pub struct Listed<S> {
    router: Router<S>,
    paths: Vec<&'static str>,
}

impl<S: Clone + Send + Sync + 'static> Default for Listed<S> {
    fn default() -> Self {
        Listed {
            router: Router::new(),
            paths: Vec::new(),
        }
    }
}

impl<S: Clone + Send + Sync + 'static> Listed<S> {
    pub fn route(mut self, path: &'static str, method_router: MethodRouter<S>) -> Self {
        self.paths.push(path);
        self.router = self.router.route(path, method_router);
        self
    }

    /// The router and the paths it routes.
    pub fn into_parts(self) -> (Router<S>, Vec<&'static str>) {
        (self.router, self.paths)
    }
}

/// The REST routes and their paths. Those that write sit behind
/// [`crate::guard::require_write`]; the pure computations (validate, render) are routed beside
/// them, outside it.
pub fn rest(import_max_zip: u64) -> (Router<Store>, Vec<&'static str>) {
    let (pure, mut paths) = Listed::default()
        .route("/api/validate", post(validate))
        .route("/api/render", post(render))
        // Any other path under /api/ is a JSON 404, whatever the method and the token.
        .route("/api/{*rest}", axum::routing::any(not_found))
        .into_parts();
    let (guarded, more) = Listed::default()
        .route("/api/designs", get(list).post(create))
        .route(
            "/api/designs/{id}",
            get(read).put(save).patch(patch).delete(delete),
        )
        .route("/api/designs/{id}/export", get(export))
        .route("/api/gallery/{slug}/export", get(gallery_export))
        .route("/api/designs/{id}/shares", get(shares).post(create_share))
        .route(
            "/api/designs/{id}/shares/{token}",
            axum::routing::delete(revoke_share),
        )
        .route(
            "/api/backup",
            get(crate::backup::export)
                .post(crate::backup::import)
                .layer(axum::extract::DefaultBodyLimit::max(
                    usize::try_from(import_max_zip).unwrap_or(usize::MAX),
                )),
        )
        .route("/api/openapi.json", get(crate::openapi::serve))
        .route("/api/designs/{id}/restore", post(restore))
        .route("/api/designs/{id}/revisions", get(revisions))
        .route("/api/designs/{id}/revisions/{n}", get(revision))
        .route(
            "/api/designs/{id}/revisions/{n}/restore",
            post(restore_revision),
        )
        .route("/api/designs/{id}/diff", get(diff))
        .route("/api/designs/{id}/actions", post(crate::actions_api::act))
        .route(
            "/api/designs/{id}/actions/thread",
            get(crate::actions_api::thread).delete(crate::actions_api::reset),
        )
        .route(
            "/api/designs/{id}/actions/log",
            get(crate::actions_api::log_list).delete(crate::actions_api::log_clear),
        )
        .route(
            "/api/designs/{id}/actions/replay",
            post(crate::actions_api::replay),
        )
        .into_parts();
    paths.extend(more);
    (
        guarded
            .route_layer(axum::middleware::from_fn(crate::guard::require_write))
            .merge(pure),
        paths,
    )
}
