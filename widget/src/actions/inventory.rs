//! The actions a widget can fire, read from its JSON: where each is bound, its type, payload,
//! handler, loading behaviour and streaming, and the form fields a submit would add.
//!
//! Binding sites (the SDK's `widgets.py`): `Button.onClickAction` (with `submit`, a Form's
//! submit), `ListViewItem.onClickAction`, `onChangeAction` on Select, DatePicker, Checkbox and
//! RadioGroup, `Form.onSubmitAction`, and the `action` of a Card's `confirm` and `cancel`.
//! What `loadingBehavior: "auto"` becomes is documented for three of them (Button → `self`,
//! Select change → `none`, Card confirm → `container`); for the others it is our choice,
//! marked [`Resolved::Chosen`]: a list row and a checkbox or radio change act like a button
//! (`self`: the row or control that fired), a date change like a select (`none`), a form
//! submit and a card cancel like a card confirm (`container`: the whole widget waits).

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Where an action is bound.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Site {
    ButtonClick,
    ListViewItemClick,
    SelectChange,
    DatePickerChange,
    CheckboxChange,
    RadioGroupChange,
    FormSubmit,
    CardConfirm,
    CardCancel,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Handler {
    Server,
    Client,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Loading {
    None,
    #[serde(rename = "self")]
    Own,
    Container,
}

/// What `auto` resolved to, and on whose word.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Resolved {
    /// Written in the action.
    Given,
    /// `auto`, as ChatKit's guide documents it for this site.
    Documented,
    /// `auto` where ChatKit documents nothing: the studio's choice.
    Chosen,
}

impl Site {
    /// `auto` at this site, and whether ChatKit documents it.
    pub fn auto_loading(self) -> (Loading, Resolved) {
        match self {
            Site::ButtonClick => (Loading::Own, Resolved::Documented),
            Site::SelectChange => (Loading::None, Resolved::Documented),
            Site::CardConfirm => (Loading::Container, Resolved::Documented),
            Site::ListViewItemClick | Site::CheckboxChange | Site::RadioGroupChange => {
                (Loading::Own, Resolved::Chosen)
            }
            Site::DatePickerChange => (Loading::None, Resolved::Chosen),
            Site::FormSubmit | Site::CardCancel => (Loading::Container, Resolved::Chosen),
        }
    }
}

/// One bound action.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Bound {
    pub site: Site,
    /// The JSON path of the component it is bound on (`children[1].children[0]`).
    pub path: String,
    pub action_type: String,
    pub payload: Value,
    pub handler: Handler,
    pub loading: Loading,
    pub loading_from: Resolved,
    pub streaming: bool,
    /// The named fields an action from here adds to the payload: inside a Form or an `asForm`
    /// Card, the form's; outside one, a changed control's own.
    pub fields: Vec<String>,
}

/// Every action the widget binds, in document order.
pub fn actions(widget: &Value) -> Vec<Bound> {
    let mut out = Vec::new();
    walk(widget, String::new(), None, &mut out);
    out
}

