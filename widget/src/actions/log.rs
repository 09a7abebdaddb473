//! The action log's shapes: what the studio records of each round-trip, as the REST API and
//! the editor's Actions panel read it.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Who answered the action.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// The studio's simulated server, running the design's rules.
    Simulated,
    /// The user's own ChatKit server (`handlers.forward`).
    Forwarded,
}

/// One event sent to the client, and when, in milliseconds after the request arrived.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TimedEvent {
    pub at_ms: f64,
    /// A `ThreadStreamEvent`.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub event: Value,
}

/// One round-trip.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LogEntry {
    /// Its number: the thread version the action produced.
    pub seq: i64,
    /// When the request arrived (RFC 3339).
    pub at: String,
    pub mode: Mode,
    /// The ChatKit request body as received (`threads.custom_action` or
    /// `threads.sync_custom_action`).
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub request: Value,
    /// The widget item that sent it (`sender`), as the client showed it.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub sender: Value,
    /// The item's state before the action.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub state_before: Value,
    /// The index of the rule that answered; none when no rule matched, or forwarded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<usize>,
    /// The streamed events (a streaming action).
    #[serde(default)]
    pub events: Vec<TimedEvent>,
    /// The JSON answer (a sync action).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub answer: Option<Value>,
    /// The widget as the client shows it after the action.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub widget: Value,
    /// From the request to the thread written: reading, running the rule and writing (and any
    /// wait for the thread's turn while other actions on it run); no `delay` waits.
    pub compute_ms: f64,
    /// From the request to the last event.
    pub duration_ms: f64,
    /// What the protocol check found wrong in the answer (forwarded answers), or what the
    /// rule met that its author likely did not mean (a `set` from a path that is not there).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<String>,
    /// The error the rule ended with (its `error` event's message): for a `streaming: false`
    /// action, whose answer cannot carry it, the only place the panel learns of it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

impl LogEntry {
    /// The action's type and payload, from the request.
    pub fn action(&self) -> (String, Value) {
        let a = &self.request["params"]["action"];
        (
            a["type"].as_str().unwrap_or_default().to_string(),
            a.get("payload").cloned().unwrap_or(Value::Null),
        )
    }
}

/// A design's simulated thread, as `GET /api/designs/{id}/actions/thread` answers: the ids a
/// client puts in its requests, and the widget item as it now shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ThreadInfo {
    pub thread_id: String,
    pub item_id: String,
    /// The design revision the widget was last built from.
    pub revision: i64,
    /// How many actions (and resets) the thread has seen.
    pub version: i64,
    /// The widget item's state.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub state: Value,
    /// The widget item (`{id, thread_id, created_at, type: "widget", widget}`).
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub item: Value,
}

/// One replayed step, compared with its recording.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReplayStep {
    /// The log entry it replays.
    pub seq: i64,
    pub action_type: String,
    /// Where the widget now differs from the recorded one: `[{path, op, before, after}]`
    /// (empty: the same).
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
    pub changes: Vec<Value>,
}

/// The result of replaying recorded round-trips against the design as it is now.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReplayReport {
    pub steps: Vec<ReplayStep>,
    /// The log entry of the first step whose widget now differs; none when the flow still
    /// gives what it recorded.
    pub first_difference: Option<i64>,
}

