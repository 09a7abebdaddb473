//! Hand-written Jinja templates (template-only imports) render like the SDK's jinja2:
//! compared with `chatkit-ref build` on the corpus' template-only files and several states.

mod common;
use common::*;

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{Value, json};

fn sdk(file: &Path, data: &Value, tag: &str) -> Result<Value, String> {
    let df = std::env::temp_dir().join(format!("widget-tonly-{}-{tag}.json", std::process::id()));
    std::fs::write(&df, data.to_string()).unwrap();
    let out = Command::new(shared().join("reference/chatkit-ref"))
        .arg("build")
        .arg(file)
        .arg(&df)
        .output()
        .unwrap();
    let _ = std::fs::remove_file(&df);
    let v: Value = serde_json::from_slice(&out.stdout).map_err(|e| e.to_string())?;
    if out.status.success() {
        Ok(v)
    } else {
        Err(v["error"].as_str().unwrap_or("").to_string())
    }
}

fn template_of(name: &str) -> (PathBuf, String) {
    let p = shared().join("corpus").join(name);
    let def: Value = serde_json::from_slice(&std::fs::read(&p).unwrap()).unwrap();
    (p, def["template"].as_str().unwrap().to_string())
}

fn flight(id: &str) -> Value {
    json!({"id": id, "from_airport": "SFO", "to_airport": "JFK", "dep_time": "08:05", "arr_time": "16:40", "date_label": "Tue, Mar 4", "cabin": "Economy"})
}

#[test]
fn template_only_files_render_like_the_sdk() {
    let cases: Vec<(&str, Value)> = vec![
        ("flight_options.widget", json!({})),
        (
            "flight_options.widget",
            json!({"options": [flight("a"), flight("b")], "selectedId": "b", "actionType": "flight.select", "request": {"origin": "SFO", "destination": "JFK"}, "leg": "return"}),
        ),
        (
            "flight_options.widget",
            json!({"options": [flight("a")], "actionType": "flight.select", "request": {"origin": "SFO"}}),
        ),
        (
            "meal_preferences.widget",
            json!({"options": [], "actionType": "meal.pick"}),
        ),
        (
            "meal_preferences.widget",
            json!({"options": [{"value": "veg", "label": "Vegetarian"}, {"value": "vegan", "label": "Vegan <b>&</b>"}], "selected": "vegan", "actionType": "meal.pick"}),
        ),
        (
            "meal_preferences.widget",
            json!({"options": [{"value": "veg", "label": "Vegetarian"}], "selected": null, "actionType": "meal.pick"}),
        ),
    ];
    let mut compared = 0;
    for (i, (name, data)) in cases.iter().enumerate() {
        let (path, template) = template_of(name);
        let expected = sdk(&path, data, &i.to_string());
        let ours = widget::template::render::render(&template, data);
        match (expected, ours) {
            (Ok(e), Ok(o)) => {
                assert_eq!(normalise(&o.to_serde()), normalise(&e), "{name} case {i}");
                compared += 1;
            }
            (Err(e), Err(r)) => panic!(
                "{name} case {i}: both failed (sdk: {e}; ours: {:?}); fix the test data",
                r.errors
            ),
            (e, o) => panic!(
                "{name} case {i}: sdk {e:?} vs ours {:?}",
                o.map(|n| n.to_serde()).map_err(|r| r.errors)
            ),
        }
    }
    assert_eq!(compared, cases.len());
}

#[test]
fn strict_undefined_fails_where_the_sdk_fails() {
    // line_select's template was hand-edited to read item.name, which the data lacks.
    let (path, template) = template_of("line_select.widget");
    let def: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    let state = widget::widgetfile::builder_state(&def).unwrap();
    let data = &state["defaultState"];
    assert!(
        sdk(&path, data, "ls").is_err(),
        "the SDK fails on this template"
    );
    let err = widget::template::render::render(&template, data).unwrap_err();
    let e = &err.errors[0];
    assert_eq!(e.code, widget::Code::TemplateUndefined);
    assert!(e.message.contains("StrictUndefined"), "{}", e.message);
    assert!(e.line >= 1);
}

