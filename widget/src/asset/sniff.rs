//! Judging an uploaded image by its bytes, and reading its size without decoding it.
//!
//! An upload is judged by what its bytes are, never by its name or the content type the
//! browser sent: only PNG, JPEG, GIF and WebP are accepted. Their dimensions come from the
//! header (PNG's IHDR, JPEG's frame header, GIF's logical screen, WebP's VP8/VP8L/VP8X
//! chunk), so a decompression bomb (a small file that decodes to billions of pixels) is
//! refused before anything decodes it. Everything that is refused says why: what the bytes
//! seem to be instead (HTML, SVG, PDF, …), what is damaged, or which limit is exceeded.
//!
//! [`sniff`] never panics, whatever the bytes, and does no I/O.

use std::fmt;

/// The image formats the studio accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ImageKind {
    /// PNG (and animated PNG).
    Png,
    /// JPEG (JFIF, Exif; baseline, progressive and the rest of the SOF family).
    Jpeg,
    /// GIF (87a and 89a, animated or not).
    Gif,
    /// WebP (lossy, lossless and extended).
    Webp,
}

impl ImageKind {
    /// Every accepted kind, in the order they are named to users.
    pub const ALL: [ImageKind; 4] = [
        ImageKind::Png,
        ImageKind::Jpeg,
        ImageKind::Gif,
        ImageKind::Webp,
    ];

    /// The media type: `image/png`, `image/jpeg`, `image/gif` or `image/webp`.
    pub fn mime(self) -> &'static str {
        match self {
            ImageKind::Png => "image/png",
            ImageKind::Jpeg => "image/jpeg",
            ImageKind::Gif => "image/gif",
            ImageKind::Webp => "image/webp",
        }
    }

    /// The file extension, without a dot: `png`, `jpg`, `gif` or `webp`.
    pub fn ext(self) -> &'static str {
        match self {
            ImageKind::Png => "png",
            ImageKind::Jpeg => "jpg",
            ImageKind::Gif => "gif",
            ImageKind::Webp => "webp",
        }
    }

    /// The kind a media type names. Case and parameters (`; charset=…`) are ignored, and the
    /// common aliases `image/jpg` and `image/pjpeg` are JPEG.
    pub fn from_mime(s: &str) -> Option<ImageKind> {
        let essence = s.split(';').next().unwrap_or_default().trim();
        let lower = essence.to_ascii_lowercase();
        match lower.as_str() {
            "image/png" => Some(ImageKind::Png),
            "image/jpeg" | "image/jpg" | "image/pjpeg" => Some(ImageKind::Jpeg),
            "image/gif" => Some(ImageKind::Gif),
            "image/webp" => Some(ImageKind::Webp),
            _ => None,
        }
    }

    /// The name users know the format by.
    fn name(self) -> &'static str {
        match self {
            ImageKind::Png => "PNG",
            ImageKind::Jpeg => "JPEG",
            ImageKind::Gif => "GIF",
            ImageKind::Webp => "WebP",
        }
    }
}

/// What [`sniff`] learns from an accepted image's header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ImageInfo {
    /// The format, by the bytes.
    pub kind: ImageKind,
    /// Width in pixels (GIF: the logical screen), never 0.
    pub width: u32,
    /// Height in pixels (GIF: the logical screen), never 0.
    pub height: u32,
}

/// The largest image [`sniff`] accepts.
#[derive(Clone, Copy, Debug)]
pub struct SniffLimits {
    /// The most pixels a side may have.
    pub max_side: u32,
    /// The most pixels in all (width × height).
    pub max_pixels: u64,
}

impl Default for SniffLimits {
    /// 8192 px a side, 8192 × 8192 pixels in all.
    fn default() -> Self {
        SniffLimits {
            max_side: 8192,
            max_pixels: 8192 * 8192,
        }
    }
}

/// Why [`sniff`] refused some bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SniffError {
    /// Not PNG/JPEG/GIF/WebP by its bytes; `looks_like` names what it seems to be when
    /// recognisable: "SVG", "HTML", "PDF", "BMP", "TIFF", "ICO", "AVIF/HEIC", "XML", "text",
    /// or None.
    NotAnImage { looks_like: Option<&'static str> },
    /// A known type whose header is cut short or malformed (`what` says what is wrong).
    Damaged { kind: ImageKind, what: String },
    /// Dimensions over the limits (GIF: the logical screen grown to hold every frame).
    TooBig {
        kind: ImageKind,
        width: u32,
        height: u32,
        max_side: u32,
    },
}

/// The end of every refusal that is not about size.
const ACCEPTED: &str = "accepted: PNG, JPEG, GIF and WebP (judged by the bytes)";

impl fmt::Display for SniffError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SniffError::NotAnImage { looks_like } => {
                match *looks_like {
                    None => write!(f, "the file is not an image the studio accepts")?,
                    Some("SVG") => write!(
                        f,
                        "the file is an SVG drawing, which is not accepted (it can carry scripts)"
                    )?,
                    Some("HTML") => write!(f, "the file is HTML, not an image")?,
                    Some("PDF") => write!(f, "the file is a PDF document, not an image")?,
                    Some("XML") => write!(f, "the file is XML, not an image")?,
                    Some("text") => write!(f, "the file is text, not an image")?,
                    Some(other @ ("BMP" | "TIFF")) => {
                        write!(f, "the file is a {other} image, which is not accepted")?
                    }
                    Some(other @ ("ICO" | "AVIF/HEIC")) => {
                        write!(f, "the file is an {other} image, which is not accepted")?
                    }
                    Some(other) => write!(f, "the file looks like {other}, not an image")?,
                }
                write!(f, "; {ACCEPTED}")
            }
            SniffError::Damaged { kind, what } => write!(
                f,
                "the file starts like a {} but is damaged: {what}; {ACCEPTED}, with an intact header",
                kind.name()
            ),
            SniffError::TooBig {
                kind,
                width,
                height,
                max_side,
            } => {
                let name = kind.name();
                if width > max_side || height > max_side {
                    write!(
                        f,
                        "a {name} of {width} × {height} px is too large; at most {max_side} px a side"
                    )
                } else {
                    let pixels = u64::from(*width) * u64::from(*height);
                    write!(
                        f,
                        "a {name} of {width} × {height} px is too large; its {pixels} pixels are more than allowed in all (at most {max_side} px a side)"
                    )
                }
            }
        }
    }
}

