//! The accessibility lint: what a screen-reader, keyboard or low-vision user would meet in a
//! built widget, as warnings with the usual JSON path and source span, each with a fix (text
//! edits of the source) where one is obvious.
//!
//! Pure: it reads the widget a design builds for one state (a located [`Node`], whose spans
//! point into the JSX view or the widget JSON) and that source text, for the fixes. Warnings
//! never stop a build or an export. The rules (codes in `docs/accessibility.md`):
//!
//! | code | warns about |
//! |---|---|
//! | `a11y-image-alt` | an `Image` without `alt`, or with an `alt` that repeats its file name or says nothing (`Image`, `IMG 2041`) |
//! | `a11y-icon-only` | a `Button` with an icon and no label; an `Icon` with no text beside it |
//! | `a11y-contrast` | text whose colour, as the designer set it (or on a background the designer set), is under 4.5:1 (3:1 for large text) in light or dark, resolved through [`crate::tokens`] |
//! | `a11y-unlabelled-field` | an `Input`, `Select`, `DatePicker` or `Textarea` that no `Label` names; a `Checkbox` without a label; a `RadioGroup` without `ariaLabel` |
//! | `a11y-empty-row` | a clickable `ListViewItem` with no text |
//! | `a11y-form-submit` | a `Form` without `onSubmitAction`, or a form that nothing submits |
//! | `a11y-small-text` | text smaller than [`tokens::MIN_READABLE_PX`] |

use std::collections::BTreeSet;

use crate::diag::{Code, Diagnostic, Edit, Fix, Report};
use crate::json::{Node, Span};
use crate::tokens::{self, Color, Theme};

/// Lints a built widget. `source` is the text its spans point into (the view or the widget
/// JSON), used for fixes; the report is located in it, and holds warnings only.
pub fn lint(widget: &Node<'_>, source: &str) -> Report {
    let mut labels = BTreeSet::new();
    collect_labels(widget, &mut labels, 0);
    let themes: &[Theme] = match widget.get("theme").and_then(Node::as_str) {
        Some("light") => &[Theme::Light],
        Some("dark") => &[Theme::Dark],
        _ => &Theme::ALL,
    };
    let mut l = Linter {
        source,
        report: Report::default(),
        labels,
        themes,
        seen: BTreeSet::new(),
    };
    let surface = Ground {
        colors: [
            tokens::token("surface", Theme::Light),
            tokens::token("surface", Theme::Dark),
        ],
        set_by: None,
    };
    l.node(widget, "", surface, false, 0);
    let mut report = l.report;
    report.locate(source);
    report
}

/// A name as words for people: `first_name` → `First name`, `startDate` → `Start date`.
pub fn humanize(name: &str) -> String {
    let mut words: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut prev_lower = false;
    for c in name.chars() {
        if !c.is_alphanumeric() {
            if !cur.is_empty() {
                words.push(std::mem::take(&mut cur));
            }
            prev_lower = false;
            continue;
        }
        if c.is_uppercase() && prev_lower && !cur.is_empty() {
            words.push(std::mem::take(&mut cur));
        }
        prev_lower = c.is_lowercase() || c.is_ascii_digit();
        cur.push(c);
    }
    if !cur.is_empty() {
        words.push(cur);
    }
    let mut out = String::new();
    for (i, w) in words.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        // Acronyms (URL, ID) stay as written; other words are lower case.
        let acronym = w.chars().count() > 1 && w.chars().all(|c| !c.is_lowercase());
        let w = if acronym { w.clone() } else { w.to_lowercase() };
        if i == 0 {
            let mut cs = w.chars();
            if let Some(f) = cs.next() {
                out.extend(f.to_uppercase());
                out.push_str(cs.as_str());
            }
        } else {
            out.push_str(&w);
        }
    }
    out
}

/// The background text sits on, per theme (`None`: not known, such as a gradient), and the
/// span of the `background` the designer set, if any.
#[derive(Clone, Copy)]
struct Ground {
    colors: [Option<Color>; 2],
    set_by: Option<Span>,
}

fn idx(theme: Theme) -> usize {
    match theme {
        Theme::Light => 0,
        Theme::Dark => 1,
    }
}

struct Linter<'s> {
    source: &'s str,
    report: Report,
    /// Every `Label.fieldName` in the widget.
    labels: BTreeSet<String>,
    themes: &'static [Theme],
    /// (code, span, message) already reported: the rows of a `.map` share their element, and
    /// say the same thing unless their data differs.
    seen: BTreeSet<(&'static str, u32, u32, String)>,
}

const MAX_DEPTH: usize = 256;

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else if key.starts_with('[') {
        format!("{path}{key}")
    } else {
        format!("{path}.{key}")
    }
}

fn str_of<'n>(n: &'n Node<'_>, key: &str) -> Option<&'n str> {
    n.get(key).and_then(Node::as_str)
}

fn truthy(n: &Node<'_>, key: &str) -> bool {
    n.get(key).and_then(crate::validate::lax_bool) == Some(true)
}

/// A colour prop's value in a theme: a string, or the theme's member of `{light, dark}`.
fn themed<'n>(v: &'n Node<'_>, theme: Theme) -> Option<&'n str> {
    v.as_str()
        .or_else(|| v.get(theme.as_str()).and_then(Node::as_str))
}

fn children<'a, 'n>(n: &'a Node<'n>) -> Vec<&'a Node<'n>> {
    match n.get("children") {
        Some(c) if c.is_array() => c.items().iter().filter(|c| c.is_object()).collect(),
        Some(c) if c.is_object() => vec![c],
        _ => Vec::new(),
    }
}

fn collect_labels(n: &Node<'_>, out: &mut BTreeSet<String>, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    if str_of(n, "type") == Some("Label")
        && let Some(f) = str_of(n, "fieldName")
    {
        out.insert(f.to_string());
    }
    for c in children(n) {
        collect_labels(c, out, depth + 1);
    }
}

