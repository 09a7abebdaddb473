//! Parser for JSX views: JSX elements, fragments and a JavaScript expression subset.
//!
//! Recursive descent over the source text, with every node's byte span kept for
//! located errors. Nesting is bounded ([`MAX_DEPTH`]) so hostile input cannot
//! overflow the stack.

use super::ast::*;
use crate::json::Span;
use std::rc::Rc;

/// Deepest nesting of expressions and elements the parser accepts.
pub const MAX_DEPTH: usize = 64;

/// A syntax error at a byte offset of the view.
#[derive(Clone, Debug, PartialEq)]
pub struct SyntaxError {
    pub message: String,
    pub span: Span,
}

type PResult<T> = Result<T, SyntaxError>;

thread_local! {
    /// The last two views parsed (up to [`SHARED_MAX`] bytes each) and their trees, the latest
    /// first. In the editor one visual edit reads the text before it and the text after it
    /// several times (the edit and its check, where its node is, the outline, the drawing and
    /// its validation after the paint), and a 500-node view takes about 0.2 ms to parse in the
    /// browser. A cache, not state: a tree is what [`parse_view`] gives for exactly that text.
    static PARSED: std::cell::RefCell<Vec<(String, Rc<Expr>)>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// The largest view [`parse_view_shared`] keeps: the editor builds views up to 32 KiB itself
/// (larger ones are built on the server), and a server thread should not hold on to the trees
/// of large ones.
pub const SHARED_MAX: usize = 32 * 1024;

/// Forgets the trees [`parse_view_shared`] keeps, so that the next parse of any text is done
/// again (the benchmarks time the parse).
pub fn clear_shared() {
    PARSED.with_borrow_mut(Vec::clear);
}

/// [`parse_view`], sharing the tree with the last calls for the same text.
pub fn parse_view_shared(src: &str) -> PResult<Rc<Expr>> {
    if src.len() > SHARED_MAX {
        return parse_view(src).map(Rc::new);
    }
    let hit = PARSED.with_borrow(|kept| {
        kept.iter()
            .find(|(text, _)| text == src)
            .map(|(_, root)| root.clone())
    });
    if let Some(root) = hit {
        return Ok(root);
    }
    let root = Rc::new(parse_view(src)?);
    PARSED.with_borrow_mut(|kept| {
        kept.insert(0, (src.to_string(), root.clone()));
        kept.truncate(2);
    });
    Ok(root)
}

/// Parses a whole view: one expression (normally a root element), then the end.
pub fn parse_view(src: &str) -> PResult<Expr> {
    let mut p = Parser {
        src,
        pos: 0,
        depth: 0,
        peak: 0,
    };
    p.skip_ws()?;
    if p.pos >= src.len() {
        return Err(p.err_here("the view is empty: expected a root element such as <Card>…</Card>"));
    }
    let e = p.expr()?;
    p.skip_ws()?;
    if p.pos < src.len() {
        return Err(p.err_here(format!(
            "unexpected {} after the end of the view; a view is a single root element",
            p.describe_here()
        )));
    }
    Ok(e)
}

/// Parses a standalone expression (used by tests and the evaluator's tooling).
pub fn parse_expr(src: &str) -> PResult<Expr> {
    parse_view(src)
}

/// A top-level statement of a small module (the zod schema source).
#[derive(Clone, Debug, PartialEq)]
pub enum Stmt {
    /// `const name = expr` (also `let`/`var`, with or without `export`).
    Const { name: String, value: Expr },
    /// `export default expr`
    ExportDefault(Expr),
}

/// Parses a module of `import …`, `const X = …`, `export default …` and `type …` statements;
/// imports and type declarations are skipped.
pub fn parse_module(src: &str) -> PResult<Vec<Stmt>> {
    let mut p = Parser {
        src,
        pos: 0,
        depth: 0,
        peak: 0,
    };
    let mut out = Vec::new();
    loop {
        p.skip_ws()?;
        if p.pos >= src.len() {
            return Ok(out);
        }
        let start = p.pos;
        let word = p.ident().unwrap_or_default();
        match word.as_str() {
            "import" | "type" | "interface" => {
                // Skip to the end of the statement.
                p.pos += statement_end(p.rest());
            }
            "export" => {
                p.skip_ws()?;
                let save = p.pos;
                match p.ident().as_deref() {
                    Some("default") => {
                        let e = p.expr()?;
                        out.push(Stmt::ExportDefault(e));
                    }
                    Some("const" | "let" | "var") => {
                        p.pos = save;
                        p.ident();
                        out.push(p.declaration()?);
                    }
                    Some("type" | "interface") => {
                        p.pos += statement_end(p.rest());
                    }
                    _ => {
                        return Err(p.err(
                            start,
                            p.pos,
                            "expected `export default …` or `export const …`",
                        ));
                    }
                }
            }
            "const" | "let" | "var" => out.push(p.declaration()?),
            // A schema typed bare, `z.object({…})`, is the one exported.
            "z" if p.peek() == Some('.') => {
                p.pos = start;
                let e = p.expr()?;
                out.push(Stmt::ExportDefault(e));
            }
            _ => {
                return Err(p.err(
                    start,
                    p.pos.max(start + 1),
                    "expected `import`, `const`, `export default` or a schema such as `z.object({…})` at the top level of the schema",
                ));
            }
        }
        p.skip_ws()?;
        p.eat(";");
    }
}

/// Where a skipped one-line statement (`import …`, `type …`) ends: the first `;` or newline.
fn statement_end(rest: &str) -> usize {
    match (rest.find(';'), rest.find('\n')) {
        (Some(a), Some(b)) => a.min(b) + 1,
        (Some(a), None) => a + 1,
        (None, Some(b)) => b + 1,
        (None, None) => rest.len(),
    }
}

impl Parser<'_> {
    fn declaration(&mut self) -> PResult<Stmt> {
        self.skip_ws()?;
        let name = self
            .ident()
            .ok_or_else(|| self.err_here("expected a name after const"))?;
        self.skip_ws()?;
        // Optional type annotation `: T` up to `=`.
        if self.eat(":") {
            while let Some(c) = self.peek() {
                if c == '=' {
                    break;
                }
                self.bump();
            }
        }
        self.expect("=", "after the name")?;
        let value = self.expr()?;
        Ok(Stmt::Const { name, value })
    }
}

