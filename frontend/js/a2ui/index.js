// A2UI's own Lit renderer (@a2ui/lit, v0.9 basic catalog) for the editor's A2UI tab, bundled by
// esbuild into public/js/a2ui.js (scripts/build-editor). The editor loads it by dynamic import
// only when the tab first opens. Nothing here loads from the network: the Material Icons font
// is served by the studio (/js/material-icons.woff2, from @fontsource/material-icons).
import { MessageProcessor } from "@a2ui/web_core/v0_9";
import { basicCatalog, Context } from "@a2ui/lit/v0_9";
import { ContextProvider } from "@lit/context";
import { renderMarkdown } from "@a2ui/markdown-it";

const FONT_URL = "/js/material-icons.woff2";

function loadFont() {
  if (document.getElementById("ws-a2ui-font")) return;
  // Font faces are document-wide, so the renderer's shadow roots see this one.
  const style = document.createElement("style");
  style.id = "ws-a2ui-font";
  style.textContent =
    `@font-face { font-family: 'Material Icons'; font-style: normal; font-weight: 400; ` +
    `font-display: block; src: url(${FONT_URL}) format('woff2'); }`;
  document.head.appendChild(style);
}

const providers = new WeakMap();

/**
 * Draws `messages` (an array of v0.9 messages) into `host`, replacing what it drew before.
 * `onAction(json)` gets the client-to-server message a click sends, as JSON text. Messages
 * are fed one by one (a bad one would abort the rest of a batch); returns the error of each
 * message the renderer refused, as text.
 */
export function render(host, messages, onAction) {
  loadFont();
  if (!providers.has(host)) {
    // Markdown in body text, as ChatKit's Markdown and Text draw it.
    providers.set(host, new ContextProvider(host, { context: Context.markdown, initialValue: renderMarkdown }));
  }
  host.replaceChildren();
  const processor = new MessageProcessor([basicCatalog], (action) => {
    onAction(JSON.stringify({ version: "v0.9", action }, null, 2));
  });
  processor.onSurfaceCreated((surface) => {
    const el = document.createElement("a2ui-surface");
    el.surface = surface;
    host.appendChild(el);
  });
  const errors = [];
  messages.forEach((m, i) => {
    try {
      processor.processMessages([m]);
    } catch (e) {
      errors.push(`message ${i + 1}: ${e && e.message ? e.message : String(e)}`);
    }
  });
  return errors;
}
