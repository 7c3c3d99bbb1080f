//! Orchestration: walk → rayon over items → per-item pipeline (extract, normalize, detect,
//! policy, item aggregation) → batch aggregation. Parsed formats are read in worker processes
//! ([`crate::isolate`]) when the run has a pool, otherwise behind `catch_unwind`; what cannot
//! be read becomes an `unreadable` finding, never silence.

use crate::aggregate::{self, MaskedSeen};
use crate::detect::dictionary::{ceil_char, char_window, floor_char, Dictionary};
use crate::detect::identifiers::{self, IdKind, IdRecognizer, Mask};
use crate::detect::marking::MarkingRecognizer;
use crate::detect::Hit;
use crate::extract::{self, Anchor, Extracted, Layer, Limits, Location, Problem, Segment, Zone};
use crate::isolate::WorkerPool;
use crate::item;
use crate::manifest::Manifest;
use crate::normalize::{normalize, Normalized};
use crate::policy::{Action, Policy};
use crate::report::{Finding, ItemInfo, PolicyRef, Report, Responsibility, Stats, Verdict, SCHEMA};
use crate::Lang;
use rayon::prelude::*;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

/// Everything a run shares across workers: built once, read by all.
pub struct Config {
    pub policy: Policy,
    pub dict: Dictionary,
    pub ids: IdRecognizer,
    pub marks: MarkingRecognizer,
    pub manifest: Option<Manifest>,
    pub unit: Option<String>,
    pub drafter: Option<String>,
    pub reviewer: Option<String>,
    pub limits: Limits,
    pub lang: Lang,
    /// Worker processes that read and analyse parsed formats (see [`crate::isolate`]); `None`
    /// scans them in process behind `catch_unwind` only (library use, fuzzing, benches).
    pub isolation: Option<Arc<WorkerPool>>,
}

impl Config {
    pub fn new(policy: Policy, dict: Dictionary) -> Config {
        let mut limits = Limits::default();
        limits.max_item_bytes = policy.limits.max_item_mb.saturating_mul(1024 * 1024);
        limits.item_timeout_ms = policy.limits.item_timeout_s.saturating_mul(1000);
        Config {
            policy,
            dict,
            ids: IdRecognizer::new(),
            marks: MarkingRecognizer::new(),
            manifest: None,
            unit: None,
            drafter: None,
            reviewer: None,
            limits,
            lang: Lang::Zh,
            isolation: None,
        }
    }
}

impl Config {
    /// Scans parsed formats in worker processes started from this executable, with the
    /// policy's memory limit and the configured per-item timeout. The workers get this
    /// configuration's policy, dictionaries and language as they are now: set those first.
    pub fn enable_isolation(&mut self) -> std::io::Result<()> {
        let exe = std::env::current_exe()?;
        self.isolation = Some(Arc::new(WorkerPool::new(
            exe,
            crate::wire::encode_setup(&self.policy, &self.dict, self.lang),
            self.policy
                .limits
                .worker_memory_mb
                .saturating_mul(1024 * 1024),
            std::time::Duration::from_millis(self.limits.item_timeout_ms.max(1)),
        )));
        Ok(())
    }
}

/// A path that could not be scanned at all (usage error: exit 3).
#[derive(Debug)]
pub struct WalkError(pub String);

/// Items found under the given paths, in a stable order. Folders are walked recursively;
/// symlinks inside folders are not followed; `.git` is skipped.
pub fn walk(paths: &[PathBuf]) -> Result<Vec<PathBuf>, WalkError> {
    let mut out = Vec::new();
    for p in paths {
        let meta =
            std::fs::symlink_metadata(p).map_err(|e| WalkError(format!("{}: {e}", p.display())))?;
        if meta.is_dir() {
            let mut items: Vec<PathBuf> = walkdir::WalkDir::new(p)
                .follow_links(false)
                .sort_by_file_name()
                .into_iter()
                .filter_entry(|e| e.file_name() != ".git")
                .filter_map(|e| match e {
                    Ok(e) => e.file_type().is_file().then(|| e.into_path()),
                    // a folder or file that cannot be listed is an item that cannot be read
                    // (reported unreadable), never silently left out of a passing batch
                    Err(err) => err.path().map(Path::to_path_buf),
                })
                .collect();
            out.append(&mut items);
        } else {
            // a file (or a symlink named on the command line, which the user asked for)
            out.push(p.clone());
        }
    }
    Ok(out)
}

/// Per-item result kept for the batch stage.
pub struct ItemResult {
    pub report: Report,
    pub(crate) masked: Vec<MaskedSeen>,
}

/// Scan items in parallel; `on_done` is called once per finished item (progress).
pub fn scan_items(cfg: &Config, items: &[PathBuf], on_done: &(dyn Fn() + Sync)) -> Vec<Report> {
    // Largest items first, each worker taking the next item when it is free (greedy
    // longest-processing-time scheduling): a big file started last would leave the other
    // workers idle at the end of the batch.
    let sizes: Vec<u64> = items
        .par_iter()
        .map(|p| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0))
        .collect();
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(sizes[i]));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let done: std::sync::Mutex<Vec<(usize, ItemResult)>> =
        std::sync::Mutex::new(Vec::with_capacity(items.len()));
    let work = |i: usize| {
        let r = scan_one(cfg, &items[i], i);
        // give the pages freed by a large parsed item back to the system (a sheet of 300,000
        // cells is as many small allocations; with isolation they are made in the worker,
        // which releases its own, and here only the item's bytes and report): otherwise the
        // allocator keeps them and the resident size of a long batch grows with every such
        // item (docs/performance.md). Text items free a few large buffers; releasing after
        // them only costs page faults on the next item.
        if r.report.item.bytes >= crate::RELEASE_AFTER_BYTES
            && crate::isolate::isolated_format(&r.report.item.format)
        {
            crate::release_free_memory();
        }
        on_done();
        r
    };
    rayon::scope(|sc| {
        for _ in 0..rayon::current_num_threads().min(items.len()) {
            sc.spawn(|_| {
                let mut local = Vec::new();
                loop {
                    let k = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(&i) = order.get(k) else { break };
                    local.push((i, work(i)));
                }
                done.lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .append(&mut local);
            });
        }
    });
    let mut done = done.into_inner().unwrap_or_else(|e| e.into_inner());
    done.sort_unstable_by_key(|(i, _)| *i);
    let mut results: Vec<ItemResult> = done.into_iter().map(|(_, r)| r).collect();
    let t = Instant::now();
    let timings = std::env::var_os("BAOMI_TIMINGS").is_some();
    if timings {
        eprintln!("timing: items done, memory {}", memory_status());
    }
    batch_stage(cfg, &mut results);
    if timings {
        eprintln!(
            "timing: batch stage {} ms, memory {}",
            t.elapsed().as_millis(),
            memory_status()
        );
    }
    results.into_iter().map(|r| r.report).collect()
}

/// Current and peak resident memory of this process (Linux), for `BAOMI_TIMINGS`.
pub fn memory_status() -> String {
    let s = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let get = |k: &str| {
        s.lines()
            .find(|l| l.starts_with(k))
            .map(|l| l[k.len()..].trim().to_string())
            .unwrap_or_default()
    };
    format!("rss {} peak {}", get("VmRSS:"), get("VmHWM:"))
}

fn scan_one(cfg: &Config, path: &Path, index: usize) -> ItemResult {
    let t0 = Instant::now();
    let display = path.to_string_lossy().to_string();
    let resp = responsibility(cfg, path);
    let meta = std::fs::metadata(path);
    let size = meta.as_ref().map(|m| m.len()).unwrap_or(0);
    // a FIFO, a device or a folder that could not be listed: reading it could block or never
    // end, and it is no document
    if meta.as_ref().is_ok_and(|m| !m.is_file()) {
        let what = if meta.as_ref().is_ok_and(|m| m.is_dir()) {
            "folder could not be listed"
        } else {
            "not a regular file"
        };
        let ex = Extracted {
            problems: vec![Problem::new("unsupported_format", Location::item(), what)],
            ..Default::default()
        };
        return finish(
            cfg,
            &display,
            path,
            "unknown".into(),
            0,
            Default::default(),
            ex,
            resp,
            t0,
            index,
        );
    }
    if size > cfg.limits.max_item_bytes {
        let sha = hash_file(path).unwrap_or_default();
        let fmt = "unknown".to_string();
        let ex = Extracted {
            problems: vec![Problem::new(
                "too_large",
                Location::item(),
                format!("{size} bytes > limit {}", cfg.limits.max_item_bytes),
            )],
            ..Default::default()
        };
        return finish(cfg, &display, path, fmt, size, sha, ex, resp, t0, index);
    }
    match std::fs::read(path) {
        Ok(bytes) => scan_bytes_inner(cfg, &display, path, bytes, resp, t0, index),
        Err(e) => {
            let ex = Extracted {
                problems: vec![Problem::new(
                    "corrupt",
                    Location::item(),
                    format!("cannot read file: {}", e.kind()),
                )],
                ..Default::default()
            };
            finish(
                cfg,
                &display,
                path,
                "unknown".into(),
                size,
                Default::default(),
                ex,
                resp,
                t0,
                index,
            )
        }
    }
}

/// Scan one item given as bytes (for the service and tests). `name` is its path or file name.
pub fn scan_bytes(cfg: &Config, name: &str, bytes: &[u8], resp: Option<Responsibility>) -> Report {
    let path = Path::new(name);
    let resp = resp.unwrap_or_else(|| responsibility(cfg, path));
    let mut r = vec![scan_bytes_inner(
        cfg,
        name,
        path,
        bytes.to_vec(),
        resp,
        Instant::now(),
        0,
    )];
    batch_stage(cfg, &mut r);
    r.pop().map(|r| r.report).expect("one report")
}

fn hash_file(path: &Path) -> std::io::Result<crate::ItemHash> {
    use std::io::Read;
    let mut f = std::fs::File::open(path)?;
    let mut h = crate::ItemHasher::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
    }
    Ok(h.finish())
}

fn responsibility(cfg: &Config, path: &Path) -> Responsibility {
    if let Some(row) = cfg.manifest.as_ref().and_then(|m| m.lookup(path)) {
        return Responsibility {
            unit: Some(row.unit.clone()).filter(|s| !s.is_empty()),
            drafter: Some(row.drafter.clone()).filter(|s| !s.is_empty()),
            reviewer: row.reviewer.clone().or_else(|| cfg.reviewer.clone()),
            source: "manifest".into(),
            batch: row.batch.clone(),
        };
    }
    if cfg.unit.is_some() || cfg.drafter.is_some() {
        return Responsibility {
            unit: cfg.unit.clone(),
            drafter: cfg.drafter.clone(),
            reviewer: cfg.reviewer.clone(),
            source: "cli".into(),
            batch: None,
        };
    }
    Responsibility {
        source: "none".into(),
        ..Default::default()
    }
}

/// Extract an entry found inside an archive or an OFD attachment: sniff it and dispatch,
/// recursing with the nesting depth.
/// Runs this process as a scanning worker (the hidden `__worker` subcommand): it gets the
/// parent's policy, dictionaries and language first, then scans one item per request exactly
/// as the parent would in process, and answers with the finished report.
pub fn run_worker() -> i32 {
    crate::isolate::worker_main(&mut |init| {
        let (policy, dict, lang) = crate::wire::decode_setup(init)?;
        let mut cfg = Config::new(policy, dict);
        cfg.lang = lang;
        Some(Box::new(move |head: &[u8], bytes: Vec<u8>| {
            let Some(req) = crate::wire::Request::decode(head) else {
                return Vec::new();
            };
            cfg.limits = req.limits();
            let crate::wire::Request {
                fmt,
                display,
                sha256,
                fp_key,
                resp,
                ..
            } = req;
            let r = scan_in_process(
                &cfg,
                &display,
                Path::new(&display),
                &fmt,
                bytes,
                crate::ItemHash { sha256, fp_key },
                resp,
                Instant::now(),
                0,
            );
            crate::wire::encode_result(&r.report, &r.masked)
        }))
    })
}

/// Extracts an item's segments by its sniffed format, without the per-item panic guard: for
/// fuzz targets and the isolated worker (which catch failures themselves).
pub fn extract_item(cfg: &Config, name: &str, bytes: Vec<u8>) -> Extracted {
    extract_inner(cfg, name, bytes, 0)
}

/// Like [`extract_item`] with the format given (`txt`, `csv`, `html`, `docx`, `xlsx`, `ods`,
/// `xls`, `xlsb`, `pdf`, `ofd`, `zip`…), as the fuzz targets of each extractor need.
pub fn extract_format(cfg: &Config, fmt: &str, bytes: Vec<u8>) -> Extracted {
    extract_by_format(cfg, fmt, bytes, 0)
}

fn extract_inner(cfg: &Config, name: &str, bytes: Vec<u8>, depth: u32) -> Extracted {
    let fmt = item::sniff(&bytes, Path::new(name));
    let mut ex = extract_by_format(cfg, fmt, bytes, depth);
    if ex.problems.iter().any(|p| p.kind == "unsupported_format") && ex.segments.is_empty() {
        for p in ex.problems.iter_mut() {
            if p.kind == "unsupported_format" && !p.detail.contains(':') {
                p.detail = format!("entry format: {fmt}");
            }
        }
    }
    ex
}

fn extract_by_format(cfg: &Config, fmt: &str, owned: Vec<u8>, depth: u32) -> Extracted {
    let bytes: &[u8] = &owned;
    if owned.is_empty() {
        return Extracted {
            problems: vec![Problem::new(
                "corrupt",
                Location::item(),
                "empty file (0 bytes)",
            )],
            ..Default::default()
        };
    }
    // a file of nothing but NUL bytes (a copy that was never written, a wiped file) holds no
    // document: as empty as a 0-byte file
    if owned.iter().all(|&b| b == 0) {
        return Extracted {
            problems: vec![Problem::new(
                "corrupt",
                Location::item(),
                format!("the file is {} NUL bytes, no content", owned.len()),
            )],
            ..Default::default()
        };
    }
    // text put together from entity declarations is what an XML/SVG viewer shows, and it is
    // not what baomi reads: such a file is not a pass
    let entity_decl =
        matches!(fmt, "txt" | "md" | "html") && memchr::memmem::find(bytes, b"<!ENTITY").is_some();
    let mut ex = extract_text_like(cfg, fmt, owned, depth);
    if entity_decl {
        ex.problems.push(Problem::new(
            "unsupported_format",
            Location::item(),
            "entity declarations (<!ENTITY>): text built from entities is not checked",
        ));
    }
    ex
}

fn extract_text_like(cfg: &Config, fmt: &str, owned: Vec<u8>, depth: u32) -> Extracted {
    let bytes: &[u8] = &owned;
    let unsupported = |detail: &str| Extracted {
        problems: vec![Problem::new(
            "unsupported_format",
            Location::item(),
            detail.to_string(),
        )],
        expected_text_missing: true,
        ..Default::default()
    };
    match fmt {
        "txt" => {
            let d = item::decode_text_owned(owned);
            extract::text::extract_text(d.text, d.encoding, None)
        }
        "md" => {
            let d = item::decode_text_owned(owned);
            let extra = extract::text::markdown_layers(&d.text);
            let mut ex = extract::text::extract_text(d.text, d.encoding, None);
            ex.segments.extend(extra);
            ex
        }
        "csv" => {
            let d = item::decode_text_owned(owned);
            extract::csv::extract_csv(d.text, d.encoding)
        }
        "html" => {
            let d = item::decode_text(bytes);
            let mut ex = extract::html::extract_html(&d.text, d.encoding, &cfg.limits);
            if extract::mht::looks_like_mime(bytes) {
                mime_attachments(cfg, bytes, depth, &mut ex);
            }
            ex
        }
        "docx" => extract::docx::extract_docx(bytes, &cfg.limits),
        "xlsx" | "xlsb" | "xls" | "ods" => extract::sheet::extract_sheet(bytes, fmt, &cfg.limits),
        "encrypted_ooxml" => Extracted {
            problems: vec![Problem::new(
                "encrypted",
                Location::item(),
                "password-protected OOXML (encrypted OLE container)",
            )],
            ..Default::default()
        },
        "zip" => {
            let inner = |n: &str, b: Vec<u8>, d: u32| extract_inner(cfg, n, b, d);
            extract::archive::extract_zip(bytes, &cfg.limits, depth, &inner)
        }
        "ofd" => {
            let inner = |n: &str, b: Vec<u8>, d: u32| extract_inner(cfg, n, b, d);
            extract::ofd::extract_ofd_with(bytes, &cfg.limits, depth, Some(&inner))
        }
        "pdf" => {
            let inner = |n: &str, b: Vec<u8>, d: u32| extract_inner(cfg, n, b, d);
            extract::pdf::extract_pdf_with(bytes, &cfg.limits, depth, Some(&inner))
        }
        other => unsupported(other),
    }
}

