//! The studio editor: the code editor (CodeMirror 6, through [`bridge`]), the live preview
//! built in the browser, saving with conflict handling, and the local draft.
//!
//! The editor's truth is the source text in the code editor. Each change is built on the next
//! animation frame (no fixed debounce) by the same pure functions the server uses
//! ([`crate::api::preview::preview_design`]). Without JavaScript the island's server HTML is a
//! plain form that saves through [`crate::api::designs::save_source`].

pub mod a2ui_tab;
#[cfg(feature = "hydrate")]
pub mod bridge;
pub mod copy_json;
pub mod data;
pub mod offsets;
pub mod schema;
pub mod spec_table;
pub mod visual;

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use widget::Diagnostic;
use widget::json::Span;

use crate::api::designs::SaveSource;
use crate::api::types::{DesignRecord, PreviewData};
use crate::components::preview_grid::{PreviewGrid, ThemeChoice};

/// A problem located in the source text: what the errors panel lists and the code editor
/// underlines. Diagnostics about states (the Data tab) are not among them.
#[derive(Clone, Debug, PartialEq)]
pub struct SourceProblem {
    pub span: Span,
    pub line: usize,
    pub column: usize,
    pub error: bool,
    /// What is shown: the diagnostic's message, and how many more rows of a `.map` have it
    /// (the most in any state).
    pub message: String,
    /// The diagnostic's own message, by which states' problems are told apart.
    pub key: String,
    pub repeats: usize,
    /// The states it occurs in (`default`, or names); empty for a source that does not read.
    pub states: Vec<String>,
}

/// " (state a, b)" after a listed problem that only some of the `all` states have; nothing
/// when every state has it (or it is about the source itself).
fn states_note(states: &[String], all: usize) -> String {
    if states.is_empty() || states.len() == all {
        String::new()
    } else {
        format!(" (state {})", states.join(", "))
    }
}

/// Whether a listed problem and a diagnostic are at the same place. Line and column count as
/// well as the span: spans do not cross the wire, so the island's first render in the browser
/// sees them all empty and must still list what the server listed (or hydration breaks).
fn same_place(span: Span, line: usize, column: usize, d: &Diagnostic) -> bool {
    span == d.span && line == d.line && column == d.column
}

/// What the problems list holds, in words, for the live region a screen reader announces:
/// "No problems", or the errors, the warnings and the accessibility warnings counted.
pub fn problems_summary(errors: usize, warnings: usize, a11y: usize) -> String {
    fn count(n: usize, one: &str, many: &str) -> String {
        format!("{n} {}", if n == 1 { one } else { many })
    }
    let mut parts = Vec::new();
    if errors > 0 {
        parts.push(count(errors, "error", "errors"));
    }
    if warnings > 0 {
        parts.push(count(warnings, "warning", "warnings"));
    }
    if a11y > 0 {
        parts.push(count(
            a11y,
            "accessibility warning",
            "accessibility warnings",
        ));
    }
    match parts.len() {
        0 => "No problems".to_string(),
        1 => parts.remove(0),
        _ => {
            let last = parts.pop().unwrap_or_default();
            format!("{} and {last}", parts.join(", "))
        }
    }
}

/// The problems of a build that point into the source, once each (a problem every state
/// shares is listed once, with the states), errors first.
pub fn source_problems(data: &PreviewData) -> Vec<SourceProblem> {
    let mut out: Vec<SourceProblem> = Vec::new();
    let mut add = |d: &Diagnostic, state: Option<&str>| {
        if d.origin.as_ref().is_some_and(|o| {
            !matches!(
                o,
                widget::diag::Origin::View | widget::diag::Origin::Template
            )
        }) {
            return;
        }
        if let Some(p) = out
            .iter_mut()
            .find(|p| same_place(p.span, p.line, p.column, d) && p.key == d.message)
        {
            if let Some(s) = state
                && !p.states.iter().any(|x| x == s)
            {
                p.states.push(s.to_string());
            }
            if d.repeats > p.repeats {
                p.repeats = d.repeats;
                p.message = format!("{}{}", d.message, d.repeats_note());
            }
            return;
        }
        out.push(SourceProblem {
            span: d.span,
            line: d.line,
            column: d.column,
            error: d.is_error(),
            message: format!("{}{}", d.message, d.repeats_note()),
            key: d.message.clone(),
            repeats: d.repeats,
            states: state.map(|s| vec![s.to_string()]).unwrap_or_default(),
        });
    };
    for d in &data.errors {
        add(d, None);
    }
    for s in &data.states {
        for d in &s.diagnostics {
            add(d, Some(&s.name));
        }
    }
    out.sort_by_key(|p| (!p.error, p.line, p.column));
    out
}

/// An accessibility warning of the source ([`widget::lint`]), once each (with the states it
/// occurs in), and its fix when one is obvious.
#[derive(Clone, Debug, PartialEq)]
pub struct A11yProblem {
    pub span: Span,
    pub line: usize,
    pub column: usize,
    pub code: widget::Code,
    /// What is shown ([`SourceProblem::message`]).
    pub message: String,
    pub key: String,
    pub repeats: usize,
    pub fix: Option<widget::diag::Fix>,
    pub states: Vec<String>,
}

/// The accessibility warnings of every state, once each, in source order.
pub fn a11y_problems(data: &PreviewData) -> Vec<A11yProblem> {
    let mut out: Vec<A11yProblem> = Vec::new();
    for s in &data.states {
        for d in &s.a11y {
            if let Some(p) = out
                .iter_mut()
                .find(|p| same_place(p.span, p.line, p.column, d) && p.key == d.message)
            {
                if !p.states.contains(&s.name) {
                    p.states.push(s.name.clone());
                }
                if d.repeats > p.repeats {
                    p.repeats = d.repeats;
                    p.message = format!("{}{}", d.message, d.repeats_note());
                }
                continue;
            }
            out.push(A11yProblem {
                span: d.span,
                line: d.line,
                column: d.column,
                code: d.code,
                message: format!("{}{}", d.message, d.repeats_note()),
                key: d.message.clone(),
                repeats: d.repeats,
                fix: d.fix.as_deref().cloned(),
                states: vec![s.name.clone()],
            });
        }
    }
    out.sort_by_key(|p| (p.line, p.column));
    out
}

/// Whether a build can replace the preview: some state drew a widget. Otherwise the last good
/// preview stays, marked stale.
pub fn draws_something(data: &PreviewData) -> bool {
    data.errors.is_empty() && data.states.iter().any(|s| s.widget.is_some())
}

/// The code pane's tabs: which, the key of their ids, the label.
const TABS: [(Tab, &str, &str); 3] = [
    (Tab::View, "view", "View"),
    (Tab::Data, "data", "Data"),
    (Tab::Schema, "schema", "Schema"),
];

/// The editor's keyboard shortcuts, as the `?` overlay lists them.
pub const SHORTCUTS: &[(&str, &str)] = &[
    ("Ctrl/⌘ S", "Save a revision"),
    ("Ctrl/⌘ Z", "Undo"),
    ("Ctrl/⌘ Shift Z, Ctrl Y", "Redo"),
    ("Ctrl/⌘ F", "Find and replace"),
    ("Ctrl Space", "Complete"),
    ("Ctrl/⌘ Shift [ and ]", "Fold and unfold"),
    ("Ctrl/⌘ /", "Comment the line"),
    ("Tab, Shift Tab", "Indent, outdent"),
    ("Escape then Tab", "Leave the code editor"),
    (
        "↑ ↓ Home End",
        "Move through the Insert list and the Outline",
    ),
    ("?", "These shortcuts"),
];

/// The field paths of a design's states (`title`, `user.name`), for completion inside `{…}`:
/// object keys, three levels deep, from the default state and every named state.
pub fn state_fields(design: &widget::Design) -> Vec<String> {
    fn walk(v: &serde_json::Value, prefix: &str, depth: usize, out: &mut Vec<String>) {
        let serde_json::Value::Object(map) = v else {
            return;
        };
        for (k, child) in map {
            let path = if prefix.is_empty() {
                k.clone()
            } else {
                format!("{prefix}.{k}")
            };
            if !out.contains(&path) {
                out.push(path.clone());
            }
            if depth < 3 {
                walk(child, &path, depth + 1, out);
            }
        }
    }
    let mut out = Vec::new();
    walk(&design.default_state, "", 1, &mut out);
    for s in &design.states {
        walk(&s.data, "", 1, &mut out);
    }
    out
}

/// A page's draft key for a design: each tab (`tab`, made when the page loads) writes its own,
/// so that one tab's save never removes another tab's unsaved work.
pub fn draft_key(id: &str, tab: &str) -> String {
    format!("widget-studio:draft:{id}:{tab}")
}

/// Whether `key` holds a draft of design `id`: a tab's, or the one key an older studio wrote.
pub fn is_draft_key_of(key: &str, id: &str) -> bool {
    key.strip_prefix("widget-studio:draft:")
        .and_then(|rest| rest.strip_prefix(id))
        .is_some_and(|tail| tail.is_empty() || tail.starts_with(':'))
}

/// Which of the drafts kept for a design to offer: the newest that differs from what the page
/// shows (`current`, whose view is `text`).
pub fn draft_to_offer(drafts: Vec<Draft>, current: &widget::Design, text: &str) -> Option<Draft> {
    drafts
        .into_iter()
        .filter(|d| d.source != text || d.design(current) != *current || !d.unread.is_empty())
        .max_by(|a, b| a.at.total_cmp(&b.at))
}

/// A box of the editor whose text is read into the document, and may not read.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Unread {
    /// The Actions panel's handler rules.
    Rules,
    /// The Data tab (the state it shows).
    Data,
    /// The Schema tab (JSON Schema; zod is kept as written).
    Schema,
}

/// Text typed in one of those boxes that does not read yet: it is not in the design, so a
/// draft keeps it as typed, and a restored draft puts it back in its box.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct UnreadText {
    pub part: Unread,
    /// The state the Data tab showed it for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    pub text: String,
}

/// A draft kept in the browser's storage while the user types.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Draft {
    /// The revision the draft was based on.
    pub base: i64,
    pub source: String,
    /// When it was written (milliseconds since the epoch).
    pub at: f64,
    /// The whole design, when more than the view changed (the states, the schema, the name,
    /// description, tags or target): those edits come back too.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document: Option<widget::Design>,
    /// The parts of `document` the draft changed from its base revision; only they come back
    /// (onto the design as it is now, which may be a later revision). `None` in a draft written
    /// before drafts said so: the whole document comes back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub changed: Option<Vec<widget::DesignField>>,
    /// Text in the Data or Schema tab or the rules box that did not read when the draft was
    /// written (not in `document`): it comes back as typed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unread: Vec<UnreadText>,
    /// The storage key it was read from (not stored).
    #[serde(skip)]
    pub key: String,
}

impl Draft {
    /// The design as the draft has it: `current` with the draft's view and the parts it
    /// changed (or, for an older draft, its whole design).
    pub fn design(&self, current: &widget::Design) -> widget::Design {
        let mut d = match (&self.document, &self.changed) {
            (Some(doc), Some(fields)) => {
                let mut d = current.clone();
                for f in fields {
                    d.take(doc, *f);
                }
                d
            }
            (Some(doc), None) => doc.clone(),
            (None, _) => current.clone(),
        };
        d.source = self.source.clone();
        d
    }

    /// The draft made on `base` (the revision it names), brought onto `now` (the design as
    /// the page holds it: a later revision): the draft's edits from `base` are mine and
    /// `now`'s are theirs, merged as "Overwrite with mine" merges ([`widget::Design::overwrite_merged`]),
    /// so what was saved since the draft is kept where the draft did not change it (a draft
    /// that changed only the name does not bring back its base's view). Also says where both
    /// changed the same thing (the draft's was kept).
    pub fn onto(
        &self,
        base: &widget::Design,
        now: &widget::Design,
    ) -> (widget::Design, widget::design::OverwriteClashes) {
        widget::Design::overwrite_merged(base, &self.design(base), now)
    }

