//! Data schemas: inferring a JSON Schema from a state, and validating states against a
//! JSON Schema with located errors.
//!
//! The validator covers the JSON Schema vocabulary that ChatKit Studio's zod exports and our
//! inference produce: `type` (one or several), `properties`, `required`,
//! `additionalProperties`, `items`, `enum`, `const`, `anyOf`, `oneOf`, `allOf`, `$ref` to
//! `#/$defs/…`, `minLength`/`maxLength`, `minimum`/`maximum` (and exclusive), `minItems`/`maxItems`, and the
//! formats `uri` and `email`. Unknown keywords are ignored, as the specification says.

use serde_json::{Map, Value, json};

use crate::diag::{Code, Diagnostic, Report};
use crate::json::{self, Limits, Node, Value as JVal};

/// Infers a draft 2020-12 schema from a sample state: every key required, no others allowed,
/// array items merged across elements.
pub fn infer(state: &Value) -> Value {
    let mut s = infer_value(state);
    if let Value::Object(m) = &mut s {
        let mut out = Map::new();
        out.insert(
            "$schema".into(),
            json!("https://json-schema.org/draft/2020-12/schema"),
        );
        out.extend(std::mem::take(m));
        return Value::Object(out);
    }
    s
}

/// Infers one schema that every given state fits: a key is required when every state has
/// it, values seen with different types become `anyOf`.
pub fn infer_states<'a>(states: impl IntoIterator<Item = &'a Value>) -> Value {
    let merged = states
        .into_iter()
        .map(infer_value)
        .reduce(merge)
        .unwrap_or_else(|| json!({"type": "object"}));
    let mut out = Map::new();
    out.insert(
        "$schema".into(),
        json!("https://json-schema.org/draft/2020-12/schema"),
    );
    match merged {
        Value::Object(m) => out.extend(m),
        other => {
            out.insert("anyOf".into(), json!([other]));
        }
    }
    Value::Object(out)
}

fn infer_value(v: &Value) -> Value {
    match v {
        Value::Null => json!({"type": "null"}),
        Value::Bool(_) => json!({"type": "boolean"}),
        Value::Number(n) if n.is_i64() || n.is_u64() => json!({"type": "integer"}),
        Value::Number(_) => json!({"type": "number"}),
        Value::String(_) => json!({"type": "string"}),
        Value::Array(items) => {
            let merged = items.iter().map(infer_value).reduce(merge);
            match merged {
                Some(item) => json!({"type": "array", "items": item}),
                None => json!({"type": "array"}),
            }
        }
        Value::Object(m) => {
            let props: Map<String, Value> =
                m.iter().map(|(k, v)| (k.clone(), infer_value(v))).collect();
            json!({
                "type": "object",
                "properties": props,
                "required": m.keys().collect::<Vec<_>>(),
                "additionalProperties": false,
            })
        }
    }
}

/// Merges two inferred schemas (for array items).
fn merge(a: Value, b: Value) -> Value {
    if a == b {
        return a;
    }
    let ta = a.get("type").and_then(Value::as_str).unwrap_or("");
    let tb = b.get("type").and_then(Value::as_str).unwrap_or("");
    match (ta, tb) {
        ("integer", "number") | ("number", "integer") => json!({"type": "number"}),
        ("object", "object") => {
            let pa = a["properties"].as_object().cloned().unwrap_or_default();
            let pb = b["properties"].as_object().cloned().unwrap_or_default();
            let mut props = pa.clone();
            for (k, v) in &pb {
                let merged = match props.remove(k) {
                    Some(existing) => merge(existing, v.clone()),
                    None => v.clone(),
                };
                props.insert(k.clone(), merged);
            }
            let required: Vec<&String> = pa.keys().filter(|k| pb.contains_key(*k)).collect();
            json!({"type": "object", "properties": props, "required": required, "additionalProperties": false})
        }
        ("array", "array") => match (a.get("items").cloned(), b.get("items").cloned()) {
            (Some(x), Some(y)) => json!({"type": "array", "items": merge(x, y)}),
            (Some(x), None) | (None, Some(x)) => json!({"type": "array", "items": x}),
            _ => json!({"type": "array"}),
        },
        _ => {
            let mut options = Vec::new();
            for s in [a, b] {
                match s.get("anyOf").and_then(Value::as_array) {
                    Some(list) => options.extend(list.iter().cloned()),
                    None => options.push(s),
                }
            }
            options.dedup();
            json!({"anyOf": options})
        }
    }
}

