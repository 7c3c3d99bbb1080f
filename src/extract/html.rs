//! HTML: a linear, non-recursive tokenizer that keeps source positions. Visible text is grouped
//! per block element; comments, `display:none`/`hidden`/`<template>` subtrees and hidden inputs
//! become hidden segments; `<meta>` author/keywords become metadata. Nesting is bounded by
//! `Limits::max_html_depth` (deeper elements are still read, just not tracked).

use super::{Anchor, Extracted, Layer, Limits, Location, Segment, Zone};
use std::collections::HashSet;

const TITLE_BLOCKS: usize = 6;

const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "keygen",
];
const BLOCK: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "br",
    "caption",
    "center",
    "dd",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "html",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "title",
    "tr",
    "ul",
    "option",
    "select",
    "textarea",
    "head",
    "noscript",
    "template",
    "script",
    "style",
];

/// Tracks line/column while walking the source.
struct Pos<'a> {
    src: &'a str,
    at: usize,
    line: u32,
    col: u32,
}

impl<'a> Pos<'a> {
    fn advance_to(&mut self, target: usize) {
        let target = target.min(self.src.len());
        if target <= self.at {
            return;
        }
        for c in self.src[self.at..target].chars() {
            if c == '\n' {
                self.line += 1;
                self.col = 1;
            } else {
                self.col += 1;
            }
        }
        self.at = target;
    }
}

/// A text run being assembled for one block.
struct Run {
    text: String,
    map: Vec<(usize, u32, u32)>,
    hidden: bool,
    row: Option<u32>,
    /// Text of the `<title>` element (the browser tab, not the page).
    in_title: bool,
}

struct State<'a> {
    ex: Extracted,
    run: Option<Run>,
    visible_blocks: usize,
    /// Segment indices of the first visible blocks (up to [`super::TITLE_SEARCH_LINES`]).
    first_blocks: Vec<usize>,
    /// Inside `<title>` while its text is read.
    in_title: bool,
    _limits: &'a Limits,
}

impl State<'_> {
    fn push_text(&mut self, text: &str, line: u32, col: u32, hidden: bool, row: Option<u32>) {
        if text.is_empty() {
            return;
        }
        if let Some(r) = &self.run {
            if r.hidden != hidden {
                self.flush();
            }
        }
        let run = self.run.get_or_insert_with(|| Run {
            text: String::new(),
            map: Vec::new(),
            hidden,
            row,
            in_title: self.in_title,
        });
        run.map.push((run.text.len(), line, col));
        decode_entities_into(text, line, col, &mut run.text, &mut run.map);
    }

    fn flush(&mut self) {
        let Some(run) = self.run.take() else { return };
        if run.text.trim().is_empty() {
            return;
        }
        let (layer, zone) = if run.hidden {
            (Layer::Hidden("html_hidden"), Zone::Body)
        } else {
            self.visible_blocks += 1;
            if self.visible_blocks <= super::TITLE_SEARCH_LINES && !run.in_title {
                self.first_blocks.push(self.ex.segments.len());
            }
            let z = if self.visible_blocks <= TITLE_BLOCKS {
                Zone::Title
            } else {
                Zone::Body
            };
            (Layer::Visible, z)
        };
        self.ex.segments.push(Segment {
            text: run.text,
            anchor: Anchor::TextMap(run.map),
            layer,
            zone,
            record: run.row,
            title_len: 0,
        });
    }
}

