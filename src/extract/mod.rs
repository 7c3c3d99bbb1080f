//! Extractors turn an item's bytes into `Segment`s: runs of text with their location and layer.
//! They know file formats and nothing about rules; what they cannot read becomes a `Problem`.

pub mod archive;
pub mod csv;
pub mod docx;
pub mod html;
pub mod leftover;
pub mod mht;
pub mod ofd;
pub mod ole;
pub mod pdf;
pub mod sheet;
pub mod text;
pub mod xmlutil;
pub mod zipguard;

use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// Where a piece of text sits in the original item. Only the fields that apply are set;
/// the serialized form is the contract's `location` object.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Location {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entry: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub row: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub col: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cell: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub part: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paragraph: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// Name of a metadata field (e.g. `dc:creator`) or of the file-name pseudo part.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item: Option<bool>,
}

impl Location {
    pub fn item() -> Self {
        Location {
            item: Some(true),
            ..Default::default()
        }
    }
    pub fn line_col(line: u32, column: u32) -> Self {
        Location {
            line: Some(line),
            column: Some(column),
            ..Default::default()
        }
    }
    pub fn cell(sheet: &str, cell: String) -> Self {
        Location {
            sheet: Some(sheet.to_string()),
            cell: Some(cell),
            ..Default::default()
        }
    }
    /// A package part (`word/header1.xml`, `xl/pivotCache/pivotCacheRecords1.xml`).
    pub fn part(part: &str) -> Self {
        Location {
            part: Some(part.to_string()),
            ..Default::default()
        }
    }
    pub fn part_para(part: &str, paragraph: u32) -> Self {
        Location {
            part: Some(part.to_string()),
            paragraph: Some(paragraph),
            ..Default::default()
        }
    }
}

/// Which layer of the item a segment belongs to: what a reader of the published item sees,
/// or something hidden inside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layer {
    Visible,
    /// Hidden content; the &str is the contract's `hidden_content` kind
    /// (`hidden_sheet`, `hidden_row`, `hidden_column`, `comment`, `tracked_change`,
    /// `hidden_text`, `html_comment`, `html_hidden`, `embedded_object`; extensions:
    /// `pivot_cache`, source data kept in an xlsx pivot cache; `chart_cache`, chart values
    /// whose source sheet is hidden, missing or external).
    Hidden(&'static str),
    /// Document property; the &str is the contract's `metadata` kind
    /// (`author`, `last_modified_by`, `company`, `file_path`, `title`) or `other`.
    Metadata(&'static str),
}

/// Layout zone of a segment, used by the marking recognizer: a marking is a marking only where
/// markings are put (title area, header/footer, sheet title, file name, standalone lines).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Zone {
    /// The first lines / paragraphs / rows of a document or sheet (版头).
    Title,
    /// Running text.
    Body,
    /// Page header or footer (docx header*.xml/footer*.xml), where markings are printed.
    HeaderFooter,
    /// The item's file name.
    FileName,
    /// A sheet's name.
    SheetName,
    /// A document property value.
    Metadata,
    /// A paragraph next to an attachment's heading (「附件2」): the first lines of an attached
    /// document, where its own marking is put. Running text for every rule but markings.
    AttachmentTitle,
}

/// How positions inside a segment map to a location.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Anchor {
    /// The segment is a run of the original text file starting at `line`:`column` (1-based);
    /// a hit's line/column is computed by walking the segment text. `csv_delim` adds row/col.
    Text {
        line: u32,
        column: u32,
        csv_delim: Option<u8>,
    },
    /// Like `Text`, for text assembled from pieces (HTML text nodes): breakpoints
    /// `(byte offset in the segment text, line, column)` sorted by offset; a hit's position is
    /// found from the last breakpoint at or before it.
    TextMap(Vec<(usize, u32, u32)>),
    /// The whole segment has one location (a paragraph, a property…); boxed so that a
    /// segment stays small.
    Fixed(Box<Location>),
    /// A spreadsheet cell (0-based row and column); the sheet name is shared by all cells of
    /// the sheet, so a million cells cost no million location objects.
    Cell { sheet: Arc<str>, row: u32, col: u32 },
}

impl Anchor {
    /// The location of a `Fixed` or `Cell` anchor (`None` for text anchors).
    pub fn fixed_location(&self) -> Option<Location> {
        match self {
            Anchor::Fixed(l) => Some((**l).clone()),
            Anchor::Cell { sheet, row, col } => Some(Location::cell(sheet, cell_name(*row, *col))),
            Anchor::Text { .. } | Anchor::TextMap(_) => None,
        }
    }
}