/// Validates a state (JSON text) against a schema; errors carry path, line and column.
pub fn validate_state(state_text: &str, schema: &Value) -> Report {
    let parsed = json::parse(state_text, Limits::default());
    let mut report = Report::default();
    for e in &parsed.errors {
        report.push(Diagnostic::new(
            Code::JsonSyntax,
            e.path.clone(),
            crate::json::Span::new(e.offset, e.offset),
            e.message.clone(),
        ));
    }
    if let Some(root) = &parsed.root {
        let mut v = SchemaCheck {
            root: schema,
            report: &mut report,
            depth: 0,
        };
        v.check(schema, root, "");
    }
    report.locate(state_text);
    report
}

struct SchemaCheck<'s, 'r> {
    root: &'s Value,
    report: &'r mut Report,
    depth: usize,
}

fn type_matches(t: &str, n: &Node<'_>) -> bool {
    match (t, &n.value) {
        ("null", JVal::Null) => true,
        ("boolean", JVal::Bool(_)) => true,
        ("string", JVal::String(_)) => true,
        ("number", JVal::Number(_)) => true,
        ("integer", JVal::Number(num)) => num.as_f64().fract() == 0.0,
        ("array", JVal::Array(_)) => true,
        ("object", JVal::Object(_)) => true,
        _ => false,
    }
}

fn join_path(path: &str, seg: &str) -> String {
    if path.is_empty() {
        seg.to_string()
    } else {
        format!("{path}.{seg}")
    }
}

impl SchemaCheck<'_, '_> {
    fn fail(&mut self, n: &Node<'_>, path: &str, message: String) {
        self.report
            .push(Diagnostic::new(Code::InvalidType, path, n.span, message));
    }

    /// True when `n` satisfies `schema` (used for anyOf/oneOf without reporting).
    fn quiet(&mut self, schema: &Value, n: &Node<'_>) -> bool {
        let mut tmp = Report::default();
        let mut sub = SchemaCheck {
            root: self.root,
            report: &mut tmp,
            depth: self.depth,
        };
        sub.check(schema, n, "");
        tmp.errors.is_empty()
    }

