//! Plain text and Markdown: one segment for the title area (the first non-empty lines, where
//! a 版头 carries 份号, 密级 and 紧急程度) and one for the rest, both anchored at their line.

use super::{Anchor, Extracted, Layer, Location, Segment, Zone};

/// Number of non-empty lines that make up the title area.
pub const TITLE_LINES: usize = 6;

/// One segment for the whole text; its first lines (the title area) are marked by `title_len`.
pub fn extract_text(text: String, encoding: &str, csv_delim: Option<u8>) -> Extracted {
    let mut ex = Extracted {
        encoding: Some(encoding.to_string()),
        ..Default::default()
    };
    if text.is_empty() {
        return ex;
    }
    let split = title_split(&text);
    ex.segments.push(Segment {
        text,
        anchor: Anchor::Text {
            line: 1,
            column: 1,
            csv_delim,
        },
        layer: Layer::Visible,
        zone: Zone::Body,
        record: None,
        title_len: split,
    });
    ex
}

/// Byte offset just after the line that completes the title area: the first
/// [`TITLE_LINES`] non-empty lines, or more when the document's title line comes later
/// (within [`super::TITLE_SEARCH_LINES`]: a page saved from a portal with navigation above
/// the title) — then up to and including the title line.
fn title_split(text: &str) -> usize {
    let (mut nonempty, mut pos) = (0, 0);
    let (mut six, mut title_end, mut closes) = (None, None, false);
    for line in text.split_inclusive('\n') {
        // body prose ends the title area (a 版头 holds no sentences): the lines after it are
        // the body
        if super::is_prose_line(line) {
            let end = pos + line.len();
            return match title_end {
                Some(t) if closes => t,
                _ => end.min(six.unwrap_or(end)).max(title_end.unwrap_or(0)),
            };
        }
        pos += line.len();
        if line.trim().chars().any(|c| c.is_alphanumeric()) {
            nonempty += 1;
            if nonempty == TITLE_LINES {
                six = Some(pos);
            }
            if title_end.is_none() && super::is_title_line(line) {
                title_end = Some(pos);
                closes = super::closes_title_area(line);
            }
            if nonempty >= TITLE_LINES
                && (title_end.is_some() || nonempty >= super::TITLE_SEARCH_LINES)
            {
                break;
            }
        }
        // never let a huge single line make the title area huge
        if pos > 64 * 1024 {
            break;
        }
    }
    match title_end {
        Some(t) if closes => t,
        _ => six.unwrap_or(pos).max(title_end.unwrap_or(0)),
    }
}

/// What a Markdown page shows or hides beyond its source lines: each HTML comment
/// (`<!-- … -->`, not rendered) is a `Hidden("html_comment")` segment; a line that renders
/// differently once emphasis, code marks and comments are taken out (`110105**19850312**4566`
/// shows an unbroken number) is added as rendered, when that joins digits. Located by line.
pub fn markdown_layers(text: &str) -> Vec<Segment> {
    let mut out = Vec::new();
    let line_of = |off: usize| text[..off].bytes().filter(|&b| b == b'\n').count() as u32 + 1;
    // comments
    let mut at = 0;
    while let Some(p) = text[at..].find("<!--") {
        let s = at + p;
        let Some(e) = text[s + 4..].find("-->").map(|e| s + 4 + e) else {
            break;
        };
        let body = text[s + 4..e].trim();
        if body.chars().any(char::is_alphanumeric) && out.len() < 10_000 {
            out.push(Segment::fixed(
                body.to_string(),
                Location::line_col(line_of(s), 1),
                Layer::Hidden("html_comment"),
                Zone::Body,
            ));
        }
        at = e + 3;
    }
    // rendered lines
    for (i, line) in text.lines().enumerate() {
        if !line.contains(['*', '_', '`', '<']) || !line.bytes().any(|b| b.is_ascii_digit()) {
            continue;
        }
        let mut r = String::with_capacity(line.len());
        let mut rest = line;
        while let Some(p) = rest.find("<!--") {
            r.push_str(&rest[..p]);
            match rest[p..].find("-->") {
                Some(e) => rest = &rest[p + e + 3..],
                None => {
                    rest = "";
                }
            }
        }
        r.push_str(rest);
        let r: String = r.replace("**", "").replace("__", "").replace('`', "");
        // only when a digit now touches a digit it did not touch before
        let joins = |t: &str| {
            t.as_bytes()
                .windows(2)
                .filter(|w| w[0].is_ascii_digit() && w[1].is_ascii_digit())
                .count()
        };
        if joins(&r) > joins(line) && out.len() < 10_000 {
            out.push(Segment::fixed(
                r,
                Location::line_col(i as u32 + 1, 1),
                Layer::Visible,
                Zone::Body,
            ));
        }
    }
    out
}

