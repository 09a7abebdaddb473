//! Validating whole input files: widget JSON, or the widget a `.widget` file builds.

use crate::design::{Design, DesignKind};
use crate::diag::{Origin, Report};

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
}

/// Validates a file's bytes. A `.widget` file is built with its default state, as the SDK's
/// `WidgetTemplate.build` would be: a builder state's view is evaluated (diagnostics are
/// located in the view), a hand-written template is rendered with `{}`.
pub fn validate_input(bytes: &[u8], kind: InputKind) -> Report {
    match kind {
        InputKind::WidgetJson => crate::validate::validate_bytes(bytes),
        InputKind::WidgetFile => match Design::from_widget_file(bytes) {
            Err(report) => report,
            Ok(design) => {
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
