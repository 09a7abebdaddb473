//! Agreement with ChatKit.js's published types: under the `chatkit-js` target, our verdict on
//! every generated case equals `tsc --strict`'s against the pinned `@openai/chatkit`
//! `types/widgets.d.ts`, except where an entry of `widget::target::INTENDED` explains the
//! difference; an entry that explains no case is stale and fails the test too.
//!
//! The cases are those of the SDK agreement test (every component, every prop at its edge
//! values, every field of object props; `common/cases.rs`) plus hand-written ones for the
//! places where the targets differ. They are written one per line into a `.ts` file as
//! `const cN: WidgetRoot = …;` and checked in one `tsc` run.
//!
//! It needs `node_modules` (`scripts/bootstrap`), so it is `#[ignore]`d in plain
//! `cargo test` and run by `make tsc-check`. `CHATKIT_TYPES=/path/to/widgets.d.ts` checks
//! against another version's types; `TSC_AGREEMENT_REPORT=FILE` writes every disagreement
//! there (what `scripts/chatkit-drift` prints) and `TSC_AGREEMENT_NO_FAIL=1` only reports.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde_json::{Value, json};
use widget::target::{Direction, INTENDED};
use widget::{Target, validate_str_for};

mod common;
use common::cases::{Case, generate};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn types() -> PathBuf {
    let p = std::env::var_os("CHATKIT_TYPES")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("node_modules/@openai/chatkit/types/widgets.d.ts"));
    assert!(
        p.exists(),
        "{} is missing: run scripts/bootstrap",
        p.display()
    );
    p
}

