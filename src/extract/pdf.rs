//! PDF reader on top of `pdf_oxide` (CRATES.md §3): it decodes the predefined CJK CMaps
//! (UniGB-UCS2-H …) of non-embedded fonts and Identity-H fonts without ToUnicode, which the
//! other pure-Rust readers cannot.
//!
//! - Text: the spans of each page (`extract_spans`, with their boxes) are grouped into lines by
//!   baseline; each line is one segment located at `{page, line}` (1-based within the page).
//!   The first six non-empty lines of page 1 are `Zone::Title` (版头: 密级和保密期限 sit there),
//!   the rest `Zone::Body`. Text that `pdf_oxide` lifts out of annotations is left out of the
//!   lines: annotations are read separately below.
//! - Fonts with a mixed one-/two-byte legacy CMap (`GBK-EUC-H`, `GB-EUC-H`, `B5pc-H` …, the
//!   usual output of Chinese 公文 and OFD→PDF tools) are decoded here: pdf_oxide 0.3.78 reads
//!   their codes as fixed byte pairs and garbles everything after an odd run of ASCII
//!   (`机密★5年` → `机密★柷⑤`). A small content-stream interpreter positions those strings.
//! - Running headers and footers are `Zone::HeaderFooter`, where markings are printed: lines
//!   in the top or bottom tenth of the page that repeat on two or more pages, and lines that
//!   pdf_oxide classifies as pagination artifacts.
//! - Text in optional-content layers that are off by default is `Hidden("hidden_text")`.
//! - Document properties: the trailer's `/Info` dictionary and the catalog's XMP `/Metadata`
//!   stream become `Layer::Metadata` segments (`Author`/`dc:creator` → `author`, `Title`/
//!   `dc:title` → `title`, `Company` → `company`, the rest → `other`; a value that is a file
//!   path → `file_path`).
//! - Annotations: `/Contents` (and `/RC`, `/Subj`) of every annotation except links and form
//!   widgets are `Hidden("comment")` at their page; `/T` (the annotation's author) is
//!   `Metadata("author")`.
//! - Embedded files (the `/EmbeddedFiles` name tree and `FileAttachment` annotations) are passed
//!   to the dispatcher at `depth + 1` and their results located under `entry = <file name>`.
//! - Bookmark titles are visible text (the reader's navigation pane shows them).
//! - What cannot be read fails closed: an encrypted PDF is `encrypted` (one that opens with the
//!   empty user password, restricted by an owner password only, is read as any other); a file the parser rejects is `corrupt` (also a file
//!   without its `%%EOF` trailer, i.e. truncated, even when the parser recovered part of it); a
//!   page with images and no text is a scan (`NotExamined` + an `unsupported_format` problem);
//!   a page whose text is mostly replacement, private-use or control characters has an unusable
//!   text layer (same); a PDF without any text at all likewise. Earlier revisions (incremental
//!   updates) are listed as not examined.
//! - Bounds: at most `MAX_PAGES` pages and `MAX_TEXT_BYTES` of text are read, and reading stops
//!   at three quarters of `limits.item_timeout_ms` (the isolating worker is killed at the full
//!   timeout); what is skipped is a `limit_exceeded` problem, as is a content stream cut at
//!   pdf_oxide's operator cap. Flate streams are capped by `pdf_oxide` itself (256 MiB per
//!   stream); embedded files by `max_entry_bytes` each and `max_total_unzipped` together.
//!   Every call into the crate runs under `catch_unwind`.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::Instant;

use pdf_oxide::document::PdfDocument;
use pdf_oxide::object::{Object, ObjectRef};
use quick_xml::events::{BytesStart, Event};
use quick_xml::XmlVersion;

use super::archive::{merge_entry, MAX_DEPTH};
use super::xmlutil::{self, local, looks_like_path, qname, ref_text, XmlStream};
use super::{Extracted, Inner, Layer, Limits, Location, NotExamined, Problem, Segment, Zone};

/// Number of leading non-empty lines of page 1 that form the title area (版头).
const TITLE_LINES: u32 = 6;
/// Pages read at most; the rest is `limit_exceeded`.
const MAX_PAGES: usize = 5_000;
/// Extracted text (all pages) kept at most, bytes.
const MAX_TEXT_BYTES: usize = 64 * 1024 * 1024;
/// Largest XMP packet read, bytes.
const MAX_XMP_BYTES: usize = 4 * 1024 * 1024;
/// Annotations read per page at most.
const MAX_ANNOTS_PER_PAGE: usize = 2_000;
/// Annotation authors reported at most.
const MAX_AUTHORS: usize = 64;
/// Embedded files opened at most.
const MAX_EMBEDDED: usize = 256;
/// Nodes visited in a name tree or the outline at most.
const MAX_TREE_NODES: usize = 50_000;
/// Nesting of name-tree kids / form XObjects followed at most.
const MAX_TREE_DEPTH: u32 = 32;
/// Reference chains followed at most when resolving one object.
const MAX_REF_HOPS: usize = 16;
/// `TextSpan::sequence` from which `pdf_oxide` numbers the spans it makes from annotations.
const ANNOT_SPAN_SEQUENCE: usize = 2_000_000;

/// Extracts a PDF; embedded files are listed as not examined.
pub fn extract_pdf(bytes: &[u8], limits: &Limits) -> Extracted {
    extract_pdf_with(bytes, limits, 0, None)
}

/// Extracts a PDF at nesting `depth`; with `inner`, embedded files are read and passed to it
/// (`depth + 1`) and their results are located under `entry = <file name>`.
pub fn extract_pdf_with(
    bytes: &[u8],
    limits: &Limits,
    depth: u32,
    inner: Option<Inner<'_>>,
) -> Extracted {
    let mut out = Extracted::default();
    let r = catch_unwind(AssertUnwindSafe(|| {
        read(bytes, limits, depth, inner, &mut out)
    }));
    if r.is_err() {
        out.problems.push(Problem::new(
            "corrupt",
            Location::item(),
            "the PDF reader failed on this file (internal error caught)",
        ));
    }
    if depth == 0
        && out
            .not_examined
            .iter()
            .any(|n| n.what == "earlier revisions")
    {
        earlier_revision_text(bytes, limits, &mut out);
    }
    out
}

/// Text of the first revision of a PDF with incremental updates that the final revision no
/// longer shows (a later save replaced the page's content: an ID removed, a marking taken
/// off). It is still in the file: hidden content, `tracked_change`.
fn earlier_revision_text(bytes: &[u8], limits: &Limits, out: &mut Extracted) {
    let Some(p) = memchr::memmem::find(bytes, b"%%EOF") else {
        return;
    };
    let first = extract_pdf_with(&bytes[..p + 5], limits, 1, None);
    let shown: String = out
        .segments
        .iter()
        .map(|s| super::squash(&s.text))
        .collect::<Vec<_>>()
        .join("\n");
    let mut added = 0;
    for seg in first.segments.iter().filter(|s| s.layer == Layer::Visible) {
        let page = seg.anchor.fixed_location().and_then(|l| l.page);
        for line in seg.text.lines() {
            let l = super::squash(line);
            if l.is_empty() || shown.contains(&l) || added >= 1000 {
                continue;
            }
            added += 1;
            out.segments.push(Segment::fixed(
                line.trim().to_string(),
                Location {
                    page,
                    field: Some("earlier revision".into()),
                    ..Default::default()
                },
                Layer::Hidden("tracked_change"),
                Zone::Body,
            ));
        }
    }
}

fn page_loc(page: u32) -> Location {
    Location {
        page: Some(page),
        ..Default::default()
    }
}

/// Runs `f` under `catch_unwind`; a panic becomes `None`.
fn guarded<T>(f: impl FnOnce() -> T) -> Option<T> {
    catch_unwind(AssertUnwindSafe(f)).ok()
}

/// Name of an error variant (`InvalidHeader`, `ParseError` …): the crate's messages can quote
/// bytes of the file, which must never reach a report.
fn error_kind(e: &pdf_oxide::error::Error) -> String {
    let d = format!("{e:?}");
    let end = d
        .find(|c: char| !c.is_ascii_alphanumeric() && c != '_')
        .unwrap_or(d.len());
    let k = &d[..end.min(48)];
    if k.is_empty() {
        "error".into()
    } else {
        k.to_string()
    }
}

/// Whether `needle` occurs in `hay`.
fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

#[derive(Default)]
struct State<'a> {
    depth: u32,
    inner: Option<Inner<'a>>,
    text_lines: u32,
    text_bytes: usize,
    authors: BTreeSet<String>,
    next_record: u32,
    /// Embedded file streams already opened (a file can be both in the name tree and behind an
    /// annotation).
    seen_files: HashSet<ObjectRef>,
    embedded_opened: usize,
    embedded_bytes: u64,
    /// Pages reported as scans or garbled (so the whole-document check does not repeat them).
    page_problems: u32,
    /// Optional-content groups (layers) that are off by default.
    off_layers: HashSet<String>,
    /// Body lines in a page's top or bottom band: (segment index, text without digits and
    /// spaces, page). The same line on two or more pages is a running header or footer.
    band_lines: Vec<(usize, String, u32)>,
    /// Until when pages are read a second time for text outside the page box (a quarter of
    /// the item's time); `None`: no limit given.
    off_page_until: Option<Instant>,
    /// Pages whose off-page check was skipped for time.
    off_page_skipped: u32,
    /// Text pdf_oxide read for the current page's FreeText and Stamp annotations (from their
    /// `/Contents`, else drawn by their appearance stream), by index in the page's `/Annots`.
    annot_texts: HashMap<usize, String>,
}

