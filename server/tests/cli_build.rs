//! `widget-studio build` and `export`: inputs, states, located errors and exit codes.

mod common;
use common::{TempDir, bin};
use std::process::Command;

fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(bin()).args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn corpus(name: &str) -> String {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/corpus")
        .join(name)
        .display()
        .to_string()
}

#[test]
fn build_a_widget_file_evaluates_its_view() {
    // line_select's stored template is broken (hand-edited); the view evaluates fine.
    let (code, out, err) = run(&["build", &corpus("line_select.widget")]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["type"], "ListView");
    assert_eq!(v["children"][0]["children"][1]["value"], "Blue Line");
    assert!(err.contains("warning[unknown-prop]"), "{err}");
}

#[test]
fn build_with_data_and_states() {
    let dir = TempDir::new("build");
    let view = dir.path().join("hello.jsx");
    std::fs::write(&view, "<Card>\n  <Text value={`Hello ${name}`} />\n</Card>").unwrap();
    let data = dir.path().join("data.json");
    std::fs::write(&data, r#"{"name": "Ada"}"#).unwrap();
    let (code, out, _) = run(&[
        "build",
        view.to_str().unwrap(),
        "--data",
        data.to_str().unwrap(),
    ]);
    assert_eq!(code, 0);
    assert!(out.contains("\"value\": \"Hello Ada\""), "{out}");

    // Missing data: a located error in the view, exit 1.
    let (code, out, err) = run(&["build", view.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(out.is_empty());
    assert!(
        err.contains(&format!(
            "{}:2:25: error[template-undefined]: name is not defined",
            view.display()
        )),
        "{err}"
    );
    assert!(err.contains("^"), "caret excerpt: {err}");

    // Bad data file: located JSON error.
    std::fs::write(&data, "{\"name\": }").unwrap();
    let (code, _, err) = run(&[
        "build",
        view.to_str().unwrap(),
        "--data",
        data.to_str().unwrap(),
    ]);
    assert_eq!(code, 1);
    assert!(err.contains(":1:10: error[json-syntax]"), "{err}");

    // Unknown state: usage error listing the states.
    let (code, _, err) = run(&["build", &corpus("cat_profile.widget"), "--state", "nope"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("no state named \"nope\"; this design has: default"),
        "{err}"
    );

    let (code, _, _) = run(&["build", "/no/such.jsx"]);
    assert_eq!(code, 2);
}

#[test]
fn export_to_widget_and_json() {
    let dir = TempDir::new("export");
    let view = dir.path().join("card.jsx");
    std::fs::write(&view, r#"<Card><Title value="Hi" /></Card>"#).unwrap();
    let (code, out, err) = run(&["export", view.to_str().unwrap(), "--format", "widget"]);
    assert_eq!(code, 0, "{err}");
    let file: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(file["version"], "1.0");
    assert_eq!(file["name"], "card");
    assert!(file["encodedWidget"].is_string());
    // The export is itself a valid input.
    let exported = dir.path().join("card.widget");
    std::fs::write(&exported, &out).unwrap();
    let (code, out, _) = run(&["export", exported.to_str().unwrap(), "--format", "json"]);
    assert_eq!(code, 0);
    assert!(out.contains("\"value\": \"Hi\""));
    let (code, _, _) = run(&["validate", exported.to_str().unwrap()]);
    assert_eq!(code, 0);

    // Template-only files export unchanged.
    let (code, out, _) = run(&[
        "export",
        &corpus("meal_preferences.widget"),
        "--format",
        "widget",
    ]);
    assert_eq!(code, 0);
    let original: serde_json::Value =
        serde_json::from_slice(&std::fs::read(corpus("meal_preferences.widget")).unwrap()).unwrap();
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&out).unwrap(),
        original
    );

    // An invalid view does not export.
    std::fs::write(&view, "<Card>\n  <Buton />\n</Card>").unwrap();
    let (code, out, err) = run(&["export", view.to_str().unwrap(), "--format", "widget"]);
    assert_eq!(code, 1);
    assert!(out.is_empty());
    assert!(
        err.contains(
            ":2:4: error[unknown-component]: unknown component <Buton> — did you mean Button?"
        ),
        "{err}"
    );
}
