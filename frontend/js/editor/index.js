// The studio's code editor: CodeMirror 6 behind a small handle that the Rust editor island
// drives through wasm-bindgen (app/src/editor/bridge.rs). Bundled by esbuild into
// public/js/editor.js (scripts/build-editor) and loaded only on the editor page, by dynamic
// import. Positions here are UTF-16 code units, as CodeMirror counts; the Rust side converts
// its byte spans at the bridge.
import { EditorState, Compartment, Annotation, Prec, Transaction } from "@codemirror/state";
import {
  EditorView, keymap, showPanel, lineNumbers, highlightActiveLine, highlightActiveLineGutter,
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
  // The current line's number in the text's colour: the muted one is under 4.5:1 on the
  // active line's tint.
  ".cm-activeLineGutter": { backgroundColor: "var(--ws-editor-active)", color: "var(--ws-editor-fg)" },
  "&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection": { backgroundColor: "var(--ws-editor-selection) !important" },
  ".cm-scroller": { overflow: "auto" },
  ".cm-panels": { backgroundColor: "var(--ws-editor-gutter)", color: "var(--ws-editor-fg)" },
  ".cm-ws-plain": { padding: "2px 8px", fontSize: "12px" },
  // CodeMirror's own focus outline is a dotted near-black line, unseen on a dark page.
  "&.cm-focused": { outline: `2px solid ${dark ? "#38bdf8" : "#0284c7"}`, outlineOffset: "-2px" },
}, { dark });
// The text area's description: the page's note on Tab, when it has one, and the ids the
// studio gives (a list of warnings under the editor).
const describedBy = (more) => {
  const ids = [document.getElementById("ws-code-keys") ? "ws-code-keys" : "", more || ""].filter(Boolean).join(" ");
  return ids ? { "aria-describedby": ids } : {};
};

// A range the studio selects is scrolled to by its start: a component whose line is long (an
// asset's 64-digit reference) is shown from its `<`, not from the line's far end.
const toStart = (pos) => EditorView.scrollIntoView(pos, { y: "nearest", x: "nearest" });

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

/** UTF-8 bytes of a string (a lone surrogate counts 2, close enough for a limit check). */
function utf8Bytes(s) {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    n += c < 0x80 ? 1 : c < 0x800 || (c >= 0xd800 && c < 0xe000) ? 2 : 3;
  }
  return n;
}

/** UTF-8 bytes of a CodeMirror document, chunk by chunk. */
function docBytes(doc) {
  let n = doc.lines - 1; // the line breaks
  for (const chunk of doc.iterLines()) n += utf8Bytes(chunk);
  return n;
}

/** 1-based line and column (in characters, as the studio's diagnostics count) of `pos`. */
function lineColumn(doc, pos) {
  const line = doc.lineAt(pos);
  return { line: line.number, column: [...line.text.slice(0, pos - line.from)].length + 1 };
}

/** A C0 control character other than tab, line feed and carriage return. */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/;

/** 1-based line and column (in characters) of index `i` of a plain string. */
function textPosition(text, i) {
  const before = text.slice(0, i);
  const lineStart = before.lastIndexOf("\n") + 1;
  return { line: (before.match(/\n/g)?.length ?? 0) + 1, column: [...before.slice(lineStart)].length + 1 };
}

/**
 * The first place where `text` on its own nests deeper than its language's limit (`limits`:
 * {jsx, json}), as {line, column, limit} in the text, or null: elements for JSX ("<Name" opens, "</" and "/>" close), arrays and
 * objects for JSON (brackets outside strings); zod is not counted. Depth is counted from the
 * text's shallowest point, so a fragment that first closes what surrounds it counts fairly,
 * and whatever it is pasted into can only nest it deeper.
 */
function tooDeep(text, language, limits) {
  const max = limits?.[language];
  if (!max) return null;
  let depth = 0, low = 0, inString = false;
  const json = language === "json";
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    let step = 0;
    if (json) {
      if (inString) {
        if (c === 92) i++;
        else if (c === 34) inString = false;
        continue;
      }
      if (c === 34) inString = true;
      else if (c === 123 || c === 91) step = 1;
      else if (c === 125 || c === 93) step = -1;
    } else if (c === 60) {
      const n = text.charCodeAt(i + 1);
      if (n === 47) step = -1;
      else if ((n >= 65 && n <= 90) || (n >= 97 && n <= 122)) step = 1;
    } else if (c === 47 && text.charCodeAt(i + 1) === 62) {
      step = -1;
    }
    if (!step) continue;
    depth += step;
    if (depth < low) low = depth;
    if (depth - low > max) {
      return { ...textPosition(text, i), limit: max };
    }
  }
  return null;
}

