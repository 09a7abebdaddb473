//! `.widget` import and export: every corpus file imports; exports round-trip; the SDK
//! decodes, builds and validates our exports; template-only files come back unchanged.

mod common;
use common::*;

use std::process::Command;

use serde_json::{Value, json};
use widget::design::{Design, DesignKind, NamedState};

fn corpus() -> Vec<(String, Vec<u8>)> {
    corpus_files()
}

fn reference(args: &[&str]) -> (bool, Value) {
    let out = Command::new(shared().join("reference/chatkit-ref"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.success(),
        serde_json::from_slice(&out.stdout).unwrap_or(Value::Null),
    )
}

#[test]
fn corpus_imports_exports_and_the_sdk_agrees() {
    let dir = std::env::temp_dir().join(format!("widget-files-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut kinds = Vec::new();
    for (name, bytes) in corpus() {
        let design =
            Design::from_widget_file(&bytes).unwrap_or_else(|r| panic!("{name}: {:#?}", r.errors));
        kinds.push(design.kind);
        let exported = design
            .to_widget_file()
            .unwrap_or_else(|r| panic!("{name}: {:#?}", r.errors));
        let text = serde_json::to_string_pretty(&exported).unwrap();
        // Round trip through our own import.
        let again = Design::from_widget_file(text.as_bytes()).unwrap();
        assert_eq!(again, design, "{name} round-trips");
        let path = dir.join(&name);
        std::fs::write(&path, &text).unwrap();
        let original: Value = serde_json::from_slice(&bytes).unwrap();
        match design.kind {
            DesignKind::TemplateOnly => {
                // Written back unchanged.
                assert_eq!(exported, original, "{name}");
            }
            DesignKind::Jsx => {
                let (ok, decoded) = reference(&["decode", path.to_str().unwrap()]);
                assert!(ok, "{name}: the SDK reference decodes our encodedWidget");
                assert_eq!(decoded["view"], json!(design.source));
                assert_eq!(decoded["defaultState"], design.default_state);
                let (ok, built) = reference(&["build", path.to_str().unwrap()]);
                assert!(ok, "{name}: {built}");
                assert_eq!(
                    normalise(&built),
                    normalise(&exported["outputJsonPreview"]),
                    "{name}"
                );
                // Our preview is the Studio's preview.
                assert_eq!(
                    normalise(&exported["outputJsonPreview"]),
                    normalise(&original["outputJsonPreview"]),
                    "{name}"
                );
                let (ok, report) = reference(&["validate", path.to_str().unwrap()]);
                assert!(ok, "{name}: {report}");
            }
            DesignKind::Json => unreachable!(),
        }
    }
    assert_eq!(
        kinds
            .iter()
            .filter(|k| **k == DesignKind::TemplateOnly)
            .count(),
        2
    );
    assert_eq!(kinds.iter().filter(|k| **k == DesignKind::Jsx).count(), 4);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn named_states_are_written_and_read_in_both_spellings() {
    let mut d = Design::jsx(
        "Greeting",
        "<Card><Text value={`Hi ${name}`} /></Card>",
        json!({"name": "Ada"}),
    );
    d.states.push(NamedState {
        name: "long".into(),
        data: json!({"name": "Ada Lovelace, Countess"}),
    });
    let file = d.to_widget_file().unwrap();
    let state = widget::widgetfile::builder_state(&file).unwrap();
    assert_eq!(
        state["states"],
        json!([{"name": "long", "data": {"name": "Ada Lovelace, Countess"}}])
    );
    assert_eq!(
        file["jsonSchema"]["properties"]["name"]["type"], "string",
        "schema inferred from the default state"
    );
    // Other tools write {name, state}.
    let mut builder = state.clone();
    builder["states"] = json!([{"name": "alt", "state": {"name": "Bo"}}, {"nameless": true}]);
    let mut file2 = file.clone();
    file2["encodedWidget"] = json!(widget::widgetfile::base64url_encode(
        builder.to_string().as_bytes()
    ));
    let d2 = Design::from_widget_file(file2.to_string().as_bytes()).unwrap();
    // An entry without a name or data is kept too (named, with no data), so every state
    // keeps its index in the file.
    assert_eq!(
        d2.states,
        vec![
            NamedState {
                name: "alt".into(),
                data: json!({"name": "Bo"})
            },
            NamedState {
                name: "state 2".into(),
                data: Value::Null
            }
        ]
    );
}

#[test]
fn a_widget_file_brings_back_the_whole_design_rules_and_asset_base_too() {
    let mut d = Design::jsx(
        "Rules",
        "<Card><Button label=\"Go\" onClickAction={{ type: \"go\" }} /></Card>",
        json!({"n": 0}),
    );
    d.handlers = widget::actions::rules::DesignHandlers::from_value(
        json!({"rules": [{"on": "go", "steps": [{"step": "add", "field": "n", "by": 1}]}]}),
    );
    d.export.asset_base = Some("https://cdn.example.com/w/".into());
    d.target = widget::Target::ChatkitJs;
    let file = d.to_widget_file().unwrap();
    let state = widget::widgetfile::builder_state(&file).unwrap();
    assert_eq!(state["handlers"], d.handlers.to_value());
    assert_eq!(state["assetBase"], "https://cdn.example.com/w/");
    let back = Design::from_widget_file(file.to_string().as_bytes()).unwrap();
    assert_eq!(
        (&back.handlers, &back.export, back.target),
        (&d.handlers, &d.export, d.target)
    );
    // A design without them writes neither.
    let plain = Design::jsx("Plain", "<Card />", json!({}));
    let state = widget::widgetfile::builder_state(&plain.to_widget_file().unwrap()).unwrap();
    assert!(state.get("handlers").is_none() && state.get("assetBase").is_none());
    // A blank base is no base (the API takes one): not written, and an older file's read as
    // none, so the file comes back instead of failing at its assetBase.
    let mut blank = Design::jsx("Blank", "<Card />", json!({}));
    blank.export.asset_base = Some("  ".into());
    let blank_file = blank.to_widget_file().unwrap();
    let state = widget::widgetfile::builder_state(&blank_file).unwrap();
    assert!(state.get("assetBase").is_none());
    let mut older = state.clone();
    older["assetBase"] = json!(" ");
    let mut older_file = blank_file.clone();
    older_file["encodedWidget"] = json!(widget::widgetfile::base64url_encode(
        older.to_string().as_bytes()
    ));
    let back = Design::from_widget_file(older_file.to_string().as_bytes()).unwrap();
    assert_eq!(back.export.asset_base, None);
    // A saved base the export would refuse (from before writes checked it) is left out.
    blank.export.asset_base = Some("ftp://x/".into());
    let state = widget::widgetfile::builder_state(&blank.to_widget_file().unwrap()).unwrap();
    assert!(state.get("assetBase").is_none());
    // An asset base the export would refuse is refused where it is, saying what is allowed.
    for (base, says) in [
        (
            json!("ftp://x/"),
            "encodedWidget.assetBase: the asset base URL",
        ),
        (
            json!(3),
            "encodedWidget.assetBase is a number; expected the asset base URL, as text",
        ),
    ] {
        let mut state = widget::widgetfile::builder_state(&file).unwrap();
        state["assetBase"] = base;
        let mut bad = file.clone();
        bad["encodedWidget"] = json!(widget::widgetfile::base64url_encode(
            state.to_string().as_bytes()
        ));
        let e = Design::from_widget_file(bad.to_string().as_bytes()).unwrap_err();
        assert_eq!(e.errors[0].path, "encodedWidget.assetBase");
        assert!(
            e.errors[0].message.starts_with(says),
            "{}",
            e.errors[0].message
        );
    }
}

#[test]
fn the_python_snippet_builds_the_exported_file_with_the_sdk() {
    // Everything a state's JSON can hold, in Python's spelling.
    let d = Design::jsx(
        "Snippet \"test\" ✈",
        "<Card><Text value={`${title} ${n} ${ok} ${rows.length}`} />{ok ? <Text value=\"x\" /> : null}</Card>",
        json!({
            "title": "It's \"quoted\" \\ back\nslash\ttab \u{1} é ✈ 😀 \u{202e}rtl",
            "n": 1.5e300, "big": 12345678901234567i64, "neg": -0.25, "ok": true, "no": false,
            "none": null, "rows": [{"id": 1, "tags": []}, "two", [[]]], "empty": {},
            "None": "True", "key with \"quote\"": 1
        }),
    );
    let dir = std::env::temp_dir().join(format!("widget-snippet-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = d.to_widget_file().unwrap();
    let stem = widget::widgetfile::download_stem(&d.name);
    std::fs::write(
        dir.join(format!("{stem}.widget")),
        serde_json::to_string_pretty(&file).unwrap(),
    )
    .unwrap();
    let snippet = widget::widgetfile::python_snippet(&d, &Default::default()).text;
    let script = format!(
        "{snippet}import json\nprint(json.dumps(state))\nprint(widget.model_dump_json(exclude_none=True))\n"
    );
    let out = Command::new(sdk_python())
        .current_dir(&dir)
        .args(["-c", &script])
        .output()
        .unwrap();
    std::fs::remove_dir_all(&dir).ok();
    assert!(
        out.status.success(),
        "{snippet}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let mut lines = text.lines();
    let state: Value = serde_json::from_str(lines.next().unwrap()).unwrap();
    assert_eq!(state, d.default_state, "{snippet}");
    assert!(same_in_order(&state, &d.default_state), "{snippet}");
    let built: Value = serde_json::from_str(lines.next().unwrap()).unwrap();
    assert_eq!(normalise(&built), normalise(&file["outputJsonPreview"]));
}

#[test]
fn plain_json_designs_export_as_static_templates() {
    // Every delimiter, and the spellings of `endraw` a `{% raw %}` block could not hold.
    let literal = "literal {{ braces }} and {% tags %}, {{{ three, {#c#}, {%endraw%} {%  endraw  %} {%+ endraw %} {%- endraw -%} {% endraw %}";
    let widget =
        json!({"type": "Card", "children": [{"type": "Text", "value": literal}]}).to_string();
    let d = Design {
        kind: DesignKind::Json,
        source: widget,
        ..Design::jsx("Static", "", json!({}))
    };
    let file = d.to_widget_file().unwrap();
    let t = file["template"].as_str().unwrap();
    assert!(
        !t.contains("{{") && !t.contains("{%") && !t.contains("{#"),
        "{t}"
    );
    let dir = std::env::temp_dir().join(format!("widget-static-{}.widget", std::process::id()));
    std::fs::write(&dir, file.to_string()).unwrap();
    let (ok, built) = reference(&["build", dir.to_str().unwrap()]);
    let _ = std::fs::remove_file(&dir);
    assert!(ok, "{built}");
    assert_eq!(built["children"][0]["value"], literal);
}

#[test]
fn bad_widget_files_get_clear_errors() {
    let e =
        Design::from_widget_file(b"{\"version\": \"2.0\", \"name\": \"x\", \"template\": \"{}\"}")
            .unwrap_err();
    assert!(
        e.errors[0]
            .message
            .contains("unsupported .widget version \"2.0\"")
    );
    let e = Design::from_widget_file(b"{\"version\": \"1.0\", \"name\": \"x\"}").unwrap_err();
    assert!(e.errors[0].message.contains("neither a builder state"));
    let e = Design::from_widget_file(b"{\"name\": \"x\",\n \"template\": }").unwrap_err();
    assert_eq!(e.errors[0].code, widget::Code::JsonSyntax);
    assert_eq!(e.errors[0].line, 2);
    let e = Design::from_widget_file(b"[1]").unwrap_err();
    assert!(
        e.errors[0]
            .message
            .contains("a .widget file is a JSON object")
    );
    // Exporting never needs data: a default state without what the view reads gives a file
    // without outputJsonPreview.
    let d = Design::jsx(
        "Bare",
        "<Card>\n  <Text value={missing} />\n</Card>",
        json!({}),
    );
    let file = d.to_widget_file().unwrap();
    assert!(file.get("outputJsonPreview").is_none());
    assert!(file["template"].as_str().unwrap().contains("missing"));
    // A view that cannot be right for any data is not exported; the error is located.
    let d = Design::jsx(
        "Broken",
        "<Card>\n  {items.map((i) => <Txet value={i} />)}\n</Card>",
        json!({}),
    );
    let e = d.to_widget_file().unwrap_err();
    assert_eq!(e.errors[0].code, widget::Code::UnknownComponent);
    assert_eq!((e.errors[0].line, e.errors[0].column), (2, 22));
}

#[test]
fn states_are_checked_against_the_schema() {
    // Every corpus design's states satisfy its schema.
    for (name, bytes) in corpus() {
        let d = Design::from_widget_file(&bytes).unwrap();
        if d.kind == DesignKind::Jsx {
            let r = d.check_states();
            assert!(r.is_valid(), "{name}: {:#?}", r.errors);
        }
    }
    // A state that breaks the zod schema is reported with its state name, path and position.
    let bytes = std::fs::read(shared().join("corpus/cat_profile.widget")).unwrap();
    let mut d = Design::from_widget_file(&bytes).unwrap();
    d.states.push(NamedState { name: "broken".into(), data: json!({"name": "Luna", "image_src": "not a url", "age": 2, "color_pattern": "x", "favorite_toy": "y", "extra": true}) });
    let r = d.check_states();
    let got: Vec<(Option<String>, String, usize)> = r
        .errors
        .iter()
        .map(|e| {
            (
                e.origin.as_ref().map(ToString::to_string),
                e.path.clone(),
                e.line,
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            (Some("state broken".into()), "image_src".into(), 3),
            (Some("state broken".into()), "age".into(), 4),
            (Some("state broken".into()), "extra".into(), 7),
        ]
    );
    assert!(
        r.errors[1]
            .message
            .contains("age: expected string, found an integer")
    );
    assert!(
        r.errors[2]
            .message
            .contains("extra is not allowed by the schema")
    );
}

#[test]
fn a_template_only_design_whose_template_does_not_read_does_not_export() {
    let d = Design {
        kind: DesignKind::TemplateOnly,
        source: "{\"type\": \"Card\", \"children\": [\n{% for x in %}{% endfor %}]}".into(),
        ..Design::jsx("Broken", "", json!({}))
    };
    let e = d.to_widget_file().unwrap_err();
    let first = &e.errors[0];
    assert_eq!(first.code, widget::Code::TemplateSyntax, "{first:?}");
    assert!(
        first.message.contains("does not read as Jinja"),
        "{}",
        first.message
    );
    assert_eq!(first.line, 2, "{first:?}");
    // A template the studio itself wrote (its prelude defines macros, which this build of
    // minijinja does not read) still exports: only what is surely broken is refused.
    let jsx = Design::jsx("Ok", "<Card><Text value={t} /></Card>", json!({"t": "x"}));
    let template = jsx.template().unwrap();
    assert!(template.contains("macro _"), "{template}");
    // (An imported file, kept to write back: what a .widget whose builder state did not read
    // becomes when imported as its template alone.)
    let d2 = Design {
        kind: DesignKind::TemplateOnly,
        source: template.clone(),
        original: Some(json!({"version": "1.0", "name": "Ok", "template": template})),
        ..Design::jsx("Ok", "", json!({"t": "x"}))
    };
    assert_eq!(d2.to_widget_file().unwrap()["template"], json!(template));
    // With `original` (an imported file kept to write back) too.
    let d = Design {
        original: Some(json!({"version": "1.0", "name": "Broken", "template": ""})),
        ..d
    };
    assert!(d.to_widget_file().is_err());
}

/// A template-only design keeps its template once: in `source`. Its `original` holds the
/// file's other fields, `null` where the template was, and the file is written back whole,
/// its keys in their order.
#[test]
fn a_template_only_import_keeps_its_template_once() {
    let file = json!({
        "version": "1.0",
        "name": "Big",
        "template": "{\"type\":\"Card\",\"children\":[]}",
        "jsonSchema": {"type": "object"},
    });
    let text = serde_json::to_string(&file).unwrap();
    let design = Design::from_widget_file(text.as_bytes()).unwrap();
    assert_eq!(design.kind, DesignKind::TemplateOnly);
    assert_eq!(design.original.as_ref().unwrap()["template"], Value::Null);
    let stored = serde_json::to_string(&design).unwrap();
    assert_eq!(
        stored.matches("\\\"type\\\":\\\"Card\\\"").count(),
        1,
        "{stored}"
    );
    let back = design.to_widget_file().unwrap();
    assert_eq!(
        serde_json::to_string(&back).unwrap(),
        text,
        "written back byte for byte"
    );
    // A document stored before: slimmed on request, its export the same.
    let mut legacy = design.clone();
    legacy.original = Some(file.clone());
    assert_eq!(legacy.to_widget_file().unwrap(), back);
    assert!(legacy.slim_original());
    assert_eq!(legacy, design);
    assert!(!legacy.slim_original(), "once");
    // Only a template-only design's `original` is touched.
    let mut jsx = Design::jsx("J", "<Card />", json!({}));
    jsx.original = Some(file);
    assert!(!jsx.slim_original());
}

/// An `original` that is not an object (a hand-edited document) is not written back, and
/// does not panic the export.
#[test]
fn an_original_that_is_not_an_object_is_ignored() {
    for original in [json!(5), json!("x"), json!([1]), Value::Null] {
        let d = Design {
            kind: DesignKind::TemplateOnly,
            source: "{\"type\":\"Card\",\"children\":[]}".into(),
            original: Some(original.clone()),
            ..Design::jsx("T", "", json!({}))
        };
        let file = d
            .to_widget_file()
            .unwrap_or_else(|r| panic!("{original}: {:?}", r.errors));
        assert_eq!(file["template"], json!(d.source), "{original}");
        assert_eq!(file["name"], json!("T"), "{original}");
    }
}

/// A `.widget` with a builder state (`encodedWidget`) around `state`, pretty-printed so that each
/// field is on a line of its own: `version` on 2, `name` on 3, `template` on 4, `encodedWidget` on 5.
fn file_with(encoded: &str) -> Vec<u8> {
    serde_json::to_string_pretty(&json!({
        "version": "1.0",
        "name": "x",
        "template": "{\"type\": \"Card\", \"children\": []}",
        "encodedWidget": encoded,
    }))
    .unwrap()
    .into_bytes()
}

fn encode(text: &str) -> String {
    widget::widgetfile::base64url_encode(text.as_bytes())
}

/// What the SDK cannot load is refused, and every refusal is located at the field it is about
/// (it was 0:0), says what is wrong and what is allowed.
#[test]
fn refusals_of_widget_files_are_located_and_say_what_is_allowed() {
    let cases: Vec<(Vec<u8>, &str, usize, &str)> = vec![
        // The SDK fails with KeyError 'version', or ValueError for a version that is a number.
        (
            br#"{"name": "x", "template": "{}"}"#.to_vec(),
            "",
            1,
            "no version",
        ),
        (
            b"{\n  \"version\": 1.0, \"name\": \"x\", \"template\": \"{}\"}".to_vec(),
            "version",
            2,
            "a number, not text",
        ),
        (
            b"{\n  \"version\": \"1.0\", \"template\": \"{}\"}".to_vec(),
            "",
            1,
            "no name",
        ),
        (
            b"{\"version\": \"1.0\",\n \"name\": {}, \"template\": \"{}\"}".to_vec(),
            "name",
            2,
            "name is an object",
        ),
        (
            b"{\"version\": \"1.0\", \"name\": \"x\",\n \"template\": 42}".to_vec(),
            "template",
            2,
            "template is a number",
        ),
        // A damaged builder state is not read as a template-only file (which would drop the
        // view and states unsaid).
        (
            file_with("!!not base64"),
            "encodedWidget",
            5,
            "not base64url",
        ),
        (
            file_with(&encode("{\"view\": \"<Card>")),
            "encodedWidget",
            5,
            "does not read as JSON",
        ),
        (
            file_with(&encode("\"just text\"")),
            "encodedWidget",
            5,
            "JSON that is text",
        ),
        (
            file_with(&widget::widgetfile::base64url_encode(&[
                0xff, 0xfe, 0x00, 0x01,
            ])),
            "encodedWidget",
            5,
            "not UTF-8",
        ),
        (
            file_with(&encode(r#"{"view": "<Card />", "target": "chatkit-go"}"#)),
            "encodedWidget.target",
            5,
            "expected \"chatkit-python\"",
        ),
        (
            file_with(&encode(
                r#"{"view": "<Card />", "states": [{"name": "a", "data": {}}, "str"]}"#,
            )),
            "encodedWidget",
            5,
            "states[1] that is text",
        ),
        (
            file_with(&encode(
                r#"{"view": "<Card />", "states": [{"name": "a", "data": [1]}]}"#,
            )),
            "encodedWidget.states[0].data",
            5,
            "encodedWidget.states[0].data: ",
        ),
        (
            file_with(&encode(r#"{"view": "<Card />", "defaultState": 5}"#)),
            "encodedWidget.defaultState",
            5,
            "the default state is a number",
        ),
        // Indices are the file's: an empty entry before the bad one does not shift them.
        (
            file_with(&encode(
                r#"{"view": "<Card />", "states": [{}, {"name": "x", "data": 5}]}"#,
            )),
            "encodedWidget.states[1].data",
            5,
            "encodedWidget.states[1].data: ",
        ),
        // States without their view are not dropped by importing the template alone.
        (
            file_with(&encode(
                r#"{"view": null, "states": [{"name": "x", "data": {}}]}"#,
            )),
            "encodedWidget",
            5,
            "has states but no view",
        ),
    ];
    for (bytes, path, line, message) in cases {
        let text = String::from_utf8_lossy(&bytes).to_string();
        let e = Design::from_widget_file(&bytes).unwrap_err();
        let first = &e.errors[0];
        assert_eq!(first.code, widget::Code::InvalidImport, "{text}: {first:?}");
        assert!(first.message.contains(message), "{text}: {}", first.message);
        assert_eq!(first.path, path, "{text}: {first:?}");
        assert_eq!(first.line, line, "{text}: {first:?}");
        assert!(first.column > 0, "{text}: {first:?}");
    }
    // A name that is a number is the SDK's too; the studio names the design after it.
    let d =
        Design::from_widget_file(br#"{"version": "1.0", "name": 5, "template": "{}"}"#).unwrap();
    assert_eq!(d.name, "5");
    // Published files that encode their template there, not a builder state, still import
    // as template-only, and so does other text that is not a damaged builder state.
    let template = "{\"type\": \"Card\", \"children\": []}";
    // Also another version of the template that writes widget JSON (`{"type"…`): it is not
    // JSON, but it does not start as a builder state (`{"id"…`, `{"view"…`) either.
    for encoded in [
        template,
        "{%- set x = 1 -%}{\"type\": \"Card\"}",
        "{\"type\": \"Card\", \"children\": [{% for t in items %}{\"type\": \"Text\", \"value\": {{ t | tojson }}}{% endfor %}]}",
        "{ \"type\" : \"ListView\", \"children\": {{ rows | tojson }} }",
        // A root with its own id first: not ChatKit Studio's builder state, though both start
        // `{"id"…`.
        "{\"id\": \"summary\", \"type\": \"Card\", \"children\": {{ rows | tojson }}}",
        "{\"id\": {{ card_id | tojson }},\n \"type\":\"Basic\", \"children\": []}",
    ] {
        let d = Design::from_widget_file(&file_with(&encode(encoded))).unwrap();
        assert_eq!(d.kind, DesignKind::TemplateOnly, "{encoded}");
        // The file's own template is what is imported.
        assert_eq!(d.source, template, "{encoded}");
    }
    // A builder state cut short still is one: ChatKit Studio's starts with its id.
    for encoded in [
        "{\"id\": \"wig_1\", \"view\": \"<Card",
        "{ \"states\": [{\"name\"",
        // Its data may hold a root's type, deeper than its top.
        "{\"id\": \"wig_3\", \"defaultState\": {\"plan\": {\"type\": \"Basic\"}}, \"view\": \"<Card",
        "{\"id\": \"wig_4\", \"states\": [{\"type\": \"Card\"}], \"view\": \"<Ca",
        // Its view's JSX may write a type, but inside a JSON string.
        "{\"id\": \"wig_2\", \"view\": \"<Card onClickAction={{ \\\"type\\\": \\\"Card\\\" }}",
    ] {
        let e = Design::from_widget_file(&file_with(&encode(encoded))).unwrap_err();
        assert!(
            e.errors[0].message.contains("does not read as JSON"),
            "{encoded}: {:?}",
            e.errors
        );
    }
}

/// Every state of a builder state is imported: a name that is a number is its text, a state
/// without a name is named `state N`, and one without data has none; none is dropped.
#[test]
fn every_imported_state_is_kept() {
    let state = json!({
        "view": "<Card />",
        "states": [
            {"name": 5, "data": {"n": 1}},
            {"name": "ok", "data": {"n": 2}},
            {"data": {"n": 3}},
            {"name": "no data"},
            {"name": "other spelling", "state": {"n": 5}},
        ],
    });
    let d = Design::from_widget_file(&file_with(&encode(&state.to_string()))).unwrap();
    let got: Vec<(&str, &Value)> = d
        .states
        .iter()
        .map(|s| (s.name.as_str(), &s.data))
        .collect();
    assert_eq!(
        got,
        [
            ("5", &json!({"n": 1})),
            ("ok", &json!({"n": 2})),
            ("state 3", &json!({"n": 3})),
            ("no data", &Value::Null),
            ("other spelling", &json!({"n": 5})),
        ]
    );
}
