// Completion and hover for the widget language's JSX, driven by the table the server generates
// from the spec (/editor/spec.json): component names where a child may go, the component's
// props, enum values, icon names and colour tokens, and the state's fields inside {…}.
import { syntaxTree } from "@codemirror/language";
import { hoverTooltip } from "@codemirror/view";

/** The tag name of a JSXOpenTag / JSXSelfClosingTag node, or null. */
function tagName(state, tag) {
  if (!tag) return null;
  const id = tag.getChild("JSXIdentifier") || tag.getChild("JSXMemberExpression") || tag.getChild("JSXBuiltin");
  return id ? state.sliceDoc(id.from, id.to) : null;
}

/** The open tag of the element that encloses `node` (walking up past the node's own element). */
function enclosingTag(node, skipOwn) {
  let el = node;
  while (el && el.name !== "JSXElement") el = el.parent;
  if (el && skipOwn) {
    el = el.parent;
    while (el && el.name !== "JSXElement") el = el.parent;
  }
  if (!el) return null;
  return el.getChild("JSXOpenTag") || el.getChild("JSXSelfClosingTag");
}

function ancestor(node, names) {
  for (let n = node; n; n = n.parent) if (names.includes(n.name)) return n;
  return null;
}

const escapeDoc = (s) => s || "";

export function widgetLanguage(getSpec, getFields) {
  const source = (ctx) => {
    const spec = getSpec();
    if (!spec) return null;
    const tree = syntaxTree(ctx.state);
    const node = tree.resolveInner(ctx.pos, -1);
    const tag = ancestor(node, ["JSXOpenTag", "JSXSelfClosingTag"]);
    const word = ctx.matchBefore(/[\w.:-]*/);
    const from = word ? word.from : ctx.pos;

    // Inside {…}: the state's fields.
    if (ancestor(node, ["JSXEscape"])) {
      const w = ctx.matchBefore(/[\w.]*/);
      if (!w || (w.from === w.to && !ctx.explicit)) return null;
      return { from: w.from, options: getFields().map((f) => ({ label: f, type: "variable" })), validFor: /^[\w.]*$/ };
    }
    // A prop's string value: enum values, icons, colours. Read from the text before the
    // cursor, so that an unterminated string (`size="`) completes too.
    const before = ctx.state.sliceDoc(Math.max(0, ctx.pos - 2000), ctx.pos);
    const inValue = /<([A-Z][\w.]*)\b[^<>]*?\s([A-Za-z]\w*)="([^"]*)$/.exec(before);
    if (inValue) {
      const comp = spec.components[inValue[1]];
      const prop = comp && comp.props.find((p) => p.name === inValue[2]);
      if (!prop) return null;
      let labels = prop.values || [];
      if (prop.icon) labels = labels.concat(spec.icons);
      if (prop.color) labels = labels.concat(spec.colors);
      if (!labels.length) return null;
      return { from: ctx.pos - inValue[3].length, options: labels.map((l) => ({ label: l, type: "enum" })), validFor: /^[\w:.-]*$/ };
    }
    // The tag name right after "<": the components this place may hold.
    const nameNode = tag && (tag.getChild("JSXIdentifier") || tag.getChild("JSXMemberExpression"));
    const atTagName = tag && (!nameNode || (ctx.pos >= nameNode.from && ctx.pos <= nameNode.to)) &&
      ctx.state.sliceDoc(tag.from, from).trim() === "<";
    if (atTagName || (node.name === "JSXStartTag")) {
      const parent = enclosingTag(tag || node, true);
      const parentName = parent && tagName(ctx.state, parent);
      const allowed = parentName && spec.components[parentName] ? spec.components[parentName].children : spec.roots;
      return {
        from,
        options: allowed.map((c) => ({ label: c, type: "class", info: escapeDoc(spec.components[c] && spec.components[c].doc) })),
        validFor: /^[\w.]*$/,
      };
    }
    // Inside a tag, after its name: the component's props not yet written.
    if (tag) {
      const comp = spec.components[tagName(ctx.state, tag)];
      if (!comp) return null;
      if (!word || (word.from === word.to && !ctx.explicit && ctx.state.sliceDoc(ctx.pos - 1, ctx.pos) !== " ")) return null;
      const written = new Set(tag.getChildren("JSXAttribute").map((a) => {
        const n = a.getChild("JSXIdentifier");
        return n ? ctx.state.sliceDoc(n.from, n.to) : "";
      }));
      return {
        from,
        options: comp.props.filter((p) => !written.has(p.name)).map((p) => ({
          label: p.name, type: "property", detail: p.type + (p.required ? " (required)" : ""), info: p.doc,
          apply: p.type === "string" || p.type === "enum" || p.type === "icon" ? `${p.name}=""` : `${p.name}={}`,
        })),
        validFor: /^[\w]*$/,
      };
    }
    return null;
  };

  const hover = hoverTooltip((view, pos, side) => {
    const spec = getSpec();
    if (!spec) return null;
    const node = syntaxTree(view.state).resolveInner(pos, side);
    if (node.name !== "JSXIdentifier") return null;
    const tag = ancestor(node, ["JSXOpenTag", "JSXSelfClosingTag", "JSXCloseTag"]);
    if (!tag) return null;
    const compName = tagName(view.state, tag);
    const comp = spec.components[compName];
    if (!comp) return null;
    let title, body;
    if (node.parent && node.parent.name === "JSXAttribute") {
      const name = view.state.sliceDoc(node.from, node.to);
      const prop = comp.props.find((p) => p.name === name);
      if (!prop) return null;
      title = `${compName}.${prop.name}: ${prop.type}`;
      body = prop.doc + (prop.values && prop.values.length ? ` Values: ${prop.values.join(", ")}.` : "");
    } else {
      title = compName;
      body = comp.doc;
    }
    return {
      pos: node.from, end: node.to, above: true,
      create() {
        const dom = document.createElement("div");
        dom.className = "ws-hover";
        const h = document.createElement("strong");
        h.textContent = title;
        const p = document.createElement("p");
        p.textContent = body;
        dom.append(h, p);
        return { dom };
      },
    };
  });
  return { source, hover };
}
