//! `/api/designs/{id}/actions…`: the action simulator's REST routes.
//!
//! `POST /api/designs/{id}/actions` takes ChatKit's own request bodies. A
//! `threads.custom_action` is answered with Server-Sent Events, one `data: <ThreadStreamEvent>`
//! frame per event, `stream_options` first; a `threads.sync_custom_action` with the JSON
//! `{"updated_item": …}` (or `{}`). The design's preview is the one widget item of a simulated
//! thread kept in the database ([`crate::action_store`]). The design's rules answer
//! (`widget::actions::run`), or, when its handlers name a `forward` URL, the user's own ChatKit
//! server does ([`crate::forward`]) and its events are checked as they pass. Every round-trip
//! goes to the design's action log.

use std::convert::Infallible;
use std::time::Instant;

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use bytes::Bytes;
use serde::Deserialize;
use serde_json::{Value, json};
use tokio::sync::mpsc;

use widget::Design;
use widget::actions::log::{LogEntry, Mode, ReplayReport, ThreadInfo, TimedEvent};
use widget::actions::rules::Handlers;
use widget::actions::run::{self, Emit, Outcome, World};

use crate::action_store::{self, Thread};
use crate::error::{ApiError, ErrorCode};
use crate::extract::{Body, P, Q};
use crate::forward::{self, ForwardPolicy};
use crate::limits::Limits;
use crate::store::{DesignRecord, Store, now_ms, rfc3339};

/// A ChatKit action request: the two of `ChatKitReq`'s types this endpoint answers.
#[derive(Clone, Debug, Deserialize, utoipa::ToSchema)]
#[serde(tag = "type")]
pub enum ActionRequest {
    /// Streams its answer (Server-Sent Events).
    #[serde(rename = "threads.custom_action")]
    Custom {
        params: ActionParams,
        #[serde(default)]
        #[schema(value_type = Object)]
        metadata: Value,
    },
    /// Answers with JSON `{"updated_item": …}` or `{}`.
    #[serde(rename = "threads.sync_custom_action")]
    Sync {
        params: ActionParams,
        #[serde(default)]
        #[schema(value_type = Object)]
        metadata: Value,
    },
}

#[derive(Clone, Debug, Deserialize, utoipa::ToSchema)]
pub struct ActionParams {
    /// The thread's id, from `GET …/actions/thread`.
    pub thread_id: String,
    /// The widget item that sent the action (its `sender`); without it, the thread's widget.
    #[serde(default)]
    pub item_id: Option<String>,
    pub action: Action,
}

#[derive(Clone, Debug, Deserialize, utoipa::ToSchema)]
pub struct Action {
    #[serde(rename = "type")]
    pub action_type: String,
    #[serde(default)]
    #[schema(value_type = Object)]
    pub payload: Value,
}

impl ActionRequest {
    fn params(&self) -> &ActionParams {
        match self {
            ActionRequest::Custom { params, .. } | ActionRequest::Sync { params, .. } => params,
        }
    }
}

const REQUEST_SHAPE: &str = r#"{"type": "threads.custom_action" (streamed) or "threads.sync_custom_action", "params": {"thread_id": "thr_…", "item_id": "msg_…", "action": {"type": "…", "payload": {…}}}}"#;

/// Where the simulator gets chance, ids and time: the OS's randomness and clock.
struct Live;

impl World for Live {
    fn chance(&mut self) -> f64 {
        let mut b = [0u8; 8];
        getrandom::fill(&mut b).expect("the OS random source");
        (u64::from_le_bytes(b) >> 11) as f64 / (1u64 << 53) as f64
    }
    fn new_id(&mut self) -> String {
        action_store::new_id("msg")
    }
    fn now(&mut self) -> String {
        rfc3339(now_ms())
    }
}

/// Builds the design's widget for `state`, or says where it fails.
fn build(doc: &Design, state: &Value) -> Result<Value, String> {
    let built = doc.build(state);
    match (built.widget, built.report.errors.first()) {
        (Some(w), None) => Ok(w.to_serde()),
        (_, Some(d)) => Err(d.placed_message()),
        (None, None) => Err("the view did not evaluate".into()),
    }
}

fn fresh(rec: &DesignRecord) -> Result<Thread, ApiError> {
    let state = rec.document.default_state.clone();
    let widget = build(&rec.document, &state).map_err(|why| {
        ApiError::new(
            ErrorCode::Invalid,
            format!("the design's widget does not build for its default state ({why}); fix the view, then try the action again"),
        )
    })?;
    Ok(Thread::fresh(rec.revision, state, widget))
}

