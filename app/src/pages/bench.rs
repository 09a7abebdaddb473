//! `/bench`: measures the preview from new widget JSON to a painted preview.
//!
//! The page holds one island with a source box, a "Render" button and a target. A click parses
//! the JSON (`serde_json`, in wasm), renders it with the preview renderer and puts it in the
//! page, synchronously. `scripts/bench/preview.mjs` drives it in headless Chromium: it times
//! from the click to the frame after the next paint, for widgets of 50, 500 and 5,000 nodes,
//! and does the same for the npm `adaptivecards` renderer on the same page.
//!
//! "Build and render" measures the whole live preview in wasm: a design source (a JSX view,
//! a design document, widget JSON) is parsed, evaluated against its default state, validated
//! and rendered into the page; it reports the time to the DOM. "Build 21 times" reports the
//! median of repeated builds without the DOM. `scripts/bench/build.mjs` drives both for the
//! corpus views and a 500-node view and adds the time to the painted frame.

use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn BenchPage() -> impl IntoView {
    view! {
        <Title text="Benchmark · Widget Studio"/>
        <section class="space-y-4">
            <h1 class="text-3xl font-bold tracking-tight">"Preview benchmark"</h1>
            <p class="max-w-2xl text-slate-600 dark:text-slate-300">
                "Paste widget JSON and press Render: the time from the click to the painted preview is shown. "
                "scripts/bench/preview.mjs drives this page for the figures in docs/benchmarks.md."
            </p>
            <BenchIsland/>
        </section>
    }
}

#[cfg(feature = "hydrate")]
fn now() -> f64 {
    window().performance().map(|p| p.now()).unwrap_or(0.0)
}

/// Source → parse → evaluate (default state) → validate → render, as the live preview does.
#[cfg(feature = "hydrate")]
fn build_html(text: &str) -> Result<String, String> {
    let first = |r: &widget::Report| {
        r.errors
            .first()
            .map(|d| d.message.clone())
            .unwrap_or_default()
    };
    let design = widget::Design::from_input(text).map_err(|r| first(&r))?;
    let built = design.build(&design.default_state);
    let w = built
        .widget
        .map(|w| w.to_serde())
        .ok_or_else(|| first(&built.report))?;
    Ok(render::render_html(&w, render::WidgetTheme::Light))
}

// Left out of the light bundle (`lite`): see `crate::bundle`.
#[cfg_attr(not(feature = "lite"), island)]
#[cfg_attr(feature = "lite", component)]
fn BenchIsland() -> impl IntoView {
    let source = NodeRef::<leptos::html::Textarea>::new();
    let target = NodeRef::<leptos::html::Div>::new();
    let (status, set_status) = signal(String::from("Ready."));
    let run = move |_| {
        #[cfg(feature = "hydrate")]
        {
            let (Some(src), Some(out)) = (source.get_untracked(), target.get_untracked()) else {
                return;
            };
            let start = window().performance().map(|p| p.now()).unwrap_or(0.0);
            match serde_json::from_str::<serde_json::Value>(&src.value()) {
                Ok(v) => {
                    let html = render::render_html(&v, render::WidgetTheme::Light);
                    out.set_inner_html(&html);
                    let end = window().performance().map(|p| p.now()).unwrap_or(0.0);
                    set_status.set(format!("Rendered in {:.2} ms (before paint).", end - start));
                }
                Err(e) => set_status.set(format!("Not JSON: {e}")),
            }
        }
        #[cfg(not(feature = "hydrate"))]
        {
            let _ = (source, target, set_status);
        }
    };
    // Click → build → DOM, and nothing else, so the benchmark's time to paint is the live
    // preview's.
    let build = move |_| {
        #[cfg(feature = "hydrate")]
        {
            let (Some(src), Some(out)) = (source.get_untracked(), target.get_untracked()) else {
                return;
            };
            // The parse is timed: a tree kept from an earlier click on the same text is not
            // reused.
            widget::template::parser::clear_shared();
            let start = now();
            match build_html(&src.value()) {
                Ok(html) => {
                    out.set_inner_html(&html);
                    let to_dom = now() - start;
                    out.set_attribute("data-dom-ms", &format!("{to_dom:.4}"))
                        .ok();
                    set_status.set(format!("Built and rendered in {to_dom:.2} ms to the DOM."));
                }
                Err(e) => set_status.set(format!("Does not build: {e}")),
            }
        }
        #[cfg(not(feature = "hydrate"))]
        {
            let _ = (source, target, set_status);
        }
    };
    // The build alone (no DOM), repeated: the median of 21 runs.
    let repeat = move |_| {
        #[cfg(feature = "hydrate")]
        {
            let (Some(src), Some(out)) = (source.get_untracked(), target.get_untracked()) else {
                return;
            };
            let text = src.value();
            let mut times: Vec<f64> = (0..21)
                .map(|_| {
                    // The parse is timed too: the tree the last run parsed is not reused.
                    widget::template::parser::clear_shared();
                    let t = now();
                    let _ = build_html(&text);
                    now() - t
                })
                .collect();
            times.sort_by(f64::total_cmp);
            let median = times[times.len() / 2];
            out.set_attribute("data-build-ms", &format!("{median:.4}"))
                .ok();
            set_status.set(format!("Build alone: median {median:.3} ms of 21."));
        }
        #[cfg(not(feature = "hydrate"))]
        {
            let _ = (source, target, set_status);
        }
    };
    view! {
        <div class="space-y-2">
            <label for="bench-source" class="text-sm font-medium">"Widget JSON, or any design source for Build"</label>
            <textarea id="bench-source" node_ref=source rows="6" class="block w-full rounded-lg border border-slate-300 p-2 font-mono text-xs dark:border-slate-700 dark:bg-slate-900">
                r#"{"type":"Card","children":[{"type":"Text","value":"Hello"}]}"#
            </textarea>
            <button id="bench-run" type="button" on:click=run class="rounded-md bg-slate-900 px-3 py-1.5 text-sm font-medium text-white dark:bg-slate-100 dark:text-slate-900">"Render"</button>
            " "
            <button id="bench-build" type="button" on:click=build class="rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium dark:border-slate-700">"Build and render"</button>
            " "
            <button id="bench-repeat" type="button" on:click=repeat class="rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium dark:border-slate-700">"Build 21 times"</button>
            <p id="bench-status" class="text-sm text-slate-500 dark:text-slate-400">{move || status.get()}</p>
            <div id="bench-target" node_ref=target style="width:480px"></div>
            <div id="bench-ac" style="width:480px"></div>
        </div>
    }
}