fn read(bytes: &[u8], limits: &Limits, depth: u32, inner: Option<Inner<'_>>, out: &mut Extracted) {
    let t0 = Instant::now();
    let deadline_ms = limits.item_timeout_ms.saturating_mul(3) / 4;
    let head = &bytes[..bytes.len().min(1024)];
    if !contains(head, b"%PDF-") {
        out.problems.push(Problem::new(
            "corrupt",
            Location::item(),
            "no %PDF- header: not a PDF file",
        ));
        out.expected_text_missing = true;
        return;
    }
    let tail = &bytes[bytes.len().saturating_sub(2048)..];
    let truncated = !contains(tail, b"%%EOF");
    let has_encrypt = contains(bytes, b"/Encrypt");

    // the crate collects some warnings per thread: drop what an earlier file left there
    guarded(pdf_oxide::extractors::warnings::drain_global_warnings);
    let doc = match guarded(|| PdfDocument::from_bytes(bytes.to_vec())) {
        Some(Ok(d)) => d,
        Some(Err(e)) => {
            if has_encrypt {
                out.problems.push(Problem::new(
                    "encrypted",
                    Location::item(),
                    format!(
                        "encrypted PDF (/Encrypt) that could not be opened ({})",
                        error_kind(&e)
                    ),
                ));
            } else {
                out.problems.push(Problem::new(
                    "corrupt",
                    Location::item(),
                    format!("PDF structure could not be parsed ({})", error_kind(&e)),
                ));
            }
            out.expected_text_missing = true;
            return;
        }
        None => {
            out.problems.push(Problem::new(
                "corrupt",
                Location::item(),
                "the PDF reader failed on this file (internal error caught)",
            ));
            out.expected_text_missing = true;
            return;
        }
    };
    // incremental updates: every save appends a revision and its own %%EOF
    let eofs = bytes.windows(5).filter(|w| *w == b"%%EOF").count();
    let revisions = eofs.saturating_sub(usize::from(contains(head, b"/Linearized")));
    if revisions > 1 {
        out.not_examined.push(NotExamined {
            what: "earlier revisions".into(),
            location: Location::item(),
            reason: format!(
                "the PDF holds {revisions} revisions (incremental updates): text changed or \
                 removed in a later revision may still be in the file and is not scanned"
            ),
        });
    }
    if !truncated {
        if let Some(why) = xref_damage(bytes) {
            out.problems.push(Problem::new(
                "corrupt",
                Location::item(),
                format!(
                    "cross-reference table is damaged ({why}); the reader rebuilt it, so objects \
                     may be missing or stale"
                ),
            ));
        }
    }
    if truncated {
        out.problems.push(Problem::new(
            "corrupt",
            Location::item(),
            "no %%EOF trailer: the file is truncated or damaged; what could be recovered was read",
        ));
    }
    // a PDF that opens with the empty user password (an owner password restricting copying
    // or printing, common on published files) is read like any other: it is no `encrypted`
    // problem, since nothing in it is out of reach; a decryption that goes wrong shows as
    // unusable or missing text, which fails closed below
    if guarded(|| doc.is_encrypted()).unwrap_or(true)
        && !guarded(|| doc.is_authenticated()).unwrap_or(false)
    {
        out.problems.push(Problem::new(
            "encrypted",
            Location::item(),
            "encrypted PDF (/Encrypt in the trailer): password required",
        ));
        out.expected_text_missing = true;
        return;
    }

    let mut st = State {
        depth,
        inner,
        off_layers: guarded(|| pdf_oxide::optional_content::compute_default_off_ocgs(&doc))
            .unwrap_or_default(),
        off_page_until: (deadline_ms > 0)
            .then(|| t0 + std::time::Duration::from_millis(deadline_ms / 3)),
        ..Default::default()
    };
    // a page tree whose nodes are shared or nested without end makes every walk of it (the
    // page count, each page lookup) go through it again: a DAG of 40 levels is 2^40 paths.
    // Such a file is reported at once and its pages are not read, instead of spending the
    // item's whole time limit
    let unwalkable = guarded(|| page_tree_damage(&doc, usize::MAX))
        .flatten()
        .filter(|why| why.contains("twice") || why.contains("deeper"));
    if let Some(why) = &unwalkable {
        out.problems.push(Problem::new(
            "corrupt",
            Location::item(),
            format!("page tree is damaged ({why}); the pages were not read"),
        ));
    }
    let n_pages = match unwalkable
        .as_ref()
        .map_or_else(|| guarded(|| doc.page_count()), |_| Some(Ok(0)))
    {
        Some(Ok(n)) => n,
        Some(Err(e)) => {
            out.problems.push(Problem::new(
                "corrupt",
                Location::item(),
                format!("page tree could not be read ({})", error_kind(&e)),
            ));
            0
        }
        None => {
            out.problems.push(Problem::new(
                "corrupt",
                Location::item(),
                "page tree could not be read (internal error caught)",
            ));
            0
        }
    };
    if n_pages == 0
        && !out
            .problems
            .iter()
            .any(|p| p.detail.starts_with("page tree"))
    {
        out.problems.push(Problem::new(
            "corrupt",
            Location::item(),
            "the PDF has no readable pages",
        ));
    }
    if n_pages > 0 {
        if let Some(Some(why)) = guarded(|| page_tree_damage(&doc, n_pages)) {
            out.problems.push(Problem::new(
                "corrupt",
                Location::item(),
                format!("page tree is damaged ({why}); pages may be missing"),
            ));
        }
    }
    if n_pages > MAX_PAGES {
        out.problems.push(Problem::new(
            "limit_exceeded",
            Location::item(),
            format!("{n_pages} pages; only the first {MAX_PAGES} were read"),
        ));
    }
    let mut annot_files: Vec<(u32, Object)> = Vec::new();
    for i in 0..n_pages.min(MAX_PAGES) {
        let page = i as u32 + 1;
        if deadline_ms > 0 && t0.elapsed().as_millis() as u64 > deadline_ms {
            out.problems.push(Problem::new(
                "limit_exceeded",
                page_loc(page),
                format!("time limit: pages {page}–{n_pages} of {n_pages} were not read"),
            ));
            break;
        }
        if st.text_bytes > MAX_TEXT_BYTES {
            out.problems.push(Problem::new(
                "limit_exceeded",
                page_loc(page),
                format!(
                    "more than {} MiB of text: pages {page}–{n_pages} were not read",
                    MAX_TEXT_BYTES >> 20
                ),
            ));
            break;
        }
        read_page(&doc, i, &mut st, out);
        guarded(|| annotations(&doc, i, &mut st, &mut annot_files, out));
        guarded(|| page_xmp(&doc, i, limits, out));
    }

    running_headers(&mut st, out);
    if let Some(ws) = guarded(|| doc.take_structured_warnings()) {
        use pdf_oxide::extractors::warnings::WarningCategory as W;
        if ws.iter().any(|w| w.category == W::OperatorCapExceeded) {
            out.problems.push(Problem::new(
                "limit_exceeded",
                Location::item(),
                "a content stream has more operators than the reader's cap; the rest of its \
                 text was not read",
            ));
        }
        if ws.iter().any(|w| w.category == W::EofPremature) {
            out.problems.push(Problem::new(
                "corrupt",
                Location::item(),
                "unexpected end of data inside an object: the file is truncated or damaged",
            ));
        }
    }
    guarded(|| info_dict(&doc, out));
    guarded(|| xmp(&doc, limits, out));
    guarded(|| xfa(&doc, limits, out));
    guarded(|| javascript(&doc, out));
    guarded(|| outline(&doc, out));
    guarded(|| catalog_strings(&doc, out));
    guarded(|| structure_alt_texts(&doc, out));
    guarded(|| embedded_files(&doc, limits, annot_files, &mut st, out));

    for a in std::mem::take(&mut st.authors) {
        out.segments.push(xmlutil::author_segment(
            a,
            Location {
                field: Some("Annot/T".into()),
                ..Default::default()
            },
        ));
    }
    if n_pages > 0 && st.text_lines == 0 {
        out.expected_text_missing = true;
        if st.page_problems == 0 {
            out.not_examined.push(NotExamined {
                what: "text layer".into(),
                location: Location::item(),
                reason: "the PDF has no extractable text (text drawn as outlines or images): \
                         needs manual or OCR review"
                    .into(),
            });
            out.problems.push(Problem::new(
                "unsupported_format",
                Location::item(),
                "no text layer in the whole PDF",
            ));
        }
    }
}

/// Lines repeated in the top or bottom band of two or more pages become `Zone::HeaderFooter`.
/// (Also where the pages left without the off-page check are listed.)
fn running_headers(st: &mut State<'_>, out: &mut Extracted) {
    if st.off_page_skipped > 0 {
        out.not_examined.push(NotExamined {
            what: "text outside the page box".into(),
            location: Location::item(),
            reason: format!(
                "time limit: {} pages were not checked for text drawn outside the page",
                std::mem::take(&mut st.off_page_skipped)
            ),
        });
    }
    let mut pages: HashMap<&str, HashSet<u32>> = HashMap::new();
    for (_, norm, page) in &st.band_lines {
        if !norm.is_empty() {
            pages.entry(norm.as_str()).or_default().insert(*page);
        }
    }
    for (idx, norm, _) in &st.band_lines {
        let Some(seg) = out.segments.get_mut(*idx) else {
            continue;
        };
        // a running header; or a line at the head or foot of a page that is a marking and
        // nothing else (「机密」 printed at the top of the one page of an attached report)
        if pages.get(norm.as_str()).is_some_and(|p| p.len() >= 2)
            || crate::detect::marking::standalone_kinds(&seg.text).is_some_and(|k| {
                k.iter()
                    .any(|k| matches!(*k, "state_secret" | "work_secret" | "internal"))
            })
        {
            seg.zone = Zone::HeaderFooter;
        }
    }
    st.band_lines.clear();
}

/// Checks the last cross-reference section the way a viewer uses it: `startxref` must point
/// at an `xref` table (or an xref stream object) inside the file, and the table's in-use
/// entries must point at their objects (a few bytes of slack for sloppy writers).
fn xref_damage(bytes: &[u8]) -> Option<&'static str> {
    let tail_at = bytes.len().saturating_sub(2048);
    let tail = &bytes[tail_at..];
    let k = tail.windows(9).rposition(|w| w == b"startxref")?;
    let num: String = tail[k + 9..]
        .iter()
        .skip_while(|b| b.is_ascii_whitespace())
        .take_while(|b| b.is_ascii_digit())
        .map(|&b| b as char)
        .collect();
    let Ok(off) = num.parse::<usize>() else {
        return Some("startxref has no offset");
    };
    if off >= bytes.len() {
        return Some("startxref points past the end of the file");
    }
    let at = &bytes[off..];
    let at = &at[at.iter().take_while(|b| b.is_ascii_whitespace()).count()..];
    if !at.starts_with(b"xref") {
        // an xref stream: `N G obj`
        return if at.first().is_some_and(u8::is_ascii_digit) {
            None
        } else {
            Some("startxref does not point at a cross-reference section")
        };
    }
    // classic table: subsections `first count` followed by 20-byte entries
    let text = &at[4..at.len().min(4 + 20 * 20_000 + 4_096)];
    let mut lines = text
        .split(|&b| b == b'\n' || b == b'\r')
        .map(|l| std::str::from_utf8(l).unwrap_or("").trim())
        .filter(|l| !l.is_empty());
    let mut checked = 0usize;
    while let Some(head) = lines.next() {
        if head.starts_with("trailer") {
            break;
        }
        let mut it = head.split_whitespace();
        let (Some(first), Some(count), None) = (it.next(), it.next(), it.next()) else {
            return Some("malformed cross-reference subsection");
        };
        let (Ok(first), Ok(count)) = (first.parse::<u64>(), count.parse::<u64>()) else {
            return Some("malformed cross-reference subsection");
        };
        for n in first..first.saturating_add(count) {
            let Some(e) = lines.next() else {
                return Some("cross-reference table cut short");
            };
            let f: Vec<&str> = e.split_whitespace().collect();
            if f.len() != 3 {
                return Some("malformed cross-reference entry");
            }
            if f[2] != "n" || checked >= 20_000 {
                continue;
            }
            checked += 1;
            let (Ok(o), Ok(g)) = (f[0].parse::<usize>(), f[1].parse::<u32>()) else {
                return Some("malformed cross-reference entry");
            };
            if o >= bytes.len() {
                return Some("an entry points past the end of the file");
            }
            let want = format!("{n} {g} obj");
            let lo = o.saturating_sub(16);
            let hi = (o + want.len() + 16).min(bytes.len());
            if !bytes[lo..hi]
                .windows(want.len())
                .any(|w| w == want.as_bytes())
            {
                return Some("an entry does not point at its object");
            }
        }
    }
    None
}

/// Walks the page tree from the catalog: a node reached twice (a cycle or a shared kid), or
/// fewer or more leaves than the document's page count, means pages can be missing or repeated.
fn page_tree_damage(doc: &PdfDocument, n_pages: usize) -> Option<String> {
    let cat = doc.catalog().ok()?;
    let root = dict_of(&cat)?.get("Pages")?.clone();
    let mut stack: Vec<(Object, u32)> = vec![(root, 0)];
    let mut seen: HashSet<ObjectRef> = HashSet::new();
    let mut leaves = 0usize;
    let mut visits = 0usize;
    while let Some((node, depth)) = stack.pop() {
        visits += 1;
        if visits > MAX_PAGES * 4 + 1_000 {
            return None;
        }
        if depth > 64 {
            return Some("nested deeper than 64 levels".into());
        }
        if let Object::Reference(r) = &node {
            if !seen.insert(*r) {
                return Some("a node is reached twice (cycle)".into());
            }
        }
        let Some(n) = resolve(doc, &node) else {
            continue;
        };
        let Some(d) = dict_of(&n) else { continue };
        match get(doc, d, "Kids") {
            Some(Object::Array(kids))
                if d.get("Type").and_then(|t| t.as_name()) != Some("Page") =>
            {
                for k in kids.into_iter().rev() {
                    stack.push((k, depth + 1));
                }
            }
            _ => leaves += 1,
        }
    }
    (leaves != n_pages).then(|| format!("{leaves} pages reachable, {n_pages} counted"))
}

// ---------------------------------------------------------------------------------------------
// object helpers

/// Follows references (a bounded number of hops).
fn resolve(doc: &PdfDocument, obj: &Object) -> Option<Object> {
    let mut cur = obj.clone();
    for _ in 0..MAX_REF_HOPS {
        match cur {
            Object::Reference(r) => cur = doc.load_object(r).ok()?,
            other => return Some(other),
        }
    }
    None
}

fn dict_of(obj: &Object) -> Option<&HashMap<String, Object>> {
    match obj {
        Object::Dictionary(d) => Some(d),
        Object::Stream { dict, .. } => Some(dict),
        _ => None,
    }
}

/// `d[key]`, resolved.
fn get(doc: &PdfDocument, d: &HashMap<String, Object>, key: &str) -> Option<Object> {
    d.get(key).and_then(|o| resolve(doc, o))
}

fn get_string(doc: &PdfDocument, d: &HashMap<String, Object>, key: &str) -> Option<String> {
    match get(doc, d, key)? {
        Object::String(b) => {
            let s = pdf_text(&b);
            let s = s.trim();
            (!s.is_empty()).then(|| s.to_string())
        }
        Object::Stream { .. } => None,
        _ => None,
    }
}

