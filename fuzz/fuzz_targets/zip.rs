//! zip: the zip archive extractor (entries are sniffed and extracted recursively, with depth and size budgets).
//!
//! Input: a zip archive, or NUL-separated text entries (`baomi_fuzz::ZIP_PARTS`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(
    init: {
        baomi_fuzz::init();
    },
    |data: &[u8]| {
        let pkg = baomi_fuzz::package(baomi_fuzz::ZIP_PARTS, data);
        baomi_fuzz::run_format("zip", &pkg);
    }
);
