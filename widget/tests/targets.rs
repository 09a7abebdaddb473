//! Each difference between the two targets, from both sides: what the chosen target refuses
//! is an error; what only the other target refuses or changes is a `target-difference`
//! warning that names it; a prop neither defines stays an `unknown-prop` warning.

use serde_json::json;
use widget::design::Design;
use widget::{Code, Report, Target, validate_str_for};

const PY: Target = Target::ChatkitPython;
const JS: Target = Target::ChatkitJs;

fn check(doc: &serde_json::Value, t: Target) -> Report {
    validate_str_for(&doc.to_string(), t)
}

fn card(child: serde_json::Value) -> serde_json::Value {
    json!({"type": "Card", "children": [child]})
}

/// Valid under `t`, with a target-difference warning whose message contains `needle`.
fn valid_warns(doc: &serde_json::Value, t: Target, needle: &str) {
    let r = check(doc, t);
    assert!(r.is_valid(), "{t}: {doc}\n{:#?}", r.errors);
    assert!(
        r.warnings
            .iter()
            .any(|w| w.code == Code::TargetDifference && w.message.contains(needle)),
        "{t}: no target-difference warning with {needle:?}: {doc}\n{:#?}",
        r.warnings
    );
}

/// Valid under `t` with no target-difference warning.
fn valid_quiet(doc: &serde_json::Value, t: Target) {
    let r = check(doc, t);
    assert!(r.is_valid(), "{t}: {doc}\n{:#?}", r.errors);
    assert!(
        r.warnings.iter().all(|w| w.code != Code::TargetDifference),
        "{t}: {doc}\n{:#?}",
        r.warnings
    );
}

/// Invalid under `t`, with an error of `code` at `path` whose message contains `needle`.
fn refuses(doc: &serde_json::Value, t: Target, code: Code, path: &str, needle: &str) {
    let r = check(doc, t);
    assert!(
        r.errors
            .iter()
            .any(|e| e.code == code && e.path == path && e.message.contains(needle)),
        "{t}: expected {code} at {path:?} with {needle:?}: {doc}\n{:#?}",
        r.errors
    );
}

#[test]
fn table_is_chatkit_js_only() {
    let doc = card(
        json!({"type": "Table", "children": [{"type": "Table.Row", "header": true,
        "children": [{"type": "Table.Cell", "colSpan": 2, "rowSpan": 1, "width": 120, "padding": {"x": 2},
                      "align": "end", "vAlign": "center", "colSize": "md",
                      "children": [{"type": "Text", "value": "x"}]}]}]}),
    );
    valid_warns(&doc, JS, "the Python SDK's typed models have no Table");
    refuses(
        &doc,
        PY,
        Code::UnknownComponent,
        "children[0].type",
        "choose the chatkit-js target",
    );
    // Located errors inside a table, under the target that draws it.
    let bad = card(
        json!({"type": "Table", "children": [{"type": "Table.Row", "header": "yes",
        "children": [{"type": "Table.Cell", "align": "middle", "colSize": "xxl", "padding": 4}]}]}),
    );
    refuses(
        &bad,
        JS,
        Code::InvalidType,
        "children[0].children[0].header",
        "a boolean",
    );
    refuses(
        &bad,
        JS,
        Code::InvalidEnum,
        "children[0].children[0].children[0].align",
        "start, center, end",
    );
    refuses(
        &bad,
        JS,
        Code::InvalidEnum,
        "children[0].children[0].children[0].colSize",
        "xs, sm, md, lg, xl",
    );
    refuses(
        &bad,
        JS,
        Code::InvalidType,
        "children[0].children[0].children[0].padding",
        "Spacing",
    );
}

#[test]
fn table_structure() {
    for t in [PY, JS] {
        refuses(
            &card(json!({"type": "Table", "children": [{"type": "Text", "value": "x"}]})),
            t,
            Code::InvalidChild,
            "children[0].children[0]",
            "a Table holds only Table.Row rows, not Text",
        );
        refuses(
            &card(
                json!({"type": "Table", "children": [{"type": "Table.Row", "children": [{"type": "Text", "value": "x"}]}]}),
            ),
            t,
            Code::InvalidChild,
            "children[0].children[0].children[0]",
            "a Table.Row holds only Table.Cell cells, not Text",
        );
    }
    let r = check(&card(json!({"type": "Table.Cell", "children": []})), JS);
    assert!(r.is_valid(), "{:#?}", r.errors);
    assert!(
        r.warnings
            .iter()
            .any(|w| w.code == Code::MisplacedTablePart && w.path == "children[0]"),
        "{:#?}",
        r.warnings
    );
}

