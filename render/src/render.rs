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
//!   children; a ListView is a `<ul>` of `<li>` rows, and a clickable row's control is a
//!   childless `<button>` inside its item); only the outermost form becomes a `<form>`.
//!
//! Rules that keep the output accessible (docs/accessibility.md):
//! - headings (`Title`, Markdown headings) are real `<h1>`–`<h6>` at the host page's level
//!   ([`RenderOptions::heading_level`]), so a widget never breaks the outline of its page;
//! - images carry their `alt`; icon-only buttons, unlabelled fields and clickable rows get an
//!   accessible name; a `Label` names its field through `for`/`id`, with ids unique per drawn
//!   widget ([`RenderOptions::scope`]);
//! - focus is visible (one ring from the tokens) and follows reading order (no `tabindex` above 0).

use serde_json::Value;

use widget::spec;

use super::html::Html;
use super::style::{self, Style};

/// The theme a widget is drawn in: the tokens' theme ([`widget::tokens::Theme`]).
pub use widget::tokens::Theme as WidgetTheme;

/// Which table element a node's parent drew, so table parts nest as valid HTML.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TablePart {
    None,
    /// Inside a `<table>`: rows are `<tr>`.
    Table,
    /// Inside a `<tr>`: cells are `<td>`/`<th>`.
    Row {
        header: bool,
    },
}

#[derive(Clone, Copy)]
pub(crate) struct Ctx<'p> {
    theme: WidgetTheme,
    in_form: bool,
    table: TablePart,
    /// Drawn directly inside a ListView's `<ul>`: the node must be a `<li>`.
    in_list: bool,
    /// The node's JSON path (`children[1].children[0]`), when paths are marked.
    path: Option<&'p str>,
    /// What the whole widget needs to know: its heading level, its fields' ids.
    scan: &'p Scan,
}

/// Facts about the whole widget, gathered before drawing it.
pub(crate) struct Scan {
    /// The level of the widget's headings (1–6).
    heading: u8,
    /// The prefix of every element id in this drawing (`wgt3f2a-`).
    id_prefix: String,
    /// Field names that a `Label` names and a field carries: those fields get an `id`.
    labelled: std::collections::BTreeSet<String>,
    /// Ids already given (the first field of a name gets it; a duplicate name does not).
    given: std::cell::RefCell<std::collections::BTreeSet<String>>,
}

impl Scan {
    pub(crate) fn new(widget: &Value, opts: RenderOptions) -> Scan {
        let mut labels = std::collections::BTreeSet::new();
        let mut fields = std::collections::BTreeSet::new();
        fn walk(
            v: &Value,
            labels: &mut std::collections::BTreeSet<String>,
            fields: &mut std::collections::BTreeSet<String>,
            depth: usize,
        ) {
            if depth > 256 {
                return;
            }
            match s(v, "type").unwrap_or("") {
                "Label" => {
                    if let Some(f) = s(v, "fieldName") {
                        labels.insert(f.to_string());
                    }
                }
                "Input" | "Select" | "DatePicker" | "Textarea" | "Checkbox" => {
                    if let Some(n) = s(v, "name") {
                        fields.insert(n.to_string());
                    }
                }
                "Text" => {
                    if let Some(n) = v.get("editable").and_then(|e| s(e, "name")) {
                        fields.insert(n.to_string());
                    }
                }
                _ => {}
            }
            for c in children(v) {
                walk(c, labels, fields, depth + 1);
            }
        }
        walk(widget, &mut labels, &mut fields, 0);
        Scan {
            heading: opts.heading_level.clamp(1, 6),
            id_prefix: format!("wgt{:x}-", opts.scope),
            labelled: labels.intersection(&fields).cloned().collect(),
            given: Default::default(),
        }
    }

    /// The element id of the field `name`, for a `Label`'s `for`.
    fn field_id(&self, name: &str) -> String {
        let mut id = self.id_prefix.clone();
        for b in name.bytes() {
            if b.is_ascii_alphanumeric() || b == b'_' || b == b'-' {
                id.push(b as char);
            } else {
                id.push_str(&format!(".{b:02x}"));
            }
        }
        id
    }