/// The design and its thread, the thread's widget rebuilt if the design has changed since.
async fn load(store: &Store, id: &str) -> Result<(DesignRecord, Thread), ApiError> {
    let rec = store.get(id, false).await?;
    let mut t = match action_store::thread(store, id).await? {
        Some(t) => t,
        None => action_store::create(store, id, &fresh(&rec)?).await?,
    };
    if t.revision != rec.revision {
        // The client re-renders a changed design from the item's state; so does the thread.
        if let Ok(w) = build(&rec.document, &t.state) {
            t.widget = w;
        }
        t.revision = rec.revision;
    }
    Ok((rec, t))
}

fn info(t: &Thread) -> ThreadInfo {
    ThreadInfo {
        thread_id: t.thread_id.clone(),
        item_id: t.item_id.clone(),
        revision: t.revision,
        version: t.version,
        state: t.state.clone(),
        item: json!({
            "id": t.item_id,
            "thread_id": t.thread_id,
            "created_at": rfc3339(t.created_at),
            "type": "widget",
            "widget": t.widget,
        }),
    }
}

fn states(doc: &Design) -> Vec<&str> {
    doc.states.iter().map(|s| s.name.as_str()).collect()
}

/// The design's rules, or an error event that lists their problems.
fn rules(doc: &Design) -> Result<Handlers, String> {
    doc.handlers.rules(&states(doc)).map_err(|problems| {
        format!(
            "The design's handler rules have problems, so no rule ran: {}",
            problems
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("; ")
        )
    })
}

fn error_event(code: &str, message: Option<String>, allow_retry: bool) -> Value {
    let mut e = json!({"type": "error", "code": code, "allow_retry": allow_retry});
    if let Some(m) = message {
        e["message"] = json!(m);
    }
    e
}

/// What one simulated action gives: the outcome and the thread it was computed on.
struct Ran {
    before: Thread,
    outcome: Outcome,
    seq: i64,
}

/// Actions on one design's thread take turns on this instance (the lanes are striped by the
/// design id), so that many at once queue instead of racing each other's optimistic write;
/// only actions on other instances can still race, and those compute again.
fn lane(id: &str) -> &'static tokio::sync::Mutex<()> {
    const LANES: usize = 64;
    static ALL: std::sync::LazyLock<Vec<tokio::sync::Mutex<()>>> =
        std::sync::LazyLock::new(|| (0..LANES).map(|_| tokio::sync::Mutex::new(())).collect());
    let h = id.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    &ALL[(h % LANES as u64) as usize]
}

/// How long an action keeps trying when other instances keep winning the race.
const RACE_DEADLINE: std::time::Duration = std::time::Duration::from_secs(10);

/// Runs the action on the thread and writes the thread's new state, computing again when
/// another instance's action got in first.
async fn simulate(store: &Store, id: &str, req: &ActionRequest) -> Result<Ran, ApiError> {
    let p = req.params();
    let _turn = lane(id).lock().await;
    let deadline = Instant::now() + RACE_DEADLINE;
    let mut attempt = 0u64;
    while Instant::now() < deadline {
        if attempt > 0 {
            // Lost to another instance: back off a little (growing, with jitter) and retry.
            let ms = attempt.min(8) + (Live.chance() * 4.0) as u64;
            tokio::time::sleep(std::time::Duration::from_millis(ms)).await;
        }
        attempt += 1;
        let (rec, t) = load(store, id).await?;
        check_thread(id, &t, p)?;
        let outcome = if p.item_id.as_deref().is_some_and(|i| i != t.item_id) {
            // ChatKit answers an action from an item that is not a widget with stream.error.
            Outcome {
                emits: vec![
                    Emit::Event(
                        json!({"type": "stream_options", "stream_options": {"allow_cancel": true}}),
                    ),
                    Emit::Event(error_event("stream.error", None, false)),
                ],
                state: t.state.clone(),
                widget: t.widget.clone(),
                rule: None,
                notes: Vec::new(),
            }
        } else {
            match rules(&rec.document) {
                Ok(h) => run::run(
                    &rec.document,
                    &h,
                    &t.item(),
                    &p.action.action_type,
                    &p.action.payload,
                    &mut Live,
                ),
                Err(why) => Outcome {
                    emits: vec![
                        Emit::Event(
                            json!({"type": "stream_options", "stream_options": {"allow_cancel": true}}),
                        ),
                        Emit::Event(error_event("custom", Some(why), false)),
                    ],
                    state: t.state.clone(),
                    widget: t.widget.clone(),
                    rule: None,
                    notes: Vec::new(),
                },
            }
        };
        if let Some(seq) =
            action_store::advance(store, id, &t, &outcome.state, &outcome.widget).await?
        {
            return Ok(Ran {
                before: t,
                outcome,
                seq,
            });
        }
    }
    Err(ApiError {
        code: ErrorCode::Busy,
        message: format!(
            "other instances kept changing this design's thread for {} s; try again",
            RACE_DEADLINE.as_secs()
        ),
        details: json!({"retry_after_s": 1}),
    })
}

