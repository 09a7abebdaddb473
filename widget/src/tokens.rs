//! Design tokens: the one table of the colours and text sizes widgets are drawn with.
//!
//! The renderer writes this table out as CSS custom properties (`style/widget-tokens.css` is
//! generated from it, and a `render` test fails when the file and the table disagree); the
//! accessibility lint ([`crate::lint`]) resolves a designer's colours through the same table.
//! So "what the preview shows" and "what the lint checks" cannot drift apart.
//!
//! Every default pair the table produces (text on its surface, badge and button text on their
//! fills, captions, secondary text, links, disabled controls, field borders, focus rings, chart
//! series) reaches WCAG AA in both themes: the tests below compute each pair's contrast.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

/// The theme a widget is drawn in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Theme {
    #[default]
    Light,
    Dark,
}

impl Theme {
    pub const ALL: [Theme; 2] = [Theme::Light, Theme::Dark];

    pub fn as_str(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    pub fn parse(s: &str) -> Option<Theme> {
        match s {
            "light" => Some(Theme::Light),
            "dark" => Some(Theme::Dark),
            _ => None,
        }
    }
}

/// An sRGB colour with an opacity in percent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Color {
    pub r: u8,
    pub g: u8,
    pub b: u8,
    /// Opacity, 0 to 100 (percent).
    pub alpha: u8,
}

impl Color {
    pub const WHITE: Color = Color::hex(0xffffff);
    pub const BLACK: Color = Color::hex(0x000000);

    /// An opaque colour from `0xRRGGBB`.
    pub const fn hex(v: u32) -> Color {
        Color {
            r: (v >> 16) as u8,
            g: (v >> 8) as u8,
            b: v as u8,
            alpha: 100,
        }
    }

    /// The same colour at `percent` opacity.
    pub const fn with_alpha(self, percent: u8) -> Color {
        Color {
            alpha: if percent > 100 { 100 } else { percent },
            ..self
        }
    }

    pub fn is_opaque(self) -> bool {
        self.alpha >= 100
    }

    /// This colour painted over `bg`, as a browser composites it (in sRGB). The result is
    /// opaque when `bg` is.
    pub fn over(self, bg: Color) -> Color {
        let a = f64::from(self.alpha.min(100)) / 100.0;
        let mix = |f: u8, b: u8| (a * f64::from(f) + (1.0 - a) * f64::from(b)).round() as u8;
        Color {
            r: mix(self.r, bg.r),
            g: mix(self.g, bg.g),
            b: mix(self.b, bg.b),
            alpha: bg.alpha.max(self.alpha),
        }
    }

    /// WCAG 2 relative luminance (of the colour as if opaque).
    pub fn luminance(self) -> f64 {
        fn lin(c: u8) -> f64 {
            let c = f64::from(c) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        }
        0.2126 * lin(self.r) + 0.7152 * lin(self.g) + 0.0722 * lin(self.b)
    }

    /// The colour as CSS: `#rrggbb`, or `rgb(r g b / a%)` when not opaque.
    pub fn css(self) -> String {
        if self.is_opaque() {
            format!("#{:02x}{:02x}{:02x}", self.r, self.g, self.b)
        } else {
            format!("rgb({} {} {} / {}%)", self.r, self.g, self.b, self.alpha)
        }
    }

    /// Reads a CSS colour: `#rgb`, `#rgba`, `#rrggbb`, `#rrggbbaa`, `rgb()`/`rgba()` (comma or
    /// space syntax, numbers or percentages), `hsl()`/`hsla()`, `transparent` and the CSS named
    /// colours. Other notations (`oklch()`, `lab()`…) are `None`: nothing is guessed.
    pub fn parse(s: &str) -> Option<Color> {
        let s = s.trim();
        if let Some(hex) = s.strip_prefix('#') {
            if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                return None;
            }
            let digit = |i: usize| u8::from_str_radix(&hex[i..i + 1], 16).ok();
            let pair = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
            let pct = |a: u8| ((f64::from(a) / 255.0) * 100.0).round() as u8;
            return match hex.len() {
                3 | 4 => {
                    let c = |i| digit(i).map(|d| d * 17);
                    let alpha = if hex.len() == 4 { pct(c(3)?) } else { 100 };
                    Some(Color {
                        r: c(0)?,
                        g: c(1)?,
                        b: c(2)?,
                        alpha,
                    })
                }
                6 | 8 => {
                    let alpha = if hex.len() == 8 { pct(pair(6)?) } else { 100 };
                    Some(Color {
                        r: pair(0)?,
                        g: pair(2)?,
                        b: pair(4)?,
                        alpha,
                    })
                }
                _ => None,
            };
        }
        let lower = s.to_ascii_lowercase();
        if lower == "transparent" {
            return Some(Color::BLACK.with_alpha(0));
        }
        if let Some((func, rest)) = lower.split_once('(') {
            let args = rest.strip_suffix(')')?;
            let parts: Vec<&str> = args
                .split([',', ' ', '/'])
                .filter(|p| !p.is_empty())
                .collect();
            if !(3..=4).contains(&parts.len()) {
                return None;
            }
            let alpha = match parts.get(3) {
                None => 100,
                Some(a) => {
                    let v = match a.strip_suffix('%') {
                        Some(p) => p.parse::<f64>().ok()? / 100.0,
                        None => a.parse::<f64>().ok()?,
                    };
                    if !v.is_finite() {
                        return None;
                    }
                    (v.clamp(0.0, 1.0) * 100.0).round() as u8
                }
            };
            return match func.trim() {
                "rgb" | "rgba" => {
                    let ch = |p: &str| -> Option<u8> {
                        let v = match p.strip_suffix('%') {
                            Some(n) => n.parse::<f64>().ok()? * 2.55,
                            None => p.parse::<f64>().ok()?,
                        };
                        v.is_finite().then(|| v.clamp(0.0, 255.0).round() as u8)
                    };
                    Some(Color {
                        r: ch(parts[0])?,
                        g: ch(parts[1])?,
                        b: ch(parts[2])?,
                        alpha,
                    })
                }
                "hsl" | "hsla" => {
                    let num = |p: &str| -> Option<f64> {
                        let v = p
                            .trim_end_matches("deg")
                            .trim_end_matches('%')
                            .parse::<f64>()
                            .ok()?;
                        v.is_finite().then_some(v)
                    };
                    let h = num(parts[0])?.rem_euclid(360.0) / 360.0;
                    let sat = (num(parts[1])? / 100.0).clamp(0.0, 1.0);
                    let l = (num(parts[2])? / 100.0).clamp(0.0, 1.0);
                    let (r, g, b) = hsl_to_rgb(h, sat, l);
                    Some(Color { r, g, b, alpha })
                }
                _ => None,
            };
        }
        named(&lower)
    }
}

