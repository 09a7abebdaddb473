//! A located, lossless JSON parser and printer.
//!
//! `serde_json` forgets where things were and rounds numbers; a validator that
//! points at `line:column` and a round-trip that gives a user's file back as
//! they wrote it need both. This parser keeps, for every value, its byte span;
//! for every object, its members in source order (duplicates included, so
//! nothing is dropped silently); and for every number, its source text.
//!
//! It is hardened against hostile input: nesting depth and document size are
//! bounded ([`Limits`]), invalid UTF-8, raw control characters, `NaN`,
//! `Infinity` and numbers that overflow an `f64` are reported with their
//! position, and the parser never recurses deeper than the depth limit.

use std::borrow::Cow;
use std::fmt::Write as _;

/// A byte range in the source text. Values built in memory have an empty span at 0.
/// Serialised as `{"start": …, "end": …}` (byte offsets).
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span {
            start: start as u32,
            end: end as u32,
        }
    }
    /// True for values that did not come from source text.
    pub fn is_synthetic(&self) -> bool {
        self.start == 0 && self.end == 0
    }
}

/// A JSON number, kept as its source text so it prints back unchanged.
#[derive(Clone, Debug, PartialEq)]
pub struct Number<'a> {
    raw: Cow<'a, str>,
}

impl<'a> Number<'a> {
    /// A number from its JSON text. The caller guarantees the text is JSON number syntax.
    pub fn from_raw(raw: impl Into<Cow<'a, str>>) -> Number<'a> {
        Number { raw: raw.into() }
    }
    pub fn from_i64(n: i64) -> Number<'static> {
        Number {
            raw: Cow::Owned(n.to_string()),
        }
    }
    /// A finite float; `None` for NaN and infinities, which JSON cannot carry.
    pub fn from_f64(f: f64) -> Option<Number<'static>> {
        if !f.is_finite() {
            return None;
        }
        let raw = if f == f.trunc() && f.abs() < 1e16 {
            format!("{}", f as i64)
        } else {
            // Rust's Display is the shortest text that reads back as the same float.
            format!("{f}")
        };
        Some(Number {
            raw: Cow::Owned(raw),
        })
    }
    pub fn raw(&self) -> &str {
        &self.raw
    }
    /// True when written without a fraction or exponent (`12`, `-3`), as Python reads an `int`.
    pub fn is_integer_literal(&self) -> bool {
        !self.raw.bytes().any(|b| matches!(b, b'.' | b'e' | b'E'))
    }
    pub fn as_f64(&self) -> f64 {
        self.raw.parse().unwrap_or(f64::NAN)
    }
    /// The value as an `i64` when it is an integer literal that fits.
    pub fn as_i64(&self) -> Option<i64> {
        if self.is_integer_literal() {
            self.raw.parse().ok()
        } else {
            None
        }
    }
    pub fn into_owned(self) -> Number<'static> {
        Number {
            raw: Cow::Owned(self.raw.into_owned()),
        }
    }
}

