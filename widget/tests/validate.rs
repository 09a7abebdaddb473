//! Validation unit tests: every component, every diagnostic code, hostile input.

use widget::spec::{COMPONENTS, Kind, Ty};
use widget::target::{self, Target};
use widget::{Code, Diagnostic, Report, validate_str, validate_str_for};

fn report(text: &str) -> Report {
    validate_str(text)
}

fn only_error(text: &str) -> Diagnostic {
    let r = report(text);
    assert_eq!(r.errors.len(), 1, "expected one error, got {:#?}", r.errors);
    r.errors[0].clone()
}

fn warning(text: &str, code: Code) -> Diagnostic {
    let r = report(text);
    assert!(r.errors.is_empty(), "unexpected errors {:#?}", r.errors);
    r.warnings
        .into_iter()
        .find(|w| w.code == code)
        .unwrap_or_else(|| panic!("no {code} warning"))
}

fn card(children: &str) -> String {
    format!(r#"{{"type": "Card", "children": [{children}]}}"#)
}

fn sample(ty: &Ty) -> String {
    match ty {
        Ty::Str => "\"x\"".into(),
        Ty::Int => "2".into(),
        Ty::Float => "1.5".into(),
        Ty::Bool => "true".into(),
        Ty::False => "false".into(),
        Ty::DateTime => "\"2025-01-31\"".into(),
        Ty::Icon => "\"star\"".into(),
        Ty::Any => "{}".into(),
        Ty::Enum(v) => format!("\"{}\"", v[0]),
        Ty::Array(item) => format!("[{}]", sample(item)),
        Ty::Map(item) => format!("{{\"k\": {}}}", sample(item)),
        Ty::Union(m) => sample(&m[0]),
        Ty::Shape(s) => sample_shape(s),
        Ty::Tagged(list) => sample_shape(list[0]),
    }
}

fn sample_shape(s: &widget::spec::Shape) -> String {
    {
        {
            let mut parts: Vec<String> = s
                .tag
                .map(|t| format!("\"type\": \"{t}\""))
                .into_iter()
                .collect();
            for f in s.fields.iter().filter(|f| f.presence.required()) {
                parts.push(format!("\"{}\": {}", f.name, sample(&f.ty)));
            }
            format!("{{{}}}", parts.join(", "))
        }
    }
}

/// A valid instance of a component with every prop set to a sample value.
fn full_instance(name: &str) -> String {
    let comp = widget::spec::component(name).unwrap();
    let mut parts = vec![format!("\"type\": \"{name}\"")];
    for p in comp.all_props() {
        parts.push(format!("\"{}\": {}", p.name, sample(&p.ty)));
    }
    match name {
        "Transition" => parts.push(r#""children": {"type": "Text", "value": "t"}"#.into()),
        "ListView" => parts.push(r#""children": [{"type": "ListViewItem", "children": [{"type": "Text", "value": "t"}]}]"#.into()),
        "Card" | "Basic" | "Box" | "Row" | "Col" | "Form" | "ListViewItem" | "Table.Cell" => {
            parts.push(r#""children": [{"type": "Text", "value": "t"}]"#.into())
        }
        "Table" => parts.push(r#""children": [{"type": "Table.Row", "children": []}]"#.into()),
        "Table.Row" => parts.push(r#""children": [{"type": "Table.Cell", "children": []}]"#.into()),
        _ => {}
    }
    format!("{{{}}}", parts.join(", "))
}

fn placed(name: &str, inst: &str) -> String {
    let comp = widget::spec::component(name).unwrap();
    match (comp.kind, name) {
        (Kind::Root, _) => inst.to_string(),
        (_, "ListViewItem") => format!(r#"{{"type": "ListView", "children": [{inst}]}}"#),
        (_, "Table.Row") => card(&format!(r#"{{"type": "Table", "children": [{inst}]}}"#)),
        (_, "Table.Cell") => card(&format!(
            r#"{{"type": "Table", "children": [{{"type": "Table.Row", "children": [{inst}]}}]}}"#
        )),
        _ => card(inst),
    }
}

/// The target that defines a component or prop (the default when both do).
fn defining_target(comp: &str, prop: Option<&str>) -> Target {
    target::only(comp, "")
        .or_else(|| prop.and_then(|p| target::only(comp, p)))
        .map_or(Target::default(), |o| o.target)
}

#[test]
fn every_component_with_every_prop_is_valid() {
    for (comp, t) in COMPONENTS.iter().flat_map(|c| Target::ALL.map(|t| (c, t))) {
        let text = placed(comp.name, &full_instance(comp.name));
        let r = validate_str_for(&text, t);
        if t == Target::ChatkitPython && defining_target(comp.name, None) == Target::ChatkitJs {
            // Table under chatkit-python: refused as a component the Python SDK lacks.
            assert!(
                !r.errors.is_empty() && r.errors.iter().all(|e| e.code == Code::UnknownComponent),
                "{} ({t}): {:#?}",
                comp.name,
                r.errors
            );
            continue;
        }
        assert!(
            r.errors.is_empty(),
            "{}: {:#?}\n{text}",
            comp.name,
            r.errors
        );
        assert!(
            r.warnings.iter().all(|w| w.code != Code::UnknownProp),
            "{}: {:#?}",
            comp.name,
            r.warnings
        );
    }
}

#[test]
fn every_component_rejects_a_wrongly_typed_prop() {
    for comp in COMPONENTS {
        // An array fits no prop type except arrays and Any; find a prop where it is wrong.
        let Some(prop) = comp
            .props()
            .find(|p| !matches!(p.ty, Ty::Array(_) | Ty::Any))
        else {
            continue;
        };
        let inst = full_instance(comp.name).replacen(
            &format!("\"{}\": {}", prop.name, sample(&prop.ty)),
            &format!("\"{}\": [[1]]", prop.name),
            1,
        );
        let text = placed(comp.name, &inst);
        let r = validate_str_for(&text, defining_target(comp.name, Some(prop.name)));
        let e = r
            .errors
            .iter()
            .find(|e| e.path.ends_with(prop.name))
            .unwrap_or_else(|| panic!("{}.{} accepted [[1]]: {text}", comp.name, prop.name));
        assert!(
            matches!(e.code, Code::InvalidType | Code::InvalidAction),
            "{}.{}: {:?}",
            comp.name,
            prop.name,
            e
        );
        assert!(
            e.message
                .starts_with(&format!("{}.{}", comp.name, prop.name)),
            "{}",
            e.message
        );
        assert!(e.line >= 1 && e.column >= 1);
    }
}

#[test]
fn every_component_requires_its_required_props() {
    for comp in COMPONENTS {
        for prop in comp.props().filter(|p| p.presence.required()) {
            let inst = full_instance(comp.name).replacen(
                &format!("\"{}\": {}, ", prop.name, sample(&prop.ty)),
                "",
                1,
            );
            let text = placed(comp.name, &inst);
            let r = report(&text);
            assert!(
                r.errors.iter().any(|e| e.code == Code::MissingProp
                    && e.message
                        .contains(&format!("{}.{} is required", comp.name, prop.name))),
                "{}.{} missing was not reported: {:#?}",
                comp.name,
                prop.name,
                r.errors
            );
        }
    }
}

// ---- each error code ------------------------------------------------------

#[test]
fn invalid_enum_names_the_allowed_values() {
    let text = card(r#"{"type": "Button", "label": "Go", "color": "purple"}"#);
    let e = only_error(&text);
    assert_eq!(e.code, Code::InvalidEnum);
    assert_eq!(e.path, "children[0].color");
    assert_eq!((e.line, e.column), (1, 74));
    assert_eq!(
        e.message,
        "Button.color: \"purple\" is not one of primary, secondary, info, discovery, success, caution, warning, danger"
    );
}

#[test]
fn unknown_component_suggests_a_name() {
    let e = only_error(&card(r#"{"type": "Buton", "label": "Go"}"#));
    assert_eq!(e.code, Code::UnknownComponent);
    assert_eq!(e.path, "children[0].type");
    assert_eq!(
        e.message,
        "unknown component \"Buton\" — did you mean Button?"
    );
}

#[test]
fn invalid_type_says_expected_and_found() {
    let e = only_error(&card(r#"{"type": "Text", "value": 42}"#));
    assert_eq!(e.code, Code::InvalidType);
    assert_eq!(e.path, "children[0].value");
    assert_eq!(e.message, "Text.value: expected a string, found 42");
    let e = only_error(&card(r#"{"type": "Row", "gap": 1.5}"#));
    assert_eq!(
        e.message,
        "Row.gap: expected an integer or a string, found 1.5 (the Python SDK takes only whole numbers here; ChatKit.js draws it: target chatkit-js)"
    );
}

#[test]
fn missing_prop() {
    let e = only_error(&card(r#"{"type": "Image"}"#));
    assert_eq!(e.code, Code::MissingProp);
    assert_eq!(e.path, "children[0]");
    assert_eq!(e.message, "Image.src is required: a string");
}

#[test]
fn invalid_action() {
    let e = only_error(&card(
        r#"{"type": "Button", "onClickAction": {"payload": {}}}"#,
    ));
    assert_eq!(e.code, Code::InvalidAction);
    assert!(
        e.message.contains("Button.onClickAction.type is required"),
        "{}",
        e.message
    );
    let e = only_error(&card(
        r#"{"type": "Button", "onClickAction": {"type": "x", "handler": "browser"}}"#,
    ));
    assert_eq!(e.code, Code::InvalidAction);
    assert_eq!(e.path, "children[0].onClickAction.handler");
    assert!(e.message.contains("is not one of client, server"));
    let e = only_error(&card(r#"{"type": "Button", "onClickAction": "go"}"#));
    assert_eq!(e.code, Code::InvalidAction);
}

#[test]
fn invalid_root() {
    let e = only_error(r#"{"type": "Text", "value": "x"}"#);
    assert_eq!(e.code, Code::InvalidRoot);
    assert!(
        e.message
            .contains("the root must be Card, ListView or Basic, not Text")
    );
    let e = only_error(r#"[{"type": "Card"}]"#);
    assert_eq!(e.code, Code::InvalidRoot);
    assert!(e.message.contains("found an array"));
    let e = only_error(r#"{"type": "card", "children": []}"#);
    assert_eq!(e.code, Code::InvalidRoot);
    assert!(e.message.contains("did you mean Card?"), "{}", e.message);
}

#[test]
fn invalid_child() {
    let e = only_error(&card(r#""hello""#));
    assert_eq!(e.code, Code::InvalidChild);
    assert_eq!(e.path, "children[0]");
    assert!(
        e.message
            .contains("must be a component object, found a string")
    );
    let e = only_error(&card(r#"[{"type": "Text", "value": "x"}]"#));
    assert!(e.message.contains("nested arrays are not flattened"));
}

#[test]
fn missing_type() {
    let e = only_error(&card(r#"{"value": "x"}"#));
    assert_eq!(e.code, Code::MissingType);
    assert!(e.message.contains("has no \"type\""));
}

#[test]
fn structural_rules_say_the_runtime_rejects_them() {
    let e = only_error(&card(r#"{"type": "ListViewItem", "children": []}"#));
    assert_eq!(e.code, Code::MisplacedListViewItem);
    assert!(
        e.message
            .contains("only allowed directly inside a ListView")
    );
    assert!(e.message.contains("the ChatKit runtime rejects it"));

    let e = only_error(r#"{"type": "ListView", "children": [{"type": "Text", "value": "x"}]}"#);
    assert_eq!(e.code, Code::ListViewChild);
    assert!(e.message.contains("runtime rejects it"));

    let e = only_error(&card(
        r#"{"type": "Transition", "children": [{"type": "Text", "value": "a"}, {"type": "Text", "value": "b"}]}"#,
    ));
    assert_eq!(e.code, Code::TransitionChildren);
    assert!(e.message.contains("exactly one child"));

    let e = only_error(&card(r#"{"type": "ListView", "children": []}"#));
    assert_eq!(e.code, Code::NestedRoot);
    assert!(e.message.contains("cannot be nested inside Card"));
}

#[test]
fn every_problem_is_reported_in_one_pass() {
    let text = r#"{
  "type": "Card",
  "size": "huge",
  "children": [
    {"type": "Text"},
    {"type": "Buton"},
    {"type": "Badge", "label": 3, "color": "pink"}
  ]
}"#;
    let r = report(text);
    let got: Vec<(Code, &str, usize, usize)> = r
        .errors
        .iter()
        .map(|e| (e.code, e.path.as_str(), e.line, e.column))
        .collect();
    assert_eq!(
        got,
        vec![
            (Code::InvalidEnum, "size", 3, 11),
            (Code::MissingProp, "children[0]", 5, 5),
            (Code::UnknownComponent, "children[1].type", 6, 14),
            (Code::InvalidType, "children[2].label", 7, 32),
            (Code::InvalidEnum, "children[2].color", 7, 44),
        ]
    );
}

// ---- warnings ------------------------------------------------------------

#[test]
fn unknown_props_are_warnings_and_kept() {
    let w = warning(
        &card(r#"{"type": "Text", "value": "x", "colour": "red"}"#),
        Code::UnknownProp,
    );
    assert_eq!(w.path, "children[0].colour");
    assert!(w.message.contains("did you mean color?"), "{}", w.message);
}

#[test]
fn coerced_values_are_warnings() {
    let w = warning(
        &card(r#"{"type": "Text", "value": "x", "maxLines": "3"}"#),
        Code::CoercedValue,
    );
    assert!(w.message.contains("the SDK reads it as 3"), "{}", w.message);
    let w = warning(
        &card(r#"{"type": "Text", "value": "x", "italic": 1}"#),
        Code::CoercedValue,
    );
    assert!(w.message.contains("write true"), "{}", w.message);
}

#[test]
fn duplicate_sibling_keys() {
    let w = warning(
        &card(
            r#"{"type": "Text", "value": "a", "key": "k"}, {"type": "Text", "value": "b", "key": "k"}"#,
        ),
        Code::DuplicateKey,
    );
    assert_eq!(w.path, "children[1]");
    assert!(w.message.contains("key \"k\""));
}

#[test]
fn submit_outside_form() {
    let w = warning(
        &card(r#"{"type": "Button", "label": "Send", "submit": true}"#),
        Code::SubmitOutsideForm,
    );
    assert!(w.message.contains("nothing to submit"));
    // Inside a Form or an asForm card it is fine.
    let ok = report(&card(
        r#"{"type": "Form", "children": [{"type": "Button", "label": "Send", "submit": true}]}"#,
    ));
    assert!(
        ok.warnings
            .iter()
            .all(|w| w.code != Code::SubmitOutsideForm)
    );
    let ok = report(
        r#"{"type": "Card", "asForm": true, "children": [{"type": "Button", "label": "Send", "submit": true}]}"#,
    );
    assert!(
        ok.warnings
            .iter()
            .all(|w| w.code != Code::SubmitOutsideForm)
    );
}

#[test]
fn deprecated_single_object_children() {
    let w = warning(
        r#"{"type": "Card", "children": {"type": "Text", "value": "x"}}"#,
        Code::DeprecatedShape,
    );
    assert!(w.message.contains("write an array"));
}

#[test]
fn ignored_children_missing_children_and_field_names() {
    warning(
        &card(r#"{"type": "Text", "value": "x", "children": [{"type": "Text", "value": "y"}]}"#),
        Code::IgnoredChildren,
    );
    warning(r#"{"type": "Card"}"#, Code::MissingChildren);
    let w = warning(
        &card(
            r#"{"type": "Form", "children": [{"type": "Input", "name": "email"}, {"type": "Textarea", "name": "email"}]}"#,
        ),
        Code::DuplicateFieldName,
    );
    assert!(w.message.contains("\"email\""));
}

// ---- JSON-level and hostile input -------------------------------------------

#[test]
fn json_syntax_errors_are_located() {
    let e = only_error("{\n  \"type\": \"Card\",\n  \"children\": [,]\n}");
    assert_eq!(e.code, Code::JsonSyntax);
    assert_eq!((e.line, e.column), (3, 16));
    assert!(e.message.starts_with("expected a JSON value"));
}

#[test]
fn duplicate_json_keys_are_errors() {
    let e = only_error(r#"{"type": "Card", "children": [], "children": []}"#);
    assert_eq!(e.code, Code::JsonDuplicateKey);
    assert_eq!(e.path, "children");
    assert_eq!(e.column, 34);
}

#[test]
fn hostile_deep_nesting() {
    let text = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert_eq!(only_error(&text).code, Code::JsonTooDeep);
    let mut text = String::from(r#"{"type": "Card", "children": ["#);
    for _ in 0..100_000 {
        text.push_str(r#"{"type": "Box", "children": ["#);
    }
    assert_eq!(only_error(&text).code, Code::JsonTooDeep);
}

#[test]
fn hostile_large_document() {
    let mut text = String::from(r#"{"type": "Card", "children": ["#);
    while text.len() < 20 * 1024 * 1024 {
        text.push_str(r#"{"type": "Text", "value": "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"},"#);
    }
    text.push_str(r#"{"type": "Text", "value": "end"}]}"#);
    let e = only_error(&text);
    assert_eq!(e.code, Code::JsonTooLarge);
    assert!(e.message.contains("the limit is 10485760 bytes"));
}

#[test]
fn hostile_invalid_utf8() {
    let bytes =
        b"{\"type\": \"Card\", \"children\": [{\"type\": \"Text\", \"value\": \"\xC3\x28\"}]}";
    let r = widget::validate_bytes(bytes);
    assert_eq!(r.errors.len(), 1);
    assert_eq!(r.errors[0].code, Code::JsonInvalidUtf8);
    assert_eq!((r.errors[0].line, r.errors[0].column), (1, 58));
}

#[test]
fn hostile_numbers() {
    let e = only_error(&card(r#"{"type": "Row", "gap": NaN}"#));
    assert_eq!(e.code, Code::JsonSyntax);
    assert!(e.message.contains("NaN is not valid JSON"));
    let r = report(&card(r#"{"type": "Row", "height": 1e400}"#));
    assert_eq!(r.errors[0].code, Code::JsonNumberOutOfRange);
    let e = only_error(&card(r#"{"type": "Text", "value": "x", "maxLines": 1e20}"#));
    assert_eq!(e.code, Code::InvalidType);
    assert!(e.message.contains("outside the 64-bit integer range"));
}

#[test]
fn hostile_control_characters() {
    let raw: String = (0u8..0x20).map(char::from).collect();
    let text = card(&format!(r#"{{"type": "Text", "value": "{raw}"}}"#));
    let e = only_error(&text);
    assert_eq!(e.code, Code::JsonSyntax);
    assert!(e.message.contains("U+0000 must be escaped"));
    // Escaped control characters are legal JSON and a legal (if odd) string.
    let escaped: String = (0u8..0x20).map(|b| format!("\\u{b:04x}")).collect();
    let r = report(&card(&format!(
        r#"{{"type": "Text", "value": "{escaped}"}}"#
    )));
    assert!(r.errors.is_empty());
}

#[test]
fn validation_is_lossless() {
    // Parsing then printing keeps order, unknown props and number formatting.
    let text = r#"{
  "type": "Card",
  "zeta": 1.50,
  "children": [
    {
      "value": "x",
      "type": "Text",
      "maxLines": 2e0,
      "custom": {
        "b": 1,
        "a": 2
      }
    }
  ]
}"#;
    let parsed = widget::json::parse(text, Default::default());
    let root = parsed.root.unwrap();
    assert_eq!(widget::json::to_string(&root, Some(2)), text);
}

#[test]
fn nesting_at_the_depth_limit_validates_without_overflow() {
    // 127 nested Boxes: 254 levels of JSON (object + children array each), within the limit.
    let mut text = String::from(r#"{"type": "Card", "children": ["#);
    for _ in 0..126 {
        text.push_str(r#"{"type": "Box", "children": ["#);
    }
    text.push_str(r#"{"type": "Text", "value": "deep"}"#);
    for _ in 0..126 {
        text.push_str("]}");
    }
    text.push_str("]}");
    let r = report(&text);
    assert!(r.errors.is_empty(), "{:#?}", r.errors);
}

#[test]
fn a_field_an_object_prop_does_not_have_is_a_warning_that_says_what_it_has() {
    // The Python SDK passes an unknown field of a shape on, and nothing draws it.
    let r = report(&card(r#"{"type":"Box","padding":{"top":1,"botom":2}}"#));
    assert!(r.is_valid(), "{:?}", r.errors);
    assert_eq!(r.warnings.len(), 1, "{:?}", r.warnings);
    let w = &r.warnings[0];
    assert_eq!(
        (w.code, w.path.as_str()),
        (Code::UnknownProp, "children[0].padding.botom")
    );
    assert!(
        w.message.starts_with(
            "Box.padding.botom: botom is not a field of Spacing (top, right, bottom, left, x, y) — did you mean bottom?"
        ),
        "{}",
        w.message
    );
    // A border that is a Border with a mistake: the SDK's types take it as per-side Borders
    // (valid, as the SDK says), which drop everything it holds. Its mistakes are said as a
    // Border's, and its colour is checked.
    let r = report(&card(
        r#"{"type":"Box","border":{"size":1,"color":"nope-2","style":"zigzag"}}"#,
    ));
    assert!(r.is_valid(), "{:?}", r.errors);
    let said: Vec<(Code, &str)> = r
        .warnings
        .iter()
        .map(|w| (w.code, w.path.as_str()))
        .collect();
    assert_eq!(
        said,
        [
            (Code::UnknownColor, "children[0].border.color"),
            (Code::TargetDifference, "children[0].border.style"),
        ]
    );
    assert!(
        r.warnings[1].message.ends_with(
            "is not one of solid, dashed, dotted, double, groove, ridge, inset, outset; the Python SDK's types take it only as Borders, which has no size, color or style (it sends {})"
        ),
        "{}",
        r.warnings[1].message
    );
    let r = report(&card(r#"{"type":"Box","border":{"color":"red"}}"#));
    assert!(r.is_valid(), "{:?}", r.errors);
    assert_eq!(r.warnings.len(), 1, "{:?}", r.warnings);
    assert!(
        r.warnings[0]
            .message
            .starts_with("Box.border.size is required (Border)"),
        "{}",
        r.warnings[0].message
    );
    // A Border the SDK reads by coercion beats per-side Borders that would drop its size
    // (pydantic counts the fields set): {size: "2"} is a Border of 2.
    let r = report(&card(r#"{"type":"Box","border":{"size":"2"}}"#));
    let said: Vec<(Code, &str)> = r
        .warnings
        .iter()
        .map(|w| (w.code, w.path.as_str()))
        .collect();
    assert_eq!(said, [(Code::CoercedValue, "children[0].border.size")]);
    // What pydantic counts to choose is every field set, nested ones too: with a side that is
    // a Border of its own, the object is per-side Borders; with a themed colour, a Border.
    let said = |text: &str| -> Vec<(Code, String, String)> {
        report(&card(text))
            .warnings
            .iter()
            .map(|w| (w.code, w.path.clone(), w.message.clone()))
            .collect()
    };
    let w = said(r#"{"type":"Box","border":{"size":1,"top":{"size":2}}}"#);
    assert_eq!(w.len(), 1, "{w:?}");
    assert_eq!(
        (w[0].0, w[0].1.as_str()),
        (Code::UnknownProp, "children[0].border.size")
    );
    assert!(
        w[0].2.contains("size is a field of Border, the other form of this prop, but the Python SDK's types read this object as a Borders"),
        "{}",
        w[0].2
    );
    let w = said(
        r#"{"type":"Box","border":{"size":1,"color":{"light":"red","dark":"blue"},"top":1,"bottom":1,"left":1}}"#,
    );
    let paths: Vec<&str> = w.iter().map(|x| x.1.as_str()).collect();
    assert_eq!(
        paths,
        [
            "children[0].border.top",
            "children[0].border.bottom",
            "children[0].border.left"
        ],
        "{w:?}"
    );
    // One problem, said once: a fractional size.
    let w = said(r#"{"type":"Box","border":{"size":1.5}}"#);
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(
        w[0].2.ends_with("which has no size (it sends {})"),
        "{}",
        w[0].2
    );
    // What the SDK would coerce as a Border is moot when it does not read a Border; a typo
    // beside the mistake does not hide it.
    let w = said(r#"{"type":"Box","border":{"size":"2","style":"zigzag"}}"#);
    assert_eq!(
        w.iter().map(|x| x.0).collect::<Vec<_>>(),
        [Code::TargetDifference],
        "{w:?}"
    );
    let w = said(r#"{"type":"Box","border":{"size":1,"style":"zigzag","colr":"red"}}"#);
    assert_eq!(
        w.iter().map(|x| (x.0, x.1.as_str())).collect::<Vec<_>>(),
        [
            (Code::TargetDifference, "children[0].border.style"),
            (Code::UnknownProp, "children[0].border.colr"),
        ],
        "{w:?}"
    );
    assert!(w[1].2.contains("did you mean color?"), "{}", w[1].2);
    // The typo is dropped too: the SDK still sends {}.
    assert!(w[0].2.ends_with("(it sends {})"), "{}", w[0].2);
    // A field of the other form of a status is said so, not as a typo of this one's.
    let r = report(
        r#"{"type":"ListView","status":{"text":"a","favicon":5,"icon":"star"},"children":[]}"#,
    );
    assert_eq!(r.warnings.len(), 1, "{:?}", r.warnings);
    assert!(
        r.warnings[0]
            .message
            .contains("favicon is a field of WidgetStatusWithFavicon, the other form of this prop"),
        "{}",
        r.warnings[0].message
    );
    // Under ChatKit.js's types each is an error, as before.
    for text in [
        r#"{"type":"Box","padding":{"top":1,"botom":2}}"#,
        r#"{"type":"Box","border":{"size":1,"style":"zigzag"}}"#,
        r#"{"type":"Box","border":{"color":"red"}}"#,
    ] {
        let r = validate_str_for(&card(text), Target::ChatkitJs);
        assert!(!r.is_valid(), "{text}");
    }
    // Of two shapes that both take an object, the one that knows more of it: a status with
    // an icon is WidgetStatusWithIcon, with nothing to say.
    let r =
        report(r#"{"type":"ListView","status":{"text":"Today","icon":"calendar"},"children":[]}"#);
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
}

#[test]
fn a_colour_that_is_no_colour_is_valid_with_a_warning() {
    // What the SDK accepts (any string) but the prop does not draw: said where, and what it
    // takes.
    let r = widget::validate_str(
        r#"{"type":"Card","children":[
          {"type":"Text","value":"a","color":"blu-500"},
          {"type":"Box","background":{"light":"surface","dark":"url(javascript:x)"}},
          {"type":"Icon","name":"star","color":"notacolor"}]}"#,
    );
    assert!(r.is_valid(), "{:?}", r.errors);
    let said: Vec<(&str, &str)> = r
        .warnings
        .iter()
        .map(|w| (w.code.as_str(), w.path.as_str()))
        .collect();
    assert_eq!(
        said,
        [
            ("unknown-color", "children[0].color"),
            ("unknown-color", "children[1].background.dark"),
            ("unknown-color", "children[2].color"),
        ]
    );
    let m = &r.warnings[0].message;
    assert!(
        m.contains("\"blu-500\" is not a colour this prop draws"),
        "{m}"
    );
    assert!(
        m.contains("draws the default colour instead; use a text token (prose"),
        "{m}"
    );
    assert!(
        r.warnings[1]
            .message
            .contains("draws no background instead; use a surface token")
    );
    assert_eq!((r.warnings[0].line, r.warnings[0].column), (2, 46));
    // A token of another kind of prop is not drawn either: a surface token as a text colour,
    // a text token as a background or a border, a gradient as a text colour.
    for (component, prop, value) in [
        ("Text", "color", "surface"),
        ("Text", "color", "chart-3"),
        ("Text", "color", "linear-gradient(red, blue)"),
        ("Box", "background", "prose"),
        ("Box", "background", "danger"),
        ("Divider", "color", "danger"),
        ("Divider", "color", "surface"),
    ] {
        let text = format!(
            r#"{{"type":"Card","children":[{{"type":"{component}","value":"a","{prop}":{value:?}}}]}}"#
        );
        let r = widget::validate_str(&text);
        assert!(
            r.warnings
                .iter()
                .any(|w| w.code.as_str() == "unknown-color"),
            "{component}.{prop}={value}: {:?}",
            r.warnings
        );
    }
    let r = widget::validate_str(
        r#"{"type":"Card","children":[{"type":"Box","border":{"size":1,"color":"prose"}}]}"#,
    );
    assert_eq!(r.warnings.len(), 1, "{:?}", r.warnings);
    assert_eq!(r.warnings[0].path, "children[0].border.color");
    assert!(
        r.warnings[0]
            .message
            .contains("use a border token (default")
    );
    // Every kind of colour each prop reads: no warning.
    let any_css = [
        "#0a84ff",
        "#fff8",
        "rgb(1, 2, 3)",
        "rgba(1 2 3 / 50%)",
        "hsl(210 100% 50%)",
        "oklch(0.7 0.1 200)",
        "hwb(12 50% 0%)",
        "color(display-p3 1 0 0)",
        "color-mix(in srgb, red 50%, blue)",
        "light-dark(#fff, #000)",
        "red",
        "transparent",
        "currentColor",
        "blue-500",
        "alpha-10",
        "",
    ];
    for (component, prop, extra) in [
        (
            "Text",
            "color",
            &["prose", "secondary", "emphasis", "danger"][..],
        ),
        ("Icon", "color", &["primary", "tertiary"][..]),
        (
            "Box",
            "background",
            &[
                "surface",
                "surface-elevated-secondary",
                "linear-gradient(90deg, #fff, #000)",
            ][..],
        ),
        ("Divider", "color", &["default", "subtle", "strong"][..]),
    ] {
        for c in any_css.iter().chain(extra) {
            let text = format!(
                r#"{{"type":"Card","children":[{{"type":"{component}","value":"a","name":"star","{prop}":{c:?}}}]}}"#
            );
            let r = widget::validate_str(&text);
            assert!(
                !r.warnings
                    .iter()
                    .any(|w| w.code.as_str() == "unknown-color"),
                "{component}.{prop}={c}: {:?}",
                r.warnings
            );
        }
    }
}

#[test]
fn vendor_icons_are_valid_with_a_warning() {
    let r = widget::validate_str(
        r#"{"type":"Card","children":[{"type":"Icon","name":"lucide:rocket"},{"type":"Icon","name":"star"}]}"#,
    );
    assert!(r.is_valid());
    assert_eq!(r.warnings.len(), 1, "{:?}", r.warnings);
    assert_eq!(r.warnings[0].code.as_str(), "external-icon");
    assert_eq!(r.warnings[0].path, "children[0].name");
    assert!(r.warnings[0].message.contains("neutral glyph"));
}