impl std::error::Error for SniffError {}

/// Judges `bytes` as an image and reads its size from the header, refusing anything that is
/// not PNG, JPEG, GIF or WebP, is damaged, or is over `limits`. Only the header is read (for
/// GIF, also each frame's descriptor), nothing is decoded.
pub fn sniff(bytes: &[u8], limits: SniffLimits) -> Result<ImageInfo, SniffError> {
    let Some(kind) = kind_of(bytes) else {
        return Err(SniffError::NotAnImage {
            looks_like: looks_like(bytes),
        });
    };
    let (width, height) = match kind {
        ImageKind::Png => png(bytes),
        ImageKind::Jpeg => jpeg(bytes),
        ImageKind::Gif => gif(bytes),
        ImageKind::Webp => webp(bytes),
    }
    .map_err(|what| SniffError::Damaged { kind, what })?;
    // A GIF's frames may reach past its logical screen, and decoders grow the canvas to
    // hold them: the limits apply to what will be drawn.
    let (w, h) = match kind {
        ImageKind::Gif => gif_canvas(bytes, width, height),
        _ => (width, height),
    };
    if w > limits.max_side || h > limits.max_side || u64::from(w) * u64::from(h) > limits.max_pixels
    {
        return Err(SniffError::TooBig {
            kind,
            width: w,
            height: h,
            max_side: limits.max_side,
        });
    }
    Ok(ImageInfo {
        kind,
        width,
        height,
    })
}

const PNG_SIGNATURE: [u8; 8] = [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];

/// The accepted kind the bytes start as, if any (the rest is checked by its parser).
fn kind_of(b: &[u8]) -> Option<ImageKind> {
    if b.starts_with(&PNG_SIGNATURE[..4]) {
        Some(ImageKind::Png)
    } else if b.starts_with(b"GIF8") {
        Some(ImageKind::Gif)
    } else if b.starts_with(&[0xFF, 0xD8]) {
        Some(ImageKind::Jpeg)
    } else if b.starts_with(b"RIFF") {
        // A RIFF file is WebP when its form type is (or, cut short, could still be) "WEBP".
        let form = b.get(8..).unwrap_or_default();
        let n = form.len().min(4);
        (form.get(..n) == b"WEBP".get(..n)).then_some(ImageKind::Webp)
    } else {
        None
    }
}

/// `N` bytes at `at`, if the input holds them.
fn read<const N: usize>(b: &[u8], at: usize) -> Option<[u8; N]> {
    b.get(at..at.checked_add(N)?)?.try_into().ok()
}

fn be16(b: &[u8], at: usize) -> Option<u32> {
    read::<2>(b, at).map(|x| u32::from(u16::from_be_bytes(x)))
}

fn le16(b: &[u8], at: usize) -> Option<u32> {
    read::<2>(b, at).map(|x| u32::from(u16::from_le_bytes(x)))
}

fn le24(b: &[u8], at: usize) -> Option<u32> {
    read::<3>(b, at).map(|[x, y, z]| u32::from_le_bytes([x, y, z, 0]))
}

fn le32(b: &[u8], at: usize) -> Option<u32> {
    read::<4>(b, at).map(u32::from_le_bytes)
}

/// Four bytes (a chunk type) shown safely in a message.
fn fourcc(t: [u8; 4]) -> String {
    t.iter()
        .map(|&c| {
            if c.is_ascii_graphic() || c == b' ' {
                char::from(c)
            } else {
                '?'
            }
        })
        .collect()
}

/// A sentence for a width or height of 0.
fn zero_size(width: u32, height: u32) -> Option<String> {
    match (width, height) {
        (0, _) => Some("its width is 0".into()),
        (_, 0) => Some("its height is 0".into()),
        _ => None,
    }
}

/// PNG: the signature, then the IHDR chunk (length 13) with the size and a valid format.
fn png(b: &[u8]) -> Result<(u32, u32), String> {
    let n = b.len().min(PNG_SIGNATURE.len());
    if b.get(..n) != PNG_SIGNATURE.get(..n) {
        return Err("its signature is damaged (as a transfer in text mode does)".into());
    }
    if b.len() < PNG_SIGNATURE.len() {
        return Err("the file ends inside the signature".into());
    }
    let (Some(length), Some(tag)) = (read::<4>(b, 8), read::<4>(b, 12)) else {
        return Err("the file ends before the image header (IHDR)".into());
    };
    if &tag != b"IHDR" {
        return Err("the signature is not followed by the image header (IHDR)".into());
    }
    let length = u32::from_be_bytes(length);
    if length != 13 {
        return Err(format!(
            "the image header (IHDR) has length {length}, not 13"
        ));
    }
    let Some(ihdr) = read::<13>(b, 16) else {
        return Err("the image header (IHDR) is cut short".into());
    };
    // The chunk ends with its checksum: a file cut before it is not a PNG a browser draws.
    if read::<4>(b, 29).is_none() {
        return Err("the image header (IHDR) is cut short before its checksum".into());
    }
    let width = u32::from_be_bytes([ihdr[0], ihdr[1], ihdr[2], ihdr[3]]);
    let height = u32::from_be_bytes([ihdr[4], ihdr[5], ihdr[6], ihdr[7]]);
    if let Some(what) = zero_size(width, height) {
        return Err(what);
    }
    let (depth, colour) = (ihdr[8], ihdr[9]);
    let depth_ok = match colour {
        0 => matches!(depth, 1 | 2 | 4 | 8 | 16),
        3 => matches!(depth, 1 | 2 | 4 | 8),
        2 | 4 | 6 => matches!(depth, 8 | 16),
        _ => return Err(format!("its colour type {colour} does not exist")),
    };
    if !depth_ok {
        return Err(format!(
            "bit depth {depth} is not allowed with colour type {colour}"
        ));
    }
    if ihdr[10] != 0 || ihdr[11] != 0 || ihdr[12] > 1 {
        return Err("its compression, filter or interlace method does not exist".into());
    }
    Ok((width, height))
}

