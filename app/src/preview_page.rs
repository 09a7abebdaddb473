//! `/preview`: paste widget JSON, a `.widget` file, a design document or a JSX view and see it
//! drawn by the preview renderer in light, dark or both themes, at chat-column widths, with
//! every named state at once.
//!
//! Everything the page shows is addressed by its URL (`?sample=`, `?source=`, `?theme=`,
//! `?width=`, `?state=`), so it renders on the server and works without JavaScript; once
//! hydrated, typing in the source re-renders live. Building states (the JSX evaluator, the
//! validator) runs on the server behind the `preview_design` server function, which keeps
//! them out of the wasm bundle; the renderer itself runs on both sides.

use leptos::prelude::*;
use leptos::server_fn::codec::JsonEncoding;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::preview::{WidgetTheme, WidgetView};

/// A diagnostic as the page shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Diag {
    pub error: bool,
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub code: String,
    pub message: String,
}

/// One state of the design, built.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StateView {
    pub name: String,
    pub widget: Option<Value>,
    pub diagnostics: Vec<Diag>,
}

/// What the preview shows for a source.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PreviewData {
    /// `json`, `jsx` or `template-only`; empty when the source could not be read.
    pub kind: String,
    pub states: Vec<StateView>,
    /// Errors reading the source itself.
    pub errors: Vec<Diag>,
}

/// Largest source the preview accepts.
pub const MAX_SOURCE: usize = 1 << 20;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, thiserror::Error)]
pub enum PreviewError {
    #[error("the source is {0} bytes; the preview accepts at most 1 MiB")]
    TooLarge(usize),
    #[error(transparent)]
    ServerFn(#[from] ServerFnErrorErr),
}

impl FromServerFnError for PreviewError {
    type Encoder = JsonEncoding;
    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        PreviewError::ServerFn(value)
    }
}

/// Builds every state of the pasted source (a thin wrapper over [`preview_data`]).
#[server(endpoint = "preview")]
pub async fn preview_design(source: String) -> Result<PreviewData, PreviewError> {
    preview_data(&source)
}

/// The pure function behind [`preview_design`].
#[cfg(feature = "ssr")]
pub fn preview_data(source: &str) -> Result<PreviewData, PreviewError> {
    use widget::design::Design;
    if source.len() > MAX_SOURCE {
        return Err(PreviewError::TooLarge(source.len()));
    }
    fn diags(r: &widget::diag::Report) -> Vec<Diag> {
        r.all()
            .map(|d| Diag {
                error: d.is_error(),
                path: d.path.clone(),
                line: d.line,
                column: d.column,
                code: d.code.as_str().to_string(),
                message: d.message.clone(),
            })
            .collect()
    }
    Ok(match Design::from_input(source) {
        Ok(design) => PreviewData {
            kind: serde_json::to_value(design.kind)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default(),
            states: design
                .build_states()
                .into_iter()
                .map(|b| StateView {
                    diagnostics: diags(&b.report),
                    name: b.name,
                    widget: b.widget,
                })
                .collect(),
            errors: Vec::new(),
        },
        Err(report) => PreviewData {
            kind: String::new(),
            states: Vec::new(),
            errors: diags(&report),
        },
    })
}

/// Built-in samples: (id, title, source).
pub const SAMPLES: &[(&str, &str, &str)] = &[
    (
        "flight",
        "Flight status (JSX, 3 states)",
        include_str!("samples/flight.json"),
    ),
    ("sales", "Sales chart", include_str!("samples/sales.json")),
    ("inbox", "Inbox list", include_str!("samples/inbox.json")),
    ("form", "Booking form", include_str!("samples/form.json")),
];

fn sample_source(id: &str) -> Option<&'static str> {
    SAMPLES.iter().find(|s| s.0 == id).map(|s| s.2)
}

/// Preview theme choice.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ThemeChoice {
    Light,
    Dark,
    Both,
}

