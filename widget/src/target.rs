//! The two ways a widget reaches ChatKit.js, and where they differ.
//!
//! Integrations send widgets through the Python SDK's models (`openai-chatkit` 1.6.5), or as
//! JSON straight to ChatKit.js, whose published types (`@openai/chatkit` 1.9.0,
//! `types/widgets.d.ts`) say what it draws. The **target** picks whose rules the validator
//! applies: what the chosen target refuses is an error; what only the other target refuses
//! or changes is a `target-difference` warning that names it; a prop neither defines stays an
//! `unknown-prop` warning.
//!
//! Everything here is data: [`ONLY`] lists the components, props and shape fields that one
//! target defines and the other does not, [`INTENDED`] the places where the `chatkit-js`
//! verdict knowingly differs from `tsc --strict` against `widgets.d.ts` (the agreement test in
//! `widget/tests/tsc_agreement.rs` checks both directions), and [`compat_markdown`] renders
//! `docs/chatkit-compat.md` from them and the spec.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::diag::{Code, Diagnostic};
use crate::spec::{COMPONENTS, Component, Prop, Shape, Ty};

/// The version of `@openai/chatkit` whose types the `chatkit-js` target follows.
pub const CHATKIT_JS_VERSION: &str = "1.9.0";
/// The version of `openai-chatkit` (the Python SDK) the `chatkit-python` target follows.
pub const CHATKIT_PYTHON_VERSION: &str = "1.6.5";

/// Whose rules a widget is checked by.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Target {
    /// Through the Python SDK's models (`WidgetTemplate`, `Card(...)`): its rules, as today.
    #[default]
    ChatkitPython,
    /// JSON sent straight to ChatKit.js: the runtime's published types.
    ChatkitJs,
}

impl Target {
    pub const ALL: [Target; 2] = [Target::ChatkitPython, Target::ChatkitJs];