fn check_thread(id: &str, t: &Thread, p: &ActionParams) -> Result<(), ApiError> {
    if p.thread_id != t.thread_id {
        return Err(ApiError::new(
            ErrorCode::NotFound,
            format!(
                "no thread {:?} for design {id}: its thread is {:?} (GET /api/designs/{id}/actions/thread gives the ids to send; a reset starts a new thread)",
                p.thread_id, t.thread_id
            ),
        ));
    }
    Ok(())
}

fn sse_response(rx: mpsc::Receiver<Bytes>) -> Response {
    let stream = futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|b| (Ok::<_, Infallible>(b), rx))
    });
    (
        [
            (header::CONTENT_TYPE, "text/event-stream"),
            (header::CACHE_CONTROL, "no-cache"),
            (header::HeaderName::from_static("x-accel-buffering"), "no"),
        ],
        axum::body::Body::from_stream(stream),
    )
        .into_response()
}

/// The most events and problems one log entry keeps (the client gets every event).
const MAX_LOGGED_EVENTS: usize = 2_000;
const MAX_LOGGED_PROBLEMS: usize = 100;

/// Writes the widget a forwarded answer left into the thread, on whatever version the thread
/// is at by then (other actions may have come and gone while the answer streamed), unless the
/// thread was reset meanwhile; a problem for the log when it could not.
async fn keep_widget(store: &Store, id: &str, sent_on: &Thread, widget: &Value) -> Option<String> {
    let _turn = lane(id).lock().await;
    for _ in 0..5 {
        let now = match action_store::thread(store, id).await {
            Ok(Some(t)) => t,
            Ok(None) => return Some("the thread is gone; the answer's widget was not kept".into()),
            Err(e) => return Some(format!("the answer's widget was not kept: {e}")),
        };
        if now.thread_id != sent_on.thread_id || now.item_id != sent_on.item_id {
            return Some(
                "the thread was reset while the answer streamed; its widget was not kept".into(),
            );
        }
        match action_store::advance(store, id, &now, &now.state, widget).await {
            Ok(Some(_)) => return None,
            Ok(None) => continue,
            Err(e) => return Some(format!("the answer's widget was not kept: {e}")),
        }
    }
    Some("other instances kept changing the thread; the answer's widget was not kept".into())
}

fn frame(e: &Value) -> Bytes {
    Bytes::from(format!("data: {e}\n\n"))
}

fn ms(since: Instant) -> f64 {
    (since.elapsed().as_secs_f64() * 1e6).round() / 1e3
}

fn parse_request(body: Value) -> Result<ActionRequest, ApiError> {
    serde_json::from_value::<ActionRequest>(body).map_err(|e| ApiError {
        code: ErrorCode::BadRequest,
        message: format!("the body is not a ChatKit action request ({e}); send {REQUEST_SHAPE}"),
        details: json!({"expected": REQUEST_SHAPE}),
    })
}

#[utoipa::path(post, path = "/api/designs/{id}/actions", tag = "actions",
    params(("id" = String, Path, description = "Design id")), request_body = ActionRequest,
    responses(
        (status = 200, description = "threads.custom_action: Server-Sent Events, one `data: <ThreadStreamEvent>` frame per event, stream_options first. threads.sync_custom_action: JSON {\"updated_item\": WidgetItem} or {}", content((String = "text/event-stream"), (Object = "application/json"))),
        (status = 400, description = "Not a ChatKit action request", body = crate::wire::ErrorBody),
        (status = 401, description = "A token is required for writes", body = crate::wire::ErrorBody),
        (status = 403, description = "forward-refused: the studio may not reach the design's forward URL (docs/actions.md)", body = crate::wire::ErrorBody),
        (status = 404, description = "No such design, thread or (sync) item", body = crate::wire::ErrorBody),
        (status = 422, description = "The design's widget does not build", body = crate::wire::ErrorBody),
        (status = 502, description = "A forward to the design's ChatKit server failed", body = crate::wire::ErrorBody),
        (status = 503, description = "busy: the studio is at its limit of actions at once; retry after Retry-After", body = crate::wire::ErrorBody)))]
