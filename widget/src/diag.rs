//! Diagnostics: what is wrong, where, and what is allowed.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::json::{LineIndex, Span};

/// Errors make a widget invalid; warnings do not.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// Stable codes of every problem the validator reports. The string forms
/// (`invalid-type`, …) are part of the CLI's and the API's contract.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Code {
    // Errors from reading JSON.
    JsonSyntax,
    JsonInvalidUtf8,
    JsonTooDeep,
    JsonTooLarge,
    JsonNumberOutOfRange,
    JsonDuplicateKey,
    // Errors the SDK also reports.
    InvalidRoot,
    InvalidChild,
    MissingType,
    UnknownComponent,
    MissingProp,
    InvalidType,
    InvalidEnum,
    InvalidAction,
    // Documented structural rules the SDK does not check.
    NestedRoot,
    MisplacedListViewItem,
    ListViewChild,
    TransitionChildren,
    // Errors in JSX views.
    TemplateSyntax,
    TemplateUndefined,
    TemplateType,
    TemplateText,
    TemplateLimit,
    TemplateExport,
    ZodUnsupported,
    // Errors reading what a user imports or pastes.
    EmptySource,
    InvalidImport,
    // Warnings.
    UnknownProp,
    CoercedValue,
    DeprecatedShape,
    DuplicateKey,
    SubmitOutsideForm,
    IgnoredChildren,
    DuplicateFieldName,
    MissingChildren,
    ExternalIcon,
    UnknownColor,
    TargetDifference,
    MisplacedTablePart,
    /// A reference to a studio asset that the studio does not hold (`widget::asset`).
    MissingAsset,
    /// A view the preview builds but the `.widget` export cannot write (the export itself
    /// refuses it with `template-export`): said while editing, before an export fails.
    NotExportable,
    // Accessibility warnings (`widget::lint`): the design still builds and exports.
    A11yImageAlt,
    A11yIconOnly,
    A11yContrast,
    A11yUnlabelledField,
    A11yEmptyRow,
    A11yFormSubmit,
    A11ySmallText,
}