/// GIF: "GIF87a" or "GIF89a", then the logical screen descriptor (width and height as
/// little-endian u16 at offset 6).
fn gif(b: &[u8]) -> Result<(u32, u32), String> {
    let Some(version) = read::<2>(b, 4) else {
        return Err("the file ends inside the signature".into());
    };
    if &version != b"7a" && &version != b"9a" {
        return Err("its version is neither 87a nor 89a".into());
    }
    let (Some(width), Some(height), Some(_)) = (le16(b, 6), le16(b, 8), read::<3>(b, 10)) else {
        return Err("the logical screen descriptor is cut short".into());
    };
    if let Some(what) = zero_size(width, height) {
        return Err(what);
    }
    Ok((width, height))
}

/// The size a GIF is drawn at: its logical screen, grown to hold every frame whose
/// descriptor the file holds. Walks the blocks without decoding, and stops at the trailer,
/// at the end of the bytes or at anything unexpected (as decoders do).
fn gif_canvas(b: &[u8], width: u32, height: u32) -> (u32, u32) {
    /// The position after a run of data sub-blocks that starts at `pos`.
    fn skip_sub_blocks(b: &[u8], mut pos: usize) -> Option<usize> {
        loop {
            let n = usize::from(*b.get(pos)?);
            pos = pos.checked_add(1 + n)?;
            if n == 0 {
                return Some(pos);
            }
        }
    }
    /// The size of a colour table that `flags` announce.
    fn table(flags: u8) -> usize {
        if flags & 0x80 != 0 {
            3 << ((flags & 7) + 1)
        } else {
            0
        }
    }
    let (mut w, mut h) = (width, height);
    let mut walk = || -> Option<()> {
        let mut pos = 13usize.checked_add(table(*b.get(10)?))?;
        loop {
            match *b.get(pos)? {
                // Extension: its label, then sub-blocks.
                0x21 => pos = skip_sub_blocks(b, pos.checked_add(2)?)?,
                // Image descriptor: left, top, width, height, flags; a local colour table;
                // the LZW code size; then the image data in sub-blocks.
                0x2C => {
                    let d = read::<9>(b, pos.checked_add(1)?)?;
                    let right = u32::from(u16::from_le_bytes([d[0], d[1]]))
                        + u32::from(u16::from_le_bytes([d[4], d[5]]));
                    let bottom = u32::from(u16::from_le_bytes([d[2], d[3]]))
                        + u32::from(u16::from_le_bytes([d[6], d[7]]));
                    w = w.max(right);
                    h = h.max(bottom);
                    pos = pos.checked_add(10 + table(d[8]) + 1)?;
                    pos = skip_sub_blocks(b, pos)?;
                }
                _ => return None,
            }
        }
    };
    walk();
    (w, h)
}

/// The most segments read before a JPEG's frame header (real files have a handful).
const JPEG_MAX_SEGMENTS: usize = 1024;

/// JPEG: FF D8, then marker segments up to the first frame header (SOF), whose height and
/// width are big-endian u16 at offsets 5 and 7 of the segment.
fn jpeg(b: &[u8]) -> Result<(u32, u32), String> {
    const END: &str = "the file ends before the frame header (SOF) that gives the size";
    let mut pos = 2usize;
    for _ in 0..JPEG_MAX_SEGMENTS {
        match b.get(pos) {
            None => return Err(END.into()),
            Some(0xFF) => {}
            Some(x) => {
                return Err(format!(
                    "byte {pos} is 0x{x:02X} where a marker should start"
                ));
            }
        }
        // The marker's 0xFF and any fill bytes.
        while b.get(pos) == Some(&0xFF) {
            pos += 1;
        }
        let Some(&marker) = b.get(pos) else {
            return Err(END.into());
        };
        pos += 1;
        match marker {
            // Standalone markers (restart, TEM): no length.
            0xD0..=0xD7 | 0x01 => continue,
            0x00 => return Err("a stuffed 0xFF00 stands where a marker should".into()),
            0xD8 => {
                return Err("a second start of image (SOI) comes before the frame header".into());
            }
            0xD9 => return Err("the image ends (EOI) before the frame header (SOF)".into()),
            0xDA => return Err("the scan starts (SOS) before the frame header (SOF)".into()),
            _ => {}
        }
        let Some(length) = be16(b, pos) else {
            return Err(END.into());
        };
        if length < 2 {
            return Err(format!("segment FF{marker:02X} has length {length}"));
        }
        let sof = matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC);
        if sof {
            // Length, precision, height, width, component count.
            if length < 8 {
                return Err(format!("the frame header (SOF) has length {length}"));
            }
            let (Some(height), Some(width), Some(_)) =
                (be16(b, pos + 3), be16(b, pos + 5), b.get(pos + 7))
            else {
                return Err("the frame header (SOF) is cut short".into());
            };
            if height == 0 {
                return Err(
                    "its height is 0 (given later by a DNL marker, which is not supported)".into(),
                );
            }
            if let Some(what) = zero_size(width, height) {
                return Err(what);
            }
            return Ok((width, height));
        }
        pos = pos.saturating_add(length as usize);
    }
    Err(format!(
        "no frame header (SOF) within its first {JPEG_MAX_SEGMENTS} segments"
    ))
}

