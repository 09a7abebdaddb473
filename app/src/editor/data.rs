//! The Data tab's operations on a design's states, as pure functions: the default state and
//! the named states, read and written as JSON text, added, duplicated, renamed and deleted.

use serde_json::Value;
use widget::Design;
use widget::design::NamedState;
use widget::json::Span;

/// What an import takes, said when a file is not one of them.
pub const IMPORT_TAKES: &str = "an import is a .widget file, widget JSON, a design document (JSON) or a JSX view (text that starts with <)";

/// A picked or dropped file that is not text at all (an image, a zip, a PDF), named by its
/// first bytes as the browser decoded them (bytes that are not UTF-8 read as U+FFFD), before
/// any parser says "expected a JSON value" of it; `None` for text.
pub fn not_text(file_name: &str, text: &str) -> Option<String> {
    let head: String = text.chars().take(1024).collect();
    let kind = if head.starts_with("\u{FFFD}PNG") {
        "a PNG image"
    } else if head.starts_with("GIF87a") || head.starts_with("GIF89a") {
        "a GIF image"
    } else if head.starts_with("RIFF") && head.chars().take(16).collect::<String>().contains("WEBP")
    {
        "a WebP image"
    } else if head.starts_with("\u{FFFD}\u{FFFD}\u{FFFD}") {
        "a JPEG image or other binary data"
    } else if head.starts_with("PK\u{3}\u{4}") {
        "a zip archive (a backup of several designs imports at /api/backup)"
    } else if head.starts_with("%PDF") {
        "a PDF document"
    } else if head.contains('\u{0}') || head.matches('\u{FFFD}').count() >= 4 {
        // A replacement character or two is text that has one (valid UTF-8); bytes that are
        // not UTF-8 make many.
        "binary data"
    } else {
        return None;
    };
    Some(format!("{file_name} is {kind}, not text: {IMPORT_TAKES}"))
}

/// What an imported file brings, as its text says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImportKind {
    /// A JSX view (text that starts with `<`): the view alone.
    View,
    /// A `.widget` file or widget JSON: the view, with the data (and named states, when
    /// the studio's builder state has some) and the schema when the file carries them (widget
    /// JSON carries neither).
    Widget(widget::widgetfile::Carries),
    /// A design document (JSON with `kind` and `source`): a whole design.
    Document,
}

impl ImportKind {
    /// The kind of `text`, which [`widget::Design::from_input`] read.
    pub fn of(text: &str) -> ImportKind {
        let text = text.trim_start_matches('\u{feff}').trim_start();
        if text.starts_with('<') {
            return ImportKind::View;
        }
        match serde_json::from_str::<serde_json::Map<String, Value>>(text) {
            Ok(m)
                if m.contains_key("kind")
                    && m.contains_key("source")
                    && !m.contains_key("type") =>
            {
                ImportKind::Document
            }
            Ok(m) if m.contains_key("type") => {
                ImportKind::Widget(widget::widgetfile::Carries::default())
            }
            Ok(m) => ImportKind::Widget(widget::widgetfile::carries(&Value::Object(m))),
            Err(_) => ImportKind::Widget(widget::widgetfile::Carries::default()),
        }
    }

    /// What an import of this kind replaces, as the status says it.
    pub fn replaces(self) -> String {
        match self {
            ImportKind::View => "the view (the data, schema, rules and settings are kept)".into(),
            ImportKind::Widget(c) => {
                let mut brought = vec!["the view"];
                let mut kept = Vec::new();
                // (brought, said as, one of the design's settings: said below when kept)
                for (has, what, setting) in [
                    (c.data, "data", false),
                    (c.schema, "schema", false),
                    (c.handlers, "rules", false),
                    (c.target, "target", true),
                    (c.asset_base, "asset base", true),
                ] {
                    if has {
                        brought.push(what);
                    } else if !setting {
                        kept.push(what);
                    }
                }
                // The target and the asset base are the design's "settings" when both stay.
                match (c.target, c.asset_base) {
                    (false, false) => kept.push("settings"),
                    (true, false) => kept.push("asset base"),
                    (false, true) => kept.push("target"),
                    (true, true) => {}
                }
                let brought = match brought.as_slice() {
                    [view] => view.to_string(),
                    [view, last] => format!("{view} and its {last}"),
                    [view, middle @ .., last] => {
                        format!("{view}, its {} and {last}", middle.join(", "))
                    }
                    [] => String::new(),
                };
                match kept.as_slice() {
                    [] => brought,
                    [one] => format!(
                        "{brought} (its {one} {} kept)",
                        if one.ends_with('s') { "are" } else { "is" }
                    ),
                    [init @ .., last] => {
                        format!("{brought} (the {} and {last} are kept)", init.join(", "))
                    }
                }
            }
            ImportKind::Document => "the design (its name, description and tags are kept)".into(),
        }
    }
}

/// An imported file replaces what it brings ([`ImportKind`]) and nothing else: the design
/// keeps its name, description and tags; a JSX view keeps the data and schema; neither a view
/// nor a `.widget` takes the handler rules, the target, the export settings (the asset base)
/// or the named states away, unless the file brings its own (a `.widget` the studio wrote
/// does).
pub fn import_into(current: &Design, imported: Design, kind: ImportKind) -> Design {
    let mut out = match kind {
        ImportKind::Document => imported,
        ImportKind::Widget(carries) => Design {
            states: if imported.states.is_empty() {
                current.states.clone()
            } else {
                imported.states.clone()
            },
            // What the file leaves out stays (the reader fills it in: `{}`, a null schema).
            default_state: if carries.data {
                imported.default_state.clone()
            } else {
                current.default_state.clone()
            },
            schema: if carries.schema {
                imported.schema.clone()
            } else {
                current.schema.clone()
            },
            // A file the studio wrote names its target (a chatkit-js view, a Table, would be
            // in error under another) and holds its rules and asset base, when it has them.
            handlers: if carries.handlers {
                imported.handlers.clone()
            } else {
                current.handlers.clone()
            },
            target: if carries.target {
                imported.target
            } else {
                current.target
            },
            export: if carries.asset_base {
                imported.export.clone()
            } else {
                current.export.clone()
            },
            ..imported
        },
        ImportKind::View => Design {
            kind: imported.kind,
            source: imported.source,
            // A template design's kept `.widget` fields belong to its template.
            original: imported.original,
            ..current.clone()
        },
    };
    out.name = current.name.clone();
    out.description = current.description.clone();
    out.tags = current.tags.clone();
    out
}

