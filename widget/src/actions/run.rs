//! Running a rule: the ChatKit events a simulated server sends for one action.
//!
//! [`run`] takes the design, its rules, the widget item's current state and widget, and the
//! action, and returns what to send, in order: `stream_options` first, then each step's events
//! (`thread.item.updated` with the [`diff_widget`](super::diff::diff_widget) updates after a
//! `set` or `switch`, `thread.item.replaced`, `progress_update`, an assistant message streamed
//! as `assistant_message.content_part.*` deltas between `thread.item.added` and
//! `thread.item.done`, `widget.streaming_text.value_delta` into an id'd text, `notice`,
//! `client_effect`, `error`), with the waits of `delay` steps between them. The caller owns
//! time and chance: it sleeps through [`Emit::Wait`] and passes the random numbers `fail`
//! draws, so a run is reproducible in tests.

use serde_json::{Value, json};

use super::diff::{WidgetUpdate, diff_widget};
use super::rules::{Handlers, Step, apply_step, fill_noted};
use crate::design::Design;

/// The simulated thread's widget item that sent the action, as the client shows it now.
#[derive(Clone, Debug, PartialEq)]
pub struct WidgetItem {
    pub thread_id: String,
    pub item_id: String,
    pub created_at: String,
    /// The state its widget was built from.
    pub state: Value,
    /// The widget.
    pub widget: Value,
}

/// Something to send, or a pause.
#[derive(Clone, Debug, PartialEq)]
pub enum Emit {
    /// One `ThreadStreamEvent`, as JSON.
    Event(Value),
    /// Wait this many milliseconds before the next.
    Wait(u64),
}

/// The result of one action.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    pub emits: Vec<Emit>,
    /// The widget item's state after the steps.
    pub state: Value,
    /// The widget as the client now shows it.
    pub widget: Value,
    /// The rule that answered (its index), if one did.
    pub rule: Option<usize>,
    /// What the rule met that its author likely did not mean, for the log (the events are as
    /// a handler would send them): a `set` from a payload or state path that is not there.
    pub notes: Vec<String>,
}

impl Outcome {
    /// The error the rule ended with: its `error` event's message.
    pub fn error(&self) -> Option<String> {
        self.emits.iter().find_map(|e| match e {
            Emit::Event(e) if e["type"] == "error" => Some(
                e["message"]
                    .as_str()
                    .unwrap_or("the rule failed")
                    .to_string(),
            ),
            _ => None,
        })
    }

    /// How long the rule's `delay` steps wait in all, in milliseconds: a streamed answer waits
    /// each where it stands, a `threads.sync_custom_action` answer (which has no events to
    /// pace) comes after all of them, as a handler that took that long would answer.
    pub fn waits_ms(&self) -> u64 {
        self.emits
            .iter()
            .map(|e| match e {
                Emit::Wait(ms) => *ms,
                Emit::Event(_) => 0,
            })
            .sum()
    }
}

/// Where the run gets what the caller owns: chance, fresh ids and the time stamp.
pub trait World {
    /// A number in `[0, 1)`.
    fn chance(&mut self) -> f64;
    /// A new item id (`msg_…`).
    fn new_id(&mut self) -> String;
    /// An ISO 8601 time stamp for new items.
    fn now(&mut self) -> String;
}

/// How many characters a streamed reply or text sends per delta (at least; words are kept whole).
const CHUNK: usize = 12;

