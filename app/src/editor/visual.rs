//! Visual editing beside the code: the outline, the inspector and the palette.
//!
//! Nothing here edits text itself. Each panel sends a [`Cmd`]; the editor's browser half turns
//! it into a `widget::edit` change, applies the change's text edits to the code editor as one
//! transaction (so one undo history covers code and visual edits), and selects the node the
//! change produced. What is selected is read back from the code editor's selection: the
//! innermost element around it. So the code, the outline, the inspector and the preview's
//! highlight follow one selection, whoever moved it.

use std::sync::Arc;

use leptos::either::EitherOf4;
use leptos::prelude::*;
use widget::edit::{At, Change, Item, ItemKind, NewChild, PropValue, Wrapper, Written};
use widget::spec::{self, Ty};

use super::SourceProblem;
use crate::api::types::PreviewData;

/// What a panel asks the editor to do.
#[derive(Clone, Debug, PartialEq)]
pub enum Cmd {
    /// Select an element (in the code, the outline and the preview).
    Select(At),
    /// Apply a visual edit.
    Apply(Change),
    /// Put the element's JSX on the clipboard.
    Copy(At),
    /// Copy, then delete.
    Cut(At),
    /// Insert JSX after the element (or into it, for the root): the system clipboard's text
    /// when the paste brought some, else the component last copied in the outline.
    Paste {
        at: At,
        jsx: Option<String>,
    },
    /// Insert a component where the selection allows: into the selected element if it may
    /// hold it, else after it.
    Insert(&'static str),
    /// Use an uploaded asset at an element (the one an image was dropped on, or the
    /// selection): see [`asset_change`].
    UseAsset {
        at: Option<At>,
        reference: String,
        alt: String,
        /// The image's width and height in pixels, when known: a new Image keeps its shape.
        pixels: Option<(u32, u32)>,
    },
    /// Undo or redo in the code editor's history, which holds every edit, code and visual:
    /// Ctrl/Cmd+Z and Ctrl/Cmd+Shift+Z or Ctrl+Y where the focus is, in the outline or the
    /// inspector.
    Undo,
    Redo,
}

/// The undo or redo a key press asks for (Ctrl/Cmd+Z, Ctrl/Cmd+Shift+Z, Ctrl/Cmd+Y).
pub fn history_key(ev: &leptos::ev::KeyboardEvent) -> Option<Cmd> {
    if !(ev.ctrl_key() || ev.meta_key()) || ev.alt_key() {
        return None;
    }
    match ev.key().to_ascii_lowercase().as_str() {
        "z" if ev.shift_key() => Some(Cmd::Redo),
        "z" => Some(Cmd::Undo),
        "y" => Some(Cmd::Redo),
        _ => None,
    }
}

/// The outline of the text the editor last read.
#[derive(Clone, Debug, PartialEq)]
pub struct OutlineState {
    /// The text it was read from (the inspector reads props from it).
    pub source: Arc<str>,
    /// The items, or why the view cannot be edited visually (it does not parse, or the design
    /// is not a JSX view).
    pub items: Result<Arc<Vec<Item>>, String>,
}

impl OutlineState {
    pub fn read(source: &str, jsx: bool) -> OutlineState {
        let items = if !jsx {
            Err("Visual editing works on JSX views; this design is written as widget JSON or a template.".into())
        } else {
            widget::edit::outline(source).map(Arc::new).map_err(|e| {
                format!("The outline and the inspector are read-only until the view parses: {e}.")
            })
        };
        OutlineState {
            source: source.into(),
            items,
        }
    }
}

/// The outline and the selection as the inspector and the palette last drew them (the
/// selection names an element of that outline's text).
#[derive(Clone, Debug, PartialEq)]
pub struct Settled {
    pub outline: OutlineState,
    pub selected: Option<At>,
}

/// The signals the panels share.
#[derive(Clone, Copy)]
pub struct VisualSignals {
    pub outline: RwSignal<OutlineState>,
    /// What the inspector and the palette draw: the outline and the selection, taken
    /// together. While the user types in the code it follows once typing pauses (or the
    /// selection moves), so a keystroke does not redraw the inspector. Commands read `outline`
    /// and `selected`, which are always current.
    pub settled: RwSignal<Settled>,
    /// The selected element, in the outline's text.
    pub selected: RwSignal<Option<At>>,
    /// What the last visual edit did, or why it was refused: announced politely.
    pub message: RwSignal<String>,
    /// What is being dragged (an outline row's component, or a palette component).
    pub dragging: RwSignal<Option<Drag>>,
    /// An inspector field's value that was refused (an expression that does not parse): the
    /// element, the prop and why. The field is marked invalid and says why until an edit
    /// goes through.
    pub refused: RwSignal<Option<(At, String, String)>>,
    /// The text the problem lists (and the accessibility fixes) were made from: after an
    /// edit, the last text's until the edit is checked, once its frame is painted.
    pub listed: RwSignal<Arc<str>>,
}

/// What a drag carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Drag {
    /// A component of the view, from the outline.
    Node(At),
    /// A new component, from the palette.
    Component(&'static str),
}

/// Where on an outline row a drop goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Zone {
    Before,
    Inside,
    After,
}

impl VisualSignals {
    /// Nothing selected (the outline's focus is on a loop, a condition or a text line, which
    /// is not a component): the inspector and the preview's highlight say so at once.
    pub fn deselect(&self) {
        if self.selected.get_untracked().is_some() {
            self.selected.set(None);
        }
        let now = Settled {
            outline: self.outline.get_untracked(),
            selected: None,
        };
        if self.settled.with_untracked(|s| *s != now) {
            self.settled.set(now);
        }
    }

    /// Why this prop's field of the selected element was refused, if it was.
    pub fn refusal(self, prop: &'static str) -> Signal<Option<String>> {
        Signal::derive(move || {
            let selected = self.selected.get();
            self.refused.with(|r| {
                r.as_ref()
                    .filter(|(at, name, _)| Some(*at) == selected && name == prop)
                    .map(|(_, _, why)| why.clone())
            })
        })
    }

    /// Drops a refused field's mark, and the refused text with it: the field shows its value
    /// as drawn from the code again (a field that was not drawn again still holds the typing).
    pub fn clear_refusal(self) {
        let Some((_, name, _)) = self.refused.get_untracked() else {
            return;
        };
        #[cfg(feature = "hydrate")]
        {
            use leptos::wasm_bindgen::JsCast;
            if let Some(input) = document()
                .get_element_by_id(&format!("ws-prop-{name}"))
                .and_then(|el| el.dyn_into::<leptos::web_sys::HtmlInputElement>().ok())
            {
                input.set_value(&input.default_value());
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = name;
        self.refused.set(None);
    }

    pub fn new(source: &str, jsx: bool) -> VisualSignals {
        let outline = OutlineState::read(source, jsx);
        VisualSignals {
            settled: RwSignal::new(Settled {
                outline: outline.clone(),
                selected: None,
            }),
            outline: RwSignal::new(outline),
            selected: RwSignal::new(None),
            message: RwSignal::new(String::new()),
            dragging: RwSignal::new(None),
            refused: RwSignal::new(None),
            listed: RwSignal::new(source.into()),
        }
    }
}

/// How many components each element drew in a state (a `.map` row counts once per row).
pub fn drawn_counts(data: &PreviewData, state: &str) -> DrawnCounts {
    let s = data
        .states
        .iter()
        .find(|s| s.name == state)
        .or_else(|| data.states.first());
    let mut starts: Vec<u32> = s
        .map(|s| s.nodes.values().copied().collect())
        .unwrap_or_default();
    starts.sort_unstable();
    DrawnCounts(starts)
}

/// The element start of every drawn component, sorted: counted by two binary searches (a
/// map built for the outline's few hundred lookups cost more than the lookups).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DrawnCounts(Vec<u32>);

impl DrawnCounts {
    /// How many components the element starting at `at` drew.
    pub fn get(&self, at: usize) -> usize {
        let Ok(at) = u32::try_from(at) else { return 0 };
        self.0.partition_point(|&s| s <= at) - self.0.partition_point(|&s| s < at)
    }
}

/// The preview's highlight of the selected element: a CSS rule for every component it drew
/// (all rows of a `.map`), in every state.
pub fn highlight_css(data: &PreviewData, selected: Option<At>) -> String {
    let Some(at) = selected else {
        return String::new();
    };
    let mut selectors: Vec<String> = Vec::new();
    for s in &data.states {
        for (path, start) in s.nodes.iter() {
            if *start as usize == at.0 {
                let sel = format!(
                    ".ws-frame[data-state=\"{}\"] [data-wgt-path=\"{}\"]",
                    css_string(&s.name),
                    css_string(path)
                );
                selectors.push(sel);
            }
        }
    }
    if selectors.is_empty() {
        return String::new();
    }
    format!(
        "{}{{outline:2px solid var(--ws-select);outline-offset:2px;border-radius:4px}}",
        selectors.join(",")
    )
}

/// A CSS string's content: quotes, backslashes and line breaks escaped (a state's name is the
/// user's text).
fn css_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' | '\u{c}' => out.push_str(&format!("\\{:x} ", c as u32)),
            '<' => out.push_str("\\3c "),
            c => out.push(c),
        }
    }
    out
}

/// The glyph the palette shows for a component (from the widget icon set).
fn glyph_of(name: &str) -> &'static str {
    let icon = match name {
        "Card" => "profile-card",
        "ListView" | "ListViewItem" => "notebook",
        "Basic" => "page-blank",
        "Box" | "Table.Cell" => "cube",
        "Row" | "Table.Row" => "dots-horizontal",
        "Col" => "dots-vertical",
        "Form" => "write",
        "Text" => "square-text",
        "Title" | "Label" => "name",
        "Caption" => "write-alt",
        "Markdown" => "document",
        "Badge" => "star",
        "Button" => "play",
        "Image" => "square-image",
        "Icon" => "sparkle",
        "Spacer" => "empty-circle",
        "Select" => "chevron-right",
        "DatePicker" => "calendar",
        "Checkbox" => "check-circle",
        "RadioGroup" => "check",
        "Input" => "write-alt",
        "Textarea" => "notebook-pencil",
        "Transition" => "reload",
        "Chart" => "chart",
        "Table" => "batch",
        _ => "dot",
    };
    render::icons::glyph(icon).unwrap_or("")
}

/// The first sentence of a doc string.
fn one_line(doc: &str) -> String {
    let first = doc.split(". ").next().unwrap_or(doc).trim();
    first.trim_end_matches('.').to_string()
}

/// Where a component goes for [`Cmd::Insert`] with `selected` selected: into it at the end if
/// it may hold the component, else after it in its parent. `None` when neither is allowed
/// (with the reason).
pub fn insert_place(items: &[Item], selected: At, component: &str) -> Result<(At, usize), String> {
    let Some(i) = items.iter().position(|it| it.at() == Some(selected)) else {
        return Err("Select an element first.".into());
    };
    let item = &items[i];
    let name = item.name().unwrap_or_default();
    let into = widget::edit::may_add(Some(name), component, item.filled);
    if into.is_ok() {
        let count = children_slots(items, i);
        return Ok((selected, count));
    }
    if let Some((parent, index)) = item.slot {
        let pname = items
            .iter()
            .find(|p| p.at() == Some(parent))
            .and_then(Item::name)
            .unwrap_or_default();
        let siblings = items
            .iter()
            .find(|p| p.at() == Some(parent))
            .map_or(0, |p| p.filled);
        return match widget::edit::may_add(Some(pname), component, siblings) {
            Ok(()) => Ok((parent, index + 1)),
            Err(e) => Err(format!(
                "{component} cannot go into {name} ({}) nor after it ({e}).",
                into.err().map(|e| e.to_string()).unwrap_or_default()
            )),
        };
    }
    Err(into.err().map(|e| e.to_string()).unwrap_or_default())
}

/// How many children (of every kind, as edit indices count them) the element at row `i` has:
/// an insert at that index goes after all of them.
fn children_slots(items: &[Item], i: usize) -> usize {
    items[i].children
}

/// The rows that stand in the same children list as `row`'s component, whatever they are
/// (components, loops, conditions, text), in order: the places Alt+Up and Alt+Down step
/// through, one at a time.
fn places(items: &[Item], row: usize) -> Vec<usize> {
    let Some((parent, _)) = items[row].slot else {
        return Vec::new();
    };
    (0..items.len())
        .filter(|&k| matches!(items[k].place, Some((p, _)) if p == parent))
        .collect()
}

/// The element rows that share `row`'s children list, in order (for reordering): its
/// [`places`] that are components.
fn siblings(items: &[Item], row: usize) -> Vec<usize> {
    places(items, row)
        .into_iter()
        .filter(|&k| items[k].slot.is_some())
        .collect()
}

