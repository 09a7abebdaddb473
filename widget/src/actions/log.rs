//! The action log's shapes: what the studio records of each round-trip, as the REST API and
//! the editor's Actions tab read it.

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
    /// What the protocol check found wrong in the answer (forwarded answers).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<String>,
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
