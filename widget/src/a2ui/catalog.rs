//! The studio catalog (A2UI's basic components by `$ref`, plus Badge and Chart) and the
//! portable fallback for Chart: an SVG image of the chart for the state.

use serde_json::{Value, json};

/// The `catalogId` of the studio catalog. It is an identifier, not a download: clients match
/// it against the catalogs they implement.
pub const STUDIO_CATALOG_ID: &str = "https://widget-studio.example/a2ui/v0_9/studio_catalog.json";

/// The name the studio catalog's document ships under beside an export (a zip's entry).
pub const STUDIO_CATALOG_FILE: &str = "studio_catalog.json";

const BASIC: &str = "https://a2ui.org/specification/v0_9/catalogs/basic/catalog.json";
const COMMON: &str = "https://a2ui.org/specification/v0_9/common_types.json";

/// The basic components the studio catalog reuses.
const REUSED: &[&str] = &[
    "Text",
    "Image",
    "Icon",
    "Row",
    "Column",
    "List",
    "Card",
    "Divider",
    "Button",
    "TextField",
    "CheckBox",
    "ChoicePicker",
    "DateTimeInput",
];

/// The basic catalog's functions.
const FUNCTIONS: &[&str] = &[
    "required",
    "regex",
    "length",
    "numeric",
    "email",
    "formatString",
    "formatNumber",
    "formatCurrency",
    "formatDate",
    "pluralize",
    "openUrl",
    "and",
    "or",
    "not",
];

/// The studio catalog: a JSON Schema document that reuses the basic components by `$ref` and
/// adds ChatKit's Badge and Chart. Only clients that implement it draw Badge and Chart.
pub fn studio_catalog() -> Value {
    let mut components = serde_json::Map::new();
    for c in REUSED {
        components.insert(
            (*c).into(),
            json!({"$ref": format!("{BASIC}#/components/{c}")}),
        );
    }
    let custom = |name: &str, description: &str, props: Value, required: &[&str]| {
        let mut props = props;
        props["component"] = json!({"const": name});
        let mut req = vec!["component"];
        req.extend_from_slice(required);
        json!({
            "type": "object",
            "description": description,
            "allOf": [
                {"$ref": format!("{COMMON}#/$defs/ComponentCommon")},
                {"type": "object", "properties": props, "required": req},
            ],
            "unevaluatedProperties": false,
        })
    };
    components.insert(
        "Badge".into(),
        custom(
            "Badge",
            "A small label for status or metadata (ChatKit's Badge).",
            json!({
                "label": {"$ref": format!("{COMMON}#/$defs/DynamicString")},
                "color": {"type": "string", "enum": ["secondary", "success", "danger", "warning", "info", "discovery"]},
                "variant": {"type": "string", "enum": ["solid", "soft", "outline"]},
                "pill": {"type": "boolean"},
            }),
            &["label"],
        ),
    );
    components.insert(
        "Chart".into(),
        custom(
            "Chart",
            "A bar, line or area chart (ChatKit's Chart): data rows, series drawn from their keys, and the key of the x axis.",
            json!({
                "data": {"type": "array", "items": {"type": "object", "additionalProperties": {"type": ["string", "number"]}}},
                "series": {"type": "array", "items": {
                    "type": "object",
                    "properties": {
                        "type": {"type": "string", "enum": ["bar", "line", "area"]},
                        "dataKey": {"type": "string"},
                        "label": {"type": ["string", "null"]},
                        "stack": {"type": "string"},
                        "color": {},
                        "curveType": {"type": "string"},
                    },
                    "required": ["type", "dataKey"],
                }},
                "xAxis": {"oneOf": [
                    {"type": "string"},
                    {"type": "object", "properties": {"dataKey": {"type": "string"}, "hide": {"type": "boolean"}, "labels": {"type": "object"}}, "required": ["dataKey"]},
                ]},
                "showYAxis": {"type": "boolean"},
                "showLegend": {"type": "boolean"},
                "height": {"type": ["number", "string"]},
            }),
            &["data", "series", "xAxis"],
        ),
    );
    // A surface has one catalog: the basic functions (formatString, the checks' required,
    // regex, email, and, or, not…) are the studio catalog's too.
    let functions: serde_json::Map<String, Value> = FUNCTIONS
        .iter()
        .map(|f| {
            (
                (*f).to_string(),
                json!({"$ref": format!("{BASIC}#/functions/{f}")}),
            )
        })
        .collect();
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": STUDIO_CATALOG_ID,
        "catalogId": STUDIO_CATALOG_ID,
        "title": "Widget Studio catalog",
        "description": "A2UI's basic catalog (v0.9) by reference, plus ChatKit's Badge and Chart. Exported by widget-studio export --format a2ui --catalog studio.",
        "components": components,
        "functions": functions,
    })
}

const PALETTE: &[&str] = &[
    "#2563eb", "#16a34a", "#ea580c", "#9333ea", "#dc2626", "#0891b2",
];

fn color_of(v: Option<&Value>, i: usize) -> String {
    let named = |s: &str| -> Option<&'static str> {
        let base = s.split('-').next().unwrap_or(s);
        Some(match base {
            "blue" | "primary" | "info" => "#2563eb",
            "green" | "success" => "#16a34a",
            "orange" | "warning" | "amber" | "yellow" => "#ea580c",
            "purple" | "violet" | "discovery" | "indigo" => "#9333ea",
            "red" | "danger" => "#dc2626",
            "teal" | "cyan" => "#0891b2",
            "gray" | "secondary" => "#6b7280",
            _ => return None,
        })
    };
    let s = match v {
        Some(Value::String(s)) => Some(s.as_str()),
        Some(Value::Object(m)) => m.get("light").and_then(Value::as_str),
        _ => None,
    };
    match s {
        Some(s)
            if s.starts_with('#')
                && s.len() <= 9
                && s[1..].chars().all(|c| c.is_ascii_hexdigit()) =>
        {
            s.to_string()
        }
        Some(s) => named(s).unwrap_or(PALETTE[i % PALETTE.len()]).to_string(),
        None => PALETTE[i % PALETTE.len()].to_string(),
    }
}

