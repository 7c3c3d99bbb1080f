//! Small helpers on top of quick-xml 0.42 for the office extractors: a depth-capped event
//! stream, attribute lookup, entity resolution, relationship parts and path resolution.
//!
//! quick-xml never expands DTD entities; only the five predefined entities and character
//! references are resolved here.

use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::Reader;
use quick_xml::XmlVersion;

/// A depth-capped pull parser over an in-memory XML part.
pub struct XmlStream<'a> {
    reader: Reader<&'a [u8]>,
    depth: usize,
    max_depth: usize,
}

impl<'a> XmlStream<'a> {
    pub fn new(bytes: &'a [u8], max_depth: usize) -> Self {
        let mut reader = Reader::from_reader(bytes);
        reader.config_mut().check_end_names = true;
        XmlStream {
            reader,
            depth: 0,
            max_depth,
        }
    }

    /// Current element nesting depth (after the last event).
    pub fn depth(&self) -> usize {
        self.depth
    }

    /// Next event. `Err` carries a short technical message (never document text); a depth beyond
    /// the cap is reported as an error whose message starts with `depth`.
    pub fn next_event(&mut self) -> Result<Event<'a>, String> {
        let ev = self
            .reader
            .read_event()
            .map_err(|e| format!("xml error: {e}"))?;
        match &ev {
            Event::Start(_) => {
                self.depth += 1;
                if self.depth > self.max_depth {
                    return Err(format!("depth: xml nesting deeper than {}", self.max_depth));
                }
            }
            Event::End(_) => self.depth = self.depth.saturating_sub(1),
            // OPC (ISO 29500-2 §8.1.4) forbids DTDs in package parts, and OFD never has one: a
            // DTD can only be there to declare entities whose expansion a reader would show
            // and baomi would not check (quick-xml never expands them)
            Event::DocType(_) => {
                return Err("xml error: document type declaration (DTD) in a package part; entities are not expanded".into())
            }
            _ => {}
        }
        Ok(ev)
    }
}

/// Whether an error message from `XmlStream::next` is a depth violation.
pub fn is_depth_error(msg: &str) -> bool {
    msg.starts_with("depth")
}

/// Local part of a qualified name (`w:p` -> `p`).
pub fn local(qname: &str) -> &str {
    match qname.rfind(':') {
        Some(i) => &qname[i + 1..],
        None => qname,
    }
}

/// Local part of an element's name, without allocating (`w:p` -> `p`): for the hot
/// loops over large parts, where [`qname`] + [`local`] would allocate per element.
pub fn local_name<'e>(e: &'e BytesStart<'_>) -> &'e str {
    let n = e.name().into_inner();
    match memchr::memrchr(b':', n.as_bytes()) {
        Some(i) => &n[i + 1..],
        None => n,
    }
}

/// Value of an attribute matched by qualified name, or by local name when `key` has no prefix.
pub fn attr(e: &BytesStart<'_>, key: &str) -> Option<String> {
    let want_local = !key.contains(':');
    for a in e.attributes().with_checks(false).flatten() {
        let k: &str = a.key.as_ref();
        if k == key || (want_local && local(k) == key) {
            return Some(match a.normalized_value(XmlVersion::Implicit1_0) {
                Ok(v) => v.into_owned(),
                Err(_) => a.value.into_owned(),
            });
        }
    }
    None
}

/// All attributes of an element as (qualified name, normalized value).
pub fn attr_values(e: &BytesStart<'_>) -> Vec<(String, String)> {
    e.attributes()
        .with_checks(false)
        .flatten()
        .map(|a| {
            let k: &str = a.key.as_ref();
            let v = match a.normalized_value(XmlVersion::Implicit1_0) {
                Ok(v) => v.into_owned(),
                Err(_) => a.value.into_owned(),
            };
            (k.to_string(), v)
        })
        .collect()
}

/// Qualified name of a start/empty element as an owned string.
pub fn qname(e: &BytesStart<'_>) -> String {
    let n = e.name();
    let s: &str = n.as_ref();
    s.to_string()
}

