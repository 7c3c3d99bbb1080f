//! Identifier recognizers (personal information, DOMAIN §5, §10.C–10.D, CONTRACT §4–5).
//!
//! Input is normalized text (NFKC, zero-width removed, simplified). The digit identifiers
//! (resident ID, mobile, landline, bank card, all-digit USCC) are found by a hand-written byte
//! scanner: the text is cut into *tokens* (maximal runs of ASCII alphanumerics and mask
//! characters), numeric tokens joined by a single space or hyphen form *chains*, and every
//! contiguous run of tokens of a chain is validated (whole chain preferred). Tokens that contain
//! letters are checked for passports, permits and USCCs. Email, vehicle plates and DMS
//! coordinates use regexes behind cheap prefilters; IPv4 and decimal coordinates use a scan over
//! the ASCII dots. No Unicode `\b` is used anywhere: boundaries are ASCII-alnum checks by hand.

use regex::Regex;
use std::sync::OnceLock;

// ---------------------------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IdKind {
    ResidentId,
    Mobile,
    Landline,
    BankCard,
    Passport,
    HkMacauPermit,
    Uscc,
    Email,
    VehiclePlate,
    IpAddress,
    GeoCoordinate,
}

impl IdKind {
    pub fn as_str(self) -> &'static str {
        match self {
            IdKind::ResidentId => "cn_resident_id",
            IdKind::Mobile => "cn_mobile",
            IdKind::Landline => "cn_landline",
            IdKind::BankCard => "bank_card",
            IdKind::Passport => "cn_passport",
            IdKind::HkMacauPermit => "cn_hk_macau_permit",
            IdKind::Uscc => "cn_uscc",
            IdKind::Email => "email",
            IdKind::VehiclePlate => "cn_vehicle_plate",
            IdKind::IpAddress => "ip_address",
            IdKind::GeoCoordinate => "geo_coordinate",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mask {
    None,
    Proper,
    Insufficient,
}

#[derive(Debug, Clone)]
pub struct IdMatch {
    pub kind: IdKind,
    /// Byte range in the input text (covers inner separators, a `+86` prefix, a `(` of an area code).
    pub start: usize,
    pub end: usize,
    /// Canonical form: separators removed, uppercase (email: lowercase), mask chars as `*`.
    pub value: String,
    pub mask: Mask,
    /// GeoCoordinate only: finer than 0.001 degree.
    pub fine: bool,
    pub note: &'static str,
}

/// Holds the compiled regexes; build once per run. `Send + Sync`.
pub struct IdRecognizer {
    email: Regex,
    plate: Regex,
    dms: Regex,
    /// Searchers for `°` and `度`, built once: building one per call costs more than searching
    /// a short text (a cell) with it.
    deg: memchr::memmem::Finder<'static>,
    du: memchr::memmem::Finder<'static>,
}

impl Default for IdRecognizer {
    fn default() -> Self {
        Self::new()
    }
}

// ---------------------------------------------------------------------------------------------
// Context words
// ---------------------------------------------------------------------------------------------

const ID_CTX: &[&str] = &["身份证", "证件", "公民身份", "身份号码", "证号", "id card"];
const CARD_CTX: &[&str] = &[
    "卡号",
    "银行卡",
    "账号",
    "帐号",
    "银行账户",
    "开户",
    "储蓄卡",
    "信用卡",
    "借记卡",
    "card",
];
/// Words that name a card itself (not an account).
const CARD_ONLY_CTX: &[&str] = &["卡号", "银行卡", "储蓄卡", "信用卡", "借记卡", "card"];
const PASSPORT_CTX: &[&str] = &["护照", "passport"];
const PERMIT_CTX: &[&str] = &["通行证", "回乡证", "港澳"];
const GEO_CTX: &[&str] = &[
    "经度",
    "纬度",
    "经纬",
    "东经",
    "北纬",
    "南纬",
    "西经",
    "坐标",
    "定位",
    "lat",
    "lon",
    "lng",
    "gps", // map links: `location=lat,lng`, `position=lng,lat`, `center=…`
    "location=",
    "position=",
    "center=",
    "ll=",
];

/// Registration numbers of organizations that a generic 「证号」/「证件」 would otherwise let
/// through as an old 15-digit ID (a 税务登记证号 is 15 digits and often starts with a region).
const ORG_NUMBER_CTX: &[&str] = &[
    "税务登记",
    "纳税人识别",
    "组织机构代码",
    "营业执照",
    "工商注册",
    "注册号",
    "信用代码",
    "许可证号",
];
const PERSON_ID_CTX: &[&str] = &["身份证", "公民身份", "身份号码", "id card"];

/// Context for a 15-digit old ID: an ID word before it, and not an organization's
/// registration number (unless a person's ID word is nearer to say otherwise).
fn old_id_context(text: &str, start: usize) -> bool {
    ctx_before(text, start, ID_CTX_CHARS, ID_CTX)
        && (!ctx_before(text, start, ID_CTX_CHARS, ORG_NUMBER_CTX)
            || ctx_before(text, start, 8, PERSON_ID_CTX))
}

const ID_CTX_CHARS: usize = 20;
const CARD_CTX_CHARS: usize = 15;
const DOC_CTX_CHARS: usize = 20;
const GEO_CTX_CHARS: usize = 20;

/// The text of at most `nchars` characters ending at byte `pos`.
fn window_before(text: &str, pos: usize, nchars: usize) -> &str {
    let b = text.as_bytes();
    let mut s = pos;
    let mut count = 0;
    while s > 0 && count < nchars {
        s -= 1;
        while s > 0 && (b[s] & 0xC0) == 0x80 {
            s -= 1;
        }
        count += 1;
    }
    &text[s..pos]
}

/// Whether one of `words` (lowercase) occurs within `nchars` characters before `pos`
/// (ASCII case-insensitive, no allocation).
fn ctx_before(text: &str, pos: usize, nchars: usize, words: &[&str]) -> bool {
    let ws = window_before(text, pos, nchars);
    if ws.is_empty() {
        return false;
    }
    let w = ws.as_bytes();
    let has_alpha = w.iter().any(|c| c.is_ascii_alphabetic());
    words.iter().any(|k| {
        if !k.is_ascii() {
            ws.contains(k)
        } else {
            let k = k.as_bytes();
            has_alpha
                && k.len() <= w.len()
                && w.windows(k.len()).any(|win| win.eq_ignore_ascii_case(k))
        }
    })
}

// ---------------------------------------------------------------------------------------------
// Validation helpers
// ---------------------------------------------------------------------------------------------

#[inline]
fn is_digit(c: u8) -> bool {
    c.is_ascii_digit()
}

#[inline]
fn dv(c: u8) -> u32 {
    (c - b'0') as u32
}

fn province_ok(a: u8, b: u8) -> bool {
    if !is_digit(a) || !is_digit(b) {
        return false;
    }
    let p = dv(a) * 10 + dv(b);
    matches!(p, 11..=15 | 21..=23 | 31..=37 | 41..=46 | 50..=54 | 61..=65 | 71 | 81 | 82 | 83)
}

fn leap(y: u32) -> bool {
    (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400)
}

fn date_ok(y: u32, m: u32, d: u32) -> bool {
    if !(1880..=2026).contains(&y) || !(1..=12).contains(&m) || d == 0 {
        return false;
    }
    let max = match m {
        2 => {
            if leap(y) {
                29
            } else {
                28
            }
        }
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    d <= max
}

fn num(u: &[u8]) -> u32 {
    u.iter().fold(0, |a, &c| a * 10 + dv(c))
}

/// Region (province) + YYYYMMDD, no checksum.
fn id18_shape(u: &[u8]) -> bool {
    if u.len() != 18 || !u[..17].iter().all(|&c| is_digit(c)) {
        return false;
    }
    let region = if u[0] == b'9' {
        province_ok(u[1], u[2])
    } else {
        province_ok(u[0], u[1])
    };
    region && date_ok(num(&u[6..10]), num(&u[10..12]), num(&u[12..14]))
}

fn id18_check_char(u17: &[u8]) -> u8 {
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let s: u32 = u17.iter().zip(W.iter()).map(|(&c, &w)| dv(c) * w).sum();
    b"10X98765432"[(s % 11) as usize]
}

/// Full GB 11643 validation of an 18-char canonical value (digits, final may be 'X').
fn valid_id18(u: &[u8]) -> bool {
    id18_shape(u) && (is_digit(u[17]) || u[17] == b'X') && id18_check_char(&u[..17]) == u[17]
}

fn valid_id15(u: &[u8]) -> bool {
    u.len() == 15
        && u.iter().all(|&c| is_digit(c))
        && province_ok(u[0], u[1])
        && date_ok(1900 + num(&u[6..8]), num(&u[8..10]), num(&u[10..12]))
}

fn luhn(u: &[u8]) -> bool {
    let mut sum = 0;
    for (k, &c) in u.iter().rev().enumerate() {
        let mut d = dv(c);
        if k % 2 == 1 {
            d *= 2;
            if d > 9 {
                d -= 9;
            }
        }
        sum += d;
    }
    sum % 10 == 0
}

/// Whether a unit of measure or money follows a number (`13582460000元`, `…万千瓦时`): an
/// amount, not a phone number.
///
/// 万/亿/千 are units only when what follows them is a unit too or nothing (万芳 is a name,
/// 万元 and 万千瓦时 are amounts); a unit on the next line (a PDF line wrap: `…15234567890` /
/// `元，…`) only when it ends there or a unit follows (a list's next line may start with the
/// surname 万 or 元, a sentence with 元旦).
fn unit_follows(text: &str, end: usize) -> bool {
    text.get(end..).is_some_and(|r| {
        let same_line = r.trim_start_matches([' ', '\t', '\u{3000}']);
        let r = r.trim_start();
        let wrapped = r.len() != same_line.len();
        let mut cs = r.chars();
        let unit_or_nothing = |next: Option<char>| match next {
            None => true,
            Some(c) if !c.is_alphanumeric() => true,
            Some(c) => "元人户吨千万亿瓦平立方公斤克米亩次件台辆套个只头株册份美港欧日".contains(c),
        };
        let unit = match cs.next() {
            Some('元' | '吨' | '度' | '平' | '立') => !wrapped || unit_or_nothing(cs.next()),
            Some('万' | '亿' | '千') => unit_or_nothing(cs.next()),
            _ => false,
        };
        unit
            // a bracketed money unit right after it (13856247800（元）, …(人民币元))
            || ["（元）", "(元)", "（万元）", "(万元)", "（人民币元）", "(人民币元)", "（人民币）", "(人民币)"]
                .iter()
                .any(|u| r.starts_with(u))
    })
}

/// A money label right before a number (`投标报价（元）：18844021478`, `金额(万元) 1…`): the
/// number is an amount, whatever its shape.
fn amount_label_before(text: &str, start: usize) -> bool {
    let w = window_before(text, start, 8);
    let w = w.trim_end_matches([':', '：', ' ', '\t', '\u{3000}', '=']);
    [
        "(元)",
        "（元）",
        "(万元)",
        "（万元）",
        "(千元)",
        "（千元）",
        "(亿元)",
        "（亿元）",
    ]
    .iter()
    .any(|u| w.ends_with(u))
        || [
            "金额",
            "报价",
            "价款",
            "总价",
            "造价",
            "投资额",
            "合同价",
            "中标价",
            "成交价",
            "结算价",
        ]
        .iter()
        .any(|u| w.ends_with(u))
}

/// Whether a run of digits is, as it stands, a valid 18-digit resident ID (GB 11643 check
/// digit and date) or a 16–19 digit number passing the Luhn check: used where a number may
/// have lost digits (a spreadsheet's double) to tell an exact identifier from a truncated one.
pub fn digits_validate(d: &str) -> bool {
    let u = d.as_bytes();
    if !u.iter().all(|c| c.is_ascii_digit()) {
        return false;
    }
    if u.len() == 18 && id18_shape(u) {
        // shaped as an ID (region and birth date): only its check digit counts
        return valid_id18(u);
    }
    (16..=19).contains(&u.len()) && luhn(u)
}

fn mobile_prefix_ok(u: &[u8]) -> bool {
    if u.len() < 3 || u[0] != b'1' || !is_digit(u[1]) || !is_digit(u[2]) {
        return false;
    }
    match (u[1], u[2]) {
        (b'3', _) => true,
        (b'4', c) => matches!(c, b'5' | b'7' | b'9'),
        (b'5', c) => c != b'4',
        (b'6', c) => matches!(c, b'2' | b'5' | b'6' | b'7'),
        (b'7', c) => c != b'9',
        (b'8', _) => true,
        (b'9', c) => c != b'4',
        _ => false,
    }
}

fn valid_mobile(u: &[u8]) -> bool {
    u.len() == 11 && u.iter().all(|&c| is_digit(c)) && mobile_prefix_ok(u)
}

const USCC_CS: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";

fn uscc_check(u: &[u8]) -> bool {
    const W: [u32; 17] = [
        1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
    ];
    if u.len() != 18 {
        return false;
    }
    let mut vals = [0u32; 18];
    for (k, &c) in u.iter().enumerate() {
        match USCC_CS.iter().position(|&x| x == c) {
            Some(p) => vals[k] = p as u32,
            None => return false,
        }
    }
    let s: u32 = vals[..17].iter().zip(W.iter()).map(|(v, w)| v * w).sum();
    (31 - s % 31) % 31 == vals[17]
}

/// GB 11714 organisation code (8 body chars + check).
fn orgcode_check(u: &[u8]) -> bool {
    const W: [u32; 8] = [3, 7, 9, 10, 5, 8, 4, 2];
    if u.len() != 9 {
        return false;
    }
    let mut s = 0;
    for k in 0..8 {
        let c = u[k];
        let v = if is_digit(c) {
            dv(c)
        } else if c.is_ascii_uppercase() {
            (c - b'A') as u32 + 10
        } else {
            return false;
        };
        s += v * W[k];
    }
    let c = 11 - s % 11;
    let expect = match c {
        10 => b'X',
        11 => b'0',
        d => b'0' + d as u8,
    };
    u[8] == expect
}

/// USCC with at least one letter: check character and a numeric region field.
fn valid_uscc_lettered(u: &[u8]) -> bool {
    u.len() == 18
        && u.iter().any(|c| c.is_ascii_uppercase())
        && u[2..8].iter().all(|&c| is_digit(c))
        && uscc_check(u)
}

/// All-digit (or digit + final X) USCC: much stricter, so random 18-digit numbers do not pass.
fn valid_uscc_strict(u: &[u8]) -> bool {
    u.len() == 18
        && u[0] != b'0'
        && province_ok(u[2], u[3])
        && u[2..8].iter().all(|&c| is_digit(c))
        && uscc_check(u)
        && orgcode_check(&u[8..17])
}

fn landline_area_len(u: &[u8]) -> Option<usize> {
    if u.len() < 3 || u[0] != b'0' {
        return None;
    }
    match u[1] {
        b'1' if u[2] == b'0' => Some(3),
        b'2' => Some(3),
        b'3'..=b'9' => Some(4),
        _ => None,
    }
}

// ---------------------------------------------------------------------------------------------
// Mask analysis
// ---------------------------------------------------------------------------------------------

/// Bit k set = position k is a mask. `*` (canonical for all mask symbols) always; `X` unless it
/// is the final character right after a digit (then it can be an ID check character).
fn mask_bits(u: &[u8]) -> u32 {
    let l = u.len();
    let mut m = 0u32;
    for (k, &c) in u.iter().enumerate() {
        let is = c == b'*' || (c == b'X' && !(k + 1 == l && l >= 2 && is_digit(u[l - 2])));
        if is {
            m |= 1 << k;
        }
    }
    m
}

#[inline]
fn vis(m: u32, k: usize) -> bool {
    (m >> k) & 1 == 0
}

fn all_masked(m: u32, from: usize, to: usize) -> bool {
    (from..to).all(|k| !vis(m, k))
}

fn masked_value(u: &[u8], m: u32) -> String {
    u.iter()
        .enumerate()
        .map(|(k, &c)| if vis(m, k) { c as char } else { '*' })
        .collect()
}

/// Visible characters must be digits (an ID may also show a final X).
fn visible_digits_only(u: &[u8], m: u32, allow_final_x: bool) -> bool {
    u.iter().enumerate().all(|(k, &c)| {
        !vis(m, k) || is_digit(c) || (allow_final_x && k + 1 == u.len() && c == b'X')
    })
}

fn masked_id18_sane(u: &[u8], m: u32) -> bool {
    if !visible_digits_only(u, m, true) {
        return false;
    }
    let v = |k: usize| vis(m, k);
    if v(0) && u[0] == b'0' {
        return false;
    }
    if v(0) && v(1) {
        if u[0] == b'9' {
            if v(2) && !province_ok(u[1], u[2]) {
                return false;
            }
        } else if !province_ok(u[0], u[1]) {
            return false;
        }
    }
    if v(6) && !matches!(u[6], b'1' | b'2') {
        return false;
    }
    if v(6) && v(7) && !matches!((u[6], u[7]), (b'1', b'8') | (b'1', b'9') | (b'2', b'0')) {
        return false;
    }
    if (6..10).all(v) && !(1880..=2026).contains(&num(&u[6..10])) {
        return false;
    }
    if v(10) && !matches!(u[10], b'0' | b'1') {
        return false;
    }
    if v(10) && v(11) && !(1..=12).contains(&num(&u[10..12])) {
        return false;
    }
    if v(12) && !matches!(u[12], b'0'..=b'3') {
        return false;
    }
    if v(12) && v(13) && !(1..=31).contains(&num(&u[12..14])) {
        return false;
    }
    true
}

fn id18_mask(m: u32, nmask: u32) -> (Mask, &'static str) {
    if all_masked(m, 6, 14) && nmask >= 8 {
        (Mask::Proper, "")
    } else if nmask < 4 {
        (
            Mask::Insufficient,
            "too few digits masked, recomputable from the check digit",
        )
    } else {
        (Mask::Insufficient, "birth date visible")
    }
}

fn masked_mobile_sane(u: &[u8], m: u32) -> bool {
    if !visible_digits_only(u, m, false) {
        return false;
    }
    if vis(m, 0) && u[0] != b'1' {
        return false;
    }
    if vis(m, 1) && !matches!(u[1], b'3'..=b'9') {
        return false;
    }
    if vis(m, 0) && vis(m, 1) && vis(m, 2) && !mobile_prefix_ok(u) {
        return false;
    }
    true
}

fn mobile_mask(m: u32, nmask: u32) -> (Mask, &'static str) {
    if all_masked(m, 3, 7) && nmask >= 4 {
        (Mask::Proper, "")
    } else if nmask < 4 {
        (
            Mask::Insufficient,
            match nmask {
                1 => "only 1 of 11 digits masked",
                2 => "only 2 of 11 digits masked",
                _ => "only 3 of 11 digits masked",
            },
        )
    } else {
        (Mask::Insufficient, "middle digits (positions 4-7) visible")
    }
}

fn card_mask(u: &[u8], m: u32) -> (Mask, &'static str) {
    let l = u.len();
    let ok = (6..l.saturating_sub(4)).all(|k| !vis(m, k));
    if ok {
        (Mask::Proper, "")
    } else {
        (
            Mask::Insufficient,
            "digits beyond the first 6 and last 4 visible",
        )
    }
}

// ---------------------------------------------------------------------------------------------
// Tokens and chains
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Copy, Debug)]
struct Tok {
    s: usize,
    e: usize,
    units: u32,
    digits: u32,
    /// ASCII letters other than X/x.
    letters: u32,
}

/// Byte length of a multi-byte mask symbol at `i` (× ● ＊), else 0.
#[inline]
fn mb_mask_len(b: &[u8], i: usize) -> usize {
    match b[i] {
        0xC3 if b.get(i + 1) == Some(&0x97) => 2,
        0xE2 if b.get(i + 1) == Some(&0x97) && b.get(i + 2) == Some(&0x8F) => 3,
        0xEF if b.get(i + 1) == Some(&0xBC) && b.get(i + 2) == Some(&0x8A) => 3,
        _ => 0,
    }
}

/// Byte length of a token unit at `i` (ASCII alnum, `*`, `#`, or a multi-byte mask), else 0.
#[inline]
fn unit_len(b: &[u8], i: usize) -> usize {
    let c = b[i];
    if c.is_ascii_alphanumeric() || c == b'*' || c == b'#' {
        1
    } else if c >= 0xC3 {
        mb_mask_len(b, i)
    } else {
        0
    }
}

/// All tokens containing at least one digit or mask symbol (pure-letter words are dropped;
/// they break chains anyway because the gap around them is not a single separator).
fn tokenize(b: &[u8]) -> Vec<Tok> {
    let mut out = Vec::new();
    tokenize_into(b, &mut out);
    out
}

/// [`tokenize`] into a reused vector (cleared first).
fn tokenize_into(b: &[u8], out: &mut Vec<Tok>) {
    out.clear();
    let n = b.len();
    let mut i = 0;
    while i < n {
        // Han characters (3-byte sequences led by E4..E9) are never part of a token
        if (0xE4..=0xE9).contains(&b[i]) {
            i += 3;
            continue;
        }
        let l = unit_len(b, i);
        if l == 0 {
            i += 1;
            continue;
        }
        let s = i;
        let mut t = Tok {
            s,
            e: s,
            units: 0,
            digits: 0,
            letters: 0,
        };
        let mut other = 0u32; // X/x and mask symbols
        loop {
            let c = b[i];
            if is_digit(c) {
                t.digits += 1;
            } else if c.is_ascii_alphabetic() && c != b'X' && c != b'x' {
                t.letters += 1;
            } else {
                other += 1;
            }
            t.units += 1;
            i += unit_len(b, i);
            if i >= n || unit_len(b, i) == 0 {
                break;
            }
        }
        t.e = i;
        if t.digits > 0 || other > 0 {
            out.push(t);
        }
    }
}

/// Canonical units of a token range: digits, 'X' for X/x, '*' for mask symbols, uppercase letters.
fn push_units(b: &[u8], s: usize, e: usize, out: &mut Vec<u8>) {
    let mut i = s;
    while i < e {
        let c = b[i];
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_uppercase());
            i += 1;
        } else if c == b'*' || c == b'#' {
            out.push(b'*');
            i += 1;
        } else {
            out.push(b'*');
            i += mb_mask_len(b, i).max(1);
        }
    }
}

