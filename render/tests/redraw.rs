//! Redrawing only what changed gives exactly the HTML of drawing the changed widget whole:
//! over every state of the shipped gallery and the corpus, for single edits of every
//! component (a prop changed, swapped for another component's value, removed or added; the
//! type changed; a child removed, duplicated or moved) and for long chains of random edits,
//! each redrawn from the previous redraw.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use render::{Drawing, RenderOptions, WidgetTheme};
use serde_json::{Value, json};
use widget::Design;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn shared() -> PathBuf {
    std::env::var_os("WIDGET_STUDIO_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("../shared"))
}

fn widget_files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "widget"))
        .collect();
    out.sort();
    out
}

/// Every state of every gallery and corpus design, built: (name, widget JSON).
fn widgets() -> Vec<(String, Value)> {
    let mut out = Vec::new();
    let files = widget_files(&root().join("public/gallery"))
        .into_iter()
        .chain(widget_files(&shared().join("corpus")));
    for path in files {
        let design = Design::from_widget_file(&std::fs::read(&path).unwrap())
            .unwrap_or_else(|r| panic!("{}: {:?}", path.display(), r.errors));
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        for b in design.build_states() {
            if let Some(w) = b.widget {
                out.push((format!("{stem}#{}", b.name), w));
            }
        }
    }
    assert!(out.len() >= 40, "only {} widgets", out.len());
    out
}

/// A small deterministic generator (xorshift), so a failure reproduces.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// The paths of every component (`""`, `children[0]`, `children[0].children`…).
fn paths(v: &Value, at: String, out: &mut Vec<String>) {
    if !v.is_object() {
        return;
    }
    let join = |s: String| {
        if at.is_empty() {
            s
        } else {
            format!("{at}.{s}")
        }
    };
    match v.get("children") {
        Some(Value::Array(a)) => {
            for (i, c) in a.iter().enumerate() {
                paths(c, join(format!("children[{i}]")), out);
            }
        }
        Some(c @ Value::Object(_)) => paths(c, join("children".into()), out),
        _ => {}
    }
    out.push(at);
}

fn at_mut<'v>(mut v: &'v mut Value, path: &str) -> &'v mut Value {
    if path.is_empty() {
        return v;
    }
    for step in path.split('.') {
        let children = v.get_mut("children").unwrap();
        v = match step.strip_prefix("children[") {
            Some(i) => &mut children[i.trim_end_matches(']').parse::<usize>().unwrap()],
            None => children,
        };
    }
    v
}

/// Every value seen under each prop name, to swap in.
fn pool(all: &[(String, Value)]) -> BTreeMap<String, Vec<Value>> {
    fn walk(v: &Value, out: &mut BTreeMap<String, Vec<Value>>) {
        let Some(m) = v.as_object() else { return };
        for (k, x) in m {
            if k == "children" {
                continue;
            }
            let list = out.entry(k.clone()).or_default();
            if list.len() < 24 && !list.contains(x) {
                list.push(x.clone());
            }
        }
        match m.get("children") {
            Some(Value::Array(a)) => a.iter().for_each(|c| walk(c, out)),
            Some(c) => walk(c, out),
            None => {}
        }
    }
    let mut out = BTreeMap::new();
    for (_, w) in all {
        walk(w, &mut out);
    }
    out
}

/// A changed value of the same kind.
fn changed(v: &Value) -> Value {
    match v {
        Value::String(s) => json!(format!("{s}x")),
        Value::Number(n) => json!(n.as_f64().unwrap_or(0.0) + 1.0),
        Value::Bool(b) => json!(!b),
        Value::Null => json!(1),
        Value::Array(a) => Value::Array(a.iter().skip(1).cloned().collect()),
        Value::Object(m) => Value::Object(
            m.iter()
                .skip(1)
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        ),
    }
}