pub async fn act(
    State(store): State<Store>,
    Extension(limits): Extension<Limits>,
    headers: axum::http::HeaderMap,
    P(id): P<String>,
    Body(body): Body<Value>,
) -> Result<Response, ApiError> {
    let start = Instant::now();
    let at = rfc3339(now_ms());
    if headers.contains_key(forward::HOP_HEADER) {
        return Err(ApiError::new(
            ErrorCode::BadRequest,
            "this action was forwarded by a widget studio; a studio does not answer forwarded actions (a design's forward URL must be your ChatKit server, not a studio)",
        ));
    }
    let req = parse_request(body.clone())?;
    if let ActionRequest::Sync { params, .. } = &req
        && let Some(item) = &params.item_id
    {
        let (_, t) = load(&store, &id).await?;
        if *item != t.item_id && params.thread_id == t.thread_id {
            return Err(ApiError::new(
                ErrorCode::NotFound,
                format!(
                    "no widget item {item:?} in thread {:?}: its widget item is {:?}",
                    t.thread_id, t.item_id
                ),
            ));
        }
    }
    // A design that forwards: its own server answers.
    let head = store.get(&id, false).await?;
    if let widget::actions::rules::DesignHandlers::Rules(h) = &head.document.handlers
        && let Some(url) = h.forward.clone()
    {
        return forwarded(store, id, req, body, url, limits.forward.clone(), start, at).await;
    }
    let ran = simulate(&store, &id, &req).await?;
    let compute_ms = ms(start);
    let mut entry = LogEntry {
        seq: ran.seq,
        at,
        mode: Mode::Simulated,
        request: body,
        sender: info(&ran.before).item,
        state_before: ran.before.state.clone(),
        rule: ran.outcome.rule,
        events: Vec::new(),
        answer: None,
        widget: ran.outcome.widget.clone(),
        compute_ms,
        duration_ms: 0.0,
        problems: ran.outcome.notes.clone(),
        error: ran.outcome.error(),
    };
    if let ActionRequest::Sync { params, .. } = &req {
        if params
            .item_id
            .as_deref()
            .is_some_and(|i| i != ran.before.item_id)
        {
            return Err(ApiError::new(
                ErrorCode::NotFound,
                format!(
                    "no widget item {:?} in thread {:?}: its widget item is {:?}",
                    params.item_id.as_deref().unwrap_or_default(),
                    ran.before.thread_id,
                    ran.before.item_id
                ),
            ));
        }
        let answer = run::sync_answer(&ran.before.item(), &ran.outcome);
        // A sync answer carries no events, only the widget: what it leaves out is in the log.
        let gets = if answer.get("updated_item").is_some() {
            "the widget as the steps before the failure left it"
        } else {
            "{}, no change"
        };
        let mut left_out: Vec<String> = Vec::new();
        for e in &ran.outcome.emits {
            let Emit::Event(e) = e else { continue };
            let kind = match e["type"].as_str().unwrap_or_default() {
                "thread.item.updated" => e["update"]["type"].as_str().unwrap_or_default(),
                other => other,
            };
            match kind {
                "error" => entry.problems.push(format!(
                    "the rule failed (a sync answer cannot say so; the client gets {gets}): {}",
                    e["message"].as_str().unwrap_or("error")
                )),
                // The widget's own updates are what the answer's widget carries; the stream's
                // options are the stream's, which a sync answer is not.
                k if k.starts_with("widget.")
                    || k == "thread.item.replaced"
                    || k == "stream_options" => {}
                other => {
                    if !left_out.iter().any(|t| t == other) {
                        left_out.push(other.to_string());
                    }
                }
            }
        }
        if !left_out.is_empty() {
            entry.problems.push(format!(
                "a sync answer carries only the updated widget: the rule's {} events were not sent",
                left_out.join(", ")
            ));
        }
        entry.answer = Some(answer.clone());
        // The rule's delays pass before the answer comes, as from a handler that took that
        // long (the client shows its loading state meanwhile). Logged even when the client
        // stops waiting: the thread's state is written already.
        let wait = ran.outcome.waits_ms();
        let logged = tokio::spawn(async move {
            if wait > 0 {
                tokio::time::sleep(std::time::Duration::from_millis(wait)).await;
            }
            entry.duration_ms = ms(start);
            log(&store, &id, &entry).await;
        });
        let _ = logged.await;
        return Ok(Json(answer).into_response());
    }
    let (tx, rx) = mpsc::channel::<Bytes>(64);
    tokio::spawn(async move {
        let mut gone = false;
        let mut pacer = run::Pacer::default();
        for emit in &ran.outcome.emits {
            match emit {
                Emit::Wait(ms) if !gone => {
                    tokio::time::sleep(std::time::Duration::from_millis(*ms)).await
                }
                Emit::Wait(_) => {}
                Emit::Event(e) => {
                    // Streamed text is paced, so that a client shows it growing.
                    let pause = pacer.pause_before(e);
                    if pause > 0 && !gone {
                        tokio::time::sleep(std::time::Duration::from_millis(pause)).await;
                    }
                    entry.events.push(TimedEvent {
                        at_ms: ms(start),
                        event: e.clone(),
                    });
                    if !gone && tx.send(frame(e)).await.is_err() {
                        gone = true;
                    }
                }
            }
        }
        // The state was written when the action started, and the events were paced after: a
        // sync action sent meanwhile (ChatKit lets them through while a thread streams) changed
        // the thread, and this stream's later widget updates, computed before it, would leave
        // the client showing a widget the server no longer has. End with the thread's widget.
        if !gone && let Some((event, why)) = catch_up(&store, &id, &ran).await {
            entry.problems.push(why.into());
            entry.events.push(TimedEvent {
                at_ms: ms(start),
                event: event.clone(),
            });
            if tx.send(frame(&event)).await.is_err() {
                gone = true;
            }
        }
        drop(tx);
        entry.duration_ms = ms(start);
        if gone {
            entry
                .problems
                .push("the client left before the last event".into());
        }
        log(&store, &id, &entry).await;
    });
    Ok(sse_response(rx))
}

