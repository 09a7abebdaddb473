//! `Markdown` values as CommonMark (plus GFM tables, strikethrough and task lists), sanitised.
//!
//! Raw HTML never reaches the page: HTML blocks and inline HTML become escaped text. Links
//! keep their `href` only when it is an absolute http(s) URL (and open in a new tab with
//! `rel="noopener noreferrer nofollow"`); any other link renders as its plain text. Images
//! load only from http(s) or `data:image/*` URLs; others render as their alt text.
//!
//! Headings are drawn at the host page's levels ([`to_html_at`]): the Markdown's top heading
//! level becomes the widget's heading level, deeper ones follow without skipping a level, and
//! `data-md` keeps the level as written (the stylesheet sizes headings by it).

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};

use super::style::safe_image_url;

/// `true` for an absolute `http:`/`https:` URL without whitespace or control characters.
pub fn safe_link(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    (lower.starts_with("http://") || lower.starts_with("https://"))
        && !url.chars().any(|c| c.is_control() || c.is_whitespace())
}

/// Renders Markdown source to sanitised HTML, with headings from level 2.
pub fn to_html(src: &str) -> String {
    to_html_at(src, 2)
}

fn level_of(n: u8) -> HeadingLevel {
    match n {
        0 | 1 => HeadingLevel::H1,
        2 => HeadingLevel::H2,
        3 => HeadingLevel::H3,
        4 => HeadingLevel::H4,
        5 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}

/// Renders Markdown source to sanitised HTML; its headings start at `level` (1–6).
pub fn to_html_at(src: &str, level: u8) -> String {
    let opts = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    // For each open link/image, whether it was dropped (so its end is dropped too).
    let mut dropped: Vec<bool> = Vec::new();
    let events = Parser::new_ext(src, opts).filter_map(|ev| match ev {
        Event::Html(h) | Event::InlineHtml(h) => Some(Event::Text(h)),
        Event::Start(Tag::HtmlBlock) => Some(Event::Start(Tag::Paragraph)),
        Event::End(TagEnd::HtmlBlock) => Some(Event::End(TagEnd::Paragraph)),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            let ok = safe_link(&dest_url);
            dropped.push(!ok);
            ok.then_some(Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }))
        }
        Event::End(TagEnd::Link) => match dropped.pop() {
            Some(true) => None,
            _ => Some(Event::End(TagEnd::Link)),
        },
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => match safe_image_url(&dest_url) {
            Some(url) => {
                dropped.push(false);
                Some(Event::Start(Tag::Image {
                    link_type,
                    dest_url: CowStr::from(url),
                    title,
                    id,
                }))
            }
            None => {
                dropped.push(true);
                None
            }
        },
        Event::End(TagEnd::Image) => match dropped.pop() {
            Some(true) => None,
            _ => Some(Event::End(TagEnd::Image)),
        },
        other => Some(other),
    });
    let events: Vec<Event> = events.collect();
    // Heading levels: the top one written becomes `level`; each heading is at most one level
    // below the one before it, so the host page's outline has no gaps.
    let top = events
        .iter()
        .filter_map(|e| match e {
            Event::Start(Tag::Heading { level, .. }) => Some(*level as u8),
            _ => None,
        })
        .min()
        .unwrap_or(1);
    let base = level.clamp(1, 6);
    let mut prev: Option<u8> = None;
    let mut open: Vec<HeadingLevel> = Vec::new();
    let events = events.into_iter().map(|e| match e {
        Event::Start(Tag::Heading {
            level: written,
            id,
            classes,
            ..
        }) => {
            let written = written as u8;
            let want = base.saturating_add(written - top.min(written));
            let out = prev.map_or(base, |p| want.min(p + 1)).min(6);
            prev = Some(out);
            open.push(level_of(out));
            Event::Start(Tag::Heading {
                level: level_of(out),
                id,
                classes,
                attrs: vec![(
                    CowStr::from("data-md"),
                    Some(CowStr::from(written.to_string())),
                )],
            })
        }
        Event::End(TagEnd::Heading(_)) => {
            Event::End(TagEnd::Heading(open.pop().unwrap_or(HeadingLevel::H6)))
        }
        other => other,
    });
    let mut out = String::with_capacity(src.len() * 3 / 2 + 16);
    html::push_html(&mut out, events);
    // All text was escaped by push_html, so the only `<a href=` left are real links.
    out.replace(
        "<a href=\"",
        "<a target=\"_blank\" rel=\"noopener noreferrer nofollow\" href=\"",
    )
    .replace("<img src=\"", "<img loading=\"lazy\" src=\"")
}

