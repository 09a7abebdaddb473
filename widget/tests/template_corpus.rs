//! Every corpus view, evaluated with its default state, reproduces the Studio's own
//! `outputJsonPreview` exactly (values and key order).

mod common;
use common::corpus_files;

fn corpus() -> Vec<(String, serde_json::Value)> {
    corpus_files()
        .into_iter()
        .map(|(name, bytes)| (name, serde_json::from_slice(&bytes).unwrap()))
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
