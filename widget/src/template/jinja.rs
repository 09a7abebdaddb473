//! Compiles a JSX view into a Jinja template for the SDK's `WidgetTemplate`.
//!
//! The template builds the widget as a Jinja value and writes it once, at the end, as JSON
//! (`{{ _j(root) }}`). Where Jinja has an expression for a JavaScript construct it is used
//! directly; where it has none (`.map`, `.filter`, `.flat`, spreads into children, objects
//! with spreads…) the value is *accumulated* the way hand-written templates do it:
//!
//! ```jinja
//! {% set r1 = namespace(v=[]) %}{% for i2 in items %}…{% set r1.v = r1.v + [item] %}{% endfor %}
//! ```
//!
//! Every sub-expression may therefore emit statements before the place where its value is
//! used. Statements render nothing, so they can sit anywhere in the template. They run exactly
//! when JavaScript would evaluate the expression: the lazy constructs (`?:`, `&&`, `||`,
//! `??`, `?.[…]`) wrap their lazy operand's statements in `{% if %}` (see [`Compiler::lazy`]).
//!
//! JavaScript semantics are spelt out with a few macros written at the top of every template
//! ([`PRELUDE`]): `_s` is `String(x)` (JavaScript's number formatting included), `_n` is
//! `Number(x)`, `_j` writes JSON with the keys in insertion order (Jinja's `tojson` sorts
//! them), and `_u` stands for `undefined` (distinct from `null`, as in JavaScript). Truthiness
//! is JavaScript's (`[]` and `{}` are truthy); member access is a subscript (`a["items"]`), so
//! data keys never hit dict methods; strings are sliced and measured in UTF-16 units.
//!
//! What cannot be translated is an error that names the construct and says how to rewrite
//! it, never a template that would silently differ.

use std::fmt::Write as _;

use super::ast::*;
use super::eval::js_number_to_string;
use crate::diag::{Code, Diagnostic};
use crate::json::Span;

/// Macros and constants every exported template starts with. None of them writes output.
pub const PRELUDE: &str = concat!(
    "{%- set _u = namespace() -%}",
    // Not constants: Jinja's optimiser would fold them into Python literals that do not exist.
    "{%- set _inf = (1e308 if _u is defined else 0) * 10 -%}",
    "{%- set _nan = _inf - _inf -%}",
    // JavaScript's Number.prototype.toString() for a finite or special number.
    "{%- macro _num(v) -%}",
    "{%- if v != v -%}NaN",
    "{%- elif v * 0 != 0 -%}{{ \"Infinity\" if v > 0 else \"-Infinity\" }}",
    "{%- elif v == (v | int) and (v | abs) < 9007199254740992 -%}{{ v | int }}",
    "{%- else -%}{%- set r = ((v | float) ~ \"\") -%}",
    "{%- if \"e\" in r -%}{%- set p = r.split(\"e\") -%}{%- set e = p[1] | int -%}",
    "{%- set d = p[0] | replace(\"-\", \"\") | replace(\".\", \"\") -%}",
    "{%- if e >= 21 or e < -6 -%}{{ p[0] }}e{{ \"+\" if e > 0 else \"-\" }}{{ e | abs }}",
    "{%- elif e < 0 -%}{{ \"-\" if v < 0 else \"\" }}0.{{ \"0\" * (-e - 1) }}{{ d }}",
    "{%- else -%}{{ \"-\" if v < 0 else \"\" }}{{ d }}{{ \"0\" * (e + 1 - (d | length)) }}",
    "{%- endif -%}",
    "{%- elif r[-2:] == \".0\" -%}{{ r[:-2] }}",
    "{%- else -%}{{ r }}{%- endif -%}",
    "{%- endif -%}",
    "{%- endmacro -%}",
    // String(v)
    "{%- macro _s(v) -%}",
    "{%- if v is sameas _u -%}undefined",
    "{%- elif v is none -%}null",
    "{%- elif v is sameas true -%}true",
    "{%- elif v is sameas false -%}false",
    "{%- elif v is string -%}{{ v }}",
    "{%- elif v is number -%}{{ _num(v) }}",
    "{%- elif v is mapping -%}[object Object]",
    "{%- elif v is iterable -%}{%- for x in v -%}{{ \",\" if not loop.first else \"\" }}{{ \"\" if (x is none or x is sameas _u) else _s(x) }}{%- endfor -%}",
    "{%- else -%}{{ v }}{%- endif -%}",
    "{%- endmacro -%}",
    // Number(v), as text for `| float`.
    "{%- macro _n(v) -%}",
    "{%- if v is sameas _u -%}nan",
    "{%- elif v is none or v is sameas false -%}0",
    "{%- elif v is sameas true -%}1",
    "{%- elif v is number -%}{{ v | float }}",
    "{%- elif v is string -%}{%- set t = v | trim -%}{{ 0 if t == \"\" else (t | float(_nan)) }}",
    "{%- elif v is mapping -%}nan",
    "{%- elif v is iterable -%}{{ 0 if (v | length) == 0 else (_n(v[0]) if (v | length) == 1 else \"nan\") }}",
    "{%- else -%}nan{%- endif -%}",
    "{%- endmacro -%}",
    // JavaScript truthiness: "1" or "".
    "{%- macro _t(v) -%}{{ \"1\" if (v is not none and v is not sameas _u and v is not false and v == v and v != 0 and v != \"\") else \"\" }}{%- endmacro -%}",
    // a === b: "1" or "" (arrays and objects by identity).
    "{%- macro _se(a, b) -%}",
    "{%- if (a is iterable and a is not string) or (b is iterable and b is not string) -%}{{ \"1\" if a is sameas b else \"\" }}",
    "{%- else -%}{{ \"1\" if (a == b and (a is boolean) == (b is boolean) and (a is none) == (b is none) and (a is sameas _u) == (b is sameas _u)) else \"\" }}",
    "{%- endif -%}{%- endmacro -%}",
    // a == b: "1" or "".
    "{%- macro _le(a, b) -%}",
    "{%- set na = a is none or a is sameas _u -%}{%- set nb = b is none or b is sameas _u -%}",
    "{%- set oa = a is iterable and a is not string -%}{%- set ob = b is iterable and b is not string -%}",
    "{%- if na or nb -%}{{ \"1\" if na and nb else \"\" }}",
    "{%- elif oa and ob -%}{{ \"1\" if a is sameas b else \"\" }}",
    "{%- elif oa and b is string -%}{{ \"1\" if _s(a) == b else \"\" }}",
    "{%- elif ob and a is string -%}{{ \"1\" if a == _s(b) else \"\" }}",
    "{%- elif (a is string) == (b is string) and (a is boolean) == (b is boolean) and not oa and not ob -%}{{ \"1\" if a == b else \"\" }}",
    "{%- else -%}{{ \"1\" if (_n(a) | float) == (_n(b) | float) else \"\" }}",
    "{%- endif -%}{%- endmacro -%}",
    // Relational comparison: "-1", "0", "1", or "n" (unordered, NaN); strings by UTF-16 units.
    "{%- macro _cmp(a, b) -%}",
    "{%- if a is string and b is string -%}{%- set x = a.encode(\"utf-16-be\") -%}{%- set y = b.encode(\"utf-16-be\") -%}{{ \"-1\" if x < y else \"1\" if x > y else \"0\" }}",
    "{%- else -%}{%- set x = _n(a) | float -%}{%- set y = _n(b) | float -%}{{ \"-1\" if x < y else \"1\" if x > y else \"0\" if x == y else \"n\" }}",
    "{%- endif -%}{%- endmacro -%}",
    // .length of a string (UTF-16 units) or an array.
    "{%- macro _len(v) -%}{{ ((v.encode(\"utf-16-le\") | length) // 2) if v is string else (v | length) }}{%- endmacro -%}",
    // JSON.stringify(v), keys in insertion order.
    "{%- macro _j(v) -%}",
    "{%- if v is none or v is sameas _u -%}null",
    "{%- elif v is sameas true -%}true",
    "{%- elif v is sameas false -%}false",
    "{%- elif v is string -%}{{ v | tojson }}",
    "{%- elif v is number -%}{{ \"null\" if (v != v or v * 0 != 0) else _num(v) }}",
    "{%- elif v is mapping -%}{{ \"{\" }}{%- for k, x in v.items() if x is not sameas _u -%}{{ \",\" if not loop.first else \"\" }}{{ k | string | tojson }}:{{ _j(x) }}{%- endfor -%}{{ \"}\" }}",
    "{%- elif v is iterable -%}[{%- for x in v -%}{{ \",\" if not loop.first else \"\" }}{{ _j(x) }}{%- endfor -%}]",
    "{%- else -%}{{ v | tojson }}{%- endif -%}",
    "{%- endmacro -%}",
);