/// The attachments of an e-mail or a web archive (a docx, a zip…) read like a zip's entries,
/// located by their file names.
fn mime_attachments(cfg: &Config, bytes: &[u8], depth: u32, ex: &mut Extracted) {
    let cap = usize::try_from(cfg.limits.max_entry_bytes).unwrap_or(usize::MAX);
    let (atts, skipped) = extract::mht::attachments(bytes, cap);
    let mut next_record = ex
        .segments
        .iter()
        .filter_map(|s| s.record)
        .max()
        .map_or(0, |r| r + 1);
    for a in atts {
        let inner = if a.encrypted {
            Extracted {
                problems: vec![Problem::new(
                    "encrypted",
                    Location::item(),
                    "encrypted e-mail content (S/MIME or OpenPGP): not readable without the key",
                )],
                ..Default::default()
            }
        } else if depth >= extract::archive::MAX_DEPTH {
            Extracted {
                problems: vec![Problem::new(
                    "limit_exceeded",
                    Location::item(),
                    "attachment nested too deep; not opened",
                )],
                ..Default::default()
            }
        } else {
            let inner = |n: &str, b: Vec<u8>, d: u32| extract_inner(cfg, n, b, d);
            extract::archive::read_guarded(&inner, &a.name, a.bytes, depth + 1, "this attachment")
        };
        extract::archive::merge_entry(ex, inner, &a.name, &mut next_record);
    }
    if skipped > 0 {
        ex.problems.push(Problem::new(
            "limit_exceeded",
            Location::item(),
            format!("{skipped} attachment(s) not read (undecodable, or over the size limit)"),
        ));
    }
}

fn scan_bytes_inner(
    cfg: &Config,
    display: &str,
    path: &Path,
    bytes: Vec<u8>,
    resp: Responsibility,
    t0: Instant,
    index: usize,
) -> ItemResult {
    let sha = crate::ItemHash::of(&bytes);
    let fmt = item::sniff(&bytes, path);
    // large text goes to a worker too: its memory limit bounds what a hostile csv (one quoted
    // field of 80 MB) can take
    let pool = cfg.isolation.as_ref().filter(|_| {
        crate::isolate::isolated_format(fmt) || bytes.len() > crate::isolate::IN_PROCESS_MAX_BYTES
    });
    let Some(pool) = pool else {
        return scan_in_process(cfg, display, path, fmt, bytes, sha, resp, t0, index);
    };
    let size = bytes.len() as u64;
    let head = crate::wire::Request::new(fmt, display, &sha, size, &resp, &cfg.limits).encode();
    // what comes back is a report on at most max_total_unzipped of content
    let cap = cfg
        .limits
        .max_total_unzipped
        .max(cfg.limits.max_item_bytes)
        .saturating_mul(2);
    let ex = match pool.call(&head, &bytes, cap) {
        Ok(reply) => match crate::wire::decode_result(&reply, index as u32) {
            Some((mut report, masked)) => {
                report.stats.elapsed_ms = t0.elapsed().as_millis() as u64;
                return ItemResult { report, masked };
            }
            None => Extracted {
                problems: vec![Problem::new(
                    "corrupt",
                    Location::item(),
                    if reply.is_empty() {
                        "the reader failed on this file (internal error caught)"
                    } else {
                        "the isolated reader gave a malformed answer"
                    },
                )],
                ..Default::default()
            },
        },
        Err(ex) => ex,
    };
    drop(bytes);
    finish(
        cfg,
        display,
        path,
        fmt.to_string(),
        size,
        sha,
        ex,
        resp,
        t0,
        index,
    )
}

/// Reads and analyses one item in this process, each step behind `catch_unwind` (in a worker,
/// or for formats that are not isolated).
#[allow(clippy::too_many_arguments)]
fn scan_in_process(
    cfg: &Config,
    display: &str,
    path: &Path,
    fmt: &str,
    bytes: Vec<u8>,
    sha: crate::ItemHash,
    resp: Responsibility,
    t0: Instant,
    index: usize,
) -> ItemResult {
    let size = bytes.len() as u64;
    let ex = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        extract_by_format(cfg, fmt, bytes, 0)
    }))
    .unwrap_or_else(|_| Extracted {
        problems: vec![Problem::new(
            "corrupt",
            Location::item(),
            "the reader failed on this file (internal error caught)",
        )],
        ..Default::default()
    });
    let fmt_s = fmt.to_string();
    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        finish(
            cfg,
            display,
            path,
            fmt_s.clone(),
            size,
            sha.clone(),
            ex,
            resp.clone(),
            t0,
            index,
        )
    }));
    match r {
        Ok(r) => r,
        Err(_) => {
            let ex = Extracted {
                problems: vec![Problem::new(
                    "corrupt",
                    Location::item(),
                    "analysis failed on this file (internal error caught)",
                )],
                ..Default::default()
            };
            finish(cfg, display, path, fmt_s, size, sha, ex, resp, t0, index)
        }
    }
}

/// Internal per-hit record before the policy.
struct Raw {
    hit: Hit,
    /// Original byte offset in the segment; the location is computed only for findings that
    /// are actually listed (most masked identifiers are counted, not listed).
    orig: usize,
    layer: &'static str,
    record: RecordKey,
    seg: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum RecordKey {
    /// segment and normalized byte offset of the line start
    Line(usize, usize),
    Row(u32),
    Seg(usize),
}

fn layer_name(l: Layer, zone: Zone) -> &'static str {
    match (l, zone) {
        (_, Zone::FileName) => "file_name",
        (Layer::Visible, _) => "visible",
        (Layer::Hidden(_), _) => "hidden",
        (Layer::Metadata(_), _) => "metadata",
    }
}

/// Where a segment starts (for findings about the whole segment: hidden parts, properties).
/// Whether a metadata segment is a tag list or a summary field (keywords, subject, category,
/// description) of a document, workbook, PDF or page.
fn is_tag_field(seg: &Segment) -> bool {
    let Anchor::Fixed(l) = &seg.anchor else {
        return false;
    };
    l.field.as_deref().is_some_and(|f| {
        let f = f.to_ascii_lowercase();
        ["keywords", "subject", "category", "description"]
            .iter()
            .any(|k| f.ends_with(k))
    })
}

fn start_location(seg: &Segment) -> Location {
    match &seg.anchor {
        Anchor::Fixed(_) | Anchor::Cell { .. } => seg.anchor.fixed_location().unwrap_or_default(),
        Anchor::Text { line, column, .. } => Location::line_col(*line, *column),
        Anchor::TextMap(m) => m
            .first()
            .map(|b| Location::line_col(b.1, b.2))
            .unwrap_or_else(Location::item),
    }
}

/// Locations of sorted original offsets.
struct Located(Vec<(usize, Location, u32)>);

impl Located {
    fn get(&self, o: usize) -> Option<(Location, u32)> {
        let i = self.0.binary_search_by_key(&o, |e| e.0).ok()?;
        Some((self.0[i].1.clone(), self.0[i].2))
    }
}

/// Walks a text segment once to turn original byte offsets into locations.
fn locate_all(seg: &Segment, offsets: &[usize]) -> Located {
    let mut out = Located(Vec::with_capacity(offsets.len()));
    let mut sorted: Vec<usize> = offsets.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    match &seg.anchor {
        Anchor::Fixed(_) | Anchor::Cell { .. } => {
            let loc = seg.anchor.fixed_location().unwrap_or_default();
            for o in sorted {
                out.0.push((o, loc.clone(), 0));
            }
        }
        Anchor::Text {
            line,
            column,
            csv_delim,
        } => {
            let text = &seg.text;
            let (mut l, mut c, mut at) = (*line, *column, 0usize);
            // csv: records can span lines inside quoted fields
            let (mut rec_no, mut rec_start, mut in_q) = (*line, 0usize, false);
            for o in sorted {
                let o = floor_char(text, o.max(at));
                let chunk = &text.as_bytes()[at..o];
                if csv_delim.is_some() {
                    for k in memchr::memchr2_iter(b'"', b'\n', chunk) {
                        if chunk[k] == b'"' {
                            in_q = !in_q;
                        } else if !in_q {
                            rec_no += 1;
                            rec_start = at + k + 1;
                        }
                    }
                }
                // count newlines (memchr), then characters on the last line
                let nl = memchr::memchr_iter(b'\n', chunk).count();
                if nl > 0 {
                    l += nl as u32;
                    let last = chunk.iter().rposition(|&b| b == b'\n').unwrap_or(0);
                    let line_start = at + last + 1;
                    c = 1 + text[line_start..o].chars().count() as u32;
                } else {
                    c += text[at..o].chars().count() as u32;
                }
                at = o;
                let mut loc = Location::line_col(l, c);
                if let Some(d) = csv_delim {
                    if o - rec_start < 65536 {
                        loc.row = Some(rec_no);
                        loc.col = Some(extract::csv::field_index(
                            &text[rec_start..],
                            o - rec_start,
                            *d,
                        ));
                    }
                }
                out.0.push((o, loc, l));
            }
        }
        Anchor::TextMap(map) => {
            let text = &seg.text;
            for o in sorted {
                let o = floor_char(text, o);
                let idx = map.partition_point(|bp| bp.0 <= o);
                let (bo, mut l, mut c) = if idx == 0 { (0, 1, 1) } else { map[idx - 1] };
                let bo = floor_char(text, bo.min(o));
                for ch in text[bo..o].chars() {
                    if ch == '\n' {
                        l += 1;
                        c = 1;
                    } else {
                        c += 1;
                    }
                }
                out.0.push((o, Location::line_col(l, c), l));
            }
        }
    }
    out
}

/// Normalized byte offset whose original offset is the first at or after `orig`.
fn norm_offset_of(n: &Normalized, orig: usize) -> usize {
    let (mut lo, mut hi) = (0usize, n.text.len());
    while lo < hi {
        let mid = (lo + hi) / 2;
        if n.orig(mid) < orig {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    ceil_char(&n.text, lo)
}

/// Identifiers that only a column's header makes recognizable (a passport under 护照号码, an
/// old 15-digit ID under 身份证号, a card under 银行账号) in a csv text: each field of such a
/// column that holds nothing found yet is searched again with the header's context words
/// before it, and what is found is mapped back into the text's normalized offsets.
fn csv_context_ids(
    cfg: &Config,
    seg: &Segment,
    delim: u8,
    h: &crate::table::Header,
    norm: &Normalized,
    mut found: Vec<identifiers::IdMatch>,
) -> Vec<identifiers::IdMatch> {
    // amounts and codes in their columns are no identifiers
    if h.columns.values().any(|c| c.0.holds_codes()) && !found.is_empty() {
        let text = seg.text.as_str();
        let mut drop: Vec<(usize, usize, crate::table::ColumnClass)> = Vec::new();
        crate::table::csv_fields(text, delim, |rec, col, s, e| {
            if rec <= h.row || e - s > 64 {
                return;
            }
            if let Some(c) = h.column(col).map(|c| c.0).filter(|c| c.holds_codes()) {
                drop.push((norm_offset_of(norm, s), norm_offset_of(norm, e), c));
            }
        });
        if !drop.is_empty() {
            found.retain(|m| {
                // the field holding the match (fields are in order and do not overlap)
                let k = drop.partition_point(|d| d.1 <= m.start);
                !drop.get(k).is_some_and(|&(a, b, c)| {
                    a <= m.start
                        && m.end <= b
                        && crate::table::code_not_identifier(c, m.kind, &m.value, &norm.text[a..b])
                })
            });
        }
    }
    // a unit's account: the row's holder cell (收款单位) names an organization (applied at
    // the end, to the cards the column's context word finds too)
    let mut unit_account_fields: Vec<(usize, usize)> = Vec::new();
    if h.columns
        .values()
        .any(|c| c.0 == crate::table::ColumnClass::BankAccount)
    {
        let text = seg.text.as_str();
        let class = |c: u32| h.column(c).map(|c| c.0);
        // the fields of the current record; on the next record, its account fields are
        // kept when its holder cell names an organization
        let mut cur: (u32, Vec<(u32, usize, usize)>) = (u32::MAX, Vec::new());
        let mut flush = |cur: &mut (u32, Vec<(u32, usize, usize)>)| {
            let cells = cur
                .1
                .iter()
                .map(|&(c, s, e)| (class(c), text[s..e].trim_matches('"')));
            if crate::table::unit_account_in_row(cells) {
                for &(c, s, e) in &cur.1 {
                    if class(c) == Some(crate::table::ColumnClass::BankAccount) {
                        unit_account_fields
                            .push((norm_offset_of(norm, s), norm_offset_of(norm, e)));
                    }
                }
            }
            cur.1.clear();
        };
        crate::table::csv_fields(text, delim, |rec, col, s, e| {
            if rec <= h.row || e - s > 256 {
                return;
            }
            if cur.0 != rec {
                flush(&mut cur);
                cur.0 = rec;
            }
            cur.1.push((col, s, e));
        });
        flush(&mut cur);
    }
    if !h.columns.values().any(|c| c.0.context_prefix().is_some()) {
        return found;
    }
    let before = found.len();
    let mut prefixed = String::new();
    let text = seg.text.as_str();
    crate::table::csv_fields(text, delim, |rec, col, s, e| {
        if rec <= h.row || e - s > 256 {
            return;
        }
        let Some(p) = h.column(col).and_then(|c| c.0.context_prefix()) else {
            return;
        };
        let field = &text[s..e];
        if !field
            .chars()
            .any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
        {
            return;
        }
        let (ns, ne) = (norm_offset_of(norm, s), norm_offset_of(norm, e));
        // the recognizer's matches are sorted and do not overlap: the first one ending after
        // the field's start is the only one that can overlap it
        let k = found[..before].partition_point(|m| m.end <= ns);
        if found[..before].get(k).is_some_and(|m| m.start < ne) {
            return;
        }
        let fnorm = normalize(field);
        prefixed.clear();
        prefixed.push_str(p);
        prefixed.push_str(&fnorm.text);
        for mut m in cfg.ids.find(&prefixed) {
            if m.start < p.len() {
                continue;
            }
            let (a, b) = (m.start - p.len(), m.end - p.len());
            m.start = norm_offset_of(norm, s + fnorm.orig(a));
            m.end = norm_offset_of(norm, s + fnorm.orig_end(b)).max(m.start);
            found.push(m);
        }
    });
    if found.len() > before {
        found.sort_by_key(|m| m.start);
    }
    if !unit_account_fields.is_empty() {
        // fields are in text order and do not overlap
        found.retain(|m| {
            let k = unit_account_fields.partition_point(|f| f.1 <= m.start);
            !(m.kind == IdKind::BankCard
                && m.mask == Mask::None
                && unit_account_fields
                    .get(k)
                    .is_some_and(|&(a, b)| a <= m.start && m.end <= b))
        });
    }
    found
}

/// An item path with every unmasked identifier in it masked (`张三_110105199003071234.docx`
/// → `张三_110105********1234.docx`): reports, summaries and `--out` names never repeat one.
/// Ordinary numbers in names (dates, 文号) are left alone — only what the identifier
/// recognizer finds is masked.
pub fn mask_ids_in_path(ids: &IdRecognizer, path: &str) -> String {
    if !path.bytes().any(|b| b.is_ascii_digit()) && !path.contains('@') {
        return path.to_string();
    }
    let mut out = String::with_capacity(path.len());
    let mut at = 0;
    for m in ids.find(path) {
        if m.mask != Mask::None
            || m.start < at
            || !path.is_char_boundary(m.start)
            || !path.is_char_boundary(m.end)
        {
            continue;
        }
        out.push_str(&path[at..m.start]);
        out.push_str(&identifiers::mask_for_display(m.kind, &m.value));
        at = m.end;
    }
    out.push_str(&path[at..]);
    out
}

/// Whether `s` could hold an identifier worth masking: an `@`, a full-width digit, or a run of
/// 6 or more digits (single spaces or hyphens between groups allowed).
fn may_identify(s: &str) -> bool {
    let mut run = 0;
    let mut prev_sep = false;
    for c in s.chars() {
        if c == '@' || ('０'..='９').contains(&c) {
            return true;
        }
        if c.is_ascii_digit() {
            run += 1;
            prev_sep = false;
            if run >= 6 {
                return true;
            }
        } else if (c == ' ' || c == '-') && run > 0 && !prev_sep {
            prev_sep = true;
        } else {
            run = 0;
            prev_sep = false;
        }
    }
    false
}

/// Text that comes from the file but is no excerpt — an archive entry or part name in a
/// location, a parser's error message quoting the file, a not-examined note — is masked the
/// way excerpts are: identifiers the recognizer finds, then every long digit run.
pub fn guard_text(ids: &IdRecognizer, s: &str) -> String {
    if !may_identify(s) {
        return s.to_string();
    }
    let ascii: String = s
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            _ => c,
        })
        .collect();
    guard_digits(&identifiers::redact(&mask_ids_in_path(ids, &ascii)))
}

