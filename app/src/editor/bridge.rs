//! The typed handle over the code editor's JavaScript (`frontend/js/editor/index.js`, bundled
//! into `/js/editor.js`). The bundle is loaded by dynamic import, only by the editor page, so
//! no other page downloads it. Byte spans from the widget language are converted to UTF-16
//! here, and nowhere else.

use js_sys::{Array, Function, Object, Promise, Reflect};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use widget::json::Span;

use super::offsets::Utf16Index;
pub use crate::api::preview::{EditKind, Refusal};

/// Where the site serves the bundle (`scripts/build-editor` writes it into `public/`).
pub const BUNDLE_URL: &str = "/js/editor.js";

#[wasm_bindgen(inline_js = "export function load_module(url) { return import(url); }")]
extern "C" {
    #[wasm_bindgen(catch)]
    fn load_module(url: &str) -> Result<Promise, JsValue>;
}

#[wasm_bindgen]
extern "C" {
    /// What the bundle's `create` returns.
    pub type Handle;
    #[wasm_bindgen(method)]
    fn doc(this: &Handle) -> String;
    #[wasm_bindgen(method, js_name = setDoc)]
    fn set_doc(this: &Handle, doc: &str);
    #[wasm_bindgen(method, js_name = resetDoc)]
    fn reset_doc(this: &Handle, doc: &str);
    #[wasm_bindgen(method, js_name = applyOutsideHistory)]
    fn apply_outside_history(this: &Handle, changes: &Array);
    #[wasm_bindgen(method)]
    fn apply(this: &Handle, changes: &Array, user_event: &str, from: i32, to: i32);
    #[wasm_bindgen(method, js_name = setDiagnostics)]
    fn set_diagnostics(this: &Handle, diagnostics: &Array);
    #[wasm_bindgen(method)]
    fn select(this: &Handle, from: u32, to: u32);
    #[wasm_bindgen(method)]
    fn reveal(this: &Handle, from: u32, to: u32);
    #[wasm_bindgen(method, js_name = setTheme)]
    fn set_theme(this: &Handle, dark: bool);
    #[wasm_bindgen(method, js_name = setLanguage)]
    fn set_language(this: &Handle, name: &str);
    #[wasm_bindgen(method)]
    fn undo(this: &Handle) -> bool;
    #[wasm_bindgen(method)]
    fn redo(this: &Handle) -> bool;
    #[wasm_bindgen(method)]
    fn focus(this: &Handle);
    #[wasm_bindgen(method)]
    fn destroy(this: &Handle);
}

/// How bad a diagnostic is, as the editor draws it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Error,
    Warning,
}

/// A problem to underline: a byte span of the current text.
#[derive(Clone, Debug, PartialEq)]
pub struct Mark {
    pub span: Span,
    pub level: Level,
    pub message: String,
}

/// One text edit: replace the bytes `span` with `text`.
#[derive(Clone, Debug, PartialEq)]
pub struct TextEdit {
    pub span: Span,
    pub text: String,
}

/// A live code editor. Dropping it destroys the view and frees its callbacks.
pub struct CodeEditor {
    handle: Handle,
    _on_change: Closure<dyn FnMut(String)>,
    _on_save: Closure<dyn FnMut()>,
    _on_refused: Closure<dyn FnMut(JsValue)>,
    _on_selection: Option<Closure<dyn FnMut(u32, u32)>>,
}

/// An edit the editor refused (see [`Refusal`]): where it would have gone (1-based; columns
/// count characters, as diagnostics do) and why. The text was left as it was.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Refused {
    pub line: usize,
    pub column: usize,
    pub how: EditKind,
    pub why: Refusal,
}

