//! OFD (GB/T 33190-2016) reader: zip + XML, no reader crate exists (CRATES.md §5).
//!
//! `OFD.xml` → `DocBody` (one or more): `DocInfo` (Title, Author, Subject, Abstract, Keywords,
//! Creator, CustomDatas → `Layer::Metadata`), `DocRoot` → `Document.xml` → `Pages/Page@BaseLoc`
//! → `Content.xml` (`TextObject/TextCode`, with the page's templates). Text codes with the same
//! baseline on a page form one line segment located at `{page, line}`; the first six non-empty
//! lines of page 1 are `Zone::Title`. Text objects with `Visible="false"` are
//! `Hidden("hidden_text")`. Annotations (`Annotations.xml` → per-page annotation files: Remark,
//! Parameters, appearance text) are `Hidden("comment")`, their creators `Metadata("author")`.
//! Attachments are scanned through a dispatcher (`extract_ofd_with`) or listed as not examined;
//! signatures are listed as not verified. A page with images but no text is a scan: it gets a
//! `NotExamined` and an `unsupported_format` problem so the item cannot pass.

use std::collections::{BTreeSet, HashMap};

use quick_xml::events::Event;
use quick_xml::XmlVersion;

use super::archive::{merge_entry, MAX_DEPTH};
use super::xmlutil::{self, local, looks_like_path, qname, ref_text, XmlStream};
use super::zipguard::SafeZip;
use super::{Extracted, Inner, Layer, Limits, Location, NotExamined, Problem, Segment, Zone};

/// Number of leading non-empty lines of page 1 that form the title area (版头).
const TITLE_LINES: usize = 6;
/// Element cap per XML part (beyond it the part is `limit_exceeded`).
const MAX_NODES: usize = 2_000_000;
/// At most this many annotation creators are reported.
const MAX_AUTHORS: usize = 64;

/// Extracts an OFD; attachments are listed as not examined.
pub fn extract_ofd(bytes: &[u8], limits: &Limits) -> Extracted {
    extract_ofd_with(bytes, limits, 0, None)
}

/// Extracts an OFD at nesting `depth`; with `inner`, attachments are read and passed to it
/// (`depth + 1`) and their results are located under `entry = <attachment path>`.
pub fn extract_ofd_with(
    bytes: &[u8],
    limits: &Limits,
    depth: u32,
    inner: Option<Inner<'_>>,
) -> Extracted {
    let mut out = Extracted::default();
    let mut zip = match SafeZip::open(bytes, limits) {
        Ok(z) => z,
        Err(p) => {
            out.problems.push(p);
            return out;
        }
    };
    let root = match zip.read("OFD.xml") {
        Ok(x) => x,
        Err(mut p) => {
            if p.detail.contains("missing") {
                p.detail = "OFD.xml (package root) is missing".into();
            }
            out.problems.push(p);
            return out;
        }
    };
    let root = match parse_dom(&root, "OFD.xml", limits) {
        Ok(n) => n,
        Err(p) => {
            out.problems.push(p);
            return out;
        }
    };
    let bodies: Vec<&Node> = root
        .descendants_named("DocBody")
        .into_iter()
        .filter(|b| b.child("DocRoot").is_some() || b.child("DocInfo").is_some())
        .collect();
    let mut st = State {
        depth,
        inner,
        ..Default::default()
    };
    let mut any_doc = false;
    for body in bodies {
        if let Some(info) = body.child("DocInfo") {
            doc_info(info, &mut out);
        }
        if let Some(sig) = body.child("Signatures").map(|n| n.text.trim()) {
            if !sig.is_empty() {
                let part = xmlutil::resolve_target("", sig);
                let n = count_signatures(&mut zip, &part, limits);
                out.not_examined.push(NotExamined {
                    what: "signature".into(),
                    location: Location::part(&part),
                    reason: format!(
                        "signature not verified ({n} signature(s); seals are images and are not \
                         scanned)"
                    ),
                });
            }
        }
        if let Some(dr) = body.child("DocRoot").map(|n| n.text.trim()) {
            if !dr.is_empty() {
                any_doc = true;
                let part = xmlutil::resolve_target("", dr);
                document(&mut zip, &part, limits, &mut st, &mut out);
            }
        }
    }
    if !any_doc {
        out.problems.push(Problem::new(
            "corrupt",
            Location::part("OFD.xml"),
            "OFD.xml names no document (DocBody/DocRoot missing)",
        ));
    }
    for a in std::mem::take(&mut st.authors) {
        out.segments.push(xmlutil::author_segment(
            a,
            Location {
                field: Some("Annot@Creator".into()),
                ..Default::default()
            },
        ));
    }
    if st.pages > 0 && st.text_lines == 0 {
        out.expected_text_missing = true;
    }
    if st.pages == 0 && out.problems.is_empty() {
        // a fixed-layout document without a page shows nothing a reader could check
        out.problems.push(Problem::new(
            "corrupt",
            Location::item(),
            "the OFD document lists no pages",
        ));
    }
    out
}