/// A JSON value with the spans of everything inside it.
#[derive(Clone, Debug, PartialEq)]
pub enum Value<'a> {
    Null,
    Bool(bool),
    Number(Number<'a>),
    String(Cow<'a, str>),
    Array(Vec<Node<'a>>),
    Object(Vec<Member<'a>>),
}

/// A value and where it stands in the source.
#[derive(Clone, Debug, PartialEq)]
pub struct Node<'a> {
    pub value: Value<'a>,
    pub span: Span,
}

/// One `"key": value` pair of an object, in source order.
#[derive(Clone, Debug, PartialEq)]
pub struct Member<'a> {
    pub key: Cow<'a, str>,
    pub key_span: Span,
    pub value: Node<'a>,
}

impl<'a> Node<'a> {
    pub fn new(value: Value<'a>) -> Node<'a> {
        Node {
            value,
            span: Span::default(),
        }
    }

    /// The value of `key` in an object. With duplicate keys the last one wins, as in
    /// Python's `json` and JavaScript's `JSON.parse`.
    pub fn get(&self, key: &str) -> Option<&Node<'a>> {
        match &self.value {
            Value::Object(members) => members
                .iter()
                .rev()
                .find(|m| m.key == key)
                .map(|m| &m.value),
            _ => None,
        }
    }
    /// The value at a diagnostic's path (`states[1].data`, `a.b[0][2]`), if the source has it.
    pub fn at_path(&self, path: &str) -> Option<&Node<'a>> {
        let mut node = self;
        for part in path.split('.').filter(|p| !p.is_empty()) {
            let (key, indices) = part
                .split_once('[')
                .map_or((part, ""), |(k, rest)| (k, rest));
            if !key.is_empty() {
                node = node.get(key)?;
            }
            for index in indices.split('[').filter(|s| !s.is_empty()) {
                let i: usize = index.trim_end_matches(']').parse().ok()?;
                node = node.items().get(i)?;
            }
        }
        Some(node)
    }

    pub fn get_mut(&mut self, key: &str) -> Option<&mut Node<'a>> {
        match &mut self.value {
            Value::Object(members) => members
                .iter_mut()
                .rev()
                .find(|m| m.key == key)
                .map(|m| &mut m.value),
            _ => None,
        }
    }
    pub fn member(&self, key: &str) -> Option<&Member<'a>> {
        match &self.value {
            Value::Object(members) => members.iter().rev().find(|m| m.key == key),
            _ => None,
        }
    }
    pub fn members(&self) -> &[Member<'a>] {
        match &self.value {
            Value::Object(m) => m,
            _ => &[],
        }
    }
    pub fn items(&self) -> &[Node<'a>] {
        match &self.value {
            Value::Array(a) => a,
            _ => &[],
        }
    }
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::String(s) => Some(s),
            _ => None,
        }
    }
    pub fn as_bool(&self) -> Option<bool> {
        match self.value {
            Value::Bool(b) => Some(b),
            _ => None,
        }
    }
    pub fn as_number(&self) -> Option<&Number<'a>> {
        match &self.value {
            Value::Number(n) => Some(n),
            _ => None,
        }
    }
    pub fn as_f64(&self) -> Option<f64> {
        self.as_number().map(Number::as_f64)
    }
    pub fn is_null(&self) -> bool {
        matches!(self.value, Value::Null)
    }
    pub fn is_object(&self) -> bool {
        matches!(self.value, Value::Object(_))
    }
    pub fn is_array(&self) -> bool {
        matches!(self.value, Value::Array(_))
    }

    /// A short name of the value's JSON type, for messages.
    pub fn kind(&self) -> &'static str {
        match &self.value {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(n) if n.is_integer_literal() => "an integer",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
        }
    }

    /// A copy that owns all its text, free of the source's lifetime.
    pub fn into_owned(self) -> Node<'static> {
        Node {
            span: self.span,
            value: match self.value {
                Value::Null => Value::Null,
                Value::Bool(b) => Value::Bool(b),
                Value::Number(n) => Value::Number(n.into_owned()),
                Value::String(s) => Value::String(Cow::Owned(s.into_owned())),
                Value::Array(a) => Value::Array(a.into_iter().map(Node::into_owned).collect()),
                Value::Object(m) => Value::Object(
                    m.into_iter()
                        .map(|m| Member {
                            key: Cow::Owned(m.key.into_owned()),
                            key_span: m.key_span,
                            value: m.value.into_owned(),
                        })
                        .collect(),
                ),
            },
        }
    }

    /// Takes out every null, as the Python SDK's `model_dump(exclude_none=True)` does to the
    /// widget it sends: members whose value is null (a key repeated with null last goes
    /// entirely: the last one wins), and null items of lists, at any depth (an action's
    /// payload included). `self` is the widget's root component: the items of a component's
    /// own `children` list stay where they are, so no component's path moves (a null child is
    /// refused by the validator anyway); everything else under a component is data.
    pub fn drop_nulls(&mut self) {
        self.drop_nulls_in(true);
    }

    /// `component`: this value stands where a component does (the root, or a component's
    /// `children`), rather than inside a prop's data.
    fn drop_nulls_in(&mut self, component: bool) {
        match &mut self.value {
            Value::Array(items) => {
                if !component {
                    items.retain(|n| !n.is_null());
                }
                for item in items {
                    item.drop_nulls_in(component);
                }
            }
            Value::Object(members) => {
                // The last occurrence of each key is the one that counts.
                let mut last: std::collections::HashMap<&str, usize> =
                    std::collections::HashMap::with_capacity(members.len());
                for (i, m) in members.iter().enumerate() {
                    last.insert(m.key.as_ref(), i);
                }
                let gone: std::collections::HashSet<String> = last
                    .iter()
                    .filter(|(_, i)| members[**i].value.is_null())
                    .map(|(k, _)| (*k).to_string())
                    .collect();
                if !gone.is_empty() {
                    members.retain(|m| !gone.contains(m.key.as_ref()));
                }
                for m in members {
                    // Only a component's own `children` holds components (a payload may have
                    // a `children` field, or a `type`, of its own).
                    let children = component && m.key == "children";
                    m.value.drop_nulls_in(children);
                }
            }
            _ => {}
        }
    }

    /// Converts to a `serde_json::Value` (member order kept; duplicate keys collapse to the last).
    pub fn to_serde(&self) -> serde_json::Value {
        match &self.value {
            Value::Null => serde_json::Value::Null,
            Value::Bool(b) => serde_json::Value::Bool(*b),
            Value::Number(n) => n
                .raw()
                .parse::<serde_json::Number>()
                .map(serde_json::Value::Number)
                .unwrap_or(serde_json::Value::Null),
            Value::String(s) => serde_json::Value::String(s.to_string()),
            Value::Array(a) => serde_json::Value::Array(a.iter().map(Node::to_serde).collect()),
            Value::Object(m) => {
                let mut map = serde_json::Map::with_capacity(m.len());
                for member in m {
                    map.insert(member.key.to_string(), member.value.to_serde());
                }
                serde_json::Value::Object(map)
            }
        }
    }

    /// Builds a node (with synthetic spans) from a `serde_json::Value`.
    pub fn from_serde(v: &serde_json::Value) -> Node<'static> {
        Node::new(match v {
            serde_json::Value::Null => Value::Null,
            serde_json::Value::Bool(b) => Value::Bool(*b),
            serde_json::Value::Number(n) => Value::Number(Number::from_raw(n.to_string())),
            serde_json::Value::String(s) => Value::String(Cow::Owned(s.clone())),
            serde_json::Value::Array(a) => Value::Array(a.iter().map(Node::from_serde).collect()),
            serde_json::Value::Object(m) => Value::Object(
                m.iter()
                    .map(|(k, v)| Member {
                        key: Cow::Owned(k.clone()),
                        key_span: Span::default(),
                        value: Node::from_serde(v),
                    })
                    .collect(),
            ),
        })
    }
}

