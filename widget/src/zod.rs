//! Translates ChatKit Studio's zod schema source into JSON Schema.
//!
//! Supported: `z.object`, `z.strictObject`, `z.string` (`min`, `max`, `length`, `trim`,
//! `url`, `email`), `z.url`, `z.httpUrl`, `z.email`, `z.number` (`int`, `min`, `max`,
//! `positive`, `nonnegative`), `z.int`, `z.boolean`, `z.array` (`min`, `max`), `z.enum`,
//! `z.literal`, `z.nullable`/`.nullable()`, `.optional()`, `.nullish()`, `.describe()`,
//! `.default()`, and constants that name other schemas. Anything else is an error that
//! names the construct and its position; nothing is guessed.

use serde_json::{Map, Value, json};

use crate::diag::{Code, Diagnostic, Report};
use crate::json::Span;
use crate::template::ast::{ArrayItem, Expr, ExprKind, ObjectItem};
use crate::template::parser::{Stmt, parse_module};

/// Translates zod source to a draft 2020-12 JSON Schema (located errors on failure).
pub fn to_json_schema(source: &str) -> Result<Value, Report> {
    let fail = |span: Span, msg: String| {
        let mut r = Report::default();
        r.push(Diagnostic::new(Code::ZodUnsupported, "schema", span, msg));
        r.locate(source);
        r
    };
    let stmts = parse_module(source).map_err(|e| {
        let mut r = Report::default();
        r.push(Diagnostic::new(
            Code::TemplateSyntax,
            "schema",
            e.span,
            e.message,
        ));
        r.locate(source);
        r
    })?;
    let mut consts: Vec<(String, Expr)> = Vec::new();
    let mut export = None;
    for s in stmts {
        match s {
            Stmt::Const { name, value } => consts.push((name, value)),
            Stmt::ExportDefault(e) => export = Some(e),
        }
    }
    let root = export
        .or_else(|| consts.last().map(|(_, e)| e.clone()))
        .ok_or_else(|| {
            fail(
                Span::default(),
                "the schema defines nothing: expected `export default z.object({…})`".into(),
            )
        })?;
    let t = Translator {
        consts: &consts,
        depth: 0,
    };
    let mut schema = t.schema(&root).map_err(|(span, msg)| fail(span, msg))?;
    if let Value::Object(m) = &mut schema {
        let mut out = Map::new();
        out.insert(
            "$schema".into(),
            json!("https://json-schema.org/draft/2020-12/schema"),
        );
        out.extend(std::mem::take(m));
        schema = Value::Object(out);
    }
    Ok(schema)
}

struct Translator<'a> {
    consts: &'a [(String, Expr)],
    depth: usize,
}

type TResult<T> = Result<T, (Span, String)>;

/// A schema and whether it is optional in its parent object.
struct Out {
    schema: Value,
    optional: bool,
}

