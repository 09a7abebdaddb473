//! The accessibility lint over real designs: every corpus and gallery design, every state.
//! It never panics, its fixes fit the source they point into, and what it finds is printed
//! (`cargo test -p widget --test lint_designs -- --nocapture`).

mod common;

use widget::design::Design;

fn designs() -> Vec<(String, Design)> {
    let mut out: Vec<(String, Design)> = common::corpus_files()
        .into_iter()
        .map(|(name, bytes)| (name, Design::from_widget_file(&bytes).unwrap()))
        .collect();
    let gallery = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../public/gallery");
    let mut files: Vec<_> = std::fs::read_dir(&gallery)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "widget"))
        .collect();
    files.sort();
    for f in files {
        let bytes = std::fs::read(&f).unwrap();
        let name = f.file_name().unwrap().to_string_lossy().into_owned();
        out.push((
            format!("gallery/{name}"),
            Design::from_widget_file(&bytes).unwrap(),
        ));
    }
    out
}

#[test]
fn every_design_lints_and_every_fix_fits() {
    let mut total = 0;
    for (name, design) in designs() {
        for state in design.build_states() {
            for d in &state.a11y {
                total += 1;
                eprintln!(
                    "{name} [{}] {}:{} {} {}{}",
                    state.name,
                    d.line,
                    d.column,
                    d.code,
                    d.message,
                    d.fix
                        .as_ref()
                        .map(|f| format!(" (fix: {})", f.title))
                        .unwrap_or_default()
                );
                assert!(d.code.is_a11y() && !d.is_error());
                if let Some(fix) = &d.fix {
                    let fixed = fix.apply(&design.source).expect("the fix fits the source");
                    let mut after = design.clone();
                    after.source = fixed;
                    let again = after.build_states();
                    let st = again.iter().find(|s| s.name == state.name).unwrap();
                    assert!(st.widget.is_some(), "{name}: the fixed source still builds");
                    assert!(
                        !st.a11y.iter().any(|x| x.span == d.span && x.code == d.code),
                        "{name}: the fix resolves {}",
                        d.message
                    );
                }
            }
        }
    }
    eprintln!("{total} accessibility warnings");
}

/// The lint reads the source's own nodes, nulls included: its fixes edit the source, and a
/// fix that adds `"label"` beside a `"label": null` makes a repeated key. The widget that ships
/// has the null taken out after.
#[test]
fn fixes_edit_the_source_as_written_nulls_included() {
    let source =
        r#"{"type": "Card", "children": [{"type": "Checkbox", "name": "agree", "label": null}]}"#;
    let d = Design::from_input(source).unwrap();
    for state in d.build_states() {
        assert!(
            state.widget.as_ref().unwrap()["children"][0]
                .get("label")
                .is_none()
        );
        // Warned of, but no fix is offered to add a second `label` (a lint that read the
        // shipped widget, its null dropped, would offer one, and the check below would fail).
        assert!(
            state
                .a11y
                .iter()
                .any(|w| w.code == widget::Code::A11yUnlabelledField),
            "the unlabelled checkbox is warned of: {:?}",
            state.a11y
        );
        for w in &state.a11y {
            if let Some(fix) = &w.fix {
                let fixed = fix.apply(&d.source).expect("the fix fits");
                let report = widget::validate_str(&fixed);
                assert!(
                    !report
                        .all()
                        .any(|x| x.code == widget::Code::JsonDuplicateKey),
                    "{fixed}"
                );
            }
        }
    }
    // The same in a view.
    let d = Design::jsx(
        "t",
        "<Card><Checkbox name=\"agree\" label={null} /></Card>",
        serde_json::json!({}),
    );
    for state in d.build_states() {
        assert!(
            !state.a11y.is_empty(),
            "the unlabelled checkbox is warned of in a view too"
        );
        for w in &state.a11y {
            if let Some(fix) = &w.fix {
                let fixed = fix.apply(&d.source).expect("the fix fits");
                assert_eq!(fixed.matches("label=").count(), 1, "{fixed}");
            }
        }
    }
}
