//! A design: what the studio keeps for one widget, and `.widget` import and export.
//!
//! A design is a JSX view with data (the ChatKit Studio model), plain widget JSON, or a
//! hand-written Jinja template imported from a `.widget` file whose `encodedWidget` holds
//! no builder state ("template-only": it is rendered as-is and exported unchanged).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use crate::diag::{Code, Diagnostic, Origin, Report};
use crate::diff::{MergeConflict, merge3};
use crate::json::Span;
use crate::target::Target;
use crate::template::{self, View};
use crate::widgetfile;

/// How the design's widget is produced.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum DesignKind {
    /// A JSX view evaluated against the state.
    #[default]
    Jsx,
    /// Plain widget JSON.
    Json,
    /// A hand-written Jinja template (imported; edited as text, exported unchanged).
    TemplateOnly,
}

/// A named sample state.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NamedState {
    pub name: String,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub data: Value,
}

/// How a design's data schema is written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum SchemaMode {
    /// A zod source, as ChatKit Studio writes it.
    Zod,
    /// JSON Schema, written or inferred.
    Json,
    /// No schema (one is inferred from the default state when needed). Older documents
    /// spelled it as an empty string.
    #[default]
    #[serde(alias = "")]
    None,
}

impl SchemaMode {
    pub fn as_str(self) -> &'static str {
        match self {
            SchemaMode::Zod => "zod",
            SchemaMode::Json => "json",
            SchemaMode::None => "none",
        }
    }
}

/// The data schema: a zod source (as ChatKit Studio writes it) or JSON Schema.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DataSchema {
    #[serde(default)]
    pub mode: SchemaMode,
    /// The zod source when `mode` is "zod".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// JSON Schema of the state (translated from zod, written, or inferred).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Value))]
    pub json_schema: Value,
}

/// The longest design name the studio keeps, in characters.
pub const NAME_MAX_CHARS: usize = 200;
/// Whether `c` is one of Unicode's explicit bidirectional embeddings, overrides or isolates
/// (U+202A–U+202E, U+2066–U+2069). In a name or a tag one shows the text around it in an order
/// other than it is written (`abc\u{202E}fdp.exe` looks like `abcexe.pdf`), so one-line texts
/// hold none. The marks (U+200E, U+200F, U+061C) only set a direction, and are kept.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Where a one-line text (a name, a tag, a state's name) holds a control character or a
/// bidirectional control ([`is_bidi_control`]), in words: `holds U+0009 (a control character)
/// at character 4`, or `None`.
pub fn one_line_problem(text: &str) -> Option<String> {
    first_of(text, |c| c.is_control() || is_bidi_control(c))
}

/// [`one_line_problem`] for control characters alone (what a search refuses: names stored
/// before bidirectional controls were refused can still be found).
pub fn control_character(text: &str) -> Option<String> {
    first_of(text, char::is_control)
}

fn first_of(text: &str, bad: impl Fn(char) -> bool) -> Option<String> {
    text.chars()
        .enumerate()
        .find(|(_, c)| bad(*c))
        .map(|(i, c)| {
            let what = if c.is_control() {
                "a control character"
            } else {
                "a bidirectional control, which shows the text around it in another order"
            };
            format!("holds U+{:04X} ({what}) at character {}", c as u32, i + 1)
        })
}

/// A text as one line: each control character a space, each bidirectional control gone (it
/// shows nothing of its own).
fn one_line(text: &str) -> String {
    text.chars()
        .filter(|&c| !is_bidi_control(c))
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// The most tags a design has.
pub const TAGS_MAX: usize = 50;
/// The longest tag, in characters.
pub const TAG_MAX_CHARS: usize = 50;

/// A widget design: what the studio keeps for one widget, and what a revision snapshots.
/// This one type is the design document of the REST API, `/preview`, backups and the pages.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Design {
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub tags: Vec<String>,
    pub kind: DesignKind,
    /// The view (JSX), the widget JSON text, or the Jinja template.
    pub source: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub default_state: Value,
    /// Named states: `[{name, data}]`.
    #[serde(default)]
    pub states: Vec<NamedState>,
    /// The data schema: `{mode, source, json_schema}`.
    #[serde(default)]
    pub schema: DataSchema,
    /// The action simulator's rules, `{rules: [{on, when, steps}], forward?}`
    /// ([`crate::actions::rules`]); JSON that is not rules is kept as given and reported.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Value))]
    pub handlers: crate::actions::rules::DesignHandlers,
    /// How the widget reaches ChatKit.js, which decides whose rules it is checked by:
    /// `chatkit-python` (the default; documents without it load as that) or `chatkit-js`.
    #[serde(default, skip_serializing_if = "Target::is_default")]
    pub target: Target,
    /// For template-only imports: the file's fields kept to write it back unchanged, but for
    /// its template (`null` here), which is the design's `source`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub original: Option<Value>,
    /// How this design exports: where its assets will be hosted (remembered per design).
    #[serde(default, skip_serializing_if = "ExportSettings::is_default")]
    pub export: ExportSettings,
}

/// A design's export settings.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExportSettings {
    /// Where the user's backend will host the design's assets (`https://cdn.example.com/w/`
    /// or a path); exports rewrite `asset:` references to this base and the file's name
    /// ([`crate::asset::export_name`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub asset_base: Option<String>,
}

impl ExportSettings {
    pub fn is_default(&self) -> bool {
        *self == ExportSettings::default()
    }

    /// The asset base to export with: none when unset or only whitespace (a design imported
    /// or patched with `"asset_base": " "` has no base, rather than a base no export accepts).
    pub fn base(&self) -> Option<&str> {
        self.asset_base.as_deref().filter(|b| !b.trim().is_empty())
    }
}

/// A report with one error about the input as a whole.
fn err_with(code: Code, message: impl Into<String>) -> Report {
    let mut r = Report::default();
    r.push(Diagnostic::new(code, "", Span::default(), message));
    r
}

/// The parts of a design a person edits separately, for saying what changed between two
/// versions and for keeping one side's parts over the other's ([`Design::overwrite`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DesignField {
    Name,
    Description,
    Tags,
    Kind,
    View,
    DefaultState,
    States,
    Schema,
    Handlers,
    Target,
    Original,
    Export,
}

impl DesignField {
    pub const ALL: [DesignField; 12] = [
        DesignField::Name,
        DesignField::Description,
        DesignField::Tags,
        DesignField::Kind,
        DesignField::View,
        DesignField::DefaultState,
        DesignField::States,
        DesignField::Schema,
        DesignField::Handlers,
        DesignField::Target,
        DesignField::Original,
        DesignField::Export,
    ];

    /// What the editor calls it.
    pub fn label(self) -> &'static str {
        match self {
            DesignField::Name => "the name",
            DesignField::Description => "the description",
            DesignField::Tags => "the tags",
            DesignField::Kind => "the kind",
            DesignField::View => "the view",
            DesignField::DefaultState => "the default state",
            DesignField::States => "the named states",
            DesignField::Schema => "the data schema",
            DesignField::Handlers => "the action rules",
            DesignField::Target => "the target",
            DesignField::Original => "the imported file",
            DesignField::Export => "the export settings",
        }
    }
}

impl Design {
    /// Whether `self` and `other` differ in `field`.
    pub fn differs(&self, other: &Design, field: DesignField) -> bool {
        // Every field is a part: a new field must be given one (this does not compile without).
        let Design {
            name,
            description,
            tags,
            kind,
            source,
            default_state,
            states,
            schema,
            handlers,
            target,
            original,
            export,
        } = self;
        match field {
            DesignField::Name => *name != other.name,
            DesignField::Description => *description != other.description,
            DesignField::Tags => *tags != other.tags,
            DesignField::Kind => *kind != other.kind,
            DesignField::View => *source != other.source,
            DesignField::DefaultState => *default_state != other.default_state,
            DesignField::States => *states != other.states,
            DesignField::Schema => *schema != other.schema,
            DesignField::Handlers => *handlers != other.handlers,
            DesignField::Target => *target != other.target,
            DesignField::Original => *original != other.original,
            DesignField::Export => *export != other.export,
        }
    }

    /// Sets `field` to `from`'s.
    pub fn take(&mut self, from: &Design, field: DesignField) {
        match field {
            DesignField::Name => self.name = from.name.clone(),
            DesignField::Description => self.description = from.description.clone(),
            DesignField::Tags => self.tags = from.tags.clone(),
            DesignField::Kind => self.kind = from.kind,
            DesignField::View => self.source = from.source.clone(),
            DesignField::DefaultState => self.default_state = from.default_state.clone(),
            DesignField::States => self.states = from.states.clone(),
            DesignField::Schema => self.schema = from.schema.clone(),
            DesignField::Handlers => self.handlers = from.handlers.clone(),
            DesignField::Target => self.target = from.target,
            DesignField::Original => self.original = from.original.clone(),
            DesignField::Export => self.export = from.export.clone(),
        }
    }

    /// The parts in which `other` differs from `self`, in [`DesignField::ALL`]'s order.
    pub fn changed(&self, other: &Design) -> Vec<DesignField> {
        DesignField::ALL
            .into_iter()
            .filter(|f| self.differs(other, *f))
            .collect()
    }

    /// "Overwrite with mine" after a conflict: every part `mine` changed from `base` (the
    /// revision it was edited from) is mine, and every other part is `theirs` (the revision
    /// saved meanwhile), so neither side's edits to parts the other did not touch are lost.
    /// Where both changed the same part, mine wins, except in two parts, which are merged:
    ///
    /// - The view, when both changed its text and the kind is the same in all three: a
    ///   line-by-line merge ([`merge3`]) that keeps their changes to lines I did not change,
    ///   and mine where we both changed the same lines. When the kind changed on either side,
    ///   or only I changed the view, the view and the kind are mine (they go together: the
    ///   kind says how the view's text reads).
    /// - The named states, by name, when both changed them: a state is mine if I added,
    ///   edited or deleted it, else theirs (as they added, edited or deleted it); in my order,
    ///   then the states they added in theirs. When a name repeats in any of the three (the
    ///   states cannot be told apart), the states are mine.
    ///
    /// [`Design::overwrite_merged`] also says where my lines replaced theirs in the view.
    pub fn overwrite(base: &Design, mine: &Design, theirs: &Design) -> Design {
        Design::overwrite_merged(base, mine, theirs).0
    }

