//! Compiles a JSX view into a Jinja template for the SDK's `WidgetTemplate`.
//!
//! The template renders JSON text. Static parts are written as JSON; dynamic values
//! as `{{ (expr) | tojson }}`; `&&`/ternaries in children as `{% if %}`; `.map` and
//! `.filter` as `{% for %}` loops whose items are joined by commas (each item writes a
//! leading comma into a captured block, and the first is dropped, as ChatKit Studio
//! does). Expressions are translated so that Jinja computes what JavaScript would:
//!
//! - truthiness is JavaScript's (`[]` and `{}` are truthy), spelt out as tests;
//! - member access is a subscript (`a["items"]`), so data keys never hit dict methods;
//! - `+` concatenates with JavaScript's number/boolean/null formatting when either
//!   side is a string, and adds otherwise;
//! - `undefined` becomes `none`, which the SDK drops (`exclude_none`), as JavaScript
//!   omits undefined props.
//!
//! What cannot be translated faithfully is an error that names the construct, never a
//! template that would silently differ.

use std::fmt::Write as _;

use super::ast::*;
use super::eval::js_number_to_string;
use crate::diag::{Code, Diagnostic};
use crate::json::Span;

/// Compiles a parsed view to a Jinja template.
pub fn compile(view: &super::View) -> Result<String, Diagnostic> {
    let mut c = Compiler {
        out: String::new(),
        scopes: Vec::new(),
        counter: 0,
    };
    c.root(view.ast())?;
    Ok(c.out)
}

struct Compiler {
    out: String,
    /// JavaScript names bound by arrow parameters → Jinja expressions.
    scopes: Vec<Vec<(String, String)>>,
    counter: usize,
}

type CResult<T> = Result<T, Diagnostic>;

fn unsupported(span: Span, what: &str) -> Diagnostic {
    Diagnostic::new(
        Code::TemplateExport,
        "view",
        span,
        format!(
            "{what} cannot be exported to a .widget template (the preview evaluates it, but Jinja cannot compute it the same way); rewrite it or use a supported form (see docs/template-language.md)"
        ),
    )
}

/// A Jinja string literal.
pub fn jinja_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A JSON string literal, safe to appear in template text (no `{{`, `{%`, `{#`).
fn json_str_text(s: &str) -> String {
    let mut lit = String::new();
    crate::json::write_string(&mut lit, s);
    if lit.contains("{{") || lit.contains("{%") || lit.contains("{#") {
        format!("{{{{ {} | tojson }}}}", jinja_str(s))
    } else {
        lit
    }
}

/// JavaScript truthiness of a Jinja expression.
fn truthy_of(x: &str) -> String {
    format!("({x} is not none and {x} is not false and {x} != 0 and {x} != \"\")")
}

/// JavaScript's String(x) of a Jinja expression.
fn js_string_of(x: &str) -> String {
    format!(
        "(\"true\" if {x} is true else \"false\" if {x} is false else \"null\" if {x} is none else ((({x}) | int) ~ \"\") if ({x} is number and {x} == (({x}) | int) and ({x}) | abs < 1e21) else ({x} ~ \"\"))"
    )
}

fn is_literal_string(e: &Expr) -> bool {
    matches!(e.kind, ExprKind::Str(_) | ExprKind::Template { .. })
}

impl Compiler {
    fn fresh(&mut self, prefix: &str) -> String {
        self.counter += 1;
        format!("{prefix}{}", self.counter)
    }

    fn lookup(&self, name: &str) -> Option<&str> {
        self.scopes
            .iter()
            .rev()
            .flat_map(|s| s.iter().rev())
            .find(|(n, _)| n == name)
            .map(|(_, j)| j.as_str())
    }

    fn root(&mut self, e: &Expr) -> CResult<()> {
        match &e.kind {
            ExprKind::Element(el) => self.element(el),
            _ => Err(unsupported(e.span, "a root that is not a single element")),
        }
    }

    // ---- emitting JSON text ---------------------------------------------------