fn hsl_to_rgb(h: f64, s: f64, l: f64) -> (u8, u8, u8) {
    let q = if l < 0.5 {
        l * (1.0 + s)
    } else {
        l + s - l * s
    };
    let p = 2.0 * l - q;
    let f = |t: f64| {
        let t = t.rem_euclid(1.0);
        let v = if t < 1.0 / 6.0 {
            p + (q - p) * 6.0 * t
        } else if t < 0.5 {
            q
        } else if t < 2.0 / 3.0 {
            p + (q - p) * (2.0 / 3.0 - t) * 6.0
        } else {
            p
        };
        (v * 255.0).round().clamp(0.0, 255.0) as u8
    };
    (f(h + 1.0 / 3.0), f(h), f(h - 1.0 / 3.0))
}

/// WCAG 2 contrast ratio of `fg` painted over the opaque `bg` (1 to 21).
pub fn contrast(fg: Color, bg: Color) -> f64 {
    let fg = fg.over(bg);
    let (a, b) = (fg.luminance(), bg.luminance());
    let (hi, lo) = if a > b { (a, b) } else { (b, a) };
    (hi + 0.05) / (lo + 0.05)
}

/// Smallest contrast WCAG AA asks of text (1.4.3).
pub const AA_TEXT: f64 = 4.5;
/// Smallest contrast WCAG AA asks of large text (≥ 24px, or ≥ 18.66px bold) (1.4.3).
pub const AA_LARGE_TEXT: f64 = 3.0;
/// Smallest contrast WCAG AA asks of the parts of controls and graphics one needs to see:
/// field borders, focus rings, chart marks (1.4.11).
pub const AA_NON_TEXT: f64 = 3.0;

/// Colour families with shades 50…900, as ChatKit's tokens.
pub const PALETTE: &[&str] = &[
    "gray", "red", "orange", "yellow", "green", "teal", "blue", "indigo", "purple", "pink",
];
/// Shades of each palette colour.
pub const SHADES: &[u16] = &[50, 100, 200, 300, 400, 500, 600, 700, 800, 900];
/// Text colour tokens (`--wgt-text-NAME`).
pub const TEXT_TOKENS: &[&str] = &[
    "prose",
    "primary",
    "emphasis",
    "secondary",
    "tertiary",
    "success",
    "warning",
    "danger",
];
/// Surface tokens (backgrounds, `--wgt-NAME`).
pub const SURFACE_TOKENS: &[&str] = &[
    "surface",
    "surface-secondary",
    "surface-tertiary",
    "surface-elevated",
    "surface-elevated-secondary",
];
/// Border colour tokens (`--wgt-border-NAME`).
pub const BORDER_TOKENS: &[&str] = &["default", "subtle", "strong"];

