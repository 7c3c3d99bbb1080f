//! Shared setup of the fuzz targets: one default configuration built once per process, and
//! checks every extractor's output must pass whatever the input.

use baomi::detect::dictionary::Dictionary;
use baomi::extract::{Anchor, Extracted};
use baomi::policy::Policy;
use baomi::scan::Config;
use std::sync::LazyLock;

/// The default configuration (built-in policy and dictionaries), as `baomi scan` uses it.
pub static CFG: LazyLock<Config> = LazyLock::new(|| {
    Config::new(
        Policy::builtin(),
        Dictionary::load(&[]).expect("built-in dictionaries load"),
    )
});

/// Forces the configuration (and the normalizer's T→S table) before the first input, so the
/// one-time set-up is not charged to whichever input happens to come first.
///
/// By default (libfuzzer-sys) every panic aborts, even one that baomi catches itself (the PDF
/// reader wraps each call into pdf_oxide in `catch_unwind`). With
/// `BAOMI_FUZZ_CAUGHT_PANICS=ignore` only panics that escape the extractor are findings: a
/// panic caught inside baomi is recorded silently and fuzzing goes on.
pub fn init() {
    LazyLock::force(&CFG);
    let _ = baomi::normalize::normalize("機密");
    if *LENIENT {
        std::panic::set_hook(Box::new(|info| {
            // the backtrace only when RUST_BACKTRACE asks for it (a caught panic stays cheap)
            let msg = format!("{info}\n{}", std::backtrace::Backtrace::capture());
            LAST_PANIC.with(|p| *p.borrow_mut() = msg);
        }));
    }
}

static LENIENT: LazyLock<bool> =
    LazyLock::new(|| std::env::var("BAOMI_FUZZ_CAUGHT_PANICS").is_ok_and(|v| v == "ignore"));

thread_local! {
    static LAST_PANIC: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}

/// Runs `f`; in the lenient mode a panic escaping it is printed and aborts the process (a
/// finding), as libfuzzer-sys does in the default mode.
pub fn guard<R>(f: impl FnOnce() -> R) -> R {
    if !*LENIENT {
        return f();
    }
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)) {
        Ok(r) => r,
        Err(_) => {
            LAST_PANIC.with(|p| eprintln!("panic escaped the extractor: {}", p.borrow()));
            std::process::abort();
        }
    }
}

/// Invariants of any extractor result the scan stage relies on.
pub fn check_extracted(ex: &Extracted) {
    for seg in &ex.segments {
        // the title area is a prefix of the text
        assert!(
            seg.title_len <= seg.text.len() && seg.text.is_char_boundary(seg.title_len),
            "title_len {} is not a char boundary of a {}-byte segment",
            seg.title_len,
            seg.text.len()
        );
        if let Anchor::TextMap(map) = &seg.anchor {
            // breakpoints are offsets into the text, sorted (the scan stage searches them with
            // partition_point)
            assert!(
                map.windows(2).all(|w| w[0].0 <= w[1].0),
                "TextMap breakpoints not sorted"
            );
            assert!(
                map.iter().all(|b| b.0 <= seg.text.len()),
                "TextMap breakpoint beyond the segment text"
            );
        }
    }
}

/// `BAOMI_FUZZ_DUMP=1 fuzz/target/…/TARGET FILE` prints what the extractor made of FILE
/// (segment count, first texts, problems): for checking seeds and reproducers.
static DUMP: LazyLock<bool> = LazyLock::new(|| std::env::var_os("BAOMI_FUZZ_DUMP").is_some());

/// Runs one extractor without the per-item panic guard; a panic reaches libFuzzer.
pub fn run_format(fmt: &str, data: &[u8]) -> Extracted {
    let ex = guard(|| baomi::scan::extract_format(&CFG, fmt, data.to_vec()));
    check_extracted(&ex);
    if *DUMP {
        dump(fmt, &ex);
    }
    ex
}

fn dump(fmt: &str, ex: &Extracted) {
    eprintln!(
        "[{fmt}] {} segments, {} not examined, {} problems",
        ex.segments.len(),
        ex.not_examined.len(),
        ex.problems.len()
    );
    for s in ex.segments.iter().take(12) {
        let t: String = s.text.chars().take(60).collect();
        eprintln!("  {:?} {:?} {t:?}", s.layer, s.zone);
    }
    for p in &ex.problems {
        eprintln!("  problem {}: {}", p.kind, p.detail);
    }
    for n in &ex.not_examined {
        eprintln!("  not examined: {}", n.what);
    }
}