impl ThemeChoice {
    pub fn parse(s: Option<&str>) -> ThemeChoice {
        match s {
            Some("dark") => ThemeChoice::Dark,
            Some("both") => ThemeChoice::Both,
            _ => ThemeChoice::Light,
        }
    }
    fn themes(self) -> &'static [WidgetTheme] {
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

#[component]
pub fn PreviewPage() -> impl IntoView {
    let query = use_query_map();
    let q = move |k: &str| query.with_untracked(|m| m.get(k));
    let theme = q("theme").unwrap_or_else(|| "light".into());
    let choice = ThemeChoice::parse(Some(&theme));
    let width = parse_width(q("width").as_deref());
    let state = q("state").unwrap_or_else(|| "all".into());
    // The source: `?source=` wins, then `?sample=`, then the first sample.
    let source = q("source").unwrap_or_else(|| {
        sample_source(q("sample").as_deref().unwrap_or("flight"))
            .unwrap_or(SAMPLES[0].2)
            .to_string()
    });
    // Links that change one query parameter and keep the others.
    let href = move |key: &str, value: &str| {
        let mut pairs: Vec<(String, String)> = ["sample", "source", "theme", "width", "state"]
            .iter()
            .filter(|k| **k != key)
            .filter_map(|k| q(k).map(|v| (k.to_string(), v)))
            .collect();
        pairs.push((key.to_string(), value.to_string()));
        let qs: Vec<String> = pairs
            .iter()
            .map(|(k, v)| format!("{k}={}", urlencode(v)))
            .collect();
        format!("/preview?{}", qs.join("&"))
    };
    let seg = move |key: &'static str, value: &'static str, label: &'static str, active: bool| {
        view! { <a href=href(key, value) class="ws-seg" aria-current=active.then_some("true")>{label}</a> }
    };
    let hidden =
        move |k: &'static str| q(k).map(|v| view! { <input type="hidden" name=k value=v /> });
    // The state links keep everything but the state.
    let state_base = href("state", "");
    let sample_links = SAMPLES
        .iter()
        .map(|(id, title, _)| view! { <li><a href=format!("/preview?sample={id}") class="hover:underline">{*title}</a></li> })
        .collect::<Vec<_>>();

    view! {
        <Title text="Preview · Widget Studio"/>
        <div class="space-y-6">
            <header class="space-y-2">
                <h1 class="text-3xl font-bold tracking-tight">"Preview"</h1>
                <p class="max-w-3xl text-slate-600 dark:text-slate-300">
                    "Paste widget JSON, a .widget file, a design document or a JSX view. "
                    "Every named state is drawn at once, in the light and dark themes, at chat-column widths."
                </p>
                <ul class="flex flex-wrap gap-x-4 gap-y-1 text-sm text-indigo-700 dark:text-indigo-300" data-testid="samples">{sample_links}</ul>
            </header>
            <div class="flex flex-wrap items-center gap-4 text-sm" data-testid="controls">
                <span class="font-medium">"Theme"</span>
                <div class="ws-segs" role="group" aria-label="Preview theme">
                    {seg("theme", "light", "Light", choice == ThemeChoice::Light)}
                    {seg("theme", "dark", "Dark", choice == ThemeChoice::Dark)}
                    {seg("theme", "both", "Both", choice == ThemeChoice::Both)}
                </div>
                <span class="font-medium">"Width"</span>
                <div class="ws-segs" role="group" aria-label="Preview width">
                    {seg("width", "360", "360", width == 360)}
                    {seg("width", "480", "480", width == 480)}
                    {seg("width", "768", "768", width == 768)}
                </div>
                <form method="get" action="/preview" class="flex items-center gap-2">
                    {hidden("sample")}{hidden("source")}{hidden("theme")}{hidden("state")}
                    <label for="ws-width" class="sr-only">"Custom width in pixels"</label>
                    <input id="ws-width" name="width" type="number" min="200" max="1600" step="1" value=width.to_string()
                        class="w-20 rounded-md border border-slate-300 bg-white px-2 py-1 dark:border-slate-700 dark:bg-slate-900" data-testid="custom-width"/>
                    <button type="submit" class="rounded-md border border-slate-300 px-2 py-1 dark:border-slate-700">"Set width"</button>
                </form>
            </div>
            <LivePreview source=source theme=theme width=width state=state state_base=state_base hidden_theme=q("theme") hidden_width=q("width") />
        </div>
    }
}

