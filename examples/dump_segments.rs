//! Prints what the extractors read from a file: one line per segment with its layer, zone and
//! (escaped) text. A debugging aid for extractor work; never used by `baomi scan`, and it
//! prints the raw text, identifiers included, so keep its output off shared logs.
//!
//!     cargo run --release --example dump_segments -- FILE

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: dump_segments FILE");
        return;
    };
    let bytes = std::fs::read(&path).expect("read");
    let cfg = baomi::scan::Config::new(
        baomi::policy::Policy::builtin(),
        baomi::detect::dictionary::Dictionary::load(&[]).expect("dictionary"),
    );
    let ex = baomi::scan::extract_item(&cfg, &path, bytes);
    for s in &ex.segments {
        println!("{:?}\t{:?}\t{:?}", s.layer, s.zone, s.text);
    }
    for p in &ex.problems {
        println!("problem\t{}\t{}", p.kind, p.detail);
    }
}