// ---------------------------------------------------------------------------------------------
// a small depth- and size-capped DOM

#[derive(Debug, Default)]
struct Node {
    /// Local name.
    name: String,
    /// (local name, value)
    attrs: Vec<(String, String)>,
    children: Vec<Node>,
    text: String,
}

impl Node {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
    fn child(&self, name: &str) -> Option<&Node> {
        self.children.iter().find(|c| c.name == name)
    }
    fn children_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Node> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }
    /// All descendants (not self) with local name `name`, document order, not below a match.
    fn descendants_named(&self, name: &str) -> Vec<&Node> {
        let mut out = Vec::new();
        fn go<'a>(n: &'a Node, name: &str, out: &mut Vec<&'a Node>) {
            for c in &n.children {
                if c.name == name {
                    out.push(c);
                } else {
                    go(c, name, out);
                }
            }
        }
        go(self, name, &mut out);
        out
    }
    /// Text of this node and its descendants.
    fn all_text(&self) -> String {
        let mut s = self.text.clone();
        for c in &self.children {
            s.push_str(&c.all_text());
        }
        s
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

fn start_node(e: &quick_xml::events::BytesStart<'_>) -> Node {
    let q = qname(e);
    let mut attrs = Vec::new();
    for a in e.attributes().with_checks(false).flatten() {
        let k: &str = a.key.as_ref();
        let v = match a.normalized_value(XmlVersion::Implicit1_0) {
            Ok(v) => v.into_owned(),
            Err(_) => a.value.into_owned(),
        };
        attrs.push((local(k).to_string(), v));
    }
    Node {
        name: local(&q).to_string(),
        attrs,
        ..Default::default()
    }
}

/// Parses a part into its document element.
fn parse_dom(xml: &[u8], part: &str, limits: &Limits) -> Result<Node, Problem> {
    let mut xs = XmlStream::new(xml, limits.max_xml_depth);
    let mut stack: Vec<Node> = vec![Node::default()];
    let mut count = 0usize;
    loop {
        let ev = xs.next_event().map_err(|m| xml_problem(part, m))?;
        if matches!(ev, Event::Start(_) | Event::Empty(_)) {
            count += 1;
            if count > MAX_NODES {
                return Err(Problem::new(
                    "limit_exceeded",
                    Location::part(part),
                    format!("xml part has more than {MAX_NODES} elements"),
                ));
            }
        }
        match ev {
            Event::Start(e) => stack.push(start_node(&e)),
            Event::Empty(e) => {
                let n = start_node(&e);
                if let Some(top) = stack.last_mut() {
                    top.children.push(n);
                }
            }
            Event::End(_) => {
                if stack.len() > 1 {
                    let n = stack.pop().unwrap_or_default();
                    if let Some(top) = stack.last_mut() {
                        top.children.push(n);
                    }
                }
            }
            Event::Text(t) => {
                if stack.len() > 1 {
                    if let Some(top) = stack.last_mut() {
                        top.text.push_str(&t.xml10_content());
                    }
                }
            }
            Event::CData(t) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&ref_text(&r));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    // Unclosed elements at EOF: keep what was read.
    while stack.len() > 1 {
        let n = stack.pop().unwrap_or_default();
        if let Some(top) = stack.last_mut() {
            top.children.push(n);
        }
    }
    let root = stack.pop().unwrap_or_default();
    root.children.into_iter().next().ok_or_else(|| {
        Problem::new(
            "corrupt",
            Location::part(part),
            "xml part has no root element",
        )
    })
}

fn page_loc(page: u32) -> Location {
    Location {
        page: Some(page),
        ..Default::default()
    }
}

/// Reads and parses a part; problems go to `out`.
fn read_dom(
    zip: &mut SafeZip<'_>,
    part: &str,
    limits: &Limits,
    loc: Option<Location>,
    out: &mut Extracted,
) -> Option<Node> {
    let bytes = match zip.read(part) {
        Ok(b) => b,
        Err(mut p) => {
            if let Some(l) = loc {
                p.location = Location {
                    part: Some(part.to_string()),
                    ..l
                };
            }
            out.problems.push(p);
            return None;
        }
    };
    match parse_dom(&bytes, part, limits) {
        Ok(n) => Some(n),
        Err(mut p) => {
            if let Some(l) = loc {
                p.location = Location {
                    part: Some(part.to_string()),
                    ..l
                };
            }
            out.problems.push(p);
            None
        }
    }
}

/// Resolves a reference from a part in `base_dir`: relative to it, else to `alt_dir`, else to
/// the package root, whichever exists (producers disagree); the first when none exists.
fn resolve(zip: &SafeZip<'_>, base_dir: &str, alt_dir: &str, target: &str) -> String {
    let cands = [
        xmlutil::resolve_target(base_dir, target),
        xmlutil::resolve_target(alt_dir, target),
        xmlutil::resolve_target("", target),
    ];
    for c in &cands {
        if zip.has(c) {
            return zip.actual_name(c).unwrap_or_else(|| c.clone());
        }
    }
    cands[0].clone()
}

// ---------------------------------------------------------------------------------------------
// OFD.xml

fn doc_info(info: &Node, out: &mut Extracted) {
    for c in &info.children {
        let (kind, value) = match c.name.as_str() {
            "Title" => ("title", c.all_text()),
            "Author" => ("author", c.all_text()),
            "Subject" | "Abstract" | "Creator" => ("other", c.all_text()),
            "Keywords" => {
                let ks: Vec<String> = c
                    .children_named("Keyword")
                    .map(|k| k.all_text().trim().to_string())
                    .filter(|k| !k.is_empty())
                    .collect();
                let v = if ks.is_empty() {
                    c.all_text()
                } else {
                    ks.join("；")
                };
                ("other", v)
            }
            "CustomDatas" => {
                for d in c.children_named("CustomData") {
                    let v = d.all_text().trim().to_string();
                    if v.is_empty() {
                        continue;
                    }
                    let name = d.attr("Name").unwrap_or("");
                    let kind = if looks_like_path(&v) {
                        "file_path"
                    } else {
                        "other"
                    };
                    out.segments
                        .push(meta_seg(v, format!("CustomData:{name}"), kind));
                }
                continue;
            }
            _ => continue,
        };
        let value = value.trim().to_string();
        if value.is_empty() {
            continue;
        }
        let kind = if kind != "title" && looks_like_path(&value) {
            "file_path"
        } else {
            kind
        };
        out.segments.push(meta_seg(value, c.name.clone(), kind));
    }
}

fn meta_seg(value: String, field: String, kind: &'static str) -> Segment {
    Segment::fixed(
        value,
        Location {
            part: Some("OFD.xml".into()),
            field: Some(field),
            ..Default::default()
        },
        Layer::Metadata(kind),
        Zone::Metadata,
    )
}

fn count_signatures(zip: &mut SafeZip<'_>, part: &str, limits: &Limits) -> usize {
    let Ok(bytes) = zip.read(part) else {
        return 0;
    };
    parse_dom(&bytes, part, limits)
        .map(|n| n.descendants_named("Signature").len())
        .unwrap_or(0)
}

// ---------------------------------------------------------------------------------------------
// Document.xml and pages

#[derive(Default)]
struct State<'a> {
    depth: u32,
    inner: Option<Inner<'a>>,
    /// Pages seen so far over all documents (page numbers continue across DocBodys).
    pages: u32,
    text_lines: u32,
    authors: BTreeSet<String>,
    next_record: u32,
}

/// A positioned run of text.
#[derive(Debug, Clone)]
struct TextItem {
    x: f64,
    y: f64,
    size: f64,
    text: String,
    hidden: bool,
}

#[derive(Default, Clone)]
struct PageContent {
    items: Vec<TextItem>,
    images: usize,
    cg_transform: bool,
    templates: Vec<String>,
}

fn document(
    zip: &mut SafeZip<'_>,
    part: &str,
    limits: &Limits,
    st: &mut State<'_>,
    out: &mut Extracted,
) {
    let Some(doc) = read_dom(zip, part, limits, None, out) else {
        return;
    };
    let dir = xmlutil::part_dir(part).to_string();
    // templates: ID -> BaseLoc
    let mut tpl_loc: HashMap<String, String> = HashMap::new();
    for t in doc.descendants_named("TemplatePage") {
        if let (Some(id), Some(loc)) = (t.attr("ID"), t.attr("BaseLoc")) {
            tpl_loc.insert(id.to_string(), resolve(zip, &dir, "", loc));
        }
    }
    let mut tpl_cache: HashMap<String, Option<PageContent>> = HashMap::new();
    // page ID -> page number
    let mut page_no: HashMap<String, u32> = HashMap::new();
    let pages: Vec<(Option<String>, String)> = doc
        .descendants_named("Pages")
        .into_iter()
        .flat_map(|p| p.children_named("Page"))
        .filter_map(|p| {
            p.attr("BaseLoc")
                .map(|b| (p.attr("ID").map(str::to_string), b.to_string()))
        })
        .collect();
    for (id, base) in pages {
        st.pages += 1;
        let n = st.pages;
        if let Some(id) = id {
            page_no.insert(id, n);
        }
        let cpart = resolve(zip, &dir, "", &base);
        let Some(node) = read_dom(zip, &cpart, limits, Some(page_loc(n)), out) else {
            continue;
        };
        let mut pc = page_content(&node);
        let mut tpl_ids = std::mem::take(&mut pc.templates);
        tpl_ids.sort();
        tpl_ids.dedup();
        for id in tpl_ids {
            let Some(tpart) = tpl_loc.get(&id).cloned() else {
                continue;
            };
            let tpc = tpl_cache
                .entry(id)
                .or_insert_with(|| {
                    read_dom(zip, &tpart, limits, Some(page_loc(n)), out).map(|t| page_content(&t))
                })
                .clone();
            if let Some(t) = tpc {
                pc.items.extend(t.items);
                pc.images += t.images;
                pc.cg_transform |= t.cg_transform;
            }
        }
        emit_page(n, pc, st, out);
    }
    if let Some(a) = doc.child("Annotations").map(|n| n.text.trim().to_string()) {
        if !a.is_empty() {
            let apart = resolve(zip, &dir, "", &a);
            annotations(zip, &apart, &dir, limits, &page_no, st, out);
        }
    }
    if let Some(a) = doc.child("Attachments").map(|n| n.text.trim().to_string()) {
        if !a.is_empty() {
            let apart = resolve(zip, &dir, "", &a);
            attachments(zip, &apart, &dir, limits, st, out);
        }
    }
    // bookmarks (outline titles) are shown in the reader's navigation pane
    for o in doc.descendants_named("Outlines") {
        let mut titles = Vec::new();
        collect_outline(o, &mut titles);
        for t in titles {
            out.segments.push(Segment::fixed(
                t,
                Location {
                    part: Some(part.to_string()),
                    field: Some("Outline".into()),
                    ..Default::default()
                },
                Layer::Visible,
                Zone::Body,
            ));
        }
    }
}

fn collect_outline(n: &Node, out: &mut Vec<String>) {
    for c in &n.children {
        if c.name == "OutlineElem" {
            if let Some(t) = c.attr("Title") {
                if !t.trim().is_empty() {
                    out.push(t.trim().to_string());
                }
            }
        }
        collect_outline(c, out);
    }
}

fn parse_f(s: Option<&str>) -> Option<f64> {
    s.and_then(|v| v.trim().parse::<f64>().ok())
        .filter(|v| v.is_finite())
}

/// Text items and image count of a page (or template) content part.
fn page_content(page: &Node) -> PageContent {
    let mut pc = PageContent::default();
    fn go(n: &Node, hidden: bool, pc: &mut PageContent) {
        for c in &n.children {
            match c.name.as_str() {
                "TextObject" => text_object(c, hidden, pc),
                "ImageObject" => pc.images += 1,
                "Template" => {
                    if let Some(id) = c.attr("TemplateID") {
                        pc.templates.push(id.to_string());
                    }
                }
                _ => {
                    let h = hidden || c.attr("Visible").map(is_false).unwrap_or(false);
                    go(c, h, pc)
                }
            }
        }
    }
    go(page, false, &mut pc);
    pc
}

fn is_false(v: &str) -> bool {
    matches!(v.trim(), "false" | "0")
}

fn text_object(o: &Node, hidden: bool, pc: &mut PageContent) {
    let hidden = hidden || o.attr("Visible").map(is_false).unwrap_or(false);
    let (bx, by) = o
        .attr("Boundary")
        .map(|b| {
            let v: Vec<f64> = b
                .split_whitespace()
                .filter_map(|p| p.parse::<f64>().ok())
                .collect();
            (
                v.first().copied().unwrap_or(0.0),
                v.get(1).copied().unwrap_or(0.0),
            )
        })
        .unwrap_or((0.0, 0.0));
    let size = parse_f(o.attr("Size")).filter(|s| *s > 0.0).unwrap_or(3.5);
    if o.child("CGTransform").is_some() {
        pc.cg_transform = true;
    }
    let (mut lx, mut ly) = (0.0f64, 0.0f64);
    for tc in o.children_named("TextCode") {
        let text = tc.all_text();
        let x = parse_f(tc.attr("X")).unwrap_or(lx);
        let y = parse_f(tc.attr("Y")).unwrap_or(ly);
        lx = x + text.chars().count() as f64 * size;
        ly = y;
        if text.is_empty() {
            continue;
        }
        pc.items.push(TextItem {
            x: bx + x,
            y: by + y,
            size,
            text,
            hidden,
        });
    }
}

/// Groups a page's text items into lines by baseline and emits one segment per line and layer.
fn emit_page(page: u32, pc: PageContent, st: &mut State<'_>, out: &mut Extracted) {
    let mut items = pc.items;
    items.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x.total_cmp(&b.x)));
    let mut lines: Vec<Vec<TextItem>> = Vec::new();
    for it in items {
        match lines.last_mut() {
            Some(l) if (it.y - l[0].y).abs() <= (l[0].size.min(it.size) * 0.4).max(0.5) => {
                l.push(it)
            }
            _ => lines.push(vec![it]),
        }
    }
    let mut line_no = 0u32;
    let mut any_visible = false;
    for mut l in lines {
        l.sort_by(|a, b| a.x.total_cmp(&b.x));
        let mut visible = String::new();
        let mut hidden = String::new();
        let mut vend: Option<f64> = None;
        let mut hend: Option<f64> = None;
        for it in &l {
            let (buf, end) = if it.hidden {
                (&mut hidden, &mut hend)
            } else {
                (&mut visible, &mut vend)
            };
            if let Some(e) = *end {
                if it.x - e > it.size * 2.0 && !buf.ends_with(' ') {
                    buf.push(' ');
                }
            }
            buf.push_str(&it.text);
            *end = Some(it.x + it.text.chars().count() as f64 * it.size);
        }
        if visible.trim().is_empty() && hidden.trim().is_empty() {
            continue;
        }
        line_no += 1;
        let loc = Location {
            page: Some(page),
            line: Some(line_no),
            ..Default::default()
        };
        if !visible.trim().is_empty() {
            any_visible = true;
            st.text_lines += 1;
            let zone = if page == 1 && (line_no as usize) <= TITLE_LINES {
                Zone::Title
            } else {
                Zone::Body
            };
            out.segments
                .push(Segment::fixed(visible, loc.clone(), Layer::Visible, zone));
        }
        if !hidden.trim().is_empty() {
            st.text_lines += 1;
            out.segments.push(Segment::fixed(
                hidden,
                loc,
                Layer::Hidden("hidden_text"),
                Zone::Body,
            ));
        }
    }
    if pc.images > 0 && line_no == 0 {
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
    if pc.cg_transform && any_visible {
        out.not_examined.push(NotExamined {
            what: "glyph substitution".into(),
            location: page_loc(page),
            reason: "text uses CGTransform glyph substitution: extracted characters may differ \
                     from the rendered ones; check the page visually"
                .into(),
        });
        // what the page shows is not what was read: fail closed
        out.problems.push(Problem::new(
            "unsupported_format",
            page_loc(page),
            "text layer not decodable (CGTransform glyph substitution)",
        ));
    }
}