/// The change a drop of `drag` on the outline row `row` asks for, at `zone` of it, or why the
/// drop is not allowed there (only legal targets accept a drop).
pub fn drop_change(items: &[Item], drag: Drag, row: usize, zone: Zone) -> Result<Change, String> {
    let target = items.get(row).ok_or_else(String::new)?;
    let Some(tat) = target.at() else {
        return Err("Drop on a component, not on a loop or a condition.".into());
    };
    let tname = target.name().unwrap_or_default();
    let (parent, index, pname) = match zone {
        Zone::Inside => (tat, children_slots(items, row), tname.to_string()),
        Zone::Before | Zone::After => {
            let Some((p, i)) = target.slot else {
                return Err(format!("Nothing can go beside {tname} here: drop into it."));
            };
            let pname = items
                .iter()
                .find(|x| x.at() == Some(p))
                .and_then(Item::name)
                .unwrap_or_default();
            (
                p,
                if zone == Zone::After { i + 1 } else { i },
                pname.to_string(),
            )
        }
    };
    // The children the one-child rule counts (not comments), without the moved node.
    let elements_in = |p: At, except: Option<At>| {
        let all = items
            .iter()
            .find(|x| x.at() == Some(p))
            .map_or(0, |x| x.filled);
        let moved_here = except.is_some_and(|n| {
            items
                .iter()
                .any(|x| x.at() == Some(n) && matches!(x.slot, Some((q, _)) if q == p))
        });
        all - usize::from(moved_here)
    };
    match drag {
        Drag::Component(name) => {
            widget::edit::may_add(Some(&pname), name, elements_in(parent, None))
                .map_err(|e| e.to_string())?;
            Ok(Change::Insert {
                parent,
                index,
                child: NewChild::Component(name.to_string()),
            })
        }
        Drag::Node(node) => {
            let Some(me) = items.iter().position(|x| x.at() == Some(node)) else {
                return Err("The dragged component is gone.".into());
            };
            let item = &items[me];
            let name = item.name().unwrap_or_default();
            let Some((from_parent, from_index)) = item.slot else {
                return Err(format!(
                    "{name} is the root or inside an expression; it cannot be moved."
                ));
            };
            let pr = items
                .iter()
                .find(|x| x.at() == Some(parent))
                .map(|x| x.range.clone())
                .unwrap_or_default();
            if item.range.start <= pr.start && pr.end <= item.range.end {
                return Err(format!("{name} cannot go inside itself."));
            }
            widget::edit::may_add(Some(&pname), name, elements_in(parent, Some(node)))
                .map_err(|e| e.to_string())?;
            // Indices count the parent's children without the moved one.
            let index = if from_parent == parent && from_index < index {
                index - 1
            } else {
                index
            };
            if from_parent == parent && index == from_index {
                return Err(format!("{name} is already there."));
            }
            Ok(Change::Move {
                node,
                parent,
                index,
            })
        }
    }
}

/// The change an outline key asks for on the element at `row`, or why there is none.
pub fn key_change(items: &[Item], row: usize, key: &str) -> Result<Change, String> {
    let item = &items[row];
    let Some(node) = item.at() else {
        return Err(
            "Only a component can be moved; this line is a loop, a condition or an expression."
                .into(),
        );
    };
    let name = item.name().unwrap_or_default().to_string();
    let Some((parent, index)) = item.slot else {
        return Err(if item.parent.is_none() {
            format!("{name} is the root: it stays where it is.")
        } else {
            format!(
                "{name} is inside an expression (a loop or a condition): move the expression in the code."
            )
        });
    };
    let sibs = siblings(items, row);
    let me = sibs.iter().position(|&k| k == row).unwrap_or(0);
    // Up and down step over one item of the list: a loop or a condition is a place too.
    let all = places(items, row);
    let at = all.iter().position(|&k| k == row).unwrap_or(0);
    match key {
        "up" => {
            let Some(&prev) = at.checked_sub(1).and_then(|m| all.get(m)) else {
                return Err(format!("{name} is already first."));
            };
            let (_, to) = items[prev].place.unwrap_or((parent, 0));
            Ok(Change::Move {
                node,
                parent,
                index: to,
            })
        }
        "down" => {
            let Some(&next) = all.get(at + 1) else {
                return Err(format!("{name} is already last."));
            };
            let (_, to) = items[next].place.unwrap_or((parent, 0));
            // Counted without the moved node, the next sibling's index drops by one; after it
            // is one more.
            Ok(Change::Move {
                node,
                parent,
                index: to,
            })
        }
        "out" => {
            let prow = items.iter().position(|p| p.at() == Some(parent));
            let Some((grand, pindex)) = prow.and_then(|p| items[p].slot) else {
                return Err(format!(
                    "{name} cannot move out of the root or of an expression."
                ));
            };
            Ok(Change::Move {
                node,
                parent: grand,
                index: pindex + 1,
            })
        }
        "in" => {
            let Some(&prev) = me.checked_sub(1).and_then(|m| sibs.get(m)) else {
                return Err(format!(
                    "There is no component before {name} to move it into."
                ));
            };
            let target = items[prev].at().unwrap_or(parent);
            let _ = index;
            Ok(Change::Move {
                node,
                parent: target,
                index: children_slots(items, prev),
            })
        }
        _ => Err(String::new()),
    }
}

