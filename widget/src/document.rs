//! Validating whole input files: widget JSON, or the widget a `.widget` file builds.

use crate::design::{Design, DesignKind};
use crate::diag::{Origin, Report};
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