fn walk(v: &Value, path: String, form: Option<&[String]>, out: &mut Vec<Bound>) {
    let Some(o) = v.as_object() else { return };
    let ty = o.get("type").and_then(Value::as_str).unwrap_or_default();
    let is_form = ty == "Form" || (ty == "Card" && o.get("asForm") == Some(&Value::Bool(true)));
    let own_fields = is_form.then(|| {
        let mut f = Vec::new();
        fields(v, &mut f);
        f
    });
    let form_here: Option<&[String]> = own_fields.as_deref().or(form);
    let mut bind = |site: Site, action: Option<&Value>, in_form: bool| {
        let Some(a) = action.and_then(Value::as_object) else {
            return;
        };
        let Some(t) = a.get("type").and_then(Value::as_str) else {
            return;
        };
        let (loading, loading_from) = match a.get("loadingBehavior").and_then(Value::as_str) {
            Some("none") => (Loading::None, Resolved::Given),
            Some("self") => (Loading::Own, Resolved::Given),
            Some("container") => (Loading::Container, Resolved::Given),
            _ => site.auto_loading(),
        };
        out.push(Bound {
            site,
            path: path.clone(),
            action_type: t.to_string(),
            payload: a.get("payload").cloned().unwrap_or(Value::Null),
            handler: if a.get("handler").and_then(Value::as_str) == Some("client") {
                Handler::Client
            } else {
                Handler::Server
            },
            loading,
            loading_from,
            streaming: a.get("streaming") != Some(&Value::Bool(false)),
            fields: if in_form {
                form_here.map(<[String]>::to_vec).unwrap_or_default()
            } else if matches!(
                site,
                Site::SelectChange
                    | Site::DatePickerChange
                    | Site::CheckboxChange
                    | Site::RadioGroupChange
            ) {
                // Outside a form, a changed control sends its own value under its name (the
                // simulator's choice: ChatKit documents values only for fields in a form).
                o.get("name")
                    .and_then(Value::as_str)
                    .map(|n| vec![n.to_string()])
                    .unwrap_or_default()
            } else {
                Vec::new()
            },
        });
    };
    match ty {
        "Button" => bind(
            Site::ButtonClick,
            o.get("onClickAction"),
            form_here.is_some(),
        ),
        "ListViewItem" => bind(
            Site::ListViewItemClick,
            o.get("onClickAction"),
            form_here.is_some(),
        ),
        "Select" => bind(
            Site::SelectChange,
            o.get("onChangeAction"),
            form_here.is_some(),
        ),
        "DatePicker" => bind(
            Site::DatePickerChange,
            o.get("onChangeAction"),
            form_here.is_some(),
        ),
        "Checkbox" => bind(
            Site::CheckboxChange,
            o.get("onChangeAction"),
            form_here.is_some(),
        ),
        "RadioGroup" => bind(
            Site::RadioGroupChange,
            o.get("onChangeAction"),
            form_here.is_some(),
        ),
        "Form" => bind(Site::FormSubmit, o.get("onSubmitAction"), true),
        _ => {}
    }
    if ty == "Card" {
        bind(
            Site::CardConfirm,
            o.get("confirm").and_then(|c| c.get("action")),
            is_form,
        );
        bind(
            Site::CardCancel,
            o.get("cancel").and_then(|c| c.get("action")),
            is_form,
        );
    }
    match o.get("children") {
        Some(Value::Array(a)) => {
            for (i, c) in a.iter().enumerate() {
                let p = if path.is_empty() {
                    format!("children[{i}]")
                } else {
                    format!("{path}.children[{i}]")
                };
                walk(c, p, form_here, out);
            }
        }
        Some(c @ Value::Object(_)) => {
            let p = if path.is_empty() {
                "children".to_string()
            } else {
                format!("{path}.children")
            };
            walk(c, p, form_here, out);
        }
        _ => {}
    }
}

