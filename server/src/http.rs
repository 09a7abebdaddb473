//! The HTTP server: Leptos pages, static files, health and the theme form.

use std::net::SocketAddr;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use leptos::prelude::*;
use leptos_axum::{LeptosRoutes, generate_route_list};
use serde_json::json;

use app::components::theme::Theme;

use crate::args::ServeArgs;
use crate::guard::Guard;
use crate::limits::Limits;

/// Shared state of every handler.
#[derive(Clone, axum::extract::FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: crate::db::Db,
}

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error(transparent)]
    Db(#[from] crate::db::DbError),
    #[error("cannot read the users: {0}")]
    Users(#[from] crate::users::UserError),
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("server error: {0}")]
    Io(#[from] std::io::Error),
    #[error(
        "refusing to serve {addr} without authentication: anyone who can reach this address could read and change every design.\n\
         Configure authentication, then start again:\n\
         \x20 * add a user: widget-studio users add NAME --role admin --database-url URL (it prints the password; sign in at /login);\n\
         \x20 * or set a token: --token TOKEN or WIDGET_STUDIO_TOKEN=TOKEN (an admin token; sign in at /login);\n\
         \x20 * or serve only this machine: --addr 127.0.0.1:PORT;\n\
         \x20 * or accept the risk: --open (WIDGET_STUDIO_OPEN=true), which serves the studio open to the network."
    )]
    OpenBind { addr: SocketAddr },
}

/// Whether serving `addr` with no authentication configured is refused (`Err`), allowed
/// because it is loopback (`Ok(false)`), or allowed because `--open` accepts the risk
/// (`Ok(true)`: warn).
pub fn check_bind(addr: SocketAddr, auth_configured: bool, open: bool) -> Result<bool, ServeError> {
    if auth_configured || addr.ip().is_loopback() {
        return Ok(false);
    }
    if open {
        return Ok(true);
    }
    Err(ServeError::OpenBind { addr })
}

/// Leptos options: from cargo-leptos' environment when it runs us, else the
/// workspace defaults (site in `target/site`), so the binary runs on its own.
pub fn leptos_options(addr: SocketAddr) -> LeptosOptions {
    let mut options = match get_configuration(None) {
        Ok(conf) => conf.leptos_options,
        Err(_) => LeptosOptions::builder()
            .output_name("widget-studio")
            .site_root(std::env::var("LEPTOS_SITE_ROOT").unwrap_or_else(|_| "target/site".into()))
            .site_pkg_dir("pkg")
            .build(),
    };
    // cargo-leptos bakes the output name in at compile time; a plain `cargo build` does not.
    if options.output_name.is_empty() {
        options.output_name = "widget-studio".into();
    }
    options.site_addr = addr;
    options
}

/// Builds the whole router around an open database.
pub fn router(
    leptos_options: LeptosOptions,
    db: crate::db::Db,
    guard: Guard,
    limits: Limits,
) -> Router {
    router_and_routes(leptos_options, db, guard, limits).0
}

