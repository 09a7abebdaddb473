//! Evaluates a parsed view against data, with JavaScript semantics, into widget JSON.
//!
//! Output nodes carry spans into the *view* source: a prop's value points at its
//! attribute, an element at its tag. Validating the output therefore reports
//! problems at the view's lines and columns.
//!
//! One deliberate difference from JavaScript: reading a property that the data does
//! not have is an error (with the properties it does have and a suggestion), not a
//! silent `undefined`. The SDK renders exported templates with Jinja's
//! `StrictUndefined`, so such a read would fail in production; `?.`, `??` and
//! `typeof` mark reads that may be missing. Work is bounded ([`Limits`]).

use std::borrow::Cow;
use std::rc::Rc;

use super::ast::*;
use crate::diag::{Code, Diagnostic, did_you_mean};
use crate::json::{Member, Node, Number, Span, Value};

/// Bounds on evaluation, so no view can run away.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Most components one evaluation may build.
    pub max_nodes: usize,
    /// Most expression evaluations.
    pub max_steps: u64,
    /// Longest string an expression may build.
    pub max_string: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_nodes: 20_000,
            max_steps: 2_000_000,
            max_string: 1 << 20,
        }
    }
}

/// A JavaScript value.
#[derive(Clone, Debug)]
pub enum Val<'a> {
    Undefined,
    Null,
    Bool(bool),
    Num(f64),
    Str(Rc<str>),
    Arr(Rc<Vec<Val<'a>>>),
    Obj(Rc<Vec<(Rc<str>, Val<'a>)>>),
    Func(Rc<Closure<'a>>),
    /// An evaluated element: widget JSON with view spans.
    Node(Rc<Node<'a>>),
}

#[derive(Debug)]
pub struct Closure<'a> {
    params: &'a [String],
    body: &'a Expr,
    env: Rc<Scope<'a>>,
}

#[derive(Debug)]
struct Scope<'a> {
    vars: Vec<(Rc<str>, Val<'a>)>,
    parent: Option<Rc<Scope<'a>>>,
}

impl<'a> Scope<'a> {
    fn lookup(&self, name: &str) -> Option<&Val<'a>> {
        match self.vars.iter().rev().find(|(n, _)| n.as_ref() == name) {
            Some((_, v)) => Some(v),
            None => self.parent.as_ref().and_then(|p| p.lookup(name)),
        }
    }
}

/// Converts JSON data into a JavaScript value.
pub fn from_json<'a>(v: &serde_json::Value) -> Val<'a> {
    match v {
        serde_json::Value::Null => Val::Null,
        serde_json::Value::Bool(b) => Val::Bool(*b),
        serde_json::Value::Number(n) => Val::Num(n.as_f64().unwrap_or(f64::NAN)),
        serde_json::Value::String(s) => Val::Str(Rc::from(s.as_str())),
        serde_json::Value::Array(a) => Val::Arr(Rc::new(a.iter().map(from_json).collect())),
        serde_json::Value::Object(m) => Val::Obj(Rc::new(
            m.iter()
                .map(|(k, v)| (Rc::from(k.as_str()), from_json(v)))
                .collect(),
        )),
    }
}

/// JavaScript's `Number.prototype.toString()` for finite and special values.
pub fn js_number_to_string(f: f64) -> String {
    if f.is_nan() {
        return "NaN".into();
    }
    if f.is_infinite() {
        return if f > 0.0 {
            "Infinity".into()
        } else {
            "-Infinity".into()
        };
    }
    if f == 0.0 {
        return "0".into();
    }
    let neg = f < 0.0;
    // The number of shortest round-trip digits, then those digits rounded from the exact
    // value (half to even): when two shortest candidates are equally close, JavaScript takes
    // the even one (1666666666666668.25 prints as …68.2), which `{:e}` alone does not.
    let shortest = format!("{:e}", f.abs());
    let k = shortest.split_once('e').map_or(shortest.len(), |(m, _)| {
        m.chars().filter(|c| c.is_ascii_digit()).count()
    });
    let sci = format!("{:.*e}", k.saturating_sub(1), f.abs());
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    let e: i32 = exp.parse().unwrap_or(0);
    let k = digits.len() as i32;
    let n = e + 1;
    let body = if k <= n && n <= 21 {
        format!("{digits}{}", "0".repeat((n - k) as usize))
    } else if 0 < n && n <= 21 {
        format!("{}.{}", &digits[..n as usize], &digits[n as usize..])
    } else if -6 < n && n <= 0 {
        format!("0.{}{digits}", "0".repeat((-n) as usize))
    } else {
        let sign = if n > 0 { "+" } else { "-" };
        let exp = (n - 1).abs();
        if k == 1 {
            format!("{digits}e{sign}{exp}")
        } else {
            format!("{}.{}e{sign}{exp}", &digits[..1], &digits[1..])
        }
    };
    if neg { format!("-{body}") } else { body }
}

/// The JSON text of a number as `JSON.stringify` writes it (`null` for NaN and infinities).
fn json_number(f: f64) -> Value<'static> {
    if !f.is_finite() {
        return Value::Null;
    }
    // Fast path for integers (most widget numbers): no float formatting.
    if f.fract() == 0.0 && f.abs() < 1e15 {
        let i = f as i64;
        if (0..SMALL_INTS).contains(&i) {
            return Value::Number(Number::from_raw(Cow::Borrowed(small_int(i as usize))));
        }
        return Value::Number(Number::from_raw(i.to_string()));
    }
    Value::Number(Number::from_raw(js_number_to_string(f)))
}

const SMALL_INTS: i64 = 1024;

/// "0" … "1023" without allocating.
fn small_int(i: usize) -> &'static str {
    static TABLE: std::sync::LazyLock<Vec<String>> =
        std::sync::LazyLock::new(|| (0..SMALL_INTS).map(|i| i.to_string()).collect());
    &TABLE[i]
}

pub(crate) struct Evaluator<'a> {
    limits: Limits,
    steps: u64,
    nodes: usize,
    _src: &'a str,
}

type EResult<T> = Result<T, Diagnostic>;

fn err(code: Code, span: Span, message: impl Into<String>) -> Diagnostic {
    Diagnostic::new(code, "view", span, message)
}

impl<'a> Val<'a> {
    pub fn truthy(&self) -> bool {
        match self {
            Val::Undefined | Val::Null => false,
            Val::Bool(b) => *b,
            Val::Num(n) => *n != 0.0 && !n.is_nan(),
            Val::Str(s) => !s.is_empty(),
            _ => true,
        }
    }

