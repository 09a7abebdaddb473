//! Node identity: which JSX element produced each component of a built widget, and which
//! attribute each of its props came from, as byte spans in the view.
//!
//! Output nodes are keyed by their JSON path in the validator's notation (`""` for the
//! root, `children[2].children[0]`), so a diagnostic's `path` finds its element. The body
//! of a `.map` maps every row it produced to the same element. A prop's span is the whole
//! attribute for `name="x"` and `name` (true), and the `{…}` for `name={expr}`; a prop that
//! came from a spread `{...props}` (or an attribute a spread overrode) has no span.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use super::ast::{Attr, AttrValue, Child, Element, Expr, ExprKind};
use crate::json::{Node, Span};

/// Where each component of a built widget came from in the view.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceMap {
    /// By JSON path of the output node (`""` is the root).
    pub nodes: BTreeMap<String, NodeSource>,
}

/// The element that produced one output node.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NodeSource {
    /// The whole element, `<Type …>…</Type>` or `<Type … />`.
    pub element: Span,
    /// The component name in the opening tag.
    pub name: Span,
    /// By prop name: the attribute that set it. Props from spreads are absent.
    pub props: BTreeMap<String, Span>,
}

impl SourceMap {
    /// The map of `widget`, built from the parsed view `root` and its `source`.
    pub fn build(source: &str, root: &Expr, widget: &Node<'_>) -> SourceMap {
        let mut elements = HashMap::new();
        collect_expr(root, &mut elements);
        let mut map = SourceMap::default();
        visit(
            &elements,
            widget,
            &mut String::new(),
            &mut |path, el, node| {
                map.nodes
                    .insert(path.to_string(), node_source(source, el, node));
            },
        );
        map
    }

    /// Only where each output node's element starts (the byte offset of its `<`), by JSON
    /// path: what the preview needs to find a clicked component's element, without the
    /// props' spans (a third of the cost of [`SourceMap::build`]).
    pub fn elements(root: &Expr, widget: &Node<'_>) -> BTreeMap<String, u32> {
        let mut starts = HashMap::new();
        collect_expr(root, &mut starts);
        let mut out = BTreeMap::new();
        visit(&starts, widget, &mut String::new(), &mut |path, el, _| {
            out.insert(path.to_string(), el.span.start);
        });
        out
    }

    /// The source of the node at this JSON path.
    pub fn get(&self, path: &str) -> Option<&NodeSource> {
        self.nodes.get(path)
    }

    /// The node whose element is innermost around `offset` (a byte offset in the view):
    /// what a click in the editor selects. With several rows of a `.map`, the first one.
    pub fn node_at(&self, offset: usize) -> Option<(&str, &NodeSource)> {
        let offset = offset as u32;
        self.nodes
            .iter()
            .filter(|(_, n)| n.element.start <= offset && offset < n.element.end)
            .min_by_key(|(p, n)| (n.element.end - n.element.start, children_order(p)))
            .map(|(p, n)| (p.as_str(), n))
    }
}

/// Calls `f` with the JSON path, the element and the node, for every output node that an
/// element of the view produced, in document order.
fn visit<'n>(
    elements: &HashMap<Span, &Element>,
    node: &Node<'n>,
    path: &mut String,
    f: &mut impl FnMut(&str, &Element, &Node<'n>),
) {
    if !node.is_object() {
        return;
    }
    if let Some(el) = elements.get(&node.span) {
        f(path, el, node);
    }
    if let Some(children) = node.get("children") {
        for (i, child) in children.items().iter().enumerate() {
            let len = path.len();
            if !path.is_empty() {
                path.push('.');
            }
            push_index(path, i);
            visit(elements, child, path, f);
            path.truncate(len);
        }
    }
}

/// Appends `children[i]`, written in place (no string per node).
fn push_index(path: &mut String, i: usize) {
    use std::fmt::Write;
    let _ = write!(path, "children[{i}]");
}

/// Orders `children[2]` before `children[10]` (document order) when spans tie.
fn children_order(path: &str) -> Vec<usize> {
    path.split(['[', ']'])
        .filter_map(|s| s.parse().ok())
        .collect()
}

fn node_source(source: &str, el: &Element, node: &Node<'_>) -> NodeSource {
    let mut props = BTreeMap::new();
    for m in node.members() {
        if m.key == "type" || m.key == "children" {
            continue;
        }
        // The attribute that set the final value: a named attribute of this name whose
        // value span is the member's (a later spread that overrode it has another span).
        let found = el.attrs.iter().rev().find_map(|a| match a {
            Attr::Named {
                name,
                name_span,
                value,
            } if *name == m.key => {
                let (value_span, attr_span) = match value {
                    AttrValue::True => (*name_span, *name_span),
                    AttrValue::Str(_, span) => (*span, join(*name_span, *span)),
                    AttrValue::Expr(x) => (x.span, braces(source, *name_span, x.span)),
                };
                (value_span == m.value.span).then_some(attr_span)
            }
            _ => None,
        });
        if let Some(span) = found {
            props.insert(m.key.to_string(), span);
        }
    }
    NodeSource {
        element: el.span,
        name: el.name_span,
        props,
    }
}

fn join(a: Span, b: Span) -> Span {
    Span {
        start: a.start.min(b.start),
        end: a.end.max(b.end),
    }
}

/// The `{…}` around an attribute's expression: from the `{` after the name to the `}` after
/// the expression (skipping blanks and comments). `name=<X />` has no braces: the element.
fn braces(source: &str, name: Span, expr: Span) -> Span {
    let between = source
        .get(name.end as usize..expr.start as usize)
        .unwrap_or("");
    let Some(open) = between.find('{') else {
        return expr;
    };
    let mut rest = source.get(expr.end as usize..).unwrap_or("");
    let mut pos = expr.end as usize;
    loop {
        let trimmed = rest.trim_start();
        pos += rest.len() - trimmed.len();
        rest = trimmed;
        let skip = if rest.starts_with("/*") {
            rest.find("*/").map(|i| i + 2)
        } else if rest.starts_with("//") {
            Some(rest.find('\n').unwrap_or(rest.len()))
        } else {
            break;
        };
        let Some(skip) = skip else { break };
        pos += skip;
        rest = &rest[skip..];
    }
    if rest.starts_with('}') {
        Span::new(name.end as usize + open, pos + 1)
    } else {
        expr
    }
}

fn collect_expr<'a>(e: &'a Expr, out: &mut HashMap<Span, &'a Element>) {
    match &e.kind {
        ExprKind::Element(el) => collect_element(el, out),
        ExprKind::Fragment(children) => collect_children(children, out),
        _ => e.for_each_sub(|x| collect_expr(x, out)),
    }
}

fn collect_element<'a>(el: &'a Element, out: &mut HashMap<Span, &'a Element>) {
    out.insert(el.span, el);
    for a in &el.attrs {
        match a {
            Attr::Named {
                value: AttrValue::Expr(x),
                ..
            }
            | Attr::Spread(x) => collect_expr(x, out),
            Attr::Named { .. } => {}
        }
    }
    if let Some(children) = &el.children {
        collect_children(children, out);
    }
}

fn collect_children<'a>(children: &'a [Child], out: &mut HashMap<Span, &'a Element>) {
    for c in children {
        match c {
            Child::Text(..) | Child::Empty => {}
            Child::Expr(x) => collect_expr(x, out),
            Child::Element(el) => collect_element(el, out),
            Child::Fragment(cs, _) => collect_children(cs, out),
        }
    }
}
