//! `Design::from_input`: everything a user pastes into the studio preview, and its states.

use serde_json::json;
use widget::design::{Design, DesignKind, NamedState};

#[test]
fn widget_json_is_one_default_state() {
    let d =
        Design::from_input(r#"{"type":"Card","children":[{"type":"Text","value":"hi"}]}"#).unwrap();
    assert_eq!(d.kind, DesignKind::Json);
    let built = d.build_states();
    assert_eq!(built.len(), 1);
    assert_eq!(built[0].name, "default");
    assert_eq!(
        built[0].widget.as_ref().unwrap()["children"][0]["value"],
        "hi"
    );
    assert!(built[0].report.is_valid());
}

#[test]
fn invalid_widget_json_keeps_located_errors() {
    // Invalid props still build (the preview shows what it can), with located errors.
    let d =
        Design::from_input("{\"type\":\"Card\",\n \"children\":[{\"type\":\"Text\"}]}").unwrap();
    let b = &d.build_states()[0];
    let e = &b.report.errors[0];
    assert_eq!((e.line, e.path.as_str()), (2, "children[0]"), "{e:?}");
    // Broken JSON is an error with a position.
    let r = Design::from_input("{\"type\":\"Card\",\n  \"children\": [,]}").unwrap_err();
    assert_eq!(
        (r.errors[0].line, r.errors[0].column),
        (2, 16),
        "{:?}",
        r.errors[0]
    );
}

#[test]
fn jsx_view_and_design_document_with_states() {
    let d = Design::from_input("<Card><Text value=\"Hello\" /></Card>").unwrap();
    assert_eq!(d.kind, DesignKind::Jsx);
    assert_eq!(d.build_states()[0].widget.as_ref().unwrap()["type"], "Card");

    let mut doc = Design::jsx(
        "Flight",
        "<Card><Text value={status} /></Card>",
        json!({"status": "On time"}),
    );
    doc.states.push(NamedState {
        name: "delayed".into(),
        data: json!({"status": "Delayed"}),
    });
    doc.states.push(NamedState {
        name: "broken".into(),
        data: json!({"status": 5}),
    });
    let text = serde_json::to_string_pretty(&doc).unwrap();
    let d = Design::from_input(&text).unwrap();
    let built = d.build_states();
    assert_eq!(
        built.iter().map(|b| b.name.as_str()).collect::<Vec<_>>(),
        ["default", "delayed", "broken"]
    );
    assert_eq!(
        built[1].widget.as_ref().unwrap()["children"][0]["value"],
        "Delayed"
    );
    // A state whose data breaks the widget reports it, located in the view.
    assert!(!built[2].report.is_valid());
    assert!(built[2].report.errors[0].line >= 1);
}

#[test]
fn widget_file_round_trips_through_input() {
    let mut doc = Design::jsx(
        "Flight",
        "<Card><Text value={status} /></Card>",
        json!({"status": "On time"}),
    );
    doc.states.push(NamedState {
        name: "delayed".into(),
        data: json!({"status": "Delayed"}),
    });
    doc.description = "Where the flight stands".into();
    doc.tags = vec!["travel".into(), "card".into()];
    let file = serde_json::to_string(&doc.to_widget_file().unwrap()).unwrap();
    let d = Design::from_input(&file).unwrap();
    assert_eq!(d.states.len(), 1);
    assert_eq!(d.description, "Where the flight stands");
    assert_eq!(d.tags, ["travel", "card"]);
    assert_eq!(
        d.build_states()[1].widget.as_ref().unwrap()["children"][0]["value"],
        "Delayed"
    );
}

#[test]
fn bad_input_says_what_is_allowed() {
    for (text, want) in [
        ("", "empty"),
        ("   ", "empty"),
        ("<Card><Text value=\"x\"></Card>", ""),
        (r#"{"kind":"jsx","source":5}"#, "design document"),
        ("[1,2]", ""),
    ] {
        let r = Design::from_input(text).expect_err(text);
        assert!(!r.errors.is_empty(), "{text}");
        assert!(
            r.errors[0].message.contains(want),
            "{text}: {:?}",
            r.errors[0]
        );
    }
}

#[test]
fn import_errors_say_what_they_are() {
    use widget::Code;
    for (text, code) in [
        ("", Code::EmptySource),
        (" \n\t", Code::EmptySource),
        (r#"{"kind":"jsx","source":5}"#, Code::InvalidImport),
        (
            r#"{"version":"2.0","name":"x","template":"{}"}"#,
            Code::InvalidImport,
        ),
        (r#"{"name":"x","encodedWidget":"e30"}"#, Code::InvalidImport),
        ("[1,2]", Code::InvalidRoot),
        ("{\"type\": \"Card\",", Code::JsonSyntax),
        // An object that is no widget, .widget file or design document.
        (r#"{"foo": 1}"#, Code::InvalidRoot),
        // A .widget file without its template: the .widget reader's error.
        (r#"{"version":"1.0","name":"x"}"#, Code::InvalidImport),
        // A builder state that is there but does not read.
        (
            r#"{"version":"1.0","name":"x","template":"{}","encodedWidget":"!!!notbase64"}"#,
            Code::InvalidImport,
        ),
    ] {
        let r = Design::from_input(text).expect_err(text);
        assert_eq!(r.errors[0].code, code, "{text}: {:?}", r.errors);
    }
}

#[test]
fn diagnostics_and_designs_round_trip_through_serde() {
    let d = Design::from_input("<Card><Text value={missing} /></Card>").unwrap();
    let built = &d.build_states()[0];
    let text = serde_json::to_string(&built.report).unwrap();
    let back: widget::Report = serde_json::from_str(&text).unwrap();
    assert_eq!(back.errors.len(), built.report.errors.len());
    for (a, b) in back.errors.iter().zip(&built.report.errors) {
        assert_eq!(
            (
                a.severity, a.code, &a.path, a.line, a.column, &a.message, &a.origin
            ),
            (
                b.severity, b.code, &b.path, b.line, b.column, &b.message, &b.origin
            )
        );
    }
    let mut states = d.check_states();
    states.set_origin(widget::diag::Origin::State("empty list".into()));
    let w = serde_json::json!({"code": "unknown-prop", "message": "m", "in": "state empty list"});
    let diag: widget::Diagnostic = serde_json::from_value(w).unwrap();
    assert_eq!(diag.severity, widget::Severity::Warning);
    assert_eq!(
        diag.origin,
        Some(widget::diag::Origin::State("empty list".into()))
    );
    assert!(
        serde_json::from_value::<widget::Diagnostic>(
            serde_json::json!({"code": "nope", "message": "m"})
        )
        .is_err()
    );
    // A design document round-trips, and an old document with an empty schema mode reads.
    let doc: Design = serde_json::from_value(serde_json::json!({
        "name": "n", "kind": "json", "source": "{}", "schema": {"mode": "", "json_schema": null}
    }))
    .unwrap();
    assert_eq!(doc.schema.mode, widget::design::SchemaMode::None);
    let again: Design = serde_json::from_str(&serde_json::to_string(&doc).unwrap()).unwrap();
    assert_eq!(again, doc);
}

#[test]
fn a_zod_schema_is_what_exports_and_state_checks_use() {
    use widget::design::{DataSchema, SchemaMode};
    let mut doc = Design::jsx(
        "Refund",
        "<Card><Text value={refund ? refund.reason : \"none\"} /></Card>",
        json!({"refund": null, "n": 1}),
    );
    doc.schema = DataSchema {
        mode: SchemaMode::Zod,
        source: Some(
            "export default z.object({ refund: z.object({ reason: z.string() }).nullable(), n: z.number().positive() })"
                .into(),
        ),
        json_schema: serde_json::Value::Null,
    };
    // Not guessed from the default state (where `refund` is null).
    let file = doc.to_widget_file().unwrap();
    let refund = &file["jsonSchema"]["properties"]["refund"];
    assert!(refund.to_string().contains("reason"), "{refund}");
    doc.states.push(NamedState {
        name: "refunded".into(),
        data: json!({"refund": {"reason": "damaged"}, "n": 2}),
    });
    assert!(doc.check_states().is_valid());
    doc.states.push(NamedState {
        name: "zero".into(),
        data: json!({"refund": null, "n": 0}),
    });
    let r = doc.check_states();
    assert_eq!(r.errors.len(), 1, "{:?}", r.errors);
    assert!(r.errors[0].message.contains("more than 0"));
}

#[test]
fn tags_are_read_as_people_type_them() {
    assert_eq!(
        Design::parse_tags(" travel, card,,travel , flights "),
        ["travel", "card", "flights"]
    );
    assert!(Design::parse_tags(" , ").is_empty());
}

#[test]
fn a_builder_state_that_does_not_read_is_an_error_that_says_so() {
    use widget::widgetfile::base64url_encode;
    let file = |state: &str| {
        serde_json::json!({
            "version": "1.0", "name": "x", "template": "{\"type\":\"Card\",\"children\":[]}",
            "encodedWidget": base64url_encode(state.as_bytes()),
        })
        .to_string()
    };
    for (state, want) in [
        (r#"{"view": 5}"#, "a view that is a number"),
        (
            r#"{"view": "<Card />", "states": "oops"}"#,
            "states that are text",
        ),
    ] {
        let r = Design::from_input(&file(state)).expect_err(state);
        assert!(
            r.errors[0].message.contains(want),
            "{state}: {:?}",
            r.errors
        );
        assert!(
            r.errors[0].message.contains("Remove the field"),
            "{:?}",
            r.errors
        );
    }
    // A template encoded there (some published files do) reads as a file without a state.
    let d = Design::from_input(&file("{%- set x = 1 -%}")).unwrap();
    assert_eq!(d.kind, widget::DesignKind::TemplateOnly);
    // Errors are located: an unsupported version at its value.
    let text = "{\"name\": \"x\",\n \"version\": \"7.0\", \"template\": \"{}\"}";
    let r = Design::from_input(text).unwrap_err();
    assert_eq!(
        (r.errors[0].line, r.errors[0].column),
        (2, 13),
        "{:?}",
        r.errors
    );
    assert_eq!(r.errors[0].path, "version");
    let r = Design::from_input(r#"{"foo": 1}"#).unwrap_err();
    assert_eq!((r.errors[0].line, r.errors[0].column), (1, 1));
}

/// A design document that does not read says where: the line and column of the value it
/// refuses and its path (it was 1:1 and the document), or of the object that lacks a field.
#[test]
fn a_design_document_that_does_not_read_is_located_with_its_path() {
    for (text, path, line, column, says) in [
        (
            "{\"kind\": \"jsx\",\n \"source\": \"<Card />\",\n \"name\": 5}",
            "name",
            3,
            10,
            "name: invalid type: integer `5`, expected a string",
        ),
        (
            "{\"name\": \"x\", \"kind\": \"jsx\", \"source\": \"<Card />\",\n \"states\": [\n  {\"name\": \"a\", \"data\": {}},\n  {\"data\": {}}\n ]}",
            "states[1]",
            4,
            3,
            "states[1]: missing field `name`",
        ),
        (
            "{\"name\": \"x\", \"kind\": \"jsx\", \"source\": \"<Card />\",\n \"tags\": {\"x\": 1}}",
            "tags",
            2,
            10,
            "tags: invalid type: map, expected a sequence",
        ),
        (
            "{\"name\": \"x\", \"kind\": \"jsx-ish\", \"source\": \"<Card />\"}",
            "kind",
            1,
            23,
            "kind: unknown variant `jsx-ish`",
        ),
    ] {
        let r = Design::from_input(text).expect_err(text);
        let e = &r.errors[0];
        assert_eq!(e.code, widget::Code::InvalidImport, "{text}");
        assert_eq!(e.path, path, "{text}: {e:?}");
        assert_eq!((e.line, e.column), (line, column), "{text}: {e:?}");
        assert!(e.message.contains(says), "{text}: {}", e.message);
        assert!(!e.message.contains(" at line "), "{}", e.message);
    }
}
