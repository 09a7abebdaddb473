//! Handler rules: what the studio's simulated server does with an action.
//!
//! A design's `handlers` hold `{"rules": [...]}`. The first rule whose `on` matches the
//! action's type (exactly, or as a glob with `*` and `?`) and whose conditions (`when`) all
//! hold on the payload and the widget's state runs its steps, in order. Reading the rules
//! ([`Handlers::read`]) locates every problem by its path (`rules[0].steps[1].probability`), so
//! the editor can underline it; nothing here runs a step that needs time, chance or I/O
//! (delays and failures are the simulator's), only the pure parts: matching, conditions,
//! `set` and the reply templates.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::path::{Path, Place, at, put, remove, same};

/// The longest `delay` a rule may ask for, in milliseconds.
pub const MAX_DELAY_MS: u64 = 30_000;

/// The most all of a rule's delays may add up to, in milliseconds.
pub const MAX_RULE_DELAY_MS: u64 = 60_000;

/// A design's handler rules.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Handlers {
    #[serde(default)]
    pub rules: Vec<Rule>,
    /// Forward actions to this ChatKit server (`http://localhost:8000/chatkit`) instead of
    /// running the rules; the studio's configuration decides which hosts it may reach.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub forward: Option<String>,
}

/// A design's `handlers` as stored: rules, or (for a document written before the rules were
/// typed, or by hand) the JSON as it was given, kept unchanged so that saving the design loses
/// nothing, and reported by [`DesignHandlers::problems`] until it is fixed.
#[derive(Clone, Debug, PartialEq)]
pub enum DesignHandlers {
    Rules(Handlers),
    Unread(Value),
}

impl Default for DesignHandlers {
    fn default() -> Self {
        DesignHandlers::Rules(Handlers::default())
    }
}

impl DesignHandlers {
    /// Reads any JSON: rules when it is rules (`null` and `{}` are none), else kept as given.
    pub fn from_value(v: Value) -> DesignHandlers {
        if v.is_null() || v.as_object().is_some_and(Map::is_empty) {
            return DesignHandlers::default();
        }
        match serde_json::from_value::<Handlers>(v.clone()) {
            Ok(h) => DesignHandlers::Rules(h),
            Err(_) => DesignHandlers::Unread(v),
        }
    }

    /// The JSON it stores as: `null` for no rules, as documents always had.
    pub fn to_value(&self) -> Value {
        match self {
            DesignHandlers::Rules(h) if h.rules.is_empty() && h.forward.is_none() => Value::Null,
            DesignHandlers::Rules(h) => serde_json::to_value(h).unwrap_or_default(),
            DesignHandlers::Unread(v) => v.clone(),
        }
    }

    /// The rules, or every problem at its path (why stored JSON is not rules, or what is
    /// wrong in them against the design's named `states`).
    pub fn rules(&self, states: &[&str]) -> Result<Handlers, Vec<RuleProblem>> {
        match self {
            DesignHandlers::Rules(h) => {
                let p = h.check(states);
                if p.is_empty() { Ok(h.clone()) } else { Err(p) }
            }
            DesignHandlers::Unread(v) => Handlers::read(v, states),
        }
    }

    /// True when there are no rules and no forward.
    pub fn is_empty(&self) -> bool {
        matches!(self, DesignHandlers::Rules(h) if h.rules.is_empty() && h.forward.is_none())
    }
}

impl Serialize for DesignHandlers {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.to_value().serialize(s)
    }
}

impl<'de> Deserialize<'de> for DesignHandlers {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Value::deserialize(d).map(DesignHandlers::from_value)
    }
}

/// One rule: which actions it answers, and what it does.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// The action type, or a glob over it (`todo.*`, `select_?`).
    pub on: String,
    /// Conditions that must all hold.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub when: Vec<Condition>,
    pub steps: Vec<Step>,
}

/// A test on a value of the payload (`payload.id`) or of the widget's state (`state.count`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    pub path: String,
    pub op: Op,
    /// What `eq`, `ne`, `gt` and `lt` compare with.
    #[serde(default, skip_serializing_if = "Value::is_null")]
    pub value: Value,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Op {
    Eq,
    Ne,
    Gt,
    Lt,
    Exists,
    Missing,
}

/// Where a `set` takes its value.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Source {
    /// A dotted path in the payload (`id`, `todo.title`).
    Payload(String),
    /// A dotted path in the current state.
    State(String),
    /// This value.
    Literal(Value),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoticeLevel {
    Info,
    Warning,
    Danger,
}

/// One step of a rule.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "snake_case", deny_unknown_fields)]
pub enum Step {
    /// Sets a state field (a path: `selectedId`, `tasks[id=payload.task_id].done`), then the
    /// widget is built again and the update sent.
    Set { field: String, from: Source },
    /// Flips a true/false state field (one not there, or null, becomes true).
    Toggle { field: String },
    /// Takes a field, or the list items a selector picks, out of the state.
    Remove { field: String },
    /// Adds a value at the end of a state list (a field not there becomes a list).
    Append { field: String, from: Source },
    /// Adds a number to a numeric state field (one not there, or null, counts as 0): `by` may
    /// be negative.
    Add {
        field: String,
        by: serde_json::Number,
    },
    /// Sets a state field to the value of an expression of the view language, with the
    /// state's fields as its variables, `payload` the action's and `state` the whole state:
    /// `items.reduce((sum, it) => sum + it.price * it.quantity, 0)`.
    Compute { field: String, expr: String },
    /// Switches to one of the design's named states.
    Switch { state: String },
    /// Sends the widget again as a replaced item (`thread.item.replaced`).
    Replace,
    /// `progress_update`.
    Progress {
        text: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        icon: Option<String>,
    },
    /// An assistant message, a template over the payload and the state (`{{payload.title}}`).
    Reply { text: String },
    /// Text streamed into the `Text` or `Markdown` with this `id`, a template too.
    Stream { component_id: String, text: String },
    /// `notice`.
    Notice {
        level: NoticeLevel,
        message: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        title: Option<String>,
    },
    /// `client_effect`.
    ClientEffect {
        name: String,
        #[serde(default)]
        data: Value,
    },
    /// Waits.
    Delay { ms: u64 },
    /// Fails (an `error` event) with this probability, 0 to 1.
    Fail {
        probability: f64,
        #[serde(default)]
        allow_retry: bool,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        message: Option<String>,
    },
}

/// Every step's name, as rules write it.
pub const STEP_NAMES: [&str; 15] = [
    "set",
    "toggle",
    "add",
    "compute",
    "append",
    "remove",
    "switch",
    "replace",
    "progress",
    "reply",
    "stream",
    "notice",
    "client_effect",
    "delay",
    "fail",
];

impl Step {
    /// True for the steps that change the state (the widget is built again after them).
    pub fn changes_state(&self) -> bool {
        matches!(
            self,
            Step::Set { .. }
                | Step::Toggle { .. }
                | Step::Remove { .. }
                | Step::Append { .. }
                | Step::Add { .. }
                | Step::Compute { .. }
                | Step::Switch { .. }
        )
    }

