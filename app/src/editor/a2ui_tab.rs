//! The editor's A2UI tab: the design exported as A2UI v0.9 for the state being edited, drawn by
//! A2UI's own Lit renderer beside our ChatKit drawing, with the messages (copy, download) and
//! the report, whose entries select their node in the code.
//!
//! It follows the editor's text: while the tab is open, each rebuild asks the server for the
//! export (the A2UI mapping is not in the browser's wasm bundle), the latest answer wins. The
//! renderer's JavaScript (`/js/a2ui.js`) loads when the tab first opens.

use leptos::prelude::*;
use widget::Design;
use widget::a2ui::{A2uiReport, LossKind};
use widget::json::Span;

use crate::api::a2ui::A2uiView;
use crate::api::types::PreviewData;
use crate::components::widget_view::WidgetView;

/// What the tab shows: nothing yet, the export, or why there is none.
#[derive(Clone, Debug, PartialEq)]
pub enum TabState {
    Idle,
    Ready(A2uiView),
    Failed(String),
}

/// The report's entries as the tab lists them: kind, where, what.
pub fn report_rows(report: &A2uiReport) -> Vec<(LossKind, String, String, Span)> {
    report
        .losses
        .iter()
        .map(|l| {
            let at = if l.line > 0 {
                format!("{}:{}", l.line, l.column)
            } else {
                String::new()
            };
            let times = if l.count > 1 {
                format!(" ({} rows)", l.count)
            } else {
                String::new()
            };
            (l.kind, at, format!("{}{times}", l.message), l.span)
        })
        .collect()
}