/// The widget update that brings a client that followed this streamed answer to the thread's
/// widget, when another action changed it since this one was written, or the design was saved
/// (its view may draw the state otherwise), with why (`None`: neither).
async fn catch_up(store: &Store, id: &str, ran: &Ran) -> Option<(Value, &'static str)> {
    // As an action would find it: built by the saved revision's view.
    let (_, now) = load(store, id).await.ok()?;
    let same_item = now.thread_id == ran.before.thread_id && now.item_id == ran.before.item_id;
    // Whenever another action came in between, even one that left the same widget: the client
    // drew that action's answer, and then this stream's updates, computed before it.
    let why = if now.version > ran.seq {
        "another action changed the widget while this answer streamed: the studio sent the thread's widget as it now is, last, so the client ends where the server is"
    } else if now.revision != ran.before.revision && now.widget != ran.outcome.widget {
        // A save that builds the same widget (a rename, a new tag) changes nothing the client
        // shows.
        "the design was saved while this answer streamed: the studio sent the widget as the saved design builds it, last, so the client ends where the server is"
    } else {
        return None;
    };
    same_item.then(|| {
        let event = json!({"type": "thread.item.updated", "item_id": now.item_id,
            "update": {"type": "widget.root.updated", "widget": now.widget}});
        (event, why)
    })
}

async fn log(store: &Store, id: &str, entry: &LogEntry) {
    let v = serde_json::to_value(entry).unwrap_or_default();
    if let Err(e) = action_store::append(store, id, entry.seq, &v).await {
        tracing::error!(%e, design = id, "cannot write the action log");
    }
}