    /// The step's name, as rules write it.
    pub fn name(&self) -> &'static str {
        match self {
            Step::Set { .. } => "set",
            Step::Toggle { .. } => "toggle",
            Step::Remove { .. } => "remove",
            Step::Append { .. } => "append",
            Step::Add { .. } => "add",
            Step::Compute { .. } => "compute",
            Step::Switch { .. } => "switch",
            Step::Replace => "replace",
            Step::Progress { .. } => "progress",
            Step::Reply { .. } => "reply",
            Step::Stream { .. } => "stream",
            Step::Notice { .. } => "notice",
            Step::ClientEffect { .. } => "client_effect",
            Step::Delay { .. } => "delay",
            Step::Fail { .. } => "fail",
        }
    }
}

/// A problem in the rules, at its path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleProblem {
    pub path: String,
    pub message: String,
}

impl std::fmt::Display for RuleProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

impl Handlers {
    /// Reads a design's `handlers` (`null` or `{}` is no rules): every problem at its path.
    pub fn read(v: &Value, states: &[&str]) -> Result<Handlers, Vec<RuleProblem>> {
        if v.is_null() || v.as_object().is_some_and(Map::is_empty) {
            return Ok(Handlers::default());
        }
        let h: Handlers = serde_json::from_value(v.clone()).map_err(|e| {
            // Where it went wrong: the innermost rule, condition or step that does not read.
            if let Some((path, why)) = shape_error_at(v) {
                return vec![RuleProblem {
                    path,
                    message: why,
                }];
            }
            vec![RuleProblem {
                path: String::new(),
                message: format!(
                    "the handlers are not rules ({e}); expected {{\"rules\": [{{\"on\": \"action.type\", \"when\": [...], \"steps\": [...]}}]}}"
                ),
            }]
        })?;
        let problems = h.check(states);
        if problems.is_empty() {
            Ok(h)
        } else {
            Err(problems)
        }
    }

    /// What is wrong beyond the shape: empty patterns and paths, unknown states, a delay or
    /// a probability out of range.
    pub fn check(&self, states: &[&str]) -> Vec<RuleProblem> {
        let mut out = Vec::new();
        let mut bad = |path: String, message: String| out.push(RuleProblem { path, message });
        for (i, r) in self.rules.iter().enumerate() {
            if r.on.trim().is_empty() {
                bad(format!("rules[{i}].on"), "an empty action type matches nothing; write the type, or a glob such as `todo.*`".into());
            }
            let waits: u64 = r
                .steps
                .iter()
                .map(|s| match s {
                    Step::Delay { ms } => *ms,
                    _ => 0,
                })
                .sum();
            if waits > MAX_RULE_DELAY_MS {
                bad(
                    format!("rules[{i}].steps"),
                    format!(
                        "the delays add up to {waits} ms, more than the {MAX_RULE_DELAY_MS} ms a rule may wait in all"
                    ),
                );
            }
            if r.steps.is_empty() {
                bad(
                    format!("rules[{i}].steps"),
                    "a rule with no steps answers nothing; add a step".into(),
                );
            }
            for (j, c) in r.when.iter().enumerate() {
                match c.path.split_once('.').unwrap_or((&c.path, "")) {
                    ("payload" | "state", "") => {}
                    (root @ ("payload" | "state"), _) => {
                        if let Err(why) = Path::parse_after(&c.path, root.len() + 1) {
                            bad(format!("rules[{i}].when[{j}].path"), why);
                        }
                    }
                    _ => bad(
                        format!("rules[{i}].when[{j}].path"),
                        format!("`{}` must start with `payload` or `state`", c.path),
                    ),
                }
                if matches!(c.op, Op::Gt | Op::Lt) && !c.value.is_number() {
                    bad(
                        format!("rules[{i}].when[{j}].value"),
                        "gt and lt compare numbers; give a number".into(),
                    );
                }
            }
            for (j, s) in r.steps.iter().enumerate() {
                let at = format!("rules[{i}].steps[{j}]");
                if let Step::Set { field, .. }
                | Step::Append { field, .. }
                | Step::Add { field, .. }
                | Step::Compute { field, .. }
                | Step::Toggle { field }
                | Step::Remove { field } = s
                {
                    if let Err(why) = Path::parse(field) {
                        bad(format!("{at}.field"), why);
                    } else if let Some(rest) = field.strip_prefix("state.") {
                        bad(
                            format!("{at}.field"),
                            format!(
                                "a field is a path in the state already: write `{rest}`, not `{field}` (`state.` is for conditions, sources and templates)"
                            ),
                        );
                    } else if field == "payload"
                        || field.starts_with("payload.")
                        || field.starts_with("payload[")
                    {
                        let read = if matches!(s, Step::Compute { .. }) {
                            format!("read the payload in the expression (`{field}`)")
                        } else {
                            "read the payload with `\"from\": {\"payload\": \"…\"}`".to_string()
                        };
                        bad(
                            format!("{at}.field"),
                            format!(
                                "`{field}`: a step changes the state, not the action's payload; name a state field, and {read}"
                            ),
                        );
                    }
                }
                let templates: &[(&str, &String)] = match s {
                    Step::Progress { text, .. }
                    | Step::Reply { text }
                    | Step::Stream { text, .. } => &[("text", text)],
                    Step::Notice { message, .. } => &[("message", message)],
                    _ => &[],
                };
                for (name, t) in templates {
                    for why in template_problems(t) {
                        bad(format!("{at}.{name}"), why);
                    }
                }
                if let Step::Compute { expr, .. } = s
                    && let Err(e) = crate::template::check_expression(expr)
                {
                    bad(
                        format!("{at}.expr"),
                        format!(
                            "{}; write an expression as in a view, such as `items.reduce((sum, it) => sum + it.price, 0)`",
                            quoted(expr, &e)
                        ),
                    );
                }
                if let Step::Set { from, .. } | Step::Append { from, .. } = s
                    && let Source::Payload(p) | Source::State(p) = from
                    && let Err(why) = Path::parse(p)
                {
                    bad(format!("{at}.from"), why);
                }
                match s {
                    Step::Switch { state } if !states.contains(&state.as_str()) => {
                        bad(
                            format!("{at}.state"),
                            format!(
                                "there is no state named `{state}`; {}",
                                if states.is_empty() {
                                    "the design has no named states".to_string()
                                } else {
                                    format!("the design has {}", states.join(", "))
                                }
                            ),
                        );
                    }
                    Step::Delay { ms } if *ms > MAX_DELAY_MS => {
                        bad(
                            format!("{at}.ms"),
                            format!(
                                "{ms} ms is longer than the {MAX_DELAY_MS} ms a delay may take"
                            ),
                        );
                    }
                    Step::Fail { probability, .. } if !(0.0..=1.0).contains(probability) => {
                        bad(
                            format!("{at}.probability"),
                            format!(
                                "{probability} is not a probability; give a number from 0 to 1"
                            ),
                        );
                    }
                    Step::Progress {
                        icon: Some(icon), ..
                    } if !crate::spec::ICON_NAMES.contains(&icon.as_str()) => {
                        bad(
                            format!("{at}.icon"),
                            format!(
                                "`{icon}` is not an icon progress_update takes; use one of the Icon component's names, such as `search`, `sparkle` or `check-circle` (not vendor: or lucide: icons)"
                            ),
                        );
                    }
                    Step::ClientEffect { data, .. } if !data.is_null() && !data.is_object() => {
                        bad(
                            format!("{at}.data"),
                            "a client effect's data is an object (or left out)".into(),
                        );
                    }
                    Step::Stream { component_id, .. } if component_id.is_empty() => {
                        bad(
                            format!("{at}.component_id"),
                            "name the id of the Text or Markdown to stream into".into(),
                        );
                    }
                    _ => {}
                }
            }
        }
        out
    }