/// Decodes a PDF text string: UTF-16 with BOM, UTF-8 (with BOM or valid), GBK (common in Chinese
/// producers' `/Info` strings although not allowed by the standard), else PDFDocEncoding.
pub fn pdf_text(b: &[u8]) -> String {
    let s = if b.len() >= 2 && b[0] == 0xFE && b[1] == 0xFF {
        let u: Vec<u16> = b[2..]
            .chunks_exact(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16_lossy(&u)
    } else if b.len() >= 2 && b[0] == 0xFF && b[1] == 0xFE {
        let u: Vec<u16> = b[2..]
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16_lossy(&u)
    } else if let Some(rest) = b.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        String::from_utf8_lossy(rest).into_owned()
    } else if let Ok(s) = std::str::from_utf8(b) {
        s.to_string()
    } else if let Some(s) = encoding_rs::GBK.decode_without_bom_handling_and_without_replacement(b)
    {
        s.into_owned()
    } else {
        b.iter().map(|&c| pdfdoc_char(c)).collect()
    };
    // language-tag escapes (U+001B … U+001B) and other control characters
    let mut out = String::with_capacity(s.len());
    let mut in_escape = false;
    for c in s.chars() {
        if c == '\u{1b}' {
            in_escape = !in_escape;
            continue;
        }
        if in_escape {
            continue;
        }
        if c.is_control() && !matches!(c, '\n' | '\t') {
            if c == '\r' {
                out.push('\n');
            }
            continue;
        }
        out.push(c);
    }
    out
}

/// PDFDocEncoding (ISO 32000-1 Annex D) for one byte.
fn pdfdoc_char(b: u8) -> char {
    const HIGH: [u16; 32] = [
        0x2022, 0x2020, 0x2021, 0x2026, 0x2014, 0x2013, 0x0192, 0x2044, 0x2039, 0x203A, 0x2212,
        0x2030, 0x201E, 0x201C, 0x201D, 0x2018, 0x2019, 0x201A, 0x2122, 0xFB01, 0xFB02, 0x0141,
        0x0152, 0x0160, 0x0178, 0x017D, 0x0131, 0x0142, 0x0153, 0x0161, 0x017E, 0xFFFD,
    ];
    match b {
        0x80..=0x9F => char::from_u32(HIGH[(b - 0x80) as usize] as u32).unwrap_or('\u{FFFD}'),
        0xA0 => '\u{20AC}',
        _ => b as char,
    }
}

// ---------------------------------------------------------------------------------------------
// page text

/// One positioned run of text.
struct Run {
    /// Vertical centre (page space).
    cy: f32,
    x: f32,
    w: f32,
    h: f32,
    size: f32,
    text: String,
    /// In an optional-content layer that is off by default (not shown).
    hidden: bool,
    /// A running header, footer or watermark (pdf_oxide's pagination artifacts).
    chrome: bool,
}

/// Key identifying a span across two extractions of the same page.
fn span_key(s: &pdf_oxide::layout::TextSpan) -> (String, i64, i64) {
    (
        s.text.split_whitespace().collect(),
        (finite(s.bbox.x) * 2.0).round() as i64,
        (finite(s.bbox.y) * 2.0).round() as i64,
    )
}

/// A page whose text took longer than this to read is not read a second time for text
/// outside its box (a huge content stream would take the item's time twice).
const OFF_PAGE_MAX_MS: u64 = 250;

/// Text drawn outside the page's visible box (`72 2000 Td`): `extract_spans` drops it, no
/// viewer shows it, the file carries it. The page is read again without that filter and the
/// spans wholly outside the box become one `Hidden("hidden_text")` segment at the page
/// (field `off_page`). The second reading is done within a third of the item's time and for
/// pages read in under [`OFF_PAGE_MAX_MS`]; pages left unchecked are listed as not examined.
fn off_page_text(doc: &PdfDocument, i: usize, st: &mut State<'_>, out: &mut Extracted) {
    if st.off_page_until.is_some_and(|t| Instant::now() > t) {
        st.off_page_skipped += 1;
        return;
    }
    let Some(Ok((x0, y0, x1, y1))) = guarded(|| doc.get_page_visible_box(i)) else {
        return;
    };
    let Some(Ok(raw)) = guarded(|| {
        doc.extract_spans_with_config(i, pdf_oxide::extractors::SpanMergingConfig::default())
    }) else {
        return;
    };
    // the tolerance pdf_oxide uses when it drops them
    const EDGE: f32 = 2.0;
    let (left, right) = (x0.min(x1) - EDGE, x0.max(x1) + EDGE);
    let (bottom, top) = (y0.min(y1) - EDGE, y0.max(y1) + EDGE);
    let mut text = String::new();
    for s in &raw {
        let b = &s.bbox;
        let inside = b.x + b.width > left && b.x < right && b.y + b.height > bottom && b.y < top;
        if !inside && !s.text.trim().is_empty() && text.len() < MAX_TEXT_BYTES / 64 {
            text.push_str(s.text.trim());
            text.push('\n');
        }
    }
    if !text.is_empty() {
        st.text_bytes += text.len();
        out.segments.push(Segment::fixed(
            text,
            Location {
                page: Some(i as u32 + 1),
                field: Some("off_page".into()),
                ..Default::default()
            },
            Layer::Hidden("hidden_text"),
            Zone::Body,
        ));
    }
}

fn read_page(doc: &PdfDocument, i: usize, st: &mut State<'_>, out: &mut Extracted) {
    let page = i as u32 + 1;
    let started = Instant::now();
    let spans = match guarded(|| doc.extract_spans(i)) {
        Some(Ok(s)) => s,
        Some(Err(e)) => {
            out.problems.push(Problem::new(
                "corrupt",
                page_loc(page),
                format!("page text could not be read ({})", error_kind(&e)),
            ));
            return;
        }
        None => {
            out.problems.push(Problem::new(
                "corrupt",
                page_loc(page),
                "page text could not be read (internal error caught)",
            ));
            return;
        }
    };
    // the second reading costs what the first did: not for a page that took long
    if started.elapsed() > std::time::Duration::from_millis(OFF_PAGE_MAX_MS) {
        st.off_page_skipped += 1;
    } else {
        off_page_text(doc, i, st, out);
    }
    // Fonts with a mixed one-/two-byte legacy CMap (GBK-EUC-H …) are decoded here, not by
    // pdf_oxide, which reads their codes as fixed two-byte pairs.
    let legacy = guarded(|| legacy_runs(doc, i)).unwrap_or_default();
    // Spans of layers that are off by default: what remains without them is what is shown.
    let mut shown: Option<HashMap<(String, i64, i64), usize>> = None;
    if !st.off_layers.is_empty() {
        let off = st.off_layers.clone();
        if let Some(Ok(v)) = guarded(|| {
            doc.extract_spans_filtered_with_reading_order(
                i,
                pdf_oxide::document::ReadingOrder::TopToBottom,
                off,
                HashSet::new(),
            )
        }) {
            let mut m = HashMap::new();
            for sp in &v {
                *m.entry(span_key(sp)).or_insert(0usize) += 1;
            }
            shown = Some(m);
        }
    }
    st.annot_texts.clear();
    for s in spans.iter().filter(|s| s.sequence >= ANNOT_SPAN_SEQUENCE) {
        if st.annot_texts.len() < MAX_ANNOTS_PER_PAGE {
            let t = st
                .annot_texts
                .entry(s.sequence - ANNOT_SPAN_SEQUENCE)
                .or_default();
            if t.len() < 64 * 1024 {
                t.push_str(&s.text);
            }
        }
    }
    let mut runs: Vec<Run> = spans
        .into_iter()
        .filter(|s| s.sequence < ANNOT_SPAN_SEQUENCE && !s.text.trim().is_empty())
        .filter(|s| !legacy.base_fonts.contains(&s.font_name))
        .map(|s| {
            let hidden = match shown.as_mut() {
                Some(m) => match m.get_mut(&span_key(&s)) {
                    Some(n) if *n > 0 => {
                        *n -= 1;
                        false
                    }
                    _ => true,
                },
                None => false,
            };
            let chrome = matches!(
                s.artifact_type,
                Some(pdf_oxide::extractors::text::ArtifactType::Pagination(_))
            );
            let b = s.bbox;
            let h = if b.height.is_finite() && b.height > 0.0 {
                b.height
            } else {
                s.font_size.abs().max(1.0)
            };
            Run {
                cy: finite(b.y) + h / 2.0,
                x: finite(b.x),
                w: finite(b.width).max(0.0),
                h,
                size: if s.font_size.is_finite() && s.font_size > 0.0 {
                    s.font_size
                } else {
                    h
                },
                text: s.text,
                hidden,
                chrome,
            }
        })
        .collect();
    runs.extend(legacy.runs);
    let lines = group_lines(runs);
    let mut line_no = 0u32;
    let mut page_text = String::new();
    // top and bottom tenth of the page, where running headers and footers sit
    let band = guarded(|| doc.get_page_media_box(i))
        .and_then(|r| r.ok())
        .map(|(_, y0, _, y1)| (y0.min(y1), y0.max(y1)))
        .filter(|(lo, hi)| lo.is_finite() && hi.is_finite() && hi > lo);
    for (text, hidden, chrome, cy) in lines {
        if text.trim().is_empty() && hidden.trim().is_empty() {
            continue;
        }
        line_no += 1;
        st.text_lines += 1;
        st.text_bytes += text.len() + hidden.len();
        page_text.push_str(&text);
        page_text.push_str(&hidden);
        let loc = Location {
            page: Some(page),
            line: Some(line_no),
            ..Default::default()
        };
        if !text.trim().is_empty() {
            let zone = if page == 1 && line_no <= TITLE_LINES {
                Zone::Title
            } else if chrome {
                Zone::HeaderFooter
            } else {
                Zone::Body
            };
            if let Some((lo, hi)) = band {
                let margin = (hi - lo) * 0.1;
                if zone == Zone::Body && (cy > hi - margin || cy < lo + margin) {
                    let norm: String = text
                        .chars()
                        .filter(|c| !c.is_whitespace() && !c.is_ascii_digit())
                        .collect();
                    if st.band_lines.len() < 100_000 {
                        st.band_lines.push((out.segments.len(), norm, page));
                    }
                }
            }
            out.segments
                .push(Segment::fixed(text, loc.clone(), Layer::Visible, zone));
        }
        if !hidden.trim().is_empty() {
            out.segments.push(Segment::fixed(
                hidden,
                loc,
                Layer::Hidden("hidden_text"),
                Zone::Body,
            ));
        }
    }
    if line_no == 0 || page_number_only(&page_text) {
        if guarded(|| page_has_images(doc, i)).unwrap_or(false) {
            st.page_problems += 1;
            out.not_examined.push(NotExamined {
                what: "scanned page".into(),
                location: page_loc(page),
                reason: "page has images but no text: needs manual or OCR review".into(),
            });
            out.problems.push(Problem::new(
                "unsupported_format",
                page_loc(page),
                "image-only page, no text layer",
            ));
        }
    } else if garbled(&page_text) {
        st.page_problems += 1;
        out.not_examined.push(NotExamined {
            what: "text layer".into(),
            location: page_loc(page),
            reason: "extracted text is garbled (replacement, private-use or control characters: \
                     a font without a usable Unicode map); check the page visually"
                .into(),
        });
        out.problems.push(Problem::new(
            "unsupported_format",
            page_loc(page),
            "text layer not decodable",
        ));
    }
}

/// Whether a page's text is no more than page furniture (`- 1 -`, `第 1 页 共 3 页`, `2/5`,
/// `Page 1 of 3`): a scanned page with a page number added on top is still a scan.
fn page_number_only(text: &str) -> bool {
    let mut rest = text.to_lowercase();
    for w in ["第", "页", "共", "page", "of"] {
        rest = rest.replace(w, "");
    }
    !rest.chars().any(|c| c.is_alphabetic())
        && rest.chars().filter(|c| c.is_ascii_digit()).count() <= 8
}

fn finite(v: f32) -> f32 {
    if v.is_finite() {
        v
    } else {
        0.0
    }
}

