//! The widget updates a ChatKit server sends when a widget goes from `before` to `after`: the
//! rules of the Python SDK's `diff_widget` (`chatkit/server.py`), on widget JSON.
//!
//! * **Full replace** (`widget.root.updated` with the whole new root) when any component's
//!   `type`, `id` or `key` changes, a `children` list changes length, or any other prop changes,
//!   except text appended to the `value` of a `Text` or `Markdown`.
//! * Otherwise **text deltas** (`widget.streaming_text.value_delta`): one for every `Text` or
//!   `Markdown` **with an `id`** whose value grew, in document order; `delta` is the appended
//!   text and `done` is whether the new node is no longer `streaming`. Text appended to a node
//!   without an `id` sends nothing (the SDK's gotcha: it shows only in the final item).
//! * `widget.component.updated` is never produced: the SDK's diff does not emit it either.
//!
//! Values compare as Python compares the parsed JSON (`1 == 1.0`, `true == 1`), a missing prop
//! as `null`. Where the SDK itself fails (a prop present on only one side of a nested
//! component raises `AttributeError` there), this says "full replace", which is what the SDK
//! means to do. Components nested in a single-child `children` (a `Transition`) are compared,
//! but, as in the SDK, not searched for streamed texts.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// One update of a widget item (`ThreadItemUpdated.update` in the SDK).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum WidgetUpdate {
    /// The whole root, replaced.
    #[serde(rename = "widget.root.updated")]
    RootUpdated { widget: Value },
    /// Text appended to an id'd `Text` or `Markdown`.
    #[serde(rename = "widget.streaming_text.value_delta")]
    StreamingTextDelta {
        component_id: String,
        delta: String,
        done: bool,
    },
    /// One component replaced (sent by handlers, never by the diff).
    #[serde(rename = "widget.component.updated")]
    ComponentUpdated {
        component_id: String,
        component: Value,
    },
}

/// The updates that take a client from `before` to `after` (both widget roots).
///
/// The SDK also raises for an id'd streamed text that `before` lacks or whose value is not an
/// extension of the old one; both are already full replacements by the check before (the same
/// ids in the same places, every other value change replaces), so they cannot occur here.
pub fn diff_widget(before: &Value, after: &Value) -> Vec<WidgetUpdate> {
    let empty = Map::new();
    let (b, a) = (
        before.as_object().unwrap_or(&empty),
        after.as_object().unwrap_or(&empty),
    );
    if full_replace(b, a) {
        return vec![WidgetUpdate::RootUpdated {
            widget: after.clone(),
        }];
    }
    let before_nodes = streamed_texts(before);
    let mut out = Vec::new();
    for (id, node) in streamed_texts(after) {
        let Some((_, old)) = before_nodes.iter().find(|(k, _)| *k == id) else {
            continue;
        };
        let (old, new) = (text_value(old), text_value(node));
        if old != new {
            let Some(delta) = new.strip_prefix(old) else {
                continue;
            };
            out.push(WidgetUpdate::StreamingTextDelta {
                component_id: id.to_string(),
                delta: delta.to_string(),
                done: !truthy(node.get("streaming").unwrap_or(&Value::Null)),
            });
        }
    }
    out
}

/// A `Text` or `Markdown` whose `value` is a string.
fn is_streaming_text(node: &Map<String, Value>) -> bool {
    matches!(
        node.get("type").and_then(Value::as_str),
        Some("Text" | "Markdown")
    ) && node.get("value").is_some_and(Value::is_string)
}

fn text_value(node: &Map<String, Value>) -> &str {
    node.get("value")
        .and_then(Value::as_str)
        .unwrap_or_default()
}

fn get<'v>(node: &'v Map<String, Value>, key: &str) -> &'v Value {
    node.get(key).unwrap_or(&Value::Null)
}

fn full_replace(b: &Map<String, Value>, a: &Map<String, Value>) -> bool {
    if ["type", "id", "key"]
        .iter()
        .any(|k| !py_eq(get(b, k), get(a, k)))
    {
        return true;
    }
    let texts = is_streaming_text(b) && is_streaming_text(a);
    for field in b.keys().chain(a.keys().filter(|k| !b.contains_key(*k))) {
        if texts && field == "value" && text_value(a).starts_with(text_value(b)) {
            continue;
        }
        if value_replace(get(b, field), get(a, field), field == "children") {
            return true;
        }
    }
    false
}