    /// The first rule that answers this action, and its index.
    pub fn find(
        &self,
        action_type: &str,
        payload: &Value,
        state: &Value,
    ) -> Option<(usize, &Rule)> {
        self.rules.iter().enumerate().find(|(_, r)| {
            glob_match(&r.on, action_type) && r.when.iter().all(|c| c.holds(payload, state))
        })
    }
}

impl Condition {
    pub fn holds(&self, payload: &Value, state: &Value) -> bool {
        let v = lookup(&self.path, payload, state);
        match self.op {
            Op::Exists => v.is_some_and(|v| !v.is_null()),
            Op::Missing => v.is_none_or(Value::is_null),
            Op::Eq => v.is_some_and(|v| same(v, &self.value)),
            Op::Ne => !v.is_some_and(|v| same(v, &self.value)),
            Op::Gt | Op::Lt => match (v.and_then(Value::as_f64), self.value.as_f64()) {
                (Some(a), Some(b)) => {
                    if self.op == Op::Gt {
                        a > b
                    } else {
                        a < b
                    }
                }
                _ => false,
            },
        }
    }
}

/// `payload.x.y` or `state.x.y` (selectors compare with the same payload and state).
fn lookup<'v>(path: &str, payload: &'v Value, state: &'v Value) -> Option<&'v Value> {
    let (root, rest) = path.split_once('.').unwrap_or((path, ""));
    let base = match root {
        "payload" => payload,
        "state" => state,
        _ => return None,
    };
    if rest.is_empty() {
        Some(base)
    } else {
        Path::parse(rest).ok()?.get(base, payload, state)
    }
}

/// A path in a value (`rows.0.title`, `rows[id=payload.id].title`; see [`Path`]), read with
/// this payload and state for its selectors: a selector's first item.
pub fn get_path<'v>(v: &'v Value, path: &str, payload: &Value, state: &Value) -> Option<&'v Value> {
    Path::parse(path).ok()?.get(v, payload, state)
}

/// What a `set` or `append` step writes: the value from its source (`null` when the path is
/// not there).
pub fn resolve(from: &Source, payload: &Value, state: &Value) -> Value {
    match from {
        Source::Payload(p) => get_path(payload, p, payload, state)
            .cloned()
            .unwrap_or(Value::Null),
        Source::State(p) => get_path(state, p, payload, state)
            .cloned()
            .unwrap_or(Value::Null),
        Source::Literal(v) => v.clone(),
    }
}

/// Applies a step that changes the state (`set`, `toggle`, `add`, `compute`, `remove`,
/// `append`; others do nothing here) to `state`, with `payload` for the sources and the
/// selectors. Returns what did not go as written, for the log: a source that is not there (the
/// field is set to null, as a handler reading a missing key would), a selector that picks
/// nothing or an expression that gives no value (nothing changes).
pub fn apply(step: &Step, state: &mut Value, payload: &Value) -> Vec<String> {
    apply_step(step, state, payload)
        .unwrap_or_else(|failed| vec![format!("{failed}, so it was left as it is")])
}

/// [`apply`], with a step that fails apart from its notes: a `compute` whose expression gives
/// no value, as a handler that raises (the state is left as it was; the message says why).
pub fn apply_step(step: &Step, state: &mut Value, payload: &Value) -> Result<Vec<String>, String> {
    let mut notes = Vec::new();
    let (field, from) = match step {
        Step::Set { field, from } | Step::Append { field, from } => (field, Some(from)),
        Step::Toggle { field }
        | Step::Remove { field }
        | Step::Add { field, .. }
        | Step::Compute { field, .. } => (field, None),
        _ => return Ok(notes),
    };
    let name = step.name();
    // A source that is not there: said once something was written with its null.
    let mut missing_source = None;
    let value = from.map(|from| {
        let missing = match from {
            Source::Payload(p) => get_path(payload, p, payload, state).is_none().then_some((
                "payload",
                p,
                "the action's payload",
            )),
            Source::State(p) => {
                get_path(state, p, payload, state)
                    .is_none()
                    .then_some(("state", p, "the state"))
            }
            Source::Literal(_) => None,
        };
        if let Some((whose, path, what)) = missing {
            missing_source = Some(format!(
                "`{name} {field}` reads {whose}.{path}, which {what} does not have, so {}",
                if name == "set" {
                    format!("{field} is null now")
                } else {
                    "null was added".to_string()
                }
            ));
        }
        resolve(from, payload, state)
    });
    // An expression is worked out on the state before the step, once for every place.
    let computed = match step {
        Step::Compute { expr, .. } => match compute(expr, state, payload) {
            Ok(v) => Some(v),
            Err(why) => {
                return Err(format!("`compute {field}`: {}", quoted(expr, &why)));
            }
        },
        _ => None,
    };
    let path = match Path::parse(field) {
        Ok(p) => p,
        Err(why) => {
            notes.push(why);
            return Ok(notes);
        }
    };
    let places = match path.places(state, payload, state) {
        Ok(p) => p,
        Err(why) => {
            notes.push(format!("`{name} {field}`: {why}, so nothing changed"));
            return Ok(notes);
        }
    };
    let mut written = 0;
    match step {
        Step::Set { .. } => {
            for place in &places {
                put(state, place, value.clone().unwrap_or_default());
                written += 1;
            }
        }
        Step::Compute { .. } => {
            for place in &places {
                put(state, place, computed.clone().unwrap_or_default());
            }
        }
        Step::Append { .. } => {
            for place in &places {
                match at(state, place) {
                    None | Some(Value::Null) => put(
                        state,
                        place,
                        Value::Array(vec![value.clone().unwrap_or_default()]),
                    ),
                    Some(Value::Array(_)) => {
                        if let Some(Value::Array(list)) = at_mut(state, place) {
                            list.push(value.clone().unwrap_or_default());
                        }
                    }
                    Some(other) => {
                        notes.push(format!(
                            "`append {field}`: it is {}, not a list, so nothing was added",
                            crate::design::kind_of(other)
                        ));
                        continue;
                    }
                }
                written += 1;
            }
        }
        Step::Toggle { .. } => {
            for place in &places {
                match at(state, place) {
                    None | Some(Value::Null) => put(state, place, Value::Bool(true)),
                    Some(Value::Bool(b)) => {
                        let flipped = !*b;
                        put(state, place, Value::Bool(flipped));
                    }
                    Some(other) => notes.push(format!(
                        "`toggle {field}`: it is {}, not true or false, so it was left as it is",
                        crate::design::kind_of(other)
                    )),
                }
            }
        }
        Step::Add { by, .. } => {
            for place in &places {
                let sum = match at(state, place) {
                    None | Some(Value::Null) => Some(Value::Number(by.clone())),
                    Some(Value::Number(n)) => {
                        let sum = add(n, by);
                        if sum.is_none() {
                            notes.push(format!(
                                "`add {field}`: {n} + {by} is past the largest number JSON holds, so it was left as it is"
                            ));
                        }
                        sum
                    }
                    Some(other) => {
                        notes.push(format!(
                            "`add {field}`: it is {}, not a number, so it was left as it is",
                            crate::design::kind_of(other)
                        ));
                        None
                    }
                };
                if let Some(sum) = sum {
                    put(state, place, sum);
                }
            }
        }
        Step::Remove { .. } => {
            // From the last place, so that the indexes of the others still hold.
            let mut removed = 0;
            for place in places.iter().rev() {
                removed += usize::from(remove(state, place));
            }
            if removed == 0 {
                notes.push(format!(
                    "`remove {field}`: the state has nothing there, so nothing was removed"
                ));
            }
        }
        _ => {}
    }
    if written > 0 {
        notes.splice(0..0, missing_source);
    }
    Ok(notes)
}

