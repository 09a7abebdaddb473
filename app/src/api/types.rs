//! The types that cross the wire: between the browser and server functions, and in the REST
//! API. The store reads and writes these same types; widget types cross as they are.
//!
//! With the `ssr` feature they also describe themselves for the OpenAPI document (utoipa).

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::Arc;

use serde_json::Value;
use widget::design::{Design, DesignKind};
use widget::diag::Diagnostic;

/// One state of a design, built.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StateView {
    /// `default` or the state's name.
    pub name: String,
    /// The widget JSON, when the state builds. Shared: the editor draws the preview from it
    /// again after every edit, and a 500-node widget takes a millisecond to clone and drop.
    pub widget: Option<Arc<Value>>,
    /// Build and validation problems, located in the design's source.
    pub diagnostics: Vec<Diagnostic>,
    /// Accessibility warnings (`widget::lint`), located in the design's source; some carry a
    /// fix (text edits of the source).
    #[serde(default)]
    pub a11y: Vec<Diagnostic>,
    /// Which element of the view drew each component: by the component's JSON path (its
    /// `data-wgt-path` in the editor's preview), the byte offset of the element's `<` (a
    /// `widget::edit::At`). Empty for JSON and template-only designs.
    /// Shared, like `widget`.
    #[serde(default, skip_serializing_if = "no_nodes")]
    pub nodes: Arc<BTreeMap<String, u32>>,
}

fn no_nodes(n: &Arc<BTreeMap<String, u32>>) -> bool {
    n.is_empty()
}

/// What the preview shows for a source: every state built, or why the source cannot be read.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PreviewData {
    /// How the design is written; `None` when the source could not be read.
    pub kind: Option<DesignKind>,
    pub states: Vec<StateView>,
    /// Errors reading the source itself.
    pub errors: Vec<Diagnostic>,
}

/// What the designs list is sorted by.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase", try_from = "String")]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub enum SortKey {
    Name,
    Created,
    #[default]
    Updated,
}

/// The direction of a sort.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase", try_from = "String")]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub enum SortOrder {
    Asc,
    Desc,
}

impl SortKey {
    pub const ALL: [SortKey; 3] = [SortKey::Updated, SortKey::Created, SortKey::Name];

    pub fn as_str(self) -> &'static str {
        match self {
            SortKey::Name => "name",
            SortKey::Created => "created",
            SortKey::Updated => "updated",
        }
    }

    /// The order used when none is given: newest first for times, A to Z for names.
    pub fn default_order(self) -> SortOrder {
        match self {
            SortKey::Name => SortOrder::Asc,
            _ => SortOrder::Desc,
        }
    }
}

impl TryFrom<String> for SortKey {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        SortKey::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| format!("\"{s}\" is not a sort key; use name, created or updated"))
    }
}

impl SortOrder {
    pub fn as_str(self) -> &'static str {
        match self {
            SortOrder::Asc => "asc",
            SortOrder::Desc => "desc",
        }
    }
}

impl TryFrom<String> for SortOrder {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        match s.as_str() {
            "asc" => Ok(SortOrder::Asc),
            "desc" => Ok(SortOrder::Desc),
            _ => Err(format!("\"{s}\" is not an order; use asc or desc")),
        }
    }
}

/// Which designs to list: search, tag, sort and page.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "ssr", into_params(parameter_in = Query))]
pub struct ListQuery {
    /// Case-insensitive substring of the name.
    pub q: Option<String>,
    /// Only designs with this tag.
    pub tag: Option<String>,
    /// `name`, `created` or `updated` (default).
    pub sort: Option<SortKey>,
    /// `asc` or `desc` (default: `desc` for `updated`/`created`, `asc` for `name`).
    pub order: Option<SortOrder>,
    /// At most this many (1 to 200; default 50).
    pub limit: Option<i64>,
    pub offset: Option<i64>,
    /// List the trash instead.
    #[serde(default)]
    pub deleted: bool,
}

/// A design in a listing (no document body).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct DesignSummary {
    pub id: String,
    pub name: String,
    pub description: String,
    pub tags: Vec<String>,
    pub kind: DesignKind,
    pub revision: i64,
    pub created_at: String,
    pub updated_at: String,
    /// Who saved the head revision (a user's name, `token` or `local`); none for revisions
    /// saved before authors were recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deleted_at: Option<String>,
    /// Who moved it to the trash (while it is there).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deleted_by: Option<String>,
}

