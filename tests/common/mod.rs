//! Shared helpers for the CLI integration tests: running the binary, generating valid (made-up)
//! identifiers, and checking that no output echoes a planted identifier.
#![allow(dead_code)]

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub const BIN: &str = env!("CARGO_BIN_EXE_baomi");

// ---------------------------------------------------------------------------------------------
// identifiers (all made up; valid province codes, real dates, valid check digits)

const GB11643_WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const GB11643_CHECK: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

/// GB 11643 check character for the first 17 digits.
pub fn id_check_char(first17: &str) -> char {
    assert_eq!(first17.len(), 17, "{first17}");
    let s: u32 = first17
        .chars()
        .zip(GB11643_WEIGHTS)
        .map(|(c, w)| c.to_digit(10).expect("digit") * w)
        .sum();
    GB11643_CHECK[(s % 11) as usize]
}

/// An 18-character resident ID with a valid check character.
/// `area` is 6 digits (e.g. "330106"), `birth` is yyyymmdd (a real date), `seq` 0..=999.
pub fn resident_id(area: &str, birth: &str, seq: u32) -> String {
    assert_eq!(area.len(), 6);
    assert_eq!(birth.len(), 8);
    assert!(seq < 1000);
    let first17 = format!("{area}{birth}{seq:03}");
    format!("{first17}{}", id_check_char(&first17))
}

/// Same, but with a deliberately wrong check character.
pub fn resident_id_bad_check(area: &str, birth: &str, seq: u32) -> String {
    let good = resident_id(area, birth, seq);
    let c = good.chars().last().unwrap();
    let wrong = if c == '0' { '1' } else { '0' };
    format!("{}{}", &good[..17], wrong)
}

/// `n` distinct valid resident IDs from a mix of provinces (Zhejiang 33, Guangdong 44, Beijing 11)
/// with real birth dates.
pub fn resident_ids(n: usize) -> Vec<String> {
    let areas = ["330106", "440305", "110105", "330102", "440106"];
    let births = [
        "19900101", "19851230", "19760229", "20010715", "19680831", "19991111",
    ];
    (0..n)
        .map(|i| {
            resident_id(
                areas[i % areas.len()],
                births[(i / areas.len()) % births.len()],
                100 + i as u32,
            )
        })
        .collect()
}

/// Properly masked form: first 6 and last 4 visible, birth date hidden.
pub fn mask_id(id: &str) -> String {
    format!("{}********{}", &id[..6], &id[14..])
}

/// `n` distinct mobile numbers (138/139/150/186… prefixes).
pub fn mobiles(n: usize) -> Vec<String> {
    let prefixes = ["138", "139", "150", "186", "177", "159"];
    (0..n)
        .map(|i| {
            format!(
                "{}{:04}{:04}",
                prefixes[i % prefixes.len()],
                1000 + i * 37,
                2000 + i * 53
            )
        })
        .collect()
}

pub fn mask_mobile(m: &str) -> String {
    format!("{}****{}", &m[..3], &m[7..])
}

/// Luhn check digit to append to `payload`.
pub fn luhn_check_digit(payload: &str) -> char {
    let mut sum = 0u32;
    for (i, c) in payload.chars().rev().enumerate() {
        let mut d = c.to_digit(10).expect("digit");
        if i % 2 == 0 {
            d *= 2;
            if d > 9 {
                d -= 9;
            }
        }
        sum += d;
    }
    char::from_digit((10 - sum % 10) % 10, 10).unwrap()
}

pub fn luhn_valid(num: &str) -> bool {
    let (payload, last) = num.split_at(num.len() - 1);
    luhn_check_digit(payload) == last.chars().next().unwrap()
}

/// A Luhn-valid card number of `len` digits starting with `prefix`.
pub fn bank_card(prefix: &str, len: usize, seed: u64) -> String {
    let mut s = prefix.to_string();
    let mut x = seed;
    while s.len() < len - 1 {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        s.push(char::from_digit(((x >> 33) % 10) as u32, 10).unwrap());
    }
    let c = luhn_check_digit(&s);
    s.push(c);
    s
}

