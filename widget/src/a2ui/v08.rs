//! A2UI v0.8 messages from the v0.9 components: `surfaceUpdate`, `dataModelUpdate`,
//! `beginRendering`, with v0.8's names and wrapped values (`{"literalString": …}`).

use serde_json::{Map, Value, json};

use super::text::V08_ICONS;
use super::{Loss, LossKind};
use crate::json::Span;

fn bound(v: &Value, lit: &str) -> Value {
    match v {
        Value::Object(m) if m.contains_key("path") => json!({"path": m["path"]}),
        Value::String(s) if lit == "literalString" => json!({"literalString": s}),
        Value::Bool(b) => json!({"literalBoolean": b}),
        Value::Number(n) => json!({"literalNumber": n}),
        Value::Array(a) => json!({"literalArray": a}),
        other => json!({ lit: other }),
    }
}

fn children(v: &Value) -> Value {
    match v {
        Value::Array(ids) => json!({"explicitList": ids}),
        Value::Object(t) => {
            json!({"template": {"componentId": t.get("componentId"), "dataBinding": t.get("path")}})
        }
        other => other.clone(),
    }
}

struct Notes {
    checks: bool,
    formats: bool,
    icons: Vec<String>,
    labels: bool,
    borderless: bool,
    arrays: bool,
}

fn context(ctx: Option<&Value>, notes: &mut Notes) -> Value {
    let mut out = Vec::new();
    for (k, v) in ctx.and_then(Value::as_object).into_iter().flatten() {
        let value = match v {
            Value::Object(m) if m.contains_key("path") => json!({"path": m["path"]}),
            Value::String(s) => json!({"literalString": s}),
            Value::Number(n) => json!({"literalNumber": n}),
            Value::Bool(b) => json!({"literalBoolean": b}),
            other => {
                notes.arrays = true;
                json!({"literalString": other.to_string()})
            }
        };
        out.push(json!({"key": k, "value": value}));
    }
    json!(out)
}

fn convert(c: &Value, notes: &mut Notes) -> Option<Value> {
    let m = c.as_object()?;
    let ty = m.get("component")?.as_str()?;
    let id = m.get("id")?.clone();
    let mut p = Map::new();
    let get = |k: &str| m.get(k);
    let text = |v: Option<&Value>, notes: &mut Notes| -> Value {
        match v {
            Some(Value::Object(o)) if o.contains_key("call") => {
                notes.formats = true;
                json!({"literalString": ""})
            }
            Some(v) => bound(v, "literalString"),
            None => json!({"literalString": ""}),
        }
    };
    if m.contains_key("checks") {
        notes.checks = true;
    }
    let name = match ty {
        "Text" => {
            p.insert("text".into(), text(get("text"), notes));
            if let Some(v) = get("variant") {
                p.insert("usageHint".into(), v.clone());
            }
            "Text"
        }
        "Image" => {
            p.insert("url".into(), text(get("url"), notes));
            if let Some(d) = get("description") {
                p.insert("altText".into(), text(Some(d), notes));
            }
            if let Some(f) = get("fit").and_then(Value::as_str) {
                p.insert(
                    "fit".into(),
                    json!(if f == "scaleDown" { "scale-down" } else { f }),
                );
            }
            if let Some(v) = get("variant") {
                p.insert("usageHint".into(), v.clone());
            }
            "Image"
        }
        "Icon" => {
            let n = get("name").and_then(Value::as_str).unwrap_or("");
            if !V08_ICONS.contains(&n) {
                notes.icons.push(n.to_string());
                p.insert("name".into(), json!({"literalString": "help"}));
            } else {
                p.insert("name".into(), json!({"literalString": n}));
            }
            "Icon"
        }
        "Row" | "Column" | "List" => {
            p.insert("children".into(), children(get("children")?));
            if let Some(j) = get("justify").and_then(Value::as_str)
                && j != "stretch"
            {
                p.insert("distribution".into(), json!(j));
            }
            if let Some(a) = get("align") {
                p.insert("alignment".into(), a.clone());
            }
            if let Some(d) = get("direction") {
                p.insert("direction".into(), d.clone());
            }
            ty
        }
        "Card" => {
            p.insert("child".into(), get("child")?.clone());
            "Card"
        }
        "Divider" => "Divider",
        "Button" => {
            p.insert("child".into(), get("child")?.clone());
            match get("variant").and_then(Value::as_str) {
                Some("primary") => {
                    p.insert("primary".into(), json!(true));
                }
                Some("borderless") => notes.borderless = true,
                _ => {}
            }
            let ev = get("action").and_then(|a| a.get("event"));
            let name = ev.and_then(|e| e.get("name")).cloned().unwrap_or(json!(""));
            p.insert(
                "action".into(),
                json!({"name": name, "context": context(ev.and_then(|e| e.get("context")), notes)}),
            );
            "Button"
        }
        "TextField" => {
            p.insert("label".into(), text(get("label"), notes));
            if let Some(v) = get("value") {
                p.insert("text".into(), bound(v, "literalString"));
            }
            if let Some(v) = get("variant") {
                p.insert("textFieldType".into(), v.clone());
            }
            "TextField"
        }
        "CheckBox" => {
            p.insert("label".into(), text(get("label"), notes));
            p.insert("value".into(), bound(get("value")?, "literalBoolean"));
            "CheckBox"
        }
        "ChoicePicker" => {
            if get("label").is_some() {
                notes.labels = true;
            }
            let opts: Vec<Value> = get("options")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .map(|o| json!({"label": text(o.get("label"), notes), "value": o.get("value")}))
                .collect();
            p.insert("options".into(), json!(opts));
            p.insert("selections".into(), bound(get("value")?, "literalArray"));
            if get("variant").and_then(Value::as_str) == Some("mutuallyExclusive") {
                p.insert("maxAllowedSelections".into(), json!(1));
            }
            if let Some(f) = get("filterable") {
                p.insert("filterable".into(), f.clone());
            }
            "MultipleChoice"
        }
        "DateTimeInput" => {
            if get("label").is_some() || get("min").is_some() || get("max").is_some() {
                notes.labels = true;
            }
            p.insert("value".into(), bound(get("value")?, "literalString"));
            for k in ["enableDate", "enableTime"] {
                if let Some(v) = get(k) {
                    p.insert(k.into(), v.clone());
                }
            }
            "DateTimeInput"
        }
        other => other,
    };
    let mut out = json!({"id": id, "component": {name: Value::Object(p)}});
    if let Some(w) = get("weight") {
        out["weight"] = w.clone();
    }
    Some(out)
}