/// A problem's detail (a parser's message may quote the file: a tag name, a cell value): what
/// the recognizer finds is masked, and any run of 11 or more digits — sizes and counts of the
/// limits stay readable.
pub fn guard_detail(ids: &IdRecognizer, s: &str) -> String {
    if !may_identify(s) {
        return s.to_string();
    }
    let m = mask_ids_in_path(ids, s);
    let mut out = String::with_capacity(m.len());
    let chars: Vec<char> = m.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let mut j = i;
        while j < chars.len()
            && (chars[j].is_ascii_digit()
                || ('０'..='９').contains(&chars[j])
                || (j > i && matches!(chars[j], 'X' | 'x')))
        {
            j += 1;
        }
        if j - i >= 11 {
            let n = j - i;
            for (k, c) in chars[i..j].iter().enumerate() {
                out.push(if k < 3 || k + 2 >= n { *c } else { '*' });
            }
            i = j;
        } else if j > i {
            out.extend(&chars[i..j]);
            i = j;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

/// [`guard_text`] over every text field of a location.
pub fn guard_location(ids: &IdRecognizer, l: &mut Location) {
    for f in [
        &mut l.entry,
        &mut l.part,
        &mut l.sheet,
        &mut l.field,
        &mut l.cell,
    ]
    .into_iter()
    .flatten()
    {
        if may_identify(f) {
            *f = guard_text(ids, f);
        }
    }
}

/// Masked snippet around `s..e` of normalized text: the window is widened to whole digit runs,
/// then every identifier in it is masked.
pub fn make_excerpt(norm: &str, s: usize, e: usize) -> String {
    make_excerpt_with(norm, s, e, &[])
}

/// Mask for an identifier shown in an excerpt whose own shape the digit guard does not catch
/// (a plate, an IP address, a coordinate, a short passport number): every letter and digit
/// but the first and the last two becomes `*`; other characters (the plate's province, the
/// dots) stay.
fn excerpt_mask(v: &str) -> String {
    let n = v.chars().filter(|c| c.is_ascii_alphanumeric()).count();
    let (front, back) = if n >= 8 { (2, 2) } else { (1, 1) };
    let mut i = 0;
    v.chars()
        .map(|c| {
            if !c.is_ascii_alphanumeric() {
                return c;
            }
            i += 1;
            if i <= front || i + back > n {
                c
            } else {
                '*'
            }
        })
        .collect()
}

/// [`make_excerpt`] that also masks `ids`, the byte ranges (in `norm`) of the unmasked
/// identifiers found in the segment: every identifier in the excerpt is masked, whatever its
/// shape (CONTRACT §3), not only long digit runs.
pub fn make_excerpt_with(norm: &str, s: usize, e: usize, ids: &[(usize, usize)]) -> String {
    let (mut ws, mut we) = char_window(norm, s, e, 12);
    // stay on the hit's own line
    if let Some(p) = norm[ws..s].rfind('\n') {
        ws += p + 1;
    }
    if let Some(p) = norm[e..we].find('\n') {
        we = e + p;
    }
    let b = norm.as_bytes();
    let is_idc = |c: u8| c.is_ascii_alphanumeric() || c == b'*' || c == b'-' || c == b' ';
    while ws > 0 && is_idc(b[ws - 1]) && ws > s.saturating_sub(64) {
        ws -= 1;
    }
    while we < b.len() && is_idc(b[we]) && we < e + 64 {
        we += 1;
    }
    // an identifier cut by the window is widened to whole, then masked as a whole
    for &(a, b) in ids {
        if a < we && ws < b && b - a <= 96 {
            ws = ws.min(a);
            we = we.max(b);
        }
    }
    let (ws, we) = (floor_char(norm, ws), ceil_char(norm, we));
    let mut raw = String::with_capacity(we - ws);
    let mut at = ws;
    let mut inside: Vec<(usize, usize)> = ids
        .iter()
        .copied()
        .filter(|&(a, b)| {
            ws <= a && b <= we && a < b && norm.is_char_boundary(a) && norm.is_char_boundary(b)
        })
        .collect();
    inside.sort_unstable();
    for (a, b) in inside {
        if a < at {
            continue;
        }
        let span = &norm[a..b];
        // long digit runs are masked below, the way every excerpt masks them (first 3, last
        // 2); only identifiers of other shapes need their own mask here (letters, or parts
        // in separate fields: `110105,196001011001`, whose first part no guard sees)
        if span
            .bytes()
            .all(|c| c.is_ascii_digit() || matches!(c, b'X' | b'x' | b' ' | b'-'))
            && guard_digits(&identifiers::redact(span)) != span
        {
            continue;
        }
        raw.push_str(&norm[at..a]);
        raw.push_str(&excerpt_mask(span));
        at = b;
    }
    raw.push_str(&norm[at..we]);
    let snippet: String = raw
        .chars()
        .map(|c| {
            if c == '\n' || c == '\r' || c == '\t' {
                ' '
            } else {
                c
            }
        })
        .collect();
    guard_digits(&identifiers::redact(snippet.trim()))
}

/// Last line of defence: any run of 7 or more digits (single spaces/hyphens allowed between
/// groups) keeps only its first 3 and last 2 digits.
pub fn guard_digits(s: &str) -> String {
    let b: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() {
            let mut j = i;
            let mut digits = 0;
            while j < b.len() {
                if b[j].is_ascii_digit() || (b[j] == 'X' || b[j] == 'x') && digits >= 14 {
                    digits += 1;
                    j += 1;
                } else if (b[j] == ' ' || b[j] == '-')
                    && j + 1 < b.len()
                    && b[j + 1].is_ascii_digit()
                    && digits > 0
                {
                    j += 1;
                } else {
                    break;
                }
            }
            if digits >= 7 {
                let mut seen = 0;
                for &c in &b[i..j] {
                    if c.is_ascii_alphanumeric() {
                        seen += 1;
                        if seen <= 3 || seen > digits - 2 {
                            out.push(c);
                        } else {
                            out.push('*');
                        }
                    } else {
                        out.push(c);
                    }
                }
            } else {
                out.extend(&b[i..j]);
            }
            i = j;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    out
}

fn id_label(kind: IdKind) -> (&'static str, &'static str) {
    match kind {
        IdKind::ResidentId => ("居民身份证号码", "resident ID number"),
        IdKind::Mobile => ("手机号码", "mobile number"),
        IdKind::Landline => ("固定电话号码", "landline number"),
        IdKind::BankCard => ("银行卡号", "bank card number"),
        IdKind::Passport => ("护照号码", "passport number"),
        IdKind::HkMacauPermit => ("港澳通行证号码", "HK/Macau permit number"),
        IdKind::Uscc => ("统一社会信用代码", "unified social credit code"),
        IdKind::Email => ("电子邮箱地址", "email address"),
        IdKind::VehiclePlate => ("机动车号牌", "vehicle plate"),
        IdKind::IpAddress => ("IP 地址", "IP address"),
        IdKind::GeoCoordinate => ("地理坐标", "geographic coordinate"),
    }
}

fn id_rule(kind: IdKind) -> &'static str {
    match kind {
        IdKind::ResidentId => "pii.cn_resident_id",
        IdKind::Mobile => "pii.cn_mobile",
        IdKind::Landline => "pii.cn_landline",
        IdKind::BankCard => "pii.bank_card",
        IdKind::Passport => "pii.cn_passport",
        IdKind::HkMacauPermit => "pii.cn_hk_macau_permit",
        IdKind::Uscc => "pii.cn_uscc",
        IdKind::Email => "pii.email",
        IdKind::VehiclePlate => "pii.cn_vehicle_plate",
        IdKind::IpAddress => "pii.ip_address",
        IdKind::GeoCoordinate => "pii.geo_coordinate",
    }
}

fn id_messages(kind: IdKind, mask: Mask, note: &str) -> (Cow<'static, str>, Cow<'static, str>) {
    let (zh, en) = id_label(kind);
    match mask {
        // these strings are built once per (kind, mask) and then only borrowed
        Mask::None if kind == IdKind::GeoCoordinate => (
            "地理坐标（精度超过公开地图 50 米限制）".into(),
            "geographic coordinate finer than the 50 m public-map limit".into(),
        ),
        Mask::None => (
            format!("未脱敏的{zh}").into(),
            format!("unmasked {en}").into(),
        ),
        Mask::Proper => (
            format!("已按规定脱敏的{zh}").into(),
            format!("properly masked {en}").into(),
        ),
        Mask::Insufficient => {
            let why = if note.is_empty() {
                String::new()
            } else {
                format!(" ({note})")
            };
            let why_zh = match mask_note_zh(note) {
                "" => String::new(),
                z => format!("（{z}）"),
            };
            (
                format!("{zh}脱敏不足：仍可还原或识别{why_zh}").into(),
                format!("{en} masked insufficiently{why}").into(),
            )
        }
    }
}

/// The Chinese of a masking note of the identifier recognizer (empty for one it does not
/// know: the English note stays in the English message only).
fn mask_note_zh(note: &str) -> &'static str {
    match note {
        "birth date visible" => "出生日期未遮盖",
        "middle digits (positions 4-7) visible" => "第4至7位未遮盖",
        "digits beyond the first 6 and last 4 visible" => "除前6位和后4位外仍有数字可见",
        "too few digits masked, recomputable from the check digit" => {
            "遮盖位数过少，可由校验位推算"
        }
        "only 1 of 11 digits masked" => "11位中仅遮盖1位",
        "only 2 of 11 digits masked" => "11位中仅遮盖2位",
        "only 3 of 11 digits masked" => "11位中仅遮盖3位",
        "fewer than half of the digits masked" => "遮盖不足一半",
        _ => "",
    }
}

const ALL_ID_KINDS: [IdKind; 11] = [
    IdKind::ResidentId,
    IdKind::Mobile,
    IdKind::Landline,
    IdKind::BankCard,
    IdKind::Passport,
    IdKind::HkMacauPermit,
    IdKind::Uscc,
    IdKind::Email,
    IdKind::VehiclePlate,
    IdKind::IpAddress,
    IdKind::GeoCoordinate,
];

/// Messages for unmasked and properly masked identifiers, built once per process so the hot
/// path only borrows them.
fn static_id_messages(kind: IdKind, proper: bool) -> (&'static str, &'static str) {
    static TABLE: std::sync::OnceLock<Vec<(IdKind, bool, String, String)>> =
        std::sync::OnceLock::new();
    let t = TABLE.get_or_init(|| {
        let mut v = Vec::new();
        for k in ALL_ID_KINDS {
            for p in [false, true] {
                let (zh, en) = id_messages(k, if p { Mask::Proper } else { Mask::None }, "");
                v.push((k, p, zh.into_owned(), en.into_owned()));
            }
        }
        v
    });
    t.iter()
        .find(|e| e.0 == kind && e.1 == proper)
        .map(|e| (e.2.as_str(), e.3.as_str()))
        .unwrap_or(("个人信息", "personal information"))
}

/// Hash of a person-name-like field, for tying records together without keeping names.
pub fn name_hash(n: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    n.hash(&mut h);
    h.finish() | 1
}

fn unreadable_message(p: &Problem, fmt: &str, lang: Lang) -> String {
    let zh = match p.kind {
        "corrupt" if p.detail.starts_with("empty file") => {
            "文件为空（0 字节），没有可检查的内容：请确认提交的是正确的文件".to_string()
        }
        "unsupported_format" if p.detail.starts_with("entity declarations") => {
            "文件含实体声明（<!ENTITY>），查看器显示的由实体拼成的文字未被检查：需人工审查"
                .to_string()
        }
        "encrypted" => "文件已加密（设有打开密码），无法检查内容：请去除密码后重新提交".to_string(),
        "unsupported_format" if p.detail == crate::extract::sheet::MACROS_DETAIL => {
            "文件含宏（VBA 工程或宏表），宏代码未经检查，也不应随公开文件发布：请另存为不含宏的 .docx / .xlsx 后重新提交"
                .to_string()
        }
        "unsupported_format" if p.detail.starts_with("image-only document") => {
            "正文只有图片、几乎没有文字（可能是粘贴进文档的扫描件，其中的密级标志或个人信息无法自动检查）：需人工或 OCR 审查"
                .to_string()
        }
        "too_large" => format!("文件超过单项大小上限，未检查（{}）", p.detail),
        "corrupt" if p.detail.starts_with("cannot read file") => format!(
            "文件无法读取（{}）：请检查文件是否存在、是否有读取权限后重新提交",
            p.detail
        ),
        "unsupported_format" if p.detail == "not a regular file" => {
            "不是普通文件（管道、设备等），未读取：请提交文档文件".to_string()
        }
        "unsupported_format" if p.detail == "folder could not be listed" => {
            "文件夹无法读取（没有权限或已被删除），其中的文件未检查：需人工审查".to_string()
        }
        "limit_exceeded" if p.detail.starts_with("reading took longer") => format!(
            "读取超时，读取进程已被终止，文件未检查：需人工审查（{}）",
            p.detail
        ),
        "limit_exceeded" if p.detail.starts_with("the reader ended abnormally") => format!(
            "读取进程异常终止（可能超出内存限制或文件构造异常），文件未检查：需人工审查（{}）",
            p.detail
        ),
        "limit_exceeded" => format!("超出安全限制，未完整检查（{}）", p.detail),
        "corrupt" => format!(
            "文件损坏或不完整，无法读取（{}）：请重新导出后提交",
            p.detail
        ),
        _ => match fmt {
            "doc" => "旧版 Word 文档（.doc）暂不能检查：请另存为 .docx 后重新提交".into(),
            "wps" => "WPS 文字文档（.wps）暂不能检查：请另存为 .docx 后重新提交".into(),
            "et" => "WPS 表格（.et）暂不能检查：请另存为 .xlsx 后重新提交".into(),
            "xls" | "ole" => "旧版 Office 文件暂不能检查：请另存为 .docx/.xlsx 后重新提交".into(),
            "rtf" => "RTF 文档暂不能检查：请另存为 .docx 后重新提交".into(),
            "mht" => "单个文件网页（MHT）中的网页内容无法解码，不能检查：请另存为 .docx 后重新提交".into(),
            "pdf" | "ofd" if p.detail.starts_with("image-only page") => {
                "该页只有图片、没有文字层（可能是扫描件，其中的密级标志或个人信息无法自动检查）：需人工或 OCR 审查".into()
            }
            "pdf" | "ofd" if p.detail.starts_with("no text layer") => {
                "文件没有可提取的文字（可能是扫描件或文字已转为图形）：需人工或 OCR 审查".into()
            }
            "pdf" | "ofd" if p.detail.starts_with("text layer not decodable") => {
                "该页文字层无法正确解码（字体缺少编码信息，提取的文字不可信）：需人工审查".into()
            }
            "pdf" => "PDF 暂不能自动检查：需人工审查".into(),
            "ofd" => "OFD 暂不能自动检查：需人工审查".into(),
            "7z" | "rar" | "gzip" => "该压缩格式暂不能自动检查：请改用 zip 或解压后逐个提交".into(),
            "png" | "jpeg" | "gif" | "tiff" | "bmp" | "webp" => {
                "图片没有可检查的文字层（扫描件可能含密级标志）：需人工审查".into()
            }
            "odt" => "ODF 文字文档暂不能检查：请另存为 .docx 后重新提交".into(),
            _ => "无法识别的文件格式（按内容判断），不能检查：需人工审查".into(),
        },
    };
    let en = match p.kind {
        "encrypted" => {
            "the file is encrypted (password-protected); remove the password and resubmit"
                .to_string()
        }
        "too_large" => format!("the file exceeds the per-item size limit ({})", p.detail),
        "unsupported_format" if p.detail == crate::extract::sheet::MACROS_DETAIL => {
            "the file contains macros (a VBA project or macro sheets) that are not examined and \
             must not be published with it; save it without macros (.docx / .xlsx) and resubmit"
                .to_string()
        }
        "limit_exceeded" => format!("a safety limit was exceeded ({})", p.detail),
        "corrupt" => format!(
            "the file is damaged or truncated ({}); export it again",
            p.detail
        ),
        _ if matches!(fmt, "pdf" | "ofd")
            || p.detail.starts_with("entity declarations")
            || p.detail.starts_with("image-only document") =>
        {
            format!("{}; needs manual (or OCR) review", p.detail)
        }
        _ => format!("format `{fmt}` cannot be examined automatically; needs manual review"),
    };
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

fn hidden_message(kind: &str, lang: Lang) -> String {
    let zh = match kind {
        "hidden_sheet" => "隐藏工作表中有内容：公开文件仍可恢复",
        "hidden_row" => "隐藏行中有内容：公开文件仍可恢复",
        "hidden_column" => "隐藏列中有内容：公开文件仍可恢复",
        "comment" => "批注中有内容：请删除批注后再公开",
        "tracked_change" => "修订记录（插入或删除）中有内容：请接受或拒绝全部修订后再公开",
        "chart_cache" => "图表缓存中保存着图表数据：公开文件仍可恢复，请核对图表数据后再公开",
        "hidden_text" => "隐藏文字：公开文件仍可恢复",
        "html_comment" => "网页源代码注释中有内容：浏览者可查看源代码",
        "html_hidden" => "网页隐藏元素中有内容：浏览者可查看源代码",
        "embedded_object" => "嵌入对象中有内容",
        "pivot_cache" => {
            "数据透视表缓存中保存着源数据（删除源工作表后仍在文件中）：请删除数据透视表或另存为值后再公开"
        }
        _ => "隐藏内容",
    };
    match lang {
        Lang::Zh => zh.into(),
        Lang::En => format!("hidden content ({kind}) that a reader could recover"),
    }
}

fn metadata_message(kind: &str, lang: Lang) -> String {
    let zh = match kind {
        "author" => "文档属性含作者",
        "last_modified_by" => "文档属性含最后修改者",
        "company" => "文档属性含单位名称",
        "file_path" => "文档属性含文件路径",
        "title" => "文档属性含标题",
        _ => "文档属性",
    };
    match lang {
        Lang::Zh => format!("{zh}：公开前建议清除文档属性"),
        Lang::En => {
            format!("document property ({kind}); consider clearing properties before publishing")
        }
    }
}

/// A finding's fingerprint: the item's fingerprint key ([`crate::ItemHash`]), the rule and the
/// normalized value, hashed; 32 hex characters.
fn fingerprint(key: &str, rule: &str, value: &str) -> String {
    let mut v = Vec::with_capacity(key.len() + rule.len() + value.len() + 2);
    v.extend_from_slice(key.as_bytes());
    v.push(0);
    v.extend_from_slice(rule.as_bytes());
    v.push(0);
    v.extend_from_slice(value.as_bytes());
    crate::sha256_hex(&v)[..32].to_string()
}

/// The record a hit belongs to: a table row, the segment, or its line.
fn record_of(seg: &Segment, si: usize, ntext: &str, start: usize) -> RecordKey {
    match (&seg.anchor, seg.record) {
        (_, Some(r)) => RecordKey::Row(r),
        (Anchor::Fixed(_) | Anchor::Cell { .. }, None) => RecordKey::Seg(si),
        (_, None) => {
            // the line is the record; look back at most 64 KiB for its start
            let lo = floor_char(ntext, start.saturating_sub(65536));
            let ls = ntext[lo..start]
                .rfind('\n')
                .map(|p| lo + p + 1)
                .unwrap_or(lo);
            RecordKey::Line(si, ls)
        }
    }
}

/// Adds a run of a table row's cell texts to the row's text (a row whose cells are not all
/// together gets its runs joined; at most about 2000 bytes are kept, as per cell).
fn append_row_text(rows: &mut HashMap<u32, String>, row: u32, text: String) {
    match rows.entry(row) {
        std::collections::hash_map::Entry::Vacant(v) => {
            v.insert(text);
        }
        std::collections::hash_map::Entry::Occupied(mut o) => {
            let e = o.get_mut();
            if e.len() < 2000 {
                e.push_str(&text);
            }
        }
    }
}

/// Name hashes of a line record, computed once per line.
fn line_names(
    cache: &mut HashMap<RecordKey, Arc<[u64]>>,
    record: &RecordKey,
    ntext: &str,
    start: usize,
    end: usize,
) -> Arc<[u64]> {
    if let Some(n) = cache.get(record) {
        return n.clone();
    }
    let ls = match record {
        RecordKey::Line(_, ls) => *ls,
        _ => start,
    };
    let le = ntext[end..]
        .find('\n')
        .map(|p| end + p)
        .unwrap_or(ntext.len());
    let (ls, le) = (
        floor_char(ntext, ls.max(start.saturating_sub(400))),
        ceil_char(ntext, le.min(end + 400)),
    );
    let n = name_hashes(&ntext[ls..le]);
    cache.insert(record.clone(), n.clone());
    n
}

/// Hashes of person-name-like fields (2–4 Han characters) of a record's text.
/// Common surnames (single characters; the compound ones are checked as prefixes).
const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝";
const COMPOUND_SURNAMES: &[&str] = &[
    "欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "令狐", "慕容", "尉迟", "长孙", "夏侯", "公孙",
];

/// Calls `f` with each run of Han characters of `text` and its length in characters, in one
/// pass (a `split` + `chars().count()` per field was 2.5 % of a csv scan), until `f` returns
/// true; returns whether it did.
fn any_han_run(text: &str, mut f: impl FnMut(&str, usize) -> bool) -> bool {
    let mut run: Option<(usize, usize)> = None; // (start byte, chars)
    for (i, c) in text.char_indices() {
        if crate::normalize::is_cjk(c) {
            match &mut run {
                Some((_, n)) => *n += 1,
                None => run = Some((i, 1)),
            }
        } else if let Some((s, n)) = run.take() {
            if f(&text[s..i], n) {
                return true;
            }
        }
    }
    run.is_some_and(|(s, n)| f(&text[s..], n))
}

/// Whether `text` holds a run of 2–4 Han characters that starts with a common surname: a
/// person's name written in full (`张*` or `城市低保` is none).
pub(crate) fn has_person_name(text: &str) -> bool {
    any_han_run(text, |r, n| {
        (2..=4).contains(&n)
            && (COMPOUND_SURNAMES.iter().any(|c| r.starts_with(c) && n >= 3)
                || r.chars().next().is_some_and(|c| SURNAMES.contains(c)))
            && !TABLE_WORDS.iter().any(|w| r.contains(w))
    })
}

/// Words of a statistics table's row labels that a surname starts (全年合计, 全市, 于本年,
/// 同比): no person's name.
const TABLE_WORDS: &[&str] = &[
    "合计", "总计", "小计", "累计", "全年", "全市", "全省", "全区", "全县", "全国", "年度", "季度",
    "月份", "本年", "上年", "同比", "环比", "平均",
];

fn name_hashes(text: &str) -> Arc<[u64]> {
    let mut v: Vec<u64> = Vec::with_capacity(8);
    any_han_run(text, |r, n| {
        if (2..=4).contains(&n) {
            v.push(name_hash(r));
        }
        v.len() == 8
    });
    Arc::from(v)
}

/// Units a figure is counted in: with one on the row, or declared for the item, an 11-digit
/// number among other figures is a statistic.
const MEASURE_UNITS: &[&str] = &[
    "元",
    "千瓦时",
    "吨",
    "人次",
    "万人",
    "公里",
    "千米",
    "平方米",
    "亩",
    "公顷",
    "立方米",
    "标准煤",
];

/// Units of a count, as a table's 单位 cell holds them.
const COUNT_UNITS: &str = "户件个人家辆项次所座台套宗批条名";

/// Whether `text` declares the unit its figures are in: 「单位：千元」, 「单位:万千瓦时」.
fn declares_unit(text: &str) -> bool {
    text.match_indices("单位").any(|(p, w)| {
        let rest = text[p + w.len()..]
            .trim_start_matches([':', '：', ' ', '\u{3000}'])
            .trim_start_matches(['为', '是'])
            .trim_start_matches([':', '：', ' ', '\u{3000}']);
        let rest = &rest[..floor_char(rest, 24)];
        rest.starts_with(['千', '万', '亿', '百', '十'])
            && MEASURE_UNITS.iter().any(|u| rest.contains(u))
            || MEASURE_UNITS.iter().any(|u| rest.starts_with(u))
            || rest.starts_with(['人', '户', '个', '辆', '家', '件'])
    })
}

/// What an item says about the units of its figures, each looked up once per item (the first
/// 20,000 segments) when a figure first needs it.
#[derive(Default)]
struct ItemUnits {
    /// A unit is declared (「单位：千瓦时」, a bracketed unit in a header).
    declared: Option<bool>,
    /// A bracketed money unit (（元）, （万元）) is somewhere in the item.
    money: Option<bool>,
}

/// Whether an unmasked mobile-shaped match `m` of segment `si` (normalized `ntext`) is a
/// statistic: its row (the line, or the cells of its table row) has no phone label and no
/// person's name, and holds a unit and another figure, or another figure and the item
/// declares a unit (`units.declared`, computed once: 「单位：千瓦时」, 「计量单位为吨」); or it ends its segment and the next one
/// (a PDF line broken before the unit) starts with 元/万元/亿元. The same for a Luhn-valid
/// figure taken for a card (two table cells a PDF glued together), with card words as labels.
#[allow(clippy::too_many_arguments)]
fn statistic_not_mobile(
    segs: &[Segment],
    si: usize,
    ntext: &str,
    m: &identifiers::IdMatch,
    orig: (usize, usize),
    next: &str,
    units: &mut ItemUnits,
) -> bool {
    let seg = &segs[si];
    if m.kind == IdKind::Mobile
        && ntext[m.end..].trim().is_empty()
        && matches!(seg.anchor, Anchor::Fixed(_))
        && seg.record.is_none()
        && {
            let n = next.trim_start();
            [
                "万元", "亿元", "千元", "元，", "元。", "元、", "元；", "元）", "元(",
            ]
            .iter()
            .any(|u| n.starts_with(u))
                || n.trim_end() == "元"
        }
    {
        return true;
    }
    // the row: the match's line (of the original text: normalization joins 「城东街道   张建国」
    // into one run of Han characters), and for a table cell the other cells of its row
    let raw = seg.text.as_str();
    let (os, oe) = (orig.0.min(raw.len()), orig.1.min(raw.len()));
    let ls = raw[..os].rfind('\n').map_or(0, |p| p + 1);
    let le = raw[oe..].find('\n').map_or(raw.len(), |p| oe + p);
    let mut row = String::new();
    row.push_str(&raw[ls..os]);
    row.push(' ');
    row.push_str(&raw[oe..le]);
    match &seg.anchor {
        Anchor::Cell { sheet, row: r, .. } => {
            for (_, t) in row_cells_around(segs, si, sheet, *r) {
                row.push(' ');
                row.push_str(t);
            }
        }
        _ if seg.record.is_some() => {
            for k in record_neighbours(segs, si, 32) {
                row.push(' ');
                row.push_str(&segs[k].text);
            }
        }
        _ => {}
    }
    let labels: &[&str] = if m.kind == IdKind::BankCard {
        &[
            "卡号", "账号", "帐号", "银行", "开户", "账户", "帐户", "号码",
        ]
    } else {
        &["电话", "手机", "联系", "tel", "Tel", "TEL", "号码"]
    };
    if labels.iter().any(|w| row.contains(w)) {
        return false;
    }
    // under a table header that gives its figures in 元 and has no phone column (开标记录:
    // 投标人 | 统一社会信用代码 | 投标报价（元） | 项目经理), an 11-digit figure is an amount,
    // a person's name on its row notwithstanding
    if m.kind == IdKind::Mobile && money_header_above(segs, si, &raw[..ls]) {
        return true;
    }
    if has_person_name(&row) {
        return false;
    }
    // other figures on the row: runs of digits (2 or more, or with a decimal point or %)
    let figures = row
        .split(|c: char| !(c.is_ascii_digit() || c == '.' || c == '%' || c == ','))
        .filter(|t| {
            let d = t.bytes().filter(u8::is_ascii_digit).count();
            d >= 2 || (d >= 1 && (t.contains('.') || t.contains('%')))
        })
        .count();
    // a unit on the row (a 单位 cell, 「千元」) and one more figure; or two more figures and
    // a unit declared for the item. A count unit (户, 件, 个…) counts as a cell of its own or
    // glued to the number (a PDF row 「新增市场主体件14512345678」).
    let count_unit = |c: Option<char>| c.is_some_and(|c| COUNT_UNITS.contains(c));
    let unit_cell = match &seg.anchor {
        Anchor::Cell { .. } => false,
        _ if seg.record.is_some() => segs[si.saturating_sub(32)..(si + 33).min(segs.len())]
            .iter()
            .filter(|s| s.record == seg.record)
            .any(|s| {
                let t = s.text.trim();
                t.chars().count() == 1 && count_unit(t.chars().next())
            }),
        _ => false,
    };
    // (not 人 or 名 glued before it: 「负责人13812345678」 is a contact)
    let glued = raw[..os]
        .chars()
        .next_back()
        .is_some_and(|c| c != '人' && c != '名' && COUNT_UNITS.contains(c))
        || count_unit(raw[oe..].chars().next());
    if figures >= 1 && (MEASURE_UNITS.iter().any(|u| row.contains(u)) || unit_cell || glued) {
        return true;
    }
    // a company's row of a money table (投标人 | 投标报价（元）: 「某某建设有限公司
    // 18844021478」): no figure beside it, but a unit's name, in an item whose header
    // declares its amounts in 元
    let company_row = figures == 0
        && m.kind == IdKind::Mobile
        && [
            "公司",
            "集团",
            "有限",
            "事务所",
            "研究院",
            "设计院",
            "合作社",
        ]
        .iter()
        .any(|w| row.contains(w))
        && *units.money.get_or_insert_with(|| {
            segs.iter().take(20_000).any(|s| {
                ["（元）", "(元)", "（万元）", "(万元)"]
                    .iter()
                    .any(|u| s.text.contains(u))
            })
        });
    if company_row {
        return true;
    }
    // (one other figure is enough: a row label 「2024年8月」 or a year column)
    figures >= 1
        && *units.declared.get_or_insert_with(|| {
            segs.iter().take(20_000).any(|s| {
                (s.text.contains("单位") && declares_unit(&s.text))
                    || crate::table::bracketed_unit(&s.text)
            })
        })
}

/// Context words of a PDF table's header for a row below it: a PDF keeps no cells, and its
/// header line often comes out glued (`序号姓名护照号工作单位类别`). The nearest line above on
/// the same page (within 30 lines) that holds no number and names a column of identifiers
/// gives the words a header cell would put before a cell's text (护照号码：…). Only words that
/// need an identifier's own shape to act (passports, permits, IDs, tax and certificate
/// numbers): every field of the row gets them, and a coordinate or an account word would make
/// the area beside it a coordinate or a code a card.
fn pdf_header_context(segs: &[Segment], si: usize, ntext: &str) -> Option<String> {
    const WORDS: &[(&[&str], &str)] = &[
        (&["护照"], "护照号码："),
        (&["通行证", "回乡证"], "港澳通行证号码："),
        (&["身份证", "公民身份号码"], "身份证号："),
        (&["证件号", "证件编号"], "身份证护照通行证号："),
        (&["识别号", "税号"], "纳税人识别号："),
        (&["残疾人证", "残疾证"], "残疾人证号："),
    ];
    let line_of = |s: &Segment| match &s.anchor {
        Anchor::Fixed(l) if s.layer == Layer::Visible && l.field.is_none() => l.page.zip(l.line),
        _ => None,
    };
    let (page, _) = line_of(&segs[si])?;
    if !ntext.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    for s in segs[si.saturating_sub(30)..si].iter().rev() {
        if line_of(s).map(|(p, _)| p) != Some(page) {
            return None;
        }
        let t = s.text.as_str();
        let mut run = 0;
        if t.chars().any(|c| {
            run = if c.is_ascii_digit() { run + 1 } else { 0 };
            run >= 3
        }) || t.chars().count() > 60
            // a sentence mentioning 身份证 is no header
            || t.contains(['，', '。', '；', '：', '、'])
        {
            continue;
        }
        let prefix: String = WORDS
            .iter()
            .filter(|(ws, _)| ws.iter().any(|w| t.contains(w)))
            .map(|(_, p)| *p)
            .collect();
        if !prefix.is_empty() {
            return Some(prefix);
        }
    }
    None
}

/// Whether a table header above the line starting at the end of `before` (the text of the
/// segment before that line) or in the lines just above segment `si` (a PDF's lines, on its
/// page) gives figures in 元 and has no phone column: within 40 lines, the nearest line with
/// a bracketed money unit (（元）, （万元）) and no phone word (电话, 手机, 联系) nor digit run of 7
/// or more.
fn money_header_above(segs: &[Segment], si: usize, before: &str) -> bool {
    const MONEY: &[&str] = &["（元）", "(元)", "（万元）", "(万元)", "（千元）", "(千元)"];
    let header = |l: &str| -> Option<bool> {
        if !MONEY.iter().any(|u| l.contains(u)) {
            return None;
        }
        let phone = ["电话", "手机", "联系", "号码"]
            .iter()
            .any(|w| l.contains(w));
        let mut run = 0;
        let long_digits = l.chars().any(|c| {
            run = if c.is_ascii_digit() { run + 1 } else { 0 };
            run >= 7
        });
        Some(!phone && !long_digits)
    };
    // lines of the same text (a txt or csv table)
    for l in before.lines().rev().take(40) {
        if let Some(ok) = header(l) {
            return ok;
        }
    }
    // lines of the same page before it (a PDF table)
    let page_of = |s: &Segment| match &s.anchor {
        Anchor::Fixed(l) if s.layer == Layer::Visible && l.field.is_none() => l.page,
        _ => None,
    };
    let Some(page) = page_of(&segs[si]) else {
        return false;
    };
    for s in segs[si.saturating_sub(40)..si].iter().rev() {
        if page_of(s) != Some(page) {
            break;
        }
        if let Some(ok) = header(&s.text) {
            return ok;
        }
    }
    false
}

/// The last few characters of the PDF line before segment `si` (same page, the line just
/// above, visible) when they end in a Han character, i.e. a word the line break may have
/// cut, and `si`'s text holds a digit; `None` otherwise.
fn wrapped_line_tail(segs: &[Segment], si: usize, ntext: &str) -> Option<String> {
    let (
        Anchor::Fixed(cur),
        Some(Segment {
            anchor: Anchor::Fixed(prev_loc),
            text: prev,
            layer: Layer::Visible,
            ..
        }),
    ) = (&segs[si].anchor, si.checked_sub(1).map(|p| &segs[p]))
    else {
        return None;
    };
    let (Some(page), Some(line)) = (cur.page, cur.line) else {
        return None;
    };
    if prev_loc.page != Some(page)
        || prev_loc.line != Some(line.wrapping_sub(1))
        || cur.part.is_some()
        || !ntext.bytes().any(|b| b.is_ascii_digit())
        || !prev
            .trim_end()
            .chars()
            .next_back()
            .is_some_and(crate::normalize::is_cjk)
    {
        return None;
    }
    let n = normalize(prev.trim_end()).text;
    let tail: String = n
        .chars()
        .rev()
        .take(8)
        .collect::<Vec<char>>()
        .into_iter()
        .rev()
        .collect();
    Some(tail)
}

/// The class of a label in the cell just left of segment `si` in its row (a sheet's next
/// column, a docx or html table's previous cell): `护照号码 | E12345678` in a form laid out
/// label-left, value-right. Only labels that give a context word (ID, passport, permit,
/// account, coordinate, tax and certificate numbers).
fn left_label_class(segs: &[Segment], si: usize) -> Option<crate::table::ColumnClass> {
    let prev = segs.get(si.checked_sub(1)?)?;
    let cur = &segs[si];
    let adjacent = match (&prev.anchor, &cur.anchor) {
        (
            Anchor::Cell {
                sheet: a,
                row: ra,
                col: ca,
            },
            Anchor::Cell {
                sheet: b,
                row: rb,
                col: cb,
            },
        ) => Arc::ptr_eq(a, b) && ra == rb && ca.checked_add(1) == Some(*cb),
        (Anchor::Fixed(_) | Anchor::TextMap(_), Anchor::Fixed(_) | Anchor::TextMap(_)) => {
            prev.record.is_some() && prev.record == cur.record && prev.layer == cur.layer
        }
        _ => false,
    };
    let t = prev.text.trim();
    // (a cheap test first: most cells beside a number are names and figures)
    if !adjacent
        || t.len() > 48
        || !t.chars().any(|c| {
            matches!(
                c,
                '证' | '照' | '号' | '码' | '卡' | '账' | '帐' | '经' | '纬' | '坐'
            )
        })
    {
        return None;
    }
    let c = crate::table::classify_header(&normalize(t).text)?;
    c.context_prefix().is_some().then_some(c)
}

/// Indices of the segments next to `si` with its record (the other cells of an html or docx
/// table row), at most `reach` either side: those before it nearest first, then those after.
fn record_neighbours(
    segs: &[Segment],
    si: usize,
    reach: usize,
) -> impl Iterator<Item = usize> + '_ {
    let record = segs[si].record;
    (si.saturating_sub(reach)..si)
        .rev()
        .take_while(move |&k| segs[k].record == record)
        .chain(
            (si + 1..segs.len().min(si + 1 + reach)).take_while(move |&k| segs[k].record == record),
        )
}

/// `(column, text)` of the other cells of segment `si`'s sheet row (cells of a row are
/// consecutive segments; at most 64 either side).
fn row_cells_around<'a>(
    segs: &'a [Segment],
    si: usize,
    sheet: &Arc<str>,
    row: u32,
) -> Vec<(u32, &'a str)> {
    let same = |s: &Segment| match &s.anchor {
        Anchor::Cell {
            sheet: sh,
            row: r,
            col,
        } if Arc::ptr_eq(sh, sheet) && *r == row => Some(*col),
        _ => None,
    };
    let mut out = Vec::new();
    for s in segs[si.saturating_sub(64)..si].iter().rev() {
        match same(s) {
            Some(c) => out.push((c, s.text.as_str())),
            None => break,
        }
    }
    for s in segs.iter().skip(si + 1).take(64) {
        match same(s) {
            Some(c) => out.push((c, s.text.as_str())),
            None => break,
        }
    }
    out
}