/// Byte length of an opening parenthesis ending right before `pos` (`(` or `（`), else 0.
fn open_paren_before(b: &[u8], pos: usize) -> usize {
    if pos >= 1 && b[pos - 1] == b'(' {
        1
    } else if pos >= 3 && &b[pos - 3..pos] == "（".as_bytes() {
        3
    } else {
        0
    }
}

/// Byte length of a closing parenthesis at `pos` (`)` or `）`), else 0.
fn close_paren_at(b: &[u8], pos: usize) -> usize {
    if b.get(pos) == Some(&b')') {
        1
    } else if b[pos..].starts_with("）".as_bytes()) {
        3
    } else {
        0
    }
}

fn joinable(b: &[u8], prev: &Tok, next: &Tok) -> bool {
    let gap = next.s - prev.e;
    let sep = b[prev.e];
    if gap == 1 && (sep == b' ' || sep == b'-') {
        return true;
    }
    // a hyphen with spaces around it (`440305 - 19850214 - 3623`, Word's AutoFormat makes
    // `159 – 2384 – 7165` of a typed ` - `), or a doubled space
    if (2..=3).contains(&gap) {
        let g = &b[prev.e..next.s];
        if matches!(g, b" - " | b" -" | b"- " | b"  ") {
            return true;
        }
    }
    // (0571)87654321, (0571) 8765-4321, and a mobile's prefix the same way: (138) 0013 8000
    let cp = close_paren_at(b, prev.e);
    cp > 0
        && (gap == cp || (gap == cp + 1 && matches!(b[prev.e + cp], b' ' | b'-')))
        && open_paren_before(b, prev.s) > 0
        && prev.digits == prev.units
        && ((3..=4).contains(&prev.units) && b[prev.s] == b'0'
            || prev.units == 3 && b[prev.s] == b'1' && (b'3'..=b'9').contains(&b[prev.s + 1]))
}

struct Cand {
    i: usize,
    j: usize,
    m: IdMatch,
    id18: bool,
    whole: bool,
    prio: u32,
    units: u32,
}

const MAX_UNITS: u32 = 19;
const MIN_UNITS: u32 = 10;

#[derive(Default)]
struct Scratch {
    cands: Vec<Cand>,
    buf: Vec<u8>,
    taken: Vec<(usize, usize)>,
}

fn evaluate_chain(text: &str, chain: &[Tok], sc: &mut Scratch, out: &mut Vec<(u32, IdMatch)>) {
    let b = text.as_bytes();
    let n = chain.len();
    let total: u32 = chain.iter().map(|t| t.units).sum();
    if total < MIN_UNITS {
        return;
    }
    let Scratch { cands, buf, taken } = sc;
    cands.clear();
    taken.clear();
    for i in 0..n {
        let first_is_86 = chain[i].units == 2 && &b[chain[i].s..chain[i].e] == b"86";
        let mut units = 0;
        for j in i..n {
            // a short last group completes an ID or a card written in fours
            // (「3301 0619 9001 0112 3X」, 「6222 0212 3456 7890 1」)
            // (only after groups of four: 「420102********1236 3人」 is an ID and a count)
            let short_tail = j > i
                && chain[j].units < 3
                && chain[i].units >= 3
                && chain[i..j].iter().all(|t| t.units == 4)
                && (17..=19).contains(&(units + chain[j].units));
            if j > i && !short_tail && (chain[j].units < 3 || (chain[i].units < 3 && !first_is_86))
            {
                break;
            }
            units += chain[j].units;
            if units > MAX_UNITS {
                break;
            }
            if units < MIN_UNITS {
                continue;
            }
            buf.clear();
            for t in &chain[i..=j] {
                push_units(b, t.s, t.e, buf);
            }
            let only_mobile13 = first_is_86 && j > i;
            if let Some((m, prio, id18)) = evaluate_span(text, chain, i, j, buf, only_mobile13) {
                cands.push(Cand {
                    i,
                    j,
                    m,
                    id18,
                    whole: i == 0 && j == n - 1,
                    prio,
                    units,
                });
            }
            if short_tail {
                break;
            }
        }
    }
    if cands.is_empty() {
        return;
    }
    // a number written as a card is (fours and a short last group, 16–19 digits in all) is
    // one number: a part of it that passes the Luhn check is no card when the whole does not
    // (a 19-digit passbook account `6228 4807 9026 4094 883`, its first 16 digits valid)
    let total: u32 = chain.iter().map(|t| t.units).sum();
    if n > 1
        && (16..=19).contains(&total)
        && chain.iter().all(|t| t.digits == t.units)
        && card_layout(b, chain)
    {
        cands.retain(|c| !(c.m.kind == IdKind::BankCard && (c.i > 0 || c.j < n - 1)));
    }
    cands.sort_by(|a, c| {
        (c.id18, c.whole, c.prio, c.units).cmp(&(a.id18, a.whole, a.prio, a.units))
    });
    for c in cands.drain(..) {
        if taken.iter().any(|&(i, j)| c.i <= j && i <= c.j) {
            continue;
        }
        taken.push((c.i, c.j));
        out.push((100, c.m));
    }
}

fn mk(
    kind: IdKind,
    start: usize,
    end: usize,
    value: String,
    mask: Mask,
    note: &'static str,
) -> IdMatch {
    IdMatch {
        kind,
        start,
        end,
        value,
        mask,
        fine: false,
        note,
    }
}

fn as_string(u: &[u8]) -> String {
    String::from_utf8_lossy(u).into_owned()
}

/// Validate one contiguous run of tokens `chain[i..=j]` whose canonical units are `u`.
fn evaluate_span(
    text: &str,
    chain: &[Tok],
    i: usize,
    j: usize,
    u: &[u8],
    only_mobile13: bool,
) -> Option<(IdMatch, u32, bool)> {
    let b = text.as_bytes();
    let start = chain[i].s;
    let end = chain[j].e;
    // part of a decimal number (123.4567 / 13800138000.00)
    if start >= 2 && b[start - 1] == b'.' && is_digit(b[start - 2]) {
        return None;
    }
    if end + 1 < b.len() && b[end] == b'.' && is_digit(b[end + 1]) {
        // a whole number exported as a float (pandas writes `13812345678.0`) is still the
        // number, unless it reads as an amount (`…0.0元`)
        let float_of_int = b[end + 1] == b'0'
            && b.get(end + 2).is_none_or(|c| !is_digit(*c))
            && !text[end + 2..]
                .trim_start()
                .starts_with(['元', '万', '亿', '%', '％']);
        if !float_of_int {
            return None;
        }
    }
    let l = u.len();
    let m = mask_bits(u);
    let nmask = m.count_ones();

    if nmask == 0 {
        let all_digits = u.iter().all(|&c| is_digit(c));
        let final_x = !all_digits && u[..l - 1].iter().all(|&c| is_digit(c)) && u[l - 1] == b'X';
        if !all_digits && !final_x {
            return None;
        }
        if only_mobile13 {
            if all_digits && l == 13 && valid_mobile(&u[2..]) {
                let s = if start > 0 && b[start - 1] == b'+' {
                    start - 1
                } else {
                    start
                };
                return Some((
                    mk(IdKind::Mobile, s, end, as_string(&u[2..]), Mask::None, ""),
                    80,
                    false,
                ));
            }
            return None;
        }
        if l == 18 && valid_id18(u) && !permit_number(text, start, u) {
            return Some((
                mk(IdKind::ResidentId, start, end, as_string(u), Mask::None, ""),
                100,
                true,
            ));
        }
        if final_x {
            if l == 18 && valid_uscc_strict(u) {
                return Some((
                    mk(IdKind::Uscc, start, end, as_string(u), Mask::None, ""),
                    70,
                    false,
                ));
            }
            return None;
        }
        if l == 15 && valid_id15(u) && old_id_context(text, start) {
            return Some((
                mk(
                    IdKind::ResidentId,
                    start,
                    end,
                    as_string(u),
                    Mask::None,
                    "old 15-digit form",
                ),
                90,
                false,
            ));
        }
        if l == 11
            && valid_mobile(u)
            // a phone word right before it (联系电话13812345678 万元户走访) says what it is
            && (!unit_follows(text, end) || ctx_before(text, start, 6, MOBILE_CTX))
            && !amount_label_before(text, start)
        {
            return Some((
                mk(IdKind::Mobile, start, end, as_string(u), Mask::None, ""),
                80,
                false,
            ));
        }
        if l == 13 && u.starts_with(b"86") && valid_mobile(&u[2..]) {
            let s = if start > 0 && b[start - 1] == b'+' {
                start - 1
            } else {
                start
            };
            return Some((
                mk(IdKind::Mobile, s, end, as_string(&u[2..]), Mask::None, ""),
                80,
                false,
            ));
        }
        // 0086 138 0013 8000: the international prefix written with the 00 access code
        if l == 15 && u.starts_with(b"0086") && valid_mobile(&u[4..]) {
            return Some((
                mk(
                    IdKind::Mobile,
                    start,
                    end,
                    as_string(&u[4..]),
                    Mask::None,
                    "",
                ),
                80,
                false,
            ));
        }
        if l == 18 && valid_uscc_strict(u) {
            return Some((
                mk(IdKind::Uscc, start, end, as_string(u), Mask::None, ""),
                70,
                false,
            ));
        }
        if let Some(area) = landline_area_len(u) {
            let sub = &u[area..];
            let area_tok_ok = i == j || chain[i].units as usize == area;
            // a subscriber number starts with 2-9; when the area code is written as its own group
            // (`029-01905740`, `(0571)1234567`) the layout alone says it is a phone number
            let separate_area = j > i && chain[i].units as usize == area;
            if area_tok_ok
                && (7..=8).contains(&sub.len())
                && (matches!(sub[0], b'2'..=b'9') || separate_area)
            {
                let s = if j > i && close_paren_at(b, chain[i].e) > 0 {
                    start - open_paren_before(b, start)
                } else {
                    start
                };
                return Some((
                    mk(IdKind::Landline, s, end, as_string(u), Mask::None, ""),
                    60,
                    false,
                ));
            }
        }
        if card_layout(b, &chain[i..=j]) && card_ok(text, start, u) {
            return Some((
                mk(IdKind::BankCard, start, end, as_string(u), Mask::None, ""),
                50,
                false,
            ));
        }
        return None;
    }

    // ---- masked candidates ----
    if only_mobile13 {
        return None;
    }
    // the masked tail of one identifier and the next field's long number (`**1406
    // 202404280253`: a wrapped masked ID, then an exam number) are no identifier: a masked
    // form written in groups starts with the visible region or keeps its groups short
    if j > i
        && !is_digit(b[start])
        && chain[i + 1..=j]
            .iter()
            .any(|t| t.digits >= 10 && t.digits == t.units)
    {
        return None;
    }
    let visible = l as u32 - nmask;
    if visible < 2 {
        return None;
    }
    let value = masked_value(u, m);
    let card_ctx = || ctx_before(text, start, CARD_CTX_CHARS, CARD_CTX);
    let lead_card = vis(m, 0) && matches!(u[0], b'4' | b'5' | b'6' | b'9');
    match l {
        18 => {
            let sane_card = visible_digits_only(u, m, false);
            // a masked form that shows an ID's region and a full birth date is an ID even with
            // a card word in reach (a 开户银行 / 银行卡号 column header on the line before),
            // unless the card word is right before it
            let id_shaped = (0..14).all(|k| vis(m, k)) && masked_id18_sane(u, m);
            if sane_card && card_ctx() && (!id_shaped || ctx_before(text, start, 4, CARD_CTX)) {
                let (mask, note) = card_mask(u, m);
                return Some((
                    mk(IdKind::BankCard, start, end, value, mask, note),
                    30,
                    false,
                ));
            }
            if masked_id18_sane(u, m) {
                let (mask, note) = id18_mask(m, nmask);
                return Some((
                    mk(IdKind::ResidentId, start, end, value, mask, note),
                    40,
                    false,
                ));
            }
            None
        }
        15 => {
            if visible_digits_only(u, m, false)
                && !(vis(m, 0) && vis(m, 1) && !province_ok(u[0], u[1]))
                && ctx_before(text, start, ID_CTX_CHARS, ID_CTX)
            {
                let (mask, note) = if all_masked(m, 6, 12) {
                    (Mask::Proper, "")
                } else {
                    (Mask::Insufficient, "birth date visible")
                };
                return Some((
                    mk(IdKind::ResidentId, start, end, value, mask, note),
                    25,
                    false,
                ));
            }
            None
        }
        11 => {
            if masked_mobile_sane(u, m) {
                let (mask, note) = mobile_mask(m, nmask);
                return Some((mk(IdKind::Mobile, start, end, value, mask, note), 35, false));
            }
            None
        }
        16 | 17 | 19 => {
            if visible_digits_only(u, m, false)
                && !(vis(m, 0) && u[0] == b'0')
                && (lead_card || card_ctx())
            {
                let (mask, note) = card_mask(u, m);
                return Some((
                    mk(IdKind::BankCard, start, end, value, mask, note),
                    30,
                    false,
                ));
            }
            None
        }
        _ => None,
    }
}

/// Words before a number that say it is a serial, not a card (a Luhn check passes for one
/// number in ten).
const SERIAL_CTX: &[&str] = &[
    "编号",
    "流水号",
    "订单号",
    "单号",
    "合同号",
    "批号",
    "批次号",
    "序列号",
    "序号",
    "发票",
    "条码",
    "条形码",
    "登记号",
    "案号",
    "文号",
    "证书号",
    "工单",
    "版本号",
    "批准号",
    "备案号",
    // land and property codes (地块编码, 宗地代码, 不动产单元号, 项目编码)
    "编码",
    "代码",
    "单元号",
    "宗地",
    "地块",
];

/// Whether a card issuer could have made the number's first digits: 3 (JCB, Amex, Diners),
/// 4 (Visa), 5 (Mastercard), 6 (UnionPay 62, Discover), 9 (old domestic cards), 2221–2720
/// (Mastercard 2-series). A 16-digit number starting 1, 7, 8 or 20xx (a date-based serial) is
/// not a card without a card word before it.
fn plausible_bin(u: &[u8]) -> bool {
    let prefix = |n: usize| {
        std::str::from_utf8(&u[..n.min(u.len())])
            .ok()
            .and_then(|p| p.parse::<u32>().ok())
            .unwrap_or(0)
    };
    match u[0] {
        // American Express 34/37, Diners Club 300–305/36/38/39, JCB 3528–3589: no other
        // issuer numbers cards from 3 (a statistics row's 32341001… is none)
        b'3' => {
            matches!(prefix(2), 34 | 36 | 37 | 38 | 39)
                || (300..=305).contains(&prefix(3))
                || (3528..=3589).contains(&prefix(4))
        }
        b'4'..=b'6' | b'9' => true,
        b'2' => std::str::from_utf8(&u[..4])
            .ok()
            .and_then(|p| p.parse::<u32>().ok())
            .is_some_and(|p| (2221..=2720).contains(&p)),
        _ => false,
    }
}

/// Words right before an 18-digit number that make it a code: a 施工许可证编号 is region +
/// issue date + serial, the layout of a resident ID, and one in eleven passes its check.
const PERMIT_NUMBER_CTX: &[&str] = &[
    "许可证编号",
    "许可证号",
    "施工许可",
    "证书编号",
    "备案号",
    "备案编号",
    "受理号",
    "受理编号",
    "登记编号",
    "流水号",
    "项目编号",
    "项目代码",
    "合同编号",
    "编号",
];
const PERSON_CODE_CTX: &[&str] = &["人员", "个人", "学籍", "学生", "考生", "身份", "证件"];

/// An 18-digit number introduced by a code word (and no word of a person's number) whose
/// date part is recent (2010 on: an issue date): a permit or filing number, not an ID.
fn permit_number(text: &str, start: usize, u: &[u8]) -> bool {
    num(&u[6..10]) >= 2010
        && ctx_before(text, start, ID_CTX_CHARS, PERMIT_NUMBER_CTX)
        && !ctx_before(text, start, ID_CTX_CHARS, PERSON_CODE_CTX)
}