/// An expression and why it gave no value: `` `a +` at character 4: … `` or `` `f`: it gives … ``.
fn quoted(expr: &str, e: &crate::template::ExpressionError) -> String {
    match e.at {
        Some(_) => format!("`{expr}` {e}"),
        None => format!("`{expr}`: {e}"),
    }
}

/// A `compute` step's value: the expression with the state's fields as variables, `payload`
/// and `state` beside them. Bounded more tightly than a view, since a rule runs per action.
fn compute(
    expr: &str,
    state: &Value,
    payload: &Value,
) -> Result<Value, crate::template::ExpressionError> {
    let limits = crate::template::Limits {
        max_nodes: 1_000,
        max_steps: 200_000,
        max_string: 100_000,
    };
    crate::template::evaluate_expression(
        expr,
        state,
        &[("payload", payload), ("state", state)],
        limits,
    )
}

/// `a + b`: whole when both are whole and the sum fits 64 bits, else a float; `None` past
/// the largest float.
fn add(a: &serde_json::Number, b: &serde_json::Number) -> Option<Value> {
    if let (Some(x), Some(y)) = (a.as_i64(), b.as_i64())
        && let Some(z) = x.checked_add(y)
    {
        return Some(Value::from(z));
    }
    let z = a.as_f64().unwrap_or(0.0) + b.as_f64().unwrap_or(0.0);
    serde_json::Number::from_f64(z).map(Value::Number)
}

/// The value at a place, to change in place.
fn at_mut<'v>(root: &'v mut Value, place: &[Place]) -> Option<&'v mut Value> {
    place.iter().try_fold(root, |v, p| match (v, p) {
        (Value::Object(m), Place::Key(k)) => m.get_mut(k),
        (Value::Array(a), Place::Index(i)) => a.get_mut(*i),
        _ => None,
    })
}

/// A reply or stream template: `{{payload.title}}` and `{{state.count}}` are replaced by the
/// value (a string as is, anything else as JSON, a missing one by nothing); `{{{{` writes `{{`.
pub fn fill(template: &str, payload: &Value, state: &Value) -> String {
    fill_noted(template, payload, state, &mut Vec::new())
}

/// [`fill`], with a note for each placeholder that reads nothing (a path the payload or the
/// state does not have), so the log can say why the text has a gap.
pub fn fill_noted(
    template: &str,
    payload: &Value,
    state: &Value,
    notes: &mut Vec<String>,
) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(i) = rest.find("{{") {
        out.push_str(&rest[..i]);
        rest = &rest[i + 2..];
        if let Some(r) = rest.strip_prefix("{{") {
            out.push_str("{{");
            rest = r;
            continue;
        }
        let Some(j) = rest.find("}}") else {
            out.push_str("{{");
            break;
        };
        let inner = rest[..j].trim();
        match lookup(inner, payload, state) {
            Some(Value::String(s)) => out.push_str(s),
            Some(Value::Null) => {}
            None => notes.push(format!(
                "`{{{{{inner}}}}}` reads nothing: the {} has no such value, so the text has nothing there",
                if inner.starts_with("payload") { "action's payload" } else { "state" }
            )),
            Some(v) => out.push_str(&v.to_string()),
        }
        rest = &rest[j + 2..];
    }
    out.push_str(rest);
    out
}

/// What is wrong with a template's placeholders: each is `payload.…` or `state.…` and a path
/// that reads, and each `{{` is closed.
fn template_problems(template: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(i) = rest.find("{{") {
        rest = &rest[i + 2..];
        if let Some(r) = rest.strip_prefix("{{") {
            rest = r;
            continue;
        }
        let Some(j) = rest.find("}}") else {
            out.push(
                "a `{{` is not closed by `}}` (it is sent as written; write `{{{{` for a literal `{{`)".into(),
            );
            break;
        };
        let inner = rest[..j].trim();
        match inner.split_once('.').unwrap_or((inner, "")) {
            ("payload" | "state", "") => {}
            (root @ ("payload" | "state"), _) => {
                if let Err(why) = Path::parse_after(inner, root.len() + 1) {
                    out.push(format!("in `{{{{{inner}}}}}`: {why}"));
                }
            }
            _ => out.push(format!(
                "`{{{{{inner}}}}}` must start with `payload.` or `state.` (`{{{{payload.title}}}}`, `{{{{state.count}}}}`)"
            )),
        }
        rest = &rest[j + 2..];
    }
    out
}

/// A glob over action types: `*` any run of characters, `?` one character.
pub fn glob_match(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    // Iterative matching with one backtrack point (the last `*`): linear in practice.
    let (mut i, mut j) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while j < t.len() {
        if i < p.len() && (p[i] == '?' || p[i] == t[j]) {
            i += 1;
            j += 1;
        } else if i < p.len() && p[i] == '*' {
            star = Some((i, j));
            i += 1;
        } else if let Some((si, sj)) = star {
            i = si + 1;
            j = sj + 1;
            star = Some((si, sj + 1));
        } else {
            return false;
        }
    }
    p[i..].iter().all(|c| *c == '*')
}