/// Groups runs into lines (top to bottom, left to right within a line) and joins each line's
/// shown and hidden text, with a space where runs are far apart.
fn group_lines(mut runs: Vec<Run>) -> Vec<(String, String, bool, f32)> {
    // pdf_oxide reports boxes in PDF user space: y grows upwards.
    runs.sort_by(|a, b| b.cy.total_cmp(&a.cy).then(a.x.total_cmp(&b.x)));
    let mut lines: Vec<Vec<Run>> = Vec::new();
    for r in runs {
        match lines.last_mut() {
            Some(l) if (l[0].cy - r.cy).abs() <= (l[0].h.min(r.h) * 0.5).max(0.5) => l.push(r),
            _ => lines.push(vec![r]),
        }
    }
    lines
        .into_iter()
        .map(|mut l| {
            l.sort_by(|a, b| a.x.total_cmp(&b.x));
            let mut shown = (String::new(), None::<f32>);
            let mut hidden = (String::new(), None::<f32>);
            for r in &l {
                let (s, end) = if r.hidden {
                    (&mut hidden.0, &mut hidden.1)
                } else {
                    (&mut shown.0, &mut shown.1)
                };
                if let Some(e) = *end {
                    // runs far apart are separate words; between two letters or digits half
                    // an em is enough (a table's cells: an ID and the area beside it, 12 pt
                    // apart at 8.5 pt, must not read as one 21-digit number)
                    let alnum = s.ends_with(|c: char| c.is_ascii_alphanumeric())
                        && r.text.starts_with(|c: char| c.is_ascii_alphanumeric());
                    let gap = if alnum { 0.5 } else { 1.5 };
                    if r.x - e > r.size * gap && !s.ends_with(' ') && !r.text.starts_with(' ') {
                        s.push(' ');
                    }
                }
                s.push_str(&r.text);
                *end = Some(end.map_or(r.x + r.w, |e: f32| e.max(r.x + r.w)));
            }
            let chrome = l.iter().filter(|r| !r.hidden).all(|r| r.chrome);
            (shown.0, hidden.0, chrome, l[0].cy)
        })
        .collect()
}

/// A text layer that is mostly undecodable: U+FFFD, private-use or control characters; or
/// mostly letters of scripts a Chinese document does not use, which is what a CID font
/// without a Unicode map reads as (its glyph ids taken for code points: Ethiopic, Latin
/// Extended, Armenian … instead of 机密).
fn garbled(text: &str) -> bool {
    let mut total = 0usize;
    let mut bad = 0usize;
    let mut odd = 0usize;
    // Han characters, and those outside GB2312's 3,755 common ones: running Chinese text is
    // almost all common characters, glyph ids read as code points are mostly rare ones
    let (mut han, mut rare) = (0usize, 0usize);
    let mut enc = encoding_rs::GBK.new_encoder();
    let mut buf = [0u8; 32];
    for c in text.chars() {
        if c.is_whitespace() {
            continue;
        }
        total += 1;
        let u = c as u32;
        if crate::normalize::is_cjk(c) {
            han += 1;
            let mut tmp = [0u8; 4];
            let (_, _, written, _) = enc.encode_from_utf8(c.encode_utf8(&mut tmp), &mut buf, false);
            // GB2312 level 1: lead byte 0xB0–0xD7; a traditional character counts as its
            // simplified form would (a 繁體 notice is no garbage)
            if !(written == 2 && (0xB0..=0xD7).contains(&buf[0]))
                && crate::normalize::t2s_char(c) == c
            {
                rare += 1;
            }
            continue;
        }
        if c == '\u{FFFD}'
            || (0xE000..=0xF8FF).contains(&u)
            || u >= 0xF0000
            || (c.is_control() && c != '\t')
        {
            bad += 1;
        } else if matches!(u,
            0x00C0..=0x00FF     // Latin-1 letters
            | 0x0100..=0x02AF     // Latin Extended-A/B, IPA
            | 0x0530..=0x058F   // Armenian
            | 0x10A0..=0x10FF   // Georgian
            | 0x1200..=0x167F   // Ethiopic, Cherokee, Canadian syllabics
            | 0x1680..=0x16FF   // Ogham, Runic
            | 0x1E00..=0x1EFF   // Latin Extended Additional
            | 0x2C00..=0x2DFF   // Glagolitic, Latin Extended-C, Coptic, Tifinagh
            | 0xA4D0..=0xA6FF   // Lisu, Vai, Bamum
            | 0xA720..=0xA7FF)
        // Latin Extended-D
        {
            odd += 1;
        }
    }
    (bad >= 3 && bad * 10 >= total)
        || (odd >= 10 && odd * 10 >= total * 3)
        || (han >= 20 && rare * 2 >= han)
}

/// Whether a page draws an image: an image XObject in its resources (also inside form
/// XObjects) or an inline image in its content.
fn page_has_images(doc: &PdfDocument, i: usize) -> bool {
    if let Some(res) = page_resources(doc, i) {
        let mut visits = 0usize;
        if resources_have_images(doc, &Object::Dictionary(res), 0, &mut visits) {
            return true;
        }
    }
    match doc.get_page_content_data(i) {
        Ok(c) => has_inline_image(&c),
        Err(_) => false,
    }
}

fn resources_have_images(doc: &PdfDocument, res: &Object, depth: u32, visits: &mut usize) -> bool {
    if depth > 4 {
        return false;
    }
    let Some(res) = resolve(doc, res) else {
        return false;
    };
    let Some(rd) = dict_of(&res) else {
        return false;
    };
    let Some(xo) = get(doc, rd, "XObject") else {
        return false;
    };
    let Some(xd) = dict_of(&xo) else {
        return false;
    };
    for v in xd.values() {
        *visits += 1;
        if *visits > 1_000 {
            return false;
        }
        let Some(x) = resolve(doc, v) else { continue };
        let Some(d) = dict_of(&x) else { continue };
        match d.get("Subtype").and_then(|s| s.as_name()) {
            Some("Image") => return true,
            Some("Form") => {
                if let Some(r) = d.get("Resources") {
                    if resources_have_images(doc, r, depth + 1, visits) {
                        return true;
                    }
                }
            }
            _ => {}
        }
    }
    false
}

/// `BI … ID` in a content stream (an inline image).
fn has_inline_image(content: &[u8]) -> bool {
    let ws = |b: u8| matches!(b, b' ' | b'\n' | b'\r' | b'\t' | b'\x0c' | b'\0');
    content
        .windows(4)
        .any(|w| ws(w[0]) && w[1] == b'B' && w[2] == b'I' && ws(w[3]))
        || content.starts_with(b"BI ")
        || content.starts_with(b"BI\n")
}

// ---------------------------------------------------------------------------------------------
// fonts with mixed-width legacy CMaps

/// pdf_oxide 0.3.78 reads the codes of the predefined legacy CMaps (`GBK-EUC-H`, `GB-EUC-H`,
/// `B5pc-H` …) as fixed two-byte pairs, although one byte below 0x81 is a code of its own:
/// an odd run of ASCII digits shifts every following character (`机密★5年` comes out as
/// `机密★柷⑤`). The strings shown with such fonts are decoded here with the matching
/// multi-byte encoding and positioned by a small content-stream interpreter; pdf_oxide's spans
/// in those fonts are dropped.
#[derive(Default)]
struct Legacy {
    /// `/BaseFont` of the fonts decoded here (pdf_oxide names spans by it).
    base_fonts: HashSet<String>,
    runs: Vec<Run>,
}

/// The multi-byte encoding behind a predefined legacy CMap name, if it is one whose codes are
/// one or two (or, for GBK2K, four) bytes wide.
fn legacy_encoding(cmap: &str) -> Option<&'static encoding_rs::Encoding> {
    if cmap.starts_with("Uni") || cmap.starts_with("Identity") {
        None
    } else if cmap.starts_with("GB") {
        Some(encoding_rs::GB18030)
    } else if cmap.contains("B5") {
        Some(encoding_rs::BIG5)
    } else if cmap.starts_with("KSC") {
        Some(encoding_rs::EUC_KR)
    } else if cmap.starts_with("EUC-") {
        Some(encoding_rs::EUC_JP)
    } else {
        None
    }
}

/// Width in bytes of the code starting at `b[0]` in a legacy CMap.
fn legacy_code_len(enc: &'static encoding_rs::Encoding, b: &[u8]) -> usize {
    let lead = b[0];
    let n = if enc == encoding_rs::GB18030 {
        if lead < 0x81 {
            1
        } else if b.len() >= 4 && (0x30..=0x39).contains(&b[1]) {
            4
        } else {
            2
        }
    } else if enc == encoding_rs::EUC_JP {
        match lead {
            0x8F => 3,
            0x8E | 0xA1..=0xFE => 2,
            _ => 1,
        }
    } else if lead < 0x81 {
        1
    } else {
        2
    };
    n.min(b.len())
}

#[derive(Clone)]
struct LegacyFont {
    enc: &'static encoding_rs::Encoding,
    /// Default glyph width (`/DW`, 1000 units per em) for two-byte codes; one-byte codes (the
    /// proportional Roman range) count half of it.
    dw: f32,
}

type Mat = [f32; 6];
const IDENTITY: Mat = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

/// `a × b` in PDF's row-vector convention (apply `a`, then `b`).
fn mul(a: &Mat, b: &Mat) -> Mat {
    [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]
}

/// Legacy-CMap fonts of a resource dictionary: resource name → font.
fn legacy_fonts(
    doc: &PdfDocument,
    res: &HashMap<String, Object>,
    base_fonts: &mut HashSet<String>,
) -> HashMap<String, LegacyFont> {
    let mut out = HashMap::new();
    let Some(fonts) = get(doc, res, "Font") else {
        return out;
    };
    let Some(fd) = dict_of(&fonts) else {
        return out;
    };
    for (name, f) in fd.iter().take(1_000) {
        let Some(fo) = resolve(doc, f) else { continue };
        let Some(d) = dict_of(&fo) else { continue };
        if d.get("Subtype").and_then(|s| s.as_name()) != Some("Type0") {
            continue;
        }
        let Some(enc) = get(doc, d, "Encoding")
            .as_ref()
            .and_then(|e| e.as_name().and_then(legacy_encoding))
        else {
            continue;
        };
        let dw = get(doc, d, "DescendantFonts")
            .and_then(|a| a.as_array().and_then(|a| a.first().cloned()))
            .and_then(|df| resolve(doc, &df))
            .and_then(|df| {
                dict_of(&df).and_then(|dd| {
                    get(doc, dd, "DW").and_then(|w| match w {
                        Object::Integer(i) => Some(i as f32),
                        Object::Real(r) => Some(r as f32),
                        _ => None,
                    })
                })
            })
            .filter(|w| w.is_finite() && *w > 0.0 && *w < 10_000.0)
            .unwrap_or(1000.0);
        if let Some(b) = d.get("BaseFont").and_then(|b| b.as_name()) {
            base_fonts.insert(b.to_string());
        }
        out.insert(name.clone(), LegacyFont { enc, dw });
    }
    out
}

/// The page's resource dictionary (inherited from the page tree when the page has none).
fn page_resources(doc: &PdfDocument, i: usize) -> Option<HashMap<String, Object>> {
    let mut node = Some(doc.get_page(i).ok()?);
    for _ in 0..MAX_TREE_DEPTH {
        let d = dict_of(node.as_ref()?)?;
        if let Some(r) = get(doc, d, "Resources") {
            return dict_of(&r).cloned();
        }
        node = get(doc, d, "Parent");
    }
    None
}

/// Whether a form XObject reachable from `res` uses a legacy-CMap font.
fn forms_use_legacy_fonts(
    doc: &PdfDocument,
    res: &HashMap<String, Object>,
    depth: u32,
    visits: &mut usize,
) -> bool {
    if depth >= 4 {
        return false;
    }
    let Some(xo) = get(doc, res, "XObject") else {
        return false;
    };
    let Some(xd) = dict_of(&xo) else {
        return false;
    };
    for v in xd.values() {
        *visits += 1;
        if *visits > 1_000 {
            return false;
        }
        let Some(Object::Stream { dict, .. }) = resolve(doc, v) else {
            continue;
        };
        if dict.get("Subtype").and_then(|s| s.as_name()) != Some("Form") {
            continue;
        }
        let Some(r) = get(doc, &dict, "Resources") else {
            continue;
        };
        let Some(rd) = dict_of(&r) else { continue };
        let mut names = HashSet::new();
        if !legacy_fonts(doc, rd, &mut names).is_empty()
            || forms_use_legacy_fonts(doc, rd, depth + 1, visits)
        {
            return true;
        }
    }
    false
}

fn legacy_runs(doc: &PdfDocument, i: usize) -> Legacy {
    let mut out = Legacy::default();
    let Some(res) = page_resources(doc, i) else {
        return out;
    };
    let fonts = legacy_fonts(doc, &res, &mut out.base_fonts);
    let mut visits = 0usize;
    if fonts.is_empty() && !forms_use_legacy_fonts(doc, &res, 0, &mut visits) {
        return out;
    }
    let Ok(content) = doc.get_page_content_data(i) else {
        return out;
    };
    let mut budget = 200_000usize;
    interpret(
        doc,
        &content,
        &res,
        fonts,
        IDENTITY,
        0,
        &mut budget,
        &mut out,
    );
    out
}