    fn element(&mut self, el: &Element) -> CResult<()> {
        self.out.push_str("{\"type\":");
        self.out.push_str(&json_str_text(&el.name));
        for attr in &el.attrs {
            match attr {
                Attr::Named { name, value, .. } => {
                    if let AttrValue::Expr(Expr {
                        kind: ExprKind::Undefined,
                        ..
                    }) = value
                    {
                        continue;
                    }
                    self.out.push(',');
                    self.out.push_str(&json_str_text(name));
                    self.out.push(':');
                    match value {
                        AttrValue::True => self.out.push_str("true"),
                        AttrValue::Str(s, _) => self.out.push_str(&json_str_text(s)),
                        AttrValue::Expr(x) => self.value(x)?,
                    }
                }
                Attr::Spread(x) => {
                    let o = self.expr(x)?;
                    let (k, v) = (self.fresh("_k"), self.fresh("_v"));
                    let _ = write!(
                        self.out,
                        "{{% for {k}, {v} in (({o}) or {{}}).items() %}}{{% if {k} != \"type\" %}},{{{{ {k} | tojson }}}}:{{{{ {v} | tojson }}}}{{% endif %}}{{% endfor %}}"
                    );
                }
            }
        }
        if let Some(children) = &el.children
            && children.iter().any(|c| !matches!(c, Child::Empty))
        {
            self.out.push_str(",\"children\":[");
            self.children_list(children)?;
            self.out.push(']');
        }
        self.out.push('}');
        Ok(())
    }

    /// Children as comma-separated JSON. Dynamic lists are captured with leading commas
    /// and the first comma dropped.
    fn children_list(&mut self, children: &[Child]) -> CResult<()> {
        let all_static = children
            .iter()
            .all(|c| matches!(c, Child::Element(_) | Child::Empty));
        if all_static {
            let mut first = true;
            for c in children {
                if let Child::Element(el) = c {
                    if !first {
                        self.out.push(',');
                    }
                    first = false;
                    self.element(el)?;
                }
            }
            return Ok(());
        }
        let var = self.fresh("_c");
        let _ = write!(self.out, "{{%- set {var} -%}}");
        for c in children {
            self.child(c)?;
        }
        let _ = write!(
            self.out,
            "{{%- endset -%}}{{{{- ({var}[1:] if {var} and {var}[0] == \",\" else {var}) -}}}}"
        );
        Ok(())
    }

    /// One child, written with a leading comma (inside a capture block).
    fn child(&mut self, c: &Child) -> CResult<()> {
        match c {
            Child::Empty => Ok(()),
            Child::Text(_, span) => Err(unsupported(*span, "text as a child")),
            Child::Element(el) => {
                self.out.push(',');
                self.element(el)
            }
            Child::Fragment(cs, _) => {
                for c in cs {
                    self.child(c)?;
                }
                Ok(())
            }
            Child::Expr(x) => self.child_expr(x),
        }
    }

    fn child_expr(&mut self, x: &Expr) -> CResult<()> {
        match &x.kind {
            ExprKind::Undefined | ExprKind::Null | ExprKind::Bool(_) => Ok(()),
            ExprKind::Element(el) => {
                self.out.push(',');
                self.element(el)
            }
            ExprKind::Fragment(cs) => {
                for c in cs {
                    self.child(c)?;
                }
                Ok(())
            }
            ExprKind::Array(items) => {
                for it in items {
                    match it {
                        ArrayItem::Item(e) => self.child_expr(e)?,
                        ArrayItem::Spread(e) => self.child_expr(e)?,
                    }
                }
                Ok(())
            }
            ExprKind::Logical {
                op: LogicalOp::And,
                left,
                right,
            } => {
                let t = self.truthy(left)?;
                let _ = write!(self.out, "{{%- if {t} -%}}");
                self.child_expr(right)?;
                self.out.push_str("{%- endif -%}");
                Ok(())
            }
            ExprKind::Logical {
                op: LogicalOp::Or,
                left,
                right,
            } => {
                // `a || <X/>`: a is a value (nothing to render when truthy, unless it is an element).
                if !matches!(left.kind, ExprKind::Element(_) | ExprKind::Fragment(_)) {
                    let t = self.truthy(left)?;
                    let _ = write!(self.out, "{{%- if not {t} -%}}");
                    self.child_expr(right)?;
                    self.out.push_str("{%- endif -%}");
                    return Ok(());
                }
                Err(unsupported(x.span, "`||` between components"))
            }
            ExprKind::Cond { test, cons, alt } => {
                let t = self.truthy(test)?;
                let _ = write!(self.out, "{{%- if {t} -%}}");
                self.child_expr(cons)?;
                self.out.push_str("{%- else -%}");
                self.child_expr(alt)?;
                self.out.push_str("{%- endif -%}");
                Ok(())
            }
            ExprKind::Call { .. } => self.loop_items(x, &mut |c, body| c.child_expr(body)),
            _ => Err(unsupported(
                x.span,
                "a child that is a data value rather than a component",
            )),
        }
    }

