//! Table semantics for spreadsheets and csv: find the header row, classify columns by their
//! header (姓名, 身份证号, 联系电话, 银行账号, 住址…), and use that
//!
//! - as context for recognizers that need a context word (a passport number in a 「护照号码」
//!   column carries no 护照 in its own cell), and
//! - to name the column in findings, so that a column of 200 identical findings reads as one
//!   group: 「未脱敏的身份证号（“身份证号码”列）」.
//!
//! A row is one record for `personal_records` already (the extractors give every cell of a row
//! the same record id); this module only adds what the header row says.

use crate::extract::{Anchor, Segment};
use rustc_hash::FxHashMap as HashMap;

/// What a column holds, by its header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnClass {
    Name,
    ResidentId,
    /// 证件号码: a resident ID, a passport or a permit.
    IdDocument,
    Passport,
    Permit,
    Phone,
    BankAccount,
    Address,
    Email,
    Plate,
    /// 金额, 投资（元）, 预算…: its numbers are amounts (an 11-digit amount is no mobile).
    Amount,
    /// 编号, 许可证号, 准考证号, 备案号…: its numbers are codes (an 11-digit exam number is no
    /// mobile; an 18-digit permit number with a recent date is no resident ID).
    Serial,
    /// 收款单位, 单位名称, 账户名称…: the unit an account in the row belongs to.
    Holder,
    /// 经度, 纬度, 坐标: its numbers are coordinates (a column of six-decimal longitudes).
    Geo,
    /// 纳税人识别号, 税号, 税务登记号: a unit's code, or a 个体工商户's old number that holds
    /// the owner's resident ID.
    TaxNumber,
    /// 残疾人证号: the holder's ID and two digits (category, grade).
    DisabilityCert,
}

/// Units a table header gives its figures in, inside brackets: `2024年（千瓦时）`,
/// `供水量(万立方米)`, `能源消费量（吨标准煤）`.
const HEADER_UNITS: &[&str] = &[
    "元",
    "千瓦时",
    "度",
    "立方米",
    "吨",
    "标准煤",
    "千克",
    "公斤",
    "平方米",
    "公顷",
    "亩",
    "公里",
    "千米",
    "人次",
    "万人",
    "户",
    "件",
    "辆",
    "个",
    "台",
    "套",
    "%",
];

/// Whether a text gives a unit of measure in brackets anywhere (a table header line of a
/// text or PDF report: `指标  2024年（千瓦时）  2023年（千瓦时）`).
pub fn bracketed_unit(text: &str) -> bool {
    text.match_indices(['）', ')'])
        .take(10_000)
        .any(|(p, close)| {
            // the bracket and the few characters before it
            let mut start = p.saturating_sub(32);
            while !text.is_char_boundary(start) {
                start += 1;
            }
            measure_unit_in_brackets(&text[start..p + close.len()])
        })
}

/// Whether a header ends in a bracketed unit of measure (an amount or quantity column).
fn measure_unit_in_brackets(h: &str) -> bool {
    let h = h.trim_end();
    let Some(inner) = h
        .strip_suffix('）')
        .or_else(|| h.strip_suffix(')'))
        .and_then(|r| r.rfind(['（', '(']).map(|p| &r[p..]))
        .map(|r| r.trim_start_matches(['（', '(']).trim())
    else {
        return false;
    };
    let bare = inner.trim_start_matches(['千', '万', '亿', '百', '十']);
    inner.chars().count() <= 6
        && HEADER_UNITS
            .iter()
            .any(|u| inner.starts_with(u) || bare.starts_with(u) || inner.ends_with(u))
}

impl ColumnClass {
    /// Whether the column's numbers are amounts or codes, not identifiers.
    pub fn holds_codes(self) -> bool {
        matches!(self, ColumnClass::Amount | ColumnClass::Serial)
    }
}

/// Whether an identifier found alone in a cell of a column of `class` is an amount or a code
/// instead: a mobile-shaped number in an amount or code column; a resident-ID-shaped number
/// whose "birth date" is recent (the issue date of a permit, 2010 on) in a code column; a
/// Luhn-valid number that is no UnionPay card in a code column, or a plain one in an amount
/// column.
pub fn code_not_identifier(
    class: ColumnClass,
    kind: crate::detect::identifiers::IdKind,
    value: &str,
    cell: &str,
) -> bool {
    use crate::detect::identifiers::IdKind;
    let number = cell
        .trim()
        .bytes()
        .all(|b| b.is_ascii_digit() || b == b'.' || b == b',');
    match (class, kind) {
        (ColumnClass::Amount | ColumnClass::Serial, IdKind::Mobile) => number,
        (ColumnClass::Serial, IdKind::ResidentId) => {
            number && value.len() == 18 && value[6..10].parse::<u32>().is_ok_and(|y| y >= 2010)
        }
        // a contract or project number (HT-330106-2025-000001) that passes Luhn: a code
        // column's numbers are codes, unless a UnionPay number (a card listed by its number)
        (ColumnClass::Serial, IdKind::BankCard) => !value.starts_with("62"),
        (ColumnClass::Amount, IdKind::BankCard) => number && !value.starts_with("62"),
        _ => false,
    }
}