/// Decode character references, adding a breakpoint after each one so positions stay exact.
fn decode_entities_into(
    raw: &str,
    line: u32,
    col: u32,
    out: &mut String,
    map: &mut Vec<(usize, u32, u32)>,
) {
    if !raw.contains('&') {
        out.push_str(raw);
        return;
    }
    let (mut l, mut c) = (line, col);
    let mut rest = raw;
    while let Some(amp) = rest.find('&') {
        let before = &rest[..amp];
        out.push_str(before);
        for ch in before.chars() {
            if ch == '\n' {
                l += 1;
                c = 1;
            } else {
                c += 1;
            }
        }
        let after = &rest[amp..];
        let end = after[1..]
            .find(|ch: char| ch == ';' || ch.is_whitespace() || ch == '&' || ch == '<')
            .map(|e| e + 1);
        let decoded = match end {
            Some(e) if e <= 12 && after.as_bytes().get(e) == Some(&b';') => {
                decode_entity(&after[1..e]).map(|d| (d, e + 1))
            }
            _ => None,
        };
        match decoded {
            Some((d, consumed)) => {
                out.push(d);
                let consumed_chars = after[..consumed].chars().count() as u32;
                c += consumed_chars;
                map.push((out.len(), l, c));
                rest = &after[consumed..];
            }
            None => {
                out.push('&');
                c += 1;
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
}

fn decode_entity(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let v = if let Some(h) = num.strip_prefix('x').or_else(|| num.strip_prefix('X')) {
            u32::from_str_radix(h, 16).ok()?
        } else {
            num.parse::<u32>().ok()?
        };
        return char::from_u32(v).filter(|&c| c != '\0');
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{00A0}',
        "ensp" => '\u{2002}',
        "emsp" => '\u{2003}',
        "thinsp" => '\u{2009}',
        "zwsp" => '\u{200B}',
        "zwnj" => '\u{200C}',
        "zwj" => '\u{200D}',
        "shy" => '\u{00AD}',
        "middot" => '·',
        "times" => '×',
        "divide" => '÷',
        "ldquo" => '“',
        "rdquo" => '”',
        "lsquo" => '‘',
        "rsquo" => '’',
        "mdash" => '—',
        "ndash" => '–',
        "hellip" => '…',
        "copy" => '©',
        "reg" => '®',
        "deg" => '°',
        "bull" => '•',
        "star" => '☆',
        "starf" | "bigstar" => '★',
        "yen" => '¥',
        _ => return None,
    })
}

/// Attribute lookup in a raw start tag (`<div class="a" hidden>`), case-insensitive names.
fn attrs(tag_body: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let b = tag_body.as_bytes();
    let mut i = 0;
    // skip tag name
    while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'/' {
        i += 1;
    }
    while i < b.len() {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            i += 1;
        }
        let ns = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'=' && b[i] != b'/' {
            i += 1;
        }
        if ns == i {
            break;
        }
        let name = tag_body[ns..i].to_ascii_lowercase();
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = String::new();
        if i < b.len() && b[i] == b'=' {
            i += 1;
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            if i < b.len() && (b[i] == b'"' || b[i] == b'\'') {
                let q = b[i];
                let vs = i + 1;
                i = vs;
                while i < b.len() && b[i] != q {
                    i += 1;
                }
                value = tag_body[vs..i.min(b.len())].to_string();
                i += 1;
            } else {
                let vs = i;
                while i < b.len() && !b[i].is_ascii_whitespace() {
                    i += 1;
                }
                value = tag_body[vs..i].to_string();
            }
        }
        out.push((name, value));
    }
    out
}

fn get<'a>(a: &'a [(String, String)], name: &str) -> Option<&'a str> {
    a.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
}

fn style_hides(style: &str) -> bool {
    let s: String = style
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    s.contains("display:none")
        || s.contains("visibility:hidden")
        || s.contains("font-size:0;")
        || s.ends_with("font-size:0")
        || s.contains("font-size:0px")
        || s.contains("opacity:0;")
        || s.ends_with("opacity:0")
        || s.contains("max-height:0")
}

/// Class and id selectors that a `<style>` block hides (`.h{display:none}`, `#x{…}`).
fn hidden_selectors(src: &str) -> (HashSet<String>, HashSet<String>) {
    let mut classes = HashSet::new();
    let mut ids = HashSet::new();
    let lower = src.to_ascii_lowercase();
    let mut from = 0;
    while let Some(s) = lower[from..].find("<style") {
        let s = from + s;
        let Some(gt) = lower[s..].find('>') else {
            break;
        };
        let body_start = s + gt + 1;
        let end = lower[body_start..]
            .find("</style")
            .map(|e| body_start + e)
            .unwrap_or(lower.len());
        let css = &src[body_start..end];
        for rule in css.split('}') {
            let Some((sel, decl)) = rule.split_once('{') else {
                continue;
            };
            if !style_hides(decl) {
                continue;
            }
            for one in sel.split(',') {
                let one = one.trim();
                // only simple selectors: .cls, #id, tag.cls
                let last = one.split_whitespace().last().unwrap_or("");
                if let Some(pos) = last.rfind('.') {
                    classes.insert(last[pos + 1..].to_string());
                } else if let Some(pos) = last.rfind('#') {
                    ids.insert(last[pos + 1..].to_string());
                }
            }
        }
        from = end;
    }
    (classes, ids)
}

