//! The syntax tree of a JSX view.

use crate::json::Span;

/// An expression with its position in the view.
#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    Undefined,
    Null,
    Bool(bool),
    Num(f64),
    Str(String),
    /// A template literal: `quasis.len() == exprs.len() + 1`.
    Template {
        quasis: Vec<String>,
        exprs: Vec<Expr>,
    },
    Ident(String),
    /// `obj.name` or `obj?.name`.
    Member {
        obj: Box<Expr>,
        name: String,
        optional: bool,
    },
    /// `obj[index]` or `obj?.[index]`.
    Index {
        obj: Box<Expr>,
        index: Box<Expr>,
        optional: bool,
    },
    /// `callee(args)`; methods are calls whose callee is a member.
    Call {
        callee: Box<Expr>,
        args: Vec<Expr>,
        optional: bool,
    },
    Array(Vec<ArrayItem>),
    Object(Vec<ObjectItem>),
    /// `(a, b) => body`
    Arrow {
        params: Vec<String>,
        body: Box<Expr>,
    },
    Unary {
        op: UnaryOp,
        expr: Box<Expr>,
    },
    Binary {
        op: BinaryOp,
        left: Box<Expr>,
        right: Box<Expr>,
    },
    Logical {
        op: LogicalOp,
        left: Box<Expr>,
        right: Box<Expr>,
    },
    Cond {
        test: Box<Expr>,
        cons: Box<Expr>,
        alt: Box<Expr>,
    },
    Element(Element),
    Fragment(Vec<Child>),
}

impl Expr {
    /// Calls `f` on each expression directly inside this one, in source order: what a walk
    /// looking for something inside expressions recurses into. A JSX element or fragment has
    /// children rather than sub-expressions: the walk handles those itself.
    pub fn for_each_sub<'a>(&'a self, mut f: impl FnMut(&'a Expr)) {
        match &self.kind {
            ExprKind::Template { exprs, .. } => exprs.iter().for_each(f),
            ExprKind::Member { obj, .. } => f(obj),
            ExprKind::Index { obj, index, .. } => {
                f(obj);
                f(index);
            }
            ExprKind::Call { callee, args, .. } => {
                f(callee);
                args.iter().for_each(f);
            }
            ExprKind::Array(items) => {
                for it in items {
                    match it {
                        ArrayItem::Item(x) | ArrayItem::Spread(x) => f(x),
                    }
                }
            }
            ExprKind::Object(items) => {
                for it in items {
                    match it {
                        ObjectItem::Prop { value, .. } => f(value),
                        ObjectItem::Computed { key, value } => {
                            f(key);
                            f(value);
                        }
                        ObjectItem::Spread(x) => f(x),
                    }
                }
            }
            ExprKind::Arrow { body, .. } => f(body),
            ExprKind::Unary { expr, .. } => f(expr),
            ExprKind::Binary { left, right, .. } | ExprKind::Logical { left, right, .. } => {
                f(left);
                f(right);
            }
            ExprKind::Cond { test, cons, alt } => {
                f(test);
                f(cons);
                f(alt);
            }
            ExprKind::Undefined
            | ExprKind::Null
            | ExprKind::Bool(_)
            | ExprKind::Num(_)
            | ExprKind::Str(_)
            | ExprKind::Ident(_)
            | ExprKind::Element(_)
            | ExprKind::Fragment(_) => {}
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum ArrayItem {
    Item(Expr),
    Spread(Expr),
}

#[derive(Clone, Debug, PartialEq)]
pub enum ObjectItem {
    /// `key: value`, `"key": value`, or shorthand `key` (value is the identifier).
    Prop {
        key: String,
        key_span: Span,
        value: Expr,
    },
    /// `[expr]: value`
    Computed {
        key: Expr,
        value: Expr,
    },
    Spread(Expr),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnaryOp {
    Not,
    Neg,
    Plus,
    TypeOf,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinaryOp {
    Add,
    Sub,
    Mul,
    Div,
    Rem,
    StrictEq,
    StrictNe,
    LooseEq,
    LooseNe,
    Lt,
    Le,
    Gt,
    Ge,
}

impl BinaryOp {
    pub fn as_str(self) -> &'static str {
        match self {
            BinaryOp::Add => "+",
            BinaryOp::Sub => "-",
            BinaryOp::Mul => "*",
            BinaryOp::Div => "/",
            BinaryOp::Rem => "%",
            BinaryOp::StrictEq => "===",
            BinaryOp::StrictNe => "!==",
            BinaryOp::LooseEq => "==",
            BinaryOp::LooseNe => "!=",
            BinaryOp::Lt => "<",
            BinaryOp::Le => "<=",
            BinaryOp::Gt => ">",
            BinaryOp::Ge => ">=",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogicalOp {
    And,
    Or,
    Nullish,
}

/// `<Name attr=… >children</Name>`
#[derive(Clone, Debug, PartialEq)]
pub struct Element {
    pub name: String,
    pub name_span: Span,
    pub attrs: Vec<Attr>,
    /// `None` for a self-closing element.
    pub children: Option<Vec<Child>>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Attr {
    /// `name="text"`, `name={expr}` or `name` (true).
    Named {
        name: String,
        name_span: Span,
        value: AttrValue,
    },
    /// `{...expr}`
    Spread(Expr),
}

#[derive(Clone, Debug, PartialEq)]
pub enum AttrValue {
    Str(String, Span),
    Expr(Expr),
    /// Boolean shorthand: `<Image frame />`.
    True,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Child {
    /// Non-blank JSX text (already trimmed as JSX does).
    Text(String, Span),
    /// `{expr}`
    Expr(Expr),
    /// `{}` or `{/* comment */}`
    Empty,
    Element(Element),
    Fragment(Vec<Child>, Span),
}