    pub fn type_name(&self) -> &'static str {
        match self {
            Val::Undefined => "undefined",
            Val::Null => "null",
            Val::Bool(_) => "a boolean",
            Val::Num(_) => "a number",
            Val::Str(_) => "a string",
            Val::Arr(_) => "an array",
            Val::Obj(_) => "an object",
            Val::Func(_) => "a function",
            Val::Node(_) => "a component",
        }
    }

    fn typeof_str(&self) -> &'static str {
        match self {
            Val::Undefined => "undefined",
            Val::Null | Val::Arr(_) | Val::Obj(_) | Val::Node(_) => "object",
            Val::Bool(_) => "boolean",
            Val::Num(_) => "number",
            Val::Str(_) => "string",
            Val::Func(_) => "function",
        }
    }

    pub fn to_js_string(&self) -> String {
        match self {
            Val::Undefined => "undefined".into(),
            Val::Null => "null".into(),
            Val::Bool(b) => b.to_string(),
            Val::Num(n) => js_number_to_string(*n),
            Val::Str(s) => s.to_string(),
            Val::Arr(a) => a
                .iter()
                .map(|v| match v {
                    Val::Undefined | Val::Null => String::new(),
                    v => v.to_js_string(),
                })
                .collect::<Vec<_>>()
                .join(","),
            Val::Obj(_) | Val::Node(_) => "[object Object]".into(),
            Val::Func(_) => "function".into(),
        }
    }

    pub fn to_number(&self) -> f64 {
        match self {
            Val::Undefined => f64::NAN,
            Val::Null => 0.0,
            Val::Bool(b) => f64::from(u8::from(*b)),
            Val::Num(n) => *n,
            Val::Str(s) => {
                let t = s.trim();
                if t.is_empty() {
                    0.0
                } else if let Some(h) = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
                    u64::from_str_radix(h, 16).map_or(f64::NAN, |v| v as f64)
                } else if t == "Infinity" || t == "+Infinity" {
                    f64::INFINITY
                } else if t == "-Infinity" {
                    f64::NEG_INFINITY
                } else if t
                    .bytes()
                    .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-'))
                {
                    t.parse().unwrap_or(f64::NAN)
                } else {
                    f64::NAN
                }
            }
            Val::Arr(a) if a.is_empty() => 0.0,
            Val::Arr(a) if a.len() == 1 => a[0].to_number(),
            _ => f64::NAN,
        }
    }

    /// Names of an object's properties, for messages.
    fn keys(&self) -> Vec<String> {
        match self {
            Val::Obj(m) => m.iter().map(|(k, _)| k.to_string()).collect(),
            Val::Node(n) => n.members().iter().map(|m| m.key.to_string()).collect(),
            _ => Vec::new(),
        }
    }
}

fn strict_eq(a: &Val<'_>, b: &Val<'_>) -> bool {
    match (a, b) {
        (Val::Undefined, Val::Undefined) | (Val::Null, Val::Null) => true,
        (Val::Bool(x), Val::Bool(y)) => x == y,
        (Val::Num(x), Val::Num(y)) => x == y,
        (Val::Str(x), Val::Str(y)) => x == y,
        (Val::Arr(x), Val::Arr(y)) => Rc::ptr_eq(x, y),
        (Val::Obj(x), Val::Obj(y)) => Rc::ptr_eq(x, y),
        (Val::Node(x), Val::Node(y)) => Rc::ptr_eq(x, y),
        (Val::Func(x), Val::Func(y)) => Rc::ptr_eq(x, y),
        _ => false,
    }
}

/// Writes `String(v)` to `out`, stopping (false) once it is longer than `cap` bytes.
fn write_text(v: &Val<'_>, cap: usize, out: &mut String) -> bool {
    match v {
        Val::Arr(a) => {
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                if !matches!(x, Val::Undefined | Val::Null) && !write_text(x, cap, out) {
                    return false;
                }
                if out.len() > cap {
                    return false;
                }
            }
            true
        }
        other => {
            out.push_str(&other.to_js_string());
            out.len() <= cap
        }
    }
}

/// Takes one value's cost from `budget` (a string's by its length too, one per 64 bytes); false
/// when less is left.
fn pay(budget: &mut u64, text_len: Option<usize>) -> bool {
    let cost = 1 + text_len.map_or(0, |n| n as u64 / 64);
    if *budget < cost {
        return false;
    }
    *budget -= cost;
    true
}

/// Counts what a full copy of `v` holds against `budget` ([`pay`] for each value); false,
/// having stopped, when it holds more.
pub(crate) fn size_within(v: &Val<'_>, budget: &mut u64) -> bool {
    let text_len = match v {
        Val::Str(s) => Some(s.len()),
        _ => None,
    };
    pay(budget, text_len)
        && match v {
            Val::Arr(a) => a.iter().all(|x| size_within(x, budget)),
            Val::Obj(m) => m.iter().all(|(_, x)| size_within(x, budget)),
            Val::Node(n) => node_size_within(&n.value, budget),
            _ => true,
        }
}

fn node_size_within(v: &Value<'_>, budget: &mut u64) -> bool {
    let text_len = match v {
        Value::String(s) => Some(s.len()),
        _ => None,
    };
    pay(budget, text_len)
        && match v {
            Value::Array(a) => a.iter().all(|x| node_size_within(&x.value, budget)),
            Value::Object(m) => m.iter().all(|x| node_size_within(&x.value.value, budget)),
            _ => true,
        }
}

fn loose_eq(a: &Val<'_>, b: &Val<'_>) -> bool {
    let object = |v: &Val<'_>| matches!(v, Val::Arr(_) | Val::Obj(_) | Val::Node(_));
    let primitive = |v: &Val<'_>| matches!(v, Val::Str(_) | Val::Num(_) | Val::Bool(_));
    match (a, b) {
        (Val::Undefined | Val::Null, Val::Undefined | Val::Null) => true,
        (Val::Undefined | Val::Null, _) | (_, Val::Undefined | Val::Null) => false,
        // An array or object against a primitive is compared as its string (ToPrimitive):
        // `["0"] == 0` and `[] == ""` are true.
        _ if object(a) && primitive(b) => loose_eq(&Val::Str(Rc::from(a.to_js_string())), b),
        _ if primitive(a) && object(b) => loose_eq(a, &Val::Str(Rc::from(b.to_js_string()))),
        (Val::Num(_), Val::Str(_))
        | (Val::Str(_), Val::Num(_))
        | (Val::Bool(_), _)
        | (_, Val::Bool(_))
            if !matches!((a, b), (Val::Bool(_), Val::Bool(_))) =>
        {
            let (x, y) = (a.to_number(), b.to_number());
            x == y
        }
        _ => strict_eq(a, b),
    }
}

impl<'a> Evaluator<'a> {
    pub(crate) fn new(src: &'a str, limits: Limits) -> Self {
        Evaluator {
            limits,
            steps: 0,
            nodes: 0,
            _src: src,
        }
    }

    fn step(&mut self, span: Span) -> EResult<()> {
        self.steps += 1;
        if self.steps > self.limits.max_steps {
            return Err(err(
                Code::TemplateLimit,
                span,
                format!(
                    "evaluation stopped after {} steps; the view does too much work for the data (nested .map over large arrays?)",
                    self.limits.max_steps
                ),
            ));
        }
        Ok(())
    }