/// The interactive part of `/preview`: the source editor and the grid of previews. Without
/// JavaScript the form re-renders the page on the server; with it, typing re-renders live.
#[island]
fn LivePreview(
    source: String,
    theme: String,
    width: u32,
    state: String,
    state_base: String,
    hidden_theme: Option<String>,
    hidden_width: Option<String>,
) -> impl IntoView {
    let choice = ThemeChoice::parse(Some(&theme));
    let (typed, set_typed) = signal(source.clone());
    // Blocking: the server waits for it, so the page is complete without JavaScript.
    let data = Resource::new_blocking(move || typed.get(), preview_design);

    // Debounced live update while typing.
    let generation = StoredValue::new(0u64);
    let on_input = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        generation.update_value(|g| *g += 1);
        let mine = generation.get_value();
        set_timeout(
            move || {
                if generation.get_value() == mine {
                    set_typed.set(text);
                }
            },
            std::time::Duration::from_millis(150),
        );
    };
    view! {
        <form method="get" action="/preview" class="space-y-2" data-testid="source-form">
            <label for="ws-source" class="text-sm font-medium">"Source"</label>
            <textarea id="ws-source" name="source" rows="14" spellcheck="false" data-testid="source"
                class="block w-full rounded-lg border border-slate-300 bg-white p-3 font-mono text-xs leading-5 dark:border-slate-700 dark:bg-slate-900"
                on:input=on_input>{source}</textarea>
            {hidden_theme.map(|v| view! { <input type="hidden" name="theme" value=v /> })}
            {hidden_width.map(|v| view! { <input type="hidden" name="width" value=v /> })}
            <button type="submit" class="rounded-md bg-slate-900 px-3 py-1.5 text-sm font-medium text-white dark:bg-slate-100 dark:text-slate-900">"Render"</button>
            <span class="ml-2 text-xs text-slate-500">"Updates as you type when JavaScript is on."</span>
        </form>
        <Transition fallback=|| view! { <p class="text-sm text-slate-500">"Rendering…"</p> }>
            {move || {
                let state = state.clone();
                let state_base = state_base.clone();
                data.get().map(move |r| match r {
                    Ok(d) => view! { <PreviewGrid data=d choice=choice width=width state=state state_base=state_base /> }.into_any(),
                    Err(e) => view! { <p class="text-red-700 dark:text-red-400" role="alert">{e.to_string()}</p> }.into_any(),
                })
            }}
        </Transition>
    }
}

/// Percent-encodes everything but unreserved characters (RFC 3986), for query values.
pub fn urlencode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[component]
pub(crate) fn PreviewGrid(
    data: PreviewData,
    choice: ThemeChoice,
    width: u32,
    state: String,
    /// `/preview?…&state=`: the state's name is appended.
    state_base: String,
) -> impl IntoView {
    if !data.errors.is_empty() {
        return view! { <Diagnostics title="The source could not be read".to_string() diags=data.errors /> }.into_any();
    }
    let names: Vec<String> = data.states.iter().map(|s| s.name.clone()).collect();
    let known = names.contains(&state);
    let state_for_links = state.clone();
    let state_links = (names.len() > 1).then(move || {
        let mut links: Vec<AnyView> = Vec::new();
        for n in names {
            let active = n == state_for_links;
            let label = n.clone();
            links.push(view! { <a href=format!("{state_base}{}", urlencode(&n)) class="ws-seg" aria-current=active.then_some("true")>{label}</a> }.into_any());
        }
        links.push(view! { <a href=format!("{state_base}all") class="ws-seg" aria-current=(state_for_links == "all").then_some("true")>"All states"</a> }.into_any());
        view! { <div class="flex items-center gap-4 text-sm"><span class="font-medium">"State"</span><div class="ws-segs" role="group" aria-label="State">{links}</div></div> }
    });
    let shown: Vec<StateView> = data
        .states
        .into_iter()
        .filter(|s| state == "all" || s.name == state || !known)
        .collect();
    let themes = choice.themes();
    let cols = themes.len();
    let cells: Vec<AnyView> = shown
        .iter()
        .flat_map(|s| {
            themes.iter().map(move |&t| {
                let frame = match &s.widget {
                    Some(w) => view! { <WidgetView widget=w.clone() theme=t /> }.into_any(),
                    None => view! { <p class="wgt-build-failed">"This state does not build; see the errors below."</p> }.into_any(),
                };
                view! {
                    <figure class="ws-frame" data-state=s.name.clone() data-theme=t.as_str() style=format!("width:{width}px")>
                        <figcaption class="ws-frame-caption">{format!("{} · {}", s.name, t.as_str())}</figcaption>
                        <div class="ws-frame-body" data-theme=t.as_str()>{frame}</div>
                    </figure>
                }
                .into_any()
            })
        })
        .collect();
    let diag_views: Vec<AnyView> = shown
        .iter()
        .filter(|s| !s.diagnostics.is_empty())
        .map(|s| {
            view! { <Diagnostics title=format!("State {}", s.name) diags=s.diagnostics.clone() /> }
                .into_any()
        })
        .collect();
    view! {
        <div class="space-y-4" data-testid="preview" data-kind=data.kind>
            {state_links}
            <div class="overflow-x-auto pb-2">
                <div class="ws-grid" style=format!("grid-template-columns:repeat({cols}, {width}px)")>{cells}</div>
            </div>
            {diag_views}
        </div>
    }
    .into_any()
}

