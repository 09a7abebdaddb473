//! Export to A2UI, the open Agent-to-UI protocol: a design and a state become A2UI messages
//! (`createSurface`, `updateComponents`, `updateDataModel`) that an A2UI client draws, with
//! every difference between the two runtimes in a report.
//!
//! Pure: no I/O. The view is read with the evaluator's semantics ([`analyze`]); a prop that is a
//! plain path into the state stays a binding (`{"path": "/title"}`), a template literal over
//! paths becomes `formatString`, a `.map` over a state array becomes a template child list;
//! what A2UI cannot express is computed for the state and reported. [`map`] follows the
//! ChatKit → A2UI mapping of `docs/a2ui.md`; [`v08`] writes the older v0.8 messages.

mod analyze;
mod catalog;
mod map;
mod text;
mod v08;

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::design::{Design, DesignKind};
use crate::diag::{Code, Diagnostic, Origin, Report};
use crate::json::{LineIndex, Span};

pub use catalog::{STUDIO_CATALOG_FILE, STUDIO_CATALOG_ID, studio_catalog};
pub use text::unescape_markdown;

/// The id of A2UI v0.9's basic catalog.
pub const BASIC_CATALOG_ID: &str =
    "https://a2ui.org/specification/v0_9/catalogs/basic/catalog.json";

/// The A2UI protocol version of the messages.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Version {
    /// v0.9: what every current web client consumes (the default).
    #[default]
    #[serde(rename = "v0.9")]
    V0_9,
    /// v0.8: for older Lit clients.
    #[serde(rename = "v0.8")]
    V0_8,
}

impl Version {
    pub const ALL: [Version; 2] = [Version::V0_9, Version::V0_8];

    pub fn as_str(self) -> &'static str {
        match self {
            Version::V0_9 => "v0.9",
            Version::V0_8 => "v0.8",
        }
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Version {
    type Err = String;
    fn from_str(s: &str) -> Result<Version, String> {
        Version::ALL
            .into_iter()
            .find(|v| v.as_str() == s)
            .ok_or_else(|| {
                format!("unknown A2UI version \"{s}\"; expected v0.9 (the default) or v0.8")
            })
    }
}

/// Which catalog the surface uses.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Catalog {
    /// A2UI's basic catalog: every client draws it; Badge and Chart get portable fallbacks.
    #[default]
    Basic,
    /// Our own catalog: the basic components plus Badge and Chart, drawn only by clients that
    /// implement it ([`studio_catalog`] is its JSON Schema document).
    Studio,
}

impl Catalog {
    pub const ALL: [Catalog; 2] = [Catalog::Basic, Catalog::Studio];

    pub fn as_str(self) -> &'static str {
        match self {
            Catalog::Basic => "basic",
            Catalog::Studio => "studio",
        }
    }

    /// The `catalogId` a surface names.
    pub fn id(self) -> &'static str {
        match self {
            Catalog::Basic => BASIC_CATALOG_ID,
            Catalog::Studio => STUDIO_CATALOG_ID,
        }
    }
}

impl fmt::Display for Catalog {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Catalog {
    type Err = String;
    fn from_str(s: &str) -> Result<Catalog, String> {
        Catalog::ALL
            .into_iter()
            .find(|c| c.as_str() == s)
            .ok_or_else(|| {
                format!("unknown A2UI catalog \"{s}\"; expected basic (the default) or studio")
            })
    }
}

/// How to export.
#[derive(Clone, Debug, Default)]
pub struct Options {
    pub version: Version,
    pub catalog: Catalog,
    /// The surface id; by default the design's file name (`flight-options`).
    pub surface_id: Option<String>,
}

impl Options {
    /// Why these options cannot be exported, or `None`: the studio catalog extends v0.9's
    /// basic catalog, and a v0.8 client knows only v0.8's components (it refuses Badge and
    /// Chart).
    pub fn refusal(&self) -> Option<&'static str> {
        (self.version == Version::V0_8 && self.catalog == Catalog::Studio).then_some(
            "the studio catalog is an A2UI v0.9 catalog (it extends v0.9's basic one): for v0.8 export with the basic catalog, or choose v0.9 for the studio catalog",
        )
    }
}

/// What kind of difference a report entry is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LossKind {
    /// How it looks: sizes, colours, spacing, fonts (the basic catalog has no styling).
    Styling,
    /// What it does: actions, validation, components drawn another way.
    Behaviour,
    /// Which values follow later `updateDataModel` messages: a value computed for the state
    /// is exported as it is and will not follow data updates.
    Binding,
}

impl LossKind {
    pub const ALL: [LossKind; 3] = [LossKind::Styling, LossKind::Behaviour, LossKind::Binding];

