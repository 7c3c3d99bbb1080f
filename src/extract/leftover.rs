//! Parts of an OOXML package that no extractor reads on purpose: slicers, form controls drawn
//! from VML, SmartArt drawing caches, rich values, connections, a tool's own custom parts. They
//! travel with the published file; whatever text they hold that says something (Chinese text, a
//! run of seven or more digits, an address with `@`) is read, once per part (or per VML shape),
//! and scanned like the rest of the item.
//!
//! - What a reader sees on the sheet or page (`vmlDrawing` shapes other than comment notes,
//!   slicer and timeline captions, the SmartArt drawing cache) is `Visible` (in the title zone
//!   when it shows only a marking); the rest is stored with the file, `Metadata("other")` (its
//!   presence alone is no finding).
//! - Text the item's other segments already hold (a table part's column names, a slicer caption
//!   that repeats a header, a drawing cache that repeats the SmartArt data) is not read twice
//!   when it is long enough to be worth the check.
//! - Budgets: at most [`MAX_PARTS`] parts, [`MAX_PART_TEXT`] bytes of text from one part and
//!   [`MAX_TOTAL_TEXT`] from all; each part is read through the zip guard's size checks.

use super::xmlutil::{self, XmlStream};
use super::zipguard::SafeZip;
use super::{Extracted, Layer, Limits, Location, NotExamined, Problem, Segment, Zone};
use quick_xml::events::{BytesStart, Event};

const MAX_PARTS: usize = 200;
const MAX_PART_TEXT: usize = 64 * 1024;
const MAX_TOTAL_TEXT: usize = 1024 * 1024;
/// Texts shorter than this (without white space) are scanned even when their text occurs inside
/// another segment (a short caption `机密` means something of its own wherever it is); only a
/// whole copy of a segment is dropped.
const DEDUP_MIN_CHARS: usize = 12;

/// Elements whose text runs on within one line (runs of formatted text); any other element's
/// end ends a line.
const INLINE: &[&str] = &["r", "t", "span", "font", "b", "i", "u", "sub", "sup", "run"];

/// Attributes that are structure (fonts, ids, addresses of schemas), never text.
const STRUCTURAL_ATTRS: &[&str] = &[
    "typeface",
    "face",
    "altName",
    "panose",
    "id",
    "spid",
    "uri",
    "Requires",
    "Ignorable",
    "guid",
    "uid",
    "style",
    // number format codes (`yyyy"年"m"月"`; their literals are read by the sheet reader) and
    // a run's font per script
    "formatCode",
    "eastAsia",
    "hAnsi",
    "ascii",
    "cs",
];

/// Whether a value says something: what a page's attribute says (Chinese text, a run of seven
/// or more digits) or an address with `@`.
fn says_something(v: &str) -> bool {
    v.contains('@') || super::html::says_something(v)
}

/// How a leftover part is shown: the layer of its text and the location field naming it.
pub(crate) fn shown_as(part: &str) -> (Layer, &'static str) {
    let l = part.to_ascii_lowercase();
    let file = l.rsplit('/').next().unwrap_or("");
    if l.ends_with(".vml") {
        (Layer::Visible, "form_control")
    } else if l.contains("/slicers/") || l.contains("/timelines/") {
        (Layer::Visible, "slicer")
    } else if l.contains("/diagrams/") && file.starts_with("drawing") {
        (Layer::Visible, "smartart")
    } else {
        (Layer::Metadata("other"), "stored_part")
    }
}