impl ColumnClass {
    /// Words put before a cell's text for the identifier recognizer, so that its context rules
    /// see what the header says (`None`: the column needs no context).
    pub fn context_prefix(self) -> Option<&'static str> {
        match self {
            ColumnClass::ResidentId => Some("身份证号："),
            ColumnClass::IdDocument => Some("身份证护照通行证号："),
            ColumnClass::Passport => Some("护照号码："),
            ColumnClass::Permit => Some("港澳通行证号码："),
            ColumnClass::BankAccount => Some("银行账号："),
            ColumnClass::Geo => Some("经纬度："),
            ColumnClass::TaxNumber => Some("纳税人识别号："),
            ColumnClass::DisabilityCert => Some("残疾人证号："),
            _ => None,
        }
    }
}

/// Classifies a (normalized) header cell; `None` when it is not a header of a personal field.
pub fn classify_header(h: &str) -> Option<ColumnClass> {
    let h = h.trim();
    let n = h.chars().count();
    if n == 0 || n > 16 {
        return None;
    }
    // a data cell, not a header: three digits in a row (but a year 「2024年（千瓦时）」), or an
    // @-address
    let mut run = 0;
    for c in h.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_digit() {
            run += 1;
            continue;
        }
        if run >= 3 && !(run == 4 && c == '年') {
            return None;
        }
        run = 0;
    }
    if h.contains('@') {
        return None;
    }
    // a sheet's title (早期户籍档案数字化核对表, 2025年低保对象名单) names the table, not a column
    if [
        "表",
        "名单",
        "花名册",
        "清单",
        "台账",
        "公示",
        "通知",
        "报告",
        "汇总",
    ]
    .iter()
    .any(|w| h.ends_with(w))
        || h.contains("关于")
    {
        return None;
    }
    let l = h.to_lowercase();
    let has = |ws: &[&str]| ws.iter().any(|w| l.contains(w));
    use ColumnClass::*;
    Some(if has(&["护照", "passport"]) {
        Passport
    } else if has(&["通行证", "回乡证"]) {
        Permit
    } else if has(&["身份证", "公民身份号码", "身份号码", "id card"]) {
        ResidentId
    } else if has(&["证件号", "证件编号", "证照号"]) {
        IdDocument
    } else if has(&["银行卡", "银行账", "银行帐", "账号", "帐号", "卡号", "开户"])
    {
        BankAccount
    } else if has(&["手机", "电话", "联系方式", "mobile", "phone", "tel"]) {
        Phone
    } else if has(&["邮箱", "电子邮件", "email", "e-mail"]) {
        Email
    } else if has(&["车牌", "号牌"]) {
        Plate
    } else if has(&["住址", "地址", "居住地", "户籍", "现住", "家庭住"]) {
        Address
    } else if has(&[
        "经度",
        "纬度",
        "经纬度",
        "坐标",
        "东经",
        "北纬",
        "longitude",
        "latitude",
    ]) {
        Geo
    } else if has(&[
        "金额",
        "投资",
        "资金",
        "万元",
        "（元）",
        "(元)",
        "费用",
        "价格",
        "单价",
        "总价",
        "预算",
        "产值",
        "收入",
        "支出",
        "造价",
        "营业额",
        "决算",
        "执行数",
        "完成数",
        "累计",
        "数额",
        "余额",
        "限额",
        "总量",
        "用电量",
        "用水量",
        "供水量",
        "产量",
    ]) || measure_unit_in_brackets(h)
    {
        Amount
    } else if has(&["识别号", "税号", "税务登记"]) {
        TaxNumber
    } else if has(&["残疾人证", "残疾证"]) {
        DisabilityCert
    } else if has(&[
        "编号",
        "许可证号",
        "准考证",
        "考号",
        "考生号",
        "学号",
        "备案号",
        "受理号",
        "流水号",
        "项目代码",
        "合同号",
        "批准文号",
        "登记号",
        "代码",
        "编码",
        "单元号",
        "宗地",
    ]) && !has(&["人员编号", "个人编号", "学籍"])
    {
        Serial
    } else if has(&[
        "收款单位",
        "单位名称",
        "账户名称",
        "开户名称",
        "开户单位",
        "缴款单位",
        "企业名称",
        "用款单位",
        "项目单位",
        "受款单位",
        "拨付单位",
    ]) {
        Holder
    } else if l == "姓名"
        || l.ends_with("姓名")
        || matches!(l.as_str(), "名字" | "户主" | "户名" | "name")
        // a person by role: 产权人, 持证人, 参保人, 受助人, 收款人, 法定代表人, 出访人员,
        // 补助对象 (short headers only: 「人数」「人员构成」 end otherwise)
        || (n <= 6 && (l.ends_with('人') || l.ends_with("人员") || l.ends_with("对象")))
    {
        Name
    } else {
        return None;
    })
}