/// Builds the whole router, with every route it has: (method, path) for the pages and the
/// server functions, (`None`, path) for the routes whose methods the router keeps to itself.
/// `server/tests/route_table.rs` compares them with [`crate::route_table::ROUTES`].
pub fn router_and_routes(
    leptos_options: LeptosOptions,
    db: crate::db::Db,
    guard: Guard,
    limits: Limits,
) -> (Router, Vec<(Option<http::Method>, String)>) {
    let page_routes = generate_route_list(app::App);
    let mut routes: Vec<(Option<http::Method>, String)> = Vec::new();
    for listing in &page_routes {
        for method in listing.methods() {
            let method = match method {
                leptos_router::Method::Get => http::Method::GET,
                leptos_router::Method::Post => http::Method::POST,
                leptos_router::Method::Put => http::Method::PUT,
                leptos_router::Method::Delete => http::Method::DELETE,
                leptos_router::Method::Patch => http::Method::PATCH,
            };
            routes.push((Some(method), listing.path().to_string()));
        }
    }
    for (path, method) in leptos::server_fn::axum::server_fn_paths() {
        routes.push((Some(method), path.to_string()));
    }
    let state = AppState {
        leptos_options: leptos_options.clone(),
        db,
    };
    let store = crate::store::Store::new(state.db.clone());
    // The login page asks whether the studio needs a signed-in user: the guard decided it for
    // this request (a user added since start-up counts).
    let token_set = guard.token_set();
    let access_config = move || {
        use_context::<http::request::Parts>()
            .and_then(|parts| {
                parts
                    .extensions
                    .get::<app::api::types::AccessConfig>()
                    .cloned()
            })
            .unwrap_or(app::api::types::AccessConfig {
                auth_required: token_set,
                token_login: token_set,
                signed_in: None,
            })
    };
    let service = app::api::service::Service(std::sync::Arc::new(crate::service::StoreService(
        store.clone(),
    )));
    let accounts_context = app::api::accounts::Accounts(std::sync::Arc::new(
        crate::accounts::Accounts::new(&state.db),
    ));
    let (rest, rest_paths) = crate::routes::rest(limits.import_max_zip);
    let (shared, shared_paths) = crate::routes::Listed::default()
        .route("/s/{token}/export", get(crate::share::export))
        .into_parts();
    let api = rest
        .merge(shared)
        .with_state(store)
        .layer(axum::extract::DefaultBodyLimit::max(
            crate::limits::MAX_JSON_BODY,
        ))
        .layer(axum::middleware::from_fn(crate::extract::json_405));
    let (access, access_paths) = crate::routes::Listed::default()
        .route("/api/session", get(crate::guard::session))
        .route("/login", post(crate::guard::login))
        .route("/logout", post(crate::guard::logout))
        .into_parts();
    let access = access
        .with_state(guard.clone())
        .layer(axum::middleware::from_fn(crate::extract::json_405));
    let (accounts, accounts_paths) = crate::routes::Listed::default()
        .route(
            "/api/users",
            get(crate::users_api::list).post(crate::users_api::add),
        )
        .route(
            "/api/users/{name}",
            axum::routing::delete(crate::users_api::remove),
        )
        .route(
            "/api/tokens",
            get(crate::tokens_api::list).post(crate::tokens_api::create),
        )
        .route(
            "/api/tokens/{id}",
            axum::routing::delete(crate::tokens_api::revoke),
        )
        .into_parts();
    let accounts = accounts
        .route_layer(axum::middleware::from_fn(crate::guard::require_write))
        .with_state(crate::accounts::Accounts::new(&state.db))
        .layer(axum::extract::DefaultBodyLimit::max(
            crate::limits::MAX_JSON_BODY,
        ))
        .layer(axum::middleware::from_fn(crate::extract::json_405));
    let assets_state = crate::assets_api::Assets {
        store: crate::store::Store::new(state.db.clone()),
        limits: limits.assets,
    };
    let (assets, assets_paths) = crate::routes::Listed::default()
        .route(
            "/api/assets",
            get(crate::assets_api::list)
                .post(crate::assets_api::upload)
                .layer(axum::extract::DefaultBodyLimit::max(
                    crate::assets_api::body_limit(limits.assets),
                )),
        )
        .route(
            "/api/assets/{id}",
            axum::routing::patch(crate::assets_api::rename).delete(crate::assets_api::delete),
        )
        .into_parts();
    let (served, served_paths) = crate::routes::Listed::default()
        .route("/assets/{id}", get(crate::assets_api::serve))
        .into_parts();
    let assets = assets
        .route_layer(axum::middleware::from_fn(crate::guard::require_write))
        .merge(served)
        .with_state(assets_state)
        .layer(axum::extract::DefaultBodyLimit::max(
            crate::limits::MAX_JSON_BODY,
        ))
        .layer(axum::middleware::from_fn(crate::extract::json_405));
    let (misc, misc_paths) = crate::routes::Listed::default()
        .route("/healthz", get(healthz))
        .route("/schema/widget.json", get(widget_schema))
        .route("/editor/spec.json", get(editor_spec))
        .route("/theme", post(set_theme))
        .into_parts();
    for path in [
        rest_paths,
        shared_paths,
        access_paths,
        accounts_paths,
        assets_paths,
        served_paths,
        misc_paths,
    ]
    .into_iter()
    .flatten()
    {
        routes.push((None, path.to_string()));
    }
    let studio = Router::new()
        .merge(api)
        .merge(access)
        .merge(accounts)
        .merge(assets)
        .merge(misc)
        .leptos_routes_with_context(
            &state,
            page_routes,
            move || {
                provide_context(service.clone());
                provide_context(accounts_context.clone());
                provide_context(access_config());
            },
            {
                let options = leptos_options.clone();
                move || app::shell(options.clone())
            },
        )
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(
            app::shell,
        ))
        // Server functions (the pages' saves) take bodies as large as the REST API's; routes
        // with their own limit (the backup import) keep it.
        .layer(axum::extract::DefaultBodyLimit::max(
            crate::limits::MAX_JSON_BODY,
        ))
        .layer(axum::middleware::from_fn(
            crate::error::server_fn_bad_arguments,
        ))
        // Heavy work takes its permit after the guard has let the request in.
        .layer(axum::middleware::from_fn_with_state(
            limits.clone(),
            crate::limits::middleware,
        ))
        .layer(axum::Extension(limits))
        .layer(axum::middleware::from_fn_with_state(
            guard,
            crate::guard::middleware,
        ))
        .layer(tower_http::trace::TraceLayer::new_for_http())
        .with_state(state);
    // Rewrites that must happen before routing wrap the whole router.
    let router = Router::new()
        .fallback_service(studio)
        .layer(axum::middleware::from_fn(crate::page_form::middleware))
        .layer(axum::middleware::from_fn(trailing_slash))
        .layer(axum::middleware::from_fn(crate::compression::vary))
        .layer(crate::compression::layer());
    (router, routes)
}

