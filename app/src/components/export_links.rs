//! The plain download links of a design's exports (the editor's Export section, the design
//! page, a share page), and the note beside them when the design's images need a host.
//!
//! An export never leaves an `asset:` reference, which only the studio can serve: without an
//! asset base it answers 422 (`docs/assets.md`). A plain link cannot show that answer (the
//! browser reports a failed download), so for a design that uses studio images and has no
//! base, the links ask for every image inline as a `data:` URL: the file works anywhere, and
//! the note says how to host the images instead.

use leptos::prelude::*;
use widget::Design;

use super::url::Href;

/// `inline_max` larger than any asset can be: every image inline.
pub const INLINE_ALL: &str = "1099511627776";

/// The link that downloads `doc` exported as `format` (`widget` or `json`) for `state` (none:
/// the default), from `export` (`/api/designs/{id}/export` or `/s/{token}/export`).
pub fn export_href(export: &str, format: &str, state: Option<&str>, doc: &Design) -> String {
    Href::new(export)
        .set("format", Some(format))
        .set("state", state)
        .set("inline_max", doc.needs_asset_base().then_some(INLINE_ALL))
        .to_string()
}

/// Says that the downloads carry the images inline, and how to host them instead; nothing
/// for a design that needs no base. `owner`: the reader can change the design (not a share).
#[component]
pub fn InlineAssetsNote(needed: bool, #[prop(optional)] owner: bool) -> impl IntoView {
    needed.then(|| {
        let how = if owner {
            "To link them from your own host instead, set the Asset base URL in the editor's \"Name, description and tags\", or use the export form."
        } else {
            "The design's owner can set an asset base URL to link them from a host instead."
        };
        view! {
            <p class="max-w-2xl text-xs text-slate-600 dark:text-slate-400" data-testid="inline-assets-note">
                {format!("This design shows images uploaded to the studio and has no asset base URL, so these downloads carry the images inline as data: URLs. {how}")}
            </p>
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_without_a_base_are_asked_inline() {
        let mut doc = Design::default();
        doc.source = r#"<Card><Image src="asset:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" /></Card>"#.into();
        assert!(doc.needs_asset_base());
        assert_eq!(
            export_href("/api/designs/d1/export", "widget", None, &doc),
            format!("/api/designs/d1/export?format=widget&inline_max={INLINE_ALL}")
        );
        assert_eq!(
            export_href("/s/T/export", "json", Some("two words"), &doc),
            format!("/s/T/export?format=json&state=two%20words&inline_max={INLINE_ALL}")
        );
        doc.export.asset_base = Some("https://cdn.example.com/w/".into());
        assert!(!doc.needs_asset_base());
        assert_eq!(
            export_href("/api/designs/d1/export", "widget", None, &doc),
            "/api/designs/d1/export?format=widget"
        );
        let plain = Design::default();
        assert!(!plain.needs_asset_base());
    }
}