fn num(v: Option<&Value>) -> f64 {
    match v {
        Some(Value::Number(n)) => n.as_f64().unwrap_or(0.0),
        Some(Value::String(s)) => s.trim().parse().unwrap_or(0.0),
        _ => 0.0,
    }
    .clamp(-1e12, 1e12)
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// An SVG image of a chart as a `data:` URL, and a description of it for the image.
pub(crate) fn chart_image(data: &Value, series: &Value, x_axis: &Value) -> (String, String) {
    const W: f64 = 480.0;
    const H: f64 = 220.0;
    const PAD: f64 = 24.0;
    let rows: Vec<&Value> = data
        .as_array()
        .map(|a| a.iter().take(500).collect())
        .unwrap_or_default();
    let series: Vec<&Value> = series
        .as_array()
        .map(|a| a.iter().take(20).collect())
        .unwrap_or_default();
    let x_key = match x_axis {
        Value::String(s) => s.clone(),
        Value::Object(m) => m
            .get("dataKey")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string(),
        _ => String::new(),
    };
    let mut max = 0.0f64;
    let mut min = 0.0f64;
    for r in &rows {
        for s in &series {
            let k = s.get("dataKey").and_then(Value::as_str).unwrap_or("");
            let v = num(r.get(k));
            max = max.max(v);
            min = min.min(v);
        }
    }
    let span = if max - min > 0.0 { max - min } else { 1.0 };
    let n = rows.len().max(1) as f64;
    let step = (W - 2.0 * PAD) / n;
    let y = |v: f64| H - PAD - (v - min) / span * (H - 2.0 * PAD);
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {W} {H}\" width=\"{W}\" height=\"{H}\"><rect width=\"{W}\" height=\"{H}\" fill=\"#ffffff\"/><line x1=\"{PAD}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#d1d5db\"/>",
        y(0.0),
        W - PAD,
        y(0.0)
    );
    let bars: Vec<&&Value> = series
        .iter()
        .filter(|s| s.get("type").and_then(Value::as_str) == Some("bar"))
        .collect();
    let bar_w = if bars.is_empty() {
        0.0
    } else {
        step * 0.8 / bars.len() as f64
    };
    let mut labels = Vec::new();
    for (si, s) in series.iter().enumerate() {
        let k = s.get("dataKey").and_then(Value::as_str).unwrap_or("");
        let label = s.get("label").and_then(Value::as_str).unwrap_or(k);
        labels.push(label.to_string());
        let color = color_of(s.get("color"), si);
        let kind = s.get("type").and_then(Value::as_str).unwrap_or("bar");
        if kind == "bar" {
            let bi = bars.iter().position(|b| std::ptr::eq(**b, *s)).unwrap_or(0) as f64;
            for (i, r) in rows.iter().enumerate() {
                let v = num(r.get(k));
                let x = PAD + i as f64 * step + step * 0.1 + bi * bar_w;
                let (top, bottom) = (y(v.max(0.0)), y(v.min(0.0)));
                svg.push_str(&format!(
                    "<rect x=\"{x:.1}\" y=\"{top:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"{color}\"/>",
                    bar_w.max(0.5),
                    (bottom - top).max(0.5)
                ));
            }
        } else {
            let pts: Vec<String> = rows
                .iter()
                .enumerate()
                .map(|(i, r)| {
                    format!(
                        "{:.1},{:.1}",
                        PAD + (i as f64 + 0.5) * step,
                        y(num(r.get(k)))
                    )
                })
                .collect();
            if kind == "area" && !pts.is_empty() {
                svg.push_str(&format!(
                    "<polygon points=\"{:.1},{:.1} {} {:.1},{:.1}\" fill=\"{color}\" fill-opacity=\"0.25\"/>",
                    PAD + 0.5 * step,
                    y(0.0),
                    pts.join(" "),
                    PAD + (rows.len() as f64 - 0.5) * step,
                    y(0.0)
                ));
            }
            svg.push_str(&format!(
                "<polyline points=\"{}\" fill=\"none\" stroke=\"{color}\" stroke-width=\"2\"/>",
                pts.join(" ")
            ));
        }
    }
    for (i, r) in rows.iter().enumerate() {
        if let Some(v) = r.get(&x_key) {
            let t = match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            svg.push_str(&format!(
                "<text x=\"{:.1}\" y=\"{}\" font-size=\"10\" text-anchor=\"middle\" fill=\"#6b7280\" font-family=\"sans-serif\">{}</text>",
                PAD + (i as f64 + 0.5) * step,
                H - 8.0,
                esc(&t.chars().take(12).collect::<String>())
            ));
        }
    }
    svg.push_str("</svg>");
    let mut url = String::from("data:image/svg+xml;charset=utf-8,");
    for b in svg.bytes() {
        if b.is_ascii_alphanumeric() || b" -_.!~*'(),/:=;#".contains(&b) && b != b'#' {
            url.push(b as char);
        } else {
            url.push_str(&format!("%{b:02X}"));
        }
    }
    let description = if labels.is_empty() {
        "Chart".to_string()
    } else {
        format!("Chart of {} over {} points", labels.join(", "), rows.len())
    };
    (url, description)
}
