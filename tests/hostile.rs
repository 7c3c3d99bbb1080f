//! Hostile-input suite: zip bombs (flat, nested, high ratio, overlapping, lying central
//! directories), bombs disguised as docx/xlsx/OFD, billion laughs and external entities,
//! 100k-deep nesting, hostile PDFs, truncated and bit-flipped copies of every sample format,
//! files that lie about their extension, and odd file-system objects.
//!
//! Every fixture is generated in code. Each hostile file is scanned by the real binary in its own
//! process (the damaged copies of one format share a process), and the run is measured:
//!
//! - it ends normally with exit code 1 or 2 (never 3, never killed by a signal);
//! - every report's verdict is `review` or `block` (never `pass`) where the contract demands it;
//! - every item's `stats.elapsed_ms` is under 10 s and a single-file scan is under 15 s wall;
//! - the peak RSS of baomi and of every worker process it starts stays under 1 GiB: a dedicated
//!   wrapper process (a child subreaper) runs baomi, reaps it and its orphaned workers, and reports
//!   its `getrusage(RUSAGE_CHILDREN).ru_maxrss`, so the figure belongs to that one scan even though
//!   the tests of this file run in parallel threads (see `scan_measured`);
//! - no stdout, stderr or `--out` file repeats a planted identifier unmasked.
//!
//! Bomb payloads are written as raw DEFLATE by hand: one dynamic-Huffman block in which the
//! length-258 code and the distance-1 code are both a single 0 bit, so 1 GiB of output costs
//! about 1 MiB of zero bytes (the DEFLATE maximum of ~1032:1) and is built in milliseconds.

mod common;

use common::*;
use serde_json::Value;
use std::ffi::{OsStr, OsString};
use std::io::{Cursor, Read, Write};
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const UNIT: [&str; 4] = ["--unit", "测试处", "--drafter", "测试员"];
/// Per-item limit on `stats.elapsed_ms`. The tests run the debug build, whose inflate and
/// byte loops are unoptimized: a 256 MiB Flate stream (the PDF reader's cap) takes 9–12 s
/// there on a loaded 2-core machine and about 1.2 s in the release build, so the debug bound
/// is twice the release one.
const MAX_ITEM_MS: u64 = if cfg!(debug_assertions) {
    20_000
} else {
    10_000
};
/// Wall-clock limit for the scan of one hostile file.
const MAX_SINGLE_WALL: Duration = Duration::from_secs(if cfg!(debug_assertions) { 25 } else { 15 });
/// Wall-clock limit for a scan of a folder of damaged copies (about 30 small items).
const MAX_GROUP_WALL: Duration = Duration::from_secs(60);
/// Peak RSS limit (ru_maxrss is in KiB on Linux).
const MAX_RSS_KIB: i64 = 1024 * 1024;
/// A run still going after this is killed (and fails), so a hang cannot stall the suite.
const KILL_AFTER: Duration = Duration::from_secs(90);
/// Safety net for the machine: the child's soft RLIMIT_AS. A runaway allocation then aborts the
/// child (and the test reports the signal) instead of exhausting shared memory. Far above the
/// 1 GiB RSS limit, so it never affects a run that meets the requirement.
const CHILD_AS_LIMIT: u64 = 6 * 1024 * 1024 * 1024;
const GIB: u64 = 1 << 30;
const MIB: u64 = 1 << 20;

// =============================================================================================
// running and measuring the binary

struct Measured {
    what: String,
    exit: Option<i32>,
    signal: Option<i32>,
    killed: bool,
    wall: Duration,
    maxrss_kib: i64,
    stdout: String,
    stderr: String,
    json: Option<Value>,
    out_files: Vec<(String, String)>,
}

impl Measured {
    fn reports(&self) -> Vec<&Value> {
        self.json
            .as_ref()
            .and_then(|v| v["reports"].as_array())
            .map(|a| a.iter().collect())
            .unwrap_or_default()
    }

    fn max_item_ms(&self) -> u64 {
        self.reports()
            .iter()
            .filter_map(|r| r["stats"]["elapsed_ms"].as_u64())
            .max()
            .unwrap_or(0)
    }

    fn report_ending(&self, suffix: &str) -> Option<&Value> {
        self.reports()
            .into_iter()
            .find(|r| r["item"]["path"].as_str().unwrap_or("").ends_with(suffix))
    }

    fn summary(&self) -> String {
        let status = match (self.exit, self.signal) {
            (Some(c), _) => format!("exit {c}"),
            (_, Some(s)) => format!("signal {s}"),
            _ => "?".into(),
        };
        format!(
            "{}: {status}{}, wall {:.2} s, max item {} ms, peak RSS {} MiB, {} report(s)",
            self.what,
            if self.killed { " (killed)" } else { "" },
            self.wall.as_secs_f64(),
            self.max_item_ms(),
            self.maxrss_kib / 1024,
            self.reports().len()
        )
    }
}

/// Environment variable that turns the `measurement_wrapper` test into the wrapper process.
const WRAP_ENV: &str = "BAOMI_HOSTILE_WRAPPER";

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

/// Run `baomi scan --format json --no-progress --unit … --drafter … --out TMP <paths>` in `dir`
/// and measure it.
///
/// The binary is started by a dedicated wrapper process (this test binary re-executed, see
/// `measurement_wrapper`) that is a child subreaper: baomi's worker processes, which baomi
/// leaves unwaited at exit, are re-parented to the wrapper and reaped there. The wrapper's
/// `getrusage(RUSAGE_CHILDREN).ru_maxrss` is then exactly the peak RSS of the largest of baomi
/// and its workers, unaffected by the other tests running in this process. (It is not taken
/// from `wait4` on the wrapper here: Linux folds the pre-exec image's high-water mark into a
/// child's `ru_maxrss`, and the wrapper is forked from this test process, whose RSS would then
/// count; baomi is forked from the small wrapper instead.) `wait4` on the wrapper gives the
/// exit status, and its figure is the fallback when the wrapper had to be killed.
fn scan_measured(what: &str, dir: &Path, paths: &[&OsStr]) -> Measured {
    use std::os::unix::process::CommandExt;
    let out_dir = tempfile::tempdir().unwrap();
    let io_dir = tempfile::tempdir().unwrap();
    let stdout_path = io_dir.path().join("stdout");
    let stderr_path = io_dir.path().join("stderr");
    let rusage_path = io_dir.path().join("rusage");
    let mut args: Vec<OsString> = ["scan", "--format", "json", "--no-progress"]
        .iter()
        .map(OsString::from)
        .collect();
    args.extend(UNIT.iter().map(OsString::from));
    args.push("--out".into());
    args.push(out_dir.path().as_os_str().to_owned());
    args.extend(paths.iter().map(|p| p.to_os_string()));
    let spec: Vec<String> = [
        stdout_path.as_os_str(),
        stderr_path.as_os_str(),
        rusage_path.as_os_str(),
        dir.as_os_str(),
    ]
    .into_iter()
    .chain(args.iter().map(|a| a.as_os_str()))
    .map(|a| hex(a.as_bytes()))
    .collect();

    let log = std::fs::File::create(io_dir.path().join("wrapper.log")).unwrap();
    let mut cmd = Command::new(std::env::current_exe().unwrap());
    cmd.args([
        "measurement_wrapper",
        "--exact",
        "--nocapture",
        "--test-threads",
        "1",
    ])
    .env(WRAP_ENV, spec.join(","))
    .stdin(Stdio::null())
    .stdout(log.try_clone().unwrap())
    .stderr(log)
    .process_group(0);
    // SAFETY: only async-signal-safe calls (getrlimit/setrlimit) between fork and exec.
    unsafe {
        cmd.pre_exec(|| {
            let mut lim: libc::rlimit = std::mem::zeroed();
            if libc::getrlimit(libc::RLIMIT_AS, &mut lim) == 0 {
                let cap = CHILD_AS_LIMIT as libc::rlim_t;
                if lim.rlim_max == libc::RLIM_INFINITY || lim.rlim_max > cap {
                    lim.rlim_cur = cap;
                    libc::setrlimit(libc::RLIMIT_AS, &lim);
                }
            }
            Ok(())
        });
    }
    let t0 = Instant::now();
    let child = cmd.spawn().expect("spawn the measurement wrapper");
    let pid = child.id() as libc::pid_t;
    let mut status: libc::c_int = 0;
    // SAFETY: rusage is plain old data.
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    let mut killed = false;
    loop {
        // SAFETY: waits for (and reaps) exactly our child; std never waits on `child`.
        let r = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut ru) };
        if r == pid {
            break;
        }
        if r == -1 {
            let e = std::io::Error::last_os_error();
            if e.raw_os_error() == Some(libc::EINTR) {
                continue;
            }
            panic!("wait4({pid}): {e}");
        }
        if !killed && t0.elapsed() > KILL_AFTER {
            // SAFETY: the wrapper leads its own process group: baomi and its workers are in it.
            unsafe { libc::kill(-pid, libc::SIGKILL) };
            killed = true;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let wall = t0.elapsed();
    drop(child); // already reaped above; dropping a std Child neither waits nor kills
    let read =
        |p: &Path| String::from_utf8_lossy(&std::fs::read(p).unwrap_or_default()).into_owned();
    let stdout = read(&stdout_path);
    let mut stderr = read(&stderr_path);
    // the wrapper passes baomi's exit status on: 0..=3 as is, a signal as 128 + signal
    let (exit, signal) = if libc::WIFEXITED(status) {
        match libc::WEXITSTATUS(status) {
            c @ 0..=127 => (Some(c), None),
            c => (None, Some(c - 128)),
        }
    } else if libc::WIFSIGNALED(status) {
        (None, Some(libc::WTERMSIG(status)))
    } else {
        (None, None)
    };
    if !matches!(exit, Some(0..=3)) {
        stderr.push_str("\n[wrapper log]\n");
        stderr.push_str(&read(&io_dir.path().join("wrapper.log")));
    }
    // the wrapper's RUSAGE_CHILDREN (baomi and every worker); if the wrapper was killed, the
    // wrapper's own wait4 figure (which also counts the test process image it was forked from)
    let maxrss_kib = std::fs::read_to_string(&rusage_path)
        .ok()
        .and_then(|t| t.trim().parse().ok())
        .unwrap_or(ru.ru_maxrss);
    let json = serde_json::from_str(&stdout).ok();
    let out_files = if out_dir.path().exists() {
        read_tree(out_dir.path())
    } else {
        Vec::new()
    };
    let m = Measured {
        what: what.to_string(),
        exit,
        signal,
        killed,
        wall,
        maxrss_kib,
        stdout,
        stderr,
        json,
        out_files,
    };
    println!("[hostile] {}", m.summary());
    m
}

/// Not a test of its own: the body of the wrapper process `scan_measured` starts (this test
/// binary re-executed with `WRAP_ENV` set). It becomes a child subreaper, runs baomi with its
/// stdout and stderr going to files, reaps baomi and every orphaned descendant, and exits with
/// baomi's status (128 + signal when baomi was killed by a signal). Without `WRAP_ENV` it does
/// nothing.
#[test]
fn measurement_wrapper() {
    let Some(spec) = std::env::var_os(WRAP_ENV) else {
        return;
    };
    let fields: Vec<OsString> = spec
        .to_str()
        .unwrap()
        .split(',')
        .map(|h| OsString::from_vec(unhex(h)))
        .collect();
    let (stdout_path, stderr_path, rusage_path, cwd, args) =
        (&fields[0], &fields[1], &fields[2], &fields[3], &fields[4..]);
    // SAFETY: plain prctl call on this process.
    unsafe { libc::prctl(libc::PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) };
    let child = Command::new(BIN)
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .env_remove(WRAP_ENV)
        .env_remove("BAOMI_TIMINGS")
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(stdout_path).unwrap())
        .stderr(std::fs::File::create(stderr_path).unwrap())
        .spawn()
        .expect("spawn baomi");
    let pid = child.id() as libc::pid_t;
    let mut code = 255;
    loop {
        let mut st: libc::c_int = 0;
        // SAFETY: reaps any child of this (single-purpose) process.
        let r = unsafe { libc::wait4(-1, &mut st, 0, std::ptr::null_mut()) };
        if r == -1 {
            match std::io::Error::last_os_error().raw_os_error() {
                Some(libc::EINTR) => continue,
                _ => break, // ECHILD: baomi and every orphaned worker are gone
            }
        }
        if r == pid {
            code = if libc::WIFEXITED(st) {
                libc::WEXITSTATUS(st)
            } else if libc::WIFSIGNALED(st) {
                128 + libc::WTERMSIG(st)
            } else {
                255
            };
        }
    }
    // peak RSS of the largest of baomi and its workers (all reaped above by this process)
    // SAFETY: rusage is plain old data; getrusage only writes into it.
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut ru) };
    std::fs::write(rusage_path, ru.ru_maxrss.to_string()).unwrap();
    std::process::exit(code);
}

