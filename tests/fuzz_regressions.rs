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

/// F7 (docx, 2026-11-27): every alt text of a paragraph was checked against the paragraph's
/// earlier ones by a linear search, so a paragraph anchoring N pictures with distinct alt texts
/// cost O(N²): 80,000 pictures (a 450 KB file) did not finish in 120 s in the fuzz build (20,000:
/// 19.5 s; 1.8 s and 0.5 s with the fix). The input is generated here
/// (a pattern, not a fuzzer's bytes): 150,000 `wp:docPr` elements in one paragraph whose
/// `descr` values differ only after a long common prefix (as file names in one folder do), so
/// each comparison of the linear search is costly. With the linear search this test takes
/// over a minute in a debug build (10 s at 60,000); without it, a few seconds.
#[test]
fn docx_many_alt_texts_in_one_paragraph_stay_linear() {
    use std::io::Write;
    const N: usize = 150_000;
    let prefix = "D:/内部/照片/".repeat(6);
    let mut doc = String::from(
        r#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"><w:body><w:p>"#,
    );
    for i in 0..N {
        doc.push_str(&format!(r#"<wp:docPr id="{i}" descr="{prefix}{i}"/>"#));
    }
    // a repeated alt text is reported once
    doc.push_str(&format!(
        r#"<wp:docPr descr="{prefix}7"/></w:p></w:body></w:document>"#
    ));
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    w.start_file(
        "word/document.xml",
        zip::write::SimpleFileOptions::default(),
    )
    .unwrap();
    w.write_all(doc.as_bytes()).unwrap();
    let bytes = w.finish().unwrap().into_inner();

    let t0 = std::time::Instant::now();
    let ex = baomi::extract::docx::extract_docx(&bytes, &baomi::extract::Limits::default());
    let took = t0.elapsed();
    let alts = ex
        .segments
        .iter()
        .filter(|s| s.text.starts_with(&prefix))
        .count();
    assert_eq!(alts, N, "one alt-text segment per distinct alt text");
    // generous for a loaded machine and a debug build; the quadratic search took minutes
    assert!(took.as_secs() < 30, "{N} alt texts took {took:?}");
}
