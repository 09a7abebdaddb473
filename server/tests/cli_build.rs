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

/// `build` and `export` take the API's design document, as /preview does (bare, or wrapped
/// as a request body `{"document": …}`).
#[test]
fn build_and_export_a_design_document() {
    let dir = TempDir::new("document");
    let doc = serde_json::json!({
        "name": "greeting",
        "kind": "jsx",
        "source": "<Card>\n  <Text value={`Hello ${name}`} />\n</Card>",
        "default_state": {"name": "Ada"},
        "states": [{"name": "other", "data": {"name": "Bo"}}],
        "tags": ["demo"],
    });
    let path = dir.path().join("greeting.json");
    std::fs::write(&path, doc.to_string()).unwrap();
    let p = path.to_str().unwrap();
    let (code, out, err) = run(&["build", p]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("\"value\": \"Hello Ada\""), "{out}");
    let (code, out, _) = run(&["build", p, "--state", "other"]);
    assert_eq!(code, 0);
    assert!(out.contains("\"value\": \"Hello Bo\""), "{out}");
    let (code, out, err) = run(&["export", p, "--format", "widget"]);
    assert_eq!(code, 0, "{err}");
    let file: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(file["name"], "greeting");
    assert_eq!(
        file["outputJsonPreview"]["children"][0]["value"],
        "Hello Ada"
    );

    let wrapped = dir.path().join("body.json");
    std::fs::write(&wrapped, serde_json::json!({"document": doc}).to_string()).unwrap();
    let (code, out, err) = run(&[
        "export",
        wrapped.to_str().unwrap(),
        "--format",
        "json",
        "--state",
        "other",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("\"value\": \"Hello Bo\""), "{out}");

    // A document that is not one: located, exit 1.
    std::fs::write(&path, r#"{"kind": "jsx", "source": 3}"#).unwrap();
    let (code, _, err) = run(&["build", p]);
    assert_eq!(code, 1);
    assert!(err.contains("not a design document"), "{err}");
}

/// Exporting never needs data; `--data` gives the default state (and the preview).
#[test]
fn export_a_bare_view_without_and_with_data() {
    let dir = TempDir::new("bare");
    let view = dir.path().join("events.jsx");
    std::fs::write(
        &view,
        r#"<ListView>
  {groups.map((group) => [
    <ListViewItem key={group.id}><Title value={group.title} /></ListViewItem>,
    ...group.events.map((event) => <ListViewItem key={event.id}><Text value={event.name} /></ListViewItem>),
  ]).map((value) => value)}
</ListView>"#,
    )
    .unwrap();
    let v = view.to_str().unwrap();
    let (code, out, err) = run(&["export", v, "--format", "widget"]);
    assert_eq!(code, 0, "{err}");
    let file: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(file["template"].as_str().unwrap().contains("namespace("));
    assert!(file.get("outputJsonPreview").is_none());
    assert!(
        err.contains("note: the default state does not have the data"),
        "{err}"
    );

    let data = dir.path().join("data.json");
    std::fs::write(
        &data,
        r#"{"groups": [{"id": "g1", "title": "Today", "events": [{"id": "e1", "name": "Standup"}, {"id": "e2", "name": "Review"}]}, {"id": "g2", "title": "Later", "events": []}]}"#,
    )
    .unwrap();
    let d = data.to_str().unwrap();
    let (code, built, _) = run(&["build", v, "--data", d]);
    assert_eq!(code, 0);
    let (code, json_export, _) = run(&["export", v, "--format", "json", "--data", d]);
    assert_eq!(code, 0);
    assert_eq!(built, json_export);
    let (code, out, err) = run(&["export", v, "--format", "widget", "--data", d]);
    assert_eq!(code, 0, "{err}");
    assert!(err.is_empty(), "{err}");
    let file: serde_json::Value = serde_json::from_str(&out).unwrap();
    let preview: serde_json::Value = serde_json::from_str(&built).unwrap();
    assert_eq!(file["outputJsonPreview"], preview);
    assert_eq!(
        file["outputJsonPreview"]["children"]
            .as_array()
            .unwrap()
            .len(),
        4
    );

    // The SDK builds the exported file with the same data to exactly the preview.
    let exported = dir.path().join("events.widget");
    std::fs::write(&exported, &out).unwrap();
    let sdk = Command::new(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/reference/chatkit-ref"),
    )
    .args(["build", exported.to_str().unwrap(), d])
    .output()
    .unwrap();
    assert!(
        sdk.status.success(),
        "{}",
        String::from_utf8_lossy(&sdk.stdout)
    );
    let sdk: serde_json::Value = serde_json::from_slice(&sdk.stdout).unwrap();
    assert_eq!(sdk, preview);

    // Still refused: a view that cannot evaluate for reasons other than missing data.
    std::fs::write(&view, "<Card>{items.map((i) => <Buton />)}<Buton /></Card>").unwrap();
    let (code, _, err) = run(&["export", v, "--format", "widget"]);
    assert_eq!(code, 1);
    assert!(err.contains("error[unknown-component]"), "{err}");
}

#[test]
fn export_refuses_unhosted_assets_and_data_that_is_not_an_object() {
    // A gallery design shows an uploaded image (`asset:…`): only a studio can serve it.
    let recipe = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../gallery/recipe.json")
        .display()
        .to_string();
    for format in ["widget", "json", "a2ui"] {
        let (code, out, err) = run(&["export", &recipe, "--format", format]);
        assert_eq!(code, 1, "{format}: {err}");
        assert!(out.is_empty(), "{format}: {out}");
        assert!(
            err.contains("error[unhosted-assets]")
                && err.contains("asset:")
                && err.contains("--keep-assets"),
            "{format}: {err}"
        );
        let (code, out, err) = run(&["export", &recipe, "--format", format, "--keep-assets"]);
        assert_eq!(code, 0, "{format}: {err}");
        assert!(out.contains("asset:"), "{format}");
    }
    // --data must be an object, as a state is.
    let dir = TempDir::new("listdata");
    let view = dir.path().join("v.jsx");
    std::fs::write(&view, r#"<Card><Text value="x" /></Card>"#).unwrap();
    let data = dir.path().join("list.json");
    std::fs::write(&data, "[1, 2]").unwrap();
    for args in [
        vec![
            "export",
            view.to_str().unwrap(),
            "--format",
            "widget",
            "--data",
            data.to_str().unwrap(),
        ],
        vec![
            "build",
            view.to_str().unwrap(),
            "--data",
            data.to_str().unwrap(),
        ],
    ] {
        let (code, _, err) = run(&args);
        assert_eq!(code, 1, "{args:?}: {err}");
        assert!(
            err.contains("error[invalid-data]: the data is a list"),
            "{err}"
        );
    }
}

fn run_with_stdin(args: &[&str], input: &str) -> (i32, String, String) {
    use std::io::Write;
    let mut child = Command::new(bin())
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // A command that refuses its arguments may exit before it reads its input: the pipe is
    // then closed (BrokenPipe), which is not this test's failure.
    if let Err(e) = child.stdin.take().unwrap().write_all(input.as_bytes()) {
        assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "{e}");
    }
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// `-` reads standard input: a view (it starts with a tag), widget JSON, a `.widget` file (told
/// from its fields) or the data; errors name `<stdin>`; it cannot be read twice.
#[test]
fn dash_reads_standard_input() {
    let dir = TempDir::new("stdin");
    let data = dir.path().join("data.json");
    std::fs::write(&data, r#"{"name": "Ada"}"#).unwrap();
    let view = "<Card>\n  <Text value={`Hello ${name}`} />\n</Card>";
    let (code, out, err) =
        run_with_stdin(&["build", "-", "--data", &data.display().to_string()], view);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["children"][0]["value"], "Hello Ada");
    // The data from standard input, the view from a file.
    let file = dir.path().join("hello.jsx");
    std::fs::write(&file, view).unwrap();
    let (code, out, err) = run_with_stdin(
        &["build", &file.display().to_string(), "--data", "-"],
        r#"{"name": "Grace"}"#,
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Hello Grace"), "{out}");
    // A .widget file on standard input is read as one.
    let widget = std::fs::read_to_string(corpus("line_select.widget")).unwrap();
    let (code, out, err) = run_with_stdin(&["export", "--format", "json", "-"], &widget);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Blue Line"), "{out}");
    let (code, out, _) = run_with_stdin(&["validate", "-"], &widget);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("<stdin>[view]:1:11: warning[unknown-prop]"),
        "{out}"
    );
    assert!(out.contains("1 valid"), "{out}");
    // A byte-order mark before it changes nothing.
    let (code, out, err) = run_with_stdin(
        &["export", "--format", "json", "-"],
        &format!("\u{feff}{widget}"),
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Blue Line"), "{out}");
    let (code, out, err) = run_with_stdin(
        &["build", "-", "--data", &data.display().to_string()],
        &format!("\u{feff}{view}"),
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Hello Ada"), "{out}");
    // Errors are located in <stdin>.
    let (code, out, _) = run_with_stdin(
        &["validate", "-"],
        "{\"type\": \"Card\",\n \"children\": [null]}",
    );
    assert_eq!(code, 1);
    assert!(out.contains("<stdin>:2:15: error[invalid-child]"), "{out}");
    let (code, _, err) =
        run_with_stdin(&["build", "-"], "<Card>\n  <Text value={nope} />\n</Card>");
    assert_eq!(code, 1);
    assert!(
        err.contains("<stdin>:2:16: error[template-undefined]"),
        "{err}"
    );
    // Read once.
    let (code, _, err) = run_with_stdin(&["build", "-", "--data", "-"], "{}");
    assert_eq!(code, 2);
    assert!(err.contains("cannot both be -"), "{err}");
    let (code, out, _) = run_with_stdin(&["validate", "-", "-"], "{}");
    assert_eq!(code, 2);
    assert!(out.contains("more than once"), "{out}");
}
