//! Reads a JSX view for one state into a ChatKit-shaped tree whose values remember where they
//! came from: a plain path into the state, a template literal over paths, or a value computed
//! for this state only. `.map` over a state array becomes a template when every row has the
//! same shape; conditions are decided for the state and reported.
//!
//! The walk follows the evaluator's semantics (it asks [`ScopedEval`] for every value it
//! cannot keep symbolic), and its concrete projection is checked against the built widget
//! before anything is exported (see [`super::export_data`]).

use std::collections::HashMap;
use std::rc::Rc;

use serde_json::Value;

use super::map::{Role, role};
use super::{Loss, LossKind, Options};
use crate::diag::Diagnostic;
use crate::json::Span;
use crate::template::ast::*;
use crate::template::eval::{ScopedEval, Val, expr_text, to_node};

/// JSON Pointer segments (unescaped).
pub(crate) type Ptr = Vec<String>;

/// A path into the data model: absolute, or relative to the innermost template's item.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum PathRef {
    Abs(Ptr),
    Rel(Ptr),
}

/// One piece of a template literal kept as `formatString`.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Part {
    Lit(String),
    Path(PathRef),
}

/// A prop's value: the concrete value for the state, and how it follows the data.
#[derive(Clone, Debug)]
pub(crate) enum AVal {
    /// `undefined`: the prop is left out.
    Undef,
    /// A literal (from the view, or computed for this state; the report says which).
    Lit(Value),
    /// A plain path into the state.
    Path(PathRef, Value),
    /// A template literal over paths.
    Format(Vec<Part>, Value),
    /// An object literal whose members are analysed one by one (actions, status…).
    Obj(Vec<(String, AVal)>),
}

impl AVal {
    /// The value the preview computes (`None` for `undefined`).
    pub(crate) fn concrete(&self) -> Option<Value> {
        match self {
            AVal::Undef => None,
            AVal::Lit(v) | AVal::Path(_, v) | AVal::Format(_, v) => Some(v.clone()),
            AVal::Obj(m) => Some(Value::Object(
                m.iter()
                    .filter_map(|(k, v)| v.concrete().map(|c| (k.clone(), c)))
                    .collect(),
            )),
        }
    }

    /// A member of an object value.
    pub(crate) fn get(&self, key: &str) -> Option<AVal> {
        match self {
            AVal::Obj(m) => m
                .iter()
                .rev()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.clone()),
            AVal::Lit(Value::Object(m)) => m.get(key).map(|v| AVal::Lit(v.clone())),
            _ => None,
        }
    }
}

/// One analysed component.
#[derive(Clone, Debug)]
pub(crate) struct ANode {
    pub ty: String,
    /// This node's part of its A2UI id (`text2`, `listviewitem0~NW218`).
    pub seg: String,
    /// The JSON path of the node in the built widget (`children[1].children[0]`).
    pub path: String,
    /// The element's name in the view (for reports); synthetic for JSON designs.
    pub name_span: Span,
    pub props: Vec<AProp>,
    pub children: Option<Vec<AChild>>,
}

impl ANode {
    pub(crate) fn prop(&self, name: &str) -> Option<&AProp> {
        self.props.iter().find(|p| p.name == name)
    }

    /// The concrete value of a prop.
    pub(crate) fn value(&self, name: &str) -> Option<Value> {
        self.prop(name).and_then(|p| p.val.concrete())
    }

    pub(crate) fn str(&self, name: &str) -> Option<String> {
        self.value(name)
            .and_then(|v| v.as_str().map(str::to_string))
    }

    /// The concrete widget JSON this node stands for (what the preview built).
    pub(crate) fn project(&self) -> Value {
        let mut m = serde_json::Map::new();
        m.insert("type".into(), Value::String(self.ty.clone()));
        for p in &self.props {
            if let Some(v) = p.val.concrete() {
                m.insert(p.name.clone(), v);
            }
        }
        if let Some(cs) = &self.children {
            let mut out = Vec::new();
            for c in cs {
                match c {
                    AChild::Node(n) => out.push(n.project()),
                    AChild::Template(t) => out.extend(t.rows.iter().map(ANode::project)),
                }
            }
            m.insert("children".into(), Value::Array(out));
        }
        Value::Object(m)
    }
}

#[derive(Clone, Debug)]
pub(crate) struct AProp {
    pub name: String,
    pub val: AVal,
    /// The attribute in the view (synthetic for JSON designs and spreads).
    pub span: Span,
}

#[derive(Clone, Debug)]
pub(crate) enum AChild {
    Node(ANode),
    /// Rows of a `.map` over a state array, all of one shape: an A2UI template.
    Template(Template),
}

#[derive(Clone, Debug)]
pub(crate) struct Template {
    /// The array, absolute or relative to the enclosing template's item.
    pub path: PathRef,
    /// The row's definition (bindings relative to the item); the first row, or the shape
    /// probed with no item when the array is empty.
    pub body: ANode,
    /// Every row for this state, concrete (for the projection).
    pub rows: Vec<ANode>,
}

/// What a value depends on.
#[derive(Clone, Debug, Default)]
struct Dep {
    /// Reads the state.
    data: bool,
    /// Reads the item of these template levels.
    levels: Vec<usize>,
}

impl Dep {
    fn merge(&mut self, o: &Dep) {
        self.data |= o.data;
        for l in &o.levels {
            if !self.levels.contains(l) {
                self.levels.push(*l);
            }
        }
    }
}

#[derive(Clone, Debug)]
enum Origin {
    /// A path (Rel: relative to the item of template `level`).
    Path(PathRef, usize),
    Dep(Dep),
}

#[derive(Clone)]
struct Var<'a> {
    name: Rc<str>,
    val: Val<'a>,
    origin: Origin,
}

pub(crate) enum AErr {
    Diag(Diagnostic),
    /// An empty array's row shape depends on its (absent) item.
    Probe,
}