/// A design with its head revision.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct DesignRecord {
    pub id: String,
    pub revision: i64,
    pub created_at: String,
    pub updated_at: String,
    /// Who saved the head revision (a user's name, `token` or `local`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deleted_at: Option<String>,
    /// Who moved it to the trash (while it is there).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deleted_by: Option<String>,
    /// Who last took it out of the trash, and when.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub restored_by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub restored_at: Option<String>,
    pub document: Design,
}

/// A restore's answer to the editor: the head, and whether the restore made it (a revision
/// that holds what the head holds makes none, and the head is answered as it is).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Restored {
    pub record: DesignRecord,
    pub made: bool,
}

/// The message of the revision a restore of revision `number` makes (the design page's notice
/// checks a restore against it).
pub fn restored_message(number: i64) -> String {
    format!("Restored revision {number}")
}

/// One revision's metadata.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct RevisionInfo {
    pub number: i64,
    pub created_at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// Who made it: a user's name, `token` (the studio's token) or `local` (a studio without
    /// sign-in); none for revisions made before authors were recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
}

/// A read-only share link.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ShareInfo {
    pub token: String,
    pub design_id: String,
    /// Pinned revision; `None` follows the latest.
    pub revision: Option<i64>,
    pub created_at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revoked_at: Option<String>,
}

/// A save: the new content, and the revision it was based on.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SaveRequest {
    pub document: Design,
    /// The revision the client's copy is based on.
    #[serde(default)]
    pub base_revision: Option<i64>,
    /// Save even if the design has moved on (an explicit overwrite).
    #[serde(default)]
    pub overwrite: bool,
    #[serde(default)]
    pub message: Option<String>,
}

impl SaveRequest {
    /// The revision the save must build on: `None` for an explicit overwrite. A save that
    /// names neither is refused with this message.
    pub fn base(&self) -> Result<Option<i64>, &'static str> {
        match (self.base_revision, self.overwrite) {
            (_, true) => Ok(None),
            (Some(b), false) => Ok(Some(b)),
            (None, false) => Err(
                "base_revision: name the revision your copy is based on, or set \"overwrite\": true",
            ),
        }
    }
}

/// A page of the designs list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DesignPage {
    pub items: Vec<DesignSummary>,
    pub total: i64,
    pub offset: i64,
    pub limit: i64,
}

/// A design with everything its page shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DesignDetail {
    pub record: DesignRecord,
    pub revisions: Vec<RevisionInfo>,
    pub shares: Vec<ShareInfo>,
}

/// A design's page: the design and its head built.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DesignView {
    pub detail: DesignDetail,
    pub preview: PreviewData,
    /// The Python that builds the design's `.widget`, its images where the export puts them.
    pub python: widget::widgetfile::PythonSnippet,
}

/// The fields of a form posted to a page that reads its address (`POST /preview`, whose source
/// can be too long for an address). The server puts them in the request's extensions and
/// answers the request as the page's GET; the page reads a field from here when its address
/// lacks it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PostedForm(pub Vec<(String, String)>);

impl PostedForm {
    pub fn get(&self, key: &str) -> Option<String> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
    }

    /// The posted form of the request being rendered (server side), if any.
    pub fn of_request() -> PostedForm {
        #[cfg(feature = "ssr")]
        {
            use leptos::prelude::use_context;
            if let Some(f) = use_context::<http::request::Parts>()
                .and_then(|p| p.extensions.get::<PostedForm>().cloned())
            {
                return f;
            }
        }
        PostedForm::default()
    }
}

/// One revision of a design, built for the preview.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RevisionView {
    pub info: RevisionInfo,
    pub document: Design,
    pub preview: PreviewData,
}

/// The difference between two revisions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RevisionDiff {
    pub from: i64,
    pub to: i64,
    /// The source as a line diff; empty when the source is unchanged.
    pub source: Vec<widget::diff::Line>,
    /// Every other field, structurally.
    pub fields: Vec<widget::diff::Change>,
}