    /// What a draft keeps of `document`, edited from `saved`: the whole design only when
    /// something beside the view differs.
    pub fn document_of(
        saved: &widget::Design,
        document: &widget::Design,
    ) -> Option<widget::Design> {
        let beyond_view = saved
            .changed(document)
            .into_iter()
            .any(|f| f != widget::DesignField::View);
        beyond_view.then(|| document.clone())
    }
}

/// The design's details as the header's fields show them (tags joined by commas).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Details {
    pub name: String,
    pub description: String,
    pub tags: String,
    /// Where exports host the design's assets (empty: not set).
    pub asset_base: String,
    /// The target the header's picker shows (an import, a restored draft or their revision
    /// taken after a conflict can change it).
    pub target: widget::Target,
}

impl Details {
    pub fn of(d: &widget::Design) -> Details {
        Details {
            name: d.name.clone(),
            description: d.description.clone(),
            tags: d.tags.join(", "),
            asset_base: d.export.asset_base.clone().unwrap_or_default(),
            target: d.target,
        }
    }
}

/// The asset base as typed: `Ok(None)` when empty, the normalised base, or why not.
pub fn parse_asset_base(text: &str) -> Result<Option<String>, String> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    widget::asset::check_base(text).map(Some)
}

/// The tabs of the code pane.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    View,
    Data,
    Schema,
}

/// The Data tab's buttons for its states (Rename has its own field).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StateAction {
    Add,
    Duplicate,
    Delete,
    /// Undo or redo the last change the other buttons made.
    Undo,
    Redo,
}

/// What the Schema tab shows besides its text.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SchemaView {
    /// What kind of schema the design has.
    pub describe: &'static str,
    /// Problems in the tab's text.
    pub problems: Vec<schema::SchemaProblem>,
    /// States that do not fit the schema in force.
    pub misfits: Vec<schema::StateMisfit>,
}

impl SchemaView {
    pub fn of(d: &widget::Design) -> SchemaView {
        SchemaView {
            describe: schema::describe(d),
            problems: Vec::new(),
            misfits: schema::misfits(d),
        }
    }
}

