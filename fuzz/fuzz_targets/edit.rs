#![no_main]
//! Random sequences of visual edits (`widget::edit`). The first byte chooses a built-in seed
//! view, or takes the view from the input (up to a NUL byte); the bytes after it choose the
//! edits (`edit::pick_change`). Every accepted edit must re-parse (and read back as the visual
//! editor reads it: outline, props, element_at, object fields) and its inverse must
//! restore the source: byte for byte where the module promises it whatever the layout, and
//! the same tree (spans aside) otherwise. No panic, and never an edit that breaks the view.

use libfuzzer_sys::fuzz_target;
use widget::edit::{self, Change, EditError};
use widget::template::parser::parse_view;

const SEEDS: &[&str] = &[
    "<Card size=\"sm\">\n  <Row gap={2} align=\"center\">\n    <Icon name=\"star\" />\n    <Text value={title} weight=\"semibold\" />\n    <Spacer />\n    <Badge label=\"New\" />\n  </Row>\n  <Divider />\n  <Transition>\n    <Text value={status ? \"on\" : \"off\"} />\n  </Transition>\n  <Row>\n    <Button label=\"OK\" onClickAction={{ type: \"ok\" }} />\n  </Row>\n</Card>",
    "<ListView>\n  {items.map((item) => (\n    <ListViewItem key={item.id} gap={2}>\n      <Text value={item.name} />\n      {item.done && <Icon name=\"check\" />}\n    </ListViewItem>\n  ))}\n  <ListViewItem>\n    <Caption value=\"end\" />\n  </ListViewItem>\n</ListView>",
    "<Card>\n\t<Col gap={3}>\n\t\t<Title value=\"日本語 👋🏽\" />\n\t\t<Box padding={{ x: 4, y: 2 }} background=\"surface\">\n\t\t\t<Markdown value=\"**bold**\" />\n\t\t</Box>\n\t\t<Image src=\"a.png\" frame />\n\t</Col>\n</Card>",
    "<Basic>\n    {/* heading */}\n    <Row /* spacing */ gap={2} // why\n        align=\"center\">\n        <Text value=\"a\" />\n        {/* b */}\n        <Text value='b' />\n    </Row>\n    <Col\n        gap={1}\n        padding={2}\n    />\n</Basic>",
    "<Card>\n  <Form onSubmitAction={{ type: \"send\" }}>\n    <Col gap={2}>\n      <Input name=\"email\" placeholder=\"Email\" />\n      <Select name=\"plan\" options={[{ label: \"A\", value: \"a\" }]} />\n      <Button label=\"Send\" submit />\n    </Col>\n  </Form>\n</Card>",
];

/// The inverses that restore the bytes whatever the layout (see `widget::edit`).
/// What the visual editor reads from a view: the outline, each element's props, the element
/// around each element's own bytes, and object literals field by field.
fn check_reading(src: &str, node: edit::At) {
    assert!(edit::node_info(src, node).is_ok(), "the edited node is gone:\n{src}");
    let items = edit::outline(src).expect("a view that parses has an outline");
    for (i, it) in items.iter().enumerate() {
        assert!(it.range.start <= it.range.end && it.range.end <= src.len());
        assert!(src.is_char_boundary(it.range.start) && src.is_char_boundary(it.range.end));
        if let Some(p) = it.parent {
            assert!(p < i && items[p].depth < it.depth);
        }
        let Some(at) = it.at() else { continue };
        assert_eq!(
            edit::element_at(&items, it.range.clone()).and_then(|x| x.at()),
            Some(at),
            "the element around {:?}",
            it.range
        );
        for p in edit::props(src, at).expect("an element of the outline has props") {
            assert!(it.range.start <= p.range.start && p.range.end <= it.range.end);
            if let edit::Written::Expr(text) = &p.value
                && let Some(fields) = edit::object_fields(text)
            {
                assert_eq!(edit::object_fields(&edit::object_text(&fields)), Some(fields));
            }
        }
    }
}

fn exact_inverse(src: &str, change: &Change) -> bool {
    match change {
        Change::SetProp { .. } | Change::Duplicate { .. } | Change::Wrap { .. } => true,
        Change::Insert { parent, .. } => {
            let info = edit::node_info(src, *parent).expect("the parent exists");
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

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let (mut src, choices, strict) = if usize::from(first) < SEEDS.len() * 40 {
        (
            SEEDS[usize::from(first) % SEEDS.len()].to_string(),
            rest,
            true,
        )
    } else {
        let end = rest.iter().position(|&b| b == 0).unwrap_or(rest.len());
        let Ok(view) = std::str::from_utf8(&rest[..end]) else {
            return;
        };
        if view.len() > 4096 || parse_view(view).is_err() {
            return;
        }
        (view.to_string(), rest.get(end + 1..).unwrap_or(&[]), false)
    };
    let mut pos = 0;
    for _ in 0..12 {
        if pos + 2 > choices.len() {
            break;
        }
        let mut pick = |n: usize| {
            let v = match choices.get(pos..pos + 2) {
                Some(b) => usize::from(u16::from_le_bytes([b[0], b[1]])),
                None => 0,
            };
            pos += 2;
            v % n.max(1)
        };
        // None: the view has no element to edit (a view from the input may be `{1}`).
        let Some(change) = edit::pick_change(&src, &mut pick) else {
            break;
        };
        let e = match edit::apply(&src, &change) {
            Ok(e) => e,
            Err(EditError::Breaks { message }) => {
                panic!("{change:?} broke the view: {message}\n{src}")
            }
            Err(_) => continue,
        };
        let mut at = 0;
        for t in &e.edits {
            assert!(
                t.range.start >= at && t.range.start <= t.range.end && t.range.end <= src.len()
            );
            at = t.range.end;
        }
        let new = e.apply(&src);
        assert!(
            parse_view(&new).is_ok(),
            "{change:?} does not re-parse:\n{new}"
        );
        check_reading(&new, e.node);
        if let Some(inverse) = &e.inverse {
            match edit::apply(&new, inverse) {
                Ok(ie) => {
                    let back = ie.apply(&new);
                    if exact_inverse(&src, &change) {
                        assert_eq!(back, src, "{change:?} then {inverse:?}");
                    } else {
                        assert_eq!(
                            edit::shape(&back).expect("parses"),
                            edit::shape(&src).expect("parses"),
                            "{change:?} then {inverse:?}"
                        );
                    }
                }
                // A view from the input may already break the placement rules; undoing an
                // edit then may put a node back where the rules refuse it.
                Err(EditError::Placement(_) | EditError::WouldEmpty { .. }) if !strict => {}
                Err(err) => panic!("{change:?}: its inverse {inverse:?} was refused: {err}\n{new}"),
            }
        }
        src = new;
    }
});