/// Compiles a parsed view to a Jinja template.
pub fn compile(view: &super::View) -> Result<String, Diagnostic> {
    let mut c = Compiler {
        out: String::new(),
        scopes: Vec::new(),
        counter: 0,
    };
    let root = view.ast();
    let ExprKind::Element(el) = &root.kind else {
        return Err(unsupported(
            root.span,
            "a root that is not a single element",
            "wrap the view in one root component such as <Card>",
        ));
    };
    let r = c.element(el)?;
    Ok(format!("{PRELUDE}{}{{{{ _j({r}) }}}}", c.out))
}

struct Compiler {
    /// Statements emitted so far (they render nothing).
    out: String,
    /// JavaScript names bound by arrow parameters → Jinja expressions.
    scopes: Vec<Vec<(String, String)>>,
    counter: usize,
}

type CResult<T> = Result<T, Diagnostic>;

fn unsupported(span: Span, what: &str, rewrite: &str) -> Diagnostic {
    Diagnostic::new(
        Code::TemplateExport,
        "view",
        span,
        format!(
            "{what} cannot be exported to a .widget template (the preview evaluates it, but Jinja cannot compute it the same way); {rewrite} (see docs/template-language.md)"
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

/// A Jinja number literal with the value of `n` (finite).
fn jinja_num(n: f64) -> String {
    if n == 0.0 && n.is_sign_negative() {
        return "-0.0".into();
    }
    let s = js_number_to_string(n);
    if s.contains('e') || n.abs() >= 9007199254740992.0 {
        format!("{n:?}")
    } else {
        s
    }
}

/// Is this Jinja expression a plain name (or literal), cheap and safe to repeat?
fn is_atom(e: &str) -> bool {
    let plain = |s: &str| {
        !s.is_empty()
            && s.split('.').all(|p| {
                p.chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                    && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            })
    };
    plain(e)
        || e.parse::<f64>().is_ok()
        || (e.starts_with('"')
            && e.ends_with('"')
            && e.len() >= 2
            && !e[1..e.len() - 1].contains('"'))
}

/// `x` is `null` or `undefined`.
fn nullish(x: &str) -> String {
    format!("({x} is none or {x} is sameas _u)")
}

/// JavaScript truthiness of an atom (a Jinja test).
fn truthy_atom(x: &str) -> String {
    match x {
        "true" => "true".into(),
        "false" | "none" | "_u" => "false".into(),
        _ => format!("_t({x})"),
    }
}

/// Number(x) of an atom, as a float.
fn num_of(x: &str) -> String {
    if x.parse::<f64>().is_ok() {
        x.to_string()
    } else {
        format!("(_n({x}) | float)")
    }
}

/// String(x) of an atom.
fn str_of(x: &str) -> String {
    if x.starts_with('"') {
        x.to_string()
    } else {
        format!("_s({x})")
    }
}

/// An integer argument (ToIntegerOrInfinity, NaN → 0) from an atom.
fn int_of(x: &str) -> String {
    match x.parse::<f64>() {
        Ok(n) if n.is_finite() => format!("{}", n.trunc() as i64),
        _ => format!("({} | int)", num_of(x)),
    }
}

/// JavaScript's `===` on two atoms (a Jinja test).
fn strict_eq(l: &str, r: &str) -> String {
    format!("_se({l}, {r})")
}

/// JavaScript's `==` on two atoms (a Jinja test).
fn loose_eq(l: &str, r: &str) -> String {
    format!("_le({l}, {r})")
}

/// UTF-16 code units of a Jinja string atom, as bytes.
fn utf16(x: &str) -> String {
    format!("({x}).encode(\"utf-16-le\")")
}

const RESERVED: &[&str] = &[
    "and",
    "or",
    "not",
    "in",
    "is",
    "if",
    "else",
    "true",
    "false",
    "none",
    "True",
    "False",
    "None",
    "loop",
    "namespace",
    "self",
    "varargs",
    "kwargs",
    "caller",
];

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

    /// Binds an expression to a fresh variable unless it is already an atom.
    fn atom(&mut self, e: String) -> String {
        if is_atom(&e) {
            return e;
        }
        let t = self.fresh("_t");
        let _ = write!(self.out, "{{%- set {t} = {e} -%}}");
        t
    }

    /// An attribute's value as Jinja: `None` for an explicit `{undefined}` (the prop is left
    /// out). `atom` compiles an expression as a self-contained value (see [`Self::atom_of`]).
    fn attr_value(&mut self, value: &AttrValue, atom: bool) -> CResult<Option<String>> {
        Ok(Some(match value {
            AttrValue::True => "true".to_string(),
            AttrValue::Str(s, _) => jinja_str(s),
            AttrValue::Expr(Expr {
                kind: ExprKind::Undefined,
                ..
            }) => return Ok(None),
            AttrValue::Expr(x) if atom => self.atom_of(x)?,
            AttrValue::Expr(x) => self.expr(x)?,
        }))
    }

    fn atom_of(&mut self, x: &Expr) -> CResult<String> {
        let e = self.expr(x)?;
        Ok(self.atom(e))
    }

    /// Compiles `x`, which JavaScript evaluates only when the Jinja test `cond` holds. Its
    /// statements (if any) run under `{% if cond %}`; the result is an expression to use in
    /// the branch of a conditional expression that `cond` selects.
    fn lazy(&mut self, cond: &str, x: &Expr, lenient: bool) -> CResult<String> {
        let saved = std::mem::take(&mut self.out);
        let e = if lenient {
            self.expr_lenient(x)
        } else {
            self.expr(x)
        };
        let stmts = std::mem::replace(&mut self.out, saved);
        let e = e?;
        if stmts.is_empty() {
            return Ok(e);
        }
        let g = self.fresh("_g");
        let _ = write!(
            self.out,
            "{{%- set {g} = namespace(v=_u) -%}}{{%- if {cond} -%}}{stmts}{{%- set {g}.v = {e} -%}}{{%- endif -%}}"
        );
        Ok(format!("{g}.v"))
    }

    // ---- components -----------------------------------------------------------

    /// An element as a Jinja dict.
    fn element(&mut self, el: &Element) -> CResult<String> {
        // The preview finds unknown components only when it reaches them with data; the
        // export checks every element, whatever the data.
        if crate::spec::component(&el.name).is_none() {
            let hint =
                crate::diag::did_you_mean(&el.name, crate::spec::COMPONENTS.iter().map(|c| c.name))
                    .map(|h| format!(" — did you mean {h}?"))
                    .unwrap_or_default();
            return Err(Diagnostic::new(
                Code::UnknownComponent,
                "view",
                el.name_span,
                format!("unknown component <{}>{hint}", el.name),
            ));
        }
        let mut names: Vec<&str> = Vec::new();
        let mut simple = true;
        for a in &el.attrs {
            match a {
                Attr::Named { name, .. } => {
                    if names.contains(&name.as_str()) {
                        simple = false;
                    }
                    names.push(name);
                }
                Attr::Spread(_) => simple = false,
            }
        }
        let has_children = el
            .children
            .as_ref()
            .is_some_and(|cs| cs.iter().any(|c| !matches!(c, Child::Empty)));
        if has_children && names.contains(&"children") {
            simple = false;
        }
        if simple {
            let mut parts = vec![format!("\"type\": {}", jinja_str(&el.name))];
            for a in &el.attrs {
                if let Attr::Named { name, value, .. } = a {
                    let Some(v) = self.attr_value(value, false)? else {
                        continue;
                    };
                    parts.push(format!("{}: {v}", jinja_str(name)));
                }
            }
            if has_children {
                let cs = self.children_list(el.children.as_deref().unwrap_or(&[]))?;
                parts.push(format!("\"children\": {cs}"));
            }
            return Ok(format!("{{{}}}", parts.join(", ")));
        }
        // Props set one by one: a later prop replaces an earlier one in its place.
        let d = self.fresh("_d");
        let _ = write!(
            self.out,
            "{{%- set {d} = {{\"type\": {}}} -%}}",
            jinja_str(&el.name)
        );
        for a in &el.attrs {
            match a {
                Attr::Named { name, value, .. } => {
                    let Some(v) = self.attr_value(value, true)? else {
                        continue;
                    };
                    let _ = write!(
                        self.out,
                        "{{%- if {v} is not sameas _u and {d}.update({{{}: {v}}}) -%}}{{%- endif -%}}",
                        jinja_str(name)
                    );
                }
                Attr::Spread(x) => {
                    let o = self.atom_of(x)?;
                    let (k, v) = (self.fresh("_k"), self.fresh("_v"));
                    let _ = write!(
                        self.out,
                        "{{%- if {o} is mapping -%}}{{%- for {k}, {v} in {o}.items() -%}}{{%- if {k} != \"type\" and {v} is not sameas _u and {d}.update({{{k}: {v}}}) -%}}{{%- endif -%}}{{%- endfor -%}}{{%- endif -%}}"
                    );
                }
            }
        }
        if has_children {
            let cs = self.children_list(el.children.as_deref().unwrap_or(&[]))?;
            let _ = write!(
                self.out,
                "{{%- if {d}.update({{\"children\": {cs}}}) -%}}{{%- endif -%}}"
            );
        }
        Ok(d)
    }

    /// Children as a Jinja list: components kept, arrays flattened, `null`, `undefined`,
    /// booleans and `""` dropped.
    fn children_list(&mut self, children: &[Child]) -> CResult<String> {
        fn is_static(c: &Child) -> bool {
            match c {
                Child::Element(_) | Child::Empty => true,
                Child::Fragment(cs, _) => cs.iter().all(is_static),
                _ => false,
            }
        }
        if children.iter().all(is_static) {
            let mut items = Vec::new();
            self.static_children(children, &mut items)?;
            return Ok(format!("[{}]", items.join(", ")));
        }
        let acc = self.fresh("_c");
        let _ = write!(self.out, "{{%- set {acc} = namespace(v=[]) -%}}");
        self.accumulate_children(children, &acc)?;
        Ok(format!("{acc}.v"))
    }

    fn static_children(&mut self, children: &[Child], items: &mut Vec<String>) -> CResult<()> {
        for c in children {
            match c {
                Child::Element(el) => {
                    let e = self.element(el)?;
                    items.push(e);
                }
                Child::Fragment(cs, _) => self.static_children(cs, items)?,
                _ => {}
            }
        }
        Ok(())
    }

    fn accumulate_children(&mut self, children: &[Child], acc: &str) -> CResult<()> {
        for c in children {
            match c {
                Child::Empty => {}
                Child::Text(_, span) => {
                    return Err(unsupported(
                        *span,
                        "text as a child",
                        "write <Text value=\"…\" /> (the preview rejects it too)",
                    ));
                }
                Child::Element(el) => {
                    let e = self.element(el)?;
                    let _ = write!(self.out, "{{%- set {acc}.v = {acc}.v + [{e}] -%}}");
                }
                Child::Fragment(cs, _) => self.accumulate_children(cs, acc)?,
                Child::Expr(x) => match &x.kind {
                    ExprKind::Element(el) => {
                        let e = self.element(el)?;
                        let _ = write!(self.out, "{{%- set {acc}.v = {acc}.v + [{e}] -%}}");
                    }
                    ExprKind::Undefined | ExprKind::Null | ExprKind::Bool(_) => {}
                    _ => {
                        let v = self.expr(x)?;
                        let q = self.fresh("_q");
                        let _ = write!(
                            self.out,
                            "{{%- for {q} in [{v}] recursive -%}}{{%- if {q} is mapping -%}}{{%- set {acc}.v = {acc}.v + [{q}] -%}}{{%- elif {q} is iterable and {q} is not string -%}}{{{{- loop({q}) -}}}}{{%- endif -%}}{{%- endfor -%}}"
                        );
                    }
                },
            }
        }
        Ok(())
    }

    // ---- expressions ----------------------------------------------------------

    /// A Jinja expression for a JavaScript expression in a position where reading a missing
    /// property gives `undefined` (the operand of `typeof`, the left of `??`).
    fn expr_lenient(&mut self, x: &Expr) -> CResult<String> {
        match &x.kind {
            ExprKind::Ident(name) if self.lookup(name).is_none() => {
                let e = self.expr(x)?;
                let _ = name;
                Ok(format!("({e} if {e} is defined else _u)"))
            }
            ExprKind::Member { obj, name, .. } => {
                let o = self.expr_lenient(obj)?;
                let o = self.atom(o);
                Ok(self.member(&o, name, true))
            }
            ExprKind::Index {
                obj,
                index,
                optional,
            } => {
                let o = self.expr_lenient(obj)?;
                let o = self.atom(o);
                let i = if *optional {
                    self.lazy(&format!("not {}", nullish(&o)), index, false)?
                } else {
                    self.expr(index)?
                };
                let i = self.atom(i);
                Ok(self.index(&o, &i, true))
            }
            _ => self.expr(x),
        }
    }

    /// `o.name` on an atom; `may_miss`: a missing property is `undefined`.
    fn member(&mut self, o: &str, name: &str, may_miss: bool) -> String {
        let key = jinja_str(name);
        if name == "length" {
            let len = format!("(_len({o}) | int)");
            return if may_miss {
                format!(
                    "({o}[{key}] if ({o} is mapping and {key} in {o}) else {len} if {o} is iterable else _u)"
                )
            } else {
                format!("({o}[{key}] if {o} is mapping else {len})")
            };
        }
        if may_miss {
            format!("({o}[{key}] if ({o} is mapping and {key} in {o}) else _u)")
        } else {
            format!("{o}[{key}]")
        }
    }

    /// `o[i]` on atoms.
    fn index(&mut self, o: &str, i: &str, may_miss: bool) -> String {
        let seq = format!(
            "({i} is number and {i} is not boolean and {i} >= 0 and {i} == ({i} | int) and {i} < ({o} | length))"
        );
        let s = format!(
            "({}[2 * ({i} | int):2 * ({i} | int) + 2].decode(\"utf-16-le\", \"replace\"))",
            utf16(o)
        );
        if !may_miss && i.parse::<u32>().is_ok() {
            return format!("({o}[{i}] if {o} is not string else {s})");
        }
        if may_miss {
            format!(
                "(_u if {nn} else ({s} if {i} is number and {i} is not boolean and {i} >= 0 and {i} == ({i} | int) and {i} < (({u}) | length) // 2 else _u) if {o} is string else ({o}[{i} | int] if {seq} else _u) if ({o} is iterable and {o} is not mapping) else ({o}[_s({i})] if ({o} is mapping and _s({i}) in {o}) else _u))",
                nn = nullish(o),
                u = utf16(o),
            )
        } else {
            format!(
                "({s} if ({o} is string and {i} is number) else {o}[{i} | int] if ({i} is number and {i} is not boolean and {o} is not mapping) else {o}[{i} if {i} is string else _s({i})])"
            )
        }
    }

    fn truthy(&mut self, x: &Expr) -> CResult<String> {
        Ok(match &x.kind {
            ExprKind::Bool(true) => "true".into(),
            ExprKind::Bool(false) | ExprKind::Undefined | ExprKind::Null => "false".into(),
            // These are Python booleans already.
            ExprKind::Unary {
                op: UnaryOp::Not, ..
            } => self.expr(x)?,
            ExprKind::Binary { op, .. }
                if !matches!(
                    op,
                    BinaryOp::Add | BinaryOp::Sub | BinaryOp::Mul | BinaryOp::Div | BinaryOp::Rem
                ) =>
            {
                self.expr(x)?
            }
            _ => {
                let a = self.atom_of(x)?;
                truthy_atom(&a)
            }
        })
    }

    fn expr(&mut self, x: &Expr) -> CResult<String> {
        Ok(match &x.kind {
            ExprKind::Undefined => "_u".into(),
            ExprKind::Null => "none".into(),
            ExprKind::Bool(b) => if *b { "true" } else { "false" }.into(),
            ExprKind::Num(n) => {
                if n.is_finite() {
                    jinja_num(*n)
                } else if n.is_nan() {
                    "_nan".into()
                } else if *n > 0.0 {
                    "_inf".into()
                } else {
                    "(-_inf)".into()
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
                        let a = self.atom_of(e)?;
                        parts.push(str_of(&a));
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
                    if RESERVED.contains(&name.as_str()) || name.starts_with('_') {
                        return Err(unsupported(
                            x.span,
                            &format!("a data field named `{name}` (reserved in Jinja)"),
                            "rename the field in the data and the view",
                        ));
                    }
                    if name.contains('$') {
                        return Err(unsupported(
                            x.span,
                            &format!(
                                "a data field named `{name}` (`$` is not allowed in Jinja names)"
                            ),
                            "rename the field in the data and the view",
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
                let o = self.atom_of(obj)?;
                self.member(&o, name, *optional)
            }
            ExprKind::Index {
                obj,
                index,
                optional,
            } => {
                let o = self.atom_of(obj)?;
                let i = if *optional {
                    self.lazy(&format!("not {}", nullish(&o)), index, false)?
                } else {
                    self.expr(index)?
                };
                let i = self.atom(i);
                self.index(&o, &i, *optional)
            }
            ExprKind::Call {
                callee,
                args,
                optional,
            } => self.call(callee, args, *optional, x.span)?,
            ExprKind::Array(items) => {
                let mut parts = Vec::new();
                let mut chunks = Vec::new();
                for it in items {
                    match it {
                        ArrayItem::Item(e) => parts.push(self.expr(e)?),
                        ArrayItem::Spread(e) => {
                            if !parts.is_empty() {
                                chunks.push(format!("[{}]", parts.join(", ")));
                                parts.clear();
                            }
                            let s = self.expr(e)?;
                            chunks.push(format!("(({s}) | list)"));
                        }
                    }
                }
                if !parts.is_empty() || chunks.is_empty() {
                    chunks.push(format!("[{}]", parts.join(", ")));
                }
                if chunks.len() == 1 {
                    chunks.pop().unwrap_or_default()
                } else {
                    format!("({})", chunks.join(" + "))
                }
            }
            ExprKind::Object(items) => self.object(items)?,
            ExprKind::Arrow { .. } => {
                return Err(unsupported(
                    x.span,
                    "a function outside .map/.filter/.reduce",
                    "pass it directly to .map, .filter or .reduce, or compute the value inline",
                ));
            }
            ExprKind::Unary { op, expr } => match op {
                UnaryOp::Not => format!("(not {})", self.truthy(expr)?),
                UnaryOp::Neg => {
                    if let ExprKind::Num(n) = expr.kind
                        && n.is_finite()
                    {
                        format!("({})", jinja_num(-n))
                    } else {
                        let a = self.atom_of(expr)?;
                        format!("(-{})", num_of(&a))
                    }
                }
                UnaryOp::Plus => {
                    let a = self.atom_of(expr)?;
                    num_of(&a)
                }
                UnaryOp::TypeOf => {
                    let v = self.expr_lenient(expr)?;
                    let v = self.atom(v);
                    format!(
                        "(\"undefined\" if {v} is sameas _u else \"object\" if ({v} is none or {v} is iterable) and {v} is not string else \"boolean\" if {v} is boolean else \"number\" if {v} is number else \"string\")"
                    )
                }
            },
            ExprKind::Binary { op, left, right } => self.binary(*op, left, right)?,
            ExprKind::Logical { op, left, right } => match op {
                LogicalOp::And => {
                    let l = self.atom_of(left)?;
                    let t = truthy_atom(&l);
                    let r = self.lazy(&t, right, false)?;
                    format!("({r} if {t} else {l})")
                }
                LogicalOp::Or => {
                    let l = self.atom_of(left)?;
                    let t = truthy_atom(&l);
                    let r = self.lazy(&format!("not {t}"), right, false)?;
                    format!("({l} if {t} else {r})")
                }
                LogicalOp::Nullish => {
                    let l = self.expr_lenient(left)?;
                    let l = self.atom(l);
                    let n = nullish(&l);
                    let r = self.lazy(&n, right, false)?;
                    format!("({r} if {n} else {l})")
                }
            },
            ExprKind::Cond { test, cons, alt } => {
                let t = self.truthy(test)?;
                let c = self.lazy(&t, cons, false)?;
                let a = self.lazy(&format!("not {t}"), alt, false)?;
                format!("({c} if {t} else {a})")
            }
            ExprKind::Element(el) => self.element(el)?,
            ExprKind::Fragment(cs) => self.children_list(cs)?,
        })
    }

    fn object(&mut self, items: &[ObjectItem]) -> CResult<String> {
        let mut keys: Vec<&str> = Vec::new();
        let mut simple = true;
        for it in items {
            match it {
                ObjectItem::Prop { key, .. } if !keys.contains(&key.as_str()) => keys.push(key),
                _ => simple = false,
            }
        }
        if simple {
            let mut parts = Vec::new();
            for it in items {
                if let ObjectItem::Prop { key, value, .. } = it {
                    parts.push(format!("{}: {}", jinja_str(key), self.expr(value)?));
                }
            }
            return Ok(format!("{{{}}}", parts.join(", ")));
        }
        let d = self.fresh("_o");
        let _ = write!(self.out, "{{%- set {d} = {{}} -%}}");
        for it in items {
            match it {
                ObjectItem::Prop { key, value, .. } => {
                    let v = self.expr(value)?;
                    let _ = write!(
                        self.out,
                        "{{%- if {d}.update({{{}: {v}}}) -%}}{{%- endif -%}}",
                        jinja_str(key)
                    );
                }
                ObjectItem::Computed { key, value } => {
                    let k = self.atom_of(key)?;
                    let v = self.expr(value)?;
                    let _ = write!(
                        self.out,
                        "{{%- if {d}.update({{{}: {v}}}) -%}}{{%- endif -%}}",
                        str_of(&k)
                    );
                }
                ObjectItem::Spread(e) => {
                    let s = self.atom_of(e)?;
                    let _ = write!(
                        self.out,
                        "{{%- if {s} is mapping and {d}.update({s}) -%}}{{%- endif -%}}"
                    );
                }
            }
        }
        Ok(d)
    }

    fn binary(&mut self, op: BinaryOp, left: &Expr, right: &Expr) -> CResult<String> {
        // `x == null`, `x != undefined`: nullness tests.
        let is_nullish = |e: &Expr| matches!(e.kind, ExprKind::Null | ExprKind::Undefined);
        if matches!(op, BinaryOp::LooseEq | BinaryOp::LooseNe)
            && (is_nullish(left) || is_nullish(right))
        {
            let other = if is_nullish(left) { right } else { left };
            let o = self.atom_of(other)?;
            let n = nullish(&o);
            return Ok(if op == BinaryOp::LooseEq {
                n
            } else {
                format!("(not {n})")
            });
        }
        let l = self.atom_of(left)?;
        let r = self.atom_of(right)?;
        let (nl, nr) = (num_of(&l), num_of(&r));
        Ok(match op {
            BinaryOp::Add => {
                let lit_str =
                    |e: &Expr| matches!(e.kind, ExprKind::Str(_) | ExprKind::Template { .. });
                if lit_str(left) || lit_str(right) {
                    format!("({} ~ {})", str_of(&l), str_of(&r))
                } else {
                    format!(
                        "(({} ~ {}) if ({l} is iterable or {r} is iterable) else ({nl} + {nr}))",
                        str_of(&l),
                        str_of(&r)
                    )
                }
            }
            BinaryOp::Sub => format!("({nl} - {nr})"),
            BinaryOp::Mul => format!("({nl} * {nr})"),
            BinaryOp::Div => {
                let (a, b) = (self.atom(nl), self.atom(nr));
                format!(
                    "(({a} / {b}) if {b} != 0 else (_nan if ({a} == 0 or {a} != {a}) else (_inf if ({a} > 0) == (({b} ~ \"\")[:1] != \"-\") else -_inf)))"
                )
            }
            BinaryOp::Rem => {
                let (a, b) = (self.atom(nl), self.atom(nr));
                // JavaScript's % is fmod (the dividend's sign); Python's % on two non-negative
                // operands is exactly that, so work on magnitudes and put the sign back.
                format!(
                    "(_nan if ({b} == 0 or {b} != {b} or {a} != {a} or {a} * 0 != 0) else {a} if {b} * 0 != 0 else ((({a} | abs) % ({b} | abs)) * (1 if {a} >= 0 else -1)))"
                )
            }
            BinaryOp::StrictEq => format!("({} == \"1\")", strict_eq(&l, &r)),
            BinaryOp::StrictNe => format!("({} != \"1\")", strict_eq(&l, &r)),
            BinaryOp::LooseEq => format!("({} == \"1\")", loose_eq(&l, &r)),
            BinaryOp::LooseNe => format!("({} != \"1\")", loose_eq(&l, &r)),
            BinaryOp::Lt => format!("(_cmp({l}, {r}) == \"-1\")"),
            BinaryOp::Le => format!("(_cmp({l}, {r}) in (\"-1\", \"0\"))"),
            BinaryOp::Gt => format!("(_cmp({l}, {r}) == \"1\")"),
            BinaryOp::Ge => format!("(_cmp({l}, {r}) in (\"1\", \"0\"))"),
        })
    }

    /// Binds arrow parameters (item, index, array) to Jinja expressions.
    fn bind(&mut self, params: &[String], values: &[&str]) {
        let scope = params
            .iter()
            .zip(
                values
                    .iter()
                    .map(|v| v.to_string())
                    .chain(std::iter::repeat("_u".to_string())),
            )
            .map(|(p, v)| (p.clone(), v))
            .collect();
        self.scopes.push(scope);
    }

    fn call(
        &mut self,
        callee: &Expr,
        args: &[Expr],
        optional: bool,
        span: Span,
    ) -> CResult<String> {
        let (obj, name, opt_member) = match &callee.kind {
            ExprKind::Member {
                obj,
                name,
                optional,
            } => (obj, name, *optional),
            ExprKind::Arrow { params, body } => {
                // An arrow called in place: `((x) => …)(value)`.
                let mut vals = Vec::new();
                for a in args {
                    vals.push(self.atom_of(a)?);
                }
                let refs: Vec<&str> = vals.iter().map(String::as_str).collect();
                self.bind(params, &refs);
                let r = self.expr(body);
                self.scopes.pop();
                return r;
            }
            _ => {
                return Err(unsupported(
                    span,
                    "calling a value that is not a method",
                    "call one of the supported methods, or write the arrow function in place",
                ));
            }
        };
        let o = self.atom_of(obj)?;
        if optional || opt_member {
            // `a?.m()`: undefined when `a` is null or undefined, without evaluating the call.
            let n = nullish(&o);
            let saved = std::mem::take(&mut self.out);
            let r = self.method(&o, name, args, span);
            let stmts = std::mem::replace(&mut self.out, saved);
            let r = r?;
            let g = self.fresh("_g");
            let _ = write!(
                self.out,
                "{{%- set {g} = namespace(v=_u) -%}}{{%- if not {n} -%}}{stmts}{{%- set {g}.v = {r} -%}}{{%- endif -%}}"
            );
            return Ok(format!("{g}.v"));
        }
        self.method(&o, name, args, span)
    }

    /// A callback argument: an arrow function.
    fn callback<'e>(
        &self,
        args: &'e [Expr],
        name: &str,
        span: Span,
    ) -> CResult<(&'e [String], &'e Expr)> {
        match args.first().map(|a| &a.kind) {
            Some(ExprKind::Arrow { params, body }) => Ok((params, body)),
            _ => Err(unsupported(
                args.first().map_or(span, |a| a.span),
                &format!("`.{name}` with a callback that is not an arrow function"),
                &if name == "reduce" {
                    "write the function in place: .reduce((sum, item, index) => …, start)"
                        .to_string()
                } else {
                    format!("write the function in place: .{name}((item, index) => …)")
                },
            )),
        }
    }

    fn method(&mut self, o: &str, name: &str, args: &[Expr], span: Span) -> CResult<String> {
        let arg = |c: &mut Compiler, i: usize| -> CResult<Option<String>> {
            match args.get(i) {
                Some(a) => Ok(Some(c.atom_of(a)?)),
                None => Ok(None),
            }
        };
        Ok(match name {
            "map" | "filter" => {
                let (params, body) = self.callback(args, name, span)?;
                let (acc, item, idx) = (self.fresh("_r"), self.fresh("_i"), self.fresh("_n"));
                let _ = write!(
                    self.out,
                    "{{%- set {acc} = namespace(v=[]) -%}}{{%- for {item} in {o} -%}}{{%- set {idx} = loop.index0 -%}}"
                );
                self.bind(params, &[item.as_str(), idx.as_str(), o]);
                let r = if name == "map" {
                    self.expr(body).map(|b| {
                        let _ = write!(self.out, "{{%- set {acc}.v = {acc}.v + [{b}] -%}}");
                    })
                } else {
                    self.truthy(body).map(|t| {
                        let _ = write!(
                            self.out,
                            "{{%- if {t} -%}}{{%- set {acc}.v = {acc}.v + [{item}] -%}}{{%- endif -%}}"
                        );
                    })
                };
                self.scopes.pop();
                r?;
                self.out.push_str("{%- endfor -%}");
                format!("{acc}.v")
            }
            "reduce" => {
                let (params, body) = self.callback(args, name, span)?;
                // Without a start value JavaScript starts from the first item and fails on an
                // empty list; a template would quietly give undefined there instead.
                let Some(start) = arg(self, 1)? else {
                    return Err(unsupported(
                        span,
                        "`.reduce` without a start value",
                        "give one: .reduce((sum, x) => sum + x, 0)",
                    ));
                };
                let (acc, item, idx) = (self.fresh("_r"), self.fresh("_i"), self.fresh("_n"));
                let _ = write!(
                    self.out,
                    "{{%- set {acc} = namespace(v={start}) -%}}{{%- for {item} in {o} -%}}{{%- set {idx} = loop.index0 -%}}"
                );
                let so_far = format!("{acc}.v");
                self.bind(params, &[so_far.as_str(), item.as_str(), idx.as_str(), o]);
                let r = self.expr(body).map(|b| {
                    let _ = write!(self.out, "{{%- set {acc}.v = {b} -%}}");
                });
                self.scopes.pop();
                r?;
                self.out.push_str("{%- endfor -%}");
                so_far
            }
            "flat" => {
                let depth = match arg(self, 0)? {
                    None => "1".to_string(),
                    Some(d) => {
                        let n = self.atom(num_of(&d));
                        format!("{n} if {n} == {n} else 0")
                    }
                };
                let (acc, q) = (self.fresh("_r"), self.fresh("_q"));
                let _ = write!(
                    self.out,
                    "{{%- set {acc} = namespace(v=[]) -%}}{{%- for {q} in {o} recursive -%}}{{%- if {q} is iterable and {q} is not string and {q} is not mapping and loop.depth <= ({depth}) -%}}{{{{- loop({q}) -}}}}{{%- else -%}}{{%- set {acc}.v = {acc}.v + [{q}] -%}}{{%- endif -%}}{{%- endfor -%}}"
                );
                format!("{acc}.v")
            }
            "join" => {
                let sep = match arg(self, 0)? {
                    None => "\",\"".to_string(),
                    Some(s) => format!("(\",\" if {s} is sameas _u else {})", str_of(&s)),
                };
                let (acc, q) = (self.fresh("_r"), self.fresh("_q"));
                let _ = write!(
                    self.out,
                    "{{%- set {acc} = namespace(v=[]) -%}}{{%- for {q} in {o} -%}}{{%- set {acc}.v = {acc}.v + [\"\" if {} else _s({q})] -%}}{{%- endfor -%}}",
                    nullish(&q)
                );
                format!("({acc}.v | join({sep}))")
            }
            "slice" => {
                let a = arg(self, 0)?;
                let b = arg(self, 1)?;
                let ia = a.as_deref().map(int_of).unwrap_or_else(|| "0".into());
                let ib = b.as_deref().map(int_of);
                let (ia, ib) = (self.atom(ia), ib.map(|b| self.atom(b)));
                let s_end = ib.as_ref().map(|b| format!("2 * {b}")).unwrap_or_default();
                let l_end = ib.clone().unwrap_or_default();
                format!(
                    "({}[2 * {ia}:{s_end}].decode(\"utf-16-le\", \"replace\") if {o} is string else {o}[{ia}:{l_end}])",
                    utf16(o)
                )
            }
            "includes" | "indexOf" => {
                let x = arg(self, 0)?.unwrap_or_else(|| "_u".into());
                let (acc, q) = (self.fresh("_r"), self.fresh("_q"));
                let eq = strict_eq(&q, &x);
                if name == "includes" {
                    // SameValueZero: NaN is found.
                    let _ = write!(
                        self.out,
                        "{{%- set {acc} = namespace(v=false) -%}}{{%- if {o} is string -%}}{{%- set {acc}.v = {} in {o} -%}}{{%- else -%}}{{%- for {q} in {o} -%}}{{%- if {eq} or ({q} is number and {x} is number and {q} != {q} and {x} != {x}) -%}}{{%- set {acc}.v = true -%}}{{%- endif -%}}{{%- endfor -%}}{{%- endif -%}}",
                        str_of(&x)
                    );
                } else {
                    let _ = write!(
                        self.out,
                        "{{%- set {acc} = namespace(v=-1) -%}}{{%- for {q} in {o} -%}}{{%- if {acc}.v == -1 and {eq} -%}}{{%- set {acc}.v = loop.index0 -%}}{{%- endif -%}}{{%- endfor -%}}"
                    );
                }
                format!("{acc}.v")
            }
            "toUpperCase" => format!("({o} | upper)"),
            "toLowerCase" => format!("({o} | lower)"),
            // Exactly the White_Space characters the preview trims (Python's strip() would
            // also take U+001C–U+001F).
            "trim" => format!(
                "{o}.strip({})",
                jinja_str(
                    "\t\n\u{b}\u{c}\r \u{85}\u{a0}\u{1680}\u{2000}\u{2001}\u{2002}\u{2003}\u{2004}\u{2005}\u{2006}\u{2007}\u{2008}\u{2009}\u{200a}\u{2028}\u{2029}\u{202f}\u{205f}\u{3000}"
                )
            ),
            "startsWith" | "endsWith" => {
                let x = arg(self, 0)?.unwrap_or_else(|| "_u".into());
                let m = if name == "startsWith" {
                    "startswith"
                } else {
                    "endswith"
                };
                format!("{o}.{m}({})", str_of(&x))
            }
            "toFixed" => {
                let d = match arg(self, 0)? {
                    None => "0".to_string(),
                    Some(d) => int_of(&d),
                };
                format!(
                    "(_num({o}) if ({o} != {o} or ({o} | abs) >= 1e21) else ((\"%.\" ~ {d} ~ \"f\") | format(0.0 if {o} == 0 else {o})))"
                )
            }
            _ => {
                return Err(unsupported(
                    span,
                    &format!("`.{name}()`"),
                    "use one of the supported methods: map, filter, reduce, flat, join, slice, includes, indexOf, toUpperCase, toLowerCase, trim, startsWith, endsWith, toFixed",
                ));
            }
        })
    }
}
