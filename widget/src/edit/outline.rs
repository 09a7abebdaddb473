//! Reading a view for the visual editor: its outline (the tree of elements, with loops and
//! conditions as labelled nodes) and an element's props as written.

use std::ops::Range;

use super::{At, EditError, parse};
use crate::template::ast::{Attr, AttrValue, Child, Element, Expr, ExprKind, LogicalOp};

/// What an outline item is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ItemKind {
    /// A JSX element: a component.
    Element { name: String, at: At },
    /// `{rows.map(…)}`: its element is drawn once per row.
    Loop,
    /// `{test && <X />}` or `{test ? <X /> : <Y />}`.
    Condition,
    /// Any other `{expression}` among the children.
    Expression,
    /// JSX text among the children.
    Text,
}

/// One line of the outline, in document order (a pre-order walk of the tree).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    pub kind: ItemKind,
    /// What the outline shows: the component's name, `rows.map(…)`, `if done`, the text.
    pub label: String,
    /// For an element, what tells it from its siblings: the first of its naming props
    /// ([`NAMING_PROPS`]) as written, a text quoted (`“Buy”`), an expression in braces
    /// (`{item.title}`), cut at [`DETAIL_MAX`] characters.
    pub detail: Option<String>,
    /// 0 for the root.
    pub depth: usize,
    /// The item's bytes in the source.
    pub range: Range<usize>,
    /// The index of the enclosing item in the list (`None` for the root).
    pub parent: Option<usize>,
    /// For an element in an element's children list: the parent element and the index there
    /// (what moves count; comments count too). `None` for the root and for elements inside an
    /// expression, which cannot be moved, deleted or duplicated.
    pub slot: Option<(At, usize)>,
    /// For any item in an element's children list (an element, a loop, a condition, an
    /// expression or text): the parent element and the index there. An element's is its
    /// `slot`; a loop's or a condition's says where a component moved past it goes.
    pub place: Option<(At, usize)>,
    /// For an element: how many children it has, of every kind (what an insert index at its
    /// end is), and how many of them are not comments (what the one-child rule counts).
    pub children: usize,
    pub filled: usize,
}

impl Item {
    /// The element this item is, if it is one.
    pub fn at(&self) -> Option<At> {
        match self.kind {
            ItemKind::Element { at, .. } => Some(at),
            _ => None,
        }
    }

    /// The component's name, if the item is an element.
    pub fn name(&self) -> Option<&str> {
        match &self.kind {
            ItemKind::Element { name, .. } => Some(name),
            _ => None,
        }
    }
}

/// The longest label an expression gets before it is cut with `…`.
const LABEL_MAX: usize = 40;

/// The props that name an element in the outline, in the order they are looked for: a
/// Button's or Badge's `label`, a Text's `value`, a Card's `title`… then an Image's `alt`, a
/// field's `name` or `placeholder`, and an `id` or `key` for a container.
pub const NAMING_PROPS: [&str; 8] = [
    "label",
    "value",
    "title",
    "alt",
    "name",
    "placeholder",
    "id",
    "key",
];

/// The longest detail an element gets before it is cut with `…` (the outline cuts the row to
/// its width on screen; its name says this much).
pub const DETAIL_MAX: usize = 100;

/// `text` on one line, cut at `max` characters with `…`.
fn cut(text: &str, max: usize) -> String {
    let t: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if t.chars().count() > max {
        let cut: String = t.chars().take(max - 1).collect();
        format!("{}…", cut.trim_end())
    } else {
        t
    }
}

/// The outline of a view: every element, loop, condition, expression and text among the
/// children, in document order, each with its depth (comments are left out). Elements inside
/// attribute values are not listed.
pub fn outline(source: &str) -> Result<Vec<Item>, EditError> {
    let root = parse(source)?;
    let mut w = Walk {
        source,
        items: Vec::new(),
    };
    w.expr(&root, 0, None, None);
    Ok(w.items)
}

struct Walk<'s> {
    source: &'s str,
    items: Vec<Item>,
}

