//! Legacy and binary spreadsheets end to end: `.xls` (a BIFF8 workbook stream in an OLE2
//! compound file) and `.xlsb` (BIFF12 records in a zip), both built byte by byte here (ports of
//! `b12_rec`, `wide`, `xlsb_files`, `biff`, `xl_unicode`, `xls_workbook_stream` and `cfb` in
//! `fuzz/gen_seeds.py`), scanned with the release binary and checked against the report
//! contract (CONTRACT.md §3–§5). Every identifier is made up.
//!
//! The OLE2 writer is hand-made (no `cfb` crate): v3, 512-byte sectors, streams padded to the
//! 4096-byte mini-stream cutoff, as many FAT sectors as needed, one directory sector. That keeps
//! every byte offset known, which the damaged-file tests rely on.
//!
//! Three tests here found bugs, fixed since: a truncated `.xls` passed (calamine reads sectors
//! past the end of the file as a shorter stream; src/extract/ole.rs now checks the structure),
//! an XOR-obfuscated workbook was `corrupt` rather than `encrypted`, and an ID stored as a
//! number (15 digits kept) passed (the lost digits are now masked positions).

mod common;

use baomi::extract::sheet::extract_sheet;
use baomi::extract::Limits;
use common::*;
use serde_json::Value;
use std::io::{Cursor, Write};
use std::path::Path;
use tempfile::TempDir;

const UNIT: &[&str] = &["--unit", "住房保障处", "--drafter", "张三"];

fn tmp() -> TempDir {
    tempfile::tempdir().expect("tempdir")
}

/// args = UNIT + extra
fn with_unit<'a>(extra: &[&'a str]) -> Vec<&'a str> {
    let mut a: Vec<&str> = UNIT.to_vec();
    a.extend_from_slice(extra);
    a
}

/// Scan one file (relative to `dir`) with --unit/--drafter; returns the run and its report.
fn scan_one(dir: &Path, rel: &str) -> (Run, Value) {
    let (r, v) = scan_json(dir, &with_unit(&[rel]));
    assert!(
        (0..=2).contains(&r.code),
        "exit {} for {rel}: {}",
        r.code,
        r.stderr
    );
    let rep = only_report(&v).clone();
    (r, rep)
}

// =============================================================================================
// workbook model shared by both builders

/// A cell value and the record that stores it.
#[derive(Clone, Debug)]
enum V {
    /// shared string: BIFF8 LABELSST / BIFF12 BrtCellIsst
    Sst(String),
    /// inline string: BIFF8 LABEL / BIFF12 BrtCellSt
    Inline(String),
    /// IEEE double: BIFF8 NUMBER / BIFF12 BrtCellReal
    Num(f64),
    /// RK number (must be exactly encodable): BIFF8 RK / BIFF12 BrtCellRk
    Rk(f64),
}

fn sst(s: &str) -> V {
    V::Sst(s.to_string())
}

fn inline(s: &str) -> V {
    V::Inline(s.to_string())
}

/// Sheet visibility as stored in BoundSheet8.hsState / BrtBundleSh.hsState.
const VISIBLE: u8 = 0;
const HIDDEN: u8 = 1;
const VERY_HIDDEN: u8 = 2;

#[derive(Clone, Debug)]
struct Sheet {
    name: String,
    state: u8,
    /// (row, col, value), 0-based, sorted by row then column.
    cells: Vec<(u32, u16, V)>,
    /// Raw BIFF8 records put before the sheet's EOF (ROW, COLINFO, OBJ/TXO/NOTE); ignored by
    /// the xlsb writer.
    extra: Vec<u8>,
}

/// "B2" → (1, 1)
fn a1(r: &str) -> (u32, u16) {
    let letters: String = r.chars().take_while(|c| c.is_ascii_uppercase()).collect();
    let digits = &r[letters.len()..];
    let col = letters
        .chars()
        .fold(0u32, |acc, c| acc * 26 + (c as u32 - 'A' as u32 + 1))
        - 1;
    let row: u32 = digits.parse().expect("A1 row");
    (row - 1, col as u16)
}

fn sheet(name: &str, state: u8, cells: Vec<(&str, V)>) -> Sheet {
    let mut cells: Vec<(u32, u16, V)> = cells
        .into_iter()
        .map(|(r, v)| {
            let (row, col) = a1(r);
            (row, col, v)
        })
        .collect();
    cells.sort_by_key(|(r, c, _)| (*r, *c));
    Sheet {
        name: name.to_string(),
        state,
        cells,
        extra: Vec::new(),
    }
}

/// The shared-string table: every `V::Sst` string in order of first use.
fn shared_strings(sheets: &[Sheet]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for s in sheets {
        for (_, _, v) in &s.cells {
            if let V::Sst(t) = v {
                if !out.contains(t) {
                    out.push(t.clone());
                }
            }
        }
    }
    out
}

fn sst_index(table: &[String], s: &str) -> u32 {
    table.iter().position(|t| t == s).expect("in sst") as u32
}

/// RK encoding of `f` (MS-XLS 2.5.217): a 30-bit integer, or the upper 30 bits of the double;
/// None when neither is exact.
fn rk_encode(f: f64) -> Option<u32> {
    if f.fract() == 0.0 && (-(1i64 << 29) as f64..(1i64 << 29) as f64).contains(&f) {
        return Some((((f as i32) << 2) as u32) | 2);
    }
    let bits = f.to_bits();
    if bits & 0x3_FFFF_FFFF == 0 {
        return Some((bits >> 32) as u32);
    }
    None
}

/// (dimensions) first row, last row, first col, last col (inclusive); None for an empty sheet.
fn extent(s: &Sheet) -> Option<(u32, u32, u16, u16)> {
    if s.cells.is_empty() {
        return None;
    }
    let r0 = s.cells.iter().map(|c| c.0).min().unwrap();
    let r1 = s.cells.iter().map(|c| c.0).max().unwrap();
    let c0 = s.cells.iter().map(|c| c.1).min().unwrap();
    let c1 = s.cells.iter().map(|c| c.1).max().unwrap();
    Some((r0, r1, c0, c1))
}

// =============================================================================================
// .xls: BIFF8 records (MS-XLS) in an OLE2 compound file (MS-CFB)

fn biff(typ: u16, data: &[u8]) -> Vec<u8> {
    assert!(
        data.len() <= 8224,
        "BIFF8 record too long; CONTINUE not built"
    );
    let mut out = Vec::with_capacity(4 + data.len());
    out.extend_from_slice(&typ.to_le_bytes());
    out.extend_from_slice(&(data.len() as u16).to_le_bytes());
    out.extend_from_slice(data);
    out
}

fn utf16(s: &str) -> Vec<u8> {
    s.encode_utf16().flat_map(|u| u.to_le_bytes()).collect()
}

/// XLUnicodeString (16-bit count) or ShortXLUnicodeString (8-bit count), uncompressed UTF-16.
fn xl_unicode(s: &str, short: bool) -> Vec<u8> {
    let n = s.encode_utf16().count();
    let mut out = Vec::new();
    if short {
        out.push(u8::try_from(n).expect("short string"));
    } else {
        out.extend_from_slice(&(n as u16).to_le_bytes());
    }
    out.push(1); // fHighByte: two bytes per character
    out.extend(utf16(s));
    out
}

const BOF: u16 = 0x0809;
const EOF: u16 = 0x000A;
const FILEPASS: u16 = 0x002F;
const CODEPAGE: u16 = 0x0042;
const BOUNDSHEET: u16 = 0x0085;
const SST: u16 = 0x00FC;
const DIMENSIONS: u16 = 0x0200;
const NUMBER: u16 = 0x0203;
const LABEL: u16 = 0x0204;
const RK: u16 = 0x027E;
const LABELSST: u16 = 0x00FD;

fn bof(dt: u16) -> Vec<u8> {
    // vers BIFF8, dt (0x0005 globals, 0x0010 worksheet), build, year, file history, lowest ver
    let mut d = Vec::new();
    for v in [0x0600u16, dt, 0x0DBB, 0x07CC] {
        d.extend_from_slice(&v.to_le_bytes());
    }
    d.extend_from_slice(&0u32.to_le_bytes());
    d.extend_from_slice(&6u32.to_le_bytes());
    biff(BOF, &d)
}

/// How a workbook says it is encrypted (FilePass, MS-XLS 2.4.117).
#[derive(Clone, Copy, PartialEq, Debug)]
enum FilePass {
    /// wEncryptionType 0: XOR obfuscation (key, verifier)
    Xor,
    /// wEncryptionType 1, RC4 encryption header v1.1
    Rc4,
}

fn filepass_record(fp: FilePass) -> Vec<u8> {
    let mut d = Vec::new();
    match fp {
        FilePass::Xor => {
            d.extend_from_slice(&0u16.to_le_bytes());
            d.extend_from_slice(&0x8A4Cu16.to_le_bytes()); // key
            d.extend_from_slice(&0xCC7Fu16.to_le_bytes()); // verificationBytes
        }
        FilePass::Rc4 => {
            d.extend_from_slice(&1u16.to_le_bytes());
            d.extend_from_slice(&1u16.to_le_bytes()); // vMajor
            d.extend_from_slice(&1u16.to_le_bytes()); // vMinor
            d.extend((0..48).map(|i: u8| i.wrapping_mul(37).wrapping_add(11))); // salt, verifier, hash
        }
    }
    biff(FILEPASS, &d)
}

