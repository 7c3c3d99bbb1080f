//! Normalization for matching: NFKC (full-width → half-width), zero-width and other format
//! characters removed, spaces between CJK characters bridged, traditional → simplified — with
//! a sparse offset map so every hit points back into the original text.

use std::sync::OnceLock;
use unicode_normalization::UnicodeNormalization;

/// Normalized text plus a map back to the original.
#[derive(Debug, Clone)]
pub struct Normalized {
    pub text: String,
    /// Breakpoints `(normalized byte offset, original byte offset)`, strictly increasing in the
    /// first field; between breakpoints the two advance together.
    map: Vec<(u32, u32)>,
    orig_len: usize,
}

impl Normalized {
    /// Original byte offset of a normalized byte offset (for a start: the char that produced it).
    pub fn orig(&self, norm: usize) -> usize {
        if norm >= self.text.len() {
            return self.orig_len;
        }
        let i = match self.map.binary_search_by_key(&(norm as u32), |p| p.0) {
            Ok(i) => i,
            Err(0) => return norm.min(self.orig_len),
            Err(i) => i - 1,
        };
        let (n0, o0) = self.map[i];
        ((o0 as usize) + (norm - n0 as usize)).min(self.orig_len)
    }

    /// Original byte offset for an exclusive end offset.
    pub fn orig_end(&self, norm_end: usize) -> usize {
        if norm_end >= self.text.len() {
            return self.orig_len;
        }
        self.orig(norm_end)
    }
}

fn t2s_table() -> &'static [u32] {
    static T: OnceLock<Vec<u32>> = OnceLock::new();
    T.get_or_init(build_t2s)
}

const T2S_LO: u32 = 0x3400;
const T2S_HI: u32 = 0xA000;

/// Single-character traditional → simplified map over the CJK blocks, derived once per run
/// from OpenCC's T2S tables (ferrous-opencc); 0 means "unchanged".
fn build_t2s() -> Vec<u32> {
    let mut table = vec![0u32; (T2S_HI - T2S_LO) as usize];
    let Ok(cc) = ferrous_opencc::OpenCC::from_config(ferrous_opencc::config::BuiltinConfig::T2s)
    else {
        return table;
    };
    let mut src = String::with_capacity(((T2S_HI - T2S_LO) * 4) as usize);
    for cp in T2S_LO..T2S_HI {
        if let Some(c) = char::from_u32(cp) {
            src.push(c);
            src.push('\n');
        }
    }
    let out = cc.convert(&src);
    let mut src_lines = src.split('\n');
    for line in out.split('\n') {
        let Some(orig) = src_lines.next() else { break };
        let (mut oc, mut nc) = (orig.chars(), line.chars());
        if let (Some(o), None, Some(n), None) = (oc.next(), oc.next(), nc.next(), nc.next()) {
            if o != n {
                let idx = o as u32 - T2S_LO;
                table[idx as usize] = n as u32;
            }
        }
    }
    table
}

/// Traditional → simplified for one character (identity when unknown).
#[inline]
pub fn t2s_char(c: char) -> char {
    let cp = c as u32;
    if (T2S_LO..T2S_HI).contains(&cp) {
        let v = t2s_table()[(cp - T2S_LO) as usize];
        if v != 0 {
            return char::from_u32(v).unwrap_or(c);
        }
    }
    c
}

/// Characters removed before matching: zero-width, bidi controls, soft hyphen, BOM, other Cf.
#[inline]
pub fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
        | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}' | '\u{3164}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}' | '\u{FFA0}'
        | '\u{FFF9}'..='\u{FFFB}' | '\u{1D173}'..='\u{1D17A}' | '\u{E0000}'..='\u{E007F}')
}

/// Han characters (and CJK punctuation that sits between words) for bridging spaces.
#[inline]
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

#[inline]
fn is_hspace(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t' | '\u{00A0}' | '\u{3000}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}'
    )
}

/// What a run of horizontal whitespace becomes: one space, or a tab for a column gap (a tab
/// in it, or two or more characters).
#[inline]
fn gap_char(wide: bool, chars: usize) -> char {
    if wide || chars > 1 {
        '\t'
    } else {
        ' '
    }
}

/// Record a breakpoint when `out_len` would not map to `orig_off` by lockstep advance.
#[inline]
fn mark(map: &mut Vec<(u32, u32)>, out_len: usize, orig_off: usize) {
    let predicted = match map.last() {
        Some(&(n, o)) => o as usize + (out_len - n as usize),
        None => out_len,
    };
    if predicted != orig_off {
        map.push((out_len as u32, orig_off as u32));
    }
}

