//! The one reader of uploaded zip archives: in bounded memory, with every limit named.
//!
//! Everything the studio inflates from a client goes through [`BoundedZip`]: the backup import
//! today, and asset or `.widget` zips later. It
//!
//! * refuses a zip whose end record declares more entries than allowed *before* the zip crate
//!   reads the central directory (so a directory of a million tiny entries costs nothing);
//! * checks the sizes every selected entry declares against the per-file limit, the
//!   compression-ratio limit and the total inflation budget before inflating anything, so an
//!   honest zip bomb is refused in microseconds;
//! * then inflates one entry at a time in 64 KiB steps, counting the bytes it really gets (the
//!   declared sizes may lie) against the same three limits, hands each entry's bytes to the
//!   caller's parser and keeps only what the parser returns.
//!
//! It is synchronous and CPU-bound: call it from `spawn_blocking`, never on an async worker.

use std::io::{Cursor, Read};

/// The limits of one archive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ArchiveLimits {
    /// Most files in one zip.
    pub max_entries: usize,
    /// Largest single file, inflated.
    pub max_entry_bytes: u64,
    /// Most bytes inflated from the whole zip, every entry together.
    pub budget: u64,
    /// Largest compression ratio (inflated : compressed) of an entry above [`RATIO_FLOOR`].
    pub max_ratio: u64,
}

/// Default of [`ArchiveLimits::max_entries`].
pub const MAX_ENTRIES: usize = 10_000;
/// Default of [`ArchiveLimits::max_entry_bytes`]: 4 MiB.
pub const MAX_ENTRY_BYTES: u64 = 4 << 20;
/// Default of [`ArchiveLimits::budget`]: 256 MiB.
pub const DEFAULT_BUDGET: u64 = 256 << 20;
/// Default of [`ArchiveLimits::max_ratio`]. Design JSON deflates 5–20:1; zeros deflate ~1,000:1.
pub const DEFAULT_MAX_RATIO: u64 = 100;
/// Entries that inflate to at most this many bytes are never refused for their ratio (tiny
/// files can compress well and cannot hurt).
pub const RATIO_FLOOR: u64 = 64 << 10;
/// How much is inflated between two checks of the limits.
const STEP: usize = 64 << 10;

impl Default for ArchiveLimits {
    fn default() -> Self {
        ArchiveLimits {
            max_entries: MAX_ENTRIES,
            max_entry_bytes: MAX_ENTRY_BYTES,
            budget: DEFAULT_BUDGET,
            max_ratio: DEFAULT_MAX_RATIO,
        }
    }
}

/// `1234567` → `"1,234,567 bytes (1.2 MiB)"`: exact, and readable.
pub fn bytes(n: u64) -> String {
    let mut digits = n.to_string();
    let mut i = digits.len() as isize - 3;
    while i > 0 {
        digits.insert(i as usize, ',');
        i -= 3;
    }
    let human = match n {
        n if n >= 1 << 30 => format!(" ({:.1} GiB)", n as f64 / (1u64 << 30) as f64),
        n if n >= 1 << 20 => format!(" ({:.1} MiB)", n as f64 / (1u64 << 20) as f64),
        n if n >= 1 << 10 => format!(" ({:.1} KiB)", n as f64 / 1024.0),
        _ => String::new(),
    };
    format!("{digits} bytes{human}")
}

