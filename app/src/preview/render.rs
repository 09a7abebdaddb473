//! Renders widget JSON as HTML that looks like ChatKit.
//!
//! Rules that keep the output safe and hydratable:
//! - every text goes through Leptos' escaping; no widget value becomes markup or a class name;
//! - styles come only from [`super::style`]'s whitelists;
//! - nesting stays valid: components render as block `<div>`s except where HTML has a
//!   semantic element whose content model fits (`<button>` only for Button, which has no
//!   children; a clickable ListViewItem is a `div role="button"` because it holds buttons);
//!   only the outermost form becomes a `<form>`.

use leptos::prelude::*;
use serde_json::Value;

use widget::spec;

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

#[derive(Clone, Copy)]
struct Ctx {
    theme: WidgetTheme,
    in_form: bool,
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
    match v.get("children") {
        Some(Value::Array(a)) => a.iter().filter(|c| c.is_object()).collect(),
        Some(c @ Value::Object(_)) => vec![c],
        _ => Vec::new(),
    }
}

/// Renders a widget root. The widget's own `theme` prop overrides `theme`.
#[component]
pub fn WidgetView(
    widget: Value,
    #[prop(default = WidgetTheme::Light)] theme: WidgetTheme,
) -> impl IntoView {
    let theme = match s(&widget, "theme") {
        Some("dark") => WidgetTheme::Dark,
        Some("light") => WidgetTheme::Light,
        _ => theme,
    };
    let ctx = Ctx {
        theme,
        in_form: false,
    };
    view! {
        <div class="wgt" data-theme=theme.as_str()>
            {node(&widget, ctx)}
        </div>
    }
}

/// Layout props shared by Box/Row/Col/Form/ListViewItem.
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

fn size_token(v: &Value, allowed: &[&str], default: &'static str) -> String {
    s(v, "size")
        .filter(|x| allowed.contains(x))
        .unwrap_or(default)
        .to_string()
}

