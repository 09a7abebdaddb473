//! Building a design for the preview: a pure function that runs on the server and in the
//! browser, and the server function over it for pages without JavaScript.

use leptos::prelude::*;
use widget::design::{Design, Pass};

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

/// Why the code editor refused a paste or a drop (or another edit, for its size). The text is
/// left as it was.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// The text would have been `bytes` bytes (at least, if `at_least`: a text that long was
    /// not counted to the end), beyond [`MAX_SOURCE`].
    TooLarge { bytes: usize, at_least: bool },
    /// The pasted text on its own nests deeper than `limit` levels (the language's limit) at its
    /// own 1-based `line` and `column`.
    TooDeep {
        limit: usize,
        line: usize,
        column: usize,
    },
    /// The pasted text holds a control character (not a tab or a line break), at its own
    /// 1-based `line` and `column`: binary data, which no widget source contains.
    Control {
        code: u32,
        line: usize,
        column: usize,
    },
}

/// Which kind of edit the code editor refused: the message names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EditKind {
    Paste,
    Drop,
    /// Typing, undo, redo, a formatting command: only ever refused for its size.
    Other,
}

impl EditKind {
    /// How the message starts.
    fn refused(self) -> &'static str {
        match self {
            EditKind::Paste => "not pasted",
            EditKind::Drop => "not dropped",
            EditKind::Other => "edit not made",
        }
    }

    /// The text the edit brought, as the message names it.
    fn text(self) -> &'static str {
        match self {
            EditKind::Paste => "the pasted text",
            EditKind::Drop => "the dropped text",
            EditKind::Other => "the new text",
        }
    }
}

/// The message for a refused edit of `what` ("the view", "the state", "the schema"); the
/// caller puts it at the place the edit would have gone.
pub fn refused_edit(what: &str, how: EditKind, why: Refusal) -> String {
    let (refused, text) = (how.refused(), how.text());
    match why {
        Refusal::TooLarge { bytes, at_least } => format!(
            "{refused}: {what} would be {}{bytes} bytes, and the studio keeps at most \
             {MAX_SOURCE} bytes (1 MiB); the text is as it was",
            if at_least { "at least " } else { "" }
        ),
        Refusal::TooDeep {
            limit,
            line,
            column,
        } => format!(
            "{refused}: {text} nests deeper than {limit} levels at its line {line}, \
             column {column}, and {what} takes at most {limit}; the text is as it was"
        ),
        Refusal::Control { code, line, column } => format!(
            "{refused}: {text} holds the control character U+{code:04X} at its line \
             {line}, column {column}, so it looks like binary data; {what} takes text only \
             (tabs and line breaks are fine); the text is as it was"
        ),
    }
}

/// Every state of a design, built, with located diagnostics. A view beyond [`MAX_SOURCE`] is
/// refused with a located error, unread.
pub fn preview_design(design: &Design) -> PreviewData {
    preview_design_pass(design, Pass::Full)
}

/// [`preview_design`], or half of it ([`Pass`]): the editor draws an edit with
/// [`Pass::Draw`], then checks it with [`Pass::Check`] once the frame is painted and puts the
/// problems in with [`PreviewData::take_checks`].
pub fn preview_design_pass(design: &Design, pass: Pass) -> PreviewData {
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
            .preview_pass(pass)
            .into_iter()
            .map(|b| StateView {
                diagnostics: b.report.all().cloned().collect(),
                a11y: b.a11y,
                name: b.name,
                widget: b.widget.map(std::sync::Arc::new),
                nodes: std::sync::Arc::new(b.elements),
            })
            .collect(),
        errors: Vec::new(),
    }
}

impl PreviewData {
    /// Adds the `.widget` export's refusal of `design`'s view ([`Design::export_warnings`]) to
    /// every state (it is the view's, whatever the state; the editor's list says it once):
    /// the editor says it while the user edits. Only the editor calls it, so only its bundle
    /// holds the Jinja compiler.
    pub fn add_export_warnings(&mut self, design: &Design) {
        let warnings = design.export_warnings();
        for s in &mut self.states {
            s.diagnostics.extend(warnings.iter().cloned());
        }
    }

    /// A drawing pass's states show the problems the same state had in `last` (by name) until
    /// their own are checked, so the lists and the code's marks do not empty for a frame. A
    /// state that did not build keeps its own errors: they are all it has.
    pub fn carry_checks(&mut self, last: &PreviewData) {
        for s in self.states.iter_mut().filter(|s| s.widget.is_some()) {
            if let Some(l) = last.states.iter().find(|l| l.name == s.name) {
                s.diagnostics.clone_from(&l.diagnostics);
                s.a11y.clone_from(&l.a11y);
            }
        }
    }

