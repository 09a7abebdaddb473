//! Studio assets: images uploaded once and used by any design.
//!
//! A design refers to an asset as `asset:<sha256>`, the lowercase hex SHA-256 of its bytes.
//! The reference names the bytes, not a host: moving the studio, restoring a backup elsewhere
//! or renaming the asset never breaks it. The renderer draws it from the studio's
//! content-addressed URL (`/assets/<sha256>`), and an export rewrites it to where the user's
//! backend will host the file ([`rewrite`], [`export_name`]). No other program can serve an
//! `asset:` reference, so an export that leaves one says so.
//!
//! [`sniff`] judges uploaded bytes (PNG, JPEG, GIF and WebP only) and reads their dimensions.

pub mod sniff;

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::diag::{Code, Diagnostic, Origin};
use crate::json::{LineIndex, Span};
pub use sniff::{ImageInfo, ImageKind, SniffError, SniffLimits, sniff};

/// The scheme of a reference to a studio asset.
pub const SCHEME: &str = "asset:";
/// Where the studio serves an asset's bytes: this prefix and the id.
pub const SERVE_PREFIX: &str = "/assets/";
/// Length of an id: 64 lowercase hex digits.
pub const ID_LEN: usize = 64;

/// Whether `s` is an asset id: 64 lowercase hex digits.
pub fn is_id(s: &str) -> bool {
    s.len() == ID_LEN && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// The reference a design writes for an asset: `asset:<id>`.
pub fn reference(id: &str) -> String {
    format!("{SCHEME}{id}")
}

/// The id of a whole-string reference (`asset:<id>`, spaces around it allowed).
pub fn parse_ref(s: &str) -> Option<&str> {
    let id = s.trim().strip_prefix(SCHEME)?;
    is_id(id).then_some(id)
}

/// The studio's URL of an asset (root-relative, so it works on any host the studio runs on).
pub fn studio_url(id: &str) -> String {
    format!("{SERVE_PREFIX}{id}")
}

/// A reference found in a text: where `asset:` starts, and the id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    pub start: usize,
    pub id: String,
}

impl Found {
    /// The byte offset just after the reference.
    pub fn end(&self) -> usize {
        self.start + SCHEME.len() + ID_LEN
    }

    /// The byte range of the whole reference.
    pub fn span(&self) -> Span {
        Span::new(self.start, self.end())
    }
}

/// Every `asset:<id>` in a text (source, JSON, a template), in order. A reference starts
/// after a character that is not a letter, digit, `_` or `-`, and its id is exactly 64 hex
/// digits followed by something that is not one.
pub fn find_refs(text: &str) -> Vec<Found> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = text[from..].find(SCHEME) {
        let start = from + i;
        from = start + SCHEME.len();
        let before_ok = start == 0 || {
            let c = b[start - 1];
            !(c.is_ascii_alphanumeric() || c == b'_' || c == b'-')
                // In JSON text, after an escaped line break or tab (`\nasset:…`).
                || (start >= 2 && b[start - 2] == b'\\' && matches!(c, b'n' | b't' | b'r'))
        };
        let id_end = from + ID_LEN;
        if !before_ok || id_end > b.len() {
            continue;
        }
        let id = &text[from..id_end];
        let after_ok = b.get(id_end).is_none_or(|c| !c.is_ascii_hexdigit());
        if is_id(id) && after_ok {
            out.push(Found {
                start,
                id: id.to_string(),
            });
            from = id_end;
        }
    }
    out
}

/// The ids a text refers to.
pub fn ids_in(text: &str) -> BTreeSet<String> {
    find_refs(text).into_iter().map(|f| f.id).collect()
}