impl Refused {
    fn from_js(v: &JsValue) -> Refused {
        let num = |o: &JsValue, k: &str| {
            Reflect::get(o, &JsValue::from_str(k))
                .ok()
                .and_then(|n| n.as_f64())
                .unwrap_or(0.0) as usize
        };
        let object = |k: &str| {
            Reflect::get(v, &JsValue::from_str(k))
                .ok()
                .filter(|c| c.is_object())
        };
        let (control, deep) = (object("control"), object("deep"));
        let how = Reflect::get(v, &JsValue::from_str("edit"))
            .ok()
            .and_then(|e| e.as_string());
        Refused {
            line: num(v, "line").max(1),
            column: num(v, "column").max(1),
            how: match how.as_deref() {
                Some("paste") => EditKind::Paste,
                Some("drop") => EditKind::Drop,
                _ => EditKind::Other,
            },
            why: match (control, deep) {
                (Some(c), _) => Refusal::Control {
                    code: num(&c, "code") as u32,
                    line: num(&c, "line").max(1),
                    column: num(&c, "column").max(1),
                },
                (None, Some(d)) => Refusal::TooDeep {
                    limit: num(&d, "limit"),
                    line: num(&d, "line").max(1),
                    column: num(&d, "column").max(1),
                },
                (None, None) => Refusal::TooLarge {
                    bytes: num(v, "bytes"),
                    at_least: Reflect::get(v, &JsValue::from_str("atLeast"))
                        .ok()
                        .and_then(|b| b.as_bool())
                        .unwrap_or(false),
                },
            },
        }
    }
}

/// What the editor is created with.
pub struct Options<'a> {
    pub doc: &'a str,
    /// `jsx` (the view, with the spec's completion and hover), `json` or `zod` (TypeScript).
    pub language: &'a str,
    pub dark: bool,
    /// The accessible name of the text area.
    pub label: &'a str,
    /// Where the completion and hover table is served (`/editor/spec.json`).
    pub spec_url: &'a str,
    /// The state's field paths, completed inside `{…}`.
    pub fields: &'a [String],
    /// No user edit (typing, paste, drop) may make the text longer than this many UTF-8 bytes;
    /// a paste over it is refused before the editor reads it, as is a paste of binary data
    /// (control characters). 0: no limit.
    pub max_bytes: usize,
    /// While the text is longer than this many characters (UTF-16 units), the editor drops its
    /// language (no parse, so no highlighting, folding or completion) and says so in a panel:
    /// parsing a few hundred kilobytes takes CodeMirror hundreds of milliseconds. 0: never.
    pub plain_above: usize,
    /// Ids of more elements that describe the text area (besides the page's note on Tab), such
    /// as a list of warnings under it; empty: none.
    pub described_by: &'a str,
}

/// The nesting the languages read: a paste that on its own nests deeper is refused too.
pub const DEPTH_LIMITS: [(&str, usize); 2] = [
    ("jsx", widget::template::parser::MAX_DEPTH),
    ("json", widget::json::Limits::DEFAULT_MAX_DEPTH),
];

/// Loads the module at `url` (once per page: the browser caches modules) and returns its
/// exported function `name`; `what` names the bundle in errors.
async fn import_function(url: &str, name: &str, what: &str) -> Result<Function, String> {
    let module = wasm_bindgen_futures::JsFuture::from(load_module(url).map_err(describe)?)
        .await
        .map_err(|e| format!("{what} did not load: {}", describe(e)))?;
    Reflect::get(&module, &JsValue::from_str(name))
        .map_err(describe)?
        .dyn_into()
        .map_err(|_| format!("{what} has no {name}()"))
}

/// Copies `text` to the clipboard.
pub async fn copy_text(text: &str) -> Result<(), String> {
    let clipboard = web_sys::window()
        .ok_or("no window")?
        .navigator()
        .clipboard();
    wasm_bindgen_futures::JsFuture::from(clipboard.write_text(text))
        .await
        .map(|_| ())
        .map_err(|e| format!("the clipboard refused: {}", describe(e)))
}

/// Where the site serves A2UI's Lit renderer (`frontend/js/a2ui/index.js`).
pub const A2UI_BUNDLE_URL: &str = "/js/a2ui.js";

/// A2UI's own Lit renderer, loaded by the A2UI tab when it first opens.
pub struct A2uiRenderer {
    render: Function,
    on_action: Closure<dyn FnMut(String)>,
}

impl A2uiRenderer {
    /// Loads the bundle. `on_action` gets, as JSON text, the client-to-server message that a
    /// click in the drawn surface sends (`{"version": "v0.9", "action": {…}}`).
    pub async fn load(on_action: impl FnMut(String) + 'static) -> Result<A2uiRenderer, String> {
        let render = import_function(A2UI_BUNDLE_URL, "render", "the A2UI renderer").await?;
        Ok(A2uiRenderer {
            render,
            on_action: Closure::<dyn FnMut(String)>::new(on_action),
        })
    }