    /// Counts `n` steps at once: the items a spread, a `.slice` or a `.flat` copies, so that
    /// building a value doubles nothing for free (`.reduce((a) => [...a, ...a], [0])`).
    fn charge(&mut self, n: usize, span: Span) -> EResult<()> {
        self.steps = self.steps.saturating_add(n as u64);
        if self.steps > self.limits.max_steps {
            // The same error as one step too many.
            self.steps = self.limits.max_steps;
            return self.step(span);
        }
        Ok(())
    }

    /// Pays, before it is made, for a copy of `v` that walks all of it (its text, its JSON, its
    /// items flattened): the values it holds, counted as often as they are reached (an array
    /// may hold the same array twice, `[a, a]`, at no cost, and a copy of that is twice as
    /// long), and long strings by their length. A value larger than the steps left stops the view
    /// as one step too many would, having walked no further than those steps.
    fn afford(&mut self, v: &Val<'a>, span: Span) -> EResult<()> {
        let left = self.limits.max_steps.saturating_sub(self.steps);
        let mut budget = left;
        if size_within(v, &mut budget) {
            self.charge((left - budget) as usize, span)
        } else {
            self.charge(left as usize + 1, span)
        }
    }

    /// `v` as JavaScript's `String(v)`, paid for ([`Self::afford`]) when it is an array, and
    /// no longer than the longest string a view may build.
    fn text(&mut self, v: &Val<'a>, span: Span) -> EResult<String> {
        if let Val::Arr(_) = v {
            self.afford(v, span)?;
            let mut out = String::new();
            write_text(v, self.limits.max_string, &mut out);
            if out.len() > self.limits.max_string {
                return Err(self.too_long(span));
            }
            return Ok(out);
        }
        Ok(v.to_js_string())
    }

    /// `v` as widget JSON (or why it cannot be), paid for when a copy is made of what it holds.
    fn json(&mut self, v: &Val<'a>, span: Span) -> EResult<Result<Node<'a>, String>> {
        if matches!(v, Val::Arr(_) | Val::Obj(_) | Val::Node(_)) {
            self.afford(v, span)?;
        }
        Ok(to_node(v, span))
    }

    /// A string that was stopped as it grew past the limit.
    fn too_long(&self, span: Span) -> Diagnostic {
        err(
            Code::TemplateLimit,
            span,
            format!(
                "the string would be longer than the limit of {} bytes",
                self.limits.max_string
            ),
        )
    }

    fn check_string(&self, s: String, span: Span) -> EResult<Val<'a>> {
        if s.len() > self.limits.max_string {
            return Err(err(
                Code::TemplateLimit,
                span,
                format!(
                    "a string of {} bytes is longer than the limit of {} bytes",
                    s.len(),
                    self.limits.max_string
                ),
            ));
        }
        Ok(Val::Str(Rc::from(s)))
    }