/// Bounds that keep hostile documents from exhausting the stack or memory.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Largest accepted document, in bytes.
    pub max_bytes: usize,
    /// Deepest accepted nesting of arrays and objects.
    pub max_depth: usize,
}

impl Limits {
    /// The default [`Limits::max_depth`].
    pub const DEFAULT_MAX_DEPTH: usize = 256;
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: 10 * 1024 * 1024,
            max_depth: Limits::DEFAULT_MAX_DEPTH,
        }
    }
}

/// What went wrong while reading JSON, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonError {
    pub code: JsonErrorCode,
    pub message: String,
    /// Byte offset of the problem.
    pub offset: usize,
    /// JSON path of the value being read, such as `children[2].color`.
    pub path: String,
}

/// The stable kinds of JSON problems.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum JsonErrorCode {
    /// Not JSON at this point (the message says what was expected).
    Syntax,
    /// Bytes that are not UTF-8.
    InvalidUtf8,
    /// Arrays and objects nested deeper than [`Limits::max_depth`].
    TooDeep,
    /// A document larger than [`Limits::max_bytes`].
    TooLarge,
    /// A number outside what a 64-bit float holds (it would become infinity).
    NumberOutOfRange,
    /// The same key twice in one object.
    DuplicateKey,
}

impl JsonErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            JsonErrorCode::Syntax => "json-syntax",
            JsonErrorCode::InvalidUtf8 => "json-invalid-utf8",
            JsonErrorCode::TooDeep => "json-too-deep",
            JsonErrorCode::TooLarge => "json-too-large",
            JsonErrorCode::NumberOutOfRange => "json-number-out-of-range",
            JsonErrorCode::DuplicateKey => "json-duplicate-key",
        }
    }
}

/// The result of parsing: a tree (unless the text is not JSON at all) and every problem found.
#[derive(Debug)]
pub struct Parsed<'a> {
    /// `None` when a fatal problem (syntax, UTF-8, size, depth) stopped the parse.
    pub root: Option<Node<'a>>,
    /// Fatal and non-fatal problems, in source order.
    pub errors: Vec<JsonError>,
}

/// Parses bytes that should be UTF-8 JSON.
pub fn parse_bytes(bytes: &[u8], limits: Limits) -> Parsed<'_> {
    if bytes.len() > limits.max_bytes {
        return fatal(JsonError {
            code: JsonErrorCode::TooLarge,
            message: format!(
                "document is {} bytes; the limit is {} bytes",
                bytes.len(),
                limits.max_bytes
            ),
            offset: 0,
            path: String::new(),
        });
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => parse(text, limits),
        Err(e) => fatal(JsonError {
            code: JsonErrorCode::InvalidUtf8,
            message: format!(
                "invalid UTF-8 byte 0x{:02X}; widget JSON must be UTF-8 text",
                bytes[e.valid_up_to()]
            ),
            offset: e.valid_up_to(),
            path: String::new(),
        }),
    }
}

fn fatal<'a>(e: JsonError) -> Parsed<'a> {
    Parsed {
        root: None,
        errors: vec![e],
    }
}

/// Parses JSON text.
pub fn parse(text: &str, limits: Limits) -> Parsed<'_> {
    if text.len() > limits.max_bytes {
        return parse_bytes(text.as_bytes(), limits);
    }
    let mut p = Parser {
        src: text,
        bytes: text.as_bytes(),
        pos: 0,
        depth: 0,
        limits,
        errors: Vec::new(),
        path: Vec::new(),
    };
    // A UTF-8 byte order mark is tolerated, as Python's utf-8-sig reader would.
    if text.starts_with('\u{feff}') {
        p.pos = 3;
    }
    let result = p.parse_document();
    let mut errors = p.errors;
    match result {
        Ok(node) => Parsed {
            root: Some(node),
            errors,
        },
        Err(e) => {
            errors.push(e);
            errors.sort_by_key(|e| e.offset);
            Parsed { root: None, errors }
        }
    }
}

enum PathSeg<'a> {
    Key(Cow<'a, str>),
    Index(usize),
}

struct Parser<'a> {
    src: &'a str,
    bytes: &'a [u8],
    pos: usize,
    depth: usize,
    limits: Limits,
    errors: Vec<JsonError>,
    path: Vec<PathSeg<'a>>,
}

type PResult<T> = Result<T, JsonError>;

impl<'a> Parser<'a> {
    fn path_string(&self) -> String {
        let mut s = String::new();
        for seg in &self.path {
            match seg {
                PathSeg::Key(k) => {
                    if !s.is_empty() {
                        s.push('.');
                    }
                    s.push_str(k);
                }
                PathSeg::Index(i) => {
                    let _ = write!(s, "[{i}]");
                }
            }
        }
        s
    }

    fn error(&self, code: JsonErrorCode, offset: usize, message: impl Into<String>) -> JsonError {
        JsonError {
            code,
            message: message.into(),
            offset,
            path: self.path_string(),
        }
    }