/// Resident IDs a PDF table wraps inside its cell (`4302111980` on one line, `10028231` on
/// the next or the one after): for two lines of one page one or two apart, a digit run of the
/// first and one of the second that make 18 characters together (the second may end in X) are joined and kept when
/// the recognizer finds a resident ID in them, whose checksum, region and birth date make a
/// chance join of two table figures negligible. Returns `(index after which to insert,
/// segment)` pairs located at the first line.
pub fn wrapped_id_segments(
    segments: &[Segment],
    ids: &crate::detect::identifiers::IdRecognizer,
) -> Vec<(usize, Segment)> {
    use crate::detect::identifiers::IdKind;
    let page_line = |s: &Segment| match &s.anchor {
        Anchor::Fixed(l) if s.layer == crate::extract::Layer::Visible => {
            l.page.zip(l.line).filter(|_| l.field.is_none())
        }
        _ => None,
    };
    // maximal digit runs (a trailing X kept) of 2 to 16 characters
    let runs = |t: &str| -> Vec<String> {
        let b = t.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < b.len() {
            if !b[i].is_ascii_digit() || (i > 0 && b[i - 1].is_ascii_digit()) {
                i += 1;
                continue;
            }
            let mut j = i;
            while j < b.len() && b[j].is_ascii_digit() {
                j += 1;
            }
            if j < b.len() && matches!(b[j], b'X' | b'x') {
                j += 1;
            }
            // digits beside a mask (`330111******`, `**1406`) are part of a masked form,
            // never the head or tail of a full one
            let mask =
                |c: Option<char>| c.is_some_and(|c| matches!(c, '*' | '＊' | '×' | '#' | '●'));
            let masked = mask(t[..i].chars().next_back()) || mask(t[j..].chars().next());
            if (2..=16).contains(&(j - i)) && out.len() < 16 && !masked {
                out.push(t[i..j].to_ascii_uppercase());
            }
            i = j;
        }
        out
    };
    let mut out = Vec::new();
    // the next line, or the one after it (a cell's wrapped lines straddle the row's other
    // cells, which sit on a line of their own between them)
    for (k, step) in (0..segments.len()).flat_map(|k| [(k, 1), (k, 2)]) {
        let (Some((pa, la)), Some((pb, lb))) = (
            page_line(&segments[k]),
            segments.get(k + step).and_then(page_line),
        ) else {
            continue;
        };
        if pa != pb || lb != la + step as u32 {
            continue;
        }
        // full-width digits (a PDF typeset in a CJK font) read as ASCII
        fn text_of(s: &str) -> std::borrow::Cow<'_, str> {
            if s.contains(|c: char| ('０'..='９').contains(&c)) {
                std::borrow::Cow::Owned(crate::normalize::normalize(s).text)
            } else {
                std::borrow::Cow::Borrowed(s)
            }
        }
        let (sa, sb) = (
            text_of(&segments[k].text),
            text_of(&segments[k + step].text),
        );
        let (ra, rb) = (runs(&sa), runs(&sb));
        if ra.is_empty() || rb.is_empty() {
            continue;
        }
        // a table cell's wrap: the head at least 6 and the tail 4 to 14, anywhere on their
        // lines; a paragraph's wrap: the head ends its line and the tail starts the next, any
        // split of at least two (户主身份证号34 / 0102…), and a card's after a card word
        let (ta, tb) = (sa.trim_end(), sb.trim_start());
        let para = |a: &String, b: &String| {
            step == 1 && ta.ends_with(a.as_str()) && tb.starts_with(b.as_str())
        };
        let card_word = ["卡号", "账号", "帐号", "账户", "帐户", "银行卡"]
            .iter()
            .any(|w| ta.contains(w));
        for a in ra.iter().filter(|a| !a.ends_with('X')) {
            for b in rb.iter().filter(|b| {
                let n = a.len() + b.len();
                (n == 18 && ((a.len() >= 6 && (4..=14).contains(&b.len())) || para(a, b)))
                    || (card_word
                        && (16..=19).contains(&n)
                        && a.len().min(b.len()) >= 4
                        && para(a, b))
            }) {
                let joined = format!("{a}{b}");
                let n = joined.len();
                if ids.find(&joined).iter().any(|m| {
                    m.start == 0
                        && m.end == n
                        && (m.kind == IdKind::ResidentId
                            || (card_word && m.kind == IdKind::BankCard))
                }) {
                    out.push((k + step, joined_segment(&segments[k], joined)));
                }
            }
        }
    }
    out
}