/**
 * The size limit: no user edit may make the text longer than `maxBytes` UTF-8 bytes (the
 * server's own limit). A paste or drop that would is refused before CodeMirror reads it into
 * the document (so a 4 MiB clipboard never freezes the page), and any other edit by the
 * transaction filter; so is a paste or drop of binary data (a control character), or of text
 * that on its own nests deeper than its language reads (`maxDepth`: {jsx, json}).
 * `onRefused({line, column, edit, bytes, atLeast, control})` says where it would have gone
 * (a drop: where it was dropped), which edit it was (`edit`: "paste", "drop" or "edit") and why:
 * the size the text would have had (or a lower bound), or `deep: {line, column, limit}`
 * (where in the pasted text the nesting passes the limit), or `control: {code, line, column}`, the first control character and
 * where it is in the pasted text. The text is left as it was.
 */
/** Whether a dropped or pasted file is an image, by its type or name (the server judges the bytes). */
function isImageFile(f) {
  return /^image\//.test(f.type) || /\.(png|jpe?g|gif|webp|svg|avif|bmp)$/i.test(f.name);
}

function pasteGuard(maxBytes, maxDepth, language, onRefused) {
  if (!maxBytes) return [];
  // The size in bytes the text would have with `insert` in place of the selection, or null
  // when that is within the limit: {bytes, atLeast}. UTF-16 units first: bytes are never fewer
  // than units (so more units than the limit is over it, counted no further, and `bytes` is a
  // lower bound), and at most three per unit.
  // A paste replaces every selection range; a drop inserts once and replaces nothing (a drag
  // within the editor also removes its source, which only makes the text shorter).
  const wouldBe = (state, insert, once) => {
    const ranges = once ? [] : state.selection.ranges;
    const copies = once ? 1 : ranges.length;
    let removed = 0;
    for (const r of ranges) removed += r.to - r.from;
    const units = state.doc.length - removed + insert.length * copies;
    // An edit that does not make the text longer is never refused (a text already over the
    // limit, from a restored draft, can still be cut down).
    if (units <= state.doc.length) return null;
    if (units > maxBytes) return { bytes: units, atLeast: true };
    if (units * 3 <= maxBytes) return null;
    let bytes = docBytes(state.doc) + utf8Bytes(insert) * copies;
    for (const r of ranges) bytes -= utf8Bytes(state.sliceDoc(r.from, r.to));
    return bytes > maxBytes ? { bytes, atLeast: false } : null;
  };
  // `kind`: "paste" or "drop"; `at`: where the text would go (a drop goes where it is dropped).
  const incoming = (view, event, text, kind) => {
    // Take in a selection change the editor has not read yet (as its own paste handler does),
    // so that the place reported is where the text would have gone.
    view.observer?.flush?.();
    const state = view.state;
    const dropped = kind === "drop" ? view.posAtCoords({ x: event.clientX, y: event.clientY }) : null;
    const at = dropped ?? state.selection.main.from;
    const refuse = (why) => {
      event.preventDefault();
      onRefused({ ...lineColumn(state.doc, at), edit: kind, bytes: 0, atLeast: false, ...why });
      return true;
    };
    const over = wouldBe(state, text, kind === "drop");
    if (over) return refuse(over);
    // Nesting deeper than the language reads: it could never build, and the editor's own
    // parser takes long, uninterruptible steps over thousands of levels.
    const deep = tooDeep(text, language(), maxDepth);
    if (deep) return refuse({ deep });
    // Binary data: a control character other than a tab or a line break. No widget source
    // holds one (JSON forbids them), and drawing megabytes of them is what freezes an editor.
    const bad = text.search(CONTROL);
    if (bad < 0) return false;
    return refuse({ control: { code: text.charCodeAt(bad), ...textPosition(text, bad) } });
  };
  return [
    EditorView.domEventHandlers({
      paste: (event, view) => {
        // A pasted image is the studio's to upload (as a drop's is): the selected text stays.
        // A clipboard with text too (cells copied from a spreadsheet carry a picture of
        // themselves) pastes the text.
        const text = event.clipboardData?.getData("text/plain") ?? "";
        if (!text && Array.from(event.clipboardData?.files ?? []).some(isImageFile)) return true;
        return incoming(view, event, event.clipboardData?.getData("text/plain") ?? "", "paste");
      },
      drop: (event, view) => {
        // Dropped images are the studio's to upload as assets (the editor island handles the
        // event as it bubbles): never read into the text.
        const files = Array.from(event.dataTransfer?.files ?? []);
        if (files.some(isImageFile)) return true;
        const text = event.dataTransfer?.getData("text/plain");
        return text ? incoming(view, event, text, "drop") : false;
      },
    }),
    EditorState.transactionFilter.of((tr) => {
      if (!tr.docChanged || tr.annotation(fromStudio)) return tr;
      if (tr.changes.newLength * 3 <= maxBytes) return tr;
      const bytes = docBytes(tr.newDoc);
      if (bytes <= maxBytes || bytes <= docBytes(tr.startState.doc)) return tr;
      let from = -1;
      tr.changes.iterChangedRanges((fromA) => { if (from < 0) from = fromA; });
      const edit = tr.isUserEvent("input.paste") ? "paste" : tr.isUserEvent("input.drop") ? "drop" : "edit";
      onRefused({ ...lineColumn(tr.startState.doc, Math.max(0, from)), edit, bytes, atLeast: false });
      return [];
    }),
  ];
}