    fn syntax(&self, message: impl Into<String>) -> JsonError {
        self.error(JsonErrorCode::Syntax, self.pos, message)
    }

    fn describe_here(&self) -> String {
        match self.src[self.pos..].chars().next() {
            None => "the end of the document".to_string(),
            Some(c) if c.is_control() => format!("control character U+{:04X}", c as u32),
            Some(c) => format!("'{c}'"),
        }
    }

    #[inline]
    fn skip_ws(&mut self) {
        while let Some(&b) = self.bytes.get(self.pos) {
            if matches!(b, b' ' | b'\n' | b'\r' | b'\t') {
                self.pos += 1;
            } else {
                break;
            }
        }
    }

    fn parse_document(&mut self) -> PResult<Node<'a>> {
        self.skip_ws();
        if self.pos >= self.bytes.len() {
            return Err(self.syntax("empty document: expected a JSON value"));
        }
        let node = self.parse_value()?;
        self.skip_ws();
        if self.pos < self.bytes.len() {
            return Err(self.syntax(format!(
                "unexpected {} after the end of the JSON value",
                self.describe_here()
            )));
        }
        Ok(node)
    }

    fn parse_value(&mut self) -> PResult<Node<'a>> {
        let start = self.pos;
        let value = match self.bytes.get(self.pos) {
            Some(b'{') => self.parse_object()?,
            Some(b'[') => self.parse_array()?,
            Some(b'"') => Value::String(self.parse_string()?),
            Some(b't') => self.parse_word("true", Value::Bool(true))?,
            Some(b'f') => self.parse_word("false", Value::Bool(false))?,
            Some(b'n') => self.parse_word("null", Value::Null)?,
            Some(b'-' | b'0'..=b'9') => Value::Number(self.parse_number()?),
            Some(b'N') if self.src[self.pos..].starts_with("NaN") => {
                return Err(self.syntax("NaN is not valid JSON; use null or a number"));
            }
            Some(b'I') if self.src[self.pos..].starts_with("Infinity") => {
                return Err(self.syntax("Infinity is not valid JSON; use a finite number"));
            }
            Some(b'\'') => {
                return Err(self.syntax("strings must use double quotes (\"), not single quotes"));
            }
            _ => {
                return Err(self.syntax(format!(
                    "expected a JSON value (object, array, string, number, true, false or null), found {}",
                    self.describe_here()
                )));
            }
        };
        Ok(Node {
            value,
            span: Span::new(start, self.pos),
        })
    }

    fn parse_word(&mut self, word: &str, value: Value<'a>) -> PResult<Value<'a>> {
        if self.src[self.pos..].starts_with(word) {
            self.pos += word.len();
            Ok(value)
        } else {
            Err(self.syntax(format!(
                "expected a JSON value, found {}",
                self.describe_here()
            )))
        }
    }

    fn enter(&mut self) -> PResult<()> {
        self.depth += 1;
        if self.depth > self.limits.max_depth {
            return Err(self.error(
                JsonErrorCode::TooDeep,
                self.pos,
                format!(
                    "nesting deeper than {} levels; widget trees are far shallower than this",
                    self.limits.max_depth
                ),
            ));
        }
        Ok(())
    }

    fn parse_array(&mut self) -> PResult<Value<'a>> {
        self.enter()?;
        self.pos += 1; // [
        let mut items = Vec::new();
        self.skip_ws();
        if self.bytes.get(self.pos) == Some(&b']') {
            self.pos += 1;
            self.depth -= 1;
            return Ok(Value::Array(items));
        }
        loop {
            self.skip_ws();
            self.path.push(PathSeg::Index(items.len()));
            let item = self.parse_value()?;
            self.path.pop();
            items.push(item);
            self.skip_ws();
            match self.bytes.get(self.pos) {
                Some(b',') => {
                    self.pos += 1;
                    self.skip_ws();
                    if self.bytes.get(self.pos) == Some(&b']') {
                        return Err(self.syntax("trailing comma before ']' is not allowed in JSON"));
                    }
                }
                Some(b']') => {
                    self.pos += 1;
                    break;
                }
                _ => {
                    return Err(self.syntax(format!(
                        "expected ',' or ']' after an array item, found {}",
                        self.describe_here()
                    )));
                }
            }
        }
        self.depth -= 1;
        Ok(Value::Array(items))
    }

    fn parse_object(&mut self) -> PResult<Value<'a>> {
        self.enter()?;
        self.pos += 1; // {
        let mut members: Vec<Member<'a>> = Vec::new();
        let mut seen: Option<std::collections::HashSet<_>> = None;
        self.skip_ws();
        if self.bytes.get(self.pos) == Some(&b'}') {
            self.pos += 1;
            self.depth -= 1;
            return Ok(Value::Object(members));
        }
        loop {
            self.skip_ws();
            let key_start = self.pos;
            match self.bytes.get(self.pos) {
                Some(b'"') => {}
                Some(b'}') => {
                    return Err(self.syntax("trailing comma before '}' is not allowed in JSON"));
                }
                _ => {
                    return Err(self.syntax(format!(
                        "expected a property name in double quotes, found {}",
                        self.describe_here()
                    )));
                }
            }
            let key = self.parse_string()?;
            let key_span = Span::new(key_start, self.pos);
            self.skip_ws();
            if self.bytes.get(self.pos) != Some(&b':') {
                return Err(self.syntax(format!(
                    "expected ':' after property name \"{key}\", found {}",
                    self.describe_here()
                )));
            }
            self.pos += 1;
            self.skip_ws();
            // A scan for a small object; a set once it is large (a scan each would make a
            // pasted object of many keys quadratic).
            let repeated = if members.len() < 64 {
                members.iter().any(|m| m.key == key)
            } else {
                let seen =
                    seen.get_or_insert_with(|| members.iter().map(|m| m.key.clone()).collect());
                !seen.insert(key.clone())
            };
            if repeated {
                self.report_duplicate(&key, key_start);
            }
            self.path.push(PathSeg::Key(key.clone()));
            let value = self.parse_value()?;
            self.path.pop();
            members.push(Member {
                key,
                key_span,
                value,
            });
            self.skip_ws();
            match self.bytes.get(self.pos) {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    break;
                }
                _ => {
                    return Err(self.syntax(format!(
                        "expected ',' or '}}' after a property value, found {}",
                        self.describe_here()
                    )));
                }
            }
        }
        self.depth -= 1;
        Ok(Value::Object(members))
    }

    /// A raw control character inside a string. A line break there is almost always a
    /// closing quote left out, and is said so (at the end of that line).
    fn control_in_string(&self, b: u8) -> JsonError {
        if b == b'\n' || b == b'\r' {
            return self.syntax(
                "unterminated string: missing the closing '\"' before the end of the line (a line break inside a string is written \\n)"
                    .to_string(),
            );
        }
        self.syntax(format!(
            "control character U+{:04X} must be escaped inside a string (for example \\n or \\u{:04x})",
            b, b
        ))
    }

    fn report_duplicate(&mut self, key: &str, offset: usize) {
        let mut path = self.path_string();
        if !path.is_empty() {
            path.push('.');
        }
        path.push_str(key);
        self.errors.push(JsonError {
            code: JsonErrorCode::DuplicateKey,
            message: format!(
                "duplicate key \"{key}\": readers keep only the last one, so an earlier value is silently lost"
            ),
            offset,
            path,
        });
    }

    fn parse_string(&mut self) -> PResult<Cow<'a, str>> {
        let open = self.pos;
        self.pos += 1; // opening quote
        let start = self.pos;
        // Fast path: no escapes.
        loop {
            match self.bytes.get(self.pos) {
                Some(b'"') => {
                    let s = &self.src[start..self.pos];
                    self.pos += 1;
                    return Ok(Cow::Borrowed(s));
                }
                Some(b'\\') => break,
                Some(&b) if b < 0x20 => return Err(self.control_in_string(b)),
                Some(_) => self.pos += 1,
                None => {
                    return Err(self.error(
                        JsonErrorCode::Syntax,
                        open,
                        "unterminated string: missing the closing '\"'",
                    ));
                }
            }
        }
        let mut out = String::with_capacity(self.pos - start + 16);
        out.push_str(&self.src[start..self.pos]);
        loop {
            match self.bytes.get(self.pos) {
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(Cow::Owned(out));
                }
                Some(b'\\') => {
                    self.pos += 1;
                    let esc = self.bytes.get(self.pos).copied();
                    self.pos += 1;
                    match esc {
                        Some(b'"') => out.push('"'),
                        Some(b'\\') => out.push('\\'),
                        Some(b'/') => out.push('/'),
                        Some(b'b') => out.push('\u{8}'),
                        Some(b'f') => out.push('\u{c}'),
                        Some(b'n') => out.push('\n'),
                        Some(b'r') => out.push('\r'),
                        Some(b't') => out.push('\t'),
                        Some(b'u') => {
                            let c = self.parse_unicode_escape()?;
                            out.push(c);
                        }
                        _ => {
                            self.pos -= 1;
                            return Err(self.syntax(format!(
                                "invalid escape '\\{}': allowed are \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX",
                                self.src[self.pos..].chars().next().unwrap_or(' ')
                            )));
                        }
                    }
                }
                Some(&b) if b < 0x20 => return Err(self.control_in_string(b)),
                Some(_) => {
                    // Copy a run of plain bytes at once.
                    let run_start = self.pos;
                    while let Some(&b) = self.bytes.get(self.pos) {
                        if b == b'"' || b == b'\\' || b < 0x20 {
                            break;
                        }
                        self.pos += 1;
                    }
                    out.push_str(&self.src[run_start..self.pos]);
                }
                None => {
                    return Err(self.error(
                        JsonErrorCode::Syntax,
                        open,
                        "unterminated string: missing the closing '\"'",
                    ));
                }
            }
        }
    }

    fn hex4(&mut self) -> PResult<u32> {
        let at = self.pos;
        let digits = self.src.get(self.pos..self.pos + 4).ok_or_else(|| {
            self.error(
                JsonErrorCode::Syntax,
                at,
                "\\u must be followed by four hex digits",
            )
        })?;
        let v = u32::from_str_radix(digits, 16).map_err(|_| {
            self.error(
                JsonErrorCode::Syntax,
                at,
                "\\u must be followed by four hex digits",
            )
        })?;
        if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(self.error(
                JsonErrorCode::Syntax,
                at,
                "\\u must be followed by four hex digits",
            ));
        }
        self.pos += 4;
        Ok(v)
    }

    fn parse_unicode_escape(&mut self) -> PResult<char> {
        let at = self.pos - 2;
        let hi = self.hex4()?;
        if (0xD800..0xDC00).contains(&hi) {
            if self.src[self.pos..].starts_with("\\u") {
                self.pos += 2;
                let lo = self.hex4()?;
                if (0xDC00..0xE000).contains(&lo) {
                    let c = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
                    return char::from_u32(c).ok_or_else(|| {
                        self.error(JsonErrorCode::Syntax, at, "invalid surrogate pair")
                    });
                }
            }
            // A lone surrogate: replace it, as browsers and Python's json do when encoding.
            return Ok('\u{FFFD}');
        }
        if (0xDC00..0xE000).contains(&hi) {
            return Ok('\u{FFFD}');
        }
        char::from_u32(hi)
            .ok_or_else(|| self.error(JsonErrorCode::Syntax, at, "invalid \\u escape"))
    }

    fn parse_number(&mut self) -> PResult<Number<'a>> {
        let start = self.pos;
        let b = self.bytes;
        if b.get(self.pos) == Some(&b'-') {
            self.pos += 1;
            if self.src[self.pos..].starts_with("Infinity") {
                return Err(self.syntax("-Infinity is not valid JSON; use a finite number"));
            }
        }
        match b.get(self.pos) {
            Some(b'0') => {
                self.pos += 1;
                if matches!(b.get(self.pos), Some(b'0'..=b'9')) {
                    return Err(self.syntax("numbers must not have leading zeros"));
                }
            }
            Some(b'1'..=b'9') => {
                while matches!(b.get(self.pos), Some(b'0'..=b'9')) {
                    self.pos += 1;
                }
            }
            _ => return Err(self.syntax("expected a digit")),
        }
        let mut float = false;
        if b.get(self.pos) == Some(&b'.') {
            float = true;
            self.pos += 1;
            if !matches!(b.get(self.pos), Some(b'0'..=b'9')) {
                return Err(self.syntax("expected a digit after the decimal point"));
            }
            while matches!(b.get(self.pos), Some(b'0'..=b'9')) {
                self.pos += 1;
            }
        }
        if matches!(b.get(self.pos), Some(b'e' | b'E')) {
            float = true;
            self.pos += 1;
            if matches!(b.get(self.pos), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if !matches!(b.get(self.pos), Some(b'0'..=b'9')) {
                return Err(self.syntax("expected a digit in the exponent"));
            }
            while matches!(b.get(self.pos), Some(b'0'..=b'9')) {
                self.pos += 1;
            }
        }
        let raw = &self.src[start..self.pos];
        // Integers of any size are fine (Python reads them exactly); floats must stay finite.
        if float && raw.parse::<f64>().map(|f| f.is_infinite()).unwrap_or(true) {
            self.errors.push(self.error(
                JsonErrorCode::NumberOutOfRange,
                start,
                format!("number {raw} is too large for a 64-bit float and would become infinity"),
            ));
        }
        Ok(Number::from_raw(raw))
    }
}

