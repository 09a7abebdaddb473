//! What a user's gesture in an interactive preview fires: the action bound where they clicked
//! or changed a field, and the form whose fields go into its payload.
//!
//! Paths are the renderer's `data-wgt-path` (`children[1].children[0]`, the root `""`), the
//! same as [`super::inventory::Bound::path`].

use serde_json::Value;

use super::form::{Field, FieldKind};
use super::inventory::{Bound, Site, actions};

/// The gesture.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Trigger {
    /// A click on (or inside) a node.
    Click,
    /// A field's value changed.
    Change,
    /// The Card's confirm button.
    Confirm,
    /// The Card's cancel button.
    Cancel,
}

/// An action to send, and where its form fields come from.
#[derive(Clone, Debug, PartialEq)]
pub struct Fired {
    pub bound: Bound,
    /// The Form (or `asForm` Card) the action fired inside: every named field in it goes into
    /// the payload, as ChatKit does for every action fired inside a form.
    pub form: Option<String>,
}

/// The node at a path.
pub fn node_at<'v>(widget: &'v Value, path: &str) -> Option<&'v Value> {
    if path.is_empty() {
        return Some(widget);
    }
    path.split('.').try_fold(widget, |v, seg| {
        let rest = seg.strip_prefix("children")?;
        let kids = v.get("children")?;
        if rest.is_empty() {
            return kids.is_object().then_some(kids);
        }
        let i: usize = rest.strip_prefix('[')?.strip_suffix(']')?.parse().ok()?;
        kids.as_array()?.get(i)
    })
}

/// The parent's path; `None` for the root.
pub fn parent(path: &str) -> Option<&str> {
    if path.is_empty() {
        return None;
    }
    Some(path.rsplit_once('.').map_or("", |(p, _)| p))
}

fn is_form(v: &Value) -> bool {
    match v.get("type").and_then(Value::as_str) {
        Some("Form") => true,
        Some("Card") => v.get("asForm") == Some(&Value::Bool(true)),
        _ => false,
    }
}

/// The nearest Form or `asForm` Card at or above `path`.
pub fn form_around(widget: &Value, path: &str) -> Option<String> {
    let mut p = Some(path);
    while let Some(at) = p {
        if node_at(widget, at).is_some_and(is_form) {
            return Some(at.to_string());
        }
        p = parent(at);
    }
    None
}

/// What the gesture at `path` fires, if anything.
pub fn fire(widget: &Value, path: &str, trigger: Trigger) -> Option<Fired> {
    let bound = actions(widget);
    let at = |p: &str, sites: &[Site]| {
        bound
            .iter()
            .find(|b| b.path == p && sites.contains(&b.site))
            .cloned()
    };
    let found = match trigger {
        Trigger::Confirm => at(path, &[Site::CardConfirm]),
        Trigger::Cancel => at(path, &[Site::CardCancel]),
        Trigger::Change => at(
            path,
            &[
                Site::SelectChange,
                Site::DatePickerChange,
                Site::CheckboxChange,
                Site::RadioGroupChange,
            ],
        ),
        Trigger::Click => {
            let mut p = Some(path);
            let mut hit = None;
            while let Some(here) = p {
                let node = node_at(widget, here);
                let submit = node.is_some_and(|n| {
                    n.get("type").and_then(Value::as_str) == Some("Button")
                        && n.get("submit") == Some(&Value::Bool(true))
                });
                if let Some(b) = at(here, &[Site::ButtonClick, Site::ListViewItemClick]) {
                    hit = Some(b);
                    break;
                }
                if submit {
                    // A submit button fires its form's submit (an asForm Card's confirm).
                    hit = form_around(widget, here).and_then(|f| {
                        at(&f, &[Site::FormSubmit]).or_else(|| at(&f, &[Site::CardConfirm]))
                    });
                    break;
                }
                p = parent(here);
            }
            hit
        }
    }?;
    let form = form_around(widget, &found.path);
    Some(Fired { bound: found, form })
}

/// The named fields inside the form at `path`, in document order, with the values the widget
/// gives them (the browser replaces them with what the user entered).
pub fn form_fields(widget: &Value, path: &str) -> Vec<Field> {
    let mut out = Vec::new();
    if let Some(n) = node_at(widget, path) {
        collect(n, &mut out);
    }
    out
}