/// WebP: "RIFF", a size, "WEBP", then a VP8, VP8L or VP8X chunk that gives the size.
fn webp(b: &[u8]) -> Result<(u32, u32), String> {
    if b.len() < 12 {
        return Err("the file ends inside the RIFF header".into());
    }
    let (Some(tag), Some(size)) = (read::<4>(b, 12), le32(b, 16)) else {
        return Err("the file ends before the first chunk".into());
    };
    let payload = b.get(20..).unwrap_or_default();
    let need = match &tag {
        b"VP8 " => 10,
        b"VP8L" => 5,
        b"VP8X" => 10,
        _ => {
            return Err(format!(
                "its first chunk is {:?}, not VP8, VP8L or VP8X",
                fourcc(tag)
            ));
        }
    };
    let name = fourcc(tag);
    let name = name.trim_end();
    if size < need {
        return Err(format!(
            "its {name} chunk has length {size}, less than {need}"
        ));
    }
    if payload.len() < need as usize {
        return Err(format!("its {name} header is cut short"));
    }
    let (width, height) = match &tag {
        b"VP8 " => {
            if payload.first().is_some_and(|t| t & 1 != 0) {
                return Err("its first VP8 frame is not a key frame".into());
            }
            if payload.get(3..6) != Some(&[0x9D, 0x01, 0x2A][..]) {
                return Err("its VP8 start code is missing".into());
            }
            let (Some(w), Some(h)) = (le16(payload, 6), le16(payload, 8)) else {
                return Err("its VP8 header is cut short".into());
            };
            (w & 0x3FFF, h & 0x3FFF)
        }
        b"VP8L" => {
            if payload.first() != Some(&0x2F) {
                return Err("its VP8L signature byte is not 0x2F".into());
            }
            let Some(bits) = le32(payload, 1) else {
                return Err("its VP8L header is cut short".into());
            };
            if bits >> 29 != 0 {
                return Err(format!("its VP8L version {} does not exist", bits >> 29));
            }
            ((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1)
        }
        _ => {
            let (Some(w), Some(h)) = (le24(payload, 4), le24(payload, 7)) else {
                return Err("its VP8X header is cut short".into());
            };
            (w + 1, h + 1)
        }
    };
    if let Some(what) = zero_size(width, height) {
        return Err(what);
    }
    Ok((width, height))
}

/// What bytes that are no accepted image seem to be, for the refusal.
fn looks_like(b: &[u8]) -> Option<&'static str> {
    if b.is_empty() {
        return None;
    }
    if b.starts_with(b"%PDF-") {
        return Some("PDF");
    }
    // "BM", the file size, then four reserved bytes that are 0.
    if b.starts_with(b"BM") && read::<4>(b, 6) == Some([0; 4]) {
        return Some("BMP");
    }
    if b.starts_with(b"II*\0") || b.starts_with(b"MM\0*") {
        return Some("TIFF");
    }
    // Reserved 0, type 1 (icon), then a count of images that is not 0.
    if b.starts_with(&[0, 0, 1, 0]) && read::<2>(b, 4).is_none_or(|n| n != [0, 0]) {
        return Some("ICO");
    }
    if is_heif(b) {
        return Some("AVIF/HEIC");
    }
    let head = b.get(..b.len().min(1024)).unwrap_or_default();
    if let Some(markup) = markup(head) {
        return Some(markup);
    }
    is_text(b).then_some("text")
}

/// An ISO base media file (`ftyp` box first) whose brands are AVIF's or HEIF's.
fn is_heif(b: &[u8]) -> bool {
    const BRANDS: [&[u8; 4]; 10] = [
        b"avif", b"avis", b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1",
    ];
    if read::<4>(b, 4) != Some(*b"ftyp") {
        return false;
    }
    // The major brand, the minor version, then compatible brands to the box's end.
    let size = read::<4>(b, 0).map_or(0, u32::from_be_bytes);
    let end = (size as usize).clamp(12, 64).min(b.len());
    let brands = b.get(8..end).unwrap_or_default();
    brands
        .chunks_exact(4)
        .enumerate()
        .filter(|&(i, _)| i != 1)
        .any(|(_, brand)| BRANDS.iter().any(|x| &x[..] == brand))
}

/// Whether `s` starts with `prefix`, ignoring ASCII case.
fn starts_ci(s: &[u8], prefix: &[u8]) -> bool {
    s.get(..prefix.len())
        .is_some_and(|h| h.eq_ignore_ascii_case(prefix))
}

/// What follows the first `end` in `s`.
fn after<'a>(s: &'a [u8], end: &[u8]) -> Option<&'a [u8]> {
    let i = s.windows(end.len()).position(|w| w == end)?;
    s.get(i + end.len()..)
}

/// Tags that make markup HTML when they come first (the WHATWG sniffing list, and a few).
const HTML_TAGS: [&str; 19] = [
    "html", "head", "body", "script", "iframe", "h1", "div", "font", "table", "a", "style",
    "title", "b", "br", "p", "meta", "link", "form", "noscript",
];