/// Replays logged simulated round-trips against the design as it is now, as flows: the first
/// step of each thread starts from the widget the current view builds for the state it was
/// sent in, and each next step from the widget the previous replayed step left (streamed text
/// included), so a changed view shows at the step where it first makes a difference. Where the
/// log cannot be chained (the thread was reset, or an action the log does not hold, such as
/// another tab's, changed the state in between), the step starts from the widget the client
/// showed when it was sent. Each step's widget is compared with the one it recorded. Forwarded
/// entries, and entries sent from an item that was not the thread's widget, are left out.
/// `Err` says why nothing can be replayed. A replay is reproducible: nothing fails by chance
/// (only a `fail` with probability 1), and ids and times are fixed.
pub fn replay(
    design: &crate::design::Design,
    handlers: &super::rules::Handlers,
    entries: &[LogEntry],
) -> Result<ReplayReport, String> {
    use super::run;
    struct Reproducible(u64);
    impl run::World for Reproducible {
        fn chance(&mut self) -> f64 {
            0.999_999_999
        }
        fn new_id(&mut self) -> String {
            self.0 += 1;
            format!("msg_replay{}", self.0)
        }
        fn now(&mut self) -> String {
            String::new()
        }
    }
    let world = &mut Reproducible(0);
    let flow: Vec<&LogEntry> = entries
        .iter()
        .filter(|e| e.mode == Mode::Simulated)
        .filter(|e| {
            let sent_from = e.request["params"]["item_id"].as_str();
            sent_from.is_none() || sent_from == e.sender["id"].as_str()
        })
        .collect();
    if flow.is_empty() {
        return Err("there is nothing to replay: the log holds no simulated round-trip; try the flow in the preview first".into());
    }
    let mut steps = Vec::new();
    let mut current: Option<run::WidgetItem> = None;
    let mut threads_seen: Vec<String> = Vec::new();
    for e in flow {
        let thread = e.sender["thread_id"]
            .as_str()
            .unwrap_or("thr_replay")
            .to_string();
        let (action_type, payload) = e.action();
        let chained = current
            .as_ref()
            .is_some_and(|c| c.thread_id == thread && c.state == e.state_before);
        let start = if chained {
            current.take()
        } else if !threads_seen.contains(&thread) {
            // The thread's first step: its widget as the current view builds it.
            let built = design.build(&e.state_before);
            match (built.widget, built.report.errors.first()) {
                (Some(w), None) => Some(w.to_serde()),
                (_, d) => {
                    steps.push(ReplayStep {
                        seq: e.seq,
                        action_type,
                        changes: vec![serde_json::json!({
                            "path": "",
                            "op": "changed",
                            "before": "the recorded widget",
                            "after": format!("the view does not build for the state this step was sent in{}", d.map(|d| format!(": {}:{}: {}", d.line, d.column, d.message)).unwrap_or_default()),
                        })],
                    });
                    threads_seen.push(thread);
                    current = None;
                    continue;
                }
            }
            .map(|w| run::WidgetItem {
                thread_id: thread.clone(),
                item_id: e.sender["id"].as_str().unwrap_or("msg_replay").into(),
                created_at: e.sender["created_at"].as_str().unwrap_or_default().into(),
                state: e.state_before.clone(),
                widget: w,
            })
        } else {
            None
        };
        let start = start.unwrap_or_else(|| run::WidgetItem {
            thread_id: thread.clone(),
            item_id: e.sender["id"].as_str().unwrap_or("msg_replay").into(),
            created_at: e.sender["created_at"].as_str().unwrap_or_default().into(),
            state: e.state_before.clone(),
            widget: e.sender["widget"].clone(),
        });
        if !threads_seen.contains(&thread) {
            threads_seen.push(thread);
        }
        let o = run::run(design, handlers, &start, &action_type, &payload, world);
        let changes = crate::diff::diff(&e.widget, &o.widget)
            .into_iter()
            .map(|c| serde_json::to_value(c).unwrap_or_default())
            .collect();
        current = Some(run::WidgetItem {
            state: o.state,
            widget: o.widget,
            ..start
        });
        steps.push(ReplayStep {
            seq: e.seq,
            action_type,
            changes,
        });
    }
    let first_difference = steps.iter().find(|s| !s.changes.is_empty()).map(|s| s.seq);
    Ok(ReplayReport {
        steps,
        first_difference,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::actions::rules::Handlers;
    use crate::design::Design;
    use serde_json::json;

    fn design(view: &str) -> Design {
        Design::jsx("t", view, json!({"status": "a"}))
    }

    fn widget(d: &Design, status: &str) -> Value {
        d.build(&json!({ "status": status }))
            .widget
            .unwrap()
            .to_serde()
    }

    fn entry(d: &Design, seq: i64, thread: &str, before: &str, to: &str) -> LogEntry {
        LogEntry {
            seq,
            at: String::new(),
            mode: Mode::Simulated,
            request: json!({"type": "threads.custom_action", "params": {"thread_id": thread, "item_id": "msg_w", "action": {"type": "set", "payload": {"s": to}}}}),
            sender: json!({"id": "msg_w", "thread_id": thread, "created_at": "", "type": "widget", "widget": widget(d, before)}),
            state_before: json!({ "status": before }),
            rule: Some(0),
            events: Vec::new(),
            answer: None,
            widget: widget(d, to),
            compute_ms: 0.0,
            duration_ms: 0.0,
            problems: Vec::new(),
            error: None,
        }
    }

    #[test]
    fn replay_follows_flows_across_resets_and_outside_changes() {
        let view = "<Card><Text value={status} /></Card>";
        let d = design(view);
        let h = Handlers::read(
            &json!({"rules": [{"on": "set", "steps": [{"step": "set", "field": "status", "from": {"payload": "s"}}]}]}),
            &[],
        )
        .unwrap();
        // Thread A, then a reset (thread B), then a change the log does not hold ("zzz").
        let log = vec![
            entry(&d, 1, "thr_a", "a", "b"),
            entry(&d, 2, "thr_b", "a", "c"),
            entry(&d, 3, "thr_b", "zzz", "d"),
        ];
        let r = replay(&d, &h, &log).unwrap();
        assert_eq!(r.steps.len(), 3);
        assert_eq!(r.first_difference, None, "{r:#?}");
        // The view changes: the first step already differs, and says where.
        let changed = design("<Card><Text value={status} weight=\"bold\" /></Card>");
        let r = replay(&changed, &h, &log).unwrap();
        assert_eq!(r.first_difference, Some(1));
        assert!(
            r.steps[0].changes[0]["path"]
                .as_str()
                .unwrap()
                .contains("weight"),
            "{r:#?}"
        );
        // Nothing to replay.
        assert!(
            replay(&d, &h, &[])
                .unwrap_err()
                .contains("nothing to replay")
        );
    }
}