/// Runs the first rule that answers `action_type`/`payload` for the item; with none, a notice
/// that says so.
pub fn run(
    design: &Design,
    handlers: &Handlers,
    item: &WidgetItem,
    action_type: &str,
    payload: &Value,
    world: &mut dyn World,
) -> Outcome {
    let mut r = Runner {
        design,
        item,
        state: item.state.clone(),
        sent_state: item.state.clone(),
        widget: item.widget.clone(),
        dirty: false,
        emits: vec![Emit::Event(
            json!({"type": "stream_options", "stream_options": {"allow_cancel": true}}),
        )],
        notes: Vec::new(),
        streamed: Vec::new(),
    };
    let Some((index, rule)) = handlers.find(action_type, payload, &item.state) else {
        r.event(json!({
            "type": "notice",
            "level": "info",
            "title": "No rule matched",
            "message": format!(
                "No rule answers the action `{action_type}`: add one under Handler rules in the Actions panel (`on`: `{action_type}`, or a glob such as `{}`).",
                glob_hint(action_type)
            ),
        }));
        return r.finish(None);
    };
    for (at, step) in rule.steps.iter().enumerate() {
        if !step.changes_state() && !r.flush() {
            return r.finish(Some(index));
        }
        match step {
            Step::Set { .. }
            | Step::Toggle { .. }
            | Step::Remove { .. }
            | Step::Append { .. }
            | Step::Add { .. }
            | Step::Compute { .. } => match apply_step(step, &mut r.state, payload) {
                Ok(notes) => {
                    for note in notes {
                        r.notes.push(format!("rules[{index}].steps[{at}]: {note}"));
                    }
                    r.dirty = true;
                }
                // As a handler that raises: what it changed and did not send yet is lost, the
                // client keeps the widget it has, and the answer ends with an error.
                Err(failed) => {
                    r.state = r.sent_state.clone();
                    r.dirty = false;
                    r.notes
                        .push(format!("rules[{index}].steps[{at}]: {failed}"));
                    r.error(format!(
                        "The handler failed at rules[{index}].steps[{at}]: {failed}. Nothing it changed since the widget was last sent is kept."
                    ));
                    return r.finish(Some(index));
                }
            },
            Step::Switch { state } => {
                match design.state(Some(state)) {
                    Some(s) => {
                        r.state = s.clone();
                        r.dirty = true;
                    }
                    None => {
                        r.state = r.sent_state.clone();
                        r.error(format!("The rule switches to the state `{state}`, which the design does not have."));
                        return r.finish(Some(index));
                    }
                }
            }
            Step::Replace => {
                let item = r.widget_item();
                r.event(json!({"type": "thread.item.replaced", "item": item}));
            }
            Step::Progress { text, icon } => {
                let text = r.fill(index, at, text, payload);
                let mut e = json!({"type": "progress_update", "text": text});
                if let Some(icon) = icon {
                    e["icon"] = json!(icon);
                }
                r.event(e);
            }
            Step::Reply { text } => {
                let text = clip(r.fill(index, at, text, payload));
                r.reply(&text, world);
            }
            Step::Stream { component_id, text } => {
                let text = clip(r.fill(index, at, text, payload));
                if !r.stream(component_id, &text, &format!("rules[{index}].steps[{at}]")) {
                    return r.finish(Some(index));
                }
            }
            Step::Notice {
                level,
                message,
                title,
            } => {
                let message = r.fill(index, at, message, payload);
                let mut e = json!({"type": "notice", "level": level, "message": message});
                if let Some(t) = title {
                    e["title"] = json!(t);
                }
                r.event(e);
            }
            Step::ClientEffect { name, data } => {
                // The SDK's `data` is an object: none given is an empty one.
                let data = if data.is_null() {
                    json!({})
                } else {
                    data.clone()
                };
                r.event(json!({"type": "client_effect", "name": name, "data": data}));
            }
            Step::Delay { ms } => r.emits.push(Emit::Wait(*ms)),
            Step::Fail {
                probability,
                allow_retry,
                message,
            } => {
                if world.chance() < *probability {
                    r.event(json!({
                        "type": "error",
                        "code": "custom",
                        "message": message.clone().unwrap_or_else(|| "The simulated server failed (a fail step).".into()),
                        "allow_retry": allow_retry,
                    }));
                    return r.finish(Some(index));
                }
            }
        }
    }
    r.flush();
    r.finish(Some(index))
}

/// The pause between two consecutive deltas of streamed text, so that a client shows the text
/// growing (the server and the browser's simulation both pace this way).
pub const DELTA_PACE_MS: u64 = 25;

/// How many deltas of one answer are paced (10 s of them); the rest go at once.
pub const MAX_PACED: usize = 400;