/// Renders one component.
fn node(v: &Value, ctx: Ctx) -> AnyView {
    let ty = s(v, "type").unwrap_or("");
    match ty {
        "Card" => card(v, ctx),
        "ListView" => list_view(v, ctx),
        "Basic" | "Transition" => {
            let kids: Vec<AnyView> = children(v).into_iter().map(|c| node(c, ctx)).collect();
            view! { <div class=format!("wgt-{}", ty.to_lowercase())>{kids}</div> }.into_any()
        }
        "Box" | "Row" | "Col" | "ListViewItem" => container(v, ctx, ty),
        "Form" => form(v, ctx),
        "Text" => text(v, ctx),
        "Title" => {
            let size = size_token(v, spec::TITLE_SIZE, "md");
            let st = text_style(v, ctx, "emphasis");
            view! { <h3 class="wgt-title" data-size=size style=st.into_string()>{s(v, "value").unwrap_or("").to_string()}</h3> }.into_any()
        }
        "Caption" => {
            let size = size_token(v, spec::CAPTION_SIZE, "md");
            let st = text_style(v, ctx, "secondary");
            view! { <p class="wgt-caption" data-size=size style=st.into_string()>{s(v, "value").unwrap_or("").to_string()}</p> }.into_any()
        }
        "Label" => {
            let size = size_token(v, spec::TEXT_SIZE, "sm");
            let st = text_style(v, ctx, "prose");
            view! { <label class="wgt-label" data-size=size for=s(v, "fieldName").unwrap_or("").to_string() style=st.into_string()>{s(v, "value").unwrap_or("").to_string()}</label> }.into_any()
        }
        "Markdown" => {
            // Issue 5 renders CommonMark; until then the source shows as escaped text.
            view! { <div class="wgt-markdown"><p style="white-space:pre-wrap">{s(v, "value").unwrap_or("").to_string()}</p></div> }.into_any()
        }
        "Badge" => {
            let color = s(v, "color")
                .filter(|c| spec::BADGE_COLOR.contains(c))
                .unwrap_or("secondary")
                .to_string();
            let variant = s(v, "variant")
                .filter(|c| spec::BADGE_VARIANT.contains(c))
                .unwrap_or("soft")
                .to_string();
            let size = size_token(v, spec::CAPTION_SIZE, "sm");
            view! { <span class="wgt-badge" data-color=color data-variant=variant data-size=size data-pill=b(v, "pill").to_string()>{s(v, "label").unwrap_or("").to_string()}</span> }.into_any()
        }
        "Button" => button(v, ctx),
        "Image" => image(v, ctx),
        "Icon" => {
            let name = s(v, "name").unwrap_or("").to_string();
            let size = size_token(v, spec::ICON_SIZE, "md");
            let mut st = Style::new();
            if let Some(c) = v
                .get("color")
                .and_then(|c| themed(c, ctx.theme))
                .and_then(style::text_color)
            {
                st.set("color", &c);
            }
            view! { <span class="wgt-icon" role="img" aria-label=name.clone() data-icon=name data-size=size style=st.into_string()></span> }.into_any()
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
            view! { <hr class="wgt-divider" data-flush=b(v, "flush").to_string() style=st.into_string() /> }.into_any()
        }
        "Spacer" => {
            let mut st = Style::new();
            st.set("flex", "1 1 auto");
            if let Some(m) = v.get("minSize").and_then(style::size) {
                st.set("min-width", &m).set("min-height", &m);
            }
            view! { <div class="wgt-spacer" aria-hidden="true" style=st.into_string()></div> }
                .into_any()
        }
        "Select" => {
            let name = s(v, "name").unwrap_or("").to_string();
            let default = s(v, "defaultValue").unwrap_or("").to_string();
            let placeholder = s(v, "placeholder").unwrap_or("Select…").to_string();
            let options: Vec<AnyView> = v
                .get("options")
                .and_then(Value::as_array)
                .map(|opts| {
                    opts.iter()
                        .map(|o| {
                            let value = s(o, "value").unwrap_or("").to_string();
                            let selected = value == default;
                            view! { <option value=value disabled=b(o, "disabled") selected=selected>{s(o, "label").unwrap_or("").to_string()}</option> }.into_any()
                        })
                        .collect()
                })
                .unwrap_or_default();
            view! {
                <select class="wgt-select" name=name.clone() aria-label=name disabled=b(v, "disabled") data-block=b(v, "block").to_string()>
                    <option value="" disabled=true selected=default.is_empty()>{placeholder}</option>
                    {options}
                </select>
            }
            .into_any()
        }
        "DatePicker" => {
            let name = s(v, "name").unwrap_or("").to_string();
            let date = |k: &str| {
                s(v, k)
                    .map(|d| d.chars().take(10).collect::<String>())
                    .unwrap_or_default()
            };
            view! { <input class="wgt-input" type="date" name=name.clone() aria-label=name value=date("defaultValue") min=date("min") max=date("max") disabled=b(v, "disabled") /> }.into_any()
        }
        "Checkbox" => {
            let name = s(v, "name").unwrap_or("").to_string();
            view! {
                <label class="wgt-checkbox">
                    <input type="checkbox" name=name checked=b(v, "defaultChecked") disabled=b(v, "disabled") required=b(v, "required") />
                    <span>{s(v, "label").unwrap_or("").to_string()}</span>
                </label>
            }
            .into_any()
        }
        "Input" => {
            let name = s(v, "name").unwrap_or("").to_string();
            let kind = s(v, "inputType")
                .filter(|t| spec::INPUT_TYPE.contains(t))
                .unwrap_or("text")
                .to_string();
            view! { <input class="wgt-input" type=kind name=name.clone() aria-label=name value=s(v, "defaultValue").unwrap_or("").to_string() placeholder=s(v, "placeholder").unwrap_or("").to_string() required=b(v, "required") disabled=b(v, "disabled") /> }.into_any()
        }
        "Textarea" => {
            let name = s(v, "name").unwrap_or("").to_string();
            let rows = v
                .get("rows")
                .and_then(Value::as_u64)
                .filter(|r| (1..=50).contains(r))
                .unwrap_or(3)
                .to_string();
            view! { <textarea class="wgt-textarea" name=name.clone() aria-label=name rows=rows placeholder=s(v, "placeholder").unwrap_or("").to_string() required=b(v, "required") disabled=b(v, "disabled")>{s(v, "defaultValue").unwrap_or("").to_string()}</textarea> }.into_any()
        }
        "RadioGroup" => {
            let name = s(v, "name").unwrap_or("").to_string();
            let default = s(v, "defaultValue").unwrap_or("").to_string();
            let dir = if s(v, "direction") == Some("row") {
                "row"
            } else {
                "column"
            };
            let options: Vec<AnyView> = v
                .get("options")
                .and_then(Value::as_array)
                .map(|opts| {
                    opts.iter()
                        .map(|o| {
                            let value = s(o, "value").unwrap_or("").to_string();
                            let checked = value == default;
                            view! {
                                <label class="wgt-radio">
                                    <input type="radio" name=name.clone() value=value checked=checked disabled=b(o, "disabled") />
                                    <span>{s(o, "label").unwrap_or("").to_string()}</span>
                                </label>
                            }
                            .into_any()
                        })
                        .collect()
                })
                .unwrap_or_default();
            view! {
                <fieldset class="wgt-radiogroup" style=format!("display:flex;flex-direction:{dir};gap:8px")>
                    <legend class="wgt-sr-only">{s(v, "ariaLabel").unwrap_or(&name).to_string()}</legend>
                    {options}
                </fieldset>
            }
            .into_any()
        }
        "Chart" => {
            // Issue 5 draws the series as SVG; until then a labelled placeholder of the right size.
            let mut st = Style::new();
            st.set(
                "height",
                &v.get("height")
                    .and_then(style::size)
                    .unwrap_or_else(|| "200px".into()),
            );
            view! { <div class="wgt-chart" role="img" aria-label="Chart" style=st.into_string()></div> }.into_any()
        }
        _ => {
            // Unknown components render as a visible, neutral placeholder (the validator reports them).
            view! { <div class="wgt-unknown" data-type=ty.to_string()>{format!("Unknown component {ty}")}</div> }.into_any()
        }
    }
}

