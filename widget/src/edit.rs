//! Visual edits as pure functions over a view's source.
//!
//! Every edit maps (source, node, change) to a short list of [`TextEdit`]s: byte ranges of
//! the source and their replacement text. Only the node's own bytes change (and, when a
//! node is inserted or moved, the bytes of the parent where it goes); formatting and
//! comments elsewhere are kept; new lines are indented like the code around them, with the
//! source's own indentation unit (tabs, two or four spaces). The source stays the only
//! truth: nothing is pretty-printed, no ids are written into it.
//!
//! # Naming a node
//!
//! A node is a JSX element, named by [`At`]: the byte offset of its `<` in the source. That
//! is what the app gets from a click: the preview's [`crate::template::SourceMap`] gives
//! each output node its `element` span, whose `start` is the `At`; the rows of a `.map`
//! all name their one template element. After an edit, [`Edit::node`] names the node the
//! edit produced or moved, in the new source.
//!
//! # Children and indices
//!
//! An element's children are its JSX children in source order: elements, `{expression}`s
//! (a `.map`, a condition), `{/* comments */}`, fragments and text. An index counts all of
//! them, so a `.map` or a comment between two elements is a position of its own, as the
//! outline shows it. Elements inside an expression (the body of a `.map`, a branch of a
//! condition) can have their props set, receive children, be wrapped and unwrapped; they
//! are not in a children list, so they cannot be deleted, moved or duplicated (that would
//! leave the expression without its element): the edit is refused with
//! [`EditError::NotInChildren`]. Placement rules see through expressions: the parent of an
//! element is the nearest enclosing element.
//!
//! # Placement
//!
//! [`may_place`] and [`allowed_children`] say what may go where, from [`crate::spec`]: only
//! the roots (Card, ListView, Basic) at the root and nowhere else; only ListViewItem in a
//! ListView and a ListViewItem only there (likewise Table.Row in Table, Table.Cell in
//! Table.Row); a Transition holds exactly one child; components without children hold
//! none. A refused edit returns an [`EditError`] whose `Display` says why.
//!
//! # Inverses
//!
//! [`Edit::inverse`] is the change that undoes an edit, on the edited source:
//!
//! - always byte for byte: setting a prop (restored, or removed), duplicating (the copy
//!   deleted), wrapping (unwrapped), and inserting into an element that already has children
//!   or is written `<X … />` with one space or with `/>` on a line of its own (the new
//!   child deleted);
//! - byte for byte where the code around the node is laid out uniformly (each child on its
//!   own line one unit deeper than its parent, siblings separated alike), and otherwise to
//!   the same tree: moving (moved back), deleting (the node inserted again from its text),
//!   removing a prop (restored at its index), unwrapping a wrapper without props.
//!
//! The tests check both over the corpus and the gallery, and the fuzz target on random
//! sequences. Deliberate normalisations: an element whose last child is deleted or moved
//! away closes itself as `<X />` (keeping a multi-line open tag's last line); a value is
//! written in its canonical form (`"text"`, `{12}`, `{true}`); a prop removed from between
//! two comments is restored after both; a prop removed after a `// comment` leaves the
//! comment's line break in place.

use std::fmt;
use std::ops::Range;

mod outline;
pub use outline::{
    Item, ItemKind, Written, WrittenProp, element_at, object_fields, object_text, outline, props,
};

use crate::spec::{self, Children, Kind};
use crate::template::ast::{Attr, AttrValue, Child, Element, Expr, ExprKind};
use crate::template::parser::{parse_view, parse_view_shared};

/// A JSX element, named by the byte offset of its `<` in the source (the `start` of its
/// span in the parsed view and in the preview's source map).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct At(pub usize);

/// A change of one byte range of the source: `source[range]` becomes `insert`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextEdit {
    /// Byte offsets in the source the edit applies to.
    pub range: Range<usize>,
    pub insert: String,
}

/// The text edits of one change, sorted and non-overlapping, with where the node is now.
#[derive(Clone, Debug, PartialEq)]
pub struct Edit {
    pub edits: Vec<TextEdit>,
    /// The node the change is about, in the new source: the element whose prop changed, the
    /// inserted, moved or duplicated element, the wrapper, the unwrapped child; for a delete,
    /// the parent.
    pub node: At,
    /// The change that undoes this one, on the new source (see the module docs). `None` for
    /// unwrapping an element that had props (wrapping again would not restore them).
    pub inverse: Option<Change>,
}

impl Edit {
    /// The new source.
    pub fn apply(&self, source: &str) -> String {
        apply_edits(source, &self.edits)
    }
}

/// Applies sorted, non-overlapping edits to `source`.
///
/// # Panics
/// When the edits overlap, are out of order, or do not fall on character boundaries.
pub fn apply_edits(source: &str, edits: &[TextEdit]) -> String {
    let mut out = String::with_capacity(source.len());
    let mut pos = 0;
    for e in edits {
        assert!(e.range.start >= pos, "text edits overlap or are unsorted");
        out.push_str(&source[pos..e.range.start]);
        out.push_str(&e.insert);
        pos = e.range.end;
    }
    out.push_str(&source[pos..]);
    out
}

/// A prop's new value.
#[derive(Clone, Debug, PartialEq)]
pub enum PropValue {
    /// A string, written `"…"`, or `{"…"}` when it holds a quote, a line break, a control
    /// character or something JSX would read as an entity (`&amp;`).
    Str(String),
    /// A finite number, written `{12}`, `{-0.5}`.
    Num(f64),
    /// Written `{true}` or `{false}`.
    Bool(bool),
    /// An expression's source text, written `{text}`; it must parse as one expression.
    Expr(String),
    /// The attribute's text after its name exactly as written: `="x"`, `='x'`, `={a}`, or
    /// empty for the shorthand `frame`. What the inverse of an edit restores.
    Raw(String),
}

/// What an inserted child is.
#[derive(Clone, Debug, PartialEq)]
pub enum NewChild {
    /// A component by name, with [`default_snippet`]'s sensible defaults.
    Component(String),
    /// JSX text of one element (as [`node_text`] gives it: lines after the first indented
    /// relative to the first); it is re-indented to where it goes.
    Jsx(String),
}

/// A container to wrap a node in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Wrapper {
    Row,
    Col,
    Box,
    Transition,
}

impl Wrapper {
    pub const ALL: [Wrapper; 4] = [
        Wrapper::Row,
        Wrapper::Col,
        Wrapper::Box,
        Wrapper::Transition,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Wrapper::Row => "Row",
            Wrapper::Col => "Col",
            Wrapper::Box => "Box",
            Wrapper::Transition => "Transition",
        }
    }
}

/// One visual edit.
#[derive(Clone, Debug, PartialEq)]
pub enum Change {
    /// Sets a prop. An existing prop keeps its place and only its value is rewritten; a new
    /// one goes at attribute index `position` (default: after the others).
    SetProp {
        node: At,
        name: String,
        value: PropValue,
        position: Option<usize>,
    },
    RemoveProp {
        node: At,
        name: String,
    },
    /// Inserts a child into `parent` at `index` (`0..=` the number of children).
    Insert {
        parent: At,
        index: usize,
        child: NewChild,
    },
    /// Moves a node to `parent` at `index`, counted among the parent's children without the
    /// moved node (so a reorder within one parent names the node's final index).
    Move {
        node: At,
        parent: At,
        index: usize,
    },
    Delete {
        node: At,
    },
    /// Inserts a copy of a node right after it.
    Duplicate {
        node: At,
    },
    Wrap {
        node: At,
        wrapper: Wrapper,
    },
    /// Replaces an element by its only child.
    Unwrap {
        node: At,
    },
}

