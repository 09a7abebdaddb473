//! The SDK's icon set drawn as SVG, on a 24×24 grid with a 2px stroke in `currentColor`.
//!
//! The glyphs are the studio's own drawings (simple geometric shapes) of the names the SDK
//! accepts; each entry is trusted, static SVG markup placed inside an `<svg>` element.
//! Names outside the set (`vendor:…`, `lucide:…`) get [`NEUTRAL`], a dashed circle, and the
//! validator warns about them.

/// The markup of the glyph named `name`, if the SDK has that icon.
pub fn glyph(name: &str) -> Option<&'static str> {
    Some(match name {
        "agent" => {
            r#"<rect x="4" y="8" width="16" height="12" rx="3"/><path d="M12 8V4.5M9 13.5v1M15 13.5v1M2 13v3M22 13v3"/><circle cx="12" cy="3.5" r="1"/>"#
        }
        "analytics" => r#"<path d="M4 20h16M7 16v-4M12 16V7M17 16v-6"/>"#,
        "atom" => {
            r#"<circle cx="12" cy="12" r="1.5"/><ellipse cx="12" cy="12" rx="10" ry="4"/><ellipse cx="12" cy="12" rx="10" ry="4" transform="rotate(60 12 12)"/><ellipse cx="12" cy="12" rx="10" ry="4" transform="rotate(120 12 12)"/>"#
        }
        "batch" => r#"<path d="M12 3 3 8l9 5 9-5-9-5z"/><path d="m3 12.5 9 5 9-5M3 17l9 5 9-5"/>"#,
        "bolt" => r#"<path d="M13 2 4 14h7l-1 8 9-12h-7l1-8z"/>"#,
        "book-open" => {
            r#"<path d="M2 5h6a4 4 0 0 1 4 4v11a3 3 0 0 0-3-3H2zM22 5h-6a4 4 0 0 0-4 4v11a3 3 0 0 1 3-3h7z"/>"#
        }
        "book-closed" => {
            r#"<path d="M5 19.5V5a2 2 0 0 1 2-2h12v15H7a2 2 0 0 0-2 2 2 2 0 0 0 2 2h12v-4"/>"#
        }
        "book-clock" => {
            r#"<path d="M5 19.5V5a2 2 0 0 1 2-2h12v15H7a2 2 0 0 0-2 2 2 2 0 0 0 2 2h12v-4"/><circle cx="12" cy="10" r="4"/><path d="M12 8v2l1.5 1"/>"#
        }
        "bug" => {
            r#"<rect x="8" y="6" width="8" height="15" rx="4"/><path d="M12 11v10M4 13h4M16 13h4M5 7l3 2M19 7l-3 2M5 20l3-2.5M19 20l-3-2.5M10 3.5 11 6M14 3.5 13 6"/>"#
        }
        "calendar" => {
            r#"<rect x="3" y="5" width="18" height="16" rx="2"/><path d="M3 10h18M8 3v4M16 3v4"/>"#
        }
        "chart" => r#"<path d="M3 3v18h18"/><path d="m7 15 4-4 3 3 6-7"/>"#,
        "check" => r#"<path d="m5 12.5 4.5 4.5L19.5 7"/>"#,
        "check-circle" => r#"<circle cx="12" cy="12" r="9"/><path d="m8 12.5 3 3 5-6"/>"#,
        "check-circle-filled" => {
            r#"<circle cx="12" cy="12" r="10" fill="currentColor" stroke="none"/><path d="m7.5 12.5 3 3 6-6.5" stroke="var(--wgt-surface)"/>"#
        }
        "chevron-left" => r#"<path d="m15 18-6-6 6-6"/>"#,
        "chevron-right" => r#"<path d="m9 18 6-6-6-6"/>"#,
        "circle-question" => {
            r#"<circle cx="12" cy="12" r="9"/><path d="M9.5 9.5a2.5 2.5 0 1 1 3.5 2.3c-.6.3-1 .9-1 1.6v.6M12 17h.01"/>"#
        }
        "clock" => r#"<circle cx="12" cy="12" r="9"/><path d="M12 7v5l3 2"/>"#,
        "compass" => r#"<circle cx="12" cy="12" r="9"/><path d="m15.5 8.5-2 5-5 2 2-5z"/>"#,
        "confetti" => {
            r#"<path d="M4 20 8.5 8l7.5 7.5z"/><path d="M13 3v2.5M19 5l-2 2M21 11h-2.5M14 9.5c1.2-1.3 2.8-1.3 4 0"/>"#
        }
        "cube" => r#"<path d="m12 2 9 5v10l-9 5-9-5V7z"/><path d="m3 7 9 5 9-5M12 12v10"/>"#,
        "desktop" => {
            r#"<rect x="2" y="4" width="20" height="13" rx="2"/><path d="M8 21h8M12 17v4"/>"#
        }
        "document" => {
            r#"<path d="M14 3H7a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2V8z"/><path d="M14 3v5h5M9 13h6M9 17h6"/>"#
        }
        "dot" => r#"<circle cx="12" cy="12" r="4" fill="currentColor" stroke="none"/>"#,
        "dots-horizontal" => {
            r#"<circle cx="5" cy="12" r="1.6" fill="currentColor" stroke="none"/><circle cx="12" cy="12" r="1.6" fill="currentColor" stroke="none"/><circle cx="19" cy="12" r="1.6" fill="currentColor" stroke="none"/>"#
        }
        "dots-vertical" => {
            r#"<circle cx="12" cy="5" r="1.6" fill="currentColor" stroke="none"/><circle cx="12" cy="12" r="1.6" fill="currentColor" stroke="none"/><circle cx="12" cy="19" r="1.6" fill="currentColor" stroke="none"/>"#
        }
        "empty-circle" => r#"<circle cx="12" cy="12" r="9"/>"#,
        "external-link" => {
            r#"<path d="M14 4h6v6M20 4l-9 9M18 14v5a1 1 0 0 1-1 1H5a1 1 0 0 1-1-1V7a1 1 0 0 1 1-1h5"/>"#
        }
        "globe" => {
            r#"<circle cx="12" cy="12" r="9"/><path d="M3 12h18M12 3c2.5 2.7 3.8 5.7 3.8 9s-1.3 6.3-3.8 9c-2.5-2.7-3.8-5.7-3.8-9S9.5 5.7 12 3z"/>"#
        }
        "keys" => {
            r#"<circle cx="8" cy="15" r="4.5"/><path d="m11.2 11.8 8.8-8.8M17 6l3 3M14 9l2 2"/>"#
        }
        "lab" => {
            r#"<path d="M9 3h6M10 3v6l-5.5 9.5A2 2 0 0 0 6.2 21.5h11.6a2 2 0 0 0 1.7-3L14 9V3M7 15h10"/>"#
        }
        "images" => {
            r#"<rect x="3" y="4" width="14" height="13" rx="2"/><path d="M7 21h12a2 2 0 0 0 2-2V8M3 14l4-4 4 4 2-2 4 4"/>"#
        }
        "info" => r#"<circle cx="12" cy="12" r="9"/><path d="M12 11v6M12 7.5h.01"/>"#,
        "lifesaver" => {
            r#"<circle cx="12" cy="12" r="9"/><circle cx="12" cy="12" r="4"/><path d="m5.6 5.6 3.6 3.6M14.8 14.8l3.6 3.6M18.4 5.6l-3.6 3.6M9.2 14.8l-3.6 3.6"/>"#
        }
        "lightbulb" => {
            r#"<path d="M9 18h6M10 21h4M12 3a6 6 0 0 0-3.5 10.9c.6.5 1 1.2 1 2.1h5c0-.9.4-1.6 1-2.1A6 6 0 0 0 12 3z"/>"#
        }
        "mail" => r#"<rect x="3" y="5" width="18" height="14" rx="2"/><path d="m3 7 9 6 9-6"/>"#,
        "map-pin" => {
            r#"<path d="M12 21s-7-6.2-7-11.5a7 7 0 0 1 14 0C19 14.8 12 21 12 21z"/><circle cx="12" cy="9.5" r="2.5"/>"#
        }
        "maps" => r#"<path d="M9 4 3 6v14l6-2 6 2 6-2V4l-6 2zM9 4v14M15 6v14"/>"#,
        "mobile" => r#"<rect x="6.5" y="2" width="11" height="20" rx="2"/><path d="M11 18h2"/>"#,
        "name" => {
            r#"<rect x="3" y="6" width="18" height="13" rx="2"/><path d="M10 3.5h4v4h-4zM7 12h6M7 15.5h4"/>"#
        }
        "notebook" => {
            r#"<rect x="5" y="3" width="14" height="18" rx="2"/><path d="M9 3v18M3 8h4M3 16h4"/>"#
        }
        "notebook-pencil" => {
            r#"<path d="M15 3H7a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h8M9 3v18M3 8h4M3 16h4"/><path d="m20.5 7.5-6 6-.8 3 3-.8 6-6z"/>"#
        }
        "page-blank" => {
            r#"<path d="M14 3H7a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2V8z"/><path d="M14 3v5h5"/>"#
        }
        "phone" => {
            r#"<path d="M5 4h3l2 5-2.5 1.5a11 11 0 0 0 6 6L15 14l5 2v3a2 2 0 0 1-2 2A16 16 0 0 1 3 6a2 2 0 0 1 2-2z"/>"#
        }
        "play" => r#"<path d="M7 4v16l13-8z"/>"#,
        "plus" => r#"<path d="M12 5v14M5 12h14"/>"#,
        "profile" => {
            r#"<circle cx="12" cy="12" r="9"/><circle cx="12" cy="10" r="3"/><path d="M6.5 18.5a6 6 0 0 1 11 0"/>"#
        }
        "profile-card" => {
            r#"<rect x="3" y="5" width="18" height="14" rx="2"/><circle cx="9" cy="11" r="2"/><path d="M5.5 16.5a3.5 3.5 0 0 1 7 0M15 10h3M15 14h3"/>"#
        }
        "reload" => r#"<path d="M20 12a8 8 0 1 1-2.3-5.7L20 8.5M20 4v4.5h-4.5"/>"#,
        "star" => {
            r#"<path d="m12 3 2.8 5.7 6.2.9-4.5 4.4 1.1 6.2L12 17.3l-5.6 2.9 1.1-6.2L3 9.6l6.2-.9z"/>"#
        }
        "star-filled" => {
            r#"<path d="m12 3 2.8 5.7 6.2.9-4.5 4.4 1.1 6.2L12 17.3l-5.6 2.9 1.1-6.2L3 9.6l6.2-.9z" fill="currentColor"/>"#
        }
        "search" => r#"<circle cx="11" cy="11" r="7"/><path d="m20 20-4-4"/>"#,
        "sparkle" => {
            r#"<path d="M12 3c.6 4.6 2.4 6.4 7 7-4.6.6-6.4 2.4-7 7-.6-4.6-2.4-6.4-7-7 4.6-.6 6.4-2.4 7-7z"/>"#
        }
        "sparkle-double" => {
            r#"<path d="M10 7c.5 3.6 2 5.1 5.6 5.6C12 13.1 10.5 14.6 10 18.2c-.5-3.6-2-5.1-5.6-5.6C8 12.1 9.5 10.6 10 7zM18 2.5c.3 1.8 1 2.5 2.8 2.8-1.8.3-2.5 1-2.8 2.8-.3-1.8-1-2.5-2.8-2.8 1.8-.3 2.5-1 2.8-2.8z"/>"#
        }
        "square-code" => {
            r#"<rect x="3" y="3" width="18" height="18" rx="3"/><path d="m10 9-3 3 3 3M14 9l3 3-3 3"/>"#
        }
        "square-image" => {
            r#"<rect x="3" y="3" width="18" height="18" rx="3"/><circle cx="9" cy="9" r="1.5"/><path d="m21 15-5-5L5 21"/>"#
        }
        "square-text" => {
            r#"<rect x="3" y="3" width="18" height="18" rx="3"/><path d="M8 9h8M8 13h8M8 17h5"/>"#
        }
        "suitcase" => {
            r#"<rect x="3" y="7" width="18" height="13" rx="2"/><path d="M9 7V5a1 1 0 0 1 1-1h4a1 1 0 0 1 1 1v2M3 13h18"/>"#
        }
        "settings-slider" => {
            r#"<path d="M4 6h10M18 6h2M4 12h4M12 12h8M4 18h12"/><circle cx="16" cy="6" r="2"/><circle cx="10" cy="12" r="2"/><circle cx="18" cy="18" r="2"/>"#
        }
        "user" => r#"<circle cx="12" cy="8" r="4"/><path d="M4 21a8 8 0 0 1 16 0"/>"#,
        "wreath" => {
            r#"<path d="M8 20c-3-2-5-5-5-9 0-2 .5-4 1.5-5.5M16 20c3-2 5-5 5-9 0-2-.5-4-1.5-5.5M5 10c1.5 0 2.5 1 3 2.5M4 14.5c1.5-.2 3 .5 3.8 1.8M19 10c-1.5 0-2.5 1-3 2.5M20 14.5c-1.5-.2-3 .5-3.8 1.8M9 21h6"/>"#
        }
        "write" => r#"<path d="M4 20h4L19 9l-4-4L4 16zM13.5 6.5l4 4"/>"#,
        "write-alt" => {
            r#"<path d="M12 4H6a2 2 0 0 0-2 2v12a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-6M18.5 2.5a2.1 2.1 0 0 1 3 3L12 15l-4 1 1-4z"/>"#
        }
        "write-alt2" => r#"<path d="M12 20h9M16.5 3.5a2.1 2.1 0 0 1 3 3L7 19l-4 1 1-4z"/>"#,
        _ => return None,
    })
}

/// The glyph for names outside the SDK's set: a dashed circle.
pub const NEUTRAL: &str = r#"<circle cx="12" cy="12" r="8" stroke-dasharray="3 3"/>"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_sdk_icon_has_a_glyph() {
        for name in widget::spec::ICON_NAMES {
            let g = glyph(name).unwrap_or_else(|| panic!("no glyph for {name}"));
            assert!(!g.is_empty());
            // Trusted markup: shapes only, no scripts, links or event handlers.
            for bad in [
                "script", "href", " on", "url(", "<a", "<image", "<use", "<foreign",
            ] {
                assert!(!g.contains(bad), "{name} contains {bad}");
            }
        }
        assert!(glyph("lucide:rocket").is_none());
    }

    #[test]
    fn glyphs_are_distinct() {
        let mut seen = std::collections::HashMap::new();
        for name in widget::spec::ICON_NAMES {
            if let Some(prev) = seen.insert(glyph(name).unwrap(), name) {
                panic!("{name} and {prev} share a glyph");
            }
        }
    }
}
