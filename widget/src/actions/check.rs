//! Checking a ChatKit server's answer as it streams: what the studio flags in the log when it
//! forwards an action to the user's own backend. Each event is checked against what came
//! before it: the event type must be one ChatKit knows, a widget update must name a component
//! the widget has, and streamed text must only grow (every later widget keeps the text
//! streamed so far as its start).

use serde_json::Value;

/// Every `ThreadStreamEvent` type.
pub const EVENT_TYPES: &[&str] = &[
    "thread.created",
    "thread.updated",
    "thread.item.added",
    "thread.item.updated",
    "thread.item.done",
    "thread.item.removed",
    "thread.item.replaced",
    "stream_options",
    "progress_update",
    "client_effect",
    "error",
    "notice",
];

/// The checker of one answer, following the sender widget through it.
#[derive(Clone, Debug)]
pub struct Checker {
    item_id: String,
    widget: Value,
    /// Text streamed so far, per component id.
    streamed: Vec<(String, String)>,
    /// Assistant text streamed so far, per (item, content index).
    replies: Vec<((String, u64), String)>,
    seen: usize,
}

impl Checker {
    /// A checker for an answer to an action sent by the widget item `item_id` showing `widget`.
    pub fn new(item_id: &str, widget: &Value) -> Checker {
        Checker {
            item_id: item_id.to_string(),
            widget: widget.clone(),
            streamed: Vec::new(),
            replies: Vec::new(),
            seen: 0,
        }
    }

    /// The sender's widget as the events so far leave it.
    pub fn widget(&self) -> &Value {
        &self.widget
    }

    /// The problems with the next event (empty: none).
    pub fn check(&mut self, event: &Value) -> Vec<String> {
        let n = self.seen;
        self.seen += 1;
        let mut out = Vec::new();
        let Some(kind) = event.get("type").and_then(Value::as_str) else {
            out.push(format!(
                "event {n}: no \"type\"; a ChatKit event is a JSON object with one of {}",
                EVENT_TYPES.join(", ")
            ));
            return out;
        };
        if !EVENT_TYPES.contains(&kind) {
            out.push(format!(
                "event {n}: unknown event type `{kind}`; ChatKit knows {}",
                EVENT_TYPES.join(", ")
            ));
            return out;
        }
        match kind {
            "thread.item.updated" => self.update(n, event, &mut out),
            "thread.item.done" | "thread.item.replaced" | "thread.item.added" => {
                let item = &event["item"];
                if item["id"].as_str() == Some(self.item_id.as_str())
                    && let Some(w) = item.get("widget")
                {
                    self.new_widget(n, w.clone(), &mut out);
                }
                if item["type"] == "assistant_message"
                    && kind == "thread.item.done"
                    && let (Some(id), Some(parts)) =
                        (item["id"].as_str(), item["content"].as_array())
                {
                    for (i, p) in parts.iter().enumerate() {
                        let text = p["text"].as_str().unwrap_or_default();
                        self.reply_final(n, id, i as u64, text, &mut out);
                    }
                }
            }
            _ => {}
        }
        out
    }