    /// `source.filter(p)….map(f)`: a `{% for %}` loop. `each` writes one item (with its
    /// leading comma) given the body expression of the final map.
    fn loop_items(
        &mut self,
        x: &Expr,
        each: &mut dyn FnMut(&mut Compiler, &Expr) -> CResult<()>,
    ) -> CResult<()> {
        // Unwind the method chain.
        let mut stages: Vec<(&str, &Expr)> = Vec::new();
        let mut cur = x;
        let source = loop {
            match &cur.kind {
                ExprKind::Call {
                    callee,
                    args,
                    optional: false,
                } => match &callee.kind {
                    ExprKind::Member {
                        obj,
                        name,
                        optional: false,
                    } if (name == "map" || name == "filter") && args.len() == 1 => {
                        stages.push((name.as_str(), &args[0]));
                        cur = obj;
                    }
                    _ => return Err(unsupported(x.span, "this call in a list position")),
                },
                _ => break cur,
            }
        };
        stages.reverse();
        if stages.is_empty() {
            return Err(unsupported(
                x.span,
                "this expression as a list of components",
            ));
        }
        // The chain must end in `.map` (a bare `.filter` yields data, not components), and
        // only filters may come before it.
        let (last_kind, last_fn) = *stages.last().unwrap();
        if last_kind != "map" {
            return Err(unsupported(x.span, "a bare `.filter` in a list position"));
        }
        let filters = &stages[..stages.len() - 1];
        if filters.iter().any(|(k, _)| *k != "filter") {
            return Err(unsupported(
                x.span,
                "`.map` followed by more `.map`/`.filter`",
            ));
        }
        let src = self.expr(source)?;
        let item = self.fresh("_i");
        let idx = self.fresh("_n");
        let _ = write!(
            self.out,
            "{{%- for {item} in {src} -%}}{{%- set {idx} = loop.index0 -%}}"
        );
        let mut opened = 0;
        for (_, f) in filters {
            let (params, body) = arrow(f)?;
            self.bind(params, &item, &idx);
            let t = self.truthy(body);
            self.scopes.pop();
            let _ = write!(self.out, "{{%- if {} -%}}", t?);
            opened += 1;
        }
        let (params, body) = arrow(last_fn)?;
        // After a filter, JavaScript's index counts the kept items; Jinja's does not.
        if !filters.is_empty() && params.len() > 1 {
            return Err(unsupported(
                last_fn.span,
                "the index of `.map` after `.filter`",
            ));
        }
        self.bind(params, &item, &idx);
        let r = each(self, body);
        self.scopes.pop();
        r?;
        for _ in 0..opened {
            self.out.push_str("{%- endif -%}");
        }
        self.out.push_str("{%- endfor -%}");
        Ok(())
    }

    fn bind(&mut self, params: &[String], item: &str, idx: &str) {
        let mut scope = Vec::new();
        if let Some(p) = params.first() {
            scope.push((p.clone(), item.to_string()));
        }
        if let Some(p) = params.get(1) {
            scope.push((p.clone(), idx.to_string()));
        }
        self.scopes.push(scope);
    }