    /// [`Design::overwrite`], with what of theirs it dropped: where both sides changed the
    /// same thing differently and mine was kept ([`OverwriteClashes`]).
    pub fn overwrite_merged(
        base: &Design,
        mine: &Design,
        theirs: &Design,
    ) -> (Design, OverwriteClashes) {
        let mut out = theirs.clone();
        let mut clashes = OverwriteClashes::default();
        // Both changed it, to different values: mine is kept, theirs dropped.
        let both = |f: DesignField| base.differs(theirs, f) && mine.differs(theirs, f);
        for field in base.changed(mine) {
            match field {
                // Below, together.
                DesignField::View | DesignField::Kind => {}
                DesignField::States => {
                    let (states, names, both_added) =
                        merge_states(&base.states, &mine.states, &theirs.states);
                    out.states = states;
                    clashes.states = names;
                    clashes.both_added = both_added;
                }
                f => {
                    if both(f) {
                        clashes.parts.push(f);
                    }
                    out.take(mine, f);
                }
            }
        }
        if base.differs(mine, DesignField::View) || base.differs(mine, DesignField::Kind) {
            let same_kind = base.kind == mine.kind && mine.kind == theirs.kind;
            if same_kind && base.differs(theirs, DesignField::View) {
                let merged = merge3(&base.source, &mine.source, &theirs.source);
                out.source = merged.text;
                clashes.view = merged.conflicts;
            } else {
                if both(DesignField::View) || both(DesignField::Kind) {
                    clashes.parts.push(DesignField::View);
                }
                out.take(mine, DesignField::View);
                out.take(mine, DesignField::Kind);
            }
        }
        (out, clashes)
    }

    /// What the page holds once an overwrite saved `saved` ([`Design::overwrite`] of `mine`):
    /// `now` (the page, which may have been edited while the save was under way) with the
    /// parts the merge took from the other revision, except a part edited meanwhile, which
    /// stays as typed (the page is then unsaved). The view and the kind go together.
    ///
    /// That is the overwrite of `saved` with what was typed since `mine`
    /// (`Design::overwrite(mine, now, saved)`), so the view and the named states are merged
    /// too: when the save merged their lines (or states) into mine and the page's were also
    /// edited meanwhile, the typed edits are merged into the saved ones (typed lines win where
    /// both changed the same lines), so the page keeps what the save took from the other
    /// revision and its next save does not undo it.
    pub fn after_overwrite(now: &Design, mine: &Design, saved: &Design) -> Design {
        Design::overwrite(mine, now, saved)
    }

    /// [`Design::after_overwrite`], with where what was typed during the save replaced what
    /// the save took from the other revision.
    pub fn after_overwrite_merged(
        now: &Design,
        mine: &Design,
        saved: &Design,
    ) -> (Design, OverwriteClashes) {
        Design::overwrite_merged(mine, now, saved)
    }
}

/// What an overwrite ([`Design::overwrite_merged`]) kept of mine where the other side had
/// changed the same thing differently: their version was dropped there (it stays in the
/// history).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OverwriteClashes {
    /// Where both changed the same lines of the view (line numbers are the merged view's).
    pub view: Vec<MergeConflict>,
    /// The named states both changed (edited, or one deleted what the other edited).
    pub states: Vec<String>,
    /// The named states both added under one name, with different data: mine keeps the name,
    /// theirs is kept under the second (nothing of theirs dropped, but said).
    pub both_added: Vec<(String, String)>,
    /// The other parts both changed (the name, the default state, …); the view when it was
    /// not merged line by line (the kind changed on a side).
    pub parts: Vec<DesignField>,
}

impl OverwriteClashes {
    pub fn is_empty(&self) -> bool {
        self.view.is_empty()
            && self.states.is_empty()
            && self.both_added.is_empty()
            && self.parts.is_empty()
    }

    /// Each clash as the editor says it ("their line 23 was replaced by yours (line 23)",
    /// "the named state \"empty\"", "the name").
    pub fn said(&self) -> Vec<String> {
        let mut out: Vec<String> = self.view.iter().map(ToString::to_string).collect();
        out.extend(
            self.states
                .iter()
                .map(|n| format!("the named state \"{n}\"")),
        );
        out.extend(self.both_added.iter().map(|(n, new)| {
            format!(
                "the named state \"{n}\", which you both added (theirs is kept too, as \"{new}\")"
            )
        }));
        out.extend(self.parts.iter().map(|f| f.label().to_string()));
        out
    }
}

/// The named states of [`Design::overwrite`], merged by name: a state is `mine`'s if mine
/// added, edited or deleted it (compared with `base`), else `theirs`' (as theirs added,
/// edited or deleted it); in mine's order, then the states only `theirs` added, in theirs'.
/// When `theirs` did not change the states, or a name repeats in any of the three, `mine`
/// (a design whose names repeat does not save). Also gives the names both changed
/// differently (mine kept), in the order of the merged list, then the ones I deleted.
/// A state both sides added under one name with different data is kept twice: theirs under a
/// new name, given as (the name, its new name) in the third place.
fn merge_states(
    base: &[NamedState],
    mine: &[NamedState],
    theirs: &[NamedState],
) -> (Vec<NamedState>, Vec<String>, Vec<(String, String)>) {
    fn by_name(states: &[NamedState]) -> Option<BTreeMap<&str, &Value>> {
        let map: BTreeMap<&str, &Value> =
            states.iter().map(|s| (s.name.as_str(), &s.data)).collect();
        (map.len() == states.len()).then_some(map)
    }
    if theirs == base {
        return (mine.to_vec(), Vec::new(), Vec::new());
    }
    let (Some(b), Some(m), Some(t)) = (by_name(base), by_name(mine), by_name(theirs)) else {
        return (mine.to_vec(), Vec::new(), Vec::new());
    };
    let mine_changed = |name: &str| m.get(name) != b.get(name);
    let clash =
        |name: &str| mine_changed(name) && t.get(name) != b.get(name) && m.get(name) != t.get(name);
    let mut clashes: Vec<String> = Vec::new();
    let mut out: Vec<NamedState> = mine
        .iter()
        .filter_map(|s| {
            if mine_changed(&s.name) {
                if clash(&s.name) {
                    clashes.push(s.name.clone());
                }
                Some(s.clone())
            } else {
                // As in the base on my side: theirs, or gone if they deleted it.
                t.get(s.name.as_str()).map(|data| NamedState {
                    name: s.name.clone(),
                    data: (*data).clone(),
                })
            }
        })
        .collect();
    // Deleted by me, edited by them: gone, and said.
    clashes.extend(
        base.iter()
            .filter(|s| !m.contains_key(s.name.as_str()) && clash(&s.name))
            .map(|s| s.name.clone()),
    );
    // A state both renamed (gone from both sides, its data under a new name on each): one
    // state, under my name, and said, as when both changed it (their name is dropped). Only
    // where that is certain: exactly one state with that data gone from the base, one new on
    // my side and one new on theirs (states that hold the same data, such as several empty
    // ones, are otherwise kept as they are).
    let count = |states: &[NamedState], data: &Value, new_here: &dyn Fn(&str) -> bool| {
        states
            .iter()
            .filter(|x| x.data == *data && new_here(&x.name))
            .count()
    };
    let renamed_by_both = |s: &NamedState| {
        let gone = |n: &str| !m.contains_key(n) && !t.contains_key(n);
        let added = |n: &str| !b.contains_key(n);
        (count(base, &s.data, &gone) == 1
            && count(mine, &s.data, &added) == 1
            && count(theirs, &s.data, &added) == 1)
            .then(|| {
                base.iter()
                    .find(|o| o.data == s.data && gone(&o.name))
                    .map(|o| o.name.clone())
            })
            .flatten()
    };
    // Theirs alone: added by them (one in the base that I no longer have, I deleted).
    for s in theirs {
        if m.contains_key(s.name.as_str()) || b.contains_key(s.name.as_str()) {
            continue;
        }
        match renamed_by_both(s) {
            Some(old) => {
                if !clashes.contains(&old) {
                    clashes.push(old);
                }
            }
            None => out.push(s.clone()),
        }
    }
    // Added by both under one name (the Add button's `state`, say), with different data: not
    // the same state edited twice, so both stay, theirs under a name of its own.
    let mut both_added = Vec::new();
    for s in theirs {
        let name = s.name.as_str();
        if b.contains_key(name) || m.get(name).is_none_or(|data| *data == &s.data) {
            continue;
        }
        let new = free_state_name(name, |n| {
            out.iter().any(|o| o.name == n)
                || m.contains_key(n)
                || t.contains_key(n)
                || b.contains_key(n)
        });
        clashes.retain(|c| c != name);
        both_added.push((s.name.clone(), new.clone()));
        out.push(NamedState {
            name: new,
            data: s.data.clone(),
        });
    }
    (out, clashes, both_added)
}

/// `name` (cut to [`MAX_STATE_NAME`]), or when `taken` says it is in use, `name (2)`,
/// `name (3)`… (the name cut to leave room for the suffix, however long it is).
pub fn free_state_name(name: &str, taken: impl Fn(&str) -> bool) -> String {
    let base: String = name.chars().take(MAX_STATE_NAME).collect();
    let mut out = base.clone();
    let mut n = 2;
    while taken(&out) {
        let suffix = format!(" ({n})");
        let keep = MAX_STATE_NAME.saturating_sub(suffix.chars().count());
        out = format!("{}{suffix}", base.chars().take(keep).collect::<String>());
        n += 1;
    }
    out
}