#[allow(clippy::too_many_arguments)]
fn interpret(
    doc: &PdfDocument,
    content: &[u8],
    res: &HashMap<String, Object>,
    fonts: HashMap<String, LegacyFont>,
    base: Mat,
    depth: u32,
    budget: &mut usize,
    out: &mut Legacy,
) {
    use pdf_oxide::content::{Operator, TextElement};
    let Ok(ops) = pdf_oxide::content::parse_content_stream(content) else {
        return;
    };
    let mut ctm = base;
    let mut stack: Vec<Mat> = Vec::new();
    let (mut tm, mut tlm) = (IDENTITY, IDENTITY);
    let mut font: Option<LegacyFont> = None;
    let (mut size, mut leading, mut tc, mut tw, mut th, mut rise) =
        (0.0f32, 0.0f32, 0.0f32, 0.0f32, 1.0f32, 0.0f32);
    for op in ops {
        if *budget == 0 {
            return;
        }
        *budget -= 1;
        let mut show: Vec<TextElement> = Vec::new();
        match op {
            Operator::SaveState => {
                if stack.len() < 256 {
                    stack.push(ctm);
                }
            }
            Operator::RestoreState => {
                if let Some(m) = stack.pop() {
                    ctm = m;
                }
            }
            Operator::Cm { a, b, c, d, e, f } => ctm = mul(&[a, b, c, d, e, f], &ctm),
            Operator::BeginText => {
                tm = IDENTITY;
                tlm = IDENTITY;
            }
            Operator::Tm { a, b, c, d, e, f } => {
                tm = [a, b, c, d, e, f];
                tlm = tm;
            }
            Operator::Td { tx, ty } => {
                tlm = mul(&[1.0, 0.0, 0.0, 1.0, tx, ty], &tlm);
                tm = tlm;
            }
            Operator::TD { tx, ty } => {
                leading = -ty;
                tlm = mul(&[1.0, 0.0, 0.0, 1.0, tx, ty], &tlm);
                tm = tlm;
            }
            Operator::TStar => {
                tlm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, -leading], &tlm);
                tm = tlm;
            }
            Operator::TL { leading: l } => leading = l,
            Operator::Tc { char_space } => tc = char_space,
            Operator::Tw { word_space } => tw = word_space,
            Operator::Tz { scale } => th = scale / 100.0,
            Operator::Ts { rise: r } => rise = r,
            Operator::Tf { font: f, size: s } => {
                font = fonts.get(&f).cloned();
                size = s;
            }
            Operator::Tj { text } => show.push(TextElement::String(text)),
            Operator::TJ { array } => show = array,
            Operator::Quote { text } => {
                tlm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, -leading], &tlm);
                tm = tlm;
                show.push(TextElement::String(text));
            }
            Operator::DoubleQuote {
                word_space,
                char_space,
                text,
            } => {
                tw = word_space;
                tc = char_space;
                tlm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, -leading], &tlm);
                tm = tlm;
                show.push(TextElement::String(text));
            }
            Operator::Do { name } => {
                if depth < 4 {
                    form(doc, res, &name, ctm, depth, budget, out);
                }
            }
            _ => {}
        }
        if show.is_empty() {
            continue;
        }
        // Strings in other fonts still move the text position; without their widths the
        // position after them is unknown, which only matters for runs on the same line.
        let Some(f) = font.as_ref() else { continue };
        for el in show {
            match el {
                TextElement::Offset(o) => {
                    let dx = -o / 1000.0 * size * th;
                    tm = mul(&[1.0, 0.0, 0.0, 1.0, dx, 0.0], &tm);
                }
                TextElement::String(bytes) => {
                    let (text, _) = f.enc.decode_without_bom_handling(&bytes);
                    let mut adv = 0.0f32;
                    let mut k = 0;
                    while k < bytes.len() {
                        let n = legacy_code_len(f.enc, &bytes[k..]).max(1);
                        let w = if n == 1 { f.dw / 2.0 } else { f.dw };
                        adv += (w / 1000.0 * size
                            + tc
                            + if n == 1 && bytes[k] == b' ' { tw } else { 0.0 })
                            * th;
                        k += n;
                    }
                    let trm = mul(&mul(&[size * th, 0.0, 0.0, size, 0.0, rise], &tm), &ctm);
                    let sx = (trm[0] * trm[0] + trm[1] * trm[1]).sqrt() / size.abs().max(1e-3);
                    let h = (trm[2] * trm[2] + trm[3] * trm[3]).sqrt();
                    let h = if h.is_finite() && h > 0.0 { h } else { 1.0 };
                    let text = text.replace('\0', "");
                    if !text.trim().is_empty() && out.runs.len() < 1_000_000 {
                        out.runs.push(Run {
                            cy: finite(trm[5]) + h / 2.0,
                            x: finite(trm[4]),
                            w: finite(adv * sx).max(0.0),
                            h,
                            size: h,
                            text,
                            hidden: false,
                            chrome: false,
                        });
                    }
                    tm = mul(&[1.0, 0.0, 0.0, 1.0, adv, 0.0], &tm);
                }
            }
        }
    }
}

/// Interprets a form XObject painted with `Do` (its own fonts, its matrix).
fn form(
    doc: &PdfDocument,
    res: &HashMap<String, Object>,
    name: &str,
    ctm: Mat,
    depth: u32,
    budget: &mut usize,
    out: &mut Legacy,
) {
    let Some(xo) = get(doc, res, "XObject") else {
        return;
    };
    let Some(xd) = dict_of(&xo) else { return };
    let Some(x) = get(doc, xd, name) else { return };
    let Object::Stream { dict, .. } = &x else {
        return;
    };
    if dict.get("Subtype").and_then(|s| s.as_name()) != Some("Form") {
        return;
    }
    let fres = get(doc, dict, "Resources")
        .as_ref()
        .and_then(dict_of)
        .cloned()
        .unwrap_or_else(|| res.clone());
    let fonts = legacy_fonts(doc, &fres, &mut out.base_fonts);
    let m = match get(doc, dict, "Matrix") {
        Some(Object::Array(a)) if a.len() == 6 => {
            let v: Vec<f32> = a
                .iter()
                .map(|o| match o {
                    Object::Integer(i) => *i as f32,
                    Object::Real(r) => *r as f32,
                    _ => 0.0,
                })
                .collect();
            [v[0], v[1], v[2], v[3], v[4], v[5]]
        }
        _ => IDENTITY,
    };
    let Ok(content) = x.decode_stream_data() else {
        return;
    };
    interpret(
        doc,
        &content,
        &fres,
        fonts,
        mul(&m, &ctm),
        depth + 1,
        budget,
        out,
    );
}

// ---------------------------------------------------------------------------------------------
// annotations

/// The text an annotation's normal appearance stream (`/AP /N`) draws, read with the stream's
/// own resources — for the annotations whose appearance pdf_oxide does not read itself (a
/// form field flattened to its appearance, a watermark). At most 64 KiB.
fn appearance_text(doc: &PdfDocument, ad: &HashMap<String, Object>) -> Option<String> {
    let ap = get(doc, ad, "AP")?;
    let n = get(doc, dict_of(&ap)?, "N")?;
    let Object::Stream { dict, .. } = &n else {
        // a dictionary of states (a check box's On/Off) draws no text of its own
        return None;
    };
    let data = n.decode_stream_data().ok()?;
    if !PdfDocument::may_contain_text_public(&data) {
        return None;
    }
    let res = get(doc, dict, "Resources")?;
    let mut ex = pdf_oxide::extractors::TextExtractor::new();
    ex.set_resources(res.clone());
    ex.set_document(doc);
    doc.load_fonts_public(&res, &mut ex).ok()?;
    let spans = ex.extract_text_spans(&data).ok()?;
    let mut text = String::new();
    for sp in spans {
        if text.len() + sp.text.len() > 64 * 1024 {
            break;
        }
        if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(&sp.text);
    }
    let t = text.trim();
    (!t.is_empty()).then(|| t.to_string())
}

fn annotations(
    doc: &PdfDocument,
    i: usize,
    st: &mut State<'_>,
    files: &mut Vec<(u32, Object)>,
    out: &mut Extracted,
) {
    let page = i as u32 + 1;
    let Ok(pobj) = doc.get_page(i) else { return };
    let Some(pd) = dict_of(&pobj) else { return };
    let Some(annots) = get(doc, pd, "Annots") else {
        return;
    };
    let Some(arr) = annots.as_array() else { return };
    if arr.len() > MAX_ANNOTS_PER_PAGE {
        out.problems.push(Problem::new(
            "limit_exceeded",
            page_loc(page),
            format!(
                "{} annotations on the page; only the first {MAX_ANNOTS_PER_PAGE} were read",
                arr.len()
            ),
        ));
    }
    let mut seen: HashSet<String> = HashSet::new();
    for (k, a) in arr.iter().enumerate().take(MAX_ANNOTS_PER_PAGE) {
        let Some(ao) = resolve(doc, a) else { continue };
        let Some(ad) = dict_of(&ao) else { continue };
        let subtype = ad.get("Subtype").and_then(|s| s.as_name()).unwrap_or("");
        if subtype == "Widget" {
            form_field_texts(doc, ad, page, &mut seen, out);
            // a filled-in form field (申请表, 登记表): its value is on the widget or on the
            // field it belongs to (up to a few parents), and a viewer shows it on the page
            let mut value = get_string(doc, ad, "V");
            let mut parent = get(doc, ad, "Parent");
            for _ in 0..8 {
                if value.is_some() {
                    break;
                }
                let Some(p) = parent.take() else { break };
                let Some(pd) = dict_of(&p) else { break };
                value = get_string(doc, pd, "V");
                parent = get(doc, pd, "Parent");
            }
            // (a field flattened by its filler keeps its value only in the appearance
            // stream, which a viewer draws)
            let (value, field) = match value {
                Some(v) => (Some(v), "AcroForm/V"),
                None => (
                    st.annot_texts
                        .get(&k)
                        .map(|t| t.trim().to_string())
                        .filter(|t| !t.is_empty())
                        .or_else(|| guarded(|| appearance_text(doc, ad)).flatten()),
                    "AcroForm/AP",
                ),
            };
            if let Some(v) = value.filter(|v| seen.insert(v.clone())) {
                out.segments.push(Segment::fixed(
                    v,
                    Location {
                        page: Some(page),
                        field: Some(field.into()),
                        ..Default::default()
                    },
                    Layer::Visible,
                    Zone::Body,
                ));
            }
            continue;
        }
        if subtype == "Link" {
            // where the link goes (`/A << /S /URI /URI (…) >>`): read when it dials or writes
            // to someone or holds a long digit run (`?sfz=…`), like a docx link's target
            let uri = get(doc, ad, "A")
                .and_then(|a| dict_of(&a).and_then(|d| get_string(doc, d, "URI")))
                .map(|u| String::from_utf8_lossy(&xmlutil::percent_decode_bytes(&u)).into_owned())
                .filter(|u| {
                    let l = u.trim_start().to_ascii_lowercase();
                    ["tel:", "mailto:", "sms:"].iter().any(|p| l.starts_with(p))
                        || u.split(|c: char| !c.is_ascii_digit())
                            .any(|r| r.len() >= 11)
                });
            if let Some(u) = uri.filter(|u| seen.insert(u.clone())) {
                out.segments.push(Segment::fixed(
                    u,
                    Location {
                        page: Some(page),
                        field: Some("Link/URI".into()),
                        ..Default::default()
                    },
                    Layer::Metadata("other"),
                    Zone::Body,
                ));
            }
            continue;
        }
        if subtype == "FileAttachment" {
            if let Some(fs) = get(doc, ad, "FS") {
                files.push((page, fs));
            }
        }
        if let Some(t) = get_string(doc, ad, "T") {
            if st.authors.len() < MAX_AUTHORS {
                st.authors.insert(t);
            }
        }
        let contents = get_string(doc, ad, "Contents");
        if contents.is_none() && subtype != "Popup" {
            // a stamp (密级章, 「机密」 from the viewer's stamp set), a watermark, a typewriter
            // box or any other annotation whose text is only drawn by its appearance stream:
            // shown on the page, so visible text; a stamp or a watermark is a mark put on the
            // page, read where markings are put
            let drawn = st
                .annot_texts
                .get(&k)
                .map(|t| t.trim().to_string())
                .filter(|t| !t.is_empty())
                .or_else(|| guarded(|| appearance_text(doc, ad)).flatten());
            if let Some(t) = drawn {
                if seen.insert(t.clone()) {
                    out.segments.push(Segment::fixed(
                        t,
                        Location {
                            page: Some(page),
                            field: Some(format!("Annot/{subtype}/AP")),
                            ..Default::default()
                        },
                        Layer::Visible,
                        if matches!(subtype, "Stamp" | "Watermark") {
                            Zone::HeaderFooter
                        } else {
                            Zone::Body
                        },
                    ));
                }
            }
        }
        let mut push = |text: String, field: &str| {
            let text = text.trim().to_string();
            if text.is_empty() || !seen.insert(text.clone()) {
                return;
            }
            out.segments.push(Segment::fixed(
                text,
                Location {
                    page: Some(page),
                    field: Some(format!("Annot/{field}")),
                    ..Default::default()
                },
                Layer::Hidden("comment"),
                Zone::Body,
            ));
        };
        if let Some(c) = contents {
            push(c, "Contents");
        }
        if let Some(s) = get_string(doc, ad, "Subj") {
            push(s, "Subj");
        }
        match get(doc, ad, "RC") {
            Some(Object::String(b)) => push(strip_tags(&pdf_text(&b)), "RC"),
            Some(o @ Object::Stream { .. }) => {
                if let Ok(b) = o.decode_stream_data() {
                    if b.len() <= MAX_XMP_BYTES {
                        push(strip_tags(&pdf_text(&b)), "RC");
                    }
                }
            }
            _ => {}
        }
    }
}

