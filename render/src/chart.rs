//! `Chart` drawn as SVG: bar, area and line series, stacking, curve types, x-axis labels,
//! legend, a hover tooltip and the optional y-axis.
//!
//! The plot is an SVG with a fixed virtual size (`W`×`H`) stretched to the chart's box with
//! `preserveAspectRatio="none"`; strokes use `vector-effect: non-scaling-stroke`, so they stay
//! crisp at any width. Text (axis labels, legend, tooltip) is HTML around and over the SVG, so it
//! never stretches. The tooltip is pure CSS (`:hover`/`:focus-within`), so it also works in
//! server-rendered pages without JavaScript. Every colour goes through the style whitelists.

use std::fmt::Write as _;

use serde_json::Value;

use super::html::Html;
use super::render::WidgetTheme;
use super::style::{self, Style};

/// Virtual width of the plot; pixel props (`barGap`, `barCategoryGap`) are measured on it.
const W: f64 = 480.0;
/// Virtual height of the plot.
const H: f64 = 200.0;

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Bar,
    Area,
    Line,
}

struct Series {
    kind: Kind,
    label: String,
    stack: Option<String>,
    color: String,
    curve: String,
    /// Per row: (base, top) in data units.
    spans: Vec<(f64, f64)>,
    /// Per row: the raw value, if the row has a number for this series.
    values: Vec<Option<f64>>,
}

fn num(v: Option<&Value>) -> Option<f64> {
    match v? {
        Value::Number(n) => n.as_f64().filter(|f| f.is_finite()),
        Value::String(s) => s.trim().parse::<f64>().ok().filter(|f| f.is_finite()),
        _ => None,
    }
}

/// A series colour: palette token (`blue-500`), colour family (`blue` → its 500 shade), a
/// text token, or a safe CSS colour; otherwise the next chart colour.
fn series_color(v: Option<&Value>, theme: WidgetTheme, index: usize) -> String {
    let raw = match v {
        Some(Value::String(s)) => Some(s.as_str()),
        Some(o @ Value::Object(_)) => o.get(theme.as_str()).and_then(Value::as_str),
        _ => None,
    };
    if let Some(raw) = raw {
        if let Some(n) = raw
            .strip_prefix("chart-")
            .and_then(|n| n.parse::<usize>().ok())
            && (1..=6).contains(&n)
        {
            return format!("var(--wgt-chart-{n})");
        }
        if style::PALETTE.contains(&raw) {
            return format!("var(--wgt-{raw}-500)");
        }
        if let Some(c) = style::text_color(raw) {
            return c;
        }
    }
    format!("var(--wgt-chart-{})", index % 6 + 1)
}

/// A "nice" upper bound (1, 2, 2.5, 5 × 10ⁿ) at or above `v` (> 0).
fn nice(v: f64) -> f64 {
    if v <= 0.0 || !v.is_finite() {
        return 1.0;
    }
    let e = 10f64.powf(v.log10().floor());
    let f = v / e;
    let n = if f <= 1.0 {
        1.0
    } else if f <= 2.0 {
        2.0
    } else if f <= 2.5 {
        2.5
    } else if f <= 5.0 {
        5.0
    } else {
        10.0
    };
    n * e
}

/// Short number text for axes and tooltips.
pub fn fmt_num(v: f64) -> String {
    let a = v.abs();
    let (x, suffix) = if a >= 1e9 {
        (v / 1e9, "B")
    } else if a >= 1e6 {
        (v / 1e6, "M")
    } else if a >= 1e4 {
        (v / 1e3, "k")
    } else {
        (v, "")
    };
    let mut s = format!("{x:.2}");
    while s.ends_with('0') {
        s.pop();
    }
    if s.ends_with('.') {
        s.pop();
    }
    if s == "-0" {
        s = "0".into();
    }
    s + suffix
}

fn pt(out: &mut String, x: f64, y: f64) {
    let _ = write!(out, "{:.2},{:.2}", x, y);
}

