//! The grid of previews: every state (or one) in light, dark or both themes, at a width, with
//! each state's problems underneath.

use leptos::either::Either;
use leptos::prelude::*;
use render::WidgetTheme;

use super::diagnostics::Diagnostics;
use super::segmented::{SegLink, Segments};
use super::url::{Href, urlencode};
use super::widget_view::WidgetView;
use crate::api::types::{PreviewData, StateView};

/// Which themes the preview draws.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ThemeChoice {
    Light,
    Dark,
    Both,
}

impl ThemeChoice {
    pub fn parse(s: Option<&str>) -> ThemeChoice {
        s.and_then(ThemeChoice::parse_known)
            .unwrap_or(ThemeChoice::Light)
    }

    /// `light`, `dark` or `both`; anything else is none (the page's default applies).
    pub fn parse_known(s: &str) -> Option<ThemeChoice> {
        match s {
            "light" => Some(ThemeChoice::Light),
            "dark" => Some(ThemeChoice::Dark),
            "both" => Some(ThemeChoice::Both),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ThemeChoice::Light => "light",
            ThemeChoice::Dark => "dark",
            ThemeChoice::Both => "both",
        }
    }

    pub fn themes(self) -> &'static [WidgetTheme] {
        match self {
            ThemeChoice::Light => &[WidgetTheme::Light],
            ThemeChoice::Dark => &[WidgetTheme::Dark],
            ThemeChoice::Both => &[WidgetTheme::Light, WidgetTheme::Dark],
        }
    }
}

/// Width presets of a chat column, in CSS pixels.
pub const WIDTHS: &[u32] = &[360, 480, 768];

/// Parses `?width=`: a number of pixels within 200..=1600; otherwise 480.
pub fn parse_width(s: Option<&str>) -> u32 {
    s.and_then(|w| w.trim().trim_end_matches("px").parse::<u32>().ok())
        .filter(|w| (200..=1600).contains(w))
        .unwrap_or(480)
}

/// The theme and width pickers above a preview grid: links that change one query parameter of
/// the page's address (`here`) and keep the others, so they work without JavaScript; or, with
/// `form`, buttons that submit that form with the setting ([`SegLink`]'s `form`).
#[component]
pub fn PreviewControls(
    here: Href,
    choice: ThemeChoice,
    width: u32,
    #[prop(optional)] form: Option<&'static str>,
) -> impl IntoView {
    let link = move |key: &str, value: &str| here.clone().set(key, Some(value)).to_string();
    let theme_links: Vec<AnyView> = [
        (ThemeChoice::Light, "Light"),
        (ThemeChoice::Dark, "Dark"),
        (ThemeChoice::Both, "Both"),
    ]
    .into_iter()
    .map(|(c, label)| {
        view! { <SegLink href=link("theme", c.as_str()) active=choice == c label=label setting=("theme", c.as_str().to_string()) form=form /> }
            .into_any()
    })
    .collect();
    let width_links: Vec<AnyView> = WIDTHS
        .iter()
        .map(|w| {
            view! { <SegLink href=link("width", &w.to_string()) active=width == *w label=w.to_string() setting=("width", w.to_string()) form=form /> }
                .into_any()
        })
        .collect();
    // Each label stays with its options when the row wraps.
    view! {
        <div class="inline-flex flex-wrap items-center gap-2">
            <span class="font-medium">"Theme"</span>
            <Segments label="Preview theme">{theme_links}</Segments>
        </div>
        <div class="inline-flex flex-wrap items-center gap-2">
            <span class="font-medium">"Width"</span>
            <Segments label="Preview width">{width_links}</Segments>
        </div>
    }
}

/// A custom preview width: a form that sends `width` to `action` with the `hidden` fields
/// (the page's other settings), so it works without JavaScript. `post` for a page whose
/// settings may be too long for an address (a pasted source).
#[component]
pub fn WidthForm(
    action: String,
    #[prop(optional)] post: bool,
    hidden: Vec<(String, String)>,
    width: u32,
) -> impl IntoView {
    let hidden: Vec<AnyView> = hidden
        .into_iter()
        .map(|(k, v)| view! { <input type="hidden" name=k value=v /> }.into_any())
        .collect();
    view! {
        <form method=if post { "post" } else { "get" } action=action class="flex items-center gap-2" data-ws-setting="width">
            {hidden}
            <label for="ws-width" class="sr-only">"Custom width in pixels"</label>
            <input id="ws-width" name="width" type="number" min="200" max="1600" step="1" value=width.to_string()
                class="w-20 rounded-md border border-slate-300 bg-white px-2 py-1 dark:border-slate-700 dark:bg-slate-900" data-testid="custom-width"/>
            <button type="submit" class="rounded-md border border-slate-300 px-2 py-1 dark:border-slate-700">"Set width"</button>
        </form>
    }
}

/// The address the state links of a grid extend: `here` without its state, ending in `state=`.
pub fn state_base(here: &Href) -> String {
    let s = here.clone().set("state", None::<String>).to_string();
    format!("{s}{}state=", if s.contains('?') { '&' } else { '?' })
}

