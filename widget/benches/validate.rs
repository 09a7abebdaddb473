//! Throughput of parse + validate, against `serde_json` parsing the same bytes into a `Value`
//! (the practical ceiling) and the ChatKit SDK doing the same job in-process (the reference).
//!
//! `scripts/bench/validate` (= `cargo bench -p widget --bench validate`; `-- --quick` for a
//! short run). Inputs: the `outputJsonPreview` of every `../shared/corpus/*.widget`, compact
//! and pretty-printed; the `.widget` files themselves; and one generated ListView of 2,000
//! rows (1.2 MB), so that per-call overhead does not dominate.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

struct Set {
    name: &'static str,
    files: Vec<String>,
    /// Validate as `.widget` files (SDK: build the template, then validate).
    widget: bool,
}

fn shared() -> PathBuf {
    std::env::var_os("WIDGET_STUDIO_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared"))
}

fn sets() -> Vec<Set> {
    let mut files: Vec<_> = std::fs::read_dir(shared().join("corpus"))
        .expect("../shared/corpus")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "widget"))
        .collect();
    files.sort();
    let raw: Vec<String> = files
        .iter()
        .map(|f| std::fs::read_to_string(f).unwrap())
        .collect();
    let previews: Vec<serde_json::Value> = raw
        .iter()
        .map(|t| serde_json::from_str::<serde_json::Value>(t).unwrap()["outputJsonPreview"].clone())
        .collect();
    let row = r##"{"type": "ListViewItem", "key": "row-KEY", "gap": 3, "onClickAction": {"type": "open", "payload": {"id": KEY}},
      "children": [
        {"type": "Box", "size": 40, "radius": "full", "background": {"light": "#eef", "dark": "#223"}},
        {"type": "Col", "flex": 1, "gap": 1, "children": [
          {"type": "Text", "value": "Row number KEY with a longer title", "weight": "semibold", "maxLines": 1},
          {"type": "Caption", "value": "Updated 3 days ago · 12 comments", "color": "secondary"}
        ]},
        {"type": "Badge", "label": "New", "color": "success", "variant": "soft"}
      ]}"##;
    let rows: Vec<String> = (0..2000)
        .map(|i| row.replace("KEY", &i.to_string()))
        .collect();
    let big = format!(
        r#"{{"type": "ListView", "limit": 10, "status": {{"text": "Results", "icon": "search"}}, "children": [{}]}}"#,
        rows.join(",\n")
    );
    vec![
        Set {
            name: "corpus widget JSON, compact",
            files: previews
                .iter()
                .map(|v| serde_json::to_string(v).unwrap())
                .collect(),
            widget: false,
        },
        Set {
            name: "corpus widget JSON, pretty",
            files: previews
                .iter()
                .map(|v| serde_json::to_string_pretty(v).unwrap())
                .collect(),
            widget: false,
        },
        Set {
            name: "generated 2,000-row ListView",
            files: vec![big],
            widget: false,
        },
        Set {
            name: "corpus .widget files (each tool's `validate`)",
            files: raw,
            widget: true,
        },
    ]
}

/// Runs `f` over all inputs repeatedly for about `budget`; returns MB/s.
fn measure(inputs: &[String], budget: Duration, mut f: impl FnMut(&str)) -> f64 {
    let bytes: usize = inputs.iter().map(String::len).sum();
    for t in inputs {
        f(t);
    }
    let start = Instant::now();
    let mut runs = 0u64;
    while start.elapsed() < budget {
        for t in inputs {
            f(t);
        }
        runs += 1;
    }
    bytes as f64 * runs as f64 / start.elapsed().as_secs_f64() / 1e6
}

fn sdk(set: &Set, seconds: f64) -> Option<f64> {
    let dir = std::env::temp_dir().join(format!("widget-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).ok()?;
    let mut paths = Vec::new();
    for (i, t) in set.files.iter().enumerate() {
        let p = dir.join(format!(
            "{i}.{}",
            if set.widget { "widget" } else { "json" }
        ));
        std::fs::write(&p, t).ok()?;
        paths.push(p);
    }
    let venv = std::env::var_os("CHATKIT_REF_VENV")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(std::env::var("HOME").unwrap()).join(".cache/chatkit-ref-venv")
        });
    let out = Command::new(venv.join("bin/python"))
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("../scripts/bench/sdk_validate.py"))
        .arg(if set.widget { "widget" } else { "json" })
        .arg(seconds.to_string())
        .args(&paths)
        .env("CHATKIT_REF_DIR", shared().join("reference"))
        .output()
        .ok()?;
    let _ = std::fs::remove_dir_all(&dir);
    if !out.status.success() {
        eprintln!(
            "SDK timing failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        return None;
    }
    serde_json::from_slice::<serde_json::Value>(&out.stdout)
        .ok()?
        .get("mb_per_s")?
        .as_f64()
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let budget = Duration::from_secs_f64(if quick { 0.5 } else { 3.0 });
    // Make sure the reference venv exists.
    let _ = Command::new(shared().join("reference/chatkit-ref"))
        .arg("schema")
        .output();
    println!(
        "| input | bytes | widget (ours) | serde_json → Value | ours / serde_json | SDK in-process | ours / SDK |"
    );
    println!("|---|---|---|---|---|---|---|");
    for set in sets() {
        let bytes: usize = set.files.iter().map(String::len).sum();
        let kind = if set.widget {
            widget::InputKind::WidgetFile
        } else {
            widget::InputKind::WidgetJson
        };
        for t in &set.files {
            let r = widget::validate_input(t.as_bytes(), kind);
            assert!(r.is_valid(), "{}: {:?}", set.name, r.errors);
        }
        let ours = measure(&set.files, budget, |t| {
            black_box(widget::validate_input(black_box(t.as_bytes()), kind));
        });
        let serde = measure(&set.files, budget, |t| {
            black_box(serde_json::from_str::<serde_json::Value>(black_box(t)).unwrap());
        });
        let sdk = sdk(&set, budget.as_secs_f64().max(1.0));
        println!(
            "| {} | {bytes} | {ours:.1} MB/s | {serde:.1} MB/s | {:.2} | {} | {} |",
            set.name,
            ours / serde,
            sdk.map_or("n/a".into(), |s| format!("{s:.2} MB/s")),
            sdk.map_or("n/a".into(), |s| format!("{:.0}×", ours / s)),
        );
    }
}
