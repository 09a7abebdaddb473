//! The A2UI export against A2UI's own SDK (`../shared/reference/a2ui-ref`, a2ui-agent-sdk
//! 0.9.0), for every corpus design and every gallery design, in every state:
//!
//! 1. `validate` passes with no error (v0.9 basic, v0.9 with the studio catalog, v0.8);
//! 2. `resolve` shows the same texts, image URLs, button labels and list items as our widget
//!    JSON for that state, apart from what the report lists;
//! 3. after an `updateDataModel` with another state, every text whose binding was kept (the
//!    report lists no binding loss for it) resolves to that state's text.
//!
//! All cases go through one Python process (`tests/a2ui_batch.py`).

mod common;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde_json::{Value, json};
use widget::Design;
use widget::a2ui::{self, Catalog, Export, LossKind, Options, Version, unescape_markdown};

/// The venv `a2ui-setup.sh` makes (once), as `a2ui-ref` finds it.
fn a2ui_python() -> PathBuf {
    static PYTHON: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    PYTHON
        .get_or_init(|| {
            let venv = std::env::var_os("A2UI_REF_VENV")
                .map(PathBuf::from)
                .unwrap_or_else(|| {
                    let cache = std::env::var_os("XDG_CACHE_HOME")
                        .map(PathBuf::from)
                        .unwrap_or_else(|| {
                            PathBuf::from(std::env::var_os("HOME").expect("HOME")).join(".cache")
                        });
                    cache.join("a2ui-ref-venv")
                });
            let python = venv.join("bin/python");
            if !python.exists() {
                let status =
                    std::process::Command::new(common::shared().join("reference/a2ui-setup.sh"))
                        .stdout(std::process::Stdio::null())
                        .status()
                        .expect("run ../shared/reference/a2ui-setup.sh");
                assert!(status.success(), "a2ui-setup.sh failed");
            }
            python
        })
        .clone()
}

/// Runs every case through `a2ui_batch.py`: `{validate, resolve}` per case.
fn batch(cases: &[Value]) -> Vec<Value> {
    // The SDK is pure Python and single-threaded: one process per core, each taking every
    // n-th case (cases carry their index as `id`).
    let n = std::thread::available_parallelism().map_or(2, |n| n.get().clamp(1, 4));
    let shares: Vec<Vec<Value>> = (0..n)
        .map(|k| cases.iter().skip(k).step_by(n).cloned().collect())
        .collect();
    let mut out = vec![Value::Null; cases.len()];
    std::thread::scope(|scope| {
        let running: Vec<_> = shares
            .iter()
            .map(|share| scope.spawn(move || batch_one(share)))
            .collect();
        for r in running {
            for v in r.join().expect("a batch thread") {
                let i = v["id"].as_u64().unwrap() as usize;
                out[i] = v;
            }
        }
    });
    out
}

/// One `a2ui_batch.py` process over `cases`: its answers, in any order.
fn batch_one(cases: &[Value]) -> Vec<Value> {
    use std::io::{BufRead, BufReader, Write};
    use std::process::{Command, Stdio};
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/a2ui_batch.py");
    let mut child = Command::new(a2ui_python())
        .arg(&script)
        .env("WIDGET_STUDIO_SHARED", common::shared())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("start a2ui_batch.py");
    let mut stdin = child.stdin.take().unwrap();
    let stdout = child.stdout.take().unwrap();
    let lines: Vec<String> = cases.iter().map(Value::to_string).collect();
    let writer = std::thread::spawn(move || {
        for l in lines {
            if writeln!(stdin, "{l}").is_err() {
                break;
            }
        }
    });
    let mut out = Vec::with_capacity(cases.len());
    for line in BufReader::new(stdout).lines() {
        out.push(serde_json::from_str::<Value>(&line.unwrap()).expect("a JSON line"));
    }
    writer.join().unwrap();
    assert!(child.wait().unwrap().success(), "a2ui_batch.py failed");
    assert_eq!(out.len(), cases.len(), "a2ui_batch.py answered every case");
    out
}

/// Every corpus and gallery design, by file name.
fn designs() -> Vec<(String, Design)> {
    let mut out: Vec<(String, Design)> = common::corpus_files()
        .into_iter()
        .map(|(name, bytes)| {
            let d = Design::from_widget_file(&bytes).expect(&name);
            (name, d)
        })
        .collect();
    let gallery = Path::new(env!("CARGO_MANIFEST_DIR")).join("../public/gallery");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&gallery)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "widget"));
    files.sort();
    for p in files {
        let name = format!("gallery/{}", p.file_name().unwrap().to_string_lossy());
        let d = Design::from_widget_file(&std::fs::read(&p).unwrap()).expect(&name);
        out.push((name, d));
    }
    out
}

