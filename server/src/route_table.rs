//! Who may call what: every route of the router, listed once with its access class.
//!
//! The access guard ([`crate::guard`]) looks every request up here by its method and the
//! route the router matched, and lets it through only when the caller's role reaches the
//! route's [`Class`]. A route that is not listed is treated as [`Class::Admin`] (fail closed),
//! and `server/tests/route_table.rs` fails for it: it compares this table with the routes the
//! router really has, and calls every entry as every kind of caller.
//!
//! This module imports nothing from the crate, so every other module may read it.

use std::fmt;

/// What a route needs from its caller.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Class {
    /// Anyone: health, the login page and its form, static files the login page needs.
    Public,
    /// Anyone holding a share token: the token in the path is the capability.
    Share,
    /// A signed-in viewer, editor or admin: reads, previews, pure computations.
    Viewer,
    /// An editor or admin: creates, saves, shares, imports.
    Editor,
    /// An admin: users, tokens, backups and restores of backups.
    Admin,
}

impl Class {
    /// Whether a caller of `role` may call a route of this class.
    pub fn admits(self, role: app::api::types::Role) -> bool {
        use app::api::types::Role;
        match self {
            Class::Public | Class::Share | Class::Viewer => true,
            Class::Editor => role >= Role::Editor,
            Class::Admin => role == Role::Admin,
        }
    }

    pub const ALL: [Class; 5] = [
        Class::Public,
        Class::Share,
        Class::Viewer,
        Class::Editor,
        Class::Admin,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Class::Public => "public",
            Class::Share => "share",
            Class::Viewer => "viewer",
            Class::Editor => "editor",
            Class::Admin => "admin",
        }
    }

    /// Whether the route needs a signed-in caller.
    pub fn needs_sign_in(self) -> bool {
        self >= Class::Viewer
    }
}

impl fmt::Display for Class {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The method a route answers. `Any` is a route that answers every method the same way.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Verb {
    Get,
    Post,
    Put,
    Patch,
    Delete,
    Any,
}

impl Verb {
    /// Every concrete method (not `Any`).
    pub const METHODS: [Verb; 5] = [Verb::Get, Verb::Post, Verb::Put, Verb::Patch, Verb::Delete];

    pub fn as_str(self) -> &'static str {
        match self {
            Verb::Get => "GET",
            Verb::Post => "POST",
            Verb::Put => "PUT",
            Verb::Patch => "PATCH",
            Verb::Delete => "DELETE",
            Verb::Any => "ANY",
        }
    }

    /// The verb of an HTTP method; HEAD is GET (the router answers it with the GET route).
    pub fn of(method: &http::Method) -> Option<Verb> {
        Some(match *method {
            http::Method::GET | http::Method::HEAD => Verb::Get,
            http::Method::POST => Verb::Post,
            http::Method::PUT => Verb::Put,
            http::Method::PATCH => Verb::Patch,
            http::Method::DELETE => Verb::Delete,
            _ => return None,
        })
    }

    /// Whether the method changes nothing (reads).
    pub fn is_safe(self) -> bool {
        self == Verb::Get
    }
}

/// How a route answers a caller it refuses: a page sends an anonymous browser to the login
/// page; a server function answers with its own error (`AppError`), which the page's call
/// reads; everything else answers in the API's JSON error form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Answer {
    Page,
    ServerFn,
    Json,
}

/// One route: method, path as the router writes it, access class, and how it refuses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Route {
    pub verb: Verb,
    pub path: &'static str,
    pub class: Class,
    pub answer: Answer,
}

const fn r(verb: Verb, path: &'static str, class: Class, answer: Answer) -> Route {
    Route {
        verb,
        path,
        class,
        answer,
    }
}

use Answer::{Json, Page, ServerFn};
use Class::{Admin, Editor, Public, Share, Viewer};
use Verb::{Any, Delete, Get, Patch, Post, Put};

