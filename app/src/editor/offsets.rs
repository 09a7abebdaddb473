//! Byte offsets ↔ UTF-16 code units.
//!
//! The widget language's spans count bytes of UTF-8; CodeMirror counts UTF-16 code units. Every
//! position that crosses the bridge goes through [`Utf16Index`], built once per text.

/// Converts between byte offsets and UTF-16 offsets of one text.
#[derive(Clone, Debug, Default)]
pub struct Utf16Index {
    /// Every non-ASCII char: where it starts in bytes and in UTF-16 units, and its length in
    /// each. Between two of them the text is ASCII, so both offsets advance together.
    wide: Vec<Wide>,
    len_bytes: usize,
    len_utf16: usize,
}

#[derive(Clone, Copy, Debug)]
struct Wide {
    byte: usize,
    unit: usize,
    bytes: usize,
    units: usize,
}

impl Utf16Index {
    pub fn new(text: &str) -> Utf16Index {
        let mut wide = Vec::new();
        let mut unit = 0usize;
        for (byte, c) in text.char_indices() {
            if !c.is_ascii() {
                wide.push(Wide {
                    byte,
                    unit,
                    bytes: c.len_utf8(),
                    units: c.len_utf16(),
                });
            }
            unit += c.len_utf16();
        }
        Utf16Index {
            wide,
            len_bytes: text.len(),
            len_utf16: unit,
        }
    }

    /// The UTF-16 offset of a byte offset. A byte offset inside a character counts as the
    /// character's start; offsets past the end give the end.
    pub fn to_utf16(&self, byte: usize) -> usize {
        if byte >= self.len_bytes {
            return self.len_utf16;
        }
        let i = self.wide.partition_point(|w| w.byte <= byte);
        match i.checked_sub(1).map(|k| self.wide[k]) {
            None => byte,
            Some(w) if byte < w.byte + w.bytes => w.unit,
            Some(w) => w.unit + w.units + (byte - w.byte - w.bytes),
        }
    }

    /// The byte offset of a UTF-16 offset (inside a surrogate pair: the character's start);
    /// offsets past the end give the end.
    pub fn to_byte(&self, unit: usize) -> usize {
        if unit >= self.len_utf16 {
            return self.len_bytes;
        }
        let i = self.wide.partition_point(|w| w.unit <= unit);
        match i.checked_sub(1).map(|k| self.wide[k]) {
            None => unit,
            Some(w) if unit < w.unit + w.units => w.byte,
            Some(w) => w.byte + w.bytes + (unit - w.unit - w.units),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The slow, obvious conversion.
    fn naive_to_utf16(text: &str, byte: usize) -> usize {
        let mut u = 0;
        for (b, c) in text.char_indices() {
            if b + c.len_utf8() > byte {
                break;
            }
            u += c.len_utf16();
        }
        u
    }

    fn naive_to_byte(text: &str, utf16: usize) -> usize {
        let mut u = 0;
        for (b, c) in text.char_indices() {
            if u + c.len_utf16() > utf16 {
                return b;
            }
            u += c.len_utf16();
        }
        text.len()
    }

    #[test]
    fn ascii_emoji_and_cjk() {
        for text in [
            "",
            "plain <Text value=\"x\" />",
            "<Text value=\"👋 héllo 世界\" />",
            "👋👋",
            "世界a👨‍👩‍👧b",
            "é",
            "a\u{10FFFF}z",
        ] {
            let idx = Utf16Index::new(text);
            for byte in 0..=text.len() + 2 {
                assert_eq!(
                    idx.to_utf16(byte),
                    naive_to_utf16(text, byte.min(text.len())),
                    "{text:?} byte {byte}"
                );
            }
            let units: usize = text.chars().map(char::len_utf16).sum();
            for u in 0..=units + 2 {
                assert_eq!(
                    idx.to_byte(u),
                    naive_to_byte(text, u.min(units)),
                    "{text:?} unit {u}"
                );
            }
        }
    }

    #[test]
    fn a_span_after_an_emoji_lands_on_the_same_text() {
        let text = "<Text value=\"🎉\" /><Badge label=\"新\" />";
        let start = text.find("<Badge").unwrap();
        let idx = Utf16Index::new(text);
        let u = idx.to_utf16(start);
        let as_utf16: Vec<u16> = text.encode_utf16().collect();
        assert_eq!(String::from_utf16(&as_utf16[u..u + 6]).unwrap(), "<Badge");
        assert_eq!(idx.to_byte(u), start);
    }
}
