// Updates a drawn widget in place: the new HTML is parsed into a template, and the live DOM is
// changed only where it differs (text, attributes, added or removed nodes). Replacing the
// whole subtree instead makes the browser restyle and lay out every node on every keystroke.
export function morph_html(el, html) {
  const t = document.createElement("template");
  t.innerHTML = html;
  children(el, t.content);
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