/// Extract a decoded HTML page.
pub fn extract_html(src: &str, encoding: &str, limits: &Limits) -> Extracted {
    let (hid_classes, hid_ids) = hidden_selectors(src);
    let mut st = State {
        ex: Extracted {
            encoding: Some(encoding.to_string()),
            ..Default::default()
        },
        run: None,
        visible_blocks: 0,
        first_blocks: Vec::new(),
        in_title: false,
        _limits: limits,
    };
    // element stack: (tag name, hides its subtree)
    let mut stack: Vec<(String, bool)> = Vec::new();
    let mut hidden_depth = 0usize; // number of hiding elements on the stack
    let mut overflow = 0usize; // elements not pushed because the stack is at its cap
    let mut overflowed = false;
    let mut raw_text_until: Option<&'static str> = None; // inside <script>/<style>
    let mut row_counter: u32 = 0;
    let mut current_row: Option<u32> = None;
    let mut pos = Pos {
        src,
        at: 0,
        line: 1,
        col: 1,
    };
    let bytes = src.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if let Some(close) = raw_text_until {
            // raw text element: find its end tag
            let lower_rest = &src[i..];
            let end = find_ci(lower_rest, close)
                .map(|e| i + e)
                .unwrap_or(src.len());
            if close == "</script" {
                pos.advance_to(i);
                let body = &src[i..end];
                if body.chars().any(|c| c.is_alphanumeric()) {
                    // data inside scripts is recoverable by anyone: scan it, as visible body text
                    st.flush();
                    st.ex.segments.push(Segment {
                        text: body.to_string(),
                        anchor: Anchor::Text {
                            line: pos.line,
                            column: pos.col,
                            csv_delim: None,
                        },
                        layer: Layer::Visible,
                        zone: Zone::Body,
                        record: None,
                        title_len: 0,
                    });
                }
            }
            raw_text_until = None;
            i = end;
            continue;
        }
        if bytes[i] == b'<' {
            let rest = &src[i..];
            if let Some(after) = rest.strip_prefix("<!--") {
                let end = after.find("-->").map(|e| i + 4 + e).unwrap_or(src.len());
                pos.advance_to(i + 4);
                let body = &src[(i + 4).min(end)..end];
                if body.chars().any(|c| c.is_alphanumeric())
                    && !body.trim_start().starts_with("[if")
                {
                    st.flush();
                    st.ex.segments.push(Segment {
                        text: body.to_string(),
                        anchor: Anchor::Text {
                            line: pos.line,
                            column: pos.col,
                            csv_delim: None,
                        },
                        layer: Layer::Hidden("html_comment"),
                        zone: Zone::Body,
                        record: None,
                        title_len: 0,
                    });
                }
                i = (end + 3).min(src.len());
                continue;
            }
            if rest.starts_with("<!") || rest.starts_with("<?") {
                let end = rest.find('>').map(|e| i + e + 1).unwrap_or(src.len());
                i = end;
                continue;
            }
            let is_end = rest.starts_with("</");
            let name_start = if is_end { 2 } else { 1 };
            let name_len = rest[name_start..]
                .bytes()
                .take_while(|b| b.is_ascii_alphanumeric() || *b == b'-' || *b == b':')
                .count();
            if name_len == 0 {
                // a lone '<' is text
                push_char_text(
                    &mut st,
                    &mut pos,
                    src,
                    i,
                    i + 1,
                    hidden_depth > 0,
                    current_row,
                );
                i += 1;
                continue;
            }
            let tag_end = find_tag_end(&bytes[i..])
                .map(|e| i + e)
                .unwrap_or(src.len());
            let name = rest[name_start..name_start + name_len].to_ascii_lowercase();
            let body = &src[(i + 1).min(tag_end)..tag_end.saturating_sub(0).max(i + 1)];
            if BLOCK.contains(&name.as_str()) {
                st.flush();
            }
            if is_end {
                if let Some(idx) = stack.iter().rposition(|(n, _)| *n == name) {
                    for (_, hides) in stack.drain(idx..) {
                        if hides {
                            hidden_depth -= 1;
                        }
                    }
                } else {
                    overflow = overflow.saturating_sub(1);
                }
                if name == "tr" {
                    current_row = None;
                }
            } else {
                let a = attrs(body);
                let self_closing = body.trim_end().ends_with('/');
                let mut hides = get(&a, "hidden").is_some()
                    || get(&a, "style").map(style_hides).unwrap_or(false)
                    || get(&a, "aria-hidden").is_some()
                        && get(&a, "style").map(style_hides).unwrap_or(false)
                    || name == "template";
                if let Some(cls) = get(&a, "class") {
                    if cls.split_whitespace().any(|c| hid_classes.contains(c)) {
                        hides = true;
                    }
                }
                if let Some(id) = get(&a, "id") {
                    if hid_ids.contains(id) {
                        hides = true;
                    }
                }
                pos.advance_to(i);
                let (tl, tc) = (pos.line, pos.col);
                // attributes that carry text
                let input_hidden = name == "input"
                    && get(&a, "type")
                        .map(|t| t.eq_ignore_ascii_case("hidden"))
                        .unwrap_or(false);
                for (an, av) in &a {
                    let carries =
                        matches!(an.as_str(), "alt" | "title" | "placeholder" | "aria-label")
                            || (an == "value" && name == "input");
                    // hidden form inputs of ordinary pages carry ids and tokens: only values with
                    // Chinese text or identifier-like digit runs are content worth reporting
                    let meaningful = !input_hidden
                        || av.chars().any(crate::normalize::is_cjk)
                        || av.contains('@')
                        || av
                            .split(|c: char| !c.is_ascii_digit())
                            .any(|run| run.len() >= 7);
                    if carries && meaningful && av.chars().any(|c| c.is_alphanumeric()) {
                        let layer = if input_hidden || hides || hidden_depth > 0 {
                            Layer::Hidden("html_hidden")
                        } else {
                            Layer::Visible
                        };
                        st.ex.segments.push(Segment {
                            text: decode_attr(av),
                            anchor: Anchor::Text {
                                line: tl,
                                column: tc,
                                csv_delim: None,
                            },
                            layer,
                            zone: Zone::Body,
                            record: current_row,
                            title_len: 0,
                        });
                    }
                }
                if name == "meta" {
                    let mname = get(&a, "name")
                        .or_else(|| get(&a, "property"))
                        .unwrap_or("")
                        .to_ascii_lowercase();
                    if let Some(content) = get(&a, "content") {
                        let kind = match mname.as_str() {
                            "author" | "article:author" => Some("author"),
                            "keywords" | "description" | "subject" | "generator" => Some("other"),
                            _ if mname.contains("title") => Some("title"),
                            _ => None,
                        };
                        if let (Some(kind), true) =
                            (kind, content.chars().any(|c| c.is_alphanumeric()))
                        {
                            let loc = Location {
                                line: Some(tl),
                                column: Some(tc),
                                field: Some(format!("meta:{mname}")),
                                ..Default::default()
                            };
                            st.ex.segments.push(Segment::fixed(
                                decode_attr(content),
                                loc,
                                Layer::Metadata(kind),
                                Zone::Metadata,
                            ));
                        }
                    }
                }
                if name == "img" || name == "embed" || name == "object" || name == "iframe" {
                    let what = if name == "img" {
                        "embedded image"
                    } else {
                        "embedded object"
                    };
                    let reason = if name == "img" {
                        "images are not read"
                    } else {
                        "embedded content is not fetched"
                    };
                    st.ex.not_examined.push(super::NotExamined {
                        what: what.into(),
                        location: Location::line_col(tl, tc),
                        reason: reason.into(),
                    });
                }
                if name == "tr" {
                    row_counter += 1;
                    current_row = Some(row_counter);
                }
                if !VOID.contains(&name.as_str()) && !self_closing {
                    if stack.len() < limits.max_html_depth {
                        if hides {
                            hidden_depth += 1;
                        }
                        stack.push((name.clone(), hides));
                    } else {
                        overflow += 1;
                        overflowed = true;
                    }
                    if name == "script" {
                        raw_text_until = Some("</script");
                    } else if name == "style" {
                        raw_text_until = Some("</style");
                    } else if name == "textarea" || name == "title" {
                        // RCDATA: plain text until the end tag; handled as normal text below
                    }
                }
            }
            i = (tag_end + 1).min(src.len()).max(i + 1);
            continue;
        }
        // text up to the next '<'
        let end = src[i..].find('<').map(|e| i + e).unwrap_or(src.len());
        st.in_title = stack.last().is_some_and(|(n, _)| n == "title");
        push_char_text(
            &mut st,
            &mut pos,
            src,
            i,
            end,
            hidden_depth > 0,
            current_row,
        );
        i = end;
    }
    st.flush();
    if overflowed {
        st.ex.not_examined.push(super::NotExamined {
            what: "deeply nested elements".into(),
            location: Location::item(),
            reason: format!(
                "nesting deeper than {} elements is read as flat text",
                limits.max_html_depth
            ),
        });
        // read as flat text, whether a deep element is hidden is not known: not a pass
        st.ex.problems.push(super::Problem::new(
            "limit_exceeded",
            Location::item(),
            format!(
                "elements nested deeper than {}: text read flat, hidden parts not told apart",
                limits.max_html_depth
            ),
        ));
    }
    extend_title_area(&mut st);
    st.ex
}