/// Text a sighted user reads in this subtree: texts, titles, captions, labels, Markdown,
/// badges, and the labels of buttons and checkboxes.
fn visible_text(n: &Node<'_>, depth: usize) -> bool {
    if depth > MAX_DEPTH {
        return false;
    }
    let own = match str_of(n, "type").unwrap_or("") {
        "Text" | "Title" | "Caption" | "Label" | "Markdown" => str_of(n, "value"),
        "Badge" | "Button" | "Checkbox" => str_of(n, "label"),
        _ => None,
    };
    own.is_some_and(|t| !t.trim().is_empty())
        || children(n).into_iter().any(|c| visible_text(c, depth + 1))
}

/// What a node gives the name of the clickable row it sits in. The renderer names the row's
/// control by these parts, in order (`render`'s `row_text`), and the lint checks that a row
/// has one: the two read this one table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowNamePart {
    /// The text of this prop (`value` of a Text, `label` of a Badge, `alt` of an Image); an
    /// editable text gives nothing. Its children are read too.
    Prop {
        prop: &'static str,
        unless_editable: bool,
    },
    /// A control of its own (a button, a field): it and its children give nothing.
    OwnControl,
    /// Nothing of its own; its children are read.
    Children,
}

/// The part a component of type `kind` gives a clickable row's name.
pub fn row_name_part(kind: &str) -> RowNamePart {
    match kind {
        "Text" | "Title" | "Caption" | "Label" | "Markdown" => RowNamePart::Prop {
            prop: "value",
            unless_editable: true,
        },
        "Badge" => RowNamePart::Prop {
            prop: "label",
            unless_editable: false,
        },
        "Image" => RowNamePart::Prop {
            prop: "alt",
            unless_editable: false,
        },
        "Button" | "Input" | "Select" | "DatePicker" | "Textarea" | "Checkbox" | "RadioGroup" => {
            RowNamePart::OwnControl
        }
        _ => RowNamePart::Children,
    }
}

/// Whether a clickable row has something to be named by ([`row_name_part`]).
fn row_has_name(n: &Node<'_>, depth: usize) -> bool {
    if depth > MAX_DEPTH {
        return false;
    }
    let own = match row_name_part(str_of(n, "type").unwrap_or("")) {
        RowNamePart::OwnControl => return false,
        RowNamePart::Prop {
            prop,
            unless_editable,
        } if !(unless_editable && n.get("editable").is_some_and(Node::is_object)) => {
            str_of(n, prop)
        }
        _ => None,
    };
    own.is_some_and(|t| !t.trim().is_empty())
        || children(n).into_iter().any(|c| row_has_name(c, depth + 1))
}

fn has_submit_button(n: &Node<'_>, depth: usize) -> bool {
    if depth > MAX_DEPTH {
        return false;
    }
    (str_of(n, "type") == Some("Button") && truthy(n, "submit"))
        || children(n)
            .into_iter()
            .any(|c| has_submit_button(c, depth + 1))
}

/// Does `alt` merely repeat the image's file name (or look like a file name)?
pub fn repeats_file_name(alt: &str, src: &str) -> bool {
    const EXT: &[&str] = &[
        ".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".avif", ".bmp", ".ico", ".tif", ".tiff",
        ".heic",
    ];
    let a = alt.trim().to_lowercase();
    if a.is_empty() {
        return false;
    }
    if EXT.iter().any(|e| a.ends_with(e)) {
        return true;
    }
    if src.trim_start().to_ascii_lowercase().starts_with("data:") {
        return false;
    }
    let path = src.split(['?', '#']).next().unwrap_or("");
    let file = path.rsplit('/').next().unwrap_or("").to_lowercase();
    if file.is_empty() {
        return false;
    }
    let stem = file.rsplit_once('.').map_or(file.as_str(), |(s, _)| s);
    let words = |s: &str| {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    };
    !stem.is_empty() && (a == file || words(&a) == words(stem))
}

/// Does `alt` say nothing of what the image shows: a word for "image" alone ("Image",
/// "photo"), perhaps numbered, or a camera's or a screenshot's file name without its extension
/// ("IMG 2041", "DSC_0042", "Screenshot 2024-05-01 at 10.02")? (An image inserted from an asset
/// starts with its name as alt, which the lint cannot compare with the `asset:` reference.)
pub fn says_nothing(alt: &str) -> bool {
    const EMPTY_WORDS: &[&str] = &[
        "image",
        "img",
        "picture",
        "pic",
        "photo",
        "photograph",
        "graphic",
        "icon",
        "placeholder",
        "untitled",
        "dsc",
        "dscn",
        "dcim",
        "pxl",
        "screenshot",
        "screen",
        "shot",
        "capture",
        "scan",
        "at",
    ];
    let words: Vec<String> = alt
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    !words.is_empty()
        && words.iter().any(|w| EMPTY_WORDS.contains(&w.as_str()))
        && words
            .iter()
            .all(|w| EMPTY_WORDS.contains(&w.as_str()) || w.chars().all(|c| c.is_ascii_digit()))
}

/// The font weight a text component is drawn with.
fn weight(n: &Node<'_>, ty: &str) -> u16 {
    match str_of(n, "weight") {
        Some("bold") => 700,
        Some("semibold") => 600,
        Some("medium") => 500,
        Some("normal") => 400,
        _ => match ty {
            "Title" => 600,
            "Label" => 500,
            _ => 400,
        },
    }
}

fn json_str(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

/// How the source around a node is written.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Syntax {
    Jsx,
    Json,
}