/// Why a whole archive is refused. Every message says where, what, and what is allowed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ArchiveError {
    #[error("the body is not a zip file: {0}")]
    NotZip(String),
    #[error(
        "the zip holds {count} files; at most {max} files are read from one zip (setting --import-max-entries, WIDGET_STUDIO_IMPORT_MAX_ENTRIES)"
    )]
    TooManyEntries { count: u64, max: usize },
    #[error("file {index} of the zip cannot be read: {reason}")]
    Unreadable { index: usize, reason: String },
    #[error("{name}: unsafe path in the zip (absolute, or with a `..` segment)")]
    UnsafePath { name: String },
    #[error(
        "{name} (file {index} of the zip): with this file the zip inflates to {} or more, over the import budget of {} for all files together (setting --import-budget, WIDGET_STUDIO_IMPORT_BUDGET)",
        bytes(*.total), bytes(*.budget)
    )]
    OverBudget {
        name: String,
        index: usize,
        total: u64,
        budget: u64,
    },
    #[error(
        "{name} (file {index} of the zip): {} compressed inflates to {} or more, a ratio over {max_ratio}:1; files above {} compressed more than {max_ratio}:1 are refused as a likely zip bomb (setting --import-max-ratio, WIDGET_STUDIO_IMPORT_MAX_RATIO)",
        bytes(*.compressed), bytes(*.inflated), bytes(RATIO_FLOOR)
    )]
    Ratio {
        name: String,
        index: usize,
        compressed: u64,
        inflated: u64,
        max_ratio: u64,
    },
}

/// Why one entry cannot be used; the rest of the zip still is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EntryError {
    #[error(
        "{} uncompressed; at most {} per file (setting --import-max-file, WIDGET_STUDIO_IMPORT_MAX_FILE)",
        bytes(*.size), bytes(*.max)
    )]
    TooLarge { size: u64, max: u64 },
    #[error("cannot read: {0}")]
    Unreadable(String),
}

/// A zip opened under [`ArchiveLimits`]: its entry names are known, nothing is inflated yet.
pub struct BoundedZip<'a> {
    archive: zip::ZipArchive<Cursor<&'a [u8]>>,
    /// Every entry's name, `None` for directories.
    names: Vec<Option<String>>,
    limits: ArchiveLimits,
}