/// Why a placement is refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// Not a component of the spec.
    Unknown { name: String },
    /// A root (Card, ListView, Basic) anywhere but at the root.
    RootOnlyAtTop { child: String },
    /// Something other than a root at the root.
    NotARoot { child: String },
    /// The parent's component holds no children.
    NoChildren { parent: String, child: String },
    /// The parent holds only one kind of child (ListView: ListViewItem, …).
    OnlyHolds {
        parent: String,
        allowed: &'static str,
        child: String,
    },
    /// The child goes only in one kind of parent (ListViewItem: ListView, …).
    OnlyGoesIn {
        parent: String,
        child: String,
        home: &'static str,
    },
    /// The parent (a Transition) holds exactly one child and has it.
    HoldsOne { parent: String, child: String },
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::Unknown { name } => write!(f, "{name} is not a component"),
            Refusal::RootOnlyAtTop { child } => write!(
                f,
                "{child} is a root: it goes only at the top of the view, not inside another component"
            ),
            Refusal::NotARoot { child } => write!(
                f,
                "the view's root must be a Card, ListView or Basic; {child} cannot be the root"
            ),
            Refusal::NoChildren { parent, child } => {
                write!(f, "a {parent} holds no children; {child} cannot go here")
            }
            Refusal::OnlyHolds {
                parent,
                allowed,
                child,
            } => write!(f, "a {parent} holds only {allowed}; {child} cannot go here"),
            Refusal::OnlyGoesIn {
                parent,
                child,
                home,
            } => write!(
                f,
                "a {child} goes only in a {home}; it cannot go in a {parent}"
            ),
            Refusal::HoldsOne { parent, child } => write!(
                f,
                "a {parent} holds exactly one child and already has one; {child} cannot go here"
            ),
        }
    }
}

/// Why an edit is refused.
#[derive(Clone, Debug, PartialEq)]
pub enum EditError {
    /// The source does not parse; visual edits need a view that does.
    Syntax {
        message: String,
        offset: usize,
        /// Where, 1-based, as the problem list says it.
        line: usize,
        column: usize,
    },
    /// No element starts at this offset.
    NoElement(At),
    /// The element is the root or part of an expression (a `.map` body, a condition's
    /// branch, an attribute's value), not one of an element's children.
    NotInChildren { name: String, root: bool },
    /// The child index is past the end of the parent's children.
    IndexOutOfRange { index: usize, len: usize },
    /// The placement rules refuse it.
    Placement(Refusal),
    /// A Transition would be left without its one child.
    WouldEmpty { parent: String },
    /// A node cannot be moved into itself or one of its descendants.
    IntoItself { name: String },
    /// Unwrapping needs exactly one child, an element.
    NotOneChild { name: String, children: usize },
    /// The attribute name is not a JSX name.
    BadPropName(String),
    /// `children` is written as JSX children, not as a prop.
    ChildrenProp,
    /// The element has no prop of this name (to remove).
    NoSuchProp { node: String, name: String },
    /// A number prop must be finite.
    NotFinite,
    /// The expression text does not parse as one expression.
    BadExpression { text: String, message: String },
    /// The inserted JSX is not one element.
    BadJsx { message: String },
    /// The edit would leave a source that does not parse (a bug, or a value that breaks it).
    Breaks { message: String },
}

impl fmt::Display for EditError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EditError::Syntax {
                message,
                line,
                column,
                ..
            } => write!(
                f,
                "the view does not parse at {line}:{column} ({message}); fix the code first"
            ),
            EditError::NoElement(At(at)) => write!(f, "no element starts at byte {at}"),
            EditError::NotInChildren { name, root: true } => write!(
                f,
                "{name} is the view's root; it cannot be moved, deleted or duplicated"
            ),
            EditError::NotInChildren { name, root: false } => write!(
                f,
                "this {name} is part of an expression (a .map or a condition), not a child of an element; edit the expression in the code"
            ),
            EditError::IndexOutOfRange { index, len } => write!(
                f,
                "position {index} is past the end: the element has {len} children"
            ),
            EditError::Placement(r) => r.fmt(f),
            EditError::WouldEmpty { parent } => write!(
                f,
                "a {parent} holds exactly one child; this would leave it empty (unwrap it instead)"
            ),
            EditError::IntoItself { name } => {
                write!(f, "a {name} cannot be moved into itself")
            }
            EditError::NotOneChild { name, children } => write!(
                f,
                "only an element with exactly one child element can be unwrapped; this {name} has {children} children"
            ),
            EditError::BadPropName(n) => write!(f, "{n:?} is not a prop name"),
            EditError::ChildrenProp => {
                write!(f, "children are written inside the element, not as a prop")
            }
            EditError::NoSuchProp { node, name } => write!(f, "this {node} has no prop {name}"),
            EditError::NotFinite => write!(f, "a number prop must be a finite number"),
            EditError::BadExpression { text, message } => {
                write!(f, "“{text}” is not an expression: {message}")
            }
            EditError::BadJsx { message } => write!(f, "not one JSX element: {message}"),
            EditError::Breaks { message } => {
                write!(f, "the edit would break the view: {message}")
            }
        }
    }
}

impl std::error::Error for EditError {}

// ---------------------------------------------------------------------------------------
// Placement rules

/// The parts that stand only in one kind of parent, with that parent.
const PLACED: &[(&str, &str)] = &[
    ("ListViewItem", "ListView"),
    ("Table.Row", "Table"),
    ("Table.Cell", "Table.Row"),
];

/// The components `parent` may hold, in the spec's order (empty for an unknown name).
/// `None` is the root position: the roots.
pub fn allowed_children(parent: Option<&str>) -> Vec<&'static str> {
    spec::COMPONENTS
        .iter()
        .filter(|c| may_place(parent, c.name).is_ok())
        .map(|c| c.name)
        .collect()
}

/// May a `child` component stand in `parent` (`None`: at the root)? Says what kinds of
/// child may go there; the one-child rule of a Transition is [`may_add`]'s.
pub fn may_place(parent: Option<&str>, child: &str) -> Result<(), Refusal> {
    let Some(c) = spec::component(child) else {
        return Err(Refusal::Unknown {
            name: child.to_string(),
        });
    };
    let Some(parent) = parent else {
        return if c.kind == Kind::Root {
            Ok(())
        } else {
            Err(Refusal::NotARoot {
                child: child.to_string(),
            })
        };
    };
    let Some(p) = spec::component(parent) else {
        return Err(Refusal::Unknown {
            name: parent.to_string(),
        });
    };
    let refuse_only = |allowed: &'static str| Refusal::OnlyHolds {
        parent: parent.to_string(),
        allowed,
        child: child.to_string(),
    };
    match p.children {
        Children::None => Err(Refusal::NoChildren {
            parent: parent.to_string(),
            child: child.to_string(),
        }),
        Children::Items if child != "ListViewItem" => Err(refuse_only("ListViewItem")),
        Children::Rows if child != "Table.Row" => Err(refuse_only("Table.Row")),
        Children::Cells if child != "Table.Cell" => Err(refuse_only("Table.Cell")),
        Children::Items | Children::Rows | Children::Cells => Ok(()),
        Children::Many | Children::One => {
            if c.kind == Kind::Root {
                return Err(Refusal::RootOnlyAtTop {
                    child: child.to_string(),
                });
            }
            if let Some((_, home)) = PLACED.iter().find(|(n, _)| *n == child) {
                return Err(Refusal::OnlyGoesIn {
                    parent: parent.to_string(),
                    child: child.to_string(),
                    home,
                });
            }
            Ok(())
        }
    }
}

/// [`may_place`], and for a parent that holds exactly one child (Transition), that it has
/// none yet: `others` is how many children it would keep besides the new one (comments do
/// not count).
/// Whether every element inside `el` (its children's, all the way down) may stand where it
/// stands, as [`may_add`] says for each.
fn nested_placement(el: &Element) -> Result<(), Refusal> {
    let mut count = 0;
    for c in el.children.as_deref().unwrap_or_default() {
        if let Child::Element(k) = c {
            may_add(Some(&el.name), &k.name, count)?;
            count += 1;
            nested_placement(k)?;
        }
    }
    Ok(())
}

pub fn may_add(parent: Option<&str>, child: &str, others: usize) -> Result<(), Refusal> {
    may_place(parent, child)?;
    if let Some(p) = parent.and_then(spec::component)
        && p.children == Children::One
        && others > 0
    {
        return Err(Refusal::HoldsOne {
            parent: p.name.to_string(),
            child: child.to_string(),
        });
    }
    Ok(())
}