// ---------------------------------------------------------------------------------------------
// Parts mode: XML-level fuzzing of the zip-based formats
//
// A mutated byte inside a zip entry almost always breaks its CRC or its deflate stream, so the
// zip layer rejects it and the XML parsers behind it are barely reached. Inputs of the docx,
// sheet and ofd targets that do not start with `PK` are therefore read as package parts
// separated by NUL bytes (XML never contains NUL): the i-th piece becomes the i-th name of the
// format's list below, stored uncompressed in a fresh zip; an empty piece leaves the part out.
// The seeds hold both real packages and these part lists (scripts/fuzz-seeds.sh, kept in sync
// with the lists here).

/// Part names of a Word document, in the order of the pieces.
pub const DOCX_PARTS: &[&str] = &[
    "word/document.xml",
    "_rels/.rels",
    "word/header1.xml",
    "word/footer1.xml",
    "word/comments.xml",
    "word/footnotes.xml",
    "word/endnotes.xml",
    "docProps/core.xml",
    "docProps/app.xml",
    "docProps/custom.xml",
    "word/_rels/document.xml.rels",
    "word/_rels/settings.xml.rels",
    "[Content_Types].xml",
    // the layers added later (styles, docVars, customXml, charts, SmartArt, altChunks):
    // appended, so older seeds and corpora keep their meaning
    "word/styles.xml",
    "word/settings.xml",
    "customXml/item1.xml",
    "word/charts/chart1.xml",
    "word/diagrams/data1.xml",
    "word/afchunk1.htm",
    "word/charts/_rels/chart1.xml.rels",
];

/// Part names of an Excel workbook, in the order of the pieces.
pub const XLSX_PARTS: &[&str] = &[
    "xl/workbook.xml",
    "xl/_rels/workbook.xml.rels",
    "xl/worksheets/sheet1.xml",
    "xl/sharedStrings.xml",
    "xl/worksheets/sheet2.xml",
    "xl/worksheets/_rels/sheet1.xml.rels",
    "xl/comments1.xml",
    "xl/styles.xml",
    "docProps/core.xml",
    "docProps/app.xml",
    "_rels/.rels",
    "[Content_Types].xml",
    // drawings, charts, pivot caches (appended, so older seeds and corpora keep their meaning)
    "xl/drawings/drawing1.xml",
    "xl/drawings/_rels/drawing1.xml.rels",
    "xl/charts/chart1.xml",
    "xl/pivotCache/pivotCacheDefinition1.xml",
    "xl/pivotCache/_rels/pivotCacheDefinition1.xml.rels",
    "xl/pivotCache/pivotCacheRecords1.xml",
    "xl/charts/_rels/chart1.xml.rels",
    "xl/drawings/drawing2.xml",
];

/// Part names of an OpenDocument spreadsheet, in the order of the pieces.
pub const ODS_PARTS: &[&str] = &[
    "mimetype",
    "content.xml",
    "meta.xml",
    "META-INF/manifest.xml",
    "styles.xml",
];

/// Part names of an OFD package, in the order of the pieces.
pub const OFD_PARTS: &[&str] = &[
    "OFD.xml",
    "Doc_0/Document.xml",
    "Doc_0/Pages/Page_0/Content.xml",
    "Doc_0/Pages/Page_1/Content.xml",
    "Doc_0/Tpls/Tpl_0/Content.xml",
    "Doc_0/Annots/Annotations.xml",
    "Doc_0/Annots/Page_1/Annotation.xml",
    "Doc_0/Attachs/Attachments.xml",
    "Doc_0/Attachs/file1.txt",
    "Doc_0/Signs/Signatures.xml",
    "Doc_0/DocumentRes.xml",
    "Doc_0/PublicRes.xml",
];

/// Entry names of an archive of text-like items, in the order of the pieces.
pub const ZIP_PARTS: &[&str] = &[
    "关于某事项的通知.txt",
    "附件/名单.csv",
    "页面.html",
    "说明.md",
    "附件/深层/其他.txt",
];

/// A stored (uncompressed) zip of the NUL-separated pieces of `data` under `names`.
pub fn zip_from_parts(names: &[&str], data: &[u8]) -> Vec<u8> {
    use std::io::Write;
    use zip::write::SimpleFileOptions;
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::with_capacity(data.len() + 1024)));
    let opts = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, piece) in names.iter().zip(data.split(|&b| b == 0)) {
        if piece.is_empty() {
            continue;
        }
        if w.start_file(*name, opts).is_err() || w.write_all(piece).is_err() {
            break;
        }
    }
    w.finish().map(|c| c.into_inner()).unwrap_or_default()
}

/// The input itself when it is a zip, else the package built from its parts.
pub fn package(names: &[&str], data: &[u8]) -> Vec<u8> {
    if data.starts_with(b"PK") {
        data.to_vec()
    } else {
        zip_from_parts(names, data)
    }
}