/// Whether a holder cell names an organization (杭州市拱墅区财政局, 某某村股份经济合作社),
/// not a person.
pub fn org_name(text: &str) -> bool {
    let t = text.trim();
    let n = t.chars().count();
    (4..=60).contains(&n)
        && !t.chars().any(|c| c.is_ascii_digit())
        && (crate::detect::identifiers::ORG_HOLDER
            .iter()
            .any(|o| t.ends_with(o))
            || t.ends_with("委会"))
}

/// Whether an unmasked "card" in an account column of a row whose holder cell (收款单位,
/// 户名…) names an organization is that unit's account (对公账户, 财政专户): an account is
/// personal only in a person's row (DOMAIN §10.C), whatever its first digits.
pub fn unit_account_in_row<'a>(
    mut row: impl Iterator<Item = (Option<ColumnClass>, &'a str)>,
) -> bool {
    row.any(|(c, t)| matches!(c, Some(ColumnClass::Holder | ColumnClass::Name)) && org_name(t))
}

/// A header row was found with at least this many classified cells (or one, when the row has
/// no more than two cells).
const MIN_CLASSIFIED: usize = 2;
/// The header row is looked for in the first rows of a sheet.
const HEADER_SEARCH_ROWS: u32 = 20;

/// The classified columns of one table.
#[derive(Debug, Clone, Default)]
pub struct Header {
    /// Row of the header (0-based).
    pub row: u32,
    /// column (0-based) → (class, header text)
    pub columns: HashMap<u32, (ColumnClass, String)>,
}

impl Header {
    pub fn column(&self, col: u32) -> Option<&(ColumnClass, String)> {
        self.columns.get(&col)
    }
}

/// Finds the header row among `(row, col, normalized text)` cells of one table (any order).
pub fn find_header<'a>(cells: impl IntoIterator<Item = (u32, u32, &'a str)>) -> Option<Header> {
    let mut rows: HashMap<u32, Vec<(u32, &str)>> = HashMap::default();
    for (r, c, t) in cells {
        if r < HEADER_SEARCH_ROWS {
            rows.entry(r).or_default().push((c, t));
        }
    }
    let mut keys: Vec<u32> = rows.keys().copied().collect();
    keys.sort_unstable();
    for r in keys {
        let cells = &rows[&r];
        let classified: Vec<(u32, ColumnClass, &str)> = cells
            .iter()
            .filter_map(|&(c, t)| classify_header(t).map(|k| (c, k, t)))
            .collect();
        // one identifier column in a row of header-like cells (序号, 出访人员, 护照号码,
        // 出访国家) is a header too: a list of people and one document number each
        let lone_id_column = classified.len() == 1
            && matches!(
                classified[0].1,
                ColumnClass::ResidentId
                    | ColumnClass::IdDocument
                    | ColumnClass::Passport
                    | ColumnClass::Permit
                    | ColumnClass::BankAccount
                    // a code or amount column among plain headers (受理编号, 工业总产值（千元）)
                    | ColumnClass::Serial
                    | ColumnClass::Amount
                    // a list of places and their coordinates (站点名称 | 坐标（经度,纬度）)
                    | ColumnClass::Geo
                    | ColumnClass::TaxNumber
                    | ColumnClass::DisabilityCert
            )
            && cells.iter().filter(|(_, t)| !t.trim().is_empty()).count() >= 2
            && cells.iter().all(|(_, t)| header_like(t));
        if classified.len() >= MIN_CLASSIFIED
            // a key-value pair (护照号码 | E12345678); one long cell is a sheet's title
            // (非税收入收缴账户), not a header
            || (!classified.is_empty()
                && (cells.len() == 2
                    || cells.len() == 1 && cells[0].1.trim().chars().count() <= 6))
            || lone_id_column
        {
            return Some(Header {
                row: r,
                columns: classified
                    .into_iter()
                    .map(|(c, k, t)| (c, (k, t.trim().to_string())))
                    .collect(),
            });
        }
    }
    None
}

/// Whether a cell could be a header cell: short, no run of three digits, no address.
fn header_like(t: &str) -> bool {
    let t = t.trim();
    let mut run = 0;
    t.chars().count() <= 16
        && !t.contains('@')
        && t.chars().all(|c| {
            run = if c.is_ascii_digit() { run + 1 } else { 0 };
            run < 3
        })
}

/// Headers of every sheet of an item, keyed by sheet name.
pub fn sheet_headers(
    segments: &[Segment],
    normalized: impl Fn(usize) -> String,
) -> HashMap<std::sync::Arc<str>, Header> {
    let mut per_sheet: HashMap<std::sync::Arc<str>, Vec<(u32, u32, String)>> = HashMap::default();
    for (i, s) in segments.iter().enumerate() {
        if let Anchor::Cell { sheet, row, col } = &s.anchor {
            if *row < HEADER_SEARCH_ROWS && s.text.chars().count() <= 16 {
                per_sheet
                    .entry(sheet.clone())
                    .or_default()
                    .push((*row, *col, normalized(i)));
            }
        }
    }
    per_sheet
        .into_iter()
        .filter_map(|(name, cells)| {
            find_header(cells.iter().map(|(r, c, t)| (*r, *c, t.as_str()))).map(|h| (name, h))
        })
        .collect()
}

