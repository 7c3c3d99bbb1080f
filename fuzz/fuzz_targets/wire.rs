//! wire: what a parent reads from a scanning worker (`decode_result`: a report and its masked
//! identifiers) and what a worker reads from its parent (`Request::decode`). A worker reads
//! hostile files, so the parent treats its replies as untrusted: any bytes must decode to
//! `None` or to a value, never panic or allocate more than the input holds (the count checks
//! in src/wire.rs). What decodes re-encodes to bytes that decode to the same encoding again.
//!
//! The first byte selects the decoder (even: result, odd: request); the rest is the message.
#![no_main]

use baomi::wire::{decode_result, encode_result, Request};
use libfuzzer_sys::fuzz_target;

fuzz_target!(
    init: {
        baomi_fuzz::init();
    },
    |data: &[u8]| {
        let Some((&sel, msg)) = data.split_first() else {
            return;
        };
        if sel % 2 == 0 {
            if let Some((report, masked)) = decode_result(msg, 7) {
                assert!(masked.iter().all(|m| m.item == 7));
                let once = encode_result(&report, &masked);
                let (r2, m2) = decode_result(&once, 7).expect("a re-encoded result decodes");
                assert_eq!(m2.len(), masked.len());
                assert_eq!(encode_result(&r2, &m2), once, "encode(decode(x)) is stable");
            }
        } else if let Some(req) = Request::decode(msg) {
            let _ = req.limits();
            let once = req.encode();
            let again = Request::decode(&once).expect("a re-encoded request decodes");
            assert_eq!(again.encode(), once);
        }
    }
);