    pub fn as_str(self) -> &'static str {
        match self {
            LossKind::Styling => "styling",
            LossKind::Behaviour => "behaviour",
            LossKind::Binding => "binding",
        }
    }
}

impl fmt::Display for LossKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One difference between ChatKit and the exported A2UI, in the project's diagnostic form:
/// the node's JSON path in the built widget, the position in the view (or template), and what
/// was lost and why.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Loss {
    pub kind: LossKind,
    /// The node's path in the widget built for the state (`children[0].children[2]`).
    pub path: String,
    pub line: usize,
    pub column: usize,
    /// What line and column refer to (the view, the template).
    #[serde(rename = "in", default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<Origin>,
    pub message: String,
    /// The ChatKit props concerned (`limit`, `onClickAction.loadingBehavior`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub props: Vec<String>,
    /// The A2UI component the entry is about (the one made for the node), when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub component: Option<String>,
    /// The component shows something ChatKit does not show (a label made from a placeholder,
    /// a chart drawn as an image).
    #[serde(default, skip_serializing_if = "is_false")]
    pub added: bool,
    /// How many rows of a list the same entry stands for.
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub count: usize,
    /// The node's bytes in the view (or template) the line and column refer to: what the
    /// editor selects when the entry is clicked.
    #[serde(default, skip_serializing_if = "Span::is_synthetic")]
    pub span: Span,
}

fn is_false(b: &bool) -> bool {
    !*b
}

fn one() -> usize {
    1
}

fn is_one(n: &usize) -> bool {
    *n == 1
}

impl Loss {
    pub(crate) fn new(
        kind: LossKind,
        path: &str,
        span: Span,
        props: &[&str],
        message: String,
    ) -> Loss {
        Loss {
            kind,
            path: path.to_string(),
            line: 0,
            column: 0,
            origin: None,
            message,
            props: props.iter().map(|p| p.to_string()).collect(),
            component: None,
            added: false,
            count: 1,
            span,
        }
    }

    /// `file[view]:line:col: binding: message (path)`
    pub fn render(&self, file: &str) -> String {
        let file = match &self.origin {
            Some(o) => format!("{file}[{o}]"),
            None => file.to_string(),
        };
        let at = if self.path.is_empty() {
            "the root".to_string()
        } else {
            self.path.clone()
        };
        let times = if self.count > 1 {
            format!(", {} rows", self.count)
        } else {
            String::new()
        };
        format!(
            "{file}:{}:{}: {}: {} (at {at}{times})",
            self.line, self.column, self.kind, self.message
        )
    }
}

/// Every difference, grouped by kind (styling, behaviour, binding), each group in view order.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct A2uiReport {
    pub losses: Vec<Loss>,
}

impl A2uiReport {
    /// The entries of one kind.
    pub fn of(&self, kind: LossKind) -> impl Iterator<Item = &Loss> {
        self.losses.iter().filter(move |l| l.kind == kind)
    }

    /// The report as text: one line per entry, grouped by kind.
    pub fn render(&self, file: &str) -> String {
        let mut out = String::new();
        for kind in LossKind::ALL {
            let n = self.of(kind).count();
            if n == 0 {
                continue;
            }
            out.push_str(&format!("{kind} ({n}):\n"));
            for l in self.of(kind) {
                out.push_str("  ");
                out.push_str(&l.render(file));
                out.push('\n');
            }
        }
        out
    }

    /// Merges repeats (one entry per list row) into one with a count, locates every entry in
    /// `source`, and orders by kind, then position.
    fn finish(&mut self, source: &str, origin: Option<Origin>) {
        let mut out: Vec<Loss> = Vec::new();
        for l in self.losses.drain(..) {
            if let Some(prev) = out
                .iter_mut()
                .find(|p| p.kind == l.kind && p.span == l.span && p.message == l.message)
            {
                prev.count += 1;
                continue;
            }
            out.push(l);
        }
        let index = LineIndex::new(source);
        for l in &mut out {
            if !l.span.is_synthetic() {
                let (line, col) = index.line_col(source, l.span.start as usize);
                l.line = line;
                l.column = col;
                l.origin = origin.clone();
            }
        }
        out.sort_by_key(|l| (l.kind, l.span.start, l.span.end));
        self.losses = out;
    }
}

/// The export: the messages, the report, and the catalog document when the export uses ours.
#[derive(Clone, Debug, PartialEq)]
pub struct Export {
    pub messages: Vec<Value>,
    pub report: A2uiReport,
    /// The studio catalog's JSON Schema document (`--catalog studio`), to ship beside the
    /// messages.
    pub catalog: Option<Value>,
}

