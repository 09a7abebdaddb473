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

/// Why an expression gave no value: where in its text (a character, counted from 1) when it
/// is one place, and what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExpressionError {
    pub at: Option<usize>,
    pub message: String,
}

impl std::fmt::Display for ExpressionError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.at {
            Some(at) => write!(f, "at character {at}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

/// An error of the view's parser or evaluator, said of an expression: located by character,
/// and about "the expression", not "the view".
fn expression_error(source: &str, at: u32, message: &str) -> ExpressionError {
    let at = (at as usize).min(source.len());
    let at = (0..=at)
        .rev()
        .find(|&i| source.is_char_boundary(i))
        .unwrap_or(0);
    let message = message
        .replace("; a view is a single root element", "")
        .replace("the end of the view", "the end of the expression")
        .replace(
            "the view does too much work for the data",
            "the expression does too much work for the state",
        )
        .replace("the view nests", "the expression nests")
        .replace("(the data has:", "(the state has:");
    ExpressionError {
        at: Some(source[..at].chars().count() + 1),
        message,
    }
}

fn not_a_value(what: &str) -> ExpressionError {
    ExpressionError {
        at: None,
        message: format!("it gives {what}, which a JSON state cannot hold"),
    }
}

/// Reads an expression of the view language (`items.reduce((s, it) => s + it.price, 0)`)
/// for a value: a syntax error says where, and a function or a component (which no state can
/// hold) is refused too.
pub fn check_expression(source: &str) -> Result<(), ExpressionError> {
    parse_expression(source).map(drop)
}

fn parse_expression(source: &str) -> Result<ast::Expr, ExpressionError> {
    if source.trim().is_empty() {
        return Err(ExpressionError {
            at: None,
            message: "the expression is empty".into(),
        });
    }
    let expr = parser::parse_expr(source)
        .map_err(|e| expression_error(source, e.span.start, &e.message))?;
    match &expr.kind {
        ast::ExprKind::Arrow { .. } => Err(not_a_value("a function")),
        ast::ExprKind::Element(_) | ast::ExprKind::Fragment(_) => Err(not_a_value("a component")),
        _ => Ok(expr),
    }
}

/// The value of an expression of the view language, evaluated as the preview evaluates a
/// view: `data`'s fields are its variables (as a view reads its state), with `extra` names
/// beside them, shadowing a field of the same name. What handler rules' `compute` steps run.
/// A value JSON cannot hold, anywhere inside it (`undefined` as the whole value, a function,
/// a component, NaN or an infinity), is an error too, so nothing half-made is ever stored;
/// `undefined` inside is left out of an object and null in a list, as `JSON.stringify` does.
pub fn evaluate_expression(
    source: &str,
    data: &serde_json::Value,
    extra: &[(&str, &serde_json::Value)],
    limits: Limits,
) -> Result<serde_json::Value, ExpressionError> {
    use eval::Val;
    let expr = parse_expression(source)?;
    let mut ev = eval::ScopedEval::new(source, data, limits);
    let extra: Vec<(std::rc::Rc<str>, Val<'_>)> = extra
        .iter()
        .map(|(name, v)| (std::rc::Rc::from(*name), eval::from_json(v)))
        .collect();
    let v = ev
        .eval(&expr, &extra)
        .map_err(|d| expression_error(source, d.span.start, &d.message))?;
    // Walked within the steps a copy may take (the same list may be in it many times over);
    // past them the copy below says so.
    fn storable(v: &Val<'_>, top: bool, budget: &mut u64) -> Result<(), ExpressionError> {
        if *budget == 0 {
            return Ok(());
        }
        *budget -= 1;
        match v {
            Val::Undefined if top => Err(not_a_value("undefined")),
            Val::Func(_) => Err(not_a_value("a function")),
            Val::Node(_) => Err(not_a_value("a component")),
            Val::Num(n) if !n.is_finite() => Err(not_a_value(&eval::js_number_to_string(*n))),
            Val::Arr(a) => a.iter().try_for_each(|x| storable(x, false, budget)),
            Val::Obj(m) => m.iter().try_for_each(|(_, x)| storable(x, false, budget)),
            _ => Ok(()),
        }
    }
    storable(&v, true, &mut limits.max_steps.clone())?;
    let node = ev
        .json(&v, expr.span)
        .map_err(|d| expression_error(source, d.span.start, &d.message))?;
    Ok(node.to_serde())
}