/// Sends the request to the design's own ChatKit server and passes its answer on, checking
/// every event against what came before it.
#[allow(clippy::too_many_arguments)]
async fn forwarded(
    store: Store,
    id: String,
    req: ActionRequest,
    body: Value,
    url: String,
    policy: ForwardPolicy,
    start: Instant,
    at: String,
) -> Result<Response, ApiError> {
    let (t, seq, doc_target) = {
        let _turn = lane(&id).lock().await;
        let (rec, t) = load(&store, &id).await?;
        check_thread(&id, &t, req.params())?;
        let seq = action_store::advance(&store, &id, &t, &t.state, &t.widget)
            .await?
            .ok_or_else(|| {
                ApiError::new(
                    ErrorCode::Busy,
                    "another instance changed the thread at the same moment; try again",
                )
            })?;
        (t, seq, rec.document.target)
    };
    let mut entry = LogEntry {
        seq,
        at,
        mode: Mode::Forwarded,
        request: body.clone(),
        sender: info(&t).item,
        state_before: t.state.clone(),
        rule: None,
        events: Vec::new(),
        answer: None,
        widget: t.widget.clone(),
        compute_ms: 0.0,
        duration_ms: 0.0,
        problems: Vec::new(),
        error: None,
    };
    let fail = |e: forward::ForwardError| {
        let refused = matches!(
            e,
            forward::ForwardError::NotAllowed { .. }
                | forward::ForwardError::BadUrl(_)
                | forward::ForwardError::Itself(_)
        );
        ApiError::new(
            if refused {
                ErrorCode::ForwardRefused
            } else {
                ErrorCode::ForwardFailed
            },
            e.to_string(),
        )
    };
    // One deadline for the whole answer: resolving, connecting, the head and the body.
    let deadline = tokio::time::Instant::now() + policy.timeout;
    let answer = async {
        let target = forward::target(&policy, &url, deadline).await?;
        forward::post(&target, body.to_string().into_bytes(), &policy, deadline).await
    }
    .await;
    let mut answer = match answer {
        Ok(a) => a,
        Err(e) => {
            let err = fail(e);
            entry.problems.push(err.message.clone());
            entry.duration_ms = ms(start);
            log(&store, &id, &entry).await;
            return Err(err);
        }
    };
    entry.compute_ms = ms(start);
    if let ActionRequest::Sync { .. } = req {
        let mut bytes = Vec::new();
        let read = async {
            while let Some(b) = answer.next().await? {
                bytes.extend_from_slice(&b);
            }
            Ok::<_, forward::ForwardError>(())
        };
        let outcome = tokio::time::timeout_at(deadline, read)
            .await
            .unwrap_or(Err(forward::ForwardError::Timeout(policy.timeout)));
        let parsed = outcome.map_err(fail).and_then(|()| {
            serde_json::from_slice::<Value>(&bytes).map_err(|e| {
                ApiError::new(
                    ErrorCode::ForwardFailed,
                    format!("the forward target's sync answer is not JSON ({e})"),
                )
            })
        });
        entry.duration_ms = ms(start);
        match parsed {
            Ok(v) => {
                // Checked as it passes, as a stream's events are: the client still gets it.
                entry
                    .problems
                    .extend(widget::actions::check::check_sync_answer(
                        &t.item_id, &v, doc_target,
                    ));
                if let Some(w) = v["updated_item"].get("widget") {
                    entry.widget = w.clone();
                    if let Some(p) = keep_widget(&store, &id, &t, w).await {
                        entry.problems.push(p);
                    }
                }
                entry.answer = Some(v.clone());
                log(&store, &id, &entry).await;
                return Ok(Json(v).into_response());
            }
            Err(e) => {
                entry.problems.push(e.message.clone());
                log(&store, &id, &entry).await;
                return Err(e);
            }
        }
    }
    let (tx, rx) = mpsc::channel::<Bytes>(64);
    tokio::spawn(async move {
        let mut checker = widget::actions::check::Checker::new(&t.item_id, &t.widget);
        let mut buf = Vec::new();
        let mut gone = false;
        let mut cut = None::<String>;
        let (mut unlogged_events, mut unlogged_problems) = (0usize, 0usize);
        // An answer that is not said to be an event stream is still read for events; if it
        // holds none, the client hears why, as a ChatKit error (below), rather than getting
        // nothing and looking answered.
        let not_sse = !answer
            .content_type
            .to_ascii_lowercase()
            .starts_with("text/event-stream");
        if not_sse {
            entry.problems.push(format!(
                "the forward target answered {:?}, not text/event-stream",
                answer.content_type
            ));
        }
        loop {
            let next = tokio::time::timeout_at(deadline, answer.next()).await;
            let chunk = match next {
                Ok(Ok(Some(b))) => b,
                Ok(Ok(None)) => break,
                Ok(Err(e)) => {
                    cut = Some(e.to_string());
                    break;
                }
                Err(_) => {
                    cut = Some(forward::ForwardError::Timeout(policy.timeout).to_string());
                    break;
                }
            };
            for data in forward::sse_frames(&mut buf, &chunk) {
                let event = match serde_json::from_str::<Value>(&data) {
                    Ok(v) => v,
                    Err(e) => {
                        entry
                            .problems
                            .push(format!("event {}: not JSON ({e})", entry.events.len()));
                        continue;
                    }
                };
                let found = checker.check(&event);
                if entry.problems.len() + found.len() <= MAX_LOGGED_PROBLEMS {
                    entry.problems.extend(found);
                } else {
                    unlogged_problems += found.len();
                }
                if entry.events.len() < MAX_LOGGED_EVENTS {
                    entry.events.push(TimedEvent {
                        at_ms: ms(start),
                        event: event.clone(),
                    });
                } else {
                    unlogged_events += 1;
                }
                if !gone && tx.send(frame(&event)).await.is_err() {
                    gone = true;
                }
            }
        }

        // What the studio itself tells the client, as a ChatKit error (the one event of this
        // stream the user's server did not send; the log says so): why it cut the answer, or,
        // when nothing was passed on, why there was nothing.
        let told = if let Some(why) = cut.as_deref() {
            entry
                .problems
                .push(format!("the studio cut the answer: {why}"));
            Some(format!("The studio cut the forwarded answer: {why}"))
        } else {
            // Cut by the target mid-event (a crash, a proxy): what it was sending is lost, and
            // the client, which saw no end, hears so rather than waiting on a half-done answer.
            // Only a frame with data would have been an event: a comment or an `id:` line
            // left without its blank line loses nothing.
            let rest = String::from_utf8_lossy(&buf);
            let had_data = rest.lines().any(|l| l.starts_with("data:"));
            let unfinished = had_data.then(|| {
                format!(
                    "the answer ended inside an unfinished event ({} bytes without the blank line that ends a Server-Sent Event), which was not passed on",
                    buf.len()
                )
            });
            if let Some(why) = &unfinished {
                entry.problems.push(why.clone());
            }
            if gone {
                None
            } else if entry.events.is_empty() {
                // Nothing was passed on: why there was nothing.
                let why = if not_sse {
                    format!(
                        "the forward target answered {:?}, not text/event-stream: a ChatKit server streams its answer as Server-Sent Events",
                        answer.content_type
                    )
                } else if let Some(why) = unfinished {
                    why
                } else {
                    "the forward target's answer held no events".to_string()
                };
                entry
                    .problems
                    .push(format!("the studio told the client: {why}"));
                Some(format!("The forwarded answer: {why}"))
            } else {
                unfinished.map(|why| format!("The forwarded answer: {why}"))
            }
        };
        if let Some(message) = told
            && !gone
        {
            let _ = tx
                .send(frame(&error_event("stream.error", Some(message), true)))
                .await;
        }
        if entry.events.first().and_then(|e| e.event["type"].as_str()) != Some("stream_options") {
            entry
                .problems
                .push("the first event is not stream_options, as a ChatKit server sends".into());
        }
        drop(tx);
        if unlogged_events + unlogged_problems > 0 {
            entry.problems.push(format!(
                "{unlogged_events} more events and {unlogged_problems} more problems were passed on but not kept in the log (it keeps {MAX_LOGGED_EVENTS} events and {MAX_LOGGED_PROBLEMS} problems per round-trip)"
            ));
        }
        entry.widget = checker.widget().clone();
        entry.duration_ms = ms(start);
        if let Some(p) = keep_widget(&store, &id, &t, &entry.widget).await {
            entry.problems.push(p);
        }
        log(&store, &id, &entry).await;
    });
    Ok(sse_response(rx))
}