/// The name the default state goes by.
pub const DEFAULT: &str = "default";

/// `default`, then the named states in order.
pub fn state_names(d: &Design) -> Vec<String> {
    std::iter::once(DEFAULT.to_string())
        .chain(d.states.iter().map(|s| s.name.clone()))
        .collect()
}

fn data<'a>(d: &'a Design, name: &str) -> Option<&'a Value> {
    if name == DEFAULT {
        Some(&d.default_state)
    } else {
        d.states.iter().find(|s| s.name == name).map(|s| &s.data)
    }
}

/// A state as the Data tab shows it: JSON with two-space indentation.
pub fn state_json(d: &Design, name: &str) -> Option<String> {
    data(d, name).map(|v| serde_json::to_string_pretty(v).unwrap_or_else(|_| "{}".into()))
}

/// The JSON text formatted with two-space indents, one member or element per line, or `None`
/// when it is not JSON. Strings, numbers and literals keep their exact text (a number the
/// browser could not hold exactly, or an escape, is not rewritten); a final newline stays.
pub fn pretty_json(text: &str) -> Option<String> {
    serde_json::from_str::<serde::de::IgnoredAny>(text).ok()?;
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len() + text.len() / 2);
    let mut depth = 0usize;
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        for _ in 0..depth {
            out.push_str("  ");
        }
    };
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'"' => {
                let start = i;
                i += 1;
                while b[i] != b'"' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
                out.push_str(&text[start..i]);
                continue;
            }
            open @ (b'{' | b'[') => {
                let close = if open == b'{' { b'}' } else { b']' };
                let mut j = i + 1;
                while b[j].is_ascii_whitespace() {
                    j += 1;
                }
                out.push(open as char);
                if b[j] == close {
                    out.push(close as char);
                    i = j + 1;
                    continue;
                }
                depth += 1;
                newline(&mut out, depth);
            }
            close @ (b'}' | b']') => {
                depth -= 1;
                newline(&mut out, depth);
                out.push(close as char);
            }
            b',' => {
                out.push(',');
                newline(&mut out, depth);
            }
            b':' => out.push_str(": "),
            c if c.is_ascii_whitespace() => {}
            _ => {
                let start = i;
                while i < b.len()
                    && !matches!(b[i], b',' | b'}' | b']' | b':')
                    && !b[i].is_ascii_whitespace()
                {
                    i += 1;
                }
                out.push_str(&text[start..i]);
                continue;
            }
        }
        i += 1;
    }
    // The text ends as it did: with a newline or without.
    if text.ends_with('\n') {
        out.push('\n');
    }
    Some(out)
}

/// Where a JSON parse error points: the byte span of the character at its line and column.
pub fn error_span(text: &str, e: &serde_json::Error) -> Span {
    let mut offset = 0usize;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        if i + 1 == e.line() {
            let col = line
                .char_indices()
                .nth(e.column().saturating_sub(1))
                .map_or(line.trim_end_matches('\n').len(), |(b, _)| b);
            let start = offset + col;
            let end = text[start..]
                .chars()
                .next()
                .map_or(start, |c| start + c.len_utf8());
            return Span::new(start, end);
        }
        offset += line.len();
    }
    Span::new(text.len(), text.len())
}

/// Reads the Data tab's text into a state. The error says where and what.
pub fn set_state_json(
    d: &mut Design,
    name: &str,
    text: &str,
) -> Result<Vec<(Span, String)>, (Span, String)> {
    if let Some(e) = crate::api::preview::too_large("the state", text.len()) {
        return Err((Span::new(0, 0), format!("line 1, column 1: {}", e.message)));
    }
    // One read of the text for its problems and its warnings.
    let parsed = widget::json::parse(text, Default::default());
    let value = read_parsed(text, &parsed)?;
    if !value.is_object() {
        return Err((
            Span::new(0, text.len().min(1)),
            "a state is a JSON object, such as {\"title\": \"Hello\"}".into(),
        ));
    }
    if name == DEFAULT {
        d.default_state = value;
    } else if let Some(s) = d.states.iter_mut().find(|s| s.name == name) {
        s.data = value;
    }
    Ok(warnings_of(text, &parsed))
}

/// JSON text (which `parsed` read) as a value, or its first problem at its place, as
/// "line L, column C: …" (both 1-based, in characters): the studio's JSON reader says what is
/// wrong where the mistake is (a string's missing quote at the end of its line, not where the
/// reader gave up); serde_json reads what it accepts, and says anything else it refuses.
fn read_parsed(text: &str, parsed: &widget::json::Parsed) -> Result<Value, (Span, String)> {
    use widget::json::{JsonErrorCode, LineIndex};
    // A repeated key is a warning (`state_json_warnings`), not an error.
    if let Some(e) = parsed
        .errors
        .iter()
        .find(|e| e.code != JsonErrorCode::DuplicateKey)
    {
        let (line, column) = LineIndex::new(text).line_col(text, e.offset);
        let end = text[e.offset.min(text.len())..]
            .chars()
            .next()
            .map_or(e.offset, |c| e.offset + c.len_utf8());
        return Err((
            Span::new(e.offset, end),
            format!("line {line}, column {column}: {}", e.message),
        ));
    }
    serde_json::from_str(text).map_err(|e| {
        // serde_json's message ends with its own place ("… at line 2 column 5"): said once.
        let message = e.to_string();
        let message = message
            .rsplit_once(" at line ")
            .map_or(message.as_str(), |(m, _)| m)
            .to_string();
        (
            error_span(text, &e),
            format!("line {}, column {}: {message}", e.line(), e.column().max(1)),
        )
    })
}

