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
  if (prev !== undefined) {
    // The common start and end, read once for both in-place paths.
    const ends = common(prev, html);
    if (textOnly(el, prev, html, ends) || sameShape(el, prev, html, ends)) return;
  }
  const t = document.createElement("template");
  t.innerHTML = html;
  children(el, t.content);
}

/**
 * Applies components drawn again (render::Drawing::redraw): `paths[i]` names the element
 * (`data-wgt-path`) whose new HTML is `parts[i]`, and `html` is the whole drawing after them.
 * Each part is checked first (one element with the same tag and path, found in the drawing);
 * if any is not, nothing is changed part by part and the whole drawing is morphed instead.
 * Each element is updated in place (its attributes and children), as the whole morph would.
 */
export function morph_parts(el, html, paths, parts) {
  const live = new Array(paths.length);
  const fresh = new Array(paths.length);
  // One parse for all parts (each is one element, so they come out as siblings in order),
  // unless one is a table part, which parses as such only on its own. (Today any change
  // inside a Table draws the whole Table, so no part is one; this keeps the parse right if
  // that rule is ever narrowed.)
  const table = parts.some((p) => /^<t[dhr]\b|^<t(head|body|foot)\b/.test(p));
  const parse = (h) => {
    const t = document.createElement("template");
    t.innerHTML = h;
    return t.content;
  };
  const joined = table ? null : parse(parts.join(""));
  let next = joined?.firstChild ?? null;
  for (let i = 0; i < paths.length; i++) {
    const x = el.querySelector(`[data-wgt-path="${CSS.escape(paths[i])}"]`);
    let y;
    if (joined) {
      y = next;
      next = y?.nextSibling ?? null;
    } else {
      const c = parse(parts[i]);
      y = c.firstChild;
      if (y?.nextSibling) y = null;
    }
    if (!x || !y || y.nodeType !== 1 || y.getAttribute("data-wgt-path") !== paths[i] || x.localName !== y.localName || x.namespaceURI !== y.namespaceURI) {
      morph_html(el, html);
      return;
    }
    live[i] = x;
    fresh[i] = y;
  }
  if (next) {
    morph_html(el, html);
    return;
  }
  for (let i = 0; i < live.length; i++) node(live[i], fresh[i]);
  el.__wsHtml = html;
  // How many edits took this path (the tests read it).
  el.__wsPartEdits = (el.__wsPartEdits || 0) + 1;
}

/** The lengths of the common start and end of two strings (not overlapping), compared a block
 * at a time (natively), then a character at a time. */
function common(prev, html) {
  const n = Math.min(prev.length, html.length);
  let p = 0;
  while (p + 512 <= n && prev.slice(p, p + 512) === html.slice(p, p + 512)) p += 512;
  while (p < n && prev.charCodeAt(p) === html.charCodeAt(p)) p++;
  let q = 0;
  while (q + 512 <= n - p && prev.slice(prev.length - q - 512, prev.length - q) === html.slice(html.length - q - 512, html.length - q)) q += 512;
  while (q < n - p && prev.charCodeAt(prev.length - 1 - q) === html.charCodeAt(html.length - 1 - q)) q++;
  return [p, q];
}

// Structures whose text the HTML parser does not keep one-to-one, in order, as text nodes
// (tables move stray text, comments hide text, form controls keep their own value).
const UNSAFE = /<(table|textarea|select|option|template|style|script|pre|title)\b|<!--/i;

/** Applies `prev` → `html` in place if the two differ only inside one text of the drawing;
 * returns false (having changed nothing) otherwise. */
