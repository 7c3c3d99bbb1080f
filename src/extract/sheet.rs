//! Spreadsheet extractor: xlsx/xlsm (calamine streaming cells + own zip/quick-xml pass for
//! hidden sheets, rows, columns and comments), xlsb, xls and ods (calamine).
//!
//! One segment per non-empty cell, `Location::cell(sheet, A1)`, record `sheet_index << 20 | row`.
//! Never calls `worksheet_range` on xlsx (it allocates a dense grid: CRATES.md §1).

use std::collections::{HashMap, HashSet};
use std::io::Cursor;

use calamine::{Data, DataRef, ExcelDateTime, Reader, SheetVisible, WorkbookProperties};
use quick_xml::events::Event;

use super::docx::{external_paths, extract_doc_props};
use super::xmlutil::{self, attr, local, looks_like_path, qname, ref_text, truthy, XmlStream};
use super::zipguard::SafeZip;
use super::{cell_name, Extracted, Layer, Limits, Location, NotExamined, Problem, Segment, Zone};

/// Number of leading rows with content that form a sheet's title area.
const TITLE_ROWS: usize = 3;
use super::ole::MAGIC as CFB_MAGIC;

/// Whether a CFB (OLE2) file is an encrypted OOXML package: it holds an `EncryptedPackage`
/// stream (the directory entry name is UTF-16LE).
pub fn cfb_is_encrypted_ooxml(bytes: &[u8]) -> bool {
    if !bytes.starts_with(&CFB_MAGIC) {
        return false;
    }
    let needle: Vec<u8> = "EncryptedPackage"
        .encode_utf16()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    let head = &bytes[..bytes.len().min(64 * 1024)];
    if head.windows(needle.len()).any(|w| w == needle.as_slice()) {
        return true;
    }
    // The directory may sit at the end of a large file.
    let tail = &bytes[bytes.len().saturating_sub(64 * 1024)..];
    tail.windows(needle.len()).any(|w| w == needle.as_slice())
}

/// `format` is one of "xlsx" (also xlsm), "xlsb", "xls", "ods".
pub fn extract_sheet(bytes: &[u8], format: &str, limits: &Limits) -> Extracted {
    // calamine asserts on some malformed OLE (FAT) structures (found by fuzzing, see
    // docs/robustness.md): a panic there is this item's problem, not the run's
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        extract_sheet_unguarded(bytes, format, limits)
    }))
    .unwrap_or_else(|_| Extracted {
        problems: vec![Problem::new(
            "corrupt",
            Location::item(),
            "the spreadsheet reader failed on this file (malformed structure; internal error caught)",
        )],
        ..Default::default()
    })
}

