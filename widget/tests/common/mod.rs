//! Helpers shared by the widget tests that talk to the SDK reference.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

/// `../shared` beside the checkout (or `WIDGET_STUDIO_SHARED`).
pub fn shared() -> PathBuf {
    std::env::var_os("WIDGET_STUDIO_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared"))
}

/// What the SDK's `model_dump(exclude_none=True)` does to a widget (nulls dropped everywhere,
/// list items included), with numbers compared as floats (Python keeps `1.0`).
pub fn normalise(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k.clone(), normalise(v)))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().filter(|v| !v.is_null()).map(normalise).collect()),
        Value::Number(n) => json!(n.as_f64().unwrap()),
        other => other.clone(),
    }
}

/// The corpus `.widget` files, sorted, as (file name, bytes).
pub fn corpus_files() -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<_> = std::fs::read_dir(shared().join("corpus"))
        .expect("../shared/corpus")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "widget"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect()
}