/// Collects failures so that one run of a test shows every broken case at once.
#[derive(Default)]
struct Failures(Vec<String>);

impl Failures {
    fn push(&mut self, s: String) {
        eprintln!("[hostile] FAIL {s}");
        self.0.push(s);
    }

    fn finish(self) {
        assert!(
            self.0.is_empty(),
            "{} failure(s):\n{}",
            self.0.len(),
            self.0.join("\n")
        );
    }
}

fn tail(s: &str, n: usize) -> String {
    let chars: Vec<char> = s.chars().collect();
    let start = chars.len().saturating_sub(n);
    chars[start..].iter().collect()
}

/// The process-level contract of a run: normal exit (1 or 2, matching the worst verdict),
/// JSON on stdout, time and memory limits, and no echo of `secrets` anywhere.
fn check_run(
    m: &Measured,
    max_wall: Duration,
    must_not_pass: bool,
    secrets: &[String],
    f: &mut Failures,
) {
    let what = &m.what;
    let stderr_tail = tail(&m.stderr, 3000);
    if m.killed {
        f.push(format!(
            "{what}: still running after {KILL_AFTER:?}, killed; stderr: {stderr_tail}"
        ));
    }
    if let Some(sig) = m.signal {
        f.push(format!(
            "{what}: killed by signal {sig} (SIGABRT=6 may be the {} GiB RLIMIT_AS safety net, \
             i.e. a runaway allocation; SIGSEGV=11 a stack overflow); stderr: {stderr_tail}",
            CHILD_AS_LIMIT / GIB
        ));
    }
    match m.exit {
        Some(1) | Some(2) => {}
        Some(0) if !must_not_pass => {}
        Some(c) => f.push(format!(
            "{what}: exit code {c}, expected {}; stderr: {stderr_tail}",
            if must_not_pass { "1 or 2" } else { "0, 1 or 2" }
        )),
        None => {}
    }
    if m.wall > max_wall {
        f.push(format!(
            "{what}: took {:.1} s wall (limit {max_wall:?})",
            m.wall.as_secs_f64()
        ));
    }
    if m.maxrss_kib >= MAX_RSS_KIB {
        f.push(format!(
            "{what}: peak RSS {} MiB (limit {} MiB)",
            m.maxrss_kib / 1024,
            MAX_RSS_KIB / 1024
        ));
    }
    if m.json.is_none() {
        if m.exit.is_some() {
            f.push(format!(
                "{what}: stdout is not JSON: {:?}; stderr: {stderr_tail}",
                tail(&m.stdout, 500)
            ));
        }
        return;
    }
    let reports = m.reports();
    if reports.is_empty() && m.exit.is_some() {
        f.push(format!("{what}: no report; stderr: {stderr_tail}"));
    }
    let worst = reports
        .iter()
        .map(|r| action_rank(r["verdict"].as_str().unwrap_or("pass")) as i32)
        .max()
        .unwrap_or(0);
    if let Some(c) = m.exit {
        if (0..=2).contains(&c) && c != worst {
            f.push(format!(
                "{what}: exit code {c} but the worst verdict ranks {worst}"
            ));
        }
    }
    for r in &reports {
        match r["stats"]["elapsed_ms"].as_u64() {
            Some(ms) if ms < MAX_ITEM_MS => {}
            Some(ms) => f.push(format!(
                "{what}: item {} took {ms} ms (limit {MAX_ITEM_MS} ms)",
                r["item"]["path"]
            )),
            None => f.push(format!(
                "{what}: item {} has no stats.elapsed_ms",
                r["item"]["path"]
            )),
        }
    }
    let mut outputs = vec![
        (format!("{what}: stdout"), m.stdout.clone()),
        (format!("{what}: stderr"), m.stderr.clone()),
    ];
    outputs.extend(
        m.out_files
            .iter()
            .map(|(p, t)| (format!("{what}: --out {p}"), t.clone())),
    );
    if let Err(e) = std::panic::catch_unwind(|| assert_no_echo(&outputs, secrets)) {
        let msg = e
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default();
        f.push(format!("{what}: echo of a planted identifier: {msg}"));
    }
}

/// A report must exist for `suffix` and its verdict must be `review` or `block`.
fn check_never_pass<'a>(m: &'a Measured, suffix: &str, f: &mut Failures) -> Option<&'a Value> {
    let Some(r) = m.report_ending(suffix) else {
        if m.exit.is_some() {
            f.push(format!(
                "{}: no report for {suffix}; have {:?}",
                m.what,
                m.reports()
                    .iter()
                    .map(|r| r["item"]["path"].clone())
                    .collect::<Vec<_>>()
            ));
        }
        return None;
    };
    let v = r["verdict"].as_str().unwrap_or("");
    if v != "review" && v != "block" {
        f.push(format!(
            "{}: {suffix} verdict {v:?}, expected review or block: {}",
            m.what,
            brief(r)
        ));
    }
    Some(r)
}

/// Verdict and findings of a report, repeated findings counted once ("kind:action ×n").
fn short_brief(r: &Value) -> String {
    let mut seen: Vec<(String, usize)> = Vec::new();
    for x in findings(r) {
        let k = format!(
            "{}/{}:{}",
            x["category"].as_str().unwrap_or(""),
            x["kind"].as_str().unwrap_or(""),
            x["action"].as_str().unwrap_or("")
        );
        match seen.iter_mut().find(|(s, _)| *s == k) {
            Some((_, n)) => *n += 1,
            None => seen.push((k, 1)),
        }
    }
    let first_msg = findings(r)
        .iter()
        .find(|x| x["category"] == "unreadable")
        .and_then(|x| x["message"].as_str())
        .map(|m| format!(" — {}", tail(m, 160)))
        .unwrap_or_default();
    format!(
        "{} {} [{}]{first_msg}",
        r["item"]["path"].as_str().unwrap_or(""),
        r["verdict"].as_str().unwrap_or(""),
        seen.iter()
            .map(|(k, n)| if *n > 1 {
                format!("{k} ×{n}")
            } else {
                k.clone()
            })
            .collect::<Vec<_>>()
            .join(", ")
    )
}

/// Scan one hostile file alone (written to a fresh folder) and check the run contract; with
/// `must_not_pass` also that its verdict is `review` or `block`.
fn hostile_single(
    name: &str,
    bytes: &[u8],
    must_not_pass: bool,
    secrets: &[String],
    f: &mut Failures,
) -> Measured {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), name, bytes);
    if let Some(keep) = std::env::var_os("BAOMI_HOSTILE_KEEP") {
        // reproduction aid: also leave the fixture in that folder
        write(Path::new(&keep), name, bytes);
    }
    let m = scan_measured(name, d.path(), &[OsStr::new(name)]);
    if let Some(r) = m.report_ending(name) {
        println!("[hostile]     {}", short_brief(r));
    }
    check_run(&m, MAX_SINGLE_WALL, must_not_pass, secrets, f);
    if must_not_pass {
        check_never_pass(&m, name, f);
    } else if m.report_ending(name).is_none() && m.exit.is_some() {
        f.push(format!("{name}: no report"));
    }
    m
}

// =============================================================================================
// checksums

fn crc_table() -> [u32; 256] {
    let mut t = [0u32; 256];
    for (i, e) in t.iter_mut().enumerate() {
        let mut c = i as u32;
        for _ in 0..8 {
            c = if c & 1 != 0 {
                (c >> 1) ^ 0xEDB8_8320
            } else {
                c >> 1
            };
        }
        *e = c;
    }
    t
}

/// CRC-32 register update (the register is kept inverted: start with !0, finish with !).
fn crc_update(mut reg: u32, data: &[u8]) -> u32 {
    let t = crc_table();
    for &b in data {
        reg = t[((reg ^ b as u32) & 0xFF) as usize] ^ (reg >> 8);
    }
    reg
}

fn crc32(data: &[u8]) -> u32 {
    !crc_update(!0, data)
}

/// An affine map on the 32-bit CRC register: x ↦ M·x ⊕ c over GF(2); `m[i]` = M·e_i.
#[derive(Clone, Copy)]
struct Affine {
    m: [u32; 32],
    c: u32,
}

impl Affine {
    fn apply_linear(m: &[u32; 32], x: u32) -> u32 {
        (0..32)
            .filter(|i| x >> i & 1 == 1)
            .fold(0, |acc, i| acc ^ m[i])
    }
    fn apply(&self, x: u32) -> u32 {
        Self::apply_linear(&self.m, x) ^ self.c
    }
    /// self ∘ other
    fn after(&self, other: &Affine) -> Affine {
        let mut m = [0u32; 32];
        for (i, col) in m.iter_mut().enumerate() {
            *col = Self::apply_linear(&self.m, other.m[i]);
        }
        Affine {
            m,
            c: self.apply(other.c),
        }
    }
}

/// The CRC register after feeding `count` copies of `byte` (in O(log count)).
fn crc_update_fill(reg: u32, byte: u8, count: u64) -> u32 {
    let t = crc_table();
    let mut step = Affine {
        m: [0; 32],
        c: t[byte as usize],
    };
    for i in 0..32 {
        let x = 1u32 << i;
        step.m[i] = t[(x & 0xFF) as usize] ^ (x >> 8);
    }
    let mut acc = Affine {
        m: std::array::from_fn(|i| 1u32 << i),
        c: 0,
    };
    let mut n = count;
    while n > 0 {
        if n & 1 == 1 {
            acc = step.after(&acc);
        }
        step = step.after(&step);
        n >>= 1;
    }
    acc.apply(reg)
}

const ADLER_MOD: u64 = 65521;

fn adler_update((a, b): (u64, u64), data: &[u8]) -> (u64, u64) {
    let (mut a, mut b) = (a, b);
    for &x in data {
        a = (a + x as u64) % ADLER_MOD;
        b = (b + a) % ADLER_MOD;
    }
    (a, b)
}

fn adler_update_fill((a, b): (u64, u64), byte: u8, count: u64) -> (u64, u64) {
    let (a, b, f, n) = (a as u128, b as u128, byte as u128, count as u128);
    let m = ADLER_MOD as u128;
    let b2 = (b + n * a + f * (n * (n + 1) / 2)) % m;
    let a2 = (a + n * f) % m;
    (a2 as u64, b2 as u64)
}

// =============================================================================================
// raw DEFLATE, by hand

/// LSB-first bit writer (DEFLATE bit order).
struct Bits {
    out: Vec<u8>,
    n: u64,
}

impl Bits {
    fn new() -> Self {
        Bits {
            out: Vec::new(),
            n: 0,
        }
    }
    fn bit(&mut self, b: bool) {
        if self.n.is_multiple_of(8) {
            self.out.push(0);
        }
        if b {
            *self.out.last_mut().unwrap() |= 1 << (self.n % 8);
        }
        self.n += 1;
    }
    /// A value of `count` bits, least significant first (header fields, extra bits).
    fn put(&mut self, v: u32, count: u32) {
        for i in 0..count {
            self.bit(v >> i & 1 == 1);
        }
    }
    /// A Huffman code, most significant bit first.
    fn code(&mut self, code: u32, len: u8) {
        for i in (0..len).rev() {
            self.bit(code >> i & 1 == 1);
        }
    }
    fn zeros(&mut self, count: u64) {
        self.n += count;
        self.out.resize(self.n.div_ceil(8) as usize, 0);
    }
}

/// Canonical Huffman codes for the given code lengths (RFC 1951 §3.2.2).
fn canonical(lengths: &[u8]) -> Vec<u32> {
    let max = *lengths.iter().max().unwrap() as usize;
    let mut bl_count = vec![0u32; max + 1];
    for &l in lengths {
        if l > 0 {
            bl_count[l as usize] += 1;
        }
    }
    let mut next = vec![0u32; max + 1];
    let mut code = 0u32;
    for bits in 1..=max {
        code = (code + bl_count[bits - 1]) << 1;
        next[bits] = code;
    }
    lengths
        .iter()
        .map(|&l| {
            if l == 0 {
                0
            } else {
                let c = next[l as usize];
                next[l as usize] += 1;
                c
            }
        })
        .collect()
}