/// The text with each reference replaced by what `to` gives for its id (kept when `None`).
pub fn rewrite(text: &str, mut to: impl FnMut(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for f in find_refs(text) {
        if let Some(new) = to(&f.id) {
            out.push_str(&text[at..f.start]);
            out.push_str(&new);
            at = f.end();
        }
    }
    out.push_str(&text[at..]);
    out
}

/// The file name an export gives an asset: its name's stem made URL-safe, the first 8 digits
/// of its id (two assets with one name stay apart), and the extension its bytes call for.
/// `Logo (final).PNG` with id `3fa2b1c4…` is `logo-final-3fa2b1c4.png`.
pub fn export_name(name: &str, id: &str, kind: ImageKind) -> String {
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    let mut slug = String::new();
    for c in stem.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
        if slug.len() >= 40 {
            break;
        }
    }
    let slug = slug.trim_end_matches('-');
    let short = &id[..id.len().min(8)];
    if slug.is_empty() {
        format!("asset-{short}.{}", kind.ext())
    } else {
        format!("{slug}-{short}.{}", kind.ext())
    }
}

/// The text with every URL whose last segment is one of `names` (file name → asset id)
/// replaced by that asset's reference: how an exported design, whose references point at
/// `BASE/name`, gets its assets back when it is imported with its `assets/` folder. A URL
/// here is a run of characters up to a quote, space, backslash, `<`, `>`, `(`, `)`, `{` or
/// `}`; `name` must end it.
pub fn relink(text: &str, names: &std::collections::BTreeMap<String, String>) -> String {
    if names.is_empty() {
        return text.to_string();
    }
    let stop = |c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '"' | '\'' | '\\' | '<' | '>' | '(' | ')' | '{' | '}' | '`'
            )
    };
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        let Some(start) = rest.find(|c: char| !stop(c)) else {
            out.push_str(rest);
            break;
        };
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        // In JSON text, the letter of an escape (`\n`, `\t`) is not part of a URL.
        if out.ends_with('\\') {
            let c = rest.chars().next().unwrap_or_default();
            out.push(c);
            rest = &rest[c.len_utf8()..];
            continue;
        }
        let end = rest.find(stop).unwrap_or(rest.len());
        let token = &rest[..end];
        let last = token.rsplit('/').next().unwrap_or(token);
        // Only a URL that ends in `/NAME`, where NAME is an exported asset's name (it carries
        // the first digits of the asset's id): another site's `logo.png` stays.
        match names.get(last) {
            Some(id) if token.len() > last.len() && exported_name_of(last, id) => {
                out.push_str(&reference(id))
            }
            _ => out.push_str(token),
        }
        rest = &rest[end..];
    }
    out
}

/// `design` with every URL that ends in one of `names` (file name → asset id, as
/// [`export_name`] names them) turned back into that asset's reference ([`relink`]), in its
/// view, states and all: how a design exported with an asset base comes back to a studio that
/// holds its images (a `.widget` imported in the editor, a zip with its `assets/` folder).
/// Returns whether anything changed.
pub fn relink_design(
    design: &mut crate::design::Design,
    names: &std::collections::BTreeMap<String, String>,
) -> bool {
    if names.is_empty() {
        return false;
    }
    let Ok(text) = serde_json::to_string(&*design) else {
        return false;
    };
    let linked = relink(&text, names);
    if linked == text {
        return false;
    }
    match serde_json::from_str(&linked) {
        Ok(d) => {
            *design = d;
            true
        }
        Err(_) => false,
    }
}

/// Whether `name` is what [`export_name`] gives the asset `id` (`…-<first 8 digits>.<ext>`).
fn exported_name_of(name: &str, id: &str) -> bool {
    let Some((stem, _ext)) = name.rsplit_once('.') else {
        return false;
    };
    stem.rsplit_once('-')
        .is_some_and(|(_, digits)| digits.len() == 8 && id.starts_with(digits))
}

/// A `data:` URL holding an image's bytes (standard base64, padded).
pub fn data_url(kind: ImageKind, bytes: &[u8]) -> String {
    let mut b64: String = crate::widgetfile::base64url_encode(bytes)
        .chars()
        .map(|c| match c {
            '-' => '+',
            '_' => '/',
            c => c,
        })
        .collect();
    while !b64.len().is_multiple_of(4) {
        b64.push('=');
    }
    format!("data:{};base64,{b64}", kind.mime())
}