    fn update(&mut self, n: usize, event: &Value, out: &mut Vec<String>) {
        let item = event["item_id"].as_str().unwrap_or_default().to_string();
        let u = &event["update"];
        match u["type"].as_str().unwrap_or_default() {
            "widget.root.updated" if item == self.item_id => {
                self.new_widget(n, u["widget"].clone(), out);
            }
            "widget.component.updated" if item == self.item_id => {
                let id = u["component_id"].as_str().unwrap_or_default();
                match find(&mut self.widget, id) {
                    Some(slot) => *slot = u["component"].clone(),
                    None => out.push(format!(
                        "event {n}: widget.component.updated for `{id}`, but the widget has no component with that id"
                    )),
                }
            }
            "widget.streaming_text.value_delta" if item == self.item_id => {
                let id = u["component_id"].as_str().unwrap_or_default();
                let delta = u["delta"].as_str().unwrap_or_default();
                let Some(slot) = find(&mut self.widget, id) else {
                    out.push(format!(
                        "event {n}: a text delta for `{id}`, but the widget has no component with that id"
                    ));
                    return;
                };
                if !matches!(slot["type"].as_str(), Some("Text" | "Markdown")) {
                    out.push(format!(
                        "event {n}: a text delta for `{id}`, which is a {}, not a Text or Markdown",
                        slot["type"].as_str().unwrap_or("component")
                    ));
                    return;
                }
                let mut v = slot["value"].as_str().unwrap_or_default().to_string();
                v.push_str(delta);
                slot["value"] = Value::String(v.clone());
                self.set_streamed(id, v);
            }
            "assistant_message.content_part.text_delta" => {
                let i = u["content_index"].as_u64().unwrap_or(0);
                let delta = u["delta"].as_str().unwrap_or_default();
                match self
                    .replies
                    .iter_mut()
                    .find(|(k, _)| *k == (item.clone(), i))
                {
                    Some((_, t)) => t.push_str(delta),
                    None => self.replies.push(((item, i), delta.to_string())),
                }
            }
            "assistant_message.content_part.done" => {
                let i = u["content_index"].as_u64().unwrap_or(0);
                let text = u["content"]["text"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string();
                self.reply_final(n, &item, i, &text, out);
            }
            _ => {}
        }
    }

    fn reply_final(&self, n: usize, item: &str, i: u64, text: &str, out: &mut Vec<String>) {
        if let Some((_, so_far)) = self.replies.iter().find(|(k, _)| k.0 == item && k.1 == i)
            && !text.starts_with(so_far.as_str())
        {
            out.push(format!(
                "event {n}: the reply's final text does not start with the text streamed so far ({:?}); streamed text must be cumulative",
                clip(so_far)
            ));
        }
    }

    fn set_streamed(&mut self, id: &str, v: String) {
        match self.streamed.iter_mut().find(|(k, _)| k == id) {
            Some((_, t)) => *t = v,
            None => self.streamed.push((id.to_string(), v)),
        }
    }

    /// A whole new widget for the sender: every text streamed so far must still be its start.
    fn new_widget(&mut self, n: usize, mut w: Value, out: &mut Vec<String>) {
        for (id, so_far) in &self.streamed {
            match find(&mut w, id).and_then(|c| c["value"].as_str().map(str::to_string)) {
                Some(v) if v.starts_with(so_far.as_str()) => {}
                Some(v) => out.push(format!(
                    "event {n}: the text of `{id}` is not cumulative: {:?} was streamed, and the widget now says {:?}",
                    clip(so_far),
                    clip(&v)
                )),
                None => out.push(format!(
                    "event {n}: `{id}`, which text was streamed into, is gone from the widget (components with an id must persist)"
                )),
            }
        }
        self.widget = w;
    }
}

/// The problems with a sync action's answer (`threads.sync_custom_action`), which the SDK types
/// as `SyncCustomActionResponse`: `{"updated_item": ThreadItem | null}` (or `{}`). A widget item
/// needs its `id`, `thread_id` and `created_at`, and a widget that is valid for `target`; an item
/// other than the one that sent the action (`item_id`) is not the sender updated.
pub fn check_sync_answer(
    item_id: &str,
    answer: &Value,
    target: crate::target::Target,
) -> Vec<String> {
    let mut out = Vec::new();
    let Some(obj) = answer.as_object() else {
        out.push(format!(
            "the sync answer is {}; a ChatKit server answers a sync action with {{\"updated_item\": …}} or {{}}",
            crate::design::kind_of(answer)
        ));
        return out;
    };
    let item = match obj.get("updated_item") {
        None | Some(Value::Null) => return out,
        Some(item) => item,
    };
    let Some(fields) = item.as_object() else {
        out.push(format!(
            "updated_item is {}; it is a thread item (an object), or null",
            crate::design::kind_of(item)
        ));
        return out;
    };
    for key in ["id", "thread_id"] {
        if !fields.get(key).is_some_and(Value::is_string) {
            out.push(format!(
                "updated_item.{key}: missing or not a string; every thread item has id, thread_id and created_at"
            ));
        }
    }
    // A datetime: the SDK reads an ISO 8601 date and time or a Unix time in seconds.
    let iso = |t: &str| {
        let b = t.as_bytes();
        b.len() >= 10
            && b[..4].iter().all(u8::is_ascii_digit)
            && b[4] == b'-'
            && b[5..7].iter().all(u8::is_ascii_digit)
            && b[7] == b'-'
            && b[8..10].iter().all(u8::is_ascii_digit)
    };
    let unix = |n: f64| (0.0..=253_402_300_799.0).contains(&n);
    if !fields.get("created_at").is_some_and(|v| match v {
        Value::String(t) => iso(t),
        Value::Number(n) => n.as_f64().is_some_and(unix),
        _ => false,
    }) {
        out.push(
            "updated_item.created_at: missing, or neither an ISO 8601 time nor a Unix time; every thread item has id, thread_id and created_at".into(),
        );
    }
    let Some(kind) = fields.get("type").and_then(Value::as_str) else {
        out.push("updated_item has no \"type\"; a widget item has \"type\": \"widget\"".into());
        return out;
    };
    if kind != "widget" {
        out.push(format!(
            "updated_item has type {kind:?}; a sync answer updates the widget item that sent the action (type \"widget\"), so ChatKit.js redraws nothing"
        ));
        return out;
    }
    if let Some(id) = fields.get("id").and_then(Value::as_str)
        && id != item_id
    {
        out.push(format!(
            "updated_item.id is {id:?}, but the action came from {item_id:?}: the sender is not the item updated"
        ));
    }
    match fields.get("widget") {
        Some(w) if w.is_object() => {
            let report = crate::validate::validate_str_for(&w.to_string(), target);
            for d in report.errors.iter().take(20) {
                let at = if d.path.is_empty() {
                    "updated_item.widget".to_string()
                } else {
                    format!("updated_item.widget.{}", d.path)
                };
                out.push(format!("{at}: {} [{}]", d.message, d.code.as_str()));
            }
            if report.errors.len() > 20 {
                out.push(format!(
                    "updated_item.widget: {} more errors",
                    report.errors.len() - 20
                ));
            }
        }
        _ => out.push(
            "updated_item.widget: missing or not an object; a widget item carries its widget"
                .into(),
        ),
    }
    out
}

fn clip(s: &str) -> String {
    let mut t: String = s.chars().take(60).collect();
    if s.chars().count() > 60 {
        t.push('…');
    }
    t
}

/// The component with this `id`.
fn find<'v>(v: &'v mut Value, id: &str) -> Option<&'v mut Value> {
    if v.get("id").and_then(Value::as_str) == Some(id) {
        return Some(v);
    }
    match v.get_mut("children")? {
        Value::Array(a) => a.iter_mut().find_map(|c| find(c, id)),
        c @ Value::Object(_) => find(c, id),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn widget() -> Value {
        json!({"type": "Card", "children": [{"type": "Text", "id": "body", "value": "He"}, {"type": "Badge", "id": "status", "label": "Draft"}]})
    }

    fn upd(u: Value) -> Value {
        json!({"type": "thread.item.updated", "item_id": "msg_1", "update": u})
    }

    #[test]
    fn a_good_answer_has_no_problems() {
        let mut c = Checker::new("msg_1", &widget());
        let events = [
            json!({"type": "stream_options", "stream_options": {"allow_cancel": true}}),
            upd(
                json!({"type": "widget.streaming_text.value_delta", "component_id": "body", "delta": "llo", "done": false}),
            ),
            upd(
                json!({"type": "widget.component.updated", "component_id": "status", "component": {"type": "Badge", "id": "status", "label": "Sent"}}),
            ),
            upd(
                json!({"type": "widget.root.updated", "widget": {"type": "Card", "children": [{"type": "Text", "id": "body", "value": "Hello world"}]}}),
            ),
            json!({"type": "notice", "level": "info", "message": "ok"}),
        ];
        for e in &events {
            assert_eq!(c.check(e), Vec::<String>::new(), "{e}");
        }
        assert_eq!(c.widget()["children"][0]["value"], "Hello world");
    }

    #[test]
    fn unknown_types_missing_components_and_text_that_shrinks_are_flagged() {
        let mut c = Checker::new("msg_1", &widget());
        assert!(
            c.check(&json!({"type": "thread.item.wobbled"}))[0]
                .contains("unknown event type `thread.item.wobbled`")
        );
        assert!(c.check(&json!({"kind": "x"}))[0].contains("no \"type\""));
        let p = c.check(&upd(json!({"type": "widget.streaming_text.value_delta", "component_id": "nope", "delta": "x", "done": false})));
        assert!(p[0].contains("no component with that id"), "{p:?}");
        let p = c.check(&upd(json!({"type": "widget.streaming_text.value_delta", "component_id": "status", "delta": "x", "done": false})));
        assert!(p[0].contains("not a Text or Markdown"), "{p:?}");
        assert!(c.check(&upd(json!({"type": "widget.streaming_text.value_delta", "component_id": "body", "delta": "llo", "done": false}))).is_empty());
        let p = c.check(&json!({"type": "thread.item.done", "item": {"id": "msg_1", "type": "widget", "widget": {"type": "Card", "children": [{"type": "Text", "id": "body", "value": "Bye"}]}}}));
        assert!(p[0].contains("not cumulative"), "{p:?}");
        let p = c.check(&upd(
            json!({"type": "widget.root.updated", "widget": {"type": "Card", "children": []}}),
        ));
        assert!(p[0].contains("is gone"), "{p:?}");
    }

    #[test]
    fn a_reply_must_end_as_it_streamed() {
        let mut c = Checker::new("msg_1", &widget());
        let delta = |d: &str| json!({"type": "thread.item.updated", "item_id": "msg_2", "update": {"type": "assistant_message.content_part.text_delta", "content_index": 0, "delta": d}});
        assert!(c.check(&delta("Hello ")).is_empty());
        assert!(c.check(&delta("there")).is_empty());
        let done = |t: &str| json!({"type": "thread.item.done", "item": {"id": "msg_2", "type": "assistant_message", "content": [{"type": "output_text", "text": t, "annotations": []}]}});
        assert!(c.check(&done("Hello there!")).is_empty());
        assert!(c.check(&done("Goodbye"))[0].contains("cumulative"));
    }
}

