//! Every input the fuzzers found (fuzz/regressions/<target>/) is replayed through the real
//! binary: it must end in a report that is not `pass`, the run must exit normally, and the
//! normalization reproducer must keep its offset map monotonic (docs/robustness.md).

mod common;

use common::*;
use std::path::Path;

#[test]
fn fuzz_findings_end_in_a_review() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions");
    let d = tempfile::tempdir().unwrap();
    let mut names = Vec::new();
    for target in ["sheet", "pdf"] {
        for e in std::fs::read_dir(root.join(target)).unwrap() {
            let p = e.unwrap().path();
            let name = format!("{target}__{}", p.file_name().unwrap().to_string_lossy());
            std::fs::copy(&p, d.path().join(&name)).unwrap();
            names.push(name);
        }
    }
    assert!(names.len() >= 6, "{names:?}");
    let (run, v) = scan_json(d.path(), &["--unit", "办公室", "--drafter", "张三", "."]);
    assert!(
        matches!(run.code, 1 | 2),
        "exit {}: {}",
        run.code,
        run.stderr
    );
    for n in &names {
        let r = report(&v, n);
        assert_ne!(verdict(r), "pass", "{n}: {}", brief(r));
        assert!(
            findings(r).iter().any(|f| f["category"] == "unreadable"),
            "{n}: {}",
            brief(r)
        );
    }
}

#[test]
fn normalize_reproducer_maps_to_char_starts() {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/regressions/normalize/offset-map-nfkc-expansion.txt");
    let orig = String::from_utf8_lossy(&std::fs::read(p).unwrap()).into_owned();
    let n = baomi::normalize::normalize(&orig);
    let mut last = 0;
    for (k, _) in n.text.char_indices() {
        let o = n.orig(k);
        assert!(orig.is_char_boundary(o) && o >= last, "orig({k}) = {o}");
        last = o;
    }
}
