//! Plain text and Markdown: one segment for the title area (the first non-empty lines, where
//! a 版头 carries 份号, 密级 and 紧急程度) and one for the rest, both anchored at their line.

use super::{Anchor, Extracted, Layer, Segment, Zone};

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

/// Byte offset just after the line that completes the title area.
fn title_split(text: &str) -> usize {
    let mut nonempty = 0;
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        pos += line.len();
        if line.trim().chars().any(|c| c.is_alphanumeric()) {
            nonempty += 1;
            if nonempty >= TITLE_LINES {
                return pos;
            }
        }
        // never let a huge single line make the title area huge
        if pos > 64 * 1024 {
            return pos;
        }
    }
    pos
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
        assert_eq!(&s.text[..s.title_len], &t[..t.find("第五段").unwrap()]);
        assert_eq!(s.zone, Zone::Body);
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
