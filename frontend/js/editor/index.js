// The studio's code editor: CodeMirror 6 behind a small handle that the Rust editor island
// drives through wasm-bindgen (app/src/editor/bridge.rs). Bundled by esbuild into
// public/js/editor.js (scripts/build-editor) and loaded only on the editor page, by dynamic
// import. Positions here are UTF-16 code units, as CodeMirror counts; the Rust side converts
// its byte spans at the bridge.
import { EditorState, Compartment, Annotation } from "@codemirror/state";
import {
  EditorView, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter,
  drawSelection, dropCursor, rectangularSelection, crosshairCursor, highlightSpecialChars,
} from "@codemirror/view";
import { defaultKeymap, history, historyKeymap, undo, redo, indentWithTab, isolateHistory } from "@codemirror/commands";
import {
  syntaxHighlighting, HighlightStyle, bracketMatching, foldGutter, foldKeymap, indentOnInput,
} from "@codemirror/language";
import { tags as t } from "@lezer/highlight";
import { closeBrackets, closeBracketsKeymap, autocompletion, completionKeymap } from "@codemirror/autocomplete";
import { searchKeymap, highlightSelectionMatches } from "@codemirror/search";
import { lintGutter, setDiagnostics, lintKeymap } from "@codemirror/lint";
import { javascript } from "@codemirror/lang-javascript";
import { json } from "@codemirror/lang-json";
import { widgetLanguage } from "./complete.js";

// Marks transactions that came from Rust, so they are not echoed back as user edits.
const fromStudio = Annotation.define();

// The studio's light/dark switch is a class flip on <html>; the editor follows it through
// CSS variables, and `dark` tells CodeMirror which base theme to use.
const makePalette = (dark) => EditorView.theme({
  "&": {
    color: "var(--ws-editor-fg)", backgroundColor: "var(--ws-editor-bg)",
    fontSize: "13px", height: "100%",
  },
  ".cm-content": { fontFamily: "ui-monospace, SFMono-Regular, Menlo, monospace", caretColor: "var(--ws-editor-fg)" },
  ".cm-gutters": { backgroundColor: "var(--ws-editor-gutter)", color: "var(--ws-editor-muted)", border: "none" },
  ".cm-activeLine": { backgroundColor: "var(--ws-editor-active)" },
  ".cm-activeLineGutter": { backgroundColor: "var(--ws-editor-active)" },
  "&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection": { backgroundColor: "var(--ws-editor-selection) !important" },
  ".cm-scroller": { overflow: "auto" },
}, { dark });
// One theme per mode, made once: switching back and forth reuses them.
const palettes = { light: makePalette(false), dark: makePalette(true) };
const palette = (dark) => (dark ? palettes.dark : palettes.light);

// Syntax colours as CSS variables (style/tailwind.css), so they follow the studio theme and
// keep 4.5:1 in both (CodeMirror's default style is for light backgrounds only).
const highlight = HighlightStyle.define([
  { tag: t.meta, color: "var(--ws-hl-meta)" },
  { tag: t.link, textDecoration: "underline" },
  { tag: t.heading, textDecoration: "underline", fontWeight: "bold" },
  { tag: t.emphasis, fontStyle: "italic" },
  { tag: t.strong, fontWeight: "bold" },
  { tag: t.strikethrough, textDecoration: "line-through" },
  { tag: t.keyword, color: "var(--ws-hl-keyword)" },
  { tag: [t.atom, t.bool, t.url, t.contentSeparator, t.labelName], color: "var(--ws-hl-atom)" },
  { tag: [t.literal, t.inserted], color: "var(--ws-hl-literal)" },
  { tag: [t.string, t.deleted], color: "var(--ws-hl-string)" },
  { tag: [t.regexp, t.escape, t.special(t.string)], color: "var(--ws-hl-regexp)" },
  { tag: t.definition(t.variableName), color: "var(--ws-hl-variable)" },
  { tag: t.local(t.variableName), color: "var(--ws-hl-local)" },
  { tag: [t.typeName, t.namespace], color: "var(--ws-hl-type)" },
  { tag: t.className, color: "var(--ws-hl-class)" },
  { tag: [t.special(t.variableName), t.macroName], color: "var(--ws-hl-special)" },
  { tag: t.definition(t.propertyName), color: "var(--ws-hl-property)" },
  { tag: t.comment, color: "var(--ws-hl-comment)" },
  { tag: t.invalid, color: "var(--ws-hl-invalid)" },
]);