/// A component with sensible defaults, as JSX with two-space indentation (a Button with a
/// label, a Row with a Text, an Image with a source…); `None` for an unknown name. Every
/// snippet builds without errors where [`may_place`] allows it.
pub fn default_snippet(component: &str) -> Option<&'static str> {
    Some(match component {
        "Card" => "<Card>\n  <Text value=\"Text\" />\n</Card>",
        "ListView" => {
            "<ListView>\n  <ListViewItem>\n    <Text value=\"Item\" />\n  </ListViewItem>\n</ListView>"
        }
        "Basic" => "<Basic>\n  <Text value=\"Text\" />\n</Basic>",
        "Box" => "<Box>\n  <Text value=\"Text\" />\n</Box>",
        "Row" => "<Row gap={2}>\n  <Text value=\"Text\" />\n</Row>",
        "Col" => "<Col gap={2}>\n  <Text value=\"Text\" />\n</Col>",
        "Form" => {
            "<Form onSubmitAction={{ type: \"submit\" }}>\n  <Col gap={2}>\n    <Input name=\"field\" placeholder=\"Value\" />\n    <Button label=\"Submit\" submit />\n  </Col>\n</Form>"
        }
        "Text" => "<Text value=\"Text\" />",
        "Title" => "<Title value=\"Title\" />",
        "Caption" => "<Caption value=\"Caption\" />",
        "Markdown" => "<Markdown value=\"**Markdown**\" />",
        "Badge" => "<Badge label=\"Badge\" />",
        "Button" => "<Button label=\"Button\" onClickAction={{ type: \"click\" }} />",
        // A grey 4×3 picture in the page itself: it draws offline and exports as it is (a
        // placeholder host would not load without a network); the alt asks to be written.
        "Image" => {
            "<Image src=\"data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAQAAAADCAIAAAA7ljmRAAAAEUlEQVR42mM4ffUhHDHg5AAASSceDT8mdlEAAAAASUVORK5CYII=\" alt=\"Image\" width={160} height={120} />"
        }
        "Icon" => "<Icon name=\"star\" />",
        "Divider" => "<Divider />",
        "Spacer" => "<Spacer />",
        "Select" => {
            "<Select name=\"choice\" placeholder=\"Choose\" options={[{ label: \"Option\", value: \"option\" }]} />"
        }
        "DatePicker" => "<DatePicker name=\"date\" placeholder=\"Date\" />",
        "Checkbox" => "<Checkbox name=\"checked\" label=\"Checkbox\" />",
        "Input" => "<Input name=\"text\" placeholder=\"Text\" />",
        "Label" => "<Label value=\"Label\" fieldName=\"text\" />",
        "RadioGroup" => {
            "<RadioGroup name=\"choice\" options={[{ label: \"Option\", value: \"option\" }]} />"
        }
        "Textarea" => "<Textarea name=\"text\" placeholder=\"Text\" />",
        "Transition" => "<Transition>\n  <Text value=\"Text\" />\n</Transition>",
        "Chart" => {
            "<Chart data={[{ x: \"A\", y: 1 }, { x: \"B\", y: 2 }]} series={[{ type: \"bar\", dataKey: \"y\", label: \"Y\" }]} xAxis=\"x\" />"
        }
        "ListViewItem" => "<ListViewItem>\n  <Text value=\"Item\" />\n</ListViewItem>",
        "Table" => {
            "<Table>\n  <Table.Row>\n    <Table.Cell>\n      <Text value=\"Cell\" />\n    </Table.Cell>\n  </Table.Row>\n</Table>"
        }
        "Table.Row" => {
            "<Table.Row>\n  <Table.Cell>\n    <Text value=\"Cell\" />\n  </Table.Cell>\n</Table.Row>"
        }
        "Table.Cell" => "<Table.Cell>\n  <Text value=\"Cell\" />\n</Table.Cell>",
        _ => return None,
    })
}

// ---------------------------------------------------------------------------------------
// Reading the source

/// What the source says about one element.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodeInfo {
    pub name: String,
    /// The element's bytes.
    pub span: Range<usize>,
    /// The element whose children list holds it, and its index there; `None` for the root
    /// and for elements inside expressions.
    pub parent: Option<(At, usize)>,
    /// The nearest enclosing element (what placement rules check against); `None` at the
    /// root.
    pub placement_parent: Option<At>,
    /// Its children (all kinds; see the module docs).
    pub children: usize,
}

/// The element at `node`.
pub fn node_info(source: &str, node: At) -> Result<NodeInfo, EditError> {
    let root = parse(source)?;
    let idx = Index::build(&root);
    let f = idx.get(node)?;
    let lay = layout(source, f.el);
    Ok(NodeInfo {
        name: f.el.name.clone(),
        span: span(f.el),
        parent: match f.ctx {
            Ctx::List { parent, index } => Some((At(parent.span.start as usize), index)),
            _ => None,
        },
        placement_parent: f.place.map(|p| At(p.span.start as usize)),
        children: lay.children.len(),
    })
}

/// What kind of child a child is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChildKind {
    Element(At),
    /// `{expression}`: a `.map`, a condition, a value.
    Expression,
    /// `{}` or `{/* comment */}`.
    Comment,
    Fragment,
    Text,
}

/// One child of an element, with its bytes (an expression's and a comment's with their
/// braces, text without its surrounding blanks).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChildInfo {
    pub kind: ChildKind,
    pub range: Range<usize>,
}

/// The children of the element at `parent`, in order: what an index counts.
pub fn children(source: &str, parent: At) -> Result<Vec<ChildInfo>, EditError> {
    let root = parse(source)?;
    let idx = Index::build(&root);
    let f = idx.get(parent)?;
    let lay = layout(source, f.el);
    let kinds = f.el.children.iter().flatten().map(|c| match c {
        Child::Element(el) => ChildKind::Element(At(el.span.start as usize)),
        Child::Expr(_) => ChildKind::Expression,
        Child::Empty => ChildKind::Comment,
        Child::Fragment(..) => ChildKind::Fragment,
        Child::Text(..) => ChildKind::Text,
    });
    Ok(kinds
        .zip(lay.children)
        .map(|(kind, c)| ChildInfo {
            kind,
            range: c.range,
        })
        .collect())
}

/// Every element of the view in document order, as [`At`]s.
pub fn elements(source: &str) -> Result<Vec<At>, EditError> {
    let root = parse(source)?;
    let idx = Index::build(&root);
    Ok(idx
        .all
        .iter()
        .map(|f| At(f.el.span.start as usize))
        .collect())
}

/// The element's text as the clipboard holds it: lines after the first are re-indented
/// relative to the first line (the element's line indentation removed).
pub fn node_text(source: &str, node: At) -> Result<String, EditError> {
    let root = parse(source)?;
    let idx = Index::build(&root);
    let f = idx.get(node)?;
    let r = span(f.el);
    let protected = literal_ranges(f.el);
    Ok(reindent(
        source,
        r.clone(),
        line_indent(source, r.start),
        "",
        &protected,
    ))
}

fn parse(source: &str) -> Result<std::rc::Rc<Expr>, EditError> {
    parse_view_shared(source).map_err(|e| {
        let offset = e.span.start as usize;
        let (line, column) = crate::json::LineIndex::new(source).line_col(source, offset);
        EditError::Syntax {
            message: e.message,
            offset,
            line,
            column,
        }
    })
}

fn span(el: &Element) -> Range<usize> {
    el.span.start as usize..el.span.end as usize
}

#[derive(Clone, Copy)]
enum Ctx<'a> {
    Root,
    List { parent: &'a Element, index: usize },
    Nested,
}

#[derive(Clone, Copy)]
struct Found<'a> {
    el: &'a Element,
    ctx: Ctx<'a>,
    /// The nearest enclosing element.
    place: Option<&'a Element>,
}

struct Index<'a> {
    all: Vec<Found<'a>>,
}

impl<'a> Index<'a> {
    fn build(root: &'a Expr) -> Index<'a> {
        let mut idx = Index { all: Vec::new() };
        match &root.kind {
            ExprKind::Element(el) => idx.element(el, Ctx::Root, None),
            _ => idx.expr(root, None),
        }
        idx.all.sort_by_key(|f| f.el.span.start);
        idx
    }

    fn get(&self, at: At) -> Result<Found<'a>, EditError> {
        self.all
            .binary_search_by_key(&at.0, |f| f.el.span.start as usize)
            .map(|i| self.all[i])
            .map_err(|_| EditError::NoElement(at))
    }