/// The palette, in [`PALETTE`] × [`SHADES`] order (the same in both themes).
const PALETTE_HEX: [[u32; 10]; 10] = [
    [
        0xf9fafb, 0xf3f4f6, 0xe5e7eb, 0xd1d5db, 0x9ca3af, 0x6b7280, 0x4b5563, 0x374151, 0x1f2937,
        0x111827,
    ],
    [
        0xfef2f2, 0xfee2e2, 0xfecaca, 0xfca5a5, 0xf87171, 0xef4444, 0xdc2626, 0xb91c1c, 0x991b1b,
        0x7f1d1d,
    ],
    [
        0xfff7ed, 0xffedd5, 0xfed7aa, 0xfdba74, 0xfb923c, 0xf97316, 0xea580c, 0xc2410c, 0x9a3412,
        0x7c2d12,
    ],
    [
        0xfefce8, 0xfef9c3, 0xfef08a, 0xfde047, 0xfacc15, 0xeab308, 0xca8a04, 0xa16207, 0x854d0e,
        0x713f12,
    ],
    [
        0xf0fdf4, 0xdcfce7, 0xbbf7d0, 0x86efac, 0x4ade80, 0x22c55e, 0x16a34a, 0x15803d, 0x166534,
        0x14532d,
    ],
    [
        0xf0fdfa, 0xccfbf1, 0x99f6e4, 0x5eead4, 0x2dd4bf, 0x14b8a6, 0x0d9488, 0x0f766e, 0x115e59,
        0x134e4a,
    ],
    [
        0xeff6ff, 0xdbeafe, 0xbfdbfe, 0x93c5fd, 0x60a5fa, 0x3b82f6, 0x2563eb, 0x1d4ed8, 0x1e40af,
        0x1e3a8a,
    ],
    [
        0xeef2ff, 0xe0e7ff, 0xc7d2fe, 0xa5b4fc, 0x818cf8, 0x6366f1, 0x4f46e5, 0x4338ca, 0x3730a3,
        0x312e81,
    ],
    [
        0xfaf5ff, 0xf3e8ff, 0xe9d5ff, 0xd8b4fe, 0xc084fc, 0xa855f7, 0x9333ea, 0x7e22ce, 0x6b21a8,
        0x581c87,
    ],
    [
        0xfdf2f8, 0xfce7f3, 0xfbcfe8, 0xf9a8d4, 0xf472b6, 0xec4899, 0xdb2777, 0xbe185d, 0x9d174d,
        0x831843,
    ],
];

/// A palette colour by family and shade (`("blue", 500)`).
pub fn shade(family: &str, shade: u16) -> Option<Color> {
    let f = PALETTE.iter().position(|p| *p == family)?;
    let s = SHADES.iter().position(|x| *x == shade)?;
    Some(Color::hex(PALETTE_HEX[f][s]))
}

fn pal(family: &str, s: u16) -> Color {
    shade(family, s).unwrap_or(Color::BLACK)
}

/// The steps of the `alpha-N` tokens (0, 5, … 100).
pub fn alpha_steps() -> impl Iterator<Item = u8> {
    (0..=100u8).step_by(5)
}

/// One custom property: `--wgt-NAME`, with its value in each theme.
#[derive(Clone, Debug, PartialEq)]
pub struct Token {
    pub name: String,
    pub light: Color,
    pub dark: Color,
}

impl Token {
    pub fn get(&self, theme: Theme) -> Color {
        match theme {
            Theme::Light => self.light,
            Theme::Dark => self.dark,
        }
    }
}

/// The colours of one intent of a badge or button: a solid fill and the text on it, a soft
/// (translucent) fill and the text for it, which is also the text of the outline and ghost
/// variants.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Intent {
    pub solid: Color,
    pub on_solid: Color,
    pub soft: Color,
    pub text: Color,
}

/// Opacity of a soft fill, percent.
const SOFT: u8 = 14;

/// A coloured intent from a palette family: light text one or two shades darker than the
/// solid fill (soft tints are light), dark-theme text from the 300 shade.
fn family_intent(family: &str, solid: u16, light_text: u16, theme: Theme) -> Intent {
    let fill = pal(family, solid);
    match theme {
        Theme::Light => Intent {
            solid: fill,
            on_solid: Color::WHITE,
            soft: fill.with_alpha(SOFT),
            text: pal(family, light_text),
        },
        Theme::Dark => {
            let text = pal(family, 300);
            Intent {
                solid: fill,
                on_solid: Color::WHITE,
                soft: text.with_alpha(SOFT),
                text,
            }
        }
    }
}

/// The colours of a `Badge` of this colour ([`crate::spec::BADGE_COLOR`]).
pub fn badge(color: &str, theme: Theme) -> Option<Intent> {
    Some(match color {
        "secondary" => family_intent("gray", 600, 700, theme),
        "success" => family_intent("green", 700, 800, theme),
        "danger" => family_intent("red", 600, 700, theme),
        "warning" => family_intent("orange", 700, 800, theme),
        "info" => family_intent("blue", 600, 700, theme),
        "discovery" => family_intent("purple", 600, 700, theme),
        _ => return None,
    })
}

