//! Visual edits (`widget::edit`) over every corpus view and every gallery design: every edit
//! re-parses, its inverse restores the bytes, a prop change is one diff hunk, the source map
//! of the new source shows the change, and the placement rules refuse what they should. Then
//! focused cases (indentation, comments, self-closing elements, multi-byte text, escaping)
//! and seeded random sequences of edits (what the fuzz target does, deterministically).

mod common;

use std::path::Path;

use serde_json::Value;
use widget::design::{Design, DesignKind};
use widget::diff::{LineOp, line_diff};
use widget::edit::{
    self, At, Change, Edit, EditError, NewChild, PropValue, Refusal, Wrapper, apply,
};
use widget::spec;
use widget::template::{self, parser::parse_view};

/// Every JSX view of the corpus and the gallery: (name, source, default state).
fn views() -> Vec<(String, String, Value)> {
    let mut out = Vec::new();
    for (name, bytes) in common::corpus_files() {
        let d = Design::from_widget_file(&bytes).unwrap();
        if d.kind == DesignKind::Jsx {
            out.push((format!("corpus/{name}"), d.source, d.default_state));
        }
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../public/gallery");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "widget"))
        .collect();
    files.sort();
    for p in files {
        let d = Design::from_widget_file(&std::fs::read(&p).unwrap()).unwrap();
        if d.kind == DesignKind::Jsx {
            let name = p.file_stem().unwrap().to_string_lossy().into_owned();
            out.push((format!("gallery/{name}"), d.source, d.default_state));
        }
    }
    assert!(out.len() >= 25, "{} views", out.len());
    out
}

/// Applies a change; when accepted, the new source must parse.
fn attempt(src: &str, change: &Change) -> Result<(Edit, String), EditError> {
    let edit = apply(src, change)?;
    check_edits(src, &edit);
    let new = edit.apply(src);
    if let Err(e) = parse_view(&new) {
        panic!("{change:?} gave a view that does not parse: {e:?}\n{new}");
    }
    Ok((edit, new))
}

/// Applies a change that must be accepted; the new source must parse.
fn must(src: &str, change: &Change) -> (Edit, String) {
    attempt(src, change).unwrap_or_else(|e| panic!("{change:?} refused: {e}\n{src}"))
}

/// The text edits are sorted, non-overlapping, inside the source and on char boundaries.
fn check_edits(src: &str, edit: &Edit) {
    let mut pos = 0;
    for e in &edit.edits {
        assert!(
            e.range.start >= pos && e.range.start <= e.range.end,
            "{edit:?}"
        );
        assert!(src.is_char_boundary(e.range.start) && src.is_char_boundary(e.range.end));
        pos = e.range.end;
    }
    assert!(pos <= src.len());
}

/// Applies the edit's inverse to the new source; returns the restored source.
fn undo(new: &str, edit: &Edit) -> String {
    let inverse = edit.inverse.as_ref().expect("an inverse");
    must(new, inverse).1
}

fn without_blanks(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// How many runs of changed lines a line diff has.
fn hunks(a: &str, b: &str) -> usize {
    let mut n = 0;
    let mut inside = false;
    for l in line_diff(a, b) {
        let changed = l.op != LineOp::Same;
        if changed && !inside {
            n += 1;
        }
        inside = changed;
    }
    n
}

fn name_at(src: &str, at: At) -> String {
    edit::node_info(src, at).unwrap().name
}

/// Is the element laid out as the inverses restore byte for byte: each child on its own line,
/// one unit deeper than the element's line, the closing tag on a line of its own at the
/// element's indentation, and every line of the element indented by whole units?
fn uniform(src: &str, at: At) -> bool {
    let info = edit::node_info(src, at).unwrap();
    let unit = edit::indent_unit(src);
    let indent_of = |pos: usize| -> (bool, String) {
        let ls = src[..pos].rfind('\n').map_or(0, |i| i + 1);
        let head = &src[ls..pos];
        (head.trim().is_empty(), head.to_string())
    };
    let (_, own) = indent_of(info.span.start);
    let own: String = own
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect();
    let want = format!("{own}{unit}");
    let kids = edit::children(src, at).unwrap();
    let kids_ok = kids
        .iter()
        .all(|c| indent_of(c.range.start) == (true, want.clone()));
    let text = &src[info.span.clone()];
    let lines_ok = text.lines().skip(1).all(|l| {
        let ws = &l[..l.len() - l.trim_start().len()];
        l.trim().is_empty()
            || (ws.starts_with(&own) && (ws.len() - own.len()).is_multiple_of(unit.len()))
    });
    let close_ok = kids.is_empty() || {
        let close = src[..info.span.end].rfind("</").unwrap();
        indent_of(close) == (true, own.clone())
    };
    kids_ok && lines_ok && close_ok
}

#[derive(Default, Debug)]
struct Tally {
    set: usize,
    set_shown: usize,
    remove: usize,
    insert: usize,
    refused_insert: usize,
    moves: usize,
    moves_exact: usize,
    deletes: usize,
    duplicates: usize,
    wraps: usize,
    unwraps: usize,
}

const VALUES: &[fn() -> PropValue] = &[
    || PropValue::Str("Edited ✓ 日本 👋🏽".into()),
    || PropValue::Str("say \"hi\" & <bye>".into()),
    || PropValue::Num(42.0),
    || PropValue::Num(-0.25),
    || PropValue::Bool(true),
    || PropValue::Expr("item?.title ?? \"}\"".into()),
];

/// What the output holds for a value set on a prop (expressions are not checked).
fn expected_json(v: &PropValue) -> Option<Value> {
    match v {
        PropValue::Str(s) => Some(Value::from(s.clone())),
        PropValue::Num(n) => Some(serde_json::json!(n)),
        PropValue::Bool(b) => Some(Value::from(*b)),
        _ => None,
    }
}

/// Which edits a run makes (three tests, so they run side by side).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Part {
    /// Set and remove props.
    Props,
    /// Insert, refuse, duplicate, delete, unwrap.
    Children,
    /// Wrap and move.
    WrapMove,
}

#[test]
fn props_over_the_corpus_and_gallery() {
    let t = every_edit(Part::Props);
    assert!(t.set > 1000 && t.set_shown > 500 && t.remove > 500, "{t:?}");
}

#[test]
fn inserts_deletes_and_duplicates_over_the_corpus_and_gallery() {
    let t = every_edit(Part::Children);
    assert!(t.insert > 500 && t.refused_insert > 1000, "{t:?}");
    assert!(
        t.deletes > 300 && t.duplicates > 300 && t.unwraps > 5,
        "{t:?}"
    );
}

#[test]
fn wraps_and_moves_over_the_corpus_and_gallery() {
    let t = every_edit(Part::WrapMove);
    assert!(t.wraps > 500 && t.moves > 1000, "{t:?}");
    // Moving back is byte-identical wherever the layout is uniform (checked per move); the
    // few others are in the corpus's hand-indented views.
    assert!(t.moves_exact * 100 >= t.moves * 99, "{t:?}");
}

/// Every element of every view, with the edits of `part`.
fn every_edit(part: Part) -> Tally {
    let mut t = Tally::default();
    for (vname, src, state) in views() {
        let all = edit::elements(&src).unwrap();
        for (i, &at) in all.iter().enumerate() {
            let info = edit::node_info(&src, at).unwrap();
            let ctx = format!("{vname} <{}> at {}", info.name, at.0);

            if part == Part::Props {
                // Set a prop: an existing one (only its value changes) and a new one.
                let existing = existing_props(&src, at);
                let value = VALUES[i % VALUES.len()]();
                // One existing prop (a different one for each element) and a new one.
                let mut names: Vec<String> =
                    existing.iter().cycle().skip(i).take(1).cloned().collect();
                names.push("data-probe".into());
                for name in names {
                    let change = Change::SetProp {
                        node: at,
                        name: name.clone(),
                        value: value.clone(),
                        position: None,
                    };
                    let (e, new) = must(&src, &change);
                    assert_eq!(e.node, at, "{ctx}");
                    assert_eq!(undo(&new, &e), src, "{ctx}: set {name} then undo");
                    assert_eq!(hunks(&src, &new), 1, "{ctx}: set {name} is one hunk\n{new}");
                    if existing.contains(&name) {
                        // Only the value's bytes changed: the name and what precedes it stay.
                        let r = &e.edits[0].range;
                        assert!(src[..r.start].ends_with(&name), "{ctx}: {name}");
                    }
                    t.set += 1;
                    // The source map of the new source points the prop at the new attribute, and
                    // the output holds the value.
                    let built = template::build(&new, &state);
                    if let (Some(w), Some(ns)) = (
                        built.widget.as_ref(),
                        built
                            .source_map
                            .nodes
                            .iter()
                            .find(|(_, n)| n.element.start as usize == at.0),
                    ) {
                        let (path, ns) = ns;
                        if let Some(span) = ns.props.get(&name) {
                            let attr = &new[span.start as usize..span.end as usize];
                            let r = &e.edits[0];
                            let written = &new[r.range.start..r.range.start + r.insert.len()];
                            assert!(
                                written.contains(attr)
                                    || attr.contains(written.trim_start_matches('=')),
                                "{ctx}: {name} maps to {attr:?}, wrote {written:?}"
                            );
                            let json = w.to_serde();
                            let out = pointer(&json, path);
                            if let Some(want) = expected_json(&value) {
                                let got = out.get(&name).map(common::normalise);
                                assert_eq!(got, Some(common::normalise(&want)), "{ctx}: {name}");
                            }
                            t.set_shown += 1;
                        }
                    }
                }

                // Remove each existing prop; restoring it gives the bytes back.
                for name in existing
                    .iter()
                    .cycle()
                    .skip(i / 2)
                    .take(2.min(existing.len()))
                {
                    let change = Change::RemoveProp {
                        node: at,
                        name: name.clone(),
                    };
                    let (e, new) = must(&src, &change);
                    assert!(
                        !existing_props(&new, at).contains(name)
                            || existing.iter().filter(|n| *n == name).count() > 1
                    );
                    assert_eq!(hunks(&src, &new), 1, "{ctx}: remove {name} is one hunk");
                    let back = undo(&new, &e);
                    if uniform(&src, at) {
                        assert_eq!(back, src, "{ctx}: remove {name} then restore");
                    } else {
                        assert_eq!(without_blanks(&back), without_blanks(&src), "{ctx}");
                    }
                    t.remove += 1;
                }
            }

            if part == Part::Children {
                // Insert each allowed component (one per element, cycling), at the start, middle
                // and end; deleting it gives the bytes back.
                let allowed = edit::allowed_children(Some(&info.name));
                let others = count_non_comment(&src, at);
                let one_only =
                    spec::component(&info.name).is_some_and(|c| c.children == spec::Children::One);
                if !(allowed.is_empty() || one_only && others > 0) {
                    let comp = allowed[i % allowed.len()];
                    for index in [0, info.children / 2, info.children] {
                        let change = Change::Insert {
                            parent: at,
                            index,
                            child: NewChild::Component(comp.into()),
                        };
                        let (e, new) = must(&src, &change);
                        assert_eq!(name_at(&new, e.node), comp, "{ctx}");
                        assert_eq!(
                            edit::node_info(&new, e.node).unwrap().parent,
                            Some((at, index)),
                            "{ctx}"
                        );
                        let back = undo(&new, &e);
                        if info.children > 0 || src[..info.span.end].ends_with(" />") {
                            assert_eq!(back, src, "{ctx}: insert {comp} at {index} then delete");
                        } else {
                            assert_eq!(without_blanks(&back), without_blanks(&src), "{ctx}");
                        }
                        t.insert += 1;
                    }
                }
                // Every component the rules refuse here is refused, with the placement error.
                for c in spec::COMPONENTS.iter().skip(i % 4).step_by(4) {
                    if allowed.contains(&c.name) {
                        continue;
                    }
                    let change = Change::Insert {
                        parent: at,
                        index: 0,
                        child: NewChild::Component(c.name.into()),
                    };
                    match apply(&src, &change) {
                        Err(EditError::Placement(r)) => {
                            assert!(r.to_string().contains(c.name), "{ctx}: {r}");
                        }
                        other => panic!("{ctx}: {} was not refused: {other:?}", c.name),
                    }
                    t.refused_insert += 1;
                }
            }
            if part == Part::Props {
                continue;
            }

            // Structural edits of elements in a children list.
            let Some((parent, index)) = info.parent else {
                let e = apply(&src, &Change::Delete { node: at }).unwrap_err();
                assert!(matches!(e, EditError::NotInChildren { .. }), "{ctx}: {e}");
                continue;
            };
            let pname = name_at(&src, parent);
            let p_only = spec::component(&pname).is_some_and(|c| c.children == spec::Children::One);

            if part == Part::Children {
                // Duplicate, then delete the copy.
                if !p_only {
                    let (e, new) = must(&src, &Change::Duplicate { node: at });
                    assert_eq!(
                        edit::node_text(&new, e.node).unwrap(),
                        edit::node_text(&src, at).unwrap(),
                        "{ctx}"
                    );
                    assert_eq!(undo(&new, &e), src, "{ctx}: duplicate then delete");
                    t.duplicates += 1;
                } else {
                    let e = apply(&src, &Change::Duplicate { node: at }).unwrap_err();
                    assert!(
                        matches!(e, EditError::Placement(Refusal::HoldsOne { .. })),
                        "{ctx}: {e}"
                    );
                }

                // Delete: the element is gone (the parent has one child fewer).
                if !p_only {
                    let (e, new) = must(&src, &Change::Delete { node: at });
                    assert_eq!(e.node, parent);
                    let before = edit::node_info(&src, parent).unwrap().children;
                    assert_eq!(
                        edit::node_info(&new, parent).unwrap().children,
                        before - 1,
                        "{ctx}"
                    );
                    let back = undo(&new, &e);
                    assert_eq!(
                        without_blanks(&back),
                        without_blanks(&src),
                        "{ctx}: delete then insert"
                    );
                    t.deletes += 1;
                }
            }

            if part == Part::WrapMove {
                // Wrap in each wrapper the rules allow, then unwrap.
                for w in Wrapper::ALL {
                    let change = Change::Wrap {
                        node: at,
                        wrapper: w,
                    };
                    let ok = edit::may_place(Some(&pname), w.name()).is_ok()
                        && edit::may_place(Some(w.name()), &info.name).is_ok();
                    match attempt(&src, &change) {
                        Ok((e, new)) => {
                            assert!(ok, "{ctx}: wrap in {w:?} accepted");
                            assert_eq!(name_at(&new, e.node), w.name());
                            assert_eq!(undo(&new, &e), src, "{ctx}: wrap in {w:?} then unwrap");
                            t.wraps += 1;
                        }
                        Err(EditError::Placement(_)) => {
                            assert!(!ok, "{ctx}: wrap in {w:?} refused")
                        }
                        Err(e) => panic!("{ctx}: wrap in {w:?}: {e}"),
                    }
                }
            }

            if part == Part::Children {
                // Unwrap an element with one child element, where that child may go.
                if info.children == 1 {
                    match attempt(&src, &Change::Unwrap { node: at }) {
                        Ok((e, new)) => {
                            assert_eq!(
                                edit::node_info(&new, e.node).unwrap().parent,
                                Some((parent, index))
                            );
                            t.unwraps += 1;
                        }
                        Err(EditError::Placement(_) | EditError::NotOneChild { .. }) => {}
                        Err(e) => panic!("{ctx}: unwrap: {e}"),
                    }
                }
            }
            if part != Part::WrapMove {
                continue;
            }

            // Moves: to the start and end of its parent, out of the parent (after it), into the
            // previous sibling element. Moving back gives the bytes back.
            let mut targets = vec![(parent, 0), (parent, info_children(&src, parent) - 1)];
            if let Some((gp, pi)) = edit::node_info(&src, parent).unwrap().parent {
                targets.push((gp, pi + 1));
            }
            if let Some(sib) = all[..i].iter().rev().find(|s| {
                edit::node_info(&src, **s)
                    .unwrap()
                    .parent
                    .is_some_and(|(p, k)| p == parent && k + 1 == index)
            }) {
                targets.push((*sib, info_children(&src, *sib)));
            }
            for (to, k) in targets {
                let change = Change::Move {
                    node: at,
                    parent: to,
                    index: k,
                };
                match attempt(&src, &change) {
                    Ok((e, new)) => {
                        let moved = edit::node_info(&new, e.node).unwrap();
                        assert_eq!(moved.name, info.name, "{ctx}");
                        assert_eq!(moved.parent.map(|(_, k)| k), Some(k), "{ctx}");
                        assert_eq!(
                            without_blanks(&edit::node_text(&new, e.node).unwrap()),
                            without_blanks(&edit::node_text(&src, at).unwrap())
                        );
                        let back = undo(&new, &e);
                        assert_eq!(
                            without_blanks(&back),
                            without_blanks(&src),
                            "{ctx}: move then back"
                        );
                        if back == src {
                            t.moves_exact += 1;
                        } else if uniform(&src, parent) && uniform(&src, to) && uniform(&src, at) {
                            panic!(
                                "{ctx}: move to {to:?}/{k} then back is not byte-identical:\n{src}\n---\n{new}\n---\n{back}"
                            );
                        }
                        t.moves += 1;
                    }
                    Err(EditError::Placement(_) | EditError::WouldEmpty { .. }) => {
                        let pn = name_at(&src, to);
                        let others = count_non_comment(&src, to) - usize::from(to == parent);
                        assert!(
                            edit::may_add(Some(&pn), &info.name, others).is_err()
                                || spec::component(&pname)
                                    .is_some_and(|c| c.children == spec::Children::One),
                            "{ctx}"
                        );
                    }
                    Err(e) => panic!("{ctx}: move to {to:?}/{k}: {e}"),
                }
            }
        }
    }
    eprintln!("{t:?}");
    t
}

fn info_children(src: &str, at: At) -> usize {
    edit::node_info(src, at).unwrap().children
}

fn pointer<'a>(v: &'a Value, path: &str) -> &'a Value {
    let mut cur = v;
    for part in path.split('.').filter(|p| !p.is_empty()) {
        let i: usize = part
            .trim_start_matches("children[")
            .trim_end_matches(']')
            .parse()
            .unwrap();
        cur = &cur["children"][i];
    }
    cur
}

