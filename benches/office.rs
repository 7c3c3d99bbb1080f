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

// the same allocator as the binary, so stage times and profiles match `baomi scan`
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
    // The floor under the parsers the issue prescribes: calamine's streaming cell reader over
    // every sheet of every xlsx (values only touched, nothing converted or kept), and for docx
    // the zip member inflated and walked by quick-xml's event reader. Nothing of baomi runs.
    stage("floor: calamine cells / quick-xml", mb, runs, || {
        files.iter().map(|(p, b)| parser_floor(p, b)).sum()
    });
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

/// Bytes of cell or text content the prescribed parser yields for one file (xlsx: calamine
/// `worksheet_cells_reader` over every sheet; docx: `word/document.xml` through quick-xml).
fn parser_floor(path: &std::path::Path, bytes: &[u8]) -> usize {
    use calamine::{DataRef, Reader};
    use std::io::{Cursor, Read};
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let mut n = 0usize;
    match ext.as_str() {
        "xlsx" | "xlsm" => {
            let Ok(mut wb) = calamine::Xlsx::new(Cursor::new(bytes)) else {
                return 0;
            };
            for name in wb.sheet_names() {
                let Ok(mut r) = wb.worksheet_cells_reader(&name) else {
                    continue;
                };
                while let Ok(Some(c)) = r.next_cell() {
                    n += match c.get_value() {
                        DataRef::String(s) => s.len(),
                        DataRef::SharedString(s) => s.len(),
                        DataRef::Float(_) | DataRef::Int(_) => 8,
                        _ => 1,
                    };
                }
            }
        }
        "docx" => {
            let Ok(mut z) = zip::ZipArchive::new(Cursor::new(bytes)) else {
                return 0;
            };
            let mut xml = Vec::new();
            if let Ok(mut f) = z.by_name("word/document.xml") {
                let _ = f.read_to_end(&mut xml);
            }
            let mut rd = quick_xml::Reader::from_reader(xml.as_slice());
            loop {
                match rd.read_event() {
                    Ok(quick_xml::events::Event::Text(t)) => n += t.len(),
                    Ok(quick_xml::events::Event::Eof) | Err(_) => break,
                    Ok(_) => n += 1,
                }
            }
        }
        _ => {}
    }
    n
}
