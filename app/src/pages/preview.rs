//! `/preview`: paste widget JSON, a `.widget` file, a design document or a JSX view and see it
//! drawn by the preview renderer in light, dark or both themes, at chat-column widths, with
//! every named state at once.
//!
//! Everything the page shows is addressed by its URL (`?sample=`, `?source=`, `?theme=`,
//! `?width=`, `?state=`), so it renders on the server and works without JavaScript. Its forms
//! post (`POST /preview`), since a pasted source can be longer than an address may be; the
//! server answers a post as the page with those fields. The theme, width and state controls
//! are buttons of the source's form for the same reason (they send `set=KEY=VALUE`). Once
//! hydrated, typing re-renders live in the browser: the widget language and the renderer run
//! in wasm, so no keystroke asks the server. Template-only designs (hand-written Jinja) are
//! the exception: their renderer stays on the server, behind [`preview_source`]. What is
//! typed is kept in the browser's storage ([`Draft`]).

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
use crate::components::segmented::posted_setting;
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

/// The source's form. The theme, width and state buttons submit it (without JavaScript), so a
/// change of how the preview is drawn keeps the source as it is in the box, typed or pasted,
/// however long (a link could carry only the source drawn, and only a short one).
pub const SOURCE_FORM: &str = "ws-source-form";

/// The longest source the page's links carry (an address holds about 64 KB).
const MAX_SOURCE_IN_LINKS: usize = 8 * 1024;

/// What the page keeps of a typed source in the browser's local storage (under
/// [`DRAFT_KEY`]), so that a reload or a closed tab does not lose it. One per browser: the last
/// tab typed in wins.
#[derive(serde::Serialize, serde::Deserialize, Clone, Debug, PartialEq)]
pub struct Draft {
    pub source: String,
    /// When it was written (milliseconds since the epoch).
    pub at: f64,
    /// The text the page opened with when it was typed (a sample, a source the address
    /// chose): a page that opens with that text again (a reload) puts the draft back rather
    /// than offering it. None for a draft kept before this was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
}

pub const DRAFT_KEY: &str = "ws-preview-draft";

/// What the page does with a kept draft when it opens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DraftOffer {
    /// The bare page (nothing in the address or a form chose a source): the draft is put back.
    Restored,
    /// The address chose a source or a sample: the draft is offered beside it.
    Offered,
}

/// Text alike but for line ends (a posted text area has `\r\n`, a typed one `\n`).
fn same_text(a: &str, b: &str) -> bool {
    a == b || a.replace("\r\n", "\n") == b.replace("\r\n", "\n")
}

/// What to do with `draft` on a page that opened showing `shown`; `chosen` when its address
/// (or a posted form) chose the source. A draft that is the text shown needs nothing; one
/// typed over this same text (the page reloaded) is put back.
pub fn draft_offer(draft: Option<&Draft>, shown: &str, chosen: bool) -> Option<DraftOffer> {
    draft
        .filter(|d| !d.source.trim().is_empty() && !same_text(&d.source, shown))
        .map(|d| {
            let same_start = d.from.as_deref().is_some_and(|f| same_text(f, shown));
            if chosen && !same_start {
                DraftOffer::Offered
            } else {
                DraftOffer::Restored
            }
        })
}

#[component]
pub fn PreviewPage() -> impl IntoView {
    let query = use_query_map();
    // A source pasted without JavaScript is posted (an address cannot hold a large one); the
    // server hands the form over with the request.
    let posted = PostedForm::of_request();
    // A setting's button sends the form with `set=KEY=VALUE`, which wins over the form's field.
    let set = posted.get("set");
    let q = move |k: &str| {
        set.as_deref()
            .and_then(posted_setting)
            .filter(|(key, _)| *key == k)
            .map(|(_, v)| v.to_string())
            .or_else(|| query.with_untracked(|m| m.get(k)))
            .or_else(|| posted.get(k))
    };
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
    let chosen = q("source").is_some() || q("sample").is_some();
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
                <PreviewControls here=here.clone() choice=choice width=width form=SOURCE_FORM />
                <WidthForm action="/preview".to_string() post=true hidden=hidden width=width />
            </div>
            <LivePreview source=source chosen=chosen theme=theme width=width state=state state_base=state_base hidden_theme=q("theme") hidden_width=q("width") />
        </div>
    }
}