/// Paces an answer's events: how long to wait before each one.
#[derive(Clone, Debug, Default)]
pub struct Pacer {
    last_delta: bool,
    paced: usize,
}

impl Pacer {
    /// Milliseconds to wait before sending `event`: [`DELTA_PACE_MS`] between two consecutive
    /// text deltas (an assistant message's, or into an id'd Text/Markdown), for the first
    /// [`MAX_PACED`] of them; nothing otherwise.
    pub fn pause_before(&mut self, event: &Value) -> u64 {
        let delta = matches!(
            event["update"]["type"].as_str(),
            Some("assistant_message.content_part.text_delta" | "widget.streaming_text.value_delta")
        );
        let wait = delta && self.last_delta && self.paced < MAX_PACED;
        self.last_delta = delta;
        if wait {
            self.paced += 1;
            DELTA_PACE_MS
        } else {
            0
        }
    }
}

/// The most characters a reply or a stream sends (a template over a large payload could make
/// hours of paced deltas); longer text is cut, with an ellipsis.
pub const MAX_STREAMED_CHARS: usize = 20_000;

fn clip(text: String) -> String {
    if text.chars().count() <= MAX_STREAMED_CHARS {
        return text;
    }
    let mut t: String = text.chars().take(MAX_STREAMED_CHARS).collect();
    t.push('…');
    t
}

fn glob_hint(t: &str) -> String {
    match t.rsplit_once(['.', '_']) {
        Some((head, _)) => format!("{head}{}*", &t[head.len()..head.len() + 1]),
        None => "*".into(),
    }
}

struct Runner<'a> {
    design: &'a Design,
    item: &'a WidgetItem,
    state: Value,
    /// The state the client's widget was last built from (what a failed step goes back to).
    sent_state: Value,
    widget: Value,
    /// The state changed since the widget was last built.
    dirty: bool,
    emits: Vec<Emit>,
    notes: Vec<String>,
    /// Text streamed since the widget was last built: the component's id and the step's place.
    /// A later state step builds the widget again, and the view's value replaces the text.
    streamed: Vec<(String, String)>,
}