/// The editor island. `record` is the design as loaded; `preview` its build from the server
/// (shown until the browser takes over).
// Left out of the light and the live bundles (`lite`, `live`): see `crate::bundle`.
#[cfg_attr(not(any(feature = "lite", feature = "live")), island)]
#[cfg_attr(any(feature = "lite", feature = "live"), component)]
pub fn EditorIsland(
    record: DesignRecord,
    preview: PreviewData,
    theme: String,
    width: u32,
    state: String,
    state_base: String,
    /// The caller is a viewer: no Save button, and saves are refused before any request.
    read_only: bool,
) -> impl IntoView {
    // Theme, width and state change in place: the page's controls are followed here.
    let settings = crate::components::preview_settings::PreviewSettings::new(
        ThemeChoice::parse(Some(&theme)),
        width,
        state,
    );
    settings.follow_controls();
    // A failed export's alert was shown with this page: a reload should not say it again.
    #[cfg(feature = "hydrate")]
    {
        use leptos::wasm_bindgen::JsCast;
        Effect::new(|_| crate::components::url::set_address_param("export_failed", None));
        // Nor a restore's "nothing to restore", which a later save would make untrue.
        Effect::new(|_| crate::components::url::set_address_param("same", None));
        // The export form is fetched from the page, not followed (`export_links::client`).
        let handle = window_event_listener(leptos::ev::submit, |ev| {
            let form = ev
                .target()
                .and_then(|t| t.dyn_into::<leptos::web_sys::HtmlFormElement>().ok())
                .filter(|f| f.get_attribute("data-testid").as_deref() == Some("export-form"));
            if let Some(form) = form {
                ev.prevent_default();
                crate::components::export_links::client::submit(form);
            }
        });
        on_cleanup(move || handle.remove());
        // The export form's "Inline images", ticked because the design has no asset base
        // (`data-auto`), follows its Asset base URL field: a base typed there is where every
        // image goes, as the user means; a tick changed by hand stays.
        let handle = window_event_listener(leptos::ev::input, |ev| {
            let Some(el) = ev
                .target()
                .and_then(|t| t.dyn_into::<leptos::web_sys::HtmlInputElement>().ok())
            else {
                return;
            };
            let Some(form) = el.form() else { return };
            if form.get_attribute("data-testid").as_deref() != Some("export-form") {
                return;
            }
            let inline = form
                .query_selector("[data-testid=export-inline]")
                .ok()
                .flatten()
                .and_then(|i| i.dyn_into::<leptos::web_sys::HtmlInputElement>().ok());
            let Some(inline) = inline else { return };
            match el.get_attribute("data-testid").as_deref() {
                Some("export-inline") => {
                    let _ = inline.remove_attribute("data-auto");
                    // Kept through a redraw of the section (`export_links::client::refresh`).
                    let _ = inline.set_attribute("data-hand", "true");
                }
                Some("export-asset-base") if inline.has_attribute("data-auto") => {
                    let inline_now = el.value().trim().is_empty();
                    if inline.checked() != inline_now {
                        inline.set_checked(inline_now);
                        // Said, as a change the user did not make by hand.
                        if let Ok(Some(status)) = form.query_selector("[data-testid=export-status]")
                        {
                            status.set_text_content(Some(if inline_now {
                                "“Inline images” ticked again: small images go inline."
                            } else {
                                "“Inline images” unticked: every image goes to the base."
                            }));
                        }
                    }
                }
                _ => {}
            }
        });
        on_cleanup(move || handle.remove());
    }
    let id = record.id.clone();
    let source0 = record.document.source.clone();
    let (revision, set_revision) = signal(record.revision);
    let (data, set_data) = signal(preview.clone());
    let (problems, set_problems) = signal(source_problems(&preview));
    let (a11y, set_a11y) = signal(a11y_problems(&preview));
    let (stale, set_stale) = signal(false);
    let (dirty, set_dirty) = signal(false);
    let (status, set_status) = signal(String::new());
    let saving = RwSignal::new(false);
    let save_error = RwSignal::new(None::<String>);
    // Why this browser no longer keeps the unsaved work as a draft (its storage is full).
    let draft_error = RwSignal::new(None::<String>);
    // What a save would change in the Data tab's text (a repeated key, a number rounded).
    let data_warnings = RwSignal::new(Vec::<String>::new());
    let state_said = RwSignal::new(String::new());
    let state_history = RwSignal::new(data::StateHistory::default());
    let state_note = RwSignal::new(None::<String>);
    let (loaded, set_loaded) = signal(false);
    let (conflict, set_conflict) = signal(None::<DesignRecord>);
    let (draft_offer, set_draft_offer) = signal(None::<Draft>);
    // A restored draft's rules that did not read go back into the Actions panel's box.
    let restore_rules = RwSignal::new(None::<String>);
    let merge_note = RwSignal::new(None::<String>);
    let (other_tab, set_other_tab) = signal(false);
    // The Data tab.
    let tab = RwSignal::new(Tab::View);
    let data_tab = Signal::derive(move || tab.get() == Tab::Data);
    let schema_view = RwSignal::new(SchemaView::of(&record.document));
    let schema_host = NodeRef::<leptos::html::Div>::new();
    let (state_names, set_state_names) = signal(data::state_names(&record.document));
    let current_state = RwSignal::new(data::DEFAULT.to_string());
    // The outline counts the drawing of the state the preview shows alone, when it shows one
    // the design has; otherwise the Data tab's.
    let outline_state = Signal::derive(move || {
        let shown = settings.state.get();
        let known =
            shown != "all" && data.with(|d: &PreviewData| d.states.iter().any(|s| s.name == shown));
        if known { shown } else { current_state.get() }
    });
    // The state the preview shows alone, renamed (in the Data tab): the preview, its controls
    // and the address follow the new name (it fell back to every state, the address kept the
    // old one).
    #[cfg(feature = "hydrate")]
    Effect::new(move |prev: Option<Vec<String>>| {
        let names = state_names.get();
        if let Some(prev) = prev {
            let shown = settings.state.get_untracked();
            let added: Vec<&String> = names.iter().filter(|n| !prev.contains(n)).collect();
            if prev.contains(&shown) && !names.contains(&shown) && added.len() == 1 {
                let new = added[0].clone();
                settings.state.set(new.clone());
                crate::components::url::set_address_param("state", Some(&new));
            }
        }
        names
    });
    let (data_error, set_data_error) = signal(None::<String>);
    let data_host = NodeRef::<leptos::html::Div>::new();
    let (import_errors, set_import_errors) = signal(Vec::<String>::new());
    // What the last import replaced (and kept).
    let import_note = RwSignal::new(None::<String>);
    let undo_import = RwSignal::new(false);
    let details = RwSignal::new(Details::of(&record.document));
    // A saved base that does not check (saved before saves checked it) is said from the start.
    let (base_problem, set_base_problem) = signal(
        record
            .document
            .export
            .asset_base
            .as_deref()
            .and_then(|b| parse_asset_base(b).err())
            .map(|e| format!("{e}; the design does not save until it is fixed")),
    );
    // An emptied name box: the design keeps its last name, and the box says so.
    let (name_problem, set_name_problem) = signal(None::<String>);
    let (tags_problem, set_tags_problem) = signal(None::<String>);
    // The boxes written again from the design (an import, a restore, their revision, the
    // target): what they hold now is the design's, so their notes go.
    Effect::new(move |first: Option<()>| {
        details.track();
        if first.is_some() {
            set_name_problem.set(None);
            set_tags_problem.set(None);
        }
    });
    let visual = visual::VisualSignals::new(
        &record.document.source,
        record.document.kind == widget::DesignKind::Jsx,
    );
    // A refused field's mark is about the element selected then: another selection drops it.
    #[cfg(feature = "hydrate")]
    Effect::new(move |before: Option<Option<widget::edit::At>>| {
        let now = visual.selected.get();
        if before.is_some_and(|b| b != now) {
            visual.clear_refusal();
        }
        now
    });
    let (help, set_help) = signal(false);
    // `?` (outside a text field) shows the keyboard shortcuts; Escape hides them.
    #[cfg(feature = "hydrate")]
    {
        let handle = window_event_listener(leptos::ev::keydown, move |ev| {
            let key = ev.key();
            if key == "Escape" {
                set_help.set(false);
                set_conflict.set(None);
                return;
            }
            if key != "?" {
                return;
            }
            if !crate::components::focus::focus_takes_text() {
                ev.prevent_default();
                set_help.update(|h| *h = !*h);
            }
        });
        on_cleanup(move || handle.remove());
    }
    let host = NodeRef::<leptos::html::Div>::new();
    let document = StoredValue::new(record.document.clone());
    let actions_id = id.clone();
    let saved = StoredValue::new(record.document.clone());
    let target0 = record.document.target;
    let is_json = record.document.kind == widget::DesignKind::Json;

    // The studio's images: the Assets panel, drops and pastes, the missing-asset warnings, and
    // a `.widget`'s images brought back as references on import.
    let assets = RwSignal::new(crate::components::assets::AssetsState::default());
    #[cfg(feature = "hydrate")]
    let live = live::Live::new(live::Signals {
        read_only,
        assets,
        id: id.clone(),
        document,
        saved,
        revision,
        set_revision,
        set_data,
        set_problems,
        set_a11y,
        set_stale,
        set_dirty,
        set_status,
        saving,
        save_error,
        draft_error,
        data_warnings,
        state_said,
        state_history,
        state_note,
        set_loaded,
        conflict,
        set_conflict,
        draft_offer,
        set_draft_offer,
        restore_rules,
        merge_note,
        set_other_tab,
        set_state_names,
        current_state,
        set_data_error,
        set_import_errors,
        import_note,
        undo_import,
        schema_view,
        tab,
        details,
        visual,
    });
    #[cfg(feature = "hydrate")]
    {
        let live = live.clone();
        Effect::new(move |_| {
            if let Some(el) = host.get() {
                live.mount(el.into());
            }
        });
    }
    // History's "restore N" forms: restored in place, unsaved work kept as a draft
    // (`Live::restore_revision`).
    #[cfg(feature = "hydrate")]
    {
        use leptos::wasm_bindgen::JsCast;
        let live = live.clone();
        let handle = window_event_listener(leptos::ev::submit, move |ev| {
            let Some(form) = ev
                .target()
                .and_then(|t| t.dyn_into::<leptos::web_sys::HtmlFormElement>().ok())
            else {
                return;
            };
            if form.get_attribute("action").as_deref()
                != Some(<crate::api::designs::RestoreRevision as ServerFn>::PATH)
            {
                return;
            }
            let number = leptos::web_sys::FormData::new_with_form(&form)
                .ok()
                .and_then(|d| d.get("number").as_string())
                .and_then(|n| n.parse::<i64>().ok());
            if let Some(n) = number
                && live.restore_revision(n)
            {
                ev.prevent_default();
            }
        });
        on_cleanup(move || handle.remove());
    }
    #[cfg(feature = "hydrate")]
    {
        let live = live.clone();
        Effect::new(move |_| {
            if data_tab.get()
                && let Some(el) = data_host.get()
            {
                live.open_data(el.into());
            }
        });
    }
    #[cfg(feature = "hydrate")]
    {
        let live = live.clone();
        Effect::new(move |_| {
            if tab.get() == Tab::Schema
                && let Some(el) = schema_host.get()
            {
                live.open_schema(el.into());
            }
        });
    }
    let infer_click = {
        #[cfg(feature = "hydrate")]
        let live = live.clone();
        move |_| {
            #[cfg(feature = "hydrate")]
            live.infer_schema();
        }
    };
    // "Undo import".
    let undo_import_click = {
        #[cfg(feature = "hydrate")]
        let live = live.clone();
        move |_: leptos::ev::MouseEvent| {
            #[cfg(feature = "hydrate")]
            live.undo_import();
        }
    };
    // "Format" in the JSON tabs.
    let format_click = {
        #[cfg(feature = "hydrate")]
        let live = live.clone();
        move |which: Tab| {
            #[cfg(feature = "hydrate")]
            let live = live.clone();
            move |_: leptos::ev::MouseEvent| {
                #[cfg(feature = "hydrate")]
                live.format_json(which);
                #[cfg(not(feature = "hydrate"))]
                let _ = which;
            }
        }
    };
    // The Data tab's buttons.
    let data_action = {
        #[cfg(feature = "hydrate")]
        let live = live.clone();
        move |what: StateAction| {
            #[cfg(feature = "hydrate")]
            {
                let live = live.clone();
                move |_: leptos::ev::MouseEvent| match what {
                    StateAction::Add => live.add_state(),
                    StateAction::Duplicate => live.duplicate_state(),
                    StateAction::Delete => live.delete_state(),
                    StateAction::Undo => {
                        live.state_step_keeping_focus(false);
                    }
                    StateAction::Redo => {
                        live.state_step_keeping_focus(true);
                    }
                }
            }
            #[cfg(not(feature = "hydrate"))]
            {
                let _ = what;
                move |_: leptos::ev::MouseEvent| {}
            }
        }
    };
    // Renaming a state: a field in the page (it was the browser's prompt, which a screen
    // reader user meets out of the page's context and which cannot say what is wrong with a
    // name). Enter renames, Escape closes it; the focus comes back to Rename either way.
    // `rename_of`: the state the open field renames; the field closes when another state is
    // shown (Add, Delete, an import, a restored draft), so it never renames the wrong one.
    let rename_of = RwSignal::new(None::<String>);
    let (rename_error, set_rename_error) = signal(None::<String>);
    let rename_input = NodeRef::<leptos::html::Input>::new();
    let rename_button = NodeRef::<leptos::html::Button>::new();
    Effect::new(move |_| {
        let shown = current_state.get();
        if rename_of.with_untracked(|r| r.as_ref().is_some_and(|r| *r != shown)) {
            rename_of.set(None);
            set_rename_error.set(None);
        }
    });
    let close_rename = move || {
        rename_of.set(None);
        set_rename_error.set(None);
        if let Some(b) = rename_button.get_untracked() {
            let _ = b.focus();
        }
    };
    let open_rename = move |_: leptos::ev::MouseEvent| {
        let shown = current_state.get_untracked();
        set_rename_error.set(None);
        if let Some(i) = rename_input.get_untracked() {
            i.set_value(&shown);
        }
        rename_of.set(Some(shown));
        // Shown at the next frame: focused then (a hidden field takes no focus).
        request_animation_frame(move || {
            if let Some(i) = rename_input.get_untracked() {
                let _ = i.focus();
                i.select();
            }
        });
    };
    let commit_rename = {
        #[cfg(feature = "hydrate")]
        let live = live.clone();
        move || {
            let Some(old) = rename_of.get_untracked() else {
                return;
            };
            let typed = rename_input
                .get_untracked()
                .map(|i| i.value())
                .unwrap_or_default();
            #[cfg(feature = "hydrate")]
            match live.rename_state(&old, &typed) {
                Ok(()) => close_rename(),
                Err(e) => {
                    set_rename_error.set(Some(e));
                    if let Some(i) = rename_input.get_untracked() {
                        let _ = i.focus();
                    }
                }
            }
            #[cfg(not(feature = "hydrate"))]
            let _ = (old, typed);
        }
    };
    let rename_key = {
        // A clone in the browser (the closure holds the editor); a copy on the server.
        #[cfg(feature = "hydrate")]
        let commit_rename = commit_rename.clone();
        move |ev: leptos::ev::KeyboardEvent| match ev.key().as_str() {
            // Not while an input method is composing (its Enter picks the characters).
            "Enter" if !ev.is_composing() => {
                ev.prevent_default();
                commit_rename();
            }
            "Escape" if !ev.is_composing() => {
                ev.prevent_default();
                ev.stop_propagation();
                close_rename();
            }
            _ => {}
        }
    };
    let rename_click = move |_: leptos::ev::MouseEvent| commit_rename();
    // Import by paste.
    let paste_text = NodeRef::<leptos::html::Textarea>::new();
    let paste = {
        #[cfg(feature = "hydrate")]
        let live = live.clone();
        move |_| {
            #[cfg(feature = "hydrate")]
            if let Some(t) = paste_text.get_untracked() {
                let text = t.value();
                if text.trim().is_empty() {
                    set_import_errors.set(vec!["Nothing was pasted: paste a .widget file, a design document, widget JSON or a JSX view first.".into()]);
                    return;
                }
                live.import_text("the pasted text", &text);
                if import_errors.get_untracked().is_empty() {
                    t.set_value("");
                }
            }
        }
    };
    // Import: a picked file, or one dropped anywhere on the editor.
    let pick = {
        #[cfg(feature = "hydrate")]
        let live = live.clone();
        move |ev: leptos::ev::Event| {
            #[cfg(feature = "hydrate")]
            {
                use wasm_bindgen::JsCast;
                let input = ev
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok());
                if let Some(file) = input
                    .as_ref()
                    .and_then(|i| i.files())
                    .and_then(|f| f.get(0))
                {
                    live.import_file(file);
                }
                if let Some(i) = input {
                    i.set_value("");
                }
            }
            #[cfg(not(feature = "hydrate"))]
            let _ = ev;
        }
    };
    let state_change = {
        #[cfg(feature = "hydrate")]
        let live = live.clone();
        move |ev: leptos::ev::Event| {
            let value = event_target_value(&ev);
            #[cfg(feature = "hydrate")]
            live.select_state(value);
            #[cfg(not(feature = "hydrate"))]
            let _ = value;
        }
    };
    #[cfg(not(feature = "hydrate"))]
    let _ = (
        set_revision,
        set_data,
        set_problems,
        set_a11y,
        set_stale,
        set_dirty,
        set_status,
        set_loaded,
        set_conflict,
        set_draft_offer,
        set_other_tab,
        set_state_names,
        set_data_error,
        schema_host,
        data_host,
        set_import_errors,
        document,
        saved,
    );

    // Ctrl/Cmd+S anywhere on the page saves (the code editor handles it itself, and marks
    // the event handled), rather than the browser's "Save page".
    #[cfg(feature = "hydrate")]
    {
        let live = live.clone();
        let handle = window_event_listener(leptos::ev::keydown, move |ev| {
            if (ev.ctrl_key() || ev.meta_key())
                && !ev.alt_key()
                && ev.key().eq_ignore_ascii_case("s")
                && !ev.default_prevented()
                && loaded.get_untracked()
            {
                ev.prevent_default();
                live.save(false);
            }
        });
        on_cleanup(move || handle.remove());
    }
    // Undo and redo from anywhere else on the page too (a button, the page itself once a
    // visual edit's panel redrew and the focus fell to the body): the design's history. A
    // text field keeps its own, and the code editor, the outline and the inspector handle
    // the keys themselves (and mark them handled).
    #[cfg(feature = "hydrate")]
    {
        let live = live.clone();
        let handle = window_event_listener(leptos::ev::keydown, move |ev| {
            if ev.default_prevented() || !loaded.get_untracked() {
                return;
            }
            let Some(cmd) = visual::history_key(&ev) else {
                return;
            };
            // A field that holds text keeps its own undo (a checkbox, a file picker or a
            // button does not have one).
            if crate::components::focus::focus_takes_text() {
                return;
            }
            // Never the browser's own undo either: it would reach the code editor's text
            // (Chromium's undo outside a field goes to the last edited one).
            ev.prevent_default();
            let modal = help.get_untracked() || conflict.with_untracked(Option::is_some);
            // The design's history is the view's: on the Data or Schema tab (whose editors
            // have their own) the hidden view is not undone.
            if modal {
                return;
            }
            let redo = !matches!(cmd, visual::Cmd::Undo);
            match tab.get_untracked() {
                Tab::View => live.visual(cmd),
                // The Data tab's state changes (Add, Duplicate, Rename, Delete), when any.
                Tab::Data if live.state_step_keeping_focus(redo) => {}
                // Said, rather than nothing at all: the keys do nothing to the tab shown.
                other => {
                    let what = if matches!(cmd, visual::Cmd::Undo) {
                        "Undo"
                    } else {
                        "Redo"
                    };
                    let which = if other == Tab::Data { "Data" } else { "Schema" };
                    let states = if other == Tab::Data {
                        " (and here on the states' changes, when there are any)"
                    } else {
                        ""
                    };
                    visual.message.set(format!(
                        "{what} outside the code acts on the view, on the View tab{states}; the {which} tab's editor keeps its own: click in it, then press the keys again."
                    ));
                }
            }
        });
        on_cleanup(move || handle.remove());
    }
    let save_click = {
        #[cfg(feature = "hydrate")]
        let live = live.clone();
        move |ev: leptos::ev::SubmitEvent| {
            #[cfg(feature = "hydrate")]
            if loaded.get_untracked() {
                ev.prevent_default();
                live.save(false);
            }
            #[cfg(not(feature = "hydrate"))]
            let _ = ev;
        }
    };
    let target_change = {
        #[cfg(feature = "hydrate")]
        let live = live.clone();
        move |ev: leptos::ev::Event| {
            let value = event_target_value(&ev);
            #[cfg(feature = "hydrate")]
            if let Some(t) = widget::Target::parse(&value) {
                live.set_target(t);
            }
            #[cfg(not(feature = "hydrate"))]
            let _ = value;
        }
    };
    // Name, description and tags: kept in the document, saved with the next revision.
    let detail_change = {
        #[cfg(feature = "hydrate")]
        let live = live.clone();
        move |field: &'static str| {
            #[cfg(feature = "hydrate")]
            let live = live.clone();
            move |ev: leptos::ev::Event| {
                let value = event_target_value(&ev);
                #[cfg(feature = "hydrate")]
                live.set_details(move |d| match field {
                    // A design keeps a name: an emptied box leaves the last one.
                    "name" => {
                        if value.trim().is_empty() {
                            set_name_problem.set(Some(format!(
                                "A design needs a name: it keeps \"{}\" until you give another.",
                                d.name
                            )));
                        } else if let Some(why) = {
                            // Checked as it is saved (trimmed), counted as the box shows it.
                            let lead = value.chars().take_while(|c| c.is_whitespace()).count();
                            let shown: String = value
                                .trim_end()
                                .chars()
                                .enumerate()
                                .map(|(i, c)| if i < lead { ' ' } else { c })
                                .collect();
                            widget::design::one_line_problem(&shown)
                        } {
                            // What a save would refuse, said here, at once.
                            set_name_problem.set(Some(format!(
                                "The name {why}: a name is one line, shown in the order it is written. The design keeps \"{}\" until this is fixed.",
                                d.name
                            )));
                        } else {
                            d.name = value.trim().to_string();
                            set_name_problem.set(None);
                        }
                    }
                    "description" => d.description = value.trim().to_string(),
                    // An asset base that does not check is kept out of the design (and said).
                    "asset_base" => match parse_asset_base(&value) {
                        Ok(base) => {
                            d.export.asset_base = base;
                            set_base_problem.set(None);
                        }
                        // Kept as typed (never a shorter valid part of it): exports refuse
                        // it with the same message until it is fixed.
                        Err(e) => {
                            d.export.asset_base = Some(value.trim().to_string());
                            set_base_problem.set(Some(format!(
                                "{e}; the design does not save until it is fixed"
                            )));
                        }
                    },
                    _ => {
                        // What a save would refuse, said here, at once; the tags stay as
                        // they were until it is fixed.
                        let tags = widget::Design::parse_tags(&value);
                        let max = widget::design::TAG_MAX_CHARS;
                        let problem = if tags.len() > widget::design::TAGS_MAX {
                            Some(format!(
                                "A design has at most {} tags; this is {}.",
                                widget::design::TAGS_MAX,
                                tags.len()
                            ))
                        } else {
                            tags.iter().find_map(|t| {
                                // The tag isolated (U+2068…U+2069): an override in it
                                // cannot turn the rest of the message around.
                                if t.chars().count() > max {
                                    Some(format!("The tag \"\u{2068}{t}\u{2069}\" is longer than {max} characters."))
                                } else {
                                    widget::design::one_line_problem(t).map(|why| {
                                        format!("The tag \"\u{2068}{t}\u{2069}\" {why}: a tag is one line, shown in the order it is written.")
                                    })
                                }
                            })
                        };
                        match problem {
                            Some(p) => set_tags_problem.set(Some(format!(
                                "{p} The tags stay as they were until this is fixed."
                            ))),
                            None => {
                                d.tags = tags;
                                set_tags_problem.set(None);
                            }
                        }
                    }
                });
                #[cfg(not(feature = "hydrate"))]
                let _ = (
                    field,
                    value,
                    set_base_problem,
                    set_name_problem,
                    set_tags_problem,
                );
            }
        }
    };
    // The A2UI tab's report entries select their node in the code.
    let select_span = {
        #[cfg(feature = "hydrate")]
        let live = live.clone();
        Callback::new(move |span: Span| {
            #[cfg(feature = "hydrate")]
            live.select(span);
            #[cfg(not(feature = "hydrate"))]
            let _ = span;
        })
    };
    // The Actions panel: the design as it is now (after each rebuild), every state's widget,
    // and edited handler rules stored in the document.
    let actions_design = Signal::derive(move || {
        data.track();
        Some(document.get_value())
    });
    let actions_widgets = Signal::derive(move || {
        data.with(|d| {
            d.states
                .iter()
                .filter_map(|s| s.widget.as_deref().cloned())
                .collect::<Vec<_>>()
        })
    });
    // The Actions panel stores edited handler rules in the document.
    let set_handlers = {
        #[cfg(feature = "hydrate")]
        let live = live.clone();
        Callback::new(
            move |h: Result<
                widget::actions::rules::DesignHandlers,
                crate::components::actions::UnreadRules,
            >| {
                #[cfg(feature = "hydrate")]
                live.set_rules(h);
                #[cfg(not(feature = "hydrate"))]
                let _ = h;
            },
        )
    };
    // The outline, the inspector and the palette send their edits here.
    let on_cmd = {
        #[cfg(feature = "hydrate")]
        let live = live.clone();
        Callback::new(move |cmd: visual::Cmd| {
            #[cfg(feature = "hydrate")]
            live.visual(cmd);
            #[cfg(not(feature = "hydrate"))]
            let _ = cmd;
        })
    };
    // Read when the page comes up, and again after each save (or revision taken in): which
    // designs use an asset, and so whether it may be deleted, follows the saved revision.
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        revision.track();
        crate::components::assets::client::load(assets)
    });
    // The element a drawn node came from (`None` off the drawing, or when the drawing is of an
    // older text).
    let drawn_at = move |el: &leptos::web_sys::Element| -> Option<widget::edit::At> {
        let node = el.closest("[data-wgt-path]").ok().flatten()?;
        let path = node.get_attribute("data-wgt-path").unwrap_or_default();
        let state = node
            .closest(".ws-frame")
            .ok()
            .flatten()
            .and_then(|f| f.get_attribute("data-state"))
            .unwrap_or_default();
        if stale.get_untracked() {
            return None;
        }
        data.with_untracked(|d| {
            d.states
                .iter()
                .find(|s| s.name == state)
                .and_then(|s| s.nodes.get(&path).copied())
        })
        .map(|at| widget::edit::At(at as usize))
    };
    // Images dropped or pasted on the editor are uploaded as assets, then used where they
    // landed: a text field of the inspector gets the reference (as if typed); a drawn node, or
    // else the selection, gets it through `visual::asset_change`.
    #[cfg(feature = "hydrate")]
    let take_images = move |files: Vec<leptos::web_sys::File>,
                            target: Option<leptos::web_sys::Element>| {
        use crate::components::assets::client;
        use leptos::wasm_bindgen::JsCast;
        let images: Vec<_> = files.into_iter().filter(client::is_image).collect();
        if images.is_empty() {
            return false;
        }
        if read_only {
            assets.update(|s| s.error = Some("Uploading images needs the editor role.".into()));
            return true;
        }
        let field = target
            .as_ref()
            .filter(|t| {
                t.closest("[data-testid=inspector]")
                    .ok()
                    .flatten()
                    .is_some()
            })
            .and_then(|t| {
                t.clone()
                    .dyn_into::<leptos::web_sys::HtmlInputElement>()
                    .ok()
            })
            .filter(|i| i.type_() == "text");
        let at = target
            .as_ref()
            .and_then(drawn_at)
            .or_else(|| visual.selected.get_untracked());
        client::upload(images, assets, move |up| {
            let Some(a) = up.into_iter().next() else {
                return;
            };
            if let Some(input) = field {
                if !input.is_connected() {
                    // The inspector moved on while the image uploaded.
                    visual.message.set(format!("{} is uploaded; the field it was dropped on has closed, so use it from the Assets panel.", a.name));
                    return;
                }
                input.set_value(&a.reference);
                if let Ok(ev) = leptos::web_sys::Event::new("change") {
                    let _ = input.dispatch_event(&ev);
                }
                return;
            }
            on_cmd.run(visual::Cmd::UseAsset {
                at,
                reference: a.reference.clone(),
                alt: a.name.clone(),
                pixels: Some((a.width, a.height)),
            });
        });
        true
    };
    let drop_file = {
        #[cfg(feature = "hydrate")]
        let live = live.clone();
        move |ev: leptos::ev::DragEvent| {
            ev.prevent_default();
            #[cfg(feature = "hydrate")]
            {
                use leptos::wasm_bindgen::JsCast;
                let files = crate::components::assets::client::files_of(
                    ev.data_transfer().and_then(|d| d.files()),
                );
                let target = ev
                    .target()
                    .and_then(|t| t.dyn_into::<leptos::web_sys::Element>().ok());
                if !take_images(files.clone(), target)
                    && let Some(file) = files.into_iter().next()
                {
                    live.import_file(file);
                }
            }
        }
    };
    let paste_image = move |ev: leptos::ev::ClipboardEvent| {
        #[cfg(feature = "hydrate")]
        {
            use leptos::wasm_bindgen::JsCast;
            // Text on the clipboard is pasted as text, even beside a picture (cells copied from
            // a spreadsheet carry one).
            let data = ev.clipboard_data();
            if data
                .as_ref()
                .and_then(|d| d.get_data("text/plain").ok())
                .is_some_and(|t| !t.is_empty())
            {
                return;
            }
            let files = crate::components::assets::client::files_of(data.and_then(|d| d.files()));
            let target = ev
                .target()
                .and_then(|t| t.dyn_into::<leptos::web_sys::Element>().ok());
            if take_images(files, target) {
                ev.prevent_default();
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };
    let use_asset = Callback::new(move |a: widget::asset::AssetInfo| {
        on_cmd.run(visual::Cmd::UseAsset {
            at: visual.selected.get_untracked(),
            reference: a.reference.clone(),
            alt: a.name.clone(),
            pixels: Some((a.width, a.height)),
        });
    });
    // A renamed asset that this design uses is a renamed file in its exports: the Export
    // section's Python snippet, whose image URLs end in the names, is drawn again from the
    // server.
    let renamed_id = id.clone();
    let asset_renamed = Callback::new(move |used: Vec<widget::asset::AssetUse>| {
        let ours = used.iter().any(|u| u.id == renamed_id);
        #[cfg(feature = "hydrate")]
        if ours {
            crate::components::export_links::client::refresh(&renamed_id);
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = ours;
    });
    // References to assets the studio does not hold: warnings at their place.
    let missing_assets = Memo::new(move |_| {
        data.track();
        document.with_value(|doc| {
            assets.with(|s| {
                let states: Vec<(String, &serde_json::Value)> =
                    std::iter::once(("default".to_string(), &doc.default_state))
                        .chain(doc.states.iter().map(|st| (st.name.clone(), &st.data)))
                        .collect();
                widget::asset::missing(&doc.source, &states, |id| s.holds(id))
            })
        })
    });
    // The problems counted, for screen readers: said once the list has settled for a second
    // (not at each keystroke while a tag is half typed), and only when the counts change.
    let summary = Memo::new(move |_| {
        let (errors, warnings) = problems.with(|ps| {
            let errors = ps.iter().filter(|p| p.error).count();
            (errors, ps.len() - errors)
        });
        let warnings = warnings + missing_assets.with(Vec::len);
        problems_summary(errors, warnings, a11y.with(Vec::len))
    });
    let (announced, set_announced) = signal(summary.get_untracked());
    #[cfg(feature = "hydrate")]
    {
        let pending = StoredValue::new(None::<TimeoutHandle>);
        Effect::new(move |first: Option<()>| {
            let text = summary.get();
            if first.is_none() {
                return;
            }
            if let Some(h) = pending.get_value() {
                h.clear();
            }
            let h = set_timeout_with_handle(
                move || set_announced.set(text),
                std::time::Duration::from_millis(1000),
            );
            pending.set_value(h.ok());
        });
        on_cleanup(move || {
            if let Some(h) = pending.try_get_value().flatten() {
                h.clear();
            }
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = set_announced;
    // A click on a drawn component selects it (and its JSX in the code).
    let preview_click = {
        move |ev: leptos::ev::MouseEvent| {
            use leptos::wasm_bindgen::JsCast;
            let Some(el) = ev
                .target()
                .and_then(|t| t.dyn_into::<leptos::web_sys::Element>().ok())
            else {
                return;
            };
            if el.closest("[data-wgt-path]").ok().flatten().is_none() {
                return;
            }
            if stale.get_untracked() {
                // The drawing is of an older text: its places are not the code's.
                visual.message.set("This preview is the last one that built; fix the problems in the code to select from it.".into());
                return;
            }
            if let Some(at) = drawn_at(&el) {
                // A click on a button or link in the drawing selects; it does not submit.
                ev.prevent_default();
                on_cmd.run(visual::Cmd::Select(at));
            }
        }
    };
    // A memo: setting a style element's text, even to the same text, makes the browser
    // restyle the whole page, so it is set only when the rule changes.
    let highlight = Memo::new(move |_| {
        // A stale drawing (an older text's) is not outlined: its places are not the code's.
        if stale.get() {
            return String::new();
        }
        data.with(|d| visual::highlight_css(d, visual.selected.get()))
    });
    // The saved revision's A2UI messages (its images inline when it has no asset base).
    let a2ui_rest = crate::components::export_links::export_href(
        &format!("/api/designs/{id}/export"),
        "a2ui",
        None,
    );
    let Details {
        name: name0,
        description: description0,
        tags: tags0,
        asset_base: asset_base0,
        target: _,
    } = Details::of(&record.document);
    #[cfg(feature = "hydrate")]
    let (live_p, live_c, live_d, live_a) = (live.clone(), live.clone(), live.clone(), live.clone());
    let problem_items = move || {
        problems
            .get()
            .into_iter()
            .map(|p| {
                #[cfg(feature = "hydrate")]
                let live = live_p.clone();
                let span = p.span;
                let sev = if p.error { "error" } else { "warning" };
                let where_ = states_note(&p.states, data.with_untracked(|d| d.states.len()));
                view! {
                    <li data-severity=sev>
                        <button type="button" class="text-left hover:underline" data-testid="problem"
                            on:click=move |_| {
                                #[cfg(feature = "hydrate")]
                                live.select(span);
                                #[cfg(not(feature = "hydrate"))]
                                let _ = span;
                            }>
                            <span class=if p.error { "font-mono text-red-700 dark:text-red-400" } else { "font-mono text-amber-700 dark:text-amber-400" }>
                                {format!("{}:{}", p.line, p.column)}
                            </span>
                            " " {p.message} {where_}
                        </button>
                    </li>
                }
            })
            .collect::<Vec<_>>()
    };
    // Accessibility warnings beside the problems; an obvious fix is a button that edits the
    // source (once the code editor is loaded: the fix is a text edit of its document).
    let a11y_items = move || {
        let n_states = data.with_untracked(|d| d.states.len());
        a11y.get()
            .into_iter()
            .map(|p| {
                #[cfg(feature = "hydrate")]
                let (l1, l2) = (live_a.clone(), live_a.clone());
                let span = p.span;
                let where_ = states_note(&p.states, n_states);
                let fix = p.fix.clone().map(|f| {
                    let title = f.title.clone();
                    view! {
                        <button type="button" data-testid="a11y-fix" class:hidden=move || !loaded.get()
                            class="ml-2 rounded-md border border-slate-300 px-1.5 py-0.5 text-xs hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
                            on:click=move |_| {
                                #[cfg(feature = "hydrate")]
                                l2.apply_fix(&f);
                                #[cfg(not(feature = "hydrate"))]
                                let _ = &f;
                            }>{title}</button>
                    }
                });
                view! {
                    <li data-severity="warning" data-code=p.code.as_str()>
                        <button type="button" class="text-left hover:underline" data-testid="a11y-problem"
                            on:click=move |_| {
                                #[cfg(feature = "hydrate")]
                                l1.select(span);
                                #[cfg(not(feature = "hydrate"))]
                                let _ = span;
                            }>
                            <span class="font-mono text-amber-800 dark:text-amber-300">{format!("{}:{}", p.line, p.column)}</span>
                            " " {p.message} {where_}
                        </button>
                        {fix}
                    </li>
                }
            })
            .collect::<Vec<_>>()
    };
    #[cfg(feature = "hydrate")]
    let live_m = live.clone();
    let missing_items = move || {
        missing_assets
            .get()
            .into_iter()
            .map(|d| {
                #[cfg(feature = "hydrate")]
                let live = live_m.clone();
                let span = d.span;
                let in_view = d.origin.is_none();
                let where_ = d.origin.as_ref().map(|o| format!(" (in {o})")).unwrap_or_default();
                view! {
                    <li data-severity="warning" data-testid="missing-asset">
                        <button type="button" class="text-left hover:underline"
                            on:click=move |_| {
                                #[cfg(feature = "hydrate")]
                                if in_view {
                                    live.select(span);
                                }
                                #[cfg(not(feature = "hydrate"))]
                                let _ = (span, in_view);
                            }>
                            <span class="font-mono text-amber-700 dark:text-amber-400">{format!("{}:{}", d.line, d.column)}</span>
                            " " {d.message.clone()} {where_}
                        </button>
                    </li>
                }
            })
            .collect::<Vec<_>>()
    };
    // The tabs follow the WAI-ARIA tabs pattern: one Tab stop, the arrow keys, Home and End
    // choose (and focus) a tab.
    let tab_keys = move |ev: leptos::ev::KeyboardEvent| {
        let at = TABS
            .iter()
            .position(|(t, _, _)| *t == tab.get_untracked())
            .unwrap_or(0);
        let next = match ev.key().as_str() {
            "ArrowRight" => (at + 1) % TABS.len(),
            "ArrowLeft" => (at + TABS.len() - 1) % TABS.len(),
            "Home" => 0,
            "End" => TABS.len() - 1,
            _ => return,
        };
        ev.prevent_default();
        let (t, key, _) = TABS[next];
        tab.set(t);
        use leptos::wasm_bindgen::JsCast;
        if let Some(el) = leptos::prelude::document()
            .get_element_by_id(&format!("ws-tab-{key}"))
            .and_then(|e| e.dyn_into::<leptos::web_sys::HtmlElement>().ok())
        {
            let _ = el.focus();
        }
    };
    let conflict_view = move || {
        conflict.get().map(|head| {
            #[cfg(feature = "hydrate")]
            let (l1, l2, l3) = (live_c.clone(), live_c.clone(), live_c.clone());
            let mine = document.with_value(|d| d.source.clone());
            let lines = widget::diff::line_diff(&head.document.source, &mine);
            // Who made each difference, from the revision this page was edited from: a line
            // only theirs has is theirs if that revision lacked it (else I removed it), and
            // the other way round; so their edits do not read as mine to undo.
            let base_source = saved.with_value(|b| b.source.clone());
            let rows = lines
                .into_iter()
                .filter(|l| l.op != widget::diff::LineOp::Same)
                .take(200)
                .map(|l| {
                    let in_base = base_source.lines().any(|b| b == l.text);
                    let who = match (l.op, in_base) {
                        (widget::diff::LineOp::Removed, false) => "  (they added it)",
                        (widget::diff::LineOp::Removed, true) => "  (you removed it)",
                        (_, true) => "  (they removed it)",
                        (_, false) => "  (you added it)",
                    };
                    view! { <div class=match l.op { widget::diff::LineOp::Added => "text-emerald-700 dark:text-emerald-400", _ => "text-red-700 dark:text-red-400" }>{format!("{} {}", l.op.marker(), l.text)}<span class="text-slate-600 dark:text-slate-400">{who}</span></div> }
                })
                .collect::<Vec<_>>();
            let theirs_rev = head.revision;
            let no_view_change = rows.is_empty();
            // The other parts each side changed since the revision this page was edited from.
            let (base, mine_doc) = (saved.get_value(), document.get_value());
            let parts = |d: &widget::Design| {
                let names: Vec<&str> = base
                    .changed(d)
                    .into_iter()
                    .filter(|f| *f != widget::DesignField::View)
                    .map(widget::DesignField::label)
                    .collect();
                (!names.is_empty()).then(|| names.join(", "))
            };
            let (by_them, by_me) = (parts(&head.document), parts(&mine_doc));
            view! {
                <div id="ws-conflict" role="dialog" aria-modal="true" aria-labelledby="ws-conflict-title" data-testid="conflict"
                    on:keydown=crate::components::modal::trap_tab
                    class="fixed inset-0 z-50 flex items-center justify-center bg-black/40 p-6">
                    <div class="max-h-full w-full max-w-2xl space-y-3 overflow-auto rounded-xl bg-white p-5 shadow-xl dark:bg-slate-900">
                        <h2 id="ws-conflict-title" class="text-lg font-semibold">{format!("Someone saved revision {theirs_rev} while you were editing")}</h2>
                        <p class="text-sm text-slate-600 dark:text-slate-300">"What changes between their version (−) and yours (+), and who made each change since you opened the design:"</p>
                        <pre tabindex="0" role="region" aria-label="The view's changes between their version and yours" class="max-h-72 overflow-auto rounded bg-slate-50 p-2 font-mono text-xs dark:bg-slate-950" data-testid="conflict-diff">{rows}{no_view_change.then_some("(the views are the same)")}</pre>
                        <ul class="list-disc space-y-1 pl-5 text-sm" data-testid="conflict-parts">
                            {by_them.map(|p| view! { <li>{format!("Revision {theirs_rev} also changed {p}.")}</li> })}
                            {by_me.map(|p| view! { <li>{format!("You also changed {p}.")}</li> })}
                        </ul>
                        <p class="text-sm text-slate-600 dark:text-slate-300">"Overwrite with mine saves every part you changed and keeps their changes to the rest: in the view line by line, and the named states one by one (where you both changed the same lines or state, yours win)."</p>
                        {move || save_error.get().map(|e| view! { <p role="alert" class="text-sm text-red-700 dark:text-red-400" data-testid="conflict-error">{format!("Not saved: {e}")}</p> })}
                        <div class="flex flex-wrap gap-2">
                            <button type="button" data-testid="take-theirs" class="rounded-md border border-slate-300 px-3 py-1.5 text-sm dark:border-slate-700"
                                on:click=move |_| {
                                    #[cfg(feature = "hydrate")]
                                    l1.take_theirs();
                                }>"Take theirs"</button>
                            <button type="button" data-testid="overwrite" class="rounded-md border border-slate-300 px-3 py-1.5 text-sm dark:border-slate-700"
                                on:click=move |_| {
                                    #[cfg(feature = "hydrate")]
                                    l2.save(true);
                                }>"Overwrite with mine"</button>
                            <button type="button" data-testid="save-copy" class="rounded-md bg-slate-900 px-3 py-1.5 text-sm font-medium text-white dark:bg-slate-100 dark:text-slate-900"
                                on:click=move |_| {
                                    #[cfg(feature = "hydrate")]
                                    l3.save_copy();
                                }>"Save mine as a copy"</button>
                            <button type="button" data-testid="keep-editing" class="rounded-md px-3 py-1.5 text-sm underline"
                                on:click=move |_| set_conflict.set(None)>"Keep editing"</button>
                        </div>
                    </div>
                </div>
            }
        })
    };
    let draft_view = move || {
        draft_offer.get().map(|d| {
            #[cfg(feature = "hydrate")]
            let (l1, l2) = (live_d.clone(), live_d.clone());
            #[cfg(feature = "hydrate")]
            let d2 = d.clone();
            view! {
                <div role="status" data-testid="draft-offer" class="flex flex-wrap items-center gap-3 rounded-lg border border-amber-300 bg-amber-50 px-3 py-2 text-sm dark:border-amber-700 dark:bg-amber-950">
                    <span>{format!("You have unsaved work in this browser (based on revision {}).", d.base)}</span>
                    <button type="button" data-testid="restore-draft" class="rounded-md bg-slate-900 px-2 py-1 text-white dark:bg-slate-100 dark:text-slate-900"
                        on:click=move |_| {
                            #[cfg(feature = "hydrate")]
                            l1.restore(d2.clone());
                        }>"Restore it"</button>
                    <button type="button" data-testid="discard-draft" class="rounded-md border border-slate-300 px-2 py-1 dark:border-slate-700"
                        on:click=move |_| {
                            #[cfg(feature = "hydrate")]
                            l2.discard_draft();
                        }>"Discard"</button>
                </div>
            }
        })
    };

    crate::components::modal::modal_focus(move || conflict.with(Option::is_some), "ws-conflict");
    crate::components::modal::modal_focus(move || help.get(), "ws-help");
    let help_view = move || {
        help.get().then(|| view! {
            <div id="ws-help" role="dialog" aria-modal="true" aria-labelledby="ws-help-title" data-testid="shortcuts"
                class="fixed inset-0 z-50 flex items-center justify-center bg-black/40 p-6"
                on:keydown=crate::components::modal::trap_tab
                on:click=move |_| set_help.set(false)>
                <div class="w-full max-w-md space-y-3 rounded-xl bg-white p-5 shadow-xl dark:bg-slate-900">
                    <h2 id="ws-help-title" class="text-lg font-semibold">"Keyboard shortcuts"</h2>
                    <dl class="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
                        {SHORTCUTS.iter().map(|(k, what)| view! { <dt class="font-mono">{*k}</dt><dd>{*what}</dd> }).collect::<Vec<_>>()}
                    </dl>
                    <div class="flex items-center justify-between gap-2">
                        <p class="text-xs text-slate-500 dark:text-slate-400">"Escape or a click closes this."</p>
                        <button type="button" data-testid="shortcuts-close" class="rounded-md border border-slate-300 px-3 py-1 text-sm dark:border-slate-700">"Close"</button>
                    </div>
                </div>
            </div>
        })
    };
    crate::components::erased_on_server(view! {
        <div class="space-y-3" data-testid="editor" on:dragover=move |ev: leptos::ev::DragEvent| ev.prevent_default() on:drop=drop_file on:paste=paste_image>
            // Kept in the layout (invisible) until the code editor is up, so the page does not shift
            // down when it appears; a page without JavaScript never shows it (the shell's
            // `noscript` style hides `ws-js-only`).
            <div class="ws-js-only flex flex-wrap items-center gap-2 text-sm" class:invisible=move || !loaded.get()>
                <label for="ws-import" class="font-medium">"Import"</label>
                <input id="ws-import" type="file" accept=".widget,.json,.jsx" data-testid="import" on:change=pick class="text-xs"/>
                <span class="text-xs text-slate-500 dark:text-slate-400">"or drop a .widget, .json or .jsx file on the editor: it replaces what the file holds (a .jsx the view; a .widget or widget JSON the view, its data and schema; a design document all but the name, description and tags)"</span>
                <details class="w-full" data-testid="paste-import">
                    <summary class="cursor-pointer">"…or paste one"</summary>
                    <div class="mt-2 flex flex-col gap-2">
                        <label for="ws-paste" class="sr-only">"Text to import"</label>
                        <textarea id="ws-paste" node_ref=paste_text rows="6" spellcheck="false" data-testid="paste-text"
                            placeholder="Paste a .widget file, a design document, widget JSON or a JSX view"
                            class="w-full rounded-md border border-slate-300 bg-white p-2 font-mono text-xs dark:border-slate-700 dark:bg-slate-900"></textarea>
                        <button type="button" data-testid="paste-go" on:click=paste
                            class="self-start rounded-md border border-slate-300 px-2 py-1 dark:border-slate-700">"Import the pasted text"</button>
                    </div>
                </details>
            </div>
            // Always there (a status region added with its text is often not read), and
            // empty when there is nothing to say.
            <p role="status" data-testid="import-note" class="text-sm text-slate-700 empty:hidden dark:text-slate-300">
                {move || import_note.get().filter(|_| import_errors.with(Vec::is_empty))}
            </p>
            {move || {
                let errors = import_errors.get();
                (!errors.is_empty()).then(|| view! {
                    <div role="alert" data-testid="import-errors" class="rounded-lg border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-300">
                        <p class="font-medium">"The file was not imported; nothing changed:"</p>
                        <ul class="font-mono text-xs">{errors.into_iter().map(|e| view! { <li>{e}</li> }).collect::<Vec<_>>()}</ul>
                    </div>
                })
            }}
            {move || other_tab.get().then(|| view! {
                <p role="status" data-testid="other-tab" class="rounded-lg border border-amber-300 bg-amber-50 px-3 py-2 text-sm dark:border-amber-700 dark:bg-amber-950">
                    "This design is also open in another tab. Saving in both asks you to resolve the difference."
                </p>
            })}
            <p class="text-xs text-slate-500 dark:text-slate-400">"Press ? for keyboard shortcuts."</p>
            {help_view}
            {draft_view}
            // The code pane can be dragged wider or narrower by its corner (CSS resize); the
            // preview takes the rest.
            <div class="flex flex-col gap-4 lg:flex-row">
                <form method="post" action={<SaveSource as ServerFn>::PATH} on:submit=save_click data-testid="editor-form"
                    class="flex min-w-0 flex-col gap-2 lg:w-1/2 lg:min-w-[20rem] lg:max-w-[75%] lg:resize-x lg:overflow-auto lg:pr-2">
                    <input type="hidden" name="id" value=id.clone()/>
                    <input type="hidden" name="base" value=move || revision.get().to_string()/>
                    <div class="flex flex-wrap items-center gap-2 text-sm">
                        <label for="ws-target" class="font-medium">"Target"</label>
                        <select id="ws-target" name="target" data-testid="target" on:change=target_change
                            prop:value=move || details.with(|d| d.target.as_str())
                            class="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-900">
                            {widget::Target::ALL.into_iter().map(|t| view! {
                                <option value=t.as_str() selected=t == target0>{format!("{} ({})", t.as_str(), t.label())}</option>
                            }).collect::<Vec<_>>()}
                        </select>
                        <span class="text-xs text-slate-500 dark:text-slate-400">"whose rules the preview and the problems follow"</span>
                    </div>
                    <details class="text-sm" data-testid="details">
                        <summary class="cursor-pointer font-medium">"Name, description and tags"</summary>
                        <div class="mt-2 grid gap-2">
                            <label class="grid gap-1">"Name"
                                <input name="name" required maxlength=widget::design::NAME_MAX_CHARS.to_string() value=name0 prop:value=move || details.with(|d| d.name.clone()) data-testid="detail-name" on:input=detail_change("name")
                                    aria-invalid=move || name_problem.with(Option::is_some).then_some("true")
                                    aria-describedby=move || name_problem.with(Option::is_some).then_some("ws-name-problem")
                                    class="rounded-md border border-slate-300 bg-white px-2 py-1 dark:border-slate-700 dark:bg-slate-900"/>
                            </label>
                            {move || name_problem.get().map(|e| view! { <p id="ws-name-problem" class="text-xs text-red-700 dark:text-red-400" data-testid="name-problem">{e}</p> })}
                            <label class="grid gap-1">"Description"
                                <textarea name="description" rows="2" maxlength="10000" prop:value=move || details.with(|d| d.description.clone()) data-testid="detail-description" on:input=detail_change("description")
                                    class="rounded-md border border-slate-300 bg-white px-2 py-1 dark:border-slate-700 dark:bg-slate-900">{description0}</textarea>
                            </label>
                            <label class="grid gap-1">"Tags (separated by commas)"
                                <input name="tags" value=tags0 prop:value=move || details.with(|d| d.tags.clone()) data-testid="detail-tags" on:input=detail_change("tags")
                                    aria-invalid=move || tags_problem.with(Option::is_some).then_some("true")
                                    aria-describedby=move || tags_problem.with(Option::is_some).then_some("ws-tags-problem")
                                    class="rounded-md border border-slate-300 bg-white px-2 py-1 dark:border-slate-700 dark:bg-slate-900"/>
                            </label>
                            {move || tags_problem.get().map(|e| view! { <p id="ws-tags-problem" class="text-xs text-red-700 dark:text-red-400" data-testid="tags-problem">{e}</p> })}
                            <label class="grid gap-1">"Asset base URL, for exports"
                                <input name="asset_base" value=asset_base0 prop:value=move || details.with(|d| d.asset_base.clone()) data-testid="detail-asset-base" on:input=detail_change("asset_base")
                                    placeholder="https://cdn.example.com/widgets/" spellcheck="false"
                                    aria-invalid=move || base_problem.with(Option::is_some).then_some("true")
                                    aria-describedby=move || if base_problem.with(Option::is_some) { "ws-asset-base-help ws-asset-base-problem" } else { "ws-asset-base-help" }
                                    class="rounded-md border border-slate-300 bg-white px-2 py-1 font-mono text-xs dark:border-slate-700 dark:bg-slate-900"/>
                            </label>
                            <p id="ws-asset-base-help" class="text-xs text-slate-500 dark:text-slate-400">"Where your backend will host this design's images: exports rewrite each asset: reference to this base and the file's name."</p>
                            // Tied to the field (read with it), not an alert at every keystroke.
                            {move || base_problem.get().map(|e| view! { <p id="ws-asset-base-problem" class="text-xs text-red-700 dark:text-red-400" data-testid="asset-base-problem">{e}</p> })}
                            <p class="text-xs text-slate-500 dark:text-slate-400">"Saved with the next revision."</p>
                        </div>
                    </details>
                    <div role="tablist" aria-label="What to edit" class="ws-js-only flex gap-1 text-sm" class:invisible=move || !loaded.get() on:keydown=tab_keys>
                        {TABS.into_iter().map(|(t, key, label)| view! {
                            <button type="button" role="tab" id=format!("ws-tab-{key}") aria-controls=format!("ws-{key}-panel") data-testid=format!("tab-{key}")
                                aria-selected=move || (tab.get() == t).to_string()
                                tabindex=move || if tab.get() == t { "0" } else { "-1" }
                                class="ws-tab"
                                on:click=move |_| tab.set(t)>{label}</button>
                        }).collect::<Vec<_>>()}
                    </div>
                    <div id="ws-schema-panel" role="tabpanel" aria-labelledby="ws-tab-schema" data-testid="schema-panel" class="space-y-2 text-sm" class:hidden=move || tab.get() != Tab::Schema>
                        <div class="flex flex-wrap items-center gap-2">
                            <span><span class="font-medium">"Schema: "</span><span data-testid="schema-mode">{move || schema_view.with(|v| v.describe)}</span></span>
                            <button type="button" data-testid="schema-infer" on:click=infer_click
                                class="rounded-md border border-slate-300 px-2 py-1 dark:border-slate-700">"Infer from the states"</button>
                            <button type="button" data-testid="schema-format" on:click=format_click(Tab::Schema) class:hidden=move || schema_view.with(|v| v.describe.starts_with("zod"))
                                class="rounded-md border border-slate-300 px-2 py-1 dark:border-slate-700">"Format JSON"</button>
                        </div>
                        <div node_ref=schema_host class="ws-code min-h-[16rem] overflow-hidden rounded-lg border border-slate-300 dark:border-slate-700" data-testid="schema-host"></div>
                        <div role="alert"><ul class="space-y-1 text-red-700 dark:text-red-400" data-testid="schema-problems">
                            {move || schema_view.with(|v| v.problems.iter().map(|p| view! {
                                <li><span class="font-mono">{format!("{}:{}", p.line, p.column)}</span>{format!(" {}", p.message)}</li>
                            }).collect::<Vec<_>>())}
                        </ul></div>
                        <section aria-label="States against the schema" data-testid="schema-misfits">
                            {move || schema_view.with(|v| if v.misfits.is_empty() {
                                view! { <p class="text-emerald-800 dark:text-emerald-300" data-testid="schema-fits">"Every state fits the schema."</p> }.into_any()
                            } else {
                                view! {
                                    <ul class="space-y-1 text-amber-800 dark:text-amber-300">
                                        {v.misfits.iter().map(|m| view! {
                                            <li data-testid="schema-misfit">{format!("state {} {}:{}: {}", m.state, m.line, m.column, m.message)}</li>
                                        }).collect::<Vec<_>>()}
                                    </ul>
                                }.into_any()
                            })}
                        </section>
                    </div>
                    <div id="ws-data-panel" role="tabpanel" aria-labelledby="ws-tab-data" data-testid="data-panel" class="space-y-2 text-sm" class:hidden=move || !data_tab.get()>
                        <div class="flex flex-wrap items-center gap-2">
                            <label for="ws-state" class="font-medium">"State"</label>
                            // As wide as its longest name, up to the phone's width (a
                            // 64-character name made the page scroll sideways).
                            <select id="ws-state" data-testid="state-select" on:change=state_change
                                class="min-w-0 max-w-full rounded-md border border-slate-300 bg-white px-2 py-1 sm:max-w-xs dark:border-slate-700 dark:bg-slate-900">
                                {move || state_names.get().into_iter().map(|n| {
                                    let selected = n == current_state.get();
                                    view! { <option value=n.clone() selected=selected>{n.clone()}</option> }
                                }).collect::<Vec<_>>()}
                            </select>
                            <button type="button" data-testid="state-add" class="rounded-md border border-slate-300 px-2 py-1 dark:border-slate-700" on:click=data_action(StateAction::Add)>"Add"</button>
                            <button type="button" data-testid="state-duplicate" class="rounded-md border border-slate-300 px-2 py-1 dark:border-slate-700" on:click=data_action(StateAction::Duplicate)>"Duplicate"</button>
                            <button type="button" data-testid="state-rename" node_ref=rename_button class="rounded-md border border-slate-300 px-2 py-1 disabled:opacity-50 dark:border-slate-700"
                                aria-expanded=move || if rename_of.with(Option::is_some) { "true" } else { "false" } aria-controls="ws-state-rename"
                                disabled=move || current_state.get() == data::DEFAULT on:click=open_rename>"Rename"</button>
                            <button type="button" data-testid="state-delete" class="rounded-md border border-slate-300 px-2 py-1 disabled:opacity-50 dark:border-slate-700"
                                disabled=move || current_state.get() == data::DEFAULT on:click=data_action(StateAction::Delete)>"Delete"</button>
                            <button type="button" data-testid="data-format" class="rounded-md border border-slate-300 px-2 py-1 dark:border-slate-700" on:click=format_click(Tab::Data)>"Format JSON"</button>
                            // Add, Duplicate, Rename and Delete undone and redone (the code
                            // editors' undo does not reach the states). Named by what they
                            // would do.
                            <button type="button" data-testid="state-undo" class="rounded-md border border-slate-300 px-2 py-1 disabled:opacity-50 dark:border-slate-700"
                                disabled=move || state_history.with(|h| h.next(false).is_none())
                                aria-label=move || state_history.with(|h| h.next(false).map_or_else(|| "Undo".to_string(), |c| format!("Undo {}", c.describe())))
                                title=move || state_history.with(|h| h.next(false).map_or_else(|| "Undo a state's add, duplicate, rename or delete".to_string(), |c| format!("Undo {}", c.describe())))
                                on:click=data_action(StateAction::Undo)>"Undo"</button>
                            <button type="button" data-testid="state-redo" class="rounded-md border border-slate-300 px-2 py-1 disabled:opacity-50 dark:border-slate-700"
                                disabled=move || state_history.with(|h| h.next(true).is_none())
                                aria-label=move || state_history.with(|h| h.next(true).map_or_else(|| "Redo".to_string(), |c| format!("Redo {}", c.describe())))
                                title=move || state_history.with(|h| h.next(true).map_or_else(|| "Redo a state's change that was undone".to_string(), |c| format!("Redo {}", c.describe())))
                                on:click=data_action(StateAction::Redo)>"Redo"</button>
                        </div>
                        {move || state_note.get().map(|n| view! { <p role="alert" class="text-red-700 dark:text-red-400" data-testid="state-note">{n}</p> })}
                        <div id="ws-state-rename" data-testid="state-rename-row" class="flex flex-wrap items-center gap-2" class:hidden=move || rename_of.with(Option::is_none)>
                            <label for="ws-state-name" class="font-medium">
                                {move || format!("New name of \"{}\"", rename_of.get().unwrap_or_default())}
                            </label>
                            // No maxlength: it counts UTF-16 units, the limit is 64 characters
                            // (the check says so).
                            <input id="ws-state-name" data-testid="state-rename-input" node_ref=rename_input type="text" autocomplete="off"
                                aria-invalid=move || if rename_error.with(Option::is_some) { "true" } else { "false" }
                                aria-describedby="ws-state-rename-error" on:keydown=rename_key
                                class="min-w-0 rounded-md border border-slate-300 bg-white px-2 py-1 dark:border-slate-700 dark:bg-slate-900" />
                            <button type="button" data-testid="state-rename-ok" class="rounded-md border border-slate-300 px-2 py-1 dark:border-slate-700" on:click=rename_click>"Save name"</button>
                            <button type="button" data-testid="state-rename-cancel" class="rounded-md border border-slate-300 px-2 py-1 dark:border-slate-700" on:click=move |_| close_rename()>"Cancel"</button>
                            <p id="ws-state-rename-error" role="alert" data-testid="state-rename-error" class="basis-full text-red-700 dark:text-red-400">
                                {move || rename_error.get()}
                            </p>
                        </div>
                        <div node_ref=data_host class="ws-code min-h-[20rem] overflow-hidden rounded-lg border border-slate-300 dark:border-slate-700" data-testid="data-host"></div>
                        {move || data_error.get().map(|e| view! { <p role="alert" class="text-red-700 dark:text-red-400" data-testid="data-error">{e}</p> })}
                        // Always there: the Data editor's text area names it as its
                        // description, and a polite line says when warnings come or go.
                        <div id="ws-data-warnings">
                            {move || {
                                let w = data_warnings.get();
                                (!w.is_empty()).then(|| view! {
                                    <ul class="space-y-1 text-amber-800 dark:text-amber-300" data-testid="data-warnings">
                                        {w.into_iter().map(|m| view! { <li>{m}</li> }).collect::<Vec<_>>()}
                                    </ul>
                                })
                            }}
                        </div>
                        <crate::components::status::LiveStatus text=state_said class="sr-only" testid="state-said" />
                        <p role="status" class="sr-only" data-testid="data-warnings-said">
                            {move || data_warnings.with(|w| match w.len() {
                                0 => String::new(),
                                1 => "1 warning in the data, listed under the editor".to_string(),
                                n => format!("{n} warnings in the data, listed under the editor"),
                            })}
                        </p>
                    </div>
                    <div id="ws-view-panel" role="tabpanel" aria-labelledby="ws-tab-view" class="flex flex-col gap-2" class:hidden=move || tab.get() != Tab::View>
                    <div class="flex items-center justify-between text-sm">
                        <label for="ws-view" class="font-medium">"View"</label>
                        {is_json.then(|| view! {
                            <button type="button" data-testid="view-format" class="rounded-md border border-slate-300 px-2 py-0.5 text-xs dark:border-slate-700"
                                class:hidden=move || !loaded.get() on:click=format_click(Tab::View)>"Format JSON"</button>
                        })}
                        <span data-testid="save-state" aria-live="polite" class="text-xs text-slate-500 dark:text-slate-400">
                            {move || if saving.get() { "Saving…".to_string() } else if dirty.get() { "● Unsaved changes".to_string() } else { status.get() }}
                        </span>
                        <button type="button" data-testid="undo-import" class="rounded-md border border-slate-300 px-2 py-0.5 text-xs dark:border-slate-700"
                            title="Put back the view, states, schema and details as they were before the import"
                            class:hidden=move || !undo_import.get() on:click=undo_import_click>"Undo import"</button>
                    </div>
                    // What the code editors' Tab does: shown, and said to a screen reader when
                    // one takes the focus (each editor's text area points here). Only once the
                    // code editor is up (the plain text box's Tab moves on).
                    <p id="ws-code-keys" class="ws-js-only text-xs text-slate-500 dark:text-slate-400" class:invisible=move || !loaded.get()>"Tab indents. To leave the editor, press Escape, then Tab."</p>
                    <div node_ref=host class="ws-code min-h-[24rem] overflow-hidden rounded-lg border border-slate-300 dark:border-slate-700" data-testid="code-host" data-loaded=move || loaded.get().to_string()>
                        <textarea id="ws-view" name="source" rows="24" spellcheck="false" data-testid="source"
                            class="block h-full min-h-[24rem] w-full bg-white p-3 font-mono text-xs leading-5 dark:bg-slate-900"
                            class:hidden=move || loaded.get()>{source0}</textarea>
                    </div>
                    </div>
                    {if read_only {
                        view! {
                            <p class="rounded-md border border-slate-300 px-3 py-2 text-sm text-slate-700 dark:border-slate-700 dark:text-slate-300" data-testid="read-only">
                                "You have the viewer role: try changes here and preview them, but saving needs the editor role."
                            </p>
                        }.into_any()
                    } else {
                        view! {
                            <div class="flex items-center gap-2">
                                <label for="ws-message" class="sr-only">"Revision message"</label>
                                <input id="ws-message" name="message" type="text" placeholder="What changed (optional)" data-testid="message"
                                    class="min-w-0 flex-1 rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-900"/>
                                <button type="submit" data-testid="save" class="rounded-md bg-slate-900 px-3 py-1.5 text-sm font-medium text-white dark:bg-slate-100 dark:text-slate-900">"Save"</button>
                            </div>
                        }.into_any()
                    }}
                    {move || merge_note.get().map(|m| view! { <p role="status" data-testid="merge-note" class="text-sm text-amber-800 dark:text-amber-300">{m}</p> })}
                    <p role="alert" data-testid="save-error" class="text-sm text-red-700 dark:text-red-400" class:hidden=move || save_error.with(Option::is_none)>
                        {move || save_error.get().map(|e| format!("Not saved: {e}"))}
                    </p>
                    {move || draft_error.get().map(|e| view! { <p role="alert" data-testid="draft-error" class="text-sm text-amber-800 dark:text-amber-300">{e}</p> })}
                    <p role="status" class="sr-only" data-testid="problems-summary">{announced}</p>
                    <section aria-label="Problems" data-testid="problems" class="text-sm">
                        <ul class="space-y-1">{problem_items}{missing_items}</ul>
                    </section>
                    <section aria-labelledby="ws-a11y-title" data-testid="a11y" class="space-y-1 text-sm" class:hidden=move || a11y.with(Vec::is_empty)>
                        <h2 id="ws-a11y-title" class="font-semibold">"Accessibility"</h2>
                        <ul class="space-y-1">{a11y_items}</ul>
                    </section>
                </form>
                <div class="min-w-0 flex-1 space-y-2" data-testid="live-preview" data-stale=move || stale.get().to_string()>
                    <div class:hidden=move || !loaded.get()><copy_json::CopyJson data=data follow=outline_state /></div>
                    {move || stale.get().then(|| view! { <p class="text-xs text-amber-700 dark:text-amber-400" data-testid="stale">"The source has errors: this is the last preview that built."</p> })}
                    <style data-testid="selection-style" prop:textContent=highlight></style>
                    <div on:click=preview_click class="ws-pick lg:max-h-[75vh] lg:overflow-auto" data-testid="preview-select">
                    {move || {
                        let state_base = state_base.clone();
                        view! { <PreviewGrid data=data.get() choice=settings.choice.get() width=settings.width.get() state=settings.state.get() state_base=state_base stack=true a11y=false paths=true /> }
                    }}
                    </div>
                    <div class="grid grid-cols-1 gap-4 2xl:grid-cols-2 [contain:content]" class:hidden=move || !loaded.get() data-testid="visual">
                        <div class="space-y-4">
                            <visual::OutlinePanel v=visual data=data current_state=outline_state on_cmd=on_cmd />
                            <visual::PalettePanel v=visual on_cmd=on_cmd />
                        </div>
                        <visual::InspectorPanel v=visual problems=problems on_cmd=on_cmd />
                    </div>
                    <crate::components::status::LiveStatus text=visual.message class="text-xs text-slate-700 dark:text-slate-300" testid="visual-message" />
                    <div class:hidden=move || !loaded.get()>
                        <crate::components::assets::AssetsPanel state=assets on_use=use_asset read_only=read_only on_renamed=asset_renamed />
                    </div>
                </div>
            </div>
            <a2ui_tab::A2uiTab document=document data=data stale=stale current_state=current_state select=select_span rest_href=a2ui_rest />
            <crate::components::actions::ActionsPanel design_id=Some(actions_id) design=actions_design widgets=actions_widgets dirty=Signal::from(dirty) set_handlers=Some(set_handlers) read_only=read_only restore_rules=restore_rules saved_revision=Signal::from(revision) />
            {conflict_view}
        </div>
    })
}

#[cfg(feature = "hydrate")]
mod live;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::preview::preview_design;

    #[test]
    fn problems_summary_counts_in_words() {
        assert_eq!(problems_summary(0, 0, 0), "No problems");
        assert_eq!(problems_summary(1, 0, 0), "1 error");
        assert_eq!(problems_summary(2, 1, 0), "2 errors and 1 warning");
        assert_eq!(
            problems_summary(1, 2, 3),
            "1 error, 2 warnings and 3 accessibility warnings"
        );
        assert_eq!(problems_summary(0, 0, 1), "1 accessibility warning");
    }

    #[test]
    fn problems_point_into_the_source_once_each() {
        let mut d = widget::starter::Starter::Card.design("x");
        d.source = d.source.replace("size=\"md\"", "size=\"huge\"");
        d.states.push(widget::design::NamedState {
            name: "other".into(),
            data: d.default_state.clone(),
        });
        let data = preview_design(&d);
        let ps = source_problems(&data);
        assert_eq!(ps.len(), 1, "{ps:?}");
        let p = &ps[0];
        assert!(p.error);
        assert_eq!(
            &d.source[p.span.start as usize..p.span.end as usize],
            "\"huge\""
        );
        assert_eq!(p.states, vec!["default".to_string(), "other".to_string()]);
        assert!(draws_something(&data), "a bad prop value still draws");
    }

    /// A problem in the body of a `.map` is one problem across states whatever their number
    /// of rows, and says how many more rows have it (the most in any state).
    #[test]
    fn a_problem_in_every_row_is_one_problem_with_its_count() {
        let mut d = widget::Design::jsx(
            "rows",
            "<ListView>\n  {items.map((i) => (\n    <ListViewItem key={i}>\n      <Text value={i} size=\"huge\" />\n    </ListViewItem>\n  ))}\n</ListView>",
            serde_json::json!({"items": ["a", "b", "c"]}),
        );
        d.states.push(widget::design::NamedState {
            name: "more".into(),
            data: serde_json::json!({"items": ["a", "b", "c", "d", "e", "f"]}),
        });
        d.states.push(widget::design::NamedState {
            name: "one".into(),
            data: serde_json::json!({"items": ["a"]}),
        });
        let data = preview_design(&d);
        let ps = source_problems(&data);
        assert_eq!(ps.len(), 1, "{ps:?}");
        assert_eq!(ps[0].states.len(), 3, "{ps:?}");
        assert_eq!(ps[0].repeats, 5);
        assert!(
            ps[0].message.ends_with(
                "(the same in 5 more components this element draws, such as rows of a .map)"
            ),
            "{}",
            ps[0].message
        );
    }

    /// The island renders the problems from the preview data the server sent it, whose spans
    /// did not cross the wire: it must list exactly what the server listed.
    #[test]
    fn the_lists_are_the_same_after_the_wire() {
        let mut d = widget::starter::Starter::Card.design("x");
        // Two problems with the same message at two places, in one state and in two.
        d.source = "<Card>\n  <Caption value=\"a\" size=\"sm\"/>\n  <Caption value=\"b\" size=\"sm\"/>\n  <Text value=\"c\" size=\"huge\"/>\n  <Text value=\"d\" size=\"huge\"/>\n</Card>".into();
        d.states.push(widget::design::NamedState {
            name: "other".into(),
            data: d.default_state.clone(),
        });
        let data = preview_design(&d);
        let wire: PreviewData =
            serde_json::from_str(&serde_json::to_string(&data).unwrap()).unwrap();
        let strip = |mut ps: Vec<SourceProblem>| {
            ps.iter_mut().for_each(|p| p.span = Span::default());
            ps
        };
        let here = strip(source_problems(&data));
        assert_eq!(here.len(), 2, "{here:?}");
        assert_eq!(here, strip(source_problems(&wire)));
        let strip_a = |mut ps: Vec<A11yProblem>| {
            ps.iter_mut().for_each(|p| p.span = Span::default());
            ps
        };
        let here = strip_a(a11y_problems(&data));
        assert_eq!(here.len(), 2, "{here:?}");
        assert_eq!(here, strip_a(a11y_problems(&wire)));
    }

    /// A draft brings back the states and the schema as well as the view.
    #[test]
    fn a_draft_made_on_an_older_revision_is_merged_onto_the_later_one() {
        let base = widget::starter::Starter::Card.design("x");
        assert!(base.source.contains("size=\"sm\"") && base.source.contains("label=\"Open\""));
        let written = |edited: &widget::Design| Draft {
            base: 1,
            source: edited.source.clone(),
            at: 0.0,
            document: Draft::document_of(&base, edited),
            changed: Some(base.changed(edited)),
            unread: Vec::new(),
            key: String::new(),
        };
        // Saved since, by someone else: the button's label.
        let mut later = base.clone();
        later.source = base.source.replace("label=\"Open\"", "label=\"Theirs\"");
        // The draft changed another line of the view: both are kept.
        let mut edited = base.clone();
        edited.source = base.source.replace("size=\"sm\"", "size=\"lg\"");
        let (out, clashes) = written(&edited).onto(&base, &later);
        assert!(out.source.contains("size=\"lg\"") && out.source.contains("label=\"Theirs\""));
        assert!(clashes.is_empty());
        // The draft changed only the name: the later view stays (its base's view would undo
        // their edit).
        let mut renamed = base.clone();
        renamed.name = "Mine".into();
        let (out, clashes) = written(&renamed).onto(&base, &later);
        assert_eq!((out.name.as_str(), &out.source), ("Mine", &later.source));
        assert!(clashes.is_empty());
        // Both changed the label: the draft's is kept, and said.
        let mut mine = base.clone();
        mine.source = base.source.replace("label=\"Open\"", "label=\"Mine\"");
        let (out, clashes) = written(&mine).onto(&base, &later);
        assert!(out.source.contains("label=\"Mine\""));
        assert_eq!(clashes.view.len(), 1);
        // Onto its own revision: the draft as it is.
        assert_eq!(written(&edited).onto(&base, &base).0, edited);
    }

    #[test]
    fn a_draft_keeps_what_changed_beside_the_view() {
        let saved = widget::starter::Starter::Card.design("x");
        let mut edited = saved.clone();
        edited.source.push('\n');
        assert_eq!(
            Draft::document_of(&saved, &edited),
            None,
            "only the view: the text is enough"
        );
        edited.default_state["title"] = serde_json::json!("from the Data tab");
        let draft = Draft {
            base: 1,
            source: edited.source.clone(),
            at: 0.0,
            document: Draft::document_of(&saved, &edited),
            changed: Some(saved.changed(&edited)),
            unread: vec![UnreadText {
                part: Unread::Data,
                state: Some("default".into()),
                text: "{\"title\": oops".into(),
            }],
            key: String::new(),
        };
        let json = serde_json::to_string(&draft).unwrap();
        // The text that did not read is kept as typed, its box named.
        assert!(
            json.contains(
                r#""unread":[{"part":"data","state":"default","text":"{\"title\": oops"}]"#
            ),
            "{json}"
        );
        let back: Draft = serde_json::from_str(&json).unwrap();
        assert_eq!(
            back,
            Draft {
                key: String::new(),
                ..draft.clone()
            }
        );
        assert_eq!(back.design(&saved), edited);
        // Restored onto a later revision (renamed meanwhile): only the draft's parts come
        // back, so the later revision's name stays.
        let mut later = saved.clone();
        later.name = "Renamed since".into();
        let restored = back.design(&later);
        assert_eq!(restored.name, "Renamed since");
        assert_eq!(restored.default_state, edited.default_state);
        assert_eq!(restored.source, edited.source);
        // A draft written before drafts kept the design still reads.
        let old: Draft =
            serde_json::from_str(r#"{"base": 1, "source": "<Card/>", "at": 1}"#).unwrap();
        assert_eq!(old.design(&saved).source, "<Card/>");
        assert_eq!(old.design(&saved).default_state, saved.default_state);
    }

    #[test]
    fn each_tab_keeps_its_own_draft_and_the_newest_is_offered() {
        let a = draft_key("d_1", "7f3a");
        let b = draft_key("d_1", "0b21");
        assert_ne!(a, b);
        for key in [&a, &b, "widget-studio:draft:d_1"] {
            assert!(is_draft_key_of(key, "d_1"), "{key}");
        }
        // Not another design's, even one whose id starts with this one's.
        for key in [
            draft_key("d_12", "7f3a").as_str(),
            "widget-studio:draft:d_12",
            "widget-studio:draft:",
            "other:d_1",
        ] {
            assert!(!is_draft_key_of(key, "d_1"), "{key}");
        }
        let current = widget::starter::Starter::Card.design("x");
        let draft = |source: &str, at: f64, key: &str| Draft {
            base: 1,
            source: source.into(),
            at,
            document: None,
            changed: None,
            unread: Vec::new(),
            key: key.into(),
        };
        // The newest that differs from the page: a tab closed without saving, after another
        // tab saved (whose own draft is gone) and a third left one that matches the page.
        let offered = draft_to_offer(
            vec![
                draft("<Card>older</Card>", 10.0, &a),
                draft("<Card>newer</Card>", 20.0, &b),
                draft(&current.source, 30.0, "widget-studio:draft:d_1"),
            ],
            &current,
            &current.source,
        )
        .unwrap();
        assert_eq!(
            (offered.source.as_str(), offered.key.as_str()),
            ("<Card>newer</Card>", b.as_str())
        );
        assert_eq!(draft_to_offer(Vec::new(), &current, &current.source), None);
        // A draft that is the page's text and design but holds text that did not read is
        // still offered: that text is nowhere else.
        let mut unread = draft(&current.source, 40.0, &a);
        unread.unread.push(UnreadText {
            part: Unread::Schema,
            state: None,
            text: "{".into(),
        });
        assert_eq!(
            draft_to_offer(vec![unread.clone()], &current, &current.source),
            Some(unread)
        );
    }

    #[test]
    fn state_fields_for_completion() {
        let mut d = widget::starter::Starter::Card.design("x");
        d.default_state = serde_json::json!({"user": {"name": "a", "address": {"city": "b", "geo": {"lat": 1}}}, "n": 1});
        d.states.push(widget::design::NamedState {
            name: "other".into(),
            data: serde_json::json!({"extra": true, "n": 2}),
        });
        assert_eq!(
            state_fields(&d),
            [
                "user",
                "user.name",
                "user.address",
                "user.address.city",
                "user.address.geo",
                "n",
                "extra"
            ]
        );
    }

    #[test]
    fn a_source_that_does_not_parse_draws_nothing() {
        let mut d = widget::starter::Starter::Card.design("x");
        d.source = "<Card><Text value=".into();
        let data = preview_design(&d);
        assert!(!draws_something(&data));
        let ps = source_problems(&data);
        assert!(ps.iter().any(|p| p.error && p.line == 1), "{ps:?}");
    }
}
