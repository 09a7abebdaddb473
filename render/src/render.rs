//! Renders widget JSON as HTML that looks like ChatKit.
//!
//! The renderer is a pure function from widget JSON to an HTML string ([`render_html`]);
//! the app places that string in the page (`inner_html`), identically on the server and
//! in the browser. Writing strings instead of one Leptos view type per component keeps the
//! wasm bundle small and makes re-rendering a 500-node widget a single DOM assignment.
//!
//! Rules that keep the output safe and hydratable:
//! - every text and attribute value goes through [`Html`]'s escaping; no widget value becomes
//!   markup, an attribute name or a class name;
//! - styles come only from [`super::style`]'s whitelists;
//! - nesting stays valid: components render as block `<div>`s except where HTML has a
//!   semantic element whose content model fits (`<button>` only for Button, which has no
//!   children; a clickable ListViewItem is a `div role="button"` because it holds buttons);
//!   only the outermost form becomes a `<form>`.

use serde_json::Value;

use widget::spec;

use super::html::Html;
use super::style::{self, Style};

/// The theme a widget is drawn in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WidgetTheme {
    Light,
    Dark,
}

impl WidgetTheme {
    pub fn as_str(self) -> &'static str {
        match self {
            WidgetTheme::Light => "light",
            WidgetTheme::Dark => "dark",
        }
    }
}

/// Which table element a node's parent drew, so table parts nest as valid HTML.
#[derive(Clone, Copy, PartialEq, Eq)]
enum TablePart {
    None,
    /// Inside a `<table>`: rows are `<tr>`.
    Table,
    /// Inside a `<tr>`: cells are `<td>`/`<th>`.
    Row {
        header: bool,
    },
}

#[derive(Clone, Copy)]
struct Ctx<'p> {
    theme: WidgetTheme,
    in_form: bool,
    table: TablePart,
    /// The node's JSON path (`children[1].children[0]`), when paths are marked.
    path: Option<&'p str>,
}

fn s<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str)
}

fn b(v: &Value, key: &str) -> bool {
    v.get(key).and_then(Value::as_bool).unwrap_or(false)
}

/// A colour value that may be a ThemeColor `{light, dark}`.
fn themed(v: &Value, theme: WidgetTheme) -> Option<&str> {
    match v {
        Value::String(s) => Some(s),
        Value::Object(_) => v.get(theme.as_str()).and_then(Value::as_str),
        _ => None,
    }
}

fn children(v: &Value) -> Vec<&Value> {
    children_at(v, None).into_iter().map(|(c, _)| c).collect()
}

/// The component children with their JSON paths (in `Diagnostic.path` notation) when `path`
/// is given: `children[2]` under the root, `children[0].children[2]` below.
fn children_at<'v>(v: &'v Value, path: Option<&str>) -> Vec<(&'v Value, Option<String>)> {
    let join = |suffix: String| {
        path.map(|p| {
            if p.is_empty() {
                suffix.clone()
            } else {
                format!("{p}.{suffix}")
            }
        })
    };
    match v.get("children") {
        Some(Value::Array(a)) => a
            .iter()
            .enumerate()
            .filter(|(_, c)| c.is_object())
            .map(|(i, c)| (c, join(format!("children[{i}]"))))
            .collect(),
        Some(c @ Value::Object(_)) => vec![(c, join("children".to_string()))],
        _ => Vec::new(),
    }
}

/// The theme a widget is drawn in: its own `theme` prop, else the preview's.
pub fn effective_theme(widget: &Value, theme: WidgetTheme) -> WidgetTheme {
    match s(widget, "theme") {
        Some("dark") => WidgetTheme::Dark,
        Some("light") => WidgetTheme::Light,
        _ => theme,
    }
}

/// Rendering options.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RenderOptions {
    /// Mark each drawn node with its JSON path (`data-wgt-path`), for selecting nodes in the
    /// preview. Nothing else in the output changes.
    pub paths: bool,
}

/// The whole widget as HTML, including the themed `.wgt` wrapper.
pub fn render_html(widget: &Value, theme: WidgetTheme) -> String {
    render_html_with(widget, theme, RenderOptions::default())
}

/// [`render_html`] with options.
pub fn render_html_with(widget: &Value, theme: WidgetTheme, opts: RenderOptions) -> String {
    let theme = effective_theme(widget, theme);
    let mut h = Html::with_capacity(1024);
    h.open("div")
        .attr("class", "wgt")
        .attr("data-theme", theme.as_str())
        .end();
    node(widget, root_ctx(theme, opts), &mut h);
    h.close("div");
    h.into_string()
}

/// The widget's HTML without the `.wgt` wrapper (for a page that draws the wrapper itself).
pub fn render_inner(widget: &Value, theme: WidgetTheme, opts: RenderOptions) -> String {
    let mut h = Html::with_capacity(1024);
    node(widget, root_ctx(theme, opts), &mut h);
    h.into_string()
}

fn root_ctx(theme: WidgetTheme, opts: RenderOptions) -> Ctx<'static> {
    Ctx {
        theme,
        in_form: false,
        table: TablePart::None,
        path: opts.paths.then_some(""),
    }
}

fn layout_style(v: &Value, ctx: Ctx, default_dir: &str) -> Style {
    let mut st = Style::new();
    let dir = match s(v, "direction") {
        Some("row") => "row",
        Some("col") => "column",
        _ => default_dir,
    };
    st.set("display", "flex").set("flex-direction", dir);
    if let Some(a) = s(v, "align").and_then(align) {
        st.set("align-items", a);
    }
    if let Some(j) = s(v, "justify").and_then(justify) {
        st.set("justify-content", j);
    }
    if let Some(w) = s(v, "wrap").filter(|w| matches!(*w, "nowrap" | "wrap" | "wrap-reverse")) {
        st.set("flex-wrap", w);
    }
    if let Some(g) = v.get("gap").and_then(style::spacing) {
        st.set("gap", &g);
    }
    box_style(v, ctx, &mut st);
    st
}

fn align(a: &str) -> Option<&'static str> {
    Some(match a {
        "start" => "flex-start",
        "center" => "center",
        "end" => "flex-end",
        "baseline" => "baseline",
        "stretch" => "stretch",
        _ => return None,
    })
}

fn justify(j: &str) -> Option<&'static str> {
    Some(match j {
        "start" => "flex-start",
        "center" => "center",
        "end" => "flex-end",
        "between" => "space-between",
        "around" => "space-around",
        "evenly" => "space-evenly",
        "stretch" => "stretch",
        _ => return None,
    })
}

/// Sizes, spacing, border, radius, background, flex, aspect ratio.
fn box_style(v: &Value, ctx: Ctx, st: &mut Style) {
    for (prop, css) in [
        ("width", "width"),
        ("height", "height"),
        ("minWidth", "min-width"),
        ("minHeight", "min-height"),
        ("maxWidth", "max-width"),
        ("maxHeight", "max-height"),
    ] {
        if let Some(x) = v.get(prop).and_then(style::size) {
            st.set(css, &x);
        }
    }
    for (prop, pre) in [("size", ""), ("minSize", "min-"), ("maxSize", "max-")] {
        if let Some(x) = v.get(prop).and_then(style::size) {
            st.set(&format!("{pre}width"), &x)
                .set(&format!("{pre}height"), &x);
        }
    }
    for (prop, css) in [("padding", "padding"), ("margin", "margin")] {
        match v.get(prop) {
            Some(Value::Object(sides)) => {
                for (k, side_css) in [
                    ("top", &["top"][..]),
                    ("right", &["right"][..]),
                    ("bottom", &["bottom"][..]),
                    ("left", &["left"][..]),
                    ("x", &["left", "right"][..]),
                    ("y", &["top", "bottom"][..]),
                ] {
                    if let Some(val) = sides.get(k).and_then(style::spacing) {
                        for side in side_css {
                            st.set(&format!("{css}-{side}"), &val);
                        }
                    }
                }
            }
            Some(x) => {
                if let Some(val) = style::spacing(x) {
                    st.set(css, &val);
                }
            }
            None => {}
        }
    }
    if let Some(r) = s(v, "radius").and_then(style::radius) {
        st.set("border-radius", r);
    }
    if let Some(bg) = v
        .get("background")
        .and_then(|x| themed(x, ctx.theme))
        .and_then(style::background)
    {
        st.set("background", &bg);
    }
    match v.get("flex") {
        Some(Value::Number(n)) => {
            if let Some(f) = n.as_f64().filter(|f| f.is_finite() && *f >= 0.0) {
                st.set("flex", &format!("{f} {f} 0%"));
            }
        }
        Some(Value::String(f)) if f == "auto" || f == "none" || f == "initial" => {
            st.set("flex", f);
        }
        _ => {}
    }
    match v.get("aspectRatio") {
        Some(Value::Number(n)) => {
            if let Some(f) = n.as_f64().filter(|f| f.is_finite() && *f > 0.0) {
                st.set("aspect-ratio", &f.to_string());
            }
        }
        Some(Value::String(r))
            if r.bytes()
                .all(|c| c.is_ascii_digit() || matches!(c, b' ' | b'/' | b'.')) =>
        {
            st.set("aspect-ratio", r);
        }
        _ => {}
    }
    border_style(v.get("border"), ctx, st);
}