/// Every route of the router. Pages are the Leptos routes; `/api/ui/…`, `/api/preview` and
/// `/api/a2ui` are the pages' server functions; the rest is the REST API and the access routes.
pub const ROUTES: &[Route] = &[
    // Public.
    r(Get, "/healthz", Public, Json),
    r(Get, "/login", Public, Page),
    r(Post, "/login", Public, Json),
    r(Post, "/logout", Public, Json),
    r(Get, "/api/session", Public, Json),
    r(Post, "/theme", Public, Json),
    // Share links: the token is the capability.
    r(Get, "/s/{token}", Share, Page),
    r(Get, "/s/{token}/export", Share, Json),
    r(Get, "/api/ui/shared", Share, ServerFn),
    // Assets: the id (a SHA-256) is the capability, as a share token is.
    r(Get, "/assets/{id}", Share, Json),
    // Pages.
    r(Get, "/", Viewer, Page),
    r(Get, "/components", Viewer, Page),
    r(Get, "/bench", Viewer, Page),
    r(Get, "/preview", Viewer, Page),
    // The preview page's no-JavaScript form: answered as GET /preview (`page_form`).
    r(Post, "/preview", Viewer, Page),
    r(Get, "/designs", Viewer, Page),
    r(Get, "/designs/{id}", Viewer, Page),
    r(Get, "/designs/{id}/edit", Viewer, Page),
    r(Get, "/new", Viewer, Page),
    r(Get, "/gallery", Viewer, Page),
    r(Get, "/settings/users", Admin, Page),
    // The settings page's forms: answered as GET /settings/users after the change (`page_form`).
    r(Post, "/settings/users", Admin, Page),
    // Reads and pure computations.
    r(Get, "/schema/widget.json", Viewer, Json),
    r(Get, "/editor/spec.json", Viewer, Json),
    r(Get, "/api/openapi.json", Viewer, Json),
    r(Get, "/api/designs", Viewer, Json),
    r(Get, "/api/designs/{id}", Viewer, Json),
    r(Get, "/api/designs/{id}/export", Viewer, Json),
    r(Get, "/api/designs/{id}/shares", Viewer, Json),
    r(Get, "/api/designs/{id}/revisions", Viewer, Json),
    r(Get, "/api/designs/{id}/revisions/{n}", Viewer, Json),
    r(Get, "/api/designs/{id}/diff", Viewer, Json),
    r(Get, "/api/designs/{id}/actions/thread", Viewer, Json),
    r(Get, "/api/designs/{id}/actions/log", Viewer, Json),
    r(Get, "/api/assets", Viewer, Json),
    r(Get, "/api/gallery/{slug}/export", Viewer, Json),
    r(Post, "/api/validate", Viewer, Json),
    r(Post, "/api/render", Viewer, Json),
    r(Post, "/api/preview", Viewer, ServerFn),
    r(Post, "/api/a2ui", Viewer, ServerFn),
    r(Get, "/api/ui/designs", Viewer, ServerFn),
    r(Get, "/api/ui/design", Viewer, ServerFn),
    r(Get, "/api/ui/history", Viewer, ServerFn),
    r(Get, "/api/ui/revision", Viewer, ServerFn),
    r(Get, "/api/ui/diff", Viewer, ServerFn),
    r(Get, "/api/ui/gallery", Viewer, ServerFn),
    r(Any, "/api/{*rest}", Viewer, Json),
    // Writes.
    r(Post, "/api/designs", Editor, Json),
    r(Put, "/api/designs/{id}", Editor, Json),
    r(Patch, "/api/designs/{id}", Editor, Json),
    r(Delete, "/api/designs/{id}", Editor, Json),
    r(Post, "/api/designs/{id}/restore", Editor, Json),
    r(
        Post,
        "/api/designs/{id}/revisions/{n}/restore",
        Editor,
        Json,
    ),
    r(Post, "/api/designs/{id}/shares", Editor, Json),
    r(Post, "/api/designs/{id}/actions", Editor, Json),
    r(Delete, "/api/designs/{id}/actions/thread", Editor, Json),
    r(Delete, "/api/designs/{id}/actions/log", Editor, Json),
    r(Post, "/api/designs/{id}/actions/replay", Editor, Json),
    r(Delete, "/api/designs/{id}/shares/{token}", Editor, Json),
    r(Post, "/api/assets", Editor, Json),
    r(Patch, "/api/assets/{id}", Editor, Json),
    r(Delete, "/api/assets/{id}", Editor, Json),
    r(Post, "/api/ui/create", Editor, ServerFn),
    r(Post, "/api/ui/save", Editor, ServerFn),
    r(Post, "/api/ui/new", Editor, ServerFn),
    r(Post, "/api/ui/save-source", Editor, ServerFn),
    r(Post, "/api/ui/restore", Editor, ServerFn),
    r(Post, "/api/ui/restore-here", Editor, ServerFn),
    r(Post, "/api/ui/share", Editor, ServerFn),
    r(Post, "/api/ui/revoke", Editor, ServerFn),
    r(Post, "/api/ui/trash", Editor, ServerFn),
    r(Post, "/api/ui/untrash", Editor, ServerFn),
    r(Post, "/api/ui/gallery/use", Editor, ServerFn),
    // Administration.
    r(Get, "/api/backup", Admin, Json),
    r(Post, "/api/backup", Admin, Json),
    r(Get, "/api/users", Admin, Json),
    r(Post, "/api/users", Admin, Json),
    r(Delete, "/api/users/{name}", Admin, Json),
    r(Get, "/api/tokens", Admin, Json),
    r(Post, "/api/tokens", Admin, Json),
    r(Delete, "/api/tokens/{id}", Admin, Json),
    r(Post, "/api/ui/settings/users", Admin, ServerFn),
];