impl Linter<'_> {
    fn push(&mut self, code: Code, path: String, span: Span, message: String, fix: Option<Fix>) {
        if !span.is_synthetic()
            && !self
                .seen
                .insert((code.as_str(), span.start, span.end, message.clone()))
        {
            return;
        }
        let mut d = Diagnostic::new(code, path, span, message);
        d.fix = fix.map(Box::new);
        self.report.push(d);
    }

    fn syntax(&self, n: &Node<'_>) -> Option<Syntax> {
        if n.span.is_synthetic() || n.span.end as usize > self.source.len() {
            return None;
        }
        match self.source.as_bytes().get(n.span.start as usize) {
            Some(b'<') => Some(Syntax::Jsx),
            Some(b'{') => Some(Syntax::Json),
            _ => None,
        }
    }

    /// The source text of a span, when it is real.
    fn text(&self, span: Span) -> Option<&str> {
        if span.is_synthetic() {
            return None;
        }
        self.source.get(span.start as usize..span.end as usize)
    }

    /// Is this value written as a plain string literal in the source (not an expression)?
    fn literal(&self, v: &Node<'_>) -> bool {
        let Some(t) = self.text(v.span) else {
            return false;
        };
        let Some(s) = v.as_str() else { return false };
        t == json_str(s) || t == format!("\"{s}\"") || t == format!("'{s}'")
    }

    /// A fix that adds `key="value"` to a component (after its type: `<Image alt=""`, or
    /// `"type": "Image", "alt": ""`).
    fn add_prop(&self, n: &Node<'_>, key: &str, value: &str, title: String) -> Option<Fix> {
        let ty = n.get("type")?;
        let at = ty.span;
        let edit = match self.syntax(n)? {
            Syntax::Jsx => {
                if self.text(at)? != ty.as_str()? || value.contains('"') {
                    return None;
                }
                // Not when the element already writes the attribute (an expression that
                // evaluated to nothing).
                let el = self.text(n.span)?;
                let written = el.match_indices(key).any(|(i, _)| {
                    el[..i].ends_with(char::is_whitespace)
                        && el[i + key.len()..].trim_start().starts_with('=')
                });
                if written {
                    return None;
                }
                format!(" {key}=\"{value}\"")
            }
            Syntax::Json => {
                if n.get(key).is_some() || !self.literal(ty) {
                    return None;
                }
                format!(", {}: {}", json_str(key), json_str(value))
            }
        };
        Some(Fix {
            title,
            edits: vec![Edit {
                span: Span::new(at.end as usize, at.end as usize),
                text: edit,
            }],
        })
    }

    /// A fix that adds `<Label value="…" fieldName="name" />` before a field, where the source
    /// lets one stand there (a JSX child position, or an item of a JSON array).
    fn add_label(&self, n: &Node<'_>, name_node: &Node<'_>) -> Option<Fix> {
        let name = name_node.as_str()?;
        if !self.literal(name_node) {
            return None;
        }
        let label = humanize(name);
        let label = if label.is_empty() {
            "Field".to_string()
        } else {
            label
        };
        let start = n.span.start as usize;
        let before = self.source.get(..start)?;
        let prev = before.trim_end().chars().last();
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let lead = &before[line_start..];
        let sep = if lead.trim().is_empty() {
            format!("\n{lead}")
        } else {
            " ".to_string()
        };
        let text = match self.syntax(n)? {
            Syntax::Jsx => {
                if prev != Some('>') || name.contains(['"', '{', '}']) {
                    return None;
                }
                format!("<Label value=\"{label}\" fieldName=\"{name}\" />{sep}")
            }
            Syntax::Json => {
                if !matches!(prev, Some('[' | ',')) {
                    return None;
                }
                format!(
                    "{{\"type\": \"Label\", \"value\": {}, \"fieldName\": {}}},{sep}",
                    json_str(&label),
                    json_str(name)
                )
            }
        };
        Some(Fix {
            title: format!("Add a Label \"{label}\""),
            edits: vec![Edit {
                span: Span::new(start, start),
                text,
            }],
        })
    }

    /// A fix that replaces a literal string value with another (`size="sm"` → `size="md"`).
    fn replace_value(&self, v: &Node<'_>, new: &str, title: String) -> Option<Fix> {
        if !self.literal(v) {
            return None;
        }
        let old = self.text(v.span)?;
        let quote = old.chars().next()?;
        let text = if quote == '\'' {
            format!("'{new}'")
        } else {
            json_str(new)
        };
        Some(Fix {
            title,
            edits: vec![Edit { span: v.span, text }],
        })
    }

    fn anchor(n: &Node<'_>) -> Span {
        n.get("type")
            .map(|t| t.span)
            .filter(|s| !s.is_synthetic())
            .unwrap_or(n.span)
    }

    /// The ground under a node's children: its own background over the parent's.
    fn ground(&self, n: &Node<'_>, ty: &str, parent: Ground) -> Ground {
        if let Some(bg) = n.get("background").filter(|b| !b.is_null()) {
            let mut colors = [None, None];
            for theme in Theme::ALL {
                let under = parent.colors[idx(theme)];
                colors[idx(theme)] = themed(bg, theme)
                    .and_then(|v| tokens::background(v, theme))
                    .and_then(|c| match under {
                        Some(u) => Some(c.over(u)),
                        None => c.is_opaque().then_some(c),
                    });
            }
            return Ground {
                colors,
                set_by: Some(bg.span),
            };
        }
        let default = match ty {
            "Card" | "ListView" => Some("surface"),
            "Table.Row" if truthy(n, "header") => Some("surface-secondary"),
            _ => None,
        };
        match default {
            Some(token) => Ground {
                colors: [
                    tokens::token(token, Theme::Light),
                    tokens::token(token, Theme::Dark),
                ],
                set_by: None,
            },
            None => parent,
        }
    }

    fn node(&mut self, n: &Node<'_>, path: &str, parent: Ground, in_form: bool, depth: usize) {
        if depth > MAX_DEPTH || !n.is_object() {
            return;
        }
        let ty = str_of(n, "type").unwrap_or("");
        let ground = self.ground(n, ty, parent);
        let anchor = Self::anchor(n);
        let mut in_form = in_form;
        match ty {
            "Image" => self.image(n, path, anchor),
            "Button" => {
                let label = str_of(n, "label").map(str::trim).unwrap_or("");
                if label.is_empty() {
                    let icon = str_of(n, "iconStart").or_else(|| str_of(n, "iconEnd"));
                    let message = match icon {
                        Some(i) => format!(
                            "this Button shows only an icon (\"{i}\"): screen readers announce the icon's name, not what the button does; give it a label"
                        ),
                        None => "this Button has no label: screen readers announce an unnamed button; give it a label".to_string(),
                    };
                    self.push(Code::A11yIconOnly, path.to_string(), anchor, message, None);
                }
            }
            "Input" | "Select" | "DatePicker" | "Textarea" => {
                if let Some(name_node) = n.get("name")
                    && let Some(name) = name_node.as_str()
                    && !self.labels.contains(name)
                {
                    let message = format!(
                        "this {ty} (\"{name}\") has no Label: a placeholder is not a label, it disappears as one types; add <Label fieldName=\"{name}\">"
                    );
                    let fix = self.add_label(n, name_node);
                    self.push(
                        Code::A11yUnlabelledField,
                        path.to_string(),
                        anchor,
                        message,
                        fix,
                    );
                }
            }
            "Checkbox" if str_of(n, "label").is_none_or(|l| l.trim().is_empty()) => {
                let name = str_of(n, "name").unwrap_or("");
                let label = humanize(name);
                let fix = (!label.is_empty())
                    .then(|| self.add_prop(n, "label", &label, format!("Add label=\"{label}\"")))
                    .flatten();
                self.push(
                    Code::A11yUnlabelledField,
                    path.to_string(),
                    anchor,
                    format!(
                        "this Checkbox (\"{name}\") has no label: nobody can tell what ticking it means"
                    ),
                    fix,
                );
            }
            "RadioGroup" if str_of(n, "ariaLabel").is_none_or(|l| l.trim().is_empty()) => {
                let name = str_of(n, "name").unwrap_or("");
                let label = humanize(name);
                let fix = (!label.is_empty())
                    .then(|| {
                        self.add_prop(n, "ariaLabel", &label, format!("Add ariaLabel=\"{label}\""))
                    })
                    .flatten();
                self.push(
                    Code::A11yUnlabelledField,
                    path.to_string(),
                    anchor,
                    format!(
                        "this RadioGroup (\"{name}\") has no ariaLabel: screen readers announce its options without the question they answer"
                    ),
                    fix,
                );
            }
            "ListViewItem"
                if n.get("onClickAction").is_some_and(Node::is_object) && !row_has_name(n, 0) =>
            {
                self.push(
                    Code::A11yEmptyRow,
                    path.to_string(),
                    anchor,
                    "this clickable ListViewItem has no text: screen readers announce an unnamed button; add a Text (or an Image with alt)".to_string(),
                    None,
                );
            }
            "Form" if !in_form => {
                in_form = true;
                if n.get("onSubmitAction").is_none_or(Node::is_null) {
                    self.push(
                        Code::A11yFormSubmit,
                        path.to_string(),
                        anchor,
                        "this Form has no onSubmitAction: submitting it sends nothing".to_string(),
                        None,
                    );
                } else if !has_submit_button(n, 0) {
                    self.push(
                        Code::A11yFormSubmit,
                        path.to_string(),
                        anchor,
                        "nothing submits this Form: add a Button with submit, so keyboard and screen-reader users can send it".to_string(),
                        None,
                    );
                }
            }
            "Card" if truthy(n, "asForm") && !in_form => {
                in_form = true;
                let confirm = n.get("confirm").is_some_and(Node::is_object);
                if !confirm && !has_submit_button(n, 0) {
                    self.push(
                        Code::A11yFormSubmit,
                        path.to_string(),
                        anchor,
                        "this Card is a form (asForm) but nothing submits it: add confirm, or a Button with submit".to_string(),
                        None,
                    );
                }
            }
            _ => {}
        }
        if matches!(ty, "Text" | "Title" | "Caption" | "Label" | "Badge") {
            self.small_text(n, ty, path);
        }
        if matches!(ty, "Text" | "Title" | "Caption" | "Label") {
            self.contrast(n, ty, path, ground, anchor);
        }
        if matches!(ty, "Badge" | "Button") {
            self.fill_contrast(n, ty, path, ground, anchor);
        }
        let kids = children(n);
        let single = matches!(n.get("children"), Some(c) if c.is_object());
        for (i, c) in kids.iter().enumerate() {
            let key = if single {
                "children".to_string()
            } else {
                // The index among all children, as the validator counts them.
                let at = n
                    .get("children")
                    .map(|a| {
                        a.items()
                            .iter()
                            .position(|x| std::ptr::eq(x, *c))
                            .unwrap_or(i)
                    })
                    .unwrap_or(i);
                format!("children[{at}]")
            };
            let child_path = join(path, &key);
            if str_of(c, "type") == Some("Icon") {
                let beside = kids
                    .iter()
                    .enumerate()
                    .any(|(j, s)| j != i && visible_text(s, 0));
                if !beside {
                    let name = str_of(c, "name").unwrap_or("");
                    self.push(
                        Code::A11yIconOnly,
                        child_path.clone(),
                        Self::anchor(c),
                        format!(
                            "this Icon (\"{name}\") has no text beside it: if it carries meaning, say it in text too; screen readers only hear \"{}\"",
                            name.rsplit(':').next().unwrap_or(name).replace('-', " ")
                        ),
                        None,
                    );
                }
            }
            self.node(c, &child_path, ground, in_form, depth + 1);
        }
    }

    fn image(&mut self, n: &Node<'_>, path: &str, anchor: Span) {
        match n.get("alt").filter(|a| !a.is_null()) {
            None => {
                let fix = self.add_prop(n, "alt", "", "Add alt=\"\" (decorative)".to_string());
                self.push(
                    Code::A11yImageAlt,
                    path.to_string(),
                    anchor,
                    "this Image has no alt: describe it (alt=\"A red mug\"), or mark it decorative with alt=\"\"".to_string(),
                    fix,
                );
            }
            Some(alt) => {
                let src = str_of(n, "src").unwrap_or("");
                if let Some(a) = alt.as_str() {
                    let why = if repeats_file_name(a, src) {
                        Some("repeats its file name")
                    } else if says_nothing(a) {
                        Some("says nothing about it (a placeholder, or a camera's file name)")
                    } else {
                        None
                    };
                    if let Some(why) = why {
                        self.push(
                            Code::A11yImageAlt,
                            join(path, "alt"),
                            alt.span,
                            format!(
                                "this Image's alt (\"{a}\") {why}: say what the image shows, or use alt=\"\" if it is decorative"
                            ),
                            None,
                        );
                    }
                }
            }
        }
    }

    fn small_text(&mut self, n: &Node<'_>, ty: &str, path: &str) {
        let Some(size) = n.get("size") else { return };
        let Some(s) = size.as_str() else { return };
        let Some(px) = tokens::font_px(ty, Some(s)) else {
            return;
        };
        if px >= tokens::MIN_READABLE_PX {
            return;
        }
        let sizes = match ty {
            "Text" | "Label" => crate::spec::TEXT_SIZE,
            "Title" => crate::spec::TITLE_SIZE,
            _ => crate::spec::CAPTION_SIZE,
        };
        let bigger = sizes
            .iter()
            .find(|x| tokens::font_px(ty, Some(x)).is_some_and(|p| p >= tokens::MIN_READABLE_PX));
        let fix = bigger.and_then(|b| self.replace_value(size, b, format!("Use size=\"{b}\"")));
        self.push(
            Code::A11ySmallText,
            join(path, "size"),
            size.span,
            format!(
                "{ty} size \"{s}\" draws {px}px text, under the {}px this lint takes as the smallest readable size{}",
                tokens::MIN_READABLE_PX,
                bigger.map(|b| format!("; use \"{b}\"")).unwrap_or_default()
            ),
            fix,
        );
    }

    /// A badge's or button's text on a background the designer set: the token colours reach AA
    /// on every surface of ours (tested in `tokens`), not on any colour a design picks.
    fn fill_contrast(&mut self, n: &Node<'_>, ty: &str, path: &str, ground: Ground, anchor: Span) {
        let Some(set_by) = ground.set_by else { return };
        let (colors, variants, default_color, default_variant): (&[&str], &[&str], &str, &str) =
            if ty == "Badge" {
                (
                    crate::spec::BADGE_COLOR,
                    crate::spec::BADGE_VARIANT,
                    "secondary",
                    "soft",
                )
            } else {
                (
                    crate::spec::BUTTON_COLOR,
                    crate::spec::CONTROL_VARIANT,
                    "secondary",
                    "solid",
                )
            };
        let pick = |key: &str, allowed: &[&str], default: &'static str| -> String {
            str_of(n, key)
                .filter(|v| allowed.contains(v))
                .unwrap_or(default)
                .to_string()
        };
        let color = if ty == "Button" {
            str_of(n, "color")
                .or_else(|| str_of(n, "style"))
                .filter(|c| colors.contains(c))
                .unwrap_or(default_color)
                .to_string()
        } else {
            pick("color", colors, "secondary")
        };
        let variant = pick(
            "variant",
            variants,
            if ty == "Badge" {
                "soft"
            } else {
                default_variant
            },
        );
        let mut failing = Vec::new();
        for &theme in self.themes {
            let Some(bg) = ground.colors[idx(theme)] else {
                continue;
            };
            let intent = if ty == "Badge" {
                tokens::badge(&color, theme)
            } else {
                tokens::button(&color, theme)
            };
            let Some(i) = intent else { continue };
            let prose = tokens::token("text-prose", theme).unwrap_or(Color::BLACK);
            let (fg, fill) = match variant.as_str() {
                "solid" => (i.on_solid, i.solid.over(bg)),
                "soft" => (i.text, i.soft.over(bg)),
                "outline" if ty == "Button" => (prose, bg),
                _ => (i.text, bg),
            };
            let ratio = tokens::contrast(fg, fill);
            if ratio < tokens::AA_TEXT {
                failing.push(format!(
                    "{ratio:.2}:1 in {} ({} on {})",
                    theme.as_str(),
                    fg.css(),
                    fill.css()
                ));
            }
        }
        if failing.is_empty() {
            return;
        }
        self.push(
            Code::A11yContrast,
            path.to_string(),
            if set_by.is_synthetic() { anchor } else { set_by },
            format!(
                "{ty} text ({color} {variant}) is hard to read on the background set here: {}; text this size needs {}:1 (WCAG AA); pick another variant or background",
                failing.join(", "),
                tokens::AA_TEXT
            ),
            None,
        );
    }

    fn contrast(&mut self, n: &Node<'_>, ty: &str, path: &str, ground: Ground, anchor: Span) {
        let color = n.get("color").filter(|c| !c.is_null());
        // Default colours on default surfaces are the tokens' (tested in `tokens`).
        if color.is_none() && ground.set_by.is_none() {
            return;
        }
        let default = match ty {
            "Title" => "emphasis",
            "Caption" => "secondary",
            _ => "prose",
        };
        let px = tokens::font_px(ty, str_of(n, "size")).unwrap_or(14.0);
        let large = tokens::is_large_text(px, weight(n, ty));
        let min = if large {
            tokens::AA_LARGE_TEXT
        } else {
            tokens::AA_TEXT
        };
        let mut failing = Vec::new();
        for &theme in self.themes {
            let fg = match color {
                Some(c) => themed(c, theme).and_then(|v| tokens::text_color(v, theme)),
                None => tokens::token(&format!("text-{default}"), theme),
            };
            let (Some(fg), Some(bg)) = (fg, ground.colors[idx(theme)]) else {
                continue;
            };
            let ratio = tokens::contrast(fg, bg);
            if ratio < min {
                failing.push(format!(
                    "{ratio:.2}:1 in {} ({} on {})",
                    theme.as_str(),
                    fg.over(bg).css(),
                    bg.css()
                ));
            }
        }
        if failing.is_empty() {
            return;
        }
        let (where_path, span, what) = match color {
            Some(c) => (join(path, "color"), c.span, "its colour"),
            None => (
                path.to_string(),
                ground.set_by.unwrap_or(anchor),
                "its default colour on the background set here",
            ),
        };
        let size = if large {
            "large text"
        } else {
            "text this size"
        };
        self.push(
            Code::A11yContrast,
            where_path,
            span,
            format!(
                "this {ty} is hard to read with {what}: {}; {size} needs {min}:1 (WCAG AA)",
                failing.join(", ")
            ),
            None,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::template;

    /// Lints widget JSON (spans and fixes point into it).
    fn json(text: &str) -> Report {
        let parsed = crate::json::parse(text, Default::default());
        let root = parsed.root.expect("valid JSON");
        lint(&root, text)
    }

    /// Lints a JSX view built with `data`.
    fn jsx(view: &str, data: serde_json::Value) -> Report {
        let built = template::build(view, &data);
        let widget = built.widget.expect("the view builds");
        lint(&widget, view)
    }

    fn codes(r: &Report) -> Vec<&'static str> {
        r.warnings.iter().map(|d| d.code.as_str()).collect()
    }

    fn only(r: &Report, code: Code) -> Vec<&Diagnostic> {
        r.warnings.iter().filter(|d| d.code == code).collect()
    }

    fn apply(text: &str, d: &Diagnostic) -> String {
        d.fix
            .as_ref()
            .expect("a fix")
            .apply(text)
            .expect("the fix fits")
    }

    #[test]
    fn humanize_names() {
        assert_eq!(humanize("email"), "Email");
        assert_eq!(humanize("first_name"), "First name");
        assert_eq!(humanize("startDate"), "Start date");
        assert_eq!(humanize("homepage-URL"), "Homepage URL");
        assert_eq!(humanize(""), "");
    }

    #[test]
    fn image_alt_missing_or_a_file_name() {
        let view = "<Card>\n  <Image src=\"https://x.example/img/mug-red.png\" />\n</Card>";
        let r = jsx(view, serde_json::json!({}));
        let d = only(&r, Code::A11yImageAlt);
        assert_eq!(d.len(), 1, "{r:?}");
        assert_eq!((d[0].line, d[0].column), (2, 4));
        assert_eq!(d[0].path, "children[0]");
        let fixed = apply(view, d[0]);
        assert!(fixed.contains("<Image alt=\"\" src="), "{fixed}");
        assert!(jsx(&fixed, serde_json::json!({})).warnings.is_empty());
        // An alt that repeats the file name warns (no fix); a real one does not.
        for (alt, warns) in [
            ("mug-red.png", true),
            ("mug red", true),
            ("IMG_0042.JPG", true),
            ("A red mug on a desk", false),
            ("", false),
            // Says nothing, whatever the file is called.
            ("Image", true),
            ("IMG 2041", true),
            ("DSC_0042", true),
            ("Screenshot 2024-05-01 at 10.02.11", true),
            ("photo 3", true),
            ("Logo", false),
            ("Photo of the team at the 2024 offsite", false),
            ("2024", false),
        ] {
            let v = format!(
                "<Card><Image src=\"https://x.example/img/mug-red.png\" alt=\"{alt}\" /></Card>"
            );
            let r = jsx(&v, serde_json::json!({}));
            assert_eq!(
                !only(&r, Code::A11yImageAlt).is_empty(),
                warns,
                "{alt}: {r:?}"
            );
            if warns {
                assert!(r.warnings[0].fix.is_none());
                assert_eq!(r.warnings[0].path, "children[0].alt");
            }
        }
        // Widget JSON gets a JSON edit.
        let text = r#"{"type": "Card", "children": [{"type": "Image", "src": "https://x.example/a.png"}]}"#;
        let r = json(text);
        let fixed = apply(text, &r.warnings[0]);
        assert!(
            fixed.contains(r#"{"type": "Image", "alt": "", "src""#),
            "{fixed}"
        );
        assert!(json(&fixed).warnings.is_empty());
        // The rows of a `.map` share their element: one warning.
        let r = jsx(
            "<ListView>{items.map((i) => <ListViewItem key={i}><Image src=\"https://x.example/a.png\" /><Text value={i} /></ListViewItem>)}</ListView>",
            serde_json::json!({"items": ["a", "b", "c"]}),
        );
        assert_eq!(only(&r, Code::A11yImageAlt).len(), 1, "{r:?}");
    }

    #[test]
    fn icon_only_buttons_and_lonely_icons() {
        let r = jsx(
            "<Card><Row><Button iconStart=\"trash\" /><Button iconStart=\"plus\" label=\"Add\" /></Row></Card>",
            serde_json::json!({}),
        );
        let d = only(&r, Code::A11yIconOnly);
        assert_eq!(d.len(), 1, "{r:?}");
        assert!(d[0].message.contains("trash"));
        assert_eq!(d[0].path, "children[0].children[0]");
        // An Icon alone warns; with text beside it (even nested) it does not.
        let r = jsx(
            "<Card><Row><Icon name=\"star\" /></Row><Row><Icon name=\"check\" /><Col><Text value=\"Done\" /></Col></Row></Card>",
            serde_json::json!({}),
        );
        let d = only(&r, Code::A11yIconOnly);
        assert_eq!(d.len(), 1, "{r:?}");
        assert!(d[0].message.contains("star"));
    }

    #[test]
    fn contrast_below_and_above_aa_in_each_theme() {
        // gray-400 on white is 2.5:1; on the dark surface it is fine.
        let r = jsx(
            "<Card><Text value=\"faint\" color=\"gray-400\" /></Card>",
            serde_json::json!({}),
        );
        let d = only(&r, Code::A11yContrast);
        assert_eq!(d.len(), 1, "{r:?}");
        assert!(d[0].message.contains("in light") && !d[0].message.contains("in dark"));
        assert_eq!(d[0].path, "children[0].color");
        // A {light, dark} pair is checked per theme: gray-700 is fine in light, not in dark.
        let r = jsx(
            "<Card><Text value=\"x\" color={{light: \"gray-700\", dark: \"gray-700\"}} /></Card>",
            serde_json::json!({}),
        );
        let d = only(&r, Code::A11yContrast);
        assert_eq!(d.len(), 1);
        assert!(d[0].message.contains("in dark") && !d[0].message.contains("in light"));
        let r = jsx(
            "<Card><Text value=\"x\" color={{light: \"gray-700\", dark: \"gray-300\"}} /></Card>",
            serde_json::json!({}),
        );
        assert!(only(&r, Code::A11yContrast).is_empty(), "{r:?}");
        // Just under and just over 4.5:1 on white (#767676 is 4.54:1, #777777 4.48:1).
        for (c, warns) in [("#777777", true), ("#767676", false)] {
            let r = jsx(
                &format!("<Card theme=\"light\"><Text value=\"x\" color=\"{c}\" /></Card>"),
                serde_json::json!({}),
            );
            assert_eq!(!only(&r, Code::A11yContrast).is_empty(), warns, "{c}");
        }
        // Large text needs 3:1 only: #949494 is 3.03:1 on white.
        let r = jsx(
            "<Card theme=\"light\"><Title value=\"Big\" size=\"xl\" color=\"#949494\" /><Title value=\"Small\" color=\"#949494\" /></Card>",
            serde_json::json!({}),
        );
        let d = only(&r, Code::A11yContrast);
        assert_eq!(d.len(), 1, "{r:?}");
        assert_eq!(d[0].path, "children[1].color");
        // Default text on a background the designer set: prose on blue-900 fails in light.
        let r = jsx(
            "<Card><Box background=\"blue-900\"><Text value=\"x\" /></Box><Box background={{light: \"blue-50\", dark: \"blue-900\"}}><Text value=\"y\" /></Box></Card>",
            serde_json::json!({}),
        );
        let d = only(&r, Code::A11yContrast);
        assert_eq!(d.len(), 1, "{r:?}");
        assert_eq!(d[0].path, "children[0].children[0]");
        assert!(d[0].message.contains("background"));
        // Rows of a `.map` share the element: reported once per distinct problem.
        let r = jsx(
            "<ListView>{items.map((i) => <ListViewItem key={i}><Text value=\"x\" color={i} /></ListViewItem>)}</ListView>",
            serde_json::json!({"items": ["gray-900", "gray-300", "gray-300"]}),
        );
        let d = only(&r, Code::A11yContrast);
        assert_eq!(d.len(), 2, "{r:?}");
        assert!(d[0].message.contains("in dark") && d[1].message.contains("in light"));
        // Badges and buttons on a background the designer set: the corpus's cat_profile puts a
        // soft warning badge on yellow-900 in dark (3.9:1); a solid one reads.
        let r = jsx(
            "<Card><Box background={{light: \"yellow-50\", dark: \"yellow-900\"}}><Badge label=\"x\" color=\"warning\" /><Badge label=\"y\" color=\"warning\" variant=\"solid\" /></Box><Box background=\"gray-700\"><Button label=\"Go\" variant=\"outline\" /></Box><Badge label=\"z\" color=\"warning\" /></Card>",
            serde_json::json!({}),
        );
        let d = only(&r, Code::A11yContrast);
        assert_eq!(d.len(), 2, "{r:?}");
        assert_eq!(d[0].path, "children[0].children[0]");
        assert!(
            d[0].message.contains("in dark") && !d[0].message.contains("in light"),
            "{}",
            d[0].message
        );
        assert_eq!(d[1].path, "children[1].children[0]");
        assert!(
            d[1].message.contains("in light") && !d[1].message.contains("in dark"),
            "{}",
            d[1].message
        );
        // Alpha text is composited over its ground; gradients are not guessed.
        let r = jsx(
            "<Card><Text value=\"x\" color=\"alpha-30\" /><Box background=\"linear-gradient(red, blue)\"><Text value=\"y\" color=\"gray-100\" /></Box></Card>",
            serde_json::json!({}),
        );
        let d = only(&r, Code::A11yContrast);
        assert_eq!(d.len(), 1, "{r:?}");
        assert_eq!(d[0].path, "children[0].color");
    }

    #[test]
    fn fields_need_a_label() {
        let view = "<Card>\n  <Input name=\"email\" placeholder=\"you@example.com\" />\n  <Label value=\"City\" fieldName=\"city\" />\n  <Select name=\"city\" options={[]} />\n</Card>";
        let r = jsx(view, serde_json::json!({}));
        let d = only(&r, Code::A11yUnlabelledField);
        assert_eq!(d.len(), 1, "{r:?}");
        assert!(d[0].message.contains("email"));
        let fixed = apply(view, d[0]);
        assert!(
            fixed.contains(
                "<Card>\n  <Label value=\"Email\" fieldName=\"email\" />\n  <Input name=\"email\""
            ),
            "{fixed}"
        );
        assert!(
            only(
                &jsx(&fixed, serde_json::json!({})),
                Code::A11yUnlabelledField
            )
            .is_empty()
        );
        // A name from data gets no fix (it would not fit every row).
        let r = jsx(
            "<Card><Textarea name={n} /></Card>",
            serde_json::json!({"n": "notes"}),
        );
        let d = only(&r, Code::A11yUnlabelledField);
        assert_eq!(d.len(), 1);
        assert!(d[0].fix.is_none());
        // Inside an expression a Label cannot be inserted.
        let r = jsx(
            "<Card>{true && <DatePicker name=\"when\" />}</Card>",
            serde_json::json!({}),
        );
        assert!(only(&r, Code::A11yUnlabelledField)[0].fix.is_none());
        // JSON: a Label object before the field.
        let text = "{\"type\": \"Card\", \"children\": [\n  {\"type\": \"Input\", \"name\": \"first_name\"}\n]}";
        let r = json(text);
        let fixed = apply(text, &r.warnings[0]);
        assert!(fixed.contains("[\n  {\"type\": \"Label\", \"value\": \"First name\", \"fieldName\": \"first_name\"},\n  {\"type\": \"Input\""), "{fixed}");
        assert!(json(&fixed).warnings.is_empty(), "{fixed}");
        // A Checkbox without a label, a RadioGroup without ariaLabel: an attribute each.
        let view = "<Card><Checkbox name=\"agree\" /><Checkbox name=\"news\" label=\"News\" /><RadioGroup name=\"size\" /></Card>";
        let r = jsx(view, serde_json::json!({}));
        let d = only(&r, Code::A11yUnlabelledField);
        assert_eq!(d.len(), 2, "{r:?}");
        // The later edit first, so the earlier one's span still holds.
        let fixed = apply(&apply(view, d[1]), d[0]);
        assert!(
            fixed.contains("<Checkbox label=\"Agree\" name=\"agree\" />")
                && fixed.contains("<RadioGroup ariaLabel=\"Size\" name=\"size\" />"),
            "{fixed}"
        );
        assert!(jsx(&fixed, serde_json::json!({})).warnings.is_empty());
    }

    #[test]
    fn clickable_rows_need_text() {
        let r = jsx(
            "<ListView><ListViewItem onClickAction={{type: \"open\"}}><Icon name=\"star\" /><Button label=\"Go\" /></ListViewItem><ListViewItem onClickAction={{type: \"open\"}}><Text value=\"Named\" /></ListViewItem><ListViewItem><Image src=\"https://x.example/a.png\" alt=\"\" /></ListViewItem></ListView>",
            serde_json::json!({}),
        );
        let d = only(&r, Code::A11yEmptyRow);
        assert_eq!(d.len(), 1, "{r:?}");
        assert_eq!(d[0].path, "children[0]");
        // An image's alt names a row.
        let r = jsx(
            "<ListView><ListViewItem onClickAction={{type: \"open\"}}><Image src=\"https://x.example/a.png\" alt=\"Lamp\" /></ListViewItem></ListView>",
            serde_json::json!({}),
        );
        assert!(only(&r, Code::A11yEmptyRow).is_empty());
    }

    #[test]
    fn forms_need_a_submit_action() {
        let cases = [
            (
                "<Card><Form><Input name=\"q\" /><Button label=\"Go\" submit /></Form></Card>",
                true,
            ),
            (
                "<Card><Form onSubmitAction={{type: \"s\"}}><Button label=\"Go\" /></Form></Card>",
                true,
            ),
            (
                "<Card><Form onSubmitAction={{type: \"s\"}}><Button label=\"Go\" submit /></Form></Card>",
                false,
            ),
            ("<Card asForm><Text value=\"x\" /></Card>", true),
            (
                "<Card asForm confirm={{label: \"OK\", action: {type: \"ok\"}}}><Text value=\"x\" /></Card>",
                false,
            ),
            ("<Card><Text value=\"no form\" /></Card>", false),
        ];
        for (view, warns) in cases {
            let r = jsx(view, serde_json::json!({}));
            assert_eq!(
                !only(&r, Code::A11yFormSubmit).is_empty(),
                warns,
                "{view}: {r:?}"
            );
        }
    }

    #[test]
    fn small_text_under_the_readable_size() {
        let view = "<Card><Caption value=\"fine print\" size=\"sm\" /><Caption value=\"ok\" size=\"md\" /><Text value=\"ok\" size=\"xs\" /></Card>";
        let r = jsx(view, serde_json::json!({}));
        let d = only(&r, Code::A11ySmallText);
        assert_eq!(d.len(), 1, "{r:?}");
        assert_eq!(d[0].path, "children[0].size");
        assert!(d[0].message.contains("11px"));
        let fixed = apply(view, d[0]);
        assert!(fixed.contains("<Caption value=\"fine print\" size=\"md\" />"));
        assert!(jsx(&fixed, serde_json::json!({})).warnings.is_empty());
    }

    #[test]
    fn the_widget_theme_limits_the_checked_themes_and_bad_input_is_quiet() {
        let r = jsx(
            "<Card theme=\"dark\"><Text value=\"x\" color=\"gray-400\" /></Card>",
            serde_json::json!({}),
        );
        assert!(only(&r, Code::A11yContrast).is_empty(), "{r:?}");
        // Nothing panics on odd input: no type, wrong types, unknown components.
        for text in [
            "{}",
            "[]",
            "{\"type\": \"Card\", \"children\": [1, \"x\", null, {\"type\": 3}]}",
            "{\"type\": \"Card\", \"children\": {\"type\": \"Image\"}}",
            "{\"type\": \"Card\", \"children\": [{\"type\": \"Text\", \"value\": \"x\", \"color\": {\"light\": 1}, \"size\": 5}]}",
            "{\"type\": \"Card\", \"children\": [{\"type\": \"Input\", \"name\": 1}, {\"type\": \"Image\", \"alt\": 1}]}",
        ] {
            let _ = json(text);
        }
        let r = json(
            "{\"type\": \"Card\", \"children\": {\"type\": \"Image\", \"src\": \"https://a.example/x.png\"}}",
        );
        assert_eq!(codes(&r), ["a11y-image-alt"]);
    }
}