impl Translator<'_> {
    fn schema(&self, e: &Expr) -> TResult<Value> {
        Ok(self.translate(e)?.schema)
    }

    fn translate(&self, e: &Expr) -> TResult<Out> {
        if self.depth > 64 {
            return Err((
                e.span,
                "the schema nests too deeply (or refers to itself)".into(),
            ));
        }
        let deeper = Translator {
            consts: self.consts,
            depth: self.depth + 1,
        };
        match &e.kind {
            ExprKind::Ident(name) => match self.consts.iter().rev().find(|(n, _)| n == name) {
                Some((_, v)) => deeper.translate(v),
                None => Err((e.span, format!("`{name}` is not defined in the schema"))),
            },
            ExprKind::Call { callee, args, .. } => match &callee.kind {
                // z.something(...)
                ExprKind::Member { obj, name, .. } if matches!(&obj.kind, ExprKind::Ident(z) if z == "z") => {
                    deeper.base(name, args, e.span)
                }
                // schema.method(...)
                ExprKind::Member { obj, name, .. } => {
                    let inner = deeper.translate(obj)?;
                    deeper.method(inner, name, args, e.span)
                }
                _ => Err((e.span, "expected a zod call such as z.string()".into())),
            },
            _ => Err((
                e.span,
                "expected a zod schema such as z.object({ … })".into(),
            )),
        }
    }

    fn num_arg(&self, args: &[Expr], span: Span, what: &str) -> TResult<f64> {
        match args.first().map(|a| &a.kind) {
            Some(ExprKind::Num(n)) => Ok(*n),
            Some(ExprKind::Unary {
                op: crate::template::ast::UnaryOp::Neg,
                expr,
            }) => match expr.kind {
                ExprKind::Num(n) => Ok(-n),
                _ => Err((span, format!("{what} needs a number"))),
            },
            _ => Err((span, format!("{what} needs a literal number"))),
        }
    }

    fn base(&self, name: &str, args: &[Expr], span: Span) -> TResult<Out> {
        let plain = |schema: Value| {
            Ok(Out {
                schema,
                optional: false,
            })
        };
        match name {
            "string" => plain(json!({"type": "string"})),
            "number" => plain(json!({"type": "number"})),
            "int" => plain(json!({"type": "integer"})),
            "boolean" => plain(json!({"type": "boolean"})),
            "null" => plain(json!({"type": "null"})),
            "url" | "httpUrl" => plain(json!({"type": "string", "format": "uri"})),
            "email" => plain(json!({"type": "string", "format": "email"})),
            "any" | "unknown" => plain(json!({})),
            "object" | "strictObject" | "looseObject" => {
                let Some(Expr {
                    kind: ExprKind::Object(items),
                    ..
                }) = args.first()
                else {
                    return Err((
                        span,
                        format!(
                            "z.{name} needs an object of fields: z.{name}({{ name: z.string() }})"
                        ),
                    ));
                };
                let mut props = Map::new();
                let mut required = Vec::new();
                for it in items {
                    match it {
                        ObjectItem::Prop { key, value, .. } => {
                            let out = self.translate(value)?;
                            if !out.optional {
                                required.push(json!(key));
                            }
                            props.insert(key.clone(), out.schema);
                        }
                        ObjectItem::Spread(x) | ObjectItem::Computed { value: x, .. } => {
                            return Err((
                                x.span,
                                "spreads and computed keys in z.object cannot be translated".into(),
                            ));
                        }
                    }
                }
                let mut m = Map::new();
                m.insert("type".into(), json!("object"));
                m.insert("properties".into(), Value::Object(props));
                m.insert("required".into(), Value::Array(required));
                if name != "looseObject" {
                    m.insert("additionalProperties".into(), json!(false));
                }
                plain(Value::Object(m))
            }
            "array" => {
                let item = args
                    .first()
                    .ok_or((span, "z.array needs the item schema".to_string()))?;
                let items = self.schema(item)?;
                plain(json!({"type": "array", "items": items}))
            }
            "enum" => {
                let Some(Expr {
                    kind: ExprKind::Array(items),
                    ..
                }) = args.first()
                else {
                    return Err((
                        span,
                        "z.enum needs an array of strings: z.enum([\"a\", \"b\"])".into(),
                    ));
                };
                let mut values = Vec::new();
                for it in items {
                    match it {
                        ArrayItem::Item(Expr {
                            kind: ExprKind::Str(s),
                            ..
                        }) => values.push(json!(s)),
                        ArrayItem::Item(x) | ArrayItem::Spread(x) => {
                            return Err((x.span, "z.enum values must be string literals".into()));
                        }
                    }
                }
                plain(json!({"type": "string", "enum": values}))
            }
            "literal" => match args.first().map(|a| &a.kind) {
                Some(ExprKind::Str(s)) => plain(json!({"type": "string", "const": s})),
                Some(ExprKind::Num(n)) => plain(json!({"type": "number", "const": n})),
                Some(ExprKind::Bool(b)) => plain(json!({"type": "boolean", "const": b})),
                _ => Err((
                    span,
                    "z.literal needs a string, number or boolean literal".into(),
                )),
            },
            "nullable" | "optional" | "nullish" => {
                let inner = args
                    .first()
                    .ok_or((span, format!("z.{name} needs a schema")))?;
                let out = self.translate(inner)?;
                self.method(out, name, &[], span)
            }
            "union" => {
                let Some(Expr {
                    kind: ExprKind::Array(items),
                    ..
                }) = args.first()
                else {
                    return Err((span, "z.union needs an array of schemas".into()));
                };
                let mut options = Vec::new();
                for it in items {
                    match it {
                        ArrayItem::Item(x) => options.push(self.schema(x)?),
                        ArrayItem::Spread(x) => {
                            return Err((x.span, "spreads in z.union cannot be translated".into()));
                        }
                    }
                }
                plain(json!({"anyOf": options}))
            }
            other => Err((
                span,
                format!(
                    "z.{other}() cannot be translated to JSON Schema; supported: object, strictObject, string, number, int, boolean, array, enum, literal, union, nullable, optional, url, httpUrl, email"
                ),
            )),
        }
    }

    fn method(&self, mut out: Out, name: &str, args: &[Expr], span: Span) -> TResult<Out> {
        let set = |out: &mut Out, k: &str, v: Value| {
            if let Value::Object(m) = &mut out.schema {
                m.insert(k.into(), v);
            }
        };
        let ty = out
            .schema
            .get("type")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        match (ty.as_str(), name) {
            (_, "optional") => out.optional = true,
            (_, "nullable") => out.schema = json!({"anyOf": [out.schema, {"type": "null"}]}),
            (_, "nullish") => {
                out.schema = json!({"anyOf": [out.schema, {"type": "null"}]});
                out.optional = true;
            }
            (_, "describe") => match args.first().map(|a| &a.kind) {
                Some(ExprKind::Str(s)) => set(&mut out, "description", json!(s)),
                _ => return Err((span, ".describe needs a string".into())),
            },
            (_, "default") => {
                out.optional = true;
            }
            ("string", "trim" | "toLowerCase" | "toUpperCase" | "nonempty") => {
                if name == "nonempty" {
                    set(&mut out, "minLength", json!(1));
                }
            }
            ("string", "min") => set(
                &mut out,
                "minLength",
                json!(self.num_arg(args, span, ".min")? as u64),
            ),
            ("string", "max") => set(
                &mut out,
                "maxLength",
                json!(self.num_arg(args, span, ".max")? as u64),
            ),
            ("string", "length") => {
                let n = self.num_arg(args, span, ".length")? as u64;
                set(&mut out, "minLength", json!(n));
                set(&mut out, "maxLength", json!(n));
            }
            ("string", "url") => set(&mut out, "format", json!("uri")),
            ("string", "email") => set(&mut out, "format", json!("email")),
            ("number" | "integer", "int") => set(&mut out, "type", json!("integer")),
            ("number" | "integer", "min" | "gte") => {
                set(&mut out, "minimum", num(self.num_arg(args, span, ".min")?))
            }
            ("number" | "integer", "max" | "lte") => {
                set(&mut out, "maximum", num(self.num_arg(args, span, ".max")?))
            }
            ("number" | "integer", "gt") => set(
                &mut out,
                "exclusiveMinimum",
                num(self.num_arg(args, span, ".gt")?),
            ),
            ("number" | "integer", "lt") => set(
                &mut out,
                "exclusiveMaximum",
                num(self.num_arg(args, span, ".lt")?),
            ),
            ("number" | "integer", "positive") => set(&mut out, "exclusiveMinimum", json!(0)),
            ("number" | "integer", "nonnegative") => set(&mut out, "minimum", json!(0)),
            ("array", "min" | "nonempty") => {
                let n = if name == "nonempty" {
                    1.0
                } else {
                    self.num_arg(args, span, ".min")?
                };
                set(&mut out, "minItems", json!(n as u64));
            }
            ("array", "max") => set(
                &mut out,
                "maxItems",
                json!(self.num_arg(args, span, ".max")? as u64),
            ),
            ("object", "strict") => set(&mut out, "additionalProperties", json!(false)),
            ("object", "passthrough") => {
                if let Value::Object(m) = &mut out.schema {
                    m.remove("additionalProperties");
                }
            }
            (t, other) => {
                let on = if t.is_empty() {
                    "this schema".to_string()
                } else {
                    format!("a {t} schema")
                };
                return Err((
                    span,
                    format!(".{other}() on {on} cannot be translated to JSON Schema"),
                ));
            }
        }
        Ok(out)
    }
}

fn num(n: f64) -> Value {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        json!(n as i64)
    } else {
        json!(n)
    }
}