/// A page's address with a slash at its end (`/designs/`, a share link pasted from a chat that
/// added one) is sent to the address without it: 308, for GET and HEAD. The page router takes
/// the one with the slash as the page, but the server's routes do not, so it was drawn without
/// the studio's store (503, "no design store is configured").
async fn trailing_slash(req: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let reads = matches!(
        *req.method(),
        axum::http::Method::GET | axum::http::Method::HEAD
    );
    if reads && let Some(to) = without_trailing_slash(req.uri().path(), req.uri().query()) {
        return (StatusCode::PERMANENT_REDIRECT, [(header::LOCATION, to)]).into_response();
    }
    next.run(req).await
}

/// The address without the slashes at the end of its path (the query kept), or `None` when it
/// has none. Always a path on this server: `//evil.example/` is `/evil.example`, never an
/// address another site's name could be read from.
fn without_trailing_slash(path: &str, query: Option<&str>) -> Option<String> {
    if path == "/" || !path.ends_with('/') {
        return None;
    }
    let trimmed = path.trim_matches('/');
    let mut to = format!("/{trimmed}");
    if let Some(q) = query {
        to.push('?');
        to.push_str(q);
    }
    Some(to)
}

/// Opens the database, binds and serves until SIGINT/SIGTERM.
pub async fn serve(args: ServeArgs) -> Result<(), ServeError> {
    let db = crate::db::connect(&args.database_url).await?;
    tracing::info!(database = %crate::db::redact(&args.database_url), backend = db.backend.name(), "database ready");
    let options = leptos_options(args.addr);
    crate::compression::sweep_site(std::path::Path::new(&*options.site_root));
    let mut guard = Guard::with_users(args.token.clone(), args.rate_limit, &db)
        .await?
        .secure_cookies(args.secure_cookies);
    let auth_required = guard.auth_required().await;
    // A studio serving the network because it has users must not turn open when the last
    // one is removed.
    if auth_required && !args.open && !args.addr.ip().is_loopback() {
        guard = guard.never_open();
    }
    // An open studio on loopback answers only to loopback names (against DNS rebinding).
    if args.addr.ip().is_loopback() && !args.open {
        guard = guard.loopback_hosts();
    }
    if auth_required {
        tracing::info!(
            token = guard.token_set(),
            "every route but /healthz, /login, static files and share links needs a signed-in user (a bearer token or /login)"
        );
    }
    if check_bind(args.addr, auth_required, args.open)? {
        tracing::warn!(
            addr = %args.addr,
            "--open: serving a non-loopback address without authentication; anyone who can reach it may read and change every design"
        );
    }
    let pool = db.pool.clone();
    let mut limits = Limits::from_args(&args);
    if let Some(files) = crate::limits::open_file_limit() {
        let room = files.saturating_sub(crate::limits::SPARE_FILES).max(1);
        if (limits.conn.max_connections as u64) > room {
            tracing::warn!(
                open_file_limit = files,
                "--max-connections {} is more than the open-file limit allows; serving at most {room} connections (raise `ulimit -n` for more)",
                limits.conn.max_connections
            );
            limits.conn.max_connections = room as usize;
        }
    }
    tracing::info!("{}", limits.summary());
    let conn_limits = limits.conn;
    let app = router(options, db, guard, limits);
    let listener = tokio::net::TcpListener::bind(args.addr)
        .await
        .map_err(|source| ServeError::Bind {
            addr: args.addr,
            source,
        })?;
    let local = listener.local_addr()?;
    let shutdown = shutdown_signal()?;
    tracing::info!("Widget Studio listening on http://{local}");
    crate::conn::serve(
        listener,
        app,
        conn_limits,
        shutdown,
        std::time::Duration::from_secs(5),
    )
    .await;
    pool.close().await;
    tracing::info!("shut down cleanly");
    Ok(())
}