/// One random edit of the component at `path` in `w`.
fn edit(w: &mut Value, path: &str, rng: &mut Rng, pool: &BTreeMap<String, Vec<Value>>) {
    let node = at_mut(w, path);
    let Some(m) = node.as_object_mut() else {
        return;
    };
    let keys: Vec<String> = m.keys().filter(|k| *k != "children").cloned().collect();
    match rng.below(8) {
        0 | 1 if !keys.is_empty() => {
            let k = &keys[rng.below(keys.len())];
            let v = changed(&m[k]);
            m.insert(k.clone(), v);
        }
        2 | 3 if !keys.is_empty() => {
            let k = &keys[rng.below(keys.len())];
            let others = &pool[k];
            m.insert(k.clone(), others[rng.below(others.len())].clone());
        }
        4 if !keys.is_empty() => {
            let k = keys[rng.below(keys.len())].clone();
            if k != "type" {
                m.remove(&k);
            }
        }
        5 => {
            let names: Vec<&String> = pool.keys().collect();
            let k = names[rng.below(names.len())];
            let others = &pool[k];
            m.insert(k.clone(), others[rng.below(others.len())].clone());
        }
        6 => {
            if let Some(Value::Array(a)) = m.get_mut("children")
                && !a.is_empty()
            {
                let i = rng.below(a.len());
                match rng.below(3) {
                    0 => {
                        a.remove(i);
                    }
                    1 => {
                        let c = a[i].clone();
                        a.insert(i, c);
                    }
                    _ => {
                        let c = a.remove(i);
                        let j = rng.below(a.len() + 1);
                        a.insert(j, c);
                    }
                }
            }
        }
        _ => {
            let types = &pool["type"];
            m.insert("type".into(), types[rng.below(types.len())].clone());
        }
    }
}

const OPTS: RenderOptions = RenderOptions {
    paths: true,
    heading_level: 3,
    scope: 7,
};

/// Redraws `old` → `new` from `drawing` and checks it against drawing `new` whole; returns the
/// new drawing and whether only parts were drawn.
fn check(
    name: &str,
    drawing: Drawing,
    old: &Value,
    new: &Value,
    theme: WidgetTheme,
) -> (Drawing, bool) {
    let whole = Drawing::new(new, theme, OPTS);
    assert_eq!(
        whole.html(),
        render::render_inner(new, theme, OPTS),
        "{name}: a Drawing is render_inner's HTML"
    );
    match drawing.redraw(old, new, theme, OPTS) {
        Some((d, parts)) => {
            if d.html() != whole.html() {
                let at = d
                    .html()
                    .bytes()
                    .zip(whole.html().bytes())
                    .position(|(a, b)| a != b)
                    .unwrap_or(0);
                panic!(
                    "{name}: redrawn HTML differs at byte {at}:\n redrawn: {}\n   whole: {}\nold: {old}\nnew: {new}",
                    &d.html()[at.saturating_sub(200)..(at + 200).min(d.html().len())],
                    &whole.html()[at.saturating_sub(200)..(at + 200).min(whole.html().len())],
                );
            }
            assert_eq!(d.spans(), whole.spans(), "{name}: where each component is");
            for p in &parts {
                // Each part is one element, marked with its path, found as such in the whole.
                let mark = format!(" data-wgt-path=\"{}\"", p.path);
                let tag_end = p.html.find('>').unwrap();
                assert!(
                    p.html[..tag_end].contains(&mark),
                    "{name}: part {} is marked: {}",
                    p.path,
                    p.html
                );
                assert!(
                    whole.html().contains(&p.html),
                    "{name}: part {} is in the whole",
                    p.path
                );
            }
            (d, !parts.is_empty())
        }
        None => (whole, false),
    }
}

