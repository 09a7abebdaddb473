//! The plain download links of a design's exports (the editor's Export section, the design
//! page, a share page, the A2UI tab's link to the saved revision), and the note beside them
//! when the design's images need a host.
//!
//! An export never leaves an `asset:` reference, which only the studio can serve: without an
//! asset base it answers 422 (`docs/assets.md`). A plain link cannot show that answer (the
//! browser reports a failed download), so the links ask the server to put images that have
//! no host inline as `data:` URLs (`inline_unhosted=true`). The server decides with the design
//! as it is saved when the link is followed, so a link drawn before an image was added or a
//! base was set still downloads the right file.

use leptos::prelude::*;

use super::url::Href;

/// The link that downloads a design exported as `format` (`widget`, `json` or `a2ui`) for
/// `state` (none: the default), from `export` (`/api/designs/{id}/export` or
/// `/s/{token}/export`).
pub fn export_href(export: &str, format: &str, state: Option<&str>) -> String {
    Href::new(export)
        .set("format", Some(format))
        .set("state", state)
        .set("inline_unhosted", Some("true"))
        .to_string()
}

/// Says that the downloads carry the images inline, and how to host them instead, when
/// `needed` (the page's design uses studio images and has no asset base); nothing otherwise.
/// `owner`: the reader can change the design (not a share page).
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
    fn links_ask_for_images_without_a_host_inline() {
        assert_eq!(
            export_href("/api/designs/d1/export", "widget", None),
            "/api/designs/d1/export?format=widget&inline_unhosted=true"
        );
        assert_eq!(
            export_href("/s/T/export", "json", Some("two words")),
            "/s/T/export?format=json&state=two%20words&inline_unhosted=true"
        );
    }
}

/// Python that loads the exported `.widget` with the SDK's `WidgetTemplate` and builds it with
/// the design's default state.
pub fn python_snippet(design: &widget::Design) -> String {
    let state = serde_json::to_string(&design.default_state).unwrap_or_else(|_| "{}".into());
    // A JSON string literal is also a valid Python string literal.
    let literal = serde_json::to_string(&state).unwrap_or_else(|_| "\"{}\"".into());
    format!(
        "import json\nfrom chatkit.widgets import WidgetTemplate\n\ntemplate = WidgetTemplate.from_file(\"{}.widget\")\nwidget = template.build(json.loads({literal}))\n",
        widget::widgetfile::download_stem(&design.name)
    )
}

#[cfg(test)]
mod snippet_tests {
    use super::*;

    #[test]
    fn the_snippet_names_the_file_and_carries_the_state() {
        let mut d = widget::starter::Starter::Card.design("Flight status");
        d.default_state = serde_json::json!({"title": "It's \"here\"\n", "n": 1.5, "ok": true});
        let s = python_snippet(&d);
        assert!(
            s.contains("WidgetTemplate.from_file(\"flight-status.widget\")"),
            "{s}"
        );
        let line = s.lines().find(|l| l.starts_with("widget = ")).unwrap();
        let literal = line
            .trim_start_matches("widget = template.build(json.loads(")
            .trim_end_matches("))");
        let json_text: String = serde_json::from_str(literal).unwrap();
        let back: serde_json::Value = serde_json::from_str(&json_text).unwrap();
        assert_eq!(back, d.default_state);
    }
}