/// A size as people read it: `812 B`, `7.8 KiB`, `5.0 MiB`, `1.0 GiB`.
pub fn size_text(n: u64) -> String {
    match n {
        0..1024 => format!("{n} B"),
        1024..1_048_576 => format!("{:.1} KiB", n as f64 / 1024.0),
        1_048_576..1_073_741_824 => format!("{:.1} MiB", n as f64 / 1_048_576.0),
        _ => format!("{:.1} GiB", n as f64 / 1_073_741_824.0),
    }
}

/// The alt text an image inserted from an asset starts with: its name without the extension,
/// with separators as spaces (`team-photo_2.png` → `team photo 2`), or `Image`.
pub fn alt_from_name(name: &str) -> String {
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    let words: Vec<&str> = stem
        .split(|c: char| c == '-' || c == '_' || c.is_whitespace())
        .filter(|w| !w.is_empty())
        .collect();
    let alt: String = words
        .join(" ")
        .chars()
        .filter(|c| !matches!(c, '"' | '{' | '}' | '<' | '>' | '&' | '\\') && !c.is_control())
        .take(120)
        .collect();
    if alt.trim().is_empty() {
        "Image".into()
    } else {
        alt.trim().to_string()
    }
}

/// Checks and normalises where an export's assets will be hosted: an `http(s)://` URL or a
/// path (`/static/widgets/`, `assets/`), ending in `/`. The answer is safe inside JSON and
/// HTML attributes (no quotes, spaces, backslashes or control characters).
pub fn check_base(base: &str) -> Result<String, String> {
    let t = base.trim();
    if t.is_empty() {
        return Err("the asset base URL is empty; give where your backend will host the files, such as https://cdn.example.com/widgets/".into());
    }
    if t.len() > 500 {
        return Err("the asset base URL is longer than 500 characters".into());
    }
    if let Some(c) = t.chars().find(|c| {
        c.is_control() || c.is_whitespace() || matches!(c, '"' | '\'' | '\\' | '<' | '>' | '`')
    }) {
        return Err(format!(
            "the asset base URL has {c:?}; use a plain http(s) URL or path"
        ));
    }
    let lower = t.to_ascii_lowercase();
    if t.contains(':') && !(lower.starts_with("https://") || lower.starts_with("http://")) {
        return Err(format!(
            "the asset base URL {t:?} is not http(s); use https://… or a path such as /static/widgets/"
        ));
    }
    if t.contains(['?', '#']) {
        return Err("the asset base URL may not have a query or fragment".into());
    }
    // `http://` alone made the file name the host (`http://logo.png`).
    if let Some(rest) = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
    {
        let host = rest.split('/').next().unwrap_or("");
        if host.is_empty() {
            return Err(format!(
                "the asset base URL {t:?} has no host; give one, such as https://cdn.example.com/widgets/"
            ));
        }
        if host.contains('@') {
            return Err(format!(
                "the asset base URL {t:?} holds a user name or password, which every image URL would carry; give the host alone"
            ));
        }
    }
    Ok(if t.ends_with('/') {
        t.to_string()
    } else {
        format!("{t}/")
    })
}

/// Warnings for references to assets that do not exist, located in the design's source and,
/// with their origin, in its states (each printed as JSON with two-space indentation, as
/// everywhere else a state is located).
pub fn missing(
    source: &str,
    states: &[(String, &serde_json::Value)],
    exists: impl Fn(&str) -> bool,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut check = |text: &str, origin: Option<Origin>| {
        let refs = find_refs(text);
        if refs.is_empty() {
            return;
        }
        let index = LineIndex::new(text);
        for f in refs.into_iter().filter(|f| !exists(&f.id)) {
            let span = f.span();
            let (line, column) = index.line_col(text, f.start);
            let mut d = Diagnostic::new(
                Code::MissingAsset,
                "",
                span,
                format!(
                    "no asset {}…: it was deleted, or the design came from another studio without it; upload the image again, or pick one in the Assets panel",
                    &f.id[..12]
                ),
            );
            d.line = line;
            d.column = column;
            d.origin = origin.clone();
            out.push(d);
        }
    };
    check(source, None);
    // Written out (to locate the references in the state's text) only when a string in it
    // names the scheme: the editor asks after every edit, and most states name none.
    for (name, value) in states.iter().filter(|(_, v)| mentions_scheme(v)) {
        let text = serde_json::to_string_pretty(value).unwrap_or_default();
        check(&text, Some(Origin::State(name.clone())));
    }
    out
}