    /// The id a field named `name` carries: when a `Label` names it, for the first field of
    /// that name.
    fn claim(&self, name: &str) -> Option<String> {
        (self.labelled.contains(name) && self.given.borrow_mut().insert(name.to_string()))
            .then(|| self.field_id(name))
    }

    /// The heading tag at `offset` levels below the widget's own.
    fn heading_tag(&self, offset: u8) -> &'static str {
        heading_tag(self.heading.saturating_add(offset))
    }
}

/// `h1`…`h6` (levels past 6 are `h6`).
pub(crate) fn heading_tag(level: u8) -> &'static str {
    match level {
        0 | 1 => "h1",
        2 => "h2",
        3 => "h3",
        4 => "h4",
        5 => "h5",
        _ => "h6",
    }
}

/// A field's accessible name when no `Label` names it: its placeholder, else its name as words.
fn field_name_label(placeholder: Option<&str>, name: &str) -> String {
    match placeholder.map(str::trim).filter(|p| !p.is_empty()) {
        Some(p) => p.to_string(),
        None => {
            let words = widget::lint::humanize(name);
            if words.is_empty() {
                "Field".to_string()
            } else {
                words
            }
        }
    }
}

/// Puts a field's name on the element: `id` when a `Label` names it, else `aria-label`.
fn field_name_attrs(h: &mut Html, ctx: Ctx, name: &str, placeholder: Option<&str>) {
    match ctx.scan.claim(name) {
        Some(id) => {
            h.attr("id", &id);
        }
        None => {
            h.attr("aria-label", &field_name_label(placeholder, name));
        }
    }
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
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RenderOptions {
    /// Mark each drawn node with its JSON path (`data-wgt-path`), for selecting nodes in the
    /// preview. Nothing else in the output changes.
    pub paths: bool,
    /// The level of the widget's headings on the host page (1–6): a `Title` is an `<hN>` of
    /// this level, Markdown headings start at it. A page whose own heading above the widget
    /// is an `<h2>` passes 3. Default: 2.
    pub heading_level: u8,
    /// Makes the element ids of this drawing unique on its page (a `Label`'s `for` and its
    /// field's `id`): two widgets drawn on one page need two scopes. Default: 0.
    pub scope: u32,
}

impl Default for RenderOptions {
    fn default() -> Self {
        RenderOptions {
            paths: false,
            heading_level: 2,
            scope: 0,
        }
    }
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
    let scan = Scan::new(widget, opts);
    node(widget, root_ctx(theme, opts, &scan), &mut h);
    h.close("div");
    h.into_string()
}

/// The widget's HTML without the `.wgt` wrapper (for a page that draws the wrapper itself).
pub fn render_inner(widget: &Value, theme: WidgetTheme, opts: RenderOptions) -> String {
    let mut h = Html::with_capacity(1024);
    let scan = Scan::new(widget, opts);
    node(widget, root_ctx(theme, opts, &scan), &mut h);
    h.into_string()
}

fn root_ctx(theme: WidgetTheme, opts: RenderOptions, scan: &Scan) -> Ctx<'_> {
    Ctx {
        theme,
        in_form: false,
        table: TablePart::None,
        in_list: false,
        path: opts.paths.then_some(""),
        scan,
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
    let start = h.len();
    draw(v, ctx, h);
    h.mark_next(None);
    let end = h.len();
    if let (Some(trace), Some(path)) = (h.trace.as_mut(), ctx.path) {
        trace.push(crate::redraw::Traced {
            path: path.to_string(),
            start,
            end,
            place: Place {
                in_form: ctx.in_form,
                table: ctx.table,
                in_list: ctx.in_list,
            },
        });
    }
}

/// What a node's parent passed down when it drew the node (besides the theme and the path):
/// drawing the same node with the same place gives the same HTML.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Place {
    pub in_form: bool,
    pub table: TablePart,
    pub in_list: bool,
}

