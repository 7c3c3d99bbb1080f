//! baomi (保密): pre-publication confidentiality review for government information disclosure.
//!
//! The flow runs one way: walk → item → extract → segments → normalize → detect → hits →
//! policy → findings → item aggregation → batch aggregation → sinks. The CLI (and later the
//! service) call [`scan::scan_items`] / [`scan::scan_bytes`].

// XML event loops read more clearly with the condition inside the arm; `Problem` is returned
// only on the rare error path, and a few local tuple types are used once.
#![allow(
    clippy::collapsible_match,
    clippy::result_large_err,
    clippy::type_complexity
)]

pub mod aggregate;
pub mod detect;
pub mod extract;
pub mod isolate;
pub mod item;
pub mod manifest;
pub mod normalize;
pub mod policy;
pub mod report;
pub mod scan;
pub mod serve;
pub mod table;
pub mod wire;

/// Language of human-readable text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    /// Pick the Chinese or English variant.
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}

/// Lowercase hex of a byte slice.
pub fn hex(bytes: &[u8]) -> String {
    const H: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(H[(b >> 4) as usize] as char);
        s.push(H[(b & 15) as usize] as char);
    }
    s
}

/// sha256 of bytes as lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    hex(&Sha256::digest(bytes))
}

/// An item's hashes: its sha256 (reported as `item.sha256`) and the key its findings'
/// fingerprints are made with.
///
/// A fingerprint made from the report's own fields (`sha256(item.sha256, rule, value)`, as
/// CONTRACT §3 words it) can be reversed: the excerpt shows all of a mobile but four digits,
/// so 10,000 guesses recover it from the report alone. The key is the sha256 of the item's
/// bytes followed by a label, computed in the same pass as `item.sha256` (the hasher's state
/// before its final block is not recoverable from the digest): whoever holds the file gets the
/// same fingerprints on any machine and in any run, and whoever holds only the report cannot
/// test guesses against them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ItemHash {
    pub sha256: String,
    pub fp_key: String,
}

impl ItemHash {
    /// Label appended to the item's bytes for the fingerprint key.
    const FP_LABEL: &'static [u8] = b"\0baomi.fingerprint.key.v1";

    pub fn of(bytes: &[u8]) -> ItemHash {
        let mut h = ItemHasher::new();
        h.update(bytes);
        h.finish()
    }
}

/// Computes an [`ItemHash`] over bytes given in pieces (a file read in blocks).
pub struct ItemHasher(sha2::Sha256);

impl Default for ItemHasher {
    fn default() -> Self {
        Self::new()
    }
}

impl ItemHasher {
    pub fn new() -> Self {
        use sha2::Digest;
        ItemHasher(sha2::Sha256::new())
    }

    pub fn update(&mut self, bytes: &[u8]) {
        use sha2::Digest;
        self.0.update(bytes);
    }

    pub fn finish(self) -> ItemHash {
        use sha2::Digest;
        let mut keyed = self.0.clone();
        keyed.update(ItemHash::FP_LABEL);
        ItemHash {
            sha256: hex(&self.0.finalize()),
            fp_key: hex(&keyed.finalize()),
        }
    }
}

/// Items at least this large return their freed memory to the system at once when done
/// (scanner and workers); after smaller ones mimalloc's own delayed purge does it. At 512 KiB
/// every benchmark spreadsheet forced a purge and the next item faulted its pages in again:
/// 4 MiB made the office benchmark ~8 % faster for ~60 MiB more peak RSS of the process tree
/// (397 vs 332 MiB; docs/performance.md, session 4).
pub const RELEASE_AFTER_BYTES: u64 = 4 * 1024 * 1024;

/// Return the memory freed by a large item to the system. The binary's allocator is mimalloc
/// (src/main.rs), which otherwise keeps freed pages of a big sheet for the next allocations:
/// the resident size of a long batch would grow with every large item.
pub fn release_free_memory() {
    // SAFETY: mi_collect only frees memory the allocator holds and no longer uses.
    unsafe { libmimalloc_sys::mi_collect(true) }
}
