//! Zip archives scanned recursively: every file entry is handed to the caller's dispatcher
//! (`inner`), and what it returns is relocated under the entry (`entry = "a/b.zip!c/d.docx"`).
//!
//! Budgets: the entry count and overlapping entries are checked by `SafeZip::open` for the
//! whole archive; declared size, compression ratio and a decompressed-byte budget shared by the
//! archive and every archive nested in it are checked per entry here, so one bomb entry is
//! reported at that entry while the other entries are still scanned. Nesting deeper than
//! `MAX_DEPTH` is refused.
//!
//! The shared budget is a `ZipBudget` (an `Arc<AtomicU64>`). `extract_zip_with` takes it
//! explicitly; `extract_zip` uses the budget of the archive being scanned on this thread (so a
//! dispatcher that simply calls `extract_zip` again for a nested zip shares it automatically)
//! or starts a fresh one at the outermost call.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::io::Cursor;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use super::zipguard::SafeZip;
use super::{Anchor, Extracted, Inner, Limits, Location, Problem, Segment, Zone};

/// Deepest nesting level scanned: the item itself is depth 0, a zip inside it depth 1, …
pub const MAX_DEPTH: u32 = 3;

/// Entries larger than this are checked for their compression ratio (as in `SafeZip`).
const RATIO_MIN_SIZE: u64 = 1024 * 1024;

/// An inner text segment (`Anchor::Text`/`TextMap`) is split into at most this many
/// line segments so each line can carry the entry in its location.
const MAX_LINE_SEGMENTS: usize = 50_000;

/// Decompressed bytes budget shared by an archive and the archives nested in it.
#[derive(Debug, Clone)]
pub struct ZipBudget {
    used: Arc<AtomicU64>,
    max: u64,
    /// Entries handed to readers so far, nested archives included (a 42.zip-style tree of
    /// small archives is bounded by this, not by bytes).
    entries: Arc<AtomicU64>,
    max_entries: u64,
}

impl ZipBudget {
    pub fn new(max: u64) -> Self {
        ZipBudget {
            used: Arc::new(AtomicU64::new(0)),
            max,
            entries: Arc::new(AtomicU64::new(0)),
            max_entries: u64::MAX,
        }
    }

    /// A budget of `limits.max_total_unzipped` bytes and `limits.max_zip_entries` entries.
    pub fn for_limits(limits: &Limits) -> Self {
        let mut b = Self::new(limits.max_total_unzipped);
        b.max_entries = limits.max_zip_entries as u64;
        b
    }

    /// Counts one entry; false when the item's entry budget is spent.
    pub fn try_take_entry(&self) -> bool {
        self.entries
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |u| {
                (u < self.max_entries).then_some(u + 1)
            })
            .is_ok()
    }

    /// Reserves `n` bytes; false (and nothing reserved) when that would exceed the budget.
    pub fn try_take(&self, n: u64) -> bool {
        self.used
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |u| {
                u.checked_add(n).filter(|&t| t <= self.max)
            })
            .is_ok()
    }

    pub fn used(&self) -> u64 {
        self.used.load(Ordering::SeqCst)
    }

    pub fn remaining(&self) -> u64 {
        self.max.saturating_sub(self.used())
    }
}

thread_local! {
    /// Budget of the archive currently being scanned on this thread (innermost call).
    static ACTIVE: RefCell<Option<ZipBudget>> = const { RefCell::new(None) };
}

/// Remaining shared budget of the archive being scanned on this thread, if any. A dispatcher
/// can lower `max_total_unzipped` for an inner docx/xlsx/OFD with it.
pub fn active_budget_remaining() -> Option<u64> {
    ACTIVE.with(|a| a.borrow().as_ref().map(|b| b.remaining()))
}

/// Restores the previously active budget when dropped (also on unwind).
struct ActiveGuard(Option<ZipBudget>);

