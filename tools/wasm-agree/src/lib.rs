//! One function, [`build_all`], compiled twice: natively (as the server runs the widget
//! language) and for wasm32 (as the browser runs it). `make wasm-check` runs both on the same
//! input and fails unless their outputs are byte for byte the same.
//!
//! The input is JSON: `{"designs": [{"name", "file"}], "views": [{"name", "view", "data"}]}`,
//! where `file` is the text of a `.widget` file. The output has one JSON line per result:
//! each design's import (decode), export (encode), Jinja template and state check, then for
//! the default state and every named state the widget JSON text (`serde_json::to_string`),
//! the diagnostics (severity, code, path, line, column, message) and the source map; then
//! the same for each hand-written view; then the components' JSON Schema.

use serde_json::{Value, json};
use wasm_bindgen::prelude::*;
use widget::Report;
use widget::design::Design;
use widget::template::{self, Built};

/// Builds everything in `input_json` (see the crate docs); one JSON line per result.
#[wasm_bindgen]
pub fn build_all(input_json: &str) -> String {
    let input: Value = match serde_json::from_str(input_json) {
        Ok(v) => v,
        Err(e) => return format!("{}\n", json!({"input": e.to_string()})),
    };
    let mut out = Vec::new();
    let list = |key: &str| input[key].as_array().cloned().unwrap_or_default();
    for d in list("designs") {
        let name = d["name"].as_str().unwrap_or_default();
        let file = d["file"].as_str().unwrap_or_default();
        design(name, file, &mut out);
    }
    for v in list("views") {
        let name = v["name"].as_str().unwrap_or_default();
        let view = v["view"].as_str().unwrap_or_default();
        let built = template::build(view, &v["data"]);
        out.push(built_line(json!({"view": name}), &built));
    }
    out.push(json!({"schema": text(&widget::schema::json_schema())}));
    let mut s = String::new();
    for line in out {
        s.push_str(&line.to_string());
        s.push('\n');
    }
    s
}

fn design(name: &str, file: &str, out: &mut Vec<Value>) {
    let design = match Design::from_widget_file(file.as_bytes()) {
        Ok(d) => d,
        Err(report) => {
            out.push(json!({"design": name, "import": diagnostics(&report)}));
            return;
        }
    };
    out.push(json!({"design": name, "decoded": text(&design)}));
    out.push(match design.to_widget_file() {
        Ok(file) => json!({"design": name, "encoded": text(&file)}),
        Err(report) => json!({"design": name, "encoded": diagnostics(&report)}),
    });
    out.push(match design.template() {
        Ok(t) => json!({"design": name, "template": t}),
        Err(report) => json!({"design": name, "template": diagnostics(&report)}),
    });
    out.push(json!({"design": name, "states": diagnostics(&design.check_states())}));
    let states = std::iter::once(("default", &design.default_state))
        .chain(design.states.iter().map(|s| (s.name.as_str(), &s.data)));
    for (state, data) in states {
        let built = design.build(data);
        out.push(built_line(json!({"design": name, "state": state}), &built));
    }
}

fn built_line(mut head: Value, built: &Built<'_>) -> Value {
    head["widget"] = match &built.widget {
        Some(w) => json!(text(&w.to_serde())),
        None => Value::Null,
    };
    head["diagnostics"] = diagnostics(&built.report);
    head["sourceMap"] = json!(text(&built.source_map));
    head
}

fn text<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_else(|e| format!("(not serialisable: {e})"))
}

fn diagnostics(report: &Report) -> Value {
    let one = |severity: &str, d: &widget::Diagnostic| {
        json!([
            severity,
            d.code.as_str(),
            d.path,
            d.line,
            d.column,
            d.message
        ])
    };
    let mut all: Vec<Value> = report.errors.iter().map(|d| one("error", d)).collect();
    all.extend(report.warnings.iter().map(|d| one("warning", d)));
    Value::Array(all)
}

/// Allocates `len` bytes in wasm memory for [`build_all_raw`]'s input (for running the module
/// without wasm-bindgen's JavaScript glue: `run.mjs --raw`).
#[unsafe(no_mangle)]
pub extern "C" fn agree_alloc(len: usize) -> *mut u8 {
    let mut buf = std::mem::ManuallyDrop::new(Vec::<u8>::with_capacity(len));
    buf.as_mut_ptr()
}

/// [`build_all`] over UTF-8 bytes at `ptr..ptr + len` (from [`agree_alloc`], freed here). The
/// result is written as 4 little-endian length bytes then the UTF-8 text, and stays allocated.
///
/// # Safety
/// `ptr` must come from `agree_alloc(len)` with `len` bytes written.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn agree_build_all_raw(ptr: *mut u8, len: usize) -> *const u8 {
    // SAFETY: the caller passes agree_alloc's buffer with len initialised bytes.
    let input = unsafe { Vec::from_raw_parts(ptr, len, len) };
    let out = build_all(&String::from_utf8_lossy(&input));
    let mut bytes = (out.len() as u32).to_le_bytes().to_vec();
    bytes.extend_from_slice(out.as_bytes());
    std::mem::ManuallyDrop::new(bytes).as_ptr()
}