#[component]
pub fn PreviewGrid(
    data: PreviewData,
    choice: ThemeChoice,
    width: u32,
    /// The state shown, or `all`.
    state: String,
    /// A URL ending in `state=`: each state link appends the state's name.
    state_base: String,
    /// One column: the themes of a state one above the other (for a side pane).
    #[prop(optional)]
    stack: bool,
    /// The level of the widgets' headings: one below the page's heading above the grid.
    #[prop(default = 2)]
    heading_level: u8,
    /// List each state's accessibility warnings under the grid (the editor lists them itself,
    /// with their fixes).
    #[prop(default = true)]
    a11y: bool,
    /// Mark drawn components with their JSON path (`data-wgt-path`), so a click can select
    /// them (the editor).
    #[prop(optional)]
    paths: bool,
    /// The state links are buttons submitting this form ([`SegLink`]'s `form`).
    #[prop(optional)]
    form: Option<&'static str>,
) -> impl IntoView {
    if !data.errors.is_empty() {
        return Either::Left(
            view! { <Diagnostics title="The source could not be read".to_string() diags=data.errors /> },
        );
    }
    let names: Vec<String> = data.states.iter().map(|s| s.name.clone()).collect();
    let known = names.contains(&state);
    // A state the address names that the design does not have (a stale link, a typo, a state
    // renamed since): said, and every state shown.
    let unknown = (state != "all" && !known).then(|| {
        view! {
            <p class="text-sm text-amber-800 dark:text-amber-300" data-testid="unknown-state">
                {format!("This design has no state named “{state}”: every state is shown.")}
            </p>
        }
    });
    let state_for_links = state.clone();
    let state_links = (names.len() > 1).then(move || {
        let mut links: Vec<AnyView> = Vec::new();
        for n in names {
            let active = n == state_for_links;
            links.push(view! { <SegLink href=format!("{state_base}{}", urlencode(&n)) active=active label=n.clone() setting=("state", n.clone()) form=form /> }.into_any());
        }
        links.push(view! { <SegLink href=format!("{state_base}all") active=state_for_links == "all" label="All states" setting=("state", "all".to_string()) form=form /> }.into_any());
        view! { <div class="flex items-center gap-4 text-sm"><span class="font-medium">"State"</span><Segments label="State">{links}</Segments></div> }
    });
    let shown: Vec<StateView> = data
        .states
        .into_iter()
        .filter(|s| state == "all" || s.name == state || !known)
        .collect();
    let themes = choice.themes();
    let cols = if stack { 1 } else { themes.len() };
    let cells: Vec<AnyView> = shown
        .iter()
        .flat_map(|s| {
            themes.iter().map(move |&t| {
                let frame = match &s.widget {
                    Some(w) => view! { <WidgetView widget=w.clone() theme=t heading_level=heading_level scope=s.name.clone() paths=paths /> }.into_any(),
                    None => view! { <p class="wgt-build-failed">"This state does not build; see the errors below."</p> }.into_any(),
                };
                view! {
                    <figure class="ws-frame" data-state=s.name.clone() data-theme=t.as_str() style=format!("width:{width}px;max-width:100%")>
                        <figcaption class="ws-frame-caption">{format!("{} · {}", s.name, t.as_str())}</figcaption>
                        <div class="ws-frame-body" data-theme=t.as_str()>{frame}</div>
                    </figure>
                }
                .into_any()
            })
        })
        .collect();
    let mut diag_views: Vec<AnyView> = shown
        .iter()
        .filter(|s| !s.diagnostics.is_empty())
        .map(|s| {
            view! { <Diagnostics title=format!("State {}", s.name) diags=s.diagnostics.clone() /> }
                .into_any()
        })
        .collect();
    if a11y {
        diag_views.extend(shown.iter().filter(|s| !s.a11y.is_empty()).map(|s| {
            view! { <Diagnostics title=format!("Accessibility · state {}", s.name) diags=s.a11y.clone() testid="a11y" /> }
                .into_any()
        }));
    }
    let kind = data.kind.map(|k| match k {
        widget::DesignKind::Jsx => "jsx",
        widget::DesignKind::Json => "json",
        widget::DesignKind::TemplateOnly => "template-only",
    });
    Either::Right(super::erased_on_server(view! {
        <div class="space-y-4" data-testid="preview" data-kind=kind>
            {unknown}
            {state_links}
            <div class="overflow-x-auto pb-2">
                <div class="ws-grid" style=format!("grid-template-columns:repeat({cols}, min(100%, {width}px))")>{cells}</div>
            </div>
            {diag_views}
        </div>
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_and_themes() {
        assert_eq!(parse_width(Some("360")), 360);
        assert_eq!(parse_width(Some("1000px")), 1000);
        assert_eq!(parse_width(Some("10")), 480);
        assert_eq!(parse_width(Some("abc")), 480);
        assert_eq!(parse_width(None), 480);
        assert_eq!(ThemeChoice::parse(Some("both")).themes().len(), 2);
        assert_eq!(ThemeChoice::parse(Some("dark")).as_str(), "dark");
        assert_eq!(ThemeChoice::parse_known("purple"), None);
        assert_eq!(ThemeChoice::parse_known("both"), Some(ThemeChoice::Both));
    }
}