impl From<Diagnostic> for AErr {
    fn from(d: Diagnostic) -> AErr {
        AErr::Diag(d)
    }
}

type R<T> = Result<T, AErr>;

pub(crate) struct Analyzer<'a> {
    src: &'a str,
    ev: ScopedEval<'a>,
    data: &'a Value,
    opts: &'a Options,
    env: Vec<Var<'a>>,
    /// Template nesting (0: none).
    level: usize,
    /// Per template level (index level-1): the rows cannot share one definition.
    broken: Vec<bool>,
    /// The template level being probed with no item (an empty array).
    probe: Option<usize>,
    /// Id parts of every element, by its span.
    segs: HashMap<Span, String>,
    /// Static rows: the suffix for the nodes a row's body produces at this element depth.
    suffix: Option<(String, usize)>,
    depth: usize,
    /// The element depth whose `.map` children are exported as explicit rows: the children
    /// of a ListView that has other rows beside a `.map`.
    rows_at: Option<usize>,
    pub losses: Vec<Loss>,
}

/// The id part of every element of a view: `root` for the root, else its type in lower case
/// and its number among the elements of that type its parent can produce, in source order.
pub(crate) fn segments(root: &Expr) -> HashMap<Span, String> {
    let mut out = HashMap::new();
    let mut top = Vec::new();
    slots_expr(root, &mut top);
    for el in top {
        out.insert(el.span, "root".to_string());
        number(el, &mut out);
    }
    out
}

pub(crate) fn type_seg(ty: &str) -> String {
    ty.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

fn number(el: &Element, out: &mut HashMap<Span, String>) {
    let mut found = Vec::new();
    for a in &el.attrs {
        match a {
            Attr::Named {
                value: AttrValue::Expr(x),
                ..
            }
            | Attr::Spread(x) => slots_expr(x, &mut found),
            Attr::Named { .. } => {}
        }
    }
    if let Some(cs) = &el.children {
        slots_children(cs, &mut found);
    }
    let mut counts: HashMap<String, usize> = HashMap::new();
    for child in &found {
        let t = type_seg(&child.name);
        let n = counts.entry(t.clone()).or_default();
        out.insert(child.span, format!("{t}{n}"));
        *n += 1;
    }
    for child in found {
        number(child, out);
    }
}

fn slots_children<'e>(cs: &'e [Child], out: &mut Vec<&'e Element>) {
    for c in cs {
        match c {
            Child::Element(el) => out.push(el),
            Child::Expr(x) => slots_expr(x, out),
            Child::Fragment(cs, _) => slots_children(cs, out),
            Child::Text(..) | Child::Empty => {}
        }
    }
}

fn slots_expr<'e>(e: &'e Expr, out: &mut Vec<&'e Element>) {
    match &e.kind {
        ExprKind::Element(el) => out.push(el),
        ExprKind::Fragment(cs) => slots_children(cs, out),
        _ => e.for_each_sub(|x| slots_expr(x, out)),
    }
}

/// Whether a `.map` is one of the children, beside other children: a ListView's rows then
/// cannot be one A2UI template (an A2UI List takes one template or explicit rows, and a
/// template among other children would be wrapped into a single row).
fn map_beside_others(cs: &[Child]) -> bool {
    fn flat<'e>(cs: &'e [Child], out: &mut Vec<&'e Child>) {
        for c in cs {
            match c {
                Child::Empty | Child::Text(..) => {}
                Child::Fragment(cs, _) => flat(cs, out),
                c => out.push(c),
            }
        }
    }
    let mut items = Vec::new();
    flat(cs, &mut items);
    let is_map = |c: &&Child| {
        matches!(c, Child::Expr(x) if matches!(&x.kind, ExprKind::Call { callee, .. }
            if matches!(&callee.kind, ExprKind::Member { name, .. } if name == "map")))
    };
    items.len() > 1 && items.iter().any(is_map)
}

/// The parent "path" of the view's root: its one node is the root, at "".
const ROOT: &str = "\0";

fn child_path(parent: &str, i: usize) -> String {
    if parent == ROOT {
        String::new()
    } else if parent.is_empty() {
        format!("children[{i}]")
    } else {
        format!("{parent}.children[{i}]")
    }
}

fn join(a: Span, b: Span) -> Span {
    Span {
        start: a.start.min(b.start),
        end: a.end.max(b.end),
    }
}

/// What kind of expression A2UI has no form for, for the report.
fn kind_of(e: &Expr) -> &'static str {
    match &e.kind {
        ExprKind::Cond { .. } => "a condition",
        ExprKind::Logical { .. } => "a logical operator",
        ExprKind::Binary { op, .. } => match op {
            BinaryOp::Add | BinaryOp::Sub | BinaryOp::Mul | BinaryOp::Div | BinaryOp::Rem => {
                "arithmetic"
            }
            _ => "a comparison",
        },
        ExprKind::Unary { .. } => "an operator",
        ExprKind::Call { .. } => "a method call",
        ExprKind::Template { .. } => "a template literal over values formatString cannot print",
        ExprKind::Object(_) | ExprKind::Array(_) => "a computed object",
        ExprKind::Index { .. } => "a computed index",
        ExprKind::Member { name, .. } if name == "length" => "`.length`",
        _ => "an expression",
    }
}

/// Strings, integers, booleans and floats print the same in every formatString
/// implementation (JavaScript's String() and the Python SDK's str()).
fn format_safe(v: &Value) -> bool {
    match v {
        Value::String(_) | Value::Bool(_) => true,
        Value::Number(n) => {
            if n.is_i64() || n.is_u64() {
                return true;
            }
            let f = n.as_f64().unwrap_or(f64::NAN);
            let js = crate::template::eval::js_number_to_string(f);
            f.is_finite() && f.fract() != 0.0 && !js.contains('e')
        }
        _ => false,
    }
}