/// Maps byte offsets to 1-based line and column (columns count characters).
#[derive(Clone, Debug)]
pub struct LineIndex {
    line_starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut line_starts = vec![0];
        line_starts.extend(memchr_newlines(text.as_bytes()));
        LineIndex { line_starts }
    }

    /// `(line, column)`, both 1-based, of a byte offset in `text`.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(text.len());
        let line = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.line_starts[line];
        let mut end = offset;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let col = text[start..end].chars().count() + 1;
        (line + 1, col)
    }

    /// The byte offset of a 1-based line and a 1-based byte column (as serde_json counts),
    /// within `text`.
    pub fn offset(&self, text: &str, line: usize, byte_column: usize) -> usize {
        let start = self
            .line_starts
            .get(line.saturating_sub(1))
            .copied()
            .unwrap_or(text.len());
        (start + byte_column.saturating_sub(1)).min(text.len())
    }

    /// The text of a 1-based line, without its newline.
    pub fn line_text<'t>(&self, text: &'t str, line: usize) -> &'t str {
        let start = self
            .line_starts
            .get(line - 1)
            .copied()
            .unwrap_or(text.len());
        let end = self
            .line_starts
            .get(line)
            .map(|e| e - 1)
            .unwrap_or(text.len());
        text.get(start..end.max(start))
            .unwrap_or("")
            .trim_end_matches('\r')
    }
}