fn states(d: &Design) -> Vec<(String, Value)> {
    std::iter::once(("default".to_string(), d.default_state.clone()))
        .chain(d.states.iter().map(|s| (s.name.clone(), s.data.clone())))
        .collect()
}

/// What a person sees: texts, image URLs and list lengths, in document order.
#[derive(Clone, Debug, PartialEq)]
enum Obs {
    Text(String),
    Image(String),
    Items(usize),
}

/// The observables of our widget JSON, each with its node path and prop.
fn widget_obs(w: &Value, path: &str, out: &mut Vec<(String, &'static str, Obs)>) {
    let ty = w["type"].as_str().unwrap_or("");
    let text =
        |prop: &'static str, v: Option<&Value>, out: &mut Vec<(String, &'static str, Obs)>| {
            if let Some(s) = v.and_then(Value::as_str).filter(|s| !s.is_empty()) {
                out.push((path.to_string(), prop, Obs::Text(s.to_string())));
            }
        };
    match ty {
        "Text" | "Title" | "Caption" | "Markdown" | "Label" => text("value", w.get("value"), out),
        "Badge" | "Button" | "Checkbox" => text("label", w.get("label"), out),
        "Image" => {
            if let Some(s) = w["src"].as_str() {
                out.push((path.to_string(), "src", Obs::Image(s.to_string())));
            }
        }
        "Select" | "RadioGroup" => {
            for o in w["options"].as_array().into_iter().flatten() {
                text("options", o.get("label"), out);
            }
        }
        _ => {}
    }
    if matches!(ty, "Card" | "ListView") {
        text("status", w.get("status").and_then(|s| s.get("text")), out);
    }
    if ty == "ListView" {
        let n = w["children"].as_array().map_or(0, Vec::len);
        out.push((path.to_string(), "children", Obs::Items(n)));
    }
    for (i, c) in w["children"].as_array().into_iter().flatten().enumerate() {
        let p = if path.is_empty() {
            format!("children[{i}]")
        } else {
            format!("{path}.children[{i}]")
        };
        widget_obs(c, &p, out);
    }
    if ty == "Card" {
        for k in ["cancel", "confirm"] {
            text("label", w.get(k).and_then(|c| c.get("label")), out);
        }
    }
}

/// The observables of a resolved A2UI tree, each with its component id and data scope.
fn a2ui_obs(n: &Value, out: &mut Vec<(String, String, Obs)>) {
    let id = n["id"].as_str().unwrap_or("").to_string();
    let scope = n["dataPath"].as_str().unwrap_or("/").to_string();
    let text_of = |v: &Value| v.as_str().map(str::to_string);
    match n["component"].as_str().unwrap_or("") {
        "Text" => {
            let variant = n["variant"].as_str().unwrap_or("body");
            if let Some(t) = text_of(&n["text"]).filter(|t| !t.is_empty()) {
                let t = if variant == "body" {
                    unescape_markdown(&t)
                } else {
                    t
                };
                out.push((id.clone(), scope.clone(), Obs::Text(t)));
            }
        }
        "Badge" => {
            if let Some(t) = text_of(&n["label"]).filter(|t| !t.is_empty()) {
                out.push((id.clone(), scope.clone(), Obs::Text(t)));
            }
        }
        "Image" => {
            if let Some(u) = text_of(&n["url"]) {
                out.push((id.clone(), scope.clone(), Obs::Image(u)));
            }
        }
        "TextField" | "CheckBox" | "ChoicePicker" | "DateTimeInput" => {
            if let Some(t) = text_of(&n["label"]).filter(|t| !t.is_empty()) {
                out.push((id.clone(), scope.clone(), Obs::Text(t)));
            }
            for o in n["options"].as_array().into_iter().flatten() {
                if let Some(t) = text_of(&o["label"]).filter(|t| !t.is_empty()) {
                    out.push((id.clone(), scope.clone(), Obs::Text(t)));
                }
            }
        }
        "List" => {
            let k = n["children"].as_array().map_or(0, Vec::len);
            out.push((id.clone(), scope.clone(), Obs::Items(k)));
        }
        _ => {}
    }
    for key in ["child", "children"] {
        match &n[key] {
            Value::Object(_) => a2ui_obs(&n[key], out),
            Value::Array(a) => a.iter().for_each(|c| a2ui_obs(c, out)),
            _ => {}
        }
    }
}

