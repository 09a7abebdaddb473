//! Visual editing beside the code: the outline, the inspector and the palette.
//!
//! Nothing here edits text itself. Each panel sends a [`Cmd`]; the editor's browser half turns
//! it into a `widget::edit` change, applies the change's text edits to the code editor as one
//! transaction (so one undo history covers code and visual edits), and selects the node the
//! change produced. What is selected is read back from the code editor's selection: the
//! innermost element around it. So the code, the outline, the inspector and the preview's
//! highlight follow one selection, whoever moved it.

use std::collections::BTreeMap;
use std::sync::Arc;

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
    /// Insert the clipboard's JSX after the element (or into it, for the root).
    Paste(At),
    /// Insert a component where the selection allows: into the selected element if it may
    /// hold it, else after it.
    Insert(&'static str),
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
                format!("The view does not parse, so the outline and the inspector are read-only until it does: {e}")
            })
        };
        OutlineState {
            source: source.into(),
            items,
        }
    }
}

/// The signals the panels share.
#[derive(Clone, Copy)]
pub struct VisualSignals {
    pub outline: RwSignal<OutlineState>,
    /// The selected element, in the outline's text.
    pub selected: RwSignal<Option<At>>,
    /// What the last visual edit did, or why it was refused: announced politely.
    pub message: RwSignal<String>,
}

impl VisualSignals {
    pub fn new(source: &str, jsx: bool) -> VisualSignals {
        VisualSignals {
            outline: RwSignal::new(OutlineState::read(source, jsx)),
            selected: RwSignal::new(None),
            message: RwSignal::new(String::new()),
        }
    }
}

/// How many components each element drew in a state (a `.map` row counts once per row).
pub fn drawn_counts(data: &PreviewData, state: &str) -> BTreeMap<usize, usize> {
    let mut out = BTreeMap::new();
    let s = data
        .states
        .iter()
        .find(|s| s.name == state)
        .or_else(|| data.states.first());
    if let Some(s) = s {
        for at in s.nodes.values() {
            *out.entry(*at as usize).or_insert(0) += 1;
        }
    }
    out
}

