//! Building a design for the preview: a pure function that runs on the server and in the
//! browser, and the server function over it for pages without JavaScript.

use leptos::prelude::*;
use widget::design::Design;

use super::error::AppError;
use super::types::{PreviewData, StateView};

/// Largest source the preview accepts.
pub const MAX_SOURCE: usize = 1 << 20;

/// The located error for a text of `len` bytes beyond [`MAX_SOURCE`] (`what`: "the view",
/// "the state"), or `None`. The browser and the server refuse the same sizes, before reading.
pub fn too_large(what: &str, len: usize) -> Option<widget::Diagnostic> {
    (len > MAX_SOURCE).then(|| {
        let mut d = widget::Diagnostic::new(
            widget::Code::TemplateLimit,
            "",
            widget::json::Span::new(0, 0),
            format!("{what} is {len} bytes; the preview builds at most {MAX_SOURCE} bytes (1 MiB)"),
        );
        (d.line, d.column) = (1, 1);
        d
    })
}

/// Every state of a design, built, with located diagnostics. A view beyond [`MAX_SOURCE`] is
/// refused with a located error, unread.
pub fn preview_design(design: &Design) -> PreviewData {
    if let Some(e) = too_large("the view", design.source.len()) {
        return PreviewData {
            kind: Some(design.kind),
            states: Vec::new(),
            errors: vec![e],
        };
    }
    PreviewData {
        kind: Some(design.kind),
        states: design
            .build_states()
            .into_iter()
            .map(|b| StateView {
                diagnostics: b.report.all().cloned().collect(),
                a11y: b.a11y,
                name: b.name,
                widget: b.widget,
            })
            .collect(),
        errors: Vec::new(),
    }
}

/// Reads whatever was pasted (widget JSON, a `.widget` file, a design document or a JSX view)
/// and builds every state. A source that cannot be read gives its located errors, not `Err`.
pub fn preview_data(source: &str) -> Result<PreviewData, AppError> {
    if source.len() > MAX_SOURCE {
        return Err(AppError::invalid(format!(
            "the source is {} bytes; the preview accepts at most 1 MiB",
            source.len()
        )));
    }
    Ok(match Design::from_input(source) {
        Ok(design) => preview_design(&design),
        Err(report) => PreviewData {
            kind: None,
            states: Vec::new(),
            errors: report.all().cloned().collect(),
        },
    })
}

/// Builds every state of the pasted source on the server: for pages without JavaScript and
/// for template-only designs, whose Jinja renderer is not in the browser bundle.
#[server(endpoint = "preview")]
pub async fn preview_source(source: String) -> Result<PreviewData, AppError> {
    super::error::answer(async move { preview_data(&source) }.await)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_sources_are_reported_not_thrown() {
        let d = preview_data("{\"type\": \"Card\",\n \"children\": [}").unwrap();
        assert!(d.states.is_empty());
        assert_eq!(
            (d.errors[0].line, d.errors[0].column),
            (2, 15),
            "{:?}",
            d.errors
        );
        let d = preview_data("").unwrap();
        assert!(d.errors[0].message.contains("empty"));
        assert_eq!(d.errors[0].code, widget::Code::EmptySource);
        assert!(matches!(
            preview_data(&"x".repeat(MAX_SOURCE + 1)),
            Err(AppError::Invalid { .. })
        ));
    }

    #[test]
    fn a_view_beyond_the_limit_is_refused_unread_with_a_location() {
        let mut design = Design::from_input("<Card><Text value=\"hi\" /></Card>").unwrap();
        design.source = format!("<Card>{}</Card>", "\u{0}".repeat(MAX_SOURCE));
        let d = preview_design(&design);
        assert!(d.states.is_empty());
        assert_eq!(d.errors.len(), 1);
        let e = &d.errors[0];
        assert_eq!((e.line, e.column, e.span.start), (1, 1, 0));
        assert_eq!(e.code, widget::Code::TemplateLimit);
        assert!(e.message.contains("at most 1048576 bytes"), "{}", e.message);
        // At the limit it is read (and here fails for its own reasons, not its size).
        design.source = "x".repeat(MAX_SOURCE);
        assert!(too_large("the view", design.source.len()).is_none());
        assert_ne!(
            preview_design(&design).errors.first().map(|e| e.code),
            Some(widget::Code::TemplateLimit)
        );
    }
}
