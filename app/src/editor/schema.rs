//! The Schema tab's operations, as pure functions: the design's data schema as text (zod, or
//! JSON Schema), read back with located errors, inferred from the states, and the states
//! checked against it.

use serde_json::Value;
use widget::Design;
use widget::design::SchemaMode;
use widget::diag::Origin;
use widget::json::Span;

use super::data::error_span;

/// How the tab's text is read: as zod (TypeScript) or as JSON Schema.
pub fn language(d: &Design) -> &'static str {
    if d.schema.mode == SchemaMode::Zod {
        "zod"
    } else {
        "json"
    }
}

/// What the tab says the schema is.
pub fn describe(d: &Design) -> &'static str {
    match d.schema.mode {
        SchemaMode::Zod => "zod (translated to JSON Schema for the export)",
        SchemaMode::Json => "JSON Schema",
        SchemaMode::None => {
            "none yet: exports infer one from the default state. Write JSON Schema or zod here, or infer it from the states."
        }
    }
}

/// The schema as the tab shows it: the zod source, or the JSON Schema pretty-printed (empty
/// when the design has none).
pub fn schema_text(d: &Design) -> String {
    match d.schema.mode {
        SchemaMode::Zod => d.schema.source.clone().unwrap_or_default(),
        SchemaMode::Json => serde_json::to_string_pretty(&d.schema.json_schema).unwrap_or_default(),
        SchemaMode::None => String::new(),
    }
}