    /// `chatkit-python` or `chatkit-js`.
    pub fn as_str(self) -> &'static str {
        match self {
            Target::ChatkitPython => "chatkit-python",
            Target::ChatkitJs => "chatkit-js",
        }
    }

    /// "the Python SDK" or "ChatKit.js", for messages.
    pub fn label(self) -> &'static str {
        match self {
            Target::ChatkitPython => "the Python SDK",
            Target::ChatkitJs => "ChatKit.js",
        }
    }

    pub fn other(self) -> Target {
        match self {
            Target::ChatkitPython => Target::ChatkitJs,
            Target::ChatkitJs => Target::ChatkitPython,
        }
    }

    pub fn is_default(&self) -> bool {
        *self == Target::default()
    }

    pub fn parse(s: &str) -> Option<Target> {
        Target::ALL.into_iter().find(|t| t.as_str() == s)
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Target {
    type Err = String;
    fn from_str(s: &str) -> Result<Target, String> {
        Target::parse(s).ok_or_else(|| {
            format!("unknown target \"{s}\"; expected chatkit-python (the default) or chatkit-js")
        })
    }
}

/// A component, prop or shape field that only one target defines.
#[derive(Debug)]
pub struct Only {
    /// The component or shape (`Card`, `ActionConfig`, `SelectOption`).
    pub owner: &'static str,
    /// The prop or field; empty for a whole component.
    pub name: &'static str,
    /// The target that defines it.
    pub target: Target,
    /// Whether its values are checked as errors under both targets: the runtime reads it even
    /// though its published types lag (Chart, the ActionConfig fields). Otherwise, under the
    /// target that does not define it, its problems are warnings.
    pub checked: bool,
    /// What the other target does with it, said plainly (starts the warning's explanation).
    pub note: &'static str,
}

impl Only {
    /// `Card.border`, `Chart`.
    pub fn subject(&self) -> String {
        if self.name.is_empty() {
            self.owner.to_string()
        } else {
            format!("{}.{}", self.owner, self.name)
        }
    }

    /// Whether this one's presence gets a warning under `target`: always (the other target
    /// refuses or changes it), except for checked Python-only items under `chatkit-python`
    /// (the runtime reads them; only its published types lag).
    pub fn warns_under(&self, target: Target) -> bool {
        !(self.checked && target == self.target && target == Target::ChatkitPython)
    }
}

const PY_DROPS_BASIC: &str = "ChatKit.js draws it, but the Python SDK's typed BasicRoot has only children and drops it when it serialises (WidgetTemplate.build passes it through)";

/// Everything one target defines and the other does not (the icon set and number rules are
/// separate: [`JS_MISSING_ICONS`], [`int_note`]).
pub static ONLY: &[Only] = &[
    Only {
        owner: "Table",
        name: "",
        target: Target::ChatkitJs,
        checked: true,
        note: "ChatKit.js draws Table since 1.7.0, but the Python SDK's typed models have no Table (its WidgetTemplate.build passes it through unchecked as a dynamic component)",
    },
    Only {
        owner: "Table.Row",
        name: "",
        target: Target::ChatkitJs,
        checked: true,
        note: "ChatKit.js draws Table.Row since 1.7.0, but the Python SDK's typed models have no Table.Row (its WidgetTemplate.build passes it through unchecked as a dynamic component)",
    },
    Only {
        owner: "Table.Cell",
        name: "",
        target: Target::ChatkitJs,
        checked: true,
        note: "ChatKit.js draws Table.Cell since 1.7.0, but the Python SDK's typed models have no Table.Cell (its WidgetTemplate.build passes it through unchecked as a dynamic component)",
    },
    Only {
        owner: "Card",
        name: "border",
        target: Target::ChatkitJs,
        checked: false,
        note: "ChatKit.js draws it (since 1.7.0), but the Python SDK's typed Card has no border and drops it when it serialises (WidgetTemplate.build passes it through)",
    },
    Only {
        owner: "Basic",
        name: "theme",
        target: Target::ChatkitJs,
        checked: false,
        note: PY_DROPS_BASIC,
    },
    Only {
        owner: "Basic",
        name: "direction",
        target: Target::ChatkitJs,
        checked: false,
        note: PY_DROPS_BASIC,
    },
    Only {
        owner: "Basic",
        name: "gap",
        target: Target::ChatkitJs,
        checked: false,
        note: PY_DROPS_BASIC,
    },
    Only {
        owner: "Basic",
        name: "padding",
        target: Target::ChatkitJs,
        checked: false,
        note: PY_DROPS_BASIC,
    },
    Only {
        owner: "Basic",
        name: "align",
        target: Target::ChatkitJs,
        checked: false,
        note: PY_DROPS_BASIC,
    },
    Only {
        owner: "Basic",
        name: "justify",
        target: Target::ChatkitJs,
        checked: false,
        note: PY_DROPS_BASIC,
    },
    Only {
        owner: "Chart",
        name: "",
        target: Target::ChatkitPython,
        checked: true,
        note: "ChatKit.js's published types (@openai/chatkit 1.9.0) do not declare Chart; ChatKit's widget docs and the Python SDK define it and the runtime draws it",
    },
    Only {
        owner: "ActionConfig",
        name: "handler",
        target: Target::ChatkitPython,
        checked: true,
        note: "ChatKit.js's published ActionConfig type (1.9.0) has only type and payload; ChatKit's actions docs and the Python SDK define handler (the Python SDK sends \"server\" when it is left out)",
    },
    Only {
        owner: "ActionConfig",
        name: "loadingBehavior",
        target: Target::ChatkitPython,
        checked: true,
        note: "ChatKit.js's published ActionConfig type (1.9.0) has only type and payload; ChatKit's actions docs and the Python SDK define loadingBehavior (the Python SDK sends \"auto\" when it is left out)",
    },
    Only {
        owner: "ActionConfig",
        name: "streaming",
        target: Target::ChatkitPython,
        checked: true,
        note: "ChatKit.js's published ActionConfig type (1.9.0) has only type and payload; the Python SDK defines streaming (and sends true when it is left out)",
    },
    Only {
        owner: "Image",
        name: "background",
        target: Target::ChatkitPython,
        checked: false,
        note: "the Python SDK defines it, but ChatKit.js's published Image type (1.9.0) does not, so the runtime may ignore it",
    },
    Only {
        owner: "Image",
        name: "flex",
        target: Target::ChatkitPython,
        checked: false,
        note: "the Python SDK defines it, but ChatKit.js's published Image type (1.9.0) does not, so the runtime may ignore it",
    },
    Only {
        owner: "Select",
        name: "searchable",
        target: Target::ChatkitPython,
        checked: false,
        note: "the Python SDK defines it, but ChatKit.js's published Select type (1.9.0) does not, so the runtime may ignore it",
    },
    Only {
        owner: "SelectOption",
        name: "disabled",
        target: Target::ChatkitPython,
        checked: false,
        note: "the Python SDK defines it, but ChatKit.js's published Select option type (1.9.0) has only value and label, so the runtime may ignore it",
    },
    Only {
        owner: "SelectOption",
        name: "description",
        target: Target::ChatkitPython,
        checked: false,
        note: "the Python SDK defines it, but ChatKit.js's published Select option type (1.9.0) has only value and label, so the runtime may ignore it",
    },
];

/// The entry for a component (`name` empty) or a prop/field of `owner`.
pub fn only(owner: &str, name: &str) -> Option<&'static Only> {
    ONLY.iter().find(|o| o.owner == owner && o.name == name)
}