/// The outline: a WAI-ARIA tree of the view's components, with loops and conditions as
/// labelled lines. Arrow keys, Home/End and type-ahead move; Delete deletes; Alt+arrows move
/// the component (Up/Down among its siblings, Left out of its parent, Right into the sibling
/// before it); Ctrl/Cmd+C, X, V and D copy, cut, paste and duplicate; Ctrl/Cmd+Z undoes.
#[component]
pub fn OutlinePanel(
    v: VisualSignals,
    data: ReadSignal<PreviewData>,
    /// The state whose drawing the rows' notes count ("not drawn in this state", "×3").
    current_state: Signal<String>,
    on_cmd: Callback<Cmd>,
) -> impl IntoView {
    let tree = NodeRef::<leptos::html::Ul>::new();
    // Keyboard focus: a row index (a loop's line can have focus without a selection).
    let focus_row = RwSignal::new(None::<usize>);
    // Whether the keyboard was in the tree when the rows were last drawn again: a row that
    // had focus may be gone (deleted, cut), and the focus goes back to the tree, not to the
    // page.
    let in_tree = StoredValue::new(false);
    // Where a drag would drop now (drawn as a line before or after a row, or a ring round it).
    let drop_at = RwSignal::new(None::<(usize, Zone)>);
    let typed = StoredValue::new((String::new(), 0.0f64));
    // The folded rows, by their place in the tree (see `tree_paths`): typing in a prop keeps
    // them folded.
    let folded = RwSignal::new(std::collections::HashSet::<Vec<(String, usize)>>::new());
    let path_of = move |row: usize| {
        v.outline.with_untracked(|o| {
            o.items
                .as_ref()
                .ok()
                .and_then(|items| tree_paths(items).into_iter().nth(row))
        })
    };
    let fold = move |row: usize, fold: bool| {
        if let Some(path) = path_of(row) {
            folded.update(|f| {
                if fold {
                    f.insert(path);
                } else {
                    f.remove(&path);
                }
            });
        }
    };
    // The selection moved (a click in the preview or the code): the focus row follows, and
    // the rows folded over it open.
    Effect::new(move |_| {
        let sel = v.selected.get();
        let (row, over) = v.outline.with_untracked(|o| {
            let Ok(items) = o.items.as_ref() else {
                return (None, Vec::new());
            };
            let row = items.iter().position(|i| i.at().is_some() && i.at() == sel);
            let paths = tree_paths(items);
            let mut over = Vec::new();
            let mut up = row.and_then(|r| items[r].parent);
            while let Some(p) = up {
                over.push(paths[p].clone());
                up = items[p].parent;
            }
            (row, over)
        });
        if over
            .iter()
            .any(|p| folded.with_untracked(|f| f.contains(p)))
        {
            folded.update(|f| {
                over.iter().for_each(|p| {
                    f.remove(p);
                })
            });
        }
        // Set only when it moves: setting it redraws every row, and a visual edit sets the
        // selection again to the same element.
        if row.is_some() && focus_row.get_untracked() != row {
            focus_row.set(row);
        }
    });
    // The rows as drawn, compared before they are drawn again: typing that does not change
    // the tree (most typing) redraws nothing.
    let model = Memo::new(move |prev: Option<&Rows>| {
        let sel = v.selected.get();
        let focus = focus_row.get();
        let counts = data.with(|d| drawn_counts(d, &current_state.get()));
        let folded = folded.get();
        let built = v.outline.with(|o| {
            o.items.clone().map(|items| {
                let paths = tree_paths(&items);
                let mut hidden = vec![false; items.len()];
                for (row, it) in items.iter().enumerate() {
                    hidden[row] = it
                        .parent
                        .is_some_and(|p| hidden[p] || folded.contains(&paths[p]));
                }
                items
                    .iter()
                    .enumerate()
                    .map(|(row, it)| {
                        let (label, note, greyed) = match &it.kind {
                            ItemKind::Element { at, .. } => {
                                let n = counts.get(at.0);
                                let note = match n {
                                    0 => " · not drawn in this state".to_string(),
                                    1 => String::new(),
                                    n => format!(" · ×{n}"),
                                };
                                (it.label.clone(), note, n == 0)
                            }
                            ItemKind::Loop => (format!("↻ {}", it.label), String::new(), false),
                            ItemKind::Condition => {
                                (format!("? {}", it.label), String::new(), false)
                            }
                            ItemKind::Expression => (it.label.clone(), String::new(), false),
                            ItemKind::Text => (format!("“{}”", it.label), String::new(), false),
                        };
                        let has_kids = items.get(row + 1).is_some_and(|n| n.parent == Some(row));
                        RowModel {
                            label,
                            detail: it.detail.clone(),
                            note,
                            greyed,
                            level: it.depth + 1,
                            has_kids,
                            folded: has_kids && folded.contains(&paths[row]),
                            hidden: hidden[row],
                            // A component when it is the selection; another line when it has
                            // the focus and nothing is selected.
                            selected: match it.at() {
                                Some(at) => sel == Some(at),
                                None => sel.is_none() && focus == Some(row),
                            },
                            element: it.at().is_some(),
                            draggable: it.slot.is_some(),
                            kind: match it.kind {
                                ItemKind::Element { .. } => "element",
                                ItemKind::Loop => "loop",
                                ItemKind::Condition => "condition",
                                ItemKind::Expression => "expression",
                                ItemKind::Text => "text",
                            },
                        }
                    })
                    .collect::<Vec<_>>()
            })
        });
        match built {
            Ok(rows) => Rows { rows, why: None },
            // The view does not parse: the last tree is shown, read-only, till it does.
            Err(why) => Rows {
                rows: prev.map_or_else(Vec::new, |p| {
                    p.rows
                        .iter()
                        .cloned()
                        .map(|r| RowModel {
                            selected: false,
                            ..r
                        })
                        .collect()
                }),
                why: Some(why),
            },
        }
    });
    // Moves the keyboard focus to a row (no selection).
    let focus_on = move |row: usize| {
        focus_row.set(Some(row));
        if let Some(tree) = tree.get_untracked()
            && let Ok(Some(el)) = tree.query_selector(&format!("[data-row=\"{row}\"]"))
        {
            use leptos::wasm_bindgen::JsCast;
            if let Ok(el) = el.dyn_into::<leptos::web_sys::HtmlElement>() {
                let _ = el.focus();
            }
        }
    };
    let go = move |row: usize| {
        focus_row.set(Some(row));
        // A component is selected; a loop, condition or text line is focused and selected
        // alone (what the keys then do is refused or done on that line, as it says).
        match v.outline.with_untracked(|o| {
            o.items
                .as_ref()
                .ok()
                .and_then(|i| i.get(row).and_then(Item::at))
        }) {
            Some(at) => on_cmd.run(Cmd::Select(at)),
            None => v.deselect(),
        }
        focus_on(row);
    };
    // The rows shown (none inside a folded one), as indices of the outline's items.
    let shown_rows = move || -> Vec<usize> {
        model.with_untracked(|m| {
            m.rows
                .iter()
                .enumerate()
                .filter(|(_, r)| !r.hidden)
                .map(|(i, _)| i)
                .collect()
        })
    };
    let keydown = move |ev: leptos::ev::KeyboardEvent| {
        let Some(items) = v.outline.with_untracked(|o| o.items.clone().ok()) else {
            // The view does not parse: the last tree's rows are read-only, but the arrows,
            // Home and End still move through them (to read them).
            let shown = shown_rows();
            if shown.is_empty() {
                return;
            }
            // The row the key was pressed on (focused by a click or Tab as well as by keys).
            let on_row = {
                use leptos::wasm_bindgen::JsCast;
                ev.target()
                    .and_then(|t| t.dyn_into::<leptos::web_sys::Element>().ok())
                    .and_then(|el| el.closest("[data-row]").ok().flatten())
                    .and_then(|el| el.get_attribute("data-row"))
                    .and_then(|r| r.parse::<usize>().ok())
            };
            let row = on_row.or(focus_row.get_untracked()).unwrap_or(0);
            let pos = shown.iter().rposition(|&r| r <= row).unwrap_or(0);
            let to = match ev.key().as_str() {
                "ArrowDown" => shown[(pos + 1).min(shown.len() - 1)],
                "ArrowUp" => shown[pos.saturating_sub(1)],
                "Home" => shown[0],
                "End" => shown[shown.len() - 1],
                _ => return,
            };
            ev.prevent_default();
            focus_on(to);
            return;
        };
        if items.is_empty() {
            return;
        }
        let row = focus_row.get_untracked().unwrap_or(0).min(items.len() - 1);
        // The rows shown (none inside a folded one), and where the focus is among them.
        let shown = shown_rows();
        if shown.is_empty() {
            return;
        }
        let pos = shown.iter().rposition(|&r| r <= row).unwrap_or(0);
        let row = shown[pos];
        let (has_kids, is_folded) = model.with_untracked(|m| {
            m.rows
                .get(row)
                .map_or((false, false), |r| (r.has_kids, r.folded))
        });
        let key = ev.key();
        let modk = ev.ctrl_key() || ev.meta_key();
        let mut handled = true;
        if ev.alt_key() {
            let dir = match key.as_str() {
                "ArrowUp" => "up",
                "ArrowDown" => "down",
                "ArrowLeft" => "out",
                "ArrowRight" => "in",
                _ => "",
            };
            if dir.is_empty() {
                return;
            }
            match key_change(&items, row, dir) {
                Ok(c) => on_cmd.run(Cmd::Apply(c)),
                Err(e) => v.message.set(e),
            }
        } else if let Some(cmd) = history_key(&ev) {
            on_cmd.run(cmd);
        } else if modk {
            let at = items[row].at();
            match (key.to_ascii_lowercase().as_str(), at) {
                ("c", Some(at)) => on_cmd.run(Cmd::Copy(at)),
                ("x", Some(at)) => on_cmd.run(Cmd::Cut(at)),
                // The browser's paste event follows, with the system clipboard (see `paste`).
                ("v", Some(_)) => handled = false,
                ("d", Some(at)) => on_cmd.run(Cmd::Apply(Change::Duplicate { node: at })),
                ("c" | "x" | "v" | "d", None) => v.message.set(
                    "This line is a loop, a condition or an expression: copy, cut, paste and duplicate work on components (or on the code).".into(),
                ),
                _ => handled = false,
            }
        } else {
            match key.as_str() {
                "ArrowDown" => go(shown[(pos + 1).min(shown.len() - 1)]),
                "ArrowUp" => go(shown[pos.saturating_sub(1)]),
                "Home" => go(shown[0]),
                "End" => go(shown[shown.len() - 1]),
                // Right opens a folded row, else goes to its first child; Left folds an open
                // row, else goes to its parent (the WAI-ARIA tree's keys).
                "ArrowRight" if has_kids && is_folded => fold(row, false),
                "ArrowRight" => {
                    if let Some(k) = (row + 1..items.len()).find(|&k| items[k].parent == Some(row)) {
                        go(k);
                    }
                }
                "ArrowLeft" if has_kids && !is_folded => fold(row, true),
                "ArrowLeft" => {
                    if let Some(p) = items[row].parent {
                        go(p);
                    }
                }
                "Delete" | "Backspace" => match items[row].at() {
                    Some(node) => on_cmd.run(Cmd::Apply(Change::Delete { node })),
                    None => v.message.set("Only a component can be deleted here; delete a loop or condition in the code.".into()),
                },
                // Space: part of a type-ahead under way ("Buy now"); else nothing (it does not
                // scroll the tree away from the focused row).
                " " if typed.with_value(|(s, t)| s.is_empty() || ev.time_stamp() - t >= 700.0) => {}
                k if k.chars().count() == 1 && (k == " " || !k.trim().is_empty()) => {
                    // Type-ahead: the next line whose label starts with what was typed.
                    let now = ev.time_stamp();
                    let prefix = typed.with_value(|(s, t)| if now - t < 700.0 { format!("{s}{k}") } else { k.to_string() });
                    typed.set_value((prefix.clone(), now));
                    let mut prefix = prefix.to_lowercase();
                    // The same letter again and again goes from one line to the next that
                    // starts with it (b, b, b: Badge, Button, Box).
                    let mut chars = prefix.chars();
                    let first = chars.next().unwrap_or(' ');
                    if chars.all(|c| c == first) {
                        prefix = first.to_string();
                    }
                    // Among the rows shown, by the component's name or what tells it apart.
                    let start = if prefix.chars().count() == 1 { pos + 1 } else { pos };
                    let matches = |k: usize| {
                        let it = &items[k];
                        it.label.to_lowercase().starts_with(&prefix)
                            || it.detail.as_deref().is_some_and(|d| {
                                d.trim_start_matches(['“', '{']).to_lowercase().starts_with(&prefix)
                            })
                    };
                    if let Some(k) = (0..shown.len())
                        .map(|d| shown[(start + d) % shown.len()])
                        .find(|&k| matches(k))
                    {
                        go(k);
                    }
                }
                _ => handled = false,
            }
        }
        if handled {
            ev.prevent_default();
        }
    };
    // Ctrl/Cmd+V: the browser's paste event, with the system clipboard's text (a component
    // copied here, in the code, or in another program); a picture with no text is left to the
    // editor (it becomes an asset).
    let paste = move |ev: leptos::ev::ClipboardEvent| {
        #[cfg(not(feature = "hydrate"))]
        let _ = (ev, on_cmd, focus_row);
        #[cfg(feature = "hydrate")]
        {
            let Some(items) = v.outline.with_untracked(|o| o.items.clone().ok()) else {
                return;
            };
            let Some(row) = focus_row.get_untracked().filter(|r| *r < items.len()) else {
                return;
            };
            let data = ev.clipboard_data();
            let text = data
                .as_ref()
                .and_then(|d| d.get_data("text/plain").ok())
                .filter(|t| !t.trim().is_empty());
            let pictures = data.and_then(|d| d.files()).map_or(0, |f| f.length());
            if text.is_none() && pictures > 0 {
                return;
            }
            ev.prevent_default();
            ev.stop_propagation();
            match items[row].at() {
                Some(at) => on_cmd.run(Cmd::Paste { at, jsx: text }),
                None => v.message.set(
                    "This line is a loop, a condition or an expression: copy, cut, paste and duplicate work on components (or on the code).".into(),
                ),
            }
        }
    };
    // The element on a row, in the outline's current text (read when a handler runs).
    let at_row = move |row: usize| {
        v.outline.with_untracked(|o| {
            o.items
                .as_ref()
                .ok()
                .and_then(|i| i.get(row).and_then(Item::at))
        })
    };
    // Keep the focused row focused when the list is drawn again (after an edit).
    Effect::new(move |_| {
        let row = focus_row.get();
        // Drawn again when the rows change (not on every build of the outline).
        model.track();
        let Some(tree) = tree.get_untracked() else {
            return;
        };
        let active = document().active_element();
        let body = document().body();
        let has_focus = active.as_ref().is_some_and(|a| tree.contains(Some(a)))
            || (in_tree.get_value()
                && (active.is_none()
                    || active.as_ref().map(|a| a.tag_name()) == body.map(|b| b.tag_name())));
        // The row, or the last one if it is gone.
        let count = model.with_untracked(|m| m.rows.len());
        let row = row.map(|r| r.min(count.saturating_sub(1)));
        if let (true, Some(row), true) = (has_focus, row, count > 0)
            && let Ok(Some(el)) = tree.query_selector(&format!("[data-row=\"{row}\"]"))
        {
            use leptos::wasm_bindgen::JsCast;
            if let Ok(el) = el.dyn_into::<leptos::web_sys::HtmlElement>() {
                let _ = el.focus();
            }
        }
    });
    // The selected row is scrolled into the outline's view (a click in the preview or the
    // code selects a component whose row may be far down the list); only the outline scrolls.
    let selected_row = Memo::new(move |_| model.with(|m| m.rows.iter().position(|r| r.selected)));
    Effect::new(move |_| {
        let Some(row) = selected_row.get() else {
            return;
        };
        let Some(tree) = tree.get_untracked() else {
            return;
        };
        // Once the rows are drawn.
        request_animation_frame(move || {
            use leptos::wasm_bindgen::JsCast;
            let Some(el) = tree
                .query_selector(&format!("[data-row=\"{row}\"]"))
                .ok()
                .flatten()
                .and_then(|e| e.dyn_into::<leptos::web_sys::HtmlElement>().ok())
            else {
                return;
            };
            let (top, height) = (el.offset_top(), el.offset_height());
            let (scrolled, shown) = (tree.scroll_top(), tree.client_height());
            if top < scrolled {
                tree.set_scroll_top(top);
            } else if top + height > scrolled + shown {
                tree.set_scroll_top(top + height - shown);
            }
        });
    });
    let rows = move || {
        let focus = focus_row.get();
        let drop_now = drop_at.get();
        let Rows { rows, why } = model.get();
        // Why it is read-only is said beside the tree (a tree holds only tree items); the rows
        // of the last view that parsed stay, greyed.
        let stale = why.is_some();
        {
            {
                // The row that takes the focus: the focused one if shown, else the first shown.
                let tab_row = focus
                    .filter(|r| rows.get(*r).is_some_and(|m| !m.hidden))
                    .or_else(|| rows.iter().position(|m| !m.hidden))
                    .unwrap_or(0);
                rows.into_iter().enumerate().filter(|(_, m)| !m.hidden).map(|(row, m)| {
                    let RowModel { label, detail, note, greyed, level, has_kids, folded: is_folded, hidden: _, selected, element, draggable, kind } = m;
                    let _ = element;
                    let greyed = greyed || stale;
                    let draggable = draggable && !stale;
                    // Its name, said whole (the row is cut to its width on screen; the mouse
                    // shows it whole too).
                    let name = format!(
                        "{label}{}{note}",
                        detail.as_deref().map(|d| format!(" {d}")).unwrap_or_default()
                    );
                    let class = format!(
                        "cursor-default truncate rounded px-1 py-0.5 font-mono text-xs focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-600{}{}",
                        if selected { " bg-sky-100 dark:bg-sky-900" } else { "" },
                        if greyed { " text-slate-500 dark:text-slate-400" } else { "" },
                    );
                    let indicator = match drop_now {
                        Some((r, Zone::Before)) if r == row => " border-t-2 border-sky-600",
                        Some((r, Zone::After)) if r == row => " border-b-2 border-sky-600",
                        Some((r, Zone::Inside)) if r == row => " ring-2 ring-sky-600",
                        _ => "",
                    };
                    let class = format!("{class}{indicator}");
                    // Leptos has no `aria-level` attribute (and `attr:aria-level` on an element
                    // writes that name as it is): the row's level is a custom attribute.
                    view! {
                        <li role="treeitem" {..leptos::tachys::html::attribute::custom::custom_attribute("aria-level", level.to_string())} aria-selected=selected.to_string()
                            // A row with children says whether they are shown (Left folds it,
                            // Right opens it, as does its arrow).
                            aria-expanded=has_kids.then_some(if is_folded { "false" } else { "true" })
                            aria-disabled=stale.then_some("true")
                            aria-label=name.clone() title=name
                            data-stale=stale.then_some("true")
                            draggable=draggable.then_some("true")
                            on:dragstart=move |ev: leptos::ev::DragEvent| {
                                let Some(at) = at_row(row) else { return };
                                // As text, the component's JSX (a drop in the code pastes it).
                                let jsx = v.outline.with_untracked(|o| widget::edit::node_text(&o.source, at).unwrap_or_default());
                                drag_text(&ev, &jsx, "copyMove");
                                v.dragging.set(Some(Drag::Node(at)));
                            }
                            on:dragend=move |_| { v.dragging.set(None); drop_at.set(None); }
                            on:dragover=move |ev: leptos::ev::DragEvent| {
                                let Some(drag) = v.dragging.get_untracked() else { return };
                                let zone = zone_of(&ev);
                                let ok = v.outline.with_untracked(|o| o.items.as_ref().ok().map(|items| drop_change(items, drag, row, zone)));
                                match ok {
                                    Some(Ok(_)) => {
                                        ev.prevent_default();
                                        if drop_at.get_untracked() != Some((row, zone)) { drop_at.set(Some((row, zone))); }
                                    }
                                    _ => if drop_at.get_untracked().is_some() { drop_at.set(None) },
                                }
                            }
                            on:dragleave=move |_| if drop_at.get_untracked().is_some_and(|(r, _)| r == row) { drop_at.set(None) }
                            on:drop=move |ev: leptos::ev::DragEvent| {
                                ev.prevent_default();
                                let Some(drag) = v.dragging.get_untracked() else { return };
                                v.dragging.set(None);
                                drop_at.set(None);
                                let zone = zone_of(&ev);
                                let change = v.outline.with_untracked(|o| o.items.as_ref().map_err(Clone::clone).and_then(|items| drop_change(items, drag, row, zone)));
                                match change {
                                    Ok(c) => on_cmd.run(Cmd::Apply(c)),
                                    Err(e) => v.message.set(e),
                                }
                            }
                            tabindex=if row == tab_row { "0" } else { "-1" }
                            data-row=row.to_string() data-testid="outline-item" data-kind=kind data-greyed=greyed.to_string()
                            class=class style=format!("padding-left:{}rem", 0.25 + (level - 1) as f32 * 0.9)
                            on:click=move |_| {
                                focus_row.set(Some(row));
                                match at_row(row) {
                                    Some(at) => on_cmd.run(Cmd::Select(at)),
                                    None if !stale => v.deselect(),
                                    None => {}
                                }
                            }>
                            // The arrow that folds and opens the row: drawn with borders, so it
                            // is not in the row's text or its name (aria-expanded says it).
                            <span aria-hidden="true" data-testid="outline-fold"
                                class="mr-0.5 inline-flex h-3 w-3 items-center justify-center align-middle"
                                on:click=move |_| if has_kids && !stale { fold(row, !is_folded) }>
                                {has_kids.then(|| view! {
                                    <span class=if is_folded {
                                        "block h-1.5 w-1.5 -rotate-45 border-b-2 border-r-2 border-current"
                                    } else {
                                        "block h-1.5 w-1.5 rotate-45 border-b-2 border-r-2 border-current"
                                    }></span>
                                })}
                            </span>
                            {label}{detail.map(|d| view! { " "<span class="text-sky-800 dark:text-sky-300">{d}</span> })}<span class="text-slate-600 dark:text-slate-400">{note}</span>
                        </li>
                    }.into_any()
                }).collect::<Vec<_>>().into_any()
            }
        }
    };
    view! {
        <section aria-labelledby="ws-outline-title" class="space-y-1" data-testid="outline">
            <h2 id="ws-outline-title" class="text-sm font-semibold">"Outline"</h2>
            {move || model.with(|m| m.why.clone().map(|why| (why, !m.rows.is_empty()))).map(|(why, kept)| view! {
                <p class="text-xs text-slate-600 dark:text-slate-400" data-testid="outline-readonly">
                    {why}{kept.then_some(" The rows below are the view as it last parsed.")}
                </p>
            })}
            <ul role="tree" aria-labelledby="ws-outline-title" node_ref=tree on:keydown=keydown
                class:hidden=move || model.with(|m| m.rows.is_empty())
                on:paste=paste
                on:focusin=move |_| in_tree.set_value(true)
                on:focusout=move |ev: leptos::ev::FocusEvent| {
                    // Focus moved elsewhere on the page (not lost with a removed row).
                    if ev.related_target().is_some() { in_tree.set_value(false) }
                }
                class="relative max-h-80 overflow-auto rounded-md border border-slate-300 p-1 dark:border-slate-700">
                {rows}
            </ul>
            <p class="text-xs text-slate-600 dark:text-slate-400">"Alt+arrows move a component; Delete deletes; Ctrl+C, X, V, D copy, cut, paste, duplicate; Ctrl+Z undoes."</p>
        </section>
    }
}