/// Every segment of a path can sit inside `${…}` of a formatString.
fn format_path_ok(p: &PathRef) -> bool {
    let segs = match p {
        PathRef::Abs(s) | PathRef::Rel(s) => s,
    };
    let ok = |s: &String| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '-' || c == '.')
    };
    segs.iter().all(ok)
        && match p {
            // A relative path that starts with a digit would read as a number.
            PathRef::Rel(s) => s
                .first()
                .is_none_or(|f| !f.starts_with(|c: char| c.is_ascii_digit() || c == '.')),
            PathRef::Abs(_) => true,
        }
}

fn to_value(v: &Val<'_>, span: Span) -> Option<Value> {
    // A value that holds the same list many times over is not copied out in full.
    let mut budget = crate::template::Limits::default().max_steps;
    match v {
        Val::Undefined => None,
        other if !crate::template::eval::size_within(other, &mut budget) => Some(Value::Null),
        other => Some(
            to_node(other, span)
                .map(|n| n.to_serde())
                .unwrap_or(Value::Null),
        ),
    }
}

impl<'a> Analyzer<'a> {
    pub(crate) fn new(
        source: &'a str,
        root: &'a Expr,
        data: &'a Value,
        opts: &'a Options,
    ) -> Analyzer<'a> {
        Analyzer {
            src: source,
            ev: ScopedEval::new(source, data, crate::template::Limits::default()),
            data,
            opts,
            env: Vec::new(),
            level: 0,
            broken: Vec::new(),
            probe: None,
            segs: segments(root),
            suffix: None,
            depth: 0,
            rows_at: None,
            losses: Vec::new(),
        }
    }

    pub(crate) fn root(&mut self, root: &'a Expr) -> Result<ANode, Diagnostic> {
        let mut out = Vec::new();
        let mut count = 0;
        let r = self.child_expr(root, ROOT, &mut out, &mut count);
        match r {
            Err(AErr::Diag(d)) => return Err(d),
            Err(AErr::Probe) => {
                return Err(Diagnostic::new(
                    crate::diag::Code::TemplateType,
                    "",
                    root.span,
                    "the view's root could not be analysed",
                ));
            }
            Ok(()) => {}
        }
        // The root is one component (the build checked); its path is "".
        match out.into_iter().next() {
            Some(AChild::Node(mut n)) => {
                n.seg = "root".into();
                Ok(n)
            }
            _ => Err(Diagnostic::new(
                crate::diag::Code::TemplateType,
                "",
                root.span,
                "a view must produce one root component such as <Card>",
            )),
        }
    }

    fn extra(&self) -> Vec<(Rc<str>, Val<'a>)> {
        self.env
            .iter()
            .map(|v| (v.name.clone(), v.val.clone()))
            .collect()
    }

    fn lookup(&self, name: &str) -> Option<&Var<'a>> {
        self.env.iter().rev().find(|v| &*v.name == name)
    }

    fn is_data(&self, name: &str) -> bool {
        self.data.as_object().is_some_and(|m| m.contains_key(name))
    }

    fn deps(&self, e: &Expr) -> Dep {
        let mut d = Dep::default();
        let mut locals = Vec::new();
        self.deps_in(e, &mut locals, &mut d);
        d
    }

    fn deps_in<'e>(&self, e: &'e Expr, locals: &mut Vec<&'e str>, d: &mut Dep) {
        match &e.kind {
            ExprKind::Ident(n) => {
                if locals.contains(&n.as_str()) {
                    return;
                }
                match self.lookup(n) {
                    Some(v) => match &v.origin {
                        Origin::Path(PathRef::Abs(_), _) => d.data = true,
                        Origin::Path(PathRef::Rel(_), l) => d.merge(&Dep {
                            data: true,
                            levels: vec![*l],
                        }),
                        Origin::Dep(dep) => d.merge(dep),
                    },
                    None => {
                        if self.is_data(n) {
                            d.data = true;
                        }
                    }
                }
            }
            ExprKind::Arrow { params, body } => {
                let n = locals.len();
                locals.extend(params.iter().map(String::as_str));
                self.deps_in(body, locals, d);
                locals.truncate(n);
            }
            ExprKind::Element(el) => self.deps_el(el, locals, d),
            ExprKind::Fragment(cs) => self.deps_children(cs, locals, d),
            ExprKind::Template { exprs, .. } => {
                exprs.iter().for_each(|x| self.deps_in(x, locals, d))
            }
            ExprKind::Member { obj, .. } => self.deps_in(obj, locals, d),
            ExprKind::Index { obj, index, .. } => {
                self.deps_in(obj, locals, d);
                self.deps_in(index, locals, d);
            }
            ExprKind::Call { callee, args, .. } => {
                self.deps_in(callee, locals, d);
                args.iter().for_each(|x| self.deps_in(x, locals, d));
            }
            ExprKind::Array(items) => {
                for i in items {
                    match i {
                        ArrayItem::Item(x) | ArrayItem::Spread(x) => self.deps_in(x, locals, d),
                    }
                }
            }
            ExprKind::Object(items) => {
                for i in items {
                    match i {
                        ObjectItem::Prop { value, .. } => self.deps_in(value, locals, d),
                        ObjectItem::Computed { key, value } => {
                            self.deps_in(key, locals, d);
                            self.deps_in(value, locals, d);
                        }
                        ObjectItem::Spread(x) => self.deps_in(x, locals, d),
                    }
                }
            }
            ExprKind::Unary { expr, .. } => self.deps_in(expr, locals, d),
            ExprKind::Binary { left, right, .. } | ExprKind::Logical { left, right, .. } => {
                self.deps_in(left, locals, d);
                self.deps_in(right, locals, d);
            }
            ExprKind::Cond { test, cons, alt } => {
                self.deps_in(test, locals, d);
                self.deps_in(cons, locals, d);
                self.deps_in(alt, locals, d);
            }
            ExprKind::Undefined
            | ExprKind::Null
            | ExprKind::Bool(_)
            | ExprKind::Num(_)
            | ExprKind::Str(_) => {}
        }
    }

    fn deps_el<'e>(&self, el: &'e Element, locals: &mut Vec<&'e str>, d: &mut Dep) {
        for a in &el.attrs {
            match a {
                Attr::Named {
                    value: AttrValue::Expr(x),
                    ..
                }
                | Attr::Spread(x) => self.deps_in(x, locals, d),
                Attr::Named { .. } => {}
            }
        }
        if let Some(cs) = &el.children {
            self.deps_children(cs, locals, d);
        }
    }

    fn deps_children<'e>(&self, cs: &'e [Child], locals: &mut Vec<&'e str>, d: &mut Dep) {
        for c in cs {
            match c {
                Child::Element(el) => self.deps_el(el, locals, d),
                Child::Expr(x) => self.deps_in(x, locals, d),
                Child::Fragment(cs, _) => self.deps_children(cs, locals, d),
                Child::Text(..) | Child::Empty => {}
            }
        }
    }

    /// The path an expression reads, when it is a plain read of the state (or of a
    /// template's item): `a`, `a.b`, `a[0]`, `a["k"]`, `a?.b`. With its template level.
    fn path_of(&self, e: &Expr) -> Option<(PathRef, usize)> {
        match &e.kind {
            ExprKind::Ident(n) => match self.lookup(n) {
                Some(v) => match &v.origin {
                    Origin::Path(p, l) => Some((p.clone(), *l)),
                    Origin::Dep(_) => None,
                },
                None if self.is_data(n) => Some((PathRef::Abs(vec![n.clone()]), 0)),
                None => None,
            },
            ExprKind::Member { obj, name, .. } => {
                if name == "length" {
                    return None;
                }
                let (p, l) = self.path_of(obj)?;
                Some((push(p, name.clone()), l))
            }
            ExprKind::Index { obj, index, .. } => {
                let seg = match &index.kind {
                    ExprKind::Num(n) if *n >= 0.0 && n.fract() == 0.0 && *n < 1e15 => {
                        format!("{}", *n as u64)
                    }
                    ExprKind::Str(s) if s != "length" => s.clone(),
                    _ => return None,
                };
                let (p, l) = self.path_of(obj)?;
                Some((push(p, seg), l))
            }
            _ => None,
        }
    }

    /// Whether the version has formatString (v0.8 has no functions).
    fn formats(&self) -> bool {
        self.opts.version == super::Version::V0_9
    }

    /// Whether a path can be written at the current template level.
    fn expressible(&self, p: &PathRef, level: usize) -> bool {
        match p {
            PathRef::Abs(_) => true,
            PathRef::Rel(_) => level == self.level,
        }
    }

    fn break_levels(&mut self, d: &Dep) {
        for l in &d.levels {
            if let Some(b) = self.broken.get_mut(l.wrapping_sub(1)) {
                *b = true;
            }
        }
    }

    fn probed(&self, d: &Dep) -> bool {
        self.probe.is_some_and(|p| d.levels.iter().any(|l| *l >= p))
    }

    /// Evaluates for this state (or fails the probe of an empty array's rows).
    fn eval(&mut self, e: &'a Expr, d: &Dep) -> R<Val<'a>> {
        if self.probed(d) {
            self.break_levels(d);
            return Err(AErr::Probe);
        }
        let extra = self.extra();
        Ok(self.ev.eval(e, &extra)?)
    }

    /// The expression as written in the view (shortened).
    fn excerpt(&self, e: &Expr) -> String {
        let t = self
            .src
            .get(e.span.start as usize..e.span.end as usize)
            .unwrap_or("")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        if t.chars().count() > 60 {
            format!("{}…", t.chars().take(59).collect::<String>())
        } else {
            t
        }
    }

    /// `` `expr` (a condition)``
    fn what(&self, e: &Expr) -> String {
        format!("`{}` ({})", self.excerpt(e), kind_of(e))
    }

    fn loss(&mut self, kind: LossKind, path: &str, span: Span, props: &[&str], message: String) {
        self.losses
            .push(Loss::new(kind, path, span, props, message));
    }

    /// A value computed for this state where a binding was wanted.
    fn computed(&mut self, e: &'a Expr, d: &Dep, path: &str, prop: &str) -> R<AVal> {
        let v = self.eval(e, d)?;
        if d.data {
            self.break_levels(d);
            self.loss(
                LossKind::Binding,
                path,
                e.span,
                &[prop],
                format!(
                    "{prop}: {} has no A2UI form, so its value for this state is exported; it will not follow data updates",
                    self.what(e)
                ),
            );
        }
        Ok(match to_value(&v, e.span) {
            None => AVal::Undef,
            Some(v) => AVal::Lit(v),
        })
    }

    /// A path read: its value for this state.
    fn path_val(&mut self, e: &'a Expr, d: &Dep) -> R<AVal> {
        if self.probed(d) {
            return Ok(AVal::Lit(Value::Null));
        }
        let extra = self.extra();
        let v = self.ev.eval(e, &extra)?;
        Ok(match to_value(&v, e.span) {
            None => AVal::Undef,
            Some(v) => AVal::Lit(v),
        })
    }

    /// A decision (a condition) taken for this state.
    fn decide(&mut self, test: &'a Expr, path: &str, prop: Option<&str>) -> R<Val<'a>> {
        let d = self.deps(test);
        let v = self.eval(test, &d)?;
        if d.data {
            self.break_levels(&d);
            let (props, subject): (Vec<&str>, String) = match prop {
                Some(p) => (vec![p], format!("{p}: ")),
                None => (Vec::new(), String::new()),
            };
            self.loss(
                LossKind::Binding,
                path,
                test.span,
                &props,
                format!(
                    "{subject}A2UI has no conditions, so the branch that `{}` takes for this state is exported; it will not follow data updates",
                    self.excerpt(test)
                ),
            );
        }
        Ok(v)
    }

    /// The branch a data-dependent condition took for this state. A2UI has no conditions,
    /// so when the decision depends on the state (already reported by `decide`), the
    /// branch is exported as its value for this state: a binding kept here would show the
    /// data of whichever state is sent later, even where that state takes the other branch.
    /// A decision made from the view alone leaves the branch to be analysed as usual.
    fn branch(&mut self, e: &'a Expr, decided: bool, r: Role, path: &str, prop: &str) -> R<AVal> {
        if !decided {
            return self.value(e, r, path, prop);
        }
        let d = self.deps(e);
        let v = self.eval(e, &d)?;
        Ok(to_value(&v, e.span).map_or(AVal::Undef, AVal::Lit))
    }

    /// A prop's value for its role.
    fn value(&mut self, e: &'a Expr, r: Role, path: &str, prop: &str) -> R<AVal> {
        let d = self.deps(e);
        if !d.data {
            let v = self.eval(e, &d)?;
            return Ok(match to_value(&v, e.span) {
                None => AVal::Undef,
                Some(v) => AVal::Lit(v),
            });
        }
        match r {
            Role::Drop => {
                if self.probed(&d) {
                    return Ok(AVal::Lit(Value::Null));
                }
                let extra = self.extra();
                let v = self.ev.eval(e, &extra)?;
                Ok(to_value(&v, e.span).map_or(AVal::Undef, AVal::Lit))
            }
            Role::Literal => self.computed(e, &d, path, prop),
            Role::Text | Role::Any => self.bindable(e, d, r, path, prop),
            Role::Action | Role::Payload | Role::Status | Role::CardAction => {
                self.structured(e, d, r, path, prop)
            }
        }
    }

    fn bindable(&mut self, e: &'a Expr, d: Dep, r: Role, path: &str, prop: &str) -> R<AVal> {
        if let Some((p, l)) = self.path_of(e)
            && self.expressible(&p, l)
        {
            if self.probed(&d) {
                return Ok(AVal::Path(p, Value::Null));
            }
            let v = self.path_val(e, &d)?;
            let AVal::Lit(v) = v else { return Ok(v) };
            // A string prop bound to a number or boolean prints it through formatString.
            if r == Role::Text && !v.is_string() {
                if format_safe(&v) && format_path_ok(&p) && self.formats() {
                    return Ok(AVal::Format(vec![Part::Path(p)], v));
                }
                return self.computed(e, &d, path, prop);
            }
            return Ok(AVal::Path(p, v));
        }
        match &e.kind {
            ExprKind::Template { quasis, exprs } if self.formats() => {
                let mut parts = Vec::new();
                let mut ok = true;
                for (i, q) in quasis.iter().enumerate() {
                    if !q.is_empty() {
                        parts.push(Part::Lit(q.clone()));
                    }
                    let Some(x) = exprs.get(i) else { continue };
                    let xd = self.deps(x);
                    if !xd.data {
                        let v = self.eval(x, &xd)?;
                        parts.push(Part::Lit(v.to_js_string()));
                        continue;
                    }
                    match self.path_of(x) {
                        Some((p, l)) if self.expressible(&p, l) && format_path_ok(&p) => {
                            let safe = match self.path_val(x, &xd)? {
                                AVal::Lit(v) => self.probed(&xd) || format_safe(&v),
                                _ => false,
                            };
                            if !safe {
                                ok = false;
                                break;
                            }
                            parts.push(Part::Path(p));
                        }
                        _ => {
                            ok = false;
                            break;
                        }
                    }
                }
                if ok {
                    let v = if self.probed(&d) {
                        Value::Null
                    } else {
                        let extra = self.extra();
                        let v = self.ev.eval(e, &extra)?;
                        to_value(&v, e.span).unwrap_or(Value::Null)
                    };
                    return Ok(AVal::Format(parts, v));
                }
                self.computed(e, &d, path, prop)
            }
            ExprKind::Cond { test, cons, alt } => self.cond(test, cons, alt, r, path, prop),
            ExprKind::Logical { op, left, right } => self.logical(*op, left, right, r, path, prop),
            _ => self.computed(e, &d, path, prop),
        }
    }

    /// `test ? cons : alt`: A2UI has no conditions, so the branch the state takes is exported
    /// (`branch` reports it when the decision depends on data).
    fn cond(
        &mut self,
        test: &'a Expr,
        cons: &'a Expr,
        alt: &'a Expr,
        r: Role,
        path: &str,
        prop: &str,
    ) -> R<AVal> {
        let t = self.decide(test, path, Some(prop))?;
        let branch = if t.truthy() { cons } else { alt };
        self.branch(branch, self.deps(test).data, r, path, prop)
    }

    /// `left && right`, `left || right`, `left ?? right`: the side the state takes, as for
    /// [`Self::cond`].
    fn logical(
        &mut self,
        op: LogicalOp,
        left: &'a Expr,
        right: &'a Expr,
        r: Role,
        path: &str,
        prop: &str,
    ) -> R<AVal> {
        let l = self.decide(left, path, Some(prop))?;
        let take_left = match op {
            LogicalOp::And => !l.truthy(),
            LogicalOp::Or => l.truthy(),
            LogicalOp::Nullish => !matches!(l, Val::Undefined | Val::Null),
        };
        let decided = self.deps(left).data;
        self.branch(if take_left { left } else { right }, decided, r, path, prop)
    }

    /// Actions, payloads, statuses: object literals analysed member by member.
    fn structured(&mut self, e: &'a Expr, d: Dep, r: Role, path: &str, prop: &str) -> R<AVal> {
        match &e.kind {
            ExprKind::Object(items)
                if items.iter().all(|i| matches!(i, ObjectItem::Prop { .. })) =>
            {
                let mut out: Vec<(String, AVal)> = Vec::new();
                for it in items {
                    let ObjectItem::Prop { key, value, .. } = it else {
                        continue;
                    };
                    let sub = match (r, key.as_str()) {
                        (Role::Action, "payload") => Role::Payload,
                        (Role::Action, _) => Role::Literal,
                        (Role::Payload, _) => Role::Any,
                        (Role::Status, "text") => Role::Text,
                        (Role::Status, _) => Role::Literal,
                        (Role::CardAction, "label") => Role::Text,
                        (Role::CardAction, "action") => Role::Action,
                        _ => Role::Literal,
                    };
                    let v = self.value(value, sub, path, &format!("{prop}.{key}"))?;
                    if let Some(slot) = out.iter_mut().find(|(k, _)| k == key) {
                        slot.1 = v;
                    } else {
                        out.push((key.clone(), v));
                    }
                }
                Ok(AVal::Obj(out))
            }
            ExprKind::Cond { test, cons, alt } => self.cond(test, cons, alt, r, path, prop),
            ExprKind::Logical { op, left, right } => self.logical(*op, left, right, r, path, prop),
            _ => {
                // A payload read from the state keeps each member as a path.
                if r == Role::Payload
                    && let Some((p, l)) = self.path_of(e)
                    && self.expressible(&p, l)
                {
                    let v = self.path_val(e, &d)?;
                    if let AVal::Lit(Value::Object(m)) = &v {
                        return Ok(AVal::Obj(
                            m.iter()
                                .map(|(k, x)| {
                                    (k.clone(), AVal::Path(push(p.clone(), k.clone()), x.clone()))
                                })
                                .collect(),
                        ));
                    }
                    return Ok(v);
                }
                self.computed(e, &d, path, prop)
            }
        }
    }

    // ---- components ---------------------------------------------------------------

    fn child_expr(
        &mut self,
        x: &'a Expr,
        parent: &str,
        out: &mut Vec<AChild>,
        count: &mut usize,
    ) -> R<()> {
        match &x.kind {
            ExprKind::Element(el) => {
                let n = self.element(el, &child_path(parent, *count))?;
                *count += 1;
                out.push(AChild::Node(n));
            }
            ExprKind::Fragment(cs) => self.children(cs, parent, out, count)?,
            ExprKind::Undefined | ExprKind::Null | ExprKind::Bool(_) => {}
            ExprKind::Cond { test, cons, alt } => {
                let t = self.decide(test, &child_path(parent, *count), None)?;
                self.child_expr(if t.truthy() { cons } else { alt }, parent, out, count)?;
            }
            ExprKind::Logical { op, left, right } => {
                let l = self.decide(left, &child_path(parent, *count), None)?;
                let take_left = match op {
                    LogicalOp::And => !l.truthy(),
                    LogicalOp::Or => l.truthy(),
                    LogicalOp::Nullish => !matches!(l, Val::Undefined | Val::Null),
                };
                if take_left && !matches!(left.kind, ExprKind::Element(_) | ExprKind::Fragment(_)) {
                    // The left side's value is the child (nothing, for `false && …`).
                    self.push_val(&l, parent, out, count);
                } else if take_left {
                    self.child_expr(left, parent, out, count)?;
                } else {
                    self.child_expr(right, parent, out, count)?;
                }
            }
            ExprKind::Array(items) => {
                for it in items {
                    match it {
                        ArrayItem::Item(e) => self.child_expr(e, parent, out, count)?,
                        ArrayItem::Spread(e) => self.computed_children(e, parent, out, count)?,
                    }
                }
            }
            ExprKind::Call {
                callee,
                args,
                optional: false,
            } if matches!(&callee.kind, ExprKind::Member { name, optional: false, .. } if name == "map")
                && matches!(args.first().map(|a| &a.kind), Some(ExprKind::Arrow { .. })) =>
            {
                let ExprKind::Member { obj, .. } = &callee.kind else {
                    unreachable!()
                };
                let Some(ExprKind::Arrow { params, body }) = args.first().map(|a| &a.kind) else {
                    unreachable!()
                };
                self.map_children(x, obj, params, body, parent, out, count)?;
            }
            _ => self.computed_children(x, parent, out, count)?,
        }
        Ok(())
    }

    fn children(
        &mut self,
        cs: &'a [Child],
        parent: &str,
        out: &mut Vec<AChild>,
        count: &mut usize,
    ) -> R<()> {
        for c in cs {
            match c {
                Child::Empty | Child::Text(..) => {}
                Child::Element(el) => {
                    let n = self.element(el, &child_path(parent, *count))?;
                    *count += 1;
                    out.push(AChild::Node(n));
                }
                Child::Fragment(cs, _) => self.children(cs, parent, out, count)?,
                Child::Expr(x) => self.child_expr(x, parent, out, count)?,
            }
        }
        Ok(())
    }

    /// Children computed for this state (a spread, a call): exported as they are.
    fn computed_children(
        &mut self,
        x: &'a Expr,
        parent: &str,
        out: &mut Vec<AChild>,
        count: &mut usize,
    ) -> R<()> {
        let d = self.deps(x);
        let v = self.eval(x, &d)?;
        if d.data {
            self.break_levels(&d);
            self.loss(
                LossKind::Binding,
                &child_path(parent, *count),
                x.span,
                &[],
                format!(
                    "children computed by {} are exported as they are for this state; they will not follow data updates",
                    self.what(x)
                ),
            );
        }
        self.push_val(&v, parent, out, count);
        Ok(())
    }

    fn push_val(&mut self, v: &Val<'a>, parent: &str, out: &mut Vec<AChild>, count: &mut usize) {
        match v {
            Val::Node(n) => {
                let value = n.to_serde();
                let seg = self
                    .segs
                    .get(&n.span)
                    .cloned()
                    .unwrap_or_else(|| type_seg(value["type"].as_str().unwrap_or("node")));
                let seg = self.with_suffix(seg);
                let node = literal_tree(&value, seg, child_path(parent, *count), n.span);
                *count += 1;
                out.push(AChild::Node(node));
            }
            Val::Arr(items) => {
                for it in items.iter() {
                    self.push_val(it, parent, out, count);
                }
            }
            _ => {}
        }
    }

    fn with_suffix(&self, seg: String) -> String {
        match &self.suffix {
            Some((s, d)) if *d == self.depth => format!("{seg}{s}"),
            _ => seg,
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn map_children(
        &mut self,
        call: &'a Expr,
        obj: &'a Expr,
        params: &'a [String],
        body: &'a Expr,
        parent: &str,
        out: &mut Vec<AChild>,
        count: &mut usize,
    ) -> R<()> {
        let arr_dep = self.deps(obj);
        let arr = self.eval(obj, &arr_dep)?;
        let Val::Arr(items) = arr.clone() else {
            // Not an array: the evaluator's own error.
            let d = self.deps(call);
            let v = self.eval(call, &d)?;
            self.push_val(&v, parent, out, count);
            return Ok(());
        };
        let arr_path = self.path_of(obj).filter(|(p, l)| self.expressible(p, *l));
        let beside = self.rows_at == Some(self.depth);
        if let Some((p, l)) = &arr_path
            && !beside
        {
            let saved_losses = self.losses.len();
            let saved_probe = self.probe;
            self.level += 1;
            let level = self.level;
            self.broken.push(false);
            let probing = items.is_empty();
            if probing {
                self.probe = Some(self.probe.unwrap_or(level));
            }
            let mut rows: Vec<ANode> = Vec::new();
            let mut shaped = true;
            let n = if probing { 1 } else { items.len() };
            let mut result: R<()> = Ok(());
            for i in 0..n {
                let item = items.get(i).cloned().unwrap_or(Val::Undefined);
                let vars = [
                    (Origin::Path(PathRef::Rel(Vec::new()), level), item),
                    (
                        Origin::Dep(Dep {
                            data: true,
                            levels: vec![level],
                        }),
                        Val::Num(i as f64),
                    ),
                    (Origin::Path(p.clone(), *l), arr.clone()),
                ];
                let base = self.env.len();
                for (name, (origin, val)) in params.iter().zip(vars) {
                    self.env.push(Var {
                        name: Rc::from(name.as_str()),
                        val,
                        origin,
                    });
                }
                let mut row_out = Vec::new();
                let mut row_count = *count + i;
                let r = self.child_expr(body, parent, &mut row_out, &mut row_count);
                self.env.truncate(base);
                if let Err(e) = r {
                    result = Err(e);
                    break;
                }
                match (row_out.len(), row_out.pop()) {
                    (1, Some(AChild::Node(node))) => rows.push(node),
                    _ => shaped = false,
                }
                if self.broken[level - 1] || !shaped {
                    break;
                }
            }
            let broken = self.broken.pop().unwrap_or(true);
            self.level -= 1;
            self.probe = saved_probe;
            match result {
                Err(AErr::Probe) if probing && saved_probe.is_none() => {}
                Err(e) => return Err(e),
                Ok(()) => {}
            }
            let ok = !broken && shaped && result.is_ok() && !rows.is_empty();
            if ok {
                let body = rows[0].clone();
                let rows = if probing { Vec::new() } else { rows };
                *count += rows.len();
                out.push(AChild::Template(Template {
                    path: p.clone(),
                    body,
                    rows,
                }));
                return Ok(());
            }
            self.losses.truncate(saved_losses);
            if probing {
                self.loss(
                    LossKind::Binding,
                    &child_path(parent, *count),
                    call.span,
                    &[],
                    format!(
                        "`{}` is empty in this state, and its rows depend on the item in ways A2UI cannot express, so no template was exported: rows a later data update adds will not appear",
                        expr_text(obj)
                    ),
                );
                return Ok(());
            }
        }
        // Rows one by one.
        if arr_dep.data {
            self.break_levels(&arr_dep);
            let why = if beside {
                "the list has other rows beside them, and an A2UI List takes either one template or explicit rows, so each row is bound to its item by index"
            } else if arr_path.is_some() {
                "its rows differ in shape (a condition or a computed value depends on the item), so they cannot share one A2UI template"
            } else {
                "the array is not a plain path into the state"
            };
            self.loss(
                LossKind::Binding,
                &child_path(parent, *count),
                call.span,
                &[],
                format!(
                    "the rows of `{}.map(…)` are exported one by one: {why}; rows added or removed by later data updates will not appear",
                    expr_text(obj)
                ),
            );
        }
        for (i, item) in items.iter().enumerate() {
            let origin = match &arr_path {
                Some((PathRef::Abs(p), _)) => {
                    Origin::Path(push(PathRef::Abs(p.clone()), i.to_string()), 0)
                }
                Some((PathRef::Rel(p), l)) => {
                    Origin::Path(push(PathRef::Rel(p.clone()), i.to_string()), *l)
                }
                None => Origin::Dep(arr_dep.clone()),
            };
            let vars = [
                (origin, item.clone()),
                (Origin::Dep(Dep::default()), Val::Num(i as f64)),
                (Origin::Dep(arr_dep.clone()), arr.clone()),
            ];
            let base = self.env.len();
            for (name, (origin, val)) in params.iter().zip(vars) {
                self.env.push(Var {
                    name: Rc::from(name.as_str()),
                    val,
                    origin,
                });
            }
            let saved = self.suffix.replace((format!("~{i}"), self.depth));
            let r = self.child_expr(body, parent, out, count);
            self.suffix = saved;
            self.env.truncate(base);
            r?;
        }
        Ok(())
    }

    fn element(&mut self, el: &'a Element, path: &str) -> R<ANode> {
        self.ev.count_node(el.name_span)?;
        let seg = self
            .segs
            .get(&el.span)
            .cloned()
            .unwrap_or_else(|| type_seg(&el.name));
        let seg = self.with_suffix(seg);
        // An element with a `children` attribute is evaluated as it is.
        let has_children_attr = el.attrs.iter().any(|a| {
            matches!(a, Attr::Named { name, .. } if name == "children")
                || matches!(a, Attr::Spread(_)) && self.spread_has_children(a)
        });
        if has_children_attr {
            let mut d = Dep::default();
            let mut locals = Vec::new();
            self.deps_el(el, &mut locals, &mut d);
            if self.probed(&d) {
                self.break_levels(&d);
                return Err(AErr::Probe);
            }
            let extra = self.extra();
            let node = self.ev.element(el, &extra)?;
            if d.data {
                self.break_levels(&d);
                self.loss(
                    LossKind::Binding,
                    path,
                    el.name_span,
                    &[],
                    format!(
                        "<{}> takes its children from a prop, so it is exported as it is for this state; it will not follow data updates",
                        el.name
                    ),
                );
            }
            return Ok(literal_tree(
                &node.to_serde(),
                seg,
                path.to_string(),
                el.span,
            ));
        }
        let mut props: Vec<AProp> = Vec::new();
        let set = |props: &mut Vec<AProp>, p: AProp| {
            if let Some(slot) = props.iter_mut().find(|x| x.name == p.name) {
                *slot = p;
            } else {
                props.push(p);
            }
        };
        for a in &el.attrs {
            match a {
                Attr::Named {
                    name,
                    name_span,
                    value,
                } => {
                    let (val, span) = match value {
                        AttrValue::True => (AVal::Lit(Value::Bool(true)), *name_span),
                        AttrValue::Str(s, sp) => {
                            (AVal::Lit(Value::String(s.clone())), join(*name_span, *sp))
                        }
                        AttrValue::Expr(x) => {
                            let r = role(&el.name, name, self.opts);
                            let v = self.value(x, r, path, name)?;
                            if matches!(v, AVal::Undef) {
                                continue;
                            }
                            (v, join(*name_span, x.span))
                        }
                    };
                    set(
                        &mut props,
                        AProp {
                            name: name.clone(),
                            val,
                            span,
                        },
                    );
                }
                Attr::Spread(x) => {
                    let d = self.deps(x);
                    let v = self.eval(x, &d)?;
                    let base = self.path_of(x).filter(|(p, l)| self.expressible(p, *l));
                    if let Val::Obj(m) = v {
                        for (k, v) in m.iter() {
                            if matches!(v, Val::Undefined) || k.as_ref() == "type" {
                                continue;
                            }
                            let value = to_value(v, x.span).unwrap_or(Value::Null);
                            let r = role(&el.name, k, self.opts);
                            let val = match (&base, r) {
                                (Some((p, _)), Role::Text | Role::Any) => {
                                    AVal::Path(push(p.clone(), k.to_string()), value)
                                }
                                (_, Role::Drop) => AVal::Lit(value),
                                _ => {
                                    if d.data {
                                        self.break_levels(&d);
                                        self.loss(
                                            LossKind::Binding,
                                            path,
                                            x.span,
                                            &[k],
                                            format!(
                                                "{k}: set by {{...{}}}, so its value for this state is exported; it will not follow data updates",
                                                expr_text(x)
                                            ),
                                        );
                                    }
                                    AVal::Lit(value)
                                }
                            };
                            set(
                                &mut props,
                                AProp {
                                    name: k.to_string(),
                                    val,
                                    span: x.span,
                                },
                            );
                        }
                    }
                }
            }
        }
        let children = match &el.children {
            Some(cs) if cs.iter().any(|c| !matches!(c, Child::Empty)) => {
                let mut out = Vec::new();
                let mut count = 0;
                self.depth += 1;
                let saved_rows = self.rows_at;
                self.rows_at = if el.name == "ListView" && map_beside_others(cs) {
                    Some(self.depth)
                } else {
                    None
                };
                let r = self.children(cs, path, &mut out, &mut count);
                self.rows_at = saved_rows;
                self.depth -= 1;
                r?;
                Some(out)
            }
            _ => None,
        };
        Ok(ANode {
            ty: el.name.clone(),
            seg,
            path: path.to_string(),
            name_span: el.name_span,
            props,
            children,
        })
    }

    fn spread_has_children(&self, a: &Attr) -> bool {
        let Attr::Spread(x) = a else { return false };
        match &x.kind {
            ExprKind::Object(items) => items.iter().any(|i| match i {
                ObjectItem::Prop { key, .. } => key == "children",
                _ => true,
            }),
            _ => {
                // A spread of data: look at its value for this state.
                let extra = self.extra();
                let _ = extra;
                false
            }
        }
    }
}

fn push(p: PathRef, seg: String) -> PathRef {
    match p {
        PathRef::Abs(mut s) => {
            s.push(seg);
            PathRef::Abs(s)
        }
        PathRef::Rel(mut s) => {
            s.push(seg);
            PathRef::Rel(s)
        }
    }
}

/// A built widget (JSON) as an analysed tree of literals: for JSON and template-only designs,
/// and for parts of a view exported as they are.
pub(crate) fn literal_tree(v: &Value, seg: String, path: String, span: Span) -> ANode {
    let ty = v["type"].as_str().unwrap_or("").to_string();
    let mut props = Vec::new();
    let mut children = None;
    if let Some(m) = v.as_object() {
        for (k, x) in m {
            match k.as_str() {
                "type" => {}
                "children" => {
                    let mut out = Vec::new();
                    let mut counts: HashMap<String, usize> = HashMap::new();
                    for (i, c) in x
                        .as_array()
                        .map(Vec::as_slice)
                        .unwrap_or(&[])
                        .iter()
                        .enumerate()
                    {
                        let t = type_seg(c["type"].as_str().unwrap_or("node"));
                        let n = counts.entry(t.clone()).or_default();
                        let s = format!("{t}{n}");
                        *n += 1;
                        out.push(AChild::Node(literal_tree(c, s, child_path(&path, i), span)));
                    }
                    children = Some(out);
                }
                _ => props.push(AProp {
                    name: k.clone(),
                    val: AVal::Lit(x.clone()),
                    span,
                }),
            }
        }
    }
    ANode {
        ty,
        seg,
        path,
        name_span: span,
        props,
        children,
    }
}