/// The element's named props, in order.
fn existing_props(src: &str, at: At) -> Vec<String> {
    let root = parse_view(src).unwrap();
    let mut out = Vec::new();
    find(&root, at.0, &mut |el| {
        for a in &el.attrs {
            if let template::ast::Attr::Named { name, .. } = a {
                out.push(name.clone());
            }
        }
    });
    out
}

/// Children that are not comments.
fn count_non_comment(src: &str, at: At) -> usize {
    let root = parse_view(src).unwrap();
    let mut n = 0;
    find(&root, at.0, &mut |el| {
        n = el
            .children
            .iter()
            .flatten()
            .filter(|c| !matches!(c, template::ast::Child::Empty))
            .count();
    });
    n
}

fn find(e: &template::ast::Expr, at: usize, f: &mut dyn FnMut(&template::ast::Element)) {
    use template::ast::{Child, ExprKind};
    fn child(c: &Child, at: usize, f: &mut dyn FnMut(&template::ast::Element)) {
        match c {
            Child::Element(el) => element(el, at, f),
            Child::Expr(e) => find(e, at, f),
            Child::Fragment(cs, _) => cs.iter().for_each(|c| child(c, at, f)),
            _ => {}
        }
    }
    fn element(el: &template::ast::Element, at: usize, f: &mut dyn FnMut(&template::ast::Element)) {
        if el.span.start as usize == at {
            f(el);
            return;
        }
        el.children.iter().flatten().for_each(|c| child(c, at, f));
    }
    // Elements the search needs are element children or inside `.map`/condition bodies.
    match &e.kind {
        ExprKind::Element(el) => element(el, at, f),
        ExprKind::Fragment(cs) => cs.iter().for_each(|c| child(c, at, f)),
        ExprKind::Call { callee, args, .. } => {
            find(callee, at, f);
            args.iter().for_each(|a| find(a, at, f));
        }
        ExprKind::Member { obj, .. } => find(obj, at, f),
        ExprKind::Arrow { body, .. } => find(body, at, f),
        ExprKind::Logical { left, right, .. } | ExprKind::Binary { left, right, .. } => {
            find(left, at, f);
            find(right, at, f);
        }
        ExprKind::Cond { test, cons, alt } => {
            find(test, at, f);
            find(cons, at, f);
            find(alt, at, f);
        }
        ExprKind::Array(items) => items.iter().for_each(|it| match it {
            template::ast::ArrayItem::Item(x) | template::ast::ArrayItem::Spread(x) => {
                find(x, at, f)
            }
        }),
        _ => {}
    }
}

