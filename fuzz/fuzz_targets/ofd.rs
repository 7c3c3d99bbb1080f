//! ofd: the OFD extractor (OFD.xml, documents, pages, templates, annotations, attachments: nested items are sniffed and extracted).
//!
//! Input: a zip package, or NUL-separated parts (`baomi_fuzz::OFD_PARTS`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(
    init: {
        baomi_fuzz::init();
    },
    |data: &[u8]| {
        // a zip as is, or NUL-separated XML parts wrapped into one (see baomi_fuzz::package)
        let pkg = baomi_fuzz::package(baomi_fuzz::OFD_PARTS, data);
        baomi_fuzz::run_format("ofd", &pkg);
    }
);