/// Icons of the Python SDK's set that ChatKit.js's `WidgetIcon` type (1.9.0) lacks.
pub const JS_MISSING_ICONS: &[&str] = &["clock"];

/// The note for an icon name that ChatKit.js's `WidgetIcon` type does not have.
pub const ICON_NOTE: &str =
    "is not in ChatKit.js's published WidgetIcon type (1.9.0); the Python SDK accepts it";

/// Under `chatkit-js`, a non-integer on a prop the Python SDK types as `int`.
pub fn int_note(subject: &str, raw: &str) -> String {
    let owner = subject.split('.').next().unwrap_or(subject);
    format!(
        "{subject}: ChatKit.js draws {raw}, but the Python SDK's {owner} accepts only whole numbers here"
    )
}

/// The note closing a warning about roots inside a Basic root (chatkit-js).
pub const ROOT_IN_BASIC_NOTE: &str = "ChatKit.js lets a Basic root hold Card, ListView and Basic; the Python SDK's typed BasicRoot does not (WidgetTemplate.build passes it through)";

/// The note on a null under `chatkit-js`.
pub const NULL_NOTE: &str = "ChatKit.js's types have no null here: leave the prop out (the Python SDK drops nulls, so chatkit-python accepts it)";

/// Which way our `chatkit-js` verdict differs from `tsc --strict`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// We accept (with a warning) what the type checker refuses.
    Looser,
    /// We refuse what the type checker accepts.
    Stricter,
}

/// One intended difference between the `chatkit-js` verdict and `tsc --strict` against
/// `widgets.d.ts`. The agreement test accepts a disagreement only when one of these matches
/// a diagnostic of the case, and fails when an entry matches no case (it is stale).
pub struct Intended {
    pub id: &'static str,
    /// What it is about, for the table.
    pub subject: &'static str,
    pub direction: Direction,
    pub reason: &'static str,
    /// Recognises the diagnostic that marks a case as this difference.
    pub matches: fn(&Diagnostic) -> bool,
}

fn only_note_matches(d: &Diagnostic, owner: &str, name: &str) -> bool {
    let o = only(owner, name).expect("an ONLY entry");
    let marker = if name.is_empty() {
        format!("{owner}: {}", o.note)
    } else {
        format!(".{name}: {}", o.note)
    };
    d.code == Code::TargetDifference && d.message.contains(&marker)
}