impl Walk<'_> {
    fn text(&self, r: Range<usize>) -> String {
        cut(&self.source[r], LABEL_MAX)
    }

    /// What tells an element from its siblings (see [`Item::detail`]).
    fn detail(&self, el: &Element) -> Option<String> {
        NAMING_PROPS
            .iter()
            .find_map(|want| {
                el.attrs.iter().find_map(|a| match a {
                    Attr::Named { name, value, .. } if name == want => match value {
                        AttrValue::Str(s, _) => Some(format!("“{}”", cut(s, DETAIL_MAX))),
                        AttrValue::Expr(e) => Some(match &e.kind {
                            ExprKind::Str(s) => format!("“{}”", cut(s, DETAIL_MAX)),
                            _ => format!(
                                "{{{}}}",
                                cut(
                                    &self.source[e.span.start as usize..e.span.end as usize],
                                    DETAIL_MAX
                                )
                            ),
                        }),
                        AttrValue::True => None,
                    },
                    _ => None,
                })
            })
            .filter(|d| d != "“”")
    }

    fn push(
        &mut self,
        kind: ItemKind,
        label: String,
        depth: usize,
        range: Range<usize>,
        parent: Option<usize>,
        slot: Option<(At, usize)>,
    ) -> usize {
        self.items.push(Item {
            kind,
            label,
            detail: None,
            depth,
            range,
            parent,
            slot,
            place: slot,
            children: 0,
            filled: 0,
        });
        self.items.len() - 1
    }

    fn element(
        &mut self,
        el: &Element,
        depth: usize,
        parent: Option<usize>,
        slot: Option<(At, usize)>,
    ) {
        let range = el.span.start as usize..el.span.end as usize;
        let at = At(range.start);
        let me = self.push(
            ItemKind::Element {
                name: el.name.clone(),
                at,
            },
            el.name.clone(),
            depth,
            range,
            parent,
            slot,
        );
        self.items[me].detail = self.detail(el);
        let kids = el.children.as_deref().unwrap_or_default();
        self.items[me].children = kids.len();
        self.items[me].filled = kids.iter().filter(|c| !matches!(c, Child::Empty)).count();
        for (i, c) in kids.iter().enumerate() {
            self.child(c, depth + 1, Some(me), Some((at, i)));
        }
    }

    fn child(&mut self, c: &Child, depth: usize, parent: Option<usize>, slot: Option<(At, usize)>) {
        match c {
            Child::Element(el) => self.element(el, depth, parent, slot),
            Child::Expr(e) => {
                let range = e.span.start as usize..e.span.end as usize;
                let (kind, label) = self.classify(e);
                match kind {
                    // An expression that is only an element (`{<X />}`) is that element.
                    None => self.expr(e, depth, parent, None),
                    Some(kind) => {
                        let me = self.push(kind, label, depth, range, parent, None);
                        self.items[me].place = slot;
                        self.expr(e, depth + 1, Some(me), None);
                    }
                }
            }
            Child::Fragment(cs, _) => {
                for c in cs {
                    self.child(c, depth, parent, None);
                }
            }
            Child::Text(t, span) => {
                let label = self.text(span.start as usize..span.end as usize);
                let _ = t;
                let me = self.push(
                    ItemKind::Text,
                    label,
                    depth,
                    span.start as usize..span.end as usize,
                    parent,
                    None,
                );
                self.items[me].place = slot;
            }
            Child::Empty => {}
        }
    }

    /// How an `{expression}` child shows: a loop, a condition, another expression, or `None`
    /// for one that is an element or fragment (shown as what it holds).
    fn classify(&self, e: &Expr) -> (Option<ItemKind>, String) {
        let text = |x: &Expr| self.text(x.span.start as usize..x.span.end as usize);
        match &e.kind {
            ExprKind::Element(_) | ExprKind::Fragment(_) => (None, String::new()),
            ExprKind::Call { callee, .. } => match &callee.kind {
                ExprKind::Member { obj, name, .. } if name == "map" => {
                    (Some(ItemKind::Loop), format!("{}.map(…)", text(obj)))
                }
                _ => (Some(ItemKind::Expression), format!("{{{}}}", text(e))),
            },
            ExprKind::Logical {
                op: LogicalOp::And,
                left,
                ..
            } => (Some(ItemKind::Condition), format!("if {}", text(left))),
            ExprKind::Cond { test, .. } => (
                Some(ItemKind::Condition),
                format!("if {} … else", text(test)),
            ),
            _ => (Some(ItemKind::Expression), format!("{{{}}}", text(e))),
        }
    }

    /// The elements inside an expression, in source order.
    fn expr(&mut self, e: &Expr, depth: usize, parent: Option<usize>, slot: Option<(At, usize)>) {
        match &e.kind {
            ExprKind::Element(el) => self.element(el, depth, parent, slot),
            ExprKind::Fragment(cs) => {
                for c in cs {
                    self.child(c, depth, parent, None);
                }
            }
            _ => e.for_each_sub(|x| self.expr(x, depth, parent, None)),
        }
    }
}