#[utoipa::path(get, path = "/api/designs/{id}/actions/thread", tag = "actions",
    params(("id" = String, Path, description = "Design id")),
    responses((status = 200, description = "The design's simulated thread: the ids to send and the widget item as it shows now", body = ThreadInfo),
        (status = 404, description = "No such design", body = crate::wire::ErrorBody),
        (status = 422, description = "The design's widget does not build for its default state", body = crate::wire::ErrorBody)))]
pub async fn thread(State(store): State<Store>, P(id): P<String>) -> Result<Response, ApiError> {
    let (_, t) = load(&store, &id).await?;
    Ok(Json(info(&t)).into_response())
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct ResetQuery {
    /// Start from this named state instead of the default one.
    #[serde(default)]
    pub state: Option<String>,
}

#[utoipa::path(delete, path = "/api/designs/{id}/actions/thread", tag = "actions",
    params(("id" = String, Path, description = "Design id"), ResetQuery),
    responses((status = 200, description = "A new thread, its widget built from the default (or the named) state; the log stays", body = ThreadInfo),
        (status = 401, description = "A token is required for writes", body = crate::wire::ErrorBody),
        (status = 404, description = "No such design or state", body = crate::wire::ErrorBody),
        (status = 422, description = "The design's widget does not build for the state", body = crate::wire::ErrorBody)))]
pub async fn reset(
    State(store): State<Store>,
    P(id): P<String>,
    Q(q): Q<ResetQuery>,
) -> Result<Response, ApiError> {
    let rec = store.get(&id, false).await?;
    let state = rec
        .document
        .state(q.state.as_deref())
        .cloned()
        .ok_or_else(|| {
            ApiError::new(
                ErrorCode::NotFound,
                format!(
                    "the design has no state {:?}; it has default{}",
                    q.state.as_deref().unwrap_or_default(),
                    states(&rec.document)
                        .iter()
                        .map(|s| format!(", {s}"))
                        .collect::<String>()
                ),
            )
        })?;
    let widget = build(&rec.document, &state).map_err(|why| {
        ApiError::new(
            ErrorCode::Invalid,
            format!("the design's widget does not build for that state ({why})"),
        )
    })?;
    let t = action_store::reset(&store, &id, &Thread::fresh(rec.revision, state, widget)).await?;
    Ok(Json(info(&t)).into_response())
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct LogQuery {
    /// The newest entries to give, 1 to 500 (default 100).
    #[serde(default)]
    pub limit: Option<i64>,
}

#[utoipa::path(get, path = "/api/designs/{id}/actions/log", tag = "actions",
    params(("id" = String, Path, description = "Design id"), LogQuery),
    responses((status = 200, description = "The action log, oldest first: {items: [LogEntry]}", body = crate::wire::ActionLog),
        (status = 400, description = "A limit out of range", body = crate::wire::ErrorBody),
        (status = 404, description = "No such design", body = crate::wire::ErrorBody)))]