/// The intended differences, each once, with its reason.
pub static INTENDED: &[Intended] = &[
    Intended {
        id: "chart",
        subject: "Chart",
        direction: Direction::Looser,
        reason: "ChatKit's widget docs and the Python SDK define Chart and the runtime draws it; the 1.9.0 types do not declare it yet. It is checked by the Python SDK's rules under both targets.",
        matches: |d| only_note_matches(d, "Chart", ""),
    },
    Intended {
        id: "action-handler",
        subject: "ActionConfig.handler",
        direction: Direction::Looser,
        reason: "Defined by ChatKit's actions docs and the Python SDK (client or server handling); the 1.9.0 ActionConfig type lists only type and payload.",
        matches: |d| only_note_matches(d, "ActionConfig", "handler"),
    },
    Intended {
        id: "action-loading-behavior",
        subject: "ActionConfig.loadingBehavior",
        direction: Direction::Looser,
        reason: "Defined by ChatKit's actions docs and the Python SDK; the 1.9.0 ActionConfig type lists only type and payload.",
        matches: |d| only_note_matches(d, "ActionConfig", "loadingBehavior"),
    },
    Intended {
        id: "action-streaming",
        subject: "ActionConfig.streaming",
        direction: Direction::Looser,
        reason: "Defined by the Python SDK, which sends it on every action (true by default); the 1.9.0 ActionConfig type lists only type and payload.",
        matches: |d| only_note_matches(d, "ActionConfig", "streaming"),
    },
    Intended {
        id: "image-background",
        subject: "Image.background",
        direction: Direction::Looser,
        reason: "A prop the Python SDK defines and the types do not: the runtime ignores props it does not know, so it is a warning, not a refusal (tsc's excess-property check refuses it).",
        matches: |d| only_note_matches(d, "Image", "background"),
    },
    Intended {
        id: "image-flex",
        subject: "Image.flex",
        direction: Direction::Looser,
        reason: "As Image.background: a Python SDK prop the types lack; a warning.",
        matches: |d| only_note_matches(d, "Image", "flex"),
    },
    Intended {
        id: "select-searchable",
        subject: "Select.searchable",
        direction: Direction::Looser,
        reason: "As Image.background: a Python SDK prop the types lack; a warning.",
        matches: |d| only_note_matches(d, "Select", "searchable"),
    },
    Intended {
        id: "select-option-disabled",
        subject: "Select option disabled",
        direction: Direction::Looser,
        reason: "As Image.background: a field of the Python SDK's SelectOption that the types lack; a warning.",
        matches: |d| only_note_matches(d, "SelectOption", "disabled"),
    },
    Intended {
        id: "select-option-description",
        subject: "Select option description",
        direction: Direction::Looser,
        reason: "As Image.background: a field of the Python SDK's SelectOption that the types lack; a warning.",
        matches: |d| only_note_matches(d, "SelectOption", "description"),
    },
    Intended {
        id: "icon-clock",
        subject: "the icon clock",
        direction: Direction::Looser,
        reason: "In the Python SDK's icon set and not in the 1.9.0 WidgetIcon type; a warning, since an unknown icon name draws nothing rather than breaking the widget.",
        matches: |d| d.code == Code::TargetDifference && d.message.contains(ICON_NOTE),
    },
    Intended {
        id: "icon-vendor-lucide",
        subject: "vendor:/lucide: icon names",
        direction: Direction::Looser,
        reason: "The Python SDK accepts vendor:- and lucide:-prefixed names, which ChatKit resolves at run time; the WidgetIcon type lists only the built-in set.",
        matches: |d| d.code == Code::ExternalIcon,
    },
    Intended {
        id: "unknown-props",
        subject: "props neither target defines",
        direction: Direction::Looser,
        reason: "tsc's excess-property check refuses a prop the types do not declare; the runtime ignores it, as the Python SDK does, so it stays an unknown-prop (or ignored-children) warning.",
        matches: |d| matches!(d.code, Code::UnknownProp | Code::IgnoredChildren),
    },
    Intended {
        id: "mixed-shapes",
        subject: "an object mixing the fields of two shapes of a union (a status with both favicon and icon)",
        direction: Direction::Stricter,
        reason: "TypeScript accepts an object literal whose extra fields belong to another member of the union; which of the two the runtime draws is unclear, so each field must belong to the one shape it is read as.",
        matches: |d| {
            d.code == Code::InvalidType
                && d.message
                    .contains("ChatKit.js's types refuse unknown fields")
        },
    },
    Intended {
        id: "dates",
        subject: "DatePicker defaultValue, min and max",
        direction: Direction::Stricter,
        reason: "The types say string with a comment \"ISO datetime\"; a string that is not an ISO 8601 date cannot be parsed, so it is refused.",
        matches: |d| d.code == Code::InvalidType && d.message.contains("ISO 8601"),
    },
];