fn one_border(v: &Value, ctx: Ctx) -> Option<String> {
    match v {
        Value::Number(n) => n
            .as_f64()
            .filter(|f| f.is_finite() && *f >= 0.0)
            .map(|w| format!("{w}px solid var(--wgt-border-default)")),
        Value::Object(_) => {
            let w = v
                .get("size")
                .and_then(Value::as_f64)
                .filter(|f| f.is_finite() && *f >= 0.0)?;
            let style = s(v, "style")
                .filter(|x| {
                    matches!(
                        *x,
                        "solid"
                            | "dashed"
                            | "dotted"
                            | "double"
                            | "groove"
                            | "ridge"
                            | "inset"
                            | "outset"
                    )
                })
                .unwrap_or("solid");
            let color = v
                .get("color")
                .and_then(|c| themed(c, ctx.theme))
                .and_then(style::border_color)
                .unwrap_or_else(|| "var(--wgt-border-default)".into());
            Some(format!("{w}px {style} {color}"))
        }
        _ => None,
    }
}

fn border_style(v: Option<&Value>, ctx: Ctx, st: &mut Style) {
    let Some(v) = v else { return };
    if v.get("size").is_some() || v.is_number() {
        if let Some(b) = one_border(v, ctx) {
            st.set("border", &b);
        }
        return;
    }
    for (k, sides) in [
        ("top", &["top"][..]),
        ("right", &["right"][..]),
        ("bottom", &["bottom"][..]),
        ("left", &["left"][..]),
        ("x", &["left", "right"][..]),
        ("y", &["top", "bottom"][..]),
    ] {
        if let Some(b) = v.get(k).and_then(|x| one_border(x, ctx)) {
            for side in sides {
                st.set(&format!("border-{side}"), &b);
            }
        }
    }
}

fn text_style(v: &Value, ctx: Ctx, default_color: &str) -> Style {
    let mut st = Style::new();
    let color = v
        .get("color")
        .and_then(|c| themed(c, ctx.theme))
        .and_then(style::text_color)
        .unwrap_or_else(|| format!("var(--wgt-text-{default_color})"));
    st.set("color", &color);
    if let Some(w) = s(v, "weight") {
        let n = match w {
            "normal" => "400",
            "medium" => "500",
            "semibold" => "600",
            "bold" => "700",
            _ => "",
        };
        if !n.is_empty() {
            st.set("font-weight", n);
        }
    }
    if let Some(a) = s(v, "textAlign").filter(|a| matches!(*a, "start" | "center" | "end")) {
        st.set("text-align", a);
    }
    if b(v, "italic") {
        st.set("font-style", "italic");
    }
    if b(v, "lineThrough") {
        st.set("text-decoration", "line-through");
    }
    if b(v, "truncate") {
        st.set("overflow", "hidden")
            .set("text-overflow", "ellipsis")
            .set("white-space", "nowrap");
    } else if let Some(n) = v
        .get("maxLines")
        .and_then(Value::as_u64)
        .filter(|n| (1..=100).contains(n))
    {
        st.set("display", "-webkit-box")
            .set("-webkit-box-orient", "vertical")
            .set("-webkit-line-clamp", &n.to_string())
            .set("overflow", "hidden");
    }
    if let Some(n) = v
        .get("minLines")
        .and_then(Value::as_u64)
        .filter(|n| (1..=100).contains(n))
    {
        st.set("min-height", &format!("calc({n} * 1lh)"));
    }
    if let Some(w) = v.get("width").and_then(style::size) {
        st.set("width", &w);
    }
    st
}

/// Prop `key` when it is one of `allowed`, else `default`.
fn one_of<'a>(v: &'a Value, key: &str, allowed: &[&str], default: &'a str) -> &'a str {
    s(v, key).filter(|x| allowed.contains(x)).unwrap_or(default)
}

fn size_token(v: &Value, allowed: &[&str], default: &'static str) -> String {
    one_of(v, "size", allowed, default).to_string()
}

/// Renders one component.
fn node(v: &Value, ctx: Ctx, h: &mut Html) {
    h.mark_next(ctx.path.map(str::to_string));
    draw(v, ctx, h);
    h.mark_next(None);
}