/// The title area is the first [`TITLE_BLOCKS`] visible blocks, or more when the page's
/// title comes later (navigation, dates and share links above it on a saved portal page):
/// then every block up to the title.
fn extend_title_area(st: &mut State) {
    let segs = &mut st.ex.segments;
    let Some(k) = st
        .first_blocks
        .iter()
        .position(|&i| segs[i].text.lines().any(super::is_title_line))
    else {
        return;
    };
    for &i in st.first_blocks.iter().take(k + 1).skip(TITLE_BLOCKS) {
        segs[i].zone = Zone::Title;
    }
}

fn push_char_text(
    st: &mut State,
    pos: &mut Pos,
    src: &str,
    start: usize,
    end: usize,
    hidden: bool,
    row: Option<u32>,
) {
    pos.advance_to(start);
    let (l, c) = (pos.line, pos.col);
    st.push_text(&src[start..end], l, c, hidden, row);
    // a line break inside text separates lines for the marking recognizer
}

fn decode_attr(v: &str) -> String {
    let mut out = String::new();
    let mut map = Vec::new();
    decode_entities_into(v, 1, 1, &mut out, &mut map);
    out
}

fn find_ci(hay: &str, needle: &str) -> Option<usize> {
    let n = needle.as_bytes();
    hay.as_bytes()
        .windows(n.len())
        .position(|w| w.eq_ignore_ascii_case(n))
}

