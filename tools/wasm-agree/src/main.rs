//! The native side of the wasm agreement check.
//!
//! `wasm-agree input CORPUS_DIR` prints the check's input: every `.widget` file of the
//! corpus (sorted by name) and the hand-written error cases below.
//! `wasm-agree build INPUT.json` prints `build_all(INPUT)` as the native build computes it.

use serde_json::{Value, json};

/// Views that go wrong in each way the editor shows: positions, codes and messages must agree.
fn cases() -> Vec<Value> {
    vec![
        json!({"name": "syntax error", "view": "<Card>\n  <Text value=\"Hi\" \n</Card>", "data": {}}),
        json!({"name": "unclosed expression", "view": "<Card><Text value={user.name /></Card>", "data": {"user": {"name": "A"}}}),
        json!({"name": "undefined field", "view": "<Card>\n  <Text value={user.nmae} />\n</Card>", "data": {"user": {"name": "Ada"}}}),
        json!({"name": "undefined variable", "view": "<Card>{items.map((i) => <Text value={i.title} />)}</Card>", "data": {}}),
        json!({"name": "invalid props", "view": "<Card size=\"huge\">\n  <Text value=\"x\" weight={w} />\n  <Button label=\"Go\" color=\"pink\" onClickAction={{type: 1}} />\n  <Text vale=\"typo\" value=\"y\" />\n</Card>", "data": {"w": "heavy"}}),
        json!({"name": "missing prop and bad child", "view": "<ListView><Text value=\"not an item\" /><ListViewItem><Image /></ListViewItem></ListView>", "data": {}}),
        json!({"name": "unknown component", "view": "<Card><Txt value=\"x\" /></Card>", "data": {}}),
        json!({"name": "non-ASCII columns", "view": "<Card>\n  <Text value=\"héllo — ✓ 日本\" size={s} />\n</Card>", "data": {"s": "énorme"}}),
        json!({"name": "numbers", "view": "<Card><Text value={`${0.1 + 0.2} ${1 / 3} ${1e21} ${-0} ${1e-7} ${100 / 7} ${-1.5e300 * 10}`} /><Badge label={`${n * 1.1}`} /><Box width={n / 7} height={n * 1e20} /></Card>", "data": {"n": 3}}),
        json!({"name": "text child", "view": "<Card>hello</Card>", "data": {}}),
    ]
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    match (args.get(1).map(String::as_str), args.get(2)) {
        (Some("input"), Some(dir)) => {
            let mut files: Vec<_> = std::fs::read_dir(dir)
                .unwrap_or_else(|e| panic!("{dir}: {e}"))
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "widget"))
                .collect();
            files.sort();
            let designs: Vec<Value> = files
                .iter()
                .map(|p| {
                    json!({
                        "name": p.file_name().unwrap().to_string_lossy(),
                        "file": std::fs::read_to_string(p).unwrap(),
                    })
                })
                .collect();
            println!(
                "{}",
                serde_json::to_string_pretty(&json!({"designs": designs, "views": cases()}))
                    .unwrap()
            );
        }
        (Some("build"), Some(path)) => {
            let input = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
            print!("{}", wasm_agree::build_all(&input));
        }
        _ => {
            eprintln!("usage: wasm-agree input CORPUS_DIR | wasm-agree build INPUT.json");
            std::process::exit(2);
        }
    }
}
