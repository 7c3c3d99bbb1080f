//! docx extractor: own reader on `zip` + `quick-xml` (see CRATES.md §2).
//!
//! One segment per paragraph and layer: visible text (including tracked insertions), tracked
//! deletions (`w:del`/`w:delText`, `w:moveFrom`) as `Hidden("tracked_change")`, `w:vanish` runs as
//! `Hidden("hidden_text")`, comments as `Hidden("comment")`. Headers and footers get
//! `Zone::HeaderFooter`; the first six non-empty body paragraphs (and text boxes anchored there)
//! get `Zone::Title`. Document properties become `Layer::Metadata` segments.

use std::collections::BTreeSet;

use quick_xml::events::Event;

use super::xmlutil::{self, attr, local, looks_like_path, qname, ref_text, truthy, XmlStream};
use super::zipguard::SafeZip;
use super::{Extracted, Layer, Limits, Location, NotExamined, Problem, Segment, Zone};

/// Number of leading non-empty body paragraphs that form the title area (版头).
const TITLE_PARAS: usize = 6;
/// At most this many distinct revision / comment author names are reported.
const MAX_AUTHORS: usize = 64;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Story {
    Body,
    HeaderFooter,
    Note,
    Comment,
}

#[derive(Default)]
struct Para {
    index: u32,
    visible: String,
    deleted: String,
    hidden: String,
    instr: String,
    in_txbx: bool,
    record: Option<u32>,
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
    row_counter: u32,
    authors: BTreeSet<String>,
    has_insertions: bool,
}