impl<'a> BoundedZip<'a> {
    /// Opens a zip: checks its entry count (from the end record, before the zip crate reads the
    /// directory), and refuses unsafe paths.
    pub fn open(data: &'a [u8], limits: ArchiveLimits) -> Result<BoundedZip<'a>, ArchiveError> {
        match declared_entries(data) {
            Some(count) if count > limits.max_entries as u64 => {
                return Err(ArchiveError::TooManyEntries {
                    count,
                    max: limits.max_entries,
                });
            }
            Some(_) => {}
            None => {
                return Err(ArchiveError::NotZip(
                    "no end-of-central-directory record, or an unreadable ZIP64 one".into(),
                ));
            }
        }
        let mut archive = zip::ZipArchive::new(Cursor::new(data))
            .map_err(|e| ArchiveError::NotZip(e.to_string()))?;
        if archive.len() > limits.max_entries {
            return Err(ArchiveError::TooManyEntries {
                count: archive.len() as u64,
                max: limits.max_entries,
            });
        }
        let mut names = Vec::with_capacity(archive.len());
        for i in 0..archive.len() {
            let file = archive
                .by_index_raw(i)
                .map_err(|e| ArchiveError::Unreadable {
                    index: i,
                    reason: e.to_string(),
                })?;
            if file.is_dir() {
                names.push(None);
                continue;
            }
            let name = file
                .name()
                .map_err(|e| ArchiveError::Unreadable {
                    index: i,
                    reason: format!("unreadable name: {e}"),
                })?
                .into_owned();
            // Zip entries name paths; anything that climbs out or is absolute is refused.
            if name.split(['/', '\\']).any(|seg| seg == "..") || name.starts_with(['/', '\\']) {
                return Err(ArchiveError::UnsafePath { name });
            }
            names.push(Some(name));
        }
        Ok(BoundedZip {
            archive,
            names,
            limits,
        })
    }

    /// The files of the zip (directories left out): index and name.
    pub fn files(&self) -> impl Iterator<Item = (usize, &str)> {
        self.names
            .iter()
            .enumerate()
            .filter_map(|(i, n)| n.as_deref().map(|n| (i, n)))
    }

    /// Inflates the entries at `indices`, one at a time, and returns what `parse` makes of each
    /// (with the entry's name). An entry over the per-file limit or unreadable reaches `parse`
    /// as an [`EntryError`]; the budget and the ratio limit refuse the whole zip.
    pub fn inflate<T>(
        &mut self,
        indices: &[usize],
        mut parse: impl FnMut(&str, Result<Vec<u8>, EntryError>) -> T,
    ) -> Result<Vec<(String, T)>, ArchiveError> {
        let limits = self.limits;
        // 1. What the entries declare: an honest bomb is refused before anything inflates.
        let mut declared_total = 0u64;
        for &i in indices {
            let name = self.name(i);
            let file = self
                .archive
                .by_index_raw(i)
                .map_err(|e| ArchiveError::Unreadable {
                    index: i,
                    reason: e.to_string(),
                })?;
            let (size, compressed) = (file.size(), file.compressed_size());
            if size > limits.max_entry_bytes {
                continue; // reported as that file's error; never inflated
            }
            check_ratio(&name, i, compressed, size, limits.max_ratio)?;
            declared_total = declared_total.saturating_add(size);
            if declared_total > limits.budget {
                return Err(ArchiveError::OverBudget {
                    name,
                    index: i,
                    total: declared_total,
                    budget: limits.budget,
                });
            }
        }
        // 2. Inflate, counting what really comes out.
        let mut used = 0u64;
        let mut out = Vec::with_capacity(indices.len());
        for &i in indices {
            let name = self.name(i);
            let bytes = self.inflate_one(&name, i, &mut used)?;
            let parsed = parse(&name, bytes);
            out.push((name, parsed));
        }
        Ok(out)
    }

    fn name(&self, i: usize) -> String {
        self.names
            .get(i)
            .and_then(Clone::clone)
            .unwrap_or_else(|| format!("file {i}"))
    }

    /// One entry's bytes, or why not; `used` counts every inflated byte of the zip so far.
    fn inflate_one(
        &mut self,
        name: &str,
        i: usize,
        used: &mut u64,
    ) -> Result<Result<Vec<u8>, EntryError>, ArchiveError> {
        let limits = self.limits;
        let mut file = match self.archive.by_index(i) {
            Ok(f) => f,
            Err(e) => return Ok(Err(EntryError::Unreadable(e.to_string()))),
        };
        let (size, compressed) = (file.size(), file.compressed_size());
        if size > limits.max_entry_bytes {
            return Ok(Err(EntryError::TooLarge {
                size,
                max: limits.max_entry_bytes,
            }));
        }
        // Never trust the declared size for the allocation: grow as bytes really arrive.
        let mut buf = Vec::with_capacity(size.min(STEP as u64) as usize);
        let mut chunk = vec![0u8; STEP];
        loop {
            let n = match file.read(&mut chunk) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) => return Ok(Err(EntryError::Unreadable(e.to_string()))),
            };
            *used += n as u64;
            let got = (buf.len() + n) as u64;
            if *used > limits.budget {
                return Err(ArchiveError::OverBudget {
                    name: name.to_string(),
                    index: i,
                    total: *used,
                    budget: limits.budget,
                });
            }
            check_ratio(name, i, compressed, got, limits.max_ratio)?;
            if got > limits.max_entry_bytes {
                return Ok(Err(EntryError::TooLarge {
                    size: got,
                    max: limits.max_entry_bytes,
                }));
            }
            buf.extend_from_slice(&chunk[..n]);
        }
        Ok(Ok(buf))
    }
}

/// Refuses `inflated` bytes from `compressed` when the ratio is over `max_ratio` (and the entry
/// is above [`RATIO_FLOOR`]).
fn check_ratio(
    name: &str,
    index: usize,
    compressed: u64,
    inflated: u64,
    max_ratio: u64,
) -> Result<(), ArchiveError> {
    if inflated > RATIO_FLOOR && inflated > compressed.max(1).saturating_mul(max_ratio) {
        return Err(ArchiveError::Ratio {
            name: name.to_string(),
            index,
            compressed,
            inflated,
            max_ratio,
        });
    }
    Ok(())
}

