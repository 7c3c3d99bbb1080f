//! text_csv: the txt/md and csv extractors (decoding UTF-8, UTF-16 with BOM, GB18030 included)
//! on the same bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(
    init: {
        baomi_fuzz::init();
    },
    |data: &[u8]| {
        baomi_fuzz::run_format("txt", data);
        baomi_fuzz::run_format("csv", data);
    }
);
