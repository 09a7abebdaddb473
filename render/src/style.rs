//! Widget props → safe CSS, for the preview renderer.
//!
//! Widget values never become class names (Tailwind cannot see runtime strings) and never
//! reach CSS unchecked: every value passes a whitelist parser, colours become design-token
//! variables (`var(--wgt-blue-500)`), spacing numbers use the ChatKit scale (1 = 4px), and
//! URLs must be http(s) or `data:image/…`.

use std::fmt::Write as _;

pub use widget::tokens::{BORDER_TOKENS, PALETTE, SHADES, SURFACE_TOKENS, TEXT_TOKENS};

/// The comment at the top of `style/widget-tokens.css`.
const TOKENS_HEADER: &str =
    "/* Design tokens of the widget preview, as CSS custom properties. GENERATED from the one
   table in widget/src/tokens.rs by render::style::tokens_css(); do not edit by hand: change
   the table, then `WS_WRITE_TOKENS=1 cargo test -p render tokens_css` rewrites this file.
   A widget root carries .wgt and data-theme=\"light\"|\"dark\"; ThemeColor values and the
   widget's own `theme` prop pick between them. The badge and button rules at the end bind
   each colour's four tokens (solid fill, text on it, soft fill, text) to short names. */
";

/// The widget token stylesheet (`style/widget-tokens.css`), generated from
/// [`widget::tokens::table`]: every token as a custom property of `.wgt`, the dark theme's
/// differences under `.wgt[data-theme="dark"]`, then the badge and button colour bindings.
pub fn tokens_css() -> String {
    let table = widget::tokens::table();
    let mut out = String::from(TOKENS_HEADER);
    out.push_str(".wgt {\n");
    for t in table {
        let _ = writeln!(out, "  --wgt-{}: {};", t.name, t.light.css());
    }
    out.push_str("  color: var(--wgt-text-prose);\n  color-scheme: light;\n}\n");
    out.push_str(".wgt[data-theme=\"dark\"] {\n");
    for t in table.iter().filter(|t| t.dark != t.light) {
        let _ = writeln!(out, "  --wgt-{}: {};", t.name, t.dark.css());
    }
    out.push_str("  color-scheme: dark;\n}\n");
    for (what, short, colors) in [
        ("badge", "badge", widget::spec::BADGE_COLOR),
        ("button", "btn", widget::spec::BUTTON_COLOR),
    ] {
        for c in colors {
            let _ = write!(out, ".wgt-{what}[data-color=\"{c}\"] {{");
            for part in ["solid", "on-solid", "soft", "text"] {
                let _ = write!(out, " --{short}-{part}: var(--wgt-{what}-{c}-{part});");
            }
            out.push_str(" }\n");
        }
    }
    out
}

/// An inline style being built.
#[derive(Default, Debug, Clone, PartialEq)]
pub struct Style(String);