pub async fn log_list(
    State(store): State<Store>,
    P(id): P<String>,
    Q(q): Q<LogQuery>,
) -> Result<Response, ApiError> {
    let limit = q.limit.unwrap_or(100);
    if !(1..=action_store::LOG_KEEP).contains(&limit) {
        return Err(ApiError::new(
            ErrorCode::BadRequest,
            format!(
                "limit: {limit} is out of range; give 1 to {}",
                action_store::LOG_KEEP
            ),
        ));
    }
    store.get(&id, false).await?;
    let items = entries(&store, &id, limit).await?;
    Ok(Json(crate::wire::ActionLog { items }).into_response())
}

async fn entries(store: &Store, id: &str, limit: i64) -> Result<Vec<LogEntry>, ApiError> {
    action_store::log(store, id, limit)
        .await?
        .into_iter()
        .map(|v| {
            serde_json::from_value(v).map_err(|e| {
                ApiError::from(crate::store::StoreError::Damaged(format!(
                    "an action log entry does not read: {e}"
                )))
            })
        })
        .collect()
}

#[utoipa::path(delete, path = "/api/designs/{id}/actions/log", tag = "actions",
    params(("id" = String, Path, description = "Design id")),
    responses((status = 204, description = "The log is cleared"),
        (status = 401, description = "A token is required for writes", body = crate::wire::ErrorBody),
        (status = 404, description = "No such design", body = crate::wire::ErrorBody)))]
pub async fn log_clear(State(store): State<Store>, P(id): P<String>) -> Result<Response, ApiError> {
    store.get(&id, false).await?;
    action_store::clear(&store, &id).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

#[derive(Deserialize, Default, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReplayBody {
    /// The first log entry to replay (default: the oldest).
    #[serde(default)]
    pub from: Option<i64>,
    /// The last (default: the newest).
    #[serde(default)]
    pub to: Option<i64>,
}

impl crate::extract::Shaped for ReplayBody {
    const SHAPE: crate::extract::Shape = crate::extract::Shape::Object {
        what: "a replay request",
        fields: &[
            ("from", crate::extract::Shape::Any),
            ("to", crate::extract::Shape::Any),
        ],
    };
}

#[utoipa::path(post, path = "/api/designs/{id}/actions/replay", tag = "actions",
    params(("id" = String, Path, description = "Design id")), request_body(content = ReplayBody, description = "Optional; an empty body replays the whole log"),
    responses((status = 200, description = "Each recorded simulated round-trip replayed on the design as it is now, from the state the first one started in, and compared with the widget it recorded", body = ReplayReport),
        (status = 400, description = "Malformed body (with line and column)", body = crate::wire::ErrorBody),
        (status = 401, description = "A token is required for writes", body = crate::wire::ErrorBody),
        (status = 404, description = "No such design", body = crate::wire::ErrorBody),
        (status = 422, description = "Nothing to replay (none in the range, or from after to), the rules have problems, or the body has a field other than from and to (its path, line and column)", body = crate::wire::ErrorBody)))]
pub async fn replay(
    State(store): State<Store>,
    P(id): P<String>,
    crate::extract::RawBody(raw): crate::extract::RawBody,
) -> Result<Response, ApiError> {
    // Both fields are optional, so an empty body replays the whole log.
    let body: ReplayBody = crate::extract::optional_body(&raw)?;
    if let (Some(f), Some(t)) = (body.from, body.to)
        && f > t
    {
        return Err(ApiError::new(
            ErrorCode::Invalid,
            format!(
                "from ({f}) is after to ({t}): give the first log entry to replay, then the last"
            ),
        ));
    }
    let rec = store.get(&id, false).await?;
    let log = entries(&store, &id, action_store::LOG_KEEP).await?;
    let (first, last) = (
        log.iter().map(|e| e.seq).min(),
        log.iter().map(|e| e.seq).max(),
    );
    let flow: Vec<LogEntry> = log
        .into_iter()
        .filter(|e| body.from.is_none_or(|f| e.seq >= f) && body.to.is_none_or(|t| e.seq <= t))
        .collect();
    if flow.is_empty()
        && let (Some(first), Some(last)) = (first, last)
    {
        return Err(ApiError::new(
            ErrorCode::Invalid,
            format!(
                "no log entry falls between from and to: the log holds entries #{first} to #{last}"
            ),
        ));
    }
    let handlers = rules(&rec.document).map_err(|m| ApiError::new(ErrorCode::Invalid, m))?;
    let report = widget::actions::log::replay(&rec.document, &handlers, &flow)
        .map_err(|m| ApiError::new(ErrorCode::Invalid, m))?;
    Ok(Json(report).into_response())
}
