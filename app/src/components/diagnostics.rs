//! The list of problems under a preview: position, path, message and code.

use leptos::prelude::*;
use widget::Diagnostic;

#[component]
pub fn Diagnostics(
    title: String,
    diags: Vec<Diagnostic>,
    /// The list's `data-testid`.
    #[prop(default = "diagnostics")]
    testid: &'static str,
) -> impl IntoView {
    let items: Vec<AnyView> = diags
        .into_iter()
        .map(|d| {
            let sev = if d.is_error() { "error" } else { "warning" };
            // The path is shown beside it, so a problem without a place in the text (what a
            // template rendered) shows no `0:0`.
            let line_col = if d.line == 0 {
                String::new()
            } else {
                d.place()
            };
            let place = match &d.origin {
                Some(o) => format!("{o} {line_col}").trim_end().to_string(),
                None => line_col,
            };
            let message = format!("{}{}", d.message, d.repeats_note());
            view! {
                <li data-severity=sev data-line=d.line data-column=d.column>
                    <span class="font-mono">{place}</span>" "
                    <span class="font-mono text-slate-500 dark:text-slate-400">{if d.path.is_empty() { "(root)".to_string() } else { d.path }}</span>" "
                    <span>{message}</span>" "
                    <span class="text-xs text-slate-500 dark:text-slate-400">{format!("[{}]", d.code)}</span>
                </li>
            }
            .into_any()
        })
        .collect();
    view! {
        <section class="ws-diags" data-testid=testid>
            <h2 class="text-sm font-semibold">{title}</h2>
            <ul class="space-y-1 text-sm">{items}</ul>
        </section>
    }
}
