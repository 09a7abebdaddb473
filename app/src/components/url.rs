//! The one URL and query-string builder of the studio, used by the pages and the server.

/// Sets (`Some`) or removes (`None`) one query parameter of the page's address in place,
/// without a load or a history entry: a reload, or a copied link, then says the same.
#[cfg(feature = "hydrate")]
pub fn set_address_param(key: &str, value: Option<&str>) {
    let window = leptos::prelude::window();
    let Ok(href) = window.location().href() else {
        return;
    };
    let Ok(url) = leptos::web_sys::Url::new(&href) else {
        return;
    };
    match value {
        Some(v) => url.search_params().set(key, v),
        None => url.search_params().delete(key),
    }
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(
            &leptos::wasm_bindgen::JsValue::NULL,
            "",
            Some(&url.href()),
        );
    }
}

/// Percent-encodes everything but unreserved characters (RFC 3986), for query values.
pub fn urlencode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Reverses [`urlencode`] (`%XX` escapes; `+` stays as it is); `None` for an escape that is
/// not two hex digits or bytes that are not UTF-8.
pub fn urldecode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// `next` when it is a path of this studio ([`crate::api::shares::local_path`]), else `/`
/// (never an open redirect: browsers drop a tab or newline, so `/\t/evil` would be `//evil`).
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if crate::api::shares::local_path(n) => n.to_string(),
        _ => "/".to_string(),
    }
}

/// A path with query parameters, kept in insertion order. Setting a key replaces it in place;
/// an empty value removes it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Href {
    path: String,
    pairs: Vec<(String, String)>,
}

impl Href {
    pub fn new(path: impl Into<String>) -> Href {
        Href {
            path: path.into(),
            pairs: Vec::new(),
        }
    }

    /// Sets `key` (or removes it when `value` is empty or absent).
    pub fn set(mut self, key: &str, value: Option<impl Into<String>>) -> Href {
        let value = value.map(Into::into).filter(|v: &String| !v.is_empty());
        match (self.pairs.iter().position(|(k, _)| k == key), value) {
            (Some(i), Some(v)) => self.pairs[i].1 = v,
            (Some(i), None) => {
                self.pairs.remove(i);
            }
            (None, Some(v)) => self.pairs.push((key.to_string(), v)),
            (None, None) => {}
        }
        self
    }

    /// The value of `key`, if set.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// The pairs other than `except`, for hidden form inputs that keep the rest of the query.
    pub fn pairs_except<'a>(&'a self, except: &'a str) -> impl Iterator<Item = (&'a str, &'a str)> {
        self.pairs
            .iter()
            .filter(move |(k, _)| k != except)
            .map(|(k, v)| (k.as_str(), v.as_str()))
    }
}

impl std::fmt::Display for Href {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.path)?;
        for (i, (k, v)) in self.pairs.iter().enumerate() {
            write!(f, "{}{k}={}", if i == 0 { '?' } else { '&' }, urlencode(v))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_queries() {
        assert_eq!(urlencode("a b&c"), "a%20b%26c");
        let h = Href::new("/designs")
            .set("q", Some("a b"))
            .set("tag", Some("x"))
            .set("sort", None::<String>);
        assert_eq!(h.to_string(), "/designs?q=a%20b&tag=x");
        assert_eq!(h.clone().set("q", Some("")).to_string(), "/designs?tag=x");
        assert_eq!(
            h.clone().set("q", Some("z")).to_string(),
            "/designs?q=z&tag=x"
        );
        assert_eq!(Href::new("/p").to_string(), "/p");
        assert_eq!(h.get("tag"), Some("x"));
        assert_eq!(h.pairs_except("q").collect::<Vec<_>>(), [("tag", "x")]);
    }

    #[test]
    fn only_same_site_paths() {
        assert_eq!(safe_next(Some("//evil.example")), "/");
        assert_eq!(safe_next(Some("https://evil.example")), "/");
        assert_eq!(safe_next(Some("/\\evil")), "/");
        // Browsers drop tabs and newlines from a Location: these would go to //evil.example.
        assert_eq!(safe_next(Some("/\t/evil.example")), "/");
        assert_eq!(safe_next(Some("/\n/evil.example")), "/");
        assert_eq!(safe_next(Some("/s/abc")), "/s/abc");
        assert_eq!(safe_next(None), "/");
    }
}
