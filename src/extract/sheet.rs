//! Spreadsheet extractor: xlsx/xlsm (calamine streaming cells + own zip/quick-xml pass for
//! hidden sheets, rows, columns and comments), xlsb, xls and ods (calamine).
//!
//! One segment per non-empty cell, `Location::cell(sheet, A1)`, record `sheet_index << 20 | row`.
//! Never calls `worksheet_range` on xlsx (it allocates a dense grid: CRATES.md §1).
//!
//! Besides the grid (xlsx): print headers/footers (`headerFooter`, caught by the byte pre-scan
//! of the sheet part; Excel codes stripped; `Zone::HeaderFooter`), the digits of numeric
//! literals longer than a double keeps (also from the pre-scan), defined names, pivot caches,
//! text boxes (`xl/drawings`) and charts (`xl/charts`: titles and labels visible, series values
//! without a visible source sheet `hidden_content/chart_cache`). ods: master-page headers and
//! footers of `styles.xml`. A hidden sheet is hidden content only when it holds text; a sheet
//! whose name could carry an identifier is `sheet#N` in locations, and part names that could
//! are hashed ([`could_identify`]).

use std::collections::{HashMap, HashSet};
use std::io::Cursor;

use calamine::{Data, DataRef, ExcelDateTime, Reader, SheetVisible, WorkbookProperties};
use quick_xml::events::Event;

use super::docx::{external_paths, extract_doc_props};
use super::xmlutil::{
    self, attr, could_identify, local, looks_like_path, qname, ref_text, shown_name, truthy,
    XmlStream,
};
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
        let mut out = extract_sheet_unguarded(bytes, format, limits);
        guard_locations(&mut out);
        out
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
// Names in locations

/// What a sheet is called in locations: its name, or `sheet#N` (1-based position) when the
/// name could carry an identifier. The name itself is still scanned (its own segment), where
/// an identifier in it is found and masked like any other text.
fn sheet_label(name: &str, idx: usize) -> String {
    if could_identify(name) {
        format!("sheet#{}", idx + 1)
    } else {
        name.to_string()
    }
}

fn guard_location(l: &mut Location) {
    if let Some(s) = l.sheet.as_mut().filter(|s| could_identify(s)) {
        *s = "sheet#?".to_string();
    }
    for f in [&mut l.part, &mut l.field].into_iter().flatten() {
        // a shared-string index (`si#123456`) is baomi's own number, at most 7 digits
        let own_index = f
            .strip_prefix("si#")
            .is_some_and(|n| (1..=7).contains(&n.len()) && n.bytes().all(|b| b.is_ascii_digit()));
        if could_identify(f) && !own_index {
            *f = shown_name(f);
        }
    }
    if let Some(e) = l.entry.as_mut().filter(|e| could_identify(e)) {
        *e = e.split('!').map(shown_name).collect::<Vec<_>>().join("!");
    }
}

