//! Copying a state's widget JSON, pretty or minified, from the editor (what the preview shows,
//! saved or not).

use leptos::prelude::*;

use crate::api::types::PreviewData;

/// How the JSON is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JsonStyle {
    Pretty,
    Minified,
}

/// The widget JSON of `state` in `data`, written in `style`; `None` when that state does not
/// build.
pub fn widget_json(data: &PreviewData, state: &str, style: JsonStyle) -> Option<String> {
    let w = data
        .states
        .iter()
        .find(|s| s.name == state)?
        .widget
        .as_ref()?;
    match style {
        JsonStyle::Pretty => serde_json::to_string_pretty(w).ok(),
        JsonStyle::Minified => serde_json::to_string(w).ok(),
    }
}

/// What a copy says when the JSON still refers to studio assets, which only the studio can
/// serve (the export rewrites them; a copy does not).
pub fn studio_only_note(text: &str) -> String {
    let n = widget::asset::ids_in(text).len();
    if n == 0 {
        return String::new();
    }
    format!(
        " It refers to {n} studio asset{} (asset:…), which only this studio can serve: use Export (with an asset base, or with assets) for JSON your backend can use.",
        if n == 1 { "" } else { "s" }
    )
}

/// `follow`: the state the preview shows (or the Data tab's): the choice follows it, and can
/// still be changed here.
#[component]
pub fn CopyJson(data: ReadSignal<PreviewData>, follow: Signal<String>) -> impl IntoView {
    let (state, set_state) = signal(follow.get_untracked());
    Effect::new(move |_| {
        let shown = follow.get();
        if state.get_untracked() != shown {
            set_state.set(shown);
        }
    });
    let (said, set_said) = signal(String::new());
    // Only a change of the states' names redraws the options, not every rebuild.
    let names = Memo::new(move |_| {
        data.with(|d| d.states.iter().map(|s| s.name.clone()).collect::<Vec<_>>())
    });
    let copy = move |style: JsonStyle| {
        move |_| {
            let text = data.with_untracked(|d| widget_json(d, &state.get_untracked(), style));
            let Some(text) = text else {
                set_said.set(format!(
                    "The state {:?} does not build: nothing to copy.",
                    state.get_untracked()
                ));
                return;
            };
            #[cfg(feature = "hydrate")]
            leptos::task::spawn_local(async move {
                let n = text.len();
                set_said.set(match super::bridge::copy_text(&text).await {
                    Ok(()) => format!(
                        "Copied {} JSON ({n} bytes).{}",
                        if style == JsonStyle::Pretty {
                            "pretty"
                        } else {
                            "minified"
                        },
                        studio_only_note(&text)
                    ),
                    Err(e) => e,
                });
            });
            #[cfg(not(feature = "hydrate"))]
            let _ = text;
        }
    };
    view! {
        <div class="flex flex-wrap items-center gap-2 text-sm" data-testid="copy-json">
            <label for="ws-copy-state" class="font-medium">"Copy widget JSON of"</label>
            <select id="ws-copy-state" data-testid="copy-json-state" on:change=move |ev| set_state.set(event_target_value(&ev))
                class="max-w-[10rem] truncate rounded-md border border-slate-300 bg-white px-2 py-1 dark:border-slate-700 dark:bg-slate-900">
                // Selected by the property (the state it follows may be a name the options
                // get only once the preview is built again, after a rename).
                {move || names.get().into_iter().map(|n| {
                    let m = n.clone();
                    view! { <option value=n.clone() prop:selected=move || m == state.get()>{n.clone()}</option> }
                }).collect::<Vec<_>>()}
            </select>
            <button type="button" data-testid="copy-json-pretty" on:click=copy(JsonStyle::Pretty)
                class="rounded-md border border-slate-300 px-2 py-1 dark:border-slate-700">"Pretty"</button>
            <button type="button" data-testid="copy-json-minified" on:click=copy(JsonStyle::Minified)
                class="rounded-md border border-slate-300 px-2 py-1 dark:border-slate-700">"Minified"</button>
            <span role="status" class="text-xs text-slate-500 dark:text-slate-400" data-testid="copy-json-said">{said}</span>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pretty_and_minified_are_the_same_json() {
        let mut d = widget::starter::Starter::Card.design("x");
        d.states.push(widget::design::NamedState {
            name: "other".into(),
            data: d.default_state.clone(),
        });
        let data = crate::api::preview::preview_design(&d);
        for state in ["default", "other"] {
            let pretty = widget_json(&data, state, JsonStyle::Pretty).unwrap();
            let min = widget_json(&data, state, JsonStyle::Minified).unwrap();
            assert!(pretty.contains('\n') && !min.contains('\n'));
            let a: serde_json::Value = serde_json::from_str(&pretty).unwrap();
            let b: serde_json::Value = serde_json::from_str(&min).unwrap();
            assert_eq!(a, b);
            assert_eq!(a["type"], "Card");
        }
        assert!(widget_json(&data, "nope", JsonStyle::Pretty).is_none());
    }

    #[test]
    fn a_copy_with_studio_assets_says_so() {
        assert_eq!(studio_only_note(r#"{"src":"https://x/a.png"}"#), "");
        let id = "ab".repeat(32);
        let note = studio_only_note(&format!(r#"{{"src":"asset:{id}"}}"#));
        assert!(
            note.contains("1 studio asset ") && note.contains("Export"),
            "{note}"
        );
    }
}