    /// Evaluates the root of a view: it must be one component.
    pub(crate) fn root(&mut self, e: &'a Expr, data: Val<'a>) -> EResult<Node<'a>> {
        let vars = match &data {
            Val::Obj(m) => m.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
            _ => Vec::new(),
        };
        let scope = Rc::new(Scope { vars, parent: None });
        match self.eval(e, &scope)? {
            Val::Node(n) => Ok(Rc::try_unwrap(n).unwrap_or_else(|rc| (*rc).clone())),
            other => Err(err(
                Code::TemplateType,
                e.span,
                format!(
                    "a view must produce one root component such as <Card>, found {}",
                    other.type_name()
                ),
            )),
        }
    }

    fn eval(&mut self, e: &'a Expr, scope: &Rc<Scope<'a>>) -> EResult<Val<'a>> {
        self.eval_mode(e, scope, false)
    }

    /// `lenient`: a missing property reads as `undefined` (under `?.`, `??`, `typeof`).
    fn eval_mode(&mut self, e: &'a Expr, scope: &Rc<Scope<'a>>, lenient: bool) -> EResult<Val<'a>> {
        self.step(e.span)?;
        Ok(match &e.kind {
            ExprKind::Undefined => Val::Undefined,
            ExprKind::Null => Val::Null,
            ExprKind::Bool(b) => Val::Bool(*b),
            ExprKind::Num(n) => Val::Num(*n),
            ExprKind::Str(s) => Val::Str(Rc::from(s.as_str())),
            ExprKind::Template { quasis, exprs } => {
                let mut out = String::new();
                for (i, q) in quasis.iter().enumerate() {
                    out.push_str(q);
                    if let Some(x) = exprs.get(i) {
                        let v = self.eval(x, scope)?;
                        out.push_str(&self.text(&v, x.span)?);
                        if out.len() > self.limits.max_string {
                            return Err(self.too_long(e.span));
                        }
                    }
                }
                self.check_string(out, e.span)?
            }
            ExprKind::Ident(name) => match scope.lookup(name) {
                Some(v) => v.clone(),
                None if lenient => Val::Undefined,
                None => {
                    let mut names: Vec<&str> = Vec::new();
                    let mut s = Some(scope.as_ref());
                    while let Some(sc) = s {
                        names.extend(sc.vars.iter().map(|(n, _)| n.as_ref()));
                        s = sc.parent.as_deref();
                    }
                    names.sort();
                    names.dedup();
                    let hint = did_you_mean(name, names.iter().copied())
                        .map(|h| format!(" — did you mean {h}?"))
                        .unwrap_or_default();
                    return Err(err(
                        Code::TemplateUndefined,
                        e.span,
                        format!(
                            "{name} is not defined (the data has: {}){hint}",
                            if names.is_empty() {
                                "nothing".to_string()
                            } else {
                                names.join(", ")
                            }
                        ),
                    ));
                }
            },
            ExprKind::Member {
                obj,
                name,
                optional,
            } => {
                let o = self.eval_mode(obj, scope, lenient)?;
                self.member(o, name, obj, e.span, *optional || lenient, *optional)?
            }
            ExprKind::Index {
                obj,
                index,
                optional,
            } => {
                let o = self.eval_mode(obj, scope, lenient)?;
                if *optional && matches!(o, Val::Undefined | Val::Null) {
                    return Ok(Val::Undefined);
                }
                let i = self.eval(index, scope)?;
                self.index(o, i, obj, e.span, *optional || lenient)?
            }
            ExprKind::Call {
                callee,
                args,
                optional,
            } => self.call(callee, args, *optional, e.span, scope)?,
            ExprKind::Array(items) => {
                let mut out = Vec::new();
                for it in items {
                    match it {
                        ArrayItem::Item(x) => out.push(self.eval(x, scope)?),
                        ArrayItem::Spread(x) => match self.eval(x, scope)? {
                            Val::Arr(a) => {
                                self.charge(a.len(), x.span)?;
                                out.extend(a.iter().cloned())
                            }
                            Val::Str(s) => {
                                self.charge(s.len(), x.span)?;
                                out.extend(s.chars().map(|c| Val::Str(Rc::from(c.to_string()))))
                            }
                            other => {
                                return Err(err(
                                    Code::TemplateType,
                                    x.span,
                                    format!(
                                        "cannot spread {} into an array; spread an array",
                                        other.type_name()
                                    ),
                                ));
                            }
                        },
                    }
                }
                Val::Arr(Rc::new(out))
            }
            ExprKind::Object(items) => {
                let mut out: Vec<(Rc<str>, Val<'a>)> = Vec::new();
                // Where each key is, so that spreading a large object stays linear.
                let mut index: std::collections::BTreeMap<Rc<str>, usize> = Default::default();
                let mut set = |k: Rc<str>, v: Val<'a>| match index.get(&k) {
                    Some(&i) => out[i].1 = v,
                    None => {
                        index.insert(k.clone(), out.len());
                        out.push((k, v));
                    }
                };
                for it in items {
                    match it {
                        ObjectItem::Prop { key, value, .. } => {
                            let v = self.eval(value, scope)?;
                            set(Rc::from(key.as_str()), v);
                        }
                        ObjectItem::Computed { key, value } => {
                            let k = self.eval(key, scope)?;
                            let k = self.text(&k, key.span)?;
                            let v = self.eval(value, scope)?;
                            set(Rc::from(k), v);
                        }
                        ObjectItem::Spread(x) => match self.eval(x, scope)? {
                            Val::Obj(m) => {
                                self.charge(m.len(), x.span)?;
                                for (k, v) in m.iter() {
                                    set(k.clone(), v.clone());
                                }
                            }
                            Val::Node(n) => {
                                self.charge(n.members().len(), x.span)?;
                                for m in n.members() {
                                    set(Rc::from(m.key.as_ref()), node_to_val(&m.value));
                                }
                            }
                            Val::Undefined | Val::Null => {}
                            other => {
                                return Err(err(
                                    Code::TemplateType,
                                    x.span,
                                    format!(
                                        "cannot spread {} into an object; spread an object",
                                        other.type_name()
                                    ),
                                ));
                            }
                        },
                    }
                }
                Val::Obj(Rc::new(out))
            }
            ExprKind::Arrow { params, body } => Val::Func(Rc::new(Closure {
                params,
                body,
                env: scope.clone(),
            })),
            ExprKind::Unary { op, expr } => {
                let v = self.eval_mode(expr, scope, *op == UnaryOp::TypeOf)?;
                match op {
                    UnaryOp::Not => Val::Bool(!v.truthy()),
                    UnaryOp::Neg => Val::Num(-v.to_number()),
                    UnaryOp::Plus => Val::Num(v.to_number()),
                    UnaryOp::TypeOf => Val::Str(Rc::from(v.typeof_str())),
                }
            }
            ExprKind::Binary { op, left, right } => {
                let l = self.eval(left, scope)?;
                let r = self.eval(right, scope)?;
                self.binary(*op, l, r, e.span)?
            }
            ExprKind::Logical { op, left, right } => {
                let l = self.eval_mode(left, scope, *op == LogicalOp::Nullish)?;
                match op {
                    LogicalOp::And => {
                        if l.truthy() {
                            self.eval(right, scope)?
                        } else {
                            l
                        }
                    }
                    LogicalOp::Or => {
                        if l.truthy() {
                            l
                        } else {
                            self.eval(right, scope)?
                        }
                    }
                    LogicalOp::Nullish => {
                        if matches!(l, Val::Undefined | Val::Null) {
                            self.eval(right, scope)?
                        } else {
                            l
                        }
                    }
                }
            }
            ExprKind::Cond { test, cons, alt } => {
                if self.eval(test, scope)?.truthy() {
                    self.eval(cons, scope)?
                } else {
                    self.eval(alt, scope)?
                }
            }
            ExprKind::Element(el) => Val::Node(Rc::new(self.element(el, scope)?)),
            ExprKind::Fragment(children) => {
                let mut out = Vec::new();
                self.children(children, scope, &mut out)?;
                Val::Arr(Rc::new(
                    out.into_iter().map(|n| Val::Node(Rc::new(n))).collect(),
                ))
            }
        })
    }

    fn member(
        &mut self,
        o: Val<'a>,
        name: &str,
        obj: &'a Expr,
        span: Span,
        may_miss: bool,
        optional: bool,
    ) -> EResult<Val<'a>> {
        match &o {
            Val::Undefined | Val::Null if optional => Ok(Val::Undefined),
            Val::Undefined | Val::Null => Err(err(
                Code::TemplateUndefined,
                span,
                format!(
                    "cannot read {name} of {}: {} is {} (use {}?.{name} if it may be missing)",
                    o.typeof_str().replace("object", "null"),
                    expr_text(obj),
                    o.type_name(),
                    expr_text(obj)
                ),
            )),
            Val::Arr(a) if name == "length" => Ok(Val::Num(a.len() as f64)),
            Val::Str(s) if name == "length" => Ok(Val::Num(s.encode_utf16().count() as f64)),
            Val::Obj(m) => match m.iter().rev().find(|(k, _)| k.as_ref() == name) {
                Some((_, v)) => Ok(v.clone()),
                None if may_miss => Ok(Val::Undefined),
                None => Err(self.missing(&o, name, obj, span)),
            },
            Val::Node(n) => match n.get(name) {
                Some(v) => Ok(node_to_val(v)),
                None if may_miss => Ok(Val::Undefined),
                None => Err(self.missing(&o, name, obj, span)),
            },
            _ if may_miss => Ok(Val::Undefined),
            _ => Err(err(
                Code::TemplateUndefined,
                span,
                format!(
                    "{}.{name} is undefined: {} is {}, which has no property {name}",
                    expr_text(obj),
                    expr_text(obj),
                    o.type_name()
                ),
            )),
        }
    }

    fn missing(&self, o: &Val<'a>, name: &str, obj: &Expr, span: Span) -> Diagnostic {
        let keys = o.keys();
        let hint = did_you_mean(name, keys.iter().map(String::as_str))
            .map(|h| format!(" — did you mean {h}?"))
            .unwrap_or_default();
        err(
            Code::TemplateUndefined,
            span,
            format!(
                "{}.{name} is undefined ({} has: {}){hint}",
                expr_text(obj),
                expr_text(obj),
                if keys.is_empty() {
                    "no properties".to_string()
                } else {
                    keys.join(", ")
                }
            ),
        )
    }

    fn index(
        &mut self,
        o: Val<'a>,
        i: Val<'a>,
        obj: &'a Expr,
        span: Span,
        may_miss: bool,
    ) -> EResult<Val<'a>> {
        match (&o, &i) {
            (Val::Arr(a), Val::Num(n)) => {
                let idx = *n;
                if idx >= 0.0 && idx.fract() == 0.0 && (idx as usize) < a.len() {
                    Ok(a[idx as usize].clone())
                } else if may_miss {
                    Ok(Val::Undefined)
                } else {
                    Err(err(
                        Code::TemplateUndefined,
                        span,
                        format!(
                            "{}[{}] is undefined: {} has {} element(s)",
                            expr_text(obj),
                            js_number_to_string(idx),
                            expr_text(obj),
                            a.len()
                        ),
                    ))
                }
            }
            (Val::Str(s), Val::Num(n)) => {
                let units: Vec<u16> = s.encode_utf16().collect();
                let idx = *n;
                if idx >= 0.0 && idx.fract() == 0.0 && (idx as usize) < units.len() {
                    Ok(Val::Str(Rc::from(String::from_utf16_lossy(
                        &units[idx as usize..idx as usize + 1],
                    ))))
                } else if may_miss {
                    Ok(Val::Undefined)
                } else {
                    Err(err(
                        Code::TemplateUndefined,
                        span,
                        format!(
                            "{}[{}] is undefined: the string has {} character(s)",
                            expr_text(obj),
                            js_number_to_string(idx),
                            units.len()
                        ),
                    ))
                }
            }
            _ => {
                let key = i.to_js_string();
                self.member(o, &key, obj, span, may_miss, false)
            }
        }
    }

    fn call_fn(&mut self, f: &Closure<'a>, args: Vec<Val<'a>>, span: Span) -> EResult<Val<'a>> {
        self.step(span)?;
        let mut vars = Vec::with_capacity(f.params.len());
        for (i, p) in f.params.iter().enumerate() {
            vars.push((
                Rc::from(p.as_str()),
                args.get(i).cloned().unwrap_or(Val::Undefined),
            ));
        }
        let scope = Rc::new(Scope {
            vars,
            parent: Some(f.env.clone()),
        });
        self.eval(f.body, &scope)
    }

    fn call(
        &mut self,
        callee: &'a Expr,
        args: &'a [Expr],
        optional: bool,
        span: Span,
        scope: &Rc<Scope<'a>>,
    ) -> EResult<Val<'a>> {
        let ExprKind::Member {
            obj,
            name,
            optional: opt_member,
        } = &callee.kind
        else {
            // Calling a function value directly (an arrow bound in data is impossible, so
            // this is an identifier that is not a method).
            let f = self.eval(callee, scope)?;
            return match f {
                Val::Func(c) => {
                    let mut vals = Vec::new();
                    for a in args {
                        vals.push(self.eval(a, scope)?);
                    }
                    self.call_fn(&c, vals, span)
                }
                Val::Undefined | Val::Null if optional => Ok(Val::Undefined),
                other => Err(err(
                    Code::TemplateType,
                    callee.span,
                    format!(
                        "{} is {}, not a function",
                        expr_text(callee),
                        other.type_name()
                    ),
                )),
            };
        };
        let o = self.eval(obj, scope)?;
        if *opt_member && matches!(o, Val::Undefined | Val::Null) {
            return Ok(Val::Undefined);
        }
        let mut vals = Vec::with_capacity(args.len());
        for a in args {
            vals.push(self.eval(a, scope)?);
        }
        let arg = |i: usize| vals.get(i).cloned().unwrap_or(Val::Undefined);
        let need_fn = |this: &Self, v: Val<'a>| -> EResult<Rc<Closure<'a>>> {
            match v {
                Val::Func(c) => Ok(c),
                other => {
                    let _ = this;
                    Err(err(
                        Code::TemplateType,
                        span,
                        format!(
                            ".{name}() needs a function such as {}, found {}",
                            if name == "reduce" {
                                "(sum, item) => …"
                            } else {
                                "(item) => …"
                            },
                            other.type_name()
                        ),
                    ))
                }
            }
        };
        let slice_range = |len: usize, a: Val<'a>, b: Val<'a>| -> (usize, usize) {
            let norm = |v: f64| -> usize {
                if v.is_nan() {
                    0
                } else if v < 0.0 {
                    (len as f64 + v.trunc()).max(0.0) as usize
                } else {
                    (v.trunc() as usize).min(len)
                }
            };
            let s = if matches!(a, Val::Undefined) {
                0
            } else {
                norm(a.to_number())
            };
            let e = if matches!(b, Val::Undefined) {
                len
            } else {
                norm(b.to_number())
            };
            (s, e.max(s))
        };
        match (&o, name.as_str()) {
            (Val::Arr(a), "map") => {
                let f = need_fn(self, arg(0))?;
                let mut out = Vec::with_capacity(a.len());
                for (i, item) in a.iter().enumerate() {
                    out.push(self.call_fn(
                        &f,
                        vec![item.clone(), Val::Num(i as f64), o.clone()],
                        span,
                    )?);
                }
                Ok(Val::Arr(Rc::new(out)))
            }
            (Val::Arr(a), "filter") => {
                let f = need_fn(self, arg(0))?;
                let mut out = Vec::new();
                for (i, item) in a.iter().enumerate() {
                    if self
                        .call_fn(&f, vec![item.clone(), Val::Num(i as f64), o.clone()], span)?
                        .truthy()
                    {
                        out.push(item.clone());
                    }
                }
                Ok(Val::Arr(Rc::new(out)))
            }
            (Val::Arr(a), "reduce") => {
                let f = need_fn(self, arg(0))?;
                // As JavaScript: without a start value the first item is the start, and an
                // empty list then has nothing to reduce.
                let (mut acc, from) = match vals.get(1) {
                    Some(start) => (start.clone(), 0),
                    None => match a.first() {
                        Some(first) => (first.clone(), 1),
                        None => {
                            return Err(err(
                                Code::TemplateType,
                                span,
                                format!(
                                    "{}.reduce() of an empty list needs a start value: .reduce((sum, x) => sum + x, 0)",
                                    expr_text(obj)
                                ),
                            ));
                        }
                    },
                };
                for (i, item) in a.iter().enumerate().skip(from) {
                    acc = self.call_fn(
                        &f,
                        vec![acc, item.clone(), Val::Num(i as f64), o.clone()],
                        span,
                    )?;
                }
                Ok(acc)
            }
            (Val::Arr(a), "join") => {
                let sep = match arg(0) {
                    Val::Undefined => ",".to_string(),
                    v => self.text(&v, span)?,
                };
                self.afford(&o, span)?;
                let mut s = String::new();
                for (i, v) in a.iter().enumerate() {
                    if i > 0 {
                        s.push_str(&sep);
                    }
                    if (!matches!(v, Val::Undefined | Val::Null)
                        && !write_text(v, self.limits.max_string, &mut s))
                        || s.len() > self.limits.max_string
                    {
                        return Err(self.too_long(span));
                    }
                }
                self.check_string(s, span)
            }
            (Val::Arr(a), "flat") => {
                let depth = match arg(0) {
                    Val::Undefined => 1.0,
                    v => {
                        let d = v.to_number();
                        if d.is_nan() { 0.0 } else { d.trunc() }
                    }
                };
                fn flatten<'v>(items: &[Val<'v>], depth: f64, out: &mut Vec<Val<'v>>) {
                    for item in items {
                        match item {
                            Val::Arr(inner) if depth >= 1.0 => flatten(inner, depth - 1.0, out),
                            other => out.push(other.clone()),
                        }
                    }
                }
                self.afford(&o, span)?;
                let mut out = Vec::new();
                flatten(a, depth, &mut out);
                Ok(Val::Arr(Rc::new(out)))
            }
            (Val::Arr(a), "slice") => {
                let (s, e) = slice_range(a.len(), arg(0), arg(1));
                self.charge(e - s, span)?;
                Ok(Val::Arr(Rc::new(a[s..e].to_vec())))
            }
            (Val::Arr(a), "includes") => {
                let x = arg(0);
                Ok(Val::Bool(a.iter().any(|v| strict_eq(v, &x) || (matches!((v, &x), (Val::Num(p), Val::Num(q)) if p.is_nan() && q.is_nan())))))
            }
            (Val::Arr(a), "indexOf") => {
                let x = arg(0);
                Ok(Val::Num(
                    a.iter()
                        .position(|v| strict_eq(v, &x))
                        .map_or(-1.0, |i| i as f64),
                ))
            }
            (Val::Str(s), "toUpperCase") => Ok(Val::Str(Rc::from(s.to_uppercase()))),
            (Val::Str(s), "toLowerCase") => Ok(Val::Str(Rc::from(s.to_lowercase()))),
            (Val::Str(s), "trim") => Ok(Val::Str(Rc::from(s.trim()))),
            (Val::Str(s), "includes") => {
                Ok(Val::Bool(s.contains(self.text(&arg(0), span)?.as_str())))
            }
            (Val::Str(s), "startsWith") => {
                Ok(Val::Bool(s.starts_with(self.text(&arg(0), span)?.as_str())))
            }
            (Val::Str(s), "endsWith") => {
                Ok(Val::Bool(s.ends_with(self.text(&arg(0), span)?.as_str())))
            }
            (Val::Str(s), "slice") => {
                let units: Vec<u16> = s.encode_utf16().collect();
                let (a, b) = slice_range(units.len(), arg(0), arg(1));
                Ok(Val::Str(Rc::from(String::from_utf16_lossy(&units[a..b]))))
            }
            (Val::Num(n), "toFixed") => {
                let d = match arg(0) {
                    Val::Undefined => 0.0,
                    v => v.to_number(),
                };
                if !(0.0..=100.0).contains(&d) {
                    return Err(err(
                        Code::TemplateType,
                        span,
                        "toFixed() digits must be between 0 and 100",
                    ));
                }
                if !n.is_finite() || n.abs() >= 1e21 {
                    return Ok(Val::Str(Rc::from(js_number_to_string(*n))));
                }
                // (-0).toFixed(0) is "0" (only x < 0 gets a sign), (-0.4).toFixed(0) is "-0".
                let n = if *n == 0.0 { 0.0 } else { *n };
                Ok(Val::Str(Rc::from(format!("{:.*}", d as usize, n))))
            }
            (Val::Undefined | Val::Null, _) if optional => Ok(Val::Undefined),
            (Val::Undefined | Val::Null, _) => Err(err(
                Code::TemplateUndefined,
                callee.span,
                format!(
                    "cannot call .{name}() on {}: {} is {}",
                    o.type_name(),
                    expr_text(obj),
                    o.type_name()
                ),
            )),
            _ => {
                let supported = match &o {
                    Val::Arr(_) => {
                        "map, filter, reduce, flat, join, slice, includes, indexOf and .length"
                    }
                    Val::Str(_) => {
                        "toUpperCase, toLowerCase, trim, slice, includes, startsWith, endsWith and .length"
                    }
                    Val::Num(_) => "toFixed",
                    _ => "none",
                };
                Err(err(
                    Code::TemplateType,
                    callee.span,
                    format!(
                        ".{name}() is not supported on {} ({}); supported methods: {supported}",
                        o.type_name(),
                        expr_text(obj)
                    ),
                ))
            }
        }
    }

    fn binary(&mut self, op: BinaryOp, l: Val<'a>, r: Val<'a>, span: Span) -> EResult<Val<'a>> {
        use BinaryOp::*;
        Ok(match op {
            Add => {
                let prim = |v: &Val<'a>| {
                    matches!(
                        v,
                        Val::Str(_) | Val::Arr(_) | Val::Obj(_) | Val::Node(_) | Val::Func(_)
                    )
                };
                if prim(&l) || prim(&r) {
                    let s = self.text(&l, span)? + &self.text(&r, span)?;
                    self.check_string(s, span)?
                } else {
                    Val::Num(l.to_number() + r.to_number())
                }
            }
            Sub => Val::Num(l.to_number() - r.to_number()),
            Mul => Val::Num(l.to_number() * r.to_number()),
            Div => Val::Num(l.to_number() / r.to_number()),
            Rem => Val::Num(l.to_number() % r.to_number()),
            StrictEq => Val::Bool(strict_eq(&l, &r)),
            StrictNe => Val::Bool(!strict_eq(&l, &r)),
            LooseEq | LooseNe => {
                // An array against a primitive compares as its text, which may be long.
                if matches!(l, Val::Arr(_)) || matches!(r, Val::Arr(_)) {
                    self.afford(&l, span)?;
                    self.afford(&r, span)?;
                }
                Val::Bool(loose_eq(&l, &r) == (op == LooseEq))
            }
            Lt | Le | Gt | Ge => {
                if let (Val::Str(a), Val::Str(b)) = (&l, &r) {
                    let ord = a.encode_utf16().cmp(b.encode_utf16());
                    Val::Bool(match op {
                        Lt => ord.is_lt(),
                        Le => ord.is_le(),
                        Gt => ord.is_gt(),
                        _ => ord.is_ge(),
                    })
                } else {
                    let (a, b) = (l.to_number(), r.to_number());
                    Val::Bool(match op {
                        Lt => a < b,
                        Le => a <= b,
                        Gt => a > b,
                        _ => a >= b,
                    })
                }
            }
        })
    }

    fn element(&mut self, el: &'a Element, scope: &Rc<Scope<'a>>) -> EResult<Node<'a>> {
        self.nodes += 1;
        if self.nodes > self.limits.max_nodes {
            return Err(err(
                Code::TemplateLimit,
                el.name_span,
                format!(
                    "the view builds more than {} components for this data; evaluation stopped",
                    self.limits.max_nodes
                ),
            ));
        }
        if crate::spec::component(&el.name).is_none() {
            let hint = did_you_mean(&el.name, crate::spec::COMPONENTS.iter().map(|c| c.name))
                .map(|h| format!(" — did you mean {h}?"))
                .unwrap_or_else(|| {
                    "; components are Card, ListView, Basic, Box, Row, Col, Text, Button, …".into()
                });
            return Err(err(
                Code::UnknownComponent,
                el.name_span,
                format!("unknown component <{}>{hint}", el.name),
            ));
        }
        let mut members: Vec<Member<'a>> = Vec::with_capacity(el.attrs.len() + 2);
        members.push(Member {
            key: Cow::Borrowed("type"),
            key_span: el.name_span,
            value: Node {
                value: Value::String(Cow::Borrowed(el.name.as_str())),
                span: el.name_span,
            },
        });
        let mut set = |key: Cow<'a, str>, key_span: Span, value: Node<'a>| {
            if let Some(m) = members.iter_mut().find(|m| m.key == key) {
                m.value = value;
            } else {
                members.push(Member {
                    key,
                    key_span,
                    value,
                });
            }
        };
        for attr in &el.attrs {
            match attr {
                Attr::Named {
                    name,
                    name_span,
                    value,
                } => {
                    if name == "type" {
                        return Err(err(
                            Code::TemplateType,
                            *name_span,
                            format!(
                                "`type` is the component itself (<{}>); it cannot be set as a prop",
                                el.name
                            ),
                        ));
                    }
                    let node = match value {
                        AttrValue::True => Node {
                            value: Value::Bool(true),
                            span: *name_span,
                        },
                        // Literal strings are borrowed from the view, not copied.
                        AttrValue::Str(s, span) => Node {
                            value: Value::String(Cow::Borrowed(s.as_str())),
                            span: *span,
                        },
                        AttrValue::Expr(x) => {
                            let v = self.eval(x, scope)?;
                            if matches!(v, Val::Undefined) {
                                continue;
                            }
                            let mut node = self.json(&v, x.span)?.map_err(|m| {
                                err(
                                    Code::TemplateType,
                                    x.span,
                                    format!("{}.{name}: {m}", el.name),
                                )
                            })?;
                            literal_spans(&mut node, x);
                            node
                        }
                    };
                    set(Cow::Borrowed(name.as_str()), *name_span, node);
                }
                Attr::Spread(x) => match self.eval(x, scope)? {
                    Val::Obj(m) => {
                        for (k, v) in m.iter() {
                            if matches!(v, Val::Undefined) || k.as_ref() == "type" {
                                continue;
                            }
                            let node = self
                                .json(v, x.span)?
                                .map_err(|m| err(Code::TemplateType, x.span, m))?;
                            set(Cow::Owned(k.to_string()), x.span, node);
                        }
                    }
                    Val::Undefined | Val::Null => {}
                    other => {
                        return Err(err(
                            Code::TemplateType,
                            x.span,
                            format!(
                                "{{...}} on <{}> needs an object of props, found {}",
                                el.name,
                                other.type_name()
                            ),
                        ));
                    }
                },
            }
        }
        if let Some(children) = &el.children
            && children.iter().any(|c| !matches!(c, Child::Empty))
        {
            let mut out = Vec::new();
            self.children(children, scope, &mut out)?;
            let node = Node {
                value: Value::Array(out),
                span: el.span,
            };
            set(Cow::Borrowed("children"), el.span, node);
        }
        Ok(Node {
            value: Value::Object(members),
            span: el.span,
        })
    }

    fn children(
        &mut self,
        children: &'a [Child],
        scope: &Rc<Scope<'a>>,
        out: &mut Vec<Node<'a>>,
    ) -> EResult<()> {
        for c in children {
            match c {
                Child::Empty => {}
                Child::Text(t, span) => {
                    let short: String = t.chars().take(30).collect();
                    return Err(err(
                        Code::TemplateText,
                        *span,
                        format!(
                            "text \"{short}\" is not a component; write <Text value=\"{short}\" />"
                        ),
                    ));
                }
                Child::Element(el) => out.push(self.element(el, scope)?),
                Child::Fragment(cs, _) => self.children(cs, scope, out)?,
                Child::Expr(x) => {
                    let v = self.eval(x, scope)?;
                    self.push_child(v, x.span, out)?;
                }
            }
        }
        Ok(())
    }

    fn push_child(&mut self, v: Val<'a>, span: Span, out: &mut Vec<Node<'a>>) -> EResult<()> {
        match v {
            // `""` is what `{text && <X />}` gives for empty text; React renders nothing for it.
            Val::Undefined | Val::Null | Val::Bool(_) => Ok(()),
            Val::Str(s) if s.is_empty() => Ok(()),
            Val::Node(n) => {
                // A component used twice (`[row, row]`) is copied: paid for, as it may hold
                // copies of its own.
                if Rc::strong_count(&n) > 1 {
                    self.afford(&Val::Node(n.clone()), span)?;
                }
                out.push(Rc::try_unwrap(n).unwrap_or_else(|rc| (*rc).clone()));
                Ok(())
            }
            Val::Arr(a) => {
                // Move the items out when this is the only reference (a fresh .map result),
                // so evaluated components are not deep-copied.
                match Rc::try_unwrap(a) {
                    Ok(items) => {
                        for item in items {
                            self.push_child(item, span, out)?;
                        }
                    }
                    Err(shared) => {
                        for item in shared.iter() {
                            self.push_child(item.clone(), span, out)?;
                        }
                    }
                }
                Ok(())
            }
            Val::Str(_) | Val::Num(_) => Err(err(
                Code::TemplateText,
                span,
                format!(
                    "{} \"{}\" cannot be a child; wrap it in a component such as <Text value={{…}} />",
                    v.type_name(),
                    v.to_js_string().chars().take(30).collect::<String>()
                ),
            )),
            other => Err(err(
                Code::TemplateType,
                span,
                format!(
                    "{} cannot be a child; children are components",
                    other.type_name()
                ),
            )),
        }
    }
}