/// Static files the router serves from the site directory (its fallback), by path prefix:
/// what the login page and share pages need to draw is public; the rest (the editor's code,
/// the gallery's files, the 404 page) needs a signed-in viewer.
pub const STATIC_PUBLIC: &[&str] = &["/pkg/", "/favicon.svg", "/favicon.ico", "/gallery/img/"];

/// The route of a request: `matched` is the route pattern the router matched (`None` for the
/// fallback: static files and the 404 page). A matched route missing from the table, or a
/// method it does not list, is [`Class::Admin`].
pub fn classify(verb: Option<Verb>, matched: Option<&str>, path: &str) -> Route {
    let Some(pattern) = matched else {
        let public = STATIC_PUBLIC.iter().any(|p| path.starts_with(p));
        return Route {
            verb: verb.unwrap_or(Verb::Any),
            path: "(static files)",
            class: if public { Public } else { Viewer },
            answer: if path.starts_with("/api/") {
                Json
            } else {
                Page
            },
        };
    };
    let mut listed = ROUTES.iter().filter(|r| r.path == pattern).peekable();
    let answer = listed.peek().map_or(Json, |r| r.answer);
    listed
        .find(|r| r.verb == Verb::Any || Some(r.verb) == verb)
        .copied()
        .unwrap_or(Route {
            verb: verb.unwrap_or(Verb::Any),
            path: "(unlisted)",
            class: Admin,
            answer,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_admit_the_roles_they_should() {
        use app::api::types::Role;
        assert!(Class::Editor.admits(Role::Editor) && !Class::Admin.admits(Role::Editor));
        assert!(Class::Viewer.admits(Role::Viewer) && !Class::Editor.admits(Role::Viewer));
        assert!(Class::Admin.admits(Role::Admin));
    }

    #[test]
    fn every_route_is_listed_once() {
        let mut seen = std::collections::HashSet::new();
        for r in ROUTES {
            assert!(
                seen.insert((r.verb, r.path)),
                "{} {} twice",
                r.verb.as_str(),
                r.path
            );
            assert!(r.path.starts_with('/'), "{}", r.path);
        }
    }

    #[test]
    fn lookups_fail_closed() {
        assert_eq!(
            classify(Some(Get), Some("/healthz"), "/healthz").class,
            Public
        );
        assert_eq!(
            classify(Some(Put), Some("/api/designs/{id}"), "/api/designs/x").class,
            Editor
        );
        // A method the table does not list for a listed path, or an unlisted path: admin.
        assert_eq!(
            classify(Some(Post), Some("/healthz"), "/healthz").class,
            Admin
        );
        assert_eq!(
            classify(Some(Get), Some("/new/thing"), "/new/thing").class,
            Admin
        );
        assert_eq!(
            classify(None, Some("/api/designs"), "/api/designs").class,
            Admin
        );
        // Static files: the login page's are public, the others need a viewer.
        assert_eq!(
            classify(Some(Get), None, "/pkg/widget-studio.css").class,
            Public
        );
        assert_eq!(classify(Some(Get), None, "/js/editor.js").class, Viewer);
        assert_eq!(classify(Some(Get), None, "/nowhere").answer, Page);
        assert_eq!(
            classify(Some(Post), Some("/api/{*rest}"), "/api/x").class,
            Viewer
        );
    }
}