/**
 * Plain-text mode for a very large text: while the text is longer than `above` (UTF-16
 * units), the language compartment holds no language (so no parse: Lezer takes hundreds of
 * milliseconds over a few hundred kilobytes, and its tree build cannot be interrupted) but a
 * panel saying so. The switch rides on the transaction that crosses the limit, so the parse of
 * a huge paste never starts. It switches back once the text is below 7/8 of the limit, so
 * typing at the limit does not reparse the whole text on each keystroke.
 */
function plainMode(above, language, languageNow) {
  const panel = showPanel.of(() => {
    const dom = document.createElement("div");
    dom.className = "cm-ws-plain";
    dom.setAttribute("role", "status");
    dom.textContent = `Plain text: highlighting, folding and completion are off while the text is over ${Math.round(above / 1024)} KiB.`;
    return { dom };
  });
  // Whether a state is plain: its compartment holds the panel.
  const isPlain = (state) => language.get(state) === panel;
  const content = (plain) => (plain ? panel : languageFor(languageNow()));
  return {
    /** The compartment's first content, for a text of `length`. */
    initial: (length) => content(above > 0 && length > above),
    /** The compartment's content for another language (the Schema tab's zod/JSON switch). */
    content: (state) => content(isPlain(state)),
    extension: EditorState.transactionExtender.of((tr) => {
      if (!above || !tr.docChanged) return null;
      const plain = isPlain(tr.startState);
      const next = plain ? tr.newDoc.length > (above * 7) / 8 : tr.newDoc.length > above;
      return next === plain ? null : { effects: language.reconfigure(content(next)) };
    }),
    isPlain,
  };
}

/**
 * Creates an editor in `parent`.
 * opts: { doc, language: "jsx" | "json" | "zod", dark, label, maxBytes, maxDepth: {jsx, json},
 *         plainAbove (UTF-16 units; 0: never plain), onChange(doc), onSave(), onSelection(from, to),
 *         onRefused({line, column, bytes, atLeast, control}) }
 */