/// Whether a string (a value or a key) anywhere in `v` holds [`SCHEME`].
fn mentions_scheme(v: &serde_json::Value) -> bool {
    use serde_json::Value;
    match v {
        Value::String(s) => s.contains(SCHEME),
        Value::Array(a) => a.iter().any(mentions_scheme),
        Value::Object(o) => o
            .iter()
            .any(|(k, v)| k.contains(SCHEME) || mentions_scheme(v)),
        _ => false,
    }
}

/// What the studio says about an asset (the answer of `GET /api/assets` and uploads).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AssetInfo {
    /// The id: the SHA-256 of the bytes, in lowercase hex.
    pub id: String,
    /// Where the studio serves the bytes (root-relative).
    pub url: String,
    /// The same as `id`.
    pub sha256: String,
    /// The reference a design writes: `asset:<id>`.
    pub reference: String,
    /// The name it was uploaded with (or renamed to).
    pub name: String,
    /// Its media type, judged by its bytes: `image/png`, `image/jpeg`, `image/gif` or `image/webp`.
    #[serde(rename = "type", with = "kind_as_mime")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub kind: ImageKind,
    /// Bytes.
    pub size: u64,
    pub width: u32,
    pub height: u32,
    /// When it was first uploaded (RFC 3339).
    pub created_at: String,
    /// Who uploaded it.
    #[serde(default)]
    pub created_by: String,
    /// The designs that refer to it (their latest revisions, the trash included).
    #[serde(default)]
    pub used_by: Vec<AssetUse>,
}

impl AssetInfo {
    /// The file name an export gives it ([`export_name`]).
    pub fn export_name(&self) -> String {
        export_name(&self.name, &self.id, self.kind)
    }
}

/// A design that refers to an asset.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AssetUse {
    pub id: String,
    pub name: String,
    /// Whether the design is in the trash.
    #[serde(default)]
    pub deleted: bool,
    /// Whether only an earlier revision refers to it (a share link may be pinned to one).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub history: bool,
}

/// `GET /api/assets`: every asset, newest first, and the room left.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AssetList {
    pub assets: Vec<AssetInfo>,
    /// Bytes of every asset together.
    pub total_bytes: u64,
    /// The most all assets may take together.
    pub quota_bytes: u64,
    /// The most one asset may take.
    pub max_bytes: u64,
}

/// `POST /api/assets`: the assets uploaded (one per file; a file already held is answered
/// with the asset that holds its bytes).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Uploaded {
    pub assets: Vec<AssetInfo>,
}

mod kind_as_mime {
    use super::ImageKind;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(k: &ImageKind, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(k.mime())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<ImageKind, D::Error> {
        let s = String::deserialize(d)?;
        ImageKind::from_mime(&s).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "type {s:?}: expected image/png, image/jpeg, image/gif or image/webp"
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const A: &str = "3fa2b1c45d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708";
    const B: &str = "0000000000000000000000000000000000000000000000000000000000000001";

    #[test]
    fn a_design_exported_with_a_base_gets_its_references_back() {
        let mut d = crate::design::Design::jsx(
            "P",
            "<Card><Image src=\"https://cdn.p.example/p/logo-3fa2b1c4.png\" alt=\"Logo\" /></Card>",
            json!({"logo": "https://cdn.p.example/p/logo-3fa2b1c4.png", "other": "https://x.example/logo.png"}),
        );
        let names =
            std::collections::BTreeMap::from([("logo-3fa2b1c4.png".to_string(), A.to_string())]);
        assert!(relink_design(&mut d, &names));
        assert_eq!(d.default_state["logo"], format!("asset:{A}"));
        assert!(
            d.source.contains(&format!("src=\"asset:{A}\"")),
            "{}",
            d.source
        );
        // Another site's file of another name stays; nothing left to do is said so.
        assert_eq!(d.default_state["other"], "https://x.example/logo.png");
        assert!(!relink_design(&mut d, &names));
        assert!(!relink_design(&mut d, &Default::default()));
    }

    #[test]
    fn references_are_found_only_whole() {
        let text = format!(
            r#"<Image src="asset:{A}" /> x-asset:{B} asset:{A}0 asset:{} "asset:{B}""#,
            &A[..60]
        );
        let found = find_refs(&text);
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].id, A);
        assert_eq!(found[1].id, B);
        assert_eq!(&text[found[0].start..found[0].end()], format!("asset:{A}"));
        assert_eq!(parse_ref(&format!(" asset:{A} ")), Some(A));
        assert_eq!(parse_ref(&format!("asset:{}", A.to_uppercase())), None);
        assert_eq!(parse_ref("asset:"), None);
        assert!(find_refs("asset:").is_empty());
        assert!(find_refs("é asset:ü").is_empty());
    }