/// Last pass over an extraction: no location string (a part or entry name from the zip, a
/// field) that could carry an identifier reaches the report. Sheet names already went through
/// [`sheet_label`]; cell references (`XFD1048576`) are not touched.
fn guard_locations(out: &mut Extracted) {
    for p in &mut out.problems {
        guard_location(&mut p.location);
    }
    for n in &mut out.not_examined {
        guard_location(&mut n.location);
    }
    for s in &mut out.segments {
        if let super::Anchor::Fixed(l) = &mut s.anchor {
            guard_location(l);
        }
    }
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

/// The integer a numeric literal (`440308198511204562`, `-1.2E+3`, `4.40308198511204562E17`)
/// denotes, as its digits (with `-` when negative); `None` when it is not an integer, is
/// malformed, or has fewer than 16 or more than 64 digits.
fn integer_literal(v: &str) -> Option<String> {
    let v = v.trim();
    let (neg, body) = match v.as_bytes().first()? {
        b'-' => (true, &v[1..]),
        b'+' => (false, &v[1..]),
        _ => (false, v),
    };
    let (mant, exp) = match body.find(['e', 'E']) {
        Some(k) => (&body[..k], body[k + 1..].parse::<i32>().ok()?),
        None => (body, 0),
    };
    let (ip, fp) = mant.split_once('.').unwrap_or((mant, ""));
    if ip.is_empty() && fp.is_empty()
        || !ip.bytes().all(|b| b.is_ascii_digit())
        || !fp.bytes().all(|b| b.is_ascii_digit())
        || !(-400..=400).contains(&exp)
    {
        return None;
    }
    let digits = format!("{ip}{fp}");
    let point = ip.len() as i64 + exp as i64;
    if point <= 0 {
        return None;
    }
    let point = point as usize;
    let int_part = if point >= digits.len() {
        if point > 80 {
            return None;
        }
        let mut d = digits;
        d.extend(std::iter::repeat_n('0', point - d.len()));
        d
    } else {
        if digits[point..].bytes().any(|b| b != b'0') {
            return None;
        }
        digits[..point].to_string()
    };
    let int_part = int_part.trim_start_matches('0');
    if !(16..=64).contains(&int_part.len()) {
        return None;
    }
    Some(if neg {
        format!("-{int_part}")
    } else {
        int_part.to_string()
    })
}

/// (significant digits without trailing zeros, decimal exponent) of a positive number written
/// by `format!("{:e}")`.
fn sci_digits(s: &str) -> Option<(String, i32)> {
    let (m, e) = s.split_once('e')?;
    let d: String = m.chars().filter(|c| c.is_ascii_digit()).collect();
    Some((d.trim_end_matches('0').to_string(), e.parse().ok()?))
}

/// The digits a numeric cell's `<v>` literal holds when they are more than its double keeps:
/// the literal is an integer of 16 or more digits with more than 15 significant digits, and it
/// is either exact as a double (below 2^53) or not what a program writes for a double (the
/// shortest round-trip form, or 15–17 significant digits: Excel's, ryu's, Python's). A literal
/// written from a double (`3.3010619900101126E+17`, `330106199001011260`, `3.30106E+17`) gives
/// `None`: its trailing digits are float noise, and the cell keeps the masked-tail text and the
/// precision note of [`float_text`].
///
/// Trailing zeros are what a lost tail looks like (Excel keeps 15 significant digits), so a
/// literal that ends in them is taken as exact only when its digits validate as they stand
/// (a resident ID's check digit, a card's Luhn sum): a script writes
/// `330106197002124800` or a card ending in 0 exactly, a truncation almost never validates.
fn full_digits_literal(v: &str) -> Option<String> {
    let int = integer_literal(v)?;
    let digits = int.trim_start_matches('-');
    if crate::detect::identifiers::digits_validate(digits) {
        return Some(int);
    }
    let sig = digits.trim_end_matches('0');
    if sig.len() <= 15 {
        return None;
    }
    let x: f64 = digits.parse().ok()?;
    if !x.is_finite() {
        return None;
    }
    if x < 9_007_199_254_740_992.0 {
        return Some(int);
    }
    let exp = digits.len() as i32 - 1;
    let own = (sig.to_string(), exp);
    let mut renderings = vec![format!("{x:e}")];
    for k in 15..=17usize {
        renderings.push(format!("{:.*e}", k - 1, x));
    }
    if renderings
        .iter()
        .filter_map(|r| sci_digits(r))
        .any(|r| r == own)
    {
        return None;
    }
    Some(int)
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

/// A row height (points) below which the row shows no pixel: half a pixel at 96 dpi. A
/// small but visible height (`ht="3"`) is not hidden.
const MIN_ROW_HEIGHT: f64 = 0.375;
/// A column width (characters of the default font) below which the column shows no pixel
/// (Excel's width-to-pixel rounding with a 7-pixel digit).
const MIN_COL_WIDTH: f64 = 0.07;

/// Whether a size attribute (`ht`, `width`) is a number below `min` (zero, or a sliver that
/// rounds to no pixel). Absent, malformed or non-finite sizes are not small.
fn size_below(v: Option<String>, min: f64) -> bool {
    v.and_then(|v| v.trim().parse::<f64>().ok())
        .is_some_and(|h| h.is_finite() && h < min)
}

/// What is known about one sheet's hidden structure.
#[derive(Default)]
struct Hidden {
    sheet: bool,
    /// Rows with hidden="1" or a zero height (0-based).
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
        // and those hold no cells; a written row is hidden through its own `hidden` attribute,
        // or by a height that leaves no pixel (`ht="0"`, with or without `customHeight`: Excel
        // draws the row at the height it is given).
        if truthy_attr(attr(e, "hidden")) || size_below(attr(e, "ht"), MIN_ROW_HEIGHT) {
            self.rows.insert(r);
        }
    }

    /// Records a `<col>` tag's column range if it is hidden: `hidden="1"`, or a width that
    /// leaves no pixel (`width="0"`).
    fn note_col(&mut self, e: &quick_xml::events::BytesStart<'_>) {
        if truthy_attr(attr(e, "hidden")) || size_below(attr(e, "width"), MIN_COL_WIDTH) {
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
    /// Bytes of cell text the item may still produce (shared by its sheets).
    text_left: &'o mut u64,
}

/// Most bytes of text one workbook may produce. Cells that refer to one long shared string
/// (or pivot records to one long shared item) repeat it: a 1.7 MB file made 30,000 copies of
/// a 120 KB string (fuzzing, F8). Past this the item is `limit_exceeded`, with what was read.
const MAX_ITEM_TEXT: u64 = 256 * 1024 * 1024;

impl<'o> SheetSink<'o> {
    fn new(
        out: &'o mut Extracted,
        name: &str,
        index: usize,
        max_cells: u64,
        text_left: &'o mut u64,
    ) -> Self {
        SheetSink {
            out,
            name: std::sync::Arc::from(name),
            index: index as u32,
            title_rows: Vec::new(),
            cells: 0,
            max_cells,
            text_left,
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
        self.cell_in(row, col, text, precision_lost, hidden.layer(row, col))
    }

    /// [`SheetSink::cell`] with the cell's layer decided by the caller.
    fn cell_in(
        &mut self,
        row: u32,
        col: u32,
        text: String,
        precision_lost: bool,
        layer: Layer,
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
        let n = text.len() as u64;
        if n > *self.text_left {
            self.out.problems.push(Problem::new(
                "limit_exceeded",
                Location {
                    sheet: Some(self.name.to_string()),
                    ..Default::default()
                },
                format!(
                    "workbook cells hold more than {} MiB of text",
                    MAX_ITEM_TEXT / (1024 * 1024)
                ),
            ));
            *self.text_left = 0;
            return false;
        }
        *self.text_left -= n;
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
        let mut seg = Segment::cell(text, self.name.clone(), row, col, layer, zone);
        seg.record = self.record(row);
        self.out.segments.push(seg);
        true
    }
}

/// The sheet's name as a segment (zone `SheetName`, located by the sheet's label). Its layer is
/// decided by [`end_sheet`]. Returns the segment's index.
fn sheet_name_segment(out: &mut Extracted, name: &str, label: &str) -> Option<usize> {
    if name.trim().is_empty() {
        return None;
    }
    out.segments.push(Segment::fixed(
        name.to_string(),
        sheet_loc(label),
        Layer::Visible,
        Zone::SheetName,
    ));
    Some(out.segments.len() - 1)
}

/// A sheet being emitted: where its own segments start, for the hidden-sheet rule.
struct SheetMark {
    name_seg: Option<usize>,
    content_start: usize,
    hidden: bool,
}

/// Starts a sheet: its name segment.
fn begin_sheet(out: &mut Extracted, name: &str, label: &str, hidden: bool) -> SheetMark {
    let name_seg = sheet_name_segment(out, name, label);
    SheetMark {
        name_seg,
        content_start: out.segments.len(),
        hidden,
    }
}

/// Ends a sheet: emits its print headers/footers (`(element, raw text)`, Excel codes still
/// in) as `Zone::HeaderFooter` segments located by sheet, part and element. A hidden sheet is
/// hidden content only when something in it — a cell, a comment, a text box or chart — holds
/// text (CONTRACT §5: an empty hidden row is not a finding, nor is an empty hidden sheet): then
/// its name and headers are `hidden_sheet` too; else they stay in the visible layer, where a
/// marking, a term or an identifier in them is still found.
fn end_sheet(
    out: &mut Extracted,
    mark: SheetMark,
    label: &str,
    part: Option<&str>,
    header_footer: Vec<(&'static str, String)>,
) {
    let has_content = mark.hidden
        && out.segments[mark.content_start.min(out.segments.len())..]
            .iter()
            .any(|s| s.text.chars().any(char::is_alphanumeric));
    let layer = if has_content {
        Layer::Hidden("hidden_sheet")
    } else {
        Layer::Visible
    };
    for (kind, raw) in header_footer {
        let text = strip_header_footer_codes(&raw);
        if text.trim().is_empty() {
            continue;
        }
        out.segments.push(Segment::fixed(
            text,
            Location {
                sheet: Some(label.to_string()),
                part: part.map(str::to_string),
                field: Some(kind.to_string()),
                ..Default::default()
            },
            layer,
            Zone::HeaderFooter,
        ));
    }
    if let Some(s) = mark.name_seg.and_then(|i| out.segments.get_mut(i)) {
        s.layer = layer;
    }
}

/// Text of an Excel header/footer without its codes: `&L` `&C` `&R` start the left, centre and
/// right sections (each on its own line); fields (`&P` page, `&N` pages, `&D` `&T` `&F` `&A`
/// `&Z` `&G`), format toggles (`&B` `&I` `&U` `&E` `&S` `&X` `&Y` `&O` `&H`), fonts
/// (`&"name,style"`), sizes (`&12`) and colours (`&KFF0000`, `&K01+000`) go; `&&` is a
/// literal `&`. Anything else after `&` is kept, so no text can hide behind an unknown code.
fn strip_header_footer_codes(s: &str) -> String {
    let cs: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < cs.len() {
        let c = cs[i];
        if c != '&' {
            out.push(c);
            i += 1;
            continue;
        }
        let Some(&d) = cs.get(i + 1) else {
            break;
        };
        i += 2;
        match d {
            '&' => out.push('&'),
            'L' | 'C' | 'R' => {
                if !out.is_empty() && !out.ends_with('\n') {
                    out.push('\n');
                }
            }
            'P' | 'N' => {
                // a page-number offset (`&P+1`), up to three digits like a font size: a
                // longer number after the sign is text
                if matches!(cs.get(i), Some('+' | '-')) {
                    let run = cs[i + 1..]
                        .iter()
                        .take_while(|c| c.is_ascii_digit())
                        .count();
                    if (1..=3).contains(&run) {
                        i += 1 + run;
                    }
                }
            }
            'D' | 'T' | 'F' | 'A' | 'Z' | 'G' | 'B' | 'I' | 'U' | 'E' | 'S' | 'X' | 'Y' | 'O'
            | 'H' => {}
            '"' => match cs[i..].iter().position(|&c| c == '"') {
                Some(k) => i += k + 1,
                // an unclosed font name is shown as text
                None => out.push('"'),
            },
            'K' => {
                let n = cs[i..]
                    .iter()
                    .take(6)
                    .take_while(|c| c.is_ascii_hexdigit() || matches!(c, '+' | '-'))
                    .count();
                // a colour followed by a digit is text: a number must not lose digits to it
                if n == 6 && !cs.get(i + 6).is_some_and(char::is_ascii_digit) {
                    i += 6;
                }
            }
            d if d.is_ascii_digit() => {
                // font size: one to three digits (1–409; Excel puts a space before text that
                // starts with a digit). A longer run is text, kept whole: `&110105…` must not
                // lose an identifier's first digits.
                let run = 1 + cs[i..].iter().take_while(|c| c.is_ascii_digit()).count();
                if run > 3 {
                    i -= 1;
                } else {
                    i += run - 1;
                }
            }
            // not a code: the character is text
            _ => i -= 1,
        }
    }
    out.trim().to_string()
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

/// The detail of the `unsupported_format` problem for macros (the report's message keys on it).
pub const MACROS_DETAIL: &str = "macros (VBA project or macro sheets) are not examined";

/// Lists embedded images and objects as not examined; `embeddings_read`: a workbook's
/// `xl/embeddings/` (an xlsx's, not an xlsb's) or an ods's `Object N/content.xml` were read.
fn list_parts(out: &mut Extracted, names: &[String], embeddings_read: bool) {
    for n in names {
        if n.ends_with('/') {
            continue;
        }
        let lower = n.to_ascii_lowercase();
        let (what, reason) = if lower.starts_with("xl/media/")
            && lower.ends_with(".svg")
            && embeddings_read
        {
            continue; // read by `leftover::read_svg_images`
        } else if lower.starts_with("xl/media/") || lower.starts_with("pictures/") {
            ("embedded image", "images are not read")
        } else if lower.starts_with("xl/embeddings/") && embeddings_read {
            // read by `docx::read_embeddings` (or reported there as a problem)
            continue;
        } else if lower.starts_with("object") && lower.ends_with("/content.xml") && embeddings_read
        {
            continue; // an ods object's text, read by `leftover::read_leftover_parts`
        } else if lower.starts_with("xl/embeddings/")
            || lower.starts_with("object") && lower.contains('/')
        {
            ("embedded object", "embedded objects are not scanned yet")
        } else if lower.ends_with("vbaproject.bin") {
            // macro code is not examined and must not go out with a published file: never a
            // pass (issue: macro-enabled files get an unreadable kind and a message)
            out.problems.push(Problem::new(
                "unsupported_format",
                Location::part(n),
                MACROS_DETAIL,
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
    /// The Name Manager's comment on the name (`comment`): text someone wrote.
    comment: String,
}

/// Longest defined-name value kept (a name's formula; constants are short in practice).
const MAX_NAME_VALUE: usize = 64 * 1024;

/// What `parse_workbook` reads: the sheets, the defined names, and the user names the workbook
/// keeps (`fileSharing/@userName`: who set the write-reservation password).
type Workbook = (Vec<WbSheet>, Vec<DefinedName>, Vec<String>);

fn parse_workbook(xml: &[u8], limits: &Limits) -> Result<Workbook, String> {
    let mut xs = XmlStream::new(xml, limits.max_xml_depth);
    let mut sheets = Vec::new();
    let mut names = Vec::new();
    let mut users = Vec::new();
    let mut cur: Option<DefinedName> = None;
    loop {
        match xs.next_event()? {
            Event::Start(e) | Event::Empty(e) if local(&qname(&e)) == "fileSharing" => {
                users.extend(attr(&e, "userName").filter(|u| !u.trim().is_empty()));
            }
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
                    comment: attr(&e, "comment").unwrap_or_default(),
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
    Ok((sheets, names, users))
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
fn emit_defined_names(out: &mut Extracted, names: &[DefinedName], labels: &[String], part: &str) {
    for (i, n) in names.iter().enumerate() {
        let c = n.comment.trim();
        if c.chars().any(|c| c.is_alphanumeric()) {
            out.segments.push(Segment::fixed(
                c.to_string(),
                Location {
                    part: Some(part.to_string()),
                    field: Some(format!("definedName#{}:comment", i + 1)),
                    ..Default::default()
                },
                Layer::Metadata("other"),
                Zone::Metadata,
            ));
        }
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
                sheet: n.local_sheet.and_then(|k| labels.get(k)).cloned(),
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

/// What the pre-scan of a worksheet part finds besides the cells calamine streams.
#[derive(Default)]
struct SheetScan {
    hidden: Hidden,
    cells: u64,
    /// Print headers and footers (`oddHeader`, `evenFooter`…: element name, text with the
    /// Excel codes still in), in document order, without repeats.
    header_footer: Vec<(&'static str, String)>,
    /// Numeric cells whose `<v>` literal holds more digits than a double
    /// ([`full_digits_literal`]), by 0-based (row, col): only those cells, so the map stays
    /// small on an ordinary sheet.
    big_numbers: HashMap<(u32, u32), Box<str>>,
    /// Long integer literals that could be a double's lost tail (15 significant digits and
    /// zeros, or a double's printed form): exact only if the sheet shows that its writer
    /// stores exact digits ([`SheetScan::exact_writer`]).
    maybe_numbers: HashMap<(u32, u32), Box<str>>,
    /// A 16+ digit literal on the sheet holds more than 15 significant digits: whatever wrote
    /// it stores integers exactly (Excel keeps 15 and zeros every tail, so on a sheet typed in
    /// Excel every long number ends in zeros).
    exact_writer: bool,
    /// Shared-string indexes (`t="s"` cells' `<v>`) the sheet refers to, as a bitset; indexes
    /// from [`SST_CAP`] on are not kept.
    sst_refs: Vec<u64>,
    /// Data validations (`dataValidation`, also `x14:dataValidation` in `extLst`), in document
    /// order, at most [`MAX_VALIDATIONS`].
    validations: Vec<Validation>,
    /// Cell formulas holding a long digit run that the cell's cached value does not show
    /// (`=REPLACE("330106…",7,8,"********")` displays the masked form, the formula keeps the
    /// full number), by 0-based (row, col), at most [`MAX_FORMULAS`].
    formulas: Vec<((u32, u32), String)>,
    /// Cell hyperlinks (`<hyperlink ref r:id tooltip>`): cell reference, relationship id of an
    /// external target, tooltip; at most [`MAX_FORMULAS`].
    hyperlinks: Vec<(String, Option<String>, Option<String>)>,
}

/// Cell formulas kept per sheet (see [`SheetScan::formulas`]).
const MAX_FORMULAS: usize = 10_000;
/// A formula is kept when it holds a digit run this long (a mobile's length and more).
const FORMULA_DIGIT_RUN: usize = 11;

/// The runs of at least `min` ASCII digits in `s`.
fn digit_runs(s: &str, min: usize) -> impl Iterator<Item = &str> {
    s.split(|c: char| !c.is_ascii_digit())
        .filter(move |r| r.len() >= min)
}

/// Shared-string indexes tracked for the unused-string check: tables with more strings are
/// not checked (the bitset stays at most 128 KiB).
const SST_CAP: usize = 1 << 20;
/// Data validations kept per sheet, and the longest text kept of one formula or message.
const MAX_VALIDATIONS: usize = 10_000;
const MAX_VALIDATION_TEXT: usize = 64 * 1024;

/// One data validation: its cells (`sqref` attribute, or the `xm:sqref` element of the x14
/// form), its formulas (`formula1`/`formula2`; in the x14 form the text of their `xm:f`) and
/// its input/error messages, in document order.
#[derive(Default, Debug, Clone, PartialEq, Eq)]
struct Validation {
    sqref: String,
    /// (element or attribute name, text)
    texts: Vec<(&'static str, String)>,
}

/// A data validation being read by the pre-scan: its element depth, and the child element
/// whose text is being collected (name, depth, text).
struct ValidationRead {
    depth: usize,
    v: Validation,
    cap: Option<(&'static str, usize, String)>,
}

impl ValidationRead {
    /// Starts a validation at its `dataValidation` start tag: its `sqref` and messages.
    fn start(e: &quick_xml::events::BytesStart<'_>, depth: usize) -> Self {
        let mut v = Validation {
            sqref: attr(e, "sqref").unwrap_or_default(),
            texts: Vec::new(),
        };
        for k in ["promptTitle", "prompt", "errorTitle", "error"] {
            if let Some(t) = attr(e, k).filter(|t| !t.trim().is_empty()) {
                v.texts.push((k, cap_text(t)));
            }
        }
        ValidationRead {
            depth,
            v,
            cap: None,
        }
    }

    /// Starts a conditional-formatting rule (`cfRule`, also `x14:cfRule`) at its start tag:
    /// read like a validation, its `text` (a 文本包含 rule's text) and its formulas (`formula`,
    /// `xm:f`) are stored with the sheet and shown to no reader of it.
    fn start_cf(e: &quick_xml::events::BytesStart<'_>, depth: usize) -> Self {
        let mut v = Validation::default();
        if let Some(t) = attr(e, "text").filter(|t| !t.trim().is_empty()) {
            v.texts.push(("cfText", cap_text(t)));
        }
        ValidationRead {
            depth,
            v,
            cap: None,
        }
    }

    /// A start tag inside the validation: `formula1`, `formula2` and `sqref` have their text
    /// collected (and a rule's `formula` or `xm:f`).
    fn child(&mut self, local: &[u8], depth: usize) {
        if self.cap.is_some() {
            return;
        }
        let name = match local {
            b"formula1" => "formula1",
            b"formula2" => "formula2",
            b"formula" | b"f" => "formula",
            b"sqref" => "sqref",
            _ => return,
        };
        self.cap = Some((name, depth, String::new()));
    }

    /// The text being collected, if any (and while it is below the cap).
    fn text(&mut self) -> Option<&mut String> {
        self.cap
            .as_mut()
            .map(|c| &mut c.2)
            .filter(|t| t.len() < MAX_VALIDATION_TEXT)
    }

    /// An end tag leaving the element stack at `depth`; returns the finished validation when
    /// the end tag closed it.
    fn end(&mut self, depth: usize) -> Option<Validation> {
        if self.cap.as_ref().is_some_and(|c| depth < c.1) {
            if let Some((name, _, text)) = self.cap.take() {
                if name == "sqref" {
                    if self.v.sqref.is_empty() {
                        self.v.sqref = text;
                    }
                } else if !text.trim().is_empty() {
                    self.v.texts.push((name, cap_text(text)));
                }
            }
        }
        (depth < self.depth).then(|| std::mem::take(&mut self.v))
    }
}

/// A text cut to [`MAX_VALIDATION_TEXT`] bytes (at a character boundary).
fn cap_text(mut t: String) -> String {
    if t.len() > MAX_VALIDATION_TEXT {
        let mut k = MAX_VALIDATION_TEXT;
        while !t.is_char_boundary(k) {
            k -= 1;
        }
        t.truncate(k);
    }
    t
}

/// Sets bit `i` of a bitset (indexes from [`SST_CAP`] on are ignored).
fn set_bit(bits: &mut Vec<u64>, i: usize) {
    if i >= SST_CAP {
        return;
    }
    let w = i / 64;
    if w >= bits.len() {
        bits.resize(w + 1, 0);
    }
    bits[w] |= 1 << (i % 64);
}

fn bit(bits: &[u64], i: usize) -> bool {
    bits.get(i / 64).is_some_and(|w| w & (1 << (i % 64)) != 0)
}

/// Whether a `c` start tag's body (`c r="A1" s="2" t="s"`, name `name_len` bytes) has the
/// attribute `t="s"` (a shared-string cell): a byte pass over the attributes, as cheap as the
/// tag is long; a malformed attribute list goes to quick-xml's lenient attribute parser
/// ([`shared_string_attr`]), which the event reader uses.
fn is_shared_string_cell(body: &[u8], name_len: usize) -> bool {
    match shared_string_fast(body, name_len) {
        Some(b) => b,
        None => std::str::from_utf8(body).is_ok_and(|b| {
            shared_string_attr(&quick_xml::events::BytesStart::from_content(b, name_len))
        }),
    }
}

/// Whether an element's first `t` attribute is `s` (raw value).
fn shared_string_attr(e: &quick_xml::events::BytesStart<'_>) -> bool {
    e.attributes()
        .with_checks(false)
        .flatten()
        .find(|a| {
            let k: &str = a.key.as_ref();
            k == "t"
        })
        .is_some_and(|a| {
            let v: &str = a.value.as_ref();
            v == "s"
        })
}

/// [`is_shared_string_cell`] on a well-formed attribute list; `None` when it is not.
fn shared_string_fast(body: &[u8], name_len: usize) -> Option<bool> {
    let mut i = name_len;
    let n = body.len();
    loop {
        while i < n && body[i].is_ascii_whitespace() {
            i += 1;
        }
        if i >= n {
            return Some(false);
        }
        let k0 = i;
        while i < n && body[i] != b'=' && !body[i].is_ascii_whitespace() {
            i += 1;
        }
        let key = &body[k0..i];
        while i < n && body[i].is_ascii_whitespace() {
            i += 1;
        }
        if i >= n || body[i] != b'=' || k0 == i {
            return None;
        }
        i += 1;
        while i < n && body[i].is_ascii_whitespace() {
            i += 1;
        }
        let &q = body.get(i).filter(|&&q| q == b'"' || q == b'\'')?;
        let len = memchr::memchr(q, &body[i + 1..])?;
        if key == b"t" {
            return Some(&body[i + 1..i + 1 + len] == b"s");
        }
        i += len + 2;
    }
}

/// The shared-string index a `<v>` text denotes.
fn sst_index(v: &str) -> Option<usize> {
    let v = v.trim();
    if v.is_empty() || v.len() > 10 || !v.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    v.parse().ok()
}

/// Header/footer elements of `headerFooter` (also inside `customSheetView`).
fn header_footer_kind(local: &[u8]) -> Option<&'static str> {
    Some(match local {
        b"oddHeader" => "oddHeader",
        b"oddFooter" => "oddFooter",
        b"evenHeader" => "evenHeader",
        b"evenFooter" => "evenFooter",
        b"firstHeader" => "firstHeader",
        b"firstFooter" => "firstFooter",
        _ => return None,
    })
}

impl SheetScan {
    fn header_footer_done(&mut self, kind: &'static str, text: String) {
        if !text.trim().is_empty()
            && !self
                .header_footer
                .iter()
                .any(|(k, t)| *k == kind && *t == text)
        {
            self.header_footer.push((kind, text));
        }
    }

    /// A data validation read to its end: kept when it holds a message or formula (and while
    /// below the cap).
    fn validation_done(&mut self, v: Validation) {
        if !v.texts.is_empty() && self.validations.len() < MAX_VALIDATIONS {
            self.validations.push(v);
        }
    }

    /// A numeric cell's `<v>` text: remembered when its literal holds more digits than a double.
    /// `c` is the cell's start tag (its `t` and `r` attributes).
    fn number_literal(&mut self, c: &quick_xml::events::BytesStart<'_>, v: &str) {
        if v.trim().len() < 16 {
            return;
        }
        if attr(c, "t").is_some_and(|t| t.trim() != "n") {
            return;
        }
        let Some(pos) = attr(c, "r").and_then(|r| parse_ref(&r)) else {
            return;
        };
        match full_digits_literal(v) {
            Some(digits) => {
                if digits.trim_start_matches('-').trim_end_matches('0').len() > 15 {
                    self.exact_writer = true;
                }
                self.big_numbers.insert(pos, digits.into_boxed_str());
            }
            None => {
                if let Some(digits) = integer_literal(v).filter(|_| !v.contains(['e', 'E'])) {
                    if self.maybe_numbers.len() < 1_000_000 {
                        self.maybe_numbers.insert(pos, digits.into_boxed_str());
                    }
                }
            }
        }
    }
}

/// XML 1.0 end-of-line normalization (`\r\n` and `\r` become `\n`), as quick-xml's
/// `xml10_content`.
fn push_eol_normalized(dst: &mut String, s: &str) {
    let mut it = s.chars().peekable();
    while let Some(c) = it.next() {
        if c == '\r' {
            if it.peek() == Some(&'\n') {
                it.next();
            }
            dst.push('\n');
        } else {
            dst.push(c);
        }
    }
}

/// Appends raw XML character data with its references resolved (the five predefined
/// entities and character references; an unknown entity gives nothing, as [`ref_text`]).
fn push_xml_text(dst: &mut String, raw: &str) {
    let mut rest = raw;
    while let Some(k) = rest.find('&') {
        push_eol_normalized(dst, &rest[..k]);
        let after = &rest[k + 1..];
        match after.find(';') {
            Some(e) if e <= 32 => {
                let name = &after[..e];
                if let Some(num) = name.strip_prefix('#') {
                    let c = match num.strip_prefix(['x', 'X']) {
                        Some(h) => u32::from_str_radix(h, 16).ok(),
                        None => num.parse::<u32>().ok(),
                    }
                    .and_then(char::from_u32);
                    dst.extend(c);
                } else {
                    dst.push_str(quick_xml::escape::resolve_predefined_entity(name).unwrap_or(""));
                }
                rest = &after[e + 1..];
            }
            _ => {
                dst.push('&');
                rest = after;
            }
        }
    }
    push_eol_normalized(dst, rest);
}

/// Scans a worksheet part for hidden rows/columns, print headers/footers and long numeric
/// literals, and counts its cells, without a full XML parse: the part is read again by
/// calamine, and this pass only needs the `row`, `col` and `c` start tags, the text of the
/// header/footer elements and of a `<v>` that starts like a long number. A byte scan from `<`
/// to `<` (text and attribute values cannot hold a raw `<`) that skips comments, CDATA and
/// processing instructions, keeps the element stack to check end tags and the depth cap,
/// rejects a DTD, and hands the attributes of `row`, `col` (and `c`, for a long number) to
/// quick-xml's attribute parser. About ten times faster than the event reader on a large
/// sheet; `scan_sheet_xml_events` (tests) is the reference it is checked against.
fn scan_sheet_xml(xml: &[u8], limits: &Limits) -> Result<SheetScan, String> {
    if simdutf8::basic::from_utf8(xml).is_err() {
        return Err("xml error: invalid UTF-8".into());
    }
    let mut sc = SheetScan::default();
    let mut next_row: u32 = 0;
    let mut stack: Vec<&[u8]> = Vec::new();
    // header/footer being read: (kind, stack depth of its element, text)
    let mut hf: Option<(&'static str, usize, String)> = None;
    // the current cell's start tag (body, name length), its depth, and whether it is a
    // shared-string cell
    let mut cur_c: Option<(&[u8], usize, usize, bool)> = None;
    // the data validation being read
    let mut dv: Option<ValidationRead> = None;
    // the current cell's formula, when it holds a long digit run
    let mut formula: Option<String> = None;
    let find = |needle: &[u8], from: usize| {
        memchr::memmem::find(&xml[from..], needle).map(|p| from + p + needle.len())
    };
    // valid UTF-8: the whole part was checked
    let text_of = |a: usize, b: usize| std::str::from_utf8(&xml[a..b]).unwrap_or("");
    let mut i = 0;
    while let Some(p) = memchr::memchr(b'<', &xml[i..]) {
        let lt = i + p;
        if let Some((_, _, t)) = hf.as_mut() {
            push_xml_text(t, text_of(i, lt));
        }
        if let Some(t) = dv.as_mut().and_then(ValidationRead::text) {
            push_xml_text(t, text_of(i, lt));
        }
        let rest = &xml[lt + 1..];
        if rest.starts_with(b"!--") {
            i = find(b"-->", lt + 4).ok_or("xml error: unclosed comment")?;
            continue;
        }
        if rest.starts_with(b"![CDATA[") {
            i = find(b"]]>", lt + 9).ok_or("xml error: unclosed CDATA")?;
            if let Some((_, _, t)) = hf.as_mut() {
                push_eol_normalized(t, text_of(lt + 9, i - 3));
            }
            if let Some(t) = dv.as_mut().and_then(ValidationRead::text) {
                push_eol_normalized(t, text_of(lt + 9, i - 3));
            }
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
            if hf.as_ref().is_some_and(|h| stack.len() < h.1) {
                let (kind, _, text) = hf.take().unwrap_or_default();
                sc.header_footer_done(kind, text);
            }
            if cur_c.is_some_and(|c| stack.len() < c.2) {
                if let (Some(f), Some((cb, cn, _, _))) = (formula.take(), cur_c) {
                    let cb = std::str::from_utf8(cb).map_err(|_| "xml error: invalid UTF-8")?;
                    let e = quick_xml::events::BytesStart::from_content(cb, cn);
                    if let Some(pos) = attr(&e, "r").and_then(|r| parse_ref(&r)) {
                        if sc.formulas.len() < MAX_FORMULAS {
                            sc.formulas.push((pos, f));
                        }
                    }
                }
                cur_c = None;
            }
            if let Some(v) = dv.as_mut().and_then(|d| d.end(stack.len())) {
                dv = None;
                sc.validation_done(v);
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
        let parent_depth = stack.len();
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
            b"c" => {
                sc.cells += 1;
                if !empty {
                    let shared = is_shared_string_cell(body, name_len);
                    cur_c = Some((body, name_len, stack.len(), shared));
                }
            }
            b"f" if !empty && cur_c.is_some_and(|c| c.2 == parent_depth) => {
                let to = memchr::memchr(b'<', &xml[i..]).map_or(xml.len(), |p| i + p);
                let raw = text_of(i, to);
                if digit_runs(raw, FORMULA_DIGIT_RUN).next().is_some() {
                    let mut f = String::new();
                    push_xml_text(&mut f, raw);
                    formula = Some(f);
                }
            }
            b"v" if !empty && cur_c.is_some_and(|c| c.2 == parent_depth) => {
                // the literal: the text up to the next tag (a long number or a string index
                // has no reference)
                let to = memchr::memchr(b'<', &xml[i..]).map_or(xml.len(), |p| i + p);
                let v = text_of(i, to);
                // a formula whose digits the cached value shows adds nothing
                if formula
                    .as_ref()
                    .is_some_and(|f| digit_runs(f, FORMULA_DIGIT_RUN).all(|r| v.contains(r)))
                {
                    formula = None;
                }
                let plain = xml[to..].starts_with(b"</");
                if plain && cur_c.is_some_and(|c| c.3) {
                    if let Some(k) = sst_index(v) {
                        set_bit(&mut sc.sst_refs, k);
                    }
                } else if v.trim().len() >= 16 && plain {
                    if let Some((cb, cn, _, _)) = cur_c {
                        let cb = std::str::from_utf8(cb).map_err(|_| "xml error: invalid UTF-8")?;
                        let e = quick_xml::events::BytesStart::from_content(cb, cn);
                        sc.number_literal(&e, v);
                    }
                }
            }
            b"hyperlink" if sc.hyperlinks.len() < MAX_FORMULAS => {
                let body = std::str::from_utf8(body).map_err(|_| "xml error: invalid UTF-8")?;
                let e = quick_xml::events::BytesStart::from_content(body, name_len);
                if let Some(r) = attr(&e, "ref") {
                    let rid = attr(&e, "r:id").or_else(|| {
                        xmlutil::attr_values(&e)
                            .into_iter()
                            .find(|(k, _)| k.ends_with(":id"))
                            .map(|(_, v)| v)
                    });
                    sc.hyperlinks.push((r, rid, attr(&e, "tooltip")));
                }
            }
            b"row" | b"col" => {
                let body = std::str::from_utf8(body).map_err(|_| "xml error: invalid UTF-8")?;
                let e = quick_xml::events::BytesStart::from_content(body, name_len);
                if local == b"row" {
                    sc.hidden.note_row(&e, &mut next_row);
                } else {
                    sc.hidden.note_col(&e);
                }
            }
            b"dataValidation" | b"cfRule" if dv.is_none() => {
                let body = std::str::from_utf8(body).map_err(|_| "xml error: invalid UTF-8")?;
                let e = quick_xml::events::BytesStart::from_content(body, name_len);
                let mut r = if local == b"cfRule" {
                    ValidationRead::start_cf(&e, stack.len())
                } else {
                    ValidationRead::start(&e, stack.len())
                };
                if empty {
                    sc.validation_done(std::mem::take(&mut r.v));
                } else {
                    dv = Some(r);
                }
            }
            l if !empty && dv.is_some() => {
                if let Some(d) = dv.as_mut() {
                    d.child(l, stack.len());
                }
            }
            l if !empty && hf.is_none() => {
                if let Some(kind) = header_footer_kind(l) {
                    hf = Some((kind, stack.len(), String::new()));
                }
            }
            _ => {}
        }
    }
    Ok(sc)
}

/// The event-reader version of [`scan_sheet_xml`], kept as the reference the byte scan is
/// tested against.
#[cfg(test)]
fn scan_sheet_xml_events(xml: &[u8], limits: &Limits) -> Result<SheetScan, String> {
    let mut xs = XmlStream::new(xml, limits.max_xml_depth);
    let mut sc = SheetScan::default();
    let mut next_row: u32 = 0;
    let mut hf: Option<(&'static str, usize, String)> = None;
    let mut cur_c: Option<(quick_xml::events::BytesStart<'_>, usize, bool)> = None;
    let mut dv: Option<ValidationRead> = None;
    // the `<v>` being read in the current cell: its text, and whether it held anything but
    // plain text (a reference, CDATA, a comment, an element: the byte scan reads a literal only
    // up to the next `<` and only when that is the end tag)
    let mut v: Option<(String, bool)> = None;
    loop {
        let ev = xs.next_event()?;
        let empty = matches!(ev, Event::Empty(_));
        if let Some((_, odd)) = v.as_mut() {
            if !matches!(ev, Event::Text(_) | Event::End(_)) {
                *odd = true;
            }
        }
        match ev {
            Event::Start(e) | Event::Empty(e) => match xmlutil::local_name(&e) {
                "c" => {
                    sc.cells += 1;
                    if !empty {
                        let shared = shared_string_attr(&e);
                        cur_c = Some((e.clone().into_owned(), xs.depth(), shared));
                    }
                }
                "v" if !empty && cur_c.as_ref().is_some_and(|c| c.1 + 1 == xs.depth()) => {
                    v = Some((String::new(), false));
                }
                "row" => sc.hidden.note_row(&e, &mut next_row),
                "col" => sc.hidden.note_col(&e),
                l @ ("dataValidation" | "cfRule") if dv.is_none() => {
                    let mut r = if l == "cfRule" {
                        ValidationRead::start_cf(&e, xs.depth())
                    } else {
                        ValidationRead::start(&e, xs.depth())
                    };
                    if empty {
                        sc.validation_done(std::mem::take(&mut r.v));
                    } else {
                        dv = Some(r);
                    }
                }
                l if !empty && dv.is_some() => {
                    if let Some(d) = dv.as_mut() {
                        d.child(l.as_bytes(), xs.depth());
                    }
                }
                l if !empty && hf.is_none() => {
                    if let Some(kind) = header_footer_kind(l.as_bytes()) {
                        hf = Some((kind, xs.depth(), String::new()));
                    }
                }
                _ => {}
            },
            Event::Text(t) => {
                if let Some((_, _, s)) = hf.as_mut() {
                    s.push_str(&t.xml10_content());
                }
                if let Some((s, _)) = v.as_mut() {
                    s.push_str(&t.xml10_content());
                }
                if let Some(s) = dv.as_mut().and_then(ValidationRead::text) {
                    s.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                if let Some((_, _, s)) = hf.as_mut() {
                    s.push_str(&ref_text(&r));
                }
                if let Some(s) = dv.as_mut().and_then(ValidationRead::text) {
                    s.push_str(&ref_text(&r));
                }
            }
            Event::CData(c) => {
                if let Some((_, _, s)) = hf.as_mut() {
                    s.push_str(&c.xml10_content());
                }
                if let Some(s) = dv.as_mut().and_then(ValidationRead::text) {
                    s.push_str(&c.xml10_content());
                }
            }
            Event::End(_) => {
                if hf.as_ref().is_some_and(|h| xs.depth() < h.1) {
                    let (kind, _, text) = hf.take().unwrap_or_default();
                    sc.header_footer_done(kind, text);
                }
                if let Some((text, odd)) = v.take() {
                    if !odd {
                        match cur_c.as_ref() {
                            Some((_, _, true)) => {
                                if let Some(k) = sst_index(&text) {
                                    set_bit(&mut sc.sst_refs, k);
                                }
                            }
                            Some((c, _, false)) => sc.number_literal(c, &text),
                            None => {}
                        }
                    }
                }
                if cur_c.as_ref().is_some_and(|c| xs.depth() < c.1) {
                    cur_c = None;
                }
                if let Some(v) = dv.as_mut().and_then(|d| d.end(xs.depth())) {
                    dv = None;
                    sc.validation_done(v);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(sc)
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
    let mut text_left = MAX_ITEM_TEXT;
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
    let (sheets, defined_names, users) = match parse_workbook(&wb_xml, limits) {
        Ok(s) => s,
        Err(m) => {
            out.problems.push(xml_problem(Location::part(&wb_part), m));
            return;
        }
    };
    for u in users {
        out.segments.push(xmlutil::author_segment(
            u,
            Location {
                part: Some(wb_part.clone()),
                field: Some("fileSharing:userName".into()),
                ..Default::default()
            },
        ));
    }
    let wb_rels_name = xmlutil::rels_name(&wb_part);
    let wb_rels: HashMap<String, String> = match zip.read_opt(&wb_rels_name) {
        Ok(Some(x)) => match xmlutil::parse_rels(&x, &wb_part, limits.max_xml_depth) {
            Ok(list) => list
                .into_iter()
                .filter(|r| !r.external)
                .map(|r| (r.id, r.target))
                .collect(),
            Err(m) => {
                out.problems
                    .push(xml_problem(Location::part(&wb_rels_name), m));
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
    let labels: Vec<String> = sheets
        .iter()
        .enumerate()
        .map(|(i, s)| sheet_label(&s.name, i))
        .collect();
    let mut drawings = Drawings::default();
    let sheet_hidden: HashMap<String, bool> =
        sheets.iter().map(|s| (s.name.clone(), s.hidden)).collect();
    // what each cell style's number format hides (computed from calamine's styles at the
    // first sheet read; empty when no style hides anything)
    let mut hide_fmt: Option<Vec<u8>> = None;
    // shared strings the sheets refer to, and whether every sheet's references are known
    let mut sst_refs: Vec<u64> = Vec::new();
    let mut sst_complete = true;

    for (idx, sh) in sheets.iter().enumerate() {
        let label = labels[idx].as_str();
        let mark = begin_sheet(out, &sh.name, label, sh.hidden);
        let part = wb_rels.get(&sh.rid).cloned();
        let mut header_footer = Vec::new();
        let mut validations = Vec::new();
        let mut formulas = Vec::new();
        'sheet: {
            let mut hidden = Hidden {
                sheet: sh.hidden,
                ..Default::default()
            };
            let mut big_numbers = HashMap::new();
            if let Some(part) = part.as_deref() {
                let lower = part.to_ascii_lowercase();
                let ctx = DrawCtx {
                    sheet: Some(label),
                    hidden_sheet: sh.hidden,
                    sheets: &sheet_hidden,
                };
                if lower.contains("chartsheets/") {
                    // a chart sheet shows one chart, reached through its drawing; its print
                    // header/footer is in its own part
                    match zip
                        .read_opt(part)
                        .map(|x| x.map(|x| scan_sheet_xml(&x, limits)))
                    {
                        Ok(Some(Ok(sc))) => header_footer = sc.header_footer,
                        Ok(Some(Err(m))) => out
                            .problems
                            .push(xml_problem(sheet_part_loc(label, part), m)),
                        Ok(None) => {}
                        Err(mut p) => {
                            p.location.sheet = Some(label.to_string());
                            out.problems.push(p);
                        }
                    }
                    let rels = part_rels(&mut zip, part, limits);
                    sheet_drawings(&mut zip, &rels, &ctx, limits, &mut drawings, out);
                    break 'sheet;
                }
                let non_grid = if lower.contains("macrosheets/") {
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
                    if what == "macro sheet" {
                        out.problems.push(Problem::new(
                            "unsupported_format",
                            sheet_part_loc(label, part),
                            MACROS_DETAIL,
                        ));
                    } else if zip.has(part) {
                        // an Excel 5 dialog sheet keeps cells and control captions that
                        // calamine does not read: what they hold is unknown, so not a pass
                        out.problems.push(Problem::new(
                            "unsupported_format",
                            sheet_part_loc(label, part),
                            "dialog sheet (Excel 5.0 dialog): its cells and controls are not read",
                        ));
                    }
                    // its cells may use shared strings
                    sst_complete = false;
                    out.not_examined.push(NotExamined {
                        what: what.into(),
                        location: sheet_part_loc(label, part),
                        reason: reason.into(),
                    });
                    break 'sheet;
                }
                if !zip.has(part) {
                    // Chartsheets/dialog sheets without a part, or a broken link.
                    out.problems.push(Problem::new(
                        "corrupt",
                        sheet_part_loc(label, part),
                        "worksheet part is missing",
                    ));
                    break 'sheet;
                }
                let xml = match zip.read(part) {
                    Ok(x) => x,
                    Err(mut p) => {
                        sst_complete = false;
                        p.location.sheet = Some(label.to_string());
                        out.problems.push(p);
                        break 'sheet;
                    }
                };
                let hyperlinks;
                let too_many = match scan_sheet_xml(&xml, limits) {
                    Ok(sc) => {
                        header_footer = sc.header_footer;
                        hidden.rows = sc.hidden.rows;
                        hidden.cols = sc.hidden.cols;
                        big_numbers = sc.big_numbers;
                        if sc.exact_writer {
                            // every long integer on this sheet was written exactly
                            big_numbers.extend(sc.maybe_numbers);
                        }
                        validations = sc.validations;
                        formulas = sc.formulas;
                        hyperlinks = sc.hyperlinks;
                        merge_bits(&mut sst_refs, sc.sst_refs);
                        if sc.cells > limits.max_cells {
                            out.problems.push(Problem::new(
                                "limit_exceeded",
                                sheet_part_loc(label, part),
                                format!("sheet has {} cells, limit {}", sc.cells, limits.max_cells),
                            ));
                            true
                        } else {
                            // one segment per non-empty cell: grow once, not by doubling a
                            // large vector
                            out.segments.reserve(sc.cells as usize);
                            false
                        }
                    }
                    Err(m) => {
                        sst_complete = false;
                        out.problems
                            .push(xml_problem(sheet_part_loc(label, part), m));
                        break 'sheet;
                    }
                };
                drop(xml);
                // Comments, text boxes and charts via the sheet's relationships.
                let rels = part_rels(&mut zip, part, limits);
                for r in &rels {
                    let t = r.rel_type.as_str();
                    let is_comment = t.ends_with("/comments") || t.ends_with("/threadedComment");
                    if r.external || !is_comment || !zip.has(&r.target) {
                        continue;
                    }
                    match zip.read(&r.target) {
                        Ok(cx) => match parse_comments(&cx, limits) {
                            Ok((list, authors)) => {
                                emit_comments(out, label, idx, &list, authors, &r.target)
                            }
                            Err(m) => out
                                .problems
                                .push(xml_problem(sheet_part_loc(label, &r.target), m)),
                        },
                        Err(mut p) => {
                            p.location.sheet = Some(label.to_string());
                            out.problems.push(p);
                        }
                    }
                }
                sheet_drawings(&mut zip, &rels, &ctx, limits, &mut drawings, out);
                if !hyperlinks.is_empty() {
                    emit_hyperlinks(&mut zip, part, label, &hyperlinks, limits, out);
                }
                if too_many {
                    break 'sheet;
                }
            } else if !cal_names.contains(&sh.name) {
                out.problems.push(Problem::new(
                    "corrupt",
                    sheet_loc(label),
                    "sheet has no worksheet part",
                ));
                break 'sheet;
            }
            if !cal_names.contains(&sh.name) {
                // e.g. a chartsheet: calamine lists only worksheets.
                break 'sheet;
            }
            if part.is_none() {
                // calamine reads a sheet the pre-scan did not see
                sst_complete = false;
            }
            let mut reader = match wb.worksheet_cells_reader(&sh.name) {
                Ok(r) => r,
                Err(e) => {
                    out.problems.push(Problem::new(
                        "corrupt",
                        sheet_loc(label),
                        format!("xlsx sheet: {e}"),
                    ));
                    break 'sheet;
                }
            };
            if hide_fmt.is_none() {
                format_literals(reader.styles(), out);
            }
            let hide = hide_fmt.get_or_insert_with(|| hiding_styles(reader.styles()));
            let mut sink = SheetSink::new(out, label, idx, limits.max_cells, &mut text_left);
            loop {
                match reader.next_cell_with_style_id() {
                    Ok(Some((cell, style))) => {
                        let (row, col) = cell.get_position();
                        // a long number keeps the digits its literal holds
                        let (value, text_cell) = match big_numbers.get(&(row, col)) {
                            Some(d) => (Some((d.to_string(), false)), false),
                            None => {
                                let v = cell.get_value();
                                let text_cell =
                                    matches!(v, DataRef::String(_) | DataRef::SharedString(_));
                                (dataref_text(v), text_cell)
                            }
                        };
                        if let Some((text, lost)) = value {
                            let mut layer = hidden.layer(row, col);
                            // a number format that shows nothing (`;;;`): the value is in the
                            // file, the cell looks empty
                            if layer == Layer::Visible {
                                let bits = hide.get(style).copied().unwrap_or(0);
                                let want = if text_cell { HIDES_TEXT } else { HIDES_NUMBERS };
                                if bits & want != 0 {
                                    layer = Layer::Hidden("hidden_text");
                                }
                            }
                            if !sink.cell_in(row, col, text, lost, layer) {
                                break;
                            }
                        }
                    }
                    Ok(None) => break,
                    Err(e) => {
                        sink.out.problems.push(Problem::new(
                            "corrupt",
                            sheet_loc(label),
                            format!("xlsx sheet: {e}"),
                        ));
                        break;
                    }
                }
            }
        }
        end_sheet(out, mark, label, part.as_deref(), header_footer);
        emit_validations(out, label, part.as_deref(), validations);
        emit_formulas(out, label, part.as_deref(), formulas);
    }
    if sst_complete {
        unused_shared_strings(bytes, &mut zip, &wb_part, &sst_refs, limits, out);
    }
    // drawings and charts no sheet links to are still in the file
    let mut rest: Vec<(String, DrawPart)> = names
        .iter()
        .filter_map(|n| {
            let l = n.to_ascii_lowercase();
            if !l.ends_with(".xml") {
                None
            } else if l.starts_with("xl/drawings/drawing") {
                Some((n.clone(), DrawPart::Drawing))
            } else if l.starts_with("xl/charts/chart") {
                Some((n.clone(), DrawPart::Chart))
            } else {
                None
            }
        })
        .collect();
    rest.sort();
    let ctx = DrawCtx {
        sheet: None,
        hidden_sheet: false,
        sheets: &sheet_hidden,
    };
    for (n, kind) in rest {
        read_drawing_tree(&mut zip, &n, kind, &ctx, limits, &mut drawings, out);
    }

    emit_defined_names(out, &defined_names, &labels, &wb_part);
    extract_pivot_caches(&mut zip, &names, limits, &mut text_left, out);
    extract_external_caches(&mut zip, &names, limits, &mut text_left, out);
    // the data store of custom XML parts, read as in a docx
    for n in &names {
        if super::docx::is_custom_xml_item(n) {
            super::docx::read_part(&mut zip, n, limits, out, super::docx::parse_custom_xml);
        }
    }
    extract_doc_props(&mut zip, limits, out);
    external_paths(&mut zip, limits, out);
    // an embedded Word document or workbook is read as a document's is (one level deep)
    // a worksheet part the workbook does not list (a sheet deleted from workbook.xml by hand or
    // by a tool, its cells still in the file): not read, and not a pass
    let listed: HashSet<String> = sheets
        .iter()
        .filter_map(|sh| wb_rels.get(&sh.rid).map(|p| p.to_ascii_lowercase()))
        .collect();
    for n in &names {
        let l = n.to_ascii_lowercase();
        // (a sheet part sits right in its folder; its relationships one level below)
        if (l.starts_with("xl/worksheets/") || l.starts_with("xl/chartsheets/"))
            && l.ends_with(".xml")
            && l.matches('/').count() == 2
            && !listed.contains(&l)
        {
            out.problems.push(Problem::new(
                "unsupported_format",
                Location::part(n),
                "worksheet part that the workbook does not list: its cells are not read",
            ));
        }
    }
    super::docx::read_embeddings(&mut zip, &names, "xl/embeddings/", limits, out);
    super::leftover::read_svg_images(&mut zip, &names, limits, out);
    let wb_lower = wb_part.to_ascii_lowercase();
    super::leftover::read_leftover_parts(
        &mut zip,
        &names,
        &|l: &str| l == wb_lower || xlsx_part_read_elsewhere(l),
        limits,
        out,
    );
    list_parts(out, &names, true);
}

/// Parts of a workbook (lower-case names) that the sheet reader reads, or that hold no text of
/// anyone's (themes, calculation chains): everything else (`styles.xml` with its cell-style
/// names, `persons/`) is read by
/// [`super::leftover::read_leftover_parts`].
fn xlsx_part_read_elsewhere(l: &str) -> bool {
    let file = l.rsplit('/').next().unwrap_or("");
    const DIRS: &[&str] = &[
        "docprops",
        "customxml",
        "worksheets",
        "chartsheets",
        "macrosheets",
        "dialogsheets",
        "theme",
        "charts",
        "threadedcomments",
        "pivotcache",
        "pivottables",
        "externallinks",
        "embeddings",
        "media",
        "printersettings",
    ];
    let folders = l.rsplit_once('/').map_or("", |(d, _)| d);
    folders.split('/').any(|d| DIRS.contains(&d))
        || (l.contains("drawings/") && file.starts_with("drawing") && file.ends_with(".xml"))
        // comments1.xml (Excel), comment1.xml (openpyxl)
        || file.starts_with("comment")
        || matches!(
            file,
            "sharedstrings.xml" | "calcchain.xml" | "volatiledependencies.xml"
        )
}

/// The package's `.xml` parts whose name starts with `prefix` (lower case), sorted.
fn xml_parts<'a>(names: &'a [String], prefix: &str) -> Vec<&'a String> {
    let mut parts: Vec<&String> = names
        .iter()
        .filter(|n| {
            let l = n.to_ascii_lowercase();
            l.starts_with(prefix) && l.ends_with(".xml")
        })
        .collect();
    parts.sort();
    parts
}

/// The values an external link keeps of the other workbook (`xl/externalLinks/
/// externalLinkN.xml`: its sheet names and the cached cells formulas refer to): stored with
/// the file, shown only through those formulas. Each cell's value is a `metadata` segment
/// (scanned, no finding for being there) located by part and `sheet!cell`.
fn extract_external_caches(
    zip: &mut SafeZip<'_>,
    names: &[String],
    limits: &Limits,
    text_left: &mut u64,
    out: &mut Extracted,
) {
    for part in xml_parts(names, "xl/externallinks/externallink") {
        let xml = match zip.read(part) {
            Ok(x) => x,
            Err(p) => {
                out.problems.push(p);
                continue;
            }
        };
        let mut xs = XmlStream::new(&xml, limits.max_xml_depth);
        let mut sheet_names: Vec<String> = Vec::new();
        let mut sheet: Option<String> = None;
        let mut cell: Option<String> = None;
        let mut in_v = false;
        let mut value = String::new();
        let push = |out: &mut Extracted, text: String, field: String, text_left: &mut u64| {
            if text.trim().is_empty() || *text_left == 0 {
                return;
            }
            *text_left = text_left.saturating_sub(text.len() as u64);
            out.segments.push(Segment::fixed(
                text,
                Location {
                    part: Some(part.clone()),
                    field: Some(field),
                    ..Default::default()
                },
                Layer::Metadata("other"),
                Zone::Body,
            ));
        };
        loop {
            match xs.next_event() {
                Ok(Event::Start(e)) | Ok(Event::Empty(e)) => match local(&qname(&e)) {
                    "sheetName" => {
                        if let Some(v) = attr(&e, "val") {
                            sheet_names.push(v.clone());
                            push(out, v, "sheetName".into(), text_left);
                        }
                    }
                    "sheetData" => {
                        sheet = attr(&e, "sheetId")
                            .and_then(|i| i.parse::<usize>().ok())
                            .and_then(|i| sheet_names.get(i).cloned());
                    }
                    "cell" => cell = attr(&e, "r"),
                    "v" => {
                        in_v = true;
                        value.clear();
                    }
                    _ => {}
                },
                Ok(Event::Text(t)) if in_v => {
                    value.push_str(&t.xml10_content());
                }
                Ok(Event::GeneralRef(r)) if in_v => value.push_str(&ref_text(&r)),
                Ok(Event::End(e)) if local(e.name().as_ref()) == "v" => {
                    in_v = false;
                    let field = format!(
                        "externalLink:{}!{}",
                        sheet.as_deref().unwrap_or("?"),
                        cell.as_deref().unwrap_or("?")
                    );
                    push(out, std::mem::take(&mut value), field, text_left);
                }
                Ok(Event::Eof) => break,
                Err(m) => {
                    out.problems.push(xml_problem(Location::part(part), m));
                    break;
                }
                _ => {}
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Cells a number format hides, data validations, unused shared strings

/// Bits of what a number format hides: numbers (also dates), text.
const HIDES_NUMBERS: u8 = 1;
const HIDES_TEXT: u8 = 2;
/// Cell styles (`cellXfs`) looked at for hiding formats.
const MAX_STYLES: usize = 1 << 20;

/// What each cell style hides through its number format ([`format_hides`]), by style index;
/// empty when no style hides anything (the common case: one test per cell then).
/// Text a number format shows on every cell it is applied to: a quoted literal holding Han
/// characters (`"机密★1年"@`) or a run of 11 or more digits (a format that displays an ID
/// whatever the cell holds). Each distinct format code is a `metadata` segment at
/// `xl/styles.xml`, field `numFmt`.
fn format_literals(styles: &[calamine::Style], out: &mut Extracted) {
    let mut seen: HashSet<&str> = HashSet::new();
    for st in styles.iter().take(MAX_STYLES) {
        let Some(f) = st.number_format.as_ref() else {
            continue;
        };
        let code = f.format_code.as_str();
        if !code.contains('"') || seen.len() >= 1_000 || !seen.insert(code) {
            continue;
        }
        // the quoted literals, concatenated
        let lit: String = code
            .split('"')
            .skip(1)
            .step_by(2)
            .collect::<Vec<_>>()
            .join(" ");
        if lit.chars().any(crate::normalize::is_cjk) || digit_runs(&lit, 11).next().is_some() {
            out.segments.push(Segment::fixed(
                lit,
                Location {
                    part: Some("xl/styles.xml".into()),
                    field: Some("numFmt".into()),
                    ..Default::default()
                },
                Layer::Metadata("other"),
                Zone::Metadata,
            ));
        }
    }
}

fn hiding_styles(styles: &[calamine::Style]) -> Vec<u8> {
    let styles = &styles[..styles.len().min(MAX_STYLES)];
    let bits: Vec<u8> = styles
        .iter()
        .map(|st| {
            let format = st
                .number_format
                .as_ref()
                .map_or(0, |f| format_hides(&f.format_code));
            if white_on_white(st) {
                HIDES_NUMBERS | HIDES_TEXT
            } else {
                format
            }
        })
        .collect();
    if bits.iter().all(|&b| b == 0) {
        Vec::new()
    } else {
        bits
    }
}

/// A style whose font is white (or nearly) on no fill or a white fill, or the colour of its
/// solid fill (yellow on yellow): the text is there and the cell looks empty (a note hidden
/// by its colour).
fn white_on_white(st: &calamine::Style) -> bool {
    let whitish = |c: &calamine::Color| c.red >= 0xF0 && c.green >= 0xF0 && c.blue >= 0xF0;
    let near = |a: &calamine::Color, b: &calamine::Color| {
        a.red.abs_diff(b.red) <= 0x10
            && a.green.abs_diff(b.green) <= 0x10
            && a.blue.abs_diff(b.blue) <= 0x10
    };
    let Some(fc) = st.font.as_ref().and_then(|f| f.color.as_ref()) else {
        return false;
    };
    let fill = st
        .fill
        .as_ref()
        .filter(|f| f.pattern != calamine::FillPattern::None);
    match fill {
        None => whitish(fc),
        Some(f) => match f.pattern {
            calamine::FillPattern::Solid => match f.foreground_color.as_ref() {
                None => whitish(fc),
                Some(bg) => near(fc, bg),
            },
            _ => false,
        },
    }
}

/// What a number format code shows nothing for: the clear cases only. Sections are split at
/// `;` (outside quotes, escapes and brackets); a section is blank when it shows no character
/// (only spaces, empty or blank quoted literals, `_x` spacers, colours, conditions and
/// `[$-409]`-style locale codes). Numbers are hidden when the format has at least two sections
/// and its number sections (the first three) are all blank (`;;`, `;;;`, `"";"";""`); text
/// when its fourth section is there and blank (`;;;`, `0;-0;0;`). `General`, `@`, digits
/// placeholders, a currency (`[$¥]`), elapsed time (`[h]`) or any literal character show
/// something.
fn format_hides(code: &str) -> u8 {
    let mut blank: Vec<bool> = vec![true];
    let mut cs = code.chars();
    let mut in_quote = false;
    while let Some(c) = cs.next() {
        let cur = blank.len() - 1;
        if in_quote {
            if c == '"' {
                in_quote = false;
            } else if !c.is_whitespace() {
                blank[cur] = false;
            }
            continue;
        }
        match c {
            '"' => in_quote = true,
            ';' => {
                if blank.len() >= 4 {
                    // a fifth section is not a format Excel accepts: nothing is hidden
                    return 0;
                }
                blank.push(true);
            }
            // a spacer: the width of the next character, shown as space
            '_' => {
                cs.next();
            }
            // an escaped literal or a fill character: shown
            '\\' | '*' => {
                if cs.next().is_some_and(|n| !n.is_whitespace()) {
                    blank[cur] = false;
                }
            }
            '[' => {
                let inner: String = cs.by_ref().take_while(|&c| c != ']').collect();
                if !bracket_blank(&inner) {
                    blank[cur] = false;
                }
            }
            c if c.is_whitespace() => {}
            _ => blank[cur] = false,
        }
    }
    let mut bits = 0;
    if blank.len() >= 2 && blank.iter().take(3).all(|&b| b) {
        bits |= HIDES_NUMBERS;
    }
    if blank.len() == 4 && blank[3] {
        bits |= HIDES_TEXT;
    }
    bits
}

/// Whether a `[…]` code of a number format shows nothing: a colour, a condition, or a locale
/// code without a currency string (`[$-409]`).
fn bracket_blank(inner: &str) -> bool {
    let t = inner.trim();
    if let Some(cur) = t.strip_prefix('$') {
        return cur.split('-').next().unwrap_or("").trim().is_empty();
    }
    if t.starts_with(['<', '>', '=']) {
        return true;
    }
    let l = t.to_ascii_lowercase();
    matches!(
        l.as_str(),
        "black" | "blue" | "cyan" | "green" | "magenta" | "red" | "white" | "yellow"
    ) || l
        .strip_prefix("color")
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// ORs a sheet's bitset into the workbook's.
fn merge_bits(into: &mut Vec<u64>, from: Vec<u64>) {
    if into.len() < from.len() {
        into.resize(from.len(), 0);
    }
    for (a, b) in into.iter_mut().zip(from) {
        *a |= b;
    }
}

/// A data validation's cells for a location when they are one cell or one range (`B2`,
/// `B2:B90`), rebuilt from the parsed references (no text of the file goes into it).
fn simple_sqref(sqref: &str) -> Option<String> {
    let t = sqref.trim();
    if t.is_empty() || t.contains(char::is_whitespace) {
        return None;
    }
    let mut parts = t.split(':');
    let (r1, c1) = parse_ref(parts.next()?)?;
    let first = cell_name(r1, c1);
    match (parts.next(), parts.next()) {
        (None, _) => Some(first),
        (Some(b), None) => {
            let (r2, c2) = parse_ref(b)?;
            Some(format!("{first}:{}", cell_name(r2, c2)))
        }
        _ => None,
    }
}

/// Whether a validation formula holds something to scan: a text constant (a list's items,
/// `"甲,乙,丙"`), or a bare number of six or more digits. A reference (`$A$1:$A$9`,
/// `名单!$B:$B`) or a small bound (`100`) gives nothing.
fn validation_formula_worth(f: &str) -> bool {
    if has_text_constant(f) {
        return true;
    }
    let t = f.trim().trim_start_matches(['-', '+', '=']);
    !t.is_empty()
        && t.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && t.bytes().filter(u8::is_ascii_digit).count() >= 6
}

/// One `Metadata("other")` segment per data-validation formula holding text constants (the
/// items of a dropdown list a reader sees only when opening it) and per input/error message,
/// located at the sheet, its part, field `dataValidation` (`dataValidation:prompt`…) and the
/// validated cells when they are one cell or range. Conditional-formatting rules' texts and
/// formulas are read the same way, field `conditionalFormatting`. An identifier in them is
/// still found.
fn emit_validations(out: &mut Extracted, label: &str, part: Option<&str>, vals: Vec<Validation>) {
    for v in vals {
        let cell = simple_sqref(&v.sqref);
        for (name, text) in v.texts {
            let formula = name.starts_with("formula");
            let text = text.trim();
            if formula && !validation_formula_worth(text)
                || !text.chars().any(char::is_alphanumeric)
            {
                continue;
            }
            let field = if name == "formula" || name == "cfText" {
                "conditionalFormatting".to_string()
            } else if formula {
                "dataValidation".to_string()
            } else {
                format!("dataValidation:{name}")
            };
            out.segments.push(Segment::fixed(
                text.to_string(),
                Location {
                    sheet: Some(label.to_string()),
                    part: part.map(str::to_string),
                    cell: cell.clone(),
                    field: Some(field),
                    ..Default::default()
                },
                Layer::Metadata("other"),
                Zone::Metadata,
            ));
        }
    }
}

/// One `Metadata("other")` segment per cell formula kept by the pre-scan (a long digit run
/// its cached value does not show), located at the cell with field `formula`.
fn emit_formulas(
    out: &mut Extracted,
    label: &str,
    part: Option<&str>,
    formulas: Vec<((u32, u32), String)>,
) {
    for ((row, col), f) in formulas {
        out.segments.push(Segment::fixed(
            f,
            Location {
                sheet: Some(label.to_string()),
                part: part.map(str::to_string),
                cell: Some(cell_name(row, col)),
                field: Some("formula".into()),
                ..Default::default()
            },
            Layer::Metadata("other"),
            Zone::Metadata,
        ));
    }
}

/// A sheet's cell hyperlinks: the tooltip (shown on hover) and an external target that dials
/// or writes to someone (`tel:`, `mailto:`) or holds a run of 11 or more digits (`?sfz=…`),
/// as `metadata` segments located at the cell with field `hyperlink`. The display text is the
/// cell's own text, read with the cell.
fn emit_hyperlinks(
    zip: &mut SafeZip<'_>,
    part: &str,
    label: &str,
    links: &[(String, Option<String>, Option<String>)],
    limits: &Limits,
    out: &mut Extracted,
) {
    let targets: HashMap<String, String> = zip
        .read_opt(&xmlutil::rels_name(part))
        .ok()
        .flatten()
        .and_then(|rx| xmlutil::parse_rels(&rx, part, limits.max_xml_depth).ok())
        .unwrap_or_default()
        .into_iter()
        .filter(|r| r.external && r.rel_type.ends_with("/hyperlink"))
        .map(|r| (r.id, r.target))
        .collect();
    for (cell, rid, tooltip) in links {
        let target = rid
            .as_ref()
            .and_then(|id| targets.get(id))
            .map(|t| String::from_utf8_lossy(&xmlutil::percent_decode_bytes(t)).into_owned())
            .filter(|t| {
                let l = t.trim_start().to_ascii_lowercase();
                l.starts_with("tel:")
                    || l.starts_with("mailto:")
                    || l.starts_with("sms:")
                    || digit_runs(t, FORMULA_DIGIT_RUN).next().is_some()
            });
        for text in tooltip.iter().chain(target.iter()) {
            if text.trim().is_empty() {
                continue;
            }
            out.segments.push(Segment::fixed(
                text.clone(),
                Location {
                    sheet: Some(label.to_string()),
                    part: Some(part.to_string()),
                    cell: Some(cell.split(':').next().unwrap_or(cell).to_string()),
                    field: Some("hyperlink".into()),
                    ..Default::default()
                },
                Layer::Metadata("other"),
                Zone::Metadata,
            ));
        }
    }
}

/// Upper bound of the number of `si` elements of a shared-string part, by a byte search
/// (`<si>`, `<si …>`, `<si/>`; one in a comment counts too); `None` when a prefixed `x:si`
/// may be there (a full parse must count).
fn si_count_bound(xml: &[u8]) -> Option<usize> {
    let mut n = 0usize;
    for p in memchr::memmem::find_iter(xml, b"si") {
        if !matches!(
            xml.get(p + 2),
            Some(b'>' | b'/' | b' ' | b'\t' | b'\r' | b'\n')
        ) {
            continue;
        }
        match p.checked_sub(1).map(|k| xml[k]) {
            Some(b'<') => n += 1,
            Some(b':') => return None,
            _ => {}
        }
    }
    Some(n)
}

/// Strings of the shared-string table (`xl/sharedStrings.xml`, next to the workbook part, where
/// calamine reads it) that no cell refers to: left over by tools that do not rewrite the table,
/// in the file, and seen by no reader of the sheets. Each non-empty one is a `hidden_text`
/// segment located at the part and field `si#N` (N the 0-based index a cell's `<v>` would
/// hold). `refs` are the indexes the sheets' cells use. Cheap checks first: the table's declared
/// `uniqueCount` (from its first bytes) — when every index below it is referenced (the usual
/// case) the table is not read again; else a byte count of its `si` elements — when every one
/// is referenced the part is not parsed. A table whose `uniqueCount` understates its strings
/// is therefore not checked. Tables with more than [`SST_CAP`] strings are read up to it.
fn unused_shared_strings(
    bytes: &[u8],
    zip: &mut SafeZip<'_>,
    wb_part: &str,
    refs: &[u64],
    limits: &Limits,
    out: &mut Extracted,
) {
    let dir = xmlutil::part_dir(wb_part);
    let want = if dir.is_empty() {
        "sharedStrings.xml".to_string()
    } else {
        format!("{dir}/sharedStrings.xml")
    };
    let Some(name) = zip.actual_name(&want) else {
        return;
    };
    // the declared number of strings, from the part's first bytes: when every one of them is
    // referenced the table is taken as used (reading the whole part again costs about 5% of
    // the xlsx extraction time); a table whose `uniqueCount` understates it is not checked
    if let Some(n) = declared_unique_count(bytes, &name) {
        if n <= SST_CAP && used_below(refs, n) == n {
            return;
        }
    }
    let xml = match zip.read(&name) {
        Ok(x) => x,
        Err(p) => {
            out.not_examined.push(NotExamined {
                what: "unused shared strings".into(),
                location: p.location,
                reason: format!("shared-string table not read again: {}", p.detail),
            });
            return;
        }
    };
    if let Some(n) = si_count_bound(&xml) {
        let n = n.min(SST_CAP);
        if used_below(refs, n) == n {
            return;
        }
    }
    let mut xs = XmlStream::new(&xml, limits.max_xml_depth);
    let mut idx = 0usize;
    // the string being read: its depth and whether its text is wanted
    let mut si: Option<(usize, bool)> = None;
    let mut text = String::new();
    // depth of a `t` being read, of a phonetic run being skipped
    let mut t_depth: Option<usize> = None;
    let mut rph: Option<usize> = None;
    let mut emitted = 0u64;
    // calamine read the part; a damaged tail ends the check
    while let Ok(ev) = xs.next_event() {
        let collecting = si.is_some_and(|s| s.1) && t_depth.is_some() && rph.is_none();
        match ev {
            Event::Start(e) => match xmlutil::local_name(&e) {
                "si" if si.is_none() => {
                    if idx >= SST_CAP {
                        break;
                    }
                    si = Some((xs.depth(), !bit(refs, idx)));
                    text.clear();
                }
                "rPh" if si.is_some() && rph.is_none() => rph = Some(xs.depth()),
                "t" if si.is_some() && t_depth.is_none() => t_depth = Some(xs.depth()),
                _ => {}
            },
            Event::Empty(e) if si.is_none() && xmlutil::local_name(&e) == "si" => idx += 1,
            Event::Text(t) if collecting && text.len() < MAX_VALIDATION_TEXT => {
                text.push_str(&t.xml10_content())
            }
            Event::GeneralRef(r) if collecting && text.len() < MAX_VALIDATION_TEXT => {
                text.push_str(&ref_text(&r))
            }
            Event::CData(c) if collecting && text.len() < MAX_VALIDATION_TEXT => {
                text.push_str(&c.xml10_content())
            }
            Event::End(_) => {
                let d = xs.depth();
                if rph.is_some_and(|r| d < r) {
                    rph = None;
                }
                if t_depth.is_some_and(|t| d < t) {
                    t_depth = None;
                }
                if let Some((sd, wanted)) = si {
                    if d < sd {
                        si = None;
                        if wanted && text.chars().any(char::is_alphanumeric) {
                            emitted += 1;
                            if emitted > limits.max_cells {
                                out.problems.push(Problem::new(
                                    "limit_exceeded",
                                    Location::part(&name),
                                    format!("more than {} unused shared strings", limits.max_cells),
                                ));
                                return;
                            }
                            out.segments.push(Segment::fixed(
                                cap_text(std::mem::take(&mut text)),
                                Location {
                                    part: Some(name.clone()),
                                    field: Some(format!("si#{idx}")),
                                    ..Default::default()
                                },
                                Layer::Hidden("hidden_text"),
                                Zone::Body,
                            ));
                        }
                        idx += 1;
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
}

/// How many of the indexes below `n` are set in a bitset.
fn used_below(refs: &[u64], n: usize) -> usize {
    (0..n.div_ceil(64))
        .map(|w| {
            let word = refs.get(w).copied().unwrap_or(0);
            let keep = if (w + 1) * 64 <= n {
                u64::MAX
            } else {
                (1u64 << (n % 64)) - 1
            };
            (word & keep).count_ones() as usize
        })
        .sum()
}

/// The `uniqueCount` a shared-string part declares on its root, read from its first 4 KiB
/// (inflated through the zip crate directly: the table is not read whole); `None` when absent
/// or unreadable.
fn declared_unique_count(bytes: &[u8], name: &str) -> Option<usize> {
    use std::io::Read;
    let mut z = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let mut head = Vec::with_capacity(4096);
    z.by_name(name)
        .ok()?
        .take(4096)
        .read_to_end(&mut head)
        .ok()?;
    let mut xs = XmlStream::new(&head, 8);
    loop {
        match xs.next_event().ok()? {
            Event::Start(e) | Event::Empty(e) => {
                return (xmlutil::local_name(&e) == "sst")
                    .then(|| attr(&e, "uniqueCount"))??
                    .trim()
                    .parse()
                    .ok();
            }
            Event::Eof => return None,
            _ => {}
        }
    }
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
// Drawings (text boxes, shapes) and charts

/// Drawing and chart parts read so far, and the budget of text pieces (paragraphs, cached
/// chart values) they share: `limits.max_cells` for the whole workbook.
#[derive(Default)]
struct Drawings {
    done: HashSet<String>,
    pieces: u64,
    exceeded: bool,
}

impl Drawings {
    /// Counts one piece of text; false once the budget is spent.
    fn take(&mut self, limits: &Limits) -> bool {
        self.pieces += 1;
        if self.pieces > limits.max_cells {
            self.exceeded = true;
        }
        !self.exceeded
    }
}

/// The sheet a drawing or chart sits on (its label), if known.
struct DrawCtx<'a> {
    sheet: Option<&'a str>,
    hidden_sheet: bool,
    /// Every sheet of the workbook by name: whether it is hidden (a chart's source cells).
    sheets: &'a HashMap<String, bool>,
}

impl DrawCtx<'_> {
    /// Layer of what the drawing shows: visible on the sheet, unless the sheet is hidden.
    fn layer(&self) -> Layer {
        if self.hidden_sheet {
            Layer::Hidden("hidden_sheet")
        } else {
            Layer::Visible
        }
    }
    fn loc(&self, part: &str) -> Location {
        Location {
            sheet: self.sheet.map(str::to_string),
            part: Some(part.to_string()),
            ..Default::default()
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum DrawPart {
    Drawing,
    Chart,
}

/// The internal relationships of a part (none when it has no or a broken `.rels`).
fn part_rels(zip: &mut SafeZip<'_>, part: &str, limits: &Limits) -> Vec<xmlutil::Rel> {
    zip.read_opt(&xmlutil::rels_name(part))
        .ok()
        .flatten()
        .and_then(|rx| xmlutil::parse_rels(&rx, part, limits.max_xml_depth).ok())
        .unwrap_or_default()
        .into_iter()
        .filter(|r| !r.external)
        .collect()
}

/// Reads the drawings a sheet links to (`…/relationships/drawing`), and their charts.
fn sheet_drawings(
    zip: &mut SafeZip<'_>,
    rels: &[xmlutil::Rel],
    ctx: &DrawCtx<'_>,
    limits: &Limits,
    d: &mut Drawings,
    out: &mut Extracted,
) {
    for r in rels {
        if !r.external && r.rel_type.ends_with("/drawing") {
            read_drawing_tree(zip, &r.target, DrawPart::Drawing, ctx, limits, d, out);
        }
    }
}

/// Reads a drawing or chart part and what it links to (a drawing's charts, the shapes drawn
/// on a chart), each part once; a worklist, not recursion: links may form cycles.
fn read_drawing_tree(
    zip: &mut SafeZip<'_>,
    start: &str,
    kind: DrawPart,
    ctx: &DrawCtx<'_>,
    limits: &Limits,
    d: &mut Drawings,
    out: &mut Extracted,
) {
    let mut queue = vec![(start.to_string(), kind)];
    while let Some((part, kind)) = queue.pop() {
        if d.exceeded {
            return;
        }
        let Some(part) = zip.actual_name(&part) else {
            continue;
        };
        if !d.done.insert(part.to_ascii_lowercase()) {
            continue;
        }
        let xml = match zip.read(&part) {
            Ok(x) => x,
            Err(mut p) => {
                p.location.sheet = ctx.sheet.map(str::to_string);
                out.problems.push(p);
                continue;
            }
        };
        let read = match kind {
            DrawPart::Drawing => read_drawing(&xml, &part, ctx, limits, d, out),
            DrawPart::Chart => read_chart(&xml, &part, ctx, limits, d, out),
        };
        drop(xml);
        if let Err(m) = read {
            out.problems.push(xml_problem(ctx.loc(&part), m));
        }
        if d.exceeded {
            out.problems.push(Problem::new(
                "limit_exceeded",
                ctx.loc(&part),
                format!(
                    "drawings and charts hold more than {} pieces of text",
                    limits.max_cells
                ),
            ));
            return;
        }
        for r in part_rels(zip, &part, limits) {
            let t = r.rel_type.as_str();
            if t.ends_with("/chart") || t.ends_with("/chartEx") {
                queue.push((r.target, DrawPart::Chart));
            } else if t.ends_with("/chartUserShapes") || t.ends_with("/drawing") {
                queue.push((r.target, DrawPart::Drawing));
            }
        }
    }
}

/// The error for a part that ends inside open elements (truncated).
fn truncated(depth: usize) -> String {
    format!("xml error: part ends inside {depth} open element(s) (truncated)")
}

/// Text of a drawing part (`xl/drawings/drawingN.xml`, also the shapes drawn on a chart): one
/// segment per paragraph of a shape's text body (`xdr:sp/xdr:txBody/a:p`, `a:t` runs, `a:br`
/// line breaks), located by part and paragraph (1-based, every `a:p` of the part counts); and
/// a picture's or shape's alternative text (`cNvPr` `descr`/`title`). A text box floats over
/// the sheet where stamps and markings are put (CONTRACT §5): its text is in the title zone.
fn read_drawing(
    xml: &[u8],
    part: &str,
    ctx: &DrawCtx<'_>,
    limits: &Limits,
    d: &mut Drawings,
    out: &mut Extracted,
) -> Result<(), String> {
    let mut xs = XmlStream::new(xml, limits.max_xml_depth);
    let layer = ctx.layer();
    let mut body: Option<usize> = None;
    let mut para: Option<(usize, String)> = None;
    let mut in_t: Option<usize> = None;
    let mut para_no = 0u32;
    loop {
        let ev = xs.next_event()?;
        let empty = matches!(ev, Event::Empty(_));
        match ev {
            Event::Start(e) | Event::Empty(e) => match xmlutil::local_name(&e) {
                "cNvPr" => {
                    for key in ["descr", "title"] {
                        let Some(v) = attr(&e, key).filter(|v| !v.trim().is_empty()) else {
                            continue;
                        };
                        if !d.take(limits) {
                            return Ok(());
                        }
                        out.segments.push(Segment::fixed(
                            v,
                            Location {
                                field: Some(key.to_string()),
                                ..ctx.loc(part)
                            },
                            layer,
                            Zone::Body,
                        ));
                    }
                }
                "txBody" if !empty && body.is_none() => body = Some(xs.depth()),
                "p" if body.is_some() => {
                    para_no += 1;
                    if !empty && para.is_none() {
                        para = Some((xs.depth(), String::new()));
                    }
                }
                "t" if !empty && para.is_some() => in_t = Some(xs.depth()),
                "br" => {
                    if let Some((_, s)) = para.as_mut() {
                        s.push('\n');
                    }
                }
                _ => {}
            },
            Event::Text(t) => {
                if let Some((_, s)) = para.as_mut().filter(|_| in_t.is_some()) {
                    s.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                if let Some((_, s)) = para.as_mut().filter(|_| in_t.is_some()) {
                    s.push_str(&ref_text(&r));
                }
            }
            Event::CData(c) => {
                if let Some((_, s)) = para.as_mut().filter(|_| in_t.is_some()) {
                    s.push_str(&c.xml10_content());
                }
            }
            Event::End(_) => {
                let depth = xs.depth();
                if in_t.is_some_and(|t| depth < t) {
                    in_t = None;
                }
                if para.as_ref().is_some_and(|p| depth < p.0) {
                    let (_, text) = para.take().unwrap_or_default();
                    if !text.trim().is_empty() {
                        if !d.take(limits) {
                            return Ok(());
                        }
                        out.segments.push(Segment::fixed(
                            text.trim_end().to_string(),
                            Location {
                                paragraph: Some(para_no),
                                ..ctx.loc(part)
                            },
                            layer,
                            Zone::Title,
                        ));
                    }
                }
                if body.is_some_and(|b| depth < b) {
                    body = None;
                }
            }
            Event::Eof if xs.depth() > 0 => return Err(truncated(xs.depth())),
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(())
}

/// The sheet a chart formula's first reference points into (`Sheet1!$B$2:$B$9`,
/// `'名 单'!$B$2`, `(Sheet1!$B$2,Sheet1!$B$4)`); `None` for an external (`[1]Sheet1!…`) or
/// unreadable reference.
fn formula_sheet(f: &str) -> Option<String> {
    let f = f.trim().trim_start_matches(['(', '=']);
    if let Some(rest) = f.strip_prefix('\'') {
        let mut name = String::new();
        let mut it = rest.chars().peekable();
        while let Some(c) = it.next() {
            if c == '\'' {
                if it.peek() == Some(&'\'') {
                    it.next();
                    name.push('\'');
                    continue;
                }
                return (it.next() == Some('!') && !name.starts_with('[')).then_some(name);
            }
            name.push(c);
        }
        return None;
    }
    let (name, _) = f.split_once('!')?;
    (!name.is_empty() && !name.starts_with('[')).then(|| name.to_string())
}

/// Elements of a chart part that decide what its text is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum ChartTag {
    Title,
    /// a series' name (`c:tx`), or a title's text (`cx:tx`)
    Tx,
    /// category labels (`c:cat`, chartex `cx:strDim`)
    Cat,
    /// series values (`c:val`, `c:xVal`, `c:yVal`, `c:bubbleSize`, chartex `cx:numDim`)
    Val,
    Ser,
    /// a cache or literal of values (`c:strCache`, `c:numCache`, `c:multiLvlStrCache`,
    /// `c:strLit`, `c:numLit`, `c15:dlblRangeCache`, chartex `cx:lvl`)
    Cache,
    Pt,
    /// rich text (`c:rich`, `c:txPr`, `cdr:txBody`)
    Rich,
    P,
    T,
    V,
    /// a formula (a reference to the source cells; holds sheet names, not chart text)
    F,
    /// a print header or footer of the chart (`c:headerFooter/c:oddHeader`…)
    HeaderFooter(&'static str),
    Other,
}

fn chart_tag(local: &str) -> ChartTag {
    match local {
        "title" => ChartTag::Title,
        "tx" => ChartTag::Tx,
        "cat" | "strDim" => ChartTag::Cat,
        "val" | "xVal" | "yVal" | "bubbleSize" | "numDim" => ChartTag::Val,
        "ser" | "series" => ChartTag::Ser,
        "pt" => ChartTag::Pt,
        "rich" | "txPr" | "txBody" => ChartTag::Rich,
        "p" => ChartTag::P,
        "t" => ChartTag::T,
        "v" => ChartTag::V,
        "f" => ChartTag::F,
        l if l.ends_with("Cache") || l.ends_with("Lit") || l == "lvl" => ChartTag::Cache,
        l => match header_footer_kind(l.as_bytes()) {
            Some(k) => ChartTag::HeaderFooter(k),
            None => ChartTag::Other,
        },
    }
}

/// A cache being read: stack depth of its element, whether it holds numbers, the field it is
/// reported under, its layer and its values (one a line).
struct ChartCache {
    depth: usize,
    numeric: bool,
    field: String,
    layer: Layer,
    text: String,
}

/// Text of a chart part (`xl/charts/chartN.xml`, also chartex): titles and other rich text
/// (one segment per paragraph, titles in the title zone), series names, and the cached values
/// of each series (`c:pt/c:v` of a `strCache`/`numCache`…, one segment per cache with a value a
/// line). Category labels and names are what the chart shows (the sheet's layer); the cached
/// series values are a copy of the source cells kept in the file even when the cells are gone:
/// `hidden_content/chart_cache`. Formulas (`c:f`) are references and are not read.
fn read_chart(
    xml: &[u8],
    part: &str,
    ctx: &DrawCtx<'_>,
    limits: &Limits,
    d: &mut Drawings,
    out: &mut Extracted,
) -> Result<(), String> {
    let mut xs = XmlStream::new(xml, limits.max_xml_depth);
    let layer = ctx.layer();
    let mut stack: Vec<ChartTag> = Vec::new();
    let (mut ser_no, mut para_no) = (0u32, 0u32);
    let mut cache: Option<ChartCache> = None;
    let mut pt: Option<String> = None;
    let mut para: Option<String> = None;
    let mut name_v: Option<String> = None;
    let mut hf: Option<(&'static str, String)> = None;
    // the last formula read (`c:numRef/c:f` comes before its `c:numCache`)
    let mut formula: Option<String> = None;
    let in_ser = |stack: &[ChartTag]| stack.contains(&ChartTag::Ser);
    loop {
        let ev = xs.next_event()?;
        match ev {
            Event::Start(e) => {
                let tag = chart_tag(xmlutil::local_name(&e));
                let has = |t: ChartTag| stack.contains(&t);
                let in_formula = has(ChartTag::F);
                match tag {
                    ChartTag::Ser => ser_no += 1,
                    ChartTag::Val | ChartTag::Cat | ChartTag::Tx => formula = None,
                    ChartTag::F if !in_formula => formula = Some(String::new()),
                    ChartTag::Cache if cache.is_none() && !in_formula => {
                        // series values are shown as marks, not as text: they are a copy
                        // kept in the file, hidden content unless they come from cells of a
                        // visible sheet (or are the chart's own literals)
                        let local = xmlutil::local_name(&e);
                        let source_visible = local.ends_with("Lit")
                            || formula
                                .as_deref()
                                .and_then(formula_sheet)
                                .and_then(|n| ctx.sheets.get(&n))
                                .is_some_and(|hidden| !hidden);
                        let (role, cache_layer) = if has(ChartTag::Val) {
                            let l = if source_visible {
                                layer
                            } else {
                                Layer::Hidden("chart_cache")
                            };
                            ("values", l)
                        } else if has(ChartTag::Cat) {
                            ("categories", layer)
                        } else if has(ChartTag::Tx) {
                            ("name", layer)
                        } else {
                            ("labels", layer)
                        };
                        let field = if in_ser(&stack) {
                            format!("series {ser_no} {role}")
                        } else {
                            role.to_string()
                        };
                        cache = Some(ChartCache {
                            depth: stack.len() + 1,
                            numeric: local.starts_with("num")
                                || has(ChartTag::Val) && local == "lvl",
                            field,
                            layer: cache_layer,
                            text: String::new(),
                        });
                    }
                    ChartTag::Pt if cache.is_some() => pt = Some(String::new()),
                    ChartTag::P if has(ChartTag::Rich) => {
                        para_no += 1;
                        para = Some(String::new());
                    }
                    ChartTag::V
                        if cache.is_none() && pt.is_none() && has(ChartTag::Tx) && !in_formula =>
                    {
                        name_v = Some(String::new())
                    }
                    ChartTag::HeaderFooter(k) if hf.is_none() => hf = Some((k, String::new())),
                    _ => {}
                }
                stack.push(tag);
            }
            Event::Empty(e) => match xmlutil::local_name(&e) {
                "br" => {
                    if let Some(p) = para.as_mut() {
                        p.push('\n');
                    }
                }
                "p" if stack.contains(&ChartTag::Rich) => para_no += 1,
                _ => {}
            },
            Event::Text(_) | Event::GeneralRef(_) | Event::CData(_) => {
                let s = match &ev {
                    Event::Text(t) => t.xml10_content().into_owned(),
                    Event::GeneralRef(r) => ref_text(r),
                    Event::CData(c) => c.xml10_content().into_owned(),
                    _ => String::new(),
                };
                if stack.contains(&ChartTag::F) {
                    if let Some(f) = formula.as_mut().filter(|f| f.len() < 4096) {
                        f.push_str(&s);
                    }
                    continue;
                }
                if let Some((_, h)) = hf.as_mut() {
                    h.push_str(&s);
                } else if let Some(p) = para.as_mut().filter(|_| stack.last() == Some(&ChartTag::T))
                {
                    p.push_str(&s);
                } else if let Some(p) = pt.as_mut() {
                    p.push_str(&s);
                } else if let Some(n) = name_v.as_mut() {
                    n.push_str(&s);
                }
            }
            Event::End(_) => {
                let tag = stack.pop();
                let has = |t: ChartTag| stack.contains(&t);
                match tag {
                    Some(ChartTag::P) => {
                        if let Some(text) = para.take().filter(|t| !t.trim().is_empty()) {
                            if !d.take(limits) {
                                return Ok(());
                            }
                            let title = has(ChartTag::Title);
                            out.segments.push(Segment::fixed(
                                text.trim_end().to_string(),
                                Location {
                                    paragraph: Some(para_no),
                                    field: Some(if title { "title" } else { "text" }.into()),
                                    ..ctx.loc(part)
                                },
                                layer,
                                if title { Zone::Title } else { Zone::Body },
                            ));
                        }
                    }
                    Some(ChartTag::Pt) => {
                        if let (Some(v), Some(c)) = (pt.take(), cache.as_mut()) {
                            let v = v.trim();
                            if !v.is_empty() {
                                if !d.take(limits) {
                                    return Ok(());
                                }
                                // a number as the digits it holds; E-notation as a numeric
                                // cell shows it (masked tail beyond 15 digits)
                                let f = v
                                    .parse::<f64>()
                                    .ok()
                                    .filter(|_| c.numeric && v.contains(['e', 'E']));
                                match f {
                                    Some(f) => c.text.push_str(&float_text(f).0),
                                    None => c.text.push_str(v),
                                }
                                c.text.push('\n');
                            }
                        }
                    }
                    Some(ChartTag::V) => {
                        if let Some(n) = name_v.take().filter(|n| !n.trim().is_empty()) {
                            if !d.take(limits) {
                                return Ok(());
                            }
                            let title = has(ChartTag::Title);
                            let field = if title {
                                "title".to_string()
                            } else if in_ser(&stack) {
                                format!("series {ser_no} name")
                            } else {
                                "name".to_string()
                            };
                            out.segments.push(Segment::fixed(
                                n.trim().to_string(),
                                Location {
                                    field: Some(field),
                                    ..ctx.loc(part)
                                },
                                layer,
                                if title { Zone::Title } else { Zone::Body },
                            ));
                        }
                    }
                    Some(ChartTag::Cache)
                        if cache.as_ref().is_some_and(|c| c.depth == stack.len() + 1) =>
                    {
                        if let Some(c) = cache.take() {
                            let text = c.text.trim_end();
                            if !text.is_empty() {
                                out.segments.push(Segment::fixed(
                                    text.to_string(),
                                    Location {
                                        field: Some(c.field),
                                        ..ctx.loc(part)
                                    },
                                    c.layer,
                                    Zone::Body,
                                ));
                            }
                        }
                    }
                    Some(ChartTag::HeaderFooter(k)) if hf.as_ref().is_some_and(|h| h.0 == k) => {
                        if let Some((k, raw)) = hf.take() {
                            let text = strip_header_footer_codes(&raw);
                            if !text.trim().is_empty() {
                                out.segments.push(Segment::fixed(
                                    text,
                                    Location {
                                        field: Some(k.to_string()),
                                        ..ctx.loc(part)
                                    },
                                    layer,
                                    Zone::HeaderFooter,
                                ));
                            }
                        }
                    }
                    _ => {}
                }
            }
            Event::Eof if xs.depth() > 0 => return Err(truncated(xs.depth())),
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(())
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
    text_left: &mut u64,
    out: &mut Extracted,
) {
    let mut cells: u64 = 0;
    for (k, def) in xml_parts(names, "xl/pivotcache/pivotcachedefinition")
        .into_iter()
        .enumerate()
    {
        let fields = match zip.read(def) {
            Ok(x) => match parse_cache_definition(&x, limits) {
                Ok(f) => f,
                Err(m) => {
                    out.problems.push(xml_problem(Location::part(def), m));
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
                        out.problems.push(xml_problem(Location::part(&r.target), m));
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
                if cells > limits.max_cells || v.len() as u64 > *text_left {
                    *text_left = 0;
                    break;
                }
                *text_left -= v.len() as u64;
                let mut seg = Segment::fixed(
                    v,
                    Location {
                        row: Some(row),
                        field: Some(field_name(field)),
                        ..Location::part(&r.target)
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
                    if cells > limits.max_cells || v.len() as u64 > *text_left {
                        *text_left = 0;
                        break;
                    }
                    *text_left -= v.len() as u64;
                    out.segments.push(Segment::fixed(
                        v.clone(),
                        Location {
                            field: Some(field_name(i)),
                            ..Location::part(def)
                        },
                        Layer::Hidden("pivot_cache"),
                        Zone::Body,
                    ));
                }
            }
        }
        if cells > limits.max_cells || *text_left == 0 {
            out.problems.push(Problem::new(
                "limit_exceeded",
                Location::part(def),
                format!(
                    "pivot caches hold more than {} values or {} MiB of text",
                    limits.max_cells,
                    MAX_ITEM_TEXT / (1024 * 1024)
                ),
            ));
            break;
        }
    }
}

// ---------------------------------------------------------------------------------------------
// XLSB

fn extract_xlsb(bytes: &[u8], limits: &Limits, out: &mut Extracted) {
    let mut text_left = MAX_ITEM_TEXT;
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
        let label = sheet_label(name, idx);
        let mark = begin_sheet(out, name, &label, *is_hidden);
        let hidden = Hidden {
            sheet: *is_hidden,
            ..Default::default()
        };
        match wb.worksheet_cells_reader(name) {
            Ok(mut reader) => {
                let mut sink = SheetSink::new(out, &label, idx, limits.max_cells, &mut text_left);
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
                                sheet_loc(&label),
                                format!("xlsb sheet: {e}"),
                            ));
                            break;
                        }
                    }
                }
            }
            Err(e) => out.problems.push(Problem::new(
                "corrupt",
                sheet_loc(&label),
                format!("xlsb sheet: {e}"),
            )),
        }
        end_sheet(out, mark, &label, None, Vec::new());
    }
    extract_doc_props(&mut zip, limits, out);
    external_paths(&mut zip, limits, out);
    list_parts(out, &names, false);
}

// ---------------------------------------------------------------------------------------------
// XLS and ODS (dense ranges; calamine builds them)

#[allow(clippy::too_many_arguments)]
fn emit_range(
    out: &mut Extracted,
    name: &str,
    idx: usize,
    range: &calamine::Range<Data>,
    hidden: &Hidden,
    big_numbers: Option<&HashMap<(u32, u32), Box<str>>>,
    limits: &Limits,
    text_left: &mut u64,
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
    let mut sink = SheetSink::new(out, name, idx, limits.max_cells, text_left);
    for (r, c, v) in range.used_cells() {
        if let Some((text, lost)) = data_text(v) {
            let row = r0.saturating_add(r as u32);
            let col = c0.saturating_add(c as u32);
            let (text, lost) = match big_numbers.and_then(|b| b.get(&(row, col))) {
                Some(d) if lost && matches!(v, Data::Float(_)) => (d.to_string(), false),
                _ => (text, lost),
            };
            if !sink.cell(row, col, text, lost, hidden) {
                break;
            }
        }
    }
}

fn extract_xls(bytes: &[u8], limits: &Limits, out: &mut Extracted) {
    let mut text_left = MAX_ITEM_TEXT;
    // calamine reads a truncated compound file or sheet as a shorter one, and an XOR-obfuscated
    // workbook as plain: check the structure first (src/extract/ole.rs)
    let infos = match super::ole::check_xls(bytes) {
        Ok(i) => i,
        Err(issue) => {
            let (kind, msg) = match issue {
                super::ole::OleIssue::Corrupt(m) => ("corrupt", m),
                super::ole::OleIssue::Encrypted(m) => ("encrypted", m),
            };
            out.problems
                .push(Problem::new(kind, Location::item(), format!("xls: {msg}")));
            return;
        }
    };
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
    let sheets: Vec<(String, bool)> = wb
        .sheets_metadata()
        .iter()
        .map(|s| (s.name.clone(), !matches!(s.visible, SheetVisible::Visible)))
        .collect();
    // hidden rows, columns and comments from the BIFF records, one entry per BOUNDSHEET (the
    // order calamine lists sheets in); a BIFF5 file or one calamine reads otherwise is not
    // checked for them, and says so
    let infos = (infos.len() == sheets.len() && !sheets.is_empty()).then_some(infos);
    if infos.is_none() {
        not_checked(out, "xls");
    }
    for (idx, (name, is_hidden)) in sheets.iter().enumerate() {
        let label = sheet_label(name, idx);
        let mark = begin_sheet(out, name, &label, *is_hidden);
        let info = infos.as_ref().and_then(|i| i.get(idx));
        let hidden = Hidden {
            sheet: *is_hidden,
            rows: info
                .map(|i| i.hidden_rows.iter().copied().collect())
                .unwrap_or_default(),
            cols: info.map(|i| i.hidden_cols.clone()).unwrap_or_default(),
            ..Default::default()
        };
        if let Some(info) = info {
            let list: Vec<(String, String)> = info
                .notes
                .iter()
                .map(|(r, c, _, t)| (cell_name(*r, *c), t.clone()))
                .collect();
            let authors = info
                .notes
                .iter()
                .map(|n| n.2.clone())
                .filter(|a| !a.trim().is_empty())
                .collect();
            emit_comments(out, &label, idx, &list, authors, "Workbook");
        }
        match wb.worksheet_range(name) {
            Ok(range) => emit_range(
                out,
                &label,
                idx,
                &range,
                &hidden,
                None,
                limits,
                &mut text_left,
            ),
            Err(e) => out.problems.push(Problem::new(
                "corrupt",
                sheet_loc(&label),
                format!("xls sheet: {e}"),
            )),
        }
        let hf = info.map(|i| i.header_footer.clone()).unwrap_or_default();
        end_sheet(out, mark, &label, None, hf);
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
    /// Float cells whose `office:value` literal holds more digits than a double keeps (an ID
    /// written by a script): (row, col) → the digits (see [`full_digits_literal`]).
    big_numbers: HashMap<(u32, u32), Box<str>>,
    /// Text outside the cells: drawing shapes and text boxes on the sheet (visible), link
    /// targets; for the document (the entry with an empty name), validation help and error
    /// messages and the old contents kept by change tracking. (field, layer, text)
    side: Vec<(&'static str, Layer, String)>,
}

/// Where text outside the cells of an ODS `content.xml` starts: (field, layer).
fn ods_side_text(q: &str) -> Option<(&'static str, Layer)> {
    Some(match q {
        "draw:text-box" | "draw:custom-shape" | "draw:rect" | "draw:ellipse" | "draw:caption"
        | "draw:polygon" | "draw:path" => ("draw", Layer::Visible),
        "table:help-message" | "table:error-message" => ("validation", Layer::Metadata("other")),
        "table:tracked-changes" => ("tracked-changes", Layer::Hidden("tracked_change")),
        _ => return None,
    })
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
    // text outside the cells being read: (depth, field, layer, text)
    let mut side: Option<(usize, &'static str, Layer, String)> = None;
    let mut side_done: Vec<(&'static str, Layer, String)> = Vec::new();
    let mut cell_typed = false;
    loop {
        let ev = xs.next_event()?;
        let is_empty = matches!(ev, Event::Empty(_));
        match ev {
            Event::Start(e) | Event::Empty(e) => {
                let q = qname(&e);
                if !is_empty && side.is_none() && note.is_none() {
                    // (a shape anchored in a cell with a value type is part of the cell's
                    // text calamine reads; in an untyped cell it is not)
                    if let Some((field, layer)) = ods_side_text(&q)
                        .filter(|s| s.0 != "draw" || cell_pos.is_none() || !cell_typed)
                    {
                        side = Some((xs.depth(), field, layer, String::new()));
                    }
                }
                // a link's target that dials, writes to someone or holds a long digit run
                if q == "text:a" {
                    if let Some(h) = attr(&e, "xlink:href") {
                        let h = String::from_utf8_lossy(&xmlutil::percent_decode_bytes(&h))
                            .into_owned();
                        let l = h.trim_start().to_ascii_lowercase();
                        if ["tel:", "mailto:", "sms:"].iter().any(|p| l.starts_with(p))
                            || h.split(|c: char| !c.is_ascii_digit())
                                .any(|r| r.len() >= 11)
                        {
                            side_done.push(("link", Layer::Metadata("other"), h));
                        }
                    }
                }
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
                        cell_typed = attr(&e, "office:value-type").is_some();
                        if let (Some(v), Some((_, t))) = (
                            attr(&e, "office:value").filter(|v| v.trim().len() >= 16),
                            cur.as_mut(),
                        ) {
                            if attr(&e, "office:value-type").as_deref() == Some("float") {
                                if let Some(d) = full_digits_literal(&v) {
                                    t.big_numbers.insert((row, col), d.into_boxed_str());
                                }
                            }
                        }
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
                        if (note.is_some() || side.is_some()) && !is_empty =>
                    {
                        note_skip = Some(xs.depth());
                    }
                    "text:p" if is_empty => {}
                    "text:s" => {
                        if let Some((_, s)) = note.as_mut() {
                            s.push(' ');
                        } else if let Some((_, _, _, s)) = side.as_mut() {
                            s.push(' ');
                        }
                    }
                    "text:line-break" | "text:tab" => {
                        let c = if q == "text:tab" { '\t' } else { '\n' };
                        if let Some((_, s)) = note.as_mut() {
                            s.push(c);
                        } else if let Some((_, _, _, s)) = side.as_mut() {
                            s.push(c);
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
                if side.as_ref().is_some_and(|s| xs.depth() < s.0) {
                    if let Some((_, field, layer, text)) = side.take() {
                        if text.chars().any(char::is_alphanumeric) {
                            side_done.push((field, layer, text.trim().to_string()));
                        }
                    }
                }
                // what was read outside the cells goes to the table it is in, else to the
                // document
                if !side_done.is_empty() && side.is_none() {
                    match cur.as_mut() {
                        Some((_, t)) => t.side.append(&mut side_done),
                        None => tables
                            .entry(String::new())
                            .or_default()
                            .side
                            .append(&mut side_done),
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
                        } else if let Some((_, _, _, s)) = side.as_mut() {
                            if !s.is_empty() && !s.ends_with('\n') && s.len() < MAX_VALIDATION_TEXT
                            {
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
                    } else if let Some((_, _, _, s)) = side.as_mut() {
                        if s.len() < MAX_VALIDATION_TEXT {
                            s.push_str(&t.xml10_content());
                        }
                    }
                }
            }
            Event::GeneralRef(r) => {
                if note_skip.is_none() {
                    if let Some((_, s)) = note.as_mut() {
                        s.push_str(&ref_text(&r));
                    } else if let Some((_, _, _, s)) = side.as_mut() {
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

/// Header/footer elements of an ODF master page.
fn ods_header_footer_kind(qname: &str) -> Option<&'static str> {
    Some(match qname {
        "style:header" => "style:header",
        "style:footer" => "style:footer",
        "style:header-left" => "style:header-left",
        "style:footer-left" => "style:footer-left",
        "style:header-first" => "style:header-first",
        "style:footer-first" => "style:footer-first",
        _ => return None,
    })
}

/// Print headers and footers of an ODS `styles.xml` (`style:master-page` →
/// `style:header`/`style:footer`/`-left`/`-first`, their `text:p` paragraphs, also inside
/// `style:region-left|center|right`): (element, text) pairs without repeats, one line per
/// paragraph. Fields whose content the application fills in when printing (page number and
/// count, date, time, file and sheet name) give nothing; `text:s`, `text:tab` and
/// `text:line-break` are a space, a tab and a newline.
fn scan_ods_styles(xml: &[u8], limits: &Limits) -> Result<Vec<(&'static str, String)>, String> {
    let mut xs = XmlStream::new(xml, limits.max_xml_depth);
    let mut found: Vec<(&'static str, String)> = Vec::new();
    let mut cur: Option<(&'static str, usize, String)> = None;
    let mut skip: Option<usize> = None;
    loop {
        let ev = xs.next_event()?;
        let empty = matches!(ev, Event::Empty(_));
        match ev {
            Event::Start(e) | Event::Empty(e) => {
                if skip.is_some() {
                    continue;
                }
                let q = qname(&e);
                if cur.is_none() {
                    if let Some(kind) = ods_header_footer_kind(&q).filter(|_| !empty) {
                        cur = Some((kind, xs.depth(), String::new()));
                    }
                    continue;
                }
                let Some((_, _, s)) = cur.as_mut() else {
                    continue;
                };
                match q.as_str() {
                    "text:page-number" | "text:page-count" | "text:date" | "text:time"
                    | "text:file-name" | "text:sheet-name"
                        if !empty =>
                    {
                        skip = Some(xs.depth())
                    }
                    "text:s" => s.push(' '),
                    "text:tab" => s.push('\t'),
                    "text:line-break" => s.push('\n'),
                    _ => {}
                }
            }
            Event::Text(t) => {
                if let (None, Some((_, _, s))) = (skip, cur.as_mut()) {
                    s.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                if let (None, Some((_, _, s))) = (skip, cur.as_mut()) {
                    s.push_str(&ref_text(&r));
                }
            }
            Event::End(e) => {
                let depth = xs.depth();
                if skip.is_some_and(|d| depth < d) {
                    skip = None;
                }
                if cur.as_ref().is_some_and(|c| depth < c.1) {
                    if let Some((kind, _, text)) = cur.take() {
                        let text = text.trim().to_string();
                        if !text.is_empty() && !found.iter().any(|(k, t)| *k == kind && *t == text)
                        {
                            found.push((kind, text));
                        }
                    }
                } else if skip.is_none() && e.name().as_ref() == "text:p" {
                    if let Some((_, _, s)) = cur.as_mut() {
                        if !s.is_empty() && !s.ends_with('\n') {
                            s.push('\n');
                        }
                    }
                }
            }
            Event::Eof if xs.depth() > 0 => return Err(truncated(xs.depth())),
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(found)
}

fn extract_ods(bytes: &[u8], limits: &Limits, out: &mut Extracted) {
    let mut text_left = MAX_ITEM_TEXT;
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
                out.problems
                    .push(xml_problem(Location::part("content.xml"), m));
                return;
            }
        },
        Err(p) => {
            out.problems.push(p);
            return;
        }
    };
    // the properties are read by calamine, which skips a meta.xml it cannot open (encrypted,
    // an unknown compression): one that is in the file and cannot be read is not a pass
    if names.iter().any(|n| n.as_str() == "meta.xml") {
        if let Err(p) = zip.read("meta.xml") {
            out.problems.push(p);
        }
    }
    // print headers and footers of the page styles
    let master_pages = match zip.read_opt("styles.xml") {
        Ok(Some(x)) => match scan_ods_styles(&x, limits) {
            Ok(v) => v,
            Err(m) => {
                out.problems
                    .push(xml_problem(Location::part("styles.xml"), m));
                Vec::new()
            }
        },
        Ok(None) => Vec::new(),
        Err(p) => {
            out.problems.push(p);
            Vec::new()
        }
    };
    // embedded objects (`Object 1/content.xml`: a chart's data, an embedded text or sheet)
    // and the application's settings (`settings.xml`: view and printer settings, any
    // `config:config-item` a macro or an add-on stored): their text is read like a package's
    // other parts
    let objects: Vec<String> = names
        .iter()
        .filter(|n| {
            let l = n.to_ascii_lowercase();
            l == "settings.xml"
                || l.starts_with("object")
                    && l.ends_with("/content.xml")
                    && l.matches('/').count() == 1
        })
        .cloned()
        .collect();
    if !objects.is_empty() {
        super::leftover::read_leftover_parts(&mut zip, &objects, &|_| false, limits, out);
    }
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
        let label = sheet_label(name, idx);
        let mark = begin_sheet(out, name, &label, *is_hidden);
        let table = tables.remove(name).unwrap_or_default();
        let mut hidden = table.hidden;
        hidden.sheet = *is_hidden;
        match wb.worksheet_range(name) {
            Ok(range) => emit_range(
                out,
                &label,
                idx,
                &range,
                &hidden,
                Some(&table.big_numbers),
                limits,
                &mut text_left,
            ),
            Err(calamine::OdsError::CellLimitExceeded { requested, max }) => {
                out.problems.push(Problem::new(
                    "limit_exceeded",
                    sheet_loc(&label),
                    format!("sheet requests {requested} cells, limit {max}"),
                ))
            }
            Err(e) => out.problems.push(Problem::new(
                "corrupt",
                sheet_loc(&label),
                format!("ods sheet: {e}"),
            )),
        }
        for (r, c, text) in table.notes {
            let mut seg = Segment::fixed(
                text,
                Location::cell(&label, cell_name(r, c)),
                Layer::Hidden("comment"),
                Zone::Body,
            );
            seg.record = Some(((idx as u32) << 20) | (r & 0xF_FFFF));
            out.segments.push(seg);
        }
        for (field, layer, text) in table.side {
            out.segments.push(Segment::fixed(
                text,
                Location {
                    sheet: Some(label.to_string()),
                    field: Some(field.into()),
                    ..Default::default()
                },
                layer,
                Zone::Body,
            ));
        }
        end_sheet(out, mark, &label, None, Vec::new());
    }
    // validation messages and change-tracked old contents of the document
    for (field, layer, text) in tables.remove("").map(|t| t.side).unwrap_or_default() {
        out.segments.push(Segment::fixed(
            text,
            Location {
                part: Some("content.xml".into()),
                field: Some(field.into()),
                ..Default::default()
            },
            layer,
            Zone::Body,
        ));
    }
    for (field, text) in master_pages {
        out.segments.push(Segment::fixed(
            text,
            Location {
                part: Some("styles.xml".into()),
                field: Some(field.to_string()),
                ..Default::default()
            },
            Layer::Visible,
            Zone::HeaderFooter,
        ));
    }
    match wb.workbook_properties() {
        Ok(wp) => props_segments(&wp, Some("meta.xml"), out),
        // properties that are in the file and cannot be read (encrypted, an unknown
        // compression): not a pass
        Err(e) if names.iter().any(|n| n.as_str() == "meta.xml") => {
            out.problems.push(Problem::new(
                "corrupt",
                Location::part("meta.xml"),
                format!("document properties not readable: {e}"),
            ))
        }
        Err(_) => {}
    }
    list_parts(out, &names, true);
}

#[cfg(test)]
mod tests {
    use super::*;

    type Scan = Result<
        (
            Vec<u32>,
            Vec<(u32, u32)>,
            u64,
            Vec<(&'static str, String)>,
            Vec<((u32, u32), String)>,
            Vec<u64>,
            Vec<Validation>,
        ),
        String,
    >;

    fn both(xml: &[u8], limits: &Limits) -> (Scan, Scan) {
        let norm = |r: Result<SheetScan, String>| {
            r.map(|sc| {
                let mut rows: Vec<u32> = sc.hidden.rows.into_iter().collect();
                rows.sort();
                let mut big: Vec<((u32, u32), String)> = sc
                    .big_numbers
                    .into_iter()
                    .map(|(k, v)| (k, v.into_string()))
                    .collect();
                big.sort();
                (
                    rows,
                    sc.hidden.cols,
                    sc.cells,
                    sc.header_footer,
                    big,
                    sc.sst_refs,
                    sc.validations,
                )
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
            // headers/footers (also in custom views, repeated), CDATA, comments and unknown
            // entities inside them; long literals that are and are not kept
            (
                r#"<worksheet><sheetData><row r="2"><c r="B2"><v> 440308198511204562 </v></c><c r="C2" t="n"><f>A1</f><v>6222021234567890123</v></c><c r="D2"><v>3.30106E+17</v></c><c r="E2"><v>3.3010619900101126E+17</v></c><c r="F2" t="str"><v>440308198511204562</v></c><c r="G2"><v>4403081985112045&#54;2</v></c><c r="H2"><v>4.40308198511204562E17</v></c><c><v>440308198511204562</v></c><c r="I2"><v><![CDATA[440308198511204562]]></v></c><c r="J2"><v>-440308198511204562</v></c></row></sheetData><customSheetViews><customSheetView><headerFooter><oddHeader>&amp;C机密</oddHeader></headerFooter></customSheetView></customSheetViews><headerFooter differentFirst="1"><oddHeader><![CDATA[&L内部]]>资料<!-- x -->&unknown;&#x4E2D;</oddHeader><firstFooter/><oddFooter>&amp;C机密</oddFooter><oddHeader>&amp;C机密</oddHeader></headerFooter></worksheet>"#,
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
        assert_eq!(
            fast.unwrap(),
            (
                vec![1, 2, 8],
                vec![(1, 2), (4, 4)],
                7,
                vec![
                    ("oddHeader", "&L秘密★1年&C<&&>\r\n".to_string()),
                    ("evenFooter", "第&P页".to_string())
                ],
                vec![((9, 1), "440308198511204562".to_string())],
                vec![],
                vec![],
            )
        );
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

    #[test]
    fn sheet_scan_zero_sizes_shared_strings_and_validations() {
        let l = Limits::default();
        let xml = cases_second();
        let (fast, events) = both(xml.as_bytes(), &l);
        assert_eq!(fast, events);
        let (rows, cols, _, _, _, sst, vals) = fast.unwrap();
        // ht="0" and a sliver are hidden; ht="3" and a malformed height are not
        assert_eq!(rows, vec![0, 2]);
        assert_eq!(cols, vec![(0, 0)]);
        // indexes 3, 0 (`t = 's'`, spaces around the number), 70, 64; not the `t="str"` cell,
        // the character reference, nor an index beyond the cap
        let mut want = Vec::new();
        for k in [0, 3, 64, 70] {
            set_bit(&mut want, k);
        }
        assert_eq!(sst, want);
        assert_eq!(
            vals,
            vec![
                Validation {
                    sqref: "B2:B9".into(),
                    texts: vec![
                        ("prompt", "请选择 & 填写".into()),
                        ("formula1", "\"甲,乙,110105199003071234\"".into())
                    ],
                },
                Validation {
                    sqref: "C1".into(),
                    texts: vec![("formula1", "1".into()), ("formula2", "100".into())],
                },
                Validation {
                    sqref: "D1".into(),
                    texts: vec![("error", "错误".into())],
                },
                Validation {
                    sqref: "E1:E3".into(),
                    texts: vec![("formula1", "\"丙,丁\"".into())],
                },
            ]
        );
        for cut in 0..xml.len() {
            if let (Ok(a), Ok(b)) = both(&xml.as_bytes()[..cut], &l) {
                assert_eq!(a, b, "cut at {cut}");
            }
        }
        for at in 0..xml.len() {
            for c in [b'<', b'>', b'"', b'/', b'!', b'?', b' ', b'\''] {
                let mut m = xml.clone().into_bytes();
                m[at] = c;
                if let (Ok(a), Ok(b)) = both(&m, &l) {
                    assert_eq!(a, b, "{c:?} at {at}: {}", String::from_utf8_lossy(&m));
                }
            }
        }
    }

    #[test]
    fn hiding_number_formats() {
        let both = HIDES_NUMBERS | HIDES_TEXT;
        for (code, want) in [
            (";;;", both),
            ("\"\";\"\";\"\";\"\"", both),
            ("[Red];[Blue];;", both),
            (" ; ;_) ;", both),
            ("[$-409];;;", both),
            ("[>100];[<=100];;", both),
            (";;", HIDES_NUMBERS),
            ("\"\";\"\";\"\"", HIDES_NUMBERS),
            (";", HIDES_NUMBERS),
            ("0;-0;0;", HIDES_TEXT),
            // near misses: something shows
            ("General", 0),
            ("", 0),
            ("\"\"", 0),
            ("0;;;", HIDES_TEXT),
            (";;0;", HIDES_TEXT),
            (";;;@", HIDES_NUMBERS),
            ("\"x\";;;", HIDES_TEXT),
            ("\\x;;;", HIDES_TEXT),
            ("*-;;;", HIDES_TEXT),
            ("[$¥];;;", HIDES_TEXT),
            ("[h];;;", HIDES_TEXT),
            ("\";\";;;", HIDES_TEXT),
            (";;;;", 0),
            ("0.00", 0),
            ("@", 0),
        ] {
            assert_eq!(format_hides(code), want, "{code:?}");
        }
    }

    #[test]
    fn shared_string_cell_tags_and_counts() {
        for (tag, want) in [
            ("c r=\"A1\" t=\"s\"", true),
            ("c t='s' r=\"A1\"", true),
            ("c\tr=\"A1\"\ns=\"1\" t = \"s\"", true),
            ("c r=\"A1\" t=\"str\"", false),
            ("c r=\"A1\" s=\"s\"", false),
            ("c r=\"t=s\" t=\"n\"", false),
            ("c r=\"A1\" x:t=\"s\"", false),
            ("c r=\"A1\" t=\"s", false),
            // malformed: quick-xml's lenient parser decides
            ("c r t=\"s\"", true),
            ("c", false),
        ] {
            assert_eq!(is_shared_string_cell(tag.as_bytes(), 1), want, "{tag}");
        }
        assert_eq!(
            si_count_bound(b"<sst><si><t>a</t></si><si/><si ><t>b</t></si></sst>"),
            Some(3)
        );
        assert_eq!(
            si_count_bound(b"<sst><!-- <si> --><si><t>si</t></si></sst>"),
            Some(2)
        );
        assert_eq!(
            si_count_bound(b"<x:sst><x:si><x:t>a</x:t></x:si></x:sst>"),
            None
        );
        assert_eq!(simple_sqref("b2"), Some("B2".into()));
        assert_eq!(simple_sqref(" $B$2:$B$90 "), Some("B2:B90".into()));
        assert_eq!(simple_sqref("A1 C3"), None);
        assert_eq!(simple_sqref("A1:B2:C3"), None);
        assert_eq!(simple_sqref("110105199003071234"), None);
    }

    /// A sheet with zero-height rows and columns, shared-string cells and data validations
    /// (plain and x14), for the byte scan against the event reader.
    fn cases_second() -> String {
        r#"<worksheet xmlns:x14="urn:x14" xmlns:xm="urn:xm"><cols><col min="1" max="1" width="0" customWidth="1"/><col min="2" max="2" width="0.5"/><col min="3" max="4" width="9"/></cols><sheetData><row r="1" ht="0" customHeight="1"><c r="A1" t="s"><v>3</v></c><c r="B1" s="2" t = 's' ><v> 0 </v></c><c r="C1" t="str"><v>5</v></c></row><row r="2" ht="3" customHeight="1"><c r="A2" t="s"><v>&#55;</v></c><c r="B2" t="s"><v>70</v></c><c r="C2" t="s"><v>99999999999</v></c><c t="s" r="D2"><v>64</v></c></row><row r="3" ht="0.1"/><row r="4" ht="abc"/></sheetData><dataValidations count="3"><dataValidation type="list" sqref="B2:B9" prompt="请选择 &amp; 填写"><formula1>"甲,乙,110105199003071234"</formula1></dataValidation><dataValidation type="whole" sqref="C1"><formula1>1</formula1><formula2><![CDATA[100]]></formula2></dataValidation><dataValidation sqref="D1" error="错误"/></dataValidations><extLst><ext uri="x"><x14:dataValidations><x14:dataValidation type="list"><x14:formula1><xm:f>"丙,丁"</xm:f></x14:formula1><xm:sqref>E1:E3</xm:sqref></x14:dataValidation></x14:dataValidations></ext></extLst></worksheet>"#.to_string()
    }

    fn cases_first() -> String {
        r#"<worksheet><cols><col min="2" max="3" hidden="1"/><col min="5" max="5" hidden="true"/></cols><sheetData><row r="1"><c r="A1"><v>0</v></c><c r="B1"/></row><row r="2" hidden="1"><c r="A2"><v>1</v></c></row><row hidden="1"><c r="A3"><v>1</v></c></row><row r="9" hidden="1"><c r="A9"/></row><row r="10"><c r="B10"><v>440308198511204562</v></c><c r="C10" t="s"><v>4403081985112045620</v></c></row></sheetData><headerFooter><oddHeader>&amp;L秘密★1年&amp;C&lt;&amp;&amp;&gt;&#13;&#10;</oddHeader><evenFooter>第&amp;P页</evenFooter></headerFooter></worksheet>"#.to_string()
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
    fn long_numeric_literals() {
        let id = "440308198511204562";
        let cases: &[(&str, Option<&str>)] = &[
            (id, Some(id)),
            (" 440308198511204562 ", Some(id)),
            ("440308198511204562.000", Some(id)),
            ("4.40308198511204562E17", Some(id)),
            ("4.40308198511204562e+17", Some(id)),
            ("-440308198511204562", Some("-440308198511204562")),
            ("+440308198511204562", Some(id)),
            ("6222021234567890123", Some("6222021234567890123")),
            // below 2^53 a double is exact
            ("6222021234567891", Some("6222021234567891")),
            ("4403081985112045620000", Some("4403081985112045620000")),
            // zeros that could be a lost tail, but the digits validate as they stand: exact
            // (a card passing Luhn, an ID with its check digit, as a script writes them)
            ("6222021234567860", Some("6222021234567860")),
            ("330106197002124800", Some("330106197002124800")),
            ("3.301061970021248E+17", Some("330106197002124800")),
            // 15 significant digits and zeros
            ("6222021234567890", None),
            ("330106199001011000", None),
            ("3.30106E+17", None),
            // a double's renderings: shortest, 15/16/17 significant digits
            ("330106199001011260", None),
            ("3.3010619900101126E+17", None),
            ("3.301061990010113E+17", None),
            ("3.30106199001011E+17", None),
            // not integers, too short, too long, malformed
            ("440308198511204562.5", None),
            ("123456789012345", None),
            ("0000000000000000001", None),
            (&"9".repeat(65), None),
            ("1e400", None),
            ("4403081985112045e", None),
            ("44030819851120456-2", None),
            ("", None),
            ("-", None),
            (".", None),
            ("0x44030819851120456", None),
        ];
        for (lit, want) in cases {
            assert_eq!(full_digits_literal(lit).as_deref(), *want, "{lit}");
        }
    }

    #[test]
    fn names_that_could_identify() {
        for (name, could) in [
            ("110105199003071234", true),
            ("张三13800138000", true),
            ("１１０１０", true),
            ("110 105-199", true),
            ("1\u{200b}2\u{200b}3\u{200b}4\u{200b}5", true),
            ("2024-12-31", true),
            ("浙A12345", true),
            ("zhang@gov.cn", true),
            ("张三＠", true),
            ("2024年度", false),
            ("第1季度", false),
            ("Sheet1234", false),
            ("1234年5", false),
            ("1 2   3 4 5", false),
            ("", false),
        ] {
            assert_eq!(could_identify(name), could, "{name}");
        }
        assert_eq!(sheet_label("张三13800138000", 2), "sheet#3");
        assert_eq!(sheet_label("名单", 2), "名单");
        let mut l = Location {
            part: Some("xl/media/110105199003071234.png".into()),
            cell: Some("XFD1048576".into()),
            field: Some("oddHeader".into()),
            sheet: Some("a@b.cn".into()),
            entry: Some("docs/13800138000.zip!xl/media/a.png".into()),
            ..Default::default()
        };
        guard_location(&mut l);
        let part = l.part.unwrap();
        assert!(
            part.starts_with("xl/media/#") && part.ends_with(".png") && part.len() == 22,
            "{part}"
        );
        assert_ne!(part, shown_name("xl/media/110105199003071235.png"));
        assert_eq!(l.cell.as_deref(), Some("XFD1048576"));
        assert_eq!(l.field.as_deref(), Some("oddHeader"));
        assert_eq!(l.sheet.as_deref(), Some("sheet#?"));
        let entry = l.entry.unwrap();
        assert!(
            entry.starts_with("docs/#") && entry.ends_with(".zip!xl/media/a.png"),
            "{entry}"
        );
        assert_eq!(
            shown_name("xl/13800138000/a.png").split('#').next(),
            Some("")
        );
    }

    #[test]
    fn chart_formula_sheets() {
        for (f, want) in [
            ("Sheet1!$B$2:$B$9", Some("Sheet1")),
            ("'名 单'!$B$2", Some("名 单")),
            ("'It''s'!$A$1", Some("It's")),
            ("(Sheet1!$B$2,Sheet1!$B$4)", Some("Sheet1")),
            ("[1]Sheet1!$A$1", None),
            ("'[1]Sheet1'!$A$1", None),
            ("'unclosed!$A$1", None),
            ("$A$1", None),
            ("", None),
        ] {
            assert_eq!(formula_sheet(f).as_deref(), want, "{f}");
        }
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