/// What a form field holds besides its value: the caption drawn on a button (`/MK /CA`,
/// visible), and the tooltip (`/TU`), default value (`/DV`, restored by a form reset) and
/// choice options (`/Opt`) a reader sees when using the form (form-field text, like a docx
/// form field's help and entries). Field-level keys may sit on the widget's parent field.
fn form_field_texts(
    doc: &PdfDocument,
    ad: &HashMap<String, Object>,
    page: u32,
    seen: &mut HashSet<String>,
    out: &mut Extracted,
) {
    let loc = |field: &str| Location {
        page: Some(page),
        field: Some(format!("AcroForm/{field}")),
        ..Default::default()
    };
    if let Some(ca) = get(doc, ad, "MK")
        .and_then(|mk| dict_of(&mk).and_then(|d| get_string(doc, d, "CA")))
        .filter(|c| seen.insert(c.clone()))
    {
        out.segments
            .push(Segment::fixed(ca, loc("MK/CA"), Layer::Visible, Zone::Body));
    }
    let mut texts: Vec<(String, &str)> = Vec::new();
    let mut node = Some(Object::Dictionary(ad.clone()));
    for _ in 0..8 {
        let Some(n) = node.take() else { break };
        let Some(d) = dict_of(&n) else { break };
        for key in ["TU", "DV"] {
            if let Some(v) = get_string(doc, d, key) {
                texts.push((v, key));
            }
        }
        if let Some(Object::Array(opts)) = get(doc, d, "Opt") {
            for o in opts.iter().take(1_000) {
                // an option is a string or an [export value, display text] pair
                let parts: Vec<Object> = match resolve(doc, o) {
                    Some(Object::Array(pair)) => pair,
                    Some(x) => vec![x],
                    None => Vec::new(),
                };
                for p in parts.iter().take(2) {
                    if let Some(Object::String(b)) = resolve(doc, p) {
                        let v = pdf_text(&b).trim().to_string();
                        if !v.is_empty() {
                            texts.push((v, "Opt"));
                        }
                    }
                }
            }
        }
        node = get(doc, d, "Parent");
    }
    for (v, key) in texts {
        if seen.insert(v.clone()) {
            out.segments.push(Segment::fixed(
                v,
                loc(key),
                Layer::Metadata("other"),
                Zone::Body,
            ));
        }
    }
}

/// Text of a rich-text (XHTML) string: tags dropped, the five entities resolved.
fn strip_tags(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

// ---------------------------------------------------------------------------------------------
// document properties

fn info_kind(key: &str) -> &'static str {
    match key {
        "Author" => "author",
        "Title" => "title",
        "Company" => "company",
        "LastModifiedBy" => "last_modified_by",
        _ => "other",
    }
}

fn push_meta(out: &mut Extracted, part: &str, field: &str, kind: &'static str, value: String) {
    let value = value.trim().to_string();
    if value.is_empty() {
        return;
    }
    let kind = if looks_like_path(&value) {
        "file_path"
    } else {
        kind
    };
    out.segments.push(Segment::fixed(
        value,
        Location {
            part: Some(part.to_string()),
            field: Some(field.to_string()),
            ..Default::default()
        },
        Layer::Metadata(kind),
        Zone::Metadata,
    ));
}

fn info_dict(doc: &PdfDocument, out: &mut Extracted) {
    let Some(td) = dict_of(doc.trailer()) else {
        return;
    };
    let Some(info) = get(doc, td, "Info") else {
        return;
    };
    let Some(d) = dict_of(&info) else { return };
    let mut keys: Vec<&String> = d.keys().collect();
    keys.sort();
    for k in keys {
        // dates are not personal data
        if matches!(k.as_str(), "CreationDate" | "ModDate" | "Trapped") {
            continue;
        }
        if let Some(v) = get_string(doc, d, k) {
            push_meta(out, "Info", k, info_kind(k), v);
        }
    }
}

/// Metadata kind of an XMP property by local name; `None` for properties not reported.
fn xmp_kind(local_name: &str) -> Option<&'static str> {
    Some(match local_name {
        "creator" | "Author" | "author" => "author",
        "title" | "Title" => "title",
        "Company" | "company" => "company",
        "LastModifiedBy" | "lastModifiedBy" => "last_modified_by",
        // the packet's structure, and identifiers and history that tools write (UUIDs,
        // timestamps, format names): not text anyone put there
        "RDF"
        | "Description"
        | "Seq"
        | "Bag"
        | "Alt"
        | "li"
        | "xmpmeta"
        | "value"
        | "type"
        | "DocumentID"
        | "InstanceID"
        | "OriginalDocumentID"
        | "VersionID"
        | "RenditionClass"
        | "History"
        | "DerivedFrom"
        | "Ingredients"
        | "Manifest"
        | "Pantry"
        | "action"
        | "instanceID"
        | "when"
        | "softwareAgent"
        | "changed"
        | "parameters"
        | "documentID"
        | "CreateDate"
        | "ModifyDate"
        | "MetadataDate"
        | "format"
        | "PDFVersion"
        | "Trapped"
        | "part"
        | "conformance"
        | "about"
        | "Thumbnails"
        | "image"
        | "width"
        | "height"
        | "Fonts"
        | "PlateNames"
        | "SwatchGroups"
        | "Colorants"
        | "MaxPageSize"
        | "NPages"
        | "HasVisibleTransparency"
        | "HasVisibleOverprint"
        | "ColorMode"
        | "ICCProfile" => return None,
        // any other property (Producer, description, a producer's own schema) is text
        // someone or something put into the file
        _ => "other",
    })
}

fn xmp(doc: &PdfDocument, limits: &Limits, out: &mut Extracted) {
    let Ok(cat) = doc.catalog() else { return };
    let Some(cd) = dict_of(&cat) else { return };
    if let Some(m) = get(doc, cd, "Metadata") {
        xmp_stream(&m, limits, out);
    }
}

/// A page's own metadata (page-level XMP that layout tools write), read with the page.
fn page_xmp(doc: &PdfDocument, i: usize, limits: &Limits, out: &mut Extracted) {
    let Ok(p) = doc.get_page(i) else { return };
    let Some(pd) = dict_of(&p) else { return };
    if let Some(m) = get(doc, pd, "Metadata") {
        xmp_stream(&m, limits, out);
    }
}

fn xmp_stream(m: &Object, limits: &Limits, out: &mut Extracted) {
    let Object::Stream { data, .. } = m else {
        return;
    };
    if data.len() > MAX_XMP_BYTES {
        out.not_examined.push(NotExamined {
            what: "XMP metadata".into(),
            location: Location {
                part: Some("Metadata".into()),
                ..Default::default()
            },
            reason: format!("metadata stream larger than {} MiB", MAX_XMP_BYTES >> 20),
        });
        return;
    }
    let xml = match m.decode_stream_data() {
        Ok(x) if x.len() <= MAX_XMP_BYTES => x,
        _ => {
            out.not_examined.push(NotExamined {
                what: "XMP metadata".into(),
                location: Location {
                    part: Some("Metadata".into()),
                    ..Default::default()
                },
                reason: "metadata stream could not be decoded".into(),
            });
            return;
        }
    };
    if let Err(msg) = parse_xmp(&xml, limits, out) {
        out.not_examined.push(NotExamined {
            what: "XMP metadata".into(),
            location: Location {
                part: Some("Metadata".into()),
                ..Default::default()
            },
            reason: format!(
                "metadata could not be parsed ({})",
                msg.chars().take(80).collect::<String>()
            ),
        });
    }
}

fn xmp_attrs(e: &BytesStart<'_>, out: &mut Extracted) {
    for a in e.attributes().with_checks(false).flatten() {
        let k: &str = a.key.as_ref();
        if k.starts_with("xmlns") {
            continue;
        }
        let Some(kind) = xmp_kind(local(k)) else {
            continue;
        };
        if let Ok(v) = a.normalized_value(XmlVersion::Implicit1_0) {
            push_meta(out, "Metadata", k, kind, v.into_owned());
        }
    }
}