/// A prop as the source writes it.
#[derive(Clone, Debug, PartialEq)]
pub enum Written {
    /// `name="text"` (the text as JSX reads it).
    Str(String),
    /// `name={12}`.
    Num(f64),
    /// `name={true}`, `name={false}`, or the shorthand `name`.
    Bool(bool),
    /// `name={"text"}`: a string literal in braces.
    StrExpr(String),
    /// Any other `{expression}`: its source text, without the braces.
    Expr(String),
}

/// One prop of an element, as written.
#[derive(Clone, Debug, PartialEq)]
pub struct WrittenProp {
    pub name: String,
    pub value: Written,
    /// The attribute's bytes (name and value).
    pub range: Range<usize>,
}

/// The props the element at `node` writes, in order; spreads (`{...x}`) are left out.
pub fn props(source: &str, node: At) -> Result<Vec<WrittenProp>, EditError> {
    let root = parse(source)?;
    let mut found = None;
    find(&root, node, &mut found);
    let el = found.ok_or(EditError::NoElement(node))?;
    Ok(el
        .attrs
        .iter()
        .filter_map(|a| match a {
            Attr::Named {
                name,
                name_span,
                value,
            } => {
                let (written, end) = match value {
                    AttrValue::Str(s, span) => (Written::Str(s.clone()), span.end),
                    AttrValue::True => (Written::Bool(true), name_span.end),
                    AttrValue::Expr(e) => {
                        let w = match &e.kind {
                            ExprKind::Num(n) => Written::Num(*n),
                            ExprKind::Bool(b) => Written::Bool(*b),
                            ExprKind::Str(s) => Written::StrExpr(s.clone()),
                            _ => Written::Expr(
                                source[e.span.start as usize..e.span.end as usize].to_string(),
                            ),
                        };
                        // The closing brace follows the expression (blanks allowed).
                        let after = &source[e.span.end as usize..];
                        let close = after
                            .find('}')
                            .map_or(e.span.end as usize, |i| e.span.end as usize + i + 1);
                        (w, close as u32)
                    }
                };
                Some(WrittenProp {
                    name: name.clone(),
                    value: written,
                    range: name_span.start as usize..end as usize,
                })
            }
            Attr::Spread(_) => None,
        })
        .collect())
}

fn find<'a>(e: &'a Expr, node: At, out: &mut Option<&'a Element>) {
    if out.is_some() {
        return;
    }
    match &e.kind {
        ExprKind::Element(el) => find_el(el, node, out),
        ExprKind::Fragment(cs) => cs.iter().for_each(|c| find_child(c, node, out)),
        _ => e.for_each_sub(|x| find(x, node, out)),
    }
}

fn find_el<'a>(el: &'a Element, node: At, out: &mut Option<&'a Element>) {
    if el.span.start as usize == node.0 {
        *out = Some(el);
        return;
    }
    if (el.span.start as usize) > node.0 || (el.span.end as usize) <= node.0 {
        return;
    }
    for a in &el.attrs {
        match a {
            Attr::Named {
                value: AttrValue::Expr(e),
                ..
            }
            | Attr::Spread(e) => find(e, node, out),
            _ => {}
        }
    }
    for c in el.children.iter().flatten() {
        find_child(c, node, out);
    }
}

fn find_child<'a>(c: &'a Child, node: At, out: &mut Option<&'a Element>) {
    match c {
        Child::Element(el) => find_el(el, node, out),
        Child::Expr(e) => find(e, node, out),
        Child::Fragment(cs, _) => cs.iter().for_each(|c| find_child(c, node, out)),
        Child::Text(..) | Child::Empty => {}
    }
}