    /// Draws the v0.9 `messages` (a JSON array) into `host`, replacing what was there.
    /// Returns the renderer's complaint about each message it refused.
    pub fn render(&self, host: &web_sys::Element, messages: &str) -> Vec<String> {
        let parsed = match js_sys::JSON::parse(messages) {
            Ok(v) => v,
            Err(e) => return vec![describe(e)],
        };
        match self
            .render
            .call3(&JsValue::NULL, host, &parsed, self.on_action.as_ref())
        {
            Ok(v) => Array::from(&v)
                .iter()
                .filter_map(|e| e.as_string())
                .collect(),
            Err(e) => vec![describe(e)],
        }
    }
}

fn set(obj: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(obj, &JsValue::from_str(key), value);
}

fn describe(e: JsValue) -> String {
    e.as_string()
        .or_else(|| {
            e.dyn_ref::<js_sys::Error>()
                .map(|e| String::from(e.message()))
        })
        .unwrap_or_else(|| "unknown error".into())
}

impl CodeEditor {
    /// Loads the bundle (once per page; the browser caches the module) and creates an editor
    /// in `parent`. `on_change` gets the whole text after each edit, the user's or
    /// [`CodeEditor::apply`]'s (not [`CodeEditor::set_text`]'s); `on_save` runs on Ctrl/Cmd+S;
    /// `on_refused` when an edit would have made the text larger than `options.max_bytes`;
    /// `on_selection`, if given, with the main selection (UTF-16 units) after every change of
    /// it or of the text.
    pub async fn create(
        parent: &web_sys::Element,
        options: Options<'_>,
        on_change: impl FnMut(String) + 'static,
        on_save: impl FnMut() + 'static,
        mut on_refused: impl FnMut(Refused) + 'static,
        on_selection: Option<Box<dyn FnMut(u32, u32)>>,
    ) -> Result<CodeEditor, String> {
        let create = import_function(BUNDLE_URL, "create", "the code editor").await?;
        let on_change = Closure::<dyn FnMut(String)>::new(on_change);
        let on_save = Closure::<dyn FnMut()>::new(on_save);
        let on_refused =
            Closure::<dyn FnMut(JsValue)>::new(move |v: JsValue| on_refused(Refused::from_js(&v)));
        let opts = Object::new();
        set(&opts, "doc", &JsValue::from_str(options.doc));
        set(&opts, "language", &JsValue::from_str(options.language));
        set(&opts, "dark", &JsValue::from_bool(options.dark));
        set(&opts, "label", &JsValue::from_str(options.label));
        set(
            &opts,
            "describedBy",
            &JsValue::from_str(options.described_by),
        );
        set(&opts, "specUrl", &JsValue::from_str(options.spec_url));
        let fields = Array::new();
        for f in options.fields {
            fields.push(&JsValue::from_str(f));
        }
        set(&opts, "fields", &fields);
        set(&opts, "onChange", on_change.as_ref());
        set(&opts, "onSave", on_save.as_ref());
        set(&opts, "maxBytes", &JsValue::from(options.max_bytes as f64));
        set(
            &opts,
            "plainAbove",
            &JsValue::from(options.plain_above as f64),
        );
        let depth = Object::new();
        for (language, limit) in DEPTH_LIMITS {
            set(&depth, language, &JsValue::from(limit as f64));
        }
        set(&opts, "maxDepth", &depth);
        set(&opts, "onRefused", on_refused.as_ref());
        let on_selection = on_selection.map(Closure::<dyn FnMut(u32, u32)>::wrap);
        if let Some(f) = &on_selection {
            set(&opts, "onSelection", f.as_ref());
        }
        let handle = create
            .call2(&JsValue::NULL, parent, &opts)
            .map_err(describe)?
            .unchecked_into::<Handle>();
        Ok(CodeEditor {
            handle,
            _on_change: on_change,
            _on_save: on_save,
            _on_refused: on_refused,
            _on_selection: on_selection,
        })
    }

    /// The whole text.
    pub fn text(&self) -> String {
        self.handle.doc()
    }

    /// Replaces the whole text, as one undoable step that is not reported to `on_change`.
    pub fn set_text(&self, text: &str) {
        self.handle.set_doc(text);
    }