/// The zone of the row under a drag: its top quarter is before it, its bottom quarter after
/// it, the middle inside it.
#[cfg(feature = "hydrate")]
fn zone_of(ev: &leptos::ev::DragEvent) -> Zone {
    use wasm_bindgen::JsCast;
    let Some(el) = ev
        .current_target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
    else {
        return Zone::Inside;
    };
    let r = el.get_bounding_client_rect();
    let y = (ev.client_y() as f64 - r.top()) / r.height().max(1.0);
    if y < 0.25 {
        Zone::Before
    } else if y > 0.75 {
        Zone::After
    } else {
        Zone::Inside
    }
}

#[cfg(not(feature = "hydrate"))]
fn zone_of(_: &leptos::ev::DragEvent) -> Zone {
    Zone::Inside
}

/// Gives a drag its text (what a drop in the code editor inserts) and allowed effect.
#[cfg(feature = "hydrate")]
fn drag_text(ev: &leptos::ev::DragEvent, text: &str, effect: &str) {
    if let Some(dt) = ev.data_transfer() {
        let _ = dt.set_data("text/plain", text);
        dt.set_effect_allowed(effect);
    }
}

#[cfg(not(feature = "hydrate"))]
fn drag_text(_: &leptos::ev::DragEvent, _: &str, _: &str) {}

/// An outline row as drawn.
#[derive(Clone, Debug, PartialEq)]
struct RowModel {
    label: String,
    /// What tells the component from its siblings (`“Buy”`, `{item.title}`).
    detail: Option<String>,
    note: String,
    greyed: bool,
    level: usize,
    has_kids: bool,
    /// Its children are hidden (it has some).
    folded: bool,
    /// Inside a folded row: not drawn.
    hidden: bool,
    selected: bool,
    element: bool,
    draggable: bool,
    kind: &'static str,
}

/// The outline's rows, and why they cannot be edited (then they are the last view that
/// parsed, or none).
#[derive(Clone, Debug, PartialEq)]
struct Rows {
    rows: Vec<RowModel>,
    why: Option<String>,
}

/// Each outline item's place in the tree, from the root down: at each level its name (a
/// component's, or a loop's or condition's label) and how many siblings before it have that
/// name (`Row` 0, the first Row among its siblings). Typing inside a prop changes no place (an
/// item's offset changes with every key), and neither does deleting, moving or inserting
/// another kind of sibling; so the outline keeps what is folded by place.
fn tree_paths(items: &[Item]) -> Vec<Vec<(String, usize)>> {
    let mut paths: Vec<Vec<(String, usize)>> = Vec::with_capacity(items.len());
    // (parent, name) → how many seen.
    let mut seen: std::collections::HashMap<(Option<usize>, &str), usize> =
        std::collections::HashMap::new();
    for it in items {
        let name = it.name().unwrap_or(&it.label);
        let n = seen.entry((it.parent, name)).or_insert(0);
        let mut path = it.parent.map_or_else(Vec::new, |p| paths[p].clone());
        path.push((name.to_string(), *n));
        *n += 1;
        paths.push(path);
    }
    paths
}

/// What the inspector shows.
#[derive(Clone, Debug, PartialEq)]
enum Inspected {
    /// The view cannot be edited visually, and why.
    Readonly(String),
    /// Nothing is selected.
    Empty,
    Node {
        /// The element, in the settled text.
        at: At,
        name: String,
        /// The props as written, by name.
        written: Vec<(String, Written)>,
        /// Each prop's first problem, by name.
        messages: Vec<(String, String)>,
    },
}

/// What the inspector's layout depends on: the readonly reason, nothing selected, or the
/// selected component's name (its groups and fields).
#[derive(Clone, Debug, PartialEq)]
enum Layout {
    Readonly(String),
    Empty,
    Node(String),
}

/// A prop's written value, as a field shows it.
#[derive(Clone, Debug)]
struct Shown {
    value: Written,
}

/// A prop's control in the inspector.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Control {
    Choice(&'static [&'static str]),
    Switch,
    Number,
    Text,
    /// Objects and arrays (actions, spacing objects, options): edited as an expression.
    Code,
}

fn control_of(ty: &Ty) -> Control {
    match ty {
        Ty::Enum(values) => Control::Choice(values),
        Ty::Bool | Ty::False => Control::Switch,
        Ty::Int | Ty::Float => Control::Number,
        Ty::Str | Ty::Icon | Ty::DateTime => Control::Text,
        Ty::Union(tys) => {
            // A union with a string or number branch takes text (a number stays a number).
            if tys
                .iter()
                .any(|t| matches!(t, Ty::Str | Ty::Int | Ty::Float | Ty::Enum(_)))
            {
                Control::Text
            } else {
                Control::Code
            }
        }
        _ => Control::Code,
    }
}

/// What a text field's entry means: a number where the prop takes numbers, `{…}` an
/// expression, otherwise a string; empty removes the prop.
fn text_value(raw: &str, ty: &Ty) -> Option<PropValue> {
    let t = raw.trim();
    if t.is_empty() {
        return None;
    }
    if let Some(inner) = t.strip_prefix('{').and_then(|x| x.strip_suffix('}')) {
        return Some(PropValue::Expr(inner.trim().to_string()));
    }
    let numeric = matches!(ty, Ty::Int | Ty::Float)
        || matches!(ty, Ty::Union(tys) if tys.iter().any(|t| matches!(t, Ty::Int | Ty::Float)));
    if numeric
        && let Ok(n) = t.parse::<f64>()
        && n.is_finite()
    {
        return Some(PropValue::Num(n));
    }
    Some(PropValue::Str(raw.to_string()))
}

/// How a written value shows in a text field.
fn shown(w: &Written) -> String {
    match w {
        Written::Str(s) => s.clone(),
        Written::Num(n) => widget::template::eval::js_number_to_string(*n),
        Written::Bool(b) => b.to_string(),
        Written::StrExpr(s) => s.clone(),
        Written::Expr(e) => format!("{{{e}}}"),
    }
}

/// Marks an inspector field as holding typing not yet committed (its `change` commits it).
fn mark_typing(ev: &leptos::ev::Event, typing: bool) {
    use leptos::wasm_bindgen::JsCast;
    if let Some(el) = ev
        .target()
        .and_then(|t| t.dyn_into::<leptos::web_sys::Element>().ok())
    {
        let _ = if typing {
            el.set_attribute("data-typing", "")
        } else {
            el.remove_attribute("data-typing")
        };
    }
}

fn is_typing(ev: &leptos::ev::KeyboardEvent) -> bool {
    use leptos::wasm_bindgen::JsCast;
    ev.target()
        .and_then(|t| t.dyn_into::<leptos::web_sys::Element>().ok())
        .is_some_and(|el| el.has_attribute("data-typing"))
}