impl ActiveGuard {
    fn install(b: &ZipBudget) -> Self {
        ActiveGuard(ACTIVE.with(|a| a.replace(Some(b.clone()))))
    }
}

impl Drop for ActiveGuard {
    fn drop(&mut self) {
        let prev = self.0.take();
        ACTIVE.with(|a| *a.borrow_mut() = prev);
    }
}

/// Scans a zip recursively; see the module doc. `depth` is this archive's nesting level
/// (0 for an item that is itself a zip); entries are passed to `inner` with `depth + 1`.
pub fn extract_zip(bytes: &[u8], limits: &Limits, depth: u32, inner: Inner<'_>) -> Extracted {
    let budget = ACTIVE
        .with(|a| a.borrow().clone())
        .unwrap_or_else(|| ZipBudget::for_limits(limits));
    extract_zip_with(bytes, limits, depth, &budget, inner)
}

/// `extract_zip` with an explicit shared budget.
pub fn extract_zip_with(
    bytes: &[u8],
    limits: &Limits,
    depth: u32,
    budget: &ZipBudget,
    inner: Inner<'_>,
) -> Extracted {
    let mut out = Extracted::default();
    if depth > MAX_DEPTH {
        out.problems.push(Problem::new(
            "limit_exceeded",
            Location::item(),
            format!("archive nested deeper than {MAX_DEPTH} levels; not opened"),
        ));
        return out;
    }
    // Entry count and overlaps for the whole archive; sizes and ratios per entry below.
    let mut open_limits = limits.clone();
    open_limits.max_entry_bytes = u64::MAX;
    open_limits.max_total_unzipped = u64::MAX;
    open_limits.max_ratio = u64::MAX;
    let mut zip = match SafeZip::open(bytes, &open_limits) {
        Ok(z) => z,
        Err(p) => {
            out.problems.push(p);
            return out;
        }
    };
    let entries = match entry_infos(bytes) {
        Ok((e, comment)) if e.len() == zip.names_ref().len() => {
            // the archive's comment is shown by archivers when it is opened
            if !comment.trim().is_empty() {
                out.segments.push(Segment::fixed(
                    comment,
                    Location {
                        item: Some(true),
                        field: Some("zip_comment".into()),
                        ..Default::default()
                    },
                    super::Layer::Metadata("other"),
                    Zone::Metadata,
                ));
            }
            e
        }
        _ => {
            out.problems.push(Problem::new(
                "corrupt",
                Location::item(),
                "zip central directory could not be listed",
            ));
            return out;
        }
    };
    // the archive as a whole must not expand beyond the ratio limit: many entries each just
    // under the per-entry ratio floor are a bomb too (entries refused one by one below, with
    // their own finding, are not counted here)
    let declared: u64 = entries
        .iter()
        .filter(|e| {
            e.size <= limits.max_entry_bytes
                && !(e.size > RATIO_MIN_SIZE && e.size / e.csize.max(1) > limits.max_ratio)
        })
        .map(|e| e.size)
        .fold(0, u64::saturating_add);
    let whole = bytes.len().max(1) as u64;
    if declared > RATIO_MIN_SIZE.saturating_mul(16) && declared / whole > limits.max_ratio {
        out.problems.push(Problem::new(
            "limit_exceeded",
            Location::item(),
            format!(
                "zip entries declare {declared} bytes from a {whole}-byte archive: ratio {} exceeds {} (zip bomb?)",
                declared / whole,
                limits.max_ratio
            ),
        ));
        return out;
    }
    let safe_names = zip.names();
    let _guard = ActiveGuard::install(budget);
    let mut entries_refused = 0u64;
    let mut seen: HashSet<String> = HashSet::new();
    let mut next_record: u32 = 0;

    for (info, safe_name) in entries.into_iter().zip(safe_names) {
        // a directory entry is a name; one that carries data (`附件/` with bytes behind it,
        // which no archiver lists as a file) is read like a file
        if info.is_dir && info.size == 0 {
            continue;
        }
        let name = info.name;
        let loc = entry_loc(&name);
        if !info.comment.trim().is_empty() {
            out.segments.push(Segment::fixed(
                info.comment,
                Location {
                    field: Some("zip_comment".into()),
                    ..loc.clone()
                },
                super::Layer::Metadata("other"),
                Zone::Metadata,
            ));
        }
        out.segments.push(Segment::fixed(
            name.clone(),
            Location {
                field: Some("file_name".into()),
                ..loc.clone()
            },
            super::Layer::Visible,
            Zone::FileName,
        ));
        // SafeZip looks entries up by name (leading '/' ignored): a second entry of the same
        // name cannot be read, and could hide content behind the first.
        if !seen.insert(safe_name.trim_start_matches('/').to_string()) {
            out.problems.push(Problem::new(
                "corrupt",
                loc,
                "duplicate zip entry name: only the first copy can be read",
            ));
            continue;
        }
        if info.encrypted {
            out.problems
                .push(Problem::new("encrypted", loc, "zip entry is encrypted"));
            continue;
        }
        if !budget.try_take_entry() {
            entries_refused += 1;
            continue;
        }
        if info.size > limits.max_entry_bytes {
            out.problems.push(Problem::new(
                "limit_exceeded",
                loc,
                format!(
                    "zip entry declares {} bytes, limit {}",
                    info.size, limits.max_entry_bytes
                ),
            ));
            continue;
        }
        let ratio = info.size / info.csize.max(1);
        if info.size > RATIO_MIN_SIZE && ratio > limits.max_ratio {
            out.problems.push(Problem::new(
                "limit_exceeded",
                loc,
                format!(
                    "zip entry compression ratio {ratio} exceeds {} (zip bomb?)",
                    limits.max_ratio
                ),
            ));
            continue;
        }
        if !budget.try_take(info.size) {
            out.problems.push(Problem::new(
                "limit_exceeded",
                loc,
                format!(
                    "archive decompresses to more than {} bytes in total (nested levels included)",
                    limits.max_total_unzipped
                ),
            ));
            continue;
        }
        let data = match zip.read(&safe_name) {
            Ok(d) => d,
            Err(p) => {
                out.problems.push(Problem::new(p.kind, loc, p.detail));
                continue;
            }
        };
        let ex = read_guarded(inner, &name, data, depth + 1, "this entry");
        merge_entry(&mut out, ex, &name, &mut next_record);
    }
    if let Some(tail) = trailing_data(bytes) {
        let name = TRAILING_ENTRY;
        if crate::item::sniff(tail, std::path::Path::new(name)) == "unknown" {
            out.not_examined.push(super::NotExamined {
                what: "data after the end of the archive".into(),
                location: Location::item(),
                reason: format!("{} bytes of binary data no archiver lists", tail.len()),
            });
        } else if tail.len() as u64 <= limits.max_entry_bytes
            && budget.try_take_entry()
            && budget.try_take(tail.len() as u64)
        {
            let ex = read_guarded(
                inner,
                name,
                tail.to_vec(),
                depth + 1,
                "the archive's trailing data",
            );
            merge_entry(&mut out, ex, name, &mut next_record);
        } else {
            entries_refused += 1;
        }
    }
    if entries_refused > 0 {
        out.problems.push(Problem::new(
            "limit_exceeded",
            Location::item(),
            format!(
                "{entries_refused} entries not read: more than {} entries in this item (nested archives included)",
                limits.max_zip_entries
            ),
        ));
    }
    out
}