// ---------------------------------------------------------------------------------------
// Focused cases

/// The `At` of the n-th element named `name` in the source.
fn at(src: &str, name: &str, n: usize) -> At {
    edit::elements(src)
        .unwrap()
        .into_iter()
        .filter(|a| name_at(src, *a) == name)
        .nth(n)
        .unwrap_or_else(|| panic!("no {name} #{n}"))
}

fn run(src: &str, change: Change) -> String {
    let (e, new) = must(src, &change);
    if let Some(inv) = &e.inverse {
        let back = must(&new, inv).1;
        assert_eq!(without_blanks(&back), without_blanks(src), "{change:?}");
    }
    new
}

fn ins(src: &str, parent: At, index: usize, name: &str) -> String {
    run(
        src,
        Change::Insert {
            parent,
            index,
            child: NewChild::Component(name.into()),
        },
    )
}

#[test]
fn indentation_follows_the_source_two_spaces_four_spaces_and_tabs() {
    for unit in ["  ", "    ", "\t"] {
        let src =
            "<Card>\nU<Row>\nUU<Text value=\"a\" />\nU</Row>\nU<Col />\n</Card>".replace('U', unit);
        assert_eq!(edit::indent_unit(&src), unit);
        // A sibling goes at the siblings' indentation.
        let row = at(&src, "Row", 0);
        let new = ins(&src, row, 1, "Button");
        let want = "<Card>\nU<Row>\nUU<Text value=\"a\" />\nUU<Button label=\"Button\" onClickAction={{ type: \"click\" }} />\nU</Row>\nU<Col />\n</Card>"
            .replace('U', unit);
        assert_eq!(new, want, "{unit:?}");
        // A self-closing element that gets a child becomes an open/close pair, and a
        // multi-line snippet is indented with the source's unit.
        let col = at(&src, "Col", 0);
        let new = ins(&src, col, 0, "Row");
        let want = "<Card>\nU<Row>\nUU<Text value=\"a\" />\nU</Row>\nU<Col>\nUU<Row gap={2}>\nUUU<Text value=\"Text\" />\nUU</Row>\nU</Col>\n</Card>"
            .replace('U', unit);
        assert_eq!(new, want, "{unit:?}");
        // Wrapping indents the node one unit deeper.
        let new = run(
            &src,
            Change::Wrap {
                node: row,
                wrapper: Wrapper::Box,
            },
        );
        let want = "<Card>\nU<Box>\nUU<Row>\nUUU<Text value=\"a\" />\nUU</Row>\nU</Box>\nU<Col />\n</Card>"
            .replace('U', unit);
        assert_eq!(new, want, "{unit:?}");
        // Moving into a sibling re-indents the moved lines.
        let new = run(
            &src,
            Change::Move {
                node: row,
                parent: col,
                index: 0,
            },
        );
        let want = "<Card>\nU<Col>\nUU<Row>\nUUU<Text value=\"a\" />\nUU</Row>\nU</Col>\n</Card>"
            .replace('U', unit);
        assert_eq!(new, want, "{unit:?}");
    }
}

