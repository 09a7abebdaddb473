//! Helpers shared by the widget tests that talk to the SDK reference.
#![allow(dead_code)]

pub mod cases;

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

/// The Python of the SDK reference's venv, made by `../shared/reference/setup.sh` when missing
/// (once per test binary, however many tests ask at the same time).
pub fn sdk_python() -> PathBuf {
    static PYTHON: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    PYTHON.get_or_init(make_sdk_python).clone()
}

fn make_sdk_python() -> PathBuf {
    let venv = std::env::var_os("CHATKIT_REF_VENV")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            let cache = std::env::var_os("XDG_CACHE_HOME")
                .map(PathBuf::from)
                .unwrap_or_else(|| {
                    PathBuf::from(std::env::var_os("HOME").expect("HOME")).join(".cache")
                });
            cache.join("chatkit-ref-venv")
        });
    let python = venv.join("bin/python");
    if !python.exists() {
        let status = std::process::Command::new(shared().join("reference/setup.sh"))
            .stdout(std::process::Stdio::null())
            .status()
            .expect("run ../shared/reference/setup.sh");
        assert!(status.success(), "setup.sh failed");
    }
    python
}

/// What the SDK answered for one case.
#[derive(Clone, Debug)]
pub enum SdkResult {
    /// The template's output parsed as JSON (key order kept) and `WidgetTemplate.build`'s
    /// `model_dump(exclude_none=True)`.
    Built { rendered: Value, built: Value },
    /// The render or the build raised.
    Error(String),
}

/// Runs `WidgetTemplate.build(data)` for many (template, data) cases in one Python process
/// (`tests/sdk_batch.py`).
pub fn sdk_batch(cases: &[(String, Value)]) -> Vec<SdkResult> {
    let lines = cases
        .iter()
        .enumerate()
        .map(|(i, (t, d))| json!({"id": i, "template": t, "data": d}).to_string())
        .collect();
    run_batch(lines)
}

/// What `chatkit-ref build FILE DATA` answers, for many (.widget file, data) cases in one
/// Python process: the file is loaded whole, as the reference's `build` loads it.
pub fn sdk_build_files(cases: &[(PathBuf, Value)]) -> Vec<SdkResult> {
    let lines = cases
        .iter()
        .enumerate()
        .map(|(i, (f, d))| json!({"id": i, "file": f, "data": d}).to_string())
        .collect();
    run_batch(lines)
}

fn run_batch(lines: Vec<String>) -> Vec<SdkResult> {
    use std::io::{BufRead, BufReader, Write};
    use std::process::{Command, Stdio};
    if lines.is_empty() {
        return Vec::new();
    }
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sdk_batch.py");
    let mut child = Command::new(sdk_python())
        .arg(&script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("start the SDK batch runner");
    let mut stdin = child.stdin.take().unwrap();
    let stdout = child.stdout.take().unwrap();
    let count = lines.len();
    let writer = std::thread::spawn(move || {
        for l in lines {
            if writeln!(stdin, "{l}").is_err() {
                break;
            }
        }
    });
    let mut out = vec![SdkResult::Error("no answer".into()); count];
    for line in BufReader::new(stdout).lines() {
        let line = line.expect("read the SDK batch runner");
        let v: Value = serde_json::from_str(&line).expect("a JSON line from sdk_batch.py");
        let i = v["id"].as_u64().unwrap() as usize;
        out[i] = match v.get("error") {
            Some(e) => SdkResult::Error(e.as_str().unwrap_or_default().to_string()),
            None => SdkResult::Built {
                rendered: v["rendered"].clone(),
                built: v["built"].clone(),
            },
        };
    }
    writer.join().unwrap();
    let status = child.wait().unwrap();
    assert!(status.success(), "sdk_batch.py failed");
    out
}

/// Equal as the SDK sees them, and with object keys in the same order: nulls in objects are
/// dropped on both sides (the evaluator omits `undefined` props, the template writes them as
/// null, and `exclude_none` drops both), numbers compare as floats.
pub fn same_in_order(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let x: Vec<_> = x.iter().filter(|(_, v)| !v.is_null()).collect();
            let y: Vec<_> = y.iter().filter(|(_, v)| !v.is_null()).collect();
            x.len() == y.len()
                && x.iter()
                    .zip(&y)
                    .all(|((k1, v1), (k2, v2))| k1 == k2 && same_in_order(v1, v2))
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same_in_order(p, q))
        }
        (Value::Number(p), Value::Number(q)) => p.as_f64() == q.as_f64(),
        _ => a == b,
    }
}

/// Runs the checkout's `tsc` (installed by `scripts/bootstrap`) on `file` in `dir`: strict, no
/// output, ES2022 modules resolved as a bundler does, plus `extra` options.
pub fn run_tsc(dir: &Path, file: &str, extra: &[&str]) -> std::process::Output {
    let tsc = Path::new(env!("CARGO_MANIFEST_DIR")).join("../node_modules/.bin/tsc");
    assert!(
        tsc.exists(),
        "{} is missing: run scripts/bootstrap (it installs typescript and @openai/chatkit from package-lock.json)",
        tsc.display()
    );
    std::process::Command::new(tsc)
        .args([
            "--strict",
            "--noEmit",
            "--pretty",
            "false",
            "--target",
            "es2022",
            "--module",
            "esnext",
            "--moduleResolution",
            "bundler",
        ])
        .args(extra)
        .arg(file)
        .current_dir(dir)
        .output()
        .expect("run tsc")
}

/// `../shared/reference/chatkit-ref events` on SSE text (`data: {…}` frames): whether every
/// frame passed, and its verdict for each.
pub fn sdk_events(sse: &str) -> (bool, Vec<Value>) {
    static CALLS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("widget-events-{}-{n}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("events.sse");
    std::fs::write(&file, sse).unwrap();
    let out = std::process::Command::new(shared().join("reference/chatkit-ref"))
        .arg("events")
        .arg(&file)
        .output()
        .expect("run chatkit-ref events");
    let _ = std::fs::remove_dir_all(&dir);
    let results: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "chatkit-ref events printed no JSON ({e}): {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.success(), results)
}