/// A problem in the tab's text.
#[derive(Clone, Debug, PartialEq)]
pub struct SchemaProblem {
    pub span: Span,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// Reads the tab's text into the design. Zod is kept as written even when it does not
/// translate (its errors are returned; the last JSON Schema stays in force). JSON Schema must
/// be a JSON object; until it is, the design keeps its last one. The text says which it is:
/// `{` (or `[`) starts JSON Schema, anything else is zod; an emptied tab removes the schema.
pub fn set_schema_text(d: &mut Design, text: &str) -> Result<(), Vec<SchemaProblem>> {
    if let Some(e) = crate::api::preview::too_large("the schema", text.len()) {
        return Err(vec![SchemaProblem {
            span: e.span,
            line: e.line,
            column: e.column,
            message: e.message,
        }]);
    }
    if text.trim().is_empty() {
        d.schema.mode = SchemaMode::None;
        d.schema.source = None;
        d.schema.json_schema = Value::Null;
        return Ok(());
    }
    // The text says which language it is: JSON Schema is an object (`{`; `[` is JSON too, and
    // refused below), zod is code (`import`, `const`, `z.object(…)`). A design without a schema
    // starts in either.
    let json = matches!(text.trim_start().chars().next(), Some('{' | '['));
    if !json {
        d.schema.mode = SchemaMode::Zod;
        d.schema.source = Some(text.to_string());
        return match widget::zod::to_json_schema(text) {
            Ok(schema) => {
                d.schema.json_schema = schema;
                Ok(())
            }
            Err(report) => Err(report
                .all()
                .map(|e| SchemaProblem {
                    span: e.span,
                    line: e.line,
                    column: e.column,
                    message: e.message.clone(),
                })
                .collect()),
        };
    }
    let value: Value = serde_json::from_str(text).map_err(|e| {
        vec![SchemaProblem {
            span: error_span(text, &e),
            line: e.line(),
            column: e.column(),
            message: e.to_string(),
        }]
    })?;
    if !value.is_object() {
        return Err(vec![SchemaProblem {
            span: Span::new(0, text.len().min(1)),
            line: 1,
            column: 1,
            message:
                "a JSON Schema is an object, such as {\"type\": \"object\", \"properties\": {…}}"
                    .into(),
        }]);
    }
    d.schema.mode = SchemaMode::Json;
    d.schema.source = None;
    d.schema.json_schema = value;
    Ok(())
}

/// Replaces the schema with JSON Schema inferred from the default state and every named
/// state (one schema they all fit), and returns its text.
pub fn infer(d: &mut Design) -> String {
    let schema = widget::schema_infer::infer_states(
        std::iter::once(&d.default_state).chain(d.states.iter().map(|s| &s.data)),
    );
    d.schema.mode = SchemaMode::Json;
    d.schema.source = None;
    d.schema.json_schema = schema;
    schema_text(d)
}

/// A state that does not fit the schema: which state, where in its JSON, what.
#[derive(Clone, Debug, PartialEq)]
pub struct StateMisfit {
    pub state: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// Every state checked against the schema in force.
pub fn misfits(d: &Design) -> Vec<StateMisfit> {
    d.check_states()
        .all()
        .map(|e| StateMisfit {
            state: match &e.origin {
                Some(Origin::State(name)) => name.clone(),
                _ => "default".into(),
            },
            line: e.line,
            column: e.column,
            message: e.message.clone(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn design() -> Design {
        let mut d = widget::starter::Starter::Card.design("x");
        d.default_state = json!({"title": "Hi", "n": 1});
        d.states.push(widget::design::NamedState {
            name: "other".into(),
            data: json!({"title": "Yo", "n": 2.5, "extra": true}),
        });
        d.schema = Default::default();
        d
    }

    #[test]
    fn infer_fits_every_state_and_reads_back() {
        let mut d = design();
        assert_eq!(schema_text(&d), "");
        let text = infer(&mut d);
        assert_eq!(d.schema.mode, SchemaMode::Json);
        assert_eq!(language(&d), "json");
        assert!(misfits(&d).is_empty(), "{:?}", misfits(&d));
        let mut e = design();
        set_schema_text(&mut e, &text).unwrap();
        assert_eq!(e.schema, d.schema);
    }

    #[test]
    fn a_state_that_does_not_fit_is_named_and_located() {
        let mut d = design();
        set_schema_text(
            &mut d,
            r#"{"type": "object", "properties": {"n": {"type": "integer"}}}"#,
        )
        .unwrap();
        let m = misfits(&d);
        assert_eq!(m.len(), 1, "{m:?}");
        assert_eq!(m[0].state, "other");
        assert!(m[0].line > 1, "{m:?}");
    }

    #[test]
    fn bad_text_is_located_and_keeps_the_last_schema() {
        let mut d = design();
        infer(&mut d);
        let before = d.schema.clone();
        let err = set_schema_text(&mut d, "{\n  \"type\": \"object\",\n  oops\n}").unwrap_err();
        assert_eq!((err[0].line, err[0].column), (3, 3), "{err:?}");
        assert_eq!(d.schema, before);
        let err = set_schema_text(&mut d, "[1, 2]").unwrap_err();
        assert!(err[0].message.contains("is an object"));
        assert_eq!(d.schema, before);
        set_schema_text(&mut d, "  ").unwrap();
        assert_eq!(d.schema.mode, SchemaMode::None);
    }

    /// The language follows the text: zod typed into a design without a schema (or with
    /// JSON Schema) is zod, bare or as a module; JSON typed into a zod design is JSON Schema.
    #[test]
    fn the_text_says_which_language_it_is() {
        let mut d = design();
        assert_eq!(d.schema.mode, SchemaMode::None);
        set_schema_text(&mut d, "z.object({ title: z.string(), n: z.number() })").unwrap();
        assert_eq!(language(&d), "zod");
        assert_eq!(d.schema.json_schema["properties"]["n"]["type"], "number");
        let err = set_schema_text(&mut d, "z.object({ title: z.string(), ").unwrap_err();
        assert!(!err.is_empty());
        assert_eq!(
            d.schema.source.as_deref(),
            Some("z.object({ title: z.string(), ")
        );
        set_schema_text(&mut d, r#"{"type": "object"}"#).unwrap();
        assert_eq!(language(&d), "json");
        assert_eq!(d.schema.source, None);
    }

    #[test]
    fn zod_is_kept_as_written_and_translated() {
        let mut d = design();
        d.schema.mode = SchemaMode::Zod;
        let zod = "import { z } from \"zod\"\n\nconst WidgetState = z.object({ title: z.string(), n: z.number() })\n\nexport default WidgetState\n";
        set_schema_text(&mut d, zod).unwrap();
        assert_eq!(language(&d), "zod");
        assert_eq!(
            d.schema.json_schema["properties"]["title"]["type"],
            "string"
        );
        let good = d.schema.json_schema.clone();
        let bad = zod.replace("z.string()", "z.strin(");
        let err = set_schema_text(&mut d, &bad).unwrap_err();
        assert!(err.iter().all(|e| e.line == 3), "{err:?}");
        assert_eq!(d.schema.source.as_deref(), Some(bad.as_str()));
        assert_eq!(d.schema.json_schema, good);
    }
}