/// Builds the preview where it is cheapest: in the browser for JSX views, widget JSON and
/// design documents; on the server for template-only designs (and during server rendering).
async fn build_preview(source: String) -> Result<PreviewData, AppError> {
    #[cfg(feature = "hydrate")]
    {
        use crate::api::preview::{MAX_SOURCE, preview_design, too_large};
        // Too large: refused here, as the server would, without sending it (at each keystroke).
        if let Some(why) = too_large("the source", source.len()) {
            return Ok(PreviewData {
                kind: None,
                states: Vec::new(),
                errors: vec![why],
            });
        }
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
    /// The address (or a posted form) chose the source: a kept draft is offered, not put back.
    chosen: bool,
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
    // What is typed is kept in this browser (see [`Draft`]).
    let area = NodeRef::<leptos::html::Textarea>::new();
    let kept = KeptDraft::new(source.clone(), chosen, area, set_typed);
    let on_input = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        kept.typed(&text);
        set_typed.set(text);
    };
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
        <form id=SOURCE_FORM method="post" action="/preview" class="space-y-2" data-testid="source-form">
            <label for="ws-source" class="text-sm font-medium">"Source"</label>
            {move || kept.view()}
            <textarea id="ws-source" node_ref=area name="source" rows="14" spellcheck="false" data-testid="source"
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
                    Ok(d) => view! { <PreviewGrid data=d choice=choice width=width state=state state_base=state_base form=SOURCE_FORM /> }.into_any(),
                    Err(e) => view! { <p class="text-red-700 dark:text-red-400" role="alert">{e.to_string()}</p> }.into_any(),
                })
            }}
        </Transition>
        <ActionsPanel design_id=None design=design widgets=widgets dirty=Signal::stored(false) set_handlers=None read_only=false />
    }
}

/// `/preview`'s draft: what it keeps of the typed source, and what it says about it.
#[derive(Clone, Copy)]
struct KeptDraft {
    /// The text the page opened with: typed back to it, nothing needs keeping.
    opened_with: StoredValue<String>,
    /// The draft put back or offered (with when it was written, as the reader's clock says
    /// it), until the user answers or types on.
    offer: RwSignal<Option<(DraftOffer, Draft, String)>>,
    /// Typed while a draft was offered: the offered one stays kept, so this is not.
    typed_meanwhile: RwSignal<bool>,
    /// The browser's storage refused the last write (full, or turned off).
    refused: RwSignal<bool>,
    /// A write waiting for typing to pause: its text (written at once if the page goes).
    pending: StoredValue<Option<String>>,
    ticket: StoredValue<u32>,
    area: NodeRef<leptos::html::Textarea>,
    set_typed: WriteSignal<String>,
}