/// The header of a csv text: its first record, split with the delimiter (quotes honoured).
pub fn csv_header(text: &str, delim: u8) -> Option<Header> {
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(delim)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rec = csv::StringRecord::new();
    // the header is in the first few records (a title line may come first)
    let mut cells: Vec<(u32, u32, String)> = Vec::new();
    for r in 0..5u32 {
        match rdr.read_record(&mut rec) {
            Ok(true) => {
                for (c, f) in rec.iter().enumerate() {
                    cells.push((r, c as u32, crate::normalize::normalize(f).text));
                }
            }
            _ => break,
        }
    }
    find_header(cells.iter().map(|(r, c, t)| (*r, *c, t.as_str())))
}

/// Context words for the cells of HTML tables, per segment: a table row is the run of
/// segments sharing a record id (the extractor numbers `<tr>`s), a cell's column is its place
/// in that run. A row that reads as a header (see [`find_header`]) sets the columns for the
/// rows after it, until the next header row.
pub fn html_cell_contexts(segments: &[Segment]) -> Vec<Option<ColumnClass>> {
    let mut out = vec![None; segments.len()];
    // the header of the current table and its number of cells
    let mut header: Option<(Header, usize)> = None;
    // rows of the current table so far: a table is a run of row segments (a paragraph
    // outside a row ends it), and its header is looked for in its first rows only, as on a
    // sheet (a long table is not classified again row by row)
    let mut table_rows = 0u32;
    let cell = |s: &Segment| matches!(s.anchor, Anchor::TextMap(_) | Anchor::Fixed(_));
    let mut i = 0;
    while i < segments.len() {
        let Some(rec) = segments[i].record.filter(|_| cell(&segments[i])) else {
            if segments[i].layer == crate::extract::Layer::Visible
                && !segments[i].text.trim().is_empty()
            {
                header = None;
                table_rows = 0;
            }
            i += 1;
            continue;
        };
        table_rows += 1;
        let mut j = i;
        while j < segments.len() && segments[j].record == Some(rec) && cell(&segments[j]) {
            j += 1;
        }
        let row = &segments[i..j];
        let found = if table_rows <= HEADER_SEARCH_ROWS {
            let texts: Vec<String> = row
                .iter()
                .map(|s| {
                    if s.text.chars().count() <= 16 {
                        crate::normalize::normalize(&s.text).text
                    } else {
                        String::new()
                    }
                })
                .collect();
            find_header(
                texts
                    .iter()
                    .enumerate()
                    .map(|(c, t)| (0u32, c as u32, t.as_str())),
            )
        } else {
            None
        };
        if let Some(h) = found {
            header = Some((h, row.len()));
        } else if let Some((h, n)) = &header {
            // cells are counted in order: only a row with as many cells as the header lines
            // up with it (an empty cell or a cell of two paragraphs shifts the columns); an
            // html row that does not still lends its cells the header's context words (a
            // passport under 护照号码), never the code and amount exemptions
            let aligned = row.len() == *n;
            for (c, k) in (i..j).enumerate() {
                out[k] = h.column(c as u32).map(|col| col.0).filter(|cls| {
                    aligned
                        || (matches!(segments[k].anchor, Anchor::TextMap(_))
                            && cls.context_prefix().is_some())
                });
            }
        }
        i = j;
    }
    out
}

/// Walks the fields of a csv text: `f(record, column, start, end)` with the byte range of each
/// field's content (inside its quotes when quoted; `""` inside stays in the range). Records
/// are counted as the csv reader counts them: a line break inside quotes does not end one.
pub fn csv_fields(text: &str, delim: u8, mut f: impl FnMut(u32, u32, usize, usize)) {
    let b = text.as_bytes();
    let (mut rec, mut col) = (0u32, 0u32);
    let mut i = 0;
    while i <= b.len() {
        // one field from i
        let (start, end, next);
        if b.get(i) == Some(&b'"') {
            let s = i + 1;
            let mut j = s;
            loop {
                match b.get(j) {
                    None => break,
                    Some(b'"') if b.get(j + 1) == Some(&b'"') => j += 2,
                    Some(b'"') => break,
                    Some(_) => j += 1,
                }
            }
            start = s;
            end = j.min(b.len());
            // skip to the delimiter or line end after the closing quote
            let mut k = (j + 1).min(b.len());
            while k < b.len() && b[k] != delim && b[k] != b'\n' {
                k += 1;
            }
            next = k;
        } else {
            let mut j = i;
            while j < b.len() && b[j] != delim && b[j] != b'\n' {
                j += 1;
            }
            start = i;
            end = if j > i && b[j - 1] == b'\r' { j - 1 } else { j };
            next = j;
        }
        if end > start {
            f(rec, col, start, end);
        }
        match b.get(next) {
            Some(&c) if c == delim => {
                col += 1;
                i = next + 1;
            }
            Some(b'\n') => {
                rec += 1;
                col = 0;
                i = next + 1;
            }
            _ => break,
        }
    }
}