fn sheet_substream(s: &Sheet, table: &[String]) -> Vec<u8> {
    let mut out = bof(0x0010);
    let mut dim = Vec::new();
    let (r0, r1, c0, c1) =
        extent(s).map_or((0, 0, 0, 0), |(r0, r1, c0, c1)| (r0, r1 + 1, c0, c1 + 1));
    dim.extend_from_slice(&r0.to_le_bytes());
    dim.extend_from_slice(&r1.to_le_bytes());
    dim.extend_from_slice(&c0.to_le_bytes());
    dim.extend_from_slice(&c1.to_le_bytes());
    dim.extend_from_slice(&0u16.to_le_bytes());
    out.extend(biff(DIMENSIONS, &dim));
    for (row, col, v) in &s.cells {
        let mut d = Vec::new();
        d.extend_from_slice(&(*row as u16).to_le_bytes());
        d.extend_from_slice(&col.to_le_bytes());
        d.extend_from_slice(&0u16.to_le_bytes()); // ixfe
        let typ = match v {
            V::Sst(t) => {
                d.extend_from_slice(&sst_index(table, t).to_le_bytes());
                LABELSST
            }
            V::Inline(t) => {
                d.extend(xl_unicode(t, false));
                LABEL
            }
            V::Num(f) => {
                d.extend_from_slice(&f.to_le_bytes());
                NUMBER
            }
            V::Rk(f) => {
                let rk = rk_encode(*f).unwrap_or_else(|| panic!("{f} is not an RK number"));
                d.extend_from_slice(&rk.to_le_bytes());
                RK
            }
        };
        out.extend(biff(typ, &d));
    }
    out.extend_from_slice(&s.extra);
    out.extend(biff(EOF, &[]));
    out
}

/// Scramble the data of every record after FilePass as an encrypting writer would (record
/// headers, BOF, FilePass and BoundSheet8.lbPlyPos stay in the clear, MS-XLS 2.2.10). Not the
/// real XOR/RC4 transform: without the password a reader sees exactly this kind of noise.
fn scramble_after_filepass(stream: &mut [u8]) {
    const KEY: [u8; 16] = [
        0x5A, 0x13, 0xC7, 0x2E, 0x91, 0x6B, 0xF0, 0x48, 0x3D, 0xA4, 0x7F, 0x02, 0xBE, 0x65, 0xD9,
        0x1C,
    ];
    let mut pos = 0;
    let mut seen = false;
    while pos + 4 <= stream.len() {
        let typ = u16::from_le_bytes([stream[pos], stream[pos + 1]]);
        let len = u16::from_le_bytes([stream[pos + 2], stream[pos + 3]]) as usize;
        let data = pos + 4;
        let end = (data + len).min(stream.len());
        if seen && typ != BOF && typ != FILEPASS {
            let skip = if typ == BOUNDSHEET { 4 } else { 0 };
            for i in data + skip..end {
                stream[i] ^= KEY[i % 16];
            }
        }
        if typ == FILEPASS {
            seen = true;
        }
        pos = end;
    }
}

/// The `Workbook` stream: globals (BOF, [FilePass], CodePage, BoundSheet8…, SST, EOF), then one
/// substream per sheet at the offsets the BoundSheet8 records give.
fn xls_workbook_stream(sheets: &[Sheet], filepass: Option<FilePass>) -> Vec<u8> {
    let table = shared_strings(sheets);
    let subs: Vec<Vec<u8>> = sheets.iter().map(|s| sheet_substream(s, &table)).collect();
    let globals = |offsets: &[u32]| -> Vec<u8> {
        let mut g = bof(0x0005);
        if let Some(fp) = filepass {
            g.extend(filepass_record(fp));
        }
        g.extend(biff(CODEPAGE, &1200u16.to_le_bytes()));
        for (s, pos) in sheets.iter().zip(offsets) {
            let mut d = Vec::new();
            d.extend_from_slice(&pos.to_le_bytes());
            d.push(s.state);
            d.push(0); // dt: worksheet
            d.extend(xl_unicode(&s.name, true));
            g.extend(biff(BOUNDSHEET, &d));
        }
        let mut body = Vec::new();
        body.extend_from_slice(&(table.len() as u32).to_le_bytes());
        body.extend_from_slice(&(table.len() as u32).to_le_bytes());
        for t in &table {
            body.extend(xl_unicode(t, false));
        }
        g.extend(biff(SST, &body));
        g.extend(biff(EOF, &[]));
        g
    };
    // two passes: BoundSheet8.lbPlyPos holds absolute offsets of the sheet substreams
    let glen = globals(&vec![0; sheets.len()]).len();
    let mut offsets = Vec::new();
    let mut pos = glen;
    for s in &subs {
        offsets.push(pos as u32);
        pos += s.len();
    }
    let mut stream = globals(&offsets);
    assert_eq!(stream.len(), glen);
    for s in subs {
        stream.extend(s);
    }
    if filepass.is_some() {
        scramble_after_filepass(&mut stream);
    }
    stream
}

const FREESECT: u32 = 0xFFFF_FFFF;
const ENDOFCHAIN: u32 = 0xFFFF_FFFE;
const FATSECT: u32 = 0xFFFF_FFFD;
const NOSTREAM: u32 = 0xFFFF_FFFF;
const SECT: usize = 512;

