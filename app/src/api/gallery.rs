//! The gallery: starter designs shipped in `public/gallery/*.widget` (embedded in the server
//! by `app/build.rs`). Listing them is a GET; "Use this" creates a design from one and opens
//! its editor, from a plain form (it works without JavaScript).

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use super::error::AppError;
use super::types::{GalleryItem, GalleryPage, TagCount};

/// The gallery, or the part of it that carries `tag`.
#[server(endpoint = "ui/gallery", input = GetUrl, output = crate::api::codec::Json)]
pub async fn list_gallery(tag: Option<String>) -> Result<GalleryPage, AppError> {
    super::error::answer(Ok(page(catalog::entries().iter().map(|e| &e.item), tag)))
}

/// Creates a design from the gallery design `slug` and sends the browser to its editor.
#[server(endpoint = "ui/gallery/use", output = crate::api::codec::Json)]
pub async fn use_gallery(slug: String) -> Result<String, AppError> {
    super::error::answer(
        async move {
            let entry = catalog::find(&slug).ok_or_else(|| {
                AppError::not_found(format!(
                    "the gallery has no design {slug:?}; see /gallery for the list"
                ))
            })?;
            let message = format!("Copied from the gallery's {:?}", entry.design.name);
            let record = super::service::writer()?
                .create(entry.design.clone(), Some(message))
                .await?;
            leptos_axum::redirect(&format!("/designs/{}/edit", record.id));
            Ok(record.id)
        }
        .await,
    )
}

/// The page for a tag: the matching designs by name, and every tag with its count (most used
/// first, then by name). An unknown tag matches nothing; it is not an error.
pub fn page<'a>(items: impl Iterator<Item = &'a GalleryItem>, tag: Option<String>) -> GalleryPage {
    let all: Vec<&GalleryItem> = items.collect();
    let mut counts: std::collections::BTreeMap<&str, usize> = Default::default();
    for item in &all {
        for t in &item.tags {
            *counts.entry(t.as_str()).or_default() += 1;
        }
    }
    let mut tags: Vec<TagCount> = counts
        .into_iter()
        .map(|(tag, count)| TagCount {
            tag: tag.to_string(),
            count,
        })
        .collect();
    tags.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.tag.cmp(&b.tag)));
    let tag = tag.map(|t| t.trim().to_string()).filter(|t| !t.is_empty());
    let mut matching: Vec<GalleryItem> = all
        .iter()
        .filter(|i| tag.as_ref().is_none_or(|t| i.tags.contains(t)))
        .map(|i| (*i).clone())
        .collect();
    matching.sort_by(|a, b| a.name.cmp(&b.name));
    GalleryPage {
        items: matching,
        tags,
        tag,
        total: all.len(),
    }
}

/// The embedded gallery, parsed and built once.
#[cfg(feature = "ssr")]
pub mod catalog {
    use std::sync::LazyLock;

    use widget::Design;

    use super::GalleryItem;

    include!(concat!(env!("OUT_DIR"), "/gallery_files.rs"));

    /// One gallery design: the design a "Use this" creates, and what the page shows.
    #[derive(Debug)]
    pub struct Entry {
        pub design: Design,
        pub item: GalleryItem,
    }

    /// Parses a gallery file; `None` (and a log line) for a file that is not a design. The
    /// gallery test (`widget/tests/gallery.rs`) keeps every shipped file valid.
    pub fn entry(slug: &str, text: &str) -> Option<Entry> {
        let mut design = match Design::from_widget_file(text.as_bytes()) {
            Ok(d) => d,
            Err(report) => {
                leptos::logging::warn!(
                    "gallery/{slug}.widget is not a design: {}",
                    report
                        .errors
                        .first()
                        .map(|d| d.message.as_str())
                        .unwrap_or("")
                );
                return None;
            }
        };
        // The handler rules (a .widget does not carry them), so that the design's actions
        // answer in the Actions panel as soon as it is made.
        if let Some(handlers) = SOURCES
            .iter()
            .find(|(s, _)| *s == slug)
            .and_then(|(_, src)| serde_json::from_str::<serde_json::Value>(src).ok())
            .and_then(|doc| doc.get("handlers").cloned())
            .and_then(|h| serde_json::from_value(h).ok())
        {
            design.handlers = handlers;
        }
        let widget = design
            .build(&design.default_state)
            .widget
            .map(|w| w.to_serde());
        let item = GalleryItem {
            slug: slug.to_string(),
            name: design.name.clone(),
            description: design.description.clone(),
            tags: design.tags.clone(),
            states: design.states.iter().map(|s| s.name.clone()).collect(),
            widget,
        };
        Some(Entry { design, item })
    }

    /// Every gallery design, in slug order.
    pub fn entries() -> &'static [Entry] {
        static ENTRIES: LazyLock<Vec<Entry>> = LazyLock::new(|| {
            FILES
                .iter()
                .filter_map(|(slug, text)| entry(slug, text))
                .collect()
        });
        &ENTRIES
    }

    /// The gallery design `slug`.
    pub fn find(slug: &str) -> Option<&'static Entry> {
        entries().iter().find(|e| e.item.slug == slug)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(slug: &str, name: &str, tags: &[&str]) -> GalleryItem {
        GalleryItem {
            slug: slug.into(),
            name: name.into(),
            description: String::new(),
            tags: tags.iter().map(|t| t.to_string()).collect(),
            states: vec![],
            widget: None,
        }
    }

    #[test]
    fn a_tag_filters_and_every_tag_is_counted() {
        let items = [
            item("b", "Boarding pass", &["travel", "card"]),
            item("a", "Weather", &["weather", "card"]),
            item("c", "Flights", &["travel", "list"]),
        ];
        let p = page(items.iter(), None);
        assert_eq!(p.total, 3);
        let names: Vec<_> = p.items.iter().map(|i| i.name.as_str()).collect();
        assert_eq!(names, ["Boarding pass", "Flights", "Weather"]);
        let tags: Vec<_> = p.tags.iter().map(|t| (t.tag.as_str(), t.count)).collect();
        assert_eq!(
            tags,
            [("card", 2), ("travel", 2), ("list", 1), ("weather", 1)]
        );
        let p = page(items.iter(), Some(" travel ".into()));
        assert_eq!(p.tag.as_deref(), Some("travel"));
        assert_eq!(p.items.len(), 2);
        let p = page(items.iter(), Some("nope".into()));
        assert!(p.items.is_empty());
        assert_eq!(p.total, 3);
        assert_eq!(page(items.iter(), Some("".into())).items.len(), 3);
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn the_embedded_gallery_parses_and_a_broken_file_is_skipped() {
        assert_eq!(catalog::entries().len(), catalog::FILES.len());
        for e in catalog::entries() {
            assert!(e.item.widget.is_some(), "{} builds", e.item.slug);
            assert!(
                !e.item.description.is_empty(),
                "{} has a description",
                e.item.slug
            );
        }
        assert!(catalog::entry("broken", "{\"version\": \"1.0\"").is_none());
        // The rules of the sources come along: Approve answers in a new approval request.
        let approval = catalog::find("approval_request").unwrap();
        assert!(
            serde_json::to_string(&approval.design.handlers)
                .unwrap()
                .contains("approval.approve"),
            "{:?}",
            approval.design.handlers
        );
        assert!(catalog::find("no-such-design").is_none());
    }
}
