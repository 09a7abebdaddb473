//! Validating whole input files: widget JSON, or the widget a `.widget` file builds.

use crate::design::{Design, DesignKind};
use crate::diag::{Diagnostic, Origin, Report};
use crate::target::Target;

/// What kind of file the bytes come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputKind {
    /// Widget JSON.
    WidgetJson,
    /// A `.widget` file (ChatKit Studio export).
    WidgetFile,
}

impl InputKind {
    /// Picks the kind from a file name.
    pub fn from_path(path: &str) -> InputKind {
        if path.ends_with(".widget") {
            InputKind::WidgetFile
        } else {
            InputKind::WidgetJson
        }
    }

    /// Picks the kind from the bytes, for input without a name (standard input): a JSON
    /// object with a `template` string and a `version` is a `.widget` file.
    pub fn sniff(bytes: &[u8]) -> InputKind {
        // A byte-order mark is allowed before a file's JSON (the readers skip it).
        let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
        let v: Option<serde_json::Value> = serde_json::from_slice(bytes).ok();
        match v.as_ref().and_then(|v| v.as_object()) {
            Some(m)
                if m.get("template").is_some_and(|t| t.is_string())
                    && m.contains_key("version") =>
            {
                InputKind::WidgetFile
            }
            _ => InputKind::WidgetJson,
        }
    }
}

/// Validates a file's bytes. A `.widget` file is built with its default state, as the SDK's
/// `WidgetTemplate.build` would be: a builder state's view is evaluated (diagnostics are
/// located in the view), a hand-written template is rendered with `{}`.
pub fn validate_input(bytes: &[u8], kind: InputKind) -> Report {
    validate_input_for(bytes, kind, None)
}

/// [`validate_input`] for a target: `None` keeps a `.widget` file's own target (widget JSON
/// then gets the default, `chatkit-python`).
pub fn validate_input_for(bytes: &[u8], kind: InputKind, target: Option<Target>) -> Report {
    match kind {
        InputKind::WidgetJson => {
            crate::validate::validate_bytes_for(bytes, target.unwrap_or_default())
        }
        InputKind::WidgetFile => match Design::from_widget_file(bytes) {
            Err(report) => report,
            Ok(mut design) => {
                if let Some(t) = target {
                    design.target = t;
                }
                let mut built = design.build(&design.default_state);
                built.report.set_origin(match design.kind {
                    DesignKind::Jsx => Origin::View,
                    _ => Origin::Template,
                });
                if design.kind == DesignKind::Jsx {
                    built.report.extend(design.check_states());
                }
                built.report
            }
        },
    }
}

/// The accessibility lint ([`crate::lint`]) of a file: of widget JSON as written (located in
/// the file), or of the widget a `.widget` file builds with its default state (located in its
/// view or template). Input that does not read or build has nothing to lint: the validator
/// reports why.
pub fn lint_input(bytes: &[u8], kind: InputKind) -> Vec<Diagnostic> {
    match kind {
        InputKind::WidgetJson => {
            let parsed = crate::json::parse_bytes(bytes, Default::default());
            match (parsed.root, std::str::from_utf8(bytes)) {
                (Some(root), Ok(text)) => crate::lint::lint(&root, text).warnings,
                _ => Vec::new(),
            }
        }
        InputKind::WidgetFile => match Design::from_widget_file(bytes) {
            Err(_) => Vec::new(),
            Ok(design) => {
                let built = design.build_unshipped(&design.default_state);
                let Some(widget) = built.widget else {
                    return Vec::new();
                };
                let mut report = crate::lint::lint(&widget, &design.source);
                report.set_origin(match design.kind {
                    DesignKind::Jsx => Origin::View,
                    _ => Origin::Template,
                });
                report.merge_repeats();
                report.warnings
            }
        },
    }
}