pub fn extract_docx(bytes: &[u8], limits: &Limits) -> Extracted {
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
    let mut st = DocState::default();

    match zip.read(&main) {
        Ok(xml) => {
            if let Err(p) = parse_story(&xml, &main, Story::Body, limits, &mut st, &mut out) {
                out.problems.push(p);
            }
        }
        Err(mut p) => {
            if p.detail.contains("missing") {
                p.detail = "main document part (word/document.xml) is missing".into();
            }
            out.problems.push(p);
        }
    }
    if st.has_insertions {
        out.not_examined.push(NotExamined {
            what: "tracked changes".into(),
            location: Location {
                part: Some(main.clone()),
                ..Default::default()
            },
            reason:
                "document has unaccepted tracked insertions (revision marks); inserted text is \
                     scanned as visible text, accept or reject all changes before publishing"
                    .into(),
        });
    }
    let revision_authors = std::mem::take(&mut st.authors);
    emit_authors(revision_authors, &main, &mut out);

    let dir = xmlutil::part_dir(&main).to_string();
    let prefix = if dir.is_empty() {
        String::new()
    } else {
        format!("{dir}/")
    };
    let mut stories: Vec<(String, Story)> = Vec::new();
    for n in &names {
        let Some(rest) = n.strip_prefix(&prefix) else {
            continue;
        };
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

    extract_doc_props(&mut zip, limits, &mut out);
    external_paths(&mut zip, limits, &mut out);
    list_embedded(&names, &prefix, &mut out);
    out
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
    Problem::new(
        kind,
        Location {
            part: Some(part.to_string()),
            ..Default::default()
        },
        msg,
    )
}

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
    // Local names of the open elements.
    let mut stack: Vec<Tag> = Vec::new();
    // While Some(n): skipping a subtree whose element sits at stack length n.
    let mut skip_at: Option<usize> = None;
    let mut paras: Vec<Para> = Vec::new();
    let mut para_counter: u32 = 0;
    let mut rows: Vec<u32> = Vec::new();
    let mut del_depth: usize = 0;
    let mut txbx_depth: usize = 0;
    let mut run_vanish = false;
    let mut text_kind: Option<TextKind> = None;

    loop {
        let ev = xs.next_event().map_err(|m| xml_problem(part, m))?;
        match ev {
            Event::Start(e) => {
                let name = xmlutil::local_name(&e);
                stack.push(Tag::of(name));
                if skip_at.is_some() {
                    if name == "p" {
                        para_counter += 1;
                    }
                    continue;
                }
                match name {
                    "Fallback" => {
                        skip_at = Some(stack.len());
                        continue;
                    }
                    "footnote" | "endnote" if story == Story::Note => {
                        let t = attr(&e, "w:type").unwrap_or_default();
                        if matches!(
                            t.as_str(),
                            "separator" | "continuationSeparator" | "continuationNotice"
                        ) {
                            skip_at = Some(stack.len());
                            continue;
                        }
                    }
                    "comment" if story == Story::Comment => {
                        note_author(&e, st);
                    }
                    "p" => {
                        para_counter += 1;
                        paras.push(Para {
                            index: para_counter,
                            in_txbx: txbx_depth > 0,
                            record: rows.last().copied(),
                            ..Default::default()
                        });
                    }
                    "tr" => {
                        st.row_counter = st.row_counter.wrapping_add(1) & 0x7fff_ffff;
                        rows.push(st.row_counter | 1 << 31);
                    }
                    "txbxContent" => txbx_depth += 1,
                    "del" | "moveFrom" => {
                        del_depth += 1;
                        note_author(&e, st);
                    }
                    "ins" | "moveTo" => {
                        // `w:ins` inside `w:rPr` marks an inserted paragraph mark: no text.
                        if !parent_is(&stack, Tag::RPr) {
                            st.has_insertions = true;
                            note_author(&e, st);
                        }
                    }
                    "r" => run_vanish = false,
                    "t" => text_kind = Some(TextKind::Normal),
                    "delText" => text_kind = Some(TextKind::Deleted),
                    "instrText" | "delInstrText" => text_kind = Some(TextKind::Instr),
                    "fldSimple" => {
                        if let (Some(i), Some(p)) = (attr(&e, "w:instr"), paras.last_mut()) {
                            p.instr.push_str(&i);
                            p.instr.push(' ');
                        }
                    }
                    _ => {}
                }
            }
            Event::Empty(e) => {
                if skip_at.is_some() {
                    continue;
                }
                let name = xmlutil::local_name(&e);
                match name {
                    "p" => para_counter += 1,
                    "vanish" | "specVanish" => {
                        // Run property only: r/rPr/vanish (not pPr/rPr, not rPrChange/rPr).
                        let n = stack.len();
                        if n >= 2 && stack[n - 1] == Tag::RPr && stack[n - 2] == Tag::R {
                            run_vanish = truthy(attr(&e, "w:val").as_deref());
                        }
                    }
                    "tab" | "br" | "cr" | "noBreakHyphen" if last_is(&stack, Tag::R) => {
                        let c = match name {
                            "tab" => "\t",
                            "noBreakHyphen" => "-",
                            _ => "\n",
                        };
                        if let Some(p) = paras.last_mut() {
                            push_text(p, c, TextKind::Normal, del_depth > 0, run_vanish);
                        }
                    }
                    "ins" | "moveTo" if !last_is(&stack, Tag::RPr) => st.has_insertions = true,
                    "fldSimple" => {
                        if let (Some(i), Some(p)) = (attr(&e, "w:instr"), paras.last_mut()) {
                            p.instr.push_str(&i);
                            p.instr.push(' ');
                        }
                    }
                    _ => {}
                }
            }
            Event::End(_) => {
                let name = stack.pop().unwrap_or(Tag::Other);
                if let Some(level) = skip_at {
                    if stack.len() < level {
                        skip_at = None;
                    }
                    continue;
                }
                match name {
                    Tag::P => {
                        if let Some(p) = paras.pop() {
                            emit_para(p, part, story, st, out);
                        }
                    }
                    Tag::Tr => {
                        rows.pop();
                    }
                    Tag::TxbxContent => txbx_depth = txbx_depth.saturating_sub(1),
                    Tag::Del => del_depth = del_depth.saturating_sub(1),
                    Tag::Text => text_kind = None,
                    Tag::R => run_vanish = false,
                    Tag::RPr | Tag::Other => {}
                }
            }
            Event::Text(t) => {
                if skip_at.is_some() {
                    continue;
                }
                if let (Some(k), Some(p)) = (text_kind, paras.last_mut()) {
                    push_text(p, &t.xml10_content(), k, del_depth > 0, run_vanish);
                }
            }
            Event::CData(t) => {
                if skip_at.is_some() {
                    continue;
                }
                if let (Some(k), Some(p)) = (text_kind, paras.last_mut()) {
                    push_text(p, &t.xml10_content(), k, del_depth > 0, run_vanish);
                }
            }
            Event::GeneralRef(r) => {
                if skip_at.is_some() {
                    continue;
                }
                if let (Some(k), Some(p)) = (text_kind, paras.last_mut()) {
                    push_text(p, &ref_text(&r), k, del_depth > 0, run_vanish);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    // Unclosed paragraphs at EOF (malformed but parsed): still emit what was read.
    while let Some(p) = paras.pop() {
        emit_para(p, part, story, st, out);
    }
    Ok(())
}

/// The open elements `parse_story` needs to tell apart when they close or as parents; all
/// others are `Other` (no string per element: a large document has millions of them).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Tag {
    P,
    R,
    RPr,
    Tr,
    TxbxContent,
    /// `del` or `moveFrom`
    Del,
    /// `t`, `delText`, `instrText` or `delInstrText`
    Text,
    Other,
}

impl Tag {
    fn of(local: &str) -> Tag {
        match local {
            "p" => Tag::P,
            "r" => Tag::R,
            "rPr" => Tag::RPr,
            "tr" => Tag::Tr,
            "txbxContent" => Tag::TxbxContent,
            "del" | "moveFrom" => Tag::Del,
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

fn note_author(e: &quick_xml::events::BytesStart<'_>, st: &mut DocState) {
    if let Some(a) = attr(e, "w:author") {
        let a = a.trim();
        if !a.is_empty() && st.authors.len() < MAX_AUTHORS {
            st.authors.insert(a.to_string());
        }
    }
}

fn push_text(p: &mut Para, s: &str, kind: TextKind, in_del: bool, vanish: bool) {
    match kind {
        TextKind::Instr => {
            if !in_del {
                p.instr.push_str(s)
            }
        }
        TextKind::Deleted => p.deleted.push_str(s),
        TextKind::Normal if in_del => p.deleted.push_str(s),
        TextKind::Normal if vanish => p.hidden.push_str(s),
        TextKind::Normal => p.visible.push_str(s),
    }
}

fn emit_para(p: Para, part: &str, story: Story, st: &mut DocState, out: &mut Extracted) {
    let zone = match story {
        Story::HeaderFooter => Zone::HeaderFooter,
        Story::Note | Story::Comment => Zone::Body,
        Story::Body => {
            let is_title = st.title_count < TITLE_PARAS;
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
    let mut push = |text: String, layer: Layer, zone: Zone| {
        if !text.trim().is_empty() {
            out.segments.push(Segment {
                text,
                anchor: super::Anchor::Fixed(Box::new(Location::part_para(part, p.index))),
                layer,
                zone,
                record: p.record,
                title_len: 0,
            });
        }
    };
    let (vis_layer, hid_layer) = if story == Story::Comment {
        (Layer::Hidden("comment"), Layer::Hidden("comment"))
    } else {
        (Layer::Visible, Layer::Hidden("hidden_text"))
    };
    push(p.visible, vis_layer, zone);
    push(p.deleted, Layer::Hidden("tracked_change"), zone);
    push(p.hidden, hid_layer, zone);
    if !p.instr.is_empty() && looks_like_path(&p.instr) {
        push(p.instr, Layer::Metadata("file_path"), Zone::Metadata);
    }
}

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

/// Lists images, embedded objects and macros under the document directory as not examined.
fn list_embedded(names: &[String], prefix: &str, out: &mut Extracted) {
    for n in names {
        let Some(rest) = n.strip_prefix(prefix) else {
            continue;
        };
        if n.ends_with('/') {
            continue;
        }
        if rest.starts_with("media/") {
            out.not_examined.push(NotExamined {
                what: "embedded image".into(),
                location: Location {
                    part: Some(n.clone()),
                    ..Default::default()
                },
                reason: "images are not read".into(),
            });
        } else if rest.starts_with("embeddings/") {
            out.not_examined.push(NotExamined {
                what: "embedded object".into(),
                location: Location {
                    part: Some(n.clone()),
                    ..Default::default()
                },
                reason: "embedded objects are not scanned yet".into(),
            });
        } else if rest.starts_with("glossary/") && rest.ends_with("document.xml") {
            out.not_examined.push(NotExamined {
                what: "building blocks (glossary document)".into(),
                location: Location {
                    part: Some(n.clone()),
                    ..Default::default()
                },
                reason: "the glossary document (building blocks, AutoText) is not scanned yet"
                    .into(),
            });
        } else if rest.eq_ignore_ascii_case("vbaProject.bin") {
            out.not_examined.push(NotExamined {
                what: "macros".into(),
                location: Location {
                    part: Some(n.clone()),
                    ..Default::default()
                },
                reason: "macros (VBA) are not examined".into(),
            });
        }
    }
}
