//! Opening zip containers (OOXML, ODF) with budgets, before any parser decompresses anything.
//!
//! `zip` 9 enforces an entry's declared uncompressed size while reading, so checking the declared
//! sizes here is a real bound; every read still goes through `Read::take` as a second line.

use std::collections::HashMap;
use std::io::{Cursor, Read};

use zip::result::ZipError;
use zip::{ZipArchive, ZipReadOptions};

use super::{Limits, Location, Problem};

/// Entries larger than this are checked for their compression ratio.
const RATIO_MIN_SIZE: u64 = 1024 * 1024;

/// A zip archive whose central directory passed the budget checks.
pub struct SafeZip<'a> {
    archive: ZipArchive<Cursor<&'a [u8]>>,
    names: Vec<String>,
    /// Lower-cased name (without leading '/') -> index, for case-insensitive part lookup.
    lower: HashMap<String, usize>,
    limits: Limits,
    /// Bytes decompressed so far through `read`.
    read_total: u64,
}

/// Maps a zip error on opening to a problem kind.
fn open_error(e: &ZipError) -> Problem {
    match e {
        ZipError::UnsupportedArchive(msg) if msg.contains("assword") => {
            Problem::new("encrypted", Location::item(), "zip archive is encrypted")
        }
        _ => Problem::new(
            "corrupt",
            Location::item(),
            format!("not a readable zip archive: {e}"),
        ),
    }
}