/// A card-like number of `len` digits that fails the Luhn check.
pub fn non_luhn(prefix: &str, len: usize, seed: u64) -> String {
    let good = bank_card(prefix, len, seed);
    let last = good.chars().last().unwrap().to_digit(10).unwrap();
    let bad = format!("{}{}", &good[..len - 1], (last + 1) % 10);
    assert!(!luhn_valid(&bad));
    bad
}

/// Full-width form of ASCII letters and digits (`３３０１０６…`).
pub fn fullwidth(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                char::from_u32(c as u32 - 0x21 + 0xFF01).unwrap()
            } else {
                c
            }
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// running the binary

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
    pub raw_stdout: Vec<u8>,
}

impl Run {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}):\n{}\nstderr:\n{}",
                self.stdout, self.stderr
            )
        })
    }
}

fn to_run(o: Output) -> Run {
    Run {
        code: o.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        raw_stdout: o.stdout,
    }
}

/// Run `baomi <args>` in `cwd`.
pub fn run_in(cwd: &Path, args: &[&str]) -> Run {
    let o = Command::new(BIN)
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .output()
        .expect("run baomi");
    to_run(o)
}

/// `baomi scan <args> --format json` in `cwd`; returns the run and the parsed JSON.
pub fn scan_json(cwd: &Path, args: &[&str]) -> (Run, Value) {
    let mut a = vec!["scan", "--format", "json", "--no-progress"];
    a.extend_from_slice(args);
    let r = run_in(cwd, &a);
    let v = r.json();
    (r, v)
}

/// The stdout of every output format, plus stderr, for a given scan (args without --format).
pub fn all_format_outputs(cwd: &Path, args: &[&str]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for fmt in ["text", "json", "jsonl", "sarif", "html"] {
        let mut a = vec!["scan", "--no-progress", "--format", fmt];
        a.extend_from_slice(args);
        let r = run_in(cwd, &a);
        assert!(
            r.code == 0 || r.code == 1 || r.code == 2,
            "format {fmt}: exit {}: {}",
            r.code,
            r.stderr
        );
        out.push((format!("stdout[{fmt}]"), r.stdout));
        out.push((format!("stderr[{fmt}]"), r.stderr));
        // verbose text output lists info findings too
        if fmt == "text" {
            let mut a = vec!["scan", "--no-progress", "-v"];
            a.extend_from_slice(args);
            let r = run_in(cwd, &a);
            out.push(("stdout[text -v]".into(), r.stdout));
            out.push(("stderr[text -v]".into(), r.stderr));
        }
    }
    out
}

/// Every file under `dir` (recursively) as (path, lossy text).
pub fn read_tree(dir: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let bytes = std::fs::read(&p).unwrap();
                out.push((
                    p.display().to_string(),
                    String::from_utf8_lossy(&bytes).into_owned(),
                ));
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// no echo

fn digits_only(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_uppercase()
}

/// Text with NFKC-ish full-width → ASCII for digits/letters, then separators (spaces, hyphens,
/// zero-width characters, ideographic spaces) removed.
fn squeeze(s: &str) -> String {
    s.chars()
        .map(|c| match c as u32 {
            0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFF01 + 0x21).unwrap(),
            _ => c,
        })
        .filter(|c| {
            !matches!(
                c,
                ' ' | '-'
                    | '\u{3000}'
                    | '\u{200B}'
                    | '\u{200C}'
                    | '\u{200D}'
                    | '\u{2060}'
                    | '\u{FEFF}'
                    | '\u{00A0}'
                    | '\t'
            )
        })
        .collect::<String>()
        .to_ascii_uppercase()
}