#[test]
fn self_closing_becomes_a_pair_and_back() {
    let src = "<Card>\n  <Row gap={2} />\n</Card>";
    let row = at(src, "Row", 0);
    let (e, new) = must(
        src,
        &Change::Insert {
            parent: row,
            index: 0,
            child: NewChild::Jsx("<Text value=\"x\" />".into()),
        },
    );
    assert_eq!(
        new,
        "<Card>\n  <Row gap={2}>\n    <Text value=\"x\" />\n  </Row>\n</Card>"
    );
    assert_eq!(undo(&new, &e), src);
    // A multi-line open tag keeps its `/>` line for the `>`.
    let src = "<Card>\n  <Row\n    gap={2}\n    align=\"center\"\n  />\n</Card>";
    let row = at(src, "Row", 0);
    let (e, new) = must(
        src,
        &Change::Insert {
            parent: row,
            index: 0,
            child: NewChild::Component("Spacer".into()),
        },
    );
    assert_eq!(
        new,
        "<Card>\n  <Row\n    gap={2}\n    align=\"center\"\n  >\n    <Spacer />\n  </Row>\n</Card>"
    );
    assert_eq!(undo(&new, &e), src);
    // Deleting the last child closes the element itself.
    let src = "<Card>\n  <Row><Icon name=\"star\" /></Row>\n</Card>";
    let new = run(
        src,
        Change::Delete {
            node: at(src, "Icon", 0),
        },
    );
    assert_eq!(new, "<Card>\n  <Row />\n</Card>");
    // Inline siblings stay inline.
    let src = "<Card>\n  <Row><Icon name=\"star\" /><Text value=\"a\" /></Row>\n</Card>";
    let new = ins(src, at(src, "Row", 0), 2, "Spacer");
    assert_eq!(
        new,
        "<Card>\n  <Row><Icon name=\"star\" /><Text value=\"a\" /><Spacer /></Row>\n</Card>"
    );
}