/// An OLE2 compound file (v3, 512-byte sectors) holding `streams` at the root. Each stream is
/// padded to at least 4096 bytes (the mini-stream cutoff) so no mini stream is needed. Sector
/// layout: FAT sectors first, then one directory sector, then the streams.
fn cfb(streams: &[(&str, &[u8])]) -> Vec<u8> {
    assert!(streams.len() <= 3, "one directory sector only");
    let mut bodies: Vec<Vec<u8>> = Vec::new();
    let mut sizes: Vec<u64> = Vec::new();
    for (_, data) in streams {
        let size = data.len().max(4096);
        let mut body = data.to_vec();
        body.resize(size.div_ceil(SECT) * SECT, 0);
        sizes.push(size as u64);
        bodies.push(body);
    }
    let data_sectors: usize = bodies.iter().map(|b| b.len() / SECT).sum();
    let mut n_fat = 1;
    while n_fat * (SECT / 4) < n_fat + 1 + data_sectors {
        n_fat += 1;
    }
    assert!(n_fat <= 109, "no DIFAT sectors built");
    let dir_sector = n_fat as u32;
    let mut fat = vec![FREESECT; n_fat * SECT / 4];
    for f in fat.iter_mut().take(n_fat) {
        *f = FATSECT;
    }
    fat[dir_sector as usize] = ENDOFCHAIN;
    let mut starts = Vec::new();
    let mut next = dir_sector + 1;
    for b in &bodies {
        let n = (b.len() / SECT) as u32;
        starts.push(next);
        for k in 0..n {
            fat[(next + k) as usize] = if k + 1 < n { next + k + 1 } else { ENDOFCHAIN };
        }
        next += n;
    }

    let mut header = vec![0u8; SECT];
    header[0..8].copy_from_slice(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    let put16 =
        |h: &mut Vec<u8>, at: usize, v: u16| h[at..at + 2].copy_from_slice(&v.to_le_bytes());
    let put32 =
        |h: &mut Vec<u8>, at: usize, v: u32| h[at..at + 4].copy_from_slice(&v.to_le_bytes());
    put16(&mut header, 24, 0x003E); // minor version
    put16(&mut header, 26, 0x0003); // major version 3
    put16(&mut header, 28, 0xFFFE); // byte order
    put16(&mut header, 30, 9); // sector shift: 512
    put16(&mut header, 32, 6); // mini sector shift: 64
    put32(&mut header, 40, 0); // directory sectors (0 in v3)
    put32(&mut header, 44, n_fat as u32);
    put32(&mut header, 48, dir_sector);
    put32(&mut header, 52, 0); // transaction signature
    put32(&mut header, 56, 4096); // mini stream cutoff
    put32(&mut header, 60, ENDOFCHAIN); // first mini FAT sector
    put32(&mut header, 64, 0);
    put32(&mut header, 68, ENDOFCHAIN); // first DIFAT sector
    put32(&mut header, 72, 0);
    for i in 0..109 {
        let v = if i < n_fat { i as u32 } else { FREESECT };
        put32(&mut header, 76 + 4 * i, v);
    }

    let dirent = |name: &str, typ: u8, right: u32, child: u32, start: u32, size: u64| {
        let mut e = vec![0u8; 128];
        let mut u = utf16(name);
        if !name.is_empty() {
            u.extend_from_slice(&[0, 0]);
        }
        e[..u.len()].copy_from_slice(&u);
        e[64..66].copy_from_slice(&(u.len() as u16).to_le_bytes());
        e[66] = typ;
        e[67] = 1; // black
        e[68..72].copy_from_slice(&NOSTREAM.to_le_bytes()); // left sibling
        e[72..76].copy_from_slice(&right.to_le_bytes());
        e[76..80].copy_from_slice(&child.to_le_bytes());
        e[116..120].copy_from_slice(&start.to_le_bytes());
        e[120..128].copy_from_slice(&size.to_le_bytes());
        e
    };
    let mut dir = dirent(
        "Root Entry",
        5,
        NOSTREAM,
        if streams.is_empty() { NOSTREAM } else { 1 },
        ENDOFCHAIN,
        0,
    );
    for (i, (name, _)) in streams.iter().enumerate() {
        let right = if i + 1 < streams.len() {
            i as u32 + 2
        } else {
            NOSTREAM
        };
        dir.extend(dirent(name, 2, right, NOSTREAM, starts[i], sizes[i]));
    }
    while dir.len() < SECT {
        dir.extend(dirent("", 0, NOSTREAM, NOSTREAM, 0, 0));
    }

    let mut out = header;
    out.extend(fat.iter().flat_map(|v| v.to_le_bytes()));
    out.extend(dir);
    for b in bodies {
        out.extend(b);
    }
    out
}

/// Offset in an xls built by `xls()` where the Workbook stream starts (header, one FAT sector,
/// one directory sector).
const XLS_STREAM_AT: usize = 3 * SECT;

fn xls(sheets: &[Sheet]) -> Vec<u8> {
    cfb(&[("Workbook", &xls_workbook_stream(sheets, None))])
}

fn xls_encrypted(sheets: &[Sheet], fp: FilePass) -> Vec<u8> {
    cfb(&[("Workbook", &xls_workbook_stream(sheets, Some(fp)))])
}

// =============================================================================================
// .xlsb: BIFF12 records (MS-XLSB) in a zip

fn b12_rec(typ: u16, data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    if typ < 0x80 {
        out.push(typ as u8);
    } else {
        assert!(typ < 0x4000);
        out.push((typ as u8 & 0x7F) | 0x80);
        out.push((typ >> 7) as u8 & 0x7F);
    }
    let mut n = data.len();
    loop {
        let b = (n & 0x7F) as u8;
        n >>= 7;
        if n > 0 {
            out.push(b | 0x80);
        } else {
            out.push(b);
            break;
        }
    }
    out.extend_from_slice(data);
    out
}

/// XLWideString: u32 character count, UTF-16LE.
fn wide(s: &str) -> Vec<u8> {
    let u = utf16(s);
    let mut out = ((u.len() / 2) as u32).to_le_bytes().to_vec();
    out.extend(u);
    out
}

fn le32s(vs: &[u32]) -> Vec<u8> {
    vs.iter().flat_map(|v| v.to_le_bytes()).collect()
}

fn xlsb_sheet_bin(s: &Sheet, table: &[String]) -> Vec<u8> {
    let mut out = b12_rec(0x0081, &[]); // BrtBeginSheet
    let (r0, r1, c0, c1) = extent(s).unwrap_or((0, 0, 0, 0));
    out.extend(b12_rec(0x0094, &le32s(&[r0, r1, c0 as u32, c1 as u32]))); // BrtWsDim
    out.extend(b12_rec(0x0091, &[])); // BrtBeginSheetData
    let mut row = None;
    for (r, c, v) in &s.cells {
        if row != Some(*r) {
            // BrtRowHdr: rw, ixfe, miyRw, flags…, ccolspan
            let mut d = le32s(&[*r, 0]);
            d.extend_from_slice(&300u16.to_le_bytes());
            d.extend_from_slice(&[0, 0, 0]);
            d.extend_from_slice(&0u32.to_le_bytes());
            out.extend(b12_rec(0x0000, &d));
            row = Some(*r);
        }
        let mut d = le32s(&[*c as u32, 0]); // column, iStyleRef + flags
        let typ = match v {
            V::Sst(t) => {
                d.extend_from_slice(&sst_index(table, t).to_le_bytes());
                0x0007 // BrtCellIsst
            }
            V::Inline(t) => {
                d.extend(wide(t));
                0x0006 // BrtCellSt
            }
            V::Num(f) => {
                d.extend_from_slice(&f.to_le_bytes());
                0x0005 // BrtCellReal
            }
            V::Rk(f) => {
                let rk = rk_encode(*f).unwrap_or_else(|| panic!("{f} is not an RK number"));
                d.extend_from_slice(&rk.to_le_bytes());
                0x0002 // BrtCellRk
            }
        };
        out.extend(b12_rec(typ, &d));
    }
    out.extend(b12_rec(0x0092, &[])); // BrtEndSheetData
    out.extend(b12_rec(0x0082, &[])); // BrtEndSheet
    out
}

const XML_DECL: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#;

/// The parts of an xlsb package, in zip order.
fn xlsb_parts(sheets: &[Sheet]) -> Vec<(String, Vec<u8>)> {
    let table = shared_strings(sheets);
    let mut wb = b12_rec(0x0083, &[]); // BrtBeginBook
    let mut wbprop = 0u32.to_le_bytes().to_vec();
    wbprop.extend_from_slice(&[0; 8]);
    wbprop.extend(wide(""));
    wb.extend(b12_rec(0x0099, &wbprop)); // BrtWbProp
    wb.extend(b12_rec(0x008F, &[])); // BrtBeginBundleShs
    for (i, s) in sheets.iter().enumerate() {
        let mut d = le32s(&[s.state as u32, i as u32 + 1]); // hsState, iTabID
        d.extend(wide(&format!("rId{}", i + 1)));
        d.extend(wide(&s.name));
        wb.extend(b12_rec(0x009C, &d)); // BrtBundleSh
    }
    wb.extend(b12_rec(0x0090, &[])); // BrtEndBundleShs
    wb.extend(b12_rec(0x009D, &[0; 24])); // BrtCalcProp
    wb.extend(b12_rec(0x0084, &[])); // BrtEndBook

    let mut rels = String::from(XML_DECL);
    rels.push_str(
        r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
    );
    for i in 0..sheets.len() {
        rels.push_str(&format!(
            r#"<Relationship Id="rId{n}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{n}.bin"/>"#,
            n = i + 1
        ));
    }
    rels.push_str(&format!(
        r#"<Relationship Id="rId{}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.bin"/>"#,
        sheets.len() + 1
    ));
    rels.push_str("</Relationships>");

    let mut sst_bin = b12_rec(0x009F, &le32s(&[table.len() as u32, table.len() as u32]));
    for t in &table {
        let mut d = vec![0u8]; // flags: no rich text, no phonetic
        d.extend(wide(t));
        sst_bin.extend(b12_rec(0x0013, &d)); // BrtSSTItem
    }
    sst_bin.extend(b12_rec(0x00A0, &[])); // BrtEndSst

    let mut ct = String::from(XML_DECL);
    ct.push_str(r#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.bin" ContentType="application/vnd.ms-excel.sheet.binary.macroEnabled.main"/><Override PartName="/xl/sharedStrings.bin" ContentType="application/vnd.ms-excel.sharedStrings"/>"#);
    for i in 0..sheets.len() {
        ct.push_str(&format!(
            r#"<Override PartName="/xl/worksheets/sheet{}.bin" ContentType="application/vnd.ms-excel.worksheet"/>"#,
            i + 1
        ));
    }
    ct.push_str("</Types>");
    let root_rels = format!(
        r#"{XML_DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.bin"/></Relationships>"#
    );

    let mut parts = vec![
        ("[Content_Types].xml".to_string(), ct.into_bytes()),
        ("_rels/.rels".to_string(), root_rels.into_bytes()),
        ("xl/workbook.bin".to_string(), wb),
        ("xl/_rels/workbook.bin.rels".to_string(), rels.into_bytes()),
        ("xl/sharedStrings.bin".to_string(), sst_bin),
    ];
    for (i, s) in sheets.iter().enumerate() {
        parts.push((
            format!("xl/worksheets/sheet{}.bin", i + 1),
            xlsb_sheet_bin(s, &table),
        ));
    }
    parts
}

fn zip_of(parts: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in parts {
        w.start_file(name.as_str(), opts).expect("start_file");
        w.write_all(data).expect("write");
    }
    w.finish().expect("finish").into_inner()
}

fn xlsb(sheets: &[Sheet]) -> Vec<u8> {
    zip_of(&xlsb_parts(sheets))
}

// =============================================================================================
// fixtures and report checks

const NAMES: [&str; 6] = ["张伟", "王芳", "李娜", "刘洋", "陈静", "杨磊"];

/// Resident IDs whose check character is a digit (so they can be stored as numbers too).
fn digit_ids(n: usize) -> Vec<String> {
    resident_ids(40)
        .into_iter()
        .filter(|id| id.ends_with(|c: char| c.is_ascii_digit()))
        .take(n)
        .collect()
}

/// A mobile number (138…) that a double holds with the low 34 bits zero, so that it is an exact
/// RK number (a multiple of 2^15 between 2^33 and 2^34).
fn rk_mobile() -> String {
    let m = (13_812_340_000u64 / 32768 + 1) * 32768;
    let s = m.to_string();
    assert!(s.starts_with("138") && s.len() == 11, "{s}");
    assert!(rk_encode(m as f64).is_some());
    s
}

fn findings_at<'a>(r: &'a Value, kind: &str, sheet_name: &str, cell: &str) -> Vec<&'a Value> {
    findings(r)
        .iter()
        .filter(|f| {
            f["kind"] == kind
                && f["location"]["sheet"] == sheet_name
                && f["location"]["cell"] == cell
        })
        .collect()
}

/// The single finding of `kind` at sheet!cell.
fn finding_at<'a>(r: &'a Value, kind: &str, sheet_name: &str, cell: &str) -> &'a Value {
    let f = findings_at(r, kind, sheet_name, cell);
    assert_eq!(
        f.len(),
        1,
        "expected one {kind} at {sheet_name}!{cell}: {}",
        serde_json::to_string_pretty(&r["findings"]).unwrap()
    );
    f[0]
}