export function create(parent, opts) {
  const theme = new Compartment();
  const language = new Compartment();
  const onChange = opts.onChange || (() => {});
  const onSave = opts.onSave || (() => {});
  const onRefused = opts.onRefused || (() => {});
  const onSelection = opts.onSelection || null;
  // The language now (the Schema tab switches between zod and JSON).
  let currentLanguage = opts.language;
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
  const plain = plainMode(opts.plainAbove || 0, language, () => currentLanguage);
  // The undo history, in a compartment so that `resetDoc` can start it afresh.
  const undoHistory = new Compartment();
  const extensions = [
    lineNumbers(), highlightActiveLineGutter(), highlightSpecialChars(), undoHistory.of(history()), foldGutter(),
    drawSelection(), dropCursor(), EditorState.allowMultipleSelections.of(true), indentOnInput(),
    syntaxHighlighting(highlight), bracketMatching(), closeBrackets(),
    autocompletion({ override: opts.language === "jsx" ? [widget.source] : undefined }), rectangularSelection(), crosshairCursor(), highlightActiveLine(),
    // Whole words only: a visual edit selects the element it changed, and searching the view
    // for that element's text on every edit cost a third of a millisecond for nothing.
    highlightSelectionMatches({ wholeWords: true }), lintGutter(), ...(opts.language === "jsx" ? [widget.hover] : []),
    // Ctrl/Cmd+Shift+Z is redo however the letter arrives, on every system: with Caps Lock
    // on (and on some layouts) the key is a lowercase "z", which the keymap below reads as
    // Ctrl+Z, undo, so the same keys undid and redid in turn; and CodeMirror binds
    // Ctrl+Shift+Z to redo on Linux only (Windows has Ctrl+Y), where the page's own keys have
    // it everywhere.
    Prec.highest(EditorView.domEventHandlers({
      keydown(event, view) {
        if ((event.ctrlKey || event.metaKey) && event.shiftKey && !event.altKey && event.key.toLowerCase() === "z") {
          event.preventDefault();
          redo(view);
          return true;
        }
        return false;
      },
    })),
    keymap.of([
      { key: "Mod-s", preventDefault: true, run: () => { onSave(); return true; } },
      ...closeBracketsKeymap, ...defaultKeymap, ...searchKeymap, ...historyKeymap, ...foldKeymap,
      ...completionKeymap, ...lintKeymap, indentWithTab,
    ]),
    pasteGuard(opts.maxBytes || 0, opts.maxDepth || {}, () => currentLanguage, onRefused),
    language.of(plain.initial((opts.doc || "").length)),
    plain.extension,
    theme.of(palette(!!opts.dark)),
    // An explicit tabindex: axe counts the text area as the scroller's focusable content.
    // The page's note on Tab (it indents; Escape, then Tab leaves), when the page has one.
    EditorView.contentAttributes.of({
      "aria-label": opts.label || "Source", tabindex: "0",
      ...describedBy(opts.describedBy),
    }),
    EditorView.updateListener.of((u) => {
      if (u.docChanged && !u.transactions.some((t) => t.annotation(fromStudio))) {
        onChange(u.state.doc.toString());
      }
      // After the change: the visual editor reads the selection against the new text.
      if (onSelection && (u.selectionSet || u.docChanged)) {
        const r = u.state.selection.main;
        onSelection(r.from, r.to);
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
    /** Replaces ranges: [{from, to, insert}], positions in UTF-16 units; one undo step. With
     * `from` ≥ 0, the same transaction selects from–to (positions in the new text) and scrolls
     * to it, leaving the focus where it is (a visual edit selects what it produced). */
    apply: (changes, userEvent, from, to) => {
      const spec = { changes, userEvent: userEvent || "input.studio" };
      if (from >= 0) {
        const len = view.state.doc.length + changes.reduce((n, c) => n + c.insert.length - (c.to - c.from), 0);
        const a = Math.max(0, Math.min(len, from)), b = Math.max(0, Math.min(len, to ?? from));
        spec.selection = { anchor: a, head: b };
        spec.effects = toStart(a);
      }
      view.dispatch(spec);
      // The selection after the edit, recorded in the history as a selection of its own: an
      // undo hands it to the redo, which then selects what the edit produced. Without it the
      // redo took the selection from before the edit mapped through it: a moved element's old
      // place, in its parent.
      if (spec.selection) view.dispatch({ selection: spec.selection, userEvent: "select.studio" });
    },
    /** Replaces the whole text (taking the server's version, a restored draft): its own undo
     * step, never joined with the typing just before it. */
    setDoc: (doc) => {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: doc }, annotations: [fromStudio.of(true), isolateHistory.of("full")] });
    },
    /** Applies [{from, to, insert}] outside the undo history (their revision's changes, merged
     * into mine by "Overwrite with mine"): the history's own steps map through them, so an undo
     * undoes what the user did, never what came from the other revision. */
    applyOutsideHistory: (changes) => {
      view.dispatch({ changes, annotations: [fromStudio.of(true), Transaction.addToHistory.of(false)] });
    },
    /** Replaces the whole text with another document's (the Data tab showing another state)
     * and starts its undo history afresh: an undo never brings the other document's text into
     * this one. */
    resetDoc: (doc) => {
      view.dispatch({
        changes: { from: 0, to: view.state.doc.length, insert: doc },
        annotations: [fromStudio.of(true), Transaction.addToHistory.of(false)],
        effects: undoHistory.reconfigure([]),
      });
      view.dispatch({ effects: undoHistory.reconfigure(history()) });
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
      view.dispatch({ selection: { anchor: a, head: b }, effects: toStart(a) });
      view.focus();
    },
    /** Selects a range and scrolls it into view, leaving the focus where it is (the outline
     * keeps it while the code follows). */
    reveal: (from, to) => {
      const len = view.state.doc.length;
      const a = Math.max(0, Math.min(len, from)), b = Math.max(0, Math.min(len, to ?? from));
      view.dispatch({ selection: { anchor: a, head: b }, effects: toStart(a) });
    },
    /** The main selection: [from, to] in UTF-16 units. */
    selection: () => [view.state.selection.main.from, view.state.selection.main.to],
    /** The state's field paths, completed inside {…}. */
    setFields: (list) => { fields = list; },
    setTheme: (dark) => {
      view.dispatch({ effects: theme.reconfigure(palette(!!dark)) });
      view.dom.dataset.theme = dark ? "dark" : "light";
    },
    setLanguage: (name) => {
      currentLanguage = name;
      view.dispatch({ effects: language.reconfigure(plain.content(view.state)) });
    },
    undo: () => undo(view),
    redo: () => redo(view),
    focus: () => view.focus(),
    destroy: () => view.destroy(),
  };
}
