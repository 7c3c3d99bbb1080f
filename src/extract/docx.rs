//! docx extractor: own reader on `zip` + `quick-xml` (see CRATES.md §2).
//!
//! One segment per paragraph and layer: visible text (including tracked insertions), tracked
//! deletions (`w:del`/`w:delText`, `w:moveFrom`) as `Hidden("tracked_change")`, hidden runs as
//! `Hidden("hidden_text")`, comments as `Hidden("comment")`. Headers and footers get
//! `Zone::HeaderFooter`; the first six non-empty body paragraphs (and text boxes anchored there)
//! get `Zone::Title`. Document properties become `Layer::Metadata` segments.
//!
//! Layers a reader can recover besides the running text, and how they are read:
//!
//! - **Hidden runs.** A run is hidden by `w:vanish` or `w:specVanish`, set on the
//!   run itself or through its character style (`w:rStyle`), its paragraph's style
//!   (`w:pStyle`, or the default paragraph style), its table's style (`w:tblStyle`, conditional
//!   `w:tblStylePr` formatting included) or `w:docDefaults`; styles inherit through `w:basedOn`
//!   (chains cut at [`MAX_BASED_ON`], so cycles end). Direct formatting wins (`w:vanish
//!   w:val="0"` on the run shows it). Word combines the style levels of a toggle property by
//!   XOR; baomi ORs them: a run any style level hides is hidden (an extra review beats a missed
//!   hidden text).
//! - **Field instructions** (`w:instrText`, `w:fldSimple/@w:instr`): field codes are not on the
//!   printed page. An instruction that carries content of its own — a quoted constant
//!   (`QUOTE "…"`, `IF … "…" "…"`), `SET`/`ASK`/`XE`/`TC`/`ADDIN`/`PRIVATE`
//!   data — is `Hidden("hidden_text")`. Structural fields (`PAGE`, `TOC`, `PAGEREF _Toc…`,
//!   `MERGEFIELD 姓名` — a mail-merge template names its data source's columns,
//!   `SEQ 表`, `EQ`, `HYPERLINK`, `ADDIN` tags of reference managers…) are still scanned for identifiers and markings but are not a
//!   finding by themselves (`Metadata("other")`, which the scan reports only through what is
//!   found in it), since nearly every document has them. A path stays `Metadata("file_path")`.
//! - **Hyperlink targets** (external `hyperlink` relationships of any part): percent-decoded,
//!   `Metadata("other")` located at the source part with field `hyperlink` (shown on hover; an
//!   identifier in a URL is still found and acted on, the link itself is no finding).
//! - **Form fields and content controls**: `w:ffData` defaults, drop-down entries, help and
//!   status texts; `w:sdtPr` list items, tags and aliases: `Metadata("other")` at the paragraph
//!   (the selected value is the field's result, which is body text already).
//! - **Document variables** (`w:docVars` in settings): invisible, `Hidden("hidden_text")` with
//!   field `docVar:NAME` (`docVar#i` when the name could carry an identifier); a value that is
//!   a machine token (base64, hex, GUID: e.g. WPS's `commondata`) is `Metadata("other")`.
//!   Mail-merge connection strings and queries are metadata too.
//! - **Alt text** (`wp:docPr`/`pic:cNvPr` `descr` and `title`, VML `alt`, a table's
//!   `w:tblCaption`/`w:tblDescription`): read aloud by screen
//!   readers and published with the page: `Metadata("other")` at the paragraph, field
//!   `alt_text`; identifiers in it are acted on like anywhere else.
//! - **customXml data** (`customXml/item*.xml`, the data store bound to content controls): text
//!   nodes with words are `Hidden("hidden_text")`; attribute values and text nodes without
//!   words (dates, numbers, GUIDs) `Metadata("other")`. `itemProps*.xml` is not read.
//! - **Part names** that could carry an identifier (5+ digits, `@`) are replaced by a hash in
//!   every location of the item.
//! - **Charts** (`charts/chart*.xml`): titles, rich text and cached series values (`c:v`,
//!   chartex `cx:pt`) `Visible` — the chart shows them; the workbook behind a chart is an
//!   embedded object (below). SmartArt data (`diagrams/data*.xml`) is visible text.
//! - **altChunks** (`aFChunk` relationships): HTML and plain-text chunks are read with the html /
//!   text extractors and a docx chunk with this one (their text is shown as part of the
//!   document); other chunk formats (mht, rtf…) are `unsupported_format`.
//! - **Embedded objects** (`embeddings/`): an embedded workbook (xlsx, xlsm, xlsb, xls) or Word
//!   document is read with the sheet / docx extractor under the remaining decompression budget,
//!   one level deep, and everything it holds becomes `Hidden("embedded_object")` located at
//!   `entry = <embedding part>` — except what the document shows already (the workbook behind
//!   a chart holds the chart's data) and default sheet names; an equation object is listed as not examined; any other
//!   embedded object is `unsupported_format` (fail closed: an unexamined embedded workbook never
//!   passes).

use std::collections::{BTreeSet, HashMap, HashSet};

use quick_xml::events::{BytesStart, Event};

use super::xmlutil::{
    self, attr, could_identify, local, looks_like_path, qname, ref_text, shown_name, truthy,
    XmlStream,
};
use super::zipguard::SafeZip;
use super::{Extracted, Layer, Limits, Location, NotExamined, Problem, Segment, Zone};

/// Number of leading non-empty body paragraphs that form the title area (版头).
const TITLE_PARAS: usize = 6;
/// At most this many distinct revision / comment author names are reported.
const MAX_AUTHORS: usize = 64;
/// Bytes of style names (those that say something) kept from `styles.xml`.
const MAX_STYLE_NAME_TEXT: usize = 16 * 1024;
/// At most this many styles are read from `styles.xml`; more is `limit_exceeded`.
const MAX_STYLES: usize = 20_000;
/// `w:basedOn` chains are followed this far (cycles end here too).
const MAX_BASED_ON: usize = 16;
/// At most this many embedded packages and altChunks are read per document.
const MAX_INNER_PACKAGES: usize = 32;
/// Embedded objects and altChunks are read one level deep (a package inside an embedded
/// package is `limit_exceeded`).
const MAX_INNER_DEPTH: u32 = 1;

/// Hiding run properties, as bits.
const VANISH: u8 = 1;
const SPEC_VANISH: u8 = 2;
const HIDING: [u8; 2] = [VANISH, SPEC_VANISH];

/// Hiding properties set (and their values) at one formatting level.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Toggles {
    set: u8,
    val: u8,
}

impl Toggles {
    fn put(&mut self, bit: u8, on: bool) {
        self.set |= bit;
        if on {
            self.val |= bit;
        } else {
            self.val &= !bit;
        }
    }

    /// `self` (the more specific level) over `base`.
    fn over(self, base: Toggles) -> Toggles {
        Toggles {
            set: self.set | base.set,
            val: (self.val & self.set) | (base.val & base.set & !self.set),
        }
    }
}

fn toggle_bit(local: &str) -> Option<u8> {
    match local {
        "vanish" => Some(VANISH),
        "specVanish" => Some(SPEC_VANISH),
        _ => None,
    }
}

/// Whether a run is hidden: per property, direct formatting wins; otherwise any style level
/// (character, paragraph, table) that sets it on hides the run, and without any style level
/// setting it the document defaults decide.
fn run_hidden(direct: Toggles, levels: [Toggles; 3], defaults: Toggles) -> bool {
    for bit in HIDING {
        if direct.set & bit != 0 {
            if direct.val & bit != 0 {
                return true;
            }
            continue;
        }
        let mut explicit = false;
        for l in levels {
            if l.set & bit != 0 {
                if l.val & bit != 0 {
                    return true;
                }
                explicit = true;
            }
        }
        if !explicit && defaults.set & defaults.val & bit != 0 {
            return true;
        }
    }
    false
}

/// Hiding properties of the styles of `styles.xml`, resolved through `w:basedOn`.
#[derive(Default)]
struct Styles {
    resolved: HashMap<String, Toggles>,
    default_para: Toggles,
    default_char: Toggles,
    default_table: Toggles,
    doc_defaults: Toggles,
}