/// SVG, HTML or XML, by the first element (or doctype) after an optional byte order mark,
/// whitespace, XML declaration, processing instructions and comments.
fn markup(head: &[u8]) -> Option<&'static str> {
    let mut s = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let mut xml = false;
    let otherwise = |xml: bool| xml.then_some("XML");
    loop {
        s = s.trim_ascii_start();
        if s.starts_with(b"<?") {
            xml |= starts_ci(s, b"<?xml");
            match after(s.get(2..)?, b"?>") {
                Some(rest) => s = rest,
                None => return otherwise(xml),
            }
        } else if s.starts_with(b"<!--") {
            match after(s.get(4..)?, b"-->") {
                Some(rest) => s = rest,
                None => return otherwise(xml),
            }
        } else if starts_ci(s, b"<!doctype") {
            let rest = s.get(9..)?.trim_ascii_start();
            let name = tag_name(rest);
            if name.eq_ignore_ascii_case("html") {
                return Some("HTML");
            }
            if name.eq_ignore_ascii_case("svg") {
                return Some("SVG");
            }
            // Skip the doctype, with any internal subset in brackets.
            let close = rest.iter().position(|&c| c == b'>' || c == b'[');
            let rest = match close.and_then(|i| rest.get(i..)) {
                Some(r) if r.starts_with(b"[") => after(r, b"]"),
                Some(r) => Some(r),
                None => None,
            };
            match rest.and_then(|r| after(r, b">")) {
                Some(rest) => s = rest,
                None => return otherwise(xml),
            }
        } else if let Some(rest) = s.strip_prefix(b"<") {
            let name = tag_name(rest).to_ascii_lowercase();
            if name == "svg" || name.ends_with(":svg") {
                return Some("SVG");
            }
            if HTML_TAGS.contains(&name.as_str()) {
                return Some("HTML");
            }
            return otherwise(xml);
        } else {
            return otherwise(xml);
        }
    }
}

/// The name at the start of `s` (letters, digits, `:`, `-`, `_`, `.`), as text.
fn tag_name(s: &[u8]) -> String {
    s.iter()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, b':' | b'-' | b'_' | b'.'))
        .map(|&c| char::from(c))
        .collect()
}