/// The longest a named state's name may be, in characters.
pub const MAX_STATE_NAME: usize = 64;

impl Design {
    /// What is wrong with the states, each as (its path, what and what is allowed): the
    /// default state and every named state's data are JSON objects (or null, no data); a named state's name is
    /// not empty, not `default` (the default state's), at most [`MAX_STATE_NAME`] characters,
    /// and not another state's. The editor, the previews and the share links tell states
    /// apart by name.
    pub fn state_problems(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let reads = |v: &Value| v.is_object() || v.is_null();
        if !reads(&self.default_state) {
            out.push((
                "default_state".to_string(),
                format!(
                    "the default state is {}; a state is a JSON object, such as {{\"title\": \"Hello\"}} (or null: no data)",
                    kind_of(&self.default_state)
                ),
            ));
        }
        for (i, st) in self.states.iter().enumerate() {
            let name = st.name.trim();
            let why = if name.is_empty() {
                Some("a state needs a name".to_string())
            } else if name == "default" {
                Some("\"default\" is the default state's name; a named state needs another".into())
            } else if st.name.chars().count() > MAX_STATE_NAME {
                Some(format!(
                    "a state name has at most {MAX_STATE_NAME} characters"
                ))
            } else if let Some(why) = one_line_problem(&st.name) {
                Some(format!("a state name is one line of text; this one {why}"))
            } else {
                self.states[..i]
                    .iter()
                    .position(|other| other.name == st.name)
                    .map(|j| {
                        format!(
                            "\"{}\" is already the name of states[{j}]; each state has its own name",
                            st.name
                        )
                    })
            };
            if let Some(why) = why {
                out.push((format!("states[{i}].name"), why));
            }
            if !reads(&st.data) {
                out.push((
                    format!("states[{i}].data"),
                    format!(
                        "the state is {}; a state is a JSON object, such as {{\"title\": \"Hello\"}} (or null: no data)",
                        kind_of(&st.data)
                    ),
                ));
            }
        }
        out
    }

    /// Tidies the name (with `name`) and the tags (with `tags`), one-line texts a write checks
    /// and a file written elsewhere (an older studio's backup, a hand-edited one) may break:
    /// each control character becomes a space, a name over [`NAME_MAX_CHARS`] is cut, empty
    /// tags are dropped, long ones cut to [`TAG_MAX_CHARS`] and the first [`TAGS_MAX`] kept:
    /// only what a write refuses changes. Returns whether anything changed.
    pub fn tidy_one_line_texts(&mut self, name: bool, tags: bool) -> bool {
        let had_name = !self.name.trim().is_empty();
        let mut changed = self.tidy_control_characters(name, tags);
        // A name that was only bidirectional controls: a name still (a design has one).
        if name && had_name && self.name.trim().is_empty() {
            self.name = "Untitled".into();
        }
        if name && self.name.chars().count() > NAME_MAX_CHARS {
            self.name = self.name.chars().take(NAME_MAX_CHARS).collect();
            changed = true;
        }
        if tags {
            // Only what a write refuses: an empty tag dropped, a long one cut, the first ones
            // kept. Tags a write accepts stay exactly as they are.
            let mut kept: Vec<String> = Vec::new();
            for t in &self.tags {
                if t.trim().is_empty() || kept.len() == TAGS_MAX {
                    continue;
                }
                let t = if t.chars().count() > TAG_MAX_CHARS {
                    t.chars().take(TAG_MAX_CHARS).collect()
                } else {
                    t.clone()
                };
                if !t.trim().is_empty() {
                    kept.push(t);
                }
            }
            if kept != self.tags {
                self.tags = kept;
                changed = true;
            }
        }
        changed
    }

    fn tidy_control_characters(&mut self, name: bool, tags: bool) -> bool {
        let tidy = |t: &mut String| {
            if t.chars().any(|c| c.is_control() || is_bidi_control(c)) {
                *t = one_line(t);
                true
            } else {
                false
            }
        };
        let mut changed = name && tidy(&mut self.name);
        if tags {
            for t in &mut self.tags {
                changed |= tidy(t);
            }
        }
        changed
    }

    /// Gives every named state a name [`Design::state_problems`] accepts, keeping the data:
    /// an empty, reserved or repeated name becomes `state 2`, `a (2)` and so on; a long one is
    /// cut. For files written elsewhere (imports, backups), whose states would otherwise be
    /// refused when saved. Returns what was renamed, as `old → new`.
    pub fn tidy_state_names(&mut self) -> Vec<String> {
        let mut taken: Vec<String> = Vec::new();
        let mut renamed = Vec::new();
        for (i, st) in self.states.iter_mut().enumerate() {
            let line = one_line(&st.name);
            let trimmed = line.trim();
            let base = if trimmed.is_empty() || trimmed == "default" {
                format!("state {}", i + 1)
            } else {
                line
            };
            let name = free_state_name(&base, |n| taken.iter().any(|t| t == n));
            if name != st.name {
                renamed.push(format!("\"{}\" → \"{name}\"", st.name));
                st.name = name.clone();
            }
            taken.push(name);
        }
        renamed
    }
}

impl Design {
    /// Tags as a person types them: separated by commas, trimmed, empty ones and repeats
    /// dropped, in the order given.
    pub fn parse_tags(text: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for t in text.split(',').map(str::trim).filter(|t| !t.is_empty()) {
            if !out.iter().any(|x| x == t) {
                out.push(t.to_string());
            }
        }
        out
    }

    /// A new JSX design.
    pub fn jsx(name: &str, view: &str, default_state: Value) -> Design {
        Design {
            name: name.into(),
            kind: DesignKind::Jsx,
            source: view.into(),
            default_state,
            ..Design::default()
        }
    }

    /// The data of a state by name (`None` → the default state).
    pub fn state(&self, name: Option<&str>) -> Option<&Value> {
        match name {
            None | Some("default") => Some(&self.default_state),
            Some(n) => self.states.iter().find(|s| s.name == n).map(|s| &s.data),
        }
    }