/// Draws `v` at `path` as its parent did (`place`), with the whole widget's `scan`.
pub(crate) fn node_at(
    v: &Value,
    theme: WidgetTheme,
    path: &str,
    place: Place,
    scan: &Scan,
    h: &mut Html,
) {
    let ctx = Ctx {
        theme,
        in_form: place.in_form,
        table: place.table,
        in_list: place.in_list,
        path: Some(path),
        scan,
    };
    node(v, ctx, h);
}

/// Draws the whole widget (without the `.wgt` wrapper) into `h`, with `scan`.
pub(crate) fn root_into(
    widget: &Value,
    theme: WidgetTheme,
    opts: RenderOptions,
    scan: &Scan,
    h: &mut Html,
) {
    node(widget, root_ctx(theme, opts, scan), h);
}

fn draw(v: &Value, ctx: Ctx, h: &mut Html) {
    let ty = s(v, "type").unwrap_or("");
    let parent = ctx.table;
    let in_list = ctx.in_list;
    let ctx = Ctx {
        table: TablePart::None,
        in_list: false,
        ..ctx
    };
    // Inside a list only items may stand: a ListViewItem is drawn as one, anything else
    // (invalid, reported by the validator) is wrapped in one.
    if in_list {
        if ty == "ListViewItem" {
            container(v, ctx, ty, true, h);
        } else {
            h.open("li").attr("class", "wgt-listview-child").end();
            draw(v, ctx, h);
            h.close("li");
        }
        return;
    }
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
        "Box" | "Row" | "Col" | "ListViewItem" => container(v, ctx, ty, false, h),
        "Form" => form(v, ctx, h),
        "Text" => text(v, ctx, h),
        "Title" => {
            let size = size_token(v, spec::TITLE_SIZE, "md");
            let st = text_style(v, ctx, "emphasis");
            let tag = ctx.scan.heading_tag(0);
            h.open(tag)
                .attr("class", "wgt-title")
                .attr("data-size", &size)
                .style(&st)
                .end();
            h.text(s(v, "value").unwrap_or("")).close(tag);
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
            if let Some(f) = s(v, "fieldName").filter(|f| ctx.scan.labelled.contains(*f)) {
                h.attr("for", &ctx.scan.field_id(f));
            }
            h.style(&st).end();
            h.text(s(v, "value").unwrap_or("")).close("label");
        }
        "Markdown" => {
            let st = text_style(v, ctx, "prose");
            h.open("div").attr("class", "wgt-markdown").style(&st).end();
            // Sanitised by construction: see super::markdown.
            h.raw(&super::markdown::to_html_at(
                s(v, "value").unwrap_or(""),
                ctx.scan.heading,
            ));
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
            h.open("select").attr("class", "wgt-select");
            field_name_attrs(h, ctx, name, s(v, "placeholder"));
            h.attr("name", name)
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
                .attr("type", "date");
            field_name_attrs(h, ctx, name, s(v, "placeholder"));
            h.attr("name", name)
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
            let label = s(v, "label").filter(|l| !l.trim().is_empty());
            h.open("label").attr("class", "wgt-checkbox").end();
            h.open("input").attr("type", "checkbox");
            match ctx.scan.claim(name) {
                Some(id) => {
                    h.attr("id", &id);
                }
                // The wrapping label names it when it has text; otherwise its name does.
                None if label.is_none() => {
                    h.attr("aria-label", &field_name_label(None, name));
                }
                None => {}
            }
            h.attr("name", name)
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
                .attr("type", kind);
            field_name_attrs(h, ctx, name, s(v, "placeholder"));
            h.attr("name", name)
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
            h.open("textarea").attr("class", "wgt-textarea");
            field_name_attrs(h, ctx, name, s(v, "placeholder"));
            h.attr("name", name)
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
                .text(
                    &s(v, "ariaLabel")
                        .filter(|l| !l.trim().is_empty())
                        .map(str::to_string)
                        .unwrap_or_else(|| field_name_label(None, name)),
                )
                .close("legend");
            for o in v
                .get("options")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                let value = s(o, "value").unwrap_or("");
                let label = s(o, "label").filter(|l| !l.trim().is_empty());
                h.open("label").attr("class", "wgt-radio").end();
                h.open("input").attr("type", "radio");
                if label.is_none() {
                    h.attr("aria-label", &field_name_label(None, value));
                }
                h.attr("name", name)
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
    match label.map(icon_words).filter(|l| !l.is_empty()) {
        Some(l) => {
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

/// An icon's name as words: `lucide:arrow-right` → `arrow right`.
fn icon_words(name: &str) -> String {
    name.rsplit(':')
        .next()
        .unwrap_or(name)
        .replace(['-', '_'], " ")
        .trim()
        .to_string()
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
    // A table wider than its card (four columns on a phone) scrolls inside it instead of being
    // cut off by the card's rounded edge. The scroller takes the node's path, and keyboard
    // focus, so its hidden columns can be reached without a pointer.
    h.open("div")
        .attr("class", "wgt-table-scroll")
        .attr("tabindex", "0")
        .end();
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
    h.close("div");
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
    let items_ctx = Ctx {
        in_list: true,
        ..ctx
    };
    h.open("div").attr("class", "wgt-listview").end();
    status(v, h);
    // `role="list"` keeps the list a list where `list-style: none` would hide it (Safari).
    h.open("ul")
        .attr("class", "wgt-list")
        .attr("role", "list")
        .end();
    for (c, path) in shown {
        child(c, path, items_ctx, h);
    }
    h.close("ul");
    // "Show more" works without JavaScript: the rest sits in a <details>, a list of its own.
    if !more.is_empty() {
        h.open("details").attr("class", "wgt-more").end();
        h.open("summary")
            .attr("class", "wgt-more-toggle")
            .end()
            .text(&format!("Show {} more", more.len()))
            .close("summary");
        h.open("ul")
            .attr("class", "wgt-list")
            .attr("role", "list")
            .end();
        for (c, path) in more {
            child(c, path, items_ctx, h);
        }
        h.close("ul");
        h.close("details");
    }
    h.close("div");
}

/// Box, Row, Col and ListViewItem: a flex container. A ListViewItem in a list is a `<li>`;
/// a clickable one holds its control, a button stretched over the row and named by the row's
/// text.
fn container(v: &Value, ctx: Ctx, ty: &str, as_item: bool, h: &mut Html) {
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
    let tag = if as_item { "li" } else { "div" };
    let clickable = v.get("onClickAction").is_some_and(Value::is_object);
    h.open(tag).attr("class", class);
    if clickable {
        h.attr("data-action", "click");
    }
    h.style(&st).end();
    if clickable && ty == "ListViewItem" {
        let mut name = String::new();
        row_text(v, &mut name, 0);
        if name.is_empty() {
            // No text to name the row by (the lint warns): its action's name.
            let action = v
                .get("onClickAction")
                .and_then(|a| s(a, "type"))
                .map(widget::lint::humanize)
                .unwrap_or_default();
            name = if action.is_empty() {
                "Open".to_string()
            } else {
                action
            };
        }
        h.open("button")
            .attr("type", "button")
            .attr("class", "wgt-row-action")
            .attr("aria-label", &name)
            .end()
            .close("button");
    }
    kids(v, ctx, h);
    h.close(tag);
}

/// The text a clickable row shows (its texts, titles, captions, badges, labels and image
/// alts, in order, as `widget::lint::row_name_part` says), which names its control; the row's
/// own buttons and fields are left out.
fn row_text(v: &Value, out: &mut String, depth: usize) {
    use widget::lint::RowNamePart;
    if depth > 64 {
        return;
    }
    let text = match widget::lint::row_name_part(s(v, "type").unwrap_or("")) {
        RowNamePart::OwnControl => return,
        RowNamePart::Prop {
            prop,
            unless_editable,
        } if !(unless_editable && v.get("editable").is_some_and(Value::is_object)) => s(v, prop),
        _ => None,
    };
    if let Some(t) = text.map(str::trim).filter(|t| !t.is_empty()) {
        if !out.is_empty() {
            out.push_str(", ");
        }
        out.push_str(t);
    }
    for c in children(v) {
        row_text(c, out, depth + 1);
    }
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
            .attr("type", "text");
        field_name_attrs(h, ctx, name, s(ed, "placeholder"));
        h.attr("name", name)
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
        // Icon-only: named by its icon (the lint asks the designer for a real label).
        let icon = s(v, "iconStart").or_else(|| s(v, "iconEnd")).unwrap_or("");
        let name = icon_words(icon);
        h.attr("aria-label", if name.is_empty() { "Button" } else { &name });
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
            h.open("div").attr("class", "wgt-image wgt-image-blocked");
            if alt.trim().is_empty() {
                h.attr("aria-hidden", "true");
            } else {
                h.attr("role", "img").attr("aria-label", alt);
            }
            h.style(&st).end().close("div");
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
            "div", "p", "h1", "h2", "h3", "h4", "h5", "h6", "form", "fieldset", "hr", "details",
            "select", "textarea", "ul", "li",
        ];
        const PHRASING_ONLY: &[&str] = &["p", "h1", "h2", "h3", "h4", "h5", "h6", "span", "label"];
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
                    !stack.iter().any(|t| PHRASING_ONLY.contains(&t.as_str())),
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
                // A list holds list items only (axe: list, listitem).
                "ul" | "ol" => Some(&["li"]),
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
                ("li", &["ul", "ol"][..]),
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
            let marked = render_html_with(
                &w,
                theme,
                RenderOptions {
                    paths: true,
                    ..Default::default()
                },
            );
            assert!(!plain.contains("data-wgt-path"));
            assert_ne!(plain, marked);
            assert_eq!(strip_paths(&marked), plain);
            assert_valid_nesting(&marked);
        }
        let marked = render_html_with(
            &w,
            WidgetTheme::Light,
            RenderOptions {
                paths: true,
                ..Default::default()
            },
        );
        // The root, a nested node, a form field and the single-object child of a Transition.
        for needle in [
            "<form class=\"wgt-card\"",
            "<form data-wgt-path=\"\" class=\"wgt-card\"",
            "<div data-wgt-path=\"children[0]\" class=\"wgt-row\"",
            "<h2 data-wgt-path=\"children[0].children[0]\" class=\"wgt-title\"",
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
        let marked = render_html_with(
            &w,
            WidgetTheme::Light,
            RenderOptions {
                paths: true,
                ..Default::default()
            },
        );
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
            "<h2 class=\"wgt-title\" data-size=\"lg\"",
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
            // The Label names its field through for/id; fields without one get aria-label.
            "<label class=\"wgt-label\" data-size=\"sm\" for=\"wgt0-email\"",
            "<input class=\"wgt-input\" type=\"email\" id=\"wgt0-email\" name=\"email\"",
            "type=\"email\"",
            "aria-label=\"Msg\" name=\"msg\"",
            "<select class=\"wgt-select\" aria-label=\"City\" name=\"city\"",
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
        // A list of items; each clickable row holds its control, a childless button named by
        // the row's text, beside the row's own buttons.
        assert_eq!(
            out.matches("<li class=\"wgt-listviewitem\"").count(),
            7,
            "{out}"
        );
        assert_eq!(
            out.matches("<button type=\"button\" class=\"wgt-row-action\"")
                .count(),
            7
        );
        assert!(
            out.contains("class=\"wgt-row-action\" aria-label=\"row 0\"></button>"),
            "{out}"
        );
        assert!(!out.contains("role=\"button\""), "{out}");
        assert_eq!(
            out.matches("<ul class=\"wgt-list\" role=\"list\">").count(),
            2
        );
    }

    /// The markup a screen reader and axe rely on: headings at the host's level, names for
    /// every image, icon-only button and field, lists of list items.
    #[test]
    fn accessible_structure() {
        let w = json!({"type": "Card", "children": [
            {"type": "Title", "value": "Order"},
            {"type": "Markdown", "value": "# Notes\n\n### Deep"},
            {"type": "Image", "src": "https://example.com/a.png"},
            {"type": "Image", "src": "javascript:x", "alt": ""},
            {"type": "Image", "src": "javascript:x", "alt": "Blocked"},
            {"type": "Button", "iconStart": "lucide:trash-2"},
            {"type": "Label", "value": "Email", "fieldName": "email"},
            {"type": "Input", "name": "email"},
            {"type": "Input", "name": "email"},
            {"type": "Input", "name": "first_name"},
            {"type": "Checkbox", "name": "agree"},
            {"type": "RadioGroup", "name": "size", "options": [{"label": "", "value": "s"}]},
            {"type": "Label", "value": "Nobody", "fieldName": "nothing"},
            {"type": "ListViewItem", "children": [{"type": "Text", "value": "stray"}]}
        ]});
        let opts = RenderOptions {
            heading_level: 3,
            scope: 0xab,
            ..Default::default()
        };
        let out = render_html_with(&w, WidgetTheme::Dark, opts);
        assert_valid_nesting(&out);
        for needle in [
            "<h3 class=\"wgt-title\" data-size=\"md\"",
            "<h3 data-md=\"1\">Notes</h3>",
            "<h4 data-md=\"3\">Deep</h4>",
            // Without alt an image is decorative (the lint asks for one).
            "<img class=\"wgt-image\" src=\"https://example.com/a.png\" alt=\"\"",
            "<div class=\"wgt-image wgt-image-blocked\" aria-hidden=\"true\"",
            "<div class=\"wgt-image wgt-image-blocked\" role=\"img\" aria-label=\"Blocked\"",
            "aria-label=\"trash 2\"",
            // The first field of a labelled name gets the id; the duplicate an aria-label.
            "for=\"wgtab-email\"",
            "<input class=\"wgt-input\" type=\"text\" id=\"wgtab-email\" name=\"email\"",
            "<input class=\"wgt-input\" type=\"text\" aria-label=\"Email\" name=\"email\"",
            "aria-label=\"First name\" name=\"first_name\"",
            "<input type=\"checkbox\" aria-label=\"Agree\" name=\"agree\"",
            "<legend class=\"wgt-sr-only\">Size</legend>",
            "<input type=\"radio\" aria-label=\"S\" name=\"size\"",
            // A misplaced item is no list item.
            "<div class=\"wgt-listviewitem\"",
        ] {
            assert!(out.contains(needle), "missing {needle}\n{out}");
        }
        assert_eq!(out.matches("id=\"wgtab-email\"").count(), 1);
        assert!(
            !out.contains("for=\"wgtab-nothing\""),
            "a Label of no field points nowhere"
        );
        // Another scope, other ids: two widgets on one page do not collide.
        let other = render_html_with(&w, WidgetTheme::Dark, RenderOptions { scope: 1, ..opts });
        assert!(other.contains("id=\"wgt1-email\"") && !other.contains("wgtab"));
        // Odd field names stay valid ids.
        let odd = html(
            json!({"type": "Card", "children": [{"type": "Label", "value": "A", "fieldName": "a b\"c"}, {"type": "Input", "name": "a b\"c"}]}),
            WidgetTheme::Light,
        );
        assert!(
            odd.contains("for=\"wgt0-a.20b.22c\"") && odd.contains("id=\"wgt0-a.20b.22c\""),
            "{odd}"
        );
        // Anything but an item inside a list is wrapped in one.
        let list = html(
            json!({"type": "ListView", "status": {"text": "Inbox"}, "children": [{"type": "Text", "value": "loose"}, {"type": "ListViewItem", "onClickAction": {"type": "open_item"}, "children": [{"type": "Icon", "name": "star"}]}]}),
            WidgetTheme::Light,
        );
        assert_valid_nesting(&list);
        assert!(
            list.contains("<li class=\"wgt-listview-child\"><p class=\"wgt-text\""),
            "{list}"
        );
        // A row with no text is named by its action.
        assert!(
            list.contains("aria-label=\"Open item\"></button>"),
            "{list}"
        );
        assert!(
            !list.contains("tabindex"),
            "reading order: no tabindex on rows"
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
            "<h2 data-md=\"2\">Plan</h2>",
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