/// One character of a form box: a digit (ASCII or full-width), the check character X, or a
/// mask symbol (a form whose boxes show `3301061990******`).
fn box_char(text: &str) -> Option<char> {
    let t = text.trim();
    let mut cs = t.chars();
    let c = cs.next()?;
    if cs.next().is_some() {
        return None;
    }
    match c {
        '0'..='9' | 'X' | 'x' | '*' => Some(c.to_ascii_uppercase()),
        '０'..='９' => char::from_digit(c as u32 - '０' as u32, 10),
        'Ｘ' | 'ｘ' => Some('X'),
        '＊' | '×' => Some('*'),
        _ => None,
    }
}

/// Whether segment `b` continues a run of form boxes that ends with segment `a`: the next
/// cell of the same sheet row, or the next paragraph of the same table row (docx, html).
fn box_adjacent(a: &Segment, b: &Segment) -> bool {
    if a.layer != b.layer {
        return false;
    }
    match (&a.anchor, &b.anchor) {
        (
            Anchor::Cell {
                sheet: sa,
                row: ra,
                col: ca,
            },
            Anchor::Cell {
                sheet: sb,
                row: rb,
                col: cb,
            },
        ) => std::sync::Arc::ptr_eq(sa, sb) && ra == rb && ca.checked_add(1) == Some(*cb),
        (Anchor::Fixed(_), Anchor::Fixed(_)) | (Anchor::TextMap(_), Anchor::TextMap(_)) => {
            a.record.is_some() && a.record == b.record
        }
        _ => false,
    }
}

/// Words that label a number in a form: an 11-digit run of boxes after one of them is a
/// mobile, a 16–19 digit run a card.
const BOX_LABELS: &[&str] = &[
    "电话",
    "手机",
    "联系方式",
    "卡号",
    "账号",
    "帐号",
    "号码",
    "身份证",
    "证件",
];

/// Identifiers written one character per table cell (the 18 boxes of 身份证号码 on a
/// registration form): each run of 11–19 adjacent single-character cells of one row is
/// joined and handed to the recognizer. A resident ID (the checksum and the birth date make a
/// chance match in a row of single-digit counts negligible) is kept; a mobile or a card only
/// after a label cell (电话, 卡号 …): a row of eleven 1-digit statistics can read as a mobile.
/// Returns `(index after which to insert, segment)` pairs: the joined text, located at the
/// run's first cell.
pub fn boxed_digit_segments(
    segments: &[Segment],
    ids: &crate::detect::identifiers::IdRecognizer,
) -> Vec<(usize, Segment)> {
    use crate::detect::identifiers::IdKind;
    let mut out = Vec::new();
    let mut i = 0;
    while i < segments.len() {
        if matches!(segments[i].anchor, Anchor::Text { .. }) {
            i += 1;
            continue;
        }
        let Some(c0) = box_chunk(&segments[i].text) else {
            i += 1;
            continue;
        };
        let mut joined = c0;
        let mut sizes = vec![joined.len()];
        let mut j = i;
        while j + 1 < segments.len() && joined.len() <= 19 {
            match box_chunk(&segments[j + 1].text) {
                Some(c) if box_adjacent(&segments[j], &segments[j + 1]) => {
                    sizes.push(c.len());
                    joined.push_str(&c);
                    j += 1;
                }
                _ => break,
            }
        }
        // cells after the identifier's own (草场面积 after 顺序码) are not part of it
        while joined.len() > 19 && sizes.len() > 2 {
            let n = sizes.pop().unwrap_or(0);
            joined.truncate(joined.len() - n);
        }
        if sizes.len() >= 2
            && (11..=19).contains(&joined.len())
            && joined.bytes().any(|b| b.is_ascii_digit())
        {
            // the cells just before the run in its row
            let before = |n: usize| {
                segments[i.saturating_sub(n)..i]
                    .iter()
                    .filter(|p| same_row(p, &segments[i]))
            };
            let label =
                |words: &[&str]| before(2).any(|p| words.iter().any(|w| p.text.contains(w)));
            let labelled = label(BOX_LABELS);
            // boxes of one character each are a form's; cells of several digits could be a
            // table's region, date and count columns: an ID only under an ID label, or laid
            // out as region, birth date and sequence with the check X
            let single = sizes.iter().all(|&n| n == 1);
            // (or in a person's row: 姓名 | 行政区划码 | 出生日期 | 顺序码及校验码)
            let person = before(3).any(|p| {
                p.text.trim().chars().count() <= 4 && crate::scan::has_person_name(p.text.trim())
            });
            let id_ok = single
                || label(&["身份证", "公民身份", "证件"])
                || person
                || (sizes == [6, 8, 4] && joined.ends_with('X'));
            let keep = ids.find(&joined).into_iter().any(|m| {
                m.start == 0
                    && m.end == joined.len()
                    && match m.kind {
                        IdKind::ResidentId => id_ok,
                        IdKind::Mobile | IdKind::BankCard => labelled,
                        _ => false,
                    }
            });
            if keep {
                out.push((j, joined_segment(&segments[i], joined)));
            }
        }
        i = j + 1;
    }
    out
}

