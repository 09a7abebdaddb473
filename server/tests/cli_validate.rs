//! `widget-studio validate`: output formats and exit codes.

mod common;
use common::{TempDir, bin};
use std::process::Command;

fn run(args: &[&str]) -> (i32, String) {
    let out = Command::new(bin()).args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn valid_invalid_and_missing_files() {
    let dir = TempDir::new("cli");
    let good = dir.path().join("good.json");
    std::fs::write(
        &good,
        r#"{"type": "Card", "children": [{"type": "Text", "value": "Hi"}]}"#,
    )
    .unwrap();
    let bad = dir.path().join("bad.json");
    std::fs::write(
        &bad,
        "{\"type\": \"Card\",\n \"children\": [{\"type\": \"Button\", \"color\": \"purple\"}]}",
    )
    .unwrap();
    let good = good.to_str().unwrap();
    let bad = bad.to_str().unwrap();

    let (code, out) = run(&["validate", good]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("1 valid, 0 invalid"));

    let (code, out) = run(&["validate", good, bad]);
    assert_eq!(code, 1);
    let line = format!(
        "{bad}:2:43: error[invalid-enum]: Button.color: \"purple\" is not one of primary, secondary, info, discovery, success, caution, warning, danger"
    );
    assert!(out.contains(&line), "{out}");
    assert!(out.contains("^"), "caret excerpt");

    let (code, out) = run(&["validate", good, "/no/such/file.json"]);
    assert_eq!(code, 2);
    assert!(out.contains("/no/such/file.json: error[io]: cannot read"));

    let (code, _) = run(&["validate"]);
    assert_eq!(code, 2, "no files is a usage error");
}

#[test]
fn json_output() {
    let dir = TempDir::new("cli-json");
    let bad = dir.path().join("bad.json");
    std::fs::write(
        &bad,
        r#"{"type": "Card", "children": [{"type": "Text", "value": 1, "colr": "red"}]}"#,
    )
    .unwrap();
    let (code, out) = run(&["validate", "--json", bad.to_str().unwrap()]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let entry = &v[0];
    assert_eq!(entry["file"], bad.to_str().unwrap());
    assert_eq!(entry["valid"], false);
    let e = &entry["errors"][0];
    assert_eq!(e["path"], "children[0].value");
    assert_eq!(e["line"], 1);
    assert_eq!(e["column"], 57);
    assert_eq!(e["code"], "invalid-type");
    assert_eq!(e["message"], "Text.value: expected a string, found 1");
    assert_eq!(entry["warnings"][0]["code"], "unknown-prop");
    let keys: Vec<&str> = e.as_object().unwrap().keys().map(|k| k.as_str()).collect();
    assert_eq!(keys, ["path", "line", "column", "code", "message"]);
}

#[test]
fn widget_files_from_the_corpus() {
    let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus");
    let mut files: Vec<String> = std::fs::read_dir(&corpus)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path().display().to_string())
        .filter(|p| p.ends_with(".widget"))
        .collect();
    files.sort();
    assert!(files.len() >= 6);
    let mut args = vec!["validate"];
    args.extend(files.iter().map(|s| s.as_str()));
    let (code, out) = run(&args);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains(
            "line_select.widget[view]:1:11: warning[unknown-prop]: ListView.of is not a prop of ListView"
        ),
        "{out}"
    );
}