function languageFor(name) {
  if (name === "json") return json();
  if (name === "zod") return javascript({ typescript: true });
  return javascript({ jsx: true });
}

/**
 * Creates an editor in `parent`.
 * opts: { doc, language: "jsx" | "json" | "zod", dark, label, onChange(doc), onSave() }
 */
export function create(parent, opts) {
  const theme = new Compartment();
  const language = new Compartment();
  const onChange = opts.onChange || (() => {});
  const onSave = opts.onSave || (() => {});
  // The completion and hover table, fetched once (the browser caches it).
  let spec = null;
  let fields = opts.fields || [];
  let view = null;
  if (opts.specUrl) {
    fetch(opts.specUrl).then((r) => (r.ok ? r.json() : null)).then((s) => {
      spec = s;
      // Tests (and curious users) can tell when completion knows the components.
      if (s && view) view.dom.dataset.spec = "ready";
    }).catch(() => {});
  }
  const widget = widgetLanguage(() => spec, () => fields);
  const extensions = [
    lineNumbers(), highlightActiveLineGutter(), highlightSpecialChars(), history(), foldGutter(),
    drawSelection(), dropCursor(), EditorState.allowMultipleSelections.of(true), indentOnInput(),
    syntaxHighlighting(highlight), bracketMatching(), closeBrackets(),
    autocompletion({ override: opts.language === "jsx" ? [widget.source] : undefined }), rectangularSelection(), crosshairCursor(), highlightActiveLine(),
    highlightSelectionMatches(), lintGutter(), ...(opts.language === "jsx" ? [widget.hover] : []),
    keymap.of([
      { key: "Mod-s", preventDefault: true, run: () => { onSave(); return true; } },
      ...closeBracketsKeymap, ...defaultKeymap, ...searchKeymap, ...historyKeymap, ...foldKeymap,
      ...completionKeymap, ...lintKeymap, indentWithTab,
    ]),
    language.of(languageFor(opts.language)),
    theme.of(palette(!!opts.dark)),
    // An explicit tabindex: axe counts the text area as the scroller's focusable content.
    EditorView.contentAttributes.of({ "aria-label": opts.label || "Source", tabindex: "0" }),
    EditorView.updateListener.of((u) => {
      if (u.docChanged && !u.transactions.some((t) => t.annotation(fromStudio))) {
        onChange(u.state.doc.toString());
      }
    }),
  ];
  view = new EditorView({ parent, state: EditorState.create({ doc: opts.doc || "", extensions }) });
  if (spec) view.dom.dataset.spec = "ready";
  // Which base theme the editor draws with (tests read it).
  view.dom.dataset.theme = opts.dark ? "dark" : "light";
  return {
    /** The whole text. */
    doc: () => view.state.doc.toString(),
    /** Replaces ranges: [{from, to, insert}], positions in UTF-16 units; one undo step. */
    apply: (changes, userEvent) => {
      view.dispatch({ changes, userEvent: userEvent || "input.studio" });
    },
    /** Replaces the whole text (taking the server's version, a restored draft): its own undo
     * step, never joined with the typing just before it. */
    setDoc: (doc) => {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: doc }, annotations: [fromStudio.of(true), isolateHistory.of("full")] });
    },
    /** [{from, to, severity: "error" | "warning" | "info", message}] */
    setDiagnostics: (diags) => {
      const len = view.state.doc.length;
      const clamp = (n) => Math.max(0, Math.min(len, n));
      view.dispatch(setDiagnostics(view.state, diags.map((d) => ({ ...d, from: clamp(d.from), to: clamp(d.to) }))));
    },
    /** Selects a range and scrolls it into view. */
    select: (from, to) => {
      const len = view.state.doc.length;
      const a = Math.max(0, Math.min(len, from)), b = Math.max(0, Math.min(len, to ?? from));
      view.dispatch({ selection: { anchor: a, head: b }, scrollIntoView: true });
      view.focus();
    },
    /** The state's field paths, completed inside {…}. */
    setFields: (list) => { fields = list; },
    setTheme: (dark) => {
      view.dispatch({ effects: theme.reconfigure(palette(!!dark)) });
      view.dom.dataset.theme = dark ? "dark" : "light";
    },
    setLanguage: (name) => view.dispatch({ effects: language.reconfigure(languageFor(name)) }),
    undo: () => undo(view),
    redo: () => redo(view),
    focus: () => view.focus(),
    destroy: () => view.destroy(),
  };
}
