// Updates a drawn widget in place: the new HTML is parsed into a template, and the live DOM is
// changed only where it differs (text, attributes, added or removed nodes). Replacing the
// whole subtree instead makes the browser restyle and lay out every node on every keystroke.
//
// Most edits in the editor change one text (a title, a label) and nothing else. Parsing the
// whole drawing again for that costs more than all the rest of a keystroke's work (5 ms of HTML
// for a 600-node design, SVG icons included), so such an edit is found by comparing the new
// HTML with the last one as strings and applied to the one text node, without a parse; the
// text node is checked to hold exactly the old text first, and anything else takes the full path.
// `el.__wsHtml` keeps the HTML the element was last drawn from.
export function morph_html(el, html) {
  const prev = el.__wsHtml;
  el.__wsHtml = html;
  if (prev !== undefined && textOnly(el, prev, html)) return;
  const t = document.createElement("template");
  t.innerHTML = html;
  children(el, t.content);
}

// Structures whose text the HTML parser does not keep one-to-one, in order, as text nodes
// (tables move stray text, comments hide text, form controls keep their own value).
const UNSAFE = /<(table|textarea|select|option|template|style|script|pre|title)\b|<!--/i;

/** Applies `prev` → `html` in place if the two differ only inside one text of the drawing;
 * returns false (having changed nothing) otherwise. */
function textOnly(el, prev, html) {
  const n = Math.min(prev.length, html.length);
  // The common start and end, a block at a time (compared natively), then a character at a time.
  let p = 0;
  while (p + 512 <= n && prev.slice(p, p + 512) === html.slice(p, p + 512)) p += 512;
  while (p < n && prev.charCodeAt(p) === html.charCodeAt(p)) p++;
  if (p === prev.length && p === html.length) return true;
  let q = 0;
  while (q + 512 <= n - p && prev.slice(prev.length - q - 512, prev.length - q) === html.slice(html.length - q - 512, html.length - q)) q += 512;
  while (q < n - p && prev.charCodeAt(prev.length - 1 - q) === html.charCodeAt(html.length - 1 - q)) q++;
  // The changed stretch, old and new, is plain text: no markup, no character reference.
  // (nor a carriage return or NUL, which the parser would rewrite or drop).
  const plain = (s) => !/[<>&\r\0]/.test(s);
  if (!plain(prev.slice(p, prev.length - q)) || !plain(html.slice(p, html.length - q))) return false;
  // The text segment of `prev` that holds it: from the last ">" before it to the next "<".
  const a = Math.max(prev.lastIndexOf(">", p - 1), prev.lastIndexOf("<", p - 1));
  if (a < 0 || prev[a] !== ">") return false;
  const start = a + 1;
  const lt = prev.indexOf("<", prev.length - q);
  const gt = prev.indexOf(">", prev.length - q);
  if (lt < 0 || (gt >= 0 && gt < lt)) return false;
  const oldText = prev.slice(start, lt);
  const newText = html.slice(start, lt + html.length - prev.length);
  if (!oldText || !newText || !plain(oldText) || !plain(newText) || UNSAFE.test(prev)) return false;
  // Chromium splits a text longer than 65,536 characters into several nodes.
  if (oldText.length > 65536 || newText.length > 65536) return false;
  // Its place among the drawing's non-empty texts, counted in the HTML (every "<" and ">" in
  // it is markup: the renderer escapes them in text and attribute values).
  let k = 0;
  for (let i = 0; ; ) {
    const open = prev.indexOf("<", i);
    if (open < 0 || open >= start) break;
    if (open > i) k++;
    i = prev.indexOf(">", open) + 1;
  }
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  let node = walker.nextNode();
  for (let i = 0; node && i < k; i++) node = walker.nextNode();
  if (!node || node.nodeValue !== oldText) return false;
  node.nodeValue = newText;
  // How many edits took this path (the tests read it).
  el.__wsTextEdits = (el.__wsTextEdits || 0) + 1;
  return true;
}

function children(live, next) {
  let x = live.firstChild;
  let y = next.firstChild;
  while (y) {
    const after = y.nextSibling;
    if (!x) {
      live.appendChild(y);
    } else if (x.nodeType === y.nodeType && x.nodeName === y.nodeName) {
      // The browser compares a whole unchanged subtree faster than a walk in script.
      if (!x.isEqualNode(y)) node(x, y);
      x = x.nextSibling;
    } else {
      const nx = x.nextSibling;
      live.replaceChild(y, x);
      x = nx;
    }
    y = after;
  }
  while (x) {
    const nx = x.nextSibling;
    live.removeChild(x);
    x = nx;
  }
}

function node(x, y) {
  if (x.nodeType !== 1) {
    if (x.nodeValue !== y.nodeValue) x.nodeValue = y.nodeValue;
    return;
  }
  const ya = y.attributes;
  for (let i = 0; i < ya.length; i++) {
    const { name, value } = ya[i];
    if (x.getAttribute(name) !== value) x.setAttribute(name, value);
  }
  const xa = x.attributes;
  for (let i = xa.length - 1; i >= 0; i--) {
    const name = xa[i].name;
    if (!y.hasAttribute(name)) x.removeAttribute(name);
  }
  // A form control shows what the source now says, as a fresh drawing would.
  if (x.nodeName === "INPUT") {
    if (x.value !== y.value) x.value = y.value;
    if (x.checked !== y.checked) x.checked = y.checked;
  }
  children(x, y);
  if ((x.nodeName === "TEXTAREA" || x.nodeName === "SELECT") && x.value !== y.value) x.value = y.value;
}