/// Normalize `orig` for matching.
pub fn normalize(orig: &str) -> Normalized {
    let mut out = String::with_capacity(orig.len());
    let mut map: Vec<(u32, u32)> = Vec::new();
    // pending run of horizontal whitespace (original byte offset of its start); it becomes one
    // space, or a tab when it holds a tab or more than one character (a column gap of an
    // aligned table: numbers on either side of it are separate cells, not one identifier
    // written in groups)
    let mut pending_space: Option<usize> = None;
    let mut pending_wide = false;
    let mut pending_chars = 0usize;
    let mut last_out_cjk = false;
    let mut buf = [0u8; 4];
    let bytes = orig.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        // fast path: copy a run of characters that normalization leaves alone in one go
        // (printable ASCII other than space/tab, and common CJK without a T→S mapping)
        if pending_space.is_none() {
            let run_start = i;
            let mut j = i;
            let mut last_cjk = last_out_cjk;
            while j < bytes.len() {
                let c0 = bytes[j];
                if c0 < 0x80 {
                    if c0 == b' ' || c0 == b'\t' {
                        break;
                    }
                    last_cjk = false;
                    j += 1;
                } else if (0xE4..=0xE9).contains(&c0) && j + 2 < bytes.len() {
                    // 3-byte sequence in U+4000..U+9FFF
                    let cp = ((c0 as u32 & 0x0F) << 12)
                        | ((bytes[j + 1] as u32 & 0x3F) << 6)
                        | (bytes[j + 2] as u32 & 0x3F);
                    if !(0x4E00..=0x9FFF).contains(&cp) || t2s_table()[(cp - T2S_LO) as usize] != 0
                    {
                        break;
                    }
                    last_cjk = true;
                    j += 3;
                } else if (c0 == 0xE3 || c0 == 0xE2) && j + 2 < bytes.len() {
                    // CJK punctuation 、。〈〉《》「」『』【】 and “”‘’—― are unchanged by NFKC
                    let cp = ((c0 as u32 & 0x0F) << 12)
                        | ((bytes[j + 1] as u32 & 0x3F) << 6)
                        | (bytes[j + 2] as u32 & 0x3F);
                    if !((0x3001..=0x3035).contains(&cp)
                        || matches!(cp, 0x2014 | 0x2015 | 0x2018..=0x201F))
                    {
                        break;
                    }
                    last_cjk = false;
                    j += 3;
                } else {
                    break;
                }
            }
            if j > run_start {
                mark(&mut map, out.len(), run_start);
                out.push_str(&orig[run_start..j]);
                last_out_cjk = last_cjk;
                i = j;
                continue;
            }
        }
        if b < 0x80 && b != b' ' && b != b'\t' {
            if let Some(ps) = pending_space.take() {
                mark(&mut map, out.len(), ps);
                out.push(gap_char(pending_wide, pending_chars));
            }
            mark(&mut map, out.len(), i);
            out.push(b as char);
            last_out_cjk = false;
            i += 1;
            continue;
        }
        let c = orig[i..].chars().next().unwrap_or('\u{FFFD}');
        let clen = c.len_utf8();
        if is_invisible(c) {
            i += clen;
            continue;
        }
        if is_hspace(c) {
            if pending_space.is_none() {
                pending_space = Some(i);
                pending_wide = false;
                pending_chars = 0;
            }
            pending_wide |= c == '\t';
            pending_chars += 1;
            i += clen;
            continue;
        }
        let cjk_now = is_cjk(c);
        if let Some(ps) = pending_space.take() {
            // spaces between two CJK characters are bridged (机 密 → 机密)
            if !(cjk_now && last_out_cjk) {
                mark(&mut map, out.len(), ps);
                out.push(gap_char(pending_wide, pending_chars));
            }
        }
        mark(&mut map, out.len(), i);
        if cjk_now && !(0xF900..=0xFAFF).contains(&(c as u32)) {
            out.push_str(t2s_char(c).encode_utf8(&mut buf));
            last_out_cjk = true;
        } else if matches!(c, '\u{2010}'..='\u{2013}' | '\u{2043}' | '\u{2212}') {
            // hyphens, figure dash, en dash, hyphen bullet and minus sign read as '-': an
            // identifier split by any of them is split by a hyphen (— and ― stay: prose dashes)
            out.push('-');
            last_out_cjk = false;
        } else if matches!(c, '\u{0425}' | '\u{0445}' | '\u{03A7}' | '\u{03C7}')
            && out.as_bytes().last().is_some_and(u8::is_ascii_digit)
        {
            // a Cyrillic or Greek look-alike of X right after a digit (an ID's check
            // character typed on another keyboard layout or pasted from a foreign form)
            out.push('X');
            last_out_cjk = false;
        } else if ('\u{FF01}'..='\u{FF5E}').contains(&c) {
            // full-width ASCII: NFKC is a fixed offset
            out.push(char::from_u32(c as u32 - 0xFEE0).unwrap_or(c));
            last_out_cjk = false;
        } else {
            let start_out = out.len();
            for n in c.nfkc() {
                if is_invisible(n) {
                    continue;
                }
                let n = if is_hspace(n) { ' ' } else { n };
                // every character of an expansion (`⑵` → `(2)`, `㍿` → `株式会社`) maps to
                // the start of the character that produced it, never into its middle
                if out.len() > start_out && map.last().is_none_or(|l| (l.0 as usize) < out.len()) {
                    map.push((out.len() as u32, i as u32));
                }
                out.push(if is_cjk(n) { t2s_char(n) } else { n });
            }
            if out.len() > start_out {
                last_out_cjk = out[start_out..].chars().last().map(is_cjk).unwrap_or(false);
            }
        }
        i += clen;
    }
    if let Some(ps) = pending_space.take() {
        mark(&mut map, out.len(), ps);
        out.push(gap_char(pending_wide, pending_chars));
    }
    Normalized {
        text: out,
        map,
        orig_len: orig.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Found by the `normalize` fuzz target: offsets inside an NFKC expansion must map to the
    /// start of the producing character, and the map must stay monotonic.
    #[test]
    fn expansions_map_to_char_starts() {
        for orig in ["⑵", "㍿中", "a⑵b", "㍿", "ﬁx", "第⑴条㈱"] {
            let n = normalize(orig);
            let mut last = 0;
            for (k, _) in n.text.char_indices().chain([(n.text.len(), ' ')]) {
                let o = n.orig(k);
                assert!(orig.is_char_boundary(o), "{orig:?}: orig({k}) = {o}");
                assert!(o >= last, "{orig:?}: orig({k}) = {o} < {last}");
                last = o;
            }
        }
        let n = normalize("㍿中");
        assert_eq!(n.text, "株式会社中");
        assert_eq!(n.orig(9), 0);
        assert_eq!(n.orig(12), 3);
    }

    fn check_roundtrip(orig: &str, needle_norm: &str, expect_orig: &str) {
        let n = normalize(orig);
        let s = n
            .text
            .find(needle_norm)
            .unwrap_or_else(|| panic!("{needle_norm:?} not in {:?}", n.text));
        let e = s + needle_norm.len();
        let (os, oe) = (n.orig(s), n.orig_end(e));
        assert_eq!(&orig[os..oe], expect_orig, "norm {:?}", n.text);
    }

    #[test]
    fn table() {
        // (original, normalized)
        let cases = [
            ("abc 123", "abc 123"),
            ("３３０１０６", "330106"),
            ("机\u{200B}密", "机密"),
            ("机 密", "机密"),
            ("秘　密★１年", "秘密★1年"),
            ("機密", "机密"),
            ("內部資料", "内部资料"),
            ("ＡＢＣ", "ABC"),
            ("电话 138 0013 8000", "电话 138 0013 8000"),
            ("号码\u{FEFF}13800138000", "号码13800138000"),
            // a column gap (a tab, or two or more spaces) stays a gap: a tab
            ("a\tb", "a\tb"),
            ("9684  1475   8628", "9684\t1475\t8628"),
            ("a \t b", "a\tb"),
            ("１３８　１２３４", "138 1234"),
            ("机\t\t密", "机密"),
            ("工作秘密　注意保管", "工作秘密注意保管"),
            ("中 文 abc", "中文 abc"),
            // dashes that read as hyphens become '-'; prose dashes stay
            ("138\u{2010}0013\u{2011}8000", "138-0013-8000"),
            ("138\u{2012}0013\u{2013}8000", "138-0013-8000"),
            ("330106\u{2212}19900101", "330106-19900101"),
            ("甲——乙―丙", "甲——乙―丙"),
            // a Cyrillic or Greek X after a digit is the check character; elsewhere a letter
            ("44030519850214305\u{0425}", "44030519850214305X"),
            ("3623\u{03C7}", "3623X"),
            ("\u{0425}абаровск 12", "\u{0425}абаровск 12"),
        ];
        for (o, want) in cases {
            assert_eq!(normalize(o).text, want, "input {o:?}");
        }
    }

    #[test]
    fn offsets_point_into_original() {
        check_roundtrip("前缀机\u{200B}密后缀", "机密", "机\u{200B}密");
        check_roundtrip(
            "号码：３３０１０６１９９００１０１１２３Ｘ。",
            "33010619900101123X",
            "３３０１０６１９９００１０１１２３Ｘ",
        );
        check_roundtrip("ab機密cd", "机密", "機密");
        check_roundtrip("第一行\n秘　密★１年\n", "秘密★1年", "秘　密★１年");
        check_roundtrip("x\u{200B}y 13800138000 z", "13800138000", "13800138000");
        check_roundtrip("中文\u{3000}\u{3000}abc", "abc", "abc");
    }

    #[test]
    fn ascii_is_identity() {
        let s = "plain ascii text, 123-456.";
        let n = normalize(s);
        assert_eq!(n.text, s);
        assert_eq!(n.orig(7), 7);
    }
}