/// A fixed-Huffman block holding `data` as literals only.
fn fixed_literals(b: &mut Bits, data: &[u8], last: bool) {
    b.put(last as u32, 1);
    b.put(1, 2);
    for &x in data {
        if x < 144 {
            b.code(0x30 + x as u32, 8);
        } else {
            b.code(0x190 + (x as u32 - 144), 9);
        }
    }
    b.code(0, 7); // end of block (symbol 256)
}

/// A dynamic-Huffman block: one literal `fill`, then `matches` copies of (length 258,
/// distance 1), whose codes are both a single 0 bit; then end of block.
/// Output: 1 + 258 × matches bytes of `fill`.
fn fill_block(b: &mut Bits, fill: u8, matches: u64, last: bool) {
    let mut lit = vec![0u8; 286];
    lit[fill as usize] = 2;
    lit[256] = 2;
    lit[285] = 1;
    let dist = [1u8];
    let lit_codes = canonical(&lit);
    assert_eq!(lit_codes[285], 0);
    assert_eq!(canonical(&dist)[0], 0);
    // code-length alphabet: symbols 0, 1, 2, 17, 18 (a complete code: 3+2+2+3+2 bits)
    let mut cl = [0u8; 19];
    cl[0] = 3;
    cl[1] = 2;
    cl[2] = 2;
    cl[17] = 3;
    cl[18] = 2;
    let cl_codes = canonical(&cl);
    const ORDER: [usize; 19] = [
        16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15,
    ];
    let hclen = ORDER.iter().rposition(|&s| cl[s] != 0).unwrap() + 1;
    b.put(last as u32, 1);
    b.put(2, 2);
    b.put(286 - 257, 5);
    b.put(0, 5); // one distance code
    b.put((hclen - 4) as u32, 4);
    for &s in &ORDER[..hclen] {
        b.put(cl[s] as u32, 3);
    }
    let all: Vec<u8> = lit.iter().chain(dist.iter()).copied().collect();
    let mut i = 0;
    while i < all.len() {
        let l = all[i] as usize;
        if l != 0 {
            b.code(cl_codes[l], cl[l]);
            i += 1;
            continue;
        }
        let run = all[i..].iter().take_while(|&&x| x == 0).count().min(138);
        if run >= 11 {
            b.code(cl_codes[18], cl[18]);
            b.put((run - 11) as u32, 7);
        } else if run >= 3 {
            b.code(cl_codes[17], cl[17]);
            b.put((run - 3) as u32, 3);
        } else {
            for _ in 0..run {
                b.code(cl_codes[0], cl[0]);
            }
        }
        i += run;
    }
    b.code(lit_codes[fill as usize], 2);
    b.zeros(2 * matches);
    b.code(lit_codes[256], 2);
}

/// Raw DEFLATE of `data` (literals only, roughly the size of the input).
fn deflate_plain(data: &[u8]) -> Vec<u8> {
    let mut b = Bits::new();
    fixed_literals(&mut b, data, true);
    b.out
}

/// Content `prefix ‖ fill × (1 + 258·matches) ‖ suffix`, compressed by hand.
#[derive(Clone)]
struct Bomb {
    prefix: Vec<u8>,
    fill: u8,
    matches: u64,
    suffix: Vec<u8>,
}

impl Bomb {
    /// At least `size` bytes in total.
    fn at_least(prefix: &[u8], fill: u8, size: u64, suffix: &[u8]) -> Bomb {
        let fixed = (prefix.len() + suffix.len()) as u64 + 1;
        Bomb {
            prefix: prefix.to_vec(),
            fill,
            matches: size.saturating_sub(fixed).div_ceil(258),
            suffix: suffix.to_vec(),
        }
    }
    /// At most `size` bytes in total (and as close as 258 bytes allow).
    fn at_most(prefix: &[u8], fill: u8, size: u64, suffix: &[u8]) -> Bomb {
        let fixed = (prefix.len() + suffix.len()) as u64 + 1;
        Bomb {
            prefix: prefix.to_vec(),
            fill,
            matches: (size - fixed) / 258,
            suffix: suffix.to_vec(),
        }
    }
    fn fill_len(&self) -> u64 {
        1 + 258 * self.matches
    }
    fn len(&self) -> u64 {
        (self.prefix.len() + self.suffix.len()) as u64 + self.fill_len()
    }
    fn deflate(&self) -> Vec<u8> {
        let mut b = Bits::new();
        if !self.prefix.is_empty() {
            fixed_literals(&mut b, &self.prefix, false);
        }
        fill_block(&mut b, self.fill, self.matches, self.suffix.is_empty());
        if !self.suffix.is_empty() {
            fixed_literals(&mut b, &self.suffix, true);
        }
        b.out
    }
    fn crc32(&self) -> u32 {
        let r = crc_update(!0, &self.prefix);
        let r = crc_update_fill(r, self.fill, self.fill_len());
        !crc_update(r, &self.suffix)
    }
    fn adler32(&self) -> u32 {
        let s = adler_update((1, 0), &self.prefix);
        let s = adler_update_fill(s, self.fill, self.fill_len());
        let (a, b) = adler_update(s, &self.suffix);
        ((b << 16) | a) as u32
    }
    /// zlib stream (RFC 1950) of the content: what a PDF /FlateDecode stream holds.
    fn zlib(&self) -> Vec<u8> {
        let mut v = vec![0x78, 0x01];
        v.extend(self.deflate());
        v.extend(self.adler32().to_be_bytes());
        v
    }
    /// The content itself (for small sanity checks only).
    fn materialize(&self) -> Vec<u8> {
        let mut v = self.prefix.clone();
        v.extend(std::iter::repeat_n(self.fill, self.fill_len() as usize));
        v.extend_from_slice(&self.suffix);
        v
    }
}

fn zlib_plain(data: &[u8]) -> Vec<u8> {
    let mut v = vec![0x78, 0x01];
    v.extend(deflate_plain(data));
    let (a, b) = adler_update((1, 0), data);
    v.extend((((b << 16) | a) as u32).to_be_bytes());
    v
}

// =============================================================================================
// zip, by hand

#[derive(Clone)]
struct ZEntry {
    name: Vec<u8>,
    method: u16,
    crc: u32,
    csize: u32,
    usize: u32,
    data: Vec<u8>,
    /// zip64 extra field declaring this uncompressed size (the 32-bit fields become 0xFFFFFFFF)
    zip64_usize: Option<u64>,
}

impl ZEntry {
    fn stored(name: &str, data: &[u8]) -> ZEntry {
        ZEntry {
            name: name.as_bytes().to_vec(),
            method: 0,
            crc: crc32(data),
            csize: data.len() as u32,
            usize: data.len() as u32,
            data: data.to_vec(),
            zip64_usize: None,
        }
    }
    fn deflated(name: &str, data: &[u8]) -> ZEntry {
        let c = deflate_plain(data);
        ZEntry {
            name: name.as_bytes().to_vec(),
            method: 8,
            crc: crc32(data),
            csize: c.len() as u32,
            usize: data.len() as u32,
            data: c,
            zip64_usize: None,
        }
    }
    fn bomb(name: &str, b: &Bomb) -> ZEntry {
        let c = b.deflate();
        assert!(b.len() <= u32::MAX as u64);
        ZEntry {
            name: name.as_bytes().to_vec(),
            method: 8,
            crc: b.crc32(),
            csize: c.len() as u32,
            usize: b.len() as u32,
            data: c,
            zip64_usize: None,
        }
    }
    fn extra(&self) -> Vec<u8> {
        match self.zip64_usize {
            None => Vec::new(),
            Some(u) => {
                let mut v = Vec::new();
                v.extend(1u16.to_le_bytes());
                v.extend(16u16.to_le_bytes());
                v.extend(u.to_le_bytes());
                v.extend((self.csize as u64).to_le_bytes());
                v
            }
        }
    }
    fn sizes(&self) -> (u32, u32) {
        if self.zip64_usize.is_some() {
            (u32::MAX, u32::MAX)
        } else {
            (self.csize, self.usize)
        }
    }
    fn local_header(&self) -> Vec<u8> {
        let (cs, us) = self.sizes();
        let extra = self.extra();
        let mut v = Vec::new();
        v.extend(0x0403_4b50u32.to_le_bytes());
        v.extend(if extra.is_empty() { 20u16 } else { 45 }.to_le_bytes());
        v.extend(0x0800u16.to_le_bytes()); // UTF-8 names
        v.extend(self.method.to_le_bytes());
        v.extend(0u16.to_le_bytes()); // time
        v.extend(0x21u16.to_le_bytes()); // date 1980-01-01
        v.extend(self.crc.to_le_bytes());
        v.extend(cs.to_le_bytes());
        v.extend(us.to_le_bytes());
        v.extend((self.name.len() as u16).to_le_bytes());
        v.extend((extra.len() as u16).to_le_bytes());
        v.extend(&self.name);
        v.extend(extra);
        v
    }
    fn central_header(&self, offset: u32, name: &[u8]) -> Vec<u8> {
        let (cs, us) = self.sizes();
        let extra = self.extra();
        let mut v = Vec::new();
        v.extend(0x0201_4b50u32.to_le_bytes());
        v.extend(if extra.is_empty() { 20u16 } else { 45 }.to_le_bytes());
        v.extend(if extra.is_empty() { 20u16 } else { 45 }.to_le_bytes());
        v.extend(0x0800u16.to_le_bytes());
        v.extend(self.method.to_le_bytes());
        v.extend(0u16.to_le_bytes());
        v.extend(0x21u16.to_le_bytes());
        v.extend(self.crc.to_le_bytes());
        v.extend(cs.to_le_bytes());
        v.extend(us.to_le_bytes());
        v.extend((name.len() as u16).to_le_bytes());
        v.extend((extra.len() as u16).to_le_bytes());
        v.extend(0u16.to_le_bytes()); // comment
        v.extend(0u16.to_le_bytes()); // disk
        v.extend(0u16.to_le_bytes()); // internal attributes
        v.extend(0u32.to_le_bytes()); // external attributes
        v.extend(offset.to_le_bytes());
        v.extend(name);
        v.extend(extra);
        v
    }
}

fn eocd(entries: u16, cd_size: u32, cd_off: u32) -> Vec<u8> {
    let mut v = Vec::new();
    v.extend(0x0605_4b50u32.to_le_bytes());
    v.extend(0u16.to_le_bytes());
    v.extend(0u16.to_le_bytes());
    v.extend(entries.to_le_bytes());
    v.extend(entries.to_le_bytes());
    v.extend(cd_size.to_le_bytes());
    v.extend(cd_off.to_le_bytes());
    v.extend(0u16.to_le_bytes());
    v
}

fn zip_raw(entries: &[ZEntry]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut cd = Vec::new();
    for e in entries {
        let off = out.len() as u32;
        out.extend(e.local_header());
        out.extend(&e.data);
        cd.extend(e.central_header(off, &e.name));
    }
    let cd_off = out.len() as u32;
    out.extend(&cd);
    out.extend(eocd(entries.len() as u16, cd.len() as u32, cd_off));
    out
}

/// A zip written with the zip crate (real DEFLATE), as office programs write them.
fn zip_of(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, data) in files {
        let method = if *name == "mimetype" {
            zip::CompressionMethod::Stored
        } else {
            zip::CompressionMethod::Deflated
        };
        let opts = zip::write::SimpleFileOptions::default().compression_method(method);
        w.start_file(*name, opts).expect("start_file");
        w.write_all(data).expect("write");
    }
    w.finish().expect("finish").into_inner()
}

fn zip_of_owned(files: &[(String, Vec<u8>)]) -> Vec<u8> {
    let refs: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(n, d)| (n.as_str(), d.as_slice()))
        .collect();
    zip_of(&refs)
}

fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut z = zip::ZipArchive::new(Cursor::new(bytes)).expect("zip");
    (0..z.len())
        .map(|i| {
            let mut f = z.by_index(i).unwrap();
            let mut v = Vec::new();
            f.read_to_end(&mut v).unwrap();
            (f.name().expect("utf-8 name").to_string(), v)
        })
        .collect()
}