    /// JSON text for the value of an expression.
    fn value(&mut self, x: &Expr) -> CResult<()> {
        match &x.kind {
            ExprKind::Undefined | ExprKind::Null => self.out.push_str("null"),
            ExprKind::Bool(b) => self.out.push_str(if *b { "true" } else { "false" }),
            ExprKind::Num(n) => {
                if n.is_finite() {
                    self.out.push_str(&js_number_to_string(*n));
                } else {
                    self.out.push_str("null");
                }
            }
            ExprKind::Str(s) => self.out.push_str(&json_str_text(s)),
            ExprKind::Element(el) => self.element(el)?,
            ExprKind::Object(items) => {
                let simple = items.iter().all(|i| matches!(i, ObjectItem::Prop { .. }));
                let var = self.fresh("_o");
                if simple {
                    self.out.push('{');
                } else {
                    let _ = write!(self.out, "{{%- set {var} -%}}");
                }
                let mut first = true;
                for it in items {
                    let sep = if simple && first { "" } else { "," };
                    match it {
                        ObjectItem::Prop { key, value, .. } => {
                            if matches!(value.kind, ExprKind::Undefined) {
                                continue;
                            }
                            first = false;
                            self.out.push_str(sep);
                            self.out.push_str(&json_str_text(key));
                            self.out.push(':');
                            self.value(value)?;
                        }
                        ObjectItem::Computed { key, value } => {
                            let k = self.expr(key)?;
                            let _ = write!(self.out, ",{{{{ {} | tojson }}}}:", js_string_of(&k));
                            self.value(value)?;
                        }
                        ObjectItem::Spread(e) => {
                            let o = self.expr(e)?;
                            let (k, v) = (self.fresh("_k"), self.fresh("_v"));
                            let _ = write!(
                                self.out,
                                "{{% for {k}, {v} in (({o}) or {{}}).items() %}},{{{{ {k} | tojson }}}}:{{{{ {v} | tojson }}}}{{% endfor %}}"
                            );
                        }
                    }
                }
                if simple {
                    self.out.push('}');
                } else {
                    let _ = write!(
                        self.out,
                        "{{%- endset -%}}{{{{- \"{{\" ~ ({var}[1:] if {var} and {var}[0] == \",\" else {var}) ~ \"}}\" -}}}}"
                    );
                }
            }
            ExprKind::Array(items) => {
                let has_spread = items.iter().any(|i| matches!(i, ArrayItem::Spread(_)));
                if has_spread {
                    let a = self.expr(x)?;
                    let _ = write!(self.out, "{{{{ ({a}) | tojson }}}}");
                } else {
                    self.out.push('[');
                    for (i, it) in items.iter().enumerate() {
                        if i > 0 {
                            self.out.push(',');
                        }
                        if let ArrayItem::Item(e) = it {
                            self.value(e)?;
                        }
                    }
                    self.out.push(']');
                }
            }
            ExprKind::Call { callee, .. } if matches!(&callee.kind, ExprKind::Member { name, .. } if name == "map") =>
            {
                let var = self.fresh("_c");
                let _ = write!(self.out, "[{{%- set {var} -%}}");
                self.loop_items(x, &mut |c, body| {
                    c.out.push(',');
                    c.value(body)
                })?;
                let _ = write!(
                    self.out,
                    "{{%- endset -%}}{{{{- ({var}[1:] if {var} and {var}[0] == \",\" else {var}) -}}}}]"
                );
            }
            ExprKind::Cond { test, cons, alt }
                if contains_structure(cons) || contains_structure(alt) =>
            {
                let t = self.truthy(test)?;
                let _ = write!(self.out, "{{% if {t} %}}");
                self.value(cons)?;
                self.out.push_str("{% else %}");
                self.value(alt)?;
                self.out.push_str("{% endif %}");
            }
            ExprKind::Logical {
                op: LogicalOp::And,
                left,
                right,
            } if contains_structure(right) => {
                let t = self.truthy(left)?;
                let l = self.expr(left)?;
                let _ = write!(self.out, "{{% if {t} %}}");
                self.value(right)?;
                let _ = write!(
                    self.out,
                    "{{% else %}}{{{{ ({l}) | tojson }}}}{{% endif %}}"
                );
            }
            _ => {
                let e = self.expr(x)?;
                let _ = write!(self.out, "{{{{ ({e}) | tojson }}}}");
            }
        }
        Ok(())
    }

    // ---- Jinja expressions ----------------------------------------------------

    fn truthy(&mut self, x: &Expr) -> CResult<String> {
        Ok(match &x.kind {
            ExprKind::Bool(b) => {
                if *b {
                    "true".into()
                } else {
                    "false".into()
                }
            }
            ExprKind::Undefined | ExprKind::Null => "false".into(),
            ExprKind::Logical {
                op: LogicalOp::And,
                left,
                right,
            } => {
                format!("({} and {})", self.truthy(left)?, self.truthy(right)?)
            }
            ExprKind::Logical {
                op: LogicalOp::Or,
                left,
                right,
            } => {
                format!("({} or {})", self.truthy(left)?, self.truthy(right)?)
            }
            ExprKind::Unary {
                op: UnaryOp::Not,
                expr,
            } => format!("(not {})", self.truthy(expr)?),
            ExprKind::Binary { op, .. }
                if !matches!(
                    op,
                    BinaryOp::Add | BinaryOp::Sub | BinaryOp::Mul | BinaryOp::Div | BinaryOp::Rem
                ) =>
            {
                self.expr(x)?
            }
            ExprKind::Cond { test, cons, alt } => format!(
                "({} if {} else {})",
                self.truthy(cons)?,
                self.truthy(test)?,
                self.truthy(alt)?
            ),
            _ => {
                let e = self.expr(x)?;
                truthy_of(&e)
            }
        })
    }

