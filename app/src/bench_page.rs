//! `/bench`: measures the preview from new widget JSON to a painted preview.
//!
//! The page holds one island with a source box, a "Render" button and a target. A click parses
//! the JSON (`serde_json`, in wasm), renders it with the preview renderer and puts it in the
//! page, synchronously. `scripts/bench/preview.mjs` drives it in headless Chromium: it times
//! from the click to the frame after the next paint, for widgets of 50, 500 and 5,000 nodes,
//! and does the same for the npm `adaptivecards` renderer on the same page.

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

#[island]
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
                    let html = crate::preview::render_html(&v, crate::preview::WidgetTheme::Light);
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
    view! {
        <div class="space-y-2">
            <label for="bench-source" class="text-sm font-medium">"Widget JSON"</label>
            <textarea id="bench-source" node_ref=source rows="6" class="block w-full rounded-lg border border-slate-300 p-2 font-mono text-xs dark:border-slate-700 dark:bg-slate-900">
                r#"{"type":"Card","children":[{"type":"Text","value":"Hello"}]}"#
            </textarea>
            <button id="bench-run" type="button" on:click=run class="rounded-md bg-slate-900 px-3 py-1.5 text-sm font-medium text-white dark:bg-slate-100 dark:text-slate-900">"Render"</button>
            <p id="bench-status" class="text-sm text-slate-500">{move || status.get()}</p>
            <div id="bench-target" node_ref=target style="width:480px"></div>
            <div id="bench-ac" style="width:480px"></div>
        </div>
    }
}
