//! The editor's browser half: the code editor, the per-frame rebuild, saving, the draft.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use widget::json::Span;
use widget::{Design, DesignField};

use super::bridge::{CodeEditor, Level, Mark, Options, Refused, TextEdit};
use super::offsets::Utf16Index;
use super::visual::{Cmd, OutlineState, Settled, VisualSignals, insert_place};
use super::{
    A11yProblem, Details, Draft, SchemaView, SourceProblem, Tab, Unread, UnreadText, a11y_problems,
    data, draft_key, draft_to_offer, draws_something, is_draft_key_of, schema, source_problems,
};
use crate::api::AppError;
use crate::api::designs::{create_design, restore_here, save_design};
use crate::api::preview::{preview_design, preview_design_pass};
use crate::api::types::{DesignRecord, PreviewData, Restored, SaveRequest};
use widget::design::Pass;

/// The signals the island shares with its browser half.
pub struct Signals {
    /// The caller may not save (a viewer): saves are refused here, before any request.
    pub read_only: bool,
    /// The studio's images (the Assets panel's list): an imported `.widget`'s image URLs that
    /// name one of them become its reference again.
    pub assets: RwSignal<crate::components::assets::AssetsState>,
    pub id: String,
    pub document: StoredValue<Design>,
    /// The document as last saved (or loaded).
    pub saved: StoredValue<Design>,
    pub revision: ReadSignal<i64>,
    pub set_revision: WriteSignal<i64>,
    pub set_data: WriteSignal<PreviewData>,
    pub set_problems: WriteSignal<Vec<SourceProblem>>,
    /// The accessibility warnings, with their fixes.
    pub set_a11y: WriteSignal<Vec<A11yProblem>>,
    pub set_stale: WriteSignal<bool>,
    pub set_dirty: WriteSignal<bool>,
    pub set_status: WriteSignal<String>,
    /// A save is under way.
    pub saving: RwSignal<bool>,
    /// Why the last save failed, shown until the next save (the page stays dirty meanwhile).
    pub save_error: RwSignal<Option<String>>,
    pub set_loaded: WriteSignal<bool>,
    pub conflict: ReadSignal<Option<DesignRecord>>,
    pub set_conflict: WriteSignal<Option<DesignRecord>>,
    pub draft_offer: ReadSignal<Option<Draft>>,
    pub set_draft_offer: WriteSignal<Option<Draft>>,
    /// Rules text for the Actions panel's box, as if typed there (a restored draft's).
    pub restore_rules: RwSignal<Option<String>>,
    /// Set while this browser's storage refuses the draft (full): said, since a closed tab
    /// would then lose the unsaved work.
    pub draft_error: RwSignal<Option<String>>,
    /// What a save would change in the Data tab's text that reads (warnings, marked there).
    pub data_warnings: RwSignal<Vec<String>>,
    /// What the Data tab's state buttons did, said to a screen reader ("Added the state …").
    pub state_said: RwSignal<String>,
    /// The Data tab's state changes that Undo and Redo there (or the keys outside its editor)
    /// undo and redo.
    pub state_history: RwSignal<data::StateHistory>,
    /// Why the last undo or redo of a state change could not be made (shown by the buttons).
    pub state_note: RwSignal<Option<String>>,
    /// After "Overwrite with mine": where both changed the same lines of the view (mine kept).
    pub merge_note: RwSignal<Option<String>>,
    /// Set when the same design is open in another tab of this browser.
    pub set_other_tab: WriteSignal<bool>,
    /// The Data tab: the states' names, the one shown, and why its text does not read.
    pub set_state_names: WriteSignal<Vec<String>>,
    pub current_state: RwSignal<String>,
    pub set_data_error: WriteSignal<Option<String>>,
    /// Why the last import failed, located.
    pub set_import_errors: WriteSignal<Vec<String>>,
    /// What the last import replaced and kept (cleared by Undo import).
    pub import_note: RwSignal<Option<String>>,
    /// An import can be undone (it replaced the states and the schema too, which the code
    /// editor's undo does not reach).
    pub undo_import: RwSignal<bool>,
    /// The Schema tab: what the schema is, its text's problems, the states that do not fit.
    pub schema_view: RwSignal<SchemaView>,
    /// The tab the code pane shows.
    pub tab: RwSignal<Tab>,
    /// What the header's name, description and tags fields show: set when the details change
    /// other than by typing there (a restored draft, their revision taken after a conflict).
    pub details: RwSignal<Details>,
    /// The outline, the selection and the visual editor's messages.
    pub visual: VisualSignals,
}

/// A name in Unicode's composed form (NFC), by the browser's own `String.normalize` (the wasm
/// carries no Unicode tables): state names that only look alike are told apart as a save does.
fn nfc(text: &str) -> String {
    js_sys::JsString::from(text).normalize("NFC").into()
}

/// Views up to this size are built here, on the next frame; larger ones are built by the
/// server once typing pauses, so the page never holds for them. Building a view takes the
/// wasm about 0.7 ms per KiB (parse, evaluate, validate, lint, render: a 120 KiB view of 2,300
/// Texts takes 85 ms), so 32 KiB (twice the largest view in the corpus) builds within about a
/// frame and a half.
const LOCAL_BUILD_MAX: usize = 32 << 10;

/// Above this many characters a code editor is plain text: CodeMirror's parse of a text that
/// large takes hundreds of milliseconds (`bridge::Options::plain_above`).
const PLAIN_ABOVE: usize = 64 << 10;

/// How long the inspector waits for typing in the code to pause before it follows.
const SETTLE_MS: u64 = 150;

/// How long a server build waits for typing to pause.
const SERVER_BUILD_PAUSE_MS: u64 = 250;

/// The largest design a file or a paste may import.
const MAX_IMPORT: usize = 4 << 20;

/// A save whose answer never came: the revision it was made on, the document and the
/// revision message it sent.
#[derive(Clone, Debug)]
struct Unanswered {
    base: i64,
    document: Design,
    message: Option<String>,
}

/// How many saves without an answer are remembered (each holds the whole design sent), to
/// know one of them when it comes back as the head of a conflict.
const UNANSWERED_KEPT: usize = 4;

type UnloadHandler = Closure<dyn FnMut(web_sys::BeforeUnloadEvent)>;
type TabHandler = Closure<dyn FnMut(web_sys::MessageEvent)>;

/// How the code editor takes a whole new text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Replace {
    /// As one undo step (their revision taken, a draft restored: one undo brings mine back).
    Undoable,
    /// Line by line, outside the undo history (their changes merged into mine).
    Merge,
}

struct Inner {
    s: Signals,
    editor: RefCell<Option<CodeEditor>>,
    /// The Data tab's JSON editor, created when the tab first opens.
    data_editor: RefCell<Option<CodeEditor>>,
    /// The Schema tab's editor (zod or JSON), created when the tab first opens.
    schema_editor: RefCell<Option<CodeEditor>>,
    /// The text the next frame builds, if a frame is scheduled.
    pending: RefCell<Option<String>>,
    /// The code editor's selection (UTF-16 units) to read on the next frame, if it moved.
    selection: Cell<Option<(u32, u32)>>,
    /// The last component copied or cut in the outline, and whether the system clipboard holds
    /// it too (a paste in the outline takes the system clipboard's text, unless the last copy
    /// here has not reached it: the write is still under way, or was refused).
    clip: RefCell<Option<(String, bool)>>,
    scheduled: Cell<bool>,
    /// The latest pending update of the inspector's outline (see `VisualSignals::settled`).
    settle_ticket: Cell<u64>,
    /// Whether the code editor underlines anything now: an edit of a text with no problems
    /// that still has none sends the editor nothing (each keystroke of a clean design).
    marked: Cell<bool>,
    /// The number of the latest build (a server build's answer for an older one is dropped).
    requests: Cell<u64>,
    /// The build whose drawing the preview shows: its checks go into the preview's own lists
    /// even when a later edit did not draw.
    drawn: Cell<u64>,
    /// An edit refused for its size, listed first until the next edit.
    refusal: RefCell<Option<SourceProblem>>,
    saving: Cell<bool>,
    /// A restore is under way (a second click is not a second restore).
    restoring: Cell<bool>,
    /// A save whose answer never came (the connection failed): the revision it was made on
    /// and the document it sent. The server may have written it; if the next save meets a
    /// revision that is exactly that document, on top of that revision, it is this page's
    /// own save, not someone else's (no conflict dialog, and no merge against it).
    unanswered: RefCell<Vec<Unanswered>>,
    /// This page's own draft key: each tab keeps its draft under its own, so one tab's save
    /// never removes another's unsaved work.
    draft_key: String,
    /// When this page loaded (milliseconds since the epoch).
    loaded_at: f64,
    /// The design as it was before the last import, and as the import left it ("Undo import").
    before_import: RefCell<Option<(Design, Design)>>,
    /// The boxes whose text does not read, and why: the design does not save until they do
    /// (their text is not in the document, so a save would drop it unsaid), and counts as
    /// unsaved (leaving the page asks first).
    unread: RefCell<std::collections::BTreeMap<Unread, (String, UnreadText)>>,
    unload: RefCell<Option<UnloadHandler>>,
    /// The draft keys of the other tabs open on this design (they said so on the channel):
    /// their drafts are their own work in progress, never removed from here.
    live_tabs: RefCell<std::collections::HashSet<String>>,
    /// The channel through which tabs editing the same design find each other.
    tabs: RefCell<Option<(web_sys::BroadcastChannel, TabHandler)>>,
}