/// The parts of a container with one part replaced by a hand-made entry (stored otherwise).
fn container_with(parts: &[(String, Vec<u8>)], replace: &str, entry: ZEntry) -> Vec<u8> {
    let mut found = false;
    let entries: Vec<ZEntry> = parts
        .iter()
        .map(|(n, d)| {
            if n == replace {
                found = true;
                let mut e = entry.clone();
                e.name = n.as_bytes().to_vec();
                e
            } else {
                ZEntry::stored(n, d)
            }
        })
        .collect();
    assert!(found, "{replace} not among the parts");
    zip_raw(&entries)
}

// =============================================================================================
// format fixtures

/// `x.pipe(f)` = `f(x)`, to keep fixture expressions in reading order.
trait Pipe: Sized {
    fn pipe<T>(self, f: impl FnOnce(Self) -> T) -> T {
        f(self)
    }
}
impl<T> Pipe for T {}

const W_NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

const DOCX_CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;

const DOCX_ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

const XML_DECL: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#;

fn para(text: &str) -> String {
    format!("<w:p><w:r><w:t>{text}</w:t></w:r></w:p>")
}

/// `word/document.xml` around the given body content; `doctype` goes between the declaration
/// and the root element.
fn docx_document(doctype: &str, body: &str) -> String {
    format!(
        "{XML_DECL}\n{doctype}<w:document {W_NS}><w:body>{body}<w:sectPr/></w:body></w:document>"
    )
}

fn docx_parts(document_xml: &[u8]) -> Vec<(String, Vec<u8>)> {
    vec![
        (
            "[Content_Types].xml".into(),
            DOCX_CONTENT_TYPES.as_bytes().to_vec(),
        ),
        ("_rels/.rels".into(), DOCX_ROOT_RELS.as_bytes().to_vec()),
        ("word/document.xml".into(), document_xml.to_vec()),
    ]
}

fn docx_with_body(body: &str) -> Vec<u8> {
    zip_of_owned(&docx_parts(docx_document("", body).as_bytes()))
}

const CLEAN_TITLE: &str = "关于开展春季义务植树活动的通知";
const CLEAN_BODY: &str =
    "各单位：为改善生态环境，定于三月十二日组织义务植树活动，请各单位按时参加。";

fn xlsx_with_rows(rows: &[Vec<String>]) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            ws.write_string(r as u32, c as u16, v).unwrap();
        }
    }
    wb.save_to_buffer().expect("xlsx")
}

fn clean_xlsx() -> Vec<u8> {
    xlsx_with_rows(&[
        vec!["序号".into(), "树种".into(), "数量".into()],
        vec!["1".into(), "香樟".into(), "120".into()],
        vec!["2".into(), "银杏".into(), "80".into()],
    ])
}

const SHEET_NS: &str = r#"xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main""#;

fn sheet_xml(doctype: &str, sheet_data_inner: &str) -> String {
    format!("{XML_DECL}\n{doctype}<worksheet {SHEET_NS}><sheetData>{sheet_data_inner}</sheetData></worksheet>")
}

fn inline_cell_row(text: &str) -> String {
    format!(r#"<row r="1"><c r="A1" t="inlineStr"><is><t>{text}</t></is></c></row>"#)
}

/// The parts of a clean rust_xlsxwriter workbook with `xl/worksheets/sheet1.xml` replaced.
fn xlsx_parts_with_sheet(sheet: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut parts = unzip(&clean_xlsx());
    let p = parts
        .iter_mut()
        .find(|(n, _)| n == "xl/worksheets/sheet1.xml")
        .expect("sheet1.xml");
    p.1 = sheet.to_vec();
    parts
}

const OFD_NS: &str = r#"xmlns:ofd="http://www.ofdspec.org/2016""#;

fn ofd_page(doctype: &str, layer_inner: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
{doctype}<ofd:Page {OFD_NS}><ofd:Content><ofd:Layer ID="2">{layer_inner}</ofd:Layer></ofd:Content></ofd:Page>"#
    )
}

fn ofd_text(id: u32, y: u32, text: &str) -> String {
    format!(
        r#"<ofd:TextObject ID="{id}" Boundary="20 {y} 170 10" Font="3" Size="5"><ofd:TextCode X="0" Y="5">{text}</ofd:TextCode></ofd:TextObject>"#
    )
}

fn ofd_parts(content_xml: &[u8]) -> Vec<(String, Vec<u8>)> {
    let ofd_xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<ofd:OFD {OFD_NS} Version="1.0" DocType="OFD"><ofd:DocBody><ofd:DocInfo><ofd:DocID>0a1b2c</ofd:DocID></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>"#
    );
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<ofd:Document {OFD_NS}><ofd:CommonData><ofd:MaxUnitID>100</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea></ofd:CommonData><ofd:Pages><ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/></ofd:Pages></ofd:Document>"#
    );
    vec![
        ("OFD.xml".into(), ofd_xml.into_bytes()),
        ("Doc_0/Document.xml".into(), document.into_bytes()),
        (
            "Doc_0/Pages/Page_0/Content.xml".into(),
            content_xml.to_vec(),
        ),
    ]
}

fn ofd_with_lines(lines: &[&str]) -> Vec<u8> {
    let objs: String = lines
        .iter()
        .enumerate()
        .map(|(i, l)| ofd_text(10 + i as u32, 20 + 12 * i as u32, l))
        .collect();
    zip_of_owned(&ofd_parts(ofd_page("", &objs).as_bytes()))
}

fn ods_with_rows(rows: &[Vec<String>]) -> Vec<u8> {
    let mut table = String::new();
    for row in rows {
        table.push_str("<table:table-row>");
        for c in row {
            table.push_str(&format!(
                r#"<table:table-cell office:value-type="string"><text:p>{c}</text:p></table:table-cell>"#
            ));
        }
        table.push_str("</table:table-row>");
    }
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="名单">{table}</table:table></office:spreadsheet></office:body></office:document-content>"#
    );
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    zip_of(&[
        (
            "mimetype",
            b"application/vnd.oasis.opendocument.spreadsheet",
        ),
        ("META-INF/manifest.xml", manifest.as_bytes()),
        ("content.xml", content.as_bytes()),
    ])
}

fn html_page(doctype: &str, body: &str) -> String {
    format!(
        "{doctype}\n<html><head><meta charset=\"utf-8\"><title>{CLEAN_TITLE}</title></head><body>{body}</body></html>\n"
    )
}

// ---------------------------------------------------------------------------------------------
// PDF

fn pdf_from(objs: &[(u32, Vec<u8>)], root: u32) -> Vec<u8> {
    let mut out = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offs = Vec::new();
    for (n, body) in objs {
        offs.push((*n, out.len()));
        out.extend(format!("{n} 0 obj\n").as_bytes());
        out.extend(body);
        out.extend(b"\nendobj\n");
    }
    let size = objs.iter().map(|(n, _)| *n).max().unwrap_or(0) + 1;
    let xref_at = out.len();
    out.extend(format!("xref\n0 {size}\n").as_bytes());
    for n in 0..size {
        match offs.iter().find(|(m, _)| *m == n) {
            Some((_, off)) => out.extend(format!("{off:010} 00000 n \n").as_bytes()),
            None => out.extend(b"0000000000 65535 f \n"),
        }
    }
    out.extend(
        format!("trailer\n<< /Size {size} /Root {root} 0 R >>\nstartxref\n{xref_at}\n%%EOF\n")
            .as_bytes(),
    );
    out
}

fn pdf_stream(dict_extra: &str, data: &[u8]) -> Vec<u8> {
    let mut v = format!("<< /Length {} {dict_extra} >>\nstream\n", data.len()).into_bytes();
    v.extend(data);
    v.extend(b"\nendstream");
    v
}

fn pdf_page(parent: u32, contents: u32) -> Vec<u8> {
    format!(
        "<< /Type /Page /Parent {parent} 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents {contents} 0 R >>"
    )
    .into_bytes()
}

const PDF_FONT: &str = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>";

fn pdf_text_content(text: &str) -> Vec<u8> {
    format!("BT /F1 12 Tf 72 760 Td ({text}) Tj ET").into_bytes()
}

/// A valid two-page PDF; each page's text is in its own compressed content stream.
fn pdf_two_pages(text1: &str, text2: &str) -> Vec<u8> {
    pdf_from(
        &[
            (1, b"<< /Type /Catalog /Pages 2 0 R >>".to_vec()),
            (
                2,
                b"<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>".to_vec(),
            ),
            (3, pdf_page(2, 6)),
            (4, pdf_page(2, 7)),
            (5, PDF_FONT.as_bytes().to_vec()),
            (
                6,
                pdf_stream(
                    "/Filter /FlateDecode",
                    &zlib_plain(&pdf_text_content(text1)),
                ),
            ),
            (
                7,
                pdf_stream(
                    "/Filter /FlateDecode",
                    &zlib_plain(&pdf_text_content(text2)),
                ),
            ),
        ],
        1,
    )
}

// ---------------------------------------------------------------------------------------------
// hostile XML pieces

/// The classic billion laughs: 10^9 × "lol" (3 GB) if expanded.
fn lol_doctype(root: &str) -> String {
    let mut s = format!("<!DOCTYPE {root} [\n<!ENTITY lol \"lol\">\n");
    for i in 1..=9 {
        let prev = if i == 1 {
            "lol".to_string()
        } else {
            format!("lol{}", i - 1)
        };
        s.push_str(&format!(
            "<!ENTITY lol{i} \"{}\">\n",
            format!("&{prev};").repeat(10)
        ));
    }
    s.push_str("]>\n");
    s
}

/// Quadratic blowup: a 100 kB entity referenced 100 000 times (10 GB if expanded).
fn quadratic_doctype(root: &str) -> String {
    format!(
        "<!DOCTYPE {root} [\n<!ENTITY a \"{}\">\n]>\n",
        "a".repeat(100_000)
    )
}

fn xxe_doctype(root: &str, target: &Path) -> String {
    format!(
        "<!DOCTYPE {root} [\n<!ENTITY xxe SYSTEM \"file://{}\">\n]>\n",
        target.display()
    )
}

const DEEP: usize = 100_000;

// =============================================================================================
// 0. the hand-made DEFLATE and zip are what they claim to be

#[test]
fn builders_are_sound() {
    // CRC and Adler of fill runs against the direct computation
    for (fill, n) in [(0u8, 1u64), (0, 12_345), (b'A', 70_001), (0xFF, 3)] {
        let data = vec![fill; n as usize];
        assert_eq!(
            !crc_update_fill(crc_update(!0, b"xy"), fill, n),
            crc32(&[b"xy".as_slice(), &data].concat())
        );
        assert_eq!(
            adler_update_fill((7, 9), fill, n),
            adler_update((7, 9), &data)
        );
    }
    // a bomb with prefix and suffix, read back through the zip crate (real inflate + CRC check)
    let bomb = Bomb::at_least(b"<p>prefix \xE4\xB8\xAD", b'A', 300_000, b" suffix</p>\n");
    assert!(bomb.len() >= 300_000 && bomb.len() < 300_000 + 258);
    let plain = "普通文本 plain text".as_bytes();
    let z = zip_raw(&[
        ZEntry::bomb("bomb.txt", &bomb),
        ZEntry::deflated("plain.txt", plain),
        ZEntry::stored("stored.txt", plain),
    ]);
    let got = unzip(&z);
    assert_eq!(got[0].1, bomb.materialize());
    assert_eq!(got[1].1, plain);
    assert_eq!(got[2].1, plain);
    // an empty-prefix zeros bomb
    let zeros = Bomb::at_least(b"", 0, 1_000_000, b"");
    let got = unzip(&zip_raw(&[ZEntry::bomb("z", &zeros)]));
    assert_eq!(got[0].1, zeros.materialize());
    // the zlib wrapper's Adler-32 over a materialized run
    let (a, b) = adler_update((1, 0), &bomb.materialize());
    assert_eq!(bomb.adler32(), ((b << 16) | a) as u32);
    // 1 GiB costs about 1 MiB
    let big = Bomb::at_least(b"", 0, GIB, b"");
    assert!(big.len() >= GIB);
    assert!(big.deflate().len() < 1_100_000);
    // the fixtures used for damaged copies are valid containers
    for (name, bytes) in [
        ("docx", docx_with_body(&para(CLEAN_TITLE))),
        ("xlsx", clean_xlsx()),
        ("ofd", ofd_with_lines(&[CLEAN_TITLE])),
    ] {
        assert!(!unzip(&bytes).is_empty(), "{name}");
    }
}