/// The inspector: the selected component's props from the spec, in the spec's groups. A prop
/// bound to an expression shows it, editable as code; each change is one undo step.
#[component]
pub fn InspectorPanel(
    v: VisualSignals,
    problems: ReadSignal<Vec<SourceProblem>>,
    on_cmd: Callback<Cmd>,
) -> impl IntoView {
    // What the inspector shows, compared before it is drawn again: typing elsewhere in the
    // code (which moves the node's offset, not its props) redraws nothing.
    let inspected = Memo::new(move |_| {
        v.settled.with(|Settled { outline, selected }| {
            let items = match &outline.items {
                Ok(items) => items,
                Err(why) => return Inspected::Readonly(why.clone()),
            };
            let Some(at) = *selected else {
                return Inspected::Empty;
            };
            let Ok(written) = widget::edit::props(&outline.source, at) else {
                return Inspected::Empty;
            };
            let name = items
                .iter()
                .find(|it| it.at() == Some(at))
                .and_then(|it| it.name().map(str::to_string))
                .unwrap_or_default();
            // Each prop's first problem: a diagnostic inside its attribute. The problems are the
            // current text's; while typing in the code has not settled yet, the settled text's
            // attributes are elsewhere, so none are matched until it settles.
            // `listed` is read first, so the memo follows it whatever the outline says.
            let listed = v.listed.with(|l| **l == *outline.source);
            let current = listed
                && v.outline.with_untracked(|o| {
                    Arc::ptr_eq(&o.source, &outline.source) || o.source == outline.source
                });
            let messages = problems.with(|probs| {
                if !current {
                    return Vec::new();
                }
                written
                    .iter()
                    .filter_map(|w| {
                        probs
                            .iter()
                            .find(|q| {
                                (q.span.start as usize) >= w.range.start
                                    && (q.span.end as usize)
                                        <= w.range.end.max(q.span.start as usize)
                            })
                            .map(|q| (w.name.clone(), q.message.clone()))
                    })
                    .collect()
            });
            let written = written.into_iter().map(|w| (w.name, w.value)).collect();
            Inspected::Node {
                at,
                name,
                written,
                messages,
            }
        })
    });
    // The inspector's layout: drawn again only for another component (or none); each field
    // follows its own prop.
    let layout = Memo::new(move |_| {
        inspected.with(|i| match i {
            Inspected::Readonly(why) => Layout::Readonly(why.clone()),
            Inspected::Empty => Layout::Empty,
            Inspected::Node { name, .. } => Layout::Node(name.clone()),
        })
    });
    // Which of Wrap and Unwrap the selected component refuses, and why, so the buttons say it
    // before a press (which is still checked against the code as it is then).
    let structure_refusals = RwSignal::new((Vec::<Option<String>>::new(), None::<String>));
    let verdicts = move || {
        let Some(at) = v.selected.get_untracked() else {
            return (Vec::new(), None);
        };
        v.outline.with_untracked(|outline| {
            let wraps: Vec<Option<String>> = Wrapper::ALL
                .into_iter()
                .map(|w| {
                    widget::edit::wrap(&outline.source, at, w)
                        .err()
                        .map(|e| e.to_string())
                })
                .collect();
            let unwrap = widget::edit::unwrap(&outline.source, at)
                .err()
                .map(|e| e.to_string());
            (wraps, unwrap)
        })
    };
    // Worked out at once for another selection; for typing, once it pauses (each check reads
    // the whole view: not on the keystroke's path).
    let ticket = StoredValue::new(0u64);
    Effect::new(move |last: Option<Option<widget::edit::At>>| {
        let sel = v.selected.get();
        v.outline.track();
        ticket.update_value(|t| *t += 1);
        if last.is_none_or(|l| l != sel) {
            structure_refusals.set(verdicts());
        } else {
            #[cfg(feature = "hydrate")]
            {
                let mine = ticket.get_value();
                set_timeout(
                    move || {
                        if ticket.get_value() == mine {
                            structure_refusals.set(verdicts());
                        }
                    },
                    std::time::Duration::from_millis(150),
                );
            }
        }
        sel
    });
    let body = move || {
        let name = match layout.get() {
            Layout::Readonly(why) => {
                return EitherOf4::A(
                    view! { <p class="text-xs text-slate-600 dark:text-slate-400" data-testid="inspector-readonly">{why}</p> },
                );
            }
            Layout::Empty => {
                return EitherOf4::B(
                    view! { <p class="text-xs text-slate-600 dark:text-slate-400" data-testid="inspector-empty">"Select a component in the preview, the outline or the code."</p> },
                );
            }
            Layout::Node(name) => name,
        };
        let Some(comp) = spec::component(&name) else {
            return EitherOf4::C(
                view! { <p class="text-xs">{format!("{name} is not a ChatKit component; it has no props to inspect.")}</p> },
            );
        };
        let groups = comp.groups().into_iter().map(|(group, props)| {
            let fields = props.into_iter().map(|p| {
                let pname: &'static str = p.name;
                // This prop's value and problem, on this element: a change of another prop
                // draws nothing here, and another element draws it again (so text typed into a
                // field and refused is not left showing under the next element).
                let this = Memo::new(move |_| {
                    inspected.with(|i| match i {
                        Inspected::Node { at, written, messages, .. } => (
                            Some(*at),
                            written.iter().find(|(n, _)| n == pname).map(|(_, w)| w.clone()),
                            messages.iter().find(|(n, _)| n == pname).map(|(_, m)| m.clone()),
                        ),
                        _ => (None, None, None),
                    })
                });
                move || {
                    let (_, w, msg) = this.get();
                    prop_field(p, w, msg, v, on_cmd)
                }
            }).collect::<Vec<_>>();
            let title = if group.is_empty() { name.clone() } else { group.to_string() };
            view! {
                <fieldset class="min-w-0 space-y-1 rounded-md border border-slate-300 p-2 dark:border-slate-700">
                    <legend class="px-1 text-xs font-semibold">{title}</legend>
                    {fields}
                </fieldset>
            }
        }).collect::<Vec<_>>();
        // A refused one stays focusable (aria-disabled), says why on hover, and a press says it.
        let wrap_refusal =
            move |i: usize| structure_refusals.with(|(w, _)| w.get(i).cloned().flatten());
        let wraps = Wrapper::ALL.into_iter().enumerate().map(|(i, w)| view! {
            <button type="button" class="rounded border border-slate-300 px-1.5 py-1 text-xs aria-disabled:opacity-50 dark:border-slate-700" data-testid=format!("wrap-{}", w.name())
                aria-disabled=move || wrap_refusal(i).is_some().then_some("true") title=move || wrap_refusal(i)
                on:click=move |_| if let Some(at) = v.selected.get_untracked() { on_cmd.run(Cmd::Apply(Change::Wrap { node: at, wrapper: w })) }>{format!("Wrap in {}", w.name())}</button>
        }).collect::<Vec<_>>();
        let unwrap_refusal = move || structure_refusals.with(|(_, u)| u.clone());
        EitherOf4::D(view! {
            <div class="space-y-2" data-testid="inspector-node" data-component=name.clone()>
                <p class="text-sm font-medium">{name.clone()}</p>
                <div class="flex flex-wrap gap-1">
                    {wraps}
                    <button type="button" class="rounded border border-slate-300 px-1.5 py-1 text-xs aria-disabled:opacity-50 dark:border-slate-700" data-testid="unwrap"
                        aria-disabled=move || unwrap_refusal().is_some().then_some("true") title=unwrap_refusal
                        on:click=move |_| if let Some(at) = v.selected.get_untracked() { on_cmd.run(Cmd::Apply(Change::Unwrap { node: at })) }>"Unwrap"</button>
                </div>
                {groups}
            </div>
        })
    };
    view! {
        <section aria-labelledby="ws-inspector-title" class="@container space-y-1" data-testid="inspector"
            on:input=move |ev| mark_typing(&ev, true)
            on:change=move |ev| { mark_typing(&ev, false); keep_focus(&ev) }
            on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                // Undo in a field that holds nothing uncommitted is the design's undo (the
                // field's own would only change the field, not the code).
                if let Some(cmd) = history_key(&ev) && !is_typing(&ev) {
                    ev.prevent_default();
                    on_cmd.run(cmd);
                }
            }>
            <h2 id="ws-inspector-title" class="text-sm font-semibold">"Inspector"</h2>
            <datalist id="ws-icon-names">{spec::ICON_NAMES.iter().map(|n| view! { <option value=*n></option> }).collect::<Vec<_>>()}</datalist>
            {TOKEN_LISTS.iter().map(|(id, values)| view! {
                <datalist id=*id>{values.iter().map(|t| view! { <option value=*t></option> }).collect::<Vec<_>>()}</datalist>
            }).collect::<Vec<_>>()}
            {body}
        </section>
    }
}

/// One prop's field in the inspector: its control for the value as written, and the first
/// problem in its attribute. Drawn again only when those change.
fn prop_field(
    p: &'static spec::Prop,
    w: Option<Written>,
    msg: Option<String>,
    v: VisualSignals,
    on_cmd: Callback<Cmd>,
) -> AnyView {
    let w = w.map(|value| Shown { value });
    let id = format!("ws-prop-{}", p.name);
    let pname: &'static str = p.name;
    let ty: &'static Ty = &p.ty;
    let set = move |value: Option<PropValue>| {
        let Some(at) = v.selected.get_untracked() else {
            return;
        };
        on_cmd.run(Cmd::Apply(match value {
            Some(value) => Change::SetProp {
                node: at,
                name: pname.to_string(),
                value,
                position: None,
            },
            None => Change::RemoveProp {
                node: at,
                name: pname.to_string(),
            },
        }));
    };
    let is_expr = matches!(w.as_ref().map(|w| &w.value), Some(Written::Expr(_)));
    let control = if is_expr {
        Control::Code
    } else {
        control_of(ty)
    };
    let input_class = "w-full rounded border border-slate-300 bg-white px-1.5 py-1 text-xs dark:border-slate-700 dark:bg-slate-900";
    let set_cb = Callback::new(set);
    // An object prop (an action, a light/dark colour pair) edited field by field,
    // when it is written as an object literal (or not at all).
    let fields_written = match w.as_ref().map(|w| &w.value) {
        None => Some(Vec::new()),
        Some(Written::Expr(e)) => widget::edit::object_fields(e),
        Some(_) => None,
    };
    let shape_of = fields_written
        .as_deref()
        .and_then(|f| editable_shape_for(ty, f));
    if let (Some(shape), Some(fields)) = (shape_of, fields_written.clone()) {
        let field = shape_editor(pname, shape, fields, set_cb, v);
        return view! {
            <fieldset class="min-w-0 space-y-1 rounded border border-dashed border-slate-300 p-1.5 dark:border-slate-700" data-testid=format!("shape-{pname}")>
                <legend class="px-1 text-xs" title=p.doc>{pname}</legend>
                {field}
                {refused_note(format!("{id}-refused"), v.refusal(pname))}
                {msg.map(|m| view! { <p class="text-xs text-red-700 dark:text-red-400" data-testid="prop-problem">{m}</p> })}
            </fieldset>
        }.into_any();
    }
    let pair = pair_shape(ty);
    if let (Some(shape), Some(fields)) = (pair, fields_written.clone().filter(|f| !f.is_empty())) {
        let one = fields
            .iter()
            .find(|(k, _)| k == "light")
            .map(|(_, v)| v.clone())
            .unwrap_or_default();
        let field = shape_editor(pname, shape, fields, set_cb, v);
        return view! {
            <fieldset class="min-w-0 space-y-1 rounded border border-dashed border-slate-300 p-1.5 dark:border-slate-700" data-testid=format!("shape-{pname}")>
                <legend class="px-1 text-xs" title=p.doc>{format!("{pname} (light / dark)")}</legend>
                {field}
                <button type="button" id=format!("{id}-pair-off") class="rounded border border-slate-300 px-1.5 py-1 text-xs dark:border-slate-700" data-testid=format!("pair-off-{pname}")
                    on:click={
                        let back = format!("{id}-pair-on");
                        move |_| {
                            set_cb.run(Some(string_or_expr(&one)));
                            // The pair becomes one field again: its button takes the focus.
                            crate::components::focus::focus_if_lost(back.clone());
                        }
                    }>"One colour for both themes"</button>
                {refused_note(format!("{id}-refused"), v.refusal(pname))}
                {msg.map(|m| view! { <p class="text-xs text-red-700 dark:text-red-400" data-testid="prop-problem">{m}</p> })}
            </fieldset>
        }.into_any();
    }
    let pair_button = (pair.is_some() && !is_expr).then(|| {
        // Both themes start from what the field shows now: its value, else the component's
        // default (a Text's `prose`, a Title's `emphasis`), else `primary`.
        let current = w
            .as_ref()
            .map(|w| shown(&w.value))
            .unwrap_or_else(|| p.documented_default().unwrap_or("primary").into());
        view! {
            <button type="button" id=format!("{id}-pair-on") class="mt-0.5 rounded border border-slate-300 px-1.5 py-1 text-xs dark:border-slate-700" data-testid=format!("pair-on-{pname}")
                on:click={
                    // The field becomes a light and a dark one: the dark one takes the focus,
                    // since that is the one to change.
                    let dark = format!("ws-prop-{pname}-dark");
                    move |_| {
                        let v = widget::edit::js_string(&current);
                        set_cb.run(Some(PropValue::Expr(widget::edit::object_text(&[("light".into(), v.clone()), ("dark".into(), v)]))));
                        crate::components::focus::focus_if_lost(dark.clone());
                    }
                }>"Different in dark"</button>
        }
    });
    let icon = matches!(ty, Ty::Icon);
    // A choice or a switch may be bound to an expression instead (`weight={t.done ? "normal" :
    // "semibold"}`), and an expression set back to a value: the button beside the field
    // switches between the two; nothing is written until the new field commits.
    if let base @ (Control::Choice(_) | Control::Switch) = control_of(ty) {
        let field = bindable_field(pname, id.clone(), base, w.map(|w| w.value), set_cb, v);
        return view! {
            <div class="grid grid-cols-1 @xs:grid-cols-[8rem_minmax(0,1fr)] items-center gap-x-2 gap-y-0.5">
                <label for=id class="truncate text-xs" title=p.doc>{pname}</label>
                {field}
                {msg.map(|m| view! { <p class="col-span-full text-xs text-red-700 dark:text-red-400" data-testid="prop-problem">{m}</p> })}
            </div>
        }.into_any();
    }
    // The validator's problem with this prop, said under the field and tied to it.
    let problem_id = format!("{id}-problem");
    let has_problem = msg.is_some();
    let problem_for_field = has_problem.then(|| problem_id.clone());
    let field = match control {
        Control::Choice(values) => {
            let current = match w.as_ref().map(|w| &w.value) {
                Some(Written::Str(s) | Written::StrExpr(s)) => s.clone(),
                _ => String::new(),
            };
            let had = w.is_some();
            view! {
                <select id=id.clone() class=input_class data-testid=format!("prop-{pname}")
                    aria-invalid=has_problem.then_some("true") aria-describedby=problem_for_field.clone()
                    on:change=move |ev| { let val = event_target_value(&ev); if val.is_empty() { if had { set(None) } } else { set(Some(PropValue::Str(val))) } }>
                    <option value="" selected=current.is_empty()>"(not set)"</option>
                    {values.iter().map(|x| view! { <option value=*x selected=current == *x>{*x}</option> }).collect::<Vec<_>>()}
                </select>
            }.into_any()
        }
        Control::Switch => {
            let on = matches!(w.as_ref().map(|w| &w.value), Some(Written::Bool(true)));
            view! {
                <input id=id.clone() type="checkbox" role="switch" checked=on data-testid=format!("prop-{pname}")
                    on:change=move |ev| { if event_target_checked(&ev) { set(Some(PropValue::Bool(true))) } else { set(None) } }/>
            }.into_any()
        }
        Control::Number | Control::Text | Control::Code => {
            let refused = v.refusal(pname);
            let problem_id = format!("{id}-refused");
            let note = refused_note(problem_id.clone(), refused);
            let value = w.as_ref().map(|w| shown(&w.value)).unwrap_or_default();
            let value_for_icon = value.clone();
            let code = control == Control::Code;
            let list = if icon {
                Some("ws-icon-names")
            } else {
                token_list(pname)
            };
            let described = problem_for_field.clone();
            view! {
                <input id=id.clone() type="text" value=value.clone() prop:value=value.clone() data-testid=format!("prop-{pname}") spellcheck="false"
                    class=format!("{input_class} ws-field") class=("font-mono", code) list=list
                    aria-invalid=move || (has_problem || refused.with(Option::is_some)).then_some("true")
                    aria-describedby=move || {
                        let ids: Vec<&str> = [
                            refused.with(Option::is_some).then_some(problem_id.as_str()),
                            described.as_deref(),
                        ]
                        .into_iter()
                        .flatten()
                        .collect();
                        (!ids.is_empty()).then(|| ids.join(" "))
                    }
                    placeholder=if code { "{expression}" } else { "" }
                    on:change=move |ev| {
                        let raw = event_target_value(&ev);
                        if raw == value { return; }
                        if code {
                            let t = raw.trim();
                            let inner = t.strip_prefix('{').and_then(|x| x.strip_suffix('}')).unwrap_or(t);
                            set((!inner.trim().is_empty()).then(|| PropValue::Expr(inner.trim().to_string())));
                        } else {
                            set(text_value(&raw, ty));
                        }
                    }/>
                {note}
                {pair_button}
                {icon.then(|| view! {
                    <span class="mt-0.5 inline-flex items-center gap-1 text-xs text-slate-600 dark:text-slate-400">
                        <svg viewBox="0 0 24 24" width="16" height="16" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true"
                            inner_html=render::icons::glyph(&value_for_icon).unwrap_or("")></svg>
                        "type to search the icons"
                    </span>
                })}
            }.into_any()
        }
    };
    view! {
        <div class="grid grid-cols-1 @xs:grid-cols-[8rem_minmax(0,1fr)] items-center gap-x-2 gap-y-0.5">
            <label for=id class="truncate text-xs" title=p.doc>{pname}</label>
            <div>{field}</div>
            {msg.map(|m| view! { <p id=problem_id class="col-span-full text-xs text-red-700 dark:text-red-400" data-testid="prop-problem">{m}</p> })}
        </div>
    }.into_any()
}