    fn expr(&mut self, x: &Expr) -> CResult<String> {
        Ok(match &x.kind {
            ExprKind::Undefined | ExprKind::Null => "none".into(),
            ExprKind::Bool(b) => {
                if *b {
                    "true".into()
                } else {
                    "false".into()
                }
            }
            ExprKind::Num(n) => {
                if n.is_finite() {
                    let s = js_number_to_string(*n);
                    if s.contains('e') { format!("{n:?}") } else { s }
                } else {
                    return Err(unsupported(x.span, "a non-finite number"));
                }
            }
            ExprKind::Str(s) => jinja_str(s),
            ExprKind::Template { quasis, exprs } => {
                let mut parts = Vec::new();
                for (i, q) in quasis.iter().enumerate() {
                    if !q.is_empty() {
                        parts.push(jinja_str(q));
                    }
                    if let Some(e) = exprs.get(i) {
                        let j = self.expr(e)?;
                        parts.push(if is_literal_string(e) {
                            j
                        } else {
                            js_string_of(&j)
                        });
                    }
                }
                if parts.is_empty() {
                    "\"\"".into()
                } else {
                    format!("({})", parts.join(" ~ "))
                }
            }
            ExprKind::Ident(name) => match self.lookup(name) {
                Some(j) => j.to_string(),
                None => {
                    if matches!(
                        name.as_str(),
                        "and"
                            | "or"
                            | "not"
                            | "in"
                            | "is"
                            | "if"
                            | "else"
                            | "true"
                            | "false"
                            | "none"
                            | "True"
                            | "False"
                            | "None"
                            | "loop"
                            | "self"
                            | "namespace"
                            | "range"
                            | "dict"
                            | "lipsum"
                            | "cycler"
                            | "joiner"
                    ) || name.starts_with('_')
                    {
                        return Err(unsupported(
                            x.span,
                            &format!("a data field named `{name}` (reserved in Jinja)"),
                        ));
                    }
                    name.clone()
                }
            },
            ExprKind::Member {
                obj,
                name,
                optional,
            } => {
                let o = self.expr(obj)?;
                if name == "length" {
                    return Ok(format!("({o} | length)"));
                }
                let key = jinja_str(name);
                if *optional {
                    format!("({o}[{key}] if ({o} is not none and {o}[{key}] is defined) else none)")
                } else {
                    format!("{o}[{key}]")
                }
            }
            ExprKind::Index {
                obj,
                index,
                optional,
            } => {
                let o = self.expr(obj)?;
                let i = self.expr(index)?;
                if *optional {
                    format!("({o}[{i}] if {o} is not none else none)")
                } else {
                    format!("{o}[{i}]")
                }
            }
            ExprKind::Call {
                callee,
                args,
                optional,
            } => self.method(callee, args, *optional, x.span)?,
            ExprKind::Array(items) => {
                let mut parts = Vec::new();
                let mut spreads = Vec::new();
                for it in items {
                    match it {
                        ArrayItem::Item(e) => parts.push(self.expr(e)?),
                        ArrayItem::Spread(e) => {
                            if !parts.is_empty() {
                                spreads.push(format!("[{}]", parts.join(", ")));
                                parts.clear();
                            }
                            spreads.push(format!("(({}) | list)", self.expr(e)?));
                        }
                    }
                }
                if !parts.is_empty() || spreads.is_empty() {
                    spreads.push(format!("[{}]", parts.join(", ")));
                }
                format!("({})", spreads.join(" + "))
            }
            ExprKind::Object(items) => {
                let mut parts = Vec::new();
                for it in items {
                    match it {
                        ObjectItem::Prop { key, value, .. } => {
                            parts.push(format!("{}: {}", jinja_str(key), self.expr(value)?));
                        }
                        _ => {
                            return Err(unsupported(
                                x.span,
                                "a spread or computed key in an object used inside an expression",
                            ));
                        }
                    }
                }
                format!("{{{}}}", parts.join(", "))
            }
            ExprKind::Arrow { .. } => {
                return Err(unsupported(x.span, "a function outside .map/.filter"));
            }
            ExprKind::Unary { op, expr } => match op {
                UnaryOp::Not => format!("(not {})", self.truthy(expr)?),
                UnaryOp::Neg => format!("(-{})", self.expr(expr)?),
                UnaryOp::Plus => format!("({} | float)", self.expr(expr)?),
                UnaryOp::TypeOf => return Err(unsupported(x.span, "typeof")),
            },
            ExprKind::Binary { op, left, right } => {
                // `typeof x === "undefined"`: a definedness test.
                let typeof_undefined = |a: &Expr, b: &Expr| {
                    matches!(
                        &a.kind,
                        ExprKind::Unary {
                            op: UnaryOp::TypeOf,
                            ..
                        }
                    ) && matches!(&b.kind, ExprKind::Str(s) if s == "undefined")
                };
                if matches!(
                    op,
                    BinaryOp::StrictEq | BinaryOp::LooseEq | BinaryOp::StrictNe | BinaryOp::LooseNe
                ) && (typeof_undefined(left, right) || typeof_undefined(right, left))
                {
                    let operand = if typeof_undefined(left, right) {
                        left
                    } else {
                        right
                    };
                    let ExprKind::Unary { expr, .. } = &operand.kind else {
                        unreachable!()
                    };
                    let undefined = self.undefined_test(expr)?;
                    let negate = matches!(op, BinaryOp::StrictNe | BinaryOp::LooseNe);
                    return Ok(if negate {
                        format!("(not {undefined})")
                    } else {
                        undefined
                    });
                }
                // `x == null` / `x === undefined`: nullness tests.
                let nullish = |e: &Expr| matches!(e.kind, ExprKind::Null | ExprKind::Undefined);
                if matches!(op, BinaryOp::LooseEq | BinaryOp::LooseNe)
                    && (nullish(left) || nullish(right))
                {
                    let other = if nullish(left) { right } else { left };
                    let o = self.expr(other)?;
                    return Ok(if *op == BinaryOp::LooseEq {
                        format!("({o} is none)")
                    } else {
                        format!("({o} is not none)")
                    });
                }
                let l = self.expr(left)?;
                let r = self.expr(right)?;
                match op {
                    BinaryOp::Add => {
                        if is_literal_string(left) || is_literal_string(right) {
                            let l = if is_literal_string(left) {
                                l
                            } else {
                                js_string_of(&l)
                            };
                            let r = if is_literal_string(right) {
                                r
                            } else {
                                js_string_of(&r)
                            };
                            format!("({l} ~ {r})")
                        } else {
                            format!(
                                "(({}) ~ ({}) if ({l} is string or {r} is string) else ({l} + {r}))",
                                js_string_of(&l),
                                js_string_of(&r)
                            )
                        }
                    }
                    BinaryOp::Sub => format!("({l} - {r})"),
                    BinaryOp::Mul => format!("({l} * {r})"),
                    BinaryOp::Div => format!("({l} / {r})"),
                    BinaryOp::Rem => {
                        return Err(unsupported(
                            x.span,
                            "`%` (Python's modulo differs for negative numbers)",
                        ));
                    }
                    BinaryOp::StrictEq | BinaryOp::LooseEq => format!("({l} == {r})"),
                    BinaryOp::StrictNe | BinaryOp::LooseNe => format!("({l} != {r})"),
                    BinaryOp::Lt => format!("({l} < {r})"),
                    BinaryOp::Le => format!("({l} <= {r})"),
                    BinaryOp::Gt => format!("({l} > {r})"),
                    BinaryOp::Ge => format!("({l} >= {r})"),
                }
            }
            ExprKind::Logical { op, left, right } => match op {
                LogicalOp::And => {
                    let l = self.expr(left)?;
                    let t = self.truthy(left)?;
                    let r = self.expr(right)?;
                    format!("({r} if {t} else {l})")
                }
                LogicalOp::Or => {
                    let l = self.expr(left)?;
                    let t = self.truthy(left)?;
                    let r = self.expr(right)?;
                    format!("({l} if {t} else {r})")
                }
                LogicalOp::Nullish => {
                    let l = self.expr(left)?;
                    let r = self.expr(right)?;
                    format!("({l} if ({l} is defined and {l} is not none) else {r})")
                }
            },
            ExprKind::Cond { test, cons, alt } => {
                let t = self.truthy(test)?;
                format!("({} if {t} else {})", self.expr(cons)?, self.expr(alt)?)
            }
            ExprKind::Element(_) | ExprKind::Fragment(_) => {
                return Err(unsupported(x.span, "a component inside an expression here"));
            }
        })
    }