    fn element(&mut self, el: &'a Element, ctx: Ctx<'a>, place: Option<&'a Element>) {
        self.all.push(Found { el, ctx, place });
        for a in &el.attrs {
            match a {
                Attr::Named {
                    value: AttrValue::Expr(e),
                    ..
                } => self.expr(e, Some(el)),
                Attr::Spread(e) => self.expr(e, Some(el)),
                _ => {}
            }
        }
        if let Some(children) = &el.children {
            for (i, c) in children.iter().enumerate() {
                match c {
                    Child::Element(ch) => self.element(
                        ch,
                        Ctx::List {
                            parent: el,
                            index: i,
                        },
                        Some(el),
                    ),
                    other => self.child(other, Some(el)),
                }
            }
        }
    }

    fn child(&mut self, c: &'a Child, place: Option<&'a Element>) {
        match c {
            Child::Element(el) => self.element(el, Ctx::Nested, place),
            Child::Expr(e) => self.expr(e, place),
            Child::Fragment(cs, _) => cs.iter().for_each(|c| self.child(c, place)),
            Child::Text(..) | Child::Empty => {}
        }
    }

    fn expr(&mut self, e: &'a Expr, place: Option<&'a Element>) {
        match &e.kind {
            ExprKind::Element(el) => self.element(el, Ctx::Nested, place),
            ExprKind::Fragment(cs) => cs.iter().for_each(|c| self.child(c, place)),
            _ => e.for_each_sub(|x| self.expr(x, place)),
        }
    }
}

/// The byte ranges of string and template literals (and JSX attribute strings) inside an
/// element: lines that start inside them are never re-indented (that would change a value).
fn literal_ranges(el: &Element) -> Vec<Range<usize>> {
    fn expr(e: &Expr, out: &mut Vec<Range<usize>>) {
        let r = e.span.start as usize..e.span.end as usize;
        match &e.kind {
            ExprKind::Str(_) => out.push(r),
            ExprKind::Template { .. } => {
                out.push(r);
                e.for_each_sub(|x| expr(x, out));
            }
            ExprKind::Element(el) => element(el, out),
            ExprKind::Fragment(cs) => cs.iter().for_each(|c| child(c, out)),
            _ => e.for_each_sub(|x| expr(x, out)),
        }
    }
    fn child(c: &Child, out: &mut Vec<Range<usize>>) {
        match c {
            Child::Element(el) => element(el, out),
            Child::Expr(e) => expr(e, out),
            Child::Fragment(cs, _) => cs.iter().for_each(|c| child(c, out)),
            Child::Text(..) | Child::Empty => {}
        }
    }
    fn element(el: &Element, out: &mut Vec<Range<usize>>) {
        for a in &el.attrs {
            match a {
                Attr::Named { value, .. } => match value {
                    AttrValue::Str(_, s) => out.push(s.start as usize..s.end as usize),
                    AttrValue::Expr(e) => expr(e, out),
                    AttrValue::True => {}
                },
                Attr::Spread(e) => expr(e, out),
            }
        }
        el.children.iter().flatten().for_each(|c| child(c, out));
    }
    let mut out = Vec::new();
    element(el, &mut out);
    out
}

/// Skips whitespace and `//`, `/* */` comments (as the parser does between tokens).
fn skip_trivia(src: &str, mut pos: usize) -> usize {
    loop {
        let before = pos;
        let rest = &src[pos..];
        pos += rest.len() - rest.trim_start().len();
        let rest = &src[pos..];
        if rest.starts_with("//") {
            pos += rest.find('\n').map_or(rest.len(), |i| i + 1);
        } else if let Some(body) = rest.strip_prefix("/*") {
            pos += body.find("*/").map_or(rest.len(), |i| i + 4);
        }
        if pos == before {
            return pos;
        }
    }
}

/// The start of the whitespace that ends at `pos` (not before `floor`).
fn ws_before(src: &str, pos: usize, floor: usize) -> usize {
    let head = &src[floor..pos];
    floor + head.trim_end().len()
}

/// One attribute's bytes.
#[derive(Clone, Debug)]
struct AttrLoc {
    /// `None` for a spread.
    name: Option<String>,
    range: Range<usize>,
    /// After the name (named attributes).
    name_end: usize,
}

#[derive(Clone, Debug)]
struct Layout {
    /// After the name, or after the last attribute.
    attrs_end: usize,
    attrs: Vec<AttrLoc>,
    /// Self-closing: where `/>` starts. Otherwise where `>` of the open tag is.
    tag_close: usize,
    self_closing: bool,
    /// Between the open and the close tag (paired elements).
    content: Range<usize>,
    children: Vec<ChildLoc>,
}

#[derive(Clone, Debug)]
struct ChildLoc {
    range: Range<usize>,
    /// The element, for element children.
    element: Option<usize>,
    /// Comments `{}` / `{/* … */}`: not counted by the one-child rule.
    empty: bool,
}

fn layout(src: &str, el: &Element) -> Layout {
    let mut attrs = Vec::new();
    let mut pos = el.name_span.end as usize;
    for a in &el.attrs {
        match a {
            Attr::Named {
                name,
                name_span,
                value,
            } => {
                let start = name_span.start as usize;
                let end = match value {
                    AttrValue::True => name_span.end as usize,
                    AttrValue::Str(_, s) => s.end as usize,
                    AttrValue::Expr(e) if e_is_element(e) => e.span.end as usize,
                    AttrValue::Expr(e) => close_brace(src, e.span.end as usize),
                };
                attrs.push(AttrLoc {
                    name: Some(name.clone()),
                    range: start..end,
                    name_end: name_span.end as usize,
                });
                pos = end;
            }
            Attr::Spread(e) => {
                let start = skip_trivia(src, pos);
                let end = close_brace(src, e.span.end as usize);
                attrs.push(AttrLoc {
                    name: None,
                    range: start..end,
                    name_end: start,
                });
                pos = end;
            }
        }
    }
    let attrs_end = pos;
    let tag_close = skip_trivia(src, pos);
    let self_closing = el.children.is_none();
    let end = el.span.end as usize;
    let content = if self_closing {
        end..end
    } else {
        let close = src[tag_close..end]
            .rfind("</")
            .map_or(end, |i| tag_close + i);
        tag_close + 1..close
    };
    let mut children = Vec::new();
    let mut pos = content.start;
    for c in el.children.iter().flatten() {
        let (range, element, empty) = match c {
            Child::Element(ch) => (span(ch), Some(ch.span.start as usize), false),
            Child::Fragment(_, s) => (s.start as usize..s.end as usize, None, false),
            Child::Text(_, s) => {
                let raw = &src[s.start as usize..s.end as usize];
                let start = s.start as usize + (raw.len() - raw.trim_start().len());
                (start..s.start as usize + raw.trim_end().len(), None, false)
            }
            Child::Expr(e) => {
                let open = skip_ws(src, pos);
                (open..close_brace(src, e.span.end as usize), None, false)
            }
            Child::Empty => {
                let open = skip_ws(src, pos);
                (open..close_brace(src, open + 1), None, true)
            }
        };
        pos = range.end;
        children.push(ChildLoc {
            range,
            element,
            empty,
        });
    }
    Layout {
        attrs_end,
        attrs,
        tag_close,
        self_closing,
        content,
        children,
    }
}

fn e_is_element(e: &Expr) -> bool {
    matches!(e.kind, ExprKind::Element(_))
}

fn skip_ws(src: &str, pos: usize) -> usize {
    let rest = &src[pos..];
    pos + rest.len() - rest.trim_start().len()
}

/// After the `}` that follows `pos` (skipping blanks and comments).
fn close_brace(src: &str, pos: usize) -> usize {
    let p = skip_trivia(src, pos);
    if src[p..].starts_with('}') { p + 1 } else { p }
}

// ---------------------------------------------------------------------------------------
// Indentation