fn memchr_newlines(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    bytes
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .map(|(i, _)| i + 1)
}

/// Prints a node as JSON. `indent: None` is compact; `Some(n)` pretty-prints with `n` spaces.
/// Numbers print as written and members in their order, so parse → print is lossless
/// apart from insignificant whitespace.
pub fn to_string(node: &Node<'_>, indent: Option<usize>) -> String {
    let mut out = String::new();
    write_node(&mut out, node, indent, 0);
    out
}

fn write_node(out: &mut String, node: &Node<'_>, indent: Option<usize>, level: usize) {
    match &node.value {
        Value::Null => out.push_str("null"),
        Value::Bool(true) => out.push_str("true"),
        Value::Bool(false) => out.push_str("false"),
        Value::Number(n) => out.push_str(n.raw()),
        Value::String(s) => write_string(out, s),
        Value::Array(items) => {
            if items.is_empty() {
                out.push_str("[]");
                return;
            }
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, indent, level + 1);
                write_node(out, item, indent, level + 1);
            }
            newline(out, indent, level);
            out.push(']');
        }
        Value::Object(members) => {
            if members.is_empty() {
                out.push_str("{}");
                return;
            }
            out.push('{');
            for (i, m) in members.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, indent, level + 1);
                write_string(out, &m.key);
                out.push(':');
                if indent.is_some() {
                    out.push(' ');
                }
                write_node(out, &m.value, indent, level + 1);
            }
            newline(out, indent, level);
            out.push('}');
        }
    }
}