// =============================================================================================
// 1. controls: the fixtures are readable, clean ones pass and ones with an ID block

#[test]
fn controls_pass_and_block_as_expected() {
    let id = resident_id("330106", "19850312", 401);
    let d = tempfile::tempdir().unwrap();
    let dp = d.path();
    let id_line = format!("身份证号：{id}");
    write(
        dp,
        "clean.docx",
        docx_with_body(&(para(CLEAN_TITLE) + &para(CLEAN_BODY))),
    );
    write(
        dp,
        "id.docx",
        docx_with_body(&(para(CLEAN_TITLE) + &para(&id_line))),
    );
    write(dp, "clean.xlsx", clean_xlsx());
    write(
        dp,
        "id.xlsx",
        xlsx_parts_with_sheet(sheet_xml("", &inline_cell_row(&id)).as_bytes())
            .pipe(|p| zip_of_owned(&p)),
    );
    write(dp, "clean.ofd", ofd_with_lines(&[CLEAN_TITLE, CLEAN_BODY]));
    write(dp, "id.ofd", ofd_with_lines(&[CLEAN_TITLE, &id_line]));
    write(
        dp,
        "clean.html",
        html_page("<!DOCTYPE html>", &format!("<p>{CLEAN_BODY}</p>")),
    );
    write(
        dp,
        "id.html",
        html_page("<!DOCTYPE html>", &format!("<p>{id_line}</p>")),
    );
    write(
        dp,
        "clean.zip",
        zip_of(&[(
            "通知.txt",
            format!("{CLEAN_TITLE}\n{CLEAN_BODY}\n").as_bytes(),
        )]),
    );
    write(
        dp,
        "id.zip",
        zip_of(&[("名单.txt", format!("{CLEAN_TITLE}\n{id_line}\n").as_bytes())]),
    );
    // the valid hand-written docx/xlsx parts stored by hand (as the bombs are) also read fine
    write(
        dp,
        "clean_stored.docx",
        zip_raw(
            &docx_parts(docx_document("", &para(CLEAN_TITLE)).as_bytes())
                .iter()
                .map(|(n, d)| ZEntry::stored(n, d))
                .collect::<Vec<_>>(),
        ),
    );
    write(
        dp,
        "clean_rawdeflate.ofd",
        zip_raw(
            &ofd_parts(ofd_page("", &ofd_text(10, 20, CLEAN_TITLE)).as_bytes())
                .iter()
                .map(|(n, d)| ZEntry::deflated(n, d))
                .collect::<Vec<_>>(),
        ),
    );
    let m = scan_measured("controls", dp, &[OsStr::new(".")]);
    let mut f = Failures::default();
    check_run(&m, MAX_GROUP_WALL, false, std::slice::from_ref(&id), &mut f);
    for r in m.reports() {
        let p = r["item"]["path"].as_str().unwrap_or("");
        let file = p.rsplit('/').next().unwrap_or("");
        let want = if file.starts_with("clean") {
            "pass"
        } else {
            "block"
        };
        if r["verdict"] != want {
            f.push(format!("control {file}: expected {want}: {}", brief(r)));
        }
        if want == "block" && !has(r, "personal_info", "cn_resident_id") {
            f.push(format!("control {file}: ID not found: {}", brief(r)));
        }
    }
    if m.reports().len() != 12 {
        f.push(format!(
            "controls: {} reports, expected 12",
            m.reports().len()
        ));
    }
    f.finish();
}

// =============================================================================================
// 2. zip bombs

/// 42.zip style: `levels` levels of `fanout` zips each; the innermost holds 1 GiB of zeros.
fn nested_bomb(levels: usize, fanout: usize) -> Vec<u8> {
    let mut cur = zip_raw(&[ZEntry::bomb("0.txt", &Bomb::at_least(b"", 0, GIB, b""))]);
    for _ in 1..levels {
        let names: Vec<String> = (0..fanout).map(|i| format!("{i:x}.zip")).collect();
        let files: Vec<(&str, &[u8])> =
            names.iter().map(|n| (n.as_str(), cur.as_slice())).collect();
        cur = zip_of(&files);
    }
    cur
}

/// `n` central-directory entries (distinct names) all pointing at one local entry.
fn overlapping_zip(n: usize, per_entry: &Bomb) -> Vec<u8> {
    let e = ZEntry::bomb("a.txt", per_entry);
    let mut out = e.local_header();
    out.extend(&e.data);
    let cd_off = out.len() as u32;
    let mut cd = Vec::new();
    for i in 0..n {
        cd.extend(e.central_header(0, format!("a{i:05}.txt").as_bytes()));
    }
    out.extend(&cd);
    out.extend(eocd(n as u16, cd.len() as u32, cd_off));
    out
}

/// One real entry, but the end records claim `claim` entries (zip64 when it does not fit
/// 16 bits); `cd_size_claim` overrides the central directory's size.
fn claims_entries_zip(claim: u64, cd_size_claim: Option<u64>) -> Vec<u8> {
    let e = ZEntry::stored("a.txt", "普通内容".as_bytes());
    let mut out = e.local_header();
    out.extend(&e.data);
    let cd_off = out.len() as u64;
    let cd = e.central_header(0, &e.name);
    out.extend(&cd);
    let cd_size = cd_size_claim.unwrap_or(cd.len() as u64);
    if claim <= 0xFFFF && cd_size_claim.is_none() {
        out.extend(eocd(claim as u16, cd_size as u32, cd_off as u32));
        return out;
    }
    let z64_off = out.len() as u64;
    out.extend(0x0606_4b50u32.to_le_bytes());
    out.extend(44u64.to_le_bytes());
    out.extend(45u16.to_le_bytes());
    out.extend(45u16.to_le_bytes());
    out.extend(0u32.to_le_bytes());
    out.extend(0u32.to_le_bytes());
    out.extend(claim.to_le_bytes());
    out.extend(claim.to_le_bytes());
    out.extend(cd_size.to_le_bytes());
    out.extend(cd_off.to_le_bytes());
    out.extend(0x0706_4b50u32.to_le_bytes());
    out.extend(0u32.to_le_bytes());
    out.extend(z64_off.to_le_bytes());
    out.extend(1u32.to_le_bytes());
    out.extend(eocd(0xFFFF, u32::MAX, u32::MAX));
    out
}

#[test]
fn zip_bombs() {
    let mut f = Failures::default();
    let mut cases: Vec<(&str, Vec<u8>)> = Vec::new();

    // flat: one entry, 1 GiB of zeros
    cases.push((
        "flat_1gib.zip",
        zip_raw(&[ZEntry::bomb("data.txt", &Bomb::at_least(b"", 0, GIB, b""))]),
    ));
    // high ratio below the per-entry size cap: 500 MiB of text at ~1000:1
    cases.push((
        "ratio_500mib.zip",
        zip_raw(&[
            ZEntry::deflated("说明.txt", CLEAN_BODY.as_bytes()),
            ZEntry::bomb("data.txt", &Bomb::at_least(b"", b'A', 500 * MIB, b"")),
        ]),
    ));
    // a liar: declares 1000 bytes (CRC of the real content), inflates to 1 GiB
    cases.push(("liar_1gib.zip", {
        let mut e = ZEntry::bomb("data.txt", &Bomb::at_least(b"", b'A', GIB, b""));
        e.usize = 1000;
        zip_raw(&[e])
    }));
    // zip64 extra field declaring 2^62 bytes
    cases.push(("zip64_exabytes.zip", {
        let mut e = ZEntry::bomb("data.txt", &Bomb::at_least(b"", b'A', MIB, b""));
        e.zip64_usize = Some(1 << 62);
        zip_raw(&[e])
    }));
    // nested: 10 levels × 8 entries, and the classic 42.zip shape (5 levels × 16 entries)
    cases.push(("nested_10x8.zip", nested_bomb(10, 8)));
    cases.push(("nested_42.zip", nested_bomb(5, 16)));
    // overlapping entries: two central-directory entries on the same local data (1 GiB), and
    // 1023 entries on one 1 MiB local entry (each entry below the ratio check's size floor,
    // together just under the 1 GiB total budget)
    cases.push((
        "overlap_2.zip",
        overlapping_zip(2, &Bomb::at_least(b"", b'A', 300 * MIB, b"")),
    ));
    cases.push((
        "overlap_1023.zip",
        overlapping_zip(1023, &Bomb::at_most(b"", b'A', MIB, b"")),
    ));
    // the same 1023 × 1 MiB without overlap: each entry has its own copy
    cases.push(("spread_1023x1mib.zip", {
        let b = Bomb::at_most(b"", b'A', MIB, b"");
        let entries: Vec<ZEntry> = (0..1023)
            .map(|i| ZEntry::bomb(&format!("{i:04}.txt"), &b))
            .collect();
        zip_raw(&entries)
    }));
    // central directory claims
    cases.push(("claims_1m_entries.zip", claims_entries_zip(1_000_000, None)));
    cases.push((
        "claims_1m_entries_46mb_cd.zip",
        claims_entries_zip(1_000_000, Some(46_000_000)),
    ));
    cases.push(("claims_65535_entries.zip", claims_entries_zip(65_535, None)));
    // really too many entries
    cases.push(("entries_10001.zip", {
        let entries: Vec<ZEntry> = (0..10_001)
            .map(|i| ZEntry::stored(&format!("e{i:05}.txt"), b""))
            .collect();
        zip_raw(&entries)
    }));

    for (name, bytes) in &cases {
        assert!(
            bytes.len() < 12 * 1024 * 1024,
            "{name} is {} bytes",
            bytes.len()
        );
        hostile_single(name, bytes, true, &[], &mut f);
    }
    f.finish();
}

// =============================================================================================
// 3. bombs disguised as office documents and OFD

#[test]
fn office_and_ofd_bombs() {
    let mut f = Failures::default();
    let id = resident_id("440305", "19760229", 512);
    let id_para = para(&format!("身份证号：{id}"));

    // docx: word/document.xml inflates to 1 GiB of text inside one w:t (valid XML)
    let doc_prefix = format!(
        "{XML_DECL}<w:document {W_NS}><w:body>{}<w:p><w:r><w:t>",
        para(CLEAN_TITLE)
    );
    let doc_suffix = format!("</w:t></w:r></w:p>{id_para}<w:sectPr/></w:body></w:document>");
    let docx = |size: u64| {
        container_with(
            &docx_parts(b"placeholder"),
            "word/document.xml",
            ZEntry::bomb(
                "",
                &Bomb::at_least(doc_prefix.as_bytes(), b'A', size, doc_suffix.as_bytes()),
            ),
        )
    };
    // xlsx: sheet1.xml is 1 GiB of text in one inline-string cell
    let sheet_prefix = format!(
        r#"{XML_DECL}<worksheet {SHEET_NS}><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>"#
    );
    let sheet_suffix = format!(
        r#"</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>{id}</t></is></c></row></sheetData></worksheet>"#
    );
    let xlsx = |size: u64| {
        container_with(
            &xlsx_parts_with_sheet(b"placeholder"),
            "xl/worksheets/sheet1.xml",
            ZEntry::bomb(
                "",
                &Bomb::at_least(sheet_prefix.as_bytes(), b'A', size, sheet_suffix.as_bytes()),
            ),
        )
    };
    // OFD: Content.xml is 1 GiB of text in one TextCode
    let ofd_prefix = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><ofd:Page {OFD_NS}><ofd:Content><ofd:Layer ID="2">{}<ofd:TextObject ID="11" Boundary="20 40 170 10" Font="3" Size="5"><ofd:TextCode X="0" Y="5">"#,
        ofd_text(10, 20, CLEAN_TITLE)
    );
    let ofd_suffix = format!(
        "</ofd:TextCode></ofd:TextObject>{}</ofd:Layer></ofd:Content></ofd:Page>",
        ofd_text(12, 60, &format!("身份证号：{id}"))
    );
    let ofd = |size: u64| {
        container_with(
            &ofd_parts(b"placeholder"),
            "Doc_0/Pages/Page_0/Content.xml",
            ZEntry::bomb(
                "",
                &Bomb::at_least(ofd_prefix.as_bytes(), b'A', size, ofd_suffix.as_bytes()),
            ),
        )
    };
    let zip_1g = zip_raw(&[ZEntry::bomb("data.txt", &Bomb::at_least(b"", 0, GIB, b""))]);

    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("bomb_1gib.docx", docx(GIB)),
        ("bomb_400mib.docx", docx(400 * MIB)),
        ("bomb_1gib.xlsx", xlsx(GIB)),
        ("bomb_400mib.xlsx", xlsx(400 * MIB)),
        ("bomb_1gib.ofd", ofd(GIB)),
        ("bomb_400mib.ofd", ofd(400 * MIB)),
        // the plain zip bomb under office extensions
        ("zip_bomb_named.docx", zip_1g.clone()),
        ("zip_bomb_named.xlsx", zip_1g.clone()),
        ("zip_bomb_named.ofd", zip_1g),
    ];
    for (name, bytes) in &cases {
        hostile_single(name, bytes, true, std::slice::from_ref(&id), &mut f);
    }
    f.finish();
}