fn draw(v: &Value, ctx: Ctx, h: &mut Html) {
    let ty = s(v, "type").unwrap_or("");
    let parent = ctx.table;
    let ctx = Ctx {
        table: TablePart::None,
        ..ctx
    };
    // A table part where HTML wants another (invalid, reported by the validator) is wrapped
    // so that the nesting stays valid.
    match (parent, ty) {
        (TablePart::Table, "Table.Row") | (TablePart::Row { .. }, "Table.Cell") => {}
        (TablePart::Table, _) => {
            h.open("tr").end().open("td").end();
            draw(v, ctx, h);
            h.close("td").close("tr");
            return;
        }
        (TablePart::Row { .. }, _) => {
            h.open("td").end();
            draw(v, ctx, h);
            h.close("td");
            return;
        }
        _ => {}
    }
    match ty {
        "Card" => card(v, ctx, h),
        "ListView" => list_view(v, ctx, h),
        "Basic" => {
            // Only the props ChatKit.js's Basic has: direction, gap, padding, align, justify.
            let mut own = serde_json::Map::new();
            for k in ["direction", "gap", "padding", "align", "justify"] {
                if let Some(x) = v.get(k) {
                    own.insert(k.into(), x.clone());
                }
            }
            let st = layout_style(&Value::Object(own), ctx, "column");
            h.open("div").attr("class", "wgt-basic").style(&st).end();
            kids(v, ctx, h);
            h.close("div");
        }
        "Table" => table(v, ctx, h),
        "Table.Row" => table_row(v, ctx, parent == TablePart::Table, h),
        "Table.Cell" => table_cell(v, ctx, parent, h),
        "Transition" => transition(v, ctx, h),
        "Box" | "Row" | "Col" | "ListViewItem" => container(v, ctx, ty, h),
        "Form" => form(v, ctx, h),
        "Text" => text(v, ctx, h),
        "Title" => {
            let size = size_token(v, spec::TITLE_SIZE, "md");
            let st = text_style(v, ctx, "emphasis");
            h.open("h3")
                .attr("class", "wgt-title")
                .attr("data-size", &size)
                .style(&st)
                .end();
            h.text(s(v, "value").unwrap_or("")).close("h3");
        }
        "Caption" => {
            let size = size_token(v, spec::CAPTION_SIZE, "md");
            let st = text_style(v, ctx, "secondary");
            h.open("p")
                .attr("class", "wgt-caption")
                .attr("data-size", &size)
                .style(&st)
                .end();
            h.text(s(v, "value").unwrap_or("")).close("p");
        }
        "Label" => {
            let size = size_token(v, spec::TEXT_SIZE, "sm");
            let st = text_style(v, ctx, "prose");
            h.open("label")
                .attr("class", "wgt-label")
                .attr("data-size", &size);
            if let Some(f) = s(v, "fieldName") {
                h.attr("for", &field_id(f));
            }
            h.style(&st).end();
            h.text(s(v, "value").unwrap_or("")).close("label");
        }
        "Markdown" => {
            let st = text_style(v, ctx, "prose");
            h.open("div").attr("class", "wgt-markdown").style(&st).end();
            // Sanitised by construction: see super::markdown.
            h.raw(&super::markdown::to_html(s(v, "value").unwrap_or("")));
            h.close("div");
        }
        "Badge" => {
            let color = one_of(v, "color", spec::BADGE_COLOR, "secondary");
            let variant = one_of(v, "variant", spec::BADGE_VARIANT, "soft");
            let size = size_token(v, spec::CAPTION_SIZE, "sm");
            h.open("span")
                .attr("class", "wgt-badge")
                .attr("data-color", color)
                .attr("data-variant", variant)
                .attr("data-size", &size)
                .attr("data-pill", bool_str(b(v, "pill")))
                .end();
            h.text(s(v, "label").unwrap_or("")).close("span");
        }
        "Button" => button(v, ctx, h),
        "Image" => image(v, ctx, h),
        "Icon" => {
            let name = s(v, "name").unwrap_or("");
            let size = size_token(v, spec::ICON_SIZE, "md");
            let mut st = Style::new();
            if let Some(c) = v
                .get("color")
                .and_then(|c| themed(c, ctx.theme))
                .and_then(style::text_color)
            {
                st.set("color", &c);
            }
            icon(h, name, &size, &st, Some(name));
        }
        "Divider" => {
            let mut st = Style::new();
            if let Some(c) = v
                .get("color")
                .and_then(|c| themed(c, ctx.theme))
                .and_then(style::border_color)
            {
                st.set("border-color", &c);
            }
            if let Some(w) = v.get("size").and_then(style::size) {
                st.set("border-top-width", &w);
            }
            if let Some(sp) = v.get("spacing").and_then(style::spacing) {
                st.set("margin-top", &sp).set("margin-bottom", &sp);
            }
            h.open("hr")
                .attr("class", "wgt-divider")
                .attr("data-flush", bool_str(b(v, "flush")))
                .style(&st)
                .end();
        }
        "Spacer" => {
            let mut st = Style::new();
            st.set("flex", "1 1 auto");
            if let Some(m) = v.get("minSize").and_then(style::size) {
                st.set("min-width", &m).set("min-height", &m);
            }
            h.open("div")
                .attr("class", "wgt-spacer")
                .attr("aria-hidden", "true")
                .style(&st)
                .end()
                .close("div");
        }
        "Select" => {
            let name = s(v, "name").unwrap_or("");
            let default = s(v, "defaultValue").unwrap_or("");
            let variant = one_of(v, "variant", spec::INPUT_VARIANT, "outline");
            let size = size_token(v, spec::CONTROL_SIZE, "md");
            h.open("select")
                .attr("class", "wgt-select")
                .attr("id", &field_id(name))
                .attr("name", name)
                .attr("aria-label", s(v, "placeholder").unwrap_or(name))
                .attr("data-variant", variant)
                .attr("data-size", &size)
                .attr("data-block", bool_str(b(v, "block")))
                .flag("disabled", b(v, "disabled"))
                .end();
            h.open("option")
                .attr("value", "")
                .flag("disabled", true)
                .flag("selected", default.is_empty())
                .end();
            h.text(s(v, "placeholder").unwrap_or("Select…"))
                .close("option");
            for o in v
                .get("options")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                let value = s(o, "value").unwrap_or("");
                h.open("option")
                    .attr("value", value)
                    .flag("disabled", b(o, "disabled"))
                    .flag("selected", !default.is_empty() && value == default)
                    .end();
                h.text(s(o, "label").unwrap_or("")).close("option");
            }
            h.close("select");
        }
        "DatePicker" => {
            let name = s(v, "name").unwrap_or("");
            let date = |k: &str| {
                s(v, k)
                    .map(|d| d.chars().take(10).collect::<String>())
                    .unwrap_or_default()
            };
            let variant = one_of(v, "variant", spec::INPUT_VARIANT, "outline");
            let size = size_token(v, spec::CONTROL_SIZE, "md");
            h.open("input")
                .attr("class", "wgt-input")
                .attr("type", "date")
                .attr("id", &field_id(name))
                .attr("name", name)
                .attr("aria-label", s(v, "placeholder").unwrap_or(name))
                .attr("value", &date("defaultValue"))
                .attr("min", &date("min"))
                .attr("max", &date("max"))
                .attr("data-variant", variant)
                .attr("data-size", &size)
                .attr("data-block", bool_str(b(v, "block")))
                .flag("disabled", b(v, "disabled"))
                .end();
        }
        "Checkbox" => {
            let name = s(v, "name").unwrap_or("");
            h.open("label").attr("class", "wgt-checkbox").end();
            h.open("input")
                .attr("type", "checkbox")
                .attr("name", name)
                .flag("checked", b(v, "defaultChecked"))
                .flag("disabled", b(v, "disabled"))
                .flag("required", b(v, "required"))
                .end();
            h.open("span")
                .end()
                .text(s(v, "label").unwrap_or(""))
                .close("span");
            h.close("label");
        }
        "Input" => {
            let name = s(v, "name").unwrap_or("");
            let kind = one_of(v, "inputType", spec::INPUT_TYPE, "text");
            let variant = one_of(v, "variant", spec::INPUT_VARIANT, "outline");
            let size = size_token(v, spec::CONTROL_SIZE, "md");
            h.open("input")
                .attr("class", "wgt-input")
                .attr("type", kind)
                .attr("id", &field_id(name))
                .attr("name", name)
                .attr(
                    "aria-label",
                    s(v, "placeholder")
                        .filter(|p| !p.is_empty())
                        .unwrap_or(name),
                )
                .attr("value", s(v, "defaultValue").unwrap_or(""))
                .attr("placeholder", s(v, "placeholder").unwrap_or(""))
                .attr("data-variant", variant)
                .attr("data-size", &size)
                .attr("data-pill", bool_str(b(v, "pill")))
                .flag("required", b(v, "required"))
                .flag("disabled", b(v, "disabled"))
                .end();
        }
        "Textarea" => {
            let name = s(v, "name").unwrap_or("");
            let rows = v
                .get("rows")
                .and_then(Value::as_u64)
                .filter(|r| (1..=50).contains(r))
                .unwrap_or(3);
            let variant = one_of(v, "variant", spec::INPUT_VARIANT, "outline");
            h.open("textarea")
                .attr("class", "wgt-textarea")
                .attr("id", &field_id(name))
                .attr("name", name)
                .attr(
                    "aria-label",
                    s(v, "placeholder")
                        .filter(|p| !p.is_empty())
                        .unwrap_or(name),
                )
                .attr("rows", &rows.to_string())
                .attr("placeholder", s(v, "placeholder").unwrap_or(""))
                .attr("data-variant", variant)
                .flag("required", b(v, "required"))
                .flag("disabled", b(v, "disabled"))
                .end();
            h.text(s(v, "defaultValue").unwrap_or("")).close("textarea");
        }
        "RadioGroup" => {
            let name = s(v, "name").unwrap_or("");
            let default = s(v, "defaultValue").unwrap_or("");
            let dir = if s(v, "direction") == Some("row") {
                "row"
            } else {
                "column"
            };
            h.open("fieldset")
                .attr("class", "wgt-radiogroup")
                .attr(
                    "style",
                    &format!("display:flex;flex-direction:{dir};gap:8px"),
                )
                .flag("disabled", b(v, "disabled"))
                .end();
            h.open("legend")
                .attr("class", "wgt-sr-only")
                .end()
                .text(s(v, "ariaLabel").unwrap_or(name))
                .close("legend");
            for o in v
                .get("options")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                let value = s(o, "value").unwrap_or("");
                h.open("label").attr("class", "wgt-radio").end();
                h.open("input")
                    .attr("type", "radio")
                    .attr("name", name)
                    .attr("value", value)
                    .flag("checked", !default.is_empty() && value == default)
                    .flag("disabled", b(o, "disabled"))
                    .end();
                h.open("span")
                    .end()
                    .text(s(o, "label").unwrap_or(""))
                    .close("span");
                h.close("label");
            }
            h.close("fieldset");
        }
        "Chart" => {
            let mut st = Style::new();
            if v.get("height").and_then(style::size).is_none() {
                st.set("height", "200px");
            }
            box_style(v, ctx, &mut st);
            super::chart::chart(v, ctx.theme, &st, h);
        }
        _ => {
            // Unknown components render as a visible, neutral placeholder (the validator reports them).
            h.open("div")
                .attr("class", "wgt-unknown")
                .attr("data-type", ty)
                .end();
            h.text(&format!("Unknown component {ty}")).close("div");
        }
    }
}