/// What a save would change in a state's JSON text that reads, each with its place and as
/// "line L, column C: …": a key given twice in one object (only the last value is kept) and a
/// number a JSON value here cannot hold exactly (it is saved rounded). Warnings: the text
/// still saves.
pub fn state_json_warnings(text: &str) -> Vec<(Span, String)> {
    warnings_of(text, &widget::json::parse(text, Default::default()))
}

/// [`state_json_warnings`] of a text the studio's reader has read already.
fn warnings_of(text: &str, parsed: &widget::json::Parsed) -> Vec<(Span, String)> {
    use widget::json::{JsonErrorCode, LineIndex, Node, Value as J};
    let mut out: Vec<(Span, String)> = parsed
        .errors
        .iter()
        .filter(|e| e.code == JsonErrorCode::DuplicateKey)
        .map(|e| {
            (
                Span::new(e.offset, e.offset + 1),
                format!("{} (at {})", e.message, e.path),
            )
        })
        .collect();
    fn numbers<'a>(node: &'a Node<'a>, found: &mut Vec<&'a Node<'a>>) {
        match &node.value {
            J::Number(_) => found.push(node),
            J::Array(items) => items.iter().for_each(|n| numbers(n, found)),
            J::Object(members) => members.iter().for_each(|m| numbers(&m.value, found)),
            _ => {}
        }
    }
    let mut found = Vec::new();
    if let Some(root) = &parsed.root {
        numbers(root, &mut found);
    }
    for node in found {
        let J::Number(n) = &node.value else { continue };
        let raw = n.raw();
        let Ok(saved) = serde_json::from_str::<Value>(raw) else {
            continue;
        };
        // An integer literal of 64 bits is kept exactly; any other number becomes the nearest
        // float, which loses digits when its shortest decimal form has other significant
        // digits than the literal (exponents aside: `1e2` is 100).
        let exact_integer =
            n.is_integer_literal() && (saved.as_i64().is_some() || saved.as_u64().is_some());
        let lost = !exact_integer
            && raw.parse::<f64>().is_ok_and(|x| {
                significant_digits(raw) != significant_digits(&format!("{:e}", x.abs()))
            });
        if lost {
            out.push((
                node.span,
                format!(
                    "{raw} has more digits than a JSON number keeps here; it is saved as {saved}. Write it as a string to keep it exactly"
                ),
            ));
        }
    }
    out.sort_by_key(|(span, _)| span.start);
    // A pasted state can have thousands: the first ones, then how many more.
    let more = out.len().saturating_sub(MAX_DATA_WARNINGS);
    let next = out.get(MAX_DATA_WARNINGS).map(|(span, _)| *span);
    out.truncate(MAX_DATA_WARNINGS);
    // Each located (one index of the text's lines for all of them).
    let lines = LineIndex::new(text);
    let mut line = 1;
    for (span, message) in &mut out {
        let (l, column) = lines.line_col(text, span.start as usize);
        line = l;
        *message = format!("line {line}, column {column}: {message}");
    }
    if let Some(span) = next {
        out.push((
            span,
            format!("and {more} more like these after line {line}"),
        ));
    }
    out
}

/// The most warnings the Data tab lists (and marks) at once.
pub const MAX_DATA_WARNINGS: usize = 50;

/// A number's significant digits: its mantissa's digits without the sign, the point, the
/// exponent, leading and trailing zeros (`-0.0120e5` → `12`; `0` → ``).
fn significant_digits(number: &str) -> String {
    let mantissa = number
        .trim_start_matches('-')
        .split(['e', 'E'])
        .next()
        .unwrap_or("");
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    digits
        .trim_start_matches('0')
        .trim_end_matches('0')
        .to_string()
}

/// A name in Unicode's composed form (NFC): the browser's own `String.prototype.normalize` in
/// the page (its tables cost the wasm nothing), passed in so that these functions stay pure.
pub type Nfc = fn(&str) -> String;

/// Checks a new state name: not empty, not `default`, at most 64 characters, unique, and not
/// only looking like another state's name (the same in NFC: "café" typed two ways, which a
/// save refuses).
pub fn check_name(
    d: &Design,
    name: &str,
    renaming: Option<&str>,
    nfc: Nfc,
) -> Result<String, String> {
    let name = name.trim();
    if name.is_empty() {
        return Err("a state needs a name".into());
    }
    if name == DEFAULT {
        return Err("\"default\" is the default state's name; choose another".into());
    }
    if name.chars().count() > 64 {
        return Err("a state name has at most 64 characters".into());
    }
    if let Some(why) = widget::design::one_line_problem(name) {
        return Err(format!("a state name is one line of text; this one {why}"));
    }
    if d.states
        .iter()
        .any(|s| s.name == name && Some(s.name.as_str()) != renaming)
    {
        return Err(format!("there is already a state called \"{name}\""));
    }
    let composed = nfc(name);
    if let Some(other) = d
        .states
        .iter()
        .find(|s| Some(s.name.as_str()) != renaming && nfc(&s.name) == composed)
    {
        return Err(format!(
            "\"{name}\" looks the same as the state \"{}\" (its accents are typed another way); each state has its own name",
            other.name
        ));
    }
    Ok(name.to_string())
}

fn unique(d: &Design, base: &str, nfc: Nfc) -> String {
    (1..)
        .map(|i| {
            if i == 1 {
                base.to_string()
            } else {
                format!("{base} {i}")
            }
        })
        .find(|n| check_name(d, n, None, nfc).is_ok())
        .unwrap_or_else(|| base.into())
}

/// A new named state, a copy of the default state; its name.
pub fn add_state(d: &mut Design, nfc: Nfc) -> String {
    let name = unique(d, "state", nfc);
    d.states.push(NamedState {
        name: name.clone(),
        data: d.default_state.clone(),
    });
    name
}

/// A copy of a state, placed after it; its name.
pub fn duplicate_state(d: &mut Design, name: &str, nfc: Nfc) -> Option<String> {
    let value = data(d, name)?.clone();
    let copy = unique(d, &format!("{name} copy"), nfc);
    let at = d
        .states
        .iter()
        .position(|s| s.name == name)
        .map_or(0, |i| i + 1);
    d.states.insert(
        at,
        NamedState {
            name: copy.clone(),
            data: value,
        },
    );
    Some(copy)
}

