//! Stage-by-stage throughput of the scan pipeline on a corpus folder (a bench binary, not a
//! timed test). Usage:
//!
//!     cargo bench --bench pipeline -- DIR [DICT] [RUNS]
//!
//! DIR is walked for files (e.g. the txt/ and csv/ parts of a corpus made by
//! `gen_bench_corpus.py`); DICT is an extra word list (10,000 terms). Every stage runs over all
//! files in memory, single-threaded, RUNS times (default 5); the median and best MB/s are printed.

use baomi::detect::dictionary::Dictionary;
use baomi::detect::identifiers::IdRecognizer;
use baomi::detect::marking::MarkingRecognizer;
use baomi::extract::Zone;
use baomi::normalize::normalize;
use baomi::policy::Policy;
use baomi::scan::{scan_items, Config};
use std::path::PathBuf;
use std::time::Instant;

// the same allocator as the binary, so stage times and profiles match `baomi scan`
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod common;

fn stage(name: &str, mb: f64, runs: usize, f: impl FnMut() -> usize) {
    let (median, best, sink) = common::time_runs(runs, f);
    println!(
        "{name:<28} median {:>8.1} MB/s   best {:>8.1} MB/s   ({median:.3} s median; checksum {sink})",
        mb / median,
        mb / best,
    );
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let Some(dir) = args.first() else {
        eprintln!("usage: cargo bench --bench pipeline -- DIR [DICT] [RUNS]");
        return;
    };
    let dict_path = args.get(1).map(PathBuf::from);
    let runs: usize = args.get(2).and_then(|r| r.parse().ok()).unwrap_or(5);
    let items = baomi::scan::walk(&[PathBuf::from(dir)]).expect("walk");
    let texts: Vec<String> = items
        .iter()
        .filter_map(|p| std::fs::read(p).ok())
        .map(|b| baomi::item::decode_text_owned(b).text)
        .collect();
    let bytes: usize = texts.iter().map(|t| t.len()).sum();
    let mb = bytes as f64 / 1e6;
    println!(
        "{} files, {:.1} MB, {} runs per stage, single thread",
        texts.len(),
        mb,
        runs
    );
    let extra: Vec<PathBuf> = dict_path.clone().into_iter().collect();
    let t = Instant::now();
    let dict = Dictionary::load(&extra).expect("dictionary");
    println!(
        "dictionary build: {} entries in {:.1} ms",
        dict.entries.len(),
        t.elapsed().as_secs_f64() * 1e3
    );
    let ids = IdRecognizer::new();
    let marks = MarkingRecognizer::new();
    let norms: Vec<String> = texts.iter().map(|t| normalize(t).text).collect();

    stage("sha256", mb, runs, || {
        texts
            .iter()
            .map(|t| baomi::sha256_hex(t.as_bytes()).len())
            .sum()
    });
    stage("utf-8 validation", mb, runs, || {
        texts
            .iter()
            .map(|t| {
                std::str::from_utf8(t.as_bytes())
                    .map(|s| s.len())
                    .unwrap_or(0)
            })
            .sum()
    });
    stage("normalize", mb, runs, || {
        texts.iter().map(|t| normalize(t).text.len()).sum()
    });
    stage("identifiers", mb, runs, || {
        norms.iter().map(|t| ids.find(t).len()).sum()
    });
    stage("dictionary (daachorse)", mb, runs, || {
        norms
            .iter()
            .map(|t| dict.find(t, Zone::Body, "").len())
            .sum()
    });
    stage("markings", mb, runs, || {
        norms.iter().map(|t| marks.find(t, Zone::Body).len()).sum()
    });

    // the whole pipeline from files, as the CLI runs it, at 1 and 2 threads
    for threads in [1, 2] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("pool");
        let mut cfg = Config::new(
            Policy::builtin(),
            Dictionary::load(&extra).expect("dictionary"),
        );
        cfg.unit = Some("bench".into());
        stage(
            &format!("full scan, {threads} thread(s)"),
            mb,
            runs.min(3),
            || {
                pool.install(|| {
                    scan_items(&cfg, &items, &|| {})
                        .iter()
                        .map(|r| r.findings.len())
                        .sum()
                })
            },
        );
    }
}