#[test]
fn card_border() {
    let doc = json!({"type": "Card", "border": {"size": 2, "style": "dashed"}, "children": []});
    for t in [PY, JS] {
        valid_warns(
            &doc,
            t,
            "the Python SDK's typed Card has no border and drops it",
        );
    }
    let bad = json!({"type": "Card", "border": "thick", "children": []});
    refuses(&bad, JS, Code::InvalidType, "border", "expected an integer");
    // The Python SDK drops it, so a bad value is only ChatKit.js's refusal: a warning.
    valid_warns(&bad, PY, "only ChatKit.js checks Card.border");
}

#[test]
fn basic_props_and_roots_inside_basic() {
    let doc = json!({"type": "Basic", "theme": "dark", "direction": "row", "gap": 2,
        "padding": {"x": 1}, "align": "center", "justify": "between", "children": []});
    for t in [PY, JS] {
        valid_warns(
            &doc,
            t,
            "the Python SDK's typed BasicRoot has only children",
        );
    }
    let bad = json!({"type": "Basic", "theme": "sepia", "children": []});
    refuses(&bad, JS, Code::InvalidEnum, "theme", "light, dark");
    valid_warns(&bad, PY, "only ChatKit.js checks Basic.theme");

    let roots = json!({"type": "Basic", "children": [
        card(json!({"type": "Text", "value": "x"})),
        {"type": "ListView", "children": []},
        {"type": "Basic", "children": []}]});
    valid_warns(&roots, JS, "ChatKit.js lets a Basic root hold");
    refuses(
        &roots,
        PY,
        Code::NestedRoot,
        "children[0]",
        "target chatkit-js",
    );
    // Roots elsewhere stay refused by both.
    for t in [PY, JS] {
        refuses(
            &card(json!({"type": "Basic", "children": []})),
            t,
            Code::NestedRoot,
            "children[0]",
            "cannot be nested inside Card",
        );
    }
}

#[test]
fn numbers_where_the_python_sdk_takes_integers() {
    for (doc, path, owner) in [
        (
            card(json!({"type": "Row", "gap": 1.5})),
            "children[0].gap",
            "Row",
        ),
        (
            card(json!({"type": "Box", "flex": 0.5})),
            "children[0].flex",
            "Box",
        ),
        (
            card(json!({"type": "Text", "value": "x", "maxLines": 2.5})),
            "children[0].maxLines",
            "Text",
        ),
        (
            card(json!({"type": "Box", "border": {"top": 0.5}})),
            "children[0].border.top",
            "Box",
        ),
    ] {
        valid_warns(
            &doc,
            JS,
            &format!("the Python SDK's {owner} accepts only whole numbers"),
        );
        refuses(&doc, PY, Code::InvalidType, path, "target chatkit-js");
    }
}

#[test]
fn box_border_size_fraction_is_read_as_empty_borders_by_the_python_sdk() {
    let doc = card(json!({"type": "Box", "border": {"size": 1.5}}));
    valid_warns(&doc, PY, "sends {}");
    valid_warns(&doc, JS, "the Python SDK's Box accepts only whole numbers");
}