/// Every prop and shape field the spec defines, as `(owner, prop)`, for the compat table.
fn rows() -> Vec<(&'static str, &'static Prop, bool)> {
    let mut out = Vec::new();
    for c in COMPONENTS {
        for p in c.props() {
            out.push((c.name, p, false));
        }
    }
    let mut shapes: Vec<&'static Shape> = Vec::new();
    for c in COMPONENTS {
        for p in c.props() {
            collect_shapes(&p.ty, &mut shapes);
        }
    }
    for s in shapes {
        for f in s.fields {
            out.push((s.name, f, true));
        }
    }
    out
}

fn collect_shapes(ty: &'static Ty, out: &mut Vec<&'static Shape>) {
    let add = |s: &'static Shape, out: &mut Vec<&'static Shape>| {
        if !out.iter().any(|x| x.name == s.name) {
            out.push(s);
            for f in s.fields {
                collect_shapes(&f.ty, out);
            }
        }
    };
    match ty {
        Ty::Shape(s) => add(s, out),
        Ty::Tagged(ss) => {
            for s in *ss {
                add(s, out);
            }
        }
        Ty::Union(ms) => {
            for m in *ms {
                collect_shapes(m, out);
            }
        }
        Ty::Array(i) | Ty::Map(i) => collect_shapes(i, out),
        _ => {}
    }
}

/// Does the type take an integer somewhere (a number the Python SDK reads as `int`)?
pub fn has_int(ty: &Ty) -> bool {
    match ty {
        Ty::Int => true,
        Ty::Union(ms) => ms.iter().any(has_int),
        _ => false,
    }
}