fn unreadable_kinds(r: &Value) -> Vec<String> {
    findings(r)
        .iter()
        .filter(|f| f["category"] == "unreadable")
        .map(|f| f["kind"].as_str().unwrap_or("").to_string())
        .collect()
}

/// The "hidden rows/columns and comments are not checked" note (xlsb; xls when its BIFF
/// records could not be read).
fn assert_hidden_rows_not_checked(r: &Value) {
    let ne = r["not_examined"].as_array().expect("not_examined");
    assert!(
        ne.iter()
            .any(|n| n["what"] == "hidden rows/columns and comments"
                && n["location"]["item"] == true),
        "{}",
        r["not_examined"]
    );
}

/// Whether any finding excerpt is present (for state-secret items all must be null).
fn assert_no_excerpts(r: &Value) {
    for f in findings(r) {
        assert!(f["excerpt"].is_null(), "excerpt present: {f}");
    }
}

/// The text of every output of a scan (all formats, stderr, --out files).
fn every_output(cwd: &Path, args: &[&str]) -> Vec<(String, String)> {
    let mut outputs = all_format_outputs(cwd, args);
    let out_dir = tempfile::tempdir().unwrap();
    let od = out_dir.path().to_str().unwrap().to_string();
    let mut a = vec!["scan", "--no-progress", "--out", od.as_str()];
    a.extend_from_slice(args);
    let r = run_in(cwd, &a);
    outputs.push(("stdout[--out]".into(), r.stdout));
    outputs.extend(read_tree(out_dir.path()));
    outputs
}

// ---- the workbooks (the same content goes into .xls and .xlsb)

/// 1. A 公示名单 with properly masked IDs and mobiles.
fn masked_roster(ids: &[String], mobs: &[String]) -> Vec<Sheet> {
    let mut cells = vec![
        ("A1", sst("姓名")),
        ("B1", sst("身份证号码")),
        ("C1", sst("联系电话")),
    ];
    let refs: Vec<(String, String, String)> = (0..ids.len())
        .map(|i| {
            (
                format!("A{}", i + 2),
                format!("B{}", i + 2),
                format!("C{}", i + 2),
            )
        })
        .collect();
    for (i, (a, b, c)) in refs.iter().enumerate() {
        cells.push((a.as_str(), sst(NAMES[i])));
        cells.push((b.as_str(), sst(&mask_id(&ids[i]))));
        cells.push((c.as_str(), inline(&mask_mobile(&mobs[i]))));
    }
    vec![sheet("公示名单", VISIBLE, cells)]
}

/// 2. A full valid ID as a string cell (inline at B2, shared string at B3).
fn full_id_book(ids: &[String]) -> Vec<Sheet> {
    vec![sheet(
        "名单",
        VISIBLE,
        vec![
            ("A1", sst("姓名")),
            ("B1", sst("身份证号码")),
            ("A2", sst(NAMES[0])),
            ("B2", inline(&ids[0])),
            ("A3", sst(NAMES[1])),
            ("B3", sst(&ids[1])),
        ],
    )]
}

/// 3. A mobile as NUMBER at B2, a mobile as RK at B3, an 18-digit ID as NUMBER at C2.
fn numeric_book(mobile: &str, rk_mob: &str, id: &str) -> Vec<Sheet> {
    vec![sheet(
        "联系表",
        VISIBLE,
        vec![
            ("A1", sst("姓名")),
            ("B1", sst("联系电话")),
            ("C1", sst("身份证号码")),
            ("A2", sst(NAMES[0])),
            ("B2", V::Num(mobile.parse().unwrap())),
            ("C2", V::Num(id.parse().unwrap())),
            ("A3", sst(NAMES[1])),
            ("B3", V::Rk(rk_mob.parse().unwrap())),
            ("C3", V::Rk(42.0)),
        ],
    )]
}

/// 4. A visible sheet, a hidden one with an ID at B2, a very hidden one with an ID at C3.
fn hidden_book(ids: &[String]) -> Vec<Sheet> {
    vec![
        sheet(
            "公示",
            VISIBLE,
            vec![("A1", sst("2026年度补贴发放公示")), ("A2", sst("详见附件"))],
        ),
        sheet(
            "原始数据",
            HIDDEN,
            vec![
                ("A1", sst("姓名")),
                ("B1", sst("身份证号码")),
                ("A2", sst(NAMES[0])),
                ("B2", sst(&ids[0])),
            ],
        ),
        sheet(
            "备份",
            VERY_HIDDEN,
            vec![
                ("A1", sst("备注")),
                ("B3", sst(NAMES[1])),
                ("C3", inline(&ids[1])),
            ],
        ),
    ]
}

/// 5. A state-secret marking in A1, a title, and a contact row.
fn secret_book(mobile: &str) -> Vec<Sheet> {
    vec![sheet(
        "报表",
        VISIBLE,
        vec![
            ("A1", sst("机密★5年")),
            ("A2", sst("关于某专项工作推进情况的统计表")),
            ("A4", sst("联系人")),
            ("B4", sst(NAMES[0])),
            ("C4", inline(mobile)),
        ],
    )]
}

/// 8. A clean workbook: a notice table without personal data.
fn clean_book() -> Vec<Sheet> {
    vec![sheet(
        "政务公开目录",
        VISIBLE,
        vec![
            ("A1", sst("2026年第一季度政务公开事项目录")),
            ("A2", sst("序号")),
            ("B2", sst("事项名称")),
            ("C2", sst("公开时间")),
            ("A3", V::Rk(1.0)),
            ("B3", sst("城市更新项目批前公示")),
            ("C3", inline("2026-03-01")),
            ("A4", V::Num(2.0)),
            ("B4", sst("公共租赁住房保障政策解读")),
            ("C4", inline("2026-03-15")),
        ],
    )]
}

/// 9. An 18-digit number with a wrong GB 11643 check digit (and no Luhn match either).
fn near_miss_id() -> String {
    (0..100)
        .map(|i| resident_id_bad_check("330106", "19900101", 300 + i))
        .find(|s| !luhn_valid(s))
        .expect("a non-Luhn near miss")
}

fn near_miss_book(num: &str) -> Vec<Sheet> {
    vec![sheet(
        "档案",
        VISIBLE,
        vec![
            ("A1", sst("档案编号")),
            ("B1", sst("案卷题名")),
            ("A2", inline(num)),
            ("B2", sst("城市更新项目批前公示材料")),
        ],
    )]
}

// ---- damaged variants

fn flip(b: &[u8], at: usize, mask: u8) -> Vec<u8> {
    let mut v = b.to_vec();
    v[at] ^= mask;
    v
}

fn find_bytes(hay: &[u8], needle: &[u8]) -> usize {
    hay.windows(needle.len())
        .position(|w| w == needle)
        .expect("pattern in fixture")
}

/// Structurally damaged variants of an xls built by `xls()`.
fn damaged_xls(base: &[u8]) -> Vec<(String, Vec<u8>)> {
    let stream = XLS_STREAM_AT;
    let n = base.len();
    // offsets inside the Workbook stream
    let bs = stream + find_bytes(&base[stream..], &[0x85, 0x00]); // first BOUNDSHEET header
    let label = stream + find_bytes(&base[stream..], &[0x04, 0x02]); // first LABEL header
    let sst_rec = stream + find_bytes(&base[stream..], &[0xFC, 0x00]);
    let mut out: Vec<(String, Vec<u8>)> = vec![
        ("trunc-300".into(), base[..300].to_vec()),
        ("trunc-in-fat".into(), base[..700].to_vec()),
        ("trunc-after-dir".into(), base[..stream + 64].to_vec()),
        ("trunc-half".into(), base[..n / 2].to_vec()),
        ("trunc-minus-1".into(), base[..n - 1].to_vec()),
        ("trunc-minus-513".into(), base[..n - 513].to_vec()),
        // BoundSheet8.hsState 0 -> 4 (not a valid state)
        ("flip-hsstate".into(), flip(base, bs + 4 + 4, 0x04)),
        // BoundSheet8.lbPlyPos far beyond the stream
        ("flip-lbplypos".into(), flip(base, bs + 4 + 3, 0x40)),
        // LABEL record length overruns the stream
        ("flip-label-len".into(), flip(base, label + 3, 0x40)),
        // SST: first string's character count too large
        ("flip-sst-cch".into(), flip(base, sst_rec + 4 + 8 + 1, 0x40)),
        // FAT: the Workbook chain points far beyond the file
        ("flip-fat-chain".into(), flip(base, SECT + 4 * 4 + 2, 0x40)),
        // directory: the Workbook stream size is huge
        (
            "flip-dir-size".into(),
            flip(base, 2 * SECT + 128 + 120 + 4, 0x01),
        ),
        // header: the first directory sector points beyond the file
        ("flip-header-dir".into(), flip(base, 48 + 2, 0x10)),
        // header: sector shift 9 -> 13
        ("flip-sector-shift".into(), flip(base, 30, 0x04)),
        // globals BOF type flipped
        ("flip-bof".into(), flip(base, stream, 0x01)),
    ];
    // FAT: a chain that loops on itself
    let mut cyc = base.to_vec();
    let at = SECT + 4 * 3;
    cyc[at..at + 4].copy_from_slice(&3u32.to_le_bytes());
    out.push(("fat-cycle".into(), cyc));
    // header: mini-stream cutoff 0xFFFFFFFF, so the Workbook stream is looked up in the (empty)
    // mini stream; its declared size must not be allocated or looped over
    let mut cut = base.to_vec();
    cut[0x38..0x3C].copy_from_slice(&u32::MAX.to_le_bytes());
    out.push(("huge-mini-cutoff".into(), cut));
    out
}

