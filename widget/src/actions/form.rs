//! Forms: what a submit collects, checks and sends.
//!
//! ChatKit puts the value of every named field inside a `Form` (or an `asForm` Card) into
//! the payload of each action fired in it, keyed by the field's `name`; a dotted name nests
//! (`todo.title` → `payload.todo.title`). A name that collides with a payload key is ignored
//! and reported (the SDK's guide: "we'll emit an `error` event"). `required` and `pattern`
//! are checked before the action is sent, as the browser's own form validation does.
//!
//! Our choices where ChatKit says nothing, so that a prototype does not depend on luck:
//! * a dotted name nests into an object the payload already has (`todo.title` beside
//!   `payload.todo.id`); it collides when its own place is taken, or when a step of its path is
//!   a value that is not an object;
//! * a name given by two fields: the first one's value is sent, the second is a collision;
//! * values are typed as the controls hold them: a Checkbox's is a boolean, the others'
//!   strings (a DatePicker's an ISO date), an unanswered RadioGroup or Select sends nothing.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The controls that carry a form value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FieldKind {
    Input,
    Textarea,
    Select,
    DatePicker,
    Checkbox,
    RadioGroup,
    /// A `Text` with `editable: {name, …}`.
    EditableText,
}

impl FieldKind {
    /// The component's type name in widget JSON (`Text` for an editable text).
    pub fn component(self) -> &'static str {
        match self {
            FieldKind::Input => "Input",
            FieldKind::Textarea => "Textarea",
            FieldKind::Select => "Select",
            FieldKind::DatePicker => "DatePicker",
            FieldKind::Checkbox => "Checkbox",
            FieldKind::RadioGroup => "RadioGroup",
            FieldKind::EditableText => "Text",
        }
    }

    /// Whether `pattern` applies (the text controls, as in HTML).
    pub fn takes_pattern(self) -> bool {
        matches!(
            self,
            FieldKind::Input | FieldKind::Textarea | FieldKind::EditableText
        )
    }
}

/// One named field's state at submit.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Field {
    pub kind: FieldKind,
    pub name: String,
    /// What the control holds: a string, a boolean (Checkbox), or `null` (nothing chosen).
    pub value: Value,
    #[serde(default)]
    pub required: bool,
    /// A JavaScript regular expression that must match the whole value, as HTML's `pattern`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
}

/// Why a submit was blocked, or what was left out of its payload.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FormProblem {
    /// A required field is empty: blocks the submit.
    Required { name: String, message: String },
    /// A value does not match the field's pattern: blocks the submit.
    Pattern {
        name: String,
        pattern: String,
        message: String,
    },
    /// The pattern is not a regular expression the browser reads: the field is not checked
    /// (browsers ignore such a pattern too).
    BadPattern {
        name: String,
        pattern: String,
        message: String,
    },
    /// The name's place in the payload is taken: the value is not sent.
    Collision { name: String, message: String },
}

impl FormProblem {
    /// Whether it stops the action from being sent.
    pub fn blocks(&self) -> bool {
        matches!(
            self,
            FormProblem::Required { .. } | FormProblem::Pattern { .. }
        )
    }

    pub fn name(&self) -> &str {
        match self {
            FormProblem::Required { name, .. }
            | FormProblem::Pattern { name, .. }
            | FormProblem::BadPattern { name, .. }
            | FormProblem::Collision { name, .. } => name,
        }
    }

    pub fn message(&self) -> &str {
        match self {
            FormProblem::Required { message, .. }
            | FormProblem::Pattern { message, .. }
            | FormProblem::BadPattern { message, .. }
            | FormProblem::Collision { message, .. } => message,
        }
    }
}

/// Matches a value against a field's pattern with the browser's semantics (in the page,
/// JavaScript's `RegExp` with the `v` flag, anchored as HTML anchors it): `Ok(matched)`, or
/// `Err(why)` when the pattern does not compile.
pub trait PatternMatcher {
    fn full_match(&self, pattern: &str, value: &str) -> Result<bool, String>;
}

/// What a submit sends, or why it does not.
#[derive(Clone, Debug, PartialEq)]
pub struct Submit {
    /// The action's payload with the fields' values in it.
    pub payload: Value,
    /// Everything to show: blocking problems (see [`FormProblem::blocks`]), collisions and bad
    /// patterns.
    pub problems: Vec<FormProblem>,
}

impl Submit {
    /// Whether the action may be sent.
    pub fn ok(&self) -> bool {
        !self.problems.iter().any(FormProblem::blocks)
    }
}