/// The innermost part of handler rules that does not read, as (its path, what is wrong):
/// `rules[0].steps[1]` and serde's message (an unknown step, a field of the wrong type).
fn shape_error_at(v: &Value) -> Option<(String, String)> {
    let rules = v.get("rules")?.as_array()?;
    for (i, rule) in rules.iter().enumerate() {
        if serde_json::from_value::<Rule>(rule.clone()).is_ok() {
            continue;
        }
        for (list, what) in [("when", "a condition"), ("steps", "a step")] {
            for (j, item) in rule
                .get(list)
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .enumerate()
            {
                let e = if list == "when" {
                    serde_json::from_value::<Condition>(item.clone()).err()
                } else {
                    serde_json::from_value::<Step>(item.clone()).err()
                };
                if let Some(e) = e {
                    let known = list == "steps"
                        && item
                            .get("step")
                            .and_then(Value::as_str)
                            .is_some_and(|n| STEP_NAMES.contains(&n));
                    let hint = if known {
                        let n = item["step"].as_str().unwrap_or_default();
                        format!(
                            "a `{n}` step does not read like this (docs/actions.md lists each step's fields)"
                        )
                    } else if list == "steps" && e.to_string().contains("expected one of") {
                        // The error lists the steps already.
                        format!("this is not {what} the rules know (docs/actions.md)")
                    } else if list == "steps" {
                        format!(
                            "this is not {what} the rules know: the steps are {}",
                            STEP_NAMES.join(", ")
                        )
                    } else {
                        "a condition is {\"path\": \"payload.…\" or \"state.…\", \"op\": eq, ne, gt, lt, exists or missing, \"value\": …}".into()
                    };
                    return Some((format!("rules[{i}].{list}[{j}]"), format!("{e}; {hint}")));
                }
            }
        }
        let e = serde_json::from_value::<Rule>(rule.clone()).err()?;
        return Some((
            format!("rules[{i}]"),
            format!(
                "{e}; a rule is {{\"on\": \"action.type\", \"when\": [...], \"steps\": [...]}}"
            ),
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_rule_that_does_not_read_is_named_by_its_path() {
        let at = |v: Value| {
            let p = Handlers::read(&v, &["done"]).unwrap_err();
            (p[0].path.clone(), p[0].message.clone())
        };
        let (path, why) = at(json!({"rules": [
            {"on": "a", "steps": [{"step": "reply", "text": "ok"}]},
            {"on": "b", "steps": [{"step": "reply", "text": "ok"}, {"step": "teleport"}]}
        ]}));
        assert_eq!(path, "rules[1].steps[1]");
        assert!(
            why.contains("teleport") && why.contains("not a step"),
            "{why}"
        );
        // The step names once (serde's error lists them), not twice.
        assert_eq!(
            why.matches("`append`").count() + why.matches(" append,").count(),
            1,
            "{why}"
        );
        let (path, why) =
            at(json!({"rules": [{"on": "a", "steps": [{"step": "delay", "ms": "soon"}]}]}));
        assert_eq!(path, "rules[0].steps[0]");
        assert!(why.contains("soon"), "{why}");
        let (path, _) = at(json!({"rules": [{"on": "a", "when": [{"path": 3}], "steps": []}]}));
        assert_eq!(path, "rules[0].when[0]");
        let (path, why) = at(json!({"rules": [{"steps": []}]}));
        assert_eq!(path, "rules[0]");
        assert!(why.contains("missing field `on`"), "{why}");
        // Not even a list of rules: the whole, as before.
        let (path, why) = at(json!({"rules": 5}));
        assert_eq!(path, "");
        assert!(why.contains("are not rules"), "{why}");
    }

    #[test]
    fn design_handlers_keep_what_is_not_rules_and_report_it() {
        use crate::design::Design;
        // No rules: null and {} read as none, and store as null, as documents always had.
        for v in [json!(null), json!({})] {
            let h = DesignHandlers::from_value(v);
            assert!(h.is_empty());
            assert_eq!(h.to_value(), Value::Null);
        }
        // Rules read as rules and store unchanged.
        let v = json!({"rules": [{"on": "go", "steps": [{"step": "replace"}]}], "forward": "http://localhost:8000/chatkit"});
        let h = DesignHandlers::from_value(v.clone());
        assert!(
            matches!(&h, DesignHandlers::Rules(r) if r.rules.len() == 1 && r.forward.is_some())
        );
        assert_eq!(h.to_value(), v);
        // Anything else is kept byte for byte through a design's round trip, and reported.
        let legacy = json!({"rules": [{"action": "book", "reply": "ok"}], "note": [1, 2.5]});
        let doc = json!({"name": "d", "kind": "jsx", "source": "<Card/>", "handlers": legacy});
        let d: Design = serde_json::from_value(doc).unwrap();
        assert!(matches!(d.handlers, DesignHandlers::Unread(_)));
        assert_eq!(serde_json::to_value(&d).unwrap()["handlers"], legacy);
        let problems = d.handlers.rules(&[]).unwrap_err();
        assert_eq!(problems[0].path, "rules[0]", "{problems:?}");
        assert!(
            problems[0].message.contains("unknown field `action`"),
            "{problems:?}"
        );
        // Typed rules are still checked against the design's states.
        let h = DesignHandlers::from_value(
            json!({"rules": [{"on": "go", "steps": [{"step": "switch", "state": "nope"}]}]}),
        );
        let p = h.rules(&["done"]).unwrap_err();
        assert_eq!(p[0].path, "rules[0].steps[0].state");
    }

    fn rules() -> Handlers {
        Handlers::read(
            &json!({"rules": [
                {"on": "select_flight", "when": [{"path": "payload.id", "op": "exists"}],
                 "steps": [{"step": "set", "field": "selectedId", "from": {"payload": "id"}}]},
                {"on": "todo.*", "when": [{"path": "state.count", "op": "gt", "value": 2}],
                 "steps": [{"step": "notice", "level": "warning", "message": "Too many"}]},
                {"on": "todo.*", "steps": [{"step": "reply", "text": "Added {{payload.title}}"}]},
                {"on": "go", "steps": [{"step": "switch", "state": "done"}, {"step": "delay", "ms": 200},
                                       {"step": "fail", "probability": 0.5, "allow_retry": true}]}
            ]}),
            &["default", "done"],
        )
        .unwrap()
    }

    #[test]
    fn the_first_matching_rule_answers() {
        let h = rules();
        let p = json!({"id": "LH 400", "title": "Milk"});
        assert_eq!(
            h.find("select_flight", &p, &json!({})).map(|r| r.0),
            Some(0)
        );
        assert_eq!(
            h.find("select_flight", &json!({}), &json!({})).map(|r| r.0),
            None
        );
        assert_eq!(
            h.find("todo.add", &p, &json!({"count": 3})).map(|r| r.0),
            Some(1)
        );
        assert_eq!(
            h.find("todo.add", &p, &json!({"count": 1})).map(|r| r.0),
            Some(2)
        );
        assert_eq!(h.find("todo", &p, &json!({})).map(|r| r.0), None);
        assert_eq!(h.find("other", &p, &json!({})), None);
    }

    #[test]
    fn steps_that_would_send_events_the_sdk_refuses_are_problems() {
        let rules = json!({"rules": [{"on": "go", "steps": [
            {"step": "progress", "text": "x", "icon": "nope-icon"},
            {"step": "progress", "text": "x", "icon": "search"},
            {"step": "client_effect", "name": "confetti", "data": [1]},
            {"step": "client_effect", "name": "confetti"},
            {"step": "switch", "state": "gone"}
        ]}]});
        let problems = Handlers::read(&rules, &[]).unwrap_err();
        let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "rules[0].steps[0].icon",
                "rules[0].steps[2].data",
                "rules[0].steps[4].state"
            ]
        );
        assert!(
            problems[2]
                .message
                .ends_with("the design has no named states")
        );
    }

    #[test]
    fn templates_and_fields_that_would_go_wrong_are_problems() {
        let rules = json!({"rules": [{"on": "a", "steps": [
            {"step": "notice", "level": "info", "message": "{{state.tasks[id=payload.id.title}} and {{title}}"},
            {"step": "reply", "text": "ok {{payload.x}} {{{{literal}} {{state.a[0].b}}"},
            {"step": "set", "field": "state.list_name", "from": {"literal": "x"}},
            {"step": "toggle", "field": "payload.x"},
            {"step": "progress", "text": "{{payload.x"}
        ]}]});
        let problems = Handlers::read(&rules, &[]).unwrap_err();
        let got: Vec<(&str, &str)> = problems
            .iter()
            .map(|p| (p.path.as_str(), p.message.as_str()))
            .collect();
        assert_eq!(got.len(), 5, "{got:#?}");
        assert_eq!(got[0].0, "rules[0].steps[0].message");
        assert!(got[0].1.contains("not closed by `]`"), "{}", got[0].1);
        assert!(
            got[1].1.starts_with("`{{title}}` must start with"),
            "{}",
            got[1].1
        );
        assert_eq!(got[2].0, "rules[0].steps[2].field");
        assert!(got[2].1.contains("write `list_name`"), "{}", got[2].1);
        assert_eq!(got[3].0, "rules[0].steps[3].field");
        assert!(
            got[3].1.contains("not the action's payload"),
            "{}",
            got[3].1
        );
        assert_eq!(got[4].0, "rules[0].steps[4].text");
        // A known step with a field missing or of the wrong type says so, not "unknown step".
        let problems = Handlers::read(
            &json!({"rules": [{"on": "a", "steps": [{"step": "notice", "message": "hi"}]}]}),
            &[],
        )
        .unwrap_err();
        assert!(
            problems[0].message.contains("missing field `level`")
                && problems[0]
                    .message
                    .contains("a `notice` step does not read like this"),
            "{problems:?}"
        );
        // At run time, a placeholder that reads nothing is a note.
        let mut notes = Vec::new();
        let text = fill_noted(
            "Opened {{state.items[id=payload.id].title}}.",
            &json!({"id": 9}),
            &json!({"items": []}),
            &mut notes,
        );
        assert_eq!(text, "Opened .");
        assert_eq!(
            notes,
            [
                "`{{state.items[id=payload.id].title}}` reads nothing: the state has no such value, so the text has nothing there"
            ]
        );
    }

    #[test]
    fn any_template_fills_or_says_why_without_a_panic() {
        let alphabet: Vec<char> = "{}{}..[]=\"a éß字😀payloadstate ".chars().collect();
        let state = json!({"a": [1, {"b": "x"}], "é": "y"});
        let mut x: u64 = 7;
        for _ in 0..20_000 {
            let mut t = String::new();
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            for _ in 0..(x >> 60) as usize + 2 {
                x = x
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                t.push(alphabet[(x >> 33) as usize % alphabet.len()]);
            }
            let _ = template_problems(&t);
            let _ = fill_noted(&t, &json!({"a": 1}), &state, &mut Vec::new());
        }
    }

    #[test]
    fn a_write_that_goes_nowhere_says_so_once() {
        let mut state = json!({"tasks": [{"id": "a"}], "name": "x"});
        let before = state.clone();
        // The source and the selector's operand are both missing: one note, about the place.
        let set = Step::Set {
            field: "tasks[id=payload.id].title".into(),
            from: Source::Payload("title".into()),
        };
        let notes = apply(&set, &mut state, &json!({}));
        assert_eq!(
            notes,
            [
                "`set tasks[id=payload.id].title`: `payload.id` is not there, so `[id=payload.id]` picks no item of `tasks`, so nothing changed"
            ]
        );
        // Appending to text adds nothing, so the missing source is not said.
        let append = Step::Append {
            field: "name".into(),
            from: Source::Payload("nope".into()),
        };
        let notes = apply(&append, &mut state, &json!({}));
        assert_eq!(
            notes,
            ["`append name`: it is text, not a list, so nothing was added"]
        );
        assert_eq!(state, before);
    }

    #[test]
    fn compute_works_out_totals_from_the_state_and_the_payload() {
        let compute = |field: &str, expr: &str| Step::Compute {
            field: field.into(),
            expr: expr.into(),
        };
        let mut state = json!({
            "items": [{"id": "a", "price": 19.5, "qty": 2}, {"id": "b", "price": 32, "qty": 1}],
            "promo": null, "rate": 0.07, "payload": "shadowed"
        });
        let p = json!({"id": "b", "qty": "3"});
        let subtotal = compute(
            "subtotal",
            "items.reduce((sum, it) => sum + it.price * it.qty, 0)",
        );
        assert!(apply(&subtotal, &mut state, &p).is_empty());
        assert_eq!(state["subtotal"], json!(71));
        // `payload` is the action's, `state` the whole state; a selector writes one item.
        let qty = compute("items[id=payload.id].qty", "Number(payload.qty) || 1");
        let notes = apply(&qty, &mut state, &p);
        // Only the view language's names and methods: no JavaScript globals.
        assert!(
            notes[0].starts_with("`compute items[id=payload.id].qty`: `Number(payload.qty) || 1` at character 1: Number is not defined (the state has: "),
            "{notes:?}"
        );
        let qty = compute("items[id=payload.id].qty", "payload.qty * 1");
        assert!(apply(&qty, &mut state, &p).is_empty());
        assert_eq!(state["items"][1]["qty"], json!(3));
        assert!(apply(&subtotal, &mut state, &p).is_empty());
        let total = compute(
            "total",
            "Math.round((subtotal - (promo ? promo.amount : 0)) * (1 + state.rate) * 100) / 100",
        );
        let notes = apply(&total, &mut state, &p);
        assert!(notes[0].contains("Math is not defined"), "{notes:?}");
        let total = compute(
            "total",
            "(subtotal - (promo ? promo.amount : 0)) * (1 + rate)",
        );
        assert!(apply(&total, &mut state, &p).is_empty());
        assert_eq!(state["subtotal"], json!(135));
        assert_eq!(state["total"], json!(144.45000000000002));
        let label = compute("label", "`${items.length} items`");
        assert!(apply(&label, &mut state, &p).is_empty());
        assert_eq!(state["label"], json!("2 items"));
        let ids = compute("ids", "items.map((it) => it.id)");
        assert!(apply(&ids, &mut state, &p).is_empty());
        assert_eq!(state["ids"], json!(["a", "b"]));

        // What JSON cannot hold, or what does not evaluate, leaves the field and says why.
        let before = state.clone();
        for (expr, why) in [
            (
                "subtotal / 0",
                "it gives Infinity, which a JSON state cannot hold",
            ),
            ("0 / 0", "it gives NaN"),
            (
                "items.missing",
                "items is an array, which has no property missing",
            ),
            ("(x) => x", "it gives a function"),
            ("<Text value=\"a\" />", "it gives a component"),
            ("[].reduce((a, b) => a + b)", "needs a start value"),
            (
                "items.map((it) => items.map((j) => items.map((k) => k.price)).length).length + `${\"x\".slice(0, 1)}`",
                "",
            ),
        ] {
            let notes = apply(&compute("total", expr), &mut state, &p);
            if why.is_empty() {
                assert!(notes.is_empty(), "{expr}: {notes:?}");
                state = before.clone();
                continue;
            }
            assert_eq!(notes.len(), 1, "{expr}: {notes:?}");
            assert!(notes[0].contains(why), "{expr}: {notes:?}");
            assert!(notes[0].ends_with("so it was left as it is"), "{notes:?}");
            assert_eq!(state, before, "{expr}");
        }
        // Inside a list or an object too: NaN is not written as null.
        for (expr, why) in [
            ("items.map((it) => it.price / 0)", "it gives Infinity"),
            ("[1, { a: 0 / 0 }]", "it gives NaN"),
            ("{ f: (x) => x }", "it gives a function"),
            ("[<Text value=\"a\" />]", "it gives a component"),
        ] {
            let notes = apply(&compute("total", expr), &mut state, &p);
            assert_eq!(
                notes,
                [format!(
                    "`compute total`: `{expr}`: {why}, which a JSON state cannot hold, so it was left as it is"
                )]
            );
            assert_eq!(state, before, "{expr}");
        }
        // undefined inside is what JSON.stringify makes of it.
        assert!(
            apply(
                &compute("t", "[undefined, { a: undefined, b: 1 }]"),
                &mut state,
                &p
            )
            .is_empty()
        );
        assert_eq!(state["t"], json!([null, {"b": 1}]));
        state = before.clone();
        // A list that holds itself many times over costs what a copy of it holds: stopped.
        let notes = apply(
            &compute(
                "t",
                "[...\"abcdefghijklmnopqrstuvwxyz0123\"].reduce((a) => [a, a], 0)",
            ),
            &mut state,
            &p,
        );
        assert!(notes[0].contains("steps"), "{notes:?}");
        let notes = apply(
            &compute(
                "t",
                "[...\"abcdefghijklmnopqrstuvwxyz0123\"].reduce((a) => [...a, ...a], [0])",
            ),
            &mut state,
            &p,
        );
        assert!(notes[0].contains("steps"), "{notes:?}");
        assert_eq!(state, before);

        // Work is bounded: a runaway expression stops and changes nothing.
        state["many"] = json!(vec![1; 1000]);
        let before = state.clone();
        let notes = apply(
            &compute(
                "total",
                "many.map((a) => many.map((b) => many.length)).length",
            ),
            &mut state,
            &p,
        );
        assert!(notes[0].contains("steps"), "{notes:?}");
        assert_eq!(state, before);
    }

    #[test]
    fn a_compute_that_does_not_read_is_a_problem_at_its_expression() {
        let problems = Handlers::read(
            &json!({"rules": [{"on": "a", "steps": [
                {"step": "compute", "field": "total", "expr": "items.reduce((s, it) => s + it.price, 0"},
                {"step": "compute", "field": "state.total", "expr": "1"},
                {"step": "compute", "field": "t", "expr": "  "},
                {"step": "compute", "field": "t"}
            ]}]}),
            &[],
        )
        .unwrap_err();
        let at: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(at, ["rules[0].steps[3]"], "{problems:?}");
        let problems = Handlers::read(
            &json!({"rules": [{"on": "a", "steps": [
                {"step": "compute", "field": "total", "expr": "items.reduce((s, it) => s + it.price, 0"},
                {"step": "compute", "field": "state.total", "expr": "1"},
                {"step": "compute", "field": "t", "expr": "  "},
                {"step": "compute", "field": "payload.n", "expr": "1"},
                {"step": "compute", "field": "t", "expr": "(x) => x"},
                {"step": "compute", "field": "t", "expr": "<Text value=\"a\" />"},
                {"step": "compute", "field": "t", "expr": "1 2"}
            ]}]}),
            &[],
        )
        .unwrap_err();
        let at: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(
            at,
            [
                "rules[0].steps[0].expr",
                "rules[0].steps[1].field",
                "rules[0].steps[2].expr",
                "rules[0].steps[3].field",
                "rules[0].steps[4].expr",
                "rules[0].steps[5].expr",
                "rules[0].steps[6].expr"
            ],
            "{problems:?}"
        );
        let said: Vec<&str> = problems.iter().map(|p| p.message.as_str()).collect();
        assert!(
            said[3].contains(
                "name a state field, and read the payload in the expression (`payload.n`)"
            ),
            "{}",
            said[3]
        );
        assert!(
            said[4].starts_with(
                "`(x) => x`: it gives a function, which a JSON state cannot hold; write"
            ),
            "{}",
            said[4]
        );
        assert!(said[5].contains("it gives a component"), "{}", said[5]);
        assert!(
            said[6].starts_with(
                "`1 2` at character 3: unexpected '2' after the end of the expression; write"
            ),
            "{}",
            said[6]
        );
        assert!(
            problems[0].message.starts_with("`items.reduce((s, it) => s + it.price, 0` at character 40: expected ')' to close the arguments, found the end of the expression"),
            "{}",
            problems[0].message
        );
        assert!(
            problems[2]
                .message
                .starts_with("`  `: the expression is empty; write"),
            "{}",
            problems[2].message
        );
    }

    #[test]
    fn add_counts_up_and_down() {
        let add = |field: &str, by: Value| Step::Add {
            field: field.into(),
            by: serde_json::from_value(by).unwrap(),
        };
        let mut state =
            json!({"unread": 3, "price": 19.5, "name": "x", "votes": [{"id": "a", "n": 1}]});
        let p = json!({"id": "a"});
        assert!(apply(&add("unread", json!(-1)), &mut state, &p).is_empty());
        assert!(apply(&add("price", json!(0.5)), &mut state, &p).is_empty());
        assert!(apply(&add("fresh", json!(2)), &mut state, &p).is_empty());
        assert!(apply(&add("votes[id=payload.id].n", json!(1)), &mut state, &p).is_empty());
        assert_eq!(state["unread"], json!(2));
        assert_eq!(state["price"], json!(20.0));
        assert_eq!(state["fresh"], json!(2));
        assert_eq!(state["votes"][0]["n"], json!(2));
        // Past the largest number: left as it was, and said.
        state["big"] = json!(1.7e308);
        let notes = apply(&add("big", json!(1.7e308)), &mut state, &p);
        assert_eq!(state["big"], json!(1.7e308));
        assert!(notes[0].contains("past the largest number"), "{notes:?}");
        // Whole numbers past 64 bits go on as floats.
        state["n"] = json!(i64::MAX);
        assert!(apply(&add("n", json!(1)), &mut state, &p).is_empty());
        assert_eq!(state["n"], json!(9.223372036854776e18));
        let notes = apply(&add("name", json!(1)), &mut state, &p);
        assert_eq!(
            notes,
            ["`add name`: it is text, not a number, so it was left as it is"]
        );
        assert_eq!(state["name"], "x");
        // The JSON shape.
        let h = Handlers::read(
            &json!({"rules": [{"on": "a", "steps": [{"step": "add", "field": "n", "by": -1}]}]}),
            &[],
        )
        .unwrap();
        assert_eq!(h.rules[0].steps[0], add("n", json!(-1)));
    }

    #[test]
    fn globs() {
        assert!(glob_match("todo.*", "todo.add"));
        assert!(glob_match("todo.*", "todo."));
        assert!(!glob_match("todo.*", "todo"));
        assert!(glob_match("*", ""));
        assert!(glob_match("select_?", "select_a"));
        assert!(!glob_match("select_?", "select_ab"));
        assert!(glob_match("*.done*", "a.b.done"));
        assert!(glob_match("a*b*c", "aXbYbZc"));
        assert!(!glob_match("a*b*c", "aXbYbZ"));
        assert!(glob_match("ü*", "über"));
        assert!(!glob_match(&"a*".repeat(50), &"a".repeat(49)));
    }

    #[test]
    fn set_and_templates_read_the_payload_and_the_state() {
        let h = rules();
        let p = json!({"id": "LH 400", "title": "Milk", "n": 2, "todo": {"due": "2026-01-02"}});
        let Step::Set { field, from } = &h.rules[0].steps[0] else {
            panic!()
        };
        let mut state = json!({"flights": []});
        assert!(apply(&h.rules[0].steps[0], &mut state, &p).is_empty());
        let _ = (field, from);
        assert_eq!(state, json!({"flights": [], "selectedId": "LH 400"}));
        let set = |field: &str, v: Value| Step::Set {
            field: field.into(),
            from: Source::Literal(v),
        };
        apply(&set("a.b", json!(1)), &mut state, &p);
        apply(&set("selectedId.x", json!(true)), &mut state, &p);
        assert_eq!(
            state,
            json!({"flights": [], "selectedId": {"x": true}, "a": {"b": 1}})
        );
        assert_eq!(
            resolve(&Source::Payload("todo.due".into()), &p, &state),
            json!("2026-01-02")
        );
        assert_eq!(resolve(&Source::State("a.b".into()), &p, &state), json!(1));
        assert_eq!(
            resolve(&Source::Payload("nope".into()), &p, &state),
            Value::Null
        );
        assert_eq!(
            fill(
                "Added {{payload.title}} ({{ payload.n }}), {{state.a}}{{payload.none}} {{{{x}}",
                &p,
                &state
            ),
            "Added Milk (2), {\"b\":1} {{x}}"
        );
        // An unclosed placeholder stays as written.
        assert_eq!(
            fill("open {{payload.title", &p, &state),
            "open {{payload.title"
        );
    }

    #[test]
    fn conditions() {
        let c = |op, value| Condition {
            path: "payload.n".into(),
            op,
            value,
        };
        let p = json!({"n": 2});
        assert!(c(Op::Eq, json!(2.0)).holds(&p, &Value::Null));
        assert!(c(Op::Ne, json!(3)).holds(&p, &Value::Null));
        assert!(c(Op::Gt, json!(1)).holds(&p, &Value::Null));
        assert!(!c(Op::Lt, json!(1)).holds(&p, &Value::Null));
        assert!(c(Op::Missing, Value::Null).holds(&json!({"n": null}), &Value::Null));
        assert!(c(Op::Ne, json!(2)).holds(&json!({}), &Value::Null));
    }

    #[test]
    fn problems_are_located() {
        let e = Handlers::read(
            &json!({"rules": [
                {"on": "", "steps": []},
                {"on": "x", "when": [{"path": "id", "op": "gt", "value": "a"}],
                 "steps": [{"step": "switch", "state": "nope"}, {"step": "delay", "ms": 99999},
                           {"step": "fail", "probability": 2}, {"step": "set", "field": "a..b", "from": {"literal": 1}}]}
            ]}),
            &["default"],
        )
        .unwrap_err();
        let paths: Vec<_> = e.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "rules[0].on",
                "rules[0].steps",
                "rules[1].steps",
                "rules[1].when[0].path",
                "rules[1].when[0].value",
                "rules[1].steps[0].state",
                "rules[1].steps[1].ms",
                "rules[1].steps[2].probability",
                "rules[1].steps[3].field"
            ]
        );
        assert!(
            e[5].to_string()
                .contains("there is no state named `nope`; the design has default")
        );
        // A step that does not read: one error, at the step.
        let e = Handlers::read(
            &json!({"rules": [{"on": "x", "steps": [{"step": "explode"}]}]}),
            &[],
        )
        .unwrap_err();
        assert!(
            e[0].message.contains("unknown variant `explode`"),
            "{}",
            e[0]
        );
        assert_eq!(e[0].path, "rules[0].steps[0]");
        // No rules.
        assert_eq!(
            Handlers::read(&Value::Null, &[]).unwrap(),
            Handlers::default()
        );
        assert_eq!(
            Handlers::read(&json!({}), &[]).unwrap(),
            Handlers::default()
        );
    }

    #[test]
    fn rules_round_trip_in_their_json_shape() {
        let h = rules();
        let v = serde_json::to_value(&h).unwrap();
        assert_eq!(
            v["rules"][0]["steps"][0],
            json!({"step": "set", "field": "selectedId", "from": {"payload": "id"}})
        );
        assert_eq!(
            v["rules"][3]["steps"][2],
            json!({"step": "fail", "probability": 0.5, "allow_retry": true})
        );
        assert_eq!(Handlers::read(&v, &["default", "done"]).unwrap(), h);
    }
}