/// The names of the fields inside a form, in document order.
fn fields(v: &Value, out: &mut Vec<String>) {
    let Some(o) = v.as_object() else { return };
    let ty = o.get("type").and_then(Value::as_str).unwrap_or_default();
    let name = match ty {
        "Input" | "Textarea" | "Select" | "DatePicker" | "Checkbox" | "RadioGroup" => o.get("name"),
        "Text" => o.get("editable").and_then(|e| e.get("name")),
        _ => None,
    };
    if let Some(n) = name.and_then(Value::as_str).filter(|n| !n.is_empty())
        && !out.iter().any(|x| x == n)
    {
        out.push(n.to_string());
    }
    match o.get("children") {
        Some(Value::Array(a)) => a.iter().for_each(|c| fields(c, out)),
        Some(c @ Value::Object(_)) => fields(c, out),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn every_site_is_found_with_its_loading() {
        let w = json!({"type": "Card", "asForm": true,
        "confirm": {"label": "Send", "action": {"type": "send", "payload": {"id": 1}}},
        "cancel": {"label": "No", "action": {"type": "discard", "handler": "client", "loadingBehavior": "none"}},
        "children": [
            {"type": "Input", "name": "todo.title", "required": true},
            {"type": "Text", "value": "x", "editable": {"name": "note"}},
            {"type": "Select", "name": "size", "options": [], "onChangeAction": {"type": "size.changed"}},
            {"type": "Row", "children": [
                {"type": "Button", "label": "Go", "onClickAction": {"type": "go", "streaming": false}},
                {"type": "DatePicker", "name": "due", "onChangeAction": {"type": "due"}},
                {"type": "Checkbox", "name": "urgent", "onChangeAction": {"type": "urgent"}},
                {"type": "RadioGroup", "name": "r", "options": [], "onChangeAction": {"type": "r"}}
            ]},
            {"type": "Transition", "children": {"type": "Button", "label": "x", "onClickAction": {"type": "t"}}}
        ]});
        let a = actions(&w);
        let got: Vec<_> = a
            .iter()
            .map(|b| {
                (
                    b.site,
                    b.action_type.as_str(),
                    b.loading,
                    b.loading_from,
                    b.path.as_str(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (
                    Site::CardConfirm,
                    "send",
                    Loading::Container,
                    Resolved::Documented,
                    ""
                ),
                (
                    Site::CardCancel,
                    "discard",
                    Loading::None,
                    Resolved::Given,
                    ""
                ),
                (
                    Site::SelectChange,
                    "size.changed",
                    Loading::None,
                    Resolved::Documented,
                    "children[2]"
                ),
                (
                    Site::ButtonClick,
                    "go",
                    Loading::Own,
                    Resolved::Documented,
                    "children[3].children[0]"
                ),
                (
                    Site::DatePickerChange,
                    "due",
                    Loading::None,
                    Resolved::Chosen,
                    "children[3].children[1]"
                ),
                (
                    Site::CheckboxChange,
                    "urgent",
                    Loading::Own,
                    Resolved::Chosen,
                    "children[3].children[2]"
                ),
                (
                    Site::RadioGroupChange,
                    "r",
                    Loading::Own,
                    Resolved::Chosen,
                    "children[3].children[3]"
                ),
                (
                    Site::ButtonClick,
                    "t",
                    Loading::Own,
                    Resolved::Documented,
                    "children[4].children"
                ),
            ]
        );
        assert_eq!(
            a[0].fields,
            ["todo.title", "note", "size", "due", "urgent", "r"]
        );
        assert_eq!(a[0].payload, json!({"id": 1}));
        assert_eq!(a[1].handler, Handler::Client);
        assert!(!a[3].streaming && a[2].streaming);
    }

    #[test]
    fn only_actions_inside_a_form_get_its_fields() {
        let w = json!({"type": "Card", "children": [
            {"type": "Button", "label": "Out", "onClickAction": {"type": "out"}},
            {"type": "Form", "onSubmitAction": {"type": "save"}, "children": [
                {"type": "Input", "name": "title"},
                {"type": "Button", "label": "Save", "submit": true},
                {"type": "ListView", "children": []}
            ]}
        ]});
        let a = actions(&w);
        assert_eq!(a.len(), 2);
        assert_eq!((a[0].action_type.as_str(), a[0].fields.len()), ("out", 0));
        assert_eq!(
            (a[1].site, a[1].loading, a[1].loading_from),
            (Site::FormSubmit, Loading::Container, Resolved::Chosen)
        );
        assert_eq!(a[1].fields, ["title"]);
        // Outside a form, a changed control sends its own value (the payload types list it).
        let w = json!({"type": "Card", "children": [
            {"type": "Select", "name": "outside", "options": [], "onChangeAction": {"type": "outside.change"}},
            {"type": "Checkbox", "name": "cb", "onChangeAction": {"type": "cb.change"}}
        ]});
        let a = actions(&w);
        assert_eq!(a[0].fields, ["outside"]);
        assert_eq!(a[1].fields, ["cb"]);
        // Not bound, or not an action: nothing.
        assert!(actions(&json!({"type": "Card", "children": [{"type": "Button", "label": "x"}, {"type": "Button", "onClickAction": "x"}]})).is_empty());
    }
}