function textOnly(el, prev, html, [p, q]) {
  if (p === prev.length && p === html.length) return true;
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

// A tag or a text of the renderer's HTML (every "<" and ">" in it is markup).
const SEG = /<[^>]*>|[^<]+/g;
const SVG = "http://www.w3.org/2000/svg";
const XHTML = "http://www.w3.org/1999/xhtml";
const VOID = new Set(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"]);
const tagName = (t) => /^<([A-Za-z][^\s/>]*)/.exec(t)?.[1]?.toLowerCase();

/** Applies `prev` → `html` in place if the two have the same tags in the same order and differ
 * only in attributes (a colour, a size: the common visual edit, which changes the same prop on
 * every row of a `.map`) and plain texts; returns false (having changed nothing) otherwise.
 * Only the changed tags are parsed (together); the live nodes are found by walking the
 * drawing in document order beside the HTML's tags and texts, each checked as it is passed. */
function sameShape(el, prev, html, [p, q]) {
  if (UNSAFE.test(prev) || UNSAFE.test(html)) return false;
  // Only the stretch between the common start and end is split, from the tag or text the
  // first difference is in to the end of the one the last difference is in.
  const lt = prev.lastIndexOf("<", p - 1);
  const gt = prev.lastIndexOf(">", p - 1);
  const start = lt > gt ? lt : gt + 1;
  const k = prev.length - q;
  const nlt = prev.indexOf("<", k);
  const ngt = prev.indexOf(">", k);
  const end = nlt >= 0 && (ngt < 0 || nlt < ngt) ? nlt : ngt >= 0 ? ngt + 1 : prev.length;
  const tail = prev.length - end;
  if (start > end || start > html.length - tail) return false;
  const a = prev.slice(start, end).match(SEG) ?? [];
  const b = html.slice(start, html.length - tail).match(SEG) ?? [];
  if (a.length !== b.length) return false;
  // The drawn nodes before the stretch: its start tags and texts.
  let skip = 0;
  for (let i = 0; i < start; ) {
    if (prev.charCodeAt(i) === 60) {
      if (prev.charCodeAt(i + 1) !== 47) skip++;
      i = prev.indexOf(">", i) + 1;
    } else {
      skip++;
      const n = prev.indexOf("<", i);
      i = n < 0 ? start : n;
    }
  }
  const changed = [];
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    const xt = x.charCodeAt(0) === 60;
    if (xt !== (y.charCodeAt(0) === 60)) return false;
    if (xt) {
      // Start tags of the same element only (not end tags, not declarations).
      const n = tagName(x);
      if (!n || n !== tagName(y) || n === "input") return false;
    } else if (!/^[^&\r\0]+$/.test(x) || !/^[^&\r\0]+$/.test(y) || y.length > 65536) {
      return false;
    }
    changed.push(i);
  }
  if (changed.length === 0) return true;
  // The live node of every changed segment: start tags are elements and texts are text nodes,
  // both in document order (the HTML parser keeps the renderer's markup as written).
  const nodes = new Array(changed.length);
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
  let node = walker.nextNode();
  for (let i = 0; i < skip && node; i++) node = walker.nextNode();
  let next = 0;
  for (let i = 0; i < a.length && next < changed.length; i++) {
    const x = a[i];
    if (x.charCodeAt(0) === 60) {
      if (x.charCodeAt(1) === 47) continue; // an end tag: no node
      if (!node || node.nodeType !== 1 || node.localName !== tagName(x)) return false;
    } else if (!node || node.nodeType !== 3) {
      return false;
    } else if (i === changed[next] && node.nodeValue !== x) {
      return false;
    }
    if (i === changed[next]) nodes[next++] = node;
    node = walker.nextNode();
  }
  if (next < changed.length) return false;
  // The new attributes of each changed tag, read by the HTML parser (character references,
  // and SVG's mixed-case names inside an <svg>): every changed tag closed at once and parsed
  // together, the HTML ones first, then the SVG ones inside one <svg> (a parse costs more to
  // set up than to run).
  const fresh = new Array(changed.length);
  const inHtml = [];
  const inSvg = [];
  for (let k = 0; k < changed.length; k++) {
    const live = nodes[k];
    if (live.nodeType !== 1) continue;
    const svg = live.namespaceURI === SVG && live.localName !== "svg";
    if (!svg && live.namespaceURI !== XHTML && live.localName !== "svg") return false;
    const tag = b[changed[k]];
    const closed = tag.endsWith("/>") || VOID.has(live.localName) ? tag : `${tag}</${live.localName}>`;
    (svg ? inSvg : inHtml).push([k, closed]);
  }
  const t = document.createElement("template");
  t.innerHTML = inHtml.map((x) => x[1]).join("") + (inSvg.length ? `<svg>${inSvg.map((x) => x[1]).join("")}</svg>` : "");
  let parsed = t.content.firstChild;
  for (const [k] of inHtml) {
    if (!parsed || parsed.nodeType !== 1 || parsed.localName !== nodes[k].localName || parsed.namespaceURI !== nodes[k].namespaceURI) return false;
    fresh[k] = parsed;
    parsed = parsed.nextSibling;
  }
  if (inSvg.length) {
    if (!parsed || parsed.localName !== "svg" || parsed.nextSibling) return false;
    parsed = parsed.firstChild;
    for (const [k] of inSvg) {
      if (!parsed || parsed.nodeType !== 1 || parsed.localName !== nodes[k].localName || parsed.namespaceURI !== SVG) return false;
      fresh[k] = parsed;
      parsed = parsed.nextSibling;
    }
  }
  if (parsed) return false;
  for (let k = 0; k < changed.length; k++) {
    const live = nodes[k];
    if (live.nodeType === 3) live.nodeValue = b[changed[k]];
    else attributes(live, fresh[k]);
  }
  // How many edits took this path (the tests read it).
  el.__wsShapeEdits = (el.__wsShapeEdits || 0) + 1;
  return true;
}

/** Makes `x`'s attributes `y`'s. By name (`getAttributeNames`): reading `attributes` makes an
 * `Attr` object for each, which cost more than the rest of a 62-part morph's attribute work. */
function attributes(x, y) {
  const names = y.getAttributeNames();
  for (let i = 0; i < names.length; i++) {
    const value = y.getAttribute(names[i]);
    if (x.getAttribute(names[i]) !== value) x.setAttribute(names[i], value);
  }
  if (x.getAttributeNames().length === names.length) return;
  const old = x.getAttributeNames();
  for (let i = 0; i < old.length; i++) {
    if (!y.hasAttribute(old[i])) x.removeAttribute(old[i]);
  }
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
  attributes(x, y);
  // A form control shows what the source now says, as a fresh drawing would.
  if (x.nodeName === "INPUT") {
    if (x.value !== y.value) x.value = y.value;
    if (x.checked !== y.checked) x.checked = y.checked;
  }
  children(x, y);
  if ((x.nodeName === "TEXTAREA" || x.nodeName === "SELECT") && x.value !== y.value) x.value = y.value;
}