impl Code {
    pub fn as_str(self) -> &'static str {
        match self {
            Code::JsonSyntax => "json-syntax",
            Code::JsonInvalidUtf8 => "json-invalid-utf8",
            Code::JsonTooDeep => "json-too-deep",
            Code::JsonTooLarge => "json-too-large",
            Code::JsonNumberOutOfRange => "json-number-out-of-range",
            Code::JsonDuplicateKey => "json-duplicate-key",
            Code::InvalidRoot => "invalid-root",
            Code::InvalidChild => "invalid-child",
            Code::MissingType => "missing-type",
            Code::UnknownComponent => "unknown-component",
            Code::MissingProp => "missing-prop",
            Code::InvalidType => "invalid-type",
            Code::InvalidEnum => "invalid-enum",
            Code::InvalidAction => "invalid-action",
            Code::NestedRoot => "nested-root",
            Code::MisplacedListViewItem => "misplaced-list-view-item",
            Code::ListViewChild => "list-view-child",
            Code::TransitionChildren => "transition-children",
            Code::TemplateSyntax => "template-syntax",
            Code::TemplateUndefined => "template-undefined",
            Code::TemplateType => "template-type",
            Code::TemplateText => "template-text",
            Code::TemplateLimit => "template-limit",
            Code::TemplateExport => "template-export",
            Code::ZodUnsupported => "zod-unsupported",
            Code::EmptySource => "empty-source",
            Code::InvalidImport => "invalid-import",
            Code::UnknownProp => "unknown-prop",
            Code::CoercedValue => "coerced-value",
            Code::DeprecatedShape => "deprecated-shape",
            Code::DuplicateKey => "duplicate-key",
            Code::SubmitOutsideForm => "submit-outside-form",
            Code::IgnoredChildren => "ignored-children",
            Code::DuplicateFieldName => "duplicate-field-name",
            Code::MissingChildren => "missing-children",
            Code::ExternalIcon => "external-icon",
            Code::UnknownColor => "unknown-color",
            Code::TargetDifference => "target-difference",
            Code::MisplacedTablePart => "misplaced-table-part",
            Code::MissingAsset => "missing-asset",
            Code::NotExportable => "not-exportable",
            Code::A11yImageAlt => "a11y-image-alt",
            Code::A11yIconOnly => "a11y-icon-only",
            Code::A11yContrast => "a11y-contrast",
            Code::A11yUnlabelledField => "a11y-unlabelled-field",
            Code::A11yEmptyRow => "a11y-empty-row",
            Code::A11yFormSubmit => "a11y-form-submit",
            Code::A11ySmallText => "a11y-small-text",
        }
    }

    pub fn severity(self) -> Severity {
        match self {
            Code::UnknownProp
            | Code::CoercedValue
            | Code::DeprecatedShape
            | Code::DuplicateKey
            | Code::SubmitOutsideForm
            | Code::IgnoredChildren
            | Code::DuplicateFieldName
            | Code::MissingChildren
            | Code::ExternalIcon
            | Code::UnknownColor
            | Code::TargetDifference
            | Code::MisplacedTablePart
            | Code::MissingAsset
            | Code::NotExportable => Severity::Warning,
            c if c.is_a11y() => Severity::Warning,
            _ => Severity::Error,
        }
    }

    /// An accessibility warning of [`crate::lint`].
    pub fn is_a11y(self) -> bool {
        matches!(
            self,
            Code::A11yImageAlt
                | Code::A11yIconOnly
                | Code::A11yContrast
                | Code::A11yUnlabelledField
                | Code::A11yEmptyRow
                | Code::A11yFormSubmit
                | Code::A11ySmallText
        )
    }

    /// Every code, for documentation and tests.
    pub const ALL: &'static [Code] = &[
        Code::JsonSyntax,
        Code::JsonInvalidUtf8,
        Code::JsonTooDeep,
        Code::JsonTooLarge,
        Code::JsonNumberOutOfRange,
        Code::JsonDuplicateKey,
        Code::InvalidRoot,
        Code::InvalidChild,
        Code::MissingType,
        Code::UnknownComponent,
        Code::MissingProp,
        Code::InvalidType,
        Code::InvalidEnum,
        Code::InvalidAction,
        Code::NestedRoot,
        Code::MisplacedListViewItem,
        Code::ListViewChild,
        Code::TransitionChildren,
        Code::TemplateSyntax,
        Code::TemplateUndefined,
        Code::TemplateType,
        Code::TemplateText,
        Code::TemplateLimit,
        Code::TemplateExport,
        Code::ZodUnsupported,
        Code::EmptySource,
        Code::InvalidImport,
        Code::UnknownProp,
        Code::CoercedValue,
        Code::DeprecatedShape,
        Code::DuplicateKey,
        Code::SubmitOutsideForm,
        Code::IgnoredChildren,
        Code::DuplicateFieldName,
        Code::MissingChildren,
        Code::ExternalIcon,
        Code::UnknownColor,
        Code::TargetDifference,
        Code::MisplacedTablePart,
        Code::MissingAsset,
        Code::NotExportable,
        Code::A11yImageAlt,
        Code::A11yIconOnly,
        Code::A11yContrast,
        Code::A11yUnlabelledField,
        Code::A11yEmptyRow,
        Code::A11yFormSubmit,
        Code::A11ySmallText,
    ];
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl Code {
    /// The code with this string form (`invalid-type`, …).
    pub fn parse(s: &str) -> Option<Code> {
        Code::ALL.iter().copied().find(|c| c.as_str() == s)
    }
}

impl<'de> Deserialize<'de> for Code {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Code::parse(&s).ok_or_else(|| serde::de::Error::custom(format!("unknown code {s:?}")))
    }
}

/// What a diagnostic's line and column refer to when it is not the file itself.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Origin {
    /// The JSX view of a `.widget` file or design.
    View,
    /// The Jinja template of a `.widget` file.
    Template,
    /// Widget JSON given as a field of a request (`POST /api/render`).
    Widget,
    /// A state (`default` or a named state), printed as JSON with two-space indentation.
    State(String),
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::View => f.write_str("view"),
            Origin::Template => f.write_str("template"),
            Origin::Widget => f.write_str("widget"),
            Origin::State(name) => write!(f, "state {name}"),
        }
    }
}