/// One run of text with where it came from.
#[derive(Debug, Clone)]
pub struct Segment {
    pub text: String,
    pub anchor: Anchor,
    pub layer: Layer,
    pub zone: Zone,
    /// Record this segment belongs to (a table row), used to group hits for aggregation.
    /// For `Anchor::Text` segments each line is a record and this is `None`.
    pub record: Option<u32>,
    /// The first `title_len` bytes of `text` are in `Zone::Title` (the rest in `zone`); lets a
    /// text file stay one segment without copying its title area out.
    pub title_len: usize,
}

impl Segment {
    pub fn fixed(text: String, loc: Location, layer: Layer, zone: Zone) -> Self {
        Segment {
            text,
            anchor: Anchor::Fixed(Box::new(loc)),
            layer,
            zone,
            record: None,
            title_len: 0,
        }
    }

    /// A spreadsheet cell's segment.
    pub fn cell(
        text: String,
        sheet: Arc<str>,
        row: u32,
        col: u32,
        layer: Layer,
        zone: Zone,
    ) -> Self {
        Segment {
            text,
            anchor: Anchor::Cell { sheet, row, col },
            layer,
            zone,
            record: None,
            title_len: 0,
        }
    }
}

/// Something the extractor saw but could not read.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct NotExamined {
    pub what: String,
    pub location: Location,
    pub reason: String,
}

/// Why (part of) an item could not be examined: becomes an `unreadable` finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// `corrupt`, `encrypted`, `unsupported_format`, `too_large`, `limit_exceeded`.
    pub kind: &'static str,
    pub location: Location,
    /// Short technical detail (English, never contains document text).
    pub detail: String,
}

impl Problem {
    pub fn new(kind: &'static str, location: Location, detail: impl Into<String>) -> Self {
        Problem {
            kind,
            location,
            detail: detail.into(),
        }
    }
}

/// What an extractor returns for one item.
#[derive(Debug, Default)]
pub struct Extracted {
    pub segments: Vec<Segment>,
    pub not_examined: Vec<NotExamined>,
    pub problems: Vec<Problem>,
    /// Encoding the text was decoded from (txt/csv/html), for the report.
    pub encoding: Option<String>,
    /// True when the item is expected to carry text but none could be extracted.
    pub expected_text_missing: bool,
}

/// Dispatcher for items inside an item (archive entries, OFD attachments, PDF embedded files):
/// `(name, bytes, depth) -> Extracted`; the caller relocates the result under the entry.
pub type Inner<'a> = &'a dyn Fn(&str, Vec<u8>, u32) -> Extracted;

/// Limits every extractor must respect before it allocates.
#[derive(Debug, Clone)]
pub struct Limits {
    pub max_item_bytes: u64,
    pub max_zip_entries: usize,
    pub max_entry_bytes: u64,
    pub max_total_unzipped: u64,
    pub max_ratio: u64,
    pub max_xml_depth: usize,
    pub max_cells: u64,
    pub max_html_depth: usize,
    pub item_timeout_ms: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_item_bytes: 256 * 1024 * 1024,
            max_zip_entries: 10_000,
            max_entry_bytes: 256 * 1024 * 1024,
            max_total_unzipped: 512 * 1024 * 1024,
            max_ratio: 200,
            max_xml_depth: 256,
            max_cells: 1_000_000,
            max_html_depth: 1024,
            item_timeout_ms: 60_000,
        }
    }
}

/// Spreadsheet column letters for a 0-based column index (0 → A, 26 → AA).
/// How far the title area may reach to take in a document's title line: pages saved from a
/// portal put navigation, dates and a print link above it (`首页 > 政务公开`, `发布日期：…`),
/// so a marking just above the title can sit well below the sixth line.
pub const TITLE_SEARCH_LINES: usize = 20;

/// Document types a title line ends with (GB/T 9704 文种 and the usual working documents).
const DOC_TYPES: &[&str] = &[
    "通知", "通报", "报告", "请示", "意见", "决定", "批复", "公告", "通告", "公示", "方案", "办法",
    "规定", "细则", "纪要", "简报", "要点", "汇报", "总结", "计划", "函", "决议", "命令", "议案",
    "规划", "指南", "条例", "措施", "情况", "表", "名单", "清单", "目录",
];

