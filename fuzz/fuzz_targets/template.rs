#![no_main]
//! The view language on arbitrary input: parse, evaluate against a fixed state, validate,
//! compile to Jinja, and render arbitrary text as a hand-written template. Never a panic or
//! a hang: evaluation is bounded by node/step/string limits and rendering by fuel.

use libfuzzer_sys::fuzz_target;
use serde_json::json;

fuzz_target!(|data: &[u8]| {
    let Ok(src) = std::str::from_utf8(data) else {
        return;
    };
    let state = json!({
        "items": [{"id": "a", "name": "A", "n": 1}, {"id": "b", "name": "B", "n": 2.5}],
        "title": "Title", "flag": true, "none": null, "count": 0, "tags": ["x", "y"],
    });
    if let Ok(view) = widget::template::View::parse(src) {
        let built = view.build(&state);
        if let Some(w) = &built.widget {
            let _ = widget::json::to_string(w, Some(2));
        }
        let _ = view.to_jinja();
    }
    let _ = widget::template::render::render(src, &state);
});