/// The messages as the download offers them: a `data:` URL (the export of unsaved text
/// cannot be a link to the server).
pub fn data_url(text: &str) -> String {
    let mut out = String::from("data:application/json;charset=utf-8,");
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[component]
pub fn A2uiTab(
    document: StoredValue<Design>,
    data: ReadSignal<PreviewData>,
    /// The code has errors: `data` is the last text that built, not the code shown.
    stale: ReadSignal<bool>,
    current_state: RwSignal<String>,
    /// Selects a span of the view in the code editor.
    select: Callback<Span>,
    /// The saved revision's export on the server, for pages without JavaScript.
    rest_href: String,
) -> impl IntoView {
    let (open, set_open) = signal(false);
    let (tab, set_tab) = signal(TabState::Idle);
    let (action, set_action) = signal(None::<String>);
    let (render_errors, set_render_errors) = signal(Vec::<String>::new());
    let (copied, set_copied) = signal(String::new());
    let host = NodeRef::<leptos::html::Div>::new();
    let scripted = crate::components::scripted();

    #[cfg(not(feature = "hydrate"))]
    let _ = (set_tab, set_action, set_render_errors, host);
    #[cfg(feature = "hydrate")]
    {
        use std::cell::{Cell, RefCell};
        use std::rc::Rc;

        use super::bridge::A2uiRenderer;

        struct Shared {
            renderer: RefCell<Option<Rc<A2uiRenderer>>>,
            ticket: Cell<u64>,
        }
        let shared = Rc::new(Shared {
            renderer: RefCell::new(None),
            ticket: Cell::new(0),
        });
        // Export again on every rebuild and state change while the tab is open; a short pause
        // lets a burst of keystrokes become one request.
        Effect::new(move |_| {
            let _ = data.get();
            let state = current_state.get();
            if !open.get() {
                return;
            }
            let shared = shared.clone();
            let ticket = shared.ticket.get() + 1;
            shared.ticket.set(ticket);
            set_timeout(
                move || {
                    if shared.ticket.get() != ticket {
                        return;
                    }
                    leptos::task::spawn_local(async move {
                        let json = document
                            .with_value(serde_json::to_string)
                            .unwrap_or_default();
                        let result = crate::api::a2ui::export_a2ui(
                            json,
                            state,
                            widget::a2ui::Catalog::Basic,
                        )
                        .await;
                        if shared.ticket.get() != ticket {
                            return;
                        }
                        let refused = match result {
                            Ok(crate::api::a2ui::A2uiAnswer::Exported(v)) => Ok(v),
                            Ok(crate::api::a2ui::A2uiAnswer::Refused(why)) => Err(why),
                            Err(e) => Err(e.to_string()),
                        };
                        let view = match refused {
                            Ok(v) => v,
                            Err(e) => {
                                // Nothing of an earlier export stays: its drawing and the
                                // action it sent are not this text's.
                                set_tab.set(TabState::Failed(e));
                                set_action.set(None);
                                set_render_errors.set(Vec::new());
                                if let Some(el) = host.get_untracked() {
                                    el.set_inner_html("");
                                }
                                return;
                            }
                        };
                        let renderer = shared.renderer.borrow().clone();
                        let renderer = match renderer {
                            Some(r) => r,
                            None => {
                                match A2uiRenderer::load(move |a| set_action.set(Some(a))).await {
                                    Ok(r) => {
                                        let r = Rc::new(r);
                                        *shared.renderer.borrow_mut() = Some(r.clone());
                                        r
                                    }
                                    Err(e) => {
                                        set_tab.set(TabState::Failed(e));
                                        return;
                                    }
                                }
                            }
                        };
                        // Studio assets are drawn from the studio, as the ChatKit preview draws them.
                        let messages = widget::asset::rewrite(
                            &serde_json::to_string(&view.messages).unwrap_or_else(|_| "[]".into()),
                            |id| Some(widget::asset::studio_url(id)),
                        );
                        set_tab.set(TabState::Ready(view));
                        set_action.set(None);
                        if let Some(el) = host.get_untracked() {
                            set_render_errors.set(renderer.render(&el, &messages));
                        }
                    });
                },
                std::time::Duration::from_millis(150),
            );
        });
    }

    let toggle = move |ev: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            if let Some(d) = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlDetailsElement>().ok())
            {
                set_open.set(d.open());
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (ev, set_open);
    };
    let messages_text = move || match tab.get() {
        TabState::Ready(v) => serde_json::to_string_pretty(&v.messages).unwrap_or_default(),
        _ => String::new(),
    };
    // Copy and Download give the messages of the code as it is, or nothing: none while the
    // export failed, and none while the code has errors (the export shown is an older text's).
    let can_take = move || matches!(tab.get(), TabState::Ready(_)) && !stale.get();
    let file_name = move || {
        // As the server names the same download (`/api/designs/{id}/export?format=a2ui`).
        let stem = document.with_value(|d| widget::widgetfile::download_stem(&d.name));
        match current_state.get() {
            s if s == "default" => format!("{stem}.a2ui.json"),
            s => format!("{stem}-{}.a2ui.json", widget::widgetfile::download_stem(&s)),
        }
    };
    let copy = move |_| {
        if !can_take() {
            return;
        }
        let text = messages_text();
        #[cfg(feature = "hydrate")]
        leptos::task::spawn_local(async move {
            set_copied.set(match super::bridge::copy_text(&text).await {
                Ok(()) => format!("Copied.{}", super::copy_json::studio_only_note(&text)),
                Err(e) => e,
            });
        });
        #[cfg(not(feature = "hydrate"))]
        let _ = (text, set_copied);
    };
    // Drawn once the tab opens (in the browser): the server's HTML has only the closed tab.
    let chatkit = move || {
        if !open.get() {
            return None;
        }
        let state = current_state.get();
        data.with(|d| {
            d.states
                .iter()
                .find(|s| s.name == state)
                .and_then(|s| s.widget.clone())
        })
        .map(|w| {
            view! { <WidgetView widget=w scope="a2ui-chatkit" heading_level=5 /> }
        })
    };
    let report = move || {
        match tab.get() {
        TabState::Ready(v) if v.report.losses.is_empty() => view! {
            <p data-testid="a2ui-report-empty">"Nothing is lost: A2UI draws this state as ChatKit does."</p>
        }
        .into_any(),
        TabState::Ready(v) => {
            let rows = report_rows(&v.report)
                .into_iter()
                .map(|(kind, at, message, span)| {
                    let label = format!("{kind}{}", if at.is_empty() { String::new() } else { format!(" · {at}") });
                    let can_select = !span.is_synthetic();
                    view! {
                        <li data-testid="a2ui-entry" data-kind=kind.as_str()>
                            <button type="button" class="text-left hover:underline disabled:no-underline" disabled=!can_select
                                on:click=move |_| select.run(span)>
                                <span class="font-mono text-xs text-slate-600 dark:text-slate-300">{label}</span>" "{message}
                            </button>
                        </li>
                    }
                })
                .collect::<Vec<_>>();
            view! { <ul class="space-y-1" data-testid="a2ui-report">{rows}</ul> }.into_any()
        }
        _ => ().into_any(),
    }
    };
    view! {
        <details class="rounded-lg border border-slate-200 p-3 text-sm dark:border-slate-800" data-testid="a2ui-tab" on:toggle=toggle>
            <summary class="cursor-pointer font-medium"><h2 class="inline">"A2UI export (live, for the state being edited)"</h2></summary>
            // Without JavaScript the tab cannot follow the code: it says so and links the
            // saved revision's export (its live parts are for the browser only).
            <p class="mt-3 text-slate-600 dark:text-slate-300" data-testid="a2ui-no-js" class:hidden=move || scripted.get()>
                "The live A2UI export needs JavaScript. "
                <a class="text-indigo-700 underline dark:text-indigo-300" href=rest_href.clone()>"Download the saved revision's A2UI messages"</a>
                "."
            </p>
            <div class="ws-js-only mt-3 space-y-4">
                <p class="text-slate-600 dark:text-slate-300">
                    "A2UI v0.9 messages in the basic catalog, drawn by A2UI's own Lit renderer beside this studio's ChatKit preview. "
                    "They follow your edits; the Data tab chooses the state. For v0.8 or the studio catalog, "
                    <a class="text-indigo-700 underline dark:text-indigo-300" href=rest_href>"export the saved revision"</a>
                    " or run "<code>"widget-studio export --format a2ui"</code>"."
                </p>
                {move || match tab.get() {
                    TabState::Failed(e) => Some(view! { <p role="alert" class="text-red-700 dark:text-red-400" data-testid="a2ui-error">{e}</p> }.into_any()),
                    TabState::Ready(_) if stale.get() => Some(view! {
                        <p role="status" class="text-amber-800 dark:text-amber-300" data-testid="a2ui-stale">
                            "The code has errors: what is below is the export of the last text that built. Copy and Download come back once the code builds again."
                        </p>
                    }.into_any()),
                    _ => None,
                }}
                // A2UI's Lit renderer draws a title as a real heading (`h5` for a card's title):
                // the page's headings lead to it (h3 the previews, h4 each frame), so the
                // outline a screen reader follows has no gap.
                <h3 class="sr-only">"A2UI and ChatKit previews"</h3>
                <div class="grid gap-4 lg:grid-cols-2" data-testid="a2ui-previews">
                    <figure class="ws-frame">
                        <figcaption class="ws-frame-caption"><h4>{move || format!("ChatKit · {}", current_state.get())}</h4></figcaption>
                        <div class="ws-frame-body" data-theme="light" data-testid="a2ui-chatkit">{chatkit}</div>
                    </figure>
                    <figure class="ws-frame">
                        <figcaption class="ws-frame-caption"><h4>{move || format!("A2UI (Lit) · {}", current_state.get())}</h4></figcaption>
                        <div class="ws-frame-body ws-a2ui" data-theme="light" node_ref=host data-testid="a2ui-preview"
                            data-stale=move || (stale.get() || matches!(tab.get(), TabState::Failed(_))).to_string()></div>
                    </figure>
                </div>
                {move || {
                    let errors = render_errors.get();
                    (!errors.is_empty()).then(|| view! {
                        <div role="alert"><ul class="font-mono text-xs text-red-700 dark:text-red-400" data-testid="a2ui-render-errors">
                            {errors.into_iter().map(|e| view! { <li>{e}</li> }).collect::<Vec<_>>()}
                        </ul></div>
                    })
                }}
                <section aria-labelledby="ws-a2ui-action" class="space-y-1">
                    <h3 id="ws-a2ui-action" class="font-semibold">"Action sent"</h3>
                    <pre class="whitespace-pre-wrap break-words rounded bg-slate-50 p-2 font-mono text-xs dark:bg-slate-950" data-testid="a2ui-action">
                        {move || action.get().unwrap_or_else(|| "Click a button in the A2UI preview: the message the renderer sends to your agent shows here.".into())}
                    </pre>
                </section>
                <section aria-labelledby="ws-a2ui-report" class="space-y-1">
                    <h3 id="ws-a2ui-report" class="font-semibold">"What A2UI draws differently"</h3>
                    {report}
                </section>
                <section aria-labelledby="ws-a2ui-messages" class="space-y-1">
                    <div class="flex flex-wrap items-center gap-3">
                        <h3 id="ws-a2ui-messages" class="font-semibold">"Messages"</h3>
                        <button type="button" data-testid="a2ui-copy" on:click=copy disabled=move || !can_take()
                            class="rounded-md border border-slate-300 px-2 py-1 disabled:opacity-50 dark:border-slate-700">"Copy"</button>
                        // A link only while there are messages of the code as it is (an empty
                        // file was downloaded otherwise).
                        {move || if can_take() {
                            view! { <a class="text-indigo-700 underline dark:text-indigo-300" data-testid="a2ui-download"
                                href=data_url(&messages_text()) download=file_name()>"Download"</a> }.into_any()
                        } else {
                            view! { <span class="text-slate-500 dark:text-slate-400" data-testid="a2ui-download-off">"Download (no messages)"</span> }.into_any()
                        }}
                        <span role="status" class="text-xs text-slate-500 dark:text-slate-400">{copied}</span>
                    </div>
                    {move || {
                        let note = super::copy_json::studio_only_note(&messages_text());
                        (!note.is_empty()).then(|| view! { <p class="text-xs text-amber-800 dark:text-amber-300" data-testid="a2ui-assets-note">{note.trim().to_string()}</p> })
                    }}
                    <pre class="max-h-96 overflow-auto rounded bg-slate-50 p-2 font-mono text-xs dark:bg-slate-950" tabindex="0"
                        role="region" aria-label="A2UI messages" data-testid="a2ui-messages">{messages_text}</pre>
                </section>
            </div>
        </details>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_download_is_a_data_url_of_the_text() {
        let url = data_url("[{\"a\": \"é %\"}]\n");
        assert_eq!(
            url,
            "data:application/json;charset=utf-8,%5B%7B%22a%22%3A%20%22%C3%A9%20%25%22%7D%5D%0A"
        );
    }

    #[test]
    fn report_rows_say_where_and_how_many() {
        let d = widget::starter::Starter::List.design("Inbox");
        let json = serde_json::to_string(&d).unwrap();
        let v =
            crate::api::a2ui::a2ui_view(&json, "default", widget::a2ui::Catalog::Basic).unwrap();
        let rows = report_rows(&v.report);
        assert_eq!(rows.len(), v.report.losses.len());
        for ((kind, at, message, span), l) in rows.iter().zip(&v.report.losses) {
            assert_eq!(*kind, l.kind);
            assert!(message.starts_with(&l.message));
            if l.line > 0 {
                assert_eq!(at, &format!("{}:{}", l.line, l.column));
                assert!(!span.is_synthetic());
            }
        }
    }
}
