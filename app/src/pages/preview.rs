//! `/preview`: paste widget JSON, a `.widget` file, a design document or a JSX view and see it
//! drawn by the preview renderer in light, dark or both themes, at chat-column widths, with
//! every named state at once.
//!
//! Everything the page shows is addressed by its URL (`?sample=`, `?source=`, `?theme=`,
//! `?width=`, `?state=`), so it renders on the server and works without JavaScript. Its forms
//! post (`POST /preview`), since a pasted source can be longer than an address may be; the
//! server answers a post as the page with those fields. Once
//! hydrated, typing re-renders live in the browser: the widget language and the renderer run
//! in wasm, so no keystroke asks the server. Template-only designs (hand-written Jinja) are
//! the exception: their renderer stays on the server, behind [`preview_source`].

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::AppError;
use crate::api::preview::preview_source;
use crate::api::types::{PostedForm, PreviewData};
use crate::components::actions::ActionsPanel;
use crate::components::preview_grid::{
    PreviewControls, PreviewGrid, ThemeChoice, WidthForm, parse_width, state_base,
};
use crate::components::url::Href;

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

/// The query keys the page keeps in its links.
const KEYS: [&str; 5] = ["sample", "source", "theme", "width", "state"];

/// The longest source the page's links carry (an address holds about 64 KB).
const MAX_SOURCE_IN_LINKS: usize = 8 * 1024;

#[component]
pub fn PreviewPage() -> impl IntoView {
    let query = use_query_map();
    // A source pasted without JavaScript is posted (an address cannot hold a large one); the
    // server hands the form over with the request.
    let posted = PostedForm::of_request();
    let q = move |k: &str| query.with_untracked(|m| m.get(k)).or_else(|| posted.get(k));
    // Links keep a source short enough for an address; a longer one is sent by the forms.
    let here = KEYS.iter().fold(Href::new("/preview"), |h, k| {
        h.set(
            k,
            q(k).filter(|v| *k != "source" || v.len() <= MAX_SOURCE_IN_LINKS),
        )
    });
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
    let hidden: Vec<(String, String)> = KEYS
        .iter()
        .filter(|k| **k != "width")
        .filter_map(|k| q(k).map(|v| (k.to_string(), v)))
        .collect();
    // The state links keep everything but the state.
    let state_base = state_base(&here);
    let sample_links = SAMPLES
        .iter()
        .map(|(id, title, _)| view! { <li><a href=Href::new("/preview").set("sample", Some(*id)).to_string() class="hover:underline">{*title}</a></li> })
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
                <PreviewControls here=here.clone() choice=choice width=width />
                <WidthForm action="/preview".to_string() post=true hidden=hidden width=width />
            </div>
            <LivePreview source=source theme=theme width=width state=state state_base=state_base hidden_theme=q("theme") hidden_width=q("width") />
        </div>
    }
}

/// Builds the preview where it is cheapest: in the browser for JSX views, widget JSON and
/// design documents; on the server for template-only designs (and during server rendering).
async fn build_preview(source: String) -> Result<PreviewData, AppError> {
    #[cfg(feature = "hydrate")]
    {
        use crate::api::preview::{MAX_SOURCE, preview_design};
        if source.len() <= MAX_SOURCE {
            match widget::Design::from_input(&source) {
                Ok(d) if d.kind != widget::DesignKind::TemplateOnly => {
                    return Ok(preview_design(&d));
                }
                Ok(_) => {}
                Err(report) => {
                    return Ok(PreviewData {
                        kind: None,
                        states: Vec::new(),
                        errors: report.all().cloned().collect(),
                    });
                }
            }
        }
        preview_source(source).await
    }
    #[cfg(not(feature = "hydrate"))]
    {
        preview_source(source).await
    }
}