/// A tab's code editor (the Data tab's JSON, the Schema tab's zod or JSON).
struct TabEditor {
    /// Where the editor is kept once made.
    slot: fn(&Inner) -> &RefCell<Option<CodeEditor>>,
    /// Its text and language, asked again once the editor exists, in case it moved on while
    /// the bundle loaded.
    content: fn(&Live) -> (String, &'static str),
    /// The text area's accessible name.
    label: &'static str,
    /// Ids of what describes it besides the note on Tab (`bridge::Options::described_by`).
    described_by: &'static str,
    /// Each edit's whole text.
    on_change: fn(&Live, String),
    /// A paste refused (too large, or binary): shown in the tab, at the place it would have gone.
    on_refused: fn(&Live, Refused),
}

/// `problems` with `refusal` listed first (in place of one at its line and column).
fn with_refusal(problems: &mut Vec<SourceProblem>, refusal: SourceProblem) {
    problems.retain(|q| {
        q.span != Span::default() || q.line != refusal.line || q.column != refusal.column
    });
    problems.insert(0, refusal);
}

/// A cheap handle (an `Rc`) that event handlers clone.
#[derive(Clone)]
pub struct Live(Rc<Inner>);

// Islands run on one thread in the browser; the handle never crosses threads.
unsafe impl Send for Live {}
unsafe impl Sync for Live {}

/// Runs `f` once the next frame is painted: in a task queued by that frame's animation
/// callbacks, so it runs after the frame's style, layout and paint, not before them (a bare
/// timeout set inside an event may run before the frame).
fn after_paint(f: impl FnOnce() + 'static) {
    request_animation_frame(move || set_timeout(f, std::time::Duration::ZERO));
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

fn is_dark() -> bool {
    document()
        .document_element()
        .is_some_and(|e| e.class_list().contains("dark"))
}

impl Live {
    pub fn new(s: Signals) -> Live {
        let s_id = s.id.clone();
        Live(Rc::new(Inner {
            s,
            editor: RefCell::new(None),
            data_editor: RefCell::new(None),
            schema_editor: RefCell::new(None),
            pending: RefCell::new(None),
            selection: Cell::new(None),
            clip: RefCell::new(None),
            scheduled: Cell::new(false),
            settle_ticket: Cell::new(0),
            marked: Cell::new(true),
            requests: Cell::new(0),
            drawn: Cell::new(0),
            refusal: RefCell::new(None),
            saving: Cell::new(false),
            restoring: Cell::new(false),
            unanswered: RefCell::new(Vec::new()),
            live_tabs: RefCell::new(Default::default()),
            draft_key: draft_key(
                &s_id,
                &format!("{:x}", (js_sys::Math::random() * 2f64.powi(48)) as u64),
            ),
            loaded_at: now_ms(),
            unread: RefCell::new(Default::default()),
            before_import: RefCell::new(None),
            unload: RefCell::new(None),
            tabs: RefCell::new(None),
        }))
    }

    /// Loads the code editor into `host` (once), offers a draft, guards leaving.
    pub fn mount(&self, host: web_sys::Element) {
        if self.0.editor.borrow().is_some() {
            return;
        }
        let this = self.clone();
        leptos::task::spawn_local(async move {
            let text = this.0.s.document.with_value(|d| d.source.clone());
            let fields = this.0.s.document.with_value(super::state_fields);
            let on_change = {
                let this = this.clone();
                move |text: String| this.changed(text)
            };
            let on_save = {
                let this = this.clone();
                move || this.save(false)
            };
            let options = Options {
                doc: &text,
                language: match this.0.s.document.with_value(|d| d.kind) {
                    widget::DesignKind::Json => "json",
                    _ => "jsx",
                },
                dark: is_dark(),
                label: "View source",
                spec_url: "/editor/spec.json",
                fields: &fields,
                max_bytes: crate::api::preview::MAX_SOURCE,
                plain_above: PLAIN_ABOVE,
                described_by: "",
            };
            let on_refused = {
                let this = this.clone();
                move |r: Refused| this.refused(r)
            };
            let on_selection: Box<dyn FnMut(u32, u32)> = {
                let this = this.clone();
                Box::new(move |from, to| this.selection_moved(from, to))
            };
            match CodeEditor::create(
                &host,
                options,
                on_change,
                on_save,
                on_refused,
                Some(on_selection),
            )
            .await
            {
                Ok(editor) => {
                    // CodeMirror keeps lines with \n; a text saved from a plain form has \r\n.
                    let text = editor.text();
                    this.0.s.document.update_value(|d| d.source = text.clone());
                    this.0.s.saved.update_value(|d| {
                        if d.source.replace("\r\n", "\n") == text {
                            d.source = text.clone();
                        }
                    });
                    *this.0.editor.borrow_mut() = Some(editor);
                    this.0.s.set_loaded.set(true);
                    // A text saved with \r\n is now the editor's \n text: the outline and the
                    // preview's source map are read again, so their offsets name its places.
                    let jsx = this.0.s.document.with_value(|d| d.kind) == widget::DesignKind::Jsx;
                    if jsx
                        && this
                            .0
                            .s
                            .visual
                            .outline
                            .with_untracked(|o| *o.source != *text)
                    {
                        this.read_outline(&text);
                        let data = this.0.s.document.with_value(whole_build);
                        // A check still to come is of the text as it was: not for this preview.
                        this.0.drawn.set(0);
                        this.0.s.set_data.set(data);
                    }
                    this.show_marks(&text);
                    this.carry_over_plain_box(&text);
                    this.offer_draft(&text);
                    this.guard_unload();
                    this.follow_theme();
                    this.watch_other_tabs();
                }
                Err(e) => this
                    .0
                    .s
                    .set_status
                    .set(format!("{e}; the plain text box still works.")),
            }
        });
    }

    /// Text typed in the plain text box while the code editor loaded (it is there, editable,
    /// until then) comes into the code editor as one undoable edit, with the focus if the box
    /// had it; `text` is what the code editor opened with.
    fn carry_over_plain_box(&self, text: &str) {
        let Some(area) = document()
            .get_element_by_id("ws-view")
            .and_then(|e| e.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
        else {
            return;
        };
        let typed = area.value().replace("\r\n", "\n");
        if typed == text {
            return;
        }
        let focused = document()
            .active_element()
            .is_some_and(|e| e.id() == "ws-view");
        if let Some(editor) = self.0.editor.borrow().as_ref() {
            editor.set_text(&typed);
            if focused {
                editor.focus();
            }
        }
        self.changed(typed);
    }

    /// An edit of the view refused for its size: listed first, at the place it would have gone,
    /// until the next edit; the source and the preview stay as they were.
    fn refused(&self, r: Refused) {
        let problem = SourceProblem {
            span: Span::default(),
            line: r.line,
            column: r.column,
            error: true,
            message: crate::api::preview::refused_edit("the view", r.how, r.why),
            key: String::new(),
            repeats: 0,
            states: Vec::new(),
        };
        *self.0.refusal.borrow_mut() = Some(problem.clone());
        self.0.s.set_problems.update(|p| with_refusal(p, problem));
    }

    /// A user edit: remember the text and build it on the next animation frame.
    fn changed(&self, text: String) {
        self.0.s.set_dirty.set(true);
        *self.0.pending.borrow_mut() = Some(text);
        self.schedule();
    }

    /// The code editor's selection moved (or its text changed): the selected node is read on
    /// the next frame, after the text is built.
    fn selection_moved(&self, from: u32, to: u32) {
        self.0.selection.set(Some((from, to)));
        self.schedule();
    }

    /// One frame: build the latest text, then read the selection against it.
    fn schedule(&self) {
        if self.0.scheduled.replace(true) {
            return;
        }
        let this = self.clone();
        request_animation_frame(move || {
            this.0.scheduled.set(false);
            if let Some(text) = this.0.pending.borrow_mut().take() {
                this.rebuild(text);
            }
            if let Some(sel) = this.0.selection.take() {
                this.read_selection(sel);
            }
        });
    }

    /// The outline of `text`, unless it is already read. Views built on the server (over 32
    /// KiB) are not outlined: reading them on every frame is what the server build avoids.
    fn read_outline(&self, text: &str) {
        let v = self.0.s.visual;
        if v.outline.with_untracked(|o| &*o.source == text) {
            return;
        }
        // A refused field's mark was about the text before: gone with it (a code edit, an
        // undo, an edit that went through).
        v.clear_refusal();
        let jsx = self.0.s.document.with_value(|d| d.kind) == widget::DesignKind::Jsx;
        let state = if text.len() > LOCAL_BUILD_MAX {
            OutlineState {
                source: text.into(),
                items: Err(format!(
                    "The view is over {} KiB, so it is built on the server and the outline and the inspector are off; edit it in the code.",
                    LOCAL_BUILD_MAX >> 10
                )),
            }
        } else {
            OutlineState::read(text, jsx)
        };
        v.outline.set(state);
        // The inspector follows once typing pauses.
        let ticket = self.0.settle_ticket.get() + 1;
        self.0.settle_ticket.set(ticket);
        let this = self.clone();
        set_timeout(
            move || {
                if this.0.settle_ticket.get() == ticket {
                    this.settle();
                }
            },
            std::time::Duration::from_millis(SETTLE_MS),
        );
    }

    /// The inspector and the palette read the current outline and selection now.
    fn settle(&self) {
        let v = self.0.s.visual;
        self.0.settle_ticket.set(self.0.settle_ticket.get() + 1);
        let now = Settled {
            outline: v.outline.get_untracked(),
            selected: v.selected.get_untracked(),
        };
        if v.settled.with_untracked(|s| *s != now) {
            v.settled.set(now);
        }
    }

    /// The selected node: the innermost element around the code editor's selection.
    fn read_selection(&self, (from, to): (u32, u32)) {
        let v = self.0.s.visual;
        let at = v.outline.with_untracked(|o| {
            let items = o.items.as_ref().ok()?;
            let index = Utf16Index::new(&o.source);
            let (a, b) = (index.to_byte(from as usize), index.to_byte(to as usize));
            widget::edit::element_at(items, a.min(b)..a.max(b)).and_then(|i| i.at())
        });
        if v.selected.get_untracked() != at {
            v.selected.set(at);
            self.settle();
        }
    }

    /// A visual edit (or selection, copy, paste) from the outline, the inspector or the
    /// palette: computed by `widget::edit` on the code editor's text, applied to it as one
    /// transaction (one undo step), and the node it produced selected.
    pub fn visual(&self, cmd: Cmd) {
        let editor = self.0.editor.borrow();
        let Some(ed) = editor.as_ref() else { return };
        let v = self.0.s.visual;
        if matches!(cmd, Cmd::Undo | Cmd::Redo) {
            let undo = matches!(cmd, Cmd::Undo);
            let done = if undo { ed.undo() } else { ed.redo() };
            v.message.set(
                match (undo, done) {
                    (true, true) => "Undone.",
                    (true, false) => "Nothing to undo.",
                    (false, true) => "Redone.",
                    (false, false) => "Nothing to redo.",
                }
                .into(),
            );
            return;
        }
        let text = ed.text();
        // The outline's nodes are named by offsets in the text it was read from.
        if v.outline.with_untracked(|o| *o.source != *text) {
            // Its offsets name places in an older text: read the text again, act on nothing.
            self.read_outline(&text);
            v.message
                .set("The code changed under the selection; select the component again.".into());
            return;
        }
        let reveal = |source: &str, at: widget::edit::At| {
            if let Ok(info) = widget::edit::node_info(source, at) {
                ed.reveal(source, Span::new(info.span.start, info.span.end));
            }
        };
        let change = match cmd {
            // Done above, whatever the outline.
            Cmd::Undo | Cmd::Redo => return,
            Cmd::Select(at) => {
                reveal(&text, at);
                return;
            }
            Cmd::Copy(at) | Cmd::Cut(at) => {
                let Ok(jsx) = widget::edit::node_text(&text, at) else {
                    return;
                };
                let name = widget::edit::node_info(&text, at)
                    .map(|i| i.name)
                    .unwrap_or_default();
                *self.0.clip.borrow_mut() = Some((jsx.clone(), false));
                if matches!(cmd, Cmd::Copy(_)) {
                    v.message.set(format!("Copied {name} as JSX."));
                    self.to_system_clipboard(&jsx);
                    return;
                }
                self.to_system_clipboard(&jsx);
                widget::edit::Change::Delete { node: at }
            }
            Cmd::Paste { at, jsx } => {
                // The system clipboard's text (copied here, in the code, or in another
                // program), unless the last copy in the outline is not there (yet).
                let own = self.0.clip.borrow().clone();
                let jsx = match (own, jsx) {
                    (Some((own, false)), _) => own,
                    (_, Some(text)) => text,
                    (Some((own, true)), None) => own,
                    (None, None) => {
                        v.message.set("Nothing to paste: the clipboard holds no text. Copy or cut a component in the outline or its JSX in the code first.".into());
                        return;
                    }
                };
                // As copied from a React `return (…);` or a statement: the element alone.
                let jsx = {
                    let mut t = jsx.trim();
                    t = t.strip_suffix(';').unwrap_or(t).trim_end();
                    while let Some(inner) = t.strip_prefix('(').and_then(|x| x.strip_suffix(')')) {
                        t = inner.trim();
                    }
                    t.to_string()
                };
                if !jsx.starts_with('<') {
                    let shown: String = jsx.split_whitespace().collect::<Vec<_>>().join(" ");
                    let shown: String = if shown.chars().count() > 40 {
                        format!("{}…", shown.chars().take(39).collect::<String>())
                    } else {
                        shown
                    };
                    v.message.set(format!(
                        "Nothing pasted: the clipboard holds “{shown}”, not a component. Copy a component in the outline, or its JSX such as <Text value=\"…\" />."
                    ));
                    return;
                }
                let Ok(info) = widget::edit::node_info(&text, at) else {
                    return;
                };
                let (parent, index) = match info.parent {
                    Some((parent, i)) => (parent, i + 1),
                    None => (at, info.children),
                };
                let change = widget::edit::Change::Insert {
                    parent,
                    index,
                    child: widget::edit::NewChild::Jsx(jsx),
                };
                // A component inside a .map or a condition: nothing goes beside it from here,
                // so the paste goes into it; when it holds no children, that is not the reason
                // to give.
                if info.parent.is_none()
                    && info.placement_parent.is_some()
                    && let Err(widget::edit::EditError::Placement(
                        widget::edit::Refusal::NoChildren { parent, .. },
                    )) = widget::edit::apply(&text, &change)
                {
                    v.message.set(super::visual::paste_in_expression(&parent));
                    return;
                }
                change
            }
            Cmd::Insert(name) => {
                let place =
                    v.outline
                        .with_untracked(|o| match (&o.items, v.selected.get_untracked()) {
                            (Ok(items), Some(at)) => insert_place(items, at, name),
                            (Err(e), _) => Err(e.clone()),
                            (Ok(_), None) => Err("Select a component first.".into()),
                        });
                match place {
                    Ok((parent, index)) => widget::edit::Change::Insert {
                        parent,
                        index,
                        child: super::visual::new_child(name),
                    },
                    Err(e) => {
                        v.message.set(e);
                        return;
                    }
                }
            }
            Cmd::UseAsset {
                at,
                reference,
                alt,
                pixels,
            } => {
                let change = v.outline.with_untracked(|o| match &o.items {
                    Ok(items) => super::visual::asset_change(items, at, &reference, &alt, pixels),
                    Err(e) => Err(e.clone()),
                });
                match change {
                    Ok(c) => c,
                    Err(e) => {
                        v.message.set(e);
                        return;
                    }
                }
            }
            Cmd::Apply(c) => c,
        };
        match widget::edit::apply(&text, &change) {
            Ok(edit) => {
                let edits: Vec<TextEdit> = edit
                    .edits
                    .iter()
                    .map(|e| TextEdit {
                        span: Span::new(e.range.start, e.range.end),
                        text: e.insert.clone(),
                    })
                    .collect();
                let now = edit.apply(&text);
                // After a delete or cut, the next sibling is selected (else the one before,
                // else the parent, which `edit.node` is), so a run of cuts or moves goes on
                // from where it was instead of starting over from the root.
                let mut edit = edit;
                if let widget::edit::Change::Delete { node } = &change
                    && let Ok(Some((parent, i))) =
                        widget::edit::node_info(&text, *node).map(|info| info.parent)
                    && let Ok(kids) = widget::edit::children(&now, edit.node)
                {
                    debug_assert_eq!(edit.node.0, parent.0);
                    let element = |c: &widget::edit::ChildInfo| match c.kind {
                        widget::edit::ChildKind::Element(at) => Some(at),
                        _ => None,
                    };
                    let next = kids.get(i..).and_then(|k| k.iter().find_map(element));
                    let before = kids.get(..i).and_then(|k| k.iter().rev().find_map(element));
                    if let Some(at) = next.or(before) {
                        edit.node = at;
                    }
                }
                // The node the edit produced is selected in the code by the same transaction.
                let span = widget::edit::node_info(&now, edit.node)
                    .ok()
                    .map(|info| Span::new(info.span.start, info.span.end));
                ed.apply_revealing(&text, &edits, span.map(|s| (now.as_str(), s)));
                // Built now, not on the next animation frame: the preview of a visual edit is
                // painted in the frame after the event (typing waits for the frame instead, so
                // a burst of keys builds once).
                let pending = self.0.pending.borrow_mut().take();
                if let Some(t) = pending {
                    self.rebuild(t);
                }
                // The selection is the node the edit produced before any next command runs, and
                // the inspector shows the edit's result at once, not after the typing pause (a
                // next key may already be for its fields).
                self.read_outline(&now);
                if v.selected.get_untracked() != Some(edit.node) {
                    v.selected.set(Some(edit.node));
                }
                self.settle();
                // (An edit that went through but left the text as it was still clears it.)
                v.clear_refusal();
                v.message.set(super::visual::done(&text, &change));
            }
            Err(e) => {
                // A field's value that was refused marks that field until an edit goes through.
                if let widget::edit::Change::SetProp { node, name, .. } = &change {
                    v.refused.set(Some((*node, name.clone(), e.to_string())));
                }
                v.message.set(format!("Not changed: {e}"));
            }
        }
    }

    /// Puts JSX on the system clipboard too (the Clipboard API, or the copy command where the
    /// page is not a secure context); says so when the browser refuses: the outline's own
    /// paste still has it.
    fn to_system_clipboard(&self, jsx: &str) {
        let v = self.0.s.visual;
        let this = self.clone();
        let jsx = jsx.to_string();
        leptos::task::spawn_local(async move {
            let written = crate::components::copy_link::copy_text(&jsx).await;
            if let Some(clip) = this.0.clip.borrow_mut().as_mut()
                && clip.0 == jsx
            {
                clip.1 = written;
            }
            if !written {
                v.message.set(
                    "Copied for the outline; the browser refused the system clipboard, so the code editor cannot paste it."
                        .into(),
                );
            }
        });
    }

    fn rebuild(&self, text: String) {
        self.read_outline(&text);
        self.0.s.document.update_value(|d| d.source = text.clone());
        // Only the Schema tab shows the states checked against the schema: check them while it
        // is open (it checks again when it opens), not on every keystroke in the view.
        if self.0.s.tab.get_untracked() == Tab::Schema {
            self.0.s.document.with_value(|d| self.check_states(d));
        }
        let dirty = self.is_dirty();
        self.0.s.set_dirty.set(dirty);
        let kind = self.0.s.document.with_value(|d| d.kind);
        // A refused edit is listed until the next edit: this one.
        self.0.refusal.take();
        if kind == widget::DesignKind::TemplateOnly || text.len() > LOCAL_BUILD_MAX {
            let design = self.0.s.document.get_value();
            self.build_on_server(text, design, dirty);
            return;
        }
        // A server build still under way is for older text: its answer is dropped.
        let ticket = self.0.requests.get() + 1;
        self.0.requests.set(ticket);
        // The draft is written once this frame is painted: it is not what the user watches (a
        // bare timeout could run before the frame: a visual edit builds inside its event).
        let write_draft = {
            let this = self.clone();
            let text = text.clone();
            move || {
                // Asked again: a save may have finished since.
                let dirty = dirty && this.is_dirty();
                this.write_draft(&text, dirty)
            }
        };
        if kind != widget::DesignKind::Jsx {
            // Widget JSON: its build is its check.
            let data = self.0.s.document.with_value(preview_design);
            self.show(&text, data);
            after_paint(write_draft);
            return;
        }
        // A view is drawn now, and validated and linted once this frame is painted (about a
        // third of the build, and not what the user watches). Until then the problems listed
        // stay the last build's. The design is kept for the check: the document may move on.
        let design = Rc::new(self.0.s.document.get_value());
        let drawn = self.draw(preview_design_pass(&design, Pass::Draw));
        if drawn {
            self.0.drawn.set(ticket);
        }
        let this = self.clone();
        after_paint(move || {
            this.check(ticket, &text, &design, drawn);
            write_draft();
        });
    }

    /// Shows a drawing pass's states, with the problems the last build listed; says whether
    /// it drew (a text with nothing to draw leaves the last drawing, marked stale).
    fn draw(&self, mut data: PreviewData) -> bool {
        if !draws_something(&data) {
            self.0.s.set_stale.set(true);
            return false;
        }
        self.0.s.set_stale.set(false);
        self.0.s.set_data.update(|d| {
            data.carry_checks(d);
            std::mem::swap(d, &mut data);
        });
        // The previous build is dropped once the next frame is painted, not before it.
        after_paint(move || drop(data));
        true
    }

    /// Validates and lints build `ticket` (of `text`, the view of `design`). If the preview
    /// shows its drawing, the preview's own lists take its problems; if it is the latest build
    /// and no edit waits to be built, the problem lists and the code's marks do.
    fn check(&self, ticket: u64, text: &str, design: &Design, drawn: bool) {
        let into_preview = drawn && self.0.drawn.get() == ticket;
        let latest = self.0.requests.get() == ticket
            && self.0.pending.borrow().is_none()
            && self.0.s.document.with_value(|d| d.source == text);
        if !into_preview && !latest {
            return;
        }
        let mut checked = preview_design_pass(design, Pass::Check);
        checked.add_export_warnings(design);
        if latest {
            self.list(text, &checked);
        }
        if into_preview {
            self.0.s.set_data.maybe_update(|d| {
                let differ = d.checks_differ(&checked);
                if differ {
                    d.take_checks(checked);
                }
                differ
            });
        }
    }

    /// Lists the problems and accessibility warnings of `data` (a build of `text`), each list
    /// only if it changed, and marks them in the code (always: a whole-text replace drops the
    /// code editor's marks even where the lists stay the same).
    fn list(&self, text: &str, data: &PreviewData) {
        let mut problems = source_problems(data);
        if let Some(r) = self.0.refusal.borrow().clone() {
            with_refusal(&mut problems, r);
        }
        let a11y = a11y_problems(data);
        self.set_marks(text, &problems, &a11y);
        self.0.s.set_problems.maybe_update(|p| {
            let differ = *p != problems;
            if differ {
                *p = problems;
            }
            differ
        });
        self.0.s.set_a11y.maybe_update(|p| {
            let differ = *p != a11y;
            if differ {
                *p = a11y;
            }
            differ
        });
        let listed = self.0.s.visual.listed;
        if listed.with_untracked(|l| **l != *text) {
            listed.set(text.into());
        }
    }

    /// Builds on the server: a template-only design (Jinja runs there only), or a view too
    /// large to build here within a frame. The request waits for a pause in typing, and only
    /// the latest answer is shown; the page stays responsive meanwhile.
    /// The draft is written then too (writing megabytes to local storage takes a while).
    fn build_on_server(&self, text: String, design: Design, dirty: bool) {
        let ticket = self.0.requests.get() + 1;
        self.0.requests.set(ticket);
        // Beyond the limit: refused here, unread and unsent, as the server would refuse it.
        let refused = crate::api::preview::too_large("the view", text.len());
        if let Some(e) = refused.clone() {
            let data = PreviewData {
                kind: Some(design.kind),
                states: Vec::new(),
                errors: vec![e],
            };
            self.show(&text, data);
        }
        let this = self.clone();
        set_timeout(
            move || {
                if this.0.requests.get() != ticket {
                    return;
                }
                this.write_draft(&text, dirty);
                if refused.is_some() {
                    return;
                }
                this.0
                    .s
                    .set_status
                    .set("Building the preview on the server…".into());
                leptos::task::spawn_local(async move {
                    let json = serde_json::to_string(&design).unwrap_or_default();
                    let result = crate::api::preview::preview_source(json).await;
                    // A later edit's answer may already be shown: keep only the latest.
                    if this.0.requests.get() != ticket {
                        return;
                    }
                    match result {
                        Ok(mut data) => {
                            this.0.s.set_status.set(String::new());
                            // What the `.widget` export cannot write is the editor's check,
                            // not the server's preview: added here, as to a build in the page.
                            data.add_export_warnings(&design);
                            this.show(&text, data);
                        }
                        Err(e) => this
                            .0
                            .s
                            .set_status
                            .set(format!("The server could not build the preview: {e}")),
                    }
                });
            },
            std::time::Duration::from_millis(SERVER_BUILD_PAUSE_MS),
        );
    }

    /// Shows a whole build of `text` (widget JSON, or a server build): its drawing and its
    /// problems.
    fn show(&self, text: &str, data: PreviewData) {
        self.list(text, &data);
        if draws_something(&data) {
            // Checks of an earlier drawing no longer go into the preview.
            self.0.drawn.set(self.0.requests.get());
            self.0.s.set_stale.set(false);
            // The previous build is dropped once the next frame is painted, not before it (a
            // visual edit builds inside its event, so a bare timeout could run first).
            let mut old = data;
            self.0.s.set_data.update(|d| std::mem::swap(d, &mut old));
            after_paint(move || drop(old));
        } else {
            self.0.s.set_stale.set(true);
        }
    }

    /// Once the code editor is there: underlines the problems, and lists them again with their
    /// spans (the server's lists crossed the wire without them, so a click could not land).
    fn show_marks(&self, text: &str) {
        let design = self.0.s.document.get_value();
        if design.kind != widget::DesignKind::TemplateOnly {
            self.list(text, &whole_build(&design));
        }
    }

    fn set_marks(&self, text: &str, problems: &[SourceProblem], a11y: &[A11yProblem]) {
        if let Some(ed) = self.0.editor.borrow().as_ref() {
            let marks: Vec<Mark> = problems
                .iter()
                .map(|p| Mark {
                    span: p.span,
                    level: if p.error {
                        Level::Error
                    } else {
                        Level::Warning
                    },
                    message: p.message.clone(),
                })
                .chain(a11y.iter().map(|p| Mark {
                    span: p.span,
                    level: Level::Warning,
                    message: format!("Accessibility: {}", p.message),
                }))
                .collect();
            if marks.is_empty() && !self.0.marked.get() {
                return;
            }
            self.0.marked.set(!marks.is_empty());
            ed.set_marks(text, &marks);
        }
    }

    /// Applies an accessibility fix: text edits of the code editor's document, as one undoable
    /// change (which rebuilds like any edit). A fix computed from an older text is ignored.
    pub fn apply_fix(&self, fix: &widget::diag::Fix) {
        let editor = self.0.editor.borrow();
        let Some(ed) = editor.as_ref() else { return };
        let text = ed.text();
        // The fixes listed are for the text the lists were made from.
        let listed = self.0.s.visual.listed.get_untracked();
        if *text != *listed || fix.apply(&text).is_none() {
            return;
        }
        let edits: Vec<TextEdit> = fix
            .edits
            .iter()
            .map(|e| TextEdit {
                span: e.span,
                text: e.text.clone(),
            })
            .collect();
        ed.apply(&edits);
        ed.focus();
    }

    /// Jumps to a problem in the code.
    pub fn select(&self, span: Span) {
        if let Some(ed) = self.0.editor.borrow().as_ref() {
            let text = ed.text();
            ed.select(&text, span);
        }
    }

    fn message() -> Option<String> {
        document()
            .get_element_by_id("ws-message")
            .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
            .map(|i| i.value())
            .filter(|m| !m.trim().is_empty())
    }

    fn set_message(text: &str) {
        if let Some(i) = document()
            .get_element_by_id("ws-message")
            .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
        {
            i.set_value(text);
        }
    }

    fn clear_message() {
        Self::set_message("");
    }

    /// Saves a revision on top of the one loaded. `overwrite` (after a conflict) saves every
    /// part this page changed over the newer revision and keeps that revision's other parts
    /// ([`Design::overwrite`]); the page then shows what was saved.
    pub fn save(&self, overwrite: bool) {
        if self.0.s.read_only {
            self.0.s.save_error.set(Some(
                "saving needs the editor role; you are a viewer.".into(),
            ));
            return;
        }
        if self.refuse_unread_rules() {
            return;
        }
        if self.0.saving.replace(true) {
            return;
        }
        // A value typed in an inspector field is committed when the field changes (on Enter or
        // when it loses the focus): committed now, so the save has it, and the focus stays.
        if let Some(el) = document()
            .active_element()
            .filter(|el| el.has_attribute("data-typing"))
            .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = el.blur();
            let _ = el.focus();
        }
        // An edit typed in this frame is not built yet: take it now.
        let pending = self.0.pending.borrow_mut().take();
        if let Some(text) = pending {
            self.rebuild(text);
        }
        // Nothing changed since the revision shown: no revision that changes nothing (Ctrl+S
        // pressed out of habit). An overwrite always goes: it answers a conflict.
        if !overwrite && !self.is_dirty() && self.0.unanswered.borrow().is_empty() {
            self.0.saving.set(false);
            self.0.s.save_error.set(None);
            // An emptied name box leaves the name as it was (said under the box): said here
            // too, or "nothing to save" would read as if the empty name were kept.
            // So is a name or tags the boxes did not take (their notes say why).
            let page = leptos::prelude::document();
            let name_emptied = page
                .query_selector("[data-testid=detail-name]")
                .ok()
                .flatten()
                .and_then(|el| el.dyn_into::<web_sys::HtmlInputElement>().ok())
                .is_some_and(|i| i.value().trim().is_empty());
            let noted = |id: &str| page.get_element_by_id(id).is_some();
            let kept = if name_emptied {
                self.0.s.document.with_value(|d| {
                    format!(
                        " (the name box is empty: the design keeps the name \"{}\")",
                        d.name
                    )
                })
            } else {
                match (noted("ws-name-problem"), noted("ws-tags-problem")) {
                    (true, true) => " (the name and the tags typed were not taken: see the notes under their boxes)".to_string(),
                    (true, false) => " (the name typed was not taken: see the note under its box)".to_string(),
                    (false, true) => " (the tags typed were not taken: see the note under their box)".to_string(),
                    (false, false) => String::new(),
                }
            };
            self.0.s.set_status.set(format!(
                "Nothing to save: no change since revision {}{kept}",
                self.0.s.revision.get_untracked()
            ));
            return;
        }
        let this = self.clone();
        self.0.s.save_error.set(None);
        self.0.s.merge_note.set(None);
        self.0.s.saving.set(true);
        leptos::task::spawn_local(async move {
            let mine = this.0.s.document.get_value();
            let theirs = this
                .0
                .s
                .conflict
                .get_untracked()
                .filter(|_| overwrite)
                .map(|head| head.document);
            let (document, clashes) = match &theirs {
                Some(theirs) => this
                    .0
                    .s
                    .saved
                    .with_value(|base| Design::overwrite_merged(base, &mine, theirs)),
                None => (mine.clone(), Default::default()),
            };
            // The merge was made against the revision the dialog showed: save on top of that
            // one only (a newer one meanwhile is another conflict, shown again), never over
            // whatever the head has become.
            let base_revision = match (&theirs, this.0.s.conflict.get_untracked()) {
                (Some(_), Some(head)) => head.revision,
                _ => this.0.s.revision.get_untracked(),
            };
            let message = Self::message();
            let request = SaveRequest {
                document: document.clone(),
                base_revision: Some(base_revision),
                overwrite: false,
                message: message.clone(),
            };
            let result = save_design(this.0.s.id.clone(), request).await;
            this.0.saving.set(false);
            this.0.s.saving.set(false);
            if !matches!(
                result,
                Err(AppError::Conflict { .. } | AppError::ServerFn(_))
            ) {
                this.0.unanswered.borrow_mut().clear();
            }
            match result {
                Ok(rec) => {
                    if !clashes.is_empty() {
                        this.0.s.merge_note.set(Some(format!(
                            "Saved over revision {}: their other changes are in; where you both changed the same thing, yours was kept: {}. History has their revision.",
                            rec.revision - 1,
                            clashes.said().join("; ")
                        )));
                    }
                    if theirs.is_some() {
                        // The parts kept from their revision are this page's now. What was
                        // typed while the save was under way stays (the page is then dirty).
                        // An edit typed in this frame is not built yet: take it first.
                        let pending = this.0.pending.borrow_mut().take();
                        if let Some(text) = pending {
                            this.rebuild(text);
                        }
                        let now = this.0.s.document.get_value();
                        let (after, typed_over) =
                            Design::after_overwrite_merged(&now, &mine, &document);
                        if !typed_over.is_empty() {
                            // What was typed during the save replaced some of what it took
                            // from their revision: said too (the page is unsaved).
                            this.0.s.merge_note.update(|note| {
                                let said = format!(
                                    "While it saved, you changed what came from their revision; yours is kept (not saved yet): {}.",
                                    typed_over.said().join("; ")
                                );
                                *note = Some(match note.take() {
                                    Some(n) => format!("{n} {said}"),
                                    None => format!("Saved over revision {}. {said}", rec.revision - 1),
                                });
                            });
                        }
                        // Their changes come in outside the undo history: an undo then
                        // undoes my last edit, not theirs (which a next save would revert).
                        let shown = this.show_design_as(after, Replace::Merge);
                        // Their view, taken: the page holds it with CodeMirror's line breaks.
                        if mine.differs(&document, DesignField::View)
                            && shown.source.replace("\r\n", "\n")
                                == document.source.replace("\r\n", "\n")
                        {
                            let document = Design {
                                source: shown.source.clone(),
                                ..document
                            };
                            this.saved(&rec, document);
                            return;
                        }
                    }
                    this.saved(&rec, document)
                }
                Err(AppError::Conflict { head, .. }) => {
                    let sent = std::mem::take(&mut *this.0.unanswered.borrow_mut());
                    let ours = sent.into_iter().find(|u| {
                        head.revision == u.base + 1 && data::stored_as(&u.document, &head.document)
                    });
                    if let Some(lost) = ours {
                        // The earlier save did land; only its answer was lost. That revision
                        // is this page's, and what was typed since goes on top of it, with the
                        // message this save was sent with (`saved` empties the box), unless
                        // that is the one the landed revision already has (Save pressed again).
                        this.saved(&head, lost.document);
                        if this.is_dirty() {
                            if let Some(m) = message
                                .as_ref()
                                .filter(|m| Some(*m) != lost.message.as_ref())
                            {
                                Self::set_message(m);
                            }
                            this.save(false);
                        }
                        return;
                    }
                    this.0.s.set_status.set(String::new());
                    this.0.s.set_conflict.set(Some(*head));
                }
                Err(e) => {
                    // No answer (the connection failed): the server may have written it.
                    // The same send again is kept once, and only the last few are. Not an
                    // overwrite: the page still holds its own text, not the merge it sent, so
                    // taking that revision as this page's would save the text over their
                    // changes (it comes back as a conflict instead, to merge again).
                    if matches!(e, AppError::ServerFn(_)) && theirs.is_none() {
                        let mut sent = this.0.unanswered.borrow_mut();
                        sent.retain(|u| !(u.base == base_revision && u.document == document));
                        sent.push(Unanswered {
                            base: base_revision,
                            document: document.clone(),
                            message: message.clone(),
                        });
                        let extra = sent.len().saturating_sub(UNANSWERED_KEPT);
                        sent.drain(..extra);
                    }
                    this.0.s.save_error.set(Some(e.to_string()))
                }
            }
        });
    }

    /// Whether the document differs from the last saved one (its view, or a setting such as
    /// the target), or the rules box holds text that does not read.
    fn is_dirty(&self) -> bool {
        !self.0.unread.borrow().is_empty()
            || self
                .0
                .s
                .saved
                .with_value(|saved| self.0.s.document.with_value(|d| d != saved))
    }

    /// Says why nothing saves while a box holds text that does not read (true then).
    fn refuse_unread_rules(&self) -> bool {
        let unread = self.0.unread.borrow();
        let Some((part, (why, _))) = unread.iter().next() else {
            return false;
        };
        self.0.s.save_error.set(Some(part.refusal(why)));
        true
    }

    /// Records whether `part`'s text reads (`None`) or why not, and what that makes the
    /// design: unsaved while any does not read.
    /// `text`: the box's text as typed, which a draft keeps (written now: it is in no design).
    fn set_unread(&self, part: Unread, why: Option<(String, UnreadText)>) {
        match why {
            Some(why) => {
                self.0.unread.borrow_mut().insert(part, why);
                // Written once the frame is painted, as a view's edit is (it is not what the
                // user watches), with the text as it is then.
                let this = self.clone();
                after_paint(move || {
                    let source = this.0.s.document.with_value(|d| d.source.clone());
                    this.write_draft(&source, this.is_dirty());
                });
            }
            None => {
                let removed = self.0.unread.borrow_mut().remove(&part).is_some();
                if removed && self.0.unread.borrow().is_empty() {
                    self.0.s.save_error.set(None);
                }
                // The draft no longer keeps that text (or goes, if nothing else is unsaved).
                if removed {
                    let this = self.clone();
                    after_paint(move || {
                        let source = this.0.s.document.with_value(|d| d.source.clone());
                        this.write_draft(&source, this.is_dirty());
                    });
                }
            }
        }
        let dirty = self.is_dirty();
        self.0.s.set_dirty.set(dirty);
    }

    /// The Actions panel's rules box changed: rules to store, or text that does not read.
    pub fn set_rules(
        &self,
        rules: Result<
            widget::actions::rules::DesignHandlers,
            crate::components::actions::UnreadRules,
        >,
    ) {
        match rules {
            Ok(h) => {
                self.set_unread(Unread::Rules, None);
                self.set_details(move |d| d.handlers = h);
            }
            Err(u) => {
                let text = UnreadText {
                    part: Unread::Rules,
                    state: None,
                    text: u.text,
                };
                self.set_unread(Unread::Rules, Some((u.why, text)));
            }
        }
    }

    /// The name, description or tags changed: they save with the next revision.
    pub fn set_details(&self, change: impl FnOnce(&mut Design)) {
        self.0.s.document.update_value(change);
        let dirty = self.is_dirty();
        self.0.s.set_dirty.set(dirty);
        // The draft keeps them too.
        let text = self.0.s.document.with_value(|d| d.source.clone());
        self.write_draft(&text, dirty);
    }

    /// The target changed in the header: check the preview by its rules.
    pub fn set_target(&self, target: widget::Target) {
        self.0.s.document.update_value(|d| d.target = target);
        // All of the details from the document (the boxes' values are bound to them: a stale
        // name there would be written back).
        self.show_details();
        let text = self.0.s.document.with_value(|d| d.source.clone());
        self.rebuild(text);
    }

    /// The page around the island was drawn by the server for the revision it loaded: its
    /// header, the Share form's "stays at revision", the History list and the Export section
    /// (its Python snippet too) now follow the revision this page saved (or took), so a link
    /// pinned from here pins it.
    fn reflect_revision(rec: &DesignRecord) {
        let doc = document();
        let set_text = |selector: &str, text: &str| {
            if let Ok(Some(el)) = doc.query_selector(selector) {
                el.set_text_content(Some(text));
            }
        };
        let n = rec.revision;
        set_text("[data-testid=revision]", &format!("revision {n}"));
        set_text("[data-testid=design-name]", &rec.document.name);
        doc.set_title(&format!("{} · Editor · Widget Studio", rec.document.name));
        if let Ok(Some(pin)) = doc.query_selector("[data-testid=share-pin]") {
            let _ = pin.set_attribute("value", &n.to_string());
            pin.set_text_content(Some(&format!("stays at revision {n}")));
        }
        // History: listed again as the server has it (the new revision with its message,
        // time and author; the older ones compared with the new latest, and restorable).
        Self::refresh_history(rec.id.clone());
        // Export: its links, notes and asset base are the new revision's.
        crate::components::export_links::client::refresh(&rec.id);
    }

    /// Draws the History panel's list again from the server's revisions. The first answer
    /// takes the server's list's place with a list that follows a signal; later ones set it,
    /// unless an older answer comes after a newer one.
    fn refresh_history(id: String) {
        /// The head revision and the revisions, newest first.
        type Listed = RwSignal<(i64, Vec<crate::api::types::RevisionInfo>)>;
        thread_local! {
            static HISTORY: Cell<Option<Listed>> = const { Cell::new(None) };
        }
        leptos::task::spawn_local(async move {
            let Ok((latest, revisions)) = crate::api::designs::design_history(id.clone()).await
            else {
                return;
            };
            if let Some(shown) = HISTORY.get() {
                if shown.with_untracked(|(drawn, _)| *drawn <= latest) {
                    shown.set((latest, revisions));
                }
                return;
            }
            let doc = document();
            let Some(parent) = doc
                .query_selector("[data-testid=history] [data-testid=revisions]")
                .ok()
                .flatten()
                .and_then(|list| list.parent_element())
                .and_then(|p| p.dyn_into::<web_sys::HtmlElement>().ok())
            else {
                return;
            };
            let shown = RwSignal::new((latest, revisions));
            HISTORY.set(Some(shown));
            let back = format!("/designs/{id}/edit");
            // Drawn in place of the server's list (its wrapper holds only the list), for as
            // long as the page lives.
            parent.set_inner_html("");
            leptos::mount::mount_to(parent, move || {
                move || {
                    let (latest, revisions) = shown.get();
                    if let Ok(Some(summary)) =
                        document().query_selector("[data-testid=history] > summary")
                    {
                        summary.set_text_content(Some(
                            &crate::components::revisions::history_title(revisions.len()),
                        ));
                    }
                    view! {
                        <crate::components::revisions::RevisionList id=id.clone() revisions=revisions
                            latest=latest back=back.clone()/>
                    }
                }
            })
            .forget();
        });
    }

    fn saved(&self, rec: &DesignRecord, mut document: Design) {
        Self::reflect_revision(rec);
        // The server stores tags in their composed form, repeats dropped: what was saved has
        // its tags, and so does the page where they are still the ones sent.
        let sent_tags = document.tags.clone();
        if sent_tags != rec.document.tags {
            document.tags = rec.document.tags.clone();
            self.0.s.document.update_value(|d| {
                if d.tags == sent_tags {
                    d.tags = rec.document.tags.clone();
                }
            });
        }
        // Saved: the import is part of the history now (History restores what it replaced).
        self.0.before_import.replace(None);
        self.0.s.undo_import.set(false);
        self.0.s.import_note.set(None);
        // The tags box shows the tags as saved ("x, x, , y" was saved as x and y), unless it
        // was changed since what was sent.
        // (The box's text is read from the page: the signal holds what was last shown.)
        let tags = document.tags.join(", ");
        if let Some(typed) = Self::box_value("detail-tags")
            && typed != tags
            && widget::Design::parse_tags(&typed) == sent_tags
        {
            self.0.s.details.update(|d| d.tags = tags);
        }
        // So do the name and the description, saved trimmed (" Invoice " was saved as
        // "Invoice"), unless they were changed since.
        if let Some(typed) = Self::box_value("detail-name")
            && typed != document.name
            && typed.trim() == document.name
        {
            self.0.s.details.update(|d| d.name = document.name.clone());
        }
        if let Some(typed) = Self::box_value("detail-description")
            && typed != document.description
            && typed.trim() == document.description
        {
            self.0
                .s
                .details
                .update(|d| d.description = document.description.clone());
        }
        self.0.s.saved.set_value(document);
        self.0.s.set_revision.set(rec.revision);
        self.0.s.set_conflict.set(None);
        let still_dirty = self.is_dirty();
        self.0.s.set_dirty.set(still_dirty);
        self.0
            .s
            .set_status
            .set(format!("Saved revision {}", rec.revision));
        Self::clear_message();
        // A notice the page came with, or an earlier restore's, is about an older revision.
        if let Ok(Some(n)) = leptos::prelude::document().query_selector("[data-testid=notice]") {
            n.remove();
        }
        if !still_dirty {
            // Nothing unsaved: no draft is needed, nor the warning that none can be kept.
            self.0.s.draft_error.set(None);
            if let Some(st) = storage() {
                let _ = st.remove_item(&self.0.draft_key);
            }
        }
    }

    /// The text of the header's box `testid` as the page shows it (the details signal holds
    /// what was last set there, not what was typed since).
    fn box_value(testid: &str) -> Option<String> {
        let el = leptos::prelude::document()
            .query_selector(&format!("[data-testid={testid}]"))
            .ok()
            .flatten()?;
        match el.dyn_into::<web_sys::HtmlInputElement>() {
            Ok(input) => Some(input.value()),
            Err(el) => el
                .dyn_into::<web_sys::HtmlTextAreaElement>()
                .ok()
                .map(|t| t.value()),
        }
    }

    /// Replaces the code editor's whole text (one undo step) and returns what it holds now:
    /// CodeMirror keeps lines with `\n`, so a text with `\r\n` comes back with `\n`, and the
    /// document, the outline and the marks must name places in that.
    fn replace_text(&self, text: &str, how: Replace) -> String {
        match self.0.editor.borrow().as_ref() {
            Some(ed) => {
                match how {
                    Replace::Undoable => ed.set_text(text),
                    Replace::Merge => ed.merge_text(text),
                }
                ed.text()
            }
            None => text.to_string(),
        }
    }

    /// History's "restore N", taken in place: the restored head is shown (the code replaced as
    /// one undo step) and the page stays, its undo history with it. Unsaved work is first kept
    /// as a draft under a key of its own, as a page load would leave it, and offered back after
    /// the restore ("Restore it"). Not taken (`false`, and the form's page load asks first)
    /// where this browser cannot keep that draft.
    pub fn restore_revision(&self, number: i64) -> bool {
        if self.0.s.read_only || self.0.editor.borrow().is_none() || self.0.s.saving.get_untracked()
        {
            return false;
        }
        // A second click while the first is under way: taken, and nothing more (it was a
        // second restore, said as "nothing to restore" over the first one's notice).
        if self.0.restoring.get() {
            return true;
        }
        let kept = if self.is_dirty() {
            self.take_pending();
            let text = self.0.s.document.with_value(|d| d.source.clone());
            self.write_draft(&text, true);
            let draft = storage()
                .and_then(|st| st.get_item(&self.0.draft_key).ok().flatten())
                .and_then(|json| serde_json::from_str::<Draft>(&json).ok());
            match draft {
                Some(d) => Some(d),
                None => return false,
            }
        } else {
            None
        };
        let id = self.0.s.id.clone();
        let this = self.clone();
        self.0.restoring.set(true);
        self.0
            .s
            .set_status
            .set(format!("Restoring revision {number}…"));
        leptos::task::spawn_local(async move {
            let answer = restore_here(id, number).await;
            this.0.restoring.set(false);
            let said = match answer {
                Ok(Restored { record, made }) if made => {
                    let shown = this.show_design(record.document.clone());
                    let text = shown.source.clone();
                    this.saved(&record, shown);
                    let restored = format!(
                        "Restored revision {number} as revision {}.",
                        record.revision
                    );
                    match kept.map(|d| this.keep_apart(d)) {
                        Some(Some(())) => {
                            this.offer_draft(&text);
                            format!(
                                "{restored} What you had not saved is kept as a draft: “Restore it” brings it back."
                            )
                        }
                        Some(None) => format!(
                            "{restored} This browser's storage refused the draft of what you had not saved: Ctrl+Z in the code brings back the view."
                        ),
                        None => restored,
                    }
                }
                Ok(Restored { record, .. }) => format!(
                    "Revision {number} holds what the latest revision ({}) holds: nothing to restore, and no revision was made.",
                    record.revision
                ),
                Err(e) => format!("Revision {number} was not restored: {e}"),
            };
            this.0.s.set_status.set(said.clone());
            crate::components::status::show_page_notice(&said, "[data-testid=share]");
        });
        true
    }

    /// Stores `draft` under a key of its own (this tab's next draft does not overwrite it, as a
    /// page load's new tab key would not). `None` if the browser refuses it.
    fn keep_apart(&self, mut draft: Draft) -> Option<()> {
        let st = storage()?;
        draft.key = draft_key(
            &self.0.s.id,
            &format!("{:x}", (js_sys::Math::random() * 2f64.powi(48)) as u64),
        );
        let json = serde_json::to_string(&draft).ok()?;
        st.set_item(&draft.key, &json).ok()
    }

    /// The conflict dialog's "take theirs": their text replaces mine (one undo brings mine
    /// back), and the next save builds on their revision.
    pub fn take_theirs(&self) {
        let Some(head) = self.conflict_head() else {
            return;
        };
        let theirs = self.show_design(head.document.clone());
        Self::reflect_revision(&head);
        // Their revision is the base now: undoing an import of mine would roll it back.
        self.0.before_import.replace(None);
        self.0.s.undo_import.set(false);
        self.0.s.saved.set_value(theirs);
        self.0.s.set_revision.set(head.revision);
        self.0.s.set_conflict.set(None);
        let dirty = self.is_dirty();
        self.0.s.set_dirty.set(dirty);
        self.0
            .s
            .set_status
            .set(format!("Now at revision {}", head.revision));
    }

    /// Shows `design` in every part of the page: the code (replaced as one undo step, only if
    /// it differs), the Data tab, the Schema tab, the header's details; then builds it.
    /// Returns the design as the page now holds it (CodeMirror's line breaks).
    fn show_design(&self, design: Design) -> Design {
        self.show_design_as(design, Replace::Undoable)
    }

    /// [`Live::show_design`], the code replaced `how`.
    fn show_design_as(&self, design: Design, how: Replace) -> Design {
        let current = self.0.s.document.with_value(|d| d.source.clone());
        let source = if design.source == current {
            current
        } else {
            self.replace_text(&design.source, how)
        };
        let design = Design { source, ..design };
        let before = self.0.s.document.get_value();
        self.0.s.document.set_value(design.clone());
        // The states are another design's now (an import, a restore, their revision): the
        // state buttons' changes are not undone into it.
        if before.differs(&design, DesignField::States) {
            self.0.s.state_history.set(Default::default());
            self.0.s.state_note.set(None);
        }
        let names = self.0.s.document.with_value(data::state_names);
        let shown = self.0.s.current_state.get_untracked();
        // The Data and Schema tabs' texts are written again only where their part changed:
        // text typed there meanwhile (perhaps not reading yet) stays otherwise.
        let states_changed = before.differs(&design, DesignField::DefaultState)
            || before.differs(&design, DesignField::States);
        if !names.contains(&shown) {
            self.select_state(data::DEFAULT.to_string());
        } else if states_changed {
            self.select_state(shown);
        }
        self.0.s.set_state_names.set(names);
        self.reload_schema_tab(before.differs(&design, DesignField::Schema));
        self.show_details();
        self.rebuild(design.source.clone());
        design
    }

    fn conflict_head(&self) -> Option<DesignRecord> {
        self.0.s.conflict.get_untracked()
    }

    /// The conflict dialog's "save as a copy": a new design with my text; the browser goes
    /// to it.
    pub fn save_copy(&self) {
        if self.refuse_unread_rules() {
            return;
        }
        let mut document = self.0.s.document.get_value();
        document.name = format!("{} (copy)", document.name);
        let this = self.clone();
        leptos::task::spawn_local(async move {
            match create_design(document).await {
                Ok(rec) => {
                    if let Some(st) = storage() {
                        let _ = st.remove_item(&this.0.draft_key);
                    }
                    this.0.s.set_dirty.set(false);
                    this.0.s.saved.set_value(this.0.s.document.get_value());
                    let _ = window()
                        .location()
                        .set_href(&format!("/designs/{}/edit", rec.id));
                }
                Err(e) => this.0.s.save_error.set(Some(e.to_string())),
            }
        });
    }

    fn write_draft(&self, text: &str, dirty: bool) {
        let Some(st) = storage() else {
            return;
        };
        // Each tab writes its own key, so an offered draft (another tab's, or an earlier
        // page's) is never overwritten by this one.
        let key = &self.0.draft_key;
        if !dirty {
            let _ = st.remove_item(key);
            if self.0.s.draft_error.with_untracked(Option::is_some) {
                self.0.s.draft_error.set(None);
            }
            return;
        }
        let saved = self.0.s.saved.get_value();
        let (document, changed) = self
            .0
            .s
            .document
            .with_value(|d| (Draft::document_of(&saved, d), saved.changed(d)));
        let unread = self
            .0
            .unread
            .borrow()
            .values()
            .map(|(_, kept)| kept.clone())
            .collect();
        let draft = Draft {
            base: self.0.s.revision.get_untracked(),
            source: text.to_string(),
            at: now_ms(),
            changed: document.is_some().then_some(changed),
            document,
            unread,
            key: key.clone(),
        };
        if let Ok(json) = serde_json::to_string(&draft) {
            // A full storage quota loses the draft, never the editor's text; the page says so
            // (the work would be lost with the tab), until a draft is written again.
            let refused = st.set_item(key, &json).is_err();
            let said = self.0.s.draft_error.with_untracked(Option::is_some);
            if refused != said {
                self.0.s.draft_error.set(refused.then(|| {
                    format!(
                        "This browser's storage is full, so your unsaved work ({} KB) is not kept as a draft: if this tab closes, it is lost. Save it, or free storage (drafts of other designs, other sites' data).",
                        json.len().div_ceil(1024)
                    )
                }));
            }
        }
    }

    /// Offers the newest draft of this design kept in this browser (by any tab) that differs
    /// from what the page shows.
    fn offer_draft(&self, text: &str) {
        let current = self.0.s.document.get_value();
        if let Some(draft) = draft_to_offer(self.drafts(), &current, text) {
            self.0.s.set_draft_offer.set(Some(draft));
        }
    }

    /// Every draft of this design kept in this browser, by any tab.
    fn drafts(&self) -> Vec<Draft> {
        let Some(st) = storage() else {
            return Vec::new();
        };
        let mut drafts = Vec::new();
        for i in 0..st.length().unwrap_or(0) {
            let Some(key) = st.key(i).ok().flatten() else {
                continue;
            };
            if !is_draft_key_of(&key, &self.0.s.id) {
                continue;
            }
            if let Some(mut draft) = st
                .get_item(&key)
                .ok()
                .flatten()
                .and_then(|j| serde_json::from_str::<Draft>(&j).ok())
            {
                draft.key = key;
                drafts.push(draft);
            }
        }
        drafts
    }

    /// Puts the draft's text in the editor (one undo step) and builds it.
    pub fn restore(&self, draft: Draft) {
        // An edit typed in this frame is not built yet: built first, so it is in the design the
        // draft is put onto.
        self.take_pending();
        self.0.s.set_draft_offer.set(None);
        // The offer's buttons go: the focus goes to the code (the restored work).
        self.focus_code_soon();
        let revision = self.0.s.revision.get_untracked();
        if draft.base >= 1 && draft.base < revision {
            // Made on an older revision: brought onto this one by a three-way merge with the
            // revision it was made on, so what was saved since stays where the draft did not
            // change it (putting the draft's view back would undo it, and an overwrite later
            // would have no base to merge with).
            self.0.s.set_status.set(format!(
                "Restoring your draft (made on revision {}) onto revision {revision}…",
                draft.base
            ));
            let this = self.clone();
            let before = self.0.s.document.get_value();
            leptos::task::spawn_local(async move {
                let base = crate::api::designs::view_revision(this.0.s.id.clone(), draft.base)
                    .await
                    .map(|rv| rv.document);
                this.0.s.set_status.set(String::new());
                this.take_pending();
                let typed = this.0.s.document.with_value(|now| *now != before);
                match base {
                    // Edited while the revision was fetched: a merge would put the draft over
                    // that typing where both changed a line. Neither is lost: the page keeps
                    // what was typed, and the draft stays offered.
                    Ok(_) if typed => {
                        this.0.s.merge_note.set(Some(
                            "You edited the design while your draft was being restored, so it was not restored (your edit stays); it is still offered: Restore it again to merge it.".to_string(),
                        ));
                        this.0.s.set_draft_offer.set(Some(draft));
                    }
                    Ok(base) => {
                        let (design, clashes) =
                            this.0.s.document.with_value(|now| draft.onto(&base, now));
                        let kept = if clashes.is_empty() {
                            "its changes are in your draft".to_string()
                        } else {
                            format!(
                                "its changes are in your draft, except where you both changed the same thing, where yours was kept: {}",
                                clashes.said().join("; ")
                            )
                        };
                        this.0.s.merge_note.set(Some(format!(
                            "Your draft was made on revision {}; revision {revision} was saved since, and {kept}. Not saved yet.",
                            draft.base
                        )));
                        this.put_back(draft, design);
                    }
                    Err(e) => {
                        // Without the revision it was made on, the draft cannot be merged: it
                        // stays offered (and stored), and nothing on the page changes.
                        this.0.s.merge_note.set(Some(format!(
                            "Your draft was made on revision {}, which could not be read ({e}), so it was not merged onto revision {revision}; it is still offered: try again.",
                            draft.base
                        )));
                        this.0.s.set_draft_offer.set(Some(draft));
                    }
                }
            });
            return;
        }
        // The states, schema and details the draft kept come back too.
        let design = self.0.s.document.with_value(|d| draft.design(d));
        self.put_back(draft, design);
    }

    /// Builds an edit typed in this frame now, if one waits for the next frame.
    fn take_pending(&self) {
        let pending = self.0.pending.borrow_mut().take();
        if let Some(text) = pending {
            self.rebuild(text);
        }
    }

    /// [`Self::restore`]'s end: `design` (the draft's) is the page's, and the draft's text
    /// that did not read goes back into its box.
    fn put_back(&self, draft: Draft, design: Design) {
        // Data typed for a state the design no longer has finds no box: the draft then stays
        // in this browser (offered again until it is discarded), so that text is not lost.
        let names = data::state_names(&design);
        let orphaned = draft.unread.iter().any(|u| {
            u.part == Unread::Data && u.state.as_ref().is_some_and(|s| !names.contains(s))
        });
        // Its text is this page's now, kept under this page's own key once it is written. The
        // draft's own key goes, unless a tab still open may be writing it (newer than this page).
        // Other tabs' drafts are their own work and stay.
        if let Some(st) = storage()
            && !orphaned
            && draft.key != self.0.draft_key
            && draft.at < self.0.loaded_at
            && !self.0.live_tabs.borrow().contains(&draft.key)
        {
            let _ = st.remove_item(&draft.key);
        }
        self.show_design(design);
        // Text that did not read goes back into its box, as typed (and still does not read).
        for kept in draft.unread {
            self.restore_unread(kept);
        }
    }

    /// Puts a draft's text that did not read back into its box, as if typed there.
    fn restore_unread(&self, kept: UnreadText) {
        match kept.part {
            Unread::Rules => self.0.s.restore_rules.set(Some(kept.text)),
            Unread::Data => {
                let names = self.0.s.document.with_value(data::state_names);
                let Some(state) = kept.state.clone().filter(|s| names.contains(s)) else {
                    // Its state is not in this revision (renamed or deleted since): the text
                    // has no box to go back to, so the draft's note holds it, to copy.
                    let said = format!(
                        "The data typed for the state \"{}\" did not read yet, and that state is no longer in the design (renamed or deleted since); the draft stays in this browser until you discard it, and here is the text, to copy: {}",
                        kept.state.unwrap_or_default(),
                        kept.text
                    );
                    self.0.s.merge_note.update(|n| {
                        *n = Some(match n.take() {
                            Some(n) => format!("{n} {said}"),
                            None => said,
                        })
                    });
                    return;
                };
                // That state shown first (its own undo history), then the text put back into
                // it as an undoable step.
                self.show_state(state);
                if let Some(ed) = self.0.data_editor.borrow().as_ref() {
                    ed.set_text(&kept.text);
                }
                // Not in the document: the tab, when it opens, shows it (`open_data`).
                self.data_changed(kept.text);
            }
            Unread::Schema => {
                if let Some(ed) = self.0.schema_editor.borrow().as_ref() {
                    ed.set_text(&kept.text);
                }
                self.schema_changed(kept.text);
            }
        }
    }

    /// The text a tab's box shows that the document does not hold (it does not read), if any:
    /// for the Data tab, only the state it was typed for.
    fn unread_text(&self, part: Unread, state: Option<&str>) -> Option<String> {
        self.0
            .unread
            .borrow()
            .get(&part)
            .filter(|(_, kept)| kept.state.as_deref() == state)
            .map(|(_, kept)| kept.text.clone())
    }

    /// The header's fields show the document's name, description and tags again.
    fn show_details(&self) {
        let details = self.0.s.document.with_value(Details::of);
        self.0.s.details.set(details);
    }

    pub fn discard_draft(&self) {
        // Another tab still open may be writing a draft newer than this page: it stays there.
        if let Some(offer) = self.0.s.draft_offer.get_untracked()
            && offer.at < self.0.loaded_at
            && !self.0.live_tabs.borrow().contains(&offer.key)
            && let Some(st) = storage()
        {
            let _ = st.remove_item(&offer.key);
        }
        self.0.s.set_draft_offer.set(None);
        self.0
            .s
            .set_status
            .set("Discarded the unsaved work this browser kept".into());
        self.focus_code_soon();
    }

    /// Gives the focus to the code editor once the page has redrawn, if it fell to the page's
    /// body with a control that went (the draft offer's buttons).
    pub fn focus_code_soon(&self) {
        let this = self.clone();
        request_animation_frame(move || {
            let lost = document()
                .active_element()
                .is_none_or(|a| a.tag_name().eq_ignore_ascii_case("body"));
            if !lost {
                return;
            }
            // The editor of the tab shown (the others are hidden, and take no focus).
            let shown = match this.0.s.tab.get_untracked() {
                Tab::View => this.0.editor.borrow(),
                Tab::Data => this.0.data_editor.borrow(),
                Tab::Schema => this.0.schema_editor.borrow(),
            };
            if let Some(ed) = shown.as_ref() {
                ed.focus();
            }
        });
    }

    /// Imports a file's text: on success it replaces the view and the states (one undo step in
    /// the code editor brings the old view back); on failure nothing changes and the located
    /// errors are listed.
    pub fn import_text(&self, file_name: &str, text: &str) {
        if text.len() > MAX_IMPORT {
            self.0.s.set_import_errors.set(vec![format!(
                "{file_name} is {} bytes; a design may be at most 4 MiB",
                text.len()
            )]);
            return;
        }
        if let Some(why) = data::not_text(file_name, text) {
            self.0.s.set_import_errors.set(vec![why]);
            return;
        }
        match widget::Design::from_input(text) {
            Ok(mut imported) => {
                let kind = data::ImportKind::of(text);
                // Images the file points at (its asset base and an exported file name) that
                // this studio holds are its references again, drawn and counted as used.
                let names: std::collections::BTreeMap<String, String> =
                    self.0.s.assets.with_untracked(|s| {
                        s.list
                            .iter()
                            .flat_map(|l| &l.assets)
                            .map(|a| (a.export_name(), a.id.clone()))
                            .collect()
                    });
                let relinked = matches!(kind, data::ImportKind::Widget(_))
                    && widget::asset::relink_design(&mut imported, &names);
                let current = self.0.s.document.get_value();
                let next = data::import_into(&current, imported, kind);
                // An import that brings states replaces the data the Data tab shows: text typed
                // there that does not read is asked about first, and kept if the user says so.
                let replaces_data = current.differs(&next, DesignField::States)
                    || current.differs(&next, DesignField::DefaultState);
                if replaces_data && self.0.unread.borrow().contains_key(&Unread::Data) {
                    let shown = self.0.s.current_state.get_untracked();
                    let discard = window()
                        .confirm_with_message(&format!(
                            "The data typed for \"{shown}\" does not read as JSON yet, and importing {file_name} replaces the states. Discard it?"
                        ))
                        .unwrap_or(false);
                    if !discard {
                        return;
                    }
                    self.set_unread(Unread::Data, None);
                }
                // Every part shows what the design holds now: the code, the Data and Schema
                // tabs, the details and the target (a tab left showing the old schema would
                // save it back on its next keystroke).
                let next = self.show_design(next);
                if replaces_data {
                    self.states_changed(data::DEFAULT.to_string());
                }
                self.0.before_import.replace(Some((current, next)));
                self.0.s.undo_import.set(true);
                self.0.s.set_import_errors.set(Vec::new());
                self.0.s.set_status.set(format!("Imported {file_name}"));
                self.0.s.import_note.set(Some(format!(
                    "Imported {file_name}: it replaced {}.{} Undo import puts the design back.",
                    kind.replaces(),
                    if relinked {
                        " Its image URLs that name this studio's images are asset: references again."
                    } else {
                        ""
                    }
                )));
            }
            Err(report) => {
                let mut errors: Vec<String> = report
                    .all()
                    .map(|d| format!("{file_name} {}", d.placed_message()))
                    .collect();
                // Text that is not JSON nor a view at all (notes, a CSV): say what is taken.
                if !text.trim_start().starts_with(['{', '[', '<']) {
                    errors.push(format!("{file_name}: {}", data::IMPORT_TAKES));
                }
                self.0.s.set_import_errors.set(errors);
            }
        }
    }

    /// Puts back the whole design as it was before the last import: its view (one undo step
    /// in the code, as the import was), states, schema, details and rules.
    pub fn undo_import(&self) {
        let Some((before, imported)) = self.0.before_import.borrow().clone() else {
            return;
        };
        // Changes made since the import go too: ask first.
        let changed_since = self.0.s.document.with_value(|d| *d != imported);
        if changed_since
            && !window()
                .confirm_with_message(
                    "Undo import puts back the design as it was before the import, so the changes made since then go too (the view's can be undone in the code). Undo the import?",
                )
                .unwrap_or(false)
        {
            return;
        }
        self.0.before_import.replace(None);
        self.0.s.undo_import.set(false);
        self.show_design(before);
        let dirty = self.is_dirty();
        self.0.s.set_dirty.set(dirty);
        self.0.s.set_status.set("Import undone".into());
        self.0.s.import_note.set(None);
    }

    /// Reads a file the user picked or dropped, then imports it.
    pub fn import_file(&self, file: web_sys::File) {
        let this = self.clone();
        let name = file.name();
        leptos::task::spawn_local(async move {
            if file.size() > MAX_IMPORT as f64 {
                this.0.s.set_import_errors.set(vec![format!(
                    "{name} is {} bytes; a design file may be at most 4 MiB",
                    file.size()
                )]);
                return;
            }
            match wasm_bindgen_futures::JsFuture::from(file.text()).await {
                Ok(text) => this.import_text(&name, &text.as_string().unwrap_or_default()),
                Err(_) => this
                    .0
                    .s
                    .set_import_errors
                    .set(vec![format!("{name} could not be read")]),
            }
        });
    }

    /// Opens the Data tab's JSON editor in `host` (once).
    pub fn open_data(&self, host: web_sys::Element) {
        let set_error = self.0.s.set_data_error;
        self.open_tab_editor(
            host,
            TabEditor {
                slot: |inner| &inner.data_editor,
                content: |this| {
                    let name = this.0.s.current_state.get_untracked();
                    // Text typed for this state that does not read (a restored draft's) is
                    // what the tab holds, not the state's JSON.
                    let text = this
                        .unread_text(Unread::Data, Some(&name))
                        .or_else(|| this.0.s.document.with_value(|d| data::state_json(d, &name)));
                    (text.unwrap_or_default(), "json")
                },
                label: "State data (JSON)",
                described_by: "ws-data-warnings",
                on_change: |this, t| this.data_changed(t),
                on_refused: |this, r| {
                    this.0.s.set_data_error.set(Some(format!(
                        "line {}, column {}: {}",
                        r.line,
                        r.column,
                        crate::api::preview::refused_edit("the state", r.how, r.why)
                    )))
                },
            },
            move |e| set_error.set(Some(e)),
        );
    }

    /// Creates a tab's code editor (a JSON or zod text, no completion) in `host`, once (see
    /// [`TabEditor`]); Ctrl/Cmd+S saves, and `on_error` says why it did not load.
    fn open_tab_editor(
        &self,
        host: web_sys::Element,
        tab: TabEditor,
        on_error: impl FnOnce(String) + 'static,
    ) {
        let TabEditor {
            slot,
            content,
            label,
            described_by,
            on_change,
            on_refused,
        } = tab;
        if slot(&self.0).borrow().is_some() {
            return;
        }
        let this = self.clone();
        leptos::task::spawn_local(async move {
            let (text, language) = content(&this);
            let changed = {
                let this = this.clone();
                move |t: String| on_change(&this, t)
            };
            let on_save = {
                let this = this.clone();
                move || this.save(false)
            };
            let options = Options {
                doc: &text,
                language,
                dark: is_dark(),
                label,
                spec_url: "",
                fields: &[],
                max_bytes: crate::api::preview::MAX_SOURCE,
                plain_above: PLAIN_ABOVE,
                described_by,
            };
            let refused = {
                let this = this.clone();
                move |r: Refused| on_refused(&this, r)
            };
            match CodeEditor::create(&host, options, changed, on_save, refused, None).await {
                Ok(ed) => {
                    // The tab's text may have moved on while the bundle loaded (another state
                    // chosen, a draft restored).
                    let (now, _) = content(&this);
                    if now != text {
                        ed.set_text(&now);
                    }
                    *slot(&this.0).borrow_mut() = Some(ed);
                }
                Err(e) => on_error(e),
            }
        });
    }

    /// The states checked against the schema, for the Schema tab.
    fn check_states(&self, design: &Design) {
        let misfits = schema::misfits(design);
        self.0.s.schema_view.update(|v| {
            if v.misfits != misfits {
                v.misfits = misfits;
            }
        });
    }

    /// Opens the Schema tab: checks the states, and loads its editor in `host` (once).
    pub fn open_schema(&self, host: web_sys::Element) {
        self.0.s.document.with_value(|d| self.check_states(d));
        let view = self.0.s.schema_view;
        self.open_tab_editor(
            host,
            TabEditor {
                slot: |inner| &inner.schema_editor,
                content: |this| {
                    let (text, language) = this
                        .0
                        .s
                        .document
                        .with_value(|d| (schema::schema_text(d), schema::language(d)));
                    // Text that does not read (a restored draft's) is what the tab holds.
                    (
                        this.unread_text(Unread::Schema, None).unwrap_or(text),
                        language,
                    )
                },
                label: "Data schema",
                described_by: "",
                on_change: |this, t| this.schema_changed(t),
                on_refused: |this, r| {
                    this.0.s.schema_view.update(|v| {
                        // One refusal listed at a time.
                        v.problems
                            .retain(|p| !p.message.starts_with("not pasted: "));
                        v.problems.insert(
                            0,
                            schema::SchemaProblem {
                                span: Span::default(),
                                line: r.line,
                                column: r.column,
                                message: crate::api::preview::refused_edit(
                                    "the schema",
                                    r.how,
                                    r.why,
                                ),
                            },
                        )
                    })
                },
            },
            move |e| {
                view.update(|v| {
                    v.problems = vec![schema::SchemaProblem {
                        span: Span::default(),
                        line: 0,
                        column: 0,
                        message: e,
                    }]
                })
            },
        );
    }

    /// The Schema tab's text changed: read it into the design, say what is wrong, and rebuild
    /// (the states are checked against the new schema).
    fn schema_changed(&self, text: String) {
        let language_before = self.0.s.document.with_value(schema::language);
        let mut result = Ok(());
        self.0
            .s
            .document
            .update_value(|d| result = schema::set_schema_text(d, &text));
        let problems = result.err().unwrap_or_default();
        // The text may have changed language (zod typed where JSON Schema was).
        let language = self.0.s.document.with_value(schema::language);
        if language != language_before
            && let Some(ed) = self.0.schema_editor.borrow().as_ref()
        {
            ed.set_language(language);
        }
        // Text the document does not hold (JSON that does not read; zod is kept as written).
        let held = self.0.s.document.with_value(schema::schema_text) == text;
        let unread = (!held)
            .then(|| problems.first().map(|p| p.message.clone()))
            .flatten()
            .map(|why| {
                let kept = UnreadText {
                    part: Unread::Schema,
                    state: None,
                    text: text.clone(),
                };
                (why, kept)
            });
        self.set_unread(Unread::Schema, unread);
        let marks: Vec<Mark> = problems
            .iter()
            .map(|p| Mark {
                span: p.span,
                level: Level::Error,
                message: p.message.clone(),
            })
            .collect();
        if let Some(ed) = self.0.schema_editor.borrow().as_ref() {
            ed.set_marks(&text, &marks);
        }
        let describe = self.0.s.document.with_value(schema::describe);
        self.0.s.schema_view.update(|v| {
            v.describe = describe;
            v.problems = problems;
        });
        self.refresh();
    }

    /// Shows the design's schema in the Schema tab again (after a restored draft).
    /// The Schema tab follows the document: its problems always, its text when `text` (the
    /// schema itself changed).
    fn reload_schema_tab(&self, text: bool) {
        let (schema_text, language, view) = self.0.s.document.with_value(|d| {
            (
                schema::schema_text(d),
                schema::language(d),
                SchemaView::of(d),
            )
        });
        if !text {
            // The problems listed are those of the tab's own text, which stays.
            self.0.s.schema_view.update(|v| {
                v.describe = view.describe;
                v.misfits = view.misfits;
            });
            return;
        }
        if let Some(ed) = self.0.schema_editor.borrow().as_ref() {
            ed.set_language(language);
            ed.set_text(&schema_text);
            ed.set_marks(&schema_text, &[]);
        }
        self.0.s.schema_view.set(view);
        // The tab holds the document's schema now (setting it is not a change of the tab's).
        self.set_unread(Unread::Schema, None);
    }

    /// Replaces the schema with JSON Schema inferred from every state (one undoable edit of
    /// the Schema tab).
    pub fn infer_schema(&self) {
        let mut text = String::new();
        self.0.s.document.update_value(|d| text = schema::infer(d));
        if let Some(ed) = self.0.schema_editor.borrow().as_ref() {
            ed.set_language("json");
            ed.set_text(&text);
            ed.set_marks(&text, &[]);
        }
        let describe = self.0.s.document.with_value(schema::describe);
        self.0.s.schema_view.update(|v| {
            v.describe = describe;
            v.problems = Vec::new();
        });
        self.set_unread(Unread::Schema, None);
        self.refresh();
    }

    /// Formats the JSON a tab's code editor holds (the Data tab; the Schema tab's JSON Schema;
    /// the view of a JSON design) as one undoable edit. Text that is not JSON stays as it is:
    /// its error is already listed.
    pub fn format_json(&self, tab: Tab) {
        let slot = match tab {
            Tab::Data => &self.0.data_editor,
            Tab::Schema => &self.0.schema_editor,
            Tab::View => &self.0.editor,
        };
        let slot = slot.borrow();
        let Some(ed) = slot.as_ref() else {
            return;
        };
        let text = ed.text();
        if let Some(pretty) = data::pretty_json(&text)
            && pretty != text
        {
            // An edit like the user's own: one undo step, and the design reads the new text.
            ed.apply(&[TextEdit {
                span: Span::new(0, text.len()),
                text: pretty,
            }]);
        }
    }

    /// The Data tab's text changed: read it into the state shown and rebuild the preview.
    fn data_changed(&self, text: String) {
        let name = self.0.s.current_state.get_untracked();
        let mut result = Ok(Vec::new());
        self.0
            .s
            .document
            .update_value(|d| result = data::set_state_json(d, &name, &text));
        let marks = match result {
            Ok(warnings) => {
                self.0.s.set_data_error.set(None);
                self.set_unread(Unread::Data, None);
                self.refresh();
                let said: Vec<String> = warnings.iter().map(|(_, m)| m.clone()).collect();
                if self.0.s.data_warnings.with_untracked(|w| *w != said) {
                    self.0.s.data_warnings.set(said);
                }
                warnings
                    .into_iter()
                    .map(|(span, message)| Mark {
                        span,
                        level: Level::Warning,
                        message,
                    })
                    .collect()
            }
            Err((span, message)) => {
                self.0.s.data_warnings.set(Vec::new());
                self.0.s.set_data_error.set(Some(message.clone()));
                let kept = UnreadText {
                    part: Unread::Data,
                    state: Some(name.clone()),
                    text: text.clone(),
                };
                self.set_unread(
                    Unread::Data,
                    Some((format!("state \"{name}\": {message}"), kept)),
                );
                vec![Mark {
                    span,
                    level: Level::Error,
                    message,
                }]
            }
        };
        if let Some(ed) = self.0.data_editor.borrow().as_ref() {
            ed.set_marks(&text, &marks);
        }
    }

    /// Rebuilds the preview on the next frame after a change outside the view's text.
    fn refresh(&self) {
        let text = self.0.s.document.with_value(|d| d.source.clone());
        self.changed(text);
    }

    /// The states changed (one added, copied or deleted; the user agreed to leave text that
    /// did not read): the picker lists them, the Data tab shows `show`.
    fn states_changed(&self, show: String) {
        let names = self.0.s.document.with_value(data::state_names);
        self.0.s.set_state_names.set(names);
        self.show_state(show);
        self.refresh();
    }

    /// Shows a state in the Data tab.
    pub fn select_state(&self, name: String) {
        if !self.may_leave_data(&name) {
            // Stay: the picker shows the state whose text is kept.
            Self::pick_state(&self.0.s.current_state.get_untracked());
            return;
        }
        self.show_state(name);
    }

    /// Sets the state picker to `name`. Its options' `selected` attributes do not do it once
    /// the user has picked an option: a browser then keeps an option's own selectedness (an
    /// undone delete put the state back with the picker still on "default").
    fn pick_state(name: &str) {
        if let Ok(Some(el)) = document().query_selector("[data-testid=state-select]")
            && let Ok(select) = el.dyn_into::<web_sys::HtmlSelectElement>()
        {
            select.set_value(name);
        }
    }

    /// Whether the Data tab may show `name` instead of the state it shows: text typed there
    /// that does not read is not in the document, and showing another state would throw it
    /// away, so this asks first.
    fn may_leave_data(&self, name: &str) -> bool {
        let shown = self.0.s.current_state.get_untracked();
        !self.0.unread.borrow().contains_key(&Unread::Data)
            || name == shown
            || window()
                .confirm_with_message(&format!(
                    "The data typed for \"{shown}\" does not read as JSON yet, and showing \"{name}\" would discard it. Discard it?"
                ))
                .unwrap_or(false)
    }

    /// Shows a state's data in the Data tab, as the document has it, with an undo history of
    /// its own (an undo never brings another state's data into it).
    fn show_state(&self, name: String) {
        let text = self.0.s.document.with_value(|d| data::state_json(d, &name));
        let other = self.0.s.current_state.get_untracked() != name;
        self.0.s.current_state.set(name.clone());
        // After the options are drawn for it (on this frame: the names may have just changed).
        request_animation_frame(move || Self::pick_state(&name));
        self.0.s.set_data_error.set(None);
        self.0.s.data_warnings.set(Vec::new());
        self.set_unread(Unread::Data, None);
        if let (Some(ed), Some(text)) = (self.0.data_editor.borrow().as_ref(), text) {
            if other {
                ed.reset_text(&text);
            } else {
                // The same state, its data changed elsewhere (an import, a restore, their
                // revision): an undoable step, so text typed there before comes back.
                ed.set_text(&text);
            }
            ed.set_marks(&text, &[]);
        }
    }

    /// Adds a state (a copy of the default one) and shows it; nothing when the user keeps the
    /// Data tab's text that does not read.
    pub fn add_state(&self) {
        let mut next = self.0.s.document.get_value();
        let name = data::add_state(&mut next, nfc);
        if self.may_leave_data(&name) {
            self.record_state_change(data::placed(&next, &name));
            self.0.s.document.set_value(next);
            self.0.s.state_said.set(format!(
                "Added the state \"{name}\", a copy of the default state; the Data tab shows it."
            ));
            self.states_changed(name);
        }
    }

    /// Adds a copy of the state shown and shows it, as [`Self::add_state`].
    pub fn duplicate_state(&self) {
        let current = self.0.s.current_state.get_untracked();
        let mut next = self.0.s.document.get_value();
        if let Some(name) = data::duplicate_state(&mut next, &current, nfc)
            && self.may_leave_data(&name)
        {
            self.record_state_change(data::placed(&next, &name));
            self.0.s.document.set_value(next);
            self.0.s.state_said.set(format!(
                "Added the state \"{name}\", a copy of \"{current}\"; the Data tab shows it."
            ));
            self.states_changed(name);
        }
    }

    /// Renames the state `old`, which the Data tab shows, to what was typed, or says why not
    /// (nothing changes then).
    pub fn rename_state(&self, old: &str, new: &str) -> Result<(), String> {
        let current = self.0.s.current_state.get_untracked();
        if current != old {
            return Err(format!(
                "the Data tab shows \"{current}\" now, not \"{old}\": choose Rename again"
            ));
        }
        let mut result = Err(String::new());
        self.0
            .s
            .document
            .update_value(|d| result = data::rename_state(d, &current, new, nfc));
        let name = result?;
        if name != current {
            self.record_state_change(Some(data::StateChange::Renamed {
                from: current.clone(),
                to: name.clone(),
            }));
            // The shown state's data is the renamed one's: its text (read or not) stays, and
            // text that does not read yet is kept for the new name.
            let said = self
                .0
                .unread
                .borrow_mut()
                .get_mut(&Unread::Data)
                .map(|(why, kept)| {
                    kept.state = Some(name.clone());
                    let was = why.clone();
                    *why = why.replacen(
                        &format!("state \"{current}\""),
                        &format!("state \"{name}\""),
                        1,
                    );
                    (was, why.clone())
                });
            // A save refused for that text said the old name: it says the new one.
            if let Some((was, why)) = said
                && self
                    .0
                    .s
                    .save_error
                    .with_untracked(|e| e.as_deref() == Some(Unread::Data.refusal(&was).as_str()))
            {
                self.0.s.save_error.set(Some(Unread::Data.refusal(&why)));
            }
            self.0
                .s
                .state_said
                .set(format!("Renamed the state \"{current}\" to \"{name}\"."));
            self.0.s.current_state.set(name.clone());
            let names = self.0.s.document.with_value(data::state_names);
            self.0.s.set_state_names.set(names);
            self.refresh();
        }
        Ok(())
    }

    pub fn delete_state(&self) {
        let current = self.0.s.current_state.get_untracked();
        if current == data::DEFAULT
            || !window()
                .confirm_with_message(&format!("Delete the state \"{current}\"?"))
                .unwrap_or(false)
        {
            return;
        }
        let removed = self
            .0
            .s
            .document
            .with_value(|d| data::placed(d, &current))
            .map(|c| c.inverse());
        self.record_state_change(removed);
        self.0.s.document.update_value(|d| {
            data::delete_state(d, &current);
        });
        self.0.s.state_said.set(format!(
            "Deleted the state \"{current}\"; the Data tab shows the default state."
        ));
        self.states_changed(data::DEFAULT.to_string());
        // The Delete button is disabled now (the default state shows): the state picker takes
        // the focus instead of the page's body.
        request_animation_frame(|| {
            if let Some(el) = document()
                .get_element_by_id("ws-state")
                .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
            {
                let _ = el.focus();
            }
        });
    }

    /// Keeps a change the state buttons made for Undo (a change of nothing is not kept).
    fn record_state_change(&self, change: Option<data::StateChange>) {
        if let Some(change) = change {
            self.0.s.state_history.update(|h| h.record(change));
        }
        self.0.s.state_note.set(None);
    }

    /// The Data tab's Undo (or Redo) button, or the keys pressed outside its editor:
    /// [`Self::state_step`]. A button can be disabled by it (Undo once nothing is left to undo,
    /// Delete and Rename once the default state shows): the focus then goes to the other of
    /// Undo and Redo, or to the state picker, rather than to the page.
    pub fn state_step_keeping_focus(&self, redo: bool) -> bool {
        if !self.state_step(redo) {
            return false;
        }
        let other = if redo { "state-undo" } else { "state-redo" };
        request_animation_frame(move || {
            let lost = document()
                .active_element()
                .is_none_or(|el| el.has_attribute("disabled") || el.tag_name() == "BODY");
            if lost
                && let Some(el) = document()
                    .query_selector(&format!("[data-testid={other}]:not([disabled])"))
                    .ok()
                    .flatten()
                    .or_else(|| document().get_element_by_id("ws-state"))
                    .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
            {
                let _ = el.focus();
            }
        });
        true
    }

    /// Undoes (or redoes) the last change the state buttons made, as the Data tab's Undo and
    /// Redo buttons do; `false` when there is none. The Data tab shows the state it leaves (the
    /// default state after a removal). What cannot be made now (a name taken since) is said,
    /// and the change stays to be tried again.
    pub fn state_step(&self, redo: bool) -> bool {
        let Some(change) = self
            .0
            .s
            .state_history
            .with_untracked(|h| h.next(redo).cloned())
        else {
            return false;
        };
        let (word, done, make) = if redo {
            ("redo", "Redid", change.clone())
        } else {
            ("undo", "Undid", change.inverse())
        };
        let what = change.describe();
        // Text typed in the Data tab that does not read is not in the document: the state
        // shown changes, so it would go.
        if self.0.unread.borrow().contains_key(&Unread::Data) {
            let shown = self.0.s.current_state.get_untracked();
            if !window()
                .confirm_with_message(&format!(
                    "The data typed for \"{shown}\" does not read as JSON yet, and to {word} {what} would discard it. Discard it?"
                ))
                .unwrap_or(false)
            {
                return true;
            }
        }
        let mut next = self.0.s.document.get_value();
        match data::apply_state_change(&mut next, &make, nfc) {
            Ok(made) => {
                let shows = made.shows().to_string();
                self.0
                    .s
                    .state_history
                    .update(|h| h.stepped(redo, if redo { made } else { made.inverse() }));
                self.0.s.state_note.set(None);
                self.0.s.document.set_value(next);
                self.0.s.state_said.set(format!(
                    "{done} {what}; the Data tab shows the state \"{shows}\"."
                ));
                self.states_changed(shows);
            }
            Err(why) => {
                // Said by the note's alert.
                self.0
                    .s
                    .state_note
                    .set(Some(format!("Cannot {word} {what}: {why}.")));
            }
        }
        true
    }

    /// Warns when another tab of this browser edits the same design: each tab says "open" on
    /// a channel named after the design, and answers "here" to the others, each with its
    /// draft key (a tab that is open keeps its draft: another tab's Discard or Restore leaves
    /// it).
    fn watch_other_tabs(&self) {
        let Ok(channel) =
            web_sys::BroadcastChannel::new(&format!("widget-studio:design:{}", self.0.s.id))
        else {
            return;
        };
        let this = self.clone();
        let reply = channel.clone();
        let own = self.0.draft_key.clone();
        let handler = TabHandler::new(move |ev: web_sys::MessageEvent| {
            let Some(said) = ev.data().as_string() else {
                return;
            };
            let (what, key) = said.split_once(' ').unwrap_or((said.as_str(), ""));
            match what {
                "open" | "here" => {
                    if !key.is_empty() {
                        this.0.live_tabs.borrow_mut().insert(key.to_string());
                    }
                    if what == "open" {
                        let _ = reply.post_message(&JsValue::from_str(&format!("here {own}")));
                    }
                    this.0.s.set_other_tab.set(true);
                }
                // A tab closed (or left for another page): its draft is no longer its own, and
                // when it was the last other tab, the warning goes.
                "gone" => {
                    let mut tabs = this.0.live_tabs.borrow_mut();
                    tabs.remove(key);
                    if tabs.is_empty() {
                        this.0.s.set_other_tab.set(false);
                    }
                }
                _ => {}
            }
        });
        channel.set_onmessage(Some(handler.as_ref().unchecked_ref()));
        let _ = channel.post_message(&JsValue::from_str(&format!("open {}", self.0.draft_key)));
        // Said as the page goes, and again if the browser brings it back from its cache. The
        // page lives as long as the editor: the listeners are never removed.
        let (gone, back) = (channel.clone(), channel.clone());
        let own = self.0.draft_key.clone();
        let own2 = own.clone();
        let _ = window_event_listener_untyped("pagehide", move |_| {
            let _ = gone.post_message(&JsValue::from_str(&format!("gone {own}")));
        });
        let _ = window_event_listener_untyped("pageshow", move |ev| {
            let persisted = ev
                .dyn_ref::<web_sys::PageTransitionEvent>()
                .is_some_and(web_sys::PageTransitionEvent::persisted);
            if persisted {
                let _ = back.post_message(&JsValue::from_str(&format!("open {own2}")));
            }
        });
        *self.0.tabs.borrow_mut() = Some((channel, handler));
    }

    /// Asks before leaving with unsaved changes.
    /// The studio's theme toggle announces a switch (`ws-theme` on the window): the code
    /// editors switch with it.
    fn follow_theme(&self) {
        let this = self.clone();
        // The page lives as long as the editor: the listener is never removed.
        let _ = window_event_listener_untyped(crate::components::theme::THEME_EVENT, move |_| {
            let dark = is_dark();
            for ed in [&this.0.editor, &this.0.data_editor, &this.0.schema_editor] {
                if let Some(ed) = ed.borrow().as_ref() {
                    ed.set_dark(dark);
                }
            }
        });
    }

    fn guard_unload(&self) {
        let this = self.clone();
        let handler = UnloadHandler::new(move |ev: web_sys::BeforeUnloadEvent| {
            // A field of the inspector (or another panel) typed in and not yet committed (it
            // commits on Enter or on leaving it): left now, so its change is made and kept.
            if let Some(field) = document()
                .active_element()
                .filter(|e| matches!(e.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"))
                .filter(|e| e.closest(".cm-editor").ok().flatten().is_none())
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
            {
                let _ = field.blur();
            }
            if this.is_dirty() {
                // The draft now, with what was typed last: a large view's draft waits for a
                // pause in typing, and an edit of this frame is not built yet.
                let pending = this.0.pending.borrow().clone();
                let text =
                    pending.unwrap_or_else(|| this.0.s.document.with_value(|d| d.source.clone()));
                this.write_draft(&text, true);
                ev.prevent_default();
                ev.set_return_value("You have unsaved changes.");
            }
        });
        let _ = window()
            .add_event_listener_with_callback("beforeunload", handler.as_ref().unchecked_ref());
        *self.0.unload.borrow_mut() = Some(handler);
    }
}

impl Unread {
    /// Why nothing saves, and what to do.
    fn refusal(self, why: &str) -> String {
        match self {
            Unread::Rules => format!(
                "the handler rules in the Actions panel do not read ({why}); fix them, or empty the box for no rules"
            ),
            Unread::Data => format!(
                "the Data tab does not read ({why}); fix it, or undo back to data that reads, then save"
            ),
            Unread::Schema => format!(
                "the Schema tab does not read ({why}); fix it, or empty the tab for no schema, then save"
            ),
        }
    }
}

/// A whole build of `design` as the editor lists it: with what the `.widget` export cannot
/// write ([`PreviewData::add_export_warnings`]).
fn whole_build(design: &Design) -> PreviewData {
    let mut data = preview_design(design);
    data.add_export_warnings(design);
    data
}