#[test]
fn comments_and_formatting_elsewhere_are_kept() {
    let src = "<Card>\n  {/* header */}\n  <Row /* spacing */ gap={2} // why\n    align=\"center\">\n    <Text value=\"a\" />\n    {/* b goes here */}\n    <Text   value='b'   />\n  </Row>\n  {/* footer */}\n  <Divider />\n</Card>";
    let row = at(src, "Row", 0);
    let a = at(src, "Text", 0);
    let b = at(src, "Text", 1);
    let cases = [
        Change::SetProp {
            node: row,
            name: "gap".into(),
            value: PropValue::Num(4.0),
            position: None,
        },
        Change::SetProp {
            node: b,
            name: "size".into(),
            value: PropValue::Str("sm".into()),
            position: None,
        },
        Change::Move {
            node: a,
            parent: row,
            index: 2,
        },
        Change::Delete { node: a },
        Change::Duplicate { node: b },
        Change::Wrap {
            node: b,
            wrapper: Wrapper::Col,
        },
        Change::Insert {
            parent: row,
            index: 1,
            child: NewChild::Component("Badge".into()),
        },
    ];
    for change in cases {
        let new = run(src, change.clone());
        for comment in [
            "{/* header */}",
            "/* spacing */",
            "// why\n",
            "{/* b goes here */}",
            "{/* footer */}",
        ] {
            assert!(new.contains(comment), "{change:?} lost {comment:?}:\n{new}");
        }
        // Lines the edit does not concern are untouched.
        for line in ["<Card>", "  <Divider />", "</Card>"] {
            assert!(new.lines().any(|l| l == line), "{change:?}:\n{new}");
        }
        // The unusual spacing of the untouched Text stays, unless it is the node.
        if !matches!(change, Change::SetProp { node, .. } | Change::Wrap { node, .. } if node == b)
        {
            assert!(new.contains("<Text   value='b'   />"), "{change:?}:\n{new}");
        }
    }
    // Removing a prop keeps the comments around it. (Restoring it puts it after both: where
    // it stood between them is not in the source any more.)
    let (e, new) = must(
        src,
        &Change::RemoveProp {
            node: row,
            name: "gap".into(),
        },
    );
    assert!(
        new.contains("<Row /* spacing */ // why\n    align=\"center\">"),
        "{new}"
    );
    let back = undo(&new, &e);
    assert!(
        back.contains("<Row /* spacing */ // why\n    gap={2}\n    align=\"center\">"),
        "{back}"
    );
    // The comment is a child of its own: index 1 is between a and the comment.
    let new = ins(src, row, 1, "Spacer");
    assert!(
        new.contains("<Text value=\"a\" />\n    <Spacer />\n    {/* b goes here */}"),
        "{new}"
    );
}

#[test]
fn multi_byte_text_keeps_byte_offsets_right() {
    let src = "<Card>\n  <Text value=\"日本語 👋🏽 ünïcödé\" />\n  <Row>\n    <Text value=\"🎉\" />\n  </Row>\n</Card>";
    let row = at(src, "Row", 0);
    let party = at(src, "Text", 1);
    assert_eq!(&src[party.0..party.0 + 5], "<Text");
    let new = run(
        src,
        Change::SetProp {
            node: party,
            name: "value".into(),
            value: PropValue::Str("中文 ✓".into()),
            position: None,
        },
    );
    assert!(new.contains("<Text value=\"中文 ✓\" />"), "{new}");
    let new = run(
        src,
        Change::Move {
            node: party,
            parent: at(src, "Card", 0),
            index: 0,
        },
    );
    assert_eq!(
        new,
        "<Card>\n  <Text value=\"🎉\" />\n  <Text value=\"日本語 👋🏽 ünïcödé\" />\n  <Row />\n</Card>"
    );
    let new = ins(src, row, 0, "Badge");
    assert!(new.contains("<Row>\n    <Badge label=\"Badge\" />\n    <Text value=\"🎉\" />"));
    // Every string round-trips through the evaluator.
    for s in edit::SAMPLE_STRINGS {
        let (_, new) = must(
            src,
            &Change::SetProp {
                node: party,
                name: "value".into(),
                value: PropValue::Str(s.to_string()),
                position: None,
            },
        );
        let built = template::build(&new, &Value::Null);
        let w = built.widget.unwrap().to_serde();
        assert_eq!(
            w["children"][1]["children"][0]["value"],
            Value::from(*s),
            "{new}"
        );
    }
}