/// The source's indentation unit: a tab, or as many spaces as its lines step by.
pub fn indent_unit(source: &str) -> String {
    let mut tabs = 0;
    let mut spaces = 0;
    let mut step = 0usize;
    let mut prev = 0usize;
    for line in source.lines() {
        if line.trim().is_empty() {
            continue;
        }
        let ws: &str = &line[..line.len() - line.trim_start_matches([' ', '\t']).len()];
        if ws.starts_with('\t') {
            tabs += 1;
        } else if !ws.is_empty() {
            spaces += 1;
        }
        let width = ws.len();
        if !ws.contains('\t') && width > prev {
            let d = width - prev;
            if step == 0 || d < step {
                step = d;
            }
        }
        if !ws.contains('\t') {
            prev = width;
        }
    }
    if tabs > spaces {
        "\t".to_string()
    } else if step == 0 || step > 8 {
        "  ".to_string()
    } else {
        " ".repeat(step)
    }
}

/// The start of the line holding `pos`.
fn line_start(src: &str, pos: usize) -> usize {
    src[..pos].rfind('\n').map_or(0, |i| i + 1)
}

/// The leading blanks of the line holding `pos` (up to `pos`).
fn line_indent(src: &str, pos: usize) -> &str {
    let ls = line_start(src, pos);
    let line = &src[ls..pos];
    &line[..line.len() - line.trim_start_matches([' ', '\t']).len()]
}

/// Only blanks between the start of its line and `pos`?
fn starts_line(src: &str, pos: usize) -> bool {
    src[line_start(src, pos)..pos]
        .chars()
        .all(|c| c == ' ' || c == '\t')
}

/// `src[range]` with every later line that starts with `from` starting with `to` instead.
/// Blank lines and lines that start inside a literal (`protected`, absolute) stay as they are.
fn reindent(
    src: &str,
    range: Range<usize>,
    from: &str,
    to: &str,
    protected: &[Range<usize>],
) -> String {
    let text = &src[range.clone()];
    let mut out = String::with_capacity(text.len());
    let mut first = true;
    let mut offset = range.start;
    for line in text.split_inclusive('\n') {
        let abs = offset;
        offset += line.len();
        if first {
            first = false;
            out.push_str(line);
            continue;
        }
        let inside = protected.iter().any(|r| r.start < abs && abs < r.end);
        if inside || line.trim().is_empty() {
            out.push_str(line);
        } else if let Some(rest) = line.strip_prefix(from) {
            out.push_str(to);
            out.push_str(rest);
        } else {
            out.push_str(line);
        }
    }
    out
}

/// A JSX snippet written with its own indentation (relative to its first line), put at
/// indentation `base` with the unit `unit`.
fn place_snippet(snippet: &str, base: &str, unit: &str) -> Result<String, EditError> {
    let expr = parse_view(snippet).map_err(|e| EditError::BadJsx { message: e.message })?;
    let ExprKind::Element(el) = &expr.kind else {
        return Err(EditError::BadJsx {
            message: "expected one element such as <Text value=\"…\" />".into(),
        });
    };
    let protected = literal_ranges(el);
    let own = indent_unit(snippet);
    let text = &snippet[span(el)];
    let mut out = String::with_capacity(text.len());
    let mut offset = el.span.start as usize;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let abs = offset;
        offset += line.len();
        if i == 0
            || protected.iter().any(|r| r.start < abs && abs < r.end)
            || line.trim().is_empty()
        {
            out.push_str(line);
            continue;
        }
        let body = line.trim_start_matches([' ', '\t']);
        let ws = &line[..line.len() - body.len()];
        // Levels of the snippet's unit, then what is left over.
        let (mut levels, mut rest) = (0, ws);
        while let Some(r) = rest.strip_prefix(own.as_str()) {
            levels += 1;
            rest = r;
        }
        out.push_str(base);
        for _ in 0..levels {
            out.push_str(unit);
        }
        out.push_str(rest);
        out.push_str(body);
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------
// Writing values

fn is_prop_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '_' || c == '$')
        && chars.all(|c| c.is_alphanumeric() || matches!(c, '_' | '$' | '-' | '.' | ':'))
}