/// `docs/chatkit-compat.md`: what each target accepts, generated from the spec and the
/// tables above (`widget/tests/compat_doc.rs` checks the committed file).
pub fn compat_markdown() -> String {
    let mut s = String::new();
    s.push_str("# ChatKit compatibility: the two targets\n\n");
    s.push_str("<!-- Generated from widget/src/spec.rs and widget/src/target.rs by `widget::target::compat_markdown`; do not edit by hand. `cargo test -p widget --test compat_doc` fails when this file is stale; `UPDATE_COMPAT=1 cargo test -p widget --test compat_doc` rewrites it. -->\n\n");
    s.push_str(&format!(
        "A design's **target** says how its widget reaches ChatKit.js:\n\n\
         - `chatkit-python` (the default): through the Python SDK's models (`openai-chatkit` {CHATKIT_PYTHON_VERSION}). The studio applies the SDK's rules, as before.\n\
         - `chatkit-js`: JSON sent straight to ChatKit.js, checked against its published types (`@openai/chatkit` {CHATKIT_JS_VERSION}, `types/widgets.d.ts`).\n\n\
         What the chosen target refuses is an error. What only the other target refuses or changes is a `target-difference` warning that names it. A prop that neither defines is an `unknown-prop` warning.\n\n\
         Set it on the design (`target` in the design document), with `--target` on `widget-studio validate`, `build` and `export`, or `?target=` on `POST /api/validate`.\n\n"
    ));
    s.push_str(
        "## Components\n\n| component | chatkit-python | chatkit-js |\n| --- | --- | --- |\n",
    );
    for c in COMPONENTS {
        let (py, js) = match only(c.name, "") {
            Some(o) if o.target == Target::ChatkitJs => (
                "error: no typed model (`WidgetTemplate.build` passes it through)",
                "yes, with a warning naming the Python SDK",
            ),
            Some(_) => ("yes", "yes, with a warning: not in the published types"),
            None => ("yes", "yes"),
        };
        let name = if c.is_root() {
            format!("`{}` (root)", c.name)
        } else {
            format!("`{}`", c.name)
        };
        s.push_str(&format!("| {name} | {py} | {js} |\n"));
    }
    s.push_str("\nStructure: under `chatkit-js` a `Basic` root may hold `Card`, `ListView` and `Basic` roots (a warning names the Python SDK); under `chatkit-python` that is a `nested-root` error. A `Table` holds only `Table.Row`, a `Table.Row` only `Table.Cell` (errors under both); a `Table.Row` or `Table.Cell` elsewhere is a `misplaced-table-part` warning, as the types allow it.\n\n");
    s.push_str("## Props and fields that differ\n\n| prop | chatkit-python | chatkit-js |\n| --- | --- | --- |\n");
    for (owner, p, _) in rows() {
        let o = only(owner, p.name);
        let int = has_int(&p.ty);
        if o.is_none() && !int {
            continue;
        }
        let subject = format!("`{owner}.{}`", p.name);
        let (py, js) = match o {
            Some(o) if o.target == Target::ChatkitJs => (
                "warning: dropped when the typed model serialises; its value problems are warnings"
                    .to_string(),
                "checked".to_string(),
            ),
            Some(o) if o.checked => (
                "checked".to_string(),
                "checked, with a warning: not in the published types".to_string(),
            ),
            Some(_) => (
                "checked".to_string(),
                "warning: not in the published types; its value problems are warnings".to_string(),
            ),
            None => (String::new(), String::new()),
        };
        let (py, js) = if int {
            let py = if py.is_empty() {
                "whole numbers only".to_string()
            } else {
                format!("{py}; whole numbers only")
            };
            let js = if js.is_empty() {
                "any number (a fraction gets a warning)".to_string()
            } else {
                format!("{js}; any number")
            };
            (py, js)
        } else {
            (py, js)
        };
        s.push_str(&format!("| {subject} | {py} | {js} |\n"));
    }
    s.push_str(&format!(
        "\nIcons: `{}` and `vendor:`/`lucide:` names are accepted by both targets; under `chatkit-js` they get a warning (not in the published `WidgetIcon` type).\n\n",
        JS_MISSING_ICONS.join("`, `")
    ));
    s.push_str("## Values\n\n| value | chatkit-python | chatkit-js |\n| --- | --- | --- |\n");
    s.push_str("| `null` for an optional prop | accepted (the SDK drops nulls) | error: the types have no null |\n");
    s.push_str("| a value the SDK coerces (`\"3\"` for a number, `1` or `\"yes\"` for a boolean, a Unix time for a date) | warning (`coerced-value`) | error: JSON is read as written |\n");
    s.push_str("| `children` as a single object instead of an array | warning (`deprecated-shape`) | error |\n");
    s.push_str("| `children: null`, or no `children` on Card, ListView, ListViewItem or Basic | accepted / `missing-children` warning | error: the types require an array |\n");
    s.push_str("| `Transition.children` as an array of one | accepted | error: the types take one object |\n");
    s.push_str("| `ActionConfig.payload` that is not an object | accepted (`Any`) | error: the types take `Record<string, unknown>` |\n");
    s.push_str("| `Box.border` `{size: 1.5}` | accepted, but the SDK reads it as per-side Borders and sends `{}` (a warning) | checked as one Border |\n");
    s.push_str("\n## Intended differences from the published types\n\nUnder `chatkit-js` the validator agrees with `tsc --strict` against the pinned `widgets.d.ts` on every generated case (`make tsc-check`), except for these, each checked by the same test:\n\n| difference | direction | reason |\n| --- | --- | --- |\n");
    for i in INTENDED {
        let dir = match i.direction {
            Direction::Looser => "we accept, with a warning; tsc refuses",
            Direction::Stricter => "we refuse; tsc accepts",
        };
        s.push_str(&format!(
            "| {} (`{}`) | {dir} | {} |\n",
            i.subject, i.id, i.reason
        ));
    }
    s
}

/// Is `name` an icon of the Python SDK's set that the runtime's type lacks?
pub fn js_missing_icon(name: &str) -> bool {
    JS_MISSING_ICONS.contains(&name)
}

/// The component entry for a JS-only or Python-only component.
pub fn component_only(c: &Component) -> Option<&'static Only> {
    only(c.name, "")
}