    /// Whether `checked` (a checking pass of the same text) has other problems than these.
    pub fn checks_differ(&self, checked: &PreviewData) -> bool {
        self.errors != checked.errors
            || self.states.len() != checked.states.len()
            || self.states.iter().zip(&checked.states).any(|(s, c)| {
                s.name != c.name || s.diagnostics != c.diagnostics || s.a11y != c.a11y
            })
    }

    /// Puts the problems of `checked` (a checking pass of the same text, so the same states in
    /// the same order) in place of these; the drawn widgets stay as they are.
    pub fn take_checks(&mut self, checked: PreviewData) {
        self.errors = checked.errors;
        for (s, c) in self.states.iter_mut().zip(checked.states) {
            s.diagnostics = c.diagnostics;
            s.a11y = c.a11y;
        }
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
#[server(endpoint = "preview", output = crate::api::codec::Json)]
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
    fn a_refused_edit_says_what_why_and_what_is_allowed() {
        let m = refused_edit(
            "the state",
            EditKind::Paste,
            Refusal::TooLarge {
                bytes: 1_048_590,
                at_least: false,
            },
        );
        assert_eq!(
            m,
            "not pasted: the state would be 1048590 bytes, and the studio keeps at most 1048576 \
             bytes (1 MiB); the text is as it was"
        );
        let m = refused_edit(
            "the view",
            EditKind::Paste,
            Refusal::TooLarge {
                bytes: 4_194_304,
                at_least: true,
            },
        );
        assert!(
            m.contains("the view would be at least 4194304 bytes"),
            "{m}"
        );
        let m = refused_edit(
            "the view",
            EditKind::Paste,
            Refusal::Control {
                code: 0,
                line: 3,
                column: 7,
            },
        );
        assert!(
            m.contains("control character U+0000 at its line 3, column 7"),
            "{m}"
        );
        assert!(m.contains("the view takes text only"), "{m}");
        let m = refused_edit(
            "the view",
            EditKind::Paste,
            Refusal::TooDeep {
                limit: 64,
                line: 1,
                column: 322,
            },
        );
        assert!(
            m.contains("nests deeper than 64 levels at its line 1, column 322"),
            "{m}"
        );
        // A drop and an edit that is not a paste (typing, undo, Format JSON) say what they were.
        let deep = Refusal::TooDeep {
            limit: 256,
            line: 2,
            column: 5,
        };
        let m = refused_edit("the state", EditKind::Drop, deep);
        assert!(
            m.starts_with("not dropped: the dropped text nests deeper than 256 levels"),
            "{m}"
        );
        let big = Refusal::TooLarge {
            bytes: 1_048_577,
            at_least: false,
        };
        let m = refused_edit("the schema", EditKind::Other, big);
        assert!(
            m.starts_with("edit not made: the schema would be 1048577 bytes"),
            "{m}"
        );
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
    /// Drawn first, checked after: the two passes together give the whole build, and until the
    /// check the drawn states show the last build's problems (a state that fails shows its own).
    #[test]
    fn drawn_then_checked_is_the_whole_build() {
        let source = "<Card>\n  <Image src=\"https://x.test/a.png\" />\n  <Text value={title} />\n  <Badge label=\"b\" color=\"nope\" />\n</Card>";
        let mut design = Design::from_input(source).unwrap();
        design.default_state = serde_json::json!({"title": "Hi"});
        design.states = vec![widget::design::NamedState {
            name: "broken".into(),
            data: serde_json::json!(7),
        }];
        let full = preview_design(&design);
        assert!(
            full.states[0]
                .diagnostics
                .iter()
                .any(|d| d.message.contains("nope"))
        );
        assert!(!full.states[0].a11y.is_empty(), "the image has no alt text");
        let mut drawn = preview_design_pass(&design, Pass::Draw);
        assert!(drawn.states[0].diagnostics.is_empty() && drawn.states[0].a11y.is_empty());
        assert_eq!(
            drawn.states[1].diagnostics, full.states[1].diagnostics,
            "a failed state's own errors"
        );
        // Until checked: the last build's problems, by state name.
        drawn.carry_checks(&full);
        assert_eq!(drawn, full);
        let mut last = full.clone();
        last.states[0].diagnostics.clear();
        let mut drawn = preview_design_pass(&design, Pass::Draw);
        drawn.carry_checks(&last);
        let checked = preview_design_pass(&design, Pass::Check);
        assert!(checked.states.iter().all(|s| s.widget.is_none()));
        assert!(drawn.checks_differ(&checked));
        drawn.take_checks(checked.clone());
        assert_eq!(drawn, full);
        assert!(!drawn.checks_differ(&checked));
    }
}