/// A choice's select or a switch, or (bound) an expression's code field, with the button that
/// goes from one to the other. The code field starts from the value as code (`"bold"`,
/// `true`); Escape, or committing it empty, goes back to the value without a change. An
/// expression committed empty removes the prop, as the other code fields do.
fn bindable_field(
    pname: &'static str,
    id: String,
    base: Control,
    written: Option<Written>,
    set: Callback<Option<PropValue>>,
    v: VisualSignals,
) -> impl IntoView {
    let refused = v.refusal(pname);
    // Leaving the code field (Escape, or back to the value's control) leaves its refusal too.
    let drop_refusal = move || {
        if refused.with_untracked(Option::is_some) {
            v.clear_refusal();
        }
    };
    use leptos::either::Either;
    let was_expr = matches!(written, Some(Written::Expr(_)));
    let code = RwSignal::new(was_expr);
    let input_class = "w-full rounded border border-slate-300 bg-white px-1.5 py-1 text-xs dark:border-slate-700 dark:bg-slate-900";
    let as_code = match &written {
        None => String::new(),
        Some(Written::Expr(e)) => format!("{{{e}}}"),
        Some(Written::Str(s) | Written::StrExpr(s)) => {
            format!("{{{}}}", widget::edit::js_string(s))
        }
        Some(other) => format!("{{{}}}", shown(other)),
    };
    let current = match &written {
        Some(Written::Str(s) | Written::StrExpr(s)) => s.clone(),
        _ => String::new(),
    };
    let on = matches!(written, Some(Written::Bool(true)));
    let had = written.is_some();
    let id2 = id.clone();
    let id3 = id.clone();
    let field = move || {
        if code.get() {
            let shown = as_code.clone();
            let id3 = id3.clone();
            let problem_id = format!("{id2}-refused");
            Either::Left(view! {
                <input id=id2.clone() type="text" value=shown.clone() prop:value=shown.clone() data-testid=format!("prop-{pname}") data-bound="true" spellcheck="false"
                    class=format!("{input_class} ws-field font-mono") placeholder="{expression}"
                    aria-invalid=move || refused.with(Option::is_some).then_some("true")
                    aria-describedby=move || refused.with(Option::is_some).then(|| problem_id.clone())
                    on:keydown={
                        let shown = shown.clone();
                        move |ev: leptos::ev::KeyboardEvent| if ev.key() == "Escape" {
                            ev.prevent_default();
                            drop_refusal();
                            if was_expr {
                                // The expression as it is in the code, the typing dropped.
                                use leptos::wasm_bindgen::JsCast;
                                if let Some(input) = ev.target().and_then(|t| t.dyn_into::<leptos::web_sys::HtmlInputElement>().ok()) {
                                    input.set_value(&shown);
                                }
                            } else {
                                code.set(false);
                                focus_soon(id3.clone());
                            }
                        }
                    }
                    on:change=move |ev| {
                        let raw = event_target_value(&ev);
                        let t = raw.trim();
                        let inner = t.strip_prefix('{').and_then(|x| x.strip_suffix('}')).unwrap_or(t).trim();
                        if raw == shown {
                        } else if !inner.is_empty() {
                            set.run(Some(PropValue::Expr(inner.to_string())));
                        } else if was_expr {
                            set.run(None);
                        } else {
                            code.set(false);
                        }
                    }/>
            })
        } else {
            Either::Right(match base {
                Control::Choice(values) => {
                    let current = current.clone();
                    Either::Left(view! {
                        <select id=id2.clone() class=input_class data-testid=format!("prop-{pname}")
                            on:change=move |ev| { let val = event_target_value(&ev); if val.is_empty() { if had && !was_expr { set.run(None) } } else { set.run(Some(PropValue::Str(val))) } }>
                            <option value="" selected=current.is_empty()>{if was_expr { "(an expression: pick a value to replace it)" } else { "(not set)" }}</option>
                            {values.iter().map(|x| view! { <option value=*x selected=current == *x>{*x}</option> }).collect::<Vec<_>>()}
                        </select>
                    })
                }
                _ => Either::Right(view! {
                    <input id=id2.clone() type="checkbox" role="switch" checked=on data-testid=format!("prop-{pname}")
                        on:change=move |ev| { if event_target_checked(&ev) { set.run(Some(PropValue::Bool(true))) } else { set.run(None) } }/>
                }),
            })
        }
    };
    let note = refused_note(format!("{id}-refused"), refused);
    view! {
        <div class="flex items-center gap-1">
            <div class="min-w-0 flex-1">{field}</div>
            <button type="button" data-testid=format!("bind-{pname}")
                class="shrink-0 rounded border border-slate-300 px-1 py-0.5 font-mono text-xs dark:border-slate-700"
                aria-pressed=move || code.get().to_string()
                aria-label=format!("Bind {pname} to an expression")
                title=move || if code.get() { "Pressed: an expression. Press again to pick a value (picking one replaces the expression)" } else { "Bind to an expression" }
                on:click=move |_| {
                    drop_refusal();
                    code.update(|c| *c = !*c);
                    // The field drawn in its neighbour's place takes the typing.
                    focus_soon(id.clone());
                }>"{ }"</button>
        </div>
        {note}
    }
}

/// Why an inspector field's value was refused, under the field (which names it with
/// `aria-describedby`); the status line announces it.
fn refused_note(id: String, refused: Signal<Option<String>>) -> impl IntoView {
    move || {
        refused.get().map(|why| {
            view! { <p id=id.clone() class="col-span-full text-xs text-red-700 dark:text-red-400" data-testid="prop-refused">{why}</p> }
        })
    }
}

/// A change committed in an inspector field redraws the field (from the code it changed):
/// the keyboard's focus goes back to the field of that id, if nothing else took it meanwhile
/// (it fell to the page's body with the old element).
fn keep_focus(ev: &leptos::ev::Event) {
    use leptos::wasm_bindgen::JsCast;
    let Some(id) = ev
        .target()
        .and_then(|t| t.dyn_into::<leptos::web_sys::Element>().ok())
        .map(|el| el.id())
        .filter(|id| id.starts_with("ws-prop-"))
    else {
        return;
    };
    crate::components::focus::focus_if_lost(id);
}

/// Focuses the element with this id once the view has drawn it (after the next frame).
fn focus_soon(id: String) {
    request_animation_frame(move || {
        use leptos::wasm_bindgen::JsCast;
        if let Some(el) = document()
            .get_element_by_id(&id)
            .and_then(|el| el.dyn_into::<leptos::web_sys::HtmlElement>().ok())
        {
            let _ = el.focus();
        }
    });
}

/// A shape the inspector edits field by field: one whose fields are all strings, choices,
/// switches, numbers or free JSON (ActionConfig; not CardAction, whose `action` nests).
/// The shape an object prop is edited field by field with: its shape, or for a choice of
/// shapes (a Card's `status`: with a favicon, or with an icon) the first whose fields hold
/// every field written.
fn editable_shape_for(ty: &Ty, written: &[(String, String)]) -> Option<&'static spec::Shape> {
    match ty {
        // Only a choice between objects: a colour (a token, or a light/dark pair) is not one.
        Ty::Union(options) if options.iter().all(|o| matches!(o, Ty::Shape(_))) => {
            options.iter().filter_map(editable_shape).find(|s| {
                written
                    .iter()
                    .all(|(k, _)| s.fields.iter().any(|f| f.name == k))
            })
        }
        _ => editable_shape(ty),
    }
}

fn editable_shape(ty: &Ty) -> Option<&'static spec::Shape> {
    match ty {
        Ty::Shape(s)
            if s.fields.iter().all(|f| {
                matches!(
                    f.ty,
                    Ty::Str | Ty::Enum(_) | Ty::Bool | Ty::Any | Ty::Int | Ty::Float | Ty::Icon
                )
            }) =>
        {
            Some(s)
        }
        _ => None,
    }
}

/// The light/dark pair a colour prop may take instead of one token.
fn pair_shape(ty: &Ty) -> Option<&'static spec::Shape> {
    match ty {
        Ty::Union(tys) => tys.iter().find_map(|t| match t {
            Ty::Shape(s) if s.name == "ThemeColor" => Some(*s),
            _ => None,
        }),
        _ => None,
    }
}

/// A field's value source text as a string, if it is a string literal.
fn literal_string(src: &str) -> Option<String> {
    match widget::template::parser::parse_expr(src).ok()?.kind {
        widget::template::ast::ExprKind::Str(s) => Some(s),
        _ => None,
    }
}

/// A value source text back as a prop value: a string literal as a string, else as code.
fn string_or_expr(src: &str) -> PropValue {
    match literal_string(src) {
        Some(s) => PropValue::Str(s),
        None => PropValue::Expr(src.to_string()),
    }
}