/// `--a11y` prints the accessibility lint (with fixes), `--strict` makes it fail the run.
#[test]
fn accessibility_warnings_and_strict() {
    let dir = TempDir::new("cli-a11y");
    let file = dir.path().join("w.json");
    std::fs::write(
        &file,
        "{\"type\": \"Card\", \"children\": [\n  {\"type\": \"Input\", \"name\": \"email\"}\n]}",
    )
    .unwrap();
    let clean = dir.path().join("clean.json");
    std::fs::write(
        &clean,
        r#"{"type": "Card", "children": [{"type": "Text", "value": "Hi"}]}"#,
    )
    .unwrap();
    let f = file.to_str().unwrap();
    let c = clean.to_str().unwrap();

    // Without --a11y nothing changes.
    let (code, out) = run(&["validate", f]);
    assert_eq!(code, 0, "{out}");
    assert!(!out.contains("a11y"), "{out}");

    let (code, out) = run(&["validate", "--a11y", f, c]);
    assert_eq!(code, 0, "warnings never make a file invalid: {out}");
    assert!(
        out.contains(&format!(
            "{f}:2:12: warning[a11y-unlabelled-field]: this Input (\"email\") has no Label"
        )),
        "{out}"
    );
    assert!(out.contains("= fix: Add a Label \"Email\""), "{out}");
    assert!(out.contains("1 accessibility warning(s)"), "{out}");

    let (code, out) = run(&["validate", "--a11y", "--strict", f, c]);
    assert_eq!(code, 1, "{out}");
    let (code, out) = run(&["validate", "--a11y", "--strict", c]);
    assert_eq!(code, 0, "{out}");
    // --strict needs --a11y.
    let (code, _) = run(&["validate", "--strict", c]);
    assert_eq!(code, 2);

    let (code, out) = run(&["validate", "--a11y", "--json", f]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let w = &v[0]["a11y"][0];
    assert_eq!(w["code"], "a11y-unlabelled-field");
    assert_eq!(w["path"], "children[0]");
    assert_eq!(w["fix"]["title"], "Add a Label \"Email\"");

    // A .widget file: located in its view.
    let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus");
    let cat = corpus.join("cat_profile.widget");
    let (code, out) = run(&["validate", "--a11y", cat.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("cat_profile.widget[view]:"), "{out}");
}

#[test]
fn schema_subcommand_prints_the_schema() {
    let (code, out) = run(&["schema"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["$schema"], "https://json-schema.org/draft/2020-12/schema");
    assert!(v["$defs"]["Button"]["properties"]["onClickAction"].is_object());
}

/// A view given to validate is told where views are checked (it was a JSON error at its `<`);
/// a `.widget` file saved as `.json` is read as the `.widget` it is (it was "no type").
#[test]
fn a_view_is_sent_to_build_and_a_renamed_widget_file_is_read_as_one() {
    let dir = TempDir::new("cli-kinds");
    let view = dir.path().join("card.jsx");
    std::fs::write(&view, "<Card>\n  <Text value={title} />\n</Card>\n").unwrap();
    let view = view.to_str().unwrap();
    let (code, out) = run(&["validate", view]);
    assert_eq!(code, 2, "{out}");
    assert!(
        out.contains(&format!("{view}: error[usage]: {view} is a JSX view"))
            && out.contains("widget-studio build"),
        "{out}"
    );
    let corpus = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/corpus/cat_profile.widget"
    );
    let renamed = dir.path().join("cat_profile.json");
    std::fs::copy(corpus, &renamed).unwrap();
    let (code, out) = run(&["validate", renamed.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("1 valid, 0 invalid"), "{out}");
}

/// An export option that the format does not use is refused (it was ignored, exit 0).
#[test]
fn export_options_that_do_not_apply_are_refused() {
    let corpus = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/corpus/cat_profile.widget"
    );
    for (args, says) in [
        (
            &["--format", "widget", "--state", "nope"][..],
            "--state applies to --format json and a2ui",
        ),
        (
            &["--format", "json", "--jsonl"][..],
            "--jsonl applies to --format a2ui only",
        ),
        (
            &["--format", "widget", "--a2ui-version", "v0.8"][..],
            "--a2ui-version applies to --format a2ui only",
        ),
    ] {
        let out = Command::new(bin())
            .args(["export", corpus])
            .args(args)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(says), "{args:?}: {err}");
        assert!(out.stdout.is_empty(), "{args:?}");
    }
}