/// Cases for what differs between the targets, and the JS types' own corners.
fn handwritten() -> Vec<Case> {
    let card = |child: Value| json!({"type": "Card", "children": [child]});
    let text = json!({"type": "Text", "value": "x"});
    let list: Vec<(&str, Value)> = vec![
        (
            "basic-holds-card",
            json!({"type": "Basic", "children": [card(text.clone())]}),
        ),
        (
            "basic-holds-listview",
            json!({"type": "Basic", "children": [{"type": "ListView", "children": []}]}),
        ),
        (
            "basic-holds-basic",
            json!({"type": "Basic", "children": [{"type": "Basic", "children": [text.clone()]}]}),
        ),
        (
            "basic-holds-lvi",
            json!({"type": "Basic", "children": [{"type": "ListViewItem", "children": []}]}),
        ),
        (
            "card-holds-card",
            json!({"type": "Card", "children": [card(text.clone())]}),
        ),
        (
            "box-holds-basic",
            card(json!({"type": "Box", "children": [{"type": "Basic", "children": []}]})),
        ),
        ("basic-no-children", json!({"type": "Basic"})),
        (
            "basic-children-null",
            json!({"type": "Basic", "children": null}),
        ),
        ("card-no-children", json!({"type": "Card"})),
        (
            "card-children-null",
            json!({"type": "Card", "children": null}),
        ),
        (
            "card-children-object",
            json!({"type": "Card", "children": text.clone()}),
        ),
        ("listview-no-children", json!({"type": "ListView"})),
        (
            "lvi-no-children",
            json!({"type": "ListView", "children": [{"type": "ListViewItem"}]}),
        ),
        ("box-no-children", card(json!({"type": "Box"}))),
        (
            "box-children-null",
            card(json!({"type": "Box", "children": null})),
        ),
        (
            "transition-object",
            card(json!({"type": "Transition", "children": text.clone()})),
        ),
        (
            "transition-array-one",
            card(json!({"type": "Transition", "children": [text.clone()]})),
        ),
        ("transition-none", card(json!({"type": "Transition"}))),
        ("table-empty", card(json!({"type": "Table"}))),
        (
            "table-children-empty",
            card(json!({"type": "Table", "children": []})),
        ),
        (
            "table-holds-text",
            card(json!({"type": "Table", "children": [text.clone()]})),
        ),
        (
            "table-holds-cell",
            card(json!({"type": "Table", "children": [{"type": "Table.Cell"}]})),
        ),
        (
            "row-holds-text",
            card(
                json!({"type": "Table", "children": [{"type": "Table.Row", "children": [text.clone()]}]}),
            ),
        ),
        (
            "row-in-card",
            card(json!({"type": "Table.Row", "children": []})),
        ),
        (
            "cell-in-card",
            card(json!({"type": "Table.Cell", "children": [text.clone()]})),
        ),
        (
            "cell-in-table",
            card(
                json!({"type": "Table", "children": [{"type": "Table.Row", "children": [{"type": "Table.Cell", "children": [{"type": "Table", "children": []}]}]}]}),
            ),
        ),
        (
            "row-no-children",
            card(json!({"type": "Table", "children": [{"type": "Table.Row", "header": true}]})),
        ),
        (
            "table-in-basic",
            json!({"type": "Basic", "children": [{"type": "Table", "children": []}]}),
        ),
        (
            "table-in-lvi",
            json!({"type": "ListView", "children": [{"type": "ListViewItem", "children": [{"type": "Table"}]}]}),
        ),
        ("gap-fraction", card(json!({"type": "Row", "gap": 1.5}))),
        ("flex-fraction", card(json!({"type": "Box", "flex": 0.5}))),
        (
            "maxlines-fraction",
            card(json!({"type": "Text", "value": "x", "maxLines": 2.5})),
        ),
        (
            "rows-fraction",
            card(json!({"type": "Textarea", "name": "n", "rows": 2.5})),
        ),
        (
            "colspan-fraction",
            card(
                json!({"type": "Table", "children": [{"type": "Table.Row", "children": [{"type": "Table.Cell", "colSpan": 1.5}]}]}),
            ),
        ),
        (
            "int-string",
            card(json!({"type": "Text", "value": "x", "maxLines": "3"})),
        ),
        (
            "bool-one",
            card(json!({"type": "Text", "value": "x", "italic": 1})),
        ),
        (
            "bool-yes",
            card(json!({"type": "Text", "value": "x", "italic": "yes"})),
        ),
        (
            "false-zero",
            card(json!({"type": "Text", "value": "x", "editable": 0})),
        ),
        (
            "date-number",
            card(json!({"type": "DatePicker", "name": "d", "min": 1700000000})),
        ),
        (
            "null-optional",
            card(json!({"type": "Text", "value": "x", "color": null})),
        ),
        (
            "null-key",
            card(json!({"type": "Text", "value": "x", "key": null})),
        ),
        (
            "border-fraction",
            card(json!({"type": "Box", "border": {"size": 1.5}})),
        ),
        (
            "border-fraction-color",
            card(json!({"type": "Box", "border": {"size": 1.5, "color": "red"}})),
        ),
        (
            "border-side-fraction",
            card(json!({"type": "Box", "border": {"top": 0.5}})),
        ),
        (
            "card-border",
            json!({"type": "Card", "border": 2, "children": []}),
        ),
        (
            "card-border-bad",
            json!({"type": "Card", "border": "thick", "children": []}),
        ),
        (
            "basic-props",
            json!({"type": "Basic", "theme": "dark", "direction": "row", "gap": 1.5, "padding": {"x": 2}, "align": "center", "justify": "between", "children": []}),
        ),
        (
            "basic-theme-bad",
            json!({"type": "Basic", "theme": "sepia", "children": []}),
        ),
        (
            "payload-object",
            card(json!({"type": "Button", "onClickAction": {"type": "go", "payload": {"id": 1}}})),
        ),
        (
            "payload-array",
            card(json!({"type": "Button", "onClickAction": {"type": "go", "payload": [1, 2]}})),
        ),
        (
            "payload-string",
            card(json!({"type": "Button", "onClickAction": {"type": "go", "payload": "x"}})),
        ),
        (
            "payload-number",
            card(json!({"type": "Button", "onClickAction": {"type": "go", "payload": 3}})),
        ),
        (
            "payload-null",
            card(json!({"type": "Button", "onClickAction": {"type": "go", "payload": null}})),
        ),
        (
            "action-handler",
            card(json!({"type": "Button", "onClickAction": {"type": "go", "handler": "client"}})),
        ),
        (
            "action-handler-bad",
            card(json!({"type": "Button", "onClickAction": {"type": "go", "handler": "browser"}})),
        ),
        (
            "chart",
            card(
                json!({"type": "Chart", "data": [{"m": "Jan", "v": 3}], "series": [{"type": "bar", "dataKey": "v", "label": "V"}], "xAxis": "m"}),
            ),
        ),
        ("icon-clock", card(json!({"type": "Icon", "name": "clock"}))),
        (
            "icon-lucide",
            card(json!({"type": "Icon", "name": "lucide:rocket"})),
        ),
        (
            "image-flex",
            card(json!({"type": "Image", "src": "https://x/y.png", "flex": 1})),
        ),
        (
            "image-flex-bad",
            card(json!({"type": "Image", "src": "https://x/y.png", "flex": true})),
        ),
        (
            "select-option-disabled",
            card(
                json!({"type": "Select", "name": "s", "options": [{"value": "a", "label": "A", "disabled": true}]}),
            ),
        ),
        (
            "status-favicon-int",
            json!({"type": "Card", "status": {"text": "x", "favicon": 1}, "children": []}),
        ),
        (
            "status-both",
            json!({"type": "Card", "status": {"text": "x", "favicon": "f", "icon": "star"}, "children": []}),
        ),
        ("root-text", text.clone()),
        ("root-array", json!([{"type": "Card", "children": []}])),
    ];
    list.into_iter()
        .map(|(n, d)| Case {
            name: format!("hand-{n}"),
            text: serde_json::to_string(&d).unwrap(),
        })
        .collect()
}

