//! The blanks a new design starts from: small, valid, and showing the patterns a user edits
//! next (a binding, a `.map` over a list, an action).

use serde_json::json;

use crate::design::Design;

/// What a new design starts as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Starter {
    /// A Card with a title, a line of text and a button.
    Card,
    /// A ListView whose rows come from an array in the state.
    List,
}

impl Starter {
    /// `card` or `list`, as in `/new?kind=`.
    pub fn parse(s: &str) -> Option<Starter> {
        match s {
            "card" => Some(Starter::Card),
            "list" => Some(Starter::List),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Starter::Card => "card",
            Starter::List => "list",
        }
    }

    /// The new design, named `name`.
    pub fn design(self, name: &str) -> Design {
        match self {
            Starter::Card => Design::jsx(
                name,
                r#"<Card size="md">
  <Col gap={2}>
    <Title value={title} size="sm" />
    <Text value={body} color="secondary" />
  </Col>
  <Row justify="end">
    <Button label="Open" style="primary" onClickAction={{ type: "open", payload: { id: id } }} />
  </Row>
</Card>
"#,
                json!({
                    "id": "item-1",
                    "title": "A new card",
                    "body": "Edit the view on the left; the preview follows as you type."
                }),
            ),
            Starter::List => Design::jsx(
                name,
                r#"<ListView>
  {items.map((item) => (
    <ListViewItem key={item.id} gap={3} onClickAction={{ type: "select", payload: { id: item.id } }}>
      <Icon name="star" color="secondary" />
      <Col gap={0}>
        <Text value={item.title} weight="semibold" />
        <Caption value={item.caption} />
      </Col>
    </ListViewItem>
  ))}
</ListView>
"#,
                json!({
                    "items": [
                        {"id": "a", "title": "First row", "caption": "Rows come from items"},
                        {"id": "b", "title": "Second row", "caption": "Click one to send select"}
                    ]
                }),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_starter_builds_cleanly() {
        for s in [Starter::Card, Starter::List] {
            let d = s.design("New");
            assert_eq!(Starter::parse(s.as_str()), Some(s));
            let built = d.build(&d.default_state);
            let w = built.widget.expect("builds");
            assert!(
                built.report.all().next().is_none(),
                "{s:?}: {:?}",
                built.report.all().collect::<Vec<_>>()
            );
            let root = w.to_serde();
            let want = if s == Starter::Card {
                "Card"
            } else {
                "ListView"
            };
            assert_eq!(root["type"], want);
        }
        assert_eq!(Starter::parse("table"), None);
    }
}