/// The colours of a `Button` of this colour ([`crate::spec::BUTTON_COLOR`]).
pub fn button(color: &str, theme: Theme) -> Option<Intent> {
    let dark = theme == Theme::Dark;
    Some(match color {
        "primary" if dark => Intent {
            solid: Color::hex(0xf5f5f5),
            on_solid: Color::hex(0x111111),
            soft: Color::WHITE.with_alpha(12),
            text: Color::hex(0xf5f5f5),
        },
        "primary" => Intent {
            solid: pal("gray", 900),
            on_solid: Color::WHITE,
            soft: pal("gray", 900).with_alpha(8),
            text: pal("gray", 900),
        },
        "secondary" => {
            let prose = text_token("prose", theme);
            let tint = if dark { Color::WHITE } else { Color::BLACK };
            Intent {
                solid: tint.with_alpha(10),
                on_solid: prose,
                soft: tint.with_alpha(5),
                text: prose,
            }
        }
        "caution" if dark => Intent {
            solid: pal("yellow", 400),
            on_solid: pal("gray", 900),
            soft: pal("yellow", 300).with_alpha(SOFT),
            text: pal("yellow", 300),
        },
        "caution" => Intent {
            solid: pal("yellow", 400),
            on_solid: pal("gray", 900),
            soft: pal("yellow", 500).with_alpha(SOFT + 4),
            text: pal("yellow", 800),
        },
        "info" => family_intent("blue", 600, 700, theme),
        "discovery" => family_intent("purple", 600, 700, theme),
        "success" => family_intent("green", 700, 800, theme),
        "warning" => family_intent("orange", 700, 800, theme),
        "danger" => family_intent("red", 600, 700, theme),
        _ => return None,
    })
}

fn text_token(name: &str, theme: Theme) -> Color {
    let (light, dark) = match name {
        "prose" | "primary" => (0x111827, 0xececec),
        "emphasis" => (0x030712, 0xffffff),
        "secondary" => (0x4b5563, 0xb4b4b4),
        "tertiary" => (0x666f7f, 0xa3a3a3),
        "success" => (0x15803d, 0x4ade80),
        "warning" => (0xb45309, 0xfbbf24),
        "danger" => (0xb91c1c, 0xf98080),
        _ => (0x111827, 0xececec),
    };
    let (light, dark) = if name == "primary" {
        (light, 0xf5f5f5)
    } else {
        (light, dark)
    };
    Color::hex(match theme {
        Theme::Light => light,
        Theme::Dark => dark,
    })
}

fn build() -> Vec<Token> {
    let mut t = Vec::with_capacity(320);
    let mut add = |name: String, light: Color, dark: Color| t.push(Token { name, light, dark });
    for (f, family) in PALETTE.iter().enumerate() {
        for (s, shade) in SHADES.iter().enumerate() {
            let c = Color::hex(PALETTE_HEX[f][s]);
            add(format!("{family}-{shade}"), c, c);
        }
    }
    for a in alpha_steps() {
        add(
            format!("alpha-{a}"),
            Color::BLACK.with_alpha(a),
            Color::WHITE.with_alpha(a),
        );
    }
    for (name, light, dark) in [
        ("surface", 0xffffff, 0x212121),
        ("surface-secondary", 0xf9fafb, 0x2a2a2a),
        ("surface-tertiary", 0xf3f4f6, 0x303030),
        ("surface-elevated", 0xffffff, 0x2f2f2f),
        ("surface-elevated-secondary", 0xf9fafb, 0x383838),
    ] {
        add(name.into(), Color::hex(light), Color::hex(dark));
    }
    for name in TEXT_TOKENS {
        add(
            format!("text-{name}"),
            text_token(name, Theme::Light),
            text_token(name, Theme::Dark),
        );
    }
    for (name, light, dark) in [("default", 10, 12), ("subtle", 6, 7), ("strong", 20, 24)] {
        add(
            format!("border-{name}"),
            Color::BLACK.with_alpha(light),
            Color::WHITE.with_alpha(dark),
        );
    }
    // The border of a text field, select or date picker: it shows where the field is (3:1).
    add(
        "border-control".into(),
        Color::hex(0x838c9b),
        Color::hex(0x858585),
    );
    add("focus-ring".into(), pal("blue", 600), pal("blue", 400));
    add("link".into(), pal("blue", 600), pal("blue", 300));
    add(
        "disabled-fg".into(),
        text_token("tertiary", Theme::Light),
        text_token("tertiary", Theme::Dark),
    );
    add("disabled-bg".into(), pal("gray", 100), Color::hex(0x303030));
    for (i, (light, dark)) in [
        (pal("blue", 500), pal("blue", 400)),
        (pal("green", 700), pal("green", 400)),
        (pal("orange", 600), pal("orange", 400)),
        (pal("purple", 500), pal("purple", 400)),
        (pal("pink", 600), pal("pink", 400)),
        (pal("teal", 600), pal("teal", 400)),
    ]
    .into_iter()
    .enumerate()
    {
        add(format!("chart-{}", i + 1), light, dark);
    }
    type IntentOf = fn(&str, Theme) -> Option<Intent>;
    let intents: [(&str, &[&str], IntentOf); 2] = [
        ("badge", crate::spec::BADGE_COLOR, badge),
        ("button", crate::spec::BUTTON_COLOR, button),
    ];
    for (what, colors, f) in intents {
        for c in colors {
            let (Some(l), Some(d)) = (f(c, Theme::Light), f(c, Theme::Dark)) else {
                continue;
            };
            add(format!("{what}-{c}-solid"), l.solid, d.solid);
            add(format!("{what}-{c}-on-solid"), l.on_solid, d.on_solid);
            add(format!("{what}-{c}-soft"), l.soft, d.soft);
            add(format!("{what}-{c}-text"), l.text, d.text);
        }
    }
    t
}