    fn check(&mut self, schema: &Value, n: &Node<'_>, path: &str) {
        self.depth += 1;
        if self.depth > 64 {
            self.depth -= 1;
            return;
        }
        let label = if path.is_empty() {
            "the state".to_string()
        } else {
            path.to_string()
        };
        if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
            if let Some(name) = r
                .strip_prefix("#/$defs/")
                .or_else(|| r.strip_prefix("#/definitions/"))
            {
                let target = self
                    .root
                    .get("$defs")
                    .or_else(|| self.root.get("definitions"))
                    .and_then(|d| d.get(name))
                    .cloned();
                if let Some(t) = target {
                    self.check(&t, n, path);
                }
            } else if r == "#" {
                let root = self.root.clone();
                self.check(&root, n, path);
            }
        }
        if let Some(t) = schema.get("type") {
            let types: Vec<&str> = match t {
                Value::String(s) => vec![s.as_str()],
                Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
                _ => vec![],
            };
            if !types.is_empty() && !types.iter().any(|t| type_matches(t, n)) {
                let found = n.kind();
                self.fail(
                    n,
                    path,
                    format!("{label}: expected {}, found {found}", types.join(" or ")),
                );
                self.depth -= 1;
                return;
            }
        }
        if let Some(values) = schema.get("enum").and_then(Value::as_array)
            && !values.contains(&n.to_serde())
        {
            let allowed: Vec<String> = values.iter().map(|v| v.to_string()).collect();
            self.fail(
                n,
                path,
                format!(
                    "{label}: {} is not one of {}",
                    n.to_serde(),
                    allowed.join(", ")
                ),
            );
        }
        if let Some(c) = schema.get("const")
            && *c != n.to_serde()
        {
            self.fail(n, path, format!("{label}: must be {c}"));
        }
        for key in ["anyOf", "oneOf"] {
            if let Some(options) = schema.get(key).and_then(Value::as_array) {
                let matches = options.iter().filter(|o| self.quiet(o, n)).count();
                let ok = if key == "anyOf" {
                    matches > 0
                } else {
                    matches == 1
                };
                if !ok {
                    self.fail(
                        n,
                        path,
                        format!(
                            "{label}: {} matches none of the allowed shapes",
                            describe(n)
                        ),
                    );
                }
            }
        }
        if let Some(all) = schema.get("allOf").and_then(Value::as_array) {
            for s in all {
                self.check(s, n, path);
            }
        }
        match &n.value {
            JVal::String(s) => {
                let len = s.chars().count() as u64;
                if let Some(min) = schema.get("minLength").and_then(Value::as_u64)
                    && len < min
                {
                    self.fail(
                        n,
                        path,
                        format!("{label}: must have at least {min} character(s), has {len}"),
                    );
                }
                if let Some(max) = schema.get("maxLength").and_then(Value::as_u64)
                    && len > max
                {
                    self.fail(
                        n,
                        path,
                        format!("{label}: must have at most {max} character(s), has {len}"),
                    );
                }
                match schema.get("format").and_then(Value::as_str) {
                    Some("uri") if !is_uri(s) => {
                        self.fail(
                            n,
                            path,
                            format!("{label}: \"{s}\" is not an absolute URL (scheme://…)"),
                        );
                    }
                    Some("email")
                        if !(s.contains('@') && !s.starts_with('@') && !s.ends_with('@')) =>
                    {
                        self.fail(n, path, format!("{label}: \"{s}\" is not an email address"));
                    }
                    _ => {}
                }
            }
            JVal::Number(num) => {
                let f = num.as_f64();
                if let Some(min) = schema.get("minimum").and_then(Value::as_f64)
                    && f < min
                {
                    self.fail(
                        n,
                        path,
                        format!("{label}: must be at least {min}, is {}", num.raw()),
                    );
                }
                if let Some(max) = schema.get("maximum").and_then(Value::as_f64)
                    && f > max
                {
                    self.fail(
                        n,
                        path,
                        format!("{label}: must be at most {max}, is {}", num.raw()),
                    );
                }
                if let Some(min) = schema.get("exclusiveMinimum").and_then(Value::as_f64)
                    && f <= min
                {
                    self.fail(
                        n,
                        path,
                        format!("{label}: must be more than {min}, is {}", num.raw()),
                    );
                }
                if let Some(max) = schema.get("exclusiveMaximum").and_then(Value::as_f64)
                    && f >= max
                {
                    self.fail(
                        n,
                        path,
                        format!("{label}: must be less than {max}, is {}", num.raw()),
                    );
                }
            }
            JVal::Array(items) => {
                if let Some(min) = schema.get("minItems").and_then(Value::as_u64)
                    && (items.len() as u64) < min
                {
                    self.fail(
                        n,
                        path,
                        format!(
                            "{label}: must have at least {min} item(s), has {}",
                            items.len()
                        ),
                    );
                }
                if let Some(max) = schema.get("maxItems").and_then(Value::as_u64)
                    && (items.len() as u64) > max
                {
                    self.fail(
                        n,
                        path,
                        format!(
                            "{label}: must have at most {max} item(s), has {}",
                            items.len()
                        ),
                    );
                }
                if let Some(item_schema) = schema.get("items").filter(|s| s.is_object()) {
                    for (i, it) in items.iter().enumerate() {
                        self.check(item_schema, it, &format!("{path}[{i}]"));
                    }
                }
            }
            JVal::Object(members) => {
                let props = schema.get("properties").and_then(Value::as_object);
                if let Some(required) = schema.get("required").and_then(Value::as_array) {
                    for r in required.iter().filter_map(Value::as_str) {
                        if n.get(r).is_none() {
                            let have: Vec<&str> = members.iter().map(|m| m.key.as_ref()).collect();
                            let hint = crate::diag::did_you_mean(r, have.iter().copied())
                                .map(|h| format!(" (found {h} — a typo?)"))
                                .unwrap_or_default();
                            self.report.push(Diagnostic::new(
                                Code::MissingProp,
                                path,
                                n.span,
                                format!("{label}: {r} is required{hint}"),
                            ));
                        }
                    }
                }
                for m in members {
                    let child_path = join_path(path, &m.key);
                    match props.and_then(|p| p.get(m.key.as_ref())) {
                        Some(s) => self.check(s, &m.value, &child_path),
                        None => match schema.get("additionalProperties") {
                            Some(Value::Bool(false)) => {
                                let allowed: Vec<&str> = props
                                    .map(|p| p.keys().map(String::as_str).collect())
                                    .unwrap_or_default();
                                let hint =
                                    crate::diag::did_you_mean(&m.key, allowed.iter().copied())
                                        .map(|h| format!(" — did you mean {h}?"))
                                        .unwrap_or_default();
                                self.report.push(Diagnostic::new(
                                    Code::UnknownProp,
                                    child_path.clone(),
                                    m.key_span,
                                    format!("{label}: {} is not allowed by the schema (allowed: {}){hint}", m.key, allowed.join(", ")),
                                ));
                                // The schema forbids it: that is an error for the state.
                                if let Some(last) = self.report.warnings.pop() {
                                    let mut e = last;
                                    e.severity = crate::diag::Severity::Error;
                                    self.report.errors.push(e);
                                }
                            }
                            Some(s) if s.is_object() => self.check(s, &m.value, &child_path),
                            _ => {}
                        },
                    }
                }
            }
            _ => {}
        }
        self.depth -= 1;
    }
}