/// A JavaScript string literal of `s` in double quotes.
pub fn js_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() || c == '\u{2028}' || c == '\u{2029}' => {
                out.push_str(&format!("\\u{{{:x}}}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Could `s` be written as a JSX attribute string `"s"` and read back as `s`?
fn fits_jsx_string(s: &str) -> bool {
    !s.chars()
        .any(|c| c == '"' || c == '&' || c.is_control() || c == '\u{2028}' || c == '\u{2029}')
}

/// A number as JavaScript reads it back.
fn js_number(n: f64) -> String {
    if n == 0.0 {
        return "0".into();
    }
    if n.fract() == 0.0 && n.abs() < 1e21 {
        return format!("{n:.0}");
    }
    format!("{n}")
}

/// The text after the prop's name for a value: `="x"`, `={12}`…
fn value_text(value: &PropValue) -> Result<String, EditError> {
    Ok(match value {
        PropValue::Str(s) if fits_jsx_string(s) => format!("=\"{s}\""),
        PropValue::Str(s) => format!("={{{}}}", js_string(s)),
        PropValue::Num(n) if !n.is_finite() => return Err(EditError::NotFinite),
        PropValue::Num(n) => format!("={{{}}}", js_number(*n)),
        PropValue::Bool(b) => format!("={{{b}}}"),
        PropValue::Expr(text) => {
            let probe = format!("<X a={{{text}}} />");
            check_one_attr(&probe).map_err(|message| EditError::BadExpression {
                text: text.clone(),
                message,
            })?;
            format!("={{{text}}}")
        }
        PropValue::Raw(raw) => {
            let probe = format!("<X a{raw} />");
            check_one_attr(&probe).map_err(|message| EditError::BadExpression {
                text: raw.clone(),
                message,
            })?;
            raw.clone()
        }
    })
}

/// Checks that `text` reads as one expression of the view language (what a `{…}` attribute
/// holds); otherwise where in `text` it stops reading (a byte offset) and why.
pub fn check_expression(text: &str) -> Result<(), (usize, String)> {
    const BEFORE: &str = "<X a={";
    let probe = format!("{BEFORE}{text}}} />");
    match parse_view(&probe) {
        Ok(Expr {
            kind: ExprKind::Element(el),
            ..
        }) if el.attrs.len() == 1 && el.children.is_none() => Ok(()),
        Ok(_) => Err((text.len(), "it does not end where the value ends".into())),
        Err(e) => {
            let at = (e.span.start as usize)
                .saturating_sub(BEFORE.len())
                .min(text.len());
            Err((at, e.message))
        }
    }
}

fn check_one_attr(probe: &str) -> Result<(), String> {
    match parse_view(probe) {
        Ok(Expr {
            kind: ExprKind::Element(el),
            ..
        }) if el.attrs.len() == 1 && el.children.is_none() => Ok(()),
        Ok(_) => Err("it does not end where the value ends".into()),
        Err(e) => Err(e.message),
    }
}

// ---------------------------------------------------------------------------------------
// The edits

/// Applies one change to `source`: the text edits, where the node is now, and the inverse.
pub fn apply(source: &str, change: &Change) -> Result<Edit, EditError> {
    let root = parse(source)?;
    let idx = Index::build(&root);
    let ctx = Cx {
        src: source,
        idx: &idx,
        unit: indent_unit(source),
    };
    let edit = match change {
        Change::SetProp {
            node,
            name,
            value,
            position,
        } => ctx.set_prop(*node, name, value, *position)?,
        Change::RemoveProp { node, name } => ctx.remove_prop(*node, name)?,
        Change::Insert {
            parent,
            index,
            child,
        } => ctx.insert(*parent, *index, child)?,
        Change::Move {
            node,
            parent,
            index,
        } => ctx.move_node(*node, *parent, *index)?,
        Change::Delete { node } => ctx.delete(*node)?,
        Change::Duplicate { node } => ctx.duplicate(*node)?,
        Change::Wrap { node, wrapper } => ctx.wrap(*node, *wrapper)?,
        Change::Unwrap { node } => ctx.unwrap(*node)?,
    };
    // Every accepted edit leaves a view that parses.
    let after = edit.apply(source);
    if let Err(e) = parse(&after) {
        let message = match e {
            EditError::Syntax { message, .. } => message,
            other => other.to_string(),
        };
        return Err(EditError::Breaks { message });
    }
    Ok(edit)
}

/// Sets a prop (see [`Change::SetProp`]).
pub fn set_prop(source: &str, node: At, name: &str, value: PropValue) -> Result<Edit, EditError> {
    apply(
        source,
        &Change::SetProp {
            node,
            name: name.to_string(),
            value,
            position: None,
        },
    )
}

/// Removes a prop.
pub fn remove_prop(source: &str, node: At, name: &str) -> Result<Edit, EditError> {
    apply(
        source,
        &Change::RemoveProp {
            node,
            name: name.to_string(),
        },
    )
}

/// Inserts a child.
pub fn insert(source: &str, parent: At, index: usize, child: NewChild) -> Result<Edit, EditError> {
    apply(
        source,
        &Change::Insert {
            parent,
            index,
            child,
        },
    )
}

/// Moves a node (see [`Change::Move`]).
pub fn move_node(source: &str, node: At, parent: At, index: usize) -> Result<Edit, EditError> {
    apply(
        source,
        &Change::Move {
            node,
            parent,
            index,
        },
    )
}

/// Deletes a node.
pub fn delete(source: &str, node: At) -> Result<Edit, EditError> {
    apply(source, &Change::Delete { node })
}

/// Inserts a copy of a node after it.
pub fn duplicate(source: &str, node: At) -> Result<Edit, EditError> {
    apply(source, &Change::Duplicate { node })
}

/// Wraps a node in a container.
pub fn wrap(source: &str, node: At, wrapper: Wrapper) -> Result<Edit, EditError> {
    apply(source, &Change::Wrap { node, wrapper })
}

/// Replaces an element by its only child.
pub fn unwrap(source: &str, node: At) -> Result<Edit, EditError> {
    apply(source, &Change::Unwrap { node })
}

struct Cx<'a> {
    src: &'a str,
    idx: &'a Index<'a>,
    unit: String,
}

fn one(range: Range<usize>, insert: String) -> Vec<TextEdit> {
    vec![TextEdit { range, insert }]
}

/// Where `pos` (not inside an edited range) is after the edits.
fn map_pos(edits: &[TextEdit], pos: usize) -> usize {
    let mut out = pos;
    for e in edits {
        if e.range.end <= pos {
            out = out + e.insert.len() - e.range.len();
        }
    }
    out
}

impl Cx<'_> {
    fn non_empty_children(&self, lay: &Layout, except: Option<usize>) -> usize {
        lay.children
            .iter()
            .filter(|c| !c.empty && c.element.is_none_or(|e| Some(e) != except))
            .count()
    }

    fn set_prop(
        &self,
        node: At,
        name: &str,
        value: &PropValue,
        position: Option<usize>,
    ) -> Result<Edit, EditError> {
        if name == "children" {
            return Err(EditError::ChildrenProp);
        }
        if !is_prop_name(name) {
            return Err(EditError::BadPropName(name.to_string()));
        }
        let f = self.idx.get(node)?;
        let lay = layout(self.src, f.el);
        let text = value_text(value)?;
        // The last attribute of that name is the one that counts.
        if let Some(a) = lay
            .attrs
            .iter()
            .rev()
            .find(|a| a.name.as_deref() == Some(name))
        {
            let old = self.src[a.name_end..a.range.end].to_string();
            return Ok(Edit {
                edits: one(a.name_end..a.range.end, text),
                node,
                inverse: Some(Change::SetProp {
                    node,
                    name: name.to_string(),
                    value: PropValue::Raw(old),
                    position: None,
                }),
            });
        }
        let n = lay.attrs.len();
        let p = position.unwrap_or(n).min(n);
        let gap = |i: usize| -> &str {
            let a = &lay.attrs[i];
            let floor = if i == 0 {
                f.el.name_span.end as usize
            } else {
                lay.attrs[i - 1].range.end
            };
            &self.src[ws_before(self.src, a.range.start, floor)..a.range.start]
        };
        let g = if p < n {
            gap(p)
        } else if n > 0 {
            gap(n - 1)
        } else {
            " "
        };
        let g = if g.is_empty() { " " } else { g };
        // Before the blanks that precede attribute p (after any comment there), or after
        // the last attribute.
        let at = if p < n {
            let floor = if p == 0 {
                f.el.name_span.end as usize
            } else {
                lay.attrs[p - 1].range.end
            };
            ws_before(self.src, lay.attrs[p].range.start, floor)
        } else if n > 0 {
            lay.attrs[n - 1].range.end
        } else {
            f.el.name_span.end as usize
        };
        Ok(Edit {
            edits: one(at..at, format!("{g}{name}{text}")),
            node,
            inverse: Some(Change::RemoveProp {
                node,
                name: name.to_string(),
            }),
        })
    }

    fn remove_prop(&self, node: At, name: &str) -> Result<Edit, EditError> {
        let f = self.idx.get(node)?;
        let lay = layout(self.src, f.el);
        let Some((i, a)) = lay
            .attrs
            .iter()
            .enumerate()
            .rev()
            .find(|(_, a)| a.name.as_deref() == Some(name))
        else {
            return Err(EditError::NoSuchProp {
                node: f.el.name.clone(),
                name: name.to_string(),
            });
        };
        let floor = if i == 0 {
            f.el.name_span.end as usize
        } else {
            lay.attrs[i - 1].range.end
        };
        let start = ws_before(self.src, a.range.start, floor);
        // The blanks before it end a `// comment` there: keep them (and the comment's line
        // break), and take the blanks after the attribute instead.
        let range = if self.src[floor..start].contains("//") {
            let after = skip_ws(self.src, a.range.end);
            if self.src[after..].starts_with('>') || self.src[after..].starts_with("/>") {
                a.range.clone()
            } else {
                a.range.start..after
            }
        } else {
            start..a.range.end
        };
        Ok(Edit {
            edits: one(range, String::new()),
            node,
            inverse: Some(Change::SetProp {
                node,
                name: name.to_string(),
                value: PropValue::Raw(self.src[a.name_end..a.range.end].to_string()),
                position: Some(i),
            }),
        })
    }

    /// The indentation of `parent`'s children: that of a child that starts its line, or the
    /// parent's line indentation and one unit.
    fn child_indent(&self, parent: &Element, lay: &Layout) -> String {
        for c in &lay.children {
            if starts_line(self.src, c.range.start) {
                return line_indent(self.src, c.range.start).to_string();
            }
        }
        format!(
            "{}{}",
            line_indent(self.src, parent.span.start as usize),
            self.unit
        )
    }

    /// The text edit that puts `text` (already indented for the children) at `index` of
    /// `parent`'s children, and the offset of `text` in the edit's insert.
    fn insertion(
        &self,
        parent: &Element,
        lay: &Layout,
        index: usize,
        text: &str,
    ) -> (TextEdit, usize) {
        let src = self.src;
        let l = &lay.children;
        let n = l.len();
        let gap = |a: usize, b: usize| &src[a..b];
        if n == 0 {
            let own = line_indent(src, parent.span.start as usize);
            let indent = self.child_indent(parent, lay);
            let close = format!("</{}>", parent.name);
            let (range, head) = if lay.self_closing {
                // A multi-line open tag keeps its `/>` line for the `>`.
                let ws = ws_before(src, lay.tag_close, lay.attrs_end);
                let start = if src[ws..lay.tag_close].contains('\n') {
                    lay.tag_close
                } else {
                    ws
                };
                (start..parent.span.end as usize, ">")
            } else {
                (lay.content.clone(), "")
            };
            let tail = if lay.self_closing { close.as_str() } else { "" };
            let insert = format!("{head}\n{indent}{text}\n{own}{tail}");
            let offset = head.len() + 1 + indent.len();
            return (TextEdit { range, insert }, offset);
        }
        if index == 0 {
            let g = if n >= 2 {
                gap(l[0].range.end, l[1].range.start)
            } else {
                gap(lay.content.start, l[0].range.start)
            };
            let at = l[0].range.start;
            return (
                TextEdit {
                    range: at..at,
                    insert: format!("{text}{g}"),
                },
                0,
            );
        }
        let g = if index < n {
            gap(l[index - 1].range.end, l[index].range.start)
        } else if n >= 2 {
            gap(l[n - 2].range.end, l[n - 1].range.start)
        } else {
            gap(lay.content.start, l[0].range.start)
        };
        let at = l[index - 1].range.end;
        (
            TextEdit {
                range: at..at,
                insert: format!("{g}{text}"),
            },
            g.len(),
        )
    }

    /// The text edit that takes child `index` out of `parent`'s children.
    fn removal(&self, parent: &Element, lay: &Layout, index: usize) -> TextEdit {
        let l = &lay.children;
        if index > 0 {
            return TextEdit {
                range: l[index - 1].range.end..l[index].range.end,
                insert: String::new(),
            };
        }
        if l.len() > 1 {
            return TextEdit {
                range: l[0].range.start..l[1].range.start,
                insert: String::new(),
            };
        }
        // The last child: the element closes itself, keeping a multi-line open tag's layout.
        let before = &self.src[lay.attrs_end..lay.tag_close];
        let keep = if before.contains('\n') {
            &before[before.trim_end().len()..]
        } else {
            " "
        };
        let start = ws_before(self.src, lay.tag_close, lay.attrs_end);
        TextEdit {
            range: start..parent.span.end as usize,
            insert: format!("{keep}/>"),
        }
    }

    fn list_ctx<'b>(&self, f: &Found<'b>) -> Result<(&'b Element, usize), EditError> {
        match f.ctx {
            Ctx::List { parent, index } => Ok((parent, index)),
            Ctx::Root => Err(EditError::NotInChildren {
                name: f.el.name.clone(),
                root: true,
            }),
            Ctx::Nested => Err(EditError::NotInChildren {
                name: f.el.name.clone(),
                root: false,
            }),
        }
    }

    fn insert(&self, parent: At, index: usize, child: &NewChild) -> Result<Edit, EditError> {
        let p = self.idx.get(parent)?;
        let lay = layout(self.src, p.el);
        let n = lay.children.len();
        if index > n {
            return Err(EditError::IndexOutOfRange { index, len: n });
        }
        let snippet = match child {
            NewChild::Component(name) => default_snippet(name)
                .ok_or_else(|| EditError::Placement(Refusal::Unknown { name: name.clone() }))?,
            NewChild::Jsx(text) => text.trim(),
        };
        let el = match parse_view(snippet) {
            Ok(Expr {
                kind: ExprKind::Element(el),
                ..
            }) => el,
            Ok(_) => {
                return Err(EditError::BadJsx {
                    message: "expected one element such as <Text value=\"…\" />".into(),
                });
            }
            Err(e) => return Err(EditError::BadJsx { message: e.message }),
        };
        may_add(
            Some(&p.el.name),
            &el.name,
            self.non_empty_children(&lay, None),
        )
        .map_err(EditError::Placement)?;
        // What it holds must stand where it stands too (a pasted `<Row><Card/></Row>`).
        nested_placement(&el).map_err(EditError::Placement)?;
        let indent = self.child_indent(p.el, &lay);
        let text = place_snippet(snippet, &indent, &self.unit)?;
        let (edit, offset) = self.insertion(p.el, &lay, index, &text);
        let new = At(edit.range.start + offset);
        Ok(Edit {
            edits: vec![edit],
            node: new,
            inverse: Some(Change::Delete { node: new }),
        })
    }

    fn delete(&self, node: At) -> Result<Edit, EditError> {
        let f = self.idx.get(node)?;
        let (parent, index) = self.list_ctx(&f)?;
        let lay = layout(self.src, parent);
        if spec::component(&parent.name).is_some_and(|c| c.children == Children::One)
            && self.non_empty_children(&lay, Some(node.0)) == 0
        {
            return Err(EditError::WouldEmpty {
                parent: parent.name.clone(),
            });
        }
        let edit = self.removal(parent, &lay, index);
        let text = node_text(self.src, node)?;
        Ok(Edit {
            edits: vec![edit],
            node: At(parent.span.start as usize),
            inverse: Some(Change::Insert {
                parent: At(parent.span.start as usize),
                index,
                child: NewChild::Jsx(text),
            }),
        })
    }

    fn duplicate(&self, node: At) -> Result<Edit, EditError> {
        let f = self.idx.get(node)?;
        let (parent, _) = self.list_ctx(&f)?;
        let lay = layout(self.src, parent);
        may_add(
            Some(&parent.name),
            &f.el.name,
            self.non_empty_children(&lay, None),
        )
        .map_err(EditError::Placement)?;
        let r = span(f.el);
        // The blanks before it: from the previous sibling, or from the open tag.
        let floor = lay
            .children
            .iter()
            .map(|c| c.range.end)
            .rfind(|&e| e <= r.start)
            .unwrap_or(lay.content.start);
        let g = &self.src[ws_before(self.src, r.start, floor)..r.start];
        let at = r.end;
        let new = At(at + g.len());
        Ok(Edit {
            edits: one(at..at, format!("{g}{}", &self.src[r])),
            node: new,
            inverse: Some(Change::Delete { node: new }),
        })
    }

    fn move_node(&self, node: At, to: At, index: usize) -> Result<Edit, EditError> {
        let f = self.idx.get(node)?;
        let (parent, from_index) = self.list_ctx(&f)?;
        let q = self.idx.get(to)?;
        let r = span(f.el);
        if r.start <= to.0 && to.0 < r.end {
            return Err(EditError::IntoItself {
                name: f.el.name.clone(),
            });
        }
        let p_lay = layout(self.src, parent);
        if same_place(parent, q.el, from_index, index) {
            return Ok(Edit {
                edits: Vec::new(),
                node,
                inverse: Some(Change::Move {
                    node,
                    parent: to,
                    index,
                }),
            });
        }
        let q_lay = layout(self.src, q.el);
        let same = parent.span.start == q.el.span.start;
        let q_len = q_lay.children.len() - usize::from(same);
        if index > q_len {
            return Err(EditError::IndexOutOfRange { index, len: q_len });
        }
        may_add(
            Some(&q.el.name),
            &f.el.name,
            self.non_empty_children(&q_lay, Some(node.0)),
        )
        .map_err(EditError::Placement)?;
        if !same
            && spec::component(&parent.name).is_some_and(|c| c.children == Children::One)
            && self.non_empty_children(&p_lay, Some(node.0)) == 0
        {
            return Err(EditError::WouldEmpty {
                parent: parent.name.clone(),
            });
        }
        // Take it out, then put it in the source without it.
        let removal = self.removal(parent, &p_lay, from_index);
        let s1 = apply_edits(self.src, std::slice::from_ref(&removal));
        let root1 = parse_view(&s1).map_err(|e| EditError::Breaks { message: e.message })?;
        let idx1 = Index::build(&root1);
        let q1_at = map_pos(std::slice::from_ref(&removal), to.0);
        let q1 = idx1.get(At(q1_at)).map_err(|_| EditError::Breaks {
            message: "the target moved".into(),
        })?;
        let q1_lay = layout(&s1, q1.el);
        let cx1 = Cx {
            src: &s1,
            idx: &idx1,
            unit: self.unit.clone(),
        };
        let indent = cx1.child_indent(q1.el, &q1_lay);
        let text = reindent(
            self.src,
            r.clone(),
            line_indent(self.src, r.start),
            &indent,
            &literal_ranges(f.el),
        );
        let (ins, offset) = cx1.insertion(q1.el, &q1_lay, index, &text);
        let new = At(ins.range.start + offset);
        let edits = compose(self.src, &removal, &ins);
        // The old parent in the new source (it starts before the node).
        let p_new = At(map_pos(&edits, parent.span.start as usize));
        Ok(Edit {
            edits,
            node: new,
            inverse: Some(Change::Move {
                node: new,
                parent: p_new,
                index: from_index,
            }),
        })
    }

    fn wrap(&self, node: At, wrapper: Wrapper) -> Result<Edit, EditError> {
        let f = self.idx.get(node)?;
        let w = wrapper.name();
        let place = f.place.map(|p| p.name.as_str());
        may_place(place, w).map_err(EditError::Placement)?;
        may_place(Some(w), &f.el.name).map_err(EditError::Placement)?;
        let r = span(f.el);
        let own = line_indent(self.src, r.start).to_string();
        let inner = format!("{own}{}", self.unit);
        let text = reindent(self.src, r.clone(), &own, &inner, &literal_ranges(f.el));
        let insert = format!("<{w}>\n{inner}{text}\n{own}</{w}>");
        Ok(Edit {
            edits: one(r.clone(), insert),
            node,
            inverse: Some(Change::Unwrap { node }),
        })
    }

    fn unwrap(&self, node: At) -> Result<Edit, EditError> {
        let f = self.idx.get(node)?;
        let lay = layout(self.src, f.el);
        let only = match lay.children.as_slice() {
            [c] => c.element,
            _ => None,
        };
        let Some(child_at) = only else {
            return Err(EditError::NotOneChild {
                name: f.el.name.clone(),
                children: lay.children.len(),
            });
        };
        let c = self.idx.get(At(child_at))?;
        may_place(f.place.map(|p| p.name.as_str()), &c.el.name).map_err(EditError::Placement)?;
        let r = span(f.el);
        let cr = span(c.el);
        let text = reindent(
            self.src,
            cr.clone(),
            line_indent(self.src, cr.start),
            line_indent(self.src, r.start),
            &literal_ranges(c.el),
        );
        let inverse = match Wrapper::ALL.iter().find(|w| w.name() == f.el.name) {
            Some(w) if f.el.attrs.is_empty() => Some(Change::Wrap { node, wrapper: *w }),
            _ => None,
        };
        Ok(Edit {
            edits: one(r, text),
            node,
            inverse,
        })
    }
}