    /// Changes the text into `text` line by line, outside the undo history and not reported
    /// to `on_change`: what another revision brought into mine (an undo then undoes the user's
    /// own last edit, mapped through it, not the merge).
    pub fn merge_text(&self, text: &str) {
        let now = self.text();
        let index = Utf16Index::new(&now);
        let changes = Array::new();
        for (range, insert) in widget::diff::line_edits(&now, text) {
            let c = Object::new();
            set(
                &c,
                "from",
                &JsValue::from(index.to_utf16(range.start) as u32),
            );
            set(&c, "to", &JsValue::from(index.to_utf16(range.end) as u32));
            set(&c, "insert", &JsValue::from_str(&insert));
            changes.push(&c);
        }
        if changes.length() > 0 {
            self.handle.apply_outside_history(&changes);
        }
    }

    /// Replaces the whole text with another document's, not reported to `on_change`, and
    /// starts the undo history afresh (the Data tab showing another state: an undo there never
    /// brings one state's data into another).
    pub fn reset_text(&self, text: &str) {
        self.handle.reset_doc(text);
    }

    /// Applies byte-span edits to the current text as one undoable step.
    pub fn apply(&self, edits: &[TextEdit]) {
        self.apply_revealing(&self.text(), edits, None);
    }

    /// Applies byte-span edits to `text` (the editor's current text) as one undoable step and,
    /// in the same transaction, selects `reveal` (a byte span of `after`, the text the edits
    /// make) and scrolls to it, leaving the focus where it is: one update of the code editor
    /// for a visual edit, not two.
    pub fn apply_revealing(&self, text: &str, edits: &[TextEdit], reveal: Option<(&str, Span)>) {
        let index = Utf16Index::new(text);
        let changes = Array::new();
        for e in edits {
            let c = Object::new();
            set(
                &c,
                "from",
                &JsValue::from(index.to_utf16(e.span.start as usize) as u32),
            );
            set(
                &c,
                "to",
                &JsValue::from(index.to_utf16(e.span.end as usize) as u32),
            );
            set(&c, "insert", &JsValue::from_str(&e.text));
            changes.push(&c);
        }
        let (from, to) = match reveal {
            Some((after, span)) => {
                let index = Utf16Index::new(after);
                let from = index.to_utf16(span.start as usize);
                let to = index.to_utf16(span.end as usize).max(from);
                (from as i32, to as i32)
            }
            None => (-1, -1),
        };
        self.handle.apply(&changes, "input.studio", from, to);
    }

    /// Underlines problems; spans are bytes of `text` (the text they were computed from).
    pub fn set_marks(&self, text: &str, marks: &[Mark]) {
        let index = Utf16Index::new(text);
        let out = Array::new();
        for m in marks {
            let d = Object::new();
            let from = index.to_utf16(m.span.start as usize);
            let to = index.to_utf16(m.span.end as usize).max(from);
            set(&d, "from", &JsValue::from(from as u32));
            set(&d, "to", &JsValue::from(to as u32));
            set(
                &d,
                "severity",
                &JsValue::from_str(match m.level {
                    Level::Error => "error",
                    Level::Warning => "warning",
                }),
            );
            set(&d, "message", &JsValue::from_str(&m.message));
            out.push(&d);
        }
        self.handle.set_diagnostics(&out);
    }

    /// Selects a byte span of `text`, scrolls to it and focuses the editor.
    pub fn select(&self, text: &str, span: Span) {
        let index = Utf16Index::new(text);
        let from = index.to_utf16(span.start as usize);
        let to = index.to_utf16(span.end as usize).max(from);
        self.handle.select(from as u32, to as u32);
    }

    /// Selects a byte span of `text` and scrolls to it, leaving the focus where it is.
    pub fn reveal(&self, text: &str, span: Span) {
        let index = Utf16Index::new(text);
        let from = index.to_utf16(span.start as usize);
        let to = index.to_utf16(span.end as usize).max(from);
        self.handle.reveal(from as u32, to as u32);
    }

    /// `jsx`, `json` or `zod`.
    pub fn set_language(&self, name: &str) {
        self.handle.set_language(name);
    }

    pub fn set_dark(&self, dark: bool) {
        self.handle.set_theme(dark);
    }

    pub fn undo(&self) -> bool {
        self.handle.undo()
    }

    pub fn redo(&self) -> bool {
        self.handle.redo()
    }

    pub fn focus(&self) {
        self.handle.focus();
    }
}

impl Drop for CodeEditor {
    fn drop(&mut self) {
        self.handle.destroy();
    }
}