impl Style {
    pub fn new() -> Style {
        Style(String::new())
    }
    /// Adds `prop: value;` (the value must already be safe).
    pub fn set(&mut self, prop: &str, value: &str) -> &mut Self {
        let _ = write!(self.0, "{prop}:{value};");
        self
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
    /// The declarations, without the last `;` (Leptos adds one).
    pub fn into_string(mut self) -> String {
        if self.0.ends_with(';') {
            self.0.pop();
        }
        self.0
    }
}

/// Is this a colour token name (`blue-500`, `alpha-10`, `secondary`, `surface`…)?
fn palette_token(name: &str) -> Option<String> {
    if let Some(n) = name.strip_prefix("alpha-")
        && let Ok(v) = n.parse::<u8>()
        && v <= 100
    {
        return Some(format!("var(--wgt-alpha-{v})"));
    }
    let (color, shade) = name.rsplit_once('-')?;
    let shade: u16 = shade.parse().ok()?;
    (PALETTE.contains(&color) && SHADES.contains(&shade))
        .then(|| format!("var(--wgt-{color}-{shade})"))
}

/// A colour for text: a text token, a palette token or a safe CSS colour.
pub fn text_color(value: &str) -> Option<String> {
    if TEXT_TOKENS.contains(&value) {
        return Some(format!("var(--wgt-text-{value})"));
    }
    palette_token(value).or_else(|| css_color(value))
}

/// A colour for backgrounds: a surface token, a palette token, a safe CSS colour or gradient.
pub fn background(value: &str) -> Option<String> {
    if SURFACE_TOKENS.contains(&value) {
        return Some(format!("var(--wgt-{value})"));
    }
    palette_token(value)
        .or_else(|| css_color(value))
        .or_else(|| css_gradient(value))
}

/// A colour for borders: a border token, a palette token or a safe CSS colour.
pub fn border_color(value: &str) -> Option<String> {
    if BORDER_TOKENS.contains(&value) {
        return Some(format!("var(--wgt-border-{value})"));
    }
    palette_token(value).or_else(|| css_color(value))
}

/// Safe CSS colours: `#rgb[a]`, `#rrggbb[aa]`, `rgb()/rgba()/hsl()/hsla()/oklch()` with
/// numeric arguments, and named colours (letters only).
pub fn css_color(v: &str) -> Option<String> {
    let v = v.trim();
    if let Some(hex) = v.strip_prefix('#') {
        return (matches!(hex.len(), 3 | 4 | 6 | 8) && hex.bytes().all(|b| b.is_ascii_hexdigit()))
            .then(|| v.to_string());
    }
    if let Some((func, rest)) = v.split_once('(') {
        let func = func.trim().to_ascii_lowercase();
        if !matches!(
            func.as_str(),
            "rgb" | "rgba" | "hsl" | "hsla" | "oklch" | "oklab" | "lab" | "lch"
        ) {
            return None;
        }
        let args = rest.strip_suffix(')')?;
        return args
            .bytes()
            .all(|b| {
                b.is_ascii_digit()
                    || matches!(
                        b,
                        b'.' | b','
                            | b' '
                            | b'%'
                            | b'/'
                            | b'-'
                            | b'd'
                            | b'e'
                            | b'g'
                            | b'r'
                            | b'a'
                            | b'n'
                            | b't'
                    )
            })
            .then(|| format!("{func}({args})"));
    }
    (!v.is_empty() && v.len() <= 32 && v.bytes().all(|b| b.is_ascii_alphabetic()))
        .then(|| v.to_ascii_lowercase())
}

/// `linear-gradient(…)`/`radial-gradient(…)`/`conic-gradient(…)` whose arguments are angles,
/// positions, percentages and safe colours only.
pub fn css_gradient(v: &str) -> Option<String> {
    let v = v.trim();
    let (func, rest) = v.split_once('(')?;
    let func = func.trim();
    if !widget::tokens::GRADIENTS.contains(&func) {
        return None;
    }
    let inner = rest.strip_suffix(')')?;
    // Split on commas at depth 0 and check each part's words.
    let mut depth = 0;
    let mut parts = Vec::new();
    let mut cur = String::new();
    for c in inner.chars() {
        match c {
            '(' => {
                depth += 1;
                cur.push(c);
            }
            ')' => {
                if depth == 0 {
                    return None;
                }
                depth -= 1;
                cur.push(c);
            }
            ',' if depth == 0 => parts.push(std::mem::take(&mut cur)),
            c => cur.push(c),
        }
    }
    parts.push(cur);
    for part in &parts {
        for word in split_words(part) {
            let ok = css_color(&word).is_some()
                || palette_token(&word).is_some()
                || css_length(&word).is_some()
                || word
                    .strip_suffix("deg")
                    .or_else(|| word.strip_suffix("turn"))
                    .is_some_and(|n| n.parse::<f64>().is_ok())
                || matches!(
                    word.as_str(),
                    "to" | "top"
                        | "bottom"
                        | "left"
                        | "right"
                        | "center"
                        | "circle"
                        | "ellipse"
                        | "at"
                        | "from"
                        | "in"
                        | "closest-side"
                        | "farthest-corner"
                );
            if !ok {
                return None;
            }
        }
    }
    let rebuilt: Vec<String> = parts
        .iter()
        .map(|p| {
            split_words(p)
                .into_iter()
                .map(|w| palette_token(&w).unwrap_or(w))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    Some(format!("{func}({})", rebuilt.join(", ")))
}

/// Words of a CSS value, keeping function calls (`rgb(1, 2, 3)`) together.
fn split_words(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut depth = 0;
    for c in s.chars() {
        match c {
            '(' => {
                depth += 1;
                cur.push(c);
            }
            ')' => {
                depth -= 1;
                cur.push(c);
            }
            c if c.is_whitespace() && depth == 0 => {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
            }
            c => cur.push(c),
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// A safe CSS length: a number with a unit (`px em rem % vh vw ch`), `auto`, or a bare 0.
pub fn css_length(v: &str) -> Option<String> {
    let v = v.trim();
    if matches!(
        v,
        "auto" | "0" | "fit-content" | "min-content" | "max-content"
    ) {
        return Some(v.to_string());
    }
    for unit in ["px", "rem", "em", "%", "vh", "vw", "ch", "svh", "dvh"] {
        if let Some(n) = v.strip_suffix(unit)
            && !n.is_empty()
            && n.parse::<f64>().is_ok_and(f64::is_finite)
        {
            return Some(v.to_string());
        }
    }
    None
}

/// A spacing value: a number on the ChatKit scale (1 = 4px) or a safe CSS length.
pub fn spacing(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::Number(n) => n.as_f64().filter(|f| f.is_finite()).map(|f| px(f * 4.0)),
        serde_json::Value::String(s) => css_length(s),
        _ => None,
    }
}

/// A size: a number of pixels or a safe CSS length.
pub fn size(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::Number(n) => n.as_f64().filter(|f| f.is_finite() && *f >= 0.0).map(px),
        serde_json::Value::String(s) => css_length(s),
        _ => None,
    }
}

fn px(f: f64) -> String {
    if f.fract() == 0.0 {
        format!("{}px", f as i64)
    } else {
        format!("{f}px")
    }
}

/// Radius tokens → CSS.
pub fn radius(token: &str) -> Option<&'static str> {
    Some(match token {
        "none" => "0",
        "2xs" => "2px",
        "xs" => "4px",
        "sm" => "6px",
        "md" => "8px",
        "lg" => "10px",
        "xl" => "12px",
        "2xl" => "16px",
        "3xl" => "24px",
        "4xl" => "32px",
        "full" => "9999px",
        "100%" => "100%",
        _ => return None,
    })
}

/// A URL that may load an image: http(s); a path on the page's own origin (`/gallery/a.svg`,
/// as the gallery's and uploaded images are; protocol-relative `//host` excluded); or
/// `data:image/*` (not SVG, which can carry script when opened on its own).
pub fn safe_image_url(u: &str) -> Option<String> {
    // A studio asset (`asset:<sha256>`) is drawn from where the studio serves it.
    if let Some(id) = widget::asset::parse_ref(u) {
        return Some(widget::asset::studio_url(id));
    }
    let t = u.trim();
    let lower = t.to_ascii_lowercase();
    let plain = || {
        !t.chars()
            .any(|c| c.is_control() || c == '"' || c == '<' || c == '>' || c.is_whitespace())
    };
    if lower.starts_with("https://") || lower.starts_with("http://") {
        return plain().then(|| t.to_string());
    }
    if t.starts_with('/') && !t.starts_with("//") && !t.starts_with("/\\") && !t.contains('\\') {
        return plain().then(|| t.to_string());
    }
    if let Some(rest) = lower.strip_prefix("data:image/") {
        let mime = rest.split([';', ',']).next().unwrap_or("");
        return matches!(mime, "png" | "jpeg" | "jpg" | "gif" | "webp" | "avif")
            .then(|| t.to_string());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn tokens_become_variables() {
        assert_eq!(
            text_color("secondary").unwrap(),
            "var(--wgt-text-secondary)"
        );
        assert_eq!(text_color("blue-500").unwrap(), "var(--wgt-blue-500)");
        assert_eq!(
            background("surface-secondary").unwrap(),
            "var(--wgt-surface-secondary)"
        );
        assert_eq!(border_color("subtle").unwrap(), "var(--wgt-border-subtle)");
        assert_eq!(background("alpha-10").unwrap(), "var(--wgt-alpha-10)");
        assert!(text_color("blue-550").is_none());
    }

    #[test]
    fn css_values_are_whitelisted() {
        assert_eq!(css_color("#06b6d4").unwrap(), "#06b6d4");
        assert_eq!(css_color("rgb(1, 2, 3)").unwrap(), "rgb(1, 2, 3)");
        assert_eq!(css_color("Tomato").unwrap(), "tomato");
        for evil in [
            "red; background:url(javascript:alert(1))",
            "expression(alert(1))",
            "url(https://evil.example/x.png)",
            "red}body{display:none",
            "rgb(1,2,3);x:y",
            "#12345g",
            "var(--x)",
            "\"red\"",
        ] {
            assert!(css_color(evil).is_none(), "{evil}");
            assert!(background(evil).is_none(), "{evil}");
        }
        assert_eq!(
            background("linear-gradient(135deg, #fff6d9 0%, #ceb0fb 100%)").unwrap(),
            "linear-gradient(135deg, #fff6d9 0%, #ceb0fb 100%)"
        );
        assert_eq!(
            background("linear-gradient(to right, blue-500, rgb(0, 0, 0) 50%)").unwrap(),
            "linear-gradient(to right, var(--wgt-blue-500), rgb(0, 0, 0) 50%)"
        );
        assert!(background("linear-gradient(red, url(x))").is_none());
        assert!(background("linear-gradient(red, blue));color:red;(").is_none());
    }

    #[test]
    fn lengths_and_spacing() {
        assert_eq!(spacing(&json!(4)).unwrap(), "16px");
        assert_eq!(spacing(&json!(0.5)).unwrap(), "2px");
        assert_eq!(spacing(&json!("1.5rem")).unwrap(), "1.5rem");
        assert!(spacing(&json!("10px; color: red")).is_none());
        assert_eq!(size(&json!(120)).unwrap(), "120px");
        assert_eq!(size(&json!("100%")).unwrap(), "100%");
        assert!(size(&json!(-1)).is_none());
        assert_eq!(radius("full"), Some("9999px"));
    }

    #[test]
    fn urls() {
        assert!(safe_image_url("https://i.imgur.com/x.jpeg").is_some());
        assert!(safe_image_url("data:image/png;base64,AAAA").is_some());
        assert!(safe_image_url("data:image/svg+xml,<svg onload=alert(1)>").is_none());
        let id = "ab".repeat(32);
        assert_eq!(
            safe_image_url(&format!(" asset:{id}")).as_deref(),
            Some(format!("/assets/{id}").as_str())
        );
        assert!(safe_image_url("asset:../../x").is_none());
        assert!(safe_image_url(&format!("asset:{id}\" onerror=\"x")).is_none());
        assert!(safe_image_url("javascript:alert(1)").is_none());
        assert!(safe_image_url(" JAVASCRIPT:alert(1)").is_none());
        assert!(safe_image_url("//evil.example/x.png").is_none());
        assert!(safe_image_url("/\\evil.example/x.png").is_none());
        assert!(safe_image_url("/a\\b.png").is_none());
        assert_eq!(
            safe_image_url(" /static/img/recipe-hero.png").as_deref(),
            Some("/static/img/recipe-hero.png")
        );
        assert!(safe_image_url("/x.png\" onerror=\"alert(1)").is_none());
        assert!(safe_image_url("gallery/x.png").is_none());
        assert!(safe_image_url("https://x.y/a\" onerror=\"alert(1)").is_none());
        // Links: one rule for the whole renderer (markdown::safe_link), http(s) only.
        assert!(super::super::markdown::safe_link("https://example.com/a"));
        assert!(!super::super::markdown::safe_link("mailto:a@b.c"));
        assert!(!super::super::markdown::safe_link("vbscript:x"));
    }
}

#[cfg(test)]
mod token_sheet {
    use std::collections::BTreeSet;

    const TOKENS_CSS: &str = include_str!("../../style/widget-tokens.css");
    const PREVIEW_CSS: &str = include_str!("../../style/widget-preview.css");

    /// `style/widget-tokens.css` is the table in `widget::tokens`, written out. With
    /// `WS_WRITE_TOKENS=1` the test rewrites the file instead of failing.
    #[test]
    fn tokens_css_is_generated_from_the_table() {
        let want = super::tokens_css();
        if TOKENS_CSS != want {
            if std::env::var_os("WS_WRITE_TOKENS").is_some() {
                let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../style/widget-tokens.css");
                std::fs::write(path, &want).unwrap();
                return;
            }
            panic!(
                "style/widget-tokens.css differs from widget::tokens; run `WS_WRITE_TOKENS=1 cargo test -p render tokens_css`"
            );
        }
    }

    /// The names of the custom properties a stylesheet or source defines and uses.
    fn defined(css: &str) -> BTreeSet<String> {
        css.match_indices("--")
            .filter_map(|(i, _)| {
                let rest = &css[i + 2..];
                let end = rest.find(':')?;
                let name = &rest[..end];
                (!name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
                    .then(|| name.to_string())
            })
            .collect()
    }

    fn used(text: &str) -> BTreeSet<String> {
        text.match_indices("var(--")
            .map(|(i, _)| {
                let rest = &text[i + 6..];
                let end = rest
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
                    .unwrap_or(rest.len());
                rest[..end].to_string()
            })
            // `var(--wgt-{color}-{shade})` in a format string: built from the table's names.
            .filter(|n| !n.is_empty() && !n.ends_with('-'))
            .collect()
    }

    /// Every token the style functions can emit, and every variable the component styles and
    /// the renderer use, is defined, in both themes where it differs.
    #[test]
    fn every_used_variable_is_defined() {
        let have = defined(TOKENS_CSS)
            .into_iter()
            .chain(defined(PREVIEW_CSS))
            .collect::<BTreeSet<_>>();
        let sources = [
            PREVIEW_CSS,
            include_str!("render.rs"),
            include_str!("chart.rs"),
        ];
        for src in sources {
            for name in used(src) {
                assert!(have.contains(&name), "--{name} is used but not defined");
            }
        }
        for c in super::PALETTE {
            for s in super::SHADES {
                assert!(have.contains(&format!("wgt-{c}-{s}")), "{c}-{s}");
            }
        }
        for t in super::TEXT_TOKENS {
            assert!(have.contains(&format!("wgt-text-{t}")), "{t}");
        }
        for t in super::SURFACE_TOKENS {
            assert!(have.contains(&format!("wgt-{t}")), "{t}");
        }
        for t in super::BORDER_TOKENS {
            assert!(have.contains(&format!("wgt-border-{t}")), "{t}");
        }
        let (_, dark) = TOKENS_CSS.split_once(".wgt[data-theme=\"dark\"]").unwrap();
        assert!(dark.contains("--wgt-text-tertiary:") && dark.contains("--wgt-surface:"));
    }

    /// Both stylesheets are well-formed: comments close where they should (a `*/` inside a
    /// comment once swallowed the badge rules), and braces balance.
    #[test]
    fn stylesheets_are_well_formed() {
        for (name, css) in [
            ("widget-tokens.css", TOKENS_CSS),
            ("widget-preview.css", PREVIEW_CSS),
        ] {
            let mut rest = css;
            let mut code = String::new();
            while let Some(i) = rest.find("/*") {
                code.push_str(&rest[..i]);
                let end = rest[i + 2..]
                    .find("*/")
                    .unwrap_or_else(|| panic!("{name}: unclosed comment"));
                rest = &rest[i + 2 + end + 2..];
            }
            code.push_str(rest);
            assert!(!code.contains("*/"), "{name}: `*/` outside a comment");
            let mut depth = 0i32;
            for c in code.chars() {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    _ => {}
                }
                assert!((0..=2).contains(&depth), "{name}: unbalanced braces");
            }
            assert_eq!(depth, 0, "{name}: unbalanced braces");
            // Every rule of the component styles names a selector of ours.
            for rule in code.split('}').map(str::trim).filter(|r| r.contains('{')) {
                let selector = rule.split('{').next().unwrap_or("").trim();
                assert!(
                    selector.contains(".wgt")
                        || selector.starts_with('@')
                        || selector.starts_with("from")
                        || selector.starts_with("to"),
                    "{name}: odd selector `{selector}`"
                );
            }
        }
    }

    /// The component styles draw text at the sizes `widget::tokens::font_px` says (the lint's
    /// smallest-readable-size rule reads that table).
    #[test]
    fn font_sizes_follow_the_table() {
        for (component, size, px) in widget::tokens::font_sizes() {
            let class = format!("wgt-{}", component.to_ascii_lowercase());
            let rule = format!(".{class}[data-size=\"{size}\"] {{ font-size: {px}px;");
            assert!(PREVIEW_CSS.contains(&rule), "missing `{rule}`");
        }
    }
}