/// Every token, in the order the stylesheet lists them.
pub fn table() -> &'static [Token] {
    static TABLE: OnceLock<Vec<Token>> = OnceLock::new();
    TABLE.get_or_init(build)
}

/// A token's colour by name (without `--wgt-`).
pub fn token(name: &str, theme: Theme) -> Option<Color> {
    table()
        .iter()
        .find(|t| t.name == name)
        .map(|t| t.get(theme))
}

/// A palette or alpha token value (`blue-500`, `alpha-10`).
fn palette_value(v: &str, theme: Theme) -> Option<Color> {
    if let Some(n) = v.strip_prefix("alpha-") {
        let a: u8 = n.parse().ok()?;
        return (a <= 100).then(|| match theme {
            Theme::Light => Color::BLACK.with_alpha(a),
            Theme::Dark => Color::WHITE.with_alpha(a),
        });
    }
    let (family, s) = v.rsplit_once('-')?;
    shade(family, s.parse().ok()?)
}

/// A text colour as the renderer resolves it: a text token, a palette token, or a CSS colour.
pub fn text_color(value: &str, theme: Theme) -> Option<Color> {
    if TEXT_TOKENS.contains(&value) {
        return token(&format!("text-{value}"), theme);
    }
    palette_value(value, theme).or_else(|| Color::parse(value))
}

/// A background as the renderer resolves it: a surface token, a palette token, or a CSS
/// colour. Gradients (and anything else) are `None`.
pub fn background(value: &str, theme: Theme) -> Option<Color> {
    if SURFACE_TOKENS.contains(&value) {
        return token(value, theme);
    }
    palette_value(value, theme).or_else(|| Color::parse(value))
}

/// The CSS gradient functions a background takes (the renderer draws these, with safe
/// arguments).
pub const GRADIENTS: &[&str] = &[
    "linear-gradient",
    "radial-gradient",
    "conic-gradient",
    "repeating-linear-gradient",
    "repeating-radial-gradient",
];

/// What a colour prop colours, which decides the tokens it takes (as the renderer reads them).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColourUse {
    /// Text and icons (`Text.color`, `Icon.color`, …): text tokens.
    Text,
    /// `background` (Box, Row, Col, Card, …): surface tokens and gradients.
    Background,
    /// Borders and `Divider.color`: border tokens.
    Border,
    /// A chart's series: `chart-1` to `chart-6`, palette names, text tokens.
    Chart,
}

impl ColourUse {
    /// Does this prop draw `value`: one of its tokens, a palette shade or alpha (`blue-500`,
    /// `alpha-10`), or a CSS colour (the notations [`Color::parse`] reads, `currentColor`, and
    /// the CSS colour functions such as `oklch()`, `hwb()`, `color()`, `color-mix()`); for a
    /// background also a CSS gradient? What it does not take draws nothing there: the
    /// preview, and a browser reading it as CSS, keep the default.
    pub fn takes(self, value: &str) -> bool {
        let v = value.trim();
        let tokens = match self {
            ColourUse::Text => TEXT_TOKENS.contains(&v),
            ColourUse::Background => SURFACE_TOKENS.contains(&v),
            ColourUse::Border => BORDER_TOKENS.contains(&v),
            ColourUse::Chart => {
                TEXT_TOKENS.contains(&v)
                    || PALETTE.contains(&v)
                    || v.strip_prefix("chart-")
                        .is_some_and(|n| matches!(n, "1" | "2" | "3" | "4" | "5" | "6"))
            }
        };
        if tokens
            || v.eq_ignore_ascii_case("currentcolor")
            || palette_value(v, Theme::Light).is_some()
            || Color::parse(v).is_some()
        {
            return true;
        }
        let lower = v.to_ascii_lowercase();
        let Some((func, _)) = lower.split_once('(') else {
            return false;
        };
        if !lower.ends_with(')') {
            return false;
        }
        let func = func.trim();
        matches!(
            func,
            "rgb"
                | "rgba"
                | "hsl"
                | "hsla"
                | "hwb"
                | "lab"
                | "lch"
                | "oklab"
                | "oklch"
                | "color"
                | "color-mix"
                | "light-dark"
        ) || (self == ColourUse::Background && GRADIENTS.contains(&func))
    }

    /// What it takes, for a message.
    pub fn allowed(self) -> &'static str {
        match self {
            ColourUse::Text => {
                "a text token (prose, primary, secondary, tertiary, emphasis, success, warning, danger), a palette colour (blue-500, alpha-10) or a CSS colour (#0a84ff, rgb(10 132 255), a colour name)"
            }
            ColourUse::Background => {
                "a surface token (surface, surface-secondary, surface-tertiary, surface-elevated, surface-elevated-secondary), a palette colour (blue-500, alpha-10), a CSS colour or a CSS gradient"
            }
            ColourUse::Border => {
                "a border token (default, subtle, strong), a palette colour (blue-500, alpha-10) or a CSS colour"
            }
            ColourUse::Chart => {
                "a chart colour (chart-1 to chart-6), a palette name (blue), a text token or a CSS colour"
            }
        }
    }

    /// What the preview draws instead of a value it does not take.
    pub fn instead(self) -> &'static str {
        match self {
            ColourUse::Background => "no background",
            _ => "the default colour",
        }
    }
}