impl Styles {
    /// A style referenced by id; an unknown id falls back to the type's default style.
    fn get(&self, id: &str, fallback: Toggles) -> Toggles {
        self.resolved.get(id).copied().unwrap_or(fallback)
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Story {
    Body,
    HeaderFooter,
    Note,
    Comment,
    /// The glossary document (building blocks, AutoText saved with the file): never shown
    /// in the document, carried with it.
    Glossary,
}

#[derive(Default)]
struct Para {
    index: u32,
    visible: String,
    deleted: String,
    hidden: String,
    /// Field instructions, one field per line.
    instr: String,
    /// Form-field and content-control strings, one per line.
    form: String,
    /// Ruby annotations (拼音指南, `w:ruby/w:rt`): shown above their base text, not in the
    /// line; one per annotation, separated by spaces.
    ruby: String,
    /// Alt texts of pictures and shapes anchored in the paragraph, each once, in order.
    alt: Vec<String>,
    /// The alt texts already in `alt` (a paragraph can anchor any number of pictures: a
    /// linear search per picture made one with 80,000 of them run for over two minutes).
    alt_seen: HashSet<String>,
    in_txbx: bool,
    record: Option<u32>,
    /// In a table row after the table's first: a data row, never the title area (a cell
    /// 「内部」 in a statistics table under the title is a category, not a marking).
    later_row: bool,
    /// Hiding properties of the paragraph's style.
    style: Toggles,
    /// The paragraph has a shading fill (white text on it shows).
    backed: bool,
}

#[derive(Default)]
struct Run {
    direct: Toggles,
    style: Toggles,
    /// Direct formatting colours the text white (or nearly).
    white: bool,
    /// The run has a shading or a highlight of its own.
    backed: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum TextKind {
    Normal,
    Deleted,
    Instr,
}

/// State shared by all parts of one document.
#[derive(Default)]
struct DocState {
    title_count: usize,
    /// The first body paragraphs with text (outside text boxes): index of their visible
    /// segment and whether they read as the document's title.
    first_paras: Vec<(usize, bool)>,
    row_counter: u32,
    authors: BTreeSet<String>,
    has_insertions: bool,
    /// Where the first tracked insertion is.
    first_insertion: Option<Location>,
    styles: Styles,
    /// Text of the body's `mc:Fallback` branches (skipped while the story is read).
    fallback_texts: Vec<String>,
}

pub fn extract_docx(bytes: &[u8], limits: &Limits) -> Extracted {
    extract_docx_at(bytes, limits, 0)
}

/// `depth` counts embedded packages / altChunks this document sits in (0 for an item).
fn extract_docx_at(bytes: &[u8], limits: &Limits, depth: u32) -> Extracted {
    let mut out = Extracted::default();
    let mut zip = match SafeZip::open(bytes, limits) {
        Ok(z) => z,
        Err(p) => {
            out.problems.push(p);
            return out;
        }
    };
    let names = zip.names();
    let main = main_part(&mut zip, limits).unwrap_or_else(|| "word/document.xml".to_string());
    let main_rels = part_rels(&mut zip, &main, limits);
    let mut st = DocState::default();
    let dir = xmlutil::part_dir(&main).to_string();
    let prefix = if dir.is_empty() {
        String::new()
    } else {
        format!("{dir}/")
    };
    let related = |suffix: &str, default: &str| -> String {
        main_rels
            .iter()
            .find(|r| !r.external && r.rel_type.ends_with(suffix))
            .map(|r| r.target.clone())
            .unwrap_or_else(|| format!("{prefix}{default}"))
    };
    let styles_part = related("/styles", "styles.xml");
    let settings_part = related("/settings", "settings.xml");
    st.styles = load_styles(&mut zip, &styles_part, limits, &mut out);
    let numbering_part = related("/numbering", "numbering.xml");
    numbering_labels(&mut zip, &numbering_part, limits, &mut out);

    let body_start = out.segments.len();
    match zip.read(&main) {
        Ok(xml) => {
            if let Err(p) = parse_story(&xml, &main, Story::Body, limits, &mut st, &mut out) {
                out.problems.push(p);
            }
            image_only_body(body_start, &main_rels, &main, &mut out);
            let found = std::mem::take(&mut st.fallback_texts);
            for t in fallback_only_text(found, &out.segments[body_start..]) {
                out.segments.push(Segment::fixed(
                    t,
                    Location {
                        part: Some(main.clone()),
                        field: Some("mc:Fallback".into()),
                        ..Default::default()
                    },
                    Layer::Hidden("hidden_text"),
                    Zone::Body,
                ));
            }
        }
        Err(mut p) => {
            if p.detail.contains("missing") {
                p.detail = "main document part (word/document.xml) is missing".into();
            }
            out.problems.push(p);
        }
    }
    settle_title_area(&st.first_paras, &mut out);
    let revision_authors = std::mem::take(&mut st.authors);
    emit_authors(revision_authors, &main, &mut out);

    let mut stories: Vec<(String, Story)> = Vec::new();
    for n in &names {
        let Some(rest) = n.strip_prefix(&prefix) else {
            continue;
        };
        if rest == "glossary/document.xml" {
            stories.push((n.clone(), Story::Glossary));
            continue;
        }
        if rest.contains('/') || !rest.ends_with(".xml") {
            continue;
        }
        if rest.starts_with("header") || rest.starts_with("footer") {
            stories.push((n.clone(), Story::HeaderFooter));
        } else if rest == "footnotes.xml" || rest == "endnotes.xml" {
            stories.push((n.clone(), Story::Note));
        } else if rest == "comments.xml" {
            stories.push((n.clone(), Story::Comment));
        }
    }
    stories.sort_by(|a, b| a.0.cmp(&b.0));
    for (part, story) in stories {
        match zip.read(&part) {
            Ok(xml) => {
                if let Err(p) = parse_story(&xml, &part, story, limits, &mut st, &mut out) {
                    out.problems.push(p);
                }
            }
            Err(p) => out.problems.push(p),
        }
        let authors = std::mem::take(&mut st.authors);
        emit_authors(authors, &part, &mut out);
    }
    if st.has_insertions {
        out.not_examined.push(NotExamined {
            what: "tracked changes".into(),
            location: st.first_insertion.take().unwrap_or_else(|| Location {
                part: Some(main.clone()),
                ..Default::default()
            }),
            reason:
                "document has unaccepted tracked insertions (revision marks); inserted text is \
                     scanned as visible text, accept or reject all changes before publishing"
                    .into(),
        });
    }

    extract_doc_props(&mut zip, limits, &mut out);
    external_paths(&mut zip, limits, &mut out);
    if let Some(actual) = zip.actual_name(&settings_part) {
        read_part(&mut zip, &actual, limits, &mut out, parse_settings);
    }
    let chunks = links_and_chunks(&mut zip, limits, &mut out);
    for n in &names {
        let Some(rest) = n.strip_prefix(&prefix) else {
            continue;
        };
        let lower = rest.to_ascii_lowercase();
        let file = lower.rsplit('/').next().unwrap_or("");
        if lower.contains("_rels/") || !file.ends_with(".xml") {
            continue;
        }
        if lower.starts_with("charts/") && file.starts_with("chart") {
            read_part(&mut zip, n, limits, &mut out, |x, p, l, o| {
                parse_drawing_text(x, p, l, o, true)
            });
        } else if lower.starts_with("diagrams/") && file.starts_with("data") {
            read_part(&mut zip, n, limits, &mut out, |x, p, l, o| {
                parse_drawing_text(x, p, l, o, false)
            });
        }
    }
    for n in &names {
        if is_custom_xml_item(n) {
            read_part(&mut zip, n, limits, &mut out, parse_custom_xml);
        }
    }
    let mut inner = InnerBudget::new(&zip, limits, depth);
    for c in &chunks {
        read_alt_chunk(&mut zip, c, &mut inner, &mut out);
    }
    let before_embedded = out.segments.len();
    for n in &names {
        if n.strip_prefix(&prefix)
            .is_some_and(|r| r.starts_with("embeddings/") && !n.ends_with('/'))
        {
            read_embedded(&mut zip, n, &mut inner, &mut out);
        }
    }
    drop_shown_embedded_text(&mut out, before_embedded);
    list_embedded(&names, &prefix, &mut out);
    super::leftover::read_svg_images(&mut zip, &names, limits, &mut out);
    let main_lower = main.to_ascii_lowercase();
    let prefix_lower = prefix.to_ascii_lowercase();
    super::leftover::read_leftover_parts(
        &mut zip,
        &names,
        &|l: &str| {
            l == main_lower || docx_part_read_elsewhere(l.strip_prefix(&prefix_lower).unwrap_or(l))
        },
        limits,
        &mut out,
    );
    mask_part_names(&mut out, &names);
    out
}

/// Parts of a document (lower-case names below the main part's folder) that the stories,
/// settings, charts, SmartArt data and custom XML readers read, or that hold no text of
/// anyone's (styles, fonts, numbering, themes, comment bookkeeping): everything else is read by
/// [`super::leftover::read_leftover_parts`].
fn docx_part_read_elsewhere(rest: &str) -> bool {
    let file = rest.rsplit('/').next().unwrap_or("");
    let top = !rest.contains('/');
    const DIRS: &[&str] = &[
        "docprops/",
        "customxml/",
        "glossary/",
        "theme/",
        "charts/",
        "embeddings/",
        "media/",
    ];
    DIRS.iter().any(|d| rest.starts_with(d))
        || (rest.starts_with("diagrams/") && !file.starts_with("drawing"))
        || (top
            && (file.starts_with("header")
                || file.starts_with("footer")
                || file.starts_with("comments")
                || matches!(
                    file,
                    "footnotes.xml"
                        | "endnotes.xml"
                        | "styles.xml"
                        | "styleswitheffects.xml"
                        | "settings.xml"
                        | "fonttable.xml"
                        | "numbering.xml"
                )))
}

/// Text that only the `mc:Fallback` branch of an `mc:AlternateContent` holds. A reader that
/// understands the `mc:Choice` shows that and never the fallback (usually a VML copy of the
/// same text box, skipped while the story is read, its text kept aside); what the fallback
/// holds beyond the text shown is still in the file and shown by older readers.
fn fallback_only_text(found: Vec<String>, body: &[Segment]) -> Vec<String> {
    if found.is_empty() {
        return found;
    }
    let shown: String = body.iter().map(|s| super::squash(&s.text)).collect();
    found
        .into_iter()
        .filter(|t| !shown.contains(&super::squash(t)))
        .collect()
}

/// Below this many visible characters a body that shows pictures is a scanned or pasted-in page.
const IMAGE_ONLY_MAX_CHARS: usize = 40;

/// A body whose content is in pictures (a scanned page pasted into Word, perhaps under a typed
/// title) has no text layer to review: like a scanned PDF page it is reported as not examined
/// and `unsupported_format`, so the item is never `pass` on the strength of its few words.
fn image_only_body(body_start: usize, main_rels: &[xmlutil::Rel], main: &str, out: &mut Extracted) {
    let images = main_rels
        .iter()
        .filter(|r| !r.external && r.rel_type.ends_with("/image"))
        .count();
    if images == 0 {
        return;
    }
    let chars: usize = out.segments[body_start..]
        .iter()
        .filter(|s| s.layer == Layer::Visible)
        .map(|s| s.text.chars().filter(|c| !c.is_whitespace()).count())
        .sum();
    if chars >= IMAGE_ONLY_MAX_CHARS {
        return;
    }
    out.not_examined.push(NotExamined {
        what: "scanned page".into(),
        location: Location::part(main),
        reason: "the document body is pictures with almost no text: needs manual or OCR review"
            .into(),
    });
    out.problems.push(Problem::new(
        "unsupported_format",
        Location::part(main),
        "image-only document, no text layer",
    ));
}

/// Part names go into locations as they are unless one of the package's names could carry an
/// identifier: then every location's part and entry are passed through [`shown_name`].
fn mask_part_names(out: &mut Extracted, names: &[String]) {
    if !names.iter().any(|n| could_identify(n)) {
        return;
    }
    let fix = |l: &mut Location| {
        if let Some(p) = l.part.as_mut() {
            *p = shown_name(p);
        }
        if let Some(e) = l.entry.as_mut() {
            *e = e.split('!').map(shown_name).collect::<Vec<_>>().join("!");
        }
    };
    for s in &mut out.segments {
        if let super::Anchor::Fixed(l) = &mut s.anchor {
            fix(l);
        }
    }
    for p in &mut out.problems {
        fix(&mut p.location);
    }
    for n in &mut out.not_examined {
        fix(&mut n.location);
    }
}

/// Reads a part and runs `parse` on it; a read or parse failure is a problem of the item.
pub(crate) fn read_part(
    zip: &mut SafeZip<'_>,
    part: &str,
    limits: &Limits,
    out: &mut Extracted,
    parse: impl Fn(&[u8], &str, &Limits, &mut Extracted) -> Result<(), Problem>,
) {
    match zip.read(part) {
        Ok(xml) => {
            if let Err(p) = parse(&xml, part, limits, out) {
                out.problems.push(p);
            }
        }
        Err(p) => out.problems.push(p),
    }
}

/// The main document part from `_rels/.rels` (type `.../officeDocument`).
fn main_part(zip: &mut SafeZip<'_>, limits: &Limits) -> Option<String> {
    let rels = zip.read_opt("_rels/.rels").ok()??;
    let rels = xmlutil::parse_rels(&rels, "", limits.max_xml_depth).ok()?;
    rels.into_iter()
        .find(|r| r.rel_type.ends_with("/officeDocument") && !r.external)
        .map(|r| r.target)
        .filter(|t| zip.has(t))
        .and_then(|t| zip.actual_name(&t))
}

/// Relationships of a part (empty when it has none or they cannot be read).
fn part_rels(zip: &mut SafeZip<'_>, part: &str, limits: &Limits) -> Vec<xmlutil::Rel> {
    let name = xmlutil::rels_name(part);
    let Ok(Some(bytes)) = zip.read_opt(&name) else {
        return Vec::new();
    };
    xmlutil::parse_rels(&bytes, part, limits.max_xml_depth).unwrap_or_default()
}

fn emit_authors(authors: BTreeSet<String>, part: &str, out: &mut Extracted) {
    for a in authors {
        out.segments.push(xmlutil::author_segment(
            a,
            Location {
                part: Some(part.to_string()),
                field: Some("w:author".into()),
                ..Default::default()
            },
        ));
    }
}

fn xml_problem(part: &str, msg: String) -> Problem {
    let kind = if xmlutil::is_depth_error(&msg) {
        "limit_exceeded"
    } else {
        "corrupt"
    };
    Problem::new(kind, Location::part(part), msg)
}

// ---------------------------------------------------------------------------------------------
// styles

/// Reads the hiding properties of `styles.xml` (absent: none).
fn load_styles(zip: &mut SafeZip<'_>, part: &str, limits: &Limits, out: &mut Extracted) -> Styles {
    let Some(actual) = zip.actual_name(part) else {
        return Styles::default();
    };
    match zip.read(&actual) {
        Ok(xml) => match parse_styles(&xml, &actual, limits.max_xml_depth, out) {
            Ok(s) => s,
            Err(p) => {
                out.problems.push(p);
                Styles::default()
            }
        },
        Err(p) => {
            out.problems.push(p);
            Styles::default()
        }
    }
}

/// Characters of a list label's pattern that are numbering, not text (第%1条, （%1）, %1、).
const LIST_LABEL_CHARS: &str = "第条章节款项部分篇编目一二三四五六七八九十、.．()（）[]【】-—:：";

/// The text of list labels (`w:lvlText` in the numbering part): Word prints it before every
/// paragraph of the list, so a label that says something (`秘密★1年` as the label of the
/// first line, an ID) is on the page. Patterns of numbers only (`%1.`, `第%1条`, `（%1）`)
/// are left alone. Visible, located at the numbering part, field `lvlText`.
fn numbering_labels(zip: &mut SafeZip<'_>, part: &str, limits: &Limits, out: &mut Extracted) {
    let Some(actual) = zip.actual_name(part) else {
        return;
    };
    let xml = match zip.read(&actual) {
        Ok(x) => x,
        Err(p) => {
            out.problems.push(p);
            return;
        }
    };
    let mut xs = XmlStream::new(&xml, limits.max_xml_depth);
    let mut seen: Vec<String> = Vec::new();
    loop {
        let ev = match xs.next_event() {
            Ok(ev) => ev,
            Err(m) => {
                out.problems.push(xml_problem(&actual, m));
                break;
            }
        };
        let e = match &ev {
            Event::Start(e) | Event::Empty(e) => e,
            Event::Eof => break,
            _ => continue,
        };
        if xmlutil::local_name(e) != "lvlText" {
            continue;
        }
        let Some(v) = attr(e, "w:val") else { continue };
        // the label without its number placeholders (%1 … %9)
        let mut text = String::new();
        let mut cs = v.chars().peekable();
        while let Some(c) = cs.next() {
            if c == '%' && cs.peek().is_some_and(|d| d.is_ascii_digit()) {
                cs.next();
                continue;
            }
            text.push(c);
        }
        let own = text
            .chars()
            .filter(|c| !c.is_whitespace() && !LIST_LABEL_CHARS.contains(*c))
            .count();
        let t = text.trim();
        if own < 2 || seen.iter().any(|s| s == t) || seen.len() >= 64 {
            continue;
        }
        seen.push(t.to_string());
        out.segments.push(Segment::fixed(
            t.to_string(),
            Location {
                part: Some(actual.clone()),
                field: Some("lvlText".into()),
                ..Default::default()
            },
            Layer::Visible,
            Zone::Body,
        ));
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum STag {
    Style,
    TblStylePr,
    RPr,
    RPrDefault,
    Other,
}

struct RawStyle {
    own: Toggles,
    based_on: Option<String>,
}

fn parse_styles(
    xml: &[u8],
    part: &str,
    max_depth: usize,
    out: &mut Extracted,
) -> Result<Styles, Problem> {
    let mut xs = XmlStream::new(xml, max_depth);
    let mut stack: Vec<STag> = Vec::new();
    let mut raw: HashMap<String, RawStyle> = HashMap::new();
    // (id, type, is default, style)
    let mut cur: Option<(String, String, bool, RawStyle)> = None;
    let mut defaults: [Option<String>; 3] = [None, None, None];
    let mut doc_defaults = Toggles::default();
    let mut capped = false;
    let mut names = String::new();
    loop {
        let ev = xs.next_event().map_err(|m| xml_problem(part, m))?;
        let (e, empty) = match &ev {
            Event::Start(e) => (e, false),
            Event::Empty(e) => (e, true),
            Event::End(_) => {
                if stack.pop() == Some(STag::Style) {
                    if let Some(c) = cur.take() {
                        commit_style(c, &mut raw, &mut defaults, &mut capped);
                    }
                }
                continue;
            }
            Event::Eof => break,
            _ => continue,
        };
        let name = xmlutil::local_name(e);
        let parent = stack.last().copied();
        let grand = stack.len().checked_sub(2).map(|i| stack[i]);
        match name {
            "style" if cur.is_none() => {
                cur = Some((
                    attr(e, "w:styleId").unwrap_or_default(),
                    attr(e, "w:type").unwrap_or_else(|| "paragraph".into()),
                    truthy_attr(e, "w:default"),
                    RawStyle {
                        own: Toggles::default(),
                        based_on: None,
                    },
                ));
            }
            "basedOn" if parent == Some(STag::Style) => {
                if let Some((_, _, _, s)) = cur.as_mut() {
                    s.based_on = attr(e, "w:val");
                }
            }
            // a style's name (the built-in ones are English in the file; a user's own style
            // can be named anything, and travels with the document)
            "name" | "aliases" if parent == Some(STag::Style) => {
                if let Some(v) = attr(e, "w:val") {
                    let v = v.trim();
                    if names.len() < MAX_STYLE_NAME_TEXT && super::html::says_something(v) {
                        names.push_str(v);
                        names.push('\n');
                    }
                }
            }
            _ => {
                if let Some(bit) = toggle_bit(name) {
                    if parent == Some(STag::RPr) {
                        let on = truthy(attr(e, "w:val").as_deref());
                        match grand {
                            Some(STag::Style) => {
                                if let Some((_, _, _, s)) = cur.as_mut() {
                                    s.own.put(bit, on);
                                }
                            }
                            // conditional table formatting (first row, banded rows…): a
                            // hiding property there hides (part of) the table: fail closed
                            Some(STag::TblStylePr) if on => {
                                if let Some((_, _, _, s)) = cur.as_mut() {
                                    s.own.put(bit, true);
                                }
                            }
                            Some(STag::RPrDefault) => doc_defaults.put(bit, on),
                            _ => {}
                        }
                    }
                }
            }
        }
        if empty && name == "style" {
            if let Some(c) = cur.take() {
                commit_style(c, &mut raw, &mut defaults, &mut capped);
            }
        }
        if !empty {
            stack.push(match name {
                "style" => STag::Style,
                "tblStylePr" => STag::TblStylePr,
                "rPr" => STag::RPr,
                "rPrDefault" => STag::RPrDefault,
                _ => STag::Other,
            });
        }
    }
    if capped {
        out.problems.push(Problem::new(
            "limit_exceeded",
            Location::part(part),
            format!("more than {MAX_STYLES} styles; hidden text set through the others is not recognized"),
        ));
    }
    if !names.is_empty() {
        out.segments.push(Segment::fixed(
            names.trim_end().to_string(),
            Location {
                part: Some(part.to_string()),
                field: Some("style_name".into()),
                ..Default::default()
            },
            Layer::Metadata("other"),
            Zone::Metadata,
        ));
    }
    let mut resolved: HashMap<String, Toggles> = HashMap::with_capacity(raw.len());
    for (id, s) in &raw {
        let mut acc = s.own;
        let mut next = s.based_on.as_deref();
        let mut steps = 0;
        while let Some(b) = next {
            if steps >= MAX_BASED_ON || b == id {
                break;
            }
            let Some(base) = raw.get(b) else { break };
            acc = acc.over(base.own);
            next = base.based_on.as_deref();
            steps += 1;
        }
        resolved.insert(id.clone(), acc);
    }
    let def = |i: usize| {
        defaults[i]
            .as_deref()
            .and_then(|id| resolved.get(id).copied())
            .unwrap_or_default()
    };
    Ok(Styles {
        default_para: def(0),
        default_char: def(1),
        default_table: def(2),
        doc_defaults,
        resolved,
    })
}

fn commit_style(
    (id, ty, is_default, s): (String, String, bool, RawStyle),
    raw: &mut HashMap<String, RawStyle>,
    defaults: &mut [Option<String>; 3],
    capped: &mut bool,
) {
    if is_default {
        let slot = match ty.as_str() {
            "paragraph" => Some(0),
            "character" => Some(1),
            "table" => Some(2),
            _ => None,
        };
        if let Some(i) = slot {
            defaults[i].get_or_insert_with(|| id.clone());
        }
    }
    if raw.len() < MAX_STYLES {
        raw.entry(id).or_insert(s);
    } else {
        *capped = true;
    }
}

fn truthy_attr(e: &BytesStart<'_>, key: &str) -> bool {
    attr(e, key).is_some_and(|v| truthy(Some(&v)))
}

// ---------------------------------------------------------------------------------------------
// story parts

/// Walks one story part (body, header/footer, notes, comments) and emits paragraph segments.
fn parse_story(
    xml: &[u8],
    part: &str,
    story: Story,
    limits: &Limits,
    st: &mut DocState,
    out: &mut Extracted,
) -> Result<(), Problem> {
    let mut xs = XmlStream::new(xml, limits.max_xml_depth);
    let mut w = Walker {
        part,
        stack: Vec::new(),
        paras: Vec::new(),
        runs: Vec::new(),
        tables: Vec::new(),
        rows: Vec::new(),
        table_rows: Vec::new(),
        del_depth: 0,
        txbx_depth: 0,
        rt_depth: 0,
        text_kind: None,
        loose_form: String::new(),
        loose_alt: String::new(),
        page_backed: false,
    };
    // While Some(n): skipping a subtree whose element sits at stack length n.
    let mut skip_at: Option<usize> = None;
    // The body's `mc:Fallback` being skipped: whether inside its `w:t`, and its text.
    let mut fallback: Option<(bool, String)> = None;
    let mut para_counter: u32 = 0;

    loop {
        let ev = xs.next_event().map_err(|m| xml_problem(part, m))?;
        match ev {
            Event::Start(e) => {
                let name = xmlutil::local_name(&e);
                w.stack.push(Tag::of(name));
                if skip_at.is_some() {
                    if name == "p" {
                        para_counter += 1;
                    }
                    if let Some((in_t, text)) = fallback.as_mut() {
                        if name == "t" {
                            *in_t = true;
                        } else if name == "p" && !text.is_empty() {
                            text.push('\n');
                        }
                    }
                    continue;
                }
                match name {
                    "Fallback" => {
                        skip_at = Some(w.stack.len());
                        if story == Story::Body {
                            fallback = Some((false, String::new()));
                        }
                        continue;
                    }
                    "footnote" | "endnote" if story == Story::Note => {
                        // the separator lines hold no text; a continuation notice («续下页»)
                        // is printed where a note runs onto the next page, and is read
                        let t = attr(&e, "w:type").unwrap_or_default();
                        if matches!(t.as_str(), "separator" | "continuationSeparator") {
                            skip_at = Some(w.stack.len());
                            continue;
                        }
                    }
                    "comment" if story == Story::Comment => {
                        note_author(&e, st);
                    }
                    "p" => {
                        para_counter += 1;
                        w.paras.push(Para {
                            index: para_counter,
                            in_txbx: w.txbx_depth > 0,
                            record: w.rows.last().copied(),
                            later_row: w.table_rows.last().is_some_and(|&r| r > 1),
                            style: st.styles.default_para,
                            ..Default::default()
                        });
                    }
                    "tr" => {
                        st.row_counter = st.row_counter.wrapping_add(1) & 0x7fff_ffff;
                        w.rows.push(st.row_counter | 1 << 31);
                        if let Some(r) = w.table_rows.last_mut() {
                            *r = r.saturating_add(1);
                        }
                    }
                    "tbl" => {
                        w.tables.push(st.styles.default_table);
                        w.table_rows.push(0);
                    }
                    "txbxContent" => w.txbx_depth += 1,
                    "rt" => {
                        w.rt_depth += 1;
                        if let Some(p) = w.paras.last_mut() {
                            if !p.ruby.is_empty() && !p.ruby.ends_with(' ') {
                                p.ruby.push(' ');
                            }
                        }
                    }
                    "del" | "moveFrom" => {
                        w.del_depth += 1;
                        note_author(&e, st);
                    }
                    // a formatting change (`w:rPrChange`, `w:pPrChange`, …) names its reviser
                    // too; the change itself holds no text
                    n if n.ends_with("PrChange") => note_author(&e, st),
                    "ins" | "moveTo" => {
                        // `w:ins` inside `w:rPr` marks an inserted paragraph mark: no text.
                        if !parent_is(&w.stack, Tag::RPr) {
                            w.note_insertion(st);
                            note_author(&e, st);
                        }
                    }
                    "r" => w.runs.push(Run {
                        direct: Toggles::default(),
                        style: st.styles.default_char,
                        ..Default::default()
                    }),
                    "t" => w.text_kind = Some(TextKind::Normal),
                    "delText" => w.text_kind = Some(TextKind::Deleted),
                    "instrText" | "delInstrText" => w.text_kind = Some(TextKind::Instr),
                    _ => {}
                }
                let n = w.stack.len() - 1;
                w.element(name, &e, n, st);
            }
            Event::Empty(e) => {
                if skip_at.is_some() {
                    continue;
                }
                let name = xmlutil::local_name(&e);
                match name {
                    "p" => para_counter += 1,
                    "tab" | "br" | "cr" | "noBreakHyphen" if last_is(&w.stack, Tag::R) => {
                        let c = match name {
                            "tab" => "\t",
                            "noBreakHyphen" => "-",
                            _ => "\n",
                        };
                        w.push_text(c, TextKind::Normal, st);
                    }
                    "ins" | "moveTo" if !last_is(&w.stack, Tag::RPr) => w.note_insertion(st),
                    _ => {}
                }
                let n = w.stack.len();
                w.element(name, &e, n, st);
            }
            Event::End(_) => {
                let name = w.stack.pop().unwrap_or(Tag::Other);
                if let Some(level) = skip_at {
                    if name == Tag::Text {
                        if let Some((in_t, _)) = fallback.as_mut() {
                            *in_t = false;
                        }
                    }
                    if w.stack.len() < level {
                        skip_at = None;
                        if let Some((_, text)) = fallback.take() {
                            if !text.trim().is_empty() && st.fallback_texts.len() < 1000 {
                                st.fallback_texts.push(text);
                            }
                        }
                    }
                    continue;
                }
                match name {
                    Tag::P => {
                        if let Some(p) = w.paras.pop() {
                            emit_para(p, part, story, st, out);
                        }
                    }
                    Tag::Tr => {
                        w.rows.pop();
                    }
                    Tag::Tbl => {
                        w.tables.pop();
                        w.table_rows.pop();
                    }
                    Tag::TxbxContent => w.txbx_depth = w.txbx_depth.saturating_sub(1),
                    Tag::Del => w.del_depth = w.del_depth.saturating_sub(1),
                    Tag::Rt => w.rt_depth = w.rt_depth.saturating_sub(1),
                    Tag::Text => w.text_kind = None,
                    Tag::R => {
                        w.runs.pop();
                    }
                    Tag::RPr | Tag::PPr | Tag::TblPr | Tag::TextInput | Tag::Other => {}
                }
            }
            Event::Text(t) => {
                if skip_at.is_none() {
                    if let Some(k) = w.text_kind {
                        w.push_text(&t.xml10_content(), k, st);
                    }
                } else if let Some((true, text)) = fallback.as_mut() {
                    if text.len() < 64 * 1024 {
                        text.push_str(&t.xml10_content());
                    }
                }
            }
            Event::CData(t) => {
                if skip_at.is_none() {
                    if let Some(k) = w.text_kind {
                        w.push_text(&t.xml10_content(), k, st);
                    }
                }
            }
            Event::GeneralRef(r) => {
                if skip_at.is_none() {
                    if let Some(k) = w.text_kind {
                        w.push_text(&ref_text(&r), k, st);
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    // a part that ends inside an element was cut off: what follows the cut is not in the file
    if !w.stack.is_empty() {
        out.problems.push(Problem::new(
            "corrupt",
            Location::part(part),
            "the part ends inside an element: the file is cut off",
        ));
    }
    // Unclosed paragraphs at EOF (malformed but parsed): still emit what was read.
    while let Some(p) = w.paras.pop() {
        emit_para(p, part, story, st, out);
    }
    for (text, field) in [(w.loose_form, "form_field"), (w.loose_alt, "alt_text")] {
        if !text.trim().is_empty() {
            out.segments.push(Segment::fixed(
                text.trim_end().to_string(),
                Location {
                    part: Some(part.to_string()),
                    field: Some(field.into()),
                    ..Default::default()
                },
                Layer::Metadata("other"),
                Zone::Body,
            ));
        }
    }
    Ok(())
}

/// The state of `parse_story` while it walks a part.
struct Walker<'p> {
    part: &'p str,
    /// The open elements.
    stack: Vec<Tag>,
    paras: Vec<Para>,
    runs: Vec<Run>,
    /// Hiding properties of the open tables' styles.
    tables: Vec<Toggles>,
    rows: Vec<u32>,
    /// Rows started so far in each open table (a cell of a table's first row may be a 版头).
    table_rows: Vec<u32>,
    del_depth: usize,
    txbx_depth: usize,
    /// Inside a ruby annotation (`w:rt`).
    rt_depth: usize,
    text_kind: Option<TextKind>,
    /// Form / content-control strings and alt texts met outside any paragraph (a block-level
    /// content control's properties), one per line.
    loose_form: String,
    loose_alt: String,
    /// The document has a page colour (`w:background`): white text may show on it.
    page_backed: bool,
}

impl Walker<'_> {
    fn hidden(&self, st: &DocState) -> bool {
        let (direct, run_style) = self
            .runs
            .last()
            .map(|r| (r.direct, r.style))
            .unwrap_or((Toggles::default(), st.styles.default_char));
        let para = self.paras.last().map(|p| p.style).unwrap_or_default();
        let table = self.tables.last().copied().unwrap_or_default();
        run_hidden(direct, [run_style, para, table], st.styles.doc_defaults)
    }

    /// White text on a white page: a run coloured white (directly) in a paragraph on the page
    /// itself — not in a table (header rows print white on a dark fill), a text box or shape
    /// (a banner), on a shading or highlight, or on a coloured page.
    fn white_on_white(&self) -> bool {
        self.runs.last().is_some_and(|r| r.white && !r.backed)
            && !self.paras.last().is_some_and(|p| p.backed)
            && self.tables.is_empty()
            && self.txbx_depth == 0
            && !self.page_backed
    }

    fn push_text(&mut self, s: &str, kind: TextKind, st: &DocState) {
        let in_del = self.del_depth > 0;
        let hidden =
            kind == TextKind::Normal && !in_del && (self.hidden(st) || self.white_on_white());
        let Some(p) = self.paras.last_mut() else {
            return;
        };
        match kind {
            TextKind::Instr if in_del => p.deleted.push_str(s),
            TextKind::Instr => p.instr.push_str(s),
            TextKind::Deleted => p.deleted.push_str(s),
            TextKind::Normal if in_del => p.deleted.push_str(s),
            TextKind::Normal if hidden => p.hidden.push_str(s),
            TextKind::Normal if self.rt_depth > 0 => p.ruby.push_str(s),
            TextKind::Normal => p.visible.push_str(s),
        }
    }

    fn note_insertion(&mut self, st: &mut DocState) {
        st.has_insertions = true;
        if st.first_insertion.is_none() {
            st.first_insertion = Some(match self.paras.last() {
                Some(p) => Location::part_para(self.part, p.index),
                None => Location::part(self.part),
            });
        }
    }

    fn at(&self, n: usize, back: usize) -> Option<Tag> {
        n.checked_sub(back).and_then(|i| self.stack.get(i)).copied()
    }

    /// Elements read for their attributes, started or empty; `n` is the number of open
    /// ancestors (the element's parent is `stack[n - 1]`).
    fn element(&mut self, name: &str, e: &BytesStart<'_>, n: usize, st: &DocState) {
        let parent = self.at(n, 1);
        let grand = self.at(n, 2);
        if let Some(bit) = toggle_bit(name) {
            // Run property only: r/rPr/vanish (not pPr/rPr, not rPrChange/rPr).
            if parent == Some(Tag::RPr) && grand == Some(Tag::R) {
                if let Some(r) = self.runs.last_mut() {
                    r.direct.put(bit, truthy(attr(e, "w:val").as_deref()));
                }
            }
            return;
        }
        match name {
            "color" if parent == Some(Tag::RPr) && grand == Some(Tag::R) => {
                if let Some(r) = self.runs.last_mut() {
                    r.white = attr(e, "w:val").is_some_and(|v| whitish_hex(&v));
                }
            }
            "shd" | "highlight" if parent == Some(Tag::RPr) && grand == Some(Tag::R) => {
                if let Some(r) = self.runs.last_mut() {
                    r.backed = shows_a_fill(e);
                }
            }
            "shd" if parent == Some(Tag::PPr) && grand == Some(Tag::P) => {
                if let Some(p) = self.paras.last_mut() {
                    p.backed = shows_a_fill(e);
                }
            }
            "background" => {
                self.page_backed = attr(e, "w:color").is_some_and(|v| !whitish_hex(&v))
                    || attr(e, "w:themeColor").is_some();
            }
            "rStyle" if parent == Some(Tag::RPr) && grand == Some(Tag::R) => {
                if let (Some(id), Some(r)) = (attr(e, "w:val"), self.runs.last_mut()) {
                    r.style = st.styles.get(&id, st.styles.default_char);
                }
            }
            "pStyle" if parent == Some(Tag::PPr) && grand == Some(Tag::P) => {
                if let (Some(id), Some(p)) = (attr(e, "w:val"), self.paras.last_mut()) {
                    p.style = st.styles.get(&id, st.styles.default_para);
                }
            }
            "tblStyle" if parent == Some(Tag::TblPr) && grand == Some(Tag::Tbl) => {
                if let (Some(id), Some(t)) = (attr(e, "w:val"), self.tables.last_mut()) {
                    *t = st.styles.get(&id, st.styles.default_table);
                }
            }
            "fldChar" => {
                if attr(e, "w:fldCharType").as_deref() == Some("begin") {
                    if let Some(p) = self.paras.last_mut() {
                        if !p.instr.is_empty() && !p.instr.ends_with('\n') {
                            p.instr.push('\n');
                        }
                    }
                }
            }
            "fldSimple" => {
                if let (Some(i), Some(p)) = (attr(e, "w:instr"), self.paras.last_mut()) {
                    if !p.instr.is_empty() && !p.instr.ends_with('\n') {
                        p.instr.push('\n');
                    }
                    p.instr.push_str(&i);
                    p.instr.push('\n');
                }
            }
            // pictures and shapes: alt text (docPr for the drawing, cNvPr for the picture or
            // shape inside it; VML shapes carry `alt`, their image data `o:title`)
            "docPr" | "cNvPr" | "shape" | "imagedata" | "rect" | "roundrect" | "oval" => {
                let keys: &[&str] = match name {
                    "docPr" | "cNvPr" => &["descr", "title"],
                    "imagedata" => &["o:title"],
                    _ => &["alt"],
                };
                for k in keys {
                    if let Some(v) = attr(e, k) {
                        self.add_alt(v);
                    }
                }
                // a drawing's name, unless it is the one Word or WPS gave it (图片 1,
                // Picture 3, 文本框 2, Text Box 5)
                if matches!(name, "docPr" | "cNvPr") {
                    self.add_name(attr(e, "name").filter(|n| !default_shape_name(n)));
                }
            }
            // a table's alt text (表格属性 → 可选文字: title and description)
            "tblCaption" | "tblDescription" => {
                if let Some(v) = attr(e, "w:val") {
                    self.add_alt(v);
                }
            }
            // a hyperlink's tooltip (shown on hover, like alt text)
            "hyperlink" => {
                if let Some(v) = attr(e, "w:tooltip") {
                    self.add_alt(v);
                }
            }
            // WordArt and watermarks (VML `v:textpath`): the text is an attribute, shown on
            // the page (a header's watermark is in the header's zone)
            "textpath" => {
                if let (Some(v), Some(p)) = (attr(e, "string"), self.paras.last_mut()) {
                    if !v.trim().is_empty() {
                        if !p.visible.is_empty() && !p.visible.ends_with('\n') {
                            p.visible.push('\n');
                        }
                        p.visible.push_str(v.trim());
                        p.visible.push('\n');
                    }
                }
            }
            // legacy form fields: text default, drop-down entries, help and status texts
            "default" if parent == Some(Tag::TextInput) => self.add_form(attr(e, "w:val")),
            "listEntry" | "helpText" | "statusText" => self.add_form(attr(e, "w:val")),
            // content controls: list items, tag and alias
            "listItem" => {
                self.add_form(attr(e, "w:displayText"));
                self.add_form(attr(e, "w:value"));
            }
            "tag" | "alias" => self.add_form(attr(e, "w:val")),
            // names a reader never sees on the page but that travel with the file: a legacy
            // form field's name, a user's bookmark (Word's own `_Toc…`/`_Hlk…`/`_GoBack` are
            // generated), the editor a protected range is open to, a smart tag's recognized
            // value (a drawing's name is read with its alt text above)
            "name" => self.add_name(attr(e, "w:val")),
            "bookmarkStart" => {
                let generated = |v: &str| {
                    v.starts_with('_') && v.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
                };
                if let Some(v) = attr(e, "w:name").filter(|v| !generated(v)) {
                    self.add_name(Some(v));
                }
            }
            "permStart" => self.add_name(attr(e, "w:ed")),
            "attr" => self.add_name(attr(e, "w:val")),
            _ => {}
        }
    }

    fn add_alt(&mut self, v: String) {
        let v = v.trim();
        if v.is_empty() {
            return;
        }
        match self.paras.last_mut() {
            Some(p) => {
                if !p.alt_seen.contains(v) {
                    p.alt_seen.insert(v.to_string());
                    p.alt.push(v.to_string());
                }
            }
            None => {
                self.loose_alt.push_str(v);
                self.loose_alt.push('\n');
            }
        }
    }

    /// A name stored with the document (bookmark, shape, form field, editor): kept when it
    /// says something (Chinese text, a run of seven or more digits, an address with `@`), not
    /// when it is a tool's plumbing (`image1.png`, `Text1`).
    fn add_name(&mut self, v: Option<String>) {
        self.add_form(v.filter(|v| v.contains('@') || super::html::says_something(v)));
    }

    fn add_form(&mut self, v: Option<String>) {
        let Some(v) = v else { return };
        let v = v.trim();
        if v.is_empty() {
            return;
        }
        let dst = match self.paras.last_mut() {
            Some(p) => &mut p.form,
            None => &mut self.loose_form,
        };
        dst.push_str(v);
        dst.push('\n');
    }
}

/// Whether a colour value (`FFFFFF`, `FEFEFE`) is white or nearly: every channel 0xF0 or more.
fn whitish_hex(v: &str) -> bool {
    let v = v.trim();
    v.len() == 6
        && (0..3).all(|i| u8::from_str_radix(&v[2 * i..2 * i + 2], 16).is_ok_and(|c| c >= 0xF0))
}

/// Whether a shading or highlight element puts a colour behind the text (`w:shd w:fill`,
/// `w:highlight w:val`): not `auto`, `none`, `clear` or white.
fn shows_a_fill(e: &BytesStart<'_>) -> bool {
    if xmlutil::local_name(e) == "highlight" {
        return attr(e, "w:val").is_some_and(|v| !matches!(v.as_str(), "none" | "white"));
    }
    let fill = attr(e, "w:fill").unwrap_or_default();
    let pattern = attr(e, "w:val").unwrap_or_default();
    let fill_shows = !fill.is_empty() && fill != "auto" && !whitish_hex(&fill);
    let pattern_shows = !matches!(pattern.as_str(), "" | "clear" | "nil");
    fill_shows || pattern_shows
}

/// Whether a drawing's name is one an editor generates: a word and a number (图片 1,
/// Picture 3, 文本框 2, Text Box 5, 矩形 4).
fn default_shape_name(n: &str) -> bool {
    let n = n.trim();
    match n.rsplit_once(' ') {
        Some((word, num)) => {
            !num.is_empty()
                && num.len() <= 5
                && num.bytes().all(|b| b.is_ascii_digit())
                && !word.is_empty()
                && word.chars().count() <= 16
                && !word.chars().any(|c| c.is_ascii_digit())
        }
        None => n.is_empty(),
    }
}

/// The open elements `parse_story` needs to tell apart when they close or as parents; all
/// others are `Other` (no string per element: a large document has millions of them).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Tag {
    P,
    PPr,
    R,
    RPr,
    Tbl,
    TblPr,
    Tr,
    TxbxContent,
    TextInput,
    /// `del` or `moveFrom`
    Del,
    /// `rt`: the annotation of a `ruby`
    Rt,
    /// `t`, `delText`, `instrText` or `delInstrText`
    Text,
    Other,
}

impl Tag {
    fn of(local: &str) -> Tag {
        match local {
            "p" => Tag::P,
            "pPr" => Tag::PPr,
            "r" => Tag::R,
            "rPr" => Tag::RPr,
            "tbl" => Tag::Tbl,
            "tblPr" => Tag::TblPr,
            "tr" => Tag::Tr,
            "txbxContent" => Tag::TxbxContent,
            "textInput" => Tag::TextInput,
            "del" | "moveFrom" => Tag::Del,
            "rt" => Tag::Rt,
            "t" | "delText" | "instrText" | "delInstrText" => Tag::Text,
            _ => Tag::Other,
        }
    }
}

/// For an Empty element (not pushed): whether its parent is `tag`.
fn last_is(stack: &[Tag], tag: Tag) -> bool {
    stack.last() == Some(&tag)
}

/// For a Start element (already pushed): whether its parent is `tag`.
fn parent_is(stack: &[Tag], tag: Tag) -> bool {
    stack.len() >= 2 && stack[stack.len() - 2] == tag
}

fn note_author(e: &BytesStart<'_>, st: &mut DocState) {
    if let Some(a) = attr(e, "w:author") {
        let a = a.trim();
        if !a.is_empty() && st.authors.len() < MAX_AUTHORS {
            st.authors.insert(a.to_string());
        }
    }
}

/// Fields whose instruction is structure (page numbers, references to bookmarks, captions,
/// formulas, links shown on hover) rather than text of its own.
const STRUCTURAL_FIELDS: &[&str] = &[
    "ADVANCE",
    "AUTONUM",
    "AUTONUMLGL",
    "AUTONUMOUT",
    "BARCODE",
    "BIBLIOGRAPHY",
    "CITATION",
    "CREATEDATE",
    "DATE",
    "DOCPROPERTY",
    "DOCVARIABLE",
    "EDITTIME",
    "EMBED",
    "EQ",
    "FILENAME",
    "FILESIZE",
    "FORMCHECKBOX",
    "FORMDROPDOWN",
    "FORMTEXT",
    "GOTOBUTTON",
    "HYPERLINK",
    "INCLUDEPICTURE",
    "INCLUDETEXT",
    "INDEX",
    "LINK",
    "LISTNUM",
    "MACROBUTTON",
    "MERGEFIELD",
    "MERGEREC",
    "MERGESEQ",
    "NOTEREF",
    "NUMCHARS",
    "NUMPAGES",
    "NUMWORDS",
    "PAGE",
    "PAGEREF",
    "PRINTDATE",
    "REF",
    "REVNUM",
    "SAVEDATE",
    "SECTION",
    "SECTIONPAGES",
    "SEQ",
    "SHAPE",
    "STYLEREF",
    "SYMBOL",
    "TIME",
    "TOA",
    "TOC",
];

/// Whether a field instruction carries text of its own (a hidden constant, a merge field
/// name, data): see the module doc.
fn field_has_content(instr: &str) -> bool {
    let s = instr.trim().trim_start_matches('{').trim_start();
    if s.starts_with('=') {
        return false;
    }
    let mut words = s.split_whitespace();
    let kw = words.next().unwrap_or("").to_ascii_uppercase();
    if kw.is_empty() || STRUCTURAL_FIELDS.contains(&kw.as_str()) {
        return false;
    }
    // reference managers (CNKI E-Study, EndNote, NoteExpress) tag fields with ASCII ids
    // (`ADDIN CNKISM.UserStyle`, `ADDIN NE.Ref.{GUID}`): content only when there is text
    if kw == "ADDIN" {
        return words.any(|w| w.chars().any(|c| c.is_alphabetic() && !c.is_ascii()));
    }
    // the rest without general format switches (\* MERGEFORMAT, \@ "…", \# "…")
    let mut rest = words.peekable();
    let mut payload = false;
    while let Some(w) = rest.next() {
        if matches!(w, "\\*" | "\\@" | "\\#") {
            rest.next();
            continue;
        }
        if w.starts_with('\\') && w.len() <= 3 {
            continue;
        }
        if w.chars().any(|c| c.is_alphanumeric()) {
            payload = true;
        }
    }
    payload
}

/// `%XX` sequences decoded (UTF-8, else GB18030 as Chinese sites encode URLs).
fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let out = xmlutil::percent_decode_bytes(s);
    match String::from_utf8(out) {
        Ok(s) => s,
        Err(e) => {
            let (s, _) = encoding_rs::GB18030.decode_without_bom_handling(e.as_bytes());
            s.into_owned()
        }
    }
}

fn emit_para(p: Para, part: &str, story: Story, st: &mut DocState, out: &mut Extracted) {
    let zone = match story {
        Story::HeaderFooter => Zone::HeaderFooter,
        Story::Note | Story::Comment | Story::Glossary => Zone::Body,
        Story::Body => {
            let is_title = (st.title_count < TITLE_PARAS && !p.later_row)
                // a floating text box holding only a marking is placed where markings go,
                // whichever paragraph anchors it
                || (p.in_txbx
                    && crate::detect::marking::standalone_kinds(
                        &crate::normalize::normalize(&p.visible).text,
                    )
                    .is_some());
            if !p.in_txbx && !p.visible.trim().is_empty() {
                st.title_count += 1;
            }
            if is_title {
                Zone::Title
            } else {
                Zone::Body
            }
        }
    };
    let loc = |field: Option<&str>| Location {
        part: Some(part.to_string()),
        paragraph: Some(p.index),
        field: field.map(str::to_string),
        ..Default::default()
    };
    if story == Story::Body
        && !p.in_txbx
        && !p.visible.trim().is_empty()
        && st.first_paras.len() < super::TITLE_SEARCH_LINES
    {
        let title = p.record.is_none() && super::is_title_line(&p.visible);
        st.first_paras.push((out.segments.len(), title));
    }
    let mut push = |text: String, layer: Layer, zone: Zone, field: Option<&str>| {
        if !text.trim().is_empty() {
            out.segments.push(Segment {
                text,
                anchor: super::Anchor::Fixed(Box::new(loc(field))),
                layer,
                zone,
                record: p.record,
                title_len: 0,
            });
        }
    };
    let (vis_layer, hid_layer) = if story == Story::Comment {
        (Layer::Hidden("comment"), Layer::Hidden("comment"))
    } else if story == Story::Glossary {
        // stored with the file like a document variable: scanned, but its presence alone
        // (content controls keep their placeholder text there) is no finding
        (Layer::Metadata("other"), Layer::Metadata("other"))
    } else {
        (Layer::Visible, Layer::Hidden("hidden_text"))
    };
    push(p.visible, vis_layer, zone, None);
    push(p.ruby, vis_layer, Zone::Body, Some("ruby"));
    push(p.deleted, Layer::Hidden("tracked_change"), zone, None);
    push(p.hidden, hid_layer, zone, None);
    if !p.instr.trim().is_empty() {
        let (mut paths, mut content, mut other) = (String::new(), String::new(), String::new());
        for field in p.instr.split('\n').filter(|f| !f.trim().is_empty()) {
            let is_link = field
                .trim_start()
                .get(..9)
                .is_some_and(|k| k.eq_ignore_ascii_case("HYPERLINK"));
            let decoded;
            let field = if is_link {
                decoded = percent_decode(field);
                decoded.as_str()
            } else {
                field
            };
            let dst = if looks_like_path(field) {
                &mut paths
            } else if field_has_content(field) {
                &mut content
            } else {
                &mut other
            };
            dst.push_str(field.trim());
            dst.push('\n');
        }
        let trim = |s: String| s.trim_end().to_string();
        push(
            trim(paths),
            Layer::Metadata("file_path"),
            Zone::Metadata,
            None,
        );
        push(trim(content), hid_layer, zone, Some("field_code"));
        push(
            trim(other),
            Layer::Metadata("other"),
            Zone::Body,
            Some("field_code"),
        );
    }
    push(
        p.form.trim_end().to_string(),
        Layer::Metadata("other"),
        Zone::Body,
        Some("form_field"),
    );
    for a in p.alt {
        // Word and WPS fill alt text with the inserted picture's file name or path
        let kind = if looks_like_path(&a) {
            "file_path"
        } else {
            "other"
        };
        push(a, Layer::Metadata(kind), Zone::Body, Some("alt_text"));
    }
}

/// The title area once the first paragraphs are known: up to the document's title line when
/// one comes within [`super::TITLE_SEARCH_LINES`] paragraphs (a 版头 table of 份号, 密级 and
/// 紧急程度 rows above it included), else the first [`TITLE_PARAS`]. Rows of a table after
/// the title are data, not the title area.
fn settle_title_area(first: &[(usize, bool)], out: &mut Extracted) {
    let title = first.iter().position(|p| p.1);
    for (i, &(seg, _)) in first.iter().enumerate() {
        let in_area = match title {
            Some(k) => i <= k,
            None => i < TITLE_PARAS,
        };
        if let Some(s) = out
            .segments
            .get_mut(seg)
            .filter(|s| s.layer == Layer::Visible)
        {
            if in_area {
                s.zone = Zone::Title;
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// settings: document variables, mail merge

fn parse_settings(
    xml: &[u8],
    part: &str,
    limits: &Limits,
    out: &mut Extracted,
) -> Result<(), Problem> {
    let mut xs = XmlStream::new(xml, limits.max_xml_depth);
    let mut i = 0usize;
    loop {
        let ev = xs.next_event().map_err(|m| xml_problem(part, m))?;
        let e = match &ev {
            Event::Start(e) | Event::Empty(e) => e,
            Event::Eof => break,
            _ => continue,
        };
        match xmlutil::local_name(e) {
            "docVar" => {
                i += 1;
                let name = attr(e, "w:name").unwrap_or_default();
                let val = attr(e, "w:val").unwrap_or_default();
                if val.trim().is_empty() && name.trim().is_empty() {
                    continue;
                }
                let field = if safe_field_name(&name) {
                    format!("docVar:{name}")
                } else {
                    format!("docVar#{i}")
                };
                let layer = if machine_token(val.trim()) {
                    Layer::Metadata("other")
                } else {
                    Layer::Hidden("hidden_text")
                };
                let text = if val.trim().is_empty() {
                    name
                } else {
                    format!("{name}\n{val}")
                };
                out.segments.push(Segment::fixed(
                    text,
                    Location {
                        part: Some(part.to_string()),
                        field: Some(field),
                        ..Default::default()
                    },
                    layer,
                    Zone::Metadata,
                ));
            }
            n @ ("connectString" | "query") => {
                let Some(v) = attr(e, "w:val").filter(|v| !v.trim().is_empty()) else {
                    continue;
                };
                let kind = if looks_like_path(&v) {
                    "file_path"
                } else {
                    "other"
                };
                out.segments.push(Segment::fixed(
                    v,
                    Location {
                        part: Some(part.to_string()),
                        field: Some(format!("mailMerge:{n}")),
                        ..Default::default()
                    },
                    Layer::Metadata(kind),
                    Zone::Metadata,
                ));
            }
            _ => {}
        }
    }
    Ok(())
}

/// Whether a name may go into a location as it is: short, and without what an identifier is
/// made of (a run of digits, an `@`).
fn safe_field_name(name: &str) -> bool {
    let mut run = 0usize;
    let mut longest = 0usize;
    for c in name.chars() {
        if c.is_numeric() {
            run += 1;
            longest = longest.max(run);
        } else {
            run = 0;
        }
    }
    let n = name.chars().count();
    n > 0
        && n <= 64
        && longest < 4
        && !name
            .chars()
            .any(|c| c == '@' || c == '＠' || c.is_whitespace() || c.is_control())
}

/// A value written by software rather than a person: base64, hex, a GUID (16+ characters of
/// that alphabet, no spaces).
fn machine_token(v: &str) -> bool {
    v.len() >= 16
        && v.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"+/=_-.{}:".contains(&b))
        && v.bytes().any(|b| b.is_ascii_alphabetic())
}

// ---------------------------------------------------------------------------------------------
// relationships: hyperlink targets, altChunks

/// Source part of a relationship part (`word/_rels/document.xml.rels` -> `word/document.xml`).
fn rels_source(rels: &str) -> Option<String> {
    let (dir, file) = match rels.rfind('/') {
        Some(i) => (&rels[..i], &rels[i + 1..]),
        None => ("", rels),
    };
    let file = file.strip_suffix(".rels")?;
    let dir = dir.strip_suffix("_rels")?.trim_end_matches('/');
    Some(if dir.is_empty() {
        file.to_string()
    } else {
        format!("{dir}/{file}")
    })
}

/// Emits external hyperlink targets of every relationship part and returns the altChunk parts.
fn links_and_chunks(zip: &mut SafeZip<'_>, limits: &Limits, out: &mut Extracted) -> Vec<String> {
    let rels: Vec<String> = zip
        .names()
        .into_iter()
        .filter(|n| n.ends_with(".rels"))
        .collect();
    let mut seen: HashSet<(String, String)> = HashSet::new();
    let mut chunks: BTreeSet<String> = BTreeSet::new();
    for name in rels {
        let Some(source) = rels_source(&name) else {
            continue;
        };
        // relationship parts are small; a damaged one is not needed for content
        let Ok(bytes) = zip.read(&name) else { continue };
        let Ok(list) = xmlutil::parse_rels(&bytes, &source, limits.max_xml_depth) else {
            continue;
        };
        for r in list {
            if r.external && r.rel_type.ends_with("/hyperlink") {
                let decoded = percent_decode(r.target.trim());
                // a path target is already a file_path segment (external_paths)
                if decoded.trim().is_empty() || (decoded == r.target && looks_like_path(&decoded)) {
                    continue;
                }
                if !seen.insert((source.clone(), decoded.clone())) {
                    continue;
                }
                let kind = if looks_like_path(&decoded) {
                    "file_path"
                } else {
                    "other"
                };
                out.segments.push(Segment::fixed(
                    decoded,
                    Location {
                        part: Some(source.clone()),
                        field: Some("hyperlink".into()),
                        ..Default::default()
                    },
                    Layer::Metadata(kind),
                    Zone::Metadata,
                ));
            } else if !r.external && r.rel_type.ends_with("/aFChunk") {
                if let Some(actual) = zip.actual_name(&r.target) {
                    chunks.insert(actual);
                } else {
                    out.problems.push(Problem::new(
                        "corrupt",
                        Location::part(&source),
                        "an altChunk relationship points to a missing part",
                    ));
                }
            }
        }
    }
    chunks.into_iter().collect()
}

// ---------------------------------------------------------------------------------------------
// charts, SmartArt, customXml

#[derive(Clone, Copy, PartialEq, Eq)]
enum DTag {
    /// `a:t`: rich text
    T,
    /// `c:v`, chartex `cx:pt`/`cx:v`: a cached value
    V,
    /// `a:p`: a text paragraph
    P,
    Other,
}

/// Text of a chart (`chart = true`: titles, labels and cached values, all shown by the chart)
/// or of SmartArt data.
fn parse_drawing_text(
    xml: &[u8],
    part: &str,
    limits: &Limits,
    out: &mut Extracted,
    chart: bool,
) -> Result<(), Problem> {
    let mut xs = XmlStream::new(xml, limits.max_xml_depth);
    let mut stack: Vec<DTag> = Vec::new();
    let mut visible = String::new();
    let mut cache = String::new();
    loop {
        let ev = xs.next_event().map_err(|m| xml_problem(part, m))?;
        match ev {
            Event::Start(e) => {
                let name = xmlutil::local_name(&e);
                stack.push(match name {
                    "t" => DTag::T,
                    "v" | "pt" if chart => DTag::V,
                    "p" => DTag::P,
                    _ => DTag::Other,
                });
            }
            Event::End(_) => match stack.pop() {
                Some(DTag::P) if !visible.is_empty() && !visible.ends_with('\n') => {
                    visible.push('\n')
                }
                Some(DTag::V) if !cache.is_empty() && !cache.ends_with('\n') => cache.push('\n'),
                _ => {}
            },
            Event::Text(t) => match stack.last() {
                Some(DTag::T) => visible.push_str(&t.xml10_content()),
                Some(DTag::V) => {
                    let s = t.xml10_content();
                    if !s.trim().is_empty() {
                        cache.push_str(s.trim());
                    }
                }
                _ => {}
            },
            Event::CData(t) => match stack.last() {
                Some(DTag::T) => visible.push_str(&t.xml10_content()),
                Some(DTag::V) => cache.push_str(&t.xml10_content()),
                _ => {}
            },
            Event::GeneralRef(r) => match stack.last() {
                Some(DTag::T) => visible.push_str(&ref_text(&r)),
                Some(DTag::V) => cache.push_str(&ref_text(&r)),
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    // the cached values are what the chart plots (axis labels, data labels, the bars and
    // lines themselves): shown, not hidden — a chart is no hidden content by itself. The
    // workbook behind it (embeddings/) can hold more than it plots and is an embedded object.
    for (text, layer) in [(visible, Layer::Visible), (cache, Layer::Visible)] {
        if !text.trim().is_empty() {
            out.segments.push(Segment::fixed(
                text.trim_end().to_string(),
                Location::part(part),
                layer,
                Zone::Body,
            ));
        }
    }
    Ok(())
}

/// `customXml/item1.xml` (not `itemProps1.xml`, not the rels).
pub(crate) fn is_custom_xml_item(name: &str) -> bool {
    let lower = name.trim_start_matches('/').to_ascii_lowercase();
    lower
        .strip_prefix("customxml/item")
        .and_then(|r| r.strip_suffix(".xml"))
        .is_some_and(|d| d.bytes().all(|b| b.is_ascii_digit()))
}

/// A customXml data item: text nodes with words `Hidden("hidden_text")`; attribute values (not
/// namespace declarations) and text nodes without words (numbers, dates, tokens)
/// `Metadata("other")`, still scanned for identifiers.
pub(crate) fn parse_custom_xml(
    xml: &[u8],
    part: &str,
    limits: &Limits,
    out: &mut Extracted,
) -> Result<(), Problem> {
    let mut xs = XmlStream::new(xml, limits.max_xml_depth);
    let mut text = String::new();
    let mut attrs = String::new();
    // the text node being read (entities join the text around them)
    let mut node = String::new();
    // a node with words goes to the hidden text; numbers, dates and machine tokens (the cover
    // page's PublishDate, GUIDs) are scanned with the attribute values
    let flush = |node: &mut String, text: &mut String, attrs: &mut String| {
        let t = node.trim();
        if !t.is_empty() {
            let dst = if t.chars().any(char::is_alphabetic) && !machine_token(t) {
                text
            } else {
                attrs
            };
            dst.push_str(t);
            dst.push('\n');
        }
        node.clear();
    };
    loop {
        let ev = xs.next_event().map_err(|m| xml_problem(part, m))?;
        match ev {
            Event::Start(e) | Event::Empty(e) => {
                flush(&mut node, &mut text, &mut attrs);
                for (k, v) in xmlutil::attr_values(&e) {
                    if k == "xmlns" || k.starts_with("xmlns:") || v.trim().is_empty() {
                        continue;
                    }
                    attrs.push_str(v.trim());
                    attrs.push('\n');
                }
            }
            Event::Text(t) => node.push_str(&t.xml10_content()),
            Event::CData(t) => node.push_str(&t.xml10_content()),
            Event::GeneralRef(r) => node.push_str(&ref_text(&r)),
            Event::End(_) => flush(&mut node, &mut text, &mut attrs),
            Event::Eof => break,
            _ => {}
        }
    }
    flush(&mut node, &mut text, &mut attrs);
    for (t, layer) in [
        (text, Layer::Hidden("hidden_text")),
        (attrs, Layer::Metadata("other")),
    ] {
        if !t.trim().is_empty() {
            out.segments.push(Segment::fixed(
                t.trim_end().to_string(),
                Location::part(part),
                layer,
                Zone::Body,
            ));
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// altChunks and embedded objects

/// What is left for packages read inside this one.
struct InnerBudget {
    limits: Limits,
    /// Decompressed bytes left (the item's budget minus what its own entries declare).
    remaining: u64,
    count: usize,
    depth: u32,
    next_record: u32,
}

thread_local! {
    /// How many embedded objects or altChunks deep the package being read is on this thread:
    /// a workbook embedded in a document (or the other way round) counts its container's
    /// level, whichever extractor reads it.
    static INNER_DEPTH: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// One level of [`INNER_DEPTH`] while an inner package is read (restored on unwind too).
struct InnerLevel;

impl InnerLevel {
    fn enter() -> Self {
        INNER_DEPTH.with(|d| d.set(d.get() + 1));
        InnerLevel
    }
}

impl Drop for InnerLevel {
    fn drop(&mut self) {
        INNER_DEPTH.with(|d| d.set(d.get().saturating_sub(1)));
    }
}

/// Reads the embedded objects of a package other than a Word document (a workbook's
/// `xl/embeddings/`): the parts under `dir` (lower case, with its trailing `/`), as a
/// document's are read.
pub(crate) fn read_embeddings(
    zip: &mut SafeZip<'_>,
    names: &[String],
    dir: &str,
    limits: &Limits,
    out: &mut Extracted,
) {
    let parts: Vec<&String> = names
        .iter()
        .filter(|n| !n.ends_with('/') && n.to_ascii_lowercase().starts_with(dir))
        .collect();
    if parts.is_empty() {
        return;
    }
    let mut inner = InnerBudget::new(zip, limits, 0);
    for n in parts {
        read_embedded(zip, n, &mut inner, out);
    }
}

impl InnerBudget {
    fn new(zip: &SafeZip<'_>, limits: &Limits, depth: u32) -> Self {
        let depth = depth.max(INNER_DEPTH.with(|d| d.get()));
        let declared = zip
            .names_ref()
            .iter()
            .filter_map(|n| zip.size_of(n))
            .fold(0u64, u64::saturating_add);
        InnerBudget {
            limits: limits.clone(),
            remaining: limits.max_total_unzipped.saturating_sub(declared),
            count: 0,
            depth,
            next_record: 0,
        }
    }

    /// Limits for one inner package, or a problem when none may be read.
    fn admit(&mut self, part: &str) -> Result<Limits, Problem> {
        if self.depth >= MAX_INNER_DEPTH {
            return Err(Problem::new(
                "limit_exceeded",
                Location::part(part),
                "package nested inside an embedded object or altChunk is not read",
            ));
        }
        if self.count >= MAX_INNER_PACKAGES {
            return Err(Problem::new(
                "limit_exceeded",
                Location::part(part),
                format!("more than {MAX_INNER_PACKAGES} embedded packages; not read"),
            ));
        }
        self.count += 1;
        let mut l = self.limits.clone();
        l.max_total_unzipped = self.remaining;
        Ok(l)
    }

    /// Charges what an inner zip package may decompress (its declared total); an error when it
    /// does not fit the remaining budget.
    fn charge_zip(&mut self, bytes: &[u8], limits: &Limits) -> Result<(), Problem> {
        let z = SafeZip::open(bytes, limits)?;
        let total = z
            .names_ref()
            .iter()
            .filter_map(|n| z.size_of(n))
            .fold(0u64, u64::saturating_add);
        self.remaining = self.remaining.saturating_sub(total);
        Ok(())
    }
}

/// What an inner package is, from its bytes.
fn sniff_package(bytes: &[u8], limits: &Limits) -> &'static str {
    if bytes.starts_with(b"PK") {
        // only the central directory is read here: sizes are checked when it is opened for
        // reading (`InnerBudget::charge_zip`)
        let mut l = limits.clone();
        l.max_entry_bytes = u64::MAX;
        l.max_total_unzipped = u64::MAX;
        l.max_ratio = u64::MAX;
        let Ok(z) = SafeZip::open(bytes, &l) else {
            return "zip";
        };
        let names = z.names_ref();
        let has = |f: &dyn Fn(&str) -> bool| names.iter().any(|n| f(&n.to_ascii_lowercase()));
        if has(&|n| n == "xl/workbook.xml") {
            "xlsx"
        } else if has(&|n| n == "xl/workbook.bin") {
            "xlsb"
        } else if has(&|n| n.ends_with("document.xml") && !n.starts_with("customxml/")) {
            "docx"
        } else {
            "zip"
        }
    } else if bytes.starts_with(&super::ole::MAGIC) {
        let has = |s: &str| {
            let needle: Vec<u8> = s.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
            memchr::memmem::find(bytes, &needle).is_some()
        };
        if super::sheet::cfb_is_encrypted_ooxml(bytes) {
            "encrypted"
        } else if has("Workbook") || has("Book\0") {
            "xls"
        } else if has("Equation Native")
            && !has("WordDocument")
            && !has("Ole10Native")
            && !has("Package")
            && !has("CONTENTS")
        {
            "equation"
        } else {
            "ole"
        }
    } else {
        "other"
    }
}

/// The workbook Word keeps behind every chart holds the chart's own data: what of an embedded
/// object's text (from `first` on) the document shows already (a chart's cached categories,
/// series names and values, the body's words) or that only names a sheet by default
/// (`Sheet1`, `工作表1`) reveals nothing hidden and is dropped; the rest stays hidden content.
/// An identifier in it is dropped only when the document shows it too.
fn drop_shown_embedded_text(out: &mut Extracted, first: usize) {
    let hidden = |s: &Segment| s.layer == Layer::Hidden("embedded_object");
    let n = out.segments[first..].iter().filter(|s| hidden(s)).count();
    if n == 0 {
        return;
    }
    let shown: String = out.segments[..first]
        .iter()
        .filter(|s| s.layer == Layer::Visible)
        .map(|s| super::squash(&s.text) + "\n")
        .collect();
    if n.saturating_mul(shown.len()) > super::SHOWN_CHECK_BUDGET {
        return;
    }
    let default_sheet = |t: &str| {
        ["Sheet", "工作表", "Chart", "图表"].iter().any(|p| {
            t.strip_prefix(p)
                .is_some_and(|r| r.is_empty() || r.bytes().all(|b| b.is_ascii_digit()))
        })
    };
    let mut k = 0usize;
    out.segments.retain(|s| {
        k += 1;
        if k <= first || !hidden(s) {
            return true;
        }
        let t = super::squash(&s.text);
        !(t.is_empty() || default_sheet(&t) || shown.contains(&t))
    });
}

/// Relocates an inner package's extraction under `entry = part`; with `hide`, its text becomes
/// `Hidden("embedded_object")` (metadata stays metadata).
fn merge_inner(out: &mut Extracted, ex: Extracted, part: &str, hide: bool, next_record: &mut u32) {
    let mut tmp = Extracted::default();
    super::archive::merge_entry(&mut tmp, ex, part, next_record);
    for mut s in tmp.segments {
        if hide && !matches!(s.layer, Layer::Metadata(_)) {
            s.layer = Layer::Hidden("embedded_object");
        }
        out.segments.push(s);
    }
    out.not_examined.extend(tmp.not_examined);
    out.problems.extend(tmp.problems);
}

fn read_embedded(zip: &mut SafeZip<'_>, part: &str, inner: &mut InnerBudget, out: &mut Extracted) {
    let bytes = match zip.read(part) {
        Ok(b) => b,
        Err(p) => {
            out.problems.push(p);
            return;
        }
    };
    let kind = sniff_package(&bytes, &inner.limits);
    let unsupported = |what: &str| {
        Problem::new(
            "unsupported_format",
            Location::part(part),
            format!("embedded object ({what}) is not scanned"),
        )
    };
    match kind {
        "equation" => out.not_examined.push(NotExamined {
            what: "embedded equation".into(),
            location: Location::part(part),
            reason: "equation objects are not read".into(),
        }),
        "encrypted" => out.problems.push(Problem::new(
            "encrypted",
            Location::part(part),
            "embedded object is an encrypted OOXML package",
        )),
        "docx" | "xlsx" | "xlsb" | "xls" => {
            let limits = match inner.admit(part) {
                Ok(l) => l,
                Err(p) => {
                    out.problems.push(p);
                    return;
                }
            };
            let _level = InnerLevel::enter();
            let ex = if kind == "xls" {
                inner.remaining = inner.remaining.saturating_sub(bytes.len() as u64);
                super::sheet::extract_sheet(&bytes, "xls", &limits)
            } else {
                if let Err(mut p) = inner.charge_zip(&bytes, &limits) {
                    p.location = Location::part(part);
                    out.problems.push(p);
                    return;
                }
                if kind == "docx" {
                    extract_docx_at(&bytes, &limits, inner.depth + 1)
                } else {
                    super::sheet::extract_sheet(&bytes, kind, &limits)
                }
            };
            merge_inner(out, ex, part, true, &mut inner.next_record);
        }
        "zip" => out.problems.push(unsupported("package of another kind")),
        "ole" => out.problems.push(unsupported("OLE object")),
        _ => out.problems.push(unsupported("unknown format")),
    }
}

fn read_alt_chunk(zip: &mut SafeZip<'_>, part: &str, inner: &mut InnerBudget, out: &mut Extracted) {
    let lower = part.to_ascii_lowercase();
    let bytes = match zip.read(part) {
        Ok(b) => b,
        Err(p) => {
            out.problems.push(p);
            return;
        }
    };
    let limits = match inner.admit(part) {
        Ok(l) => l,
        Err(p) => {
            out.problems.push(p);
            return;
        }
    };
    let _level = InnerLevel::enter();
    let ex = if bytes.starts_with(b"PK") {
        if let Err(mut p) = inner.charge_zip(&bytes, &limits) {
            p.location = Location::part(part);
            out.problems.push(p);
            return;
        }
        extract_docx_at(&bytes, &limits, inner.depth + 1)
    } else if lower.ends_with(".htm") || lower.ends_with(".html") || lower.ends_with(".xhtml") {
        let d = crate::item::decode_text(&bytes);
        super::html::extract_html(&d.text, d.encoding, &limits)
    } else if super::mht::looks_like_mime(&bytes)
        && super::mht::decode_mht(
            &bytes,
            limits.max_entry_bytes.try_into().unwrap_or(usize::MAX),
        )
        .is_ok()
    {
        // a single-file web page pasted in (Word keeps it as an .mht chunk): its HTML parts
        let d = crate::item::decode_text(&bytes);
        super::html::extract_html(&d.text, d.encoding, &limits)
    } else if lower.ends_with(".txt") {
        let d = crate::item::decode_text(&bytes);
        super::text::extract_text(d.text, d.encoding, None)
    } else {
        out.problems.push(Problem::new(
            "unsupported_format",
            Location::part(part),
            "altChunk (imported content: rtf or other) is not scanned",
        ));
        return;
    };
    // an altChunk is shown as part of the document: its layers stay
    merge_inner(out, ex, part, false, &mut inner.next_record);
}

// ---------------------------------------------------------------------------------------------
// document properties, external paths

/// Emits the document properties of `docProps/core.xml`, `app.xml` and `custom.xml` as
/// `Layer::Metadata` segments. Shared with the spreadsheet extractor.
pub(crate) fn extract_doc_props(zip: &mut SafeZip<'_>, limits: &Limits, out: &mut Extracted) {
    for part in [
        "docProps/core.xml",
        "docProps/app.xml",
        "docProps/custom.xml",
    ] {
        let Some(actual) = zip.actual_name(part) else {
            continue;
        };
        let xml = match zip.read(&actual) {
            Ok(x) => x,
            Err(p) => {
                out.problems.push(p);
                continue;
            }
        };
        if let Err(p) = parse_props(&xml, part, limits, out) {
            out.problems.push(p);
        }
    }
}

fn prop_kind(part: &str, local_name: &str) -> Option<&'static str> {
    if part.ends_with("core.xml") {
        match local_name {
            "creator" => Some("author"),
            "lastModifiedBy" => Some("last_modified_by"),
            "title" => Some("title"),
            "subject" | "keywords" | "description" | "category" | "contentStatus"
            | "identifier" => Some("other"),
            _ => None,
        }
    } else if part.ends_with("app.xml") {
        match local_name {
            "Company" => Some("company"),
            "Manager" | "Template" | "HyperlinkBase" => Some("other"),
            _ => None,
        }
    } else {
        None
    }
}

fn parse_props(
    xml: &[u8],
    part: &str,
    limits: &Limits,
    out: &mut Extracted,
) -> Result<(), Problem> {
    let custom = part.ends_with("custom.xml");
    let mut xs = XmlStream::new(xml, limits.max_xml_depth);
    // (field name, kind, text) of the property element being read.
    let mut cur: Option<(String, &'static str, String)> = None;
    let mut cur_depth = 0usize;
    loop {
        let ev = xs.next_event().map_err(|m| xml_problem(part, m))?;
        match ev {
            Event::Start(e) => {
                let q = qname(&e);
                let depth = xs.depth();
                if cur.is_some() {
                    continue;
                }
                if custom {
                    if local(&q) == "property" {
                        let name = attr(&e, "name").unwrap_or_else(|| "property".into());
                        cur = Some((name, "other", String::new()));
                        cur_depth = depth;
                    }
                } else if depth == 2 {
                    if let Some(kind) = prop_kind(part, local(&q)) {
                        cur = Some((q.clone(), kind, String::new()));
                        cur_depth = depth;
                    }
                }
            }
            Event::Text(t) => {
                if let Some((_, _, s)) = cur.as_mut() {
                    s.push_str(&t.xml10_content());
                }
            }
            Event::CData(t) => {
                if let Some((_, _, s)) = cur.as_mut() {
                    s.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                if let Some((_, _, s)) = cur.as_mut() {
                    s.push_str(&ref_text(&r));
                }
            }
            Event::End(_) => {
                if cur.is_some() && xs.depth() < cur_depth {
                    if let Some((field, kind, text)) = cur.take() {
                        let text = text.trim().to_string();
                        if !text.is_empty() {
                            let kind = if looks_like_path(&text) {
                                "file_path"
                            } else {
                                kind
                            };
                            out.segments.push(Segment::fixed(
                                text,
                                Location {
                                    part: Some(part.to_string()),
                                    field: Some(field),
                                    ..Default::default()
                                },
                                Layer::Metadata(kind),
                                Zone::Metadata,
                            ));
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

/// External relationship targets that are file paths (e.g. the attached template
/// `C:\Users\..\Normal.dotm` in `word/_rels/settings.xml.rels`). Shared with sheets.
pub(crate) fn external_paths(zip: &mut SafeZip<'_>, limits: &Limits, out: &mut Extracted) {
    let rels: Vec<String> = zip
        .names()
        .into_iter()
        .filter(|n| n.ends_with(".rels"))
        .collect();
    for name in rels {
        // Relationship parts are small; a damaged one is not needed for content.
        let Ok(bytes) = zip.read(&name) else { continue };
        let Ok(list) = xmlutil::parse_rels(&bytes, "", limits.max_xml_depth) else {
            continue;
        };
        for r in list {
            if r.external && looks_like_path(&r.target) {
                out.segments.push(Segment::fixed(
                    r.target,
                    Location {
                        part: Some(name.clone()),
                        field: Some(r.id),
                        ..Default::default()
                    },
                    Layer::Metadata("file_path"),
                    Zone::Metadata,
                ));
            }
        }
    }
}

/// Lists images under the document directory as not examined
/// (embedded objects are read by `read_embedded`); macros are an `unsupported_format` problem.
fn list_embedded(names: &[String], prefix: &str, out: &mut Extracted) {
    for n in names {
        let Some(rest) = n.strip_prefix(prefix) else {
            continue;
        };
        if n.ends_with('/') {
            continue;
        }
        let (what, reason) = if rest.starts_with("media/") {
            if rest.to_ascii_lowercase().ends_with(".svg") {
                continue; // read by `leftover::read_svg_images`
            }
            ("embedded image", "images are not read")
        } else if rest.eq_ignore_ascii_case("vbaProject.bin") {
            // macro code is not examined and must not go out with a published file
            out.problems.push(Problem::new(
                "unsupported_format",
                Location::part(n),
                super::sheet::MACROS_DETAIL,
            ));
            continue;
        } else {
            continue;
        };
        out.not_examined.push(NotExamined {
            what: what.into(),
            location: Location::part(n),
            reason: reason.into(),
        });
    }
}