/// Assert that none of `outputs` contains any of `secrets` (unmasked identifiers), in any form:
/// as planted, digits-only, full-width, or after removing spaces/hyphens from the output.
pub fn assert_no_echo(outputs: &[(String, String)], secrets: &[String]) {
    for (name, text) in outputs {
        let squeezed = squeeze(text);
        for s in secrets {
            let d = digits_only(s);
            assert!(!text.contains(s.as_str()), "{name} echoes identifier {s}");
            assert!(
                !text.to_ascii_uppercase().contains(&d),
                "{name} echoes identifier {s} (digits only)"
            );
            assert!(
                !text.contains(&fullwidth(&d)),
                "{name} echoes identifier {s} (full-width)"
            );
            assert!(
                !squeezed.contains(&d),
                "{name} echoes identifier {s} (after removing separators)"
            );
        }
    }
}

/// Full no-echo check: every stdout format, stderr, and every file written with `--out`.
pub fn assert_no_echo_everywhere(cwd: &Path, args: &[&str], secrets: &[String]) {
    let mut outputs = all_format_outputs(cwd, args);
    let out_dir = tempfile::tempdir().unwrap();
    let od = out_dir.path().to_str().unwrap().to_string();
    let mut a = vec!["scan", "--no-progress", "--out", od.as_str()];
    a.extend_from_slice(args);
    let r = run_in(cwd, &a);
    outputs.push(("stdout[--out]".into(), r.stdout));
    outputs.push(("stderr[--out]".into(), r.stderr));
    let files = read_tree(out_dir.path());
    assert!(!files.is_empty(), "--out wrote nothing");
    outputs.extend(files);
    assert_no_echo(&outputs, secrets);
}

// ---------------------------------------------------------------------------------------------
// zip packages built in code (docx, xlsx, ods, OFD fixtures)

/// A zip of `files`, deflated or stored, written with `zip::ZipWriter`.
pub fn zip_of(files: &[(&str, &[u8])], deflate: bool) -> Vec<u8> {
    use std::io::{Cursor, Write};
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let method = if deflate {
        zip::CompressionMethod::Deflated
    } else {
        zip::CompressionMethod::Stored
    };
    let opts = zip::write::SimpleFileOptions::default().compression_method(method);
    for (name, data) in files {
        w.start_file(*name, opts).expect("start_file");
        w.write_all(data).expect("write");
    }
    w.finish().expect("finish").into_inner()
}

/// The entries of a zip, with `edit` applied to each and `extra` entries appended.
pub fn repack(
    base: &[u8],
    edit: impl Fn(&str, Vec<u8>) -> Vec<u8>,
    extra: &[(&str, &[u8])],
) -> Vec<u8> {
    use std::io::{Cursor, Read};
    let mut z = zip::ZipArchive::new(Cursor::new(base)).unwrap();
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for i in 0..z.len() {
        let mut f = z.by_index(i).unwrap();
        let mut v = Vec::new();
        f.read_to_end(&mut v).unwrap();
        let name = f.name().unwrap().to_string();
        let v = edit(&name, v);
        files.push((name, v));
    }
    for (n, v) in extra {
        files.push((n.to_string(), v.to_vec()));
    }
    let refs: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_slice()))
        .collect();
    zip_of(&refs, true)
}

/// `repack` editing one part as text.
pub fn edit_part(base: &[u8], part: &str, f: impl Fn(String) -> String) -> Vec<u8> {
    let part = part.to_string();
    repack(
        base,
        move |name, v| {
            if name == part {
                f(String::from_utf8(v).unwrap()).into_bytes()
            } else {
                v
            }
        },
        &[],
    )
}

// ---------------------------------------------------------------------------------------------
// fixtures and report access

pub fn write(dir: &Path, rel: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let p = dir.join(rel);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&p, bytes).unwrap();
    p
}

/// UTF-16LE with BOM.
pub fn utf16le_bom(s: &str) -> Vec<u8> {
    let mut v = vec![0xFF, 0xFE];
    for u in s.encode_utf16() {
        v.extend_from_slice(&u.to_le_bytes());
    }
    v
}