#[test]
fn python_sdk_only_things_are_warnings_under_chatkit_js() {
    let cases = [
        (
            card(
                json!({"type": "Chart", "data": [{"m": "a", "v": 1}], "series": [{"type": "bar", "dataKey": "v", "label": null}], "xAxis": "m"}),
            ),
            "do not declare Chart",
        ),
        (card(json!({"type": "Icon", "name": "clock"})), "WidgetIcon"),
        (
            card(json!({"type": "Image", "src": "https://x/y.png", "background": "red"})),
            "Image.background: the Python SDK defines it",
        ),
        (
            card(json!({"type": "Image", "src": "https://x/y.png", "flex": 1})),
            "Image.flex: the Python SDK defines it",
        ),
        (
            card(json!({"type": "Select", "name": "s", "searchable": true, "options": []})),
            "Select.searchable",
        ),
        (
            card(
                json!({"type": "Select", "name": "s", "options": [{"value": "a", "label": "A", "disabled": true, "description": "d"}]}),
            ),
            "has only value and label",
        ),
        (
            card(
                json!({"type": "Button", "onClickAction": {"type": "go", "handler": "client", "loadingBehavior": "self", "streaming": false}}),
            ),
            "has only type and payload",
        ),
    ];
    for (doc, needle) in &cases {
        valid_warns(doc, JS, needle);
    }
    // Under chatkit-python the ones the runtime reads are quiet; the ones it may ignore warn.
    valid_quiet(&cases[0].0, PY);
    valid_quiet(&cases[1].0, PY);
    valid_quiet(&cases[6].0, PY);
    valid_warns(&cases[2].0, PY, "the runtime may ignore it");
    // Checked as errors under both where the runtime reads them.
    let bad =
        card(json!({"type": "Button", "onClickAction": {"type": "go", "handler": "browser"}}));
    for t in [PY, JS] {
        refuses(
            &bad,
            t,
            Code::InvalidAction,
            "children[0].onClickAction.handler",
            "client, server",
        );
    }
    // Problems of a prop ChatKit.js does not define are the Python SDK's refusal: a warning.
    let flex = card(json!({"type": "Image", "src": "https://x/y.png", "flex": [1]}));
    refuses(
        &flex,
        PY,
        Code::InvalidType,
        "children[0].flex",
        "expected an integer or a string",
    );
    valid_warns(&flex, JS, "only the Python SDK checks Image.flex");
}

#[test]
fn vendor_and_lucide_icons_are_accepted_by_both_with_a_warning() {
    for name in ["lucide:rocket", "vendor:acme-logo"] {
        let doc = card(json!({"type": "Icon", "name": name}));
        for t in [PY, JS] {
            let r = check(&doc, t);
            assert!(r.is_valid(), "{t}: {:#?}", r.errors);
            assert!(
                r.warnings.iter().any(|w| w.code == Code::ExternalIcon),
                "{t}: {:#?}",
                r.warnings
            );
        }
    }
    // A name in neither set is refused by both.
    for t in [PY, JS] {
        refuses(
            &card(json!({"type": "Icon", "name": "rocket"})),
            t,
            Code::InvalidEnum,
            "children[0].name",
            "not an icon name",
        );
    }
}

#[test]
fn chatkit_js_reads_json_as_written() {
    let cases = [
        (
            card(json!({"type": "Text", "value": "x", "maxLines": "3"})),
            "children[0].maxLines",
        ),
        (
            card(json!({"type": "Text", "value": "x", "italic": 1})),
            "children[0].italic",
        ),
        (
            card(json!({"type": "DatePicker", "name": "d", "min": 1700000000})),
            "children[0].min",
        ),
    ];
    for (doc, path) in &cases {
        let r = check(doc, PY);
        assert!(r.is_valid(), "{doc}: {:#?}", r.errors);
        assert!(
            r.warnings.iter().any(|w| w.code == Code::CoercedValue),
            "{:#?}",
            r.warnings
        );
        refuses(
            doc,
            JS,
            Code::InvalidType,
            path,
            "ChatKit.js reads JSON as written",
        );
    }
    // null for an optional prop: the Python SDK drops it; the types have no null.
    let null = card(json!({"type": "Text", "value": "x", "color": null}));
    valid_quiet(&null, PY);
    refuses(
        &null,
        JS,
        Code::InvalidType,
        "children[0].color",
        "leave the prop out",
    );
    // Unknown fields of an object value: ignored by the Python SDK, refused by the types.
    let pad = card(json!({"type": "Box", "padding": {"light": 1, "dark": 2}}));
    valid_quiet(&pad, PY);
    refuses(
        &pad,
        JS,
        Code::InvalidType,
        "children[0].padding.light",
        "not a field of Spacing",
    );
    // An action's payload: any JSON for the Python SDK, an object for the types.
    let payload =
        card(json!({"type": "Button", "onClickAction": {"type": "go", "payload": [1, 2]}}));
    valid_warns(&payload, PY, "Record<string, unknown>");
    refuses(
        &payload,
        JS,
        Code::InvalidAction,
        "children[0].onClickAction.payload",
        "expected an object",
    );
}