/// Text of a general or character reference (`&amp;`, `&#x4E2D;`); unknown entities give "".
pub fn ref_text(r: &BytesRef<'_>) -> String {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        return c.to_string();
    }
    let name: &str = r.as_ref();
    resolve_predefined_entity(name).unwrap_or("").to_string()
}

/// `true` for OOXML boolean attribute values meaning true (absent value means true for toggles).
pub fn truthy(v: Option<&str>) -> bool {
    match v {
        None => true,
        Some(s) => !matches!(s.trim(), "0" | "false" | "off" | "none"),
    }
}

/// One relationship from a `.rels` part.
#[derive(Debug, Clone)]
pub struct Rel {
    pub id: String,
    /// The relationship type URI.
    pub rel_type: String,
    /// Target resolved to a zip entry name (unless external).
    pub target: String,
    pub external: bool,
}

/// Directory of a part name (`xl/worksheets/sheet1.xml` -> `xl/worksheets`).
pub fn part_dir(part: &str) -> &str {
    match part.rfind('/') {
        Some(i) => &part[..i],
        None => "",
    }
}

/// Rels part name for a part (`xl/workbook.xml` -> `xl/_rels/workbook.xml.rels`).
pub fn rels_name(part: &str) -> String {
    let dir = part_dir(part);
    let file = match part.rfind('/') {
        Some(i) => &part[i + 1..],
        None => part,
    };
    if dir.is_empty() {
        format!("_rels/{file}.rels")
    } else {
        format!("{dir}/_rels/{file}.rels")
    }
}