/// Runs tsc over the cases; the set of case indexes it reports an error on.
fn tsc_errors(cases: &[Case]) -> (BTreeSet<usize>, BTreeMap<usize, Vec<String>>) {
    let dir = std::env::temp_dir().join(format!("widget-tsc-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let types = types();
    let import = types.with_extension("").with_extension("");
    let mut ts = format!(
        "import type {{ WidgetRoot }} from {};\n",
        serde_json::to_string(&import.to_string_lossy()).unwrap()
    );
    for (i, c) in cases.iter().enumerate() {
        assert!(!c.text.contains('\n'));
        ts.push_str(&format!("export const c{i}: WidgetRoot = {};\n", c.text));
    }
    let file = dir.join("cases.ts");
    std::fs::write(&file, ts).unwrap();
    let out = common::run_tsc(&dir, "cases.ts", &[]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let mut failed = BTreeSet::new();
    let mut messages: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    for line in stdout.lines() {
        // cases.ts(LINE,COL): error TSxxxx: message
        let Some(rest) = line.strip_prefix("cases.ts") else {
            continue;
        };
        let Some(num) = rest
            .strip_prefix('(')
            .and_then(|r| r.split(',').next())
            .and_then(|n| n.parse::<usize>().ok())
        else {
            continue;
        };
        assert!(num >= 2, "tsc reported an error outside the cases: {line}");
        failed.insert(num - 2);
        messages
            .entry(num - 2)
            .or_default()
            .push(rest.split_once(": ").map_or(rest, |x| x.1).to_string());
    }
    assert!(
        out.status.success() || !failed.is_empty(),
        "tsc failed without reporting on any case: {}\n{}",
        stdout,
        String::from_utf8_lossy(&out.stderr)
    );
    let _ = std::fs::remove_dir_all(&dir);
    (failed, messages)
}

#[test]
#[ignore = "needs node_modules (tsc and @openai/chatkit); run by `make tsc-check`"]
fn chatkit_js_target_agrees_with_tsc() {
    let mut cases = generate();
    cases.extend(handwritten());
    let (failed, messages) = tsc_errors(&cases);
    assert!(
        !failed.is_empty() && failed.len() < cases.len(),
        "tsc accepted or refused everything ({} of {}): the check is not working",
        failed.len(),
        cases.len()
    );
    let mut used: BTreeMap<&str, usize> = INTENDED.iter().map(|i| (i.id, 0)).collect();
    let mut drift = Vec::new();
    let mut covered: BTreeSet<String> = BTreeSet::new();
    for (i, case) in cases.iter().enumerate() {
        let tsc_ok = !failed.contains(&i);
        let report = validate_str_for(&case.text, Target::ChatkitJs);
        let ours_ok = report.is_valid();
        if let Some(c) = case.name.split('-').next() {
            covered.insert(c.to_string());
        }
        if tsc_ok == ours_ok {
            continue;
        }
        let (direction, diags) = if ours_ok {
            (Direction::Looser, &report.warnings)
        } else {
            (Direction::Stricter, &report.errors)
        };
        let explained = INTENDED
            .iter()
            .filter(|d| d.direction == direction)
            .find(|d| diags.iter().any(|x| (d.matches)(x)));
        match explained {
            Some(d) => *used.get_mut(d.id).unwrap() += 1,
            None => drift.push(format!(
                "{}: tsc {} / chatkit-js {}\n  doc: {}\n  tsc: {}\n  ours: {:?}",
                case.name,
                if tsc_ok { "accepts" } else { "refuses" },
                if ours_ok { "accepts" } else { "refuses" },
                case.text,
                messages.get(&i).map(|m| m.join(" | ")).unwrap_or_default(),
                report
                    .errors
                    .iter()
                    .chain(&report.warnings)
                    .map(|d| format!("{}: {}", d.code, d.message))
                    .collect::<Vec<_>>()
            )),
        }
    }
    let stale: Vec<&str> = used
        .iter()
        .filter(|(_, n)| **n == 0)
        .map(|(id, _)| *id)
        .collect();
    // Every component of the spec was generated (so every prop of it was, too).
    for c in widget::spec::COMPONENTS {
        assert!(covered.contains(c.name), "no case for {}", c.name);
    }
    eprintln!(
        "{} cases: tsc refuses {}; intended differences used: {:?}; drift: {}; stale: {:?}",
        cases.len(),
        failed.len(),
        used,
        drift.len(),
        stale
    );
    let mut text = drift.join("\n");
    for id in &stale {
        text.push_str(&format!(
            "\nstale intended difference `{id}`: no case differs from tsc this way any more; remove it from widget::target::INTENDED"
        ));
    }
    if let Ok(path) = std::env::var("TSC_AGREEMENT_REPORT") {
        std::fs::write(path, &text).unwrap();
    }
    if std::env::var_os("TSC_AGREEMENT_NO_FAIL").is_some() {
        return;
    }
    assert!(
        drift.is_empty() && stale.is_empty(),
        "the chatkit-js target drifted from @openai/chatkit's types: {} disagreements, stale: {:?}\n{}",
        drift.len(),
        stale,
        drift[..drift.len().min(40)].join("\n")
    );
}