impl Export {
    /// The messages as a JSON array (pretty).
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(&self.messages).unwrap_or_default()
    }

    /// The messages as JSON Lines, one message a line.
    pub fn to_jsonl(&self) -> String {
        let mut s = String::new();
        for m in &self.messages {
            s.push_str(&m.to_string());
            s.push('\n');
        }
        s
    }
}

/// Exports a design with some data (a state). The design must build for that data; its errors
/// come back located, as `build` reports them.
pub fn export(design: &Design, data: &Value, opts: &Options) -> Result<Export, Report> {
    if let Some(why) = opts.refusal() {
        let mut r = Report::default();
        r.push(Diagnostic::new(
            Code::TemplateExport,
            "",
            Span::default(),
            why,
        ));
        return Err(r);
    }
    let built = design.build(data);
    if !built.report.is_valid() {
        let mut report = built.report;
        report.locate(&design.source);
        return Err(report);
    }
    let Some(widget) = built.widget else {
        let mut r = Report::default();
        r.push(Diagnostic::new(
            Code::TemplateType,
            "",
            Span::default(),
            "the design built no widget for this state",
        ));
        return Err(r);
    };
    let widget = widget.to_serde();
    let mut losses = Vec::new();
    let (root, origin) = match design.kind {
        DesignKind::Jsx => {
            let origin = Some(Origin::View);
            match tree_of_view(design, data, &widget, opts) {
                Ok((root, l)) => {
                    losses = l;
                    (root, origin)
                }
                Err(why) => {
                    losses.push(Loss::new(
                        LossKind::Binding,
                        "",
                        Span::default(),
                        &[],
                        format!(
                            "the view could not be read for A2UI bindings ({why}), so the widget built for this state is exported as literals; no value will follow data updates"
                        ),
                    ));
                    (
                        analyze::literal_tree(
                            &widget,
                            "root".into(),
                            String::new(),
                            Span::default(),
                        ),
                        origin,
                    )
                }
            }
        }
        DesignKind::Json => (
            analyze::literal_tree(&widget, "root".into(), String::new(), Span::default()),
            None,
        ),
        DesignKind::TemplateOnly => {
            losses.push(Loss::new(
                LossKind::Binding,
                "",
                Span::default(),
                &[],
                "this design has only a hand-written Jinja template and no view, so the widget it builds for this state is exported as literals; no value will follow data updates".into(),
            ));
            (
                analyze::literal_tree(&widget, "root".into(), String::new(), Span::default()),
                Some(Origin::Template),
            )
        }
    };
    let surface = opts
        .surface_id
        .clone()
        .unwrap_or_else(|| crate::widgetfile::file_stem(&design.name));
    let mapped = map::map(&root, opts);
    losses.extend(mapped.losses);
    for l in &mut losses {
        if l.component.is_none() {
            l.component = map::component_at(&mapped.ids, &l.path);
        }
    }
    let mut model = match data {
        Value::Object(m) => m.clone(),
        _ => serde_json::Map::new(),
    };
    if let Some(form) = mapped.form {
        model.insert(map::FORM_KEY.into(), form);
    }
    let messages = match opts.version {
        Version::V0_9 => vec![
            json!({"version": "v0.9", "createSurface": {"surfaceId": surface, "catalogId": opts.catalog.id()}}),
            json!({"version": "v0.9", "updateComponents": {"surfaceId": surface, "components": mapped.components}}),
            json!({"version": "v0.9", "updateDataModel": {"surfaceId": surface, "value": Value::Object(model)}}),
        ],
        Version::V0_8 => {
            let (msgs, l) = v08::messages(&surface, &mapped.components, &Value::Object(model));
            losses.extend(l);
            msgs
        }
    };
    let mut report = A2uiReport { losses };
    report.finish(&design.source, origin);
    Ok(Export {
        messages,
        report,
        catalog: (opts.catalog == Catalog::Studio).then(studio_catalog),
    })
}

/// The analysed tree of a JSX design for this data, checked against the widget the preview
/// built: any difference means the analysis went wrong, and the caller exports literals.
fn tree_of_view(
    design: &Design,
    data: &Value,
    widget: &Value,
    opts: &Options,
) -> Result<(analyze::ANode, Vec<Loss>), String> {
    let view = crate::template::View::parse(&design.source).map_err(|r| {
        r.errors
            .first()
            .map(|d| d.message.clone())
            .unwrap_or_default()
    })?;
    let mut an = analyze::Analyzer::new(view.source(), view.ast(), data, opts);
    let root = an.root(view.ast()).map_err(|d| d.message)?;
    if root.project() != *widget {
        return Err("its analysis differs from the preview's widget".into());
    }
    Ok((root, std::mem::take(&mut an.losses)))
}

#[cfg(test)]
mod tests;