/// Whether cell `p` is in the row of cell `c`: the same table record, or the same sheet row.
fn same_row(p: &Segment, c: &Segment) -> bool {
    p.record.is_some() && p.record == c.record
        || matches!(
            (&p.anchor, &c.anchor),
            (Anchor::Cell { row: a, .. }, Anchor::Cell { row: b, .. }) if a == b
        )
}

/// The segment of an identifier joined from several: its text, located at the first part.
fn joined_segment(first: &Segment, text: String) -> Segment {
    Segment {
        text,
        anchor: first.anchor.clone(),
        layer: first.layer,
        zone: crate::extract::Zone::Body,
        record: first.record,
        title_len: 0,
    }
}

/// A cell of digits an identifier may be split into: one form box (see [`box_char`]), a
/// group of up to 8 digits (an ID typed as 330106 | 19900101 | 123X across three cells), or
/// a longer part of one split in two columns (身份证号（前6位）| （后12位）, 前14位 | 后4位);
/// an 11-digit cell is a mobile of its own, no part.
fn box_chunk(text: &str) -> Option<String> {
    if let Some(c) = box_char(text) {
        return Some(c.to_string());
    }
    let t = text.trim();
    let n = t.len();
    let ok = match n {
        2..=8 => t
            .bytes()
            .all(|c| c.is_ascii_digit() || matches!(c, b'X' | b'x' | b'*')),
        9 | 10 | 12..=14 => {
            let (head, last) = t.as_bytes().split_at(n - 1);
            head.iter().all(u8::is_ascii_digit)
                && (last[0].is_ascii_digit() || matches!(last[0], b'X' | b'x'))
        }
        _ => false,
    };
    ok.then(|| t.to_ascii_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;
    use ColumnClass::*;

    #[test]
    fn treasury_and_unit_accounts_are_organizations() {
        for t in [
            "杭州市西湖区财政局非税收入汇缴结算户",
            "国家金库杭州市西湖区支库",
            "杭州市西湖区教育局零余额账户",
            "杭州市西湖区人民法院诉讼费代收户",
        ] {
            assert!(org_name(t), "{t}");
        }
        for t in ["张三", "李四（代收）", "王五账户"] {
            assert!(!org_name(t), "{t}");
        }
    }

    #[test]
    fn form_box_characters() {
        for (t, want) in [
            ("7", Some('7')),
            (" 0 ", Some('0')),
            ("x", Some('X')),
            ("Ｘ", Some('X')),
            ("９", Some('9')),
            ("12", None),
            ("", None),
            ("a", None),
            ("*", Some('*')),
            ("一", None),
        ] {
            assert_eq!(box_char(t), want, "{t:?}");
        }
    }

    #[test]
    fn csv_field_ranges() {
        let t = "a,\"b,\"\"c\"\"\",,d\r\n\"x\ny\",z\n";
        let mut got = Vec::new();
        csv_fields(t, b',', |r, c, s, e| got.push((r, c, &t[s..e])));
        assert_eq!(
            got,
            vec![
                (0, 0, "a"),
                (0, 1, "b,\"\"c\"\""),
                (0, 3, "d"),
                (1, 0, "x\ny"),
                (1, 1, "z"),
            ]
        );
        // tabs, a missing closing quote
        let t = "甲\t乙\n\"丙";
        let mut got = Vec::new();
        csv_fields(t, b'\t', |r, c, s, e| got.push((r, c, &t[s..e])));
        assert_eq!(got, vec![(0, 0, "甲"), (0, 1, "乙"), (1, 0, "丙")]);
    }

    #[test]
    fn bracketed_units_in_text() {
        assert!(bracketed_unit("指标    2024年（千瓦时）  2023年（千瓦时）"));
        assert!(bracketed_unit("月份 供水量(万立方米)"));
        assert!(bracketed_unit("金额（元）"));
        assert!(!bracketed_unit("联系电话（手机）"));
        assert!(!bracketed_unit("（一）总体情况"));
        assert!(!bracketed_unit("关于印发《办法》（试行）的通知"));
        assert!(!bracketed_unit(""));
    }

    #[test]
    fn header_cells() {
        let rows: &[(&str, Option<ColumnClass>)] = &[
            ("姓名", Some(Name)),
            ("申请人姓名", Some(Name)),
            ("身份证号码", Some(ResidentId)),
            ("公民身份号码", Some(ResidentId)),
            ("证件号码", Some(IdDocument)),
            ("护照号码", Some(Passport)),
            ("港澳通行证号", Some(Permit)),
            ("联系电话", Some(Phone)),
            ("手机号", Some(Phone)),
            ("银行卡号", Some(BankAccount)),
            ("开户银行账号", Some(BankAccount)),
            ("家庭住址", Some(Address)),
            ("电子邮箱", Some(Email)),
            ("车牌号码", Some(Plate)),
            ("产权人", Some(Name)),
            ("持证人", Some(Name)),
            ("出访人员", Some(Name)),
            ("补助对象", Some(Name)),
            ("法定代表人", Some(Name)),
            // near misses: data cells and other headers
            ("张三", None),
            ("13812345678", None),
            ("330106199001011234", None),
            ("zhang@example.cn", None),
            ("序号", None),
            ("补贴金额（元）", Some(Amount)),
            ("计划投资（万元）", Some(Amount)),
            ("决算数", Some(Amount)),
            ("2024年（千瓦时）", Some(Amount)),
            ("经度", Some(Geo)),
            ("纳税人识别号", Some(TaxNumber)),
            ("税务登记号", Some(TaxNumber)),
            ("纬度（°）", Some(Geo)),
            ("中心点坐标", Some(Geo)),
            ("用电量(万千瓦时)", Some(Amount)),
            ("能源消费总量（吨标准煤）", Some(Amount)),
            ("供水量（立方米）", Some(Amount)),
            ("债务余额", Some(Amount)),
            // a bracket that is no unit
            ("联系电话（手机）", Some(Phone)),
            ("备注（其他）", None),
            ("施工许可证编号", Some(Serial)),
            ("准考证号", Some(Serial)),
            ("证件编号", Some(IdDocument)),
            ("人员编号", None),
            ("人数", None),
            ("参加培训的全体工作人员", None),
            ("关于2025年度住房租赁补贴拟发放名单的公示", None),
            // a sheet's title holding a column word is no header
            ("早期户籍档案数字化核对表", None),
            ("2025年联系电话名单", None),
            ("收款单位", Some(Holder)),
            ("", None),
        ];
        for (h, want) in rows {
            assert_eq!(classify_header(h), *want, "{h}");
        }
    }

    #[test]
    fn header_row_after_a_title() {
        let cells = [
            (0, 0, "关于2025年度住房租赁补贴拟发放名单的公示"),
            (1, 0, "序号"),
            (1, 1, "姓名"),
            (1, 2, "护照号码"),
            (1, 3, "联系电话"),
            (2, 0, "1"),
            (2, 1, "张三"),
            (2, 2, "E12345678"),
        ];
        let h = find_header(cells).expect("header");
        assert_eq!(h.row, 1);
        assert_eq!(h.column(2).map(|c| c.0), Some(Passport));
        assert_eq!(h.column(3).map(|c| c.1.as_str()), Some("联系电话"));
        assert!(h.column(0).is_none());
    }

    #[test]
    fn one_identifier_column_header() {
        // 序号, a role header, one document-number column, one more field
        let cells = [
            (0, 0, "序号"),
            (0, 1, "出访单位"),
            (0, 2, "护照号码"),
            (0, 3, "出访国家"),
            (1, 0, "1"),
            (1, 1, "某某局"),
            (1, 2, "E12345678"),
            (1, 3, "日本"),
        ];
        let h = find_header(cells).expect("header");
        assert_eq!((h.row, h.column(2).map(|c| c.0)), (0, Some(Passport)));
        // a data row that names a document type is no header
        let cells = [(0, 0, "1"), (0, 1, "身份证"), (0, 2, "330106198001011234")];
        assert!(find_header(cells).is_none());
        // one phone column alone is not enough (a 联系电话 line in a form)
        let cells = [(0, 0, "单位"), (0, 1, "联系电话"), (0, 2, "备注")];
        assert!(find_header(cells).is_none());
    }

    #[test]
    fn no_header_in_prose_tables() {
        let cells = [
            (0, 0, "项目"),
            (0, 1, "进度"),
            (1, 0, "排涝泵站"),
            (1, 1, "80%"),
        ];
        assert!(find_header(cells).is_none());
    }

    #[test]
    fn csv_header_with_quotes_and_title() {
        let t = "拟发放名单\n序号,\"姓名\",证件号码,备注\n1,张三,E12345678,\n";
        let h = csv_header(t, b',').expect("header");
        assert_eq!(h.row, 1);
        assert_eq!(h.column(2).map(|c| c.0), Some(IdDocument));
        assert_eq!(h.column(1).map(|c| c.0), Some(Name));
    }
}
