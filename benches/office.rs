//! Stage times of the office part of the pipeline (a bench binary, not a timed test). Usage:
//!
//!     cargo bench --bench office -- DIR [DICT] [RUNS]
//!
//! DIR is walked for files (e.g. the xlsx/ or docx/ part of a corpus made by
//! `gen_bench_corpus.py`); DICT is an extra word list. Single thread, in process (no worker
//! processes), all files read into memory first. Stages: extraction only (the readers), and
//! the whole scan of each item (extraction + detection + report), RUNS times (default 3);
//! medians and best are printed, with the detection share as the difference.

use baomi::detect::dictionary::Dictionary;
use baomi::policy::Policy;
use baomi::scan::{scan_items, Config};
use std::path::PathBuf;

mod common;

fn stage(name: &str, mb: f64, runs: usize, f: impl FnMut() -> usize) -> f64 {
    let (med, best, sink) = common::time_runs(runs, f);
    println!(
        "{name:<34} median {med:>7.3} s  best {best:>7.3} s  ({:>6.1} MB/s of files; checksum {sink})",
        mb / med,
    );
    med
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let Some(dir) = args.first() else {
        eprintln!("usage: cargo bench --bench office -- DIR [DICT] [RUNS]");
        return;
    };
    let extra: Vec<PathBuf> = args.get(1).map(PathBuf::from).into_iter().collect();
    let runs: usize = args.get(2).and_then(|r| r.parse().ok()).unwrap_or(3);
    let items = baomi::scan::walk(&[PathBuf::from(dir)]).expect("walk");
    let files: Vec<(PathBuf, Vec<u8>)> = items
        .iter()
        .filter_map(|p| Some((p.clone(), std::fs::read(p).ok()?)))
        .collect();
    let mb = files.iter().map(|f| f.1.len()).sum::<usize>() as f64 / 1e6;
    println!(
        "{} files, {mb:.1} MB, {runs} runs per stage, single thread, in process",
        files.len()
    );
    let mut cfg = Config::new(
        Policy::builtin(),
        Dictionary::load(&extra).expect("dictionary"),
    );
    cfg.unit = Some("bench".into());
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("pool");
    let ext = stage("extraction", mb, runs, || {
        files
            .iter()
            .map(|(p, b)| {
                let name = p.to_string_lossy();
                baomi::scan::extract_item(&cfg, &name, b.clone())
                    .segments
                    .len()
            })
            .sum()
    });
    let all = stage("extraction + detection + report", mb, runs, || {
        pool.install(|| {
            scan_items(&cfg, &items, &|| {})
                .iter()
                .map(|r| r.findings.len())
                .sum()
        })
    });
    println!("detection + report (difference)     {:>7.3} s", all - ext);
}