/// Words that name an account rather than a card: with an organization as the holder
/// nearby, the account is a unit's (对公), not a person's card.
const ACCOUNT_CTX: &[&str] = &["账号", "帐号", "银行账户", "开户"];
pub(crate) const ORG_HOLDER: &[&str] = &[
    "中心",
    "公司",
    // a treasury's and a unit's own accounts (非税收入汇缴结算户, 国家金库…支库,
    // 零余额账户, 代收户, 过渡户)
    "结算户",
    "支库",
    "金库",
    "零余额",
    "零余额账户",
    "代收户",
    "过渡户",
    "汇缴户",
    "委员会",
    "专户",
    "财政",
    "办公室",
    "学校",
    "医院",
    "集团",
    "协会",
    "街道",
    "政府",
    "管委会",
    "事务所",
    "局",
    "院",
    "所",
    "站",
    "处",
    "队",
    "社",
    // schools, libraries and museums, people's organizations and foundations, branches
    "小学",
    "中学",
    "大学",
    "学院",
    "幼儿园",
    "党校",
    "图书馆",
    "博物馆",
    "纪念馆",
    "文化馆",
    "美术馆",
    "科技馆",
    "体育馆",
    "工会",
    "商会",
    "联合会",
    "基金会",
    "慈善总会",
    "红十字会",
    "研究会",
    "促进会",
    "合作社",
    "部",
    "厂",
    "农场",
    "林场",
    "电视台",
    "电台",
    "银行",
    "支行",
    "分行",
    "剧团",
    "艺术团",
    "社区",
    "村民小组",
    "法庭",
    "监狱",
];

/// Labels of an account that say it is a unit's (对公) account.
const UNIT_ACCOUNT_CTX: &[&str] = &[
    "单位账号",
    "单位帐号",
    "单位账户",
    "单位银行账号",
    "对公账号",
    "对公帐号",
    "对公账户",
    "基本户",
    "基本账户",
    "基本存款账户",
    "一般户",
    "一般存款账户",
    "专用存款账户",
];

/// Whether the account words before `start` belong to an organization's account: a label
/// that says so (单位账号, 对公账号), or a holder
/// field (户名, 收款单位…) naming an organization within the 80 characters before.
fn org_account(text: &str, start: usize) -> bool {
    // an account labelled as a unit's own (单位账号, 对公账号, 基本存款账户)
    if ctx_before(text, start, CARD_CTX_CHARS, UNIT_ACCOUNT_CTX) {
        return true;
    }
    let (ws, _) = super::dictionary::char_window(text, start, start, 80);
    let w = &text[ws..start];
    let Some(h) = [
        "户名",
        "收款单位",
        "收款人",
        "开户单位",
        "账户名称",
        "单位名称",
        "缴款单位",
        "开户名称",
        // the parties of a procurement contract notice (采购人：某某局 / 开户银行 / 账号)
        "采购人",
        "采购单位",
        "付款单位",
        "付款人",
        "甲方",
        "乙方",
    ]
    .iter()
    .filter_map(|k| w.rfind(k).map(|p| p + k.len()))
    .max() else {
        return false;
    };
    // the holder's name: up to the next field separator
    let name = w[h..]
        .trim_start_matches([':', '：', ' '])
        .split([' ', '，', ',', '；', ';', '\n', '\t', '　'])
        .next()
        .unwrap_or("");
    ORG_HOLDER
        .iter()
        .any(|o| name.ends_with(o) || name.contains(o) && name.chars().count() > 4)
}

/// A Luhn-valid number (canonical `value`) that no card issuer makes, after text (`before`,
/// e.g. the paragraphs above it) naming an organization as the account holder: a unit's
/// account, not a person's card.
pub fn unit_account(before: &str, value: &str) -> bool {
    let u = value.as_bytes();
    u.len() >= 4 && u.iter().all(|c| c.is_ascii_digit()) && unit_account_at(before, before.len(), u)
}

/// [`unit_account`] for digits `u` at `start` of `text`: no issuer's BIN (a UnionPay 62
/// number stays a card) and an organization named as the holder before it.
fn unit_account_at(text: &str, start: usize, u: &[u8]) -> bool {
    // a number an issuer could make is still a unit's when it is labelled an account
    // (账号, 开户) and never a card (an ICBC 对公 account 4000…, 19 digits, passes Luhn one
    // time in ten; a card's 卡号 keeps it a card)
    let account_only = || {
        ctx_before(text, start, CARD_CTX_CHARS, ACCOUNT_CTX)
            && !ctx_before(text, start, CARD_CTX_CHARS, CARD_ONLY_CTX)
    };
    !u.starts_with(b"62") && (!plausible_bin(u) || account_only()) && org_account(text, start)
}

/// Whether digit groups joined by single spaces or hyphens are laid out as a card is written:
/// one group; fours with a shorter last group (`6222 0212 3456 7890 123`); a UnionPay BIN and
/// the rest (`622202 1234567890123`); Amex-like 4-6-5. Table cells a PDF or a csv joins with one
/// space (`330106 1456789 823456 567890`: 区划代码, 参保人数 …) are other groupings, and one
/// such chain in ten passes Luhn.
fn card_layout(b: &[u8], groups: &[Tok]) -> bool {
    let n = groups.len();
    let size = |k: usize| groups[k].units;
    n == 1
        || (groups[..n - 1].iter().all(|t| t.units == 4) && (1..=4).contains(&size(n - 1)))
        || (n == 2 && size(0) == 6 && size(1) >= 7 && b[groups[0].s..].starts_with(b"62"))
        || (n == 3 && size(0) == 4 && size(1) == 6 && (4..=5).contains(&size(2)))
}

fn card_ok(text: &str, start: usize, u: &[u8]) -> bool {
    let l = u.len();
    if !(13..=19).contains(&l) || u[0] == b'0' || !luhn(u) {
        return false;
    }
    // without a card word, a number that no issuer makes or that a serial word introduces is
    // no card (a UnionPay 62 number stays one: it is the common card here)
    let card_word = || {
        ctx_before(text, start, CARD_CTX_CHARS, CARD_CTX)
            && !(ctx_before(text, start, CARD_CTX_CHARS, ACCOUNT_CTX)
                && !ctx_before(text, start, CARD_CTX_CHARS, CARD_ONLY_CTX)
                && org_account(text, start))
    };
    if unit_account_at(text, start, u) {
        // a unit's account at a bank branch (`1202…`): no card issuer's number
        return false;
    }
    let serial_like = || {
        !u.starts_with(b"62")
            && (!plausible_bin(u) || ctx_before(text, start, CARD_CTX_CHARS, SERIAL_CTX))
            && !card_word()
    };
    match l {
        16 => !serial_like(),
        // a 19-digit run that holds a valid ID at either end is an ID glued to a digit, not a card
        // (a UnionPay 62 BIN is a card even then: its tail can look like an 1880s birth date)
        19 => {
            (u.starts_with(b"62") || !(valid_id18(&u[..18]) || valid_id18(&u[1..])))
                && !serial_like()
        }
        17 | 18 => card_word() || (u.starts_with(b"62") && !(l == 18 && id18_shape(u))),
        _ => card_word(),
    }
}

/// Resident IDs glued to ASCII letters inside a token (`SFZ330106…123X`, `zhangsan330106…
/// 123X.pdf`, `No330106…`): a run of exactly 18 digits, or 17 and a check X, between
/// non-digits, that passes the full check (region, date, check character). Only IDs: their
/// checksum keeps a hash or a CMS id from reading as one by chance.
fn glued_ids(b: &[u8], s: usize, e: usize, out: &mut Vec<(u32, IdMatch)>) {
    let mut i = s;
    while i < e {
        if !b[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < e && b[j].is_ascii_digit() {
            j += 1;
        }
        let end = match j - i {
            18 => Some(j),
            17 if j < e
                && matches!(b[j], b'X' | b'x')
                && !b.get(j + 1).is_some_and(|c| c.is_ascii_digit()) =>
            {
                Some(j + 1)
            }
            _ => None,
        };
        if let Some(end) = end {
            let mut u: Vec<u8> = b[i..end].to_vec();
            u[17] = u[17].to_ascii_uppercase();
            if valid_id18(&u) {
                out.push((
                    90,
                    mk(IdKind::ResidentId, i, end, as_string(&u), Mask::None, ""),
                ));
            }
        }
        i = j.max(i + 1);
    }
}

/// A masked resident ID behind the one letter of a number made from it (特种作业操作证号
/// `T43010319860830****`, 学籍号 `G4301031987****9401`): the 18 characters after the letter,
/// with masks, that show the region and pass the masked-ID checks are that ID's masked form;
/// the letter's full forms are found by [`glued_ids`].
fn letter_masked_id(b: &[u8], t: &Tok, out: &mut Vec<(u32, IdMatch)>) {
    if !b[t.s].is_ascii_alphabetic() || matches!(b[t.s], b'X' | b'x') {
        return;
    }
    let mut u = Vec::with_capacity(19);
    push_units(b, t.s + 1, t.e, &mut u);
    if u.len() != 18 {
        return;
    }
    let m = mask_bits(&u);
    let nmask = m.count_ones();
    if nmask == 0 || !(0..6).all(|k| vis(m, k)) || !masked_id18_sane(&u, m) {
        return;
    }
    let (mask, note) = id18_mask(m, nmask);
    out.push((
        40,
        mk(
            IdKind::ResidentId,
            t.s + 1,
            t.e,
            masked_value(&u, m),
            mask,
            note,
        ),
    ));
}

/// Tokens with letters: passports, HK/Macau permits, USCCs.
fn evaluate_lettered(text: &str, t: &Tok, out: &mut Vec<(u32, IdMatch)>) {
    let b = text.as_bytes();
    if t.units == 18 {
        let mut u = Vec::with_capacity(18);
        push_units(b, t.s, t.e, &mut u);
        if valid_uscc_lettered(&u) {
            out.push((
                90,
                mk(IdKind::Uscc, t.s, t.e, as_string(&u), Mask::None, ""),
            ));
        }
        return;
    }
    if t.units >= 19 {
        glued_ids(b, t.s, t.e, out);
    }
    if t.units == 19 && t.letters == 1 {
        letter_masked_id(b, t, out);
    }
    if !(8..=12).contains(&t.units) || t.letters > 2 {
        return;
    }
    let mut u = Vec::with_capacity(12);
    push_units(b, t.s, t.e, &mut u);
    lettered_number(text, t.s, t.e, &u, out);
}

/// A passport or HK/Macau permit number from its canonical characters `u`, found at
/// `s..e` of `text` (the document's word must be before it).
fn lettered_number(text: &str, s: usize, e: usize, u: &[u8], out: &mut Vec<(u32, IdMatch)>) {
    let np = u.iter().take_while(|c| c.is_ascii_uppercase()).count();
    if np == 0 || np > 2 {
        return;
    }
    let (prefix, rest) = u.split_at(np);
    // rest: digits or masks ('*', or X used as a mask)
    if !rest.iter().all(|&c| is_digit(c) || c == b'*' || c == b'X')
        || !rest.iter().any(|&c| is_digit(c))
    {
        return;
    }
    let r = rest.len();
    let second_ok = |c: u8| c.is_ascii_uppercase() && c != b'I' && c != b'O';
    let passport = match (prefix, r) {
        ([b'E' | b'G' | b'D' | b'S' | b'P'], 8) => true,
        ([b'D' | b'S' | b'P', b'E'], 7) => true,
        ([b'E', c], 7) => second_ok(*c),
        _ => false,
    };
    let permit = match (prefix, r) {
        ([b'H' | b'M'], 8 | 10) => true,
        ([b'C'], 8) => true,
        ([b'C', c], 7) => second_ok(*c),
        _ => false,
    };
    let kind = if passport && ctx_before(text, s, DOC_CTX_CHARS, PASSPORT_CTX) {
        IdKind::Passport
    } else if permit && ctx_before(text, s, DOC_CTX_CHARS, PERMIT_CTX) {
        IdKind::HkMacauPermit
    } else {
        return;
    };
    let nmask = rest.iter().filter(|&&c| !is_digit(c)).count();
    let mut value = String::from_utf8_lossy(prefix).into_owned();
    value.extend(
        rest.iter()
            .map(|&c| if is_digit(c) { c as char } else { '*' }),
    );
    let (mask, note) = if nmask == 0 {
        (Mask::None, "")
    } else if nmask * 2 >= r {
        (Mask::Proper, "")
    } else {
        (Mask::Insufficient, "fewer than half of the digits masked")
    };
    out.push((90, mk(kind, s, e, value, mask, note)));
}

// ---------------------------------------------------------------------------------------------
// Dots: IPv4 and decimal coordinates
// ---------------------------------------------------------------------------------------------

fn parse_ipv4(b: &[u8], s: usize) -> Option<usize> {
    if s > 0 && (b[s - 1].is_ascii_alphanumeric() || b[s - 1] == b'.') {
        return None;
    }
    let n = b.len();
    let mut i = s;
    let mut octs = [0u32; 4];
    for (k, o) in octs.iter_mut().enumerate() {
        if k > 0 {
            if i >= n || b[i] != b'.' {
                return None;
            }
            i += 1;
        }
        let st = i;
        while i < n && is_digit(b[i]) && i - st < 4 {
            i += 1;
        }
        let len = i - st;
        if len == 0 || len > 3 {
            return None;
        }
        *o = num(&b[st..i]);
        if *o > 255 {
            return None;
        }
    }
    if i < n && (b[i].is_ascii_alphanumeric() || (b[i] == b'.' && i + 1 < n && is_digit(b[i + 1])))
    {
        return None;
    }
    if octs == [0, 0, 0, 0] {
        return None;
    }
    Some(i)
}

/// Words before a number of degrees that make it an angle or a temperature, not a position.
const ANGLE_CTX: &[&str] = &[
    "坡度",
    "角度",
    "倾角",
    "夹角",
    "坡角",
    "转角",
    "仰角",
    "俯角",
    "方位角",
    "温度",
    "气温",
    "水温",
    "体温",
];

const DEG: &[u8] = "°".as_bytes();
const DU: &[u8] = "度".as_bytes();

fn is_hemi(c: u8) -> bool {
    matches!(c, b'N' | b'S' | b'E' | b'W' | b'n' | b's' | b'e' | b'w')
}

/// Whether 18 canonical characters are a resident ID born in 1900 or later (the checks of
/// [`valid_id18`]; a date in the 1880s is more likely a card's or a code's digits).
fn modern_id18(u: &[u8]) -> bool {
    valid_id18(u) && num(&u[6..10]) >= 1900
}

/// A resident ID broken over two lines of one text or cell (Alt+Enter in a cell, Shift+Enter
/// in a narrow table cell, a hand-wrapped line: `440305` / `198502143623`): digits ending one
/// line and digits starting the next, at least two on each side, that together pass the full
/// check (their checksum and birth date make a chance join of two lines negligible); and a
/// card so wrapped after a card word (卡号, 账号 …), at least four digits on each side, that
/// passes Luhn with an issuer's first digits.
fn scan_line_split_ids(text: &str, out: &mut Vec<(u32, IdMatch)>) {
    let b = text.as_bytes();
    for p in memchr::memchr_iter(b'\n', b) {
        // digits before the break (a CR may sit between)
        let mut e = p;
        while e > 0 && matches!(b[e - 1], b'\r' | b' ' | b'\t') {
            e -= 1;
        }
        let mut s = e;
        while s > 0 && b[s - 1].is_ascii_digit() {
            s -= 1;
        }
        if e - s < 2 || (s > 0 && b[s - 1].is_ascii_alphanumeric()) {
            continue;
        }
        // blanks indenting the next line (a hand-wrapped line aligned under its column)
        let mut s2 = p + 1;
        while s2 < b.len() && matches!(b[s2], b' ' | b'\t') {
            s2 += 1;
        }
        let mut e2 = s2;
        while e2 < b.len() && b[e2].is_ascii_digit() {
            e2 += 1;
        }
        if e2 < b.len() && matches!(b[e2], b'X' | b'x') {
            e2 += 1;
        }
        if e2 - s2 < 2 || b.get(e2).is_some_and(|c| c.is_ascii_alphanumeric()) {
            continue;
        }
        let mut u: Vec<u8> = b[s..e].to_vec();
        u.extend(b[s2..e2].iter().map(|c| c.to_ascii_uppercase()));
        if u.len() == 18 && modern_id18(&u) {
            let v = String::from_utf8(u).unwrap_or_default();
            out.push((85, mk(IdKind::ResidentId, s, e2, v, Mask::None, "")));
        } else if (16..=19).contains(&u.len())
            && (e - s).min(e2 - s2) >= 4
            && u.iter().all(u8::is_ascii_digit)
            && luhn(&u)
            && plausible_bin(&u)
            && ctx_before(text, s, CARD_CTX_CHARS, CARD_CTX)
        {
            // a card wrapped after a card word (银行卡号622848059⏎2398100400)
            let v = String::from_utf8(u).unwrap_or_default();
            out.push((85, mk(IdKind::BankCard, s, e2, v, Mask::None, "")));
        } else {
            spaced_card_wrap(text, s, e, s2, out);
        }
    }
}

/// A card written in groups and wrapped between two of them after a card word (`卡号：6217
/// 0012` / `3456 7893`): the groups before the break (single spaces between them) and after
/// it, 16–19 digits in all, Luhn-valid with a card's first digits. `s..e` are the digits
/// ending the line, `s2` starts the digits of the next.
fn spaced_card_wrap(text: &str, s: usize, e: usize, s2: usize, out: &mut Vec<(u32, IdMatch)>) {
    let b = text.as_bytes();
    let mut u: Vec<u8> = Vec::with_capacity(24);
    // groups before the break, back from `s..e`
    let mut start = s;
    while start >= 2 && b[start - 1] == b' ' && b[start - 2].is_ascii_digit() {
        let mut k = start - 1;
        while k > 0 && b[k - 1].is_ascii_digit() {
            k -= 1;
        }
        if e - k > 19 {
            return;
        }
        start = k;
    }
    if start > 0 && b[start - 1].is_ascii_alphanumeric() {
        return;
    }
    u.extend(b[start..e].iter().filter(|c| c.is_ascii_digit()));
    let before = u.len();
    // groups after the break
    let mut end = s2;
    loop {
        let g = end;
        let mut k = g;
        while k < b.len() && b[k].is_ascii_digit() {
            k += 1;
        }
        if k == g {
            break;
        }
        u.extend_from_slice(&b[g..k]);
        end = k;
        if u.len() > 19 {
            return;
        }
        if !(end + 1 < b.len() && b[end] == b' ' && b[end + 1].is_ascii_digit()) {
            break;
        }
        end += 1;
    }
    let after = u.len() - before;
    if (16..=19).contains(&u.len())
        && before >= 4
        && after >= 4
        && (start < s || end > s2 + after)
        && !b.get(end).is_some_and(|c| c.is_ascii_alphanumeric())
        && luhn(&u)
        && plausible_bin(&u)
        && ctx_before(text, start, CARD_CTX_CHARS, CARD_CTX)
    {
        let v = String::from_utf8(u).unwrap_or_default();
        out.push((85, mk(IdKind::BankCard, start, end, v, Mask::None, "")));
    }
}

/// An identifier typed with spaces at odd places (`370 203 19 9207 126 837`, non-breaking
/// spaces in a Word table): digit groups of any size joined by single spaces, read when they
/// make a whole resident ID that passes the full check (region, birth date, check character),
/// or, after their own label, a mobile (11 digits) or a Luhn-valid card. The usual groupings
/// (6-8-4, 3-4-4, fours) are read by the chain evaluator already.
fn scan_odd_spaced(text: &str, out: &mut Vec<(u32, IdMatch)>) {
    const MAX_GROUPS: usize = 12;
    let b = text.as_bytes();
    let mut i = 0;
    let mut groups: Vec<(usize, usize)> = Vec::with_capacity(MAX_GROUPS + 1);
    let mut u: Vec<u8> = Vec::with_capacity(24);
    while i < b.len() {
        if !b[i].is_ascii_digit()
            || (i > 0 && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'.'))
        {
            i += 1;
            continue;
        }
        // the groups of one run: digits, single spaces between them
        groups.clear();
        let mut p = i;
        loop {
            let s = p;
            while p < b.len() && b[p].is_ascii_digit() {
                p += 1;
            }
            if p < b.len() && matches!(b[p], b'X' | b'x') {
                p += 1;
            }
            groups.push((s, p));
            if groups.len() > MAX_GROUPS
                || !(p + 1 < b.len() && b[p] == b' ' && b[p + 1].is_ascii_digit())
                || matches!(b[p - 1], b'X' | b'x')
            {
                break;
            }
            p += 1;
        }
        let run_end = p;
        if groups.len() >= 3
            && groups.len() <= MAX_GROUPS
            && !b
                .get(run_end)
                .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'.')
        {
            for k in 0..groups.len() {
                for m in k + 2..groups.len() {
                    let (s, e) = (groups[k].0, groups[m].1);
                    // whole groups only: nothing glued before the first
                    if k > 0 && m < groups.len() - 1 {
                        // an inner slice of a longer run is another number's part
                        continue;
                    }
                    u.clear();
                    for g in &groups[k..=m] {
                        u.extend(b[g.0..g.1].iter().map(|c| c.to_ascii_uppercase()));
                    }
                    let whole = k == 0 && m == groups.len() - 1;
                    let v = || String::from_utf8_lossy(&u).into_owned();
                    if u.len() == 18 && modern_id18(&u) {
                        out.push((70, mk(IdKind::ResidentId, s, e, v(), Mask::None, "")));
                    } else if whole
                        && u.len() == 11
                        && valid_mobile(&u)
                        && (ctx_before(text, s, 12, MOBILE_CTX)
                            || ctx_before(text, s, 8, &["来电", "号码", "联系"]))
                    {
                        out.push((70, mk(IdKind::Mobile, s, e, v(), Mask::None, "")));
                    } else if whole
                        && (16..=19).contains(&u.len())
                        && u.iter().all(u8::is_ascii_digit)
                        && luhn(&u)
                        && plausible_bin(&u)
                        && ctx_before(text, s, CARD_CTX_CHARS, CARD_CTX)
                    {
                        out.push((70, mk(IdKind::BankCard, s, e, v(), Mask::None, "")));
                    }
                }
            }
        }
        i = run_end.max(i + 1);
    }
}

