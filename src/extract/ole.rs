//! Structural checks of an OLE2 compound file (CFB, MS-CFB) and of the BIFF5/BIFF8 workbook
//! stream inside an `.xls`, done before calamine reads it.
//!
//! calamine's CFB reader returns a short stream, without an error, when the sectors of a stream
//! lie past the end of the file, and its BIFF reader stops at the end of the data whether or not
//! the sheet's end-of-file record came: a truncated `.xls` read as a partial or empty sheet and
//! could pass (tests/legacy_sheets.rs). It also reads an XOR-obfuscated workbook (FILEPASS with
//! encryption type 0) as if it were plain. This module checks that every sector a stream needs
//! is inside the file, that the chains end where the declared sizes say, that the workbook
//! globals and every sheet substream end with their EOF record, and looks for FILEPASS.

/// What the check found wrong.
#[derive(Debug, PartialEq, Eq)]
pub enum OleIssue {
    Corrupt(String),
    Encrypted(String),
}

/// The signature of a compound file.
pub const MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
const ENDOFCHAIN: u32 = 0xFFFF_FFFE;
const FREESECT: u32 = 0xFFFF_FFFF;
/// Highest regular sector number (MS-CFB MAXREGSECT).
const MAXREGSECT: u32 = 0xFFFF_FFFA;

const BOF: u16 = 0x0809;
const EOF: u16 = 0x000A;
const BOUNDSHEET: u16 = 0x0085;
const FILEPASS: u16 = 0x002F;
const ROW: u16 = 0x0208;
const COLINFO: u16 = 0x007D;
const NOTE: u16 = 0x001C;
const OBJ: u16 = 0x005D;
const TXO: u16 = 0x01B6;
const CONTINUE: u16 = 0x003C;
const HEADER: u16 = 0x0014;
const FOOTER: u16 = 0x0015;

/// What calamine does not tell of one `.xls` sheet, read from its BIFF8 substream: hidden
/// rows (ROW `fDyZero`), hidden columns (COLINFO `fHidden` or zero width) and cell comments
/// (NOTE → OBJ id → TXO text).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct XlsSheetInfo {
    /// 0-based rows.
    pub hidden_rows: Vec<u32>,
    /// 0-based inclusive column ranges.
    pub hidden_cols: Vec<(u32, u32)>,
    /// (row, col, author, text) of each comment.
    pub notes: Vec<(u32, u32, String, String)>,
    /// Print header and footer texts (HEADER, FOOTER; Excel's `&L&C&R` codes still in).
    pub header_footer: Vec<(&'static str, String)>,
}

fn u16_at(b: &[u8], o: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(o..o + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], o: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(o..o + 4)?.try_into().ok()?))
}

fn corrupt(s: impl Into<String>) -> OleIssue {
    OleIssue::Corrupt(s.into())
}

struct Cfb<'a> {
    bytes: &'a [u8],
    shift: u32,
    fat: Vec<u32>,
    /// Sectors the file can hold (a partial last sector counts).
    nsec: u64,
}

impl<'a> Cfb<'a> {
    fn ss(&self) -> usize {
        1 << self.shift
    }