/// The fields of an object literal's source text (`{ type: "x", payload: { id } }`), each
/// with its value's source text, in order; `None` when the text is not an object literal of
/// plain `key: value` fields (a variable, a spread, a computed key): then it is edited as code.
pub fn object_fields(text: &str) -> Option<Vec<(String, String)>> {
    let e = crate::template::parser::parse_expr(text).ok()?;
    let ExprKind::Object(items) = &e.kind else {
        return None;
    };
    items
        .iter()
        .map(|it| match it {
            crate::template::ast::ObjectItem::Prop { key, value, .. } => Some((
                key.clone(),
                text[value.span.start as usize..value.span.end as usize].to_string(),
            )),
            _ => None,
        })
        .collect()
}

/// An object literal's source from fields and their values' source texts (the inverse of
/// [`object_fields`]): `{ type: "x", streaming: false }`; keys that are not identifiers are
/// quoted.
pub fn object_text(fields: &[(String, String)]) -> String {
    if fields.is_empty() {
        return "{}".into();
    }
    let body: Vec<String> = fields
        .iter()
        .map(|(k, v)| {
            let ident = k
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '$')
                && k.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$');
            if ident {
                format!("{k}: {v}")
            } else {
                format!("{}: {v}", super::js_string(k))
            }
        })
        .collect();
    format!("{{ {} }}", body.join(", "))
}

/// The innermost element whose bytes hold `range` (a selection in the code): what the cursor
/// selects. `None` when no element holds it (outside the root).
pub fn element_at(items: &[Item], range: Range<usize>) -> Option<&Item> {
    items
        .iter()
        .filter(|i| {
            i.at().is_some()
                && i.range.start <= range.start
                && range.end <= i.range.end
                && range.start < i.range.end
        })
        .max_by_key(|i| i.depth)
}

#[cfg(test)]
mod tests {
    use super::*;

    const VIEW: &str = r#"<Card size="md">
  {/* a comment */}
  <Title value={title} />
  {rows.map((r) => (
    <Row key={r.id} gap={2}>
      <Text value={r.name} />
    </Row>
  ))}
  {done && <Badge label="Done" color="success" />}
  {open ? <Button label="Close" /> : <Button label="Open" />}
  <Text value="a very long text that goes on" truncate />
</Card>"#;

    fn at(name: &str, nth: usize) -> At {
        At(VIEW.match_indices(&format!("<{name}")).nth(nth).unwrap().0)
    }

    #[test]
    fn elements_are_told_apart_by_their_naming_prop_as_written() {
        let items = outline(VIEW).unwrap();
        let details: Vec<(String, Option<String>)> = items
            .iter()
            .filter(|i| i.at().is_some())
            .map(|i| (i.label.clone(), i.detail.clone()))
            .collect();
        let d = |s: &str| Some(s.to_string());
        assert_eq!(
            details,
            [
                ("Card".into(), None),
                ("Title".into(), d("{title}")),
                // `key` comes last: the Row has no other naming prop.
                ("Row".into(), d("{r.id}")),
                ("Text".into(), d("{r.name}")),
                ("Badge".into(), d("“Done”")),
                ("Button".into(), d("“Close”")),
                ("Button".into(), d("“Open”")),
                ("Text".into(), d("“a very long text that goes on”")),
            ]
        );
        // Cut on one line; a string in braces is a text; an empty label says nothing.
        let items = outline(&format!(
            "<Card>\n  <Button label={{\"Save   the\t  draft\"}} />\n  <Image alt=\"\" src=\"x.png\" />\n  <Text value=\"{}\" />\n</Card>",
            "0123456789".repeat(12)
        ))
        .unwrap();
        assert_eq!(items[1].detail.as_deref(), Some("“Save the draft”"));
        assert_eq!(items[2].detail, None);
        let cut = items[3].detail.as_deref().unwrap();
        assert_eq!(cut.chars().count(), DETAIL_MAX + 2, "{cut}");
        assert!(cut.starts_with("“0123") && cut.ends_with("…”"), "{cut}");
    }

