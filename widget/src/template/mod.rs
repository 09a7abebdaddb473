//! The widget template language: JSX views evaluated against data into widget JSON.
//!
//! See `docs/template-language.md` for the dialect. [`build`] parses a view,
//! evaluates it with JavaScript semantics and validates the result; every
//! diagnostic is located in the view (`line:column`).

pub mod ast;
pub mod eval;
pub mod jinja;
pub mod parser;
pub mod render;
pub mod source_map;

use crate::diag::{Code, Diagnostic, Report};
use crate::json::Node;

pub use eval::Limits;
pub use source_map::{NodeSource, SourceMap};

/// A parsed view, ready to evaluate against any number of states.
#[derive(Clone, Debug)]
pub struct View {
    source: String,
    root: std::rc::Rc<ast::Expr>,
}

impl View {
    /// Parses a view; a syntax error is located in the source.
    pub fn parse(source: &str) -> Result<View, Report> {
        match parser::parse_view_shared(source) {
            Ok(root) => Ok(View {
                source: source.to_string(),
                root,
            }),
            Err(e) => {
                let mut report = Report::default();
                report.push(Diagnostic::new(
                    Code::TemplateSyntax,
                    "view",
                    e.span,
                    e.message,
                ));
                report.locate(source);
                Err(report)
            }
        }
    }

    pub fn source(&self) -> &str {
        &self.source
    }

    pub fn ast(&self) -> &ast::Expr {
        &self.root
    }

    /// Evaluates the view with `data` (the state object). Output nodes carry view spans.
    pub fn evaluate(&self, data: &serde_json::Value, limits: Limits) -> Result<Node<'_>, Report> {
        let mut ev = eval::Evaluator::new(&self.source, limits);
        ev.root(&self.root, eval::from_json(data)).map_err(|d| {
            let mut report = Report::default();
            report.push(d);
            report.locate(&self.source);
            report
        })
    }

    /// Compiles the view to a Jinja template for the SDK's `WidgetTemplate`.
    pub fn to_jinja(&self) -> Result<String, Report> {
        jinja::compile(self).map_err(|d| {
            let mut report = Report::default();
            report.push(d);
            report.locate(&self.source);
            report
        })
    }

    /// Evaluates and validates: the widget (when evaluation succeeded) and every problem,
    /// located in the view.
    pub fn build(&self, data: &serde_json::Value) -> Built<'_> {
        self.build_for(data, crate::target::Target::default())
    }

    /// [`View::build`], validating for a target.
    pub fn build_for(&self, data: &serde_json::Value, target: crate::target::Target) -> Built<'_> {
        let built = self.build_unshipped(data, target);
        Built {
            widget: built.widget.map(|w| shipped(w, target)),
            ..built
        }
    }

    /// [`View::build_for`] with the widget as the view built it, nulls included: what the
    /// accessibility lint reads, since its fixes edit the view (a `label={null}` is there).
    pub fn build_unshipped(
        &self,
        data: &serde_json::Value,
        target: crate::target::Target,
    ) -> Built<'_> {
        match self.evaluate(data, Limits::default()) {
            Err(report) => Built {
                widget: None,
                report,
                source_map: SourceMap::default(),
            },
            Ok(widget) => {
                let mut report = crate::validate::validate_node_for(&widget, target);
                report.locate(&self.source);
                report.merge_repeats();
                let source_map = SourceMap::build(&self.source, &self.root, &widget);
                Built {
                    widget: Some(widget),
                    report,
                    source_map,
                }
            }
        }
    }
}

/// The widget as it reaches ChatKit.js through `target`: the Python SDK sends it without
/// nulls ([`Node::drop_nulls`]); JSON sent straight is read as written (and the validator
/// refuses its nulls). Applied after validation and the source map, which read the nulls'
/// places; no component's path moves.
pub fn shipped(mut widget: Node<'_>, target: crate::target::Target) -> Node<'_> {
    if target == crate::target::Target::ChatkitPython {
        widget.drop_nulls();
    }
    widget
}

/// The outcome of building a view with data.
#[derive(Clone, Debug)]
pub struct Built<'v> {
    /// The widget JSON (absent when evaluation failed). It borrows the view's literals.
    pub widget: Option<Node<'v>>,
    /// Evaluation errors, or the widget's validation report, located in the view.
    pub report: Report,
    /// For a JSX view: the element and attributes each output component came from
    /// (empty when evaluation failed, and for JSON and template-only designs).
    pub source_map: SourceMap,
}

impl Built<'_> {
    /// The same result, owning all its text.
    pub fn into_owned(self) -> Built<'static> {
        Built {
            widget: self.widget.map(Node::into_owned),
            report: self.report,
            source_map: self.source_map,
        }
    }
}

/// Parses, evaluates and validates in one call.
pub fn build(view: &str, data: &serde_json::Value) -> Built<'static> {
    build_for(view, data, crate::target::Target::default())
}

/// [`build`], validating for a target.
pub fn build_for(
    view: &str,
    data: &serde_json::Value,
    target: crate::target::Target,
) -> Built<'static> {
    let built = build_unshipped(view, data, target);
    Built {
        widget: built.widget.map(|w| shipped(w, target)),
        ..built
    }
}

/// [`build_for`] with the widget as the view built it ([`View::build_unshipped`]).
pub fn build_unshipped(
    view: &str,
    data: &serde_json::Value,
    target: crate::target::Target,
) -> Built<'static> {
    match View::parse(view) {
        Ok(v) => v.build_unshipped(data, target).into_owned(),
        Err(report) => Built {
            widget: None,
            report,
            source_map: SourceMap::default(),
        },
    }
}