    /// Builds the widget for some data: as it ships ([`template::shipped`]: without nulls for
    /// the Python SDK). The report is located in the source.
    pub fn build(&self, data: &Value) -> template::Built<'static> {
        let built = self.build_unshipped(data);
        template::Built {
            widget: built.widget.map(|w| template::shipped(w, self.target)),
            ..built
        }
    }

    /// [`Design::build`] with the widget as the source made it, nulls included: what the
    /// accessibility lint reads, since its fixes edit the source.
    pub fn build_unshipped(&self, data: &Value) -> template::Built<'static> {
        match self.kind {
            DesignKind::Jsx => template::build_unshipped(&self.source, data, self.target),
            DesignKind::Json => {
                let (report, root) = crate::validate::parse_and_validate_for(
                    self.source.as_bytes(),
                    Default::default(),
                    self.target,
                );
                template::Built {
                    widget: root.map(|r| r.into_owned()),
                    report,
                    source_map: Default::default(),
                }
            }
            DesignKind::TemplateOnly => match template::render::render(&self.source, data) {
                Ok(widget) => {
                    let report = crate::validate::validate_node_for(&widget, self.target);
                    template::Built {
                        widget: Some(widget),
                        report,
                        source_map: Default::default(),
                    }
                }
                Err(report) => template::Built {
                    widget: None,
                    report,
                    source_map: Default::default(),
                },
            },
        }
    }

    /// Validates the default state and every named state against the data schema. Positions
    /// refer to each state printed as JSON with two-space indentation; each diagnostic's
    /// `origin` is `state NAME`.
    pub fn check_states(&self) -> Report {
        let mut report = Report::default();
        let schema = self.json_schema();
        let all = std::iter::once(("default", &self.default_state))
            .chain(self.states.iter().map(|s| (s.name.as_str(), &s.data)));
        for (name, data) in all {
            let text = serde_json::to_string_pretty(data).unwrap_or_default();
            let mut r = crate::schema_infer::validate_state(&text, &schema);
            r.set_origin(Origin::State(name.to_string()));
            report.extend(r);
        }
        report
    }

    /// The Jinja template for the SDK.
    pub fn template(&self) -> Result<String, Report> {
        match self.kind {
            DesignKind::Jsx => View::parse(&self.source)?.to_jinja(),
            DesignKind::TemplateOnly => Ok(self.source.clone()),
            // Static JSON is its own template, with any Jinja delimiter taken apart.
            DesignKind::Json => Ok(json_as_template(&self.source)),
        }
    }

    /// The JSON Schema written into exports and that states are checked against: the zod
    /// source translated (it is authoritative when it translates), else the design's JSON
    /// Schema, else one inferred from the default state.
    pub fn json_schema(&self) -> Value {
        if self.schema.mode == SchemaMode::Zod
            && let Some(src) = &self.schema.source
            && let Ok(schema) = crate::zod::to_json_schema(src)
        {
            schema
        } else if self.schema.json_schema.is_object() {
            self.schema.json_schema.clone()
        } else {
            crate::schema_infer::infer(&self.default_state)
        }
    }

    /// Exports a `.widget` file (as the SDK's `WidgetTemplate` loads it).
    pub fn to_widget_file(&self) -> Result<Value, Report> {
        // A hand-written template that does not read would give the SDK a file it cannot load.
        if self.kind == DesignKind::TemplateOnly {
            crate::template::render::check_syntax(&self.source)?;
        }
        if self.kind == DesignKind::TemplateOnly
            && let Some(Value::Object(original)) = &self.original
        {
            let mut out = original.clone();
            out.insert("name".into(), json!(self.name));
            out.insert("template".into(), json!(self.source));
            return Ok(Value::Object(out));
        }
        let template = self.template()?;
        let built = self.build(&self.default_state);
        // Exporting never needs data: when the default state lacks what the view reads (a
        // bare view has none), the file is written without `outputJsonPreview`. Any other
        // problem (an unknown component, an invalid widget) stops the export.
        let data_missing = built.widget.is_none()
            && !built.report.errors.is_empty()
            && built
                .report
                .errors
                .iter()
                .all(|d| d.code == Code::TemplateUndefined);
        if !built.report.is_valid() && !data_missing {
            return Err(built.report);
        }
        let preview = built.widget.map(|w| w.to_serde()).unwrap_or(Value::Null);
        let json_schema = self.json_schema();
        let mut out = Map::new();
        out.insert("version".into(), json!("1.0"));
        out.insert("name".into(), json!(self.name));
        out.insert("template".into(), json!(template));
        out.insert("jsonSchema".into(), json_schema.clone());
        if !preview.is_null() {
            out.insert("outputJsonPreview".into(), preview);
        }
        if self.kind == DesignKind::Jsx {
            let mut state = Map::new();
            state.insert("name".into(), json!(self.name));
            state.insert("view".into(), json!(self.source));
            state.insert("defaultState".into(), self.default_state.clone());
            state.insert(
                "states".into(),
                Value::Array(
                    self.states
                        .iter()
                        .map(|s| json!({"name": s.name, "data": s.data}))
                        .collect(),
                ),
            );
            state.insert("schemaMode".into(), json!(self.schema.mode.as_str()));
            if let Some(src) = &self.schema.source {
                state.insert("schema".into(), json!(src));
            }
            state.insert("jsonSchema".into(), json_schema);
            // Always named, the default too: a file brought into a design of the other
            // target switches it back to the one it was written for.
            state.insert("target".into(), json!(self.target.as_str()));
            // Ours, beside ChatKit Studio's fields: the SDK and Studio ignore them.
            if !self.description.is_empty() {
                state.insert("description".into(), json!(self.description));
            }
            if !self.tags.is_empty() {
                state.insert("tags".into(), json!(self.tags));
            }
            // The studio's own settings too, so that a `.widget` brought back is the whole
            // design: the Actions panel's handler rules and the asset base.
            if !self.handlers.is_empty() {
                state.insert("handlers".into(), self.handlers.to_value());
            }
            // A blank base is no base; one the export would refuse (kept from before writes
            // checked it) is left out rather than make the file fail to import.
            if let Some(base) = self
                .export
                .base()
                .filter(|b| crate::asset::check_base(b).is_ok())
            {
                state.insert("assetBase".into(), json!(base));
            }
            let text = serde_json::to_string(&Value::Object(state)).unwrap_or_default();
            out.insert(
                "encodedWidget".into(),
                json!(widgetfile::base64url_encode(text.as_bytes())),
            );
        }
        Ok(Value::Object(out))
    }

    /// Imports a `.widget` file. With a builder state in `encodedWidget` it becomes a JSX
    /// design; without one (hand-written templates), a template-only design. States named
    /// alike (or not at all) are renamed ([`Design::tidy_state_names`]); a state that is not
    /// a JSON object is an error.
    pub fn from_widget_file(bytes: &[u8]) -> Result<Design, Report> {
        Self::read_widget_file(bytes).and_then(Design::tidied)
    }

    /// `self` with its states' names tidied, or the error for states that are not objects.
    pub fn tidied(mut self) -> Result<Design, Report> {
        self.tidy_state_names();
        let problems = self.state_problems();
        if problems.is_empty() {
            return Ok(self);
        }
        let mut report = Report::default();
        for (path, message) in problems {
            report.push(Diagnostic::new(
                Code::InvalidImport,
                path,
                Span::default(),
                message,
            ));
        }
        Err(report)
    }

    fn read_widget_file(bytes: &[u8]) -> Result<Design, Report> {
        let (report, root) =
            crate::validate::parse_and_validate_json_only(bytes, Default::default());
        if !report.is_valid() {
            let mut report = report;
            if let Ok(t) = std::str::from_utf8(bytes) {
                report.locate(t);
            }
            return Err(report);
        }
        let root_node = root;
        let def = root_node
            .as_ref()
            .map(|r| r.to_serde())
            .unwrap_or(Value::Null);
        // An error about one of the file's fields (`encodedWidget`, or a path inside the builder
        // state it encodes, which is located at the field), at its place in the file.
        let at = |path: &str, message: String| -> Report {
            let field = path.split(['.', '[']).next().unwrap_or_default();
            let span = root_node
                .as_ref()
                .and_then(|r| {
                    if field.is_empty() {
                        Some(r)
                    } else {
                        r.get(field)
                    }
                })
                .map(|n| n.span)
                .unwrap_or_default();
            let mut r = Report::default();
            r.push(Diagnostic::new(Code::InvalidImport, path, span, message));
            if let Ok(t) = std::str::from_utf8(bytes) {
                r.locate(t);
            }
            r
        };
        let Some(obj) = def.as_object() else {
            return Err(at(
                "",
                format!(
                    "a .widget file is a JSON object with version, name and template, not {}",
                    kind_of(&def)
                ),
            ));
        };
        // What the SDK's `WidgetTemplate.from_file` needs, or it fails to load the file.
        match obj.get("version") {
            Some(Value::String(v)) if v == "1.0" => {}
            Some(Value::String(v)) => {
                return Err(at(
                    "version",
                    format!("unsupported .widget version \"{v}\"; the SDK loads version \"1.0\""),
                ));
            }
            None => {
                return Err(at(
                    "",
                    "the file has no version; the SDK needs \"version\": \"1.0\" (it fails with KeyError 'version')".into(),
                ));
            }
            Some(v) => {
                return Err(at(
                    "version",
                    format!(
                        "version is {}, not text; the SDK loads \"version\": \"1.0\", in quotes",
                        kind_of(v)
                    ),
                ));
            }
        }
        let name = match obj.get("name") {
            Some(Value::String(n)) => n.clone(),
            // The SDK takes any value there; the studio names the design after its text.
            Some(Value::Number(n)) => n.to_string(),
            Some(Value::Bool(b)) => b.to_string(),
            None => {
                return Err(at(
                    "",
                    "the file has no name; the SDK needs one (it fails with KeyError 'name'): add \"name\": \"…\"".into(),
                ));
            }
            Some(v) => {
                return Err(at(
                    "name",
                    format!("name is {}; a .widget's name is text", kind_of(v)),
                ));
            }
        };
        // A builder state that is there but does not read is an error, not a file without one:
        // importing its template alone would drop the view, the states and the details unsaid.
        if obj.get("encodedWidget").is_some_and(|v| !v.is_null()) {
            let encoded = obj.get("encodedWidget");
            let decodes = encoded
                .and_then(Value::as_str)
                .and_then(widgetfile::base64url_decode)
                .is_some();
            // Some published files encode their template there, not a builder state: that
            // reads as a file without one.
            let why = match widgetfile::builder_state(&def) {
                None if !decodes => Some(match encoded {
                    Some(v) if !v.is_string() => format!("is {}, not base64url text", kind_of(v)),
                    _ => "is not base64url text".to_string(),
                }),
                // Decodes, but to neither a builder state nor the file's template (what
                // published files encode there): a damaged builder state, not a template.
                None => widgetfile::base64url_decode(encoded.and_then(Value::as_str).unwrap_or(""))
                    .and_then(|bytes| damaged_builder_state(&bytes, obj.get("template"))),
                Some(state) => match (state.get("view"), state.get("states")) {
                    (Some(v), _) if !v.is_string() && !v.is_null() => {
                        Some(format!("has a view that is {}, not text", kind_of(v)))
                    }
                    // States without the view they are for: importing the template alone
                    // would drop them unsaid.
                    (None | Some(Value::Null), Some(Value::Array(list))) if !list.is_empty() => {
                        Some("has states but no view".to_string())
                    }
                    // (A list's entries without a name are named on import, `state N`.)
                    (_, Some(st)) if !st.is_null() && !st.is_array() => Some(format!(
                        "has states that are {}, not a list of {{name, data}}",
                        kind_of(st)
                    )),
                    (_, Some(Value::Array(list))) => list
                        .iter()
                        .enumerate()
                        .find(|(_, v)| !v.is_object())
                        .map(|(i, v)| {
                            format!("has states[{i}] that is {}, not {{name, data}}", kind_of(v))
                        }),
                    _ => None,
                },
            };
            if let Some(why) = why {
                return Err(at(
                    "encodedWidget",
                    format!(
                        "encodedWidget {why}; it holds the builder's view and states. Remove the field to import the template alone"
                    ),
                ));
            }
        }
        let file_schema = obj.get("jsonSchema").cloned().unwrap_or(Value::Null);
        if let Some(state) = widgetfile::builder_state(&def)
            && let Some(view) = state.get("view").and_then(Value::as_str)
        {
            let states = state
                .get("states")
                .and_then(Value::as_array)
                .map(|list| list.iter().filter_map(named_state).collect())
                .unwrap_or_default();
            let mode = match state.get("schemaMode").and_then(Value::as_str) {
                Some("zod") => SchemaMode::Zod,
                Some("json" | "jsonSchema" | "json-schema") => SchemaMode::Json,
                _ => SchemaMode::None,
            };
            let source = state
                .get("schema")
                .and_then(Value::as_str)
                .map(str::to_string);
            // The zod source is authoritative; then the file's exported schema; the builder
            // state's own copy last (it can be stale).
            let json_schema = source
                .as_deref()
                .filter(|_| mode == SchemaMode::Zod)
                .and_then(|src| crate::zod::to_json_schema(src).ok())
                .or_else(|| Some(file_schema.clone()).filter(Value::is_object))
                .or_else(|| state.get("jsonSchema").filter(|v| v.is_object()).cloned())
                .unwrap_or(Value::Null);
            let target = match state.get("target") {
                None | Some(Value::Null) => Target::default(),
                Some(t) => match t.as_str().and_then(Target::parse) {
                    Some(t) => t,
                    None => {
                        return Err(at(
                            "encodedWidget.target",
                            format!(
                                "encodedWidget.target is {t}; expected \"chatkit-python\" or \"chatkit-js\""
                            ),
                        ));
                    }
                },
            };
            let description = state
                .get("description")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string();
            let tags = state
                .get("tags")
                .and_then(Value::as_array)
                .map(|t| {
                    t.iter()
                        .filter_map(Value::as_str)
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default();
            let handlers = match state.get("handlers") {
                None | Some(Value::Null) => Default::default(),
                // Rules that do not read are kept as they are, and the Actions panel says why.
                Some(v) => crate::actions::rules::DesignHandlers::from_value(v.clone()),
            };
            let asset_base = match state.get("assetBase") {
                None | Some(Value::Null) => None,
                // Blank: no base, as everywhere else (an older export could write one).
                Some(Value::String(b)) if b.trim().is_empty() => None,
                Some(Value::String(b)) => match crate::asset::check_base(b) {
                    Ok(_) => Some(b.clone()),
                    Err(m) => {
                        return Err(at(
                            "encodedWidget.assetBase",
                            format!("encodedWidget.assetBase: {m}"),
                        ));
                    }
                },
                Some(v) => {
                    return Err(at(
                        "encodedWidget.assetBase",
                        format!(
                            "encodedWidget.assetBase is {}; expected the asset base URL, as text",
                            kind_of(v)
                        ),
                    ));
                }
            };
            let design = Design {
                name,
                description,
                tags,
                handlers,
                export: ExportSettings { asset_base },
                kind: DesignKind::Jsx,
                target,
                source: view.to_string(),
                default_state: state.get("defaultState").cloned().unwrap_or(json!({})),
                states,
                schema: DataSchema {
                    mode,
                    source,
                    json_schema,
                },
                ..Design::default()
            };
            // States that do not read, located at the field that carries them (their own
            // place is inside its base64 text).
            return design.tidied().map_err(|report| {
                let first = &report.errors[0];
                let path = match first.path.as_str() {
                    "default_state" => "encodedWidget.defaultState".to_string(),
                    p => format!("encodedWidget.{p}"),
                };
                let mut located = at(&path, format!("{path}: {}", first.message));
                for more in &report.errors[1..] {
                    let mut d = more.clone();
                    d.path = format!("encodedWidget.{}", d.path);
                    d.message = format!("{}: {}", d.path, d.message);
                    d.line = located.errors[0].line;
                    d.column = located.errors[0].column;
                    d.span = located.errors[0].span;
                    located.push(d);
                }
                located
            });
        }
        let template = match obj.get("template") {
            Some(Value::String(t)) => t,
            Some(v) => {
                return Err(at(
                    "template",
                    format!(
                        "template is {}; it is the widget's Jinja template, as text",
                        kind_of(v)
                    ),
                ));
            }
            None => {
                return Err(at(
                    "",
                    "this .widget file has neither a builder state in encodedWidget nor a template"
                        .into(),
                ));
            }
        };
        let mut design = Design {
            name,
            kind: DesignKind::TemplateOnly,
            source: template.to_string(),
            default_state: json!({}),
            schema: DataSchema {
                mode: SchemaMode::Json,
                source: None,
                json_schema: file_schema,
            },
            original: Some(def.clone()),
            ..Design::default()
        };
        design.slim_original();
        Ok(design)
    }

    /// Drops the template from a template-only design's `original`: the design's source is
    /// the template, and [`Design::to_widget_file`] writes it back in the same place. A
    /// document that held it twice was twice the size of its file, so a 3 MB import made a
    /// 6 MB document, past the 4 MiB a restore reads per file. Leaves `null` where the
    /// template was, so the file's keys keep their order. Says whether anything changed.
    pub fn slim_original(&mut self) -> bool {
        if self.kind != DesignKind::TemplateOnly {
            return false;
        }
        match self.original.as_mut().and_then(Value::as_object_mut) {
            Some(fields) if fields.get("template").is_some_and(Value::is_string) => {
                fields.insert("template".into(), Value::Null);
                true
            }
            _ => false,
        }
    }
}

/// What a preview build of a JSX view does ([`Design::preview_pass`]). Other designs are
/// built whole in every pass: their build is their check.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pass {
    /// Everything: the widget, where its elements are, validation and the accessibility lint.
    Full,
    /// What drawing needs: the widget and where its elements are. The report holds only what
    /// stopped a state building (the view does not parse, or a state does not evaluate); no
    /// validation, no lint.
    Draw,
    /// What listing the problems needs: the report (validation too) and the lint; no widget,
    /// no element places.
    Check,
}