impl KeptDraft {
    fn new(
        opened_with: String,
        chosen: bool,
        area: NodeRef<leptos::html::Textarea>,
        set_typed: WriteSignal<String>,
    ) -> Self {
        let this = Self {
            opened_with: StoredValue::new(opened_with),
            offer: RwSignal::new(None),
            typed_meanwhile: RwSignal::new(false),
            refused: RwSignal::new(false),
            pending: StoredValue::new(None),
            ticket: StoredValue::new(0),
            area,
            set_typed,
        };
        #[cfg(feature = "hydrate")]
        {
            // Once hydrated (an effect: the server's page and the first hydration agree).
            Effect::new(move |_| {
                let draft = storage()
                    .and_then(|st| st.get_item(DRAFT_KEY).ok().flatten())
                    .and_then(|json| serde_json::from_str::<Draft>(&json).ok());
                let shown = this.opened_with.get_value();
                let Some(d) = draft else { return };
                match draft_offer(Some(&d), &shown, chosen) {
                    Some(DraftOffer::Restored) => {
                        this.show(&d.source);
                        this.offer
                            .set(Some((DraftOffer::Restored, d.clone(), when(d.at))));
                    }
                    Some(DraftOffer::Offered) => {
                        this.offer
                            .set(Some((DraftOffer::Offered, d.clone(), when(d.at))));
                    }
                    None => {}
                }
            });
            // A write still waiting when the page goes (a reload) is made then.
            let gone = window_event_listener_untyped("pagehide", move |_| this.flush());
            on_cleanup(move || gone.remove());
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = chosen;
        this
    }

    /// The box shows `text` (and the preview follows).
    fn show(&self, text: &str) {
        if let Some(area) = self.area.get_untracked() {
            area.set_value(text);
        }
        self.set_typed.set(text.to_string());
    }

    /// The user typed `text`: kept once typing pauses, unless an offered draft awaits an answer.
    fn typed(&self, text: &str) {
        match self.offer.get_untracked().map(|o| o.0) {
            Some(DraftOffer::Offered) => {
                self.typed_meanwhile.set(true);
                return;
            }
            // Put back and typed on: nothing more to say about it.
            Some(DraftOffer::Restored) => self.offer.set(None),
            None => {}
        }
        self.pending.set_value(Some(text.to_string()));
        let ticket = self.ticket.get_value().wrapping_add(1);
        self.ticket.set_value(ticket);
        #[cfg(feature = "hydrate")]
        {
            let this = *self;
            set_timeout(
                move || {
                    if this.ticket.get_value() == ticket {
                        this.flush();
                    }
                },
                std::time::Duration::from_millis(250),
            );
        }
    }

    /// Writes the waiting text, if any.
    #[cfg(feature = "hydrate")]
    fn flush(&self) {
        if let Some(text) = self.pending.try_update_value(Option::take).flatten() {
            let kept = storage().is_some_and(|st| {
                if same_text(&text, &self.opened_with.get_value()) {
                    st.remove_item(DRAFT_KEY).is_ok()
                } else {
                    let draft = Draft {
                        source: text,
                        at: js_sys::Date::now(),
                        from: Some(self.opened_with.get_value()),
                    };
                    serde_json::to_string(&draft)
                        .is_ok_and(|json| st.set_item(DRAFT_KEY, &json).is_ok())
                }
            });
            if self.refused.get_untracked() == kept {
                self.refused.set(!kept);
            }
        }
    }

    fn focus_box(&self) {
        if let Some(area) = self.area.get_untracked() {
            let _ = area.focus();
        }
    }

    /// Shows the offered draft (it stays kept: it is the text now).
    fn restore(&self) {
        if let Some((_, d, _)) = self.offer.get_untracked() {
            self.show(&d.source);
        }
        self.offer.set(None);
        self.typed_meanwhile.set(false);
        self.focus_box();
    }

    /// Forgets the draft; a draft that was put back gives way to the text the page opened with.
    fn discard(&self) {
        #[cfg(feature = "hydrate")]
        if let Some(st) = storage() {
            let _ = st.remove_item(DRAFT_KEY);
        }
        if let Some((DraftOffer::Restored, ..)) = self.offer.get_untracked() {
            self.show(&self.opened_with.get_value());
        }
        self.offer.set(None);
        self.typed_meanwhile.set(false);
        self.focus_box();
    }

    fn view(self) -> impl IntoView {
        let offer = self.offer.get().map(|(kind, _, when)| {
            let (said, restore) = match kind {
                DraftOffer::Restored => (
                    format!("What you typed here {when} is back: this browser kept it."),
                    None,
                ),
                DraftOffer::Offered => (
                    format!("This browser kept a source you typed here {when}."),
                    Some(if self.typed_meanwhile.get() {
                        "Restore it (in place of what you typed)"
                    } else {
                        "Restore it"
                    }),
                ),
            };
            let meanwhile = move || {
                self.typed_meanwhile.get().then_some(
                    " It stays kept until you restore or discard it; until then, what you type is not kept.",
                )
            };
            view! {
                <div role="status" data-testid="preview-draft" class="flex flex-wrap items-center gap-3 rounded-lg border border-amber-300 bg-amber-50 px-3 py-2 text-sm dark:border-amber-700 dark:bg-amber-950">
                    <span>{said}{meanwhile}</span>
                    {restore.map(|label| view! {
                        <button type="button" data-testid="restore-preview-draft" class="rounded-md bg-slate-900 px-2 py-1 text-white dark:bg-slate-100 dark:text-slate-900"
                            on:click=move |_| self.restore()>{label}</button>
                    })}
                    <button type="button" data-testid="discard-preview-draft" class="rounded-md border border-slate-300 px-2 py-1 dark:border-slate-700"
                        on:click=move |_| self.discard()>
                        {if kind == DraftOffer::Restored { "Discard it (back to the sample)" } else { "Discard it" }}
                    </button>
                </div>
            }
        });
        let refused = self.refused.get().then(|| view! {
            <p role="alert" data-testid="preview-draft-refused" class="text-sm text-red-700 dark:text-red-400">
                "This browser did not keep what you typed (its storage is full or turned off): copy it somewhere before you leave the page."
            </p>
        });
        (offer, refused)
    }
}

#[cfg(feature = "hydrate")]
fn storage() -> Option<leptos::web_sys::Storage> {
    window().local_storage().ok().flatten()
}

/// When `at` (milliseconds since the epoch) was, as the reader's clock says it: "at 14:03", or
/// with the day when it was not today.
#[cfg(feature = "hydrate")]
fn when(at: f64) -> String {
    let then = js_sys::Date::new(&at.into());
    let now = js_sys::Date::new_0();
    let locale = window()
        .navigator()
        .language()
        .unwrap_or_else(|| "en".into());
    let today = then.to_date_string() == now.to_date_string();
    let time = String::from(then.to_locale_time_string(&locale));
    if today {
        format!("at {time}")
    } else {
        format!(
            "on {} at {time}",
            String::from(then.to_locale_date_string(&locale, &Default::default()))
        )
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

    #[test]
    fn a_kept_draft_is_put_back_on_the_bare_page_and_offered_beside_a_chosen_source() {
        let d = |s: &str| Draft {
            source: s.to_string(),
            at: 0.0,
            from: None,
        };
        let typed = d("<Card><Text value=\"mine\" /></Card>");
        assert_eq!(
            draft_offer(Some(&typed), SAMPLES[0].2, false),
            Some(DraftOffer::Restored)
        );
        assert_eq!(
            draft_offer(Some(&typed), SAMPLES[1].2, true),
            Some(DraftOffer::Offered)
        );
        // Nothing kept, the text shown (line ends aside), or nothing but spaces: nothing to do.
        assert_eq!(draft_offer(None, SAMPLES[0].2, false), None);
        assert_eq!(draft_offer(Some(&typed), &typed.source, true), None);
        assert_eq!(
            draft_offer(Some(&d("<Card>\n</Card>")), "<Card>\r\n</Card>", false),
            None
        );
        assert_eq!(draft_offer(Some(&d(" \n ")), SAMPLES[0].2, false), None);
        // Typed over the sample the page opens with again (a reload of `?sample=…`): put back;
        // over another one: offered.
        let over_second = Draft {
            from: Some(SAMPLES[1].2.to_string()),
            ..typed.clone()
        };
        assert_eq!(
            draft_offer(Some(&over_second), SAMPLES[1].2, true),
            Some(DraftOffer::Restored)
        );
        assert_eq!(
            draft_offer(Some(&over_second), SAMPLES[2].2, true),
            Some(DraftOffer::Offered)
        );
    }
}