/// End of a tag (`>`), skipping quoted attribute values.
fn find_tag_end(b: &[u8]) -> Option<usize> {
    let mut q: Option<u8> = None;
    for (i, &c) in b.iter().enumerate().skip(1) {
        match q {
            Some(qc) if c == qc => q = None,
            Some(_) => {}
            None if c == b'"' || c == b'\'' => {
                // quotes only matter inside the attribute part
                if i > 0 && matches!(b[i - 1], b'=' | b' ') {
                    q = Some(c)
                }
            }
            None if c == b'>' => return Some(i),
            None => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ex(src: &str) -> Extracted {
        extract_html(src, "UTF-8", &Limits::default())
    }

    #[test]
    fn title_area_reaches_the_article_title() {
        let nav: String = (1..=8)
            .map(|i| format!("<li><a href=\"/{i}\">栏目{i}</a></li>"))
            .collect();
        let src = format!(
            "<html><head><title>关于开展安全生产大检查的通知</title></head><body><ul>{nav}</ul><div>当前位置：首页 &gt; 通知公告</div><p>秘密</p><h1>关于开展安全生产大检查的通知</h1><p>各单位：</p><p>正文。</p></body></html>"
        );
        let e = ex(&src);
        let zone = |t: &str| e.segments.iter().find(|s| s.text == t).map(|s| s.zone);
        assert_eq!(zone("秘密"), Some(Zone::Title));
        assert_eq!(zone("关于开展安全生产大检查的通知"), Some(Zone::Title));
        assert_eq!(zone("各单位："), Some(Zone::Body));
        // no title line: the first six blocks only
        let src = format!("<html><body><ul>{nav}</ul><p>秘密</p><p>正文。</p></body></html>");
        let e = ex(&src);
        let zone = |t: &str| e.segments.iter().find(|s| s.text == t).map(|s| s.zone);
        assert_eq!(zone("秘密"), Some(Zone::Body));
    }

    #[test]
    fn visible_hidden_comment() {
        let src = "<html><head><title>通知</title><meta name=\"author\" content=\"张三\"></head>\n<body>\n<p>内部文件　不得外传</p>\n<!-- 旧稿：秘密★1年 -->\n<div style=\"display: none\">隐藏的文字</div>\n<p>正文<b>加粗</b>继续</p>\n<input type=\"hidden\" value=\"13800138000\">\n</body></html>";
        let e = ex(src);
        let texts: Vec<(&str, Layer)> = e
            .segments
            .iter()
            .map(|s| (s.text.as_str(), s.layer))
            .collect();
        assert!(
            texts.contains(&("内部文件　不得外传", Layer::Visible)),
            "{texts:?}"
        );
        assert!(texts
            .iter()
            .any(|(t, l)| t.contains("秘密★1年") && *l == Layer::Hidden("html_comment")));
        assert!(texts.contains(&("隐藏的文字", Layer::Hidden("html_hidden"))));
        assert!(
            texts.contains(&("正文加粗继续", Layer::Visible)),
            "{texts:?}"
        );
        assert!(texts.contains(&("13800138000", Layer::Hidden("html_hidden"))));
        assert!(texts.contains(&("张三", Layer::Metadata("author"))));
        let p = e
            .segments
            .iter()
            .find(|s| s.text == "内部文件　不得外传")
            .unwrap();
        assert_eq!(p.anchor, Anchor::TextMap(vec![(0, 3, 4)]));
        assert_eq!(p.zone, Zone::Title);
    }

    #[test]
    fn css_class_hiding_and_entities() {
        let src =
            "<style>.x{display:none}</style><p class=\"x\">藏</p><p>&#x673A;&#23494;&amp;b</p>";
        let e = ex(src);
        assert!(e
            .segments
            .iter()
            .any(|s| s.text == "藏" && s.layer == Layer::Hidden("html_hidden")));
        let s = e.segments.iter().find(|s| s.text == "机密&b").unwrap();
        match &s.anchor {
            Anchor::TextMap(m) => assert!(m.len() >= 3),
            _ => panic!(),
        }
    }

    #[test]
    fn deep_nesting_is_linear_and_bounded() {
        let depth = 100_000;
        let mut src = String::new();
        for _ in 0..depth {
            src.push_str("<div>");
        }
        src.push_str("深处的文字");
        for _ in 0..depth {
            src.push_str("</div>");
        }
        let t = std::time::Instant::now();
        let e = ex(&src);
        assert!(t.elapsed().as_secs() < 5);
        assert!(e.segments.iter().any(|s| s.text.contains("深处的文字")));
        assert!(!e.not_examined.is_empty());
    }

    #[test]
    fn ordinary_hidden_inputs_are_not_content() {
        let e = ex("<form><input type=\"hidden\" name=\"siteId\" value=\"12\"><input type=\"hidden\" name=\"t\" value=\"a8f3c2\"></form><p>正文</p>");
        assert!(
            e.segments.iter().all(|s| s.layer == Layer::Visible),
            "{:?}",
            e.segments
        );
        let e = ex("<input type=\"hidden\" value=\"张三 13800138000\">");
        assert!(e
            .segments
            .iter()
            .any(|s| s.layer == Layer::Hidden("html_hidden")));
    }

    #[test]
    fn broken_markup_does_not_panic() {
        for src in [
            "<",
            "<p",
            "<p class=\"",
            "<!--",
            "</",
            "<a href='x>y</a>",
            "&#xFFFFFFFF;",
            "&#0;",
            "<script>",
            "<p>a</q></p>",
        ] {
            let _ = ex(src);
        }
    }
}
