//! MIME HTML (`.mht`/`.mhtml`, Word's and IE's "single file web page"), also when it is saved
//! under a `.doc` name: the `text/html` parts are decoded (base64 or quoted-printable, then
//! their charset) and read by the HTML extractor. Only the header block at the very start of
//! the file makes an item MIME, so a text that merely quotes `MIME-Version:` is still text.

/// Parts nested deeper than this (multipart inside multipart…) are not opened.
const MAX_DEPTH: u32 = 4;

/// Why a MIME item gave no HTML.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MhtError {
    /// Well-formed MIME without any `text/html` part (an e-mail with only text, say): not a web
    /// page, the caller reads it as it would have without MIME support.
    NoHtml,
    /// The HTML could not be decoded (no boundary, bad transfer encoding, empty part…).
    Undecodable,
    /// The decoded HTML would exceed the size cap.
    TooLarge,
}

/// The HTML of a MIME item: the `text/html` parts decoded to UTF-8, one after the other.
#[derive(Debug)]
pub struct MhtHtml {
    pub html: String,
    /// Charset of the (first) HTML part, as encoding_rs names it.
    pub charset: &'static str,
}

/// Header block at the start of the file: every line up to the first empty one must be a
/// `Name: value` header or a folded continuation, with `MIME-Version` and a `Content-Type` of
/// `multipart/*` or `text/html` among them.
pub fn looks_like_mime(bytes: &[u8]) -> bool {
    let b = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let head = &b[..b.len().min(8192)];
    // cheap reject: the first byte of a header name is a letter
    if !head.first().is_some_and(|c| c.is_ascii_alphabetic()) {
        return false;
    }
    let Some((headers, _)) = split_headers(head) else {
        return false;
    };
    let version = header(&headers, "mime-version").is_some();
    let ctype = header(&headers, "content-type")
        .map(|v| v.to_ascii_lowercase())
        .unwrap_or_default();
    // an e-mail (.eml) with only a plain-text body counts too: its body may be base64
    let mail = header(&headers, "from").is_some() || header(&headers, "subject").is_some();
    // (many mailers leave out MIME-Version when a Content-Type says what the body is; a mail
    // with neither whose headers hold RFC 2047 encoded words is plain text, the default type,
    // and its headers must be decoded to be read)
    let encoded_words = || {
        headers
            .iter()
            .any(|(_, v)| v.contains("=?") && v.contains("?="))
    };
    if mail && ctype.is_empty() && encoded_words() {
        return true;
    }
    // a mail of any type (a single attachment: `Content-Type: application/pdf`, an S/MIME
    // envelope, a forwarded message); without mail headers, a page or a non-text entity
    (version || mail && !ctype.is_empty())
        && (ctype.starts_with("multipart/")
            || ctype.starts_with("text/html")
            || mail
            || !ctype.starts_with("text/"))
}

/// Decodes RFC 2047 encoded words (`=?UTF-8?B?…?=`, `=?GB2312?Q?…?=`) in a header value.
fn decode_words(v: &str) -> String {
    let mut out = String::new();
    let mut rest = v;
    while let Some(p) = rest.find("=?") {
        out.push_str(&rest[..p]);
        let w = &rest[p + 2..];
        let parts: Vec<&str> = w.splitn(3, '?').collect();
        let end = parts.get(2).and_then(|t| t.find("?="));
        match (parts.first(), parts.get(1), end) {
            (Some(cs), Some(enc), Some(e)) => {
                let data = &parts[2][..e];
                let raw = match enc.to_ascii_uppercase().as_str() {
                    "B" => base64(data.as_bytes()),
                    "Q" => Some(quoted_printable(data.replace('_', " ").as_bytes())),
                    _ => None,
                };
                let enc = encoding_rs::Encoding::for_label(cs.trim().as_bytes())
                    .map(|e| {
                        if e == encoding_rs::GBK {
                            encoding_rs::GB18030
                        } else {
                            e
                        }
                    })
                    .unwrap_or(encoding_rs::UTF_8);
                match raw {
                    Some(r) => out.push_str(&enc.decode(&r).0),
                    None => out.push_str(&rest[p..p + 2]),
                }
                let consumed = cs.len() + parts[1].len() + 2 + e + 2;
                rest = &w[consumed.min(w.len())..];
                // whitespace between two encoded words is dropped
                if rest.trim_start().starts_with("=?") {
                    rest = rest.trim_start();
                }
            }
            _ => {
                out.push_str("=?");
                rest = w;
            }
        }
    }
    out.push_str(rest);
    out
}