/// Reads the properties of an XMP packet: element form (`<dc:creator><rdf:Seq><rdf:li>…`) and
/// attribute form (`<rdf:Description pdf:Producer="…">`).
fn parse_xmp(xml: &[u8], limits: &Limits, out: &mut Extracted) -> Result<(), String> {
    // XMP packets may start with a BOM or the xpacket processing instruction; quick-xml copes.
    let mut xs = XmlStream::new(xml, limits.max_xml_depth);
    // (field, kind, depth of the property element, values)
    let mut cur: Option<(String, &'static str, usize, Vec<String>)> = None;
    loop {
        match xs.next_event()? {
            Event::Start(e) => {
                let q = qname(&e);
                if cur.is_none() {
                    if let Some(kind) = xmp_kind(local(&q)) {
                        cur = Some((q, kind, xs.depth(), vec![String::new()]));
                        continue;
                    }
                    if local(&q) == "Description" {
                        xmp_attrs(&e, out);
                    }
                } else if let Some((_, _, _, vals)) = cur.as_mut() {
                    if local(&q) == "li" && !vals.last().is_some_and(|v| v.trim().is_empty()) {
                        vals.push(String::new());
                    }
                }
            }
            Event::Empty(e) => {
                if cur.is_none() && local(&qname(&e)) == "Description" {
                    xmp_attrs(&e, out);
                }
            }
            Event::Text(t) => {
                if let Some((_, _, _, vals)) = cur.as_mut() {
                    if let Some(v) = vals.last_mut() {
                        v.push_str(&t.xml10_content());
                    }
                }
            }
            Event::CData(t) => {
                if let Some((_, _, _, vals)) = cur.as_mut() {
                    if let Some(v) = vals.last_mut() {
                        v.push_str(&t.xml10_content());
                    }
                }
            }
            Event::GeneralRef(r) => {
                if let Some((_, _, _, vals)) = cur.as_mut() {
                    if let Some(v) = vals.last_mut() {
                        v.push_str(&ref_text(&r));
                    }
                }
            }
            Event::End(_) => {
                if cur.as_ref().is_some_and(|c| xs.depth() < c.2) {
                    if let Some((field, kind, _, vals)) = cur.take() {
                        let vals: Vec<String> = vals
                            .into_iter()
                            .map(|v| v.trim().to_string())
                            .filter(|v| !v.is_empty())
                            .collect();
                        for v in vals {
                            push_meta(out, "Metadata", &field, kind, v);
                        }
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// XFA forms and document JavaScript

/// XML Forms Architecture data (`/AcroForm /XFA`, one stream or `[name stream …]` packets): a
/// dynamic form's static text (`template`) and its filled-in values (`datasets`) are what a
/// viewer shows, and a PDF of an XFA 申请表 may have no other text. Every text node of every
/// packet is read, one segment per node, at `field: XFA/<packet>`.
fn xfa(doc: &PdfDocument, limits: &Limits, out: &mut Extracted) {
    let Ok(cat) = doc.catalog() else { return };
    let Some(cd) = dict_of(&cat) else { return };
    let Some(af) = get(doc, cd, "AcroForm") else {
        return;
    };
    let Some(ad) = dict_of(&af) else { return };
    let Some(x) = get(doc, ad, "XFA") else { return };
    let packets: Vec<(String, Object)> = match x {
        s @ Object::Stream { .. } => vec![("xdp".to_string(), s)],
        Object::Array(a) => a
            .chunks(2)
            .take(256)
            .filter_map(|c| {
                let name = match resolve(doc, c.first()?)? {
                    Object::String(b) => pdf_text(&b),
                    _ => "packet".to_string(),
                };
                Some((name, resolve(doc, c.get(1)?)?))
            })
            .collect(),
        _ => return,
    };
    let mut total = 0usize;
    for (name, p) in packets {
        let loc = Location {
            field: Some(format!("XFA/{}", name.trim())),
            ..Default::default()
        };
        let data = match &p {
            Object::Stream { data, .. } if data.len() <= MAX_XMP_BYTES => p.decode_stream_data(),
            _ => Err(pdf_oxide::error::Error::InvalidPdf("too large".into())),
        };
        let Ok(xml) = data.map_err(|_| ()).and_then(|d| {
            total += d.len();
            (d.len() <= MAX_XMP_BYTES && total <= 4 * MAX_XMP_BYTES)
                .then_some(d)
                .ok_or(())
        }) else {
            out.not_examined.push(NotExamined {
                what: "XFA form".into(),
                location: loc,
                reason: "XFA packet could not be decoded or is too large".into(),
            });
            continue;
        };
        match xfa_texts(&xml, limits) {
            Ok(texts) => {
                for t in texts {
                    out.segments
                        .push(Segment::fixed(t, loc.clone(), Layer::Visible, Zone::Body));
                }
            }
            Err(m) => out.not_examined.push(NotExamined {
                what: "XFA form".into(),
                location: loc,
                reason: format!(
                    "XFA packet could not be parsed ({})",
                    m.chars().take(80).collect::<String>()
                ),
            }),
        }
    }
}

/// The non-blank text nodes of an XFA packet, trimmed, in document order (a packet split in
/// the middle of an element still yields what comes before the cut).
fn xfa_texts(xml: &[u8], limits: &Limits) -> Result<Vec<String>, String> {
    let mut xs = XmlStream::new(xml, limits.max_xml_depth);
    let mut texts: Vec<String> = Vec::new();
    let mut cur = String::new();
    let flush = |cur: &mut String, texts: &mut Vec<String>| {
        let t = cur.trim();
        if !t.is_empty() && texts.len() < 100_000 {
            texts.push(t.to_string());
        }
        cur.clear();
    };
    loop {
        let ev = match xs.next_event() {
            Ok(e) => e,
            // a packet is often a fragment (`<template …>` without the XDP around it) or cut
            // between packets: keep what was read
            Err(m) if texts.is_empty() && cur.trim().is_empty() => return Err(m),
            Err(_) => break,
        };
        match ev {
            Event::Text(t) => cur.push_str(&t.xml10_content()),
            Event::CData(t) => cur.push_str(&t.xml10_content()),
            Event::GeneralRef(r) => cur.push_str(&ref_text(&r)),
            Event::Start(_) | Event::End(_) | Event::Empty(_) => flush(&mut cur, &mut texts),
            Event::Eof => break,
            _ => {}
        }
    }
    flush(&mut cur, &mut texts);
    Ok(texts)
}

/// Document-level JavaScript: the `/OpenAction` script and the `/Names /JavaScript` tree. A
/// script's string literals (a name list built by the opening script) are in the file.
fn javascript(doc: &PdfDocument, out: &mut Extracted) {
    let Ok(cat) = doc.catalog() else { return };
    let Some(cd) = dict_of(&cat) else { return };
    let mut actions: Vec<Object> = Vec::new();
    if let Some(a) = get(doc, cd, "OpenAction") {
        actions.push(a);
    }
    actions.extend(
        catalog_name_tree(doc, "JavaScript")
            .into_iter()
            .filter_map(|(_, a)| resolve(doc, &a)),
    );
    for a in actions.into_iter().take(1_000) {
        let Some(d) = dict_of(&a) else { continue };
        let js = match get(doc, d, "JS") {
            Some(Object::String(b)) => pdf_text(&b),
            Some(s @ Object::Stream { .. }) => match s.decode_stream_data() {
                Ok(b) if b.len() <= MAX_XMP_BYTES => pdf_text(&b),
                _ => continue,
            },
            _ => continue,
        };
        if !js.trim().is_empty() {
            out.segments.push(Segment::fixed(
                js.trim().to_string(),
                Location {
                    field: Some("JavaScript".into()),
                    ..Default::default()
                },
                Layer::Metadata("other"),
                Zone::Body,
            ));
        }
    }
}

/// Strings of the document catalog that a viewer uses and a reader of the pages does not see:
/// the names of named destinations (`/Names /Dests`, the older `/Dests` dictionary; Word's own
/// `_Toc…`-style names are generated and skipped), the prefixes of page labels (`/PageLabels`,
/// shown in the viewer's page box) and the address an opening action goes to (`/OpenAction`
/// and the catalog's `/AA` with `/URI`). Each kind is one `Metadata("other")` segment.
fn catalog_strings(doc: &PdfDocument, out: &mut Extracted) {
    let Ok(cat) = doc.catalog() else { return };
    let Some(cd) = dict_of(&cat) else { return };
    let generated = |v: &str| {
        v.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"_-.:".contains(&b))
    };
    let mut lines: Vec<(&str, String)> = Vec::new();
    let mut dests: Vec<String> = catalog_name_tree(doc, "Dests")
        .into_iter()
        .map(|(k, _)| k)
        .collect();
    if let Some(d) = get(doc, cd, "Dests") {
        if let Some(dd) = dict_of(&d) {
            dests.extend(dd.keys().take(MAX_TREE_NODES).cloned());
        }
    }
    for k in dests {
        let k = k.trim().to_string();
        if !k.is_empty() && !generated(&k) {
            lines.push(("Dests", k));
        }
    }
    if let Some(labels) = get(doc, cd, "PageLabels") {
        for (_, v) in tree_pairs(doc, labels, "Nums") {
            if let Some(p) = resolve(doc, &v)
                .as_ref()
                .and_then(dict_of)
                .and_then(|d| get_string(doc, d, "P"))
            {
                if !p.trim().is_empty() {
                    lines.push(("PageLabels", p.trim().to_string()));
                }
            }
        }
    }
    let mut actions: Vec<Object> = get(doc, cd, "OpenAction").into_iter().collect();
    if let Some(aa) = get(doc, cd, "AA") {
        if let Some(ad) = dict_of(&aa) {
            actions.extend(ad.values().take(16).filter_map(|a| resolve(doc, a)));
        }
    }
    for a in actions {
        if let Some(u) = dict_of(&a).and_then(|d| get_string(doc, d, "URI")) {
            if !u.trim().is_empty() {
                lines.push(("OpenAction", u.trim().to_string()));
            }
        }
    }
    for field in ["Dests", "PageLabels", "OpenAction"] {
        let mut seen: HashSet<&str> = HashSet::new();
        let text: Vec<&str> = lines
            .iter()
            .filter(|(f, v)| *f == field && seen.insert(v.as_str()))
            .map(|(_, v)| v.as_str())
            .take(10_000)
            .collect();
        if !text.is_empty() {
            out.segments.push(Segment::fixed(
                text.join("\n"),
                Location {
                    field: Some(field.into()),
                    ..Default::default()
                },
                Layer::Metadata("other"),
                Zone::Body,
            ));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// bookmarks

fn outline(doc: &PdfDocument, out: &mut Extracted) {
    let Ok(cat) = doc.catalog() else { return };
    let Some(cd) = dict_of(&cat) else { return };
    let Some(root) = get(doc, cd, "Outlines") else {
        return;
    };
    let Some(rd) = dict_of(&root) else { return };
    let mut stack: Vec<Object> = rd.get("First").cloned().into_iter().collect();
    let mut seen: HashSet<ObjectRef> = HashSet::new();
    let mut visits = 0usize;
    while let Some(node) = stack.pop() {
        visits += 1;
        if visits > MAX_TREE_NODES {
            break;
        }
        if let Object::Reference(r) = &node {
            if !seen.insert(*r) {
                continue;
            }
        }
        let Some(n) = resolve(doc, &node) else {
            continue;
        };
        let Some(d) = dict_of(&n) else { continue };
        if let Some(t) = get_string(doc, d, "Title") {
            out.segments.push(Segment::fixed(
                t,
                Location {
                    field: Some("Outline".into()),
                    ..Default::default()
                },
                Layer::Visible,
                Zone::Body,
            ));
        }
        if let Some(next) = d.get("Next") {
            stack.push(next.clone());
        }
        if let Some(first) = d.get("First") {
            stack.push(first.clone());
        }
    }
}

/// Alternate descriptions of a tagged PDF's structure elements (`/StructTreeRoot`): `/Alt`
/// (what Word's 另存为 PDF writes from a picture's alt text), `/ActualText` (the text a piece of
/// content stands for) and `/E` (an abbreviation's expansion). Screen readers read them out;
/// as in a docx they are `Metadata("other")` with field `alt_text`.
fn structure_alt_texts(doc: &PdfDocument, out: &mut Extracted) {
    let Ok(cat) = doc.catalog() else { return };
    let Some(cd) = dict_of(&cat) else { return };
    let Some(root) = cd.get("StructTreeRoot").cloned() else {
        return;
    };
    let mut stack: Vec<(Object, u32)> = vec![(root, 0)];
    let mut seen: HashSet<ObjectRef> = HashSet::new();
    let mut visits = 0usize;
    let mut texts: Vec<String> = Vec::new();
    while let Some((node, depth)) = stack.pop() {
        visits += 1;
        if visits > MAX_TREE_NODES {
            break;
        }
        if depth > MAX_TREE_DEPTH * 4 {
            continue;
        }
        if let Object::Reference(r) = &node {
            if !seen.insert(*r) {
                continue;
            }
        }
        let Some(n) = resolve(doc, &node) else {
            continue;
        };
        match &n {
            Object::Array(kids) => {
                stack.extend(kids.iter().rev().map(|k| (k.clone(), depth + 1)));
            }
            Object::Dictionary(d) => {
                for key in ["Alt", "ActualText", "E"] {
                    if let Some(t) = get_string(doc, d, key) {
                        if !texts.contains(&t) {
                            texts.push(t);
                        }
                    }
                }
                if let Some(k) = d.get("K") {
                    stack.push((k.clone(), depth + 1));
                }
            }
            _ => {}
        }
    }
    if texts.is_empty() {
        return;
    }
    // an /ActualText that repeats what the page shows (a ligature, a hyphenated word) adds
    // nothing: only descriptions the pages do not hold are read
    let shown: String = out
        .segments
        .iter()
        .filter(|s| s.layer == Layer::Visible)
        .map(|s| super::squash(&s.text))
        .collect();
    // (too many against too much: all are read)
    let check = texts.len().saturating_mul(shown.len()) <= super::SHOWN_CHECK_BUDGET;
    for t in texts {
        if check && shown.contains(&super::squash(&t)) {
            continue;
        }
        out.segments.push(Segment::fixed(
            t,
            Location {
                field: Some("alt_text".into()),
                ..Default::default()
            },
            Layer::Metadata("other"),
            Zone::Body,
        ));
    }
}

// ---------------------------------------------------------------------------------------------
// embedded files

/// `(name-tree key, file specification)` pairs of the `/EmbeddedFiles` name tree.
fn name_tree_files(doc: &PdfDocument) -> Vec<(String, Object)> {
    catalog_name_tree(doc, "EmbeddedFiles")
}

/// The `(key, value)` pairs of the catalog's `/Names` tree `tree` (`EmbeddedFiles`, `Dests`).
fn catalog_name_tree(doc: &PdfDocument, tree: &str) -> Vec<(String, Object)> {
    let out = Vec::new();
    let Ok(cat) = doc.catalog() else { return out };
    let Some(cd) = dict_of(&cat) else { return out };
    let Some(names) = get(doc, cd, "Names") else {
        return out;
    };
    let Some(nd) = dict_of(&names) else {
        return out;
    };
    let Some(root) = nd.get(tree).cloned() else {
        return out;
    };
    tree_pairs(doc, root, "Names")
}

/// The `(key, value)` pairs of a name tree (`leaves` = `Names`, keys are strings) or a number
/// tree (`Nums`, keys are integers), walked through `/Kids` within the tree budgets.
fn tree_pairs(doc: &PdfDocument, root: Object, leaves: &str) -> Vec<(String, Object)> {
    let mut out = Vec::new();
    let mut stack: Vec<(Object, u32)> = vec![(root, 0)];
    let mut seen: HashSet<ObjectRef> = HashSet::new();
    let mut visits = 0usize;
    while let Some((node, depth)) = stack.pop() {
        visits += 1;
        if visits > MAX_TREE_NODES || depth > MAX_TREE_DEPTH {
            continue;
        }
        if let Object::Reference(r) = &node {
            if !seen.insert(*r) {
                continue;
            }
        }
        let Some(n) = resolve(doc, &node) else {
            continue;
        };
        let Some(d) = dict_of(&n) else { continue };
        if let Some(Object::Array(arr)) = get(doc, d, leaves) {
            for pair in arr.chunks(2) {
                if let [k, v] = pair {
                    let key = match resolve(doc, k) {
                        Some(Object::String(b)) => pdf_text(&b),
                        Some(Object::Integer(i)) => i.to_string(),
                        _ => String::new(),
                    };
                    out.push((key, v.clone()));
                    if out.len() >= MAX_TREE_NODES {
                        return out;
                    }
                }
            }
        }
        if let Some(Object::Array(kids)) = get(doc, d, "Kids") {
            for k in kids.into_iter().rev() {
                stack.push((k, depth + 1));
            }
        }
    }
    out
}

/// A usable entry name for an embedded file: its base name, without control characters.
fn clean_name(s: &str) -> String {
    let base = s.rsplit(['/', '\\']).next().unwrap_or(s);
    let n: String = base.chars().filter(|c| !c.is_control()).take(200).collect();
    n.trim().to_string()
}

fn embedded_files(
    doc: &PdfDocument,
    limits: &Limits,
    annot_files: Vec<(u32, Object)>,
    st: &mut State<'_>,
    out: &mut Extracted,
) {
    let mut specs: Vec<(Option<u32>, String, Object)> = name_tree_files(doc)
        .into_iter()
        .map(|(k, v)| (None, k, v))
        .collect();
    specs.extend(
        annot_files
            .into_iter()
            .map(|(p, v)| (Some(p), String::new(), v)),
    );
    for (page, key, spec) in specs {
        if st.embedded_opened >= MAX_EMBEDDED {
            out.problems.push(Problem::new(
                "limit_exceeded",
                Location::item(),
                format!("more than {MAX_EMBEDDED} embedded files; the rest were not opened"),
            ));
            break;
        }
        let Some(fs) = resolve(doc, &spec) else {
            continue;
        };
        let (name, ef) = match &fs {
            Object::String(b) => (pdf_text(b), None),
            other => match dict_of(other) {
                Some(d) => {
                    let name = get_string(doc, d, "UF")
                        .or_else(|| get_string(doc, d, "F"))
                        .or_else(|| get_string(doc, d, "DOS"))
                        .or_else(|| get_string(doc, d, "Unix"))
                        .unwrap_or_default();
                    (name, get(doc, d, "EF"))
                }
                None => continue,
            },
        };
        let mut name = clean_name(&name);
        if name.is_empty() {
            name = clean_name(&key);
        }
        if name.is_empty() {
            name = "attachment".into();
        }
        // the stream of the file itself, and its reference (to open each file once)
        let stream_ref = ef
            .as_ref()
            .and_then(dict_of)
            .and_then(|d| d.get("UF").or_else(|| d.get("F")).cloned());
        let Some(stream_ref) = stream_ref else {
            // a reference to an external file: nothing embedded
            continue;
        };
        if let Object::Reference(r) = &stream_ref {
            if !st.seen_files.insert(*r) {
                continue;
            }
        }
        st.embedded_opened += 1;
        let loc = Location {
            entry: Some(name.clone()),
            page,
            ..Default::default()
        };
        out.segments.push(Segment::fixed(
            name.clone(),
            Location {
                page,
                field: Some("attachment_name".into()),
                ..Default::default()
            },
            Layer::Visible,
            Zone::FileName,
        ));
        let Some(inner) = st.inner else {
            out.not_examined.push(NotExamined {
                what: "embedded file".into(),
                location: loc,
                reason: "files embedded in the PDF are not scanned here".into(),
            });
            continue;
        };
        if st.depth >= MAX_DEPTH {
            out.problems.push(Problem::new(
                "limit_exceeded",
                loc,
                format!("embedded file nested deeper than {MAX_DEPTH} levels; not opened"),
            ));
            continue;
        }
        let Some(stream) = resolve(doc, &stream_ref) else {
            out.problems.push(Problem::new(
                "corrupt",
                loc,
                "embedded file stream is missing",
            ));
            continue;
        };
        let Object::Stream { dict, data } = &stream else {
            out.problems.push(Problem::new(
                "corrupt",
                loc,
                "embedded file is not a stream",
            ));
            continue;
        };
        let declared = dict
            .get("Params")
            .and_then(|p| resolve(doc, p))
            .and_then(|p| dict_of(&p).and_then(|d| d.get("Size").and_then(|s| s.as_integer())))
            .unwrap_or(0)
            .max(0) as u64;
        if declared > limits.max_entry_bytes || data.len() as u64 > limits.max_entry_bytes {
            out.problems.push(Problem::new(
                "too_large",
                loc,
                format!(
                    "embedded file larger than the limit ({} bytes)",
                    limits.max_entry_bytes
                ),
            ));
            continue;
        }
        let bytes = match stream.decode_stream_data() {
            Ok(b) => b,
            Err(e) => {
                let kind = if format!("{e}").to_ascii_lowercase().contains("limit") {
                    "limit_exceeded"
                } else {
                    "corrupt"
                };
                out.problems.push(Problem::new(
                    kind,
                    loc,
                    format!("embedded file could not be decoded ({})", error_kind(&e)),
                ));
                continue;
            }
        };
        let n = bytes.len() as u64;
        if n > limits.max_entry_bytes {
            out.problems.push(Problem::new(
                "too_large",
                loc,
                format!(
                    "embedded file larger than the limit ({} bytes)",
                    limits.max_entry_bytes
                ),
            ));
            continue;
        }
        if st.embedded_bytes.saturating_add(n) > limits.max_total_unzipped {
            out.problems.push(Problem::new(
                "limit_exceeded",
                loc,
                "embedded files exceed the total size budget; not opened",
            ));
            continue;
        }
        st.embedded_bytes += n;
        let ex = inner(&name, bytes, st.depth + 1);
        merge_entry(out, ex, &name, &mut st.next_record);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xmp_custom_properties_are_read_tool_ids_are_not() {
        let xml = r#"<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF
            xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description
            xmlns:pdfx="http://ns.adobe.com/pdfx/1.3/" xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"
            xmlns:xmp="http://ns.adobe.com/xap/1.0/"
            pdfx:Contact="13800138000" xmpMM:DocumentID="uuid:5d2f0c1e-1234"
            xmp:CreateDate="2025-03-01T10:00:00+08:00"><pdfx:Note>经办人 张三</pdfx:Note>
            <xmpMM:InstanceID>uuid:77aa</xmpMM:InstanceID></rdf:Description></rdf:RDF></x:xmpmeta>"#;
        let mut out = Extracted::default();
        parse_xmp(xml.as_bytes(), &Limits::default(), &mut out).expect("xmp");
        let texts: Vec<&str> = out.segments.iter().map(|s| s.text.as_str()).collect();
        assert!(texts.contains(&"13800138000"), "{texts:?}");
        assert!(texts.contains(&"经办人 张三"), "{texts:?}");
        assert!(
            !texts
                .iter()
                .any(|t| t.contains("uuid") || t.contains("2025-03")),
            "{texts:?}"
        );
    }

    #[test]
    fn xfa_text_nodes_in_order_and_fragments() {
        let l = Limits::default();
        assert_eq!(
            xfa_texts(b"<a><b> x </b><c>y<d/>z</c></a>", &l).unwrap(),
            vec!["x", "y", "z"]
        );
        // a packet cut in the middle keeps what came before the cut
        assert_eq!(xfa_texts(b"<a><b>x</b><c>y", &l).unwrap(), vec!["x", "y"]);
        assert!(xfa_texts(b"", &l).unwrap().is_empty());
    }

    #[test]
    fn pdf_text_decodes() {
        assert_eq!(pdf_text(b"\xFE\xFF\x67\x3A\x5B\xC6"), "机密");
        assert_eq!(pdf_text("张三".as_bytes()), "张三");
        let (g, _, _) = encoding_rs::GBK.encode("王五");
        assert_eq!(pdf_text(&g), "王五");
        // not UTF-8, not GBK (a lone lead byte): PDFDocEncoding
        assert_eq!(pdf_text(b"A\x84"), "A\u{2014}");
        assert_eq!(pdf_text(b"\xFE\xFF\x00\x1Bzh\x00\x1B\x00A"), "A");
    }

    #[test]
    fn garbled_text() {
        assert!(!garbled("关于做好保密审查工作的通知"));
        assert!(garbled("\u{E001}\u{E002}\u{E003}\u{E004}知"));
        assert!(garbled("\u{FFFD}\u{FFFD}\u{FFFD} abc"));
        assert!(!garbled(
            "正文正文正文正文正文正文正文正文正文正文正文正文正文正文正文\u{FFFD}"
        ));
        // glyph ids read as code points: Ethiopic and Latin Extended letters
        assert!(garbled("ሀሁሂሃሄህሆሇለሉሊላሌልሎሏ ĀāĂăĄą"));
        // near misses: a few pinyin tone marks in Chinese text, a short foreign name
        assert!(!garbled(
            "杭州（Hángzhōu）是浙江省省会，西湖（Xīhú）位于市区西部，风景优美。"
        ));
        assert!(!garbled("Dvořák"));
        assert!(!garbled(
            "關於做好二〇二五年度政府資訊公開工作的通知，請各單位認真組織實施，確保按時完成。"
        ));
        // rare Han characters in a row: glyph ids of a CJK font taken for code points
        assert!(garbled(
            "一亃伆侉倌傏儒冕刘力匞厡吤咧唪喭嘰嚳圶垹堼墿奂姅婈嫋孎寑屔峗嵚川幠廣彦忩恬惯慲乭"
        ));
        assert!(garbled("&-4;BIPW^elsz¤«²¹ÀÇÎÕÜãêñøÿĆčĔ"));
        // near misses: a notice with a few rare characters (names, places), a French phrase
        assert!(!garbled("关于公布2025年度杭州市余杭区瓶窑镇彭公村赟婷等同志表彰名单的通知，现予公示，请社会各界监督。"));
        assert!(!garbled(
            "Liberté, égalité, fraternité est la devise de la République française."
        ));
    }

    #[test]
    fn lines_group_by_baseline() {
        let run = |x: f32, y: f32, t: &str| Run {
            cy: y,
            x,
            w: 12.0 * t.chars().count() as f32,
            h: 12.0,
            size: 12.0,
            text: t.into(),
            hidden: t == "隐",
            chrome: false,
        };
        let lines = group_lines(vec![
            run(100.0, 700.0, "第二"),
            run(72.0, 720.0, "第一行"),
            run(72.0, 701.0, "行"),
            run(300.0, 700.0, "右"),
            run(400.0, 700.0, "隐"),
        ]);
        assert_eq!(
            lines,
            vec![
                ("第一行".to_string(), String::new(), false, 720.0),
                ("行第二 右".to_string(), "隐".to_string(), false, 701.0)
            ]
        );
    }

    #[test]
    fn inline_images() {
        assert!(has_inline_image(
            b"q 10 0 0 10 0 0 cm\nBI /W 1 /H 1 ID x EI Q"
        ));
        assert!(!has_inline_image(b"BT (BIG) Tj ET"));
    }

    #[test]
    fn not_a_pdf() {
        let ex = extract_pdf(b"hello", &Limits::default());
        assert_eq!(ex.problems[0].kind, "corrupt");
    }

    #[test]
    fn error_kinds_do_not_quote_the_file() {
        let e = pdf_oxide::error::Error::InvalidHeader("110101199003071234".into());
        assert_eq!(error_kind(&e), "InvalidHeader");
    }

    #[test]
    fn page_furniture_is_no_text() {
        for t in ["- 1 -", "第 1 页 共 3 页", "2/5", "Page 1 of 3", "  12  "] {
            assert!(page_number_only(t), "{t}");
        }
        for t in [
            "秘密",
            "- 1 -\n关于开展检查的通知",
            "330106199001011234",
            "A",
        ] {
            assert!(!page_number_only(t), "{t}");
        }
    }
}