fn same_place(parent: &Element, to: &Element, from: usize, index: usize) -> bool {
    parent.span.start == to.span.start && from == index
}

/// The edits of `first` then `second` (whose range is in the source after `first`), as
/// edits of the original source.
fn compose(src: &str, first: &TextEdit, second: &TextEdit) -> Vec<TextEdit> {
    let r = &first.range;
    let t1 = first.insert.len();
    let q = &second.range;
    // Where t1 sits after the first edit.
    let (a, b) = (r.start, r.start + t1);
    if q.end < a {
        // Entirely before the first edit.
        return vec![second.clone(), first.clone()];
    }
    if q.start > b {
        let shift = |x: usize| x - t1 + r.len();
        return vec![
            first.clone(),
            TextEdit {
                range: shift(q.start)..shift(q.end),
                insert: second.insert.clone(),
            },
        ];
    }
    // They touch: one edit over both.
    let s1 = apply_edits(src, std::slice::from_ref(first));
    let s2 = apply_edits(&s1, std::slice::from_ref(second));
    let lo = q.start.min(a);
    let hi1 = q.end.max(b);
    let hi = hi1 - t1 + r.len();
    let hi2 = hi1 - q.len() + second.insert.len();
    vec![TextEdit {
        range: lo..hi,
        insert: s2[lo..hi2].to_string(),
    }]
}