fn bool_str(x: bool) -> &'static str {
    if x { "true" } else { "false" }
}

/// The element id of a form field, so a `Label`'s `fieldName` points at it.
fn field_id(name: &str) -> String {
    format!("wgt-field-{name}")
}

fn kids(v: &Value, ctx: Ctx, h: &mut Html) {
    for (c, path) in children_at(v, ctx.path) {
        child(c, &path, ctx, h);
    }
}

/// Renders a child component at its path (from [`children_at`]).
fn child(c: &Value, path: &Option<String>, ctx: Ctx, h: &mut Html) {
    node(
        c,
        Ctx {
            path: path.as_deref(),
            ..ctx
        },
        h,
    );
}

/// An icon as inline SVG. `label` makes it an image with that accessible name; without it the
/// icon is decorative. Names outside the SDK's set draw a neutral dashed circle.
fn icon(h: &mut Html, name: &str, size: &str, st: &Style, label: Option<&str>) {
    let known = super::icons::glyph(name);
    h.open("svg")
        .attr("class", "wgt-icon")
        .attr("data-icon", name)
        .attr("data-known", bool_str(known.is_some()))
        .attr("data-size", size)
        .attr("viewBox", "0 0 24 24")
        .attr("fill", "none")
        .attr("stroke", "currentColor")
        .attr("stroke-width", "2")
        .attr("stroke-linecap", "round")
        .attr("stroke-linejoin", "round");
    match label {
        Some(l) => {
            let l = l.rsplit(':').next().unwrap_or(l).replace('-', " ");
            h.attr("role", "img").attr("aria-label", &l);
        }
        None => {
            h.attr("aria-hidden", "true");
        }
    }
    h.style(st).end();
    // Trusted, static markup from the icon table.
    h.raw(known.unwrap_or(super::icons::NEUTRAL));
    h.close("svg");
}

/// `Transition`: its child, keyed by the child's `key` (or type), fades in whenever that key
/// changes; the animation is CSS on insertion and honours `prefers-reduced-motion`.
fn transition(v: &Value, ctx: Ctx, h: &mut Html) {
    let key = children(v)
        .first()
        .map(|c| {
            s(c, "key")
                .or_else(|| s(c, "id"))
                .or_else(|| s(c, "type"))
                .unwrap_or("")
                .to_string()
        })
        .unwrap_or_default();
    h.open("div")
        .attr("class", "wgt-transition")
        .attr("data-key", &key)
        .end();
    kids(v, ctx, h);
    h.close("div");
}

/// `Table`: a real `<table>`; its leading header rows form the `<thead>`.
fn table(v: &Value, ctx: Ctx, h: &mut Html) {
    let rows = children_at(v, ctx.path);
    let is_header = |r: &Value| s(r, "type") == Some("Table.Row") && b(r, "header");
    let n_head = rows.iter().take_while(|(r, _)| is_header(r)).count();
    let inner = Ctx {
        table: TablePart::Table,
        ..ctx
    };
    h.open("table").attr("class", "wgt-table").end();
    if n_head > 0 {
        h.open("thead").end();
        for (r, path) in &rows[..n_head] {
            child(r, path, inner, h);
        }
        h.close("thead");
    }
    if rows.len() > n_head {
        h.open("tbody").end();
        for (r, path) in &rows[n_head..] {
            child(r, path, inner, h);
        }
        h.close("tbody");
    }
    h.close("table");
}

/// `Table.Row`: a `<tr>` in a table; elsewhere (misplaced) a `div` with the row role.
fn table_row(v: &Value, ctx: Ctx, in_table: bool, h: &mut Html) {
    let header = b(v, "header");
    let inner = Ctx {
        table: if in_table {
            TablePart::Row { header }
        } else {
            TablePart::None
        },
        ..ctx
    };
    if in_table {
        h.open("tr")
            .attr("class", "wgt-table-row")
            .attr("data-header", bool_str(header))
            .end();
        kids(v, inner, h);
        h.close("tr");
    } else {
        h.open("div")
            .attr("class", "wgt-table-row")
            .attr("role", "row")
            .attr("data-header", bool_str(header))
            .end();
        kids(v, inner, h);
        h.close("div");
    }
}

/// A `colSpan`/`rowSpan`: a whole number from 1 to 1000 (fractions drop, as the DOM does).
fn span(v: &Value, key: &str) -> Option<String> {
    let n = v.get(key)?.as_f64()?;
    (n.is_finite() && n >= 1.0).then(|| format!("{}", n.trunc().min(1000.0) as u32))
}

/// `Table.Cell`: `<th>` in a header row, `<td>` in other rows, a `div` elsewhere (misplaced).
fn table_cell(v: &Value, ctx: Ctx, parent: TablePart, h: &mut Html) {
    let mut st = Style::new();
    if let Some(p) = v.get("padding") {
        box_style(&serde_json::json!({"padding": p}), ctx, &mut st);
    }
    if let Some(w) = v.get("width").and_then(style::size) {
        st.set("width", &w);
    }
    let align = |x: &str| match x {
        "start" => Some("start"),
        "center" => Some("center"),
        "end" => Some("end"),
        _ => None,
    };
    if let Some(a) = s(v, "align").and_then(align) {
        st.set("text-align", a);
    }
    if let Some(a) = s(v, "vAlign").and_then(align) {
        st.set(
            "vertical-align",
            match a {
                "start" => "top",
                "center" => "middle",
                _ => "bottom",
            },
        );
    }
    let col_size = s(v, "colSize").filter(|c| spec::TABLE_COL_SIZE.contains(c));
    let tag = match parent {
        TablePart::Row { header: true } => "th",
        TablePart::Row { header: false } => "td",
        _ => "div",
    };
    h.open(tag).attr("class", "wgt-table-cell");
    if tag == "th" {
        h.attr("scope", "col");
    }
    if tag == "div" {
        h.attr("role", "cell");
    } else {
        if let Some(n) = span(v, "colSpan") {
            h.attr("colspan", &n);
        }
        if let Some(n) = span(v, "rowSpan") {
            h.attr("rowspan", &n);
        }
    }
    if let Some(c) = col_size {
        h.attr("data-col-size", c);
    }
    h.style(&st).end();
    kids(v, ctx, h);
    h.close(tag);
}

fn card(v: &Value, ctx: Ctx, h: &mut Html) {
    let size = size_token(v, spec::CARD_SIZE, "md");
    let mut st = Style::new();
    match v.get("padding") {
        Some(p) => box_style(&serde_json::json!({"padding": p}), ctx, &mut st),
        None => {
            st.set("padding", "16px");
        }
    }
    if let Some(bg) = v
        .get("background")
        .and_then(|x| themed(x, ctx.theme))
        .and_then(style::background)
    {
        st.set("background", &bg);
    }
    let as_form = b(v, "asForm") && !ctx.in_form;
    let ctx = Ctx {
        in_form: ctx.in_form || as_form,
        ..ctx
    };
    let collapsed = b(v, "collapsed");
    let tag = if as_form { "form" } else { "div" };
    // Card.border (ChatKit.js 1.7.0): replaces the card's standard border.
    let mut outer = Style::new();
    border_style(v.get("border"), ctx, &mut outer);
    h.open(tag)
        .attr("class", "wgt-card")
        .attr("data-size", &size)
        .attr("data-collapsed", bool_str(collapsed));
    if as_form {
        h.attr("onsubmit", "return false");
    }
    h.style(&outer).end();
    status(v, h);
    h.open("div")
        .attr("class", "wgt-card-body")
        .style(&st)
        .end();
    if !collapsed {
        kids(v, ctx, h);
    }
    h.close("div");
    let confirm = v.get("confirm").and_then(|c| s(c, "label"));
    let cancel = v.get("cancel").and_then(|c| s(c, "label"));
    if confirm.is_some() || cancel.is_some() {
        h.open("div").attr("class", "wgt-card-actions").end();
        if let Some(l) = cancel {
            h.open("button")
                .attr("type", "button")
                .attr("class", "wgt-button")
                .attr("data-variant", "outline")
                .attr("data-color", "secondary")
                .attr("data-action", "cancel")
                .end();
            h.text(l).close("button");
        }
        if let Some(l) = confirm {
            h.open("button")
                .attr("type", if as_form { "submit" } else { "button" })
                .attr("class", "wgt-button")
                .attr("data-variant", "solid")
                .attr("data-color", "primary")
                .attr("data-action", "confirm")
                .end();
            h.text(l).close("button");
        }
        h.close("div");
    }
    h.close(tag);
}