/// Evaluates single expressions and elements of a view for one state, with extra names
/// (arrow parameters) in scope: what analyses of a view, such as the A2UI export, use to
/// compute the parts they cannot keep symbolic. One instance shares its [`Limits`] across
/// every call, so no analysis can run away either.
pub(crate) struct ScopedEval<'a> {
    ev: Evaluator<'a>,
    root: Rc<Scope<'a>>,
}

impl<'a> ScopedEval<'a> {
    pub(crate) fn new(src: &'a str, data: &serde_json::Value, limits: Limits) -> Self {
        let vars = match from_json(data) {
            Val::Obj(m) => m.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
            _ => Vec::new(),
        };
        ScopedEval {
            ev: Evaluator::new(src, limits),
            root: Rc::new(Scope { vars, parent: None }),
        }
    }

    fn scope(&self, extra: &[(Rc<str>, Val<'a>)]) -> Rc<Scope<'a>> {
        if extra.is_empty() {
            self.root.clone()
        } else {
            Rc::new(Scope {
                vars: extra.to_vec(),
                parent: Some(self.root.clone()),
            })
        }
    }

    /// The value of `e` with the data's fields and `extra` (later names shadow earlier ones).
    pub(crate) fn eval(
        &mut self,
        e: &'a Expr,
        extra: &[(Rc<str>, Val<'a>)],
    ) -> Result<Val<'a>, Diagnostic> {
        let scope = self.scope(extra);
        self.ev.eval(e, &scope)
    }

    /// A value as widget JSON, paid for as the evaluator pays for a copy (within the steps
    /// left).
    pub(crate) fn json(&mut self, v: &Val<'a>, span: Span) -> Result<Node<'a>, Diagnostic> {
        self.ev
            .json(v, span)?
            .map_err(|m| err(Code::TemplateType, span, m))
    }

    /// An element evaluated as the preview evaluates it.
    pub(crate) fn element(
        &mut self,
        el: &'a Element,
        extra: &[(Rc<str>, Val<'a>)],
    ) -> Result<Node<'a>, Diagnostic> {
        let scope = self.scope(extra);
        self.ev.element(el, &scope)
    }

    /// Counts one analysed component against [`Limits::max_nodes`].
    pub(crate) fn count_node(&mut self, span: Span) -> Result<(), Diagnostic> {
        self.ev.step(span)?;
        self.ev.nodes += 1;
        if self.ev.nodes > self.ev.limits.max_nodes.saturating_mul(2) {
            return Err(err(
                Code::TemplateLimit,
                span,
                format!(
                    "the analysis builds more than {} components for this data; it stopped",
                    self.ev.limits.max_nodes.saturating_mul(2)
                ),
            ));
        }
        Ok(())
    }
}

/// Converts a value into widget JSON, with `span` on every node.
pub fn to_node<'a>(v: &Val<'a>, span: Span) -> Result<Node<'a>, String> {
    let value = match v {
        Val::Undefined | Val::Null => Value::Null,
        Val::Bool(b) => Value::Bool(*b),
        Val::Num(n) => json_number(*n),
        Val::Str(s) => Value::String(Cow::Owned(s.to_string())),
        Val::Arr(a) => Value::Array(
            a.iter()
                .map(|x| {
                    if matches!(x, Val::Undefined) {
                        Ok(Node {
                            value: Value::Null,
                            span,
                        })
                    } else {
                        to_node(x, span)
                    }
                })
                .collect::<Result<_, _>>()?,
        ),
        Val::Obj(m) => Value::Object(
            m.iter()
                .filter(|(_, v)| !matches!(v, Val::Undefined))
                .map(|(k, v)| {
                    Ok(Member {
                        key: Cow::Owned(k.to_string()),
                        key_span: span,
                        value: to_node(v, span)?,
                    })
                })
                .collect::<Result<_, String>>()?,
        ),
        Val::Node(n) => return Ok((**n).clone()),
        Val::Func(_) => {
            return Err("a function cannot be a prop value; call it or remove it".into());
        }
    };
    Ok(Node { value, span })
}

/// Gives the values that an object or array literal in an attribute wrote (`color={{ light:
/// "blue-500" }}`, `series={[{ color: "x" }]}`) the spans of the expressions that wrote them,
/// and a member its key's span, so that a problem with one is placed at it, not at the
/// literal's `{`. Only where the literal says which item it is: a key set by a later spread
/// or computed key, and an item after a spread, keep the literal's span. Nodes that carry
/// their own spans (an element, a value of the data) are left as they are.
fn literal_spans(node: &mut Node<'_>, expr: &Expr) {
    // `to_node` gave every value inside the attribute's value the attribute's span.
    let generic = node.span;
    spans_from(node, expr, generic);
}

fn spans_from(node: &mut Node<'_>, expr: &Expr, generic: Span) {
    match (&mut node.value, &expr.kind) {
        (Value::Object(members), ExprKind::Object(items)) => {
            for m in members.iter_mut() {
                let wrote = items.iter().rev().find_map(|item| match item {
                    ObjectItem::Prop {
                        key,
                        key_span,
                        value,
                    } => (*key == m.key).then_some(Some((*key_span, value))),
                    // Whatever comes before a spread or a computed key may be overridden by it.
                    ObjectItem::Spread(_) | ObjectItem::Computed { .. } => Some(None),
                });
                if let Some(Some((key_span, value))) = wrote
                    && m.value.span == generic
                {
                    m.key_span = key_span;
                    m.value.span = value.span;
                    spans_from(&mut m.value, value, generic);
                }
            }
        }
        (Value::Array(nodes), ExprKind::Array(items)) => {
            for (n, item) in nodes.iter_mut().zip(items) {
                let ArrayItem::Item(value) = item else { break };
                if n.span == generic {
                    n.span = value.span;
                    spans_from(n, value, generic);
                }
            }
        }
        _ => {}
    }
}

fn node_to_val<'a, 'b>(n: &Node<'b>) -> Val<'a> {
    from_json(&n.to_serde())
}

/// A short source-like rendering of an expression, for messages.
pub fn expr_text(e: &Expr) -> String {
    match &e.kind {
        ExprKind::Ident(n) => n.clone(),
        ExprKind::Member {
            obj,
            name,
            optional,
        } => {
            format!(
                "{}{}{name}",
                expr_text(obj),
                if *optional { "?." } else { "." }
            )
        }
        ExprKind::Index { obj, index, .. } => format!("{}[{}]", expr_text(obj), expr_text(index)),
        ExprKind::Num(n) => js_number_to_string(*n),
        ExprKind::Str(s) => format!("\"{s}\""),
        ExprKind::Call { callee, .. } => format!("{}(…)", expr_text(callee)),
        _ => "the value".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::js_number_to_string as s;

    #[test]
    fn numbers_print_like_javascript() {
        assert_eq!(s(1.0), "1");
        assert_eq!(s(-0.5), "-0.5");
        assert_eq!(s(0.1 + 0.2), "0.30000000000000004");
        assert_eq!(s(1e21), "1e+21");
        assert_eq!(s(123456789012345680000.0), "123456789012345680000");
        assert_eq!(s(1e-7), "1e-7");
        assert_eq!(s(0.000001), "0.000001");
        assert_eq!(s(1.5e-10), "1.5e-10");
        assert_eq!(s(f64::NAN), "NaN");
        assert_eq!(s(2.5e25), "2.5e+25");
        // Two shortest candidates (…68.2 and …68.3) equally close: the even one, as in JS.
        assert_eq!(s(-(1e16 + 10.0) / 6.0), "-1666666666666668.2");
        assert_eq!(s(5e-324), "5e-324");
        assert_eq!(s(1.7976931348623157e308), "1.7976931348623157e+308");
    }
}