/// v0.8 data: `contents` entries; a map whose members are all scalars fits in one
/// `valueMap`, deeper objects get their own message. Arrays become maps keyed "0", "1", …
/// (v0.8 templates iterate maps).
fn data_messages(surface: &str, path: &str, v: &Value, out: &mut Vec<Value>, nulls: &mut bool) {
    let entries: Vec<(String, &Value)> = match v {
        Value::Object(m) => m.iter().map(|(k, x)| (k.clone(), x)).collect(),
        Value::Array(a) => a
            .iter()
            .enumerate()
            .map(|(i, x)| (i.to_string(), x))
            .collect(),
        _ => return,
    };
    let scalar = |x: &Value, key: &str| -> Option<Value> {
        match x {
            Value::String(s) => Some(json!({"key": key, "valueString": s})),
            Value::Number(n) => Some(json!({"key": key, "valueNumber": n})),
            Value::Bool(b) => Some(json!({"key": key, "valueBoolean": b})),
            _ => None,
        }
    };
    let mut contents = Vec::new();
    let mut deeper = Vec::new();
    for (k, x) in &entries {
        if let Some(s) = scalar(x, k) {
            contents.push(s);
            continue;
        }
        match x {
            Value::Null => *nulls = true,
            Value::Object(_) | Value::Array(_) => {
                let members: Vec<(String, &Value)> = match x {
                    Value::Object(m) => m.iter().map(|(k, v)| (k.clone(), v)).collect(),
                    Value::Array(a) => a
                        .iter()
                        .enumerate()
                        .map(|(i, v)| (i.to_string(), v))
                        .collect(),
                    _ => Vec::new(),
                };
                let flat: Option<Vec<Value>> =
                    members.iter().map(|(mk, mv)| scalar(mv, mk)).collect();
                match flat {
                    Some(items) if !items.is_empty() => {
                        contents.push(json!({"key": k, "valueMap": items}));
                    }
                    _ => deeper.push((k.clone(), *x)),
                }
            }
            _ => {}
        }
    }
    let mut msg = json!({"dataModelUpdate": {"surfaceId": surface, "contents": contents}});
    if path != "/" {
        msg["dataModelUpdate"]["path"] = json!(path);
    }
    out.push(msg);
    for (k, x) in deeper {
        let sub = if path == "/" {
            format!("/{}", k.replace('~', "~0").replace('/', "~1"))
        } else {
            format!("{path}/{}", k.replace('~', "~0").replace('/', "~1"))
        };
        data_messages(surface, &sub, x, out, nulls);
    }
}

pub(crate) fn messages(surface: &str, comps: &[Value], model: &Value) -> (Vec<Value>, Vec<Loss>) {
    let mut notes = Notes {
        checks: false,
        formats: false,
        icons: Vec::new(),
        labels: false,
        borderless: false,
        arrays: false,
    };
    let components: Vec<Value> = comps
        .iter()
        .filter_map(|c| convert(c, &mut notes))
        .collect();
    let mut out = vec![json!({"surfaceUpdate": {"surfaceId": surface, "components": components}})];
    let mut nulls = false;
    data_messages(surface, "/", model, &mut out, &mut nulls);
    out.push(json!({"beginRendering": {"surfaceId": surface, "root": "root"}}));
    let mut losses = Vec::new();
    let mut add = |kind, msg: String| losses.push(Loss::new(kind, "", Span::default(), &[], msg));
    if notes.checks {
        add(
            LossKind::Behaviour,
            "v0.8 has no checks: required fields, patterns and email formats are not enforced, and submit buttons are never disabled".into(),
        );
    }
    if notes.formats {
        add(
            LossKind::Binding,
            "v0.8 has no formatString: texts the view builds from several values were exported empty".into(),
        );
    }
    if !notes.icons.is_empty() {
        add(
            LossKind::Styling,
            format!(
                "v0.8 has no icon {}: \"help\" is drawn instead",
                notes.icons.join(", ")
            ),
        );
    }
    if notes.labels {
        add(
            LossKind::Behaviour,
            "v0.8's MultipleChoice and DateTimeInput have no label, min or max".into(),
        );
    }
    if notes.borderless {
        add(
            LossKind::Styling,
            "v0.8 buttons have no borderless variant".into(),
        );
    }
    if notes.arrays {
        add(
            LossKind::Behaviour,
            "v0.8 action contexts take only strings, numbers, booleans and paths: other values are sent as JSON text".into(),
        );
    }
    if nulls {
        add(
            LossKind::Binding,
            "v0.8 data has no null: null values of the state were left out".into(),
        );
    }
    (out, losses)
}