    /// The bytes of sector `n` that are in the file (a partial last sector is shorter).
    fn sector(&self, n: u32) -> Option<&'a [u8]> {
        if n > MAXREGSECT {
            return None;
        }
        let off = (u64::from(n) + 1) << self.shift;
        if off >= self.bytes.len() as u64 {
            return None;
        }
        let off = off as usize;
        let end = (off + self.ss()).min(self.bytes.len());
        Some(&self.bytes[off..end])
    }

    /// The sectors of the chain starting at `start` (at most `max` of them, ending with
    /// ENDOFCHAIN). A loop, a free or special sector inside, or a sector outside the FAT is an
    /// error.
    fn chain(&self, start: u32, max: u64, what: &str) -> Result<Vec<u32>, OleIssue> {
        let mut out = Vec::new();
        let mut s = start;
        while s != ENDOFCHAIN {
            if out.len() as u64 >= max.min(self.nsec + 1) {
                return Err(corrupt(format!(
                    "{what}: sector chain longer than the file (a loop)"
                )));
            }
            let Some(&next) = self.fat.get(s as usize) else {
                return Err(corrupt(format!(
                    "{what}: sector {s} is outside the allocation table"
                )));
            };
            if s > MAXREGSECT || next == FREESECT {
                return Err(corrupt(format!("{what}: chain runs into a free sector")));
            }
            out.push(s);
            s = next;
        }
        Ok(out)
    }

    /// A stream of `size` bytes in the regular sectors from `start`: every byte it needs must be
    /// in the file and the chain must be exactly as long as the size says.
    fn stream(&self, start: u32, size: u64, what: &str) -> Result<Vec<u8>, OleIssue> {
        let ss = self.ss() as u64;
        let need = size.div_ceil(ss);
        if size > self.bytes.len() as u64 {
            return Err(corrupt(format!(
                "{what}: declared size {size} bytes is larger than the file"
            )));
        }
        let chain = if size == 0 {
            Vec::new()
        } else {
            self.chain(start, need + 1, what)?
        };
        if (chain.len() as u64) < need {
            return Err(corrupt(format!(
                "{what}: {} of {need} sectors present (file truncated or chain cut)",
                chain.len()
            )));
        }
        let mut out = Vec::with_capacity(size as usize);
        for &s in chain.iter().take(need as usize) {
            let want = (size - out.len() as u64).min(ss) as usize;
            match self.sector(s) {
                Some(d) if d.len() >= want => out.extend_from_slice(&d[..want]),
                _ => {
                    return Err(corrupt(format!(
                        "{what}: sector {s} lies past the end of the file (truncated)"
                    )))
                }
            }
        }
        Ok(out)
    }
}

