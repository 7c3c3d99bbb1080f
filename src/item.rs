//! An item is one file: its path, bytes, sha256 and the format decided by content (extension
//! only breaks ties between text-like formats). Also decodes text-like items to UTF-8.

use std::io::Cursor;
use std::path::Path;

/// Formats baomi recognizes. Text-like and office formats have extractors; the others are
/// recognized so they get a precise `unreadable` finding.
pub fn sniff(bytes: &[u8], path: &Path) -> &'static str {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase())
        .unwrap_or_default();
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return sniff_zip(bytes, &ext);
    }
    if bytes.starts_with(&crate::extract::ole::MAGIC) {
        return sniff_cfb(bytes, &ext);
    }
    let head = &bytes[..bytes.len().min(1024)];
    if is_pdf(bytes) {
        return "pdf";
    }
    if bytes.starts_with(b"{\\rtf") {
        return "rtf";
    }
    for (sig, fmt) in [
        (&b"\x89PNG"[..], "png"),
        (&b"\xFF\xD8\xFF"[..], "jpeg"),
        (&b"GIF8"[..], "gif"),
        (&b"II*\x00"[..], "tiff"),
        (&b"MM\x00*"[..], "tiff"),
        (&b"BM"[..], "bmp"),
        (&b"7z\xBC\xAF\x27\x1C"[..], "7z"),
        (&b"Rar!"[..], "rar"),
        (&b"\x1F\x8B"[..], "gzip"),
    ] {
        if bytes.starts_with(sig) && (fmt != "bmp" || bytes.len() > 26) {
            return fmt;
        }
    }
    if bytes.len() > 12 && &bytes[8..12] == b"WEBP" {
        return "webp";
    }
    // a MIME web page (Word's "single file web page", .mht, often renamed .doc): its HTML is
    // what is read (see decode_text); one whose HTML cannot be decoded is "mht", unreadable
    if crate::extract::mht::looks_like_mime(bytes) {
        use crate::extract::mht::{decode_mht, MhtError};
        match decode_mht(bytes, mht_cap()) {
            Ok(_) => return "html",
            Err(MhtError::NoHtml) => {}
            Err(MhtError::Undecodable | MhtError::TooLarge) => return "mht",
        }
    }
    if looks_binary(bytes) {
        return "unknown";
    }
    match ext.as_str() {
        "csv" | "tsv" => "csv",
        "html" | "htm" | "xhtml" | "shtml" => "html",
        "md" | "markdown" => "md",
        _ => {
            let lower: Vec<u8> = head
                .iter()
                .take(512)
                .map(|b| b.to_ascii_lowercase())
                .collect();
            let trimmed = trim_ascii_start(&lower);
            if trimmed.starts_with(b"<!doctype html") || trimmed.starts_with(b"<html") {
                "html"
            } else {
                "txt"
            }
        }
    }
}

fn trim_ascii_start(b: &[u8]) -> &[u8] {
    let b = b.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(b);
    let n = b.iter().take_while(|c| c.is_ascii_whitespace()).count();
    &b[n..]
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    hay.windows(needle.len()).position(|w| w == needle)
}

fn sniff_zip(bytes: &[u8], ext: &str) -> &'static str {
    let by_names = |names: &mut dyn Iterator<Item = String>| -> Option<&'static str> {
        let mut fmt = None;
        for n in names {
            match n.as_str() {
                "word/document.xml" => return Some("docx"),
                "xl/workbook.xml" => return Some("xlsx"),
                "xl/workbook.bin" => return Some("xlsb"),
                "OFD.xml" => return Some("ofd"),
                "content.xml" | "mimetype" => fmt = fmt.or(Some("odf")),
                _ => {}
            }
        }
        fmt
    };
    let fmt = match zip::ZipArchive::new(Cursor::new(bytes)) {
        Ok(z) => {
            let mut names = z
                .file_names()
                .filter_map(|s| s.ok())
                .map(|s| s.to_string())
                .collect::<Vec<_>>()
                .into_iter();
            by_names(&mut names)
        }
        Err(_) => {
            // damaged central directory: look for part names in the local headers
            let mut found = None;
            for (pat, f) in [
                (&b"word/document.xml"[..], "docx"),
                (&b"xl/workbook.xml"[..], "xlsx"),
                (&b"xl/workbook.bin"[..], "xlsb"),
                (&b"OFD.xml"[..], "ofd"),
            ] {
                if find(bytes, pat).is_some() {
                    found = Some(f);
                    break;
                }
            }
            found
        }
    };
    match fmt {
        Some("odf") => {
            if find(&bytes[..bytes.len().min(200)], b"opendocument.spreadsheet").is_some() {
                "ods"
            } else if find(&bytes[..bytes.len().min(200)], b"opendocument.text").is_some() {
                "odt"
            } else if ext == "ods" {
                "ods"
            } else {
                "zip"
            }
        }
        Some(f) => f,
        None => match ext {
            // a damaged office file keeps its claimed format so the extractor reports it
            "docx" | "docm" => "docx",
            "xlsx" | "xlsm" => "xlsx",
            "ods" => "ods",
            "ofd" => "ofd",
            _ => "zip",
        },
    }
}