fn collect(v: &Value, out: &mut Vec<Field>) {
    let Some(o) = v.as_object() else { return };
    let ty = o.get("type").and_then(Value::as_str).unwrap_or_default();
    let s = |k: &str| o.get(k).and_then(Value::as_str).map(str::to_string);
    let req = o.get("required") == Some(&Value::Bool(true));
    let field = match ty {
        "Input" => Some((
            FieldKind::Input,
            s("name"),
            json_str(s("defaultValue")),
            req,
            s("pattern"),
        )),
        "Textarea" => Some((
            FieldKind::Textarea,
            s("name"),
            json_str(s("defaultValue")),
            req,
            s("pattern"),
        )),
        "Select" => Some((
            FieldKind::Select,
            s("name"),
            json_str(s("defaultValue")),
            req,
            None,
        )),
        "DatePicker" => Some((
            FieldKind::DatePicker,
            s("name"),
            json_str(s("defaultValue")),
            req,
            None,
        )),
        "RadioGroup" => Some((
            FieldKind::RadioGroup,
            s("name"),
            json_str(s("defaultValue")),
            req,
            None,
        )),
        "Checkbox" => Some((
            FieldKind::Checkbox,
            s("name"),
            Value::Bool(o.get("defaultChecked") == Some(&Value::Bool(true))),
            req,
            None,
        )),
        "Text" => o.get("editable").and_then(Value::as_object).map(|e| {
            (
                FieldKind::EditableText,
                e.get("name").and_then(Value::as_str).map(str::to_string),
                json_str(s("value")),
                e.get("required") == Some(&Value::Bool(true)),
                e.get("pattern").and_then(Value::as_str).map(str::to_string),
            )
        }),
        _ => None,
    };
    if let Some((kind, Some(name), value, required, pattern)) = field
        && !name.is_empty()
    {
        out.push(Field {
            kind,
            name,
            value,
            required,
            pattern,
        });
    }
    match o.get("children") {
        Some(Value::Array(a)) => a.iter().for_each(|c| collect(c, out)),
        Some(c @ Value::Object(_)) => collect(c, out),
        _ => {}
    }
}

fn json_str(s: Option<String>) -> Value {
    s.map_or(Value::Null, Value::String)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn widget() -> Value {
        json!({"type": "Card", "asForm": true,
        "confirm": {"label": "Send", "action": {"type": "send"}},
        "cancel": {"label": "Cancel", "action": {"type": "cancel", "handler": "client"}},
        "children": [
            {"type": "Row", "children": [
                {"type": "Button", "label": "Go", "onClickAction": {"type": "go", "payload": {"id": 1}}},
                {"type": "Button", "label": "Submit", "submit": true}
            ]},
            {"type": "Form", "onSubmitAction": {"type": "todo.add"}, "children": [
                {"type": "Input", "name": "todo.title", "required": true, "pattern": "[a-z]+"},
                {"type": "Checkbox", "name": "todo.done", "defaultChecked": true},
                {"type": "Select", "name": "prio", "options": [], "defaultValue": "low", "onChangeAction": {"type": "prio"}},
                {"type": "Button", "label": "Add", "submit": true, "iconStart": "plus"}
            ]},
            {"type": "Text", "value": "x", "editable": {"name": "note", "required": true}}
        ]})
    }

    #[test]
    fn paths_walk_like_the_renderer() {
        let w = widget();
        assert_eq!(
            node_at(&w, "children[1].children[3]").unwrap()["label"],
            "Add"
        );
        assert!(node_at(&w, "children[9]").is_none());
        assert_eq!(parent("children[1].children[3]"), Some("children[1]"));
        assert_eq!(parent("children[1]"), Some(""));
        assert_eq!(parent(""), None);
        let t = json!({"type": "Card", "children": [{"type": "Transition", "children": {"type": "Text", "value": "a"}}]});
        assert_eq!(node_at(&t, "children[0].children").unwrap()["value"], "a");
    }

    #[test]
    fn clicks_changes_and_card_buttons_fire_what_is_bound_there() {
        let w = widget();
        // A click inside a Button (on its label) fires its onClickAction; the asForm Card's
        // fields go with it.
        let f = fire(&w, "children[0].children[0]", Trigger::Click).unwrap();
        assert_eq!(f.bound.action_type, "go");
        assert_eq!(f.form.as_deref(), Some(""));
        // A submit button in the Card (outside the Form) is the Card's confirm.
        let f = fire(&w, "children[0].children[1]", Trigger::Click).unwrap();
        assert_eq!(
            (f.bound.site, f.bound.action_type.as_str()),
            (Site::CardConfirm, "send")
        );
        // A submit button in the Form fires the Form's submit, with the Form's fields.
        let f = fire(&w, "children[1].children[3]", Trigger::Click).unwrap();
        assert_eq!(
            (f.bound.site, f.form.as_deref()),
            (Site::FormSubmit, Some("children[1]"))
        );
        // A change on the Select; a click on plain text fires nothing.
        assert_eq!(
            fire(&w, "children[1].children[2]", Trigger::Change)
                .unwrap()
                .bound
                .action_type,
            "prio"
        );
        assert!(fire(&w, "children[2]", Trigger::Click).is_none());
        assert!(fire(&w, "children[1].children[0]", Trigger::Change).is_none());
        assert_eq!(
            fire(&w, "", Trigger::Cancel).unwrap().bound.action_type,
            "cancel"
        );
        assert_eq!(
            fire(&w, "", Trigger::Confirm).unwrap().bound.action_type,
            "send"
        );
    }

    #[test]
    fn form_fields_list_kind_required_pattern_and_defaults() {
        let w = widget();
        let f = form_fields(&w, "children[1]");
        let names: Vec<_> = f.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["todo.title", "todo.done", "prio"]);
        assert!(f[0].required && f[0].pattern.as_deref() == Some("[a-z]+"));
        assert_eq!(f[1].value, json!(true));
        assert_eq!(f[2].value, json!("low"));
        let all = form_fields(&w, "");
        assert_eq!(all.len(), 4);
        assert_eq!(all[3].kind, FieldKind::EditableText);
        assert_eq!(all[3].value, json!("x"));
    }
}
