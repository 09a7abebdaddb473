//! Validating whole input files: widget JSON, or a `.widget` file's widget.

use crate::diag::{Code, Diagnostic, Report};
use crate::json::{self, Limits, Span};

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

/// Validates a file's bytes. For a `.widget` file, the widget it produces with
/// its default state is validated; positions point into the `.widget` file.
pub fn validate_input(bytes: &[u8], kind: InputKind) -> Report {
    match kind {
        InputKind::WidgetJson => crate::validate::validate_bytes(bytes),
        InputKind::WidgetFile => validate_widget_file(bytes),
    }
}

fn validate_widget_file(bytes: &[u8]) -> Report {
    let (mut report, root) =
        crate::validate::parse_and_validate_json_only(bytes, Limits::default());
    let Some(root) = root else {
        return report;
    };
    match root.get("outputJsonPreview") {
        Some(preview) => {
            let mut inner = crate::validate::validate_node(preview);
            for d in inner.errors.iter_mut().chain(inner.warnings.iter_mut()) {
                d.path = if d.path.is_empty() {
                    "outputJsonPreview".into()
                } else {
                    format!("outputJsonPreview.{}", d.path)
                };
            }
            report.errors.extend(inner.errors);
            report.warnings.extend(inner.warnings);
        }
        None => report.push(Diagnostic::new(
            Code::InvalidRoot,
            "",
            if root.is_object() { root.span } else { Span::default() },
            "this .widget file has no outputJsonPreview to validate; expected a ChatKit Studio export with name, template and outputJsonPreview",
        )),
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        report.locate(text);
    }
    report
}

/// Reads JSON only (no widget rules); used by callers that validate a part of a file.
pub fn parse_json(bytes: &[u8]) -> json::Parsed<'_> {
    json::parse_bytes(bytes, Limits::default())
}