/// The fields of an object prop, each with its control; a change rewrites the whole object
/// literal (one attribute, one undo step). Emptied, the prop is removed.
fn shape_editor(
    prop: &'static str,
    shape: &'static spec::Shape,
    fields: Vec<(String, String)>,
    set: Callback<Option<PropValue>>,
    v: VisualSignals,
) -> AnyView {
    let fields = Arc::new(fields);
    let input_class = "w-full rounded border border-slate-300 bg-white px-1.5 py-1 text-xs dark:border-slate-700 dark:bg-slate-900";
    let rows = shape.fields.iter().map(|f| {
        let key: &'static str = f.name;
        let id = format!("ws-prop-{prop}-{key}");
        let testid = format!("prop-{prop}-{key}");
        let current = fields.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
        let all = fields.clone();
        // The new object with this field set to `src` (source text), or removed (`None`).
        let commit = move |src: Option<String>| {
            // A field's code that does not read is said at the field, in the words typed
            // there and where in them (not of the object the fields make together).
            if let Some(text) = &src
                && let Err((at, why)) = widget::edit::check_expression(text)
            {
                if let Some(node) = v.selected.get_untracked() {
                    let column = text.get(..at).map_or(1, |t| t.chars().count() + 1);
                    v.refused.set(Some((
                        node,
                        prop.to_string(),
                        format!("{key}: “{text}” does not read at its column {column}: {why}"),
                    )));
                }
                return;
            }
            let mut next: Vec<(String, String)> = (*all).clone();
            match (next.iter().position(|(k, _)| k == key), src) {
                (Some(i), Some(v)) => next[i].1 = v,
                (Some(i), None) => {
                    next.remove(i);
                }
                (None, Some(v)) => next.push((key.to_string(), v)),
                (None, None) => return,
            }
            set.run((!next.is_empty()).then(|| PropValue::Expr(widget::edit::object_text(&next))));
        };
        let control = match &f.ty {
            Ty::Enum(values) => {
                let cur = current.as_deref().and_then(literal_string).unwrap_or_default();
                view! {
                    <select id=id.clone() class=input_class data-testid=testid
                        on:change=move |ev| { let v = event_target_value(&ev); commit((!v.is_empty()).then(|| widget::edit::js_string(&v))) }>
                        <option value="" selected=cur.is_empty()>"(not set)"</option>
                        {values.iter().map(|x| view! { <option value=*x selected=cur == *x>{*x}</option> }).collect::<Vec<_>>()}
                    </select>
                }.into_any()
            }
            Ty::Bool => {
                let on = current.as_deref() == Some("true");
                view! {
                    <input id=id.clone() type="checkbox" role="switch" checked=on data-testid=testid
                        on:change=move |ev| commit(Some(event_target_checked(&ev).to_string()))/>
                }.into_any()
            }
            Ty::Str | Ty::Icon => {
                // A string literal shows as its text; anything else as {code}.
                let shown = match current.as_deref() {
                    None => String::new(),
                    Some(src) => literal_string(src).unwrap_or_else(|| format!("{{{src}}}")),
                };
                let list = token_list(prop);
                view! {
                    <input id=id.clone() type="text" value=shown.clone() prop:value=shown data-testid=testid spellcheck="false" class=input_class list=list
                        on:change=move |ev| {
                            let raw = event_target_value(&ev);
                            let t = raw.trim();
                            commit(if t.is_empty() { None } else if let Some(code) = t.strip_prefix('{').and_then(|x| x.strip_suffix('}')) { Some(code.trim().to_string()) } else { Some(widget::edit::js_string(&raw)) })
                        }/>
                }.into_any()
            }
            _ => {
                let shown = current.clone().unwrap_or_default();
                view! {
                    <input id=id.clone() type="text" value=shown.clone() prop:value=shown data-testid=testid spellcheck="false" class=format!("{input_class} font-mono") placeholder="JSON or an expression"
                        on:change=move |ev| { let raw = event_target_value(&ev); let t = raw.trim(); commit((!t.is_empty()).then(|| t.to_string())) }/>
                }.into_any()
            }
        };
        view! {
            <div class="grid grid-cols-1 @xs:grid-cols-[7rem_minmax(0,1fr)] items-center gap-x-2">
                <label for=id class="truncate text-xs" title=f.doc>{key}</label>
                <div>{control}</div>
            </div>
        }
    }).collect::<Vec<_>>();
    view! { <div class="space-y-1">{rows}</div> }.into_any()
}

/// The id of the suggestion list a prop's field offers (rendered once, in the inspector).
fn token_list(prop: &str) -> Option<&'static str> {
    match prop {
        "color" | "background" | "iconColor" => Some("ws-tokens-color"),
        "gap" | "padding" | "margin" => Some("ws-tokens-spacing"),
        "radius" => Some("ws-tokens-radius"),
        _ => None,
    }
}

/// The suggestion lists: colours (the palette's names), the spacing scale and radii.
const TOKEN_LISTS: [(&str, &[&str]); 3] = [
    (
        "ws-tokens-color",
        &[
            "primary",
            "secondary",
            "tertiary",
            "emphasis",
            "success",
            "warning",
            "danger",
            "info",
            "discovery",
            "caution",
            "surface",
            "surface-secondary",
            "surface-tertiary",
            "surface-elevated",
            "surface-elevated-secondary",
            "white",
            "black",
            "red-500",
            "orange-500",
            "amber-500",
            "green-500",
            "blue-500",
            "purple-500",
            "pink-500",
            "gray-500",
        ],
    ),
    (
        "ws-tokens-spacing",
        &["0", "1", "2", "3", "4", "6", "8", "12", "16"],
    ),
    (
        "ws-tokens-radius",
        &[
            "none", "2xs", "xs", "sm", "md", "lg", "xl", "2xl", "3xl", "4xl", "full",
        ],
    ),
];

/// The palette: every component with its glyph and one line from the spec. Only those the
/// selection may take (into it, or after it) are enabled; Enter or a click inserts one with
/// sensible defaults.
#[component]
pub fn PalettePanel(v: VisualSignals, on_cmd: Callback<Cmd>) -> impl IntoView {
    // Why each component cannot go in now (None: it can), compared before it is drawn again.
    // Drawn from the settled outline and selection (a visual edit's result once it is
    // painted); a click inserts at the current ones.
    let refusals = Memo::new(move |_| {
        v.settled.with(
            |Settled {
                 outline: o,
                 selected: sel,
             }| {
                let sel = *sel;
                spec::COMPONENTS
                    .iter()
                    .map(|c| match (&o.items, sel) {
                        (Err(e), _) => Some(e.clone()),
                        (Ok(_), None) => Some("Select a component first.".to_string()),
                        (Ok(items), Some(at)) => insert_place(items, at, c.name).err(),
                    })
                    .collect::<Vec<_>>()
            },
        )
    });
    // One tab stop for the list: the last focused button takes Tab, the arrow keys, Home and
    // End move among the others (it was 30 stops on the way through the panels).
    let current = RwSignal::new(0usize);
    let keys = move |ev: leptos::ev::KeyboardEvent| {
        let last = spec::COMPONENTS.len() - 1;
        let at = current.get_untracked();
        let next = match ev.key().as_str() {
            "ArrowDown" | "ArrowRight" => (at + 1).min(last),
            "ArrowUp" | "ArrowLeft" => at.saturating_sub(1),
            "Home" => 0,
            "End" => last,
            _ => return,
        };
        ev.prevent_default();
        current.set(next);
        #[cfg(feature = "hydrate")]
        {
            use leptos::wasm_bindgen::JsCast;
            if let Some(b) = leptos::prelude::document()
                .query_selector(&format!(
                    "[data-testid=\"palette-{}\"]",
                    spec::COMPONENTS[next].name
                ))
                .ok()
                .flatten()
                .and_then(|el| el.dyn_into::<leptos::web_sys::HtmlElement>().ok())
            {
                let _ = b.focus();
            }
        }
    };
    let buttons = move || {
        let refusals = refusals.get();
        {
            spec::COMPONENTS.iter().zip(refusals).enumerate().map(|(i, (c, why))| {
                let name: &'static str = c.name;
                let enabled = why.is_none();
                let svg = glyph_of(name);
                view! {
                    <li>
                        <button type="button" data-testid=format!("palette-{name}") aria-disabled=(!enabled).to_string() draggable="true"
                            tabindex=move || if current.get() == i { "0" } else { "-1" }
                            on:focus=move |_| current.set(i)
                            on:dragstart=move |ev: leptos::ev::DragEvent| {
                                drag_text(&ev, widget::edit::default_snippet(name).unwrap_or_default(), "copy");
                                v.dragging.set(Some(Drag::Component(name)));
                            }
                            on:dragend=move |_| v.dragging.set(None)
                            title=why.clone().unwrap_or_else(|| format!("Insert a {name}"))
                            class="flex w-full items-center gap-2 rounded px-1.5 py-1 text-left text-xs hover:bg-slate-100 aria-disabled:cursor-not-allowed aria-disabled:opacity-60 dark:hover:bg-slate-800"
                            on:click=move |_| on_cmd.run(Cmd::Insert(name))>
                            <svg class="shrink-0" viewBox="0 0 24 24" width="16" height="16" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" inner_html=svg></svg>
                            <span class="font-medium">{name}</span>
                            <span class="truncate text-slate-600 dark:text-slate-400">{one_line(c.doc)}</span>
                        </button>
                    </li>
                }
            }).collect::<Vec<_>>()
        }
    };
    view! {
        <section aria-labelledby="ws-palette-title" class="space-y-1" data-testid="palette">
            <h2 id="ws-palette-title" class="text-sm font-semibold">"Insert"</h2>
            <p id="ws-palette-keys" class="sr-only">"Arrow keys, Home and End move through the components; Enter inserts one."</p>
            <ul class="max-h-64 overflow-auto rounded-md border border-slate-300 p-1 dark:border-slate-700" aria-describedby="ws-palette-keys" on:keydown=keys>{buttons}</ul>
        </section>
    }
}

/// `a` or `an` before a component's name (an Image, an Icon; a Row).
fn article(name: &str) -> &'static str {
    if name.starts_with(['A', 'E', 'I', 'O', 'U']) {
        "an"
    } else {
        "a"
    }
}

/// Why a paste on a component inside a `.map` or a condition (`name`, which holds no
/// children) changes nothing: nothing goes beside it from the outline, and nothing into it.
pub fn paste_in_expression(name: &str) -> String {
    format!(
        "Not pasted: this {name} is part of an expression (a .map or a condition), not a child of an element, so nothing goes beside it; and {} {name} holds no children. Paste on a component outside the expression, or write the new one into the expression in the code.",
        article(name)
    )
}

/// What a visual edit did, for the live region (screen readers hear each move), named from
/// `source`, the text before the edit.
pub fn done(source: &str, change: &Change) -> String {
    let name = |at: &At| {
        widget::edit::node_info(source, *at)
            .map(|i| i.name)
            .unwrap_or_default()
    };
    match change {
        Change::SetProp {
            node, name: prop, ..
        } => format!("Set {prop} on {}.", name(node)),
        Change::RemoveProp { node, name: prop } => format!("Removed {prop} from {}.", name(node)),
        Change::Insert {
            parent,
            child: NewChild::Component(c),
            ..
        } => {
            format!("Inserted {} {c} into {}.", article(c), name(parent))
        }
        Change::Insert {
            parent,
            child: NewChild::Jsx(jsx),
            ..
        } => {
            // The pasted element's name, read from its JSX (`<Caption value="…" />`).
            let pasted = widget::edit::outline(jsx)
                .ok()
                .and_then(|items| items.first().and_then(|i| i.name().map(str::to_string)));
            match pasted {
                Some(c) => format!("Pasted {} {c} into {}.", article(&c), name(parent)),
                None => format!("Pasted into {}.", name(parent)),
            }
        }
        Change::Move {
            node,
            parent,
            index,
        } => {
            format!(
                "Moved {} into {}, position {}.",
                name(node),
                name(parent),
                index + 1
            )
        }
        Change::Delete { node } => format!("Deleted {}.", name(node)),
        Change::Duplicate { node } => format!("Duplicated {}.", name(node)),
        Change::Wrap { node, wrapper } => {
            format!("Wrapped {} in a {}.", name(node), wrapper.name())
        }
        Change::Unwrap { node } => format!("Unwrapped {}.", name(node)),
    }
}