/// Reads what an archive (or a mail) holds through `inner`; a panic in the reader becomes a
/// `corrupt` problem naming `what` (`this entry`), and the other entries are still read.
pub(crate) fn read_guarded(
    inner: Inner<'_>,
    name: &str,
    bytes: Vec<u8>,
    depth: u32,
    what: &str,
) -> Extracted {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| inner(name, bytes, depth)))
        .unwrap_or_else(|_| Extracted {
            problems: vec![Problem::new(
                "corrupt",
                Location::item(),
                format!("the reader failed on {what} (internal error caught)"),
            )],
            ..Default::default()
        })
}

/// The name under which text appended after a zip's end record is read and located.
const TRAILING_ENTRY: &str = "[trailing data]";

/// Bytes after the archive's end-of-central-directory record and its comment that are more
/// than padding (zeros, white space): text appended to a zip travels with it, and no archiver
/// lists it. `None` when the record is not found.
fn trailing_data(bytes: &[u8]) -> Option<&[u8]> {
    const EOCD: &[u8] = b"PK\x05\x06";
    let from = bytes.len().saturating_sub(64 * 1024 + 22 + 4096);
    let window = &bytes[from..];
    // the last record whose comment fits in the file
    let mut end = None;
    let mut i = window.len();
    while let Some(p) = window[..i].windows(4).rposition(|w| w == EOCD) {
        let at = from + p;
        if at + 22 <= bytes.len() {
            let clen = usize::from(u16::from_le_bytes([bytes[at + 20], bytes[at + 21]]));
            if at + 22 + clen <= bytes.len() {
                end = Some(at + 22 + clen);
                break;
            }
        }
        i = p;
    }
    let tail = &bytes[end?..];
    tail.iter()
        .any(|&b| b != 0 && !b.is_ascii_whitespace())
        .then_some(tail)
}