impl Serialize for Origin {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Origin {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        match s.as_str() {
            "view" => Ok(Origin::View),
            "template" => Ok(Origin::Template),
            "widget" => Ok(Origin::Widget),
            _ => match s.strip_prefix("state ") {
                Some(name) => Ok(Origin::State(name.to_string())),
                None => Err(serde::de::Error::custom(format!(
                    "unknown origin {s:?}: expected view, template, widget or state NAME"
                ))),
            },
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One edit of a [`Fix`]: replace the bytes `span` of the source with `text` (an empty span
/// inserts).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Edit {
    /// Byte offsets in the text the diagnostic is located in (a view, or widget JSON).
    pub span: Span,
    pub text: String,
}

/// A change to the source that resolves a diagnostic, where one is obvious (`Add alt=""`,
/// `Add a Label`). The source text stays the truth: a fix is a list of text edits, which the
/// editor applies as one undoable change.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Fix {
    /// What the fix does, as a button says it.
    pub title: String,
    /// Non-overlapping edits, in source order.
    pub edits: Vec<Edit>,
}

impl Fix {
    /// The text with the edits applied; `None` when an edit does not fit `text` (a stale fix).
    pub fn apply(&self, text: &str) -> Option<String> {
        let mut out = String::with_capacity(text.len() + 64);
        let mut at = 0usize;
        for e in &self.edits {
            let (start, end) = (e.span.start as usize, e.span.end as usize);
            if start < at
                || end < start
                || end > text.len()
                || !text.is_char_boundary(start)
                || !text.is_char_boundary(end)
            {
                return None;
            }
            out.push_str(&text[at..start]);
            out.push_str(&e.text);
            at = end;
        }
        out.push_str(&text[at..]);
        Some(out)
    }
}

/// One problem: its code, JSON path, position and a message a person can act on.
///
/// It crosses the wire as `{path, line, column, code, message, in?, fix?, repeats?}`; the severity
/// follows from the code, so a deserialised diagnostic gets it back from [`Code::severity`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(from = "DiagnosticWire")]
pub struct Diagnostic {
    #[serde(skip)]
    pub severity: Severity,
    /// JSON path such as `children[2].children[0].color`; empty for the root.
    pub path: String,
    /// 1-based line of the problem in the source text (0 when there is no source).
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    pub code: Code,
    pub message: String,
    /// What the line and column refer to when it is not the file itself.
    #[serde(rename = "in", skip_serializing_if = "Option::is_none")]
    pub origin: Option<Origin>,
    /// An obvious fix, as edits of the source (accessibility warnings). Boxed: most
    /// diagnostics have none, and errors travel in `Result`s.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<Box<Fix>>,
    /// How many more components drawn by the same element (the rows of a `.map`) have this
    /// same problem, said once for the first of them ([`merge_repeats`]). Kept out of the
    /// message, which stays the same whatever the number of rows.
    #[serde(skip_serializing_if = "is_zero")]
    pub repeats: usize,
    #[serde(skip)]
    pub span: Span,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// The serialised form of [`Diagnostic`].
#[derive(Deserialize)]
struct DiagnosticWire {
    #[serde(default)]
    path: String,
    #[serde(default)]
    line: usize,
    #[serde(default)]
    column: usize,
    code: Code,
    message: String,
    #[serde(rename = "in", default)]
    origin: Option<Origin>,
    #[serde(default)]
    fix: Option<Box<Fix>>,
    #[serde(default)]
    repeats: usize,
}

impl From<DiagnosticWire> for Diagnostic {
    fn from(w: DiagnosticWire) -> Diagnostic {
        Diagnostic {
            severity: w.code.severity(),
            path: w.path,
            line: w.line,
            column: w.column,
            code: w.code,
            message: w.message,
            origin: w.origin,
            fix: w.fix,
            repeats: w.repeats,
            span: Span::default(),
        }
    }
}

impl Diagnostic {
    pub fn new(
        code: Code,
        path: impl Into<String>,
        span: Span,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: code.severity(),
            code,
            path: path.into(),
            line: 0,
            column: 0,
            message: message.into(),
            origin: None,
            fix: None,
            repeats: 0,
            span,
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:col: error[code]: message`
    /// Where, in words for a person: `line:column`, or the path in the widget when there is no
    /// place in the text (what a template rendered), or nothing.
    pub fn place(&self) -> String {
        match (self.line, self.path.as_str()) {
            (0, path) => path.to_string(),
            (line, _) => format!("{line}:{}", self.column),
        }
    }

    /// The message after its place (`3:7: …`, `children[0].size: …`), or alone when it has
    /// none.
    pub fn placed_message(&self) -> String {
        match self.place() {
            p if p.is_empty() => self.message.clone(),
            p => format!("{p}: {}", self.message),
        }
    }

    pub fn render(&self, file: &str) -> String {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let file = match &self.origin {
            Some(o) => format!("{file}[{o}]"),
            None => file.to_string(),
        };
        // Without a place in the text (a problem of what a template rendered, which has no
        // position in the template), the path in the widget says where, not a `0:0`.
        let place = match (self.line, self.path.as_str()) {
            (0, "") => String::new(),
            (0, path) => format!(" {path}:"),
            (line, _) => format!(":{line}:{}:", self.column),
        };
        let place = if place.is_empty() {
            ":".to_string()
        } else {
            place
        };
        format!(
            "{file}{place} {sev}[{}]: {}{}",
            self.code,
            self.message,
            self.repeats_note()
        )
    }

    /// " (the same in N more components …)" when [`Diagnostic::repeats`] is not zero.
    pub fn repeats_note(&self) -> String {
        match self.repeats {
            0 => String::new(),
            1 => {
                " (the same in 1 more component this element draws, such as a row of a .map)".into()
            }
            n => format!(
                " (the same in {n} more components this element draws, such as rows of a .map)"
            ),
        }
    }

    /// The source line with a caret under the column, for terminals.
    pub fn excerpt(&self, source: &str, index: &LineIndex) -> String {
        if self.line == 0 {
            return String::new();
        }
        let text = index.line_text(source, self.line);
        // Keep very long lines (minified JSON) readable around the column.
        let chars: Vec<char> = text.chars().collect();
        let col = self.column.saturating_sub(1).min(chars.len());
        let from = col.saturating_sub(60);
        let to = (col + 60).min(chars.len());
        let shown: String = chars[from..to].iter().collect();
        let prefix = if from > 0 { "…" } else { "" };
        let pad = col - from + prefix.chars().count();
        format!(
            "{:>5} | {prefix}{shown}\n      | {}^",
            self.line,
            " ".repeat(pad)
        )
    }
}

/// The outcome of validating one document.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub errors: Vec<Diagnostic>,
    pub warnings: Vec<Diagnostic>,
}

impl Report {
    pub fn is_valid(&self) -> bool {
        self.errors.is_empty()
    }

    pub fn push(&mut self, d: Diagnostic) {
        match d.severity {
            Severity::Error => self.errors.push(d),
            Severity::Warning => self.warnings.push(d),
        }
    }

    /// Fills in line and column from the spans, and orders by position.
    pub fn locate(&mut self, source: &str) {
        let index = LineIndex::new(source);
        for d in self.errors.iter_mut().chain(self.warnings.iter_mut()) {
            if !d.span.is_synthetic() || d.line == 0 {
                let (l, c) = index.line_col(source, d.span.start as usize);
                d.line = l;
                d.column = c;
            }
        }
        self.errors.sort_by_key(|d| (d.span.start, d.code.as_str()));
        self.warnings
            .sort_by_key(|d| (d.span.start, d.code.as_str()));
    }

    /// Marks every diagnostic as located in a view or template rather than the file.
    pub fn set_origin(&mut self, origin: Origin) {
        for d in self.errors.iter_mut().chain(self.warnings.iter_mut()) {
            d.origin = Some(origin.clone());
        }
    }

    /// Adds another report's diagnostics.
    pub fn extend(&mut self, other: Report) {
        self.errors.extend(other.errors);
        self.warnings.extend(other.warnings);
    }

    pub fn all(&self) -> impl Iterator<Item = &Diagnostic> {
        self.errors.iter().chain(self.warnings.iter())
    }

    /// Says a problem once per place in the source: see [`merge_repeats`].
    pub fn merge_repeats(&mut self) {
        merge_repeats(&mut self.errors);
        merge_repeats(&mut self.warnings);
    }
}

/// One element of a view draws many components (the body of a `.map`), and the same problem in
/// each of them was said once per row. Diagnostics with the same code and message at the same
/// place in the source become the first of them (its path: the first row), which says how many
/// more components it stands for. Diagnostics without a place in the source are left alone.
pub fn merge_repeats(diags: &mut Vec<Diagnostic>) {
    let mut first: std::collections::HashMap<(u32, u32, Code, String, Option<Origin>), usize> =
        std::collections::HashMap::new();
    let mut more: Vec<usize> = vec![0; diags.len()];
    let mut keep = vec![true; diags.len()];
    for (i, d) in diags.iter().enumerate() {
        if d.span.is_synthetic() {
            continue;
        }
        let key = (
            d.span.start,
            d.span.end,
            d.code,
            d.message.clone(),
            d.origin.clone(),
        );
        match first.get(&key) {
            Some(&at) => {
                // It stands for itself and for any it already stood for.
                more[at] += 1 + d.repeats;
                keep[i] = false;
            }
            None => {
                first.insert(key, i);
            }
        }
    }
    if keep.iter().all(|k| *k) {
        return;
    }
    let mut i = 0;
    diags.retain_mut(|d| {
        let kept = keep[i];
        if kept {
            d.repeats += more[i];
        }
        i += 1;
        kept
    });
}

/// The closest candidate to `word` by edit distance, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let lw = word.to_lowercase();
    let mut best: Option<(&str, usize)> = None;
    for c in candidates {
        let d = levenshtein(&lw, &c.to_lowercase());
        if best.is_none_or(|(_, bd)| d < bd) {
            best = Some((c, d));
        }
    }
    let (c, d) = best?;
    let limit = match word.chars().count() {
        0..=3 => 1,
        4..=6 => 2,
        _ => 3,
    };
    (d <= limit).then_some(c)
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j + 1] + 1).min(cur[j] + 1).min(prev[j] + cost);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions() {
        assert_eq!(did_you_mean("Buton", ["Button", "Badge"]), Some("Button"));
        assert_eq!(did_you_mean("lable", ["label", "value"]), Some("label"));
        assert_eq!(did_you_mean("text", ["Text"]), Some("Text"));
        assert_eq!(did_you_mean("Zebra", ["Button", "Badge"]), None);
    }

    /// A problem without a place in the text (what a template rendered) says its path, never
    /// `0:0`.
    #[test]
    fn a_problem_without_a_place_says_its_path() {
        let mut d = Diagnostic::new(
            Code::InvalidEnum,
            "children[0].size",
            Span::default(),
            "Text.size: \"huge\" is not one of xs, sm",
        );
        d.origin = Some(Origin::Template);
        assert_eq!(
            d.render("t.widget"),
            "t.widget[template] children[0].size: error[invalid-enum]: Text.size: \"huge\" is not one of xs, sm"
        );
        assert_eq!(d.place(), "children[0].size");
        assert!(
            d.placed_message()
                .starts_with("children[0].size: Text.size")
        );
        d.path.clear();
        assert!(d.placed_message().starts_with("Text.size"));
        assert!(
            d.render("t.widget")
                .starts_with("t.widget[template]: error[")
        );
        assert_eq!(d.place(), "");
        (d.line, d.column) = (3, 7);
        assert!(
            d.render("t.widget")
                .starts_with("t.widget[template]:3:7: error[")
        );
        assert_eq!(d.place(), "3:7");
    }

    #[test]
    fn every_code_has_a_distinct_name() {
        let mut names: Vec<_> = Code::ALL.iter().map(|c| c.as_str()).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), Code::ALL.len());
    }
}