/// What using an asset at `at` does: an Image gets it as its `src`; anything else gets a new
/// Image showing it, inside if it may hold one, else after it.
pub fn asset_change(
    items: &[Item],
    at: Option<At>,
    reference: &str,
    alt: &str,
    pixels: Option<(u32, u32)>,
) -> Result<Change, String> {
    let Some(at) = at else {
        return Err("Select where the image goes first (a component in the preview, the outline or the code); the asset is uploaded and listed in the Assets panel.".into());
    };
    let item = items
        .iter()
        .find(|it| it.at() == Some(at))
        .ok_or("Select the component again; the code changed under it.")?;
    if item.name() == Some("Image") {
        return Ok(Change::SetProp {
            node: at,
            name: "src".into(),
            value: PropValue::Str(reference.to_string()),
            position: None,
        });
    }
    let (parent, index) = insert_place(items, at, "Image")?;
    let alt = widget::asset::alt_from_name(alt);
    Ok(Change::Insert {
        parent,
        index,
        child: NewChild::Jsx(format!(
            "<Image src=\"{reference}\" alt=\"{alt}\" {} />",
            image_size(pixels)
        )),
    })
}

/// A new Image's size: 64 pixels high, as wide as the image's shape makes it (a 2:1 logo is
/// not cropped to a square), between 16 and 480; a square, or unknown, image is 64 square.
fn image_size(pixels: Option<(u32, u32)>) -> String {
    match pixels {
        Some((w, h)) if w > 0 && h > 0 && w != h => {
            let width = (64.0 * f64::from(w) / f64::from(h))
                .round()
                .clamp(16.0, 480.0);
            format!("width={{{width}}} height={{64}}")
        }
        _ => "size={64}".to_string(),
    }
}

/// The JSX a new component gets.
pub fn new_child(component: &str) -> NewChild {
    NewChild::Component(component.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const VIEW: &str = "<Card>\n  <Title value=\"Hi\" />\n  <Row gap={2}>\n    <Text value=\"a\" />\n  </Row>\n  <Text value=\"b\" />\n</Card>";

    fn items() -> Vec<Item> {
        widget::edit::outline(VIEW).unwrap()
    }

    fn apply(change: &Change) -> String {
        widget::edit::apply(VIEW, change).unwrap().apply(VIEW)
    }

    #[test]
    fn alt_arrows_move_among_siblings_out_and_in() {
        let it = items();
        // rows: 0 Card, 1 Title, 2 Row, 3 Text a, 4 Text b
        let down = apply(&key_change(&it, 1, "down").unwrap());
        assert!(
            down.find("<Row").unwrap() < down.find("<Title").unwrap(),
            "{down}"
        );
        let up = apply(&key_change(&it, 4, "up").unwrap());
        assert!(
            up.find("value=\"b\"").unwrap() < up.find("<Row").unwrap(),
            "{up}"
        );
        let out = apply(&key_change(&it, 3, "out").unwrap());
        // The Row, left empty, closes itself; the Text follows it.
        assert!(
            out.find("<Row gap={2} />").unwrap() < out.find("value=\"a\"").unwrap(),
            "{out}"
        );
        let into = apply(&key_change(&it, 4, "in").unwrap());
        assert!(
            into.find("value=\"b\"").unwrap() < into.find("</Row>").unwrap(),
            "{into}"
        );
        assert!(
            key_change(&it, 1, "up")
                .unwrap_err()
                .contains("already first")
        );
        assert!(key_change(&it, 0, "down").unwrap_err().contains("root"));
        assert!(
            key_change(&it, 1, "in")
                .unwrap_err()
                .contains("no component before")
        );
    }

    #[test]
    fn alt_up_and_down_step_over_one_loop_or_condition_at_a_time() {
        let view = "<Card>\n  <Button label=\"Buy\" />\n  {items.map((i) => <Text key={i} value={i} />)}\n  {done && <Badge label=\"Done\" />}\n  <Row />\n</Card>";
        let it = widget::edit::outline(view).unwrap();
        let row = |name: &str| it.iter().position(|i| i.name() == Some(name)).unwrap();
        let run = |row: usize, key: &str| {
            widget::edit::apply(view, &key_change(&it, row, key).unwrap())
                .unwrap()
                .apply(view)
        };
        // The Row goes up past the condition only: between the loop and the condition.
        let up = run(row("Row"), "up");
        let (map, cond, r) = (
            up.find(".map").unwrap(),
            up.find("done &&").unwrap(),
            up.find("<Row").unwrap(),
        );
        assert!(map < r && r < cond, "{up}");
        // The Button goes down past the loop only.
        let down = run(row("Button"), "down");
        let (map, cond, b) = (
            down.find(".map").unwrap(),
            down.find("done &&").unwrap(),
            down.find("<Button").unwrap(),
        );
        assert!(map < b && b < cond, "{down}");
    }

    #[test]
    fn drops_go_only_where_the_rules_allow() {
        let it = items();
        // rows: 0 Card, 1 Title, 2 Row, 3 Text a, 4 Text b
        let title = it[1].at().unwrap();
        let b = it[4].at().unwrap();
        // The Title into the Row: after its Text.
        let into = apply(&drop_change(&it, Drag::Node(title), 2, Zone::Inside).unwrap());
        assert!(
            into.find("value=\"a\"").unwrap() < into.find("<Title").unwrap()
                && into.find("<Title").unwrap() < into.find("</Row>").unwrap(),
            "{into}"
        );
        // Text b before the Title (same parent, moving up), and the Title after Text b (down).
        let up = apply(&drop_change(&it, Drag::Node(b), 1, Zone::Before).unwrap());
        assert!(
            up.find("value=\"b\"").unwrap() < up.find("<Title").unwrap(),
            "{up}"
        );
        let down = apply(&drop_change(&it, Drag::Node(title), 4, Zone::After).unwrap());
        assert!(
            down.find("value=\"b\"").unwrap() < down.find("<Title").unwrap(),
            "{down}"
        );
        // Not into a Title (it holds nothing), not into itself, not where it already is, not
        // beside the root; a Card from the palette goes nowhere inside.
        assert!(drop_change(&it, Drag::Node(b), 1, Zone::Inside).is_err());
        assert!(
            drop_change(&it, Drag::Node(it[2].at().unwrap()), 3, Zone::After)
                .unwrap_err()
                .contains("inside itself")
        );
        assert!(
            drop_change(&it, Drag::Node(title), 2, Zone::Before)
                .unwrap_err()
                .contains("already there")
        );
        assert!(drop_change(&it, Drag::Node(title), 0, Zone::Before).is_err());
        assert!(drop_change(&it, Drag::Component("Card"), 2, Zone::Inside).is_err());
        let button = apply(&drop_change(&it, Drag::Component("Button"), 2, Zone::Inside).unwrap());
        assert!(
            button.find("<Button").unwrap() < button.find("</Row>").unwrap(),
            "{button}"
        );
    }

    #[test]
    fn into_the_end_goes_after_trailing_loops_and_the_one_child_rule_counts_expressions() {
        let v = "<Card>\n  <Row>\n    {rows.map((r) => <Text value={r} />)}\n  </Row>\n  <Transition>\n    {on && <Text value=\"x\" />}\n  </Transition>\n</Card>";
        let it = widget::edit::outline(v).unwrap();
        let row = it
            .iter()
            .find(|i| i.name() == Some("Row"))
            .and_then(Item::at)
            .unwrap();
        assert_eq!(insert_place(&it, row, "Button"), Ok((row, 1)));
        let t = it
            .iter()
            .position(|i| i.name() == Some("Transition"))
            .unwrap();
        assert!(drop_change(&it, Drag::Component("Button"), t, Zone::Inside).is_err());
    }

    #[test]
    fn a_choice_of_shapes_is_edited_with_the_one_that_holds_the_fields() {
        let card = spec::component("Card").unwrap();
        let status = &card.props().find(|p| p.name == "status").unwrap().ty;
        let with = |keys: &[&str]| {
            let w: Vec<(String, String)> = keys
                .iter()
                .map(|k| (k.to_string(), "\"x\"".into()))
                .collect();
            editable_shape_for(status, &w)
                .map(|s| s.fields.iter().map(|f| f.name).collect::<Vec<_>>())
        };
        assert!(with(&["text", "favicon"]).unwrap().contains(&"favicon"));
        assert!(with(&["text", "icon"]).unwrap().contains(&"icon"));
        assert!(with(&["text"]).unwrap().contains(&"favicon"));
        assert_eq!(with(&["text", "nope"]), None);
        // A colour may be a light/dark pair, but it is not a choice of objects.
        let badge = spec::component("Badge").unwrap();
        let color = &badge.props().find(|p| p.name == "color").unwrap().ty;
        assert!(editable_shape_for(color, &[]).is_none());
    }

    #[test]
    fn an_asset_sets_an_images_src_or_brings_a_new_image() {
        let reference = format!("asset:{}", "ab".repeat(32));
        let view = "<Card>\n  <Image src=\"https://x/a.png\" />\n  <Row>\n    <Text value=\"a\" />\n  </Row>\n</Card>";
        let items = widget::edit::outline(view).unwrap();
        let at = |name: &str| {
            items
                .iter()
                .find(|i| i.name() == Some(name))
                .and_then(Item::at)
        };
        let c = asset_change(&items, at("Image"), &reference, "logo.png", None).unwrap();
        let edit = widget::edit::apply(view, &c).unwrap();
        let out = edit.apply(view);
        assert_eq!(
            out.lines().nth(1).unwrap(),
            format!("  <Image src=\"{reference}\" />")
        );
        // Into a Row (it may hold an Image): at its end, with an alt text from the name.
        let c = asset_change(&items, at("Row"), &reference, "team-photo.png", None).unwrap();
        let out = widget::edit::apply(view, &c).unwrap().apply(view);
        assert!(
            out.contains(&format!(
                "    <Image src=\"{reference}\" alt=\"team photo\" size={{64}} />\n  </Row>"
            )),
            "{out}"
        );
        // A Text holds nothing: after it.
        let c = asset_change(&items, at("Text"), &reference, "x.png", Some((64, 32))).unwrap();
        let out = widget::edit::apply(view, &c).unwrap().apply(view);
        assert!(
            out.contains("<Text value=\"a\" />\n    <Image src="),
            "{out}"
        );
        // A 2:1 image keeps its shape; a square or unknown one is 64 square; a very wide one
        // is kept within reason.
        assert!(
            out.contains("alt=\"x\" width={128} height={64} />"),
            "{out}"
        );
        assert_eq!(image_size(Some((40, 40))), "size={64}");
        assert_eq!(image_size(None), "size={64}");
        assert_eq!(image_size(Some((3, 4))), "width={48} height={64}");
        assert_eq!(image_size(Some((10_000, 10))), "width={480} height={64}");
        assert_eq!(image_size(Some((1, 1000))), "width={16} height={64}");
        assert!(asset_change(&items, None, &reference, "x.png", None).is_err());
    }

    #[test]
    fn the_palette_inserts_into_a_container_or_after_a_leaf() {
        let it = items();
        let card = it[0].at().unwrap();
        let title = it[1].at().unwrap();
        assert_eq!(insert_place(&it, card, "Button"), Ok((card, 3)));
        assert_eq!(insert_place(&it, title, "Button"), Ok((card, 1)));
        assert!(insert_place(&it, title, "Card").is_err());
        assert!(insert_place(&it, title, "ListViewItem").is_err());
    }

    #[test]
    fn entries_become_values_by_the_props_type() {
        assert_eq!(text_value("12", &Ty::Float), Some(PropValue::Num(12.0)));
        assert_eq!(
            text_value("{size}", &Ty::Float),
            Some(PropValue::Expr("size".into()))
        );
        assert_eq!(text_value("  ", &Ty::Str), None);
        assert_eq!(
            text_value("12", &Ty::Str),
            Some(PropValue::Str("12".into()))
        );
        assert_eq!(control_of(&spec::COLOR), Control::Text);
        assert_eq!(shown(&Written::Expr("a.b".into())), "{a.b}");
    }

    #[test]
    fn the_highlight_names_every_drawing_of_the_element() {
        let design = widget::Design::jsx(
            "t",
            "<Card>{[1,2].map((i) => <Text value={`${i}`} />)}</Card>",
            serde_json::json!({}),
        );
        let data = crate::api::preview::preview_design(&design);
        let at = design.source.find("<Text").unwrap();
        let css = highlight_css(&data, Some(At(at)));
        assert!(css.contains("[data-wgt-path=\"children[0]\"]"), "{css}");
        assert!(css.contains("[data-wgt-path=\"children[1]\"]"), "{css}");
        assert_eq!(drawn_counts(&data, "default").get(at), 2);
        assert_eq!(drawn_counts(&data, "default").get(at + 1), 0);
        assert_eq!(css_string("a\"b<"), "a\\\"b\\3c ");
    }
}