/// A resident ID with a digit glued to its front (a row number whose column separator was
/// lost: `1440305…`): a token of exactly 19 digits (the last may be X) that is no UnionPay
/// number, not introduced as a serial, and whose last 18 pass the full check.
fn glued_row_number(text: &str, t: &Tok, out: &mut Vec<(u32, IdMatch)>) {
    let b = text.as_bytes();
    let (i, end) = (t.s, t.e);
    let tok = &b[i..end];
    if tok.len() != 19
        || !tok[..18].iter().all(u8::is_ascii_digit)
        || !(tok[18].is_ascii_digit() || matches!(tok[18], b'X' | b'x'))
        || tok.starts_with(b"62")
        // a serial's digits (编号, 流水号 …) are a code, whatever they hold; a 序号 is a
        // row number, the very digit glued on
        || ctx_before(text, i, CARD_CTX_CHARS, &SERIAL_CTX[..8])
        || ctx_before(text, i, CARD_CTX_CHARS, &SERIAL_CTX[9..])
    {
        return;
    }
    let u: Vec<u8> = tok[1..].iter().map(|c| c.to_ascii_uppercase()).collect();
    if modern_id18(&u) {
        let v = String::from_utf8(u).unwrap_or_default();
        out.push((85, mk(IdKind::ResidentId, i + 1, end, v, Mask::None, "")));
    }
}

/// Words that introduce a taxpayer's number.
const TAX_CTX: &[&str] = &["识别号", "税号", "登记号"];

/// Words that introduce a disability certificate's number.
const DISABILITY_CTX: &[&str] = &["残疾人证", "残疾证"];

/// Twenty characters that hold a resident ID and two more digits:
/// - a 个体工商户's old taxpayer number (纳税人识别号, 税务登记号): the owner's ID and a
///   two-digit sequence;
/// - a 残疾人证号 (the holder's ID, the category 1–7 and the grade 1–4, GB/T 26341).
///
/// Read as the ID it holds when its word introduces it and the first 18 pass the full check
/// (region, birth date, check character).
fn tax_number(text: &str, t: &Tok, out: &mut Vec<(u32, IdMatch)>) {
    let b = text.as_bytes();
    let i = t.s;
    let tok = &b[i..t.e];
    if tok.len() != 20
        || !tok
            .iter()
            .enumerate()
            .all(|(k, &c)| c.is_ascii_digit() || (k == 17 && matches!(c, b'X' | b'x')))
    {
        masked_id_plus_two(text, t, out);
        return;
    }
    let mut u = [0u8; 18];
    for (d, &c) in u.iter_mut().zip(&tok[..18]) {
        *d = c.to_ascii_uppercase();
    }
    if !valid_id18(&u) {
        return;
    }
    let note = if ctx_before(text, i, 20, TAX_CTX) {
        "taxpayer number"
    } else if (b'1'..=b'7').contains(&tok[18])
        && (b'1'..=b'4').contains(&tok[19])
        && ctx_before(text, i, 20, DISABILITY_CTX)
    {
        "disability certificate number"
    } else {
        return;
    };
    out.push((
        95,
        mk(
            IdKind::ResidentId,
            i,
            i + 18,
            as_string(&u),
            Mask::None,
            note,
        ),
    ));
}

/// The masked form of a [`tax_number`] or 残疾人证号 (`23010319580121****42`: the ID's
/// first 14 shown, its last four masked, the category and grade): the ID's mask decides, as
/// for the bare ID.
fn masked_id_plus_two(text: &str, t: &Tok, out: &mut Vec<(u32, IdMatch)>) {
    let mut u = Vec::with_capacity(20);
    push_units(text.as_bytes(), t.s, t.e, &mut u);
    if u.len() != 20 || !u[18..].iter().all(u8::is_ascii_digit) {
        return;
    }
    let id = &u[..18];
    let m = mask_bits(id);
    let nmask = m.count_ones();
    let tail_ok = (b'1'..=b'7').contains(&u[18]) && (b'1'..=b'4').contains(&u[19]);
    if nmask == 0
        || !(0..6).all(|k| vis(m, k))
        || !masked_id18_sane(id, m)
        || !(ctx_before(text, t.s, 20, TAX_CTX)
            || (tail_ok && ctx_before(text, t.s, 20, DISABILITY_CTX)))
    {
        return;
    }
    let (mask, note) = id18_mask(m, nmask);
    out.push((
        40,
        mk(
            IdKind::ResidentId,
            t.s,
            t.e,
            masked_value(id, m),
            mask,
            note,
        ),
    ));
}

/// A resident ID typed into two or three columns of a row (`110105,196001011001` under
/// 身份证号（前6位）| 身份证号（后12位）, `440305⇥19850214⇥3623` after a name): digit fields
/// side by side with one column separator between (`,` `|` `;` or a tab, which normalization
/// makes of a wide gap), 18 characters together that pass the full check, born 1900 or later,
/// in a row that names a person in one of the three fields before or that labels an ID. A
/// table's region code, date and count columns pass the check one time in eleven: the name or
/// the label is what makes the row a person's.
fn scan_field_split_ids(text: &str, out: &mut Vec<(u32, IdMatch)>) {
    let b = text.as_bytes();
    let is_sep = |c: u8| matches!(c, b',' | b'|' | b';' | b'\t');
    let pad = |c: u8| matches!(c, b' ' | b'"');
    let mut i = 0;
    while i < b.len() {
        if !is_digit(b[i]) || (i > 0 && b[i - 1].is_ascii_alphanumeric()) {
            i += 1;
            continue;
        }
        let mut e = i;
        while e < b.len() && is_digit(b[e]) {
            e += 1;
        }
        // a field of its own: a separator (or the line's start) before it
        let mut k = i;
        while k > 0 && pad(b[k - 1]) {
            k -= 1;
        }
        if !(6..=14).contains(&(e - i)) || (k > 0 && !is_sep(b[k - 1]) && b[k - 1] != b'\n') {
            i = e;
            continue;
        }
        // (a fixed buffer: a csv's every code of 6 to 14 digits comes here)
        let mut buf = [0u8; 18];
        let mut n = e - i;
        buf[..n].copy_from_slice(&b[i..e]);
        let (mut p, mut parts) = (e, 1);
        while parts < 3 && n < 18 {
            let mut q = p;
            while q < b.len() && pad(b[q]) {
                q += 1;
            }
            if q >= b.len() || !is_sep(b[q]) {
                break;
            }
            q += 1;
            while q < b.len() && pad(b[q]) {
                q += 1;
            }
            let s2 = q;
            while q < b.len() && is_digit(b[q]) {
                q += 1;
            }
            if q < b.len() && matches!(b[q], b'X' | b'x') && n + (q - s2) == 17 {
                q += 1;
            }
            if q == s2 || n + (q - s2) > 18 {
                break;
            }
            for (d, c) in buf[n..].iter_mut().zip(&b[s2..q]) {
                *d = c.to_ascii_uppercase();
            }
            n += q - s2;
            p = q;
            parts += 1;
        }
        // the last part ends its field
        let mut q = p;
        while q < b.len() && pad(b[q]) {
            q += 1;
        }
        let field_end = q >= b.len() || is_sep(b[q]) || matches!(b[q], b'\r' | b'\n');
        if parts >= 2 && n == 18 && field_end && modern_id18(&buf) && person_row(text, i) {
            out.push((
                85,
                mk(IdKind::ResidentId, i, p, as_string(&buf), Mask::None, ""),
            ));
            i = p;
            continue;
        }
        i = e;
    }
}

/// Whether the line holding byte `pos` labels an ID (身份证, 公民身份, 证件号) or names a
/// person in one of the three fields before `pos` (a field that is only a name: 张三).
fn person_row(text: &str, pos: usize) -> bool {
    let ls = text[..pos].rfind('\n').map_or(0, |k| k + 1);
    let le = text[pos..].find('\n').map_or(text.len(), |k| pos + k);
    let line = &text[ls..le];
    if ["身份证", "公民身份", "证件号"]
        .iter()
        .any(|w| line.contains(w))
    {
        return true;
    }
    text[ls..pos]
        .split([',', '|', ';', '\t'])
        .map(|f| f.trim_matches([' ', '"']))
        .filter(|f| !f.is_empty())
        .rev()
        .take(3)
        .any(|f| {
            let n = f.chars().count();
            (2..=4).contains(&n)
                && f.chars().all(crate::normalize::is_cjk)
                && crate::scan::has_person_name(f)
        })
}

/// Phone words before a mobile written in an unusual grouping.
const MOBILE_CTX: &[&str] = &["手机", "电话", "联系方式", "tel", "mobile"];

/// A mobile grouped 3-4-4 with dots, em dashes or middle dots (`159.2384.7165`,
/// `159—2384—7165`, a business card's style) after a phone word (手机, 电话 …): without the
/// word a dotted 3-4-4 is a version or a section number, and a dash one a range.
fn scan_odd_sep_mobiles(text: &str, out: &mut Vec<(u32, IdMatch)>) {
    const SEPS: [&[u8]; 3] = [b".", "—".as_bytes(), "·".as_bytes()];
    let b = text.as_bytes();
    let digits = |s: usize, n: usize| s + n <= b.len() && b[s..s + n].iter().all(|&c| is_digit(c));
    let mut i = 0;
    while i + 11 <= b.len() {
        if b[i] != b'1'
            || (i > 0 && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'.'))
            || !digits(i, 3)
        {
            i += 1;
            continue;
        }
        let Some(sep) = SEPS.iter().find(|s| b[i + 3..].starts_with(s)) else {
            i += 1;
            continue;
        };
        let (g2, g3) = (i + 3 + sep.len(), i + 7 + 2 * sep.len());
        let end = g3 + 4;
        if !digits(g2, 4)
            || !b[g2 + 4..].starts_with(sep)
            || !digits(g3, 4)
            || b.get(end).is_some_and(|c| c.is_ascii_alphanumeric())
            || (b.get(end) == Some(&b'.') && b.get(end + 1).is_some_and(|c| is_digit(*c)))
        {
            i += 1;
            continue;
        }
        let mut u = Vec::with_capacity(11);
        u.extend_from_slice(&b[i..i + 3]);
        u.extend_from_slice(&b[g2..g2 + 4]);
        u.extend_from_slice(&b[g3..g3 + 4]);
        if valid_mobile(&u) && ctx_before(text, i, CARD_CTX_CHARS, MOBILE_CTX) {
            out.push((
                90,
                mk(IdKind::Mobile, i, end, as_string(&u), Mask::None, ""),
            ));
            i = end;
            continue;
        }
        i += 1;
    }
}

/// A passport or permit number written with spaces after the letter or between digit groups
/// (`E 5271 8394`, `EA 123 4567`): one or two capitals, then digit groups joined by single
/// spaces, read together and checked like a token when the document's word is before it.
fn scan_spaced_passports(text: &str, out: &mut Vec<(u32, IdMatch)>) {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_uppercase() || (i > 0 && b[i - 1].is_ascii_alphanumeric()) {
            i += 1;
            continue;
        }
        let mut u = vec![b[i]];
        let mut p = i + 1;
        if p < b.len() && b[p].is_ascii_uppercase() {
            u.push(b[p]);
            p += 1;
        }
        let mut groups = 0;
        let mut spaced = false;
        let mut end = p;
        loop {
            let mut q = end;
            if q < b.len() && b[q] == b' ' {
                q += 1;
            }
            let s = q;
            while q < b.len() && is_digit(b[q]) {
                q += 1;
            }
            if q == s || u.len() + (q - s) > 12 {
                break;
            }
            spaced |= s > end;
            u.extend_from_slice(&b[s..q]);
            end = q;
            groups += 1;
        }
        if spaced
            && groups >= 1
            && !b.get(end).is_some_and(|c| c.is_ascii_alphanumeric())
            && ctx_before(text, i, DOC_CTX_CHARS, &[PASSPORT_CTX, PERMIT_CTX].concat())
        {
            lettered_number(text, i, end, &u, out);
        }
        i = end.max(i + 1);
    }
}

/// A decimal at `p`: its end, the number of its fraction digits and its value (1–3 integer
/// digits, a dot, one or more fraction digits, not glued to letters, digits or another dot).
fn decimal_at(b: &[u8], p: usize) -> Option<(usize, usize, f64)> {
    let mut q = p;
    while q < b.len() && is_digit(b[q]) {
        q += 1;
    }
    if !(1..=3).contains(&(q - p)) || b.get(q) != Some(&b'.') {
        return None;
    }
    let dot = q;
    q += 1;
    while q < b.len() && is_digit(b[q]) {
        q += 1;
    }
    if q == dot + 1
        || b.get(q)
            .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'.')
    {
        return None;
    }
    let v = std::str::from_utf8(&b[p..q]).ok()?.parse().ok()?;
    Some((q, q - dot - 1, v))
}

/// Whether the decimal at `s..e` is the first value of a bare coordinate pair, no word or
/// degree sign beside it (`排污口1：103.741558, 36.077760`, `(103.775681,36.073798)`): a
/// longitude and a latitude of China's ranges, in either order, each with 4 or more decimals
/// not ending in 00 (a figure formatted to fixed places), separated by a comma, neither
/// followed by a unit or a percent sign, and not one pair of a row of decimals (a table of
/// areas or ratios: a decimal of two places or more beside the pair).
fn bare_pair(text: &str, s: usize, e: usize) -> bool {
    let b = text.as_bytes();
    let precise = |st: usize, en: usize, frac: usize| frac >= 4 && !b[st..en].ends_with(b"00");
    let Some((_, f1, v1)) = decimal_at(b, s) else {
        return false;
    };
    if !precise(s, e, f1) {
        return false;
    }
    // the separator: a comma with at most one space on either side
    let mut q = e;
    if b.get(q) == Some(&b' ') {
        q += 1;
    }
    if b.get(q) != Some(&b',') {
        return false;
    }
    q += 1;
    if b.get(q) == Some(&b' ') {
        q += 1;
    }
    let Some((e2, f2, v2)) = decimal_at(b, q) else {
        return false;
    };
    let lat = |v: f64| (3.0..=54.0).contains(&v);
    let lon = |v: f64| (73.0..=136.0).contains(&v);
    if !precise(q, e2, f2) || !(lat(v1) && lon(v2) || lon(v1) && lat(v2)) {
        return false;
    }
    if b.get(e2) == Some(&b'%') || unit_follows(text, e2) {
        return false;
    }
    // a row of decimals around the pair (two places or more) is a table of figures
    let precise_neighbour_after = {
        let mut r = e2;
        while r < b.len() && matches!(b[r], b' ' | b',') {
            r += 1;
        }
        r > e2 && b[e2..r].contains(&b',') && decimal_at(b, r).is_some_and(|(_, f, _)| f >= 2)
    };
    let precise_neighbour_before = {
        let mut l = s;
        while l > 0 && matches!(b[l - 1], b' ' | b',') {
            l -= 1;
        }
        let mut ds = l;
        while ds > 0 && (is_digit(b[ds - 1]) || b[ds - 1] == b'.') {
            ds -= 1;
        }
        l < s
            && b[l..s].contains(&b',')
            && decimal_at(b, ds).is_some_and(|(en, f, _)| en == l && f >= 2)
    };
    !precise_neighbour_after && !precise_neighbour_before
}