/// Installs the SIGINT/SIGTERM handlers now (before the server announces itself, so a signal
/// sent right after start-up is never lost to the default disposition) and returns a future
/// that completes on the first of them.
fn shutdown_signal() -> std::io::Result<impl std::future::Future<Output = ()>> {
    #[cfg(unix)]
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
    #[cfg(unix)]
    let mut int = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::interrupt())?;
    Ok(async move {
        #[cfg(unix)]
        tokio::select! {
            _ = int.recv() => tracing::info!("SIGINT received, shutting down"),
            _ = term.recv() => tracing::info!("SIGTERM received, shutting down"),
        }
        #[cfg(not(unix))]
        {
            let _ = tokio::signal::ctrl_c().await;
            tracing::info!("Ctrl-C received, shutting down");
        }
    })
}

/// `GET /healthz`: version and database status; 503 when the database fails.
async fn healthz(State(db): State<crate::db::Db>) -> Response {
    let version = env!("CARGO_PKG_VERSION");
    let backend = db.backend.name();
    match crate::db::ping(&db).await {
        Ok(()) => Json(json!({"status": "ok", "version": version, "database": {"status": "ok", "backend": backend}})).into_response(),
        Err(err) => (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(json!({"status": "degraded", "version": version, "database": {"status": "error", "backend": backend, "error": err.to_string()}})),
        )
            .into_response(),
    }
}

/// `GET /schema/widget.json`: the JSON Schema of widget JSON (generated once).
/// The code editor's completion and hover table, generated from the spec.
async fn editor_spec() -> Response {
    static SPEC: std::sync::LazyLock<String> =
        std::sync::LazyLock::new(|| app::editor::spec_table::table().to_string());
    (
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        SPEC.as_str(),
    )
        .into_response()
}

async fn widget_schema() -> Response {
    static SCHEMA: std::sync::LazyLock<String> =
        std::sync::LazyLock::new(|| widget::schema::json_schema().to_string());
    (
        [
            (header::CONTENT_TYPE, "application/schema+json"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        SCHEMA.as_str(),
    )
        .into_response()
}

/// `POST /theme`: the no-JavaScript theme toggle. Flips the cookie and goes back.
async fn set_theme(uri: axum::http::Uri, headers: HeaderMap) -> Response {
    let current = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .map(Theme::from_cookie_header)
        .find(|t| *t == Theme::Dark)
        .unwrap_or_default();
    let next = current.toggled();
    // Only same-origin paths are followed back; anything else goes home.
    let back = headers
        .get(header::REFERER)
        .and_then(|v| v.to_str().ok())
        .and_then(|r| {
            let host = headers.get(header::HOST)?.to_str().ok()?;
            let rest = r
                .strip_prefix("http://")
                .or_else(|| r.strip_prefix("https://"))?;
            let path = rest.strip_prefix(host)?;
            path.starts_with('/').then(|| path.to_string())
        })
        .unwrap_or_else(|| "/".to_string());
    // `?keep=1`: a page's form came along (`/preview`'s source, without JavaScript): it is
    // sent on to the page as it was posted (307 keeps the method and the body).
    let keep = uri
        .query()
        .is_some_and(|q| q.split('&').any(|p| p == "keep=1"));
    let mut resp = if keep {
        Redirect::temporary(&back).into_response()
    } else {
        Redirect::to(&back).into_response()
    };
    if let Ok(v) = next.set_cookie_value().parse() {
        resp.headers_mut().insert(header::SET_COOKIE, v);
    }
    resp
}

#[cfg(test)]
mod tests {
    use super::without_trailing_slash;

    #[test]
    fn a_slash_at_the_end_of_a_path_is_taken_off_and_the_address_stays_here() {
        assert_eq!(without_trailing_slash("/", None), None);
        assert_eq!(without_trailing_slash("/designs", Some("q=x")), None);
        assert_eq!(
            without_trailing_slash("/designs/", None).as_deref(),
            Some("/designs")
        );
        assert_eq!(
            without_trailing_slash("/designs/abc/edit//", Some("theme=dark")).as_deref(),
            Some("/designs/abc/edit?theme=dark")
        );
        // Never another site's address (`//host` is one to a browser).
        assert_eq!(
            without_trailing_slash("//evil.example/", None).as_deref(),
            Some("/evil.example")
        );
        assert_eq!(without_trailing_slash("///", None).as_deref(), Some("/"));
    }
}