impl Pass {
    fn checks(self) -> bool {
        self != Pass::Draw
    }

    fn draws(self) -> bool {
        self != Pass::Check
    }
}

/// One state of a design, built for the preview: [`BuiltState`] with only where each
/// component's element starts instead of the whole source map.
#[derive(Clone, Debug)]
pub struct PreviewState {
    /// `default` or the state's name.
    pub name: String,
    /// The widget JSON, when the build succeeded.
    pub widget: Option<Value>,
    /// Build and validation diagnostics, located in the design's source.
    pub report: Report,
    /// The accessibility lint of the widget.
    pub a11y: Vec<Diagnostic>,
    /// By JSON path of each component: the byte offset of the `<` of the element that drew
    /// it (empty for JSON and template-only designs).
    pub elements: BTreeMap<String, u32>,
}

/// One state of a design, built.
#[derive(Clone, Debug)]
pub struct BuiltState {
    /// `default` or the state's name.
    pub name: String,
    /// The widget JSON, when the build succeeded.
    pub widget: Option<Value>,
    /// Build and validation diagnostics, located in the design's source.
    pub report: Report,
    /// The accessibility lint of the widget ([`crate::lint`]): warnings located in the
    /// design's source, some with a fix.
    pub a11y: Vec<Diagnostic>,
    /// Which JSX element drew each component (empty for JSON and template-only designs).
    pub source_map: template::SourceMap,
}

impl Design {
    /// Reads whatever a user pastes into the studio: widget JSON (an object with `type`), a
    /// `.widget` file, a design document (this type as JSON), or a bare JSX view (text that
    /// starts with `<`, built with empty data). Errors are located in `text`.
    pub fn from_input(text: &str) -> Result<Design, Report> {
        // A byte-order mark from an editor is not part of the source (positions are the
        // text's after it, as editors count them).
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        Self::read_input(text)
            .and_then(|d| {
                // A design document's states that do not read: at their values' places.
                d.tidied().map_err(|mut report| {
                    let parsed = crate::json::parse(text, Default::default());
                    if let Some(root) = &parsed.root {
                        for d in report.errors.iter_mut().chain(report.warnings.iter_mut()) {
                            if d.span.is_synthetic()
                                && let Some(node) = root.at_path(&d.path)
                            {
                                d.span = node.span;
                            }
                        }
                    }
                    report
                })
            })
            .map_err(|mut report| {
                // Every error gets a line and column (one with no place of its own: 1:1).
                report.locate(text);
                report
            })
    }

    fn read_input(text: &str) -> Result<Design, Report> {
        let trimmed = text.trim_start();
        if trimmed.is_empty() {
            return Err(err_with(
                Code::EmptySource,
                "the source is empty; paste widget JSON, a .widget file or a JSX view",
            ));
        }
        if trimmed.starts_with('<') {
            View::parse(text)?;
            return Ok(Design::jsx("Untitled", text, json!({})));
        }
        let probe: Option<Value> = serde_json::from_str(text).ok();
        let field = |k: &str| probe.as_ref().and_then(|p| p.get(k)).is_some();
        let object = probe.as_ref().is_some_and(Value::is_object);
        // A .widget file: a builder state, a template, or the fields only a .widget has (one
        // without a template gets the .widget reader's error, not a widget's).
        let widget_file = field("encodedWidget")
            || (!field("type")
                && !field("kind")
                && ["template", "version", "jsonSchema", "outputJsonPreview"]
                    .iter()
                    .any(|k| field(k)));
        if widget_file {
            return Design::from_widget_file(text.as_bytes());
        }
        if field("kind") && field("source") && !field("type") {
            // Read from the text, so the error has the place it is about.
            return serde_json::from_str::<Design>(text).map_err(|e| document_error(text, &e));
        }
        if object && !field("type") && !(field("kind") && field("source")) {
            return Err(err_with(
                Code::InvalidRoot,
                "this JSON object has no \"type\": a widget is an object with a type, such as {\"type\": \"Card\", \"children\": []}; a .widget file has version, name and template; a design document has name, kind and source",
            ));
        }
        // Widget JSON (or something that should be): parse and validate to locate errors.
        let (report, root) =
            crate::validate::parse_and_validate(text.as_bytes(), Default::default());
        let mut report = report;
        report.locate(text);
        if !root.as_ref().is_some_and(|r| r.is_object()) {
            if report.is_valid() {
                report = err_with(
                    Code::InvalidRoot,
                    "a widget is a JSON object with a type, such as {\"type\": \"Card\", \"children\": []}",
                );
            }
            return Err(report);
        }
        Ok(Design {
            name: "Untitled".into(),
            kind: DesignKind::Json,
            source: text.to_string(),
            default_state: Value::Null,
            ..Design::default()
        })
    }

    /// What [`Design::build_states`] gives, as the preview needs it, with less work: a JSX
    /// view is parsed once for all states, its widget is read where it was built (not
    /// copied first), and only each element's start is mapped.
    pub fn preview_states(&self) -> Vec<PreviewState> {
        self.preview_pass(Pass::Full)
    }