fn describe(n: &Node<'_>) -> String {
    match &n.value {
        JVal::String(s) => format!("\"{}\"", s.chars().take(30).collect::<String>()),
        JVal::Number(x) => x.raw().to_string(),
        _ => n.kind().to_string(),
    }
}

fn is_uri(s: &str) -> bool {
    match s.split_once("://") {
        Some((scheme, rest)) => {
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
                && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && !rest.is_empty()
                && !s.contains(char::is_whitespace)
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exclusive_bounds_hold_on_both_sides() {
        let schema = json!({"type": "object", "properties": {"n": {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 10}}});
        for (n, ok) in [
            (0.5, true),
            (9.5, true),
            (0.0, false),
            (-1.0, false),
            (10.0, false),
        ] {
            let r = validate_state(&json!({"n": n}).to_string(), &schema);
            assert_eq!(r.is_valid(), ok, "{n}: {:?}", r.errors);
        }
        let r = validate_state(r#"{"n": 0}"#, &schema);
        assert!(
            r.errors[0].message.contains("must be more than 0"),
            "{:?}",
            r.errors
        );
    }

    #[test]
    fn one_schema_for_every_state() {
        let a = json!({"title": "A", "n": 1, "sel": null, "rows": [{"id": 1}]});
        let b = json!({"title": "B", "n": 1.5, "sel": "x", "rows": [], "extra": true});
        let s = infer_states([&a, &b]);
        assert_eq!(s["$schema"], "https://json-schema.org/draft/2020-12/schema");
        assert_eq!(s["properties"]["n"]["type"], "number");
        assert_eq!(
            s["properties"]["sel"]["anyOf"],
            json!([{"type": "null"}, {"type": "string"}])
        );
        let required: Vec<&str> = s["required"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(Value::as_str)
            .collect();
        assert!(required.contains(&"title") && !required.contains(&"extra"));
        for state in [&a, &b] {
            let text = serde_json::to_string_pretty(state).unwrap();
            let r = validate_state(&text, &s);
            assert!(r.is_valid(), "{:?}", r.errors);
        }
        assert_eq!(infer_states([&a]), infer(&a));
        assert_eq!(infer_states([])["type"], "object");
    }

    #[test]
    fn infers_and_validates() {
        let state = json!({"title": "x", "count": 2, "ratio": 0.5, "tags": ["a"], "items": [{"id": "a", "n": 1}, {"id": "b"}], "maybe": null});
        let schema = infer(&state);
        assert_eq!(schema["properties"]["count"]["type"], "integer");
        assert_eq!(
            schema["properties"]["items"]["items"]["required"],
            json!(["id"])
        );
        assert!(validate_state(&state.to_string(), &schema).is_valid());

        let bad = "{\n  \"title\": 3,\n  \"count\": 2,\n  \"ratio\": 0.5,\n  \"tags\": [\"a\"],\n  \"items\": [],\n  \"maybe\": null,\n  \"titel\": \"x\"\n}";
        let r = validate_state(bad, &schema);
        let msgs: Vec<(String, usize, usize, String)> = r
            .errors
            .iter()
            .map(|e| (e.path.clone(), e.line, e.column, e.message.clone()))
            .collect();
        assert_eq!(
            msgs[0],
            (
                "title".into(),
                2,
                12,
                "title: expected string, found an integer".into()
            )
        );
        assert_eq!(msgs[1].0, "titel");
        assert!(msgs[1].3.contains("did you mean title?"), "{}", msgs[1].3);
    }
}