/// Every Text node of a resolved tree: (id, scope) → text.
fn texts(n: &Value, out: &mut HashMap<(String, String), Value>) {
    if n["component"] == "Text" {
        out.insert(
            (
                n["id"].as_str().unwrap_or("").to_string(),
                n["dataPath"].as_str().unwrap_or("/").to_string(),
            ),
            n["text"].clone(),
        );
    }
    for key in ["child", "children"] {
        match &n[key] {
            Value::Object(_) => texts(&n[key], out),
            Value::Array(a) => a.iter().for_each(|c| texts(c, out)),
            _ => {}
        }
    }
}

fn surface_tree(resolve: &Value) -> Value {
    resolve["surfaces"]
        .as_object()
        .and_then(|m| m.values().next())
        .map(|s| s["tree"].clone())
        .unwrap_or(Value::Null)
}

fn components(e: &Export) -> &Vec<Value> {
    e.messages[1]["updateComponents"]["components"]
        .as_array()
        .expect("updateComponents")
}

struct Case {
    design: String,
    state: String,
    /// 0: validate+resolve v0.9 basic; 1: studio; 2: v0.8; 3: A's messages + B's data.
    kind: u8,
    other: Option<String>,
}

#[test]
fn every_design_and_state_agrees_with_the_a2ui_sdk() {
    let designs = designs();
    assert!(designs.len() >= 6, "the corpus is missing");
    let mut cases: Vec<Value> = Vec::new();
    let mut meta: Vec<Case> = Vec::new();
    let mut exports: HashMap<(String, String), (Export, Value)> = HashMap::new();
    for (name, d) in &designs {
        let all = states(d);
        for (i, (state, data)) in all.iter().enumerate() {
            let built = d.build(data);
            if !built.report.is_valid() {
                // A state the preview cannot build has nothing to export.
                assert!(
                    a2ui::export(d, data, &Options::default()).is_err(),
                    "{name} [{state}]: an invalid build must not export"
                );
                continue;
            }
            let widget = built.widget.unwrap().to_serde();
            let e = a2ui::export(d, data, &Options::default())
                .unwrap_or_else(|r| panic!("{name} [{state}]: {r:?}"));
            assert!(
                !e.report
                    .losses
                    .iter()
                    .any(|l| l.message.contains("could not be read")),
                "{name} [{state}]: the view's analysis fell back to literals: {:?}",
                e.report.losses
            );
            let id = cases.len();
            cases.push(json!({"id": id, "messages": e.messages}));
            meta.push(Case {
                design: name.clone(),
                state: state.clone(),
                kind: 0,
                other: None,
            });
            let studio = a2ui::export(
                d,
                data,
                &Options {
                    catalog: Catalog::Studio,
                    ..Options::default()
                },
            )
            .unwrap();
            cases.push(
                json!({"id": cases.len(), "messages": studio.messages, "catalog": studio.catalog}),
            );
            meta.push(Case {
                design: name.clone(),
                state: state.clone(),
                kind: 1,
                other: None,
            });
            let v08 = a2ui::export(
                d,
                data,
                &Options {
                    version: Version::V0_8,
                    ..Options::default()
                },
            )
            .unwrap();
            cases.push(json!({"id": cases.len(), "messages": v08.messages, "version": "v0.8"}));
            meta.push(Case {
                design: name.clone(),
                state: state.clone(),
                kind: 2,
                other: None,
            });
            // Another state's data sent to this state's surface.
            if all.len() > 1 {
                let (other, other_data) = &all[(i + 1) % all.len()];
                let mut msgs = e.messages.clone();
                let surface = msgs[0]["createSurface"]["surfaceId"].clone();
                let mut value = other_data.clone();
                if let (Some(m), Some(form)) = (
                    value.as_object_mut(),
                    e.messages[2]["updateDataModel"]["value"].get("form"),
                ) {
                    m.insert("form".into(), form.clone());
                }
                msgs.push(json!({"version": "v0.9", "updateDataModel": {"surfaceId": surface, "value": value}}));
                cases.push(json!({"id": cases.len(), "messages": msgs}));
                meta.push(Case {
                    design: name.clone(),
                    state: state.clone(),
                    kind: 3,
                    other: Some(other.clone()),
                });
            }
            exports.insert((name.clone(), state.clone()), (e, widget));
        }
    }
    let results = batch(&cases);
    let mut failures = Vec::new();
    let mut compared = 0usize;
    for (case, (input, r)) in meta.iter().zip(cases.iter().zip(&results)) {
        let label = format!(
            "{} [{}] ({})",
            case.design,
            case.state,
            ["v0.9", "studio", "v0.8", "update"][case.kind as usize]
        );
        if let Some(e) = r.get("error") {
            failures.push(format!("{label}: the reference crashed: {e}"));
            continue;
        }
        if r["validate"]["valid"] != json!(true) {
            let errors: Vec<String> = r["validate"]["messages"]
                .as_array()
                .into_iter()
                .flatten()
                .flat_map(|m| m["errors"].as_array().cloned().unwrap_or_default())
                .map(|e| {
                    format!("{} {}", e["path"], e["message"])
                        .chars()
                        .take(300)
                        .collect()
                })
                .collect();
            failures.push(format!(
                "{label}: validate failed: {}\n  {}",
                r["validate"]["sdk"]["message"]
                    .as_str()
                    .unwrap_or("")
                    .chars()
                    .take(300)
                    .collect::<String>(),
                errors.join("\n  ")
            ));
            let _ = input;
            continue;
        }
        let errors = &r["resolve"]["errors"];
        if errors.as_array().is_some_and(|a| !a.is_empty()) {
            failures.push(format!("{label}: resolve errors: {errors}"));
            continue;
        }
        let (export, widget) = &exports[&(case.design.clone(), case.state.clone())];
        let tree = surface_tree(&r["resolve"]);
        match case.kind {
            0 => {
                // Texts, images and list items as our widget shows them.
                let mut ours = Vec::new();
                widget_obs(widget, "", &mut ours);
                let ours: Vec<Obs> = ours.into_iter().map(|(_, _, o)| o).collect();
                let added: HashSet<String> = export
                    .report
                    .losses
                    .iter()
                    .filter(|l| l.added)
                    .filter_map(|l| l.component.clone())
                    .collect();
                let mut theirs = Vec::new();
                a2ui_obs(&tree, &mut theirs);
                let theirs: Vec<Obs> = theirs
                    .into_iter()
                    .filter(|(id, _, _)| !added.contains(id))
                    .map(|(_, _, o)| o)
                    .collect();
                if ours != theirs {
                    failures.push(format!(
                        "{label}: what A2UI draws differs from our widget\n ours:   {ours:?}\n theirs: {theirs:?}"
                    ));
                }
            }
            3 => {
                // Bound texts follow the other state's data.
                let other = case.other.clone().unwrap();
                let Some((_, _)) = exports.get(&(case.design.clone(), other.clone())) else {
                    continue;
                };
                let other_case = meta
                    .iter()
                    .position(|m| m.design == case.design && m.state == other && m.kind == 0)
                    .unwrap();
                let other_tree = surface_tree(&results[other_case]["resolve"]);
                let bound: HashSet<String> = components(export)
                    .iter()
                    .filter(|c| c["component"] == "Text" && c["text"].is_object())
                    .filter_map(|c| c["id"].as_str().map(str::to_string))
                    .collect();
                let lost: Vec<String> = export
                    .report
                    .losses
                    .iter()
                    .filter(|l| l.kind == LossKind::Binding)
                    .filter_map(|l| l.component.clone())
                    .collect();
                let exempt = |id: &str| {
                    lost.iter()
                        .any(|l| id == l || id.starts_with(&format!("{l}:")))
                };
                let mut now = HashMap::new();
                texts(&tree, &mut now);
                let mut want = HashMap::new();
                texts(&other_tree, &mut want);
                for ((id, scope), text) in &now {
                    if !bound.contains(id) || exempt(id) {
                        continue;
                    }
                    let Some(expected) = want.get(&(id.clone(), scope.clone())) else {
                        continue;
                    };
                    compared += 1;
                    let a = text.as_str().map(unescape_markdown);
                    let b = expected.as_str().map(unescape_markdown);
                    if a != b {
                        failures.push(format!(
                            "{label}: {id} at {scope} shows {text} with the data of [{other}], which shows {expected}"
                        ));
                    }
                }
            }
            _ => {}
        }
    }
    assert!(
        failures.is_empty(),
        "{} failure(s):\n{}",
        failures.len(),
        failures.join("\n\n")
    );
    assert!(
        compared > 20,
        "only {compared} bound texts were compared after a data update"
    );
    eprintln!(
        "{} cases; {compared} bound texts followed another state's data",
        cases.len()
    );
}