/// Checks the fields and puts their values into `payload` (an object, or `null` for none).
pub fn submit(payload: &Value, fields: &[Field], matcher: &dyn PatternMatcher) -> Submit {
    let mut problems = Vec::new();
    for f in fields {
        if let Some(p) = check(f, matcher) {
            problems.push(p);
        }
    }
    let mut out = match payload {
        Value::Object(m) => m.clone(),
        _ => Map::new(),
    };
    let mut given: Vec<&str> = Vec::new();
    for f in fields {
        if f.value.is_null() || f.name.is_empty() {
            continue;
        }
        if given.contains(&f.name.as_str()) {
            problems.push(FormProblem::Collision {
                name: f.name.clone(),
                message: format!(
                    "Two fields are named \"{}\": the first one's value is sent, this one's is ignored.",
                    f.name
                ),
            });
            continue;
        }
        given.push(&f.name);
        if let Err(at) = place(&mut out, &f.name, f.value.clone()) {
            problems.push(FormProblem::Collision {
                name: f.name.clone(),
                message: format!(
                    "The payload already has \"{at}\", so the value of the field \"{}\" is ignored (ChatKit sends an error event for this); rename the field or the payload key.",
                    f.name
                ),
            });
        }
    }
    Submit {
        payload: Value::Object(out),
        problems,
    }
}

/// `required` and `pattern`, as the browser checks them.
fn check(f: &Field, matcher: &dyn PatternMatcher) -> Option<FormProblem> {
    let empty = match &f.value {
        Value::Null => true,
        Value::Bool(b) => !b,
        Value::String(s) => s.is_empty(),
        _ => false,
    };
    if f.required && empty {
        let message = match f.kind {
            FieldKind::Checkbox => "Check this box to continue.",
            FieldKind::RadioGroup | FieldKind::Select => "Select one of these options.",
            FieldKind::DatePicker => "Choose a date.",
            _ => "Fill in this field.",
        };
        return Some(FormProblem::Required {
            name: f.name.clone(),
            message: message.into(),
        });
    }
    let (Some(pattern), Value::String(value)) = (&f.pattern, &f.value) else {
        return None;
    };
    if !f.kind.takes_pattern() || value.is_empty() {
        return None;
    }
    match matcher.full_match(pattern, value) {
        Ok(true) => None,
        Ok(false) => Some(FormProblem::Pattern {
            name: f.name.clone(),
            pattern: pattern.clone(),
            message: format!("Match the requested format: /{pattern}/."),
        }),
        Err(why) => Some(FormProblem::BadPattern {
            name: f.name.clone(),
            pattern: pattern.clone(),
            message: format!(
                "The pattern /{pattern}/ is not a valid regular expression ({why}), so it is not checked."
            ),
        }),
    }
}