#[test]
fn values_are_escaped_for_jsx() {
    let src = "<Card>\n  <Text value=\"a\" />\n</Card>";
    let text = at(src, "Text", 0);
    let set = |v: PropValue| {
        let (_, new) = must(
            src,
            &Change::SetProp {
                node: text,
                name: "value".into(),
                value: v,
                position: None,
            },
        );
        new.lines().nth(1).unwrap().trim().to_string()
    };
    assert_eq!(
        set(PropValue::Str("plain".into())),
        "<Text value=\"plain\" />"
    );
    assert_eq!(
        set(PropValue::Str("it's".into())),
        "<Text value=\"it's\" />"
    );
    assert_eq!(
        set(PropValue::Str("say \"hi\"".into())),
        "<Text value={\"say \\\"hi\\\"\"} />"
    );
    assert_eq!(
        set(PropValue::Str("a &amp; b".into())),
        "<Text value={\"a &amp; b\"} />"
    );
    assert_eq!(
        set(PropValue::Str("a\nb".into())),
        "<Text value={\"a\\nb\"} />"
    );
    assert_eq!(
        set(PropValue::Str("C:\\x".into())),
        "<Text value=\"C:\\x\" />"
    );
    assert_eq!(set(PropValue::Num(12.0)), "<Text value={12} />");
    assert_eq!(set(PropValue::Num(-0.5)), "<Text value={-0.5} />");
    assert_eq!(set(PropValue::Bool(false)), "<Text value={false} />");
    assert_eq!(
        set(PropValue::Expr("user.name ?? \"}\"".into())),
        "<Text value={user.name ?? \"}\"} />"
    );
    assert_eq!(
        apply(
            src,
            &Change::SetProp {
                node: text,
                name: "value".into(),
                value: PropValue::Expr("a} b={c".into()),
                position: None,
            }
        )
        .unwrap_err()
        .to_string()
        .split(':')
        .next()
        .unwrap(),
        "“a} b={c” is not an expression"
    );
    // A line comment would swallow the closing brace.
    let e = apply(
        src,
        &Change::SetProp {
            node: text,
            name: "value".into(),
            value: PropValue::Expr("a // comment".into()),
            position: None,
        },
    )
    .unwrap_err();
    assert!(
        e.to_string()
            .starts_with("“a // comment” is not an expression"),
        "{e}"
    );
    assert_eq!(
        apply(
            src,
            &Change::SetProp {
                node: text,
                name: "size".into(),
                value: PropValue::Num(f64::NAN),
                position: None,
            }
        ),
        Err(EditError::NotFinite)
    );
    assert_eq!(
        apply(
            src,
            &Change::SetProp {
                node: text,
                name: "a b".into(),
                value: PropValue::Bool(true),
                position: None,
            }
        ),
        Err(EditError::BadPropName("a b".into()))
    );
    // Setting an existing shorthand prop writes only its value.
    let src = "<Card>\n  <Image src=\"x.png\" frame size={40} />\n</Card>";
    let (_, new) = must(
        src,
        &Change::SetProp {
            node: at(src, "Image", 0),
            name: "frame".into(),
            value: PropValue::Bool(false),
            position: None,
        },
    );
    assert_eq!(
        new,
        "<Card>\n  <Image src=\"x.png\" frame={false} size={40} />\n</Card>"
    );
}

#[test]
fn placement_refusals_say_why() {
    let src = "<ListView>\n  <ListViewItem>\n    <Row>\n      <Text value=\"a\" />\n    </Row>\n  </ListViewItem>\n  {items.map((i) => <ListViewItem key={i.id}><Text value={i.t} /></ListViewItem>)}\n</ListView>";
    let lv = at(src, "ListView", 0);
    let item = at(src, "ListViewItem", 0);
    let row = at(src, "Row", 0);
    let text = at(src, "Text", 0);
    let err = |change: Change| apply(src, &change).unwrap_err();
    let e = err(Change::Insert {
        parent: lv,
        index: 0,
        child: NewChild::Component("Button".into()),
    });
    assert_eq!(
        e,
        EditError::Placement(Refusal::OnlyHolds {
            parent: "ListView".into(),
            allowed: "ListViewItem",
            child: "Button".into(),
        })
    );
    assert_eq!(
        e.to_string(),
        "a ListView holds only ListViewItem; Button cannot go here"
    );
    let e = err(Change::Insert {
        parent: text,
        index: 0,
        child: NewChild::Component("Icon".into()),
    });
    assert_eq!(
        e.to_string(),
        "a Text holds no children; Icon cannot go here"
    );
    let e = err(Change::Insert {
        parent: row,
        index: 0,
        child: NewChild::Component("Card".into()),
    });
    assert!(
        matches!(e, EditError::Placement(Refusal::RootOnlyAtTop { .. })),
        "{e}"
    );
    let e = err(Change::Insert {
        parent: row,
        index: 0,
        child: NewChild::Component("ListViewItem".into()),
    });
    assert_eq!(
        e.to_string(),
        "a ListViewItem goes only in a ListView; it cannot go in a Row"
    );
    // Moving the row out of its item into the ListView is refused, and so is unwrapping
    // the item (its Row cannot stand in a ListView).
    let e = err(Change::Move {
        node: row,
        parent: lv,
        index: 0,
    });
    assert!(
        matches!(e, EditError::Placement(Refusal::OnlyHolds { .. })),
        "{e}"
    );
    let e = err(Change::Unwrap { node: item });
    assert!(
        matches!(e, EditError::Placement(Refusal::OnlyHolds { .. })),
        "{e}"
    );
    // Wrapping a ListViewItem in a Row would put the Row in the ListView.
    let e = err(Change::Wrap {
        node: item,
        wrapper: Wrapper::Row,
    });
    assert!(matches!(e, EditError::Placement(_)), "{e}");
    // Wrapping the root would make the wrapper the root.
    let e = err(Change::Wrap {
        node: lv,
        wrapper: Wrapper::Box,
    });
    assert_eq!(
        e.to_string(),
        "the view's root must be a Card, ListView or Basic; Box cannot be the root"
    );
    // The root and elements inside a `.map` are not in a children list.
    assert_eq!(
        err(Change::Delete { node: lv }),
        EditError::NotInChildren {
            name: "ListView".into(),
            root: true
        }
    );
    let mapped = at(src, "ListViewItem", 1);
    assert_eq!(
        err(Change::Duplicate { node: mapped }),
        EditError::NotInChildren {
            name: "ListViewItem".into(),
            root: false
        }
    );
    // …but their props can be set and their children edited.
    run(
        src,
        Change::SetProp {
            node: mapped,
            name: "gap".into(),
            value: PropValue::Num(2.0),
            position: None,
        },
    );
    ins(src, mapped, 1, "Badge");
    // A moved node cannot go into itself.
    assert_eq!(
        err(Change::Move {
            node: row,
            parent: text,
            index: 0
        }),
        EditError::IntoItself { name: "Row".into() }
    );
    assert_eq!(
        err(Change::Insert {
            parent: row,
            index: 5,
            child: NewChild::Component("Text".into())
        }),
        EditError::IndexOutOfRange { index: 5, len: 1 }
    );
    assert_eq!(
        err(Change::Delete { node: At(3) }),
        EditError::NoElement(At(3))
    );
    assert!(matches!(
        apply("<Card>", &Change::Delete { node: At(0) }),
        Err(EditError::Syntax { .. })
    ));
    // A Transition holds exactly one child.
    let src = "<Card>\n  <Transition>\n    <Text value=\"a\" />\n  </Transition>\n  <Text value=\"b\" />\n</Card>";
    let tr = at(src, "Transition", 0);
    let a = at(src, "Text", 0);
    let e = apply(
        src,
        &Change::Insert {
            parent: tr,
            index: 1,
            child: NewChild::Component("Text".into()),
        },
    )
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "a Transition holds exactly one child and already has one; Text cannot go here"
    );
    assert!(matches!(
        apply(src, &Change::Duplicate { node: a }),
        Err(EditError::Placement(Refusal::HoldsOne { .. }))
    ));
    assert_eq!(
        apply(src, &Change::Delete { node: a }),
        Err(EditError::WouldEmpty {
            parent: "Transition".into()
        })
    );
    // Unwrapping the Transition is how its child leaves it.
    let new = run(src, Change::Unwrap { node: tr });
    assert_eq!(
        new,
        "<Card>\n  <Text value=\"a\" />\n  <Text value=\"b\" />\n</Card>"
    );
    // Moving the other Text into the Transition is refused; moving it around is fine.
    let b = at(src, "Text", 1);
    assert!(matches!(
        apply(
            src,
            &Change::Move {
                node: b,
                parent: tr,
                index: 0
            }
        ),
        Err(EditError::Placement(Refusal::HoldsOne { .. }))
    ));
    let new = run(
        src,
        Change::Move {
            node: b,
            parent: at(src, "Card", 0),
            index: 0,
        },
    );
    assert!(
        new.starts_with("<Card>\n  <Text value=\"b\" />\n  <Transition>"),
        "{new}"
    );
}