fn scan_dots(text: &str, out: &mut Vec<(u32, IdMatch)>) {
    let b = text.as_bytes();
    let n = b.len();
    let mut skip_until = 0;
    // end of the last coordinate found: the other value of a pair follows it
    let mut last_geo_end: Option<usize> = None;
    let mut p = 0;
    while p < n {
        let Some(off) = b[p..].iter().position(|&c| c == b'.') else {
            break;
        };
        p += off;
        let dot = p;
        p += 1;
        if dot < skip_until
            || dot == 0
            || dot + 1 >= n
            || !is_digit(b[dot - 1])
            || !is_digit(b[dot + 1])
        {
            continue;
        }
        let mut s = dot;
        while s > 0 && is_digit(b[s - 1]) {
            s -= 1;
        }
        if let Some(e) = parse_ipv4(b, s) {
            out.push((
                60,
                mk(
                    IdKind::IpAddress,
                    s,
                    e,
                    text[s..e].to_string(),
                    Mask::None,
                    "",
                ),
            ));
            skip_until = e;
            continue;
        }
        let int_len = dot - s;
        if int_len > 3 {
            continue;
        }
        let mut e = dot + 1;
        while e < n && is_digit(b[e]) {
            e += 1;
        }
        let frac_len = e - dot - 1;
        if e + 1 < n && b[e] == b'.' && is_digit(b[e + 1]) {
            continue; // dotted number (1.2.3)
        }
        // hemisphere letter before (N30.1234 / N 30.1234)
        let mut start = s;
        let mut hemi: Option<u8> = None;
        if s > 0 {
            let mut k = s;
            if b[k - 1] == b' ' && k >= 2 && is_hemi(b[k - 2]) {
                k -= 1;
            }
            if k > 0 && is_hemi(b[k - 1]) && (k < 2 || !b[k - 2].is_ascii_alphanumeric()) {
                hemi = Some(b[k - 1].to_ascii_uppercase());
                start = k - 1;
            } else if b[s - 1].is_ascii_alphanumeric() || b[s - 1] == b'.' {
                continue;
            }
        }
        // degree sign / hemisphere after
        let mut q = e;
        if q < n && b[q] == b' ' {
            q += 1;
        }
        let mut end = e;
        let mut deg = 0u8; // 1 = °, 2 = 度
        if b[q..].starts_with(DEG) {
            deg = 1;
            end = q + DEG.len();
        } else if b[q..].starts_with(DU) {
            deg = 2;
            end = q + DU.len();
        }
        let mut r = end;
        if r < n && b[r] == b' ' {
            r += 1;
        }
        if r < n && is_hemi(b[r]) && (r + 1 >= n || !b[r + 1].is_ascii_alphanumeric()) {
            if hemi.is_none() {
                hemi = Some(b[r].to_ascii_uppercase());
            }
            end = r + 1;
        }
        if end == e && e < n && b[e].is_ascii_alphanumeric() {
            continue; // glued to letters (30.1234km)
        }
        let val: f64 = match text[s..e].parse() {
            Ok(v) => v,
            Err(_) => continue,
        };
        let lat = (3.0..=54.0).contains(&val);
        let lon = (73.0..=136.0).contains(&val);
        let ok = match hemi {
            Some(b'N') | Some(b'S') => lat,
            Some(b'E') | Some(b'W') => lon,
            _ => lat || lon,
        };
        if !ok {
            continue;
        }
        // a temperature (℃ reads °C) or an angle that is no position (坡度35.2516°)
        if hemi.is_none()
            && ((deg == 1 && b.get(end).is_some_and(|c| matches!(c, b'C' | b'F')))
                || (deg > 0 && ctx_before(text, start, 8, ANGLE_CTX)))
        {
            continue;
        }
        // the context-word search last: most decimals (amounts, percentages) fail the cheap tests
        let marked = deg == 1 || hemi.is_some() || (deg == 2 && frac_len >= 3);
        // the second value of a pair (`113.942311,22.540503`, `lat, lon`)
        let paired = last_geo_end.is_some_and(|le| {
            start >= le
                && start - le <= 3
                && b[le..start]
                    .iter()
                    .all(|&c| matches!(c, b',' | b' ' | b';' | b'/'))
                && b[le..start].contains(&b',')
        });
        let placed = marked
            || paired
            || ctx_before(text, start, GEO_CTX_CHARS, GEO_CTX)
            || (hemi.is_none() && deg == 0 && bare_pair(text, s, e));
        if !placed {
            continue;
        }
        let mut m = mk(
            IdKind::GeoCoordinate,
            start,
            end,
            text[s..e].to_string(),
            Mask::None,
            "",
        );
        m.fine = frac_len >= 4;
        if m.fine {
            m.note = "4 or more decimal places";
        }
        out.push((40, m));
        skip_until = end;
        last_geo_end = Some(end);
    }
}

// ---------------------------------------------------------------------------------------------
// Recognizer
// ---------------------------------------------------------------------------------------------

const EMAIL_RE: &str = r"[A-Za-z0-9._%+*\-]+@[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,24}";

fn email_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(EMAIL_RE).expect("email regex"))
}

impl IdRecognizer {
    pub fn new() -> Self {
        IdRecognizer {
            email: Regex::new(EMAIL_RE).expect("email regex"),
            plate: Regex::new(
                r"^[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼]([A-HJ-NP-Z])[·• ]?([A-HJ-NP-Z0-9]{4,6})([挂学警港澳])?",
            )
            .expect("plate regex"),
            dms: Regex::new(
                r#"^([0-9]{1,3}) ?(?:°|度) ?([0-9]{1,2}(?:\.[0-9]+)?) ?(?:'|′|分)(?: ?([0-9]{1,2}(?:\.[0-9]+)?) ?(?:"|″|′′|''|秒))?"#,
            )
            .expect("dms regex"),
            deg: memchr::memmem::Finder::new(DEG),
            du: memchr::memmem::Finder::new(DU),
        }
    }

    /// All identifiers in `text`, sorted by start, non-overlapping.
    pub fn find(&self, text: &str) -> Vec<IdMatch> {
        // most texts are short (cells, paragraphs) and many: the working vectors are kept per
        // thread instead of allocated per call
        thread_local! {
            static SCRATCH: std::cell::RefCell<FindScratch> = std::cell::RefCell::new(FindScratch::default());
        }
        SCRATCH.with(|cell| match cell.try_borrow_mut() {
            Ok(mut sc) => {
                let out = self.find_with(text, &mut sc);
                sc.trim();
                out
            }
            Err(_) => self.find_with(text, &mut FindScratch::default()),
        })
    }

    fn find_with(&self, text: &str, sc: &mut FindScratch) -> Vec<IdMatch> {
        let b = text.as_bytes();
        sc.found.clear();
        let has_digit = b.iter().any(|c| c.is_ascii_digit());
        if has_digit {
            self.scan_tokens(text, sc);
            let found = &mut sc.found;
            if b.contains(&b'.') {
                scan_dots(text, found);
            }
            self.scan_plates(text, found);
            self.scan_dms(text, found);
            if letter_spaced_digits(b) {
                self.scan_letter_spaced(text, found);
            }
            if b.contains(&b'\t') {
                self.scan_gapped(text, found);
            }
            scan_line_split_ids(text, found);
            if memchr::memchr3(b',', b'|', b'\t', b).is_some() || b.contains(&b';') {
                scan_field_split_ids(text, found);
            }
            if b.contains(&b'.') || b.contains(&0xE2) || b.contains(&0xC2) {
                scan_odd_sep_mobiles(text, found);
            }
            if b.contains(&b' ') && (text.contains("护照") || text.contains("通行证")) {
                scan_spaced_passports(text, found);
            }
            if memchr::memchr2(b'E', b'e', b).is_some() {
                self.scan_exponent_literals(text, found);
            }
            if b.contains(&b' ') {
                scan_odd_spaced(text, found);
            }
        }
        if b.contains(&b'@') {
            self.scan_email(text, &mut sc.found);
        }
        let mut out = merge(&mut sc.found);
        // a number written 「第…号」 is a document's or permit's serial (建字第330100201021695号,
        // 〔2024〕第110105199001011234号): no person's ID, phone or card is written that way
        if !out.is_empty() && text.contains("第") {
            out.retain(|m| {
                !(text[..m.start].trim_end().ends_with('第')
                    && text[m.end..].trim_start().starts_with('号'))
            });
        }
        out
    }

    /// Numbers a spreadsheet export wrote in exponent form (`1.3590329824E+10` in a csv from
    /// pandas or WPS): read as the digits they stand for when every digit is written (an
    /// 11-digit mobile, a 16–19 digit card), or as an 18-digit ID whose last digits were lost
    /// (14 or more written, the rest masked positions, as for a numeric xlsx cell). A literal
    /// that leaves digits out (`1.5E+10`) is an amount.
    fn scan_exponent_literals(&self, text: &str, out: &mut Vec<(u32, IdMatch)>) {
        let b = text.as_bytes();
        let mut i = 0;
        while i < b.len() {
            if !b[i].is_ascii_digit()
                || (i > 0 && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'.'))
            {
                i += 1;
                continue;
            }
            let digits_from = |k: usize| {
                let mut e = k;
                while e < b.len() && b[e].is_ascii_digit() {
                    e += 1;
                }
                e
            };
            let ip_end = digits_from(i);
            let (fp_start, fp_end) = if b.get(ip_end) == Some(&b'.') {
                (ip_end + 1, digits_from(ip_end + 1))
            } else {
                (ip_end, ip_end)
            };
            let Some(&ec) = b.get(fp_end) else { break };
            if !matches!(ec, b'E' | b'e') || ip_end - i > 3 {
                i = fp_end.max(i + 1);
                continue;
            }
            let mut q = fp_end + 1;
            if b.get(q) == Some(&b'+') {
                q += 1;
            }
            let exp_end = digits_from(q);
            if exp_end == q
                || exp_end - q > 2
                || b.get(exp_end)
                    .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'.')
            {
                i = exp_end.max(i + 1);
                continue;
            }
            let exp: usize = text[q..exp_end].parse().unwrap_or(0);
            let (ip, fp) = (&text[i..ip_end], &text[fp_start..fp_end]);
            let written = ip.len() + fp.len();
            let total = ip.len() + exp;
            let synth = if exp >= fp.len() && (11..=19).contains(&total) && written == total {
                Some(format!("{ip}{fp}"))
            } else if exp >= fp.len() && total == 18 && written >= 14 {
                Some(format!("{ip}{fp}{}", "*".repeat(total - written)))
            } else {
                None
            };
            if let Some(synth) = synth.filter(|s| !s.starts_with('0')) {
                for mut m in self.find(&synth) {
                    if m.start == 0 && m.end == synth.len() {
                        m.start = i;
                        m.end = exp_end;
                        if m.note.is_empty() {
                            m.note = "written in exponent form";
                        }
                        out.push((75, m));
                    }
                }
            }
            i = exp_end;
        }
    }

    /// Identifiers whose groups are set apart by a tab or a wider gap (`330106\t19900101\t123X`,
    /// a docx `w:tab`, two spaces — normalization makes both a tab): on a line that labels the
    /// number (身份证 for an ID, 卡号/账号 for a card, 电话/手机 for a mobile), 2 to 6 digit
    /// groups separated by blanks with at least one tab are read joined. Without the label a
    /// tab is a column gap: an aligned table's 330106 (region), 20250301 (date) and 1234
    /// (count) must not become an ID.
    fn scan_gapped(&self, text: &str, out: &mut Vec<(u32, IdMatch)>) {
        let mut off = 0;
        for line in text.split_inclusive('\n') {
            let ls = off;
            off += line.len();
            if !line.contains('\t') {
                continue;
            }
            let has = |ws: &[&str]| ws.iter().any(|w| line.contains(w));
            let id_l = has(&["身份证", "公民身份", "证件号"]);
            let card_l = has(&["卡号", "账号", "帐号"]);
            let mob_l = has(&["电话", "手机", "联系方式"]);
            // unlabelled, only an ID's own layout ending in its check X (region, birth date,
            // sequence and X: a table's count column never ends in X)
            let x_tail = line.contains(['X', 'x']);
            if !(id_l || card_l || mob_l || x_tail) {
                continue;
            }
            let b = line.as_bytes();
            let unit = |c: u8| c.is_ascii_digit() || matches!(c, b'X' | b'x');
            let mut i = 0;
            while i < b.len() {
                if !b[i].is_ascii_digit() || (i > 0 && b[i - 1].is_ascii_alphanumeric()) {
                    i += 1;
                    continue;
                }
                // groups from i: digits, blanks, digits …
                let (mut j, mut groups, mut tab) = (i, 0, false);
                let mut joined = String::new();
                let mut end = i;
                loop {
                    let g = j;
                    while j < b.len() && unit(b[j]) {
                        j += 1;
                    }
                    if j == g || j - g > 18 {
                        break;
                    }
                    joined.push_str(&line[g..j]);
                    groups += 1;
                    end = j;
                    let k = j;
                    while j < b.len() && matches!(b[j], b' ' | b'\t') {
                        tab |= b[j] == b'\t';
                        j += 1;
                    }
                    if j == k || j >= b.len() || !b[j].is_ascii_digit() || groups == 6 {
                        break;
                    }
                }
                if tab && (2..=6).contains(&groups) && (11..=19).contains(&joined.len()) {
                    for m in self.find(&joined) {
                        let ok = match m.kind {
                            IdKind::ResidentId => {
                                id_l || (groups == 3
                                    && joined.len() == 18
                                    && joined.ends_with(['X', 'x'])
                                    && line[i..end]
                                        .split([' ', '\t'])
                                        .filter(|g| !g.is_empty())
                                        .map(str::len)
                                        .eq([6, 8, 4]))
                            }
                            IdKind::BankCard => card_l,
                            IdKind::Mobile => mob_l,
                            _ => false,
                        };
                        if ok && m.start == 0 && m.end == joined.len() {
                            let mut m = m;
                            m.start = ls + i;
                            m.end = ls + end;
                            out.push((95, m));
                        }
                    }
                }
                i = end.max(i + 1);
            }
        }
    }

    /// Identifiers written one character at a time with a space between (`1 1 0 1 0 5 …`,
    /// a PDF drawn with wide character spacing, a form's 18 boxes copied out): a run of 11 or
    /// more single digits (the last may be X, masks count) joined by single spaces is read
    /// with the spaces taken out, and the checks decide.
    fn scan_letter_spaced(&self, text: &str, out: &mut Vec<(u32, IdMatch)>) {
        let b = text.as_bytes();
        let unit = |c: u8| c.is_ascii_digit() || c == b'*';
        let mut i = 0;
        while i < b.len() {
            if !unit(b[i])
                || (i > 0 && b[i - 1].is_ascii_alphanumeric())
                || !b.get(i + 1).is_some_and(|&c| is_box_sep(c))
            {
                i += 1;
                continue;
            }
            // i, i+2, i+4 … are units, i+1, i+3 … one separator, the same throughout
            let sep = b[i + 1];
            let mut j = i;
            while j + 2 < b.len()
                && b[j + 1] == sep
                && (unit(b[j + 2]) || matches!(b[j + 2], b'X' | b'x'))
                && (j + 3 >= b.len() || !b[j + 3].is_ascii_alphanumeric())
            {
                j += 2;
                if matches!(b[j], b'X' | b'x') {
                    break;
                }
            }
            let units = (j - i) / 2 + 1;
            if (11..=19).contains(&units) {
                let collapsed: String = (i..=j).step_by(2).map(|k| b[k] as char).collect();
                for m in self.find(&collapsed) {
                    // between field separators only a resident ID: its checksum and birth date
                    // make a chance match in a row of single-digit counts negligible, a
                    // mobile's prefix or a card's Luhn digit do not
                    if m.start == 0
                        && m.end == collapsed.len()
                        && (sep == b' ' || m.kind == IdKind::ResidentId)
                    {
                        let mut m = m;
                        m.start = i;
                        m.end = j + 1;
                        out.push((90, m));
                    }
                }
            }
            i = j + 1;
        }
    }

    fn scan_tokens(&self, text: &str, sc: &mut FindScratch) {
        let b = text.as_bytes();
        let FindScratch {
            toks,
            chain,
            eval,
            found: out,
        } = sc;
        tokenize_into(b, toks);
        chain.clear();
        for t in toks.drain(..) {
            // whole tokens of 19 and 20 characters: an ID glued to a row number, a taxpayer
            // number holding one
            match t.units {
                19 if t.letters == 0 => glued_row_number(text, &t, out),
                20 if t.letters == 0 => tax_number(text, &t, out),
                _ => {}
            }
            if t.letters > 0 {
                if !chain.is_empty() {
                    evaluate_chain(text, chain, eval, out);
                    chain.clear();
                }
                evaluate_lettered(text, &t, out);
                continue;
            }
            if let Some(last) = chain.last() {
                if !joinable(b, last, &t) {
                    evaluate_chain(text, chain, eval, out);
                    chain.clear();
                }
            }
            chain.push(t);
        }
        if !chain.is_empty() {
            evaluate_chain(text, chain, eval, out);
        }
    }

    fn scan_email(&self, text: &str, out: &mut Vec<(u32, IdMatch)>) {
        let b = text.as_bytes();
        for m in self.email.find_iter(text) {
            let (mut s, e) = (m.start(), m.end());
            while s < e && matches!(b[s], b'.' | b'-' | b'+' | b'%' | b'_') {
                s += 1;
            }
            if e < b.len() && b[e].is_ascii_alphanumeric() {
                continue;
            }
            let v = text[s..e].to_ascii_lowercase();
            let at = v.find('@').unwrap_or(0);
            let local = &v[..at];
            if local.is_empty()
                || !local
                    .bytes()
                    .any(|c| c.is_ascii_alphanumeric() || c == b'*')
            {
                continue;
            }
            let mask = if local.contains('*') {
                Mask::Proper
            } else {
                Mask::None
            };
            out.push((80, mk(IdKind::Email, s, e, v, mask, "")));
        }
    }

    fn scan_plates(&self, text: &str, out: &mut Vec<(u32, IdMatch)>) {
        let b = text.as_bytes();
        let mut p = 3;
        while p < b.len() {
            // skip Han characters three bytes at a time: plates start right after one
            let c0 = b[p];
            if (0xE4..=0xE9).contains(&c0) {
                p += 3;
                continue;
            }
            if !c0.is_ascii_uppercase() || !is_province_char(&b[p - 3..p]) {
                p += 1;
                continue;
            }
            let s = p - 3;
            let hay = &text[s..floor_boundary(text, s + 32)];
            let Some(c) = self.plate.captures(hay) else {
                p += 1;
                continue;
            };
            let m = c.get(0).unwrap();
            let end = s + m.end();
            p += 1;
            if end < b.len() && b[end].is_ascii_alphanumeric() {
                continue;
            }
            let tail = c.get(2).unwrap().as_str().as_bytes();
            let special = c.get(3).is_some();
            let digits = tail.iter().filter(|c| is_digit(**c)).count();
            let ok = match (tail.len(), special) {
                (4, true) => digits >= 3,
                (5, false) => digits >= 3,
                (6, false) => {
                    let nev_big = tail[..5].iter().all(|c| is_digit(*c))
                        && matches!(tail[5], b'A'..=b'H' | b'J' | b'K');
                    let nev_small = matches!(tail[0], b'A'..=b'H' | b'J' | b'K')
                        && tail[2..].iter().all(|c| is_digit(*c));
                    nev_big || nev_small
                }
                _ => false,
            };
            if !ok {
                continue;
            }
            let value: String = m
                .as_str()
                .chars()
                .filter(|ch| !matches!(ch, '·' | '•' | ' '))
                .collect();
            out.push((70, mk(IdKind::VehiclePlate, s, end, value, Mask::None, "")));
            p = end;
        }
    }

    fn scan_dms(&self, text: &str, out: &mut Vec<(u32, IdMatch)>) {
        let b = text.as_bytes();
        let mut last_end = 0;
        // two SIMD substring searches (memchr's memmem: std's char/str searchers stop at every
        // 0xB0/0xA6 continuation byte of CJK text and were 6 % of a text scan)
        let mut positions: Vec<usize> = self.deg.find_iter(b).chain(self.du.find_iter(b)).collect();
        if positions.is_empty() {
            return;
        }
        positions.sort_unstable();
        for pos in positions {
            // the degree value right before the symbol (optional single space)
            let mut e = pos;
            if e > 0 && b[e - 1] == b' ' {
                e -= 1;
            }
            let mut s = e;
            while s > 0 && is_digit(b[s - 1]) && e - s < 4 {
                s -= 1;
            }
            if s == e || e - s > 3 || s < last_end {
                continue;
            }
            if s > 0 && (b[s - 1].is_ascii_digit() || b[s - 1] == b'.') {
                continue;
            }
            let hay = &text[s..floor_boundary(text, pos + 48)];
            let Some(c) = self.dms.captures(hay) else {
                continue;
            };
            let m = c.get(0).unwrap();
            let d: f64 = c[1].parse().unwrap_or(-1.0);
            let mi: f64 = c[2].parse().unwrap_or(99.0);
            if !(3.0..=136.0).contains(&d) || mi >= 60.0 {
                continue;
            }
            let mut fine = false;
            if let Some(sec) = c.get(3) {
                let sv: f64 = sec.as_str().parse().unwrap_or(99.0);
                if sv >= 60.0 {
                    continue;
                }
                fine = true;
            } else if let Some(dot) = c[2].find('.') {
                fine = c[2].len() - dot > 2; // >= 2 decimals of minutes
            }
            let mut mm = mk(
                IdKind::GeoCoordinate,
                s,
                s + m.end(),
                m.as_str().replace(' ', ""),
                Mask::None,
                if fine {
                    "seconds given (finer than 0.001 degree)"
                } else {
                    ""
                },
            );
            mm.fine = fine;
            last_end = mm.end;
            out.push((50, mm));
        }
    }
}