/// Puts `value` at the dotted `name` in `map`; `Err(path)` names the place already taken.
fn place(map: &mut Map<String, Value>, name: &str, value: Value) -> Result<(), String> {
    let parts: Vec<&str> = name.split('.').collect();
    let mut here = map;
    for (i, part) in parts.iter().enumerate() {
        let path = parts[..=i].join(".");
        if i + 1 == parts.len() {
            if here.contains_key(*part) {
                return Err(path);
            }
            here.insert((*part).to_string(), value);
            return Ok(());
        }
        let next = here
            .entry((*part).to_string())
            .or_insert_with(|| Value::Object(Map::new()));
        match next {
            Value::Object(m) => here = m,
            _ => return Err(path),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// A few JavaScript patterns, spelled out (the page uses the browser's RegExp).
    struct Fixed;
    impl PatternMatcher for Fixed {
        fn full_match(&self, pattern: &str, value: &str) -> Result<bool, String> {
            match pattern {
                "[0-9]{3}" => Ok(value.len() == 3 && value.bytes().all(|b| b.is_ascii_digit())),
                "[a-z]+" => Ok(!value.is_empty() && value.bytes().all(|b| b.is_ascii_lowercase())),
                _ => Err("unterminated group".into()),
            }
        }
    }

    fn field(kind: FieldKind, name: &str, value: Value) -> Field {
        Field {
            kind,
            name: name.into(),
            value,
            required: false,
            pattern: None,
        }
    }

    #[test]
    fn dotted_names_nest_beside_what_the_payload_has() {
        let s = submit(
            &json!({"id": "t1", "todo": {"id": 7}}),
            &[
                field(FieldKind::Input, "todo.title", json!("Milk")),
                field(FieldKind::DatePicker, "todo.due", json!("2026-01-02")),
                field(FieldKind::Checkbox, "urgent", json!(true)),
                field(FieldKind::RadioGroup, "size", Value::Null),
            ],
            &Fixed,
        );
        assert!(s.ok());
        assert_eq!(s.problems, vec![]);
        assert_eq!(
            s.payload,
            json!({"id": "t1", "todo": {"id": 7, "title": "Milk", "due": "2026-01-02"}, "urgent": true})
        );
        // No payload at all: the fields make one.
        let s = submit(
            &Value::Null,
            &[field(FieldKind::Textarea, "a.b.c", json!("x"))],
            &Fixed,
        );
        assert_eq!(s.payload, json!({"a": {"b": {"c": "x"}}}));
    }

    #[test]
    fn a_name_whose_place_is_taken_is_ignored_and_reported() {
        let s = submit(
            &json!({"id": "t1", "todo": "not an object"}),
            &[
                field(FieldKind::Input, "id", json!("typed")),
                field(FieldKind::Input, "todo.title", json!("Milk")),
                field(FieldKind::Input, "note", json!("a")),
                field(FieldKind::Textarea, "note", json!("b")),
            ],
            &Fixed,
        );
        // Collisions do not block the action: it goes out without those values.
        assert!(s.ok());
        assert_eq!(
            s.payload,
            json!({"id": "t1", "todo": "not an object", "note": "a"})
        );
        let names: Vec<_> = s.problems.iter().map(|p| (p.name(), p.blocks())).collect();
        assert_eq!(
            names,
            [("id", false), ("todo.title", false), ("note", false)]
        );
        assert!(s.problems[0].message().contains("already has \"id\""));
        assert!(s.problems[1].message().contains("already has \"todo\""));
        assert!(
            s.problems[2]
                .message()
                .contains("Two fields are named \"note\"")
        );
    }

    #[test]
    fn required_fields_block_until_filled() {
        let mut name = field(FieldKind::Input, "name", json!(""));
        name.required = true;
        let mut agree = field(FieldKind::Checkbox, "agree", json!(false));
        agree.required = true;
        let mut size = field(FieldKind::RadioGroup, "size", Value::Null);
        size.required = true;
        let s = submit(
            &json!({}),
            &[name.clone(), agree.clone(), size.clone()],
            &Fixed,
        );
        assert!(!s.ok());
        let msgs: Vec<_> = s.problems.iter().map(|p| (p.name(), p.message())).collect();
        assert_eq!(
            msgs,
            [
                ("name", "Fill in this field."),
                ("agree", "Check this box to continue."),
                ("size", "Select one of these options.")
            ]
        );
        name.value = json!("Ada");
        agree.value = json!(true);
        size.value = json!("m");
        let s = submit(&json!({}), &[name, agree, size], &Fixed);
        assert!(s.ok(), "{:?}", s.problems);
        assert_eq!(
            s.payload,
            json!({"name": "Ada", "agree": true, "size": "m"})
        );
    }

    #[test]
    fn pattern_applies_to_text_values_that_are_not_empty() {
        let mut zip = field(FieldKind::Input, "zip", json!("12a"));
        zip.pattern = Some("[0-9]{3}".into());
        let s = submit(&json!({}), std::slice::from_ref(&zip), &Fixed);
        assert!(!s.ok());
        assert_eq!(
            s.problems[0].message(),
            "Match the requested format: /[0-9]{3}/."
        );
        zip.value = json!("123");
        assert!(submit(&json!({}), std::slice::from_ref(&zip), &Fixed).ok());
        // Empty and not required: nothing to match (as in HTML).
        zip.value = json!("");
        assert!(
            submit(&json!({}), std::slice::from_ref(&zip), &Fixed)
                .problems
                .is_empty()
        );
        // A Select has no pattern.
        let mut sel = field(FieldKind::Select, "s", json!("12a"));
        sel.pattern = Some("[0-9]{3}".into());
        assert!(submit(&json!({}), &[sel], &Fixed).problems.is_empty());
        // A pattern that does not compile is reported, and does not block.
        let mut bad = field(FieldKind::EditableText, "t", json!("x"));
        bad.pattern = Some("(".into());
        let s = submit(&json!({}), &[bad], &Fixed);
        assert!(s.ok());
        assert!(matches!(s.problems[0], FormProblem::BadPattern { .. }));
        assert!(s.problems[0].message().contains("unterminated group"));
    }
}
