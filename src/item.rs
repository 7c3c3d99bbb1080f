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
    if find(head, b"%PDF-").is_some() {
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

/// NUL bytes (outside UTF-16) or many control bytes in the first 8 KiB.
fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
        return false;
    }
    if head.is_empty() {
        return false;
    }
    let nul = head.iter().filter(|&&b| b == 0).count();
    if nul > 0 {
        // UTF-16 without BOM: NULs at every other position, mostly
        let even = head.iter().step_by(2).filter(|&&b| b == 0).count();
        let odd = head.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
        let half = head.len() / 2;
        let utf16ish =
            (odd * 10 > half * 3 && even * 10 < half) || (even * 10 > half * 3 && odd * 10 < half);
        if !utf16ish {
            return true;
        }
        return false;
    }
    let ctrl = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0C | 0x1B))
        .count();
    if ctrl * 20 > head.len() {
        return true;
    }
    // invalid UTF-8 that is not plausible GB18030 either
    if std::str::from_utf8(head).is_err() && !mostly_utf8(head) {
        let (_, _, had_err) = encoding_rs::GB18030.decode(head);
        let valid_prefix = match std::str::from_utf8(head) {
            Err(e) => e.valid_up_to(),
            Ok(_) => head.len(),
        };
        // tolerate a multi-byte char cut at the 8 KiB boundary
        if had_err && valid_prefix + 4 < head.len() {
            let (txt, _, _) = encoding_rs::GB18030.decode(head);
            let bad = txt.chars().filter(|&c| c == '\u{FFFD}').count();
            return bad * 50 > txt.chars().count().max(1);
        }
    }
    false
}

/// Valid UTF-8 except for a few bad sequences (at most 4 plus 1 in 100 characters, and at least
/// one multi-byte character decoded correctly).
pub fn mostly_utf8(bytes: &[u8]) -> bool {
    let mut rest = bytes;
    let mut bad = 0usize;
    let mut good_multi = 0usize;
    let mut chars = 0usize;
    loop {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                chars += s.chars().count();
                good_multi += s.bytes().filter(|b| *b >= 0xC0).count();
                break;
            }
            Err(e) => {
                let (ok, tail) = rest.split_at(e.valid_up_to());
                let s = std::str::from_utf8(ok).unwrap_or("");
                chars += s.chars().count();
                good_multi += ok.iter().filter(|b| **b >= 0xC0).count();
                bad += 1;
                if bad > 4 + chars / 100 {
                    return false;
                }
                match e.error_len() {
                    Some(n) => rest = &tail[n..],
                    None => break, // truncated at the end
                }
            }
        }
    }
    good_multi > 0 && bad <= 4 + chars / 100
}

/// Decoded text of a text-like item.
pub struct Decoded {
    pub text: String,
    pub encoding: &'static str,
    /// Number of byte sequences that could not be decoded (replaced by U+FFFD).
    pub malformed: bool,
}

/// Like [`decode_text`] but takes ownership, so valid UTF-8 is not copied.
pub fn decode_text_owned(bytes: Vec<u8>) -> Decoded {
    if !bytes.starts_with(b"\xEF\xBB\xBF")
        && !bytes.starts_with(b"\xFF\xFE")
        && !bytes.starts_with(b"\xFE\xFF")
    {
        // SIMD validation (simdutf8, already in the tree through ferrous-opencc): std's
        // validator was 4 % of a text scan
        if simdutf8::basic::from_utf8(&bytes).is_ok() {
            // SAFETY: just validated as UTF-8
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

/// Decode: BOM (UTF-8, UTF-16LE/BE), valid UTF-8, else the encoding chardetng guesses
/// (GB18030/GBK for files from Excel and WPS on Chinese Windows), else GB18030.
pub fn decode_text(bytes: &[u8]) -> Decoded {
    if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, had_err) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        let name = match enc.name() {
            "UTF-8" => "UTF-8 (BOM)",
            "UTF-16LE" => "UTF-16LE",
            "UTF-16BE" => "UTF-16BE",
            _ => "UTF-8",
        };
        return Decoded {
            text: text.into_owned(),
            encoding: name,
            malformed: had_err,
        };
    }
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
    // UTF-16 without BOM
    if bytes.len() >= 4 {
        let head = &bytes[..bytes.len().min(4096)];
        let odd_nul = head.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
        let even_nul = head.iter().step_by(2).filter(|&&b| b == 0).count();
        let half = head.len() / 2;
        if odd_nul * 10 > half * 3 && even_nul * 10 < half {
            let (t, e) = encoding_rs::UTF_16LE.decode_without_bom_handling(bytes);
            return Decoded {
                text: t.into_owned(),
                encoding: "UTF-16LE",
                malformed: e,
            };
        }
        if even_nul * 10 > half * 3 && odd_nul * 10 < half {
            let (t, e) = encoding_rs::UTF_16BE.decode_without_bom_handling(bytes);
            return Decoded {
                text: t.into_owned(),
                encoding: "UTF-16BE",
                malformed: e,
            };
        }
    }
    let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    det.feed(&bytes[..bytes.len().min(1 << 20)], bytes.len() <= 1 << 20);
    let mut enc = det.guess(Some(b"cn"), chardetng::Utf8Detection::Allow);
    if enc == encoding_rs::GBK || enc == encoding_rs::UTF_8 || enc == encoding_rs::WINDOWS_1252 {
        // GB18030 is a superset of GBK; a broken UTF-8 file is read the same lenient way
        enc = encoding_rs::GB18030;
    }
    let (text, had_err) = enc.decode_without_bom_handling(bytes);
    let name = match enc.name() {
        "gb18030" => "GB18030",
        "Big5" => "Big5",
        other => other,
    };
    Decoded {
        text: text.into_owned(),
        encoding: name,
        malformed: had_err,
    }
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
}