#[test]
fn hostile_templates_are_bounded_and_located() {
    let forever = "{% for a in range(1000) %}{% for b in range(1000) %}{% for c in range(1000) %}x{% endfor %}{% endfor %}{% endfor %}";
    let e = widget::template::render::render_text(forever, &json!({})).unwrap_err();
    assert_eq!(e.errors[0].code, widget::Code::TemplateLimit);

    let e =
        widget::template::render::render("{\"type\": \"Card\",\n \"x\": {{ 1 + }} }", &json!({}))
            .unwrap_err();
    assert_eq!(e.errors[0].code, widget::Code::TemplateSyntax);
    assert_eq!(e.errors[0].line, 2);

    let e = widget::template::render::render("{\"type\": \"Card\", \"children\": [,]}", &json!({}))
        .unwrap_err();
    assert!(
        e.errors[0].message.contains("rendered invalid JSON"),
        "{}",
        e.errors[0].message
    );
}

#[test]
fn jinja_features_render_like_jinja2() {
    // namespace, default, loop variables, set blocks, filters and tojson escaping.
    let template = r#"{%- set ns = namespace(total=0, names=[]) -%}
{%- for it in items | default([]) -%}{%- set ns.total = ns.total + it.n -%}{%- endfor -%}
{%- set title = heading | default("Untitled") -%}
{%- set _c -%}{%- for it in items -%},{"type":"Text","value":{{ (it.label ~ " #" ~ loop.index ~ "/" ~ loop.length) | tojson }}{% if loop.first %},"weight":"bold"{% endif %}}{%- endfor -%}{%- endset -%}
{"type":"Card","status":{"text":{{ (title | upper) | tojson }}},"children":[{"type":"Title","value":{{ ("Total " ~ ns.total) | tojson }}},{{- (_c[1:] if _c and _c[0] == "," else _c) -}}{% if items | length == 0 %}{"type":"Text","value":"none"}{% endif %}],"confirm":{"label":{{ "<b>&'\"" | tojson }},"action":{"type":"x","payload":{{ meta | default({"a": [1, 2], "z": none}) | tojson }}}}}"#;
    let dir = std::env::temp_dir().join(format!("widget-jfeat-{}.widget", std::process::id()));
    std::fs::write(
        &dir,
        json!({"version": "1.0", "name": "f", "template": template, "jsonSchema": {}}).to_string(),
    )
    .unwrap();
    for (i, data) in [
        json!({"items": [{"label": "a", "n": 2}, {"label": "b", "n": 3.5}], "heading": "hi"}),
        json!({"items": [], "meta": {"k": "v"}}),
    ]
    .iter()
    .enumerate()
    {
        let expected = sdk(&dir, data, &format!("jf{i}")).unwrap();
        let ours = widget::template::render::render(template, data)
            .unwrap_or_else(|r| panic!("{:#?}", r.errors));
        assert_eq!(
            normalise(&ours.to_serde()),
            normalise(&expected),
            "case {i}"
        );
    }
    let _ = std::fs::remove_file(&dir);
}

#[test]
fn our_exports_reimport_as_views_not_through_minijinja() {
    // Exported templates are written for the SDK's jinja2 (namespace accumulation, macros,
    // Python string methods), which minijinja does not all have; they never need it: an export
    // carries its view in encodedWidget and re-imports as a JSX design, built by the evaluator.
    let dir = shared().join("corpus");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let p = entry.unwrap().path();
        if p.extension().is_none_or(|e| e != "widget") {
            continue;
        }
        let d = widget::design::Design::from_widget_file(&std::fs::read(&p).unwrap()).unwrap();
        if d.kind != widget::design::DesignKind::Jsx {
            continue;
        }
        let file = serde_json::to_vec(&d.to_widget_file().unwrap()).unwrap();
        let again = widget::design::Design::from_widget_file(&file).unwrap();
        assert_eq!(
            again.kind,
            widget::design::DesignKind::Jsx,
            "{}",
            p.display()
        );
        assert_eq!(again.source, d.source, "{}", p.display());
        assert_eq!(
            normalise(&again.build(&again.default_state).widget.unwrap().to_serde()),
            normalise(&d.build(&d.default_state).widget.unwrap().to_serde()),
            "{}",
            p.display()
        );
        n += 1;
    }
    assert_eq!(n, 4);
}