/// The interactive part of `/preview`: the source editor and the grid of previews. Without
/// JavaScript the form re-renders the page on the server; with it, every input re-renders
/// live in the browser.
// Left out of the light bundle (`lite`): see `crate::bundle`.
#[cfg_attr(not(feature = "lite"), island)]
#[cfg_attr(feature = "lite", component)]
fn LivePreview(
    source: String,
    theme: String,
    width: u32,
    state: String,
    state_base: String,
    hidden_theme: Option<String>,
    hidden_width: Option<String>,
) -> impl IntoView {
    // Theme, width and state change in place, so what was typed stays.
    let settings = crate::components::preview_settings::PreviewSettings::new(
        ThemeChoice::parse(Some(&theme)),
        width,
        state,
    );
    let (theme0, width0) = (theme.clone(), width);
    settings.follow_controls();
    let (typed, set_typed) = signal(source.clone());
    // Blocking: the server waits for it, so the page is complete without JavaScript.
    let data = Resource::new_blocking(move || typed.get(), build_preview);
    let on_input = move |ev: leptos::ev::Event| set_typed.set(event_target_value(&ev));
    // The problems of what was typed, counted once each across the states: said politely when
    // the count changes (the lists are under each state), and tied to the source box.
    let problem_counts = move || {
        data.get().map(|r| match r {
            Ok(d) => {
                let mut seen = std::collections::BTreeSet::new();
                let all = d
                    .errors
                    .iter()
                    .chain(d.states.iter().flat_map(|s| s.diagnostics.iter()));
                let (mut errors, mut warnings) = (0, 0);
                for p in all {
                    if seen.insert((p.line, p.column, p.message.clone())) {
                        if p.is_error() {
                            errors += 1;
                        } else {
                            warnings += 1;
                        }
                    }
                }
                (errors, warnings)
            }
            Err(_) => (1, 0),
        })
    };
    // Set in the browser once the build is there (an effect, not read while rendering: the
    // server's page and the first hydration then agree; the summary says it without JavaScript).
    let invalid = RwSignal::new(false);
    Effect::new(move |_| invalid.set(problem_counts().is_some_and(|(e, _)| e > 0)));
    let problem_summary = move || {
        problem_counts().map(|(e, w)| match (e, w) {
            (0, 0) => "No problems.".to_string(),
            (e, w) => format!(
                "{e} {}, {w} {} (listed under each state).",
                if e == 1 { "error" } else { "errors" },
                if w == 1 { "warning" } else { "warnings" }
            ),
        })
    };
    // The Actions panel simulates the source's design in the browser.
    let design = Signal::derive(move || widget::Design::from_input(&typed.get()).ok());
    let widgets = Signal::derive(move || {
        design.with(|d| {
            d.iter()
                .flat_map(|d| {
                    std::iter::once(&d.default_state)
                        .chain(d.states.iter().map(|s| &s.data))
                        .filter_map(|data| d.build(data).widget.map(|w| w.to_serde()))
                })
                .collect::<Vec<_>>()
        })
    });
    view! {
        <form method="post" action="/preview" class="space-y-2" data-testid="source-form">
            <label for="ws-source" class="text-sm font-medium">"Source"</label>
            <textarea id="ws-source" name="source" rows="14" spellcheck="false" data-testid="source"
                aria-describedby="ws-source-problems"
                aria-invalid=move || invalid.get().then_some("true")
                class="block w-full rounded-lg border border-slate-300 bg-white p-3 font-mono text-xs leading-5 dark:border-slate-700 dark:bg-slate-900"
                on:input=on_input>{source}</textarea>
            <p id="ws-source-problems" role="status" class="text-xs text-slate-600 dark:text-slate-400" data-testid="source-problems">
                <Transition fallback=|| ()>{problem_summary}</Transition>
            </p>
            // The settings as they are now (changed in place with JavaScript): a Render keeps
            // them. Without JavaScript, only those the address gave (the defaults otherwise).
            {move || (hidden_theme.is_some() || settings.choice.get() != ThemeChoice::parse(Some(&theme0))).then(|| view! { <input type="hidden" name="theme" value=move || settings.choice.get().as_str() /> })}
            {move || (hidden_width.is_some() || settings.width.get() != width0).then(|| view! { <input type="hidden" name="width" value=move || settings.width.get().to_string() /> })}
            {move || (settings.state.get() != "all").then(|| view! { <input type="hidden" name="state" value=move || settings.state.get() /> })}
            <button type="submit" class="rounded-md bg-slate-900 px-3 py-1.5 text-sm font-medium text-white dark:bg-slate-100 dark:text-slate-900">"Render"</button>
            <span class="ml-2 text-xs text-slate-500 dark:text-slate-400">"Updates as you type when JavaScript is on."</span>
        </form>
        <Transition fallback=|| view! { <p class="text-sm text-slate-500 dark:text-slate-400">"Rendering…"</p> }>
            {move || {
                let state_base = state_base.clone();
                let (choice, width, state) = (settings.choice.get(), settings.width.get(), settings.state.get());
                data.get().map(move |r| match r {
                    Ok(d) => view! { <PreviewGrid data=d choice=choice width=width state=state state_base=state_base /> }.into_any(),
                    Err(e) => view! { <p class="text-red-700 dark:text-red-400" role="alert">{e.to_string()}</p> }.into_any(),
                })
            }}
        </Transition>
        <ActionsPanel design_id=None design=design widgets=widgets dirty=Signal::stored(false) set_handlers=None read_only=false />
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::preview::preview_data;

    #[test]
    fn every_sample_builds_without_errors() {
        for (id, _, src) in SAMPLES {
            let d = preview_data(src).unwrap();
            assert!(d.errors.is_empty(), "{id}: {:?}", d.errors);
            for s in &d.states {
                assert!(s.widget.is_some(), "{id}/{}", s.name);
                assert!(
                    s.diagnostics.iter().all(|d| !d.is_error()),
                    "{id}/{}: {:?}",
                    s.name,
                    s.diagnostics
                );
            }
        }
        assert!(preview_data(SAMPLES[0].2).unwrap().states.len() >= 3);
    }
}