/// Largest char boundary <= `i` (clamped to the text length).
fn floor_boundary(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

const PROVINCE_CHARS: &str = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼";

fn is_province_char(b3: &[u8]) -> bool {
    b3[0] >= 0xE4 && std::str::from_utf8(b3).is_ok_and(|c| PROVINCE_CHARS.contains(c))
}

/// Keep the highest-priority matches, non-overlapping, sorted by start.
/// Working vectors of [`IdRecognizer::find`], reused across calls on one thread.
#[derive(Default)]
struct FindScratch {
    toks: Vec<Tok>,
    chain: Vec<Tok>,
    eval: Scratch,
    found: Vec<(u32, IdMatch)>,
}

impl FindScratch {
    /// Gives back the memory of an unusually large text (a multi-megabyte file) instead of
    /// keeping it for the rest of the run.
    fn trim(&mut self) {
        const KEEP: usize = 1 << 12;
        if self.toks.capacity() > KEEP {
            self.toks = Vec::new();
        }
        if self.chain.capacity() > KEEP {
            self.chain = Vec::new();
        }
        if self.found.capacity() > KEEP {
            self.found = Vec::new();
        }
        if self.eval.cands.capacity() > KEEP {
            self.eval.cands = Vec::new();
        }
        if self.eval.buf.capacity() > KEEP {
            self.eval.buf = Vec::new();
        }
        if self.eval.taken.capacity() > KEEP {
            self.eval.taken = Vec::new();
        }
    }
}

/// Overlapping candidates resolved by priority, in text order; drains `v`.
/// Whether `b` has five single digits in a row joined by single spaces (`1 1 0 1 0`): the
/// cheap test before [`IdRecognizer::scan_letter_spaced`].
fn letter_spaced_digits(b: &[u8]) -> bool {
    b.windows(9).any(|w| {
        is_box_sep(w[1])
            && w[3] == w[1]
            && w[5] == w[1]
            && w[7] == w[1]
            && w[0].is_ascii_digit()
            && w[2].is_ascii_digit()
            && w[4].is_ascii_digit()
            && w[6].is_ascii_digit()
            && w[8].is_ascii_digit()
    })
}

/// What separates the characters of an identifier written one character at a time: a space,
/// or a field separator (a csv row of form boxes, a pipe table).
fn is_box_sep(c: u8) -> bool {
    matches!(c, b' ' | b',' | b'\t' | b'|' | b';')
}

fn merge(v: &mut Vec<(u32, IdMatch)>) -> Vec<IdMatch> {
    if v.len() <= 1 {
        return v.drain(..).map(|x| x.1).collect();
    }
    v.sort_by(|a, c| a.1.start.cmp(&c.1.start).then(c.0.cmp(&a.0)));
    let mut kept: Vec<(u32, IdMatch)> = Vec::with_capacity(v.len());
    for (p, m) in v.drain(..) {
        let mut keep = true;
        while let Some((lp, last)) = kept.last() {
            if last.end <= m.start {
                break;
            }
            if *lp >= p {
                keep = false;
                break;
            }
            kept.pop();
        }
        if keep {
            kept.push((p, m));
        }
    }
    kept.into_iter().map(|x| x.1).collect()
}

// ---------------------------------------------------------------------------------------------
// Display masking and redaction
// ---------------------------------------------------------------------------------------------

fn keep_ends(ch: &[char], front: usize, back: usize) -> String {
    let n = ch.len();
    if front + back >= n {
        return generic_mask(ch);
    }
    ch.iter()
        .enumerate()
        .map(|(k, &c)| if k < front || k >= n - back { c } else { '*' })
        .collect()
}

fn generic_mask(ch: &[char]) -> String {
    let n = ch.len();
    let k = n / 3;
    let front = k.div_ceil(2);
    let back = k / 2;
    ch.iter()
        .enumerate()
        .map(|(i, &c)| {
            if i < front || i + back >= n && back > 0 {
                c
            } else {
                '*'
            }
        })
        .collect()
}

/// Mask an identifier's canonical value for display, per kind.
pub fn mask_for_display(kind: IdKind, value: &str) -> String {
    let ch: Vec<char> = value.chars().collect();
    let n = ch.len();
    match kind {
        IdKind::ResidentId if n == 18 => keep_ends(&ch, 6, 4),
        IdKind::ResidentId if n == 15 => keep_ends(&ch, 6, 3),
        IdKind::Mobile if n == 11 => keep_ends(&ch, 3, 4),
        IdKind::BankCard if n >= 12 => keep_ends(&ch, 6, 4),
        IdKind::Email => match value.find('@') {
            Some(at) if at > 0 => {
                let first = value[..at].chars().next().unwrap_or('*');
                format!("{}***{}", first, &value[at..])
            }
            _ => generic_mask(&ch),
        },
        _ => generic_mask(&ch),
    }
}

/// Replace every run that could be an identifier with a masked form (for excerpts).
///
/// Rule: tokens (runs of ASCII alnum and mask characters) that contain a digit and are joined by
/// single spaces/hyphens form a chain; a chain with >= 7 digits keeps only its first 3 and last 2
/// digits when it is purely numeric (digits, X, masks), and only its last 2 digits when it
/// contains letters (passport/permit-like `E12345678` becomes `E******78`). Email local parts
/// keep their first character only.
pub fn redact(text: &str) -> String {
    let emailed: std::borrow::Cow<str> = if text.contains('@') {
        email_re().replace_all(text, |c: &regex::Captures| {
            let m = c.get(0).unwrap().as_str();
            let at = m.find('@').unwrap_or(0);
            let first = m[..at].chars().next().unwrap_or('*');
            format!("{}***{}", first, &m[at..])
        })
    } else {
        std::borrow::Cow::Borrowed(text)
    };
    let t: &str = &emailed;
    let b = t.as_bytes();
    if !b.iter().any(|c| c.is_ascii_digit()) {
        return t.to_string();
    }
    let toks: Vec<Tok> = tokenize(b).into_iter().filter(|t| t.digits > 0).collect();
    let mut out = Vec::with_capacity(b.len());
    let mut copied = 0;
    let mut k = 0;
    while k < toks.len() {
        let mut j = k;
        while j + 1 < toks.len() {
            let (p, q) = (&toks[j], &toks[j + 1]);
            if q.s == p.e + 1 && matches!(b[p.e], b' ' | b'-') {
                j += 1;
            } else {
                break;
            }
        }
        let digits: u32 = toks[k..=j].iter().map(|t| t.digits).sum();
        if digits >= 7 {
            let lettered = toks[k..=j].iter().any(|t| t.letters > 0);
            let keep_front = if lettered { 0 } else { 3 };
            let (s, e) = (toks[k].s, toks[j].e);
            out.extend_from_slice(&b[copied..s]);
            let mut idx = 0u32;
            for &c in &b[s..e] {
                if is_digit(c) {
                    if idx < keep_front || idx + 2 >= digits {
                        out.push(c);
                    } else {
                        out.push(b'*');
                    }
                    idx += 1;
                } else {
                    out.push(c);
                }
            }
            copied = e;
        }
        k = j + 1;
    }
    out.extend_from_slice(&b[copied..]);
    // only ASCII digits were replaced by ASCII '*', so the bytes stay valid UTF-8
    String::from_utf8(out).unwrap_or_default()
}

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;

    /// Complete a 17-digit prefix into a valid resident ID.
    fn id(p17: &str) -> String {
        assert_eq!(p17.len(), 17);
        let c = id18_check_char(p17.as_bytes()) as char;
        format!("{p17}{c}")
    }

    /// A valid ID (with the given 14-digit region+date) whose check character is X.
    fn id_x(p14: &str) -> String {
        for seq in 0..1000 {
            let p = format!("{p14}{seq:03}");
            let full = id(&p);
            if full.ends_with('X') {
                return full;
            }
        }
        unreachable!()
    }

    /// Complete a prefix into a Luhn-valid number.
    fn card(prefix: &str) -> String {
        for d in 0..10 {
            let s = format!("{prefix}{d}");
            if luhn(s.as_bytes()) {
                return s;
            }
        }
        unreachable!()
    }

    /// Same prefix, a final digit that fails Luhn.
    fn bad_card(prefix: &str) -> String {
        let good = card(prefix);
        let last = good.as_bytes()[good.len() - 1] - b'0';
        format!("{prefix}{}", (last + 1) % 10)
    }

    fn uscc(p17: &str) -> String {
        const W: [u32; 17] = [
            1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
        ];
        let s: u32 = p17
            .bytes()
            .zip(W.iter())
            .map(|(c, w)| USCC_CS.iter().position(|&x| x == c).unwrap() as u32 * w)
            .sum();
        let v = (31 - s % 31) % 31;
        format!("{p17}{}", USCC_CS[v as usize] as char)
    }

    fn rec() -> &'static IdRecognizer {
        static R: OnceLock<IdRecognizer> = OnceLock::new();
        R.get_or_init(IdRecognizer::new)
    }

    fn found(text: &str) -> Vec<(&'static str, String, Mask)> {
        rec()
            .find(text)
            .into_iter()
            .map(|m| (m.kind.as_str(), m.value, m.mask))
            .collect()
    }

    /// (text, expected kind, expected value, expected mask); kind "" = nothing expected.
    fn check_rows(rows: &[(String, &str, String, Mask)]) {
        let mut failures = Vec::new();
        for (text, kind, value, mask) in rows {
            let got = found(text);
            let ok = if kind.is_empty() {
                got.is_empty()
            } else {
                got.len() == 1 && got[0].0 == *kind && got[0].1 == *value && got[0].2 == *mask
            };
            if !ok {
                failures.push(format!(
                    "{text:?}: expected {kind} {value} {mask:?}, got {got:?}"
                ));
            }
        }
        assert!(failures.is_empty(), "failures:\n{}", failures.join("\n"));
    }

    fn row(
        text: impl Into<String>,
        kind: &str,
        value: impl Into<String>,
        mask: Mask,
    ) -> (String, &str, String, Mask) {
        (text.into(), kind, value.into(), mask)
    }

    fn none(text: impl Into<String>) -> (String, &'static str, String, Mask) {
        (text.into(), "", String::new(), Mask::None)
    }

    const RID: &str = "cn_resident_id";
    const MOB: &str = "cn_mobile";
    const CARD: &str = "bank_card";

    #[test]
    fn resident_id_table() {
        let a = id("33010619900101123");
        let b = id("11010519491231002");
        let x = id_x("44030819850715");
        let pr = id("93101519800101001"); // foreign permanent resident card (9 + province 31)
        let bad = {
            let mut s = a.clone().into_bytes();
            s[17] = if s[17] == b'9' {
                b'0'
            } else if s[17] == b'X' {
                b'1'
            } else {
                s[17] + 1
            };
            String::from_utf8(s).unwrap()
        };
        let feb30 = id("33010619900230123");
        let bad_prov = id("99010619900101123");
        let bad_prov2 = id("19010619900101123");
        let fours = |v: &str, sep: &str| {
            v.as_bytes()
                .chunks(4)
                .map(|c| std::str::from_utf8(c).unwrap())
                .collect::<Vec<_>>()
                .join(sep)
        };
        // an ID whose check character is a digit
        let d = [&a, &b, &pr]
            .into_iter()
            .find(|v| !v.ends_with('X'))
            .expect("a digit check")
            .clone();
        let g6_8_4 = |v: &str, sep: &str| format!("{}{sep}{}{sep}{}", &v[..6], &v[6..14], &v[14..]);
        let rows = vec![
            row(a.clone(), RID, a.clone(), Mask::None),
            // compound separators: a hyphen with spaces around it, a doubled space
            row(
                format!("身份证：{}", g6_8_4(&a, " - ")),
                RID,
                a.clone(),
                Mask::None,
            ),
            row(
                format!("身份证：{}", g6_8_4(&a, "  ")),
                RID,
                a.clone(),
                Mask::None,
            ),
            row(
                format!("身份证：{}", g6_8_4(&a, "- ")),
                RID,
                a.clone(),
                Mask::None,
            ),
            // … but not three spaces (columns of a text table), nor a spaced en rule
            none(format!("编号 {}", g6_8_4(&a, "   "))),
            none(format!("编号 {}", g6_8_4(&a, " — "))),
            // written in groups of four, the last group short (「3301 0619 9001 0112 3X」)
            row(
                format!("身份证号：{}", fours(&x, " ")),
                RID,
                x.clone(),
                Mask::None,
            ),
            row(
                format!("身份证号：{}。", fours(&a, "-")),
                RID,
                a.clone(),
                Mask::None,
            ),
            row(fours(&b, " "), RID, b.clone(), Mask::None),
            row(format!("身份证号{a}，电话"), RID, a.clone(), Mask::None),
            // groups set apart by tabs (normalized wide gaps, docx tabs) on a labelled line
            row(
                format!("身份证号：{}\t{}\t{}", &a[..6], &a[6..14], &a[14..]),
                RID,
                a.clone(),
                Mask::None,
            ),
            row("手机：138\t0013\t8000", MOB, "13800138000", Mask::None),
            // … but on an unlabelled line a tab is a column gap, unless the groups are an
            // ID's own layout ending in its check X
            none(format!("城东\t{}\t{}\t{}", &d[..6], &d[6..14], &d[14..])),
            row(
                format!("张三 {}\t{}\t{}", &x[..6], &x[6..14], &x[14..]),
                RID,
                x.clone(),
                Mask::None,
            ),
            // glued to ASCII letters: a pinyin file name, a prefix, a suffix
            row(format!("zhangsan{a}.pdf"), RID, a.clone(), Mask::None),
            row(format!("SFZ{x}abc"), RID, x.clone(), Mask::None),
            row(format!("No{a}"), RID, a.clone(), Mask::None),
            // … but a digit run of another length, or one failing the check, is no ID
            none(format!("abc{a}7z")),
            none(format!("SFZ{bad}abc")),
            // a serial written 「第…号」 is a permit's or a document's number
            row(
                format!("原证号：{}{}", &a[..6], &a[8..17]),
                RID,
                format!("{}{}", &a[..6], &a[8..17]),
                Mask::None,
            ),
            none(format!("原证号：建字第{}{}号", &a[..6], &a[8..17])),
            none(format!("许可证号：建字第 {a} 号")),
            row(format!("第{a}"), RID, a.clone(), Mask::None),
            row(format!("{a}号楼"), RID, a.clone(), Mask::None),
            row(format!("张三{b}男"), RID, b.clone(), Mask::None),
            row(format!("号码:{x}。"), RID, x.clone(), Mask::None),
            row(
                format!("号码:{}。", x.to_lowercase()),
                RID,
                x.clone(),
                Mask::None,
            ),
            row(
                format!("{} {} {}", &a[..6], &a[6..14], &a[14..]),
                RID,
                a.clone(),
                Mask::None,
            ),
            row(
                format!("证件{}-{}-{}止", &a[..6], &a[6..14], &a[14..]),
                RID,
                a.clone(),
                Mask::None,
            ),
            row(
                format!("{} {} {} {}", &a[..6], &a[6..10], &a[10..14], &a[14..]),
                RID,
                a.clone(),
                Mask::None,
            ),
            row(format!("序号 1 {a}"), RID, a.clone(), Mask::None),
            row(format!("居留证{pr}"), RID, pr.clone(), Mask::None),
            row(
                "公民身份号码330106900101123，",
                RID,
                "330106900101123",
                Mask::None,
            ),
            row(
                "身份证：330106 900101 123",
                RID,
                "330106900101123",
                Mask::None,
            ),
            // near misses
            none(format!("合同编号{bad}")),
            none(format!("编号{feb30}")),
            none(format!("编号{bad_prov}")),
            none(format!("编号{bad_prov2}")),
            none(format!("流水号1{a}0")),
            none(format!("流水号12{a}")),
            none(format!("流水号{a}5")),
            none(format!("流水号7{a}")),
            // glued to letters the full check still finds it (DOMAIN's regex excludes letters
            // around it; a pinyin file name `zhangsan<ID>.pdf` is a leak all the same)
            row(format!("abc{a}"), RID, a.clone(), Mask::None),
            row(format!("{a}kg"), RID, a.clone(), Mask::None),
            none("批次号330106900101123"),   // 15 digits, no context
            none("身份证号330106901301123"), // 15 digits, month 13
            // an organization's 15-digit registration numbers
            none("税务登记证号：330106710824153，组织机构代码：71082415-3"),
            none("营业执照注册号330106710824153"),
            // a card word in reach, but the masked form shows an ID's region and birth date
            row(
                "开户银行：农业银行，身份证号62010219800101****",
                RID,
                "62010219800101****",
                Mask::Insufficient,
            ),
            row(
                "税务登记证号见附件，法定代表人身份证号：330106710824153",
                RID,
                "330106710824153",
                Mask::None,
            ),
            none(format!("金额{a}.00元")),
            // masked
            row(
                "身份证440308********1234。",
                RID,
                "440308********1234",
                Mask::Proper,
            ),
            row(
                "身份证35*************123",
                RID,
                "35*************123",
                Mask::Proper,
            ),
            row(
                "**************1234",
                RID,
                "**************1234",
                Mask::Proper,
            ),
            row(
                "330106********123X",
                RID,
                "330106********123X",
                Mask::Proper,
            ),
            row(
                "330106××××××××123X",
                RID,
                "330106********123X",
                Mask::Proper,
            ),
            row(
                "330106●●●●●●●●1234",
                RID,
                "330106********1234",
                Mask::Proper,
            ),
            row(
                "330106＊＊＊＊＊＊＊＊1234",
                RID,
                "330106********1234",
                Mask::Proper,
            ),
            row(
                "110101XXXXXXXX1234",
                RID,
                "110101********1234",
                Mask::Proper,
            ),
            row(
                "330106########1234",
                RID,
                "330106********1234",
                Mask::Proper,
            ),
            row(
                "33010619900101****",
                RID,
                "33010619900101****",
                Mask::Insufficient,
            ),
            row(
                "3301061990******34",
                RID,
                "3301061990******34",
                Mask::Insufficient,
            ),
            row(
                "330106199001011**4",
                RID,
                "330106199001011**4",
                Mask::Insufficient,
            ),
            row(
                "3301061990XXXXXXXX",
                RID,
                "3301061990********",
                Mask::Insufficient,
            ),
            none("99010619900101****"), // invalid province visible
            // one character at a time, single spaces between
            row(
                format!(
                    "身份证号 {}",
                    a.chars().map(String::from).collect::<Vec<_>>().join(" ")
                ),
                RID,
                a.clone(),
                Mask::None,
            ),
            row(
                "电话：1 3 8 0 0 1 3 8 0 0 0",
                MOB,
                "13800138000",
                Mask::None,
            ),
            none("1 0 1 0 1 1 0 1 1 0 1"),
            none("评分 1 2 3 4 5 6 7 8 9 1 0"),
            // form boxes exported as csv or a pipe table: an ID is read between separators
            row(
                format!(
                    "身份证号码,{}",
                    a.chars().map(String::from).collect::<Vec<_>>().join(",")
                ),
                RID,
                a.clone(),
                Mask::None,
            ),
            row(
                format!(
                    "|{}|",
                    a.chars().map(String::from).collect::<Vec<_>>().join("|")
                ),
                RID,
                a.clone(),
                Mask::None,
            ),
            // … but not a mobile-shaped row of single-digit counts, nor mixed separators
            none("城东,1,3,8,0,0,1,3,8,0,0,0"),
            none("城东\t1\t3\t8\t0\t0\t1\t3\t8\t0\t0\t0"),
            none(format!(
                "{},{}",
                a[..9]
                    .chars()
                    .map(String::from)
                    .collect::<Vec<_>>()
                    .join(" "),
                a[9..]
                    .chars()
                    .map(String::from)
                    .collect::<Vec<_>>()
                    .join(",")
            )),
            // a permit number: region + a recent issue date + serial, introduced as a code
            none(format!("施工许可证编号：{}", id("33010820250323050"))),
            none(format!("备案号 {}", id("33010820180115002"))),
            row(
                format!("身份证号：{}", id("33010820250323050")),
                RID,
                id("33010820250323050"),
                Mask::None,
            ),
            row(format!("人员编号：{a}"), RID, a.clone(), Mask::None),
            row(format!("编号{a}"), RID, a.clone(), Mask::None),
        ];
        check_rows(&rows);
        // near miss: groups of four whose joined digits fail the check are no ID
        assert!(rec()
            .find(&format!("编号 {}", fours(&bad, " ")))
            .iter()
            .all(|m| m.kind != IdKind::ResidentId));
        let m = &rec().find(&format!("身份证号{a}，"))[0];
        assert_eq!(&format!("身份证号{a}，")[m.start..m.end], a);
    }

    #[test]
    fn mobile_table() {
        let rows = vec![
            row("13800138000", MOB, "13800138000", Mask::None),
            row("电话13800138000。", MOB, "13800138000", Mask::None),
            row("电话：+86 13800138000", MOB, "13800138000", Mask::None),
            row("电话：+8613800138000", MOB, "13800138000", Mask::None),
            row("电话86-138-0013-8000转", MOB, "13800138000", Mask::None),
            row("电话：008613800138000", MOB, "13800138000", Mask::None),
            row("电话：0086 138 0013 8000", MOB, "13800138000", Mask::None),
            row("电话：0086-13800138000", MOB, "13800138000", Mask::None),
            none("编号008612800138000"),
            none("编号00861380013800012"),
            row("手机138-0013-8000，", MOB, "13800138000", Mask::None),
            // the prefix in brackets, as an area code is written
            row("手机：(138) 0013 8000", MOB, "13800138000", Mask::None),
            none("(128) 0013 8000"),
            row("手机138 0013 8000，", MOB, "13800138000", Mask::None),
            row("手机1380013 8000，", MOB, "13800138000", Mask::None),
            row("序号 12 13800138000", MOB, "13800138000", Mask::None),
            row("联系19912345678", MOB, "19912345678", Mask::None),
            row("联系16612345678", MOB, "16612345678", Mask::None),
            none("编号23800138000"),
            none("编号12800138000"),
            none("编号14012345678"),
            none("编号113800138000"),
            none("编号13800138000123"),
            none("金额13800138000.50元"),
            none("全市累计发放住房公积金贷款13582460000元。"),
            none("全社会用电量15234567890千瓦时"),
            row("电话13800138000，", MOB, "13800138000", Mask::None),
            none("x13800138000"),
            // a whole number exported as a float (pandas) is still the number; amounts are not
            row("13800138000.0", MOB, "13800138000", Mask::None),
            row("张三,13800138000.0,男", MOB, "13800138000", Mask::None),
            none("金额13800138000.0元"),
            none("13800138000.05"),
            none("13800138000.00"),
            row("138****1234", MOB, "138****1234", Mask::Proper),
            row("电话138****1234。", MOB, "138****1234", Mask::Proper),
            row("电话138 **** 1234。", MOB, "138****1234", Mask::Proper),
            row("1381234XXXX", MOB, "1381234****", Mask::Insufficient),
            row("1981451**56", MOB, "1981451**56", Mask::Insufficient),
            row("1380013****", MOB, "1380013****", Mask::Insufficient),
            row("138*******4", MOB, "138*******4", Mask::Proper),
        ];
        check_rows(&rows);
        let t = "电话：+86 13800138000";
        let m = &rec().find(t)[0];
        assert_eq!(&t[m.start..m.end], "+86 13800138000");
    }

    #[test]
    fn bank_card_table() {
        let c16 = card("622848001234567");
        let c19 = card("622848001234567890");
        let visa = card("411111111111111");
        let bad16 = bad_card("622848001234567");
        let c13 = card("622848001234");
        let c18_62 = card("62284800123456789");
        let rows = vec![
            row(c16.clone(), CARD, c16.clone(), Mask::None),
            row(format!("卡号{c19}。"), CARD, c19.clone(), Mask::None),
            row(format!("尾号{visa}元"), CARD, visa.clone(), Mask::None),
            row(
                format!(
                    "卡号：{} {} {} {} {}",
                    &c19[..4],
                    &c19[4..8],
                    &c19[8..12],
                    &c19[12..16],
                    &c19[16..]
                ),
                CARD,
                c19.clone(),
                Mask::None,
            ),
            row(
                format!(
                    "卡号{}-{}-{}-{}",
                    &c16[..4],
                    &c16[4..8],
                    &c16[8..12],
                    &c16[12..]
                ),
                CARD,
                c16.clone(),
                Mask::None,
            ),
            row(format!("银行卡号{c13}"), CARD, c13.clone(), Mask::None),
            row(format!("编号{c18_62}"), CARD, c18_62.clone(), Mask::None),
            // the BIN and the rest
            row(
                format!("卡号 {} {}", &c19[..6], &c19[6..]),
                CARD,
                c19.clone(),
                Mask::None,
            ),
            // table cells joined by single spaces (a PDF row: 区划代码, 参保人数, 职工, 居民)
            // are no card, whatever Luhn says
            none(format!(
                "西湖区 {} {} {} {}",
                &c19[..6],
                &c19[6..13],
                &c19[13..19],
                "567890"
            )),
            none(format!("{} {} {}", &c16[..4], &c16[4..9], &c16[9..])),
            none(format!("{} {}", &visa[..6], &visa[6..])),
            // 3 starts cards of Amex, Diners and JCB only: two glued table cells are none
            none(format!("2001 8075 154004768 {}", card("323410011078033"))),
            row(
                card("353011133330000"),
                CARD,
                card("353011133330000"),
                Mask::None,
            ),
            none(format!("编号{bad16}")),
            none(format!("编号{c13}")),
            none(format!("编号0{}", &c16[1..])),
            // Luhn-valid serials: no issuer makes them, or a serial word introduces them
            none(card("202403150001234")),
            none(format!("合同编号{}", card("202403150001234"))),
            none(format!("流水号：{}", card("402403150001234"))),
            none(format!("订单号{}", card("411111111111111"))),
            none(card("802403150001234")),
            none(format!("序列号{}", card("4024031500012345678"))),
            // a card word wins; a UnionPay number is a card under a serial word too
            row(
                format!("卡号{}", card("202403150001234")),
                CARD,
                card("202403150001234"),
                Mask::None,
            ),
            row(format!("流水号{c16}"), CARD, c16.clone(), Mask::None),
            row(
                card("222100123456789"),
                CARD,
                card("222100123456789"),
                Mask::None,
            ),
            row("622848******6789", CARD, "622848******6789", Mask::Proper),
            row(
                "卡号：6228 48** **** 6789",
                CARD,
                "622848******6789",
                Mask::Proper,
            ),
            row(
                "卡号6228481234****6789",
                CARD,
                "6228481234****6789",
                Mask::Insufficient,
            ),
            row(
                "622848199012**6789",
                RID,
                "622848199012**6789",
                Mask::Insufficient,
            ), // 18 masked, no context => ID
            none("622848123456**6789"), // 18 masked, not a plausible ID, no card context
            row(
                "62284812****56789",
                CARD,
                "62284812****56789",
                Mask::Insufficient,
            ),
            none("123456******6789"),
            // a unit's account (对公) at a bank branch: no card issuer's number
            none(format!(
                "收款单位：杭州市拱墅区公共资源交易中心 开户银行：中国工商银行杭州分行 账号：{}",
                card("120202130100123456")
            )),
            // a person's passbook account stays one, so does a 62 card of a unit
            row(
                format!("户名：张三 账号：{}", card("120202130100123456")),
                CARD,
                card("120202130100123456"),
                Mask::None,
            ),
            row(
                format!("户名：某某中心 账号：{c19}"),
                CARD,
                c19.clone(),
                Mask::None,
            ),
            // an account an issuer could have numbered (4…): a unit's when labelled an account
            // under a unit holder, a card under 卡号 or a person
            none(format!(
                "缴款账户户名：深圳市福田区财政局\n账号：{}",
                card("400002300920000000")
            )),
            row(
                format!(
                    "户名：深圳市福田区财政局 卡号：{}",
                    card("400002300920000000")
                ),
                CARD,
                card("400002300920000000"),
                Mask::None,
            ),
            row(
                format!("户名：张三\n账号：{}", card("436742300920000000")),
                CARD,
                card("436742300920000000"),
                Mask::None,
            ),
            // an account labelled as a unit's, or under a contract party that is a unit
            none(format!(
                "甲方开户银行：中国工商银行杭州市分行营业部\n甲方单位账号：{}",
                card("120202100990012345")
            )),
            none(format!(
                "采购人：杭州市教育局\n开户银行：中国工商银行杭州市分行营业部\n对公账号：{}",
                card("120202100990012345")
            )),
            // near misses: a UnionPay card under 对公账号 stays a card; a party that is a
            // person keeps a card a card
            row(format!("对公账号：{c19}"), CARD, c19.clone(), Mask::None),
            row(
                format!("乙方：张三\n账号：{}", card("436742300920000000")),
                CARD,
                card("436742300920000000"),
                Mask::None,
            ),
        ];
        check_rows(&rows);
    }

    #[test]
    fn id_beats_card() {
        // find an 18-digit valid ID that also passes Luhn
        let mut hit = None;
        for seq in 0..1000 {
            let s = id(&format!("62010219900101{seq:03}"));
            if s.as_bytes()[17] != b'X' && luhn(s.as_bytes()) {
                hit = Some(s);
                break;
            }
        }
        let s = hit.unwrap();
        assert_eq!(
            found(&format!("卡号{s}")),
            vec![(RID, s.clone(), Mask::None)]
        );
        // a 19-digit Luhn-valid run containing a valid ID is neither
        for d in 0..10 {
            let t = format!("{d}{}", id("33010619900101123"));
            if luhn(t.as_bytes()) && !t.starts_with("62") {
                assert!(found(&format!("编号{t}")).is_empty());
            }
        }
    }

    #[test]
    fn ids_split_over_lines_or_glued_to_a_row_number() {
        let a = id("44030519850214362");
        // hits
        for (t, v) in [
            (format!("身份证号\n{}\n{}", &a[..6], &a[6..]), a.clone()),
            (format!("{}\r\n{}，联系电话", &a[..10], &a[10..]), a.clone()),
            (format!("1{a}  张三"), a.clone()),
            (format!("序号身份证号：1{a}"), a.clone()),
            (
                format!("1  张三  {}\n         {}  1500", &a[..6], &a[6..]),
                a.clone(),
            ),
        ] {
            let got = found(&t);
            assert!(got.contains(&(RID, v.clone(), Mask::None)), "{t}: {got:?}");
        }
        // near misses: two lines of figures, a line split that fails the check, a UnionPay
        // 19-digit card, a 20-digit serial
        assert!(found("2025\n13000000000000").iter().all(|m| m.0 != RID));
        let mut bad = a.clone().into_bytes();
        bad[17] = if bad[17] == b'1' { b'2' } else { b'1' };
        let bad = String::from_utf8(bad).unwrap();
        assert!(found(&format!("{}\n{}", &bad[..6], &bad[6..]))
            .iter()
            .all(|m| m.0 != RID));
        assert!(found(&format!("62{}", &a[1..])).iter().all(|m| m.0 != RID));
        assert!(found(&format!("12{a}")).iter().all(|m| m.0 != RID));
        assert!(found(&format!("流水号：7{a}")).iter().all(|m| m.0 != RID));
        // the glued-row rule skips 序号 by its place in the list
        assert_eq!(SERIAL_CTX[8], "序号");
        // a card written in groups of four and wrapped between two of them after a card word
        let c = card("621700123456789");
        let grouped = |c: &str| {
            c.as_bytes()
                .chunks(4)
                .map(|g| std::str::from_utf8(g).unwrap())
                .collect::<Vec<_>>()
                .join(" ")
        };
        let g = grouped(&c);
        for (l1, l2) in [
            (&g[..9], &g[10..]),
            (&g[..14], &g[15..]),
            (&g[..4], &g[5..]),
        ] {
            let t = format!("退款卡号：{l1}\n{l2}");
            assert!(
                found(&t).iter().any(|m| m.0 == "bank_card" && m.1 == c),
                "{t}: {:?}",
                found(&t)
            );
        }
        // near misses: no card word, a Luhn failure, two lines of figures after a card word
        assert!(found(&format!("编号：{}\n{}", &g[..9], &g[10..]))
            .iter()
            .all(|m| m.0 != "bank_card"));
        let bad = grouped(&bad_card("621700123456789"));
        assert!(found(&format!("卡号：{}\n{}", &bad[..9], &bad[10..]))
            .iter()
            .all(|m| m.0 != "bank_card"));
        assert!(found("卡号见附表 2024 1234\n5678 9012 3456")
            .iter()
            .all(|m| m.0 != "bank_card"));
    }

    #[test]
    fn taxpayer_number_holding_an_id() {
        let a = id("62010219850214182");
        // hits: the owner's ID and a sequence, under a tax word
        for t in [
            format!("纳税人识别号：{a}01"),
            format!("税务登记号 {a}02，欠税金额 1200 元"),
        ] {
            assert_eq!(found(&t), vec![(RID, a.clone(), Mask::None)], "{t}");
        }
        // near misses: no tax word, a masked owner, a USCC, 20 digits whose head fails the check
        assert!(found(&format!("编号{a}01")).is_empty());
        assert!(found("纳税人识别号：620102********182401")
            .iter()
            .all(|m| m.2 != Mask::None));
        assert!(found("纳税人识别号：91620102MA71234567")
            .iter()
            .all(|m| m.0 != RID));
        let mut bad = a.clone().into_bytes();
        bad[17] = if bad[17] == b'1' { b'2' } else { b'1' };
        let bad = String::from_utf8(bad).unwrap();
        assert!(found(&format!("纳税人识别号：{bad}01"))
            .iter()
            .all(|m| m.0 != RID));
    }

    #[test]
    fn disability_certificate_number_holding_an_id() {
        let a = id("11010519600101100");
        // hits: the holder's ID, the category (1–7) and the grade (1–4), under its word
        for t in [
            format!("残疾人证号：{a}43"),
            format!("残疾证号 {a}12，补贴 300 元"),
        ] {
            assert_eq!(found(&t), vec![(RID, a.clone(), Mask::None)], "{t}");
        }
        // masked: the birth date shown is not enough, a proper mask is
        assert_eq!(
            found("残疾人证号：23010319580121****42"),
            vec![(RID, "23010319580121****".to_string(), Mask::Insufficient)]
        );
        assert_eq!(
            found("残疾人证号：230103********002142"),
            vec![(RID, "230103********0021".to_string(), Mask::Proper)]
        );
        // near misses: a category or grade out of range, no word, a masked holder
        assert!(found("编号：23010319580121****42").is_empty());
        assert!(found(&format!("残疾人证号：{a}85")).is_empty());
        assert!(found(&format!("残疾人证号：{a}15")).is_empty());
        assert!(found(&format!("证书编号：{a}12")).is_empty());
        assert!(found("残疾人证号：110105********100143")
            .iter()
            .all(|m| m.2 != Mask::None));
    }

    #[test]
    fn ids_split_over_columns_of_a_row() {
        let a = id("11010519600101100");
        let x = id_x("44030519850214");
        // hits: 6 | 12 and 6 | 8 | 4 in csv, tab-separated and piped rows, after a name or
        // on a line with an ID label
        for (t, v) in [
            (format!("1,张三,{},{},1500", &a[..6], &a[6..]), &a),
            (
                format!("1\t张三\t{}\t{}\t{}\t1500", &a[..6], &a[6..14], &a[14..]),
                &a,
            ),
            (format!("| 李四 | 男 | {} | {} |", &x[..6], &x[6..]), &x),
            (format!("\"王五\",\"{}\",\"{}\"", &a[..14], &a[14..]), &a),
            (
                format!(
                    "身份证号（前6位）,身份证号（后12位）;{};{}",
                    &a[..6],
                    &a[6..]
                ),
                &a,
            ),
        ] {
            let got = found(&t);
            assert!(got.contains(&(RID, v.clone(), Mask::None)), "{t}: {got:?}");
        }
        // near misses: a region code, a date and a count with no name on the row; a row label
        // a surname starts; a split that fails the check; parts glued to more digits
        let miss = |t: String| {
            let got = found(&t);
            assert!(got.iter().all(|m| m.0 != RID), "{t}: {got:?}");
        };
        miss(format!("{},{},{},1500", &a[..6], &a[6..14], &a[14..]));
        miss(format!(
            "全市合计\t{}\t{}\t{}",
            &a[..6],
            &a[6..14],
            &a[14..]
        ));
        let mut bad = a.clone().into_bytes();
        bad[17] = if bad[17] == b'1' { b'2' } else { b'1' };
        let bad = String::from_utf8(bad).unwrap();
        miss(format!("1,张三,{},{},1500", &bad[..6], &bad[6..]));
        miss(format!("1,张三,{},{}7,1500", &a[..6], &a[6..]));
        miss(format!("1,张三,9{},{},1500", &a[..6], &a[6..]));
    }

    #[test]
    fn amounts_and_angles_are_no_mobiles_or_positions() {
        for t in [
            "中标价：13856247800（元）",
            "成交价：13856247800(人民币元)",
            "投标报价（元）：18844021478",
            "年平均气温17.2583℃",
            "坡度35.2516°",
        ] {
            let got = found(t);
            assert!(got.is_empty(), "{t}: {got:?}");
        }
        for t in [
            "全年营业收入13582460000\n元，上缴税金",
            "总产值13582460000 万元",
            "用电量13582460000万千瓦时",
            "合计13582460000亿",
        ] {
            let got = found(t);
            assert!(got.is_empty(), "{t}: {got:?}");
        }
        // near misses: a phone number beside a price, a position in degrees, a list's next
        // line starting with the surname 万 or 元, 元旦, a phone word before 万元户
        assert_eq!(found("联系电话：13856247800，报价 1200 元").len(), 1);
        for t in [
            "手机13812345678\n万勇",
            "张三,13812345678\n万芳,13912345678",
            "李四 13812345678\n元芳",
            "值班13812345678\n元旦期间",
            "联系电话13812345678 万元户走访",
            "13812345678 万芳",
        ] {
            assert!(
                found(t).iter().any(|m| m.1 == "13812345678"),
                "{t}: {:?}",
                found(t)
            );
        }
        assert_eq!(
            found("东经113.9423°").first().map(|m| m.0),
            Some("geo_coordinate")
        );
    }

    #[test]
    fn mobiles_in_unusual_groupings_after_a_phone_word() {
        for t in [
            "联系人：李明，手机：159.2384.7165",
            "电话 159—2384—7165",
            "Tel: 159·2384·7165",
        ] {
            assert_eq!(
                found(t),
                vec![(MOB, "15923847165".to_string(), Mask::None)],
                "{t}"
            );
        }
        // near misses: no phone word, mixed separators, a longer dotted number, a bad prefix
        for t in [
            "版本 159.2384.7165",
            "手机：159.2384—7165",
            "手机：159.2384.7165.2",
            "手机：129.2384.7165",
            "电话 1159.2384.7165",
        ] {
            assert!(found(t).iter().all(|m| m.0 != MOB), "{t}");
        }
    }

    #[test]
    fn a_number_written_as_a_card_is_one_number() {
        // a 19-digit account in fours whose first 16 digits pass the Luhn check, the whole not
        let c16 = card("622848079026409");
        let whole = (0..10)
            .map(|d| format!("{c16}{d}{d}3"))
            .find(|w| !luhn(w.as_bytes()))
            .unwrap();
        let spaced: String = whole
            .as_bytes()
            .chunks(4)
            .map(|g| std::str::from_utf8(g).unwrap())
            .collect::<Vec<_>>()
            .join(" ");
        for t in [format!("编号：{spaced}"), format!("存折账号：{spaced}")] {
            assert!(
                found(&t).iter().all(|m| m.0 != CARD),
                "{t}: {:?}",
                found(&t)
            );
        }
        // near misses: the whole number valid is a card; a 16-digit card alone is one
        let valid = card(&whole[..18]);
        let spaced_valid: String = valid
            .as_bytes()
            .chunks(4)
            .map(|g| std::str::from_utf8(g).unwrap())
            .collect::<Vec<_>>()
            .join(" ");
        assert!(found(&format!("卡号：{spaced_valid}"))
            .iter()
            .any(|m| m.0 == CARD));
        assert!(found(&format!("卡号：{c16}")).iter().any(|m| m.0 == CARD));
        // a masked ID and a count after it are no card
        for t in [
            "王伟，身份证号420102********1236 1级",
            "1 王伟 420102********1236 3人",
        ] {
            let got = found(t);
            assert!(got.iter().all(|m| m.0 != CARD), "{t}: {got:?}");
            assert!(
                got.iter().any(|m| m.0 == RID && m.2 == Mask::Proper),
                "{t}: {got:?}"
            );
        }
    }

    #[test]
    fn identifiers_spaced_at_odd_places() {
        let a = id("37020319920712683");
        let odd = format!(
            "{} {} {} {} {} {}",
            &a[..3],
            &a[3..6],
            &a[6..8],
            &a[8..12],
            &a[12..15],
            &a[15..]
        );
        for t in [
            odd.clone(),
            format!("1 吴英萍 女 {odd}"),
            format!("{odd} 37 02 8570 9945"),
        ] {
            assert!(
                found(&t).iter().any(|m| m.0 == RID && m.1 == a),
                "{t}: {:?}",
                found(&t)
            );
        }
        assert_eq!(
            found("来电号码：139 12 345 678，请回复。"),
            vec![(MOB, "13912345678".to_string(), Mask::None)]
        );
        let c = card("622848079026409488");
        let t = format!("“一卡通”账号：{} {} {}", &c[..6], &c[6..10], &c[10..]);
        assert!(found(&t).iter().any(|m| m.0 == CARD && m.1 == c), "{t}");
        // near misses: a bad check character, a mobile shape without a phone word, a card
        // shape without a card word, figures of a table row
        let mut bad = a.clone().into_bytes();
        bad[17] = if bad[17] == b'1' { b'2' } else { b'1' };
        let bad = String::from_utf8(bad).unwrap();
        let t = format!(
            "{} {} {} {}",
            &bad[..3],
            &bad[3..8],
            &bad[8..12],
            &bad[12..]
        );
        assert!(found(&t).iter().all(|m| m.0 != RID), "{t}");
        assert!(found("合计 139 12 345 678 户").iter().all(|m| m.0 != MOB));
        let t = format!("编号 {} {} {}", &c[..6], &c[6..10], &c[10..]);
        assert!(found(&t).iter().all(|m| m.0 != CARD), "{t}");
        assert!(found("2024 12 31 1234 56 78 90").iter().all(|m| m.0 != RID));
    }

    #[test]
    fn numbers_in_exponent_form() {
        // every digit written: the number it stands for
        for t in [
            "张三,1.3590329824E+10",
            "张三,1.3590329824E10",
            "电话 1.3590329824e+10",
        ] {
            assert_eq!(
                found(t),
                vec![(MOB, "13590329824".to_string(), Mask::None)],
                "{t}"
            );
        }
        let a = id("33010619900101123");
        let lit = format!("{}.{}E+17", &a[..1], &a[1..15]);
        let got = found(&format!("身份证号,{lit}"));
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].0, RID);
        // near misses: an amount that leaves digits out, a float that is no integer, a
        // literal glued to letters
        for t in [
            "总额1.5E+10元",
            "1.5E+10",
            "1.3590329824E+5",
            "x1.3590329824E+10",
            "1.3590329824E+10kg",
        ] {
            let got = found(t);
            assert!(got.iter().all(|m| m.0 != MOB), "{t}: {got:?}");
        }
    }

    #[test]
    fn a_masked_tail_and_the_next_number_are_no_identifier() {
        // a wrapped masked ID's tail, then a 12-digit exam number that starts with a date
        for t in ["准考证 **1406 202404280253", "**1406 202404280253"] {
            let got = found(t);
            assert!(got.iter().all(|m| m.0 != RID), "{t}: {got:?}");
        }
        // near misses: masked forms written in groups are still read
        for t in [
            "身份证号 330111 ******** 1406",
            "身份证号 ****** 19900307 1234",
            "身份证号 330111********1406",
        ] {
            assert!(found(t).iter().any(|m| m.0 == RID), "{t}: {:?}", found(t));
        }
    }

    #[test]
    fn masked_ids_behind_a_letter() {
        // hits: a birth date or a year left visible is insufficient; a proper mask is proper
        for (t, v, mk) in [
            (
                "操作证号：T43010319860830****",
                "43010319860830****",
                Mask::Insufficient,
            ),
            (
                "学籍号：G4301031987****9401",
                "4301031987****9401",
                Mask::Insufficient,
            ),
            ("T430103********2710", "430103********2710", Mask::Proper),
        ] {
            let got = found(t);
            assert_eq!(got, vec![(RID, v.to_string(), mk)], "{t}");
        }
        // near misses: the region masked, a date that is none, two letters
        for t in [
            "T4301**19860830****",
            "T43010319861330****",
            "AB4301031986083****",
        ] {
            let got = found(t);
            assert!(got.iter().all(|m| m.0 != RID), "{t}: {got:?}");
        }
    }

    #[test]
    fn passports_written_with_spaces() {
        for (t, v) in [
            ("出国人员张三，护照号码：E 5271 8394", "E52718394"),
            ("护照号：EA 123 4567", "EA1234567"),
            ("港澳通行证 C 1234 5678", "C12345678"),
        ] {
            let got = found(t);
            assert!(
                got.iter()
                    .any(|m| m.1 == v && m.2 == Mask::None && m.0 != RID),
                "{t}: {got:?}"
            );
        }
        // near misses: no document word, the wrong length, a letter glued to a word
        for t in [
            "E 5271 8394",
            "护照号码：E 5271 839",
            "护照号码：NE 5271 8394",
            "护照 ABE 5271 8394",
        ] {
            let got = found(t);
            assert!(got.is_empty(), "{t}: {got:?}");
        }
    }

    #[test]
    fn unionpay_19_digit_card_with_id_like_tail() {
        // seen in the benchmark corpus: the last 18 digits read as a resident ID born 1882
        assert_eq!(
            found("卡号6217997188209213711。"),
            vec![(CARD, "6217997188209213711".to_string(), Mask::None)]
        );
    }

    #[test]
    fn other_kinds_table() {
        let u1 = uscc("91330106MA27XY123");
        let u1_bad = format!("{}{}", &u1[..17], if u1.ends_with('0') { '1' } else { '0' });
        let rows = vec![
            // landline
            row(
                "电话0571-87654321。",
                "cn_landline",
                "057187654321",
                Mask::None,
            ),
            row(
                "电话(0571)87654321",
                "cn_landline",
                "057187654321",
                Mask::None,
            ),
            // area code written as its own group: the subscriber may start with 0/1
            row(
                "监督电话：029-01905740。",
                "cn_landline",
                "02901905740",
                Mask::None,
            ),
            row(
                "电话（0571）87654321",
                "cn_landline",
                "057187654321",
                Mask::None,
            ),
            row(
                "电话0571 8765 4321",
                "cn_landline",
                "057187654321",
                Mask::None,
            ),
            row(
                "电话010-62345678转",
                "cn_landline",
                "01062345678",
                Mask::None,
            ),
            row("电话02112345678", "", "", Mask::None), // subscriber starts with 1
            none("热线12345"),
            none("服务电话400-123-4567"),
            none("电话95588"),
            // uscc
            row(format!("信用代码{u1}。"), "cn_uscc", u1.clone(), Mask::None),
            none(format!("代码{u1_bad}。")),
            // passport / permit
            row(
                "护照号码：E12345678",
                "cn_passport",
                "E12345678",
                Mask::None,
            ),
            row(
                "Passport No. EA1234567",
                "cn_passport",
                "EA1234567",
                Mask::None,
            ),
            row("护照DE1234567", "cn_passport", "DE1234567", Mask::None),
            row("护照号E1234****", "cn_passport", "E1234****", Mask::Proper),
            row(
                "护照号E123456**",
                "cn_passport",
                "E123456**",
                Mask::Insufficient,
            ),
            none("型号E12345678"),
            none("护照EI1234567"),
            row(
                "往来港澳通行证C12345678",
                "cn_hk_macau_permit",
                "C12345678",
                Mask::None,
            ),
            row(
                "回乡证H1234567890",
                "cn_hk_macau_permit",
                "H1234567890",
                Mask::None,
            ),
            none("编号H12345678"),
            // email
            row(
                "邮箱zhang.san@example.gov.cn。",
                "email",
                "zhang.san@example.gov.cn",
                Mask::None,
            ),
            row("邮箱z***@163.com", "email", "z***@163.com", Mask::Proper),
            // plates
            row("车牌京A12345，", "cn_vehicle_plate", "京A12345", Mask::None),
            row(
                "车牌粤B·D12345停",
                "cn_vehicle_plate",
                "粤BD12345",
                Mask::None,
            ),
            row("车牌沪A12345D", "cn_vehicle_plate", "沪A12345D", Mask::None),
            none("京A123456789"),
            none("新ABCDEF"),
            // ip
            row(
                "地址192.168.1.100。",
                "ip_address",
                "192.168.1.100",
                Mask::None,
            ),
            none("版本1.2.3.4.5"),
            none("地址256.1.1.1"),
            // geo
            row(
                "东经120.123456°",
                "geo_coordinate",
                "120.123456",
                Mask::None,
            ),
            row("纬度30.1234", "geo_coordinate", "30.1234", Mask::None),
            row("纬度30.123", "geo_coordinate", "30.123", Mask::None),
            row("N30.5", "geo_coordinate", "30.5", Mask::None),
            none("金额123.4567万元"),
            none("增长12.3456%"),
            none("经度200.1234"),
        ];
        check_rows(&rows);
        let g = rec().find("位于东经120°12'34.5\"，北纬30°15′20″");
        assert_eq!(g.len(), 2, "{g:?}");
        assert!(g.iter().all(|m| m.kind == IdKind::GeoCoordinate && m.fine));
        let g = rec().find("东经120°12'");
        assert_eq!(g.len(), 1);
        assert!(!g[0].fine);
        let g = rec().find("经度120.1234，纬度30.12");
        assert_eq!(g.len(), 2);
        assert!(g[0].fine && !g[1].fine);
        // both values of a pair, the second with no context word of its own; map link
        // parameters are context
        for t in [
            "经纬度（东经,北纬）：113.942311,22.540503",
            "https://api.map.baidu.com/marker?location=22.540503,113.942311&title=x",
            "https://uri.amap.com/marker?position=113.942311,22.540503",
        ] {
            let g = rec().find(t);
            assert_eq!(g.len(), 2, "{t}: {g:?}");
            assert!(
                g.iter().all(|m| m.kind == IdKind::GeoCoordinate && m.fine),
                "{t}"
            );
        }
        // a bare pair of precise values, a longitude and a latitude in either order
        for t in [
            "排污口1：103.741558, 36.077760",
            "排污口2：36.075886, 103.722334",
            "排污口3：(103.775681,36.073798)",
            "1,监测点,103.7416,36.0778,1523.5",
        ] {
            let g = rec().find(t);
            assert_eq!(g.len(), 2, "{t}: {g:?}");
            assert!(
                g.iter().all(|m| m.kind == IdKind::GeoCoordinate && m.fine),
                "{t}"
            );
        }
        // near misses: a pair of figures with no coordinate word, a list of amounts after one,
        // bare pairs that are figures (fixed places, percentages, units, two latitudes, three
        // decimals, a row of ratios)
        assert!(rec().find("单价113.942311,数量22.540503").is_empty());
        for t in [
            "得分 45.5000, 88.0000",
            "占比 45.1234%, 98.7654%",
            "45.1234, 98.7654万元",
            "36.1234, 22.5678",
            "103.741, 36.077",
            "12.3456,45.1234,98.7654,33.2211",
            "指数 103.7416, 36.0778, 88.1234",
            "0301,乔木林地,126.7568,31.3668,95.3900,7.42",
            "08H2,科教文卫用地,103.1165,45.9965,57.1200,8.20",
        ] {
            let g = rec().find(t);
            assert!(g.is_empty(), "{t}: {g:?}");
        }
        let g = rec().find("纬度30.1234。本项目总投资估算及资金来源如下，单价与数量：120.5,88.25");
        assert_eq!(g.len(), 1, "{g:?}");
    }

    #[test]
    fn mixed_row_sorted_non_overlapping() {
        let a = id("33010619900101123");
        let c = card("622848001234567890");
        let t = format!("张三 {a} 13800138000 卡号{c} 邮箱a@b.cn 车牌京A12345");
        let got = rec().find(&t);
        let kinds: Vec<_> = got.iter().map(|m| m.kind.as_str()).collect();
        assert_eq!(kinds, vec![RID, MOB, CARD, "email", "cn_vehicle_plate"]);
        for w in got.windows(2) {
            assert!(w[0].end <= w[1].start);
        }
        assert!(rec().find("普通中文文本，没有任何号码。").is_empty());
        assert!(rec().find("").is_empty());
    }

    #[test]
    fn redact_removes_identifiers() {
        let a = id("33010619900101123");
        let x = id_x("44030819850715");
        let c16 = card("622848001234567");
        let c19 = card("622848001234567890");
        let mut samples: Vec<(String, String)> = vec![
            (a.clone(), a.clone()),
            (x.clone(), x.clone()),
            (format!("{} {} {}", &a[..6], &a[6..14], &a[14..]), a.clone()),
            (format!("{}-{}-{}", &a[..6], &a[6..14], &a[14..]), a.clone()),
            ("13800138000".into(), "13800138000".into()),
            ("138-0013-8000".into(), "13800138000".into()),
            ("+86 138 0013 8000".into(), "13800138000".into()),
            (c16.clone(), c16.clone()),
            (c19.clone(), c19.clone()),
            (
                format!(
                    "{} {} {} {} {}",
                    &c19[..4],
                    &c19[4..8],
                    &c19[8..12],
                    &c19[12..16],
                    &c19[16..]
                ),
                c19.clone(),
            ),
            ("E12345678".into(), "12345678".into()),
            ("DE1234567".into(), "1234567".into()),
            ("C12345678".into(), "12345678".into()),
            ("H1234567890".into(), "1234567890".into()),
            ("330106900101123".into(), "330106900101123".into()),
        ];
        for seq in 0..20 {
            let v = id(&format!(
                "110105198{}0{}1{}{:03}",
                seq % 10,
                seq % 9 + 1,
                seq % 9,
                seq * 7
            ));
            samples.push((v.clone(), v));
        }
        for (shown, raw) in &samples {
            let r = redact(&format!("号码{shown}。"));
            assert!(!r.contains(raw.as_str()), "{shown} -> {r}");
            assert!(!r.contains(shown.as_str()), "{shown} -> {r}");
            assert!(r.starts_with("号码") && r.ends_with('。'));
            // every identifier found in the text is also gone
            assert!(rec()
                .find(&r)
                .iter()
                .all(|m| m.mask != Mask::None || m.kind == IdKind::Landline));
        }
        assert_eq!(redact("号码13800138000。"), "号码138******00。");
        assert_eq!(redact("邮箱zhangsan@example.com"), "邮箱z***@example.com");
        assert_eq!(redact("2024年3月5日，共12人"), "2024年3月5日，共12人");
        assert_eq!(redact("护照E12345678"), "护照E******78");
    }

    #[test]
    fn display_masks() {
        assert_eq!(
            mask_for_display(IdKind::ResidentId, "33010619900101123X"),
            "330106********123X"
        );
        assert_eq!(
            mask_for_display(IdKind::Mobile, "13812345678"),
            "138****5678"
        );
        assert_eq!(
            mask_for_display(IdKind::BankCard, "6228480012345678901"),
            "622848*********8901"
        );
        assert_eq!(
            mask_for_display(IdKind::Email, "zhangsan@x.cn"),
            "z***@x.cn"
        );
        assert_eq!(
            mask_for_display(IdKind::ResidentId, "440308********1234"),
            "440308********1234"
        );
        let p = mask_for_display(IdKind::Passport, "E12345678");
        assert_eq!(p.chars().count(), 9);
        assert!(p.contains('*') && !p.contains("2345"));
    }

    #[test]
    fn ranges_cover_the_identifier() {
        for (t, want) in [
            ("电话（0571）87654321。", "（0571）87654321"),
            ("电话(0571) 8765-4321。", "(0571) 8765-4321"),
            ("手机138-0013-8000，", "138-0013-8000"),
            ("号码 330106 19900101 123X 止", "330106 19900101 123X"),
        ] {
            let got = rec().find(t);
            assert_eq!(got.len(), 1, "{t}: {got:?}");
            assert_eq!(&t[got[0].start..got[0].end], want);
        }
    }

    /// Pseudo-random mixes of tricky fragments: no panic, ranges on char boundaries, sorted,
    /// non-overlapping; redact output is valid and keeps no long digit run.
    #[test]
    fn fuzz_fragments() {
        let frags = [
            "身份证",
            "330106",
            "19900101",
            "123",
            "X",
            "x",
            " ",
            "-",
            "(",
            ")",
            "（",
            "）",
            "*",
            "×",
            "●",
            "＊",
            "#",
            ".",
            "°",
            "′",
            "″",
            "'",
            "\"",
            "度",
            "经度",
            "纬度",
            "N",
            "E",
            "@",
            "a",
            "护照",
            "E",
            "通行证",
            "C",
            "京",
            "A",
            "138",
            "0013",
            "8000",
            "+86",
            "6228",
            "0571",
            "卡号",
            "12",
            "7",
            "。",
            "，",
            "é",
            "😀",
            "255",
            "1",
            "0",
        ];
        let mut seed: u64 = 0x9E3779B97F4A7C15;
        for _ in 0..3000 {
            let mut t = String::new();
            for _ in 0..(seed % 40) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                t.push_str(frags[(seed % frags.len() as u64) as usize]);
            }
            let got = rec().find(&t);
            for m in &got {
                assert!(
                    m.start < m.end && t.is_char_boundary(m.start) && t.is_char_boundary(m.end),
                    "{t:?} {m:?}"
                );
            }
            for w in got.windows(2) {
                assert!(w[0].end <= w[1].start, "{t:?} {got:?}");
            }
            let r = redact(&t);
            let mut run = 0;
            for c in r.bytes() {
                run = if c.is_ascii_digit() { run + 1 } else { 0 };
                assert!(run < 7, "{t:?} -> {r:?}");
            }
        }
    }

    #[test]
    fn recognizer_is_send_sync() {
        fn f<T: Send + Sync>() {}
        f::<IdRecognizer>();
    }
}
