//! Running handler rules end to end: the events for every kind of step, checked by the SDK's
//! own types (`../shared/reference/chatkit-ref events`).

mod common;

use serde_json::{Value, json};
use widget::actions::rules::Handlers;
use widget::actions::run::{
    Emit, Recorded, WidgetItem, World, first_difference, replay, run, sync_answer,
};
use widget::design::Design;

struct Fixed {
    chance: f64,
    ids: usize,
}

impl World for Fixed {
    fn chance(&mut self) -> f64 {
        self.chance
    }
    fn new_id(&mut self) -> String {
        self.ids += 1;
        format!("msg_reply{}", self.ids)
    }
    fn now(&mut self) -> String {
        "2026-12-01T12:00:00Z".into()
    }
}

const VIEW: &str = r#"<ListView>
  <ListViewItem>
    <Text id="status" value={status} streaming />
  </ListViewItem>
  {flights.map((f) => (
    <ListViewItem key={f.id} onClickAction={{ type: "select_flight", payload: { id: f.id } }}>
      <Text value={f.id} weight={f.id === selectedId ? "semibold" : "normal"} />
    </ListViewItem>
  ))}
</ListView>
"#;

fn design() -> Design {
    let mut d = Design::jsx(
        "flights",
        VIEW,
        json!({"status": "Pick one", "selectedId": null, "flights": [{"id": "LH 400"}, {"id": "BA 117"}]}),
    );
    d.states.push(widget::design::NamedState {
        name: "booked".into(),
        data: json!({"status": "Booked", "selectedId": "LH 400", "flights": []}),
    });
    d
}

fn handlers() -> Handlers {
    Handlers::read(
        &json!({"rules": [
            {"on": "select_flight", "steps": [
                {"step": "set", "field": "selectedId", "from": {"payload": "id"}},
                {"step": "progress", "text": "Holding {{payload.id}}", "icon": "search"},
                {"step": "delay", "ms": 150},
                {"step": "stream", "component_id": "status", "text": " — {{payload.id}} is held for you for 20 minutes"},
                {"step": "reply", "text": "I held {{payload.id}}. Shall I book it?"},
                {"step": "notice", "level": "info", "message": "Held **{{payload.id}}**", "title": "Held"},
                {"step": "client_effect", "name": "confetti", "data": {"n": 3}},
                // No data: the SDK's data is an object, so an empty one is sent.
                {"step": "client_effect", "name": "focus_composer"},
                {"step": "replace"}
            ]},
            {"on": "book", "steps": [{"step": "switch", "state": "booked"}]},
            {"on": "flaky", "steps": [{"step": "fail", "probability": 0.5, "allow_retry": true}, {"step": "notice", "level": "info", "message": "ok"}]},
            {"on": "broken", "steps": [{"step": "stream", "component_id": "nope", "text": "x"}]}
        ]}),
        &["default", "booked"],
    )
    .unwrap()
}

fn item(d: &Design) -> WidgetItem {
    let state = d.default_state.clone();
    let built = d.build(&state);
    assert!(built.report.errors.is_empty(), "{:?}", built.report.errors);
    let widget = built.widget.unwrap().to_serde();
    WidgetItem {
        thread_id: "thr_studio".into(),
        item_id: "msg_widget".into(),
        created_at: "2026-12-01T11:59:00Z".into(),
        state,
        widget,
    }
}

fn events(emits: &[Emit]) -> Vec<Value> {
    emits
        .iter()
        .filter_map(|e| match e {
            Emit::Event(v) => Some(v.clone()),
            Emit::Wait(_) => None,
        })
        .collect()
}

fn types(emits: &[Emit]) -> Vec<String> {
    emits
        .iter()
        .map(|e| match e {
            Emit::Event(v) => {
                let t = v["type"].as_str().unwrap().to_string();
                match v["update"]["type"].as_str() {
                    Some(u) => format!("{t}/{u}"),
                    None => t,
                }
            }
            Emit::Wait(ms) => format!("wait {ms}"),
        })
        .collect()
}

