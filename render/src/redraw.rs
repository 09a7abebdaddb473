//! Redrawing only what changed: a [`Drawing`] is a widget's HTML (with `data-wgt-path` marks)
//! plus where each component of it was drawn and what its parent passed down. Given the
//! widget it was drawn from and a changed one, [`Drawing::redraw`] finds the components that
//! differ, draws only those, and splices them into the HTML: the result is byte-identical to
//! drawing the changed widget whole (`render/tests/redraw.rs` checks this over the gallery
//! and the corpus with thousands of edits), and the [`Part`]s say which elements of the page
//! to replace. A visual edit that sets one prop on 62 rows of a `.map` draws 62 small
//! elements instead of the whole 600-node widget.
//!
//! Components whose drawing reads their descendants (a clickable `ListViewItem` is named by
//! its texts, a `Table` puts its header rows in `<thead>`, a `Transition` is keyed by its
//! child) are drawn again whole when anything inside them changes. A change in or around a
//! form field, a `Label` or an editable text draws the widget whole (element ids are given
//! across the whole widget, first come first served), and so does a change of the root.

use std::collections::HashMap;

use serde_json::{Map, Value};

use crate::html::Html;
use crate::render::{self, Place, RenderOptions, Scan, WidgetTheme};

/// Where one marked component was drawn: its byte range in the HTML and its parent's place.
#[derive(Clone, Debug)]
pub(crate) struct Traced {
    pub path: String,
    pub start: usize,
    pub end: usize,
    pub place: Place,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Drawn {
    start: usize,
    end: usize,
    place: Place,
}

/// A widget drawn with its components' paths marked, and what it takes to redraw one of them.
pub struct Drawing {
    html: String,
    theme: WidgetTheme,
    opts: RenderOptions,
    scan: Scan,
    nodes: HashMap<String, Drawn>,
}

/// One component drawn again: the element marked `data-wgt-path="path"` becomes `html`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Part {
    pub path: String,
    pub html: String,
}

impl Drawing {
    /// Draws `widget` whole, as [`crate::render_inner`] does with `opts` and paths marked.
    pub fn new(widget: &Value, theme: WidgetTheme, opts: RenderOptions) -> Drawing {
        let opts = RenderOptions {
            paths: true,
            ..opts
        };
        let scan = Scan::new(widget, opts);
        let mut h = Html::tracing(1024);
        render::root_into(widget, theme, opts, &scan, &mut h);
        let trace = h.trace.take().unwrap_or_default();
        let nodes = trace
            .into_iter()
            .map(|t| {
                (
                    t.path,
                    Drawn {
                        start: t.start,
                        end: t.end,
                        place: t.place,
                    },
                )
            })
            .collect();
        Drawing {
            html: h.into_string(),
            theme,
            opts,
            scan,
            nodes,
        }
    }

    /// The HTML.
    pub fn html(&self) -> &str {
        &self.html
    }

    /// Where each component is drawn: (path, start, end) in the HTML, by path (for tests).
    #[doc(hidden)]
    pub fn spans(&self) -> Vec<(String, usize, usize)> {
        let mut out: Vec<_> = self
            .nodes
            .iter()
            .map(|(p, d)| (p.clone(), d.start, d.end))
            .collect();
        out.sort();
        out
    }

    /// The HTML, taken.
    pub fn into_html(self) -> String {
        self.html
    }

    /// This drawing of `old` made a drawing of `new` by drawing only the components that
    /// differ, with the parts that changed (in document order; none when nothing did), or
    /// `None` when `new` must be drawn whole (see the module's notes). `theme` and `opts` are
    /// the ones `new` is drawn with.
    pub fn redraw(
        mut self,
        old: &Value,
        new: &Value,
        theme: WidgetTheme,
        opts: RenderOptions,
    ) -> Option<(Drawing, Vec<Part>)> {
        let opts = RenderOptions {
            paths: true,
            ..opts
        };
        if theme != self.theme || opts != self.opts {
            return None;
        }
        let mut changed = Vec::new();
        if differs(old, new, &mut String::new(), &mut changed) {
            return None;
        }
        // Each changed component: where it was drawn, in document order.
        let mut spans = Vec::with_capacity(changed.len());
        for path in changed {
            let drawn = *self.nodes.get(&path)?;
            let (a, b) = (at_path(old, &path)?, at_path(new, &path)?);
            if names_fields(a) || names_fields(b) {
                return None;
            }
            spans.push((drawn, path, b));
        }
        spans.sort_by_key(|(d, ..)| d.start);
        // Draw each one again where it was, then splice.
        let mut parts = Vec::with_capacity(spans.len());
        let mut traces = Vec::with_capacity(spans.len());
        for (drawn, path, v) in &spans {
            let mut h = Html::tracing(drawn.end - drawn.start + 64);
            render::node_at(v, theme, path, drawn.place, &self.scan, &mut h);
            traces.push(h.trace.take().unwrap_or_default());
            parts.push(Part {
                path: path.clone(),
                html: h.into_string(),
            });
        }
        let grown: isize = spans
            .iter()
            .zip(&parts)
            .map(|((d, ..), p)| p.html.len() as isize - (d.end - d.start) as isize)
            .sum();
        let mut html = String::with_capacity((self.html.len() as isize + grown).max(0) as usize);
        let mut from = 0;
        // (old end, shift after it): the shift of every offset past each replaced range.
        let mut shifts: Vec<(usize, isize)> = Vec::with_capacity(spans.len());
        let mut shift = 0isize;
        for ((drawn, ..), part) in spans.iter().zip(&parts) {
            html.push_str(&self.html[from..drawn.start]);
            html.push_str(&part.html);
            from = drawn.end;
            shift += part.html.len() as isize - (drawn.end - drawn.start) as isize;
            shifts.push((drawn.end, shift));
        }
        html.push_str(&self.html[from..]);
        // The components outside the redrawn ones move; those inside are replaced by the new
        // drawings' own.
        let moved = |x: usize| -> usize {
            let i = shifts.partition_point(|(end, _)| *end <= x);
            let by = if i == 0 { 0 } else { shifts[i - 1].1 };
            (x as isize + by) as usize
        };
        self.nodes.retain(|_, d| {
            !spans
                .iter()
                .any(|(s, ..)| d.start >= s.start && d.end <= s.end)
        });
        for d in self.nodes.values_mut() {
            d.start = moved(d.start);
            d.end = moved(d.end);
        }
        for ((drawn, ..), trace) in spans.iter().zip(traces) {
            let base = moved(drawn.start);
            for t in trace {
                self.nodes.insert(
                    t.path,
                    Drawn {
                        start: base + t.start,
                        end: base + t.end,
                        place: t.place,
                    },
                );
            }
        }
        self.html = html;
        Some((self, parts))
    }
}

