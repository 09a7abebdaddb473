//! Agreement with the ChatKit SDK: what its typed models reject, we reject; what
//! they accept, we accept, except for the documented structural rules.
//!
//! The cases are generated from the spec tables (so they cover the whole schema),
//! written to a temporary directory, and judged in one batch by
//! `../shared/reference/chatkit-ref validate` (the published Python SDK).
//! Set `WIDGET_STUDIO_SHARED` to point elsewhere than `../shared`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{Value, json};
use widget::{Code, validate_str};

mod common;
use common::cases::{Case, generate};

fn shared_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("WIDGET_STUDIO_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared"));
    dir.join("reference/chatkit-ref").exists().then_some(dir)
}

/// Hand-written cases for the SDK's corners (children shapes, roots, lax coercions).
fn handwritten() -> Vec<Case> {
    let t = |extra: Value| {
        let mut text = json!({"type": "Text", "value": "x"});
        for (k, v) in extra.as_object().unwrap() {
            text[k] = v.clone();
        }
        json!({"type": "Card", "children": [text]})
    };
    let list: Vec<(&str, Value)> = vec![
        ("root-array", json!([{"type": "Card"}])),
        ("root-string", json!("Card")),
        ("root-text", json!({"type": "Text", "value": "x"})),
        ("root-no-type", json!({"children": []})),
        ("root-type-int", json!({"type": 3, "children": []})),
        ("card-no-children", json!({"type": "Card"})),
        (
            "card-children-null",
            json!({"type": "Card", "children": null}),
        ),
        (
            "card-children-object",
            json!({"type": "Card", "children": {"type": "Text", "value": "x"}}),
        ),
        (
            "card-children-string",
            json!({"type": "Card", "children": "hello"}),
        ),
        (
            "child-string",
            json!({"type": "Card", "children": ["hello"]}),
        ),
        ("child-null", json!({"type": "Card", "children": [null]})),
        (
            "child-nested-array",
            json!({"type": "Card", "children": [[{"type": "Text", "value": "x"}]]}),
        ),
        (
            "child-no-type",
            json!({"type": "Card", "children": [{"value": "x"}]}),
        ),
        (
            "child-type-int",
            json!({"type": "Card", "children": [{"type": 3}]}),
        ),
        (
            "row-children-object",
            json!({"type": "Card", "children": [{"type": "Row", "children": {"type": "Text", "value": "x"}}]}),
        ),
        (
            "row-children-bad-deep",
            json!({"type": "Card", "children": [{"type": "Row", "children": [{"type": "Text"}]}]}),
        ),
        (
            "basic-children-string",
            json!({"type": "Basic", "children": "hi"}),
        ),
        (
            "basic-extra",
            json!({"type": "Basic", "foo": 1, "children": []}),
        ),
        (
            "text-children",
            json!({"type": "Card", "children": [{"type": "Text", "value": "x", "children": [{"type": "Badge", "label": "b"}]}]}),
        ),
        (
            "lvi-no-children",
            json!({"type": "ListView", "children": [{"type": "ListViewItem"}]}),
        ),
        (
            "transition-object",
            json!({"type": "Card", "children": [{"type": "Transition", "children": {"type": "Text", "value": "x"}}]}),
        ),
        ("int-float-big", t(json!({"maxLines": 1e20}))),
        ("int-str-underscore", t(json!({"maxLines": "1_000"}))),
        ("int-str-exp", t(json!({"maxLines": "1e3"}))),
        ("int-str-plus", t(json!({"maxLines": "+3"}))),
        ("int-str-frac", t(json!({"maxLines": "3.5"}))),
        ("int-str-double-underscore", t(json!({"maxLines": "1__0"}))),
        ("bool-str-space", t(json!({"italic": " true "}))),
        ("bool-str-upper", t(json!({"italic": "YES"}))),
        ("bool-float", t(json!({"italic": 1.0}))),
        ("bool-two", t(json!({"italic": 2}))),
        (
            "float-str-inf",
            json!({"type": "Card", "children": [{"type": "Row", "height": 1}], "padding": "inf"}),
        ),
        (
            "float-str-exp",
            json!({"type": "Card", "children": [{"type": "Chart", "data": [], "series": [], "xAxis": "a", "aspectRatio": "1e3"}]}),
        ),
        (
            "status-favicon-int",
            json!({"type": "Card", "status": {"text": "x", "favicon": 1}, "children": []}),
        ),
        (
            "status-no-text",
            json!({"type": "Card", "status": {"icon": "star"}, "children": []}),
        ),
        (
            "border-borders-extra",
            json!({"type": "Card", "children": [{"type": "Box", "border": {"size": 1, "color": 3}}]}),
        ),
        (
            "border-string",
            json!({"type": "Card", "children": [{"type": "Box", "border": "1px"}]}),
        ),
        (
            "chart-data-null",
            json!({"type": "Card", "children": [{"type": "Chart", "data": [{"a": null}], "series": [], "xAxis": "a"}]}),
        ),
        (
            "chart-data-bool",
            json!({"type": "Card", "children": [{"type": "Chart", "data": [{"a": true}], "series": [], "xAxis": "a"}]}),
        ),
        (
            "series-no-type",
            json!({"type": "Card", "children": [{"type": "Chart", "data": [], "series": [{"dataKey": "a", "label": "x"}], "xAxis": "a"}]}),
        ),
        (
            "series-bar-curve",
            json!({"type": "Card", "children": [{"type": "Chart", "data": [], "series": [{"type": "bar", "dataKey": "a", "label": "x", "curveType": "zig"}], "xAxis": "a"}]}),
        ),
        (
            "action-string",
            json!({"type": "Card", "children": [{"type": "Button", "onClickAction": "go"}]}),
        ),
        ("editable-true", t(json!({"editable": true}))),
        (
            "key-int-root",
            json!({"type": "Card", "key": 1, "children": []}),
        ),
    ];
    let mut cases: Vec<Case> = list
        .into_iter()
        .map(|(n, d)| Case {
            name: format!("hand-{n}"),
            text: serde_json::to_string(&d).unwrap(),
        })
        .collect();
    // Integers beyond 64 bits: exact in Python, so accepted.
    cases.push(Case {
        name: "hand-int-big-literal".into(),
        text: r#"{"type":"Card","children":[{"type":"Text","value":"x","maxLines":100000000000000000000000}]}"#.into(),
    });
    cases
}

