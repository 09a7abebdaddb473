//! Text helpers: Markdown escaping for body text, JSON Pointers, icon names.

use super::analyze::PathRef;

/// Escapes plain text so that a Markdown renderer shows it as it is: a backslash before every
/// character that could start formatting (CommonMark backslash escapes, which every Markdown
/// renderer honours). Characters that format only at the start of a line are escaped there.
pub(crate) fn escape_markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut line_start = true;
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if line_start {
            // Leading blanks keep the line's start.
            if c == ' ' || c == '\t' {
                out.push(c);
                i += 1;
                continue;
            }
            line_start = false;
            let next = chars.get(i + 1).copied();
            match c {
                '#' | '>' | '=' => {
                    out.push('\\');
                    out.push(c);
                    i += 1;
                    continue;
                }
                '-' | '+' if next.is_none_or(|n| n == ' ' || n == '\t' || n == c) => {
                    out.push('\\');
                    out.push(c);
                    i += 1;
                    continue;
                }
                '0'..='9' => {
                    // `1.` or `1)` followed by a blank starts an ordered list.
                    let mut j = i;
                    while j < chars.len() && chars[j].is_ascii_digit() {
                        j += 1;
                    }
                    if j - i <= 9
                        && matches!(chars.get(j), Some('.') | Some(')'))
                        && chars.get(j + 1).is_none_or(|n| *n == ' ' || *n == '\t')
                    {
                        out.extend(&chars[i..j]);
                        out.push('\\');
                        out.push(chars[j]);
                        i = j + 1;
                        continue;
                    }
                }
                _ => {}
            }
        }
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '~' | '|' => {
                out.push('\\');
                out.push(c);
            }
            '&' if is_entity(&chars[i..]) => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => {
                out.push(c);
                line_start = true;
            }
            _ => out.push(c),
        }
        i += 1;
    }
    out
}

fn is_entity(rest: &[char]) -> bool {
    let body: String = rest.iter().skip(1).take(33).collect();
    match body.find(';') {
        Some(end) if end > 0 => {
            let name = &body[..end];
            name.chars().all(|c| c.is_ascii_alphanumeric() || c == '#')
        }
        _ => false,
    }
}

/// Whether a text would look different through a Markdown renderer.
pub(crate) fn has_markdown(s: &str) -> bool {
    escape_markdown(s) != s
}

/// The inverse of [`escape_markdown`] (and of any CommonMark backslash escape): what a
/// Markdown renderer shows for plain escaped text.
pub fn unescape_markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut it = s.chars().peekable();
    while let Some(c) = it.next() {
        if c == '\\'
            && let Some(&n) = it.peek()
            && n.is_ascii_punctuation()
        {
            out.push(n);
            it.next();
            continue;
        }
        out.push(c);
    }
    out
}

/// A JSON Pointer segment, escaped.
fn seg(s: &str) -> String {
    s.replace('~', "~0").replace('/', "~1")
}

/// The path as A2UI writes it: `/a/b` (absolute), `a/b` or `.` (relative to the item).
pub(crate) fn pointer(p: &PathRef) -> String {
    match p {
        PathRef::Abs(s) if s.is_empty() => "/".into(),
        PathRef::Abs(s) => s.iter().map(|x| format!("/{}", seg(x))).collect(),
        PathRef::Rel(s) if s.is_empty() => ".".into(),
        PathRef::Rel(s) => s.iter().map(|x| seg(x)).collect::<Vec<_>>().join("/"),
    }
}

/// Escapes `${` in a formatString's literal text.
pub(crate) fn escape_format(s: &str) -> String {
    s.replace("${", "\\${")
}

/// A2UI v0.9 basic catalog icon names.
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) const A2UI_ICONS: &[&str] = &[
    "accountCircle",
    "add",
    "arrowBack",
    "arrowForward",
    "attachFile",
    "calendarToday",
    "call",
    "camera",
    "check",
    "close",
    "delete",
    "download",
    "edit",
    "event",
    "error",
    "fastForward",
    "favorite",
    "favoriteOff",
    "folder",
    "help",
    "home",
    "info",
    "locationOn",
    "lock",
    "lockOpen",
    "mail",
    "menu",
    "moreVert",
    "moreHoriz",
    "notificationsOff",
    "notifications",
    "pause",
    "payment",
    "person",
    "phone",
    "photo",
    "play",
    "print",
    "refresh",
    "rewind",
    "search",
    "send",
    "settings",
    "share",
    "shoppingCart",
    "skipNext",
    "skipPrevious",
    "star",
    "starHalf",
    "starOff",
    "stop",
    "upload",
    "visibility",
    "visibilityOff",
    "volumeDown",
    "volumeMute",
    "volumeOff",
    "volumeUp",
    "warning",
];

/// ChatKit icon names with an A2UI icon of the same meaning.
const ICON_MAP: &[(&str, &str)] = &[
    ("check", "check"),
    ("info", "info"),
    ("mail", "mail"),
    ("phone", "phone"),
    ("play", "play"),
    ("search", "search"),
    ("star", "star"),
    ("calendar", "calendarToday"),
    ("chevron-left", "arrowBack"),
    ("chevron-right", "arrowForward"),
    ("dots-horizontal", "moreHoriz"),
    ("dots-vertical", "moreVert"),
    ("map-pin", "locationOn"),
    ("plus", "add"),
    ("user", "person"),
    ("profile", "person"),
    ("profile-card", "accountCircle"),
    ("reload", "refresh"),
    ("star-filled", "star"),
    ("circle-question", "help"),
    ("check-circle", "check"),
    ("check-circle-filled", "check"),
    ("images", "photo"),
    ("square-image", "photo"),
    ("write", "edit"),
    ("write-alt", "edit"),
    ("write-alt2", "edit"),
    ("notebook-pencil", "edit"),
    ("settings-slider", "settings"),
];

/// The A2UI icon for a ChatKit icon name, when one exists.
pub(crate) fn icon(name: &str) -> Option<&'static str> {
    ICON_MAP.iter().find(|(c, _)| *c == name).map(|(_, a)| *a)
}

/// Whether the name is the same in both catalogs (nothing to report).
pub(crate) fn icon_same(name: &str) -> bool {
    icon(name) == Some(name)
}

/// Icons of v0.8's smaller set.
pub(crate) const V08_ICONS: &[&str] = &[
    "accountCircle",
    "add",
    "arrowBack",
    "arrowForward",
    "attachFile",
    "calendarToday",
    "call",
    "camera",
    "check",
    "close",
    "delete",
    "download",
    "edit",
    "event",
    "error",
    "favorite",
    "favoriteOff",
    "folder",
    "help",
    "home",
    "info",
    "locationOn",
    "lock",
    "lockOpen",
    "mail",
    "menu",
    "moreVert",
    "moreHoriz",
    "notificationsOff",
    "notifications",
    "payment",
    "person",
    "phone",
    "photo",
    "print",
    "refresh",
    "search",
    "send",
    "settings",
    "share",
    "shoppingCart",
    "star",
    "starHalf",
    "starOff",
    "upload",
    "visibility",
    "visibilityOff",
    "warning",
];

#[cfg(test)]
pub(crate) const ICON_MAP_FOR_TESTS: &[(&str, &str)] = ICON_MAP;