/// Whether the component at `path` must be drawn again as a whole; the components below it
/// that must be (and whose parents need not) are added to `out`. `path` is left as it was.
fn differs(old: &Value, new: &Value, path: &mut String, out: &mut Vec<String>) -> bool {
    let (Some(a), Some(b)) = (old.as_object(), new.as_object()) else {
        return old != new;
    };
    if own_props_differ(a, b) {
        return true;
    }
    let mut below = Vec::new();
    let len = path.len();
    let mut step = |i: Option<usize>, p: &Value, q: &Value, below: &mut Vec<String>| {
        if !path.is_empty() {
            path.push('.');
        }
        path.push_str("children");
        if let Some(i) = i {
            use std::fmt::Write;
            let _ = write!(path, "[{i}]");
        }
        if differs(p, q, path, below) {
            below.push(path.clone());
        }
        path.truncate(len);
    };
    let children_differ = match (a.get("children"), b.get("children")) {
        (None, None) => false,
        (Some(Value::Array(x)), Some(Value::Array(y))) => {
            x.len() != y.len()
                || x.iter().zip(y).enumerate().any(|(i, (p, q))| {
                    if !p.is_object() || !q.is_object() {
                        // Not a component (the renderer skips it), but its place counts.
                        return p.is_object() != q.is_object() || p != q;
                    }
                    step(Some(i), p, q, &mut below);
                    false
                })
        }
        (Some(p @ Value::Object(_)), Some(q @ Value::Object(_))) => {
            step(None, p, q, &mut below);
            false
        }
        (x, y) => x != y,
    };
    if children_differ || (!below.is_empty() && reads_descendants(new)) {
        return true;
    }
    out.append(&mut below);
    false
}

/// Whether two components' own props (all but `children`) differ.
fn own_props_differ(a: &Map<String, Value>, b: &Map<String, Value>) -> bool {
    // Most often the keys come in the same order: compared side by side.
    if a.len() == b.len() && a.keys().zip(b.keys()).all(|(x, y)| x == y) {
        return a
            .iter()
            .zip(b.values())
            .any(|((k, v), w)| k != "children" && v != w);
    }
    let own = |m: &Map<String, Value>| m.len() - usize::from(m.contains_key("children"));
    own(a) != own(b)
        || a.iter()
            .any(|(k, v)| k != "children" && b.get(k).is_none_or(|w| w != v))
}

/// Components whose drawing reads what is inside them.
fn reads_descendants(v: &Value) -> bool {
    match v.get("type").and_then(Value::as_str) {
        Some("Table" | "Transition") => true,
        Some("ListViewItem") => v.get("onClickAction").is_some_and(Value::is_object),
        _ => false,
    }
}

/// Whether anything in `v` takes part in the widget's element ids: a `Label`, a form field,
/// or an editable text.
fn names_fields(v: &Value) -> bool {
    let Some(m) = v.as_object() else {
        return false;
    };
    let field = match m.get("type").and_then(Value::as_str) {
        Some(
            "Label" | "Select" | "DatePicker" | "Checkbox" | "Input" | "Textarea" | "RadioGroup",
        ) => true,
        Some("Text") => m.contains_key("editable"),
        _ => false,
    };
    field
        || match m.get("children") {
            Some(Value::Array(a)) => a.iter().any(names_fields),
            Some(c) => names_fields(c),
            None => false,
        }
}

/// The component at a path of [`differs`]'s notation (`children[2].children`).
fn at_path<'v>(root: &'v Value, path: &str) -> Option<&'v Value> {
    let mut v = root;
    if path.is_empty() {
        return Some(v);
    }
    for step in path.split('.') {
        let children = v.get("children")?;
        v = match step.strip_prefix("children[") {
            Some(rest) => children.get(rest.strip_suffix(']')?.parse::<usize>().ok()?)?,
            None if step == "children" => children,
            None => return None,
        };
    }
    Some(v)
}