/// Location of an entry itself.
fn entry_loc(name: &str) -> Location {
    Location {
        entry: Some(name.to_string()),
        ..Default::default()
    }
}

struct EntryInfo {
    name: String,
    is_dir: bool,
    encrypted: bool,
    size: u64,
    csize: u64,
    /// The entry's comment (shown by archivers next to the file), decoded like the name.
    comment: String,
}

/// Central-directory metadata per entry, in the same order as `SafeZip::names`, with names
/// decoded as the archiver meant them (see `decode_entry_name`). Reads no entry data.
fn entry_infos(bytes: &[u8]) -> Result<(Vec<EntryInfo>, String), ()> {
    let archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| ())?;
    let comment = decode_comment(archive.comment());
    let mut out = Vec::with_capacity(archive.len());
    for i in 0..archive.len() {
        let e = archive.by_index_data(i).map_err(|_| ())?;
        let utf8 = e.flags().as_u16() & 0x0800 != 0;
        out.push(EntryInfo {
            name: decode_entry_name(e.name_raw(), utf8),
            is_dir: e.is_dir(),
            encrypted: e.encrypted(),
            size: e.size(),
            csize: e.compressed_size(),
            comment: decode_comment(e.comment_raw()),
        });
    }
    Ok((out, comment))
}

/// A zip or entry comment: UTF-8 if it is, else GB18030 (Chinese archivers); capped at 64 KiB
/// (the format's own limit).
fn decode_comment(raw: &[u8]) -> String {
    let raw = &raw[..raw.len().min(65_535)];
    match std::str::from_utf8(raw) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::GB18030
            .decode_without_bom_handling(raw)
            .0
            .into_owned(),
    }
}

/// Decodes a raw entry name: UTF-8 when the language-encoding flag is set or the bytes are
/// valid UTF-8 (macOS and newer tools write UTF-8 without the flag; an Info-ZIP Unicode Path
/// field has already replaced the raw name), else GB18030 (a superset of GBK, which Chinese
/// Windows archivers use). Backslash separators become '/'.
pub fn decode_entry_name(raw: &[u8], utf8_flag: bool) -> String {
    let s = if utf8_flag {
        String::from_utf8_lossy(raw).into_owned()
    } else if let Ok(s) = std::str::from_utf8(raw) {
        s.to_string()
    } else {
        let (s, _) = encoding_rs::GB18030.decode_without_bom_handling(raw);
        s.into_owned()
    };
    s.replace('\\', "/")
}

