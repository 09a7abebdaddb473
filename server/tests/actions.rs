//! Issue 15 on the server: `POST /api/designs/{id}/actions` in ChatKit's own request and event
//! shapes, the simulated thread kept in the database, the action log, reset, replay and the
//! forward to a user's own ChatKit server. Every request sent passes `chatkit-ref request`, and
//! every SSE answer and sync answer passes `chatkit-ref events`. On SQLite and PostgreSQL.

#[macro_use]
mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::PathBuf;

use common::{Server, TestDb, call, request};
use serde_json::{Value, json};

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

fn flights() -> Value {
    json!({
        "name": "Flights", "kind": "jsx", "source": VIEW,
        "default_state": {"status": "Pick one", "selectedId": null, "flights": [{"id": "LH 400"}, {"id": "BA 117"}]},
        "states": [{"name": "booked", "data": {"status": "Booked", "selectedId": "LH 400", "flights": []}}],
        "handlers": {"rules": [
            {"on": "select_flight", "steps": [
                {"step": "set", "field": "selectedId", "from": {"payload": "id"}},
                {"step": "stream", "component_id": "status", "text": " — {{payload.id}} held"},
                {"step": "reply", "text": "I held {{payload.id}}. Shall I book it?"}
            ]},
            {"on": "book", "steps": [{"step": "switch", "state": "booked"}]},
            {"on": "slow", "steps": [{"step": "delay", "ms": 300}, {"step": "notice", "level": "info", "message": "done"}]},
            {"on": "count", "steps": [{"step": "set", "field": "status", "from": {"payload": "n"}}]}
        ]}
    })
}

fn shared() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared")
}

/// `chatkit-ref CMD FILE` on some text: (passed, its JSON verdict).
fn chatkit_ref(cmd: &str, text: &str) -> (bool, Value) {
    static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = common::TempDir::new(&format!("ckref{n}"));
    let file = dir
        .path()
        .join(if cmd == "request" { "r.json" } else { "e.sse" });
    std::fs::write(&file, text).unwrap();
    let out = std::process::Command::new(shared().join("reference/chatkit-ref"))
        .arg(cmd)
        .arg(&file)
        .output()
        .expect("run chatkit-ref");
    let v = serde_json::from_slice(&out.stdout).unwrap_or_else(|_| {
        json!({"stdout": String::from_utf8_lossy(&out.stdout), "stderr": String::from_utf8_lossy(&out.stderr)})
    });
    (out.status.success(), v)
}

fn create(s: &Server, doc: Value) -> String {
    let (st, rec) = call(s, "POST", "/api/designs", Some(&json!({"document": doc})));
    assert_eq!(st, 201, "{rec}");
    rec["id"].as_str().unwrap().to_string()
}

fn thread(s: &Server, id: &str) -> Value {
    let (st, t) = call(s, "GET", &format!("/api/designs/{id}/actions/thread"), None);
    assert_eq!(st, 200, "{t}");
    t
}

fn req(kind: &str, t: &Value, action: &str, payload: Value) -> Value {
    json!({"type": kind, "metadata": {}, "params": {"thread_id": t["thread_id"], "item_id": t["item_id"], "action": {"type": action, "payload": payload}}})
}

/// Sends an action request (checked by `chatkit-ref request` first): (status, head, body).
fn act(s: &Server, id: &str, body: &Value) -> (u16, String, String) {
    let (ok, verdict) = chatkit_ref("request", &body.to_string());
    assert!(ok, "chatkit-ref refuses the request {body}: {verdict}");
    request(
        s.addr,
        "POST",
        &format!("/api/designs/{id}/actions"),
        &[("Content-Type", "application/json")],
        &body.to_string(),
    )
}

/// The events of an SSE answer, after `chatkit-ref events` accepted every frame.
fn events(sse: &str) -> Vec<Value> {
    let (ok, verdict) = chatkit_ref("events", sse);
    assert!(ok, "chatkit-ref refuses the events: {verdict:#}\n{sse}");
    sse.split("\n\n")
        .filter_map(|f| f.strip_prefix("data: "))
        .map(|d| serde_json::from_str(d).unwrap())
        .collect()
}

fn kinds(ev: &[Value]) -> Vec<String> {
    ev.iter()
        .map(|e| match e["update"]["type"].as_str() {
            Some(u) => format!("{}/{u}", e["type"].as_str().unwrap()),
            None => e["type"].as_str().unwrap().to_string(),
        })
        .collect()
}

