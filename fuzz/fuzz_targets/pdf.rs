//! pdf: the PDF extractor. Until PDF support lands, `extract_format(cfg, "pdf", …)` returns an
//! `unsupported_format` problem and this target only exercises that path; it needs no change
//! once the extractor is real.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(
    init: {
        baomi_fuzz::init();
    },
    |data: &[u8]| {
        baomi_fuzz::run_format("pdf", data);
    }
);