/// Damaged variants of the full-ID xlsb.
fn damaged_xlsb(ids: &[String]) -> Vec<(String, Vec<u8>)> {
    let book = full_id_book(ids);
    let base = xlsb(&book);
    let n = base.len();
    let mut out: Vec<(String, Vec<u8>)> = vec![
        ("trunc-half".into(), base[..n / 2].to_vec()),
        ("trunc-minus-10".into(), base[..n - 10].to_vec()),
        ("trunc-minus-30".into(), base[..n - 30].to_vec()),
    ];
    // BrtBundleSh.hsState 3 (invalid)
    let mut parts = xlsb_parts(&book);
    let wb = &mut parts[2].1;
    let at = find_bytes(wb, &[0x9C, 0x01]);
    wb[at + 3] = 3;
    out.push(("hsstate-3".into(), zip_of(&parts)));
    // BrtCellIsst pointing past the shared-string table
    let mut parts = xlsb_parts(&book);
    let sh = &mut parts[5].1;
    let at = find_bytes(sh, &[0x07, 0x0C]);
    sh[at + 10..at + 14].copy_from_slice(&1000u32.to_le_bytes());
    out.push(("isst-out-of-range".into(), zip_of(&parts)));
    // sheet part cut in the middle of a record
    let mut parts = xlsb_parts(&book);
    let sh = &mut parts[5].1;
    let cut = sh.len() / 2;
    sh.truncate(cut);
    out.push(("sheet-cut".into(), zip_of(&parts)));
    // the workbook part's BrtBundleSh record length overruns
    let mut parts = xlsb_parts(&book);
    let wb = &mut parts[2].1;
    let at = find_bytes(wb, &[0x9C, 0x01]);
    wb[at + 2] = 0x7F;
    out.push(("bundlesh-len".into(), zip_of(&parts)));
    out
}

/// A workbook whose Workbook stream is longer than 4096 bytes, with the last row (an ID) in a
/// LABEL record that starts exactly at stream offset 4096 (the stream's last sector). Returns the
/// xls and the file length that cuts it just before that record (a sector boundary).
fn aligned_truncation(id: &str) -> (Vec<u8>, usize) {
    const TARGET: usize = 4096;
    // a LABEL record: header (4), row/col/ixfe (6), cch/flags (3), then the UTF-16 text
    const LABEL_TEXT_AT: usize = 13;
    // a LABEL of n characters is 13 + 2n bytes (odd): one or two filler LABELs reach either parity
    for two in [false, true] {
        for n in 1..200usize {
            let mut cells: Vec<(String, V)> = vec![
                ("A1".into(), sst("档案目录")),
                ("B1".into(), sst("身份证号码")),
            ];
            for r in 0..80 {
                cells.push((
                    format!("A{}", r + 2),
                    inline(&format!("城市更新项目批前公示材料第{r:03}号")),
                ));
            }
            cells.push(("A82".into(), inline(&"备".repeat(n))));
            if two {
                cells.push(("A83".into(), inline("备注")));
            }
            cells.push(("B84".into(), inline(id)));
            let book = vec![sheet(
                "目录",
                VISIBLE,
                cells.iter().map(|(a, v)| (a.as_str(), v.clone())).collect(),
            )];
            let stream = xls_workbook_stream(&book, None);
            let at = find_bytes(&stream, &utf16(id)) - LABEL_TEXT_AT;
            if at == TARGET && stream.len() > TARGET {
                return (xls(&book), XLS_STREAM_AT + TARGET);
            }
        }
    }
    panic!("no filler aligns the ID record");
}

// =============================================================================================
// 1. masked roster

#[test]
fn xls_masked_roster_passes() {
    let ids = digit_ids(3);
    let mobs = mobiles(3);
    let d = tmp();
    write(d.path(), "公示名单.xls", xls(&masked_roster(&ids, &mobs)));
    let (r, rep) = scan_one(d.path(), "公示名单.xls");
    check_masked_roster(&r, &rep, "xls");
    let mut secrets = ids.clone();
    secrets.extend(mobs);
    assert_no_echo_everywhere(d.path(), &with_unit(&["公示名单.xls"]), &secrets);
}

/// Properly masked identifiers are `info` (CONTRACT §5): the item passes.
fn check_masked_roster(r: &Run, rep: &Value, format: &str) {
    assert_eq!(rep["item"]["format"], format, "{}", brief(rep));
    assert_eq!(verdict(rep), "pass", "{}", brief(rep));
    assert_eq!(r.code, 0);
    for f in findings(rep) {
        assert_eq!(f["action"], "info", "{f}");
        assert_eq!(f["category"], "personal_info", "{f}");
        assert_eq!(f["masked"], true, "{f}");
        assert_eq!(f["layer"], "visible", "{f}");
        assert_eq!(f["location"]["sheet"], "公示名单", "{f}");
        let cell = f["location"]["cell"].as_str().unwrap_or("");
        let col = if f["kind"] == "cn_resident_id" {
            "B"
        } else {
            "C"
        };
        assert!(cell.starts_with(col), "{f}");
    }
    // masked findings may be grouped per kind; the group starts at the first data row
    let id = finding_at(rep, "cn_resident_id", "公示名单", "B2");
    assert_eq!(id["rule"], "pii.cn_resident_id");
    let mob = finding_at(rep, "cn_mobile", "公示名单", "C2");
    assert_eq!(mob["rule"], "pii.cn_mobile");
    assert!(!has(rep, "aggregation", "personal_records"));
    assert!(unreadable_kinds(rep).is_empty(), "{}", brief(rep));
    if format == "xlsb" {
        assert_hidden_rows_not_checked(rep);
    } else {
        // xls: hidden rows, columns and comments are read from the BIFF records
        assert!(
            !rep["not_examined"]
                .to_string()
                .contains("hidden rows/columns"),
            "{}",
            rep["not_examined"]
        );
    }
}

// =============================================================================================
// 2. a full valid resident ID in a string cell

#[test]
fn xls_full_resident_id_blocks() {
    let ids = digit_ids(2);
    let d = tmp();
    write(d.path(), "名单.xls", xls(&full_id_book(&ids)));
    let (r, rep) = scan_one(d.path(), "名单.xls");
    check_full_id(&r, &rep, "xls");
    assert_no_echo_everywhere(d.path(), &with_unit(&["名单.xls"]), &ids);
}

fn check_full_id(r: &Run, rep: &Value, format: &str) {
    assert_eq!(rep["item"]["format"], format);
    assert_eq!(verdict(rep), "block", "{}", brief(rep));
    assert_eq!(r.code, 2);
    let all = findings_of(rep, "personal_info", "cn_resident_id");
    assert_eq!(all.len(), 2, "{}", brief(rep));
    // B2: inline string (LABEL / BrtCellSt); B3: shared string (LABELSST / BrtCellIsst)
    for cell in ["B2", "B3"] {
        let f = finding_at(rep, "cn_resident_id", "名单", cell);
        assert_eq!(f["rule"], "pii.cn_resident_id", "{f}");
        assert_eq!(f["action"], "block", "{f}");
        assert_ne!(f["masked"], true, "{f}");
        assert_eq!(f["layer"], "visible", "{f}");
        assert!(f["excerpt"].is_string(), "{f}");
    }
    assert!(unreadable_kinds(rep).is_empty(), "{}", brief(rep));
}

// =============================================================================================
// 3. numbers stored as numeric cells

#[test]
fn xls_numeric_mobile_and_precision_lost_id() {
    let id = digit_ids(1).remove(0);
    let mob = mobiles(1).remove(0);
    let rk_mob = rk_mobile();
    let d = tmp();
    write(
        d.path(),
        "联系表.xls",
        xls(&numeric_book(&mob, &rk_mob, &id)),
    );
    let (r, rep) = scan_one(d.path(), "联系表.xls");
    check_numeric(&r, &rep, "xls", &id);
    assert_no_echo_everywhere(d.path(), &with_unit(&["联系表.xls"]), &[id, mob, rk_mob]);
}