impl<'a> SafeZip<'a> {
    /// Checks entry count, declared sizes, total declared size, per-entry ratio (only suspicious
    /// when size > 1 MiB and ratio > `limits.max_ratio`) and overlapping entries.
    pub fn open(bytes: &'a [u8], limits: &Limits) -> Result<SafeZip<'a>, Problem> {
        if bytes.len() as u64 > limits.max_item_bytes {
            return Err(Problem::new(
                "limit_exceeded",
                Location::item(),
                format!(
                    "item is {} bytes, limit {}",
                    bytes.len(),
                    limits.max_item_bytes
                ),
            ));
        }
        let mut archive = ZipArchive::new(Cursor::new(bytes)).map_err(|e| open_error(&e))?;
        let n = archive.len();
        // a directory that lists nothing in a file that starts with an entry: the entries are
        // there for any archiver that reads the local headers, not for this reader
        if n == 0 && bytes.starts_with(b"PK\x03\x04") {
            return Err(Problem::new(
                "corrupt",
                Location::item(),
                "the zip directory lists no entries, but the file holds at least one",
            ));
        }
        if n > limits.max_zip_entries {
            return Err(Problem::new(
                "limit_exceeded",
                Location::item(),
                format!("zip has {n} entries, limit {}", limits.max_zip_entries),
            ));
        }
        let mut names = Vec::with_capacity(n);
        let mut lower = HashMap::with_capacity(n);
        let mut total: u64 = 0;
        for i in 0..n {
            let entry = archive.by_index_data(i).map_err(|e| open_error(&e))?;
            let name = match entry.name() {
                Ok(s) => s.into_owned(),
                Err(_) => String::from_utf8_lossy(entry.name_raw()).into_owned(),
            };
            let size = entry.size();
            let csize = entry.compressed_size();
            if size > limits.max_entry_bytes {
                return Err(Problem::new(
                    "limit_exceeded",
                    Location::part(&name),
                    format!(
                        "zip entry declares {size} bytes, limit {}",
                        limits.max_entry_bytes
                    ),
                ));
            }
            total = total.saturating_add(size);
            if total > limits.max_total_unzipped {
                return Err(Problem::new(
                    "limit_exceeded",
                    Location::item(),
                    format!(
                        "zip entries declare more than {} bytes in total",
                        limits.max_total_unzipped
                    ),
                ));
            }
            if size > RATIO_MIN_SIZE && size / csize.max(1) > limits.max_ratio {
                return Err(Problem::new(
                    "limit_exceeded",
                    Location::part(&name),
                    format!(
                        "zip entry compression ratio {} exceeds {} (zip bomb?)",
                        size / csize.max(1),
                        limits.max_ratio
                    ),
                ));
            }
            let key = name.trim_start_matches('/').to_lowercase();
            lower.entry(key).or_insert(i);
            names.push(name);
        }
        // many entries each just under the per-entry floor add up to a bomb too: the archive as
        // a whole must not expand more than the ratio allows (real office files and attachment
        // archives stay far below it)
        let whole = bytes.len().max(1) as u64;
        if total > RATIO_MIN_SIZE.saturating_mul(16) && total / whole > limits.max_ratio {
            return Err(Problem::new(
                "limit_exceeded",
                Location::item(),
                format!(
                    "zip entries declare {total} bytes from a {whole}-byte archive: ratio {} exceeds {} (zip bomb?)",
                    total / whole,
                    limits.max_ratio
                ),
            ));
        }
        match archive.has_overlapping_files() {
            Ok(false) => {}
            Ok(true) => {
                return Err(Problem::new(
                    "limit_exceeded",
                    Location::item(),
                    "zip entries overlap (zip bomb?)",
                ))
            }
            Err(e) => return Err(open_error(&e)),
        }
        Ok(SafeZip {
            archive,
            names,
            lower,
            limits: limits.clone(),
            read_total: 0,
        })
    }

    /// Entry names in central-directory order.
    pub fn names(&self) -> Vec<String> {
        self.names.clone()
    }

    /// Entry names, borrowed.
    pub fn names_ref(&self) -> &[String] {
        &self.names
    }

    fn index_of(&self, name: &str) -> Option<usize> {
        let trimmed = name.trim_start_matches('/');
        if let Some(i) = self.archive.index_for_name(trimmed) {
            return Some(i);
        }
        self.lower.get(&trimmed.to_lowercase()).copied()
    }

    /// Whether an entry exists (part names are compared case-insensitively, leading '/' ignored).
    pub fn has(&self, name: &str) -> bool {
        self.index_of(name).is_some()
    }

    /// The stored name of an entry matching `name` case-insensitively.
    pub fn actual_name(&self, name: &str) -> Option<String> {
        self.index_of(name).and_then(|i| self.names.get(i).cloned())
    }

    /// Declared uncompressed size of an entry.
    pub fn size_of(&self, name: &str) -> Option<u64> {
        let i = self.index_of(name)?;
        self.archive.by_index_data(i).ok().map(|e| e.size())
    }

    /// Reads one entry fully through `Read::take(limit)`; Err(Problem) `encrypted`, `corrupt`
    /// (missing entry, CRC or deflate error), `unsupported_format` (compression method),
    /// `limit_exceeded`.
    pub fn read(&mut self, name: &str) -> Result<Vec<u8>, Problem> {
        let loc = Location::part(name);
        let Some(idx) = self.index_of(name) else {
            return Err(Problem::new("corrupt", loc, "part is missing from the zip"));
        };
        let (size, encrypted) = match self.archive.by_index_data(idx) {
            Ok(e) => (e.size(), e.encrypted()),
            Err(e) => return Err(Problem::new("corrupt", loc, format!("zip entry: {e}"))),
        };
        if encrypted {
            return Err(Problem::new("encrypted", loc, "zip entry is encrypted"));
        }
        if size > self.limits.max_entry_bytes {
            return Err(Problem::new(
                "limit_exceeded",
                loc,
                format!(
                    "zip entry declares {size} bytes, limit {}",
                    self.limits.max_entry_bytes
                ),
            ));
        }
        if self.read_total.saturating_add(size) > self.limits.max_total_unzipped {
            return Err(Problem::new(
                "limit_exceeded",
                loc,
                "total decompressed bytes exceed the item budget",
            ));
        }
        let opts = ZipReadOptions::new().enforce_header_consistency(true);
        let file = match self.archive.by_index_with_options(idx, opts) {
            Ok(f) => f,
            Err(ZipError::UnsupportedArchive(msg)) if msg.contains("assword") => {
                return Err(Problem::new("encrypted", loc, "zip entry is encrypted"))
            }
            Err(ZipError::CompressionMethodNotSupported(m)) => {
                return Err(Problem::new(
                    "unsupported_format",
                    loc,
                    format!("zip compression method {m} is not supported"),
                ))
            }
            Err(ZipError::UnsupportedArchive(msg)) => {
                return Err(Problem::new(
                    "unsupported_format",
                    loc,
                    format!("zip entry: {msg}"),
                ))
            }
            Err(e) => return Err(Problem::new("corrupt", loc, format!("zip entry: {e}"))),
        };
        // Never trust the declared size for the allocation beyond a modest initial capacity.
        let mut out = Vec::with_capacity(size.min(16 * 1024 * 1024) as usize);
        let mut limited = file.take(size.saturating_add(1));
        if let Err(e) = limited.read_to_end(&mut out) {
            let msg = e.to_string();
            let kind = if msg.contains("larger than its declared") {
                "limit_exceeded"
            } else {
                "corrupt"
            };
            return Err(Problem::new(
                kind,
                loc,
                format!("cannot decompress zip entry: {msg}"),
            ));
        }
        if out.len() as u64 > size {
            return Err(Problem::new(
                "limit_exceeded",
                loc,
                "zip entry is larger than its declared size",
            ));
        }
        self.read_total = self.read_total.saturating_add(out.len() as u64);
        Ok(out)
    }

    /// Reads an entry if present: Ok(None) when it is absent.
    pub fn read_opt(&mut self, name: &str) -> Result<Option<Vec<u8>>, Problem> {
        if self.has(name) {
            self.read(name).map(Some)
        } else {
            Ok(None)
        }
    }
}