/// Path commands after the first point for `pts` under a d3-style curve type.
pub fn curve(pts: &[(f64, f64)], kind: &str) -> String {
    let mut o = String::new();
    if pts.len() < 2 {
        return o;
    }
    match kind {
        "linear" | "linearClosed" => {
            for &(x, y) in &pts[1..] {
                o.push('L');
                pt(&mut o, x, y);
            }
        }
        "step" | "stepBefore" | "stepAfter" => {
            for w in pts.windows(2) {
                let ((x0, _), (x1, y1)) = (w[0], w[1]);
                match kind {
                    "stepBefore" => {
                        let _ = write!(o, "V{y1:.2}H{x1:.2}");
                    }
                    "stepAfter" => {
                        let _ = write!(o, "H{x1:.2}V{y1:.2}");
                    }
                    _ => {
                        let xm = (x0 + x1) / 2.0;
                        let _ = write!(o, "H{xm:.2}V{y1:.2}H{x1:.2}");
                    }
                }
            }
        }
        "bump" | "bumpX" | "bumpY" => {
            for w in pts.windows(2) {
                let ((x0, y0), (x1, y1)) = (w[0], w[1]);
                let xm = (x0 + x1) / 2.0;
                o.push('C');
                pt(&mut o, xm, y0);
                o.push(' ');
                pt(&mut o, xm, y1);
                o.push(' ');
                pt(&mut o, x1, y1);
            }
        }
        "basis" | "basisOpen" | "basisClosed" => {
            // Uniform cubic B-spline, clamped at both ends by repeating the end points.
            let mut p = Vec::with_capacity(pts.len() + 4);
            p.extend([pts[0], pts[0]]);
            p.extend_from_slice(pts);
            let last = pts[pts.len() - 1];
            p.extend([last, last]);
            for q in p.windows(4).skip(1) {
                let (p1, p2, p3) = (q[1], q[2], q[3]);
                let c1 = ((2.0 * p1.0 + p2.0) / 3.0, (2.0 * p1.1 + p2.1) / 3.0);
                let c2 = ((p1.0 + 2.0 * p2.0) / 3.0, (p1.1 + 2.0 * p2.1) / 3.0);
                let e = (
                    (p1.0 + 4.0 * p2.0 + p3.0) / 6.0,
                    (p1.1 + 4.0 * p2.1 + p3.1) / 6.0,
                );
                o.push('C');
                pt(&mut o, c1.0, c1.1);
                o.push(' ');
                pt(&mut o, c2.0, c2.1);
                o.push(' ');
                pt(&mut o, e.0, e.1);
            }
        }
        "natural" => {
            let xs: Vec<f64> = pts.iter().map(|p| p.0).collect();
            let ys: Vec<f64> = pts.iter().map(|p| p.1).collect();
            let (ax, bx) = natural_controls(&xs);
            let (ay, by) = natural_controls(&ys);
            for i in 0..pts.len() - 1 {
                o.push('C');
                pt(&mut o, ax[i], ay[i]);
                o.push(' ');
                pt(&mut o, bx[i], by[i]);
                o.push(' ');
                pt(&mut o, pts[i + 1].0, pts[i + 1].1);
            }
        }
        // monotone, monotoneX, monotoneY and anything unknown: monotone cubic in x.
        _ => {
            let n = pts.len();
            let d: Vec<f64> = pts
                .windows(2)
                .map(|w| {
                    let dx = w[1].0 - w[0].0;
                    if dx == 0.0 {
                        0.0
                    } else {
                        (w[1].1 - w[0].1) / dx
                    }
                })
                .collect();
            let mut m = vec![0.0; n];
            m[0] = d[0];
            m[n - 1] = d[n - 2];
            for i in 1..n - 1 {
                m[i] = if d[i - 1] * d[i] <= 0.0 {
                    0.0
                } else {
                    // Harmonic mean keeps the curve monotone between points (Fritsch–Carlson).
                    2.0 / (1.0 / d[i - 1] + 1.0 / d[i])
                };
            }
            for i in 0..n - 1 {
                let ((x0, y0), (x1, y1)) = (pts[i], pts[i + 1]);
                let h = (x1 - x0) / 3.0;
                o.push('C');
                pt(&mut o, x0 + h, y0 + m[i] * h);
                o.push(' ');
                pt(&mut o, x1 - h, y1 - m[i + 1] * h);
                o.push(' ');
                pt(&mut o, x1, y1);
            }
        }
    }
    o
}