impl Runner<'_> {
    /// A step's template filled from the payload and the state, each gap noted for the log.
    fn fill(&mut self, rule: usize, step: usize, template: &str, payload: &Value) -> String {
        let mut notes = Vec::new();
        let text = fill_noted(template, payload, &self.state, &mut notes);
        for n in notes {
            self.notes.push(format!("rules[{rule}].steps[{step}]: {n}"));
        }
        text
    }

    fn event(&mut self, e: Value) {
        self.emits.push(Emit::Event(e));
    }

    fn error(&mut self, message: String) {
        self.event(
            json!({"type": "error", "code": "custom", "message": message, "allow_retry": false}),
        );
    }

    fn finish(self, rule: Option<usize>) -> Outcome {
        Outcome {
            emits: self.emits,
            state: self.state,
            widget: self.widget,
            rule,
            notes: self.notes,
        }
    }

    fn widget_item(&self) -> Value {
        json!({
            "id": self.item.item_id,
            "thread_id": self.item.thread_id,
            "created_at": self.item.created_at,
            "type": "widget",
            "widget": self.widget,
        })
    }

    /// Builds the widget for the new state and sends the updates; false (with an error event)
    /// when the view does not build for it.
    fn flush(&mut self) -> bool {
        if !self.dirty {
            return true;
        }
        self.dirty = false;
        let built = self.design.build(&self.state);
        let widget = match (built.widget, built.report.errors.first()) {
            (Some(w), None) => w.to_serde(),
            (_, e) => {
                let why = e.map_or_else(
                    || "it did not evaluate".to_string(),
                    |d| format!("{}:{}: {}", d.line, d.column, d.message),
                );
                // The state goes back with the widget: the thread keeps what the client shows.
                self.state = self.sent_state.clone();
                self.error(format!("The widget does not build for the new state ({why}); the client keeps the last one."));
                return false;
            }
        };
        // Streamed text the new widget does not keep: the view's value replaced it.
        for (id, place) in std::mem::take(&mut self.streamed) {
            let mut old = self.widget.clone();
            let mut new = widget.clone();
            let (was, now) = (
                find_text(&mut old, &id).cloned(),
                find_text(&mut new, &id).cloned(),
            );
            if was != now {
                self.notes.push(format!(
                    "{place}: the text streamed into `{id}` was replaced when a later step changed the state and the widget was built again from the view; stream after the steps that change the state, or set the field `{id}` shows"
                ));
            }
        }
        for u in diff_widget(&self.widget, &widget) {
            self.event(
                json!({"type": "thread.item.updated", "item_id": self.item.item_id, "update": u}),
            );
        }
        self.widget = widget;
        self.sent_state = self.state.clone();
        true
    }

    /// An assistant message, streamed.
    fn reply(&mut self, text: &str, world: &mut dyn World) {
        let id = world.new_id();
        let now = world.now();
        let item = |content: Value| json!({"id": id, "thread_id": self.item.thread_id, "created_at": now, "type": "assistant_message", "content": content});
        let part = |t: &str| json!({"type": "output_text", "text": t, "annotations": []});
        let added = item(json!([]));
        let done = item(json!([part(text)]));
        self.event(json!({"type": "thread.item.added", "item": added}));
        self.event(json!({"type": "thread.item.updated", "item_id": id, "update": {"type": "assistant_message.content_part.added", "content_index": 0, "content": part("")}}));
        for delta in chunks(text) {
            self.event(json!({"type": "thread.item.updated", "item_id": id, "update": {"type": "assistant_message.content_part.text_delta", "content_index": 0, "delta": delta}}));
        }
        self.event(json!({"type": "thread.item.updated", "item_id": id, "update": {"type": "assistant_message.content_part.done", "content_index": 0, "content": part(text)}}));
        self.event(json!({"type": "thread.item.done", "item": done}));
    }

    /// Text appended to the id'd Text or Markdown, a delta at a time; false (with an error
    /// event) when the widget has no such component.
    /// `place`: the step's path in the rules, which the error names.
    fn stream(&mut self, id: &str, text: &str, place: &str) -> bool {
        if find_text(&mut self.widget, id).is_none() {
            self.error(format!("{place}.component_id: the rule streams into `{id}`, but the widget has no Text or Markdown with that id; give the component `id=\"{id}\"`."));
            return false;
        }
        let parts = chunks(text);
        let n = parts.len();
        for (i, delta) in parts.into_iter().enumerate() {
            if let Some(Value::String(v)) = find_text(&mut self.widget, id) {
                v.push_str(delta);
            }
            let update = WidgetUpdate::StreamingTextDelta {
                component_id: id.to_string(),
                delta: delta.to_string(),
                done: i + 1 == n,
            };
            self.event(json!({"type": "thread.item.updated", "item_id": self.item.item_id, "update": update}));
        }
        self.streamed.push((id.to_string(), place.to_string()));
        true
    }
}

/// The `value` of the Text or Markdown with this id.
fn find_text<'v>(v: &'v mut Value, id: &str) -> Option<&'v mut Value> {
    let o = v.as_object_mut()?;
    let is_text = matches!(
        o.get("type").and_then(Value::as_str),
        Some("Text" | "Markdown")
    ) && o.get("id").and_then(Value::as_str) == Some(id);
    if is_text {
        let value = o.entry("value").or_insert_with(|| json!(""));
        return value.is_string().then_some(value);
    }
    match o.get_mut("children")? {
        Value::Array(a) => a.iter_mut().find_map(|c| find_text(c, id)),
        c @ Value::Object(_) => find_text(c, id),
        _ => None,
    }
}

