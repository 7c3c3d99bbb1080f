//! sheet: the spreadsheet extractor (xlsx/xlsm, xlsb, xls, ods).
//!
//! Input: a zip (`PK`) or an OLE2 file: the format is the one the content sniffs as (with a
//! neutral file name); such bytes that do not sniff as a spreadsheet are given to one of the
//! four readers chosen by the input length, so damaged signatures still reach every reader.
//! Anything else is parts mode: the first byte picks xlsx (even) or ods (odd) and the rest is
//! NUL-separated XML parts (`baomi_fuzz::XLSX_PARTS` / `ODS_PARTS`) stored in a fresh zip.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::Path;

const SHEETS: [&str; 4] = ["xlsx", "xlsb", "xls", "ods"];
const CFB_MAGIC: [u8; 4] = [0xD0, 0xCF, 0x11, 0xE0];

fuzz_target!(
    init: {
        baomi_fuzz::init();
    },
    |data: &[u8]| {
        if data.starts_with(b"PK") || data.starts_with(&CFB_MAGIC) {
            let fmt = match baomi::item::sniff(data, Path::new("input")) {
                f @ ("xlsx" | "xlsb" | "xls" | "ods") => f,
                _ => SHEETS[data.len() % SHEETS.len()],
            };
            baomi_fuzz::run_format(fmt, data);
            return;
        }
        let Some((&sel, rest)) = data.split_first() else { return };
        if sel & 1 == 0 {
            let pkg = baomi_fuzz::zip_from_parts(baomi_fuzz::XLSX_PARTS, rest);
            baomi_fuzz::run_format("xlsx", &pkg);
        } else {
            let pkg = baomi_fuzz::zip_from_parts(baomi_fuzz::ODS_PARTS, rest);
            baomi_fuzz::run_format("ods", &pkg);
        }
    }
);