    #[test]
    fn rewrite_replaces_each_reference_and_nothing_else() {
        let text = format!(r#"{{"src":"asset:{A}","b":"asset:{B}","c":"asset:"}}"#);
        let out = rewrite(&text, |id| {
            (id == A).then(|| "https://cdn/x.png".to_string())
        });
        assert_eq!(
            out,
            format!(r#"{{"src":"https://cdn/x.png","b":"asset:{B}","c":"asset:"}}"#)
        );
        assert_eq!(rewrite(&text, |_| None), text);
    }

    #[test]
    fn export_names_are_url_safe_and_distinct() {
        assert_eq!(
            export_name("Logo (final).PNG", A, ImageKind::Png),
            "logo-final-3fa2b1c4.png"
        );
        assert_eq!(
            export_name("photo.webp", B, ImageKind::Jpeg),
            "photo-00000000.jpg"
        );
        assert_eq!(export_name("ünï.gif", A, ImageKind::Gif), "n-3fa2b1c4.gif");
        assert_eq!(export_name("...", A, ImageKind::Gif), "asset-3fa2b1c4.gif");
        assert_eq!(export_name("", A, ImageKind::Webp), "asset-3fa2b1c4.webp");
    }

    #[test]
    fn relink_turns_exported_urls_back_into_references() {
        let names: std::collections::BTreeMap<String, String> =
            [("logo-3fa2b1c4.png".to_string(), A.to_string())].into();
        let text = r#"{"src":"https://cdn.example/w/logo-3fa2b1c4.png","t":"see logo-3fa2b1c4.png.bak","u":"/x/other.png","v":"<Image src=\"/a/logo-3fa2b1c4.png\" />"}"#;
        let out = relink(text, &names);
        assert_eq!(
            out,
            format!(
                r#"{{"src":"asset:{A}","t":"see logo-3fa2b1c4.png.bak","u":"/x/other.png","v":"<Image src=\"asset:{A}\" />"}}"#
            )
        );
        assert_eq!(relink(text, &Default::default()), text);
        // Another site's file of the same name, or a name not of the export's pattern, stays;
        // an escaped line break before a URL stays an escape.
        let names2: std::collections::BTreeMap<String, String> = [
            ("logo-3fa2b1c4.png".to_string(), A.to_string()),
            ("logo.png".to_string(), A.to_string()),
        ]
        .into();
        let text = r#"{"a":"https://partner.example/logo.png","b":"x\n/w/logo-3fa2b1c4.png"}"#;
        assert_eq!(
            relink(text, &names2),
            format!(r#"{{"a":"https://partner.example/logo.png","b":"x\nasset:{A}"}}"#)
        );
        let wrong_digits: std::collections::BTreeMap<String, String> =
            [("logo-00000000.png".to_string(), A.to_string())].into();
        let text = r#"{"a":"/w/logo-00000000.png"}"#;
        assert_eq!(relink(text, &wrong_digits), text);
        // References after an escaped line break are found.
        assert_eq!(find_refs(&format!(r#""a\nasset:{A}""#)).len(), 1);
    }

    #[test]
    fn sizes_and_alt_texts() {
        assert_eq!(size_text(812), "812 B");
        assert_eq!(size_text(8034), "7.8 KiB");
        assert_eq!(size_text(5 << 20), "5.0 MiB");
        assert_eq!(size_text(1 << 30), "1.0 GiB");
        assert_eq!(alt_from_name("team-photo_2.png"), "team photo 2");
        assert_eq!(alt_from_name("<x>.png"), "x");
        assert_eq!(alt_from_name(".png"), "Image");
        assert_eq!(alt_from_name("a\"b{c}.gif"), "abc");
    }

    #[test]
    fn data_urls_are_standard_base64() {
        assert_eq!(
            data_url(ImageKind::Png, b"\xfb\xff"),
            "data:image/png;base64,+/8="
        );
        assert_eq!(
            data_url(ImageKind::Gif, b"abc"),
            "data:image/gif;base64,YWJj"
        );
        assert_eq!(data_url(ImageKind::Webp, b""), "data:image/webp;base64,");
    }

    #[test]
    fn base_urls_are_checked() {
        assert_eq!(
            check_base("https://cdn.example.com/w").unwrap(),
            "https://cdn.example.com/w/"
        );
        assert_eq!(check_base(" /static/ ").unwrap(), "/static/");
        assert_eq!(check_base("assets").unwrap(), "assets/");
        for bad in [
            "",
            "javascript:alert(1)",
            "data:x",
            "https://a b",
            "/x\"y",
            "/x?y",
            "\\\\evil",
            "http://",
            "https:///w/",
            "https://user:pw@cdn.example.com/",
        ] {
            assert!(check_base(bad).is_err(), "{bad}");
        }
        assert!(check_base("http://").unwrap_err().contains("has no host"));
        assert!(
            check_base("https://u@cdn.example.com/")
                .unwrap_err()
                .contains("user name or password")
        );
        assert_eq!(
            check_base("http://localhost:8080").unwrap(),
            "http://localhost:8080/"
        );
    }

    #[test]
    fn missing_assets_are_located() {
        let source = format!("<Card>\n  <Image src=\"asset:{A}\" />\n</Card>");
        let state = json!({"logo": format!("asset:{B}")});
        let d = missing(&source, &[("default".into(), &state)], |id| id == B);
        assert_eq!(d.len(), 1);
        assert_eq!((d[0].line, d[0].column), (2, 15));
        assert_eq!(d[0].code, Code::MissingAsset);
        assert!(!d[0].is_error());
        let d = missing(&source, &[("default".into(), &state)], |id| id == A);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].origin, Some(Origin::State("default".into())));
        assert_eq!((d[0].line, d[0].column), (2, 12));
        // Deep in arrays, or in a key: still found; a state that names none: nothing.
        let deep = json!({"rows": [{"a": 1}, {"img": [format!("x asset:{B}")]}]});
        let key = json!({ format!("asset:{B}"): true });
        let none = json!({"rows": [{"img": "https://x.test/asset.png"}], "n": 1});
        let states = [
            ("deep".into(), &deep),
            ("key".into(), &key),
            ("none".into(), &none),
        ];
        let d = missing("<Card />", &states, |id| id == A);
        let origins: Vec<_> = d.iter().map(|d| d.origin.clone()).collect();
        assert_eq!(
            origins,
            [
                Some(Origin::State("deep".into())),
                Some(Origin::State("key".into()))
            ]
        );
    }

    #[test]
    fn info_serialises_its_type_as_a_media_type() {
        let info = AssetInfo {
            id: A.into(),
            url: studio_url(A),
            sha256: A.into(),
            reference: reference(A),
            name: "logo.png".into(),
            kind: ImageKind::Png,
            size: 10,
            width: 1,
            height: 1,
            created_at: "2026-12-01T00:00:00.000Z".into(),
            created_by: "admin".into(),
            used_by: vec![],
        };
        let v = serde_json::to_value(&info).unwrap();
        assert_eq!(v["type"], "image/png");
        assert_eq!(v["url"], format!("/assets/{A}"));
        let back: AssetInfo = serde_json::from_value(v).unwrap();
        assert_eq!(back, info);
        assert_eq!(info.export_name(), "logo-3fa2b1c4.png");
    }
}
