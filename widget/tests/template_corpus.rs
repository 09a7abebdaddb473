//! Every corpus view, evaluated with its default state, reproduces the Studio's own
//! `outputJsonPreview` exactly (values and key order).

use std::path::{Path, PathBuf};

fn corpus() -> Vec<(String, serde_json::Value)> {
    let dir = std::env::var_os("WIDGET_STUDIO_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared"))
        .join("corpus");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("../shared/corpus")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "widget"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&p).unwrap()).unwrap();
            (p.file_name().unwrap().to_string_lossy().into_owned(), v)
        })
        .collect()
}

#[test]
fn views_reproduce_the_studio_preview() {
    let mut with_view = 0;
    for (name, file) in corpus() {
        let Some(state) = widget::widgetfile::builder_state(&file) else {
            continue;
        };
        with_view += 1;
        let view = state["view"].as_str().unwrap();
        let data = &state["defaultState"];
        let built = widget::template::build(view, data);
        assert!(
            built.report.is_valid(),
            "{name}: {:#?}",
            built.report.errors
        );
        let ours = built.widget.unwrap().to_serde();
        let expected = &file["outputJsonPreview"];
        // Exact, including key order.
        assert_eq!(
            serde_json::to_string_pretty(&ours).unwrap(),
            serde_json::to_string_pretty(expected).unwrap(),
            "{name}"
        );
    }
    assert!(with_view >= 4, "the corpus has views");
}