    #[test]
    fn the_outline_lists_elements_loops_and_conditions_in_order_with_depths() {
        let items = outline(VIEW).unwrap();
        let lines: Vec<String> = items
            .iter()
            .map(|i| format!("{}{}", "  ".repeat(i.depth), i.label))
            .collect();
        assert_eq!(
            lines,
            [
                "Card",
                "  Title",
                "  rows.map(…)",
                "    Row",
                "      Text",
                "  if done",
                "    Badge",
                "  if open … else",
                "    Button",
                "    Button",
                "  Text",
            ]
        );
        // Elements in the children list know their slot (the comment counts), others do not.
        assert_eq!(items[1].slot, Some((at("Card", 0), 1)));
        assert_eq!(items[10].slot, Some((at("Card", 0), 5)));
        assert_eq!(items[3].slot, None);
        assert_eq!(items[0].slot, None);
        assert_eq!(items[3].parent, Some(2));
        assert_eq!(items[4].parent, Some(3));
        assert_eq!(items[4].slot, Some((at("Row", 0), 0)));
        assert_eq!(items[3].at(), Some(at("Row", 0)));
        // The Card's children: the comment, the Title, the map, two conditions, the Text.
        assert_eq!((items[0].children, items[0].filled), (6, 5));
        assert_eq!((items[3].children, items[1].children), (1, 0));
        assert_eq!(
            &VIEW[items[2].range.clone()],
            &VIEW[VIEW.find("rows.map").unwrap()..VIEW.find("))}").unwrap() + 2]
        );
    }

    #[test]
    fn props_are_read_as_written() {
        let p = props(VIEW, at("Row", 0)).unwrap();
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].name, "key");
        assert_eq!(p[0].value, Written::Expr("r.id".into()));
        assert_eq!(p[1].value, Written::Num(2.0));
        assert_eq!(&VIEW[p[1].range.clone()], "gap={2}");
        let p = props(VIEW, at("Text", 1)).unwrap();
        assert_eq!(
            p[0].value,
            Written::Str("a very long text that goes on".into())
        );
        assert_eq!(
            &VIEW[p[0].range.clone()],
            "value=\"a very long text that goes on\""
        );
        assert_eq!(p[1].value, Written::Bool(true));
        assert_eq!(&VIEW[p[1].range.clone()], "truncate");
        assert!(matches!(props(VIEW, At(1)), Err(EditError::NoElement(_))));
    }

    #[test]
    fn the_cursor_selects_the_innermost_element() {
        let items = outline(VIEW).unwrap();
        let inside_text = VIEW.find("r.name").unwrap();
        assert_eq!(
            element_at(&items, inside_text..inside_text).and_then(Item::at),
            Some(at("Text", 0))
        );
        let badge = VIEW.find("Done").unwrap();
        assert_eq!(
            element_at(&items, badge..badge + 2).and_then(Item::name),
            Some("Badge")
        );
        // Between elements: the enclosing one.
        let comment = VIEW.find("a comment").unwrap();
        assert_eq!(
            element_at(&items, comment..comment).and_then(Item::name),
            Some("Card")
        );
        assert!(element_at(&items, VIEW.len()..VIEW.len()).is_none());
    }

    #[test]
    fn object_literals_read_and_write_field_by_field() {
        let text = r#"{ type: "open", payload: { id: id }, "data-x": 1, streaming: false }"#;
        let f = object_fields(text).unwrap();
        assert_eq!(
            f,
            [
                ("type".to_string(), "\"open\"".to_string()),
                ("payload".into(), "{ id: id }".into()),
                ("data-x".into(), "1".into()),
                ("streaming".into(), "false".into()),
            ]
        );
        let again = object_text(&f);
        assert_eq!(
            again,
            r#"{ type: "open", payload: { id: id }, "data-x": 1, streaming: false }"#
        );
        assert_eq!(object_fields(&again).unwrap(), f);
        assert!(object_fields("action").is_none());
        assert!(object_fields("{ ...a, b: 1 }").is_none());
        assert_eq!(object_text(&[]), "{}");
    }

    #[test]
    fn long_expressions_are_cut_and_a_broken_view_is_an_error() {
        let v = "<Card>{items.filter((x) => x.visible && x.name !== \"hidden item\").map((x) => <Text value={x.name} />)}</Card>";
        let items = outline(v).unwrap();
        assert!(
            items[1].label.ends_with("….map(…)") || items[1].label.contains('…'),
            "{}",
            items[1].label
        );
        assert!(items[1].label.chars().count() <= LABEL_MAX + 7);
        assert!(matches!(
            outline("<Card><Text"),
            Err(EditError::Syntax { .. })
        ));
    }
}