/// Bezier control points of a natural cubic spline through `k` (one coordinate).
fn natural_controls(k: &[f64]) -> (Vec<f64>, Vec<f64>) {
    let n = k.len() - 1;
    let mut a = vec![0.0; n];
    let mut b = vec![0.0; n];
    let mut r = vec![0.0; n];
    a[0] = 0.0;
    b[0] = 2.0;
    r[0] = k[0] + 2.0 * k[1];
    for i in 1..n.saturating_sub(1) {
        a[i] = 1.0;
        b[i] = 4.0;
        r[i] = 4.0 * k[i] + 2.0 * k[i + 1];
    }
    if n > 1 {
        a[n - 1] = 2.0;
        b[n - 1] = 7.0;
        r[n - 1] = 8.0 * k[n - 1] + k[n];
    }
    for i in 1..n {
        let m = a[i] / b[i - 1];
        b[i] -= m;
        r[i] -= m * r[i - 1];
    }
    let mut c1 = vec![0.0; n];
    c1[n - 1] = r[n - 1] / b[n - 1];
    for i in (0..n - 1).rev() {
        c1[i] = (r[i] - c1[i + 1]) / b[i];
    }
    let mut c2 = vec![0.0; n];
    c2[n - 1] = (k[n] + c1[n - 1]) / 2.0;
    for i in 0..n - 1 {
        c2[i] = 2.0 * k[i + 1] - c1[i + 1];
    }
    (c1, c2)
}