    /// A Jinja test for "this expression evaluates to `undefined`" (for `typeof`).
    fn undefined_test(&mut self, x: &Expr) -> CResult<String> {
        Ok(match &x.kind {
            ExprKind::Undefined => "true".into(),
            ExprKind::Ident(name) if self.lookup(name).is_none() => {
                format!("({} is not defined)", self.expr(x)?)
            }
            ExprKind::Member {
                obj,
                name,
                optional,
            } if name != "length" => {
                let o = self.expr(obj)?;
                let key = jinja_str(name);
                if *optional {
                    format!("({o} is not defined or {o} is none or {o}[{key}] is not defined)")
                } else {
                    format!("({o}[{key}] is not defined)")
                }
            }
            _ => "false".into(),
        })
    }

    fn method(
        &mut self,
        callee: &Expr,
        args: &[Expr],
        optional: bool,
        span: Span,
    ) -> CResult<String> {
        let ExprKind::Member {
            obj,
            name,
            optional: opt_obj,
        } = &callee.kind
        else {
            return Err(unsupported(span, "calling a value"));
        };
        if optional || *opt_obj {
            return Err(unsupported(span, "optional calls `?.()`"));
        }
        let o = self.expr(obj)?;
        let arg = |c: &mut Compiler, i: usize| -> CResult<String> {
            match args.get(i) {
                Some(a) => c.expr(a),
                None => Ok("none".into()),
            }
        };
        Ok(match (name.as_str(), args.len()) {
            // Jinja's join formats items with Python's str(): faithful for strings and integers.
            ("join", 0) => format!("({o} | join(\",\"))"),
            ("join", 1) => format!("({o} | join({}))", arg(self, 0)?),
            ("slice", n) if n <= 2 => {
                let a = if n >= 1 { arg(self, 0)? } else { String::new() };
                let b = if n == 2 { arg(self, 1)? } else { String::new() };
                format!("{o}[{a}:{b}]")
            }
            ("includes", 1) => format!("({} in {o})", arg(self, 0)?),
            ("indexOf", 1) => {
                let v = arg(self, 0)?;
                format!("(({o}).index({v}) if {v} in {o} else -1)")
            }
            ("toUpperCase", 0) => format!("({o} | upper)"),
            ("toLowerCase", 0) => format!("({o} | lower)"),
            ("trim", 0) => format!("({o} | trim)"),
            ("startsWith", 1) => format!("({o}).startswith({})", arg(self, 0)?),
            ("endsWith", 1) => format!("({o}).endswith({})", arg(self, 0)?),
            ("toFixed", n) if n <= 1 => {
                let d = match args.first() {
                    Some(Expr {
                        kind: ExprKind::Num(d),
                        ..
                    }) if *d >= 0.0 && d.fract() == 0.0 && *d <= 20.0 => *d as usize,
                    None => 0,
                    _ => {
                        return Err(unsupported(
                            span,
                            "toFixed with a computed number of digits",
                        ));
                    }
                };
                format!("(\"%.{d}f\" | format({o}))")
            }
            ("map" | "filter", _) => {
                return Err(unsupported(span, "`.map`/`.filter` inside an expression"));
            }
            _ => return Err(unsupported(span, &format!("`.{name}()`"))),
        })
    }
}

fn arrow(f: &Expr) -> CResult<(&[String], &Expr)> {
    match &f.kind {
        ExprKind::Arrow { params, body } => Ok((params, body)),
        _ => Err(unsupported(
            f.span,
            "a callback that is not an arrow function",
        )),
    }
}

/// Does the expression build objects, arrays or components (which must be written as JSON text)?
fn contains_structure(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Object(_) | ExprKind::Array(_) | ExprKind::Element(_) | ExprKind::Fragment(_) => {
            true
        }
        ExprKind::Cond { cons, alt, .. } => contains_structure(cons) || contains_structure(alt),
        ExprKind::Logical { right, .. } => contains_structure(right),
        ExprKind::Call { callee, .. } => {
            matches!(&callee.kind, ExprKind::Member { name, .. } if name == "map")
        }
        _ => false,
    }
}