/// Paragraph segments (docx paragraphs, html blocks) next to an attachment's heading
/// (「附件2」 alone): the two before it and the three after it become
/// [`Zone::AttachmentTitle`], where an attached document's own marking is put.
fn mark_attachment_heads(segments: &mut [Segment]) {
    // (a short document's 「附件」 can fall in the first paragraphs, which are its title area)
    let para = |s: &Segment| {
        matches!(s.anchor, Anchor::Fixed(_) | Anchor::TextMap(_))
            && s.layer == Layer::Visible
            && matches!(s.zone, Zone::Body | Zone::Title)
            && s.record.is_none()
            && !s.text.trim().is_empty()
    };
    if !segments
        .iter()
        .any(|s| para(s) && crate::extract::is_attachment_heading(&s.text))
    {
        return;
    }
    let paras: Vec<usize> = (0..segments.len())
        .filter(|&i| para(&segments[i]))
        .collect();
    let heads: Vec<usize> = (0..paras.len())
        .filter(|&k| crate::extract::is_attachment_heading(&segments[paras[k]].text))
        .collect();
    for k in heads {
        for &j in paras[k.saturating_sub(2)..k]
            .iter()
            .chain(paras.iter().skip(k + 1).take(3))
        {
            if segments[j].zone == Zone::Body
                && !crate::extract::is_attachment_heading(&segments[j].text)
            {
                segments[j].zone = Zone::AttachmentTitle;
            }
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn finish(
    cfg: &Config,
    display: &str,
    path: &Path,
    format: String,
    bytes: u64,
    hash: crate::ItemHash,
    mut ex: Extracted,
    resp: Responsibility,
    t0: Instant,
    index: usize,
) -> ItemResult {
    let crate::ItemHash {
        sha256: sha,
        fp_key: fpk,
    } = hash;
    let lang = cfg.lang;
    let policy = &cfg.policy;
    // the file name is a place where markings are put
    let fname = path
        .file_name()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    if !fname.is_empty() {
        ex.segments.push(Segment::fixed(
            fname,
            Location {
                item: Some(true),
                field: Some("file_name".into()),
                ..Default::default()
            },
            Layer::Visible,
            Zone::FileName,
        ));
    }
    mark_attachment_heads(&mut ex.segments);
    // identifiers written one character per table cell: the joined run goes right after it
    let mut boxed = crate::table::boxed_digit_segments(&ex.segments, &cfg.ids);
    // and resident IDs a PDF table cell wraps onto the next line
    boxed.extend(crate::table::wrapped_id_segments(&ex.segments, &cfg.ids));
    boxed.sort_by_key(|b| b.0);
    if !boxed.is_empty() {
        let old = std::mem::take(&mut ex.segments);
        ex.segments.reserve(old.len() + boxed.len());
        let mut boxed = boxed.into_iter().peekable();
        for (i, s) in old.into_iter().enumerate() {
            ex.segments.push(s);
            while let Some((_, b)) = boxed.next_if(|(after, _)| *after == i) {
                ex.segments.push(b);
            }
        }
    }
    // Normalized texts are kept only for segments in the title area (needed before the main
    // loop) and for segments with hits (excerpts, allow-lists): a sheet of a million cells
    // must not hold a million normalized copies.
    let mut norms: Vec<Option<Normalized>> = ex
        .segments
        .iter()
        .map(|s| {
            (matches!(s.zone, Zone::Title | Zone::FileName) || s.title_len > 0)
                .then(|| normalize(&s.text))
        })
        .collect();
    // normalized byte offset where each segment's title part ends
    let title_end = |s: &Segment, n: &Normalized| {
        if s.title_len == 0 {
            0
        } else {
            norm_offset_of(n, s.title_len)
        }
    };
    let title: String = ex
        .segments
        .iter()
        .zip(&norms)
        .filter_map(|(s, n)| {
            let n = n.as_ref()?;
            match s.zone {
                Zone::Title | Zone::FileName => Some(n.text.as_str()),
                _ => {
                    let te = title_end(s, n);
                    (te > 0).then(|| &n.text[..te])
                }
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    // table semantics: the header row of each sheet and csv, its classified columns
    let sheet_headers = if ex
        .segments
        .iter()
        .any(|s| matches!(s.anchor, Anchor::Cell { .. }))
    {
        crate::table::sheet_headers(&ex.segments, |i| normalize(&ex.segments[i].text).text)
    } else {
        HashMap::default()
    };
    // column classes of html and docx table cells (one segment per cell)
    let html_ctx: Vec<Option<crate::table::ColumnClass>> =
        if ex.segments.iter().any(|s| {
            s.record.is_some() && matches!(s.anchor, Anchor::TextMap(_) | Anchor::Fixed(_))
        }) {
            crate::table::html_cell_contexts(&ex.segments)
        } else {
            Vec::new()
        };
    let csv_headers: HashMap<usize, crate::table::Header> = ex
        .segments
        .iter()
        .enumerate()
        .filter_map(|(i, s)| match s.anchor {
            Anchor::Text {
                csv_delim: Some(d), ..
            } => crate::table::csv_header(&s.text[..floor_char(&s.text, 64 * 1024)], d)
                .map(|h| (i, h)),
            _ => None,
        })
        .collect();
    // record texts of table rows (cells sharing a record id), for names next to identifiers
    let mut row_text: HashMap<u32, String> = HashMap::default();
    let mut cur_row: Option<(u32, String)> = None;
    // the header of the sheet the last cell was in (cells of a sheet come together)
    let mut cur_sheet: Option<(Arc<str>, Option<&crate::table::Header>)> = None;
    let mut prefixed = String::new();
    let mut chars: u64 = 0;
    let mut raws: Vec<Raw> = Vec::new();
    let mut findings: Vec<Finding> = Vec::new();
    let mut hidden_groups: HashSet<(String, String)> = HashSet::default();
    let mut record_names: HashMap<RecordKey, Arc<[u64]>> = HashMap::default();
    let fast_masked_ok = policy.masked_action == Action::Info
        && policy.allow.identifiers.is_empty()
        && policy.allow.phrases.is_empty();
    let mut fast_masked: HashMap<&'static str, usize> = HashMap::default();
    let mut masked_seen_fast: Vec<MaskedSeen> = Vec::new();
    let mut pending_row_names: Vec<(usize, RecordKey)> = Vec::new();
    let no_names: Arc<[u64]> = Arc::from(Vec::new());
    let mut masked_records: HashSet<RecordKey> = HashSet::default();
    // whether the item declares a unit of measure (单位：千元), computed when first needed
    let mut units = ItemUnits::default();
    let mut last_masked_record: Option<RecordKey> = None;

    for (si, seg) in ex.segments.iter().enumerate() {
        if seg.zone != Zone::FileName {
            chars += seg.text.chars().count() as u64;
        }
        let mut norm_owned: Option<Normalized> = None;
        let norm: &Normalized = match &norms[si] {
            Some(n) => n,
            None => norm_owned.insert(normalize(&seg.text)),
        };
        let ntext = norm.text.as_str();
        if let Some(r) = seg.record {
            // the cells of a row come one after another: one map entry per row, not per cell
            if cur_row.as_ref().is_some_and(|(cr, _)| *cr != r) {
                if let Some((cr, t)) = cur_row.take() {
                    append_row_text(&mut row_text, cr, t);
                }
            }
            let (_, e) = cur_row.get_or_insert_with(|| (r, String::new()));
            if e.len() < 2000 {
                e.push_str(ntext);
                e.push('\t');
            }
        }
        let mut hits: Vec<Hit> = Vec::new();
        // a cell under a header such as 护照号码 has that header as its context word
        // the class of a sheet cell's column (below the header row)
        let col_class = match &seg.anchor {
            Anchor::Cell { sheet, row, col } => {
                if !cur_sheet
                    .as_ref()
                    .is_some_and(|(s, _)| Arc::ptr_eq(s, sheet))
                {
                    cur_sheet = Some((sheet.clone(), sheet_headers.get(sheet)));
                }
                cur_sheet
                    .as_ref()
                    .and_then(|(_, h)| *h)
                    .filter(|h| *row > h.row && !h.columns.is_empty())
                    .and_then(|h| h.column(*col))
                    .map(|c| c.0)
            }
            Anchor::TextMap(_) | Anchor::Fixed(_) if seg.record.is_some() => {
                html_ctx.get(si).copied().flatten()
            }
            _ => None,
        };
        // a PDF line whose context word a line break cut (「…来往内地通行」 / 「证号码：H…」):
        // the end of the line before stands in front of it, as a column header does
        let wrapped = if col_class.is_none() {
            wrapped_line_tail(&ex.segments, si, ntext)
        } else {
            None
        };
        // a PDF table row under a header naming a column of identifiers
        let pdf_header = if col_class.is_none() {
            pdf_header_context(&ex.segments, si, ntext)
        } else {
            None
        };
        // a form's label in the cell to the left (护照号码 | E12345678, a transposed table)
        let left = if col_class.and_then(|c| c.context_prefix()).is_none()
            && ntext.bytes().any(|b| b.is_ascii_digit())
        {
            left_label_class(&ex.segments, si)
        } else {
            None
        };
        let ctx_prefix = col_class
            .and_then(|c| c.context_prefix())
            .or(left.and_then(|c| c.context_prefix()))
            .or(wrapped.as_deref());
        let id_found = match ctx_prefix {
            Some(p) => cfg
                .ids
                .find({
                    prefixed.clear();
                    prefixed.push_str(p);
                    prefixed.push_str(ntext);
                    &prefixed
                })
                .into_iter()
                .filter(|m| m.start >= p.len())
                .map(|mut m| {
                    m.start -= p.len();
                    m.end -= p.len();
                    m
                })
                .collect(),
            None => cfg.ids.find(ntext),
        };
        // under a PDF header, each field of the row is read with the header's words before it
        // (the row's own text puts a far column out of a context word's reach)
        let id_found = match &pdf_header {
            Some(p) => {
                let mut found = id_found;
                let before = found.len();
                let b = ntext.as_bytes();
                let mut i = 0;
                while i < b.len() {
                    if matches!(b[i], b' ' | b'\t') {
                        i += 1;
                        continue;
                    }
                    let s = i;
                    while i < b.len() && !matches!(b[i], b' ' | b'\t') {
                        i += 1;
                    }
                    let field = &ntext[s..i];
                    if !field.bytes().any(|c| c.is_ascii_digit()) || field.len() > 64 {
                        continue;
                    }
                    let k = found[..before].partition_point(|m| m.end <= s);
                    if found[..before].get(k).is_some_and(|m| m.start < i) {
                        continue;
                    }
                    prefixed.clear();
                    prefixed.push_str(p);
                    prefixed.push_str(field);
                    for mut m in cfg.ids.find(&prefixed) {
                        if m.start < p.len() {
                            continue;
                        }
                        m.start = m.start - p.len() + s;
                        m.end = m.end - p.len() + s;
                        found.push(m);
                    }
                }
                if found.len() > before {
                    found.sort_by_key(|m| m.start);
                }
                found
            }
            None => id_found,
        };
        // a number in an amount or code column (计划投资（元）, 施工许可证编号, 准考证号) is
        // an amount or a code, not a mobile or an ID
        let id_found = match col_class {
            Some(c) if c.holds_codes() && !id_found.is_empty() => id_found
                .into_iter()
                .filter(|m| !crate::table::code_not_identifier(c, m.kind, &m.value, ntext))
                .collect(),
            _ => id_found,
        };
        // a unit's account in a table whose row names the unit as the holder (收款单位 column)
        let id_found = if col_class == Some(crate::table::ColumnClass::BankAccount)
            && id_found
                .iter()
                .any(|m| m.kind == IdKind::BankCard && m.mask == Mask::None)
        {
            let cells: Vec<(Option<crate::table::ColumnClass>, &str)> = match &seg.anchor {
                Anchor::Cell { sheet, row, .. } => {
                    let h = cur_sheet.as_ref().and_then(|(_, h)| *h);
                    row_cells_around(&ex.segments, si, sheet, *row)
                        .into_iter()
                        .map(|(c, t)| (h.and_then(|h| h.column(c)).map(|c| c.0), t))
                        .collect()
                }
                // html and docx rows: the neighbouring cells of the same record
                _ => record_neighbours(&ex.segments, si, 64)
                    .map(|k| {
                        (
                            html_ctx.get(k).copied().flatten(),
                            ex.segments[k].text.as_str(),
                        )
                    })
                    .collect(),
            };
            id_found
                .into_iter()
                .filter(|m| {
                    !(m.kind == IdKind::BankCard
                        && m.mask == Mask::None
                        && crate::table::unit_account_in_row(cells.iter().copied()))
                })
                .collect()
        } else {
            id_found
        };
        // a unit's account at a bank branch whose holder (收款单位：…中心) is named in the
        // paragraphs just above
        let id_found = if id_found
            .iter()
            .any(|m| m.kind == IdKind::BankCard && m.mask == Mask::None)
        {
            let mut before = String::new();
            for p in &ex.segments[si.saturating_sub(3)..si] {
                before.push_str(&p.text[ceil_char(&p.text, p.text.len().saturating_sub(400))..]);
                before.push('\n');
            }
            id_found
                .into_iter()
                .filter(|m| {
                    !(m.kind == IdKind::BankCard
                        && m.mask == Mask::None
                        && identifiers::unit_account(
                            &format!("{before}{}", &ntext[..m.start]),
                            &m.value,
                        ))
                })
                .collect()
        } else {
            id_found
        };
        let id_found = match (&seg.anchor, csv_headers.get(&si)) {
            (
                Anchor::Text {
                    csv_delim: Some(d), ..
                },
                Some(h),
            ) => csv_context_ids(cfg, seg, *d, h, norm, id_found),
            _ => id_found,
        };
        // an 11-digit statistic (用电量 18456789012, 决算数 17512345678 元) on a row of
        // figures is no mobile
        // (and a card-like figure, Luhn-valid by chance, that no UnionPay number is)
        let figure = |m: &identifiers::IdMatch| {
            m.mask == Mask::None
                && match m.kind {
                    IdKind::Mobile => col_class != Some(crate::table::ColumnClass::Phone),
                    IdKind::BankCard => {
                        col_class != Some(crate::table::ColumnClass::BankAccount)
                            && !m.value.starts_with("62")
                    }
                    _ => false,
                }
        };
        let id_found = if id_found.iter().any(figure) {
            let next = ex
                .segments
                .get(si + 1)
                .map(|s| s.text.as_str())
                .unwrap_or("");
            id_found
                .into_iter()
                .filter(|m| {
                    !(figure(m)
                        && statistic_not_mobile(
                            &ex.segments,
                            si,
                            ntext,
                            m,
                            (norm.orig(m.start), norm.orig_end(m.end)),
                            next,
                            &mut units,
                        ))
                })
                .collect()
        } else {
            id_found
        };
        for m in id_found {
            // fast path: a properly masked identifier after the first of its kind is only
            // counted (and remembered for the cross-item check); it never becomes a listed finding
            if m.mask == Mask::Proper && fast_masked_ok {
                let kind = m.kind.as_str();
                let first = !fast_masked.contains_key(kind);
                *fast_masked.entry(kind).or_insert(0) += 1;
                if !first {
                    let record = record_of(seg, si, ntext, m.start);
                    let names = match record {
                        RecordKey::Row(_) => {
                            pending_row_names.push((masked_seen_fast.len(), record.clone()));
                            no_names.clone()
                        }
                        _ => line_names(&mut record_names, &record, ntext, m.start, m.end),
                    };
                    if last_masked_record.as_ref() != Some(&record) {
                        masked_records.insert(record.clone());
                        last_masked_record = Some(record);
                    }
                    masked_seen_fast.push(MaskedSeen {
                        item: index as u32,
                        finding: u32::MAX,
                        kind: m.kind,
                        value: m.value.as_str().into(),
                        names,
                    });
                    continue;
                }
            }
            let (zh, en) = if m.mask == Mask::Insufficient {
                id_messages(m.kind, m.mask, m.note)
            } else {
                let (zh, en) = static_id_messages(m.kind, m.mask == Mask::Proper);
                (Cow::Borrowed(zh), Cow::Borrowed(en))
            };
            hits.push(Hit {
                category: "personal_info",
                kind: m.kind.as_str().into(),
                rule: id_rule(m.kind).into(),
                start: m.start,
                end: m.end,
                value: m.value,
                masked: match m.mask {
                    Mask::None => None,
                    Mask::Proper => Some(true),
                    Mask::Insufficient => Some(false),
                },
                action: if m.kind == IdKind::GeoCoordinate && !m.fine {
                    Some(policy.coarse_geo_action)
                } else {
                    None
                },
                message_zh: zh,
                message_en: en,
            });
        }
        let te = title_end(seg, norm);
        let table = seg.record.is_some()
            || matches!(
                seg.anchor,
                Anchor::Text {
                    csv_delim: Some(_),
                    ..
                }
            );
        for (a, b, zone) in [(0, te, Zone::Title), (te, ntext.len(), seg.zone)] {
            if a >= b {
                continue;
            }
            let part = &ntext[a..b];
            let dict_zone = if zone == Zone::AttachmentTitle {
                Zone::Body
            } else {
                zone
            };
            let mut found = cfg.dict.find(part, dict_zone, &title);
            if zone == Zone::FileName {
                found.extend(cfg.marks.find_in_file_name(part));
            } else {
                // tag lists and summaries (keywords 「绝密;机密」, a subject, a category) are no
                // place a marking is put: read like running text
                let mark_zone = if zone == Zone::Metadata && is_tag_field(seg) {
                    Zone::Body
                } else {
                    zone
                };
                found.extend(cfg.marks.find_in(part, mark_zone, table));
            }
            for mut h in found {
                h.start += a;
                h.end += a;
                hits.push(h);
            }
        }
        // a key-value table row: 「公开属性」 in one cell, 「不予公开」 in the next (the
        // details table of a portal page, a form in a docx or sheet)
        if let (Some(r), Some(prev)) = (seg.record, si.checked_sub(1).map(|p| &ex.segments[p])) {
            if prev.record == Some(r)
                && ntext.len() <= 64
                && ntext.contains("公开")
                && prev.text.len() <= 64
            {
                let label = normalize(&prev.text).text;
                if let Some(h) = cfg.marks.publicity_pair(&label, ntext) {
                    hits.push(h);
                }
            }
            // 「密级」 in one cell, 「秘密」 in the next
            if prev.record == Some(r)
                && ntext.len() <= 48
                && ntext.contains(['密', '内'])
                && prev.text.len() <= 48
                && prev.text.contains('密')
                && !hits.iter().any(|h| h.category == "classification_marking")
            {
                let label = normalize(&prev.text).text;
                if let Some(h) = cfg.marks.level_pair(&label, ntext) {
                    hits.push(h);
                }
            }
        }
        // hidden content that holds text is itself a finding (grouped per sheet/row/column)
        if let Layer::Hidden(kind) = seg.layer {
            if seg.text.chars().any(|c| c.is_alphanumeric()) {
                let loc = start_location(seg);
                let group = match kind {
                    "hidden_sheet" => loc.sheet.clone().unwrap_or_default(),
                    "hidden_row" => format!(
                        "{:?}!{}",
                        loc.sheet,
                        loc.cell
                            .as_deref()
                            .unwrap_or("")
                            .trim_start_matches(|c: char| c.is_ascii_alphabetic())
                    ),
                    // hidden columns, and cells a number format hides: one finding per sheet
                    // column
                    "hidden_column" | "hidden_text"
                        if kind == "hidden_column" || loc.cell.is_some() =>
                    {
                        format!(
                            "{:?}!{}",
                            loc.sheet,
                            loc.cell
                                .as_deref()
                                .unwrap_or("")
                                .trim_end_matches(|c: char| c.is_ascii_digit())
                        )
                    }
                    // a pivot cache's values: one finding per cache part
                    "pivot_cache" | "chart_cache" => loc.part.clone().unwrap_or_default(),
                    // unused shared strings: one finding per table
                    "hidden_text" if loc.field.as_deref().is_some_and(|f| f.starts_with("si#")) => {
                        loc.part.clone().unwrap_or_default()
                    }
                    // an embedded package: one finding per embedding
                    "embedded_object" => loc
                        .entry
                        .clone()
                        .or_else(|| loc.part.clone())
                        .unwrap_or_default(),
                    _ => format!("{si}"),
                };
                if hidden_groups.insert((kind.to_string(), group.clone())) {
                    let loc = if kind == "hidden_sheet" {
                        Location {
                            sheet: loc.sheet.clone(),
                            entry: loc.entry.clone(),
                            ..Default::default()
                        }
                    } else {
                        loc
                    };
                    let first: String = ntext.chars().take(40).collect();
                    findings.push(Finding {
                        rule: format!("hidden.{kind}"),
                        category: "hidden_content".into(),
                        kind: kind.into(),
                        action: policy.action_for("hidden_content", kind),
                        location: loc,
                        excerpt: Some(make_excerpt(&first, 0, first.len())),
                        message: hidden_message(kind, lang),
                        masked: None,
                        layer: "hidden".into(),
                        fingerprint: fingerprint(
                            &fpk,
                            &format!("hidden.{kind}"),
                            &format!("{group}\u{0}{}", first),
                        ),
                        exempt_reason: None,
                    });
                }
            }
        }
        if let Layer::Metadata(kind) = seg.layer {
            if kind != "other" && seg.text.trim().chars().any(|c| c.is_alphanumeric()) {
                let loc = start_location(seg);
                let v: String = ntext.chars().take(60).collect();
                findings.push(Finding {
                    rule: format!("metadata.{kind}"),
                    category: "metadata".into(),
                    kind: kind.into(),
                    action: policy.action_for("metadata", kind),
                    location: loc,
                    excerpt: Some(make_excerpt(&v, 0, v.len())),
                    message: metadata_message(kind, lang),
                    masked: None,
                    layer: "metadata".into(),
                    fingerprint: fingerprint(&fpk, &format!("metadata.{kind}"), &v),
                    exempt_reason: None,
                });
            }
        }
        if hits.is_empty() {
            continue;
        }
        raws.reserve(hits.len());
        for h in hits {
            let orig = norm.orig(h.start);
            let record = record_of(seg, si, ntext, h.start);
            if h.category == "personal_info" && h.masked.is_some() {
                if let RecordKey::Line(..) = record {
                    line_names(&mut record_names, &record, ntext, h.start, h.end);
                }
            }
            raws.push(Raw {
                hit: h,
                orig,
                layer: layer_name(seg.layer, seg.zone),
                record,
                seg: si,
            });
        }
        if let Some(n) = norm_owned {
            norms[si] = Some(n);
        }
    }
    if let Some((cr, t)) = cur_row.take() {
        append_row_text(&mut row_text, cr, t);
    }
    let mut rec_names = |k: &RecordKey| -> Arc<[u64]> {
        if let Some(n) = record_names.get(k) {
            return n.clone();
        }
        let n: Arc<[u64]> = match k {
            RecordKey::Row(r) => row_text
                .get(r)
                .map(|t| name_hashes(t))
                .unwrap_or_else(|| Arc::from(Vec::new())),
            _ => Arc::from(Vec::new()),
        };
        record_names.insert(k.clone(), n.clone());
        n
    };

    // records holding a personal identifier (for sensitive attributes) and facility words (for coordinates)
    // only built when a rule needs them (sensitive attributes, coordinates)
    // a document carries one level: bare level words (绝密, 机密, 秘密) marked as lines in
    // different segments with two or more different levels are a legend (a table of the
    // levels and their periods, a list of headings), not markings
    {
        let segs = &ex.segments;
        let bare_level = |r: &Raw| -> Option<String> {
            // a header, footer or file name is never part of a legend; sheets named after the
            // levels (绝密级, 机密级, 秘密级: a training workbook) are
            (r.hit.category == "classification_marking"
                && r.hit.rule.ends_with(".line")
                && segs
                    .get(r.seg)
                    .is_some_and(|s| matches!(s.zone, Zone::Title | Zone::Body | Zone::SheetName)))
            .then(|| {
                r.hit
                    .value
                    .trim_matches(|c: char| !crate::normalize::is_cjk(c))
                    .trim_end_matches('级')
                    .to_string()
            })
            .filter(|v| matches!(v.as_str(), "绝密" | "机密" | "秘密"))
        };
        // where a level word stands: segment, line within it, table row
        let line_of = |r: &Raw| -> usize {
            norms
                .get(r.seg)
                .and_then(Option::as_ref)
                .and_then(|n| n.text.get(..r.hit.start.min(n.text.len())))
                .map_or(0, |t| t.matches('\n').count())
        };
        let mut spots: Vec<(usize, usize, Option<u32>)> = raws
            .iter()
            .filter(|r| bare_level(r).is_some())
            .map(|r| (r.seg, line_of(r), segs.get(r.seg).and_then(|s| s.record)))
            .collect();
        let mut levels: HashSet<String> = raws.iter().filter_map(bare_level).collect();
        // segments that are a level word and nothing else (cells, paragraphs)
        let mut level_segs: Vec<usize> = Vec::new();
        if !levels.is_empty() {
            for (i, sg) in segs.iter().enumerate() {
                let t = sg.text.trim().trim_end_matches('级');
                if sg.text.len() > 16 || !matches!(t, "绝密" | "机密" | "秘密") {
                    continue;
                }
                level_segs.push(i);
                spots.push((i, 0, sg.record));
                // the other rows of the legend may lie outside the title area (no hit there)
                if sg.layer == Layer::Visible
                    && matches!(sg.zone, Zone::Title | Zone::Body | Zone::SheetName)
                {
                    levels.insert(t.to_string());
                }
            }
        }
        if levels.len() >= 2 {
            // the first lines of the document (before any sentence of body text) are where
            // its own marking is put: a level word there stays a marking unless another level
            // stands right next to it (a legend that opens the text); the others are the
            // levels an explainer, a quiz or a catalogue lists
            let mut top: Vec<(usize, usize)> = Vec::new();
            'first: for (i, sg) in segs.iter().enumerate() {
                if sg.layer != Layer::Visible || !matches!(sg.zone, Zone::Title | Zone::Body) {
                    continue;
                }
                for (li, l) in sg.text.lines().enumerate() {
                    // (a sentence of body text ends the place where markings are put)
                    if crate::extract::is_prose_line(l) {
                        break 'first;
                    }
                    if !l.trim().is_empty() {
                        top.push((i, li));
                        if top.len() >= 3 {
                            break 'first;
                        }
                    }
                }
            }
            let near = |a: (usize, usize, Option<u32>), b: (usize, usize, Option<u32>)| {
                if (a.0, a.1) == (b.0, b.1) {
                    return false;
                }
                let rows = matches!((a.2, b.2), (Some(x), Some(y)) if x.abs_diff(y) <= 1);
                rows || (a.0 == b.0 && a.1.abs_diff(b.1) <= 1)
                    || (a.0 != b.0 && a.0.abs_diff(b.0) <= 1)
            };
            raws.retain(|r| {
                if bare_level(r).is_none() {
                    return true;
                }
                let me = (r.seg, line_of(r), segs.get(r.seg).and_then(|s| s.record));
                top.contains(&(me.0, me.1)) && !spots.iter().any(|&o| near(me, o))
            });
            // the other options of the same row (a quiz bank's 选项A…D: 绝密 | 机密 | 秘密 |
            // 工作秘密) are part of the list too
            let legend_rows: HashSet<u32> =
                level_segs.iter().filter_map(|&i| segs[i].record).collect();
            raws.retain(|r| {
                let Some(sg) = segs.get(r.seg) else {
                    return true;
                };
                !(r.hit.category == "classification_marking"
                    && r.hit.rule.ends_with(".line")
                    && sg.record.is_some_and(|rec| legend_rows.contains(&rec))
                    && matches!(
                        sg.text.trim(),
                        "工作秘密" | "内部" | "内部资料" | "内部文件" | "内部事项"
                    ))
            });
        }
    }
    let any_sensitive = raws.iter().any(|r| r.hit.kind == "sensitive_personal");
    let any_geo = raws.iter().any(|r| r.hit.kind == "geo_coordinate");
    let pii_records: HashSet<RecordKey> = if any_sensitive {
        let unmasked = raws
            .iter()
            .filter(|r| {
                r.hit.category == "personal_info"
                // an office's landline or mailbox (「低保政策咨询电话：0571-…」) points to no
                // person; a properly masked identifier does only next to a name (below)
                && !matches!(
                    r.hit.kind.as_ref(),
                    "geo_coordinate" | "cn_uscc" | "ip_address" | "cn_landline" | "email"
                )
                && r.hit.masked != Some(true)
            })
            .map(|r| r.record.clone());
        let masked = raws
            .iter()
            .filter(|r| r.hit.masked == Some(true))
            .map(|r| r.record.clone())
            .chain(masked_records)
            .filter(|k| match k {
                // a table row: a person's name in full (a mandated 低保 公示 with 张* and
                // masked IDs names nobody)
                RecordKey::Row(r) => row_text.get(r).is_some_and(|t| has_person_name(t)),
                RecordKey::Line(seg, ls) => match norms.get(*seg).and_then(Option::as_ref) {
                    Some(n) if *ls <= n.text.len() => {
                        let line = &n.text[*ls..];
                        has_person_name(&line[..line.find('\n').unwrap_or(line.len())])
                    }
                    _ => !rec_names(k).is_empty(),
                },
                // a line of its own (a PDF table row): the person's name on it
                RecordKey::Seg(seg) => match norms.get(*seg).and_then(Option::as_ref) {
                    Some(n) if n.text.len() <= 400 => has_person_name(&n.text),
                    _ => !rec_names(k).is_empty(),
                },
            });
        unmasked.chain(masked).collect()
    } else {
        HashSet::default()
    };
    let facility_records: HashSet<RecordKey> = raws
        .iter()
        .filter(|r| any_geo && r.hit.kind == "facility")
        .map(|r| r.record.clone())
        .collect();

    let mut masked_seen: Vec<MaskedSeen> = Vec::new();
    let mut unmasked_personal: HashSet<(Cow<'static, str>, String)> = HashSet::default();
    let mut masked_groups: HashMap<String, (usize, usize)> = HashMap::default();
    let mut pending_locs: Vec<(usize, usize, usize)> = Vec::new();
    let mut per_rule: HashMap<(Cow<'static, str>, Action, Option<bool>), usize> =
        HashMap::default();
    let personal_kinds: Vec<String> = policy
        .aggregation
        .personal_records
        .as_ref()
        .map(|p| p.kinds.clone())
        .unwrap_or_default();

    // unmasked identifiers per segment: excerpts mask every one of them
    let mut id_spans: HashMap<usize, Vec<(usize, usize)>> = HashMap::default();
    for r in &raws {
        if r.hit.category == "personal_info" && r.hit.masked.is_none() {
            id_spans
                .entry(r.seg)
                .or_default()
                .push((r.hit.start, r.hit.end));
        }
    }
    let mut action_cache: Vec<(&'static str, Cow<'static, str>, Action)> = Vec::new();
    for r in raws {
        let h = r.hit;
        let mut action = match (h.category, h.masked) {
            ("personal_info", Some(true)) => policy.masked_action,
            ("personal_info", Some(false)) => policy.insufficient_mask_action,
            _ => h.action.unwrap_or_else(|| {
                // a few (category, kind) pairs, very many hits: look each up once
                match action_cache
                    .iter()
                    .find(|(c, k, _)| *c == h.category && *k == h.kind)
                {
                    Some(&(_, _, a)) => a,
                    None => {
                        let a = policy.action_for(h.category, &h.kind);
                        action_cache.push((h.category, h.kind.clone(), a));
                        a
                    }
                }
            }),
        };
        let mut message = match lang {
            Lang::Zh => h.message_zh.clone(),
            Lang::En => h.message_en.clone(),
        };
        if h.kind == "sensitive_personal" && pii_records.contains(&r.record) {
            action = action.max(Action::Review);
            message = match lang {
                Lang::Zh => format!("{message}：与个人身份信息出现在同一记录（敏感个人信息，个人信息保护法第28条）").into(),
                Lang::En => format!("{message}: in the same record as a personal identifier (sensitive personal information)").into(),
            };
        }
        if h.kind == "geo_coordinate"
            && h.masked.is_none()
            && action >= Action::Review
            && facility_records.contains(&r.record)
        {
            action = Action::Block;
            message = match lang {
                Lang::Zh => format!("{message}，且与设施类词语同现").into(),
                Lang::En => format!("{message}, next to a facility word").into(),
            };
        }
        // allow-lists
        let mut exempt = None;
        if h.category == "personal_info" && !policy.allow.identifiers.is_empty() {
            let hsh = crate::sha256_hex(h.value.as_bytes());
            if let Some(a) = policy
                .allow
                .identifiers
                .iter()
                .find(|a| a.sha256.eq_ignore_ascii_case(&hsh))
            {
                exempt = Some(a.reason.clone());
            }
        }
        if exempt.is_none() && !policy.allow.phrases.is_empty() {
            let n = norms[r.seg].as_ref().map_or("", |n| n.text.as_str());
            for p in &policy.allow.phrases {
                let pn = normalize(&p.phrase).text;
                let lo = floor_char(n, h.start.saturating_sub(pn.len()));
                let hi = ceil_char(n, (h.end + pn.len()).min(n.len()));
                if let Some(pos) = n[lo..hi].find(&pn) {
                    let (ps, pe) = (lo + pos, lo + pos + pn.len());
                    if ps <= h.start && pe >= h.end {
                        exempt = Some(p.reason.clone());
                        break;
                    }
                }
            }
        }
        if exempt.is_some() {
            action = Action::Info;
        }
        // an unmasked identifier counted for the aggregation rule (its value is moved into the
        // set below, after its last use)
        let mut counted = false;
        if h.category == "personal_info" {
            match h.masked {
                None if personal_kinds.iter().any(|k| k == h.kind.as_ref()) && exempt.is_none() => {
                    counted = true;
                }
                Some(_) => {
                    if let Some(kind) = id_kind_of(&h.kind) {
                        masked_seen.push(MaskedSeen {
                            item: index as u32,
                            finding: findings.len() as u32,
                            kind,
                            value: h.value.as_str().into(),
                            names: rec_names(&r.record),
                        })
                    }
                }
                _ => {}
            }
        }
        // properly masked identifiers are info: one finding per kind carries the count
        if h.category == "personal_info"
            && h.masked == Some(true)
            && action == Action::Info
            && exempt.is_none()
        {
            if let Some((fi, n)) = masked_groups.get_mut(h.kind.as_ref()) {
                *n += 1;
                let fi = *fi;
                if let Some(last) = masked_seen.last_mut() {
                    last.finding = fi as u32;
                }
                continue;
            }
            masked_groups.insert(h.kind.to_string(), (findings.len(), 1));
        }
        // very many findings of one rule: list the first ones, count the rest
        let listed = per_rule
            .entry((h.rule.clone(), action, h.masked))
            .or_insert(0);
        *listed += 1;
        if *listed > policy.limits.max_findings_per_rule {
            if counted {
                unmasked_personal.insert((h.kind, h.value));
            }
            continue;
        }
        let excerpt = Some(make_excerpt_with(
            norms[r.seg].as_ref().map_or("", |n| n.text.as_str()),
            h.start,
            h.end,
            id_spans.get(&r.seg).map_or(&[][..], |v| v.as_slice()),
        ));
        pending_locs.push((findings.len(), r.seg, r.orig));
        let fp = fingerprint(&fpk, &h.rule, &h.value);
        let kind = h.kind.to_string();
        if counted {
            unmasked_personal.insert((h.kind, h.value));
        }
        findings.push(Finding {
            fingerprint: fp,
            rule: h.rule.into_owned(),
            category: h.category.into(),
            kind,
            action,
            location: Location::default(),
            excerpt,
            message: message.into_owned(),
            masked: h.masked,
            layer: r.layer.into(),
            exempt_reason: exempt,
        });
    }

    // locations of the listed findings: one walk per segment
    pending_locs.sort_by_key(|p| (p.1, p.2));
    for group in pending_locs.chunk_by(|a, b| a.1 == b.1) {
        let seg = &ex.segments[group[0].1];
        let offsets: Vec<usize> = group.iter().map(|p| p.2).collect();
        let locs = locate_all(seg, &offsets);
        // the column a table finding is in, by its header (groups a column of findings)
        let column_of = |loc: &Location| -> Option<&str> {
            match &seg.anchor {
                Anchor::Cell { sheet, row, col } => sheet_headers
                    .get(sheet)
                    .filter(|h| *row > h.row)
                    .and_then(|h| h.column(*col)),
                Anchor::Text {
                    csv_delim: Some(_), ..
                } => csv_headers.get(&group[0].1).and_then(|h| {
                    let (row, col) = (loc.row?, loc.col?);
                    (row > h.row + 1).then(|| h.column(col.checked_sub(1)?))?
                }),
                _ => None,
            }
            .map(|c| c.1.as_str())
        };
        for &(fi, _, o) in group {
            let o2 = floor_char(&seg.text, o);
            let loc = locs.get(o2).map(|l| l.0).unwrap_or_else(Location::item);
            if let Some(h) = column_of(&loc) {
                let f = &mut findings[fi];
                if f.category != "aggregation" {
                    let label = match lang {
                        Lang::Zh => format!("（“{h}”列）"),
                        Lang::En => format!(" (column “{h}”)"),
                    };
                    f.message.push_str(&label);
                }
            }
            findings[fi].location = loc;
        }
    }

    let mut overflow: Vec<_> = per_rule
        .into_iter()
        .filter(|(_, n)| *n > policy.limits.max_findings_per_rule)
        .collect();
    overflow.sort_by(|a, b| a.0.cmp(&b.0));
    for ((rule, action, masked), n) in overflow {
        let rest = n - policy.limits.max_findings_per_rule;
        let (category, kind) = findings
            .iter()
            .find(|f| f.rule == rule.as_ref())
            .map(|f| (f.category.clone(), f.kind.clone()))
            .unwrap_or_else(|| ("personal_info".into(), rule.to_string()));
        findings.push(Finding {
            fingerprint: fingerprint(&fpk, &format!("{rule}.overflow"), &n.to_string()),
            rule: rule.to_string(),
            category,
            kind,
            action,
            location: Location::item(),
            excerpt: None,
            message: match lang {
                Lang::Zh => format!("同类发现另有 {rest} 处未逐条列出（共 {n} 处，均已计入判定）"),
                Lang::En => format!("{rest} more findings of this rule not listed one by one ({n} in all, all counted)"),
            },
            masked,
            layer: "visible".into(),
            exempt_reason: None,
        });
    }

    // masked identifiers counted on the fast path join the first finding of their kind
    for (i, k) in pending_row_names {
        masked_seen_fast[i].names = rec_names(&k);
    }
    for mut m in masked_seen_fast {
        if let Some((fi, n)) = masked_groups.get_mut(m.kind.as_str()) {
            *n += 1;
            m.finding = *fi as u32;
            masked_seen.push(m);
        }
    }
    for (fi, n) in masked_groups.values() {
        if *n > 1 {
            let f = &mut findings[*fi];
            f.message = match lang {
                Lang::Zh => format!("{}（本文件共 {n} 处，首处位置如下）", f.message),
                Lang::En => format!("{} ({n} occurrences in this item; first shown)", f.message),
            };
        }
    }

    // item aggregation: many distinct unmasked personal identifiers (数据汇聚)
    if let Some(pr) = &policy.aggregation.personal_records {
        let n = unmasked_personal.len();
        if n >= pr.threshold {
            let mut vals: Vec<&String> = unmasked_personal.iter().map(|(_, v)| v).collect();
            vals.sort_unstable();
            let joined: String = vals
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(",");
            findings.push(Finding {
                rule: "aggregation.personal_records".into(),
                category: "aggregation".into(),
                kind: "personal_records".into(),
                action: pr.action,
                location: Location::item(),
                excerpt: None,
                message: match lang {
                    Lang::Zh => format!("本文件含 {n} 个不同的未脱敏个人身份标识（阈值 {}），构成个人信息汇聚（数据汇聚）", pr.threshold),
                    Lang::En => format!("{n} distinct unmasked personal identifiers in one item (threshold {}): aggregation of personal records", pr.threshold),
                },
                masked: None,
                layer: "visible".into(),
                fingerprint: fingerprint(&fpk, "aggregation.personal_records", &crate::sha256_hex(joined.as_bytes())),
                exempt_reason: None,
            });
        }
    }

    // tracked changes reported by an extractor without hidden text (insertions only)
    if !findings.iter().any(|f| f.kind == "tracked_change") {
        if let Some(ne) = ex.not_examined.iter().find(|n| n.what == "tracked changes") {
            findings.push(Finding {
                rule: "hidden.tracked_change".into(),
                category: "hidden_content".into(),
                kind: "tracked_change".into(),
                action: policy.action_for("hidden_content", "tracked_change"),
                location: ne.location.clone(),
                excerpt: None,
                message: hidden_message("tracked_change", lang),
                masked: None,
                layer: "hidden".into(),
                fingerprint: fingerprint(&fpk, "hidden.tracked_change", "insertions"),
                exempt_reason: None,
            });
        }
    }

    // unreadable parts: fail closed
    for p in &ex.problems {
        findings.push(Finding {
            rule: format!("unreadable.{}", p.kind),
            category: "unreadable".into(),
            kind: p.kind.into(),
            action: policy.action_for("unreadable", p.kind),
            location: p.location.clone(),
            excerpt: None,
            message: unreadable_message(
                &Problem {
                    detail: guard_detail(&cfg.ids, &p.detail),
                    ..p.clone()
                },
                &format,
                lang,
            ),
            masked: None,
            layer: "visible".into(),
            fingerprint: fingerprint(&fpk, &format!("unreadable.{}", p.kind), &p.detail),
            exempt_reason: None,
        });
    }

    // 谁产生、谁负责
    if resp.source == "none" {
        findings.push(Finding {
            rule: "responsibility.unassigned".into(),
            category: "responsibility".into(),
            kind: "unassigned".into(),
            action: policy.action_for("responsibility", "unassigned"),
            location: Location::item(),
            excerpt: None,
            message: lang.pick("未指定责任单位和拟稿人（谁产生、谁负责）：请在责任清单中登记或用 --unit/--drafter 指定", "no producing unit or drafter known for this item").into(),
            masked: None,
            layer: "visible".into(),
            fingerprint: fingerprint(&fpk, "responsibility.unassigned", ""),
            exempt_reason: None,
        });
    }

    // a state-secret marked item: no part of it is copied into any output
    if findings
        .iter()
        .any(|f| f.category == "classification_marking" && f.kind == "state_secret")
    {
        for f in findings.iter_mut() {
            f.excerpt = None;
        }
    }

    findings.shrink_to_fit();
    // names and messages from the file (archive entries, parts, parser errors) never carry
    // an identifier into the report
    for f in findings.iter_mut() {
        guard_location(&cfg.ids, &mut f.location);
    }
    for n in ex.not_examined.iter_mut() {
        guard_location(&cfg.ids, &mut n.location);
        n.what = guard_text(&cfg.ids, &n.what);
        n.reason = guard_text(&cfg.ids, &n.reason);
    }
    let shown_path = mask_ids_in_path(&cfg.ids, display);
    let mut report = Report {
        schema: SCHEMA,
        item: ItemInfo {
            path: shown_path.clone(),
            format,
            bytes,
            sha256: sha,
            encoding: ex.encoding.clone(),
        },
        responsibility: resp,
        policy: PolicyRef {
            name: policy.name.clone(),
            version: policy.version.clone(),
        },
        verdict: Verdict::Pass,
        findings,
        not_examined: ex.not_examined,
        stats: Stats {
            chars,
            elapsed_ms: t0.elapsed().as_millis() as u64,
        },
    };
    report.recompute_verdict();
    ItemResult {
        report,
        masked: masked_seen,
    }
}

/// Batch-level rules over all items of one run.
fn batch_stage(cfg: &Config, results: &mut [ItemResult]) {
    // cross-item rules need two items (a single submission to the service has nothing to join)
    if results.len() < 2 {
        return;
    }
    let Some(action) = aggregate::cross_item_action(&cfg.policy) else {
        return;
    };
    // references, not a copy: a big batch has a million masked forms
    let tt = Instant::now();
    let refs: Vec<&MaskedSeen> = results.iter().flat_map(|r| r.masked.iter()).collect();
    if refs.len() < 2 {
        return;
    }
    let pairs = aggregate::cross_item_pairs(&refs, &cfg.policy);
    if std::env::var_os("BAOMI_TIMINGS").is_some() {
        eprintln!(
            "timing:   cross-item join {} ms over {} masked forms, {} pairs",
            tt.elapsed().as_millis(),
            refs.len(),
            pairs.len()
        );
    }
    // the few linked forms are copied out so the reports can be extended
    let mut seen: Vec<MaskedSeen> = Vec::with_capacity(pairs.len() * 2);
    let pairs: Vec<(usize, usize)> = pairs
        .into_iter()
        .map(|(i, j)| {
            seen.push(refs[i].clone());
            seen.push(refs[j].clone());
            (seen.len() - 2, seen.len() - 1)
        })
        .collect();
    drop(refs);
    // freeing hundreds of thousands of small values is pure overhead for the caller: do it
    // on another thread while the reports are written
    let masked: Vec<Vec<MaskedSeen>> = results
        .iter_mut()
        .map(|r| std::mem::take(&mut r.masked))
        .collect();
    if masked.iter().map(Vec::len).sum::<usize>() > 100_000 {
        std::thread::spawn(move || drop(masked));
    }
    // one finding per (item, other item), at most MAX_LISTED per item plus a count
    const MAX_LISTED: usize = 20;
    let mut per_item: HashMap<usize, Vec<(usize, usize)>> = HashMap::default();
    let mut linked: HashSet<(usize, usize)> = HashSet::default();
    for (i, j) in pairs {
        for (a, b) in [(i, j), (j, i)] {
            if linked.insert((seen[a].item as usize, seen[b].item as usize)) {
                per_item
                    .entry(seen[a].item as usize)
                    .or_default()
                    .push((a, b));
            }
        }
    }
    let mut items: Vec<usize> = per_item.keys().copied().collect();
    items.sort_unstable();
    for item in items {
        let links = &per_item[&item];
        let secret = results[item]
            .report
            .findings
            .iter()
            .any(|f| f.kind == "state_secret");
        for &(a, b) in links.iter().take(MAX_LISTED) {
            let (sa, sb) = (&seen[a], &seen[b]);
            let other = results[sb.item as usize].report.item.path.clone();
            let rep = &mut results[item].report;
            let (loc, layer) = rep
                .findings
                .get(sa.finding as usize)
                .map(|f| (f.location.clone(), f.layer.clone()))
                .unwrap_or((Location::item(), "visible".into()));
            let kind_zh = match sa.kind {
                IdKind::ResidentId => "身份证号",
                IdKind::Mobile => "手机号",
                IdKind::BankCard => "银行卡号",
                _ => "标识",
            };
            let msg = match cfg.lang {
                Lang::Zh => format!("与本次审查的「{other}」中同一{kind_zh}的脱敏位置不同，两份合并可还原更多位数（跨文件拼合）"),
                Lang::En => format!("the same identifier is masked differently in \"{other}\"; together they reveal more digits"),
            };
            let mut pair = [sa.value.clone(), sb.value.clone()];
            pair.sort();
            let fp_val = crate::sha256_hex(pair.join("|").as_bytes());
            let excerpt = (!secret).then(|| identifiers::mask_for_display(sa.kind, &sa.value));
            let fp = fingerprint(
                &rep.item.sha256,
                "aggregation.cross_item_reconstruction",
                &fp_val,
            );
            rep.findings.push(Finding {
                rule: "aggregation.cross_item_reconstruction".into(),
                category: "aggregation".into(),
                kind: "cross_item_reconstruction".into(),
                action,
                location: loc,
                excerpt,
                message: msg,
                masked: None,
                layer,
                fingerprint: fp,
                exempt_reason: None,
            });
        }
        if links.len() > MAX_LISTED {
            let rest = links.len() - MAX_LISTED;
            let rep = &mut results[item].report;
            let fp = fingerprint(
                &rep.item.sha256,
                "aggregation.cross_item_reconstruction.more",
                &links.len().to_string(),
            );
            rep.findings.push(Finding {
                rule: "aggregation.cross_item_reconstruction".into(),
                category: "aggregation".into(),
                kind: "cross_item_reconstruction".into(),
                action,
                location: Location::item(),
                excerpt: None,
                message: match cfg.lang {
                    Lang::Zh => format!("另与本次审查的 {rest} 个文件存在同类跨文件拼合风险（未逐条列出）"),
                    Lang::En => format!("{rest} more items of this scan mask the same identifiers differently (not listed)"),
                },
                masked: None,
                layer: "visible".into(),
                fingerprint: fp,
                exempt_reason: None,
            });
        }
        results[item].report.recompute_verdict();
    }
}

/// What `baomi hash` computes for an `[[allow.identifiers]]` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AllowHash {
    /// One identifier recognized: the sha256 of the value the scanner compares
    /// (`IdMatch::value`), so the entry matches whatever separators or case a draft uses.
    Identifier {
        kind: IdKind,
        label_zh: &'static str,
        label_en: &'static str,
        sha256: String,
    },
    /// No identifier recognized on its own (e.g. a passport number, which the scanner finds
    /// only next to a context word or under a 护照号码 column): the sha256 of the plain
    /// canonical form (letters and digits, uppercase; email `@` and `.` kept).
    Unrecognized { sha256: String },
    /// More than one identifier in the input: an entry is for one value.
    Several(usize),
}

/// The allow-list hash of one identifier as typed by an officer: normalized and recognized
/// exactly as in a scan, so that `+86 138-1234-5678`, `Foo@Example.COM` or `京A·12345`
/// hash to what the scanner compares (and a plain canonical form could not: it kept neither an
/// email's lowercase nor a plate's province character).
pub fn allow_hash(ids: &IdRecognizer, input: &str) -> AllowHash {
    let norm = normalize(input.trim());
    let found: Vec<_> = ids
        .find(&norm.text)
        .into_iter()
        .filter(|m| m.mask == Mask::None)
        .collect();
    match found.as_slice() {
        [m] => {
            let (label_zh, label_en) = id_label(m.kind);
            AllowHash::Identifier {
                kind: m.kind,
                label_zh,
                label_en,
                sha256: crate::sha256_hex(m.value.as_bytes()),
            }
        }
        [] => {
            let canon: String = norm
                .text
                .chars()
                .filter(|c| c.is_ascii_alphanumeric() || *c == '@' || *c == '.')
                .map(|c| c.to_ascii_uppercase())
                .collect();
            AllowHash::Unrecognized {
                sha256: crate::sha256_hex(canon.as_bytes()),
            }
        }
        more => AllowHash::Several(more.len()),
    }
}

pub(crate) fn id_kind_of(s: &str) -> Option<IdKind> {
    ALL_ID_KINDS.into_iter().find(|k| k.as_str() == s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn person_names() {
        for (t, want) in [
            ("1\t王芳\t330106********123X\t城市低保\t", true),
            ("欧阳娜娜,低保", true),
            ("1\t张*\t330106********123X\t城市低保\t", false),
            ("城市低保\t农村特困", false),
            // row labels of a statistics table that a surname starts
            ("全年合计 1143408738 98.21", false),
            ("全市\t同比增长", false),
            ("全建国\t合计", true),
            ("", false),
        ] {
            assert_eq!(has_person_name(t), want, "{t}");
        }
    }

    #[test]
    fn name_hashes_are_han_runs_of_two_to_four() {
        let h = |xs: &[&str]| xs.iter().map(|x| name_hash(x)).collect::<Vec<_>>();
        let cases: &[(&str, Vec<u64>)] = &[
            ("张三,330106********123X,李四四", h(&["张三", "李四四"])),
            ("王,欧阳娜娜娜,诸葛亮", h(&["诸葛亮"])),
            ("abc张三", h(&["张三"])),
            ("张三丰", h(&["张三丰"])),
            ("", vec![]),
            ("12345", vec![]),
            // at most eight
            (
                "甲乙 丙丁 戊己 庚辛 壬癸 子丑 寅卯 辰巳 午未",
                h(&[
                    "甲乙", "丙丁", "戊己", "庚辛", "壬癸", "子丑", "寅卯", "辰巳",
                ]),
            ),
        ];
        for (t, want) in cases {
            assert_eq!(&*name_hashes(t), want.as_slice(), "{t}");
        }
    }

    /// `allow_hash` of a typed value exempts exactly the findings of that identifier in a
    /// scan, whatever form the draft writes it in; near misses stay findings.
    #[test]
    fn allow_hash_matches_what_the_scanner_compares() {
        // (typed by the officer, text of the draft, exempt?)
        let cases: &[(&str, &str, bool)] = &[
            ("13800138000", "咨询电话：13800138000。", true),
            ("+86 138-0013-8000", "咨询电话：13800138000。", true),
            ("13800138000", "咨询电话：+86 138 0013 8000。", true),
            ("１３８００１３８０００", "咨询电话：138-0013-8000。", true),
            ("0571-87654321", "服务电话：0571 8765 4321。", true),
            ("Service@Example.COM", "邮箱：service@example.com。", true),
            ("service@example.com", "邮箱：SERVICE@EXAMPLE.COM。", true),
            ("11010519491231002x", "身份证号：11010519491231002X。", true),
            ("浙A·12345", "车牌：浙A12345。", true),
            (
                "6222 0212 3456 7890 128",
                "银行卡号：6222021234567890128。",
                true,
            ),
            // near misses: a different number is not exempt
            ("13800138000", "咨询电话：13800138001。", false),
            ("service@example.com", "邮箱：service@example.org。", false),
            ("浙A·12345", "车牌：沪A12345。", false),
        ];
        let cfg = Config::new(
            Policy::builtin(),
            crate::detect::dictionary::Dictionary::load(&[]).unwrap(),
        );
        for &(typed, draft, exempt) in cases {
            let AllowHash::Identifier { sha256, .. } = allow_hash(&cfg.ids, typed) else {
                if exempt {
                    panic!("{typed}: not recognized: {:?}", allow_hash(&cfg.ids, typed));
                }
                continue;
            };
            let mut policy = Policy::builtin();
            policy
                .allow
                .identifiers
                .push(crate::policy::AllowIdentifier {
                    sha256,
                    reason: "公开电话".into(),
                });
            let cfg = Config::new(
                policy,
                crate::detect::dictionary::Dictionary::load(&[]).unwrap(),
            );
            let rep = scan_bytes(&cfg, "通知.txt", draft.as_bytes(), None);
            let ids: Vec<_> = rep
                .findings
                .iter()
                .filter(|f| f.category == "personal_info")
                .collect();
            assert_eq!(ids.len(), 1, "{typed} / {draft}: {ids:?}");
            assert_eq!(
                ids[0].exempt_reason.is_some(),
                exempt,
                "{typed} / {draft}: {:?}",
                ids[0]
            );
        }
        // not an identifier on its own, several identifiers
        assert!(matches!(
            allow_hash(&cfg.ids, "E12345678"),
            AllowHash::Unrecognized { .. }
        ));
        assert_eq!(
            allow_hash(&cfg.ids, "13800138000 13912345678"),
            AllowHash::Several(2)
        );
    }

    fn scan_text(text: &str) -> Report {
        let cfg = Config::new(
            Policy::builtin(),
            crate::detect::dictionary::Dictionary::load(&[]).unwrap(),
        );
        scan_bytes(&cfg, "名单.txt", text.as_bytes(), None)
    }

    /// Every identifier in an excerpt is masked, whatever its shape: plates, IP addresses and
    /// coordinates next to the finding the excerpt is for are not repeated either.
    #[test]
    fn excerpts_mask_every_identifier() {
        // (draft, raw values that must not appear in any excerpt)
        let cases: &[(&str, &[&str])] = &[
            (
                "张三 车牌浙A12345 电话13800138000",
                &["浙A12345", "A12345", "13800138000"],
            ),
            (
                "服务器192.168.10.25 管理员手机13912345678",
                &["192.168.10.25", "13912345678"],
            ),
            (
                "坐标116.397128,39.916527 联系人13800138000 护照E12345678",
                &["116.397128", "39.916527", "13800138000", "E12345678"],
            ),
        ];
        for &(draft, secrets) in cases {
            let rep = scan_text(draft);
            assert!(!rep.findings.is_empty(), "{draft}");
            for f in &rep.findings {
                let Some(x) = &f.excerpt else { continue };
                for sec in secrets {
                    assert!(!x.contains(sec), "{draft}: excerpt {x:?} repeats {sec}");
                }
            }
        }
        assert_eq!(excerpt_mask("浙A12345"), "浙A****5");
        assert_eq!(excerpt_mask("192.168.10.25"), "19*.***.**.25");
    }

    /// Identifiers split by Unicode dashes or written with the 00 access code are found in a
    /// scan, and their excerpts are masked.
    #[test]
    fn dash_and_access_code_evasions() {
        for draft in [
            "联系电话：138\u{2010}0013\u{2010}8000",
            "联系电话：138\u{2013}0013\u{2013}8000",
            "联系电话：138\u{2212}0013\u{2212}8000",
            "联系电话：008613800138000",
        ] {
            let rep = scan_text(draft);
            let m: Vec<_> = rep
                .findings
                .iter()
                .filter(|f| f.kind == "cn_mobile")
                .collect();
            assert_eq!(m.len(), 1, "{draft}: {:?}", rep.findings);
            assert!(!m[0].excerpt.as_deref().unwrap_or("").contains("0013"));
        }
    }

    #[test]
    fn guard_masks_long_digit_runs() {
        let cases = [
            ("电话13800138000。", "电话138******00。"),
            ("号 330106 19900101 123X 止", "号 330*** ******** **3X 止"),
            ("2023年7月10日", "2023年7月10日"),
            ("330106********123X", "330106********123X"),
            ("金额1234567.89元", "金额123**67.89元"),
        ];
        for (i, o) in cases {
            assert_eq!(guard_digits(i), o, "{i}");
        }
    }
}