both!(
    a_streamed_action_updates_the_widget_in_chatkits_shapes,
    streamed_on
);
fn streamed_on(db: &TestDb) {
    let s = Server::start(&db.url);
    let id = create(&s, flights());
    let t = thread(&s, &id);
    assert!(t["thread_id"].as_str().unwrap().starts_with("thr_"), "{t}");
    assert!(t["item_id"].as_str().unwrap().starts_with("msg_"), "{t}");
    assert_eq!(t["item"]["type"], "widget");
    assert_eq!(t["item"]["widget"]["type"], "ListView");
    assert_eq!(t["version"], 0);

    let (st, head, body) = act(
        &s,
        &id,
        &req(
            "threads.custom_action",
            &t,
            "select_flight",
            json!({"id": "BA 117"}),
        ),
    );
    assert_eq!(st, 200, "{body}");
    assert!(
        head.to_ascii_lowercase()
            .contains("content-type: text/event-stream"),
        "{head}"
    );
    let ev = events(&body);
    let k = kinds(&ev);
    assert_eq!(k[0], "stream_options");
    assert_eq!(k[1], "thread.item.updated/widget.root.updated", "{k:?}");
    assert!(
        k.contains(&"thread.item.updated/widget.streaming_text.value_delta".to_string()),
        "{k:?}"
    );
    assert!(
        k.contains(&"thread.item.added".to_string()) && k.last().unwrap() == "thread.item.done",
        "{k:?}"
    );
    assert_eq!(ev[1]["item_id"], t["item_id"]);
    let selected = &ev[1]["update"]["widget"]["children"][2]["children"][0];
    assert_eq!(selected["value"], "BA 117");
    assert_eq!(selected["weight"], "semibold");

    // The thread keeps what the action left: the state, the widget with the streamed text.
    let after = thread(&s, &id);
    assert_eq!(after["thread_id"], t["thread_id"]);
    assert_eq!(after["state"]["selectedId"], "BA 117");
    assert_eq!(after["version"], 1);
    assert_eq!(
        after["item"]["widget"]["children"][0]["children"][0]["value"],
        "Pick one — BA 117 held"
    );

    // A switch to a named state; an action no rule answers gets a notice that says so.
    let (_, _, body) = act(
        &s,
        &id,
        &req("threads.custom_action", &t, "book", json!({})),
    );
    assert!(kinds(&events(&body)).contains(&"thread.item.updated/widget.root.updated".into()));
    let (_, _, body) = act(
        &s,
        &id,
        &req("threads.custom_action", &t, "todo.add", json!({})),
    );
    let ev = events(&body);
    assert_eq!(kinds(&ev), vec!["stream_options", "notice"]);
    assert!(
        ev[1]["message"].as_str().unwrap().contains("`todo.add`"),
        "{}",
        ev[1]
    );
    assert!(
        ev[1]["message"].as_str().unwrap().contains("todo.*"),
        "{}",
        ev[1]
    );

    // No item_id: the thread's widget is the sender. An item that is not the widget: stream.error.
    let mut no_item = req("threads.custom_action", &t, "todo.add", json!({}));
    no_item["params"].as_object_mut().unwrap().remove("item_id");
    let (st, _, body) = act(&s, &id, &no_item);
    assert_eq!(st, 200);
    assert_eq!(kinds(&events(&body)), vec!["stream_options", "notice"]);
    let mut other = req("threads.custom_action", &t, "book", json!({}));
    other["params"]["item_id"] = json!("msg_nope");
    let (_, _, body) = act(&s, &id, &other);
    let ev = events(&body);
    assert_eq!(
        ev[1],
        json!({"type": "error", "code": "stream.error", "allow_retry": false})
    );

    // The state survives a restart (it is in the database, not in the process).
    drop(s);
    let s = Server::start(&db.url);
    let again = thread(&s, &id);
    assert_eq!(again["state"]["status"], "Booked");
    assert_eq!(again["version"], 5);
}

both!(a_sync_action_answers_with_the_updated_item, sync_on);
fn sync_on(db: &TestDb) {
    let s = Server::start(&db.url);
    let id = create(&s, flights());
    let t = thread(&s, &id);
    let (st, head, body) = act(
        &s,
        &id,
        &req(
            "threads.sync_custom_action",
            &t,
            "select_flight",
            json!({"id": "LH 400"}),
        ),
    );
    assert_eq!(st, 200, "{body}");
    assert!(
        head.to_ascii_lowercase().contains("application/json"),
        "{head}"
    );
    let (ok, verdict) = chatkit_ref("events", &body);
    assert!(ok, "{verdict}");
    let v: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["updated_item"]["id"], t["item_id"]);
    assert_eq!(
        v["updated_item"]["widget"]["children"][1]["children"][0]["weight"],
        "semibold"
    );
    // The rule's reply cannot go in a sync answer: the log says it was not sent.
    let (_, log) = wait_log(&s, &id, 1);
    let problems = log["items"][0]["problems"].to_string();
    assert!(
        problems.contains("carries only the updated widget")
            && problems.contains("thread.item.added"),
        "{problems}"
    );
    // Nothing changes: {} (the SDK's answer with `updated_item` None, nulls left out; the
    // checker only reads objects that carry `updated_item`).
    let (_, _, body) = act(
        &s,
        &id,
        &req("threads.sync_custom_action", &t, "todo.add", json!({})),
    );
    assert_eq!(serde_json::from_str::<Value>(&body).unwrap(), json!({}));
    // A payload without the field a `set` reads: the state gets null (as a handler reading a
    // missing key would), and the log says which step read what.
    act(
        &s,
        &id,
        &req("threads.sync_custom_action", &t, "select_flight", json!({})),
    );
    let (_, log) = wait_log(&s, &id, 3);
    let all = log["items"].to_string();
    assert!(
        all.contains("`set selectedId` reads payload.id, which the action's payload does not have"),
        "{all}"
    );
}