fn utf16le(s: &str) -> Vec<u8> {
    s.encode_utf16().flat_map(|u| u.to_le_bytes()).collect()
}

fn sniff_cfb(bytes: &[u8], ext: &str) -> &'static str {
    let window = &bytes[..bytes.len().min(4 * 1024 * 1024)];
    if find(window, &utf16le("EncryptedPackage")).is_some() {
        return "encrypted_ooxml";
    }
    if find(window, &utf16le("WordDocument")).is_some() {
        return if ext == "wps" { "wps" } else { "doc" };
    }
    if find(window, &utf16le("Workbook")).is_some() || find(window, &utf16le("Book")).is_some() {
        return if ext == "et" { "et" } else { "xls" };
    }
    match ext {
        "wps" => "wps",
        "et" => "et",
        "doc" => "doc",
        "xls" => "xls",
        _ => "ole",
    }
}

/// NUL bytes (outside UTF-16) or many control bytes in the first 8 KiB. Trailing NUL padding
/// (left by some editors and FTP transfers) does not count.
fn looks_binary(bytes: &[u8]) -> bool {
    let untrimmed = bytes;
    let bytes = trim_trailing_nuls(bytes);
    let head = &bytes[..bytes.len().min(8192)];
    if head.starts_with(&[0xFF, 0xFE])
        || head.starts_with(&[0xFE, 0xFF])
        || utf32_bom(head).is_some()
    {
        return false;
    }
    if head.is_empty() {
        return false;
    }
    if memchr::memchr(0, head).is_some() {
        return utf16_alignment(untrimmed).is_none();
    }
    let ctrl = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0C | 0x1B))
        .count();
    if ctrl * 20 > head.len() {
        return true;
    }
    // invalid UTF-8 that is not plausible GB18030 or Big5 either
    if std::str::from_utf8(head).is_err() && !mostly_utf8(head) {
        let valid_prefix = match std::str::from_utf8(head) {
            Err(e) => e.valid_up_to(),
            Ok(_) => head.len(),
        };
        // tolerate a multi-byte char cut at the 8 KiB boundary
        if valid_prefix + 4 < head.len() {
            let bad_share = |enc: &'static encoding_rs::Encoding| {
                let (txt, _, had_err) = enc.decode(head);
                if !had_err {
                    return false;
                }
                let bad = txt.chars().filter(|&c| c == '\u{FFFD}').count();
                bad * 50 > txt.chars().count().max(1)
            };
            return bad_share(encoding_rs::GB18030) && bad_share(encoding_rs::BIG5);
        }
    }
    false
}

fn trim_trailing_nuls(bytes: &[u8]) -> &[u8] {
    let n = bytes.iter().rev().take_while(|&&b| b == 0).count();
    &bytes[..bytes.len() - n]
}

/// Whether a `%PDF-` signature makes this a PDF. Readers accept the signature anywhere in the
/// first KiB (a MacBinary, PJL or mail-gateway header before it), so it is looked for there;
/// but a text that merely mentions `%PDF-1.4` is text. A prefix counts as junk when it is only
/// whitespace/BOM or holds control bytes; a readable prefix makes a PDF only when the signature
/// starts a line and the file has PDF structure (an `obj` after it and `%%EOF` at the end).
fn is_pdf(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024)];
    let Some(i) = find(head, b"%PDF-") else {
        return false;
    };
    if i == 0 {
        return true;
    }
    let prefix = &head[..i];
    let p = prefix.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(prefix);
    if p.iter().all(|c| c.is_ascii_whitespace())
        || p.iter()
            .any(|&c| (c < 0x20 && !matches!(c, b'\n' | b'\r' | b'\t' | 0x0C)) || c == 0x7F)
    {
        return true;
    }
    let line_start = matches!(prefix.last(), Some(b'\n' | b'\r'));
    let tail = &bytes[bytes.len().saturating_sub(2048)..];
    line_start
        && find(tail, b"%%EOF").is_some()
        && memchr::memmem::find(&bytes[i..bytes.len().min(i + 64 * 1024)], b" obj").is_some()
}