/// Every event must be a `ThreadStreamEvent` to the SDK.
fn sdk_accepts(all: &[Value]) {
    let text: String = all.iter().map(|e| format!("data: {e}\n\n")).collect();
    let (ok, results) = common::sdk_events(&text);
    assert_eq!(results.len(), all.len());
    let bad: Vec<_> = results
        .iter()
        .filter(|r| r.get("errors").is_some())
        .collect();
    assert!(bad.is_empty(), "{bad:#?}");
    assert!(ok);
}

#[test]
fn every_step_sends_events_the_sdk_accepts() {
    let d = design();
    let h = handlers();
    let it = item(&d);
    let mut world = Fixed {
        chance: 0.9,
        ids: 0,
    };
    let mut all = Vec::new();

    let o = run(
        &d,
        &h,
        &it,
        "select_flight",
        &json!({"id": "BA 117"}),
        &mut world,
    );
    assert_eq!(o.rule, Some(0));
    assert_eq!(o.state["selectedId"], "BA 117");
    let t = types(&o.emits);
    assert_eq!(t[0], "stream_options");
    // The set: the row's weight changed, so the root is replaced.
    assert_eq!(t[1], "thread.item.updated/widget.root.updated");
    assert_eq!(t[2], "progress_update");
    assert_eq!(t[3], "wait 150");
    // A sync answer to the same action comes once the delays have passed.
    assert_eq!(o.waits_ms(), 150);
    // The stream into the id'd status text: deltas, the last one done.
    let deltas: Vec<_> = events(&o.emits)
        .into_iter()
        .filter(|e| e["update"]["type"] == "widget.streaming_text.value_delta")
        .collect();
    assert!(deltas.len() > 1);
    assert!(
        deltas
            .iter()
            .all(|e| e["update"]["component_id"] == "status")
    );
    assert_eq!(deltas.last().unwrap()["update"]["done"], true);
    let streamed: String = deltas
        .iter()
        .map(|e| e["update"]["delta"].as_str().unwrap())
        .collect();
    assert_eq!(streamed, " — BA 117 is held for you for 20 minutes");
    assert_eq!(
        o.widget["children"][0]["children"][0]["value"],
        "Pick one — BA 117 is held for you for 20 minutes"
    );
    // The reply: added, the part added, deltas, the part done, done.
    let reply: Vec<_> = t
        .iter()
        .filter(|t| {
            t.contains("assistant_message")
                || t.starts_with("thread.item.added")
                || t.starts_with("thread.item.done")
        })
        .collect();
    assert_eq!(reply.first().unwrap().as_str(), "thread.item.added");
    assert_eq!(
        reply[1].as_str(),
        "thread.item.updated/assistant_message.content_part.added"
    );
    assert_eq!(
        reply[reply.len() - 2].as_str(),
        "thread.item.updated/assistant_message.content_part.done"
    );
    assert_eq!(reply.last().unwrap().as_str(), "thread.item.done");
    let done = events(&o.emits)
        .into_iter()
        .find(|e| e["type"] == "thread.item.done")
        .unwrap();
    assert_eq!(
        done["item"]["content"][0]["text"],
        "I held BA 117. Shall I book it?"
    );
    assert!(t.contains(&"notice".to_string()) && t.contains(&"client_effect".to_string()));
    assert_eq!(t.last().unwrap(), "thread.item.replaced");
    all.extend(events(&o.emits));

    // A switch to a named state, from the item as it now is.
    let it2 = WidgetItem {
        state: o.state.clone(),
        widget: o.widget.clone(),
        ..it.clone()
    };
    let o = run(&d, &h, &it2, "book", &json!({}), &mut world);
    assert_eq!(o.state["status"], "Booked");
    assert_eq!(
        types(&o.emits),
        ["stream_options", "thread.item.updated/widget.root.updated"]
    );
    all.extend(events(&o.emits));

    // A failure drawn, and one not drawn.
    let mut unlucky = Fixed {
        chance: 0.1,
        ids: 0,
    };
    let o = run(&d, &h, &it, "flaky", &json!({}), &mut unlucky);
    assert_eq!(types(&o.emits), ["stream_options", "error"]);
    assert_eq!(events(&o.emits)[1]["allow_retry"], true);
    all.extend(events(&o.emits));
    let o = run(&d, &h, &it, "flaky", &json!({}), &mut world);
    assert_eq!(types(&o.emits), ["stream_options", "notice"]);

    // Streaming into a component that is not there: an error that says how to fix it.
    let o = run(&d, &h, &it, "broken", &json!({}), &mut world);
    let e = &events(&o.emits)[1];
    assert_eq!(e["type"], "error");
    assert!(
        e["message"]
            .as_str()
            .unwrap()
            .contains("give the component `id=\"nope\"`")
    );
    // And at which step of which rule.
    let rule = h
        .rules
        .iter()
        .position(|r| r.on == "broken")
        .expect("the broken rule");
    assert!(
        e["message"]
            .as_str()
            .unwrap()
            .starts_with(&format!("rules[{rule}].steps[0].component_id: ")),
        "{e}"
    );
    all.extend(events(&o.emits));

    // No rule: a notice naming the action.
    let o = run(&d, &h, &it, "todo.add", &json!({}), &mut world);
    assert_eq!(o.rule, None);
    let e = &events(&o.emits)[1];
    assert_eq!(e["type"], "notice");
    assert!(
        e["message"]
            .as_str()
            .unwrap()
            .contains("No rule answers the action `todo.add`")
    );
    assert!(e["message"].as_str().unwrap().contains("`todo.*`"));
    all.extend(events(&o.emits));

    sdk_accepts(&all);
}

