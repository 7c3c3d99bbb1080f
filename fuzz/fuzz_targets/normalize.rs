//! normalize: arbitrary bytes → lossy UTF-8 → `normalize`, then the offset-map promises of
//! src/normalize.rs: every normalized offset maps into the original, in bounds, onto a char
//! boundary (the start of the char that produced it), monotonically; the end maps to the end;
//! plain ASCII without tabs or double spaces is the identity.
//!
//! `BAOMI_FUZZ_NORMALIZE=bounds` checks only that offsets stay in bounds (and the ASCII
//! identity), to keep fuzzing for panics while a known char-boundary/monotonicity violation is
//! open (docs/robustness.md, "Found and fixed").
#![no_main]

use baomi::normalize::normalize;
use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;

static BOUNDS_ONLY: LazyLock<bool> =
    LazyLock::new(|| std::env::var("BAOMI_FUZZ_NORMALIZE").is_ok_and(|v| v == "bounds"));

fuzz_target!(
    init: {
        baomi_fuzz::init();
    },
    |data: &[u8]| {
        let orig = String::from_utf8_lossy(data);
        let orig: &str = &orig;
        let n = normalize(orig);
        let t = &n.text;

        // the end of the normalized text is the end of the original
        assert_eq!(n.orig(t.len()), orig.len(), "orig(len)");
        assert_eq!(n.orig_end(t.len()), orig.len(), "orig_end(len)");

        let mut prev_start = 0usize;
        let mut prev_end = 0usize;
        for (i, _) in t.char_indices().chain(std::iter::once((t.len(), ' '))) {
            let o = n.orig(i);
            let oe = n.orig_end(i);
            assert!(o <= orig.len(), "orig({i}) = {o} > original length {}", orig.len());
            assert!(oe <= orig.len(), "orig_end({i}) = {oe} > original length {}", orig.len());
            if *BOUNDS_ONLY {
                continue;
            }
            assert!(
                orig.is_char_boundary(o),
                "orig({i}) = {o} is not a char boundary of the original {orig:?} (normalized {t:?})"
            );
            assert!(
                orig.is_char_boundary(oe),
                "orig_end({i}) = {oe} is not a char boundary of the original {orig:?} (normalized {t:?})"
            );
            assert!(o >= prev_start, "orig not monotonic at {i}: {o} < {prev_start}");
            assert!(oe >= prev_end, "orig_end not monotonic at {i}: {oe} < {prev_end}");
            prev_start = o;
            prev_end = oe;
        }

        // a hit's original range is a valid slice whenever the normalized one is
        if !t.is_empty() && !*BOUNDS_ONLY {
            let s = t.char_indices().nth(t.chars().count() / 3).map(|c| c.0).unwrap_or(0);
            let e = t.len();
            let (os, oe) = (n.orig(s), n.orig_end(e));
            assert!(os <= oe, "orig range reversed: {os}..{oe}");
            let _ = &orig[os..oe];
        }

        // plain ASCII (no tab, no run of spaces) is left alone, offsets included
        if orig.bytes().all(|b| b.is_ascii() && b != b'\t') && !orig.contains("  ") {
            assert_eq!(t, orig, "ASCII changed by normalization");
            for i in 0..=t.len() {
                assert_eq!(n.orig(i), i, "ASCII offset {i} moved");
            }
        }
    }
);