struct Parser<'s> {
    src: &'s str,
    pos: usize,
    depth: usize,
    /// The deepest level reached (by nesting or by a chain's tree) since [`Parser::operand`]
    /// began measuring: how deep the tree just parsed goes.
    peak: usize,
}

fn is_ident_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_' || c == '$'
}

fn is_ident_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '$'
}

impl<'s> Parser<'s> {
    fn rest(&self) -> &'s str {
        &self.src[self.pos..]
    }
    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }
    fn peek_at(&self, n: usize) -> Option<char> {
        self.rest().chars().nth(n)
    }
    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }
    fn eat(&mut self, s: &str) -> bool {
        if self.rest().starts_with(s) {
            self.pos += s.len();
            true
        } else {
            false
        }
    }
    fn err(&self, start: usize, end: usize, message: impl Into<String>) -> SyntaxError {
        SyntaxError {
            message: message.into(),
            span: Span::new(start, end.max(start)),
        }
    }
    fn err_here(&self, message: impl Into<String>) -> SyntaxError {
        let len = self.peek().map_or(0, char::len_utf8);
        self.err(self.pos, self.pos + len, message)
    }
    fn describe_here(&self) -> String {
        match self.peek() {
            None => "the end of the view".into(),
            Some(c) => format!("'{c}'"),
        }
    }
    fn expect(&mut self, s: &str, what: &str) -> PResult<()> {
        self.skip_ws()?;
        if self.eat(s) {
            Ok(())
        } else {
            Err(self.err_here(format!(
                "expected '{s}' {what}, found {}",
                self.describe_here()
            )))
        }
    }
    fn enter(&mut self) -> PResult<()> {
        self.depth += 1;
        self.peak = self.peak.max(self.depth);
        if self.depth > MAX_DEPTH {
            return Err(self.err_here(format!(
                "the view nests deeper than {MAX_DEPTH} levels; split it up"
            )));
        }
        Ok(())
    }
    fn leave(&mut self) {
        self.depth -= 1;
    }

    /// Skips whitespace and comments.
    fn skip_ws(&mut self) -> PResult<()> {
        loop {
            let before = self.pos;
            while let Some(c) = self.peek() {
                if c.is_whitespace() {
                    self.bump();
                } else {
                    break;
                }
            }
            if self.rest().starts_with("//") {
                while let Some(c) = self.bump() {
                    if c == '\n' {
                        break;
                    }
                }
            } else if self.rest().starts_with("/*") {
                let start = self.pos;
                match self.rest()[2..].find("*/") {
                    Some(i) => self.pos += i + 4,
                    None => {
                        return Err(self.err(start, start + 2, "unterminated comment: missing */"));
                    }
                }
            }
            if self.pos == before {
                return Ok(());
            }
        }
    }

    fn ident(&mut self) -> Option<String> {
        let start = self.pos;
        if !self.peek().is_some_and(is_ident_start) {
            return None;
        }
        while self.peek().is_some_and(is_ident_char) {
            self.bump();
        }
        Some(self.src[start..self.pos].to_string())
    }

    // ---- expressions ---------------------------------------------------------

    fn expr(&mut self) -> PResult<Expr> {
        // The links of a chain (`a + b + …`, `a.b.c…`) each add a level too ([`Parser::link`]);
        // they end with the expression.
        let outer = self.depth;
        self.enter()?;
        let r = self.arrow_or_cond();
        self.depth = outer;
        r
    }

    /// Parses an operand of a chain where the chain stands, and says how deep its own tree
    /// goes below that; the depth is the same after. (Operands of one chain are side by side,
    /// not inside each other: `a.b + c.d` is a tree 3 deep, not 4.)
    fn operand(&mut self, parse: fn(&mut Self) -> PResult<Expr>) -> PResult<(Expr, usize)> {
        let base = self.depth;
        let outer = std::mem::replace(&mut self.peak, base);
        let r = parse(self);
        let below = self.peak.saturating_sub(base);
        self.peak = outer.max(self.peak);
        self.depth = base;
        r.map(|e| (e, below))
    }

    /// One more link of a chain (an operator, `.`, `[…]` or a call) over a tree `tree` deep,
    /// its new operand `right` deep: the new tree's depth. `a + b + c` is a tree as deep as
    /// it is long, and the evaluator, the exports and dropping the tree recurse through it, so
    /// its depth counts against [`MAX_DEPTH`] like nesting does (a view of 1,000 `+` overflowed
    /// the stack).
    fn link(&mut self, tree: usize, right: usize) -> PResult<usize> {
        let tree = 1 + tree.max(right);
        let at = self.depth + tree;
        self.peak = self.peak.max(at);
        if at > MAX_DEPTH {
            return Err(self.err_here(format!(
                "this expression chains or nests deeper than {MAX_DEPTH} levels (each operator, `.`, `[…]` and call of a chain counts); split it up, for example with a template literal or a variable in the data"
            )));
        }
        Ok(tree)
    }

    fn arrow_or_cond(&mut self) -> PResult<Expr> {
        self.skip_ws()?;
        let start = self.pos;
        if let Some(params) = self.try_arrow_params()? {
            self.skip_ws()?;
            let body = if self.peek() == Some('{') {
                self.block_body()?
            } else {
                self.expr()?
            };
            let span = Span::new(start, body.span.end as usize);
            return Ok(Expr {
                kind: ExprKind::Arrow {
                    params,
                    body: Box::new(body),
                },
                span,
            });
        }
        self.conditional()
    }

    /// `{ return expr; }` as an arrow body.
    fn block_body(&mut self) -> PResult<Expr> {
        self.expect("{", "to open the function body")?;
        self.skip_ws()?;
        let kw = self.pos;
        if self.ident().as_deref() != Some("return") {
            return Err(self.err(
                kw,
                self.pos,
                "a function body must be `{ return expression; }` (or write `=> expression`)",
            ));
        }
        let e = self.expr()?;
        self.skip_ws()?;
        self.eat(";");
        self.expect("}", "to close the function body")?;
        Ok(e)
    }

    /// Recognises `x =>`, `(x, y) =>` and `() =>`; restores the position otherwise.
    fn try_arrow_params(&mut self) -> PResult<Option<Vec<String>>> {
        let save = self.pos;
        if let Some(name) = self.ident() {
            self.skip_ws()?;
            if self.eat("=>") {
                return Ok(Some(vec![name]));
            }
            self.pos = save;
            return Ok(None);
        }
        if !self.eat("(") {
            return Ok(None);
        }
        let mut params = Vec::new();
        loop {
            self.skip_ws()?;
            if self.eat(")") {
                break;
            }
            match self.ident() {
                Some(p) => params.push(p),
                None => {
                    self.pos = save;
                    return Ok(None);
                }
            }
            self.skip_ws()?;
            if self.eat(",") {
                continue;
            }
            if self.eat(")") {
                break;
            }
            self.pos = save;
            return Ok(None);
        }
        self.skip_ws()?;
        if self.eat("=>") {
            Ok(Some(params))
        } else {
            self.pos = save;
            Ok(None)
        }
    }

    fn conditional(&mut self) -> PResult<Expr> {
        let test = self.nullish()?;
        self.skip_ws()?;
        if self.peek() == Some('?') && self.peek_at(1) != Some('?') && self.peek_at(1) != Some('.')
        {
            self.bump();
            let cons = self.expr()?;
            self.expect(":", "in a conditional (a ? b : c)")?;
            let alt = self.expr()?;
            let span = Span::new(test.span.start as usize, alt.span.end as usize);
            return Ok(Expr {
                kind: ExprKind::Cond {
                    test: Box::new(test),
                    cons: Box::new(cons),
                    alt: Box::new(alt),
                },
                span,
            });
        }
        Ok(test)
    }

    fn logical(&mut self, op: LogicalOp, left: Expr, right: Expr) -> Expr {
        let span = Span::new(left.span.start as usize, right.span.end as usize);
        Expr {
            kind: ExprKind::Logical {
                op,
                left: Box::new(left),
                right: Box::new(right),
            },
            span,
        }
    }

    fn nullish(&mut self) -> PResult<Expr> {
        let (mut left, mut tree) = self.operand(Self::or)?;
        loop {
            self.skip_ws()?;
            if self.eat("??") {
                let (right, below) = self.operand(Self::or)?;
                tree = self.link(tree, below)?;
                left = self.logical(LogicalOp::Nullish, left, right);
            } else {
                return Ok(left);
            }
        }
    }

    fn or(&mut self) -> PResult<Expr> {
        let (mut left, mut tree) = self.operand(Self::and)?;
        loop {
            self.skip_ws()?;
            if self.eat("||") {
                let (right, below) = self.operand(Self::and)?;
                tree = self.link(tree, below)?;
                left = self.logical(LogicalOp::Or, left, right);
            } else {
                return Ok(left);
            }
        }
    }

    fn and(&mut self) -> PResult<Expr> {
        let (mut left, mut tree) = self.operand(Self::equality)?;
        loop {
            self.skip_ws()?;
            if self.eat("&&") {
                let (right, below) = self.operand(Self::equality)?;
                tree = self.link(tree, below)?;
                left = self.logical(LogicalOp::And, left, right);
            } else {
                return Ok(left);
            }
        }
    }

    fn binary(&mut self, op: BinaryOp, left: Expr, right: Expr) -> Expr {
        let span = Span::new(left.span.start as usize, right.span.end as usize);
        Expr {
            kind: ExprKind::Binary {
                op,
                left: Box::new(left),
                right: Box::new(right),
            },
            span,
        }
    }

    fn equality(&mut self) -> PResult<Expr> {
        let (mut left, mut tree) = self.operand(Self::relational)?;
        loop {
            self.skip_ws()?;
            let op = if self.eat("===") {
                BinaryOp::StrictEq
            } else if self.eat("!==") {
                BinaryOp::StrictNe
            } else if self.eat("==") {
                BinaryOp::LooseEq
            } else if self.eat("!=") {
                BinaryOp::LooseNe
            } else {
                return Ok(left);
            };
            let (right, below) = self.operand(Self::relational)?;
            tree = self.link(tree, below)?;
            left = self.binary(op, left, right);
        }
    }

    fn relational(&mut self) -> PResult<Expr> {
        let (mut left, mut tree) = self.operand(Self::additive)?;
        loop {
            self.skip_ws()?;
            if matches!(left.kind, ExprKind::Element(_) | ExprKind::Fragment(_))
                && self.peek() == Some('<')
            {
                return Err(self.err_here(
                    "adjacent elements: a view is a single root element; wrap siblings in a container or a fragment <>…</>",
                ));
            }
            let op = if self.eat("<=") {
                BinaryOp::Le
            } else if self.eat(">=") {
                BinaryOp::Ge
            } else if self.peek() == Some('<') {
                self.bump();
                BinaryOp::Lt
            } else if self.peek() == Some('>') {
                self.bump();
                BinaryOp::Gt
            } else {
                return Ok(left);
            };
            let (right, below) = self.operand(Self::additive)?;
            tree = self.link(tree, below)?;
            left = self.binary(op, left, right);
        }
    }

    fn additive(&mut self) -> PResult<Expr> {
        let (mut left, mut tree) = self.operand(Self::multiplicative)?;
        loop {
            self.skip_ws()?;
            let op = match self.peek() {
                Some('+') if self.peek_at(1) != Some('+') => BinaryOp::Add,
                Some('-') if self.peek_at(1) != Some('-') => BinaryOp::Sub,
                _ => return Ok(left),
            };
            self.bump();
            let (right, below) = self.operand(Self::multiplicative)?;
            tree = self.link(tree, below)?;
            left = self.binary(op, left, right);
        }
    }

    fn multiplicative(&mut self) -> PResult<Expr> {
        let (mut left, mut tree) = self.operand(Self::unary)?;
        loop {
            self.skip_ws()?;
            let op = match self.peek() {
                Some('*') => BinaryOp::Mul,
                Some('/') if !matches!(self.peek_at(1), Some('/' | '*')) => BinaryOp::Div,
                Some('%') => BinaryOp::Rem,
                _ => return Ok(left),
            };
            self.bump();
            let (right, below) = self.operand(Self::unary)?;
            tree = self.link(tree, below)?;
            left = self.binary(op, left, right);
        }
    }

    fn unary(&mut self) -> PResult<Expr> {
        self.skip_ws()?;
        let start = self.pos;
        let op = if self.peek() == Some('!') && self.peek_at(1) != Some('=') {
            self.bump();
            Some(UnaryOp::Not)
        } else if self.peek() == Some('-') {
            self.bump();
            Some(UnaryOp::Neg)
        } else if self.peek() == Some('+') {
            self.bump();
            Some(UnaryOp::Plus)
        } else if self.rest().starts_with("typeof") && !self.rest()[6..].starts_with(is_ident_char)
        {
            self.pos += 6;
            Some(UnaryOp::TypeOf)
        } else {
            None
        };
        match op {
            Some(op) => {
                self.enter()?;
                let e = self.unary();
                self.leave();
                let e = e?;
                let span = Span::new(start, e.span.end as usize);
                Ok(Expr {
                    kind: ExprKind::Unary {
                        op,
                        expr: Box::new(e),
                    },
                    span,
                })
            }
            None => self.postfix(),
        }
    }

    fn postfix(&mut self) -> PResult<Expr> {
        let (mut e, mut tree) = self.operand(Self::primary)?;
        loop {
            let save = self.pos;
            self.skip_ws()?;
            let start = e.span.start as usize;
            if self.eat("?.") {
                self.skip_ws()?;
                if self.eat("[") {
                    let (index, below) = self.operand(Self::expr)?;
                    self.expect("]", "to close the index")?;
                    tree = self.link(tree, below)?;
                    e = Expr {
                        kind: ExprKind::Index {
                            obj: Box::new(e),
                            index: Box::new(index),
                            optional: true,
                        },
                        span: Span::new(start, self.pos),
                    };
                } else if self.peek() == Some('(') {
                    let (args, below) = self.call_args()?;
                    tree = self.link(tree, below)?;
                    e = Expr {
                        kind: ExprKind::Call {
                            callee: Box::new(e),
                            args,
                            optional: true,
                        },
                        span: Span::new(start, self.pos),
                    };
                } else {
                    let name = self
                        .ident()
                        .ok_or_else(|| self.err_here("expected a property name after '?.'"))?;
                    tree = self.link(tree, 0)?;
                    e = Expr {
                        kind: ExprKind::Member {
                            obj: Box::new(e),
                            name,
                            optional: true,
                        },
                        span: Span::new(start, self.pos),
                    };
                }
            } else if self.peek() == Some('.')
                && !self.peek_at(1).is_some_and(|c| c.is_ascii_digit())
            {
                if self.rest().starts_with("...") {
                    self.pos = save;
                    return Ok(e);
                }
                self.bump();
                self.skip_ws()?;
                let name = self
                    .ident()
                    .ok_or_else(|| self.err_here("expected a property name after '.'"))?;
                tree = self.link(tree, 0)?;
                e = Expr {
                    kind: ExprKind::Member {
                        obj: Box::new(e),
                        name,
                        optional: false,
                    },
                    span: Span::new(start, self.pos),
                };
            } else if self.peek() == Some('[') {
                self.bump();
                let (index, below) = self.operand(Self::expr)?;
                self.expect("]", "to close the index")?;
                tree = self.link(tree, below)?;
                e = Expr {
                    kind: ExprKind::Index {
                        obj: Box::new(e),
                        index: Box::new(index),
                        optional: false,
                    },
                    span: Span::new(start, self.pos),
                };
            } else if self.peek() == Some('(') {
                let (args, below) = self.call_args()?;
                tree = self.link(tree, below)?;
                e = Expr {
                    kind: ExprKind::Call {
                        callee: Box::new(e),
                        args,
                        optional: false,
                    },
                    span: Span::new(start, self.pos),
                };
            } else {
                self.pos = save;
                return Ok(e);
            }
        }
    }

    /// A call's arguments, and how deep the deepest one's tree goes.
    fn call_args(&mut self) -> PResult<(Vec<Expr>, usize)> {
        let base = self.depth;
        let outer = std::mem::replace(&mut self.peak, base);
        let r = self.args();
        let below = self.peak.saturating_sub(base);
        self.peak = outer.max(self.peak);
        self.depth = base;
        r.map(|a| (a, below))
    }

    fn args(&mut self) -> PResult<Vec<Expr>> {
        self.expect("(", "to start the arguments")?;
        let mut args = Vec::new();
        loop {
            self.skip_ws()?;
            if self.eat(")") {
                return Ok(args);
            }
            args.push(self.expr()?);
            self.skip_ws()?;
            if self.eat(",") {
                continue;
            }
            self.expect(")", "to close the arguments")?;
            return Ok(args);
        }
    }

    fn primary(&mut self) -> PResult<Expr> {
        self.skip_ws()?;
        let start = self.pos;
        let Some(c) = self.peek() else {
            return Err(self.err_here("expected an expression, found the end of the view"));
        };
        let kind = match c {
            '(' => {
                self.bump();
                let mut e = self.expr()?;
                self.expect(")", "to close the parenthesis")?;
                e.span = Span::new(start, self.pos);
                return Ok(e);
            }
            '[' => self.array()?,
            '{' => self.object()?,
            '"' | '\'' => ExprKind::Str(self.string(c)?),
            '`' => self.template()?,
            '<' => {
                return self.jsx();
            }
            c if c.is_ascii_digit()
                || (c == '.' && self.peek_at(1).is_some_and(|d| d.is_ascii_digit())) =>
            {
                ExprKind::Num(self.number()?)
            }
            c if is_ident_start(c) => {
                let name = self.ident().unwrap_or_default();
                match name.as_str() {
                    "true" => ExprKind::Bool(true),
                    "false" => ExprKind::Bool(false),
                    "null" => ExprKind::Null,
                    "undefined" => ExprKind::Undefined,
                    "function" | "new" | "class" | "this" | "await" | "yield" | "delete"
                    | "void" | "in" | "instanceof" => {
                        return Err(self.err(start, self.pos, format!(
                            "`{name}` is not supported in views; see docs/template-language.md for the expression subset"
                        )));
                    }
                    _ => ExprKind::Ident(name),
                }
            }
            _ => {
                return Err(self.err_here(format!(
                    "expected an expression, found {}",
                    self.describe_here()
                )));
            }
        };
        Ok(Expr {
            kind,
            span: Span::new(start, self.pos),
        })
    }

    fn array(&mut self) -> PResult<ExprKind> {
        self.bump(); // [
        let mut items = Vec::new();
        loop {
            self.skip_ws()?;
            if self.eat("]") {
                return Ok(ExprKind::Array(items));
            }
            if self.eat("...") {
                items.push(ArrayItem::Spread(self.expr()?));
            } else {
                items.push(ArrayItem::Item(self.expr()?));
            }
            self.skip_ws()?;
            if self.eat(",") {
                continue;
            }
            self.expect("]", "to close the array")?;
            return Ok(ExprKind::Array(items));
        }
    }

    fn object(&mut self) -> PResult<ExprKind> {
        self.bump(); // {
        let mut items = Vec::new();
        loop {
            self.skip_ws()?;
            if self.eat("}") {
                return Ok(ExprKind::Object(items));
            }
            let key_start = self.pos;
            if self.eat("...") {
                items.push(ObjectItem::Spread(self.expr()?));
            } else if self.eat("[") {
                let key = self.expr()?;
                self.expect("]", "to close the computed key")?;
                self.expect(":", "after the computed key")?;
                let value = self.expr()?;
                items.push(ObjectItem::Computed { key, value });
            } else {
                let key = match self.peek() {
                    Some(q @ ('"' | '\'')) => self.string(q)?,
                    Some(c) if c.is_ascii_digit() => {
                        let n = self.number()?;
                        super::eval::js_number_to_string(n)
                    }
                    _ => self.ident().ok_or_else(|| {
                        self.err_here(format!(
                            "expected a property name, found {}",
                            self.describe_here()
                        ))
                    })?,
                };
                let key_span = Span::new(key_start, self.pos);
                self.skip_ws()?;
                if self.eat(":") {
                    let value = self.expr()?;
                    items.push(ObjectItem::Prop {
                        key,
                        key_span,
                        value,
                    });
                } else {
                    // Shorthand `{ name }`.
                    let value = Expr {
                        kind: ExprKind::Ident(key.clone()),
                        span: key_span,
                    };
                    items.push(ObjectItem::Prop {
                        key,
                        key_span,
                        value,
                    });
                }
            }
            self.skip_ws()?;
            if self.eat(",") {
                continue;
            }
            self.expect("}", "to close the object")?;
            return Ok(ExprKind::Object(items));
        }
    }

    fn escape(&mut self, out: &mut String) -> PResult<()> {
        let start = self.pos - 1;
        let Some(c) = self.bump() else {
            return Err(self.err(start, self.pos, "unterminated escape"));
        };
        match c {
            'n' => out.push('\n'),
            't' => out.push('\t'),
            'r' => out.push('\r'),
            'b' => out.push('\u{8}'),
            'f' => out.push('\u{c}'),
            'v' => out.push('\u{b}'),
            '0' => out.push('\0'),
            '\n' => {}
            'x' => {
                let hex = self.rest().get(..2).unwrap_or("");
                let v = u32::from_str_radix(hex, 16).map_err(|_| {
                    self.err(start, self.pos, "\\x must be followed by two hex digits")
                })?;
                self.pos += 2;
                out.push(char::from_u32(v).unwrap_or('\u{FFFD}'));
            }
            'u' => {
                let v = if self.eat("{") {
                    let end = self
                        .rest()
                        .find('}')
                        .ok_or_else(|| self.err(start, self.pos, "unterminated \\u{…}"))?;
                    let v = u32::from_str_radix(&self.rest()[..end], 16)
                        .map_err(|_| self.err(start, self.pos, "invalid \\u{…} escape"))?;
                    self.pos += end + 1;
                    v
                } else {
                    let hex = self.rest().get(..4).unwrap_or("");
                    let v = u32::from_str_radix(hex, 16).map_err(|_| {
                        self.err(start, self.pos, "\\u must be followed by four hex digits")
                    })?;
                    self.pos += 4;
                    v
                };
                out.push(char::from_u32(v).unwrap_or('\u{FFFD}'));
            }
            other => out.push(other),
        }
        Ok(())
    }

    fn string(&mut self, quote: char) -> PResult<String> {
        let start = self.pos;
        self.bump();
        let mut out = String::new();
        loop {
            match self.bump() {
                None | Some('\n') => {
                    return Err(self.err(
                        start,
                        start + 1,
                        format!("unterminated string: missing the closing {quote}"),
                    ));
                }
                Some('\\') => self.escape(&mut out)?,
                Some(c) if c == quote => return Ok(out),
                Some(c) => out.push(c),
            }
        }
    }

    fn template(&mut self) -> PResult<ExprKind> {
        let start = self.pos;
        self.bump(); // `
        let mut quasis = Vec::new();
        let mut exprs = Vec::new();
        let mut cur = String::new();
        loop {
            match self.bump() {
                None => {
                    return Err(self.err(
                        start,
                        start + 1,
                        "unterminated template literal: missing the closing `",
                    ));
                }
                Some('`') => {
                    quasis.push(cur);
                    return Ok(ExprKind::Template { quasis, exprs });
                }
                Some('\\') => self.escape(&mut cur)?,
                Some('$') if self.peek() == Some('{') => {
                    self.bump();
                    quasis.push(std::mem::take(&mut cur));
                    exprs.push(self.expr()?);
                    self.expect("}", "to close ${…} in the template literal")?;
                }
                Some(c) => cur.push(c),
            }
        }
    }

    fn number(&mut self) -> PResult<f64> {
        let start = self.pos;
        if self.rest().starts_with("0x") || self.rest().starts_with("0X") {
            self.pos += 2;
            let s = self.pos;
            while self
                .peek()
                .is_some_and(|c| c.is_ascii_hexdigit() || c == '_')
            {
                self.bump();
            }
            let digits: String = self.src[s..self.pos]
                .chars()
                .filter(|c| *c != '_')
                .collect();
            return u64::from_str_radix(&digits, 16)
                .map(|v| v as f64)
                .map_err(|_| self.err(start, self.pos, "invalid hexadecimal number"));
        }
        while self.peek().is_some_and(|c| c.is_ascii_digit() || c == '_') {
            self.bump();
        }
        if self.peek() == Some('.') && self.peek_at(1).is_some_and(|c| c.is_ascii_digit()) {
            self.bump();
            while self.peek().is_some_and(|c| c.is_ascii_digit() || c == '_') {
                self.bump();
            }
        } else if self.peek() == Some('.') && !self.peek_at(1).is_some_and(is_ident_start) {
            self.bump();
        }
        if matches!(self.peek(), Some('e' | 'E')) {
            let save = self.pos;
            self.bump();
            if matches!(self.peek(), Some('+' | '-')) {
                self.bump();
            }
            if !self.peek().is_some_and(|c| c.is_ascii_digit()) {
                self.pos = save;
            } else {
                while self.peek().is_some_and(|c| c.is_ascii_digit()) {
                    self.bump();
                }
            }
        }
        let text: String = self.src[start..self.pos]
            .chars()
            .filter(|c| *c != '_')
            .collect();
        if self.peek().is_some_and(is_ident_start) {
            return Err(self.err_here("an identifier cannot start right after a number"));
        }
        text.parse::<f64>()
            .map_err(|_| self.err(start, self.pos, format!("invalid number {text}")))
    }

    // ---- JSX -------------------------------------------------------------------

    fn jsx(&mut self) -> PResult<Expr> {
        self.enter()?;
        let r = self.jsx_inner();
        self.leave();
        r
    }

    fn jsx_name(&mut self) -> Option<String> {
        let start = self.pos;
        if !self.peek().is_some_and(is_ident_start) {
            return None;
        }
        while self
            .peek()
            .is_some_and(|c| is_ident_char(c) || c == '-' || c == '.' || c == ':')
        {
            self.bump();
        }
        Some(self.src[start..self.pos].to_string())
    }

    fn jsx_inner(&mut self) -> PResult<Expr> {
        let start = self.pos;
        self.bump(); // <
        self.skip_ws()?;
        if self.eat(">") {
            let children = self.jsx_children(start, None)?;
            return Ok(Expr {
                kind: ExprKind::Fragment(children),
                span: Span::new(start, self.pos),
            });
        }
        let name_start = self.pos;
        let name = self.jsx_name().ok_or_else(|| {
            self.err_here(format!(
                "expected a component name after '<', found {}",
                self.describe_here()
            ))
        })?;
        let name_span = Span::new(name_start, self.pos);
        let mut attrs = Vec::new();
        loop {
            self.skip_ws()?;
            if self.eat("/>") {
                return Ok(Expr {
                    kind: ExprKind::Element(Element {
                        name,
                        name_span,
                        attrs,
                        children: None,
                        span: Span::new(start, self.pos),
                    }),
                    span: Span::new(start, self.pos),
                });
            }
            if self.eat(">") {
                break;
            }
            if self.peek() == Some('{') {
                self.bump();
                self.skip_ws()?;
                if !self.eat("...") {
                    return Err(self.err_here("expected '...' for a spread attribute {...props}"));
                }
                let e = self.expr()?;
                self.expect("}", "to close the spread attribute")?;
                attrs.push(Attr::Spread(e));
                continue;
            }
            let an_start = self.pos;
            let Some(aname) = self.jsx_name() else {
                return Err(self.err_here(format!(
                    "expected an attribute name, '/>' or '>' in <{name}>, found {}",
                    self.describe_here()
                )));
            };
            let an_span = Span::new(an_start, self.pos);
            self.skip_ws()?;
            let value = if self.eat("=") {
                self.skip_ws()?;
                match self.peek() {
                    Some(q @ ('"' | '\'')) => {
                        let vs = self.pos;
                        self.bump();
                        let end = self.rest().find(q).ok_or_else(|| {
                            self.err(
                                vs,
                                vs + 1,
                                format!("unterminated attribute string: missing the closing {q}"),
                            )
                        })?;
                        let raw = &self.rest()[..end];
                        let text = decode_entities(raw);
                        self.pos += end + 1;
                        AttrValue::Str(text, Span::new(vs, self.pos))
                    }
                    Some('{') => {
                        self.bump();
                        self.skip_ws()?;
                        if self.peek() == Some('}') {
                            return Err(self.err_here(format!(
                                "attribute {aname}={{}} has an empty expression"
                            )));
                        }
                        let e = self.expr()?;
                        self.expect("}", &format!("to close the value of {aname}"))?;
                        AttrValue::Expr(e)
                    }
                    Some('<') => AttrValue::Expr(self.jsx()?),
                    _ => {
                        return Err(self.err_here(format!(
                            "expected \"text\" or {{expression}} after {aname}=, found {}",
                            self.describe_here()
                        )));
                    }
                }
            } else {
                AttrValue::True
            };
            attrs.push(Attr::Named {
                name: aname,
                name_span: an_span,
                value,
            });
        }
        let children = self.jsx_children(start, Some(&name))?;
        let span = Span::new(start, self.pos);
        Ok(Expr {
            kind: ExprKind::Element(Element {
                name,
                name_span,
                attrs,
                children: Some(children),
                span,
            }),
            span,
        })
    }

    /// Children up to and including the closing tag (`</Name>`, or `</>` for fragments).
    fn jsx_children(&mut self, open: usize, name: Option<&str>) -> PResult<Vec<Child>> {
        let mut children = Vec::new();
        loop {
            let text_start = self.pos;
            while let Some(c) = self.peek() {
                if c == '<' || c == '{' {
                    break;
                }
                if c == '}' || c == '>' {
                    return Err(self.err_here(format!(
                        "unexpected '{c}' in JSX text; write {{'{c}'}} if you mean the character"
                    )));
                }
                self.bump();
            }
            if self.pos > text_start {
                let text = jsx_text(&self.src[text_start..self.pos]);
                if !text.is_empty() {
                    children.push(Child::Text(
                        decode_entities(&text),
                        Span::new(text_start, self.pos),
                    ));
                }
            }
            match self.peek() {
                None => {
                    let what = name.map_or("<>".to_string(), |n| format!("<{n}>"));
                    return Err(self.err(
                        open,
                        open + 1,
                        format!(
                            "{what} is never closed: expected {} before the end of the view",
                            name.map_or("</>".to_string(), |n| format!("</{n}>"))
                        ),
                    ));
                }
                Some('{') => {
                    self.bump();
                    self.skip_ws()?;
                    if self.eat("}") {
                        children.push(Child::Empty);
                        continue;
                    }
                    let e = self.expr()?;
                    self.expect("}", "to close the {expression} child")?;
                    children.push(Child::Expr(e));
                }
                Some('<') => {
                    if self.rest().starts_with("</") {
                        let close = self.pos;
                        self.pos += 2;
                        self.skip_ws()?;
                        let got = self.jsx_name();
                        self.skip_ws()?;
                        if !self.eat(">") {
                            return Err(self.err_here("expected '>' to end the closing tag"));
                        }
                        if got.as_deref() != name {
                            let want = name.map_or("</>".to_string(), |n| format!("</{n}>"));
                            let found = got.map_or("</>".to_string(), |n| format!("</{n}>"));
                            return Err(self.err(
                                close,
                                self.pos,
                                format!("{found} does not match the open tag: expected {want}"),
                            ));
                        }
                        return Ok(children);
                    }
                    let e = self.jsx()?;
                    match e.kind {
                        ExprKind::Element(el) => children.push(Child::Element(el)),
                        ExprKind::Fragment(c) => children.push(Child::Fragment(c, e.span)),
                        _ => {}
                    }
                }
                _ => {}
            }
        }
    }
}