/// A text cut into deltas of about [`CHUNK`] characters, at word ends where it can; never empty
/// (an empty text is one empty delta).
fn chunks(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut count = 0;
    for (i, c) in text.char_indices() {
        count += 1;
        if count >= CHUNK && c == ' ' {
            out.push(&text[start..i + 1]);
            start = i + 1;
            count = 0;
        } else if count >= CHUNK * 3 {
            let end = i + c.len_utf8();
            out.push(&text[start..end]);
            start = end;
            count = 0;
        }
    }
    if start < text.len() || out.is_empty() {
        out.push(&text[start..]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_join_to_the_text() {
        for t in [
            "",
            "short",
            "a longer sentence that is cut at word ends, more or less",
            &"x".repeat(100),
            "日本語のテキスト 🎉 とても長い文章が続きます。区切りのない長い文章",
        ] {
            let c = chunks(t);
            assert_eq!(c.concat(), t);
            assert!(!c.is_empty());
            assert!(c.iter().all(|p| !p.is_empty()) || t.is_empty());
        }
        assert!(chunks("a longer sentence that is cut at word ends").len() > 1);
    }

    #[test]
    fn only_consecutive_deltas_are_paced_and_only_so_many() {
        let delta = json!({"type": "thread.item.updated", "update": {"type": "widget.streaming_text.value_delta"}});
        let notice = json!({"type": "notice"});
        let mut p = Pacer::default();
        assert_eq!(p.pause_before(&delta), 0);
        assert_eq!(p.pause_before(&delta), DELTA_PACE_MS);
        assert_eq!(p.pause_before(&notice), 0);
        assert_eq!(p.pause_before(&delta), 0);
        let paced: u64 = (0..MAX_PACED + 50).map(|_| p.pause_before(&delta)).sum();
        // One was paced above; the rest up to MAX_PACED here, then none.
        assert_eq!(paced, (MAX_PACED as u64 - 1) * DELTA_PACE_MS);
    }

    #[test]
    fn glob_hints() {
        assert_eq!(glob_hint("todo.add"), "todo.*");
        assert_eq!(glob_hint("select_flight"), "select_*");
        assert_eq!(glob_hint("go"), "*");
    }
}

/// The answer to `threads.sync_custom_action`: `{"updated_item": …}` with the widget item as
/// the steps left it, or `{}` when the widget did not change. A sync answer carries no events,
/// so the steps' other events (a notice, a reply) are not part of it; it is sent once the
/// rule's delays have passed ([`Outcome::waits_ms`]).
pub fn sync_answer(item: &WidgetItem, outcome: &Outcome) -> Value {
    if outcome.widget == item.widget {
        return json!({});
    }
    json!({"updated_item": {
        "id": item.item_id,
        "thread_id": item.thread_id,
        "created_at": item.created_at,
        "type": "widget",
        "widget": outcome.widget,
    }})
}

/// One recorded round-trip: the action sent and the widget it left.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Recorded {
    pub action_type: String,
    #[serde(default)]
    pub payload: Value,
    pub widget: Value,
}

/// How a replayed step compares with its recording.
#[derive(Clone, Debug, PartialEq)]
pub struct Replayed {
    pub step: usize,
    pub action_type: String,
    /// Where the widget now differs from the recorded one (empty: the same).
    pub changes: Vec<crate::diff::Change>,
    /// The widget the current design gives.
    pub widget: Value,
}

/// Replays a recorded flow against the design as it is now, from `start`: each action runs on
/// the item the previous one left, and its widget is compared with the recorded one (a
/// regression check for the flow). Every step is reported; [`first_difference`] finds the one
/// that now differs.
pub fn replay(
    design: &Design,
    handlers: &Handlers,
    start: &WidgetItem,
    flow: &[Recorded],
    world: &mut dyn World,
) -> Vec<Replayed> {
    let mut item = start.clone();
    flow.iter()
        .enumerate()
        .map(|(step, r)| {
            let o = run(design, handlers, &item, &r.action_type, &r.payload, world);
            item.state = o.state;
            item.widget = o.widget;
            Replayed {
                step,
                action_type: r.action_type.clone(),
                changes: crate::diff::diff(&r.widget, &item.widget),
                widget: item.widget.clone(),
            }
        })
        .collect()
}

/// The first replayed step whose widget differs from its recording.
pub fn first_difference(replayed: &[Replayed]) -> Option<&Replayed> {
    replayed.iter().find(|r| !r.changes.is_empty())
}