/// Resolves a relationship target relative to the directory of the source part.
pub fn resolve_target(base_dir: &str, target: &str) -> String {
    let target = target.replace('\\', "/");
    let mut parts: Vec<&str> = Vec::new();
    if !target.starts_with('/') {
        parts.extend(base_dir.split('/').filter(|s| !s.is_empty()));
    }
    for seg in target.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// Parses a `.rels` part. Malformed input yields the relationships read so far.
pub fn parse_rels(bytes: &[u8], source_part: &str, max_depth: usize) -> Result<Vec<Rel>, String> {
    let base = part_dir(source_part).to_string();
    let mut xs = XmlStream::new(bytes, max_depth);
    let mut out = Vec::new();
    loop {
        match xs.next_event()? {
            Event::Start(e) | Event::Empty(e) => {
                if local(&qname(&e)) == "Relationship" {
                    let id = attr(&e, "Id").unwrap_or_default();
                    let rel_type = attr(&e, "Type").unwrap_or_default();
                    let raw = attr(&e, "Target").unwrap_or_default();
                    let external = attr(&e, "TargetMode")
                        .map(|m| m.eq_ignore_ascii_case("External"))
                        .unwrap_or(false);
                    let target = if external {
                        raw
                    } else {
                        resolve_target(&base, &raw)
                    };
                    out.push(Rel {
                        id,
                        rel_type,
                        target,
                        external,
                    });
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

/// Whether a value looks like a Windows or Unix file path (`C:\Users\..`, `\\server\share`,
/// `/home/..`, `file:///..`).
/// A metadata segment for a person named as author (of a revision, comment or annotation);
/// a value that is really a file path is reported as `file_path`.
pub fn author_segment(name: String, loc: super::Location) -> super::Segment {
    let kind = if looks_like_path(&name) {
        "file_path"
    } else {
        "author"
    };
    super::Segment::fixed(
        name,
        loc,
        super::Layer::Metadata(kind),
        super::Zone::Metadata,
    )
}

pub fn looks_like_path(s: &str) -> bool {
    let b = s.as_bytes();
    for i in 0..b.len().saturating_sub(2) {
        if b[i].is_ascii_alphabetic()
            && b[i + 1] == b':'
            && (b[i + 2] == b'\\' || b[i + 2] == b'/')
            && (i == 0 || !b[i - 1].is_ascii_alphanumeric())
        {
            // Exclude URL schemes like "http://" (the letter before ':' would be part of a word).
            return true;
        }
    }
    if s.contains("\\\\") && s.trim_start().starts_with("\\\\") {
        return true;
    }
    let lower = s.to_ascii_lowercase();
    [
        "file:/", "/home/", "/users/", "/mnt/", "/media/", "/var/", "/tmp/", "/root/", "/opt/",
    ]
    .iter()
    .any(|p| lower.contains(p))
}

/// Whether a name could carry an identifier: an `@` (an email address), or a run of 5 or more
/// digits — any Unicode digit (full-width `３`, `〇`…), and up to two separators (spaces,
/// hyphens, dots, zero-width characters) between digits do not end the run. Locations are
/// echoed into every output, so such a name never goes into one (as `tests/docx_layers.rs`
/// checks for Word part names).
pub fn could_identify(s: &str) -> bool {
    let (mut run, mut gap) = (0usize, 0usize);
    for c in s.chars() {
        if c == '@' || c == '＠' {
            return true;
        }
        if c.is_numeric() {
            run += 1;
            gap = 0;
            if run >= 5 {
                return true;
            }
        } else if run > 0 && gap < 2 && !c.is_alphanumeric() {
            gap += 1;
        } else {
            run = 0;
            gap = 0;
        }
    }
    false
}

/// A part name or field for a location: one that could carry an identifier is replaced by a
/// hash of it, its directory and extension kept when they are harmless
/// (`xl/media/#1a2b3c4d.png`): two such parts stay apart, neither shows its name.
pub fn shown_name(n: &str) -> String {
    if !could_identify(n) {
        return n.to_string();
    }
    let (dir, file) = match n.rfind('/') {
        Some(i) => (&n[..=i], &n[i + 1..]),
        None => ("", n),
    };
    let dir = if could_identify(dir) { "" } else { dir };
    let ext = file
        .rfind('.')
        .map(|i| &file[i..])
        .filter(|e| e.chars().count() <= 6 && !could_identify(e))
        .unwrap_or("");
    let h = n.bytes().fold(0x811c_9dc5u32, |h, b| {
        (h ^ b as u32).wrapping_mul(0x0100_0193)
    });
    format!("{dir}#{h:08x}{ext}")
}

/// The bytes `%XX` sequences stand for (other bytes as they are); callers pick the charset.
pub fn percent_decode_bytes(s: &str) -> Vec<u8> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            let hex = |c: u8| (c as char).to_digit(16);
            if let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolve() {
        assert_eq!(
            resolve_target("xl", "worksheets/sheet1.xml"),
            "xl/worksheets/sheet1.xml"
        );
        assert_eq!(
            resolve_target("xl/worksheets", "../comments1.xml"),
            "xl/comments1.xml"
        );
        assert_eq!(
            resolve_target("xl", "/xl/worksheets/s.xml"),
            "xl/worksheets/s.xml"
        );
        assert_eq!(rels_name("xl/workbook.xml"), "xl/_rels/workbook.xml.rels");
    }

    #[test]
    fn paths() {
        assert!(looks_like_path("C:\\Users\\zhang\\Desktop\\a.docx"));
        assert!(looks_like_path("\\\\server\\share\\x"));
        assert!(looks_like_path("/home/li/doc.docx"));
        assert!(!looks_like_path("http://www.gov.cn/"));
        assert!(!looks_like_path("张三"));
    }

    #[test]
    fn depth_cap() {
        let xml = "<a><a><a><a></a></a></a></a>";
        let mut xs = XmlStream::new(xml.as_bytes(), 3);
        let mut err = None;
        loop {
            match xs.next_event() {
                Ok(Event::Eof) => break,
                Ok(_) => {}
                Err(e) => {
                    err = Some(e);
                    break;
                }
            }
        }
        assert!(err.map(|e| is_depth_error(&e)).unwrap_or(false));
    }
}