// =============================================================================================
// 4. billion laughs, quadratic blowup, external entities

/// Billion laughs, quadratic blowup and external entities in docx, xlsx, OFD, HTML, SVG and a
/// plain `.xml`; the external entity points at a canary file holding an ID.
fn entity_cases(canary: &Path) -> Vec<(String, Vec<u8>)> {
    let lol_w = lol_doctype("w:document");
    vec![
        (
            "lol.docx".into(),
            docx_parts(docx_document(&lol_w, &(para(CLEAN_TITLE) + &para("&lol9;"))).as_bytes())
                .pipe(|p| zip_of_owned(&p)),
        ),
        (
            "quadratic.docx".into(),
            docx_parts(
                docx_document(
                    &quadratic_doctype("w:document"),
                    &(para(CLEAN_TITLE) + &para(&"&a;".repeat(100_000))),
                )
                .as_bytes(),
            )
            .pipe(|p| zip_of_owned(&p)),
        ),
        (
            "xxe.docx".into(),
            docx_parts(
                docx_document(
                    &xxe_doctype("w:document", canary),
                    &(para(CLEAN_TITLE) + &para("&xxe;")),
                )
                .as_bytes(),
            )
            .pipe(|p| zip_of_owned(&p)),
        ),
        (
            "lol.xlsx".into(),
            xlsx_parts_with_sheet(
                sheet_xml(&lol_doctype("worksheet"), &inline_cell_row("&lol9;")).as_bytes(),
            )
            .pipe(|p| zip_of_owned(&p)),
        ),
        (
            "xxe.xlsx".into(),
            xlsx_parts_with_sheet(
                sheet_xml(&xxe_doctype("worksheet", canary), &inline_cell_row("&xxe;")).as_bytes(),
            )
            .pipe(|p| zip_of_owned(&p)),
        ),
        (
            "lol.ofd".into(),
            ofd_parts(
                ofd_page(
                    &lol_doctype("ofd:Page"),
                    &(ofd_text(10, 20, CLEAN_TITLE) + &ofd_text(11, 40, "&lol9;")),
                )
                .as_bytes(),
            )
            .pipe(|p| zip_of_owned(&p)),
        ),
        (
            "xxe.ofd".into(),
            ofd_parts(
                ofd_page(
                    &xxe_doctype("ofd:Page", canary),
                    &(ofd_text(10, 20, CLEAN_TITLE) + &ofd_text(11, 40, "&xxe;")),
                )
                .as_bytes(),
            )
            .pipe(|p| zip_of_owned(&p)),
        ),
        (
            "lol.html".into(),
            html_page(&lol_doctype("html"), "<p>&lol9;</p>").into_bytes(),
        ),
        (
            "xxe.html".into(),
            html_page(&xxe_doctype("html", canary), "<p>&xxe;</p>").into_bytes(),
        ),
        (
            "lol.svg".into(),
            format!(
                "<?xml version=\"1.0\"?>\n{}<svg xmlns=\"http://www.w3.org/2000/svg\"><text>&lol9;</text></svg>\n",
                lol_doctype("svg")
            )
            .into_bytes(),
        ),
        (
            "lol.xml".into(),
            format!(
                "<?xml version=\"1.0\"?>\n{}<lolz>&lol9;</lolz>\n",
                lol_doctype("lolz")
            )
            .into_bytes(),
        ),
    ]
}

/// HTML, SVG and a plain `.xml` file are read as markup or text; the containers (docx, xlsx,
/// OFD) are XML packages whose formats do not allow a DTD at all.
fn is_markup_text(name: &str) -> bool {
    name.ends_with(".html") || name.ends_with(".svg") || name.ends_with(".xml")
}

/// A canary file for external entities: if a parser fetched it, the ID would be found and the
/// canary text would show up in an excerpt.
fn xxe_canary(id: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "canary.txt",
        format!("XXECANARY7f3a 身份证号：{id}\n"),
    );
    (dir, p)
}

/// No entity is ever expanded or fetched (time, memory, canary), and a docx/xlsx/OFD with a
/// DTD is never `pass` (OPC and OFD packages must not carry one: the part is malformed).
#[test]
fn entity_expansion_never_happens() {
    let mut f = Failures::default();
    let id = resident_id("110105", "20010715", 733);
    let (_keep, canary) = xxe_canary(&id);
    for (name, bytes) in &entity_cases(&canary) {
        let m = hostile_single(
            name,
            bytes,
            !is_markup_text(name),
            std::slice::from_ref(&id),
            &mut f,
        );
        if let Some(r) = m.report_ending(name) {
            if has(r, "personal_info", "cn_resident_id") {
                f.push(format!(
                    "{name}: the external entity was resolved (the canary's ID was found): {}",
                    brief(r)
                ));
            }
        }
        let all = [m.stdout.as_str(), m.stderr.as_str()]
            .into_iter()
            .chain(m.out_files.iter().map(|(_, t)| t.as_str()));
        for t in all {
            if t.contains("XXECANARY7f3a") {
                f.push(format!(
                    "{name}: output contains the external entity's content"
                ));
                break;
            }
            if t.contains("lollollollollol") {
                f.push(format!("{name}: output contains expanded entities"));
                break;
            }
        }
    }
    f.finish();
}

/// The issue's "every hostile file is review or block" for the billion-laughs / external-entity
/// HTML, SVG and plain XML files (no expansion happens either way: see the test above).
#[test]
fn entity_declarations_in_html_svg_xml_are_not_pass() {
    let mut f = Failures::default();
    let id = resident_id("110105", "20010715", 733);
    let (_keep, canary) = xxe_canary(&id);
    for (name, bytes) in entity_cases(&canary)
        .iter()
        .filter(|(n, _)| is_markup_text(n))
    {
        hostile_single(name, bytes, true, std::slice::from_ref(&id), &mut f);
    }
    f.finish();
}

// =============================================================================================
// 5. 100 000-deep nesting