/// HTML text for a plain-text part or a header line.
fn escape_html(t: &str) -> String {
    t.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Decodes the `text/html` parts of a MIME item. `max_out` caps the decoded HTML (bytes).
///
/// An e-mail's headers (subject, from, to, cc; those of a forwarded message too) come first,
/// as the lines a reader sees above the message; its plain-text parts are read when there is
/// no HTML, and otherwise for the lines the HTML does not repeat (a plain alternative may say
/// other things than the HTML beside it).
pub fn decode_mht(bytes: &[u8], max_out: usize) -> Result<MhtHtml, MhtError> {
    let b = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut out = MhtHtml {
        html: String::new(),
        charset: "",
    };
    let mut found_html = false;
    let mut plain = Plain::default();
    walk(b, 0, max_out, &mut out, &mut found_html, &mut plain)?;
    let Some((headers, _)) = split_headers(b) else {
        return Err(MhtError::NoHtml);
    };
    let mail = header(&headers, "from").is_some() || header(&headers, "subject").is_some();
    let mut page = String::new();
    if mail || !found_html {
        for name in ["subject", "from", "to", "cc"] {
            if let Some(v) = header(&headers, name) {
                page.push_str(&format!("<p>{}</p>\n", escape_html(&decode_words(&v))));
            }
        }
        if mail {
            for v in other_headers(&headers) {
                page.push_str(&format!("<p>{}</p>\n", escape_html(&v)));
            }
        }
    }
    if found_html {
        let shown = super::squash(&super::html::strip_markup(&out.html));
        let extra: Vec<&str> = plain
            .texts
            .iter()
            .flat_map(|t| t.lines())
            .filter(|l| {
                let q = super::squash(l);
                q.chars().count() >= 2 && !shown.contains(&q)
            })
            .collect();
        if !extra.is_empty() {
            out.html.push_str("\n<pre>");
            out.html.push_str(&escape_html(&extra.join("\n")));
            out.html.push_str("</pre>\n");
        }
        if !page.is_empty() {
            page.push_str(&out.html);
            out.html = page;
        }
    } else {
        if plain.texts.iter().all(|t| t.trim().is_empty()) && page.is_empty() {
            return Err(MhtError::NoHtml);
        }
        for t in &plain.texts {
            page.push_str("<pre>");
            page.push_str(&escape_html(t));
            page.push_str("</pre>\n");
        }
        out.html = page;
        if out.charset.is_empty() {
            out.charset = "UTF-8";
        }
    }
    if out.html.trim().is_empty() {
        return Err(MhtError::Undecodable);
    }
    Ok(out)
}

/// The plain-text parts of a MIME item (and a forwarded message's header lines), decoded.
#[derive(Default)]
struct Plain {
    texts: Vec<String>,
    bytes: usize,
}

impl Plain {
    fn push(&mut self, t: String) {
        self.bytes += t.len();
        self.texts.push(t);
    }
}

fn walk(
    entity: &[u8],
    depth: u32,
    max_out: usize,
    out: &mut MhtHtml,
    found_html: &mut bool,
    plain: &mut Plain,
) -> Result<(), MhtError> {
    let Some((headers, body)) = split_headers(entity) else {
        return Err(MhtError::Undecodable);
    };
    let ctype = header(&headers, "content-type").unwrap_or_default();
    let mime = mime_type(&ctype);
    if mime.starts_with("multipart/") {
        if depth >= MAX_DEPTH {
            return Err(MhtError::Undecodable);
        }
        let boundary = param(&ctype, "boundary").ok_or(MhtError::Undecodable)?;
        let parts = split_parts(body, boundary.as_bytes());
        if parts.is_empty() {
            return Err(MhtError::Undecodable);
        }
        for p in parts {
            match walk(p, depth + 1, max_out, out, found_html, plain) {
                Ok(()) => {}
                // a broken non-HTML part (an image) does not matter; a broken HTML part does
                Err(MhtError::Undecodable) if !is_html_part(p) => {}
                Err(e) => return Err(e),
            }
        }
        return Ok(());
    }
    // a forwarded message: its headers as lines, then its own parts
    if mime == "message/rfc822" {
        if depth >= MAX_DEPTH {
            return Err(MhtError::Undecodable);
        }
        let raw = decode_body(&headers, body).ok_or(MhtError::Undecodable)?;
        if let Some((inner, _)) = split_headers(&raw) {
            let lines: Vec<String> = ["subject", "from", "to", "cc"]
                .iter()
                .filter_map(|n| header(&inner, n).map(|v| decode_words(&v)))
                .collect();
            if !lines.is_empty() {
                plain.push(lines.join("\n"));
            }
        }
        return walk(&raw, depth + 1, max_out, out, found_html, plain);
    }
    // a part sent as an attachment is read as one (`attachments`), not as the message's text
    let attached = header(&headers, "content-disposition").is_some_and(|d| {
        d.trim_start()
            .to_ascii_lowercase()
            .starts_with("attachment")
    });
    if depth > 0 && attached {
        return Ok(());
    }
    // other text a reader is shown (an invitation's text/calendar, a text/csv or a vCard
    // inline) is read as plain; a page's styles, scripts and Word's XML parts are not text
    let is_plain = mime.is_empty()
        || mime.starts_with("text/")
            && ![
                "html",
                "css",
                "javascript",
                "ecmascript",
                "xml",
                "jscript",
                "vbscript",
            ]
            .iter()
            .any(|t| mime.contains(t));
    if mime != "text/html" && !is_plain {
        return Ok(());
    }
    let raw = decode_body(&headers, body).ok_or(MhtError::Undecodable)?;
    if raw.len() > max_out.saturating_sub(out.html.len()) {
        return Err(MhtError::TooLarge);
    }
    let (text, charset) = match param(&ctype, "charset")
        .and_then(|c| encoding_rs::Encoding::for_label(c.trim().as_bytes()))
    {
        Some(enc) => {
            // GB18030 is a superset of GBK/GB2312 (what Word writes as charset="gb2312")
            let enc = if enc == encoding_rs::GBK {
                encoding_rs::GB18030
            } else {
                enc
            };
            let (t, _, _) = enc.decode(&raw);
            (t.into_owned(), enc.name())
        }
        None => {
            let d = crate::item::decode_plain(&raw);
            (d.text, d.encoding)
        }
    };
    if text.len() > max_out.saturating_sub(out.html.len() + plain.bytes) {
        return Err(MhtError::TooLarge);
    }
    if is_plain {
        plain.push(without_uu_blocks(text));
        return Ok(());
    }
    *found_html = true;
    if out.charset.is_empty() {
        out.charset = charset;
    }
    if !out.html.is_empty() {
        out.html.push('\n');
    }
    out.html.push_str(&text);
    Ok(())
}

/// A file attached to an e-mail or kept in a web archive (a docx, an xlsx, a zip, a pdf…).
pub struct Attachment {
    pub name: String,
    pub bytes: Vec<u8>,
    /// An encrypted part (S/MIME `enveloped-data`, OpenPGP `multipart/encrypted`): no bytes,
    /// nothing to read without the recipient's key.
    pub encrypted: bool,
}

/// The attachments of a MIME item, decoded: leaf parts that are not the page's own text,
/// styles, scripts or pictures — every part sent as an attachment, and any part of an
/// application type. At most `max_total` bytes are decoded in all; the second value counts
/// the attachments left out for that, or because they could not be decoded.
pub fn attachments(bytes: &[u8], max_total: usize) -> (Vec<Attachment>, usize) {
    let b = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut out = Vec::new();
    let mut skipped = 0;
    let mut total = 0;
    walk_attachments(b, 0, max_total, &mut total, &mut out, &mut skipped);
    (out, skipped)
}

fn walk_attachments(
    entity: &[u8],
    depth: u32,
    max_total: usize,
    total: &mut usize,
    out: &mut Vec<Attachment>,
    skipped: &mut usize,
) {
    let Some((headers, body)) = split_headers(entity) else {
        return;
    };
    let ctype = header(&headers, "content-type").unwrap_or_default();
    let mime = mime_type(&ctype);
    let smime = matches!(
        mime.as_str(),
        "application/pkcs7-mime" | "application/x-pkcs7-mime"
    );
    let enveloped = param(&ctype, "smime-type")
        .map(|t| t.to_ascii_lowercase())
        .is_some_and(|t| t.contains("enveloped"));
    if mime == "multipart/encrypted" || smime && enveloped {
        out.push(Attachment {
            name: format!("encrypted{}", out.len() + 1),
            bytes: Vec::new(),
            encrypted: true,
        });
        return;
    }
    // a signature is no content (a clear-signed mail's text is in the part beside it)
    if matches!(
        mime.as_str(),
        "application/pkcs7-signature"
            | "application/x-pkcs7-signature"
            | "application/pgp-signature"
    ) {
        return;
    }
    if mime.starts_with("multipart/") {
        if depth >= MAX_DEPTH {
            return;
        }
        if let Some(boundary) = param(&ctype, "boundary") {
            for p in split_parts(body, boundary.as_bytes()) {
                walk_attachments(p, depth + 1, max_total, total, out, skipped);
            }
        }
        return;
    }
    // an attached e-mail (message/rfc822) is a MIME item of its own: its attachments count
    if mime == "message/rfc822" {
        if depth < MAX_DEPTH {
            walk_attachments(body, depth + 1, max_total, total, out, skipped);
        }
        return;
    }
    let disposition = header(&headers, "content-disposition").unwrap_or_default();
    let attached = disposition
        .trim_start()
        .to_ascii_lowercase()
        .starts_with("attachment");
    let page_part = mime.starts_with("image/")
        || mime.starts_with("audio/")
        || mime.starts_with("video/")
        || mime.starts_with("font/")
        || mime.contains("javascript")
        || mime == "text/css";
    let application = mime.starts_with("application/");
    // (a mail that is one attachment, `Content-Type: application/pdf` at the top, is one too;
    // a top-level text is the message itself)
    // a plain-text body carrying uuencoded files (`begin 644 名单.xls` … `end`, what old
    // mailers and some gateways still write): each file is an attachment
    if (mime == "text/plain" || mime.is_empty()) && !attached {
        if let Some(raw) = decode_body(&headers, body) {
            for (name, bytes) in uu_files(&String::from_utf8_lossy(&raw)) {
                if *total + bytes.len() <= max_total {
                    *total += bytes.len();
                    out.push(Attachment {
                        name,
                        bytes,
                        encrypted: false,
                    });
                } else {
                    *skipped += 1;
                }
            }
        }
        return;
    }
    if page_part || !(attached || application) || depth == 0 && mime.starts_with("text/") {
        return;
    }
    let name = param(&disposition, "filename")
        .or_else(|| param(&ctype, "name"))
        .or_else(|| {
            header(&headers, "content-location")
                .map(|l| l.rsplit(['/', '\\']).next().unwrap_or("").to_string())
                .filter(|n| !n.is_empty())
        })
        .map(|n| decode_words(&n))
        .unwrap_or_else(|| format!("attachment{}", out.len() + 1));
    match decode_body(&headers, body) {
        Some(d) if *total + d.len() <= max_total => {
            *total += d.len();
            out.push(Attachment {
                name,
                bytes: d,
                encrypted: false,
            });
        }
        _ => *skipped += 1,
    }
}

/// At most this many uuencoded files are taken from one text.
const MAX_UU_FILES: usize = 16;

/// The `begin <mode> <name>` line of a uuencoded file: its name.
fn uu_begin(line: &str) -> Option<&str> {
    let rest = line.strip_prefix("begin ")?;
    let (mode, name) = rest.split_once(' ')?;
    (mode.len() >= 3 && mode.len() <= 4 && mode.bytes().all(|b| (b'0'..=b'7').contains(&b)))
        .then(|| name.trim())
        .filter(|n| !n.is_empty())
}

/// A text without its uuencoded blocks (their lines are encoding, read as attachments by
/// [`uu_files`]); the `begin` line, which names the file, stays.
fn without_uu_blocks(text: String) -> String {
    if !text.contains("begin ") {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    let mut inside = false;
    for line in text.lines() {
        if inside {
            inside = line.trim_end() != "end";
            continue;
        }
        if uu_begin(line.trim_end()).is_some() {
            inside = true;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// The files uuencoded in a text, decoded (name, bytes); a block without its `end` line is
/// taken up to where it stops.
pub(crate) fn uu_files(text: &str) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        let Some(name) = uu_begin(line.trim_end()) else {
            continue;
        };
        let mut bytes = Vec::new();
        for l in lines.by_ref() {
            let l = l.trim_end_matches(['\r', '\n']);
            if l == "end" {
                break;
            }
            let b = l.as_bytes();
            let Some(&first) = b.first() else { continue };
            let n = usize::from(first.wrapping_sub(b' ') & 63);
            let sext = |c: u8| u32::from(c.wrapping_sub(b' ') & 63);
            let mut got = Vec::with_capacity(n + 2);
            for q in b[1..].chunks(4) {
                let mut v = 0u32;
                for i in 0..4 {
                    v = (v << 6) | q.get(i).map_or(0, |&c| sext(c));
                }
                got.extend_from_slice(&[(v >> 16) as u8, (v >> 8) as u8, v as u8]);
            }
            got.truncate(n);
            bytes.extend_from_slice(&got);
        }
        files.push((name.to_string(), bytes));
        if files.len() >= MAX_UU_FILES {
            break;
        }
    }
    files
}

/// The media type of a `Content-Type` value, lower case (`text/html; charset=…` → `text/html`).
fn mime_type(ctype: &str) -> String {
    ctype
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// A part's body with its `Content-Transfer-Encoding` undone; `None` for an unknown encoding
/// or broken base64.
fn decode_body(headers: &[(String, String)], body: &[u8]) -> Option<Vec<u8>> {
    let cte = header(headers, "content-transfer-encoding")
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    match cte.as_str() {
        "base64" => base64(body),
        "quoted-printable" => Some(quoted_printable(body)),
        "" | "7bit" | "8bit" | "binary" => Some(body.to_vec()),
        _ => None,
    }
}

fn is_html_part(p: &[u8]) -> bool {
    split_headers(p)
        .and_then(|(h, _)| header(&h, "content-type"))
        .is_some_and(|c| c.trim_start().to_ascii_lowercase().starts_with("text/html"))
}

/// Headers (name lowercased, value unfolded) and the body after the first empty line.
fn split_headers(entity: &[u8]) -> Option<(Vec<(String, String)>, &[u8])> {
    let mut headers: Vec<(String, String)> = Vec::new();
    let mut pos = 0;
    while pos < entity.len() {
        let end = memchr::memchr(b'\n', &entity[pos..])
            .map(|i| pos + i + 1)
            .unwrap_or(entity.len());
        let line = &entity[pos..end];
        let line = line.strip_suffix(b"\n").unwrap_or(line);
        let trimmed = line.strip_suffix(b"\r").unwrap_or(line);
        pos = end;
        if trimmed.is_empty() {
            return Some((headers, &entity[pos..]));
        }
        let s = String::from_utf8_lossy(trimmed);
        if s.starts_with([' ', '\t']) {
            // folded continuation of the previous header
            let last = headers.last_mut()?;
            last.1.push(' ');
            last.1.push_str(s.trim());
            continue;
        }
        let colon = s.find(':')?;
        let name = &s[..colon];
        if name.is_empty()
            || !name
                .bytes()
                .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_')
        {
            return None;
        }
        headers.push((name.to_ascii_lowercase(), s[colon + 1..].trim().to_string()));
        if headers.len() > 200 {
            return None;
        }
    }
    // headers only, no body
    (!headers.is_empty()).then_some((headers, &entity[entity.len()..]))
}

/// Headers whose values are transport or structure (routes, signatures, ids, dates, the MIME
/// description of the body), never someone's text.
const STRUCTURAL_HEADERS: &[&str] = &[
    "subject",
    "from",
    "to",
    "cc",
    "received",
    "date",
    "message-id",
    "references",
    "in-reply-to",
    "mime-version",
    "return-path",
    "delivered-to",
    "dkim-signature",
    "domainkey-signature",
    "authentication-results",
    "received-spf",
    "thread-index",
    "thread-topic",
];

/// At most this many further headers are read from a message.
const MAX_OTHER_HEADERS: usize = 64;

/// A message's other headers (Bcc, Reply-To, Organization, a client's or a system's own
/// `X-` headers) whose decoded value says something (Chinese text, a run of seven or more
/// digits): they travel with the message and no mail client shows them.
fn other_headers(headers: &[(String, String)]) -> Vec<String> {
    headers
        .iter()
        .filter(|(n, _)| {
            !STRUCTURAL_HEADERS.contains(&n.as_str())
                && !n.starts_with("content-")
                && !n.starts_with("arc-")
                && !n.starts_with("x-ms-exchange")
        })
        .map(|(_, v)| decode_words(v))
        .filter(|v| super::html::says_something(v))
        .take(MAX_OTHER_HEADERS)
        .collect()
}

fn header(headers: &[(String, String)], name: &str) -> Option<String> {
    headers
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.clone())
}

/// A parameter of a header value (`boundary="…"`, `charset=gb2312`).
fn param(value: &str, name: &str) -> Option<String> {
    for p in value.split(';').skip(1) {
        let Some((k, v)) = p.split_once('=') else {
            continue;
        };
        if k.trim().eq_ignore_ascii_case(name) {
            let v = v.trim();
            let v = v
                .strip_prefix('"')
                .and_then(|v| v.split('"').next())
                .unwrap_or(v);
            if !v.is_empty() {
                return Some(v.to_string());
            }
        }
    }
    None
}

/// The body parts between `--boundary` delimiter lines (the preamble and epilogue dropped).
fn split_parts<'a>(body: &'a [u8], boundary: &[u8]) -> Vec<&'a [u8]> {
    let mut delim = b"--".to_vec();
    delim.extend_from_slice(boundary);
    let mut starts = Vec::new(); // (start of delimiter line, end of delimiter line, closing)
    let finder = memchr::memmem::Finder::new(&delim);
    for i in finder.find_iter(body) {
        if i != 0 && body[i - 1] != b'\n' {
            continue;
        }
        let after = &body[i + delim.len()..];
        let closing = after.starts_with(b"--");
        let eol = memchr::memchr(b'\n', after)
            .map(|j| i + delim.len() + j + 1)
            .unwrap_or(body.len());
        starts.push((i, eol, closing));
        if closing {
            break;
        }
    }
    let mut parts = Vec::new();
    for w in starts.windows(2) {
        let (_, from, closing) = w[0];
        if closing {
            break;
        }
        let mut to = w[1].0;
        // the line break before a delimiter belongs to the delimiter
        if to > from && body[to - 1] == b'\n' {
            to -= 1;
            if to > from && body[to - 1] == b'\r' {
                to -= 1;
            }
        }
        parts.push(&body[from..to.max(from)]);
    }
    // no closing delimiter (truncated file): the last part runs to the end
    if let Some(&(_, from, false)) = starts.last() {
        parts.push(&body[from..]);
    }
    parts
}

/// Lenient base64: whitespace and stray characters are skipped, `=` ends the data.
pub(crate) fn base64(src: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(src.len() / 4 * 3);
    let (mut acc, mut bits, mut n) = (0u32, 0u32, 0usize);
    for &c in src {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            b'=' => break,
            c if c.is_ascii_whitespace() => continue,
            _ => return None,
        };
        n += 1;
        acc = (acc << 6) | v as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    (n > 0).then_some(out)
}

fn quoted_printable(src: &[u8]) -> Vec<u8> {
    let hex = |c: u8| (c as char).to_digit(16).map(|d| d as u8);
    let mut out = Vec::with_capacity(src.len());
    let mut i = 0;
    while i < src.len() {
        let c = src[i];
        if c != b'=' {
            out.push(c);
            i += 1;
            continue;
        }
        // soft line break: `=` then optional blanks then CRLF or LF (also CR CR LF, as a
        // CRLF file that went through a text-mode write on Windows has it)
        let mut j = i + 1;
        while j < src.len() && matches!(src[j], b' ' | b'\t' | b'\r') {
            j += 1;
        }
        if src[j..].starts_with(b"\n") {
            i = j + 1;
            continue;
        }
        if i + 2 < src.len() {
            if let (Some(h), Some(l)) = (hex(src[i + 1]), hex(src[i + 2])) {
                out.push(h << 4 | l);
                i += 3;
                continue;
            }
        }
        out.push(c);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn qp_and_base64() {
        assert_eq!(
            quoted_printable(b"a=3Db=\r\nc=C3=A9=\nd=ZZ="),
            b"a=bc\xC3\xA9d=ZZ="
        );
        // soft breaks with blanks or a doubled CR before the LF; a lone `=` at a CR is kept
        assert_eq!(quoted_printable(b"12= \t\r\n34=\r\r\n56"), b"123456");
        assert_eq!(quoted_printable(b"12=\r34"), b"12=\r34");
        assert_eq!(base64(b"5py65a+G\r\n4piF").unwrap(), "机密★".as_bytes());
        assert!(base64(b"not*base64").is_none());
    }

    #[test]
    fn mail_attachments_signatures_and_encryption() {
        // a mail that is one attachment
        let one = "Content-Type: application/pdf; name=a.pdf\nMIME-Version: 1.0\nContent-Transfer-Encoding: base64\nSubject: x\nFrom: a@x.cn\n\nJVBERi0xLjMK\n";
        assert!(looks_like_mime(one.as_bytes()));
        let (atts, skipped) = attachments(one.as_bytes(), 1 << 20);
        assert_eq!(skipped, 0);
        assert_eq!(atts.len(), 1);
        assert_eq!(atts[0].name, "a.pdf");
        assert!(atts[0].bytes.starts_with(b"%PDF-1.3"));
        // S/MIME: an envelope is encrypted, a detached signature is no content
        let env = "Content-Type: application/pkcs7-mime; name=\"smime.p7m\"; smime-type=enveloped-data\nMIME-Version: 1.0\nContent-Transfer-Encoding: base64\nSubject: x\nFrom: a@x.cn\n\nMIAGCSqGSIb3DQEHA6CAMIACAQAx\n";
        assert!(looks_like_mime(env.as_bytes()));
        let (atts, _) = attachments(env.as_bytes(), 1 << 20);
        assert!(atts.len() == 1 && atts[0].encrypted);
        let signed = "From: a@x.cn\nSubject: x\nMIME-Version: 1.0\nContent-Type: multipart/signed; protocol=\"application/pkcs7-signature\"; boundary=b\n\n--b\nContent-Type: text/plain\n\nhello\n--b\nContent-Type: application/pkcs7-signature; name=smime.p7s\nContent-Disposition: attachment; filename=smime.p7s\nContent-Transfer-Encoding: base64\n\nMIAGCSqGSIb3DQEHAqCAMIACAQEx\n--b--\n";
        let (atts, skipped) = attachments(signed.as_bytes(), 1 << 20);
        assert!(atts.is_empty() && skipped == 0);
        // an invitation's text is read; a text attachment is read once, as an attachment
        let cal = "From: a@x.cn\nSubject: x\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\nhi\n--b\nContent-Type: text/calendar\n\nBEGIN:VEVENT\nDESCRIPTION:会议室 内部资料\nEND:VEVENT\n--b\nContent-Type: text/plain; name=a.txt\nContent-Disposition: attachment; filename=a.txt\n\nattached text\n--b--\n";
        let h = decode_mht(cal.as_bytes(), 1 << 20).unwrap().html;
        assert!(
            h.contains("内部资料") && !h.contains("attached text"),
            "{h}"
        );
        let (atts, _) = attachments(cal.as_bytes(), 1 << 20);
        assert!(atts.len() == 1 && atts[0].name == "a.txt");
        // near miss: a text file that starts like a header block is no mail
        assert!(!looks_like_mime(
            "MIME-Version: 1.0\nContent-Type: text/plain\n\nhello\n".as_bytes()
        ));
    }

    #[test]
    fn word_mht() {
        let m = "MIME-Version: 1.0\r\nContent-Type: multipart/related;\r\n\tboundary=\"----=_NextPart_01\"\r\n\r\npreamble\r\n\r\n------=_NextPart_01\r\nContent-Location: file:///C:/x.htm\r\nContent-Transfer-Encoding: quoted-printable\r\nContent-Type: text/html; charset=\"gb2312\"\r\n\r\n<p>=BB=FA=C3=DC=A1=EF5=C4=EA</p>\r\n------=_NextPart_01\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!\r\n------=_NextPart_01--\r\n";
        assert!(looks_like_mime(m.as_bytes()));
        let h = decode_mht(m.as_bytes(), 1 << 20).unwrap();
        assert_eq!(h.html, "<p>机密★5年</p>");
        assert_eq!(h.charset, "gb18030");
        assert_eq!(decode_mht(m.as_bytes(), 8).unwrap_err(), MhtError::TooLarge);
        assert!(!looks_like_mime(b"Note: MIME-Version: 1.0\n"));
        assert!(!looks_like_mime("说明\nMIME-Version: 1.0\n".as_bytes()));
        let mail = "MIME-Version: 1.0\nContent-Type: text/plain\n\nhello\n";
        assert!(!looks_like_mime(mail.as_bytes()));
        // plain-text parts are read when there is no HTML (an e-mail); a page's plain
        // alternative is not read twice
        let mixed = "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\nhi <b>\n--b--\n";
        assert!(decode_mht(mixed.as_bytes(), 1 << 20)
            .unwrap()
            .html
            .contains("<pre>hi &lt;b&gt;"));
        let alt = "MIME-Version: 1.0\nContent-Type: multipart/alternative; boundary=b\n\n--b\nContent-Type: text/plain\n\nplain copy\n--b\nContent-Type: text/html\n\n<p>page</p>\n--b--\n";
        let h = decode_mht(alt.as_bytes(), 1 << 20).unwrap().html;
        // a plain alternative that says something the page does not is read too; one that
        // repeats it is not read twice
        assert!(h.contains("page") && h.contains("plain copy"), "{h}");
        let same = alt.replace("plain copy", "page");
        let h = decode_mht(same.as_bytes(), 1 << 20).unwrap().html;
        assert_eq!(h.matches("page").count(), 1, "{h}");
        // an e-mail: encoded-word subject, base64 body
        let eml = "From: =?UTF-8?B?5p2O5piO?= <li@x.cn>\nSubject: =?UTF-8?B?56eY5a+G4piFMeW5tA==?=\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n5q2j5paH\n";
        assert!(looks_like_mime(eml.as_bytes()));
        let h = decode_mht(eml.as_bytes(), 1 << 20).unwrap().html;
        assert!(
            h.contains("秘密★1年") && h.contains("李明") && h.contains("正文"),
            "{h}"
        );
        assert_eq!(decode_words("=?GB2312?Q?=C3=D8=C3=DC?= x"), "秘密 x");
        // without MIME-Version, a mail's Content-Type still says what it is; a text that only
        // starts like a mail does not
        assert!(looks_like_mime(
            eml.replace("MIME-Version: 1.0\n", "").as_bytes()
        ));
        assert!(!looks_like_mime(
            "From: 张三\nSubject: 通知\n\n正文\n".as_bytes()
        ));
        // a mail with neither MIME-Version nor Content-Type: plain text by default, and its
        // encoded-word subject is decoded
        let bare = "From: a@x.cn\nSubject: =?UTF-8?B?56eY5a+G4piFMeW5tA==?=\n\nbody\n";
        assert!(looks_like_mime(bare.as_bytes()));
        let h = decode_mht(bare.as_bytes(), 1 << 20).unwrap().html;
        assert!(h.contains("秘密★1年") && h.contains("body"), "{h}");
        // a mail's subject is read beside an HTML body; a forwarded message's headers and
        // body are read
        let html_mail = "From: a@x.cn\nSubject: =?UTF-8?B?56eY5a+G4piFMeW5tA==?=\nMIME-Version: 1.0\nContent-Type: text/html; charset=utf-8\n\n<p>正文</p>\n";
        let h = decode_mht(html_mail.as_bytes(), 1 << 20).unwrap().html;
        assert!(h.contains("秘密★1年") && h.contains("正文"), "{h}");
        let fwd = "From: a@x.cn\nSubject: Fw\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\nsee below\n--b\nContent-Type: message/rfc822\n\nFrom: c@x.cn\nSubject: inner subject\nContent-Type: text/plain\n\ninner body\n--b--\n";
        let h = decode_mht(fwd.as_bytes(), 1 << 20).unwrap().html;
        assert!(
            h.contains("inner subject") && h.contains("inner body") && h.contains("see below"),
            "{h}"
        );
    }

    #[test]
    fn uuencoded_files_and_other_headers() {
        let enc = "<Y9\"-Y8V5[[R:Y;R@Y+B)(#$S.3$R,S0U-C<X\"@  \n`\nend\n";
        let files = uu_files(&format!("正文\nbegin 644 名单.txt\n{enc}后记\n"));
        assert_eq!(files.len(), 1);
        assert_eq!(files[0].0, "名单.txt");
        assert_eq!(files[0].1, "名单：张三 13912345678\n".as_bytes());
        // near misses: prose starting with "begin", a mode that is not octal
        assert!(uu_files("begin the meeting at 9\nbegin 999 a.txt\nM\nend\n").is_empty());
        // the mail's attachments hold the file; its text keeps the begin line only
        let mail = format!(
            "From: a@x.cn\nSubject: x\nX-Custom: =?UTF-8?B?56eY5a+G4piFMeW5tA==?=\nX-Mailer: Foxmail 7.2\nContent-Type: text/plain; charset=utf-8\n\n正文\nbegin 644 名单.txt\n{enc}"
        );
        let (atts, skipped) = attachments(mail.as_bytes(), 1 << 20);
        assert_eq!(skipped, 0);
        assert_eq!(atts.len(), 1);
        assert_eq!(atts[0].name, "名单.txt");
        let page = decode_mht(mail.as_bytes(), 1 << 20).unwrap().html;
        assert!(page.contains("秘密★1年"), "{page}");
        assert!(!page.contains("Foxmail"), "{page}");
        assert!(!page.contains("S.3$R"), "{page}");
        assert!(page.contains("begin 644"), "{page}");
    }
}
