//! View evaluation per build, against the SDK's `WidgetTemplate.build` on the same designs.
//!
//! `scripts/bench/template` (= `cargo bench -p widget --bench template`). For each corpus
//! design with a view: our evaluator (view parsed once, then evaluate + validate per build)
//! and the SDK building our exported template with the same default state (template compiled
//! once, as a server holds it). Also a 200-row list to show scaling.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use widget::design::Design;

fn shared() -> PathBuf {
    std::env::var_os("WIDGET_STUDIO_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared"))
}

fn per_call(budget: Duration, mut f: impl FnMut()) -> f64 {
    f();
    let start = Instant::now();
    let mut n = 0u64;
    while start.elapsed() < budget {
        f();
        n += 1;
    }
    start.elapsed().as_secs_f64() / n as f64 * 1e6
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let budget = Duration::from_secs_f64(if quick { 0.3 } else { 2.0 });
    let mut files: Vec<_> = std::fs::read_dir(shared().join("corpus"))
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "widget"))
        .collect();
    files.sort();
    let mut designs: Vec<(String, Design)> = Vec::new();
    for f in &files {
        let d = Design::from_widget_file(&std::fs::read(f).unwrap()).unwrap();
        if d.kind == widget::design::DesignKind::Jsx {
            designs.push((f.file_stem().unwrap().to_string_lossy().into_owned(), d));
        }
    }
    // A larger list: article_list with 200 articles.
    if let Some((_, base)) = designs.iter().find(|(n, _)| n == "article_list") {
        let mut big = base.clone();
        let one = base.default_state["articles"][0].clone();
        big.default_state["articles"] =
            serde_json::Value::Array((0..200).map(|_| one.clone()).collect());
        designs.push(("article_list ×200 rows".into(), big));
    }
    let dir = std::env::temp_dir().join(format!("widget-tbench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut pairs = Vec::new();
    let mut ours = Vec::new();
    for (i, (name, d)) in designs.iter().enumerate() {
        let view = widget::template::View::parse(&d.source).unwrap();
        let data = d.default_state.clone();
        let us = per_call(budget, || {
            black_box(view.build(black_box(&data)));
        });
        let us_parse = per_call(budget, || {
            // The parse is timed: the tree the last build parsed is not reused.
            widget::template::parser::clear_shared();
            black_box(widget::template::build(
                black_box(&d.source),
                black_box(&data),
            ));
        });
        ours.push((name.clone(), us, us_parse));
        let file = d.to_widget_file().unwrap();
        let wf = dir.join(format!("{i}.widget"));
        let df = dir.join(format!("{i}.json"));
        std::fs::write(&wf, file.to_string()).unwrap();
        std::fs::write(&df, data.to_string()).unwrap();
        pairs.push(format!("{}:{}", wf.display(), df.display()));
    }
    let venv = std::env::var_os("CHATKIT_REF_VENV")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(std::env::var("HOME").unwrap()).join(".cache/chatkit-ref-venv")
        });
    let _ = Command::new(shared().join("reference/chatkit-ref"))
        .arg("schema")
        .output();
    let sdk = Command::new(venv.join("bin/python"))
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("../scripts/bench/sdk_build.py"))
        .arg(budget.as_secs_f64().to_string())
        .args(&pairs)
        .output()
        .expect("run the SDK");
    let _ = std::fs::remove_dir_all(&dir);
    let sdk: serde_json::Value = serde_json::from_slice(&sdk.stdout).unwrap_or_default();
    println!(
        "| design | ours: evaluate + validate | ours: parse + evaluate + validate | SDK build, template compiled once | SDK / ours | SDK compile + build | SDK / ours (parse included) |"
    );
    println!("|---|---|---|---|---|---|---|");
    let fmt = |x: Option<f64>| x.map_or("n/a".to_string(), |s| format!("{s:.0} µs"));
    let ratio =
        |x: Option<f64>, ours: f64| x.map_or("n/a".to_string(), |s| format!("{:.0}×", s / ours));
    for (i, (name, us, us_parse)) in ours.iter().enumerate() {
        let once = sdk[i.to_string()][0].as_f64();
        let full = sdk[i.to_string()][1].as_f64();
        println!(
            "| {name} | {us:.1} µs | {us_parse:.1} µs | {} | {} | {} | {} |",
            fmt(once),
            ratio(once, *us),
            fmt(full),
            ratio(full, *us_parse),
        );
    }
}
