//! The shapes the REST API answers with, as the OpenAPI document names them, and the file
//! names it gives downloads. Handlers build these; `openapi` only lists them.

use serde::Serialize;
use utoipa::ToSchema;

use crate::store::{DesignSummary, RevisionInfo, Share};

/// A file name from a design name: lowercase letters, digits and dashes (every script's
/// letters: [`widget::widgetfile::download_stem`]).
pub fn slug(name: &str) -> String {
    widget::widgetfile::download_stem(name)
}

/// A `Content-Disposition` value (`attachment` or `inline`) naming a file. A name that is not
/// plain ASCII goes as RFC 6266's `filename*=UTF-8''…` (percent-encoded), after an ASCII
/// `filename` for clients that read only that one (each other character as `_`).
pub fn content_disposition(kind: &str, name: &str) -> String {
    let safe = |c: char| c.is_ascii_graphic() && !matches!(c, '"' | '\\' | ';' | '%') || c == ' ';
    let ascii: String = name
        .chars()
        .map(|c| if safe(c) { c } else { '_' })
        .collect();
    if ascii == name {
        return format!("{kind}; filename=\"{ascii}\"");
    }
    let mut encoded = String::new();
    for b in name.bytes() {
        // RFC 5987 attr-char: ALPHA / DIGIT / "!#$&+-.^_`|~"
        if b.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&b) {
            encoded.push(b as char);
        } else {
            encoded.push_str(&format!("%{b:02X}"));
        }
    }
    format!("{kind}; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

#[cfg(test)]
mod tests {
    use super::content_disposition;

    #[test]
    fn names_that_are_not_ascii_go_as_utf8() {
        assert_eq!(
            content_disposition("attachment", "flight-status.widget"),
            "attachment; filename=\"flight-status.widget\""
        );
        assert_eq!(
            content_disposition("attachment", "flüge-status.json"),
            "attachment; filename=\"fl_ge-status.json\"; filename*=UTF-8''fl%C3%BCge-status.json"
        );
        // Quotes, backslashes, semicolons and control characters never reach the header raw.
        let v = content_disposition("inline", "a\"b\\c;d\u{1}e %.png");
        assert_eq!(
            v,
            "inline; filename=\"a_b_c_d_e _.png\"; filename*=UTF-8''a%22b%5Cc%3Bd%01e%20%25.png"
        );
        assert!(axum::http::HeaderValue::from_str(&v).is_ok());
    }
}

/// An error: `{error: {code, message, details}}`.
#[derive(Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Serialize, ToSchema)]
pub struct ErrorDetail {
    /// Stable code: bad-request, too-deep, too-large, too-slow, unauthorized, csrf, forbidden,
    /// not-found, method-not-allowed, conflict, invalid, invalid-import, rate-limited, damaged,
    /// internal, database, busy, forward-refused, forward-failed, unsupported-type, asset-in-use.
    pub code: String,
    /// What went wrong, where, and what is allowed.
    pub message: String,
    /// Code-specific: line and column, the current revision and a diff, diagnostics… (null
    /// when there is nothing more to say).
    #[schema(value_type = Option<Object>)]
    pub details: serde_json::Value,
}

#[derive(Serialize, ToSchema)]
pub struct DesignList {
    pub items: Vec<DesignSummary>,
    pub total: i64,
    pub limit: i64,
    pub offset: i64,
}

#[derive(Serialize, ToSchema)]
pub struct RevisionList {
    pub items: Vec<RevisionInfo>,
}

#[derive(Serialize, ToSchema)]
pub struct RevisionBody {
    pub revision: RevisionInfo,
    pub document: widget::Design,
}

#[derive(Serialize, ToSchema)]
pub struct DiffBody {
    pub from: i64,
    pub to: i64,
    /// `[{path, op: added|removed|changed, before, after}]`
    #[schema(value_type = Vec<Object>)]
    pub changes: Vec<serde_json::Value>,
}

/// The action log, oldest first.
#[derive(Serialize, ToSchema)]
pub struct ActionLog {
    pub items: Vec<widget::actions::log::LogEntry>,
}

#[derive(Serialize, ToSchema)]
pub struct ShareList {
    pub items: Vec<Share>,
}

/// A diagnostic: `{path, line, column, code, message, in?, repeats?}`.
#[derive(Serialize, ToSchema)]
pub struct ValidationReport {
    pub valid: bool,
    #[schema(value_type = Vec<Object>)]
    pub errors: Vec<serde_json::Value>,
    #[schema(value_type = Vec<Object>)]
    pub warnings: Vec<serde_json::Value>,
    /// Accessibility warnings (`a11y-*` codes, docs/accessibility.md), which never make a
    /// widget invalid. Each is a diagnostic that may carry a `fix`: edits of the source.
    pub a11y: Vec<A11yWarning>,
}

/// An accessibility warning: a diagnostic (`{path, line, column, code, message, in?}`) and,
/// where one is obvious, a fix.
#[derive(Serialize, ToSchema)]
pub struct A11yWarning {
    /// JSON path of the component (or prop) in the widget.
    pub path: String,
    pub line: usize,
    pub column: usize,
    /// a11y-image-alt, a11y-icon-only, a11y-contrast, a11y-unlabelled-field, a11y-empty-row,
    /// a11y-form-submit or a11y-small-text.
    pub code: String,
    pub message: String,
    /// `view` or `template` when the position is in a `.widget` file's view or template.
    #[serde(rename = "in", skip_serializing_if = "Option::is_none")]
    pub origin: Option<String>,
    /// `{title, edits: [{span: {start, end}, text}]}`: replace each byte span of the text the
    /// position refers to with `text`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<widget::diag::Fix>,
    /// How many more components drawn by the same element (the rows of a `.map`) have this
    /// same warning; absent when none. Errors and warnings carry it alike.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub repeats: Option<usize>,
}

#[derive(Serialize, ToSchema)]
pub struct RenderResult {
    #[schema(value_type = Option<Object>)]
    pub widget: Option<serde_json::Value>,
    pub valid: bool,
    #[schema(value_type = Vec<Object>)]
    pub errors: Vec<serde_json::Value>,
    #[schema(value_type = Vec<Object>)]
    pub warnings: Vec<serde_json::Value>,
}

/// A 422 of `POST /api/render`: the build's located report, or why the request could not be
/// built at all (not exactly one of view, template and widget; data that is not an object).
#[derive(Serialize, ToSchema)]
#[serde(untagged)]
#[allow(dead_code)] // Only the document names it: the handler writes either shape itself.
pub enum RenderRefusal {
    Built(RenderResult),
    Refused(ErrorBody),
}

#[derive(Serialize, ToSchema)]
pub struct ImportResult {
    /// `[{file, id, name}]`
    #[schema(value_type = Vec<Object>)]
    pub imported: Vec<serde_json::Value>,
    /// The images of the zip's `assets/` folder: `[{file, id, name}]`.
    #[schema(value_type = Vec<Object>)]
    #[serde(default)]
    pub assets: Vec<serde_json::Value>,
    /// `[{file, error: {message, …}}]`
    #[schema(value_type = Vec<Object>)]
    pub errors: Vec<serde_json::Value>,
}

#[derive(Serialize, ToSchema)]
pub struct UserList {
    pub items: Vec<crate::users::User>,
}

#[derive(Serialize, ToSchema)]
pub struct AddedUser {
    pub user: crate::users::User,
    /// The password the studio made, shown once (absent when the request gave one).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct TokenList {
    pub items: Vec<crate::tokens::TokenInfo>,
}