/// `full_replace_value`: lists item by item, components (in `children`) by [`full_replace`],
/// anything else by equality.
fn value_replace(b: &Value, a: &Value, components: bool) -> bool {
    match (b, a) {
        (Value::Array(x), Value::Array(y)) => {
            x.len() != y.len()
                || x.iter()
                    .zip(y)
                    .any(|(x, y)| value_replace(x, y, components))
        }
        (Value::Object(x), Value::Object(y)) if components => !py_eq(b, a) && full_replace(x, y),
        _ => !py_eq(b, a),
    }
}

/// The id'd streamed texts of a widget in document order (the SDK's dict: a repeated id keeps
/// its first place and its last node). Only `children` lists are searched.
fn streamed_texts(root: &Value) -> Vec<(&str, &Map<String, Value>)> {
    fn walk<'v>(v: &'v Value, out: &mut Vec<(&'v str, &'v Map<String, Value>)>) {
        let Some(node) = v.as_object() else { return };
        if is_streaming_text(node)
            && let Some(id) = node.get("id").and_then(Value::as_str)
            && !id.is_empty()
        {
            match out.iter_mut().find(|(k, _)| *k == id) {
                Some(slot) => slot.1 = node,
                None => out.push((id, node)),
            }
        }
        if let Some(Value::Array(children)) = node.get("children") {
            for c in children {
                walk(c, out);
            }
        }
    }
    let mut out = Vec::new();
    walk(root, &mut out);
    out
}

/// Python's `==` on parsed JSON: numbers by value (`1 == 1.0`), booleans as 0 and 1.
fn py_eq(a: &Value, b: &Value) -> bool {
    fn num(v: &Value) -> Option<f64> {
        match v {
            Value::Bool(b) => Some(f64::from(u8::from(*b))),
            Value::Number(n) => n.as_f64(),
            _ => None,
        }
    }
    match (a, b) {
        (Value::Null, Value::Null) => true,
        (Value::String(x), Value::String(y)) => x == y,
        (Value::Number(x), Value::Number(y)) => match (x.as_i64(), y.as_i64()) {
            (Some(x), Some(y)) => x == y,
            _ => match (x.as_u64(), y.as_u64()) {
                (Some(x), Some(y)) => x == y,
                _ => x.as_f64() == y.as_f64(),
            },
        },
        (Value::Bool(_) | Value::Number(_), Value::Bool(_) | Value::Number(_)) => num(a) == num(b),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| py_eq(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| py_eq(v, w)))
        }
        _ => false,
    }
}