fn newline(out: &mut String, indent: Option<usize>, level: usize) {
    if let Some(n) = indent {
        out.push('\n');
        for _ in 0..n * level {
            out.push(' ');
        }
    }
}

/// Writes a JSON string literal with the minimal escapes (as `JSON.stringify` does).
pub fn write_string(out: &mut String, s: &str) {
    out.reserve(s.len() + 2);
    out.push('"');
    let mut run = 0;
    for (i, b) in s.bytes().enumerate() {
        let esc = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            0..=0x1f => "",
            _ => continue,
        };
        out.push_str(&s[run..i]);
        if esc.is_empty() {
            let _ = write!(out, "\\u{:04x}", b);
        } else {
            out.push_str(esc);
        }
        run = i + 1;
    }
    out.push_str(&s[run..]);
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(text: &str) -> Node<'_> {
        let p = parse(text, Limits::default());
        assert!(p.errors.is_empty(), "{:?}", p.errors);
        p.root.unwrap()
    }

    fn err(text: &str) -> JsonError {
        let p = parse(text, Limits::default());
        p.errors.into_iter().next().expect("an error")
    }

    #[test]
    fn drop_nulls_does_what_exclude_none_does() {
        // Checked against the SDK: `WidgetTemplate.build` then `model_dump(exclude_none=True)`.
        // (Repeated keys are an error of their own, but the tree is there.)
        let text = r#"{"type": "Card", "size": null, "a": 1, "a": null, "b": null, "b": 2,
            "children": [{"type": "Text", "value": "x", "color": null}, null],
            "p": {"ids": [1, null, [null], 2], "x": null, "nested": {"y": null}}}"#;
        let mut n = parse(text, Limits::default()).root.unwrap();
        n.drop_nulls();
        assert_eq!(
            n.to_serde(),
            serde_json::json!({"type": "Card", "b": 2,
                "children": [{"type": "Text", "value": "x"}, null],
                "p": {"ids": [1, [], 2], "nested": {}}})
        );
        // A payload's own `children` field is data, not components, even in an object with a
        // `type`: its nulls go too.
        let mut n = parse(
            r#"{"type": "Card", "children": [{"type": "Button", "onClickAction": {"type": "go", "payload": {"children": [1, null], "o": {"type": "z", "children": [null, 2]}}}}]}"#,
            Limits::default(),
        )
        .root
        .unwrap();
        n.drop_nulls();
        assert_eq!(
            n.to_serde()["children"][0]["onClickAction"]["payload"],
            serde_json::json!({"children": [1], "o": {"type": "z", "children": [2]}})
        );
        // The spans of what stays are the source's.
        let text = r#"{"v": [null, "k"]}"#;
        let mut n = ok(text);
        n.drop_nulls();
        let k = &n.get("v").unwrap().items()[0];
        assert_eq!(&text[k.span.start as usize..k.span.end as usize], r#""k""#);
    }

    #[test]
    fn parses_and_keeps_spans() {
        let text = r#"{"a": [1, 2.50, "x"], "b": {"c": null}}"#;
        let n = ok(text);
        let a = n.get("a").unwrap();
        assert_eq!(
            &text[a.span.start as usize..a.span.end as usize],
            r#"[1, 2.50, "x"]"#
        );
        assert_eq!(a.items()[1].as_number().unwrap().raw(), "2.50");
        assert!(n.get("b").unwrap().get("c").unwrap().is_null());
    }

    #[test]
    fn round_trip_is_lossless() {
        let text = "{\n  \"z\": 1.0,\n  \"a\": [\n    1e3,\n    -0.50\n  ],\n  \"s\": \"tab\\t\\\"q\\\" \\u00e9\"\n}";
        let n = ok(text);
        let printed = to_string(&n, Some(2));
        assert_eq!(printed, text.replace("\\u00e9", "é"));
        assert_eq!(to_string(&ok(&printed), Some(2)), printed);
    }

    #[test]
    fn duplicate_keys_are_reported_and_kept() {
        let p = parse(r#"{"a": 1, "a": 2}"#, Limits::default());
        assert_eq!(p.errors.len(), 1);
        assert_eq!(p.errors[0].code, JsonErrorCode::DuplicateKey);
        assert_eq!(p.errors[0].path, "a");
        let root = p.root.unwrap();
        assert_eq!(root.members().len(), 2);
        assert_eq!(root.get("a").unwrap().as_number().unwrap().raw(), "2");
    }

    #[test]
    fn duplicate_keys_of_a_large_object_are_found_once_each_in_linear_time() {
        // Keys 0..n, then repeats of 3 and 70 (among the first 64 keys the set is built from,
        // and after them), of n-1 (added to the set later), and of 3 again. (The old scan per
        // key found the same, in minutes for larger objects: the Data tab parses on every
        // keystroke.)
        let n = 50_000;
        let mut keys: Vec<String> = (0..n).map(|i| i.to_string()).collect();
        keys.extend(["3", "70", &(n - 1).to_string(), "3"].map(String::from));
        let text = format!(
            "{{{}}}",
            keys.iter()
                .map(|k| format!("\"{k}\": 1"))
                .collect::<Vec<_>>()
                .join(",")
        );
        let p = parse(&text, Limits::default());
        let paths: Vec<&str> = p.errors.iter().map(|e| e.path.as_str()).collect();
        assert_eq!(paths, ["3", "70", &(n - 1).to_string(), "3"]);
        assert!(
            p.errors
                .iter()
                .all(|e| e.code == JsonErrorCode::DuplicateKey)
        );
        // A repeat within the first 64 keys is found by the scan.
        let p = parse(r#"{"a": 1, "b": 2, "a": 3}"#, Limits::default());
        assert_eq!(p.errors.len(), 1);
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        let text = "[".repeat(100_000) + &"]".repeat(100_000);
        let e = err(&text);
        assert_eq!(e.code, JsonErrorCode::TooDeep);
        let text = "{\"a\":".repeat(100_000);
        assert_eq!(err(&text).code, JsonErrorCode::TooDeep);
    }

    #[test]
    fn size_limit() {
        let big = format!("[\"{}\"]", "x".repeat(20 * 1024 * 1024));
        let p = parse(&big, Limits::default());
        assert_eq!(p.errors[0].code, JsonErrorCode::TooLarge);
        assert!(p.root.is_none());
    }

    #[test]
    fn invalid_utf8_is_located() {
        let p = parse_bytes(b"{\"a\": \"\xff\"}", Limits::default());
        assert_eq!(p.errors[0].code, JsonErrorCode::InvalidUtf8);
        assert_eq!(p.errors[0].offset, 7);
    }

    #[test]
    fn nan_infinity_and_huge_numbers() {
        assert!(err("[NaN]").message.contains("NaN is not valid JSON"));
        assert!(err("[Infinity]").message.contains("Infinity"));
        assert!(err("[-Infinity]").message.contains("Infinity"));
        let p = parse("[1e999]", Limits::default());
        assert_eq!(p.errors[0].code, JsonErrorCode::NumberOutOfRange);
        assert!(p.root.is_some());
        // Big integers are exact in Python, so they are not an error.
        assert!(
            parse("[100000000000000000000000]", Limits::default())
                .errors
                .is_empty()
        );
    }

    #[test]
    fn control_characters() {
        let e = err("[\"a\u{7}b\"]");
        assert!(e.message.contains("U+0007"), "{}", e.message);
        assert_eq!(e.offset, 3);
        // Escaped control characters are valid JSON.
        let n = ok(r#"["\u0000\u0001\u001f"]"#);
        assert_eq!(n.items()[0].as_str().unwrap(), "\u{0}\u{1}\u{1f}");
    }

    #[test]
    fn a_line_break_inside_a_string_is_a_missing_quote_at_that_line() {
        let text = "{\n  \"a\": 1,\n  \"title\": \"Broken,\n  \"b\": 2\n}";
        let e = err(text);
        assert!(
            e.message.starts_with("unterminated string"),
            "{}",
            e.message
        );
        assert_eq!(LineIndex::new(text).line_col(text, e.offset), (3, 20));
        // Other control characters are named.
        assert!(
            err("\"a\u{1}\"")
                .message
                .contains("control character U+0001")
        );
        assert!(
            err("\"a\\n\u{7}\"")
                .message
                .contains("control character U+0007")
        );
    }

    #[test]
    fn syntax_errors_say_what_was_expected() {
        assert!(err("{\"a\": 1,}").message.contains("trailing comma"));
        assert!(err("[1 2]").message.contains("expected ',' or ']'"));
        assert!(
            err("{a: 1}")
                .message
                .contains("property name in double quotes")
        );
        assert!(err("['x']").message.contains("double quotes"));
        assert!(err("").message.contains("empty document"));
        assert!(err("{\"a\": 1} x").message.contains("after the end"));
        assert!(err("[01]").message.contains("leading zeros"));
        assert!(err("\"abc").message.contains("unterminated string"));
        assert!(err(r#"["\x"]"#).message.contains("invalid escape"));
        assert_eq!(err("{\"a\": [1, }").path, "a[1]");
    }

    #[test]
    fn line_columns_count_characters() {
        let text = "{\n  \"é\": [1,\n   x]}";
        let e = err(text);
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_col(text, e.offset), (3, 4));
        assert_eq!(idx.line_text(text, 2), "  \"é\": [1,");
    }

    #[test]
    fn surrogates() {
        let n = ok(r#"["\ud83d\ude00", "\ud800"]"#);
        assert_eq!(n.items()[0].as_str().unwrap(), "😀");
        assert_eq!(n.items()[1].as_str().unwrap(), "\u{FFFD}");
    }
}