#[component]
fn Diagnostics(title: String, diags: Vec<Diag>) -> impl IntoView {
    let items: Vec<AnyView> = diags
        .into_iter()
        .map(|d| {
            let sev = if d.error { "error" } else { "warning" };
            view! {
                <li data-severity=sev>
                    <span class="font-mono">{format!("{}:{}", d.line, d.column)}</span>" "
                    <span class="font-mono text-slate-500">{if d.path.is_empty() { "(root)".to_string() } else { d.path }}</span>" "
                    <span>{d.message}</span>" "
                    <span class="text-xs text-slate-500">{format!("[{}]", d.code)}</span>
                </li>
            }
            .into_any()
        })
        .collect();
    view! {
        <section class="ws-diags" data-testid="diagnostics">
            <h2 class="text-sm font-semibold">{title}</h2>
            <ul class="space-y-1 text-sm">{items}</ul>
        </section>
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn every_sample_builds_without_errors() {
        for (id, _, src) in SAMPLES {
            let d = preview_data(src).unwrap();
            assert!(d.errors.is_empty(), "{id}: {:?}", d.errors);
            for s in &d.states {
                assert!(s.widget.is_some(), "{id}/{}", s.name);
                assert!(
                    s.diagnostics.iter().all(|d| !d.error),
                    "{id}/{}: {:?}",
                    s.name,
                    s.diagnostics
                );
            }
        }
        assert!(preview_data(SAMPLES[0].2).unwrap().states.len() >= 3);
    }

    #[test]
    fn bad_sources_are_reported_not_thrown() {
        let d = preview_data("{\"type\": \"Card\",\n \"children\": [}").unwrap();
        assert!(d.states.is_empty());
        assert_eq!(
            (d.errors[0].line, d.errors[0].column),
            (2, 15),
            "{:?}",
            d.errors
        );
        let d = preview_data("").unwrap();
        assert!(d.errors[0].message.contains("empty"));
        assert!(matches!(
            preview_data(&"x".repeat(MAX_SOURCE + 1)),
            Err(PreviewError::TooLarge(_))
        ));
    }

    #[test]
    fn widths_and_themes() {
        assert_eq!(parse_width(Some("360")), 360);
        assert_eq!(parse_width(Some("1000px")), 1000);
        assert_eq!(parse_width(Some("10")), 480);
        assert_eq!(parse_width(Some("abc")), 480);
        assert_eq!(parse_width(None), 480);
        assert_eq!(ThemeChoice::parse(Some("both")).themes().len(), 2);
        assert_eq!(urlencode("a b&c"), "a%20b%26c");
    }
}