/// The preview's highlight of the selected element: a CSS rule for every component it drew
/// (all rows of a `.map`), in every state.
pub fn highlight_css(data: &PreviewData, selected: Option<At>) -> String {
    let Some(at) = selected else {
        return String::new();
    };
    let mut selectors: Vec<String> = Vec::new();
    for s in &data.states {
        for (path, start) in &s.nodes {
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
    let kids = items
        .iter()
        .filter(|c| c.parent == Some(i) && matches!(c.kind, ItemKind::Element { .. }))
        .count();
    let into = widget::edit::may_add(Some(name), component, kids);
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
            .filter(|c| matches!(c.slot, Some((p, _)) if p == parent))
            .count();
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
/// one past the highest slot index among its rows, or 0.
fn children_slots(items: &[Item], i: usize) -> usize {
    let at = items[i].at();
    items
        .iter()
        .filter_map(|c| c.slot.filter(|(p, _)| Some(*p) == at).map(|(_, k)| k + 1))
        .max()
        .unwrap_or(0)
}

/// The element rows that share `row`'s children list, in order (for reordering).
fn siblings(items: &[Item], row: usize) -> Vec<usize> {
    let Some((parent, _)) = items[row].slot else {
        return Vec::new();
    };
    (0..items.len())
        .filter(|&k| matches!(items[k].slot, Some((p, _)) if p == parent))
        .collect()
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
    match key {
        "up" => {
            let Some(&prev) = me.checked_sub(1).and_then(|m| sibs.get(m)) else {
                return Err(format!("{name} is already first."));
            };
            let (_, to) = items[prev].slot.unwrap_or((parent, 0));
            Ok(Change::Move {
                node,
                parent,
                index: to,
            })
        }
        "down" => {
            let Some(&next) = sibs.get(me + 1) else {
                return Err(format!("{name} is already last."));
            };
            let (_, to) = items[next].slot.unwrap_or((parent, 0));
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
/// before it); Ctrl/Cmd+C, X, V and D copy, cut, paste and duplicate.
#[component]
pub fn OutlinePanel(
    v: VisualSignals,
    data: ReadSignal<PreviewData>,
    current_state: RwSignal<String>,
    on_cmd: Callback<Cmd>,
) -> impl IntoView {
    let tree = NodeRef::<leptos::html::Ul>::new();
    // Keyboard focus: a row index (a loop's line can have focus without a selection).
    let focus_row = RwSignal::new(None::<usize>);
    let typed = StoredValue::new((String::new(), 0.0f64));
    // The selection moved (a click in the preview or the code): the focus row follows.
    Effect::new(move |_| {
        let sel = v.selected.get();
        let row = v.outline.with_untracked(|o| {
            o.items
                .as_ref()
                .ok()
                .and_then(|items| items.iter().position(|i| i.at().is_some() && i.at() == sel))
        });
        if row.is_some() {
            focus_row.set(row);
        }
    });
    // Keep the focused row focused when the list is drawn again (after an edit).
    Effect::new(move |_| {
        let row = focus_row.get();
        v.outline.track();
        let Some(tree) = tree.get_untracked() else {
            return;
        };
        let has_focus = document()
            .active_element()
            .is_some_and(|a| tree.contains(Some(&a)));
        if let (true, Some(row)) = (has_focus, row)
            && let Ok(Some(el)) = tree.query_selector(&format!("[data-row=\"{row}\"]"))
        {
            use leptos::wasm_bindgen::JsCast;
            if let Ok(el) = el.dyn_into::<leptos::web_sys::HtmlElement>() {
                let _ = el.focus();
            }
        }
    });
    let go = move |row: usize| {
        focus_row.set(Some(row));
        if let Some(at) = v.outline.with_untracked(|o| {
            o.items
                .as_ref()
                .ok()
                .and_then(|i| i.get(row).and_then(Item::at))
        }) {
            on_cmd.run(Cmd::Select(at));
        }
        if let Some(tree) = tree.get_untracked()
            && let Ok(Some(el)) = tree.query_selector(&format!("[data-row=\"{row}\"]"))
        {
            use leptos::wasm_bindgen::JsCast;
            if let Ok(el) = el.dyn_into::<leptos::web_sys::HtmlElement>() {
                let _ = el.focus();
            }
        }
    };
    let keydown = move |ev: leptos::ev::KeyboardEvent| {
        let Some(items) = v.outline.with_untracked(|o| o.items.clone().ok()) else {
            return;
        };
        if items.is_empty() {
            return;
        }
        let row = focus_row.get_untracked().unwrap_or(0).min(items.len() - 1);
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
        } else if modk {
            let at = items[row].at();
            match (key.to_ascii_lowercase().as_str(), at) {
                ("c", Some(at)) => on_cmd.run(Cmd::Copy(at)),
                ("x", Some(at)) => on_cmd.run(Cmd::Cut(at)),
                ("v", Some(at)) => on_cmd.run(Cmd::Paste(at)),
                ("d", Some(at)) => on_cmd.run(Cmd::Apply(Change::Duplicate { node: at })),
                _ => handled = false,
            }
        } else {
            match key.as_str() {
                "ArrowDown" => go((row + 1).min(items.len() - 1)),
                "ArrowUp" => go(row.saturating_sub(1)),
                "Home" => go(0),
                "End" => go(items.len() - 1),
                "ArrowRight" => {
                    if let Some(k) = (row + 1..items.len()).find(|&k| items[k].parent == Some(row)) {
                        go(k);
                    }
                }
                "ArrowLeft" => {
                    if let Some(p) = items[row].parent {
                        go(p);
                    }
                }
                "Delete" | "Backspace" => match items[row].at() {
                    Some(node) => on_cmd.run(Cmd::Apply(Change::Delete { node })),
                    None => v.message.set("Only a component can be deleted here; delete a loop or condition in the code.".into()),
                },
                k if k.chars().count() == 1 && !k.trim().is_empty() => {
                    // Type-ahead: the next line whose label starts with what was typed.
                    let now = ev.time_stamp();
                    let prefix = typed.with_value(|(s, t)| if now - t < 700.0 { format!("{s}{k}") } else { k.to_string() });
                    typed.set_value((prefix.clone(), now));
                    let prefix = prefix.to_lowercase();
                    let start = if prefix.chars().count() == 1 { row + 1 } else { row };
                    if let Some(k) = (0..items.len())
                        .map(|d| (start + d) % items.len())
                        .find(|&k| items[k].label.to_lowercase().starts_with(&prefix))
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
    let rows = move || {
        let sel = v.selected.get();
        let counts = data.with(|d| drawn_counts(d, &current_state.get()));
        let focus = focus_row.get();
        v.outline.with(|o| match &o.items {
            Err(why) => view! { <li role="none" class="text-xs text-slate-600 dark:text-slate-400" data-testid="outline-readonly">{why.clone()}</li> }.into_any(),
            Ok(items) => {
                let tab_row = focus.filter(|r| *r < items.len()).unwrap_or(0);
                items.iter().enumerate().map(|(row, it)| {
                    let level = it.depth + 1;
                    let has_kids = items.get(row + 1).is_some_and(|n| n.parent == Some(row));
                    let selected = it.at().is_some() && it.at() == sel;
                    let (label, note, greyed) = match &it.kind {
                        ItemKind::Element { at, .. } => {
                            let n = counts.get(&at.0).copied().unwrap_or(0);
                            let note = match n {
                                0 => " · not drawn in this state".to_string(),
                                1 => String::new(),
                                n => format!(" · ×{n}"),
                            };
                            (it.label.clone(), note, n == 0)
                        }
                        ItemKind::Loop => (format!("↻ {}", it.label), String::new(), false),
                        ItemKind::Condition => (format!("? {}", it.label), String::new(), false),
                        ItemKind::Expression => (it.label.clone(), String::new(), false),
                        ItemKind::Text => (format!("“{}”", it.label), String::new(), false),
                    };
                    let at = it.at();
                    let kind = match it.kind { ItemKind::Element { .. } => "element", ItemKind::Loop => "loop", ItemKind::Condition => "condition", ItemKind::Expression => "expression", ItemKind::Text => "text" };
                    let class = format!(
                        "cursor-default truncate rounded px-1 py-0.5 font-mono text-xs focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-600{}{}",
                        if selected { " bg-sky-100 dark:bg-sky-900" } else { "" },
                        if greyed { " text-slate-500 dark:text-slate-400" } else { "" },
                    );
                    view! {
                        <li role="treeitem" attr:aria-level=level.to_string() aria-selected=selected.to_string()
                            aria-expanded=has_kids.then_some("true") tabindex=if row == tab_row { "0" } else { "-1" }
                            data-row=row.to_string() data-testid="outline-item" data-kind=kind data-greyed=greyed.to_string()
                            class=class style=format!("padding-left:{}rem", 0.25 + it.depth as f32 * 0.9)
                            on:click=move |_| {
                                focus_row.set(Some(row));
                                if let Some(at) = at { on_cmd.run(Cmd::Select(at)); }
                            }>
                            {label}<span class="text-slate-600 dark:text-slate-400">{note}</span>
                        </li>
                    }.into_any()
                }).collect::<Vec<_>>().into_any()
            }
        })
    };
    view! {
        <section aria-labelledby="ws-outline-title" class="space-y-1" data-testid="outline">
            <h2 id="ws-outline-title" class="text-sm font-semibold">"Outline"</h2>
            <ul role="tree" aria-labelledby="ws-outline-title" node_ref=tree on:keydown=keydown
                class="max-h-80 overflow-auto rounded-md border border-slate-300 p-1 dark:border-slate-700">
                {rows}
            </ul>
            <p class="text-xs text-slate-600 dark:text-slate-400">"Alt+arrows move a component; Delete deletes; Ctrl+C, X, V, D copy, cut, paste, duplicate."</p>
        </section>
    }
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

/// The inspector: the selected component's props from the spec, in the spec's groups. A prop
/// bound to an expression shows it, editable as code; each change is one undo step.
#[component]
pub fn InspectorPanel(
    v: VisualSignals,
    problems: ReadSignal<Vec<SourceProblem>>,
    on_cmd: Callback<Cmd>,
) -> impl IntoView {
    let body = move || {
        let (source, readonly) = v
            .outline
            .with(|o| (o.source.clone(), o.items.as_ref().err().cloned()));
        if let Some(why) = readonly {
            return view! { <p class="text-xs text-slate-600 dark:text-slate-400" data-testid="inspector-readonly">{why}</p> }.into_any();
        }
        let Some(at) = v.selected.get() else {
            return view! { <p class="text-xs text-slate-600 dark:text-slate-400" data-testid="inspector-empty">"Select a component in the preview, the outline or the code."</p> }.into_any();
        };
        let Ok(written) = widget::edit::props(&source, at) else {
            return view! { <p class="text-xs">"The selection moved; select a component again."</p> }.into_any();
        };
        let name = v
            .outline
            .with(|o| {
                o.items.as_ref().ok().and_then(|i| {
                    i.iter()
                        .find(|it| it.at() == Some(at))
                        .and_then(|it| it.name().map(str::to_string))
                })
            })
            .unwrap_or_default();
        let Some(comp) = spec::component(&name) else {
            return view! { <p class="text-xs">{format!("{name} is not a ChatKit component; it has no props to inspect.")}</p> }.into_any();
        };
        let probs = problems.get();
        let groups = comp.groups().into_iter().map(|(group, props)| {
            let fields = props.into_iter().map(|p| {
                let w = written.iter().find(|w| w.name == p.name).cloned();
                let id = format!("ws-prop-{}", p.name);
                let pname: &'static str = p.name;
                let ty: &'static Ty = &p.ty;
                let msg = w.as_ref().and_then(|w| probs.iter().find(|q| (q.span.start as usize) >= w.range.start && (q.span.end as usize) <= w.range.end.max(q.span.start as usize)).map(|q| q.message.clone()));
                let set = move |value: Option<PropValue>| {
                    on_cmd.run(Cmd::Apply(match value {
                        Some(value) => Change::SetProp { node: at, name: pname.to_string(), value, position: None },
                        None => Change::RemoveProp { node: at, name: pname.to_string() },
                    }));
                };
                let is_expr = matches!(w.as_ref().map(|w| &w.value), Some(Written::Expr(_)));
                let control = if is_expr { Control::Code } else { control_of(ty) };
                let input_class = "w-full rounded border border-slate-300 bg-white px-1.5 py-0.5 text-xs dark:border-slate-700 dark:bg-slate-900";
                let field = match control {
                    Control::Choice(values) => {
                        let current = match w.as_ref().map(|w| &w.value) { Some(Written::Str(s) | Written::StrExpr(s)) => s.clone(), _ => String::new() };
                        let had = w.is_some();
                        view! {
                            <select id=id.clone() class=input_class data-testid=format!("prop-{pname}")
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
                        let value = w.as_ref().map(|w| shown(&w.value)).unwrap_or_default();
                        let code = control == Control::Code;
                        let list = matches!(ty, Ty::Union(_)).then(|| format!("ws-tokens-{pname}"));
                        view! {
                            <input id=id.clone() type="text" value=value.clone() data-testid=format!("prop-{pname}") spellcheck="false"
                                class=input_class class=("font-mono", code) list=list.clone()
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
                            {list.map(|id| view! { <datalist id=id>{token_options(pname).into_iter().map(|t| view! { <option value=t></option> }).collect::<Vec<_>>()}</datalist> })}
                        }.into_any()
                    }
                };
                view! {
                    <div class="grid grid-cols-[8rem_1fr] items-center gap-x-2 gap-y-0.5">
                        <label for=id class="truncate text-xs" title=p.doc>{pname}</label>
                        <div>{field}</div>
                        {msg.map(|m| view! { <p class="col-span-2 text-xs text-red-700 dark:text-red-400" data-testid="prop-problem">{m}</p> })}
                    </div>
                }
            }).collect::<Vec<_>>();
            let title = if group.is_empty() { name.clone() } else { group.to_string() };
            view! {
                <fieldset class="space-y-1 rounded-md border border-slate-300 p-2 dark:border-slate-700">
                    <legend class="px-1 text-xs font-semibold">{title}</legend>
                    {fields}
                </fieldset>
            }
        }).collect::<Vec<_>>();
        let wraps = Wrapper::ALL.into_iter().map(|w| view! {
            <button type="button" class="rounded border border-slate-300 px-1.5 py-0.5 text-xs dark:border-slate-700" data-testid=format!("wrap-{}", w.name())
                on:click=move |_| on_cmd.run(Cmd::Apply(Change::Wrap { node: at, wrapper: w }))>{format!("Wrap in {}", w.name())}</button>
        }).collect::<Vec<_>>();
        view! {
            <div class="space-y-2" data-testid="inspector-node" data-component=name.clone()>
                <p class="text-sm font-medium">{name.clone()}</p>
                <div class="flex flex-wrap gap-1">
                    {wraps}
                    <button type="button" class="rounded border border-slate-300 px-1.5 py-0.5 text-xs dark:border-slate-700" data-testid="unwrap"
                        on:click=move |_| on_cmd.run(Cmd::Apply(Change::Unwrap { node: at }))>"Unwrap"</button>
                </div>
                {groups}
            </div>
        }.into_any()
    };
    view! {
        <section aria-labelledby="ws-inspector-title" class="space-y-1" data-testid="inspector">
            <h2 id="ws-inspector-title" class="text-sm font-semibold">"Inspector"</h2>
            {body}
        </section>
    }
}

/// Suggestions for a prop that takes tokens: colours (the palette's names), spacing and sizes.
fn token_options(prop: &str) -> Vec<&'static str> {
    match prop {
        "color" | "background" | "iconColor" => vec![
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
        "gap" | "padding" | "margin" => vec!["0", "1", "2", "3", "4", "6", "8", "12", "16"],
        "radius" => vec![
            "none", "2xs", "xs", "sm", "md", "lg", "xl", "2xl", "3xl", "4xl", "full",
        ],
        _ => Vec::new(),
    }
}

/// The palette: every component with its glyph and one line from the spec. Only those the
/// selection may take (into it, or after it) are enabled; Enter or a click inserts one with
/// sensible defaults.
#[component]
pub fn PalettePanel(v: VisualSignals, on_cmd: Callback<Cmd>) -> impl IntoView {
    let buttons = move || {
        let sel = v.selected.get();
        v.outline.with(|o| {
            spec::COMPONENTS.iter().map(|c| {
                let name: &'static str = c.name;
                let why = match (&o.items, sel) {
                    (Err(e), _) => Some(e.clone()),
                    (Ok(_), None) => Some("Select a component first.".to_string()),
                    (Ok(items), Some(at)) => insert_place(items, at, name).err(),
                };
                let enabled = why.is_none();
                let svg = glyph_of(name);
                view! {
                    <li>
                        <button type="button" data-testid=format!("palette-{name}") aria-disabled=(!enabled).to_string()
                            title=why.clone().unwrap_or_else(|| format!("Insert a {name}"))
                            class="flex w-full items-center gap-2 rounded px-1.5 py-1 text-left text-xs hover:bg-slate-100 aria-disabled:cursor-not-allowed aria-disabled:opacity-60 dark:hover:bg-slate-800"
                            on:click=move |_| if enabled { on_cmd.run(Cmd::Insert(name)) } else if let Some(w) = why.clone() { v.message.set(w) }>
                            <svg viewBox="0 0 24 24" width="16" height="16" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" inner_html=svg></svg>
                            <span class="font-medium">{name}</span>
                            <span class="truncate text-slate-600 dark:text-slate-400">{one_line(c.doc)}</span>
                        </button>
                    </li>
                }
            }).collect::<Vec<_>>()
        })
    };
    view! {
        <section aria-labelledby="ws-palette-title" class="space-y-1" data-testid="palette">
            <h2 id="ws-palette-title" class="text-sm font-semibold">"Insert"</h2>
            <ul class="max-h-64 overflow-auto rounded-md border border-slate-300 p-1 dark:border-slate-700">{buttons}</ul>
        </section>
    }
}

/// What a visual edit did, for the live region (screen readers hear each move).
pub fn done(change: &Change) -> String {
    match change {
        Change::SetProp { name, .. } => format!("Set {name}."),
        Change::RemoveProp { name, .. } => format!("Removed {name}."),
        Change::Insert {
            child: NewChild::Component(c),
            ..
        } => format!("Inserted a {c}."),
        Change::Insert { .. } => "Pasted the component.".into(),
        Change::Move { index, .. } => format!("Moved to position {}.", index + 1),
        Change::Delete { .. } => "Deleted the component.".into(),
        Change::Duplicate { .. } => "Duplicated the component.".into(),
        Change::Wrap { wrapper, .. } => format!("Wrapped in a {}.", wrapper.name()),
        Change::Unwrap { .. } => "Unwrapped.".into(),
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
        assert_eq!(drawn_counts(&data, "default").get(&at), Some(&2));
        assert_eq!(css_string("a\"b<"), "a\\\"b\\3c ");
    }
}