/// Check an `.xls` (CFB with a `Workbook` or `Book` stream). Files that are not CFB, or whose
/// workbook stream is not BIFF5/8, are left to calamine.
pub fn check_xls(bytes: &[u8]) -> Result<Vec<XlsSheetInfo>, OleIssue> {
    if !bytes.starts_with(&MAGIC) {
        return Ok(Vec::new());
    }
    if bytes.len() < 512 {
        return Err(corrupt("compound file header cut short"));
    }
    let shift = u32::from(u16_at(bytes, 0x1E).unwrap_or(0));
    if shift != 9 && shift != 12 {
        return Err(corrupt(format!("compound file sector shift {shift}")));
    }
    let ss = 1usize << shift;
    let hdr = |o| u32_at(bytes, o).unwrap_or(0);
    let (nfat, first_dir) = (hdr(0x2C), hdr(0x30));
    let cutoff = u64::from(hdr(0x38));
    let (first_minifat, nminifat) = (hdr(0x3C), hdr(0x40));
    let (mut difat_sec, ndifat) = (hdr(0x44), hdr(0x48));
    let nsec = ((bytes.len() as u64).saturating_sub(ss as u64)).div_ceil(ss as u64);
    if u64::from(nfat) > nsec || u64::from(ndifat) > nsec || u64::from(nminifat) > nsec {
        return Err(corrupt("compound file header counts exceed the file"));
    }
    let mut cfb = Cfb {
        bytes,
        shift,
        fat: Vec::new(),
        nsec,
    };
    // the FAT sector list: 109 entries in the header, the rest in the DIFAT chain
    let mut fat_secs: Vec<u32> = (0..109)
        .map(|i| hdr(0x4C + 4 * i))
        .filter(|&s| s <= MAXREGSECT)
        .take(nfat as usize)
        .collect();
    let mut steps = 0u32;
    while fat_secs.len() < nfat as usize && difat_sec <= MAXREGSECT {
        steps += 1;
        if steps > ndifat.max(1) {
            return Err(corrupt("compound file DIFAT chain longer than declared"));
        }
        let Some(d) = cfb.sector(difat_sec).filter(|d| d.len() == ss) else {
            return Err(corrupt(
                "compound file DIFAT sector past the end of the file",
            ));
        };
        let n = ss / 4 - 1;
        fat_secs.extend(
            (0..n)
                .map(|i| u32_at(d, 4 * i).unwrap_or(FREESECT))
                .filter(|&s| s <= MAXREGSECT)
                .take(nfat as usize - fat_secs.len()),
        );
        difat_sec = u32_at(d, 4 * n).unwrap_or(ENDOFCHAIN);
    }
    if fat_secs.len() < nfat as usize {
        return Err(corrupt(format!(
            "compound file lists {} of {nfat} allocation-table sectors",
            fat_secs.len()
        )));
    }
    let mut fat = Vec::with_capacity(fat_secs.len() * ss / 4);
    for &s in &fat_secs {
        let Some(d) = cfb.sector(s).filter(|d| d.len() == ss) else {
            return Err(corrupt(format!(
                "compound file allocation-table sector {s} past the end of the file"
            )));
        };
        fat.extend(
            d.chunks_exact(4)
                .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]])),
        );
    }
    cfb.fat = fat;
    // directory: 128-byte entries in the directory chain (the last sector may be partial: an
    // unused entry cut off is harmless, a cut inside a used one is caught by its checks)
    let dir_chain = cfb.chain(first_dir, nsec + 1, "directory")?;
    let mut dir: Vec<u8> = Vec::with_capacity(dir_chain.len() * ss);
    for &s in &dir_chain {
        match cfb.sector(s) {
            Some(d) => dir.extend_from_slice(d),
            None => return Err(corrupt("directory sector past the end of the file")),
        }
    }
    let entry = |i: usize| dir.get(i * 128..i * 128 + 128);
    let Some(root) = entry(0) else {
        return Err(corrupt("compound file has no root entry"));
    };
    let mut wb: Option<(u32, u64)> = None;
    for e in dir.chunks_exact(128) {
        let name_len = usize::from(u16_at(e, 64).unwrap_or(0)).min(64);
        if e[66] != 2 || name_len < 2 {
            continue;
        }
        let name: String = char::decode_utf16(
            e[..name_len - 2]
                .chunks_exact(2)
                .map(|c| u16::from_le_bytes([c[0], c[1]])),
        )
        .map(|c| c.unwrap_or('\u{FFFD}'))
        .collect();
        if name.eq_ignore_ascii_case("Workbook") || name.eq_ignore_ascii_case("Book") {
            let size = if shift == 9 {
                u64::from(u32_at(e, 120).unwrap_or(0))
            } else {
                u32_at(e, 120).map(u64::from).unwrap_or(0)
                    | (u64::from(u32_at(e, 124).unwrap_or(0)) << 32)
            };
            wb = Some((u32_at(e, 116).unwrap_or(ENDOFCHAIN), size));
            if name.eq_ignore_ascii_case("Workbook") {
                break;
            }
        }
    }
    let Some((start, size)) = wb else {
        return Ok(Vec::new()); // not a workbook: calamine reports it
    };
    let stream = if size < cutoff {
        // in the mini stream: 64-byte sectors inside the root entry's stream
        let root_size = u64::from(u32_at(root, 120).unwrap_or(0));
        let container = cfb.stream(
            u32_at(root, 116).unwrap_or(ENDOFCHAIN),
            root_size,
            "mini stream",
        )?;
        let minifat_bytes = cfb.stream(
            first_minifat,
            u64::from(nminifat) * ss as u64,
            "mini allocation table",
        )?;
        let minifat: Vec<u32> = minifat_bytes
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
        // the header's cutoff is attacker-controlled: the stream must fit in the mini stream
        // (which is inside the file), so a chain that loops cannot grow it past the file
        if size > container.len() as u64 {
            return Err(corrupt(
                "workbook stream: declared size larger than the mini stream (truncated)",
            ));
        }
        let need = size.div_ceil(64);
        let mut out = Vec::with_capacity(size as usize);
        let mut s = start;
        for _ in 0..need {
            let off = s as usize * 64;
            let want = (size - out.len() as u64).min(64) as usize;
            match container.get(off..off + want) {
                Some(d) => out.extend_from_slice(d),
                None => {
                    return Err(corrupt(
                        "workbook stream: mini sector outside the mini stream (truncated)",
                    ))
                }
            }
            s = minifat.get(s as usize).copied().unwrap_or(FREESECT);
            if s == FREESECT {
                return Err(corrupt("workbook stream: mini sector chain broken"));
            }
        }
        out
    } else {
        cfb.stream(start, size, "workbook stream")?
    };
    check_biff(&stream)
}