#[test]
fn a_state_the_view_cannot_build_keeps_the_widget_and_says_why() {
    let d = design();
    let h = Handlers::read(
        &json!({"rules": [{"on": "x", "steps": [{"step": "set", "field": "flights", "from": {"literal": 5}}, {"step": "notice", "level": "info", "message": "after"}]}]}),
        &[],
    )
    .unwrap();
    let it = item(&d);
    let o = run(
        &d,
        &h,
        &it,
        "x",
        &json!({}),
        &mut Fixed {
            chance: 0.0,
            ids: 0,
        },
    );
    let t = types(&o.emits);
    assert_eq!(t, ["stream_options", "error"]);
    let e = &events(&o.emits)[1];
    assert!(
        e["message"]
            .as_str()
            .unwrap()
            .starts_with("The widget does not build for the new state ("),
        "{e}"
    );
    assert_eq!(o.widget, it.widget);
    // The state the view could not draw is not kept either: the thread is what the client shows.
    assert_eq!(o.state, it.state);
    sdk_accepts(&events(&o.emits));
}

#[test]
fn a_sync_action_answers_with_the_updated_item() {
    let d = design();
    let h = handlers();
    let it = item(&d);
    let o = run(
        &d,
        &h,
        &it,
        "book",
        &json!({}),
        &mut Fixed {
            chance: 0.0,
            ids: 0,
        },
    );
    let answer = sync_answer(&it, &o);
    assert_eq!(answer["updated_item"]["id"], "msg_widget");
    assert_eq!(answer["updated_item"]["widget"], o.widget);
    // Nothing changed: an empty answer.
    let o = run(
        &d,
        &h,
        &it,
        "todo.add",
        &json!({}),
        &mut Fixed {
            chance: 0.0,
            ids: 0,
        },
    );
    assert_eq!(sync_answer(&it, &o), json!({}));
    // The SDK reads both as a sync action's answer.
    sdk_accepts(&[answer, json!({"updated_item": null})]);
}

#[test]
fn a_replayed_flow_names_the_step_that_now_differs() {
    let d = design();
    let h = handlers();
    let start = item(&d);
    let mut world = Fixed {
        chance: 0.9,
        ids: 0,
    };
    // Record a flow: select a flight, then book.
    let mut flow = Vec::new();
    let mut it = start.clone();
    for (t, p) in [
        ("select_flight", json!({"id": "BA 117"})),
        ("book", json!({})),
    ] {
        let o = run(&d, &h, &it, t, &p, &mut world);
        flow.push(Recorded {
            action_type: t.into(),
            payload: p,
            widget: o.widget.clone(),
        });
        it = WidgetItem {
            state: o.state,
            widget: o.widget,
            ..it
        };
    }
    // Against the same design: no step differs.
    let same = replay(&d, &h, &start, &flow, &mut world);
    assert_eq!(same.len(), 2);
    assert!(first_difference(&same).is_none(), "{same:?}");
    // The view changed (the selected row's weight): the first step now differs, at that prop.
    let mut changed = d.clone();
    changed.source = changed.source.replace("\"semibold\"", "\"bold\"");
    let now = replay(&changed, &h, &start, &flow, &mut world);
    let first = first_difference(&now).expect("a step differs");
    assert_eq!(
        (first.step, first.action_type.as_str()),
        (0, "select_flight")
    );
    assert!(
        first.changes.iter().any(|c| c.path.ends_with(".weight")),
        "{:?}",
        first.changes
    );
}