/// The entry count the zip's end record declares (the ZIP64 one when the classic field is
/// saturated), or `None` when there is no readable end record.
pub fn declared_entries(data: &[u8]) -> Option<u64> {
    const EOCD: [u8; 4] = [0x50, 0x4b, 0x05, 0x06];
    const LOCATOR: [u8; 4] = [0x50, 0x4b, 0x06, 0x07];
    const EOCD64: [u8; 4] = [0x50, 0x4b, 0x06, 0x06];
    if data.len() < 22 {
        return None;
    }
    // The record is 22 bytes plus a comment of up to 65,535 bytes, at the very end.
    let earliest = data.len().saturating_sub(22 + 0xFFFF);
    let pos = (earliest..=data.len() - 22)
        .rev()
        .find(|&p| data[p..p + 4] == EOCD)?;
    let u16_at = |p: usize| u16::from_le_bytes([data[p], data[p + 1]]);
    let classic = u16_at(pos + 10).max(u16_at(pos + 8));
    if classic != u16::MAX {
        return Some(u64::from(classic));
    }
    let loc = pos.checked_sub(20)?;
    if data[loc..loc + 4] != LOCATOR {
        return Some(u64::from(classic));
    }
    let at = u64::from_le_bytes(data[loc + 8..loc + 16].try_into().ok()?);
    let at = usize::try_from(at).ok()?;
    let rec = data.get(at..at.checked_add(56)?)?;
    if rec[..4] != EOCD64 {
        return None;
    }
    let on_disk = u64::from_le_bytes(rec[24..32].try_into().ok()?);
    let total = u64::from_le_bytes(rec[32..40].try_into().ok()?);
    Some(on_disk.max(total))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;
    use zip::write::SimpleFileOptions;

    fn zip_of(files: &[(&str, &[u8])]) -> Vec<u8> {
        let mut z = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts =
            SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        for (name, data) in files {
            z.start_file(*name, opts).unwrap();
            z.write_all(data).unwrap();
        }
        z.finish().unwrap().into_inner()
    }

    /// Rewrites every declared uncompressed size (local and central headers) to `size`.
    fn lie_about_sizes(zip: &mut [u8], size: u32) {
        let mut p = 0;
        while p + 4 <= zip.len() {
            match zip[p..p + 4] {
                [0x50, 0x4b, 0x03, 0x04] => {
                    zip[p + 22..p + 26].copy_from_slice(&size.to_le_bytes())
                }
                [0x50, 0x4b, 0x01, 0x02] => {
                    zip[p + 24..p + 28].copy_from_slice(&size.to_le_bytes())
                }
                _ => {}
            }
            p += 1;
        }
    }

    type Sizes = Vec<(String, Result<usize, EntryError>)>;

    fn all(z: &mut BoundedZip<'_>) -> Result<Sizes, ArchiveError> {
        let idx: Vec<usize> = z.files().map(|(i, _)| i).collect();
        z.inflate(&idx, |_, b| b.map(|b| b.len()))
    }

    /// Pseudo-random printable bytes: compress about 1.2:1.
    fn noise(n: usize, seed: u64) -> Vec<u8> {
        let mut x = seed | 1;
        (0..n)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                b'!' + (x % 90) as u8
            })
            .collect()
    }

    #[test]
    fn byte_counts_read_exactly_and_roughly() {
        assert_eq!(bytes(0), "0 bytes");
        assert_eq!(bytes(999), "999 bytes");
        assert_eq!(bytes(4 << 20), "4,194,304 bytes (4.0 MiB)");
        assert_eq!(bytes(256 << 20), "268,435,456 bytes (256.0 MiB)");
        assert_eq!(bytes(41_943_040_000), "41,943,040,000 bytes (39.1 GiB)");
    }

    #[test]
    fn an_ordinary_zip_reads_every_file() {
        let data = zip_of(&[("a.widget", b"{}"), ("dir/b.widget", &noise(100_000, 1))]);
        let mut z = BoundedZip::open(&data, ArchiveLimits::default()).unwrap();
        let got = all(&mut z).unwrap();
        assert_eq!(
            got,
            vec![
                ("a.widget".into(), Ok(2)),
                ("dir/b.widget".into(), Ok(100_000))
            ]
        );
    }

    #[test]
    fn the_declared_total_over_the_budget_is_refused_before_inflating_and_names_the_entry() {
        let big = noise(400_000, 7);
        let data = zip_of(&[("a.widget", &big), ("b.widget", &big), ("c.widget", &big)]);
        let limits = ArchiveLimits {
            budget: 1_000_000,
            ..ArchiveLimits::default()
        };
        let mut z = BoundedZip::open(&data, limits).unwrap();
        let mut parsed = 0;
        let err = z.inflate(&[0, 1, 2], |_, _| parsed += 1).unwrap_err();
        assert_eq!(
            parsed, 0,
            "nothing is inflated when the declared sizes are over"
        );
        assert_eq!(
            err,
            ArchiveError::OverBudget {
                name: "c.widget".into(),
                index: 2,
                total: 1_200_000,
                budget: 1_000_000
            }
        );
        assert_eq!(
            err.to_string(),
            "c.widget (file 2 of the zip): with this file the zip inflates to 1,200,000 bytes \
             (1.1 MiB) or more, over the import budget of 1,000,000 bytes (976.6 KiB) for all \
             files together (setting --import-budget, WIDGET_STUDIO_IMPORT_BUDGET)"
        );
        // Exactly at the budget is allowed.
        let limits = ArchiveLimits {
            budget: 1_200_000,
            ..ArchiveLimits::default()
        };
        let mut z = BoundedZip::open(&data, limits).unwrap();
        assert_eq!(all(&mut z).unwrap().len(), 3);
    }

    #[test]
    fn a_high_ratio_entry_is_refused_by_name() {
        let zeros = vec![0u8; 4 << 20];
        let data = zip_of(&[("ok.widget", b"{}"), ("bomb.widget", &zeros)]);
        let mut z = BoundedZip::open(&data, ArchiveLimits::default()).unwrap();
        let err = all(&mut z).unwrap_err();
        let ArchiveError::Ratio {
            ref name,
            index,
            compressed,
            inflated,
            max_ratio,
        } = err
        else {
            panic!("{err:?}")
        };
        assert_eq!(
            (name.as_str(), index, inflated, max_ratio),
            ("bomb.widget", 1, 4 << 20, 100)
        );
        assert!(compressed < 10_000, "{compressed}");
        let msg = err.to_string();
        assert!(
            msg.starts_with(&format!(
                "bomb.widget (file 1 of the zip): {} compressed inflates to 4,194,304 bytes (4.0 MiB) or more, a ratio over 100:1;",
                bytes(compressed)
            )),
            "{msg}"
        );
        assert!(msg.ends_with("are refused as a likely zip bomb (setting --import-max-ratio, WIDGET_STUDIO_IMPORT_MAX_RATIO)"), "{msg}");
        // A looser ratio lets it through; small files are never refused for their ratio.
        let limits = ArchiveLimits {
            max_ratio: 2_000,
            ..ArchiveLimits::default()
        };
        let mut z = BoundedZip::open(&data, limits).unwrap();
        assert_eq!(all(&mut z).unwrap()[1].1, Ok(4 << 20));
        let small = zip_of(&[("s.widget", &vec![b' '; RATIO_FLOOR as usize])]);
        let mut z = BoundedZip::open(&small, ArchiveLimits::default()).unwrap();
        assert_eq!(all(&mut z).unwrap()[0].1, Ok(RATIO_FLOOR as usize));
    }

    #[test]
    fn an_entry_over_the_file_limit_is_that_files_error_only() {
        let data = zip_of(&[("a.widget", &noise(5 << 20, 3)), ("b.widget", b"{}")]);
        let mut z = BoundedZip::open(&data, ArchiveLimits::default()).unwrap();
        let got = all(&mut z).unwrap();
        let err = got[0].1.clone().unwrap_err();
        assert_eq!(
            err,
            EntryError::TooLarge {
                size: 5 << 20,
                max: 4 << 20
            }
        );
        assert_eq!(
            err.to_string(),
            "5,242,880 bytes (5.0 MiB) uncompressed; at most 4,194,304 bytes (4.0 MiB) per file \
             (setting --import-max-file, WIDGET_STUDIO_IMPORT_MAX_FILE)"
        );
        assert_eq!(got[1].1, Ok(2));
    }

    #[test]
    fn lying_sizes_are_caught_while_inflating() {
        // Entries that declare 100 bytes and hold 4 MiB of zeros or 6 MiB of noise: whichever
        // limit notices first (the zip crate's own check of the declared size, or our ratio,
        // per-file and budget counters, which count real bytes), no file comes through.
        let cases: [(&str, Vec<u8>, ArchiveLimits); 3] = [
            ("zeros", vec![0u8; 4 << 20], ArchiveLimits::default()),
            (
                "noise, no ratio limit",
                noise(6 << 20, 9),
                ArchiveLimits {
                    max_ratio: u64::MAX,
                    ..ArchiveLimits::default()
                },
            ),
            (
                "noise, 1 MiB budget",
                noise(6 << 20, 9),
                ArchiveLimits {
                    max_ratio: u64::MAX,
                    budget: 1 << 20,
                    ..ArchiveLimits::default()
                },
            ),
        ];
        for (what, content, limits) in cases {
            let mut data = zip_of(&[("liar.widget", &content)]);
            lie_about_sizes(&mut data, 100);
            let mut z = BoundedZip::open(&data, limits).unwrap();
            let mut seen = 0usize;
            let got = z.inflate(&[0], |_, b| {
                seen = b.as_ref().map_or(0, Vec::len);
                b.map(|_| ())
            });
            assert_eq!(seen, 0, "{what}: nothing reached the parser");
            match got {
                Ok(v) => assert_eq!(
                    v[0].1,
                    Err(EntryError::Unreadable(
                        "File is larger than its declared uncompressed size".into()
                    )),
                    "{what}"
                ),
                Err(ArchiveError::Ratio { inflated, .. }) => {
                    assert!(inflated <= RATIO_FLOOR + STEP as u64, "{what}: {inflated}")
                }
                Err(ArchiveError::OverBudget { total, .. }) => {
                    assert!(total <= (1 << 20) + STEP as u64, "{what}: {total}")
                }
                Err(other) => panic!("{what}: {other:?}"),
            }
        }
    }

    #[test]
    fn too_many_entries_are_refused_from_the_end_record() {
        let names: Vec<String> = (0..12).map(|i| format!("{i}.widget")).collect();
        let files: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), &b"{}"[..])).collect();
        let data = zip_of(&files);
        assert_eq!(declared_entries(&data), Some(12));
        let limits = ArchiveLimits {
            max_entries: 10,
            ..ArchiveLimits::default()
        };
        let err = BoundedZip::open(&data, limits).err().unwrap();
        assert_eq!(err, ArchiveError::TooManyEntries { count: 12, max: 10 });
        assert_eq!(
            err.to_string(),
            "the zip holds 12 files; at most 10 files are read from one zip (setting \
             --import-max-entries, WIDGET_STUDIO_IMPORT_MAX_ENTRIES)"
        );
        // An end record that claims 65,535 files without a ZIP64 record is taken at its word.
        let mut lying = data.clone();
        let n = lying.len();
        lying[n - 12..n - 8].copy_from_slice(&[0xff; 4]);
        assert_eq!(declared_entries(&lying), Some(65_535));
        assert!(matches!(
            BoundedZip::open(&lying, ArchiveLimits::default()),
            Err(ArchiveError::TooManyEntries { count: 65_535, .. })
        ));
    }

    #[test]
    fn not_a_zip_and_unsafe_paths() {
        let err = BoundedZip::open(b"not a zip", ArchiveLimits::default())
            .err()
            .unwrap();
        assert!(
            err.to_string().starts_with("the body is not a zip file: "),
            "{err}"
        );
        assert_eq!(declared_entries(b""), None);
        for bad in [
            "../x.widget",
            "a/../../x.widget",
            "/etc/x.widget",
            "a\\..\\x.widget",
        ] {
            let data = zip_of(&[(bad, b"{}")]);
            let err = BoundedZip::open(&data, ArchiveLimits::default())
                .err()
                .unwrap();
            assert_eq!(
                err.to_string(),
                format!("{bad}: unsafe path in the zip (absolute, or with a `..` segment)")
            );
        }
    }
}
