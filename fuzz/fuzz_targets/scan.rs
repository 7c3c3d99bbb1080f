//! scan: the whole per-item pipeline on text-like items (extract → normalize → detect → policy
//! → findings with locations and excerpts), through `scan_bytes` as the service calls it.
//! `scan_bytes` catches panics per item, but libfuzzer-sys aborts on any panic (unless
//! BAOMI_FUZZ_CAUGHT_PANICS=ignore), so a panic in location mapping or excerpt building is
//! still a finding. Every excerpt must already be guarded: `guard_digits(excerpt) == excerpt`
//! (no run of 7+ digits left whole).
//!
//! Input: first byte picks the file name (txt, csv, html, md), the rest is the file.
#![no_main]

use baomi::report::Responsibility;
use baomi::scan::{guard_digits, scan_bytes};
use libfuzzer_sys::fuzz_target;

const NAMES: [&str; 4] = ["通知.txt", "名单.csv", "页面.html", "简报.md"];

fuzz_target!(
    init: {
        baomi_fuzz::init();
    },
    |data: &[u8]| {
        let Some((&sel, rest)) = data.split_first() else { return };
        let name = NAMES[sel as usize % NAMES.len()];
        let resp = Responsibility {
            unit: Some("办公室".into()),
            drafter: Some("张三".into()),
            source: "cli".into(),
            ..Default::default()
        };
        let report = scan_bytes(&baomi_fuzz::CFG, name, rest, Some(resp));
        for f in &report.findings {
            if let Some(x) = &f.excerpt {
                assert_eq!(&guard_digits(x), x, "excerpt of {} not guarded", f.rule);
            }
        }
    }
);