pub fn gbk(s: &str) -> Vec<u8> {
    let (b, _, unmappable) = encoding_rs::GBK.encode(s);
    assert!(!unmappable, "not GBK-encodable: {s}");
    b.into_owned()
}

pub fn reports(v: &Value) -> &Vec<Value> {
    v["reports"].as_array().expect("reports array")
}

/// The report whose item.path ends with `suffix`.
pub fn report<'a>(v: &'a Value, suffix: &str) -> &'a Value {
    reports(v)
        .iter()
        .find(|r| r["item"]["path"].as_str().unwrap_or("").ends_with(suffix))
        .unwrap_or_else(|| panic!("no report for {suffix}; have {:?}", paths(v)))
}

pub fn paths(v: &Value) -> Vec<String> {
    reports(v)
        .iter()
        .map(|r| r["item"]["path"].as_str().unwrap_or("").to_string())
        .collect()
}

pub fn only_report(v: &Value) -> &Value {
    let rs = reports(v);
    assert_eq!(rs.len(), 1, "expected one report, have {:?}", paths(v));
    &rs[0]
}

pub fn findings(r: &Value) -> &Vec<Value> {
    r["findings"].as_array().expect("findings array")
}

pub fn findings_of<'a>(r: &'a Value, category: &str, kind: &str) -> Vec<&'a Value> {
    findings(r)
        .iter()
        .filter(|f| f["category"] == category && f["kind"] == kind)
        .collect()
}

pub fn has(r: &Value, category: &str, kind: &str) -> bool {
    !findings_of(r, category, kind).is_empty()
}

pub fn verdict(r: &Value) -> &str {
    r["verdict"].as_str().expect("verdict")
}

/// One-line summary of a report for assertion messages.
pub fn brief(r: &Value) -> String {
    let fs: Vec<String> = findings(r)
        .iter()
        .map(|f| {
            format!(
                "{}/{}:{}{}",
                f["category"].as_str().unwrap_or(""),
                f["kind"].as_str().unwrap_or(""),
                f["action"].as_str().unwrap_or(""),
                match f.get("masked") {
                    Some(Value::Bool(b)) => format!("(masked={b})"),
                    _ => String::new(),
                }
            )
        })
        .collect();
    format!("{} {} [{}]", r["item"]["path"], r["verdict"], fs.join(", "))
}

pub fn action_rank(a: &str) -> u8 {
    match a {
        "block" => 2,
        "review" => 1,
        "info" | "pass" => 0,
        other => panic!("unknown action {other}"),
    }
}

// ---------------------------------------------------------------------------------------------
// extracted segments (office, sheet and encoding tests)

use baomi::extract::{Extracted, Layer, Location, Segment, Zone};

pub fn loc_of(s: &Segment) -> Location {
    s.anchor
        .fixed_location()
        .unwrap_or_else(|| panic!("expected a fixed or cell anchor, got {:?}", s.anchor))
}

pub fn find<'a>(ex: &'a Extracted, text: &str) -> &'a Segment {
    ex.segments
        .iter()
        .find(|s| s.text == text)
        .unwrap_or_else(|| panic!("no segment {text:?}; have {:#?}", texts(ex)))
}

pub fn find_all<'a>(ex: &'a Extracted, text: &str) -> Vec<&'a Segment> {
    ex.segments.iter().filter(|s| s.text == text).collect()
}

pub fn texts(ex: &Extracted) -> Vec<(String, Layer, Zone)> {
    ex.segments
        .iter()
        .map(|s| (s.text.clone(), s.layer, s.zone))
        .collect()
}

pub fn has_problem(ex: &Extracted, kind: &str) -> bool {
    ex.problems.iter().any(|p| p.kind == kind)
}

/// Deterministic bytes that are no known format (xorshift).
pub fn pseudo_random(n: usize, seed: u64) -> Vec<u8> {
    let mut x = seed;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}