/// UTF-16 without a BOM: in the first 4 KiB, ASCII code units (a NUL high byte) and nearly all
/// units plausible text (ASCII, Latin/Greek/Cyrillic, punctuation, CJK, Hangul, full-width
/// forms). Pure ASCII or GBK text is never taken for UTF-16: it has no NUL bytes.
pub fn utf16_without_bom(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    utf16_alignment(bytes).filter(|a| a.1 == 0).map(|a| a.0)
}

/// [`utf16_without_bom`] at either byte alignment: UTF-16 text after an odd-length binary
/// prefix (an export tool's header) read from offset 0 pairs each character's high byte with
/// the next one's low byte, which keeps ASCII and turns the Chinese into other Chinese, so
/// the reading with the fewest Latin-1 and control units wins. `(encoding, offset)`.
pub fn utf16_alignment(bytes: &[u8]) -> Option<(&'static encoding_rs::Encoding, usize)> {
    let mut best: Option<((&'static encoding_rs::Encoding, usize), i64)> = None;
    for off in [0usize, 1] {
        if let Some((enc, score)) = utf16_scored(bytes.get(off..).unwrap_or(&[])) {
            if best.as_ref().is_none_or(|b| score > b.1) {
                best = Some(((enc, off), score));
            }
        }
    }
    best.map(|b| b.0)
}

/// The UTF-16 reading of `bytes` from their first byte that passes the plausibility test,
/// with a score: plausible units, less twice the Latin-1 and C1 units (rare in Chinese text,
/// frequent in a misaligned reading).
fn utf16_scored(bytes: &[u8]) -> Option<(&'static encoding_rs::Encoding, i64)> {
    let n = bytes.len().min(4096) & !1;
    if n < 4 {
        return None;
    }
    let s = &bytes[..n];
    let plausible = |u: u16| {
        matches!(u, 0x09 | 0x0A | 0x0C | 0x0D
            | 0x20..=0x7E
            | 0xA0..=0x07FF
            | 0x2000..=0x27BF
            | 0x3000..=0x9FFF
            | 0xAC00..=0xD7A3
            | 0xF900..=0xFAFF
            | 0xFE30..=0xFE4F
            | 0xFF00..=0xFFEF)
    };
    for (enc, big_endian) in [
        (encoding_rs::UTF_16LE, false),
        (encoding_rs::UTF_16BE, true),
    ] {
        let units: Vec<u16> = s
            .chunks_exact(2)
            .map(|c| {
                if big_endian {
                    u16::from_be_bytes([c[0], c[1]])
                } else {
                    u16::from_le_bytes([c[0], c[1]])
                }
            })
            .collect();
        // trailing NUL units are padding
        let end = units.len() - units.iter().rev().take_while(|&&u| u == 0).count();
        let units = &units[..end];
        if units.len() < 2 {
            continue;
        }
        let (mut ok, mut ascii, mut latin1) = (0usize, 0usize, 0usize);
        let mut i = 0;
        while i < units.len() {
            let u = units[i];
            if (0xD800..0xDC00).contains(&u)
                && units
                    .get(i + 1)
                    .is_some_and(|v| (0xDC00..0xE000).contains(v))
            {
                ok += 2;
                i += 2;
                continue;
            }
            if plausible(u) {
                ok += 1;
                if u < 0x80 {
                    ascii += 1;
                }
            }
            if (0x80..0x100).contains(&u) {
                latin1 += 1;
            }
            i += 1;
        }
        if ok * 100 >= units.len() * 95 && ascii >= 2 && ascii * 50 >= units.len() {
            return Some((enc, ok as i64 - 2 * latin1 as i64));
        }
    }
    None
}

/// A UTF-32 byte-order mark: big-endian or not.
fn utf32_bom(b: &[u8]) -> Option<bool> {
    if b.starts_with(&[0xFF, 0xFE, 0, 0]) {
        Some(false)
    } else if b.starts_with(&[0, 0, 0xFE, 0xFF]) {
        Some(true)
    } else {
        None
    }
}

/// UTF-32 text after its BOM (encoding_rs has no UTF-32): invalid code points become U+FFFD.
fn decode_utf32(b: &[u8], big_endian: bool) -> Decoded {
    let mut malformed = false;
    let text: String = b[4..]
        .chunks_exact(4)
        .map(|c| {
            let u = if big_endian {
                u32::from_be_bytes([c[0], c[1], c[2], c[3]])
            } else {
                u32::from_le_bytes([c[0], c[1], c[2], c[3]])
            };
            char::from_u32(u).unwrap_or_else(|| {
                malformed = true;
                '\u{FFFD}'
            })
        })
        .collect();
    Decoded {
        text: trim_nul_chars(text),
        encoding: if big_endian { "UTF-32BE" } else { "UTF-32LE" },
        malformed,
    }
}

/// UTF-8 statistics: valid multi-byte characters, invalid sequences (a sequence cut by the end
/// of the data is not counted) and valid 3- or 4-byte characters.
#[derive(Debug, Default, Clone, Copy)]
struct Utf8Stats {
    good_multi: usize,
    bad: usize,
}

fn utf8_stats(bytes: &[u8]) -> Utf8Stats {
    let mut st = Utf8Stats::default();
    let mut rest = bytes;
    loop {
        match simdutf8::compat::from_utf8(rest) {
            Ok(_) => {
                st.good_multi += rest.iter().filter(|&&b| b >= 0xC0).count();
                return st;
            }
            Err(e) => {
                let (ok, tail) = rest.split_at(e.valid_up_to());
                st.good_multi += ok.iter().filter(|&&b| b >= 0xC0).count();
                match e.error_len() {
                    Some(n) => {
                        st.bad += 1;
                        rest = &tail[n..];
                    }
                    None => return st, // truncated at the end
                }
            }
        }
    }
}

/// UTF-8 with at most a cut last character or a few stray bytes: every invalid sequence is
/// outnumbered ten to one by valid multi-byte characters, over the whole data. (Counting the
/// bad sequences against all characters let GBK text with little Chinese among many ASCII
/// digits pass for UTF-8 and lose its marking: a GBK pair is often valid UTF-8 by chance.)
pub fn mostly_utf8(bytes: &[u8]) -> bool {
    let st = utf8_stats(bytes);
    st.good_multi > 0 && st.good_multi >= 10 * st.bad
}

/// Double-byte statistics of a legacy CJK encoding read over the bytes: pairs that decode to
/// an ideograph, how many of them fall in the encoding's frequent-character level (GB 2312
/// level 1, B0A1–D7F9; Big5 level 1, A440–C67E), and invalid bytes. Text read in its own
/// encoding has nearly all its ideographs in level 1; read in the other one, about half.
#[derive(Debug, Default)]
struct PairStats {
    pairs: usize,
    common: usize,
    err: usize,
}

fn pair_stats(s: &[u8], big5: bool) -> PairStats {
    let mut st = PairStats::default();
    let mut i = 0;
    while i < s.len() {
        let b = s[i];
        if b < 0x80 {
            i += 1;
            continue;
        }
        if !(0x81..=0xFE).contains(&b) {
            st.err += 1;
            i += 1;
            continue;
        }
        let Some(&t) = s.get(i + 1) else { break };
        if big5 {
            if (0x40..=0x7E).contains(&t) || (0xA1..=0xFE).contains(&t) {
                if !(0xA1..=0xA3).contains(&b) {
                    st.pairs += 1;
                    if (0xA4..=0xC5).contains(&b) || (b == 0xC6 && t <= 0x7E) {
                        st.common += 1;
                    }
                }
                i += 2;
            } else {
                st.err += 1;
                i += 1;
            }
            continue;
        }
        if (0x30..=0x39).contains(&t) {
            // GB18030 four-byte sequence
            if s.get(i + 2).is_some_and(|c| (0x81..=0xFE).contains(c))
                && s.get(i + 3).is_some_and(|c| (0x30..=0x39).contains(c))
            {
                st.pairs += 1;
                i += 4;
            } else {
                st.err += 1;
                i += 1;
            }
            continue;
        }
        if (0x40..=0xFE).contains(&t) && t != 0x7F {
            if !(0xA1..=0xA9).contains(&b) {
                st.pairs += 1;
                if (0xB0..=0xD7).contains(&b) && t >= 0xA1 {
                    st.common += 1;
                }
            }
            i += 2;
        } else {
            st.err += 1;
            i += 1;
        }
    }
    st
}

/// The legacy encoding of text that is not UTF-8: GB18030 (a superset of GBK and GB 2312, what
/// Excel and WPS write on Chinese Windows) unless the bytes read clearly better as Big5
/// (Traditional Chinese from Taiwan or Hong Kong, where `機密★` would otherwise be lost).
/// Big5 needs no more invalid bytes than GB18030 and a frequent-character share at least 0.2
/// higher, or chardetng (Mozilla's detector, run without the `.cn` hint that makes it answer
/// GBK whenever in doubt) choosing Big5 and a higher share. Other encodings chardetng is sure
/// of with the `.cn` hint (Shift_JIS, EUC-KR…) are kept.
fn legacy_encoding(bytes: &[u8]) -> &'static encoding_rs::Encoding {
    let sample = &bytes[..bytes.len().min(1 << 20)];
    let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    det.feed(sample, sample.len() == bytes.len());
    let gb = pair_stats(sample, false);
    let b5 = pair_stats(sample, true);
    if b5.pairs > 0 && b5.err <= gb.err {
        let share = |s: &PairStats| s.common as f64 / s.pairs.max(1) as f64;
        let (sb, sg) = (share(&b5), share(&gb));
        let det_big5 = det.guess(None, chardetng::Utf8Detection::Allow) == encoding_rs::BIG5;
        if sb >= sg + 0.2 || (det_big5 && sb > sg) {
            return encoding_rs::BIG5;
        }
    }
    let enc = det.guess(Some(b"cn"), chardetng::Utf8Detection::Allow);
    if enc == encoding_rs::GBK
        || enc == encoding_rs::UTF_8
        || enc == encoding_rs::WINDOWS_1252
        || enc == encoding_rs::BIG5
        || gb.pairs > 0 && gb.err == 0
    {
        encoding_rs::GB18030
    } else {
        enc
    }
}

/// A line that is valid UTF-8 holding Chinese (3-byte characters, mostly CJK or CJK
/// punctuation): in a file that is otherwise GBK it is a pasted UTF-8 line (a marking line
/// typed in one editor, the body pasted from another). GBK text of frequent characters never
/// forms 3-byte UTF-8 sequences (its lead bytes B0–D7 are UTF-8 continuation or 2-byte leads).
fn utf8_cjk_line(line: &[u8]) -> bool {
    let Ok(s) = std::str::from_utf8(line) else {
        return false;
    };
    let (mut wide, mut cjk, mut other) = (0usize, 0usize, 0usize);
    for c in s.chars().filter(|c| !c.is_ascii()) {
        let u = c as u32;
        if c.len_utf8() >= 3 {
            wide += 1;
        }
        if matches!(u, 0x2000..=0x27BF | 0x3000..=0x9FFF | 0xFF00..=0xFFEF) {
            cjk += 1;
        } else {
            other += 1;
        }
    }
    wide > 0 && cjk > other
}

/// Decoded text of a text-like item.
pub struct Decoded {
    pub text: String,
    pub encoding: &'static str,
    /// Number of byte sequences that could not be decoded (replaced by U+FFFD).
    pub malformed: bool,
}

/// Like [`decode_text`] but takes ownership, so valid UTF-8 is not copied.
pub fn decode_text_owned(mut bytes: Vec<u8>) -> Decoded {
    if !bytes.starts_with(b"\xEF\xBB\xBF")
        && !bytes.starts_with(b"\xFF\xFE")
        && !bytes.starts_with(b"\xFE\xFF")
    {
        // SIMD validation (simdutf8, already in the tree through ferrous-opencc): std's
        // validator was 4 % of a text scan
        if simdutf8::basic::from_utf8(&bytes).is_ok() {
            if memchr::memchr(0, &bytes).is_some() {
                // ASCII-only UTF-16 without BOM is valid UTF-8 too
                if utf16_alignment(&bytes).is_some() {
                    return decode_plain(&bytes);
                }
                let n = trim_trailing_nuls(&bytes).len();
                bytes.truncate(n);
            }
            // SAFETY: just validated as UTF-8 (and cut only before NUL bytes)
            let text = unsafe { String::from_utf8_unchecked(bytes) };
            return Decoded {
                text,
                encoding: "UTF-8",
                malformed: false,
            };
        }
    }
    decode_text(&bytes)
}

/// Decode: a MIME web page (`.mht`, see [`crate::extract::mht`]) to the HTML of its
/// `text/html` parts; anything else as [`decode_plain`].
pub fn decode_text(bytes: &[u8]) -> Decoded {
    if crate::extract::mht::looks_like_mime(bytes) {
        if let Ok(h) = crate::extract::mht::decode_mht(bytes, mht_cap()) {
            return Decoded {
                text: h.html,
                encoding: h.charset,
                malformed: false,
            };
        }
    }
    decode_plain(bytes)
}

/// Decoded HTML of a MIME item is capped at the per-entry limit.
fn mht_cap() -> usize {
    usize::try_from(crate::extract::Limits::default().max_entry_bytes).unwrap_or(usize::MAX)
}

/// Decode: BOM (UTF-8, UTF-16LE/BE), UTF-16 without BOM, valid UTF-8 (trailing NUL padding
/// dropped), UTF-8 with a cut last character or a few stray bytes ([`mostly_utf8`]), else the
/// legacy encoding ([`legacy_encoding`]: GB18030, or Big5 when the bytes say so), with lines
/// that are clearly UTF-8 Chinese decoded as UTF-8.
pub fn decode_plain(bytes: &[u8]) -> Decoded {
    if let Some(be) = utf32_bom(bytes) {
        return decode_utf32(bytes, be);
    }
    if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, had_err) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        let name = match enc.name() {
            "UTF-8" => "UTF-8 (BOM)",
            "UTF-16LE" => "UTF-16LE",
            "UTF-16BE" => "UTF-16BE",
            _ => "UTF-8",
        };
        return Decoded {
            text: trim_nul_chars(text.into_owned()),
            encoding: name,
            malformed: had_err,
        };
    }
    if memchr::memchr(0, bytes).is_some() {
        if let Some((enc, off)) = utf16_alignment(bytes) {
            let b = &bytes[off..];
            let (t, e) = enc.decode_without_bom_handling(&b[..b.len() & !1]);
            return Decoded {
                text: trim_nul_chars(t.into_owned()),
                encoding: enc.name(),
                malformed: e,
            };
        }
    }
    let bytes = trim_trailing_nuls(bytes);
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Decoded {
            text: s.to_string(),
            encoding: "UTF-8",
            malformed: false,
        };
    }
    if mostly_utf8(bytes) {
        // a truncated last character or a few stray bytes must not turn a UTF-8 file into
        // GB18030 mojibake (which would hide every marking in it)
        return Decoded {
            text: String::from_utf8_lossy(bytes).into_owned(),
            encoding: "UTF-8",
            malformed: true,
        };
    }
    let enc = legacy_encoding(bytes);
    let name = match enc.name() {
        "gb18030" => "GB18030",
        other => other,
    };
    // lines of UTF-8 Chinese among the legacy ones: decode line by line (no GB18030 or Big5
    // byte is 0x0A, so lines split the same way in every one of them)
    let lines = || bytes.split_inclusive(|&b| b == b'\n');
    if lines().any(utf8_cjk_line) {
        let mut text = String::with_capacity(bytes.len() + bytes.len() / 2);
        let mut malformed = false;
        for line in lines() {
            if utf8_cjk_line(line) {
                text.push_str(std::str::from_utf8(line).unwrap_or_default());
            } else {
                let (t, e) = enc.decode_without_bom_handling(line);
                malformed |= e;
                text.push_str(&t);
            }
        }
        return Decoded {
            text,
            encoding: if name == "Big5" {
                "Big5+UTF-8"
            } else {
                "GB18030+UTF-8"
            },
            malformed,
        };
    }
    let (text, had_err) = enc.decode_without_bom_handling(bytes);
    Decoded {
        text: text.into_owned(),
        encoding: name,
        malformed: had_err,
    }
}