// ---------------------------------------------------------------------------------------
// Random changes (shared by the tests and the fuzz target)

/// The parsed view without positions: what an inverse must restore when it does not promise
/// the same bytes. `None` when the source does not parse.
pub fn shape(src: &str) -> Option<String> {
    let tree = format!("{:?}", parse_view(src).ok()?);
    let mut out = String::with_capacity(tree.len());
    let mut rest = tree.as_str();
    while let Some(i) = rest.find("Span { start: ") {
        out.push_str(&rest[..i]);
        let after = &rest[i..];
        let end = after.find('}').map_or(after.len(), |j| j + 1);
        rest = &after[end..];
    }
    out.push_str(rest);
    Some(out)
}

/// Strings that exercise escaping: quotes, entities, line breaks, emoji and CJK (multi-byte
/// UTF-8), backslashes, braces and tags.
pub const SAMPLE_STRINGS: &[&str] = &[
    "Hello",
    "héllo 👋🏽 wörld",
    "日本語のテキスト",
    "say \"hi\"",
    "it's",
    "a & b &amp; c",
    "line\nbreak",
    "tab\there",
    "back\\slash",
    "",
    "{braces}",
    "</Text>",
    "\u{2028}sep",
];

const SAMPLE_EXPRS: &[&str] = &[
    "title",
    "item.title ?? \"—\"",
    "count > 1 ? `${count} items` : \"one\"",
    "{ x: 4, y: 2 }",
    "[1, 2, 3]",
    "\"}\"",
];

const SAMPLE_PROPS: &[&str] = &["id", "value", "label", "gap", "color", "size", "data-probe"];

/// A change chosen for `source` with `pick(n)` choosing a number in `0..n` (n > 0): a kind
/// of edit, an element, a prop, a value, a component, a target and an index. Some picks are
/// refused by the edit (a placement the rules forbid, an index past the end); that is part
/// of what is tested. `None` when the source does not parse. For randomised tests and the
/// fuzz target.
pub fn pick_change(source: &str, pick: &mut dyn FnMut(usize) -> usize) -> Option<Change> {
    let root = parse_view(source).ok()?;
    let idx = Index::build(&root);
    if idx.all.is_empty() {
        return None;
    }
    let n = idx.all.len();
    let f = idx.all[pick(n) % n];
    let node = At(f.el.span.start as usize);
    let other = idx.all[pick(n) % n];
    let other_len = layout(source, other.el).children.len();
    let names: Vec<&str> =
        f.el.attrs
            .iter()
            .filter_map(|a| match a {
                Attr::Named { name, .. } => Some(name.as_str()),
                Attr::Spread(_) => None,
            })
            .collect();
    let prop = |pick: &mut dyn FnMut(usize) -> usize| -> String {
        if !names.is_empty() && pick(2) == 0 {
            names[pick(names.len()) % names.len()].to_string()
        } else {
            SAMPLE_PROPS[pick(SAMPLE_PROPS.len()) % SAMPLE_PROPS.len()].to_string()
        }
    };
    Some(match pick(8) {
        0 => {
            let value = match pick(4) {
                0 => PropValue::Str(
                    SAMPLE_STRINGS[pick(SAMPLE_STRINGS.len()) % SAMPLE_STRINGS.len()].into(),
                ),
                1 => PropValue::Num([0.0, 2.0, -3.5, 1e-7, 12345.0][pick(5) % 5]),
                2 => PropValue::Bool(pick(2) == 0),
                _ => PropValue::Expr(
                    SAMPLE_EXPRS[pick(SAMPLE_EXPRS.len()) % SAMPLE_EXPRS.len()].into(),
                ),
            };
            Change::SetProp {
                node,
                name: prop(pick),
                value,
                position: None,
            }
        }
        1 => Change::RemoveProp {
            node,
            name: prop(pick),
        },
        2 => {
            let c = spec::COMPONENTS.len();
            let k = pick(c + 1) % (c + 1);
            let child = if k == c {
                NewChild::Jsx("<Text value={\"✓ 新しい\"} />".into())
            } else {
                NewChild::Component(spec::COMPONENTS[k].name.into())
            };
            Change::Insert {
                parent: At(other.el.span.start as usize),
                index: pick(other_len + 2) % (other_len + 2),
                child,
            }
        }
        3 => Change::Move {
            node,
            parent: At(other.el.span.start as usize),
            index: pick(other_len + 1) % (other_len + 1),
        },
        4 => Change::Delete { node },
        5 => Change::Duplicate { node },
        6 => Change::Wrap {
            node,
            wrapper: Wrapper::ALL[pick(4) % 4],
        },
        _ => Change::Unwrap { node },
    })
}

#[cfg(test)]
mod expression_tests {
    use super::check_expression;

    #[test]
    fn an_expression_that_does_not_read_says_where_in_it() {
        assert_eq!(check_expression("{ id: f.id, price: f.price }"), Ok(()));
        assert_eq!(check_expression("a ? \"x\" : \"y\""), Ok(()));
        let (at, why) = check_expression("{ id: f.id, price: f.price").unwrap_err();
        // Where the text ran out: past its end, not in the studio's wrapping of it.
        assert_eq!(at, "{ id: f.id, price: f.price".len(), "{why}");
        let (at, _) = check_expression("1 +* 2").unwrap_err();
        assert!(at <= 4, "{at}");
    }
}