both!(bad_requests_get_clear_errors, bad_on);
fn bad_on(db: &TestDb) {
    let s = Server::start(&db.url);
    let id = create(&s, flights());
    let t = thread(&s, &id);
    let post = |body: &str| {
        request(
            s.addr,
            "POST",
            &format!("/api/designs/{id}/actions"),
            &[("Content-Type", "application/json")],
            body,
        )
    };
    // Not JSON: located.
    let (st, _, body) = post("{\"type\": ");
    assert_eq!(st, 400, "{body}");
    assert!(body.contains("line 1"), "{body}");
    // Another ChatKit request type, or a missing action: what is answered, and the shape.
    for bad in [
        json!({"type": "threads.create", "params": {}}),
        json!({"type": "threads.custom_action", "params": {"thread_id": t["thread_id"]}}),
        json!({"params": {}}),
    ] {
        let (st, _, body) = post(&bad.to_string());
        assert_eq!(st, 400, "{bad}: {body}");
        assert!(body.contains("threads.sync_custom_action"), "{body}");
    }
    // A thread that is not the design's: 404 that says where to get the ids.
    let mut wrong = req("threads.custom_action", &t, "x", json!({}));
    wrong["params"]["thread_id"] = json!("thr_other");
    let (st, _, body) = post(&wrong.to_string());
    assert_eq!(st, 404, "{body}");
    assert!(body.contains("/actions/thread"), "{body}");
    // No such design.
    let (st, _, body) = request(
        s.addr,
        "POST",
        "/api/designs/nope/actions",
        &[("Content-Type", "application/json")],
        &wrong.to_string(),
    );
    assert_eq!(st, 404, "{body}");
    // A sync action from an item that is not the widget: 404.
    let mut sync = req("threads.sync_custom_action", &t, "x", json!({}));
    sync["params"]["item_id"] = json!("msg_other");
    let (st, _, body) = post(&sync.to_string());
    assert_eq!(st, 404, "{body}");
    // Rules with problems: the answer is an error event naming them, at their path.
    let mut doc = flights();
    doc["handlers"] = json!({"rules": [{"on": "x", "steps": [{"step": "delay", "ms": 99999999}]}]});
    let bad_rules = create(&s, doc);
    let t2 = thread(&s, &bad_rules);
    let (st, _, body) = act(
        &s,
        &bad_rules,
        &req("threads.custom_action", &t2, "x", json!({})),
    );
    assert_eq!(st, 200);
    let ev = events(&body);
    assert_eq!(ev[1]["type"], "error");
    assert!(
        ev[1]["message"]
            .as_str()
            .unwrap()
            .contains("rules[0].steps[0].ms"),
        "{}",
        ev[1]
    );
    // A view that does not build: the thread cannot start, and says why (422).
    let mut doc = flights();
    doc["source"] = json!("<Card><Text value={missing.deep} /></Card>");
    let broken = create(&s, doc);
    let (st, e) = call(
        &s,
        "GET",
        &format!("/api/designs/{broken}/actions/thread"),
        None,
    );
    assert_eq!(st, 422, "{e}");
    assert!(
        e["error"]["message"]
            .as_str()
            .unwrap()
            .contains("does not build"),
        "{e}"
    );
    // A log limit out of range.
    let (st, e) = call(
        &s,
        "GET",
        &format!("/api/designs/{id}/actions/log?limit=0"),
        None,
    );
    assert_eq!(st, 400, "{e}");
    // Reset to a state the design does not have.
    let (st, e) = call(
        &s,
        "DELETE",
        &format!("/api/designs/{id}/actions/thread?state=nope"),
        None,
    );
    assert_eq!(st, 404, "{e}");
    assert!(
        e["error"]["message"].as_str().unwrap().contains("booked"),
        "{e}"
    );
}