/// One BIFF record at `pos`: (type, data, next position).
fn record(w: &[u8], pos: usize) -> Option<(u16, &[u8], usize)> {
    let typ = u16_at(w, pos)?;
    let len = usize::from(u16_at(w, pos + 2)?);
    let data = w.get(pos + 4..pos + 4 + len)?;
    Some((typ, data, pos + 4 + len))
}

/// Walk a substream from the BOF at `pos` to its matching EOF (embedded chart substreams
/// nest), calling `each` for every record. Err if the data ends first.
fn substream(
    w: &[u8],
    mut pos: usize,
    what: &str,
    mut each: impl FnMut(u16, &[u8]) -> Result<(), OleIssue>,
) -> Result<(), OleIssue> {
    let mut depth = 0u32;
    loop {
        let Some((typ, data, next)) = record(w, pos) else {
            return Err(corrupt(if pos >= w.len() {
                format!("{what} ends without its end-of-file record (truncated)")
            } else {
                format!("{what}: record at offset {pos} runs past the end of the stream")
            }));
        };
        each(typ, data)?;
        match typ {
            BOF => depth += 1,
            EOF => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return Ok(());
                }
            }
            _ => {}
        }
        pos = next;
    }
}

/// A BIFF8 `XLUnicodeString` without its length field: `flags` (bit 0: two bytes per
/// character) and up to `cch` characters from `d`.
fn biff_chars(d: &[u8], cch: usize, flags: u8) -> String {
    if flags & 1 != 0 {
        char::decode_utf16(
            d.chunks_exact(2)
                .take(cch)
                .map(|c| u16::from_le_bytes([c[0], c[1]])),
        )
        .map(|c| c.unwrap_or('\u{FFFD}'))
        .collect()
    } else {
        d.iter().take(cch).map(|&b| b as char).collect()
    }
}