/// Renames a named state.
pub fn rename_state(d: &mut Design, old: &str, new: &str, nfc: Nfc) -> Result<String, String> {
    if old == DEFAULT {
        return Err("the default state keeps its name".into());
    }
    let new = check_name(d, new, Some(old), nfc)?;
    let s = d
        .states
        .iter_mut()
        .find(|s| s.name == old)
        .ok_or_else(|| format!("there is no state called \"{old}\""))?;
    s.name = new.clone();
    Ok(new)
}

/// Deletes a named state (the default state stays).
pub fn delete_state(d: &mut Design, name: &str) -> bool {
    let before = d.states.len();
    d.states.retain(|s| s.name != name);
    d.states.len() != before
}

/// One change the Data tab's buttons made to the named states, kept so that it can be undone
/// (by its inverse) and redone. Each holds what it needs to be made again on its own: a state
/// taken out comes back with its data and in its place.
#[derive(Clone, Debug, PartialEq)]
pub enum StateChange {
    /// A state placed at `at` of the named states (Add, Duplicate).
    Inserted {
        at: usize,
        state: NamedState,
    },
    /// The state at `at` taken out (Delete).
    Removed {
        at: usize,
        state: NamedState,
    },
    Renamed {
        from: String,
        to: String,
    },
}

impl StateChange {
    /// The change that undoes this one.
    pub fn inverse(&self) -> StateChange {
        match self {
            StateChange::Inserted { at, state } => StateChange::Removed {
                at: *at,
                state: state.clone(),
            },
            StateChange::Removed { at, state } => StateChange::Inserted {
                at: *at,
                state: state.clone(),
            },
            StateChange::Renamed { from, to } => StateChange::Renamed {
                from: to.clone(),
                to: from.clone(),
            },
        }
    }

    /// What it does, to follow "Undo" or "Redo": `adding the state "x"`.
    pub fn describe(&self) -> String {
        match self {
            StateChange::Inserted { state, .. } => format!("adding the state \"{}\"", state.name),
            StateChange::Removed { state, .. } => {
                format!("deleting the state \"{}\"", state.name)
            }
            StateChange::Renamed { from, to } => {
                format!("renaming the state \"{from}\" to \"{to}\"")
            }
        }
    }

    /// The state the Data tab shows once the change is made: the one placed or renamed, the
    /// default state after a removal.
    pub fn shows(&self) -> &str {
        match self {
            StateChange::Inserted { state, .. } => &state.name,
            StateChange::Removed { .. } => DEFAULT,
            StateChange::Renamed { to, .. } => to,
        }
    }
}

/// The Data tab's state changes that can be undone, and those undone that can be redone (a new
/// change forgets the latter, as a text editor's history does).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StateHistory {
    undo: Vec<StateChange>,
    redo: Vec<StateChange>,
}

impl StateHistory {
    /// How many changes are kept for undo (each holds a state's data).
    pub const KEPT: usize = 100;

    /// A change just made.
    pub fn record(&mut self, change: StateChange) {
        self.undo.push(change);
        if self.undo.len() > Self::KEPT {
            self.undo.remove(0);
        }
        self.redo.clear();
    }

    /// The change an undo (or a redo) would undo (or make again), as it was made.
    pub fn next(&self, redo: bool) -> Option<&StateChange> {
        if redo { &self.redo } else { &self.undo }.last()
    }

    /// The change [`Self::next`] gave was undone (or made again): `made` is that change as it
    /// stands now (with the data a removal took), and goes to the other side.
    pub fn stepped(&mut self, redo: bool, made: StateChange) {
        let (from, to) = if redo {
            (&mut self.redo, &mut self.undo)
        } else {
            (&mut self.undo, &mut self.redo)
        };
        from.pop();
        to.push(made);
    }
}

/// The named state `name` as a change that places it where it is (`None` for the default
/// state or a name that is not there): what Add and Duplicate did, and, inverted, what Delete
/// is about to do.
pub fn placed(d: &Design, name: &str) -> Option<StateChange> {
    let at = d.states.iter().position(|s| s.name == name)?;
    Some(StateChange::Inserted {
        at,
        state: d.states[at].clone(),
    })
}

/// Makes `change` in `d` and returns it as made, or says why it cannot be made now (nothing
/// changes then): a name taken since, a state no longer there. A removal takes the state with
/// the data it has now, so the returned change, inverted, brings back that data (edits made
/// since it was added are not lost by an undo that a redo follows). A place past the end is
/// the end.
pub fn apply_state_change(
    d: &mut Design,
    change: &StateChange,
    nfc: Nfc,
) -> Result<StateChange, String> {
    match change {
        StateChange::Inserted { at, state } => {
            let name = check_name(d, &state.name, None, nfc)?;
            if name != state.name {
                return Err(format!("\"{}\" is not a state name", state.name));
            }
            let at = (*at).min(d.states.len());
            d.states.insert(at, state.clone());
            Ok(StateChange::Inserted {
                at,
                state: state.clone(),
            })
        }
        StateChange::Removed { state, .. } => {
            let Some(StateChange::Inserted { at, state }) = placed(d, &state.name) else {
                return Err(format!("there is no state called \"{}\" now", state.name));
            };
            d.states.remove(at);
            Ok(StateChange::Removed { at, state })
        }
        StateChange::Renamed { from, to } => {
            if !d.states.iter().any(|s| s.name == *from) {
                return Err(format!("there is no state called \"{from}\" now"));
            }
            let to = rename_state(d, from, to, nfc)?;
            Ok(StateChange::Renamed {
                from: from.clone(),
                to,
            })
        }
    }
}