fn status(v: &Value, h: &mut Html) {
    let Some(st) = v.get("status") else { return };
    let Some(text) = s(st, "text") else { return };
    h.open("div").attr("class", "wgt-status").end();
    if let Some(src) = s(st, "favicon").and_then(style::safe_image_url) {
        h.open("img")
            .attr("class", "wgt-favicon")
            .attr("src", &src)
            .attr("alt", "")
            .attr("width", "16")
            .attr("height", "16")
            .end();
    }
    if let Some(name) = s(st, "icon") {
        icon(h, name, "sm", &Style::new(), None);
    }
    h.open("span").end().text(text).close("span");
    h.close("div");
}

fn list_view(v: &Value, ctx: Ctx, h: &mut Html) {
    let items = children_at(v, ctx.path);
    let limit = match v.get("limit") {
        Some(Value::Number(n)) => n.as_u64().map(|n| n as usize),
        Some(Value::String(a)) if a == "auto" => Some(5),
        _ => None,
    };
    let (shown, more) = match limit {
        Some(l) if items.len() > l => items.split_at(l),
        _ => (&items[..], &[][..]),
    };
    h.open("div")
        .attr("class", "wgt-listview")
        .attr("role", "list")
        .end();
    status(v, h);
    for (c, path) in shown {
        child(c, path, ctx, h);
    }
    // "Show more" works without JavaScript: the rest sits in a <details>.
    if !more.is_empty() {
        h.open("details").attr("class", "wgt-more").end();
        h.open("summary")
            .attr("class", "wgt-more-toggle")
            .end()
            .text(&format!("Show {} more", more.len()))
            .close("summary");
        for (c, path) in more {
            child(c, path, ctx, h);
        }
        h.close("details");
    }
    h.close("div");
}

fn container(v: &Value, ctx: Ctx, ty: &str, h: &mut Html) {
    let default_dir = if ty == "Row" || ty == "ListViewItem" {
        "row"
    } else {
        "column"
    };
    let mut st = layout_style(v, ctx, default_dir);
    if ty == "ListViewItem" && s(v, "align").is_none() {
        st.set("align-items", "center");
    }
    let class = match ty {
        "Box" => "wgt-box",
        "Row" => "wgt-row",
        "Col" => "wgt-col",
        _ => "wgt-listviewitem",
    };
    h.open("div").attr("class", class);
    if ty == "ListViewItem" {
        if v.get("onClickAction").is_some_and(Value::is_object) {
            h.attr("role", "button")
                .attr("tabindex", "0")
                .attr("data-action", "click");
        } else {
            h.attr("role", "listitem");
        }
    } else if v.get("onClickAction").is_some_and(Value::is_object) {
        h.attr("data-action", "click");
    }
    h.style(&st).end();
    kids(v, ctx, h);
    h.close("div");
}

fn form(v: &Value, ctx: Ctx, h: &mut Html) {
    let st = layout_style(v, ctx, "column");
    let inner = Ctx {
        in_form: true,
        ..ctx
    };
    if ctx.in_form {
        // Forms cannot nest in HTML.
        h.open("div")
            .attr("class", "wgt-form")
            .attr("role", "group")
            .style(&st)
            .end();
        kids(v, inner, h);
        h.close("div");
    } else {
        h.open("form")
            .attr("class", "wgt-form")
            .attr("onsubmit", "return false")
            .style(&st)
            .end();
        kids(v, inner, h);
        h.close("form");
    }
}

fn text(v: &Value, ctx: Ctx, h: &mut Html) {
    let size = size_token(v, spec::TEXT_SIZE, "md");
    let st = text_style(v, ctx, "prose");
    let value = s(v, "value").unwrap_or("");
    if let Some(ed) = v.get("editable").filter(|e| e.is_object()) {
        let name = s(ed, "name").unwrap_or("");
        h.open("input")
            .attr("class", "wgt-text wgt-text-editable")
            .attr("data-size", &size)
            .attr("type", "text")
            .attr("id", &field_id(name))
            .attr("name", name)
            .attr(
                "aria-label",
                s(ed, "placeholder")
                    .filter(|p| !p.is_empty())
                    .unwrap_or(name),
            )
            .attr("value", value)
            .attr("placeholder", s(ed, "placeholder").unwrap_or(""))
            .flag("required", b(ed, "required"))
            .style(&st)
            .end();
        return;
    }
    h.open("p")
        .attr("class", "wgt-text")
        .attr("data-size", &size)
        .style(&st)
        .end();
    h.text(value).close("p");
}

fn button(v: &Value, ctx: Ctx, h: &mut Html) {
    let color = s(v, "color")
        .or_else(|| s(v, "style"))
        .filter(|c| spec::BUTTON_COLOR.contains(c))
        .unwrap_or("secondary");
    let variant = one_of(v, "variant", spec::CONTROL_VARIANT, "solid");
    let size = size_token(v, spec::CONTROL_SIZE, "md");
    let submit = b(v, "submit") && ctx.in_form;
    let label = s(v, "label").filter(|l| !l.is_empty());
    let icon_size = one_of(v, "iconSize", spec::ICON_SIZE, "sm");
    h.open("button")
        .attr("type", if submit { "submit" } else { "button" })
        .attr("class", "wgt-button")
        .attr("data-color", color)
        .attr("data-variant", variant)
        .attr("data-size", &size)
        .attr("data-pill", bool_str(b(v, "pill")))
        .attr("data-block", bool_str(b(v, "block")))
        .attr("data-uniform", bool_str(b(v, "uniform")));
    if label.is_none() {
        let aria = s(v, "iconStart")
            .or_else(|| s(v, "iconEnd"))
            .unwrap_or("Button");
        h.attr("aria-label", aria.rsplit(':').next().unwrap_or(aria));
    }
    if v.get("onClickAction").is_some_and(Value::is_object) {
        h.attr("data-action", "click");
    }
    h.flag("disabled", b(v, "disabled")).end();
    if let Some(n) = s(v, "iconStart") {
        icon(h, n, icon_size, &Style::new(), None);
    }
    if let Some(l) = label {
        h.open("span").end().text(l).close("span");
    }
    if let Some(n) = s(v, "iconEnd") {
        icon(h, n, icon_size, &Style::new(), None);
    }
    h.close("button");
}