/// Puts a location under `entry`: an inner entry becomes `entry!inner`.
pub fn prefix_location(mut loc: Location, entry: &str) -> Location {
    loc.entry = Some(match loc.entry.take() {
        Some(inner) => format!("{entry}!{inner}"),
        None => entry.to_string(),
    });
    loc.item = None;
    loc
}

/// Merges an inner item's extraction into `out` under `entry`: locations are prefixed,
/// record ids renumbered so records of different entries never merge, and text-anchored
/// segments (whose anchor has no room for an entry) are split into line segments.
pub fn merge_entry(out: &mut Extracted, ex: Extracted, entry: &str, next_record: &mut u32) {
    let mut records: HashMap<u32, u32> = HashMap::new();
    for seg in ex.segments {
        let record = seg.record.map(|r| {
            *records.entry(r).or_insert_with(|| {
                let n = *next_record;
                *next_record = next_record.wrapping_add(1);
                n
            })
        });
        match seg.anchor {
            Anchor::Fixed(loc) => out.segments.push(Segment {
                anchor: Anchor::Fixed(Box::new(prefix_location(*loc, entry))),
                record,
                ..seg
            }),
            Anchor::Cell { .. } => {
                let loc = seg.anchor.fixed_location().unwrap_or_default();
                out.segments.push(Segment {
                    anchor: Anchor::Fixed(Box::new(prefix_location(loc, entry))),
                    record,
                    ..seg
                })
            }
            Anchor::Text { .. } | Anchor::TextMap(_) => {
                split_lines(seg, entry, record, out);
            }
        }
    }
    for mut n in ex.not_examined {
        n.location = prefix_location(n.location, entry);
        out.not_examined.push(n);
    }
    for mut p in ex.problems {
        p.location = prefix_location(p.location, entry);
        out.problems.push(p);
    }
}