/// Whether `stored` is `sent` as the server stores it: the same, but for the tags, which it
/// keeps in their composed form (NFC) with repeats dropped, and which only differ then when a
/// sent tag is not ASCII (the browser has no Unicode tables to compose them itself).
pub fn stored_as(sent: &Design, stored: &Design) -> bool {
    if sent.tags == stored.tags {
        sent == stored
    } else {
        sent.tags.iter().any(|t| !t.is_ascii())
            && Design {
                tags: stored.tags.clone(),
                ..sent.clone()
            } == *stored
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_save_is_recognised_with_its_tags_composed_by_the_server() {
        let mut sent = Design::jsx("n", "<Card />", serde_json::json!({}));
        sent.tags = vec!["cafe\u{301}".into(), "caf\u{e9}".into()];
        let mut stored = sent.clone();
        stored.tags = vec!["caf\u{e9}".into()];
        assert!(stored_as(&sent, &stored));
        assert!(stored_as(&stored, &stored));
        // ASCII tags the server keeps as sent: others are another save's.
        let mut ascii = sent.clone();
        ascii.tags = vec!["a".into()];
        assert!(!stored_as(&ascii, &stored));
        // The tags alike, anything else different: not this save.
        let mut other = stored.clone();
        other.name = "m".into();
        assert!(!stored_as(&stored, &other));
        assert!(!stored_as(&sent, &other));
    }

    #[test]
    fn a_file_that_is_not_text_says_what_it_is() {
        let png = String::from_utf8_lossy(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").into_owned();
        let why = not_text("logo.widget", &png).expect("refused");
        assert!(
            why.starts_with("logo.widget is a PNG image, not text: an import is"),
            "{why}"
        );
        let jpeg = String::from_utf8_lossy(b"\xff\xd8\xff\xe0\0\x10JFIF").into_owned();
        assert!(not_text("x", &jpeg).unwrap().contains("JPEG"));
        assert!(not_text("x", "GIF89a\u{1}\u{0}").unwrap().contains("GIF"));
        assert!(not_text("x", "PK\u{3}\u{4}rest").unwrap().contains("zip"));
        assert!(not_text("x", "%PDF-1.7").unwrap().contains("PDF"));
        assert!(
            not_text("x", "text\u{0}with a NUL")
                .unwrap()
                .contains("binary data")
        );
        // Text, even text that is no design, is the parser's to judge.
        let webp = String::from_utf8_lossy(b"RIFF\xa4\x9c\x00\x00WEBPVP8 ").into_owned();
        assert!(not_text("x", &webp).unwrap().contains("WebP"));
        for ok in [
            "<Text value=\"a \u{FFFD} in the text\" />",
            "{\"type\": \"Card\"}",
            "<Card />",
            "just some notes",
            "Grüße 👋",
            "",
        ] {
            assert_eq!(not_text("x", ok), None, "{ok}");
        }
    }

    /// Names as they are (the tests that are not about composed forms).
    fn as_is(s: &str) -> String {
        s.to_string()
    }

    /// The one composition these tests need: "e" and a combining acute accent is "é".
    fn composed(s: &str) -> String {
        s.replace("e\u{301}", "\u{e9}")
    }

    #[test]
    fn a_state_name_that_only_looks_like_another_is_refused() {
        let mut d = design();
        add_state(&mut d, composed);
        rename_state(&mut d, "state", "caf\u{e9}", composed).unwrap();
        add_state(&mut d, composed);
        assert_eq!(
            rename_state(&mut d, "state", "cafe\u{301}", composed),
            Err("\"cafe\u{301}\" looks the same as the state \"caf\u{e9}\" (its accents are typed another way); each state has its own name".into())
        );
        // Its own name, typed another way, is a rename.
        assert_eq!(
            rename_state(&mut d, "caf\u{e9}", "cafe\u{301}", composed).as_deref(),
            Ok("cafe\u{301}")
        );
        // A copy's name is not one that looks like a name taken.
        rename_state(&mut d, "state", "caf\u{e9} copy", composed).unwrap();
        assert_eq!(
            duplicate_state(&mut d, "cafe\u{301}", composed).as_deref(),
            Some("cafe\u{301} copy 2")
        );
    }

    fn design() -> Design {
        widget::starter::Starter::Card.design("x")
    }

    #[test]
    fn json_is_formatted_keeping_every_literal_as_written() {
        let text = r#"{"a":1e3,"big":123456789012345678901234567890,"s":"é \u00e9 \" ,:{}[]","e":{},"l":[ ],"n":[true,null,{"x":-0.50}]}"#;
        let pretty = pretty_json(text).unwrap();
        assert_eq!(
            pretty,
            "{\n  \"a\": 1e3,\n  \"big\": 123456789012345678901234567890,\n  \"s\": \"é \\u00e9 \\\" ,:{}[]\",\n  \"e\": {},\n  \"l\": [],\n  \"n\": [\n    true,\n    null,\n    {\n      \"x\": -0.50\n    }\n  ]\n}"
        );
        // The same JSON, and formatting twice changes nothing more.
        let a: Value = serde_json::from_str(text).unwrap();
        let b: Value = serde_json::from_str(&pretty).unwrap();
        assert_eq!(a, b);
        assert_eq!(pretty_json(&pretty).as_deref(), Some(pretty.as_str()));
        assert_eq!(pretty_json("  7 ").as_deref(), Some("7"));
        assert_eq!(pretty_json("[1,2]\n").as_deref(), Some("[\n  1,\n  2\n]\n"));
        // Not JSON: nothing to format.
        assert_eq!(pretty_json("{\"a\": }"), None);
        assert_eq!(pretty_json("z.object({})"), None);
        assert_eq!(pretty_json(""), None);
    }

    #[test]
    fn a_state_beyond_the_limit_is_refused_unread_and_nothing_changes() {
        let mut d = design();
        let before = d.clone();
        let huge = format!(
            "{{\"a\": \"{}\"}}",
            "x".repeat(crate::api::preview::MAX_SOURCE)
        );
        let (span, message) = set_state_json(&mut d, DEFAULT, &huge).unwrap_err();
        assert_eq!(span, Span::new(0, 0));
        assert!(
            message.starts_with("line 1, column 1: the state is"),
            "{message}"
        );
        assert_eq!(d, before);
    }

    #[test]
    fn states_are_added_duplicated_renamed_and_deleted() {
        let mut d = design();
        assert_eq!(state_names(&d), ["default"]);
        assert_eq!(add_state(&mut d, as_is), "state");
        assert_eq!(add_state(&mut d, as_is), "state 2");
        assert_eq!(d.states[0].data, d.default_state);
        assert_eq!(
            duplicate_state(&mut d, "state", as_is).as_deref(),
            Some("state copy")
        );
        assert_eq!(
            state_names(&d),
            ["default", "state", "state copy", "state 2"]
        );
        assert_eq!(
            rename_state(&mut d, "state 2", " late ", as_is),
            Ok("late".into())
        );
        assert!(
            rename_state(&mut d, "late", "state", as_is)
                .unwrap_err()
                .contains("already")
        );
        assert!(rename_state(&mut d, "late", "default", as_is).is_err());
        assert!(rename_state(&mut d, "default", "x", as_is).is_err());
        assert!(rename_state(&mut d, "late", "  ", as_is).is_err());
        assert_eq!(
            rename_state(&mut d, "late", "late", as_is),
            Ok("late".into())
        );
        // One line, shown in the order written.
        assert_eq!(
            rename_state(&mut d, "late", "x\u{202E}abc", as_is),
            Err("a state name is one line of text; this one holds U+202E (a bidirectional control, which shows the text around it in another order) at character 2".into())
        );
        assert!(rename_state(&mut d, "late", "tab\tname", as_is).is_err());
        assert_eq!(
            rename_state(&mut d, "late", "\u{200F}late", as_is),
            Ok("\u{200F}late".into())
        );
        rename_state(&mut d, "\u{200F}late", "late", as_is).unwrap();
        assert!(delete_state(&mut d, "state copy"));
        assert!(!delete_state(&mut d, "default"));
        assert_eq!(state_names(&d), ["default", "state", "late"]);
    }

    #[test]
    fn state_changes_are_undone_and_redone_by_their_inverses() {
        let mut d = design();
        add_state(&mut d, as_is);
        let name = add_state(&mut d, as_is);
        let added = placed(&d, &name).unwrap();
        assert_eq!(added.shows(), "state 2");
        assert_eq!(added.describe(), "adding the state \"state 2\"");
        // The added state's data changed since: undoing the add takes it out with that data,
        // and redoing brings the data back, in its place.
        d.states[1].data = serde_json::json!({"edited": true});
        let undone = apply_state_change(&mut d, &added.inverse(), as_is).unwrap();
        assert_eq!(state_names(&d), ["default", "state"]);
        assert_eq!(undone.shows(), DEFAULT);
        let redone = apply_state_change(&mut d, &undone.inverse(), as_is).unwrap();
        assert_eq!(state_names(&d), ["default", "state", "state 2"]);
        assert_eq!(d.states[1].data, serde_json::json!({"edited": true}));
        assert_eq!(redone.shows(), "state 2");

        // A deletion comes back where it was, with its data.
        let first = placed(&d, "state").unwrap().inverse();
        let before = d.clone();
        let deleted = apply_state_change(&mut d, &first, as_is).unwrap();
        assert_eq!(deleted.describe(), "deleting the state \"state\"");
        assert_eq!(state_names(&d), ["default", "state 2"]);
        apply_state_change(&mut d, &deleted.inverse(), as_is).unwrap();
        assert_eq!(d, before);

        // A rename goes back, and forth.
        let renamed = StateChange::Renamed {
            from: "state".into(),
            to: "late".into(),
        };
        apply_state_change(&mut d, &renamed, as_is).unwrap();
        assert_eq!(state_names(&d), ["default", "late", "state 2"]);
        assert_eq!(renamed.inverse().shows(), "state");
        apply_state_change(&mut d, &renamed.inverse(), as_is).unwrap();
        assert_eq!(d, before);

        // What cannot be made now is refused, and nothing changes.
        add_state(&mut d, as_is);
        let taken = d.clone();
        assert_eq!(
            apply_state_change(&mut d, &deleted.inverse(), as_is),
            Err("there is already a state called \"state\"".into())
        );
        assert_eq!(
            apply_state_change(
                &mut d,
                &StateChange::Renamed {
                    from: "gone".into(),
                    to: "x".into()
                },
                as_is
            ),
            Err("there is no state called \"gone\" now".into())
        );
        assert_eq!(
            apply_state_change(&mut d, &renamed.inverse(), as_is).unwrap_err(),
            "there is no state called \"late\" now"
        );
        assert_eq!(d, taken);
        // A place past the end is the end.
        let mut short = design();
        let back = apply_state_change(&mut short, &deleted.inverse(), as_is).unwrap();
        assert_eq!(
            back,
            StateChange::Inserted {
                at: 0,
                state: before.states[0].clone()
            }
        );
        assert!(placed(&short, DEFAULT).is_none());
    }

    #[test]
    fn the_state_history_undoes_and_redoes_in_order() {
        let mut d = design();
        let mut h = StateHistory::default();
        assert!(h.next(false).is_none() && h.next(true).is_none());
        add_state(&mut d, as_is);
        h.record(placed(&d, "state").unwrap());
        let removed = placed(&d, "state").unwrap().inverse();
        apply_state_change(&mut d, &removed, as_is).unwrap();
        h.record(removed.clone());
        assert_eq!(h.next(false), Some(&removed));
        // Undo the delete, then the add; redo the add.
        for _ in 0..2 {
            let change = h.next(false).unwrap().clone();
            let made = apply_state_change(&mut d, &change.inverse(), as_is).unwrap();
            h.stepped(false, made.inverse());
        }
        assert_eq!(state_names(&d), ["default"]);
        let change = h.next(true).unwrap().clone();
        assert_eq!(change.describe(), "adding the state \"state\"");
        let made = apply_state_change(&mut d, &change, as_is).unwrap();
        h.stepped(true, made);
        assert_eq!(h.next(true), Some(&removed));
        // A new change forgets what could be redone; only the last KEPT are kept.
        h.record(StateChange::Renamed {
            from: "state".into(),
            to: "s".into(),
        });
        assert!(h.next(true).is_none());
        for _ in 0..StateHistory::KEPT + 5 {
            h.record(removed.clone());
        }
        assert_eq!(h.undo.len(), StateHistory::KEPT);
    }

    #[test]
    fn an_import_replaces_what_it_brings_and_keeps_the_rest() {
        let mut cur = design();
        cur.tags = vec!["t".into()];
        add_state(&mut cur, as_is);
        cur.handlers = widget::actions::rules::DesignHandlers::from_value(serde_json::json!({
            "rules": [{"action": "go", "steps": [{"op": "close"}]}]
        }));
        assert!(!cur.handlers.is_empty());
        cur.target = widget::Target::ChatkitJs;
        cur.export.asset_base = Some("https://cdn.example.com/w/".into());
        cur.schema = widget::design::DataSchema {
            mode: widget::design::SchemaMode::Json,
            source: None,
            json_schema: serde_json::json!({"type": "object"}),
        };
        let view = "<Card><Text value={title} /></Card>";
        assert_eq!(ImportKind::of(view), ImportKind::View);
        let imported = Design::from_input(view).unwrap();
        let out = import_into(&cur, imported, ImportKind::View);
        assert_eq!((out.name.as_str(), out.source.as_str()), ("x", view));
        assert_eq!((out.states.len(), out.tags.len()), (1, 1));
        // The rules, the target and the asset base stay (a view brings none).
        assert_eq!(
            (&out.handlers, out.target, &out.export, &out.default_state),
            (&cur.handlers, cur.target, &cur.export, &cur.default_state)
        );
        // Widget JSON: its view and (no) default data; the rest stays.
        let json = "\u{feff}{\"type\": \"Card\", \"children\": []}";
        assert_eq!(
            ImportKind::of(json),
            ImportKind::Widget(widget::widgetfile::Carries::default())
        );
        let out = import_into(
            &cur,
            Design::from_input(json).unwrap(),
            ImportKind::of(json),
        );
        assert_eq!(out.kind, widget::DesignKind::Json);
        assert_eq!(
            (&out.handlers, out.target, &out.export, out.states.len()),
            (&cur.handlers, cur.target, &cur.export, 1)
        );
        // It brings no data nor schema: the design's stay.
        assert_eq!(
            (&out.default_state, &out.schema),
            (&cur.default_state, &cur.schema)
        );
        // A `.widget` that carries neither data nor a schema (a hand-written template; a
        // builder state without defaultState) leaves the design's; one that carries them
        // replaces them.
        let template = r#"{"version": "1.0", "name": "x", "template": "{\"type\": \"Card\", \"children\": []}"}"#;
        let builder = |fields: &str| {
            let state = format!(r#"{{"view": "<Card />"{fields}}}"#);
            format!(
                r#"{{"version": "1.0", "name": "x", "template": "{{\"type\": \"Card\"}}", "encodedWidget": "{}"}}"#,
                widget::widgetfile::base64url_encode(state.as_bytes())
            )
        };
        for file in [template.to_string(), builder("")] {
            let kind = ImportKind::of(&file);
            assert_eq!(
                kind,
                ImportKind::Widget(widget::widgetfile::Carries::default()),
                "{file}"
            );
            let out = import_into(&cur, Design::from_input(&file).unwrap(), kind);
            assert_eq!(
                (&out.default_state, &out.schema, &out.handlers),
                (&cur.default_state, &cur.schema, &cur.handlers),
                "{file}"
            );
            assert!(kind.replaces().starts_with("the view (the data, schema"));
        }
        let file = builder(
            r#", "defaultState": {"title": "new"}, "schemaMode": "zod", "schema": "z.object({ title: z.string() })""#,
        );
        let kind = ImportKind::of(&file);
        assert_eq!(
            kind,
            ImportKind::Widget(widget::widgetfile::Carries {
                data: true,
                schema: true,
                ..Default::default()
            })
        );
        let out = import_into(&cur, Design::from_input(&file).unwrap(), kind);
        assert_eq!(out.default_state, serde_json::json!({"title": "new"}));
        assert_eq!(out.schema.mode, widget::design::SchemaMode::Zod);
        let file = builder(r#", "defaultState": {"title": "new"}"#);
        let out = import_into(
            &cur,
            Design::from_input(&file).unwrap(),
            ImportKind::of(&file),
        );
        assert_eq!(
            (&out.default_state["title"], &out.schema),
            (&serde_json::json!("new"), &cur.schema)
        );
        assert_eq!(
            ImportKind::of(&file).replaces(),
            "the view and its data (the schema, rules and settings are kept)"
        );
        // A `.widget` the studio wrote names its target: a chatkit-js view stays in no error.
        let file = builder(r#", "defaultState": {}, "target": "chatkit-js""#);
        let kind = ImportKind::of(&file);
        assert_eq!(
            kind,
            ImportKind::Widget(widget::widgetfile::Carries {
                data: true,
                target: true,
                ..Default::default()
            })
        );
        let py = Design {
            target: widget::Target::ChatkitPython,
            ..cur.clone()
        };
        let out = import_into(&py, Design::from_input(&file).unwrap(), kind);
        assert_eq!(out.target, widget::Target::ChatkitJs);
        assert_eq!((&out.handlers, &out.export), (&py.handlers, &py.export));
        assert_eq!(
            kind.replaces(),
            "the view, its data and target (the schema, rules and asset base are kept)"
        );
        // One that holds rules and an asset base brings them (the studio writes the design's).
        let file = builder(
            r#", "defaultState": {}, "handlers": {"rules": [{"on": "go", "steps": []}]}, "assetBase": "https://cdn.example.com/n/""#,
        );
        let kind = ImportKind::of(&file);
        let out = import_into(&py, Design::from_input(&file).unwrap(), kind);
        assert_eq!(
            out.handlers.to_value(),
            serde_json::json!({"rules": [{"on": "go", "steps": []}]})
        );
        assert_eq!(
            out.export.asset_base.as_deref(),
            Some("https://cdn.example.com/n/")
        );
        assert_eq!(out.target, py.target);
        assert_eq!(
            kind.replaces(),
            "the view, its data, rules and asset base (the schema and target are kept)"
        );
        // One that does not name it leaves the design's.
        let out = import_into(
            &py,
            Design::from_input(&builder("")).unwrap(),
            ImportKind::of(&builder("")),
        );
        assert_eq!(out.target, widget::Target::ChatkitPython);
        // A design document: the whole design, but for its name, description and tags.
        let doc =
            r#"{"name": "other", "kind": "jsx", "source": "<Card />", "default_state": {"a": 1}}"#;
        assert_eq!(ImportKind::of(doc), ImportKind::Document);
        let out = import_into(&cur, Design::from_input(doc).unwrap(), ImportKind::Document);
        assert_eq!(out.name, "x");
        assert_eq!(out.default_state["a"], 1);
        assert!(out.states.is_empty() && out.handlers.is_empty());
        assert_eq!(out.target, widget::Target::ChatkitPython);
    }

    #[test]
    fn state_text_that_a_save_would_change_is_warned_at_its_place() {
        let text = "{\n  \"dup\": 1,\n  \"dup\": 2,\n  \"big\": 12345678901234567890123,\n  \"u\": 18446744073709551615,\n  \"pi\": 3.14159265358979323846,\n  \"ok\": [1e2, -0, 0.1, 1.50000000000000000000]\n}";
        let w = state_json_warnings(text);
        let said: Vec<&str> = w.iter().map(|(_, m)| m.as_str()).collect();
        assert_eq!(said.len(), 3, "{said:#?}");
        assert!(
            said[0].starts_with("line 3, column 3: duplicate key \"dup\""),
            "{}",
            said[0]
        );
        assert!(said[0].ends_with("(at dup)"), "{}", said[0]);
        assert!(
            said[1].starts_with("line 4, column 10: 12345678901234567890123 has more digits than a JSON number keeps here; it is saved as 1.2345678901234568e+22"),
            "{}",
            said[1]
        );
        assert!(
            said[2].starts_with("line 6, column 9: 3.14159265358979323846"),
            "{}",
            said[2]
        );
        assert_eq!(
            &text[w[1].0.start as usize..w[1].0.end as usize],
            "12345678901234567890123"
        );
        assert!(state_json_warnings("{\"a\": 1}").is_empty());
        // Fewer than 17 digits can round too; the same value written otherwise does not warn.
        for lost in [
            "1.0000000000000001",
            "9007199254740993.0",
            "0.30000000000000004440892098500626",
        ] {
            assert_eq!(
                state_json_warnings(&format!("{{\"n\": {lost}}}")).len(),
                1,
                "{lost}"
            );
        }
        for kept in [
            "0.1",
            "1e2",
            "-0",
            "100000000000000000000000",
            "1.5E-7",
            "0.30000000000000004",
            "9007199254740993",
        ] {
            assert!(
                state_json_warnings(&format!("{{\"n\": {kept}}}")).is_empty(),
                "{kept}"
            );
        }
        // Many: the first ones, located (a multi-byte character before them counts once),
        // then how many more.
        let many = format!(
            "{{\"é\": 0, \"é\": 1,\n{}}}",
            (0..5000)
                .map(|i| format!("\"k\": 1{i}.00000000000000001"))
                .collect::<Vec<_>>()
                .join(",\n")
        );
        let w = state_json_warnings(&many);
        assert_eq!(w.len(), MAX_DATA_WARNINGS + 1);
        assert!(
            w[0].1.starts_with("line 1, column 10: duplicate key \"é\""),
            "{}",
            w[0].1
        );
        assert!(
            w[1].1
                .starts_with("line 2, column 6: 10.00000000000000001 has more digits"),
            "{}",
            w[1].1
        );
        assert!(
            w[2].1.starts_with("line 3, column 1: duplicate key"),
            "{}",
            w[2].1
        );
        assert!(
            w[MAX_DATA_WARNINGS].1.starts_with(&format!(
                "and {} more like these after line ",
                2 * 5000 - MAX_DATA_WARNINGS
            )),
            "{}",
            w[MAX_DATA_WARNINGS].1
        );
    }

    #[test]
    fn state_text_round_trips_and_errors_are_located() {
        let mut d = design();
        let text = state_json(&d, DEFAULT).unwrap();
        assert!(text.contains("\n  \"title\""));
        set_state_json(&mut d, DEFAULT, "{\"title\": \"Hi 👋\"}").unwrap();
        assert_eq!(d.default_state["title"], "Hi 👋");
        let bad = "{\n  \"title\": \"é\",\n  oops\n}";
        let (span, msg) = set_state_json(&mut d, DEFAULT, bad).unwrap_err();
        assert!(msg.starts_with("line 3, column 3"), "{msg}");
        assert_eq!(&bad[span.start as usize..span.end as usize], "o");
        let (_, msg) = set_state_json(&mut d, DEFAULT, "[1]").unwrap_err();
        assert!(msg.contains("JSON object"));
        assert_eq!(
            d.default_state["title"], "Hi 👋",
            "a bad text changes nothing"
        );
        // A cut-off text points at its end.
        let (span, _) = set_state_json(&mut d, DEFAULT, "{\"a\": ").unwrap_err();
        assert!(span.start as usize <= 6);
        // A string's missing quote is said at the end of its own line, not the next one.
        let (_, msg) = set_state_json(
            &mut d,
            DEFAULT,
            "{\n  \"id\": 1,\n  \"title\": \"Broken,\n  \"body\": \"x\"\n}",
        )
        .unwrap_err();
        assert!(
            msg.starts_with("line 3, column 20: unterminated string"),
            "{msg}"
        );
        // A trailing comma: one place, said once, columns from 1.
        let (_, msg) = set_state_json(&mut d, DEFAULT, "{\"a\": 1,\n}").unwrap_err();
        assert!(msg.starts_with("line 2, column 1: trailing comma"), "{msg}");
        assert_eq!(msg.matches("line").count(), 1, "{msg}");
    }
}