fn image(v: &Value, ctx: Ctx, h: &mut Html) {
    let mut st = Style::new();
    box_style(v, ctx, &mut st);
    if let Some(fit) = s(v, "fit").filter(|f| spec::IMAGE_FIT.contains(f)) {
        st.set("object-fit", fit);
    }
    if let Some(pos) = s(v, "position").filter(|p| spec::IMAGE_POSITION.contains(p)) {
        st.set("object-position", pos);
    }
    let alt = s(v, "alt").unwrap_or("");
    match s(v, "src").and_then(style::safe_image_url) {
        Some(src) => {
            h.open("img")
                .attr("class", "wgt-image")
                .attr("src", &src)
                .attr("alt", alt)
                .attr("data-frame", bool_str(b(v, "frame")))
                .attr("data-flush", bool_str(b(v, "flush")))
                .attr("loading", "lazy")
                .style(&st)
                .end();
        }
        None => {
            h.open("div")
                .attr("class", "wgt-image wgt-image-blocked")
                .attr("role", "img")
                .attr("aria-label", alt)
                .style(&st)
                .end()
                .close("div");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn html(widget: Value, theme: WidgetTheme) -> String {
        render_html(&widget, theme)
    }

    /// Checks HTML nesting rules that break hydration: no interactive content inside a button,
    /// no block elements inside a paragraph or heading, no nested forms; every tag closed.
    fn assert_valid_nesting(html: &str) {
        const VOID: &[&str] = &["img", "input", "hr", "br", "meta", "link"];
        const BLOCK: &[&str] = &[
            "div", "p", "h3", "form", "fieldset", "hr", "details", "select", "textarea",
        ];
        let mut stack: Vec<String> = Vec::new();
        let mut rest = html;
        while let Some(i) = rest.find('<') {
            rest = &rest[i + 1..];
            if rest.starts_with("!--") {
                rest = &rest[rest.find("-->").map_or(rest.len(), |e| e + 3)..];
                continue;
            }
            let end = rest.find('>').expect("tag closes");
            let tag = &rest[..end];
            rest = &rest[end + 1..];
            if let Some(name) = tag.strip_prefix('/') {
                let open = stack
                    .pop()
                    .unwrap_or_else(|| panic!("stray </{name}> in {html}"));
                assert_eq!(open, name, "mismatched </{name}> in {html}");
                continue;
            }
            let name: String = tag
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect();
            if name.is_empty() {
                continue;
            }
            if name == "button" || name == "select" || name == "input" || name == "textarea" {
                assert!(
                    !stack.iter().any(|t| t == "button"),
                    "<{name}> inside <button>: {html}"
                );
            }
            if BLOCK.contains(&name.as_str()) {
                assert!(
                    !stack
                        .iter()
                        .any(|t| t == "p" || t == "h3" || t == "span" || t == "label"),
                    "<{name}> inside inline/paragraph: {html}"
                );
            }
            if name == "form" {
                assert!(!stack.iter().any(|t| t == "form"), "nested <form>: {html}");
            }
            // The table content model: table > thead|tbody > tr > th|td.
            let parent = stack.last().map(String::as_str).unwrap_or("");
            let allowed: Option<&[&str]> = match parent {
                "table" => Some(&["thead", "tbody"]),
                "thead" | "tbody" => Some(&["tr"]),
                "tr" => Some(&["th", "td"]),
                _ => None,
            };
            if let Some(allowed) = allowed {
                assert!(
                    allowed.contains(&name.as_str()),
                    "<{name}> directly inside <{parent}>: {html}"
                );
            }
            for (part, parents) in [
                ("tr", &["thead", "tbody"][..]),
                ("td", &["tr"][..]),
                ("th", &["tr"][..]),
                ("thead", &["table"][..]),
                ("tbody", &["table"][..]),
            ] {
                if name == part {
                    assert!(
                        parents.contains(&parent),
                        "<{name}> inside <{parent}>: {html}"
                    );
                }
            }
            if !VOID.contains(&name.as_str()) && !tag.ends_with('/') {
                stack.push(name);
            }
        }
        assert!(stack.is_empty(), "unclosed {stack:?}");
    }

    /// No tag carries an event-handler attribute except the forms' own `onsubmit`.
    fn assert_no_event_handlers(html: &str) {
        let mut rest = html;
        while let Some(i) = rest.find('<') {
            rest = &rest[i + 1..];
            let end = rest.find('>').unwrap_or(rest.len());
            let tag = &rest[..end];
            // Attribute names: words followed by '=' outside quotes.
            let mut in_quote = false;
            let mut word = String::new();
            for c in tag.chars() {
                match c {
                    '"' => in_quote = !in_quote,
                    '=' if !in_quote => {
                        let name = word.trim().to_ascii_lowercase();
                        assert!(
                            !name.starts_with("on") || name == "onsubmit",
                            "event handler {name} in <{tag}>"
                        );
                        word.clear();
                    }
                    c if c.is_whitespace() && !in_quote => word.clear(),
                    c if !in_quote => word.push(c),
                    _ => {}
                }
            }
            rest = &rest[end.min(rest.len())..];
        }
    }

    fn every_component() -> Value {
        json!({"type": "Card", "size": "lg", "asForm": true, "status": {"text": "Done", "icon": "check"},
        "confirm": {"label": "Save", "action": {"type": "save"}}, "cancel": {"label": "Cancel", "action": {"type": "cancel"}},
        "children": [
          {"type": "Row", "gap": 2, "align": "center", "justify": "between", "children": [
              {"type": "Title", "value": "Title", "size": "lg"},
              {"type": "Spacer"},
              {"type": "Badge", "label": "New", "color": "success"}]},
          {"type": "Col", "padding": {"x": 4, "y": 2}, "border": {"size": 1, "color": "blue-500", "style": "dashed"}, "radius": "xl", "background": {"light": "gray-50", "dark": "gray-900"}, "children": [
              {"type": "Text", "value": "Body", "weight": "semibold", "maxLines": 2, "color": "secondary"},
              {"type": "Caption", "value": "Caption"},
              {"type": "Markdown", "value": "**bold**"},
              {"type": "Text", "value": "edit me", "editable": {"name": "note", "placeholder": "Note"}}]},
          {"type": "Box", "direction": "row", "children": [
              {"type": "Image", "src": "https://example.com/a.png", "alt": "A", "fit": "cover", "size": 40, "radius": "full"},
              {"type": "Icon", "name": "star", "color": "warning"}]},
          {"type": "Divider", "spacing": 2},
          {"type": "Form", "onSubmitAction": {"type": "submit"}, "children": [
              {"type": "Label", "value": "Email", "fieldName": "email"},
              {"type": "Input", "name": "email", "inputType": "email", "placeholder": "you@example.com"},
              {"type": "Textarea", "name": "msg", "rows": 4},
              {"type": "Select", "name": "city", "options": [{"label": "Oslo", "value": "osl"}, {"label": "Lima", "value": "lim"}], "defaultValue": "lim"},
              {"type": "DatePicker", "name": "when", "defaultValue": "2025-01-31T09:00:00Z"},
              {"type": "Checkbox", "name": "ok", "label": "I agree", "defaultChecked": true},
              {"type": "RadioGroup", "name": "size", "options": [{"label": "S", "value": "s"}, {"label": "M", "value": "m"}], "defaultValue": "m"},
              {"type": "Button", "label": "Send", "submit": true, "iconEnd": "chevron-right", "color": "primary"}]},
          {"type": "Transition", "children": {"type": "Text", "value": "t"}},
          {"type": "Chart", "data": [{"m": "Jan", "v": 1}], "series": [{"type": "bar", "dataKey": "v", "label": "V"}], "xAxis": "m", "height": 120},
          {"type": "Table", "children": [
              {"type": "Table.Row", "header": true, "children": [
                  {"type": "Table.Cell", "children": [{"type": "Text", "value": "Item"}]},
                  {"type": "Table.Cell", "align": "end", "children": [{"type": "Text", "value": "Price"}]}]},
              {"type": "Table.Row", "children": [
                  {"type": "Table.Cell", "colSize": "lg", "children": [{"type": "Text", "value": "Tea"}]},
                  {"type": "Table.Cell", "align": "end", "vAlign": "start", "children": [{"type": "Text", "value": "$3"}]}]}]}
        ]})
    }

    /// Removes every ` data-wgt-path="…"` attribute.
    fn strip_paths(html: &str) -> String {
        let mut out = String::with_capacity(html.len());
        let mut rest = html;
        while let Some(i) = rest.find(" data-wgt-path=\"") {
            out.push_str(&rest[..i]);
            let after = &rest[i + " data-wgt-path=\"".len()..];
            rest = &after[after.find('"').expect("attribute closes") + 1..];
        }
        out.push_str(rest);
        out
    }

    #[test]
    fn paths_add_attributes_and_change_nothing_else() {
        let w = every_component();
        for theme in [WidgetTheme::Light, WidgetTheme::Dark] {
            let plain = render_html(&w, theme);
            let marked = render_html_with(&w, theme, RenderOptions { paths: true });
            assert!(!plain.contains("data-wgt-path"));
            assert_ne!(plain, marked);
            assert_eq!(strip_paths(&marked), plain);
            assert_valid_nesting(&marked);
        }
        let marked = render_html_with(&w, WidgetTheme::Light, RenderOptions { paths: true });
        // The root, a nested node, a form field and the single-object child of a Transition.
        for needle in [
            "<form class=\"wgt-card\"",
            "<form data-wgt-path=\"\" class=\"wgt-card\"",
            "<div data-wgt-path=\"children[0]\" class=\"wgt-row\"",
            "<h3 data-wgt-path=\"children[0].children[0]\" class=\"wgt-title\"",
            "<input data-wgt-path=\"children[4].children[1]\"",
            "data-wgt-path=\"children[5].children\"",
            "data-wgt-path=\"children[6]\"",
        ] {
            if needle == "<form class=\"wgt-card\"" {
                assert!(!marked.contains(needle), "root not marked");
            } else {
                assert!(marked.contains(needle), "{needle} missing in {marked}");
            }
        }
        // Every component of the example is marked exactly once.
        fn count(v: &Value) -> usize {
            1 + children(v).into_iter().map(count).sum::<usize>()
        }
        assert_eq!(marked.matches("data-wgt-path=").count(), count(&w));
    }

    #[test]
    fn list_paths_survive_the_show_more_split_and_skipped_children() {
        let w = json!({"type": "ListView", "limit": 1, "children": [
            {"type": "ListViewItem", "children": [{"type": "Text", "value": "a"}]},
            "not a component",
            {"type": "ListViewItem", "children": [{"type": "Text", "value": "b"}]}]});
        let marked = render_html_with(&w, WidgetTheme::Light, RenderOptions { paths: true });
        assert!(marked.contains("data-wgt-path=\"children[0]\""), "{marked}");
        assert!(marked.contains("data-wgt-path=\"children[2]\""), "{marked}");
        assert!(
            marked.contains("data-wgt-path=\"children[2].children[0]\""),
            "{marked}"
        );
        assert_eq!(strip_paths(&marked), render_html(&w, WidgetTheme::Light));
    }

    #[test]
    fn every_component_renders_with_valid_nesting() {
        let out = html(every_component(), WidgetTheme::Light);
        assert_valid_nesting(&out);
        for needle in [
            "class=\"wgt\"",
            "data-theme=\"light\"",
            "class=\"wgt-card\"",
            "class=\"wgt-status\"",
            "<h3 class=\"wgt-title\" data-size=\"lg\"",
            "class=\"wgt-title\"",
            "class=\"wgt-badge\"",
            "data-color=\"success\"",
            "display:flex;flex-direction:row;align-items:center;justify-content:space-between;gap:8px",
            "padding-left:16px;padding-right:16px;padding-top:8px;padding-bottom:8px",
            "border:1px dashed var(--wgt-blue-500)",
            "background:var(--wgt-gray-50);border",
            "-webkit-line-clamp:2",
            "color:var(--wgt-text-secondary)",
            "src=\"https://example.com/a.png\"",
            "alt=\"A\"",
            "class=\"wgt-divider\"",
            "role=\"group\"",
            "for=\"wgt-field-email\"",
            "id=\"wgt-field-email\"",
            "type=\"email\"",
            "name=\"msg\" aria-label=\"msg\"",
            "rows=\"4\"",
            "<option value=\"lim\" selected",
            "type=\"date\"",
            "value=\"2025-01-31\"",
            "type=\"checkbox\" name=\"ok\" checked",
            "type=\"radio\" name=\"size\" value=\"m\" checked",
            "<button type=\"submit\"",
            "data-color=\"primary\"",
            "data-icon=\"chevron-right\"",
            "class=\"wgt-chart\"",
            "wgt-card-actions",
            "<table class=\"wgt-table\"><thead><tr class=\"wgt-table-row\" data-header=\"true\"><th class=\"wgt-table-cell\" scope=\"col\">",
            "<tbody><tr class=\"wgt-table-row\" data-header=\"false\"><td class=\"wgt-table-cell\" data-col-size=\"lg\">",
            "style=\"text-align:end;vertical-align:top\"",
        ] {
            assert!(out.contains(needle), "missing {needle}\n{out}");
        }
    }

    fn order_table() -> Value {
        json!({"type": "Card", "border": {"size": 2, "color": {"light": "gray-200", "dark": "gray-700"}}, "children": [
            {"type": "Table", "children": [
                {"type": "Table.Row", "header": true, "children": [
                    {"type": "Table.Cell", "colSpan": 2, "children": [{"type": "Text", "value": "<b>Order</b> & \"co\""}]}]},
                {"type": "Table.Row", "children": [
                    {"type": "Table.Cell", "rowSpan": 2.5, "padding": {"x": 2}, "width": 120, "children": [{"type": "Badge", "label": "x"}]},
                    {"type": "Table.Cell", "align": "bogus\" onclick=\"x", "colSize": "huge", "children": [{"type": "Text", "value": "y"}]}]}]}]})
    }

    #[test]
    fn tables_are_real_tables_with_header_cells_in_both_themes() {
        for theme in [WidgetTheme::Light, WidgetTheme::Dark] {
            let out = html(order_table(), theme);
            assert_valid_nesting(&out);
            assert_no_event_handlers(&out);
            assert!(out.contains(&format!("data-theme=\"{}\"", theme.as_str())));
            assert!(out.contains("<thead><tr class=\"wgt-table-row\" data-header=\"true\"><th class=\"wgt-table-cell\" scope=\"col\" colspan=\"2\">"), "{out}");
            // Escaped like everything else.
            assert!(
                out.contains("&lt;b&gt;Order&lt;/b&gt; &amp; &quot;co&quot;"),
                "{out}"
            );
            assert!(!out.contains("<b>Order"));
            // Fractional spans drop their fraction; unknown align and colSize values are left out.
            assert!(out.contains("rowspan=\"2\""), "{out}");
            assert!(!out.contains("onclick") && !out.contains("huge"), "{out}");
            assert!(
                out.contains("padding-left:8px;padding-right:8px;width:120px"),
                "{out}"
            );
            // Card.border replaces the card's standard border, per theme.
            let c = if theme == WidgetTheme::Dark {
                "gray-700"
            } else {
                "gray-200"
            };
            assert!(out.contains(&format!("class=\"wgt-card\" data-size=\"md\" data-collapsed=\"false\" style=\"border:2px solid var(--wgt-{c})\"")), "{out}");
        }
    }

    #[test]
    fn misplaced_table_parts_keep_valid_nesting() {
        for w in [
            json!({"type": "Card", "children": [{"type": "Table.Row", "children": [{"type": "Table.Cell", "children": [{"type": "Text", "value": "a"}]}]}]}),
            json!({"type": "Card", "children": [{"type": "Table.Cell", "children": [{"type": "Text", "value": "a"}]}]}),
            json!({"type": "Card", "children": [{"type": "Table", "children": [{"type": "Text", "value": "loose"}, {"type": "Table.Row", "children": [{"type": "Button", "label": "b"}, {"type": "Table", "children": []}]}]}]}),
        ] {
            let out = html(w, WidgetTheme::Light);
            assert_valid_nesting(&out);
        }
    }

    #[test]
    fn basic_root_lays_out_its_children() {
        let out = html(
            json!({"type": "Basic", "direction": "row", "gap": 2, "padding": 1, "align": "center", "justify": "between", "background": "red",
                   "children": [{"type": "Card", "children": [{"type": "Text", "value": "a"}]}, {"type": "Text", "value": "b"}]}),
            WidgetTheme::Light,
        );
        assert_valid_nesting(&out);
        assert!(out.contains("class=\"wgt-basic\" style=\"display:flex;flex-direction:row;align-items:center;justify-content:space-between;gap:8px;padding:4px\""), "{out}");
        assert!(
            !out.contains("background"),
            "only ChatKit.js's Basic props are drawn: {out}"
        );
        assert!(out.contains("class=\"wgt-card\""));
    }

    #[test]
    fn theme_colors_and_the_widget_theme_prop() {
        let w = json!({"type": "Card", "children": [{"type": "Box", "background": {"light": "gray-50", "dark": "gray-900"}}]});
        assert!(html(w.clone(), WidgetTheme::Dark).contains("background:var(--wgt-gray-900)"));
        let mut forced = w.clone();
        forced["theme"] = json!("light");
        let out = html(forced, WidgetTheme::Dark);
        assert!(
            out.contains("data-theme=\"light\"") && out.contains("var(--wgt-gray-50)"),
            "{out}"
        );
    }

    #[test]
    fn list_view_limit_shows_more_without_javascript() {
        let items: Vec<Value> = (0..7).map(|i| json!({"type": "ListViewItem", "onClickAction": {"type": "open"}, "children": [{"type": "Text", "value": format!("row {i}")}, {"type": "Button", "label": "Go"}]})).collect();
        let out = html(
            json!({"type": "ListView", "limit": 3, "children": items}),
            WidgetTheme::Light,
        );
        assert_valid_nesting(&out);
        assert!(
            out.contains("<summary class=\"wgt-more-toggle\">Show 4 more</summary>"),
            "{out}"
        );
        assert_eq!(
            out.matches("role=\"button\"").count(),
            7,
            "clickable rows are role=button divs, not buttons (they contain buttons)"
        );
    }

    #[test]
    fn hostile_values_stay_inert() {
        let payloads = [
            "<script>alert(1)</script>",
            "\"><img src=x onerror=alert(1)>",
            "javascript:alert(1)",
            "red;background:url(javascript:alert(1))",
            "expression(alert(1))",
            "</style><script>alert(1)</script>",
            "[click](javascript:alert(1)) ![x](javascript:alert(1)) <a href=javascript:alert(1)>a</a>",
            "data:text/html,<script>alert(1)</script>",
        ];
        for p in payloads {
            let w = json!({"type": "Card", "background": p, "status": {"text": p, "favicon": p}, "children": [
                {"type": "Text", "value": p, "color": p},
                {"type": "Title", "value": p},
                {"type": "Image", "src": p, "alt": p, "background": p},
                {"type": "Button", "label": p, "iconStart": p},
                {"type": "Badge", "label": p},
                {"type": "Markdown", "value": p},
                {"type": "Box", "padding": p, "width": p, "border": {"size": 1, "color": p}, "radius": p},
                {"type": "Input", "name": p, "placeholder": p, "defaultValue": p},
                {"type": "Select", "name": p, "options": [{"label": p, "value": p}]}
            ]});
            let out = html(w, WidgetTheme::Light);
            assert!(!out.contains("<script"), "{p}: {out}");
            assert!(!out.contains("<img src=x"), "{p}: {out}");
            assert_no_event_handlers(&out);
            for attr in ["style=\"", "src=\"", "href=\""] {
                for (i, _) in out.match_indices(attr) {
                    let value = &out[i + attr.len()..];
                    let value =
                        &value[..value.find('"').unwrap_or(value.len())].to_ascii_lowercase();
                    for bad in ["url(", "javascript:", "expression(", "<", "}"] {
                        assert!(!value.contains(bad), "{p}: {attr}{value}");
                    }
                }
            }
            assert_valid_nesting(&out);
        }
    }

    #[test]
    fn icons_are_inline_svg() {
        let out = html(
            json!({"type": "Card", "children": [
                {"type": "Icon", "name": "star", "size": "xl", "color": "warning"},
                {"type": "Icon", "name": "lucide:rocket"},
                {"type": "Button", "label": "Go", "iconStart": "bolt", "iconSize": "lg"}
            ]}),
            WidgetTheme::Light,
        );
        assert!(
            out.contains(r#"data-icon="star" data-known="true" data-size="xl""#),
            "{out}"
        );
        assert!(out.contains(r#"role="img" aria-label="star""#), "{out}");
        assert!(out.contains("color:var(--wgt-text-warning)"), "{out}");
        assert!(
            out.contains(r#"data-icon="lucide:rocket" data-known="false""#),
            "{out}"
        );
        assert!(out.contains(r#"aria-label="rocket""#), "{out}");
        assert!(
            out.contains(r#"data-icon="bolt" data-known="true" data-size="lg""#),
            "{out}"
        );
        assert!(
            out.contains("<path d=\"M13 2 4 14h7l-1 8 9-12h-7l1-8z\""),
            "{out}"
        );
        assert_valid_nesting(&out);
    }

    #[test]
    fn markdown_is_commonmark() {
        let out = html(
            json!({"type": "Card", "children": [{"type": "Markdown", "value": "## Plan\n\n- [docs](https://example.com)\n- `x`\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"}]}),
            WidgetTheme::Light,
        );
        for want in [
            "<h2>Plan</h2>",
            "<li><a target=\"_blank\"",
            "<code>x</code>",
            "<table>",
            "<td>2</td>",
        ] {
            assert!(out.contains(want), "{want}: {out}");
        }
    }

    #[test]
    fn chart_draws_series_as_svg() {
        let w = json!({"type": "Card", "children": [{"type": "Chart", "height": 160, "showYAxis": true,
        "data": [{"m": "jan", "a": 3, "b": 2, "c": 4}, {"m": "feb", "a": 5, "b": 1, "c": 2}, {"m": "mar", "a": 4, "b": 3, "c": 6}],
        "xAxis": {"dataKey": "m", "labels": {"jan": "January"}},
        "series": [
            {"type": "bar", "dataKey": "a", "label": "A", "stack": "s"},
            {"type": "bar", "dataKey": "b", "label": "B", "stack": "s", "color": "red"},
            {"type": "line", "dataKey": "c", "label": "C", "curveType": "step"},
            {"type": "area", "dataKey": "c", "label": null, "color": {"light": "green-500", "dark": "green-300"}}
        ]}]});
        let out = html(w.clone(), WidgetTheme::Light);
        assert_eq!(
            out.matches("<rect class=\"wgt-chart-bar\"").count(),
            6,
            "{out}"
        );
        assert_eq!(out.matches("class=\"wgt-chart-area\"").count(), 1);
        // The line and the area's outline.
        assert_eq!(out.matches("class=\"wgt-chart-line\"").count(), 2);
        assert!(out.contains("style=\"fill:var(--wgt-red-500)\""), "{out}");
        assert!(out.contains("fill:var(--wgt-green-500)"), "{out}");
        assert!(html(w, WidgetTheme::Dark).contains("fill:var(--wgt-green-300)"));
        // Stacked: the y axis reaches the stack total (8 → 10), not the largest single value.
        assert!(out.contains(">10</span>"), "{out}");
        assert!(
            out.contains(">January</span>") && out.contains(">feb</span>"),
            "{out}"
        );
        // Legend has four entries; the null label falls back to the dataKey.
        assert_eq!(out.matches("<li>").count(), 4);
        assert!(out.contains("aria-label=\"Chart: A, B, C, c\""), "{out}");
        assert_eq!(out.matches("class=\"wgt-chart-hit\"").count(), 3);
        assert!(out.contains("H"), "step curve");
        assert_valid_nesting(&out);

        let bare = html(
            json!({"type": "Chart", "data": [{"x": 1, "y": -2}], "xAxis": {"dataKey": "x", "hide": true}, "showLegend": false, "showTooltip": false,
                "series": [{"type": "bar", "dataKey": "y", "label": "Y"}]}),
            WidgetTheme::Light,
        );
        assert!(
            !bare.contains("wgt-chart-legend")
                && !bare.contains("wgt-chart-hit")
                && !bare.contains("wgt-chart-xaxis")
                && !bare.contains("wgt-chart-yaxis"),
            "{bare}"
        );
        assert_eq!(bare.matches("wgt-chart-bar").count(), 1);
        // Empty or malformed data never panics.
        for bad in [
            json!({"type": "Chart"}),
            json!({"type": "Chart", "data": [], "series": [], "xAxis": "x"}),
            json!({"type": "Chart", "data": [1, "x", null], "series": [{"type": "pie"}, 3], "xAxis": 5}),
        ] {
            let _ = html(bad, WidgetTheme::Light);
        }
    }

    #[test]
    fn transition_keys_its_child() {
        let out = html(
            json!({"type": "Card", "children": [{"type": "Transition", "children": {"type": "Text", "value": "x", "key": "step-2"}}]}),
            WidgetTheme::Light,
        );
        assert!(
            out.contains(r#"data-key="step-2""#) && out.contains("wgt-transition"),
            "{out}"
        );
    }
}