/// Renders a Chart node. `box_style` carries the layout props already whitelisted.
pub fn chart(v: &Value, theme: WidgetTheme, box_style: &Style, h: &mut Html) {
    let rows: Vec<&serde_json::Map<String, Value>> = v
        .get("data")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_object).collect())
        .unwrap_or_default();
    let (x_key, x_hide, x_labels) = match v.get("xAxis") {
        Some(Value::String(k)) => (k.clone(), false, None),
        Some(o @ Value::Object(_)) => (
            o.get("dataKey")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string(),
            o.get("hide").and_then(Value::as_bool).unwrap_or(false),
            o.get("labels").and_then(Value::as_object),
        ),
        _ => (String::new(), false, None),
    };
    let x_text: Vec<String> = rows
        .iter()
        .map(|r| {
            let raw = match r.get(&x_key) {
                Some(Value::String(s)) => s.clone(),
                Some(Value::Number(n)) => n.to_string(),
                _ => String::new(),
            };
            x_labels
                .and_then(|l| l.get(&raw))
                .and_then(Value::as_str)
                .map(str::to_string)
                .unwrap_or(raw)
        })
        .collect();

    // Series with their stacked spans.
    let mut series: Vec<Series> = Vec::new();
    let mut stack_pos: std::collections::HashMap<String, Vec<(f64, f64)>> = Default::default();
    for (i, sv) in v
        .get("series")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter(|s| s.is_object()).collect::<Vec<_>>())
        .unwrap_or_default()
        .into_iter()
        .enumerate()
    {
        let kind = match sv.get("type").and_then(Value::as_str) {
            Some("bar") => Kind::Bar,
            Some("area") => Kind::Area,
            Some("line") => Kind::Line,
            _ => continue,
        };
        let key = sv
            .get("dataKey")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        let label = sv
            .get("label")
            .and_then(Value::as_str)
            .unwrap_or(&key)
            .to_string();
        let stack = (kind != Kind::Line)
            .then(|| sv.get("stack").and_then(Value::as_str).map(str::to_string))
            .flatten();
        let values: Vec<Option<f64>> = rows.iter().map(|r| num(r.get(&key))).collect();
        let spans = match &stack {
            Some(id) => {
                let acc = stack_pos
                    .entry(format!("{kind_id}:{id}", kind_id = kind as u8))
                    .or_insert_with(|| vec![(0.0, 0.0); rows.len()]);
                values
                    .iter()
                    .zip(acc.iter_mut())
                    .map(|(v, (pos, neg))| {
                        let v = v.unwrap_or(0.0);
                        if v >= 0.0 {
                            let base = *pos;
                            *pos += v;
                            (base, *pos)
                        } else {
                            let base = *neg;
                            *neg += v;
                            (base, *neg)
                        }
                    })
                    .collect()
            }
            None => values.iter().map(|v| (0.0, v.unwrap_or(0.0))).collect(),
        };
        series.push(Series {
            kind,
            label,
            stack,
            color: series_color(sv.get("color"), theme, i),
            curve: sv
                .get("curveType")
                .and_then(Value::as_str)
                .unwrap_or("monotone")
                .to_string(),
            spans,
            values,
        });
    }

    // Y domain, from zero, rounded to nice numbers.
    let (mut lo, mut hi) = (0.0f64, 0.0f64);
    for s in &series {
        for &(a, b) in &s.spans {
            lo = lo.min(a).min(b);
            hi = hi.max(a).max(b);
        }
    }
    let hi = if hi > 0.0 {
        nice(hi)
    } else if lo < 0.0 {
        0.0
    } else {
        1.0
    };
    let lo = if lo < 0.0 { -nice(-lo) } else { 0.0 };
    let y = |val: f64| H - (val - lo) / (hi - lo) * H;

    let n = rows.len().max(1);
    let band = W / n as f64;
    let cx = |i: usize| band * (i as f64 + 0.5);

    // Bars: one slot per unstacked bar series or per stack id.
    let bar_gap = v
        .get("barGap")
        .and_then(Value::as_f64)
        .unwrap_or(4.0)
        .clamp(0.0, 100.0);
    let cat_gap = v
        .get("barCategoryGap")
        .and_then(Value::as_f64)
        .unwrap_or(10.0)
        .clamp(0.0, band * 0.9);
    let mut slots: Vec<Option<String>> = Vec::new();
    let slot_of: Vec<Option<usize>> = series
        .iter()
        .map(|s| {
            (s.kind == Kind::Bar).then(|| match &s.stack {
                Some(id) => match slots.iter().position(|x| x.as_deref() == Some(id)) {
                    Some(p) => p,
                    None => {
                        slots.push(Some(id.clone()));
                        slots.len() - 1
                    }
                },
                None => {
                    slots.push(None);
                    slots.len() - 1
                }
            })
        })
        .collect();
    let k = slots.len().max(1) as f64;
    let group = (band - cat_gap).max(1.0);
    let slot_w = ((group - bar_gap * (k - 1.0)) / k).max(1.0);

    let mut svg = String::new();
    // Grid lines at the y ticks.
    let ticks: Vec<f64> = (0..=4).map(|t| lo + (hi - lo) * t as f64 / 4.0).collect();
    for &t in &ticks {
        let _ = write!(
            svg,
            r#"<line class="wgt-chart-grid" x1="0" x2="{W}" y1="{:.2}" y2="{:.2}"/>"#,
            y(t),
            y(t)
        );
    }
    // Areas first, then bars, then lines on top.
    for s in series.iter().filter(|s| s.kind == Kind::Area) {
        let top: Vec<(f64, f64)> = s
            .spans
            .iter()
            .enumerate()
            .map(|(i, sp)| (cx(i), y(sp.1)))
            .collect();
        let base: Vec<(f64, f64)> = s
            .spans
            .iter()
            .enumerate()
            .rev()
            .map(|(i, sp)| (cx(i), y(sp.0)))
            .collect();
        if top.is_empty() {
            continue;
        }
        let mut d = String::from("M");
        pt(&mut d, top[0].0, top[0].1);
        d += &curve(&top, &s.curve);
        d.push('L');
        pt(&mut d, base[0].0, base[0].1);
        d += &curve(&base, &s.curve);
        d.push('Z');
        let mut line = String::from("M");
        pt(&mut line, top[0].0, top[0].1);
        line += &curve(&top, &s.curve);
        let _ = write!(
            svg,
            r#"<path class="wgt-chart-area" d="{d}" style="fill:{c}"/><path class="wgt-chart-line" d="{line}" style="stroke:{c}"/>"#,
            c = s.color
        );
    }
    for (s, slot) in series.iter().zip(&slot_of) {
        let Some(slot) = slot else { continue };
        for (i, &(a, b)) in s.spans.iter().enumerate() {
            if s.values[i].is_none() {
                continue;
            }
            let x0 = band * i as f64 + cat_gap / 2.0 + *slot as f64 * (slot_w + bar_gap);
            let (top, bottom) = (y(a.max(b)), y(a.min(b)));
            let _ = write!(
                svg,
                r#"<rect class="wgt-chart-bar" x="{x0:.2}" y="{top:.2}" width="{slot_w:.2}" height="{:.2}" style="fill:{}"/>"#,
                (bottom - top).max(0.0),
                s.color
            );
        }
    }
    for s in series.iter().filter(|s| s.kind == Kind::Line) {
        let pts: Vec<(f64, f64)> = s
            .values
            .iter()
            .enumerate()
            .filter_map(|(i, v)| v.map(|v| (cx(i), y(v))))
            .collect();
        if pts.is_empty() {
            continue;
        }
        let mut d = String::from("M");
        pt(&mut d, pts[0].0, pts[0].1);
        d += &curve(&pts, &s.curve);
        if s.curve == "linearClosed" {
            d.push('Z');
        }
        let _ = write!(
            svg,
            r#"<path class="wgt-chart-line" d="{d}" style="stroke:{}"/>"#,
            s.color
        );
    }

    let show_y = v.get("showYAxis").and_then(Value::as_bool).unwrap_or(false);
    let show_legend = v.get("showLegend").and_then(Value::as_bool).unwrap_or(true);
    let show_tip = v
        .get("showTooltip")
        .and_then(Value::as_bool)
        .unwrap_or(true);
    let summary = series
        .iter()
        .map(|s| s.label.clone())
        .collect::<Vec<_>>()
        .join(", ");
    let aria = if summary.is_empty() {
        "Chart".to_string()
    } else {
        format!("Chart: {summary}")
    };

    h.open("div")
        .attr("class", "wgt-chart")
        .attr("role", "figure")
        .attr("aria-label", &aria)
        .style(box_style)
        .end();
    h.open("div").attr("class", "wgt-chart-body").end();
    if show_y {
        h.open("div")
            .attr("class", "wgt-chart-yaxis")
            .attr("aria-hidden", "true")
            .end();
        for &t in &ticks {
            let top = (y(t) / H * 100.0).clamp(0.0, 100.0);
            h.open("span")
                .attr("style", &format!("top:{top:.2}%"))
                .end()
                .text(&fmt_num(t))
                .close("span");
        }
        h.close("div");
    }
    h.open("div").attr("class", "wgt-chart-plot").end();
    h.open("svg")
        .attr("viewBox", &format!("0 0 {W} {H}"))
        .attr("preserveAspectRatio", "none")
        .attr("aria-hidden", "true")
        .end();
    // Built above from numbers and whitelisted colours only.
    h.raw(&svg);
    h.close("svg");
    if show_tip {
        for (i, title) in x_text.iter().enumerate() {
            let left = band * i as f64 / W * 100.0;
            let width = band / W * 100.0;
            let side = if i * 2 >= rows.len() { "left" } else { "right" };
            h.open("div")
                .attr("class", "wgt-chart-hit")
                .attr("tabindex", "0")
                .attr("data-side", side)
                .attr("style", &format!("left:{left:.3}%;width:{width:.3}%"))
                .end();
            h.open("span")
                .attr("class", "wgt-chart-tip")
                .attr("role", "tooltip")
                .end();
            h.open("span")
                .attr("class", "wgt-chart-tip-title")
                .end()
                .text(title)
                .close("span");
            for s in &series {
                let val = s.values[i].map(fmt_num).unwrap_or_else(|| "–".into());
                h.open("span").attr("class", "wgt-chart-tip-row").end();
                h.open("span")
                    .attr("class", "wgt-chart-swatch")
                    .attr("style", &format!("background:{}", s.color))
                    .end()
                    .close("span");
                h.open("span").end().text(&s.label).close("span");
                h.open("span")
                    .attr("class", "wgt-chart-tip-value")
                    .end()
                    .text(&val)
                    .close("span");
                h.close("span");
            }
            h.close("span");
            h.close("div");
        }
    }
    h.close("div");
    h.close("div");
    if !x_hide {
        h.open("div")
            .attr("class", "wgt-chart-xaxis")
            .attr("data-yaxis", if show_y { "true" } else { "false" })
            .attr("aria-hidden", "true")
            .end();
        for (i, t) in x_text.iter().enumerate() {
            let left = cx(i) / W * 100.0;
            h.open("span")
                .attr("style", &format!("left:{left:.2}%"))
                .end()
                .text(t)
                .close("span");
        }
        h.close("div");
    }
    if show_legend && !series.is_empty() {
        h.open("ul").attr("class", "wgt-chart-legend").end();
        for s in &series {
            let kind = match s.kind {
                Kind::Bar => "bar",
                Kind::Area => "area",
                Kind::Line => "line",
            };
            h.open("li").end();
            h.open("span")
                .attr("class", "wgt-chart-swatch")
                .attr("data-kind", kind)
                .attr("style", &format!("background:{}", s.color))
                .end()
                .close("span");
            h.text(&s.label).close("li");
        }
        h.close("ul");
    }
    h.close("div");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_bounds() {
        assert_eq!(nice(7.0), 10.0);
        assert_eq!(nice(3.0), 5.0);
        assert_eq!(nice(2.2), 2.5);
        assert_eq!(nice(120.0), 200.0);
        assert_eq!(nice(0.0), 1.0);
        assert_eq!(fmt_num(12500.0), "12.5k");
        assert_eq!(fmt_num(2.5), "2.5");
        assert_eq!(fmt_num(-0.0), "0");
        assert_eq!(fmt_num(3.0), "3");
    }

    #[test]
    fn curves_pass_through_the_points() {
        let pts = [(0.0, 10.0), (10.0, 0.0), (20.0, 5.0), (30.0, 5.0)];
        for kind in widget::spec::CURVE_TYPE {
            let d = curve(&pts, kind);
            assert!(
                d.ends_with("30.00,5.00") || d.ends_with("H30.00") || d.ends_with("V5.00"),
                "{kind}: {d}"
            );
            assert!(!d.contains("NaN") && !d.contains("inf"), "{kind}: {d}");
        }
        // A single point or two points never panic.
        for kind in widget::spec::CURVE_TYPE {
            let _ = curve(&pts[..1], kind);
            let _ = curve(&pts[..2], kind);
        }
    }

    #[test]
    fn monotone_does_not_overshoot() {
        // Flat segment stays flat: control points of the last segment keep y = 5.
        let d = curve(
            &[(0.0, 10.0), (10.0, 0.0), (20.0, 5.0), (30.0, 5.0)],
            "monotone",
        );
        let last = d.rsplit('C').next().unwrap();
        for p in last.split(' ') {
            let y: f64 = p.split(',').nth(1).unwrap().parse().unwrap();
            assert!((0.0..=10.0).contains(&y), "{d}");
        }
    }
}