#[test]
fn the_rules_match_the_spec() {
    assert_eq!(
        edit::allowed_children(None),
        vec!["Card", "ListView", "Basic"]
    );
    assert_eq!(
        edit::allowed_children(Some("ListView")),
        vec!["ListViewItem"]
    );
    assert_eq!(edit::allowed_children(Some("Table")), vec!["Table.Row"]);
    assert_eq!(
        edit::allowed_children(Some("Table.Row")),
        vec!["Table.Cell"]
    );
    assert!(edit::allowed_children(Some("Text")).is_empty());
    assert!(edit::allowed_children(Some("Nope")).is_empty());
    for c in spec::COMPONENTS.iter() {
        let allowed = edit::allowed_children(Some(c.name));
        match c.children {
            spec::Children::None => assert!(allowed.is_empty(), "{}", c.name),
            spec::Children::Many | spec::Children::One => {
                assert!(
                    allowed.contains(&"Text") && allowed.contains(&"Row"),
                    "{}",
                    c.name
                );
                for x in [
                    "Card",
                    "ListView",
                    "Basic",
                    "ListViewItem",
                    "Table.Row",
                    "Table.Cell",
                ] {
                    assert!(!allowed.contains(&x), "{} holds {x}", c.name);
                }
                // Everything else that is a node.
                assert_eq!(allowed.len(), spec::COMPONENTS.len() - 6, "{}", c.name);
            }
            _ => assert_eq!(allowed.len(), 1, "{}", c.name),
        }
    }
}

/// Each component's default snippet builds without errors where it may stand.
#[test]
fn default_snippets_build_cleanly() {
    for c in spec::COMPONENTS.iter() {
        let snippet = edit::default_snippet(c.name).unwrap();
        let view = match c.name {
            _ if c.is_root() => snippet.to_string(),
            "ListViewItem" => format!("<ListView>{snippet}</ListView>"),
            "Table.Row" => format!("<Card><Table>{snippet}</Table></Card>"),
            "Table.Cell" => format!("<Card><Table><Table.Row>{snippet}</Table.Row></Table></Card>"),
            _ => format!("<Card>{snippet}</Card>"),
        };
        // Table is ChatKit.js's only (the Python SDK has no model for it).
        let target = if c.name.starts_with("Table") {
            widget::Target::ChatkitJs
        } else {
            widget::Target::ChatkitPython
        };
        let built = template::build_for(&view, &Value::Null, target);
        assert!(
            built.report.errors.is_empty(),
            "{}: {:?}",
            c.name,
            built.report.errors
        );
        let w = built.widget.unwrap().to_serde();
        assert!(
            w.to_string().contains(&format!("\"type\":\"{}\"", c.name)),
            "{}",
            c.name
        );
    }
    assert_eq!(edit::default_snippet("Nope"), None);
}

#[test]
fn moves_reorder_go_out_and_into_a_sibling() {
    let src = "<Card>\n  <Row>\n    <Text value=\"a\" />\n    <Text value=\"b\" />\n    <Text value=\"c\" />\n  </Row>\n  <Col>\n    <Divider />\n  </Col>\n</Card>";
    let card = at(src, "Card", 0);
    let row = at(src, "Row", 0);
    let col = at(src, "Col", 0);
    let a = at(src, "Text", 0);
    let c = at(src, "Text", 2);
    // Alt+Down: a goes after b.
    let new = run(
        src,
        Change::Move {
            node: a,
            parent: row,
            index: 1,
        },
    );
    assert!(
        new.contains("<Text value=\"b\" />\n    <Text value=\"a\" />\n    <Text value=\"c\" />"),
        "{new}"
    );
    // Alt+Up on c, twice: to the top.
    let new = run(
        src,
        Change::Move {
            node: c,
            parent: row,
            index: 0,
        },
    );
    assert!(new.contains("<Row>\n    <Text value=\"c\" />\n    <Text value=\"a\" />\n    <Text value=\"b\" />\n  </Row>"), "{new}");
    // Alt+Left: c out of the Row, after it.
    let new = run(
        src,
        Change::Move {
            node: c,
            parent: card,
            index: 1,
        },
    );
    assert!(
        new.contains("  </Row>\n  <Text value=\"c\" />\n  <Col>"),
        "{new}"
    );
    // Alt+Right: into the next sibling, at its start.
    let new = run(
        src,
        Change::Move {
            node: row,
            parent: col,
            index: 0,
        },
    );
    assert_eq!(
        new,
        "<Card>\n  <Col>\n    <Row>\n      <Text value=\"a\" />\n      <Text value=\"b\" />\n      <Text value=\"c\" />\n    </Row>\n    <Divider />\n  </Col>\n</Card>"
    );
    // Moving to where it is changes nothing.
    let (e, _) = must(
        src,
        &Change::Move {
            node: a,
            parent: row,
            index: 0,
        },
    );
    assert!(e.edits.is_empty());
    // Every move and its inverse, byte for byte, for all positions.
    for (i, node) in [a, at(src, "Text", 1), c].into_iter().enumerate() {
        for k in 0..3 {
            let (e, new) = must(
                src,
                &Change::Move {
                    node,
                    parent: row,
                    index: k,
                },
            );
            assert_eq!(undo(&new, &e), src, "{i} → {k}");
        }
        for k in 0..3 {
            let (e, new) = must(
                src,
                &Change::Move {
                    node,
                    parent: card,
                    index: k,
                },
            );
            assert_eq!(undo(&new, &e), src, "{i} → card {k}");
        }
        for k in 0..2 {
            let (e, new) = must(
                src,
                &Change::Move {
                    node,
                    parent: col,
                    index: k,
                },
            );
            assert_eq!(undo(&new, &e), src, "{i} → col {k}");
        }
    }
}