fn deep_cases() -> Vec<(&'static str, Vec<u8>)> {
    let open = |t: &str| format!("<{t}>").repeat(DEEP);
    let close = |t: &str| format!("</{t}>").repeat(DEEP);
    let half = DEEP / 2;
    let sdt_open = "<w:sdt><w:sdtContent>".repeat(half);
    let sdt_close = "</w:sdtContent></w:sdt>".repeat(half);
    let blocks_open: String = (0..DEEP)
        .map(|i| format!(r#"<ofd:PageBlock ID="{}">"#, 100 + i))
        .collect();
    let blocks_close = "</ofd:PageBlock>".repeat(DEEP);
    vec![
        (
            "deep_closed.html",
            html_page(
                "<!DOCTYPE html>",
                &format!("{}<p>{CLEAN_BODY}</p>{}", open("div"), close("div")),
            )
            .into_bytes(),
        ),
        (
            "deep_unclosed.html",
            html_page(
                "<!DOCTYPE html>",
                &format!("{}<p>{CLEAN_BODY}</p>", open("div")),
            )
            .into_bytes(),
        ),
        (
            "deep_sdt.docx",
            docx_with_body(&format!(
                "{}{sdt_open}{}{sdt_close}",
                para(CLEAN_TITLE),
                para(CLEAN_BODY)
            )),
        ),
        (
            "deep_generic.docx",
            docx_with_body(&format!(
                "{}{}{}{}",
                para(CLEAN_TITLE),
                open("w:customXml"),
                para(CLEAN_BODY),
                close("w:customXml")
            )),
        ),
        (
            "deep_sheet.xlsx",
            xlsx_parts_with_sheet(
                sheet_xml(
                    "",
                    &format!(
                        "{}{}{}",
                        inline_cell_row(CLEAN_TITLE),
                        open("x"),
                        close("x")
                    ),
                )
                .as_bytes(),
            )
            .pipe(|p| zip_of_owned(&p)),
        ),
        (
            "deep_cell.xlsx",
            xlsx_parts_with_sheet(
                sheet_xml(
                    "",
                    &format!(
                        r#"<row r="1"><c r="A1" t="inlineStr"><is>{}<t>{CLEAN_TITLE}</t>{}</is></c></row>"#,
                        open("r"),
                        close("r")
                    ),
                )
                .as_bytes(),
            )
            .pipe(|p| zip_of_owned(&p)),
        ),
        (
            "deep_pageblock.ofd",
            ofd_parts(
                ofd_page(
                    "",
                    &format!(
                        "{}{blocks_open}{}{blocks_close}",
                        ofd_text(10, 20, CLEAN_TITLE),
                        ofd_text(11, 40, CLEAN_BODY)
                    ),
                )
                .as_bytes(),
            )
            .pipe(|p| zip_of_owned(&p)),
        ),
    ]
}

/// docx, xlsx and OFD parts nested 100 000 deep: time, memory, and never `pass`; the HTML ones:
/// time and memory.
#[test]
fn deep_nesting() {
    let mut f = Failures::default();
    for (name, bytes) in &deep_cases() {
        hostile_single(name, bytes, !name.ends_with(".html"), &[], &mut f);
    }
    f.finish();
}

/// The issue's "every hostile file is review or block" for 100 000-deep HTML.
#[test]
fn deep_html_nesting_is_not_pass() {
    let mut f = Failures::default();
    for (name, bytes) in deep_cases().iter().filter(|(n, _)| n.ends_with(".html")) {
        hostile_single(name, bytes, true, &[], &mut f);
    }
    f.finish();
}

// =============================================================================================
// 6. hostile PDFs (until PDF support lands a PDF is unreadable/unsupported_format: review;
//    only the verdict/time/RSS contract is asserted, not which finding)

/// (name, bytes, must not pass). Two are this suite's own additions whose content a recovering
/// reader can read completely (an unreferenced huge stream, a self-referencing /Length): for
/// them only time and memory are asserted.
fn hostile_pdfs() -> Vec<(&'static str, Vec<u8>, bool)> {
    let page_text = zlib_plain(&pdf_text_content("Notice of the spring tree planting"));
    let font = (5, PDF_FONT.as_bytes().to_vec());
    let content = (6, pdf_stream("/Filter /FlateDecode", &page_text));
    let mut v: Vec<(&'static str, Vec<u8>)> = Vec::new();

    // the page tree's kid points back at its parent
    v.push((
        "cyclic_pages.pdf",
        pdf_from(
            &[
                (1, b"<< /Type /Catalog /Pages 2 0 R >>".to_vec()),
                (2, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec()),
                (
                    3,
                    b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R 4 0 R] /Count 1 >>".to_vec(),
                ),
                (4, pdf_page(3, 6)),
                font.clone(),
                content.clone(),
            ],
            1,
        ),
    ));
    // a Pages node that lists itself among its kids
    v.push((
        "self_kid.pdf",
        pdf_from(
            &[
                (1, b"<< /Type /Catalog /Pages 2 0 R >>".to_vec()),
                (
                    2,
                    b"<< /Type /Pages /Kids [2 0 R 4 0 R] /Count 2 >>".to_vec(),
                ),
                (4, pdf_page(2, 6)),
                font.clone(),
                content.clone(),
            ],
            1,
        ),
    ));
    // a content stream that inflates to 1 GiB of text
    let huge = Bomb::at_least(b"BT /F1 12 Tf 72 760 Td (", b'A', GIB, b") Tj ET");
    v.push((
        "huge_flate.pdf",
        pdf_from(
            &[
                (1, b"<< /Type /Catalog /Pages 2 0 R >>".to_vec()),
                (2, b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>".to_vec()),
                (4, pdf_page(2, 6)),
                font.clone(),
                (6, pdf_stream("/Filter /FlateDecode", &huge.zlib())),
            ],
            1,
        ),
    ));
    // the same stream in an object nothing refers to (readers that inflate every stream)
    v.push((
        "huge_flate_unreferenced.pdf",
        pdf_from(
            &[
                (1, b"<< /Type /Catalog /Pages 2 0 R >>".to_vec()),
                (2, b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>".to_vec()),
                (4, pdf_page(2, 6)),
                font.clone(),
                content.clone(),
                (9, pdf_stream("/Filter /FlateDecode", &huge.zlib())),
            ],
            1,
        ),
    ));
    // the xref table and startxref point beyond the end of the file
    v.push(("xref_nowhere.pdf", {
        let good = pdf_two_pages("Page one", "Page two");
        let text = String::from_utf8_lossy(&good).into_owned();
        let at = text.rfind("xref\n0 ").unwrap();
        let mut out = good[..at].to_vec();
        out.extend(b"xref\n0 8\n0000000000 65535 f \n");
        for i in 1..8 {
            out.extend(format!("{:010} 00000 n \n", 90_000_000 + i * 1000).as_bytes());
        }
        out.extend(b"trailer\n<< /Size 8 /Root 1 0 R >>\nstartxref\n987654321\n%%EOF\n");
        out
    }));
    // an object stream that contains itself (xref stream type-2 entry for the stream's own
    // number, and /Extends pointing at itself)
    v.push(("objstm_self.pdf", {
        let objs = [
            (1u32, "<< /Type /Catalog /Pages 2 0 R >>"),
            (2, "<< /Type /Pages /Kids [] /Count 0 >>"),
            (5, "<< /Type /ObjStm /N 3 /First 0 /Extends 5 0 R >>"),
        ];
        let mut body = String::new();
        let mut header = String::new();
        for (n, o) in objs {
            header.push_str(&format!("{n} {} ", body.len()));
            body.push_str(o);
            body.push(' ');
        }
        let first = header.len();
        let data = format!("{header}{body}");
        let mut out = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n".to_vec();
        out.extend(b"5 0 obj\n");
        out.extend(pdf_stream(
            &format!("/Type /ObjStm /N 3 /First {first} /Extends 5 0 R"),
            data.as_bytes(),
        ));
        out.extend(b"\nendobj\n");
        let off6 = out.len();
        let mut xs = Vec::new();
        let entry = |t: u8, f2: u32, f3: u16| {
            let mut e = vec![t];
            e.extend(f2.to_be_bytes());
            e.extend(f3.to_be_bytes());
            e
        };
        xs.extend(entry(0, 0, 0xFFFF));
        xs.extend(entry(2, 5, 0));
        xs.extend(entry(2, 5, 1));
        xs.extend(entry(0, 0, 0));
        xs.extend(entry(0, 0, 0));
        xs.extend(entry(2, 5, 2)); // object 5 lives in object stream 5
        xs.extend(entry(1, off6 as u32, 0));
        out.extend(b"6 0 obj\n");
        out.extend(pdf_stream(
            "/Type /XRef /Size 7 /W [1 4 2] /Root 1 0 R",
            &xs,
        ));
        out.extend(format!("\nendobj\nstartxref\n{off6}\n%%EOF\n").as_bytes());
        out
    }));
    // /Length is an indirect reference to the stream object itself
    v.push(("length_self_ref.pdf", {
        let mut out = pdf_from(
            &[
                (1, b"<< /Type /Catalog /Pages 2 0 R >>".to_vec()),
                (2, b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>".to_vec()),
                (4, pdf_page(2, 6)),
                font.clone(),
                (6, {
                    let mut s = b"<< /Length 6 0 R /Filter /FlateDecode >>\nstream\n".to_vec();
                    s.extend(&page_text);
                    s.extend(b"\nendstream");
                    s
                }),
            ],
            1,
        );
        out.extend(b"\n");
        out
    }));
    // 100 000 nested arrays and dictionaries (recursive-descent parsers overflow their stack)
    v.push((
        "deep_arrays.pdf",
        pdf_from(
            &[
                (
                    1,
                    format!(
                        "<< /Type /Catalog /Pages 2 0 R /Junk {}{} >>",
                        "[".repeat(DEEP),
                        "]".repeat(DEEP)
                    )
                    .into_bytes(),
                ),
                (2, b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>".to_vec()),
                (4, pdf_page(2, 6)),
                font.clone(),
                content.clone(),
                (
                    7,
                    format!(
                        "{}/X 1{}",
                        "<< /A ".repeat(DEEP / 2),
                        " >>".repeat(DEEP / 2)
                    )
                    .into_bytes(),
                ),
            ],
            1,
        ),
    ));
    v.into_iter()
        .map(|(n, b)| {
            let strict = !matches!(n, "huge_flate_unreferenced.pdf" | "length_self_ref.pdf");
            (n, b, strict)
        })
        .collect()
}

#[test]
fn hostile_pdf_files() {
    let mut f = Failures::default();
    for (name, bytes, strict) in hostile_pdfs() {
        assert!(bytes.len() < 4 * 1024 * 1024, "{name}");
        hostile_single(name, &bytes, strict, &[], &mut f);
    }
    f.finish();
}

// =============================================================================================
// 7. truncated and bit-flipped copies of every sample format

struct XorShift(u64);

impl XorShift {
    fn new(seed: u64) -> Self {
        XorShift(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// One damaged copy: its name suffix, its bytes and the first damaged byte offset (the copy is
/// identical to the original before it).
struct Damaged {
    tag: String,
    bytes: Vec<u8>,
    first_damage: usize,
}

/// Truncations at 10 %, 50 %, 90 % and minus one byte; 20 single-byte flips; 5 copies with 8
/// flips each. Flip positions in `avoid` (the bytes right next to the planted ID in a text
/// format, where a digit would legitimately make it part of a longer number) are moved on.
fn damaged_copies(orig: &[u8], avoid: &[usize]) -> Vec<Damaged> {
    let n = orig.len();
    let mut out = Vec::new();
    for (tag, cut) in [
        ("cut10", n / 10),
        ("cut50", n / 2),
        ("cut90", n * 9 / 10),
        ("cut_1", n - 1),
    ] {
        out.push(Damaged {
            tag: tag.into(),
            bytes: orig[..cut].to_vec(),
            first_damage: cut,
        });
    }
    let variants = (1..=20u64)
        .map(|s| (format!("flip{s:02}"), s, 1))
        .chain((101..=105u64).map(|s| (format!("flips8_{s}"), s, 8)));
    for (tag, seed, flips) in variants {
        let mut rng = XorShift::new(seed);
        let mut b = orig.to_vec();
        let mut first = usize::MAX;
        for _ in 0..flips {
            let mut pos = rng.below(n);
            while avoid.contains(&pos) {
                pos = (pos + 2) % n;
            }
            let x = (rng.below(255) + 1) as u8;
            b[pos] ^= x;
            first = first.min(pos);
        }
        out.push(Damaged {
            tag,
            bytes: b,
            first_damage: first,
        });
    }
    out
}

fn find_bytes(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Scan the pristine file and its damaged copies in one process.
/// Containers: every copy is `review` or `block`. Text formats: every copy gets a report; a copy
/// damaged only after the ID must still show it (`block`), or be reported unreadable.
fn damaged_format(fmt: &str, ext: &str, orig: &[u8], id: &str, is_text: bool) -> Vec<String> {
    let mut f = Failures::default();
    let (avoid, id_range) = if is_text {
        let at = find_bytes(orig, id.as_bytes()).expect("ID in the text fixture");
        (
            vec![at.wrapping_sub(1), at + id.len()],
            Some((at, at + id.len())),
        )
    } else {
        (vec![], None)
    };
    let copies = damaged_copies(orig, &avoid);
    let d = tempfile::tempdir().unwrap();
    write(d.path(), &format!("{fmt}_orig.{ext}"), orig);
    for c in &copies {
        write(d.path(), &format!("{fmt}_{}.{ext}", c.tag), &c.bytes);
    }
    if let Some(keep) = std::env::var_os("BAOMI_HOSTILE_KEEP") {
        // reproduction aid: also leave the copies in that folder
        let keep = Path::new(&keep).join(format!("damaged_{fmt}"));
        write(&keep, &format!("{fmt}_orig.{ext}"), orig);
        for c in &copies {
            write(&keep, &format!("{fmt}_{}.{ext}", c.tag), &c.bytes);
        }
    }
    let m = scan_measured(&format!("damaged {fmt}"), d.path(), &[OsStr::new(".")]);
    let count = |v: &str| m.reports().iter().filter(|r| r["verdict"] == v).count();
    println!(
        "[hostile]     verdicts: block {}, review {}, pass {}",
        count("block"),
        count("review"),
        count("pass")
    );
    check_run(&m, MAX_GROUP_WALL, false, &[id.to_string()], &mut f);
    if m.exit.is_some() && m.reports().len() != copies.len() + 1 {
        f.push(format!(
            "damaged {fmt}: {} reports for {} files",
            m.reports().len(),
            copies.len() + 1
        ));
    }
    // the pristine copy
    if let Some(r) = m.report_ending(&format!("{fmt}_orig.{ext}")) {
        let ok = if fmt == "pdf" {
            r["verdict"] != "pass"
        } else {
            r["verdict"] == "block" && has(r, "personal_info", "cn_resident_id")
        };
        if !ok {
            f.push(format!("damaged {fmt}: pristine copy: {}", brief(r)));
        }
    }
    for c in &copies {
        let name = format!("{fmt}_{}.{ext}", c.tag);
        if !is_text {
            check_never_pass(&m, &name, &mut f);
            continue;
        }
        let Some(r) = m.report_ending(&name) else {
            if m.exit.is_some() {
                f.push(format!("damaged {fmt}: no report for {name}"));
            }
            continue;
        };
        let (_, id_end) = id_range.unwrap();
        if c.first_damage > id_end {
            let found = r["verdict"] == "block" && has(r, "personal_info", "cn_resident_id");
            let unreadable =
                r["verdict"] != "pass" && findings(r).iter().any(|x| x["category"] == "unreadable");
            if !found && !unreadable {
                f.push(format!(
                    "damaged {fmt}: {name} is damaged only after the intact ID (first damaged \
                     byte {}, ID ends at {id_end}) but the ID was not found: {}",
                    c.first_damage,
                    brief(r)
                ));
            }
        }
    }
    f.0
}

fn text_fixture_lines(id: &str) -> Vec<String> {
    let mut lines = vec![
        CLEAN_TITLE.to_string(),
        "各区县人民政府，市政府各部门：".into(),
    ];
    for i in 1..=5 {
        lines.push(format!(
            "{i}、为进一步改善城市生态环境，推进国土绿化，现就有关事项通知如下，请认真贯彻执行。"
        ));
    }
    lines.push(format!("联系人身份证号：{id}。"));
    for i in 6..=20 {
        lines.push(format!(
            "{i}、各单位要高度重视，精心组织，确保活动安全有序开展，并于月底前报送工作总结。"
        ));
    }
    lines.push("特此通知。".into());
    lines
}

fn csv_fixture(id: &str) -> String {
    let mut s = String::from("序号,姓名,单位,身份证号,备注\n");
    for i in 1..=8 {
        s.push_str(&format!("{i},张{i},市园林局,,义务植树\n"));
    }
    s.push_str(&format!("9,李四,市园林局,{id},义务植树\n"));
    for i in 10..=30 {
        s.push_str(&format!("{i},王{i},市林业局,,义务植树\n"));
    }
    s
}

#[test]
fn damaged_text_formats() {
    let ids = [
        resident_id("330102", "19680831", 611),
        resident_id("440106", "19991111", 622),
        resident_id("110105", "19900101", 633),
        resident_id("330106", "20010715", 644),
    ];
    let lines = text_fixture_lines(&ids[0]);
    let txt = lines.join("\n") + "\n";
    let csv_utf8 = csv_fixture(&ids[1]);
    let csv_gbk = gbk(&csv_fixture(&ids[2]));
    let html = html_page(
        "<!DOCTYPE html>",
        &text_fixture_lines(&ids[3])
            .iter()
            .map(|l| format!("<p>{l}</p>\n"))
            .collect::<String>(),
    );
    let mut all = Vec::new();
    all.extend(damaged_format("txt", "txt", txt.as_bytes(), &ids[0], true));
    all.extend(damaged_format(
        "csv_utf8",
        "csv",
        csv_utf8.as_bytes(),
        &ids[1],
        true,
    ));
    all.extend(damaged_format("csv_gbk", "csv", &csv_gbk, &ids[2], true));
    all.extend(damaged_format(
        "html",
        "html",
        html.as_bytes(),
        &ids[3],
        true,
    ));
    assert!(
        all.is_empty(),
        "{} failure(s):\n{}",
        all.len(),
        all.join("\n")
    );
}

#[test]
fn damaged_containers() {
    let ids: Vec<String> = (0..6)
        .map(|i| resident_id("330106", "19851230", 700 + i))
        .collect();
    let id_line = |id: &str| format!("身份证号：{id}");
    let docx = docx_with_body(&(para(CLEAN_TITLE) + &para(CLEAN_BODY) + &para(&id_line(&ids[0]))));
    let xlsx = xlsx_with_rows(&[
        vec!["序号".into(), "姓名".into(), "身份证号".into()],
        vec!["1".into(), "张三".into(), ids[1].clone()],
        vec!["2".into(), "李四".into(), String::new()],
    ]);
    let ods = ods_with_rows(&[
        vec!["序号".into(), "姓名".into(), "身份证号".into()],
        vec!["1".into(), "张三".into(), ids[2].clone()],
    ]);
    let ofd = ofd_with_lines(&[CLEAN_TITLE, CLEAN_BODY, &id_line(&ids[3])]);
    let zip = zip_of(&[
        (
            "说明.txt",
            format!("{CLEAN_TITLE}\n{CLEAN_BODY}\n").as_bytes(),
        ),
        (
            "名单.csv",
            format!("序号,姓名,身份证号\n1,张三,{}\n", ids[4]).as_bytes(),
        ),
    ]);
    // the ID on both pages, so a single flip cannot remove every copy of it
    let pdf = pdf_two_pages(
        &format!("Resident ID {}", ids[5]),
        &format!("ID number {}", ids[5]),
    );
    let mut all = Vec::new();
    for (fmt, bytes, id) in [
        ("docx", &docx, &ids[0]),
        ("xlsx", &xlsx, &ids[1]),
        ("ods", &ods, &ids[2]),
        ("ofd", &ofd, &ids[3]),
        ("zip", &zip, &ids[4]),
        ("pdf", &pdf, &ids[5]),
    ] {
        all.extend(damaged_format(fmt, fmt, bytes, id, false));
    }
    assert!(
        all.is_empty(),
        "{} failure(s):\n{}",
        all.len(),
        all.join("\n")
    );
}

// =============================================================================================
// 8. files that lie about their extension

fn png_bytes() -> Vec<u8> {
    let mut v = b"\x89PNG\r\n\x1a\n".to_vec();
    let chunk = |typ: &[u8], data: &[u8]| {
        let mut c = (data.len() as u32).to_be_bytes().to_vec();
        c.extend(typ);
        c.extend(data);
        c.extend(crc32(&[typ, data].concat()).to_be_bytes());
        c
    };
    v.extend(chunk(b"IHDR", &[0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]));
    v.extend(chunk(b"IDAT", &zlib_plain(&[0, 0])));
    v.extend(chunk(b"IEND", b""));
    v
}

fn elf_bytes() -> Vec<u8> {
    let mut v = b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\x3e\x00".to_vec();
    let mut rng = XorShift::new(77);
    v.extend((0..8192).map(|_| rng.next() as u8));
    v
}

#[test]
fn lying_extensions() {
    let mut f = Failures::default();
    let ids: Vec<String> = (0..4)
        .map(|i| resident_id("440305", "19851230", 800 + i))
        .collect();
    let id_line = |id: &str| format!("身份证号：{id}");
    // (name, bytes, the planted ID must be found: the content is a readable container)
    let cases: Vec<(&str, Vec<u8>, bool)> = vec![
        (
            "archive.txt",
            zip_of(&[(
                "名单.txt",
                format!("{CLEAN_TITLE}\n{}\n", id_line(&ids[0])).as_bytes(),
            )]),
            true,
        ),
        (
            "sheet.csv",
            xlsx_with_rows(&[
                vec!["姓名".into(), "身份证号".into()],
                vec!["张三".into(), ids[1].clone()],
            ]),
            true,
        ),
        (
            "letter.pdf",
            docx_with_body(&(para(CLEAN_TITLE) + &para(&id_line(&ids[2])))),
            true,
        ),
        ("image.docx", png_bytes(), false),
        ("program.txt", elf_bytes(), false),
        (
            "report.html",
            pdf_two_pages(
                &format!("Resident ID {}", ids[3]),
                &format!("Resident ID {}", ids[3]),
            ),
            false,
        ),
        ("image_named.xlsx", png_bytes(), false),
        ("program.csv", elf_bytes(), false),
    ];
    for (name, bytes, must_find) in &cases {
        let m = hostile_single(name, bytes, true, &ids, &mut f);
        if *must_find {
            if let Some(r) = m.report_ending(name) {
                if !(r["verdict"] == "block" && has(r, "personal_info", "cn_resident_id")) {
                    f.push(format!(
                        "{name}: the format is decided by content, so the planted ID inside must \
                         be found: {}",
                        brief(r)
                    ));
                }
            }
        }
    }
    f.finish();
}

// =============================================================================================
// 9. odd file-system objects: symlink loops, directory cycles, invalid UTF-8 names, a FIFO

#[test]
fn odd_file_system_objects() {
    use std::os::unix::fs::symlink;
    let mut f = Failures::default();
    let id = resident_id("330102", "19760229", 901);
    let d = tempfile::tempdir().unwrap();
    let dp = d.path();
    write(dp, "good.txt", format!("{CLEAN_TITLE}\n{CLEAN_BODY}\n"));
    // a → b → a, and a self loop
    symlink("b", dp.join("a")).unwrap();
    symlink("a", dp.join("b")).unwrap();
    symlink("self.txt", dp.join("self.txt")).unwrap();
    // a directory cycle
    std::fs::create_dir_all(dp.join("cycle/inner")).unwrap();
    symlink("..", dp.join("cycle/inner/up")).unwrap();
    symlink(".", dp.join("cycle/here")).unwrap();
    symlink(dp, dp.join("cycle/root")).unwrap();
    write(dp, "cycle/inner/note.txt", format!("{CLEAN_BODY}\n"));
    // a file name that is not UTF-8 (GBK bytes of 名单 plus raw 0xFF), holding the ID
    let bad_name = OsString::from_vec(b"\xc3\xfb\xb5\xa5\xff.txt".to_vec());
    std::fs::write(
        dp.join(&bad_name),
        format!("{CLEAN_TITLE}\n身份证号：{id}\n"),
    )
    .unwrap();
    // a FIFO: reading it would block forever; inside a folder it is not a regular file
    let fifo = std::ffi::CString::new(dp.join("pipe.txt").as_os_str().as_bytes()).unwrap();
    // SAFETY: plain libc call with a valid C string.
    assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o644) }, 0);

    let m = scan_measured("odd folder", dp, &[OsStr::new(".")]);
    check_run(
        &m,
        MAX_SINGLE_WALL,
        false,
        std::slice::from_ref(&id),
        &mut f,
    );
    if let Some(r) = m.report_ending("good.txt") {
        if r["verdict"] != "pass" {
            f.push(format!("odd folder: good.txt: {}", brief(r)));
        }
    } else if m.exit.is_some() {
        f.push("odd folder: no report for good.txt".into());
    }
    if m.exit.is_some() && m.report_ending("note.txt").is_none() {
        f.push("odd folder: cycle/inner/note.txt not scanned".into());
    }
    let bad = m.reports().into_iter().find(|r| {
        let p = r["item"]["path"].as_str().unwrap_or("");
        p.ends_with(".txt") && p.contains('\u{FFFD}')
    });
    match bad {
        Some(r) if !(r["verdict"] == "block" && has(r, "personal_info", "cn_resident_id")) => {
            f.push(format!("odd folder: invalid UTF-8 name: {}", brief(r)));
        }
        Some(_) => {}
        None if m.exit.is_some() => f.push(format!(
            "odd folder: no report for the file with an invalid UTF-8 name; have {:?}",
            m.reports()
                .iter()
                .map(|r| r["item"]["path"].clone())
                .collect::<Vec<_>>()
        )),
        None => {}
    }
    // everything else that got a report (symlinks, if ever followed; the FIFO) must not pass,
    // and the note must not have been reached twice through the cycle
    let mut notes = 0;
    for r in m.reports() {
        let p = r["item"]["path"].as_str().unwrap_or("");
        if p.ends_with("note.txt") {
            notes += 1;
            continue;
        }
        if p.ends_with("good.txt") || p.contains('\u{FFFD}') {
            continue;
        }
        if r["verdict"] == "pass" {
            f.push(format!("odd folder: {p} passes: {}", brief(r)));
        }
    }
    if notes > 1 {
        f.push(format!(
            "odd folder: note.txt reported {notes} times (a symlink cycle was followed)"
        ));
    }

    // named on the command line: the symlink loop is an item that cannot be read (review)
    for arg in ["a", "self.txt"] {
        let m = scan_measured(
            &format!("symlink loop {arg} as argument"),
            dp,
            &[OsStr::new(arg)],
        );
        check_run(&m, MAX_SINGLE_WALL, true, &[], &mut f);
        check_never_pass(&m, arg, &mut f);
    }
    // the directory cycle as the argument, and the invalid UTF-8 name as the argument
    let m = scan_measured("cycle dir as argument", dp, &[OsStr::new("cycle")]);
    if m.exit != Some(0) {
        f.push(format!(
            "cycle dir as argument: exit {:?}, expected 0 (only note.txt, clean); stderr: {}",
            m.exit,
            tail(&m.stderr, 2000)
        ));
    }
    if m.reports().len() != 1 {
        f.push(format!(
            "cycle dir as argument: {} reports, expected 1",
            m.reports().len()
        ));
    }
    let m = scan_measured(
        "invalid UTF-8 name as argument",
        dp,
        &[bad_name.as_os_str()],
    );
    check_run(&m, MAX_SINGLE_WALL, true, std::slice::from_ref(&id), &mut f);
    match m.reports().first() {
        Some(r) if r["verdict"] == "block" => {}
        other => f.push(format!(
            "invalid UTF-8 name as argument: {:?}",
            other.map(|r| brief(r))
        )),
    }
    f.finish();
}

// =============================================================================================
// 10. empty files

/// CONTRACT §2: a truncated input file gets an `unreadable` finding and at least `review`; a
/// 0-byte docx/xlsx/ods/ofd/zip/pdf is a truncated container.
#[test]
fn zero_byte_containers_are_not_pass() {
    let mut f = Failures::default();
    let d = tempfile::tempdir().unwrap();
    let exts = ["docx", "xlsx", "ods", "ofd", "zip", "pdf", "xls"];
    for e in exts {
        write(d.path(), &format!("empty.{e}"), b"");
    }
    let m = scan_measured("0-byte containers", d.path(), &[OsStr::new(".")]);
    check_run(&m, MAX_SINGLE_WALL, true, &[], &mut f);
    for e in exts {
        check_never_pass(&m, &format!("empty.{e}"), &mut f);
    }
    f.finish();
}

/// CONTRACT §5 (review): "a text-free item that should have text". A 0-byte txt/csv/html/md
/// draft submitted for publication has no text at all.
#[test]
fn zero_byte_text_files_are_not_pass() {
    let mut f = Failures::default();
    let d = tempfile::tempdir().unwrap();
    let exts = ["txt", "csv", "html", "md"];
    for e in exts {
        write(d.path(), &format!("empty.{e}"), b"");
    }
    let m = scan_measured("0-byte text files", d.path(), &[OsStr::new(".")]);
    check_run(&m, MAX_SINGLE_WALL, true, &[], &mut f);
    for e in exts {
        check_never_pass(&m, &format!("empty.{e}"), &mut f);
    }
    f.finish();
}
