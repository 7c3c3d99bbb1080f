//! html: the HTML extractor (text nodes, hidden elements, comments, depth limit).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(
    init: {
        baomi_fuzz::init();
    },
    |data: &[u8]| {
        baomi_fuzz::run_format("html", data);
    }
);
