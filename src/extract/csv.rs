//! CSV: read as text lines so that every location is the original line and column; the
//! delimiter is guessed from the first line and each hit also gets its `row`/`col`.

use super::Extracted;

/// Extract a decoded csv file.
pub fn extract_csv(text: String, encoding: &str) -> Extracted {
    let delim = super::text::guess_delimiter(&text);
    super::text::extract_text(text, encoding, Some(delim))
}

/// 1-based field index of byte `offset` within one csv line, honouring double quotes.
pub fn field_index(line: &str, offset: usize, delim: u8) -> u32 {
    let mut idx = 1;
    let mut in_quotes = false;
    for (i, b) in line.bytes().enumerate() {
        if i >= offset {
            break;
        }
        if b == b'"' {
            in_quotes = !in_quotes;
        } else if b == delim && !in_quotes {
            idx += 1;
        }
    }
    idx
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn fields() {
        let l = "1,\"张,三\",330106199001011234";
        assert_eq!(field_index(l, 0, b','), 1);
        assert_eq!(field_index(l, l.find("330").unwrap(), b','), 3);
        assert_eq!(field_index("a\tb", 2, b'\t'), 2);
    }
}