/// JSX text whitespace rules: lines are trimmed, blank lines dropped, the rest joined by spaces.
fn jsx_text(raw: &str) -> String {
    let lines: Vec<&str> = raw.split('\n').collect();
    let n = lines.len();
    let mut parts = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let mut l = line.replace('\t', " ");
        if i > 0 {
            l = l.trim_start().to_string();
        }
        if i + 1 < n {
            l = l.trim_end().to_string();
        }
        if !l.is_empty() {
            parts.push(l);
        }
    }
    if n == 1 {
        return raw
            .to_string()
            .trim_matches(|c: char| c == '\r')
            .to_string()
            .chars()
            .all(char::is_whitespace)
            .then(String::new)
            .unwrap_or_else(|| raw.to_string());
    }
    parts.join(" ")
}

fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&apos;", "'")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shared_tree_is_the_parse_of_that_text() {
        clear_shared();
        let a = "<Card><Text value=\"a\" /></Card>";
        let b = "<Card>{items.map((x) => <Text value={x} />)}</Card>";
        let ta = parse_view_shared(a).unwrap();
        // The same text: the same tree, shared, equal to a fresh parse.
        assert!(Rc::ptr_eq(&ta, &parse_view_shared(a).unwrap()));
        assert_eq!(*ta, parse_view(a).unwrap());
        let tb = parse_view_shared(b).unwrap();
        assert_eq!(*tb, parse_view(b).unwrap());
        // Two texts are kept; a third pushes out the oldest.
        assert!(Rc::ptr_eq(&ta, &parse_view_shared(a).unwrap()));
        let c = "<Card />";
        parse_view_shared(c).unwrap();
        parse_view_shared(a).unwrap();
        assert!(!Rc::ptr_eq(&tb, &parse_view_shared(b).unwrap()));
        // A syntax error is an error each time, never kept.
        assert!(parse_view_shared("<Card>").is_err());
        assert!(parse_view_shared("<Card>").is_err());
        // Cleared: parsed again.
        let t = parse_view_shared(a).unwrap();
        clear_shared();
        assert!(!Rc::ptr_eq(&t, &parse_view_shared(a).unwrap()));
        // Over the limit: never kept.
        let big = format!("<Card>{}</Card>", "<Divider />".repeat(SHARED_MAX / 10));
        assert!(big.len() > SHARED_MAX);
        let t = parse_view_shared(&big).unwrap();
        assert!(!Rc::ptr_eq(&t, &parse_view_shared(&big).unwrap()));
    }
}
