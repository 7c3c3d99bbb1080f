//! detect: the identifier recognizer, the marking recognizer and the dictionary on arbitrary
//! (normalized) text. Every hit must be a valid range of the text; the excerpt and display
//! helpers must never hand back an unmasked identifier in full.
//!
//! Input: first byte picks the layout zone, the rest is text (lossy UTF-8).
#![no_main]

use baomi::detect::identifiers::{mask_for_display, redact, IdKind, Mask};
use baomi::extract::Zone;
use baomi::normalize::normalize;
use baomi::scan::{guard_digits, make_excerpt};
use baomi_fuzz::CFG;
use libfuzzer_sys::fuzz_target;

const ZONES: [Zone; 6] = [
    Zone::Title,
    Zone::Body,
    Zone::HeaderFooter,
    Zone::FileName,
    Zone::SheetName,
    Zone::Metadata,
];

/// Identifier kinds whose unmasked value must never be shown in full.
fn personal(kind: IdKind) -> bool {
    matches!(
        kind,
        IdKind::ResidentId
            | IdKind::Mobile
            | IdKind::Landline
            | IdKind::BankCard
            | IdKind::Passport
            | IdKind::HkMacauPermit
    )
}

/// Separators removed, upper case: an identifier shown with spaces or hyphens is still shown.
fn squeeze(s: &str) -> String {
    s.chars()
        .filter(|c| !matches!(c, ' ' | '-' | '\u{3000}' | '\u{00A0}' | '\t'))
        .collect::<String>()
        .to_ascii_uppercase()
}

fn check_range(text: &str, s: usize, e: usize, what: &str) {
    assert!(
        s <= e && e <= text.len(),
        "{what}: range {s}..{e} outside 0..{}",
        text.len()
    );
    assert!(
        text.is_char_boundary(s) && text.is_char_boundary(e),
        "{what}: range {s}..{e} not on char boundaries"
    );
}

fuzz_target!(
    init: {
        baomi_fuzz::init();
    },
    |data: &[u8]| {
        let Some((&z, rest)) = data.split_first() else { return };
        let zone = ZONES[z as usize % ZONES.len()];
        let raw = String::from_utf8_lossy(rest);
        let n = normalize(&raw);
        let text = n.text.as_str();
        let title: String = text.chars().take(200).collect();

        // identifiers
        let ids = CFG.ids.find(text);
        let mut prev_end = 0;
        for m in &ids {
            check_range(text, m.start, m.end, m.kind.as_str());
            assert!(m.start >= prev_end, "identifier matches overlap or are unsorted");
            prev_end = m.end;
            let shown = mask_for_display(m.kind, &m.value);
            let excerpt = make_excerpt(text, m.start, m.end);
            if m.mask == Mask::None && personal(m.kind) {
                let v = m.value.to_ascii_uppercase();
                assert!(
                    !squeeze(&shown).contains(&v),
                    "mask_for_display shows {} in full: {shown:?}",
                    m.kind.as_str()
                );
                assert!(
                    !squeeze(&excerpt).contains(&v),
                    "excerpt shows unmasked {} in full: {excerpt:?}",
                    m.kind.as_str()
                );
            }
        }
        // the last line of defence and the redactor never leave a long digit run whole
        let red = guard_digits(&redact(text));
        for m in ids.iter().filter(|m| m.mask == Mask::None && personal(m.kind)) {
            assert!(
                !squeeze(&red).contains(&m.value.to_ascii_uppercase()),
                "redact+guard_digits shows unmasked {} in full",
                m.kind.as_str()
            );
        }

        // markings
        for h in CFG.marks.find(text, zone) {
            check_range(text, h.start, h.end, &h.rule);
            let _ = make_excerpt(text, h.start, h.end);
        }
        if zone == Zone::FileName {
            for h in CFG.marks.find_in_file_name(text) {
                check_range(text, h.start, h.end, &h.rule);
            }
        }

        // dictionary
        for h in CFG.dict.find(text, zone, &title) {
            check_range(text, h.start, h.end, &h.rule);
            let _ = make_excerpt(text, h.start, h.end);
        }
    }
);