#[test]
fn one_edit_of_each_component_redraws_as_the_whole_would() {
    let all = widgets();
    let pool = pool(&all);
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let (mut partial, mut total) = (0, 0);
    for (name, w) in &all {
        let mut list = Vec::new();
        paths(w, String::new(), &mut list);
        for path in &list {
            let mut new = w.clone();
            edit(&mut new, path, &mut rng, &pool);
            let theme = if rng.below(2) == 0 {
                WidgetTheme::Light
            } else {
                WidgetTheme::Dark
            };
            let drawing = Drawing::new(w, theme, OPTS);
            let (_, parts) = check(&format!("{name} at {path:?}"), drawing, w, &new, theme);
            total += 1;
            partial += usize::from(parts);
        }
    }
    // Most edits draw only parts (the test would pass vacuously if none did).
    assert!(total > 1500, "{total} edits");
    assert!(
        partial * 2 > total,
        "only {partial} of {total} edits drew parts"
    );
    eprintln!("{partial} of {total} single edits drew only parts");
}

#[test]
fn chains_of_edits_keep_every_component_in_place() {
    let all = widgets();
    let pool = pool(&all);
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let mut partial = 0;
    for (name, w) in &all {
        let theme = if rng.below(2) == 0 {
            WidgetTheme::Light
        } else {
            WidgetTheme::Dark
        };
        let mut cur = w.clone();
        let mut drawing = Drawing::new(&cur, theme, OPTS);
        for step in 0..25 {
            let mut list = Vec::new();
            paths(&cur, String::new(), &mut list);
            // Mostly leaves and rows, as visual edits are; the root now and then.
            let path = list[rng.below(list.len())].clone();
            let mut new = cur.clone();
            edit(&mut new, &path, &mut rng, &pool);
            let (d, parts) = check(
                &format!("{name} step {step} at {path:?}"),
                drawing,
                &cur,
                &new,
                theme,
            );
            partial += usize::from(parts);
            drawing = d;
            cur = new;
        }
    }
    assert!(
        partial > all.len() * 10,
        "only {partial} chained edits drew parts"
    );
}

#[test]
fn nothing_changed_draws_nothing_and_a_new_root_draws_whole() {
    let w = json!({"type": "Card", "children": [
        {"type": "Text", "value": "a"},
        {"type": "Row", "children": [{"type": "Badge", "label": "b", "color": "info"}]}
    ]});
    let (d, parts) = Drawing::new(&w, WidgetTheme::Light, OPTS)
        .redraw(&w, &w, WidgetTheme::Light, OPTS)
        .unwrap();
    assert!(parts.is_empty());
    assert_eq!(d.html(), render::render_inner(&w, WidgetTheme::Light, OPTS));
    // One prop of one badge: that badge only.
    let mut new = w.clone();
    new["children"][1]["children"][0]["color"] = json!("success");
    let (_, parts) = Drawing::new(&w, WidgetTheme::Light, OPTS)
        .redraw(&w, &new, WidgetTheme::Light, OPTS)
        .unwrap();
    assert_eq!(parts.len(), 1);
    assert_eq!(parts[0].path, "children[1].children[0]");
    // The root's own prop, another theme, or other options: drawn whole.
    let mut root = w.clone();
    root["size"] = json!("lg");
    let d = || Drawing::new(&w, WidgetTheme::Light, OPTS);
    assert!(d().redraw(&w, &root, WidgetTheme::Light, OPTS).is_none());
    assert!(d().redraw(&w, &new, WidgetTheme::Dark, OPTS).is_none());
    assert!(
        d().redraw(
            &w,
            &new,
            WidgetTheme::Light,
            RenderOptions { scope: 8, ..OPTS }
        )
        .is_none()
    );
    // A field: element ids are given across the widget, so drawn whole.
    let form = json!({"type": "Card", "children": [
        {"type": "Label", "value": "Name", "fieldName": "n"},
        {"type": "Input", "name": "n"}
    ]});
    let mut renamed = form.clone();
    renamed["children"][1]["placeholder"] = json!("Your name");
    assert!(
        Drawing::new(&form, WidgetTheme::Light, OPTS)
            .redraw(&form, &renamed, WidgetTheme::Light, OPTS)
            .is_none()
    );
}