/// The smallest text size the lint accepts as readable, in CSS pixels.
pub const MIN_READABLE_PX: f64 = 12.0;

/// The font size, in CSS pixels, that the renderer draws a text component with at a size
/// token (`None`: the component's default). `None` for components that draw no text of a
/// size of their own.
pub fn font_px(component: &str, size: Option<&str>) -> Option<f64> {
    let table: (&[(&str, f64)], &str) = match component {
        "Text" => (
            &[
                ("xs", 12.0),
                ("sm", 13.0),
                ("md", 14.0),
                ("lg", 16.0),
                ("xl", 18.0),
            ],
            "md",
        ),
        "Title" => (
            &[
                ("sm", 15.0),
                ("md", 17.0),
                ("lg", 20.0),
                ("xl", 24.0),
                ("2xl", 28.0),
                ("3xl", 32.0),
                ("4xl", 36.0),
                ("5xl", 44.0),
            ],
            "md",
        ),
        "Caption" => (&[("sm", 11.0), ("md", 12.0), ("lg", 13.0)], "md"),
        "Badge" => (&[("sm", 12.0), ("md", 13.0), ("lg", 14.0)], "sm"),
        "Label" => (&[("sm", 13.0)], "sm"),
        "Markdown" => (&[("md", 14.0)], "md"),
        _ => return None,
    };
    let (sizes, default) = table;
    let pick = |s: &str| sizes.iter().find(|(k, _)| *k == s).map(|(_, px)| *px);
    size.and_then(pick)
        .or_else(|| pick(default))
        .or_else(|| sizes.first().map(|(_, px)| *px))
}

/// Every size token with a size of its own, per component: the rows of the stylesheet's
/// `.wgt-text[data-size="…"]` rules and their kin (a `render` test compares them).
pub fn font_sizes() -> Vec<(&'static str, &'static str, f64)> {
    let mut out = Vec::new();
    for (component, sizes) in [
        ("Text", crate::spec::TEXT_SIZE),
        ("Title", crate::spec::TITLE_SIZE),
        ("Caption", crate::spec::CAPTION_SIZE),
        ("Badge", crate::spec::CAPTION_SIZE),
    ] {
        for s in sizes {
            if let Some(px) = font_px(component, Some(s)) {
                out.push((component, *s, px));
            }
        }
    }
    out
}

/// WCAG's "large text": at least 24px, or at least 18.66px (14pt) and bold (700+).
pub fn is_large_text(px: f64, weight: u16) -> bool {
    px >= 24.0 || (px >= 18.66 && weight >= 700)
}

/// The CSS named colours.
const NAMED: &str = "aliceblue f0f8ff antiquewhite faebd7 aqua 00ffff aquamarine 7fffd4 azure f0ffff beige f5f5dc \
bisque ffe4c4 black 000000 blanchedalmond ffebcd blue 0000ff blueviolet 8a2be2 brown a52a2a \
burlywood deb887 cadetblue 5f9ea0 chartreuse 7fff00 chocolate d2691e coral ff7f50 cornflowerblue \
6495ed cornsilk fff8dc crimson dc143c cyan 00ffff darkblue 00008b darkcyan 008b8b darkgoldenrod \
b8860b darkgray a9a9a9 darkgreen 006400 darkgrey a9a9a9 darkkhaki bdb76b darkmagenta 8b008b \
darkolivegreen 556b2f darkorange ff8c00 darkorchid 9932cc darkred 8b0000 darksalmon e9967a \
darkseagreen 8fbc8f darkslateblue 483d8b darkslategray 2f4f4f darkslategrey 2f4f4f darkturquoise \
00ced1 darkviolet 9400d3 deeppink ff1493 deepskyblue 00bfff dimgray 696969 dimgrey 696969 \
dodgerblue 1e90ff firebrick b22222 floralwhite fffaf0 forestgreen 228b22 fuchsia ff00ff \
gainsboro dcdcdc ghostwhite f8f8ff gold ffd700 goldenrod daa520 gray 808080 green 008000 \
greenyellow adff2f grey 808080 honeydew f0fff0 hotpink ff69b4 indianred cd5c5c indigo 4b0082 \
ivory fffff0 khaki f0e68c lavender e6e6fa lavenderblush fff0f5 lawngreen 7cfc00 lemonchiffon \
fffacd lightblue add8e6 lightcoral f08080 lightcyan e0ffff lightgoldenrodyellow fafad2 lightgray \
d3d3d3 lightgreen 90ee90 lightgrey d3d3d3 lightpink ffb6c1 lightsalmon ffa07a lightseagreen \
20b2aa lightskyblue 87cefa lightslategray 778899 lightslategrey 778899 lightsteelblue b0c4de \
lightyellow ffffe0 lime 00ff00 limegreen 32cd32 linen faf0e6 magenta ff00ff maroon 800000 \
mediumaquamarine 66cdaa mediumblue 0000cd mediumorchid ba55d3 mediumpurple 9370db mediumseagreen \
3cb371 mediumslateblue 7b68ee mediumspringgreen 00fa9a mediumturquoise 48d1cc mediumvioletred \
c71585 midnightblue 191970 mintcream f5fffa mistyrose ffe4e1 moccasin ffe4b5 navajowhite ffdead \
navy 000080 oldlace fdf5e6 olive 808000 olivedrab 6b8e23 orange ffa500 orangered ff4500 orchid \
da70d6 palegoldenrod eee8aa palegreen 98fb98 paleturquoise afeeee palevioletred db7093 \
papayawhip ffefd5 peachpuff ffdab9 peru cd853f pink ffc0cb plum dda0dd powderblue b0e0e6 purple \
800080 rebeccapurple 663399 red ff0000 rosybrown bc8f8f royalblue 4169e1 saddlebrown 8b4513 \
salmon fa8072 sandybrown f4a460 seagreen 2e8b57 seashell fff5ee sienna a0522d silver c0c0c0 \
skyblue 87ceeb slateblue 6a5acd slategray 708090 slategrey 708090 snow fffafa springgreen 00ff7f \
steelblue 4682b4 tan d2b48c teal 008080 thistle d8bfd8 tomato ff6347 turquoise 40e0d0 violet \
ee82ee wheat f5deb3 white ffffff whitesmoke f5f5f5 yellow ffff00 yellowgreen 9acd32";