/// Whether the first 512 bytes are UTF-8 text without NULs (a character cut at byte 512
/// is allowed).
fn is_text(b: &[u8]) -> bool {
    let sample = b.get(..b.len().min(512)).unwrap_or_default();
    if sample.contains(&0) {
        return false;
    }
    match std::str::from_utf8(sample) {
        Ok(_) => true,
        Err(e) => e.error_len().is_none() && sample.len() < b.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sniff_default(b: &[u8]) -> Result<ImageInfo, SniffError> {
        sniff(b, SniffLimits::default())
    }

    fn info(kind: ImageKind, width: u32, height: u32) -> ImageInfo {
        ImageInfo {
            kind,
            width,
            height,
        }
    }

    fn not_an_image(b: &[u8]) -> Option<&'static str> {
        match sniff_default(b) {
            Err(SniffError::NotAnImage { looks_like }) => looks_like,
            other => panic!("{:?}: expected NotAnImage, got {other:?}", b),
        }
    }

    fn damaged(b: &[u8]) -> (ImageKind, String) {
        match sniff_default(b) {
            Err(SniffError::Damaged { kind, what }) => (kind, what),
            other => panic!("{:?}: expected Damaged, got {other:?}", b),
        }
    }

    fn hex(s: &str) -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    }

    // Real 1 × 1 images.
    fn png_1x1() -> Vec<u8> {
        hex(concat!(
            "89504e470d0a1a0a0000000d4948445200000001000000010806000000",
            "1f15c4890000000d49444154789c63f8cfc0f01f00050001ff89993d1d",
            "0000000049454e44ae426082"
        ))
    }

    fn gif_1x1() -> Vec<u8> {
        hex(
            "47494638396101000100800000000000ffffff21f90401000000002c00000000010001000002024401003b",
        )
    }

    /// Baseline, one grey component: DQT, SOF0, DC and AC Huffman tables of one code
    /// each, SOS, one block (DC 0, EOB), EOI.
    fn jpeg_1x1() -> Vec<u8> {
        let mut b = vec![0xFF, 0xD8];
        b.extend([0xFF, 0xDB, 0x00, 0x43, 0x00]);
        b.extend([1u8; 64]);
        b.extend([
            0xFF, 0xC0, 0x00, 0x0B, 0x08, 0x00, 0x01, 0x00, 0x01, 0x01, 0x01, 0x11, 0x00,
        ]);
        for class in [0x00, 0x10] {
            b.extend([0xFF, 0xC4, 0x00, 0x14, class, 0x01]);
            b.extend([0u8; 15]);
            b.push(0x00);
        }
        b.extend([0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3F, 0x00]);
        b.extend([0x3F, 0xFF, 0xD9]);
        b
    }

    fn webp_lossy_1x1() -> Vec<u8> {
        hex("52494646220000005745425056503820160000003001009d012a010001000ec0fe25a400037000000000")
    }

    fn webp_lossless_1x1() -> Vec<u8> {
        hex("524946461a000000574542505650384c0d0000002f00000010071011118888fe0700")
    }

    fn webp_extended_1x1() -> Vec<u8> {
        hex(concat!(
            "524946464a00000057454250565038580a00000010000000000000000000",
            "414c50480c00000011071011fd0f4444ff03000056503820180000001401",
            "009d012a010001000000fe00000dc000fee6b5000000"
        ))
    }

    // Hand-built headers.
    fn png_header(width: u32, height: u32) -> Vec<u8> {
        let mut b = PNG_SIGNATURE.to_vec();
        b.extend(13u32.to_be_bytes());
        b.extend(b"IHDR");
        b.extend(width.to_be_bytes());
        b.extend(height.to_be_bytes());
        b.extend([8, 6, 0, 0, 0]);
        b.extend([0; 4]); // CRC (not checked)
        b
    }

    fn gif_header(width: u16, height: u16) -> Vec<u8> {
        let mut b = b"GIF89a".to_vec();
        b.extend(width.to_le_bytes());
        b.extend(height.to_le_bytes());
        b.extend([0, 0, 0]);
        b.push(0x3B);
        b
    }

    /// APP0, fill bytes, a restart marker and a progressive frame header (SOF2).
    fn jpeg_header(width: u16, height: u16) -> Vec<u8> {
        let mut b = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10];
        b.extend(b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0");
        b.extend([0xFF, 0xFF, 0xFF, 0xD0]);
        b.extend([0xFF, 0xFE, 0x00, 0x05, b'h', b'i', b'!']);
        b.extend([0xFF, 0xC2, 0x00, 0x11, 0x08]);
        b.extend(height.to_be_bytes());
        b.extend(width.to_be_bytes());
        b.extend([3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
        b
    }

    fn riff(chunk: &[u8; 4], payload: &[u8]) -> Vec<u8> {
        let mut b = b"RIFF".to_vec();
        b.extend((payload.len() as u32 + 12).to_le_bytes());
        b.extend(b"WEBP");
        b.extend(chunk);
        b.extend((payload.len() as u32).to_le_bytes());
        b.extend(payload);
        b
    }

    fn webp_vp8(width: u16, height: u16) -> Vec<u8> {
        let mut p = vec![0x10, 0x02, 0x00, 0x9D, 0x01, 0x2A];
        p.extend(width.to_le_bytes());
        p.extend(height.to_le_bytes());
        riff(b"VP8 ", &p)
    }

    fn webp_vp8l(width: u32, height: u32) -> Vec<u8> {
        let bits = (width - 1) | ((height - 1) << 14);
        let mut p = vec![0x2F];
        p.extend(bits.to_le_bytes());
        riff(b"VP8L", &p)
    }

    fn webp_vp8x(width: u32, height: u32) -> Vec<u8> {
        let mut p = vec![0x10, 0, 0, 0];
        p.extend(&(width - 1).to_le_bytes()[..3]);
        p.extend(&(height - 1).to_le_bytes()[..3]);
        riff(b"VP8X", &p)
    }

    fn samples() -> Vec<(Vec<u8>, ImageInfo)> {
        use ImageKind::*;
        vec![
            (png_1x1(), info(Png, 1, 1)),
            (gif_1x1(), info(Gif, 1, 1)),
            (jpeg_1x1(), info(Jpeg, 1, 1)),
            (webp_lossy_1x1(), info(Webp, 1, 1)),
            (webp_lossless_1x1(), info(Webp, 1, 1)),
            (webp_extended_1x1(), info(Webp, 1, 1)),
            (png_header(640, 480), info(Png, 640, 480)),
            (gif_header(320, 200), info(Gif, 320, 200)),
            (jpeg_header(4032, 3024), info(Jpeg, 4032, 3024)),
            (webp_vp8(1920, 1080), info(Webp, 1920, 1080)),
            (webp_vp8l(16, 8192), info(Webp, 16, 8192)),
            (webp_vp8x(8192, 8192), info(Webp, 8192, 8192)),
        ]
    }

    #[test]
    fn valid_images_are_read() {
        for (bytes, want) in samples() {
            assert_eq!(sniff_default(&bytes), Ok(want), "{bytes:02x?}");
        }
    }

    #[test]
    fn kinds_name_their_media_types() {
        for kind in ImageKind::ALL {
            assert_eq!(ImageKind::from_mime(kind.mime()), Some(kind));
            assert!(kind.mime().ends_with(kind.ext()) || kind == ImageKind::Jpeg);
        }
        assert_eq!(ImageKind::Jpeg.ext(), "jpg");
        assert_eq!(
            ImageKind::from_mime(" Image/JPG; q=1"),
            Some(ImageKind::Jpeg)
        );
        assert_eq!(ImageKind::from_mime("image/svg+xml"), None);
        assert_eq!(ImageKind::from_mime(""), None);
        assert_eq!(serde_json::to_string(&ImageKind::Webp).unwrap(), "\"webp\"");
        assert_eq!(
            serde_json::from_str::<ImageKind>("\"jpeg\"").unwrap(),
            ImageKind::Jpeg
        );
    }

    #[test]
    fn limits_are_checked() {
        let err = sniff_default(&png_header(100_000, 100_000)).unwrap_err();
        assert_eq!(
            err,
            SniffError::TooBig {
                kind: ImageKind::Png,
                width: 100_000,
                height: 100_000,
                max_side: 8192
            }
        );
        assert_eq!(
            err.to_string(),
            "a PNG of 100000 × 100000 px is too large; at most 8192 px a side"
        );
        assert!(sniff_default(&png_header(8192, 8192)).is_ok());
        assert!(matches!(
            sniff_default(&png_header(8193, 1)),
            Err(SniffError::TooBig { width: 8193, .. })
        ));
        assert!(matches!(
            sniff_default(&webp_vp8x(1 << 24, 1 << 24)),
            Err(SniffError::TooBig {
                kind: ImageKind::Webp,
                width: 16_777_216,
                ..
            })
        ));
        assert!(matches!(
            sniff_default(&jpeg_header(65535, 65535)),
            Err(SniffError::TooBig {
                kind: ImageKind::Jpeg,
                ..
            })
        ));
        assert!(matches!(
            sniff_default(&gif_header(10000, 1)),
            Err(SniffError::TooBig {
                kind: ImageKind::Gif,
                ..
            })
        ));

        // The pixel count alone.
        let small = SniffLimits {
            max_side: 100,
            max_pixels: 1000,
        };
        assert!(sniff(&png_header(100, 10), small).is_ok());
        let err = sniff(&png_header(40, 40), small).unwrap_err();
        assert!(matches!(
            err,
            SniffError::TooBig {
                width: 40,
                height: 40,
                max_side: 100,
                ..
            }
        ));
        let msg = err.to_string();
        assert!(
            msg.contains("1600 pixels") && msg.contains("100 px a side"),
            "{msg}"
        );
    }

    #[test]
    fn a_gif_frame_beyond_its_logical_screen_counts() {
        // A 1 × 1 screen holding a 60000 × 60000 frame.
        let mut b = b"GIF89a\x01\x00\x01\x00\x00\x00\x00".to_vec();
        b.extend([0x21, 0xF9, 0x04, 0x01, 0x00, 0x00, 0x00, 0x00]);
        b.extend([0x2C, 0, 0, 0, 0, 0x60, 0xEA, 0x60, 0xEA, 0x00]);
        b.extend([0x02, 0x02, 0x44, 0x01, 0x00, 0x3B]);
        assert_eq!(
            sniff_default(&b),
            Err(SniffError::TooBig {
                kind: ImageKind::Gif,
                width: 60000,
                height: 60000,
                max_side: 8192
            })
        );
        // A frame offset past the screen's edge grows it too.
        let mut b = b"GIF89a\x01\x00\x01\x00\x00\x00\x00".to_vec();
        b.extend([
            0x2C, 0x00, 0x30, 0, 0, 0x01, 0, 0x01, 0, 0x00, 0x02, 0x00, 0x3B,
        ]);
        assert!(matches!(
            sniff_default(&b),
            Err(SniffError::TooBig {
                width: 12289,
                height: 1,
                ..
            })
        ));
    }

    #[test]
    fn other_files_are_named() {
        let long_text = "naïve café ".repeat(100);
        let cases: &[(&[u8], Option<&str>)] = &[
            (b"<!DOCTYPE html><html><body>hi</body></html>", Some("HTML")),
            (b"\xEF\xBB\xBF\n  <HTML lang=en>", Some("HTML")),
            (b"<!-- saved --><script>alert(1)</script>", Some("HTML")),
            (b"<iframe src=x>", Some("HTML")),
            (b"<head><title>x</title></head>", Some("HTML")),
            (b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>", Some("SVG")),
            (b"  <SVG>", Some("SVG")),
            (
                b"<?xml version=\"1.0\"?>\n<!-- Generator: x -->\n<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"x.dtd\">\n<svg>",
                Some("SVG"),
            ),
            (
                b"<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"b>\">]><svg:svg xmlns:svg=\"y\">",
                Some("SVG"),
            ),
            (b"<?xml version=\"1.0\"?><rss version=\"2.0\">", Some("XML")),
            (b"<?xml version=\"1.0\"", Some("XML")),
            (b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n", Some("PDF")),
            (b"BM\x3A\0\0\0\0\0\0\0\x36\0\0\0\x28\0", Some("BMP")),
            (b"II*\0\x08\0\0\0", Some("TIFF")),
            (b"MM\0*\0\0\0\x08", Some("TIFF")),
            (b"\0\0\x01\0\x01\0\x10\x10", Some("ICO")),
            (b"\0\0\0\x1cftypavif\0\0\0\0avifmif1miaf", Some("AVIF/HEIC")),
            (b"\0\0\0\x18ftypheic\0\0\0\0mif1heic", Some("AVIF/HEIC")),
            (b"\0\0\0\x18ftypmp42\0\0\0\0isommp42", None),
            (b"hello, world\n", Some("text")),
            (b"BMW 320i", Some("text")),
            (long_text.as_bytes(), Some("text")),
            (b"<div>not quite a page", Some("HTML")),
            (b"<notes>x</notes>", Some("text")),
            (b"", None),
            (b"\0\x01\x02\x03\xFE\xFF", None),
            (b"RIFF\x24\0\0\0WAVEfmt ", None),
        ];
        for &(bytes, want) in cases {
            assert_eq!(
                not_an_image(bytes),
                want,
                "{:?}",
                String::from_utf8_lossy(bytes)
            );
        }
        // SVG past the first KB is not looked for.
        let late = format!("<!--{}--><svg>", "x".repeat(2000));
        assert_eq!(not_an_image(late.as_bytes()), Some("text"));
    }

    #[test]
    fn truncated_and_malformed_headers_are_damaged() {
        use ImageKind::*;
        let png = png_1x1();
        let jpeg = jpeg_1x1();
        let webp = webp_lossy_1x1();
        let cases: Vec<(Vec<u8>, ImageKind, &str)> = vec![
            (png[..4].to_vec(), Png, "ends inside the signature"),
            (png[..8].to_vec(), Png, "before the image header"),
            (png[..20].to_vec(), Png, "cut short"),
            // The header whole but its checksum cut off (30 bytes).
            (png[..30].to_vec(), Png, "before its checksum"),
            (
                b"\x89PNG\n\x1a\n\0\0\0\x0dIHDR".to_vec(),
                Png,
                "signature is damaged",
            ),
            (png_header(0, 5), Png, "width is 0"),
            (png_header(5, 0), Png, "height is 0"),
            (
                {
                    let mut b = png_header(1, 1);
                    b[24] = 3; // bit depth 3
                    b
                },
                Png,
                "bit depth 3",
            ),
            (b"GIF89a".to_vec(), Gif, "cut short"),
            (b"GIF8".to_vec(), Gif, "ends inside the signature"),
            (b"GIF88a\x01\0\x01\0\0\0\0".to_vec(), Gif, "version"),
            (gif_header(0, 1), Gif, "width is 0"),
            (vec![0xFF, 0xD8], Jpeg, "ends before the frame header"),
            (jpeg[..40].to_vec(), Jpeg, "ends before the frame header"),
            (jpeg[..75].to_vec(), Jpeg, "cut short"),
            (vec![0xFF, 0xD8, 0xFF, 0xD9], Jpeg, "EOI"),
            (
                vec![0xFF, 0xD8, 0xFF, 0xDA, 0, 8, 1, 1, 0, 0, 0x3F, 0],
                Jpeg,
                "SOS",
            ),
            (
                vec![0xFF, 0xD8, 0x12, 0x34],
                Jpeg,
                "where a marker should start",
            ),
            (vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x01], Jpeg, "length 1"),
            (jpeg_header(0, 10), Jpeg, "width is 0"),
            (jpeg_header(10, 0), Jpeg, "DNL"),
            (b"RIFF\0\0\0\0WEB".to_vec(), Webp, "RIFF header"),
            (webp[..12].to_vec(), Webp, "before the first chunk"),
            (webp[..25].to_vec(), Webp, "cut short"),
            (
                riff(b"VP8 ", &[0x10, 2, 0, 0, 0, 0, 1, 0, 1, 0]),
                Webp,
                "start code",
            ),
            (riff(b"VP8L", &[0x2E, 0, 0, 0, 0]), Webp, "0x2F"),
            (riff(b"VP8L", &[0x2F, 0, 0, 0, 0x20]), Webp, "version"),
            (riff(b"ALPH", &[0; 10]), Webp, "\"ALPH\""),
            (webp_vp8(0, 10), Webp, "width is 0"),
        ];
        for (bytes, kind, what) in cases {
            let (k, w) = damaged(&bytes);
            assert_eq!(k, kind, "{bytes:02x?}");
            assert!(
                w.contains(what),
                "{bytes:02x?}: {w:?} does not say {what:?}"
            );
        }
    }

    #[test]
    fn a_png_signature_before_html_is_refused() {
        for tail in [
            &b"<html>"[..],
            b"<html><body><script>alert(document.cookie)</script></body></html>",
        ] {
            let mut b = PNG_SIGNATURE.to_vec();
            b.extend(tail);
            let (kind, _) = damaged(&b);
            assert_eq!(kind, ImageKind::Png);
        }
    }

    #[test]
    fn messages_say_what_is_accepted() {
        let html = SniffError::NotAnImage {
            looks_like: Some("HTML"),
        };
        assert_eq!(
            html.to_string(),
            "the file is HTML, not an image; accepted: PNG, JPEG, GIF and WebP (judged by the bytes)"
        );
        for looks_like in [
            None,
            Some("SVG"),
            Some("PDF"),
            Some("BMP"),
            Some("TIFF"),
            Some("ICO"),
            Some("AVIF/HEIC"),
            Some("XML"),
            Some("text"),
        ] {
            let msg = SniffError::NotAnImage { looks_like }.to_string();
            assert!(msg.contains("accepted: PNG, JPEG, GIF and WebP"), "{msg}");
            if let Some(name) = looks_like {
                assert!(msg.contains(name), "{msg}");
            }
        }
        let msg = damaged(&png_1x1()[..20]).1;
        let err = SniffError::Damaged {
            kind: ImageKind::Png,
            what: msg.clone(),
        };
        let text = err.to_string();
        assert!(text.contains("PNG") && text.contains(&msg), "{text}");
        assert!(text.contains("accepted: PNG, JPEG, GIF and WebP"), "{text}");
        let err: Box<dyn std::error::Error> = Box::new(err);
        assert!(!err.to_string().is_empty());
    }

    /// A xorshift64* generator: enough randomness for these tests, no crate.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
        }

        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
    }

    /// Sniffs `bytes`, failing with the bytes if it panics, and checks an accepted answer.
    fn check(bytes: &[u8]) -> Result<ImageInfo, SniffError> {
        let limits = SniffLimits::default();
        let got = std::panic::catch_unwind(|| sniff(bytes, limits))
            .unwrap_or_else(|_| panic!("sniff panicked on {bytes:02x?}"));
        if let Ok(i) = got {
            assert!(i.width > 0 && i.height > 0, "{bytes:02x?}");
            assert!(i.width <= limits.max_side && i.height <= limits.max_side);
            assert!(u64::from(i.width) * u64::from(i.height) <= limits.max_pixels);
        }
        got
    }

    #[test]
    fn never_panics() {
        for (bytes, want) in samples() {
            for n in 0..=bytes.len() {
                let got = check(&bytes[..n]);
                // A prefix is either read as the whole is, or refused; once the magic
                // is there, refused as damaged.
                match got {
                    Ok(i) => assert_eq!(i, want),
                    Err(SniffError::NotAnImage { .. }) => assert!(n < 4, "{n}: {bytes:02x?}"),
                    Err(_) => {}
                }
            }
        }
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        let prefixes: [&[u8]; 8] = [
            b"",
            b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR",
            b"GIF89a",
            b"\xFF\xD8",
            b"RIFF\0\0\0\0WEBPVP8 ",
            b"RIFF\0\0\0\0WEBPVP8L",
            b"RIFF\0\0\0\0WEBPVP8X",
            b"<?xml ",
        ];
        for _ in 0..4000 {
            let mut b = prefixes[rng.below(prefixes.len())].to_vec();
            let len = rng.below(80);
            // Bytes from a small alphabet reach the interesting branches more often.
            let small = rng.below(2) == 0;
            for _ in 0..len {
                let r = rng.next() as u8;
                b.push(if small {
                    [0x00, 0x01, 0x2C, 0x21, 0x3C, 0xFF, 0xC0, 0xD8][usize::from(r & 7)]
                } else {
                    r
                });
            }
            let _ = check(&b);
        }
        // Valid images with a few bytes changed.
        let samples = samples();
        for _ in 0..4000 {
            let mut b = samples[rng.below(samples.len())].0.clone();
            for _ in 0..=rng.below(4) {
                let i = rng.below(b.len());
                b[i] = rng.next() as u8;
            }
            let _ = check(&b);
        }
    }
}