#[cfg(test)]
mod sync_answer_tests {
    use super::check_sync_answer;
    use crate::target::Target;
    use serde_json::json;

    fn item(widget: serde_json::Value) -> serde_json::Value {
        json!({"updated_item": {"type": "widget", "id": "msg_1", "thread_id": "thr_1",
            "created_at": "2026-01-01T00:00:00", "widget": widget}})
    }

    #[test]
    fn sync_answers_are_checked_as_the_sdk_types_them() {
        let py = Target::ChatkitPython;
        // What the SDK accepts (the reference's `events` says sync-response for each).
        let mut unix = item(json!({"type": "Card", "children": []}));
        unix["updated_item"]["created_at"] = json!(1767225600);
        for ok in [
            json!({}),
            json!({"updated_item": null}),
            item(json!({"type": "Card", "children": []})),
            unix,
        ] {
            assert!(check_sync_answer("msg_1", &ok, py).is_empty(), "{ok}");
        }
        // What it refuses: not an object, an item without thread_id and created_at, a root
        // that is not Card, ListView or Basic.
        let p = check_sync_answer("msg_1", &json!([1]), py);
        assert!(p[0].contains("the sync answer is a list"), "{p:?}");
        let p = check_sync_answer("msg_1", &json!({"updated_item": 5}), py);
        assert!(p[0].contains("updated_item is a number"), "{p:?}");
        let p = check_sync_answer(
            "msg_1",
            &json!({"updated_item": {"type": "widget", "id": "msg_1", "widget": {"type": "Card", "children": []}}}),
            py,
        );
        assert_eq!(p.len(), 2, "{p:?}");
        assert!(
            p[0].starts_with("updated_item.thread_id")
                && p[1].starts_with("updated_item.created_at")
        );
        for bad in [json!("hello"), json!(1e30)] {
            let mut a = item(json!({"type": "Card", "children": []}));
            a["updated_item"]["created_at"] = bad;
            let p = check_sync_answer("msg_1", &a, py);
            assert!(p[0].starts_with("updated_item.created_at"), "{p:?}");
        }
        let p = check_sync_answer("msg_1", &item(json!({"type": "Nope"})), py);
        assert!(
            p.iter().any(|m| m.starts_with("updated_item.widget")),
            "{p:?}"
        );
        // What the SDK passes but ChatKit.js would not show as the sender updated.
        let p = check_sync_answer("msg_2", &item(json!({"type": "Card", "children": []})), py);
        assert!(p[0].contains("the sender is not the item updated"), "{p:?}");
        let p = check_sync_answer(
            "msg_1",
            &json!({"updated_item": {"type": "assistant_message", "id": "msg_1", "thread_id": "t", "created_at": "2026-01-01T00:00:00", "content": []}}),
            py,
        );
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(p[0].contains("has type \"assistant_message\""), "{p:?}");
        // A widget with errors (located by path).
        let p = check_sync_answer(
            "msg_1",
            &item(
                json!({"type": "Card", "children": [{"type": "Text", "value": "x", "size": "huge"}]}),
            ),
            py,
        );
        assert!(
            p[0].starts_with("updated_item.widget.children[0].size:"),
            "{p:?}"
        );
    }
}