// ---------------------------------------------------------------------------------------------
// annotations and attachments

fn annotations(
    zip: &mut SafeZip<'_>,
    part: &str,
    doc_dir: &str,
    limits: &Limits,
    page_no: &HashMap<String, u32>,
    st: &mut State<'_>,
    out: &mut Extracted,
) {
    let Some(list) = read_dom(zip, part, limits, None, out) else {
        return;
    };
    let dir = xmlutil::part_dir(part).to_string();
    for p in list.descendants_named("Page") {
        let page = p.attr("PageID").and_then(|id| page_no.get(id).copied());
        for fl in p.children_named("FileLoc") {
            let t = fl.text.trim();
            if t.is_empty() {
                continue;
            }
            let apart = resolve(zip, &dir, doc_dir, t);
            let loc = page.map(page_loc);
            let Some(node) = read_dom(zip, &apart, limits, loc, out) else {
                continue;
            };
            for a in node.descendants_named("Annot") {
                annot(a, &apart, page, st, out);
            }
        }
    }
}

fn annot(a: &Node, part: &str, page: Option<u32>, st: &mut State<'_>, out: &mut Extracted) {
    if let Some(c) = a.attr("Creator") {
        let c = c.trim();
        if !c.is_empty() && st.authors.len() < MAX_AUTHORS {
            st.authors.insert(c.to_string());
        }
    }
    let loc = |field: String| Location {
        page,
        part: Some(part.to_string()),
        field: Some(field),
        ..Default::default()
    };
    let mut push = |text: String, field: String| {
        if !text.trim().is_empty() {
            out.segments.push(Segment::fixed(
                text.trim().to_string(),
                loc(field),
                Layer::Hidden("comment"),
                Zone::Body,
            ));
        }
    };
    if let Some(r) = a.child("Remark") {
        push(r.all_text(), "Remark".into());
    }
    if let Some(ps) = a.child("Parameters") {
        for p in ps.children_named("Parameter") {
            let name = p.attr("Name").unwrap_or("");
            push(p.all_text(), format!("Parameter:{name}"));
        }
    }
    if let Some(app) = a.child("Appearance") {
        let mut pc = PageContent::default();
        for o in app.descendants_named("TextObject") {
            text_object(o, false, &mut pc);
        }
        let text: Vec<String> = pc.items.into_iter().map(|i| i.text).collect();
        push(text.join(""), "Appearance".into());
    }
}