/// Guess a csv delimiter from the first line.
pub fn guess_delimiter(text: &str) -> u8 {
    let first = text.lines().next().unwrap_or("");
    let counts = [b',', b'\t', b';', b'|'].map(|d| (first.bytes().filter(|&b| b == d).count(), d));
    counts
        .iter()
        .max_by_key(|c| c.0)
        .filter(|c| c.0 > 0)
        .map(|c| c.1)
        .unwrap_or(b',')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_and_body() {
        let t = "秘密★1年\n\n关于…的报告\n第一段\n第二段\n第三段\n第四段\n第五段\n".to_string();
        let ex = extract_text(t.clone(), "UTF-8", None);
        assert_eq!(ex.segments.len(), 1);
        let s = &ex.segments[0];
        // a subject title (关于…的报告) ends the title area: what follows is the body
        assert_eq!(&s.text[..s.title_len], &t[..t.find("第一段").unwrap()]);
        assert_eq!(s.zone, Zone::Body);
    }

    #[test]
    fn title_area_reaches_a_late_title_line() {
        // a page saved from a portal: navigation and dates above the marking and the title
        let t = "首页 > 政务公开 > 通知公告\n发布日期：2025-03-01\n来源：市住建局\n浏览次数：12\n字号：大 中 小\n打印本页\n秘密\n关于做好2025年城市防汛排涝工作的通知\n各区：\n正文\n";
        let ex = extract_text(t.to_string(), "UTF-8", None);
        let s = &ex.segments[0];
        assert_eq!(&s.text[..s.title_len], &t[..t.find("各区").unwrap()]);
        // no title line within reach: six lines, as before
        let t = (1..30).map(|i| format!("第{i}行\n")).collect::<String>();
        let ex = extract_text(t.clone(), "UTF-8", None);
        let s = &ex.segments[0];
        assert_eq!(&s.text[..s.title_len], &t[..t.find("第7行").unwrap()]);
        // a subject title on line 2 ends the area there; a title without 关于 (a 简报's
        // name) keeps the six lines, its 版头 lines may follow it
        let t = "000123\n关于开展检查的通知\n一\n二\n三\n四\n五\n";
        let ex = extract_text(t.to_string(), "UTF-8", None);
        let s = &ex.segments[0];
        assert_eq!(&s.text[..s.title_len], &t[..t.find("一").unwrap()]);
        let t =
            "城镇燃气安全工作简报\n第19期\n市燃气办编　2025年4月2日　内部资料\n一\n二\n三\n四\n";
        let ex = extract_text(t.to_string(), "UTF-8", None);
        let s = &ex.segments[0];
        assert_eq!(&s.text[..s.title_len], &t[..t.find("四").unwrap()]);
    }

    #[test]
    fn body_prose_ends_the_title_area() {
        // an article: its first sentence ends the title area, so a section heading 「工作秘密」
        // below is body text
        let t = "国家秘密和工作秘密有什么区别\n很多同志对国家秘密和工作秘密的区别不太清楚，下面简要说明。\n工作秘密\n机关在履行职能中产生的事项。\n";
        let ex = extract_text(t.to_string(), "UTF-8", None);
        let s = &ex.segments[0];
        assert_eq!(
            &s.text[..s.title_len],
            &t[..t.find("工作秘密\n机关").unwrap()]
        );
        // near misses: a 版头 without sentences keeps its six lines; a short line with a full
        // stop is no prose
        let t = "工作秘密\n市住建局文件\n建办〔2025〕3号\n各区：\n请知悉。\n内部资料\n七\n";
        let ex = extract_text(t.to_string(), "UTF-8", None);
        let s = &ex.segments[0];
        assert_eq!(&s.text[..s.title_len], &t[..t.find("七").unwrap()]);
    }

    #[test]
    fn empty_and_one_line() {
        assert!(extract_text(String::new(), "UTF-8", None)
            .segments
            .is_empty());
        let ex = extract_text("x".repeat(10), "UTF-8", None);
        assert_eq!(ex.segments.len(), 1);
    }

    #[test]
    fn delimiters() {
        assert_eq!(guess_delimiter("a,b,c\n"), b',');
        assert_eq!(guess_delimiter("a\tb\tc\n"), b'\t');
        assert_eq!(guess_delimiter("abc\n"), b',');
    }
}