fn check_biff(w: &[u8]) -> Result<Vec<XlsSheetInfo>, OleIssue> {
    match record(w, 0) {
        Some((BOF, _, _)) => {}
        _ => return Ok(Vec::new()), // not BIFF5/8 (or empty): calamine decides
    }
    let mut sheets: Vec<u32> = Vec::new();
    substream(w, 0, "workbook globals", |typ, data| {
        match typ {
            FILEPASS => {
                let kind = match u16_at(data, 0) {
                    Some(0) => "XOR obfuscation",
                    Some(1) => "RC4",
                    _ => "unknown",
                };
                return Err(OleIssue::Encrypted(format!(
                    "xls workbook is password-protected (FILEPASS, {kind})"
                )));
            }
            BOUNDSHEET => {
                if let Some(p) = u32_at(data, 0) {
                    sheets.push(p);
                }
            }
            _ => {}
        }
        Ok(())
    })?;
    let mut infos = Vec::with_capacity(sheets.len());
    for (i, &p) in sheets.iter().enumerate() {
        let what = format!("sheet {}", i + 1);
        let p = p as usize;
        match record(w, p) {
            Some((BOF, _, _)) => {}
            _ => {
                return Err(corrupt(format!(
                    "{what}: no sheet start (BOF) at its recorded offset {p}"
                )))
            }
        }
        let mut info = XlsSheetInfo::default();
        // records of the sheet itself (depth 1), not of an embedded chart's substream
        let mut depth = 0u32;
        let mut last_obj: Option<u16> = None;
        let mut pending_txo: Option<(u16, usize)> = None;
        let mut texts: std::collections::HashMap<u16, String> = Default::default();
        let mut notes: Vec<(u32, u32, u16, String)> = Vec::new();
        substream(w, p, &what, |typ, d| {
            match typ {
                BOF => depth += 1,
                EOF => depth = depth.saturating_sub(1),
                _ if depth != 1 => {}
                ROW => {
                    if let (Some(rw), Some(grbit)) = (u16_at(d, 0), u16_at(d, 12)) {
                        if grbit & 0x20 != 0 {
                            info.hidden_rows.push(u32::from(rw));
                        }
                    }
                }
                COLINFO => {
                    if let (Some(a), Some(b), Some(width), Some(grbit)) =
                        (u16_at(d, 0), u16_at(d, 2), u16_at(d, 4), u16_at(d, 8))
                    {
                        if (grbit & 1 != 0 || width == 0) && a <= b {
                            info.hidden_cols
                                .push((u32::from(a), u32::from(b.min(16383))));
                        }
                    }
                }
                // the common-object sub-record (ftCmo) carries the object's id
                OBJ => {
                    last_obj = (u16_at(d, 0) == Some(0x15)).then(|| u16_at(d, 6)).flatten();
                }
                TXO => {
                    pending_txo = last_obj.zip(u16_at(d, 10).map(usize::from));
                }
                CONTINUE => {
                    if let Some((id, cch)) = pending_txo.take() {
                        if let Some((&flags, rest)) = d.split_first() {
                            texts.insert(id, biff_chars(rest, cch, flags));
                        }
                    }
                }
                HEADER | FOOTER if d.len() >= 3 => {
                    if let (Some(n), Some(&f)) = (u16_at(d, 0), d.get(2)) {
                        let t = biff_chars(&d[3..], n.into(), f);
                        if !t.trim().is_empty() {
                            let kind = if typ == HEADER { "header" } else { "footer" };
                            info.header_footer.push((kind, t));
                        }
                    }
                }
                NOTE => {
                    if let (Some(rw), Some(col), Some(id)) =
                        (u16_at(d, 0), u16_at(d, 2), u16_at(d, 6))
                    {
                        let author = match (u16_at(d, 8), d.get(10)) {
                            (Some(n), Some(&f)) => biff_chars(&d[11.min(d.len())..], n.into(), f),
                            _ => String::new(),
                        };
                        notes.push((u32::from(rw), u32::from(col), id, author));
                    }
                }
                _ => {}
            }
            Ok(())
        })?;
        info.notes = notes
            .into_iter()
            .filter_map(|(r, c, id, a)| texts.get(&id).map(|t| (r, c, a, t.clone())))
            .collect();
        infos.push(info);
    }
    Ok(infos)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(typ: u16, data: &[u8]) -> Vec<u8> {
        let mut v = typ.to_le_bytes().to_vec();
        v.extend((data.len() as u16).to_le_bytes());
        v.extend(data);
        v
    }

    /// Globals with one BOUNDSHEET pointing at a sheet substream.
    fn biff(sheet_eof: bool, filepass: Option<u16>) -> Vec<u8> {
        let mut g = rec(BOF, &[0; 16]);
        if let Some(t) = filepass {
            g.extend(rec(FILEPASS, &t.to_le_bytes()));
        }
        let bs_at = g.len();
        g.extend(rec(BOUNDSHEET, &[0; 8]));
        g.extend(rec(EOF, &[]));
        let sheet_at = g.len() as u32;
        g[bs_at + 4..bs_at + 8].copy_from_slice(&sheet_at.to_le_bytes());
        g.extend(rec(BOF, &[0; 16]));
        g.extend(rec(0x0204, b"\x01\x00\x00\x00\x00\x00\x01\x00A")); // a LABEL
                                                                     // an embedded chart substream nests its own BOF/EOF
        g.extend(rec(BOF, &[0; 16]));
        g.extend(rec(EOF, &[]));
        if sheet_eof {
            g.extend(rec(EOF, &[]));
        }
        g
    }

    #[test]
    fn sheet_rows_columns_and_notes() {
        let mut w = biff(true, None);
        // drop the sheet's EOF and append: a hidden ROW (row 5), a shown one, COLINFO hiding
        // C:D, a chart substream with its own hidden ROW (not the sheet's), a comment
        w.truncate(w.len() - 4);
        let row = |rw: u16, grbit: u16| {
            let mut d = vec![0u8; 16];
            d[0..2].copy_from_slice(&rw.to_le_bytes());
            d[12..14].copy_from_slice(&grbit.to_le_bytes());
            rec(ROW, &d)
        };
        w.extend(row(5, 0x20));
        w.extend(row(6, 0));
        w.extend(rec(COLINFO, &[2, 0, 3, 0, 0x10, 0, 0, 0, 1, 0, 0, 0]));
        w.extend(rec(BOF, &[0; 16]));
        w.extend(row(9, 0x20));
        w.extend(rec(EOF, &[]));
        w.extend(rec(OBJ, &[0x15, 0, 0x12, 0, 0x19, 0, 7, 0]));
        let mut txo = vec![0u8; 18];
        txo[10] = 3;
        w.extend(rec(TXO, &txo));
        w.extend(rec(CONTINUE, b"\x00abc"));
        w.extend(rec(NOTE, &[1, 0, 2, 0, 0, 0, 7, 0, 2, 0, 0, b'L', b'i']));
        let mut hdr = vec![4, 0, 1];
        for c in "&C机密".encode_utf16() {
            hdr.extend_from_slice(&c.to_le_bytes());
        }
        w.extend(rec(HEADER, &hdr));
        w.extend(rec(EOF, &[]));
        let info = check_biff(&w).unwrap();
        assert_eq!(
            info,
            vec![XlsSheetInfo {
                hidden_rows: vec![5],
                hidden_cols: vec![(2, 3)],
                notes: vec![(1, 2, "Li".into(), "abc".into())],
                header_footer: vec![("header", "&C机密".into())],
            }]
        );
    }

    #[test]
    fn biff_table() {
        assert_eq!(
            check_biff(&biff(true, None)),
            Ok(vec![XlsSheetInfo::default()])
        );
        assert!(
            matches!(check_biff(&biff(false, None)), Err(OleIssue::Corrupt(m)) if m.contains("sheet 1"))
        );
        assert!(matches!(
            check_biff(&biff(true, Some(0))),
            Err(OleIssue::Encrypted(m)) if m.contains("XOR")
        ));
        assert!(matches!(
            check_biff(&biff(true, Some(1))),
            Err(OleIssue::Encrypted(m)) if m.contains("RC4")
        ));
        // a record whose length runs past the end
        let mut b = biff(true, None);
        b.truncate(b.len() - 2);
        assert!(check_biff(&b).is_err());
        // BOUNDSHEET offset not at a BOF
        let mut b = biff(true, None);
        let at = 20 + 4; // after BOF (4+16), the BOUNDSHEET's data
        b[at..at + 4].copy_from_slice(&3u32.to_le_bytes());
        assert!(check_biff(&b).is_err());
        // not BIFF: left to calamine
        assert_eq!(check_biff(b"PK\x03\x04"), Ok(vec![]));
        assert_eq!(check_biff(&[]), Ok(vec![]));
    }

    #[test]
    fn cfb_header_garbage_never_panics() {
        let mut b = MAGIC.to_vec();
        b.resize(512, 0);
        b[0x1E] = 9;
        for i in 0..512 {
            let mut c = b.clone();
            c[i] ^= 0xFF;
            let _ = check_xls(&c);
        }
        assert!(check_xls(&b[..100]).is_err());
        // a huge mini-stream cutoff must not make a tiny file allocate its declared size
        let mut c = b.clone();
        c[0x38..0x3C].copy_from_slice(&u32::MAX.to_le_bytes());
        let _ = check_xls(&c);
    }
}