// ---------------------------------------------------------------------------------------
// Random sequences (what the fuzz target does, with a fixed seed)

struct Rng(u64);

impl Rng {
    fn next(&mut self, n: usize) -> usize {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 33) as usize % n.max(1)
    }
}

/// Does the inverse of `change` restore the bytes exactly, whatever the layout? (The others
/// restore them up to blanks; see the module docs.)
fn exact_inverse(src: &str, change: &Change) -> bool {
    match change {
        Change::SetProp { .. } | Change::Duplicate { .. } | Change::Wrap { .. } => true,
        Change::Insert { parent, .. } => {
            let info = edit::node_info(src, *parent).unwrap();
            let text = &src[info.span.clone()];
            info.children > 0
                || text.strip_suffix("/>").is_some_and(|head| {
                    let ws = &head[head.trim_end().len()..];
                    ws == " " || ws.contains('\n')
                })
        }
        _ => false,
    }
}

#[test]
fn random_sequences_of_edits_keep_every_invariant() {
    let views = views();
    let mut rng = Rng(0x5eed_2026_1130);
    let (mut accepted, mut refused, mut exact) = (0, 0, 0);
    for seq in 0..300 {
        let (name, mut src, _) = views[rng.next(views.len())].clone();
        for step in 0..6 {
            let Some(change) = edit::pick_change(&src, &mut |n| rng.next(n)) else {
                panic!("{name}: the source stopped parsing")
            };
            match attempt(&src, &change) {
                Ok((e, new)) => {
                    accepted += 1;
                    if let Some(inv) = &e.inverse {
                        let back = must(&new, inv).1;
                        if exact_inverse(&src, &change) {
                            assert_eq!(back, src, "{name} #{seq}.{step}: {change:?}");
                            exact += 1;
                        } else {
                            // The same tree, and (the views have no comments between
                            // attributes) the same text up to blanks.
                            assert_eq!(
                                edit::shape(&back).expect("parses"),
                                edit::shape(&src).expect("parses"),
                                "{name} #{seq}.{step}"
                            );
                            assert_eq!(
                                without_blanks(&back),
                                without_blanks(&src),
                                "{name} #{seq}.{step}: {change:?}"
                            );
                        }
                    }
                    src = new;
                }
                Err(EditError::Breaks { message }) => {
                    panic!("{name} #{seq}.{step}: {change:?} broke the view: {message}\n{src}")
                }
                Err(_) => refused += 1,
            }
        }
    }
    eprintln!("{accepted} accepted ({exact} exact inverses), {refused} refused");
    assert!(
        accepted > 600 && refused > 200 && exact > 300,
        "{accepted} {refused} {exact}"
    );
}

/// Found by the fuzz target: removing the attribute after a `// comment` took the comment's
/// line break, so the comment swallowed the `>`.
#[test]
fn removing_a_prop_after_a_line_comment_keeps_the_line_break() {
    let src = "<Card>\n  <Row gap={2} // why\n    align=\"center\">\n    <Text value=\"a\" />\n  </Row>\n</Card>";
    let row = at(src, "Row", 0);
    let (e, new) = must(
        src,
        &Change::RemoveProp {
            node: row,
            name: "align".into(),
        },
    );
    assert_eq!(
        new,
        "<Card>\n  <Row gap={2} // why\n    >\n    <Text value=\"a\" />\n  </Row>\n</Card>"
    );
    assert!(edit::apply(&new, e.inverse.as_ref().unwrap()).is_ok());
    let src = "<Card>\n  <Row // why\n    align=\"center\" gap={2} />\n</Card>";
    let (_, new) = must(
        src,
        &Change::RemoveProp {
            node: at(src, "Row", 0),
            name: "align".into(),
        },
    );
    assert_eq!(new, "<Card>\n  <Row // why\n    gap={2} />\n</Card>");
}

#[test]
fn pasted_jsx_is_placed_all_the_way_down() {
    let src = "<Card>\n  <Row gap={2} />\n</Card>";
    let row = at(src, "Row", 0);
    // What the pasted element holds must stand there too: a root inside a Row, a list item
    // outside a ListView.
    for jsx in [
        "<Col><Card><Text value=\"x\" /></Card></Col>",
        "<Box><ListViewItem><Text value=\"x\" /></ListViewItem></Box>",
    ] {
        let err = widget::edit::apply(
            src,
            &Change::Insert {
                parent: row,
                index: 0,
                child: NewChild::Jsx(jsx.into()),
            },
        )
        .unwrap_err();
        assert!(
            matches!(err, widget::edit::EditError::Placement(_)),
            "{jsx}: {err}"
        );
    }
    // A well-formed one goes in.
    assert!(
        widget::edit::apply(
            src,
            &Change::Insert {
                parent: row,
                index: 0,
                child: NewChild::Jsx("<Col><Text value=\"x\" /></Col>".into()),
            },
        )
        .is_ok()
    );
}