    /// The `.widget` export's refusal of a JSX view that parses, as a located warning
    /// ([`Code::NotExportable`]): the preview builds it, and only the export cannot write it.
    /// Said while editing, before an export fails. Apart from [`Design::preview_pass`], since
    /// it runs the Jinja compiler: a page that does not say it (`/preview`) does not load it.
    pub fn export_warnings(&self) -> Vec<Diagnostic> {
        if self.kind != DesignKind::Jsx {
            return Vec::new();
        }
        let Ok(view) = View::parse(&self.source) else {
            return Vec::new();
        };
        match template::jinja::compile(&view) {
            Ok(_) => Vec::new(),
            Err(mut d) => {
                d.code = Code::NotExportable;
                d.severity = Code::NotExportable.severity();
                let mut report = Report::default();
                report.push(d);
                report.locate(&self.source);
                report.warnings
            }
        }
    }

    /// [`Design::preview_states`], or half of it (see [`Pass`]). The editor draws each edit
    /// with [`Pass::Draw`] and checks it with [`Pass::Check`] once the frame is painted.
    pub fn preview_pass(&self, pass: Pass) -> Vec<PreviewState> {
        if self.kind != DesignKind::Jsx {
            return self
                .build_states()
                .into_iter()
                .map(|b| PreviewState {
                    name: b.name,
                    widget: b.widget,
                    report: b.report,
                    a11y: b.a11y,
                    elements: b
                        .source_map
                        .nodes
                        .into_iter()
                        .map(|(path, n)| (path, n.element.start))
                        .collect(),
                })
                .collect();
        }
        let view = View::parse(&self.source);
        let all = std::iter::once(("default", &self.default_state))
            .chain(self.states.iter().map(|s| (s.name.as_str(), &s.data)));
        all.map(|(name, data)| {
            let (widget, mut report, a11y, elements) = match &view {
                Err(report) => (None, report.clone(), Vec::new(), BTreeMap::new()),
                Ok(v) => match v.evaluate(data, template::Limits::default()) {
                    Err(report) => (None, report, Vec::new(), BTreeMap::new()),
                    Ok(node) => {
                        let (report, a11y) = if pass.checks() {
                            let mut report = crate::validate::validate_node_for(&node, self.target);
                            report.locate(&self.source);
                            report.merge_repeats();
                            let mut a11y = crate::lint::lint(&node, &self.source).warnings;
                            crate::diag::merge_repeats(&mut a11y);
                            (report, a11y)
                        } else {
                            (Report::default(), Vec::new())
                        };
                        let (widget, elements) = if pass.draws() {
                            let elements = template::SourceMap::elements(v.ast(), &node);
                            let shipped = template::shipped(node, self.target);
                            (Some(shipped.to_serde()), elements)
                        } else {
                            (None, BTreeMap::new())
                        };
                        (widget, report, a11y, elements)
                    }
                },
            };
            report.locate(&self.source);
            PreviewState {
                name: name.to_string(),
                widget,
                report,
                a11y,
                elements,
            }
        })
        .collect()
    }

    /// Whether an export needs an asset base that is not saved: the design refers to images
    /// uploaded to the studio (`asset:` references, in its view or its states), which only the
    /// studio can serve, and has no `export.asset_base`.
    pub fn needs_asset_base(&self) -> bool {
        self.export.base().is_none()
            && !crate::asset::ids_in(&serde_json::to_string(self).unwrap_or_default()).is_empty()
    }

    /// Builds the default state and every named state, in order.
    pub fn build_states(&self) -> Vec<BuiltState> {
        let all = std::iter::once(("default", &self.default_state))
            .chain(self.states.iter().map(|s| (s.name.as_str(), &s.data)));
        all.map(|(name, data)| {
            let built = self.build_unshipped(data);
            let mut report = built.report;
            report.locate(&self.source);
            // The lint reads the source's own nodes (its fixes edit the source); what ships
            // has its nulls taken out after.
            let mut a11y = built
                .widget
                .as_ref()
                .map(|w| crate::lint::lint(w, &self.source).warnings)
                .unwrap_or_default();
            crate::diag::merge_repeats(&mut a11y);
            BuiltState {
                name: name.to_string(),
                widget: built
                    .widget
                    .map(|w| template::shipped(w, self.target).to_serde()),
                report,
                a11y,
                source_map: built.source_map,
            }
        })
        .collect()
    }
}

/// Widget JSON text as a Jinja template that renders to the same JSON values: every `{` that
/// would open a Jinja tag (`{{`, `{%`, `{#`) is written `\u007b`, the same character to a
/// JSON reader and nothing to Jinja. In valid JSON such a `{` can only stand inside a string,
/// where the escape is allowed. (A `{% raw %}` block cannot hold every text: any spelling of
/// `{% endraw %}` inside it ends it.)
pub fn json_as_template(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '{' && matches!(chars.peek(), Some('{' | '%' | '#')) {
            out.push_str("\\u007b");
        } else {
            out.push(c);
        }
    }
    out
}

/// What a JSON value is, for messages ("a list", "null").
pub fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// The fields a builder state in `encodedWidget` holds: ChatKit Studio's and the studio's own.
const BUILDER_FIELDS: [&str; 16] = [
    "id",
    "name",
    "view",
    "defaultState",
    "states",
    "schema",
    "schemaMode",
    "jsonSchema",
    "viewValidity",
    "schemaValidity",
    "defaultStateValidity",
    "target",
    "description",
    "tags",
    "handlers",
    "assetBase",
];

/// Why `decoded` (a `.widget`'s `encodedWidget`, decoded, that is not a JSON object) is a
/// damaged builder state rather than a template: it is not UTF-8 text, it is JSON but not an
/// object, or it starts as the builder's JSON object does (`{"view"…`, `{"id"…`: one of
/// [`BUILDER_FIELDS`] first) yet does not read. `None` for the file's own template, or other
/// text (a template that files encode there, even one that starts `{"type"…`).
fn damaged_builder_state(decoded: &[u8], template: Option<&Value>) -> Option<String> {
    let Ok(text) = std::str::from_utf8(decoded) else {
        return Some("decodes to bytes that are not UTF-8 text, not a builder state".into());
    };
    if template
        .and_then(Value::as_str)
        .is_some_and(|t| t.trim() == text.trim())
    {
        return None;
    }
    match serde_json::from_str::<Value>(text) {
        Ok(v) => Some(format!(
            "decodes to JSON that is {}, not the builder's object {{view, states, …}}",
            kind_of(&v)
        )),
        // A builder state's first field is one of its own (ChatKit Studio writes `id` first,
        // the studio `name`); a Jinja template that writes widget JSON starts `{"type"…`, or
        // with the root's own `id` (`{"id": "card", "type": "Card"…`): a builder state never
        // has a root's `"type": "Card"` in it (its view is JSX inside a JSON string).
        Err(e)
            if BUILDER_FIELDS.iter().any(|f| {
                text.trim_start()
                    .strip_prefix('{')
                    .map(str::trim_start)
                    .and_then(|t| t.strip_prefix('"'))
                    .and_then(|t| t.strip_prefix(f))
                    .is_some_and(|t| t.starts_with('"'))
            }) && !writes_a_root(text) =>
        {
            Some(format!(
                "decodes to a builder state that does not read as JSON ({e}): the file is damaged"
            ))
        }
        Err(_) => None,
    }
}

/// Whether `text` (JSON, or a Jinja template that writes JSON) has a widget root's type as
/// a key of its outermost object (`"type": "Card"`, `ListView` or `Basic`): a template that
/// writes widget JSON. A builder state has no `type` key at its top; one in its data (a
/// state's `{"type": "Basic"}`) is deeper, and its view's JSX is inside a JSON string.
fn writes_a_root(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    // Where a key may start at depth 1: after the outer `{` or a `,`.
    let mut key_next = false;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                let start = i + 1;
                let mut j = start;
                while j < bytes.len() && bytes[j] != b'"' {
                    j += if bytes[j] == b'\\' { 2 } else { 1 };
                }
                let key = text.get(start..j.min(bytes.len())).unwrap_or_default();
                if depth == 1 && key_next && key == "type" {
                    let value = text
                        .get(j + 1..)
                        .unwrap_or_default()
                        .trim_start()
                        .strip_prefix(':')
                        .map(str::trim_start);
                    if value.is_some_and(|v| {
                        ["\"Card\"", "\"ListView\"", "\"Basic\""]
                            .iter()
                            .any(|root| v.starts_with(root))
                    }) {
                        return true;
                    }
                }
                key_next = false;
                i = j + 1;
                continue;
            }
            b'{' | b'[' => {
                depth += 1;
                key_next = depth == 1;
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            b',' => key_next = depth == 1,
            b' ' | b'\t' | b'\n' | b'\r' => {}
            _ => key_next = false,
        }
        i += 1;
    }
    false
}

/// A design document that does not read, located: serde says where it stopped (just after the
/// value it refuses, or at the end of an object that lacks a field); the path is that of the
/// innermost value there, so `{"name": 5}` says `name`, and a state without a name says
/// `states[1]`, not the document.
fn document_error(text: &str, e: &serde_json::Error) -> Report {
    let mut offset = crate::json::LineIndex::new(text).offset(text, e.line(), e.column());
    // For a value of the wrong kind that is an object or a list, serde stops just before it.
    while text
        .as_bytes()
        .get(offset)
        .is_some_and(|b| b.is_ascii_whitespace() || *b == b':')
    {
        offset += 1;
    }
    let parsed = crate::json::parse(text, Default::default());
    let (path, span) = parsed
        .root
        .as_ref()
        .map(|root| path_at(root, offset, String::new()))
        .unwrap_or_default();
    let message = e.to_string();
    // serde's own "at line L column C" is said by the location instead.
    let message = message
        .rsplit_once(" at line ")
        .map_or(message.as_str(), |(m, _)| m);
    let what = if path.is_empty() {
        String::new()
    } else {
        format!("{path}: ")
    };
    let mut r = Report::default();
    r.push(Diagnostic::new(
        Code::InvalidImport,
        path,
        span,
        format!(
            "not a design document: {what}{message}; a design has name, kind (jsx, json or template-only), source, default_state and states"
        ),
    ));
    r.locate(text);
    r
}