/// Codes for documented rules the SDK does not check.
const STRUCTURAL: &[Code] = &[
    Code::MisplacedListViewItem,
    Code::ListViewChild,
    Code::TransitionChildren,
];

#[test]
fn sdk_agreement_on_generated_mutations() {
    let Some(shared) = shared_dir() else {
        panic!(
            "the SDK reference is missing: expected ../shared/reference/chatkit-ref next to the checkout (or set WIDGET_STUDIO_SHARED)"
        );
    };
    let mut cases = generate();
    cases.extend(handwritten());
    let dir = std::env::temp_dir().join(format!("widget-agreement-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let mut files = Vec::new();
    for (i, c) in cases.iter().enumerate() {
        let path = dir.join(format!("{i:05}.json"));
        std::fs::write(&path, &c.text).unwrap();
        files.push(path);
    }
    let out = Command::new(shared.join("reference/chatkit-ref"))
        .arg("validate")
        .args(&files)
        .output()
        .expect("run chatkit-ref");
    let results: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "chatkit-ref printed no JSON ({e}); stderr: {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    assert_eq!(results.len(), cases.len());
    let mut disagreements = Vec::new();
    let mut counts = BTreeMap::new();
    for ((case, file), res) in cases.iter().zip(&files).zip(&results) {
        let sdk_ok = res["strict"] == "ok" && res["dynamic"] == "ok" && res.get("error").is_none();
        let text = std::fs::read_to_string(file).unwrap();
        let report = validate_str(&text);
        let ours_ok = report.errors.iter().all(|e| STRUCTURAL.contains(&e.code));
        *counts.entry((sdk_ok, ours_ok)).or_insert(0) += 1;
        if sdk_ok != ours_ok {
            disagreements.push(format!(
                "{}: sdk={} ours={}\n  doc: {}\n  sdk: {}\n  ours: {:?}",
                case.name,
                sdk_ok,
                ours_ok,
                text,
                serde_json::to_string(res).unwrap(),
                report
                    .errors
                    .iter()
                    .map(|e| e.message.as_str())
                    .collect::<Vec<_>>()
            ));
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    if let Ok(path) = std::env::var("AGREEMENT_REPORT") {
        let _ = std::fs::write(path, disagreements.join("\n"));
    }
    eprintln!(
        "{} cases: sdk accepts {} / rejects {}; disagreements: {}",
        cases.len(),
        counts.get(&(true, true)).unwrap_or(&0) + counts.get(&(true, false)).unwrap_or(&0),
        counts.get(&(false, false)).unwrap_or(&0) + counts.get(&(false, true)).unwrap_or(&0),
        disagreements.len()
    );
    assert!(
        disagreements.is_empty(),
        "{} disagreements with the SDK:\n{}",
        disagreements.len(),
        disagreements[..disagreements.len().min(40)].join("\n")
    );
}

fn corpus_previews(shared: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(shared.join("corpus"))
        .expect("read corpus")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "widget"))
        .collect();
    entries.sort();
    for p in entries {
        let file: Value = serde_json::from_slice(&std::fs::read(&p).unwrap()).unwrap();
        let preview = serde_json::to_string_pretty(&file["outputJsonPreview"]).unwrap();
        out.push((
            p.file_name().unwrap().to_string_lossy().into_owned(),
            preview,
        ));
    }
    assert!(out.len() >= 6, "the corpus has at least six files");
    out
}

#[test]
fn sdk_agreement_on_the_corpus() {
    let shared = shared_dir().expect("../shared/reference is required");
    let dir = std::env::temp_dir().join(format!("widget-corpus-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let previews = corpus_previews(&shared);
    let mut files = Vec::new();
    for (name, text) in &previews {
        let path = dir.join(format!("{name}.json"));
        std::fs::write(&path, text).unwrap();
        files.push(path);
    }
    let out = Command::new(shared.join("reference/chatkit-ref"))
        .arg("validate")
        .args(&files)
        .output()
        .unwrap();
    let results: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    for ((name, text), res) in previews.iter().zip(&results) {
        let sdk_ok = res["strict"] == "ok" && res["dynamic"] == "ok";
        let report = validate_str(text);
        assert_eq!(
            report.is_valid(),
            sdk_ok,
            "{name}: sdk {res}, ours {:#?}",
            report.errors
        );
        // The .widget file itself validates through its preview, located in the file.
        let bytes = std::fs::read(shared.join("corpus").join(name)).unwrap();
        let file_report = widget::validate_input(&bytes, widget::InputKind::WidgetFile);
        assert_eq!(
            file_report.is_valid(),
            sdk_ok,
            "{name}: {:#?}",
            file_report.errors
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// Our JSON Schema, checked with a real draft 2020-12 validator (Python `jsonschema`
/// from the reference's venv): it is a valid schema, accepts the corpus and rejects
/// documents the validator rejects for type reasons.
#[test]
fn json_schema_is_valid_and_agrees_on_examples() {
    let shared = shared_dir().expect("../shared/reference is required");
    // Make sure the venv exists (chatkit-ref creates it on first use).
    let _ = Command::new(shared.join("reference/chatkit-ref"))
        .arg("schema")
        .output();
    let venv = std::env::var_os("CHATKIT_REF_VENV")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            let cache = std::env::var_os("XDG_CACHE_HOME")
                .map(PathBuf::from)
                .unwrap_or_else(|| PathBuf::from(std::env::var("HOME").unwrap()).join(".cache"));
            cache.join("chatkit-ref-venv")
        });
    let dir = std::env::temp_dir().join(format!("widget-schema-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let schema_path = dir.join("schema.json");
    std::fs::write(&schema_path, widget::schema::json_schema().to_string()).unwrap();
    let mut docs: Vec<(String, String, bool)> = corpus_previews(&shared)
        .into_iter()
        .map(|(n, t)| (n, t, true))
        .collect();
    for (name, text, ok) in [
        (
            "bad-enum",
            r#"{"type":"Card","children":[{"type":"Button","color":"purple"}]}"#,
            false,
        ),
        (
            "bad-type",
            r#"{"type":"Card","children":[{"type":"Text","value":3}]}"#,
            false,
        ),
        (
            "missing",
            r#"{"type":"Card","children":[{"type":"Image"}]}"#,
            false,
        ),
        (
            "unknown",
            r#"{"type":"Card","children":[{"type":"Buton"}]}"#,
            false,
        ),
        ("bad-root", r#"{"type":"Text","value":"x"}"#, false),
        (
            "misplaced-item",
            r#"{"type":"Card","children":[{"type":"ListViewItem","children":[]}]}"#,
            false,
        ),
        (
            "good-chart",
            r#"{"type":"Card","children":[{"type":"Chart","data":[{"m":"Jan","v":3}],"series":[{"type":"bar","dataKey":"v","label":"V"}],"xAxis":"m"}]}"#,
            true,
        ),
        (
            "good-list",
            r##"{"type":"ListView","limit":"auto","children":[{"type":"ListViewItem","onClickAction":{"type":"open"},"children":[{"type":"Text","value":"x","color":{"light":"#000","dark":"#fff"}}]}]}"##,
            true,
        ),
    ] {
        docs.push((name.into(), text.into(), ok));
    }
    let mut script = String::from(
        "import json,sys\nfrom jsonschema import Draft202012Validator as V\nschema=json.load(open(sys.argv[1]))\nV.check_schema(schema)\nv=V(schema)\nfor p in sys.argv[2:]:\n    print(json.dumps(v.is_valid(json.load(open(p)))))\n",
    );
    script.push('\n');
    let script_path = dir.join("check.py");
    std::fs::write(&script_path, script).unwrap();
    let mut paths = Vec::new();
    for (i, (_, text, _)) in docs.iter().enumerate() {
        let p = dir.join(format!("{i}.json"));
        std::fs::write(&p, text).unwrap();
        paths.push(p);
    }
    let out = Command::new(venv.join("bin/python"))
        .arg(&script_path)
        .arg(&schema_path)
        .args(&paths)
        .output()
        .expect("run the venv's python");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let verdicts: Vec<bool> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| l.trim() == "true")
        .collect();
    for ((name, _, expected), got) in docs.iter().zip(verdicts) {
        // The schema cannot express "ListViewItem only inside ListView" for every nesting,
        // but ours does: Card children are Components, which exclude ListViewItem.
        assert_eq!(got, *expected, "schema verdict for {name}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
