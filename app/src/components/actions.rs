//! The Actions panel, in the editor and on `/preview`: the design's handler rules, an interactive preview whose buttons,
//! list rows, selects, forms and card buttons fire their actions at the studio's simulated
//! ChatKit server (`POST /api/designs/{id}/actions`, in ChatKit's own request and event
//! shapes), the answers applied in place, the action log with replay, and handler stubs.
//!
//! The simulator runs the *saved* design: the panel says so while there are unsaved changes.
//! What a gesture fires is [`widget::actions::fire`]; a form's fields are collected from the
//! drawing and checked by [`widget::actions::form::submit`] (`pattern` by the browser's own
//! `RegExp`); the events update the drawn widget through [`widget::actions::check::Checker`],
//! which also follows them for the log's checks.

use leptos::prelude::*;
use serde_json::Value;
use widget::Design;
use widget::actions::inventory::{Bound, Handler, Loading};
use widget::actions::log::{LogEntry, ReplayReport, ThreadInfo};
use widget::actions::rules::DesignHandlers;

use crate::components::widget_view::WidgetView;

/// One line under the drawn widget: what the thread shows besides it.
#[derive(Clone, Debug, PartialEq)]
pub enum Line {
    /// An assistant message, as streamed so far (its item id, its text, finished).
    Reply(String, String, bool),
    Notice(String, String),
    /// What the assistant is doing (`progress_update`): shown while the answer runs, as
    /// ChatKit does. The next progress replaces it; a message, or the end of the answer,
    /// takes it away.
    Progress(String),
    Effect(String),
    Error(String),
    /// A client-handled action, as `widgets.onAction` receives it.
    Client(String),
}

impl Line {
    fn kind(&self) -> &'static str {
        match self {
            Line::Reply(..) => "reply",
            Line::Notice(..) => "notice",
            Line::Progress(_) => "progress",
            Line::Effect(_) => "effect",
            Line::Error(_) => "error",
            Line::Client(_) => "client",
        }
    }
}

/// The status line once an action's answer is in: `error` is the first error event of *this*
/// action's answer (two actions can be in flight at once, and their lines interleave).
pub fn answered(action_type: &str, error: Option<&str>) -> String {
    match error {
        Some("") => format!("{action_type} answered with an error."),
        Some(why) => format!("{action_type} answered with an error: {why}"),
        None => format!("{action_type} answered."),
    }
}

/// A value made safe inside a quoted CSS string (an attribute selector's value): every
/// character but letters, digits, `-`, `_` and non-ASCII is escaped, control characters by
/// their code point, so nothing in it can end the string or the rule.
pub fn css_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\0' => out.push('\u{fffd}'),
            c if c.is_ascii_alphanumeric() || c == '-' || c == '_' || !c.is_ascii() => out.push(c),
            c if c.is_ascii_control() => out.push_str(&format!("\\{:x} ", c as u32)),
            c => {
                out.push('\\');
                out.push(c);
            }
        }
    }
    out
}

/// The handler rules' text as the panel shows it: the stored JSON, pretty, or nothing.
pub fn rules_text(d: &Design) -> String {
    match d.handlers.to_value() {
        Value::Null => String::new(),
        v => serde_json::to_string_pretty(&v).unwrap_or_default(),
    }
}

/// The problems of a design's rules as stored, each at its path.
pub fn saved_rule_problems(d: &Design) -> Vec<String> {
    let states: Vec<&str> = d.states.iter().map(|s| s.name.as_str()).collect();
    match d.handlers.rules(&states) {
        Ok(_) => Vec::new(),
        Err(p) => p.iter().map(ToString::to_string).collect(),
    }
}

/// The actions every state's widget binds, in order (each type as often as it is bound: the
/// starting rules take each once, the stubs merge their payloads).
pub fn bound_in(widgets: &[Value]) -> Vec<widget::actions::inventory::Bound> {
    widgets
        .iter()
        .flat_map(widget::actions::inventory::actions)
        .collect()
}

/// The panel's line for the error a `streaming: false` action's rule ended with.
pub fn sync_error_line(why: &str) -> String {
    format!("{why} (a sync answer cannot carry this error event: the user sees nothing)")
}

/// Why a viewer's actions are not sent (the server's simulator keeps a thread and a log for the
/// design, which only an editor may write).
pub const VIEWER_ACTIONS: &str = "Trying actions needs the editor role: the simulator keeps a thread and a log for the design. You have the viewer role, so clicks here are not sent; the rules and the handler stubs can be read.";

/// Reads the rules' text: the handlers to store, and the problems to list (each at its path).
pub fn read_rules(text: &str, states: &[&str]) -> Result<(DesignHandlers, Vec<String>), String> {
    let v: Value = if text.trim().is_empty() {
        Value::Null
    } else {
        serde_json::from_str(text).map_err(|e| {
            format!(
                "{}:{}: {e}; the rules are JSON: {{\"rules\": [{{\"on\": \"action.type\", \"steps\": [...]}}]}}",
                e.line(),
                e.column()
            )
        })?
    };
    let h = DesignHandlers::from_value(v);
    let problems = match h.rules(states) {
        Ok(_) => Vec::new(),
        Err(p) => p.iter().map(ToString::to_string).collect(),
    };
    Ok((h, problems))
}

/// A starting rule for one action: a notice that names it; for a `streaming: false` action,
/// whose answer cannot carry a notice, a state field that records it (`last_action`).
fn starter_rule(b: &Bound) -> Value {
    if b.streaming {
        serde_json::json!({"on": b.action_type, "steps": [
            {"step": "notice", "level": "info", "message": format!("{} received", b.action_type)}
        ]})
    } else {
        serde_json::json!({"on": b.action_type, "steps": [
            {"step": "set", "field": "last_action", "from": {"literal": b.action_type}}
        ]})
    }
}

/// "A rule per action": the rules' text `current` with a starting rule added for each
/// server-handled action the widget binds that no rule answers yet (no rule's `on` matches
/// it), after the rules there; in an empty box, a rule for each. The rules there stay as they
/// are. Answers the new text and the action types that got a rule (none: the text is
/// unchanged), or why it cannot add to the box (its text does not read as rules): then
/// nothing changes.
pub fn example_rules(bound: &[Bound], current: &str) -> Result<(String, Vec<String>), String> {
    let mut doc: Value = if current.trim().is_empty() {
        serde_json::json!({"rules": []})
    } else {
        serde_json::from_str(current).map_err(|e| {
            format!(
                "the rules do not read ({}:{}: {e}): fix them, or empty the box, first",
                e.line(),
                e.column()
            )
        })?
    };
    let Some(obj) = doc.as_object_mut() else {
        return Err(
            "the rules are not an object ({\"rules\": [...]}): fix them, or empty the box, first"
                .into(),
        );
    };
    let rules = obj
        .entry("rules")
        .or_insert_with(|| Value::Array(Vec::new()));
    let Some(rules) = rules.as_array_mut() else {
        return Err(
            "`rules` is not a list ({\"rules\": [...]}): fix it, or empty the box, first".into(),
        );
    };
    let answered = |rules: &[Value], t: &str| {
        rules.iter().any(|r| {
            r.get("on")
                .and_then(Value::as_str)
                .is_some_and(|on| widget::actions::rules::glob_match(on, t))
        })
    };
    let mut added = Vec::new();
    for b in bound.iter().filter(|b| b.handler == Handler::Server) {
        if !answered(rules, &b.action_type) {
            rules.push(starter_rule(b));
            added.push(b.action_type.clone());
        }
    }
    if added.is_empty() && !current.trim().is_empty() {
        return Ok((current.to_string(), added));
    }
    Ok((
        serde_json::to_string_pretty(&doc).unwrap_or_default(),
        added,
    ))
}

/// Replays the logged round-trips on `design` (the browser's simulation on `/preview`), as the
/// server's replay does: `widget::actions::log::replay`.
pub fn replay_log(design: &Design, log: &[LogEntry]) -> Result<ReplayReport, String> {
    let states: Vec<&str> = design.states.iter().map(|s| s.name.as_str()).collect();
    let handlers = design.handlers.rules(&states).map_err(|p| {
        p.iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("; ")
    })?;
    widget::actions::log::replay(design, &handlers, log)
}

/// One log entry as a line: what was sent, who answered, how long it took.
pub fn log_summary(e: &LogEntry) -> String {
    let (t, _) = e.action();
    let who = match (e.mode, e.rule) {
        (widget::actions::log::Mode::Forwarded, _) => "forwarded".to_string(),
        (_, Some(i)) => format!("rule {i}"),
        (_, None) => "no rule".to_string(),
    };
    let answer = match &e.answer {
        Some(_) => "sync answer".to_string(),
        None => format!("{} events", e.events.len()),
    };
    let problems = match e.problems.len() {
        0 => String::new(),
        1 => " · 1 problem".to_string(),
        n => format!(" · {n} problems"),
    };
    format!(
        "#{} {t} · {who} · {answer} · {:.1} ms (server work {:.1} ms){problems}",
        e.seq, e.duration_ms, e.compute_ms
    )
}

/// The replay's result in words.
pub fn replay_summary(r: &ReplayReport) -> String {
    match r.first_difference {
        None => format!(
            "All {} replayed steps give the widget they recorded.",
            r.steps.len()
        ),
        Some(seq) => {
            let step = r.steps.iter().find(|s| s.seq == seq);
            let what = step
                .and_then(|s| s.changes.first())
                .map(|c| {
                    format!(
                        " at {}: recorded {}, now {}",
                        c["path"].as_str().unwrap_or(""),
                        c.get("before").unwrap_or(&Value::Null),
                        c.get("after").unwrap_or(&Value::Null)
                    )
                })
                .unwrap_or_default();
            format!(
                "Step #{seq} ({}) now gives a different widget{what}.",
                step.map(|s| s.action_type.as_str()).unwrap_or("")
            )
        }
    }
}