fn card(v: &Value, ctx: Ctx) -> AnyView {
    let size = size_token(v, spec::CARD_SIZE, "md");
    let mut st = Style::new();
    match v.get("padding") {
        Some(p) => {
            let mut inner = Style::new();
            box_style(&serde_json::json!({"padding": p}), ctx, &mut inner);
            st = inner;
        }
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
    let as_form = b(v, "asForm");
    let ctx = Ctx {
        in_form: ctx.in_form || as_form,
        ..ctx
    };
    let status = status(v);
    let collapsed = b(v, "collapsed");
    let kids: Vec<AnyView> = if collapsed {
        Vec::new()
    } else {
        children(v).into_iter().map(|c| node(c, ctx)).collect()
    };
    let actions = {
        let confirm = v
            .get("confirm")
            .and_then(|c| s(c, "label"))
            .map(str::to_string);
        let cancel = v
            .get("cancel")
            .and_then(|c| s(c, "label"))
            .map(str::to_string);
        (confirm.is_some() || cancel.is_some()).then(|| {
            view! {
                <div class="wgt-card-actions">
                    {cancel.map(|l| view! { <button type="button" class="wgt-button" data-variant="outline" data-color="secondary">{l}</button> })}
                    {confirm.map(|l| view! { <button type=if as_form { "submit" } else { "button" } class="wgt-button" data-variant="solid" data-color="primary">{l}</button> })}
                </div>
            }
        })
    };
    let body = view! { <div class="wgt-card-body" style=st.into_string()>{kids}</div> };
    if as_form {
        view! { <form class="wgt-card" data-size=size data-collapsed=collapsed.to_string() onsubmit="return false">{status}{body}{actions}</form> }.into_any()
    } else {
        view! { <div class="wgt-card" data-size=size data-collapsed=collapsed.to_string()>{status}{body}{actions}</div> }.into_any()
    }
}

fn status(v: &Value) -> Option<AnyView> {
    let st = v.get("status")?;
    let text = s(st, "text")?.to_string();
    let favicon = s(st, "favicon").and_then(style::safe_image_url);
    let icon = s(st, "icon").map(str::to_string);
    Some(
        view! {
            <div class="wgt-status">
                {favicon.map(|src| view! { <img class="wgt-favicon" src=src alt="" width="16" height="16" /> })}
                {icon.map(|name| view! { <span class="wgt-icon" data-icon=name data-size="sm" aria-hidden="true"></span> })}
                <span>{text}</span>
            </div>
        }
        .into_any(),
    )
}

fn list_view(v: &Value, ctx: Ctx) -> AnyView {
    let items = children(v);
    let limit = match v.get("limit") {
        Some(Value::Number(n)) => n.as_u64().map(|n| n as usize),
        Some(Value::String(a)) if a == "auto" => Some(5),
        _ => None,
    };
    let status = status(v);
    let (shown, more) = match limit {
        Some(l) if items.len() > l => items.split_at(l),
        _ => (&items[..], &[][..]),
    };
    let shown: Vec<AnyView> = shown.iter().map(|c| node(c, ctx)).collect();
    // "Show more" works without JavaScript: the rest sits in a <details>.
    let more = (!more.is_empty()).then(|| {
        let n = more.len();
        let rest: Vec<AnyView> = more.iter().map(|c| node(c, ctx)).collect();
        view! {
            <details class="wgt-more">
                <summary class="wgt-more-toggle">{format!("Show {n} more")}</summary>
                {rest}
            </details>
        }
    });
    view! { <div class="wgt-listview" role="list">{status}{shown}{more}</div> }.into_any()
}

fn container(v: &Value, ctx: Ctx, ty: &str) -> AnyView {
    let default_dir = if ty == "Row" || ty == "ListViewItem" {
        "row"
    } else {
        "column"
    };
    let mut st = layout_style(v, ctx, default_dir);
    if ty == "ListViewItem" && s(v, "align").is_none() {
        st.set("align-items", "center");
    }
    let kids: Vec<AnyView> = children(v).into_iter().map(|c| node(c, ctx)).collect();
    let class = format!("wgt-{}", ty.to_lowercase());
    let clickable = ty == "ListViewItem" && v.get("onClickAction").is_some_and(Value::is_object);
    if clickable {
        view! { <div class=class role="button" tabindex="0" data-action="true" style=st.into_string()>{kids}</div> }.into_any()
    } else if ty == "ListViewItem" {
        view! { <div class=class role="listitem" style=st.into_string()>{kids}</div> }.into_any()
    } else {
        view! { <div class=class style=st.into_string()>{kids}</div> }.into_any()
    }
}

fn form(v: &Value, ctx: Ctx) -> AnyView {
    let st = layout_style(v, ctx, "column");
    let inner = Ctx {
        in_form: true,
        ..ctx
    };
    let kids: Vec<AnyView> = children(v).into_iter().map(|c| node(c, inner)).collect();
    if ctx.in_form {
        // Forms cannot nest in HTML.
        view! { <div class="wgt-form" role="group" style=st.into_string()>{kids}</div> }.into_any()
    } else {
        view! { <form class="wgt-form" onsubmit="return false" style=st.into_string()>{kids}</form> }.into_any()
    }
}

fn text(v: &Value, ctx: Ctx) -> AnyView {
    let size = size_token(v, spec::TEXT_SIZE, "md");
    let st = text_style(v, ctx, "prose");
    let value = s(v, "value").unwrap_or("").to_string();
    if let Some(ed) = v.get("editable").filter(|e| e.is_object()) {
        let name = s(ed, "name").unwrap_or("").to_string();
        return view! {
            <input class="wgt-text wgt-text-editable" data-size=size type="text" name=name.clone() aria-label=name value=value placeholder=s(ed, "placeholder").unwrap_or("").to_string() required=b(ed, "required") style=st.into_string() />
        }
        .into_any();
    }
    view! { <p class="wgt-text" data-size=size style=st.into_string()>{value}</p> }.into_any()
}

fn button(v: &Value, ctx: Ctx) -> AnyView {
    let color = s(v, "color")
        .or_else(|| s(v, "style"))
        .filter(|c| spec::BUTTON_COLOR.contains(c))
        .unwrap_or("secondary")
        .to_string();
    let variant = s(v, "variant")
        .filter(|c| spec::CONTROL_VARIANT.contains(c))
        .unwrap_or("solid")
        .to_string();
    let size = size_token(v, spec::CONTROL_SIZE, "md");
    let submit = b(v, "submit") && ctx.in_form;
    let label = s(v, "label").map(str::to_string);
    let aria = label
        .clone()
        .or_else(|| {
            s(v, "iconStart")
                .or_else(|| s(v, "iconEnd"))
                .map(str::to_string)
        })
        .unwrap_or_else(|| "Button".into());
    let icon = |k: &str| {
        s(v, k).map(
            |n| view! { <span class="wgt-icon" data-icon=n.to_string() aria-hidden="true"></span> },
        )
    };
    view! {
        <button
            type=if submit { "submit" } else { "button" }
            class="wgt-button"
            data-color=color
            data-variant=variant
            data-size=size
            data-pill=b(v, "pill").to_string()
            data-block=b(v, "block").to_string()
            data-uniform=b(v, "uniform").to_string()
            aria-label=aria
            disabled=b(v, "disabled")
        >
            {icon("iconStart")}
            {label.map(|l| view! { <span>{l}</span> })}
            {icon("iconEnd")}
        </button>
    }
    .into_any()
}

fn image(v: &Value, ctx: Ctx) -> AnyView {
    let mut st = Style::new();
    box_style(v, ctx, &mut st);
    if let Some(fit) = s(v, "fit").filter(|f| spec::IMAGE_FIT.contains(f)) {
        st.set("object-fit", fit);
    }
    if let Some(pos) = s(v, "position").filter(|p| spec::IMAGE_POSITION.contains(p)) {
        st.set("object-position", pos);
    }
    let alt = s(v, "alt").unwrap_or("").to_string();
    match s(v, "src").and_then(style::safe_image_url) {
        Some(src) => view! { <img class="wgt-image" src=src alt=alt data-frame=b(v, "frame").to_string() loading="lazy" style=st.into_string() /> }.into_any(),
        None => view! { <div class="wgt-image wgt-image-blocked" role="img" aria-label=alt style=st.into_string()></div> }.into_any(),
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;
    use serde_json::json;

    fn html(widget: Value, theme: WidgetTheme) -> String {
        let owner = Owner::new();
        owner.with(|| view! { <WidgetView widget=widget theme=theme /> }.to_html())
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
          {"type": "Chart", "data": [{"m": "Jan", "v": 1}], "series": [{"type": "bar", "dataKey": "v", "label": "V"}], "xAxis": "m", "height": 120}
        ]})
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
            "<h3 data-size=\"lg\"",
            "class=\"wgt-title\"",
            "class=\"wgt-badge\"",
            "data-color=\"success\"",
            "display:flex;flex-direction:row;align-items:center;justify-content:space-between;gap:8px",
            "padding-left:16px;padding-right:16px;padding-top:8px;padding-bottom:8px",
            "border:1px dashed var(--wgt-blue-500);",
            "background:var(--wgt-gray-50);",
            "-webkit-line-clamp:2",
            "color:var(--wgt-text-secondary)",
            "src=\"https://example.com/a.png\"",
            "alt=\"A\"",
            "class=\"wgt-divider\"",
            "role=\"group\"",
            "for=\"email\"",
            "type=\"email\"",
            "<textarea name=\"msg\"",
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
        ] {
            assert!(out.contains(needle), "missing {needle}\n{out}");
        }
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
}