fn attachments(
    zip: &mut SafeZip<'_>,
    part: &str,
    doc_dir: &str,
    limits: &Limits,
    st: &mut State<'_>,
    out: &mut Extracted,
) {
    let Some(list) = read_dom(zip, part, limits, None, out) else {
        return;
    };
    let dir = xmlutil::part_dir(part).to_string();
    for a in list.descendants_named("Attachment") {
        let name = a.attr("Name").unwrap_or("").trim().to_string();
        let floc = a
            .child("FileLoc")
            .map(|f| f.text.trim().to_string())
            .unwrap_or_default();
        let fpart = if floc.is_empty() {
            String::new()
        } else {
            resolve(zip, &dir, doc_dir, &floc)
        };
        let label = if fpart.is_empty() {
            name.clone()
        } else {
            fpart.clone()
        };
        if !name.is_empty() {
            out.segments.push(Segment::fixed(
                name.clone(),
                Location {
                    part: Some(part.to_string()),
                    field: Some("attachment_name".into()),
                    ..Default::default()
                },
                Layer::Visible,
                Zone::FileName,
            ));
        }
        let Some(inner) = st.inner.filter(|_| !fpart.is_empty()) else {
            out.not_examined.push(NotExamined {
                what: "attachment".into(),
                location: Location::part(&label),
                reason: "attachments inside OFD are not scanned yet".into(),
            });
            continue;
        };
        if st.depth >= MAX_DEPTH {
            out.problems.push(Problem::new(
                "limit_exceeded",
                Location::part(&fpart),
                format!("attachment nested deeper than {MAX_DEPTH} levels; not opened"),
            ));
            continue;
        }
        match zip.read(&fpart) {
            Ok(bytes) => {
                let disp = if name.is_empty() { fpart.clone() } else { name };
                let ex = inner(&disp, bytes, st.depth + 1);
                merge_entry(out, ex, &fpart, &mut st.next_record);
            }
            Err(p) => out.problems.push(p),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dom_basics() {
        let xml = br#"<ofd:OFD xmlns:ofd="x"><ofd:DocBody><ofd:DocInfo><ofd:Title>T &amp; U</ofd:Title></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>"#;
        let n = parse_dom(xml, "OFD.xml", &Limits::default()).unwrap();
        assert_eq!(n.name, "OFD");
        let b = n.descendants_named("DocBody");
        assert_eq!(b.len(), 1);
        assert_eq!(
            b[0].child("DocInfo")
                .unwrap()
                .child("Title")
                .unwrap()
                .all_text(),
            "T & U"
        );
        assert_eq!(b[0].child("DocRoot").unwrap().text, "Doc_0/Document.xml");
    }

    #[test]
    fn dom_errors() {
        assert!(parse_dom(b"", "x", &Limits::default()).is_err());
        assert_eq!(
            parse_dom(b"<a><b></a>", "x", &Limits::default())
                .unwrap_err()
                .kind,
            "corrupt"
        );
        let deep = "<a>".repeat(1000);
        assert_eq!(
            parse_dom(deep.as_bytes(), "x", &Limits::default())
                .unwrap_err()
                .kind,
            "limit_exceeded"
        );
    }
}