fn extract_sheet_unguarded(bytes: &[u8], format: &str, limits: &Limits) -> Extracted {
    let mut out = Extracted::default();
    if bytes.len() as u64 > limits.max_item_bytes {
        out.problems.push(Problem::new(
            "limit_exceeded",
            Location::item(),
            format!(
                "item is {} bytes, limit {}",
                bytes.len(),
                limits.max_item_bytes
            ),
        ));
        return out;
    }
    if cfb_is_encrypted_ooxml(bytes) {
        out.problems.push(Problem::new(
            "encrypted",
            Location::item(),
            "encrypted OOXML package (EncryptedPackage stream in an OLE container)",
        ));
        return out;
    }
    let is_zip = bytes.starts_with(b"PK");
    let is_cfb = bytes.starts_with(&CFB_MAGIC);
    let fmt = format.to_ascii_lowercase();
    match fmt.as_str() {
        "xlsx" | "xlsm" | "xltx" | "xltm" | "xlam" if is_cfb => {
            extract_xls(bytes, limits, &mut out)
        }
        "xls" if is_zip => extract_xlsx(bytes, limits, &mut out),
        "xlsx" | "xlsm" | "xltx" | "xltm" | "xlam" => extract_xlsx(bytes, limits, &mut out),
        "xlsb" => extract_xlsb(bytes, limits, &mut out),
        "xls" => extract_xls(bytes, limits, &mut out),
        "ods" => extract_ods(bytes, limits, &mut out),
        other => out.problems.push(Problem::new(
            "unsupported_format",
            Location::item(),
            format!("unsupported spreadsheet format: {other}"),
        )),
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Cell values

/// Text of a float as Excel shows it in the General format for integers: integral values are
/// written as digits; beyond 15 significant digits only the first 15 are meaningful (the rest are
/// written as `*`).
/// Returns (text, precision_lost).
fn float_text(f: f64) -> (String, bool) {
    if !f.is_finite() {
        return (String::new(), false);
    }
    if f.fract() == 0.0 {
        if f.abs() < 1e15 {
            return (format!("{}", f as i64), false);
        }
        // 15 significant digits, then zeros.
        let e = format!("{:.14e}", f.abs());
        let (mant, exp) = match e.split_once('e') {
            Some(x) => x,
            None => return (format!("{f}"), true),
        };
        let exp: i64 = exp.parse().unwrap_or(0);
        let digits: String = mant.chars().filter(|c| c.is_ascii_digit()).collect();
        let zeros = (exp - 14).clamp(0, 400) as usize;
        let mut s = String::with_capacity(digits.len() + zeros + 1);
        if f < 0.0 {
            s.push('-');
        }
        s.push_str(&digits);
        // the lost digits are unknown, not zeros: written as masked positions, so that an
        // 18-digit ID stored as a number (3.30106E+17) is still seen — as an identifier whose
        // region code and birth date are visible — and never read as a wrong checksum
        s.extend(std::iter::repeat_n('*', zeros));
        return (s, true);
    }
    (format!("{f}"), false)
}

fn datetime_text(d: &ExcelDateTime) -> String {
    if d.is_duration() {
        return format!("{}", d.as_f64());
    }
    let (y, mo, da, h, mi, s, _ms) = d.to_ymd_hms_milli();
    if h == 0 && mi == 0 && s == 0 {
        format!("{y:04}-{mo:02}-{da:02}")
    } else {
        format!("{y:04}-{mo:02}-{da:02} {h:02}:{mi:02}:{s:02}")
    }
}

/// (text, precision_lost) of a streamed cell value; None for empty, booleans and errors.
fn dataref_text(v: &DataRef<'_>) -> Option<(String, bool)> {
    match v {
        DataRef::Int(i) => Some((i.to_string(), false)),
        DataRef::Float(f) => Some(float_text(*f)),
        DataRef::String(s) => Some((s.clone(), false)),
        DataRef::SharedString(s) => Some((s.to_string(), false)),
        DataRef::DateTime(d) => Some((datetime_text(d), false)),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => Some((s.clone(), false)),
        DataRef::Bool(_) | DataRef::Error(_) | DataRef::Empty => None,
    }
}

fn data_text(v: &Data) -> Option<(String, bool)> {
    match v {
        Data::Int(i) => Some((i.to_string(), false)),
        Data::Float(f) => Some(float_text(*f)),
        Data::String(s) => Some((s.clone(), false)),
        Data::DateTime(d) => Some((datetime_text(d), false)),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Some((s.clone(), false)),
        Data::Bool(_) | Data::Error(_) | Data::Empty => None,
    }
}

// ---------------------------------------------------------------------------------------------
// Shared emission

/// What is known about one sheet's hidden structure.
#[derive(Default)]
struct Hidden {
    sheet: bool,
    /// Rows with hidden="1" (0-based).
    rows: HashSet<u32>,
    /// 0-based inclusive column ranges that are hidden.
    cols: Vec<(u32, u32)>,
    /// 0-based inclusive row ranges that are hidden (ODS repeated rows).
    row_ranges: Vec<(u32, u32)>,
}

impl Hidden {
    /// Records a `<row>` start tag: its 0-based index (`r`, else the one after the previous
    /// row) and whether it is hidden.
    fn note_row(&mut self, e: &quick_xml::events::BytesStart<'_>, next_row: &mut u32) {
        let r = attr(e, "r")
            .and_then(|v| v.trim().parse::<u32>().ok())
            .filter(|&r| r > 0)
            .map(|r| r - 1)
            .unwrap_or(*next_row);
        *next_row = r.saturating_add(1);
        // Under `sheetFormatPr zeroHeight="1"` only rows *without* a <row> element are hidden,
        // and those hold no cells; a written row is hidden only through its own `hidden`
        // attribute.
        if truthy_attr(attr(e, "hidden")) {
            self.rows.insert(r);
        }
    }

    /// Records a `<col>` tag's column range if it is hidden.
    fn note_col(&mut self, e: &quick_xml::events::BytesStart<'_>) {
        if truthy_attr(attr(e, "hidden")) {
            let min = attr(e, "min")
                .and_then(|v| v.parse::<u32>().ok())
                .unwrap_or(1);
            let max = attr(e, "max")
                .and_then(|v| v.parse::<u32>().ok())
                .unwrap_or(min);
            self.cols
                .push((min.saturating_sub(1), max.saturating_sub(1)));
        }
    }

    fn row_hidden(&self, r: u32) -> bool {
        if self.row_ranges.iter().any(|&(a, b)| a <= r && r <= b) {
            return true;
        }
        self.rows.contains(&r)
    }
    fn col_hidden(&self, c: u32) -> bool {
        self.cols.iter().any(|&(a, b)| a <= c && c <= b)
    }
    fn layer(&self, r: u32, c: u32) -> Layer {
        if self.sheet {
            Layer::Hidden("hidden_sheet")
        } else if self.row_hidden(r) {
            Layer::Hidden("hidden_row")
        } else if self.col_hidden(c) {
            Layer::Hidden("hidden_column")
        } else {
            Layer::Visible
        }
    }
}

/// Emits the cells of one sheet in order, tracking the title rows and the cell budget.
struct SheetSink<'o> {
    out: &'o mut Extracted,
    name: std::sync::Arc<str>,
    index: u32,
    title_rows: Vec<u32>,
    cells: u64,
    max_cells: u64,
}

impl<'o> SheetSink<'o> {
    fn new(out: &'o mut Extracted, name: &str, index: usize, max_cells: u64) -> Self {
        SheetSink {
            out,
            name: std::sync::Arc::from(name),
            index: index as u32,
            title_rows: Vec::new(),
            cells: 0,
            max_cells,
        }
    }

    fn record(&self, row: u32) -> Option<u32> {
        Some((self.index << 20) | (row & 0xF_FFFF))
    }

    /// Returns false when the cell budget is exhausted (a problem has been recorded).
    fn cell(
        &mut self,
        row: u32,
        col: u32,
        text: String,
        precision_lost: bool,
        hidden: &Hidden,
    ) -> bool {
        if text.trim().is_empty() {
            return true;
        }
        self.cells += 1;
        if self.cells > self.max_cells {
            self.out.problems.push(Problem::new(
                "limit_exceeded",
                Location {
                    sheet: Some(self.name.to_string()),
                    ..Default::default()
                },
                format!("sheet has more than {} cells", self.max_cells),
            ));
            return false;
        }
        let zone = if self.title_rows.contains(&row) {
            Zone::Title
        } else if self.title_rows.len() < TITLE_ROWS
            && self.title_rows.last().map(|&l| row > l).unwrap_or(true)
        {
            self.title_rows.push(row);
            Zone::Title
        } else {
            Zone::Body
        };
        if precision_lost {
            self.out.not_examined.push(NotExamined {
                what: "numeric cell precision".into(),
                location: Location::cell(&self.name, cell_name(row, col)),
                reason: "number stored with >15 significant digits; trailing digits lost (Excel precision)"
                    .into(),
            });
        }
        let mut seg = Segment::cell(
            text,
            self.name.clone(),
            row,
            col,
            hidden.layer(row, col),
            zone,
        );
        seg.record = self.record(row);
        self.out.segments.push(seg);
        true
    }
}

fn sheet_name_segment(out: &mut Extracted, name: &str, hidden: bool) {
    if name.trim().is_empty() {
        return;
    }
    out.segments.push(Segment::fixed(
        name.to_string(),
        Location {
            sheet: Some(name.to_string()),
            ..Default::default()
        },
        if hidden {
            Layer::Hidden("hidden_sheet")
        } else {
            Layer::Visible
        },
        Zone::SheetName,
    ));
}

fn sheet_loc(name: &str) -> Location {
    Location {
        sheet: Some(name.to_string()),
        ..Default::default()
    }
}

fn sheet_part_loc(name: &str, part: &str) -> Location {
    Location {
        sheet: Some(name.to_string()),
        part: Some(part.to_string()),
        ..Default::default()
    }
}

fn not_checked(out: &mut Extracted, fmt: &str) {
    out.not_examined.push(NotExamined {
        what: "hidden rows/columns and comments".into(),
        location: Location::item(),
        reason: format!("hidden rows/columns and comments are not checked for .{fmt}"),
    });
}

/// Metadata segments from calamine's workbook properties (xls, ods).
fn props_segments(wp: &WorkbookProperties, part: Option<&str>, out: &mut Extracted) {
    let fields: [(&str, &Option<String>, &'static str); 10] = [
        ("dc:creator", &wp.creator, "author"),
        (
            "cp:lastModifiedBy",
            &wp.last_modified_by,
            "last_modified_by",
        ),
        ("dc:title", &wp.title, "title"),
        ("dc:subject", &wp.subject, "other"),
        ("dc:description", &wp.description, "other"),
        ("cp:keywords", &wp.keywords, "other"),
        ("cp:category", &wp.category, "other"),
        ("Company", &wp.company, "company"),
        ("Manager", &wp.manager, "other"),
        ("Template", &wp.template, "other"),
    ];
    let mut push = |field: String, value: &str, kind: &'static str| {
        let v = value.trim();
        if v.is_empty() {
            return;
        }
        let kind = if looks_like_path(v) {
            "file_path"
        } else {
            kind
        };
        out.segments.push(Segment::fixed(
            v.to_string(),
            Location {
                part: part.map(str::to_string),
                field: Some(field),
                ..Default::default()
            },
            Layer::Metadata(kind),
            Zone::Metadata,
        ));
    };
    for (field, value, kind) in fields {
        if let Some(v) = value {
            push(field.to_string(), v, kind);
        }
    }
    let mut custom: Vec<_> = wp.custom_properties.iter().collect();
    custom.sort();
    for (k, v) in custom {
        push(k.clone(), v, "other");
    }
}

fn list_parts(out: &mut Extracted, names: &[String]) {
    for n in names {
        if n.ends_with('/') {
            continue;
        }
        let lower = n.to_ascii_lowercase();
        let (what, reason) = if lower.starts_with("xl/media/") || lower.starts_with("pictures/") {
            ("embedded image", "images are not read")
        } else if lower.starts_with("xl/embeddings/")
            || lower.starts_with("object") && lower.contains('/')
        {
            ("embedded object", "embedded objects are not scanned yet")
        } else if lower.ends_with("vbaproject.bin") {
            ("macros", "macros (VBA) are not examined")
        } else if lower.starts_with("xl/externallinks/externallink") && lower.ends_with(".xml") {
            (
                "external link cache",
                "cached values of external links are not scanned yet",
            )
        } else {
            continue;
        };
        out.not_examined.push(NotExamined {
            what: what.into(),
            location: Location {
                part: Some(n.clone()),
                ..Default::default()
            },
            reason: reason.into(),
        });
    }
}

// ---------------------------------------------------------------------------------------------
// XLSX

struct WbSheet {
    name: String,
    hidden: bool,
    rid: String,
}

fn xml_problem(loc: Location, msg: String) -> Problem {
    let kind = if xmlutil::is_depth_error(&msg) {
        "limit_exceeded"
    } else {
        "corrupt"
    };
    Problem::new(kind, loc, msg)
}

/// A workbook-level name (`definedNames/definedName`): its formula or constant.
struct DefinedName {
    name: String,
    hidden: bool,
    /// `localSheetId`: index of the sheet the name is scoped to
    local_sheet: Option<usize>,
    value: String,
}

/// Longest defined-name value kept (a name's formula; constants are short in practice).
const MAX_NAME_VALUE: usize = 64 * 1024;

fn parse_workbook(xml: &[u8], limits: &Limits) -> Result<(Vec<WbSheet>, Vec<DefinedName>), String> {
    let mut xs = XmlStream::new(xml, limits.max_xml_depth);
    let mut sheets = Vec::new();
    let mut names = Vec::new();
    let mut cur: Option<DefinedName> = None;
    loop {
        match xs.next_event()? {
            Event::Start(e) | Event::Empty(e) if local(&qname(&e)) == "sheet" => {
                let state = attr(&e, "state").unwrap_or_default();
                sheets.push(WbSheet {
                    name: attr(&e, "name").unwrap_or_default(),
                    hidden: state == "hidden" || state == "veryHidden",
                    rid: attr(&e, "r:id")
                        .or_else(|| attr(&e, "id"))
                        .unwrap_or_default(),
                });
            }
            Event::Start(e) if local(&qname(&e)) == "definedName" => {
                cur = Some(DefinedName {
                    name: attr(&e, "name").unwrap_or_default(),
                    hidden: attr(&e, "hidden").is_some_and(|v| truthy(Some(&v))),
                    local_sheet: attr(&e, "localSheetId").and_then(|v| v.trim().parse().ok()),
                    value: String::new(),
                });
            }
            Event::Text(t) => {
                if let Some(c) = cur.as_mut().filter(|c| c.value.len() < MAX_NAME_VALUE) {
                    c.value.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                if let Some(c) = cur.as_mut().filter(|c| c.value.len() < MAX_NAME_VALUE) {
                    c.value.push_str(&ref_text(&r));
                }
            }
            Event::End(e) if local(e.name().as_ref()) == "definedName" => {
                names.extend(cur.take());
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok((sheets, names))
}

/// Whether an Excel formula holds a text constant with letters, digits or CJK in it
/// (`"…"`, doubled quotes inside); a plain reference such as `名单!$A$1:$I$90` does not.
fn has_text_constant(formula: &str) -> bool {
    let mut in_str = false;
    let mut chars = formula.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '"' {
            if in_str && chars.peek() == Some(&'"') {
                chars.next();
                continue;
            }
            in_str = !in_str;
        } else if in_str && c.is_alphanumeric() {
            return true;
        }
    }
    false
}

/// One segment per defined name whose value is more than a reference: the value is scanned
/// like a document property (a constant such as `="110105…"` or `={"秘密★1年"}` is found); a
/// hidden name (`hidden="1"`) holding a text constant is hidden content. Built-in hidden
/// names (`_xlnm._FilterDatabase`) hold references only and give nothing.
fn emit_defined_names(out: &mut Extracted, names: &[DefinedName], sheets: &[WbSheet], part: &str) {
    for (i, n) in names.iter().enumerate() {
        let v = n.value.trim();
        if v.is_empty() || !v.chars().any(|c| c.is_alphanumeric()) {
            continue;
        }
        let text_const = has_text_constant(v);
        // built-in names (print area, print titles, filter ranges) are references
        if n.name.starts_with("_xlnm.") && !text_const {
            continue;
        }
        // a name is reported by its own name unless that carries a long digit run (an
        // identifier in a name must not reach the report through its location)
        let mut run = 0;
        let digits_in_name = n.name.chars().any(|c| {
            run = if c.is_ascii_digit() { run + 1 } else { 0 };
            run >= 6
        });
        let field = if n.name.is_empty() || digits_in_name {
            format!("definedName#{}", i + 1)
        } else {
            format!("definedName:{}", n.name)
        };
        let layer = if n.hidden && text_const {
            Layer::Hidden("hidden_text")
        } else {
            Layer::Metadata("other")
        };
        out.segments.push(Segment::fixed(
            v.to_string(),
            Location {
                part: Some(part.to_string()),
                sheet: n
                    .local_sheet
                    .and_then(|k| sheets.get(k))
                    .map(|s| s.name.clone()),
                field: Some(field),
                ..Default::default()
            },
            layer,
            Zone::Metadata,
        ));
    }
}

/// Parses `A1`-style references (also `$A$1`) to 0-based (row, col).
fn parse_ref(s: &str) -> Option<(u32, u32)> {
    let s = s.trim().replace('$', "");
    let split = s.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = s.split_at(split);
    if letters.is_empty() || letters.len() > 3 || !letters.chars().all(|c| c.is_ascii_alphabetic())
    {
        return None;
    }
    let mut col: u32 = 0;
    for c in letters.chars() {
        col = col * 26 + (c.to_ascii_uppercase() as u32 - 'A' as u32 + 1);
    }
    let row: u32 = digits.parse().ok()?;
    if row == 0 {
        return None;
    }
    Some((row - 1, col - 1))
}

/// Scans a worksheet part for hidden rows/columns and counts its cells, without a full XML
/// parse: the part is read again by calamine, and this pass only needs the `row`, `col` and
/// `c` start tags. A byte scan from `<` to `<` (text and attribute values cannot hold a raw `<`)
/// that skips comments, CDATA and processing instructions, keeps the element stack to check
/// end tags and the depth cap, rejects a DTD, and hands the attributes of `row` and `col` to
/// quick-xml's attribute parser. About ten times faster than the event reader on a large
/// sheet; `scan_sheet_xml_events` (tests) is the reference it is checked against.
fn scan_sheet_xml(xml: &[u8], limits: &Limits) -> Result<(Hidden, u64), String> {
    if simdutf8::basic::from_utf8(xml).is_err() {
        return Err("xml error: invalid UTF-8".into());
    }
    let mut h = Hidden::default();
    let mut cells: u64 = 0;
    let mut next_row: u32 = 0;
    let mut stack: Vec<&[u8]> = Vec::new();
    let find = |needle: &[u8], from: usize| {
        memchr::memmem::find(&xml[from..], needle).map(|p| from + p + needle.len())
    };
    let mut i = 0;
    while let Some(p) = memchr::memchr(b'<', &xml[i..]) {
        let lt = i + p;
        let rest = &xml[lt + 1..];
        if rest.starts_with(b"!--") {
            i = find(b"-->", lt + 4).ok_or("xml error: unclosed comment")?;
            continue;
        }
        if rest.starts_with(b"![CDATA[") {
            i = find(b"]]>", lt + 9).ok_or("xml error: unclosed CDATA")?;
            continue;
        }
        if rest.starts_with(b"!") {
            // OPC forbids DTDs in package parts (as `XmlStream` says)
            return Err("xml error: document type declaration (DTD) in a package part; entities are not expanded".into());
        }
        if rest.starts_with(b"?") {
            i = find(b"?>", lt + 2).ok_or("xml error: unclosed processing instruction")?;
            continue;
        }
        // the tag's end: the first `>` outside a quoted attribute value
        let mut q = 0u8;
        let mut end = None;
        for (k, &b) in rest.iter().enumerate() {
            match b {
                b'"' | b'\'' if q == 0 => q = b,
                b if b == q => q = 0,
                b'>' if q == 0 => {
                    end = Some(k);
                    break;
                }
                _ => {}
            }
        }
        let end = end.ok_or("xml error: unclosed tag")?;
        let tag = &rest[..end];
        i = lt + 1 + end + 1;
        if let Some(name) = tag.strip_prefix(b"/") {
            let name = name.trim_ascii_end();
            if stack.pop() != Some(name) {
                return Err("xml error: end tag does not match its start tag".into());
            }
            continue;
        }
        let empty = tag.ends_with(b"/");
        let body = if empty { &tag[..tag.len() - 1] } else { tag };
        let name_len = body
            .iter()
            .position(|b| b.is_ascii_whitespace())
            .unwrap_or(body.len());
        let name = &body[..name_len];
        if name.is_empty() {
            return Err("xml error: empty tag name".into());
        }
        if !empty {
            stack.push(name);
            if stack.len() > limits.max_xml_depth {
                return Err(format!(
                    "depth: xml nesting deeper than {}",
                    limits.max_xml_depth
                ));
            }
        }
        let local = match memchr::memrchr(b':', name) {
            Some(k) => &name[k + 1..],
            None => name,
        };
        match local {
            b"c" => cells += 1,
            b"row" | b"col" => {
                // valid UTF-8: the whole part was checked
                let body = std::str::from_utf8(body).map_err(|_| "xml error: invalid UTF-8")?;
                let e = quick_xml::events::BytesStart::from_content(body, name_len);
                if local == b"row" {
                    h.note_row(&e, &mut next_row);
                } else {
                    h.note_col(&e);
                }
            }
            _ => {}
        }
    }
    Ok((h, cells))
}

/// The event-reader version of [`scan_sheet_xml`], kept as the reference the byte scan is
/// tested against.
#[cfg(test)]
fn scan_sheet_xml_events(xml: &[u8], limits: &Limits) -> Result<(Hidden, u64), String> {
    let mut xs = XmlStream::new(xml, limits.max_xml_depth);
    let mut h = Hidden::default();
    let mut cells: u64 = 0;
    let mut next_row: u32 = 0;
    loop {
        match xs.next_event()? {
            Event::Start(e) | Event::Empty(e) => match xmlutil::local_name(&e) {
                "c" => cells += 1,
                "row" => h.note_row(&e, &mut next_row),
                "col" => h.note_col(&e),
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    Ok((h, cells))
}

/// An attribute that is present and true.
fn truthy_attr(v: Option<String>) -> bool {
    v.map(|s| truthy(Some(&s))).unwrap_or(false)
}

/// Parses legacy comments (`xl/commentsN.xml`) or threaded comments; returns (ref, text)
/// pairs and the author names.
fn parse_comments(
    xml: &[u8],
    limits: &Limits,
) -> Result<(Vec<(String, String)>, Vec<String>), String> {
    let mut xs = XmlStream::new(xml, limits.max_xml_depth);
    let mut out = Vec::new();
    let mut authors = Vec::new();
    let mut cur: Option<(String, String)> = None;
    let mut in_author = false;
    let mut author_buf = String::new();
    let mut in_text = false;
    let mut skip_depth: Option<usize> = None;
    loop {
        let ev = xs.next_event()?;
        if let Some(d) = skip_depth {
            if let Event::End(_) = ev {
                if xs.depth() < d {
                    skip_depth = None;
                }
            }
            continue;
        }
        match ev {
            Event::Start(e) => {
                let q = qname(&e);
                match local(&q) {
                    "comment" | "threadedComment" => {
                        cur = Some((attr(&e, "ref").unwrap_or_default(), String::new()));
                    }
                    "author" => {
                        in_author = true;
                        author_buf.clear();
                    }
                    "t" | "text" => in_text = true,
                    // Phonetic runs repeat the text's reading.
                    "rPh" => skip_depth = Some(xs.depth()),
                    _ => {}
                }
            }
            Event::End(e) => {
                let n = e.name();
                let n: &str = n.as_ref();
                match local(n) {
                    "comment" | "threadedComment" => {
                        if let Some(c) = cur.take() {
                            out.push(c);
                        }
                    }
                    "author" => {
                        in_author = false;
                        let a = author_buf.trim();
                        if !a.is_empty() {
                            authors.push(a.to_string());
                        }
                    }
                    "t" | "text" => in_text = false,
                    _ => {}
                }
            }
            Event::Text(t) => {
                let s = t.xml10_content();
                if in_author {
                    author_buf.push_str(&s);
                } else if in_text {
                    if let Some((_, txt)) = cur.as_mut() {
                        txt.push_str(&s);
                    }
                }
            }
            Event::GeneralRef(r) => {
                let s = ref_text(&r);
                if in_author {
                    author_buf.push_str(&s);
                } else if in_text {
                    if let Some((_, txt)) = cur.as_mut() {
                        txt.push_str(&s);
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok((out, authors))
}

fn extract_xlsx(bytes: &[u8], limits: &Limits, out: &mut Extracted) {
    let mut zip = match SafeZip::open(bytes, limits) {
        Ok(z) => z,
        Err(p) => {
            out.problems.push(p);
            return;
        }
    };
    let names = zip.names();
    let wb_part = zip
        .read_opt("_rels/.rels")
        .ok()
        .flatten()
        .and_then(|r| xmlutil::parse_rels(&r, "", limits.max_xml_depth).ok())
        .and_then(|rels| {
            rels.into_iter()
                .find(|r| r.rel_type.ends_with("/officeDocument") && !r.external)
                .map(|r| r.target)
        })
        .filter(|t| zip.has(t))
        .and_then(|t| zip.actual_name(&t))
        .unwrap_or_else(|| "xl/workbook.xml".to_string());
    let wb_xml = match zip.read(&wb_part) {
        Ok(x) => x,
        Err(p) => {
            out.problems.push(p);
            return;
        }
    };
    let (sheets, defined_names) = match parse_workbook(&wb_xml, limits) {
        Ok(s) => s,
        Err(m) => {
            out.problems.push(xml_problem(
                Location {
                    part: Some(wb_part.clone()),
                    ..Default::default()
                },
                m,
            ));
            return;
        }
    };
    let wb_rels_name = xmlutil::rels_name(&wb_part);
    let wb_rels: HashMap<String, String> = match zip.read_opt(&wb_rels_name) {
        Ok(Some(x)) => match xmlutil::parse_rels(&x, &wb_part, limits.max_xml_depth) {
            Ok(list) => list
                .into_iter()
                .filter(|r| !r.external)
                .map(|r| (r.id, r.target))
                .collect(),
            Err(m) => {
                out.problems.push(xml_problem(
                    Location {
                        part: Some(wb_rels_name.clone()),
                        ..Default::default()
                    },
                    m,
                ));
                HashMap::new()
            }
        },
        Ok(None) => HashMap::new(),
        Err(p) => {
            out.problems.push(p);
            HashMap::new()
        }
    };

    let mut wb: calamine::Xlsx<_> = match calamine::Xlsx::new(Cursor::new(bytes)) {
        Ok(w) => w,
        Err(e) => {
            let kind = if matches!(e, calamine::XlsxError::Password) {
                "encrypted"
            } else {
                "corrupt"
            };
            out.problems
                .push(Problem::new(kind, Location::item(), format!("xlsx: {e}")));
            return;
        }
    };
    // calamine's own view of the sheets (names it can open).
    let cal_names: HashSet<String> = wb.sheet_names().into_iter().collect();

    for (idx, sh) in sheets.iter().enumerate() {
        sheet_name_segment(out, &sh.name, sh.hidden);
        let part = wb_rels.get(&sh.rid).cloned();
        let mut hidden = Hidden {
            sheet: sh.hidden,
            ..Default::default()
        };
        if let Some(part) = part.as_deref() {
            let lower = part.to_ascii_lowercase();
            let non_grid = if lower.contains("chartsheets/") {
                Some(("chart sheet", "charts are not read"))
            } else if lower.contains("macrosheets/") {
                Some((
                    "macro sheet",
                    "macros (Excel 4.0 macro sheets) are not examined",
                ))
            } else if lower.contains("dialogsheets/") {
                Some(("dialog sheet", "dialog sheets are not read"))
            } else {
                None
            };
            if let Some((what, reason)) = non_grid {
                out.not_examined.push(NotExamined {
                    what: what.into(),
                    location: sheet_part_loc(&sh.name, part),
                    reason: reason.into(),
                });
                continue;
            }
            if !zip.has(part) {
                // Chartsheets/dialog sheets without a part, or a broken link.
                out.problems.push(Problem::new(
                    "corrupt",
                    sheet_part_loc(&sh.name, part),
                    "worksheet part is missing",
                ));
                continue;
            }
            let xml = match zip.read(part) {
                Ok(x) => x,
                Err(mut p) => {
                    p.location.sheet = Some(sh.name.clone());
                    out.problems.push(p);
                    continue;
                }
            };
            match scan_sheet_xml(&xml, limits) {
                Ok((h, cells)) => {
                    if cells > limits.max_cells {
                        out.problems.push(Problem::new(
                            "limit_exceeded",
                            sheet_part_loc(&sh.name, part),
                            format!("sheet has {cells} cells, limit {}", limits.max_cells),
                        ));
                        continue;
                    }
                    hidden.rows = h.rows;
                    hidden.cols = h.cols;
                    // one segment per non-empty cell: grow once, not by doubling a large vector
                    out.segments.reserve(cells as usize);
                }
                Err(m) => {
                    out.problems
                        .push(xml_problem(sheet_part_loc(&sh.name, part), m));
                    continue;
                }
            }
            drop(xml);
            // Comments via the sheet's relationships.
            let rels_name = xmlutil::rels_name(part);
            if let Ok(Some(rx)) = zip.read_opt(&rels_name) {
                let rels = xmlutil::parse_rels(&rx, part, limits.max_xml_depth).unwrap_or_default();
                for r in rels {
                    let t = r.rel_type.as_str();
                    let is_comment = t.ends_with("/comments") || t.ends_with("/threadedComment");
                    if r.external || !is_comment || !zip.has(&r.target) {
                        continue;
                    }
                    match zip.read(&r.target) {
                        Ok(cx) => match parse_comments(&cx, limits) {
                            Ok((list, authors)) => {
                                emit_comments(out, &sh.name, idx, &list, authors, &r.target)
                            }
                            Err(m) => out
                                .problems
                                .push(xml_problem(sheet_part_loc(&sh.name, &r.target), m)),
                        },
                        Err(mut p) => {
                            p.location.sheet = Some(sh.name.clone());
                            out.problems.push(p);
                        }
                    }
                }
            }
        } else if !cal_names.contains(&sh.name) {
            out.problems.push(Problem::new(
                "corrupt",
                sheet_loc(&sh.name),
                "sheet has no worksheet part",
            ));
            continue;
        }
        if !cal_names.contains(&sh.name) {
            // e.g. a chartsheet: calamine lists only worksheets.
            continue;
        }
        let mut reader = match wb.worksheet_cells_reader(&sh.name) {
            Ok(r) => r,
            Err(e) => {
                out.problems.push(Problem::new(
                    "corrupt",
                    sheet_loc(&sh.name),
                    format!("xlsx sheet: {e}"),
                ));
                continue;
            }
        };
        let mut sink = SheetSink::new(out, &sh.name, idx, limits.max_cells);
        loop {
            match reader.next_cell() {
                Ok(Some(cell)) => {
                    let (row, col) = cell.get_position();
                    if let Some((text, lost)) = dataref_text(cell.get_value()) {
                        if !sink.cell(row, col, text, lost, &hidden) {
                            break;
                        }
                    }
                }
                Ok(None) => break,
                Err(e) => {
                    sink.out.problems.push(Problem::new(
                        "corrupt",
                        sheet_loc(&sh.name),
                        format!("xlsx sheet: {e}"),
                    ));
                    break;
                }
            }
        }
    }

    emit_defined_names(out, &defined_names, &sheets, &wb_part);
    extract_pivot_caches(&mut zip, &names, limits, out);
    extract_doc_props(&mut zip, limits, out);
    external_paths(&mut zip, limits, out);
    list_parts(out, &names);
}

fn emit_comments(
    out: &mut Extracted,
    sheet: &str,
    idx: usize,
    list: &[(String, String)],
    authors: Vec<String>,
    part: &str,
) {
    for (r, text) in list {
        if text.trim().is_empty() {
            continue;
        }
        let (loc, record) = match parse_ref(r) {
            Some((row, col)) => (
                Location::cell(sheet, cell_name(row, col)),
                Some(((idx as u32) << 20) | (row & 0xF_FFFF)),
            ),
            None => (sheet_part_loc(sheet, part), None),
        };
        let mut seg = Segment::fixed(text.clone(), loc, Layer::Hidden("comment"), Zone::Body);
        seg.record = record;
        out.segments.push(seg);
    }
    let mut seen = HashSet::new();
    for a in authors {
        if seen.insert(a.clone()) {
            let kind = if looks_like_path(&a) {
                "file_path"
            } else {
                "author"
            };
            out.segments.push(Segment::fixed(
                a,
                Location {
                    part: Some(part.to_string()),
                    field: Some("author".into()),
                    ..Default::default()
                },
                Layer::Metadata(kind),
                Zone::Metadata,
            ));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Pivot caches

/// One field of a pivot cache: its name and its shared items (the distinct values, in order:
/// a record's `<x v="i"/>` is the field's item i; booleans and missing values are `None`).
struct CacheField {
    name: String,
    items: Vec<Option<String>>,
}

/// Whether a cache element is a value (one column of a record, one shared item).
fn is_cache_value(local_name: &str) -> bool {
    matches!(local_name, "s" | "n" | "d" | "e" | "b" | "m")
}

/// Text of a cached value element (`s`, `n`, `d`, `e` with a `v` attribute); numbers as the
/// digits they hold (like numeric cells); booleans and missing values give nothing.
fn cache_value(local_name: &str, e: &quick_xml::events::BytesStart<'_>) -> Option<String> {
    let v = attr(e, "v")?;
    match local_name {
        "s" | "d" | "e" => Some(v),
        "n" => Some(match v.trim().parse::<f64>() {
            Ok(f) => float_text(f).0,
            Err(_) => v,
        }),
        _ => None,
    }
}

/// `pivotCacheDefinition`: the cache fields and their shared items.
fn parse_cache_definition(xml: &[u8], limits: &Limits) -> Result<Vec<CacheField>, String> {
    let mut xs = XmlStream::new(xml, limits.max_xml_depth);
    let mut fields: Vec<CacheField> = Vec::new();
    let mut in_shared = false;
    loop {
        match xs.next_event()? {
            Event::Start(e) if local(&qname(&e)) == "sharedItems" => in_shared = true,
            Event::Start(e) | Event::Empty(e) => {
                let q = qname(&e);
                match local(&q) {
                    "cacheField" => fields.push(CacheField {
                        name: attr(&e, "name").unwrap_or_default(),
                        items: Vec::new(),
                    }),
                    l if in_shared && is_cache_value(l) => {
                        if let Some(f) = fields.last_mut() {
                            f.items.push(cache_value(l, &e));
                        }
                    }
                    _ => {}
                }
            }
            Event::End(e) if local(e.name().as_ref()) == "sharedItems" => in_shared = false,
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(fields)
}

/// Pivot caches keep a copy of their source data (DOMAIN.md §9): the distinct values of every
/// field in `pivotCacheDefinition*.xml` and the rows in `pivotCacheRecords*.xml` — still there
/// after the source sheet is deleted. Each value of a record is a `hidden_content/pivot_cache`
/// segment located by part, record (row) and field, and a record's values share a record id
/// (a row of the source table, for `personal_records`); a record's `<x v=…>` is resolved to
/// the field's shared item. A cache saved without records (`saveData="0"`, or its records part
/// missing) is scanned from its shared items.
fn extract_pivot_caches(
    zip: &mut SafeZip<'_>,
    names: &[String],
    limits: &Limits,
    out: &mut Extracted,
) {
    let mut defs: Vec<&String> = names
        .iter()
        .filter(|n| {
            let l = n.to_ascii_lowercase();
            l.starts_with("xl/pivotcache/pivotcachedefinition") && l.ends_with(".xml")
        })
        .collect();
    defs.sort();
    let loc = |part: &str| Location {
        part: Some(part.to_string()),
        ..Default::default()
    };
    let mut cells: u64 = 0;
    for (k, def) in defs.into_iter().enumerate() {
        let fields = match zip.read(def) {
            Ok(x) => match parse_cache_definition(&x, limits) {
                Ok(f) => f,
                Err(m) => {
                    out.problems.push(xml_problem(loc(def), m));
                    continue;
                }
            },
            Err(p) => {
                out.problems.push(p);
                continue;
            }
        };
        // record ids of pivot rows: sheet indexes stay far below 0xE00 (12 bits in all)
        let record_base = (0xE00 + (k as u32 & 0x1FF)) << 20;
        let field_name = |i: usize| -> String {
            let n = fields.get(i).map(|f| f.name.trim()).unwrap_or("");
            if n.is_empty() || n.chars().filter(|c| c.is_ascii_digit()).count() >= 6 {
                format!("field {}", i + 1)
            } else {
                n.to_string()
            }
        };
        // the records part, through the definition's relationships
        let rels = zip
            .read_opt(&xmlutil::rels_name(def))
            .ok()
            .flatten()
            .and_then(|r| xmlutil::parse_rels(&r, def, limits.max_xml_depth).ok())
            .unwrap_or_default();
        let mut records_read = false;
        for r in rels {
            if r.external || !r.rel_type.ends_with("/pivotCacheRecords") || !zip.has(&r.target) {
                continue;
            }
            let xml = match zip.read(&r.target) {
                Ok(x) => x,
                Err(p) => {
                    out.problems.push(p);
                    continue;
                }
            };
            records_read = true;
            let mut xs = XmlStream::new(&xml, limits.max_xml_depth);
            let (mut row, mut col) = (0u32, 0usize);
            loop {
                let ev = match xs.next_event() {
                    Ok(ev) => ev,
                    Err(m) => {
                        out.problems.push(xml_problem(loc(&r.target), m));
                        break;
                    }
                };
                let e = match ev {
                    Event::Start(e) | Event::Empty(e) => e,
                    Event::Eof => break,
                    _ => continue,
                };
                let q = qname(&e);
                let l = local(&q);
                if l == "r" {
                    row += 1;
                    col = 0;
                    continue;
                }
                let value = if l == "x" {
                    attr(&e, "v")
                        .and_then(|v| v.trim().parse::<usize>().ok())
                        .and_then(|i| fields.get(col)?.items.get(i)?.clone())
                } else if is_cache_value(l) {
                    cache_value(l, &e)
                } else {
                    continue;
                };
                let field = col;
                col += 1;
                let Some(v) = value.filter(|v| !v.trim().is_empty()) else {
                    continue;
                };
                cells += 1;
                if cells > limits.max_cells {
                    break;
                }
                let mut seg = Segment::fixed(
                    v,
                    Location {
                        row: Some(row),
                        field: Some(field_name(field)),
                        ..loc(&r.target)
                    },
                    Layer::Hidden("pivot_cache"),
                    Zone::Body,
                );
                seg.record = Some(record_base | (row & 0xF_FFFF));
                out.segments.push(seg);
            }
        }
        if !records_read {
            for (i, f) in fields.iter().enumerate() {
                for v in f.items.iter().flatten() {
                    if v.trim().is_empty() {
                        continue;
                    }
                    cells += 1;
                    if cells > limits.max_cells {
                        break;
                    }
                    out.segments.push(Segment::fixed(
                        v.clone(),
                        Location {
                            field: Some(field_name(i)),
                            ..loc(def)
                        },
                        Layer::Hidden("pivot_cache"),
                        Zone::Body,
                    ));
                }
            }
        }
        if cells > limits.max_cells {
            out.problems.push(Problem::new(
                "limit_exceeded",
                loc(def),
                format!("pivot caches hold more than {} values", limits.max_cells),
            ));
            break;
        }
    }
}

// ---------------------------------------------------------------------------------------------
// XLSB

fn extract_xlsb(bytes: &[u8], limits: &Limits, out: &mut Extracted) {
    let mut zip = match SafeZip::open(bytes, limits) {
        Ok(z) => z,
        Err(p) => {
            out.problems.push(p);
            return;
        }
    };
    let names = zip.names();
    let mut wb: calamine::Xlsb<_> = match calamine::Xlsb::new(Cursor::new(bytes)) {
        Ok(w) => w,
        Err(e) => {
            let kind = if matches!(e, calamine::XlsbError::Password) {
                "encrypted"
            } else {
                "corrupt"
            };
            out.problems
                .push(Problem::new(kind, Location::item(), format!("xlsb: {e}")));
            return;
        }
    };
    not_checked(out, "xlsb");
    let sheets: Vec<(String, bool)> = wb
        .sheets_metadata()
        .iter()
        .map(|s| (s.name.clone(), !matches!(s.visible, SheetVisible::Visible)))
        .collect();
    for (idx, (name, is_hidden)) in sheets.iter().enumerate() {
        sheet_name_segment(out, name, *is_hidden);
        let hidden = Hidden {
            sheet: *is_hidden,
            ..Default::default()
        };
        let mut reader = match wb.worksheet_cells_reader(name) {
            Ok(r) => r,
            Err(e) => {
                out.problems.push(Problem::new(
                    "corrupt",
                    sheet_loc(name),
                    format!("xlsb sheet: {e}"),
                ));
                continue;
            }
        };
        let mut sink = SheetSink::new(out, name, idx, limits.max_cells);
        loop {
            match reader.next_cell() {
                Ok(Some(cell)) => {
                    let (row, col) = cell.get_position();
                    if let Some((text, lost)) = dataref_text(cell.get_value()) {
                        if !sink.cell(row, col, text, lost, &hidden) {
                            break;
                        }
                    }
                }
                Ok(None) => break,
                Err(e) => {
                    sink.out.problems.push(Problem::new(
                        "corrupt",
                        sheet_loc(name),
                        format!("xlsb sheet: {e}"),
                    ));
                    break;
                }
            }
        }
    }
    extract_doc_props(&mut zip, limits, out);
    external_paths(&mut zip, limits, out);
    list_parts(out, &names);
}

// ---------------------------------------------------------------------------------------------
// XLS and ODS (dense ranges; calamine builds them)

fn emit_range(
    out: &mut Extracted,
    name: &str,
    idx: usize,
    range: &calamine::Range<Data>,
    hidden: &Hidden,
    limits: &Limits,
) {
    let (h, w) = range.get_size();
    if (h as u64).saturating_mul(w as u64) > limits.max_cells {
        out.problems.push(Problem::new(
            "limit_exceeded",
            sheet_loc(name),
            format!("sheet spans {h}x{w} cells, limit {}", limits.max_cells),
        ));
        return;
    }
    let (r0, c0) = range.start().unwrap_or((0, 0));
    let mut sink = SheetSink::new(out, name, idx, limits.max_cells);
    for (r, c, v) in range.used_cells() {
        if let Some((text, lost)) = data_text(v) {
            let row = r0.saturating_add(r as u32);
            let col = c0.saturating_add(c as u32);
            if !sink.cell(row, col, text, lost, hidden) {
                break;
            }
        }
    }
}

fn extract_xls(bytes: &[u8], limits: &Limits, out: &mut Extracted) {
    // calamine reads a truncated compound file or sheet as a shorter one, and an XOR-obfuscated
    // workbook as plain: check the structure first (src/extract/ole.rs)
    if let Err(issue) = super::ole::check_xls(bytes) {
        let (kind, msg) = match issue {
            super::ole::OleIssue::Corrupt(m) => ("corrupt", m),
            super::ole::OleIssue::Encrypted(m) => ("encrypted", m),
        };
        out.problems
            .push(Problem::new(kind, Location::item(), format!("xls: {msg}")));
        return;
    }
    let mut wb: calamine::Xls<_> = match calamine::Xls::new(Cursor::new(bytes)) {
        Ok(w) => w,
        Err(e) => {
            let kind = if matches!(e, calamine::XlsError::Password) {
                "encrypted"
            } else {
                "corrupt"
            };
            out.problems
                .push(Problem::new(kind, Location::item(), format!("xls: {e}")));
            return;
        }
    };
    not_checked(out, "xls");
    let sheets: Vec<(String, bool)> = wb
        .sheets_metadata()
        .iter()
        .map(|s| (s.name.clone(), !matches!(s.visible, SheetVisible::Visible)))
        .collect();
    for (idx, (name, is_hidden)) in sheets.iter().enumerate() {
        sheet_name_segment(out, name, *is_hidden);
        let hidden = Hidden {
            sheet: *is_hidden,
            ..Default::default()
        };
        match wb.worksheet_range(name) {
            Ok(range) => emit_range(out, name, idx, &range, &hidden, limits),
            Err(e) => out.problems.push(Problem::new(
                "corrupt",
                sheet_loc(name),
                format!("xls sheet: {e}"),
            )),
        }
    }
    if let Ok(wp) = wb.workbook_properties() {
        props_segments(&wp, None, out);
    }
}

/// Hidden rows/columns and annotations of one ODS table, from `content.xml`.
#[derive(Default)]
struct OdsTable {
    hidden: Hidden,
    /// (row, col, text) of `office:annotation`s.
    notes: Vec<(u32, u32, String)>,
}

fn repeat_attr(e: &quick_xml::events::BytesStart<'_>, key: &str) -> u32 {
    attr(e, key)
        .and_then(|v| v.trim().parse::<u32>().ok())
        .filter(|&n| n > 0)
        .unwrap_or(1)
}

fn ods_hidden_vis(e: &quick_xml::events::BytesStart<'_>) -> bool {
    matches!(
        attr(e, "table:visibility").as_deref(),
        Some("collapse") | Some("filter")
    )
}

/// Scans ODS `content.xml` for hidden rows/columns (`table:visibility="collapse|filter"`) and
/// cell annotations. Repeats are handled arithmetically (no allocation per repeated row).
fn scan_ods_content(xml: &[u8], limits: &Limits) -> Result<HashMap<String, OdsTable>, String> {
    let mut xs = XmlStream::new(xml, limits.max_xml_depth);
    let mut tables: HashMap<String, OdsTable> = HashMap::new();
    let mut cur: Option<(String, OdsTable)> = None;
    let (mut row, mut col, mut next_col_def) = (0u32, 0u32, 0u32);
    let mut row_repeat = 1u32;
    // Column position and repeat count of the cell being read.
    let mut cell_pos: Option<(u32, u32)> = None;
    let mut cell_repeat = 1u32;
    // Annotation being read: (depth of the annotation element, text).
    let mut note: Option<(usize, String)> = None;
    let mut note_skip: Option<usize> = None;
    loop {
        let ev = xs.next_event()?;
        let is_empty = matches!(ev, Event::Empty(_));
        match ev {
            Event::Start(e) | Event::Empty(e) => {
                let q = qname(&e);
                match q.as_str() {
                    "table:table" => {
                        let name = attr(&e, "table:name").unwrap_or_default();
                        cur = Some((name, OdsTable::default()));
                        row = 0;
                        next_col_def = 0;
                    }
                    "table:table-column" => {
                        let n = repeat_attr(&e, "table:number-columns-repeated");
                        if let Some((_, t)) = cur.as_mut() {
                            if ods_hidden_vis(&e) {
                                t.hidden
                                    .cols
                                    .push((next_col_def, next_col_def.saturating_add(n - 1)));
                            }
                        }
                        next_col_def = next_col_def.saturating_add(n);
                    }
                    "table:table-row" => {
                        row_repeat = repeat_attr(&e, "table:number-rows-repeated");
                        col = 0;
                        if let Some((_, t)) = cur.as_mut() {
                            if ods_hidden_vis(&e) {
                                t.hidden
                                    .row_ranges
                                    .push((row, row.saturating_add(row_repeat - 1)));
                            }
                        }
                        if is_empty {
                            row = row.saturating_add(row_repeat);
                        }
                    }
                    "table:table-cell" | "table:covered-table-cell" => {
                        cell_repeat = repeat_attr(&e, "table:number-columns-repeated");
                        if is_empty {
                            col = col.saturating_add(cell_repeat);
                        } else {
                            cell_pos = Some((row, col));
                        }
                    }
                    "office:annotation" if !is_empty && cell_pos.is_some() => {
                        note = Some((xs.depth(), String::new()));
                    }
                    "dc:creator" | "dc:date" | "meta:date-string"
                        if note.is_some() && !is_empty =>
                    {
                        note_skip = Some(xs.depth());
                    }
                    "text:p" if is_empty => {}
                    "text:s" => {
                        if let Some((_, s)) = note.as_mut() {
                            s.push(' ');
                        }
                    }
                    "text:line-break" | "text:tab" => {
                        if let Some((_, s)) = note.as_mut() {
                            s.push(if q == "text:tab" { '\t' } else { '\n' });
                        }
                    }
                    _ => {}
                }
            }
            Event::End(e) => {
                let n = e.name();
                let q: &str = n.as_ref();
                if let Some(d) = note_skip {
                    if xs.depth() < d {
                        note_skip = None;
                    }
                }
                match q {
                    "table:table" => {
                        if let Some((name, t)) = cur.take() {
                            tables.insert(name, t);
                        }
                    }
                    "table:table-row" => row = row.saturating_add(row_repeat),
                    "table:table-cell" | "table:covered-table-cell" => {
                        col = col.saturating_add(cell_repeat);
                        cell_pos = None;
                    }
                    "office:annotation" => {
                        if let (Some((_, text)), Some((r, c)), Some((_, t))) =
                            (note.take(), cell_pos, cur.as_mut())
                        {
                            if !text.trim().is_empty() {
                                t.notes.push((r, c, text.trim_end().to_string()));
                            }
                        }
                    }
                    "text:p" => {
                        if let Some((_, s)) = note.as_mut() {
                            if !s.is_empty() && !s.ends_with('\n') {
                                s.push('\n');
                            }
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(t) => {
                if note_skip.is_none() {
                    if let Some((_, s)) = note.as_mut() {
                        s.push_str(&t.xml10_content());
                    }
                }
            }
            Event::GeneralRef(r) => {
                if note_skip.is_none() {
                    if let Some((_, s)) = note.as_mut() {
                        s.push_str(&ref_text(&r));
                    }
                }
            }
            // calamine's ods reader loops forever on a content.xml that ends inside a table
            // (found by fuzzing, docs/robustness.md F6): a truncated part never reaches it
            Event::Eof if xs.depth() > 0 => {
                return Err(format!(
                    "xml error: content.xml ends inside {} open element(s) (truncated)",
                    xs.depth()
                ))
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(tables)
}

fn extract_ods(bytes: &[u8], limits: &Limits, out: &mut Extracted) {
    let mut zip = match SafeZip::open(bytes, limits) {
        Ok(z) => z,
        Err(p) => {
            out.problems.push(p);
            return;
        }
    };
    let names = zip.names();
    let mut tables = match zip.read("content.xml") {
        Ok(x) => match scan_ods_content(&x, limits) {
            Ok(t) => t,
            Err(m) => {
                out.problems.push(xml_problem(
                    Location {
                        part: Some("content.xml".into()),
                        ..Default::default()
                    },
                    m,
                ));
                return;
            }
        },
        Err(p) => {
            out.problems.push(p);
            return;
        }
    };
    drop(zip);
    let mut wb: calamine::Ods<_> = match calamine::Ods::new(Cursor::new(bytes)) {
        Ok(w) => w,
        Err(e) => {
            let kind = if matches!(e, calamine::OdsError::Password) {
                "encrypted"
            } else {
                "corrupt"
            };
            out.problems
                .push(Problem::new(kind, Location::item(), format!("ods: {e}")));
            return;
        }
    };
    let sheets: Vec<(String, bool)> = wb
        .sheets_metadata()
        .iter()
        .map(|s| (s.name.clone(), !matches!(s.visible, SheetVisible::Visible)))
        .collect();
    for (idx, (name, is_hidden)) in sheets.iter().enumerate() {
        sheet_name_segment(out, name, *is_hidden);
        let table = tables.remove(name).unwrap_or_default();
        let mut hidden = table.hidden;
        hidden.sheet = *is_hidden;
        match wb.worksheet_range(name) {
            Ok(range) => emit_range(out, name, idx, &range, &hidden, limits),
            Err(calamine::OdsError::CellLimitExceeded { requested, max }) => {
                out.problems.push(Problem::new(
                    "limit_exceeded",
                    sheet_loc(name),
                    format!("sheet requests {requested} cells, limit {max}"),
                ))
            }
            Err(e) => out.problems.push(Problem::new(
                "corrupt",
                sheet_loc(name),
                format!("ods sheet: {e}"),
            )),
        }
        for (r, c, text) in table.notes {
            let mut seg = Segment::fixed(
                text,
                Location::cell(name, cell_name(r, c)),
                Layer::Hidden("comment"),
                Zone::Body,
            );
            seg.record = Some(((idx as u32) << 20) | (r & 0xF_FFFF));
            out.segments.push(seg);
        }
    }
    if let Ok(wp) = wb.workbook_properties() {
        props_segments(&wp, Some("meta.xml"), out);
    }
    list_parts(out, &names);
}

#[cfg(test)]
mod tests {
    use super::*;

    type Scan = Result<(Vec<u32>, Vec<(u32, u32)>, u64), String>;

    fn both(xml: &[u8], limits: &Limits) -> (Scan, Scan) {
        let norm = |r: Result<(Hidden, u64), String>| {
            r.map(|(h, n)| {
                let mut rows: Vec<u32> = h.rows.into_iter().collect();
                rows.sort();
                (rows, h.cols, n)
            })
        };
        (
            norm(scan_sheet_xml(xml, limits)),
            norm(scan_sheet_xml_events(xml, limits)),
        )
    }

    #[test]
    fn sheet_scan_matches_the_event_reader() {
        let l = Limits::default();
        let deep = format!(
            "<worksheet>{}{}</worksheet>",
            "<a>".repeat(300),
            "</a>".repeat(300)
        );
        let cases: Vec<(&str, bool)> = vec![
            (
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cols><col min="2" max="3" width="9" hidden="1"/><col min="5" max="5" hidden="true" customWidth="1"/><col min="7" max="7" hidden="0"/></cols><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"/></row><row r="2" hidden="1" spans="1:3"><c r="A2" t="inlineStr"><is><t>a &lt;b&gt; c</t></is></c></row><row hidden="1"><c r="A3"><v>1</v></c></row><row r="9" hidden = '1' ><c r="A9"><v>2</v></c></row></sheetData></worksheet>"#,
                true,
            ),
            // prefixed elements, a comment and CDATA holding tags, `>` in an attribute value
            (
                r#"<x:worksheet xmlns:x="urn:x"><!-- <row r="5" hidden="1"> --><x:sheetData><x:row r="4" x:hidden="1" note="a>b"><x:c r="A4"><x:v><![CDATA[<row hidden="1">]]></x:v></x:c></x:row></x:sheetData></x:worksheet>"#,
                true,
            ),
            (
                "<worksheet><sheetData><row r=\"1\"><c r=\"A1\"/></row></sheetData></worksheet  >",
                true,
            ),
            ("<worksheet><sheetData></worksheet>", false),
            (
                "<worksheet><sheetData><row></sheetData></row></worksheet>",
                false,
            ),
            ("<!DOCTYPE x [<!ENTITY e \"1\">]><worksheet/>", false),
            ("<worksheet><row r=\"1\"", false),
            ("<worksheet><!-- unclosed", false),
            (deep.as_str(), false),
            ("", true),
            ("plain text, no tags", true),
        ];
        for (xml, ok) in cases {
            let (fast, events) = both(xml.as_bytes(), &l);
            assert_eq!(fast.is_ok(), ok, "{xml}: {fast:?}");
            assert_eq!(events.is_ok(), ok, "reference on {xml}: {events:?}");
            if ok {
                assert_eq!(fast, events, "{xml}");
            }
        }
        let (fast, _) = both(cases_first().as_bytes(), &l);
        assert_eq!(fast.unwrap(), (vec![1, 2, 8], vec![(1, 2), (4, 4)], 5));
        // invalid UTF-8 is an error for both
        let (fast, events) = both(b"<worksheet><c>\xff</c></worksheet>", &l);
        assert!(fast.is_err() && events.is_err());
        // every cut of a sheet, and every byte replaced by a markup character: where both read
        // it, they agree
        let xml = cases_first();
        for cut in 0..xml.len() {
            if let (Ok(a), Ok(b)) = both(&xml.as_bytes()[..cut], &l) {
                assert_eq!(a, b, "cut at {cut}");
            }
        }
        for at in 0..xml.len() {
            for c in [b'<', b'>', b'"', b'/', b'!', b'?', b' '] {
                let mut m = xml.clone().into_bytes();
                m[at] = c;
                if let (Ok(a), Ok(b)) = both(&m, &l) {
                    assert_eq!(a, b, "{c:?} at {at}: {}", String::from_utf8_lossy(&m));
                }
            }
        }
    }

    fn cases_first() -> String {
        r#"<worksheet><cols><col min="2" max="3" hidden="1"/><col min="5" max="5" hidden="true"/></cols><sheetData><row r="1"><c r="A1"><v>0</v></c><c r="B1"/></row><row r="2" hidden="1"><c r="A2"><v>1</v></c></row><row hidden="1"><c r="A3"><v>1</v></c></row><row r="9" hidden="1"><c r="A9"/></row></sheetData></worksheet>"#.to_string()
    }

    #[test]
    fn floats() {
        assert_eq!(
            float_text(13800138000.0),
            ("13800138000".to_string(), false)
        );
        assert_eq!(
            float_text(3.30106199001011E17),
            ("330106199001011***".to_string(), true)
        );
        assert_eq!(float_text(330106199001011234.0).0, "330106199001011***");
        assert_eq!(float_text(-42.0).0, "-42");
        assert_eq!(float_text(0.5).0, "0.5");
    }

    #[test]
    fn refs() {
        assert_eq!(parse_ref("A1"), Some((0, 0)));
        assert_eq!(parse_ref("$C$5"), Some((4, 2)));
        assert_eq!(parse_ref("XFD1048576"), Some((1048575, 16383)));
        assert_eq!(parse_ref("1A"), None);
    }

    #[test]
    fn cfb() {
        let mut b = CFB_MAGIC.to_vec();
        b.extend(vec![0u8; 100]);
        assert!(!cfb_is_encrypted_ooxml(&b));
        b.extend(
            "EncryptedPackage"
                .encode_utf16()
                .flat_map(|u| u.to_le_bytes()),
        );
        assert!(cfb_is_encrypted_ooxml(&b));
    }
}