/// The path and span of the innermost value of `node` whose span holds `offset`.
fn path_at(node: &crate::json::Node<'_>, offset: usize, path: String) -> (String, Span) {
    use crate::json::Value as J;
    let inside = |sp: Span| (sp.start as usize) <= offset && offset < sp.end as usize;
    match &node.value {
        J::Object(members) => {
            for m in members {
                if inside(m.value.span) || inside(m.key_span) {
                    let p = if path.is_empty() {
                        m.key.to_string()
                    } else {
                        format!("{path}.{}", m.key)
                    };
                    return path_at(&m.value, offset, p);
                }
            }
        }
        J::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                if inside(item.span) {
                    return path_at(item, offset, format!("{path}[{i}]"));
                }
            }
        }
        _ => {}
    }
    (path, node.span)
}

/// Accepts `{name, data}` or `{name, state}` (other builders' spelling). Nothing of a state
/// is dropped: a name that is a number is its text, a missing or other one is empty (the
/// import names it `state N`, [`Design::tidy_state_names`]), and missing data is no data.
/// Every entry that is an object is kept, so a state keeps its index in the file (an error
/// about `states[3]` is about the file's fourth entry); entries that are not objects are
/// refused before this.
fn named_state(v: &Value) -> Option<NamedState> {
    let obj = v.as_object()?;
    let name = match obj.get("name") {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    };
    let data = obj
        .get("data")
        .or_else(|| obj.get("state"))
        .cloned()
        .unwrap_or(Value::Null);
    Some(NamedState { name, data })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn base() -> Design {
        let mut d = Design::jsx(
            "Flight",
            "<Card><Text value={t} /></Card>",
            json!({"t": "a"}),
        );
        d.tags = vec!["travel".into()];
        d
    }

    #[test]
    fn changed_names_each_part_that_differs() {
        let a = base();
        assert!(a.changed(&a).is_empty());
        let mut b = a.clone();
        b.name = "Renamed".into();
        b.default_state = json!({"t": "b"});
        b.export.asset_base = Some("https://cdn.example.com/".into());
        assert_eq!(
            a.changed(&b),
            [
                DesignField::Name,
                DesignField::DefaultState,
                DesignField::Export
            ]
        );
        // Taking each changed part makes them equal.
        let mut c = a.clone();
        for f in a.changed(&b) {
            c.take(&b, f);
        }
        assert_eq!(c, b);
    }

    #[test]
    fn overwrite_keeps_my_parts_and_theirs_elsewhere() {
        let base = base();
        // I changed the default state and the tags; they renamed it and changed the view.
        let mut mine = base.clone();
        mine.default_state = json!({"t": "typed for twenty minutes"});
        mine.tags = vec!["travel".into(), "mine".into()];
        let mut theirs = base.clone();
        theirs.name = "Renamed by a colleague".into();
        theirs.source = "<Card><Title value={t} /></Card>".into();
        let out = Design::overwrite(&base, &mine, &theirs);
        assert_eq!(out.default_state, mine.default_state);
        assert_eq!(out.tags, mine.tags);
        assert_eq!(out.name, theirs.name);
        assert_eq!(out.source, theirs.source);
        // Both changed the view's one line: mine wins there (that is what overwriting means).
        mine.source = "<Card><Text value=\"mine\" /></Card>".into();
        let out = Design::overwrite(&base, &mine, &theirs);
        assert_eq!(out.source, mine.source);
        assert_eq!(out.name, theirs.name);
        // Nothing changed on my side: theirs, whole.
        assert_eq!(Design::overwrite(&base, &base, &theirs), theirs);
        // The kind goes with the view: theirs made it widget JSON, mine edited the JSX.
        let mut theirs = base.clone();
        theirs.kind = DesignKind::Json;
        theirs.source = "{\"type\": \"Card\", \"children\": []}".into();
        let out = Design::overwrite(&base, &mine, &theirs);
        assert_eq!(
            (out.kind, out.source.as_str()),
            (DesignKind::Jsx, mine.source.as_str())
        );
    }

    /// A 30-line view whose line `n` (1-based) reads `to`, or the base's when none.
    fn thirty_lines(edits: &[(usize, &str)]) -> String {
        (1..=30)
            .map(|n| match edits.iter().find(|(at, _)| *at == n) {
                Some((_, to)) => format!("{to}\n"),
                None => format!("  <Text value=\"line {n}\" />\n"),
            })
            .collect()
    }

    #[test]
    fn overwrite_merges_a_view_both_changed_line_by_line() {
        let mut base = base();
        base.source = thirty_lines(&[]);
        // They changed line 23, I changed line 2 (and the default state).
        let mut mine = base.clone();
        mine.source = thirty_lines(&[(2, "  <Title value=\"mine\" />")]);
        mine.default_state = json!({"t": "mine"});
        let mut theirs = base.clone();
        theirs.source = thirty_lines(&[(23, "  <Title value=\"theirs\" />")]);
        theirs.name = "Renamed".into();
        let (out, clashes) = Design::overwrite_merged(&base, &mine, &theirs);
        let conflicts = clashes.view;
        // The default state and the name: one side each, no clash.
        assert!(clashes.parts.is_empty() && clashes.states.is_empty());
        assert_eq!(
            out.source,
            thirty_lines(&[
                (2, "  <Title value=\"mine\" />"),
                (23, "  <Title value=\"theirs\" />")
            ])
        );
        assert!(conflicts.is_empty());
        assert_eq!(
            (out.name.as_str(), &out.default_state),
            ("Renamed", &mine.default_state)
        );
        assert_eq!(Design::overwrite(&base, &mine, &theirs), out);
        // We both changed line 23: mine, and the place is reported.
        mine.source = thirty_lines(&[(2, "  <Title value=\"mine\" />"), (23, "  <Divider />")]);
        let (out, clashes) = Design::overwrite_merged(&base, &mine, &theirs);
        let conflicts = clashes.view;
        assert_eq!(out.source, mine.source);
        assert_eq!(conflicts.len(), 1);
        assert_eq!(
            conflicts[0].to_string(),
            "their line 23 was replaced by yours (line 23)"
        );
        // Only they changed the view: theirs, whole.
        let mut only_data = base.clone();
        only_data.default_state = json!({"t": "mine"});
        let (out, clashes) = Design::overwrite_merged(&base, &only_data, &theirs);
        assert_eq!(out.source, theirs.source);
        assert!(clashes.is_empty());
        // The kind changed on their side: no merge across kinds, mine whole (with my kind).
        let mut theirs = base.clone();
        theirs.kind = DesignKind::Json;
        theirs.source = "{\"type\": \"Card\", \"children\": []}".into();
        let (out, clashes) = Design::overwrite_merged(&base, &mine, &theirs);
        assert_eq!((out.kind, &out.source), (DesignKind::Jsx, &mine.source));
        // Not merged line by line: the whole view is mine, and said as one part.
        assert!(clashes.view.is_empty() && clashes.states.is_empty());
        assert_eq!(clashes.parts, [DesignField::View]);
        assert_eq!(clashes.said(), ["the view"]);
    }

    #[test]
    fn overwrite_merges_named_states_by_name() {
        let st = |name: &str, v: &str| NamedState {
            name: name.into(),
            data: json!({"t": v}),
        };
        let mut base = base();
        base.states = vec![
            st("a", "1"),
            st("b", "1"),
            st("c", "1"),
            st("d", "1"),
            st("e", "1"),
        ];
        // Mine: "b" edited and moved first, "c" deleted, "m" added, "e" edited.
        let mut mine = base.clone();
        mine.states = vec![
            st("b", "mine"),
            st("a", "1"),
            st("d", "1"),
            st("e", "mine"),
            st("m", "1"),
        ];
        // Theirs: "a" and "c" edited, "d" deleted, "e" edited, "t" added.
        let mut theirs = base.clone();
        theirs.states = vec![
            st("a", "theirs"),
            st("b", "1"),
            st("c", "theirs"),
            st("e", "theirs"),
            st("t", "1"),
        ];
        let out = Design::overwrite(&base, &mine, &theirs);
        // Mine where I changed a state (edited, deleted, added; "e" we both edited), theirs
        // elsewhere; in my order, then the one they added.
        assert_eq!(
            out.states,
            [
                st("b", "mine"),
                st("a", "theirs"),
                st("e", "mine"),
                st("m", "1"),
                st("t", "1")
            ]
        );
        // Said: "e", which we both edited, and "c", which I deleted and they edited ("d",
        // which they deleted, I had not changed).
        let (_, clashes) = Design::overwrite_merged(&base, &mine, &theirs);
        assert_eq!(clashes.states, ["e", "c"]);
        assert!(clashes.view.is_empty() && clashes.parts.is_empty());
        assert_eq!(
            clashes.said(),
            ["the named state \"e\"", "the named state \"c\""]
        );
        // The same edit on both sides is no clash.
        let mut same = theirs.clone();
        same.states[3] = st("e", "mine");
        assert_eq!(
            Design::overwrite_merged(&base, &mine, &same).1.states,
            ["c"]
        );
        // Only I changed the states: mine, whole.
        assert_eq!(Design::overwrite(&base, &mine, &base).states, mine.states);
        // Only they did: theirs, whole.
        assert_eq!(
            Design::overwrite(&base, &base, &theirs).states,
            theirs.states
        );
        // Both added a state under the Add button's name, with different data: both kept,
        // theirs under a name of its own, and said. Added alike: one.
        let mut mine2 = base.clone();
        mine2.states.push(st("state", "mine"));
        let mut theirs2 = base.clone();
        theirs2.states.push(st("state", "theirs"));
        theirs2.states.push(st("state (2)", "taken"));
        let (out, clashes) = Design::overwrite_merged(&base, &mine2, &theirs2);
        let names: Vec<&str> = out.states.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(
            &names[names.len() - 3..],
            ["state", "state (2)", "state (3)"]
        );
        assert_eq!(out.states.last().unwrap().data, st("x", "theirs").data);
        assert!(clashes.states.is_empty());
        assert_eq!(
            clashes.said(),
            [
                "the named state \"state\", which you both added (theirs is kept too, as \"state (3)\")"
            ]
        );
        theirs2.states[base.states.len()] = st("state", "mine");
        let (out, clashes) = Design::overwrite_merged(&base, &mine2, &theirs2);
        assert_eq!(
            out.states
                .iter()
                .filter(|s| s.name.starts_with("state"))
                .count(),
            2
        );
        assert!(clashes.is_empty());
        // Both renamed "b" (to different names, its data as it was): one state, mine, said.
        let mut mine3 = base.clone();
        mine3.states[1].name = "y".into();
        let mut theirs3 = base.clone();
        theirs3.states[1].name = "x".into();
        let (out, clashes) = Design::overwrite_merged(&base, &mine3, &theirs3);
        assert_eq!(
            out.states
                .iter()
                .map(|s| s.name.as_str())
                .collect::<Vec<_>>(),
            ["a", "y", "c", "d", "e"]
        );
        assert_eq!(clashes.said(), ["the named state \"b\""]);
        // They renamed it and I did not touch it: theirs.
        assert_eq!(
            Design::overwrite(&base, &mine2, &theirs3)
                .states
                .iter()
                .filter(|s| s.name == "x" || s.name == "b")
                .count(),
            1
        );
        // States that hold the same data: a rename on both sides is not guessed, and nothing
        // of theirs is dropped.
        let same = |name: &str| NamedState {
            name: name.into(),
            data: json!({}),
        };
        let mut base4 = base.clone();
        base4.states = vec![same("s1"), same("s2")];
        let mut mine4 = base4.clone();
        mine4.states[0].name = "a".into();
        let mut theirs4 = base4.clone();
        theirs4.states[0].name = "b".into();
        theirs4.states.push(same("c"));
        let out = Design::overwrite(&base4, &mine4, &theirs4);
        assert_eq!(
            out.states
                .iter()
                .map(|s| s.name.as_str())
                .collect::<Vec<_>>(),
            ["a", "s2", "b", "c"]
        );
        // A repeated name cannot be merged by name: mine, whole.
        let mut twice = mine.clone();
        twice.states.push(st("b", "again"));
        assert_eq!(
            Design::overwrite(&base, &twice, &theirs).states,
            twice.states
        );
    }

    #[test]
    fn overwrite_says_the_parts_both_changed() {
        let base = base();
        let mut mine = base.clone();
        mine.name = "Mine".into();
        mine.tags = vec!["same".into()];
        mine.default_state = json!({"t": "mine"});
        let mut theirs = base.clone();
        theirs.name = "Theirs".into();
        theirs.tags = vec!["same".into()];
        theirs.description = "theirs alone".into();
        let (out, clashes) = Design::overwrite_merged(&base, &mine, &theirs);
        assert_eq!(
            (out.name.as_str(), out.description.as_str()),
            ("Mine", "theirs alone")
        );
        // The name, both changed; not the tags (the same change) nor the description (theirs).
        assert_eq!(clashes.parts, [DesignField::Name]);
        assert_eq!(clashes.said(), ["the name"]);
    }

    #[test]
    fn after_overwrite_merges_what_was_typed_into_a_merged_view() {
        let mut base = base();
        base.source = thirty_lines(&[]);
        let mut mine = base.clone();
        mine.source = thirty_lines(&[(2, "mine")]);
        let mut theirs = base.clone();
        theirs.source = thirty_lines(&[(23, "theirs")]);
        let saved = Design::overwrite(&base, &mine, &theirs);
        assert_eq!(saved.source, thirty_lines(&[(2, "mine"), (23, "theirs")]));
        // Nothing typed meanwhile: the page becomes what was saved.
        assert_eq!(Design::after_overwrite(&mine, &mine, &saved), saved);
        // Line 10 typed meanwhile: it stays, and so does their line 23 (the page is unsaved).
        let mut now = mine.clone();
        now.source = thirty_lines(&[(2, "mine"), (10, "typed")]);
        let out = Design::after_overwrite(&now, &mine, &saved);
        assert_eq!(
            out.source,
            thirty_lines(&[(2, "mine"), (10, "typed"), (23, "theirs")])
        );
        assert!(out.differs(&saved, DesignField::View));
        assert!(
            Design::after_overwrite_merged(&now, &mine, &saved)
                .1
                .is_empty()
        );
        // Their line 23, which the save took, typed over meanwhile: the typed line, said.
        now.source = thirty_lines(&[(2, "mine"), (23, "typed")]);
        let (out, clashes) = Design::after_overwrite_merged(&now, &mine, &saved);
        assert_eq!(out.source, now.source);
        assert_eq!(
            clashes.said(),
            ["their line 23 was replaced by yours (line 23)"]
        );
    }

    #[test]
    fn after_overwrite_keeps_what_was_typed_during_the_save() {
        let base = base();
        let mut mine = base.clone();
        mine.tags = vec!["mine".into()];
        let mut theirs = base.clone();
        theirs.name = "Renamed by a colleague".into();
        theirs.default_state = json!({"t": "theirs"});
        theirs.kind = DesignKind::Json;
        theirs.source = "{\"type\": \"Card\", \"children\": []}".into();
        let saved = Design::overwrite(&base, &mine, &theirs);
        // Nothing typed meanwhile: the page becomes what was saved.
        assert_eq!(Design::after_overwrite(&mine, &mine, &saved), saved);
        // Typed meanwhile: the data, and the view. Both stay as typed; the name (untouched)
        // comes from their revision; the kind stays with the typed view.
        let mut now = mine.clone();
        now.default_state = json!({"t": "typed while saving"});
        now.source = "<Card><Text value=\"typed\" /></Card>".into();
        let out = Design::after_overwrite(&now, &mine, &saved);
        assert_eq!(out.default_state, now.default_state);
        assert_eq!(out.source, now.source);
        assert_eq!(out.kind, DesignKind::Jsx);
        assert_eq!(out.name, theirs.name);
        assert_eq!(out.tags, mine.tags);
        assert!(out.differs(&saved, DesignField::DefaultState));
    }

    #[test]
    fn an_imported_documents_states_that_do_not_read_are_located_at_their_values() {
        let text = "{\n  \"name\": \"x\",\n  \"kind\": \"jsx\",\n  \"source\": \"<Card />\",\n  \"default_state\": [1],\n  \"states\": [\n    {\"name\": \"a\", \"data\": 5}\n  ]\n}";
        let r = Design::from_input(text).unwrap_err();
        let at: Vec<(&str, usize, usize)> = r
            .errors
            .iter()
            .map(|d| (d.path.as_str(), d.line, d.column))
            .collect();
        assert_eq!(
            at,
            [("default_state", 5, 20), ("states[0].data", 7, 27)],
            "{r:?}"
        );
    }

    #[test]
    fn state_problems_name_each_bad_state_by_its_path() {
        let mut d = base();
        assert!(d.state_problems().is_empty());
        let st = |name: &str, data: Value| NamedState {
            name: name.into(),
            data,
        };
        d.default_state = json!([1]);
        d.states = vec![
            st("a", json!({})),
            st(" ", json!({})),
            st("default", json!({})),
            st("a", json!(7)),
            st(&"x".repeat(65), json!(null)),
            st("x\u{202E}y", json!({})),
        ];
        let paths: Vec<String> = d.state_problems().into_iter().map(|(p, _)| p).collect();
        assert_eq!(
            paths,
            [
                "default_state",
                "states[1].name",
                "states[2].name",
                "states[3].name",
                "states[3].data",
                "states[4].name",
                "states[5].name"
            ]
        );
        assert!(
            d.state_problems()[6]
                .1
                .starts_with("a state name is one line of text; this one holds U+202E"),
            "{:?}",
            d.state_problems()
        );
        // Stored before the check: tidied, the text kept.
        let mut t = base();
        t.states = vec![st("a\tb\u{202E}", json!({})), st("\u{202E}", json!({}))];
        t.tidy_state_names();
        assert_eq!(
            t.states.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(),
            ["a b", "state 2"]
        );
        let problems = d.state_problems();
        assert!(
            problems[0].1.contains("the default state is a list"),
            "{problems:?}"
        );
        assert!(
            problems[3].1.contains("already the name of states[0]"),
            "{problems:?}"
        );
        assert!(
            problems[4].1.contains("the state is a number"),
            "{problems:?}"
        );

        // Tidied, every name is accepted and the data stays in place.
        d.default_state = json!({});
        d.states[3].data = json!({"kept": true});
        let renamed = d.tidy_state_names();
        assert_eq!(renamed.len(), 5, "{renamed:?}");
        assert!(d.state_problems().is_empty(), "{:?}", d.state_problems());
        let names: Vec<&str> = d.states.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(&names[..4], ["a", "state 2", "state 3", "a (2)"]);
        assert_eq!(names[5], "xy");
        assert_eq!(names[4].chars().count(), MAX_STATE_NAME);
        assert_eq!(d.states[3].data, json!({"kept": true}));
        // A tidy design is left alone.
        assert!(d.tidy_state_names().is_empty());
        // A hundred and more alike long names still fit.
        let long = "y".repeat(MAX_STATE_NAME);
        d.states = (0..120).map(|_| st(&long, json!({}))).collect();
        d.tidy_state_names();
        assert!(d.state_problems().is_empty(), "{:?}", d.state_problems());
        // One-line texts from an older studio.
        d.name = "a\tb".into();
        d.tags = vec!["x\ny".into()];
        assert!(d.tidy_one_line_texts(true, true));
        assert_eq!((d.name.as_str(), d.tags[0].as_str()), ("a b", "x y"));
        assert!(!d.tidy_one_line_texts(true, true));
    }
}