/// Splits a text-anchored segment into `Anchor::Fixed` line segments located at
/// `{entry, line}` (plus `row` for csv). Very long texts are cut into blocks of lines
/// located at their first line. Blank lines are dropped.
fn split_lines(seg: Segment, entry: &str, record: Option<u32>, out: &mut Extracted) {
    let text = &seg.text;
    // (start, end) byte ranges of lines without the '\n'
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    let mut s = 0;
    for (i, b) in text.bytes().enumerate() {
        if b == b'\n' {
            ranges.push((s, i));
            s = i + 1;
        }
    }
    if s < text.len() {
        ranges.push((s, text.len()));
    }
    // line number of each range start
    let lines: Vec<u32> = match &seg.anchor {
        Anchor::Text { line, .. } => (0..ranges.len() as u32).map(|k| line + k).collect(),
        Anchor::TextMap(map) => {
            let mut v = Vec::with_capacity(ranges.len());
            let (mut at, mut l) = (0usize, 1u32);
            let mut bp_used = 0usize;
            for &(rs, _) in &ranges {
                let idx = map.partition_point(|bp| bp.0 <= rs);
                if idx > bp_used {
                    bp_used = idx;
                    let bp = map[idx - 1];
                    if bp.0 >= at {
                        at = bp.0.min(rs);
                        l = bp.1;
                    }
                }
                l += text.as_bytes()[at..rs]
                    .iter()
                    .filter(|&&b| b == b'\n')
                    .count() as u32;
                at = rs;
                v.push(l);
            }
            v
        }
        Anchor::Fixed(_) | Anchor::Cell { .. } => return,
    };
    let csv = matches!(
        seg.anchor,
        Anchor::Text {
            csv_delim: Some(_),
            ..
        }
    );
    let block = ranges.len().div_ceil(MAX_LINE_SEGMENTS).max(1);
    for (ci, chunk) in ranges.chunks(block).enumerate() {
        let (a, b) = (chunk[0].0, chunk[chunk.len() - 1].1);
        let piece = &text[a..b];
        if piece.trim().is_empty() {
            continue;
        }
        let line = lines[ci * block];
        let (zone, title_len) = if b <= seg.title_len {
            (Zone::Title, 0)
        } else if a >= seg.title_len {
            (seg.zone, 0)
        } else {
            (seg.zone, seg.title_len - a)
        };
        let loc = Location {
            entry: Some(entry.to_string()),
            line: Some(line),
            row: if csv { Some(line) } else { None },
            ..Default::default()
        };
        out.segments.push(Segment {
            text: piece.to_string(),
            anchor: Anchor::Fixed(Box::new(loc)),
            layer: seg.layer,
            zone,
            record,
            title_len,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(decode_entry_name(b"a/b.txt", false), "a/b.txt");
        let (gbk, _, _) = encoding_rs::GBK.encode("秘密文件.txt");
        assert_eq!(decode_entry_name(&gbk, false), "秘密文件.txt");
        assert_eq!(decode_entry_name("公开.txt".as_bytes(), true), "公开.txt");
        assert_eq!(decode_entry_name(b"a\\b.txt", false), "a/b.txt");
    }

    #[test]
    fn budget() {
        let b = ZipBudget::new(10);
        assert!(b.try_take(6));
        assert!(!b.try_take(5));
        assert!(b.try_take(4));
        assert_eq!(b.remaining(), 0);
    }

    #[test]
    fn prefix() {
        let l = prefix_location(Location::item(), "a.zip");
        assert_eq!(l.entry.as_deref(), Some("a.zip"));
        assert_eq!(l.item, None);
        let l = prefix_location(l, "outer/b.zip");
        assert_eq!(l.entry.as_deref(), Some("outer/b.zip!a.zip"));
    }

    #[test]
    fn split_text_segment() {
        let text = "秘密★1年\n\n第一行\n第二行".to_string();
        let seg = Segment {
            title_len: "秘密★1年\n".len(),
            text,
            anchor: Anchor::Text {
                line: 1,
                column: 1,
                csv_delim: None,
            },
            layer: super::super::Layer::Visible,
            zone: Zone::Body,
            record: None,
        };
        let mut out = Extracted::default();
        let mut n = 0;
        merge_entry(
            &mut out,
            Extracted {
                segments: vec![seg],
                ..Default::default()
            },
            "x.txt",
            &mut n,
        );
        let got: Vec<(String, Option<u32>, Zone)> = out
            .segments
            .iter()
            .map(|s| match &s.anchor {
                Anchor::Fixed(l) => (s.text.clone(), l.line, s.zone),
                _ => unreachable!(),
            })
            .collect();
        assert_eq!(
            got,
            vec![
                ("秘密★1年".to_string(), Some(1), Zone::Title),
                ("第一行".to_string(), Some(3), Zone::Body),
                ("第二行".to_string(), Some(4), Zone::Body),
            ]
        );
    }

    #[test]
    fn split_textmap_segment() {
        let seg = Segment {
            text: "a\nb\nc".into(),
            anchor: Anchor::TextMap(vec![(0, 5, 3), (4, 20, 1)]),
            layer: super::super::Layer::Visible,
            zone: Zone::Body,
            record: None,
            title_len: 0,
        };
        let mut out = Extracted::default();
        let mut n = 0;
        merge_entry(
            &mut out,
            Extracted {
                segments: vec![seg],
                ..Default::default()
            },
            "x.html",
            &mut n,
        );
        let lines: Vec<Option<u32>> = out
            .segments
            .iter()
            .map(|s| match &s.anchor {
                Anchor::Fixed(l) => l.line,
                _ => None,
            })
            .collect();
        assert_eq!(lines, vec![Some(5), Some(6), Some(20)]);
    }
}