/// The mobiles (NUMBER/BrtCellReal at B2, RK/BrtCellRk at B3) are seen as their digits; the
/// 18-digit ID stored as a double (C2) keeps 15 significant digits: the lost ones are unknown,
/// so it is an ID with region code and birth date visible (insufficiently masked, `review`), and
/// a `numeric cell precision` entry in not_examined at that cell says the digits were lost.
fn check_numeric(r: &Run, rep: &Value, format: &str, id: &str) {
    assert_eq!(rep["item"]["format"], format);
    assert_eq!(verdict(rep), "review", "{}", brief(rep));
    assert_eq!(r.code, 1);
    for cell in ["B2", "B3"] {
        let f = finding_at(rep, "cn_mobile", "联系表", cell);
        assert_eq!(f["rule"], "pii.cn_mobile", "{f}");
        assert_eq!(f["action"], "review", "{f}");
        assert_ne!(f["masked"], true, "{f}");
        assert_eq!(f["layer"], "visible", "{f}");
    }
    assert_eq!(findings_of(rep, "personal_info", "cn_mobile").len(), 2);
    let idf = finding_at(rep, "cn_resident_id", "联系表", "C2");
    assert_eq!(idf["masked"], false, "{idf}");
    assert_eq!(idf["action"], "review", "{idf}");
    assert_eq!(
        findings_of(rep, "personal_info", "cn_resident_id").len(),
        1,
        "{}",
        brief(rep)
    );
    assert!(
        !serde_json::to_string(rep).unwrap().contains(&id[..15]),
        "report echoes the digits the number kept"
    );
    let ne = rep["not_examined"].as_array().unwrap();
    let lost: Vec<&Value> = ne
        .iter()
        .filter(|n| n["what"] == "numeric cell precision")
        .collect();
    assert_eq!(lost.len(), 1, "{}", rep["not_examined"]);
    assert_eq!(lost[0]["location"]["sheet"], "联系表");
    assert_eq!(lost[0]["location"]["cell"], "C2");
    assert!(
        lost[0]["reason"]
            .as_str()
            .unwrap()
            .contains("15 significant"),
        "{}",
        lost[0]
    );
    // what the double still holds (15 significant digits, then zeros) is not echoed either
    let kept = format!("{}000", &id[..15]);
    assert!(
        !serde_json::to_string(rep).unwrap().contains(&kept),
        "report echoes the numeric ID"
    );
}

/// An 18-digit ID that Excel turned into a double (3.30106E+17) is the only content under a
/// 身份证号码 header. The first 15 digits (region, birth date, one sequence digit) are still in
/// the file; today the item passes with only a not_examined note.
#[test]
fn xls_precision_lost_id_alone_is_not_pass() {
    let id = digit_ids(1).remove(0);
    let book = vec![sheet(
        "表",
        VISIBLE,
        vec![
            ("A1", sst("姓名")),
            ("B1", sst("身份证号码")),
            ("A2", sst(NAMES[0])),
            ("B2", V::Num(id.parse().unwrap())),
        ],
    )];
    let d = tmp();
    write(d.path(), "表.xls", xls(&book));
    write(d.path(), "表.xlsb", xlsb(&book));
    for f in ["表.xls", "表.xlsb"] {
        let (_, rep) = scan_one(d.path(), f);
        assert_ne!(verdict(&rep), "pass", "{}", brief(&rep));
        let at_cell = findings(&rep).iter().any(|f| {
            f["location"]["sheet"] == "表" && f["location"]["cell"] == "B2" && f["action"] != "info"
        });
        assert!(at_cell, "no finding at 表!B2: {}", brief(&rep));
    }
}

// =============================================================================================
// 4. hidden and very hidden sheets

#[test]
fn xls_hidden_and_very_hidden_sheets() {
    let ids = digit_ids(2);
    let d = tmp();
    write(d.path(), "补贴公示.xls", xls(&hidden_book(&ids)));
    let (r, rep) = scan_one(d.path(), "补贴公示.xls");
    check_hidden(&r, &rep, "xls");
    assert_no_echo_everywhere(d.path(), &with_unit(&["补贴公示.xls"]), &ids);
}

fn check_hidden(r: &Run, rep: &Value, format: &str) {
    assert_eq!(rep["item"]["format"], format);
    assert_eq!(verdict(rep), "block", "{}", brief(rep));
    assert_eq!(r.code, 2);
    let hs = findings_of(rep, "hidden_content", "hidden_sheet");
    let mut sheets: Vec<&str> = hs
        .iter()
        .map(|f| f["location"]["sheet"].as_str().unwrap_or(""))
        .collect();
    sheets.sort();
    // state 1 (hidden) and state 2 (veryHidden) are both hidden sheets; the visible one is not
    assert_eq!(sheets, ["原始数据", "备份"], "{}", brief(rep));
    for f in &hs {
        assert_eq!(f["rule"], "hidden.hidden_sheet", "{f}");
        assert_eq!(f["action"], "review", "{f}");
        assert_eq!(f["layer"], "hidden", "{f}");
        assert!(f["location"]["cell"].is_null(), "{f}");
    }
    for (sh, cell) in [("原始数据", "B2"), ("备份", "C3")] {
        let f = finding_at(rep, "cn_resident_id", sh, cell);
        assert_eq!(f["rule"], "pii.cn_resident_id", "{f}");
        assert_eq!(f["action"], "block", "{f}");
        assert_eq!(f["layer"], "hidden", "{f}");
    }
    assert_eq!(findings_of(rep, "personal_info", "cn_resident_id").len(), 2);
    assert!(
        findings(rep)
            .iter()
            .all(|f| f["location"]["sheet"] != "公示"),
        "{}",
        brief(rep)
    );
}

// =============================================================================================
// 5. a state-secret marking

#[test]
fn xls_state_secret_marking_blocks_without_excerpts() {
    let mob = mobiles(1).remove(0);
    let d = tmp();
    write(d.path(), "统计表.xls", xls(&secret_book(&mob)));
    let (r, rep) = scan_one(d.path(), "统计表.xls");
    check_secret(d.path(), "统计表.xls", &r, &rep, "xls", &mob);
}

fn check_secret(dir: &Path, rel: &str, r: &Run, rep: &Value, format: &str, mob: &str) {
    assert_eq!(rep["item"]["format"], format);
    assert_eq!(verdict(rep), "block", "{}", brief(rep));
    assert_eq!(r.code, 2);
    let f = finding_at(rep, "state_secret", "报表", "A1");
    assert_eq!(f["category"], "classification_marking", "{f}");
    assert!(
        f["rule"]
            .as_str()
            .unwrap_or("")
            .starts_with("marking.state_secret"),
        "{f}"
    );
    assert_eq!(f["action"], "block", "{f}");
    assert_eq!(f["layer"], "visible", "{f}");
    // the mobile is still reported (location only)
    finding_at(rep, "cn_mobile", "报表", "C4");
    assert_no_excerpts(rep);
    let outputs = every_output(dir, &with_unit(&[rel]));
    assert_no_echo(&outputs, &[mob.to_string()]);
    for (name, text) in &outputs {
        assert!(
            !text.contains("专项工作推进情况"),
            "{name} copies text of a state-secret item"
        );
    }
}

// =============================================================================================
// 6. encrypted (FilePass)

#[test]
fn xls_filepass_rc4_is_encrypted() {
    let ids = digit_ids(2);
    let d = tmp();
    write(
        d.path(),
        "加密.xls",
        xls_encrypted(&full_id_book(&ids), FilePass::Rc4),
    );
    let (r, rep) = scan_one(d.path(), "加密.xls");
    assert_eq!(rep["item"]["format"], "xls");
    assert_eq!(verdict(&rep), "review", "{}", brief(&rep));
    assert_eq!(r.code, 1);
    let f = findings_of(&rep, "unreadable", "encrypted");
    assert_eq!(f.len(), 1, "{}", brief(&rep));
    assert_eq!(f[0]["rule"], "unreadable.encrypted");
    assert_eq!(f[0]["action"], "review");
    assert_eq!(f[0]["location"]["item"], true);
    assert!(
        !has(&rep, "personal_info", "cn_resident_id"),
        "{}",
        brief(&rep)
    );
    assert_no_echo_everywhere(d.path(), &with_unit(&["加密.xls"]), &ids);
}

/// XOR obfuscation (FilePass.wEncryptionType 0): never `pass`.
#[test]
fn xls_filepass_xor_is_unreadable() {
    let ids = digit_ids(2);
    let d = tmp();
    write(
        d.path(),
        "加密.xls",
        xls_encrypted(&full_id_book(&ids), FilePass::Xor),
    );
    let (r, rep) = scan_one(d.path(), "加密.xls");
    assert_ne!(verdict(&rep), "pass", "{}", brief(&rep));
    assert!(r.code >= 1);
    assert!(!unreadable_kinds(&rep).is_empty(), "{}", brief(&rep));
    assert_no_echo_everywhere(d.path(), &with_unit(&["加密.xls"]), &ids);
}

/// The same file should say *encrypted* (the drafter must remove the password), not corrupt.
#[test]
fn xls_filepass_xor_is_encrypted() {
    let ids = digit_ids(2);
    let d = tmp();
    write(
        d.path(),
        "加密.xls",
        xls_encrypted(&full_id_book(&ids), FilePass::Xor),
    );
    let (_, rep) = scan_one(d.path(), "加密.xls");
    assert_eq!(unreadable_kinds(&rep), ["encrypted"], "{}", brief(&rep));
}

// =============================================================================================
// 7. truncated and damaged