/// Text in the rules box that does not read as rules: why, and the text as typed.
#[derive(Clone, Debug, PartialEq)]
pub struct UnreadRules {
    pub why: String,
    pub text: String,
}

#[component]
pub fn ActionsPanel(
    /// The saved design the server's simulator runs; `None` on `/preview`, where the design
    /// in the page is simulated in the browser (nothing is kept).
    design_id: Option<String>,
    /// The design as it is now (its name, states and rules; the browser's simulation runs it).
    design: Signal<Option<Design>>,
    /// Every state's widget: "A rule per action" and the handler stubs cover each action any
    /// state binds (a named state often shows buttons the default does not).
    widgets: Signal<Vec<Value>>,
    /// The design has unsaved changes.
    dirty: Signal<bool>,
    /// Stores edited rules in the document (marks it unsaved), or says the box holds text that
    /// does not read as JSON (`Err`, with why and the text: the design must not save without
    /// it, and a draft keeps the text as typed); `None`: the rules are the source's, shown
    /// read-only.
    set_handlers: Option<Callback<Result<DesignHandlers, UnreadRules>>>,
    read_only: bool,
    /// Text to put in the rules box, as if typed (a restored draft's rules that did not read);
    /// the panel takes it and sets it back to `None`.
    #[prop(optional)]
    restore_rules: Option<RwSignal<Option<String>>>,
    /// The design's saved revision (the editor's): when it changes (a save, a restore, their
    /// revision taken) the server's thread and the handler code follow it.
    #[prop(optional)]
    saved_revision: Option<Signal<i64>>,
) -> impl IntoView {
    let (open, set_open) = signal(false);
    let scripted = crate::components::scripted();
    let rules0 = design.with_untracked(|d| d.as_ref().map(rules_text).unwrap_or_default());
    let local = design_id.is_none();
    let rules_editable = set_handlers.is_some();
    let rules = RwSignal::new(rules0.clone());
    // What "A rule per action" did.
    let example_said = RwSignal::new(String::new());
    // The saved rules' problems show as soon as the panel opens.
    let rule_problems = RwSignal::new(
        design.with_untracked(|d| d.as_ref().map(saved_rule_problems).unwrap_or_default()),
    );
    // Editable rules follow the design when it changes other than by typing here (a restored
    // draft, their revision taken after a conflict): when the box reads as other rules than
    // the design's. Text that does not read is the user's, and stays.
    if rules_editable {
        Effect::new(move |_| {
            let Some(theirs) = design.with(|d| d.as_ref().map(|d| d.handlers.clone())) else {
                return;
            };
            let text = rules.get_untracked();
            let differs = match read_rules(&text, &[]) {
                Ok((mine, _)) => mine != theirs,
                Err(_) => false,
            };
            if differs {
                let shown =
                    design.with_untracked(|d| d.as_ref().map(rules_text).unwrap_or_default());
                let problems = design
                    .with_untracked(|d| d.as_ref().map(saved_rule_problems).unwrap_or_default());
                rules.set(shown);
                rule_problems.set(problems);
            }
        });
    }
    // Read-only rules (on `/preview`) follow the source as it is typed.
    if !rules_editable {
        Effect::new(move |_| {
            let text = design.with(|d| d.as_ref().map(rules_text).unwrap_or_default());
            let problems = design.with(|d| d.as_ref().map(saved_rule_problems).unwrap_or_default());
            rules.set(text);
            rule_problems.set(problems);
        });
    }
    let thread = RwSignal::new(None::<ThreadInfo>);
    let shown = RwSignal::new(Value::Null);
    let lines = RwSignal::new(Vec::<Line>::new());
    let log = RwSignal::new(Vec::<LogEntry>::new());
    let status = RwSignal::new(String::new());
    let form_problems = RwSignal::new(Vec::<(String, String)>::new());
    let busy = RwSignal::new(None::<(Loading, String)>);
    let streaming = RwSignal::new(false);
    let replay = RwSignal::new(None::<String>);
    let follow_up = RwSignal::new(false);
    // The widget's theme here (the client's): light, or dark to try it as dark-mode users see it.
    let dark = RwSignal::new(false);
    let theme = move || {
        if dark.get() {
            render::WidgetTheme::Dark
        } else {
            render::WidgetTheme::Light
        }
    };
    let stubs = RwSignal::new((String::new(), String::new()));

    let states = move || {
        design.with_untracked(|d| {
            d.iter()
                .flat_map(|d| d.states.iter().map(|s| s.name.clone()))
                .collect::<Vec<_>>()
        })
    };
    let take_rules = move |text: String| {
        rules.set(text.clone());
        let names = states();
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        match read_rules(&text, &refs) {
            Ok((h, problems)) => {
                rule_problems.set(problems);
                if let Some(set) = set_handlers {
                    set.run(Ok(h));
                }
            }
            Err(e) => {
                rule_problems.set(vec![e.clone()]);
                if let Some(set) = set_handlers {
                    set.run(Err(UnreadRules { why: e, text }));
                }
            }
        }
    };
    let on_rules = move |ev: leptos::ev::Event| take_rules(event_target_value(&ev));
    if let Some(restore) = restore_rules {
        Effect::new(move |_| {
            if let Some(text) = restore.get() {
                restore.set(None);
                take_rules(text);
            }
        });
    }
    let bound = move || widgets.with_untracked(|ws| bound_in(ws));
    let insert_example = move |_| {
        let current = rules.get_untracked();
        let bound = bound();
        let said = match example_rules(&bound, &current) {
            Err(why) => format!("No rule added: {why}."),
            Ok(_) if !bound.iter().any(|b| b.handler == Handler::Server) => {
                "The widget sends no action to the server: no rule to add.".to_string()
            }
            Ok((_, added)) if added.is_empty() => {
                "Every action the widget sends to the server has a rule already: nothing added."
                    .to_string()
            }
            Ok((text, added)) => {
                take_rules(text);
                format!(
                    "Added a starting rule for {} after the rules there: {}.",
                    if added.len() == 1 {
                        "1 action".to_string()
                    } else {
                        format!("{} actions", added.len())
                    },
                    added.join(", ")
                )
            }
        };
        example_said.set(said);
    };
    let refresh_stubs = move || {
        let name =
            design.with_untracked(|d| d.as_ref().map(|d| d.name.clone()).unwrap_or_default());
        let bound = bound();
        let py = widget::actions::stubs::python(&name, &bound)
            .unwrap_or_else(|| "# The widget binds no server-handled action.".into());
        let ts = widget::actions::stubs::typescript(&name, &bound).unwrap_or_else(|| {
            "// The widget binds no client-handled action (handler: \"client\").".into()
        });
        stubs.set((py, ts));
    };

    #[cfg(feature = "hydrate")]
    let client = client::Client {
        id: design_id.clone().unwrap_or_default(),
        local: local.then_some(design),
        thread,
        shown,
        lines,
        log,
        status,
        form_problems,
        busy,
        streaming,
        replay,
        follow_up,
        thread_generation: StoredValue::new(0),
        sent: StoredValue::new(0),
        busy_by: StoredValue::new(0),
        resetting: StoredValue::new(false),
        reset_again: StoredValue::new(false),
        read_only,
    };
    #[cfg(not(feature = "hydrate"))]
    let _ = (replay, follow_up, streaming, thread);

    // After a save or a restore the server's thread follows the new revision: draw it again,
    // and write the handler code for it. (It followed the end of unsaved changes, which a
    // restore of a page with none does not make.)
    #[cfg(feature = "hydrate")]
    if let Some(saved_revision) = saved_revision {
        let client = client.clone();
        Effect::new(move |prev: Option<i64>| {
            let r = saved_revision.get();
            if prev.is_some_and(|p| p != r) && client.local.is_none() {
                if thread.get_untracked().is_some() {
                    client.start();
                }
                refresh_stubs();
            }
            r
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = saved_revision;
    let toggle = {
        #[cfg(feature = "hydrate")]
        let client = client.clone();
        move |ev: leptos::ev::Event| {
            #[cfg(feature = "hydrate")]
            {
                use wasm_bindgen::JsCast;
                if let Some(d) = ev
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::HtmlDetailsElement>().ok())
                {
                    set_open.set(d.open());
                    if d.open() {
                        refresh_stubs();
                        if thread.get_untracked().is_none() {
                            client.start();
                        }
                    }
                }
            }
            #[cfg(not(feature = "hydrate"))]
            let _ = (ev, set_open, refresh_stubs);
        }
    };
    let preview_click = {
        #[cfg(feature = "hydrate")]
        let client = client.clone();
        move |ev: leptos::ev::MouseEvent| {
            #[cfg(feature = "hydrate")]
            client.clicked(ev);
            #[cfg(not(feature = "hydrate"))]
            let _ = ev;
        }
    };
    let preview_change = {
        #[cfg(feature = "hydrate")]
        let client = client.clone();
        move |ev: leptos::ev::Event| {
            #[cfg(feature = "hydrate")]
            client.changed(ev);
            #[cfg(not(feature = "hydrate"))]
            let _ = ev;
        }
    };
    let button = {
        #[cfg(feature = "hydrate")]
        let client = client.clone();
        move |what: &'static str| {
            #[cfg(feature = "hydrate")]
            let client = client.clone();
            move |_: leptos::ev::MouseEvent| {
                #[cfg(feature = "hydrate")]
                match what {
                    "reset" => client.reset(),
                    "clear" => client.clear_log(),
                    "replay" => client.replay(),
                    _ => client.refresh_log(),
                }
                #[cfg(not(feature = "hydrate"))]
                let _ = what;
            }
        }
    };
    let copy = move |which: usize| {
        move |_: leptos::ev::MouseEvent| {
            let text = stubs.with(|(py, ts)| if which == 0 { py.clone() } else { ts.clone() });
            #[cfg(feature = "hydrate")]
            leptos::task::spawn_local(async move {
                status.set(match crate::editor::bridge::copy_text(&text).await {
                    Ok(()) => "Copied.".into(),
                    Err(e) => e,
                });
            });
            #[cfg(not(feature = "hydrate"))]
            let _ = text;
        }
    };
    // The node that fired shows it is loading (`self`): a rule on its path, drawn by a style
    // element (the drawing's own attributes follow its HTML).
    let loading_style = move || {
        let mut css = match busy.get() {
            Some((Loading::Own, path)) => format!(
                "[data-testid=\"actions-preview\"] [data-wgt-path=\"{}\"] {{ opacity: .55; cursor: progress; outline: 2px dashed rgb(99 102 241); outline-offset: 2px; }}\n",
                css_string(&path)
            ),
            _ => String::new(),
        };
        // The fields that block a submit are outlined where they are drawn.
        for (name, _) in form_problems.get() {
            css.push_str(&format!(
                "[data-testid=\"actions-preview\"] [name=\"{}\"] {{ outline: 2px solid rgb(220 38 38); outline-offset: 1px; }}\n",
                css_string(&name)
            ));
        }
        css
    };
    let loading_kind = move || match busy.get() {
        Some((Loading::Own, _)) => "self",
        Some((Loading::Container, _)) => "container",
        Some((Loading::None, _)) => "none",
        None => "",
    };
    let container_busy = move || matches!(busy.get(), Some((Loading::Container, _)));
    let drawing = move || {
        if !open.get() {
            return None;
        }
        let w = shown.get();
        let theme = theme();
        (!w.is_null()).then(|| {
            view! { <WidgetView widget=w theme=theme paths=true scope="actions" heading_level=3 /> }
        })
    };
    let line_items = move || {
        lines.with(|ls| {
            ls.iter()
                .map(|l| {
                    let kind = l.kind();
                    let text = match l {
                        Line::Reply(_, t, done) => {
                            format!("Assistant: {t}{}", if *done { "" } else { " …" })
                        }
                        Line::Notice(level, m) => format!("Notice ({level}): {m}"),
                        Line::Progress(t) => format!("Progress: {t}"),
                        Line::Effect(t) => format!("Client effect: {t}"),
                        Line::Error(t) => format!("Error: {t}"),
                        Line::Client(t) => t.clone(),
                    };
                    view! { <li data-testid="actions-line" data-kind=kind class="rounded bg-slate-50 px-2 py-1 dark:bg-slate-900">{text}</li> }
                })
                .collect::<Vec<_>>()
        })
    };
    let log_items = move || {
        log.with(|entries| {
            entries
                .iter()
                .rev()
                .map(|e| {
                    let summary = log_summary(e);
                    let problems = e.problems.clone();
                    let request = serde_json::to_string_pretty(&e.request).unwrap_or_default();
                    let events: String = e
                        .events
                        .iter()
                        .map(|t| format!("{:>8.1} ms  {}\n", t.at_ms, t.event))
                        .collect();
                    let answer = e
                        .answer
                        .as_ref()
                        .map(|a| serde_json::to_string_pretty(a).unwrap_or_default());
                    view! {
                        <li data-testid="log-entry" data-seq=e.seq.to_string()>
                            <details>
                                <summary class="cursor-pointer font-mono text-xs">{summary}</summary>
                                <div class="mt-1 space-y-1">
                                    {(!problems.is_empty()).then(|| view! {
                                        <div role="alert"><ul class="text-red-700 dark:text-red-400" data-testid="log-problems">
                                            {problems.into_iter().map(|p| view! { <li>{p}</li> }).collect::<Vec<_>>()}
                                        </ul></div>
                                    })}
                                    // Each box scrolls, so it takes the focus (the arrow keys scroll it) and
                                    // is named by its heading.
                                    <p class="font-medium" id=format!("ws-log-{}-request", e.seq)>"Request"</p>
                                    <pre class="max-h-48 overflow-auto rounded bg-slate-50 p-2 font-mono text-xs dark:bg-slate-950" data-testid="log-request"
                                        tabindex="0" role="region" aria-labelledby=format!("ws-log-{}-request", e.seq)>{request}</pre>
                                    <p class="font-medium" id=format!("ws-log-{}-answer", e.seq)>{if answer.is_some() { "Answer" } else { "Events (time after the request)" }}</p>
                                    <pre class="max-h-64 overflow-auto rounded bg-slate-50 p-2 font-mono text-xs dark:bg-slate-950" data-testid="log-events"
                                        tabindex="0" role="region" aria-labelledby=format!("ws-log-{}-answer", e.seq)>{answer.unwrap_or(events)}</pre>
                                </div>
                            </details>
                        </li>
                    }
                })
                .collect::<Vec<_>>()
        })
    };
    let writes = !read_only;
    let viewer_note = (read_only && !local).then(|| {
        view! { <p class="rounded-md border border-slate-300 px-2 py-1 text-slate-700 dark:border-slate-700 dark:text-slate-300" data-testid="actions-viewer">{VIEWER_ACTIONS}</p> }
    });
    super::erased_on_server(view! {
        <details class="rounded-lg border border-slate-200 p-3 text-sm dark:border-slate-800" data-testid="actions-panel" on:toggle=toggle>
            <summary class="cursor-pointer font-medium"><h2 class="inline">"Actions: try the widget's actions against a simulated ChatKit server"</h2></summary>
            <div class="mt-3 space-y-4">
                <p data-testid="actions-nojs" class:hidden=move || scripted.get()>
                    "Trying actions in the preview needs JavaScript. Without it, the REST API answers them: "
                    <code>{match &design_id {
                        Some(id) => format!("POST /api/designs/{id}/actions"),
                        None => "POST /api/designs/ID/actions".to_string(),
                    }}</code>" for a saved design (docs/actions.md)."
                </p>
                {local.then(|| view! {
                    <p class="text-slate-600 dark:text-slate-300" data-testid="actions-local">
                        "Simulated in your browser with the source's handler rules (a design document's "<code>"handlers"</code>
                        "); nothing is kept. Save it as a design to keep a thread and a log on the server, or to forward actions to your own ChatKit server."
                    </p>
                })}
                {viewer_note}
                {move || dirty.get().then(|| view! {
                    <p role="status" class="rounded-md border border-amber-300 bg-amber-50 px-2 py-1 dark:border-amber-700 dark:bg-amber-950" data-testid="actions-unsaved">
                        "The simulator runs the saved design: save to try your latest changes (view and rules)."
                    </p>
                })}
                <div class="grid gap-4 lg:grid-cols-2">
                    <section aria-labelledby="ws-actions-try" class="space-y-2">
                        <div class="flex flex-wrap items-center gap-2">
                            <h3 id="ws-actions-try" class="font-semibold">"Preview (click, change, submit)"</h3>
                            <button type="button" data-testid="actions-reset" on:click=button("reset") disabled=move || !writes
                                class="rounded-md border border-slate-300 px-2 py-1 disabled:opacity-50 dark:border-slate-700">"Reset thread"</button>
                            <label class="flex items-center gap-1 text-xs">
                                <input type="checkbox" data-testid="actions-follow-up" prop:checked=move || follow_up.get()
                                    on:change=move |ev| follow_up.set(event_target_checked(&ev))/>
                                "Client actions then call sendCustomAction"
                            </label>
                            <label class="flex items-center gap-1 text-xs">
                                <input type="checkbox" data-testid="actions-dark" prop:checked=move || dark.get()
                                    on:change=move |ev| dark.set(event_target_checked(&ev))/>
                                "Dark theme"
                            </label>
                        </div>
                        <style prop:textContent=loading_style></style>
                        <div class="ws-frame-body rounded-lg border border-slate-200 p-3 transition-opacity dark:border-slate-800" data-theme=move || theme().as_str()
                            data-testid="actions-preview" role="group" aria-label="The widget, as the client shows it" data-loading=loading_kind aria-busy=move || busy.get().is_some().to_string()
                            class:opacity-50=container_busy inert=container_busy
                            on:click=preview_click on:change=preview_change>
                            {drawing}
                        </div>
                        {move || {
                            let p = form_problems.get();
                            (!p.is_empty()).then(|| view! {
                                <div role="alert"><ul class="space-y-1 text-red-700 dark:text-red-400" data-testid="actions-form-problems">
                                    {p.into_iter().map(|(name, m)| { let label = name.clone(); view! { <li data-name=name><code>{label}</code>{format!(": {m}")}</li> } }).collect::<Vec<_>>()}
                                </ul></div>
                            })
                        }}
                        <ul class="space-y-1" aria-live="polite" data-testid="actions-lines">{line_items}</ul>
                        <crate::components::status::LiveStatus text=status class="text-xs text-slate-600 dark:text-slate-300" testid="actions-status" />
                    </section>
                    <section aria-labelledby="ws-actions-rules" class="space-y-2">
                        <div class="flex flex-wrap items-center gap-2">
                            <h3 id="ws-actions-rules" class="font-semibold">"Handler rules"</h3>
                            <button type="button" data-testid="actions-example" on:click=insert_example class:hidden=!rules_editable || read_only
                                class="rounded-md border border-slate-300 px-2 py-1 dark:border-slate-700">"A rule per action"</button>
                            <crate::components::status::LiveStatus text=example_said class="text-xs text-slate-600 dark:text-slate-300" testid="actions-example-said" />
                        </div>
                        <p class="text-xs text-slate-600 dark:text-slate-300">
                            "JSON saved with the design: "<code>"{\"rules\": [{\"on\": \"type or glob\", \"when\": [...], \"steps\": [...]}]}"</code>
                            {format!(". Steps: {}. A list item by a field: ", widget::actions::rules::STEP_NAMES.join(", "))}
                            <code>"tasks[id=payload.task_id].done"</code>". A field worked out from the state: "
                            <code>"{\"step\": \"compute\", \"field\": \"total\", \"expr\": \"items.reduce((sum, it) => sum + it.price, 0)\"}"</code>". Add "
                            <code>"\"forward\": \"http://localhost:8000/chatkit\""</code>
                            {if local { " to send a saved design's actions to your own ChatKit server instead (the server forwards them, so not here; docs/actions.md)." } else { " to send actions to your own ChatKit server instead (docs/actions.md)." }}
                        </p>
                        <label for="ws-rules" class="sr-only">"Handler rules (JSON)"</label>
                        <textarea id="ws-rules" rows="14" spellcheck="false" data-testid="actions-rules" prop:value=move || rules.get() on:input=on_rules readonly=!rules_editable || read_only
                            class="block w-full rounded-md border border-slate-300 bg-white p-2 font-mono text-xs dark:border-slate-700 dark:bg-slate-900">{rules0}</textarea>
                        <div role="alert"><ul class="space-y-1 text-red-700 dark:text-red-400" data-testid="actions-rule-problems">
                            {move || rule_problems.get().into_iter().map(|p| view! { <li>{p}</li> }).collect::<Vec<_>>()}
                        </ul></div>
                    </section>
                </div>
                <section aria-labelledby="ws-actions-log" class="space-y-2">
                    <div class="flex flex-wrap items-center gap-2">
                        <h3 id="ws-actions-log" class="font-semibold">"Action log"</h3>
                        <button type="button" data-testid="actions-refresh" on:click=button("refresh")
                            class="rounded-md border border-slate-300 px-2 py-1 dark:border-slate-700">"Refresh"</button>
                        <button type="button" data-testid="actions-replay" on:click=button("replay") disabled=!writes
                            class="rounded-md border border-slate-300 px-2 py-1 disabled:opacity-50 dark:border-slate-700">{if local { "Replay against the source" } else { "Replay against the saved design" }}</button>
                        <button type="button" data-testid="actions-clear" on:click=button("clear") disabled=!writes
                            class="rounded-md border border-slate-300 px-2 py-1 disabled:opacity-50 dark:border-slate-700">"Clear"</button>
                    </div>
                    {move || replay.get().map(|r| view! { <p role="status" data-testid="actions-replay-result" class="font-medium">{r}</p> })}
                    <ol class="space-y-1" data-testid="actions-log">{log_items}</ol>
                </section>
                <details data-testid="actions-stubs">
                    <summary class="cursor-pointer font-semibold">"Handler code for your backend"</summary>
                    <div class="mt-2 grid grid-cols-1 gap-3 lg:grid-cols-2">
                        <div class="space-y-1">
                            <div class="flex items-center gap-2"><span class="font-medium">"Python (ChatKitServer.action)"</span>
                                <button type="button" on:click=copy(0) class="rounded-md border border-slate-300 px-2 py-0.5 text-xs dark:border-slate-700">"Copy"</button></div>
                            <pre class="max-h-96 overflow-auto rounded bg-slate-50 p-2 font-mono text-xs dark:bg-slate-950" tabindex="0" data-testid="actions-python">{move || stubs.with(|s| s.0.clone())}</pre>
                        </div>
                        <div class="space-y-1">
                            <div class="flex items-center gap-2"><span class="font-medium">"TypeScript (widgets.onAction)"</span>
                                <button type="button" on:click=copy(1) class="rounded-md border border-slate-300 px-2 py-0.5 text-xs dark:border-slate-700">"Copy"</button></div>
                            <pre class="max-h-96 overflow-auto rounded bg-slate-50 p-2 font-mono text-xs dark:bg-slate-950" tabindex="0" data-testid="actions-typescript">{move || stubs.with(|s| s.1.clone())}</pre>
                        </div>
                    </div>
                </details>
            </div>
        </details>
    })
}

#[cfg(feature = "hydrate")]
mod client {
    //! The panel's browser side: requests, the SSE stream, gestures and the events applied.

    use js_sys::{Function, Promise, Reflect};
    use leptos::prelude::*;
    use serde_json::{Value, json};
    use wasm_bindgen::JsCast;
    use wasm_bindgen::prelude::*;
    use wasm_bindgen_futures::JsFuture;
    use widget::actions::check::Checker;
    use widget::actions::fire::{Fired, Trigger, fire, form_fields};
    use widget::actions::form::{PatternMatcher, submit};
    use widget::actions::inventory::{Handler, Loading};
    use widget::actions::log::{LogEntry, ReplayReport, ThreadInfo};

    use super::{Line, VIEWER_ACTIONS, replay_summary, sync_error_line};

    #[wasm_bindgen(inline_js = r#"
function csrf() {
  const m = document.cookie.match(/(?:^|; )ws_csrf=([^;]*)/);
  return m ? decodeURIComponent(m[1]) : "";
}
export async function ws_request(method, url, body) {
  const headers = { "Accept": "application/json", "X-CSRF-Token": csrf() };
  if (body !== undefined && body !== null) headers["Content-Type"] = "application/json";
  const r = await fetch(url, { method, headers, body: body ?? undefined, credentials: "same-origin" });
  return [r.status, await r.text()];
}
export async function ws_stream(url, body, onEvent) {
  const r = await fetch(url, { method: "POST", credentials: "same-origin",
    headers: { "Content-Type": "application/json", "Accept": "text/event-stream", "X-CSRF-Token": csrf() }, body });
  const type = r.headers.get("content-type") || "";
  if (!r.ok || !type.startsWith("text/event-stream")) return [r.status, await r.text()];
  const reader = r.body.getReader();
  const dec = new TextDecoder();
  let buf = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    buf += dec.decode(value, { stream: true }).replace(/\r\n/g, "\n");
    let i;
    while ((i = buf.indexOf("\n\n")) >= 0) {
      const frame = buf.slice(0, i);
      buf = buf.slice(i + 2);
      const data = frame.split("\n").filter((l) => l.startsWith("data:")).map((l) => l.slice(5).replace(/^ /, "")).join("\n");
      if (data) onEvent(data);
    }
  }
  return [r.status, ""];
}
export function ws_full_match(pattern, value) {
  return new RegExp("^(?:" + pattern + ")$", "u").test(value);
}
"#)]
    extern "C" {
        fn ws_request(method: &str, url: &str, body: Option<String>) -> Promise;
        fn ws_stream(url: &str, body: String, on_event: &Function) -> Promise;
        #[wasm_bindgen(catch)]
        fn ws_full_match(pattern: &str, value: &str) -> Result<bool, JsValue>;
    }

    struct Browser;

    impl PatternMatcher for Browser {
        fn full_match(&self, pattern: &str, value: &str) -> Result<bool, String> {
            ws_full_match(pattern, value).map_err(|e| {
                Reflect::get(&e, &"message".into())
                    .ok()
                    .and_then(|m| m.as_string())
                    .unwrap_or_else(|| "not a regular expression".into())
            })
        }
    }

    /// (status, body text) of a JSON request.
    async fn request(
        method: &str,
        url: &str,
        body: Option<String>,
    ) -> Result<(u16, String), String> {
        let v = JsFuture::from(ws_request(method, url, body))
            .await
            .map_err(|e| format!("the request failed: {e:?}"))?;
        pair(v)
    }

    fn pair(v: JsValue) -> Result<(u16, String), String> {
        let a: js_sys::Array = v.dyn_into().map_err(|_| "no answer".to_string())?;
        let status = a.get(0).as_f64().unwrap_or(0.0) as u16;
        Ok((status, a.get(1).as_string().unwrap_or_default()))
    }

    /// The API error's message, or the body.
    fn error_text(status: u16, body: &str) -> String {
        serde_json::from_str::<Value>(body)
            .ok()
            .and_then(|v| v["error"]["message"].as_str().map(str::to_string))
            .unwrap_or_else(|| format!("the server answered {status}: {body}"))
    }

    #[derive(Clone)]
    pub struct Client {
        pub id: String,
        /// Simulated in the browser (on `/preview`): the design it runs.
        pub local: Option<Signal<Option<widget::Design>>>,
        pub thread: RwSignal<Option<ThreadInfo>>,
        pub shown: RwSignal<Value>,
        pub lines: RwSignal<Vec<Line>>,
        pub log: RwSignal<Vec<LogEntry>>,
        pub status: RwSignal<String>,
        pub form_problems: RwSignal<Vec<(String, String)>>,
        pub busy: RwSignal<Option<(Loading, String)>>,
        pub streaming: RwSignal<bool>,
        pub replay: RwSignal<Option<String>>,
        pub follow_up: RwSignal<bool>,
        /// Counts the threads the panel has shown: an answer still in flight when another
        /// thread comes (Reset thread) belongs to the old one, and is not drawn.
        pub thread_generation: StoredValue<u64>,
        /// Counts the actions sent, to tell them apart while several are in flight.
        pub sent: StoredValue<u64>,
        /// The action whose loading `busy` shows (its number in `sent`).
        pub busy_by: StoredValue<u64>,
        /// A Reset thread request is under way: another press waits for its answer
        /// (`reset_again`) and then resets again, so the server sees the resets in the order
        /// pressed and the panel takes the thread the server kept.
        pub resetting: StoredValue<bool>,
        pub reset_again: StoredValue<bool>,
        /// The reader may not write (a viewer): the server's simulator is not asked.
        pub read_only: bool,
    }

    impl Client {
        fn url(&self, tail: &str) -> String {
            format!("/api/designs/{}/actions{tail}", self.id)
        }

        fn took(&self, t: ThreadInfo) {
            self.shown.set(t.item["widget"].clone());
            self.thread.set(Some(t));
        }

        /// A new thread (Reset thread) takes the place of the one shown: answers still in
        /// flight for the old one are not drawn when they come, and nothing is busy. (A save
        /// keeps the thread: answers to it still come in.)
        fn new_thread(&self) {
            self.thread_generation.update_value(|g| *g += 1);
            self.busy.set(None);
            self.streaming.set(false);
        }

        /// Whether the thread an action went to (of `generation`) is still the one shown.
        fn current(&self, generation: u64) -> bool {
            self.thread_generation.get_value() == generation
        }

        /// Loads the thread and the log.
        pub fn start(&self) {
            if self.local.is_some() {
                self.start_local();
                return;
            }
            let this = self.clone();
            leptos::task::spawn_local(async move {
                match request("GET", &this.url("/thread"), None).await {
                    Ok((200, body)) => match serde_json::from_str::<ThreadInfo>(&body) {
                        Ok(t) => this.took(t),
                        Err(e) => this.status.set(format!("The thread does not read: {e}")),
                    },
                    Ok((status, body)) => this.status.set(error_text(status, &body)),
                    Err(e) => this.status.set(e),
                }
                this.load_log().await;
            });
        }

        /// A thread in the page (`/preview`), built from the design's default state; says
        /// whether the view built (if not, the status says why).
        fn start_local(&self) -> bool {
            if let Some(design) = self.local {
                let Some(d) = design.get_untracked() else {
                    self.status.set(
                        "The source is not a design that builds; fix it to try its actions.".into(),
                    );
                    return false;
                };
                let state = d.default_state.clone();
                match d.build(&state).widget {
                    Some(w) => {
                        let w = w.to_serde();
                        let created = js_sys::Date::new_0()
                            .to_iso_string()
                            .as_string()
                            .unwrap_or_default();
                        self.took(ThreadInfo {
                            thread_id: "thr_local".into(),
                            item_id: "msg_local".into(),
                            revision: 0,
                            version: self.thread.with_untracked(|t| t.as_ref().map_or(0, |t| t.version)),
                            state,
                            item: json!({"id": "msg_local", "thread_id": "thr_local", "created_at": created, "type": "widget", "widget": w}),
                        });
                        return true;
                    }
                    None => self
                        .status
                        .set("The view does not build for the default state.".into()),
                }
            }
            false
        }

        async fn load_log(&self) {
            if self.local.is_some() {
                return;
            }
            if let Ok((200, body)) = request("GET", &self.url("/log"), None).await
                && let Ok(v) = serde_json::from_str::<Value>(&body)
                && let Ok(items) = serde_json::from_value::<Vec<LogEntry>>(v["items"].clone())
            {
                self.log.set(items);
            }
        }

        pub fn refresh_log(&self) {
            let this = self.clone();
            leptos::task::spawn_local(async move { this.load_log().await });
        }

        pub fn reset(&self) {
            if self.local.is_some() {
                // When the view does not build, `start_local` says so: no new thread then, and
                // an answer in flight still comes to the thread shown.
                if self.start_local() {
                    self.new_thread();
                    self.reset_fields();
                    self.lines.set(Vec::new());
                    self.form_problems.set(Vec::new());
                    self.status
                        .set("A new thread, from the default state.".into());
                } else {
                    // Also in the thread's lines: an answer still in flight takes the status.
                    let why = self.status.get_untracked();
                    self.lines
                        .update(|l| l.push(Line::Error(format!("Reset thread: {why}"))));
                }
                return;
            }
            if self.resetting.get_value() {
                self.reset_again.set_value(true);
                return;
            }
            self.resetting.set_value(true);
            let this = self.clone();
            leptos::task::spawn_local(async move {
                let answer = loop {
                    let answer = request("DELETE", &this.url("/thread"), None).await;
                    if !this.reset_again.get_value() {
                        break answer;
                    }
                    this.reset_again.set_value(false);
                };
                this.resetting.set_value(false);
                match answer {
                    Ok((200, body)) => {
                        if let Ok(t) = serde_json::from_str::<ThreadInfo>(&body) {
                            this.new_thread();
                            this.took(t);
                            this.reset_fields();
                            this.lines.set(Vec::new());
                            this.form_problems.set(Vec::new());
                            this.status
                                .set("A new thread, from the default state.".into());
                        }
                    }
                    Ok((status, body)) => this.status.set(error_text(status, &body)),
                    Err(e) => this.status.set(e),
                }
            });
        }

        pub fn clear_log(&self) {
            if self.local.is_some() {
                self.log.set(Vec::new());
                self.replay.set(None);
                self.status.set("The log is cleared.".into());
                return;
            }
            let this = self.clone();
            leptos::task::spawn_local(async move {
                match request("DELETE", &this.url("/log"), None).await {
                    Ok((204, _)) => {
                        this.log.set(Vec::new());
                        this.replay.set(None);
                        this.status.set("The log is cleared.".into());
                    }
                    Ok((status, body)) => this.status.set(error_text(status, &body)),
                    Err(e) => this.status.set(e),
                }
            });
        }

        pub fn replay(&self) {
            if let Some(design) = self.local {
                let result = match design.get_untracked() {
                    Some(d) => self.log.with_untracked(|l| super::replay_log(&d, l)),
                    None => Err("The source is not a design that builds.".into()),
                };
                self.replay.set(Some(match result {
                    Ok(r) => replay_summary(&r),
                    Err(e) => e,
                }));
                return;
            }
            let this = self.clone();
            leptos::task::spawn_local(async move {
                match request("POST", &this.url("/replay"), Some("{}".into())).await {
                    Ok((200, body)) => match serde_json::from_str::<ReplayReport>(&body) {
                        Ok(r) => this.replay.set(Some(replay_summary(&r))),
                        Err(e) => this
                            .replay
                            .set(Some(format!("The replay does not read: {e}"))),
                    },
                    Ok((status, body)) => this.replay.set(Some(error_text(status, &body))),
                    Err(e) => this.replay.set(Some(e)),
                }
            });
        }

        /// A click in the drawing: the card's confirm/cancel, or what is bound at or above it.
        pub fn clicked(&self, ev: leptos::ev::MouseEvent) {
            let Some(el) = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            else {
                return;
            };
            let trigger = match el
                .closest("[data-action]")
                .ok()
                .flatten()
                .and_then(|a| a.get_attribute("data-action"))
                .as_deref()
            {
                Some("confirm") => Trigger::Confirm,
                Some("cancel") => Trigger::Cancel,
                _ => Trigger::Click,
            };
            // Form fields take clicks as themselves (typing, ticking), not as actions.
            let tag = el.tag_name().to_ascii_lowercase();
            if matches!(
                tag.as_str(),
                "input" | "select" | "textarea" | "option" | "label"
            ) && trigger == Trigger::Click
            {
                return;
            }
            let Some(node) = el.closest("[data-wgt-path]").ok().flatten() else {
                return;
            };
            let path = node.get_attribute("data-wgt-path").unwrap_or_default();
            let fired = self.shown.with_untracked(|w| fire(w, &path, trigger));
            if let Some(f) = fired {
                ev.prevent_default();
                self.send(f, None);
            }
        }

        /// A field changed: a Select, DatePicker, Checkbox or RadioGroup with `onChangeAction`.
        pub fn changed(&self, ev: leptos::ev::Event) {
            let Some(el) = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            else {
                return;
            };
            let Some(node) = el.closest("[data-wgt-path]").ok().flatten() else {
                return;
            };
            let path = node.get_attribute("data-wgt-path").unwrap_or_default();
            let fired = self
                .shown
                .with_untracked(|w| fire(w, &path, Trigger::Change));
            if let Some(f) = fired {
                let own = field_value(&el);
                let name = el.get_attribute("name").filter(|n| !n.is_empty());
                self.send(f, name.zip(own));
            }
        }

        /// Collects the form, checks it, and sends the action (or hands it to the client).
        fn send(&self, f: Fired, own: Option<(String, Value)>) {
            let b = &f.bound;
            if self.read_only && self.local.is_none() {
                self.status
                    .set(format!("{}: not sent. {VIEWER_ACTIONS}", b.action_type));
                return;
            }
            let root = self.root();
            let mut fields = match (&f.form, &root) {
                (Some(fp), Some(root)) => {
                    let mut fields = self.shown.with_untracked(|w| form_fields(w, fp));
                    if let Some(form_el) = root
                        .query_selector(&format!("[data-wgt-path=\"{}\"]", super::css_string(fp)))
                        .ok()
                        .flatten()
                        .or_else(|| root.query_selector("[data-wgt-path]").ok().flatten())
                    {
                        for field in &mut fields {
                            field.value = read_field(&form_el, &field.name, &field.value);
                        }
                    }
                    fields
                }
                _ => Vec::new(),
            };
            // Outside a form, a changed field sends its own value under its name (our choice:
            // ChatKit documents values only for fields inside a form).
            if let Some((name, value)) = own
                && !fields.iter().any(|x| x.name == name)
            {
                fields.push(widget::actions::form::Field {
                    kind: widget::actions::form::FieldKind::Select,
                    name,
                    value,
                    required: false,
                    pattern: None,
                });
            }
            let checked = submit(&b.payload, &fields, &Browser);
            self.form_problems.set(
                checked
                    .problems
                    .iter()
                    .filter(|p| p.blocks())
                    .map(|p| (p.name().to_string(), p.message().to_string()))
                    .collect(),
            );
            if !checked.ok() {
                self.status.set(format!(
                    "Not sent: the form has {} problem(s); fix them and submit again.",
                    checked.problems.iter().filter(|p| p.blocks()).count()
                ));
                return;
            }
            for p in checked.problems.iter().filter(|p| !p.blocks()) {
                // A collision: the field is ignored and an `error` is logged, as the SDK says.
                self.lines
                    .update(|l| l.push(Line::Error(p.message().to_string())));
            }
            let action = json!({"type": b.action_type, "payload": checked.payload});
            if b.handler == Handler::Client {
                let item_id = self
                    .thread
                    .with_untracked(|t| t.as_ref().map(|t| t.item_id.clone()))
                    .unwrap_or_default();
                self.lines.update(|l| {
                    l.push(Line::Client(format!(
                        "widgets.onAction({action}, {{id: \"{item_id}\"}}) (handler: client){}",
                        if self.follow_up.get_untracked() {
                            ", then sendCustomAction"
                        } else {
                            ""
                        }
                    )))
                });
                if !self.follow_up.get_untracked() {
                    self.status.set(format!(
                        "`{}` went to the client handler; nothing was sent to the server.",
                        b.action_type
                    ));
                    return;
                }
            }
            if b.streaming && self.streaming.get_untracked() {
                self.status.set(format!(
                    "`{}` is blocked: a streamed action is in flight (ChatKit blocks streaming actions until it ends; `streaming: false` actions still go).",
                    b.action_type
                ));
                return;
            }
            let Some(t) = self.thread.get_untracked() else {
                self.status.set("The thread has not loaded yet.".into());
                return;
            };
            let kind = if b.streaming {
                "threads.custom_action"
            } else {
                "threads.sync_custom_action"
            };
            let body = json!({"type": kind, "metadata": {}, "params": {"thread_id": t.thread_id, "item_id": t.item_id, "action": action}});
            self.sent.update_value(|n| *n += 1);
            let number = self.sent.get_value();
            if b.loading != Loading::None || self.busy.get_untracked().is_none() {
                self.busy.set(Some((b.loading, b.path.clone())));
                self.busy_by.set_value(number);
            }
            self.status.set(format!("Sent {}…", b.action_type));
            let this = self.clone();
            let streaming = b.streaming;
            let action_type = b.action_type.clone();
            let generation = self.thread_generation.get_value();
            // The control that had the keyboard's focus in the preview, if one did.
            let had_focus = self
                .root()
                .zip(document().active_element())
                .filter(|(root, el)| root.contains(Some(el)))
                .map(|(_, el)| el);
            let inert_while_busy = b.loading == Loading::Container;
            leptos::task::spawn_local(async move {
                if streaming {
                    this.streaming.set(true);
                }
                let answer = if this.local.is_some() {
                    this.simulate(body, &t, streaming, generation).await
                } else if streaming {
                    this.stream(body.to_string(), &t, generation).await
                } else {
                    this.sync(body.to_string(), generation).await
                };
                if !this.current(generation) {
                    // Reset thread came first: the new thread shows, and the status says so.
                    this.load_log().await;
                    return;
                }
                if streaming {
                    this.streaming.set(false);
                }
                if this.busy_by.get_value() == number {
                    this.busy.set(None);
                }
                if let Some(el) = had_focus {
                    // Drawn first (the update is applied after this task yields).
                    sleep(0).await;
                    this.keep_focus(&el, inert_while_busy);
                }
                this.status.set(match answer {
                    Ok(error) => super::answered(&action_type, error.as_deref()),
                    Err(e) => format!("{action_type}: {e}"),
                });
                this.load_log().await;
            });
        }

        /// Runs the action in the browser (`/preview`): the design's rules, the events applied
        /// as they would arrive, and a log entry kept in the page. Gives the answer's first
        /// error event, if it has one.
        async fn simulate(
            &self,
            body: Value,
            t: &ThreadInfo,
            streaming: bool,
            generation: u64,
        ) -> Result<Option<String>, String> {
            use widget::actions::run::{Emit, WidgetItem, World, run, sync_answer};
            struct Page(u64);
            impl World for Page {
                fn chance(&mut self) -> f64 {
                    js_sys::Math::random()
                }
                fn new_id(&mut self) -> String {
                    self.0 += 1;
                    format!("msg_local{}_{}", js_sys::Date::now() as u64, self.0)
                }
                fn now(&mut self) -> String {
                    js_sys::Date::new_0()
                        .to_iso_string()
                        .as_string()
                        .unwrap_or_default()
                }
            }
            let Some(design) = self.local.and_then(|d| d.get_untracked()) else {
                return Err(
                    "The source is not a design that builds; fix it to try its actions.".into(),
                );
            };
            let started = js_sys::Date::now();
            let at = Page(0).now();
            let states: Vec<&str> = design.states.iter().map(|s| s.name.as_str()).collect();
            let handlers = match design.handlers.rules(&states) {
                Ok(h) => h,
                Err(p) => {
                    let why = p
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join("; ");
                    let why = format!("The handler rules have problems, so no rule ran: {why}");
                    self.lines.update(|l| l.push(Line::Error(why.clone())));
                    return Ok(Some(why));
                }
            };
            // `forward` is the server's to follow (for a saved design): here the rules run. Said
            // once, not at every action.
            if let widget::actions::rules::DesignHandlers::Rules(h) = &design.handlers
                && let Some(url) = &h.forward
            {
                let said = format!(
                    "Not forwarded to {url}: this page runs the rules in your browser. Save it as a design to forward its actions."
                );
                let new = self.lines.with_untracked(|l| {
                    !l.iter()
                        .any(|line| matches!(line, Line::Notice(_, m) if *m == said))
                });
                if new {
                    self.lines
                        .update(|l| l.push(Line::Notice("info".into(), said)));
                }
            }
            let item = WidgetItem {
                thread_id: t.thread_id.clone(),
                item_id: t.item_id.clone(),
                created_at: t.item["created_at"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
                state: t.state.clone(),
                // The thread's widget, as the server builds on: a stream in flight may not have
                // drawn its updates yet.
                widget: t.item["widget"].clone(),
            };
            let action = &body["params"]["action"];
            let outcome = run(
                &design,
                &handlers,
                &item,
                action["type"].as_str().unwrap_or_default(),
                &action["payload"],
                &mut Page(0),
            );
            let compute_ms = js_sys::Date::now() - started;
            // The thread's new state is written now, as the server writes it when the answer
            // starts: a `streaming: false` action sent while this one streams builds on it.
            let version = t.version + 1;
            if self.current(generation) {
                self.thread.update(|th| {
                    if let Some(th) = th {
                        th.state = outcome.state.clone();
                        th.version = version;
                        th.item["widget"] = outcome.widget.clone();
                    }
                });
            }
            let mut events = Vec::new();
            let mut answer = None;
            let mut error = None;
            if streaming {
                let mut checker = Checker::new(&t.item_id, &item.widget);
                let mut pacer = widget::actions::run::Pacer::default();
                for emit in &outcome.emits {
                    // After Reset thread the rest is logged, not paced or drawn.
                    let shown = self.current(generation);
                    match emit {
                        Emit::Wait(ms) if shown => sleep(*ms as i32).await,
                        Emit::Wait(_) => {}
                        Emit::Event(e) => {
                            let pause = pacer.pause_before(e);
                            if pause > 0 && shown {
                                sleep(pause as i32).await;
                            }
                            let _ = checker.check(e);
                            if self.current(generation) {
                                self.shown.set(checker.widget().clone());
                                let said = self.event(e);
                                error = error.or(said);
                            }
                            events.push(widget::actions::log::TimedEvent {
                                at_ms: js_sys::Date::now() - started,
                                event: e.clone(),
                            });
                        }
                    }
                }
                // Another action changed the thread meanwhile: this stream's updates were
                // computed before it, so it ends with the thread's widget, as the server's does.
                let moved_on = self.thread.with_untracked(|th| {
                    th.as_ref()
                        .filter(|th| th.version != version)
                        .map(|th| th.item["widget"].clone())
                });
                if let Some(w) = moved_on.filter(|_| self.current(generation)) {
                    self.shown.set(w);
                }
            } else {
                // The answer comes once the rule's delays have passed, as the server's does.
                let wait = outcome.waits_ms();
                if wait > 0 && self.current(generation) {
                    sleep(wait.min(i32::MAX as u64) as i32).await;
                }
                let a = sync_answer(&item, &outcome);
                if let Some(w) = a["updated_item"].get("widget")
                    && self.current(generation)
                {
                    self.shown.set(w.clone());
                }
                // A sync answer carries no events: an error the rule ended with is said here,
                // since ChatKit would show the user nothing.
                for emit in &outcome.emits {
                    if let Emit::Event(e) = emit
                        && e["type"] == "error"
                    {
                        let why = e["message"].as_str().unwrap_or("the rule failed");
                        error = error.or_else(|| Some(why.to_string()));
                        self.lines
                            .update(|l| l.push(Line::Error(sync_error_line(why))));
                    }
                }
                answer = Some(a);
            }
            let entry = LogEntry {
                seq: version,
                at,
                mode: widget::actions::log::Mode::Simulated,
                request: body.clone(),
                sender: t.item.clone(),
                state_before: t.state.clone(),
                rule: outcome.rule,
                events,
                answer,
                widget: outcome.widget.clone(),
                compute_ms,
                duration_ms: js_sys::Date::now() - started,
                problems: outcome.notes.clone(),
                error: outcome.error(),
            };
            // The page's log is the shown thread's: an old thread's answer would repeat a
            // step's number there.
            if self.current(generation) {
                self.log.update(|l| l.push(entry));
            }
            Ok(error)
        }

        /// A `streaming: false` action: the answer's widget, drawn if its thread still shows.
        async fn sync(&self, body: String, generation: u64) -> Result<Option<String>, String> {
            match request("POST", &self.url(""), Some(body.clone())).await {
                Ok((200, text)) => {
                    if let Ok(v) = serde_json::from_str::<Value>(&text)
                        && let Some(w) = v["updated_item"].get("widget")
                        && self.current(generation)
                    {
                        self.shown.set(w.clone());
                    }
                    // A sync answer cannot carry the error a rule ended with: the log's entry
                    // for this request (the latest) says it, and so does the panel.
                    self.load_log().await;
                    let sent = serde_json::from_str::<Value>(&body).unwrap_or_default();
                    let error = self.log.with_untracked(|l| {
                        l.iter()
                            .rev()
                            .find(|e| e.request == sent)
                            .and_then(|e| e.error.clone())
                    });
                    if let Some(why) = &error {
                        self.lines
                            .update(|l| l.push(Line::Error(sync_error_line(why))));
                    }
                    Ok(error)
                }
                Ok((status, text)) => Err(error_text(status, &text)),
                Err(e) => Err(e),
            }
        }

        /// A streamed action: each event applied as it comes while its thread still shows.
        /// Gives the answer's first error event, if it has one.
        async fn stream(
            &self,
            body: String,
            t: &ThreadInfo,
            generation: u64,
        ) -> Result<Option<String>, String> {
            let checker = std::rc::Rc::new(std::cell::RefCell::new(Checker::new(
                &t.item_id,
                &self.shown.get_untracked(),
            )));
            let this = self.clone();
            let error = std::rc::Rc::new(std::cell::RefCell::new(None::<String>));
            let first_error = error.clone();
            let on_event = Closure::<dyn FnMut(String)>::new(move |data: String| {
                let Ok(e) = serde_json::from_str::<Value>(&data) else {
                    return;
                };
                if !this.current(generation) {
                    return;
                }
                let before = checker.borrow().widget().clone();
                let _ = checker.borrow_mut().check(&e);
                let after = checker.borrow().widget().clone();
                if after != before {
                    this.shown.set(after);
                }
                if let Some(why) = this.event(&e) {
                    first_error.borrow_mut().get_or_insert(why);
                }
            });
            let result = JsFuture::from(ws_stream(
                &self.url(""),
                body,
                on_event.as_ref().unchecked_ref(),
            ))
            .await;
            drop(on_event);
            // The answer is over: what it was doing is no longer shown.
            if self.current(generation) {
                self.lines
                    .update(|l| l.retain(|x| !matches!(x, Line::Progress(_))));
            }
            match result.map_err(|e| format!("{e:?}")).and_then(pair) {
                Ok((200, _)) => Ok(error.take()),
                Ok((status, text)) => Err(error_text(status, &text)),
                Err(e) => Err(format!("The stream failed: {e}")),
            }
        }

        /// The thread's other events: replies, notices, progress, effects, errors. Gives an
        /// error event's message.
        fn event(&self, e: &Value) -> Option<String> {
            let s = |k: &str| e[k].as_str().unwrap_or_default().to_string();
            let mut error = None;
            match e["type"].as_str().unwrap_or_default() {
                "notice" => self
                    .lines
                    .update(|l| l.push(Line::Notice(s("level"), s("message")))),
                "progress_update" => self.lines.update(|l| {
                    l.retain(|x| !matches!(x, Line::Progress(_)));
                    l.push(Line::Progress(s("text")));
                }),
                "client_effect" => self
                    .lines
                    .update(|l| l.push(Line::Effect(format!("{} {}", s("name"), e["data"])))),
                "error" => {
                    let why = if e["message"].is_string() {
                        s("message")
                    } else {
                        s("code")
                    };
                    error = Some(why.clone());
                    self.lines.update(|l| l.push(Line::Error(why)));
                }
                "thread.item.added" if e["item"]["type"] == "assistant_message" => {
                    let id = e["item"]["id"].as_str().unwrap_or_default().to_string();
                    self.lines.update(|l| {
                        l.retain(|x| !matches!(x, Line::Progress(_)));
                        l.push(Line::Reply(id, String::new(), false));
                    });
                }
                "thread.item.done" if e["item"]["type"] == "assistant_message" => {
                    let id = e["item"]["id"].as_str().unwrap_or_default().to_string();
                    let text: String = e["item"]["content"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(|p| p["text"].as_str())
                        .collect();
                    self.lines.update(|l| {
                        match l
                            .iter_mut()
                            .find(|x| matches!(x, Line::Reply(i, ..) if *i == id))
                        {
                            Some(Line::Reply(_, t, done)) => {
                                *t = text;
                                *done = true;
                            }
                            _ => l.push(Line::Reply(id, text, true)),
                        }
                    });
                }
                "thread.item.updated"
                    if e["update"]["type"] == "assistant_message.content_part.text_delta" =>
                {
                    let id = s("item_id");
                    let delta = e["update"]["delta"]
                        .as_str()
                        .unwrap_or_default()
                        .to_string();
                    self.lines.update(|l| {
                        if let Some(Line::Reply(_, t, _)) = l
                            .iter_mut()
                            .find(|x| matches!(x, Line::Reply(i, ..) if *i == id))
                        {
                            t.push_str(&delta);
                        }
                    });
                }
                _ => {}
            }
            error
        }

        /// A new thread shows its widget as drawn: every field of the preview goes back to the
        /// value its markup gives (a select the user changed to no effect, a typed input), once
        /// the new thread's widget is drawn. A widget updated by an answer keeps what the user entered,
        /// as ChatKit's does.
        fn reset_fields(&self) {
            let this = self.clone();
            leptos::task::spawn_local(async move {
                // Once the new thread's widget is drawn.
                sleep(0).await;
                let Some(root) = this.root() else { return };
                let Ok(list) = root.query_selector_all("input, textarea, option") else {
                    return;
                };
                let back = |el: &JsValue, prop: &str, from: &str| {
                    let _ = Reflect::set(el, &prop.into(), &get(el, from));
                };
                for i in 0..list.length() {
                    let Some(node) = list.item(i) else { continue };
                    let el: JsValue = node.into();
                    match get(&el, "tagName").as_string().as_deref() {
                        Some("OPTION") => back(&el, "selected", "defaultSelected"),
                        Some("INPUT")
                            if matches!(
                                get(&el, "type").as_string().as_deref(),
                                Some("checkbox" | "radio")
                            ) =>
                        {
                            back(&el, "checked", "defaultChecked")
                        }
                        _ => back(&el, "value", "defaultValue"),
                    }
                }
            });
        }

        /// The keyboard's focus was on `had` in the preview, and is on nothing now: the answer
        /// took `had` away (the cart's last line removed) or redrew it, or the container was
        /// inert while busy. It goes back to `had` if it is still there (only after an inert
        /// container: otherwise the user moved it), else to the control drawn at the same path,
        /// else to the widget's first visible control, else to the preview itself.
        fn keep_focus(&self, had: &web_sys::Element, inert_while_busy: bool) {
            let lost = document()
                .active_element()
                .is_none_or(|a| a.tag_name().eq_ignore_ascii_case("body"));
            let Some(root) = self.root().filter(|_| lost) else {
                return;
            };
            let focus = |el: web_sys::Element| -> bool {
                let Some(h) = el.dyn_ref::<web_sys::HtmlElement>() else {
                    return false;
                };
                let _ = h.focus();
                document().active_element().is_some_and(|a| a == el)
            };
            if had.is_connected() {
                if inert_while_busy {
                    focus(had.clone());
                }
                return;
            }
            let same_path = had
                .closest("[data-wgt-path]")
                .ok()
                .flatten()
                .and_then(|p| p.get_attribute("data-wgt-path"))
                .and_then(|path| {
                    let list = root.query_selector_all("[data-wgt-path]").ok()?;
                    (0..list.length())
                        .filter_map(|i| list.item(i)?.dyn_into::<web_sys::Element>().ok())
                        .find(|e| e.get_attribute("data-wgt-path").as_deref() == Some(&path))
                });
            if let Some(el) = same_path.and_then(|p| {
                if p.matches(CONTROLS).unwrap_or(false) {
                    Some(p)
                } else {
                    p.query_selector(CONTROLS).ok().flatten()
                }
            }) && focus(el)
            {
                return;
            }
            if let Ok(list) = root.query_selector_all(CONTROLS) {
                for i in 0..list.length() {
                    if let Some(el) = list
                        .item(i)
                        .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
                        && focus(el)
                    {
                        return;
                    }
                }
            }
            let _ = root.set_attribute("tabindex", "-1");
            focus(root);
        }

        fn root(&self) -> Option<web_sys::Element> {
            document()
                .query_selector("[data-testid=\"actions-preview\"]")
                .ok()
                .flatten()
        }
    }

    /// What the keyboard can land on in a drawn widget (hidden ones refuse the focus, which
    /// `keep_focus` checks).
    const CONTROLS: &str = "button:not([disabled]), a[href], input:not([disabled]):not([type=\"hidden\"]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex=\"-1\"])";

    /// Waits `ms` milliseconds.
    async fn sleep(ms: i32) {
        let p = Promise::new(&mut |resolve, _| {
            if let Some(w) = web_sys::window() {
                let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
            }
        });
        let _ = JsFuture::from(p).await;
    }

    fn get(el: &JsValue, k: &str) -> JsValue {
        Reflect::get(el, &k.into()).unwrap_or(JsValue::UNDEFINED)
    }

    /// A field's value as ChatKit sends it: a checkbox's as a boolean, the others as text.
    fn field_value(el: &web_sys::Element) -> Option<Value> {
        let tag = el.tag_name().to_ascii_lowercase();
        if !matches!(tag.as_str(), "input" | "select" | "textarea") {
            return None;
        }
        if get(el, "type").as_string().as_deref() == Some("checkbox") {
            return Some(Value::Bool(get(el, "checked").as_bool().unwrap_or(false)));
        }
        Some(Value::String(
            get(el, "value").as_string().unwrap_or_default(),
        ))
    }

    /// The value of the named field inside `form`, as the user left it.
    fn read_field(form: &web_sys::Element, name: &str, fallback: &Value) -> Value {
        // Compared by property, not through a selector built from the name.
        let Ok(list) = form.query_selector_all("[name]") else {
            return fallback.clone();
        };
        let mut radio = None;
        let mut any_radio = false;
        for i in 0..list.length() {
            let Some(node) = list.item(i) else { continue };
            let Ok(el) = node.dyn_into::<web_sys::Element>() else {
                continue;
            };
            if el.get_attribute("name").as_deref() != Some(name) {
                continue;
            }
            if get(&el, "type").as_string().as_deref() == Some("radio") {
                any_radio = true;
                if get(&el, "checked").as_bool() == Some(true) {
                    radio = get(&el, "value").as_string();
                }
                continue;
            }
            if let Some(v) = field_value(&el) {
                return v;
            }
        }
        if any_radio {
            return radio.map_or(Value::Null, Value::String);
        }
        fallback.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_status_says_when_an_answer_ended_in_an_error() {
        assert_eq!(answered("cart.checkout", None), "cart.checkout answered.");
        assert_eq!(
            answered("cart.checkout", Some("Payment declined")),
            "cart.checkout answered with an error: Payment declined"
        );
        assert_eq!(answered("x", Some("")), "x answered with an error.");
    }

    #[test]
    fn css_strings_cannot_end_the_string_or_the_rule() {
        assert_eq!(css_string("todo.title"), "todo\\.title");
        let evil = "a\"\n]{}body{background:url(https://evil/x)}x[\\";
        let e = css_string(evil);
        assert!(
            !e.contains('\n') && !e.contains("\"]") && !e.contains("\\\\\""),
            "{e}"
        );
        assert!(
            e.chars().all(|c| c.is_ascii_alphanumeric()
                || "\\-_ ".contains(c)
                || !c.is_ascii()
                || e.contains(&format!("\\{c}"))),
            "{e}"
        );
        assert_eq!(css_string("caf\u{e9}_1"), "caf\u{e9}_1");
        assert_eq!(css_string("a\u{7}b"), "a\\7 b");
    }

    #[test]
    fn rules_read_with_problems_at_their_paths() {
        let (h, p) = read_rules("", &[]).unwrap();
        assert!(h.is_empty() && p.is_empty());
        let (_, p) = read_rules(
            r#"{"rules": [{"on": "go", "steps": [{"step": "switch", "state": "nope"}]}]}"#,
            &["done"],
        )
        .unwrap();
        assert_eq!(p.len(), 1);
        assert!(p[0].starts_with("rules[0].steps[0].state: "), "{p:?}");
        let e = read_rules("{\"rules\": [", &[]).unwrap_err();
        assert!(e.starts_with("1:"), "{e}");
        // Not rules: kept (stored as given) and reported.
        let (h, p) = read_rules(r#"{"rules": [{"action": "x"}]}"#, &[]).unwrap();
        assert!(matches!(h, DesignHandlers::Unread(_)));
        assert!(
            p[0].starts_with("rules[0]: unknown field `action`"),
            "{p:?}"
        );
    }

    #[test]
    fn example_rules_answer_each_server_action_once() {
        let w = json!({"type": "Card", "children": [
            {"type": "Button", "label": "A", "onClickAction": {"type": "a"}},
            {"type": "Button", "label": "A again", "onClickAction": {"type": "a"}},
            {"type": "Button", "label": "C", "onClickAction": {"type": "c", "handler": "client"}}
        ]});
        let (text, added) = example_rules(&widget::actions::inventory::actions(&w), "").unwrap();
        assert_eq!(added, ["a"]);
        let (h, p) = read_rules(&text, &[]).unwrap();
        assert!(p.is_empty(), "{p:?}");
        match h {
            DesignHandlers::Rules(r) => {
                assert_eq!(r.rules.len(), 1);
                assert_eq!(r.rules[0].on, "a");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_rule_per_action_keeps_the_rules_there_and_adds_only_what_no_rule_answers() {
        let w = json!({"type": "Card", "children": [
            {"type": "Button", "label": "A", "onClickAction": {"type": "todo.add"}},
            {"type": "Button", "label": "B", "onClickAction": {"type": "todo.done"}},
            {"type": "Button", "label": "S", "onClickAction": {"type": "sync.it", "streaming": false}},
            {"type": "Button", "label": "N", "onClickAction": {"type": "new"}}
        ]});
        let bound = widget::actions::inventory::actions(&w);
        // Hand-written: a glob answers both todo actions; a forward and the rule's own text stay.
        let mine = r#"{"forward": null, "rules": [{"on": "todo.*", "steps": [{"step": "toggle", "field": "done"}]}]}"#;
        let (text, added) = example_rules(&bound, mine).unwrap();
        assert_eq!(added, ["sync.it", "new"]);
        let v: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["rules"][0]["on"], "todo.*");
        assert_eq!(v["rules"][0]["steps"][0]["step"], "toggle");
        assert_eq!(v["rules"][1]["on"], "sync.it");
        // A sync answer cannot carry a notice: its starter changes the state instead.
        assert_eq!(v["rules"][1]["steps"][0]["step"], "set");
        assert_eq!(v["rules"][2]["steps"][0]["step"], "notice");
        assert!(read_rules(&text, &[]).unwrap().1.is_empty());
        // Pressed again: nothing to add, the text as it was.
        let (again, none) = example_rules(&bound, &text).unwrap();
        assert!(none.is_empty());
        assert_eq!(again, text);
        // A box that does not read is not replaced.
        let e = example_rules(&bound, r#"{"rules": [{"on": "a",}"#).unwrap_err();
        assert!(e.starts_with("the rules do not read (1:"), "{e}");
        assert!(example_rules(&bound, "[1]").is_err());
        assert!(example_rules(&bound, r#"{"rules": 3}"#).is_err());
    }

    #[test]
    fn rules_and_stubs_cover_the_actions_of_every_state() {
        // The default state shows Approve and Reject; the approved state shows only Undo.
        let default = json!({"type": "Card", "children": [
            {"type": "Button", "label": "Approve", "onClickAction": {"type": "approval.approve", "payload": {"id": 1}}},
            {"type": "Button", "label": "Reject", "onClickAction": {"type": "approval.reject"}}
        ]});
        let approved = json!({"type": "Card", "children": [
            {"type": "Button", "label": "Undo", "onClickAction": {"type": "approval.undo", "payload": {"id": 1}}},
            {"type": "Button", "label": "Approve", "onClickAction": {"type": "approval.approve", "payload": {"id": 1, "note": "x"}}}
        ]});
        let bound = bound_in(&[default, approved]);
        let (h, _) = read_rules(&example_rules(&bound, "").unwrap().0, &[]).unwrap();
        let DesignHandlers::Rules(r) = h else {
            panic!()
        };
        let on: Vec<&str> = r.rules.iter().map(|r| r.on.as_str()).collect();
        assert_eq!(on, ["approval.approve", "approval.reject", "approval.undo"]);
        let py = widget::actions::stubs::python("Approval", &bound).unwrap();
        assert!(py.contains("approval.undo"), "{py}");
    }

    #[test]
    fn replay_summary_names_the_step_and_the_change() {
        let same = ReplayReport {
            steps: vec![],
            first_difference: None,
        };
        assert!(replay_summary(&same).starts_with("All 0"));
        let r = ReplayReport {
            steps: vec![widget::actions::log::ReplayStep {
                seq: 4,
                action_type: "select".into(),
                changes: vec![
                    json!({"path": "children[0].weight", "op": "changed", "before": "semibold", "after": "bold"}),
                ],
            }],
            first_difference: Some(4),
        };
        let s = replay_summary(&r);
        assert!(
            s.contains("#4 (select)") && s.contains("children[0].weight") && s.contains("\"bold\""),
            "{s}"
        );
    }
}