/// Python's truthiness of a parsed JSON value.
fn truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn card(children: Value) -> Value {
        json!({"type": "Card", "children": children})
    }

    #[test]
    fn appended_text_with_an_id_is_a_delta_done_when_streaming_stops() {
        let b = card(json!([{"type": "Text", "id": "t", "value": "Hel", "streaming": true}]));
        let a = card(json!([{"type": "Text", "id": "t", "value": "Hello", "streaming": true}]));
        assert_eq!(
            diff_widget(&b, &a),
            vec![WidgetUpdate::StreamingTextDelta {
                component_id: "t".into(),
                delta: "lo".into(),
                done: false
            }]
        );
        // Ending the stream by switching `streaming` off is a prop change: the root is
        // replaced, as the SDK does.
        let c = card(json!([{"type": "Text", "id": "t", "value": "Hello!", "streaming": false}]));
        assert_eq!(
            serde_json::to_value(diff_widget(&a, &c)).unwrap(),
            json!([{"type": "widget.root.updated", "widget": c}])
        );
        // A text that never streamed: each append is a delta, done at once.
        let b = card(json!([{"type": "Text", "id": "t", "value": "Hel"}]));
        let a = card(json!([{"type": "Text", "id": "t", "value": "Hello!"}]));
        assert_eq!(
            serde_json::to_value(diff_widget(&b, &a)).unwrap(),
            json!([{"type": "widget.streaming_text.value_delta", "component_id": "t", "delta": "lo!", "done": true}])
        );
    }

    #[test]
    fn appended_text_without_an_id_sends_nothing() {
        let b = card(json!([{"type": "Markdown", "value": "a"}]));
        let a = card(json!([{"type": "Markdown", "value": "ab"}]));
        assert_eq!(diff_widget(&b, &a), vec![]);
    }

    #[test]
    fn other_changes_replace_the_root() {
        let b = card(json!([{"type": "Text", "id": "t", "value": "abc"}]));
        for a in [
            card(json!([{"type": "Text", "id": "t", "value": "xbc"}])), // not an append
            card(json!([{"type": "Text", "id": "u", "value": "abc"}])), // id
            card(json!([{"type": "Text", "id": "t", "key": "k", "value": "abc"}])), // key
            card(json!([{"type": "Markdown", "id": "t", "value": "abc"}])), // type
            card(json!([{"type": "Text", "id": "t", "value": "abc"}, {"type": "Divider"}])), // length
            card(json!([{"type": "Text", "id": "t", "value": "abc", "size": "lg"}])), // a prop
            json!({"type": "Card", "size": "lg", "children": [{"type": "Text", "id": "t", "value": "abc"}]}),
        ] {
            assert_eq!(
                diff_widget(&b, &a),
                vec![WidgetUpdate::RootUpdated { widget: a.clone() }],
                "{a}"
            );
        }
    }

    #[test]
    fn values_compare_as_python_compares_them() {
        let b = card(json!([{"type": "Spacer", "minSize": 1, "flag": true}]));
        let a = card(json!([{"type": "Spacer", "minSize": 1.0, "flag": 1}]));
        assert_eq!(diff_widget(&b, &a), vec![]);
        let b =
            card(json!([{"type": "Button", "onClickAction": {"type": "x", "payload": {"n": 1}}}]));
        let a =
            card(json!([{"type": "Button", "onClickAction": {"type": "x", "payload": {"n": 2}}}]));
        assert_eq!(diff_widget(&b, &a).len(), 1);
        // A missing prop is null.
        let b = card(json!([{"type": "Divider", "id": null}]));
        let a = card(json!([{"type": "Divider"}]));
        assert_eq!(diff_widget(&b, &a), vec![]);
    }

    #[test]
    fn deltas_follow_document_order_and_a_transition_child_is_compared_not_searched() {
        let b = card(json!([
            {"type": "Col", "children": [{"type": "Text", "id": "b", "value": "1", "streaming": true}]},
            {"type": "Text", "id": "a", "value": "x", "streaming": true},
            {"type": "Transition", "children": {"type": "Text", "id": "c", "value": "p", "streaming": true}}
        ]));
        let a = card(json!([
            {"type": "Col", "children": [{"type": "Text", "id": "b", "value": "12", "streaming": true}]},
            {"type": "Text", "id": "a", "value": "xy", "streaming": true},
            {"type": "Transition", "children": {"type": "Text", "id": "c", "value": "pq", "streaming": true}}
        ]));
        let ids: Vec<_> = diff_widget(&b, &a)
            .into_iter()
            .map(|u| match u {
                WidgetUpdate::StreamingTextDelta {
                    component_id,
                    delta,
                    done,
                } => {
                    format!("{component_id}+{delta}:{done}")
                }
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(ids, ["b+2:false", "a+y:false"]);
    }

    #[test]
    fn a_repeated_id_is_compared_by_its_last_node() {
        let b = card(json!([
            {"type": "Text", "id": "t", "value": "a"},
            {"type": "Text", "id": "t", "value": "b"}
        ]));
        let a = card(json!([
            {"type": "Text", "id": "t", "value": "a1"},
            {"type": "Text", "id": "t", "value": "b2"}
        ]));
        assert_eq!(
            diff_widget(&b, &a),
            vec![WidgetUpdate::StreamingTextDelta {
                component_id: "t".into(),
                delta: "2".into(),
                done: true
            }]
        );
    }

    #[test]
    fn delta_of_multibyte_text_is_the_appended_characters() {
        let b = card(json!([{"type": "Text", "id": "t", "value": "日本"}]));
        let a = card(json!([{"type": "Text", "id": "t", "value": "日本語 🎉"}]));
        assert_eq!(
            diff_widget(&b, &a),
            vec![WidgetUpdate::StreamingTextDelta {
                component_id: "t".into(),
                delta: "語 🎉".into(),
                done: true
            }]
        );
    }
}
