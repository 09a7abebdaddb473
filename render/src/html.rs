//! A tiny HTML writer for the preview renderer: every text and attribute value is escaped.

/// An HTML string under construction.
pub struct Html {
    out: String,
    /// A node path to write as `data-wgt-path` on the next opened element.
    pending_path: Option<String>,
    /// Where each marked node was drawn, when asked ([`Html::tracing`]): what
    /// [`crate::redraw`] keeps to redraw one node later.
    pub(crate) trace: Option<Vec<crate::redraw::Traced>>,
}

/// `s` with `&`, `<`, `>`, `"` and `'` escaped.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    escape_into(&mut out, s);
    out
}

/// Escapes `&`, `<`, `>`, `"` and `'`.
pub fn escape_into(out: &mut String, s: &str) {
    let mut last = 0;
    for (i, b) in s.bytes().enumerate() {
        let rep = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&s[last..i]);
        out.push_str(rep);
        last = i + 1;
    }
    out.push_str(&s[last..]);
}

impl Html {
    pub fn with_capacity(n: usize) -> Html {
        Html {
            out: String::with_capacity(n),
            pending_path: None,
            trace: None,
        }
    }
    /// A writer that also records where each marked node is drawn.
    pub(crate) fn tracing(n: usize) -> Html {
        Html {
            trace: Some(Vec::new()),
            ..Html::with_capacity(n)
        }
    }
    /// The length written so far, in bytes.
    pub fn len(&self) -> usize {
        self.out.len()
    }
    /// Nothing written yet.
    pub fn is_empty(&self) -> bool {
        self.out.is_empty()
    }
    /// Starts a tag: `<name` (attributes follow, then [`Html::end`]). `tag` is always a literal.
    /// The first tag opened after [`Html::mark_next`] carries its `data-wgt-path`.
    pub fn open(&mut self, tag: &'static str) -> &mut Self {
        self.out.push('<');
        self.out.push_str(tag);
        if let Some(p) = self.pending_path.take() {
            self.attr("data-wgt-path", &p);
        }
        self
    }
    /// Marks the next opened element with a node path (`None` clears a mark not yet used).
    pub fn mark_next(&mut self, path: Option<String>) {
        self.pending_path = path;
    }
    /// ` name="value"` with the value escaped. `name` is always a literal.
    pub fn attr(&mut self, name: &'static str, value: &str) -> &mut Self {
        self.out.push(' ');
        self.out.push_str(name);
        self.out.push_str("=\"");
        escape_into(&mut self.out, value);
        self.out.push('"');
        self
    }
    /// A boolean attribute, present when `on`.
    pub fn flag(&mut self, name: &'static str, on: bool) -> &mut Self {
        if on {
            self.out.push(' ');
            self.out.push_str(name);
        }
        self
    }
    /// The `style` attribute, when there are declarations.
    pub fn style(&mut self, st: &super::style::Style) -> &mut Self {
        if !st.is_empty() {
            let v = st.as_str();
            self.attr("style", v.strip_suffix(';').unwrap_or(v));
        }
        self
    }
    /// Ends the start tag: `>`.
    pub fn end(&mut self) -> &mut Self {
        self.out.push('>');
        self
    }
    /// `</tag>`.
    pub fn close(&mut self, tag: &'static str) -> &mut Self {
        self.out.push_str("</");
        self.out.push_str(tag);
        self.out.push('>');
        self
    }
    /// Escaped text.
    pub fn text(&mut self, s: &str) -> &mut Self {
        escape_into(&mut self.out, s);
        self
    }
    /// Trusted markup: only the renderer's own static strings and the Markdown sanitiser's output.
    pub fn raw(&mut self, s: &str) -> &mut Self {
        self.out.push_str(s);
        self
    }
    pub fn into_string(self) -> String {
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_text_and_attributes() {
        let mut h = Html::with_capacity(0);
        h.open("p")
            .attr("title", "\"><script>'")
            .end()
            .text("<b>&amp;</b>")
            .close("p");
        assert_eq!(
            h.into_string(),
            "<p title=\"&quot;&gt;&lt;script&gt;&#39;\">&lt;b&gt;&amp;amp;&lt;/b&gt;</p>"
        );
    }
}