#[test]
fn xls_truncated_and_damaged_never_pass() {
    let ids = digit_ids(2);
    let base = xls(&full_id_book(&ids));
    let cases = damaged_xls(&base);
    let d = tmp();
    for (n, b) in &cases {
        write(d.path(), &format!("in/{n}.xls"), b);
    }
    let (r, v) = scan_json(d.path(), &with_unit(&["in"]));
    assert!(r.code == 1 || r.code == 2, "exit {}: {}", r.code, r.stderr);
    assert_eq!(reports(&v).len(), cases.len(), "{:?}", paths(&v));
    for (n, _) in &cases {
        let rep = report(&v, &format!("/{n}.xls"));
        assert_ne!(verdict(rep), "pass", "{n}: {}", brief(rep));
        let read_ids = findings_of(rep, "personal_info", "cn_resident_id").len();
        let unreadable = unreadable_kinds(rep);
        // either the damage is reported, or both IDs were read (the damage hit only padding
        // or a part the reader does not need)
        assert!(
            !unreadable.is_empty() || read_ids == 2,
            "{n}: neither unreadable nor fully read: {}",
            brief(rep)
        );
        for k in &unreadable {
            assert!(
                ["corrupt", "limit_exceeded"].contains(&k.as_str()),
                "{n}: {k}"
            );
        }
    }
    // these cannot be read at all
    for n in [
        "trunc-300",
        "trunc-in-fat",
        "trunc-after-dir",
        "trunc-half",
        "flip-hsstate",
        "flip-lbplypos",
        "flip-label-len",
        "flip-sst-cch",
        "flip-fat-chain",
        "flip-header-dir",
        "flip-sector-shift",
        "huge-mini-cutoff",
        "trunc-minus-513",
        "fat-cycle",
    ] {
        let rep = report(&v, &format!("/{n}.xls"));
        assert_eq!(verdict(rep), "review", "{n}: {}", brief(rep));
        assert_eq!(unreadable_kinds(rep), ["corrupt"], "{n}: {}", brief(rep));
    }
    assert_no_echo(
        &[("stdout".into(), r.stdout), ("stderr".into(), r.stderr)],
        &ids,
    );
}

/// A truncated xls is never `pass` and says it is damaged (CONTRACT §2: corrupt, truncated…
/// gets an `unreadable` finding).
#[test]
fn xls_truncated_at_record_boundary_is_unreadable() {
    let id = digit_ids(1).remove(0);
    let (full, cut) = aligned_truncation(&id);
    let d = tmp();
    write(d.path(), "full.xls", &full);
    write(d.path(), "cut.xls", &full[..cut]);
    write(d.path(), "minus1.xls", &full[..full.len() - 1]);
    let (_, v) = scan_json(d.path(), &with_unit(&["full.xls", "cut.xls", "minus1.xls"]));
    // the whole file: the ID in the last row blocks
    let rep = report(&v, "full.xls");
    finding_at(rep, "cn_resident_id", "目录", "B84");
    // cut just before that row, at a 512-byte boundary
    let rep = report(&v, "cut.xls");
    assert_ne!(verdict(rep), "pass", "{}", brief(rep));
    assert_eq!(unreadable_kinds(rep), ["corrupt"], "{}", brief(rep));
    // one byte short: only padding of the last sector is lost, every byte the workbook needs
    // is there, so the file is read in full (and blocks on the ID)
    let rep = report(&v, "minus1.xls");
    finding_at(rep, "cn_resident_id", "目录", "B84");
    assert_eq!(verdict(rep), "block", "{}", brief(rep));
}

/// Single-bit flips all over the header, FAT, directory and Workbook stream: the run finishes,
/// every item gets a report, nothing is echoed.
#[test]
fn xls_bit_flips_never_crash() {
    let ids = digit_ids(2);
    let base = xls(&full_id_book(&ids));
    let stream_len = xls_workbook_stream(&full_id_book(&ids), None).len();
    let d = tmp();
    let mut n = 0;
    // (from byte 8: a flipped magic is simply not an OLE2 file)
    for at in (8..XLS_STREAM_AT + stream_len).step_by(3) {
        write(
            d.path(),
            &format!("in/{at:05}.xls"),
            flip(&base, at, 1 << (at % 8)),
        );
        n += 1;
    }
    let (r, v) = scan_json(d.path(), &with_unit(&["in"]));
    assert!((0..=2).contains(&r.code), "exit {}: {}", r.code, r.stderr);
    assert_eq!(reports(&v).len(), n);
    for rep in reports(&v) {
        assert!(
            ["pass", "review", "block"].contains(&verdict(rep)),
            "{}",
            brief(rep)
        );
        assert_eq!(rep["item"]["format"], "xls", "{}", brief(rep));
    }
    assert_no_echo(
        &[("stdout".into(), r.stdout), ("stderr".into(), r.stderr)],
        &ids,
    );
}

// =============================================================================================
// 8. xlsb

#[test]
fn xlsb_clean_passes() {
    let d = tmp();
    write(d.path(), "目录.xlsb", xlsb(&clean_book()));
    let (r, rep) = scan_one(d.path(), "目录.xlsb");
    assert_eq!(rep["item"]["format"], "xlsb");
    assert_eq!(verdict(&rep), "pass", "{}", brief(&rep));
    assert_eq!(r.code, 0);
    assert!(
        findings(&rep).iter().all(|f| f["action"] == "info"),
        "{}",
        brief(&rep)
    );
    assert_hidden_rows_not_checked(&rep);
    // and the same workbook as xls
    write(d.path(), "目录.xls", xls(&clean_book()));
    let (r, rep) = scan_one(d.path(), "目录.xls");
    assert_eq!(rep["item"]["format"], "xls");
    assert_eq!(verdict(&rep), "pass", "{}", brief(&rep));
    assert_eq!(r.code, 0);
}

#[test]
fn xlsb_masked_roster_passes() {
    let ids = digit_ids(3);
    let mobs = mobiles(3);
    let d = tmp();
    write(d.path(), "公示名单.xlsb", xlsb(&masked_roster(&ids, &mobs)));
    let (r, rep) = scan_one(d.path(), "公示名单.xlsb");
    check_masked_roster(&r, &rep, "xlsb");
    let mut secrets = ids.clone();
    secrets.extend(mobs);
    assert_no_echo_everywhere(d.path(), &with_unit(&["公示名单.xlsb"]), &secrets);
}

#[test]
fn xlsb_full_resident_id_blocks() {
    let ids = digit_ids(2);
    let d = tmp();
    write(d.path(), "名单.xlsb", xlsb(&full_id_book(&ids)));
    let (r, rep) = scan_one(d.path(), "名单.xlsb");
    check_full_id(&r, &rep, "xlsb");
    assert_no_echo_everywhere(d.path(), &with_unit(&["名单.xlsb"]), &ids);
}

#[test]
fn xlsb_numeric_mobile_and_precision_lost_id() {
    let id = digit_ids(1).remove(0);
    let mob = mobiles(1).remove(0);
    let rk_mob = rk_mobile();
    let d = tmp();
    write(
        d.path(),
        "联系表.xlsb",
        xlsb(&numeric_book(&mob, &rk_mob, &id)),
    );
    let (r, rep) = scan_one(d.path(), "联系表.xlsb");
    check_numeric(&r, &rep, "xlsb", &id);
    assert_no_echo_everywhere(d.path(), &with_unit(&["联系表.xlsb"]), &[id, mob, rk_mob]);
}

#[test]
fn xlsb_hidden_and_very_hidden_sheets() {
    let ids = digit_ids(2);
    let d = tmp();
    write(d.path(), "补贴公示.xlsb", xlsb(&hidden_book(&ids)));
    let (r, rep) = scan_one(d.path(), "补贴公示.xlsb");
    check_hidden(&r, &rep, "xlsb");
    assert_no_echo_everywhere(d.path(), &with_unit(&["补贴公示.xlsb"]), &ids);
}

#[test]
fn xlsb_state_secret_marking_blocks_without_excerpts() {
    let mob = mobiles(1).remove(0);
    let d = tmp();
    write(d.path(), "统计表.xlsb", xlsb(&secret_book(&mob)));
    let (r, rep) = scan_one(d.path(), "统计表.xlsb");
    check_secret(d.path(), "统计表.xlsb", &r, &rep, "xlsb", &mob);
}

#[test]
fn xlsb_truncated_and_damaged_never_pass() {
    let ids = digit_ids(2);
    let cases = damaged_xlsb(&ids);
    let d = tmp();
    for (n, b) in &cases {
        write(d.path(), &format!("in/{n}.xlsb"), b);
    }
    let (r, v) = scan_json(d.path(), &with_unit(&["in"]));
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(reports(&v).len(), cases.len(), "{:?}", paths(&v));
    for (n, _) in &cases {
        let rep = report(&v, &format!("/{n}.xlsb"));
        assert_eq!(rep["item"]["format"], "xlsb", "{n}: {}", brief(rep));
        assert_eq!(verdict(rep), "review", "{n}: {}", brief(rep));
        assert_eq!(unreadable_kinds(rep), ["corrupt"], "{n}: {}", brief(rep));
    }
    assert_no_echo(
        &[("stdout".into(), r.stdout), ("stderr".into(), r.stderr)],
        &ids,
    );
}

/// Single-bit flips in the xlsb zip (names, headers, deflate data, central directory).
#[test]
fn xlsb_bit_flips_never_crash() {
    let ids = digit_ids(2);
    let base = xlsb(&full_id_book(&ids));
    let d = tmp();
    let mut n = 0;
    for at in (0..base.len()).step_by(3) {
        write(
            d.path(),
            &format!("in/{at:05}.xlsb"),
            flip(&base, at, 1 << (at % 8)),
        );
        n += 1;
    }
    let (r, v) = scan_json(d.path(), &with_unit(&["in"]));
    assert!((0..=2).contains(&r.code), "exit {}: {}", r.code, r.stderr);
    assert_eq!(reports(&v).len(), n);
    for rep in reports(&v) {
        assert!(
            ["pass", "review", "block"].contains(&verdict(rep)),
            "{}",
            brief(rep)
        );
    }
    assert_no_echo(
        &[("stdout".into(), r.stdout), ("stderr".into(), r.stderr)],
        &ids,
    );
}