fn named(name: &str) -> Option<Color> {
    let mut words = NAMED.split_ascii_whitespace();
    while let (Some(n), Some(hex)) = (words.next(), words.next()) {
        if n == name {
            return u32::from_str_radix(hex, 16).ok().map(Color::hex);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_css_colours() {
        assert_eq!(Color::parse("#fff"), Some(Color::WHITE));
        assert_eq!(Color::parse("#06b6d4"), Some(Color::hex(0x06b6d4)));
        assert_eq!(Color::parse("#00000080"), Some(Color::BLACK.with_alpha(50)));
        assert_eq!(Color::parse("rgb(255, 0, 0)"), Some(Color::hex(0xff0000)));
        assert_eq!(
            Color::parse("rgb(0 0 0 / 20%)"),
            Some(Color::BLACK.with_alpha(20))
        );
        assert_eq!(
            Color::parse("rgba(0,0,0,0.5)"),
            Some(Color::BLACK.with_alpha(50))
        );
        assert_eq!(
            Color::parse("hsl(0, 100%, 50%)"),
            Some(Color::hex(0xff0000))
        );
        assert_eq!(Color::parse("Tomato"), Some(Color::hex(0xff6347)));
        assert_eq!(Color::parse("rebeccapurple"), Some(Color::hex(0x663399)));
        for bad in [
            "#12345",
            "#ggg",
            "oklch(0.5 0.1 20)",
            "nope",
            "rgb(1,2)",
            "",
        ] {
            assert_eq!(Color::parse(bad), None, "{bad}");
        }
        assert_eq!(NAMED.split_ascii_whitespace().count(), 2 * 148);
    }

    #[test]
    fn contrast_matches_wcag() {
        assert!((contrast(Color::BLACK, Color::WHITE) - 21.0).abs() < 1e-9);
        assert!((contrast(Color::WHITE, Color::WHITE) - 1.0).abs() < 1e-9);
        // Issue 19's example: the old dark soft badge, gray-600 on its own 14 % tint over the
        // dark surface, #4b5563 on #27282a, 1.95:1.
        let bg = Color::hex(0x4b5563)
            .with_alpha(14)
            .over(Color::hex(0x212121));
        assert_eq!(bg, Color::hex(0x27282a));
        assert!((contrast(Color::hex(0x4b5563), bg) - 1.95).abs() < 0.01);
        // Alpha text is composited first.
        assert!(contrast(Color::BLACK.with_alpha(50), Color::WHITE) < 4.5);
    }

    #[test]
    fn resolves_tokens_like_the_renderer() {
        assert_eq!(
            text_color("secondary", Theme::Light),
            Some(Color::hex(0x4b5563))
        );
        assert_eq!(
            text_color("secondary", Theme::Dark),
            Some(Color::hex(0xb4b4b4))
        );
        assert_eq!(
            text_color("blue-500", Theme::Dark),
            Some(Color::hex(0x3b82f6))
        );
        assert_eq!(
            background("alpha-10", Theme::Dark),
            Some(Color::WHITE.with_alpha(10))
        );
        assert_eq!(
            background("surface", Theme::Dark),
            Some(Color::hex(0x212121))
        );
        assert_eq!(background("linear-gradient(red, blue)", Theme::Light), None);
        assert_eq!(text_color("blue-550", Theme::Light), None);
        // Every token name is unique.
        let mut names: Vec<_> = table().iter().map(|t| t.name.as_str()).collect();
        let n = names.len();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), n);
    }

    /// The backgrounds a widget's text can sit on by default: its own surfaces, and the pages
    /// that host a `Basic` root (the preview frames, `/components`, the gallery thumbnails).
    fn grounds(theme: Theme) -> Vec<(String, Color)> {
        let mut out: Vec<(String, Color)> = SURFACE_TOKENS
            .iter()
            .map(|s| (s.to_string(), token(s, theme).unwrap()))
            .collect();
        let hosts: &[u32] = match theme {
            Theme::Light => &[0xffffff, 0xf1f5f9, 0xf8fafc],
            Theme::Dark => &[0x171717, 0x0f172a],
        };
        out.extend(
            hosts
                .iter()
                .map(|h| (format!("host #{h:06x}"), Color::hex(*h))),
        );
        out
    }

    /// Every default colour pair the tokens produce reaches WCAG AA in both themes.
    #[test]
    fn every_default_pair_reaches_aa_in_both_themes() {
        let mut failures = Vec::new();
        let mut checked = 0;
        let mut weakest = (f64::MAX, String::new());
        let mut check = |what: String, fg: Color, bg: Color, min: f64| {
            assert!(bg.is_opaque(), "{what}: the ground must be opaque");
            let ratio = contrast(fg, bg);
            checked += 1;
            if ratio - min < weakest.0 {
                weakest = (ratio - min, format!("{what}: {ratio:.2}:1 (needs {min})"));
            }
            if ratio < min {
                failures.push(format!(
                    "{what}: {ratio:.2}:1 ({} on {}), needs {min}:1",
                    fg.css(),
                    bg.css()
                ));
            }
        };
        for theme in Theme::ALL {
            let th = theme.as_str();
            let tok = |n: &str| token(n, theme).unwrap_or_else(|| panic!("no token {n}"));
            for (ground, bg) in grounds(theme) {
                // Text, captions (secondary), placeholders and chart labels (tertiary), links.
                for t in TEXT_TOKENS {
                    check(
                        format!("{th}: text-{t} on {ground}"),
                        tok(&format!("text-{t}")),
                        bg,
                        AA_TEXT,
                    );
                }
                check(format!("{th}: link on {ground}"), tok("link"), bg, AA_TEXT);
                // Inline code and quoted blocks in Markdown sit on a light tint.
                check(
                    format!("{th}: prose on alpha-5 over {ground}"),
                    tok("text-prose"),
                    tok("alpha-5").over(bg),
                    AA_TEXT,
                );
                // Badges and buttons: soft text on its tint, outline and ghost text on the
                // ground, solid text on its fill.
                for (what, colors, f) in [
                    (
                        "badge",
                        crate::spec::BADGE_COLOR,
                        badge as fn(&str, Theme) -> _,
                    ),
                    ("button", crate::spec::BUTTON_COLOR, button),
                ] {
                    for c in colors {
                        let i = f(c, theme).unwrap();
                        check(
                            format!("{th}: {what} {c} soft on {ground}"),
                            i.text,
                            i.soft.over(bg),
                            AA_TEXT,
                        );
                        check(
                            format!("{th}: {what} {c} outline/ghost on {ground}"),
                            i.text,
                            bg,
                            AA_TEXT,
                        );
                        check(
                            format!("{th}: {what} {c} solid on {ground}"),
                            i.on_solid,
                            i.solid.over(bg),
                            AA_TEXT,
                        );
                    }
                }
                // Non-text: field borders, focus rings and chart marks (3:1).
                check(
                    format!("{th}: border-control on {ground}"),
                    tok("border-control"),
                    bg,
                    AA_NON_TEXT,
                );
                check(
                    format!("{th}: focus-ring on {ground}"),
                    tok("focus-ring"),
                    bg,
                    AA_NON_TEXT,
                );
                for n in 1..=6 {
                    check(
                        format!("{th}: chart-{n} on {ground}"),
                        tok(&format!("chart-{n}")),
                        bg,
                        AA_NON_TEXT,
                    );
                }
            }
            // Disabled controls keep readable text on their own fill.
            check(
                format!("{th}: disabled-fg on disabled-bg"),
                tok("disabled-fg"),
                tok("disabled-bg"),
                AA_TEXT,
            );
            // The table header cell's text on its fill.
            check(
                format!("{th}: text-emphasis on surface-secondary (table header)"),
                tok("text-emphasis"),
                tok("surface-secondary"),
                AA_TEXT,
            );
        }
        eprintln!("{checked} pairs; the closest: {}", weakest.1);
        assert!(checked > 800, "{checked}");
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn font_sizes_and_large_text() {
        assert_eq!(font_px("Caption", Some("sm")), Some(11.0));
        assert_eq!(font_px("Caption", None), Some(12.0));
        assert_eq!(font_px("Title", Some("bogus")), Some(17.0));
        assert_eq!(font_px("Image", None), None);
        assert!(is_large_text(24.0, 400));
        assert!(is_large_text(20.0, 700));
        assert!(!is_large_text(20.0, 600));
    }
}