/// Whether a line reads as a document's title: a short line ending in a document type
/// (optionally followed by a bracketed stage like `（征求意见稿）`) that names its subject with
/// 关于 or is long enough to be more than a menu entry. Navigation (`首页 > 通知公告`), dates
/// and table rows are not titles.
pub fn is_title_line(line: &str) -> bool {
    let l = line.trim();
    let n = l.chars().count();
    if !(4..=80).contains(&n)
        || l.chars().any(|c| {
            matches!(
                c,
                '>' | '›' | '»' | '|' | '/' | ',' | '，' | '。' | '：' | ':' | '\t'
            )
        })
    {
        return false;
    }
    // a stage in brackets after the type: 关于…的通知（征求意见稿）
    let core = match l.strip_suffix(['）', ')']) {
        Some(r) => match r.rfind(['（', '(']) {
            Some(i) if r[i..].chars().count() <= 12 => r[..i].trim_end(),
            _ => l,
        },
        None => l,
    };
    DOC_TYPES.iter().any(|t| core.ends_with(t))
        && (core.contains("关于") || core.chars().count() >= 8)
        && !core.contains("  ")
}

/// Whether a title line ends the title area: a subject title (`关于…的通知`) comes after
/// the 版头 (份号, 密级, 发文机关标志), so what follows it is the body — a heading 「工作秘密」
/// or a stage word there is not in the title area. A title without 关于 (a 简报's name, 「…工作
/// 要点」) may still have its 版头 lines below it (「…办公室编　日期　内部资料」).
/// Whether a line is an attachment's heading standing alone: 「附件」, 「附件2」, 「附件二：」 —
/// the top of an attached document, where its own marking may be put. The list of
/// attachments after the body (「附件：1．…测算表」) has more on the line and is none.
pub fn is_attachment_heading(line: &str) -> bool {
    let Some(rest) = line.trim_start().strip_prefix('附') else {
        return false;
    };
    let mut n = 0;
    let mut cs = rest.chars().filter(|c| !c.is_whitespace());
    if cs.next() != Some('件') {
        return false;
    }
    for c in cs {
        if c.is_ascii_digit() || "０１２３４５６７８９一二三四五六七八九十".contains(c)
        {
            n += 1;
            if n > 3 {
                return false;
            }
        } else if !matches!(c, ':' | '：') {
            return false;
        }
    }
    true
}

/// Whether a line is a sentence of body text (20 or more characters with a full stop): it
/// ends the title area, since a 版头 (份号, 密级, 发文机关, 文号, title) holds no sentences.
pub fn is_prose_line(line: &str) -> bool {
    let l = line.trim();
    l.contains('。') && l.chars().filter(|c| c.is_alphanumeric()).count() >= 20
}

pub fn closes_title_area(line: &str) -> bool {
    is_title_line(line) && line.contains("关于")
}

/// Text without white space: for checking whether one text repeats another (a fallback copy,
/// a cache, an alt text the page shows).
pub(crate) fn squash(t: &str) -> String {
    t.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Bytes a containment check of texts against the item's shown text may compare (texts ×
/// shown length): beyond it, a hostile item's thousands of texts against megabytes of page
/// text would take minutes, and the texts are kept as they are.
pub(crate) const SHOWN_CHECK_BUDGET: usize = 256 << 20;

pub fn col_letters(mut col: u32) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// A1-style cell name from 0-based row and column.
pub fn cell_name(row: u32, col: u32) -> String {
    format!("{}{}", col_letters(col), row + 1)
}

#[cfg(test)]
mod tests {
    use super::is_title_line;

    #[test]
    fn title_lines() {
        for t in [
            "关于做好2025年城市防汛排涝工作的通知",
            "关于加快发展保障性租赁住房的实施意见（送审稿）",
            "政务数据安全级别划分表",
            "2025年度优秀物业服务项目负责人拟表彰名单",
            "城镇燃气安全工作简报",
        ] {
            assert!(is_title_line(t), "{t}");
        }
        for t in [
            "首页 > 政务公开 > 通知公告",
            "通知公告",
            "发布日期：2025-03-01",
            "各区、县（市）人民政府，市政府直属各单位：",
            "要加强资金监管，严格执行专项资金管理办法。",
            "序号,姓名,身份证号",
            "统计表",
        ] {
            assert!(!is_title_line(t), "{t}");
        }
    }

    use super::*;
    #[test]
    fn cell_names() {
        assert_eq!(cell_name(0, 0), "A1");
        assert_eq!(cell_name(4, 2), "C5");
        assert_eq!(cell_name(0, 25), "Z1");
        assert_eq!(cell_name(0, 26), "AA1");
        assert_eq!(cell_name(1048575, 16383), "XFD1048576");
    }
}