// =============================================================================================
// 9. near miss

#[test]
fn xls_wrong_check_digit_is_not_a_resident_id() {
    let num = near_miss_id();
    let d = tmp();
    write(d.path(), "档案.xls", xls(&near_miss_book(&num)));
    write(d.path(), "档案.xlsb", xlsb(&near_miss_book(&num)));
    for (f, fmt) in [("档案.xls", "xls"), ("档案.xlsb", "xlsb")] {
        let (r, rep) = scan_one(d.path(), f);
        assert_eq!(rep["item"]["format"], fmt);
        assert!(
            !has(&rep, "personal_info", "cn_resident_id"),
            "{}",
            brief(&rep)
        );
        assert!(!has(&rep, "personal_info", "bank_card"), "{}", brief(&rep));
        assert_eq!(verdict(&rep), "pass", "{}", brief(&rep));
        assert_eq!(r.code, 0);
    }
}

// =============================================================================================
// the builders themselves

#[test]
fn builders_match_the_formats() {
    // RK: integers in 30 bits, doubles whose low 34 bits are zero
    assert_eq!(rk_encode(42.0), Some((42 << 2) | 2));
    assert_eq!(rk_encode(-1.0), Some(((-1i32 << 2) as u32) | 2));
    assert!(rk_encode(13_800_138_000.0).is_none());
    assert!(rk_encode(rk_mobile().parse().unwrap()).is_some());
    // BIFF12 record header: 1- or 2-byte type, 7-bit varint size
    assert_eq!(b12_rec(0x0000, &[]), [0x00, 0x00]);
    assert_eq!(b12_rec(0x009C, &[0; 3]), [0x9C, 0x01, 0x03, 0, 0, 0]);
    assert_eq!(&b12_rec(0x0013, &[0; 200])[..3], [0x13, 0xC8, 0x01]);
    // an ID record begins exactly at the sector boundary the truncation test cuts at
    let id = digit_ids(1).remove(0);
    let (full, cut) = aligned_truncation(&id);
    assert_eq!(cut % SECT, 0);
    assert!(full.len() > cut);
    let utf = utf16(&id);
    let at = find_bytes(&full, &utf);
    assert_eq!(
        at - 13,
        cut,
        "LABEL header (4) + row/col/ixfe (6) + cch/flags (3)"
    );
    // the CFB holds the stream where the xls tests expect it
    let book = full_id_book(&digit_ids(2));
    let stream = xls_workbook_stream(&book, None);
    let file = xls(&book);
    assert_eq!(
        &file[XLS_STREAM_AT..XLS_STREAM_AT + stream.len()],
        &stream[..]
    );
    assert_eq!(file.len() % SECT, 0);
    // a large stream needs more than one FAT sector
    let big = cfb(&[("Workbook", &vec![7u8; 200 * SECT])]);
    assert_eq!(u32::from_le_bytes(big[44..48].try_into().unwrap()), 2);
    assert_eq!(big.len(), SECT * (1 + 2 + 1 + 200));
    // …and calamine reads such a file (3000 rows, a Workbook stream of about 150 KB)
    let cells: Vec<(String, V)> = (0..3000)
        .map(|r| (format!("A{}", r + 1), inline(&format!("第{r}行公开内容"))))
        .collect();
    let book = vec![sheet(
        "大表",
        VISIBLE,
        cells.iter().map(|(a, v)| (a.as_str(), v.clone())).collect(),
    )];
    let file = xls(&book);
    assert!(u32::from_le_bytes(file[44..48].try_into().unwrap()) > 1);
    let ex = extract_sheet(&file, "xls", &Limits::default());
    assert!(ex.problems.is_empty(), "{:?}", ex.problems);
    let texts: Vec<&str> = ex.segments.iter().map(|s| s.text.as_str()).collect();
    assert!(texts.contains(&"第0行公开内容"), "{texts:?}");
    assert!(texts.contains(&"第2999行公开内容"));
}

// =============================================================================================
// xls: hidden rows and columns, comments (BIFF8 ROW, COLINFO, OBJ/TXO/CONTINUE/NOTE)

fn row_record(rw: u16, hidden: bool) -> Vec<u8> {
    let mut d = Vec::new();
    for v in [rw, 0, 4, 300, 0, 0, if hidden { 0x20 } else { 0 }, 0x0F] {
        d.extend_from_slice(&v.to_le_bytes());
    }
    biff(0x0208, &d)
}

fn colinfo(first: u16, last: u16, width: u16, hidden: bool) -> Vec<u8> {
    let mut d = Vec::new();
    for v in [first, last, width, 0x0F, u16::from(hidden), 0] {
        d.extend_from_slice(&v.to_le_bytes());
    }
    biff(0x007D, &d)
}

/// A comment on (row, col): OBJ (ftCmo with `id`), TXO, CONTINUE with the text, NOTE.
fn note(row: u16, col: u16, id: u16, author: &str, text: &str) -> Vec<u8> {
    let mut obj = Vec::new();
    for v in [0x15u16, 0x12, 0x19, id, 0x4011] {
        obj.extend_from_slice(&v.to_le_bytes());
    }
    obj.extend_from_slice(&[0; 12]);
    obj.extend_from_slice(&[0; 4]); // ftEnd
    let mut out = biff(0x005D, &obj);
    let chars: Vec<u16> = text.encode_utf16().collect();
    let mut txo = vec![0u8; 18];
    txo[10..12].copy_from_slice(&(chars.len() as u16).to_le_bytes());
    txo[12..14].copy_from_slice(&16u16.to_le_bytes());
    out.extend(biff(0x01B6, &txo));
    let mut cont = vec![1u8];
    for c in &chars {
        cont.extend_from_slice(&c.to_le_bytes());
    }
    out.extend(biff(0x003C, &cont));
    out.extend(biff(0x003C, &[0; 16])); // formatting runs
    let mut n = Vec::new();
    for v in [row, col, 0, id] {
        n.extend_from_slice(&v.to_le_bytes());
    }
    n.extend(xl_unicode(author, false));
    out.extend(biff(0x001C, &n));
    out
}

#[test]
fn xls_hidden_rows_columns_and_comments() {
    let d = tmp();
    let id = digit_ids(1).remove(0);
    let book = |extra: Vec<u8>| {
        let mut b = vec![sheet(
            "名单",
            VISIBLE,
            vec![
                ("A1", sst("序号")),
                ("B1", sst("情况说明")),
                ("A2", sst("1")),
                ("B2", sst("已核实")),
                ("A3", sst("2")),
                ("B3", sst("该户家庭收入情况另行核查")),
                ("D2", sst("待复核")),
            ],
        )];
        b[0].extra = extra;
        b
    };
    // row 3 hidden, column D hidden (flag) and column E zero-width, a comment with an ID on B2
    let mut extra = row_record(1, false);
    extra.extend(row_record(2, true));
    extra.extend(colinfo(3, 3, 2000, true));
    extra.extend(colinfo(4, 4, 0, false));
    extra.extend(note(1, 1, 1, "李科长", &format!("身份证号{id}")));
    // the print header: 秘密★1年 centred
    let mut hdr = Vec::new();
    let text: Vec<u16> = "&C秘密★1年".encode_utf16().collect();
    hdr.extend_from_slice(&(text.len() as u16).to_le_bytes());
    hdr.push(1);
    for c in text {
        hdr.extend_from_slice(&c.to_le_bytes());
    }
    extra.extend(biff(0x0014, &hdr));
    write(d.path(), "名单.xls", xls(&book(extra)));
    // near miss: the same rows and columns shown, no comment
    let mut shown = row_record(1, false);
    shown.extend(row_record(2, false));
    shown.extend(colinfo(3, 4, 2000, false));
    write(d.path(), "公开.xls", xls(&book(shown)));

    let (_, rep) = scan_one(d.path(), "名单.xls");
    let kinds: Vec<String> = findings(&rep)
        .iter()
        .map(|f| {
            format!(
                "{}/{}",
                f["category"].as_str().unwrap(),
                f["kind"].as_str().unwrap()
            )
        })
        .collect();
    for k in [
        "classification_marking/state_secret",
        "hidden_content/hidden_row",
        "hidden_content/hidden_column",
        "hidden_content/comment",
        "personal_info/cn_resident_id",
    ] {
        assert!(kinds.iter().any(|x| x == k), "{k} missing: {}", brief(&rep));
    }
    let idf = findings(&rep)
        .iter()
        .find(|f| f["kind"] == "cn_resident_id")
        .unwrap();
    assert_eq!(idf["location"]["cell"], "B2", "{idf}");
    assert_eq!(idf["layer"], "hidden");
    assert_eq!(verdict(&rep), "block");
    assert!(
        !rep["not_examined"]
            .to_string()
            .contains("hidden rows/columns"),
        "{}",
        rep["not_examined"]
    );
    let (_, rep) = scan_one(d.path(), "公开.xls");
    assert_eq!(verdict(&rep), "pass", "{}", brief(&rep));
    assert_no_echo_everywhere(d.path(), &with_unit(&["名单.xls"]), &[id]);
}