/// Reads the package's `.xml` and `.vml` parts that `known` does not claim (relationship parts
/// and `[Content_Types].xml` are always known) and adds their text.
pub(crate) fn read_leftover_parts(
    zip: &mut SafeZip<'_>,
    names: &[String],
    known: &dyn Fn(&str) -> bool,
    limits: &Limits,
    out: &mut Extracted,
) {
    let mut parts: Vec<&String> = names
        .iter()
        .filter(|n| {
            let l = n.to_ascii_lowercase();
            (l.ends_with(".xml") || l.ends_with(".vml"))
                && !l.contains("_rels/")
                && l != "[content_types].xml"
                && !known(&l)
        })
        .collect();
    if parts.is_empty() {
        return;
    }
    parts.sort();
    if parts.len() > MAX_PARTS {
        out.not_examined.push(NotExamined {
            what: "other package parts".into(),
            location: Location::item(),
            reason: format!(
                "{} further parts not read (the first {MAX_PARTS} were)",
                parts.len() - MAX_PARTS
            ),
        });
        parts.truncate(MAX_PARTS);
    }
    let mut found: Vec<(String, String, Layer, &'static str)> = Vec::new();
    let mut total = 0usize;
    let comments_part = names.iter().any(|n| {
        let l = n.to_ascii_lowercase();
        let file = l.rsplit('/').next().unwrap_or("");
        file.starts_with("comment") && file.ends_with(".xml")
    });
    for part in parts {
        if total >= MAX_TOTAL_TEXT {
            out.not_examined.push(NotExamined {
                what: "other package parts".into(),
                location: Location::part(part),
                reason: format!("more than {MAX_TOTAL_TEXT} bytes of text in other parts"),
            });
            break;
        }
        let xml = match zip.read(part) {
            Ok(x) => x,
            Err(p) => {
                // the part is in the file and was not read: not a pass
                out.problems.push(p);
                continue;
            }
        };
        let (layer, field) = shown_as(part);
        match part_texts(&xml, limits) {
            Ok((texts, notes)) => {
                for t in texts {
                    total += t.len();
                    found.push((part.clone(), t, layer, field));
                }
                // a comment's note whose text no comments part holds (the part removed, the
                // drawing kept): the note is what Excel or LibreOffice shows for the cell
                if !comments_part {
                    for t in notes {
                        total += t.len();
                        found.push((part.clone(), t, Layer::Hidden("comment"), "comment_note"));
                    }
                }
            }
            // a part that is in the file and could not be read to its end: not a pass
            Err(m) => out.problems.push(Problem::new(
                "corrupt",
                Location::part(part),
                format!("package part not read to its end: {m}"),
            )),
        }
    }
    if found.is_empty() {
        return;
    }
    let mut shown: Option<String> = None;
    // short segments as they stand: a short text is dropped only as a whole copy of one (a
    // SmartArt drawing cache repeating a node's 流程第一步)
    let mut short: Option<std::collections::HashSet<String>> = None;
    for (part, text, layer, field) in found {
        // the copy check indexes every segment of the item (5 million cells in a large
        // workbook): for a stored part's text it runs only when the text could give a
        // finding twice (digits, a marking's characters, an address); a font or style name is
        // kept as it is
        let could_find = text
            .chars()
            .any(|c| c.is_ascii_digit() || c == '@' || crate::detect::marking::is_trigger(c));
        if !could_find && matches!(layer, Layer::Metadata(_)) {
            out.segments.push(Segment::fixed(
                text,
                Location {
                    part: Some(part),
                    field: Some(field.into()),
                    ..Default::default()
                },
                layer,
                Zone::Body,
            ));
            continue;
        }
        let sq = super::squash(&text);
        if sq.chars().count() < DEDUP_MIN_CHARS {
            let short = short.get_or_insert_with(|| {
                out.segments
                    .iter()
                    .filter(|s| s.text.len() <= 4 * DEDUP_MIN_CHARS)
                    .map(|s| super::squash(&s.text))
                    .collect()
            });
            if short.contains(&sq) {
                continue;
            }
        } else {
            let shown = shown.get_or_insert_with(|| {
                let mut s = String::new();
                for seg in &out.segments {
                    s.push_str(&super::squash(&seg.text));
                    s.push('\u{1}');
                }
                s
            });
            if shown.contains(&sq) {
                continue;
            }
        }
        // a control or slicer showing only a marking is placed where markings go (like a
        // floating text box in a document)
        let zone = if layer == Layer::Visible
            && crate::detect::marking::standalone_kinds(&crate::normalize::normalize(&text).text)
                .is_some()
        {
            Zone::Title
        } else {
            Zone::Body
        };
        out.segments.push(Segment::fixed(
            text,
            Location {
                part: Some(part),
                field: Some(field.into()),
                ..Default::default()
            },
            layer,
            zone,
        ));
    }
}

/// The texts of one part worth scanning: one per VML shape, one for the rest of the part;
/// and apart, the texts of comment notes (whose text is read from the comments part, when
/// there is one). Text nodes of one line are joined, attribute values that say something are
/// lines of their own.
type PartTexts = (Vec<String>, Vec<String>);

/// Reads the SVG pictures of a package (`word/media/*.svg`, `xl/media/*.svg`, the vector
/// copy Office keeps beside a PNG fallback): the text they draw (`text`, `tspan`, `title`,
/// `desc`) is shown on the page, so `Visible` at the picture's part, field `svg_text`. Only
/// text nodes are read: attributes are drawing data (paths, embedded base64 images).
pub(crate) fn read_svg_images(
    zip: &mut SafeZip<'_>,
    names: &[String],
    limits: &Limits,
    out: &mut Extracted,
) {
    let mut total = 0usize;
    for n in names {
        let l = n.to_ascii_lowercase();
        if !l.ends_with(".svg") || !l.contains("/media/") {
            continue;
        }
        if total >= MAX_TOTAL_TEXT {
            out.not_examined.push(NotExamined {
                what: "svg image".into(),
                location: Location::part(n),
                reason: format!("more than {MAX_TOTAL_TEXT} bytes of text in svg images"),
            });
            continue;
        }
        let xml = match zip.read(n) {
            Ok(x) => x,
            Err(p) => {
                out.problems.push(p);
                continue;
            }
        };
        match svg_texts(&xml, limits) {
            Ok(t) => {
                let t = t.trim();
                if !t.is_empty() {
                    total += t.len();
                    out.segments.push(Segment::fixed(
                        t.to_string(),
                        Location {
                            part: Some(n.clone()),
                            field: Some("svg_text".into()),
                            ..Default::default()
                        },
                        Layer::Visible,
                        Zone::Body,
                    ));
                }
            }
            Err(e) => out.problems.push(Problem::new(
                if xmlutil::is_depth_error(&e) {
                    "limit_exceeded"
                } else {
                    "corrupt"
                },
                Location::part(n),
                format!("svg image not readable: {e}"),
            )),
        }
    }
}

/// The text nodes of an SVG (not of its `style` or `script`), one line per text element.
fn svg_texts(xml: &[u8], limits: &Limits) -> Result<String, String> {
    let mut xs = XmlStream::new(xml, limits.max_xml_depth);
    let mut out = String::new();
    let mut skip: Option<usize> = None;
    loop {
        if out.len() >= MAX_PART_TEXT {
            break;
        }
        match xs.next_event()? {
            Event::Start(e) => {
                let n = xmlutil::local_name(&e);
                if skip.is_none() && matches!(n, "style" | "script" | "metadata") {
                    skip = Some(xs.depth());
                }
            }
            Event::End(_) => {
                if skip.is_some_and(|d| xs.depth() < d) {
                    skip = None;
                }
                end_line(&mut out);
            }
            Event::Text(t) if skip.is_none() => out.push_str(&t.xml10_content()),
            Event::CData(t) if skip.is_none() => out.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if skip.is_none() => out.push_str(&xmlutil::ref_text(&r)),
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

fn part_texts(xml: &[u8], limits: &Limits) -> Result<PartTexts, String> {
    let mut xs = XmlStream::new(xml, limits.max_xml_depth);
    let mut texts = Vec::new();
    let mut notes = Vec::new();
    let mut rest = String::new();
    // the VML shape being read: its depth, its text, whether it is a comment's note
    let mut shape_depth: Option<usize> = None;
    let mut shape_text = String::new();
    let mut shape_note = false;
    // inside a VML shape's `x:ClientData` (anchor, row, linked cell: the control's plumbing)
    let mut client_data: Option<usize> = None;
    let attrs_into = |e: &BytesStart<'_>, dst: &mut String| {
        for (k, v) in xmlutil::attr_values(e) {
            let local = xmlutil::local(&k);
            // (a structural attribute holding exactly a valid resident ID is no structure)
            let id_like = || {
                let t = v.trim();
                t.len() == 18 && crate::detect::identifiers::digits_validate(t)
            };
            if k.starts_with("xmlns")
                || (STRUCTURAL_ATTRS.contains(&local) && !id_like())
                || !says_something(&v)
            {
                continue;
            }
            push_line(dst, v.trim());
        }
    };
    let is_note = |e: &BytesStart<'_>| {
        xmlutil::local_name(e) == "ClientData"
            && xmlutil::attr(e, "ObjectType").as_deref() == Some("Note")
    };
    loop {
        if rest.len() + shape_text.len() >= MAX_PART_TEXT {
            break;
        }
        let ev = xs.next_event()?;
        let dst = if shape_depth.is_some() {
            &mut shape_text
        } else {
            &mut rest
        };
        match ev {
            Event::Start(e) => {
                if shape_depth.is_none() && xmlutil::local_name(&e) == "shape" {
                    shape_depth = Some(xs.depth());
                    shape_text.clear();
                    shape_note = false;
                    attrs_into(&e, &mut shape_text);
                    continue;
                }
                shape_note |= shape_depth.is_some() && is_note(&e);
                if client_data.is_none() && xmlutil::local_name(&e) == "ClientData" {
                    client_data = Some(xs.depth());
                }
                attrs_into(&e, dst);
            }
            Event::Empty(e) => {
                if xmlutil::local_name(&e) == "br" {
                    end_line(dst);
                }
                shape_note |= shape_depth.is_some() && is_note(&e);
                attrs_into(&e, dst);
            }
            Event::End(e) => {
                let n = e.name();
                let local = xmlutil::local(n.as_ref());
                if !INLINE.contains(&local) {
                    end_line(dst);
                }
                if client_data.is_some_and(|d| xs.depth() < d) {
                    client_data = None;
                }
                if shape_depth.is_some_and(|d| xs.depth() < d) {
                    shape_depth = None;
                    let t = shape_text.trim();
                    if says_something(t) {
                        if shape_note {
                            notes.push(t.to_string());
                        } else {
                            texts.push(t.to_string());
                        }
                    }
                    shape_text.clear();
                }
            }
            Event::Text(_) | Event::CData(_) | Event::GeneralRef(_) if client_data.is_some() => {}
            Event::Text(t) => dst.push_str(&t.xml10_content()),
            Event::CData(t) => dst.push_str(&t.xml10_content()),
            Event::GeneralRef(r) => dst.push_str(&xmlutil::ref_text(&r)),
            Event::Eof => break,
            _ => {}
        }
    }
    let rest = rest.trim();
    if says_something(rest) {
        texts.push(rest.to_string());
    }
    Ok((texts, notes))
}

fn end_line(dst: &mut String) {
    if !dst.is_empty() && !dst.ends_with('\n') {
        dst.push('\n');
    }
}

fn push_line(dst: &mut String, v: &str) {
    end_line(dst);
    dst.push_str(v);
    dst.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(xml: &str) -> Vec<String> {
        part_texts(xml.as_bytes(), &Limits::default())
            .expect("parsed")
            .0
    }

    #[test]
    fn vml_shapes_are_read_one_by_one_and_notes_are_left_out() {
        let vml = r##"<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:x="urn:schemas-microsoft-com:office:excel">
<v:shape id="_x0000_s1025" type="#_x0000_t202"><v:textbox><div><font>内部</font><font>资料</font></div></v:textbox><x:ClientData ObjectType="Button"/></v:shape>
<v:shape id="_x0000_s1026"><v:textbox><div>备注原文</div></v:textbox><x:ClientData ObjectType="Note"><x:Row>1</x:Row></x:ClientData></v:shape>
<v:shape id="_x0000_s1027"><v:textbox><div>Check Box 1</div></v:textbox><x:ClientData ObjectType="Checkbox"/></v:shape>
</xml>"##;
        // runs of one line are joined; the note and the caption saying nothing are left out
        assert_eq!(texts(vml), vec!["内部资料".to_string()]);
        // the note's text is kept apart (read when no comments part holds it)
        let (_, notes) = part_texts(vml.as_bytes(), &Limits::default()).unwrap();
        assert_eq!(notes, vec!["备注原文".to_string()]);
    }

    #[test]
    fn attributes_that_say_something_are_lines_and_structure_is_not() {
        let x = r#"<slicer xmlns="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main" name="姓名" cache="Slicer_1" caption="身份证号 110105199003071234" rowHeight="241300" uid="{12345678-1234-1234-1234-123456789012}"><a:latin typeface="宋体"/></slicer>"#;
        let t = texts(x);
        assert_eq!(t.len(), 1, "{t:?}");
        assert_eq!(t[0], "姓名\n身份证号 110105199003071234");
    }

    #[test]
    fn a_resident_id_in_a_structural_attribute_is_read() {
        let t = texts(r#"<tool><rec id="330106199003071236" uid="{1}"/><rec id="12345"/></tool>"#);
        assert_eq!(t, vec!["330106199003071236".to_string()]);
    }

    #[test]
    fn text_saying_nothing_gives_nothing() {
        for x in [
            r#"<a><b val="1"/><c>Slicer_1</c></a>"#,
            r#"<ctrlProp objectType="CheckBox" checked="Checked" lockText="1"/>"#,
            r#"<connections><connection id="1" name="Query - Table1" type="5" refreshedVersion="6"/></connections>"#,
        ] {
            assert!(texts(x).is_empty(), "{x}");
        }
    }

    #[test]
    fn part_classes() {
        assert_eq!(shown_as("xl/drawings/vmlDrawing1.vml").0, Layer::Visible);
        assert_eq!(shown_as("xl/slicers/slicer1.xml").0, Layer::Visible);
        assert_eq!(shown_as("word/diagrams/drawing1.xml").0, Layer::Visible);
        assert_eq!(
            shown_as("xl/richData/rdrichvalue.xml").0,
            Layer::Metadata("other")
        );
        assert_eq!(shown_as("xl/custom/notes.xml").0, Layer::Metadata("other"));
    }
}