#[test]
fn a_set_from_a_path_that_is_not_there_sets_null_and_says_so() {
    let d = design();
    let it = item(&d);
    let mut world = Fixed {
        chance: 0.0,
        ids: 0,
    };
    // The payload has `id`, not `flight`: the handler gets null, and the log is told.
    let h = Handlers::read(
        &json!({"rules": [{"on": "select_flight", "steps": [
            {"step": "set", "field": "selectedId", "from": {"payload": "flight"}},
            {"step": "set", "field": "status", "from": {"state": "missing.deep"}},
            {"step": "set", "field": "status", "from": {"payload": "id"}}
        ]}]}),
        &["default", "booked"],
    )
    .unwrap();
    let o = run(
        &d,
        &h,
        &it,
        "select_flight",
        &json!({"id": "LH 400"}),
        &mut world,
    );
    assert_eq!(o.state["selectedId"], Value::Null);
    assert_eq!(o.state["status"], "LH 400");
    assert_eq!(
        o.notes,
        [
            "rules[0].steps[0]: `set selectedId` reads payload.flight, which the action's payload does not have, so selectedId is null now",
            "rules[0].steps[1]: `set status` reads state.missing.deep, which the state does not have, so status is null now",
        ]
    );
    // The rules of the flights design read what they need: nothing to say.
    let o = run(
        &d,
        &handlers(),
        &it,
        "select_flight",
        &json!({"id": "LH 400"}),
        &mut world,
    );
    assert!(o.notes.is_empty(), "{:?}", o.notes);
}

/// Text streamed into a component, then a state step: the widget is built again from the view,
/// which replaces the streamed text; the log says so, at the stream's step. Streaming after the
/// state steps says nothing.
#[test]
fn streamed_text_a_later_state_step_replaces_is_said() {
    let d = design();
    let it = item(&d);
    let mut world = Fixed {
        chance: 0.0,
        ids: 0,
    };
    let read = |v: Value| Handlers::read(&v, &["default", "booked"]).unwrap();
    let lost = read(json!({"rules": [{"on": "select_flight", "steps": [
        {"step": "stream", "component_id": "status", "text": " — held"},
        {"step": "set", "field": "selectedId", "from": {"payload": "id"}}
    ]}]}));
    let o = run(
        &d,
        &lost,
        &it,
        "select_flight",
        &json!({"id": "LH 400"}),
        &mut world,
    );
    assert_eq!(o.notes.len(), 1, "{:?}", o.notes);
    assert!(
        o.notes[0].starts_with("rules[0].steps[0]: the text streamed into `status` was replaced"),
        "{:?}",
        o.notes
    );
    // The widget shows the view's value again (what the client ends with).
    assert!(
        o.widget.to_string().contains("\"Pick one\""),
        "{}",
        o.widget
    );
    let kept = read(json!({"rules": [{"on": "select_flight", "steps": [
        {"step": "set", "field": "selectedId", "from": {"payload": "id"}},
        {"step": "stream", "component_id": "status", "text": " — held"}
    ]}]}));
    let o = run(
        &d,
        &kept,
        &it,
        "select_flight",
        &json!({"id": "LH 400"}),
        &mut world,
    );
    assert!(o.notes.is_empty(), "{:?}", o.notes);
    assert!(
        o.widget.to_string().contains("Pick one — held"),
        "{}",
        o.widget
    );
}