#[cfg(test)]
mod tests {
    use super::{to_html, to_html_at};

    #[test]
    fn headings_start_at_the_host_level_without_gaps() {
        let out = to_html_at("### Notes\n\n##### Deep\n\n#### Less\n\n### Again", 3);
        assert!(out.contains("<h3 data-md=\"3\">Notes</h3>"), "{out}");
        assert!(out.contains("<h4 data-md=\"5\">Deep</h4>"), "{out}");
        assert!(out.contains("<h4 data-md=\"4\">Less</h4>"), "{out}");
        assert!(out.contains("<h3 data-md=\"3\">Again</h3>"), "{out}");
        assert!(to_html_at("# T", 9).contains("<h6 data-md=\"1\">T</h6>"));
        assert!(to_html("# T").contains("<h2 data-md=\"1\">T</h2>"));
    }

    #[test]
    fn commonmark_blocks() {
        let h = to_html(
            "# Title\n\n- one\n- two\n\n1. a\n2. b\n\n`code` and **bold** _it_ ~~gone~~\n\n```\nfn x() {}\n```\n",
        );
        for want in [
            "<h2 data-md=\"1\">Title</h2>",
            "<ul>\n<li>one</li>",
            "<ol>\n<li>a</li>",
            "<code>code</code>",
            "<strong>bold</strong>",
            "<em>it</em>",
            "<del>gone</del>",
            "<pre><code>fn x() {}\n</code></pre>",
        ] {
            assert!(h.contains(want), "{want} missing in {h}");
        }
    }

    #[test]
    fn tables() {
        let h = to_html("| a | b |\n|---|--:|\n| 1 | 2 |\n");
        assert!(
            h.contains("<table>")
                && h.contains("<th>a</th>")
                && h.contains("<td style=\"text-align: right\">2</td>"),
            "{h}"
        );
    }

    #[test]
    fn links_only_http() {
        let h = to_html(
            "[ok](https://example.com/x?a=1&b=2) [bad](javascript:alert(1)) [rel](/admin) [mail](mailto:a@b)",
        );
        assert!(h.contains("<a target=\"_blank\" rel=\"noopener noreferrer nofollow\" href=\"https://example.com/x?a=1&amp;b=2\">ok</a>"), "{h}");
        assert!(!h.contains("javascript"), "{h}");
        assert!(!h.contains("/admin"), "{h}");
        assert!(!h.contains("mailto"), "{h}");
        assert!(h.contains("bad") && h.contains("rel") && h.contains("mail"));
        let auto = to_html("<javascript:alert(1)> <https://ok.example>");
        assert!(!auto.contains("href=\"javascript"), "{auto}");
        assert!(auto.contains("href=\"https://ok.example\""), "{auto}");
    }

    #[test]
    fn raw_html_is_escaped() {
        for src in [
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "a <b onclick=alert(1)>b</b>",
            "<div>\n<iframe src=javascript:alert(1)></iframe>\n</div>",
            "<!-- c --><style>*{}</style>",
        ] {
            let h = to_html(src);
            assert!(
                !h.contains("<script")
                    && !h.contains("<img")
                    && !h.contains("<b ")
                    && !h.contains("<iframe")
                    && !h.contains("<style")
                    && !h.contains("<!--"),
                "{src} → {h}"
            );
            assert!(h.contains("&lt;"), "{src} → {h}");
        }
    }

    #[test]
    fn images_only_http_or_data_image() {
        let h = to_html(
            "![a](https://img.example/a.png) ![b](javascript:x) ![c](data:text/html,x) ![d](data:image/png;base64,AAAA)",
        );
        assert!(
            h.contains("src=\"https://img.example/a.png\" alt=\"a\""),
            "{h}"
        );
        assert!(h.contains("src=\"data:image/png;base64,AAAA\""), "{h}");
        assert!(!h.contains("javascript") && !h.contains("text/html"), "{h}");
    }

    #[test]
    fn reference_links_and_nested_images_in_links() {
        let h =
            to_html("[x][r] [![i](javascript:1)](https://a.example)\n\n[r]: javascript:alert(1)\n");
        assert!(!h.contains("javascript"), "{h}");
        assert!(h.contains("href=\"https://a.example\""), "{h}");
    }
}