#[test]
fn children_shapes() {
    let object = json!({"type": "Card", "children": {"type": "Text", "value": "x"}});
    assert!(check(&object, PY).is_valid());
    refuses(&object, JS, Code::InvalidChild, "children", "take an array");
    let null = json!({"type": "Card", "children": null});
    assert!(check(&null, PY).is_valid());
    refuses(&null, JS, Code::InvalidChild, "children", "is null");
    let none = json!({"type": "Card"});
    assert!(check(&none, PY).is_valid());
    refuses(
        &none,
        JS,
        Code::MissingProp,
        "",
        "Card.children is required",
    );
    let basic = json!({"type": "Basic"});
    assert!(check(&basic, PY).is_valid());
    refuses(
        &basic,
        JS,
        Code::MissingProp,
        "",
        "Basic.children is required",
    );
    let transition =
        card(json!({"type": "Transition", "children": [{"type": "Text", "value": "x"}]}));
    assert!(check(&transition, PY).is_valid());
    refuses(
        &transition,
        JS,
        Code::TransitionChildren,
        "children[0].children",
        "one component object",
    );
}

#[test]
fn props_neither_target_defines_stay_unknown_prop_warnings() {
    let doc = card(json!({"type": "Text", "value": "x", "colour": "red"}));
    for t in [PY, JS] {
        let r = check(&doc, t);
        assert!(r.is_valid());
        assert!(
            r.warnings
                .iter()
                .any(|w| w.code == Code::UnknownProp && w.path == "children[0].colour")
        );
        assert!(r.warnings.iter().all(|w| w.code != Code::TargetDifference));
    }
}

#[test]
fn action_streaming_defaults_to_true_as_in_the_python_sdk() {
    let f = widget::spec::ACTION_CONFIG.field("streaming").unwrap();
    assert!(f.doc.contains("Default: true"), "{}", f.doc);
}

#[test]
fn the_target_is_a_design_setting_with_a_default() {
    // Old documents (no target) load as chatkit-python, and the default is not written.
    let old: Design =
        serde_json::from_value(json!({"name": "x", "kind": "json", "source": "{}"})).unwrap();
    assert_eq!(old.target, PY);
    assert!(serde_json::to_value(&old).unwrap().get("target").is_none());
    let js: Design = serde_json::from_value(
        json!({"name": "x", "kind": "json", "source": "{}", "target": "chatkit-js"}),
    )
    .unwrap();
    assert_eq!(js.target, JS);
    assert_eq!(serde_json::to_value(&js).unwrap()["target"], "chatkit-js");
    let err = serde_json::from_value::<Design>(
        json!({"name": "x", "kind": "json", "source": "{}", "target": "chatkit-swift"}),
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("chatkit-python") && err.contains("chatkit-js"),
        "{err}"
    );
    assert_eq!("chatkit-js".parse::<Target>(), Ok(JS));
    let e = "js".parse::<Target>().unwrap_err();
    assert!(
        e.contains("expected chatkit-python (the default) or chatkit-js"),
        "{e}"
    );

    // A design builds and validates by its target; a .widget export carries it back.
    let view = r#"<Card><Table><Table.Row><Table.Cell><Text value="x" /></Table.Cell></Table.Row></Table></Card>"#;
    let mut d = Design::jsx("t", view, json!({}));
    assert!(!d.build(&json!({})).report.is_valid());
    d.target = JS;
    assert!(d.build(&json!({})).report.is_valid());
    let file = d.to_widget_file().unwrap();
    let back = Design::from_widget_file(file.to_string().as_bytes()).unwrap();
    assert_eq!(back.target, JS);
    let report = widget::validate_input(file.to_string().as_bytes(), widget::InputKind::WidgetFile);
    assert!(report.is_valid(), "{:#?}", report.errors);
    let forced = widget::validate_input_for(
        file.to_string().as_bytes(),
        widget::InputKind::WidgetFile,
        Some(PY),
    );
    assert!(!forced.is_valid());

    // The default target is named too, so that a chatkit-python file brought into a
    // chatkit-js design switches it back (the editor's import takes what a file carries).
    d.target = PY;
    d.source = r#"<Card><Text value="x" /></Card>"#.into();
    let file = d.to_widget_file().unwrap();
    let state = widget::widgetfile::builder_state(&file).unwrap();
    assert_eq!(state["target"], "chatkit-python");
    assert!(widget::widgetfile::carries(&file).target);
}