/// A `compute` that gives no value fails as a handler that raises: what the rule changed and
/// had not sent is dropped (the client's widget and the thread's state agree), what it had
/// sent stays, and the answer ends with an error event the SDK accepts.
#[test]
fn a_compute_that_fails_ends_the_rule_and_keeps_the_state_the_widget_shows() {
    let d = design();
    let it = item(&d);
    let mut world = Fixed {
        chance: 0.0,
        ids: 0,
    };
    let h = Handlers::read(
        &json!({"rules": [{"on": "select_flight", "steps": [
            {"step": "set", "field": "selectedId", "from": {"payload": "id"}},
            {"step": "notice", "level": "info", "message": "Held {{payload.id}}"},
            {"step": "set", "field": "status", "from": {"literal": "Half done"}},
            {"step": "compute", "field": "status", "expr": "flights.length / 0"},
            {"step": "reply", "text": "never sent"}
        ]}]}),
        &["default", "booked"],
    )
    .unwrap();
    let o = run(
        &d,
        &h,
        &it,
        "select_flight",
        &json!({"id": "LH 400"}),
        &mut world,
    );
    let all = events(&o.emits);
    // The first set was sent (before the notice); the second was not, and is gone.
    assert_eq!(o.state["selectedId"], "LH 400");
    assert_eq!(o.state["status"], "Pick one");
    assert_eq!(o.widget, d.build(&o.state).widget.unwrap().to_serde());
    let last = all.last().unwrap();
    assert_eq!(last["type"], "error");
    assert_eq!(
        last["message"],
        "The handler failed at rules[0].steps[3]: `compute status`: `flights.length / 0`: it gives Infinity, which a JSON state cannot hold. Nothing it changed since the widget was last sent is kept."
    );
    assert!(!serde_json::to_string(&all).unwrap().contains("never sent"));
    assert_eq!(
        o.notes,
        [
            "rules[0].steps[3]: `compute status`: `flights.length / 0`: it gives Infinity, which a JSON state cannot hold"
        ]
    );
    sdk_accepts(&all);
}

/// The payload the simulator gets is the one ChatKit.js sends back: the Python SDK shipped the
/// widget without nulls (`exclude_none`), list items included; ChatKit.js's own JSON keeps them.
#[test]
fn payload_nulls_are_gone_as_the_sdk_ships_them() {
    use widget::actions::fire::{Trigger, fire};
    let view = r#"<Card><Button label="Go" onClickAction={{type: "go", payload: {id: picked, ids: [1, picked, 2]}}} /></Card>"#;
    let mut d = Design::jsx("nulls", view, json!({"picked": null}));
    let widget = d.build(&d.default_state).widget.unwrap().to_serde();
    let fired = fire(&widget, "children[0]", Trigger::Click).expect("the button fires");
    assert_eq!(fired.bound.payload, json!({"ids": [1, 2]}));
    d.target = widget::Target::ChatkitJs;
    let widget = d.build(&d.default_state).widget.unwrap().to_serde();
    let fired = fire(&widget, "children[0]", Trigger::Click).expect("the button fires");
    assert_eq!(
        fired.bound.payload,
        json!({"id": null, "ids": [1, null, 2]})
    );
}