fn trim_nul_chars(mut s: String) -> String {
    let n = s.trim_end_matches('\0').len();
    s.truncate(n);
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniff_table() {
        let p = |s: &str| Path::new(s).to_path_buf();
        let cases: Vec<(&[u8], &str, &str)> = vec![
            (b"hello", "a.txt", "txt"),
            (b"a,b\n1,2\n", "a.csv", "csv"),
            (b"<html><body>x</body></html>", "a.txt", "html"),
            (b"<p>x</p>", "a.htm", "html"),
            (b"# t\n", "a.md", "md"),
            (b"%PDF-1.7\n...", "a.txt", "pdf"),
            (b"\x89PNG\r\n\x1a\n", "a.txt", "png"),
            (
                b"\x00\x01\x02\x03\x00\x00\x07binary\x00",
                "a.txt",
                "unknown",
            ),
            (b"", "empty.txt", "txt"),
            (b"PK\x03\x04garbage", "x.docx", "docx"),
            (b"PK\x03\x04garbage", "x.zip", "zip"),
        ];
        for (bytes, name, want) in cases {
            assert_eq!(sniff(bytes, &p(name)), want, "{name}");
        }
    }

    #[test]
    fn random_bytes_named_pdf_is_not_pdf() {
        let mut x: u64 = 0x1234_5678;
        let bytes: Vec<u8> = (0..4096)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                (x >> 24) as u8
            })
            .collect();
        assert_eq!(sniff(&bytes, Path::new("scan.pdf")), "unknown");
    }

    #[test]
    fn decode_table() {
        let gbk = encoding_rs::GBK
            .encode("序号,姓名,身份证号码\n1,张三,330106199001011234\n")
            .0;
        let d = decode_text(&gbk);
        assert_eq!(d.encoding, "GB18030");
        assert!(d.text.contains("姓名"));
        let mut u16 = vec![0xFF, 0xFE];
        for u in "机密文件".encode_utf16() {
            u16.extend_from_slice(&u.to_le_bytes());
        }
        let d = decode_text(&u16);
        assert_eq!(d.encoding, "UTF-16LE");
        assert_eq!(d.text, "机密文件");
        let d = decode_text("\u{FEFF}内部资料".as_bytes());
        assert_eq!(d.text, "内部资料");
        assert_eq!(d.encoding, "UTF-8 (BOM)");
        let d = decode_text(b"abc\xff\xfe\xfd");
        assert!(!d.text.is_empty());
        // UTF-8 cut in the middle of the last character stays UTF-8
        let mut cut = "秘密★1年\n关于报告\n".repeat(5).into_bytes();
        cut.extend_from_slice(&"报".as_bytes()[..2]);
        let d = decode_text(&cut);
        assert_eq!(d.encoding, "UTF-8");
        assert!(d.text.starts_with("秘密★1年"));
        // one stray byte in UTF-8 text
        let mut stray = "内部资料\n正文一段。\n".repeat(5).into_bytes();
        stray.insert(20, 0xFF);
        assert_eq!(sniff(&stray, Path::new("a.txt")), "txt");
        assert!(decode_text(&stray).text.contains("内部资料"));
    }

    #[test]
    fn utf32_and_misaligned_utf16() {
        let text = "名单：张三 身份证号 330106199001011234 联系电话";
        for be in [false, true] {
            let mut b: Vec<u8> = if be {
                vec![0, 0, 0xFE, 0xFF]
            } else {
                vec![0xFF, 0xFE, 0, 0]
            };
            for c in text.chars() {
                let u = c as u32;
                b.extend_from_slice(&if be { u.to_be_bytes() } else { u.to_le_bytes() });
            }
            assert_eq!(sniff(&b, Path::new("a.txt")), "txt");
            let d = decode_text(&b);
            assert_eq!(d.text, text);
            assert!(d.encoding.starts_with("UTF-32"));
        }
        // UTF-16LE after a 5-byte binary header: read at the odd offset, not as UTF-16BE
        let mut b = vec![0x00, 0x01, 0x44, 0x41, 0x54];
        for u in text.repeat(3).encode_utf16() {
            b.extend_from_slice(&u.to_le_bytes());
        }
        let d = decode_text(&b);
        assert!(d.text.contains(text), "{}", d.text);
        // aligned UTF-16 without BOM still reads from its first byte
        let mut b = Vec::new();
        for u in text.repeat(3).encode_utf16() {
            b.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(decode_text(&b).text, text.repeat(3));
    }
}