/// A shared design as the store resolves a token.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SharedDesign {
    pub token: String,
    pub revision: i64,
    /// Pinned to this revision (else it follows the latest).
    pub pinned: bool,
    pub document: Design,
}

/// What a share link shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SharedView {
    pub shared: SharedDesign,
    pub preview: PreviewData,
}

/// How this studio controls access, as the server configured it, and who is signed in
/// (provided as context for each request).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessConfig {
    /// Every page but the login page and share links needs a signed-in user (the studio's
    /// token is set, or it has users).
    pub auth_required: bool,
    /// The studio's token (`WIDGET_STUDIO_TOKEN`) is set: the login page offers it.
    pub token_login: bool,
    /// Who is signed in, with their role (`token` for the studio's token), when sign-in is
    /// required and this request has a caller.
    pub signed_in: Option<SignedIn>,
}

impl AccessConfig {
    /// Whether the current caller has `role` or a higher one. An open studio (nobody signs
    /// in) lets everyone do everything.
    pub fn allows(&self, role: Role) -> bool {
        if !self.auth_required {
            return true;
        }
        self.signed_in.as_ref().is_some_and(|s| s.role >= role)
    }

    /// The access of the request being rendered (server side; in the browser, an island gets
    /// what it needs as a prop).
    pub fn current() -> AccessConfig {
        leptos::prelude::use_context::<AccessConfig>().unwrap_or_default()
    }

    /// What the access guard decided for the request being served; `None` when the guard did
    /// not see it (a server function that checks access must then refuse: fail closed).
    #[cfg(feature = "ssr")]
    pub fn of_request() -> Option<AccessConfig> {
        leptos::prelude::use_context::<http::request::Parts>()
            .and_then(|p| p.extensions.get::<AccessConfig>().cloned())
    }
}

/// A signed-in caller, as the pages show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedIn {
    /// The user's name, or `token` for the studio's token.
    pub name: String,
    pub role: Role,
    /// A user signed in (not the studio's token).
    #[serde(default)]
    pub is_user: bool,
}

/// What a user may do. Ordered: each role may do what the roles before it may.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Reads designs and history, and previews.
    Viewer,
    /// Also creates, saves, shares and imports.
    Editor,
    /// Also manages users, tokens, backups and restores.
    Admin,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Viewer, Role::Editor, Role::Admin];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Editor => "editor",
            Role::Admin => "admin",
        }
    }

    /// Reads `viewer`, `editor` or `admin`.
    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Role {
    type Err = String;
    fn from_str(s: &str) -> Result<Role, String> {
        Role::parse(s).ok_or_else(|| format!("{s:?} is not viewer, editor or admin"))
    }
}

/// A user as listed (never the password hash).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct User {
    pub id: i64,
    pub name: String,
    pub role: Role,
    /// RFC 3339.
    pub created_at: String,
}

/// A personal access token as listed (never its text or hash).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct TokenInfo {
    pub id: i64,
    /// The owner's name.
    pub user: String,
    pub name: String,
    pub role: Role,
    /// RFC 3339.
    pub created_at: String,
    pub expires_at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revoked_at: Option<String>,
}

/// A new token: its text (shown once) and what it is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct NewToken {
    /// The bearer token. It is not stored and cannot be shown again.
    pub token: String,
    #[serde(flatten)]
    pub info: TokenInfo,
}

/// One design of the gallery, as its page shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GalleryItem {
    /// The file's name without `.widget`: `public/gallery/{slug}.widget`.
    pub slug: String,
    pub name: String,
    pub description: String,
    pub tags: Vec<String>,
    /// The named states, besides the default one.
    pub states: Vec<String>,
    /// The widget its default state builds (the thumbnail).
    pub widget: Option<Value>,
}

/// A tag of the gallery and how many designs carry it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TagCount {
    pub tag: String,
    pub count: usize,
}

/// The gallery, filtered by a tag.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GalleryPage {
    /// The designs that carry the tag (all of them without one), by name.
    pub items: Vec<GalleryItem>,
    /// Every tag of the gallery, most used first.
    pub tags: Vec<TagCount>,
    /// The tag filtered by, if any.
    pub tag: Option<String>,
    /// How many designs the gallery has in all.
    pub total: usize,
}