/// A list's items changed one at a time: a task ticked by its id, the done ones cleared, a new
/// one added. What the client gets is the SDK's own diff of the rebuilt widget.
#[test]
fn rules_change_one_item_of_a_list_by_its_id() {
    let view = r#"<ListView>
  {tasks.map((t) => (
    <ListViewItem key={t.id}>
      <Checkbox name={`task_${t.id}`} label={t.title} defaultChecked={t.done}
        onChangeAction={{ type: "task.toggle", payload: { task_id: t.id } }} />
    </ListViewItem>
  ))}
</ListView>"#;
    let d = Design::jsx(
        "tasks",
        view,
        json!({"tasks": [
            {"id": "h1", "title": "Renew registration", "done": false},
            {"id": "h2", "title": "Pay water bill", "done": false},
            {"id": "h3", "title": "Return books", "done": true}
        ]}),
    );
    let h = Handlers::read(
        &json!({"rules": [
            {"on": "task.toggle", "steps": [{"step": "toggle", "field": "tasks[id=payload.task_id].done"}]},
            {"on": "task.clear_completed", "steps": [{"step": "remove", "field": "tasks[done=true]"}]},
            {"on": "task.add", "steps": [
                {"step": "append", "field": "tasks", "from": {"payload": "task"}},
                {"step": "reply", "text": "Added {{payload.task.title}}; the first is {{state.tasks[id=\"h1\"].title}}."}
            ]}
        ]}),
        &[],
    )
    .unwrap();
    let mut world = Fixed {
        chance: 0.0,
        ids: 0,
    };
    let it = item(&d);
    let o = run(
        &d,
        &h,
        &it,
        "task.toggle",
        &json!({"task_id": "h2"}),
        &mut world,
    );
    assert!(o.notes.is_empty(), "{:?}", o.notes);
    let done: Vec<bool> = o.state["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["done"].as_bool().unwrap())
        .collect();
    assert_eq!(done, [false, true, true]);
    // One item's checkbox changed, and only in that item: the SDK's rules send the root again.
    let all = events(&o.emits);
    assert_eq!(
        types(&o.emits),
        ["stream_options", "thread.item.updated/widget.root.updated"]
    );
    let w = &all[1]["update"]["widget"];
    assert_eq!(
        w["children"][1]["children"][0]["defaultChecked"],
        json!(true)
    );
    assert_eq!(
        w["children"][0]["children"][0]["defaultChecked"],
        json!(false)
    );
    sdk_accepts(&all);

    // Ticking it again unticks it; the flow goes on from the new state.
    let it2 = WidgetItem {
        state: o.state.clone(),
        widget: o.widget.clone(),
        ..it.clone()
    };
    let o2 = run(
        &d,
        &h,
        &it2,
        "task.toggle",
        &json!({"task_id": "h2"}),
        &mut world,
    );
    assert_eq!(o2.state["tasks"][1]["done"], json!(false));

    // Clearing the done ones takes every match out, in one update.
    let o = run(&d, &h, &it2, "task.clear_completed", &json!({}), &mut world);
    let ids: Vec<&str> = o.state["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["h1"]);
    assert_eq!(o.widget["children"].as_array().unwrap().len(), 1);
    sdk_accepts(&events(&o.emits));

    // Adding one, and a template that reads an item by its id.
    let o = run(
        &d,
        &h,
        &it,
        "task.add",
        &json!({"task": {"id": "h4", "title": "Call mum", "done": false}}),
        &mut world,
    );
    assert_eq!(o.state["tasks"][3]["title"], "Call mum");
    let text: String = events(&o.emits)
        .iter()
        .filter_map(|e| e["update"]["delta"].as_str().map(str::to_string))
        .collect();
    assert_eq!(text, "Added Call mum; the first is Renew registration.");
    sdk_accepts(&events(&o.emits));

    // A task that is not there: nothing changes, and the log says why.
    let o = run(
        &d,
        &h,
        &it,
        "task.toggle",
        &json!({"task_id": "h9"}),
        &mut world,
    );
    assert_eq!(o.state, it.state);
    assert_eq!(
        o.notes,
        [
            "rules[0].steps[0]: `toggle tasks[id=payload.task_id].done`: no item of `tasks` has `id` equal to \"h9\", so nothing changed"
        ]
    );
}

#[test]
fn bad_paths_in_rules_are_problems_at_their_place() {
    let problems = Handlers::read(
        &json!({"rules": [{"on": "a",
        "when": [{"path": "state.tasks[id=open].done", "op": "exists"}],
        "steps": [
            {"step": "toggle", "field": "tasks[id=payload.id"},
            {"step": "set", "field": "a..b", "from": {"literal": 1}},
            {"step": "append", "field": "list", "from": {"state": "x[]"}},
            {"step": "remove", "field": "tasks[id=payload.id]"}
        ]}]}),
        &[],
    )
    .unwrap_err();
    let got: Vec<(&str, &str)> = problems
        .iter()
        .map(|p| (p.path.as_str(), p.message.as_str()))
        .collect();
    assert_eq!(got.len(), 4, "{got:#?}");
    assert_eq!(got[0].0, "rules[0].when[0].path");
    assert!(got[0].1.contains("\"open\" (quoted)"), "{}", got[0].1);
    assert_eq!(got[1].0, "rules[0].steps[0].field");
    assert!(got[1].1.contains("not closed"), "{}", got[1].1);
    assert_eq!(got[2].0, "rules[0].steps[1].field");
    assert!(got[2].1.contains("character 3"), "{}", got[2].1);
    assert_eq!(got[3].0, "rules[0].steps[2].from");
}