both!(the_log_records_every_round_trip_and_replays_a_flow, log_on);
fn log_on(db: &TestDb) {
    let s = Server::start(&db.url);
    let id = create(&s, flights());
    let t = thread(&s, &id);
    act(
        &s,
        &id,
        &req(
            "threads.custom_action",
            &t,
            "select_flight",
            json!({"id": "LH 400"}),
        ),
    );
    let (_, _, slow) = act(
        &s,
        &id,
        &req("threads.custom_action", &t, "slow", json!({})),
    );
    assert_eq!(kinds(&events(&slow)), vec!["stream_options", "notice"]);
    act(
        &s,
        &id,
        &req(
            "threads.sync_custom_action",
            &t,
            "select_flight",
            json!({"id": "BA 117"}),
        ),
    );

    let (st, log) = call(&s, "GET", &format!("/api/designs/{id}/actions/log"), None);
    assert_eq!(st, 200, "{log}");
    let items = log["items"].as_array().unwrap();
    assert_eq!(items.len(), 3, "{log:#}");
    assert_eq!(items[0]["seq"], 1);
    assert_eq!(items[0]["mode"], "simulated");
    assert_eq!(items[0]["rule"], 0);
    assert_eq!(
        items[0]["request"]["params"]["action"]["payload"]["id"],
        "LH 400"
    );
    assert_eq!(items[0]["sender"]["id"], t["item_id"]);
    assert_eq!(items[0]["state_before"]["selectedId"], Value::Null);
    assert_eq!(items[0]["events"][0]["event"]["type"], "stream_options");
    // The delay shows in the timings: the notice came 300 ms or more after the request.
    let notice_at = items[1]["events"][1]["at_ms"].as_f64().unwrap();
    assert!(notice_at >= 300.0, "{notice_at}");
    assert!(items[1]["compute_ms"].as_f64().unwrap() < notice_at);
    assert!(
        items[2]["answer"]["updated_item"].is_object(),
        "{}",
        items[2]
    );

    // A sync answer comes once the rule's delays have passed (300 ms here), as from a handler
    // that took that long; the log's entry lasts as long.
    let body = req("threads.sync_custom_action", &t, "slow", json!({}));
    let started = std::time::Instant::now();
    let (st, _, answer) = request(
        s.addr,
        "POST",
        &format!("/api/designs/{id}/actions"),
        &[("Content-Type", "application/json")],
        &body.to_string(),
    );
    assert_eq!(st, 200, "{answer}");
    assert!(started.elapsed() >= std::time::Duration::from_millis(300));
    let (_, log) = call(&s, "GET", &format!("/api/designs/{id}/actions/log"), None);
    let last = log["items"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(
        last["request"]["params"]["action"]["type"], "slow",
        "{last}"
    );
    assert!(last["duration_ms"].as_f64().unwrap() >= 300.0, "{last}");
    // What the sync answer left out is the rule's notice, not the stream's options (a sync
    // answer is no stream).
    let said = last["problems"].to_string();
    assert!(
        said.contains("the rule's notice events were not sent"),
        "{last}"
    );
    assert!(!said.contains("stream_options"), "{last}");
    assert!(
        !items[2]["problems"].to_string().contains("stream_options"),
        "{}",
        items[2]
    );
    assert!(items[2].get("error").is_none(), "{}", items[2]);

    // Replay the first flow against the design as it is: the same.
    let (st, r) = call(
        &s,
        "POST",
        &format!("/api/designs/{id}/actions/replay"),
        Some(&json!({"to": 2})),
    );
    assert_eq!(st, 200, "{r}");
    assert_eq!(r["steps"].as_array().unwrap().len(), 2);
    assert_eq!(r["first_difference"], Value::Null, "{r:#}");
    // Change the view (the selected flight is now bold), save; the replay names the step.
    let mut doc = flights();
    doc["source"] = json!(VIEW.replace("\"semibold\"", "\"bold\""));
    let (st, rec) = call(
        &s,
        "PUT",
        &format!("/api/designs/{id}"),
        Some(&json!({"document": doc, "base_revision": 1})),
    );
    assert_eq!(st, 200, "{rec}");
    let (_, r) = call(
        &s,
        "POST",
        &format!("/api/designs/{id}/actions/replay"),
        Some(&json!({})),
    );
    assert_eq!(r["first_difference"], 1, "{r:#}");
    let change = &r["steps"][0]["changes"][0];
    assert_eq!(change["after"], "bold", "{r:#}");
    assert!(change["path"].as_str().unwrap().contains("weight"), "{r:#}");
    // Both fields are optional: no body at all replays the whole log too.
    let (st, whole) = call(
        &s,
        "POST",
        &format!("/api/designs/{id}/actions/replay"),
        None,
    );
    assert_eq!(st, 200, "{whole}");
    assert_eq!(whole["steps"], r["steps"]);
    // A range the log does not cover, and one backwards, say so.
    for (body, says) in [
        (
            json!({"from": 900, "to": 950}),
            "no log entry falls between from and to: the log holds entries #1 to #",
        ),
        (json!({"from": 5, "to": 3}), "from (5) is after to (3)"),
    ] {
        let (st, e) = call(
            &s,
            "POST",
            &format!("/api/designs/{id}/actions/replay"),
            Some(&body),
        );
        assert_eq!(st, 422, "{e}");
        let m = e["error"]["message"].as_str().unwrap();
        assert!(m.starts_with(says), "{m}");
    }

    // Reset: a new thread at the default (or a named) state; the log stays.
    let (st, fresh) = call(
        &s,
        "DELETE",
        &format!("/api/designs/{id}/actions/thread?state=booked"),
        None,
    );
    assert_eq!(st, 200, "{fresh}");
    assert_ne!(fresh["thread_id"], t["thread_id"]);
    assert_eq!(fresh["state"]["status"], "Booked");
    // The old thread's ids are refused now.
    let body = req("threads.custom_action", &t, "slow", json!({}));
    let (st, _, _) = act(&s, &id, &body);
    assert_eq!(st, 404);
    // Clear the log.
    let (st, _) = call(
        &s,
        "DELETE",
        &format!("/api/designs/{id}/actions/log"),
        None,
    );
    assert_eq!(st, 204);
    let (_, log) = call(&s, "GET", &format!("/api/designs/{id}/actions/log"), None);
    assert_eq!(log["items"], json!([]));
    let (st, e) = call(
        &s,
        "POST",
        &format!("/api/designs/{id}/actions/replay"),
        Some(&json!({})),
    );
    assert_eq!(st, 422, "{e}");
    assert!(
        e["error"]["message"]
            .as_str()
            .unwrap()
            .contains("nothing to replay"),
        "{e}"
    );
}

both!(concurrent_actions_are_all_applied_once, concurrent_on);
fn concurrent_on(db: &TestDb) {
    let s = Server::start(&db.url);
    let id = create(&s, flights());
    let t = thread(&s, &id);
    // Many more than the database's connections, all on one thread, on two instances of the
    // studio over one database: on each they take turns, and between the two the version
    // check makes the loser of a race compute again.
    let s2 = Server::start(&db.url);
    let n = 120;
    std::thread::scope(|sc| {
        for i in 0..n {
            let (s, id, t) = (if i % 2 == 0 { &s } else { &s2 }, &id, &t);
            sc.spawn(move || {
                let body = req(
                    "threads.custom_action",
                    t,
                    "count",
                    json!({"n": format!("n{i}")}),
                );
                let (st, _, out) = request(
                    s.addr,
                    "POST",
                    &format!("/api/designs/{id}/actions"),
                    &[("Content-Type", "application/json")],
                    &body.to_string(),
                );
                assert_eq!(st, 200, "{out}");
            });
        }
    });
    let after = thread(&s, &id);
    assert_eq!(after["version"], n);
    // The state is the one left by whichever action came last; every action was applied once.
    assert!(after["state"]["status"].as_str().unwrap().starts_with('n'));
    // Every action has its own log entry (written after its stream ends).
    let mut seqs = Vec::new();
    for _ in 0..100 {
        let (_, log) = call(
            &s,
            "GET",
            &format!("/api/designs/{id}/actions/log?limit=500"),
            None,
        );
        seqs = log["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["seq"].as_i64().unwrap())
            .collect();
        if seqs.len() == n {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert_eq!(seqs, (1..=n as i64).collect::<Vec<_>>());
}

/// A stand-in for a user's ChatKit server on loopback: answers each request with `answer`
/// (status line, headers and body as given), and records what it was sent.
fn backend(answer: String) -> (u16, std::sync::mpsc::Receiver<String>) {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = l.local_addr().unwrap().port();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for conn in l.incoming() {
            let Ok(mut c) = conn else { break };
            let mut r = BufReader::new(c.try_clone().unwrap());
            let mut head = String::new();
            let mut len = 0;
            loop {
                let mut line = String::new();
                if r.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
                if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                    len = v.trim().parse().unwrap_or(0);
                }
                head.push_str(&line);
            }
            let mut body = vec![0; len];
            let _ = r.read_exact(&mut body);
            let _ = tx.send(format!("{head}\r\n{}", String::from_utf8_lossy(&body)));
            let _ = c.write_all(answer.as_bytes());
        }
    });
    (port, rx)
}

/// Points the design's handlers at a new fake ChatKit server giving `answer`, saved on
/// revision `rev`; the thread to send actions on.
fn forward_to(s: &Server, id: &str, doc: &mut Value, answer: String, rev: i64) -> Value {
    let (port, _sent) = backend(answer);
    doc["handlers"] = json!({"forward": format!("http://127.0.0.1:{port}/")});
    let (st, rec) = call(
        s,
        "PUT",
        &format!("/api/designs/{id}"),
        Some(&json!({"document": doc, "base_revision": rev})),
    );
    assert_eq!(st, 200, "{rec}");
    thread(s, id)
}

fn sse_answer(events: &[Value]) -> String {
    let body: String = events.iter().map(|e| format!("data: {e}\n\n")).collect();
    format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
}

both!(
    a_forward_passes_the_users_server_answer_on_and_checks_it,
    forward_on
);
fn forward_on(db: &TestDb) {
    let s = Server::start(&db.url);
    let mut doc = flights();
    let id_for = |s: &Server, url: String| {
        let mut d = doc.clone();
        d["handlers"] = json!({"forward": url});
        create(s, d)
    };
    // A good answer, then one with an unknown event, a delta into nothing and shrinking text.
    let good = vec![
        json!({"type": "stream_options", "stream_options": {"allow_cancel": true}}),
        json!({"type": "thread.item.updated", "item_id": "ITEM", "update": {"type": "widget.streaming_text.value_delta", "component_id": "status", "delta": "!", "done": true}}),
        json!({"type": "notice", "level": "info", "message": "from your server"}),
    ];
    let id = id_for(&s, "http://127.0.0.1:1/unused".into());
    let t = thread(&s, &id);
    let item = t["item_id"].as_str().unwrap().to_string();
    let fix = |v: &Vec<Value>| -> Vec<Value> {
        v.iter()
            .map(|e| serde_json::from_str(&e.to_string().replace("ITEM", &item)).unwrap())
            .collect()
    };
    let (port, sent) = backend(sse_answer(&fix(&good)));
    doc["handlers"] = json!({"forward": format!("http://localhost:{port}/chatkit")});
    let (st, rec) = call(
        &s,
        "PUT",
        &format!("/api/designs/{id}"),
        Some(&json!({"document": doc, "base_revision": 1})),
    );
    assert_eq!(st, 200, "{rec}");
    let t = thread(&s, &id);
    let body = req(
        "threads.custom_action",
        &t,
        "select_flight",
        json!({"id": "LH 400"}),
    );
    let (st, _, out) = act(&s, &id, &body);
    assert_eq!(st, 200, "{out}");
    assert_eq!(
        kinds(&events(&out)),
        vec![
            "stream_options",
            "thread.item.updated/widget.streaming_text.value_delta",
            "notice"
        ]
    );
    // The user's server got the same ChatKit request.
    let got = sent
        .recv_timeout(std::time::Duration::from_secs(5))
        .unwrap();
    assert!(got.starts_with("POST /chatkit HTTP/1.1"), "{got}");
    let got_body: Value = serde_json::from_str(got.split("\r\n\r\n").nth(1).unwrap()).unwrap();
    assert_eq!(got_body, body);
    let (_, log) = wait_log(&s, &id, 1);
    let e = &log["items"][0];
    assert_eq!(e["mode"], "forwarded");
    assert_eq!(e["problems"], Value::Null, "{e:#}");
    assert_eq!(
        e["widget"]["children"][0]["children"][0]["value"],
        "Pick one!"
    );

    let bad = vec![
        json!({"type": "stream_options", "stream_options": {"allow_cancel": true}}),
        json!({"type": "thread.item.wobbled"}),
        json!({"type": "thread.item.updated", "item_id": "ITEM", "update": {"type": "widget.streaming_text.value_delta", "component_id": "ghost", "delta": "x", "done": false}}),
        json!({"type": "thread.item.updated", "item_id": "ITEM", "update": {"type": "widget.streaming_text.value_delta", "component_id": "status", "delta": "?", "done": false}}),
        json!({"type": "thread.item.updated", "item_id": "ITEM", "update": {"type": "widget.root.updated", "widget": {"type": "ListView", "children": [{"type": "ListViewItem", "children": [{"type": "Text", "id": "status", "value": "Other"}]}]}}}),
    ];
    let (port, _sent) = backend(sse_answer(&fix(&bad)));
    doc["handlers"] = json!({"forward": format!("http://127.0.0.1:{port}/")});
    call(
        &s,
        "PUT",
        &format!("/api/designs/{id}"),
        Some(&json!({"document": doc, "base_revision": 2})),
    );
    let (st, _, out) = act(&s, &id, &body);
    assert_eq!(st, 200);
    assert_eq!(
        out.matches("data: ").count(),
        5,
        "every event is passed on: {out}"
    );
    let (_, log) = wait_log(&s, &id, 2);
    let problems = log["items"][1]["problems"].to_string();
    assert!(
        problems.contains("unknown event type `thread.item.wobbled`"),
        "{problems}"
    );
    assert!(
        problems.contains("`ghost`") && problems.contains("no component with that id"),
        "{problems}"
    );
    assert!(problems.contains("not cumulative"), "{problems}");

    // An answer that is not an event stream (a JSON body): the client is told so, as one
    // ChatKit error event, not given an empty answer that looks like success.
    let json_body = r#"{"ok": true}"#;
    let (port, _sent) = backend(format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{json_body}",
        json_body.len()
    ));
    doc["handlers"] = json!({"forward": format!("http://127.0.0.1:{port}/")});
    let (st, rec) = call(
        &s,
        "PUT",
        &format!("/api/designs/{id}"),
        Some(&json!({"document": doc, "base_revision": 3})),
    );
    assert_eq!(st, 200, "{rec}");
    let (st, _, out) = act(&s, &id, &body);
    assert_eq!(st, 200);
    let got = events(&out);
    assert_eq!(kinds(&got), vec!["error"], "{out}");
    assert!(
        got[0]["message"]
            .as_str()
            .unwrap()
            .contains("not text/event-stream"),
        "{out}"
    );
    let (_, log) = wait_log(&s, &id, 3);
    let problems = log["items"][2]["problems"].to_string();
    assert!(
        problems.contains("the studio told the client"),
        "{problems}"
    );

    // A stream cut by the target in the middle of an event: what came whole is passed on,
    // and the client hears that the rest was lost, rather than waiting on a half-done answer.
    let whole = fix(&good[..1].to_vec())[0].to_string();
    let t = forward_to(
        &s,
        &id,
        &mut doc,
        format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\ndata: {whole}\n\ndata: {{\"type\": \"noti"
        ),
        4,
    );
    let body = req(
        "threads.custom_action",
        &t,
        "select_flight",
        json!({"id": "LH 400"}),
    );
    let (st, _, out) = act(&s, &id, &body);
    assert_eq!(st, 200);
    let got = events(&out);
    assert_eq!(kinds(&got), vec!["stream_options", "error"], "{out}");
    assert!(
        got[1]["message"]
            .as_str()
            .unwrap()
            .contains("unfinished event"),
        "{out}"
    );
    let (_, log) = wait_log(&s, &id, 4);
    let problems = log["items"][3]["problems"].to_string();
    assert!(problems.contains("unfinished event"), "{problems}");
    // A comment left at the end without its blank line loses nothing: no error.
    let t = forward_to(
        &s,
        &id,
        &mut doc,
        format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\ndata: {whole}\n\n: ping"
        ),
        5,
    );
    let body = req(
        "threads.custom_action",
        &t,
        "select_flight",
        json!({"id": "LH 400"}),
    );
    let (_, _, out) = act(&s, &id, &body);
    assert_eq!(kinds(&events(&out)), vec!["stream_options"], "{out}");

    // A sync answer is checked as it passes: an updated item that is not the sender.
    let answer = json!({"updated_item": {"type": "widget", "id": "msg_someone_else",
        "thread_id": t["thread_id"], "created_at": "2026-12-01T12:00:00Z",
        "widget": {"type": "Card", "children": []}}})
    .to_string();
    let t = forward_to(
        &s,
        &id,
        &mut doc,
        format!(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{answer}",
            answer.len()
        ),
        6,
    );
    let sync = req(
        "threads.sync_custom_action",
        &t,
        "select_flight",
        json!({"id": "LH 400"}),
    );
    let (st, _, out) = act(&s, &id, &sync);
    assert_eq!(st, 200, "{out}");
    assert_eq!(
        serde_json::from_str::<Value>(&out).unwrap(),
        serde_json::from_str::<Value>(&answer).unwrap()
    );
    let (_, log) = wait_log(&s, &id, 6);
    let problems = log["items"][5]["problems"].to_string();
    assert!(
        problems.contains("the sender is not the item updated"),
        "{problems}"
    );

    // A redirect is not followed; a host that is not this machine is refused; errors say so.
    let (port, _sent) = backend("HTTP/1.1 302 Found\r\nLocation: http://10.0.0.1/\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".into());
    for (url, status, says) in [
        (
            format!("http://127.0.0.1:{port}/"),
            502,
            "redirects are not followed",
        ),
        (
            "http://10.255.255.1:8000/chatkit".to_string(),
            403,
            "not allowed",
        ),
        (
            "https://localhost/chatkit".to_string(),
            403,
            "not an http:// URL",
        ),
        (
            "http://127.0.0.1:1/chatkit".to_string(),
            502,
            "cannot connect",
        ),
    ] {
        let rev = call(&s, "GET", &format!("/api/designs/{id}"), None).1["revision"].clone();
        doc["handlers"] = json!({"forward": url});
        call(
            &s,
            "PUT",
            &format!("/api/designs/{id}"),
            Some(&json!({"document": doc, "base_revision": rev})),
        );
        let t = thread(&s, &id);
        let (st, _, out) = act(&s, &id, &req("threads.custom_action", &t, "x", json!({})));
        assert_eq!(st, status, "{url}: {out}");
        assert!(out.contains(says), "{url}: {out}");
    }
    // Time and size limits: a target that never answers, and one that answers too much.
    drop(s);
    let s = Server::start_with(
        &db.url,
        &[
            "--rate-limit",
            "0",
            "--forward-timeout",
            "1s",
            "--forward-max",
            "2KiB",
        ],
        &[],
    );
    let silent = TcpListener::bind("127.0.0.1:0").unwrap();
    let silent_port = silent.local_addr().unwrap().port();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for c in silent.incoming() {
            held.push(c);
        }
    });
    let mut big = fix(&good);
    big.insert(
        2,
        json!({"type": "notice", "level": "info", "message": "x".repeat(4000)}),
    );
    let (big_port, _sent) = backend(sse_answer(&big));
    let rev = call(&s, "GET", &format!("/api/designs/{id}"), None).1["revision"]
        .as_i64()
        .unwrap();
    doc["handlers"] = json!({"forward": format!("http://127.0.0.1:{silent_port}/")});
    call(
        &s,
        "PUT",
        &format!("/api/designs/{id}"),
        Some(&json!({"document": doc, "base_revision": rev})),
    );
    let t = thread(&s, &id);
    let started = std::time::Instant::now();
    let (st, _, out) = act(&s, &id, &req("threads.custom_action", &t, "x", json!({})));
    assert_eq!(st, 502, "{out}");
    assert!(out.contains("did not answer within"), "{out}");
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
    doc["handlers"] = json!({"forward": format!("http://127.0.0.1:{big_port}/")});
    call(
        &s,
        "PUT",
        &format!("/api/designs/{id}"),
        Some(&json!({"document": doc, "base_revision": rev + 1})),
    );
    let (st, _, out) = act(&s, &id, &req("threads.custom_action", &t, "x", json!({})));
    assert_eq!(st, 200, "{out}");
    // The studio cuts it, and says why in a ChatKit error event.
    assert!(
        !out.contains("xxxx"),
        "the over-large event is not passed on"
    );
    let ev = events(&out);
    let last = ev.last().unwrap();
    assert_eq!(last["type"], "error", "{out}");
    assert!(
        last["message"]
            .as_str()
            .unwrap()
            .contains("larger than 2048 bytes"),
        "{out}"
    );
    let mut problems = String::new();
    for _ in 0..100 {
        let (_, log) = call(
            &s,
            "GET",
            &format!("/api/designs/{id}/actions/log?limit=500"),
            None,
        );
        problems = log["items"].as_array().unwrap().last().unwrap()["problems"].to_string();
        if problems.contains("larger than") {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert!(problems.contains("larger than 2048 bytes"), "{problems}");
    // This machine's own network address is not loopback: refused, until --forward-allow
    // lists it.
    drop(s);
    let Some(ip) = own_address() else {
        eprintln!("no non-loopback address on this machine: the --forward-allow case is skipped");
        return;
    };
    let wide = TcpListener::bind("0.0.0.0:0").unwrap();
    let wide_port = wide.local_addr().unwrap().port();
    let answer = sse_answer(&fix(&good));
    std::thread::spawn(move || {
        for conn in wide.incoming() {
            let Ok(mut c) = conn else { break };
            let mut r = BufReader::new(c.try_clone().unwrap());
            let mut len = 0;
            loop {
                let mut line = String::new();
                if r.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
                if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                    len = v.trim().parse().unwrap_or(0);
                }
            }
            let mut body = vec![0; len];
            let _ = r.read_exact(&mut body);
            let _ = c.write_all(answer.as_bytes());
        }
    });
    let url = format!("http://{ip}:{wide_port}/chatkit");
    for (allow, status) in [(None, 403), (Some(ip.to_string()), 200)] {
        let mut args = vec!["--rate-limit".to_string(), "0".to_string()];
        if let Some(a) = &allow {
            args.extend(["--forward-allow".to_string(), a.clone()]);
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let s = Server::start_with(&db.url, &args, &[]);
        let rev = call(&s, "GET", &format!("/api/designs/{id}"), None).1["revision"]
            .as_i64()
            .unwrap();
        doc["handlers"] = json!({"forward": url});
        call(
            &s,
            "PUT",
            &format!("/api/designs/{id}"),
            Some(&json!({"document": doc, "base_revision": rev})),
        );
        let t = thread(&s, &id);
        let (st, _, out) = act(&s, &id, &req("threads.custom_action", &t, "x", json!({})));
        assert_eq!(st, status, "allow {allow:?}: {out}");
        if status == 200 {
            assert_eq!(kinds(&events(&out))[0], "stream_options");
        } else {
            assert!(out.contains("not this machine"), "{out}");
            assert!(
                !out.contains(&ip.to_string().replace('.', "\\.")) || out.contains("forward-allow")
            );
        }
    }
}

/// This machine's address on its network (not loopback), if it has one.
fn own_address() -> Option<std::net::IpAddr> {
    let u = std::net::UdpSocket::bind("0.0.0.0:0").ok()?;
    u.connect("192.0.2.1:9").ok()?;
    let ip = u.local_addr().ok()?.ip();
    (!ip.is_loopback() && !ip.is_unspecified()).then_some(ip)
}

fn wait_log(s: &Server, id: &str, n: usize) -> (u16, Value) {
    for _ in 0..100 {
        let r = call(s, "GET", &format!("/api/designs/{id}/actions/log"), None);
        if r.1["items"].as_array().is_some_and(|a| a.len() >= n) {
            return r;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    panic!("the log never reached {n} entries");
}

both!(
    a_sync_action_during_a_stream_leaves_client_and_server_alike,
    sync_during_stream_on
);

both!(
    a_save_during_a_stream_ends_it_with_the_saved_view,
    save_during_stream_on
);
/// A save while an answer streams keeps the thread (its state), but the saved view may draw it
/// otherwise: the stream's updates were built by the old view, so it ends with the widget the
/// saved design builds, as the next action would find it.
fn save_during_stream_on(db: &TestDb) {
    let s = Server::start(&db.url);
    // Saved while the stream waits: every flight is now bold.
    let (id, out) = saved_while_streaming(&s, |doc| {
        doc["source"] = json!(VIEW.replace("\"normal\"", "\"bold\""));
    });
    let widgets = root_updates(&out);
    let weight = |w: &Value| w["children"][1]["children"][0]["weight"].clone();
    // The stream's own update (the old view: normal), then the saved view's widget, last.
    assert_eq!(widgets.len(), 2, "{out}");
    assert_eq!(weight(&widgets[0]), "normal");
    assert_eq!(weight(&widgets[1]), "bold");
    let status = |w: &Value| w["children"][0]["children"][0]["value"].clone();
    assert_eq!(status(&widgets[1]), "Streamed");
    assert_eq!(thread(&s, &id)["item"]["widget"], widgets[1]);
    let (_, log) = wait_log(&s, &id, 1);
    assert!(
        log.to_string()
            .contains("the design was saved while this answer streamed"),
        "{log}"
    );

    // A save that builds the same widget (a rename) sends nothing more, and the log says
    // nothing of it.
    let (id, out) = saved_while_streaming(&s, |doc| {
        doc["name"] = json!("Renamed while it streams");
    });
    assert_eq!(root_updates(&out).len(), 1, "{out}");
    let (_, log) = wait_log(&s, &id, 1);
    assert!(
        !log.to_string().contains("while this answer streamed"),
        "{log}"
    );
}

/// A [`slow_stream`] whose design is saved, changed by `change`, while the stream waits:
/// (the design, the stream's body).
fn saved_while_streaming(s: &Server, change: impl FnOnce(&mut Value)) -> (String, String) {
    let (id, mut doc, _, stream) = slow_stream(s);
    change(&mut doc);
    let (st, rec) = call(
        s,
        "PUT",
        &format!("/api/designs/{id}"),
        Some(&json!({"document": doc, "base_revision": 1})),
    );
    assert_eq!(st, 200, "{rec}");
    let (st, _, out) = stream.join().unwrap();
    assert_eq!(st, 200);
    (id, out)
}

/// The whole widgets a stream's body sends (`widget.root.updated`), in order.
fn root_updates(out: &str) -> Vec<Value> {
    events(out)
        .iter()
        .filter(|e| e["update"]["type"] == "widget.root.updated")
        .map(|e| e["update"]["widget"].clone())
        .collect()
}
/// A design whose `slow_set` waits 1.5 s, then sets the status to "Streamed"; the stream of
/// that action on a thread that other threads can act on while it waits: (design, its document,
/// the thread as it was, the stream's (status, head, body)).
fn slow_stream(
    s: &Server,
) -> (
    String,
    Value,
    Value,
    std::thread::JoinHandle<(u16, String, String)>,
) {
    let mut doc = flights();
    doc["handlers"]["rules"]
        .as_array_mut()
        .unwrap()
        .push(json!({"on": "slow_set", "steps": [
            {"step": "delay", "ms": 1500},
            {"step": "set", "field": "status", "from": {"literal": "Streamed"}}
        ]}));
    let id = create(s, doc.clone());
    let t = thread(s, &id);
    let addr = s.addr;
    let body = req("threads.custom_action", &t, "slow_set", json!({}));
    let path = format!("/api/designs/{id}/actions");
    let stream = std::thread::spawn(move || {
        request(
            addr,
            "POST",
            &path,
            &[("Content-Type", "application/json")],
            &body.to_string(),
        )
    });
    std::thread::sleep(std::time::Duration::from_millis(300));
    (id, doc, t, stream)
}

/// The stream's state is written when it starts and its events are paced after; a sync
/// action sent meanwhile changes the thread. The stream's later widget update was computed
/// before the sync, so the client would end on a widget the server no longer has: the stream
/// ends with the thread's widget instead.
fn sync_during_stream_on(db: &TestDb) {
    let s = Server::start(&db.url);
    let (id, _, t, stream) = slow_stream(&s);
    // Sent straight (not checked by chatkit-ref first, which takes a while to start), so that
    // it arrives while the stream waits; the request's shape is checked everywhere else.
    let started = std::time::Instant::now();
    let sync_body = req(
        "threads.sync_custom_action",
        &t,
        "count",
        json!({"n": "Seven"}),
    );
    let (st, _, sync) = request(
        s.addr,
        "POST",
        &format!("/api/designs/{id}/actions"),
        &[("Content-Type", "application/json")],
        &sync_body.to_string(),
    );
    assert!(
        started.elapsed() < std::time::Duration::from_millis(2000),
        "the sync answer came while the stream waited"
    );
    assert_eq!(st, 200, "{sync}");
    let sync: Value = serde_json::from_str(&sync).unwrap();
    let status = |w: &Value| w["children"][0]["children"][0]["value"].clone();
    assert_eq!(status(&sync["updated_item"]["widget"]), "Seven");
    let (st, _, out) = stream.join().unwrap();
    assert_eq!(st, 200);
    let widgets = root_updates(&out);
    // The stream's own update, computed before the sync, then the thread's widget, last.
    assert_eq!(widgets.len(), 2, "{out}");
    assert_eq!(status(&widgets[0]), "Streamed");
    assert_eq!(status(&widgets[1]), "Seven");
    let now = thread(&s, &id);
    assert_eq!(now["item"]["widget"], widgets[1]);
    let (_, log) = wait_log(&s, &id, 2);
    assert!(
        log.to_string()
            .contains("another action changed the widget while this answer streamed"),
        "{log}"
    );
    // Without a sync meanwhile, nothing is added.
    let (_, _, out) = act(
        &s,
        &id,
        &req("threads.custom_action", &now, "slow_set", json!({})),
    );
    assert_eq!(root_updates(&out).len(), 1, "{out}");
}
